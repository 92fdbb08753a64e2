"""Entity records, not only mentions: one predicted record per gold referent.

A *gold referent* is one thing an article names, with all its mentions (factRuEval: a
``.coref`` block; NEREL: the mentions with one Wikidata link, see :mod:`.nerel`). A *predicted
record* is one entry of a record's ``entities`` with the mentions whose ``entity`` is its id;
its derived mentions (places named by adjectives or demonyms: «киргизских», «тюменцы») count
only on a corpus that annotates such words as places (NEREL), not on factRuEval (as in the
mention scores); a record left without mentions is not counted. Bare natasha's records are
its mentions grouped by label and normal form.

Matching, per article and label:

- each predicted mention is aligned to one gold mention of the same label: the one with the
  same span, else the one it overlaps most (ties: the closer length, then the earlier);
- a predicted record *touches* every gold referent one of its mentions is aligned to;
- records and referents are then paired one to one: the pairs with most aligned mentions
  first (ties: the earlier record, then the earlier referent), each record and each referent
  in at most one pair. Precision = paired records / predicted records, recall = paired
  referents / referents: a referent split over two records leaves one of them unpaired (a
  false positive), two referents merged into one record leave one unpaired (a miss);
- *splits*: for a referent touched by n ≥ 2 records, n − 1 extra records; *merges*: records
  touching ≥ 2 referents; both per 100 predicted records of the label;
- *names right*: of the paired referents that have a gold normal form, those whose record's
  ``name`` equals one of the accepted forms, compared by :func:`name_key` (case and «ё»
  folded, quotes removed).

Identity across articles (:class:`IdentityScores`): the predicted records paired with a
referent that carries a Wikidata id are clustered once by our ``key`` and once by the Q-id; B-cubed
precision, recall and F1 of the first against the second, and over pairs of records in
different articles: of those with the same Q-id, the share with the same key; of those with
the same key, the share with the same Q-id.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .scoring import harmonic_mean, share
from .spans import LABELS, Mention, Span, fold_name

_QUOTES = re.compile("[«»„“”\"]")


def name_key(name: str) -> str:
    """The comparison form of a canonical name: :func:`.spans.fold_name` with quote marks
    removed («РИА «Новости»» = «риа новости»)."""
    return fold_name(" ".join(_QUOTES.sub(" ", name).split()))


@dataclass(frozen=True)
class GoldReferent:
    """One thing an article names: its label, its mentions, the accepted canonical names
    (empty: none given, names not scored) and its Wikidata id (NEREL)."""

    id: str
    label: str
    mentions: tuple[Span, ...]
    names: tuple[str, ...] = ()
    qid: str | None = None


@dataclass(frozen=True)
class PredictedRecord:
    """One entity a system gives an article, with the spans of its mentions.

    ``key`` identifies the entity across articles: the record's ``key`` field when it has one,
    else ``LABEL:name`` (``key_source`` says which)."""

    id: str
    label: str
    name: str
    mentions: tuple[Span, ...]
    key: str
    key_source: str = "name"
    derived: tuple[Span, ...] = ()  # places named by adjectives or demonyms
    cores: tuple[tuple[Span, Span], ...] = ()  # (mention, its name) where the name is marked

    def spans(self, derived: bool = False) -> tuple[Span, ...]:
        return (*self.mentions, *self.derived) if derived else self.mentions


# -- building records -------------------------------------------------------------------------
def records_from_record(record: dict[str, Any]) -> list[PredictedRecord]:
    """Our annotation record → its PER, LOC, ORG entities, derived mentions apart."""
    spans: dict[tuple[str, bool], set[Span]] = defaultdict(set)
    cores: dict[str, set[tuple[Span, Span]]] = defaultdict(set)
    labels = {e["id"]: e["label"] for e in record["entities"]}
    for m in record["mentions"]:
        entity = m.get("entity")
        if entity in labels:
            span = Span(m["start"], m["end"], labels[entity])
            spans[(entity, bool(m.get("derived")))].add(span)
            core = m.get("core")
            if core:
                cores[entity].add((span, Span(core["start"], core["end"], labels[entity])))
    records = []
    for e in record["entities"]:
        if e["label"] not in LABELS:
            continue
        key = e.get("key")
        records.append(PredictedRecord(
            e["id"], e["label"], e["name"], tuple(sorted(spans[(e["id"], False)])),
            str(key) if key else f"{e['label']}:{name_key(e['name'])}",
            "key" if key else "name", tuple(sorted(spans[(e["id"], True)])),
            tuple(sorted(cores[e["id"]]))))
    return records


def records_by_normal(mentions: Iterable[Mention]) -> list[PredictedRecord]:
    """A system without grouping (bare natasha): one record per label and normal form
    (the mention text when there is none), the first form met as the name."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        if m.label in LABELS:
            groups.setdefault((m.label, name_key(m.normal or m.text)), []).append(m)
    return [PredictedRecord(f"r{index}", label, group[0].normal or group[0].text,
                            tuple(sorted({m.span for m in group})), f"{label}:{key}")
            for index, ((label, key), group) in enumerate(groups.items(), start=1)]


