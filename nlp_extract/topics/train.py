"""Training a :class:`~nlp_extract.topics.model.LinearTopicModel` on labelled articles.

One logistic regression per label (one-vs-rest, so an article may have several labels), fitted
by scikit-learn on lemma TF-IDF; only the resulting numbers are kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from .errors import LabelledDataError
from .model import LinearTopicModel
from .vectorize import TfidfSpace


def train_model(documents: Sequence[Sequence[str]], labels: Sequence[Sequence[str]], *,
                bigrams: bool = True, min_df: int = 2, max_df: float = 0.5,
                max_features: int | None = 50_000, c: float = 10.0, threshold: float = 0.5,
                at_least_one: bool | None = None, seed: int = 0) -> LinearTopicModel:
    """Fit a model on documents given as term lists (made with the same ``bigrams`` setting as
    the model will use) and their label lists.

    ``at_least_one`` defaults to True when every training document has exactly one label.
    """
    from sklearn.linear_model import LogisticRegression

    if len(documents) != len(labels):
        raise LabelledDataError("documents and labels differ in number")
    names = sorted({label for row in labels for label in row})
    if len(names) < 2:
        raise LabelledDataError(f"training needs at least two distinct labels, got {names}")
    space = TfidfSpace.fit(documents, min_df=min_df, max_df=max_df, max_features=max_features)
    if not space.vocabulary:
        raise LabelledDataError("no term occurs in enough documents to train on "
                                f"(min_df={min_df}); give more or longer texts")
    features = space.transform(documents)
    coef = np.zeros((len(names), len(space.vocabulary)))
    intercept = np.zeros(len(names))
    for row, name in enumerate(names):
        target = np.array([name in doc_labels for doc_labels in labels], dtype=int)
        if target.all():
            intercept[row] = 10.0
            continue
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000,
                                   random_state=seed)
        model.fit(features, target)
        coef[row] = model.coef_[0]
        intercept[row] = model.intercept_[0]
    counts = Counter(label for row in labels for label in row)
    if at_least_one is None:
        at_least_one = all(len(row) == 1 for row in labels)
    info = {"documents": len(documents), "label_counts": dict(sorted(counts.items())),
            "min_df": min_df, "max_df": max_df, "c": c, "seed": seed}
    return LinearTopicModel(labels=names, space=space, coef=coef, intercept=intercept,
                            threshold=threshold, at_least_one=at_least_one, bigrams=bigrams,
                            info=info)
