"""Plain-text files: one article per file."""

from __future__ import annotations

from collections.abc import Iterator

from .article import Article, ReadFailure
from .decode import DecodeError, decode_bytes


def read_txt(data: bytes, *, doc_id: str, path: str, sha256: str) -> Iterator[Article | ReadFailure]:
    if not data:
        yield ReadFailure(path=path, reason="empty file: nothing to annotate", id=doc_id)
        return
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        yield ReadFailure(path=path, reason=str(exc), id=doc_id)
        return
    if not text.strip():
        yield ReadFailure(path=path, reason="file holds only whitespace: nothing to annotate",
                          id=doc_id)
        return
    yield Article(
        id=doc_id,
        text=text,
        meta={"reader": "txt", "encoding": encoding},
        source={"path": path, "sha256": sha256},
    )
