"""Merge rules for people (``grouper.MERGE_RULES``): each a function of the records left so
far that returns (keep, gone) pairs, with a golden row in tests/test_grouping_records.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from spacy.tokens import Span

from ..folding import fold
from ..lexicons.words import entity_words
from .casing import has_reading
from .entity_groups import (
    MAN_SURNAME_ENDINGS,
    EntityGroup,
    anonymised_name,
    distinct,
    edit_distance,
    full_names,
    is_first_patronymic,
    is_initial,
    is_patronymic,
    name_words,
    nominative_mentions,
    person_words,
    persons_among,
    stem,
    unique_other,
    written_full_names,
)


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """Each word of the shorter name stands, in order, in the longer one, an initial for its
    word: «Джон Ф. Кеннеди» in «Джон Фитцджеральд Кеннеди»."""
    rest = iter(long)
    return all(any(word == other or (is_initial(word) and other.startswith(word.rstrip(".")))
                   for other in rest) for word in short)


def full_name_variants(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 1: names with the same first and last word are one person when one name's words
    stand in the other: «Джон Кеннеди», «Джон Фитцджеральд Кеннеди», «Джон Ф. Кеннеди»
    (not «Хамад бен Халиф Аль Тани» and «Хамад бен Джасем Аль Тани»); a hyphenated first
    name counts as its parts («Ахмат Кадыров» and «Ахмат-Хаджи Кадыров»)."""
    seen: dict[tuple[str, str], list[tuple[EntityGroup, list[str]]]] = {}
    links = []
    for group in persons_among(groups):
        for normal in dict.fromkeys(fold(name) for name in group.normals()):
            words = person_words(normal)
            if len(words) < 2 or is_initial(words[0]) or is_initial(words[-1]) or \
                    is_first_patronymic(" ".join(words)):
                continue
            for variant in _with_first_name_parts(words):
                earlier = seen.setdefault((variant[0], variant[-1]), [])
                keep = next((other for other, known in earlier if other is not group and (
                    _abbreviates(variant, known) or _abbreviates(known, variant))), None)
                if keep is not None:
                    links.append((keep, group))
                earlier.append((group, variant))
    return links


def _with_first_name_parts(words: list[str]) -> list[list[str]]:
    """A name's words, and when its first name is hyphenated, with its parts as words
    («ахмат-хаджи кадыров» → also ахмат хаджи кадыров)."""
    parts = [part for part in words[0].split("-") if part]
    if len(parts) < 2 or any(is_initial(part) for part in parts):
        return [words]
    return [words, [*parts, *words[1:]]]


def initialled_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 2: initials and a surname join the one full name they abbreviate: «А. Кудрин» →
    «Алексей Кудрин», «Дж. Ф. Кеннеди» → «Джон Фитцджеральд Кеннеди», «Михальчук И. Ф.» →
    «Илья Михальчук»; two initials go to the full name that has both when one does («А. Г.
    Николаев» → «Андриян Григорьевич Николаев», not «Андриан Николаев»). Of two or more so
    named, the one ``leading_namesake`` would pick («П.Сорос» beside «Пол Сорос» ×3 and his
    son «Питер Сорос» ×1)."""
    people = persons_among(groups)
    # with a first name and a word that reads as a patronymic too: initials never stand
    # before a patronymic alone, so «К. Лейбович» shows «Константин Лейбович» a full name
    full = [(group, words) for group in people
            for words in full_names(group, patronymics=True)]
    links = []
    for group in people:
        for normal in dict.fromkeys(fold(name) for name in group.normals()):
            words = person_words(normal)
            letters = [word[:-1] for word in words if is_initial(word)]
            rest = [word for word in words if not is_initial(word)]
            if not letters or len(rest) != 1:
                continue
            named = [(other, name) for other, name in full if stem(name[-1]) == stem(rest[0])
                     and name[0].startswith(letters[0])
                     and (len(letters) < 2 or len(name) < 3 or name[1].startswith(letters[1]))]
            # «А. Г. Николаев»: the name with «Г…» in the middle, not «Андриан Николаев» too
            spelled = [other for other, name in named
                       if len(letters) >= 2 and len(name) >= 3 and name[1].startswith(letters[1])]
            owner = sole_or_leading(spelled or [other for other, _name in named], group)
            if owner is not None:
                links.append((owner, group))
                break
    return links


def misdeclined_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 3: a declension error makes no record: a full name (or a first name and
    patronymic) whose words differ from another's only in their endings is that name («Сергей
    Скрипаля», «Сергей Скрипал» → «Сергей Скрипаль»; «Наине Иосифовне» → «Наина
    Иосифовна»); the words as written count as well as the normal forms, so that a name
    normalised two ways («Бени Ганца» → Ганец, «Бени Ганц» → Ганц) is one. The record written
    in the nominative more often keeps the name."""
    by_stems: dict[tuple[str, ...], list[EntityGroup]] = {}
    for group in persons_among(groups):
        for words in full_names(group, patronymics=True) + written_full_names(group):
            by_stems.setdefault(tuple(stem(word) for word in words), []).append(group)
    links = []
    for found in by_stems.values():
        found = distinct(found)
        if len(found) < 2:
            continue
        keep, *gone = sorted(found, key=lambda g: (-nominative_mentions(g),
                                                   -len(_nominative_first_names(g)),
                                                   -len(g.mentions), g.mentions[0].start))
        for other in gone:
            if _two_first_names(keep, other):
                continue
            other.demoted |= {fold(name) for name in other.normals()}
            links.append((keep, other))
    return links


