"""The one comparison form for names, lemmas and cues: lowercase, «ё» → «е», an apostrophe
in any of its typed forms (’ ‘ ` ʼ ´) → «'», whitespace runs → one space («д`Аннунцио» and
«д’Аннунцио» are one name). Cached: the same words are folded again and again."""

from __future__ import annotations

from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "´": "'"})


@lru_cache(maxsize=20_000)
def fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").translate(_APOSTROPHES).split())


def fold_yo(text: str) -> str:
    """«ё» → «е» keeping the case (for names shown to people, where case matters)."""
    return text.replace("ё", "е").replace("Ё", "Е")
