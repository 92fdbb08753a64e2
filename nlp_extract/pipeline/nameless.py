"""Nameless ORGs (component ``nameless_orgs``): an ORG of common words only, none a public
body's head, holding no other mention, is dropped («руководство холдинга»: ``leadership_heads``
such as «руководство» head a body only with a name inside, «руководство Украины»)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from .casing import capital_opens_sentence
from .extensions import mentions, register_extensions, set_mentions
from .intervals import nested_spans
from .orgs import _common_words, load_lexicon
from .tokens import fold
from .trace import note


class NamelessOrgs:
    def __init__(self, nlp: Language, name: str, lexicon: str) -> None:
        self.name = name
        self.lexicon = load_lexicon(lexicon)
        register_extensions()

    def _nameless(self, span: Span, inside: Callable[[Span], list[Span]]) -> bool:
        """An ORG of common words only, none of them a public body's head, holding no other
        mention: «руководство холдинга», «Руководство сайтов» (NER's guesses; a descriptor
        such as «холдинг» names an organisation only with its name)."""
        leaders = self.lexicon.leadership_heads
        if span.label_ != "ORG" or not (_common_words(span) or self._led_by_common_words(span)):
            return False
        heads = self.lexicon.bodies.first_keys  # any reading: «облдумы», «минприроды»
        if any((fold(token.lemma_) in heads or fold(token.text) in heads) and
               not leaders.matches(fold(token.lemma_), fold(token.text)) for token in span):
            return False
        return not inside(span)

    def _led_by_common_words(self, span: Span) -> bool:
        """A leadership head opening the sentence (the tagger calls the capitalised word
        PROPN: «Руководству сайтов поручено…»), then common words in lower case."""
        first = span[0]
        return self.lexicon.leadership_heads.matches(fold(first.lemma_), fold(first.text)) and \
            capital_opens_sentence(first) and _common_words(span[1:])

    def __call__(self, doc: Doc) -> Doc:
        current = mentions(doc)
        inside = nested_spans(current)
        dropped = [span for span in current if self._nameless(span, inside)]
        if dropped:
            for span in dropped:
                note(doc, "nameless_org", span)
            gone = {id(span) for span in dropped}
            set_mentions(doc, [span for span in current if id(span) not in gone])
        return doc


@Language.factory("nameless_orgs", default_config={"lexicon": "org_lexicon.yaml"},
                  assigns=["doc.ents", "doc.spans"], requires=["token.lemma", "token.pos"])
def make_nameless_orgs(nlp: Language, name: str, lexicon: str) -> NamelessOrgs:
    return NamelessOrgs(nlp, name, lexicon)
