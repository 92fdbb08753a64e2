"""Places: gazetteer codes for LOC mentions, and places named by adjective or demonym.

Runs after ``entity_normalizer`` and before ``entity_grouper``. Rules, in order
(``PLACE_RULES``: each a small named function over a :class:`PlaceState`; a traced doc notes
its name, so ``nlp-extract explain`` shows e.g. ``places.missed_country``; one golden row each
in ``tests/test_place_rules.py``):

- ``country_split_at_and``: two LOC mentions joined by «и» that together name one country
  («Боснию и Герцеговину») are one mention of it;
- ``coded_by_name``: every LOC mention found in the gazetteer (by its normal form, its text or
  its lemmas: «Свердловской обл.» → Свердловская область) gets ``span._.geo = {iso, kind,
  name, region}``. ``span._.normal`` stays the nominative of what is written («РФ», «Югра»);
  the canonical name is ``geo["name"]``. Streets (``span._.street``) get no place;
- ``coded_by_word``: a one-word LOC mention that is a place adjective or demonym
  («российской», «тюменцы») is a derived mention of the place;
- ``missed_full_name``: a subject's full name that NER missed («свердловской области»,
  «Пермского края», «Республике Татарстан») becomes a LOC mention, ``normal`` = the canonical
  name, ``derived`` False;
- ``missed_country``: a country or world region NER missed, capitalised inside a sentence and
  not in quotes («чемпионат Франции», «чемпион Европы»), becomes a LOC mention;
- ``place_adjective``, ``adjective_in_org_name`` and ``demonym`` (``DERIVED_RULES``, on with
  ``derived``): a place adjective inside an ORG's name («Российской академии наук») is a
  derived LOC nested in it; a lower-case place adjective («свердловской опеки»,
  «екатеринбургским мальчиком», «тюменские чиновники») or demonym («тюменцы», «москвичи»,
  «россияне») outside every mention becomes a one-token LOC mention with ``derived`` True and
  ``normal`` = the canonical name. The adjective names the
  region when the region and its capital share it («тюменский» → Тюменская область); the
  demonym names the city («тюменцы» → Тюмень). Skipped: capitalised adjectives inside a
  sentence (part of a name: «Московский университет»), and adjectives before a noun that
  makes them a different place's name («Кировский район», «Московский проспект») or a
  language («китайский язык»).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicons.words import entity_words
from .arrays import capitalised, folded_lemmas, folded_texts, token_table
from .extensions import mentions, register_extensions, set_mentions
from .gazetteer import SPACED_DASH, SUBJECT_KINDS, Gazetteer, Place, fold, load_gazetteer
from .models import morph_analyzer
from .tokens import first_word_of_sentence, word_from
from .trace import mark, note

LABEL = "LOC"
ADJECTIVE, DEMONYM = "adjective", "demonym"
# lemmas of nouns that, after a place adjective, make the pair the name of something else;
# nouns that end a subject's full name (``models/entity_words.yaml``)
NAME_NOUNS = entity_words().place_name_nouns
REGION_NOUNS = entity_words().region_nouns
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_MAX_BEFORE, _MAX_AFTER = 3, 4  # window around a region noun for a missed full name
_MAX_KEYS = 32  # lemma readings kept per name


@dataclass(frozen=True)
class PlaceIndex:
    """The gazetteer plus the morphology-derived keys the component matches tokens against."""

    gazetteer: Gazetteer
    lemma_names: dict[str, Place]
    adjective_forms: dict[str, str]
    demonym_forms: dict[str, str]
    # every inflected form of a one-word name → the name as the gazetteer writes it
    name_forms: dict[str, str] = field(default_factory=dict)

    def by_mention(self, span: Span) -> Place | None:
        for text in (span._.normal, span.text):
            place = self.gazetteer.lookup(text) if text else None
            if place is not None:
                return place
        return self.lemma_names.get(lemma_key(span)) or self.official_country(span) or \
            self.by_name_form(span)

    def by_name_form(self, span: Span) -> Place | None:
        """A one-word mention that is an inflected form of a one-word name the lemmatizer
        reads wrong: «на Брянщине» (lemma «брянщиня») → Брянщина; not a mention normalised to
        more words («Нижневартовском» of «в Нижневартовском и Сургутском районах»)."""
        one_word = len(span) == 1 and len((span._.normal or span.text).split()) == 1
        name = self.name_forms.get(fold(span.text)) if one_word else None
        return self.gazetteer.lookup(name) if name else None

    def official_country(self, span: Span) -> Place | None:
        """A country named by its official name: the words of ``state_nouns`` and
        ``state_adjectives`` around its short name or adjective («Республика Кипр»,
        «Португальская республика», «Китайская Народная Республика» → the country)."""
        words = entity_words()
        tokens = [token for token in span if _WORD.search(token.text)]
        lemmas = [token_lemma(token) for token in tokens]
        if not any(lemma in words.state_nouns for lemma in lemmas):
            return None
        kept = [token for token, lemma in zip(tokens, lemmas, strict=True)
                if lemma not in words.state_nouns and lemma not in words.state_adjectives]
        place = self.lemma_names.get(lemma_key(kept)) if kept else None
        if place is None and len(kept) == 1:
            place = self.adjective_of(kept[0])
        return place if place is not None and place.kind == "country" else None

    def by_word(self, token: Token) -> tuple[Place, str] | None:
        """The place an adjective or demonym token names, and which of the two it is.

        The lemma is tried first, then the surface form against pymorphy3's paradigms of the
        gazetteer's words (the lemmatizer guesses wrong on some unknown demonyms: «ульяновцы»).
        """
        return self.by_folded_word(fold(token.lemma_), fold(token.text))

    def by_folded_word(self, lemma: str, surface: str) -> tuple[Place, str] | None:
        """:meth:`by_word` of a token's folded lemma and surface form."""
        gazetteer = self.gazetteer
        candidates = ((ADJECTIVE, lemma), (DEMONYM, lemma),
                      (ADJECTIVE, self.adjective_forms.get(surface, "")),
                      (DEMONYM, self.demonym_forms.get(surface, "")))
        for role, word in candidates:
            if not word:
                continue
            place = gazetteer.by_adjective(word) if role == ADJECTIVE else \
                gazetteer.by_demonym(word)
            if place is not None:
                return place, role
        return None

    def adjective_of(self, token: Token, city_level: bool = False) -> Place | None:
        """The place the token names as its adjective («российское» → Россия); None for a
        demonym or no place (:meth:`by_word`). Before a word of ``region_level_adjectives``
        (models/entity_words.yaml) it is the region's of that name when there is one
        («Московской областной думы» → Московская область, not Москва). ``city_level``:
        before a word of ``city_level_adjectives`` it is the region's capital («Тюменской
        городской думы» → Тюмень: the key of a city's body; the derived place of the mention
        stays the region, which measured better on NEREL's held-out split)."""
        found = self.by_word(token)
        if found is None or found[1] != ADJECTIVE:
            return None
        following = word_from(token.doc, token.i + 1, 1)
        level = entity_words().region_level_adjectives.get(token_lemma(following)) \
            if following is not None else None
        place = self.lemma_names.get(f"{fold(token.lemma_)} {level}") if level else None
        if place is None and city_level:
            place = self._capital_before_city_level(found[0], following)
        return place or found[0]

    def _capital_before_city_level(self, place: Place, following: Token | None
                                   ) -> Place | None:
        """A region's adjective before a word of ``city_level_adjectives``
        (models/entity_words.yaml) names its capital: «Тюменской городской думы» → Тюмень."""
        if following is None or place.capital is None or \
                token_lemma(following) not in entity_words().city_level_adjectives:
            return None
        return self.lemma_names.get(" ".join(fold(word) for word in place.capital.split()))


