"""Group an article's mentions into entities: ``span._.entity`` and ``doc._.entities``.

One record per referent. Mentions with the same label and normal form (case and ё/е folded)
are one record; a place found in the gazetteer is grouped and named by its canonical name
(«РФ», «России», «российские» → Россия) and carries its ``geo``. Then, in order:
- a mention in parentheses right after the widest mention of its label is that mention: an
  abbreviation or a transliteration («Министерство иностранных дел России (МИД)», «Джоэл
  Саймон (Joel Simon)»), unless it spells a nested one;
- ``MERGE_RULES``, each a function of the records left so far:
  1. ``full_name_variants``: same first and last word, one name's words in the other
     («Джон Кеннеди», «Джон Фитцджеральд Кеннеди», «Джон Ф. Кеннеди»); common words NER took
     in before a name are no part of it («Сэр Алекс Фергюсон»);
  2. ``initialled_names``: initials and a surname join the one full name they abbreviate
     («А. Кудрин», «Дж. Ф. Кеннеди», «Михальчук И. Ф.»);
  3. ``misdeclined_names``: names differing only in case endings are one («Сергей Скрипаля»
     → «Сергей Скрипаль»): a declension error makes no record;
  4. ``short_names``: a surname or first name alone («Бобиев», «Хабиба», «Земаном») or a
     first name and patronymic joins the one full name that has it; two people sharing a
     surname (father and son) keep it apart;
  5. ``abbreviations``: an ORG abbreviation spells the initials of one longer ORG name;
  6. ``nested_org_names``: «ИК Питер Траст» is «Питер Траст»;
  7. ``bare_body_heads``: a lowercase «министерство» alone joins the one ORG named with it;
  8. ``name_without_place``: «Конгресс» is the article's one «Конгресс США»;
  9. ``familiar_first_names``: «Лёша Тихонов» is «Алексей Тихонов» (models/first_names.yaml);
  10. ``spelling_variants``: «Антониу Гутерриш» is «Антониу Гутерреш».
Records are named by their longest normal form (most words first), a person not by initials,
a misdeclined form or a leading common word; the other forms are ``aliases``. Ids follow
first mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..folding import fold
from ..lexicons.words import entity_words
from .abbreviations import abbreviation_shaped
from .extensions import mentions, register_extensions

_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_FUNCTION_WORDS = frozenset({"и", "по", "при", "для", "в", "на", "с", "о", "об", "of", "and",
                             "the", "for", "de"})


@dataclass
class EntityGroup:
    label: str
    key: str
    mentions: list[Span] = field(default_factory=list)

    composed: list[str] = field(default_factory=list)  # full names built from the mentions
    demoted: set[str] = field(default_factory=set)  # folded normals not to name it by

    def normals(self) -> list[str]:
        return [span._.normal or span.text for span in self.mentions] + self.composed

    @property
    def geo(self) -> dict | None:
        """The gazetteer entry of a place: the first mention's that has one."""
        return next((dict(span._.geo) for span in self.mentions if span._.geo), None)

    @property
    def name(self) -> str:
        geo = self.geo
        if geo and geo.get("name"):
            return geo["name"]
        names = self.normals()
        cyrillic = [name for name in names if _CYRILLIC.search(name)]
        names = cyrillic or names  # «Гаретт Рейсман», not its transliteration «Garrett Reisman»
        names = [name for name in names if fold(name) not in self.demoted] or names
        if self.label == "PER":  # «Джон Кеннеди», not «Дж. Ф. Кеннеди» or «Сергей Скрипаля»
            names = [_without_common_words(name) for name in names]  # «Пресс-агент Гибсон»
            names = [name for name in names
                     if not any(_is_initial(word) for word in name_words(name)) and
                     len(person_words(name)) == len(name_words(name))] or names
        # the most words, then the longest, then the first written (max keeps the first of
        # equals; each distinct name once, so 20,000 mentions of one name cost 20,000 steps)
        return max(dict.fromkeys(names), key=lambda name: (len(name.split()), len(name)))

    @property
    def aliases(self) -> list[str]:
        name = fold(self.name)
        return sorted({normal for normal in self.normals() if fold(normal) != name})

    def absorb(self, other: EntityGroup) -> None:
        self.mentions.extend(other.mentions)
        self.mentions.sort(key=lambda span: (span.start, span.end))
        self.composed.extend(other.composed)
        self.demoted |= other.demoted
        if self.label == "PER" and _is_first_patronymic(other.key):
            patronymic = other.normals()[0].split()[1]
            self.composed.extend(_with_patronymic(name, patronymic) for name in self.normals()
                                 if len(name.split()) == 2 and not _is_first_patronymic(
                                     fold(name)))


