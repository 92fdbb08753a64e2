"""Why a corpus run is refused or stops: each maps to one exit status of the CLI.

- :class:`RunRefused` (exit 2): the run was not started or not resumed, nothing was changed
  (``--out`` not empty, a lock held by another run, inputs changed since an interrupted run).
- :class:`RunFailed` (exit 3): the run itself failed part way (a full disk, a read-only
  ``--out``, a worker lost); what was done is in the manifest and ``--resume`` continues.
"""

from __future__ import annotations

from ..errors import RunError


class RunRefused(RunError):  # noqa: N818 - reads as what happened to the run
    """The run was refused before it changed anything."""

    exit_code = 2


class ResumeError(RunRefused):
    """The output folder does not match what its ledger says, or the inputs or settings
    changed since the interrupted run."""


class RunFailed(RunError):  # noqa: N818
    """The run itself failed (disk, permissions, a worker lost)."""


class MissingExtraError(RunRefused):
    """An option needs a package that is not installed (an extra of nlp-extract)."""
