"""The one OpenCorpora → Universal Dependencies table used everywhere in nlp_extract.

pymorphy3 speaks OpenCorpora grammemes; slovnet and spaCy speak UD. Lemma choice and
inflection compare the two through this table only.
"""

from __future__ import annotations

from functools import lru_cache

OC_TO_UD_POS: dict[str, str] = {
    "NOUN": "NOUN",
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "COMP": "ADJ",
    "VERB": "VERB",
    "INFN": "VERB",
    "PRTF": "VERB",
    "PRTS": "VERB",
    "GRND": "VERB",
    "NUMR": "NUM",
    "ADVB": "ADV",
    "NPRO": "PRON",
    "PRED": "ADV",
    "PREP": "ADP",
    "CONJ": "CCONJ",
    "PRCL": "PART",
    "INTJ": "INTJ",
}

# grammeme → (UD feature, value)
OC_TO_UD_FEATS: dict[str, tuple[str, str]] = {
    "nomn": ("Case", "Nom"),
    "voct": ("Case", "Voc"),
    "gent": ("Case", "Gen"),
    "gen1": ("Case", "Gen"),
    "gen2": ("Case", "Par"),
    "datv": ("Case", "Dat"),
    "accs": ("Case", "Acc"),
    "acc2": ("Case", "Acc"),
    "ablt": ("Case", "Ins"),
    "loct": ("Case", "Loc"),
    "loc1": ("Case", "Loc"),
    "loc2": ("Case", "Loc"),
    "masc": ("Gender", "Masc"),
    "femn": ("Gender", "Fem"),
    "neut": ("Gender", "Neut"),
    "sing": ("Number", "Sing"),
    "plur": ("Number", "Plur"),
    "anim": ("Animacy", "Anim"),
    "inan": ("Animacy", "Inan"),
    "perf": ("Aspect", "Perf"),
    "impf": ("Aspect", "Imp"),
    "past": ("Tense", "Past"),
    "pres": ("Tense", "Pres"),
    "futr": ("Tense", "Fut"),
    "indc": ("Mood", "Ind"),
    "impr": ("Mood", "Imp"),
    "1per": ("Person", "1"),
    "2per": ("Person", "2"),
    "3per": ("Person", "3"),
    "actv": ("Voice", "Act"),
    "pssv": ("Voice", "Pass"),
    "INFN": ("VerbForm", "Inf"),
    "PRTF": ("VerbForm", "Part"),
    "PRTS": ("VerbForm", "Part"),
    "GRND": ("VerbForm", "Conv"),
    "ADJS": ("Variant", "Short"),
    "COMP": ("Degree", "Cmp"),
    "Supr": ("Degree", "Sup"),
}

# UD cases that pymorphy folds into another one for agreement purposes.
UD_CASE_ALIASES: dict[str, str] = {"Par": "Gen", "Voc": "Nom"}

# The UD POS classes that count as the same class when comparing an analysis with a tag.
_POS_CLASS: dict[str, str] = {"PROPN": "NOUN", "AUX": "VERB", "DET": "ADJ", "SCONJ": "CCONJ"}


def pos_class(pos: str) -> str:
    return _POS_CLASS.get(pos, pos)


@lru_cache(maxsize=4096)
def ud_pos(oc_pos: str | None) -> str:
    if oc_pos is None:
        return "X"
    return OC_TO_UD_POS.get(oc_pos, "X")


def ud_feats(grammemes: frozenset[str]) -> dict[str, str]:
    feats: dict[str, str] = {}
    for gram in grammemes:
        pair = OC_TO_UD_FEATS.get(gram)
        if pair is not None:
            key, value = pair
            if key == "Case":
                value = UD_CASE_ALIASES.get(value, value)
            feats.setdefault(key, value)
    return feats
