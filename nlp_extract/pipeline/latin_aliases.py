"""An organisation's Latin name in parentheses after its Russian one (``entity_labels`` adds
it): «концерн «Фольксваген» (Volkswagen)», «газета "Ла стампа" (La Stampa)», «Комитет защиты
журналистов (КЗЖ) (Committee to Protect Journalists)». NER reads a person's («Джоэл Саймон
(Joel Simon)») but seldom an organisation's; the mention joins the organisation's record
(``grouper._parenthesised``)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .arrays import token_texts
from .intervals import TokenIndex
from .latin_names import cyrillic_sounds, latin_sounds
from .tokens import ends_before_parenthesis

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'.\-]*|&|[0-9]+")
_MAX_WORDS = 8


def _owner_before(doc: Doc, position: int, ends: dict[int, Span]) -> Span | None:
    """The ORG mention ``(`` at ``position`` follows: one ending right before it or before a
    closing quote right before it («Фольксваген» (Volkswagen)), or one in parentheses right
    before it («(КЗЖ) (Committee …)»)."""
    owner = next((ends[end] for end in ends_before_parenthesis(doc, position) if end in ends),
                 None)
    if owner is None and position >= 1 and doc[position - 1].text == ")":
        inner = ends.get(position - 1)
        if inner is not None and inner.start >= 1 and doc[inner.start - 1].text == "(":
            owner = inner
    return owner


def _people_sounds(spans: list[Span]) -> set[str]:
    """The sounds of the article's people's surnames (:func:`.latin_names.cyrillic_sounds`)."""
    return {cyrillic_sounds(span[-1].text) for span in spans
            if span.label_ == "PER" and span[-1].is_alpha}


def latin_names_in_parentheses(doc: Doc, spans: list[Span]) -> list[Span]:
    """New ORG mentions: a run of Latin words (the first capitalised) alone in parentheses
    right after an ORG mention, no mention on them yet, whose last word is no surname of the
    article's people written in Latin letters («журнал Time Out Melbourne (Roberto Seba)»
    beside «Роберто Себа»)."""
    ends = {span.end: span for span in spans if span.label_ == "ORG"}
    if not ends:
        return []
    people: set[str] | None = None
    index = TokenIndex((span, span.start, span.end) for span in spans)
    found = []
    for position in [index for index, text in enumerate(token_texts(doc)) if text == "("]:
        token = doc[position]
        if _owner_before(doc, token.i, ends) is None:
            continue
        close = next((later.i for later in doc[token.i + 1:token.i + 2 + _MAX_WORDS]
                      if later.text == ")"), None)
        if close is None or close == token.i + 1:
            continue
        words = [word for word in doc[token.i + 1:close] if not word.is_space]
        if not words[0].text[:1].isupper() or \
                not all(_LATIN_WORD.fullmatch(word.text) for word in words) or \
                any(True for _ in index.keys_touching(token.i + 1, close)):
            continue
        people = _people_sounds(spans) if people is None else people
        if latin_sounds(words[-1].text) in people:
            continue
        found.append(Span(doc, token.i + 1, close, label="ORG"))
    return found
