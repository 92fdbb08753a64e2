"""Canonical nominative names for mentions: ``span._.normal``.

- PER: every word goes to the nominative («Далером Бобиевым» → «Далер Бобиев»).
- LOC and ORG: the head (first noun) and the words agreeing with it go to the nominative, the
  genitive tail stays («Кировского района» → «Кировский район»,
  «министерством социальной политики Свердловской области» →
  «министерство социальной политики Свердловской области»). Words in quotes keep their form
  («газете «Ведомости»» → Ведомости) unless the quoted name depends on the word before it
  («Русской службе «Голоса Америки»»); a plural head shared by a list is named in the singular
  («Большого, Мариинского театров» → Мариинский театр).
- Quote marks are typography, not part of a name: «РИА «Новости»» → РИА Новости.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..folding import fold
from .casing import capital_opens_sentence, lower_first
from .extensions import mentions, register_extensions
from .inflect import is_noun, nominative, parse_case, person_nominative, singular_only
from .name_gender import dictionary_gender_morphs
from .tokens import OPENING_QUOTES as _OPEN_QUOTES
from .tokens import case_of as _case
from .tokens import quoted_mask

_HEAD_POS = frozenset({"NOUN", "PROPN"})
_AGREEING_POS = frozenset({"ADJ", "DET"})


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
    numbered = _NUMBERED.fullmatch(token.text)
    if numbered:  # «волны-2009», «Формулы-1»: the word declines, the number stays
        word, number = numbered.groups()
        return nominative(word, token.pos_, morph, singular=singular) + number
    return nominative(token.text, token.pos_, morph, singular=singular)


def normalize_person(tokens: Sequence[Token]) -> list[str]:
    morphs = agreeing_name_morphs(tokens)
    return [person_nominative(token.text, morph) for token, morph in zip(tokens, morphs,
                                                                            strict=True)]


def agreeing_name_morphs(tokens: Sequence[Token]) -> list[str]:
    """The words of a person's name agree in gender and case: when the tagger calls one word
    feminine («Мехрибан»: Nom, Fem) and another masculine («Алиева»: Gen, Masc) that can be
    read as a woman's surname in the first word's case, the first word's features
    decide («Мехрибан Алиева» → Мехрибан Алиева, not Мехрибан Алиев). A word the dictionary
    knows as a male name only («Никита») decides nothing. Words whose name readings in the
    tagger's case all have the other gender take it first (:mod:`.name_gender`)."""
    morphs = dictionary_gender_morphs(tokens)
    reference = next((token for token in tokens if _feminine_name_word(token)), None)
    if reference is None:
        return morphs
    case = _case(reference)
    for index, token in enumerate(tokens):
        if token is not reference and "Masc" in token.morph.get("Gender") and \
                _feminine_reading(token.text, case):
            morphs[index] = str(reference.morph)
    return morphs


def _feminine_name_word(token: Token) -> bool:
    from .models import morph_analyzer

    if "Fem" not in token.morph.get("Gender") or _case(token) is None:
        return False
    parses = morph_analyzer().parse(token.text.lower())
    names = [parse for parse in parses if "Name" in parse.tag]
    return not morph_analyzer().word_is_known(token.text.lower()) or any(
        "femn" in parse.tag for parse in names)


def _feminine_reading(word: str, case: str | None) -> bool:
    from .models import morph_analyzer

    return any("femn" in parse.tag and parse_case(parse) == case and "Surn" in parse.tag
               for parse in morph_analyzer().parse(word.lower()))


def normalize_phrase(tokens: Sequence[Token]) -> list[str]:
    """Inflect the head noun group of a LOC/ORG mention; keep dependents as they are."""
    quoted = quoted_mask(tokens)
    head = next((i for i, token in enumerate(tokens)
                 if token.pos_ in _HEAD_POS and not quoted[i] and is_noun(token.text)), None)
    if head is None:
        return [token.text if quoted[i] else _inflect(token) for i, token in enumerate(tokens)]
    head_case = _case(tokens[head])
    shared = _shared_head(tokens, head)
    words: list[str] = []
    for i, token in enumerate(tokens):
        if quoted[i]:
            words.append(token.text)
        elif i == head:
            words.append(_inflect(token, singular=shared))
        elif i < head:
            bare = _case(token) is None and token.pos_ in _AGREEING_POS
            agrees = _case(token) == head_case or (bare and head_case is not None)
            words.append(_inflect(token, tokens[head], singular=shared) if agrees
                         else token.text)
        elif head_case not in (None, "Gen") and _case(token) == head_case and \
                token.pos_ in _HEAD_POS | {"ADJ"}:
            words.append(_inflect(token))  # apposition: «городе Москве» → «город Москва»
        else:
            words.append(token.text)
    return words


def join_like(span: Span, words: Sequence[str]) -> str:
    """Join replacement words as the tokens were joined; any whitespace becomes one space."""
    pieces: list[str] = []
    for token, word in zip(span, words, strict=True):
        if token.is_space:
            if pieces and pieces[-1] != " ":
                pieces.append(" ")
            continue
        pieces.append(word)
        if token.whitespace_ and token.i < span.end - 1:
            pieces.append(" ")
    return "".join(pieces).strip()


def normal_form(span: Span) -> str:
    if span._.core:
        core = span.doc.char_span(span._.core[0], span._.core[1], label=span.label_)
        if core is not None and len(core):
            if core.start > 0 and span.doc[core.start - 1].text in _OPEN_QUOTES and \
                    not governed_name(core):
                return strip_quotes(" ".join(core.text.split()))  # a quoted name is as written
            span = core
    tokens = list(span)
    words = normalize_person(tokens) if span.label_ == "PER" else normalize_phrase(tokens)
    normal = strip_quotes(join_like(span, words))
    return lower_first(normal) if _sentence_capital(span) else normal


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
        for span in mentions(doc):
            if span._.normal is None:
                span._.normal = normal_form(span)
        return doc


@Language.factory(
    "entity_normalizer",
    assigns=["span._.normal"],
    requires=["token.pos", "token.morph"],
)
def make_entity_normalizer(nlp: Language, name: str) -> EntityNormalizer:
    return EntityNormalizer(nlp, name)
