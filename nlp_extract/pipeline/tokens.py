"""Token helpers of the entity layer, defined once: case, nouns and adjectives, quotes, fold,
sentence start. (natasha keeps them in ``const.py`` and ``shape.py``; a second copy with a
slightly different behaviour is a bug waiting.)"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from spacy.tokens import Doc, Token

from ..folding import fold
from ..lexicons.words import entity_words
from .arrays import DOUBLE_APOSTROPHE, folded_texts
from .casing import capital_opens_sentence, sentence_capital_only, starts_sentence

NOUNS = frozenset({"NOUN", "PROPN"})
CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")  # Cyrillic, lowercase
OPENING_QUOTES = frozenset([*"«„“\"'", DOUBLE_APOSTROPHE])  # the tokenizer's «''»
CLOSING_QUOTES = frozenset([*"»“”\"'", DOUBLE_APOSTROPHE])
CLOSING_ONLY_QUOTES = frozenset("»”")  # quotes that never open one
QUOTE_MARKS = OPENING_QUOTES | CLOSING_QUOTES

__all__ = ["CLOSING_ONLY_QUOTES", "CLOSING_QUOTES", "NOUNS", "OPENING_QUOTES", "QUOTE_MARKS",
           "LazyTexts", "word_positions",
           "adjectival", "capital_opens_sentence", "case_of", "ends_before_parenthesis",
           "first_word_of_sentence", "fold",
           "folded_texts", "lemma_of", "opens_quote", "quoted_mask", "sentence_capital_only",
           "starts_sentence", "title_inside_sentence"]


def capital_abbreviation(word: str) -> bool:
    """«ЦРБ», «ГКБ», «МФЦ»: two to six capital letters, no initial."""
    return 2 <= len(word) <= 6 and word.isalpha() and word.isupper()


def word_positions(doc: Doc, start: int, end: int) -> list[int]:
    """The positions in ``[start, end)`` of the words of a name: no space, punctuation or
    quote mark («стадион «Фишт»» → стадион, Фишт)."""
    return [i for i in range(start, end)
            if not doc[i].is_space and not doc[i].is_punct and doc[i].text not in QUOTE_MARKS]


def case_of(token: Token) -> str | None:
    """The token's grammatical case (UD: Nom, Gen, …), or None."""
    values = token.morph.get("Case")
    return values[0] if values else None


def agrees(modifier: Token, head: Token) -> bool:
    """An adjective or participle belongs to the head only if it agrees in case, number and
    (in the singular) gender: «имеющий общую протяжённость» is no group."""
    if case_of(modifier) != case_of(head):
        return False
    mine, its = modifier.morph.get("Number"), head.morph.get("Number")
    if mine and its and mine != its:
        return False
    if "Sing" in its:
        mine, its = modifier.morph.get("Gender"), head.morph.get("Gender")
        if mine and its and mine != its:
            return False
    return True


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


class LazyTexts(Sequence[str]):
    """:func:`folded_texts` computed only for the tokens asked about."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.cache: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.doc)))]
        text = self.cache.get(index)
        if text is None:
            text = self.cache[index] = fold(self.doc[index].text)
        return text


def quoted_mask(tokens: Sequence[Token]) -> list[bool]:
    """Which tokens stand inside quotes, the quotes included (a quote that can both open and
    close — «"» — closes one that is open)."""
    mask, depth = [], 0
    for token in tokens:
        text = token.text
        if text in OPENING_QUOTES and (depth == 0 or text not in CLOSING_QUOTES):
            mask.append(True)
            depth += 1
        elif text in CLOSING_QUOTES and depth:
            mask.append(True)
            depth -= 1
        else:
            mask.append(depth > 0)
    return mask


def ends_before_parenthesis(doc: Doc, opening: int) -> tuple[int, ...]:
    """Where a mention that the «(» at ``opening`` follows may end: right before it, or before
    a closing quote right before it («Фольксваген» (Volkswagen), «Ла стампа» (La Stampa))."""
    if opening >= 1 and doc[opening - 1].text in CLOSING_QUOTES:
        return (opening, opening - 1)
    return (opening,)


def opens_quote(tokens: Sequence[Token]) -> bool:
    """The last quote in ``tokens`` opens one that is not closed inside them."""
    depth = 0
    for token in tokens:
        if token.text in OPENING_QUOTES and (depth == 0 or token.text not in CLOSING_QUOTES):
            depth += 1
        elif token.text in CLOSING_QUOTES and depth:
            depth -= 1
    return depth > 0


def first_word_of_sentence(token: Token) -> bool:
    """Whether ``token`` is the first word of its sentence (punctuation before it allowed).
    Unlike :func:`starts_sentence`, an opening quote or dash before it does not count."""
    doc = token.doc
    for i in range(token.i, -1, -1):
        if i < token.i and (doc[i].is_alpha or doc[i].like_num):
            return False
        if i == 0 or doc[i].is_sent_start:
            return True
    return True


def word_from(doc: Doc, i: int, step: int, skipped: frozenset[str] = frozenset()
              ) -> Token | None:
    """The first token from ``doc[i]`` on in direction ``step`` (1 or -1) that is neither
    whitespace nor one of the ``skipped`` texts; None past either end."""
    while 0 <= i < len(doc) and (doc[i].is_space or doc[i].text in skipped):
        i += step
    return doc[i] if 0 <= i < len(doc) else None


@cache
def domain_endings() -> str:
    """A pattern of the endings of the domain names news cite («Lenta.ru», «РИА.рф»,
    «Znak.com»): ``domain_endings`` of models/entity_words.yaml, longest first."""
    endings = sorted(entity_words().domain_endings, key=lambda ending: (-len(ending), ending))
    return "(?:" + "|".join(map(re.escape, endings)) + ")"


@cache
def _site_name() -> re.Pattern[str]:
    return re.compile(r"[^\W_][\w-]*(?:\.[\w-]+)*\." + domain_endings(), re.IGNORECASE)


@cache
def _site_suffix() -> re.Pattern[str]:
    return re.compile(r"\." + domain_endings() + "$", re.IGNORECASE)


def is_site(text: str) -> bool:
    """``text`` is a site's domain name and nothing else («Znak.com»; not «Яндекс.Такси»)."""
    return _site_name().fullmatch(text) is not None


def has_domain_ending(text: str) -> bool:
    """``text`` ends with a dot and a domain ending («Kommersant.ru», «Новости.рф»)."""
    return _site_suffix().search(text) is not None


def without_domain_ending(text: str) -> str:
    """``text`` without the domain ending it ends with: «Kommersant.ru» → Kommersant."""
    return _site_suffix().sub("", text)
