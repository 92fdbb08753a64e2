"""The one comparison form for names, lemmas and cues: lowercase, «ё» → «е», whitespace
runs → one space. Cached: the same words are folded again and again."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=20_000)
def fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def fold_yo(text: str) -> str:
    """«ё» → «е» keeping the case (for names shown to people, where case matters)."""
    return text.replace("ё", "е").replace("Ё", "Е")
