"""HTML character references left in scraped text («&quot;», «&nbsp;», «&#171;») → characters.

Text copied out of pages and feeds often keeps them: «газета &quot;Известия&quot;» read as is
gives an ORG «Известия&quot» and one named «quot». Only complete references with their «;» and
a name HTML5 knows are decoded; anything else («AT&T», «&foo;») stays as written. The decoded
text maps back to the raw one: plain stretches one for one (:meth:`Decoded.source_segments`),
a decoded reference to the whole reference (:meth:`Decoded.source_span`).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from html.entities import html5

from .parts import Segment

_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MAX_CODE_POINT = 0x10FFFF


def _decoded(reference: str) -> str | None:
    """The characters of one reference, or None when it is no character HTML knows."""
    if reference[1] == "#":
        digits = reference[2:-1]
        number = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
        if not 0 < number <= _MAX_CODE_POINT or 0xD800 <= number <= 0xDFFF:
            return None
        return html.unescape(reference)
    return html5.get(reference[1:])


@dataclass(frozen=True)
class Decoded:
    """``text`` with the references of the raw text decoded; ``references`` holds, per
    decoded reference, ``(text_start, text_length, raw_start, raw_end)`` in order."""

    text: str
    references: list[tuple[int, int, int, int]]

    def _before(self, offset: int) -> int:
        """Index of the last reference starting at or before text ``offset`` (−1: none)."""
        return bisect_right(self.references, (offset, _MAX_CODE_POINT)) - 1

    def _shift(self, index: int) -> int:
        """raw offset − text offset after reference ``index`` (−1: before the first)."""
        if index < 0:
            return 0
        text_start, length, _, raw_end = self.references[index]
        return raw_end - (text_start + length)

    def source_offset(self, offset: int, *, end: bool = False) -> int:
        """The raw offset of text ``offset``: a position inside a decoded reference goes to the
        reference's start (``end``: to its end, for exclusive ends)."""
        probe = offset - 1 if end else offset  # the character an exclusive end closes
        index = self._before(probe)
        if index >= 0:
            text_start, length, raw_start, raw_end = self.references[index]
            if text_start <= probe < text_start + length:
                return raw_end if end else raw_start
        return offset + self._shift(index)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span of text ``[start, end)``, whole references included."""
        return self.source_offset(start), self.source_offset(end, end=True)

    def source_segments(self, origin: Sequence[Segment]) -> list[Segment]:
        """``origin`` (text offsets into ``text``) re-pointed into ``raw``: the plain stretches
        only, since a decoded character does not equal the reference it came from."""
        segments: list[Segment] = []
        for text_start, source_start, length in origin:
            position, stop = source_start, source_start + length
            index = self._before(position)
            while position < stop:
                if index >= 0:
                    ref_start, ref_length, _, _ = self.references[index]
                    if position < ref_start + ref_length:  # inside a decoded reference
                        position = ref_start + ref_length
                        continue
                following = (self.references[index + 1][0]
                             if index + 1 < len(self.references) else stop)
                piece_end = min(stop, following)
                if piece_end > position:
                    segments.append((text_start + position - source_start,
                                     position + self._shift(index), piece_end - position))
                position = piece_end
                index += 1
        return segments


def decode_references(raw: str) -> Decoded | None:
    """``raw`` with its HTML character references decoded, or None when it has none."""
    if "&" not in raw:
        return None
    chunks: list[str] = []
    references: list[tuple[int, int, int, int]] = []
    kept = length = 0
    for match in _REFERENCE.finditer(raw):
        characters = _decoded(match.group(0))
        if not characters:
            continue
        chunks.append(raw[kept:match.start()])
        length += match.start() - kept
        references.append((length, len(characters), match.start(), match.end()))
        chunks.append(characters)
        length += len(characters)
        kept = match.end()
    if not references:
        return None
    chunks.append(raw[kept:])
    return Decoded("".join(chunks), references)
