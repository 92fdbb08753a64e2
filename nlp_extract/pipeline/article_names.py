"""Names the article repeats where NER missed or mislabelled them, completed from the rest
of the article before its mentions are grouped (component ``article_names``). Rules, in order
(``ARTICLE_NAME_RULES``: each a small named function over a :class:`NameState`; a traced doc
notes its name; one golden row each in ``tests/test_article_name_rules.py``):

- ``person_relabelled``: a LOC or ORG mention outside the gazetteer whose person reading is a
  person named in the article («о Свиридове» beside «Егор Свиридов», NER's LOC «Ахмат-Хаджи
  Кадырова» beside the PER) becomes a PER mention of that person;
- ``city_named_as_person``: a one-word LOC the gazetteer knows as a city, named as one of its
  people is surnamed and not after a preposition («Наоми Осака … Осака обыграла»), becomes a
  PER mention of that person;
- ``person_word_relabelled``: a one-word PER mention whose lemma is a one-word ORG or LOC
  mention of the article and no word of its people's names («Госдумами» beside «Госдума»,
  «Катар» beside «в Катаре») becomes that ORG or LOC;
- ``missed_surname``: a capitalised word outside every mention that is the surname of one of
  its people («Топалов имеет наивысший рейтинг») becomes a PER mention;
- ``known_person``: so does the surname alone of a well-known person of
  ``models/persons.yaml`` («Путин подписал закон»: NER misses it opening a headline);
- ``repeated_name``: an ORG or LOC name found once is found again where NER missed it,
  inflected forms included («Vestas», «MySQL», «Архнадзор»);
- ``lone_surname_as_written``: a surname alone written as a full name of the article writes it,
  normalised one letter shorter («Валиева» → «Валиев», «Шпидла» → «Шпидл»), is as written
  when no name of the article ends in the shorter form;
- ``lone_surname_declined``: a surname alone left as written that is a man's consonant-final
  surname of the article with a case ending («Казаряну» beside «Карен Казарян») is that
  surname.

The people the first two rules match are those NER found, read once before the rules run
(:class:`People`); the mentions are stored in the doc after each rule that changed them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cache
from os.path import commonprefix

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..folding import fold
from ..lexicons import reading_lemmas
from .arrays import capitalised, folded_lemmas
from .casing import has_reading
from .crafts import craft_names
from .entity_groups import MAN_SURNAME_ENDINGS, has_cyrillic, is_patronymic, stem
from .extensions import mentions, register_extensions, set_mentions
from .inflect import person_nominative
from .normalizer import normal_form
from .streets import street_type
from .tokens import CONSONANTS
from .trace import mark, note


@dataclass(frozen=True)
class People:
    """The article's people as NER found them, read once before the rules run: their full
    names and surnames (folded), and the first three letters of each, a quick test before
    inflecting a candidate."""

    full: frozenset[str]
    surnames: frozenset[str]
    stems: frozenset[str]
    surname_stems: frozenset[str] = frozenset()  # «сомов» of Сомов, Сомова, Сомову

    @classmethod
    def of(cls, spans: list[Span]) -> People:
        full = frozenset(fold(span._.normal or span.text) for span in spans
                         if span.label_ == "PER")
        surnames = frozenset(name.split()[-1] for name in full if len(name.split()) > 1)
        return cls(full, surnames, frozenset(name[:3] for name in full | surnames),
                   frozenset(stem(surname) for surname in surnames
                             if not is_patronymic(surname)))  # not «Лев Николаевич»


@dataclass
class NameState:
    """What the article-name rules share: the mentions they edit and the people they match."""

    doc: Doc
    spans: list[Span]
    people: People
    changed: bool = False

    @classmethod
    def of(cls, doc: Doc) -> NameState:
        spans = list(mentions(doc))
        return cls(doc, spans, People.of(spans))

    def commit(self) -> None:
        """Store the edited mentions in the doc (and read them back in text order)."""
        if self.changed:
            set_mentions(self.doc, self.spans)
            self.spans = list(mentions(self.doc))
            self.changed = False


NameRule = Callable[[NameState], None]


def person_relabelled(state: NameState) -> None:
    """A LOC or ORG mention outside the gazetteer whose person reading is a person of the
    article becomes a PER of that person: «Егор Свиридов погиб. О Свиридове вспоминают» —
    NER's LOC «Свиридове» → PER «Свиридове» = Свиридов; so does one word that ends a person's
    name («принцессы Леи Органы»: a rule's body «Органы» is her surname), and one word that is
    a man's surname of the article with a case ending the normaliser left on («правительства
    Шольца» beside «Олафа Шольца»: ``lone_surname_declined`` names it)."""
    doc, people = state.doc, state.people
    if not people.surnames:
        return
    surname_ends = {span.end for span in state.spans if span.label_ == "PER" and len(span) > 1}
    for index, span in enumerate(state.spans):
        if span.label_ not in ("LOC", "ORG") or span._.geo or span._.derived or \
                span._.core or len(span) > 3 or not span.text[:1].isupper() or \
                span.text.isupper() or fold(span.text)[:3] not in people.stems:
            continue
        person = Span(doc, span.start, span.end, label="PER")
        normal = normal_form(person)
        name = fold(normal)
        if name in people.full or (len(name.split()) == 1 and name in people.surnames) or \
                len(span) == 1 and span.end in surname_ends or \
                len(span) == 1 and _man_surname_declined(name, people.surnames):
            person._.normal = normal
            state.spans[index] = person
            state.changed = True
            note(doc, "person_relabelled", person)


def city_named_as_person(state: NameState) -> None:
    """A one-word LOC the gazetteer knows as a city, named as a person of the article is
    surnamed and not after a preposition, is that person: «Наоми Осака … Осака обыграла
    соперницу», «Уитни Хьюстон … Хьюстон была певицей» (NER's LOC; «в Осаке» stays the
    city; a person whose first word is no first name, NER's «Великому Новгороду», names
    none)."""
    doc = state.doc
    surnames = {words[-1] for span in state.spans if span.label_ == "PER"
                for words in [fold(span._.normal or span.text).split()]
                if len(words) > 1 and _first_name_word(words[0])}  # not «Великий Новгород»
    if not surnames:
        return
    for index, span in enumerate(state.spans):
        geo = span._.geo
        if span.label_ != "LOC" or len(span) != 1 or not geo or geo.get("kind") != "city" or \
                span._.derived or fold(span._.normal or span.text) not in surnames or \
                span.start > 0 and doc[span.start - 1].pos_ == "ADP":
            continue
        person = Span(doc, span.start, span.end, label="PER")
        person._.normal = span._.normal or span.text
        state.spans[index] = person
        state.changed = True
        note(doc, "city_named_as_person", person)


def _first_name_word(word: str) -> bool:
    """A first name by the dictionary, or a word it does not know (a foreign one: «Уитни»,
    «Наоми»); not «великий»."""
    from .models import morph_analyzer

    return has_reading(word, "Name") or not morph_analyzer().word_is_known(word)


def _one_word_name(mention: Span) -> Token | None:
    """The one word a mention is, or the one word its name (``core``) is: «Гоминьдан» of
    «партия Гоминьдан»."""
    if len(mention) == 1:
        return mention[0]
    if not mention._.core:
        return None
    core = mention.doc.char_span(*mention._.core)
    return core[0] if core is not None and len(core) == 1 else None


def person_word_relabelled(state: NameState) -> None:
    """A one-word PER mention one of whose lemmas is a one-word ORG or LOC mention of the
    article (or the one-word name of one: «партия Гоминьдан»), and no word of a person's name
    there, becomes that ORG or LOC: «Катар» beside the LOC «Катаре», «Госдумами» beside the
    ORG «Госдума», «кандидатом Гоминьдана» beside «партия Гоминьдан» (NER reads a lone
    capitalised word as a person)."""
    doc, people = state.doc, state.people
    named: dict[str, Span] = {}
    for mention in state.spans:
        if mention.label_ in ("LOC", "ORG") and not mention._.derived:
            word = _one_word_name(mention)
            if word is not None:
                named.setdefault(fold(word.lemma_), mention)
    if not named:
        return
    person_words = {word for name in people.full if " " in name for word in name.split()}
    for index, span in enumerate(state.spans):
        if span.label_ != "PER" or len(span) != 1:
            continue
        lemmas = reading_lemmas(span[0].text) | {fold(span[0].lemma_)}
        known = next((named[lemma] for lemma in sorted(lemmas) if lemma in named), None)
        if known is None or lemmas & person_words or fold(span.text) in person_words:
            continue
        relabelled = Span(doc, span.start, span.end, label=known.label_)
        relabelled._.normal, relabelled._.geo = known._.normal, known._.geo
        state.spans[index] = relabelled
        state.changed = True
        note(doc, "person_word_relabelled", relabelled)


def missed_surname(state: NameState) -> None:
    """A capitalised word outside every mention that is the surname of one of the article's
    people, in any form («работ Сомова» beside «Константин Сомов»), becomes a PER: «Матч с
    Веселином Топаловым. Согласно рейтингу, Топалов сильнее» → PER «Топалов» = Топалов."""
    doc, people = state.doc, state.people
    if not people.surnames:
        return
    for token in _loose_name_words(state, people.stems):
        surname = person_nominative(token.text, str(token.morph))
        if (fold(surname) in people.surnames or stem(fold(surname)) in people.surname_stems) and \
                (token.pos_ == "PROPN" or not token.is_sent_start):
            person = Span(doc, token.i, token.i + 1, label="PER")
            person._.normal = surname
            state.spans.append(person)  # NER's miss: «Топалов имеет наивысший рейтинг»
            state.changed = True
            note(doc, "missed_surname", person)


def known_person(state: NameState) -> None:
    """A capitalised word outside every mention that is, in any case, the surname alone of a
    well-known person of ``models/persons.yaml`` becomes a PER: «Путин подписал закон»,
    «Песков прокомментировал» (slovnet misses a lone surname opening a text or sentence). The
    lexicon lists only people a surname alone names without doubt."""
    doc = state.doc
    surnames, stems = _known_surnames()
    for token in _loose_name_words(state, stems):
        if token.i > 0 and (doc[token.i - 1].is_quote or street_type(doc[token.i - 1], False)):
            continue  # «Фильм «Путин»»; «проспекте Ленина» names the street
        surname = person_nominative(token.text, str(token.morph))
        if fold(surname) in surnames or fold(token.text) in surnames:
            person = Span(doc, token.i, token.i + 1, label="PER")
            person._.normal = surname if fold(surname) in surnames else token.text
            state.spans.append(person)
            state.changed = True
            note(doc, "known_person", person)


@cache
def _known_surnames() -> tuple[frozenset[str], frozenset[str]]:
    """The one-word forms of ``models/persons.yaml`` (folded) and their first three letters."""
    from .keys import known_persons

    surnames = frozenset(form[0] for form in known_persons() if len(form) == 1)
    return surnames, frozenset(surname[:3] for surname in surnames)


def _loose_name_words(state: NameState, stems: Collection[str]) -> Iterator[Token]:
    """Capitalised words outside every mention that may be a name's inflected form: alphabetic,
    not all capitals, tagged a noun, their first three letters (folded) among ``stems`` (a
    quick test before inflecting them)."""
    doc = state.doc
    covered = {index for span in state.spans for index in range(span.start, span.end)}
    for token in (doc[index] for index in capitalised(doc)):
        if token.i not in covered and token.is_alpha and not token.text.isupper() and \
                token.pos_ in ("PROPN", "NOUN") and fold(token.text)[:3] in stems:
            yield token


def _name_like(token: Token) -> bool:
    """A proper name's word: tagged PROPN, in capitals, or not Cyrillic («Vestas»)."""
    return token.pos_ == "PROPN" or token.text.isupper() or not has_cyrillic(token.text)


