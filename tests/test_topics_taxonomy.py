"""The taxonomy: the built-in file loads, and a broken user file is refused with a message that
names the topic and the field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from nlp_extract import BadArgumentError, Extractor
from nlp_extract.cli.app import app
from nlp_extract.topics import TaxonomyError, dump_taxonomy, load_taxonomy
from nlp_extract.topics.taxonomy import FORMAT, default_taxonomy_path
from nlp_extract.topics.text import word_set

from conftest import read_table

REQUIRED_TOPICS = word_set("""
    anti_corruption social_protection guardianship_child_welfare covid_restrictions
    public_services surveillance_privacy healthcare education housing_utilities transport
    crime_incidents courts_law elections_politics economy_business budget_taxes
    labor_employment environment culture sports military_defense migration agriculture
    construction energy digital
""")

# topic id | cue words that must be in its cues or phrases (issue 5)
REQUIRED_CUES = """
social_protection          | соцзащита, пособие, мера поддержка, многодетный, инвалид, пенсионер
guardianship_child_welfare | опека, приёмный ребёнок, сирота
covid_restrictions         | коронавирус, самоизоляция, режим повышенный готовность, ограничение
public_services            | госуслуга, приём гражданин, горячий линия, мфц
surveillance_privacy       | видеокамера, персональный данные
"""


@pytest.fixture(scope="module")
def builtin() -> dict[str, Any]:
    return yaml.safe_load(default_taxonomy_path().read_text("utf-8"))


def test_builtin_taxonomy_loads_with_version_and_format(builtin) -> None:
    taxonomy = load_taxonomy()
    assert (builtin["format"], builtin["version"]) == (FORMAT, 2)
    assert len(taxonomy.topics) >= 25
    assert set(taxonomy.ids) >= REQUIRED_TOPICS
    info = taxonomy.info()
    assert info["source"] == "models/topics.yaml" and len(info["sha256"]) == 64
    for topic in taxonomy.topics:
        assert topic.label_ru and topic.label_en and topic.description, topic.id
        assert topic.cues and topic.phrases and topic.negative, topic.id
        assert topic.parent is None or topic.parent in taxonomy


@pytest.mark.parametrize(("topic_id", "cues"), read_table(REQUIRED_CUES))
def test_required_cues(topic_id: str, cues: str) -> None:
    topic = load_taxonomy()[topic_id]
    for cue in cues.split(", "):
        assert cue in topic.cues or cue in topic.phrases, (topic_id, cue)


def test_mapping_and_file_give_the_same_taxonomy(builtin) -> None:
    assert load_taxonomy(builtin).sha256 == load_taxonomy().sha256
    assert load_taxonomy(load_taxonomy().to_dict()).sha256 == load_taxonomy().sha256


def _set(path: str, value: Any):
    """A change to a taxonomy mapping: ``topics.0.cues`` style path, ``...`` deletes."""
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        key = int(last) if isinstance(target, list) else last
        if value is ...:
            del target[key]
        else:
            target[key] = value
    return change


# change | words the error message must contain
BROKEN = [
    (_set("format", "something.else"), ["field 'format'"]),
    (_set("version", 3), ["field 'version'", "3"]),
    (_set("version", 1), ["topic 'social_protection'", "field 'cues'", "'выплата'",
                          "version: 2"]),
    (_set("topics.2.cues.убийство", {"weight": 1}), ["field 'cues'", "'убийство'",
                                                      "'requires' or 'blocked_by'"]),
    (_set("topics.2.cues.убийство", {"requires": ["нож"]}), ["'убийство'",
                                                             "'weight' is missing"]),
    (_set("topics.2.cues.убийство", {"weight": 1, "requires": "нож", "scope": "page"}),
     ["'убийство'", "field 'scope'", "sentence, article"]),
    (_set("topics.2.cues.убийство", {"weight": 1, "requires": ["острый нож"]}),
     ["'убийство'", "field 'requires'", "single words"]),
    (_set("topics.2.cues.убийство", {"weight": 1, "near": ["нож"]}),
     ["'убийство'", "unknown field 'near'"]),
    (_set("topics.2.cues.убийство", {"weight": -1, "requires": ["нож"]}),
     ["'убийство'", "-1"]),
    (_set("topics.2.negative.роман", {"weight": 1, "requires": ["книга"]}),
     ["field 'negative'", "'роман'", "plain weight"]),
    (_set("topics", []), ["field 'topics'"]),
    (_set("colour", "red"), ["unknown top-level field 'colour'"]),
    (_set("topics.0.label", ...), ["topic 'anti_corruption'", "field 'label' is missing"]),
    (_set("topics.0.label", {"ru": "Коррупция"}), ["topic 'anti_corruption'", "field 'label'"]),
    (_set("topics.1.description", " "), ["topic 'courts_law'", "field 'description'"]),
    (_set("topics.2.cues", ["суд"]), ["topic 'crime_incidents'", "field 'cues'", "mapping"]),
    (_set("topics.2.cues.убийство", -1), ["topic 'crime_incidents'", "field 'cues'",
                                          "'убийство'", "-1"]),
    (_set("topics.2.cues.убийство", "high"), ["field 'cues'", "'high'"]),
    (_set("topics.2.cues.уголовный дело", 1), ["field 'cues'", "'уголовный дело'", "phrases"]),
    (_set("topics.2.phrases.розыск", 1), ["field 'phrases'", "'розыск'", "cues"]),
    (_set("topics.2.cues.ёж", 1), []),  # a new cue is fine
    (_set("topics.3.id", "Elections!"), ["field 'id'", "'Elections!'"]),
    (_set("topics.3.id", "courts_law"), ["topic 'courts_law' (topic 4)", "field 'id'",
                                         "already used by topic 2"]),
    (_set("topics.3.parent", "no_such_topic"), ["topic 'elections_politics'", "field 'parent'",
                                                "'no_such_topic'"]),
    (_set("topics.0.parent", "anti_corruption"), ["topic 'anti_corruption'", "field 'parent'",
                                                  "cycle"]),
    (_set("topics.3.shape", "round"), ["topic 'elections_politics'", "unknown field 'shape'"]),
    (_set("topics.4.negative", "учебный пособие"), ["topic 'public_services'",
                                                     "field 'negative'"]),
]


@pytest.mark.parametrize(("change", "words"), BROKEN)
def test_broken_taxonomy_names_topic_and_field(builtin, change, words: list[str]) -> None:
    data = copy.deepcopy(builtin)
    change(data)
    if not words:
        load_taxonomy(data)
        return
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(data)
    assert isinstance(caught.value, BadArgumentError)
    for word in words:
        assert word in str(caught.value)


def test_broken_file_names_the_file(tmp_path: Path, builtin) -> None:
    data = copy.deepcopy(builtin)
    data["topics"][5]["cues"]["пособие"] = 0
    path = tmp_path / "mine.yaml"
    path.write_text(dump_taxonomy(data), "utf-8")
    with pytest.raises(TaxonomyError, match=r"mine\.yaml: topic 'social_protection' \(topic 6\)"
                                            r", field 'cues': weight of 'пособие'"):
        load_taxonomy(path)


def test_duplicate_keys_and_bad_yaml_are_refused(tmp_path: Path) -> None:
    text = default_taxonomy_path().read_text("utf-8")
    twice = tmp_path / "twice.yaml"
    twice.write_text(text.replace("      взятка: 2\n", "      взятка: 2\n      взятка: 1\n", 1),
                     "utf-8")
    with pytest.raises(TaxonomyError, match="'взятка' appears twice"):
        load_taxonomy(twice)
    folded = tmp_path / "folded.yaml"
    folded.write_text(text.replace("      сирота: 2\n", "      сирота: 2\n      ребенок: 1\n", 1),
                      "utf-8")
    with pytest.raises(TaxonomyError, match="'ребёнок' repeats 'ребенок'"):
        load_taxonomy(folded)
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: [unclosed\n", "utf-8")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        load_taxonomy(broken)
    with pytest.raises(TaxonomyError, match="no such file"):
        load_taxonomy(tmp_path / "missing.yaml")


def test_extractor_takes_a_user_taxonomy(builtin) -> None:
    small = {key: builtin[key] for key in ("format", "version")}
    small["topics"] = [{"id": "pets", "label": {"ru": "Питомцы", "en": "Pets"},
                        "description": "Cats and dogs.", "parent": None,
                        "cues": {"кошка": 1, "собака": 1}, "phrases": {"домашний животное": 2},
                        "negative": {"собака-робот": 1}}]
    extractor = Extractor(taxonomy=small)
    record = extractor.extract("Кошки и собаки\n\nДомашних животных стало больше.").to_dict()
    assert [topic["id"] for topic in record["topics"]] == ["pets"]
    assert record["pipeline"]["topics"]["taxonomy"]["source"] == "<mapping>"
    broken = copy.deepcopy(small)
    broken["topics"][0]["phrases"]["домашний животное"] = "много"
    with pytest.raises(TaxonomyError, match="topic 'pets' .*field 'phrases'"):
        Extractor(taxonomy=broken)


def test_cli_refuses_a_broken_taxonomy_with_exit_2(tmp_path: Path, builtin) -> None:
    data = copy.deepcopy(builtin)
    del data["topics"][0]["description"]
    path = tmp_path / "bad.yaml"
    path.write_text(dump_taxonomy(data), "utf-8")
    text = tmp_path / "a.txt"
    text.write_text("Взятка чиновнику.", "utf-8")
    result = CliRunner().invoke(app, ["annotate", str(text), "--out", str(tmp_path / "out"),
                                      "--taxonomy", str(path)])
    assert result.exit_code == 2
    assert "topic 'anti_corruption'" in result.output
    assert "field 'description' is missing" in result.output
