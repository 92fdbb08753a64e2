"""Find the input files of a run, in a deterministic order."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadArgumentError
from ..readers import SUPPORTED_SUFFIXES, printable


@dataclass(frozen=True)
class InputFile:
    path: Path
    root: Path  # ids and output paths are relative to this

    @property
    def relative(self) -> str:
        """The path relative to its input root (``/``-separated, printable), as records,
        the error log and the resume fingerprints name it."""
        try:
            relative = self.path.relative_to(self.root).as_posix()
        except ValueError:
            relative = self.path.name
        return printable(relative)


class MissingInputError(BadArgumentError):
    """An input named on the command line does not exist."""


def iter_inputs(inputs: Iterable[Path], suffixes: frozenset[str] = SUPPORTED_SUFFIXES,
                skip: Path | None = None) -> Iterator[InputFile]:
    """Files named directly, and files with a supported suffix under directories (recursive,
    sorted, symlinked directories not followed so a link loop cannot trap the walk).

    Symlinked directories and directories that cannot be listed are yielded too, so that
    ``read_path`` reports them instead of their content being skipped in silence; so are
    FIFOs and other special files with a supported suffix (``read_path`` never opens them).

    ``skip``: a directory never entered (the run's own ``--out`` when it lies inside an input,
    so a run never reads its own records, ledger or error log)."""
    skipped = _identity(skip) if skip is not None else None
    for given in inputs:
        if given.is_dir():
            yield from _walk(given, suffixes, skipped)
        elif given.exists() or given.is_symlink():
            yield InputFile(path=given, root=given.parent)
        else:
            raise MissingInputError(f"input not found: {given}")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _walk(root: Path, suffixes: frozenset[str], skip: tuple[int, int] | None = None
          ) -> Iterator[InputFile]:
    unlisted: list[OSError] = []
    if skip is not None and _identity(root) == skip:
        return
    for directory, subdirs, files in os.walk(root, followlinks=False, onerror=unlisted.append):
        yield from _unlisted(unlisted, root)
        if skip is not None:
            subdirs[:] = [name for name in subdirs
                          if _identity(Path(directory) / name) != skip]
        subdirs.sort()
        for name in sorted(files):
            if Path(name).suffix.lower() in suffixes and not name.startswith("."):
                yield InputFile(path=Path(directory) / name, root=root)
        for name in subdirs:
            if (Path(directory) / name).is_symlink():
                yield InputFile(path=Path(directory) / name, root=root)
    yield from _unlisted(unlisted, root)


def _unlisted(errors: list[OSError], root: Path) -> Iterator[InputFile]:
    """Directories os.walk could not list (read_path says why)."""
    while errors:
        error = errors.pop(0)
        if error.filename:
            yield InputFile(path=Path(error.filename), root=root)
