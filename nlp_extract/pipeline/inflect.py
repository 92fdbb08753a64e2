"""Putting words of a mention into the nominative with pymorphy3, keeping their shape."""

from __future__ import annotations

import re
from functools import lru_cache
from os.path import commonprefix
from typing import Any

from .casing import NAME_TAGS
from .lemmatizer import best_parse, parse_feats, without_stress_marks
from .models import morph_analyzer
from .tokens import CONSONANTS
from .udtags import pos_class, ud_feats, ud_pos

INFLECTABLE_POS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "NUM", "VERB"})
_PARTS = re.compile(r"[^\W\d_]+|[\W\d_]+")


def recover_shape(word: str, reference: str) -> str:
    """Give ``word`` the letter case of ``reference`` part by part («ханты-мансийский»)."""
    if word.lower() == reference.lower():
        return reference
    parts, ref_parts = _PARTS.findall(word), _PARTS.findall(reference)
    if len(parts) != len(ref_parts):
        parts, ref_parts = [word], [reference]
    shaped = []
    for part, ref in zip(parts, ref_parts, strict=True):
        upper_prefix = next((i for i, char in enumerate(ref) if not char.isupper()), len(ref))
        if not part[0].isalpha():
            shaped.append(part)
        elif upper_prefix >= 2 and not ref.isupper():  # «МИДа» → «МИД»
            shaped.append(part[:upper_prefix].upper() + part[upper_prefix:].lower())
        elif ref.isupper() and len(ref) > 1:
            shaped.append(part.upper())
        elif any(char.isupper() for char in ref[1:]):  # «МегаФона» → «МегаФон»
            shaped.append(_case_copied(part, ref))
        elif ref[:1].isupper():
            shaped.append(part[:1].upper() + part[1:].lower())
        else:
            shaped.append(part.lower())
    return "".join(shaped)


def _case_copied(word: str, reference: str) -> str:
    """``word`` with the letter case of ``reference`` over the letters they share from the
    start, lower case after: a camel-case name keeps its capitals when its ending changes."""
    shared = len(commonprefix([word.lower(), reference.lower()]))
    return reference[:shared] + word[shared:].lower()


@lru_cache(maxsize=20_000)
def nominative(word: str, pos: str, morph: str, singular: bool = False) -> str:
    """``word`` in the nominative, same number and gender (``singular``: in the singular);
    unchanged when it cannot be done.

    The tagger's case is trusted unless the dictionary knows the word and says it cannot be in
    that case («Далером» tagged Nom has only an instrumental reading: it is inflected;
    «Роскомнадзору» tagged Gen only a dative one).
    """
    word = without_stress_marks(word)
    if (on_a_river := nominative_on_a_river(word, pos, morph)) is not None:
        return on_a_river
    if (after := nominative_after_abbreviation(word, pos, morph)) is not None:
        return after
    inflected = _nominative_whole(word, pos, morph, singular)
    if "-" in word and (inflected == word or
                        inflected.split("-")[0] == word.split("-")[0]):
        return nominative_by_parts(word, pos, morph) or inflected
    return inflected


_ON_A_RIVER = re.compile(r"([А-ЯЁ][а-яё]+)(-на-[А-ЯЁ][а-яё]+)")


def nominative_on_a_river(word: str, pos: str, morph: str) -> str | None:
    """A town named after its river, «X-на-Y», declines its first part only: «в
    Славянске-на-Кубани» → Славянск-на-Кубани, «Николаевске-на-Амуре» → Николаевск-на-Амуре
    (the dictionary, reading the word whole, put the river in the nominative)."""
    found = _ON_A_RIVER.fullmatch(word)
    if found is None:
        return None
    return _nominative_whole(found[1], pos, morph, True) + found[2]


_AFTER_ABBREVIATION = re.compile(r"([А-ЯЁA-Z]{2,})(-)([А-ЯЁ][а-яё]{2,})")


def nominative_after_abbreviation(word: str, pos: str, morph: str) -> str | None:
    """A name of an abbreviation and a word the dictionary knows, joined by a hyphen, declines
    the word only, by its case: «СПАРК-Интерфакса» → СПАРК-Интерфакс, «ВТБ-Капитале» →
    ВТБ-Капитал (the abbreviation does not decline)."""
    found = _AFTER_ABBREVIATION.fullmatch(word)
    if found is None or not morph_analyzer().word_is_known(found[3].lower()):
        return None  # a word the dictionary lacks: its guessed declension may be anything
    case = parse_feats(morph).get("Case")
    return found[1] + found[2] + _nominative_whole(found[3], pos, f"Case={case}" if case else "",
                                                   False)


def nominative_by_parts(word: str, pos: str, morph: str) -> str | None:
    """A hyphenated name of a noun and an adjective the dictionary does not read whole, or
    whose whole reading declines the second part only, part by part: «Каменске-Уральском»,
    «Каменска-Уральского» → Каменск-Уральский (not «Каменска-Уральский»)."""
    parts = word.split("-")
    if len(parts) != 2 or not all(part[:1].isupper() and part[1:].islower() for part in parts) \
            or parse_feats(morph).get("Case") in (None, "Nom"):
        return None
    analyzer = morph_analyzer()
    second = analyzer.parse(parts[1].lower())[0]
    if second.tag.POS != "ADJF" or analyzer.parse(parts[0].lower())[0].tag.POS != "NOUN":
        return None  # «Восточно-Китайском»: a combining form, no noun, before the adjective
    first_word = _nominative_whole(parts[0], pos, morph, False)
    second_word = _nominative_whole(parts[1], "ADJ", morph, False)
    if first_word == parts[0] or second_word == parts[1]:
        return None
    return f"{first_word}-{_agreeing(second_word, first_word)}"


