"""Merge rules about a surname's form (``grouper.MERGE_RULES``): a generation joined to it
(«Хинкли-младший») and a double surname («Конрад-Коженевский»); golden rows in
tests/test_grouping_records.py."""

from __future__ import annotations

from functools import cache

from ..folding import fold
from .entity_groups import (
    EntityGroup,
    distinct,
    full_names,
    is_initial,
    person_words,
    persons_among,
    unique_other,
)
from .person_merges import (
    generation_of,
    lone_name,
    other_gender,
    sole_or_leading,
    without_generation,
)


@cache
def _kinship_words() -> frozenset[str]:
    from ..lexicons.words import entity_words

    return entity_words().kinship_words


def _introduced_by_kin(group: EntityGroup) -> bool:
    """A mention of the record comes right after a relative's word, an adjective or a
    possessive between («сын Хулио Иглесиас-младший», «его младший сын …»)."""
    return _after_kin_word(group, _kinship_words(), same_case=False)


def _after_kin_word(group: EntityGroup, kin: frozenset[str], same_case: bool) -> bool:
    """A mention of the record comes within three words after one of the relatives' words
    ``kin``; with ``same_case``, one in the mention's case («Отец Хабиба Абдулманап
    Нурмагомедов» introduces Абдулманап as the father, not Хабиб: the genitive is whose
    father)."""
    for span in group.mentions:
        case = span[0].morph.get("Case")
        for token in span.doc[max(0, span.start - 3):span.start]:
            if fold(token.lemma_ or token.text) in kin and \
                    (not same_case or token.morph.get("Case") == case):
                return True
    return False


def _introduced(owner: EntityGroup, kin: frozenset[str]) -> bool:
    """A relative's word of ``kin`` introduces a mention of the record, right before it in its
    case («его отец Геннадий Хайруллин») or right after it («Дамба Дондоков — отец спикера»)."""
    return _after_kin_word(owner, kin, same_case=True) or _kin_after(owner, kin)


_APPOSITION_MARKS = frozenset({"—", "–", "-", ","})


def _kin_after(group: EntityGroup, kin: frozenset[str]) -> bool:
    """A mention of the record followed by a dash or a comma and one of the relatives' words
    ``kin`` in the nominative: «Дамба Дондоков — отец спикера»."""
    for span in group.mentions:
        doc = span.doc
        if span.end + 1 < len(doc) and doc[span.end].text in _APPOSITION_MARKS:
            word = doc[span.end + 1]
            if fold(word.lemma_ or word.text) in kin and word.morph.get("Case") in (["Nom"], []):
                return True
    return False


def _elder_or_younger(owners: list[EntityGroup], generation: str) -> EntityGroup | None:
    """Of namesakes, the one the article introduces with a relative's word of the surname's
    generation (``generation_kin`` of models/entity_words.yaml: «-старший» → отец, мать…);
    of two, when none is so introduced, the one the other generation's word does not
    introduce («его сын Артем Садыков … Садыкова-старшего»: the other Садыков)."""
    from ..lexicons.words import entity_words

    kins = entity_words().generation_kin
    own = generation.strip("-")
    kin = kins.get(own, frozenset())
    introduced = [owner for owner in owners if _introduced(owner, kin)]
    if len(introduced) == 1:
        return introduced[0]
    if any(_after_kin_word(owner, kin, same_case=True) for owner in introduced):
        return None  # several, a word before a name among them
    other = frozenset().union(*(words for key, words in kins.items() if key != own))
    rest = [owner for owner in owners if not _introduced(owner, other)]
    return rest[0] if len(owners) == 2 and len(rest) == 1 else None


