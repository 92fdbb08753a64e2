"""Which line of a scraped page is the headline."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lines import Line, normalise_line, word_count

MAX_TITLE_CHARS = 250
MAX_TITLE_WORDS = 35
# A headline does not end with a full stop and holds one sentence.
_FULL_STOP_END = re.compile(r"(?<!\.)\.$")
_INNER_SENTENCE = re.compile(r"(?<![.\s][А-ЯЁA-Z])(?<!\.)\.\s+[«\"]?[А-ЯЁA-Z]")


def is_title_like(text: str) -> bool:
    """Headline-sized: at least two words, short enough not to be a paragraph."""
    words = word_count(text)
    return (2 <= words <= MAX_TITLE_WORDS and len(text) <= MAX_TITLE_CHARS
            and not _FULL_STOP_END.search(text) and not _INNER_SENTENCE.search(text))


def _continues(line: Line, following: Line | None) -> bool:
    """The next line goes on with the same sentence (a hard-wrapped paragraph)."""
    if following is None or following.block != line.block:
        return False
    first = following.text[:1]
    return first.islower() or line.text[-1:] in ",;:-–—"


def choose_title(lines: Sequence[Line], kinds: Sequence[str | None],
                 given: str | None = None) -> int | None:
    """Index of the headline line, or None.

    With ``given`` (a title known from metadata) the first line equal to it is the headline.
    Otherwise it is the first line not recognised as furniture, provided it is headline-sized,
    is one sentence without a final full stop and does not run on into the next line; one-word
    lines before it are skipped (rubrics, region names).
    """
    if given:
        wanted = normalise_line(given)
        for line in lines:
            if line.norm == wanted:
                return line.index
        return None
    for line, kind in zip(lines, kinds, strict=True):
        if kind is not None:
            continue
        if word_count(line.text) < 2:
            continue
        following = lines[line.index + 1] if line.index + 1 < len(lines) else None
        if is_title_like(line.text) and not _continues(line, following):
            return line.index
        return None
    return None
