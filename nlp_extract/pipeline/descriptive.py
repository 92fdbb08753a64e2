"""Descriptive marks (component ``descriptive_marks``): ``span._.descriptive`` on an ORG
named only by what it is and where («правительство Китая», «японское правительство»)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .extensions import mentions, register_extensions
from .gazetteer import load_gazetteer
from .intervals import nested_spans
from .orgs import OrgLexicon, load_lexicon
from .tokens import fold


def _descriptive_head(token: Token, lexicon: OrgLexicon) -> bool:
    """A head that says what a body is: ``descriptive_heads`` («правительство»), and a
    ``lowercase_bodies`` legislature written lowercase («сенат», not «Сенат»)."""
    lemma = fold(token.lemma_)
    return lexicon.descriptive_heads.matches(lemma, fold(token.text)) or \
        (lemma in lexicon.lowercase_bodies and token.text.islower())


def bare_head(span: Span, lexicon: OrgLexicon) -> bool:
    """An ORG that is one lowercase lexicon head and nothing else («министерство»,
    «в департаменте»): a description, whatever the head."""
    words = [token for token in span if not (token.is_punct or token.is_space)]
    return len(words) == 1 and words[0].text.islower() and \
        lexicon.bodies.match([fold(words[0].lemma_)], [fold(words[0].text)], 0) is not None


def is_descriptive(span: Span, lexicon: OrgLexicon, inner: set[int]) -> bool:
    """An ORG named only by what it is and where: a head from ``descriptive_heads`` with only
    agreeing adjectives before it (none capitalised inside a sentence unless it is a place's)
    and nothing after it but mentions and conjunctions (``inner``: token indices inside nested
    mentions).
    «правительство Китая», «японское правительство», «власти Германии» — not «Правительство
    Москвы и области»'s «и области», not «министерство финансов»."""
    if span.label_ != "ORG" or span._.core:
        return False
    if bare_head(span, lexicon):
        return True
    words = [token for token in span
             if not (token.is_punct or token.is_space or token.i in inner)]
    heads = [token for token in words if _descriptive_head(token, lexicon)]
    if len(heads) != 1:
        return False
    head = heads[0]
    for token in words:
        if token.i == head.i:
            continue
        if token.i > head.i:
            if token.pos_ == "CCONJ":  # «власти Мальты и Италии»
                continue
            return False
        if token.pos_ != "ADJ":
            return False
        lemma = fold(token.lemma_)
        place = load_gazetteer().by_adjective(lemma) is not None
        if lexicon.official_modifiers.matches(lemma, fold(token.text)) or \
                (token.is_title and not token.is_sent_start and not place):
            return False
    return True


def mark_descriptive(spans: list[Span], lexicon: OrgLexicon) -> None:
    inside = nested_spans(spans)
    for span in spans:
        if span.label_ != "ORG":
            continue
        inner = {index for other in inside(span) for index in range(other.start, other.end)}
        span._.descriptive = is_descriptive(span, lexicon, inner)




class DescriptiveMarks:
    def __init__(self, nlp: Language, name: str, lexicon: str) -> None:
        self.name = name
        self.lexicon = load_lexicon(lexicon)
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        mark_descriptive(list(mentions(doc)), self.lexicon)
        return doc


@Language.factory("descriptive_marks", default_config={"lexicon": "org_lexicon.yaml"},
                  assigns=["span._.descriptive"], requires=["token.lemma", "token.pos"])
def make_descriptive_marks(nlp: Language, name: str, lexicon: str) -> DescriptiveMarks:
    return DescriptiveMarks(nlp, name, lexicon)
