"""Public bodies and described organisations that slovnet misses or cuts short.

«министерством социальной политики региона», «департамент информационной политики
Свердловской области», «органы опеки Кировского района Екатеринбурга», «оперативный штаб
региона», «компании Google». A body is a head from ``models/org_lexicon.yaml`` (lemmas),
agreeing adjectives before it, and a tail after it: genitive words and mentions («… Свердловской
области»), «по …» phrases («комитет по бюджету»), coordinated genitives («труда и социальной
защиты»). The result is merged with slovnet's spans: a body containing slovnet's LOC keeps it as
a nested mention; slovnet's ORG it overlaps is replaced by the longer span.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicons import LexiconFile, PhraseTable, Schema, WordSet, entry_lemma, load_lexicon_file
from ..lexicons.loader import LIST
from .arrays import folded_lemmas, tagged
from .extensions import mentions, register_extensions, set_mentions
from .gazetteer import load_gazetteer
from .inflect import parse_case
from .intervals import TokenIndex
from .models import morph_analyzer
from .rules.org_tail import MAX_TAIL, city_word_length, tail_end
from .syntax import parsed
from .tokens import (
    CLOSING_QUOTES,
    NOUNS,
    OPENING_QUOTES,
    adjectival,
    case_of,
    fold,
    folded_texts,
    sentence_capital_only,
)
from .trace import note, tracing

LEXICON_FORMAT = "nlp_extract.org_lexicon"
_NOUNS = NOUNS
_BODY_OPENERS = (*_NOUNS, "ADJ", "VERB")  # a body's first word: a noun, adjective or participle
_MAX_TAIL = MAX_TAIL
_WORD_LISTS = ("generic", "descriptors", "not_modifiers", "without_po", "official_modifiers",
               "not_names", "place_types", "abroad", "numbered", "titles", "descriptive_heads",
               "places_only", "vehicles", "place_descriptors", "lowercase_bodies",
               "circumstances", "named_by_place_adjective", "leadership_heads",
               "people_groups", "awards", "source_cues", "personal_bodies", "complete_names",
               "led_by_heads", "numbered_institutions", "reign_heads", "with_nouns",
               "over_nouns", "thing_phrases", "remit_heads", "instrumental_nouns",
               "ensemble_heads", "kind_genitives")
SCHEMA = Schema(LEXICON_FORMAT, {"bodies": LIST, **dict.fromkeys(_WORD_LISTS, LIST)},
                required=frozenset({"bodies"}))


def lexicon_lemma(word: str) -> str:
    """Lexicon entries may be written in any form («центр занятости»): each word is reduced
    to pymorphy3's most likely lemma, as the pipeline's lemmatizer would."""
    return entry_lemma(word)


def lemma_phrases(items: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Lexicon phrases as tuples of :func:`lexicon_lemma` («фонды библиотеки» → (фонд,
    библиотека))."""
    return frozenset(tuple(lexicon_lemma(word) for word in item.split()) for item in items)


