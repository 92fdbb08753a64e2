"""The ``places`` component's rules (``PLACE_RULES``, in order), one golden row each on the real
pipeline: the sentence's exact mention set, the mention the rule made or coded (its gazetteer
code and whether it is derived), and ``explain`` naming the rule for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nlp_extract.pipeline.places import DERIVED_RULES, PLACE_RULES, PlaceTagger

from conftest import mention_set, read_table

# rule | sentence | the mention the rule made or coded | its geo iso ("-": none) | derived |
# every mention of the sentence, «LABEL text = normal» joined by «; »
GOLDEN = """
country_split_at_and | Он уехал в Боснию и Герцеговину.     | Боснию и Герцеговину | BA | False | LOC Боснию и Герцеговину = Босния и Герцеговина
coded_by_name    | Он переехал в Свердловскую обл. весной.  | Свердловскую обл | RU-SVE | False | LOC Свердловскую обл = Свердловская обл
coded_by_word    | Кипрское правительство намерено ужесточить борьбу с подобными нарушениями. | Кипрское | CY | True | LOC Кипрское = Кипр; ORG правительство = правительство
missed_full_name | Жители свердловской области недовольны.  | свердловской области | RU-SVE | False | LOC свердловской области = Свердловская область
missed_country   | Она трижды побеждала на чемпионате Европы на короткой воде. | Европы | - | False | LOC Европы = Европа
place_adjective  | Сотрудники свердловской опеки попали под слежку. | свердловской | RU-SVE | True | LOC свердловской = Свердловская область
adjective_in_org_name | Сотрудники Российской академии наук выехали в экспедицию. | Российской | RU | True | ORG Российской академии наук = Российская академия наук; LOC Российской = Россия
adjective_before_place_type | Житель французского города Шартр получил срок. | французского | FR | True | LOC французского города Шартр = Шартр; LOC французского = Франция
demonym          | Об этом рассказали москвичи.             | москвичи         | RU-MOW | True  | LOC москвичи = Москва
"""

# sentence | every mention: what no rule of ``places`` adds (another place's name, a quoted name,
# a person's nationality: a country's demonym in the singular, its adjective before a person)
UNTOUCHED = """
В Кировском районе открыли школу.    | LOC Кировском районе = Кировский район
Иск подали в Кировский районный суд. | ORG Кировский районный суд = Кировский районный суд
Шаттл «Колумбия» вернулся на Землю.  | LOC Землю = Земля
Приз достался американцу Эндрю Смиту. | PER Эндрю Смиту = Эндрю Смит
Американский актёр Том Хэнкс прилетел в Москву. | PER Том Хэнкс = Том Хэнкс; LOC Москву = Москва
Перекрыты Тверская, Новый Арбат и набережная Европы. | LOC Тверская = Тверская; LOC Новый Арбат = Новый Арбат; LOC набережная Европы = набережная Европы
Фильм снят на немецком, субтитры на французском.     | -
Перевод с английского выполнен плохо.                | -
Он преподаёт немецкий язык и итальянский.            | -
Она знает немецкий и французский языки.              | -
В 19 часов по Московскому времени открыли год.       | -
"""

# sentence | every mention: a language named by an adjective stands beside places named so
LANGUAGES_AND_PLACES = """
Он выступил на российском, американском и китайском рынках. | LOC российском = Россия; LOC американском = США; LOC китайском = Китай
Сотрудничество с американским и британским правительством.  | LOC американским = США; LOC британским = Великобритания; ORG британским правительством = британское правительство
Фильм снят на немецком в американской студии.               | LOC американской = США
"""


@pytest.mark.parametrize(("sentence", "expected"), read_table(LANGUAGES_AND_PLACES))
def test_a_language_is_no_place_a_list_of_places_is(extractor, sentence: str,
                                                     expected: str) -> None:
    doc = extractor.nlp(sentence)
    assert {(span.label_, span.text, span._.normal)
            for span in doc.spans["mentions"]} == mention_set(expected)

# sentence | the one-word place adjective | its geo iso ("-": none): a street named by the
# adjective alone is no region; adjectives sharing a region noun at the end of a list are
ADJECTIVE_ALONE = """
Перекрыты Тверская, Новый Арбат и набережная Европы. | Тверская     | -
Движение ограничат на Тверской и Садовой.            | Тверской     | -
В Свердловской и Челябинской областях выпал снег.    | Свердловской | RU-SVE
Кипрское правительство ответило.                     | Кипрское     | CY
"""


@pytest.mark.parametrize(("sentence", "word", "iso"), read_table(ADJECTIVE_ALONE))
def test_adjective_alone_is_no_region(extractor, sentence: str, word: str, iso: str) -> None:
    doc = extractor.nlp(sentence)
    span = next(span for span in doc.spans["mentions"] if span.text == word)
    assert span.label_ == "LOC"
    assert ((span._.geo or {}).get("iso") or "-") == iso


def test_every_rule_has_a_golden_row() -> None:
    assert [rule.__name__ for rule in PLACE_RULES] == [
        "country_split_at_and", "coded_by_name", "coded_by_word", "missed_full_name", "missed_country",
        "place_adjective", "adjective_in_org_name", "adjective_before_place_type", "demonym"]
    assert [row[0] for row in read_table(GOLDEN)] == [rule.__name__ for rule in PLACE_RULES]
    assert [rule.__name__ for rule in DERIVED_RULES] == [
        "place_adjective", "adjective_in_org_name", "adjective_before_place_type", "demonym"]


@pytest.mark.parametrize(("rule", "sentence", "made", "iso", "derived", "expected"),
                         read_table(GOLDEN), ids=[row[0] for row in read_table(GOLDEN)])
def test_golden(extractor, rule: str, sentence: str, made: str, iso: str, derived: str,
                expected: str) -> None:
    doc = extractor.nlp(sentence)
    mentions = doc.spans["mentions"]
    assert {(span.label_, span.text, span._.normal) for span in mentions} == \
        mention_set(expected)
    span = next(span for span in mentions if span.text == made)
    assert ((span._.geo or {}).get("iso") or "-", span._.derived) == (iso, derived == "True")
    explained = next(m for m in extractor.explain(sentence).mentions if m["text"] == made)
    assert ("places", rule) in {(e["component"], e["rule"]) for e in explained["history"]}


# sentence | the place adjective | its place's iso: before «областной»/«краевой»
# (region_level_adjectives of models/entity_words.yaml) it is the region's of that name
REGION_LEVEL = """
Депутаты Московской областной думы приняли закон. | Московской | RU-MOS
Московский областной суд отклонил иск.            | Московский | RU-MOS
Московский городской суд отклонил иск.            | Московский | RU-MOW
Красноярский краевой суд отклонил иск.            | Красноярский | RU-KYA
"""


@pytest.mark.parametrize(("sentence", "adjective", "iso"), read_table(REGION_LEVEL))
def test_a_place_adjective_before_a_region_level_word_is_the_region(
        extractor, sentence: str, adjective: str, iso: str) -> None:
    doc = extractor.nlp(sentence)
    span = next(span for span in doc.spans["mentions"] if span.text == adjective)
    assert (span.label_, (span._.geo or {}).get("iso")) == ("LOC", iso)


@pytest.mark.parametrize(("sentence", "expected"), read_table(UNTOUCHED))
def test_no_rule_fires(extractor, sentence: str, expected: str) -> None:
    doc = extractor.nlp(sentence)
    assert {(span.label_, span.text, span._.normal)
            for span in doc.spans["mentions"]} == mention_set(expected)
    rules = {event["rule"] for mention in extractor.explain(sentence).mentions
             for event in mention["history"] if event["component"] == "places"}
    assert not rules & {"missed_country", "place_adjective", "demonym"}


def test_derived_off_runs_no_word_rule(nlp) -> None:
    tagger = PlaceTagger(nlp, "places", derived=False)
    assert [rule.__name__ for rule in tagger.rules] == [
        "country_split_at_and", "coded_by_name", "coded_by_word", "missed_full_name",
        "missed_country"]


def test_explain_command_names_the_place_rules(tmp_path: Path) -> None:
    """The installed command, as a user runs it, names each rule that made a place."""
    script = Path(sys.executable).with_name("nlp-extract")
    text = "Сотрудники свердловской опеки и москвичи встретились в Пермском крае."
    result = subprocess.run([str(script), "explain", text], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert "LOC «свердловской»" in output and "places.place_adjective" in output
    assert "LOC «москвичи»" in output and "places.demonym" in output
    assert "places.coded_by_name" in output


# sentence | every mention: a country's people acting, or officials of a country, are a place
STATE = """
Американские военные покинули базу.         | LOC Американские = США
Американцы ремонтируют спутники на орбите.  | LOC Американцы = США
"""


@pytest.mark.parametrize(("sentence", "expected"), read_table(STATE))
def test_officials_and_peoples_are_places(nlp, sentence: str, expected: str) -> None:
    doc = nlp(sentence)
    assert {(span.label_, span.text, span._.normal)
            for span in doc.spans["mentions"]} == mention_set(expected)


# text | LOC records «name key» (coded_by_name through PlaceIndex.official_country)
OFFICIAL_NAMES = """
Президент Республики Кипр прилетел. Кипр ждёт инвестиций. | Кипр loc:country:CY
Китайская Народная Республика ответила Португальской республике. | Китай loc:country:CN; Португалия loc:country:PT
Власти Республики Татарстан заявили. | Республика Татарстан loc:RU-TA
"""


@pytest.mark.parametrize(("text", "expected"), read_table(OFFICIAL_NAMES))
def test_official_country_names(extractor, text: str, expected: str) -> None:
    """A country's official name («Республика Кипр», «Китайская Народная Республика») is the
    country: one record with its short name, keyed by its code; a Russian republic stays."""
    places = [f"{e['name']} {e['key']}" for e in extractor.extract(text).entities
              if e["label"] == "LOC"]
    assert "; ".join(places) == expected
