"""The place gazetteer: federal subjects of Russia, their capitals and large cities, countries,
world regions («Европа», «Ближний Восток»).

The data is plain JSON in ``models/gazetteer/places.json`` (described in the README beside it),
checked on load: a wrong ``format``, a missing or mistyped field, a malformed or repeated ISO
code, a city whose region does not exist raise :class:`GazetteerError` naming the entry and the
field. Lookups fold case, «ё» and whitespace:

- :meth:`Gazetteer.lookup`: a name or alias, as written or as a nominative normal form
  («Свердловская область», «Свердловская обл.», «РФ», «Соединённые Штаты», «г. Тюмень»);
- :meth:`Gazetteer.by_adjective`: an adjective lemma («свердловский», «екатеринбургский»).
  When a city and its region share the adjective the region wins («тюменский» → Тюменская
  область), as news use it («тюменские чиновники»);
- :meth:`Gazetteer.by_demonym`: a demonym lemma; here the city wins («тюменец» → Тюмень).

:meth:`Place.geo` is what a mention gets as ``span._.geo``: ``{iso, kind, name, region}``. For a
city ``iso`` is the ISO 3166-2 code of its region and ``region`` the region's name; subjects
without an ISO 3166-2:RU code (Крым, Севастополь, ДНР, ЛНР, Запорожская и Херсонская области)
have ``iso`` None.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InternalError
from ..lexicons.words import entity_words
from ..resources import models_dir

FORMAT = "nlp_extract.gazetteer.v1"
DEFAULT_FILE = Path("gazetteer") / "places.json"

SUBJECT_KINDS = frozenset({"republic", "krai", "oblast", "federal_city", "autonomous_okrug",
                           "autonomous_oblast"})
SECTION_KINDS: dict[str, frozenset[str]] = {
    "subjects": SUBJECT_KINDS,
    "cities": frozenset({"city"}),
    "countries": frozenset({"country"}),
    "regions": frozenset({"world_region"}),
    "provinces": frozenset({"province"}),  # states, provinces, nations of other countries
}
OPTIONAL_SECTIONS = frozenset({"provinces"})  # since 1.6
_ISO_PATTERN = {"subjects": re.compile(r"RU-[A-Z]{2,3}"), "countries": re.compile(r"[A-Z]{2}"),
                "provinces": re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")}
_ADJECTIVE = re.compile(r"[а-яё]+(-[а-яё]+)*(ий|ый|ой)")
_WORD = re.compile(r"[а-яё]+(-[а-яё]+)*")

_LISTS = ("aliases", "adjectives", "demonyms")
_OPTIONAL_TEXT = ("official", "note")
_FIELDS: dict[str, frozenset[str]] = {
    "subjects": frozenset({"name", "kind", "iso", "capital", *_LISTS, *_OPTIONAL_TEXT}),
    "cities": frozenset({"name", "kind", "region", "region_iso", *_LISTS, *_OPTIONAL_TEXT}),
    "countries": frozenset({"name", "kind", "iso", *_LISTS, *_OPTIONAL_TEXT}),
    "regions": frozenset({"name", "kind", *_LISTS, *_OPTIONAL_TEXT}),
    "provinces": frozenset({"name", "kind", "iso", "region", "region_iso", *_LISTS,
                            *_OPTIONAL_TEXT}),
}
_REQUIRED: dict[str, frozenset[str]] = {
    "subjects": frozenset({"name", "kind", "iso", "capital", *_LISTS}),
    "cities": frozenset({"name", "kind", "region", "region_iso", *_LISTS}),
    "countries": frozenset({"name", "kind", "iso", *_LISTS}),
    "regions": frozenset({"name", "kind", *_LISTS}),
    "provinces": frozenset({"name", "kind", "iso", "region", "region_iso", *_LISTS}),
}

_DASHES = re.compile(r"\s*[-‐‑–—]\s*")
SPACED_DASH = re.compile(r"\s+[–—]\s+")


class GazetteerError(InternalError):
    """The gazetteer file is missing, not valid JSON, or breaks the format."""


@lru_cache(maxsize=20_000)
def fold(text: str) -> str:
    """Lowercase, «ё» → «е», dashes without spaces around them, whitespace collapsed."""
    text = _DASHES.sub("-", text.lower().replace("ё", "е"))
    return " ".join(text.split())


def name_keys(text: str) -> list[str]:
    """Folded keys under which ``text`` may be listed: as is, abbreviations expanded, no «г.»."""
    words = fold(text).split()
    short_forms = entity_words().place_abbreviations
    expanded = [short_forms.get(word, word) for word in words]
    keys = [" ".join(words), " ".join(expanded)]
    if len(expanded) > 1 and expanded[0] in entity_words().city_prefixes:
        keys.append(" ".join(expanded[1:]))
    elif expanded and expanded[0].startswith("г.") and len(expanded[0]) > 2:
        keys.append(" ".join([expanded[0][2:], *expanded[1:]]))
    keys.extend([unhyphenated(key) for key in keys])
    return list(dict.fromkeys(key for key in keys if key))


def unhyphenated(key: str) -> str:
    """«коста-рика» → «коста рика»: names are also written with a space for the hyphen."""
    return key.replace("-", " ")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. ``iso`` is the entry's own code (None for cities)."""

    name: str
    kind: str
    iso: str | None
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    region: str | None = None
    region_iso: str | None = None
    capital: str | None = None
    official: str | None = None
    note: str | None = None

    @property
    def is_city(self) -> bool:
        return self.kind == "city"

    @property
    def lies_in_region(self) -> bool:
        """A city (in its subject or country) or a province (in its country)."""
        return self.kind in ("city", "province")

    @property
    def names(self) -> tuple[str, ...]:
        extra = (self.official,) if self.official else ()
        return (self.name, *extra, *self.aliases)

    def geo(self) -> dict[str, str | None]:
        """``span._.geo``: a city carries its region's ISO code and name."""
        iso = self.region_iso if self.is_city else self.iso
        return {"iso": iso, "kind": self.kind, "name": self.name, "region": self.region}