def _agreeing(adjective: str, noun: str) -> str:
    """The nominative adjective in the gender of the noun when the dictionary knows the noun
    as a singular one: «Усолье» + «Сибирский» → Сибирское."""
    analyzer = morph_analyzer()
    gender = next((parse.tag.gender for parse in analyzer.parse(noun.lower())
                   if parse.tag.POS == "NOUN" and "nomn" in parse.tag and "sing" in parse.tag
                   and parse.tag.gender), None)
    if gender is None:
        return adjective
    for parse in analyzer.parse(adjective.lower()):
        if parse.tag.POS == "ADJF":
            inflected = parse.inflect({"nomn", "sing", gender})
            return recover_shape(inflected.word, adjective) if inflected else adjective
    return adjective


def mixed_case_abbreviation(word: str) -> bool:
    """An abbreviation written with a lowercase letter inside: two capitals or more and a
    capital at the end («УрФУ», «СПбГУ», «МосГорСуд» is no such: it ends in a small letter)."""
    return word[-1:].isupper() and sum(char.isupper() for char in word) >= 2


# a verb's forms and the short forms: no name is read so («Шарите», «Ершово»); not a full
# participle, which names do decline as («Соединённого Королевства»)
_NO_NAME_FORMS = frozenset({"VERB", "INFN", "GRND", "ADJS", "PRTS"})
_MASCULINE_CASE_ENDINGS = {"Gen": "а", "Dat": "у", "Loc": "е", "Ins": "ом"}


def masculine_stem(word: str, parses: list[Any], feats: dict[str, str]) -> str | None:
    """A word the dictionary lacks, tagged a masculine singular in an oblique case, that
    pymorphy3 guesses only as a feminine animate noun (a woman's name), ending in that case's
    ending of a noun in a consonant after a consonant, is that noun: «в Людвигсхафене» →
    Людвигсхафен (the guess: a woman's name «Людвигсхафена»); not «в Казгордуме», guessed an
    inanimate feminine noun (the tagger's gender is wrong there)."""
    ending = _MASCULINE_CASE_ENDINGS.get(feats.get("Case", ""))
    if ending is None or feats.get("Gender") != "Masc" or feats.get("Number") != "Sing" or \
            not word.endswith(ending) or \
            any("masc" in parse.tag or "inan" in parse.tag for parse in parses):
        return None
    stem = word[:-len(ending)]
    return stem if len(stem) >= 4 and stem[-1].lower() in CONSONANTS else None


def _nominative_whole(word: str, pos: str, morph: str, singular: bool) -> str:
    feats = parse_feats(morph)
    if pos not in INFLECTABLE_POS or not any(char.isalpha() for char in word):
        return word
    if word.isupper() and len(word) > 1:
        return word  # an abbreviation does not decline: «ЕБРР», «ИГ», «МВД»
    if mixed_case_abbreviation(word):
        return word  # «УрФУ», «СПбГУ» (not the accusative of «Урфа»)
    if stem := abbreviation_stem(word):
        return stem
    analyzer = morph_analyzer()
    parses = analyzer.parse(word.lower())
    case = feats.get("Case")
    known = analyzer.word_is_known(word.lower())
    to_singular = singular and feats.get("Number") == "Plur"  # «Норвежское моря» → море
    if case is None or (case == "Nom" and not to_singular and
                        (not known or _can_be_in_case(parses, pos, case))):
        return word
    if case == "Nom" or (known and _read_in_other_cases(parses, pos, case)):
        # the dictionary knows no such reading: «Роскомнадзору» tagged genitive is a dative
        feats = {key: value for key, value in feats.items() if key != "Case"}
    # «театра-студии», «музея-заповедника»: each part declines, the readings that decline
    # the first part too come first (pymorphy3 also reads «музея-заповедник»); common nouns
    # only (not «Сент-Элизабет», «Техрик-е»)
    if "-" in word and word.islower():
        first = word.lower().split("-")[0]
        parses = [parse for parse in parses if parse.normal_form.split("-")[0] != first] \
            or parses
    guessed = pos in ("NOUN", "PROPN") and "-" not in word and not known
    if guessed and (stem := masculine_stem(word, parses, feats)) is not None:
        return stem
    if guessed:  # «Сирта»: the guess «сирт», not «сирот»
        parses = [parse for parse in parses
                  if _stem_kept(parse.normal_form, word, _ending(parse))] or parses
    parse = best_parse(parses, pos, feats)
    if parse is None or "Fixd" in parse.tag or \
            "nomn" in parse.tag and not (to_singular and "plur" in parse.tag) or \
            pos in ("NOUN", "PROPN") and parse.tag.POS in _NO_NAME_FORMS:
        return word  # a name read as a verb or short form keeps it («Шарите», «селе Ершово»)
    if "Case" in feats and ud_feats(frozenset(parse.tag.grammemes)).get("Case") != feats["Case"]:
        return word
    grammemes = {"nomn"}
    if singular and "plur" in parse.tag and "Pltm" not in parse.tag:
        grammemes.add("sing")
    elif feats.get("Number") == "Plur" and "plur" not in parse.tag and "Sgtm" not in parse.tag \
            and not singular and (not known or any("plur" in other.tag for other in parses)):
        # not for a word with no plural («госдуму» tagged plural), nor for a form the
        # dictionary reads only in the singular («Сахеля» tagged plural: Сахель, not Сахели)
        grammemes.add("plur")
    inflected = parse.inflect(grammemes)
    if inflected is None or _part_cut_to_a_letter(inflected.word, word) or \
            guessed and not _stem_kept(inflected.word, word, _ending(parse)):
        return word
    return recover_shape(_superlative_as_written(parse, inflected, word), word)


