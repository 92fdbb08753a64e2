"""Topics found in a corpus without a taxonomy: NMF on lemma TF-IDF.

Each article is a list of lemma terms (:func:`nlp_extract.topics.features.doc_terms`, with
bigrams so that the draft gets phrases). Non-negative matrix factorisation splits the TF-IDF
matrix into ``k`` topics; a topic is described by its heaviest terms and its most typical
articles, and each article is assigned to its heaviest topic. With the default NNDSVDa
initialisation the result depends on nothing random; ``init="random"`` draws from ``seed``.

:func:`draft_taxonomy` turns the result into a taxonomy mapping that
:func:`nlp_extract.topics.taxonomy.validate_taxonomy` accepts, for a researcher to rename,
prune and feed back with ``--taxonomy``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import BadArgumentError
from .taxonomy import FORMAT
from .vectorize import TfidfSpace

INITS = ("nndsvda", "nndsvd", "random")


@dataclass(frozen=True)
class DiscoveredTopic:
    index: int  # 0-based
    terms: tuple[tuple[str, float], ...]  # heaviest first, weights scaled so the first is 1
    examples: tuple[int, ...]  # article indices, most typical first
    size: int  # articles assigned to it

    @property
    def id(self) -> str:
        return f"topic_{self.index + 1:02d}"


@dataclass(frozen=True)
class Discovery:
    topics: tuple[DiscoveredTopic, ...]
    assignments: tuple[int, ...]  # per article: topic index, -1 for an article with no terms
    k: int
    seed: int
    init: str
    documents: int
    terms: int


def discover_topics(documents: Sequence[Sequence[str]], k: int, *, seed: int = 0,
                    init: str = "nndsvda", top_terms: int = 15, examples: int = 3,
                    min_df: int = 2, max_df: float = 0.5, max_features: int = 20_000,
                    max_iter: int = 500) -> Discovery:
    """Find ``k`` topics in documents given as term lists."""
    from sklearn.decomposition import NMF

    if k < 1:
        raise BadArgumentError("k must be at least 1")
    if init not in INITS:
        raise BadArgumentError(f"init must be one of {', '.join(INITS)}, not {init!r}")
    if len(documents) < k:
        raise BadArgumentError(f"k={k} topics need at least {k} documents, got {len(documents)}")
    space = TfidfSpace.fit(documents, min_df=min_df, max_df=max_df, max_features=max_features)
    if len(space.vocabulary) < k:
        raise BadArgumentError(f"only {len(space.vocabulary)} terms occur in at least {min_df} "
                               f"and at most {max_df:.0%} of the {len(documents)} documents: "
                               f"too few for k={k} topics; give more documents")
    matrix = space.transform(documents)
    nmf = NMF(n_components=k, init=init, random_state=seed, max_iter=max_iter)
    weights = nmf.fit_transform(matrix)  # documents × topics
    components = nmf.components_  # topics × terms
    empty = np.asarray(matrix.sum(axis=1)).ravel() == 0
    assignments = tuple(-1 if empty[row] else int(np.argmax(weights[row]))
                        for row in range(len(documents)))
    topics = []
    for index in range(k):
        row = components[index]
        order = sorted(range(len(row)), key=lambda col: (-row[col], space.vocabulary[col]))
        top = [col for col in order[:top_terms] if row[col] > 0]
        peak = row[top[0]] if top else 1.0
        terms = tuple((space.vocabulary[col], round(float(row[col] / peak), 4)) for col in top)
        members = [doc for doc, topic in enumerate(assignments) if topic == index]
        typical = sorted(members, key=lambda doc: (-weights[doc, index], doc))[:examples]
        topics.append(DiscoveredTopic(index=index, terms=terms, examples=tuple(typical),
                                      size=len(members)))
    return Discovery(topics=tuple(topics), assignments=assignments, k=k, seed=seed, init=init,
                     documents=len(documents), terms=len(space.vocabulary))


def example_titles(topic: DiscoveredTopic, titles: Sequence[str], limit: int) -> list[str]:
    """The titles of a topic's most typical articles, each title once."""
    shown: list[str] = []
    for doc in topic.examples:
        title = titles[doc] if doc < len(titles) else ""
        if title and title not in shown:
            shown.append(title)
        if len(shown) >= limit:
            break
    return shown


def draft_taxonomy(discovery: Discovery, titles: Sequence[str] = (), *,
                   max_weight: float = 2.0, name: str = "", examples: int = 3) -> dict[str, Any]:
    """A taxonomy mapping with one topic per discovered topic: single-word terms become cues,
    two-word terms phrases, weights scaled to ``max_weight`` (at least 0.1)."""
    topics = []
    for topic in discovery.topics:
        cues: dict[str, float] = {}
        phrases: dict[str, float] = {}
        for term, weight in topic.terms:
            target = phrases if " " in term else cues
            target[term] = max(0.1, round(weight * max_weight, 1))
        if not cues and not phrases:
            continue
        top = [term for term, _ in topic.terms[:3]]
        shown = example_titles(topic, titles, examples)
        description = (f"Found by NMF (k={discovery.k}, init={discovery.init}, "
                       f"seed={discovery.seed}) in {discovery.documents} articles; "
                       f"{topic.size} articles assigned. Top lemmas: "
                       f"{', '.join(term for term, _ in topic.terms[:8])}.")
        if shown:
            description += " Examples: " + " | ".join(shown)
        topics.append({
            "id": topic.id,
            "label": {"ru": ", ".join(top), "en": f"Discovered topic {topic.index + 1}"},
            "description": description,
            "parent": None,
            "cues": cues,
            "phrases": phrases,
            "negative": {},
        })
    return {"format": FORMAT, "version": 1, "revision": "draft",
            "name": name or f"Draft: {discovery.k} topics discovered", "language": "ru",
            "topics": topics}
