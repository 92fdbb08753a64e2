"""Readers: bytes on disk → :class:`Article` records (or explained :class:`ReadFailure`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from .article import Article, Part, ReadFailure
from .txt import read_txt

Reader = Callable[..., Iterator[Article | ReadFailure]]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(READERS)


def doc_id_for(path: Path, root: Path) -> str:
    """The document id: the path relative to the input root, without its suffix, with ``/``."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return relative.with_suffix("").as_posix()


def read_path(path: Path, root: Path) -> Iterator[Article | ReadFailure]:
    """Read one input file; never raises for bad input, yields a ReadFailure instead."""
    doc_id = doc_id_for(path, root)
    shown = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield ReadFailure(path=shown, reason=f"unsupported file type {path.suffix!r}", id=doc_id)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadFailure(path=shown, reason=f"cannot read file: {exc.strerror or exc}", id=doc_id)
        return
    sha256 = hashlib.sha256(data).hexdigest()
    yield from reader(data, doc_id=doc_id, path=shown, sha256=sha256)


__all__ = ["Article", "Part", "ReadFailure", "READERS", "SUPPORTED_SUFFIXES", "doc_id_for",
           "read_path"]
