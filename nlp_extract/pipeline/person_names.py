"""A person's name in the nominative (``normalize_person``, read by the normalizer's
``person_nominative`` rule): the tagger's features of each word, mended by the named rules of
``PERSON_MORPH_RULES`` where they cannot be right for a name, then each word to the nominative
(:func:`.inflect.person_nominative`).

The rules, in order, each with golden rows in ``tests/test_entities.py``:
``singular_surname`` («певца Тимы Белорусских»: no plural),
``woman_named_in_nominative`` («Хельга Филиппова» at a sentence's start: not a man's genitive),
``woman_surname_in_oblique`` («Дариги Назарбаевой»), ``man_surname_in_oblique`` («Юлия
Цезаря»), ``surname_in_first_name_case`` («Жоржу Мельесу»), ``possessive_surname_in_dative``
(«министру Ирику Ягафарову»), ``instrumental_surname`` («Далером
Бобиевым»), ``masculine_instrumental_surname`` («Джином Сискелом»), ``instrumental_words`` («Жозепом
Боррелем» tagged a nominative and a dative),
``initialled_surname_in_u`` («по Б. Д. Эльконину»), ``initialled_woman_by_her_verb`` («Как
сообщила И.А. Иванова»), ``woman_by_her_verb_after`` («Кая Каллас не скрывала»),
``undeclined_consonant_surname`` («Интервью Валерия Лайк дала»), ``surname_in_role_case``
(«кинорежиссёра Арно Деплешена»); then ``man_with_a_woman_first_name`` («Илона Маска» → Илон
Маск), ``woman_with_her_surname`` («Альбина Зарипова»), ``surname_accusative_in_u``
(«посредника Кэндзи Ямаду» → Кэндзи Ямада) and ``arabic_name_parts`` («Тамима бин Хамада Аль
Тани» → Тамим бин Хамад Аль Тани).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from spacy.tokens import Token

from .casing import has_reading
from .inflect import (
    ARTICLE_PARTICLES,
    FATHER_PARTICLES,
    POSSESSIVE_INSTRUMENTAL,
    hard_adjectival_surname,
    parse_case,
    unknown_man_name,
)
from .inflect import person_nominative as _name_word_nominative
from .lemmatizer import parse_feats
from .models import morph_analyzer
from .name_gender import dictionary_gender_morphs
from .tokens import CONSONANTS
from .tokens import case_of as _case


def normalize_person(tokens: Sequence[Token]) -> list[str]:
    """Each word of a person's name in the nominative («Далером Бобиевым» → Далер Бобиев)."""
    morphs = featureless_words_agree(agreeing_name_morphs(tokens))
    for rule in PERSON_MORPH_RULES:
        morphs = rule(tokens, morphs)
    last = len(tokens) - 1
    written = unshouted([token.text for token in tokens])
    words = [_name_word_nominative(text, morph, surname=0 < index == last,
                                   first=index == 0 < last)
             for index, (text, morph) in enumerate(zip(written, morphs, strict=True))]
    if last:
        words[0] = man_with_a_woman_first_name(tokens, morphs, words) or \
            woman_with_her_surname(written, words) or words[0]
        words[-1] = surname_accusative_in_u(tokens, morphs, words, written) or words[-1]
        words = arabic_name_parts(tokens, morphs, words, written)
    return words


def woman_with_her_surname(written: list[str], words: list[str]) -> str | None:
    """A first name read as a man's in an oblique case beside a surname left in a woman's
    nominative («Альбина Зарипова» → «Альбин» + «Зарипова») is the woman's first name as
    written, when the dictionary's likeliest reading of it as a name is a woman's nominative:
    the words of one name agree («Альбина Зарипова», not «Альбин Зарипова»; «Евгения
    Татарова» is more likely a man's genitive, and stays the normaliser's)."""
    first, surname = written[0], written[-1]
    if words[0] == first or words[-1] != surname or \
            not _WOMAN_SURNAME_FORM.search(surname.lower()):
        return None
    names = [parse for parse in morph_analyzer().parse(first.lower()) if "Name" in parse.tag]
    return first if names and {"femn", "nomn"} <= names[0].tag.grammemes else None


