"""Group an article's mentions into entities: ``span._.entity`` and ``doc._.entities``.

Mentions of one entity are linked when
- they have the same label and normal form (case and ё/е folded): inflected variants;
- a one-word PER mention is the last or first word of exactly one full name in the article
  («Бобиев» → «Далер Бобиев»);
- a mention stands in parentheses right after another of the same label: an abbreviation or a
  transliteration («Комитет защиты журналистов (КЗЖ)», «Джоэл Саймон (Joel Simon)»);
- an ORG abbreviation spells the initials of exactly one longer ORG name in the article
  («КЗЖ» ↔ «Комитет защиты журналистов»).
A place found in the gazetteer is grouped and named by its canonical name («РФ», «России»,
«российские» → Россия) and carries its ``geo`` (ISO code, kind). Other entities are named by
their longest normal form; the other forms are ``aliases``. Ids follow first mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..folding import fold
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
        if self.label == "PER" and _is_first_patronymic(other.key):
            patronymic = other.normals()[0].split()[1]
            self.composed.extend(_with_patronymic(name, patronymic) for name in self.normals()
                                 if len(name.split()) == 2 and not _is_first_patronymic(
                                     fold(name)))


def initials(name: str) -> str:
    words = [word for word in re.split(r"[\s\-]+", fold(name)) if word]
    return "".join(word[0] for word in words if word not in _FUNCTION_WORDS)


def is_abbreviation(span: Span) -> bool:
    text = span.text.strip("«»\"")
    return 2 <= len(text) <= 8 and " " not in text and sum(ch.isupper() for ch in text) >= 2


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

    links = _parenthesised(spans) + _short_names(groups) + _abbreviations(groups)
    for keep, gone in links:
        keep_group = holder(keep if isinstance(keep, EntityGroup) else group_of[keep])
        gone_group = holder(gone if isinstance(gone, EntityGroup) else group_of[gone])
        if keep_group is not gone_group:
            keep_group.absorb(gone_group)
            owner[id(gone_group)] = keep_group
    return [group for group in groups if owner[id(group)] is group]


def _parenthesised(spans: list[Span]) -> list[tuple[int, int]]:
    links = []
    for position in range(1, len(spans)):
        before, inner = spans[position - 1], spans[position]
        if before.label_ != inner.label_ or inner.start <= before.end:
            continue
        between = inner.doc[before.end:inner.start].text.strip()
        after = inner.doc[inner.end:inner.end + 1].text if inner.end < len(inner.doc) else ""
        if between == "(" and after == ")":
            links.append((position - 1, position))
    return links


def _short_names(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """«Бобиев» → «Далер Бобиев»; «Людмила Марковна» → «Людмила Гурченко» (first name and
    patronymic, the Russian way of naming someone known: the entity is then named
    «Людмила Марковна Гурченко»)."""
    full = [group for group in groups if group.label == "PER" and len(group.key.split()) > 1
            and not _is_first_patronymic(group.key)]
    by_end_word: dict[str, list[EntityGroup]] = {}  # first or last word → full names
    by_first_word: dict[str, list[EntityGroup]] = {}
    for other in full:
        words = other.key.split()
        for word in dict.fromkeys((words[-1], words[0])):
            by_end_word.setdefault(word, []).append(other)
        by_first_word.setdefault(words[0], []).append(other)
    links = []
    for group in groups:
        if group.label != "PER":
            continue
        words = group.key.split()
        if len(words) == 1:
            owners = by_end_word.get(group.key, [])
        elif _is_first_patronymic(group.key):
            owners = by_first_word.get(words[0], [])
        else:
            continue
        if len(owners) == 1:
            links.append((owners[0], group))
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


def _abbreviations(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
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
