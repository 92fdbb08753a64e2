"""Choosing how to read a gold text so that its standoff offsets slice to the annotated words.

Corpora are made on many systems: a ``.txt`` may start with a BOM or have ``\\r\\n`` line ends,
and the tool that computed the offsets may or may not have counted those characters. We try
the readings and keep the one under which most annotations slice to their own words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True)
class Anchor:
    """An annotation whose offsets should slice the text to ``words`` (whitespace ignored)."""

    start: int
    end: int
    words: str


def _squeeze(text: str) -> str:
    return "".join(text.split())


def matching(text: str, anchors: Sequence[Anchor]) -> int:
    """How many anchors slice ``text`` to their words, whitespace ignored."""
    return sum(_squeeze(text[a.start:a.end]) == _squeeze(a.words) for a in anchors)


def align_text(raw: str, anchors: Sequence[Anchor]) -> tuple[str, list[str]]:
    """Pick the reading of ``raw`` the offsets refer to; return it and the quirks met.

    Candidates: as is, without a leading BOM, with ``\\r\\n`` → ``\\n``, and both. The first
    candidate with the most anchors slicing to their words wins. A BOM that stays (the offsets
    count it) becomes a space, so tokenizers do not glue it to the first word.
    """
    candidates: list[tuple[str, list[str]]] = [(raw, [])]
    if raw.startswith(BOM):
        candidates.append((raw[1:], ["BOM removed"]))
    if "\r\n" in raw:
        for text, quirks in list(candidates):
            candidates.append((text.replace("\r\n", "\n"), [*quirks, "CRLF read as LF"]))
    text, quirks = max(candidates, key=lambda item: matching(item[0], anchors))
    quirks = list(quirks)
    if text.startswith(BOM):
        text = " " + text[1:]
        quirks.append("BOM kept as a space")
    bad = len(anchors) - matching(text, anchors)
    if bad:
        quirks.append(f"{bad} of {len(anchors)} annotations do not slice to their words")
    return text, quirks