# an abbreviation with a case ending written after it in lower case: «ФАНе», «ОМОНом», «ТАССу»
_CASED_ABBREVIATION = re.compile(r"([А-ЯЁ]{2,})(?:а|у|е|ом|ой|ы|ах|ам|ами)")


def abbreviation_stem(word: str) -> str | None:
    """The abbreviation a case ending was put after («в ФАНе» → ФАН, «ОМОНом» → ОМОН), or None."""
    found = _CASED_ABBREVIATION.fullmatch(word)
    return found.group(1) if found else None


def _superlative_as_written(parse: Any, inflected: Any, word: str) -> str:
    """A superlative keeps the stem it is written with: the dictionary gives «высокий» two
    (высший, высочайший) and «хороший» two (лучший, наихороший), and inflects to the first:
    «Высшей школы экономики» → Высшая школа экономики, not «Высочайшая»; «лучшего» → лучшее."""
    if "Supr" not in parse.tag:
        return inflected.word
    forms = [form.word for form in parse.lexeme if form.tag == inflected.tag]
    return max(forms, key=lambda form: len(commonprefix([form, word.lower()])),
               default=inflected.word)


def _stem_kept(inflected: str, word: str, ending: int = 1) -> bool:
    """A nominative guessed for a noun the dictionary does not know keeps the word's letters
    but its ending (``ending`` letters; an adjective's has two: «Берёзовском» → Берёзовский):
    «Бенрате» → Бенрат; not «Сиртом» → Сирот, a vowel the guess (as «ртом» → «рот») put
    inside a foreign name."""
    return len(commonprefix([inflected.lower(), word.lower()])) >= len(inflected) - ending


def _ending(parse: Any) -> int:
    """Letters of the nominative's ending a guess may change: two for an adjective's
    reading or a surname declined as one («-ский»), one for others."""
    return 2 if parse.tag.POS == "ADJF" or str(parse.normal_form).endswith(("ский", "цкий",
                                                                            "ской", "цкой")) \
        else 1


def _part_cut_to_a_letter(inflected: str, word: str) -> bool:
    """A part of a hyphenated name the inflection cut to one letter was no case ending: «Санта-Фе»
    is not the locative of «Санта-Ф»."""
    parts, before = inflected.split("-"), word.split("-")
    return len(parts) == len(before) > 1 and any(
        len(part) < 2 <= len(old) for part, old in zip(parts, before, strict=True))


def _read_in_other_cases(parses: list[Any], pos: str, case: str) -> bool:
    """The dictionary reads the word as a word of ``pos``'s class (a proper noun: as a name of
    its own, «Роскомнадзору» Orgn, not «Претории» as the common «преторий»), never in ``case``
    nor as one that does not decline."""
    same_class = [parse for parse in parses if pos_class(ud_pos(parse.tag.POS)) == pos_class(pos)
                  and (pos != "PROPN" or NAME_TAGS & parse.tag.grammemes)]
    return bool(same_class) and not any(parse_case(parse) == case or "Fixd" in parse.tag
                                        for parse in same_class)


def _can_be_in_case(parses: list[Any], pos: str, case: str) -> bool:
    """Whether the dictionary reads the word (as a word of ``pos``'s class, if it has such
    readings) in ``case``, or as a word that does not decline."""
    same_class = [parse for parse in parses if pos_class(ud_pos(parse.tag.POS)) == pos_class(pos)]
    candidates = same_class or parses
    return not candidates or any(parse_case(parse) == case or "Fixd" in parse.tag
                                 or parse.tag.POS is None for parse in candidates)


@lru_cache(maxsize=20_000)
def is_noun(word: str) -> bool:
    """Whether the dictionary reads ``word`` as a noun (or does not know it at all)."""
    parse = morph_analyzer().parse(word.lower())[0]
    return parse.tag.POS in (None, "NOUN")


@lru_cache(maxsize=20_000)
def noun_only(word: str) -> bool:
    """Whether the dictionary knows ``word`` and reads it only as a noun («собрания»; not
    «тверская», not a word it only guesses)."""
    analyzer = morph_analyzer()
    return analyzer.word_is_known(word.lower()) and \
        all(parse.tag.POS == "NOUN" for parse in analyzer.parse(word.lower()))


@lru_cache(maxsize=20_000)
def singular_only(adjective: str) -> bool:
    """Whether every adjective reading of the word is singular («Мариинского»; the tagger
    may call it plural before a plural noun)."""
    parses = [p for p in morph_analyzer().parse(adjective.lower()) if p.tag.POS == "ADJF"]
    return bool(parses) and all("sing" in p.tag for p in parses)


