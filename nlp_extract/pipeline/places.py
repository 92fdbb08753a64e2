"""Places: gazetteer codes for LOC mentions, and places named by adjective or demonym.

Runs after ``entity_normalizer`` and before ``entity_grouper``:

1. every LOC mention found in the gazetteer (by its normal form, its text or its lemmas:
   «Свердловской обл.» → Свердловская область) gets ``span._.geo = {iso, kind, name, region}``.
   ``span._.normal`` stays the nominative of what is written («РФ», «Югра»); the canonical
   name is ``geo["name"]``. A one-word LOC mention that is a place adjective or demonym
   («российской», «тюменцы») is treated as a derived mention (4.);
2. a subject's full name that NER missed («свердловской области», «Пермского края», «Республике
   Татарстан») becomes a LOC mention, ``normal`` = the canonical name, ``derived`` False;
3. a country or world region NER missed, capitalised inside a sentence and not in quotes
   («чемпионат Франции», «чемпион Европы»), becomes a LOC mention;
4. with ``derived`` on, a lower-case place adjective («свердловской опеки», «екатеринбургским
   мальчиком», «тюменские чиновники») or demonym («тюменцы», «москвичи», «россияне») outside
   every mention becomes a one-token LOC mention with ``derived`` True and ``normal`` = the
   canonical name. The adjective names the region when the region and its capital share it
   («тюменский» → Тюменская область); the demonym names the city («тюменцы» → Тюмень).
   Skipped: capitalised adjectives inside a sentence (part of a name: «Московский
   университет»), and adjectives before a noun that makes them a different place's name
   («Кировский район», «Московский проспект») or a language («китайский язык»).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicons.words import entity_words
from .arrays import capitalised
from .extensions import mentions, register_extensions, set_mentions
from .gazetteer import SUBJECT_KINDS, Gazetteer, Place, fold, load_gazetteer
from .models import morph_analyzer
from .tokens import first_word_of_sentence

LABEL = "LOC"
ADJECTIVE, DEMONYM = "adjective", "demonym"
# lemmas of nouns that, after a place adjective, make the pair the name of something else;
# nouns that end a subject's full name (``models/entity_words.yaml``)
NAME_NOUNS = entity_words().place_name_nouns
REGION_NOUNS = entity_words().region_nouns
_ABBREVIATIONS = {"обл": "область", "респ": "республика"}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_MAX_BEFORE, _MAX_AFTER = 3, 4  # window around a region noun for a missed full name
_MAX_KEYS = 32  # lemma readings kept per name


@dataclass(frozen=True)
class PlaceIndex:
    """The gazetteer plus the morphology-derived keys the component matches tokens against."""

    gazetteer: Gazetteer
    lemma_names: dict[str, Place]
    adjective_forms: dict[str, str]
    demonym_forms: dict[str, str]

    def by_mention(self, span: Span) -> Place | None:
        for text in (span._.normal, span.text):
            place = self.gazetteer.lookup(text) if text else None
            if place is not None:
                return place
        return self.lemma_names.get(lemma_key(span))

    def by_word(self, token: Token) -> tuple[Place, str] | None:
        """The place an adjective or demonym token names, and which of the two it is.

        The lemma is tried first, then the surface form against pymorphy3's paradigms of the
        gazetteer's words (the lemmatizer guesses wrong on some unknown demonyms: «ульяновцы»).
        """
        lemma, surface = fold(token.lemma_), fold(token.text)
        lookups = {ADJECTIVE: self.gazetteer.by_adjective, DEMONYM: self.gazetteer.by_demonym}
        candidates = ((ADJECTIVE, lemma), (DEMONYM, lemma),
                      (ADJECTIVE, self.adjective_forms.get(surface, "")),
                      (DEMONYM, self.demonym_forms.get(surface, "")))
        for role, word in candidates:
            place = lookups[role](word) if word else None
            if place is not None:
                return place, role
        return None


@lru_cache(maxsize=8)
def place_index(path: str | None = None) -> PlaceIndex:
    gazetteer = load_gazetteer(path)
    return PlaceIndex(
        gazetteer=gazetteer,
        lemma_names=_lemma_names(gazetteer),
        adjective_forms=_surface_forms(gazetteer.adjectives, "ADJF"),
        demonym_forms=_surface_forms(gazetteer.demonyms, "NOUN"),
    )


def _word_lemmas(word: str) -> list[str]:
    """Lemmas a word of a gazetteer name may get: names are nominative, so its nominative
    readings («Тверская»: тверская (the street), тверской), else pymorphy3's first guess."""
    parses = morph_analyzer().parse(word.lower())
    nominative = [fold(parse.normal_form) for parse in parses if "nomn" in parse.tag]
    return list(dict.fromkeys(nominative or [fold(parses[0].normal_form)]))