def _nominative_names(group: EntityGroup) -> set[tuple[str, str]]:
    """First word and surname of the group's mentions written in the nominative whose first
    word the dictionary reads as a nominative first name («Евгения Плющенко выступила»); not
    one right after a relative's word with no possessive before it, where a name is whose
    relative («Жена Евгения Пригожина уехала»: his genitive; «его жена Евгения» names her)."""
    found = set()
    for span in group.mentions:
        words = person_words(span.text)
        if len(words) >= 2 and fold(span.text) == fold(span._.normal or span.text) and \
                has_reading(words[0], "Name", nominative=True) and not _whose_relative(span):
            found.add((words[0], words[-1]))
    return found


def _whose_relative(span: Span) -> bool:
    """The mention comes right after a relative's word (``kinship_words`` of
    models/entity_words.yaml) that no possessive or determiner precedes: «Жена Евгения
    Пригожина», «вдова Алексея Навального» (not «его жена Евгения Пригожина»)."""
    doc = span.doc
    if span.start < 1 or fold(doc[span.start - 1].lemma_) not in entity_words().kinship_words:
        return False
    before = doc[span.start - 2] if span.start >= 2 else None
    return before is None or before.pos_ not in ("DET", "PRON")


def _nominative_first_names(group: EntityGroup) -> set[str]:
    return {first for first, _ in _nominative_names(group)}


# a woman's surname beside a man's: «Иванов» / «Иванова», «Толстой» / «Толстая»
_ADJECTIVAL_SURNAME_ENDINGS = ("ий", "ой", "ый")


def _surnames_of_one_family(a: str, b: str) -> bool:
    """The same surname, or a man's and a woman's form of one («Плющенко», «Иванов» /
    «Иванова», «Яровой» / «Яровая»); not «Шарец» / «Шареца», a declension error."""
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if shorter.endswith(MAN_SURNAME_ENDINGS) and longer == shorter + "а":
        return True
    return any(man.endswith(_ADJECTIVAL_SURNAME_ENDINGS) and woman == man[:-2] + "ая"
               for man, woman in ((a, b), (b, a)))


def _two_first_names(group: EntityGroup, other: EntityGroup) -> bool:
    """Both written in the nominative with other first names and surnames of one family:
    «Евгений Плющенко» and «Евгения Плющенко» are two people, no declension error (but
    «Марьян Шарец» and «Марьяна Шареца» are one)."""
    mine, theirs = _nominative_names(group), _nominative_names(other)
    return any(first != other_first and _surnames_of_one_family(surname, other_surname)
               for first, surname in mine for other_first, other_surname in theirs) and \
        not {first for first, _ in mine} & {first for first, _ in theirs}