@dataclass(frozen=True)
class OrgLexicon:
    """``models/org_lexicon.yaml``. Heads (``bodies``, ``descriptors``) match a token by any
    pymorphy3 reading or inflected form («облдумы», «минприроды»); the word lists answer
    ``in`` for a canonical lemma and ``matches`` for a token."""

    bodies: PhraseTable  # bodies, lowercase bodies and generic heads
    generic: WordSet
    descriptors: PhraseTable
    not_modifiers: frozenset[str]
    without_po: frozenset[str]  # heads; names of several words in ``without_po_names``
    official_modifiers: WordSet
    not_names: frozenset[tuple[str, ...]]
    version: str
    place_types: WordSet = WordSet.of(())
    abroad: WordSet = WordSet.of(())
    numbered: WordSet = WordSet.of(())
    titles: WordSet = WordSet.of(())
    without_po_names: frozenset[tuple[str, ...]] = frozenset()
    descriptive_heads: WordSet = WordSet.of(())
    places_only: WordSet = WordSet.of(())
    kind_genitives: WordSet = WordSet.of(())
    vehicles: WordSet = WordSet.of(())
    place_descriptors: WordSet = WordSet.of(())
    circumstances: WordSet = WordSet.of(())
    named_by_place_adjective: WordSet = WordSet.of(())
    leadership_heads: WordSet = WordSet.of(())
    led_by_heads: WordSet = WordSet.of(())
    people_groups: WordSet = WordSet.of(())
    reign_heads: WordSet = WordSet.of(())
    with_nouns: WordSet = WordSet.of(())
    over_nouns: WordSet = WordSet.of(())
    instrumental_nouns: WordSet = WordSet.of(())
    awards: WordSet = WordSet.of(())
    source_cues: WordSet = WordSet.of(())
    personal_bodies: WordSet = WordSet.of(())
    remit_heads: WordSet = WordSet.of(())
    lowercase_bodies: frozenset[str] = frozenset()
    complete_names: frozenset[tuple[str, ...]] = frozenset()
    numbered_institutions: frozenset[tuple[str, ...]] = frozenset()
    ensemble_heads: WordSet = WordSet.of(())
    thing_phrases: frozenset[tuple[str, ...]] = frozenset()
    sha256: str = ""

    def takes_no_po(self, lemmas: tuple[str, ...]) -> bool:
        """The body so named takes no «по …» tail: its head («правительство по …») or the
        name it opens with («Совет Федерации»: «комиссия Совета Федерации по …» is the
        commission's; «Совете Безопасности ООН по Сирии»: the resolution's)."""
        folded = tuple(map(fold, lemmas))
        return bool(lemmas) and (lemmas[0] in self.without_po or
                                 any(folded[:size] in self.without_po_names
                                     for size in range(2, len(folded) + 1)))

    @classmethod
    def from_file(cls, lexicon: LexiconFile) -> OrgLexicon:
        words = lexicon.words
        return cls(bodies=PhraseTable(words("bodies") + words("lowercase_bodies") +
                                      words("generic") + words("numbered_institutions")),
                   generic=WordSet.of(words("generic")),
                   descriptors=PhraseTable(words("descriptors")),
                   not_modifiers=frozenset(fold(w) for w in words("not_modifiers")),
                   without_po=frozenset(fold(w) for w in words("without_po") +
                                        words("lowercase_bodies") if " " not in w),
                   without_po_names=lemma_phrases(item for item in words("without_po")
                                                  if " " in item),
                   official_modifiers=WordSet.of(words("official_modifiers")),
                   not_names=lemma_phrases(words("not_names")),
                   thing_phrases=lemma_phrases(words("thing_phrases")),
                   version=lexicon.version,
                   place_types=WordSet.of(words("place_types")),
                   abroad=WordSet.of(words("abroad")),
                   numbered=WordSet.of(words("numbered")),
                   titles=WordSet.of(words("titles")),
                   descriptive_heads=WordSet.of(words("descriptive_heads")),
                   places_only=WordSet.of(words("places_only")),
                   kind_genitives=WordSet.of(words("kind_genitives")),
                   vehicles=WordSet.of(words("vehicles")),
                   place_descriptors=WordSet.of(words("place_descriptors")),
                   circumstances=WordSet.of(words("circumstances")),
                   named_by_place_adjective=WordSet.of(words("named_by_place_adjective")),
                   leadership_heads=WordSet.of(words("leadership_heads")),
                   led_by_heads=WordSet.of(words("led_by_heads")),
                   people_groups=WordSet.of(words("people_groups")),
                   reign_heads=WordSet.of(words("reign_heads")),
                   with_nouns=WordSet.of(words("with_nouns")),
                   over_nouns=WordSet.of(words("over_nouns")),
                   instrumental_nouns=WordSet.of(words("instrumental_nouns")),
                   awards=WordSet.of(words("awards")),
                   source_cues=WordSet.of(words("source_cues")),
                   personal_bodies=WordSet.of(words("personal_bodies")),
                   remit_heads=WordSet.of(words("remit_heads")),
                   lowercase_bodies=frozenset(fold(w) for w in words("lowercase_bodies")),
                   complete_names=lemma_phrases(words("complete_names")),
                   numbered_institutions=lemma_phrases(words("numbered_institutions")),
                   ensemble_heads=WordSet.of(words("ensemble_heads")),
                   sha256=lexicon.sha256)


@cache
def load_lexicon(path: str = "org_lexicon.yaml") -> OrgLexicon:
    return OrgLexicon.from_file(load_lexicon_file(path, SCHEMA))


_case = case_of
_adjectival = adjectival


@lru_cache(maxsize=20_000)
def _readable_in_case(word: str, case: str | None) -> bool:
    """The dictionary has a reading of ``word`` in ``case``, or does not know the word: the
    tagger's case of a participle before a head is sometimes the head's («Утверждённый
    правительством …»: Ins, no reading of the word is)."""
    analyzer = morph_analyzer()
    if case is None or not analyzer.word_is_known(word):
        return True
    return any(parse_case(parse) == case for parse in analyzer.parse(word))


def descriptor_of_place(finder: BodyFinder, start: int, name: int, end: int) -> bool:
    """A capitalised descriptor followed only by a place is the body's own name, not a
    descriptor of the place («Банка России», «Центрального банка России» → Банк России)."""
    if not finder.doc[start].text[:1].isupper():
        return False
    words = [finder.lemmas[index] for index in range(name, end)]
    return load_gazetteer().lookup(" ".join(words)) is not None


def named_after_person(finder: BodyFinder, name: int, end: int) -> bool:
    """A descriptor followed only by a person's surname in the genitive heads the name: the
    organisation is named after the person («Лаборатория Касперского», «Фонд Сороса»,
    «Студия Диснея»), the surname is no name of its own (not «агентство Интерфакс»)."""
    if end - name != 1:
        return False
    parses = morph_analyzer().parse(finder.doc[name].text.lower())
    return any({"Surn", "Name"} & parse.tag.grammemes and "gent" in parse.tag
               for parse in parses) and not any("nomn" in parse.tag for parse in parses)


