"""A coined name NER missed right after a word that says what kind of organisation it is
(``descriptor_name``, run by ``entity_labels``): «партия Гоминьдан», «союз Isamaa», «группы
Pain». The descriptor is one of ``descriptors`` (models/org_lexicon.yaml), in the singular
(«в организациях ЖКХ» names a kind, not one body); the name is one to three capitalised
words of two letters or more, each an abbreviation, a Latin word, a word the dictionary does
not know or one it reads only as an organisation's name («Гоминьдан»: Orgn), so a common word
(«компании Напомним») or a person's or a place's name («команда Путина», «сборной
Бразилии») is never taken; nor is a place («службе РФ») or a name
``models/entity_labels.yaml`` gives another label («портал YouTube», «проекте ГК»)."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..folding import fold
from .arrays import capitalised
from .gazetteer import load_gazetteer
from .intervals import TokenIndex
from .models import morph_analyzer

_MAX_WORDS = 3


def descriptor_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """New ORG mentions: a coined capitalised name no mention touches, right after a
    singular descriptor of the org lexicon in the same sentence."""
    index: TokenIndex[Span] | None = None
    found = []
    for position in capitalised(doc):
        token = doc[position]
        if position == 0 or not name_word(token) or not descriptor_before(token):
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i < _MAX_WORDS and name_word(doc[end]):
            end += 1
        if index is None:
            index = TokenIndex((span, span.start, span.end) for span in spans)
        if any(True for _ in index.keys_touching(token.i, end)):
            continue
        name = doc[token.i:end]
        if _other_kind(name):
            continue
        found.append(Span(doc, token.i, end, label="ORG"))
    return found


def descriptor_before(token: Token) -> bool:
    """The word right before ``token``, in its sentence, is a lowercase singular descriptor of
    ``models/org_lexicon.yaml`` («партия», «союза»)."""
    from .orgs import load_lexicon

    if token.i == 0 or token.is_sent_start:
        return False
    word = token.doc[token.i - 1]
    return word.is_alpha and word.is_lower and "Plur" not in word.morph.get("Number") and \
        load_lexicon().descriptors.match([fold(word.lemma_)], [fold(word.text)], 0) is not None


def name_word(token: Token) -> bool:
    """A capitalised word of two letters or more that is coined (an abbreviation, a Latin word,
    a word the dictionary lacks) or that the dictionary reads only as an organisation's name."""
    return _coined_name(token.text)


@lru_cache(maxsize=20_000)
def _coined_name(word: str) -> bool:
    from .labels import coined

    if len(word) < 2 or not word[:1].isupper():
        return False
    return coined(word) or _organisation_name_only(word)


def _other_kind(name: Span) -> bool:
    """A place of the gazetteer, or a name ``models/entity_labels.yaml`` labels other than
    ORG."""
    from .labels import load_labels

    if load_gazetteer().lookup(name.text) is not None:
        return True
    label = load_labels().by_lemmas.get(tuple(fold(token.lemma_) for token in name))
    return label is not None and label != "ORG"


@lru_cache(maxsize=20_000)
def organisation_word(word: str) -> bool:
    """A word of Latin letters, or one the dictionary reads only as an organisation's name
    («Гоминьдан»: Orgn)."""
    if len(word) < 2 or not word[:1].isupper():
        return False
    return all(char.isascii() for char in word if char.isalpha()) or _organisation_name_only(word)


def _organisation_name_only(word: str) -> bool:
    """Every reading the dictionary gives the word is an organisation's name (Orgn)."""
    parses = morph_analyzer().parse(word.lower())
    return bool(parses) and all("Orgn" in parse.tag for parse in parses)
