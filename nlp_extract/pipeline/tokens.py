"""Token helpers of the entity layer, defined once: case, nouns and adjectives, quotes, fold,
sentence start. (natasha keeps them in ``const.py`` and ``shape.py``; a second copy with a
slightly different behaviour is a bug waiting.)"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..folding import fold
from .casing import capital_opens_sentence, sentence_capital_only, starts_sentence

NOUNS = frozenset({"NOUN", "PROPN"})
OPENING_QUOTES = frozenset("«„“\"'")
CLOSING_QUOTES = frozenset("»“”\"'")
CLOSING_ONLY_QUOTES = frozenset("»”")  # quotes that never open one

__all__ = ["CLOSING_ONLY_QUOTES", "CLOSING_QUOTES", "NOUNS", "OPENING_QUOTES", "adjectival",
           "capital_opens_sentence", "case_of", "fold", "folded_texts", "lemma_of",
           "sentence_capital_only", "starts_sentence", "title_inside_sentence"]


def case_of(token: Token) -> str | None:
    """The token's grammatical case (UD: Nom, Gen, …), or None."""
    values = token.morph.get("Case")
    return values[0] if values else None


def adjectival(token: Token) -> bool:
    """Adjectives and participles («пострадавших соинвесторов»)."""
    return token.pos_ == "ADJ" or (token.pos_ == "VERB" and
                                   "Part" in token.morph.get("VerbForm"))


def lemma_of(token: Token) -> str:
    """The folded lemma, or the folded lowercase text when the token has none."""
    return fold(token.lemma_ or token.text.lower())


def title_inside_sentence(token: Token) -> bool:
    """Capitalised, and not only because spaCy's sentence starts here."""
    return token.is_title and not token.is_sent_start


def folded_texts(doc: Doc) -> list[str]:
    """Every token's surface form, folded (for lexicon matching by inflected form)."""
    return [fold(token.text) for token in doc]