def initials(name: str) -> str:
    words = [word for word in re.split(r"[\s\-]+", fold(name)) if word]
    return "".join(word[0] for word in words if word not in _FUNCTION_WORDS)


def is_abbreviation(span: Span) -> bool:
    return abbreviation_shaped(span.text)


def group_mentions(spans: list[Span]) -> list[EntityGroup]:
    by_key: dict[tuple[str, str], EntityGroup] = {}
    group_of: dict[int, EntityGroup] = {}
    for position, span in enumerate(spans):
        known_place = span._.geo.get("name") if span._.geo else None
        key = (span.label_, fold(known_place or span._.normal or span.text))
        group = by_key.setdefault(key, EntityGroup(span.label_, key[1]))
        group.mentions.append(span)
        group_of[position] = group
    groups = list(by_key.values())
    owner = {id(group): group for group in groups}  # an absorbed group points to its absorber

    def holder(group: EntityGroup) -> EntityGroup:
        while owner[id(group)] is not group:
            group = owner[id(group)]
        return group

    def live() -> list[EntityGroup]:
        return [group for group in groups if owner[id(group)] is group]

    def join(keep: EntityGroup, gone: EntityGroup) -> None:
        keep, gone = holder(keep), holder(gone)
        if keep is not gone:
            keep.absorb(gone)
            owner[id(gone)] = keep

    for keep, gone in _parenthesised(spans):
        join(group_of[keep], group_of[gone])
    for rule in MERGE_RULES:  # in order: each sees the records the rules before it left
        for keep, gone in rule(live()):
            join(keep, gone)
    return live()


_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")
_ENDINGS = ("ами", "ями", "ому", "ему", "ого", "его", "ой", "ей", "ым", "им", "ом", "ем", "ую",
            "юю", "а", "я", "у", "ю", "е", "ы", "и", "ь", "й")


def name_words(name: str) -> list[str]:
    """Folded words of a person's name, initials kept with their dot: «Ж.-К.Трише» →
    ж., к., трише."""
    return _NAME_WORD.findall(fold(name))


def _without_common_words(name: str) -> str:
    """A person's name without the common words NER took in before it, as written:
    «Пресс-агент Гибсон» → «Гибсон» (see :func:`person_words`)."""
    words = name.split()
    while len(words) > 1 and _common_word(fold(words[0])):
        words = words[1:]
    return " ".join(words)


def _is_initial(word: str) -> bool:
    return (word.endswith(".") and len(word) <= 3) or len(word) == 1


def person_words(name: str) -> list[str]:
    """``name_words`` without the common words NER took in before the name: «Сэр Алекс
    Фергюсон», «Восьмидесятилетний Маккейн», «Пресс-агент Гибсон» → алекс фергюсон, маккейн,
    гибсон."""
    words = name_words(name)
    while len(words) > 1 and _common_word(words[0]):
        words = words[1:]
    return words


