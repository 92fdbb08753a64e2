"""Where each ``meta`` field of an article came from, and the rules that keep captions, photo
credits and quoted documents out of ``published`` and ``outlet``.

``meta["provenance"]`` maps each of ``title``, ``published``, ``outlet``, ``url`` present in
``meta`` to one of:

- ``input``: given with the article (a JSONL record's field, a caller's ``meta``);
- ``html``: written in the page's markup (``<meta>``, ``<time datetime>``, og: tags, JSON-LD);
- ``dateline``: a date line of the page (a stamp like «18:33 25 июля 2024» above the first
  paragraph, «Опубликовано: ...» anywhere outside captions) or an agency lead at the start of
  the first paragraph («МОСКВА, 7 ноября 2023 — РИА Новости.»);
- ``byline``: the site's own copyright or author line («© Служба новостей «URA.RU»»);
- ``body``: found in the page text by the structure step (the headline chosen among its lines).

Only ``input``, ``html`` and ``dateline`` dates may anchor relative dates («вчера», «до 28
марта»): :func:`relative_anchor`. The word lists of the rules live in ``models/meta_rules.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..resources import load_data_file

INPUT, HTML, DATELINE, BYLINE, BODY = "input", "html", "dateline", "byline", "body"
SOURCES: tuple[str, ...] = (INPUT, HTML, DATELINE, BYLINE, BODY)
FIELDS: tuple[str, ...] = ("title", "published", "outlet", "url")
KEY = "provenance"
# Dates that may resolve «вчера» and «до 28 марта»: given, in the markup, or a date line.
ANCHOR_SOURCES = frozenset({INPUT, HTML, DATELINE})

RULES_FILE = "meta_rules.yaml"
RULES_FORMAT = "nlp_extract.meta_rules"
_WORD = re.compile(r"[0-9a-zа-яё№]+(?:[-.][0-9a-zа-яё]+)*")


@dataclass(frozen=True)
class MetaRules:
    """The word lists of ``models/meta_rules.yaml`` (all case-folded, «ё» as «е»)."""

    min_year: int
    document_words: tuple[str, ...]
    photo_words: tuple[str, ...]
    picture_agencies: tuple[str, ...]
    rights_phrases: tuple[str, ...]
    outlet_words: tuple[str, ...]
    publication_words: tuple[str, ...]


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def _words(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        from ..errors import InternalError

        raise InternalError(f"models/{RULES_FILE}: {key!r} must be a list of words")
    return tuple(fold(value.strip()) for value in values)


@cache
def meta_rules() -> MetaRules:
    """The rules of ``models/meta_rules.yaml``, loaded once."""
    data = load_data_file(RULES_FILE, RULES_FORMAT)
    min_year = data.get("min_year")
    if isinstance(min_year, bool) or not isinstance(min_year, int):
        from ..errors import InternalError

        raise InternalError(f"models/{RULES_FILE}: 'min_year' must be a year")
    return MetaRules(min_year, *(_words(data, key) for key in (
        "document_words", "photo_words", "picture_agencies", "rights_phrases", "outlet_words",
        "publication_words")))


def has_word(text: str, stems: Iterable[str]) -> bool:
    """A word of ``text`` starts with one of ``stems``, or a phrase of them (with a space)
    occurs in it."""
    folded = fold(text)
    words = _WORD.findall(folded)
    for stem in stems:
        if " " in stem:
            if stem in folded:
                return True
        elif any(word.startswith(stem) for word in words):
            return True
    return False


def last_words(text: str, count: int) -> list[str]:
    return _WORD.findall(fold(text))[-count:]


# ---------------------------------------------------------------- rules for dates


def plausible_year(iso: str) -> bool:
    """A date found in a page's text may be its publication date: not before ``min_year``."""
    return iso[:4].isdigit() and int(iso[:4]) >= meta_rules().min_year


def cites_document(before: str) -> bool:
    """The text just before a date makes it the date of a document or a quoted paper: «от»
    («от 7 ноября 1942 года»), a number («№ 12 от»), a document word within five words
    («приказ», «письмо», «постановление»)."""
    words = last_words(before, 5)
    if not words:
        return False
    if words[-1] == "от" or "№" in before[-40:]:
        return True
    return any(word.startswith(stem) for word in words for stem in meta_rules().document_words)


def is_publication_stamp(text: str) -> bool:
    """A date line that says it is the publication date («Опубликовано: 25.07.2024»)."""
    return has_word(text, meta_rules().publication_words)


# ---------------------------------------------------------------- rules for outlets