@lru_cache(maxsize=8)
def place_index(path: str | None = None) -> PlaceIndex:
    gazetteer = load_gazetteer(path)
    return PlaceIndex(
        gazetteer=gazetteer,
        lemma_names=_lemma_names(gazetteer),
        adjective_forms=_surface_forms(gazetteer.adjectives, "ADJF"),
        demonym_forms=_surface_forms(gazetteer.demonyms, "NOUN"),
        name_forms=_name_forms(gazetteer),
    )


def _word_lemmas(word: str) -> list[str]:
    """Lemmas a word of a gazetteer name may get: names are nominative, so its nominative
    readings («Тверская»: тверская (the street), тверской), else pymorphy3's first guess."""
    parses = morph_analyzer().parse(word.lower())
    nominative = [fold(parse.normal_form) for parse in parses if "nomn" in parse.tag]
    return list(dict.fromkeys(nominative or [fold(parses[0].normal_form)]))


def _lemma_names(gazetteer: Gazetteer) -> dict[str, Place]:
    """Names keyed by their words' lemmas («свердловский область»); the first entry wins."""
    index: dict[str, Place] = {}
    for place in gazetteer.places:
        for name in place.names:
            readings = [_word_lemmas(word) for word in _WORD.findall(name)]
            for words in itertools.islice(itertools.product(*readings), _MAX_KEYS):
                index.setdefault(" ".join(words), place)
    return index


