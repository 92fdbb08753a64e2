"""Canonical nominative names for mentions: ``span._.normal`` (component ``entity_normalizer``).

Rules, in order (``NORMAL_RULES``: each a small named function over a :class:`NormalState`, the
first that answers names the mention; one golden row each in ``tests/test_normal_rules.py``):

- ``shared_head_name``: a lone adjective sharing the head of the name after it is named with
  that head («[Северной] и Южной Кореи» → Северная Корея; :mod:`.shared_heads`);
- ``known_organisation``: a quoted name of ``models/organisations.yaml`` in another case takes
  the lexicon's name («службы «Голоса Америки»» → Голос Америки);
- ``quoted_name_as_written``: a core in quotes that does not depend on the word before it is
  named as written («газете «Ведомости»» → Ведомости; not «Русской службе «Голоса Америки»»);
- ``shared_surname_name``: a first name alone before «и» and a full name takes its surname in
  its own gender («[Андрей] и Ольга Ивановы» → Андрей Иванов; :mod:`.shared_heads`);
- ``shared_surname_partner_name``: that full name, its surname written in the plural, is
  named in the singular («Вера и [Илья Политковские]» → Илья Политковский);
- ``person_nominative``: a PER's every word goes to the nominative («Далером Бобиевым» → Далер
  Бобиев), a woman's surname agreeing with her first name («Мехрибан Алиевой» → Мехрибан
  Алиева): :mod:`.person_names`;
- ``settlement_adjective``: a settlement named by one adjective after its type word agrees
  with it («в селе Михайловском» → Михайловское, «станице Натухаевской» → Натухаевская);
- ``head_group_nominative``: a LOC or ORG's head (first noun) and the words agreeing with it go
  to the nominative, the genitive tail stays («министерством социальной политики Свердловской
  области» → министерство социальной политики Свердловской области). Word by word, as
  ``WORD_RULES`` say (:class:`PhraseState`; the first rule that answers gives the word):
  ``quoted_word_kept`` («РИА «Новости»»), ``unknown_masculine_genitive`` (a one-word name the
  dictionary does not know in the tagger's masculine genitive: «Финама» → Финам),
  ``headless_nominative`` (no noun head: «Худрук
  Большого» → Большой), ``head_nominative`` (a plural head shared by a list in the singular:
  «Большого, Мариинского театров» → Мариинский театр), ``agreeing_before_head``
  («Новодевичьем кладбище»), ``apposition_after_head`` («Космическим телескопом Хабблом» →
  Космический телескоп Хаббл), ``street_adjective`` («на улице Сиреневой» → улица Сиреневая),
  ``dependent_kept``.

Then ``FINISHING_RULES``, each when it applies: ``quotes_stripped`` (quote marks are typography:
«РИА «Новости»» → РИА Новости), ``lexicon_short_name`` («в Совфеде РФ» → Совфед РФ) and
``sentence_capital_lowered`` («Полиция оповестила …» →
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
from .casing import NAME_TAGS, capital_opens_sentence, has_reading, lower_first
from .extensions import mentions, register_extensions
from .inflect import (
    is_noun,
    nominative,
    noun_only,
    reads_in_case,
    recover_shape,
    singular_only,
)
from .models import morph_analyzer
from .person_names import PLURAL_SURNAME_ENDINGS, normalize_person, surname_of_gender
from .tokens import OPENING_QUOTES as _OPEN_QUOTES
from .tokens import capital_abbreviation, quoted_mask
from .tokens import case_of as _case
from .trace import mark, tracing

_HEAD_POS = frozenset({"NOUN", "PROPN"})
_AGREEING_POS = frozenset({"ADJ", "DET"})
_APPOSITION_POS = _HEAD_POS | {"ADJ"}


def _shared_head(tokens: Sequence[Token], head: int) -> bool:
    """A plural head after a singular adjective is shared by a list: «Большого, Мариинского
    театров» names one «Мариинский театр»; so is one after a name the tagger calls a proper
    noun that the dictionary reads only as a singular adjective («Абыйского, Аллаиховского и
    Нижнеколымского улусов» → Нижнеколымский улус)."""
    return "Plur" in tokens[head].morph.get("Number") and any(
        token.pos_ in ("ADJ", "PROPN") and singular_only(token.text) for token in tokens[:head])


_NUMBERED = re.compile(r"([^\W\d_]{2,})(-\d+)")


def _adjective_before_adjective(tokens: Sequence[Token], quoted: list[bool], i: int) -> bool:
    """A word the tagger read as a noun (a surname: «Чайковского») that the dictionary also
    reads as an adjective in its case, before an adjective agreeing with it, is an adjective
    of the head after them: «Чайковского городского округа» → Чайковский городской округ, not
    «Чайковский городского округа»."""
    token = tokens[i]
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    case = _case(token)
    if after is None or quoted[i + 1] or after.pos_ != "ADJ" or case is None or \
            _case(after) != case or \
            after.morph.get("Number") != token.morph.get("Number"):
        return False
    return reads_in_case(token.text, str(token.morph), case)


def _noun_tagged_adjective(tokens: Sequence[Token], i: int) -> bool:
    """A word the tagger calls an adjective that the dictionary knows only as a noun: an ORG's
    head («Законодательного Собрания края»: the capitalised «Собрания» tagged ADJ; its head is
    not «края»), unless the dictionary reads it only as a surname and the noun after it agrees
    with it in case, gender and number: a surname-like adjective before its head («Горицкой
    школы» → Горицкая школа). Not a LOC's: measured on held-out data, it named one place worse
    there and none better on the development sets but «Березников»."""
    token = tokens[i]
    if token.pos_ != "ADJ" or not noun_only(token.text):
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return after is None or after.pos_ not in _HEAD_POS or not _surname_only(token.text) or \
        any(token.morph.get(key) != after.morph.get(key) or not token.morph.get(key)
            for key in ("Case", "Gender", "Number"))


@lru_cache(maxsize=20_000)
def _surname_only(word: str) -> bool:
    """Every reading of the word is a surname («горицкой»: Горицкая), none a common noun."""
    parses = morph_analyzer().parse(word.lower())
    return bool(parses) and all("Surn" in parse.tag for parse in parses)


def _inflect(token: Token, head: Token | None = None, singular: bool = False) -> str:
    """``head``: the noun an adjective the tagger left without features agrees with
    («Северо-Кавказском федеральном округе»: hyphenated adjectives often get none).
    ``singular``: a plural noun named in the singular."""
    morph = str(token.morph)
    if head is not None and _case(token) is None and token.pos_ in _AGREEING_POS:
        genders = _dictionary_genders(head.text.lower())
        features = {key: values[0] for key in ("Case", "Gender", "Number")
                    if (values := head.morph.get(key))}
        if genders in ({"Masc"}, {"Neut"}) and features.get("Number") == "Sing" and \
                token.text[:1].isupper():
            (features["Gender"],) = genders  # the tagger's may be wrong: «воеводстве»
        morph = "|".join(f"{key}={value}" for key, value in features.items())
    elif head is not None and token.pos_ in _AGREEING_POS:
        morph = _gender_of_head(token, head, morph)
    numbered = _NUMBERED.fullmatch(token.text) if "-" in token.text else None
    if numbered:  # «волны-2009», «Формулы-1»: the word declines, the number stays
        word, number = numbered.groups()
        return nominative(word, token.pos_, morph, singular=singular) + number
    return nominative(token.text, token.pos_, morph, singular=singular)


_ONE_FORM_CASES = frozenset({"Gen", "Dat", "Ins", "Loc"})  # masculine = neuter adjective


def _gender_of_head(token: Token, head: Token, morph: str) -> str:
    """An adjective the tagger calls masculine before a neuter noun, or neuter before a
    masculine one, in a case where the two genders share the adjective's form, takes its
    noun's gender, for a name's capitalised adjective the one the dictionary knows the noun in
    (the tagger may call the noun masculine too: «в Московском воеводстве»): «в Алтайском
    краевом Законодательном собрании» (its «Алтайском» tagged masculine) → Алтайское
    краевое Законодательное собрание, not «Алтайский …»."""
    mine, its = token.morph.get("Gender"), head.morph.get("Gender")
    if token.text[:1].isupper():  # a name's adjective: the tagger may call its noun
        its = sorted(_dictionary_genders(head.text.lower()))  # masculine too («воеводстве»)
    if len(mine) == len(its) == 1 and {*mine, *its} == {"Masc", "Neut"} and \
            _case(token) in _ONE_FORM_CASES and head.morph.get("Number") == ["Sing"] and \
            _dictionary_genders(head.text.lower()) == {its[0]}:
        (gender,) = its
        return morph.replace(f"Gender={mine[0]}", f"Gender={gender}")
    return morph


@lru_cache(maxsize=20_000)
def _dictionary_genders(word: str) -> frozenset[str]:
    """The genders the dictionary gives a noun it knows («собрании»: neut; «Хурала»: masc,
    whatever the tagger guessed); none for a word it does not know."""
    from .models import morph_analyzer

    analyzer = morph_analyzer()
    if not analyzer.word_is_known(word):
        return frozenset()
    return frozenset(str(parse.tag.gender).capitalize() for parse in analyzer.parse(word)
                     if parse.tag.POS == "NOUN" and parse.tag.gender)


@dataclass(slots=True)
class PhraseState:
    """What the word rules share about a LOC/ORG mention, read once: its tokens, which are
    quoted, its head (the first unquoted noun; in an ORG, a word tagged as an adjective that
    only a noun can be counts: ``tagged_adjective``; ``None``: it has none) and the head's
    case, and whether a plural head is shared by a list."""

    tokens: Sequence[Token]
    quoted: list[bool]
    head: int | None
    head_case: str | None
    shared: bool
    tagged_adjective: bool = False  # the head is a noun the tagger called an adjective

    @classmethod
    def of(cls, tokens: Sequence[Token], org: bool = False) -> PhraseState:
        quoted = quoted_mask(tokens)
        for head, token in enumerate(tokens):
            if quoted[head]:
                continue
            if token.pos_ in _HEAD_POS and is_noun(token.text) and \
                    not _adjective_before_adjective(tokens, quoted, head):
                return cls(tokens, quoted, head, _case(token), _shared_head(tokens, head))
            if org and _noun_tagged_adjective(tokens, head):
                return cls(tokens, quoted, head, _case(token), False, tagged_adjective=True)
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
    if i != s.head:
        return None
    token = s.tokens[i]
    if s.tagged_adjective:  # its case; number and gender are the noun's own
        return nominative(token.text, "NOUN", f"Case={s.head_case}" if s.head_case else "")
    return _inflect(token, singular=s.shared)


_CONSONANT_A = re.compile(r"[бвгджзклмнпрстфхцчшщ]а")


def unknown_masculine_genitive(s: PhraseState, i: int) -> str | None:
    """A one-word name the dictionary does not know, the tagger's masculine genitive, loses
    its «-а» («аналитика «Финама»» → Финам; the dictionary's guess, a feminine «финама», is no
    name's nominative)."""
    if i != s.head or len(s.tokens) != 1:
        return None
    token = s.tokens[i]
    word = token.text
    if not word[:1].isupper() or word.isupper() or len(word) < 4 or \
            not _CONSONANT_A.fullmatch(word[-2:].lower()) or \
            token.morph.get("Case") != ["Gen"] or token.morph.get("Gender") != ["Masc"] or \
            morph_analyzer().word_is_known(word.lower()):
        return None
    return word[:-1]


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
    tagged dative → Центральная избирательная комиссия); so does a proper noun the
    dictionary reads only as an adjective («Нижнеколымского улусов»)."""
    if case is None or _case(token) is None or token.pos_ != "ADJ" and \
            not (token.pos_ == "PROPN" and _adjective_only(token.text)):
        return False
    return reads_in_case(token.text, str(token.morph), case)


@lru_cache(maxsize=20_000)
def _adjective_only(word: str) -> bool:
    """Every reading the dictionary gives the word is an adjective's («Нижнеколымского», a
    name the tagger calls a proper noun in the nominative)."""
    parses = morph_analyzer().parse(word.lower())
    return bool(parses) and all(parse.tag.POS == "ADJF" for parse in parses)


def apposition_after_head(s: PhraseState, i: int) -> str | None:
    """A noun or adjective after a head not in the genitive, in the head's case, is an
    apposition: «городе Москве» → город Москва."""
    token = s.tokens[i]
    if s.head_case not in (None, "Gen") and _case(token) == s.head_case and \
            token.pos_ in _APPOSITION_POS and s.head is not None and \
            not any(word.pos_ == "ADP" for word in s.tokens[s.head + 1:i]) and \
            not _person_after_street_type(s, token):
        return _inflect(token)  # not after a preposition: «службе по надзору в сфере связи»
    return None


def _person_after_street_type(s: PhraseState, token: Token) -> bool:
    """An animate word after a street's or a park's type word is the genitive of the name it
    bears, though its accusative reads alike: «на бульвар Генерала Карбышева»."""
    from ..lexicons.words import entity_words

    words = entity_words()
    head = fold(s.tokens[s.head].lemma_) if s.head is not None else ""
    return "Anim" in token.morph.get("Animacy") and \
        (head in words.street_types or head in words.park_types)


def street_adjective(s: PhraseState, i: int) -> str | None:
    """An adjective right after a street's type word that the dictionary reads in the type
    word's case and gender, and never as a name, is the street's name agreeing with it
    («на улице Сиреневой» → улица Сиреневая, whatever case the tagger gave it; «с улицы
    Уральской» → улица Уральская, the type word in the genitive too); a surname stays in the
    genitive («улице Крупской», «проспекта Вернадского»)."""
    from ..lexicons.words import entity_words

    head = s.head
    if head is None or i != head + 1 or s.head_case is None or \
            fold(s.tokens[head].lemma_) not in entity_words().street_types:
        return None
    token, gender = s.tokens[i], s.tokens[head].morph.get("Gender")
    if not gender or not _street_adjective_reading(token.text.lower(), s.head_case, gender[0]):
        return None
    return nominative(token.text, "ADJ", f"Case={s.head_case}|Gender={gender[0]}|Number=Sing")


@lru_cache(maxsize=20_000)
def _street_adjective_reading(word: str, case: str, gender: str) -> bool:
    """An adjective reading of ``word`` in ``case`` and ``gender`` (UD), and no name's."""
    if any(NAME_TAGS & parse.tag.grammemes for parse in morph_analyzer().parse(word)):
        return False
    return reads_in_case(word, f"Gender={gender}", case)