@lru_cache(maxsize=50_000)
def _common_word(word: str) -> bool:
    """A dictionary word that is no name (no Name, Surn, Patr reading) and most likely a
    noun, adjective, verb, adverb or function word («сэр», «восьмидесятилетний», «есть»,
    «вместо»; not «лея», a gerund); a role word after a prefix of ``role_prefixes``
    («экс-советник»); a word the dictionary lacks with an ending of
    ``common_word_endings`` («шестидесятивосьмилетняя»)."""
    from .models import morph_analyzer

    if "-" in word.strip("-"):  # «экс-советник», «пресс-агент»; not «жан-батист»
        parts = word.split("-")
        return parts[0] in _WORDS.role_prefixes and _no_name("-".join(parts[1:]))
    if word.endswith(".") or not morph_analyzer().word_is_known(word):
        return word.endswith(_WORDS.common_word_endings)  # «шестидесятивосьмилетняя»
    parses = morph_analyzer().parse(word)
    top = parses[0]
    if top.tag.POS not in _COMMON_POS or (top.tag.POS == "NOUN" and top.score < 0.6):
        return False  # «Лея»: a noun only by a guess as good as another
    return _no_name(word)


def _no_name(word: str) -> bool:
    """A dictionary word none of whose readings is a name («агент», «советник»)."""
    from .models import morph_analyzer

    return morph_analyzer().word_is_known(word) and not any(
        {"Name", "Surn", "Patr"} & set(str(parse.tag).replace(" ", ",").split(","))
        for parse in morph_analyzer().parse(word))


_WORDS = entity_words()  # models/entity_words.yaml
_COMMON_POS = frozenset({"NOUN", "ADJF", "ADJS", "ADVB", "PREP", "CONJ", "PRCL", "VERB", "INFN",
                         "NPRO", "PRED"})


def stem(word: str) -> str:
    """A name word without its case ending, each part of a hyphenated one: «Скрипаля»,
    «Скрипаль», «Скрипал» → скрипал; «Ивановой», «Иванов» → иванов."""
    parts = []
    for part in word.split("-"):
        for ending in _ENDINGS:
            if part.endswith(ending) and len(part) - len(ending) >= 3:
                part = part[: -len(ending)]
                break
        parts.append(part)
    return "-".join(parts)


def _people(groups: list[EntityGroup]) -> list[EntityGroup]:
    return [group for group in groups if group.label == "PER"]


def _full_names(group: EntityGroup) -> list[list[str]]:
    """The group's names of two words or more without initials, first name first (not a first
    name and patronymic)."""
    names = []
    for normal in dict.fromkeys(fold(name) for name in group.normals()):
        words = person_words(normal)
        if len(words) >= 2 and not any(_is_initial(word) for word in words) and \
                not _is_first_patronymic(" ".join(words)):
            names.append(words)
    return names


def _distinct(groups: list[EntityGroup]) -> list[EntityGroup]:
    return list({id(group): group for group in groups}.values())


def _unique(owners: list[EntityGroup], group: EntityGroup) -> EntityGroup | None:
    distinct = [other for other in _distinct(owners) if other is not group]
    return distinct[0] if len(distinct) == 1 else None


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """Each word of the shorter name stands, in order, in the longer one, an initial for its
    word: «Джон Ф. Кеннеди» in «Джон Фитцджеральд Кеннеди»."""
    rest = iter(long)
    return all(any(word == other or (_is_initial(word) and other.startswith(word.rstrip(".")))
                   for other in rest) for word in short)


