"""Dates and money amounts with offsets and ISO values (issue 4)."""

from __future__ import annotations

from datetime import date

import pytest

from nlp_extract.pipeline.dates import find_dates
from nlp_extract.pipeline.money import find_money

from conftest import read_table

PUBLISHED = date(2021, 3, 10)

# text | value with the article dated 2021-03-10 | value without a date | kind
DATES = """
в Тюменской области до 28 марта продлили режим  | 2021-03-28 | --03-28    | date
это случилось 25 июля 2024 года в Екатеринбурге  | 2024-07-25 | 2024-07-25 | date
приказ от 25.07.2024 вступил в силу             | 2024-07-25 | 2024-07-25 | date
в марте 2021 года ограничения сняли            | 2021-03    | 2021-03    | month
в 2020 году расширены категории семей          | 2020       | 2020       | year
план на 2021—2024 годы                         | 2021/2024  | 2021/2024  | range
вчера жители пожаловались                      | 2021-03-09 | None       | relative
"""


@pytest.mark.parametrize(("text", "dated", "undated", "kind"), read_table(DATES))
def test_dates(text: str, dated: str, undated: str, kind: str) -> None:
    with_date, without = find_dates(text, PUBLISHED), find_dates(text)
    assert [(d["kind"], d["value"]) for d in with_date] == [(kind, dated)]
    assert [str(d["value"]) for d in without] == [undated]
    found = with_date[0]
    assert text[found["start"]:found["end"]] == found["text"]
    assert found["resolved"] == (dated != undated)


def test_no_dates_in_numbers() -> None:
    assert find_dates("в 2020 тыс. рублей и 32 марта 1 500 человек") == []


# a number is a date only when no digit (nor a dot, for dotted dates) stands right before it;
# the check comes after the number's first digit (the patterns open with a digit to be fast)
BOUNDARIES = """
в 12019 году                | -
в x2019 году                | year 2019
123 мая                     | -
35 мая                      | -
03 мая                      | date --05-03
1.5.2019 и .1.5.2019        | date 2019-05-01
43.12.19 и 31.12.19         | date 2019-12-31
,31.12.19                   | -
22019-2020 годы             | -
в 1999-2000 гг.             | range 1999/2000
"""


@pytest.mark.parametrize(("text", "found"), read_table(BOUNDARIES))
def test_a_date_begins_after_no_digit(text: str, found: str) -> None:
    assert " ".join(f"{d['kind']} {d['value']}" for d in find_dates(text)) == \
        ("" if found == "-" else found)


# text | value | currency
MONEY = """
выделили 1,5 млн рублей на камеры | 1500000    | RUB
потратили $100 на обед            | 100        | USD
штраф 300 руб. за нарушение       | 300        | RUB
контракт на 1 500 000 долларов    | 1500000    | USD
инвестиции 5 млрд евро в завод     | 5000000000 | EUR
пособие 20 тыс. рублей в месяц    | 20000      | RUB
"""


@pytest.mark.parametrize(("text", "value", "currency"), read_table(MONEY))
def test_money(text: str, value: str, currency: str) -> None:
    found = find_money(text)
    assert [(m["value"], m["currency"]) for m in found] == [(int(value), currency)]
    assert text[found[0]["start"]:found[0]["end"]] == found[0]["text"]


def test_record_carries_dates_resolved_by_the_article_date(extractor) -> None:
    record = extractor.extract("Личный прием приостановлен до 28 марта.",
                               meta={"published": "2021-03-10T12:00:00"}).to_dict()
    assert [(d["text"], d["value"]) for d in record["dates"]] == [("28 марта", "2021-03-28")]
    assert extractor.extract("Штраф составит 5 тыс. рублей.").to_dict()["money"][0]["value"] == 5000
