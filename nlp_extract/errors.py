"""Exception types of the public API.

Every error nlp_extract raises on purpose derives from :class:`NlpExtractError`:

- :class:`BadArgumentError` (also a ``ValueError``): the caller passed something the API does
  not accept (wrong type, bad option, an input path that does not exist, a malformed gold
  corpus or taxonomy). Fix the call. The CLI exits 2.
- :class:`BadInputError` (also a ``ValueError``): the input itself cannot be annotated (not
  text, bytes whose encoding cannot be determined, too long, ...). Skip or repair that input;
  other inputs are unaffected. In a corpus run it is reported in ``errors.jsonl`` (exit 1).
- :class:`RunError` (also a ``RuntimeError``): the batch run itself cannot go on or is
  refused (e.g. ``--resume`` on inputs that changed). The CLI exits 2.
- :class:`InternalError` (also a ``RuntimeError``): a bug or a broken installation (missing
  or damaged model files). Report it. The CLI exits 3.

Hierarchy::

    NlpExtractError
    ├── BadArgumentError (ValueError)
    │   ├── corpus.walk.MissingInputError
    │   ├── evaluate.{factru.FactruFormatError, brat.BratFormatError, conllu.ConlluFormatError}
    │   └── topics.errors.{TaxonomyError, TopicModelError, LabelledDataError}
    ├── BadInputError (ValueError)
    │   └── readers.decode.DecodeError
    ├── RunError (RuntimeError)
    │   └── corpus.writers.ResumeError
    └── InternalError (RuntimeError)
        └── pipeline.gazetteer.GazetteerError
"""

from __future__ import annotations


class NlpExtractError(Exception):
    """Base class of every error raised on purpose by nlp_extract."""


class BadArgumentError(NlpExtractError, ValueError):
    """An argument of the call is invalid."""


class BadInputError(NlpExtractError, ValueError):
    """The input cannot be annotated."""


class RunError(NlpExtractError, RuntimeError):
    """The batch run itself cannot go on or is refused."""


class InternalError(NlpExtractError, RuntimeError):
    """Something inside nlp_extract or its models failed."""
