"""Find the input files of a run, in a deterministic order."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadArgumentError
from ..readers import SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class InputFile:
    path: Path
    root: Path  # ids and output paths are relative to this


class MissingInputError(BadArgumentError):
    """An input named on the command line does not exist."""


def iter_inputs(inputs: Iterable[Path], suffixes: frozenset[str] = SUPPORTED_SUFFIXES
                ) -> Iterator[InputFile]:
    """Files named directly, and files with a supported suffix under directories (recursive,
    sorted, symlinked directories not followed so a link loop cannot trap the walk).

    Symlinked directories and directories that cannot be listed are yielded too, so that
    ``read_path`` reports them instead of their content being skipped in silence; so are
    FIFOs and other special files with a supported suffix (``read_path`` never opens them)."""
    for given in inputs:
        if given.is_dir():
            yield from _walk(given, suffixes)
        elif given.exists() or given.is_symlink():
            yield InputFile(path=given, root=given.parent)
        else:
            raise MissingInputError(f"input not found: {given}")


def _walk(root: Path, suffixes: frozenset[str]) -> Iterator[InputFile]:
    unlisted: list[OSError] = []
    for directory, subdirs, files in os.walk(root, followlinks=False, onerror=unlisted.append):
        yield from _unlisted(unlisted, root)
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