def repeated_name(state: NameState) -> None:
    """The same name again where NER missed it: a capitalised word sequence outside every
    mention whose lemmas are those of an ORG or LOC mention of the article becomes a mention
    of the same label and normal form: «Компания Vestas закрыла завод. Рабочие Vestas
    протестуют» → ORG «Vestas» (the second) = Vestas. Not a common word that only opens the
    sentence, nor a craft's name (``craft_filter``: «шаттл «Дискавери»»)."""
    doc, spans = state.doc, state.spans
    names: dict[tuple[str, ...], Span] = {}
    crafts = craft_names(doc)
    for mention in spans:
        if mention.label_ not in ("ORG", "LOC") or mention._.derived:
            continue
        span = doc.char_span(*mention._.core) if mention._.core else mention  # «Vestas» of
        if span is None or len(span.text) < 3:  # «Компания Vestas»
            continue
        if all(not token.is_punct and token.text[:1].isupper() and _name_like(token)
               for token in span):
            key = tuple(fold(token.lemma_) for token in span)
            if key not in crafts:  # «Дискавери» after «шаттле»: no ORG anywhere
                names.setdefault(key, mention)
    if not names:
        return
    covered = {index for span in spans for index in range(span.start, span.end)}
    lemmas = folded_lemmas(doc)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted(names, key=len, reverse=True):  # the longest name first
        by_first.setdefault(key[0], []).append(key)
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
            spans.append(span)
            covered.update(range(start, end))
            state.changed = True
            note(doc, "repeated_name", span)
            break


