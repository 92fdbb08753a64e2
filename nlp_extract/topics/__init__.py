"""Topics: the taxonomy (load, validate), corpus-level discovery, training and evaluation.

Used by the ``topic_scorer`` pipeline component (:mod:`nlp_extract.pipeline.topics`) and by
``nlp-extract topics ...``. Nothing here imports the pipeline or the CLI.
"""

from .discover import DiscoveredTopic, Discovery, discover_topics, draft_taxonomy
from .errors import LabelledDataError, TaxonomyError, TopicModelError
from .evaluate import F1Report, f1_report
from .io import CorpusDoc, read_corpus, read_labelled
from .model import LinearTopicModel, load_topic_model
from .taxonomy import Taxonomy, Topic, default_taxonomy_path, dump_taxonomy, load_taxonomy
from .train import train_model

__all__ = [
    "CorpusDoc", "DiscoveredTopic", "Discovery", "F1Report", "LabelledDataError",
    "LinearTopicModel", "Taxonomy", "TaxonomyError", "Topic", "TopicModelError",
    "default_taxonomy_path", "discover_topics", "draft_taxonomy", "dump_taxonomy", "f1_report",
    "load_taxonomy", "load_topic_model", "read_corpus", "read_labelled", "train_model",
]
