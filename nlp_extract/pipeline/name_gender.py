"""The gender of the words of a person's name, where the dictionary is surer than the tagger.

slovnet's morphology tagger often calls a woman's name masculine («Наине Иосифовне Ельциной»:
Dat, Masc), and then no name reading agrees with it and the words stay in the dative. When every
first-name, patronymic or surname reading of a word in the tagger's case has one gender, that
gender is the word's (``Gender=Fem``: «Наина Иосифовна Ельцина»).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Token

from .inflect import parse_case
from .models import morph_analyzer

_NAME_GRAMS = frozenset({"Name", "Surn", "Patr"})
_GENDERS = {"masc": "Masc", "femn": "Fem"}


@lru_cache(maxsize=20_000)
def dictionary_gender(word: str, case: str) -> str | None:
    """``Masc`` or ``Fem`` when every name reading of ``word`` in ``case`` has that gender
    («наине», Dat → Fem; «саше», Dat → None: Саша is both; «тани», Nom → None: only the
    plural of Таня is nominative); None for a word the dictionary does not know."""
    lowered = word.lower()
    if not morph_analyzer().word_is_known(lowered):
        return None  # a guess from the ending («аль-Барадеи») decides nothing
    genders = {parse.tag.gender for parse in morph_analyzer().parse(lowered)
               if _NAME_GRAMS & parse.tag.grammemes and parse_case(parse) == case
               and "sing" in parse.tag}  # «Тани»: not the plural of Таня
    if len(genders) != 1:
        return None
    return _GENDERS.get(next(iter(genders)) or "")


def dictionary_gender_morphs(tokens: Sequence[Token]) -> list[str]:
    """Each token's morphology, its gender replaced by the dictionary's where the dictionary
    knows the word's name readings in the tagger's case to be of the other gender."""
    morphs = []
    for token in tokens:
        morph = str(token.morph)
        cases, genders = token.morph.get("Case"), token.morph.get("Gender")
        if cases and genders:
            gender = dictionary_gender(token.text, cases[0])
            if gender is not None and gender != genders[0]:
                morph = morph.replace(f"Gender={genders[0]}", f"Gender={gender}")
        morphs.append(morph)
    return morphs
