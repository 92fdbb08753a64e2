"""Label fixes for names NER often gets wrong: «ЕС», «Кремль» are organisations, «МКС» is a
place (``models/entity_labels.yaml``); a PER mention that is exactly the name of a country or
a federal subject in the gazetteer («Эфиопия», «Коста Рика») is a place. A listed name NER
missed or cut («Голос Америки», where it saw only the place «Америки») becomes a mention when
written with a capital; mentions inside it stay as nested ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..folding import fold
from ..lexicons import PhraseTable, Schema, entry_lemma, load_lexicon_file
from ..lexicons.loader import TABLE
from .arrays import capitalised, folded_lemmas
from .extensions import mentions, register_extensions, set_mentions
from .gazetteer import load_gazetteer
from .intervals import TokenIndex
from .tokens import LazyTexts
from .trace import note, tracing

LABELS_FORMAT = "nlp_extract.entity_labels"
NO_ENTITY = "NONE"  # listed words that name no entity at all («СМИ»)
SCHEMA = Schema(LABELS_FORMAT, {"labels": TABLE}, required=frozenset({"labels"}),
                table_keys=frozenset({"ORG", "LOC", "PER", NO_ENTITY}))
_PLACE_KINDS = frozenset({"country", "republic", "krai", "oblast", "federal_city",
                          "autonomous_okrug", "autonomous_oblast"})


@dataclass(frozen=True)
class LabelTable:
    by_lemmas: dict[tuple[str, ...], str]
    version: str
    sha256: str = ""
    entries: tuple[str, ...] = ()  # as written in the file


@cache
def load_labels(path: str = "entity_labels.yaml") -> LabelTable:
    lexicon = load_lexicon_file(path, SCHEMA)
    table: dict[tuple[str, ...], str] = {}
    for label, names in lexicon.table("labels").items():
        for name in names:
            table[tuple(entry_lemma(word) for word in str(name).split())] = str(label)
    entries = tuple(name for names in lexicon.table("labels").values() for name in names)
    return LabelTable(table, lexicon.version, lexicon.sha256, entries)


class EntityLabels:
    def __init__(self, nlp: Language, name: str, labels: str, places: bool) -> None:
        self.name = name
        self.table = load_labels(labels)
        self.places = places
        self.phrases = PhraseTable(self.table.entries)  # any reading: «Евросоюзе», «Кремлю»
        self.starts: dict[str, list[tuple[str, ...]]] = {}  # first lemma → entries, longest first
        for entry in sorted(self.table.by_lemmas, key=len, reverse=True):
            self.starts.setdefault(entry[0], []).append(entry)
        register_extensions()

    def _listed(self, tokens: list[Token]) -> str | None:
        """The label of the entry the tokens read as: by their lemmas, else by any reading or
        inflected form of the entry's words."""
        lemmas = tuple(fold(token.lemma_) for token in tokens)
        label = self.table.by_lemmas.get(lemmas)
        first = self.phrases.first_keys
        if label is None and lemmas and (lemmas[0] in first or fold(tokens[0].text) in first):
            entry = self.phrases.whole(lemmas, [fold(token.text) for token in tokens])
            label = self.table.by_lemmas.get(entry) if entry is not None else None
        return label

    def label_for(self, span: Span) -> str:
        label = self._listed([token for token in span if not token.is_punct])
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
            label = self._listed([token for token in span[:size] if not token.is_punct])
            if label is not None and label != "PER":
                return [Span(span.doc, span.start, span.start + size, label=label),
                        Span(span.doc, span.start + size, span.end, label="PER")]
        return [span]

    def _entry_at(self, lemmas: list[str], texts: Sequence[str], start: int
                  ) -> tuple[str, ...] | None:
        """The longest entry whose lemmas the tokens from ``start`` have, else the longest
        they read as by any reading or inflected form."""
        for entry in self.starts.get(lemmas[start], ()):
            if tuple(lemmas[start:start + len(entry)]) == entry:
                return entry
        if lemmas[start] not in self.phrases.first_keys and \
                texts[start] not in self.phrases.first_keys:
            return None
        return self.phrases.match(lemmas, texts, start)

    def listed(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Listed names written with a capital that no mention covers exactly and none
        crosses."""
        found: list[Span] = []
        index = TokenIndex((span, span.start, span.end) for span in spans)
        lemmas: list[str] = []
        texts = LazyTexts(doc)  # surface forms, folded only where a lemma does not match
        for start in capitalised(doc):
            if not lemmas:
                lemmas = folded_lemmas(doc)
            entry = self._entry_at(lemmas, texts, start)
            if entry is None:
                continue
            end = start + len(entry)
            if self.table.by_lemmas[entry] != NO_ENTITY and not any(
                    span.start == start and span.end == end or
                    span.start < start < span.end < end or
                    start < span.start < end < span.end
                    for span in map(index.get, index.keys_touching(start, end))):
                found.append(Span(doc, start, end, label=self.table.by_lemmas[entry]))
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
            if tracing(doc):
                self._note_rules(doc, current, added)
            set_mentions(doc, relabelled + added)
        return doc

    def _note_rules(self, doc: Doc, current: list[Span], added: list[Span]) -> None:
        """Name the rule behind each change for ``nlp-extract explain``."""
        for span in current:
            pieces = self.split_person(span)
            for piece in pieces:
                label = self.label_for(piece)
                if label == NO_ENTITY:
                    note(doc, "listed_no_entity", piece)
                elif len(pieces) > 1:
                    note(doc, "person_after_listed_name", (piece.start, piece.end, label))
                elif label != piece.label_:
                    rule = "listed_label" if self._listed(
                        [token for token in piece if not token.is_punct]) else "country_not_person"
                    note(doc, rule, (piece.start, piece.end, label))
        for span in added:
            note(doc, "listed_name", span)


@Language.factory(
    "entity_labels",
    default_config={"labels": "entity_labels.yaml", "places": True},
    assigns=["doc.ents", "doc.spans"],
    requires=["token.lemma"],
)
def make_entity_labels(nlp: Language, name: str, labels: str, places: bool) -> EntityLabels:
    return EntityLabels(nlp, name, labels, places)