def genitive_dependent(finder: BodyFinder, start: int, name: int, end: int) -> bool:
    """A capitalised descriptor whose following words are its genitive dependent, not a name in
    apposition, heads the name: «Организацией Североатлантического договора» (the descriptor
    instrumental, the words genitive), «Организации Объединённых Наций» (a singular
    descriptor, a plural noun). Abbreviations and Latin names have no case to tell."""
    descriptor = finder.doc[start]
    words = list(finder.doc[name:end])
    while len(words) > 1 and _ABBREVIATION.fullmatch(words[-1].text):
        words.pop()  # «Института Китая и современной Азии РАН»: the academy's abbreviation
    nouns = [token for token in words if token.pos_ in _NOUNS]
    if not descriptor.text[:1].isupper() or not nouns or not words[0].text[:1].isupper() or \
            not all(_CYRILLIC_WORD.fullmatch(token.text) or token.pos_ == "CCONJ"
                    for token in words):  # a quote: a name in apposition
        return False
    head = nouns[-1]
    if case_of(head) != "Gen":
        return False
    return case_of(descriptor) != "Gen" or \
        "Sing" in descriptor.morph.get("Number") and "Plur" in head.morph.get("Number") or \
        _place_genitive(nouns[0])


def _place_genitive(token: Token) -> bool:
    """A place's name in the genitive, which after a descriptor is its dependent, not a name
    in apposition: «Института Китая», «Музея Москвы» (the dictionary reads it as a place)."""
    return case_of(token) == "Gen" and \
        any("Geox" in parse.tag and "gent" in parse.tag
            for parse in morph_analyzer().parse(token.text.lower()))


_ABBREVIATION = re.compile("[А-ЯЁ]{2,}")  # «УМВД», «ГУ МВД», «УФСБ»
_CYRILLIC_WORD = re.compile("[А-ЯЁа-яё][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*")  # not «ВТБ», «Google»


@dataclass(frozen=True)
class BodyCandidate:
    """A lexicon head at ``head`` with its modifiers from ``start`` and its tail to ``end``."""

    phrase: tuple[str, ...]  # the head's canonical lemmas
    head: int
    head_end: int
    start: int
    end: int


def adjective_alone(finder: BodyFinder, body: BodyCandidate) -> bool:
    """A one-word head the tagger reads as an adjective is no body («областной»), unless an
    institution's number or eponym follows («в лицее имени Пушкина», «лицее» read ADJ)."""
    return len(body.phrase) == 1 and finder.doc[body.head].pos_ == "ADJ" and \
        not (tuple(body.phrase) in finder.lexicon.numbered_institutions and
             _numbered_or_named(finder.doc, body.head_end))


def generic_without_name(finder: BodyFinder, body: BodyCandidate) -> bool:
    """A generic head («комиссия», «управление») needs a tail, a capital inside the
    sentence or (``named_by_place_adjective``) a place adjective: «Комиссия приняла решение»,
    «власти» name no body, «американские власти» do."""
    start = finder.doc[body.start]
    return len(body.phrase) == 1 and body.phrase[0] in finder.lexicon.generic and \
        body.end == body.head_end and not (start.is_title and not start.is_sent_start) and \
        not named_by_place_adjective(finder, body)


def named_by_place_adjective(finder: BodyFinder, body: BodyCandidate) -> bool:
    """A head of ``named_by_place_adjective`` after an adjective of a gazetteer place
    («американские власти», «кубинскому руководству»)."""
    from .places import place_index

    if not finder.reads(body.head, finder.lexicon.named_by_place_adjective):
        return False
    index = place_index()
    return any(index.adjective_of(finder.doc[i]) is not None
               for i in range(body.start, body.head))


def capitalised_name_left_to_ner(finder: BodyFinder, body: BodyCandidate) -> bool:
    """A ``lowercase_bodies`` head written with a capital inside NER's mention («Сенат США»)
    is NER's name, left as NER found it; the lexicon adds the lowercase one («сенат»,
    «конгресс США») and a capitalised one NER missed («Конгресс одобрил бюджет»)."""
    return len(body.phrase) == 1 and body.phrase[0] in finder.lexicon.lowercase_bodies and \
        finder.doc[body.head].text[:1].isupper() and body.head in finder.mention_at


def inside_place_name(finder: BodyFinder, body: BodyCandidate) -> bool:
    """A head inside a place's name is no body, whatever tail follows the place: «Федерации»
    of «Российской Федерации» (and of «Российской Федерации при Организации Объединённых
    Наций»)."""
    place = finder.mention_at.get(body.head)
    if place is None or place.label_ != "LOC" or not place.start <= body.start:
        return False
    if body.end <= place.end:
        return True  # the whole body is inside
    # the body's tail goes on after a longer place name, not after NER's LOC «Власти» alone
    return body.head_end <= place.end and (place.start, place.end) != (body.head, body.head_end)


def listed_not_a_name(finder: BodyFinder, body: BodyCandidate) -> bool:
    """Phrases listed under ``not_names`` in the lexicon."""
    return tuple(finder.lemmas[body.head:body.end]) in finder.lexicon.not_names


def thing_not_body(finder: BodyFinder, body: BodyCandidate) -> bool:
    """A candidate that begins with a phrase of ``thing_phrases``, from its first word or its
    head, names a thing: «жилищного фонда города» (housing), «фонды библиотеки» (books),
    «призовой фонд матча» (money), «органы чувств»."""
    for start in {body.start, body.head}:
        lemmas = tuple(finder.lemmas[start:body.end])
        if any(lemmas[:len(phrase)] == phrase for phrase in finder.lexicon.thing_phrases):
            return True
    return False


