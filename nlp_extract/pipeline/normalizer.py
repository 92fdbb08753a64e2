"""Canonical nominative names for mentions: ``span._.normal`` (component ``entity_normalizer``).

Rules, in order (``NORMAL_RULES``: each a small named function over a :class:`NormalState`, the
first that answers names the mention; one golden row each in ``tests/test_normal_rules.py``):

- ``quoted_name_as_written``: a core in quotes that does not depend on the word before it is
  named as written («газете «Ведомости»» → Ведомости; not «Русской службе «Голоса Америки»»);
- ``person_nominative``: a PER's every word goes to the nominative («Далером Бобиевым» → Далер
  Бобиев), a woman's surname agreeing with her first name («Мехрибан Алиевой» → Мехрибан
  Алиева);
- ``head_group_nominative``: a LOC or ORG's head (first noun) and the words agreeing with it go
  to the nominative, the genitive tail stays («министерством социальной политики Свердловской
  области» → министерство социальной политики Свердловской области). Word by word, as
  ``WORD_RULES`` say (:class:`PhraseState`; the first rule that answers gives the word):
  ``quoted_word_kept`` («РИА «Новости»»), ``headless_nominative`` (no noun head: «Худрук
  Большого» → Большой), ``head_nominative`` (a plural head shared by a list in the singular:
  «Большого, Мариинского театров» → Мариинский театр), ``agreeing_before_head``
  («Новодевичьем кладбище»), ``apposition_after_head`` («Космическим телескопом Хабблом» →
  Космический телескоп Хаббл), ``dependent_kept``.

Then ``FINISHING_RULES``, each when it applies: ``quotes_stripped`` (quote marks are typography:
«РИА «Новости»» → РИА Новости) and ``sentence_capital_lowered`` («Полиция оповестила …» →
полиция; not after ``quoted_name_as_written``). A traced doc (``nlp-extract explain``) gets one
``marked`` event per mention naming the rule, with the word and finishing rules that fired as
its detail; an untraced one collects nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..folding import fold
from .arrays import INVISIBLE
from .casing import capital_opens_sentence, lower_first
from .extensions import mentions, register_extensions
from .inflect import (
    is_noun,
    nominative,
    parse_case,
    reads_in_case,
    singular_only,
    unknown_man_name,
)
from .inflect import person_nominative as _name_word_nominative
from .lemmatizer import parse_feats
from .name_gender import dictionary_gender_morphs
from .tokens import OPENING_QUOTES as _OPEN_QUOTES
from .tokens import case_of as _case
from .tokens import quoted_mask
from .trace import mark, tracing

_HEAD_POS = frozenset({"NOUN", "PROPN"})
_AGREEING_POS = frozenset({"ADJ", "DET"})
_APPOSITION_POS = _HEAD_POS | {"ADJ"}


def _shared_head(tokens: Sequence[Token], head: int) -> bool:
    """A plural head after a singular adjective is shared by a list: «Большого, Мариинского
    театров» names one «Мариинский театр»."""
    return "Plur" in tokens[head].morph.get("Number") and any(
        token.pos_ == "ADJ" and singular_only(token.text) for token in tokens[:head])


_NUMBERED = re.compile(r"([^\W\d_]{2,})(-\d+)")


def _inflect(token: Token, head: Token | None = None, singular: bool = False) -> str:
    """``head``: the noun an adjective the tagger left without features agrees with
    («Северо-Кавказском федеральном округе»: hyphenated adjectives often get none).
    ``singular``: a plural noun named in the singular."""
    morph = str(token.morph)
    if head is not None and _case(token) is None and token.pos_ in _AGREEING_POS:
        morph = "|".join(f"{key}={values[0]}" for key in ("Case", "Gender", "Number")
                         if (values := head.morph.get(key)))
    if singular:
        morph = morph.replace("Number=Plur", "Number=Sing")
    numbered = _NUMBERED.fullmatch(token.text) if "-" in token.text else None
    if numbered:  # «волны-2009», «Формулы-1»: the word declines, the number stays
        word, number = numbered.groups()
        return nominative(word, token.pos_, morph, singular=singular) + number
    return nominative(token.text, token.pos_, morph, singular=singular)


def normalize_person(tokens: Sequence[Token]) -> list[str]:
    morphs = featureless_words_agree(agreeing_name_morphs(tokens))
    for rule in (woman_named_in_nominative, woman_surname_in_oblique, instrumental_surname,
                 initialled_surname_in_u, undeclined_consonant_surname):
        morphs = rule(tokens, morphs)
    last = len(tokens) - 1
    written = unshouted([token.text for token in tokens])
    words = [_name_word_nominative(text, morph, surname=0 < index == last,
                                   first=index == 0 < last)
             for index, (text, morph) in enumerate(zip(written, morphs, strict=True))]
    if last:
        words[0] = man_with_a_woman_first_name(tokens, morphs, words) or words[0]
    return words


_SHOUTED = re.compile(r"[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})*")
_MIN_SHOUTED = 4  # letters: shorter words in capitals may be abbreviations


def unshouted(words: Sequence[str]) -> list[str]:
    """A name of two words or more with words in capitals (a byline's «Андрей ЗАХАРОВ»,
    «ПОЛИНА РУСЯЕВА») is written with capital initials: its words then decline
    («Андрея ЗАХАРОВА» → Андрей Захаров). A one-word name in capitals may be an abbreviation
    and stays as written."""
    if len(words) < 2:
        return list(words)
    return ["-".join(part.capitalize() for part in word.split("-"))
            if len(word) >= _MIN_SHOUTED and _SHOUTED.fullmatch(word) else word
            for word in words]


_INSTRUMENTAL_SURNAME = ("овым", "евым", "ёвым", "иным", "ыным")


def instrumental_surname(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A surname ending in «-овым», «-евым», «-иным» is in the instrumental (or, for a
    family, the dative plural) whatever the tagger read: no surname ends so in the nominative
    or the genitive. At a sentence's start the tagger may call two words it does not know
    nominative («Далером Бобиевым заинтересовалась полиция»), inside one a genitive
    («писарем полка Татарчуковым»): the whole name is read as a man's in the instrumental
    (→ Далер Бобиев, Татарчуков: a woman's would end in «-овой»). A surname alone needs six
    letters («Новым» is an adjective)."""
    surname = tokens[-1].text
    if not surname[:1].isupper() or not surname.lower().endswith(_INSTRUMENTAL_SURNAME) or \
            parse_feats(morphs[-1]).get("Case") in ("Ins", "Dat") or \
            (len(tokens) < 2 and len(surname) < 6):
        return morphs
    return [_with_case(morph, "Case=Ins").replace("Gender=Fem", "Gender=Masc")
            for morph in morphs]