def surname_accusative_in_u(tokens: Sequence[Token], morphs: list[str], words: list[str],
                            written: list[str]) -> str | None:
    """A surname the dictionary does not know, tagged an accusative and left as written, that
    ends in a consonant and «-у» is the accusative of the «-а» declension (a man's surname in a
    consonant takes «-а» there): «через посредника Кэндзи Ямаду» → Ямада. Not after a first
    name in «-у» or «-ю»: the name is then a dative («Джону Смиту») or Portuguese («Эдуарду
    Кардозу Нету»)."""
    surname = written[-1]
    lowered = surname.lower()
    if words[-1] != surname or len(lowered) < 4 or lowered[-1] != "у" or \
            lowered[-2] not in CONSONANTS or written[0].lower().endswith(("у", "ю")) or \
            parse_feats(morphs[-1]).get("Case") != "Acc" or \
            morph_analyzer().word_is_known(lowered):
        return None
    return surname[:-1] + ("А" if surname.isupper() else "а")


def arabic_name_parts(tokens: Sequence[Token], morphs: list[str], words: list[str],
                      written: list[str]) -> list[str]:
    """An Arabic name's parts after its particles: the father's name after «бин», «ибн» is a
    man's name in the case of the whole («Тамима бин Хамада» → Тамим бин Хамад, though the
    dictionary knows «хамада» as a desert); the family name after «Аль» written apart does not
    decline («Аль Тани», not «Аль Таня»)."""
    named = list(words)
    for index in range(1, len(tokens)):
        before = tokens[index - 1].lower_
        case = parse_feats(morphs[index]).get("Case")
        if before in ARTICLE_PARTICLES:
            named[index] = written[index]
        elif before in FATHER_PARTICLES and case not in (None, "Nom") and \
                parse_feats(morphs[index]).get("Gender") == "Masc":
            named[index] = unknown_man_name(written[index], case)
    return named


_SHOUTED = re.compile(r"[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})*")
_MIN_SHOUTED = 4  # letters: shorter words in capitals may be abbreviations


def unshouted(words: Sequence[str]) -> list[str]:
    """A name of two words or more with words in capitals (a byline's «Андрей ЗАХАРОВ»,
    «ПОЛИНА РУСЯЕВА») is written with capital initials: its words then decline
    («Андрея ЗАХАРОВА» → Андрей Захаров). A one-word name in capitals may be an abbreviation
    and stays as written."""
    if len(words) < 2:
        return list(words)
    return ["-".join(part.capitalize() for part in word.split("-"))
            if len(word) >= _MIN_SHOUTED and _SHOUTED.fullmatch(word) else word
            for word in words]