def feminine_before_abbreviation(s: PhraseState, i: int) -> str | None:
    """In a mention with no noun head but an abbreviation in capitals that ends it, an adjective
    the dictionary reads only in a feminine oblique case agrees with it in the nominative:
    «в Аргаяшской ЦРБ» → Аргаяшская ЦРБ (the tagger read the adjective a man's nominative;
    a masculine or neuter form would not tell the abbreviation's gender)."""
    last = len(s.tokens) - 1
    if s.head not in (None, last) or i >= last or not capital_abbreviation(s.tokens[last].text):
        return None
    return _feminine_nominative(s.tokens[i].text)


@lru_cache(maxsize=20_000)
def _feminine_nominative(word: str) -> str | None:
    """The feminine nominative of an adjective every reading of which is a feminine singular
    in an oblique case («Аргаяшской» → Аргаяшская), else None."""
    parses = morph_analyzer().parse(word.lower())
    if not parses or not all(parse.tag.POS == "ADJF" and {"femn", "sing"} <= parse.tag.grammemes
                             and "nomn" not in parse.tag for parse in parses):
        return None
    inflected = parses[0].inflect({"nomn"})
    return recover_shape(inflected.word, word) if inflected is not None else None


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
    unknown_masculine_genitive,
    head_nominative,
    feminine_before_abbreviation,
    agreeing_before_head,
    apposition_after_head,
    street_adjective,
    headless_nominative,
    dependent_kept,
)


