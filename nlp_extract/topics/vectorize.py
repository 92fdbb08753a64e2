"""TF-IDF over lemma terms, as plain data (a vocabulary list and an idf array).

Weights: ``(1 + ln tf) · idf`` with ``idf = ln((1 + n) / (1 + df)) + 1`` (scikit-learn's smooth
idf), rows scaled to unit length. Written here rather than taken from scikit-learn so a saved
model needs nothing but numpy to be applied, and its vocabulary is JSON.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class TfidfSpace:
    vocabulary: list[str]
    idf: np.ndarray

    def __post_init__(self) -> None:
        self.index = {term: i for i, term in enumerate(self.vocabulary)}

    @classmethod
    def fit(cls, documents: Sequence[Sequence[str]], *, min_df: int = 2, max_df: float = 1.0,
            max_features: int | None = None) -> TfidfSpace:
        """Terms in at least ``min_df`` documents and at most a ``max_df`` share of them; the
        ``max_features`` most frequent (by document count, then alphabetically) are kept."""
        n_docs = len(documents)
        df: Counter[str] = Counter()
        for terms in documents:
            df.update(set(terms))
        limit = max_df * n_docs
        kept = [(term, count) for term, count in df.items()
                if count >= min_df and count <= limit]
        kept.sort(key=lambda item: (-item[1], item[0]))
        if max_features is not None:
            kept = kept[:max_features]
        kept.sort(key=lambda item: item[0])
        vocabulary = [term for term, _ in kept]
        idf = np.array([math.log((1 + n_docs) / (1 + count)) + 1 for _, count in kept],
                       dtype=np.float64)
        return cls(vocabulary=vocabulary, idf=idf)

    def transform(self, documents: Sequence[Sequence[str]]) -> Any:  # a scipy csr_matrix
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        for row, terms in enumerate(documents):
            counts = Counter(self.index[term] for term in terms if term in self.index)
            weights = {col: (1 + math.log(tf)) * self.idf[col] for col, tf in counts.items()}
            norm = math.sqrt(sum(value * value for value in weights.values()))
            for col in sorted(weights):
                rows.append(row)
                cols.append(col)
                values.append(weights[col] / norm)
        from scipy import sparse  # imported on use: the pipeline itself never needs it

        return sparse.csr_matrix((values, (rows, cols)),
                                 shape=(len(documents), len(self.vocabulary)), dtype=np.float64)