def _name_forms(gazetteer: Gazetteer) -> dict[str, str]:
    """Every inflected form of each one-word name (pymorphy3's paradigm of its nominative
    noun reading) → the name as written; a form two names share names neither."""
    forms: dict[str, str] = {}
    shared: set[str] = set()
    for place in gazetteer.places:
        for name in place.names:
            if not _WORD.fullmatch(name) or "-" in name:
                continue
            for parse in morph_analyzer().parse(name.lower()):
                if _pos(parse) != "NOUN" or "nomn" not in parse.tag or \
                        fold(parse.word) != fold(parse.normal_form):
                    continue
                for form in parse.lexeme:
                    word = fold(form.word)
                    if forms.setdefault(word, name) != name:
                        shared.add(word)
    return {word: name for word, name in forms.items() if word not in shared}


def _surface_forms(lemmas: Iterable[str], pos: str) -> dict[str, str]:
    """Every inflected form of each lemma → the lemma, from pymorphy3's paradigms."""
    forms: dict[str, str] = {}
    for lemma in sorted(lemmas):
        for parse in morph_analyzer().parse(lemma):
            if _pos(parse) == pos and fold(parse.normal_form) == lemma:
                for form in parse.lexeme:
                    if _pos(form) == pos:
                        forms.setdefault(fold(form.word), lemma)
    return forms


def _pos(parse: Any) -> str | None:
    return parse.tag.POS


def token_lemma(token: Token) -> str:
    return place_lemma(fold(token.lemma_ or token.text))


def place_lemma(word: str) -> str:
    """A folded lemma (or text) without its dot, an abbreviation of ``place_abbreviations``
    spelled out («обл.» → область)."""
    word = word.rstrip(".")
    return entity_words().place_abbreviations.get(word, word)


def lemma_key(tokens: Iterable[Token]) -> str:
    words = [token_lemma(token) for token in tokens if _WORD.search(token.text)]
    return " ".join(" ".join(_WORD.findall(word)) for word in words)


def capitalised_inside_sentence(token: Token) -> bool:
    text = token.text
    return text[:1].isupper() and not text.isupper() and not first_word_of_sentence(token)


def next_word(token: Token) -> Token | None:
    return word_from(token.doc, token.i + 1, 1)


def make_mention(doc: Doc, start: int, end: int, place: Place, derived: bool) -> Span:
    span = Span(doc, start, end, label=LABEL)
    span._.normal = place.name
    span._.geo = place.geo()
    span._.derived = derived
    return span


