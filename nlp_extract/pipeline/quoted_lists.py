"""Quoted names listed beside quoted ORG names are ORG names too (``quoted_list_name``, run
by ``entity_labels``): «за шесть команд (''Edmonton Oilers'', ''Philadelphia Flyers'', …)»,
«сайты «Экономика сегодня», «Политика сегодня», «Народные новости»», where NER found some of
them. A list is two or more quoted names, each starting with a capital, joined by commas,
«и» or «или»; two of them at least must be ORG mentions, so a list of books or films where NER
took one title for an organisation gains nothing."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .arrays import token_texts
from .intervals import TokenIndex
from .tokens import CLOSING_QUOTES, OPENING_QUOTES

_MAX_WORDS = 8
_JOINS = frozenset({",", "и", "или"})
_PAIRS = {"«": "»", "„": "“", "“": "”"}  # other quote marks close with themselves


def _quoted_at(doc: Doc, start: int) -> int | None:
    """The index of the quote that closes the one at ``start`` within a few words, the name
    between them starting with a capital; None if there is none."""
    opening = doc[start].text
    if opening not in OPENING_QUOTES or start + 2 >= len(doc) or \
            not doc[start + 1].text[:1].isupper():
        return None
    closing = _PAIRS.get(opening, opening)
    for end in range(start + 2, min(len(doc), start + 2 + _MAX_WORDS)):
        text = doc[end].text
        if text == closing or (text in CLOSING_QUOTES and opening in _PAIRS and text != opening):
            return end
        if doc[end].is_sent_start or text in OPENING_QUOTES and text != closing:
            return None
    return None


def _lists(doc: Doc, texts: list[str]) -> list[list[tuple[int, int]]]:
    """Runs of quoted names (``[start, end)`` of each name, quotes left out) joined by
    :data:`_JOINS`; ``texts``: the doc's token texts."""
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    after = 0  # the first token after the last name found
    for position in [index for index, text in enumerate(texts) if text in OPENING_QUOTES]:
        close = _quoted_at(doc, position) if position >= after else None
        if close is None:
            continue
        joined = run and position - run[-1][1] == 2 and texts[position - 1].lower() in _JOINS
        if not joined:
            if len(run) > 1:
                runs.append(run)
            run = []
        run.append((position + 1, close))
        after = close + 1
    if len(run) > 1:
        runs.append(run)
    return runs


def quoted_list_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """New ORG mentions: the quoted names of a list no mention touches, when two of the
    list's names at least are ORG mentions."""
    texts = token_texts(doc)
    if not any(text in OPENING_QUOTES for text in texts):
        return []
    index = TokenIndex((span, span.start, span.end) for span in spans)
    found = []
    for run in _lists(doc, texts):
        labels = []
        for start, end in run:
            touching = [index.get(key) for key in index.keys_touching(start, end)]
            inside = [span for span in touching if span.start < end and start < span.end]
            labels.append({span.label_ for span in inside})
        if sum("ORG" in found_labels for found_labels in labels) < 2:
            continue
        found.extend(Span(doc, start, end, label="ORG")
                     for (start, end), found_labels in zip(run, labels, strict=True)
                     if not found_labels)
    return found
