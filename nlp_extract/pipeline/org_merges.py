"""Merge rules for organisations (``grouper.MERGE_RULES``): each a function of the records
left so far that returns (keep, gone) pairs, with a golden row in
tests/test_grouping_records.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ..folding import fold
from ..lexicons import reading_lemmas
from ..lexicons.words import entity_words
from .abbreviations import initials
from .casing import NAME_TAGS, starts_sentence
from .entity_groups import (
    EntityGroup,
    distinct,
    has_cyrillic,
    is_abbreviation,
    unique_other,
)
from .extensions import mentions
from .facilities import FACILITY
from .gazetteer import load_gazetteer
from .place_merges import misdeclined_forms
from .rules.org_tail import city_word_length

if TYPE_CHECKING:
    from .keys import Body


def abbreviations(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 10: an ORG or LOC abbreviation that spells the initials of exactly one longer name
    of the article with its label is that ORG or place: «КЗЖ» and «Комитет защиты
    журналистов», «ЗАЗ» and «Запорожский автомобилестроительный завод», «ПМР» and
    «Приднестровская Молдавская Республика»; an ORG's name without the place it ends with
    counts too when no name spells it whole («ГЖИ» and «Государственная жилищная инспекция
    Тюменской области»). Not when
    the bodies lexicon knows the two as different bodies («ЕС» is the Union, not «Европейский
    совет»)."""
    by_initials: dict[tuple[str, str], list[EntityGroup]] = {}  # initials computed once
    by_short_initials: dict[tuple[str, str], list[EntityGroup]] = {}  # a place aside
    places: dict[int, int] | None = None  # end → start of the article's LOC mentions
    for other in groups:
        if other.label in ("ORG", "LOC") and len(other.key.split()) >= 2:
            by_initials.setdefault((other.label, initials(other.name)), []).append(other)
            if other.label != "ORG":
                continue
            if places is None:
                places = _place_starts(other.mentions[0].doc)
            if short_name := _without_place_tail(other, places):
                by_short_initials.setdefault((other.label, initials(short_name)),
                                             []).append(other)
    links = numbered_abbreviations(groups)
    for group in groups:
        short = next((span for span in group.mentions if is_abbreviation(span) or
                      spaced_abbreviation(span)), None) \
            if group.label in ("ORG", "LOC") else None
        if short is None:  # its first mention may be «завода "ЗАЗ"», a later one «ЗАЗ»
            continue
        letters = fold("".join(short.text.strip("«»\"").split()))
        owners = [other for other in by_initials.get((group.label, letters), ())
                  if other is not group] or \
            [other for other in by_short_initials.get((group.label, letters), ())
             if other is not group]
        if len(owners) == 1 and not _lexicon_tells_apart(short.text, owners[0].name):
            links.append((owners[0], group))
    return links


def spaced_abbreviation(span: Span) -> bool:
    """An abbreviation written in two or three parts, each in capitals: «ДУМ РТ» (Духовное
    управление мусульман Республики Татарстан), «СО РАН»; read as their letters joined."""
    return 2 <= len(span) <= 3 and all(
        len(token.text) >= 2 and token.text.isalpha() and token.text.isupper() for token in span)


_NUMBERED = re.compile(r"(?P<name>\S.*?)\s*№\s*(?P<number>\d+)")


