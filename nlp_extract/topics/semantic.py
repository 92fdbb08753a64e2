"""Semantic similarity of an article to each topic: cosine between word-embedding centroids.

A topic's centroid is the weighted mean of the embeddings of its cue words (phrase words share
their phrase's weight); an article's vector is the mean embedding of its content lemmas. Raw
cosines favour the topics with the most generic cues (every government article resembles
«public services»), so both are centred on the mean of all centroids first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .taxonomy import Topic
from .text import fold

#: word → its embedding, or None when the vocabulary lacks it.
Lookup = Callable[[str], "np.ndarray | None"]


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def topic_centroid(topic: Topic, lookup: Lookup) -> np.ndarray | None:
    vectors: list[np.ndarray] = []
    weights: list[float] = []
    for cues in (topic.cues, topic.phrases):
        for text, weight in cues.items():
            words = text.split()
            for word in words:
                vector = lookup(word)
                if vector is None and fold(word) != word:
                    vector = lookup(fold(word))
                if vector is not None:
                    vectors.append(_unit(vector))
                    weights.append(weight / len(words))
    if not vectors:
        return None
    return _unit(np.average(np.stack(vectors), axis=0, weights=weights))


@dataclass
class TopicSimilarity:
    """Topic centroids centred on their mean, so what a topic shares with every other topic
    (the «officialdom» of government news) does not count as similarity."""

    centroids: np.ndarray  # topics × dim, centred and unit length; zero rows: no cue known
    mean: np.ndarray
    lookup: Lookup

    @classmethod
    def build(cls, topics: Iterable[Topic], lookup: Lookup) -> TopicSimilarity:
        centroids = [topic_centroid(topic, lookup) for topic in topics]
        known = [centroid for centroid in centroids if centroid is not None]
        dim = known[0].shape[0] if known else 1
        mean = np.mean(np.stack(known), axis=0) if known else np.zeros(dim)
        rows = [_unit(centroid - mean) if centroid is not None and len(known) > 1
                else np.zeros(dim) for centroid in centroids]
        return cls(centroids=np.stack(rows).astype(np.float64), mean=mean.astype(np.float64),
                   lookup=lookup)

    def article_vector(self, lemmas: Iterable[tuple[str, float]]) -> np.ndarray | None:
        total = None
        weight_sum = 0.0
        for lemma, weight in lemmas:
            vector = self.lookup(lemma)
            if vector is None:
                continue
            total = vector * weight if total is None else total + vector * weight
            weight_sum += weight
        if total is None or weight_sum == 0:
            return None
        return _unit(total.astype(np.float64) / weight_sum)

    def scores(self, lemmas: Iterable[tuple[str, float]]) -> np.ndarray:
        """Per topic ``(1 + cos) / 2`` of the centred article vector and the topic's centred
        centroid: 0.5 is neutral (also for a topic without embeddings, or an article whose
        words have none), towards 1 for the topics the article is closest to."""
        neutral = np.full(len(self.centroids), 0.5)
        vector = self.article_vector(lemmas)
        if vector is None:
            return neutral
        centred = _unit(vector - self.mean)
        if not np.any(centred):
            return neutral
        return np.clip((1.0 + self.centroids @ centred) / 2.0, 0.0, 1.0)

    def nearest(self, lemmas: Sequence[str], topic: int, limit: int = 3,
                floor: float = 0.0) -> list[int]:
        """Indexes into ``lemmas`` of the (distinct) words closest to ``topic``'s centred
        centroid, best first, with cosine above ``floor``: the evidence for a topic that
        similarity alone suggests."""
        centroid = self.centroids[topic]
        if not np.any(centroid):
            return []
        scored: dict[str, tuple[float, int]] = {}
        for index, lemma in enumerate(lemmas):
            if lemma in scored:
                continue
            vector = self.lookup(lemma)
            if vector is None:
                continue
            centred = _unit(_unit(vector.astype(np.float64)) - self.mean)
            scored[lemma] = (float(centroid @ centred), index)
        ranked = sorted(scored.values(), key=lambda item: (-item[0], item[1]))
        return [index for cosine, index in ranked[:limit] if cosine > floor]