_WOMAN_SURNAME_FORM = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая)$")


def woman_named_in_nominative(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A first name the dictionary knows only as a woman's, in the nominative («Хельга»), and a
    surname in a woman's nominative form («Филиппова») are a woman's name in the nominative
    whatever the tagger read: at a sentence's start it may call them a man's genitive
    («Хельга Филиппова, Сергей Рост …» → Хельга Филиппова, not Хельг Филиппов). «Илона Маска»
    (no woman's surname form) is left to :func:`man_with_a_woman_first_name`."""
    from .models import morph_analyzer

    if len(tokens) != 2 or not _WOMAN_SURNAME_FORM.search(tokens[1].text.lower()) or \
            parse_feats(morphs[0]).get("Case") in (None, "Nom") and \
            parse_feats(morphs[0]).get("Gender") == "Fem":
        return morphs
    names = [parse for parse in morph_analyzer().parse(tokens[0].text.lower())
             if "Name" in parse.tag]
    if not names or not all({"femn", "nomn", "sing"} <= parse.tag.grammemes for parse in names):
        return morphs
    return [_with_case(morph, "Case=Nom").replace("Gender=Masc", "Gender=Fem")
            for morph in morphs]


_CASES = {"nomn": "Nom", "gent": "Gen", "datv": "Dat", "accs": "Acc", "ablt": "Ins",
          "loct": "Loc"}


def woman_surname_in_oblique(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A surname the dictionary knows only as a woman's in an oblique case («Назарбаевой»)
    and a first name read as a woman's in one of those cases («Дариги») are a woman's name in
    that case whatever the tagger read («Назначение 53-летней Дариги Назарбаевой» → Дарига
    Назарбаева; the tagger called the surname a man's nominative)."""
    from .models import morph_analyzer

    if len(tokens) != 2:
        return morphs
    analyzer = morph_analyzer()
    surnames = [parse for parse in analyzer.parse(tokens[1].text.lower()) if "Surn" in parse.tag]
    if not surnames or not all({"femn", "sing"} <= parse.tag.grammemes and
                               "nomn" not in parse.tag for parse in surnames):
        return morphs
    cases = [_CASES[parse.tag.case] for parse in surnames if parse.tag.case in _CASES]
    feats = parse_feats(morphs[1])
    if feats.get("Case") in cases and feats.get("Gender") == "Fem":
        return morphs
    first = {_CASES.get(parse.tag.case) for parse in analyzer.parse(tokens[0].text.lower())
             if {"Name", "femn", "sing"} <= parse.tag.grammemes}
    case = next((case for case in cases if case in first), None)
    if case is None:
        return morphs
    return [_with_case(morph, f"Case={case}").replace("Gender=Masc", "Gender=Fem")
            for morph in morphs]


_POSSESSIVE_U = re.compile(r"[^\W\d_]{3,}(?:ов|ев|ёв|ин|ын)у")
_INITIAL = re.compile(r"[^\W\d_]\.?|\.|(?:[^\W\d_]\.){2}")


def initialled_surname_in_u(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A possessive surname in «-ову», «-еву», «-ину» after initials is a man's dative (or,
    tagged feminine, a woman's accusative) whatever case the tagger read: after initials it
    often calls it a genitive, and the word would be kept as an undeclined one («по Б. Д.
    Эльконину» → Б. Д. Эльконин, «А. С. Кунгурову» → А. С. Кунгуров). After a first name the
    tagger is left alone: «Богуслав Мартину» (Martinů)."""
    surname = tokens[-1].text
    if len(tokens) < 2 or not surname[:1].isupper() or \
            not _POSSESSIVE_U.fullmatch(surname.lower()) or \
            not all(_INITIAL.fullmatch(token.text) for token in tokens[:-1]) or \
            parse_feats(morphs[-1]).get("Case") in ("Dat", "Acc"):
        return morphs
    if parse_feats(morphs[-1]).get("Gender") == "Fem":
        return [*morphs[:-1], _with_case(morphs[-1], "Case=Acc")]
    return [*morphs[:-1], _with_case(morphs[-1], "Case=Dat").replace("Gender=Fem", "Gender=Masc")]


_CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")


def undeclined_consonant_surname(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A first name and a surname ending in a consonant that did not decline, which the
    tagger read as a man's in another case («Интервью Валерия Лайк дала»: Gen, Masc), are a
    woman's name in the nominative when the first name is a woman's there («Валерия»): a
    man's surname so ending declines («Валерия Лайка»), a woman's does not (→ Валерия Лайк,
    not Валерий Лайк)."""
    from .models import morph_analyzer

    first, surname = tokens[0], tokens[-1]
    feats = parse_feats(morphs[0])
    if len(tokens) != 2 or not surname.text[:1].isupper() or \
            not _CONSONANT_END.search(surname.text.lower()) or \
            feats.get("Case") in (None, "Nom") or feats.get("Gender") != "Masc" or \
            not any({"Name", "femn", "nomn", "sing"} <= parse.tag.grammemes
                    for parse in morph_analyzer().parse(first.text.lower())):
        return morphs
    return [_with_case(morph, "Case=Nom").replace("Gender=Masc", "Gender=Fem")
            for morph in morphs]


def _with_case(morph: str, case: str) -> str:
    features = [feature for feature in morph.split("|") if feature and
                not feature.startswith("Case=")]
    return "|".join(sorted([*features, case]))


def man_with_a_woman_first_name(tokens: Sequence[Token], morphs: list[str],
                                words: list[str]) -> str | None:
    """A first name the dictionary knows only as a woman's («Илона», «Эммануэла»), which the
    tagger calls a man's, in a name whose surname was inflected as a man's («Маска» → Маск): an
    unknown man's name in the tagger's case («Илона Маска» → Илон Маск, «Эммануэле Макроне» →
    Эммануэль Макрон). A woman's surname keeps it hers («Илоны Ивановой»: Иванова)."""
    first, surname = tokens[0], tokens[-1]
    case = _case(first)
    if case in (None, "Nom") or "Masc" not in first.morph.get("Gender") or \
            "Masc" not in surname.morph.get("Gender") or not _woman_name_only(first.text) or \
            "Gender=Fem" not in morphs[0] and words[0] != first.text:
        return None
    if words[-1] == surname.text or words[-1].lower().endswith(("а", "я")):
        return None
    stripped = unknown_man_name(first.text, case)
    return stripped if stripped != first.text else None


def featureless_words_agree(morphs: list[str]) -> list[str]:
    """A word of a name the tagger gave no features («аль-Марзука» after «Исама»: Gen) takes
    those of the first word that has a case: the words of a name agree."""
    reference = next((morph for morph in morphs if "Case=" in morph), None)
    if reference is None:
        return morphs
    return [morph if morph else reference for morph in morphs]


def agreeing_name_morphs(tokens: Sequence[Token]) -> list[str]:
    """The words of a person's name agree in gender and case: when the tagger calls one word
    feminine («Мехрибан»: Nom, Fem) and another masculine («Алиева»: Gen, Masc) that can be
    read as a woman's surname in the first word's case, the first word's features
    decide («Мехрибан Алиева» → Мехрибан Алиева, not Мехрибан Алиев). A word the dictionary
    knows as a male name only («Никита») decides nothing. Words whose name readings in the
    tagger's case all have the other gender take it first (:mod:`.name_gender`)."""
    morphs = dictionary_gender_morphs(tokens)
    reference = next((index for index, token in enumerate(tokens)
                      if _feminine_name_word(token, morphs[index])), None)
    if reference is None:
        return morphs
    case = _case(tokens[reference])
    for index, token in enumerate(tokens):
        if index != reference and "Masc" in token.morph.get("Gender") and \
                _feminine_reading(token.text, case):
            morphs[index] = morphs[reference]
    return morphs


def _feminine_name_word(token: Token, morph: str) -> bool:
    """A woman's first name by its features (``morph``: the tagger's, or the dictionary's gender
    where the tagger called «Элеонору» masculine) and by the dictionary."""
    if "Gender=Fem" not in morph or _case(token) is None:
        return False
    return _feminine_name(token.text)


@lru_cache(maxsize=20_000)
def _feminine_name(word: str) -> bool:
    """The dictionary does not know ``word`` or reads it as a woman's first name."""
    from .models import morph_analyzer

    parses = morph_analyzer().parse(word.lower())
    names = [parse for parse in parses if "Name" in parse.tag]
    return not morph_analyzer().word_is_known(word.lower()) or any(
        "femn" in parse.tag for parse in names)


@lru_cache(maxsize=20_000)
def _woman_name_only(word: str) -> bool:
    """The dictionary knows ``word`` as a woman's first name and as no man's."""
    from .models import morph_analyzer

    names = [parse for parse in morph_analyzer().parse(word.lower()) if "Name" in parse.tag]
    return bool(names) and all("femn" in parse.tag for parse in names)


@lru_cache(maxsize=20_000)
def _feminine_reading(word: str, case: str | None) -> bool:
    from .models import morph_analyzer

    return any("femn" in parse.tag and parse_case(parse) == case and "Surn" in parse.tag
               for parse in morph_analyzer().parse(word.lower()))


@dataclass(slots=True)
class PhraseState:
    """What the word rules share about a LOC/ORG mention, read once: its tokens, which are
    quoted, its head (the first unquoted noun; ``None``: it has none) and the head's case, and
    whether a plural head is shared by a list."""

    tokens: Sequence[Token]
    quoted: list[bool]
    head: int | None
    head_case: str | None
    shared: bool

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> PhraseState:
        quoted = quoted_mask(tokens)
        for head, token in enumerate(tokens):
            if token.pos_ in _HEAD_POS and not quoted[head] and is_noun(token.text):
                return cls(tokens, quoted, head, _case(token), _shared_head(tokens, head))
            if token.pos_ == "ADP" and not quoted[head]:
                return cls.of_substantive(tokens, quoted, head)
        return cls(tokens, quoted, None, None, False)

    @classmethod
    def of_substantive(cls, tokens: Sequence[Token], quoted: list[bool],
                       preposition: int) -> PhraseState:
        """No noun before the first preposition: the word before it that stands for one is the
        head («Уполномоченному по правам человека» → Уполномоченный по правам человека, not
        «… по права человека»); without one, there is no head."""
        last = preposition - 1
        if last >= 0 and not quoted[last] and tokens[last].pos_ in _APPOSITION_POS and \
                _case(tokens[last]) is not None:
            return cls(tokens, quoted, last, _case(tokens[last]), False)
        return cls(tokens, quoted, None, None, False)


WordRule = Callable[[PhraseState, int], str | None]


def quoted_word_kept(s: PhraseState, i: int) -> str | None:
    """A word in quotes keeps its form: «газете «Ведомости»» → газета Ведомости."""
    return s.tokens[i].text if s.quoted[i] else None


def head_nominative(s: PhraseState, i: int) -> str | None:
    """The head goes to the nominative, in the singular when a list shares it («Большого,
    Мариинского театров» → Мариинский театр)."""
    return _inflect(s.tokens[i], singular=s.shared) if i == s.head else None


def agreeing_before_head(s: PhraseState, i: int) -> str | None:
    """A word before the head in its case, or an adjective the tagger left without one,
    agrees with it and goes to the nominative («Кировского района» → Кировский район); one
    in another case keeps its form."""
    head = s.head
    if head is None or i > head:
        return None
    token = s.tokens[i]
    case = _case(token)
    bare = case is None and token.pos_ in _AGREEING_POS
    if case == s.head_case or (bare and s.head_case is not None) or \
            _readable_in_case(token, s.head_case):
        return _inflect(token, s.tokens[head], singular=s.shared)
    return token.text


def _readable_in_case(token: Token, case: str | None) -> bool:
    """An adjective the tagger put in another case than its noun that the dictionary reads in
    the noun's case too: it agrees («Центральной избирательной комиссии», «Центральной»
    tagged dative → Центральная избирательная комиссия)."""
    if token.pos_ != "ADJ" or case is None or _case(token) is None:
        return False
    return reads_in_case(token.text, str(token.morph), case)


def apposition_after_head(s: PhraseState, i: int) -> str | None:
    """A noun or adjective after a head not in the genitive, in the head's case, is an
    apposition: «городе Москве» → город Москва."""
    token = s.tokens[i]
    if s.head_case not in (None, "Gen") and _case(token) == s.head_case and \
            token.pos_ in _APPOSITION_POS and s.head is not None and \
            not any(word.pos_ == "ADP" for word in s.tokens[s.head + 1:i]):
        return _inflect(token)  # not after a preposition: «службе по надзору в сфере связи»
    return None


def headless_nominative(s: PhraseState, i: int) -> str | None:
    """A mention without a noun head (the rules before answer only with one): every word
    goes to the nominative («Худрук Большого» → Большой)."""
    return _inflect(s.tokens[i]) if s.head is None else None


def dependent_kept(s: PhraseState, i: int) -> str | None:
    """Any other word after the head depends on it and keeps its form: «министерством
    социальной политики» → министерство социальной политики."""
    return s.tokens[i].text


WORD_RULES: tuple[WordRule, ...] = (
    quoted_word_kept,
    head_nominative,
    agreeing_before_head,
    apposition_after_head,
    headless_nominative,
    dependent_kept,
)


def normalize_phrase(tokens: Sequence[Token]) -> list[str]:
    """Inflect the head noun group of a LOC/ORG mention; keep dependents as they are."""
    return _phrase_words(tokens, None)


def _phrase_words(tokens: Sequence[Token], fired: list[str] | None) -> list[str]:
    """The words of ``WORD_RULES``, the first rule that answers for each word winning;
    ``fired`` (when given: a traced doc) gets the name of each rule that answered."""
    state = PhraseState.of(tokens)
    words: list[str] = []
    for i in range(len(tokens)):
        for rule in WORD_RULES:  # dependent_kept always answers
            word = rule(state, i)
            if word is not None:
                words.append(word)
                if fired is not None:
                    fired.append(rule.__name__)
                break
    return words


def join_like(span: Span, words: Sequence[str]) -> str:
    """Join replacement words as the tokens were joined; any whitespace becomes one space."""
    pieces: list[str] = []
    last = span.end - 1
    for token, word in zip(span, words, strict=True):
        if token.is_space:
            if pieces and pieces[-1] != " ":
                pieces.append(" ")
            continue
        pieces.append(word)
        if token.whitespace_ and token.i < last:
            pieces.append(" ")
    return "".join(pieces).strip()


@dataclass(slots=True)
class NormalState:
    """A mention being named: ``span`` is its core when it has one (the name inside «газете
    «Ведомости»»), else the mention; ``fired`` (a traced doc only) collects the word rules
    that answered and the finishing rules that changed the name."""

    span: Span
    label: str
    is_core: bool = False
    as_written: bool = False  # quoted_name_as_written answered
    fired: list[str] | None = None

    @classmethod
    def of(cls, span: Span, fired: list[str] | None = None) -> NormalState:
        label = span.label_
        bounds = span._.core
        if bounds:
            core = span.doc.char_span(bounds[0], bounds[1], label=label)
            if core is not None and len(core):
                return cls(core, label, True, False, fired)
        return cls(span, label, False, False, fired)


NormalRule = Callable[[NormalState], str | None]


def known_organisation(s: NormalState) -> str | None:
    """A quoted name that is an organisation of ``models/organisations.yaml`` in another case
    takes the lexicon's name: «службы «Голоса Америки»» → Голос Америки (whether the quotes
    hold an apposition or a genitive, the lexicon knows the name)."""
    from ..lexicons import entry_lemma
    from .keys import load_bodies

    span = s.span
    if not s.is_core or span.start == 0 or span.doc[span.start - 1].text not in _OPEN_QUOTES:
        return None
    words = [token.text for token in span if not token.is_punct]
    lemmas = [entry_lemma(word) for word in words]
    body = load_bodies().match(lemmas, [fold(word) for word in words])
    if body is None or not body.organisation or \
            [entry_lemma(word) for word in body.name.split()] != lemmas or \
            fold(body.name) == fold(" ".join(words)):
        return None
    return body.name


def quoted_name_as_written(s: NormalState) -> str | None:
    """A core in quotes that does not depend on the word before it is named as written
    («газете «Ведомости»» → Ведомости; not «службе «Голоса Америки»»: :func:`governed_name`)."""
    span = s.span
    if s.is_core and span.start > 0 and span.doc[span.start - 1].text in _OPEN_QUOTES and \
            not governed_name(span):
        s.as_written = True
        return " ".join(span.text.split())
    return None


def person_nominative(s: NormalState) -> str | None:
    """Every word of a person's name goes to the nominative, a woman's surname agreeing with
    her first name («Далером Бобиевым» → Далер Бобиев; «Мехрибан Алиева» stays)."""
    if s.label != "PER":
        return None
    return join_like(s.span, normalize_person(list(s.span)))


def head_group_nominative(s: NormalState) -> str | None:
    """A LOC or ORG: the head noun group goes to the nominative, the rest as ``WORD_RULES``
    say («министерством социальной политики» → министерство социальной политики)."""
    return join_like(s.span, _phrase_words(list(s.span), s.fired))


def shared_head_name(s: NormalState) -> str | None:
    """A lone adjective sharing the head of the name after it is named with that head:
    «[Северной] и Южной Кореи» → Северная Корея, «[Центральной] и Восточной Европы» →
    Центральная Европа (:mod:`.shared_heads`)."""
    from .shared_heads import shared_head_name as named
    from .shared_heads import shared_head_partner

    if s.is_core:
        return None
    partner = shared_head_partner(s.span)
    return named(s.span.text, normal_form(partner)) if partner is not None else None


NORMAL_RULES: tuple[NormalRule, ...] = (
    shared_head_name,
    known_organisation,
    quoted_name_as_written,
    person_nominative,
    head_group_nominative,
)


def quotes_stripped(s: NormalState, name: str) -> str | None:
    """Quote marks are typography: «РИА «Новости»» → РИА Новости (:func:`strip_quotes`)."""
    stripped = strip_quotes(name)
    return stripped if stripped != name else None


def lexicon_short_name(s: NormalState, name: str) -> str | None:
    """A one-word ORG the rules named by a guess, neither as written nor as the lexicon
    writes it, takes the name of ``models/bodies.yaml`` or ``models/organisations.yaml`` it
    is a form of: «в Совфеде» → Совфед (the dictionary does not know the word and guessed
    «Совфедя»). «Минкомсвязи» kept as written stays (news use it undeclined); a lowercase or
    plural word is a kind of body; «Аль-Кайды» is not renamed to the lexicon's «Аль-Каида»."""
    from ..lexicons import entry_lemma
    from .keys import load_bodies

    if s.label != "ORG" or len(s.span) != 1:
        return None
    token = s.span[0]
    if token.is_punct or not token.text[:1].isupper() or token.morph.get("Number") == ["Plur"]:
        return None
    word = token.text
    if fold(name) == fold(word):
        return None
    bodies = load_bodies()
    entry = bodies.table.whole([entry_lemma(word)], [fold(word)])
    written = bodies.written.get(entry) if entry else None
    if written is None or " " in written or fold(written) == fold(name) or \
            not fold(word).startswith(fold(written)[:-1]):
        return None
    return written


def sentence_capital_lowered(s: NormalState, name: str) -> str | None:
    """An ORG named by its kind loses the capital that only opens the sentence: «Органы
    социальной защиты …» → органы социальной защиты (not a name as written)."""
    if s.label != "ORG" or s.as_written or not _sentence_capital(s.span):
        return None
    lowered = lower_first(name)
    return lowered if lowered != name else None


FinishingRule = Callable[[NormalState, str], str | None]
FINISHING_RULES: tuple[FinishingRule, ...] = (quotes_stripped, lexicon_short_name,
                                              sentence_capital_lowered)


def normal_form(span: Span) -> str:
    return _named(NormalState.of(span))[0]


def _named(state: NormalState) -> tuple[str, NormalRule]:
    """The name of the first rule of ``NORMAL_RULES`` that answers, finished by every rule of
    ``FINISHING_RULES`` that applies, without invisible characters (a web page's soft hyphens:
    «Рос\u00adсии» → России); and the rule that answered."""
    for rule in NORMAL_RULES:
        name = rule(state)
        if name is not None:
            break
    else:  # head_group_nominative always answers
        raise AssertionError("no normal-form rule answered")
    for finish in FINISHING_RULES:
        finished = finish(state, name)
        if finished is not None:
            name = finished
            if state.fired is not None:
                state.fired.append(finish.__name__)
    return name.translate(INVISIBLE), rule


def _named_by_type(span: Span) -> bool:
    """The mention's first noun names a kind of body, not one body: plural («органы
    социальной защиты», «правоохранительные органы») or a descriptive head («полиция»,
    «правительство»). A singular head may begin an official name written with a capital
    («Министерство труда и социальной защиты РФ», «Комитет защиты журналистов»)."""
    from .orgs import load_lexicon

    noun = next((token for token in span if token.pos_ in _HEAD_POS), None)
    if noun is None:
        return False
    return "Plur" in noun.morph.get("Number") or \
        load_lexicon().descriptive_heads.matches(fold(noun.lemma_), fold(noun.text))


def _sentence_capital(span: Span) -> bool:
    """An ORG named by its kind whose capital only opens the sentence: «Органы социальной
    защиты …» → органы социальной защиты, «Японская полиция …» → японская полиция; the
    tagger may call such a first word PROPN. «Государственная Дума», «Минфин», «Новая
    газета», «Министерство обороны» keep theirs."""
    if span.label_ != "ORG" or not capital_opens_sentence(span[0]) or not _named_by_type(span):
        return False
    following = next((token for token in span[1:] if not token.is_space), None)
    return following is None or not following.text[:1].isupper()


def governed_name(name: Span) -> bool:
    """A quoted name in the genitive after a word that is not: it depends on that word
    («службе «Голоса Америки»») and is inflected; otherwise it is an apposition written in
    the nominative («газете «Ведомости»», «партии «Единая Россия»»)."""
    words = [token for token in name if token.pos_ in _HEAD_POS | _AGREEING_POS]
    before = name.doc[name.start - 2] if name.start >= 2 else None
    return bool(words) and _case(words[0]) == "Gen" and before is not None and \
        before.pos_ in _HEAD_POS and _case(before) not in ("Gen", None)


def strip_quotes(name: str) -> str:
    """«Единая Россия» → Единая Россия, газета «Труд» → газета Труд, РИА «Новости» → РИА
    Новости: quote marks are typography, not part of a name (writers differ in where they put
    them). Apostrophes stay inside words (Christie’s, O'Neil)."""
    name = " ".join(name.translate(_NO_QUOTES).split())
    while len(name) > 1 and name[0] == "'" and name[-1] == "'":
        name = name[1:-1].strip()
    return name


_NO_QUOTES = str.maketrans("", "", "«»„“”\"")


class EntityNormalizer:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        from .shared_heads import STARTS_KEY, mention_starts

        traced = tracing(doc)
        doc.user_data[STARTS_KEY] = mention_starts(doc)  # read by shared_head_name, once
        try:
            self._name_mentions(doc, traced)
        finally:
            del doc.user_data[STARTS_KEY]
        return doc

    def _name_mentions(self, doc: Doc, traced: bool) -> None:
        for span in mentions(doc):
            if span._.normal is None:
                if not traced:
                    span._.normal = normal_form(span)
                    continue
                fired: list[str] = []
                span._.normal, rule = _named(NormalState.of(span, fired))
                mark(doc, rule.__name__, span, ", ".join(dict.fromkeys(fired)))


@Language.factory(
    "entity_normalizer",
    assigns=["span._.normal"],
    requires=["token.pos", "token.morph"],
)
def make_entity_normalizer(nlp: Language, name: str) -> EntityNormalizer:
    return EntityNormalizer(nlp, name)
