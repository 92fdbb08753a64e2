"""Lemma features of an analysed article, shared by discovery, training and prediction.

A term is a folded lemma (lowercase, ё → е) of a content word (noun, proper noun, adjective,
verb), or two such lemmas side by side (``"социальный защита"``) when bigrams are asked for.
Train and predict use this one function, so a trained model sees what it was trained on.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from .text import fold, word_set

CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})

#: Lemmas too common in news to tell topics apart.
STOP_LEMMAS = word_set("""
    быть стать мочь иметь являться сказать говорить сообщить сообщать заявить заявлять отметить
    рассказать пояснить добавить уточнить подчеркнуть считать сделать делать также который
    свой весь этот такой другой один первый второй новый год время день раз место число случай
    часть ряд слово вопрос информация данный данные ранее ура.ru ura.ru риа тасс интерфакс
    """)


def content_lemma(lemma: str, pos: str) -> str | None:
    """The folded lemma if the word can carry a topic, else None."""
    if pos not in CONTENT_POS:
        return None
    key = fold(lemma)
    if len(key) < 2 or not any(char.isalpha() for char in key) or key in STOP_LEMMAS:
        return None
    return key


def token_terms(tokens: Iterable[tuple[str, str]], bigrams: bool = False) -> list[str]:
    """Terms from ``(lemma, pos)`` pairs in text order; a bigram joins two content words that
    stand side by side (any other token between them breaks it)."""
    terms: list[str] = []
    previous: str | None = None
    for lemma, pos in tokens:
        key = content_lemma(lemma, pos)
        if key is not None:
            terms.append(key)
            if bigrams and previous is not None:
                terms.append(f"{previous} {key}")
        previous = key
    return terms


def doc_terms(doc: Doc, bigrams: bool = False) -> list[str]:
    """The terms of an analysed article (see the module doc)."""
    return token_terms(((token.lemma_ or token.text, token.pos_) for token in doc
                        if not token.is_space), bigrams=bigrams)
