"""Error classes of a system on whole mentions and normal forms, with examples to look at.

Whole-mention errors, seen from the gold side: ``missed`` (no predicted mention overlaps),
``boundary`` (an overlapping prediction of the same label, other bounds), ``type`` (same
bounds, other label), ``other`` (overlaps only with other labels and bounds); from the
prediction side: ``spurious`` (overlaps no gold mention). Name errors: ``name`` (the entity
was found but none of its gold names was produced; the names the system gave the mentions
overlapping it are listed). Record errors (:func:`log_record_errors`): ``split``, ``merge``,
``record name``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .records import GoldReferent, match_article, name_key
from .scoring import name_produced, overlaps
from .spans import Span, fold_name
from .systems import SystemOutput


@dataclass
class ErrorLog:
    limit: int = 10
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, kind: str, label: str, example: dict[str, Any]) -> None:
        key = f"{kind} {label}"
        self.counts[key] += 1
        bucket = self.examples.setdefault(key, [])
        if len(bucket) < self.limit:
            bucket.append(example)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """``{"missed ORG": {"count": 146, "examples": [...]}, ...}``, most frequent first."""
        keys = sorted(self.counts, key=lambda key: (-self.counts[key], key))
        return {key: {"count": self.counts[key], "examples": self.examples.get(key, [])}
                for key in keys}


def _quote(text: str, span: Span) -> str:
    return " ".join(text[span.start:span.end].split())


def log_mention_errors(log: ErrorLog, doc_id: str, text: str, gold: Sequence[Span],
                       output: SystemOutput) -> None:
    predicted = [m.span for m in output.mentions]
    pred_set, gold_set = set(predicted), set(gold)
    for span in gold:
        if span in pred_set:
            continue
        near = [p for p in predicted if overlaps(p, span)]
        if not near:
            kind = "missed"
        elif any(p.label == span.label for p in near):
            kind = "boundary"
        elif any((p.start, p.end) == (span.start, span.end) for p in near):
            kind = "type"
        else:
            kind = "other"
        log.add(kind, span.label, {"doc": doc_id, "gold": _quote(text, span),
                                   "ours": [f"{_quote(text, p)} [{p.label}]" for p in near]})
    for span in predicted:
        if span not in gold_set and not any(overlaps(span, g) for g in gold):
            log.add("spurious", span.label, {"doc": doc_id, "ours": _quote(text, span)})


def log_name_errors(log: ErrorLog, doc_id: str,
                    gold: Sequence[tuple[str, Sequence[str], Sequence[Span]]],
                    output: SystemOutput) -> None:
    produced = {fold_name(name) for _label, name in output.names}
    for label, names, extents in gold:
        near = [m for m in output.mentions if any(overlaps(m.span, e) for e in extents)]
        if not near or name_produced(names, produced):
            continue
        ours = sorted({m.entity or m.normal or m.text for m in near})
        log.add("name", label, {"doc": doc_id, "gold": " | ".join(names), "ours": ours})


def log_record_errors(log: ErrorLog, doc_id: str, text: str,
                      referents: Sequence[GoldReferent], output: SystemOutput,
                      derived: bool = False) -> None:
    """Record errors: ``split`` (a referent touched by several of our records), ``merge`` (a
    record touching several referents), ``record name`` (a paired record whose name is none
    of the referent's gold names)."""
    match = match_article(output.records or [], referents, derived)

    def texts(spans: Sequence[Span]) -> list[str]:
        return sorted({_quote(text, span) for span in spans})

    for referent, found in zip(match.referents, match.matched_by(), strict=True):
        if len(found) >= 2:
            log.add("split", referent.label, {
                "doc": doc_id, "gold": texts(referent.mentions),
                "ours": [match.records[i].name for i in found]})
    for index, hits in enumerate(match.hits):
        record = match.records[index]
        if len(hits) >= 2:
            log.add("merge", record.label, {
                "doc": doc_id, "ours": record.name,
                "gold": [texts(match.referents[ref].mentions) for ref in sorted(hits)]})
    for index, ref in match.pairs().items():
        referent, record = match.referents[ref], match.records[index]
        if referent.names and name_key(record.name) not in {name_key(n) for n in referent.names}:
            log.add("record name", referent.label, {
                "doc": doc_id, "gold": " | ".join(referent.names), "ours": record.name})
