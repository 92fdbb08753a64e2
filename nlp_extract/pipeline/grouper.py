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
  4. ``reordered_names``: «Горлов Александр» is «Александр Горлов» (named first name first);
  5. ``names_within_names``: «Фидель Кастро» is «Фидель Алехандро Кастро Рус»;
  6. ``transliterated_names``: «Керри Фишер» is «Кэрри Фишер»;
  7. ``short_names``: a surname or first name alone («Бобиев», «Хабиба», «Земаном») or a
     first name and patronymic joins the one full name that has it; two people sharing a
     surname (father and son) keep it apart;
  8. ``abbreviations``: an ORG abbreviation spells the initials of one longer ORG name;
  9. ``nested_org_names``: «ИК Питер Траст» is «Питер Траст»;
  10. ``bare_body_heads``: a lowercase «министерство» alone joins the one ORG named with it;
  11. ``name_without_place``: «Конгресс» is the article's one «Конгресс США»;
  12. ``familiar_first_names``: «Лёша Тихонов» is «Алексей Тихонов» (models/first_names.yaml);
  13. ``spelling_variants``: «Антониу Гутерриш» is «Антониу Гутерреш»;
  14. ``misspelled_surnames``: «Буров» alone is the article's one «Николай Бурков»;
  15. ``leading_adjectives``: «Суд Вены» is the article's one «Земельный суд Вены»;
  16. ``quoted_inner_names``: «Новости» is «РИА «Новости»» (not «Голоса Америки» of «Русской
      службы «Голоса Америки»»);
  17. ``names_with_aliases``: «комиссия ЕС» is «комиссия Европейского союза» when ЕС and
      Европейский союз are one record.
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
            if _two_first_names(keep, other):
                continue
            other.demoted |= {fold(name) for name in other.normals()}
            links.append((keep, other))
    return links


def _nominative_first_names(group: EntityGroup) -> set[str]:
    """The first words of the group's mentions written in the nominative that the dictionary
    reads as a nominative first name («Евгения» of «Евгения Плющенко выступила»)."""
    from .models import morph_analyzer

    found = set()
    for span in group.mentions:
        words = person_words(span.text)
        if len(words) >= 2 and fold(span.text) == fold(span._.normal or span.text) and any(
                "Name" in parse.tag and "nomn" in parse.tag
                for parse in morph_analyzer().parse(words[0])):
            found.add(words[0])
    return found


def _two_first_names(group: EntityGroup, other: EntityGroup) -> bool:
    """Both written in the nominative with other first names: «Евгений Плющенко» and
    «Евгения Плющенко» are two people, no declension error."""
    mine, theirs = _nominative_first_names(group), _nominative_first_names(other)
    return bool(mine and theirs and not mine & theirs)


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
    """Rule 7: «Бобиев» → «Далер Бобиев», «Хабиба» → «Хабиб Нурмагомедов»: a surname or a
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
    """Rule 9: an ORG name that is another ORG name of the article after its legal form is
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
    """Rule 10: a body named only by its lowercase head («в министерстве», «департамент») joins
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
    """Rule 11: an ORG named as another ORG of the article without the place that ends its
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
    """Rule 12: a familiar first name is the full one («Лёша Тихонов» is «Алексей Тихонов»,
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
    return _edit_distance(a, b) <= 2


def spelling_variants(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 13: two full names with the same first name whose surnames are spellings of one
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


def _is_first_name(word: str) -> bool:
    from .models import morph_analyzer

    return any("Name" in parse.tag for parse in morph_analyzer().parse(word))


def reordered_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 4: a name written surname first is the person written first name first: «Горлов
    Александр» is «Александр Горлов», «Соловьёв Александр Васильевич» is «Александр
    Соловьёв» (the surname, then a first name, then perhaps a patronymic; case endings aside).
    The record is named first name first («Александр Васильевич Соловьёв»)."""
    people = _people(groups)
    by_name: dict[tuple[str, str], list[EntityGroup]] = {}  # (first name, surname) → people
    for group in people:
        for words in _full_names(group):
            by_name.setdefault((stem(words[0]), stem(words[-1])), []).append(group)
    links = []
    for group in people:
        for words in _full_names(group):
            if len(words) > 3 or not _is_first_name(words[1]) or (
                    len(words) == 3 and not is_patronymic(words[2])):
                continue
            owner = _unique(by_name.get((stem(words[1]), stem(words[0])), []), group)
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


