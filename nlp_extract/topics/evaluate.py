"""Micro and macro F1 of predicted label sets against gold label sets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LabelScore:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)


@dataclass(frozen=True)
class F1Report:
    """Micro scores pool every decision; macro F1 averages the labels present in the gold."""

    documents: int
    labels: tuple[LabelScore, ...]
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_f1: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "micro": {"precision": round(self.micro_precision, 4),
                      "recall": round(self.micro_recall, 4), "f1": round(self.micro_f1, 4)},
            "macro": {"f1": round(self.macro_f1, 4)},
            "labels": {score.label: {"tp": score.tp, "fp": score.fp, "fn": score.fn,
                                     "precision": round(score.precision, 4),
                                     "recall": round(score.recall, 4),
                                     "f1": round(score.f1, 4)} for score in self.labels},
        }

    def format(self) -> str:
        width = max([len(score.label) for score in self.labels] + [5])
        lines = [f"{'label':<{width}}  {'P':>6} {'R':>6} {'F1':>6}  {'tp':>4} {'fp':>4} {'fn':>4}"]
        for score in self.labels:
            lines.append(f"{score.label:<{width}}  {score.precision:6.3f} {score.recall:6.3f} "
                         f"{score.f1:6.3f}  {score.tp:4d} {score.fp:4d} {score.fn:4d}")
        lines.append(f"{'micro':<{width}}  {self.micro_precision:6.3f} {self.micro_recall:6.3f} "
                     f"{self.micro_f1:6.3f}")
        lines.append(f"{'macro':<{width}}  {'':6} {'':6} {self.macro_f1:6.3f}")
        lines.append(f"{self.documents} documents")
        return "\n".join(lines)


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def f1_report(gold: Sequence[set[str] | frozenset[str]],
              predicted: Sequence[set[str] | frozenset[str]]) -> F1Report:
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in number of documents")
    names = sorted(set().union(*gold, *predicted)) if gold else []
    scores = []
    for name in names:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if name in g and name in p)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if name not in g and name in p)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if name in g and name not in p)
        scores.append(LabelScore(name, tp, fp, fn))
    tp, fp, fn = (sum(getattr(score, key) for score in scores) for key in ("tp", "fp", "fn"))
    in_gold = [score for score in scores if score.tp + score.fn]
    macro = sum(score.f1 for score in in_gold) / len(in_gold) if in_gold else 0.0
    return F1Report(documents=len(gold), labels=tuple(scores),
                    micro_precision=tp / (tp + fp) if tp + fp else 0.0,
                    micro_recall=tp / (tp + fn) if tp + fn else 0.0,
                    micro_f1=_f1(tp, fp, fn), macro_f1=macro)