def lone_surname_as_written(state: NameState) -> None:
    """A surname alone written as a full name of the article writes it and normalised one
    letter shorter (the tagger's reading of a lone «-ова», «-ина», «-а» as a man's genitive)
    is that surname, when no name of the article ends in the shorter one: «Камила Валиева …
    Валиева пропустила сезон» → Валиева, not «Валиев» (an alias of her record); «Владимир
    Шпидла … Шпидла» → Шпидла, not «Шпидл»."""
    people = state.people
    for span in state.spans:
        if span.label_ != "PER" or len(span) != 1:
            continue
        written, normal = fold(span.text), fold(span._.normal or span.text)
        if written != normal + "а" or written not in people.surnames or \
                normal in people.surnames:
            continue
        span._.normal = span.text
        state.changed = True
        mark(state.doc, "lone_surname_as_written", span)


_MAN_CASE_ENDINGS = ("а", "у", "ом", "е")
_SOFT_CASE_ENDINGS = ("я", "ю", "ем", "е")  # of a surname in «-ь»: «Кобзаря», «Кобзарю»


def lone_surname_declined(state: NameState) -> None:
    """A surname alone left as written that is a man's consonant-final surname of the article
    with a case ending is that surname («Карен Казарян … Казаряну возразила …» → Казарян, not
    «Казаряну»: the tagger read the word opening a sentence as a nominative; «Алексей Кобзарь
    … назначить Кобзарю девять лет» → Кобзарь). A woman's such
    surname does not decline, so the form is a man's; not a surname in «-ов», «-ин», whose
    woman's forms end so («Лапина»)."""
    people = state.people
    for span in state.spans:
        if span.label_ != "PER" or len(span) != 1:
            continue
        written = fold(span.text)
        if written != fold(span._.normal or span.text) or written in people.surnames:
            continue
        found = _man_surname_declined(written, people.surnames)
        if found is None:
            continue
        kept = len(commonprefix([written, found]))
        span._.normal = span.text[:kept] + found[kept:]
        state.changed = True
        mark(state.doc, "lone_surname_declined", span)


