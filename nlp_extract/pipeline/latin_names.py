"""A person named in Latin letters and in Cyrillic in one article («Джонатана Эймса — Jonathan
Ames», «Лоуренс Харви Зайгер … Lawrence Harvey Zeiger»): both spellings are reduced to the
consonants they sound with (:func:`latin_sounds`, :func:`cyrillic_sounds`), and a Latin name
whose first name and surname sound as one Cyrillic name's is that person (merge rule
``latin_spellings``). Vowels are dropped because transliteration changes them most («Lawrence»
/ «Лоуренс», «Ames» / «Эймс»); a name of one word, or two Cyrillic names that sound alike, is
left apart."""

from __future__ import annotations

import re

from ..folding import fold
from .entity_groups import EntityGroup, has_cyrillic, persons_among, unique_other
from .tokens import CONSONANTS

_LATIN = re.compile(r"[A-Za-z]")
# digraphs first, then letters; «c» before e, i, y sounds «s»
_LATIN_DIGRAPHS = (("sch", "ш"), ("tch", "ч"), ("ch", "х"), ("sh", "ш"), ("zh", "ж"),
                   ("ph", "ф"), ("th", "т"), ("ck", "к"), ("kh", "х"), ("ts", "ц"),
                   ("tz", "ц"), ("gh", "г"), ("qu", "кв"), ("x", "кс"))
_LATIN_LETTERS = {"b": "б", "c": "к", "d": "д", "f": "ф", "g": "г", "h": "х", "j": "дж",
                  "k": "к", "l": "л", "m": "м", "n": "н", "p": "п", "q": "к", "r": "р",
                  "s": "с", "t": "т", "v": "в", "z": "з"}
_SOFT_C = re.compile(r"c(?=[eiy])")
_CONSONANT_W = re.compile(r"(?<=[bcdfghjklmnpqrstvxz])w")  # «Schwarz»; «Lawrence»: a vowel
# sounds transliteration mixes up are one: voiced and voiceless pairs, «к», «г», «х», «ч»,
# «дж» (Michael / Майкл, Ohanian / Оганян, Charles / Чарльз, George / Джордж), «ц», «тс», «з»
# (Schwarzenegger / Шварценеггер, Watson / Уотсон)
_CLASSES = str.maketrans({"п": "б", "ф": "в", "к": "г", "х": "г", "ч": "г", "т": "д",
                          "ш": "ж", "щ": "ж", "с": "з", "ц": "з"})
_GENERATIONS = frozenset({"jr", "sr", "junior", "senior", "ii", "iii", "iv", "младший",
                          "старший"})


def _classes(consonants: str) -> str:
    """The consonants in their classes, a repeated one once: «ккрл» → грл, «джрдж» → грг."""
    letters = consonants.replace("дж", "г").replace("тс", "ц").translate(_CLASSES)
    return "".join(letter for index, letter in enumerate(letters)
                   if index == 0 or letter != letters[index - 1])


def latin_sounds(word: str) -> str:
    """A Latin word's consonants in Cyrillic letters, by class: «Zeiger» → згр, «Cockrel» →
    грл, «Michael» → мгл; «w» after a vowel and «y» count as vowels («Lawrence» → лрнз)."""
    word = _CONSONANT_W.sub("v", word.lower())
    word = _SOFT_C.sub("s", word)
    for digraph, sound in _LATIN_DIGRAPHS:
        word = word.replace(digraph, sound)
    return _classes("".join(_LATIN_LETTERS.get(letter, letter if letter in CONSONANTS else "")
                            for letter in word))


def cyrillic_sounds(word: str) -> str:
    """A Cyrillic word's consonants by class: «Зайгер» → згр, «Лоуренс» → лрнз."""
    return _classes("".join(letter for letter in fold(word) if letter in CONSONANTS))


def _name_sounds(name: str, latin: bool) -> tuple[str, str] | None:
    """The first name's and surname's sounds of a name of two words or more, a generation
    aside («Ken Cockrel Jr»)."""
    words = [word for word in re.split(r"[\s.]+", name.strip()) if word]
    words = [word for word in words if fold(word) not in _GENERATIONS]
    if len(words) < 2:
        return None
    sounds = latin_sounds if latin else cyrillic_sounds
    first, last = sounds(words[0]), sounds(words[-1])
    return (first, last) if first and last else None


def _spelled_in(group: EntityGroup, latin: bool) -> list[str]:
    """The record's names written in Latin letters only (``latin``) or in Cyrillic only."""
    return [name for name in group.normals()
            if (_LATIN.search(name) is not None) == latin and has_cyrillic(name) != latin]


def latin_spellings(groups: list[EntityGroup]) -> list[tuple[EntityGroup, EntityGroup]]:
    """Rule 37: a person named in Latin letters whose first name and surname sound as those of
    one person named in Cyrillic is that person: «Jonathan Ames» is «Джонатан Эймс», «Ken
    Cockrel Jr» is «Кен Кокрел»."""
    people = persons_among(groups)
    by_sounds: dict[tuple[str, str], list[EntityGroup]] = {}
    for group in people:
        for name in _spelled_in(group, latin=False):
            sounds = _name_sounds(name, latin=False)
            if sounds is not None:
                by_sounds.setdefault(sounds, []).append(group)
    links = []
    for group in people:
        owners = [other for name in _spelled_in(group, latin=True)
                  if (sounds := _name_sounds(name, latin=True)) is not None
                  for other in by_sounds.get(sounds, [])]
        owner = unique_other(owners, group)
        if owner is not None:
            links.append((owner, group))
    return links
