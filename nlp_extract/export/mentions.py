"""What is exported of a record: its PER, LOC and ORG mentions and its topic ids.

The mentions are those ``nlp-extract evaluate`` scores (:func:`..evaluate.systems.
output_from_record`): labels PER, LOC, ORG, places named by an adjective or a demonym
(``derived``: «свердловской») left out, nested mentions kept. So a folder exported and read back
unchanged scores the pipeline at 100% of whole mentions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..evaluate.spans import LABELS


@dataclass(frozen=True, order=True)
class ExportMention:
    """A mention as exported: ``[start, end)`` in the record's text, its label and words."""

    start: int
    end: int
    label: str
    text: str


def export_mentions(record: dict[str, Any]) -> list[ExportMention]:
    """The record's scored mentions, sorted by (start, -end, label), each one once."""
    text = record["text"]
    found: set[ExportMention] = set()
    for mention in record["mentions"]:
        if mention.get("label") not in LABELS or mention.get("derived"):
            continue
        start, end = mention.get("start"), mention.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end
                <= len(text)):
            continue
        found.add(ExportMention(start, end, mention["label"], text[start:end]))
    return sorted(found, key=lambda m: (m.start, -m.end, m.label))


def export_topics(record: dict[str, Any]) -> list[tuple[str, str]]:
    """``(id, label)`` of the record's topics, in the record's order (best first)."""
    topics = record.get("topics") or []
    return [(str(t["id"]), str(t.get("label") or t["id"])) for t in topics
            if isinstance(t, dict) and t.get("id")]