def led_by_phrase(finder: BodyFinder, body: BodyCandidate) -> bool:
    """«под руководством США», «под управлением водителя» say who leads or drives, they name
    no body (``led_by_heads``)."""
    return body.head > 0 and finder.lemmas[body.head - 1] == "под" and \
        finder.reads(body.head, finder.lexicon.led_by_heads)


def group_of_people(finder: BodyFinder, body: BodyCandidate) -> bool:
    """A head of ``people_groups`` followed by people in the genitive plural is a group of
    them, no body: «команда спасателей», «команда врачей», «команда единомышленников» (not
    «команда клуба»)."""
    if len(body.phrase) != 1 or not finder.reads(body.head, finder.lexicon.people_groups) \
            or body.head_end >= len(finder.doc):
        return False
    after = finder.doc[body.head_end]
    return after.pos_ == "NOUN" and after.morph.get("Case") == ["Gen"] and \
        after.morph.get("Number") == ["Plur"] and after.morph.get("Animacy") == ["Anim"]


def reign_of_a_person(finder: BodyFinder, body: BodyCandidate) -> bool:
    """A head of ``reign_heads`` followed by a person in the genitive, named or by title, is
    the person's reign or power, no body: «в годы правления королевы Елизаветы II», «укрепило
    власть президента Земана» (not «правление Сбербанка», «власти региона»)."""
    if len(body.phrase) != 1 or not finder.reads(body.head, finder.lexicon.reign_heads) \
            or body.head_end >= len(finder.doc):
        return False
    after = finder.doc[body.head_end]
    person = finder.mention_at.get(body.head_end)
    if person is not None and person.label_ == "PER" and person.start == body.head_end:
        return True
    return after.pos_ == "NOUN" and after.morph.get("Case") == ["Gen"] and \
        after.morph.get("Animacy") == ["Anim"]


def number_sign_at(doc: Doc, position: int) -> int:
    """How many tokens «№ 212» («№212», «№ 1», a no-break space between) takes at
    ``position``; 0: none there."""
    if position >= len(doc):
        return 0
    token = doc[position]
    if token.text.startswith("№") and token.text[1:].isdigit():
        return 1
    after = position + 1
    while after < len(doc) and doc[after].is_space and "\n" not in doc[after].text:
        after += 1
    if token.text == "№" and after < len(doc) and doc[after].like_num:
        return after + 1 - position
    return 0


def unnumbered_institution(finder: BodyFinder, body: BodyCandidate) -> bool:
    """A head of ``numbered_institutions`` («школа», «больница», «колония») names a body only
    with its number or the person it is named after right after it: «школа № 212»,
    «городской больнице №2», «больницы имени Н.И. Пирогова»; «в школе», «больница
    переполнена» name none."""
    return tuple(body.phrase) in finder.lexicon.numbered_institutions and \
        not _numbered_or_named(finder.doc, body.head_end)


def _numbered_or_named(doc: Doc, position: int) -> bool:
    """A number («№ 212») or the person an institution is named after («имени Пушкина») at
    ``position``."""
    return bool(number_sign_at(doc, position)) or \
        eponym_end(doc, position, len(doc)) is not None


_EPONYM_WORD = "имени"
_INITIAL = re.compile(r"(?:[А-ЯЁA-Z]\.)+")


def eponym_end(doc: Doc, position: int, limit: int) -> int | None:
    """The end of «имени» and the person's name after it at ``position`` («имени Н.И.
    Пирогова», «имени Пушкина», «имени Александра Пушкина»), else None: initials, then a
    capitalised word; without initials a first name in the genitive may open the name."""
    if position >= limit or doc[position].lower_ != _EPONYM_WORD:
        return None
    at = position + 1
    while at < limit and (_INITIAL.fullmatch(doc[at].text) or
                          len(doc[at].text) == 1 and doc[at].text.isupper() and
                          at + 1 < limit and doc[at + 1].text == "."):
        at += 1 if _INITIAL.fullmatch(doc[at].text) else 2
    initials = at > position + 1
    if at >= limit or not _name_word(doc[at]):
        return None
    at += 1
    if not initials and at < limit and _name_word(doc[at]) and "Name" in _readings(doc[at - 1]):
        at += 1
    return at


def _name_word(token: Token) -> bool:
    return token.text[:1].isupper() and token.text.replace("-", "").isalpha()


def _readings(token: Token) -> set[str]:
    """The grammemes of the dictionary's genitive readings of a word."""
    return {grammeme for parse in morph_analyzer().parse(token.text.lower())
            if "gent" in parse.tag for grammeme in parse.tag.grammemes}


BODY_VETOES: tuple[Callable[[BodyFinder, BodyCandidate], bool], ...] = (
    unnumbered_institution,
    adjective_alone,
    led_by_phrase,
    group_of_people,
    reign_of_a_person,
    generic_without_name,
    capitalised_name_left_to_ner,
    inside_place_name,
    listed_not_a_name,
    thing_not_body,
)


