"""Structure step: dates, line kinds, headline, duplicates, comments, learned boilerplate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_extract.structure import (
    classify_line,
    dateline,
    learn_boilerplate,
    merge_segments,
    normalise_line,
    offset_in_source,
    outlet_from_credit,
    parse_date,
    split_lines,
    structure_text,
)

STRUCTURE = Path(__file__).resolve().parent.parent / "nlp_extract" / "structure"

DATES = [
    # written form | ISO 8601
    ("18:33\u00a0\u00a0 25\u00a0июля\u00a0 2024", "2024-07-25T18:33:00"),
    ("18:33   25 июля 2024", "2024-07-25T18:33:00"),
    ("25.07.2024 18:33", "2024-07-25T18:33:00"),
    ("25.07.2024, 18:33", "2024-07-25T18:33:00"),
    ("25 июля 2024 года", "2024-07-25"),
    ("25 июля 2024, 18:33", "2024-07-25T18:33:00"),
    ("Опубликовано: 1 марта 2020 г. в 09:05 мск", "2020-03-01T09:05:00"),
    ("3 мая 2023", "2023-05-03"),
    ("12 дек. 2021", "2021-12-12"),
    ("25/07/2024", "2024-07-25"),
    ("25.07.24", "2024-07-25"),
    ("2024-07-25", "2024-07-25"),
    ("2024-07-25T18:33:00", "2024-07-25T18:33:00"),
    ("2024-07-25T18:33:00+05:00", "2024-07-25T18:33:00+05:00"),
    ("2024-07-25T13:33:00Z", "2024-07-25T13:33:00+00:00"),
    ("2024-07-25 18:33", "2024-07-25T18:33:00"),
    ("31.02.2024", None),
    ("25 июля", None),
    ("Сегодня, 18:33", None),
    ("Путин посетил Тюмень", None),
]


@pytest.mark.parametrize(("written", "iso"), DATES)
def test_parse_date(written: str, iso: str | None) -> None:
    assert parse_date(written) == iso


DATELINES = [
    # line | is a dateline | ISO
    ("18:33   25 июля 2024", True, "2024-07-25T18:33:00"),
    ("Обновлено 26.07.2024 в 10:00", True, "2024-07-26T10:00:00"),
    ("Вчера в 18:33", True, None),
    ("25 июля 2024 года губернатор открыл мост", False, None),
]


@pytest.mark.parametrize(("line", "is_dateline", "iso"), DATELINES)
def test_dateline(line: str, is_dateline: bool, iso: str | None) -> None:
    assert dateline(line) == (is_dateline, iso)


LINE_KINDS = [
    # line | kind (None: may be article text)
    ("Все регионы", "navigation"),
    ("Главная › Новости › Общество", "navigation"),
    ("Размер текста", "debris"),
    ("Загрузка...", "debris"),
    ("-", "debris"),
    ("17", "debris"),
    ("+", "debris"),
    ("Расскажите о новости друзьям", "debris"),
    ("Перейти к комментариям", "debris"),
    ("Нашли ошибку? Выделите ее и нажмите Ctrl+Enter", "debris"),
    ("{{author.id ? author.name : author.author}}", "template"),
    ("© Служба новостей «URA.RU»", "credit"),
    ("Фото: Анна Майорова © URA.RU", "credit"),
    ("Источник: РИА Новости", "credit"),
    ("За сотрудниками органов опеки будут следить камеры (архивное фото) Фото: Анна Майорова "
     "© URA.RU", "caption"),
    ("Личные приемы граждан отменили до конца марта Фото:", "caption"),
    ("Сохрани номер URA.RU - сообщи новость первым!", "promo"),
    ("Хотите быть в курсе всех главных новостей Тюмени и области? Подписывайтесь на "
     "telegram-канал «Темы Тюмени»!", "promo"),
    ("Все главные новости России и мира - в одном письме: подписывайтесь на нашу рассылку!",
     "promo"),
    ("На почту выслано письмо с ссылкой. Перейдите по ней, чтобы завершить процедуру подписки.",
     "promo"),
    ("Читайте нас в Дзене", "promo"),
    ("Теги: Тюмень, соцзащита", "tag"),
    ("Тюменские чиновники не справляются с работой по удаленке", None),
    ("Губернатор опубликовал видео и фото с места событий.", None),
    ("Ранее жители Тюмени пожаловались, что по единому номеру невозможно дозвониться.", None),
    ("Подписка на газеты подорожала на 10%, сообщили в «Почте России», и это затронет "
     "миллионы читателей по всей стране, которые получают прессу по почте каждый день, "
     "особенно пожилых людей в сёлах, где нет интернета и других источников новостей, "
     "как отмечают эксперты отрасли и представители региональных изданий, выпускающих "
     "газеты тиражом в несколько тысяч экземпляров", None),
]


@pytest.mark.parametrize(("line", "kind"), LINE_KINDS)
def test_classify_line(line: str, kind: str | None) -> None:
    assert classify_line(line, normalise_line(line)) == kind


def test_split_lines_keeps_offsets() -> None:
    raw = "\ufeff  Заголовок \r\n\r\n\tПервый абзац.\u00a0\nвторая строка\n\n\n Конец"
    lines = split_lines(raw)
    assert [(line.text, line.block) for line in lines] == [
        ("Заголовок", 0), ("Первый абзац.", 1), ("вторая строка", 1), ("Конец", 2)]
    for line in lines:
        assert raw[line.start:line.end] == line.text


def test_normalise_line() -> None:
    assert normalise_line("  Комментарии (12)  ") == "комментарии (00"
    assert normalise_line("Ещё\u00a0 ОДНА  строка!") == "еще одна строка"


CLEAN = [
    "Путин посетил Тюмень.",
    "   Путин посетил Тюмень.   \n",
    "Тюмень",
    "Сохрани номер URA.RU - сообщи новость первым!",
    "Глава государства прибыл в Тюмень утром. Он осмотрел новый мост.\n\n"
    "Затем Путин встретился с губернатором Александром Моором. Они обсудили развитие региона.\n\n"
    "Визит продлится два дня.",
    "Первая строка длинного абзаца, который был\nперенесён на несколько строк при сохранении,\n"
    "как это бывает в старых текстах.\n\nВторой абзац про Тюмень.",
    "Что будет с ценами на бензин? Отвечают эксперты\n\nЦены растут. Рост продолжится.",
]


@pytest.mark.parametrize("raw", CLEAN)
def test_clean_input_keeps_every_sentence(raw: str) -> None:
    result = structure_text(raw)
    assert result.parts == []
    assert result.text.split() == raw.split()
    assert result.text.strip() == result.text and result.text


def test_single_line_stays_as_is() -> None:
    result = structure_text("Путин посетил Тюмень.")
    assert result.text == "Путин посетил Тюмень."
    assert result.origin == [(0, 0, 21)] and result.meta == {}


def test_only_furniture_still_gives_text() -> None:
    assert structure_text("Размер текста\n-\n17\n+").text
    assert structure_text("").text == ""
    assert structure_text(" \n\t\n").text == ""


PAGE = """Общество
Главная › Новости › Общество
Опубликовано 3 мая 2023 в 12:05

