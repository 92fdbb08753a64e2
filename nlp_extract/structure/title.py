"""Which line of a scraped page is the headline."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from .lines import Line, content_key, looks_like_sentence, word_count

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


def is_paragraph_like(line: Line) -> bool:
    """A line of running text: a closed sentence or longer than any headline."""
    return (looks_like_sentence(line.text) or word_count(line.text) > MAX_TITLE_WORDS
            or len(line.text) > MAX_TITLE_CHARS)


def choose_title(lines: Sequence[Line], kinds: Sequence[str | None],
                 given: str | None = None, avoid: Collection[int] = ()) -> int | None:
    """Index of the headline line, or None.

    With ``given`` (a title known from metadata) the first line equal to it is the headline.
    Otherwise the headline is the longest headline-like line (at least two words, one sentence
    without a final full stop, not running on into the next line, not starting in lower case)
    among the lines not recognised as furniture above the first line of running text (site
    names and rubrics above the headline are shorter than it). Ties go to the first. Lines in
    ``avoid`` (probably caption text) are taken only when no other line qualifies.
    """
    if given:
        wanted = content_key(given)
        for line in lines:
            if line.key == wanted:
                return line.index
        return None
    best: Line | None = None
    fallback: Line | None = None
    for line in lines:
        if kinds[line.index] is not None:
            continue
        if is_paragraph_like(line):
            break
        following = lines[line.index + 1] if line.index + 1 < len(lines) else None
        if not is_title_like(line.text) or line.text[:1].islower() or _continues(line, following):
            continue
        if line.index in avoid:
            fallback = fallback or line
        elif best is None or word_count(line.text) > word_count(best.text):
            best = line
    chosen = best or fallback
    return chosen.index if chosen is not None else None
