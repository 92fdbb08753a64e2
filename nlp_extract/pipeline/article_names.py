"""Names the article repeats where NER missed or mislabelled them, completed from the rest
of the article before its mentions are grouped (component ``article_names``):

- a LOC or ORG mention outside the gazetteer whose person reading is a person named in the
  article («о Свиридове» beside «Егор Свиридов», NER's LOC «Ахмат-Хаджи Кадырова» beside the
  PER) becomes a PER mention of that person;
- a capitalised word outside every mention that is the surname of one of its people
  («Топалов имеет наивысший рейтинг») becomes a PER mention;
- an ORG or LOC name found once is found again where NER missed it, inflected forms included
  («Vestas», «MySQL», «Архнадзор»).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..folding import fold
from .arrays import capitalised, folded_lemmas
from .extensions import mentions, register_extensions, set_mentions
from .inflect import person_nominative
from .normalizer import normal_form

_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def persons_by_name(doc: Doc) -> bool:
    """Relabel as PER the LOC and ORG mentions that name a person of the article, and add the
    surnames of its people that NER missed; whether anything changed."""
    spans = list(mentions(doc))
    people = [span for span in spans if span.label_ == "PER"]
    full = {fold(span._.normal or span.text) for span in people}
    surnames = {name.split()[-1] for name in full if len(name.split()) > 1}
    if not surnames:
        return False
    stems = {name[:3] for name in full | surnames}  # a quick test before inflecting
    changed = False
    for index, span in enumerate(spans):
        if span.label_ not in ("LOC", "ORG") or span._.geo or span._.derived or \
                span._.core or len(span) > 3 or not span.text[:1].isupper() or \
                span.text.isupper() or fold(span.text)[:3] not in stems:
            continue
        person = Span(doc, span.start, span.end, label="PER")
        normal = normal_form(person)
        name = fold(normal)
        if name in full or (len(name.split()) == 1 and name in surnames):
            person._.normal = normal
            spans[index] = person
            changed = True
    covered = {index for span in spans for index in range(span.start, span.end)}
    for token in (doc[index] for index in capitalised(doc)):
        if token.i in covered or not token.is_alpha or token.text.isupper() or \
                token.pos_ not in ("PROPN", "NOUN") or \
                fold(token.text)[:3] not in stems:
            continue
        surname = person_nominative(token.text, str(token.morph))
        if fold(surname) in surnames and (token.pos_ == "PROPN" or not token.is_sent_start):
            person = Span(doc, token.i, token.i + 1, label="PER")
            person._.normal = surname
            spans.append(person)  # NER's miss: «Топалов имеет наивысший рейтинг»
            changed = True
    if changed:
        set_mentions(doc, spans)
    return changed


def _name_like(token: Token) -> bool:
    """A proper name's word: tagged PROPN, in capitals, or not Cyrillic («Vestas»)."""
    return token.pos_ == "PROPN" or token.text.isupper() or not _CYRILLIC.search(token.text)


def repeated_names(doc: Doc) -> bool:
    """The same name again where NER missed it: a capitalised word sequence outside every
    mention whose lemmas are those of an ORG or LOC mention of the article («Vestas», «FIDE»,
    «Архнадзор» found once, missed later) becomes a mention of the same label and normal
    form. Whether any was added."""
    spans = list(mentions(doc))
    names: dict[tuple[str, ...], Span] = {}
    for mention in spans:
        if mention.label_ not in ("ORG", "LOC") or mention._.derived:
            continue
        span = doc.char_span(*mention._.core) if mention._.core else mention  # «Vestas» of
        if span is None or len(span.text) < 3:  # «Компания Vestas»
            continue
        if all(not token.is_punct and token.text[:1].isupper() and _name_like(token)
               for token in span):
            names.setdefault(tuple(fold(token.lemma_) for token in span), mention)
    if not names:
        return False
    covered = {index for span in spans for index in range(span.start, span.end)}
    lemmas = folded_lemmas(doc)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted(names, key=len, reverse=True):  # the longest name first
        by_first.setdefault(key[0], []).append(key)
    added = []
    for start in capitalised(doc):
        if start in covered:
            continue
        for key in by_first.get(lemmas[start], ()):
            known, end = names[key], start + len(key)
            if tuple(lemmas[start:end]) != key or any(i in covered for i in range(start, end)) \
                    or not all(_name_like(token) for token in doc[start:end]):
                continue
            if doc[start].is_sent_start and doc[start].pos_ != "PROPN" and \
                    not doc[start].text.isupper():
                continue  # a common word that only opens the sentence
            span = Span(doc, start, end, label=known.label_)
            span._.normal, span._.geo = known._.normal, known._.geo
            added.append(span)
            covered.update(range(start, end))
            break
    if added:
        set_mentions(doc, spans + added)
    return bool(added)


class ArticleNames:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        persons_by_name(doc)
        repeated_names(doc)
        return doc


@Language.factory(
    "article_names",
    assigns=["doc.ents", "doc.spans"],
    requires=["span._.normal", "token.lemma"],
)
def make_article_names(nlp: Language, name: str) -> ArticleNames:
    return ArticleNames(nlp, name)
