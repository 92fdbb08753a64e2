"""Quoted names (component ``quoted_names``): the quoted name inside a longer ORG mention is an
ORG mention of its own («движения «Талибан»» holds «Талибан»)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import mentions, register_extensions, set_mentions
from .intervals import nested_spans
from .tokens import CLOSING_ONLY_QUOTES as _CLOSING_QUOTES
from .trace import note


def quoted_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """The quoted name inside an ORG mention that is more than that name, as a nested ORG
    mention of its own: «Руководство радикального движения «Талибан»» holds «Талибан», «РИА
    «Новости»» holds «Новости». A mention whose name (``core``) is the quoted part already is
    that organisation («партии «Единая Россия»») and gets none."""
    nested = []
    inside_of = nested_spans(spans)
    for span in spans:
        if span.label_ != "ORG" or span._.core or len(span) < 3:
            continue
        opened: int | None = None
        for token in span:
            if token.is_quote and opened is None and token.i > span.start and \
                    token.text not in _CLOSING_QUOTES:
                opened = token.i
            elif token.is_quote and opened is not None:
                start, end = opened + 1, token.i
                inside = any((other.start, other.end) != (span.start, span.end) and
                             other.start <= start and end <= other.end
                             for other in inside_of(span))
                if start < end and doc[start].text[:1].isupper() and not inside:
                    nested.append(Span(doc, start, end, label="ORG"))
                opened = None
    return nested



class QuotedNames:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        current = mentions(doc)
        nested = quoted_names(doc, current)
        if nested:
            for span in nested:
                note(doc, "quoted_name", span)
            set_mentions(doc, current + nested)
        return doc


@Language.factory("quoted_names", assigns=["doc.ents", "doc.spans"], requires=[])
def make_quoted_names(nlp: Language, name: str) -> QuotedNames:
    return QuotedNames(nlp, name)
