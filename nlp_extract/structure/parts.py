"""What the structure step keeps out of the analysed text, and how text maps back to the source."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

PART_KINDS: frozenset[str] = frozenset(
    {"caption", "credit", "comment", "tag", "navigation", "promo", "debris", "template",
     "duplicate"}
)

# (text_start, source_start, length): text[text_start:text_start+length] comes from
# source[source_start:source_start+length].
Segment = tuple[int, int, int]


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


def offset_in_source(origin: Sequence[Segment], text_offset: int) -> int | None:
    """Map an offset of the analysed text to the decoded original, or None when it was added.

    ``origin`` must be sorted by ``text_start`` (every producer here emits it sorted).
    """
    if text_offset < 0 or not origin:
        return None
    index = bisect_right(origin, (text_offset, float("inf"), 0)) - 1
    if index < 0:
        return None
    text_start, source_start, length = origin[index]
    if text_offset < text_start + length:
        return source_start + (text_offset - text_start)
    return None


def merge_segments(segments: Sequence[Segment]) -> list[Segment]:
    """Sort segments and join those that continue each other in both text and source."""
    merged: list[Segment] = []
    for text_start, source_start, length in sorted(s for s in segments if s[2] > 0):
        if merged:
            last_text, last_source, last_length = merged[-1]
            if (last_text + last_length == text_start
                    and last_source + last_length == source_start):
                merged[-1] = (last_text, last_source, last_length + length)
                continue
        merged.append((text_start, source_start, length))
    return merged
