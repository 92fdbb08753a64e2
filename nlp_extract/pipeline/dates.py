"""Dates in the text with ISO 8601 values: ``doc._.dates``.

«25 июля 2024 года» → 2024-07-25, «25.07.2024» and «25.07.24» → 2024-07-25, «в марте 2021
года» → 2021-03, «в 2020 году», «в 2020-м» → 2020. Ranges keep both ends as an ISO 8601
interval (kind ``range``): «на 2021—2024 годы», «с 2000 по 2015 год» → 2000/2015, «14—15
сентября» → --09-14/--09-15, «с 14 сентября по 2 октября 2024 года» → 2024-09-14/2024-10-02.
A day without a year («до 28 марта») and relative words («вчера») are resolved against the
article's publication date (``doc.user_data["published"]``, ISO) when it is known; otherwise
«--03-28» / no value. «Сегодня» meaning "nowadays" is no date (:data:`NOWADAYS_RULES`).
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
_YEAR = r"(?:19|20)\d\d"
_DASH = r"\s*[—–-]\s*"
_GEN = "|".join(_GENITIVE)
# «2012-м», «2014-й», «2014-го», «2014-му», «2014-ом» (not the decades «1990-е», «1990-х»)
_ORDINAL_YEAR = r"-(?:м|й|го|му|ом)(?![а-яё])"


def _first_digit_alone(before: str, digit: str = r"\d") -> str:
    """A digit (of class ``digit``) that no character of class ``before`` precedes, the
    check after the digit: a pattern that opens with a character class lets the regex engine
    skip to the places where one is, while a lookbehind or an optional first character makes
    it try every position (four times slower over a text)."""
    return rf"{digit}(?<!{before}{digit})"


_NO_DIGIT = r"\d"
_YEAR_ALONE = (rf"(?:{_first_digit_alone(_NO_DIGIT, '1')}9|"
               rf"{_first_digit_alone(_NO_DIGIT, '2')}0)\d\d")  # _YEAR after no digit


def _day(before: str) -> str:
    """A day's one or two digits (the first of two 0 to 3) after no character of class
    ``before``, its first digit first."""
    return rf"{_first_digit_alone(before)}(?:(?<=[0-3])\d)?"


_DAY_ALONE = _day(_NO_DIGIT)
_DAY_NO_DOT = _day(r"[\d.]")
_DAY_TWO_DIGITS = _first_digit_alone(r"[\d.,]", "[0-3]") + r"\d"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("range", re.compile(rf"(?P<y1>{_YEAR_ALONE}){_DASH}(?P<y2>{_YEAR})"
                         r"\s*(?:годы|годах|годов|годам|гг\.)", re.IGNORECASE)),
    ("range", re.compile(rf"(?<![а-яё])с\s+(?P<y1>{_YEAR})(?:\s*(?:года|г\.))?\s+"
                         rf"(?:по|до)\s+(?P<y2>{_YEAR})(?!\d)"
                         r"(?:\s*(?:годы|год|года|году|гг\.|г\.)(?![а-яё]))?", re.IGNORECASE)),
    ("range", re.compile(rf"(?<![\d.])(?:(?P<from>с)\s+)?(?P<d1>[0-3]?\d)(?:\s+(?P<m1>{_GEN}))?"
                         rf"(?(from)\s+(?:по|до)\s+|{_DASH})(?P<d>[0-3]?\d)\s+(?P<m>{_GEN})"
                         rf"(?:\s+(?P<y>{_YEAR}){_YEAR_WORD})?(?![а-яё])", re.IGNORECASE)),
    ("date", re.compile(rf"(?P<d>{_DAY_ALONE})\s+(?P<m>{_GEN})"
                        rf"(?:\s+(?P<y>{_YEAR}){_YEAR_WORD})?(?![а-яё])", re.IGNORECASE)),
    ("date", re.compile(rf"(?P<d>{_DAY_NO_DOT})\.(?P<mn>[01]?\d)\.(?P<y>{_YEAR})"
                        rf"(?![\d.]\d){_YEAR_WORD}")),
    ("date", re.compile(rf"(?P<d>{_DAY_TWO_DIGITS})\.(?P<mn>[01]\d)\."
                        r"(?P<yy>\d\d)(?![\d]|[.,]\d)")),
    ("month", re.compile(rf"(?<![а-яё])(?P<m>{'|'.join(_LOCATIVE + _NOMINATIVE)})\s+"
                         rf"(?P<y>{_YEAR}){_YEAR_WORD}", re.IGNORECASE)),
    ("year", re.compile(rf"(?P<y>{_YEAR_ALONE})(?:\s*(?:году|года|год|г\.)|{_ORDINAL_YEAR})"
                        r"(?![а-яё])", re.IGNORECASE)),
    ("relative", re.compile(rf"(?<![а-яё])(?P<r>{'|'.join(_RELATIVE)})(?![а-яё])",
                            re.IGNORECASE)),
)

# -- «сегодня» meaning "nowadays" --------------------------------------------------------
# Each rule answers one question about one «сегодня»; the first that says yes makes it no date
# (unless a date follows it: «сегодня, 5 мая, …»). The word lists are data; extend them there.
PAST_MARKERS = ("раньше", "прежде", "когда-то", "некогда", "в прошлом", "ещё недавно",
                "еще недавно", "в советское время", "в советские времена", "век назад",
                "лет назад", "десятилетия назад", "в свое время", "в своё время")
GENERIC_MARKERS = ("всё больше", "все больше", "всё чаще", "все чаще", "всё меньше",
                   "все меньше", "всё реже", "все реже", "как никогда", "по-прежнему",
                   "многие", "много", "немало", "мало кто", "большинство", "каждый второй",
                   "является", "являются", "остаётся", "остается", "остаются", "существует",
                   "существуют", "насчитывается", "насчитываются", "считается", "принято")
_CLAUSE_END = re.compile(r"[.!?;]\s|[.!?;]$|\n")
_SENTENCE_END = re.compile(r".*(?:[.!?]\s|\n)", re.DOTALL)
_EXPLICIT_DATE = re.compile(rf"\s*,?\s*(?:\d{{1,2}}\s+(?:{_GEN})|"
                            r"(?:в\s+)?(?:понедельник|вторник|сред[ау]|четверг|пятниц[ау]|"
                            r"суббот[ау]|воскресенье))", re.IGNORECASE)
_YEAR_MENTION = re.compile(r"(?<!\d)(?:1\d|20)\d\d\s*(?:году|года|г\.|-м)(?![а-яё])")
WINDOW = 200  # characters looked at around a «сегодня»: the work stays linear in the text


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![а-яё-])(?:{alternatives})(?![а-яё-])", re.IGNORECASE)


_PAST = _words(PAST_MARKERS)
_GENERIC = _words(GENERIC_MARKERS)


def _sentence_before(text: str, start: int) -> str:
    window = text[max(0, start - WINDOW):start]
    found = _SENTENCE_END.match(window)
    return window[found.end():] if found else window


def _clause_after(text: str, end: int) -> str:
    window = text[end:end + WINDOW]
    found = _CLAUSE_END.search(window)
    return window[:found.start()] if found else window


def in_a_name(text: str, start: int, end: int) -> bool:
    """«Экономика сегодня»: the last word of a quoted title."""
    return text[end:end + 1] in ("»", '"', "“", "”")


def after_the_past(text: str, start: int, end: int) -> bool:
    """«выпущено в 1859 году и сегодня является редкостью», «раньше …, а сегодня …»: a past
    time named earlier in the sentence makes «сегодня» the present as against it."""
    before = _sentence_before(text, start)
    return bool(_PAST.search(before) or _YEAR_MENTION.search(before))


def generic_present(text: str, start: int, end: int) -> bool:
    """«сегодня в России много …», «сегодня всё больше …», «сегодня является …»: the clause
    states how things are, not what happened that day."""
    return bool(_GENERIC.search(_clause_after(text, end)))


NOWADAYS_RULES = (in_a_name, after_the_past, generic_present)


def nowadays_rule(text: str, start: int, end: int) -> str | None:
    """Name of the rule by which «сегодня» at ``[start, end)`` means "nowadays", or None."""
    if text[start:end].lower() != "сегодня" or _EXPLICIT_DATE.match(text, end):
        return None
    for rule in NOWADAYS_RULES:
        if rule(text, start, end):
            return rule.__name__
    return None


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


def _two_digit_year(yy: str) -> int:
    """«09.09.18» → 2018, «01.02.95» → 1995 (years 1951–2050)."""
    return 2000 + int(yy) if int(yy) <= 50 else 1900 + int(yy)


def _day(year: int | None, month: int, day: int, published: date | None
         ) -> tuple[str | None, bool]:
    """ISO value of a day (``--MM-DD`` without a year unless the article's date gives one)."""
    if year is not None:
        return (f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None), False
    if published is not None and _valid(published.year, month, day):
        return f"{published.year:04d}-{month:02d}-{day:02d}", True
    return (f"--{month:02d}-{day:02d}" if _valid(2000, month, day) else None), False


def _range_value(groups: dict[str, Any], published: date | None) -> tuple[str | None, bool]:
    """Both ends of a range as an ISO 8601 interval ``start/end``; None if they are no range
    (an end that is no date, or a start after the end)."""
    if groups.get("y1"):
        first, last = int(groups["y1"]), int(groups["y2"])
        return (f"{first}/{last}" if first < last else None), False
    month = _MONTH[groups["m"].lower()]
    first_month = _MONTH[groups["m1"].lower()] if groups.get("m1") else month
    year = int(groups["y"]) if groups.get("y") else None
    start, resolved = _day(year, first_month, int(groups["d1"]), published)
    end, _ = _day(year, month, int(groups["d"]), published)
    if start is None or end is None or start.lstrip("-") >= end.lstrip("-"):
        return None, False
    return f"{start}/{end}", resolved


def _value(kind: str, match: re.Match[str], published: date | None) -> tuple[str | None, bool]:
    """(ISO value, whether the article date was used to get it)."""
    groups = match.groupdict()
    if kind == "range":
        return _range_value(groups, published)
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
    if groups.get("yy"):
        return _day(_two_digit_year(groups["yy"]), month, day, None)
    if groups.get("y"):
        return _day(int(groups["y"]), month, day, None)
    return _day(None, month, day, published)


def find_dates(text: str, published: date | None = None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    taken = DisjointIntervals()  # an earlier pattern's date wins
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            if kind == "relative" and nowadays_rule(text, start, end):
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
