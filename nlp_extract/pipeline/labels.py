"""Label fixes for names NER often gets wrong: «ЕС», «Кремль» are organisations, «МКС» is a
place (``models/entity_labels.yaml``); a PER mention that is exactly the name of a country or
a federal subject in the gazetteer («Эфиопия», «Коста Рика») is a place. A listed name NER
missed or cut («Голос Америки», where it saw only the place «Америки») becomes a mention when
written with a capital; mentions inside it stay as nested ones."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..folding import fold
from ..resources import load_data_file
from .arrays import capitalised
from .extensions import mentions, register_extensions, set_mentions
from .gazetteer import load_gazetteer
from .intervals import TokenIndex
from .orgs import lexicon_lemma

LABELS_FORMAT = "nlp_extract.entity_labels"
NO_ENTITY = "NONE"  # listed words that name no entity at all («СМИ»)
_PLACE_KINDS = frozenset({"country", "republic", "krai", "oblast", "federal_city",
                          "autonomous_okrug", "autonomous_oblast"})


@dataclass(frozen=True)
class LabelTable:
    by_lemmas: dict[tuple[str, ...], str]
    version: str


@cache
def load_labels(path: str = "entity_labels.yaml") -> LabelTable:
    data = load_data_file(path, LABELS_FORMAT)
    table: dict[tuple[str, ...], str] = {}
    for label, names in (data.get("labels") or {}).items():
        for name in names:
            table[tuple(lexicon_lemma(word) for word in str(name).split())] = str(label)
    return LabelTable(table, str(data["version"]))


class EntityLabels:
    def __init__(self, nlp: Language, name: str, labels: str, places: bool) -> None:
        self.name = name
        self.table = load_labels(labels)
        self.places = places
        self.starts: dict[str, list[tuple[str, ...]]] = {}  # first lemma → entries, longest first
        for entry in sorted(self.table.by_lemmas, key=len, reverse=True):
            self.starts.setdefault(entry[0], []).append(entry)
        register_extensions()

    def label_for(self, span: Span) -> str:
        key = tuple(fold(token.lemma_) for token in span if not token.is_punct)
        label = self.table.by_lemmas.get(key)
        if label is not None:
            return label
        if self.places and span.label_ == "PER":
            place = load_gazetteer().lookup(span.text)
            if place is not None and place.kind in _PLACE_KINDS:
                return "LOC"
        return span.label_

    def split_person(self, span: Span) -> list[Span]:
        """A person mention that starts with a listed name of another kind is two mentions:
        «Аль-Кайды Усамы бин Ладена» → ORG «Аль-Кайды» + PER «Усамы бин Ладена»."""
        if span.label_ != "PER" or len(span) < 3:
            return [span]
        for size in range(len(span) - 2, 0, -1):
            key = tuple(fold(token.lemma_) for token in span[:size] if not token.is_punct)
            label = self.table.by_lemmas.get(key)
            if label is not None and label != "PER":
                return [Span(span.doc, span.start, span.start + size, label=label),
                        Span(span.doc, span.start + size, span.end, label="PER")]
        return [span]

    def listed(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Listed names written with a capital that no mention covers exactly and none
        crosses."""
        found: list[Span] = []
        index = TokenIndex((span, span.start, span.end) for span in spans)
        for start in capitalised(doc):
            token = doc[start]
            for entry in self.starts.get(fold(token.lemma_), ()):
                end = start + len(entry)
                if end > len(doc) or \
                        tuple(fold(word.lemma_) for word in doc[start:end]) != entry:
                    continue
                if self.table.by_lemmas[entry] != NO_ENTITY and not any(
                        span.start == start and span.end == end or
                        span.start < start < span.end < end or
                        start < span.start < end < span.end
                        for span in map(index.get, index.keys_touching(start, end))):
                    found.append(Span(doc, start, end, label=self.table.by_lemmas[entry]))
                break
        return found

    def __call__(self, doc: Doc) -> Doc:
        current = mentions(doc)
        relabelled = [Span(doc, piece.start, piece.end, label=label)
                      if label != piece.label_ else piece
                      for span in current for piece in self.split_person(span)
                      if (label := self.label_for(piece)) != NO_ENTITY]
        added = self.listed(doc, relabelled)
        if added or len(relabelled) != len(current) or \
                any(new is not old for new, old in zip(relabelled, current, strict=True)):
            set_mentions(doc, relabelled + added)
        return doc


@Language.factory(
    "entity_labels",
    default_config={"labels": "entity_labels.yaml", "places": True},
    assigns=["doc.ents", "doc.spans"],
    requires=["doc.ents", "token.lemma"],
)
def make_entity_labels(nlp: Language, name: str, labels: str, places: bool) -> EntityLabels:
    return EntityLabels(nlp, name, labels, places)
