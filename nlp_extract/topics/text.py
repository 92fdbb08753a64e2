"""Plain-text helpers shared by the taxonomy, the scorer and the keyphrases: folding, titles."""

from __future__ import annotations

from ..folding import fold

#: The longest first line still taken for a title (characters).
MAX_TITLE_CHARS = 300


def title_end(text: str) -> int:
    """End offset of the article's title in ``text``, or 0 when it has none.

    The readers put the title first, on a line of its own followed by a blank line; a text whose
    first line is short (at most :data:`MAX_TITLE_CHARS`) and followed by a line break is taken
    to start with its title. The offset excludes trailing spaces and the line break.
    """
    start = len(text) - len(text.lstrip())
    newline = text.find("\n", start)
    if newline < 0:
        return 0
    first = text[start:newline].rstrip()
    if not first or len(first) > MAX_TITLE_CHARS:
        return 0
    return start + len(first)


def word_set(text: str) -> frozenset[str]:
    """The folded whitespace-separated words of ``text`` (for stop lists written as prose)."""
    return frozenset(fold(word) for word in text.split())
