"""NEREL (BRAT standoff with Wikidata links) as gold entity records.

NEREL's ``.ann`` files hold ``T`` entities (nested ones too), ``R`` relations and ``N`` lines
``N1<TAB>Reference T5 Wikidata:Q813<TAB>Киргизия`` linking an entity mention to Wikidata
(``Wikidata:NULL`` when there is no item). Every PERSON, ORGANIZATION and place mention has
one. The annotations are read from where they lie (they may not be copied into the project).

Types → our labels (:data:`NEREL_TYPES`): PERSON → PER; ORGANIZATION → ORG; CITY, COUNTRY,
STATE_OR_PROVINCE, DISTRICT, LOCATION → LOC. FACILITY («аэропорт Манас»), NATIONALITY
(«американцами») and the rest are not scored. Nested mentions of these types are kept
(ORG «правительства Киргизии» and the LOC «Киргизии» in it).

A referent in an article (:func:`gold_referents`) is a set of mentions of one label joined by:

1. the same Wikidata id (the first non-NULL link of a mention);
2. an ``ALTERNATIVE_NAME`` relation between them («ФТС» — «Федеральной таможенной службы»);
3. the same lemmas (pymorphy3's first normal form of each word, folded): an unlinked mention
   joins the linked mentions with its lemmas, and unlinked mentions with the same lemmas are
   one referent («Дохе» ×3);
4. an unlinked person whose lemmas all occur in the lemmas of exactly one other person
   referent joins it («Мингазов» → «Рустам Мингазов»).

Linked mentions with different Wikidata ids stay apart even when their words agree. NEREL
gives no normal forms, so canonical names are not scored on it; its Wikidata ids are what
identity across articles is measured against.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import brat
from .records import GoldReferent
from .spans import Span

NEREL_TYPES: dict[str, str] = {
    "PERSON": "PER", "ORGANIZATION": "ORG", "CITY": "LOC", "COUNTRY": "LOC",
    "STATE_OR_PROVINCE": "LOC", "DISTRICT": "LOC", "LOCATION": "LOC"}
NULL = "Wikidata:NULL"
_WORD = re.compile(r"\w+(?:-\w+)*")


@dataclass
class NerelDocument:
    """A BRAT document with NEREL's links: entity id → Wikidata id (None for NULL), and the
    ``ALTERNATIVE_NAME`` pairs of entity ids."""

    document: brat.BratDocument
    links: dict[str, str | None] = field(default_factory=dict)
    alternative_names: list[tuple[str, str]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.document.id


def parse_links(lines: list[str]) -> tuple[dict[str, str | None], list[tuple[str, str]]]:
    links: dict[str, str | None] = {}
    pairs: list[tuple[str, str]] = []
    for line in lines:
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) < 2:
            continue
        parts = fields[1].split()
        if line.startswith("N") and len(parts) >= 3 and parts[0] == "Reference":
            target = parts[2]
            qid = None if target == NULL else target.removeprefix("Wikidata:")
            if links.get(parts[1]) is None:  # the first non-NULL link wins
                links[parts[1]] = qid
        elif line.startswith("R") and len(parts) >= 3 and parts[0] == "ALTERNATIVE_NAME":
            args = [p.partition(":")[2] for p in parts[1:3]]
            pairs.append((args[0], args[1]))
    return links, pairs


def load_nerel(path: str | Path) -> list[NerelDocument]:
    """The NEREL articles under ``path`` (a folder, searched recursively, or one file)."""
    documents = []
    for txt in brat.brat_files(Path(path)):
        ann = txt.with_suffix(".ann")
        lines = ann.read_text(encoding="utf-8-sig").splitlines() if ann.is_file() else []
        links, pairs = parse_links(lines)
        documents.append(NerelDocument(brat.load_document(txt), links, pairs))
    if not documents:
        raise FileNotFoundError(f"{path}: no .txt files with a .ann beside them found")
    return documents


@lru_cache(maxsize=100_000)
def _lemma(word: str) -> str:
    from ..pipeline.models import morph_analyzer

    parses = morph_analyzer().parse(word)
    return (parses[0].normal_form if parses else word).lower().replace("ё", "е")


def lemma_key(text: str) -> tuple[str, ...]:
    """The lemmas of the words of ``text`` («Федеральной таможенной службы» → федеральный
    таможенный служба)."""
    return tuple(_lemma(word.lower()) for word in _WORD.findall(text))


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def gold_referents(doc: NerelDocument, types: dict[str, str] | None = None
                   ) -> list[GoldReferent]:
    """The referents of one article (rules in the module docstring), in order of first
    mention."""
    types = types or NEREL_TYPES
    text = doc.document.text
    entities = [e for e in doc.document.entities if e.type in types]
    labels = [types[e.type] for e in entities]
    qids = [doc.links.get(e.id) for e in entities]
    keys = [lemma_key(text[e.start:e.end]) for e in entities]
    union = _Union(len(entities))
    index = {e.id: i for i, e in enumerate(entities)}
    first: dict[tuple[str, str], int] = {}
    for i, qid in enumerate(qids):  # 1. the same Wikidata id
        if qid:
            union.join(first.setdefault((labels[i], qid), i), i)
    for a, b in doc.alternative_names:  # 2. ALTERNATIVE_NAME
        if a in index and b in index and labels[index[a]] == labels[index[b]]:
            union.join(index[a], index[b])
    by_key: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            by_key.setdefault((labels[i], key), []).append(i)
    for i, qid in enumerate(qids):  # 3. an unlinked mention joins the same lemmas
        if qid or not keys[i]:
            continue
        same = by_key[(labels[i], keys[i])]
        linked = Counter(qids[j] for j in same if qids[j])
        if linked:
            target = linked.most_common(1)[0][0]
            union.join(i, next(j for j in same if qids[j] == target))
        else:
            union.join(i, same[0])
    groups: dict[int, list[int]] = {}
    for i in range(len(entities)):
        groups.setdefault(union.find(i), []).append(i)
    persons = [root for root, members in groups.items() if labels[root] == "PER"]
    words = {root: {w for i in groups[root] for w in keys[i]} for root in persons}
    for root in list(persons):  # 4. an unlinked partial name joins the one full name
        members = groups.get(root)
        if not members or any(qids[i] for i in members):
            continue
        own = words[root]
        hosts = [other for other in persons if other != root and other in groups
                 and own and own < words[other]]
        if len(hosts) == 1:
            groups[hosts[0]].extend(groups.pop(root))
    referents = []
    for number, members in enumerate(sorted(groups.values(), key=min), start=1):
        label = labels[members[0]]
        linked = Counter(qids[i] for i in members if qids[i])
        qid = linked.most_common(1)[0][0] if linked else None
        spans = tuple(sorted({Span(entities[i].start, entities[i].end, label)
                              for i in members}))
        referents.append(GoldReferent(f"r{number}", label, spans, (), qid))
    return referents