def normalize_phrase(tokens: Sequence[Token]) -> list[str]:
    """Inflect the head noun group of a LOC/ORG mention; keep dependents as they are."""
    return _phrase_words(tokens, None)


def _phrase_words(tokens: Sequence[Token], fired: list[str] | None, org: bool = False
                  ) -> list[str]:
    """The words of ``WORD_RULES``, the first rule that answers for each word winning;
    ``fired`` (when given: a traced doc) gets the name of each rule that answered; ``org``: an
    ORG's (:class:`PhraseState`)."""
    state = PhraseState.of(tokens, org)
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


def listed_body_as_written(s: NormalState) -> str | None:
    """An ORG of several words whose first the dictionary reads as no nominative singular,
    written exactly as a name of models/bodies.yaml writes it, is named so: «Олий Мажлис»
    (not «Олии Мажлис»: the dictionary knows «олий» only as a plural genitive)."""
    from .keys import load_bodies
    from .models import morph_analyzer

    if s.label != "ORG":
        return None
    words = [token.text for token in s.span if not token.is_punct]
    if len(words) < 2 or words[0].isupper() or \
            fold(" ".join(words)) not in load_bodies().written_names or any(
            {"nomn", "sing"} <= parse.tag.grammemes
            for parse in morph_analyzer().parse(words[0].lower())):
        return None
    return " ".join(words)


