"""A body printed twice (line by line, or all paragraphs joined into one line) is kept once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .lines import Line, looks_like_sentence, word_count

MIN_PIECE_CHARS = 20
MIN_COVERAGE = 0.8
MAX_JOINED_CANDIDATES = 50  # joined copies are among the longest lines; bounds the work


def joined_copies(lines: Sequence[Line], candidates: Iterable[int]) -> set[int]:
    """Lines made of two or more other candidate lines joined together (≥80 % covered).

    The paragraphed version is the one kept: the joined line is reported, whatever its place.
    """
    indices = list(candidates)
    pieces = [(i, lines[i].key) for i in indices if len(lines[i].key) >= MIN_PIECE_CHARS]
    longest = sorted(indices, key=lambda i: (-len(lines[i].key), i))[:MAX_JOINED_CANDIDATES]
    copies: set[int] = set()
    for index in sorted(longest):
        key = lines[index].key
        if len(key) < 2 * MIN_PIECE_CHARS:
            continue
        covered = 0
        found = 0
        for other, piece in pieces:
            if other == index or len(piece) >= len(key) or other in copies:
                continue
            if piece in key:
                covered += len(piece)
                found += 1
        if found >= 2 and covered >= MIN_COVERAGE * len(key):
            copies.add(index)
    return copies


def repeated_lines(lines: Sequence[Line], candidates: Iterable[int],
                   min_words: int = 1) -> set[int]:
    """Second and later occurrences of a line (same content key) among ``candidates``."""
    seen: set[str] = set()
    repeats: set[int] = set()
    for index in sorted(candidates):
        line = lines[index]
        if word_count(line.text) < min_words:
            continue
        if line.key in seen:
            repeats.add(index)
        seen.add(line.key)
    return repeats


def recurring_short_lines(lines: Sequence[Line], candidates: Iterable[int],
                          max_words: int = 6) -> set[int]:
    """Every occurrence of a short non-sentence line that appears more than once: page UI.

    Repeated sentences are left to :func:`repeated_lines` (the first one is kept).
    """
    indices = [i for i in candidates
               if word_count(lines[i].text) <= max_words and not looks_like_sentence(lines[i].text)]
    counts: dict[str, int] = {}
    for index in indices:
        counts[lines[index].norm] = counts.get(lines[index].norm, 0) + 1
    return {index for index in indices if counts[lines[index].norm] > 1}