@dataclass(frozen=True)
class Gazetteer:
    version: str
    path: Path
    places: tuple[Place, ...]
    _names: dict[str, Place] = field(repr=False)
    _adjectives: dict[str, Place] = field(repr=False)
    _demonyms: dict[str, Place] = field(repr=False)

    def lookup(self, name: str) -> Place | None:
        """The place named ``name`` (canonical name, official name or alias), else None."""
        for key in name_keys(name):
            if key in self._names:
                return self._names[key]
        return None

    def by_adjective(self, lemma: str) -> Place | None:
        return self._adjectives.get(fold(lemma))

    def by_demonym(self, lemma: str) -> Place | None:
        return self._demonyms.get(fold(lemma))

    @property
    def adjectives(self) -> Mapping[str, Place]:
        return self._adjectives

    @property
    def demonyms(self) -> Mapping[str, Place]:
        return self._demonyms

    def of_kind(self, *kinds: str) -> list[Place]:
        return [place for place in self.places if place.kind in kinds]

    @property
    def subjects(self) -> list[Place]:
        return self.of_kind(*SUBJECT_KINDS)

    @property
    def cities(self) -> list[Place]:
        return self.of_kind("city")

    @property
    def countries(self) -> list[Place]:
        return self.of_kind("country")


def default_path() -> Path:
    return models_dir() / DEFAULT_FILE


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (default ``models/gazetteer/places.json``), loaded once."""
    if path is None:
        return _default()
    return _load(str(Path(path).resolve()))


@lru_cache(maxsize=1)
def dash_name_pairs() -> frozenset[tuple[str, str]]:
    """The words either side of the dash of each name of the default gazetteer written with one
    (``fold``-ed, «ё» as «е»): «Ханты-Мансийский автономный округ — Югра» gives (округ, югра),
    «ХМАО — Югра» (хмао, югра)."""
    pairs = set()
    for place in _default().places:
        for name in place.names:
            parts = SPACED_DASH.split(name, maxsplit=1)
            if len(parts) == 2 and parts[0].split() and parts[1].split():
                pairs.add((fold(parts[0].split()[-1]), fold(parts[1].split()[0])))
    return frozenset(pairs)


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    """The default gazetteer: its path resolved once (rules ask for it thousands of times
    per corpus, and resolving a path asks the file system)."""
    return _load(str(default_path().resolve()))


@lru_cache(maxsize=8)
def _load(path: str) -> Gazetteer:
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GazetteerError(f"gazetteer file missing: {file}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GazetteerError(f"gazetteer {file} is not valid UTF-8 JSON: {error}") from None
    return build_gazetteer(data, file)


def build_gazetteer(data: Any, path: Path) -> Gazetteer:
    """Validate the decoded JSON ``data`` and index it."""
    where = path.name
    if not isinstance(data, dict):
        raise GazetteerError(f"{where}: the top level must be an object")
    if data.get("format") != FORMAT:
        raise GazetteerError(f"{where}: field 'format' is {data.get('format')!r}, "
                             f"expected {FORMAT!r}")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise GazetteerError(f"{where}: field 'version' must be a non-empty string")
    located: list[tuple[str, Place]] = []
    for section in SECTION_KINDS:
        entries = data.get(section, [] if section in OPTIONAL_SECTIONS else None)
        if not isinstance(entries, list):
            raise GazetteerError(f"{where}: field {section!r} must be a list of entries")
        for number, entry in enumerate(entries):
            at = f"{where}: {section}[{number}]"
            located.append((at, _place(entry, section, at)))
    _check_references(located)
    places = [place for _, place in located]
    return Gazetteer(version=version, path=path, places=tuple(places),
                     _names=_name_index(located),
                     _adjectives=_word_index(located, "adjectives", city_wins=False),
                     _demonyms=_word_index(located, "demonyms", city_wins=True))


def _fail(where: str, name: object, message: str) -> GazetteerError:
    label = f" «{name}»" if isinstance(name, str) and name else ""
    return GazetteerError(f"{where}{label}: {message}")


def _place(entry: Any, section: str, where: str) -> Place:
    if not isinstance(entry, dict):
        raise GazetteerError(f"{where}: an entry must be an object")
    name = entry.get("name")
    unknown = sorted(set(entry) - _FIELDS[section])
    if unknown:
        raise _fail(where, name, f"unknown field {unknown[0]!r}")
    missing = sorted(_REQUIRED[section] - set(entry))
    if missing:
        raise _fail(where, name, f"field {missing[0]!r} is missing")
    for key in ("name", "kind"):
        _check_text(entry, key, where, name)
    if entry["kind"] not in SECTION_KINDS[section]:
        raise _fail(where, name, f"field 'kind' is {entry['kind']!r}, expected one of "
                                 f"{', '.join(sorted(SECTION_KINDS[section]))}")
    for key in ("capital", "region", "official", "note"):
        if entry.get(key) is not None:
            _check_text(entry, key, where, name)
    lists = {key: _check_words(entry, key, where, name) for key in _LISTS}
    iso = _check_iso(entry, section, where, name)
    return Place(name=name, kind=entry["kind"], iso=iso, region=entry.get("region"),
                 region_iso=entry.get("region_iso"), capital=entry.get("capital"),
                 official=entry.get("official"), note=entry.get("note"), **lists)


def _check_text(entry: dict[str, Any], key: str, where: str, name: object) -> None:
    value = entry[key]
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise _fail(where, name, f"field {key!r} must be a non-empty string without outer "
                                 f"spaces, got {value!r}")


def _check_words(entry: dict[str, Any], key: str, where: str, name: object) -> tuple[str, ...]:
    values = entry[key]
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise _fail(where, name, f"field {key!r} must be a list of non-empty strings")
    if key == "adjectives":
        bad = [value for value in values if not _ADJECTIVE.fullmatch(value)]
        if bad:
            raise _fail(where, name, f"field 'adjectives': {bad[0]!r} is not a lower-case "
                                     "adjective lemma (…ий, …ый, …ой)")
    if key == "demonyms":
        bad = [value for value in values if not _WORD.fullmatch(value)]
        if bad:
            raise _fail(where, name, f"field 'demonyms': {bad[0]!r} is not a lower-case lemma")
    return tuple(values)


def _check_iso(entry: dict[str, Any], section: str, where: str, name: object) -> str | None:
    if section in ("cities", "regions"):
        return None  # world regions have no ISO code; a city carries its region's
    iso = entry["iso"]
    if iso is None:
        if section == "subjects" and entry.get("note"):
            return None
        raise _fail(where, name, "field 'iso' is null: only a subject with a 'note' explaining "
                                 "why ISO 3166-2 has no code may omit it")
    if not isinstance(iso, str) or not _ISO_PATTERN[section].fullmatch(iso):
        expected = {"subjects": "RU-XX or RU-XXX",
                    "provinces": "an ISO 3166-2 code such as US-TX"}.get(section,
                                                                       "two capital letters")
        raise _fail(where, name, f"field 'iso' is {iso!r}, expected {expected}")
    return iso


def _check_references(located: list[tuple[str, Place]]) -> None:
    # a city lies in a federal subject of Russia or, abroad, in a country; a province abroad
    # in a country
    regions = {place.name: place for _, place in located
               if place.kind in SUBJECT_KINDS or place.kind == "country"}
    cities = {place.name: place for _, place in located if place.is_city}
    codes: dict[str, str] = {}
    for where, place in located:
        if place.lies_in_region:
            _check_region(where, place, regions.get(place.region or ""))
        if place.iso is not None:
            if place.iso in codes:
                raise _fail(where, place.name, f"field 'iso': {place.iso} is also the code of "
                                               f"«{codes[place.iso]}»")
            codes[place.iso] = place.name
    for where, place in located:
        capital = cities.get(place.capital or "")
        if place.capital is not None and (capital is None or capital.region != place.name):
            raise _fail(where, place.name, f"field 'capital': {place.capital!r} is not a city "
                                           "of this subject in 'cities'")


def _check_region(where: str, city: Place, region: Place | None) -> None:
    if region is None:
        raise _fail(where, city.name, f"field 'region': {city.region!r} is not a subject in "
                                      "'subjects' nor a country in 'countries'")
    if city.region_iso != region.iso:
        raise _fail(where, city.name, f"field 'region_iso' is {city.region_iso!r}, but "
                                      f"«{region.name}» has iso {region.iso!r}")


def _name_index(located: list[tuple[str, Place]]) -> dict[str, Place]:
    index: dict[str, Place] = {}
    for where, place in located:
        for name in place.names:
            key = fold(name)
            other = index.get(key)
            if other is not None and other is not place:
                raise _fail(where, place.name, f"name or alias {name!r} also names "
                                               f"«{other.name}»")
            index[key] = place
    for key, place in list(index.items()):
        index.setdefault(unhyphenated(key), place)
    return index


def _word_index(located: list[tuple[str, Place]], key: str, city_wins: bool) -> dict[str, Place]:
    """Adjectives: a subject or country beats a city; demonyms: a city beats its region.

    Two entries of the same rank sharing a word, or a city sharing one with a subject other
    than its own region, are errors.
    """
    index: dict[str, Place] = {}
    for where, place in located:
        for word in getattr(place, key):
            folded = fold(word)
            other = index.get(folded)
            if other is None or other is place:
                index[folded] = place
                continue
            if other.is_city == place.is_city or _region_of(other, place) is None:
                raise _fail(where, place.name, f"field {key!r}: {word!r} is also listed for "
                                               f"«{other.name}»")
            if place.is_city == city_wins:
                index[folded] = place
    return index


def _region_of(first: Place, second: Place) -> Place | None:
    """The subject among the two when the other is a city in it, else None."""
    for city, region in ((first, second), (second, first)):
        if city.is_city and city.region == region.name:
            return region
    return None
