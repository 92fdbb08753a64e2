"""pymorphy3 lemmas chosen by the POS and features slovnet assigned.

«стали» tagged VERB → «стать», tagged NOUN → «сталь». Without a tag we would fall back to
pymorphy's most probable parse, which is what a bare spaCy ``ru`` lemmatizer silently does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import IS_SPACE, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

from .models import morph_analyzer
from .udtags import pos_class, ud_feats, ud_pos

# Features that decide between analyses, with their weight; POS class weighs most.
_FEATURE_WEIGHTS = {
    "Case": 1.0,
    "Number": 1.0,
    "Gender": 1.0,
    "VerbForm": 1.0,
    "Tense": 0.5,
    "Person": 0.5,
    "Aspect": 0.5,
    "Variant": 0.5,
    "Degree": 0.5,
    "Animacy": 0.5,
}
_POS_WEIGHT = 3.0
_NO_LEMMA_POS = frozenset({"PUNCT", "SYM", "SPACE"})
# a soft hyphen and the zero-width characters: invisible hyphenation points and joiners web
# pages carry inside words («Рос\u00adсию»)
INVISIBLE_CHARACTERS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# combining acute and grave accents, and the invisible characters
_NO_STRESS = str.maketrans("", "", "\u0301\u0300" + INVISIBLE_CHARACTERS)


def without_stress_marks(word: str) -> str:
    """Stress marks are a reading aid (Wikipedia, textbooks), not part of a word: «И́горь» →
    Игорь, so that the dictionary reads it and one person has one name; so are the soft
    hyphens and zero-width characters of web pages («Рос\u00adсию» → россия). Latin letters that
    look like Cyrillic ones inside a Cyrillic word are a typist's slip and read as Cyrillic
    (:func:`cyrillic_lookalikes`)."""
    return cyrillic_lookalikes(word.translate(_NO_STRESS))


_LOOKALIKES = str.maketrans("aceopxyACEHKMOPTXB", "асеорхуАСЕНКМОРТХВ")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_CYRILLIC_LETTER = re.compile(r"[А-Яа-яЁё]")


def cyrillic_lookalikes(word: str) -> str:
    """The word with its Latin look-alike letters made Cyrillic («Курентзиcа» with a Latin
    «c» → Курентзиса, «Бeшара» → Бешара), when it is mostly Cyrillic and all its Latin letters
    have a Cyrillic twin; otherwise as it is («iPhone», «ВКонтакте», «МТСBank»)."""
    latin = _LATIN_LETTER.findall(word)
    if not latin or len(_CYRILLIC_LETTER.findall(word)) <= len(latin):
        return word
    converted = word.translate(_LOOKALIKES)
    return word if _LATIN_LETTER.search(converted) else converted


def parse_feats(morph: str) -> dict[str, str]:
    feats: dict[str, str] = {}
    if morph:
        for pair in morph.split("|"):
            key, _, value = pair.partition("=")
            feats[key] = value
    return feats


def analysis_score(parse: Any, pos: str, feats: dict[str, str]) -> float:
    tag = parse.tag
    score = _POS_WEIGHT if pos_class(ud_pos(tag.POS)) == pos_class(pos) else 0.0
    their = ud_feats(frozenset(tag.grammemes))
    for key, weight in _FEATURE_WEIGHTS.items():
        if key in feats and their.get(key) == feats[key]:
            score += weight
    return score + parse.score * 0.1  # pymorphy's own probability only breaks ties


def best_parse(parses: list[Any], pos: str, feats: dict[str, str]) -> Any | None:
    """The parse that best agrees with the tagger; of equals, the first whose normal form
    keeps the word's stem («полка» genitive: полк, not полок)."""
    best, best_score = None, -1.0
    for parse in parses:
        score = analysis_score(parse, pos, feats)
        if score > best_score or (score == best_score and best is not None and
                                  _stem_kept(parse) and not _stem_kept(best)):
            best, best_score = parse, score
    return best


def _stem_kept(parse: Any) -> bool:
    """The normal form is the word without (part of) its ending: «полк» of «полка»."""
    return parse.word.startswith(parse.normal_form[:-1] if len(parse.normal_form) > 3
                                 else parse.normal_form)


def needs_analysis(word: str, pos: str) -> bool:
    return pos not in _NO_LEMMA_POS and any(char.isalpha() for char in word)


class PymorphyLemmatizer:
    def __init__(self, nlp: Language, name: str, cache_size: int) -> None:
        self.name = name
        self.analyzer = morph_analyzer()
        self.cache_size = cache_size  # wordings and taggings remembered; then it starts again
        self._lemmas: dict[tuple[int, int, int, bool], str] = {}

    def _lemma(self, word: str, pos: str, morph: str) -> str:
        lowered = without_stress_marks(word.lower())
        if not needs_analysis(word, pos):
            return lowered
        feats = parse_feats(morph)
        parses = self.analyzer.parse(lowered)
        if pos == "PROPN" and feats.get("Case") == "Nom" and feats.get("Number") != "Plur" \
                and not self.analyzer.word_is_known(lowered):
            return lowered  # an unknown name the tagger reads as nominative is its own lemma
        parse = best_parse(parses, pos, feats)
        return parse.normal_form if parse is not None else lowered

    def __call__(self, doc: Doc) -> Doc:
        """Every token's lemma (a space's is its text), read and written through spaCy's
        arrays: no Token object per token, and each distinct wording and tagging looked up
        once (by the string ids of its text, tag and features: a string's id is its hash, the
        same in every Doc). The lemmas are remembered as strings and added to the doc's
        string store each time: a batch's ``memory_zone`` empties the store of its words."""
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        known = self._lemmas
        if len(known) > self.cache_size:
            known.clear()
        lemmas = []
        for orth, pos, morph, space in doc.to_array([ORTH, POS, MORPH, IS_SPACE]).tolist():
            lemma = known.get((orth, pos, morph, space))
            if lemma is None:
                text = strings[orth]
                lemma = known[(orth, pos, morph, space)] = \
                    text if space else self._lemma(text, strings[pos], strings[morph])
            lemmas.append(strings.add(lemma))
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(
    "pymorphy3_lemmatizer",
    default_config={"cache_size": 30_000},
    assigns=["token.lemma"],
    requires=["token.pos", "token.morph"],
)
def make_pymorphy3_lemmatizer(nlp: Language, name: str, cache_size: int) -> PymorphyLemmatizer:
    return PymorphyLemmatizer(nlp, name, cache_size)
