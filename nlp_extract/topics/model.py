"""A trained topic model: one linear classifier per label over lemma TF-IDF, as plain data.

A model folder holds two files, never a pickle:

- ``model.json``: ``format`` (``nlp_extract.topic_model``) and ``version`` (1), checked on load;
  the labels, the decision threshold, the feature settings, the vocabulary (a list: the column
  of a term is its position) and what it was trained on;
- ``weights.npz``: numpy arrays ``idf`` (n_terms), ``coef`` (n_labels × n_terms) and
  ``intercept`` (n_labels), read with ``allow_pickle=False``.

The probability of a label is the logistic function of ``coef · x + intercept``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import TopicModelError
from .vectorize import TfidfSpace

FORMAT = "nlp_extract.topic_model"
VERSION = 1
META_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"


@dataclass
class LinearTopicModel:
    labels: list[str]
    space: TfidfSpace
    coef: np.ndarray
    intercept: np.ndarray
    #: a label is predicted when its probability reaches this
    threshold: float = 0.5
    #: predict the most probable label even when none reaches the threshold
    at_least_one: bool = True
    bigrams: bool = True
    info: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, documents: Sequence[Sequence[str]]) -> np.ndarray:
        """n_documents × n_labels probabilities for documents given as term lists."""
        features = self.space.transform(documents)
        logits = features @ self.coef.T + self.intercept
        return 1.0 / (1.0 + np.exp(-np.asarray(logits)))

    def predict(self, documents: Sequence[Sequence[str]], threshold: float | None = None
                ) -> list[list[tuple[str, float]]]:
        """Per document the predicted ``(label, probability)`` pairs, most probable first."""
        cut = self.threshold if threshold is None else threshold
        results = []
        for row in self.probabilities(documents):
            order = sorted(range(len(self.labels)), key=lambda i: (-row[i], self.labels[i]))
            chosen = [i for i in order if row[i] >= cut]
            if not chosen and self.at_least_one and order:
                chosen = order[:1]
            results.append([(self.labels[i], float(row[i])) for i in chosen])
        return results

    def explain(self, terms: Sequence[str], label: str, limit: int = 5) -> list[str]:
        """The article's terms that push most towards ``label`` (positive contributions)."""
        row = self.labels.index(label)
        present = sorted({term for term in terms if term in self.space.index})
        scored = [(self.coef[row, self.space.index[term]] * self.space.idf[self.space.index[term]],
                   term) for term in present]
        scored = [(score, term) for score, term in scored if score > 0]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [term for _, term in scored[:limit]]

    # -- plain-data storage ---------------------------------------------------------------
    def save(self, directory: str | Path) -> Path:
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        weights = out / WEIGHTS_FILE
        with weights.open("wb") as handle:
            np.savez(handle, idf=self.space.idf.astype(np.float64),
                     coef=self.coef.astype(np.float64),
                     intercept=self.intercept.astype(np.float64))
        digest = hashlib.sha256(weights.read_bytes()).hexdigest()
        self.info = {**self.info, "weights_sha256": digest}
        meta = {
            "format": FORMAT,
            "version": VERSION,
            "kind": "one-vs-rest logistic regression on lemma tf-idf",
            "labels": self.labels,
            "threshold": self.threshold,
            "at_least_one": self.at_least_one,
            "features": {"bigrams": self.bigrams, "terms": len(self.space.vocabulary)},
            "weights_sha256": digest,
            "training": {key: value for key, value in self.info.items()
                         if key != "weights_sha256"},
            "vocabulary": self.space.vocabulary,
        }
        (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                     encoding="utf-8")
        return out

    def describe(self) -> dict[str, Any]:
        """What a record or manifest says about the model."""
        return {"format": FORMAT, "version": VERSION, "labels": list(self.labels),
                "terms": len(self.space.vocabulary),
                "sha256": self.info.get("weights_sha256", "")}


def load_topic_model(directory: str | Path) -> LinearTopicModel:
    """Read a model folder written by :meth:`LinearTopicModel.save`, checking its format,
    version and that its arrays fit its vocabulary and labels."""
    folder = Path(directory)
    where = f"topic model {folder}"
    meta_path, weights_path = folder / META_FILE, folder / WEIGHTS_FILE
    if not folder.is_dir():
        raise TopicModelError(f"{where}: not a directory (expected {META_FILE} and "
                              f"{WEIGHTS_FILE} inside)")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TopicModelError(f"{where}: {META_FILE} is missing") from None
    except (OSError, ValueError) as exc:
        raise TopicModelError(f"{where}: {META_FILE} is not readable JSON: {exc}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise TopicModelError(f"{where}: {META_FILE} field 'format' must be {FORMAT!r}")
    if meta.get("version") != VERSION:
        raise TopicModelError(f"{where}: version {meta.get('version')!r} is not supported; "
                              f"this nlp_extract reads version {VERSION}")
    try:
        raw = weights_path.read_bytes()
        with np.load(weights_path, allow_pickle=False) as arrays:
            idf, coef, intercept = arrays["idf"], arrays["coef"], arrays["intercept"]
    except FileNotFoundError:
        raise TopicModelError(f"{where}: {WEIGHTS_FILE} is missing") from None
    except (OSError, ValueError, KeyError) as exc:
        raise TopicModelError(f"{where}: {WEIGHTS_FILE} is not a valid weights file: {exc}"
                              ) from None
    digest = hashlib.sha256(raw).hexdigest()
    if meta.get("weights_sha256") not in (None, digest):
        raise TopicModelError(f"{where}: {WEIGHTS_FILE} does not match {META_FILE} "
                              f"(sha256 differs): the folder mixes two models")
    labels, vocabulary = meta.get("labels"), meta.get("vocabulary")
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise TopicModelError(f"{where}: field 'labels' must be a non-empty list of strings")
    if not isinstance(vocabulary, list) or not all(isinstance(x, str) for x in vocabulary):
        raise TopicModelError(f"{where}: field 'vocabulary' must be a list of strings")
    if idf.shape != (len(vocabulary),) or coef.shape != (len(labels), len(vocabulary)) \
            or intercept.shape != (len(labels),):
        raise TopicModelError(f"{where}: array shapes do not fit {len(labels)} labels and "
                              f"{len(vocabulary)} terms")
    features = meta.get("features") or {}
    info = dict(meta.get("training") or {})
    info["weights_sha256"] = digest
    return LinearTopicModel(labels=labels, space=TfidfSpace(vocabulary, idf), coef=coef,
                            intercept=intercept, threshold=float(meta.get("threshold", 0.5)),
                            at_least_one=bool(meta.get("at_least_one", True)),
                            bigrams=bool(features.get("bigrams", True)), info=info)
