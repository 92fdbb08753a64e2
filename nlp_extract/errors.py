"""Exception types of the public API.

Every error nlp_extract raises on purpose derives from :class:`NlpExtractError`:

- :class:`BadArgumentError` (also a ``ValueError``): the caller passed something the API does
  not accept (wrong type, bad option, an input path that does not exist, a malformed gold
  corpus or taxonomy). Fix the call. The CLI exits 2.
- :class:`BadInputError` (also a ``ValueError``): the input itself cannot be annotated (not
  text, bytes whose encoding cannot be determined, too long, ...). Skip or repair that input;
  other inputs are unaffected. In a corpus run it is reported in ``errors.jsonl`` (exit 1).
- :class:`RunError` (also a ``RuntimeError``): the batch run itself cannot go on or is
  refused. The CLI exits 2 when it was refused before changing anything
  (``corpus.run_errors.RunRefused``: ``--resume`` on inputs that changed, ``--out`` in use),
  3 when it failed part way (``RunFailed``: a full disk, a read-only ``--out``).
- :class:`InternalError` (also a ``RuntimeError``): a bug or a broken installation (missing
  or damaged model files). Report it. The CLI exits 3.

Hierarchy::

    NlpExtractError
    ├── BadArgumentError (ValueError)
    │   ├── corpus.walk.MissingInputError
    │   ├── evaluate.{factru.FactruFormatError, brat.BratFormatError, conllu.ConlluFormatError,
    │   │             label_studio.LabelStudioFormatError, conllu_entities.ConlluEntityFormatError}
    │   ├── export.{records.RunFolderError, conllu.ConlluExportError}
    │   ├── report.source.ReportInputError
    │   └── topics.errors.{TaxonomyError, TopicModelError, LabelledDataError}
    ├── BadInputError (ValueError)
    │   └── readers.decode.DecodeError
    ├── RunError (RuntimeError)
    │   ├── corpus.run_errors.RunRefused
    │   │   └── corpus.run_errors.ResumeError
    │   └── corpus.run_errors.RunFailed
    └── InternalError (RuntimeError)
        └── pipeline.gazetteer.GazetteerError
"""

from __future__ import annotations


class NlpExtractError(Exception):
    """Base class of every error raised on purpose by nlp_extract."""

    exit_code = 3  # what the CLI exits with when this error stops a command


class BadArgumentError(NlpExtractError, ValueError):
    """An argument of the call is invalid."""

    exit_code = 2


class BadInputError(NlpExtractError, ValueError):
    """The input cannot be annotated."""

    exit_code = 1


class RunError(NlpExtractError, RuntimeError):
    """The batch run itself cannot go on or is refused (a refusal sets ``exit_code = 2``)."""

    exit_code = 3


class InternalError(NlpExtractError, RuntimeError):
    """Something inside nlp_extract or its models failed."""


# Exit status of the ``nlp-extract`` commands.
EXIT_OK = 0  # every input done
EXIT_SOME_FAILED = 1  # some inputs failed (the rest are done)
EXIT_USAGE = 2  # usage error or refused run: fix the command line
EXIT_RUN_FAILED = 3  # the run itself failed: internal error, disk, permissions


def exit_status(error: BaseException) -> int:
    """The exit status a command ends with when ``error`` stops it: the error class's
    ``exit_code`` (:data:`EXIT_USAGE` for a BadArgumentError or a refused run,
    :data:`EXIT_SOME_FAILED` for a BadInputError, :data:`EXIT_RUN_FAILED` for an InternalError
    or a failed run); :data:`EXIT_RUN_FAILED` for an OSError (disk full, permissions) or
    anything unexpected."""
    if isinstance(error, NlpExtractError):
        return error.exit_code
    return EXIT_RUN_FAILED