@dataclass
class PlaceState:
    """What the place rules share over one doc: the mentions before the component, the ones
    the rules create, and the tokens they cover."""

    doc: Doc
    index: PlaceIndex
    existing: list[Span]  # the mentions before the component
    loc_tokens: set[int]  # tokens inside a LOC mention (existing or new)
    taken: set[int]  # tokens inside any mention (existing or new)
    new: list[Span] = field(default_factory=list)
    joined: bool = False  # a rule replaced existing mentions
    uncoded: list[Span] = field(default_factory=list)  # LOC mentions coded_by_name left
    _words: list[tuple[Token, Place, str]] | None = None

    @classmethod
    def of(cls, doc: Doc, index: PlaceIndex) -> PlaceState:
        existing = mentions(doc)
        return cls(doc=doc, index=index, existing=existing,
                   loc_tokens=_covered(span for span in existing if span.label_ == LABEL),
                   taken=_covered(existing))

    def add(self, rule: str, start: int, end: int, place: Place, derived: bool) -> None:
        """A new LOC mention of ``place`` over ``doc[start:end]``, made by ``rule``."""
        span = make_mention(self.doc, start, end, place, derived)
        self.new.append(span)
        self.loc_tokens.update(range(start, end))
        self.taken.update(range(start, end))
        note(self.doc, rule, span)

    def place_words(self) -> list[tuple[Token, Place, str]]:
        """The lower-case words outside every mention that name a place (token, place,
        ADJECTIVE or DEMONYM): one pass over the tokens, made when a word rule first asks."""
        if self._words is None:
            self._words = []
            table = token_table(self.doc)  # the words from spaCy's arrays: no Token each
            lemmas, texts = folded_lemmas(self.doc), folded_texts(self.doc)
            for i, (lemma, text) in enumerate(zip(lemmas, texts, strict=True)):
                if i in self.taken or \
                        not _WORD.fullmatch(table.text[table.starts[i]:table.ends[i]]):
                    continue
                word = self.index.by_folded_word(lemma, text)
                if word is not None and not capitalised_inside_sentence(self.doc[i]):
                    self._words.append((self.doc[i], *word))
        return self._words


PlaceRule = Callable[[PlaceState], None]


def _code(index: PlaceIndex, span: Span, place: Place) -> None:
    """Give ``span`` the gazetteer code of ``place``."""
    span._.geo = place.geo()
    written = " ".join(span.text.split())
    if index.gazetteer.lookup(span._.normal or "") is place:
        return
    if index.gazetteer.lookup(written) is place:
        span._.normal = written  # «Коста Рика» is a name as written, not «Коста Рик»
    elif index.by_name_form(span) is place:
        span._.normal = index.name_forms[fold(span.text)]  # «Брянщине» → Брянщина
    elif (dashed := dashed_name(span, place)) is not None:
        span._.normal = dashed  # «округа — Югры» → Ханты-Мансийский автономный округ — Югра


def dashed_name(span: Span, place: Place) -> str | None:
    """The name of ``place`` written with a dash and as many words either side of it as
    ``span`` has: «Ханты-Мансийского автономного округа — Югры» → the official name."""
    shape = _dash_shape(" ".join(span.text.split()))
    if shape is None:
        return None
    return next((name for name in place.names if _dash_shape(name) == shape), None)


def _dash_shape(text: str) -> tuple[int, int] | None:
    parts = SPACED_DASH.split(text, maxsplit=1)
    return (len(parts[0].split()), len(parts[1].split())) if len(parts) == 2 else None


def country_split_at_and(state: PlaceState) -> None:
    """Two LOC mentions joined by «и» that together name one country of the gazetteer are
    that country: «Тринидада и Тобаго» → LOC Тринидад и Тобаго (TT), «Боснию и Герцеговину» →
    Босния и Герцеговина (BA)."""
    doc, spans = state.doc, state.existing
    places = sorted((span for span in spans if span.label_ == LABEL), key=lambda s: s.start)
    for first, second in zip(places, places[1:], strict=False):
        if second.start != first.end + 1 or doc[first.end].lower_ != "и":
            continue
        place = state.index.gazetteer.lookup(f"{first._.normal or first.text} и "
                                             f"{second._.normal or second.text}")
        if place is None or place.kind != "country" or first not in spans or second not in spans:
            continue
        joined = make_mention(doc, first.start, second.end, place, derived=False)
        spans[spans.index(first)] = joined
        spans.remove(second)
        state.loc_tokens.update(range(first.start, second.end))
        state.joined = True
        note(doc, "country_split_at_and", joined)


def coded_by_name(state: PlaceState) -> None:
    """NER's LOC found in the gazetteer by its normal form, text or lemmas gets its code:
    «в Свердловскую обл.» → geo RU-SVE (oblast); «РФ» keeps its normal «РФ», geo RU."""
    for span in state.existing:
        if span.label_ != LABEL or span._.street:
            continue
        place = state.index.by_mention(span)
        if place is None:
            state.uncoded.append(span)
            continue
        _code(state.index, span, place)
        mark(state.doc, "coded_by_name", span)