def full_name_variants(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 1: names with the same first and last word are one person when one name's words
    stand in the other: «Джон Кеннеди», «Джон Фитцджеральд Кеннеди», «Джон Ф. Кеннеди»
    (not «Хамад бен Халиф Аль Тани» and «Хамад бен Джасем Аль Тани»)."""
    seen: dict[tuple[str, str], list[tuple[EntityGroup, list[str]]]] = {}
    links = []
    for group in _people(groups):
        for normal in dict.fromkeys(fold(name) for name in group.normals()):
            words = person_words(normal)
            if len(words) < 2 or _is_initial(words[0]) or _is_initial(words[-1]) or \
                    _is_first_patronymic(" ".join(words)):
                continue
            earlier = seen.setdefault((words[0], words[-1]), [])
            keep = next((other for other, known in earlier if other is not group and (
                _abbreviates(words, known) or _abbreviates(known, words))), None)
            if keep is not None:
                links.append((keep, group))
            earlier.append((group, words))
    return links


def initialled_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 2: initials and a surname join the one full name they abbreviate: «А. Кудрин» →
    «Алексей Кудрин», «Дж. Ф. Кеннеди» → «Джон Фитцджеральд Кеннеди», «Михальчук И. Ф.» →
    «Илья Михальчук»."""
    people = _people(groups)
    full = [(group, words) for group in people for words in _full_names(group)]
    links = []
    for group in people:
        for normal in dict.fromkeys(fold(name) for name in group.normals()):
            words = person_words(normal)
            letters = [word[:-1] for word in words if _is_initial(word)]
            rest = [word for word in words if not _is_initial(word)]
            if not letters or len(rest) != 1:
                continue
            owners = [other for other, name in full if stem(name[-1]) == stem(rest[0])
                      and name[0].startswith(letters[0])
                      and (len(letters) < 2 or len(name) < 3 or
                           name[1].startswith(letters[1]))]
            owner = _unique(owners, group)
            if owner is not None:
                links.append((owner, group))
                break
    return links


def _nominative_mentions(group: EntityGroup) -> int:
    return sum(fold(span.text) == fold(span._.normal or span.text) for span in group.mentions)


def misdeclined_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 3: a declension error makes no record: a full name whose words differ from
    another's only in their endings is that name («Сергей Скрипаля», «Сергей Скрипал» →
    «Сергей Скрипаль»). The record written in the nominative more often keeps the name."""
    by_stems: dict[tuple[str, ...], list[EntityGroup]] = {}
    for group in _people(groups):
        for words in _full_names(group):
            by_stems.setdefault(tuple(stem(word) for word in words), []).append(group)
    links = []
    for found in by_stems.values():
        found = _distinct(found)
        if len(found) < 2:
            continue
        keep, *gone = sorted(found, key=lambda g: (-_nominative_mentions(g), -len(g.mentions),
                                                   g.mentions[0].start))
        for other in gone:
            other.demoted |= {fold(name) for name in other.normals()}
            links.append((keep, other))
    return links


def _parenthesised(spans: list[Span]) -> list[tuple[int, int]]:
    """A mention in parentheses belongs to the widest mention of its label that ends right
    before them («Министерство иностранных дел России (МИД)», not the nested «России»),
    unless it spells the initials of a nested one («исполнительный комитет Гражданской
    демократической партии (ГДП)» → the party)."""
    ending: dict[tuple[int, str], list[int]] = {}
    for position, span in enumerate(spans):
        ending.setdefault((span.end, span.label_), []).append(position)
    links = []
    for position, inner in enumerate(spans):
        if inner.start < 2 or inner.doc[inner.start - 1].text != "(":
            continue
        after = inner.doc[inner.end:inner.end + 1].text if inner.end < len(inner.doc) else ""
        candidates = sorted(ending.get((inner.start - 1, inner.label_), ()),
                            key=lambda known: spans[known].start)
        if not candidates or after != ")":
            continue
        letters = fold(inner.text.strip("«»\""))
        spelled = [known for known in candidates
                   if is_abbreviation(inner) and initials(spans[known].text) == letters]
        links.append(((spelled or candidates)[0], position))
    return links


def short_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 4: «Бобиев» → «Далер Бобиев», «Хабиба» → «Хабиб Нурмагомедов»: a surname or a
    first name alone joins the one full name that ends or begins with it, its case ending
    aside («Земаном» → «Милош Земан»); «Людмила Марковна» → «Людмила Гурченко» (first name
    and patronymic, the Russian way of naming someone known: the entity is then named
    «Людмила Марковна Гурченко»). Two full names that share the word keep it apart (father
    and son)."""
    people = _people(groups)
    by_end_word: dict[str, list[EntityGroup]] = {}  # first or last word → full names
    by_end_stem: dict[str, list[EntityGroup]] = {}
    by_first_word: dict[str, list[EntityGroup]] = {}
    by_initialled: dict[str, list[EntityGroup]] = {}  # surname → «Д. Медведев»
    for other in people:
        for normal in other.normals():
            words = person_words(normal)
            if len(words) >= 2 and _is_initial(words[0]) and not _is_initial(words[-1]):
                by_initialled.setdefault(words[-1], []).append(other)
        for words in _full_names(other):
            for word in dict.fromkeys((words[-1], words[0])):
                by_end_word.setdefault(word, []).append(other)
                by_end_stem.setdefault(stem(word), []).append(other)
            by_first_word.setdefault(words[0], []).append(other)
    links = []
    for group in people:
        words = person_words(group.key)
        if len(words) == 1:
            word = words[0]
            owner = _unique(by_end_word.get(word, []), group)
            if owner is None and not by_end_word.get(word):
                owner = _unique(by_end_stem.get(stem(word), []), group)
            if owner is None and not by_end_stem.get(stem(word)):
                owner = _unique(by_initialled.get(word, []), group)
        elif _is_first_patronymic(group.key):
            owner = _unique(by_first_word.get(words[0], []), group)
        else:
            continue
        if owner is not None:
            links.append((owner, group))
    return links


