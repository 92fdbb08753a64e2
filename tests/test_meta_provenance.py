"""Metadata provenance: every `meta` field says where it came from; captions, photo credits and
quoted documents are never the publication date or the outlet; only dates given, in the markup
or on a date line resolve relative dates."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from nlp_extract.readers import Article, read_path
from nlp_extract.record import record_schema
from nlp_extract.structure import structure_text
from nlp_extract.structure.dates import dateline, lead_dateline
from nlp_extract.structure.outlet import outlet_from_byline
from nlp_extract.structure.provenance import (
    SOURCES,
    merge_meta,
    plausible_outlet,
    relative_anchor,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"

# ---------------------------------------------------------------- hand-made pages

RT_CAPTION_DATE = """Россия сегодня
Как в Москве прошёл парад 7 ноября

Участники парада на Красной площади
от 7 ноября 1942 года
© ZUMAPRESS.com

Вчера в Москве вспомнили парад 1941 года. Ветераны возложили цветы к Вечному огню.
Мероприятие продлится до 10 ноября, сообщили организаторы.
"""
CAPTION_STAMP = """Парк Горького открыл зимний сезон

Каток в парке Горького
7 ноября 2023
Фото: pixabay.com

Вчера в парке Горького залили каток. Он будет работать до марта, сообщили в парке.
"""
CREDITS_ONLY = """В Тюмени открыли новый мост

Фото: © Global Look Press / Иван Петров
© Анна Майорова
© 2024 Москва

Губернатор Тюменской области открыл движение по новому мосту. Строительство заняло три года.
"""
QUOTED_DOCUMENT = """Архив рассекретил документы о параде

Приказ от 7 ноября 1942 года
Письмо от 12 января 1943 г.

Историки изучили приказ и письмо. Вчера документы показали журналистам.
"""
OLD_STAMP = """Историческая хроника
7 ноября 1942
Парад на Красной площади

Парад прошёл в трудное время. Об этом вспоминают до сих пор.
"""
STAMP_UNDER_TITLE = """Мэр Кургана открыл сквер
Опубликовано 3 мая 2023 в 12:05

Мэр Кургана открыл новый сквер на улице Ленина. Вчера там высадили деревья.

© 2023 Курган.ру. Все права защищены.
"""
AGENCY_LEAD = """Путин провел совещание с Совбезом

МОСКВА, 15 марта 2024 — РИА Новости. Президент провел совещание с членами Совбеза.
Глава государства обсудил ситуацию в регионах.
"""
TASS_LEAD_NO_YEAR = """Путин провел совещание с Совбезом

МОСКВА, 15 марта. /ТАСС/. Президент провел совещание с членами Совбеза.
Глава государства обсудил ситуацию в регионах.
"""
STAMP_AT_THE_END = """Мост открыли после ремонта

Мост через Туру открыли после ремонта. Движение восстановили утром.

3 мая 2023
Опубликовано: 4 мая 2023, 10:00
"""
OLD_LEAD = """Как начиналась оборона Москвы

МОСКВА, 7 ноября 1941 года — Совинформбюро. На Красной площади прошёл парад.
Так начиналась сводка, которую вчера показали в музее.
"""
BARE_DATE_IN_BODY = """Мост открыли после ремонта