def person_nominative(s: NormalState) -> str | None:
    """Every word of a person's name goes to the nominative, a woman's surname agreeing with
    her first name («Далером Бобиевым» → Далер Бобиев; «Мехрибан Алиева» stays)."""
    if s.label != "PER":
        return None
    return join_like(s.span, normalize_person(list(s.span)))


def person_named_body(s: NormalState) -> str | None:
    """An ORG in quotes that is a man's first name and surname, a club or body named after a
    person, is named as the person would be: «разгромил «Салават Юлаев»» → Салават Юлаев
    (not «Салават Юлаи», the surname read as a plural genitive), «игроки «Салавата
    Юлаева»» → Салават Юлаев."""
    span = s.span
    words = [token for token in span if not token.is_punct]
    if s.label != "ORG" or len(words) != 2 or not _in_quotes(span) or \
            not all(token.text[:1].isupper() for token in words) or \
            not _first_name(words[0].text) or not _surname(words[1].text):
        return None
    return " ".join(normalize_person(words))


def _in_quotes(span: Span) -> bool:
    doc = span.doc
    return span[0].text in _OPEN_QUOTES or (span.start > 0 and
                                            doc[span.start - 1].text in _OPEN_QUOTES)


def _first_name(word: str) -> bool:
    return any({"Name", "masc"} <= parse.tag.grammemes
               for parse in morph_analyzer().parse(word.lower()))