def generation_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 35: a name with a generation joined to it is the article's one person named so
    without it: a full name that names him first («Роберт Генри Лоуренс-младший», later
    «Роберт Лоуренс»), a surname alone («Хинкли-младший» after «Джон Хинкли»; of several who
    share the surname, the one a relative's word of its generation introduces: «Отец Хабиба
    Абдулманап Нурмагомедов … Нурмагомедов-старший» is the father; else the one
    ``leading_namesake`` would pick: «Уильямс-младшая» is Серена Уильямс). When the article
    names both generations («Буш-старший» beside «Буш-младший»), only a relative's word,
    before a name or after it («Дамба Дондоков — отец спикера»), tells which namesake each
    is. Not when the name without it comes first («Хулио Иглесиас», then «Хулио Иглесиас-младший»:
    father and son) or when a relative's word introduces it («сын Хулио Иглесиас-младший»)."""
    people = persons_among(groups)
    seen_generations: dict[str, set[str]] = {}
    suffixed: list[tuple[EntityGroup, list[str], str]] = []
    by_ends: dict[tuple[str, str], list[EntityGroup]] = {}
    by_surname: dict[str, list[EntityGroup]] = {}
    for group in people:
        for normal in dict.fromkeys(fold(name) for name in group.normals()):
            words = person_words(normal)
            if not words or is_initial(words[-1]):
                continue
            generation = generation_of(words[-1])
            base = [*words[:-1], without_generation(words[-1])]
            if generation is not None:
                seen_generations.setdefault(base[-1], set()).add(generation)
                suffixed.append((group, base, generation))
            elif len(words) >= 2 and not is_initial(words[0]):
                by_ends.setdefault((words[0], words[-1]), []).append(group)
                by_surname.setdefault(words[-1], []).append(group)
    links = []
    for group, base, generation in suffixed:
        if _introduced_by_kin(group):
            continue
        both = len(seen_generations[base[-1]]) > 1  # «Буш-старший» beside «Буш-младший»
        if len(base) >= 2:
            owner = None if both else unique_other(by_ends.get((base[0], base[-1]), []), group)
            if owner is not None and owner.mentions[0].start < group.mentions[0].start:
                continue  # «Хулио Иглесиас», then «Хулио Иглесиас-младший»: father and son
        else:
            owners = [other for other in distinct(by_surname.get(base[0], []))
                      if other is not group]
            if both:  # only a relative's word tells which namesake each is
                owner = _elder_or_younger(owners, generation)
            else:
                owner = _elder_or_younger(owners, generation) if len(owners) > 1 else None
                owner = owner or (sole_or_leading(owners, group) if owners else None)
        if owner is not None and not other_gender(group, owner):
            links.append((owner, group))
    return links


def _surname_parts(surname: str) -> tuple[str, ...]:
    """The parts of a double surname joined by a hyphen («конрад-коженевский» → конрад,
    коженевский); none for a surname with a particle or a generation («аль-завахири»,
    «вэнс-младший») or a single one."""
    from .inflect import NAME_PARTICLES

    parts = tuple(surname.split("-"))
    if len(parts) != 2 or not all(len(part) >= 3 for part in parts) or \
            parts[0] in NAME_PARTICLES or generation_of(surname) is not None:
        return ()
    return parts


def double_surnames(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 38: a name whose surname is one part of the article's one double surname is that
    person: «Джозеф Конрад» is «Джозеф Конрад-Коженевский», «Мария Кюри» and «Кюри» are «Мария
    Кюри-Склодовская» (the same first name, or a surname alone no other name ends with)."""
    people = persons_among(groups)
    by_part: dict[tuple[str, str], list[EntityGroup]] = {}  # (first name or "", part) → owners
    ends: dict[str, list[EntityGroup]] = {}  # surname → people named with it
    for group in people:
        for words in full_names(group):
            ends.setdefault(words[-1], []).append(group)
            for part in _surname_parts(words[-1]):
                by_part.setdefault((words[0], part), []).append(group)
                by_part.setdefault(("", part), []).append(group)
    links = []
    for group in people:
        for words in full_names(group) or ([[name]] if (name := lone_name(group)) else []):
            first = words[0] if len(words) >= 2 else ""
            if first == "" and unique_other(ends.get(words[-1], []), group) is not None:
                continue  # «Кюри» beside «Пьер Кюри» is his
            owner = unique_other(by_part.get((first, words[-1]), []), group)
            if owner is not None and not other_gender(group, owner):
                links.append((owner, group))
                break
    return links
