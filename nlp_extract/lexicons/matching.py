"""Dictionary matching over any reading: yargy's ``dictionary`` semantics for our lexicons.

An entry word is written in any form. Its *canonical lemma* is pymorphy3's most likely normal
form (what the pipeline's lemmatizer gives out of context); its *keys* are every reading's normal
form and every inflected form of those readings. A token matches the word when its lemma or its
surface form (folded) is one of the keys, so «облдумы» (lemma «облдум» in one context,
«облдума» in another) and «минприроды» match whatever reading the tagger picked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..folding import fold


def _analyzer():  # imported late: pipeline components import this package
    from ..pipeline.models import morph_analyzer

    return morph_analyzer()


@lru_cache(maxsize=20_000)
def entry_lemma(word: str) -> str:
    """pymorphy3's most likely lemma of an entry word, folded, as the lemmatizer would give it
    out of context; an abbreviation in capitals is its own lemma (:func:`abbreviation`)."""
    if abbreviation(word):
        return fold(word)
    return fold(_analyzer().parse(word.lower())[0].normal_form)


def abbreviation(word: str) -> bool:
    """Two capitals or more and nothing else: an entry written so does not decline, and no
    reading of it is another word's form («КГБУ» is no dative of «КГБ», «ОЗХО» no form of
    «озхий»)."""
    return len(word) >= 2 and word.isalpha() and word.isupper()


@lru_cache(maxsize=50_000)
def reading_lemmas(word: str, pos: str | None = None) -> frozenset[str]:
    """The folded normal form of every pymorphy3 reading of ``word`` (of part of speech
    ``pos`` only, when given): «Госдумами» → госдума, госдум; «Большого», ``ADJF`` → большой."""
    return frozenset(fold(parse.normal_form) for parse in _analyzer().parse(word.lower())
                     if pos in (None, parse.tag.POS))


@lru_cache(maxsize=20_000)
def word_keys(word: str) -> frozenset[str]:
    """Every normal form of every reading of ``word`` and every inflected form of those
    readings, folded; the word itself and its canonical lemma included (an abbreviation:
    those two only)."""
    keys = {fold(word), entry_lemma(word)}
    if abbreviation(word):
        return frozenset(keys)
    for parse in _analyzer().parse(word.lower()):
        keys.add(fold(parse.normal_form))
        keys.update(fold(form.word) for form in parse.lexeme)
    return frozenset(keys)


@dataclass(frozen=True)
class WordSet:
    """One-word entries. ``in`` asks about a canonical lemma (the lemma written in the file);
    :meth:`matches` asks about a token, by any reading or surface form."""

    lemmas: frozenset[str]
    keys: frozenset[str]

    @classmethod
    def of(cls, words: Iterable[str]) -> WordSet:
        words = list(words)
        return cls(frozenset(entry_lemma(word) for word in words),
                   frozenset(key for word in words for key in word_keys(word)))

    def __contains__(self, lemma: object) -> bool:
        return lemma in self.lemmas

    def __iter__(self):
        return iter(self.lemmas)

    def __len__(self) -> int:
        return len(self.lemmas)

    def __bool__(self) -> bool:
        return bool(self.lemmas)

    def matches(self, lemma: str, text: str = "") -> bool:
        return lemma in self.lemmas or lemma in self.keys or (bool(text) and text in self.keys)


@dataclass(frozen=True)
class _Phrase:
    lemmas: tuple[str, ...]  # canonical
    keys: tuple[frozenset[str], ...]


class PhraseTable:
    """Multi-word entries («центр занятости», «областной дума»), matched at a token position
    word by word, by any reading or surface form; the longest entry wins."""

    def __init__(self, entries: Iterable[str]) -> None:
        self._by_key: dict[str, list[_Phrase]] = {}
        phrases: list[_Phrase] = []
        for entry in entries:
            words = entry.split()
            phrase = _Phrase(tuple(entry_lemma(word) for word in words),
                             tuple(word_keys(word) for word in words))
            phrases.append(phrase)
            for key in phrase.keys[0]:
                self._by_key.setdefault(key, []).append(phrase)
        for candidates in self._by_key.values():
            candidates.sort(key=lambda phrase: len(phrase.lemmas), reverse=True)
        self.phrases: tuple[tuple[str, ...], ...] = tuple(p.lemmas for p in phrases)
        self.firsts: frozenset[str] = frozenset(p[0] for p in self.phrases)
        self.first_keys: frozenset[str] = frozenset(self._by_key)

    def __contains__(self, lemma: object) -> bool:
        """Whether an entry starts with this canonical lemma."""
        return lemma in self.firsts

    def match(self, lemmas: Sequence[str], texts: Sequence[str], start: int
              ) -> tuple[str, ...] | None:
        """The canonical lemmas of the longest entry that the tokens from ``start`` read as
        (``lemmas``: the tokens' folded lemmas; ``texts``: their folded surface forms)."""
        first = self._by_key.get(lemmas[start])
        other = self._by_key.get(texts[start]) if texts[start] != lemmas[start] else None
        if other:
            first = sorted({id(p): p for p in (first or []) + other}.values(),
                           key=lambda phrase: len(phrase.lemmas), reverse=True)
        for phrase in first or ():
            end = start + len(phrase.lemmas)
            if end > len(lemmas):
                continue
            if all(lemmas[i] in keys or texts[i] in keys
                   for i, keys in zip(range(start, end), phrase.keys, strict=True)):
                return phrase.lemmas
        return None

    def whole(self, lemmas: Sequence[str], texts: Sequence[str]) -> tuple[str, ...] | None:
        """The canonical lemmas of an entry that reads exactly as all the tokens given."""
        if not lemmas:
            return None
        candidates = self._by_key.get(lemmas[0], []) + self._by_key.get(texts[0], [])
        for phrase in candidates:
            if len(phrase.keys) == len(lemmas) and all(
                    lemma in keys or text in keys
                    for lemma, text, keys in zip(lemmas, texts, phrase.keys, strict=True)):
                return phrase.lemmas
        return None