Мост через Туру открыли после ремонта. Движение восстановили утром.
25 июля 2024
Работы шли два года, сообщили в мэрии.
"""

PAGES = [
    # page | published | its provenance | outlet | its provenance
    (RT_CAPTION_DATE, None, None, None, None),
    (CAPTION_STAMP, None, None, None, None),
    (CREDITS_ONLY, None, None, None, None),
    (QUOTED_DOCUMENT, None, None, None, None),
    (OLD_STAMP, None, None, None, None),
    (STAMP_UNDER_TITLE, "2023-05-03T12:05:00", "dateline", "Курган.ру", "byline"),
    (AGENCY_LEAD, "2024-03-15", "dateline", "РИА Новости", "dateline"),
    (TASS_LEAD_NO_YEAR, None, None, "ТАСС", "dateline"),
    (STAMP_AT_THE_END, "2023-05-04T10:00:00", "dateline", None, None),
    (BARE_DATE_IN_BODY, None, None, None, None),
    (OLD_LEAD, None, None, None, None),
]
PAGE_IDS = ["rt-caption-date", "caption-stamp", "credits-only", "quoted-document", "old-stamp",
            "stamp-under-title", "agency-lead", "tass-lead-no-year", "stamp-at-the-end",
            "bare-date-in-body", "old-lead"]


@pytest.mark.parametrize(("page", "published", "published_from", "outlet", "outlet_from"),
                         PAGES, ids=PAGE_IDS)
def test_page_date_and_outlet(page: str, published: str | None, published_from: str | None,
                              outlet: str | None, outlet_from: str | None) -> None:
    meta = structure_text(page).meta
    provenance = meta["provenance"]
    assert (meta.get("published"), provenance.get("published")) == (published, published_from)
    assert (meta.get("outlet"), provenance.get("outlet")) == (outlet, outlet_from)
    assert provenance["title"] == "body" and set(provenance) <= set(meta)


def test_quoted_document_dates_stay_in_the_text() -> None:
    text = structure_text(QUOTED_DOCUMENT).text
    assert "Приказ от 7 ноября 1942 года" in text and "Письмо от 12 января 1943 г." in text


# ---------------------------------------------------------------- single lines

BYLINES = [
    # line | outlet (None: never an outlet)
    ("© Служба новостей «URA.RU»", "URA.RU"),
    ("© 2024 РИА Новости. Все права защищены.", "РИА Новости"),
    ("(c) 2010-2024 ТАСС", "ТАСС"),
    ("Фото: Анна Майорова © URA.RU", None),
    ("За сотрудниками опеки будут следить камеры Фото: Анна Майорова © URA.RU", None),
    ("© ZUMAPRESS.com", None),
    ("© 2024 ZUMAPRESS.com", None),
    ("© pixabay.com", None),
    ("© РИА Новости / Сергей Бобылев", None),
    ("© Reuters", None),
    ("© Анна Майорова", None),
    ("© 2024 Анна Майорова", None),
    ("© 2024 Москва", None),
    ("© Кадр из видео", None),
]


@pytest.mark.parametrize(("line", "outlet"), BYLINES)
def test_outlet_from_byline(line: str, outlet: str | None) -> None:
    assert outlet_from_byline(line) == outlet


DATELINES = [
    # line | is a dateline | ISO
    ("от 7 ноября 1942 года", False, None),
    ("Приказ от 7 ноября 1942 года", False, None),
    ("Постановление № 12 от 3 мая 2023 г.", False, None),
    ("7 ноября 1942 года", True, "1942-11-07"),  # a date line, but before min_year: no `published`
    ("Опубликовано 3 мая 2023 в 12:05", True, "2023-05-03T12:05:00"),
]


@pytest.mark.parametrize(("line", "is_dateline", "iso"), DATELINES)
def test_document_dates_are_no_datelines(line: str, is_dateline: bool, iso: str | None) -> None:
    assert dateline(line) == (is_dateline, iso)


LEADS = [
    # first paragraph | date | agency
    ("МОСКВА, 15 мар - РИА Новости. Президент провел совещание.", None, "РИА Новости"),
    ("МОСКВА, 7 ноября 2023 — РИА Новости, Анна Иванова. Текст.", "2023-11-07", "РИА Новости"),
    ("МОСКВА, 7 ноября. /ТАСС/. Президент провел совещание.", None, "ТАСС"),
    ("ЕКАТЕРИНБУРГ, 7 ноября 2023 — URA.RU. Губернатор открыл мост.", "2023-11-07", "URA.RU"),
    ("ТЮМЕНЬ, 3 мая 2023 года - «Вести Сибири». Мэр открыл сквер.", "2023-05-03",
     "Вести Сибири"),
    ("Москва, 7 ноября 1941 года — парад на Красной площади.", None, None),  # no lead
]


@pytest.mark.parametrize(("paragraph", "iso", "agency"), LEADS)
def test_agency_lead(paragraph: str, iso: str | None, agency: str | None) -> None:
    lead = lead_dateline(paragraph)
    assert ((lead.iso, lead.agency) if lead else (None, None)) == (iso, agency)


@pytest.mark.parametrize(("name", "plausible"), [
    ("URA.RU", True), ("РИА Новости", True), ("Москва 24", True), ("Москва", False),
    ("Тюменская область", False), ("Россия", False), ("Анна Майорова", False),
    ("pixabay.com", False), ("ZUMAPRESS.com", False), ("", False), ("2024", False),
])
def test_plausible_outlet(name: str, plausible: bool) -> None:
    assert plausible_outlet(name) is plausible


# ---------------------------------------------------------------- provenance bookkeeping

ANCHORS = [
    # meta | the date relative dates are resolved against
    ({"published": "2024-07-25"}, "2024-07-25"),  # a caller's meta: input
    ({"published": "2024-07-25", "provenance": {"published": "input"}}, "2024-07-25"),
    ({"published": "2024-07-25", "provenance": {"published": "html"}}, "2024-07-25"),
    ({"published": "2024-07-25", "provenance": {"published": "dateline"}}, "2024-07-25"),
    ({"published": "1942-11-07", "provenance": {"published": "body"}}, None),
    ({"published": "1942-11-07", "provenance": {"published": "byline"}}, None),
    ({"title": "Заголовок", "provenance": {"title": "body"}}, None),
]


@pytest.mark.parametrize(("meta", "anchor"), ANCHORS)
def test_relative_anchor(meta: dict, anchor: str | None) -> None:
    assert relative_anchor(meta) == anchor


def test_merge_meta_marks_what_was_given() -> None:
    found = {"title": "Из текста", "published": "2024-07-25", "outlet": "URA.RU",
             "provenance": {"title": "body", "published": "dateline", "outlet": "byline"}}
    merged = merge_meta(found, {"published": "2024-07-26T10:00:00", "score": None})
    assert merged == {"title": "Из текста", "published": "2024-07-26T10:00:00",
                      "outlet": "URA.RU", "score": None,
                      "provenance": {"title": "body", "published": "input",
                                     "outlet": "byline"}}
    assert merge_meta({}, {"url": "https://example.ru/a"}, given_source="html")["provenance"] == {
        "url": "html"}
    assert "provenance" not in merge_meta({}, {"reader": "txt"})


# ---------------------------------------------------------------- readers: samples and pages


SAMPLE_META = [
    # sample | published | its provenance | outlet | its provenance
    ("000_a5760198d369cf0a.txt", "2024-07-25T18:33:00", "dateline", None, None),
    ("002_0aca802ec92ce916.txt", None, None, "URA.RU", "byline"),
]


@pytest.mark.parametrize(("name", "published", "published_from", "outlet", "outlet_from"),
                         SAMPLE_META, ids=["seed1", "seed2"])
def test_samples_take_no_caption_date_nor_credit_outlet(
        name: str, published: str | None, published_from: str | None, outlet: str | None,
        outlet_from: str | None) -> None:
    path = SAMPLES / name
    [article] = read_path(path, SAMPLES)
    assert isinstance(article, Article)
    meta = article.meta
    assert meta["provenance"] == {key: value for key, value in (
        ("title", "body"), ("published", published_from), ("outlet", outlet_from)) if value}
    assert (meta.get("published"), meta.get("outlet")) == (published, outlet)


def _html(tmp_path: Path, body: str, head: str = "") -> Article:
    path = tmp_path / "page.html"
    path.write_text(f'<html><head><meta charset="utf-8">{head}</head><body><article>{body}'
                    "</article></body></html>", encoding="utf-8")
    [article] = read_path(path, tmp_path)
    assert isinstance(article, Article)
    return article


ARTICLE_BODY = (
    "<h1>Ветераны вспомнили парад 1941 года</h1>"
    "<figure><img src='p.jpg'><figcaption>Участники парада, <time datetime='1942-11-07'>от "
    "7 ноября 1942 года</time>. Фото: © ZUMAPRESS.com</figcaption></figure>"
    "<p>Фото: © pixabay.com</p>"
    "<p>Вчера в Москве ветераны вспомнили парад 7 ноября 1941 года и возложили цветы к Вечному "
    "огню у Кремлёвской стены.</p>"
    "<p>Мероприятие продлится до 10 ноября, сообщили организаторы. В нём участвуют школьники "
    "и студенты московских вузов, а также представители ветеранских организаций.</p>"
)


def test_html_page_without_a_date_in_its_markup_gets_none(tmp_path: Path) -> None:
    meta = _html(tmp_path, ARTICLE_BODY).meta
    assert "published" not in meta and "outlet" not in meta
    assert meta["provenance"] == {"title": "html"}


def test_html_markup_date_and_site_name_are_html(tmp_path: Path) -> None:
    head = ('<meta property="og:site_name" content="RT на русском">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2023-11-08T09:15:00+03:00"}</script>')
    meta = _html(tmp_path, ARTICLE_BODY, head).meta
    assert meta["published"] == "2023-11-08T09:15:00+03:00" and meta["outlet"] == "RT на русском"
    assert meta["provenance"] == {"title": "html", "published": "html", "outlet": "html"}


def test_jsonl_fields_are_input_and_text_fields_keep_theirs(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(
        '{"id": "a", "published": "2024-01-02", "text": "Заголовок новости о мосте\\n\\n'
        'Опубликовано 3 мая 2023 в 12:05\\n\\nМост открыли утром после ремонта.\\n\\n'
        '© 2023 Курган.ру. Все права защищены."}\n', encoding="utf-8")
    [article] = read_path(path, tmp_path)
    assert isinstance(article, Article)
    assert (article.meta["published"], article.meta["outlet"]) == ("2024-01-02", "Курган.ру")
    assert article.meta["provenance"] == {"title": "body", "published": "input",
                                          "outlet": "byline"}


def test_caption_date_never_resolves_relative_dates(extractor, tmp_path: Path) -> None:
    path = tmp_path / "rt.txt"
    path.write_text(RT_CAPTION_DATE, encoding="utf-8")
    [article] = read_path(path, tmp_path)
    record = extractor.extract_article(article).to_dict()
    jsonschema.validate(record, record_schema())
    assert "published" not in record["meta"]
    dates = {d["text"]: (d["value"], d["resolved"]) for d in record["dates"]}
    assert dates["Вчера"] == (None, False) and dates["10 ноября"] == ("--11-10", False)
    assert not any(resolved for _, resolved in dates.values())


def test_dateline_date_resolves_relative_dates(extractor) -> None:
    record = extractor.extract(STAMP_UNDER_TITLE, structure=True).to_dict()
    jsonschema.validate(record, record_schema())
    assert record["meta"]["provenance"]["published"] == "dateline"
    assert [(d["text"], d["value"], d["resolved"]) for d in record["dates"]
            if d["kind"] == "relative"] == [("Вчера", "2023-05-02", True)]


@pytest.mark.parametrize(("meta", "valid"), [
    ({"reader": "txt", "title": "Т"}, True),  # a record written before provenance
    ({"title": "Т", "provenance": {"title": "body"}}, True),
    ({"title": "Т", "provenance": {"title": "caption"}}, False),
    ({"title": "Т", "provenance": "body"}, False),
])
def test_schema_of_provenance(extractor, meta: dict, valid: bool) -> None:
    record = extractor.extract("Мост открыли.").to_dict()
    record["meta"] = meta
    if valid:
        jsonschema.validate(record, record_schema())
    else:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(record, record_schema())


def test_every_provenance_value_is_known() -> None:
    enum = record_schema()["properties"]["meta"]["properties"]["provenance"][
        "additionalProperties"]["enum"]
    assert tuple(enum) == SOURCES
