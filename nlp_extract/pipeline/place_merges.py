"""Merge rules for places (``grouper.MERGE_RULES``): each a function of the records left so
far that returns (keep, gone) pairs, with a golden row in tests/test_grouping_records.py."""

from __future__ import annotations

from collections.abc import Callable
from os.path import commonprefix

from ..folding import fold
from .entity_groups import (
    EntityGroup,
    distinct,
    nominative_mentions,
    quoted_nominatives,
    unique_other,
)

_MIN_STEM = 4  # letters the two spellings share
_MAX_ENDING = 2  # letters each has after them


def _starts(name: str) -> tuple[str, ...]:
    """The first two letters of each word and hyphenated part: two forms of one name share
    them (:func:`_word_forms_of_one`), so only places alike so are compared."""
    return tuple(part[:2] for word in name.split() for part in word.split("-"))


def _rank(group: EntityGroup) -> tuple[int, int, int, int]:
    """The shorter name first (a place's nominative is its shortest form: «Бенрат», «Бенрата»;
    «Сирт», «Сиртом»), then more names in quotes as written (an organisation's: «ПАО «Газпром
    нефть»» over two «Газпром нефти»), then more mentions in the nominative, then the one
    named first."""
    return (-len(group.name), quoted_nominatives(group), nominative_mentions(group),
            -group.mentions[0].start)


def _word_forms_of_one(a: str, b: str) -> bool:
    """«бенрат», «бенрата»; «унцукуль», «унцукули»; «березников», «березники»: a shared stem
    of four letters or more and at most two letters of ending each, each part of a
    hyphenated word alike («новгороде-северском», «новгород-северский»)."""
    parts_a, parts_b = a.split("-"), b.split("-")
    if len(parts_a) != len(parts_b):
        return False
    for part_a, part_b in zip(parts_a, parts_b, strict=True):
        shared = len(commonprefix([part_a, part_b]))
        if shared < min(_MIN_STEM, len(part_a), len(part_b)) or \
                max(len(part_a), len(part_b)) - shared > _MAX_ENDING:
            return False
    return True


def _forms_of_one(a: str, b: str) -> bool:
    words_a, words_b = a.split(), b.split()
    return a != b and len(words_a) == len(words_b) and all(
        _word_forms_of_one(x, y) for x, y in zip(words_a, words_b, strict=True))


_ADJECTIVE_NOMINATIVE = ("ая", "яя", "ое", "ее", "ый", "ий")


def feature_named_by_adjective(group: EntityGroup) -> bool:
    """A place named by an adjective after its type word in every mention («реки
    Норильской»: a river's, «Норильская»): no misdeclined form of a noun's name («Норильск»);
    an adjective alone («норильской промышленности») may stand for the town."""
    name = fold(group.name)
    return " " not in name and name.endswith(_ADJECTIVE_NOMINATIVE) and all(
        len(span) > 1 and span[0].text.islower() for span in group.mentions)


def misdeclined_places(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 23: a place the gazetteer does not know whose name differs from another place's
    only in its endings is that place, its case left by the normal form («Бенрата» and
    «Бенрат», «Унцукули» and «Унцукуль», «Сергиев Посада» and «Сергиев Посад»), when no
    third place is as close. The record with the shorter name, then the one written in the
    nominative more often, keeps the name;
    two places both in the gazetteer («Нигер», «Нигерия») never merge, nor does a feature named
    by an adjective after its type word (:func:`feature_named_by_adjective`: «реки Норильской»
    and «Норильска»)."""
    return misdeclined_forms([group for group in groups if group.label == "LOC" and
                              not feature_named_by_adjective(group)],
                             known=lambda group: group.geo is not None)


def misdeclined_forms(groups: list[EntityGroup], known: Callable[[EntityGroup], bool]
                      ) -> list[tuple[EntityGroup, EntityGroup]]:
    """Records of one label whose names differ only in their endings (:func:`_forms_of_one`)
    are one, when no third is as close or all that are as close are forms of one another
    («К-Телекома», «К-Телекому», «К-Телеком»): the one with the shorter name, then more
    mentions in the nominative, keeps it; a ``known`` record never joins another. A name that
    is a form of another record's other name (an alias: «Кредитинвеста» beside «дагестанское
    КБ «Кредитинвест»» named also «Кредитинвест») joins that record."""
    names = {id(group): fold(group.name) for group in groups}
    by_start: dict[tuple[str, ...], list[tuple[EntityGroup, str]]] = {}  # first letters
    for group in groups:
        for form in dict.fromkeys([names[id(group)], *map(fold, group.normals())]):
            by_start.setdefault(_starts(form), []).append((group, form))
    links = []
    for group in groups:
        if known(group):
            continue
        name = names[id(group)]
        matches = [(other, form) for other, form in by_start[_starts(name)]
                   if other is not group and _forms_of_one(name, form)]
        other = unique_other([other for other, _form in matches], group) or \
            _best_of_forms(group, [other for other, _form in matches], names)
        by_alias = other is not None and all(form != names[id(other)]
                                             for found, form in matches if found is other)
        if other is None or (not known(other) and not by_alias and _rank(other) < _rank(group)):
            continue
        group.demoted |= {fold(name) for name in group.normals()}
        links.append((other, group))
    return links


def _best_of_forms(group: EntityGroup, others: list[EntityGroup], names: dict[int, str]
                   ) -> EntityGroup | None:
    """When several records are as close to ``group``, and all their names are forms of one
    another («К-Телекома», «К-Телекому», «К-Телеком»), the best ranked of them all: one
    name in three cases is one record. None when two of them are no forms of each other, or
    when ``group`` is the best itself (the others join it)."""
    close = [group, *distinct(others)]
    for i, a in enumerate(close):
        for b in close[i + 1:]:
            if not _forms_of_one(names[id(a)], names[id(b)]):
                return None
    best = max(close, key=_rank)
    return None if best is group else best


def bare_street_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 34: a street's name alone («на Савушкина, 55», «от Савушкина») is the article's
    one street of that name («улице Савушкина»), not a place of its own, and so is one
    listed after a plural type word («в районе улиц Крупской и Циолковского» beside «на
    улице Крупской»); a place the gazetteer knows by that name («Тверская») stays apart."""
    streets: dict[str, list[EntityGroup]] = {}
    for group in groups:
        if group.label == "LOC":
            for span in group.mentions:
                if span._.street and len(span) > 1:
                    streets.setdefault(fold(span[1:].text), []).append(group)
    links = []
    for group in groups:
        if group.label != "LOC" or group.geo is not None or \
                any(span._.street and len(span) > 1 for span in group.mentions):
            continue  # a name alone listed after a plural type word («улиц Крупской и …») joins
        owners = [street for span in group.mentions for street in streets.get(fold(span.text), ())]
        street = unique_other(owners, group)
        if street is not None:
            links.append((street, group))
    return links