def coded_by_word(state: PlaceState) -> None:
    """NER's one-word LOC that is a place adjective or demonym is a derived mention of the
    place: «Тюменцы» → derived, normal «Тюмень», geo RU-TYU; an adjective that stands for a
    noun it does not name stays as written («Перекрыты Тверская, Новый Арбат»: a street)."""
    for span in state.uncoded:
        if len(span) != 1:
            continue
        word = state.index.by_word(span[0])
        if word is None or word[1] == ADJECTIVE and _adjective_as_noun(span):
            continue
        place = word[0]
        span._.derived = True
        span._.normal = place.name
        _code(state.index, span, place)
        mark(state.doc, "coded_by_word", span)


_LIST_WORDS = frozenset({",", "и", "или"})


def _adjective_as_noun(span: Span) -> bool:
    """A capitalised place adjective standing for a noun it does not name: «Перекрыты
    Тверская, Новый Арбат» (a street), «в Нижневартовском и Сургутском районах», «между
    Тверской и Ставропольской улицами» (a list before a noun of ``place_name_nouns`` that is
    no region's: the districts, the streets), not «Кипрское правительство» (a noun follows)
    nor «Свердловской и Челябинской областях» (a region noun ends the list)."""
    doc, word = span.doc, span[0]
    if not word.text[:1].isupper() or word.is_sent_start and span.end == len(doc):
        return False
    for token in doc[span.end:]:
        if token.pos_ in ("NOUN", "PROPN"):
            lemma = token_lemma(token)
            if lemma in NAME_NOUNS and lemma not in REGION_NOUNS:
                return True
            return token.i > span.end and lemma not in REGION_NOUNS and \
                not _shares_noun(word, token)
        if not (token.text.lower() in _LIST_WORDS or token.pos_ == "ADJ" or
                token.text in "()" or token.like_num):  # «Самарской (88), Свердловской (80)»
            return True
    return True


def _shares_noun(adjective: Token, noun: Token) -> bool:
    """The adjective agrees with a noun after a list of adjectives: in case, and the noun is
    plural («Свердловской и Челябинской школах») or of its gender and number."""
    case = adjective.morph.get("Case")
    if not case or case != noun.morph.get("Case"):
        return False
    return noun.morph.get("Number") == ["Plur"] or (
        adjective.morph.get("Gender") == noun.morph.get("Gender") and
        adjective.morph.get("Number") == noun.morph.get("Number"))


def missed_full_name(state: PlaceState) -> None:
    """A subject named in full that NER missed, outside every LOC: «Жители свердловской
    области» → LOC «свердловской области» = Свердловская область (RU-SVE)."""
    doc = state.doc
    for i, (lemma, text) in enumerate(zip(folded_lemmas(doc), folded_texts(doc), strict=True)):
        # token_lemma from the arrays: no Token object per token
        if i in state.loc_tokens or place_lemma(lemma or text) not in REGION_NOUNS:
            continue
        match = _full_name_at(state.index, doc, i, state.loc_tokens)
        if match is not None:
            state.add("missed_full_name", *match, derived=False)


def missed_country(state: PlaceState) -> None:
    """A country or world region NER missed, written with a capital inside a sentence and not
    in quotes: one or two words whose lemmas name one in the gazetteer. «Он выиграл чемпионат
    Франции» → LOC «Франции» = Франция; not the shuttle «Колумбия»."""
    doc, taken = state.doc, state.taken
    for token in (doc[index] for index in capitalised(doc)):
        if token.i in taken or not capitalised_inside_sentence(token) or \
                not _WORD.fullmatch(token.text) or \
                token.i > 0 and doc[token.i - 1].is_quote:
            continue  # a quoted name is something else: the shuttle «Колумбия»
        for end in (token.i + 2, token.i + 1):
            window = doc[token.i:end]
            if end > len(doc) or any(t.i in taken or not t.text[:1].isupper()
                                     for t in window):
                continue
            place = state.index.lemma_names.get(lemma_key(window))
            if place is not None and place.kind in ("country", "world_region"):
                state.add("missed_country", token.i, end, place, derived=False)
                break


