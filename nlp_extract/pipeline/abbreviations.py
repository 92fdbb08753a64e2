"""Bracketed abbreviations (component ``org_abbreviations``): an abbreviation in parentheses
right after an ORG mention is that organisation's, so it is an ORG mention too («Главного
разведывательного управления России (ГРУ)»: not a place «ГРУ» joined to «России»).

Rules, in order (each a small named function; a traced doc notes its name):

- ``abbreviation_relabelled``: NER's LOC or PER «(ГРУ)», «(СУ СК)» after an ORG becomes an
  ORG;
- ``abbreviation_added``: an abbreviation NER missed there becomes an ORG mention.

The grouper then joins it to the widest mention before the brackets (the whole ORG).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..folding import fold
from .arrays import TokenTable, token_table
from .extensions import mentions, register_extensions, set_mentions
from .gazetteer import load_gazetteer
from .intervals import TokenIndex
from .trace import note

AbbreviationRule = Callable[[Doc, TokenIndex[Span]], None]


def abbreviation_shaped(text: str) -> bool:
    """«ГРУ», «МИД», «ФСИН», «РосНано»: one word of 2-8 characters, two capitals or more."""
    text = text.strip("«»\"")
    return 2 <= len(text) <= 8 and " " not in text and sum(ch.isupper() for ch in text) >= 2


def abbreviations_shaped(text: str) -> bool:
    """One to three words each :func:`abbreviation_shaped`: «СУ СК», «ГУ МВД», «ГРУ»."""
    words = text.split()
    return 1 <= len(words) <= 3 and all(abbreviation_shaped(word) for word in words)


def body_short_name(text: str) -> bool:
    """One capitalised word the dictionary lacks, or reads as an organisation's name, that
    opens with a body's first letters (``body_word_prefixes``, models/entity_words.yaml):
    «Минсельхозпрод», «Минсемьтруд»."""
    from ..lexicons.words import entity_words
    from .casing import has_reading
    from .labels import coined

    word = text.strip("«»\"")
    return " " not in word and word[:1].isupper() and len(word) >= 6 and \
        fold(word).startswith(entity_words().body_word_prefixes) and \
        (coined(word) or has_reading(word.lower(), "Orgn"))


def _bracketed_after_org(doc: Doc, index: TokenIndex[Span], start: int, end: int) -> bool:
    """Tokens ``[start, end)`` stand alone in parentheses, or open them before a comma and
    spell the initials of what precedes («Медиа-коммуникационного союза (МКС, объединяет
    …)»), and the widest mention ending right before the «(» is an ORG, or a place after «в»
    and an ORG (:func:`_org_before_place`)."""
    if start < 2 or doc[start - 1].text != "(" or end >= len(doc) or \
            doc[end].text not in (")", ","):
        return False
    before = [index.get(key) for key in index.keys_touching(start - 2, start - 1)
              if index.get(key).end == start - 1]
    if not before:
        return False
    widest = min(before, key=lambda span: span.start)
    if widest.label_ == "LOC" and doc[end].text == ")":
        widest = _org_before_place(index, widest) or widest
    return widest.label_ == "ORG" and (doc[end].text == ")" or spells(doc[start:end].text,
                                                                      widest.text))


_PLACE_PREPOSITIONS = frozenset({"в", "во", "на", "при"})


def _org_before_place(index: TokenIndex[Span], place: Span) -> Span | None:
    """The ORG that ends right before «в», «на» or «при» and ``place``: «Временных сил ООН в
    Ливане (ВСООНЛ)» (the abbreviation is the force's, its name taking in where it works)."""
    doc = place.doc
    if place.start < 2 or doc[place.start - 1].lower_ not in _PLACE_PREPOSITIONS:
        return None
    return next((found for key in index.keys_touching(place.start - 2, place.start - 1)
                 if (found := index.get(key)).end == place.start - 1 and found.label_ == "ORG"),
                None)


_FUNCTION_WORDS = frozenset({"и", "по", "при", "для", "в", "на", "с", "о", "об", "of", "and",
                             "the", "for", "de"})


def initials(name: str) -> str:
    """The first letters of a name's words and hyphenated parts, function words aside
    («Медиа-коммуникационный союз» → мкс)."""
    words = [word for word in re.split(r"[\s\-]+", fold(name)) if word]
    return "".join(word[0] for word in words if word not in _FUNCTION_WORDS)


def spells(abbreviation: str, name: str) -> bool:
    """The abbreviation is the initials of the name («МКС»: Медиа-коммуникационный союз)."""
    return fold(abbreviation.strip('«»"')) == initials(name)


def _not_a_place(span_text: str) -> bool:
    return load_gazetteer().lookup(span_text) is None  # «(РФ)», «(США)» stay places


def abbreviation_relabelled(doc: Doc, index: TokenIndex[Span]) -> None:
    """«управления России (ГРУ)» with NER's LOC «ГРУ» → ORG «ГРУ»; «… по Краснодарскому
    краю (СУ СК)» with NER's LOC «СУ СК» → ORG «СУ СК»; «… Республики Беларусь
    (Минсельхозпрод)» with NER's LOC → ORG (:func:`body_short_name`)."""
    for key in index.all_keys():
        span = index.get(key)
        if span.label_ == "ORG" or \
                not (abbreviations_shaped(span.text) or body_short_name(span.text)) or \
                not _not_a_place(span.text) or \
                not _bracketed_after_org(doc, index, span.start, span.end):
            continue
        relabelled = Span(doc, span.start, span.end, label="ORG")
        index.replace(key, relabelled, span.start, span.end)
        note(doc, "abbreviation_relabelled", relabelled)


def abbreviation_added(doc: Doc, index: TokenIndex[Span]) -> None:
    """«Федеральной службы исполнения наказаний (ФСИН)» with no mention of «ФСИН» → ORG."""
    table = token_table(doc)  # the words read from spaCy's arrays: no Token object per word
    text = table.text
    for i in _after_opening_brackets(table):  # only a word right after «(» can be one
        word = text[table.starts[i]:table.ends[i]]
        if not abbreviation_shaped(word) or index.keys_covering(i) or \
                not _not_a_place(word) or not _bracketed_after_org(doc, index, i, i + 1):
            continue
        added = Span(doc, i, i + 1, label="ORG")
        index.add(added, added.start, added.end)
        note(doc, "abbreviation_added", added)


def _after_opening_brackets(table: TokenTable) -> list[int]:
    """Indices of the tokens right after a «(» token, found from the text's «(» characters."""
    found = []
    at = table.text.find("(")
    while at >= 0:
        i = table.first_token_from(at)
        if i + 1 < len(table.starts) and table.starts[i] == at and table.ends[i] == at + 1:
            found.append(i + 1)
        at = table.text.find("(", at + 1)
    return found


ABBREVIATION_RULES: tuple[AbbreviationRule, ...] = (abbreviation_relabelled, abbreviation_added)


class OrgAbbreviations:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        current = mentions(doc)
        index = TokenIndex((span, span.start, span.end) for span in current)
        for rule in ABBREVIATION_RULES:
            rule(doc, index)
        updated = index.values()
        if [(s.start, s.end, s.label_) for s in updated] != \
                [(s.start, s.end, s.label_) for s in current]:
            set_mentions(doc, updated)
        return doc


@Language.factory("org_abbreviations", assigns=["doc.ents", "doc.spans"], requires=[])
def make_org_abbreviations(nlp: Language, name: str) -> OrgAbbreviations:
    return OrgAbbreviations(nlp, name)
