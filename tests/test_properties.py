"""Property tests: ``Extractor.extract`` on hostile text never fails and keeps its contract.

Whatever the text (control and zero-width characters, lone surrogates, combining marks, emoji,
right-to-left scripts, 10k-character words, Russian sentences that make every component fire),
the record validates against the schema, every offset slices its own text, mentions point to
entities that count them, and the JSON is UTF-8 and the same bytes for the same input.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_extract import Extractor
from nlp_extract.extractor import sanitize
from nlp_extract.record import record_schema

SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

# -- what texts are made of ---------------------------------------------------------------
CONTROL = ["\x00", "\r", "\n", "\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x7f",
           "\x85", "\u2028", "\u2029", "\ufeff", "\r\n"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u200e", "\u200f", "\u202a",
             "\u202e", "\u202c", "\u2066", "\u2069", "\u00a0", "\u2009", "\u3000", "\u180e"]
COMBINING = ["\u0301", "\u0300", "\u0308", "\u0306", "\u0483", "\u20dd", "\ufe0f", "\U0001f3fb"]
EMOJI = ["😀", "👍🏽", "🇷🇺", "👨‍👩‍👧", "❤️", "🏳️‍🌈", "\U0001f9ff", "🔥"]
RTL = ["שלום", "مرحبا", "بالعالم", "עולם", "\u0627\u0644\u0631\u064a\u0627\u0636"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d"]
PUNCTUATION = list(".,;:!?…—–-«»„“”\"'()[]{}/\\|*&^%$#@~`+=<>№§°")
CYRILLIC = list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
LATIN = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

PIECES = st.one_of(
    st.sampled_from(CONTROL + INVISIBLE + COMBINING + EMOJI + RTL + SURROGATES),
    st.sampled_from(PUNCTUATION + CYRILLIC + LATIN + [" ", " ", "  ", "\n\n", "0", "42", "1,5"]),
    st.characters(codec=None, exclude_categories=()),  # anything, surrogates included
    st.text(alphabet=st.sampled_from(CYRILLIC + LATIN), min_size=1, max_size=12),
)
HOSTILE = st.lists(PIECES, max_size=40).map("".join)

# Russian-looking sentences from a small vocabulary, so that NER, public bodies, places,
# normal forms, grouping, dates and money all fire.
SUBJECTS = ["Губернатор Тюменской области Александр Моор", "Депутаты партии «Единая Россия»", "Далер Бобиев", "Владимир Путин",
            "Министерство социальной политики Свердловской области", "МЧС России",
            "Комитет защиты журналистов (КЗЖ)", "Мэр Екатеринбурга", "Тюменцы", "Бобиев",
            "ООО «Ромашка»", "Пресс-служба партии «Единая Россия»", "Джоэл Саймон (Joel Simon)",
            "Свердловская опека", "Глава МВД", "Анна Майорова"]
VERBS = ["заявил", "посетил", "провёл совещание в", "выделил", "сообщили", "потратил",
         "встретился с", "приехал в", "не прокомментировал", "отчитался перед"]
OBJECTS = ["Тюмени", "Москве", "министерством образования", "Екатеринбург", "Овечкин, Фёдоров",
           "жителями Кургана", "департаментом финансов", "Казахстаном", "Ханты-Мансийского "
           "автономного округа", "Сургут", "«Газпромом»", "органами опеки", "Сергеем Собяниным"]
TAILS = ["25 июля 2024 года", "вчера", "в 2020 году", "до 28 марта", "в 2021–2024 годах",
         "1,5 млн рублей", "300 долларов", "10 тыс. евро", "в четверг", "2024-07-25",
         "на сумму 2 млрд руб.", "15 %", ""]
JOINS = [" ", "  ", "\u00a0", "\u200b ", " \u0301", "\t", " \x00 ", "\u2028"]
ENDS = [". ", "! ", "? ", ".\n", ".\n\n", "…\r\n", ". \u2029", ". 😀 ", ".\x1c"]


@st.composite
def russian_sentences(draw: st.DrawFn) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 6))):
        words = [draw(st.sampled_from(SUBJECTS)), draw(st.sampled_from(VERBS)),
                 draw(st.sampled_from(OBJECTS)), draw(st.sampled_from(TAILS))]
        join = draw(st.sampled_from(JOINS))
        sentences.append(join.join(word for word in words if word)
                         + draw(st.sampled_from(ENDS)))
    return "".join(sentences)


PAGE_LINES = ["Новости", "18:33 25 июля 2024", "Фото: Анна Майорова", "Комментарии", "Теги:",
              "Сохрани номер URA.RU - сообщи новость первым!", "© URA.RU", "", "  ",
              "Подписывайтесь на наш канал", "{{author.name}}", "Все регионы"]


@st.composite
def scraped_pages(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(st.sampled_from(PAGE_LINES), russian_sentences(),
                                    HOSTILE), min_size=1, max_size=8))
    return draw(st.sampled_from(["\n", "\r\n", "\n\n", "\u2028"])).join(lines)


LONG = st.one_of(
    st.builds(lambda char, n: char * n, st.sampled_from(["й", "a", "1", "-", "😀", "\u0301",
                                                         "\u200b", "."]),
              st.integers(1, 10_000)),
    st.builds(lambda word, n: " ".join([word] * n),
              st.sampled_from(["Тюмень", "Путин", "и", "«а»"]), st.integers(100, 2_000)),
    st.builds(lambda word, n, tail: word * n + tail,
              st.sampled_from(["Тюмень", "ab", "Ё\u0308"]), st.integers(500, 2_000),
              st.sampled_from(["", " Москва.", " посетил Тюмень 25 июля 2024 года."])),
)


# -- what every record must satisfy ---------------------------------------------------------
_VALIDATOR = jsonschema.Draft202012Validator(record_schema())


def check_span(text: str, item: dict[str, Any], what: str) -> None:
    start, end = item["start"], item["end"]
    assert isinstance(start, int) and isinstance(end, int), (what, item)
    assert 0 <= start <= end <= len(text), (what, item, len(text))


def check_record(record: dict[str, Any], given: str, *, structure: bool = False) -> None:
    errors = sorted(_VALIDATOR.iter_errors(record), key=str)
    assert not errors, errors[0]
    text = record["text"]
    if not structure:
        assert text == sanitize(given)
    assert not any("\ud800" <= char <= "\udfff" for char in text)
    for key in ("tokens", "mentions", "dates", "money"):
        for item in record[key]:
            check_span(text, item, key)
            assert text[item["start"]:item["end"]] == item["text"], (key, item)
    previous_end = 0
    for token in record["tokens"]:
        assert token["start"] < token["end"] and token["start"] >= previous_end, token
        assert token["text"].strip(), token
        previous_end = token["end"]
    covered = "".join(token["text"] for token in record["tokens"])
    assert "".join(covered.split()) == "".join(text.split())  # no visible character is lost
    for sentence in record["sentences"]:
        check_span(text, sentence, "sentences")
        assert sentence["start"] < sentence["end"]
    entities = {entity["id"]: entity for entity in record["entities"]}
    assert len(entities) == len(record["entities"]), "entity ids are unique"
    for mention in record["mentions"]:
        assert mention["start"] < mention["end"], mention
        entity = entities[mention["entity"]]
        assert entity["label"] == mention["label"], (mention, entity)
        core = mention["core"]
        if core is not None:
            assert mention["start"] <= core["start"] < core["end"] <= mention["end"], mention
        if mention["source_start"] is not None:
            assert 0 <= mention["source_start"] < mention["source_end"], mention
            if structure:
                assert mention["source_end"] <= len(given), mention
        if not structure:
            assert (mention["source_start"], mention["source_end"]) in (
                (None, None), (mention["start"], mention["end"])), mention
    for entity in record["entities"]:
        count = sum(mention["entity"] == entity["id"] for mention in record["mentions"])
        assert entity["count"] == count >= 1, entity
        assert entity["name"].strip(), entity
    for topic in record.get("topics") or []:
        for evidence in topic.get("evidence") or []:
            check_span(text, evidence, "topic evidence")
    if structure:
        original = sanitize(given)
        for part in record["parts"]:
            check_span(original, part, "parts")
            assert original[part["start"]:part["end"]] == part["text"], part


def check_extract(extractor: Extractor, text: str, *, structure: bool = False,
                  twice: bool = True) -> None:
    """Check the record; with ``twice``, also that a second call gives the same bytes."""
    annotation = extractor.extract(text, doc_id="p", structure=structure)
    record = annotation.to_dict()
    check_record(record, text, structure=structure)
    encoded = annotation.to_json().encode("utf-8")
    assert json.loads(encoded) == record
    if twice:
        again = extractor.extract(text, doc_id="p", structure=structure).to_json()
        assert again.encode("utf-8") == encoded


# -- the properties -------------------------------------------------------------------------
@SETTINGS
@given(HOSTILE)
def test_hostile_unicode(extractor: Extractor, text: str) -> None:
    check_extract(extractor, text)


@settings(SETTINGS, max_examples=60)
@given(russian_sentences())
def test_russian_sentences(extractor: Extractor, text: str) -> None:
    check_extract(extractor, text)


@settings(SETTINGS, max_examples=60)
@given(scraped_pages())
def test_scraped_pages_with_structure(extractor: Extractor, text: str) -> None:
    check_extract(extractor, text, structure=True)


@settings(SETTINGS, max_examples=60)
@given(st.one_of(HOSTILE, russian_sentences()))
def test_hostile_text_with_structure(extractor: Extractor, text: str) -> None:
    check_extract(extractor, text, structure=True, twice=False)


@settings(SETTINGS, max_examples=25)
@given(LONG)
def test_long_words_and_lines(extractor: Extractor, text: str) -> None:
    check_extract(extractor, text, twice=False)


@settings(SETTINGS, max_examples=150)
@given(st.characters(codec=None, exclude_categories=()))
def test_one_character(extractor: Extractor, char: str) -> None:
    check_extract(extractor, char, twice=False)


@settings(SETTINGS, max_examples=60)
@given(st.text(alphabet=st.sampled_from(PUNCTUATION + [" ", "\n"]), max_size=60))
def test_only_punctuation(extractor: Extractor, text: str) -> None:
    annotation = extractor.extract(text)
    check_record(annotation.to_dict(), text)
    assert annotation.mentions == [] and annotation.entities == []


@settings(SETTINGS, max_examples=40)
@given(st.lists(st.sampled_from(["Moscow", "Москва", "Putin", "Путин", "Tюмень", "MЧС",
                                 "Bобиев", "iPhone", "Яндекс.Такси", "ООО«Ромашка»И.И.Иванов",
                                 "COVID-19", "ТАСС/Reuters"]), max_size=12).map(" ".join))
def test_mixed_latin_and_cyrillic(extractor: Extractor, text: str) -> None:
    check_extract(extractor, text, twice=False)


CONTROL_CASES = [*CONTROL, *INVISIBLE, *SURROGATES, "\x00" * 50, "\ufeffМосква\ufeff",
                 "Путин\u200bпосетил\u200dТюмень", "\u202eПутин посетил Тюмень\u202c",
                 "Владимир Путин\x0bпосетил\x1cМоскву\x1f", "Путин\rпосетил\rТюмень\r\r",
                 "Александр Моор\u2028заявил\u2029Тюмень", "а" + "\u0300" * 500,
                 "1,5\u200bмлн рублей 25\u00a0июля\u00a02024", "\ud83d\ude00 Москва \ude00"]


@pytest.mark.parametrize("structure", [False, True])
@pytest.mark.parametrize("text", CONTROL_CASES, ids=[repr(c)[:30] for c in CONTROL_CASES])
def test_control_and_invisible_characters(extractor: Extractor, text: str,
                                          structure: bool) -> None:
    check_extract(extractor, text, structure=structure)


def test_the_sentences_do_fire_every_component(extractor: Extractor) -> None:
    """The vocabulary above is not vacuous: NER, bodies, places, dates and money all fire."""
    text = ("Губернатор Тюменской области Александр Моор заявил министерству социальной "
            "политики Свердловской области 25 июля 2024 года. Депутаты партии «Единая Россия» "
            "выделили 1,5 млн рублей. Тюменцы встретились с Далером Бобиевым.")
    record = extractor.extract(text).to_dict()
    labels = {mention["label"] for mention in record["mentions"]}
    assert labels == {"PER", "LOC", "ORG"}
    assert any(mention["core"] for mention in record["mentions"])
    assert any(mention["derived"] for mention in record["mentions"])
    assert any(entity["geo"] for entity in record["entities"])
    assert record["dates"] and record["money"]
    check_record(record, text)


LONG_CASES = {
    "10k-char word": "й" * 10_000,
    "10k-char word then a sentence": "ab" * 5_000 + " Путин посетил Тюмень 25 июля 2024 года.",
    "10k combining marks": "а" + "\u0301" * 10_000,
    "10k emoji": "😀" * 10_000,
    "one 20k-char line of words": " ".join(["Губернатор", "Тюменской", "области"] * 1_000),
}


@pytest.mark.parametrize("text", list(LONG_CASES.values()), ids=list(LONG_CASES))
def test_very_long_words_and_lines(extractor: Extractor, text: str) -> None:
    check_extract(extractor, text, twice=False)


PUBLISHED = [5, "garbage", "2024-13-45", "2024-02-30T25:00", None, {"a": 1}, ["x"], "",
             "0001-01-01", "9999-12-31", "2024-07-25T18:33:00+05:00", True, "\ud800" * 12]


@pytest.mark.parametrize("published", PUBLISHED, ids=[repr(p)[:20] for p in PUBLISHED])
def test_any_published_value_in_meta(extractor: Extractor, published: Any) -> None:
    """Relative dates are resolved against meta["published"], whatever the caller put there
    (the first and the last day of the calendar included)."""
    text = "Позавчера, 28 марта, губернатор выделил 5 млн рублей, а послезавтра уедет."
    for structure in (False, True):
        annotation = extractor.extract(text, meta={"published": published},
                                       structure=structure)
        check_record(annotation.to_dict(), text, structure=structure)
        annotation.to_json().encode("utf-8")