def _lemma_names(gazetteer: Gazetteer) -> dict[str, Place]:
    """Names keyed by their words' lemmas («свердловский область»); the first entry wins."""
    index: dict[str, Place] = {}
    for place in gazetteer.places:
        for name in place.names:
            readings = [_word_lemmas(word) for word in _WORD.findall(name)]
            for words in itertools.islice(itertools.product(*readings), _MAX_KEYS):
                index.setdefault(" ".join(words), place)
    return index


def _surface_forms(lemmas: Iterable[str], pos: str) -> dict[str, str]:
    """Every inflected form of each lemma → the lemma, from pymorphy3's paradigms."""
    forms: dict[str, str] = {}
    for lemma in sorted(lemmas):
        for parse in morph_analyzer().parse(lemma):
            if _pos(parse) == pos and fold(parse.normal_form) == lemma:
                for form in parse.lexeme:
                    if _pos(form) == pos:
                        forms.setdefault(fold(form.word), lemma)
    return forms


def _pos(parse: Any) -> str | None:
    return parse.tag.POS


def token_lemma(token: Token) -> str:
    lemma = fold(token.lemma_ or token.text).rstrip(".")
    return _ABBREVIATIONS.get(lemma, lemma)


def lemma_key(tokens: Iterable[Token]) -> str:
    words = [token_lemma(token) for token in tokens if _WORD.search(token.text)]
    return " ".join(" ".join(_WORD.findall(word)) for word in words)


def capitalised_inside_sentence(token: Token) -> bool:
    text = token.text
    return text[:1].isupper() and not text.isupper() and not first_word_of_sentence(token)


def next_word(token: Token) -> Token | None:
    doc = token.doc
    for i in range(token.i + 1, len(doc)):
        if not doc[i].is_space:
            return doc[i]
    return None


def make_mention(doc: Doc, start: int, end: int, place: Place, derived: bool) -> Span:
    span = Span(doc, start, end, label=LABEL)
    span._.normal = place.name
    span._.geo = place.geo()
    span._.derived = derived
    return span


