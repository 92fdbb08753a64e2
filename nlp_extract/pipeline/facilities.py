"""Facility names (component ``facility_names``): an ORG named as a building or a site is a
FAC, no organisation: «Исаакиевский собор», «Собор Парижской Богоматери», «Московское Братское
кладбище», «стадион «Фишт»», «Букингемский дворец», «Газпром Арена». The head nouns are
``facility_heads`` of ``models/entity_words.yaml``; only adjectives may stand before the head,
and a church council is no building (``council_adjectives``: «Архиерейский собор»). A place
NER found stays a place (factRuEval's locations take in buildings); hospitals, theatres and
museums stay organisations. The component runs after ``entity_normalizer``, so a facility's
normal form is made as an ORG's («Исаакиевского собора» → Исаакиевский собор)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..folding import fold
from ..lexicons.words import entity_words
from .casing import has_reading
from .extensions import mentions, register_extensions, set_mentions
from .tokens import OPENING_QUOTES, word_positions
from .trace import note, tracing

FACILITY = "FAC"


def _words(span: Span) -> list[Token]:
    return [span.doc[i] for i in word_positions(span.doc, span.start, span.end)]


def named_by_facility_head(span: Span) -> bool:
    """Rule 1: the first word that is no adjective is a ``facility_heads`` word and the name
    has another word («Исаакиевский собор», «Храм Христа Спасителя»; not «Архиерейский
    собор», nor «Собор» alone)."""
    words = _words(span)
    if len(words) < 2:
        return False
    lists = entity_words()
    for token in words:
        lemma = fold(token.lemma_)
        if not _adjective(token):
            return lemma in lists.facility_heads
        if lemma in lists.council_adjectives:
            return False
    return False


def _adjective(token: Token) -> bool:
    """Tagged an adjective, or a capitalised word the dictionary reads as a full adjective
    (the tagger's PROPN for «Синодальный» in «Синодальный Знаменский собор»)."""
    return token.pos_ == "ADJ" or (token.is_title and has_reading(token.text.lower(), "ADJF"))


def quoted_after_facility_word(span: Span) -> bool:
    """Rule 2: a quoted name right after a lowercase ``facility_heads`` word is the facility
    it names («на стадионе «Фишт»», «в соборе «Святая Троица»»), unless another ORG of the
    article ends with it: then it is whose the facility is («на домашней арене «Лейкерс»»
    beside «Лос-Анджелес Лейкерс»)."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text not in OPENING_QUOTES:
        return False
    word = doc[span.start - 2]
    return word.text.islower() and fold(word.lemma_) in entity_words().facility_heads and \
        not _organisation_elsewhere(span)


def _organisation_elsewhere(span: Span) -> bool:
    """Another ORG mention of the article ends with the words of ``span``."""
    words = fold(span.text).split()
    return any(other.label_ == "ORG" and (other.start, other.end) != (span.start, span.end)
               and fold(other.text).split()[-len(words):] == words
               for other in mentions(span.doc))


def named_arena(span: Span) -> bool:
    """Rule 3: a name ending in a capitalised «Арена» (or «Arena») after a sponsor's or a
    city's name is a stadium («Газпром Арена», «Самара Арена», «ВТБ Арена»)."""
    words = _words(span)
    if len(words) < 2:
        return False
    last = words[-1]
    return last.text[:1].isupper() and (fold(last.lemma_) == "арена" or
                                        last.text.lower() == "arena")


FACILITY_RULES: tuple[Callable[[Span], bool], ...] = (named_by_facility_head,
                                                      quoted_after_facility_word, named_arena)


def facility_rule(span: Span) -> str | None:
    """The name of the rule that makes ``span`` (an ORG) a facility, else None."""
    if span.label_ != "ORG":
        return None
    return next((rule.__name__ for rule in FACILITY_RULES if rule(span)), None)


class FacilityNames:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        current = mentions(doc)
        found = {(span.start, span.end): rule for span in current
                 if (rule := facility_rule(span)) is not None}
        if not found:
            return doc
        if tracing(doc):
            for (start, end), rule in found.items():
                note(doc, rule, (start, end, FACILITY))
        relabelled = {where: Span(doc, *where, label=FACILITY) for where in found}
        set_mentions(doc, [relabelled.get((span.start, span.end), span) for span in current])
        return doc


@Language.factory("facility_names", assigns=["doc.ents", "doc.spans"],
                  requires=["token.lemma", "token.pos"])
def make_facility_names(nlp: Language, name: str) -> FacilityNames:
    return FacilityNames(nlp, name)