def is_photo_credit(text: str) -> bool:
    """A credit of a picture, not of the page: «Фото: Анна Майорова © URA.RU», «© РИА Новости /
    Сергей Бобылев», «© ZUMAPRESS.com»."""
    rules = meta_rules()
    folded = fold(text)
    return (has_word(text, rules.photo_words)
            or any(agency in folded for agency in rules.picture_agencies)
            or bool(re.search(r"©[^/]*\S\s*/\s*\S", text)))


def is_site_copyright(text: str) -> bool:
    """The site's own copyright line: opens with ©, (c) or «Copyright» (or holds a rights
    phrase), is no photo credit, and says it is a site's: a year («© 2024 ...»), a rights
    phrase («Все права защищены») or an outlet word («© Служба новостей «URA.RU»»)."""
    rules = meta_rules()
    stripped = text.lstrip()
    opens = bool(re.match(r"(©|\([cс]\)|copyright\b)", stripped, re.IGNORECASE))
    rights = has_word(text, rules.rights_phrases)
    if not (opens or rights) or is_photo_credit(text):
        return False
    year = bool(re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text))
    return year or rights or has_word(text, rules.outlet_words)


_PERSON = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ]\.)*"
                     r"(?:\s+[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?){1,2}")


def looks_like_person(name: str) -> bool:
    """Two or three capitalised Cyrillic words and nothing else («Анна Майорова»)."""
    return bool(_PERSON.fullmatch(name.strip()))


@cache
def _place_names() -> frozenset[str]:
    """Names and aliases of the gazetteer's places (cities, regions, countries), folded."""
    data = load_data_file("gazetteer/places.json", "nlp_extract.gazetteer.v1")
    names: set[str] = set()
    for section in ("subjects", "cities", "countries", "regions"):
        for place in data.get(section) or []:
            if isinstance(place, Mapping):
                for name in (place.get("name"), place.get("official"),
                             *(place.get("aliases") or [])):
                    if isinstance(name, str):
                        names.add(fold(name))
    return frozenset(names)


def is_place(name: str) -> bool:
    """«Москва», «Тюменская область», «Россия»: a place, not an outlet."""
    return fold(" ".join(name.split())) in _place_names()


def plausible_outlet(name: str | None) -> bool:
    """A name that may be an outlet: short, not a place, not a picture agency, not a person."""
    if not name or not any(char.isalpha() for char in name) or len(name.split()) > 5:
        return False
    folded = fold(name)
    if any(agency in folded for agency in meta_rules().picture_agencies):
        return False
    return not is_place(name) and not looks_like_person(name)


# ---------------------------------------------------------------- provenance of meta


def provenance_of(meta: Mapping[str, Any]) -> dict[str, str]:
    value = meta.get(KEY)
    return dict(value) if isinstance(value, Mapping) else {}


def stamped(meta: Mapping[str, Any], source: str) -> dict[str, Any]:
    """``meta`` with every field of :data:`FIELDS` it holds marked as coming from ``source``
    (fields already marked keep their mark)."""
    result = {key: value for key, value in meta.items() if key != KEY}
    provenance = {field: source for field in FIELDS if result.get(field)}
    provenance.update({field: where for field, where in provenance_of(meta).items()
                       if result.get(field)})
    if provenance:
        result[KEY] = dict(sorted(provenance.items()))
    return result


def merge_meta(found: Mapping[str, Any], given: Mapping[str, Any],
               given_source: str = INPUT) -> dict[str, Any]:
    """``found`` (from the structure step) updated by ``given`` (which wins), with provenance:
    a field of ``given`` without its own mark is marked ``given_source`` (for a caller's meta:
    ``input``)."""
    merged = {key: value for key, value in found.items() if key != KEY}
    merged.update({key: value for key, value in given.items() if key != KEY})
    provenance = {field: where for field, where in provenance_of(found).items()
                  if field not in given}
    given_marks = provenance_of(given)
    for field in FIELDS:
        if given.get(field):
            provenance[field] = given_marks.get(field, given_source)
    provenance = {field: where for field, where in provenance.items() if merged.get(field)}
    if provenance:
        merged[KEY] = dict(sorted(provenance.items()))
    return merged


def relative_anchor(meta: Mapping[str, Any]) -> Any:
    """The ``published`` value relative dates may be resolved against, or None: a date marked
    as guessed from the body or a byline is not used; an unmarked one was given by the caller."""
    published = meta.get("published")
    if not published:
        return None
    source = provenance_of(meta).get("published", INPUT)
    return published if source in ANCHOR_SOURCES else None