def _lone_surname(group: EntityGroup) -> str | None:
    words = person_words(group.key)
    return words[0] if len(words) == 1 and not _is_initial(words[0]) else None


def _near_spelling(a: str, b: str) -> bool:
    """One letter apart, two for surnames of eight letters or more (:func:`_close_spellings`)."""
    if not _close_spellings(a, b):
        return False
    return min(len(a), len(b)) >= 8 or _edit_distance(a, b) <= 1


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, start=1):
        current = [i]
        for j, right in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (left != right)))
        previous = current
    return previous[-1]


def misspelled_surnames(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 14: a surname alone that no name of the article has, spelled one letter away from
    the surname of exactly one full name («Буров» beside «Николай Бурков», «Аленчиев» beside
    «Дмитрий Аленичев»), is that person: a typo or a second transliteration."""
    people = _people(groups)
    surnames: dict[str, list[EntityGroup]] = {}
    for other in people:
        for words in _full_names(other):
            surnames.setdefault(stem(words[-1]), []).append(other)
    links = []
    for group in people:
        word = _lone_surname(group)
        if word is None or stem(word) in surnames:
            continue
        owners = [other for known, found in surnames.items()
                  if _near_spelling(stem(word), known) for other in found]
        owner = _unique(owners, group)
        if owner is not None:
            links.append((owner, group))
    return links


def _within(short: list[str], long: list[str]) -> bool:
    """Each word of the shorter name stands, in order, in the longer one (stems compared)."""
    rest = iter(long)
    return all(any(word == other for other in rest) for word in short)


def names_within_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 5: a name of two words or more whose words stand, in order, in the longer name
    of exactly one other person is that person: «Фидель Кастро» in «Фидель Алехандро Кастро
    Рус», «Мишель Бачелет» in «Вероника Мишель Бачелет Хериа», «Кристина Фернандес» in
    «Кристина Фернандес де Киршнер» (case endings aside)."""
    people = _people(groups)
    names = [(group, [stem(word) for word in words]) for group in people
             for words in _full_names(group)]
    links = []
    for group in people:
        owners = [other for words in _full_names(group)
                  for other, longer in names
                  if len(longer) > len(words) and _within([stem(w) for w in words], longer)]
        owner = _unique(owners, group)
        if owner is not None:
            links.append((owner, group))
    return links


def _close_first_names(a: str, b: str) -> bool:
    """Two spellings of one first name («Кэрри», «Керри»; «Николас», «Николаус»), not a
    man's and a woman's («Александр», «Александра»; «Евгений», «Евгения»)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if stem(a) == stem(b) or a[:-1] == b[:-1]:
        return False  # «Александр(а)», «Евгени(й|я)»: endings make a man or a woman
    return _edit_distance(a, b) <= (1 if min(len(a), len(b)) < 7 else 2)


def transliterated_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 6: two full names of two words whose first names and surnames are each one or two
    letters apart (two transliterations: «Кэрри Фишер» and «Керри Фишер», «Камерон Диас» and
    «Кэмерон Диаз», «Гарри Каспаров» and «Гари Каспаров») are one person, when no third name
    of the article is as close; «Александр Райсман» and «Александра Райсман» stay apart."""
    people = _people(groups)
    named = [(group, words) for group in people for words in _full_names(group)
             if len(words) == 2]
    links = []
    for index, (group, (first, last)) in enumerate(named):
        close = _distinct([
            other for other, (other_first, other_last) in named[index + 1:]
            if other is not group and _close_first_names(first, other_first) and
            (stem(last) == stem(other_last) or _near_spelling(stem(last), stem(other_last))
             or _near_spelling(last, other_last))])
        if len(close) == 1:
            links.append((group, close[0]))
    return links


def _without_leading_adjectives(span: Span) -> list[str]:
    """The folded normal forms of an ORG mention without one, two … of the adjectives it
    begins with, while two words or more are left: «Земельный суд Вены» → суд вены;
    «Китайский государственный Большой театр» → государственный большой театр, большой
    театр."""
    words = (span._.normal or span.text).split()
    if len(words) != len(span) or len(span) < 3:
        return []
    shorter = []
    for cut in range(1, len(span) - 1):
        if span[cut - 1].pos_ != "ADJ":
            break
        shorter.append(fold(" ".join(words[cut:])))
    return shorter


def leading_adjectives(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 15: an ORG named as another ORG of the article without the adjectives its name
    begins with is that ORG: «Суд Вены» and «Земельный суд Вены», «Совет РУСАДА» and
    «исполнительный Совет РУСАДА», when one ORG only is so named. What is left has two words
    or more («Союз» alone stays apart from «Европейский Союз»; «Единая Россия» from
    «Россия»)."""
    orgs = [group for group in groups if group.label == "ORG"]
    by_key: dict[str, list[EntityGroup]] = {}
    for group in orgs:
        by_key.setdefault(group.key, []).append(group)
    longer: dict[int, list[EntityGroup]] = {}  # a shorter name's record → the longer names
    named: dict[int, EntityGroup] = {}
    for group in orgs:
        shorter = {key for span in group.mentions for key in _without_leading_adjectives(span)}
        owner = _unique([other for key in sorted(shorter) for other in by_key.get(key, [])],
                        group)
        if owner is not None:
            longer.setdefault(id(owner), []).append(group)
            named[id(owner)] = owner
    return [(found[0], named[key]) for key, found in longer.items()
            if len(_distinct(found)) == 1]


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
    """Rule 16: the quoted name an ORG ends with is that ORG («РИА «Новости»» and «Новости»,
    «Центр современной культуры «Гараж»» and «Гараж»), unless the name depends on the word
    before it («Русской службы «Голоса Америки»»: the radio, not its service) or two ORGs end
    with it."""
    from .normalizer import governed_name

    orgs = [group for group in groups if group.label == "ORG"]
    by_span: dict[tuple[int, int], EntityGroup] = {}
    for group in orgs:
        for span in group.mentions:
            by_span[(span.start, span.end)] = group
    outer: dict[int, list[EntityGroup]] = {}
    inner: dict[int, EntityGroup] = {}
    for group in orgs:
        for span in group.mentions:
            quoted = _quoted_ends(span) if len(span) >= 3 else None
            found = by_span.get(quoted) if quoted else None
            if found is None or found is group or governed_name(span.doc[quoted[0]:quoted[1]]):
                continue
            outer.setdefault(id(found), []).append(group)
            inner[id(found)] = found
    return [(found[0], inner[key]) for key, found in outer.items()
            if len(_distinct(found)) == 1]


def _signature(span: Span, nested: dict[tuple[int, int], EntityGroup],
               start: int) -> tuple[str, ...]:
    """An ORG mention as its words' folded lemmas, each entity named inside it as its record:
    «комиссию ЕС» and «комиссия Европейского союза» read the same when ЕС and Европейский
    союз are one record. From token ``start`` of the mention on."""
    words: list[str] = []
    position = start
    while position < span.end:
        inner = next(((start, end) for end in range(span.end, position, -1)
                      if (start := position, end) in nested and (start, end) !=
                      (span.start, span.end)), None)
        if inner is not None:
            words.append(f"#{id(nested[inner])}")
            position = inner[1]
            continue
        token = span.doc[position]
        if token.is_alpha or token.is_digit:
            words.append(fold(token.lemma_))
        position += 1
    return tuple(words)


def names_with_aliases(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 17: two ORG names that differ only in how they name an entity inside them, its
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
                if span.doc[start].pos_ != "ADJ":
                    break
    partners: dict[int, list[EntityGroup]] = {}
    for found in by_signature.values():
        for group in found:
            partners.setdefault(id(group), []).extend(other for other in found
                                                      if other is not group)
    links = []
    for group in groups:
        partner = _unique(partners.get(id(group), []), group)
        if partner is not None and _unique(partners.get(id(partner), []), partner) is group \
                and id(group) < id(partner):
            links.append((group, partner))
    return links


MERGE_RULES = (full_name_variants, initialled_names, misdeclined_names, reordered_names,
               names_within_names, transliterated_names, short_names, abbreviations,
               nested_org_names, bare_body_heads, name_without_place, familiar_first_names,
               spelling_variants, misspelled_surnames, leading_adjectives, quoted_inner_names,
               names_with_aliases)


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