def _participle(token: Token) -> bool:
    """A participle opens a head of two words or more the lexicon writes with an adjective:
    the tagger reads «вооружёнными силами» as «вооружить» + «сила»."""
    return token.pos_ == "VERB" and "Part" in token.morph.get("VerbForm")


# an ordinal written in figures («58-й армии»): the body's own, even inside NER's mention
_ORDINAL = re.compile(r"\d+-?(?:й|я|е|го|му|м|х|ми|ю|ой|ая|ое|ые|ых)")


class BodyFinder:
    """Finds body spans in one doc; ``mention_at`` maps token index → existing mention."""

    def __init__(self, doc: Doc, lexicon: OrgLexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.lemmas = folded_lemmas(doc)
        self.texts = folded_texts(doc)
        self.mention_at: dict[int, Span] = {}
        self.traced = tracing(doc)
        self.syntax = parsed(doc)  # the optional slovnet_syntax ran: rules may read the parse
        self.tails: list[tuple[str, int, int, list[tuple[str, int]]]] = []  # traced tails
        for span in mentions(doc):
            for index in range(span.start, span.end):
                self.mention_at.setdefault(index, span)

    def reads(self, position: int, words: WordSet) -> bool:
        """Whether the token reads as one of ``words`` by any reading or inflected form."""
        return words.matches(self.lemmas[position], self.texts[position])

    def bodies(self) -> list[Span]:
        found: list[Span] = []
        end = 0
        for index in tagged(self.doc, _BODY_OPENERS):  # the only tags _body_at takes
            if index < end:
                continue
            span = self._body_at(index)
            if span is not None:
                found.append(span)
                end = span.end
        return found

    def _body_at(self, index: int) -> Span | None:
        token = self.doc[index]
        participle = _participle(token)
        if token.pos_ not in _NOUNS and token.pos_ != "ADJ" and not participle:
            return None
        phrase = self.lexicon.bodies.match(self.lemmas, self.texts, index)
        if phrase is None or (participle and len(phrase) < 2):
            return None
        head_end = index + len(phrase)
        start = self._modifiers_start(index)
        abbreviation = len(phrase) == 1 and token.text.isupper()  # «МФЦ»: only a place follows
        whole = abbreviation or tuple(phrase) in self.lexicon.complete_names  # «Роскомнадзор»
        end = self._tail_end(head_end, allow_po=not self.lexicon.takes_no_po(tuple(phrase)),
                             mentions_only=whole, head=phrase[-1], rule="lexicon_body",
                             start=index)
        candidate = BodyCandidate(phrase, index, head_end, start, end)
        for veto in BODY_VETOES:
            if veto(self, candidate):
                if self.traced:
                    note(self.doc, f"veto:{veto.__name__}", (start, end, "ORG"))
                return None
        return Span(self.doc, start, end, label="ORG")

    def _modifiers_start(self, head: int, official_only: bool = False) -> int:
        """Agreeing adjectives before ``head``. ``official_only`` (before a name found by NER):
        only those that belong to a name — capitalised inside the sentence, place adjectives
        («японский МИД»), or official ones from the lexicon — not «нелегитимная Мосгордума»."""
        case = _case(self.doc[head])
        start = head
        while start > 0:
            previous = self.doc[start - 1]
            lemma = self.lemmas[start - 1]
            if previous.pos_ != "ADJ" or lemma in self.lexicon.not_modifiers:
                break
            if _case(previous) != case or not _readable_in_case(previous.lower_, case) or (
                    previous.i in self.mention_at and not _ORDINAL.fullmatch(previous.text)):
                break
            if official_only and not (
                    (previous.is_title and not previous.is_sent_start)
                    or self.reads(start - 1, self.lexicon.official_modifiers)
                    or load_gazetteer().by_adjective(lemma) is not None):
                break
            start -= 1
        return start

    def _tail_end(self, end: int, allow_po: bool = True, mentions_only: bool = False,
                  head: str = "", rule: str = "", start: int | None = None) -> int:
        """Where the tail after a body's head ends (:mod:`.rules.org_tail`); the rules that
        fired go to the trace under ``rule`` when the doc is traced."""
        fired: list[tuple[str, int]] | None = [] if self.traced else None
        tail = tail_end(self, end, allow_po=allow_po, mentions_only=mentions_only, head=head,
                        fired=fired, start=start)
        if fired:
            self.tails.append((rule, end, tail, fired))
        return tail

    def preposition_phrase_end(self, position: int, head: str) -> int | None:
        """The end of «при прокуратуре», «при главном архитекторе Москвы», «против пыток»,
        «в Токио» (after a mission's head) in a body's tail, or None when it is no part of it."""
        doc, lemma = self.doc, self.lemmas[position]
        start = position + 1
        while start < len(doc) and _adjectival(doc[start]):
            start += 1
        if start >= len(doc):
            return None
        token, mention = doc[start], self.mention_at.get(start)
        if lemma == "в":
            if head not in self.lexicon.abroad or mention is None or mention.label_ != "LOC" \
                    or mention.start != start:
                return None
            return mention.end
        if mention is not None and mention.start == start and mention.label_ in ("ORG", "LOC"):
            end = mention.end
        elif token.pos_ not in _NOUNS:
            return None
        elif lemma == "при" and not (_case(token) == "Loc" and (
                "Anim" in token.morph.get("Animacy")
                or self.lexicon.bodies.match(self.lemmas, self.texts, start) is not None)):
            return None  # «при поддержке», «при участии» are circumstances, not names
        elif lemma == "против" and _case(token) != "Gen":
            return None
        else:
            end = start + 1
        while end < len(doc):  # the genitives of the phrase: «при главном архитекторе Москвы»
            mention = self.mention_at.get(end)
            if mention is not None and mention.start == end and mention.label_ != "PER" and \
                    self.genitive_mention(mention):
                end = mention.end
            elif doc[end].pos_ in _NOUNS and _case(doc[end]) == "Gen" and mention is None:
                end += 1
            else:
                break
        return end

    def follows_org(self, position: int, bodies: list[Span]) -> bool:
        """An ORG mention or one of ``bodies`` goes on right before ``position``: the one at
        ``position`` is its dependent («ГУ» «МВД»: the territory belongs to «ГУ МВД», not to
        «МВД»; «пресс-службе МЧС по Санкт-Петербургу»: to the press office's tail)."""
        before = self.mention_at.get(position - 1) if position > 0 else None
        if before is not None and before.label_ == "ORG" and before.end == position:
            return True
        return any(body.start < position < body.end for body in bodies)

    def territory_end(self, position: int) -> int | None:
        """The end of «по Свердловской области», «по г. Москве» after a body named by an
        abbreviation: its territorial office («УМВД по Тюменской области», «ГУ МВД России по г.
        Москве», «ГУ МВД по Санкт-Петербургу и Ленинградской области»: the places it joins with
        «и»), or None when no place follows «по»."""
        start = position + 1
        if start < len(self.doc):
            start += city_word_length(self.doc, self.lemmas, start)
        mention = self.mention_at.get(start)
        if mention is None or mention.start != start or mention.label_ != "LOC":
            return None
        end = mention.end
        while end + 1 < len(self.doc) and self.lemmas[end] == "и":  # «по Санкт-Петербургу и
            following = self.mention_at.get(end + 1)  # Ленинградской области»: both its
            if following is None or following.start != end + 1 or following.label_ != "LOC":
                break
            end = following.end
        if self.traced:
            self.tails.append(("named_org_tail", position, end, [("territory", position)]))
        return end

    def continues_case(self, position: int, cases: tuple[str, ...]) -> bool:
        while position < len(self.doc) and _adjectival(self.doc[position]):
            position += 1
        return position < len(self.doc) and self.doc[position].pos_ in _NOUNS and \
            _case(self.doc[position]) in cases

    def genitive_mention(self, mention: Span) -> bool:
        return "Gen" in _mention_cases(mention) or self.caseless_mention(mention)

    def caseless_mention(self, mention: Span) -> bool:
        """No word of the mention has a case: «RT», «BBC»."""
        return _mention_cases(mention) <= {None}

    def continues_genitive(self, position: int) -> bool:
        """A genitive noun at ``position`` (adjectives before it aside) that can go on a
        body's tail after «и»: no body's head, no one person («… ФСБ и первого замдиректора
        …» names a post; «союз журналистов и писателей» goes on)."""
        while position < len(self.doc) and self.doc[position].pos_ == "ADJ":
            position += 1
        if position >= len(self.doc):
            return False
        token = self.doc[position]
        one_person = "Anim" in token.morph.get("Animacy") and \
            "Sing" in token.morph.get("Number")
        return token.pos_ in _NOUNS and _case(token) == "Gen" and not one_person and \
            self.lexicon.bodies.match(self.lemmas, self.texts, position) is None

    def named(self, bodies: list[Span]) -> list[tuple[Span, Span]]:
        """(ORG found by NER, the same ORG with its agreeing adjectives and descriptor in front
        and its genitive place after: «японский МИД», «партии «Яблоко»», «МЧС России»). When a
        descriptor was added, the rest is kept as the new span's core (its name). ``bodies``:
        what :meth:`bodies` found (a territory after an abbreviation inside one is theirs)."""
        pairs = []
        for span in mentions(self.doc):
            if span.label_ != "ORG":
                continue
            named_start = self._modifiers_start(span.start, official_only=True)
            start, end = self._descriptor_start(span), span.end
            if start < span.start:
                opened = any(token.is_quote for token in self.doc[start:span.start])
                if opened and end < len(self.doc) and self.doc[end].is_quote:
                    end += 1
            else:
                start = named_start
            end = self._tail_end(end, mentions_only=True, rule="named_org_tail", start=start)
            head = self.lemmas[span.start]
            po_next = end < len(self.doc) and self.lemmas[end] == "по"
            whole = (head,) in self.lexicon.complete_names  # «Роскомнадзор»: a place only
            if po_next and head in self.lexicon.bodies and not whole and \
                    not self.lexicon.takes_no_po(tuple(self.lemmas[span.start:span.end])) and \
                    not self.remit_of_head_before(start):
                # «Совета при Президенте РФ по развитию …»
                end = self._tail_end(end, head=head, rule="named_org_po_tail", start=start)
            elif po_next and (whole or any(_ABBREVIATION.fullmatch(token.text)
                                           for token in self.doc[start:end])) \
                    and not self.follows_org(start, bodies) and \
                    not self.lexicon.takes_no_po(tuple(self.lemmas[span.start:end])):
                end = self.territory_end(end) or end
            quoted_start = None
            quoted_end = self.quoted_name_after(span, end)
            if quoted_end is not None:  # the quoted name is the body's name (its core)
                quoted_start, end = end + 1, quoted_end
                if self.traced:
                    note(self.doc, "quoted_name_after_descriptor", (start, end, "ORG"))
            inner_descriptor = self._inner_descriptor_end(span) or quoted_start
            if (start, end) != (span.start, span.end) or inner_descriptor:
                longer = Span(self.doc, start, end, label="ORG")
                core_start = inner_descriptor or (
                    named_start if start < named_start and
                    not genitive_dependent(self, start, span.start, span.end) else None)
                if core_start is not None and not span._.core:
                    last = end - 1
                    while last > core_start and self.doc[last].is_quote:
                        last -= 1  # «движения «Солидарность»»: the name ends before its quote
                    core_end = self.doc[last].idx + len(self.doc[last])
                    longer._.core = [self.doc[core_start].idx, core_end]
                pairs.append((span, longer))
        return pairs

    def quoted_name_after(self, span: Span, end: int) -> int | None:
        """The end of a quoted ORG name written in the nominative right after a body NER
        found that opens with a descriptor of the lexicon: the name is what the descriptor
        names («в Государственной корпорации по космической деятельности «Роскосмос»»,
        «акционерного общества «Российские железные дороги»»); not a quoted name in another
        case («сообщило агентство «Интерфаксу»»)."""
        doc = self.doc
        if end + 2 >= len(doc) or doc[end].text not in OPENING_QUOTES or \
                self.lexicon.descriptors.match(self.lemmas, self.texts, span.start) is None \
                and (span.start + 1 >= span.end or self.lexicon.descriptors.match(
                    self.lemmas, self.texts, span.start + 1) is None):
            return None
        name = self.mention_at.get(end + 1)
        if name is None or name.label_ != "ORG" or name.start != end + 1 or \
                name.end >= len(doc) or doc[name.end].text not in CLOSING_QUOTES or \
                doc[end + 1].lower_ != fold(doc[end + 1].lemma_):
            return None
        return name.end + 1

    def remit_of_head_before(self, start: int) -> bool:
        """A name in the genitive right after a head of ``remit_heads`` leaves a «по» phrase
        after it to that head: «комитета Законодательного Собрания края по экономической
        политике» (the committee's remit, not the assembly's)."""
        if start == 0 or _case(self.doc[start]) != "Gen":
            return False
        before = self.doc[start - 1]
        return self.lexicon.remit_heads.matches(self.lemmas[start - 1], fold(before.text))

    def _inner_descriptor_end(self, span: Span) -> int | None:
        """Where the name starts when NER's own span begins with a descriptor («ОАО
        «Газпром»», «компания Google»): the first token after it (and its quote), when that
        starts with a capital."""
        phrase = self.lexicon.descriptors.match(self.lemmas, self.texts, span.start)
        if phrase is None or span.start + len(phrase) >= span.end:
            return None
        position = span.start + len(phrase)
        while position < span.end and self.doc[position].is_quote:
            position += 1
        if position >= span.end or not self.doc[position].text[:1].isupper():
            return None  # «Движение в защиту Химкинского леса» is all name
        if descriptor_of_place(self, span.start, position, span.end) or \
                named_after_person(self, position, span.end) or \
                genitive_dependent(self, span.start, position, span.end):
            return None
        return position

    def _descriptor_start(self, span: Span) -> int:
        start = span.start - 1
        while start >= 0 and self.doc[start].is_quote:
            start -= 1
        if start < 0 or span.start - start > 2 or \
                any(self.doc[i].is_sent_start for i in range(start + 1, span.start + 1)):
            return span.start  # a word of the sentence before describes nothing in this one
        for first in range(start, max(-1, start - 2), -1):
            phrase = self.lexicon.descriptors.match(self.lemmas, self.texts, first)
            if phrase and first + len(phrase) == start + 1 and \
                    self.doc[first].pos_ in _NOUNS | {"ADJ"}:
                return self._modifiers_start(first)
        return span.start


def merge_bodies(doc: Doc, bodies: list[Span], described: list[tuple[Span, Span]],
                 lexicon: OrgLexicon | None = None) -> list[Span]:
    """Existing mentions plus bodies: crossing spans are resolved in favour of the body when
    it holds the other's head, else the body is cut before the other mention (``lexicon``:
    its ``ensemble_heads`` before a body name an organisation of their own: «Хор училища
    имени Гнесиных»).

    Each body meets only the mentions it touches (found in a positional index, in list order),
    so the work grows with the text, not with mentions × bodies."""
    current = list(mentions(doc))
    replaced = {(old.start, old.end, old.label_) for old, _new in described}
    current = [span for span in current if (span.start, span.end, span.label_) not in replaced]
    current.extend(new for _old, new in described)
    index = TokenIndex((span, span.start, span.end) for span in current)
    for body in bodies:
        for key in _reachable(index, body.start, body.end):
            span = index.get(key)
            inside = body.start <= span.start and span.end <= body.end
            crosses = span.start < body.end and body.start < span.end and not inside
            if span.label_ == "ORG" and inside and span.start > body.start:
                continue  # a named org in a body's tail («комитет ООН») stays nested
            if span.label_ == "ORG" and span.start < body.start <= span.end and \
                    _common_words(doc[span.start:body.start]) and \
                    not _organisation_word(doc[span.start], lexicon):
                body = Span(doc, body.start, max(body.end, span.end), label="ORG")
                index.remove(key)
                continue  # NER's «Заседание комитета по бюджету»: the body is «комитета …»
            if span.label_ == "ORG" and (inside or crosses):
                body = Span(doc, min(body.start, span.start), max(body.end, span.end),
                            label="ORG")
                if not span.start > body.start:  # «отделения движения «Солидарность»»:
                    index.remove(key)  # both are names when the ORG starts inside
                continue
            if crosses and span.start < body.start:
                body = Span(doc, span.end, body.end, label="ORG") if span.end < body.end \
                    else body
            elif crosses:
                body = Span(doc, body.start, span.start, label="ORG")
        if len(body) and any(token.pos_ in _NOUNS for token in body):
            index.add(body, body.start, body.end)
    return index.values()


def _mention_cases(mention: Span) -> set[str | None]:
    """The cases the tagger gives the nouns and adjectives of a mention."""
    return {_case(token) for token in mention if token.pos_ in _NOUNS | {"ADJ"}}


def _reachable(index: TokenIndex[Span], start: int, end: int) -> list[int]:
    """Keys of the mentions a body over ``[start, end)`` may meet: those covering one of its
    tokens or ending right before it, again over the tokens the overlapping ones add (a body
    grows only over mentions it overlaps). A superset: the rules decide."""
    while True:
        keys = index.keys_touching(start, end)
        overlapping = [span for span in map(index.get, keys) if span.end > start]
        wider = (min([start, *(span.start for span in overlapping)]),
                 max([end, *(span.end for span in overlapping)]))
        if wider == (start, end):
            return keys
        start, end = wider


def _organisation_word(token: Token, lexicon: OrgLexicon | None) -> bool:
    """A head of ``ensemble_heads`` («Хор»): a word that names an organisation of its own
    before another's name."""
    return lexicon is not None and \
        lexicon.ensemble_heads.matches(fold(token.lemma_), fold(token.text))


def _common_words(words: Span) -> bool:
    """Words before a body inside an NER span that belong to no name: common nouns and
    adjectives in lower case, or a noun capitalised only by the start of the sentence
    («Заседание»; not «Международная», which may begin a name)."""
    return all(token.text.islower() and token.pos_ in ("NOUN", "ADJ") or
               token.pos_ == "NOUN" and sentence_capital_only(token) for token in words)


class PublicBodies:
    def __init__(self, nlp: Language, name: str, lexicon: str, describe: bool) -> None:
        self.name = name
        self.lexicon = load_lexicon(lexicon)
        self.describe = describe
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        finder = BodyFinder(doc, self.lexicon)
        bodies = finder.bodies()
        described = finder.named(bodies) if self.describe else []
        if bodies or described:
            merged = merge_bodies(doc, bodies, described, self.lexicon)
            if finder.traced:
                self._note(doc, finder, bodies, described)
            set_mentions(doc, merged)
        return doc

    @staticmethod
    def _note(doc: Doc, finder: BodyFinder, bodies: list[Span],
              described: list[tuple[Span, Span]]) -> None:
        tails = {(rule, start): (end, fired) for rule, start, end, fired in finder.tails}
        for body in bodies:
            tail = next((fired for (rule, _start), (end, fired) in tails.items()
                         if rule == "lexicon_body" and end == body.end), [])
            note(doc, "lexicon_body", body, _tail_detail(doc, tail))
        for old, longer in described:
            tail = next((fired for (rule, _start), (end, fired) in tails.items()
                         if rule != "lexicon_body" and end == longer.end), [])
            parts = []
            if longer.start < old.start:
                parts.append("descriptor" if finder._descriptor_start(old) < old.start
                             else "official_modifiers")
            quote = old.end < len(doc) and doc[old.end].is_quote and longer.start < old.start
            if longer.end > old.end + quote:  # not only the closing quote of «партия «Яблоко»»
                parts.append("tail")
            if not parts:
                parts.append("inner_descriptor")
            note(doc, "named_org_" + "_".join(parts), longer, _tail_detail(doc, tail))


def _tail_detail(doc: Doc, fired: list[tuple[str, int]]) -> str:
    """«genitive_noun@политики genitive_noun@региона stop:no_rule@.»"""
    words = [f"{rule}@{doc[position].text.strip() or '␣'}" if position < len(doc) else rule
             for rule, position in fired]
    return "tail: " + " ".join(words) if words else ""


@Language.factory(
    "public_bodies",
    default_config={"lexicon": "org_lexicon.yaml", "describe": True},
    assigns=["doc.ents", "doc.spans"],
    requires=["token.lemma", "token.pos", "token.morph"],
)
def make_public_bodies(nlp: Language, name: str, lexicon: str, describe: bool) -> PublicBodies:
    return PublicBodies(nlp, name, lexicon, describe)
