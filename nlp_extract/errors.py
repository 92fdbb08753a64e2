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


# Exit status of the ``nlp-extract`` commands.
EXIT_OK = 0  # every input done
EXIT_SOME_FAILED = 1  # some inputs failed (the rest are done)
EXIT_USAGE = 2  # usage error or refused run: fix the command line
EXIT_RUN_FAILED = 3  # the run itself failed: internal error, disk, permissions


def exit_status(error: BaseException) -> int:
    """The exit status a command ends with when ``error`` stops it: :data:`EXIT_USAGE` for a
    BadArgumentError or RunError, :data:`EXIT_SOME_FAILED` for a BadInputError,
    :data:`EXIT_RUN_FAILED` for an InternalError, an OSError (disk full, permissions) or
    anything unexpected."""
    if isinstance(error, BadArgumentError | RunError):
        return EXIT_USAGE
    if isinstance(error, BadInputError):
        return EXIT_SOME_FAILED
    return EXIT_RUN_FAILED
