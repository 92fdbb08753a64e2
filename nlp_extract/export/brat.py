"""brat standoff: ``<id>.txt`` (the record's text, byte for byte) beside ``<id>.ann`` with one
``T`` line per mention, and ``annotation.conf`` + ``visual.conf`` at the top so brat opens the
folder with the labels PER, LOC, ORG. brat has no document-level annotation, so the topics are
an annotator's note (``#1<TAB>AnnotatorNotes T<n><TAB>topic_id, topic_id``) on a ``Topics``
annotation over the first line of the text (the title); ``evaluate --gold brat`` ignores it.

A mention that crosses a line break is written as fragments (``T1<TAB>ORG 0 5;6 12``), as brat
requires; :mod:`..evaluate.brat` reads it back as one span from its first to its last character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..evaluate.spans import LABELS
from .mentions import ExportMention

ANNOTATION_CONF = """\
# brat annotation configuration written by nlp-extract export
[entities]
{entities}
{topics}

[relations]

[events]

[attributes]
"""

COLOURS = {"PER": "#ffccaa", "LOC": "#aaccff", "ORG": "#ccffaa"}
NAMES = {"PER": "Person", "LOC": "Location", "ORG": "Organization"}
TOPICS_TYPE = "Topics"

VISUAL_CONF = """\
# brat visual configuration written by nlp-extract export
[labels]
{labels}

[drawing]
{drawing}
"""

_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def annotation_conf() -> str:
    return ANNOTATION_CONF.format(entities="\n".join(LABELS), topics=TOPICS_TYPE)


def visual_conf() -> str:
    return VISUAL_CONF.format(
        labels="\n".join([*(f"{label} | {NAMES[label]} | {label}" for label in LABELS),
                          f"{TOPICS_TYPE} | {TOPICS_TYPE} | T"]),
        drawing="\n".join([*(f"{label}\tbgColor:{COLOURS[label]}" for label in LABELS),
                           f"{TOPICS_TYPE}\tbgColor:#eeeeee"]))


def first_line(text: str) -> tuple[int, int] | None:
    """The first line with words (the title of a news record), trimmed."""
    start = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            begin = start + len(line) - len(line.lstrip())
            return begin, start + len(line.rstrip())
        start += len(line)
    return None


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks (a brat text-bound annotation stays on a line),
    each piece trimmed of surrounding whitespace."""
    pieces, position = [], start
    for match in _LINE_BREAK.finditer(text, start, end):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, end))
    trimmed = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed or [(start, end)]


def ann_lines(text: str, mentions: Sequence[ExportMention]) -> list[str]:
    lines = []
    for number, mention in enumerate(mentions, start=1):
        pieces = fragments(text, mention.start, mention.end)
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        words = " ".join(text[a:b] for a, b in pieces)
        lines.append(f"T{number}\t{mention.label} {offsets}\t{words}")
    return lines


def ann_text(text: str, mentions: Sequence[ExportMention],
             topics: Sequence[tuple[str, str]] = ()) -> str:
    lines = ann_lines(text, mentions)
    title = first_line(text)
    if topics and title is not None:
        ident = f"T{len(mentions) + 1}"
        lines.append(f"{ident}\t{TOPICS_TYPE} {title[0]} {title[1]}\t{text[title[0]:title[1]]}")
        lines.append(f"#1\tAnnotatorNotes {ident}\t"
                     + ", ".join(topic_id for topic_id, _ in topics))
    return "".join(line + "\n" for line in lines)