def _man_surname_declined(written: str, surnames: frozenset[str]) -> str | None:
    """The surname of ``surnames`` that ``written`` is with a man's case ending, when it ends
    in a consonant and is no «-ов», «-ин» surname; None otherwise."""
    for ending in _MAN_CASE_ENDINGS:
        stem = written[:-len(ending)]
        if written.endswith(ending) and stem in surnames and stem[-1:] in CONSONANTS and \
                not stem.endswith(MAN_SURNAME_ENDINGS):  # «Лапина», «Лапину» may be hers
            return stem
    for ending in _SOFT_CASE_ENDINGS:  # «Кобзарю» beside «Алексей Кобзарь»
        stem = written[:-len(ending)]
        if written.endswith(ending) and stem + "ь" in surnames and stem[-1:] in CONSONANTS:
            return stem + "ь"
    return None


ARTICLE_NAME_RULES: tuple[NameRule, ...] = (person_relabelled, city_named_as_person,
                                             person_word_relabelled,
                                             missed_surname, known_person, repeated_name,
                                             lone_surname_as_written, lone_surname_declined)


def repeated_names(doc: Doc) -> bool:
    """Run :func:`repeated_name` alone on ``doc``; whether it added any mention."""
    state = NameState.of(doc)
    repeated_name(state)
    added = state.changed
    state.commit()
    return added


class ArticleNames:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        state = NameState.of(doc)
        for rule in ARTICLE_NAME_RULES:
            rule(state)
            state.commit()
        return doc


@Language.factory(
    "article_names",
    assigns=["doc.ents", "doc.spans"],
    requires=["span._.normal", "token.lemma"],
)
def make_article_names(nlp: Language, name: str) -> ArticleNames:
    return ArticleNames(nlp, name)