_NAME_GRAMS = frozenset({"Name", "Surn", "Patr"})
# the Arabic article of a family name written apart («Аль Тани»: the name after it keeps its
# form) and the «son of» before a father's name («бин Хамада»: a man's name, declined)
ARTICLE_PARTICLES = frozenset({"аль", "эль", "ад", "ас", "ат", "ан", "аш"})
FATHER_PARTICLES = frozenset({"бин", "бен", "ибн"})
# words inside foreign names that never inflect («Усама бин Ладен», «Эссам Абд Эль Фатах»)
NAME_PARTICLES = ARTICLE_PARTICLES | FATHER_PARTICLES | frozenset({
    "абд", "абу", "оглы", "кызы", "ван", "фон", "дер", "де", "ди", "да", "дель", "делла", "дос",
    "ду", "дю", "ла", "ле", "лё", "мак", "о", "зу", "цу",
})
_VOWELS = frozenset("аеёиоуыэюяaeiouy")
# oblique endings of masculine names with a consonant stem: «Райкконена» → «Райкконен»; the
# accusative «-у», dative «-е» and instrumental «-ой»/«-ей» are those of names in «-а»/«-я»
# («Дерека Чисору», «Дереку Чисоре» → «Чисора»; «Аксарой» → «Аксара»; «Чантурией» →
# «Чантурия»)
# a name the dictionary does not know ending in «-ы» after a consonant is the genitive of
# one in «-а», whatever the tagger says: no nominative singular ends so
_GENITIVE_A = re.compile(r"[^\W\d_]{2}[бвдзлмнпрстфц]ы$")
# a name in «-и» after a hard consonant that the dictionary does not know (or knows only as a
# thing) is a foreign one that does not decline («Джоли», «Бовари», «Клуни»): a Russian «-а»
# name takes «-ы» there, «-я» is rare
_INDECLINABLE_I = re.compile(r"[^\W\d_]{2}[бвдзлмнпрстфц]и$")
# a Lithuanian maiden name («-айте», «-уте», «-юте»: Грибаускайте, Орбакайте, Шимкуте) does not
# decline: «о Кристине Орбакайте» is not the locative of an «Орбакайта»
_LITHUANIAN_MAIDEN = re.compile(r"[^\W\d_]{3}(?:айте|уте|юте)$")
# a Turkic patronymic surname («-улы», «-кызы», «-оглы» written as one word: Серикулы,
# Токаевкызы, Мамедоглы; a first name so built: Гурбангулы) in a name of several words does
# not decline: «Нуржан Серикулы» is no genitive of a «Серикула» (a word alone may be one:
# «канал Руфабулы»)
_TURKIC_PATRONYMIC = re.compile(r"[^\W\d_]{3}(?:улы|ұлы|уулу|кызы|қызы|гызы|оглы)$")
# a name in «-у»/«-ю» (not the instrumental «-ью» of «Любовь») tagged in a case no name ends
# so in (genitive, instrumental, locative) is one that does not decline: «Майи Санду»
_INDECLINABLE_U = re.compile(r"(?:у|(?<!ь)ю)$")
_MASCULINE_ENDINGS = {"Gen": (("а", ""),), "Acc": (("а", ""), ("у", "а")),
                      "Dat": (("у", ""), ("е", "а")),
                      "Ins": (("ом", ""), ("ем", ""), ("ой", "а"), ("ей", "я")),
                      "Loc": (("е", ""),)}


def _strip_masculine_ending(word: str, case: str) -> str:
    for ending, replacement in _MASCULINE_ENDINGS.get(case, ()):
        stem = word[: -len(ending)]
        if word.lower().endswith(ending) and _stem_long_enough(stem) and stem[-1].isalpha() and \
                (stem[-1].lower() not in _VOWELS or stem[-1].lower() + replacement == "ия"):
            if not replacement:
                stem = _with_fleeting_e(stem)
            return stem + (replacement.upper() if word.isupper() else replacement)
    return word


def _stem_long_enough(stem: str) -> bool:
    """Three letters, or two opening with a vowel: the syllables of Korean names («Ким Чен
    Ына» → Ын, «Мун Чжэ Ина» → Ин)."""
    return len(stem) >= 3 or len(stem) == 2 and stem[0].lower() in _VOWELS and stem.isalpha()


# a stem no nominative ends with: «-ец» lost its «е» in the oblique cases («Макаровца» →
# Макаровец, «Головцу» → Головец); «Шульца», «Кунца», «Шварца» keep theirs
_FLEETING_E = re.compile(r"(?<=[^\W\d_]{2}[бвмп])(ц)$", re.IGNORECASE)


def _with_fleeting_e(stem: str) -> str:
    return _FLEETING_E.sub(lambda found: ("Е" if stem.isupper() else "е") + found.group(1), stem)


_GENERATION = re.compile(r"(.+\w)-((?:младш|старш)\w*)", re.IGNORECASE)
# each part of a double name declines as a name of its own: «Петрова-Водкина» → Петров-Водкин,
# «Бернерсом-Ли» → Бернерс-Ли, «Хогана-Хау» → Хоган-Хау, «Жана-Шарля» → Жан-Шарль
_HYPHENATED_NAME = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]{2,})+")


# the ending of «младший»/«старший» tells the person's gender and case better than the tagger
_GENERATION_ENDINGS = {"ий": ("Masc", "Nom"), "его": ("Masc", "Gen"), "ему": ("Masc", "Dat"),
                       "им": ("Masc", "Ins"), "ем": ("Masc", "Loc"), "ая": ("Fem", "Nom"),
                       "ей": ("Fem", "Gen"), "ую": ("Fem", "Acc"), "ой": ("Fem", "Ins")}


def _with_generation(surname: str, generation: str, morph: str) -> str:
    """«Буше-младшем» → Буш-младший, «Хантсмена-старшего» → Хантсмен-старший, «Вэнсом-
    младшим» → Вэнс-младший: the surname a name word in the gender and case the ending of
    «младший»/«старший» gives, that word an adjective in the nominative."""
    feats = parse_feats(morph)
    gender, case = _GENERATION_ENDINGS.get(generation[5:].lower(),
                                           (feats.get("Gender"), feats.get("Case")))
    feats.update({key: value for key, value in (("Gender", gender), ("Case", case)) if value})
    word = generation[:5].lower() + ("ая" if gender == "Fem" else "ий")
    if generation[:1].isupper():
        word = word.capitalize()
    morph = "|".join(f"{key}={value}" for key, value in sorted(feats.items()))
    return f"{person_nominative(surname, morph)}-{word}"


