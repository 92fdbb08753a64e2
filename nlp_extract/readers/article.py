"""The unit every reader produces: one article, or one explained failure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Part:
    """A piece of the original input kept out of the analysed text (caption, promo, ...).

    ``start``/``end`` are half-open code-point offsets into the decoded original input.
    """

    kind: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end}


@dataclass
class Article:
    """An article ready for analysis.

    ``text`` is what the NLP pipeline analyses and what record offsets index into.
    ``meta`` holds what the reader learned (title, published, reader, encoding, ...).
    ``source`` is ``{"path": ..., "sha256": ...}`` when the article came from a file.
    """

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    source: dict[str, Any] | None = None


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
