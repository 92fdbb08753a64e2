"""Two people NER glued into one mention, cut apart (``glued_people``, run by
``mention_cleanup``): «После свержения Маркоса Акино стала президентом» beside «Фердинанд
Маркос» and «Корасон Акино»; a role and its actor «В роли Тони Сопрано Гандольфини»; a caption
line «Эво Моралес Эдвард Сноуден». The article's other names decide, counted once."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from .casing import only_animate_noun
from .entity_groups import given_name_word, is_patronymic, stem


def _words(span: Span) -> list[Token]:
    return [token for token in span if token.is_alpha and len(token.text) > 1]


class _ArticleNames:
    """The article's person names as stems, counted, so that one mention can ask what the
    others hold without a pass over them all: which surnames names of two words or more end
    with, which words come before a surname, and which whole names are written."""

    def __init__(self, spans: list[Span]) -> None:
        self.surnames: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()  # (surname, a word before it)
        self.given: Counter[str] = Counter()  # words named before a surname
        self.wholes: Counter[tuple[str, ...]] = Counter()
        for span in spans:
            if span.label_ == "PER":
                self._count(span, 1)

    @staticmethod
    def _stems(span: Span) -> list[str]:
        """The stems of the name's words, a role word before it left out: «Короля Александра»
        (NER's person in «бульвару Короля Александра») names no surname «Александр»."""
        words = _words(span)
        if len(words) > 1 and only_animate_noun(words[0].text.lower()):
            words = words[1:]
        return [stem(word.text.lower()) for word in words]

    def _count(self, span: Span, sign: int) -> None:
        stems = self._stems(span)
        self.wholes[tuple(stems)] += sign
        if len(stems) < 2:
            return
        self.surnames[stems[-1]] += sign
        for given in set(stems[:-1]):
            self.pairs[stems[-1], given] += sign
            self.given[given] += sign

    def without(self, span: Span) -> _ArticleNames:
        """The same counts with ``span`` left out (it is put back by ``restore``)."""
        self._count(span, -1)
        return self

    def restore(self, span: Span) -> None:
        self._count(span, 1)


def _glued_at(span: Span, names: _ArticleNames) -> int | None:
    """The token where the second of two people NER glued into ``span`` begins, or None.
    The mention's first word (after an initial) is a surname that another name of the
    article ends with and none has before its surname (nor a patronymic); the word after it
    is such a surname too, or a first name with no patronymic after it; and no name of the
    article has the two words together («Горлов Александр» beside «Александр Горлов»)."""
    words = _words(span)
    left, right = words[0], words[1]
    left_stem, right_stem = stem(left.text.lower()), stem(right.text.lower())
    if names.surnames[left_stem] <= 0 or names.pairs[left_stem, right_stem] > 0 or \
            names.pairs[right_stem, left_stem] > 0 or names.given[left_stem] > 0 or \
            not right.text[:1].isupper() or is_patronymic(left.text.lower(), any_case=True) or \
            any(not token.is_space for token in span.doc[left.i + 1:right.i]):
        return None
    if is_dictionary_name(left) and agree_as_one_name(left, right):
        return None  # «предпринимателя Александра Жукова» beside a child «Аарон Александр»
    first_name = given_name_word(right) and not any(
        is_patronymic(word.text.lower(), any_case=True) for word in words[2:])
    return right.i if names.surnames[right_stem] > 0 or first_name else None


def _named_then_surname(span: Span, names: _ArticleNames) -> int | None:
    """Where the second name of ``span`` begins when the words before it are another whole
    name of the article that ends in a surname (no first name, no patronymic), and the words
    from it are a whole name of the article too, or a surname one ends with: «В роли Тони
    Сопрано Гандольфини» beside «Тони Сопрано» and «Джеймс Гандольфини» (a role and its
    actor); a caption line «Эво Моралес Эдвард Сноуден» beside «Эво Моралес» and «Эдварду
    Сноудену»."""
    words = _words(span)
    stems = [stem(word.text.lower()) for word in words]
    for at in range(2, len(words)):
        last, right = words[at - 1], words[at]
        if names.wholes[tuple(stems[:at])] <= 0 or not right.text[1:].islower() or \
                _singular_given_name(last):
            continue
        rest = tuple(stems[at:])
        if names.wholes[rest] > 0 and len(rest) >= 2 or \
                len(rest) == 1 and names.surnames[rest[0]] > 0:
            return right.i
    return None


def _singular_given_name(token: Token) -> bool:
    """The dictionary reads the word as one person's first name or patronymic, never as a
    surname («Генри»; not «Моралес», a plural of the name Морале)."""
    from .models import morph_analyzer

    tags = [parse.tag for parse in morph_analyzer().parse(token.text.lower())]
    return any(("Name" in tag or "Patr" in tag) and "sing" in tag for tag in tags) and \
        not any("Surn" in tag for tag in tags)


def _name_parses(token: Token) -> list:
    from .models import morph_analyzer

    return [parse for parse in morph_analyzer().parse(token.text.lower())
            if {"Name", "Surn", "Patr"} & parse.tag.grammemes]


def is_dictionary_name(token: Token) -> bool:
    return any("Name" in parse.tag for parse in _name_parses(token))


def agree_as_one_name(first: Token, second: Token) -> bool:
    """The dictionary reads the two words as one person's name words in one case, number and
    gender («Александра Жукова»; not «Донилона Майкл»)."""
    return any((a.tag.case, a.tag.number, a.tag.gender) == (b.tag.case, b.tag.number, b.tag.gender)
               for a in _name_parses(first) for b in _name_parses(second))


def glued_people(spans: list[Span]) -> list[Span]:
    """Two people NER glued into one mention are two mentions: «После свержения Маркоса Акино
    стала президентом» (Фердинанд Маркос and Корасон Акино named elsewhere), «брат
    Т.Донилона Майкл работает» (Том Донилон and his brother Майкл). The surname the first
    one ends with is another name's of the article (see ``_glued_at``), or the first is a
    whole other name of it and the second a surname (``_named_then_surname``)."""
    names = _ArticleNames(spans)
    result = []
    for span in spans:
        at = None
        if span.label_ == "PER" and len(_words(span)) >= 2:
            others = names.without(span)
            at = _glued_at(span, others)
            at = at if at is not None else _named_then_surname(span, others)
            names.restore(span)
        if at is None:
            result.append(span)
            continue
        end = at
        while span.doc[end - 1].is_space:
            end -= 1
        result += [Span(span.doc, span.start, end, label="PER"),
                   Span(span.doc, at, span.end, label="PER")]
    return result


def place_then_person(spans: list[Span]) -> list[Span]:
    """A place NER glued to the person named after it is two mentions: «координатор ООН по
    Ливану Жанин Хеннис-Пласхарт» (NER's LOC «Ливану Жанин Хеннис-Пласхарт») → the LOC
    «Ливану» and the PER «Жанин Хеннис-Пласхарт», when the words before the name are a place
    the gazetteer knows and the name's last word is a person's of the article alone
    («Хеннис-Пласхарт»)."""
    surnames = {stem(words[-1].text.lower()) for span in spans if span.label_ == "PER"
                for words in [[token for token in span if not token.is_punct]] if words}
    result = []
    for span in spans:
        at = _person_after_place(span, surnames) if span.label_ == "LOC" else None
        if at is None:
            result.append(span)
            continue
        result += [Span(span.doc, span.start, at, label="LOC"),
                   Span(span.doc, at, span.end, label="PER")]
    return result


def _person_after_place(span: Span, surnames: set[str]) -> int | None:
    """Where the person begins inside a LOC mention (see :func:`place_then_person`)."""
    from .places import place_index

    if len(span) < 3 or stem(span[-1].text.lower()) not in surnames:
        return None
    for at in range(span.start + 1, span.end - 1):
        if span.doc[at].text[:1].isupper() and all(
                token.text[:1].isupper() or token.is_punct for token in span.doc[at:span.end]) and \
                place_index().by_mention(span.doc[span.start:at]) is not None:
            return at
    return None
