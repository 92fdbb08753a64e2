"""spaCy components of nlp_extract, and the function that assembles them into a Language."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language

# importing a component module registers its factory with spaCy
from . import (  # noqa: F401
    abbreviations,
    article_names,
    cleanup,
    crafts,
    dates,
    descriptive,
    facilities,
    grouper,
    keyphrases,
    keys,
    labels,
    lemmatizer,
    money,
    morph,
    nameless,
    ner,
    normalizer,
    orgs,
    place_descriptors,
    places,
    quoted_names,
    syntax,
    tokenizer,
    topics,
)
from .extensions import register_extensions

# ``public_bodies`` finds organisations only; what it did besides (craft filter, nameless ORGs,
# place type words, quoted names, descriptive marks) are components of their own
PIPE_NAMES = ("slovnet_morph", "pymorphy3_lemmatizer", "slovnet_ner", "slovnet_syntax",
              "mention_cleanup",
              "entity_labels", "public_bodies", "craft_filter", "nameless_orgs",
              "place_type_words", "quoted_names", "org_abbreviations", "descriptive_marks",
              "entity_normalizer", "facility_names", "places", "article_names",
              "entity_grouper", "entity_keys",
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
    check_requirements(nlp, disable)
    return nlp


def check_requirements(nlp: Language, disable: tuple[str, ...] = ()) -> None:
    """spaCy's ``analyze_pipes``: every attribute a component requires is assigned by one
    before it. A ``disable=`` that breaks one is a :class:`BadArgumentError` naming both."""
    from ..errors import BadArgumentError, InternalError

    analysis = nlp.analyze_pipes(pretty=False)
    problems = {name: attrs for name, attrs in analysis["problems"].items() if attrs}
    if not problems:
        return
    details = "; ".join(f"{name} requires {', '.join(attrs)}" for name, attrs in problems.items())
    if disable:
        raise BadArgumentError(f"disable: {', '.join(disable)} leaves a requirement unmet: "
                               f"{details}")
    raise InternalError(f"the pipeline's components do not fit together: {details}")
