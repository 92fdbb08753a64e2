"""Readers: bytes on disk → :class:`Article` records (or explained :class:`ReadFailure`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..structure import learn_boilerplate
from .article import Article, Part, ReadFailure, source_offset
from .decode import decode_bytes
from .html import decode_html, extract, read_html
from .jsonl import jsonl_texts, read_jsonl
from .txt import read_txt

Reader = Callable[..., Iterator[Article | ReadFailure]]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(READERS)


def doc_id_for(path: Path, root: Path) -> str:
    """The document id: the path relative to the input root, without its suffix, with ``/``."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return relative.with_suffix("").as_posix()


def read_path(path: Path, root: Path,
              boilerplate: frozenset[str] = frozenset()) -> Iterator[Article | ReadFailure]:
    """Read one input file; never raises for bad input, yields a ReadFailure instead.

    ``boilerplate``: normalised lines learned from the corpus (see
    :func:`nlp_extract.structure.learn_boilerplate`) that never reach the analysed text.
    """
    doc_id = doc_id_for(path, root)
    shown = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield ReadFailure(path=shown, reason=f"unsupported file type {path.suffix!r}", id=doc_id)
        return
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        yield ReadFailure(path=shown, reason="is a directory, not a file", id=doc_id)
        return
    except OSError as exc:
        yield ReadFailure(path=shown, reason=f"cannot read file: {exc.strerror or exc}", id=doc_id)
        return
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        yield from reader(data, doc_id=doc_id, path=shown, sha256=sha256,
                          boilerplate=boilerplate)
    except Exception as exc:  # a bug or a pathological input must not stop the corpus
        yield ReadFailure(path=shown, id=doc_id,
                          reason=f"reader failed on this input: {type(exc).__name__}: {exc}")


def raw_texts(path: Path) -> Iterator[str]:
    """The texts of one file before structuring (a .txt file, each jsonl record, the main text
    of a page), to feed :func:`nlp_extract.structure.learn_boilerplate`. Unreadable → nothing."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        return
    try:
        text, _ = decode_html(path.read_bytes()) if suffix in (".html", ".htm") else \
            decode_bytes(path.read_bytes())
    except (OSError, ValueError):
        return
    if suffix == ".jsonl":
        yield from jsonl_texts(text)
    elif suffix in (".html", ".htm"):
        yield extract(text).text
    else:
        yield text


def learn_corpus_boilerplate(paths: Iterable[Path], min_docs: int = 3,
                             min_share: float = 0.05) -> frozenset[str]:
    """:func:`learn_boilerplate` over the texts of ``paths`` (pass the result to read_path)."""
    texts = (text for path in paths for text in raw_texts(path))
    return learn_boilerplate(texts, min_docs=min_docs, min_share=min_share)


__all__ = ["Article", "Part", "ReadFailure", "READERS", "SUPPORTED_SUFFIXES", "doc_id_for",
           "learn_corpus_boilerplate", "raw_texts", "read_path", "source_offset"]