def instrumental_surname(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A surname ending in «-овым», «-евым», «-иным» is in the instrumental (or, for a
    family, the dative plural) whatever the tagger read: no surname ends so in the nominative
    or the genitive. At a sentence's start the tagger may call two words it does not know
    nominative («Далером Бобиевым заинтересовалась полиция»), inside one a genitive
    («писарем полка Татарчуковым»): the whole name is read as a man's in the instrumental
    (→ Далер Бобиев, Татарчуков: a woman's would end in «-овой»). A surname alone needs six
    letters («Новым» is an adjective)."""
    surname = tokens[-1].text
    if not surname[:1].isupper() or not surname.lower().endswith(POSSESSIVE_INSTRUMENTAL) or \
            parse_feats(morphs[-1]).get("Case") in ("Ins", "Dat") or \
            (len(tokens) < 2 and len(surname) < 6):
        return morphs
    return [_with_case(morph, "Case=Ins").replace("Gender=Fem", "Gender=Masc")
            for morph in morphs]


_MASCULINE_INSTRUMENTAL = ("ом", "ем", "ём")


def masculine_instrumental_surname(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A surname in «-ом»/«-ем»/«-ём» tagged a woman's instrumental after a man's first name in
    the instrumental is his: no woman's name ends so in that case (hers end «-ой», «-ей» or
    do not decline), so the tagger's gender was wrong («с кинокритиком Джином Сискелом» →
    Джин Сискел, not «Сискелом» left as written)."""
    if len(tokens) < 2 or not tokens[-1].text.lower().endswith(_MASCULINE_INSTRUMENTAL):
        return morphs
    first, last = parse_feats(morphs[0]), parse_feats(morphs[-1])
    if last.get("Case") != "Ins" or last.get("Gender") != "Fem" or \
            first.get("Case") != "Ins" or first.get("Gender") != "Masc":
        return morphs
    return [*morphs[:-1], morphs[-1].replace("Gender=Fem", "Gender=Masc")]


def instrumental_words(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A first name and a surname both ending in «-ом»/«-ем»/«-ём», neither of which the
    dictionary reads in the nominative, are a man's name in the instrumental whatever the
    tagger read (after «по иностранным делам» it took «Жозепом Боррелем» for a nominative and
    a dative → Жозеп Боррель, not «Жозепом Боррел»); a name that is one in the nominative
    («Рустем») is left as read."""
    if len(tokens) != 2 or not all(token.text[:1].isupper() and
                                   token.text.lower().endswith(_MASCULINE_INSTRUMENTAL)
                                   for token in tokens):
        return morphs
    if any(has_reading(token.text.lower(), "nomn") or not _instrumental_reading(
            token.text.lower()) for token in tokens) or \
            all(parse_feats(morph).get("Case") == "Ins" for morph in morphs):
        return morphs
    return [_with_case(morph, "Case=Ins").replace("Gender=Fem", "Gender=Masc")
            for morph in morphs]


def _instrumental_reading(word: str) -> bool:
    return any(parse.tag.POS == "NOUN" and "ablt" in parse.tag and "masc" in parse.tag
               for parse in morph_analyzer().parse(word))


_WOMAN_SURNAME_FORM = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая)$")


def woman_named_in_nominative(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A first name the dictionary knows only as a woman's, in the nominative («Хельга») or
    one that does not decline («Алсу»), and a surname in a woman's nominative form
    («Филиппова») are a woman's name in the nominative whatever the tagger read: at a
    sentence's start it may call them a man's genitive («Хельга Филиппова, Сергей Рост …» →
    Хельга Филиппова, not Хельг Филиппов), or the surname alone a genitive («дочь Алсу
    Исмагилова» → Алсу Исмагилова). «Илона Маска» (no woman's surname form) is left to
    :func:`man_with_a_woman_first_name`."""
    if len(tokens) != 2 or not _WOMAN_SURNAME_FORM.search(tokens[1].text.lower()) or \
            all(parse_feats(morph).get("Case") in (None, "Nom") and
                parse_feats(morph).get("Gender") == "Fem" for morph in morphs):
        return morphs
    names = [parse for parse in morph_analyzer().parse(tokens[0].text.lower())
             if "Name" in parse.tag]
    if not names or not all({"femn", "nomn", "sing"} <= parse.tag.grammemes or
                            {"femn", "Fixd"} <= parse.tag.grammemes for parse in names):
        return morphs
    return [_with_case(morph, "Case=Nom").replace("Gender=Masc", "Gender=Fem")
            for morph in morphs]


def woman_surname_in_oblique(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A surname the dictionary knows only as a woman's in an oblique case («Назарбаевой»)
    and a first name read as a woman's in one of those cases («Дариги») are a woman's name in
    that case whatever the tagger read («Назначение 53-летней Дариги Назарбаевой» → Дарига
    Назарбаева; the tagger called the surname a man's nominative)."""
    if len(tokens) != 2:
        return morphs
    analyzer = morph_analyzer()
    surnames = [parse for parse in analyzer.parse(tokens[1].text.lower()) if "Surn" in parse.tag]
    if not surnames or not all({"femn", "sing"} <= parse.tag.grammemes and
                               "nomn" not in parse.tag for parse in surnames):
        return morphs
    return _in_the_surnames_case(tokens, morphs, surnames, "femn")


def man_surname_in_oblique(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A surname the dictionary reads only as a man's (or a masculine noun's) oblique case
    («Цезаря»: genitive, accusative) and a first name read as a man's name in one of those
    cases («Юлия»: Юлий's genitive) are a man's name in that case whatever the tagger read
    («сыграл Юлия Цезаря», tagged a woman's nominative → Юлий Цезарь). A surname with a
    woman's nominative reading («Александра Петрова») or a woman's surname form the dictionary
    lacks («Анастасия Ракова») is left to the tagger, and so is a name after a first name that
    does not decline («Криштиану Роналду»: no case to agree with)."""
    if len(tokens) != 2 or not tokens[1].text[:1].isupper() or \
            _WOMAN_SURNAME_FORM.search(tokens[1].text.lower()):
        return morphs
    analyzer = morph_analyzer()
    surnames = [parse for parse in analyzer.parse(tokens[1].text.lower())
                if parse.tag.POS == "NOUN" and "anim" in parse.tag]
    if not surnames or any("masc" not in parse.tag or "nomn" in parse.tag or
                           "sing" not in parse.tag for parse in surnames):
        return morphs
    return _in_the_surnames_case(tokens, morphs, surnames, "masc", declined_first=True)


_GENDERS = {"femn": ("Fem", "Masc"), "masc": ("Masc", "Fem")}  # dictionary's → UD, the other


def _in_the_surnames_case(tokens: Sequence[Token], morphs: list[str], surnames: list[Any],
                          gender: str, declined_first: bool = False) -> list[str]:
    """Both words of a two-word name in the first case of the surname's readings
    (``surnames``) that the first name also reads in as a name of ``gender`` (with
    ``declined_first``, a first name that declines), with that gender; unchanged when the
    tagger already read the surname so, or when no case is shared."""
    wanted, other = _GENDERS[gender]
    cases = [case for parse in surnames if (case := parse_case(parse))]
    feats = parse_feats(morphs[1])
    if feats.get("Case") in cases and feats.get("Gender") == wanted:
        return morphs
    first = {parse_case(parse) for parse in morph_analyzer().parse(tokens[0].text.lower())
             if {"Name", gender, "sing"} <= parse.tag.grammemes and
             not (declined_first and "Fixd" in parse.tag)}
    case = next((case for case in cases if case in first), None)
    if case is None:
        return morphs
    return [_with_case(morph, f"Case={case}").replace(f"Gender={other}", f"Gender={wanted}")
            for morph in morphs]


def surname_in_first_name_case(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """The words of a name share their case: a surname tagged nominative after a man's first
    name tagged in an oblique case the dictionary reads it in only («Жоржу»: Жорж's dative)
    is in that case too («данью Жоржу Мельесу» → Жорж Мельес, not «Мельесу»). A first name
    the dictionary does not know as one counts by its readings as an animate noun
    («с главой МИД Турции Хаканом Фиданом»: «хаканом» reads only as an instrumental →
    Хакан Фидан, not «Фиданом»)."""
    if len(tokens) != 2 or not tokens[1].text[:1].isupper():
        return morphs
    first, last = parse_feats(morphs[0]), parse_feats(morphs[1])
    case = first.get("Case")
    if case in (None, "Nom") or last.get("Case") != "Nom" or first.get("Gender") != "Masc":
        return morphs
    names = _first_name_readings(tokens[0].text.lower())
    if not names or any(parse_case(parse) != case or "masc" not in parse.tag
                        for parse in names):
        return morphs
    return [morphs[0], _with_case(morphs[1], f"Case={case}").replace("Gender=Fem",
                                                                     "Gender=Masc")]


def _first_name_readings(word: str) -> list[Any]:
    """The dictionary's readings of ``word`` as a first name, or, when it has none, as an
    animate noun (a foreign first name it does not know: «хаканом»)."""
    parses = morph_analyzer().parse(word)
    names = [parse for parse in parses if "Name" in parse.tag]
    return names or [parse for parse in parses
                     if parse.tag.POS == "NOUN" and "anim" in parse.tag]


_POSSESSIVE_U = re.compile(r"[^\W\d_]{3,}(?:ов|ев|ёв|ин|ын)у")
_INITIAL = re.compile(r"[^\W\d_]\.?|\.|(?:[^\W\d_]\.){2}")


def possessive_surname_in_dative(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A possessive surname in «-ову», «-еву», «-ину» tagged nominative after a first name
    tagged a man's dative is his dative too: no surname ends so in the nominative
    («министру Ирику Ягафарову» → Ирик Ягафаров, whatever the dictionary reads «Ирику» as)."""
    if len(tokens) != 2 or not tokens[1].text[:1].isupper() or \
            not _POSSESSIVE_U.fullmatch(tokens[1].text.lower()):
        return morphs
    first, last = parse_feats(morphs[0]), parse_feats(morphs[1])
    if (first.get("Case"), first.get("Gender"), last.get("Case")) != ("Dat", "Masc", "Nom"):
        return morphs
    return [morphs[0], _with_case(morphs[1], "Case=Dat").replace("Gender=Fem", "Gender=Masc")]


def initialled_surname_in_u(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A possessive surname in «-ову», «-еву», «-ину» after initials is a man's dative (or,
    tagged feminine, a woman's accusative) whatever case the tagger read: after initials it
    often calls it a genitive, and the word would be kept as an undeclined one («по Б. Д.
    Эльконину» → Б. Д. Эльконин, «А. С. Кунгурову» → А. С. Кунгуров). After a first name the
    tagger is left alone: «Богуслав Мартину» (Martinů)."""
    surname = tokens[-1].text
    if len(tokens) < 2 or not surname[:1].isupper() or \
            not _POSSESSIVE_U.fullmatch(surname.lower()) or \
            not all(_INITIAL.fullmatch(token.text) for token in tokens[:-1]) or \
            parse_feats(morphs[-1]).get("Case") in ("Dat", "Acc"):
        return morphs
    if parse_feats(morphs[-1]).get("Gender") == "Fem":
        return [*morphs[:-1], _with_case(morphs[-1], "Case=Acc")]
    return [*morphs[:-1], _with_case(morphs[-1], "Case=Dat").replace("Gender=Fem", "Gender=Masc")]


def initialled_woman_by_her_verb(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """Initials and a surname in a woman's nominative form («Иванова», «Хабарова») next to a
    verb in the feminine past are her name in the nominative whatever the tagger read: after
    initials it often calls the surname a man's genitive («Как сообщила И.А. Иванова» → И.А.
    Иванова, not И.А. Иванов). The verb stands right before the name, or right after it when
    the name opens the sentence (inside a sentence «Жена В.В. Путина рассказала» is his
    genitive: the verb agrees with «Жена»)."""
    surname = tokens[-1]
    if len(tokens) < 2 or not _WOMAN_SURNAME_FORM.search(surname.text.lower()) or \
            not all(_INITIAL.fullmatch(token.text) for token in tokens[:-1]) or \
            parse_feats(morphs[-1]).get("Case") == "Nom" and \
            parse_feats(morphs[-1]).get("Gender") == "Fem":
        return morphs
    doc, first = surname.doc, tokens[0]
    before = doc[first.i - 1] if first.i > 0 else None
    after = doc[surname.i + 1] if surname.i + 1 < len(doc) else None
    if not (_feminine_past(before) or first.is_sent_start and _feminine_past(after)):
        return morphs
    return [_with_case(morph, "Case=Nom").replace("Gender=Masc", "Gender=Fem")
            for morph in morphs]


def woman_by_her_verb_after(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A first name the tagger read as a man's oblique case before a surname it read as a
    woman's nominative, the name followed by a verb in the feminine past («… безопасности Кая
    Каллас не скрывала разочарования»), is her name in the nominative: Кая Каллас, not the
    genitive of «Кай». The surname's own reading keeps «Жена Евгения Пригожина рассказала»
    (a man's genitive) apart, and a role in an oblique case before the name keeps «в лице
    председателя Мартина Куба заявила» (the party's verb) his."""
    if len(tokens) != 2 or _after_oblique_role(tokens[0]):
        return morphs
    first, last = parse_feats(morphs[0]), parse_feats(morphs[-1])
    if first.get("Gender") != "Masc" or first.get("Case") in (None, "Nom") or \
            last.get("Gender") != "Fem" or last.get("Case") != "Nom":
        return morphs
    doc, end = tokens[-1].doc, tokens[-1].i + 1
    if end < len(doc) and doc[end].lower_ == "не":
        end += 1
    if end >= len(doc) or not _feminine_past(doc[end]):
        return morphs
    return [_with_case(morph, "Case=Nom").replace("Gender=Masc", "Gender=Fem")
            for morph in morphs]


def _after_oblique_role(token: Token) -> bool:
    """The word before is an animate noun in a case other than the nominative: the name
    stands in apposition to it («председателя Мартина Куба»)."""
    if token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return before.pos_ == "NOUN" and "Anim" in before.morph.get("Animacy") and \
        before.morph.get("Case") not in ([], ["Nom"])


def _feminine_past(token: Token | None) -> bool:
    """A verb in the past singular feminine by its ending and the dictionary («сообщила»)."""
    if token is None or not token.text.lower().endswith("ла"):
        return False
    return any({"VERB", "past", "femn", "sing"} <= parse.tag.grammemes | {parse.tag.POS}
               for parse in morph_analyzer().parse(token.text.lower()))


_CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")
# the endings a man's surname in a consonant takes in a case: such a surname declined
_DECLINED_ENDINGS = {"Ins": _MASCULINE_INSTRUMENTAL}


def undeclined_consonant_surname(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A first name and a surname ending in a consonant that did not decline, which the
    tagger read as a man's in another case («Интервью Валерия Лайк дала»: Gen, Masc), are a
    woman's name when the first name can be a woman's (a man's surname so ending declines:
    «Валерия Лайка»; a woman's does not): in the nominative when it reads so («Валерия» →
    Валерия Лайк, not Валерий Лайк), else in the case it reads in as hers («поздравил
    Александру Райсман»: Acc → Александра Райсман, not Александр Райсман). A surname ending as
    the case does declined: «с Игги Попом» → Игги Поп. A surname in «-ых», «-их» declines
    for nobody («Дмитрию Черных» is a man's dative)."""
    first, surname = tokens[0], tokens[-1]
    feats = parse_feats(morphs[0])
    if len(tokens) != 2 or not surname.text[:1].isupper() or \
            not _CONSONANT_END.search(surname.text.lower()) or \
            surname.text.lower().endswith(_NEVER_DECLINED) or \
            feats.get("Case") in (None, "Nom") or feats.get("Gender") != "Masc" or \
            surname.text.lower().endswith(_DECLINED_ENDINGS.get(feats["Case"], ())):
        return morphs
    case = _woman_name_case(first.text.lower())
    if case is None:
        return morphs
    return [_with_case(morph, f"Case={case}").replace("Gender=Masc", "Gender=Fem")
            for morph in morphs]


_NEVER_DECLINED = ("ых", "их")  # Russian surnames no case changes, a man's or a woman's

# how a man's surname in a consonant ends in an oblique case (declined as «Деплешен»)
_MAN_OBLIQUE_ENDINGS = {"Gen": ("а", "я"), "Dat": ("у", "ю"), "Ins": ("ом", "ем", "ём"),
                        "Loc": ("е",)}
# a first name that does not decline: it cannot show the case («Арно», «Энтони», «Арье»)
_UNDECLINED_FIRST_NAME = re.compile(r"[оиуюэе]$")


def surname_in_role_case(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A man's name right after a role noun in an oblique case stands in apposition and takes
    its case: when the tagger read a surname the dictionary does not know as a nominative,
    though it ends as a man's surname ends in that case, and the first name does not decline
    («кинорежиссёра Арно Деплешена» → Арно Деплешен, not Деплешена). A name after a role noun
    in the nominative, or a surname the dictionary knows, is left as read."""
    if len(tokens) != 2 or tokens[0].i == 0:
        return morphs
    role, first, surname = tokens[0].doc[tokens[0].i - 1], tokens[0], tokens[1]
    case = _case(role) or ""
    word = surname.text.lower()
    if role.pos_ != "NOUN" or "Anim" not in role.morph.get("Animacy") or \
            parse_feats(morphs[-1]).get("Case") != "Nom" or \
            not _UNDECLINED_FIRST_NAME.search(first.text.lower()) or \
            not _consonant_stem_in(word, case) or morph_analyzer().word_is_known(word):
        return morphs
    return [_with_case(morph, f"Case={case}").replace("Gender=Fem", "Gender=Masc")
            for morph in morphs]


def _consonant_stem_in(word: str, case: str) -> bool:
    """``word`` ends as a man's surname in a consonant ends in ``case``: «деплешена» in Gen."""
    ending = next((ending for ending in _MAN_OBLIQUE_ENDINGS.get(case, ())
                   if word.endswith(ending)), None)
    return ending is not None and _CONSONANT_END.search(word[:-len(ending)]) is not None


def _woman_name_case(word: str) -> str | None:
    """The case ``word`` reads in as a woman's first name in the singular: the nominative
    when it can; else, when it is no name's nominative at all (the man's «Али» is), the first
    case the dictionary gives; None if it is no woman's name."""
    names = [parse for parse in morph_analyzer().parse(word) if "Name" in parse.tag]
    cases = [parse_case(parse) for parse in names if {"femn", "sing"} <= parse.tag.grammemes]
    if "Nom" in cases:
        return "Nom"
    if any(parse_case(parse) == "Nom" for parse in names):
        return None
    return next((case for case in cases if case), None)


def singular_surname(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """The surname after a first name read in the singular is singular too, whatever the
    tagger read: an undeclined surname in «-их»/«-ых» looks like a plural adjective to it
    («певца Тимы Белорусских» → Тима Белорусских, not «Белорусские»; «Седых», «Долгих»). A
    family named after two first names stays («Тамерлан и Джохар Царнаевы»)."""
    surname = tokens[-1].text
    if len(tokens) < 2 or parse_feats(morphs[0]).get("Number") != "Sing" or \
            parse_feats(morphs[-1]).get("Number") != "Plur" or not surname[:1].isupper() or \
            not surname.lower().endswith(("их", "ых")):
        return morphs
    return [*morphs[:-1], morphs[-1].replace("Number=Plur", "Number=Sing")]


_FAMILY_OBLIQUE = ("овых", "евых", "ёвых", "иных", "ыных")
_FAMILY_NOMINATIVE = ("овы", "евы", "ёвы")


def family_surname(tokens: Sequence[Token], morphs: list[str]) -> list[str]:
    """A surname alone in «-овых», «-евых», «-иных» names a family in the plural genitive,
    accusative or locative whatever the tagger read: no man's or woman's surname of this kind
    ends so («Отца и сына Кравцовых задержали» → Кравцовы, not «Кравцовых» tagged singular).
    An undeclined «-ых» surname («Белорусских», «Седых») is no such word. One in «-овы»,
    «-евы» is a family in the nominative («Отец и сын Садыковы действовали» → Садыковы, not
    «Садыкова»); not «-ины», a woman's first name's genitive («Валентины»)."""
    surname = tokens[-1].text
    lowered = surname.lower()
    if len(tokens) != 1 or not surname[:1].isupper() or len(surname) < 7 or \
            parse_feats(morphs[0]).get("Number") == "Plur":
        return morphs
    if lowered.endswith(_FAMILY_OBLIQUE):
        case = "Case=Gen"
    elif lowered.endswith(_FAMILY_NOMINATIVE):
        case = "Case=Nom"
    else:
        return morphs
    features = [feature for feature in morphs[0].split("|")
                if feature and not feature.startswith(("Case=", "Number=", "Gender="))]
    return ["|".join(sorted([*features, case, "Number=Plur"]))]


def _with_case(morph: str, case: str) -> str:
    features = [feature for feature in morph.split("|") if feature and
                not feature.startswith("Case=")]
    return "|".join(sorted([*features, case]))


def man_with_a_woman_first_name(tokens: Sequence[Token], morphs: list[str],
                                words: list[str]) -> str | None:
    """A first name the dictionary knows only as a woman's («Илона», «Эммануэла»), which the
    tagger calls a man's, in a name whose surname was inflected as a man's («Маска» → Маск): an
    unknown man's name in the tagger's case («Илона Маска» → Илон Маск, «Эммануэле Макроне» →
    Эммануэль Макрон). A woman's surname keeps it hers («Илоны Ивановой»: Иванова)."""
    first, surname = tokens[0], tokens[-1]
    case = _case(first)
    if case in (None, "Nom") or "Masc" not in first.morph.get("Gender") or \
            "Masc" not in surname.morph.get("Gender") or not _woman_name_only(first.text) or \
            "Gender=Fem" not in morphs[0] and words[0] != first.text:
        return None
    if words[-1] == surname.text or words[-1].lower().endswith(("а", "я")):
        return None
    stripped = unknown_man_name(first.text, case)
    return stripped if stripped != first.text else None


def featureless_words_agree(morphs: list[str]) -> list[str]:
    """A word of a name the tagger gave no features («аль-Марзука» after «Исама»: Gen) takes
    those of the first word that has a case: the words of a name agree."""
    reference = next((morph for morph in morphs if "Case=" in morph), None)
    if reference is None:
        return morphs
    return [morph if morph else reference for morph in morphs]


def agreeing_name_morphs(tokens: Sequence[Token]) -> list[str]:
    """The words of a person's name agree in gender and case: when the tagger calls one word
    feminine («Мехрибан»: Nom, Fem) and another masculine («Алиева»: Gen, Masc) that can be
    read as a woman's surname in the first word's case, the first word's features
    decide («Мехрибан Алиева» → Мехрибан Алиева, not Мехрибан Алиев). A word the dictionary
    knows as a male name only («Никита») decides nothing. Words whose name readings in the
    tagger's case all have the other gender take it first (:mod:`.name_gender`)."""
    morphs = dictionary_gender_morphs(tokens)
    reference = next((index for index, token in enumerate(tokens)
                      if _feminine_name_word(token, morphs[index])), None)
    if reference is None:
        return morphs
    case = _case(tokens[reference])
    for index, token in enumerate(tokens):
        if index != reference and "Masc" in token.morph.get("Gender") and \
                _feminine_reading(token.text, case):
            morphs[index] = morphs[reference]
    return morphs


def _feminine_name_word(token: Token, morph: str) -> bool:
    """A woman's first name by its features (``morph``: the tagger's, or the dictionary's gender
    where the tagger called «Элеонору» masculine) and by the dictionary; or a word the
    dictionary knows only as a feminine place that the tagger reads as a person («Ливия
    Клаусова»: the dictionary's Ливия is Libya)."""
    if "Gender=Fem" not in morph or _case(token) is None:
        return False
    return _feminine_name(token.text) or (
        "Anim" in token.morph.get("Animacy") and _feminine_place_only(token.text))


@lru_cache(maxsize=20_000)
def _feminine_place_only(word: str) -> bool:
    """Every reading of ``word`` the dictionary has is a feminine place name («Ливия»)."""
    parses = morph_analyzer().parse(word.lower())
    return morph_analyzer().word_is_known(word.lower()) and all(
        {"Geox", "femn"} <= parse.tag.grammemes for parse in parses)


@lru_cache(maxsize=20_000)
def _feminine_name(word: str) -> bool:
    """The dictionary does not know ``word`` or reads it as a woman's first name."""
    parses = morph_analyzer().parse(word.lower())
    names = [parse for parse in parses if "Name" in parse.tag]
    return not morph_analyzer().word_is_known(word.lower()) or any(
        "femn" in parse.tag for parse in names)


@lru_cache(maxsize=20_000)
def _woman_name_only(word: str) -> bool:
    """The dictionary knows ``word`` as a woman's first name and as no man's."""
    names = [parse for parse in morph_analyzer().parse(word.lower()) if "Name" in parse.tag]
    return bool(names) and all("femn" in parse.tag for parse in names)


@lru_cache(maxsize=20_000)
def _feminine_reading(word: str, case: str | None) -> bool:
    """The dictionary reads ``word`` as a woman's surname in ``case``, or does not know it
    and it ends as a woman's adjectival surname does in that case («Марии Мотузной»)."""
    lowered = word.lower()
    if not morph_analyzer().word_is_known(lowered) and \
            hard_adjectival_surname(lowered, case) is not None:
        return True
    return any("femn" in parse.tag and parse_case(parse) == case and "Surn" in parse.tag
               for parse in morph_analyzer().parse(lowered))


MorphRule = Callable[[Sequence[Token], list[str]], list[str]]
PERSON_MORPH_RULES: tuple[MorphRule, ...] = (
    singular_surname, family_surname, woman_named_in_nominative, woman_surname_in_oblique,
    man_surname_in_oblique,
    surname_in_first_name_case, possessive_surname_in_dative, instrumental_surname,
    masculine_instrumental_surname,
    instrumental_words, initialled_surname_in_u, initialled_woman_by_her_verb,
    woman_by_her_verb_after,
    undeclined_consonant_surname, surname_in_role_case)


# a surname's man's and woman's forms, and its plural («Ивановы», «Политковские»)
_SURNAME_FORMS = (("ский", "ская", "ские"), ("цкий", "цкая", "цкие"), ("ов", "ова", "овы"),
                  ("ев", "ева", "евы"), ("ёв", "ёва", "ёвы"), ("ин", "ина", "ины"),
                  ("ын", "ына", "ыны"))
# the nominative plural of a family's surname («Ивановы», «Ходорковские»)
PLURAL_SURNAME_ENDINGS = tuple(plural for _man, _woman, plural in _SURNAME_FORMS)


def surname_of_gender(surname: str, gender: str | None) -> str | None:
    """A Russian surname in the form of ``gender`` (``Masc``/``Fem``), from either form or
    the plural: «Иванова», «Ивановы» → Иванов (Masc); «Политковские» → Политковская (Fem); a
    surname of no such form is the same for both («Карвалью», «Клинтон»); None when the
    gender is unknown and the form tells it."""
    lowered = surname.lower()
    for forms in _SURNAME_FORMS:
        for form in forms:
            if lowered.endswith(form) and len(lowered) > len(form) + 1:
                if gender not in ("Masc", "Fem"):
                    return None
                wanted = forms[0] if gender == "Masc" else forms[1]
                return surname[: len(surname) - len(form)] + wanted
    return surname
