"""The lexicon package: one loader and validator, matching by any reading; and the pipeline's
requirements checked when components are switched off."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_extract.errors import BadArgumentError, InternalError
from nlp_extract.lexicons import PhraseTable, Schema, WordSet, load_lexicon_file, reading_lemmas
from nlp_extract.lexicons.loader import LIST, TABLE
from nlp_extract.pipeline.labels import load_labels
from nlp_extract.pipeline.orgs import load_lexicon

SCHEMA = Schema("test.words", {"heads": LIST, "labels": TABLE}, required=frozenset({"heads"}),
                table_keys=frozenset({"ORG", "LOC"}))


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "words.yaml"
    path.write_text("format: test.words\nversion: 1\n" + body, encoding="utf-8")
    return path


def test_a_good_file_loads_with_version_and_sha256(tmp_path: Path) -> None:
    lexicon = load_lexicon_file(_write(tmp_path, "heads: [дума]\nlabels: {ORG: [ЕС]}\n"),
                                SCHEMA)
    assert (lexicon.version, len(lexicon.sha256)) == ("1", 64)
    assert lexicon.words("heads") == ["дума"] and lexicon.table("labels") == {"ORG": ["ЕС"]}


@pytest.mark.parametrize(("body", "match"), [
    ("heads: [дума]\nwords: [a]\n", "unknown key"),
    ("labels: {ORG: [ЕС]}\n", "missing key"),
    ("heads: []\n", "non-empty list"),
    ("heads: [дума, '']\n", "empty or non-string"),
    ("heads: [дума, Дума]\n", "twice"),
    ("heads: [дума, Ёж, еж]\n", "twice"),
    ("heads: [дума]\nlabels: {PERSON: [Иван]}\n", "unknown name 'PERSON'"),
])
def test_bad_files_are_refused(tmp_path: Path, body: str, match: str) -> None:
    with pytest.raises(InternalError, match=match):
        load_lexicon_file(_write(tmp_path, body), SCHEMA)


def test_the_shipped_lexicons_load() -> None:
    assert load_lexicon().version and len(load_lexicon().sha256) == 64
    assert load_labels().version and len(load_labels().sha256) == 64


# entry | token lemma in context | token text: matches
MATCHES = """
облдума     | облдум     | облдумы     | yes
облдума     | облдума    | облдуме     | yes
минприроды  | минприроды | минприроды  | yes
минприроды  | минприрода | минприроде  | yes
министерство | министр   | министра    | no
"""


@pytest.mark.parametrize("row", MATCHES.strip().splitlines())
def test_words_match_by_any_reading_or_form(row: str) -> None:
    entry, lemma, text, expected = (part.strip() for part in row.split("|"))
    assert WordSet.of([entry]).matches(lemma, text) is (expected == "yes")
    assert (PhraseTable([entry]).match([lemma], [text], 0) is not None) is (expected == "yes")


@pytest.mark.parametrize(("word", "pos", "lemmas"), [
    ("Госдумами", None, {"госдума", "госдум"}),
    ("Большого", "ADJF", {"большой"}),
    ("большим", "ADJF", {"большой", "больший"}),
    ("спасателей", "ADJF", set()),
])
def test_reading_lemmas(word: str, pos: str | None, lemmas: set[str]) -> None:
    """Every reading's normal form, folded; of one part of speech when asked."""
    assert reading_lemmas(word, pos) == lemmas


def test_phrases_match_word_by_word_longest_first() -> None:
    table = PhraseTable(["дума", "областная дума"])
    assert table.match(["областной", "дум"], ["областной", "думы"], 0) == ("областной", "дума")
    assert table.match(["дум"], ["думы"], 0) == ("дума",)


@pytest.mark.parametrize("disable", [["pymorphy3_lemmatizer"], ["entity_normalizer"]])
def test_a_disable_that_breaks_a_requirement_is_refused(disable: list[str]) -> None:
    from nlp_extract.pipeline import build_pipeline

    with pytest.raises(BadArgumentError, match="leaves a requirement unmet"):
        build_pipeline(disable=tuple(disable))


def test_split_components_can_be_switched_off_alone() -> None:
    from nlp_extract.pipeline import build_pipeline

    nlp = build_pipeline(disable=("public_bodies", "craft_filter", "place_type_words"))
    assert "nameless_orgs" in nlp.pipe_names and "public_bodies" not in nlp.pipe_names
