"""Searches that cost linear time however often they are asked, for the skipping of markup.

A pattern like ``<!--.*?-->`` or ``\\{\\{.*?\\}\\}`` searched with ``re`` rescans the rest of the
text from every place it could start: ``<!--`` repeated with no ``-->`` costs quadratic time
(128 KB of it took 10 s). :class:`NextMatch` finds the next occurrence of a closing mark at or
after a position and remembers it: asked again from any position up to that occurrence, it
answers without scanning, so every character is scanned about once per closing mark.

``WORK.chars`` counts the characters the searches here scan (tests check it grows linearly
with the text; nothing else reads it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class WorkCounter:
    """Characters scanned by :class:`NextMatch` searches (a statistic, not synchronised)."""

    chars: int = 0


WORK = WorkCounter()


class NextMatch:
    """The first occurrence of ``needle`` (a string or compiled pattern) at or after a position
    of ``text``, found by one forward search and remembered: cheap for positions asked in
    increasing order (an earlier position than the last one asked searches again)."""

    __slots__ = ("_end", "_from", "_needle", "_start", "_text")

    def __init__(self, text: str, needle: str | re.Pattern[str]) -> None:
        self._text = text
        self._needle = needle
        self._from = -1  # the position the remembered answer was searched from
        self._start = -1  # start of the remembered occurrence, -1 when there is none after _from
        self._end = -1

    def find(self, position: int) -> tuple[int, int] | None:
        """``(start, end)`` of the first occurrence starting at or after ``position``."""
        if not (0 <= self._from <= position and (self._start < 0 or self._start >= position)):
            self._search(position)
        return None if self._start < 0 else (self._start, self._end)

    def _search(self, position: int) -> None:
        text, needle = self._text, self._needle
        if isinstance(needle, str):
            start = text.find(needle, position)
            end = start + len(needle)
        else:
            found = needle.search(text, position)
            start, end = (found.start(), found.end()) if found else (-1, -1)
        WORK.chars += (len(text) if start < 0 else end) - position
        self._from, self._start, self._end = position, start, end


def contains_closed(text: str, opening: str, closing: str) -> bool:
    """Whether ``text`` holds ``opening`` followed (not overlapping) by ``closing``: the test of
    ``re.search(opening + ".*?" + closing, text, re.DOTALL)`` in one forward scan."""
    start = text.find(opening)
    if start < 0:
        WORK.chars += len(text)
        return False
    found = text.find(closing, start + len(opening))
    WORK.chars += len(text) if found < 0 else found + len(closing)
    return found >= 0