# -- matching ---------------------------------------------------------------------------------
def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def align_mention(span: Span, label: str,
                  gold: Sequence[tuple[Span, int]], core: Span | None = None) -> int | None:
    """The index of the referent whose gold mention ``span`` is aligned to: the same span,
    else the largest overlap (ties: the closer length, then the earlier); None if none of
    ``label`` overlaps. A mention whose name is marked (``core``: «Шартр» of «французского
    города Шартр») that matches no gold mention exactly is aligned by its name first: to the
    city, not to the country whose adjective a gold corpus marks inside the phrase."""
    if core is not None and not any((other.start, other.end) == (span.start, span.end)
                                    for other, _ref in gold):
        by_name = align_mention(core, label, gold)
        if by_name is not None:
            return by_name
    best: tuple[int, int, int] | None = None
    best_ref = None
    for position, (other, ref) in enumerate(gold):
        if other.label != label:
            continue
        if (other.start, other.end) == (span.start, span.end):
            return ref
        shared = _overlap(span, other)
        if not shared:
            continue
        rank = (-shared, abs((other.end - other.start) - (span.end - span.start)), position)
        if best is None or rank < best:
            best, best_ref = rank, ref
    return best_ref


@dataclass
class ArticleMatch:
    """For each predicted record, how many of its mentions are aligned to each referent."""

    records: list[PredictedRecord]
    referents: list[GoldReferent]
    hits: list[Counter[int]]  # per record: referent index → aligned mentions

    def pairs(self) -> dict[int, int]:
        """The one-to-one pairing: record index → referent index."""
        candidates = sorted((-n, record, ref) for record, hits in enumerate(self.hits)
                            for ref, n in hits.items())
        paired: dict[int, int] = {}
        taken: set[int] = set()
        for _n, record, ref in candidates:
            if record not in paired and ref not in taken:
                paired[record] = ref
                taken.add(ref)
        return paired

    def matched_by(self) -> list[list[int]]:
        """Per referent, the records matching it."""
        found: list[list[int]] = [[] for _ in self.referents]
        for index, hits in enumerate(self.hits):
            for ref in hits:
                found[ref].append(index)
        return found


def match_article(records: Sequence[PredictedRecord], referents: Sequence[GoldReferent],
                  derived: bool = False) -> ArticleMatch:
    """Align the records (those with mentions; ``derived``: counting derived ones) to the
    referents of one article."""
    records = [record for record in records if record.spans(derived)]
    gold = [(span, index) for index, ref in enumerate(referents)
            for span in sorted(set(ref.mentions))]
    gold = [(Span(span.start, span.end, referents[index].label), index)
            for span, index in gold]
    hits = []
    for record in records:
        counter: Counter[int] = Counter()
        cores = dict(record.cores)
        for span in record.spans(derived):
            ref = align_mention(span, record.label, gold, cores.get(span))
            if ref is not None:
                counter[ref] += 1
        hits.append(counter)
    return ArticleMatch(list(records), list(referents), hits)