class PlaceTagger:
    def __init__(self, nlp: Language, name: str, derived: bool = True,
                 gazetteer_path: str | None = None) -> None:
        self.name = name
        self.derived = derived
        self.index = place_index(gazetteer_path)
        register_extensions()

    @property
    def gazetteer(self) -> Gazetteer:
        return self.index.gazetteer

    def __call__(self, doc: Doc) -> Doc:
        existing = mentions(doc)
        for span in existing:
            if span.label_ == LABEL and not span._.street:
                self.tag_mention(span)
        in_loc = _covered(span for span in existing if span.label_ == LABEL)
        new = self.full_names(doc, in_loc)
        new += self.missed_countries(doc, _covered([*existing, *new]))
        if self.derived:
            new += self.derived_mentions(doc, _covered([*existing, *new]))
        if new:
            set_mentions(doc, [*existing, *new])
        return doc

    def tag_mention(self, span: Span) -> None:
        place = self.index.by_mention(span)
        if place is None and len(span) == 1:
            word = self.index.by_word(span[0])
            if word is not None:
                place = word[0]
                span._.derived = True
                span._.normal = place.name
        if place is not None:
            span._.geo = place.geo()
            written = " ".join(span.text.split())
            if self.gazetteer.lookup(written) is place and \
                    self.gazetteer.lookup(span._.normal or "") is not place:
                span._.normal = written  # «Коста Рика» is a name as written, not «Коста Рик»

    def full_names(self, doc: Doc, covered: set[int]) -> list[Span]:
        """Subjects named in full that NER missed: «свердловской области», «Пермского края»."""
        found: list[Span] = []
        taken = set(covered)
        for token in doc:
            if token.i in taken or token_lemma(token) not in REGION_NOUNS:
                continue
            match = self._full_name_at(doc, token.i, taken)
            if match is not None:
                start, end, place = match
                found.append(make_mention(doc, start, end, place, derived=False))
                taken.update(range(start, end))
        return found

    def missed_countries(self, doc: Doc, covered: set[int]) -> list[Span]:
        """Countries and world regions NER missed, written with a capital inside a sentence
        and not in quotes («чемпионат Франции», «чемпион Европы»): one or two words whose
        lemmas name one in the gazetteer."""
        found: list[Span] = []
        taken = set(covered)
        for token in (doc[index] for index in capitalised(doc)):
            if token.i in taken or not capitalised_inside_sentence(token) or \
                    not _WORD.fullmatch(token.text) or \
                    token.i > 0 and doc[token.i - 1].is_quote:
                continue  # a quoted name is something else: the shuttle «Колумбия»
            for end in (token.i + 2, token.i + 1):
                window = doc[token.i:end]
                if end > len(doc) or any(t.i in taken or not t.text[:1].isupper()
                                         for t in window):
                    continue
                place = self.index.lemma_names.get(lemma_key(window))
                if place is not None and place.kind in ("country", "world_region"):
                    found.append(make_mention(doc, token.i, end, place, derived=False))
                    taken.update(range(token.i, end))
                    break
        return found

    def _full_name_at(self, doc: Doc, i: int, taken: set[int]) -> tuple[int, int, Place] | None:
        best: tuple[int, int, Place] | None = None
        for start in range(max(0, i - _MAX_BEFORE), i + 1):
            for end in range(i + 1, min(len(doc), i + _MAX_AFTER) + 1):
                if best is not None and end - start <= best[1] - best[0]:
                    continue
                if not _clean_window(doc, start, end, taken):
                    continue
                place = self.index.lemma_names.get(lemma_key(doc[start:end]))
                if place is not None and place.kind in SUBJECT_KINDS:
                    best = (start, end, place)
        return best

    def derived_mentions(self, doc: Doc, covered: set[int]) -> list[Span]:
        found: list[Span] = []
        for token in doc:
            if token.i in covered or not _WORD.fullmatch(token.text) or \
                    capitalised_inside_sentence(token):
                continue
            word = self.index.by_word(token)
            if word is None or (word[1] == ADJECTIVE and names_something_else(token)):
                continue
            found.append(make_mention(doc, token.i, token.i + 1, word[0], derived=True))
        return found


def names_something_else(adjective: Token) -> bool:
    """«Кировский район», «Московский проспект», «китайский язык»: not the place itself."""
    following = next_word(adjective)
    return following is not None and token_lemma(following) in NAME_NOUNS


def _covered(spans: Iterable[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


def _clean_window(doc: Doc, start: int, end: int, taken: set[int]) -> bool:
    """Words at both ends, nothing already taken, no sentence break inside."""
    if not (_WORD.search(doc[start].text) and _WORD.search(doc[end - 1].text)):
        return False
    return not any(i in taken or doc[i].is_space or (i > start and doc[i].is_sent_start)
                   for i in range(start, end))


@Language.factory(
    "places",
    default_config={"derived": True, "gazetteer_path": None},
    assigns=["span._.geo", "span._.derived", "span._.normal", "doc.ents"],
    requires=["token.lemma", "span._.normal"],
)
def make_places(nlp: Language, name: str, derived: bool,
                gazetteer_path: str | None) -> PlaceTagger:
    return PlaceTagger(nlp, name, derived=derived, gazetteer_path=gazetteer_path)