def short_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 7: «Бобиев» → «Далер Бобиев», «Хабиба» → «Хабиб Нурмагомедов»: a surname or a
    first name alone joins the one full name that ends or begins with it, its case ending
    aside («Земаном» → «Милош Земан»; compared as written too, whatever the normal forms:
    «Ганца» → Ганец still joins «Эрик Ганц»), a particle aside («Завахири» → «Айман аль-Завахири»);
    «Людмила Марковна» → «Людмила Гурченко» (first name
    and patronymic, the Russian way of naming someone known: the entity is then named
    «Людмила Марковна Гурченко»); a first name alone joins the one first name and patronymic
    no full name has («Борис» → «Борис Моисеевич»). Two full names that share the word keep
    it apart (father and son), and so does a form only a woman's surname takes beside a
    man's first name («внучке Тихоновой» beside «Виктор Тихонов»). A word that two full
    names hold, one as its surname, joins that one («Сиви» is «Митч Сиви», not «Сиви
    Даллас», a son NER named surname first). A woman's surname that is also the genitive of a
    man's named first, every mention of it before she is named, is his
    (:func:`_his_genitive_before_her`: «Адвокат Сафина» between «Ленара Сафина» and
    «Альфия Сафина»)."""
    people = persons_among(groups)
    by_end_word: dict[str, list[EntityGroup]] = {}  # first or last word → full names
    by_surname: dict[str, list[EntityGroup]] = {}  # last word → full names
    by_end_stem: dict[str, list[EntityGroup]] = {}
    by_first_word: dict[str, list[EntityGroup]] = {}
    by_initialled: dict[str, list[EntityGroup]] = {}  # surname → «Д. Медведев»
    by_first_patronymic: dict[str, list[EntityGroup]] = {}  # first name → «Борис Моисеевич»
    for other in people:
        for normal in other.normals():
            words = person_words(normal)
            if len(words) >= 2 and is_initial(words[0]) and not is_initial(words[-1]):
                by_initialled.setdefault(words[-1], []).append(other)
        for words in full_names(other):
            for word in dict.fromkeys((words[-1], without_particle(words[-1]),
                                       without_generation(words[-1]), words[0])):
                by_end_word.setdefault(word, []).append(other)
                by_end_stem.setdefault(stem(word), []).append(other)
            by_surname.setdefault(words[-1], []).append(other)
            by_first_word.setdefault(words[0], []).append(other)
        for words in full_names(other, patronymics=True):
            if is_first_patronymic(" ".join(words)):
                by_first_patronymic.setdefault(words[0], []).append(other)
            elif len(words) == 3 and is_first_patronymic(" ".join(words[1:])):
                by_first_word.setdefault(words[1], []).append(other)  # «Тихонова Татьяна …»
        for words in written_full_names(other):  # «Эрика Ганца» normalised «Эрик Ганец»
            by_end_stem.setdefault(stem(words[-1]), []).append(other)
    lone = [span for other in people if len(person_words(other.key)) == 1
            for span in other.mentions if len(span) == 1]
    lone_starts, lone_ends = {span.start for span in lone}, {span.end for span in lone}
    links = []
    for group in people:
        words = person_words(group.key)
        if len(words) == 1:
            word = words[0]
            owner = unique_other(by_end_word.get(word, []), group)
            if owner is None:  # «Сиви» beside «Митч Сиви» and «Сиви Даллас»
                owner = unique_other(by_surname.get(word, []), group)
            if owner is None and not by_end_word.get(word):
                stems = sorted({stem(word)} | _written_stems(group))  # «Ганца» normalised Ганец
                owner = unique_other([other for found in stems
                                      for other in by_end_stem.get(found, [])], group)
            if owner is None and not by_end_stem.get(stem(word)):
                owner = unique_other(by_initialled.get(word, []), group)
            if owner is None and not by_end_word.get(word):
                owner = unique_other(by_first_patronymic.get(word, []), group)
        elif is_first_patronymic(group.key):
            named = by_first_word.get(words[0], [])
            owner = unique_other(named, group) or \
                unique_other(_initialled_alike(named, words), group) or \
                unique_other(_named_earlier(named, group), group)
        else:
            continue
        if owner is not None and words[0] not in by_surname and \
                _listed_before(group, owner, lone_starts, lone_ends):
            continue
        if owner is not None and len(words) == 1:
            owner = _his_genitive_before_her(group, owner, by_surname) or owner
        if owner is not None and not other_gender(group, owner, tagged=True):
            links.append((owner, group))
    return links


def _named_earlier(candidates: list[EntityGroup], group: EntityGroup) -> list[EntityGroup]:
    """The full names among ``candidates`` named before the group's first mention: «Алексей
    Борисович» after «Алексей Миллер» is he, not the «Алексей Оверчук» named later (a first
    name and patronymic speak of someone the reader has met)."""
    first = group.mentions[0].start
    return [other for other in distinct(candidates) if other.mentions[0].start < first]


def _initialled_alike(candidates: list[EntityGroup], words: list[str]) -> list[EntityGroup]:
    """The full names among ``candidates`` that are also written with the initials of a first
    name and patronymic (``words``): «Александр Дмитриевич» is the «Александр Беглов» of «А.Д.
    Беглов», not «Александр Бельский»."""
    initials = (words[0][:1], words[1][:1])
    return [other for other in distinct(candidates)
            if any(len(found := person_words(normal)) >= 3 and
                   all(is_initial(word) for word in found[:2]) and
                   (found[0][:1], found[1][:1]) == initials
                   for normal in other.normals())]


def _his_genitive_before_her(group: EntityGroup, owner: EntityGroup,
                             by_surname: dict[str, list[EntityGroup]]) -> EntityGroup | None:
    """A surname alone that is a woman's surname and the genitive of a man's whom the article
    names first, every mention of it before she is named, is his: «Адвокат Сафина» after
    «Ленара Сафина», before «Альфия Сафина» (a reader has met only him). None otherwise."""
    word = person_words(group.key)[0]
    if not word.endswith("а") or len(word) < 4:
        return None
    men = [other for other in by_surname.get(word[:-1], []) if other is not owner]
    if len(distinct(men)) != 1:
        return None
    him, her_first = men[0], owner.mentions[0].start
    last = max(span.start for span in group.mentions)
    return him if him.mentions[0].start < group.mentions[0].start and last < her_first \
        else None


_LIST_WORDS = frozenset({",", "и"})


def _listed_before(group: EntityGroup, owner: EntityGroup, starts: set[int],
                   ends: set[int]) -> bool:
    """Every mention of a first name alone stands in a list beside another one-word name, all
    before the full name that shares the word is named («Сыновья Ланова, Александр и Сергей,
    поблагодарили врачей. … Мэр Москвы Сергей Собянин»): people the article names so
    together, not someone it has not named yet (named before, he may be one of the list:
    «Семья Обама: Малия, Мишель, Барак, Саша»). ``starts``, ``ends``: where the article's
    one-word person mentions start and end."""
    first = min(span.start for span in owner.mentions)
    if any(span.start > first for span in group.mentions):
        return False

    def listed(span: Span) -> bool:
        doc = span.doc
        after, before = span.end, span.start
        while after < len(doc) and doc[after].text in _LIST_WORDS:
            after += 1
        while before > 0 and doc[before - 1].text in _LIST_WORDS:
            before -= 1
        return after > span.end and after in starts or before < span.start and before in ends
    return all(listed(span) for span in group.mentions)


def short_names_again(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 39: ``short_names`` once more, after the rules that join one person's full names
    written in several ways: «Осадчая» alone beside «Катериной Осадчей», «Кати Осадчей» and
    «Екатериной Осадчей» had three full names to choose from; ``familiar_first_names`` made
    them one, and the surname alone joins it."""
    return short_names(groups)


def _written_gender(group: EntityGroup) -> str | None:
    """The gender every mention of a one-word name is written in, when the form of the
    Russian surname tells it («Тихоновой»: Fem), else None."""
    genders = {surname_form_gender(name_words(span.text)[-1]) for span in group.mentions}
    return genders.pop() if len(genders) == 1 else None


