"""Taxonomy cues compiled for matching against a sequence of lemmas.

Every cue word becomes a set of accepted lemma keys (folded: lowercase, ё → е). The caller
supplies how a word expands (:data:`Expand`): the scorer accepts, for a word of a phrase, every
dictionary normal form of it, so «режим повышенный готовность» also matches the lemmas
«режим повысить готовность» the pipeline gives a participle. Single-word cues are taken as
lemmas as written, plus the normal forms when the word is not itself a normal form (a cue
written «пособия» still works).

Matching is per topic: the longest cues win and a token counts for one cue of a topic only
(«противодействие коррупции» counts once, as the phrase, not again as «коррупция»).

Senses (taxonomy version 2): a cue with a context counts only when one of its ``requires``
lemmas stands in the same sentence (or article, by its ``scope``) and none of its
``blocked_by`` lemmas does. Across topics an ambiguous single word gives way to a phrase: a
single-word cue on a token that another topic's phrase covers does not count («социальный» of
«социальная сеть» is no social-protection cue, «детский» of «детский сад» no child-welfare
one).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .taxonomy import CueContext, Taxonomy
from .text import fold

#: word → the lemma keys it accepts (folded); ``phrase`` says whether it is part of a phrase.
Expand = Callable[[str, bool], frozenset[str]]


def literal(word: str, phrase: bool) -> frozenset[str]:
    """The simplest expansion: the word itself, folded."""
    return frozenset({fold(word)})


@dataclass(frozen=True)
class Cue:
    topic: int  # index of the topic in the taxonomy
    text: str  # as written in the taxonomy
    words: tuple[frozenset[str], ...]
    weight: float
    negative: bool
    requires: frozenset[str] = frozenset()  # accepted keys of any required context word
    blocked_by: frozenset[str] = frozenset()
    scope: str = "sentence"
    has_context: bool = False


@dataclass(frozen=True)
class CueMatch:
    cue: Cue
    start: int  # index into the key sequence (inclusive)
    end: int  # exclusive


class CueIndex:
    """All cues of a taxonomy, indexed by the keys their first word accepts."""

    def __init__(self, taxonomy: Taxonomy, expand: Expand = literal) -> None:
        self.taxonomy = taxonomy
        self.cues: list[Cue] = []
        self._by_first: dict[str, list[Cue]] = defaultdict(list)
        for index, topic in enumerate(taxonomy.topics):
            groups = ((topic.cues, False), (topic.phrases, False), (topic.negative, True))
            for cues, negative in groups:
                for text, weight in cues.items():
                    words = text.split()
                    phrase = len(words) > 1
                    keys = tuple(expand(word, phrase) | {fold(word)} for word in words)
                    context = None if negative else topic.contexts.get(text)
                    cue = Cue(index, text, keys, weight, negative) if context is None else \
                        Cue(index, text, keys, weight, negative, *self._context_keys(context,
                                                                                      expand))
                    self.cues.append(cue)
                    for key in keys[0]:
                        self._by_first[key].append(cue)

    @staticmethod
    def _context_keys(context: CueContext, expand: Expand
                      ) -> tuple[frozenset[str], frozenset[str], str, bool]:
        def keys(words: tuple[str, ...]) -> frozenset[str]:
            return frozenset().union(*(expand(word, False) | {fold(word)} for word in words))
        return keys(context.requires), keys(context.blocked_by), context.scope, True

    def find(self, keys: Sequence[str]) -> list[CueMatch]:
        """Every occurrence of every cue in ``keys`` (one folded lemma per token, "" for a
        token that breaks phrases), overlapping ones included."""
        found: list[CueMatch] = []
        for start, key in enumerate(keys):
            for cue in self._by_first.get(key, ()) if key else ():
                end = start + len(cue.words)
                if end <= len(keys) and all(keys[start + offset] in accepted
                                            for offset, accepted in enumerate(cue.words)):
                    found.append(CueMatch(cue, start, end))
        return found

    def match(self, keys: Sequence[str], sentences: Sequence[int] | None = None,
              phrases_first: bool = True) -> dict[int, list[CueMatch]]:
        """Non-overlapping matches per topic index: longer cues first, then earlier ones,
        then heavier ones; each token counts for one cue of a topic. ``sentences`` gives each
        token's sentence number (for contexts of scope ``sentence``; without it the whole
        sequence is one sentence). With ``phrases_first``, a single-word cue on a token another
        topic's phrase covers is dropped."""
        scopes = _Scopes(keys, sentences)
        found_all = [m for m in self.find(keys) if not m.cue.has_context
                     or self._context_holds(m, keys, scopes)]
        if phrases_first:
            covering: dict[int, set[int]] = defaultdict(set)
            for m in found_all:
                if m.end - m.start > 1 and not m.cue.negative:
                    for position in range(m.start, m.end):
                        covering[position].add(m.cue.topic)
            found_all = [m for m in found_all if m.end - m.start > 1 or m.cue.negative
                         or not (covering.get(m.start, set()) - {m.cue.topic})]
        per_topic: dict[int, list[CueMatch]] = defaultdict(list)
        for found in found_all:
            per_topic[found.cue.topic].append(found)
        chosen: dict[int, list[CueMatch]] = {}
        for topic, matches in per_topic.items():
            matches.sort(key=lambda m: (-(m.end - m.start), m.start, -m.cue.weight, m.cue.text))
            used: set[int] = set()
            kept = []
            for found in matches:
                span = range(found.start, found.end)
                if used.isdisjoint(span):
                    used.update(span)
                    kept.append(found)
            chosen[topic] = sorted(kept, key=lambda m: (m.start, m.end, m.cue.text))
        return chosen

    @staticmethod
    def _context_holds(found: CueMatch, keys: Sequence[str], scopes: _Scopes) -> bool:
        cue = found.cue
        counts = scopes.article if cue.scope == "article" else scopes.sentence(found.start)
        own = Counter(keys[found.start:found.end])

        def present(accepted: frozenset[str]) -> bool:
            return any(counts.get(key, 0) > own.get(key, 0) for key in accepted)
        if cue.blocked_by and present(cue.blocked_by):
            return False
        return not cue.requires or present(cue.requires)


class _Scopes:
    """Lemma counts of the article and of each sentence, computed when first asked for."""

    def __init__(self, keys: Sequence[str], sentences: Sequence[int] | None) -> None:
        self.keys = keys
        self.sentences = sentences
        self._article: Counter[str] | None = None
        self._by_sentence: dict[int, Counter[str]] | None = None

    @property
    def article(self) -> Counter[str]:
        if self._article is None:
            self._article = Counter(self.keys)
        return self._article

    def sentence(self, position: int) -> Counter[str]:
        if self.sentences is None:
            return self.article
        if self._by_sentence is None:
            self._by_sentence = defaultdict(Counter)
            for key, number in zip(self.keys, self.sentences, strict=True):
                self._by_sentence[number][key] += 1
        return self._by_sentence[self.sentences[position]]
