"""Facility names (component ``facility_names``): each rule with a golden row, and the names
that stay organisations, on the real pipeline: a short article → its FAC and ORG records
(label, name, key)."""

from __future__ import annotations

import jsonschema
import pytest
from spacy.tokens import Doc, Span

from nlp_extract import Extractor
from nlp_extract.pipeline.extensions import register_extensions, set_mentions
from nlp_extract.pipeline.facilities import (
    FACILITY_RULES,
    named_by_facility_head,
    quoted_after_facility_word,
)
from nlp_extract.record import record_schema

# rule (or «stays» for a name no rule takes) | article | expected FAC and ORG records
GOLDEN = [
    ("named_by_facility_head",
     "Службу провели в Исаакиевском соборе. Исаакиевский собор открыт для туристов.",
     [("FAC", "Исаакиевский собор", "fac:исаакиевский собор")]),
    ("named_by_facility_head",  # the head first, its name after it; the place inside stays
     "Пожар в Соборе Парижской Богоматери потушили к утру.",
     [("FAC", "Собор Парижской Богоматери", "fac:собор парижской богоматери")]),
    ("named_by_facility_head",  # a capitalised adjective the tagger calls PROPN
     "Синодальный Знаменский собор открыт для прихожан.",
     [("FAC", "Синодальный Знаменский собор", "fac:синодальный знаменский собор")]),
    ("named_by_facility_head",
     "Королева вернулась в Букингемский дворец.",
     [("FAC", "Букингемский дворец", "fac:букингемский дворец")]),
    ("quoted_after_facility_word",
     "Матч пройдёт на стадионе «Фишт» в Сочи.",
     [("FAC", "Фишт", "fac:фишт")]),
    ("named_arena",
     "Петербургский «Зенит» обыграл «Спартак». Игра прошла на «Газпром Арене».",
     [("ORG", "Зенит", "org:зенит"), ("ORG", "Спартак", "org:спартак"),
      ("FAC", "Газпром Арена", "fac:газпром арена")]),
    ("stays",  # a church council is no building
     "Архиерейский собор РПЦ принял решение о канонизации.",
     [("ORG", "Архиерейский собор РПЦ", "org:архиерейский собор рпц"),
      ("ORG", "РПЦ", "org:русская православная церковь")]),
    ("stays",  # whose arena: the club the article names
     "Коби Брайант выступал за «Лос-Анджелес Лейкерс». Церемония прошла на домашней арене "
     "«Лейкерс».",
     [("ORG", "Лос-Анджелес Лейкерс", "org:лос анджелес лейкерс")]),
    ("stays",  # a place NER found stays a place (factRuEval's locations take in buildings)
     "Писателя похоронили на Новодевичьем кладбище в Москве.", []),
    ("stays",  # a hospital and a theatre are organisations
     "Пострадавших доставили в Боткинскую больницу. Большой театр отменил спектакль.",
     [("ORG", "Боткинская больница", "org:боткинская больница"),
      ("ORG", "Большой театр", "org:большой театр")]),
]


@pytest.fixture(scope="module")
def facilities(extractor: Extractor):
    def run(text: str) -> list[tuple[str, str, str]]:
        record = extractor.extract(text).to_dict()
        return [(e["label"], e["name"], e["key"]) for e in record["entities"]
                if e["label"] in ("FAC", "ORG")]
    return run


def test_every_rule_has_a_golden_row() -> None:
    assert {row[0] for row in GOLDEN} == {rule.__name__ for rule in FACILITY_RULES} | {"stays"}


@pytest.mark.parametrize(("rule", "text", "expected"), GOLDEN,
                         ids=[f"{row[0]}-{i}" for i, row in enumerate(GOLDEN)])
def test_golden(facilities, rule: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert facilities(text) == expected


def test_a_record_with_a_facility_validates(extractor: Extractor) -> None:
    """The schema takes the FAC label and its ``fac:`` key, in entities and mentions."""
    record = extractor.extract("Матч пройдёт на стадионе «Фишт» в Сочи.").to_dict()
    assert [e["key"] for e in record["entities"] if e["label"] == "FAC"] == ["fac:фишт"]
    jsonschema.validate(record, record_schema())


def test_explain_names_the_rule(extractor: Extractor) -> None:
    shown = extractor.explain("Матч пройдёт на стадионе «Фишт» в Сочи.").render()
    assert "relabelled facility_names.quoted_after_facility_word from ORG «Фишт»" in shown


def test_place_adjective_inside_a_facility_is_a_derived_place(extractor: Extractor) -> None:
    record = extractor.extract("Его похоронили на Московском Братском кладбище.").to_dict()
    assert [(m["label"], m["text"], m["derived"]) for m in record["mentions"]] == [
        ("FAC", "Московском Братском кладбище", False), ("LOC", "Московском", True)]


def _doc(extractor: Extractor, words: list[str], pos: list[str], lemmas: list[str]) -> Doc:
    register_extensions()
    return Doc(extractor.nlp.vocab, words=words, pos=pos, lemmas=lemmas)


def test_a_capitalised_adjective_tagged_propn_still_leads_the_head(extractor: Extractor) -> None:
    """Hand-built: the tagger's PROPN for «Синодальный» (as in a NEREL article) is read as the
    adjective the dictionary knows."""
    doc = _doc(extractor, ["Синодальный", "Знаменский", "собор"], ["PROPN", "ADJ", "NOUN"],
               ["синодальный", "знаменский", "собор"])
    assert named_by_facility_head(Span(doc, 0, 3, label="ORG"))
    council = _doc(extractor, ["Архиерейский", "собор"], ["ADJ", "NOUN"],
                   ["архиерейский", "собор"])
    assert not named_by_facility_head(Span(council, 0, 2, label="ORG"))


def test_a_quoted_club_after_its_arena_stays_the_club(extractor: Extractor) -> None:
    """Hand-built: «арене «Лейкерс»» beside the ORG «Лос-Анджелес Лейкерс» is whose arena."""
    words = ["за", "«", "Лос-Анджелес", "Лейкерс", "»", ".", "На", "арене", "«", "Лейкерс", "»"]
    doc = _doc(extractor, words, ["ADP", "PUNCT", "PROPN", "PROPN", "PUNCT", "PUNCT", "ADP",
                                  "NOUN", "PUNCT", "PROPN", "PUNCT"],
               ["за", "«", "лос-анджелес", "лейкерс", "»", ".", "на", "арена", "«", "лейкерс",
                "»"])
    club, arena = Span(doc, 2, 4, label="ORG"), Span(doc, 9, 10, label="ORG")
    set_mentions(doc, [arena])
    assert quoted_after_facility_word(arena)
    set_mentions(doc, [club, arena])
    assert not quoted_after_facility_word(arena)