def _unknown_masculine_nominative(word: str, case: str) -> str:
    """An unknown masculine name loses the ending of the tagger's case («Райкконена» →
    Райкконен); when the word does not end so, the tagger misread the case, and an
    unmistakable ending decides: «-ом»/«-ем» the instrumental, «-а» the genitive («Снегга»
    tagged instrumental → Снегг)."""
    for strip in (_strip_soft_stem_ending, _strip_masculine_ending):
        stripped = strip(word, case)
        if stripped != word:
            return stripped
    for other in ("Ins", "Gen"):
        stripped = _strip_masculine_ending(word, other)
        if stripped != word:
            return stripped
    return word


def unknown_man_name(word: str, case: str) -> str:
    """``word`` read as an unknown man's name in ``case``, its ending cut (:func:`person_nominative`
    does so when the dictionary does not know the word); a locative «-е» after a consonant keeps
    a soft sign where the dictionary knows that name («Эммануэле» → Эммануэль, «Илоне» →
    Илон)."""
    stripped = _unknown_masculine_nominative(word, case)
    if case == "Loc" and stripped != word and stripped[-1:].isalpha():
        soft = stripped + ("Ь" if word.isupper() else "ь")
        if any("Name" in parse.tag for parse in morph_analyzer().parse(soft.lower())) and \
                morph_analyzer().word_is_known(soft.lower()):
            return soft
    return stripped


# oblique endings of masculine names with a soft stem: «-й» after a vowel («Дэна Цзивея» →
# Цзивей), «-ь» after a consonant («Сергея Скрипаля» → Скрипаль, «Каролем» → Кароль; a hard
# stem takes «-а», «-у», «-ом», its locative «-е» too; a sibilant or «ц» never takes «-я», «-ю»)
_SOFT_STEM_ENDINGS = {"Gen": "я", "Acc": "я", "Dat": "ю", "Ins": "ем", "Loc": "е"}
_NOT_SOFTENED = frozenset("жшчщцй")


def _strip_soft_stem_ending(word: str, case: str) -> str:
    ending = _SOFT_STEM_ENDINGS.get(case)
    stem = word[: -len(ending)] if ending else ""
    if not ending or not word.lower().endswith(ending) or len(stem) < 3 or \
            not stem[-1].isalpha():
        return word
    last = stem[-1].lower()
    if last in _VOWELS:
        return stem + ("Й" if word.isupper() else "й")
    if case == "Loc" or last in _NOT_SOFTENED:
        return word
    return stem + ("Ь" if word.isupper() else "ь")


def _oblique_only_names(names: list[Any]) -> list[Any]:
    """Name readings when the dictionary knows the word only as oblique forms of names: the
    tagger's case was wrong («Вольтером» tagged genitive is the instrumental of Вольтер,
    «Костомарове» the locative of Костомаров)."""
    if not names or any("nomn" in p.tag for p in names):
        return []
    return names


def _mistagged_name(readings: list[Any], feats: dict[str, str]) -> list[Any]:
    """For a word in «-у»/«-ю» tagged in a case no name ends so in: every reading when the
    dictionary knows the word only as oblique forms of one name, none of the tagger's gender.
    The tagger's case and gender were both wrong («мать Терезу» tagged a man's genitive is
    Тереза's accusative); «Майи Санду» tagged a woman's keeps «Санду»."""
    if not readings or len({p.normal_form for p in readings}) != 1 or \
            any(not _NAME_GRAMS & p.tag.grammemes or "nomn" in p.tag or "sing" not in p.tag
                or _agrees(p, feats) for p in readings):
        return []
    return readings


def _a_stem_surname(readings: list[Any], case: str | None, feats: dict[str, str]) -> list[Any]:
    """A man's surname in «-а»/«-я» declines as a feminine noun: «Андрея Кандыбы» → Андрей
    Кандыба (the dictionary knows «кандыба» as a feminine noun only)."""
    if feats.get("Gender") != "Masc" or feats.get("Number", "Sing") != "Sing":
        return []
    return [p for p in readings if p.tag.POS == "NOUN" and "femn" in p.tag and "sing" in p.tag
            and parse_case(p) == case and p.normal_form[-1:] in ("а", "я")]


# a possessive surname's instrumental («Травниковым», «Бобиевым»): no surname ends so in the
# nominative or the genitive
POSSESSIVE_INSTRUMENTAL = ("овым", "евым", "ёвым", "иным", "ыным")


def possessive_surname_in_instrumental(word: str, readings: list[Any],
                                       feats: dict[str, str]) -> bool:
    """A man's surname in «-овым», «-евым», «-иным» that the dictionary knows only as the
    instrumental of a common adjective in «-овый», «-иный»: the surname is the «-ов», «-ин»
    one («губернатором Андреем Травниковым» → Травников, not the adjective «травниковый»); a
    name in «-ой» («Лесным» → Лесной) is no such form."""
    if not word.endswith(POSSESSIVE_INSTRUMENTAL) or feats.get("Case") != "Ins" or \
            feats.get("Gender", "Masc") != "Masc" or feats.get("Number", "Sing") != "Sing":
        return False
    return bool(readings) and all(p.tag.POS == "ADJF" and "Poss" not in p.tag and
                                  p.normal_form.replace("ё", "е") ==
                                  word[:-2].replace("ё", "е") + "ый" for p in readings)


OC_GENDERS = {"masc": "Masc", "femn": "Fem", "neut": "Neut"}  # the dictionary's → UD


def _agrees(parse: Any, feats: dict[str, str]) -> bool:
    """Gender and number of the reading do not contradict the tagger."""
    tag = parse.tag
    gender = OC_GENDERS.get(tag.gender or "")
    if gender and feats.get("Gender") and gender != feats["Gender"]:
        return False
    number = {"sing": "Sing", "plur": "Plur"}.get(tag.number or "")
    return not (number and feats.get("Number") and number != feats["Number"])