def numbered_abbreviations(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 10 for numbered institutions: «СОКБ № 1» is the article's one «Свердловская
    областная клиническая больница № 1» (the abbreviation spells the initials of the name
    before the number, and the numbers are equal)."""
    numbered = [(group, found) for group in groups if group.label == "ORG" and
                (found := _NUMBERED.fullmatch(group.name))]
    named: dict[tuple[str, str], list[EntityGroup]] = {}
    for group, found in numbered:
        if len(found["name"].split()) >= 2:
            named.setdefault((initials(found["name"]), found["number"]), []).append(group)
    links = []
    for group, found in numbered:
        if " " in found["name"] or not found["name"].isupper():
            continue
        owner = unique_other(named.get((fold(found["name"]), found["number"]), []), group)
        if owner is not None:
            links.append((owner, group))
    return links


def _place_starts(doc: Doc) -> dict[int, int]:
    """End → start of the longest LOC mention ending there."""
    places: dict[int, int] = {}
    for place in mentions(doc):  # in text order: the longest first
        if place.label_ == "LOC":
            places.setdefault(place.end, place.start)
    return places


def _without_place_tail(group: EntityGroup, places: dict[int, int]) -> str | None:
    """An ORG's name without the place mention its first mention ends with, two words or more
    left («Государственная жилищная инспекция Тюменской области» → Государственная жилищная
    инспекция); None when it ends with none. ``places``: end → start of the LOC mentions (of
    the longest ending there)."""
    span = group.mentions[0]
    start = places.get(span.end)
    if start is None or start <= span.start:
        return None
    words = (span._.normal or span.text).split()
    if len(words) != sum(not token.is_space for token in span):
        return None
    cut = sum(not token.is_space for token in span.doc[span.start:start])
    return " ".join(words[:cut]) if cut >= 2 else None


def _lexicon_tells_apart(abbreviation: str, name: str) -> bool:
    """The bodies lexicon names an abbreviation and a longer name as two different bodies."""
    from .keys import load_bodies

    bodies = load_bodies()
    found = [bodies.named(text.split()) for text in (abbreviation.strip("«»\""), name)]
    return all(found) and found[0].name != found[1].name


def _orgs_by_key(groups: list[EntityGroup], label: str = "ORG"
                 ) -> tuple[list[EntityGroup], dict[str, list[EntityGroup]]]:
    """The ORG records (or those of ``label``), and each folded key → the records with it."""
    orgs = [group for group in groups if group.label == label]
    by_key: dict[str, list[EntityGroup]] = {}
    for group in orgs:
        by_key.setdefault(group.key, []).append(group)
    return orgs, by_key


def nested_org_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 11: an ORG name that is another ORG name of the article after its legal form is
    that ORG: «ИК Питер Траст» and «Питер Траст», «ОАО Газпром» and «Газпром», «НК ЮКОС» and
    «ЮКОС» (``legal_forms`` of models/entity_words.yaml; not «ГУ МВД» and «МВД», «ЦК КПСС»
    and «КПСС»). The record is named without the form."""
    orgs, by_key = _orgs_by_key(groups)
    forms = entity_words().legal_forms
    links = []
    for group in orgs:
        words = group.name.split()
        for cut in (1, 2):
            if len(words) <= cut or not all(fold(word) in forms for word in words[:cut]):
                continue
            owner = unique_other(by_key.get(fold(" ".join(words[cut:])), []), group)
            if owner is not None:
                group.demoted.add(fold(group.name))  # named «Питер Траст»
                links.append((owner, group))
                break
    return links


def _head_token(span: Span) -> Token:
    """The first word of an ORG mention that is no adjective («областное министерство …» →
    министерство)."""
    return next((token for token in span if token.pos_ != "ADJ"), span[0])


def _head_lemma(span: Span) -> str:
    """The folded lemma of :func:`_head_token`."""
    return fold(_head_token(span).lemma_)


def _orgs_by_head(groups: list[EntityGroup], official: bool = False
                  ) -> dict[str, list[EntityGroup]]:
    """Folded head lemma (:func:`_head_lemma`) of each ORG mention of two words or more, or of
    the official name of a public body one word names (``models/bodies.yaml``: «Минобрнауки»
    → Министерство науки и высшего образования → министерство) → the ORG records named so;
    with ``official``, a longer mention's official head too («Минобрнауки Татарстана»)."""
    by_head: dict[str, list[EntityGroup]] = {}
    for group in groups:
        if group.label == "ORG":
            for span in group.mentions:
                heads = {_head_lemma(span)} if len(span) > 1 else set()
                if official or len(span) == 1:
                    heads.add(_official_head(span))
                for head in sorted(heads - {None}):
                    by_head.setdefault(head, []).append(group)
    return by_head


def _official_head(span: Span) -> str | None:
    """The head of the official name of the public body a one-word mention names
    («Минобрнауки» → министерство, «Роспатент» → служба), None for others."""
    name = _body_named(span)
    head = _name_head(name) if name is not None else None
    if head is None or head[:-1] in fold(span.text):
        return None  # «Госдума» holds its head: «Дума» alone is ``compound_tails``'
    return head


@lru_cache(maxsize=1_000)
def _name_head(name: str) -> str | None:
    """The first word of an official name that is no adjective, folded: «Федеральная служба
    по …» → служба."""
    from .models import morph_analyzer

    for word in name.split():
        parse = morph_analyzer().parse(word.lower())[0]
        if parse.tag.POS not in ("ADJF", "PRTF"):
            return fold(parse.normal_form) if parse.tag.POS == "NOUN" else None
    return None


def _heads_joined(groups: list[EntityGroup], alone: Callable[[Span], bool],
                  alike: Callable[[EntityGroup], bool] | None = None, official: bool = False
                  ) -> list[tuple[EntityGroup, EntityGroup]]:
    """Join each ORG all of whose mentions are one word ``alone`` accepts to the one ORG of the
    article named with that word as its head, or of several to the one ``alike`` accepts;
    heads that say what a body is anywhere («правительство», ``descriptive_heads``) are left
    to the keys."""
    from .orgs import load_lexicon

    descriptive = load_lexicon().descriptive_heads
    by_head = _orgs_by_head(groups, official)
    links = []
    for group in groups:
        if group.label != "ORG" or not all(len(span) == 1 and alone(span)
                                           for span in group.mentions):
            continue
        lemma = fold(group.mentions[0].lemma_)
        if descriptive.matches(lemma, fold(group.mentions[0].text)):
            continue
        owners = by_head.get(lemma, [])
        owner = _one_body(owners, group)
        if owner is None and alike is not None:
            owner = _one_body([other for other in owners if alike(other)], group)
        if owner is not None:
            links.append((owner, group))
    return links


def _one_body(owners: list[EntityGroup], group: EntityGroup) -> EntityGroup | None:
    """The one record of ``owners`` other than ``group``, or the first when all of them name
    one public body («Министерство культуры» and «Минкульт»: the keys make them one record)."""
    others = [other for other in distinct(owners) if other is not group]
    if len(others) == 1:
        return others[0]
    bodies = {_official_name(other) for other in others}
    owners = {_owner(other) for other in others} - {None}
    return others[0] if others and len(bodies) == 1 and None not in bodies and \
        len(owners) <= 1 else None  # «МИД КНР» and «Японский МИД» are two bodies


def _official_name(group: EntityGroup) -> str | None:
    """The official name of the public body the record's first mention begins with."""
    return _body_named(group.mentions[0])


def _owner(group: EntityGroup) -> str | None:
    """Whose body the record's first mention names, from the words around the public body in
    it: the gazetteer's place for a name or an adjective («КНР», «России» and «РФ» → the
    same country; «Японский» → Japan), else the words as written; None when the mention names
    no body or only the body («Минкульт»)."""
    span = group.mentions[0]
    found = _body_match(span)
    if found is None:
        return None
    start, end, _body = found
    words = [token for token in [*span[:start], *span[end:]] if token.is_alpha]
    if not words:
        return None
    gazetteer = load_gazetteer()
    place = gazetteer.lookup(" ".join(token.text for token in words)) or \
        gazetteer.lookup(" ".join(token.lemma_ for token in words))
    if place is None and len(words) == 1:
        place = gazetteer.by_adjective(fold(words[0].lemma_))
    return place.name if place is not None else " ".join(fold(token.lemma_) for token in words)


def _body_match(span: Span) -> tuple[int, int, Body] | None:
    """Where in the mention a public body of ``models/bodies.yaml`` is named (after any
    adjectives that open it: «Японский МИД»), as the ``[start, end)`` of its words within the
    mention, and the body; None when none is."""
    from .keys import load_bodies

    bodies = load_bodies()
    lemmas = [fold(token.lemma_) for token in span]
    texts = [fold(token.text) for token in span]
    for start in range(len(span)):
        if start and span[start - 1].pos_ != "ADJ":
            break
        found = bodies.table.match(lemmas, texts, start)
        body = bodies.by_lemmas.get(found) if found else None
        if body is not None and not body.organisation and found is not None:
            return start, start + len(found), body
    return None


def _body_named(span: Span) -> str | None:
    """The official name of the public body (``models/bodies.yaml``) the mention names after
    any adjectives that open it, jurisdiction aside («Министерство культуры России» →
    Министерство культуры, «Минобрнауки» → Министерство науки и высшего образования,
    «Японский МИД» → Министерство иностранных дел); None when it names none."""
    found = _body_match(span)
    return found[2].name if found is not None else None


def bare_body_heads(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 12: a body named only by its lowercase head («в министерстве», «департамент») joins
    the one ORG of the article whose name has that head («Министерство социальной политики
    Свердловской области», «Минобрнауки», «Минобрнауки Татарстана»: its official name's
    (not for ``capitalised_heads``: a NEREL held-out record moved); two that name one body, as
    «Министерство культуры» and «Минкульт», count once); with two such ORGs it stays apart.
    Heads that say what a body is anywhere («правительство», ``descriptive_heads``) are left
    to the keys (same jurisdiction, one record: ``keys.same_key_records``)."""
    return _heads_joined(groups, lambda span: span.text.islower(), official=True)


def _capitalised_common_noun(span: Span) -> bool:
    """«Курия», «Конгресс», «Метрополитен»: a capitalised word the dictionary reads as a
    common noun, not a name nor an abbreviation."""
    word = span[0].text
    return word[:1].isupper() and not word.isupper() and len(word) >= 4 and \
        _common_noun(word.lower())


@lru_cache(maxsize=20_000)
def _common_noun(word: str) -> bool:
    from .models import morph_analyzer

    parse = morph_analyzer().parse(word)[0]
    return parse.tag.POS == "NOUN" and not NAME_TAGS & parse.tag.grammemes and \
        morph_analyzer().word_is_known(word)


def capitalised_heads(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 22: a body named only by its head written with a capital («Курия», «Конгресс»,
    «Метрополитен») joins the one ORG of the article whose name has that head («Римская
    курия», «Национальный конгресс Бразилии», «Московский метрополитен»); of several, the one
    whose head is written with a capital too («Комиссия» is the «Комиссия по ценным бумагам
    США», not the «комиссия по надзору» of the same article)."""
    return _heads_joined(groups, _capitalised_common_noun, _capitalised_head)


def _capitalised_head(group: EntityGroup) -> bool:
    """A mention of the record of two words or more writes its head (the first word that is
    no adjective) with a capital, at a sentence's start or not."""
    return any(len(span) > 1 and _head_token(span).text[:1].isupper() for span in group.mentions)


def _name_before_place(span: Span, places: dict[tuple[int, int], Span]) -> str | None:
    """The folded normal form of an ORG mention without the place that ends it: «Конгресса
    США» (normal «Конгресс США») → конгресс; None when no place mention ends it."""
    normal = (span._.normal or span.text).split()
    for start in range(span.start + 1, span.end):
        place = places.get((start, span.end))
        if place is not None:
            words = len(place.text.split())
            return fold(" ".join(normal[:-words])) if len(normal) > words else None
    return None


def coordinated_tails(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 11a: an ORG named as another ORG of the article up to an «и» that joins a second
    part of its name is that ORG: a headline's «департамента дорожной инфраструктуры» and the
    text's «департамента дорожной инфраструктуры и транспорта Тюмени», when only one ORG's
    name goes on so (two words at least before «и»)."""
    orgs = [group for group in groups if group.label == "ORG"]
    claims: dict[str, list[EntityGroup]] = {}
    for group in orgs:
        for name in group.normals():
            words = fold(name).split()
            for at, word in enumerate(words[2:], start=2):
                if word == "и":
                    claims.setdefault(" ".join(words[:at]), []).append(group)
                    break
    return claimed_by_one(orgs, claims)


def name_without_place(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 13: an ORG named as another ORG of the article without the place that ends its
    name is that ORG: «Конгресс» and «Конгресс США», «МЧС» and «МЧС России», «Законодательное
    собрание» and «Законодательное собрание Приморского края», when only one such ORG has
    that name before a place."""
    orgs = [group for group in groups if group.label == "ORG"]
    if len(orgs) < 2:
        return []
    doc = orgs[0].mentions[0].doc
    places = {(span.start, span.end): span for span in mentions(doc) if span.label_ == "LOC"}
    by_prefix: dict[str, list[EntityGroup]] = {}
    for group in orgs:
        for span in group.mentions:
            prefix = _name_before_place(span, places)
            if prefix:
                by_prefix.setdefault(prefix, []).append(group)
    return claimed_by_one(orgs, by_prefix)


def claimed_by_one(groups: list[EntityGroup], claims: dict[str, list[EntityGroup]]
                   ) -> list[tuple[EntityGroup, EntityGroup]]:
    """(owner, record) for each record whose key (``claims``: key → the records that name
    something so) exactly one other record claims."""
    links = []
    for group in groups:
        owner = unique_other(claims.get(group.key, []), group)
        if owner is not None:
            links.append((owner, group))
    return links


def claimed_by_a_name(groups: list[EntityGroup], claims: dict[str, list[EntityGroup]]
                      ) -> list[tuple[EntityGroup, EntityGroup]]:
    """(owner, record) for each record one of whose names (folded, lower case) exactly one
    other record claims (``claims``: name → the records that name something so)."""
    links = []
    for group in groups:
        owners = {id(owner): owner for normal in group.normals()
                  for owner in claims.get(fold(normal).lower(), [])}
        owner = unique_other(list(owners.values()), group)
        if owner is not None:
            links.append((owner, group))
    return links


def city_club_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 13a: an ORG named by the city another ORG's name begins with, or by the words after
    that city, is that ORG, when one ORG only is so named: «Манчестер» and «Гэлакси» are the
    article's «Манчестер Юнайтед» and «Лос-Анджелес Гэлакси» (sports news name a club by
    either half); the city is a city of the gazetteer («Москва», a federal city, begins no
    club's name here: «Москва-Сити»)."""
    from .gazetteer import load_gazetteer

    orgs = [group for group in groups if group.label == "ORG"]
    halves: dict[str, list[EntityGroup]] = {}
    for group in orgs:
        words = group.name.split()
        for cut in range(1, min(3, len(words))):
            place = load_gazetteer().lookup(" ".join(words[:cut]))
            if place is not None and place.kind == "city":
                halves.setdefault(fold(" ".join(words[:cut])), []).append(group)
                halves.setdefault(fold(" ".join(words[cut:])), []).append(group)
                break
    return claimed_by_one(orgs, halves)


def _rank(adjective: Token) -> bool:
    """An adjective of rank or level (``rank_adjectives`` of models/entity_words.yaml)."""
    return fold(adjective.lemma_) in entity_words().rank_adjectives


def _without_leading_adjectives(span: Span) -> list[str]:
    """The folded normal forms of an ORG mention without one, two … of the adjectives it
    begins with, while two words or more are left: «Земельный суд Вены» → суд вены;
    «Китайский государственный Большой театр» → государственный большой театр, большой
    театр; «московскую Инфекционную больницу №\xa02» → инфекционная больница № 2; and a
    place's adjective before an abbreviation: «Петербургский СКА» → ска."""
    words = (span._.normal or span.text).split()
    tokens = [token for token in span if not token.is_space]  # «№\xa02»: a space token
    if len(words) == len(tokens) == 2 and place_adjective_before_abbreviation(tokens):
        return [fold(words[1])]
    if len(words) != len(tokens) or len(tokens) < 3:
        return []
    shorter = []
    for cut in range(1, len(tokens) - 1):
        adjective = tokens[cut - 1]
        if adjective.pos_ != "ADJ" or (_rank(adjective) and tokens[cut].pos_ == "ADJ"):
            break
        shorter.append(fold(" ".join(words[cut:])))
    return shorter


def place_adjective_before_abbreviation(tokens: list[Token]) -> bool:
    """A place's adjective before an abbreviation («Петербургский СКА»: the club «СКА» of the
    article; «Европейский Союз» keeps its adjective)."""
    from .places import place_index

    adjective, name = tokens
    return adjective.pos_ == "ADJ" and name.text.isupper() and len(name.text) >= 2 and \
        name.is_alpha and place_index().adjective_of(adjective) is not None


def shortened_names(groups: list[EntityGroup],
                    shorter: Callable[[EntityGroup], set[str]], label: str = "ORG"
                    ) -> list[tuple[EntityGroup, EntityGroup]]:
    """Join each ORG (or record of ``label``) to the one other named by one of its ``shorter``
    names (folded keys), when no second one is shortened to that one: the longer name keeps
    the record."""
    orgs, by_key = _orgs_by_key(groups, label)
    claims = []
    for group in orgs:
        keys = sorted(shorter(group))
        owner = unique_other([other for key in keys for other in by_key.get(key, [])], group)
        if owner is not None:
            claims.append((group, owner))
    return sole_claims(claims)


def sole_claims(claims: list[tuple[EntityGroup, EntityGroup]]
                ) -> list[tuple[EntityGroup, EntityGroup]]:
    """The (claimant, claimed) pairs whose claimed record no other record claims: a shorter
    name two longer ones could stand for stays apart."""
    claimants: dict[int, list[EntityGroup]] = {}
    claimed: dict[int, EntityGroup] = {}
    for claimant, record in claims:
        claimants.setdefault(id(record), []).append(claimant)
        claimed[id(record)] = record
    return [(found[0], claimed[key]) for key, found in claimants.items()
            if len(distinct(found)) == 1]


def leading_adjectives(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 17: an ORG named as another ORG of the article without the adjectives its name
    begins with is that ORG: «Суд Вены» and «Земельный суд Вены», «Совет РУСАДА» and
    «исполнительный Совет РУСАДА», when one ORG only is so named. What is left has two words
    or more («Союз» alone stays apart from «Европейский Союз»; «Единая Россия» from
    «Россия»), and an adjective of rank before another adjective stays (``rank_adjectives``
    of models/entity_words.yaml: «Высший земельный суд Вены» is not «Земельный суд Вены»,
    while «Суд Вены» is the one «Земельный суд Вены»). A name whose first adjective is
    capitalised inside a sentence is not the country's body a place adjective names
    («Свободной сирийской армии» is no «сирийская армия»; :func:`_name_beside_country_body`).
    Facilities likewise: «Братское кладбище» is the article's one «Московское Братское
    кладбище»."""
    return [(keep, gone) for label in ("ORG", FACILITY)
            for keep, gone in shortened_names(groups, lambda group: {
                key for span in group.mentions for key in _without_leading_adjectives(span)},
                label)
            if not _name_beside_country_body(keep, gone)]


def _name_beside_country_body(longer: EntityGroup, shorter: EntityGroup) -> bool:
    """``longer`` begins with a word capitalised inside a sentence (a proper name:
    «Свободной сирийской армии») and every mention of ``shorter`` begins with a place
    adjective («сирийская армия», «Сирийская армия» opening a sentence)."""
    from .places import place_index

    index = place_index()
    named = any(span[0].is_title and not span[0].is_sent_start for span in longer.mentions)
    return named and all(index.adjective_of(span[0]) is not None for span in shorter.mentions)


_NAMED_AFTER = re.compile(r" (?:имени|им\.?) ")


def named_after_tails(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 18: an ORG named as another ORG of the article without the «имени …» that ends its
    name is that ORG: «МГУ» and «МГУ имени М. В. Ломоносова», «театр» is left alone (the name
    before «имени» has two words or is an abbreviation), when one ORG only is so named; and
    so is one named without the word «имени» alone, the eponym's initials aside («Театр
    Вахтангова» and «Театр имени Е. Б. Вахтангова»)."""
    return shortened_names(groups, _without_named_after)


def eponym_adjectives(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 18b: an ORG named by its eponym's adjective is the article's one ORG named by the
    eponym's genitive, with or without «имени» («Вахтанговский театр» and «Театр имени
    Вахтангова», «Пушкинский музей» and «Музей Пушкина»); after rule 18, which joined «Театр
    Вахтангова» to «Театр имени Вахтангова»."""
    return shortened_names(groups, _eponym_genitive)


_EPONYM_ADJECTIVE = re.compile(r"([а-яё]{4,})(?:ский|ская|ское|ские)")


def _eponym_genitive(group: EntityGroup) -> set[str]:
    """«вахтанговский театр» → {театр вахтангова, театр имени вахтангова}: a two-word name
    opening with an adjective in «-ский» as its noun and the eponym's genitive; nothing
    otherwise."""
    words = group.key.split()
    found = _EPONYM_ADJECTIVE.fullmatch(words[0]) if len(words) == 2 else None
    if found is None:
        return set()
    return {f"{words[1]} {found.group(1)}а", f"{words[1]} имени {found.group(1)}а"}


_INITIALS = re.compile(r"(?:[а-яёa-z]\. ?)+")


def _without_named_after(group: EntityGroup) -> set[str]:
    """«мгу имени м. в. ломоносова» → {мгу, мгу ломоносова}; «театр имени вахтангова» →
    {театр вахтангова}; nothing when no «имени»."""
    found = _NAMED_AFTER.search(group.key)
    if found is None:
        return set()
    before = group.key[:found.start()]
    eponym = _INITIALS.sub("", group.key[found.end():]).strip()
    names = {f"{before} {eponym}"} if eponym else set()
    if len(before.split()) >= 2 or is_abbreviation(group.mentions[0][:1]):
        names.add(before)
    return names


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&'.\-]*(?: [A-Za-z0-9&'.\-]+)*")


def latin_legal_forms(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 18a: ORG names in Latin letters that differ only in the legal form they end with
    (``latin_legal_forms`` of models/entity_words.yaml) are one company: «Westinghouse
    Electric Co», «Westinghouse Electric Corporation» and «Westinghouse Electric»; the record
    with most mentions keeps the name (then «Westinghouse» alone is :func:`latin_name_parts`'
    one longer name)."""
    by_name: dict[tuple[str, ...], list[EntityGroup]] = {}
    for group in groups:
        if group.label == "ORG":
            for words in _latin_names(group):
                by_name.setdefault(entity_words().without_legal_form(words), []).append(group)
    links = []
    for found in by_name.values():
        found = distinct(found)
        if len(found) >= 2:
            keep = max(found, key=lambda group: (len(group.mentions), -group.mentions[0].start))
            links += [(keep, other) for other in found if other is not keep]
    return links


def latin_name_parts(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 19: an ORG name in Latin letters whose words begin or end exactly one longer Latin
    ORG name of the article is that ORG: «Sun» and «Sun Microsystems», «Hermitage Capital» and
    «Hermitage Capital Management», «Dior» and «Christian Dior», «Rolling Stones» and «The
    Rolling Stones» (companies and bands are named short after the first mention)."""
    orgs = [group for group in groups if group.label == "ORG"]
    by_part: dict[tuple[str, ...], list[EntityGroup]] = {}
    for group in orgs:
        for words in _latin_names(group):
            for cut in range(1, len(words)):
                by_part.setdefault(words[:cut], []).append(group)
                by_part.setdefault(words[cut:], []).append(group)
    links = []
    for group in orgs:
        owners = [other for words in _latin_names(group) for other in by_part.get(words, [])]
        owner = unique_other(owners, group)
        if owner is not None:
            links.append((owner, group))
    return links


def _latin_names(group: EntityGroup) -> set[tuple[str, ...]]:
    """The group's Latin names as lowercase words: «Sun Microsystems» → (sun, microsystems)."""
    return {tuple(name.lower().split()) for name in group.normals() if _LATIN_NAME.fullmatch(name)}


def _first_adjective(span: Span) -> str | None:
    """The lemma of the adjective a mention of two words or more begins with («Большого
    театра» → большой), None when it begins with no adjective."""
    if len(span) < 2 or span[0].pos_ != "ADJ":
        return None
    return fold(span[0].lemma_)


def _lone_adjective(group: EntityGroup) -> bool:
    """A record named only by one capitalised adjective: «Большого», «Мариинский»."""
    return all(len(span) == 1 and span.text[:1].isupper() and not span.text.isupper() and
               reading_lemmas(span.text, "ADJF") for span in group.mentions)


def adjective_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 30: an ORG named only by a capitalised adjective («солисты Большого») is the one ORG
    of the article whose name begins with it («Большой театр»); with two such ORGs («Большой
    театр», «Большой зал консерватории») it stays apart."""
    orgs = [group for group in groups if group.label == "ORG"]
    by_adjective: dict[str, list[EntityGroup]] = {}
    for group in orgs:
        for span in group.mentions:
            adjective = _first_adjective(span)
            if adjective:
                by_adjective.setdefault(adjective, []).append(group)
    links = []
    for group in orgs:
        if not _lone_adjective(group):
            continue
        lemmas = {lemma for span in group.mentions for lemma in reading_lemmas(span.text, "ADJF")}
        owner = unique_other([other for lemma in sorted(lemmas)
                              for other in by_adjective.get(lemma, [])], group)
        if owner is not None:
            links.append((owner, group))
    return links


_COMPOUND_PREFIX = 2  # letters at least before the word a compound name ends with («Госдума»)


def compound_tails(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 31: an ORG named only by one capitalised common noun («Дума», «Избирком») is the
    one ORG of the article whose one-word compound name ends with it («Госдума»,
    «Мосгоризбирком»; not «Facebook» and «Insidefacebook»)."""
    orgs = [group for group in groups if group.label == "ORG"]
    by_tail: dict[str, list[EntityGroup]] = {}  # each ending of a one-word name → its records
    for group in orgs:
        for name in dict.fromkeys(group.normals()):
            if " " not in name.strip():
                folded = fold(name)
                for cut in range(_COMPOUND_PREFIX, len(folded)):
                    by_tail.setdefault(folded[cut:], []).append(group)
    links = []
    for group in orgs:
        if not all(len(span) == 1 and _capitalised_common_noun(span) for span in group.mentions):
            continue
        owner = unique_other(by_tail.get(group.key, []), group)
        if owner is not None:
            links.append((owner, group))
    return links


def _quoted_ends(span: Span) -> tuple[int, int] | None:
    """The token range of the quoted name an ORG mention ends with: «РИА «Новости»» →
    Новости; None when it ends with none or is all quoted."""
    from .tokens import CLOSING_QUOTES, OPENING_QUOTES

    end = span.end - 1 if span[-1].text in CLOSING_QUOTES else span.end
    start = next((token.i + 1 for token in reversed(span[:end - span.start])
                  if token.text in OPENING_QUOTES), None)
    if start is None or start <= span.start + 1 or start >= end:
        return None
    return start, end


def quoted_inner_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 20: the quoted name an ORG ends with is that ORG («РИА «Новости»» and «Новости»,
    «Центр современной культуры «Гараж»» and «Гараж»), unless the name depends on the word
    before it («Русской службы «Голоса Америки»»: the radio, not its service) or two ORGs end
    with it."""
    from .normalizer import governed_name

    orgs = [group for group in groups if group.label == "ORG"]
    by_span: dict[tuple[int, int], EntityGroup] = {}
    for group in orgs:
        for span in group.mentions:
            by_span[(span.start, span.end)] = group
    claims = []
    for group in orgs:
        for span in group.mentions:
            quoted = _quoted_ends(span) if len(span) >= 3 else None
            found = by_span.get(quoted) if quoted else None
            if found is None or found is group or governed_name(span.doc[quoted[0]:quoted[1]]):
                continue
            claims.append((group, found))
    return sole_claims(claims)


def _signature(span: Span, nested: dict[tuple[int, int], EntityGroup],
               start: int) -> tuple[str, ...]:
    """An ORG mention as its words' folded lemmas, each entity named inside it as its record:
    «комиссию ЕС» and «комиссия Европейского союза» read the same when ЕС and Европейский
    союз are one record. From token ``start`` of the mention on."""
    words: list[str] = []
    position = start
    while position < span.end:
        inner_end = next((end for end in range(span.end, position, -1)
                          if (position, end) in nested and (position, end) !=
                          (span.start, span.end)), None)  # the longest entity starting here
        if inner_end is not None:
            words.append(f"#{id(nested[(position, inner_end)])}")
            position = inner_end
            continue
        token = span.doc[position]
        if any(char.isalnum() for char in token.text) and \
                not _city_word_before(span, position, nested):  # «пресс-служба» too
            words.append(fold(token.lemma_))
        position += 1
    return tuple(words)


def _city_word_before(span: Span, position: int, nested: dict[tuple[int, int], EntityGroup]
                      ) -> bool:
    """A city's type word right before a place named inside the mention («г.», «города»
    Калининграда: :func:`.rules.org_tail.city_word_length`): «администрация г. Калининграда»
    reads as «администрация Калининграда»."""
    length = city_word_length(span.doc, None, position)
    return bool(length) and any(start == position + length and end <= span.end
                                for start, end in nested)


def _first_span(group: EntityGroup) -> tuple[int, int]:
    return group.mentions[0].start, group.mentions[0].end


def names_with_aliases(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 21: two ORG names that differ only in how they name an entity inside them, its
    record being one, and perhaps in adjectives before them («антимонопольная комиссия
    Европейского союза» and «комиссия ЕС», «Генштаб Вооружённых сил РФ» and «Генштаб ВС РФ»),
    are one ORG, when each has no other such partner."""
    nested = {(span.start, span.end): group for group in groups for span in group.mentions
              if group.label in ("ORG", "LOC")}
    by_signature: dict[tuple[str, ...], list[EntityGroup]] = {}
    for group in groups:
        if group.label != "ORG":
            continue
        for span in group.mentions:
            for start in range(span.start, span.end - 1):
                signature = _signature(span, nested, start)
                if len(signature) < 2 or not any(word.startswith("#")
                                                 for word in signature[1:]):
                    break
                by_signature.setdefault(signature, []).append(group)
                if span.doc[start].pos_ != "ADJ" or (_rank(span.doc[start]) and
                                                     span.doc[start + 1].pos_ == "ADJ") or \
                        _name_adjective(span.doc[start]):
                    break
    return _sole_partners(groups, by_signature)


def _name_adjective(adjective: Token) -> bool:
    """A capitalised adjective inside a sentence is a word of the name, not a description to
    look past: «Кировский районный суд Махачкалы» is no «Советский районный суд Махачкалы»."""
    return adjective.text[:1].isupper() and not starts_sentence(adjective)


def _sole_partners(groups: list[EntityGroup],
                   by_signature: dict[tuple[str, ...], list[EntityGroup]]
                   ) -> list[tuple[EntityGroup, EntityGroup]]:
    """The pairs of records that share a signature, each with no other partner (each pair
    once, in text order)."""
    partners: dict[int, list[EntityGroup]] = {}
    for found in by_signature.values():
        found = distinct(found)  # a record's spans may each have added it
        for group in found:
            partners.setdefault(id(group), []).extend(other for other in found
                                                      if other is not group)
    links = []
    for group in groups:
        partner = unique_other(partners.get(id(group), []), group)
        if partner is not None and unique_other(partners.get(id(partner), []), partner) is group \
                and _first_span(group) < _first_span(partner):
            links.append((group, partner))
    return links


def place_adjective_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 32: an ORG named by a place adjective before its words is the ORG named by the same
    words and the place among them, the place being one record: «российская сборная» and
    «сборная России», «японская сборная по волейболу» and «сборная Японии по волейболу», when
    each has no other such partner. The record is named with the place among its words
    («сборная России»)."""
    places = {(span.start, span.end): group for group in groups if group.label == "LOC"
              for span in group.mentions}
    by_signature: dict[tuple[str, ...], list[EntityGroup]] = {}
    by_adjective: dict[int, set[str]] = {}  # record → its names that begin with the adjective
    for group in groups:
        if group.label != "ORG":
            continue
        for span in group.mentions:
            signature = _signature(span, places, span.start)
            inner = [word for word in signature if word.startswith("#")]
            if len(signature) < 2 or len(inner) != 1:
                continue
            key = (*(word for word in signature if word != inner[0]), inner[0])
            if signature[0] == inner[0] and span[0].pos_ == "ADJ":  # «японская сборная»
                by_signature.setdefault(key, []).append(group)
                by_adjective.setdefault(id(group), set()).add(fold(span._.normal or span.text))
            elif signature[0] != inner[0]:  # «сборная Японии по волейболу»
                by_signature.setdefault(key, []).append(group)
    links = _sole_partners(groups, by_signature)
    for pair in links:
        for group in pair:
            group.demoted |= by_adjective.get(id(group), set())
    return links


_PREFIX = (2, 5)  # letters a compound takes from the first word («дем-», «гос-», «мин-»)
_MIN_REST = 3  # letters it takes from the second


def _compounds(word: str, first: str, second: str) -> bool:
    """«демпартия» of «демократическая партия», «госсовет» of «государственный совет»,
    «совбез» of «совет безопасности»: the first word's first letters, then the second word or
    its first letters."""
    for cut in range(_PREFIX[0], _PREFIX[1] + 1):
        rest = word[cut:]
        if len(first) > cut + 1 and first.startswith(word[:cut]) and \
                len(rest) >= _MIN_REST and second.startswith(rest):
            return True
    return False


def _opens_with_capitalised_adjective(group: EntityGroup) -> bool:
    """Every mention of the record opens with a capitalised adjective («Тюменской городской
    думы»: a place's, before the words a compound is made of)."""
    return all(span[0].pos_ == "ADJ" and span[0].text[:1].isupper() and len(span) >= 3
               for span in group.mentions)


def compound_abbreviations(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 24: an ORG named by a compound of its first two words («Демпартия», «Госсовет
    Кубы», «Совбез») is the one ORG of the article with that full name («Демократическая
    партия», «Государственный совет Кубы», «Совет безопасности»), its other words alike; a
    capitalised adjective may open the full name («гордума» and «Тюменская городская
    дума»); so may the words before the compound be, alike in both («Новосибирский
    госуниверситет» and «Новосибирский государственный университет»)."""
    orgs = [group for group in groups if group.label == "ORG"]
    distinct_names = {id(group): [name.split() for name in dict.fromkeys(
        fold(normal) for normal in group.normals())] for group in orgs}
    by_middle: dict[tuple[tuple[str, ...], tuple[str, ...]],
                    list[tuple[EntityGroup, str, str]]] = {}  # words before and after a pair
    for group in orgs:
        for words in distinct_names[id(group)]:
            for at in range(1, len(words) - 1):
                by_middle.setdefault((tuple(words[:at]), tuple(words[at + 2:])), []).append(
                    (group, words[at], words[at + 1]))
    by_tail: dict[tuple[str, ...], list[tuple[EntityGroup, list[str]]]] = {}
    for group in orgs:  # full names of two words or more by the words after the first two
        for words in distinct_names[id(group)]:
            if len(words) >= 2:
                by_tail.setdefault(tuple(words[2:]), []).append((group, words))
            if len(words) >= 3 and _opens_with_capitalised_adjective(group):
                # «Тюменская городская дума»: «гордума» compounds the two words after it
                by_tail.setdefault(tuple(words[3:]), []).append((group, words[1:]))
    links = []
    for group in orgs:
        owners = [other for words in distinct_names[id(group)]
                  if words and "-" not in words[0]
                  for other, full in by_tail.get(tuple(words[1:]), [])
                  if _compounds(words[0], full[0], full[1])]
        owners += [other for words in distinct_names[id(group)]
                   for at in range(1, len(words)) if "-" not in words[at]
                   for other, first, second in by_middle.get(
                       (tuple(words[:at]), tuple(words[at + 1:])), [])
                   if _compounds(words[at], first, second)]
        owner = unique_other(owners, group)
        if owner is not None:
            links.append((owner, group))
    return links


def po_tails(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 25: an ORG named as another ORG of the article without the «по …» phrase that
    ends its name is that ORG: «сборная России» and «сборная России по хоккею», «комитет
    Госдумы» and «комитет Госдумы по обороне», when one ORG only is so named; what is left has
    two words or more («комитет» alone stays apart)."""
    return shortened_names(groups, _without_po_tail)


def _without_po_tail(group: EntityGroup) -> set[str]:
    """«сборная россии по хоккею» → {сборная россии}."""
    keys = set()
    for normal in dict.fromkeys(fold(name) for name in group.normals()):
        head, found, _ = normal.partition(" по ")
        if found and len(head.split()) >= 2:
            keys.add(head)
    return keys


def misdeclined_org_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 33: an ORG whose name differs from another's only in its endings is that ORG, its
    case left by the normal form («К-Телекома» and «К-Телеком»: the tagger read the genitive
    of a name the dictionary does not know as a nominative), when no third is as close; the
    shorter name is kept. Abbreviations («ЦСК», «ЦСКА») and Latin names do not decline and
    never join («App» of «App Store» is no form of «Apple»)."""
    return misdeclined_forms(
        [group for group in groups if group.label == "ORG" and not group.name.isupper()
         and has_cyrillic(group.name)], known=lambda group: False)


def owner_left_out(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 42: an ORG named as another ORG of the article without the capitalised name of the
    body it belongs to, before its «по …» tail, is that ORG: «комитет по финансовому рынку»
    and «комитет Госдумы по финансовому рынку», when only one ORG is so named."""
    orgs = [group for group in groups if group.label == "ORG"]
    if len(orgs) < 2:
        return []
    claims: dict[str, list[EntityGroup]] = {}
    for group in orgs:
        for normal in dict.fromkeys(group.normals()):
            words = normal.split()
            po = next((at for at, word in enumerate(words) if at >= 2 and word == "по"), None)
            if po is None:
                continue
            for cut in range(1, po):
                if words[cut][:1].isupper():
                    claims.setdefault(fold(" ".join(words[:cut] + words[po:])).lower(),
                                      []).append(group)
                    break
    return claimed_by_a_name(orgs, claims)


def acronym_with_owner(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 45: an ORG named by an acronym that another ORG's name writes with the acronym of
    the body it belongs to after it is that ORG: «ИКИ» is the article's one «ИКИ РАН»
    (acronyms of three letters or more: not «ГУ» of «ГУ МВД»; the second no place: «МИД» and
    «МИД РФ» are left to the keys, as NEREL's dev split measured better)."""
    orgs = [group for group in groups if group.label == "ORG"]
    if len(orgs) < 2:
        return []
    places = _place_starts(orgs[0].mentions[0].doc)
    claims: dict[str, list[EntityGroup]] = {}
    for group in orgs:
        for span in group.mentions:
            words = span.text.split()
            if len(span) == 2 and all(word.isupper() and word.isalpha() for word in words) \
                    and len(words[0]) >= 3 and places.get(span.end) != span.start + 1:
                claims.setdefault(fold(words[0]).lower(), []).append(group)
    return claimed_by_a_name(orgs, claims)


# adjectives (nominative: record names are), a head noun, its number, «имени» and a person
_EPONYM_NAME = re.compile(r"(?:[^\W\d_]+(?:ый|ий|ой|ая|яя|ое|ее|ые|ие)\s+)*"
                          r"(?P<head>[^\W\d_]+)(?:\s+№\s*\d+)?\s+имени\s+(?:[А-ЯЁ]\.\s*)*"
                          r"(?:[А-ЯЁ][а-яё]+\s+)?(?P<surname>[А-ЯЁ][а-яё-]+)")


def eponym_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 43: institutions named after one person with one head noun are the article's one
    institution, named by its longest name: «больница имени Пирогова» is «городская
    клиническая больница имени Н.И. Пирогова» (adjectives, initials and a first name left
    out), when no other institution of the article has that head and that person."""
    by_eponym: dict[tuple[str, str], list[EntityGroup]] = {}
    for group in (group for group in groups if group.label == "ORG"):
        for normal in dict.fromkeys(group.normals()):
            found = _EPONYM_NAME.fullmatch(normal)
            if found:
                eponym = (fold(found["head"]).lower(), fold(found["surname"]).lower())
                by_eponym.setdefault(eponym, []).append(group)
    links = []
    for named in by_eponym.values():
        alike = distinct(named)
        if len(alike) < 2:
            continue
        longest = max(alike, key=lambda group: max(len(normal.split())
                                                   for normal in group.normals()))
        links += [(longest, group) for group in alike if group is not longest]
    return links


_NAME_DASH = re.compile(r"\s+[—–]\s+")


def dashed_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 44: an ORG named as the words before the dash of another ORG's name is that ORG:
    «Грузинская мечта» is the article's one «Грузинская мечта — Демократическая Грузия»,
    «Справедливая Россия» its one «Справедливая Россия — За правду» (a party's name and its
    second half)."""
    orgs = [group for group in groups if group.label == "ORG"]
    claims: dict[str, list[EntityGroup]] = {}
    for group in orgs:
        for normal in dict.fromkeys(group.normals()):
            parts = _NAME_DASH.split(normal, maxsplit=1)
            if len(parts) == 2 and parts[0].strip():
                claims.setdefault(fold(parts[0]).lower(), []).append(group)
    return claimed_by_a_name(orgs, claims)
