"""Exception types of the public API.

- :class:`BadArgumentError`: the caller passed something the API does not accept (wrong type,
  bad option). Fix the call.
- :class:`BadInputError`: the input itself cannot be annotated (not text, too long, ...). Skip or
  repair that input; other inputs are unaffected.
- :class:`InternalError`: a bug or a broken installation (missing model files). Report it.
"""

from __future__ import annotations


class NlpExtractError(Exception):
    """Base class of every error raised on purpose by nlp_extract."""


class BadArgumentError(NlpExtractError, ValueError):
    """An argument of the call is invalid."""


class BadInputError(NlpExtractError, ValueError):
    """The input cannot be annotated."""


class InternalError(NlpExtractError, RuntimeError):
    """Something inside nlp_extract or its models failed."""