def reads_in_case(word: str, morph: str, case: str, pos: str = "ADJF") -> bool:
    """The dictionary reads ``word`` as a ``pos`` in ``case`` of the gender ``morph`` gives
    (any gender when it gives none)."""
    gender = parse_feats(morph).get("Gender")
    feats = {"Gender": gender} if gender else {}
    return any(parse_case(parse) == case and pos == parse.tag.POS and _agrees(parse, feats) and
               (gender is None or parse.tag.gender is not None)
               for parse in morph_analyzer().parse(word.lower()))


def parse_case(parse: Any) -> str | None:
    return ud_feats(frozenset(parse.tag.grammemes)).get("Case")


def _adjectival_surname(readings: list[Any], case: str | None,
                        feats: dict[str, str]) -> Any | None:
    """A woman's surname that is an adjective in «-ой» declines as one: «Ирины Яровой» →
    Яровая (not Ярова), «Татьяны Толстой» → Толстая; «Лавровой» (лавровый) stays Лаврова."""
    if feats.get("Gender") != "Fem":
        return None
    return next((p for p in readings if p.tag.POS == "ADJF" and "Poss" not in p.tag and
                 "femn" in p.tag and parse_case(p) == case and p.normal_form.endswith("ой")),
                None)


@lru_cache(maxsize=20_000)
def person_nominative(word: str, morph: str, surname: bool = False, first: bool = False) -> str:
    """A word of a person's name in the nominative.

    Readings the dictionary marks as first names, surnames or patronymics decide, when their
    gender and number agree with the tagger. A word tagged nominative is kept unless the
    dictionary knows it only as an oblique name form («Далером»). An oblique word is inflected by
    its name reading, or by an agreeing adjective/noun reading of a dictionary word
    («Долгорукому» → «Долгорукий»); an unknown masculine name loses its case ending
    («Райкконена» → «Райкконен»), and so does the last word of several (``surname``) the
    dictionary knows only otherwise («Фатиха Акина» → Акин). «Шумов», «Мерк» tagged
    nominative stay as written. The first word of several (``first``) is read as a first name
    where the dictionary has one («Павле» → Павел).
    """
    word = without_stress_marks(word)
    if not any(char.isalpha() for char in word) or (len(word) <= 2 and word.isupper()) or \
            word.lower() in NAME_PARTICLES:
        return word
    generation = _GENERATION.fullmatch(word)
    if generation:
        return _with_generation(generation.group(1), generation.group(2), morph)
    if _HYPHENATED_NAME.fullmatch(word):
        return "-".join(person_nominative(part, morph) for part in word.split("-"))
    feats = parse_feats(morph)
    case = feats.get("Case")
    analyzer = morph_analyzer()
    lowered = word.lower()
    known = analyzer.word_is_known(lowered)
    readings = analyzer.parse(lowered)
    if not known and (surname or first) and _TURKIC_PATRONYMIC.search(lowered):
        return word
    if (not known or surname and _plural_only(readings)) and feats.get("Number") != "Plur" and \
            _GENITIVE_A.search(lowered):  # «Маехары», «Аксары»; «принцессы Леи Органы»
        return word[:-1] + ("А" if word.isupper() else "а")
    if _INDECLINABLE_I.search(lowered) and (not known or _things_only(readings)):
        return word  # «Анджелины Джоли» → Джоли, not the guessed «Джоля»; «Клуни», not «клуня»
    if not known and _LITHUANIAN_MAIDEN.search(lowered):
        return word
    if not known and case not in (None, "Nom") and (surname or feats.get("Gender") == "Fem"):
        adjectival = (unknown_adjectival_surname(word, case, feats.get("Gender"))
                      if surname else None) or ija_name(word)
        if adjectival is not None:
            return adjectival
    if _INDECLINABLE_U.search(lowered) and case not in (None, "Nom", "Acc", "Dat"):
        mistagged = _mistagged_name(readings, feats)  # «Терезу» tagged a man's genitive
        # «Майи Санду», «Майей Санду»: no other case of a name ends so
        return _nominative_of(mistagged[0], word) if mistagged else word
    names = [p for p in readings if _NAME_GRAMS & p.tag.grammemes and _agrees(p, feats)
             and "voct" not in p.tag]  # «Лёв» is not a vocative of «Лёва» in news
    names = _first_names_first(names) if first else names
    names = names if known else _consonant_stems(names, feats)
    if case in (None, "Nom"):
        if not known or not names or any("nomn" in p.tag for p in names) or \
                _diminutive_lookalike(lowered, names) or _foreign_name_in_e(lowered, names) or \
                surname and feats.get("Gender") == "Fem" and _foreign_surname_in_u(lowered, names):
            return word
        candidates = names
        feats = {key: value for key, value in feats.items() if key != "Case"}
    else:
        if surname and not names and possessive_surname_in_instrumental(lowered, readings, feats):
            return word[:-2]
        candidates = [p for p in names if parse_case(p) == case]
        adjectival = _adjectival_surname(readings, case, feats)
        if adjectival is not None and any("Surn" in p.tag for p in candidates):
            candidates = [adjectival]
        if not candidates and known:
            candidates = [p for p in readings if parse_case(p) == case and _agrees(p, feats)
                          and p.tag.POS in ("NOUN", "ADJF")]
        if not candidates and known and surname and _foreign_surname_in_e(lowered, names):
            return word
        if not candidates and known:
            candidates = _oblique_only_names(names) or _a_stem_surname(readings, case, feats)
        if not candidates:
            if (not known or surname and _known_otherwise(readings, case)) and \
                    feats.get("Gender") == "Masc" and feats.get("Number", "Sing") == "Sing":
                return _unknown_masculine_nominative(word, case)
            return a_name_not_plural(word, readings, feats, first) or word
    parse = best_parse(_declinable_first(candidates), "NOUN", feats)
    return word if parse is None else _nominative_of(parse, word)