_NATIONS = frozenset({"country", "world_region"})


def place_adjective(state: PlaceState) -> None:
    """A lower-case place adjective outside every mention is a derived one-word LOC of the
    place (the region when it shares the adjective with its capital): «Сотрудники свердловской
    опеки» → LOC «свердловской» = Свердловская область, derived. Not before a noun that makes
    it another place's name or a language: «В Кировском районе», «по китайскому языку»."""
    for token, place, role in state.place_words():
        if role == ADJECTIVE and not names_something_else(token) and \
                not nationality_adjective(token, place):
            state.add("place_adjective", token.i, token.i + 1, place, derived=True)


def nationality_adjective(adjective: Token, place: Place) -> bool:
    """A country's adjective right before a person who holds no office of it names a
    nationality, not a place: «американский актёр», «французская писательница» (NEREL's
    NATIONALITY); «российский президент», «американские военные» (``state_roles``,
    models/entity_words.yaml) name the state."""
    following = next_word(adjective)
    return place.kind in _NATIONS and following is not None and following.pos_ == "NOUN" and \
        "Anim" in following.morph.get("Animacy") and \
        token_lemma(following) not in entity_words().state_roles


_NAMED_THINGS = ("ORG", "FAC")  # names a place adjective inside may locate


def adjective_in_org_name(state: PlaceState) -> None:
    """A place adjective inside an organisation's or a facility's name, outside every LOC, is
    a derived one-word LOC nested in it: «Российской академии наук» → LOC «Российской» =
    Россия, «японская полиция» → Япония, «Московское Братское кладбище» → Москва, derived.
    Not before a noun that makes it another place's name («Кировского районного суда» keeps
    «Кировского» to the district), nor an ORG of the adjective alone (a quoted name,
    «лицей-интернат «Подмосковный»»: the LOC would be the ORG's very span, and a span's
    attributes are keyed by its offsets)."""
    doc = state.doc
    inside = sorted({i for span in state.existing if span.label_ in _NAMED_THINGS and len(span) > 1
                     for i in range(span.start, span.end)} - state.loc_tokens)
    for i in inside:
        token = doc[i]
        if not _WORD.fullmatch(token.text) or token.text.isupper():
            continue
        place = state.index.adjective_of(token)
        if place is not None and not names_something_else(token):
            state.add("adjective_in_org_name", i, i + 1, place, derived=True)


def adjective_before_place_type(state: PlaceState) -> None:
    """A place adjective before the type word of another place's mention is a derived
    one-word LOC nested in it: «французского города Шартр» → LOC «французского» = Франция,
    derived (the mention stays «французского города Шартр» = Шартр)."""
    for span in state.existing:
        if span.label_ != LABEL or not span._.core or span._.derived:
            continue
        for token in span:
            if token.idx >= span._.core[0]:
                break
            if not _WORD.fullmatch(token.text) or token.pos_ != "ADJ":
                continue
            place = state.index.adjective_of(token)
            if place is not None and place.name != span._.normal and \
                    not names_something_else(token):
                state.add("adjective_before_place_type", token.i, token.i + 1, place,
                          derived=True)


def demonym(state: PlaceState) -> None:
    """A demonym outside every mention is a derived one-word LOC of its city or region:
    «Об этом рассказали москвичи» → LOC «москвичи» = Москва, derived. A country's demonym
    in the singular names a person's nationality, not a place («досталась американцу»,
    «россиянин Иванов»: NEREL's annotators mark country demonyms NATIONALITY); in the plural
    it is the country's people acting («американцы ремонтируют спутники»), a place."""
    for token, place, role in state.place_words():
        if role == DEMONYM and (place.kind not in _NATIONS or
                                "Plur" in token.morph.get("Number")):
            state.add("demonym", token.i, token.i + 1, place, derived=True)


PLACE_RULES: tuple[PlaceRule, ...] = (country_split_at_and, coded_by_name, coded_by_word,
                                      missed_full_name, missed_country, place_adjective,
                                      adjective_in_org_name, adjective_before_place_type,
                                      demonym)
