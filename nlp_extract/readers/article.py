"""The unit every reader produces: one article, or one explained failure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..structure.parts import Part, Segment, offset_in_source


@dataclass
class Article:
    """An article ready for analysis.

    ``text`` is what the NLP pipeline analyses and what record offsets index into.
    ``meta`` holds what the reader learned: always ``reader`` and ``encoding``; when known
    ``title``, ``published`` (ISO 8601), ``outlet``, ``url`` (and, for jsonl, ``line``,
    ``record_id`` and the record's other fields under ``extra``); ``provenance`` says where each
    of those four came from (``input``, ``html``, ``dateline``, ``byline``, ``body``: see
    :mod:`nlp_extract.structure.provenance`).
    ``parts`` is the page furniture kept out of ``text`` (captions, promos, comments, ...) with
    their offsets in the decoded original.
    ``origin`` maps ``text`` back to the decoded original: segments
    ``(text_start, source_start, length)`` sorted by ``text_start``; text not covered (the blank
    lines joining paragraphs) was added by the reader. Use :func:`source_offset`.
    ``source`` is ``{"path": ..., "sha256": ...}`` when the article came from a file.
    """

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    source: dict[str, Any] | None = None
    origin: list[Segment] = field(default_factory=list)


def source_offset(article: Article, text_offset: int) -> int | None:
    """Offset in the decoded original of ``article.text[text_offset]``, or None if added text."""
    return offset_in_source(article.origin, text_offset)


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not become an article, with a reason a person understands."""

    path: str
    reason: str
    line: int | None = None
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"path": self.path, "reason": self.reason}
        if self.line is not None:
            record["line"] = self.line
        if self.id is not None:
            record["id"] = self.id
        return record


__all__ = ["Article", "Part", "ReadFailure", "Segment", "source_offset"]
