"""The evaluation report: numbers of every system per protocol and label, side by side."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .records import RecordScores
from .scoring import MICRO, PRF, PROTOCOLS, TOKENS, NameShare, micro, total_names
from .spans import LABELS

PROTOCOL_TITLES = {
    TOKENS: "naeval protocol (token level; Person = whole object, Org = org_name, "
            "Location/LocOrg = loc_name)",
    "mentions": "whole mentions, exact span match",
}
ALL = "all"


@dataclass
class SystemScores:
    """One system's counts: ``protocols[protocol][label]`` and ``names[label]``."""

    protocols: dict[str, dict[str, PRF]] = field(
        default_factory=lambda: {p: {label: PRF() for label in LABELS} for p in PROTOCOLS})
    names: dict[str, NameShare] | None = None
    records: RecordScores | None = None

    def score(self, protocol: str, label: str) -> PRF:
        scores = self.protocols[protocol]
        return micro(scores) if label == MICRO else scores[label]

    def name_share(self, label: str) -> NameShare | None:
        if self.names is None:
            return None
        return total_names(self.names) if label == ALL else self.names[label]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            protocol: {label: self.score(protocol, label).to_dict()
                       for label in (*LABELS, MICRO)}
            for protocol in self.protocols
        }
        if self.names is not None:
            data["names"] = {label: share.to_dict() for label, share in
                             ((label, self.name_share(label)) for label in (*LABELS, ALL))
                             if share is not None}
        if self.records is not None:
            data["records"] = self.records.to_dict()
        return data


@dataclass
class EvaluationReport:
    """Scores of our pipeline (``systems[0]``) and the baseline on one corpus."""

    corpus: str  # factru | brat
    path: str
    documents: int
    systems: dict[str, SystemScores]
    quirks: dict[str, list[str]] = field(default_factory=dict)  # document id → quirks
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)  # error class → ...
    split: str = "all"  # dev | heldout | all (see .splits)

    def f1(self, system: str, protocol: str, label: str) -> float:
        return self.systems[system].score(protocol, label).f1

    def to_dict(self) -> dict[str, Any]:
        return {"corpus": self.corpus, "path": self.path, "split": self.split,
                "documents": self.documents,
                "systems": {name: scores.to_dict() for name, scores in self.systems.items()},
                "quirks": self.quirks, "examples": self.examples}


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}"


def _prf(score: PRF) -> str:
    return f"{_pct(score.precision)} {_pct(score.recall)} {_pct(score.f1)}"


def format_report(report: EvaluationReport) -> str:
    """Plain text: per protocol a table of P/R/F1 (in %) per label for each system, and the
    F1 difference of the first system (ours) over the second (the baseline)."""
    names = list(report.systems)
    ours, base = names[0], names[-1]
    width = 20
    split = "" if report.split == "all" else f", {report.split} split"
    lines = [f"{report.corpus}: {report.path} ({report.documents} documents{split})"]
    header = "".join(f"{name:>{width}}" for name in names)
    sub = "".join(f"{'P     R     F1':>{width}}" for _ in names)
    for protocol in PROTOCOLS:
        lines += ["", PROTOCOL_TITLES[protocol],
                  f"{'':6}{header}{'ΔF1':>8}", f"{'':6}{sub}{'':>8}"]
        for label in (*LABELS, MICRO):
            cells = "".join(f"{_prf(report.systems[n].score(protocol, label)):>{width}}"
                            for n in names)
            delta = report.f1(ours, protocol, label) - report.f1(base, protocol, label)
            lines.append(f"{label:6}{cells}{100 * delta:+8.1f}")
    if all(report.systems[n].names is not None for n in names):
        lines += ["", "normal forms: gold entities whose name is produced exactly, "
                  "% of all (% of those found)", f"{'':6}{header}{'Δ':>8}{'n':>7}"]
        for label in (*LABELS, ALL):
            shares = [s for s in (report.systems[n].name_share(label) for n in names) if s]
            cells = "".join(f"{f'{_pct(s.share)} ({_pct(s.share_found)})':>{width}}"
                            for s in shares)
            delta = shares[0].share - shares[-1].share
            lines.append(f"{label:6}{cells}{100 * delta:+8.1f}{shares[0].total:7d}")
    if all(report.systems[n].records is not None for n in names):
        lines += format_records({n: report.systems[n].records for n in names})
    if report.examples:
        lines += ["", f"error classes of {ours} (examples in the JSON report):"]
        lines += [f"  {key:14}{value['count']:6d}" for key, value in report.examples.items()]
    if report.quirks:
        lines += ["", "gold quirks:"]
        lines += [f"  {doc}: {'; '.join(quirks)}" for doc, quirks in sorted(report.quirks.items())]
    return "\n".join(lines)


def format_records(systems: dict[str, RecordScores | None]) -> list[str]:
    """Entity records per label for each system: P/R/F1 (%), splits and merges per 100
    predicted records, canonical names right (% of matched referents with a gold name);
    and, on a corpus with Wikidata ids, identity across articles."""
    scored = {name: scores for name, scores in systems.items() if scores is not None}
    lines = ["", "entity records: one per gold referent (P R F1 %; splits and merges per 100 "
             "records; names right, % of paired (of all) referents with a gold name)"]
    for name, scores in scored.items():
        lines.append(f"  {name}")
        lines.append(f"  {'':6}{'P':>6}{'R':>6}{'F1':>6}{'split':>7}{'merge':>7}"
                     f"{'names':>15}{'records':>9}{'gold':>7}")
        for label in (*LABELS, ALL):
            c = scores.count(label)
            share, of_all = c.names_share, c.names_share_of_all
            named = "-" if share is None or of_all is None else \
                f"{_pct(share)} ({_pct(of_all)})"
            lines.append(f"  {label:6}{_pct(c.precision):>6}{_pct(c.recall):>6}{_pct(c.f1):>6}"
                         f"{c.splits_per_100:7.1f}{c.merges_per_100:7.1f}{named:>15}"
                         f"{c.predicted:9d}{c.gold:7d}")
    linked = {name: scores for name, scores in scored.items() if scores.linked}
    if linked:
        lines += ["", "identity across articles (records paired with a referent that has a "
                  "Wikidata id): B-cubed P R F1 of key vs Q-id; pairs in different articles: "
                  "same Q sharing a key %, same key sharing a Q %"]
        for name, scores in linked.items():
            sources = scores.identity().key_sources
            key = "key" if sources == ("key",) else "name + label (no key field)" \
                if sources == ("name",) else "key, else name + label"
            lines.append(f"  {name} (clustered by {key})")
            lines.append(f"  {'':6}{'P':>6}{'R':>6}{'F1':>6}{'sameQ':>8}{'sameK':>8}"
                         f"{'records':>9}{'Q pairs':>10}")
            for label in (*LABELS, None):
                i = scores.identity(label)
                lines.append(f"  {label or ALL:6}{_pct(i.bcubed_precision):>6}"
                             f"{_pct(i.bcubed_recall):>6}{_pct(i.bcubed_f1):>6}"
                             f"{_pct(i.pair_recall):>8}{_pct(i.pair_precision):>8}"
                             f"{i.items:9d}{i.same_qid_pairs:10d}")
    return lines
