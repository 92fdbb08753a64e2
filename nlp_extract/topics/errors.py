"""Errors of the topics layer: a taxonomy or a trained model the caller gave cannot be used.

Both are :class:`nlp_extract.errors.BadArgumentError`: the fix is in the file the caller passed.
"""

from __future__ import annotations

from ..errors import BadArgumentError


class TaxonomyError(BadArgumentError):
    """A taxonomy file or mapping is invalid; the message names the topic and the field."""


class TopicModelError(BadArgumentError):
    """A trained topic model folder is missing, of an unknown format, or inconsistent."""


class LabelledDataError(BadArgumentError):
    """A labelled JSONL file for ``topics train`` / ``topics evaluate`` is unusable."""
