"""Readers: bytes on disk → :class:`Article` records (or explained :class:`ReadFailure`)."""

from __future__ import annotations

import codecs
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..structure import learn_boilerplate
from .article import Article, Part, ReadFailure, source_offset
from .decode import decode_bytes, decoded_length
from .files import DEFAULT_MAX_BYTES, UnreadableInput, read_input_bytes, size_text
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


def printable(path: Path | str) -> str:
    """``path`` as text that UTF-8 can encode: bytes of a file name that are not UTF-8 (kept by
    Python as lone surrogates) are written ``\\xe9``, so ids, records and errors.jsonl stay
    writable and a person can still find the file."""
    text = str(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def doc_id_for(path: Path, root: Path) -> str:
    """The document id: the path relative to the input root, without its suffix, with ``/``."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return printable(relative.with_suffix("").as_posix())


def read_path(path: Path, root: Path, boilerplate: frozenset[str] = frozenset(), *,
              max_bytes: int = DEFAULT_MAX_BYTES, max_chars: int | None = None
              ) -> Iterator[Article | ReadFailure]:
    """Read one input file; never raises for bad input, yields a ReadFailure instead.

    ``boilerplate``: normalised lines learned from the corpus (see
    :func:`nlp_extract.structure.learn_boilerplate`) that never reach the analysed text.
    Only regular files are opened (a FIFO named like a text is reported, never read); a file
    over ``max_bytes`` is refused from its size on disk before it is read, and a .txt file over
    ``max_chars`` characters (when given) from its size when it must hold more, else once
    decoded, before it is cleaned.
    """
    doc_id = doc_id_for(path, root)
    shown = printable(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None and not path.is_dir():
        yield ReadFailure(path=shown, reason=f"unsupported file type {path.suffix!r}", id=doc_id)
        return
    too_long = _too_long_for(path, max_chars) if reader is read_txt else None
    if too_long is not None:
        yield ReadFailure(path=shown, reason=too_long, id=doc_id)
        return
    try:
        data = read_input_bytes(path, max_bytes)
    except UnreadableInput as exc:
        yield ReadFailure(path=shown, reason=exc.reason, id=doc_id)
        return
    assert reader is not None  # a directory never reads
    if max_chars is not None and reader is read_txt and len(data) > max_chars:
        chars = _decoded_length(data)
        if chars > max_chars:
            yield ReadFailure(path=shown, id=doc_id, reason=(
                f"text has {chars} characters, over the limit of {max_chars}; "
                "raise max_chars or split the text"))
            return
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        yield from reader(data, doc_id=doc_id, path=shown, sha256=sha256,
                          boilerplate=boilerplate)
    except Exception as exc:  # a bug or a pathological input must not stop the corpus
        yield ReadFailure(path=shown, id=doc_id,
                          reason=f"reader failed on this input: {type(exc).__name__}: {exc}")


def _too_long_for(path: Path, max_chars: int | None) -> str | None:
    """Why a text file cannot fit ``max_chars`` judging by its size alone (no encoding we read
    takes more than 4 bytes a character), so that it is refused without being read."""
    if max_chars is None:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None  # read_input_bytes explains
    if size <= 4 * max_chars + 4:
        return None
    return (f"file is {size_text(size)}, more than {max_chars} characters in any encoding: "
            f"over the limit of {max_chars} characters; raise max_chars or split the text")


def _decoded_length(data: bytes) -> int:
    """Characters the reader will decode (a single-byte file is not decoded for it)."""
    try:
        return decoded_length(data)
    except ValueError:
        return 0  # the reader explains why it cannot be decoded


# Boilerplate is learned from a sample: the first records of a JSON Lines file (read from its
# first bytes only) and the first texts of the corpus.
MAX_SAMPLE_TEXTS_PER_FILE = 2000
MAX_SAMPLE_BYTES_PER_FILE = 16 * 1024 * 1024
MAX_SAMPLE_TEXTS = 20_000


def raw_texts(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, *,
              max_texts: int = MAX_SAMPLE_TEXTS_PER_FILE,
              head_bytes: int = MAX_SAMPLE_BYTES_PER_FILE) -> Iterator[str]:
    """The texts of one file before structuring (a .txt file, the first ``max_texts`` records
    of a .jsonl file, the main text of a page), to feed
    :func:`nlp_extract.structure.learn_boilerplate`. Of a JSON Lines file only the first
    ``head_bytes`` are read. Unreadable → nothing (read_path reports it)."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        return
    try:
        if suffix == ".jsonl":
            texts = list(itertools.islice(_jsonl_head_texts(path, max_bytes, head_bytes),
                                          max_texts))
        else:
            data = read_input_bytes(path, max_bytes)
            if suffix in (".html", ".htm"):
                texts = [extract(decode_html(data)[0]).text]
            else:
                texts = [decode_bytes(data)[0]]
    except Exception:  # noqa: BLE001 - learning is best effort; read_path reports the file
        return
    yield from texts


def _jsonl_head_texts(path: Path, max_bytes: int, head_bytes: int) -> Iterator[str]:
    """Texts of the whole records in the first ``head_bytes`` of a JSON Lines file."""
    data = read_input_bytes(path, max_bytes, head=head_bytes)
    if len(data) >= head_bytes:  # cut after the last whole line
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            data = data[:len(data) // 2 * 2]  # the cut line is broken JSON and skipped
        else:
            data = data[:data.rfind(b"\n") + 1]
    text, _ = decode_bytes(data)
    yield from jsonl_texts(text)


def learn_corpus_boilerplate(paths: Iterable[Path], min_docs: int = 3,
                             min_share: float = 0.05, *,
                             max_texts: int = MAX_SAMPLE_TEXTS) -> frozenset[str]:
    """:func:`learn_boilerplate` over the texts of ``paths`` (pass the result to read_path):
    at most ``max_texts`` texts, at most :data:`MAX_SAMPLE_TEXTS_PER_FILE` of one file."""
    texts = (text for path in paths for text in raw_texts(path))
    return learn_boilerplate(itertools.islice(texts, max_texts), min_docs=min_docs,
                             min_share=min_share)


__all__ = ["DEFAULT_MAX_BYTES", "Article", "Part", "ReadFailure", "READERS",
           "SUPPORTED_SUFFIXES", "doc_id_for", "learn_corpus_boilerplate",
           "raw_texts", "read_path", "source_offset"]
