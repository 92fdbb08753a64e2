"""Putting words of a mention into the nominative with pymorphy3, keeping their shape."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .lemmatizer import best_parse, parse_feats
from .models import morph_analyzer
from .udtags import ud_feats

INFLECTABLE_POS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "NUM", "VERB"})
_PARTS = re.compile(r"[^\W\d_]+|[\W\d_]+")


def recover_shape(word: str, reference: str) -> str:
    """Give ``word`` the letter case of ``reference`` part by part («ханты-мансийский»)."""
    if word.lower() == reference.lower():
        return reference
    parts, ref_parts = _PARTS.findall(word), _PARTS.findall(reference)
    if len(parts) != len(ref_parts):
        parts, ref_parts = [word], [reference]
    shaped = []
    for part, ref in zip(parts, ref_parts, strict=True):
        if not part[0].isalpha():
            shaped.append(part)
        elif ref.isupper() and len(ref) > 1:
            shaped.append(part.upper())
        elif ref[:1].isupper():
            shaped.append(part[:1].upper() + part[1:].lower())
        else:
            shaped.append(part.lower())
    return "".join(shaped)


def _analysis(word: str, pos: str, morph: str) -> Any | None:
    return best_parse(morph_analyzer().parse(word.lower()), pos, parse_feats(morph))


@lru_cache(maxsize=100_000)
def nominative(word: str, pos: str, morph: str) -> str:
    """``word`` in the nominative, same number and gender; unchanged when it cannot be done."""
    feats = parse_feats(morph)
    if pos not in INFLECTABLE_POS or feats.get("Case") in (None, "Nom"):
        return word
    if not any(char.isalpha() for char in word):
        return word
    parse = _analysis(word, pos, morph)
    if parse is None or "Fixd" in parse.tag:
        return word
    if ud_feats(frozenset(parse.tag.grammemes)).get("Case") != feats["Case"]:
        return word
    grammemes = {"nomn"}
    if feats.get("Number") == "Plur" and "plur" not in parse.tag:
        grammemes.add("plur")
    inflected = parse.inflect(grammemes)
    if inflected is None:
        return word
    return recover_shape(inflected.word, word)
