"""Find extracted text back in the HTML source it came from (tags and entities skipped)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..structure.parts import Segment, merge_segments
from ..structure.scan import NextMatch

# What no reader sees, tried in this order at each «<»: a comment, an invisible element with its
# content, CDATA, any other tag (up to the first «>»). See markup_spans.
_INVISIBLE_OPEN = re.compile(r"<(script|style|noscript|template|svg|title)\b", re.IGNORECASE)
_TAG_OPEN = re.compile(r"<[!?/]?[A-Za-z]", re.IGNORECASE)
_CDATA_OPEN = re.compile(r"<!\[CDATA\[", re.IGNORECASE)


def markup_spans(source: str, *, tags: bool = True) -> Iterator[tuple[int, int]]:
    r"""``(start, end)`` of the markup no reader sees: what
    ``re.finditer(r"<!--.*?-->|<(script|style|noscript|template|svg|title)\b[^>]*>.*?</\1\s*>"
    r"|<!\[CDATA\[.*?\]\]>|<[!?/]?[A-Za-z][^>]*>", source, re.DOTALL | re.IGNORECASE)``
    finds (``tags=False``: only comments and invisible elements), in linear time.

    That regex searches the rest of the page for ``-->`` from every ``<!--`` (for ``</script>``
    from every ``<script>``, ...) and costs quadratic time when they are not closed (128 KB of
    ``<!--`` took 10 s); here every closing mark is searched forward once and remembered.
    """
    comment_end = NextMatch(source, "-->")
    cdata_end = NextMatch(source, "]]>")
    tag_end = NextMatch(source, ">")
    element_ends: dict[str, NextMatch] = {}
    position = 0
    while (start := source.find("<", position)) >= 0:
        end = -1
        if source.startswith("<!--", start):
            found = comment_end.find(start + 4)
            end = found[1] if found else -1
        if end < 0 and (element := _INVISIBLE_OPEN.match(source, start)):
            name = element.group(1).lower()
            opened = tag_end.find(start)  # no «>» before element.end()
            if opened:
                if name not in element_ends:
                    element_ends[name] = NextMatch(
                        source, re.compile(rf"</{name}\s*>", re.IGNORECASE))
                found = element_ends[name].find(opened[1])
                end = found[1] if found else -1
        if end < 0 and tags and _CDATA_OPEN.match(source, start):
            found = cdata_end.find(start + 9)
            end = found[1] if found else -1
        if end < 0 and tags and _TAG_OPEN.match(source, start):
            found = tag_end.find(start)  # nor before the tag name
            end = found[1] if found else -1
        if end < 0:
            position = start + 1
            continue
        yield start, end
        position = end


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
        for start, end in markup_spans(source):
            add_text(position, start)
            position = end
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
