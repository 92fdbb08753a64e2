"""spaCy components of nlp_extract, and the function that assembles them into a Language."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language

# importing a component module registers its factory with spaCy
from . import (  # noqa: F401
    article_names,
    cleanup,
    dates,
    grouper,
    keyphrases,
    labels,
    lemmatizer,
    money,
    morph,
    ner,
    normalizer,
    orgs,
    places,
    tokenizer,
    topics,
)
from .extensions import register_extensions

PIPE_NAMES = ("slovnet_morph", "pymorphy3_lemmatizer", "slovnet_ner", "mention_cleanup",
              "entity_labels", "public_bodies", "entity_normalizer", "places", "article_names",
              "entity_grouper",
              "date_finder", "money_finder", "topic_scorer", "keyphrase_extractor")


def build_pipeline(config: dict[str, dict[str, Any]] | None = None,
                   disable: tuple[str, ...] = ()) -> Language:
    """A blank Russian spaCy pipeline with the razdel tokenizer and our components.

    ``config`` maps a component name to its settings, e.g. ``{"slovnet_ner": {"batch_size": 32}}``.
    """
    register_extensions()
    config = config or {}
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {
        "@tokenizers": "nlp_extract.razdel_tokenizer.v1"}}})
    for name in PIPE_NAMES:
        if name not in disable:
            nlp.add_pipe(name, config=config.get(name, {}))
    return nlp
