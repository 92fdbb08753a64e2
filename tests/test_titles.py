"""Titles analysed everywhere: a JSONL or HTML title is the first line of the record's text."""

from __future__ import annotations

import json

import pytest

from nlp_extract.readers.article import Article, source_offset
from nlp_extract.readers.html import read_html
from nlp_extract.readers.jsonl import read_jsonl, starts_with_title

from conftest import read_table

BODY = ("Губернатор Тюменской области провёл совещание о выплатах многодетным семьям. "
        "Пособия и социальные выплаты получат все многодетные семьи региона.")


def jsonl_article(**record: object) -> Article:
    data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    [article] = list(read_jsonl(data, doc_id="feed", path="feed.jsonl", sha256="0"))
    assert isinstance(article, Article)
    return article


# title | text | already starts with it
STARTS = """
Путин посетил Тюмень | Путин посетил Тюмень. Он встретился с губернатором. | yes
Путин посетил Тюмень | Путин посетил Тюмень\\n\\nОн встретился с губернатором. | yes
Путин посетил Тюмень | путин посетил Тюмень! | yes
Путин посетил Тюмень | Путин посетил Тюмень и Омск. | no
Путин посетил Тюмень | Губернатор встретил гостя. | no
"""


@pytest.mark.parametrize(("title", "text", "expected"), read_table(STARTS))
def test_starts_with_title(title: str, text: str, expected: str) -> None:
    assert starts_with_title(text.replace("\\n", "\n"), title) is (expected == "yes")


def test_jsonl_title_becomes_the_first_line() -> None:
    article = jsonl_article(id="1", title="Иван Петров посетил Тюмень", text=BODY)
    assert article.text == "Иван Петров посетил Тюмень\n\n" + BODY
    assert article.meta["title"] == "Иван Петров посетил Тюмень"
    shift = len("Иван Петров посетил Тюмень\n\n")
    assert source_offset(article, 0) is None  # the title is not in the record's text value
    assert source_offset(article, shift) == 0 and source_offset(article, shift + 11) == 11


def test_jsonl_title_not_repeated() -> None:
    article = jsonl_article(id="1", title="Путин посетил Тюмень",
                            text="Путин посетил Тюмень. Он встретился с губернатором.")
    assert article.text == "Путин посетил Тюмень. Он встретился с губернатором."
    scraped = ("Тюменские чиновники не справляются с работой\n\n© Служба новостей «URA.RU»\n"
               "Размер текста\n\nОрганы социальной защиты не справляются с потоком обращений.")
    article = jsonl_article(id="2", title="Тюменские чиновники не справляются с работой",
                            text=scraped)
    assert article.text.count("Тюменские чиновники") == 1
    assert article.text.startswith("Тюменские чиновники не справляются с работой\n\n")
    assert source_offset(article, 0) == 0  # the headline line of the record's text


def test_jsonl_title_person_is_an_entity(extractor) -> None:
    article = jsonl_article(id="1", title="Иван Петров посетил Тюмень", text=BODY)
    record = extractor.extract_article(article).to_dict()
    title_end = len("Иван Петров посетил Тюмень")
    people = [m for m in record["mentions"] if m["label"] == "PER"]
    assert [(m["text"], m["start"] < title_end) for m in people] == [("Иван Петров", True)]
    assert people[0]["source_start"] is None  # added text: no place in the record's text value
    assert "Иван Петров" in [e["name"] for e in record["entities"]]
    assert record["meta"]["title"] == "Иван Петров посетил Тюмень"


def test_jsonl_title_counts_for_topics(extractor) -> None:
    body = ("Губернатор провёл совещание в Тюмени. Участники обсудили работу ведомств, сроки и "
            "планы на следующий год. Решения примут на следующей неделе.")
    title = "Многодетным семьям выплатят пособия"
    titled = extractor.extract_article(jsonl_article(id="1", title=title, text=body)).to_dict()
    plain = extractor.extract_article(jsonl_article(id="1", text=body)).to_dict()
    in_title = {topic["id"] for topic in titled["topics"]
                if any(cue["end"] <= len(title) for cue in topic["evidence"])}
    assert "social_protection" in in_title
    assert "social_protection" not in {topic["id"] for topic in plain["topics"]}


PAGE = ("<html><head><title>{title}</title></head><body><article><p>{body}</p></article>"
        "</body></html>")


def test_html_title_only_in_markup_is_the_first_line_and_maps_to_it() -> None:
    page = PAGE.format(title="Иван Петров посетил Тюмень", body=BODY)
    [article] = list(read_html(page.encode("utf-8"), doc_id="p", path="p.html", sha256="0"))
    assert isinstance(article, Article)
    assert article.text.startswith("Иван Петров посетил Тюмень\n\n")
    start = source_offset(article, 0)
    assert start is not None and page[start:start + 11] == "Иван Петров"