# -- scores -----------------------------------------------------------------------------------
@dataclass
class RecordCounts:
    """Counts behind the record scores of one label."""

    predicted: int = 0
    predicted_matched: int = 0
    gold: int = 0
    gold_matched: int = 0
    splits: int = 0
    merges: int = 0
    named: int = 0  # paired referents with a gold name
    names_right: int = 0
    named_gold: int = 0  # all referents with a gold name

    @property
    def precision(self) -> float:
        return share(self.predicted_matched, self.predicted)

    @property
    def recall(self) -> float:
        return share(self.gold_matched, self.gold)

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)

    @property
    def splits_per_100(self) -> float:
        return 100 * share(self.splits, self.predicted)

    @property
    def merges_per_100(self) -> float:
        return 100 * share(self.merges, self.predicted)

    @property
    def names_share(self) -> float | None:
        """Names right of the paired referents with a gold name."""
        return self.names_right / self.named if self.named else None

    @property
    def names_share_of_all(self) -> float | None:
        """Names right of all referents with a gold name (a missed one counts as wrong)."""
        return self.names_right / self.named_gold if self.named_gold else None

    def add(self, other: RecordCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, float | int | None]:
        share, of_all = self.names_share, self.names_share_of_all
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "predicted": self.predicted,
                "predicted_matched": self.predicted_matched, "gold": self.gold,
                "gold_matched": self.gold_matched, "splits": self.splits,
                "splits_per_100": round(self.splits_per_100, 2), "merges": self.merges,
                "merges_per_100": round(self.merges_per_100, 2), "named": self.named,
                "names_right": self.names_right,
                "names_share": None if share is None else round(share, 4),
                "named_gold": self.named_gold,
                "names_share_of_all": None if of_all is None else round(of_all, 4)}


def score_match(match: ArticleMatch, labels: Sequence[str] = LABELS
                ) -> dict[str, RecordCounts]:
    counts = {label: RecordCounts() for label in labels}
    pairs = match.pairs()
    for index, record in enumerate(match.records):
        if record.label not in counts:
            continue
        c = counts[record.label]
        c.predicted += 1
        c.predicted_matched += index in pairs
        c.merges += len(match.hits[index]) >= 2
    for referent, found in zip(match.referents, match.matched_by(), strict=True):
        if referent.label in counts:
            counts[referent.label].gold += 1
            counts[referent.label].splits += max(0, len(found) - 1)
            counts[referent.label].named_gold += bool(referent.names)
    for record, ref in pairs.items():
        referent = match.referents[ref]
        if referent.label not in counts:
            continue
        c = counts[referent.label]
        c.gold_matched += 1
        if referent.names:
            accepted = {name_key(name) for name in referent.names}
            c.named += 1
            c.names_right += name_key(match.records[record].name) in accepted
    return counts


def score_records(records: Sequence[PredictedRecord], referents: Sequence[GoldReferent],
                  labels: Sequence[str] = LABELS, derived: bool = False
                  ) -> dict[str, RecordCounts]:
    """Record counts per label for one article."""
    return score_match(match_article(records, referents, derived), labels)


def total_counts(counts: dict[str, RecordCounts]) -> RecordCounts:
    total = RecordCounts()
    for score in counts.values():
        total.add(score)
    return total


# -- identity across articles -----------------------------------------------------------------
@dataclass(frozen=True)
class IdentityItem:
    """A predicted record paired with a referent that has a Wikidata id."""

    document: str
    label: str
    key: str
    qid: str


def identity_items(document: str, match: ArticleMatch) -> list[IdentityItem]:
    items = []
    for index, ref in sorted(match.pairs().items()):
        record, qid = match.records[index], match.referents[ref].qid
        if qid:
            items.append(IdentityItem(document, record.label, record.key, qid))
    return items


def _cross_pairs(groups: dict[Any, Counter[str]]) -> int:
    """Pairs of items in different documents, summed over the groups (document counts each)."""
    total = 0
    for per_document in groups.values():
        n = sum(per_document.values())
        total += (n * n - sum(k * k for k in per_document.values())) // 2
    return total


