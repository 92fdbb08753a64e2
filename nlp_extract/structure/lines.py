"""Split decoded text into lines that remember where they are in the original."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Characters trimmed from both ends of a line besides str.isspace() ones.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?…»\"”)]$")
_EDGE_PUNCT = " \t.,;:!?…-—–•·|*«»\"'()[]"


@dataclass(frozen=True)
class Line:
    """One non-blank line: ``text == source[start:end]`` (trimmed of surrounding blanks).

    ``block`` counts the blank-line separated blocks: lines of one block are adjacent.
    ``key`` compares content (case, ё, spacing and edge punctuation ignored); ``norm`` is
    ``key`` with every digit as 0, to compare page furniture («Комментарии 5» ~ «Комментарии 7»).
    """

    index: int
    text: str
    start: int
    end: int
    block: int
    key: str
    norm: str


def content_key(text: str) -> str:
    """Content of a line for comparison: case-folded, ё→е, spaces collapsed, edges trimmed."""
    folded = text.casefold().replace("ё", "е")
    for char in _INVISIBLE:
        folded = folded.replace(char, "")
    return _SPACES.sub(" ", folded).strip(_EDGE_PUNCT)


def normalise_line(text: str) -> str:
    """Furniture key of a line: :func:`content_key` with every digit as 0."""
    return _DIGIT.sub("0", content_key(text))


def _is_blank(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE


def split_lines(raw: str) -> list[Line]:
    """The non-blank lines of ``raw`` with their code-point spans and block numbers."""
    lines: list[Line] = []
    block = 0
    blank_since_last = False
    position = 0
    for match in [*_LINE_BREAK.finditer(raw), None]:
        stop = match.start() if match else len(raw)
        start, end = position, stop
        while start < end and _is_blank(raw[start]):
            start += 1
        while end > start and _is_blank(raw[end - 1]):
            end -= 1
        if start < end:
            if blank_since_last and lines:
                block += 1
            text = raw[start:end]
            key = content_key(text)
            lines.append(Line(len(lines), text, start, end, block, key, _DIGIT.sub("0", key)))
            blank_since_last = False
        else:
            blank_since_last = True
        if match is None:
            break
        position = match.end()
    return lines


def word_count(text: str) -> int:
    return len(text.split())


def has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def looks_like_sentence(text: str) -> bool:
    """Four or more words closed by sentence punctuation."""
    return bool(_SENTENCE_END.search(text)) and word_count(text) >= 4
