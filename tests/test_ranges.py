"""Date and money ranges keep both ends; «сегодня» meaning "nowadays" is no date; short and
ordinal years are found (issue 14, item 7)."""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest

from nlp_extract.pipeline.dates import NOWADAYS_RULES, find_dates, nowadays_rule
from nlp_extract.pipeline.money import find_money
from nlp_extract.record import record_schema

from conftest import read_table

PUBLISHED = date(2021, 3, 10)

# text | found text | value without the article's date | value with it (2021-03-10)
DATES = """
рост с 2000 по 2015 год               | с 2000 по 2015 год                   | 2000/2015              | 2000/2015
с 2000 года до 2015 года              | с 2000 года до 2015 года             | 2000/2015              | 2000/2015
план на 2021—2024 годы                | 2021—2024 годы                       | 2021/2024              | 2021/2024
форум прошёл 14—15 сентября           | 14—15 сентября                       | --09-14/--09-15        | 2021-09-14/2021-09-15
форум 14-15 сентября 2024 года        | 14-15 сентября 2024 года             | 2024-09-14/2024-09-15  | 2024-09-14/2024-09-15
с 5 по 10 мая закрыто                 | с 5 по 10 мая                        | --05-05/--05-10        | 2021-05-05/2021-05-10
с 14 сентября по 2 октября 2024 года  | с 14 сентября по 2 октября 2024 года | 2024-09-14/2024-10-02  | 2024-09-14/2024-10-02
акт от 09.09.18 подписан              | 09.09.18                             | 2018-09-09             | 2018-09-09
справка от 01.02.95                   | 01.02.95                             | 1995-02-01             | 1995-02-01
ещё в 2012-м году                     | 2012-м                               | 2012                   | 2012
2014-й стал рекордным                 | 2014-й                               | 2014                   | 2014
после 2014-го                         | 2014-го                              | 2014                   | 2014
"""


@pytest.mark.parametrize(("text", "found", "undated", "dated"), read_table(DATES))
def test_date_ranges_and_short_years(text: str, found: str, undated: str, dated: str) -> None:
    assert [(d["text"], d["value"]) for d in find_dates(text)] == [(found, undated)]
    [item] = find_dates(text, PUBLISHED)
    assert item["value"] == dated and item["resolved"] == (dated != undated)
    assert item["kind"] == ("range" if "/" in dated else item["kind"])


# no date in these
NOT_DATES = """
в 1990-е годы
версия 1.10.20 вышла
с 15 по 14 мая
с 2015 по 2000 год
"""


@pytest.mark.parametrize("text", [row[0] for row in read_table(NOT_DATES)])
def test_not_ranges(text: str) -> None:
    assert [d for d in find_dates(text) if d["kind"] == "range" or "1.10" in d["text"]] == []


# text | rule that makes its «сегодня» "nowadays" (- : it is today's date)
TODAY = """
Сегодня в России много бездомных собак.                                      | generic_present
Сегодня всё больше людей выбирают покупки в интернете.                       | generic_present
Сегодня звучание этих коллективов остаётся свежим и интересным.              | generic_present
Если раньше жители ездили в город, то сегодня магазины есть в каждом селе.   | after_the_past
Первое издание вышло в 1859 году и сегодня стоит очень дорого.               | after_the_past
В «Ильиче» работают «Экономика сегодня» и «Политика сегодня».                | in_a_name
Сегодня, 5 мая, губернатор сказал, что многие дороги отремонтируют.         | -
Сегодня губернатор открыл мост через Туру.                                   | -
Сегодня в Москве прошли акции памяти.                                        | -
Акции памяти прошли сегодня и в других городах России.                       | -
"""


@pytest.mark.parametrize(("text", "rule"), read_table(TODAY))
def test_today_as_nowadays(text: str, rule: str) -> None:
    start = text.lower().index("сегодня")
    assert (nowadays_rule(text, start, start + 7) or "-") == rule
    relative = [d for d in find_dates(text, PUBLISHED) if d["kind"] == "relative"]
    assert bool(relative) == (rule == "-")


def test_every_nowadays_rule_has_a_golden_row() -> None:
    rules = {row[1] for row in read_table(TODAY)}
    assert {rule.__name__ for rule in NOWADAYS_RULES} <= rules


# text | found text | value | min | max | currency  (- : a single amount)
MONEY = """
выручка 60—62 млн рублей               | 60—62 млн рублей             | 62000000 | 60000000 | 62000000 | RUB
от 60 до 62 млн рублей                 | от 60 до 62 млн рублей       | 62000000 | 60000000 | 62000000 | RUB
сделка на $60–62 млн                   | $60–62 млн                   | 62000000 | 60000000 | 62000000 | USD
от 500 тыс. до 1 млн рублей            | от 500 тыс. до 1 млн рублей  | 1000000  | 500000   | 1000000  | RUB
билеты по 10-15 рублей                 | 10-15 рублей                 | 15       | 10       | 15       | RUB
выросла с 60 до 62 млн рублей          | 62 млн рублей                | 62000000 | -        | -        | RUB
выделили 1,5 млн рублей                | 1,5 млн рублей               | 1500000  | -        | -        | RUB
"""


@pytest.mark.parametrize(("text", "found", "value", "low", "high", "currency"),
                         read_table(MONEY))
def test_money_ranges(text: str, found: str, value: str, low: str, high: str,
                      currency: str) -> None:
    [item] = find_money(text)
    assert (item["text"], item["value"], item["currency"]) == (found, int(value), currency)
    assert text[item["start"]:item["end"]] == item["text"]
    assert (item.get("min"), item.get("max")) == (
        (None, None) if low == "-" else (int(low), int(high)))


def test_records_with_and_without_ranges_validate(extractor) -> None:
    record = extractor.extract("С 2000 по 2015 год компания получила 60—62 млн рублей, а "
                               "14—15 сентября прошёл форум.").to_dict()
    jsonschema.validate(record, record_schema())
    assert [d["value"] for d in record["dates"]] == ["2000/2015", "--09-14/--09-15"]
    assert [(m["min"], m["max"]) for m in record["money"]] == [(60_000_000, 62_000_000)]
    old = {**record, "money": [{"start": 0, "end": 3, "text": "5 ₽", "value": 5,
                                "currency": "RUB"}]}
    jsonschema.validate(old, record_schema())  # a record written before ranges
    broken = {**record, "money": [{**record["money"][0], "min": "60"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, record_schema())


@pytest.mark.parametrize(("find", "unit"), [
    (find_dates, "сегодня "), (find_dates, "Сегодня всё больше. Раньше сегодня, "),
    (find_dates, "с 14 по 15 сентября, 14—15 сентября 2020 года, с 2000 по 2015 год, 09.09.18 "),
    (find_money, "от 60 до 62 млн рублей, 60—62 млн рублей, $60–62 млн, 1 000 — ")])
def test_ranges_and_today_grow_linearly(find, unit: str) -> None:
    from test_linear_time import MAX_RATIO, lines_run

    ratio = lines_run(lambda: find(unit * 2000)) / lines_run(lambda: find(unit * 500))
    assert ratio <= MAX_RATIO, f"4× the text took {ratio:.1f}× the work"