DERIVED_RULES: tuple[PlaceRule, ...] = (place_adjective, adjective_in_org_name,
                                        adjective_before_place_type,
                                        demonym)  # off with ``derived`` False


class PlaceTagger:
    def __init__(self, nlp: Language, name: str, derived: bool = True,
                 gazetteer_path: str | None = None) -> None:
        self.name = name
        self.derived = derived
        self.index = place_index(gazetteer_path)
        self.rules = tuple(rule for rule in PLACE_RULES if derived or rule not in DERIVED_RULES)
        register_extensions()

    @property
    def gazetteer(self) -> Gazetteer:
        return self.index.gazetteer

    def __call__(self, doc: Doc) -> Doc:
        state = PlaceState.of(doc, self.index)
        for rule in self.rules:
            rule(state)
        if state.new or state.joined:
            set_mentions(doc, [*state.existing, *state.new])
        return doc


def _full_name_at(index: PlaceIndex, doc: Doc, i: int, taken: set[int]
                  ) -> tuple[int, int, Place] | None:
    """The longest window around the region noun ``doc[i]`` naming a subject in full."""
    best: tuple[int, int, Place] | None = None
    for start in range(max(0, i - _MAX_BEFORE), i + 1):
        for end in range(i + 1, min(len(doc), i + _MAX_AFTER) + 1):
            if best is not None and end - start <= best[1] - best[0]:
                continue
            if not _clean_window(doc, start, end, taken):
                continue
            place = index.lemma_names.get(lemma_key(doc[start:end]))
            if place is not None and place.kind in SUBJECT_KINDS:
                best = (start, end, place)
    return best


def names_something_else(adjective: Token) -> bool:
    """«Кировский район», «Московский проспект», «китайский язык»: not the place itself."""
    following = next_word(adjective)
    return following is not None and token_lemma(following) in NAME_NOUNS or \
        language_alone(adjective)


def previous_word(token: Token) -> Token | None:
    return word_from(token.doc, token.i - 1, -1)


def language_alone(adjective: Token) -> bool:
    """A masculine place adjective with no noun after it, after a preposition of
    ``language_prepositions`` («снят на немецком», «перевод с французского») or after a
    language noun and a list word («немецкий язык и итальянский»), or in a list of adjectives
    before a language noun («немецкий и французский языки»), names a language."""
    words = entity_words()
    following, listed = next_word(adjective), False  # listed: another adjective passed
    while following is not None and following.i - adjective.i < 8 and (
            following.text.lower() in _LIST_WORDS or following.pos_ == "ADJ"):
        listed = listed or following.pos_ == "ADJ"
        following = next_word(following)
    if following is not None and following.pos_ in ("NOUN", "PROPN") and \
            (listed or following.i == adjective.i + 1):
        return listed and token_lemma(following) in words.language_nouns
    if adjective.morph.get("Gender") != ["Masc"] or \
            adjective.morph.get("Number") != ["Sing"]:
        return False
    before = previous_word(adjective)
    if before is not None and before.text.lower() in _LIST_WORDS:
        before = previous_word(before)
        return before is not None and token_lemma(before) in words.language_nouns
    return before is not None and before.text.lower() in words.language_prepositions


def _covered(spans: Iterable[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


def _clean_window(doc: Doc, start: int, end: int, taken: set[int]) -> bool:
    """Words at both ends, nothing already taken, no sentence break inside."""
    if not (_WORD.search(doc[start].text) and _WORD.search(doc[end - 1].text)):
        return False
    return not any(i in taken or doc[i].is_space or (i > start and doc[i].is_sent_start)
                   for i in range(start, end))


@Language.factory(
    "places",
    default_config={"derived": True, "gazetteer_path": None},
    assigns=["span._.geo", "span._.derived", "span._.normal", "doc.ents"],
    requires=["token.lemma", "span._.normal"],
)
def make_places(nlp: Language, name: str, derived: bool,
                gazetteer_path: str | None) -> PlaceTagger:
    return PlaceTagger(nlp, name, derived=derived, gazetteer_path=gazetteer_path)