def _is_first_patronymic(key: str) -> bool:
    words = key.split()
    return len(words) == 2 and is_patronymic(words[1])


@lru_cache(maxsize=50_000)
def is_patronymic(word: str) -> bool:
    from .models import morph_analyzer

    return any("Patr" in parse.tag and "nomn" in parse.tag
               for parse in morph_analyzer().parse(word))


def _with_patronymic(name: str, patronymic: str) -> str:
    first, last = name.split()
    return f"{first} {patronymic} {last}"


def abbreviations(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    by_initials: dict[str, list[EntityGroup]] = {}  # each name's initials computed once
    for other in groups:
        if other.label == "ORG" and len(other.key.split()) >= 2:
            by_initials.setdefault(initials(other.name), []).append(other)
    links = []
    for group in groups:
        if group.label != "ORG" or not is_abbreviation(group.mentions[0]):
            continue
        letters = fold(group.mentions[0].text.strip("«»\""))
        owners = [other for other in by_initials.get(letters, ()) if other is not group]
        if len(owners) == 1:
            links.append((owners[0], group))
    return links


_LEGAL_FORMS = frozenset({"оао", "зао", "пао", "ооо", "ао", "нао", "ик", "гк", "фк", "хк", "пк",
                          "акб", "кб", "нпо", "нпф", "ск", "ук", "ифк"})


def nested_org_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 6: an ORG name that is another ORG name of the article after its legal form is
    that ORG: «ИК Питер Траст» and «Питер Траст», «ОАО Газпром» and «Газпром» (not «ГУ МВД»
    and «МВД», «ЦК КПСС» and «КПСС»). The record is named without the form."""
    orgs = [group for group in groups if group.label == "ORG"]
    by_key: dict[str, list[EntityGroup]] = {}
    for group in orgs:
        by_key.setdefault(group.key, []).append(group)
    links = []
    for group in orgs:
        words = group.name.split()
        for cut in (1, 2):
            if len(words) <= cut or not all(fold(word) in _LEGAL_FORMS for word in words[:cut]):
                continue
            owner = _unique(by_key.get(fold(" ".join(words[cut:])), []), group)
            if owner is not None:
                group.demoted.add(fold(group.name))  # named «Питер Траст»
                links.append((owner, group))
                break
    return links


def _head_lemma(span: Span) -> str:
    """The folded lemma of the first word of an ORG mention that is no adjective
    («областное министерство …» → министерство)."""
    head = next((token for token in span if token.pos_ != "ADJ"), span[0])
    return fold(head.lemma_)


def bare_body_heads(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 7: a body named only by its lowercase head («в министерстве», «департамент») joins
    the one ORG of the article whose name has that head («Министерство социальной политики
    Свердловской области»); with two such ORGs it stays apart. Heads that say what a body is
    anywhere («правительство», ``descriptive_heads``) are left to the keys (same jurisdiction,
    one record: ``keys.same_body_records``)."""
    from .orgs import load_lexicon

    descriptive = load_lexicon().descriptive_heads
    by_head: dict[str, list[EntityGroup]] = {}
    for group in groups:
        if group.label == "ORG":
            for span in group.mentions:
                if len(span) > 1:
                    by_head.setdefault(_head_lemma(span), []).append(group)
    links = []
    for group in groups:
        if group.label != "ORG" or not all(len(span) == 1 and span.text.islower()
                                           for span in group.mentions):
            continue
        lemma = fold(group.mentions[0].lemma_)
        if descriptive.matches(lemma, fold(group.mentions[0].text)):
            continue
        owner = _unique(by_head.get(lemma, []), group)
        if owner is not None:
            links.append((owner, group))
    return links


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


def name_without_place(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 8: an ORG named as another ORG of the article without the place that ends its
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
    links = []
    for group in orgs:
        owner = _unique(by_prefix.get(group.key, []), group)
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
    """Rule 9: a familiar first name is the full one («Лёша Тихонов» is «Алексей Тихонов»,
    «Юра» alone is the article's one Юрий): with the surname, the person of that full name and
    surname; alone, the one person whose full name begins with it."""
    people = _people(groups)
    by_name: dict[str, list[EntityGroup]] = {}
    by_first: dict[str, list[EntityGroup]] = {}
    for other in people:
        for words in _full_names(other):
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
        owner = _unique(owners, group)
        if owner is not None:
            links.append((owner, group))
    return links


def _close_spellings(a: str, b: str) -> bool:
    """Two spellings of one foreign surname («Гутерреш», «Гутерриш»; «Эймс», «Эймс»): the
    same first three letters, at least five letters, at most two letters apart."""
    if a == b or min(len(a), len(b)) < 5 or a[:3] != b[:3] or abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, start=1):
        current = [i]
        for j, right in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (left != right)))
        previous = current
    return previous[-1] <= 2


