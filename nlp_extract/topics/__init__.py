"""Topics: the taxonomy (load, validate), corpus-level discovery, training and evaluation.

Used by the ``topic_scorer`` pipeline component (:mod:`nlp_extract.pipeline.topics`) and by
``nlp-extract topics ...``. Nothing here imports the pipeline or the CLI. Names are imported
on first use, so the pipeline does not pay for scipy and scikit-learn it does not need.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "DiscoveredTopic": "discover", "Discovery": "discover", "discover_topics": "discover",
    "draft_taxonomy": "discover",
    "LabelledDataError": "errors", "TaxonomyError": "errors", "TopicModelError": "errors",
    "F1Report": "evaluate", "f1_report": "evaluate",
    "LabelMap": "label_map", "LabelMapError": "label_map", "load_label_map": "label_map",
    "CorpusDoc": "io", "read_corpus": "io", "read_labelled": "io",
    "LinearTopicModel": "model", "load_topic_model": "model",
    "Taxonomy": "taxonomy", "Topic": "taxonomy", "default_taxonomy_path": "taxonomy",
    "dump_taxonomy": "taxonomy", "load_taxonomy": "taxonomy",
    "train_model": "train",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
