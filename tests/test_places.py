"""Places: the gazetteer data, its loader and lookups, and the ``places`` component."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nlp_extract.pipeline import build_pipeline
from nlp_extract.pipeline.gazetteer import (
    FORMAT,
    SUBJECT_KINDS,
    GazetteerError,
    default_path,
    load_gazetteer,
)
from nlp_extract.pipeline.models import morph_analyzer
from nlp_extract.pipeline.places import PlaceTagger

from conftest import SAMPLES, read_table

GAZETTEER = load_gazetteer()


# ---------------------------------------------------------------- the data

def test_subjects_of_every_kind() -> None:
    kinds = Counter(place.kind for place in GAZETTEER.subjects)
    assert kinds == {"republic": 24, "krai": 9, "oblast": 48, "federal_city": 3,
                     "autonomous_okrug": 4, "autonomous_oblast": 1}
    assert len(GAZETTEER.subjects) >= 89
    assert sum(place.iso is not None for place in GAZETTEER.subjects) == 83  # ISO 3166-2:RU


def test_iso_codes_well_formed_and_unique() -> None:
    codes = [place.iso for place in GAZETTEER.places if place.iso is not None]
    assert len(codes) == len(set(codes))
    for place in GAZETTEER.subjects:
        assert place.kind in SUBJECT_KINDS
        assert place.iso is None and place.note or re.fullmatch(r"RU-[A-Z]{2,3}", place.iso)
    for place in GAZETTEER.countries:
        assert re.fullmatch(r"[A-Z]{2}", place.iso)
    assert len(GAZETTEER.countries) >= 60


# code | canonical name | kind
KNOWN_CODES = """
RU-SVE | Свердловская область              | oblast
RU-TYU | Тюменская область                 | oblast
RU-MOW | Москва                            | federal_city
RU-SPE | Санкт-Петербург                   | federal_city
RU-MOS | Московская область                | oblast
RU-LEN | Ленинградская область             | oblast
RU-TA  | Республика Татарстан              | republic
RU-BA  | Республика Башкортостан           | republic
RU-SA  | Республика Саха (Якутия)          | republic
RU-SE  | Республика Северная Осетия — Алания | republic
RU-KHM | Ханты-Мансийский автономный округ | autonomous_okrug
RU-YAN | Ямало-Ненецкий автономный округ   | autonomous_okrug
RU-YEV | Еврейская автономная область      | autonomous_oblast
RU-PER | Пермский край                     | krai
RU-KEM | Кемеровская область               | oblast
RU-CHE | Челябинская область               | oblast
RU-NIZ | Нижегородская область             | oblast
RU     | Россия                            | country
US     | США                               | country
UA     | Украина                           | country
BY     | Белоруссия                        | country
CN     | Китай                             | country
DE     | Германия                          | country
GB     | Великобритания                    | country
KZ     | Казахстан                         | country
KP     | КНДР                              | country
KR     | Южная Корея                       | country
"""


@pytest.mark.parametrize(("iso", "name", "kind"), read_table(KNOWN_CODES))
def test_known_codes(iso: str, name: str, kind: str) -> None:
    place = GAZETTEER.lookup(name)
    assert place is not None and (place.iso, place.name, place.kind) == (iso, name, kind)


def test_subjects_without_iso_code_are_documented() -> None:
    no_iso = {place.name for place in GAZETTEER.subjects if place.iso is None}
    assert no_iso == {"Республика Крым", "Севастополь", "Донецкая Народная Республика",
                      "Луганская Народная Республика", "Запорожская область",
                      "Херсонская область"}


def test_cities_point_to_their_subjects() -> None:
    """A Russian city lies in a federal subject; a foreign one («Лондон») in a country."""
    subjects = {place.name: place for place in GAZETTEER.subjects + GAZETTEER.countries}
    for city in GAZETTEER.cities:
        assert city.region in subjects, city.name
        assert city.region_iso == subjects[city.region].iso, city.name
    abroad = {city.name: city.region_iso for city in GAZETTEER.cities
              if not (city.region_iso or "").startswith("RU")}
    assert abroad["Лондон"] == "GB" and abroad["Киев"] == "UA" and len(abroad) >= 90
    without_capital = {place.name for place in GAZETTEER.subjects if place.capital is None}
    assert without_capital == {"Москва", "Санкт-Петербург", "Севастополь",
                               "Московская область", "Ленинградская область"}


@pytest.mark.parametrize("field", ["adjectives", "demonyms"])
def test_words_are_pymorphy3_lemmas(field: str) -> None:
    """Every adjective (demonym) is an adjective (noun) lemma for pymorphy3, as the lemmatizer
    will give it; otherwise the component could never match it."""
    pos = "ADJF" if field == "adjectives" else "NOUN"
    analyzer = morph_analyzer()
    bad = [word for place in GAZETTEER.places for word in getattr(place, field)
           if not any(parse.normal_form == word and _pos(parse) == pos
                      for parse in analyzer.parse(word))]
    assert not bad


def _pos(parse: Any) -> str | None:
    return parse.tag.POS


# ---------------------------------------------------------------- loading and validation

def _data() -> dict[str, Any]:
    return json.loads(default_path().read_text(encoding="utf-8"))


def _set(section: str, name: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        entry = next(entry for entry in data[section] if entry["name"] == name)
        if value is _DELETE:
            del entry[key]
        else:
            entry[key] = value
    return change


_DELETE = object()

# how the file is broken | words the error message must contain
BROKEN = [
    (lambda data: data.update(format="other"), ["format", FORMAT]),
    (lambda data: data.update(version=""), ["version"]),
    (lambda data: data.pop("cities"), ["cities"]),
    (_set("subjects", "Свердловская область", "kind", _DELETE), ["Свердловская область", "kind"]),
    (_set("subjects", "Свердловская область", "kind", "region"), ["Свердловская область", "kind"]),
    (_set("subjects", "Свердловская область", "iso", "RU-TYU"), ["Свердловская область", "RU-TYU"]),
    (_set("subjects", "Тюменская область", "iso", "ru-tyu"), ["Тюменская область", "iso"]),
    (_set("subjects", "Тюменская область", "iso", None), ["Тюменская область", "iso", "note"]),
    (_set("subjects", "Тюменская область", "isocode", "X"), ["Тюменская область", "isocode"]),
    (_set("subjects", "Тюменская область", "capital", "Екатеринбург"), ["Тюменская область", "capital"]),
    (_set("countries", "США", "iso", "USA"), ["США", "iso"]),
    (_set("cities", "Тюмень", "region", "Тюменский край"), ["Тюмень", "region"]),
    (_set("cities", "Тюмень", "region_iso", "RU-SVE"), ["Тюмень", "region_iso"]),
    (_set("cities", "Тюмень", "aliases", ["Екатеринбург"]), ["Тюмень", "Екатеринбург"]),
    (_set("cities", "Тюмень", "adjectives", ["Тюменский"]), ["Тюмень", "adjectives"]),
    (_set("countries", "Китай", "adjectives", ["российский"]), ["Китай", "российский"]),
]


@pytest.mark.parametrize(("breaks", "words"), BROKEN, ids=[" ".join(w) for _, w in BROKEN])
def test_broken_file_raises_clear_error(tmp_path: Path, breaks: Callable[[dict[str, Any]], None],
                                        words: list[str]) -> None:
    data = _data()
    breaks(data)
    path = tmp_path / "places.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(GazetteerError) as error:
        load_gazetteer(path)
    assert all(word in str(error.value) for word in words), str(error.value)


def test_missing_or_invalid_json_file(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="missing"):
        load_gazetteer(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(GazetteerError, match="not valid UTF-8 JSON"):
        load_gazetteer(bad)


def test_loaded_once() -> None:
    assert load_gazetteer() is load_gazetteer(default_path())


# ---------------------------------------------------------------- lookups

# as written | canonical name | kind | geo iso
LOOKUPS = """
Свердловская область              | Свердловская область              | oblast           | RU-SVE
свердловская   обл.               | Свердловская область              | oblast           | RU-SVE
Тюмень                            | Тюмень                            | city             | RU-TYU
г. Тюмень                         | Тюмень                            | city             | RU-TYU
город Москва                      | Москва                            | federal_city     | RU-MOW
Петербург                         | Санкт-Петербург                   | federal_city     | RU-SPE
СПб                               | Санкт-Петербург                   | federal_city     | RU-SPE
Татарстан                         | Республика Татарстан              | republic         | RU-TA
Центральная Азия                  | Средняя Азия                      | world_region     | -
Югра                              | Ханты-Мансийский автономный округ | autonomous_okrug | RU-KHM
ХМАО-Югра                         | Ханты-Мансийский автономный округ | autonomous_okrug | RU-KHM
Ханты-Мансийский автономный округ — Югра | Ханты-Мансийский автономный округ | autonomous_okrug | RU-KHM
Ямал                              | Ямало-Ненецкий автономный округ   | autonomous_okrug | RU-YAN
Кузбасс                           | Кемеровская область               | oblast           | RU-KEM
Прикамье                          | Пермский край                     | krai             | RU-PER
Подмосковье                       | Московская область                | oblast           | RU-MOS
Южный Урал                        | Челябинская область               | oblast           | RU-CHE
Средний Урал                      | Свердловская область              | oblast           | RU-SVE
Нижний Новгород                   | Нижний Новгород                   | city             | RU-NIZ
Орел                              | Орёл                              | city             | RU-ORL
Крым                              | Республика Крым                   | republic         | -
РФ                                | Россия                            | country          | RU
Соединённые Штаты                 | США                               | country          | US
Соединенные Штаты Америки         | США                               | country          | US
Беларусь                          | Белоруссия                        | country          | BY
КНР                               | Китай                             | country          | CN
Поднебесная                       | Китай                             | country          | CN
Страна восходящего солнца         | Япония                            | country          | JP
Ленинград                         | Санкт-Петербург                   | federal_city     | RU-SPE
Северная столица                  | Санкт-Петербург                   | federal_city     | RU-SPE
Первопрестольная                  | Москва                            | federal_city     | RU-MOW
Свердловск                        | Екатеринбург                      | city             | RU-SVE
Сталинград                        | Волгоград                         | city             | RU-VGG
Кёнигсберг                        | Калининград                       | city             | RU-KGD
"""


@pytest.mark.parametrize(("written", "name", "kind", "iso"), read_table(LOOKUPS))
def test_lookup(written: str, name: str, kind: str, iso: str) -> None:
    place = GAZETTEER.lookup(written)
    assert place is not None, written
    geo = place.geo()
    assert (geo["name"], geo["kind"], geo["iso"] or "-") == (name, kind, iso)


def test_lookup_unknown() -> None:
    assert GAZETTEER.lookup("Кировский район") is None
    assert GAZETTEER.lookup("") is None


# lemma | adjective or demonym | place
WORDS = """
свердловский     | adjective | Свердловская область
тюменский        | adjective | Тюменская область
екатеринбургский | adjective | Екатеринбург
московский       | adjective | Москва
подмосковный     | adjective | Московская область
башкирский       | adjective | Республика Башкортостан
российский       | adjective | Россия
американский     | adjective | США
европейский      | adjective | Европа
латиноамериканский | adjective | Латинская Америка
тюменец          | demonym   | Тюмень
екатеринбуржец   | demonym   | Екатеринбург
москвич          | demonym   | Москва
россиянин        | demonym   | Россия
свердловчанин    | demonym   | Свердловская область
"""


@pytest.mark.parametrize(("lemma", "role", "name"), read_table(WORDS))
def test_adjective_and_demonym_lookup(lemma: str, role: str, name: str) -> None:
    lookup = GAZETTEER.by_adjective if role == "adjective" else GAZETTEER.by_demonym
    place = lookup(lemma)
    assert place is not None and place.name == name


def test_city_geo_carries_its_region() -> None:
    geo = GAZETTEER.lookup("Екатеринбург").geo()
    assert geo == {"iso": "RU-SVE", "kind": "city", "name": "Екатеринбург",
                   "region": "Свердловская область"}


# ---------------------------------------------------------------- the component

def _with_places(config: dict[str, Any] | None = None):
    nlp = build_pipeline()
    if "places" in nlp.pipe_names:  # once the pipeline includes it
        nlp.remove_pipe("places")
    nlp.add_pipe("places", before="entity_grouper", config=config or {})
    return nlp


@pytest.fixture(scope="module")
def places_nlp():
    return _with_places()


def _mentions(doc) -> list[tuple[str, str, bool, str, str]]:
    return [(span.text, span._.normal, span._.derived, (span._.geo or {}).get("iso") or "-",
             (span._.geo or {}).get("kind") or "-")
            for span in doc.spans["mentions"] if span.label_ == "LOC"]


# sentence | mention | normal | derived | geo iso | geo kind
GOLDEN = """
Сотрудники свердловской опеки попали под слежку   | свердловской      | Свердловская область | True  | RU-SVE | oblast
Такие комментарии оставляли тюменцы               | тюменцы           | Тюмень               | True  | RU-TYU | city
Тюменские чиновники не ответили                   | Тюменские         | Тюменская область    | True  | RU-TYU | oblast
Губернатор Тюменской области выступил             | Тюменской области | Тюменская область    | False | RU-TYU | oblast
Он родился в Екатеринбурге                        | Екатеринбурге     | Екатеринбург         | False | RU-SVE | city
Случай с екатеринбургским приемным мальчиком      | екатеринбургским  | Екатеринбург         | True  | RU-SVE | city
В Москву приехала делегация США                   | США               | США                  | False | US     | country
Об этом рассказали москвичи                       | москвичи          | Москва               | True  | RU-MOW | federal_city
Акции купили российские компании                  | российские        | Россия               | True  | RU     | country
Так считают ульяновцы                             | ульяновцы         | Ульяновск            | True  | RU-ULY | city
Сотрудники кабардино-балкарской опеки             | кабардино-балкарской | Кабардино-Балкарская Республика | True | RU-KB | republic
Жители свердловской области недовольны            | свердловской области | Свердловская область | False | RU-SVE | oblast
Жители пермского края недовольны                  | пермского края    | Пермский край        | False | RU-PER | krai
Он переехал в Свердловскую обл. весной            | Свердловскую обл  | Свердловская обл     | False | RU-SVE | oblast
Он переехал в РФ весной                           | РФ                | РФ                   | False | RU     | country
Он переехал в Крым весной                         | Крым              | Крым                 | False | -      | republic
Он стал чемпионом Европы по шахматам              | Европы            | Европа               | False | -      | world_region
Конфликт на Ближнем Востоке обострился            | Ближнем Востоке   | Ближний Восток       | False | -      | world_region
Лидеры африканских стран встретились              | африканских       | Африка               | True  | -      | world_region
"""


@pytest.mark.parametrize(("sentence", "text", "normal", "derived", "iso", "kind"),
                         read_table(GOLDEN))
def test_golden(places_nlp, sentence: str, text: str, normal: str, derived: str, iso: str,
                kind: str) -> None:
    found = _mentions(places_nlp(sentence + "."))
    assert (text, normal, derived == "True", iso, kind) in found, found


# sentence | why no place mention is derived there
NOT_DERIVED = """
Пробка на Московском проспекте                    | a street named after the city
В Кировском районе открыли школу                  | a district, not the Кировская область
Он сдал экзамен по китайскому языку               | a language
"""


@pytest.mark.parametrize(("sentence", "why"), read_table(NOT_DERIVED))
def test_not_derived(places_nlp, sentence: str, why: str) -> None:
    doc = places_nlp(sentence + ".")
    assert not [span for span in doc.spans["mentions"] if span._.derived], why


def test_mentions_get_entities_and_ents(places_nlp) -> None:
    doc = places_nlp("Тюменцы и тюменские власти спорят. В Тюмени тепло.")
    derived = [span for span in doc.spans["mentions"] if span._.derived]
    assert len(derived) == 2 and all(span._.entity for span in derived)
    assert [ent.text for ent in doc.ents if ent.label_ == "LOC"] == ["Тюменцы", "Тюмени"]
    assert [ent.text for ent in doc.ents if ent.label_ == "ORG"] == ["тюменские власти"]
    names = {(e["name"], e["count"]) for e in doc._.entities}
    assert {("Тюмень", 2), ("Тюменская область", 1)} <= names


def test_seed_article(places_nlp) -> None:
    text = (SAMPLES / "000_a5760198d369cf0a.txt").read_text(encoding="utf-8")
    doc = places_nlp(text)
    sverdlovsk = [span for span in doc.spans["mentions"]
                  if (span._.geo or {}).get("name") == "Свердловская область"]
    assert sverdlovsk and all(span._.geo["iso"] == "RU-SVE" for span in sverdlovsk)
    assert any(span._.derived and span.text == "свердловской" for span in sverdlovsk)
    assert {"Свердловская область", "Екатеринбург"} <= {e["name"] for e in doc._.entities}


def test_derived_switched_off() -> None:
    nlp = _with_places({"derived": False})
    doc = nlp("Тюменцы и тюменские чиновники приехали в Тюмень.")
    assert _mentions(doc) == [("Тюмень", "Тюмень", False, "RU-TYU", "city")]


def test_gazetteer_path_override(tmp_path: Path) -> None:
    data = _data()
    data["version"] = "test"
    data["cities"] = [city for city in data["cities"] if city["name"] != "Тюмень"]
    next(entry for entry in data["subjects"] if entry["capital"] == "Тюмень")["capital"] = None
    path = tmp_path / "places.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    nlp = _with_places({"gazetteer_path": str(path)})
    pipe = nlp.get_pipe("places")
    assert isinstance(pipe, PlaceTagger) and pipe.gazetteer.version == "test"
    assert _mentions(nlp("Он приехал в Тюмень.")) == [("Тюмень", "Тюмень", False, "-", "-")]


def test_analyze_pipes_sees_no_problem(places_nlp) -> None:
    analysis = places_nlp.analyze_pipes()
    assert not analysis["problems"]["places"]


# sentence | LOC mention as written | its core (the name) | normal form; "-" = not joined
TYPE_WORDS = """
Дом стоит у реки Славянки.                                  | реки Славянки                   | Славянки      | Славянка
Суд города Феникс рассмотрел иск.                            | города Феникс                   | Феникс        | Феникс
Он вырос в лондонском районе Тоттенхэм.                      | лондонском районе Тоттенхэм     | Тоттенхэм     | Тоттенхэм
Турнир принял маленький голландский городок Вейк-ан-Зее.    | голландский городок Вейк-ан-Зее | Вейк-ан-Зее   | Вейк-ан-Зее
Старт прошёл на мысе Канаверал.                              | мысе Канаверал                  | Канаверал     | Канаверал
Он побывал во многих городах России.                         | России                          | -             | Россия
Аэропорт расположен в районе Москвы.                         | Москвы                          | -             | Москва
"""


@pytest.mark.parametrize(("sentence", "text", "core", "normal"), read_table(TYPE_WORDS))
def test_type_word_joins_the_place(nlp, sentence: str, text: str, core: str, normal: str
                                   ) -> None:
    doc = nlp(sentence)
    places = [span for span in doc.spans["mentions"] if span.label_ == "LOC"]
    found = {span.text: span for span in places}
    assert text in found, [span.text for span in places]
    span = found[text]
    written_core = sentence[slice(*span._.core)] if span._.core else "-"
    assert (written_core, span._.normal) == (core, normal)
    assert not any(other.start < span.start < other.end or other.start < span.end < other.end
                   for other in places if other is not span)


def test_countries_ner_missed_become_places_unless_quoted(nlp) -> None:
    doc = nlp("Он выиграл чемпионат Франции, а шаттл «Колумбия» вернулся.")
    places = {(span.text, span._.normal) for span in doc.spans["mentions"]
              if span.label_ == "LOC"}
    assert ("Франции", "Франция") in places
    assert not any(text == "Колумбия" for text, _ in places)


def test_provinces_abroad_are_places_of_their_country(extractor) -> None:
    """Gazetteer 1.6: «Техас» is the US state (key by its ISO 3166-2 code), its adjective
    names it, and a body there takes it as its jurisdiction."""
    record = extractor.extract("В Техасе прошёл ураган. Власти штата Техас и техасские "
                               "фермеры подсчитывают убытки.").to_dict()
    keys = {entity["name"]: entity["key"] for entity in record["entities"]}
    assert keys["Техас"] == "loc:US-TX"
    assert keys["власти штата Техас"] == "org:Власти|US-TX"
    texas = next(e for e in record["entities"] if e["name"] == "Техас")
    assert texas["geo"] == {"iso": "US-TX", "kind": "province", "name": "Техас",
                            "region": "США"}
    assert texas["count"] == 3  # «Техасе», «Техас», «техасские»
    province = GAZETTEER.lookup("Шотландия")
    assert province is not None and (province.kind, province.iso) == ("province", "GB-SCT")