@dataclass
class IdentityScores:
    """B-cubed of clustering records by key against clustering by Wikidata id, and the pair
    shares across articles (see the module docstring)."""

    items: int = 0
    bcubed_precision: float = 0.0
    bcubed_recall: float = 0.0
    same_qid_pairs: int = 0  # pairs in different articles with the same Q-id
    same_qid_same_key: int = 0
    same_key_pairs: int = 0  # pairs in different articles with the same key
    key_sources: tuple[str, ...] = ()

    @property
    def bcubed_f1(self) -> float:
        return harmonic_mean(self.bcubed_precision, self.bcubed_recall)

    @property
    def pair_recall(self) -> float:
        return share(self.same_qid_same_key, self.same_qid_pairs)

    @property
    def pair_precision(self) -> float:
        return share(self.same_qid_same_key, self.same_key_pairs)

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "bcubed_precision": round(self.bcubed_precision, 4),
                "bcubed_recall": round(self.bcubed_recall, 4),
                "bcubed_f1": round(self.bcubed_f1, 4), "same_qid_pairs": self.same_qid_pairs,
                "same_qid_same_key": self.same_qid_same_key,
                "same_key_pairs": self.same_key_pairs,
                "pair_recall": round(self.pair_recall, 4),
                "pair_precision": round(self.pair_precision, 4),
                "key_sources": list(self.key_sources)}


def identity_scores(items: Sequence[IdentityItem], key_sources: Iterable[str] = ()
                    ) -> IdentityScores:
    scores = IdentityScores(items=len(items), key_sources=tuple(sorted(set(key_sources))))
    if not items:
        return scores
    by_key = Counter(item.key for item in items)
    by_qid = Counter(item.qid for item in items)
    both = Counter((item.key, item.qid) for item in items)
    scores.bcubed_precision = sum(n * n / by_key[k] for (k, _q), n in both.items()) / len(items)
    scores.bcubed_recall = sum(n * n / by_qid[q] for (_k, q), n in both.items()) / len(items)
    docs_by: dict[str, dict[Any, Counter[str]]] = {"qid": defaultdict(Counter),
                                                   "key": defaultdict(Counter),
                                                   "both": defaultdict(Counter)}
    for item in items:
        docs_by["qid"][item.qid][item.document] += 1
        docs_by["key"][item.key][item.document] += 1
        docs_by["both"][(item.key, item.qid)][item.document] += 1
    scores.same_qid_pairs = _cross_pairs(docs_by["qid"])
    scores.same_key_pairs = _cross_pairs(docs_by["key"])
    scores.same_qid_same_key = _cross_pairs(docs_by["both"])
    return scores


@dataclass
class RecordScores:
    """One system's record counts per label and the identity items it gave (NEREL)."""

    counts: dict[str, RecordCounts] = field(
        default_factory=lambda: {label: RecordCounts() for label in LABELS})
    items: list[IdentityItem] = field(default_factory=list)
    key_sources: set[str] = field(default_factory=set)
    linked: bool = False  # the gold has Wikidata ids: identity is scored

    def add_article(self, document: str, records: Sequence[PredictedRecord],
                    referents: Sequence[GoldReferent], derived: bool = False) -> None:
        match = match_article(records, referents, derived)
        for label, counts in score_match(match).items():
            self.counts[label].add(counts)
        self.key_sources.update(record.key_source for record in records)
        if any(referent.qid for referent in referents):
            self.linked = True
        self.items.extend(identity_items(document, match))

    def count(self, label: str) -> RecordCounts:
        return total_counts(self.counts) if label == "all" else self.counts[label]

    def identity(self, label: str | None = None) -> IdentityScores:
        items = [i for i in self.items if label is None or i.label == label]
        return identity_scores(items, self.key_sources)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {label: self.count(label).to_dict() for label in (*LABELS, "all")}
        if self.linked:
            data["identity"] = {label or "all": self.identity(label).to_dict()
                                for label in (*LABELS, None)}
        return data