# the oblique endings of an adjectival surname with a soft sibilant stem (Осадчий, Осадчая):
# a man's «-его», «-ему», «-им»; a woman's «-ей», «-ую» («-ем» is also a noun's instrumental:
# «Рабиновичем»)
_SOFT_ADJECTIVAL = re.compile(r"(?<=[^\W\d_]{2}[жчшщ])(его|ему|им|ей|ую)$", re.IGNORECASE)


def soft_adjectival_surname(word: str) -> str | None:
    """An adjectival surname the dictionary does not know, in an oblique case, whose stem ends
    in a sibilant: the guesser has no pattern for it («Андрея Осадчего» → Осадчий, «с Мариной
    Осадчей» → Осадчая; «Загорецкой» it reads)."""
    match = _SOFT_ADJECTIVAL.search(word)
    if match is None:
        return None
    ending = "ий" if match.group(1).lower() in ("его", "ему", "им") else "ая"
    return word[:match.start()] + (ending.upper() if word.isupper() else ending)


# a woman's adjectival surname in «-ой» (genitive, dative, locative) or «-ую» (accusative);
# not a possessive one, «-овой», «-евой», «-иной» (Иванова, Смолина)
_HARD_ADJECTIVAL = re.compile(r"(?<=[^\W\d_]{3})(?<!ов|ев|ёв|ин|ын)(ой|ую)$", re.IGNORECASE)
_HARD_ADJECTIVAL_CASES = {"ой": ("Gen", "Dat", "Loc"), "ую": ("Acc",)}


def hard_adjectival_surname(word: str, case: str | None) -> str | None:
    """A woman's adjectival surname the dictionary does not know, in an oblique case: «-ой» →
    «-ая» («В деле Марии Мотузной» → Мотузная; the guesser read «Мотузной» as a masculine
    noun and kept it); the instrumental «-ой» may be a noun's («с Анной Горой») and stays."""
    match = _HARD_ADJECTIVAL.search(word)
    if match is None or case not in _HARD_ADJECTIVAL_CASES[match.group(1).lower()]:
        return None
    return word[:match.start()] + ("АЯ" if word.isupper() else "ая")


# a man's adjectival surname in «-ого» (genitive, accusative), «-ому» (dative), «-ым»
# (instrumental), its stem hard (a sibilant's is ``soft_adjectival_surname``'s; a velar's,
# «-ского», «-цкого», the guesser reads right)
_MAN_ADJECTIVAL = re.compile(r"(?<=[^\W\d_]{3})(?<![жшчщкгх])(?<!ов|ев|ёв|ин|ын)(ого|ому|ым)$",
                             re.IGNORECASE)  # not a possessive one: «Иноятовым», «Пригожиным»
_MAN_ADJECTIVAL_CASES = {"ого": ("Gen", "Acc"), "ому": ("Dat",), "ым": ("Ins",)}


def hard_man_adjectival_surname(word: str, case: str | None) -> str | None:
    """A man's adjectival surname the dictionary does not know, in an oblique case: «-ого»,
    «-ому», «-ым» → «-ый» («Отставка Валерия Залужного» → Залужный; the guesser read it as a
    noun and kept it)."""
    match = _MAN_ADJECTIVAL.search(word)
    if match is None or case not in _MAN_ADJECTIVAL_CASES[match.group(1).lower()]:
        return None
    return word[:match.start()] + ("ЫЙ" if word.isupper() else "ый")


def unknown_adjectival_surname(word: str, case: str | None, gender: str | None) -> str | None:
    """The nominative of an adjectival surname the dictionary does not know, in an oblique
    case: a sibilant stem's either way, a hard stem's by ``gender`` (``soft_adjectival_surname``,
    ``hard_adjectival_surname``, ``hard_man_adjectival_surname``); None when it is none."""
    hard = hard_adjectival_surname if gender == "Fem" else \
        hard_man_adjectival_surname if gender == "Masc" else None
    return soft_adjectival_surname(word) or (hard(word, case) if hard else None)


_IJA_OBLIQUE = re.compile(r"(?<=[^\W\d_]{3})и(?:и|ю|ей)$", re.IGNORECASE)


def ija_name(word: str) -> str | None:
    """A surname in «-ия» the dictionary does not know, in an oblique case (Georgian names:
    «с Флоридой Чантурией», «Флориде Чантурии» → Чантурия; the guesser reads them as places),
    and so a woman's first name («на Марции Бизоньин» → Марция, «Лючии» → Лючия: the guesser
    reads them as an indeclinable abbreviation)."""
    match = _IJA_OBLIQUE.search(word)
    if match is None:
        return None
    return word[:match.start()] + ("ИЯ" if word.isupper() else "ия")


def _nominative_of(parse: Any, word: str) -> str:
    """The reading's nominative, written as the word was (capitals, «ё»)."""
    if "nomn" in parse.tag:
        return word
    inflected = parse.inflect({"nomn"})
    return recover_shape(_yo_as_written(inflected.word, word), word) \
        if inflected is not None else word


# the singular endings of names in «-а»/«-я» that the dictionary reads as another name's plural:
# after a sibilant, «ц» or a velar the nominative is «-а» (spelling), else «-я»
_A_NAME_ENDINGS = {"Ins": "ей", "Gen": "и"}
_HUSHING = frozenset("жшчщцгкх")


