"""Readers: seeds, encodings, HTML, JSON Lines, failures, offsets back into the original."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import jsonschema
import pytest

from nlp_extract.readers import (
    READERS,
    SUPPORTED_SUFFIXES,
    Article,
    ReadFailure,
    learn_corpus_boilerplate,
    read_path,
    source_offset,
)
from nlp_extract.readers.decode import decode_bytes, russian_score
from nlp_extract.readers.html import decode_html, extract
from nlp_extract.structure import split_lines

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures_readers"
SEED_1 = SAMPLES / "000_a5760198d369cf0a.txt"
SEED_2 = SAMPLES / "002_0aca802ec92ce916.txt"
HTML = FIXTURES / "news.html"


def read_one(path: Path, root: Path | None = None, **kwargs) -> Article | ReadFailure:
    results = list(read_path(path, root or path.parent, **kwargs))
    assert len(results) == 1, results
    return results[0]


def article(path: Path, **kwargs) -> Article:
    result = read_one(path, **kwargs)
    assert isinstance(result, Article), result
    return result


# ---------------------------------------------------------------- seeds

SEEDS = [
    # path, title, published, outlet (seed 1 names URA.RU only in a photo credit: no outlet)
    (SEED_1, "Сотрудники свердловской опеки попали под тотальную слежку", "2024-07-25T18:33:00",
     None),
    (SEED_2, "Тюменские чиновники не справляются с работой по удаленке", None, "URA.RU"),
]
ONCE = {  # body sentences that must be in the text exactly once
    SEED_1: ["В органах опеки Кировского района Екатеринбурга начали устанавливать",
             "Редакция URA.RU направила официальный запрос",
             "— отметили в ведомстве.",
             "включая неприемлемое поведение или агрессию со стороны опекунов."],
    SEED_2: ["Ранее жители Тюмени пожаловались",
             "Органы социальной защиты не справляются с потоком телефонных обращений",
             "Личный прием граждан по оказанию госуслуг приостановлен до 28 марта",
             "торговые центры и медучреждения."],
}
NEVER = ["Сохрани номер", "Размер текста", "{{author", "Фото:", "Комментарии",
         "Не дадут даже чаю попить", "Все регионы", "Загрузка", "Расскажите о новости",
         "Перейти к комментариям", "Хотите быть в курсе", "На почту выслано", "©", "Надпись",
         "Личные приемы граждан отменили до конца марта", "18:33"]
PART_KINDS = {
    SEED_1: {"navigation", "caption", "promo", "comment", "debris"},
    SEED_2: {"credit", "debris", "caption", "promo", "duplicate", "template"},
}


@pytest.mark.parametrize(("path", "title", "published", "outlet"), SEEDS,
                         ids=["seed1", "seed2"])
def test_seed_title_date_outlet(path: Path, title: str, published: str | None,
                                outlet: str | None) -> None:
    doc = article(path)
    assert doc.meta["title"] == title
    assert doc.meta.get("published") == published
    assert doc.meta.get("outlet") == outlet
    assert doc.meta["reader"] == "txt" and doc.meta["encoding"] == "utf-8"
    assert doc.text.startswith(title + "\n\n")
    assert doc.id == path.stem and doc.source and len(doc.source["sha256"]) == 64


@pytest.mark.parametrize("path", [SEED_1, SEED_2], ids=["seed1", "seed2"])
def test_seed_body_once_and_no_furniture(path: Path) -> None:
    doc = article(path)
    for sentence in ONCE[path]:
        assert doc.text.count(sentence) == 1, sentence
    for junk in NEVER:
        assert junk not in doc.text, junk
    assert "\n\n\n" not in doc.text


@pytest.mark.parametrize("path", [SEED_1, SEED_2], ids=["seed1", "seed2"])
def test_seed_parts_slice_the_original(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    doc = article(path)
    assert {part.kind for part in doc.parts} == PART_KINDS[path]
    for part in doc.parts:
        assert raw[part.start:part.end] == part.text
    by_text = {part.text: part.kind for part in doc.parts}
    expected = {
        SEED_1: {"Все регионы": "navigation", "Комментарии": "comment", "Опека": "comment",
                 "Не дадут даже чаю попить …": "comment",
                 "Сохрани номер URA.RU - сообщи новость первым!": "promo",
                 "Перейти к комментариям": "debris"},
        SEED_2: {"© Служба новостей «URA.RU»": "credit", "Размер текста": "debris", "+": "debris",
                 "Надпись \"закрыто\". Екатеринбург, закрытая дверь, прохода нет, закрыто":
                 "caption",
                 "{{author.id ? author.name : author.author}}": "template",
                 "Загрузка...": "debris"},
    }[path]
    for text, kind in expected.items():
        assert by_text[text] == kind, text
    duplicates = [part for part in doc.parts if part.kind == "duplicate"]
    if path == SEED_2:  # the body joined into one line
        assert len(duplicates) == 1 and "Ранее жители Тюмени пожаловались" in duplicates[0].text


@pytest.mark.parametrize("path", [SEED_1, SEED_2], ids=["seed1", "seed2"])
def test_seed_nothing_lost(path: Path) -> None:
    """Every non-blank line of the original is either in the text (origin) or in a part."""
    raw = path.read_text(encoding="utf-8")
    doc = article(path)
    in_text = {source_start for _, source_start, _ in doc.origin}
    in_parts = {part.start for part in doc.parts}
    for line in split_lines(raw):
        assert (line.start in in_text) != (line.start in in_parts), line.text


@pytest.mark.parametrize(("path", "probe"), [
    (SEED_1, "Ранее URA.RU сообщало"),
    (SEED_2, "Ранее жители Тюмени пожаловались"),
    (SEED_2, "Тюменские чиновники"),
    (SEED_2, "ЧС Тюмень"),
])
def test_origin_maps_back_to_the_original(path: Path, probe: str) -> None:
    raw = path.read_text(encoding="utf-8").replace("\xa0", " ")  # text has plain spaces, 1:1
    doc = article(path)
    at = doc.text.index(probe)
    assert source_offset(doc, at) == raw.index(probe)
    for step in range(len(probe)):  # every character of the span maps one to one
        assert source_offset(doc, at + step) == raw.index(probe) + step
    gap = doc.text.index("\n\n")
    assert source_offset(doc, gap) is None  # the blank line joining title and body was added


def test_parts_and_meta_fit_the_record_schema() -> None:
    """The record contract (nlp_extract/schema.json): offsets are non-negative integers."""
    schema = json.loads((ROOT / "nlp_extract" / "schema.json").read_text(encoding="utf-8"))
    parts_schema = {**schema["properties"]["parts"], "$defs": schema.get("$defs", {})}
    for path in [SEED_1, SEED_2, HTML]:
        doc = article(path)
        jsonschema.validate([part.to_dict() for part in doc.parts], parts_schema)
        json.dumps(doc.meta)  # meta is plain JSON
        assert all(isinstance(value, int) and value >= 0 for seg in doc.origin for value in seg)


def test_seeds_are_deterministic() -> None:
    first, second = article(SEED_2), article(SEED_2)
    assert (first.text, first.meta, first.parts, first.origin) == (
        second.text, second.meta, second.parts, second.origin)


# ---------------------------------------------------------------- encodings

RUSSIAN = ("Губернатор Тюменской области открыл новый мост\n\n"
           "Движение по мосту через Туру запустили в четверг. «Мост разгрузит центр», — заявил "
           "губернатор Александр Моор.\n")
ENCODINGS = [
    # file bytes, expected meta.encoding
    (RUSSIAN.encode("cp1251"), "cp1251"),
    (RUSSIAN.replace("«", '"').replace("»", '"').replace("—", "-").encode("koi8_r"), "koi8-r"),
    (RUSSIAN.encode("utf-16"), "utf-16"),
    (RUSSIAN.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"), "utf-8-sig"),
    (RUSSIAN.encode("utf-8"), "utf-8"),
    (RUSSIAN.replace("\n", "\r\n").encode("cp1251"), "cp1251"),
]


@pytest.mark.parametrize(("data", "encoding"), ENCODINGS,
                         ids=[name for _, name in ENCODINGS[:-1]] + ["cp1251-crlf"])
def test_encodings_are_detected_from_bytes(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    doc = article(path)
    assert doc.meta["encoding"] == encoding
    assert doc.meta["title"] == "Губернатор Тюменской области открыл новый мост"
    assert "Движение по мосту через Туру запустили в четверг." in doc.text
    decoded, _ = decode_bytes(data)
    at = doc.text.index("Движение")
    assert source_offset(doc, at) == decoded.index("Движение")


SHORT = ["Привет мир", "Мэр Тюмени", "Шёл дождь", "Путин посетил Тюмень.", "Съезд открылся",
         "Новости дня", "МВД сообщило", "Цены выросли на 5%", "номер URA.RU -"]


@pytest.mark.parametrize("text", SHORT)
@pytest.mark.parametrize("codec", ["cp1251", "koi8_r", "utf-16-le"])
def test_short_russian_texts_decode_right(text: str, codec: str) -> None:
    decoded, _ = decode_bytes(text.encode(codec))
    assert decoded == text


def test_russian_score_prefers_the_right_reading() -> None:
    data = "Сотрудники свердловской опеки".encode("koi8_r")
    assert russian_score(data.decode("koi8_r")) > russian_score(data.decode("cp1251"))


def test_html_declared_charset_wins(tmp_path: Path) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            "</head><body><h1>Мост открыт</h1><p>Мост через Туру открыли.</p></body></html>")
    text, encoding = decode_html(page.encode("cp1251"))
    assert text == page and encoding == "cp1251"


# ---------------------------------------------------------------- HTML


def test_html_page_text_and_metadata() -> None:
    doc = article(HTML)
    assert doc.meta["reader"] == "html" and doc.meta["encoding"] == "utf-8"
    assert doc.meta["title"] == "В Тюмени открыли новый мост через Туру"
    assert doc.meta["published"] == "2024-07-25T18:33:00+05:00"
    assert doc.meta["url"] == "https://vesti-sibiri.example/news/2024/07/25/most"
    assert doc.meta["outlet"] == "Вести Сибири"
    assert doc.text.startswith("В Тюмени открыли новый мост через Туру\n\nГубернатор")
    for sentence in ["Строительство заняло три года", "«Мост разгрузит центр Тюмени",
                     "в 2025 году рядом с мостом построят парковку"]:
        assert doc.text.count(sentence) == 1
    for junk in ["Главная", "Поиск", "Подписывайтесь", "Сохрани номер", "Все права",
                 "Поделиться", "window.dataLayer", "font-family", "&laquo;", "&nbsp;"]:
        assert junk not in doc.text


@pytest.mark.parametrize("probe", ["Губернатор Тюменской", "Мост разгрузит", "2025 году",
                                   "В Тюмени открыли новый мост через Туру</h1>"])
def test_html_origin_points_into_the_page_source(probe: str) -> None:
    source = HTML.read_text(encoding="utf-8")
    doc = article(HTML)
    words = probe.removesuffix("</h1>")
    assert source_offset(doc, doc.text.index(words)) == source.index(probe)


def test_html_parts_point_into_the_page_source() -> None:
    source = HTML.read_text(encoding="utf-8")
    doc = article(HTML)
    credit = "Фото: пресс-служба губернатора Тюменской области"
    assert [(p.kind, p.text) for p in doc.parts] == [("credit", credit)]
    assert source[doc.parts[0].start:doc.parts[0].end] == credit and credit not in doc.text


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "tiny.htm"
    path.write_text("<html><body><nav>Главная</nav><p>Путин посетил Тюмень.</p></body></html>",
                    encoding="utf-8")
    doc = article(path)
    assert doc.text == "Путин посетил Тюмень."
    assert doc.meta["reader"] == "html"
    extracted = extract("<html><body><script>x()</script></body></html>")
    assert extracted.text.strip() == "" and extracted.meta["extractor"] == "fallback"


def test_html_without_text_fails(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title></title></head><body><script>x()</script></body></html>",
                    encoding="utf-8")
    result = read_one(path)
    assert isinstance(result, ReadFailure) and "without any visible text" in result.reason


# ---------------------------------------------------------------- JSON Lines

JSONL = FIXTURES / "corpus.jsonl"


def test_jsonl_good_and_bad_lines() -> None:
    results = list(read_path(JSONL, FIXTURES))
    articles = {r.id: r for r in results if isinstance(r, Article)}
    failures = {r.line: r.reason for r in results if isinstance(r, ReadFailure)}
    assert list(articles) == ["corpus/a1", "corpus/line-5", "corpus/8"]
    assert sorted(failures) == [2, 3, 6, 7, 8]
    expected = {2: "not valid JSON", 3: 'no "text" field', 6: "empty or non-string",
                7: "not a JSON object", 8: "repeats the id of line 1"}
    for line, words in expected.items():
        assert words in failures[line] and f"line {line}" in failures[line]
    assert all(r.id == "corpus" and r.path.endswith("corpus.jsonl")
               for r in results if isinstance(r, ReadFailure))


def test_jsonl_clean_record_passes_unchanged() -> None:
    docs = {r.id: r for r in read_path(JSONL, FIXTURES) if isinstance(r, Article)}
    first = docs["corpus/a1"]
    assert first.text == "Путин посетил Тюмень. Он встретился с губернатором Александром Моором."
    assert first.parts == [] and source_offset(first, 6) == 6
    assert first.meta == {
        "reader": "jsonl", "encoding": "utf-8", "line": 1, "record_id": "a1",
        "title": "Путин посетил Тюмень", "published": "2024-07-25T18:33:00",
        "url": "https://example.ru/a1", "extra": {"source": "ТАСС", "lang": "ru"},
        "provenance": {"title": "input", "published": "input", "url": "input"},
    }
    assert docs["corpus/8"].text == ("Мэр Екатеринбурга Алексей Орлов открыл сквер.\n"
                                     "Его благоустроили за год.")


def test_jsonl_scraped_record_is_cleaned() -> None:
    doc = next(r for r in read_path(JSONL, FIXTURES) if r.id == "corpus/line-5")
    assert isinstance(doc, Article)
    assert doc.text == ("Тюменские чиновники не справляются с работой по удаленке\n\n"
                        "Органы социальной защиты не справляются с потоком обращений от жителей "
                        "Тюмени.")
    assert {p.kind for p in doc.parts} == {"credit", "debris", "promo"}
    assert doc.meta["outlet"] == "URA.RU" and doc.meta["line"] == 5



def test_html_references_in_txt_and_jsonl_are_decoded(tmp_path: Path) -> None:
    """Text copied out of a feed keeps «&quot;»: read as the quote it stands for, in a clean
    JSONL record too (it would otherwise pass unchanged), offsets still into the raw text."""
    body = "Газета &quot;Известия&quot; пишет, что Роскомнадзор за&nbsp;год закрыл сайты."
    (tmp_path / "a.txt").write_text("Заголовок\n\n" + body, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "1", "text": body}) + "\n",
                                      encoding="utf-8")
    wanted = 'Газета "Известия" пишет, что Роскомнадзор за год закрыл сайты.'
    txt = next(iter(read_path(tmp_path / "a.txt", tmp_path)))
    jsonl = next(iter(read_path(tmp_path / "b.jsonl", tmp_path)))
    assert isinstance(txt, Article) and isinstance(jsonl, Article)
    assert txt.text == "Заголовок\n\n" + wanted and jsonl.text == wanted
    at = jsonl.text.index("Роскомнадзор")
    assert source_offset(jsonl, at) == body.index("Роскомнадзор")

# ---------------------------------------------------------------- failures

FAILURES = [
    # file name, bytes, words in the reason
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\r\n  ", "only whitespace"),
    ("blank16.txt", "   \n ".encode("utf-16"), "only whitespace"),
    ("binary.txt", bytes(range(256)) * 4, "binary content"),
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary content"),
    ("bad-bom.txt", codecs.BOM_UTF8 + b"\xff\xfe\xfd broken", "byte-order mark"),
    ("empty.jsonl", b"", "empty file"),
    ("data.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
]


@pytest.mark.parametrize(("name", "data", "reason"), FAILURES, ids=[f[0] for f in FAILURES])
def test_bad_input_is_a_failure_not_an_exception(tmp_path: Path, name: str, data: bytes,
                                                 reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = read_one(path, tmp_path)
    assert isinstance(result, ReadFailure)
    assert reason in result.reason
    assert result.path == str(path) and result.id == Path(name).stem


def test_unreadable_paths_are_failures(tmp_path: Path) -> None:
    missing = read_one(tmp_path / "missing.txt", tmp_path)
    assert isinstance(missing, ReadFailure) and "cannot read file" in missing.reason
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    result = read_one(folder, tmp_path)
    assert isinstance(result, ReadFailure) and "directory" in result.reason


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == frozenset({".txt", ".html", ".htm", ".jsonl"}) == set(READERS)


def test_read_path_old_signature_and_ids(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b.txt"
    nested.parent.mkdir()
    nested.write_text("Путин посетил Тюмень.", encoding="utf-8")
    doc = read_one(nested, tmp_path)
    assert isinstance(doc, Article)
    assert doc.id == "a/b" and doc.text == "Путин посетил Тюмень." and doc.origin == [(0, 0, 21)]


def test_learned_boilerplate_reaches_read_path(tmp_path: Path) -> None:
    paths = []
    for number, town in enumerate(["Тюмени", "Кургане", "Омске", "Сургуте"]):
        path = tmp_path / f"{number}.txt"
        path.write_text(f"Заголовок новости о {town}\n\nНаш партнёр: магазин у дома ждёт вас\n\n"
                        f"Сегодня в {town} случилось событие, сообщили власти.\n", encoding="utf-8")
        paths.append(path)
    learned = learn_corpus_boilerplate(paths)
    assert learned == {"наш партнер: магазин у дома ждет вас"}
    plain = article(paths[0])
    cleaned = article(paths[0], boilerplate=learned)
    assert "Наш партнёр" in plain.text and "Наш партнёр" not in cleaned.text
    assert [p.kind for p in cleaned.parts] == ["promo"]
    assert cleaned.text == "Заголовок новости о Тюмени\n\nСегодня в Тюмени случилось событие, сообщили власти."
