"""The corpus-level jobs behind ``nlp-extract topics ...``, as plain functions over a spaCy
pipeline the caller built (so tests and notebooks call them directly)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from .analyse import analyse, corpus_terms
from .discover import Discovery, discover_topics, draft_taxonomy, example_titles
from .evaluate import F1Report, f1_report
from .io import CorpusDoc
from .label_map import LabelMap
from .model import LinearTopicModel
from .taxonomy import validate_taxonomy
from .train import train_model

SCORER = "topic_scorer"
#: typical articles kept per topic, so that enough distinct titles remain after duplicates
EXAMPLE_POOL = 20


@dataclass(frozen=True)
class DiscoveryResult:
    discovery: Discovery
    titles: tuple[str, ...]
    draft: dict[str, Any]

    def format(self, examples: int = 3) -> str:
        """Top lemmas and example titles per topic, for a person to read."""
        lines = [f"{self.discovery.k} topics in {self.discovery.documents} articles "
                 f"({self.discovery.terms} terms, init={self.discovery.init}, "
                 f"seed={self.discovery.seed})"]
        for topic in self.discovery.topics:
            lines.append("")
            lines.append(f"{topic.id}  ({topic.size} articles)")
            lines.append("  lemmas: " + ", ".join(term for term, _ in topic.terms))
            for title in example_titles(topic, self.titles, examples):
                lines.append(f"  - {title}")
        return "\n".join(lines)


def discover_corpus(docs: Sequence[CorpusDoc], nlp: Language, *, k: int, seed: int = 0,
                    init: str = "nndsvda", top_terms: int = 15, examples: int = 3,
                    batch_size: int = 32) -> DiscoveryResult:
    terms = corpus_terms(nlp, (doc.text for doc in docs), bigrams=True, batch_size=batch_size)
    discovery = discover_topics(terms, k, seed=seed, init=init, top_terms=top_terms,
                                examples=max(examples, EXAMPLE_POOL))
    titles = tuple(doc.title or doc.text.strip().split("\n", 1)[0][:120] for doc in docs)
    draft = draft_taxonomy(discovery, titles, examples=examples)
    validate_taxonomy(draft, "<draft>")  # a draft the loader refuses would be a bug here
    return DiscoveryResult(discovery=discovery, titles=titles, draft=draft)


def train_labelled(docs: Sequence[CorpusDoc], nlp: Language, *, bigrams: bool = True,
                   batch_size: int = 32, **params: Any) -> LinearTopicModel:
    """Train on labelled articles; ``params`` go to
    :func:`nlp_extract.topics.train.train_model`."""
    terms = corpus_terms(nlp, (doc.text for doc in docs), bigrams=bigrams, batch_size=batch_size)
    return train_model(terms, [doc.labels for doc in docs], bigrams=bigrams, **params)


def predicted_topics(docs: Sequence[CorpusDoc], nlp: Language, source: str,
                     batch_size: int = 32, top: int | None = None) -> list[list[str]]:
    """The topic ids ``topic_scorer`` gives each article from one source ("taxonomy" or
    "model"), best first; with ``top``, only that many."""
    predicted = []
    for doc in analyse(nlp, (doc.text for doc in docs), keep=(SCORER,), batch_size=batch_size):
        ranked = sorted((topic for topic in doc._.topics or () if topic["source"] == source),
                        key=lambda topic: (-topic["score"], topic["id"]))
        predicted.append([topic["id"] for topic in ranked[:top]])
    return predicted


def evaluate_labelled(docs: Sequence[CorpusDoc], nlp: Language, source: str,
                      batch_size: int = 32, *, label_map: LabelMap | None = None,
                      top: int | None = None) -> F1Report:
    """Micro and macro F1 of the pipeline's topics from ``source`` against the labels; with
    ``label_map``, the topics are first read as the labelled set's labels."""
    predicted = predicted_topics(docs, nlp, source, batch_size=batch_size, top=top)
    labels = [label_map.apply(ids) if label_map else set(ids) for ids in predicted]
    return f1_report([set(doc.labels) for doc in docs], labels)
