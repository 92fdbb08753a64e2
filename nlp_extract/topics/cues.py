"""Taxonomy cues compiled for matching against a sequence of lemmas.

Every cue word becomes a set of accepted lemma keys (folded: lowercase, ё → е). The caller
supplies how a word expands (:data:`Expand`): the scorer accepts, for a word of a phrase, every
dictionary normal form of it, so «режим повышенный готовность» also matches the lemmas
«режим повысить готовность» the pipeline gives a participle. Single-word cues are taken as
lemmas as written, plus the normal forms when the word is not itself a normal form (a cue
written «пособия» still works).

Matching is per topic: the longest cues win and a token counts for one cue of a topic only
(«противодействие коррупции» counts once, as the phrase, not again as «коррупция»).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .taxonomy import Taxonomy
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
                    cue = Cue(index, text, keys, weight, negative)
                    self.cues.append(cue)
                    for key in keys[0]:
                        self._by_first[key].append(cue)

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

    def match(self, keys: Sequence[str]) -> dict[int, list[CueMatch]]:
        """Non-overlapping matches per topic index: longer cues first, then earlier ones,
        then heavier ones; each token counts for one cue of a topic."""
        per_topic: dict[int, list[CueMatch]] = defaultdict(list)
        for found in self.find(keys):
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
