"""Publication dates written the ways Russian news sites write them → ISO 8601."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .provenance import cites_document

_MONTHS: tuple[tuple[str, int], ...] = (
    (r"январ[ьяе]|янв", 1), (r"феврал[ьяе]|фев", 2), (r"марта?|марте|мар", 3),
    (r"апрел[ьяе]|апр", 4), (r"ма[йяе]", 5), (r"июн[ьяе]|июн", 6), (r"июл[ьяе]|июл", 7),
    (r"августа?|августе|авг", 8), (r"сентябр[ьяе]|сент|сен", 9), (r"октябр[ьяе]|окт", 10),
    (r"ноябр[ьяе]|нояб|ноя", 11), (r"декабр[ьяе]|дек", 12),
)
_MONTH_RE = "|".join(f"(?:{pattern})" for pattern, _ in _MONTHS)

_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_TEXTUAL = re.compile(
    rf"(?<!\d)(?P<d>[0-3]?\d)\s*(?P<mon>{_MONTH_RE})\.?,?\s*(?P<y>\d{{4}})(?!\d)"
    r"(?:\s*(?:года|год|г\.?)(?![а-яё]))?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<!\d)(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>\d{4}|\d{2})(?![\d.]\d)"
    r"(?:\s*(?:года|год|г\.?)(?![а-яё]))?",
    re.IGNORECASE,
)
_TIME = re.compile(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d:])")
# Words that may stand beside a date in a dateline («Опубликовано: 25.07.2024 в 18:33 мск»).
_FILLER = re.compile(
    r"опубликован[оа]?|обновлен[оа]?|изменен[оа]?|дата|публикаци[ия]|создан[оа]?|размещен[оа]?"
    r"|сегодня|вчера|мск|msk|utc|gmt|в|от|года|год|г|published|updated|posted|on|at",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class FoundDate:
    iso: str
    start: int
    end: int


def _month_number(word: str) -> int | None:
    lowered = word.lower().rstrip(".")
    for pattern, number in _MONTHS:
        if re.fullmatch(pattern, lowered):
            return number
    return None


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _find_day(text: str) -> tuple[date, int, int, str | None, re.Match[str] | None] | None:
    """The first calendar date in ``text``: (date, start, end, tz, iso-match-with-time)."""
    candidates: list[tuple[int, int, date, str | None, re.Match[str] | None]] = []
    for match in _ISO.finditer(text):
        try:
            day = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        timed = match if match["h"] else None
        candidates.append((match.start(), match.end(), day, match["tz"], timed))
        break
    for match in _TEXTUAL.finditer(text):
        month = _month_number(match["mon"])
        if month is None:
            continue
        try:
            day = date(_year(match["y"]), month, int(match["d"]))
        except ValueError:
            continue
        candidates.append((match.start(), match.end(), day, None, None))
        break
    for match in _NUMERIC.finditer(text):
        try:
            day = date(_year(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        candidates.append((match.start(), match.end(), day, None, None))
        break
    if not candidates:
        return None
    start, end, day, tz, timed = min(candidates, key=lambda c: c[0])
    return day, start, end, tz, timed


def find_date(text: str) -> FoundDate | None:
    """The first date (with its time when one is written nearby) in ``text``, as ISO 8601.

    «18:33   25 июля 2024» → ``2024-07-25T18:33:00``; «25 июля 2024 года» → ``2024-07-25``;
    ``2024-07-25T18:33:00+03:00`` keeps its zone (``+03:00``).
    """
    found = _find_day(text)
    if found is None:
        return None
    day, start, end, tz, timed = found
    if timed is not None:
        hour, minute, second = int(timed["h"]), int(timed["mi"]), int(timed["s"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return FoundDate(day.isoformat(), start, end)
        zone = ""
        if tz:
            zone = "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
        return FoundDate(f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}{zone}",
                         start, end)
    # A time written just before or after the date (within a few characters).
    best: re.Match[str] | None = None
    for match in _TIME.finditer(text):
        before = match.end() <= start and start - match.end() <= 12
        after = match.start() >= end and match.start() - end <= 12
        if before or after:
            best = match
            break
    if best is None:
        return FoundDate(day.isoformat(), start, end)
    span_start, span_end = min(start, best.start()), max(end, best.end())
    stamp = f"{int(best['h']):02d}:{int(best['mi']):02d}:{int(best['s'] or 0):02d}"
    return FoundDate(f"{day.isoformat()}T{stamp}", span_start, span_end)


def parse_date(text: str) -> str | None:
    """ISO 8601 form of the first date in ``text`` or None."""
    found = find_date(text)
    return found.iso if found else None


def _only_filler(rest: str) -> bool:
    return all(_FILLER.fullmatch(word) for word in _WORD.findall(rest))


def dateline(text: str) -> tuple[bool, str | None]:
    """Is the line just a date/time stamp? Returns ``(is_dateline, iso_or_None)``.

    A time alone («Сегодня, 18:33») is a dateline without a usable date.
    """
    if len(text) > 80:
        return False, None
    found = find_date(text)
    if found is not None:
        rest = text[:found.start] + " " + text[found.end:]
        rest = _TIME.sub(" ", rest)
        if not _only_filler(rest) or cites_document(text[:found.start]):
            return False, None  # «от 7 ноября 1942 года»: a document's date, not a stamp
        return True, found.iso
    if _TIME.search(text) and _only_filler(_TIME.sub(" ", text)):
        return True, None
    return False, None


# An agency lead opening the first paragraph: «МОСКВА, 7 ноября 2023 — РИА Новости. ...»,
# «МОСКВА, 7 ноября. /ТАСС/. ...». The city is written in capitals.
_DOMAIN_NAME = r"[\w-]+\.(?i:ru|рф|ру|su|com|net|org|info|media|news|tv)(?!\w)"
_LEAD = re.compile(
    r"(?P<city>[А-ЯЁ][А-ЯЁ-]+(?:\s+[А-ЯЁ][А-ЯЁ-]+){0,2})\s*,\s*"
    rf"(?P<date>[0-3]?\d\s+(?i:{_MONTH_RE})\.?(?:\s+(?:19|20)\d\d(?:\s*(?:года|г\.?))?)?)"
    r"\s*(?:[-–—]\s*(?:«(?P<quoted>[^«»\n]{2,40})»|(?P<agency>" + _DOMAIN_NAME
    + r"|[^.,;:\n/()«»\"]{2,40}?))\s*[.,;]"
    r"|\.\s*/\s*(?P<slashed>[^/\n]{2,30}?)\s*/)"
)


@dataclass(frozen=True)
class Lead:
    """What an agency lead says: the date (ISO, None without a year) and the agency."""

    iso: str | None
    agency: str | None
    end: int


def lead_dateline(text: str) -> Lead | None:
    """The agency lead at the start of ``text`` («МОСКВА, 7 ноября 2023 — РИА Новости.»)."""
    match = _LEAD.match(text)
    if match is None:
        return None
    found = find_date(match["date"])
    agency = (match["quoted"] or match["agency"] or match["slashed"] or "").strip() or None
    return Lead(found.iso if found else None, agency, match.end())
