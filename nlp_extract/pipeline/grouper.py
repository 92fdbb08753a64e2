"""Group an article's mentions into entities: ``span._.entity`` and ``doc._.entities``.

Mentions with the same label and normal form (case and ё/е folded) are one entity. A
one-word PER mention joins the full name whose last or first word it is, when that choice is
unique in the article («Бобиев» → «Далер Бобиев»). The entity is named by its longest normal
form; ids follow the order of first mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import mentions, register_extensions


def fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


@dataclass
class EntityGroup:
    label: str
    key: str
    mentions: list[Span] = field(default_factory=list)

    @property
    def name(self) -> str:
        names = [span._.normal or span.text for span in self.mentions]
        return max(names, key=lambda name: (len(name.split()), len(name), -names.index(name)))


def group_mentions(spans: list[Span]) -> list[EntityGroup]:
    groups: dict[tuple[str, str], EntityGroup] = {}
    for span in spans:
        key = (span.label_, fold(span._.normal or span.text))
        groups.setdefault(key, EntityGroup(span.label_, key[1])).mentions.append(span)
    return _join_short_person_names(list(groups.values()))


def _join_short_person_names(groups: list[EntityGroup]) -> list[EntityGroup]:
    full = [group for group in groups if group.label == "PER" and len(group.key.split()) > 1]
    kept: list[EntityGroup] = []
    for group in groups:
        if group.label == "PER" and len(group.key.split()) == 1:
            owners = [other for other in full
                      if group.key in (other.key.split()[-1], other.key.split()[0])]
            if len(owners) == 1:
                owners[0].mentions.extend(group.mentions)
                continue
        kept.append(group)
    for group in kept:
        group.mentions.sort(key=lambda span: span.start)
    return kept


class EntityGrouper:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        groups = sorted(group_mentions(mentions(doc)), key=lambda g: g.mentions[0].start)
        records = []
        for number, group in enumerate(groups, start=1):
            entity_id = f"e{number}"
            for span in group.mentions:
                span._.entity = entity_id
            records.append({"id": entity_id, "label": group.label, "name": group.name,
                            "count": len(group.mentions)})
        doc._.entities = records
        return doc


@Language.factory(
    "entity_grouper",
    assigns=["span._.entity", "doc._.entities"],
    requires=["doc.ents", "span._.normal"],
)
def make_entity_grouper(nlp: Language, name: str) -> EntityGrouper:
    return EntityGrouper(nlp, name)