def _surname(word: str) -> bool:
    """A surname the dictionary knows, or a man's surname by its ending («Юлаев»)."""
    from .entity_groups import MAN_SURNAME_ENDINGS

    lower = word.lower()
    return lower.endswith(MAN_SURNAME_ENDINGS) or has_reading(lower, "Surn")


def settlement_adjective(s: NormalState) -> str | None:
    """A settlement named by one adjective after its type word (``settlement_types``,
    models/entity_words.yaml) agrees with it: the adjective in the nominative of the type
    word's gender («в станице Натухаевской» → Натухаевская, «в селе Михайловском» →
    Михайловское; not «Михайловск», read as a noun), when the dictionary reads it as an
    adjective in the type word's case and gender."""
    from ..lexicons.words import entity_words

    span = s.span
    if s.label != "LOC" or not s.is_core or len(span) != 1 or span.start == 0:
        return None
    word, before = span[0], span.doc[span.start - 1]
    if not word.text[:1].isupper() or not before.is_lower or \
            fold(before.lemma_) not in entity_words().settlement_types:
        return None
    case, gender = _case(before), before.morph.get("Gender")
    if case is None or len(gender) != 1 or "Plur" in before.morph.get("Number") or \
            not reads_in_case(word.text, f"Gender={gender[0]}", case):
        return None
    return nominative(word.text, "ADJ", f"Case={case}|Gender={gender[0]}|Number=Sing")


