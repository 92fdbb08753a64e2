"""Dates in the text with ISO 8601 values: ``doc._.dates``.

«25 июля 2024 года» → 2024-07-25, «25.07.2024» → 2024-07-25, «в марте 2021 года» → 2021-03,
«в 2020 году» → 2020, «на 2021—2024 годы» → 2021/2024. A day without a year («до 28 марта»)
and relative words («вчера») are resolved against the article's publication date
(``doc.user_data["published"]``, ISO) when it is known; otherwise «--03-28» / no value.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .arrays import doc_text
from .extensions import register_extensions
from .intervals import DisjointIntervals

_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")
_LOCATIVE = ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
             "сентябре", "октябре", "ноябре", "декабре")
_NOMINATIVE = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
               "сентябрь", "октябрь", "ноябрь", "декабрь")
_MONTH = {name: number for names in (_GENITIVE, _LOCATIVE, _NOMINATIVE)
          for number, name in enumerate(names, start=1)}
_RELATIVE = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}

_YEAR_WORD = r"(?:\s*(?:года|году|год|г\.))?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("range", re.compile(r"(?<!\d)(?P<y1>(?:19|20)\d\d)\s*[—–-]\s*(?P<y2>(?:19|20)\d\d)"
                         r"\s*(?:годы|годах|годов|годам|гг\.)", re.IGNORECASE)),
    ("date", re.compile(rf"(?<!\d)(?P<d>[0-3]?\d)\s+(?P<m>{'|'.join(_GENITIVE)})"
                        rf"(?:\s+(?P<y>(?:19|20)\d\d){_YEAR_WORD})?(?![а-яё])", re.IGNORECASE)),
    ("date", re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<mn>[01]?\d)\.(?P<y>(?:19|20)\d\d)"
                        rf"(?![\d.]\d){_YEAR_WORD}")),
    ("month", re.compile(rf"(?<![а-яё])(?P<m>{'|'.join(_LOCATIVE + _NOMINATIVE)})\s+"
                         rf"(?P<y>(?:19|20)\d\d){_YEAR_WORD}", re.IGNORECASE)),
    ("year", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*(?:году|года|год|г\.)(?![а-яё])",
                        re.IGNORECASE)),
    ("relative", re.compile(rf"(?<![а-яё])(?P<r>{'|'.join(_RELATIVE)})(?![а-яё])",
                            re.IGNORECASE)),
)


def parse_published(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _value(kind: str, match: re.Match[str], published: date | None) -> tuple[str | None, bool]:
    """(ISO value, whether the article date was used to get it)."""
    groups = match.groupdict()
    if kind == "range":
        return f"{groups['y1']}/{groups['y2']}", False
    if kind == "year":
        return groups["y"], False
    if kind == "relative":
        if published is None:
            return None, False
        try:
            resolved = published + timedelta(days=_RELATIVE[groups["r"].lower()])
        except OverflowError:  # «вчера» in an article dated 0001-01-01
            return None, False
        return resolved.isoformat(), True
    month = int(groups["mn"]) if groups.get("mn") else _MONTH[groups["m"].lower()]
    if kind == "month":
        return f"{int(groups['y']):04d}-{month:02d}", False
    day = int(groups["d"])
    if groups.get("y"):
        year = int(groups["y"])
        return (f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None), False
    if published is not None and _valid(published.year, month, day):
        return f"{published.year:04d}-{month:02d}-{day:02d}", True
    return (f"--{month:02d}-{day:02d}" if _valid(2000, month, day) else None), False


def find_dates(text: str, published: date | None = None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    taken = DisjointIntervals()  # an earlier pattern's date wins
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            value, resolved = _value(kind, match, published)
            if value is None and kind != "relative":
                continue
            taken.add(start, end)
            found.append({"start": start, "end": end, "text": text[start:end], "kind": kind,
                          "value": value, "resolved": resolved})
        taken.close_round()
    return sorted(found, key=lambda item: item["start"])


class DateFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = find_dates(doc_text(doc), parse_published(doc.user_data.get("published")))
        return doc


@Language.factory("date_finder", assigns=["doc._.dates"])
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    return DateFinder(nlp, name)
