"""Capital letters that only start a sentence: «Органы социальной защиты …» at the start of a
sentence name «органы социальной защиты». Shared by normal forms and keyphrases."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from .models import morph_analyzer

OPENERS = frozenset("«\"„“'(—–-")
NAME_TAGS = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"})


def starts_sentence(token: Token, openers: frozenset[str] = OPENERS) -> bool:
    """The word opens a sentence, a line, or (after one of ``openers``) a quotation or a
    parenthesis: its capital letter need not be a name's."""
    if token.is_sent_start or token.i == 0:
        return True
    doc = token.doc
    previous = token.i - 1
    while previous >= 0 and doc[previous].is_space:
        previous -= 1
    if previous < 0:
        return True
    return "\n" in doc[previous + 1:token.i].text or doc[previous].text in openers


@lru_cache(maxsize=20_000)
def is_name_word(word: str) -> bool:
    """Whether the dictionary reads the lowercased word as (part of) a name or place."""
    return any(NAME_TAGS & set(parse.tag.grammemes)
               for parse in morph_analyzer().parse(word.lower()))


def capital_opens_sentence(token: Token) -> bool:
    """A dictionary word, not a name's, capitalised because it opens a sentence or a line
    («Органы», «Правительство»; not «Минфин», «Газпром», «МФЦ», nor a quoted name: «РИА
    «Новости»»), whatever the tagger calls it."""
    text = token.text
    return text[:1].isupper() and not text.isupper() and \
        starts_sentence(token, openers=frozenset()) and not is_name_word(text) and \
        morph_analyzer().word_is_known(text.lower())


def sentence_capital_only(token: Token) -> bool:
    """A common word (not tagged PROPN) capitalised only because it opens a sentence."""
    return token.pos_ != "PROPN" and capital_opens_sentence(token)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


_NOT_NOMINAL = frozenset({"VERB", "INFN", "GRND", "PRTS", "ADVB", "NPRO", "PRED", "PREP",
                          "CONJ", "PRCL", "COMP"})  # not ADJS: «Суха» is a surname
_SHORTEST_WORD = 4  # «Бом», «Хо», «Но»: short foreign surnames the dictionary reads otherwise
_VERBAL = frozenset({"VERB", "INFN", "GRND", "PRTS"})


@lru_cache(maxsize=50_000)
def has_reading(word: str, grammeme: str, nominative: bool = False) -> bool:
    """The dictionary reads ``word`` (lower case) with ``grammeme`` («Name», «Surn», «Patr»),
    in the nominative when ``nominative``: «хабирова» has a «Surn» reading, «радия» a «Name»."""
    return any(grammeme in parse.tag and (not nominative or "nomn" in parse.tag)
               for parse in morph_analyzer().parse(word))


@lru_cache(maxsize=20_000)
def never_a_name(word: str) -> bool:
    """A word of four letters or more the dictionary knows only as a verb, a short participle,
    an adverb, a pronoun or a function word, never as a name («Надеюсь», «Впоследствии»,
    «Помиловать», «Подана»; not an interjection, «Бом», nor a short adjective, «Суха»); of
    three letters, a pronoun only («Оно»)."""
    analyzer = morph_analyzer()
    if not analyzer.word_is_known(word):
        return False
    parses = analyzer.parse(word)
    if len(word) < _SHORTEST_WORD:  # a pronoun of three letters is none («Оно», «Она»)
        return len(word) == 3 and all(parse.tag.POS == "NPRO" for parse in parses)
    return all(parse.tag.POS in _NOT_NOMINAL for parse in parses)


@lru_cache(maxsize=20_000)
def never_a_verb(word: str) -> bool:
    """No reading of the word is a verb form («недавно», «также»; not «серена», a short
    participle the dictionary has for the name Серена)."""
    return not any(parse.tag.POS in _VERBAL for parse in morph_analyzer().parse(word))


@lru_cache(maxsize=20_000)
def only_animate_noun(word: str) -> bool:
    """The dictionary knows the word, only as an animate common noun: a role or a title
    («градоначальника», «лётчица», «Короля»; not «Совет», not a name)."""
    analyzer = morph_analyzer()
    parses = analyzer.parse(word)
    return analyzer.word_is_known(word) and bool(parses) and all(
        parse.tag.POS == "NOUN" and "anim" in parse.tag and not NAME_TAGS & parse.tag.grammemes
        for parse in parses)
