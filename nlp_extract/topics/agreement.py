"""Agreement of two labellings of the same texts: Cohen's kappa per topic, and overall.

Each labelling is a JSONL file of ``{"id", "labels": [...]}`` lines (other fields are
ignored); only ids present in both count. For each topic every text is a yes/no decision, and
kappa is ``(p_o - p_e) / (1 - p_e)``: observed agreement corrected for the agreement the two
labellings' marginal rates would give by chance. A topic neither labelling uses on the shared
texts has no kappa. ``pooled`` is kappa over all topic × text decisions together.

    python -m nlp_extract.topics.agreement data/topics-gold/gold.jsonl \
        data/topics-gold/second.jsonl
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import LabelledDataError


@dataclass(frozen=True)
class TopicAgreement:
    topic: str
    both: int  # texts both labellings give the topic
    first_only: int
    second_only: int
    neither: int

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.both, self.first_only, self.second_only, self.neither)


def cohen_kappa(both: int, first_only: int, second_only: int, neither: int) -> float | None:
    """Cohen's kappa of a 2×2 table; None when it is undefined (chance agreement is 1)."""
    total = both + first_only + second_only + neither
    if total == 0:
        return None
    observed = (both + neither) / total
    first_yes = (both + first_only) / total
    second_yes = (both + second_only) / total
    expected = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def read_labels(path: str | Path) -> dict[str, frozenset[str]]:
    result: dict[str, frozenset[str]] = {}
    for number, line in enumerate(Path(path).read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelledDataError(f"{path}, line {number}: not valid JSON: {exc.msg}") \
                from None
        labels = record.get("labels") if isinstance(record, dict) else None
        if not isinstance(labels, list) or "id" not in record:
            raise LabelledDataError(f"{path}, line {number}: expected an object with 'id' "
                                    f"and a list 'labels'")
        result[str(record["id"])] = frozenset(map(str, labels))
    return result


def agreement(first: Mapping[str, frozenset[str]], second: Mapping[str, frozenset[str]]
              ) -> dict[str, Any]:
    ids = sorted(set(first) & set(second))
    topics = sorted(set().union(*(first[i] | second[i] for i in ids))) if ids else []
    rows = []
    for topic in topics:
        a = [topic in first[i] for i in ids]
        b = [topic in second[i] for i in ids]
        rows.append(TopicAgreement(
            topic, sum(x and y for x, y in zip(a, b, strict=True)),
            sum(x and not y for x, y in zip(a, b, strict=True)),
            sum(y and not x for x, y in zip(a, b, strict=True)),
            sum(not x and not y for x, y in zip(a, b, strict=True))))
    pooled = cohen_kappa(*(sum(getattr(row, key) for row in rows)
                           for key in ("both", "first_only", "second_only", "neither")))
    kappas = [row.kappa for row in rows if row.kappa is not None]
    return {
        "texts": len(ids),
        "exact_match": sum(first[i] == second[i] for i in ids) / len(ids) if ids else 0.0,
        "pooled_kappa": pooled,
        "mean_kappa": sum(kappas) / len(kappas) if kappas else None,
        "topics": {row.topic: {"kappa": None if row.kappa is None else round(row.kappa, 3),
                               "both": row.both, "first_only": row.first_only,
                               "second_only": row.second_only} for row in rows},
    }


def format_agreement(report: Mapping[str, Any]) -> str:
    lines = [f"{'topic':<28} {'kappa':>6} {'both':>5} {'1st':>4} {'2nd':>4}"]
    for topic, row in report["topics"].items():
        kappa = "-" if row["kappa"] is None else f"{row['kappa']:.3f}"
        lines.append(f"{topic:<28} {kappa:>6} {row['both']:>5} {row['first_only']:>4} "
                     f"{row['second_only']:>4}")
    lines.append(f"{report['texts']} texts labelled twice; exact label-set match "
                 f"{report['exact_match']:.3f}; pooled kappa {report['pooled_kappa']:.3f}; "
                 f"mean per-topic kappa {report['mean_kappa']:.3f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m nlp_extract.topics.agreement FIRST.jsonl SECOND.jsonl",
              file=sys.stderr)
        return 2
    print(format_agreement(agreement(read_labels(args[0]), read_labels(args[1]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
