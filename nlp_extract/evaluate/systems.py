"""The systems compared: our pipeline, and what every system hands to the scorers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .records import PredictedRecord, records_from_record
from .spans import LABELS, Mention

PIPELINE = "nlp_extract"


@dataclass
class SystemOutput:
    """One article as a system saw it: its mentions, the entity names it produced and its
    entity records (None: the system gives none, records are not scored)."""

    mentions: list[Mention] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)  # (label, canonical name)
    records: list[PredictedRecord] | None = None


def output_from_record(record: dict[str, Any]) -> SystemOutput:
    """Our annotation record → mentions (PER, LOC, ORG only) and entity names.

    Derived mentions (a place named by an adjective or a demonym: «свердловской опеки»,
    «тюменцы») are left out: gold NER corpora annotate names, and factRuEval marks such
    adjectives only now and then."""
    entity_names = {e["id"]: e["name"] for e in record["entities"]}
    mentions = [Mention(m["start"], m["end"], m["label"], m["text"], m.get("normal"),
                        entity_names.get(m.get("entity")),
                        (m["core"]["start"], m["core"]["end"]) if m.get("core") else None,
                        bool(m.get("descriptive")))
                for m in record["mentions"] if m["label"] in LABELS and not m.get("derived")]
    # every normal form we give an entity, its name and its aliases (as natasha's every span
    # normal form): linking «ЕС» into «Евросоюз» must not hide the name «ЕС»
    names = [(e["label"], name) for e in record["entities"] if e["label"] in LABELS
             for name in (e["name"], *e.get("aliases", ()))]
    return SystemOutput(mentions, names, records_from_record(record))


def run_pipeline(texts: Sequence[tuple[str, str]], extractor: Any | None = None,
                 batch_size: int = 16) -> list[SystemOutput]:
    """Annotate ``(id, text)`` pairs with our :class:`~nlp_extract.Extractor`."""
    if extractor is None:
        from ..extractor import Extractor

        extractor = Extractor()
    outputs = []
    for annotation in extractor.extract_many(list(texts), batch_size=batch_size):
        outputs.append(output_from_record(annotation.to_dict()))
    return outputs