def other_gender(group: EntityGroup, owner: EntityGroup, tagged: bool = False) -> bool:
    """«внучке Тихоновой» is no «Виктор Тихонов»: the surname's form and the full name's
    first name tell two genders (``tagged``: the first name's gender the tagger's when the
    dictionary gives none, :func:`_named_gender`: «Стояновича», a man's, and «Ана
    Стоянович»)."""
    written = _written_gender(group)
    named = _named_gender(owner) if tagged else _first_name_gender(owner)
    return written is not None and named not in (None, written)


def _written_stems(group: EntityGroup) -> set[str]:
    """The stems of a one-word name's mentions as written: «Ганца» → ганц."""
    return {stem(word) for word in _written_words(group)}


def titled_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 26: a one-word name NER took in with a title or a common word before it is the
    record of that word alone: «Принц Уильям», «Принцу Уильяму» and «Уильяма» are one person,
    as are «Эмир Кустурица» and «Кустурицы» (``person_words``). The record without the title
    keeps the name; two such names of different people are two words, never joined here."""
    by_word: dict[str, list[EntityGroup]] = {}
    for group in persons_among(groups):
        for normal in dict.fromkeys(fold(name) for name in group.normals()):
            words = person_words(normal)
            if len(words) == 1:
                by_word.setdefault(words[0], []).append(group)
    links = []
    for found in by_word.values():
        found = distinct(found)
        if len(found) < 2:
            continue
        keep, *gone = sorted(found, key=lambda g: (len(name_words(g.key)), g.mentions[0].start))
        links.extend((keep, other) for other in gone)
    return links


def without_particle(surname: str) -> str:
    """A surname without the particle joined to it by a hyphen: «аль-завахири» → завахири,
    «эль-баради» → баради (``NAME_PARTICLES``); others unchanged."""
    from .inflect import NAME_PARTICLES

    particle, _, rest = surname.partition("-")
    return rest if rest and particle in NAME_PARTICLES else surname


_GENERATIONS = ("-младш", "-старш")


def generation_of(surname: str) -> str | None:
    """The generation joined to a surname («лоуренса-младшего» → -младш), else None."""
    return next((suffix for suffix in _GENERATIONS if surname.find(suffix) > 0), None)


def without_generation(surname: str) -> str:
    """A surname without the generation joined to it: «вэнс-младший» → вэнс, «хантсмена-
    старшего» → хантсмена; others unchanged."""
    suffix = generation_of(surname)
    return surname[:surname.find(suffix)] if suffix else surname


def lone_names_written_alike(groups: list[EntityGroup]
                             ) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 36: a one-word name written as a one-word mention of one other record but
    normalised otherwise is that record: «легендарному Пеле» (guessed Пела) is the «Пеле» of
    «Пеле (настоящее имя Эдсон Арантис ду Насименту)»; a declension guess makes no record. A
    man's and a woman's form of one surname («Иванова» read Иванов and Иванова) stay apart."""
    people = persons_among(groups)
    written: dict[str, list[tuple[EntityGroup, str]]] = {}
    for group in people:
        for span in group.mentions:
            words = person_words(fold(span.text))
            if len(words) == 1 and not is_initial(words[0]):
                normal = person_words(fold(span._.normal or span.text))
                written.setdefault(words[0], []).append((group, normal[-1] if normal else ""))
    links = []
    joined: set[frozenset[int]] = set()
    for group in people:
        name = lone_name(group)
        if name is None:
            continue
        owners = [other for word in _written_words(group)
                  for other, normal in written.get(word, [])
                  if other is not group and normal != name and
                  not _surnames_of_one_family(normal, name)]
        owner = unique_other(owners, group)
        if owner is None or frozenset((id(owner), id(group))) in joined:
            continue
        joined.add(frozenset((id(owner), id(group))))
        keep, gone = sorted((owner, group), key=lambda g: (-nominative_mentions(g),
                                                           -len(g.mentions),
                                                           g.mentions[0].start))
        gone.demoted |= {fold(name) for name in gone.normals()
                         if len(person_words(fold(name))) == 1}
        links.append((keep, gone))
    return links


def _written_words(group: EntityGroup) -> set[str]:
    """A one-word name's mentions as written, folded: «Пеле»."""
    return {words[0] for span in group.mentions
            if len(words := person_words(fold(span.text))) == 1}


