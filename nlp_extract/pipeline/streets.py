"""Streets, avenues, squares and embankments are places of their own (issue 13 item 4): the
name after a street type word names the street, never a person or a region in the count.

Rules, in order (each a small named function over the mentions; a traced doc notes its name):

- ``named_after_place``: «набережной Европы» is one LOC, the street, not Europe.
- ``named_after_someone``: «проспекте Идриса Зязикова», «площади Ленина» are one LOC, the
  street; the person is no PER of the article.
- ``named_by_adjective``: «на улице Пограничной» (a capitalised adjective agreeing with its
  type word) is one LOC, the street.
- ``named_by_genitive_phrase``: «на улице Бакинских Комиссаров», «проспекте Космонавтов» (a
  LOC all of whose words are in the genitive) is one LOC, the street.
- ``listed_after_plural``: in «на улицах Тверская, Новый Арбат и Моховая» each name is a
  street: no gazetteer place («Тверская» is no Тверская область); a name in the genitive
  after it is named with the type word («улиц Крупской и Циолковского» → улица Циолковского).
- ``named_without_mention``: «на улице Карла Маркса», «вдоль проспекта Богдана
  Хмельницкого» (a person's name in the genitive NER did not tag) are one LOC, the street.
- ``feature_named_after_someone``: «бухты Врангеля», «залив Петра Великого» (a type word of
  ``feature_types`` and a person's name) are one LOC, the feature; a place the gazetteer
  knows after it stays itself («острова Японии»).

A street mention carries ``span._.street``; ``places`` gives it no gazetteer place.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.attrs import IS_TITLE
from spacy.tokens import Doc, Span, Token

from ..lexicons import WordSet
from ..lexicons.words import entity_words
from .arrays import folded_lemmas, folded_texts
from .gazetteer import load_gazetteer
from .intervals import TokenIndex
from .tokens import case_of, fold, lemma_of
from .trace import mark, note

_STREET_TYPES = WordSet.of(sorted(entity_words().street_types))  # models/entity_words.yaml
_FEATURE_TYPES = WordSet.of(sorted(entity_words().feature_types))
_PARK_TYPES = WordSet.of(sorted(entity_words().park_types))
_LIST_JOINERS = frozenset({",", "и"})
_PERSON_GRAMMEMES = frozenset({"Surn", "Name", "Patr"})  # a park is named after a person only
_NAME_GRAMMEMES = _PERSON_GRAMMEMES | {"Geox"}  # a street after a person or a place

StreetRule = Callable[[Doc, TokenIndex[Span]], None]


def street_type(token: Token, plural: bool, types: WordSet = _STREET_TYPES) -> bool:
    """A lowercase street type word (``plural``: «улицах», else «улице»); ``types``: another
    list of type words."""
    if token.pos_ not in ("NOUN", "ADJ") or token.is_title:
        return False
    if ("Plur" in token.morph.get("Number")) != plural:
        return False
    return types.matches(lemma_of(token), fold(token.text))


def feature_type(token: Token) -> bool:
    """A lowercase type word of a natural feature («бухты», «залив»), singular or plural
    («моря Лаптевых»: one sea, the tagger may read its type word either way)."""
    return street_type(token, False, _FEATURE_TYPES) or street_type(token, True, _FEATURE_TYPES)


def _in_gazetteer(span: Span) -> bool:
    return load_gazetteer().lookup(" ".join(lemma_of(token) for token in span)) is not None


def _named_after_someone(span: Span) -> bool:
    """A person's name, or a name in the genitive that declines («Ленина»: NER's LOC), or a
    surname's genitive the dictionary does not know («проспекта Базоркина», tagged a
    nominative), not a word that keeps its form («Тяньаньмынь»: the name of the square
    itself)."""
    if span.label_ == "PER":
        return True
    first = span[0]
    return span.label_ == "LOC" and first.pos_ in ("PROPN", "NOUN") and (
        case_of(first) == "Gen" and lemma_of(first) != fold(first.text).lower() or
        person_name_only(first.text.lower()) or unknown_surname_genitive(first.text))


_SURNAME_GENITIVE = ("ова", "ева", "ёва", "ина", "ына", "ского", "цкого")


def unknown_surname_genitive(word: str) -> bool:
    """A capitalised word the dictionary does not know, ending as a Russian surname's
    genitive does («Базоркина», «Зязикова»)."""
    from .models import morph_analyzer

    lowered = word.lower()
    return word[:1].isupper() and len(lowered) > 5 and lowered.endswith(_SURNAME_GENITIVE) and \
        not morph_analyzer().word_is_known(lowered)


def _park_named_after_someone(span: Span) -> bool:
    """A person, or a LOC the dictionary reads as a person's name in the genitive and the
    gazetteer does not know («парка Горького»; not «парке Квинсленда», a park in it)."""
    return span.label_ == "PER" or span.label_ == "LOC" and not _in_gazetteer(span) and \
        genitive_name(span[-1].text, _PERSON_GRAMMEMES)


def _named_by_adjective(span: Span) -> bool:
    """A LOC that opens with a capitalised adjective agreeing with the type word before it in
    case, gender and number: «на улице Пограничной» (the street's name after its type word)."""
    first, head = span[0], span.doc[span.start - 1]
    return span.label_ == "LOC" and first.pos_ == "ADJ" and all(
        first.morph.get(feature) and first.morph.get(feature) == head.morph.get(feature)
        for feature in ("Case", "Gender", "Number"))


def person_name_only(word: str) -> bool:
    """The dictionary knows the word, only as a surname or a first name: «Руставели» of
    «проспекте Руставели», a surname that keeps its form and NER took for a place (not
    «Навои», a town too)."""
    from .models import morph_analyzer

    analyzer = morph_analyzer()
    parses = analyzer.parse(word)
    return analyzer.word_is_known(word) and bool(parses) and \
        all({"Surn", "Name"} & parse.tag.grammemes for parse in parses)


def _join_type_word(doc: Doc, index: TokenIndex[Span], rule: str,
                    names_street: Callable[[Span], bool],
                    type_word: Callable[[Token], bool] = lambda token: street_type(token, False)
                    ) -> None:
    """The type word (``type_word``: a street's, singular) before a capitalised mention that
    ``names_street`` and that mention become one LOC, the street (mentions inside the name
    go)."""
    for key in index.all_keys():
        if key not in index:
            continue
        span = index.get(key)
        if span.start == 0 or span._.derived or not span[0].text[:1].isupper():
            continue
        head = doc[span.start - 1]
        if not type_word(head) or not names_street(span) or \
                index.keys_covering(head.i):  # the type word is another mention's
            continue
        for other in index.keys_touching(span.start, span.end):
            inner = index.get(other)
            if other != key and inner.start >= span.start and inner.end <= span.end:
                index.remove(other)
        street = Span(doc, head.i, span.end, label="LOC")
        street._.street = True
        index.replace(key, street, street.start, street.end)
        note(doc, rule, street)


def named_after_place(doc: Doc, index: TokenIndex[Span]) -> None:
    """«набережной Европы» → LOC «набережной Европы» (= набережная Европы), no Europe."""
    _join_type_word(doc, index, "named_after_place",
                    lambda span: span.label_ == "LOC" and _in_gazetteer(span))


def named_after_someone(doc: Doc, index: TokenIndex[Span]) -> None:
    """«проспекте Идриса Зязикова» → LOC «проспекте Идриса Зязикова», no PER; «парка
    Горького» → LOC «парка Горького»."""
    _join_type_word(doc, index, "named_after_someone", _named_after_someone)
    _join_type_word(doc, index, "named_after_someone", _park_named_after_someone,
                    lambda token: street_type(token, False, _PARK_TYPES))


def named_by_adjective(doc: Doc, index: TokenIndex[Span]) -> None:
    """«на улице Пограничной» → LOC «улице Пограничной» (= улица Пограничная)."""
    _join_type_word(doc, index, "named_by_adjective", _named_by_adjective)


def _genitive_phrase(span: Span) -> bool:
    """A LOC whose words are all in the genitive and end in a noun: «Бакинских Комиссаров»."""
    words = [token for token in span if token.is_alpha]
    return span.label_ == "LOC" and bool(words) and words[-1].pos_ in ("NOUN", "PROPN") and \
        all(case_of(token) == "Gen" for token in words)


def named_by_genitive_phrase(doc: Doc, index: TokenIndex[Span]) -> None:
    """«на улице Бакинских Комиссаров» → LOC «улице Бакинских Комиссаров» (= улица Бакинских
    Комиссаров), no place «Бакинские Комиссары»."""
    _join_type_word(doc, index, "named_by_genitive_phrase", _genitive_phrase)


def listed_after_plural(doc: Doc, index: TokenIndex[Span]) -> None:
    """«на улицах Тверская, Новый Арбат и Моховая»: each LOC of the list is a street; a
    place the gazetteer knows in the genitive is the city whose streets they are («по улицам
    Лондона»), and a name in the genitive is named with the type word («улица
    Циолковского»)."""
    starts = {index.get(key).start: key for key in index.all_keys()}
    # only a word right before a LOC can open a list (no Token object for every other word)
    before_places = sorted({start - 1 for start, key in starts.items()
                            if start > 0 and index.get(key).label_ == "LOC"})
    for token in (doc[i] for i in before_places):
        if not street_type(token, plural=True):
            continue
        at = token.i + 1
        while at in starts and index.get(starts[at]).label_ == "LOC":
            span = index.get(starts[at])
            genitive = case_of(span[0]) == "Gen"
            if genitive and _in_gazetteer(span):
                break  # «по улицам Лондона»: the city whose streets they are
            span._.street = True
            if genitive and _named_after_someone(span):
                span._.normal = f"{lemma_of(token)} {span.text}"  # «улиц Крупской и …»
            mark(doc, "listed_after_plural", span)
            at = span.end
            if at < len(doc) and doc[at].text.lower() in _LIST_JOINERS:
                at += 1
            else:
                break


_MAX_NAME_WORDS = 3


def named_without_mention(doc: Doc, index: TokenIndex[Span]) -> None:
    """«на улице Карла Маркса» → LOC «улице Карла Маркса» (= улица Карла Маркса): after a
    street's or a park's type word, capitalised words no mention covers whose last is a
    person's name or surname in the genitive (:func:`genitive_name`; a street's also a
    place's)."""
    titles = doc.to_array([IS_TITLE]).tolist() if len(doc) else []
    for at in range(len(doc) - 1):
        if not titles[at + 1]:  # read from spaCy's array: most words precede no capital
            continue
        head = doc[at]
        park = street_type(head, False, _PARK_TYPES)  # named after a person only
        if not (park or street_type(head, False)) or index.keys_touching(head.i, head.i + 2):
            continue
        end = head.i + 1
        while end < len(doc) and end - head.i <= _MAX_NAME_WORDS and \
                doc[end].is_alpha and doc[end].is_title and not index.keys_covering(end):
            end += 1
        named = _PERSON_GRAMMEMES if park else _NAME_GRAMMEMES
        if end == head.i + 1 or not genitive_name(doc[end - 1].text, named) or \
                end < len(doc) and doc[end].is_alpha and doc[end].is_title:
            continue
        street = Span(doc, head.i, end, label="LOC")
        street._.street = True
        index.add(street, street.start, street.end)
        note(doc, "named_without_mention", street)


def genitive_name(word: str, grammemes: frozenset[str] = _NAME_GRAMMEMES) -> bool:
    """A capitalised word the dictionary reads as a person's surname, first name or
    patronymic, or a place's name (``grammemes``), in the genitive («Маркса», «Хмельницкого»,
    «Чкалова»), or a surname's genitive it does not know (:func:`unknown_surname_genitive`)."""
    from .models import morph_analyzer

    lowered = word.lower()
    if not morph_analyzer().word_is_known(lowered):
        return unknown_surname_genitive(word)
    return any(grammemes & parse.tag.grammemes and "gent" in parse.tag
               for parse in morph_analyzer().parse(lowered))


def feature_named_after_someone(doc: Doc, index: TokenIndex[Span]) -> None:
    """«бухты Врангеля» → LOC «бухты Врангеля» (= бухта Врангеля), no Врангель; «острова
    Японии» keeps Japan, and a name the tagger reads in the instrumental, dative or
    locative stands in apposition to another noun («президентом острова Цай Инвэнь»: the
    island's president)."""
    _join_type_word(doc, index, "feature_named_after_someone",
                    lambda span: _named_after_someone(span) and not _in_gazetteer(span) and
                    case_of(span[0]) not in ("Ins", "Dat", "Loc"),
                    feature_type)


def _has_type_word(doc: Doc) -> bool:
    """Some word of the doc may be a type word of a street, a park or a natural feature (by
    its lemma or its surface form, as :func:`street_type` matches): every street rule starts
    from one, and most news has none."""
    words = set(folded_lemmas(doc)).union(folded_texts(doc))
    return any(not words.isdisjoint(types.lemmas) or not words.isdisjoint(types.keys)
               for types in (_STREET_TYPES, _PARK_TYPES, _FEATURE_TYPES))


STREET_RULES: tuple[StreetRule, ...] = (named_after_place, named_after_someone,
                                        named_by_adjective, named_by_genitive_phrase,
                                        listed_after_plural,
                                        named_without_mention, feature_named_after_someone)


def mark_streets(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` after every street rule, in order (none runs in a text with no type word)."""
    if not _has_type_word(doc):
        return list(spans)
    index = TokenIndex((span, span.start, span.end) for span in spans)
    for rule in STREET_RULES:
        rule(doc, index)
    return index.values()