def head_group_nominative(s: NormalState) -> str | None:
    """A LOC or ORG: the head noun group goes to the nominative, the rest as ``WORD_RULES``
    say («министерством социальной политики» → министерство социальной политики)."""
    return join_like(s.span, _phrase_words(list(s.span), s.fired, org=s.label == "ORG"))


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


def shared_surname_name(s: NormalState) -> str | None:
    """A first name alone before «и» and a person's full name takes that person's surname in
    its own gender: «отец и сын [Антониу] и Фелипе Карвалью» → Антониу Карвалью, «[Андрей] и
    Ольга Ивановы» → Андрей Иванов (:func:`.shared_heads.shared_surname_partner`)."""
    from .shared_heads import shared_surname_partner

    if s.is_core or s.label != "PER":
        return None
    partner = shared_surname_partner(s.span)
    if partner is None:
        return None
    first = normalize_person(list(s.span))[0]
    return _with_own_surname([first], s.span[0], normal_form(partner).split()[-1])


def shared_surname_partner_name(s: NormalState) -> str | None:
    """The full name after a first name alone and «и» whose surname the two share, written in
    the plural, is named in the singular of its own gender: «Вера и [Илья Политковские]» →
    Илья Политковский (the family's plural says two people)."""
    from .shared_heads import shared_surname_partner

    span = s.span
    if s.is_core or s.label != "PER" or len(span) < 2 or span.start < 2 or \
            "Plur" not in span[-1].morph.get("Number") and \
            not span[-1].lower_.endswith(PLURAL_SURNAME_ENDINGS):
        return None
    before = next((other for other in mentions(span.doc) if other.end == span.start - 1), None)
    if before is None or shared_surname_partner(before) is None:
        return None
    words = normalize_person(list(span))
    return _with_own_surname(words[:-1], span[0], words[-1])


def _with_own_surname(words: list[str], first: Token, surname: str) -> str | None:
    """``words`` (a first name first) and ``surname`` in the gender of that first name: the
    dictionary's for the name, else the tagger's for its token ``first`` (None when the
    surname's form tells a gender and neither does)."""
    from .name_gender import dictionary_gender

    gender = dictionary_gender(words[0], "Nom") or next(iter(first.morph.get("Gender")), None)
    own = surname_of_gender(surname, gender)
    return " ".join([*words, own]) if own else None


NORMAL_RULES: tuple[NormalRule, ...] = (
    shared_head_name,
    known_organisation,
    quoted_name_as_written,
    listed_body_as_written,
    shared_surname_name,
    shared_surname_partner_name,
    person_nominative,
    person_named_body,
    settlement_adjective,
    head_group_nominative,
)


def quotes_stripped(s: NormalState, name: str) -> str | None:
    """Quote marks are typography: «РИА «Новости»» → РИА Новости (:func:`strip_quotes`)."""
    stripped = strip_quotes(name)
    return stripped if stripped != name else None