def leading_namesake(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 9: a surname alone that two or more named people of the article share is the one
    the article is about: named first and more often than each of the others («Уоррен
    Баффет» ×4, then «Говард Баффет» once: «Баффет» is Уоррен), written the same (a wife's
    «Алиева» is not her husband's «Алиев») and in no form of the other gender («Стояновича»,
    a man's, is not «Ана Стоянович»). Otherwise it stays apart."""
    return [(owner, group) for group, owners in _namesakes(groups)
            if (same := [other for other in owners if not other_gender(group, other, tagged=True)])
            and (owner := _leading(same, group)) is not None]


def _leading(owners: list[EntityGroup], group: EntityGroup) -> EntityGroup | None:
    """Of the people who share the name ``group`` is written with, the one named first and
    more often than each of the others, named before ``group``; or the one named first when
    every mention of ``group`` comes before the others are named (:func:`_named_before`);
    or, when ``group`` comes before them all (a headline's «Липницкой»), the one named at
    least twice as often as each of the others; else None."""
    first, *others = sorted(owners, key=lambda other: other.mentions[0].start)
    if all(len(first.mentions) > len(other.mentions) for other in others) and \
            first.mentions[0].start < group.mentions[0].start:
        return first
    if _named_before(first, others, group):
        return first
    most, *fewer = sorted(owners, key=lambda other: -len(other.mentions))
    if group.mentions[0].start < first.mentions[0].start and \
            all(len(most.mentions) >= 2 * len(other.mentions) for other in fewer):
        return most
    return None


def _named_before(first: EntityGroup, others: list[EntityGroup], group: EntityGroup) -> bool:
    """``first`` is named before a mention of ``group`` (a headline's may come before it), and
    every mention of ``group`` comes before any of ``others`` is named: a reader meets one
    namesake only («Тимур Садыков … Садыков получил … Сам Садыков вину не признал», and only
    then «его сын Артем Садыков»; «Гергиев возглавил Большой театр» above «Валерия Гергиева»
    and two more «Гергиев», then «Сын дирижёра Абисал Гергиев»)."""
    last = max(span.start for span in group.mentions)
    return min(span.start for span in first.mentions) < last and \
        all(last < min(span.start for span in other.mentions) for other in others)


def sole_or_leading(owners: list[EntityGroup], group: EntityGroup) -> EntityGroup | None:
    """The one record of ``owners`` other than ``group``, or of two or more the one
    :func:`_leading` picks; None when there is none."""
    others = [other for other in distinct(owners) if other is not group]
    return others[0] if len(others) == 1 else _leading(others, group) if others else None


def leading_first_namesake(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 29: a first name alone that two or more named people of the article share is the
    one the article is about, as ``leading_namesake`` decides: «Хулио» beside «Хулио
    Иглесиас» ×8 and «Хулио Иглесиас-младший» ×1 is the father."""
    return [(owner, group) for group, owners in _namesakes(groups, _first_name)
            if (owner := _leading(owners, group)) is not None]


def _surnames(words: list[str]) -> tuple[str, ...]:
    """A full name's surname, and without its generation («вэнс-младший», «вэнс»)."""
    return tuple(dict.fromkeys((words[-1], without_generation(words[-1]))))


def _first_name(words: list[str]) -> tuple[str, ...]:
    return (words[0],)


def _namesakes(groups: list[EntityGroup],
               names: Callable[[list[str]], tuple[str, ...]] = _surnames
               ) -> list[tuple[EntityGroup, list[EntityGroup]]]:
    """Each record named by one word alone, with the two or more other people of the article
    whose full name has that word among its ``names`` (by default its surname, a generation
    aside: «Вэнс-младший»; or its first name)."""
    people = persons_among(groups)
    by_name: dict[str, list[EntityGroup]] = {}
    for other in people:
        for words in full_names(other):
            for name in names(words):
                by_name.setdefault(name, []).append(other)
    found = []
    for group in people:
        word = lone_name(group)
        if word is None:
            continue
        owners = [other for other in distinct(by_name.get(word, [])) if other is not group]
        if len(owners) >= 2:
            found.append((group, owners))
    return found


def _first_name_gender(group: EntityGroup) -> str | None:
    """``Masc`` or ``Fem``: the dictionary's gender of the group's first names, when they
    agree (None: unknown or both)."""
    from .name_gender import dictionary_gender

    genders = {dictionary_gender(words[0], "Nom") for words in full_names(group)}
    return genders.pop() if len(genders) == 1 else None


def _named_gender(group: EntityGroup) -> str | None:
    """:func:`_first_name_gender`, else, for a first name the dictionary gives no gender
    (reading it as a common noun: «Ана»), the tagger's gender of the first word of the
    group's names of two words or more, when they agree («Ана Стоянович, которая …»: Fem)."""
    found = _first_name_gender(group)
    if found is not None:
        return found
    genders = {gender for span in group.mentions if len(span) > 1
               for gender in span[0].morph.get("Gender")}
    return genders.pop() if len(genders) == 1 else None


def _tagged_gender(group: EntityGroup) -> str | None:
    """The gender the tagger gives every mention of a one-word name in its sentence («Обама
    заявил»: Masc), None when the mentions disagree or have none."""
    genders = {tuple(span[0].morph.get("Gender")) for span in group.mentions}
    if len(genders) != 1:
        return None
    found = genders.pop()
    return found[0] if len(found) == 1 else None


def gendered_namesake(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 8: a surname alone that a man and a woman of the article share is the one whose
    gender its sentences give it: «Барак Обама и Мишель Обама … Обама заявил» → Барак,
    «… Обама заявила» → Мишель (the tagger's gender of every mention, and the dictionary's of
    the first names; exactly one of the named people must have it)."""
    links = []
    for group, owners in _namesakes(groups):
        gender = _tagged_gender(group)
        matching = [other for other in owners if gender and _first_name_gender(other) == gender]
        if len(matching) == 1:
            links.append((matching[0], group))
    return links


# case forms only a woman's or only a man's Russian surname takes: «Завьяловой» (of Завьялова),
# «Завьяловым», «Завьялове» (of Завьялов); «Завьялова», «Завьялову» are either
_SURNAME_FORM_GENDERS = (("Fem", ("овой", "евой", "ёвой", "иной", "ыной", "ской", "цкой")),
                         ("Masc", ("овым", "евым", "ёвым", "иным", "ыным", "ове", "еве", "ёве",
                                   "ским", "цким", "ского", "цкого", "скому", "цкому",
                                   # a surname in «-ич» declines for a man only: «Стояновича»
                                   "ича", "ичу", "ичем")))


def surname_form_gender(word: str) -> str | None:
    """``Fem``/``Masc`` when the form of a Russian surname tells the gender («Завьяловой»:
    Fem, «Ивановым»: Masc), else None."""
    return next((gender for gender, endings in _SURNAME_FORM_GENDERS
                 if word.endswith(endings)), None)


def _family_stem(surname: str) -> str:
    """The stem a man's and a woman's form of a surname share, in any case: «Липницкой»,
    «Липницкая», «Липницкий» → липницк; «Завьяловой», «Завьялов» → завьялов."""
    at = max(surname.rfind("ск"), surname.rfind("цк"))
    if at >= 3 and len(surname) - at <= 5:
        return surname[: at + 2]
    return stem(surname)


def gendered_surname_forms(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 27: a surname alone in a form only a woman's (or only a man's) surname takes
    («Завьяловой», «Ивановым») is the one person of that gender the article names with the
    surname («Александра Завьялова» beside «Пётр Завьялов»), whatever the normal form made of
    it."""
    people = persons_among(groups)
    by_family: dict[str, list[EntityGroup]] = {}
    for other in people:
        for words in full_names(other):
            by_family.setdefault(_family_stem(without_generation(words[-1])), []).append(other)
    links = []
    for group in people:
        surname = lone_name(group)
        gender = _written_gender(group)
        if surname is None or gender is None:
            continue
        owners = [other for other in distinct(by_family.get(_family_stem(surname), []))
                  if other is not group and _first_name_gender(other) == gender]
        if len(owners) == 1:
            links.append((owners[0], group))
    return links


def patronymic_surnames(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 28: «Абрамович» alone is the article's one «Роман Абрамович»: a word the dictionary
    reads as a patronymic, used alone, is a surname (nobody is named by a patronymic alone),
    so the one name of a first name and that word is a first name and a surname."""
    people = persons_among(groups)
    by_second: dict[str, list[EntityGroup]] = {}
    for other in people:
        for normal in dict.fromkeys(fold(name) for name in other.normals()):
            words = person_words(normal)
            if is_first_patronymic(" ".join(words)):
                by_second.setdefault(words[1], []).append(other)
    links = []
    for group in people:
        surname = lone_name(group)
        owner = unique_other(by_second.get(surname, []), group) if surname else None
        if owner is not None:
            links.append((owner, group))
    return links


@cache
def familiar_forms() -> dict[str, tuple[str, ...]]:
    """``models/first_names.yaml``: the stem of a folded familiar form (:func:`stem`: its
    case ending off) → the folded full first names it stands for."""
    from ..lexicons import Schema, load_lexicon_file
    from ..lexicons.loader import TABLE

    lexicon = load_lexicon_file("first_names.yaml", Schema(
        "nlp_extract.first_names", {"familiar": TABLE}, required=frozenset({"familiar"})))
    forms: dict[str, list[str]] = {}
    for name, familiar in lexicon.table("familiar").items():
        for form in familiar:
            forms.setdefault(stem(fold(form)), []).append(fold(name))
    return {form: tuple(names) for form, names in forms.items()}


def _familiar_full(word: str) -> tuple[str, ...]:
    """The full first names a familiar form stands for, in any case («Лёши» → алексей)."""
    return familiar_forms().get(stem(word), ())


def familiar_first_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 14: a familiar first name is the full one («Лёша Тихонов» is «Алексей Тихонов»,
    «Юра» alone is the article's one Юрий): with the surname, the person of that full name and
    surname; alone, the one person whose full name begins with it."""
    people = persons_among(groups)
    by_name: dict[str, list[EntityGroup]] = {}
    by_first: dict[str, list[EntityGroup]] = {}
    for other in people:
        for words in full_names(other):
            by_name.setdefault(f"{words[0]} {stem(words[-1])}", []).append(other)
            by_first.setdefault(words[0], []).append(other)
    links = []
    for group in people:
        words = person_words(group.key)
        if not 1 <= len(words) <= 2:
            continue
        full = _familiar_full(words[0])
        if len(words) == 1:
            owners = [other for name in full for other in by_first.get(name, [])]
        else:
            owners = [other for name in full
                      for other in by_name.get(f"{name} {stem(words[1])}", [])]
        owner = unique_other(owners, group)
        if owner is not None:
            links.append((owner, group))
    return links


def _close_spellings(a: str, b: str) -> bool:
    """Two spellings of one foreign surname («Гутерреш», «Гутерриш»; «Эймс», «Эймс»): the
    same first three letters, at least five letters, at most two letters apart."""
    if a == b or min(len(a), len(b)) < 5 or a[:3] != b[:3] or abs(len(a) - len(b)) > 2:
        return False
    return edit_distance(a, b) <= 2


_DOUBLED = re.compile(r"(\w)\1")


_SOFT_L = re.compile(r"ль(?=[оеаяюи])")  # «Кабельо», «Мурильо», «Кастилья»


def _plain_spelling(word: str) -> str:
    """A surname as two transliterations of it agree: «э» as «е», doubled letters single, a
    Spanish «ll» written «ль» or «й» before a vowel as «й» («Бэкхем», «Бекхэм» → бекхем;
    «Маккалоу», «Макаллоу» → макалоу; «Кабельо», «Кабейо» → кабейо)."""
    plain = _DOUBLED.sub(r"\1", word.replace("э", "е").replace("ё", "е"))
    return _SOFT_L.sub("й", plain)


def _same_plain_spelling(a: str, b: str) -> bool:
    """Two spellings of a short surname transliterated alike: «Скотт», «Скот»."""
    return a != b and _plain_spelling(a) == _plain_spelling(b)


def _one_letter_changed(a: str, b: str) -> bool:
    """One letter of a surname of six letters or more changed after the first, the length
    kept: a typo («Царнаев», «Цорнаев»)."""
    return len(a) == len(b) >= 6 and a[0] == b[0] and a != b and \
        sum(x != y for x, y in zip(a, b, strict=True)) == 1


def spelling_variants(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 15: two full names with the same words before the surname whose surnames are
    spellings of one («Антониу Гутерреш», «Антониу Гутерриш»; «Ирина Ярова», «Ирина
    Яровая»; «Майкл Дэвид Баретт», «Майкл Дэвид Барретт»; «Пол Скотт», «Пол Скот») are one
    person, when no third name of the article is as close."""
    people = persons_among(groups)
    by_given_names: dict[tuple[str, ...], list[tuple[EntityGroup, str]]] = {}
    for group in people:
        for words in full_names(group):
            by_given_names.setdefault(tuple(words[:-1]), []).append((group, words[-1]))
    links = []
    for named in by_given_names.values():
        for index, (group, surname) in enumerate(named):
            close = distinct([other for other, known in named[index + 1:]
                               if other is not group and (_close_spellings(surname, known) or
                                                          _same_plain_spelling(surname, known)
                                                          or _one_letter_changed(surname, known))])
            if len(close) == 1:
                links.append((group, close[0]))
    return links


def reordered_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 4: a name written surname first is the person written first name first: «Горлов
    Александр» is «Александр Горлов», «Соловьёв Александр Васильевич» is «Александр
    Соловьёв» (the surname, then a first name, then perhaps a patronymic; case endings aside).
    The record is named first name first («Александр Васильевич Соловьёв»)."""
    people = persons_among(groups)
    by_name: dict[tuple[str, str], list[EntityGroup]] = {}  # (first name, surname) → people
    for group in people:
        for words in full_names(group):
            by_name.setdefault((stem(words[0]), stem(words[-1])), []).append(group)
    links = []
    for group in people:
        for words in full_names(group):
            if len(words) > 3 or not has_reading(words[1], "Name") or (
                    len(words) == 3 and not is_patronymic(words[2])):
                continue
            owner = unique_other(by_name.get((stem(words[1]), stem(words[0])), []), group)
            if owner is None:
                continue
            written = [name for name in group.normals() if len(name.split()) > 1]
            group.demoted |= {fold(name) for name in written}
            group.composed.extend(_rotated(name) for name in written if len(name.split()) == 3)
            links.append((owner, group))
            break
    return links


def _rotated(name: str) -> str:
    """«Соловьёв Александр Васильевич» → «Александр Васильевич Соловьёв»."""
    words = name.split()
    return " ".join(words[1:] + words[:1])


def lone_name(group: EntityGroup) -> str | None:
    """The one word a record is named by (a surname or a first name alone), not an initial."""
    words = person_words(group.key)
    return words[0] if len(words) == 1 and not is_initial(words[0]) else None


def _near_spelling(a: str, b: str) -> bool:
    """One letter apart, two for surnames of eight letters or more (:func:`_close_spellings`)."""
    if not _close_spellings(a, b):
        return False
    return min(len(a), len(b)) >= 8 or edit_distance(a, b) <= 1


def _typo(a: str, b: str) -> bool:
    """One letter changed, added or dropped after the first, in words of five letters or more
    («Курнес», «Кернес»; «Георгиев», «Гергиев»)."""
    return a != b and a[0] == b[0] and min(len(a), len(b)) >= 5 and edit_distance(a, b) == 1


def misspelled_surnames(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 16: a surname alone that no name of the article has, spelled one letter away from
    the surname of exactly one full name («Буров» beside «Николай Бурков», «Аленчиев» beside
    «Дмитрий Аленичев», «Курнеса» beside «Геннадий Кернес») or spelled alike once transliterated
    alike («Бэкхем» beside «Дэвид Бекхэм»), is that person: a typo or a second
    transliteration. Of two or more such people, the one ``leading_namesake`` would pick
    («Макаллоу» beside «Колин Маккалоу» ×9 and her mother «Лора Маккалоу» ×1)."""
    people = persons_among(groups)
    surnames: dict[str, list[EntityGroup]] = {}
    plain: dict[str, list[EntityGroup]] = {}  # «Бекхэм» and «Бэкхем» as transliterated alike
    for other in people:
        for words in full_names(other):
            surnames.setdefault(stem(words[-1]), []).append(other)
            plain.setdefault(_plain_spelling(words[-1]), []).append(other)
    links = []
    for group in people:
        word = lone_name(group)
        if word is None or stem(word) in surnames:
            continue
        owners = [other for known, found in surnames.items()
                  if _near_spelling(stem(word), known) or _typo(stem(word), known)
                  for other in found] + plain.get(_plain_spelling(word), [])
        owner = sole_or_leading(owners, group)
        if owner is not None:
            links.append((owner, group))
    return links


def names_within_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 5: a name of two words or more whose words stand, in order, in the longer name
    of exactly one other person is that person: «Фидель Кастро» in «Фидель Алехандро Кастро
    Рус», «Мишель Бачелет» in «Вероника Мишель Бачелет Хериа», «Кристина Фернандес» in
    «Кристина Фернандес де Киршнер» (case endings aside)."""
    people = persons_among(groups)
    names = [(group, [stem(word) for word in words]) for group in people
             for words in full_names(group)]
    links = []
    for group in people:
        owners = [other for words in full_names(group)
                  for other, longer in names
                  if len(longer) > len(words) and _abbreviates([stem(w) for w in words], longer)]
        owner = unique_other(owners, group)
        if owner is not None:
            links.append((owner, group))
    return links


_ENGLISH_W = re.compile(r"у(?=[эиоа])")  # «Уэнтуорт», «Уильям»: English «w» written «у»


def _close_first_names(a: str, b: str) -> bool:
    """Two spellings of one first name («Кэрри», «Керри»; «Николас», «Николаус»; «Уэнтуорт»,
    «Вентворт»: an English «w» written «у» or «в»), not a man's and a woman's («Александр»,
    «Александра»; «Евгений», «Евгения»)."""
    a, b = _ENGLISH_W.sub("в", a), _ENGLISH_W.sub("в", b)
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if stem(a) == stem(b) or a[:-1] == b[:-1]:
        return False  # «Александр(а)», «Евгени(й|я)»: endings make a man or a woman
    return edit_distance(a, b) <= (1 if min(len(a), len(b)) < 7 else 2)


def _final_s_or_z(a: str, b: str) -> bool:
    """Two transliterations of a Spanish or Portuguese surname in «-s»: «Диас» and «Диаз»,
    «Перес» and «Перез»."""
    return len(a) == len(b) >= 4 and a[:-1] == b[:-1] and {a[-1], b[-1]} == {"с", "з"}


def _middle_names(words: list[str]) -> list[str]:
    """The words between a first name and a surname, particles aside («ибн», «бин»: one
    name transliterated two ways)."""
    from .inflect import NAME_PARTICLES

    return [word for word in words[1:-1] if word not in NAME_PARTICLES]


def transliterated_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 6: two full names whose first names and surnames are each one or two letters
    apart (two transliterations: «Кэрри Фишер» and «Керри Фишер», «Камерон Диас» and
    «Кэмерон Диаз», «Гарри Каспаров» and «Гари Каспаров»; middle names aside: «Марк Чепмен»
    and «Марк Дэвид Чэпмен») are one person, when no third name of the article is as close;
    «Александр Райсман» and «Александра Райсман» stay apart, and so do «Хамад бен Халиф Аль
    Тани» and «Хамад бен Джасем Аль Тани» (other middle names)."""
    people = persons_among(groups)
    named = [(group, words[0], words[-1], _middle_names(words))
             for group in people for words in full_names(group)]
    links = []
    for index, (group, first, last, middle) in enumerate(named):
        close = distinct([
            other for other, other_first, other_last, other_middle in named[index + 1:]
            if other is not group and _close_first_names(first, other_first) and
            not (middle and other_middle and middle != other_middle) and
            (stem(last) == stem(other_last) or _near_spelling(stem(last), stem(other_last))
             or _near_spelling(last, other_last) or _final_s_or_z(last, other_last)
             or _same_plain_spelling(last, other_last))])
        if len(close) == 1:
            links.append((group, close[0]))
    return links


_LONG_NAME = 4  # words, particles included: «Луис Инасиу Лула да Силва»


def middle_names_alone(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 40: a name of one word that stands inside the full name of four words or more of
    exactly one person, neither first nor last, and in no other person's name, is that person:
    «Лула» is «Луис Инасиу Лула да Силва» (a surname in the middle, as Portuguese and Spanish
    names have it)."""
    people = persons_among(groups)
    inside: dict[str, list[EntityGroup]] = {}
    anywhere: dict[str, list[EntityGroup]] = {}
    for other in people:
        for words in full_names(other):
            for word in words:
                anywhere.setdefault(stem(word), []).append(other)
            if len(words) >= _LONG_NAME:
                for word in _middle_names(words):
                    inside.setdefault(stem(word), []).append(other)
    links = []
    for group in people:
        words = person_words(group.key)
        if len(words) != 1:
            continue
        owner = unique_other(inside.get(stem(words[0]), []), group)
        if owner is not None and unique_other(anywhere.get(stem(words[0]), []), group) is owner:
            links.append((owner, group))
    return links


def anonymised_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 41: a person a court story names by first name, patronymic and the initial of the
    surname («Вадим Сергеевич К.», as Russian courts publish names) is the article's one
    first name and patronymic alone («Вадиму Сергеевичу») and its one surname initial alone
    («обвиняемый К.»)."""
    people = persons_among(groups)
    by_first_patronymic: dict[tuple[str, ...], list[EntityGroup]] = {}
    by_initial: dict[str, list[EntityGroup]] = {}
    for other in people:
        for normal in other.normals():
            words = person_words(normal)
            if anonymised_name(words):
                by_first_patronymic.setdefault(tuple(words[:2]), []).append(other)
                by_initial.setdefault(words[2].rstrip("."), []).append(other)
    links = []
    for group in people:
        words = person_words(group.key)
        if len(words) == 1 and is_initial(words[0]):
            owner = unique_other(by_initial.get(words[0].rstrip("."), []), group)
        elif len(words) == 2 and is_first_patronymic(group.key):
            owner = unique_other(by_first_patronymic.get(tuple(words), []), group)
        else:
            continue
        if owner is not None:
            links.append((owner, group))
    return links