def spelling_variants(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 10: two full names with the same first name whose surnames are spellings of one
    («Антониу Гутерреш», «Антониу Гутерриш»; «Ирина Ярова», «Ирина Яровая») are one person,
    when no third name of the article is as close."""
    people = _people(groups)
    by_first: dict[str, list[tuple[EntityGroup, str]]] = {}
    for group in people:
        for words in _full_names(group):
            if len(words) == 2:
                by_first.setdefault(words[0], []).append((group, words[1]))
    links = []
    for named in by_first.values():
        for index, (group, surname) in enumerate(named):
            close = _distinct([other for other, known in named[index + 1:]
                               if other is not group and _close_spellings(surname, known)])
            if len(close) == 1:
                links.append((group, close[0]))
    return links


MERGE_RULES = (full_name_variants, initialled_names, misdeclined_names, short_names,
               abbreviations, nested_org_names, bare_body_heads, name_without_place,
               familiar_first_names, spelling_variants)


class EntityGrouper:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        groups = sorted(group_mentions(mentions(doc)),
                        key=lambda g: (g.mentions[0].start, g.mentions[0].end))
        records = []
        for number, group in enumerate(groups, start=1):
            entity_id = f"e{number}"
            for span in group.mentions:
                span._.entity = entity_id
            records.append({"id": entity_id, "label": group.label, "name": group.name,
                            "count": len(group.mentions), "aliases": group.aliases,
                            "geo": group.geo})
        doc._.entities = records
        return doc


@Language.factory(
    "entity_grouper",
    assigns=["span._.entity", "doc._.entities"],
    requires=["span._.normal"],
)
def make_entity_grouper(nlp: Language, name: str) -> EntityGrouper:
    return EntityGrouper(nlp, name)
