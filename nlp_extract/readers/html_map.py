"""Find extracted text back in the HTML source it came from (tags and entities skipped)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..structure.parts import Segment, merge_segments

_SKIP = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template|svg|title)\b[^>]*>.*?</\1\s*>|<!\[CDATA\[.*?\]\]>"
    r"|<[!?/]?[A-Za-z][^>]*>|<!doctype[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


@dataclass
class SourceMap:
    """The visible non-whitespace characters of an HTML source with their source spans."""

    chars: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, source: str) -> SourceMap:
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []

        def add_text(start: int, stop: int) -> None:
            position = start
            for entity in _ENTITY.finditer(source, start, stop):
                add_plain(position, entity.start())
                for char in html.unescape(entity.group(0)):
                    if not char.isspace():
                        chars.append(char)
                        starts.append(entity.start())
                        ends.append(entity.end())
                position = entity.end()
            add_plain(position, stop)

        def add_plain(start: int, stop: int) -> None:
            for offset in range(start, stop):
                if not source[offset].isspace():
                    chars.append(source[offset])
                    starts.append(offset)
                    ends.append(offset + 1)

        position = 0
        for tag in _SKIP.finditer(source):
            add_text(position, tag.start())
            position = tag.end()
        add_text(position, len(source))
        return cls("".join(chars), starts, ends)

    def locate(self, text: str, cursor: int = 0) -> tuple[list[int | None], int] | None:
        """Source offset of each character of ``text`` (None for its spaces) and the next cursor.

        Whitespace is ignored while matching; the search starts at ``cursor`` and wraps around.
        """
        key = "".join(char for char in text if not char.isspace())
        if not key:
            return None
        found = self.chars.find(key, cursor)
        if found < 0:
            found = self.chars.find(key)
        if found < 0:
            return None
        offsets: list[int | None] = []
        index = found
        for char in text:
            if char.isspace():
                offsets.append(None)
            else:
                offsets.append(self.starts[index])
                index += 1
        return offsets, found + len(key)

    def span(self, text: str, cursor: int = 0) -> tuple[int, int, int] | None:
        """``(start, end, next_cursor)`` of the source stretch that shows ``text``."""
        located = self.locate(text, cursor)
        if located is None:
            return None
        offsets, next_cursor = located
        first = next(offset for offset in offsets if offset is not None)
        last_index = next_cursor - 1
        return first, self.ends[last_index], next_cursor


def segments_for(offsets: list[int | None], text_start: int, source: str,
                 text: str) -> list[Segment]:
    """Origin segments for one located piece of ``text`` starting at ``text_start``.

    A character written as an entity maps to the entity's first character; a space maps to
    the source space that follows the previous character, when there is one.
    """
    segments: list[Segment] = []
    previous: int | None = None
    for position, offset in enumerate(offsets):
        if (offset is None and previous is not None and text[position].isspace()
                and previous + 1 < len(source) and source[previous + 1].isspace()):
            offset = previous + 1
        if offset is not None:
            segments.append((text_start + position, offset, 1))
        previous = offset
    return merge_segments(segments)
