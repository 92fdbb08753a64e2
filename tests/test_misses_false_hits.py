"""Issue 13 item 4, the misses and false hits: one golden row per rule, through the whole
pipeline. A row: ``sentence | LABEL text = normal; …`` (each sentence's exact set of mentions,
nested ones included, with their normal forms)."""

from __future__ import annotations

import pytest

GOLDEN = """
Глава Банка России выступила в Москве.                   | ORG Банка России = Банк России; LOC Москве = Москва
Встреча прошла на набережной Европы.                     | LOC набережной Европы = набережная Европы
Акция прошла на площади Тяньаньмынь.                     | LOC площади Тяньаньмынь = Тяньаньмынь
Минобороны США и НАТО провели учения.                    | ORG Минобороны США = Минобороны США; LOC США = США; ORG НАТО = НАТО
Министерство труда и социальной защиты России сообщило.  | ORG Министерство труда и социальной защиты России = Министерство труда и социальной защиты России; LOC России = Россия
"""
# Rules: orgs.descriptor_of_place (row 1); place_descriptors.named_streets (row 2; row 3:
# other names keep their type word as a descriptor); org_tail.body_after_and (row 4; row 5:
# a coordinated genitive that is no body stays in the tail).


def _rows() -> list[tuple[str, set[tuple[str, str, str]]]]:
    rows = []
    for line in GOLDEN.strip().splitlines():
        sentence, expected = (part.strip() for part in line.split("|"))
        items = set()
        for item in expected.split(";"):
            mention, normal = (part.strip() for part in item.split("="))
            label, text = mention.split(" ", 1)
            items.add((label, text, normal))
        rows.append((sentence, items))
    return rows


@pytest.mark.parametrize(("sentence", "expected"), _rows())
def test_exact_mentions(nlp, sentence: str, expected: set[tuple[str, str, str]]) -> None:
    doc = nlp(sentence)
    assert {(span.label_, span.text, span._.normal)
            for span in doc.spans["mentions"]} == expected


def test_bank_of_russia_is_no_place(nlp) -> None:
    """«Банка России» is the bank: its entity is named «Банк России», no place «Россия»."""
    doc = nlp("Глава Банка России выступила в Москве.")
    names = {entity["name"] for entity in doc._.entities}
    assert "Банк России" in names and "Россия" not in names