def a_name_not_plural(word: str, readings: list[Any], feats: dict[str, str],
                      first: bool = False) -> str | None:
    """A name word the tagger reads in the singular that the dictionary knows only as the
    plural of another name (a first name of several: of any noun) is a name in «-а»/«-я»: «с
    Джорджей Мелони» (the dictionary: «of the Georges») → Джорджа, «с Далей Грибаускайте»
    («of the distances») → Даля, «Джорджи» (genitive) → Джорджа; after a vowel «-я»: «Каи
    Каллас» («of the Kais») → Кая."""
    ending = _A_NAME_ENDINGS.get(feats.get("Case", ""))
    names = [parse for parse in readings if _NAME_GRAMS & parse.tag.grammemes] or \
        ([parse for parse in readings if parse.tag.POS == "NOUN"] if first else [])
    if ending is None or feats.get("Number", "Sing") != "Sing" or not names or \
            any("sing" in parse.tag for parse in names) or not word.lower().endswith(ending):
        return None
    stem = word[: -len(ending)]
    if not stem[-1:].isalpha() or len(stem) < (2 if stem[-1].lower() in _VOWELS else 3):
        return None
    vowel = "а" if stem[-1].lower() in _HUSHING else "я"
    return stem + (vowel.upper() if word.isupper() else vowel)


def _plural_only(readings: list[Any]) -> bool:
    """The dictionary knows the word only as a plural («органы»): the last word of a name read
    in the singular that ends so is the genitive of a surname in «-а» («Леи Органы»)."""
    return bool(readings) and all("plur" in parse.tag for parse in readings)


def _diminutive_lookalike(word: str, names: list[Any]) -> bool:
    """A name word in «-и» tagged nominative that the dictionary knows only as an oblique form
    of a diminutive in «-я» is a foreign name written so: «Нани Брегвадзе», «Дани Ольмо», «Бени
    Ганц», «Нур Вали Мехсуд» are not the genitives of «Наня», «Даня», «Беня», «Валя» (the
    tagger reads a Russian name in the genitive as one)."""
    return word.endswith("и") and all(parse.normal_form.endswith("я") for parse in names)


def _foreign_name_in_e(word: str, names: list[Any]) -> bool:
    """A name word in «-е» tagged nominative that the dictionary knows only as a dative or
    locative of a name is a foreign name that does not decline: «Трише отказался», «Юн Фоссе»
    are not forms of «Триша», «Фосс» (a Russian name in the dative the tagger reads as one)."""
    return word.endswith("е") and bool(names) and all(
        parse_case(parse) in ("Dat", "Loc") for parse in names)


def _foreign_surname_in_u(word: str, names: list[Any]) -> bool:
    """The last word of a woman's name in «-у»/«-ю» tagged nominative that the dictionary
    knows only as an oblique form of a first name is a surname that does not decline: «Майя
    Санду призвала» → Санду, not the accusative of «Санда» (a man's «по Э. Эриксону» the
    tagger misread is left alone)."""
    return word.endswith(("у", "ю")) and bool(names) and \
        all("Name" in parse.tag and "Surn" not in parse.tag for parse in names)


def _foreign_surname_in_e(word: str, names: list[Any]) -> bool:
    """The last word of a name in «-е», tagged in a case other than the dative or locative
    (with the first name: «Жан-Клода Трише», «с Жан-Клодом Трише»), that the dictionary
    knows only as a dative or locative of a first name, does not decline: Трише, not
    «Триша». A surname reading is left to the tagger's error («Костомарове» tagged genitive
    is Костомаров's locative)."""
    return _foreign_name_in_e(word, names) and all("Name" in parse.tag for parse in names)


def _first_names_first(names: list[Any]) -> list[Any]:
    """The first word of a name is a first name where the dictionary has one: «Павле Дурове»
    → Павел, not the surname «Павля»; of a name in «-на» and one in «-ня» the dictionary
    reads alike («Милане»), the one in «-на»."""
    first = [parse for parse in names if "Name" in parse.tag] or names
    full = {parse.normal_form for parse in first if parse.normal_form.endswith("на")}
    return [parse for parse in first if parse.normal_form[:-2] + "на" not in full or
            not parse.normal_form.endswith("ня")]  # «Милане»: Милана, not the rare Миланя


def _consonant_stems(guesses: list[Any], feats: dict[str, str]) -> list[Any]:
    """A man's name the dictionary does not know ends in a consonant more often than in «-а» or
    «-я»: its guessed readings with such a nominative go («Джеффе Безосе» → Безос, not the
    guessed «Безося»)."""
    if feats.get("Gender") != "Masc":
        return guesses
    return [parse for parse in guesses if not parse.normal_form.endswith(("а", "я"))]


def _declinable_first(candidates: list[Any]) -> list[Any]:
    """A declining name explains an oblique ending better than a name that never declines:
    «Анне» is Анна's dative, not the French «Анне»; «Ангеле» is Ангела's."""
    declinable = [parse for parse in candidates if "Fixd" not in parse.tag]
    return declinable or candidates


def _things_only(readings: list[Any]) -> bool:
    """The dictionary knows the word only as something inanimate («клуни»: a barn's), never a
    person nor a name."""
    return not any("anim" in parse.tag or _NAME_GRAMS & parse.tag.grammemes
                   for parse in readings)


def _known_otherwise(readings: list[Any], case: str) -> bool:
    """The dictionary knows the word, but not in the tagger's case and not as a man's name: as
    the last word of a man's name, a surname it does not know («Фатиха Акина»: Акина a woman's
    name; «Раймона Барра»: Барра a place → Акин, Барр)."""
    return not any(parse_case(parse) == case or "Fixd" in parse.tag or
                   (_NAME_GRAMS & parse.tag.grammemes and "masc" in parse.tag)
                   for parse in readings)


def _yo_as_written(inflected: str, word: str) -> str:
    """A name gains no «ё» its writer did not write: «Хантсменом» → Хантсмен, not the
    dictionary's guess Хантсмён; «Королёвым» keeps its «ё»."""
    return inflected if "ё" in word.lower() else inflected.replace("ё", "е")
