"""Plain-text files: one scraped article per file."""

from __future__ import annotations

from collections.abc import Iterator

from ..structure import structure_text
from .article import Article, ReadFailure
from .decode import decode_or_fail


def read_txt(data: bytes, *, doc_id: str, path: str, sha256: str,
             boilerplate: frozenset[str] = frozenset()) -> Iterator[Article | ReadFailure]:
    """One article: headline + body in ``text``, furniture in ``parts``, offsets into the
    decoded file (after removing a BOM)."""
    decoded = decode_or_fail(data, doc_id=doc_id, path=path)
    if isinstance(decoded, ReadFailure):
        yield decoded
        return
    raw, encoding = decoded
    structured = structure_text(raw, boilerplate=boilerplate)
    if not structured.text.strip():
        yield ReadFailure(path=path, reason="no article text left after removing page furniture",
                          id=doc_id)
        return
    yield Article(
        id=doc_id,
        text=structured.text,
        meta={"reader": "txt", "encoding": encoding, **structured.meta},
        parts=structured.parts,
        source={"path": path, "sha256": sha256},
        origin=structured.origin,
    )
