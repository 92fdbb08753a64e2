"""CoNLL-U: one ``# newdoc id`` per record, its sentences and tokens with the lemmas, UPOS and
features the record carries (HEAD, DEPREL, DEPS and XPOS are ``_``: there is no parse).

Entities are BIO (IOB2) tags in MISC, ``NER=B-ORG`` on a mention's first token, ``NER=I-ORG``
on the others, ``NER=O`` outside. Nested mentions are layers joined by commas, outermost
first: «органах опеки Кировского района» is ``NER=B-ORG``, ``NER=I-ORG``, ``NER=I-ORG,B-LOC``,
``NER=I-ORG,I-LOC`` (each mention, by start and longest first, takes the first layer free over
all its tokens, so crossing mentions fit too). Topics go in a ``# topics = id1, id2`` comment
after ``# newdoc id``.

The text is kept exactly with UDPipe's whitespace convention: ``SpaceAfter=No``, and
``SpacesAfter``/``SpacesBefore`` with ``\\s \\t \\n \\r \\p`` (``|``), ``\\\\`` and
``\\uXXXX`` for other spaces and control characters, for anything between tokens but one
space. :mod:`..evaluate.conllu_entities` rebuilds the text from
the tokens and reads the tags back as spans.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import BadArgumentError
from .mentions import ExportMention

NER_KEY = "NER"
OUTSIDE = "O"
ESCAPES = {" ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\", "|": "\\p"}


class ConlluExportError(BadArgumentError):
    """A record cannot be written as CoNLL-U (no tokens, or tokens that do not cover it)."""


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    form: str
    lemma: str
    upos: str
    feats: str


def escape_spaces(spaces: str) -> str:
    return "".join(ESCAPES.get(ch) or (f"\\u{ord(ch):04X}" if ch.isspace() or ord(ch) < 32
                                       else ch) for ch in spaces)


def _field(value: Any) -> str:
    text = str(value or "").replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return text if text.strip() else "_"


def _tokens(record: dict[str, Any]) -> list[_Token]:
    text = record["text"]
    tokens = []
    for raw in record.get("tokens") or []:
        start, end = raw.get("start"), raw.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end
                <= len(text)) or not text[start:end].strip():
            continue
        form = text[start:end]
        if any(ch in form for ch in "\t\n\r"):
            raise ConlluExportError(f"record {record['id']!r}: token {form!r} holds a tab or "
                                    "a line break; CoNLL-U cannot hold it")
        tokens.append(_Token(start, end, form, _field(raw.get("lemma")),
                             _field(raw.get("pos")), _field(raw.get("morph"))))
    tokens.sort(key=lambda t: t.start)
    for before, after in zip(tokens, tokens[1:], strict=False):
        if after.start < before.end:
            raise ConlluExportError(f"record {record['id']!r}: tokens overlap at "
                                    f"{after.start}; CoNLL-U needs them in sequence")
    return tokens


def ner_layers(tokens: Sequence[_Token], mentions: Sequence[ExportMention]
               ) -> tuple[list[list[str]], list[ExportMention]]:
    """Per token its tags, outermost first; and the mentions not on token bounds (left out)."""
    starts = {token.start: index for index, token in enumerate(tokens)}
    ends = {token.end: index for index, token in enumerate(tokens)}
    layers: list[list[str]] = []
    skipped = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end, m.label)):
        first, last = starts.get(mention.start), ends.get(mention.end)
        if first is None or last is None or last < first:
            skipped.append(mention)
            continue
        span = range(first, last + 1)
        for layer in layers:
            if all(layer[i] == OUTSIDE for i in span):
                break
        else:
            layer = [OUTSIDE] * len(tokens)
            layers.append(layer)
        for i in span:
            layer[i] = ("B-" if i == first else "I-") + mention.label
    tags = []
    for index in range(len(tokens)):
        token_tags = [layer[index] for layer in layers]
        while len(token_tags) > 1 and token_tags[-1] == OUTSIDE:
            token_tags.pop()
        tags.append(token_tags or [OUTSIDE])
    return tags, skipped


def _sentence_of(tokens: Sequence[_Token], sentences: Sequence[dict[str, Any]]) -> list[int]:
    starts = sorted(int(s["start"]) for s in sentences if isinstance(s.get("start"), int))
    return [max(bisect.bisect_right(starts, token.start) - 1, 0) for token in tokens]


def _misc(tags: list[str], spaces_after: str, spaces_before: str | None) -> str:
    items = [f"{NER_KEY}={','.join(tags)}"]
    if spaces_after == "":
        items.append("SpaceAfter=No")
    elif spaces_after != " ":
        items.append(f"SpacesAfter={escape_spaces(spaces_after)}")
    if spaces_before:
        items.append(f"SpacesBefore={escape_spaces(spaces_before)}")
    return "|".join(items)


def conllu_text(record: dict[str, Any], mentions: Sequence[ExportMention],
                topics: Sequence[tuple[str, str]]) -> tuple[str, list[ExportMention]]:
    """The record as CoNLL-U, and the mentions left out (not on token bounds)."""
    text = record["text"]
    tokens = _tokens(record)
    if not tokens:
        raise ConlluExportError(f"record {record['id']!r} has no tokens (an empty text, or "
                                "records written without tokens); CoNLL-U needs them: "
                                "export it with --to brat or --to label-studio")
    tags, skipped = ner_layers(tokens, mentions)
    groups = _sentence_of(tokens, record.get("sentences") or [])
    doc_id = str(record["id"])
    lines = [f"# newdoc id = {_field(doc_id)}"]
    if topics:
        lines.append(f"# topics = {', '.join(topic_id for topic_id, _ in topics)}")
    index = 0
    sentence_number = 0
    while index < len(tokens):
        group = groups[index]
        stop = index
        while stop < len(tokens) and groups[stop] == group:
            stop += 1
        sentence_number += 1
        rows, shown = [], []
        for number, position in enumerate(range(index, stop), start=1):
            token = tokens[position]
            following = tokens[position + 1].start if position + 1 < len(tokens) else len(text)
            after = text[token.end:following]
            before = text[:token.start] if position == 0 else None
            rows.append("\t".join((str(number), token.form, token.lemma, token.upos, "_",
                                   token.feats, "_", "_", "_",
                                   _misc(tags[position], after, before))))
            shown.append(token.form + ("" if after == "" or position == stop - 1 else " "))
        lines.append(f"# sent_id = {_field(doc_id)}-{sentence_number}")
        lines.append(f"# text = {''.join(shown)}")
        lines.extend(rows)
        lines.append("")
        index = stop
    return "\n".join(lines) + "\n", skipped
