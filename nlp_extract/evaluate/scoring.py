"""Scorers: P/R/F1 per label under two protocols, and the share of gold names produced.

- ``tokens`` (naeval's protocol, comparable with natasha's published tables): the text is cut
  into razdel tokens; for each label a token is positive when it lies in a span of that label;
  precision and recall count tokens. Spans whose bounds are not token bounds are dropped, and
  overlapping predicted spans are reduced as naeval does (earlier, then longer, wins).
- ``mentions``: a predicted span is right when a gold span has the same label, start and end.

Micro averages add up the counts of all labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import razdel

from .spans import LABELS, Span, filter_misaligned, filter_overlapping, flatten_nested, fold_name

TOKENS = "tokens"
MENTIONS = "mentions"
PROTOCOLS: tuple[str, ...] = (TOKENS, MENTIONS)
MICRO = "micro"


def share(part: float, whole: float) -> float:
    """``part / whole``, 0 when there is nothing to share."""
    return part / whole if whole else 0.0


def harmonic_mean(precision: float, recall: float) -> float:
    """F1 of a precision and a recall (0 when both are 0)."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


@dataclass
class PRF:
    """Counts behind precision, recall and F1 (``correct`` is both the true positives among
    the predictions and the gold items found: the protocols here match one to one)."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return share(self.correct, self.predicted)

    @property
    def recall(self) -> float:
        return share(self.correct, self.gold)

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)

    def add(self, other: PRF) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.gold += other.gold

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "correct": self.correct, "predicted": self.predicted,
                "gold": self.gold}


def micro(scores: dict[str, PRF]) -> PRF:
    total = PRF()
    for label, score in scores.items():
        if label != MICRO:
            total.add(score)
    return total


# -- naeval's token protocol ------------------------------------------------------------------
@lru_cache(maxsize=256)
def token_bounds(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((token.start, token.stop) for token in razdel.tokenize(text))


def io_tags(tokens: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[bool]:
    """naeval's ``spans_io``: which tokens are inside the (sorted, disjoint, aligned) spans."""
    inside: list[bool] = []
    pending = iter(spans)
    span = next(pending, None)
    for start, stop in tokens:
        tag = False
        if span is not None:
            if start >= span.start:
                tag = True
            if stop >= span.end:
                span = next(pending, None)
        inside.append(tag)
    return inside


def token_scores(text: str, predicted: Iterable[Span], gold: Iterable[Span],
                 labels: Sequence[str] = LABELS) -> dict[str, PRF]:
    tokens = token_bounds(text)
    starts = {start for start, _ in tokens}
    ends = {stop for _, stop in tokens}
    pred = filter_misaligned(filter_overlapping(flatten_nested(predicted, text)), starts, ends)
    true = filter_misaligned(filter_overlapping(gold), starts, ends)
    scores: dict[str, PRF] = {}
    for label in labels:
        pred_tags = io_tags(tokens, [s for s in pred if s.label == label])
        gold_tags = io_tags(tokens, [s for s in true if s.label == label])
        score = PRF()
        for p, g in zip(pred_tags, gold_tags, strict=True):
            score.predicted += p
            score.gold += g
            score.correct += p and g
        scores[label] = score
    return scores


# -- exact whole mentions ---------------------------------------------------------------------
def mention_scores(predicted: Iterable[Span], gold: Iterable[Span],
                   labels: Sequence[str] = LABELS) -> dict[str, PRF]:
    pred, true = set(predicted), set(gold)
    scores: dict[str, PRF] = {}
    for label in labels:
        p = {s for s in pred if s.label == label}
        g = {s for s in true if s.label == label}
        scores[label] = PRF(correct=len(p & g), predicted=len(p), gold=len(g))
    return scores


# -- normal forms -----------------------------------------------------------------------------
@dataclass
class NameShare:
    """Gold entities whose canonical name a system produced, of all and of those it found
    (some predicted mention overlaps one of the entity's gold mentions)."""

    produced: int = 0
    total: int = 0
    found: int = 0
    produced_found: int = 0

    @property
    def share(self) -> float:
        return share(self.produced, self.total)

    @property
    def share_found(self) -> float:
        return share(self.produced_found, self.found)

    def add(self, other: NameShare) -> None:
        self.produced += other.produced
        self.total += other.total
        self.found += other.found
        self.produced_found += other.produced_found

    def to_dict(self) -> dict[str, float | int]:
        return {"share": round(self.share, 4), "produced": self.produced, "total": self.total,
                "share_of_found": round(self.share_found, 4), "found": self.found,
                "produced_of_found": self.produced_found}


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def name_produced(names: Iterable[str], produced: set[str]) -> bool:
    return any(fold_name(name) in produced for name in names)


def name_scores(gold: Iterable[tuple[str, Sequence[str], Sequence[Span]]],
                names: Iterable[str], mentions: Sequence[Span],
                labels: Sequence[str] = LABELS) -> dict[str, NameShare]:
    """``gold``: (label, accepted names, gold mention extents) per entity; ``names``: the
    entity names the system gave for the article (any label: NER types are scored above)."""
    produced = {fold_name(name) for name in names}
    scores = {label: NameShare() for label in labels}
    for label, accepted, extents in gold:
        if label not in scores:
            continue
        share = scores[label]
        hit = name_produced(accepted, produced)
        found = any(overlaps(m, e) for e in extents for m in mentions)
        share.total += 1
        share.produced += hit
        share.found += found
        share.produced_found += hit and found
    return scores


def total_names(scores: dict[str, NameShare]) -> NameShare:
    total = NameShare()
    for label, score in scores.items():
        if label != MICRO:
            total.add(score)
    return total