Мэр Кургана Елена Ситникова открыла сквер

Сквер открыли в центре. Фото: Иван Иванов © Курган.ру
Фото: Иван Иванов

Мэр Кургана Елена Ситникова открыла новый сквер на улице Ленина. На благоустройство потратили
12 млн рублей.

«Это подарок горожанам», — сказала Ситникова.
Поделиться

Мэр Кургана Елена Ситникова открыла новый сквер на улице Ленина. На благоустройство потратили 12 млн рублей. «Это подарок горожанам», — сказала Ситникова.

Теги:
Курган
сквер

Комментарии (2)
Иван
Наконец-то!
Ответить
Пётр
А деревья где?
Поделиться
© 2023 Курган.ру. Все права защищены.
"""


def test_generic_page() -> None:
    result = structure_text(PAGE)
    assert result.meta == {"title": "Мэр Кургана Елена Ситникова открыла сквер",
                           "published": "2023-05-03T12:05:00", "outlet": "Курган.ру",
                           "provenance": {"title": "body", "published": "dateline",
                                          "outlet": "byline"}}
    assert result.text == (
        "Мэр Кургана Елена Ситникова открыла сквер\n\n"
        "Мэр Кургана Елена Ситникова открыла новый сквер на улице Ленина. На благоустройство "
        "потратили\n12 млн рублей.\n\n"
        "«Это подарок горожанам», — сказала Ситникова.")
    kinds = {part.text: part.kind for part in result.parts}
    assert kinds == {
        "Общество": "navigation", "Главная › Новости › Общество": "navigation",
        "Опубликовано 3 мая 2023 в 12:05": "navigation",
        "Сквер открыли в центре. Фото: Иван Иванов © Курган.ру": "caption",
        "Фото: Иван Иванов": "credit", "Поделиться": "debris",
        "Мэр Кургана Елена Ситникова открыла новый сквер на улице Ленина. На благоустройство "
        "потратили 12 млн рублей. «Это подарок горожанам», — сказала Ситникова.": "duplicate",
        "Теги:": "tag", "Курган": "tag", "сквер": "tag", "Комментарии (2)": "comment",
        "Иван": "comment", "Наконец-то!": "comment", "Ответить": "debris", "Пётр": "comment",
        "А деревья где?": "comment", "© 2023 Курган.ру. Все права защищены.": "credit",
    }
    for part in result.parts:
        assert PAGE[part.start:part.end] == part.text


RIA = """РИА Новости
Политика
Путин провел совещание с членами Совбеза
12:45 15.03.2024 (обновлено: 13:10 15.03.2024)
© РИА Новости / Сергей Бобылев
Перейти в фотобанк
МОСКВА, 15 мар - РИА Новости. Президент России Владимир Путин провел совещание с членами Совбеза.
Глава государства обсудил с участниками ситуацию в регионах.
Читать ria.ru в
Telegram
"""
LENTA = """Лента.ру
Экономика
Рубль подешевел к доллару
Фото: Алексей Смышляев / Коммерсантъ
Курс рубля снизился на открытии торгов Московской биржи в понедельник, 18 марта.
Доллар подорожал до 92 рублей.
Материалы по теме:
Аналитики назвали причины ослабления рубля
Что будет с рублем в 2024 году?
Подпишитесь на «Ленту.ру» в MAX
Ссылки по теме
"""
OTHER_SITES = [
    # page | title | published | number of body lines
    (RIA, "Путин провел совещание с членами Совбеза", "2024-03-15T12:45:00", 2),
    (LENTA, "Рубль подешевел к доллару", None, 2),
]


@pytest.mark.parametrize(("page", "title", "published", "body_lines"), OTHER_SITES,
                         ids=["ria-like", "lenta-like"])
def test_other_site_layouts(page: str, title: str, published: str | None,
                            body_lines: int) -> None:
    result = structure_text(page)
    assert result.meta["title"] == title and result.meta.get("published") == published
    head, body = result.text.split("\n\n")
    assert head == title and len(body.splitlines()) == body_lines
    assert all(line.endswith(".") for line in body.splitlines())


def test_body_printed_twice_line_by_line() -> None:
    body = "Первый абзац новости о Тюмени.\n\nВторой абзац новости о Тюмени."
    result = structure_text(f"Заголовок новости о Тюмени\n\n{body}\n\n{body}")
    assert result.text == f"Заголовок новости о Тюмени\n\n{body}"
    assert [part.kind for part in result.parts] == ["duplicate", "duplicate"]


def test_lines_differing_in_numbers_are_not_duplicates() -> None:
    raw = "Итоги дня\n\n" + "\n\n".join(f"В {n} часов в Тюмени было {n} градусов." for n in range(6))
    result = structure_text(raw)
    assert result.parts == [] and result.text.split() == raw.split()


def test_joined_copy_before_the_paragraphs() -> None:
    first = "Первый абзац новости о Тюмени, довольно длинный."
    second = "Второй абзац новости о Тюмени, тоже длинный."
    result = structure_text(f"Заголовок новости\n\n{first} {second}\n\n{first}\n\n{second}")
    assert result.text == f"Заголовок новости\n\n{first}\n\n{second}"
    assert [part.kind for part in result.parts] == ["duplicate"]


CAPTIONS = [
    # page | caption lines
    ("Мост открыт\n\nМост через Туру\nВид с набережной. Фото: Иван Иванов\n\nМост открыли утром.",
     ["Мост через Туру", "Вид с набережной. Фото: Иван Иванов"]),
    ("Мост открыт\n\nМост открыли утром.\nВид с воды\nВид с набережной. Фото: Иван Иванов\n\nХорошо.",
     ["Вид с набережной. Фото: Иван Иванов"]),  # the article already started: not a caption
    ("Мост открыт\n\nВид с воды\nВид с набережной. Фото: Иван Иванов", ["Вид с набережной. Фото: Иван Иванов"]),
    ("Сайт Новостей\nМост через Туру открыли после ремонта\nФото: Иван Иванов\nМост открыли утром.",
     ["Сайт Новостей", "Фото: Иван Иванов"]),  # a headline above a bare credit stays the headline
]


@pytest.mark.parametrize(("page", "captions"), CAPTIONS)
def test_lines_above_a_photo_credit(page: str, captions: list[str]) -> None:
    result = structure_text(page)
    assert [part.text for part in result.parts] == captions
    assert all(caption not in result.text for caption in captions)


def test_comments_header_before_the_body_is_a_counter() -> None:
    result = structure_text("Комментарии (5)\nВласти Тюмени открыли мост\n\nМост открыли утром.")
    assert result.text == "Власти Тюмени открыли мост\n\nМост открыли утром."
    assert [(part.kind, part.text) for part in result.parts] == [("debris", "Комментарии (5)")]


def test_given_title_is_put_first() -> None:
    result = structure_text("Мост открыли утром.", title="Власти Тюмени открыли мост")
    assert result.text == "Власти Тюмени открыли мост\n\nМост открыли утром."
    assert offset_in_source(result.origin, 0) is None
    assert offset_in_source(result.origin, result.text.index("Мост")) == 0


def test_no_break_spaces_become_spaces_one_for_one() -> None:
    raw = "Заголовок\u00a0новости\n\nМэр\u00a0Тюмени открыл мост."
    result = structure_text(raw)
    assert result.text == "Заголовок новости\n\nМэр Тюмени открыл мост."
    at = result.text.index("Тюмени")
    assert offset_in_source(result.origin, at) == raw.index("Тюмени")



def test_runs_of_spaces_become_one_space_mapped_back_to_the_source(extractor) -> None:
    """A scraped page's double spaces and tabs between words are one space in ``text`` (spaCy
    made each a space token, and «МИД  России» lost its country, «управления связей  с
    общественностью» its tail); each mention's ``source_start``/``source_end`` still slice
    its words out of the page."""
    raw = ("Протест МИДа\n\nОб этом сообщил начальник управления связей  с общественностью "
           "Вооруженных сил Украины.  В МИД  России заявили\tпротест.")
    result = structure_text(raw)
    assert result.text == ("Протест МИДа\n\nОб этом сообщил начальник управления связей с "
                           "общественностью Вооруженных сил Украины. В МИД России заявили "
                           "протест.")
    for word in ("общественностью", "России", "протест"):
        assert offset_in_source(result.origin, result.text.index(word)) == raw.index(word)
    record = extractor.extract(raw, structure=True).to_dict()
    orgs = {entity["name"]: entity["key"] for entity in record["entities"]
            if entity["label"] == "ORG"}
    assert orgs["МИД России"] == "org:Министерство иностранных дел|RU"
    assert "управление связей с общественностью Вооруженных сил Украины" in orgs
    sliced = {raw[m["source_start"]:m["source_end"]] for m in record["mentions"]}
    assert {"МИД  России", "управления связей  с общественностью Вооруженных сил Украины"} <= \
        sliced


@pytest.mark.parametrize(("lines", "text"), [
    ("Министерство\nфинансов области сообщило.", "Министерство финансов области сообщило."),
    ("управления связей с\nобщественностью ВСУ", "управления связей с общественностью ВСУ"),
    ("Участники встречи:\nИван Петров,\nПётр Иванов", None),  # capitals: one a line
    ("Это конец.\nновая строка", None),  # a sentence ended before the break
])
def test_a_hard_wrapped_sentence_is_joined_by_a_space(lines: str, text: str | None) -> None:
    """Lines of one paragraph: a sentence going on in lowercase after the break is joined with
    a space (spaCy made the break a token, and «Министерство\nфинансов» lost its head);
    other breaks stay line breaks."""
    raw = "Заголовок новости\n\n" + lines + "\n\nВторой абзац статьи о том же."
    body = structure_text(raw).text.split("\n\n")[1]
    assert body == (text if text is not None else lines)


REFERENCES = [
    # raw line | analysed text: complete references HTML5 knows are decoded, nothing else
    ("газета &quot;Известия&quot; сообщила", 'газета "Известия" сообщила'),
    ("Роскомнадзор за&nbsp;год", "Роскомнадзор за год"),
    ("&#171;ИГ&#187; и &#x41;BC", "«ИГ» и ABC"),
    ("AT&T и &foo; и &quot без точки с запятой", "AT&T и &foo; и &quot без точки с запятой"),
    ("&#0; и &#xD800; и &#99999999;", "&#0; и &#xD800; и &#99999999;"),
]


@pytest.mark.parametrize(("line", "text"), REFERENCES)
def test_html_references_are_decoded(line: str, text: str) -> None:
    assert structure_text(line).text == text
    assert structure_text(line, references=False).text == line.replace("\u00a0", " ")


def test_decoded_references_keep_offsets_into_the_raw_text() -> None:
    raw = ("Заголовок &laquo;новости&raquo;\n\nГазета &quot;Известия&quot; пишет о Тюмени."
           "\n\nФото: &copy; ТАСС")
    result = structure_text(raw)
    assert result.text == "Заголовок «новости»\n\nГазета \"Известия\" пишет о Тюмени."
    assert result.references == 5
    for text_start, source_start, length in result.origin:  # plain stretches only
        assert result.text[text_start:text_start + length] == raw[source_start:source_start
                                                                   + length]
    at = result.text.index("Тюмени")
    assert offset_in_source(result.origin, at) == raw.index("Тюмени")
    assert offset_in_source(result.origin, result.text.index("«")) is None  # decoded
    [credit] = result.parts
    assert (credit.kind, credit.text) == ("credit", "Фото: &copy; ТАСС")
    assert raw[credit.start:credit.end] == credit.text

OUTLETS = [
    ("© Служба новостей «URA.RU»", "URA.RU"),
    ("Фото: Анна Майорова © URA.RU", "URA.RU"),
    ("© 2024 РИА Новости. Все права защищены.", "РИА Новости"),
    ("(c) 2010-2024 ТАСС", "ТАСС"),
    ("Фото: Иван Иванов", None),
]


@pytest.mark.parametrize(("credit", "outlet"), OUTLETS)
def test_outlet_from_credit(credit: str, outlet: str | None) -> None:
    assert outlet_from_credit(credit) == outlet


def _corpus() -> list[str]:
    towns = ["Тюмени", "Кургане", "Омске", "Сургуте", "Тобольске", "Ишиме"]
    return [
        f"Новость о {town}\n\nВ {town} открыли школу номер {number}.\n\n"
        "Подпишитесь на наш канал\nНаш партнёр: магазин у дома\n"
        + ("Реклама на сайте\n" if number % 2 else "")
        for number, town in enumerate(towns)
    ]


def test_learn_boilerplate() -> None:
    texts = _corpus()
    assert learn_boilerplate(texts) == {"подпишитесь на наш канал", "наш партнер: магазин у дома",
                                        "реклама на сайте"}
    assert learn_boilerplate(texts, min_docs=4) == {"подпишитесь на наш канал",
                                                    "наш партнер: магазин у дома"}
    assert learn_boilerplate(texts, min_share=0.9) == learn_boilerplate(texts, min_docs=6)
    assert learn_boilerplate(texts[:2]) == frozenset()
    assert learn_boilerplate([]) == frozenset()
    assert learn_boilerplate(iter(texts)) == learn_boilerplate(texts)  # any iterable, one pass


def test_learned_boilerplate_is_removed() -> None:
    texts = _corpus()
    learned = learn_boilerplate(texts)
    result = structure_text(texts[0], boilerplate=learned)
    assert result.text == "Новость о Тюмени\n\nВ Тюмени открыли школу номер 0."
    assert [part.kind for part in result.parts] == ["promo", "promo"]


def test_segments() -> None:
    origin = merge_segments([(5, 105, 3), (0, 100, 5), (10, 200, 2)])
    assert origin == [(0, 100, 8), (10, 200, 2)]
    assert [offset_in_source(origin, i) for i in (0, 7, 8, 9, 11, 12, -1)] == [
        100, 107, None, None, 201, None, None]
    assert offset_in_source([], 0) is None


def test_structure_uses_no_nlp_library() -> None:
    pattern = re.compile(r"^\s*(import|from)\s+(spacy|natasha|slovnet|pymorphy\w*|razdel|navec)\b",
                         re.MULTILINE)
    for module in STRUCTURE.glob("*.py"):
        assert not pattern.search(module.read_text(encoding="utf-8")), module.name


LINES = st.sampled_from([
    "Все регионы", "18:33 25 июля 2024", "Мэр Тюмени открыл мост", "Размер текста", "-", "17",
    "Сохрани номер URA.RU - сообщи новость первым!", "Комментарии", "Фото: Анна Майорова",
    "Мост открыли утром после ремонта, сообщили в мэрии.", "© URA.RU", "{{author.name}}",
    "Губернатор Александр Моор поздравил горожан с праздником.", "Теги:", "Тюмень", "",
    "Подписывайтесь на наш канал", "\u00a0Ранее\u00a0жители пожаловались на холод.", "  ",
])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(LINES, max_size=14), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_structure_invariants(lines: list[str], newline: str) -> None:
    raw = newline.join(lines)
    result = structure_text(raw)
    assert bool(result.text) == bool(raw.strip())
    for part in result.parts:
        assert raw[part.start:part.end] == part.text
    covered = 0
    for text_start, source_start, length in result.origin:
        piece = result.text[text_start:text_start + length]
        assert piece == raw[source_start:source_start + length].replace("\u00a0", " ")
        covered += length
    added = result.text.count("\n")
    assert covered + added == len(result.text)  # only the joining newlines are not from the source
    kept = sorted([(s, s + n) for _, s, n in result.origin]
                  + [(p.start, p.end) for p in result.parts])
    assert [raw[a:b] for a, b in kept if raw[a:b].strip()] == [
        line.text for line in split_lines(raw)]  # every line exactly once, in text or in parts
    assert structure_text(raw) == result


PROMO_INSIDE = [
    # body line | kept text | cut promo
    ("Губернатор подписал указ. Подписывайтесь на наш канал в Telegram, чтобы быть в курсе. Выплаты начнутся в январе.",
     "Губернатор подписал указ. Выплаты начнутся в январе.",
     "Подписывайтесь на наш канал в Telegram, чтобы быть в курсе."),
    ("Выплаты начнутся в январе. Читайте наши новости в Дзен.",
     "Выплаты начнутся в январе.", "Читайте наши новости в Дзен."),
    ("Более тысячи человек успели подписаться под петицией. Ее передадут в мэрию.",
     "Более тысячи человек успели подписаться под петицией. Ее передадут в мэрию.", None),
]


@pytest.mark.parametrize(("line", "kept", "promo"), PROMO_INSIDE)
def test_promo_sentence_inside_a_paragraph_is_cut_out(line: str, kept: str,
                                                      promo: str | None) -> None:
    raw = "Заголовок новости о выплатах\n\n" + line + "\n"
    result = structure_text(raw)
    assert result.text.split("\n\n")[1] == kept
    promos = [part for part in result.parts if part.kind == "promo"]
    assert [part.text for part in promos] == ([promo] if promo else [])
    for part in promos:  # offsets point into the raw input
        assert raw[part.start:part.end].strip() == part.text
    for start, source, length in result.origin:  # every kept character maps back
        assert result.text[start:start + length] == raw[source:source + length]