def lexicon_short_name(s: NormalState, name: str) -> str | None:
    """An ORG whose first word the rules named by a guess, neither as written nor as the
    lexicon writes it, takes for that word the one-word name of ``models/bodies.yaml`` or
    ``models/organisations.yaml`` it is a form of: «в Совфеде» → Совфед, «в Совфеде РФ» →
    Совфед РФ (the dictionary does not know the word and guessed «Совфедя»); a lowercase one
    alone, in lower case («в облдуме» → облдума, not «облдум»); one named as written (quoted,
    or a word the rules could not inflect) but in another case, by the canonical name of an
    organisation of ``models/organisations.yaml`` («объектам «Хезболлы»» → Хезболла;
    «журнала «Власть»», «газеты «Коммерсантъ»» stay). «Минкомсвязи» kept as written stays
    (news use it undeclined); a lowercase word before others or a plural word is a kind of
    body; «Аль-Кайды» is not renamed to the lexicon's «Аль-Каида»."""
    from ..lexicons import entry_lemma
    from .keys import load_bodies

    if s.label != "ORG" or len(name.split()) != len(s.span):
        return None
    token = s.span[0]
    lower = token.text[:1].islower()
    if token.is_punct or lower and len(s.span) > 1 or \
            token.morph.get("Number") == ["Plur"] and not s.as_written:
        return None
    word, (first, *rest) = token.text, name.split()
    kept = fold(first) == fold(word)  # as written: quoted, or a word the rules could not inflect
    if kept and not s.as_written and token.morph.get("Case") in ([], ["Nom"]):
        return None
    bodies = load_bodies()
    entry = bodies.table.whole([entry_lemma(word)], [fold(word)])
    body = bodies.by_lemmas.get(entry) if entry else None
    if kept:  # only a well-known organisation's name, by its canonical name
        written = body.name if body is not None and body.organisation and \
            fold(body.name) != fold(word).rstrip("ъ") else None
    else:
        written = bodies.written.get(entry) if entry else None
    if written is None or " " in written or fold(written) == fold(first) or \
            not fold(word).startswith(fold(written)[:-1]):
        return None
    return " ".join([written.lower() if lower else written, *rest])


def sentence_capital_lowered(s: NormalState, name: str) -> str | None:
    """An ORG named by its kind loses the capital that only opens the sentence: «Органы
    социальной защиты …» → органы социальной защиты (not a name as written)."""
    if s.label != "ORG" or s.as_written or not _sentence_capital(s.span):
        return None
    lowered = lower_first(name)
    return lowered if lowered != name else None


def closing_initial_dot(s: NormalState, name: str) -> str | None:
    """A person's name that ends in a surname's initial whose dot the sentence's full stop
    took keeps the dot: «… её сын Владимир К. Ещё четыре человека …» → Владимир К. (as «Ирина
    К.» inside a sentence is); a Cyrillic capital only (not a regnal «Харальд V»)."""
    span = s.span
    last = span[-1]
    if s.label != "PER" or len(span) < 2 or len(last.text) != 1 or \
            not ("А" <= last.text <= "Я" or last.text == "Ё") or \
            last.whitespace_ or span.end >= len(span.doc) or span.doc[span.end].text != "." or \
            name.endswith("."):
        return None
    return name + "."


FinishingRule = Callable[[NormalState, str], str | None]
FINISHING_RULES: tuple[FinishingRule, ...] = (quotes_stripped, lexicon_short_name,
                                              sentence_capital_lowered, closing_initial_dot)


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
    («службе «Голоса Америки»») and is inflected; so does one after a genitive whose first
    word the dictionary cannot read as a nominative («сайтов «Ведомостей»»); otherwise it is
    an apposition written in the nominative («газете «Ведомости»», «газеты «Известия»»,
    «партии «Единая Россия»», «клуба «16 тонн»», «агентства «Между строк»»)."""
    words = [token for token in name if token.pos_ in _HEAD_POS | _AGREEING_POS]
    before = name.doc[name.start - 2] if name.start >= 2 else None
    if not words or _case(words[0]) != "Gen" or before is None or \
            before.pos_ not in _HEAD_POS or _case(before) is None:
        return False
    return _case(before) != "Gen" or words[0] == name[0] and \
        not has_reading(words[0].text.lower(), "nomn")


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
