"""Records in the making: ``EntityGroup`` (the mentions of one referent, its name and
aliases) and the name helpers the merge rules share (words of a person's name, stems,
patronymics, initials)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Span, Token

from ..folding import fold
from ..lexicons.words import entity_words
from .abbreviations import abbreviation_shaped
from .arrays import doc_text
from .casing import has_reading, starts_sentence
from .inflect import NAME_PARTICLES
from .tokens import CONSONANTS

_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


_ROMAN_NUMERAL = re.compile(r"[IVXLC]+\.?")


def _cyrillic_words(name: str) -> bool:
    """Every word of a name written in Cyrillic, or a regnal number («Карл X»): not «نیلوفر
    رحمانی или Niloofar Rahmani», a mention of two foreign spellings that «или» joined. A
    person with a full name so written is named by one («Нилуфар Рахмани»)."""
    return all(has_cyrillic(word) or _ROMAN_NUMERAL.fullmatch(word) for word in name.split())


@dataclass
class EntityGroup:
    label: str
    key: str
    mentions: list[Span] = field(default_factory=list)

    composed: list[str] = field(default_factory=list)  # full names built from the mentions
    demoted: set[str] = field(default_factory=set)  # folded normals not to name it by
    # the naming rules that changed a person's name, with the name each gave (for the trace)
    named_by: list[tuple[str, str]] = field(default_factory=list)
    # what normals(), geo and name last computed, with the sizes they were computed at: the
    # merge rules ask each record again and again, and a record only grows (mentions and
    # composed names are added, demoted names only join the set), so equal sizes mean the
    # same answer
    _memo: dict[str, tuple[tuple[int, ...], Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def _remembered(self, what: str, sizes: tuple[int, ...], compute: Callable[[], Any]) -> Any:
        known = self._memo.get(what)
        if known is None or known[0] != sizes:
            known = self._memo[what] = (sizes, compute())
        return known[1]

    def normals(self) -> list[str]:
        return list(self._remembered(
            "normals", (len(self.mentions), len(self.composed)),
            lambda: [span._.normal or span.text for span in self.mentions] + self.composed))

    def full_name_words(self, patronymics: bool) -> list[list[str]]:
        """:func:`full_names`, remembered while the names stay: the person rules ask each
        group again and again."""
        return list(self._remembered(
            "full_names" if patronymics else "full_names_no_patronymic",
            (len(self.mentions), len(self.composed)),
            lambda: _full_name_words(self.normals(), patronymics)))

    @property
    def geo(self) -> dict | None:
        """The gazetteer entry of a place: the first mention's that has one."""
        geo = self._remembered("geo", (len(self.mentions),), lambda: next(
            (dict(span._.geo) for span in self.mentions if span._.geo), None))
        return dict(geo) if geo is not None else None

    @property
    def name(self) -> str:
        return self._remembered(
            "name", (len(self.mentions), len(self.composed), len(self.demoted)), self._name)

    def _name(self) -> str:
        geo = self.geo
        if geo and geo.get("name"):
            return geo["name"]
        names = self.normals()
        cyrillic = [name for name in names if has_cyrillic(name) and
                    not (self.label == "ORG" and " " not in name.strip() and
                             _common_word(fold(name)))]
        names = cyrillic or names  # «Гаретт Рейсман», not its transliteration «Garrett Reisman»;
        # not «Компания» for «Netflix Inc»
        if self.label == "PER":
            in_cyrillic = [name for name in names if _cyrillic_words(name)]
            if any(" " in name for name in in_cyrillic):
                names = in_cyrillic
            names = self._without_genitive_lookalikes(names)
        names = [name for name in names if fold(name) not in self.demoted] or names
        if self.label == "PER":  # «Джон Кеннеди», not «Дж. Ф. Кеннеди» or «Сергей Скрипаля»
            kept = self._first_names_in_text()
            names = [_without_common_words(name, kept) for name in names]  # «Пресс-агент Гибсон»
            spelled = [name for name in names
                       if not any(is_initial(word) for word in _initialled_words(name)) and
                       _begins_with_name(name_words(name), kept)]
            # «Джон Кеннеди» over «Дж. Ф. Кеннеди», «И. И. Иванов» over «Иванов» alone
            if not any(len(name_words(name)) > 1 for name in spelled):
                spelled = [name for name in names
                           if len(name_words(name)) > 1 and
                           _begins_with_name(name_words(name), kept)] or spelled
            names = spelled or names
        # the most words, then (people) a name written so in the text, then the longest,
        # then the first written (max keeps the first of equals; each distinct name once, so
        # 20,000 mentions of one name cost 20,000 steps): «Раймон Паулс» as written, not
        # «Раймонд Паулс» guessed from «Раймонда Паулса»
        written = self._written_names() if self.label == "PER" else frozenset()
        rank = {name: (len(name.split()), fold(name) in written)
                for name in dict.fromkeys(names)}
        best = max(rank, key=lambda name: (*rank[name], len(name)))
        if self.label == "ORG":
            return self._without_place_adjective(best, names)
        if self.label != "PER":
            return best
        shared = most_shared_spelling(best, [name for name in rank if rank[name] == rank[best]],
                                      self._word_mentions())
        as_written = surname_as_written(shared, written)
        declined = surname_in_a_declension(as_written, self._written_words())
        unchanged = first_name_unchanged(declined, self._written_full_names())
        named = first_name_in_a_declension(unchanged, self._written_words())
        self.named_by = [(rule, name) for rule, name, before in (
            ("most_shared_spelling", shared, best), ("surname_as_written", as_written, shared),
            ("surname_in_a_declension", declined, as_written),
            ("first_name_unchanged", unchanged, declined),
            ("first_name_in_a_declension", named, unchanged))
            if name != before]
        if kept & set(name_words(named)[:1]):  # «Нора Донда», not «Донда»
            self.named_by.insert(0, ("first_names_in_text", named))
        if surname_first(named):
            named = first_name_first(named)
            self.named_by.append(("first_name_first", named))
        return named

    def _without_place_adjective(self, best: str, names: list[str]) -> str:
        """An ORG's name without the place's adjective a mention puts before its abbreviation,
        when the abbreviation alone names it too («Российское РБК» and «РБК» → РБК,
        «Петербургский СКА» and «СКА» → СКА)."""
        from .org_merges import place_adjective_before_abbreviation

        words = best.split()
        if len(words) != 2 or fold(words[1]) not in {fold(name) for name in names}:
            return best
        placed = any(len(tokens := [t for t in span if not t.is_space]) == 2 and
                     fold(tokens[1].text) == fold(words[1]) and
                     place_adjective_before_abbreviation(tokens) for span in self.mentions)
        return words[1] if placed else best

    def _without_genitive_lookalikes(self, names: list[str]) -> list[str]:
        """A woman's name written as a man's genitive («Александра Петрова») is not the name of
        a record that a man's form, declined in the text, shows to be his («с Александром
        Петровым» → Александр Петров): the text wrote «Александра Петрова» as his genitive
        («возлюбленная Александра Петрова»), whichever record a merge rule kept. A name the
        text declines itself stays: «Мирославы Немцовой» shows «Мирослава Немцова» to be a
        woman's name, whatever «Мирославу Немцову» (→ Мирослав Немцов) suggested. Words another
        mention takes as they are show nothing declined: a caption's «Евгения Медведева» read
        as «Евгений Медведев» leaves her name «Евгения Медведева»."""
        as_is = {fold(span.text) for span in self.mentions
                 if fold(span.text) == fold(span._.normal or span.text)}
        declined = {fold(span._.normal) for span in self.mentions
                    if span._.normal and fold(span.text) != fold(span._.normal) and
                    fold(span.text) not in as_is}
        return [name for name in names
                if fold(name) in declined or
                not any(_genitive_lookalike(fold(name), other) for other in declined)] \
            or names

    def _first_names_in_text(self) -> frozenset[str]:
        """Folded first words of the group's names that the text shows to be names though the
        dictionary knows them as common words: capitalised inside a sentence, tagged PROPN
        there (or a verb: «Давит Гелашвили», the Georgian «Давит» read as «давить»), neither an
        animate noun (a role: «Принц», «Генерала») nor an adjective («Нора Донда», «Тара
        Сутариа», «Кайли Дженнер»; not «… игру Есть Марко Ройс»)."""
        return frozenset(
            words[0] for span in self.mentions if len(span) > 1 and
            span[0].pos_ in ("PROPN", "VERB") and
            span[0].text[:1].isupper() and not span[0].text.isupper() and
            not starts_sentence(span[0]) and
            len(words := name_words(span._.normal or span.text)) > 1 and
            _common_word(words[0]) and _name_like(words[0]))

    def _word_mentions(self) -> Counter[str]:
        """How many mentions' normal forms hold each folded word (each part of a hyphenated
        one: «Форд-второй» shares «форд» with «Форд»)."""
        return Counter(word for span in self.mentions
                       for word in set(_pieces(fold(span._.normal or span.text))))

    def _written_full_names(self) -> list[list[str]]:
        """The words of the mentions of two words or more, as written."""
        return [words for span in self.mentions if len(words := span.text.split()) > 1]

    def _written_words(self) -> frozenset[str]:
        """The folded words of the mentions as written."""
        return frozenset(word for span in self.mentions for word in fold(span.text).split())

    def _written_names(self) -> frozenset[str]:
        """Folded normal forms that some mention has as its very text (the nominative)."""
        return frozenset(fold(span._.normal or span.text) for span in self.mentions
                         if written_in_nominative(span))

    @property
    def aliases(self) -> list[str]:
        name = fold(self.name)
        return sorted({normal for normal in self.normals() if fold(normal) != name})

    def absorb(self, other: EntityGroup) -> None:
        self.mentions.extend(other.mentions)
        self.mentions.sort(key=lambda span: (span.start, span.end))
        self.composed.extend(other.composed)
        self.demoted |= other.demoted
        if self.label == "PER" and is_first_patronymic(other.key):
            patronymic = other.normals()[0].split()[1]
            self.composed.extend(_with_patronymic(name, patronymic) for name in self.normals()
                                 if len(name.split()) == 2 and "." not in name.split()[0] and
                                 not is_patronymic(fold(name).split()[1], any_case=True))


_A_DECLENSION_OBLIQUE = ("ы", "и", "е", "у", "ю")  # «Кандыбы», «Небензю»: not a nominative


def surname_as_written(name: str, written: Iterable[str]) -> str:
    """A person's name whose surname no mention writes in the nominative takes the surname a
    mention does write so, when that is the nominative of its «-а/-я» declension (same stem
    and length, ending in «а» or «я»): «Андрея Кандыбы» (→ Андрей Кандыбы) beside «Кандыба» →
    Андрей Кандыба; «Небензю Василия Алексеевича» beside «Василий Небензя» → Василий
    Алексеевич Небензя («Небензю» kept as written, the normalizer could not decline it, is no
    nominative); «Кадзуо Уэдой» beside «Уэда» → Кадзуо Уэда. ``written``: the folded names
    written in the nominative."""
    words = name.split()
    last = fold(words[-1]) if len(words) > 1 else ""
    cut = _A_DECLENSION_CUT.get(last[-2:], 1 if last.endswith(_A_DECLENSION_OBLIQUE) else 0)
    if not cut:
        return name
    surnames = {fold(person_words(other)[-1]) for other in written if has_cyrillic(other)
                and person_words(other)}
    found = {surname for surname in surnames
             if surname.endswith(("а", "я")) and len(surname) == len(last) - cut + 1
             and surname[:-1] == last[:-cut] and stem(surname) == stem(last)}
    if len(found) != 1:
        return name
    surname = found.pop()
    return " ".join(words[:-1] + [words[-1][:-cut] + surname[-1]])


def surname_in_a_declension(name: str, written: frozenset[str]) -> str:
    """A person's name whose surname ends in a consonant («Жоао Виейр»: «Жоао Виейра» read as
    a man's genitive) ends in «-а» when the text writes the surname so and also in a case only
    the «-а» declension has: «Виейры» (genitive), «Виейрой» (instrumental), which a surname
    ending in a consonant never gives. Not a Russian surname in «-ов», «-ин» and the like,
    whose woman's forms end so («Петровой», «Петровы»: a family). ``written``: the folded
    words of the record's mentions."""
    words = name.split()
    if len(words) < 2:
        return name
    last = fold(words[-1])
    if last[-1:] not in CONSONANTS or last.endswith(_RUSSIAN_SURNAME_STEMS) or \
            last + "а" not in written:
        return name
    oblique = {last + "ы", last + "ой"} | ({last + "и"} if last[-1] in _HUSHING else set())
    return " ".join([*words[:-1], words[-1] + "а"]) if oblique & written else name


def first_name_unchanged(name: str, written: list[list[str]]) -> str:
    """A person's name whose first word the normalizer declined («Марсел Ребелу ди Соуза»)
    takes that word as written when a mention writes it beside the name's surname as the name
    has it and another beside that surname declined («Марселу Ребелу ди Соуза», «Марселу
    Ребелу ди Соузой»): the surname declines, the first name does not. A surname that does
    not decline shows nothing («Евгения Душко» is his genitive). ``written``: the words of
    the record's mentions of two words or more, as written."""
    words = name.split()
    if len(words) < 2:
        return name
    first, surname = fold(words[0]), fold(words[-1])
    with_nominative, with_declined = set(), set()
    for mention in written:
        form, last = mention[0], fold(mention[-1])
        if fold(form) == first or not fold(form).startswith(first):
            continue
        if last == surname:
            with_nominative.add(form)
        elif stem(last) == stem(surname):
            with_declined.add(form)
    kept = with_nominative & with_declined
    return " ".join([kept.pop(), *words[1:]]) if len(kept) == 1 else name


def first_name_in_a_declension(name: str, written: frozenset[str]) -> str:
    """A person's name whose first word is the genitive of the «-а/-я» declension («Маки
    Джапаридзе», kept as written: the dictionary reads «маки» as poppies) takes the nominative
    the text also writes («Мака Джапаридзе»): a first name in «-ы»/«-и» beside the same stem in
    «-а»/«-я» («Никиты», «Никита»; a man's name in a consonant never ends so in the genitive).
    ``written``: the folded words of the record's mentions."""
    words = name.split()
    first = fold(words[0]) if len(words) > 1 else ""
    if len(first) < 3 or first[-1] not in "ыи" or first[-2] not in CONSONANTS:
        return name
    found = [ending for ending in "ая" if first[:-1] + ending in written]
    if len(found) != 1:
        return name
    return " ".join([words[0][:-1] + found[0], *words[1:]])


_HUSHING = frozenset("гкхжчшщ")  # after which «-ы» is written «-и» («Сковороды», «Дзюбы»; «Мураки»)


# the instrumental of the «-а/-я» declension: two letters give way to one («Уэдой» → Уэда)
_A_DECLENSION_CUT = {"ой": 2, "ей": 2}


def most_shared_spelling(best: str, names: list[str], shared: Counter[str]) -> str:
    """Of a person's names that differ from ``best`` only in spelling (word for word, at most
    two letters apart), the one whose words more mentions share (``shared``: mentions per
    folded word), ``best`` on a tie: «Гай Ричи» written thrice, not a typo «Гай Ричии»
    written once; «Владимир Борисович Гройсман», not «Володимир» of one quotation. «Джо
    Арпайо» and «Джозеф Арпайо» are two names, not two spellings: the longer stays."""
    def support(name: str) -> int:
        return sum(shared[word] for word in _pieces(fold(name)))

    variants = [name for name in names if _spelled_alike(fold(name), fold(best))]
    return max([best, *variants], key=support)


def _spelled_alike(name: str, other: str) -> bool:
    words, others = name.split(), other.split()
    return len(words) == len(others) and all(
        edit_distance(word, known) <= 2 for word, known in zip(words, others, strict=True))


def _pieces(name: str) -> list[str]:
    return name.replace("-", " ").split()


def _genitive_lookalike(name: str, other: str) -> bool:
    """Each word of ``name`` is the genitive of ``other``'s word («александра петрова» of
    «александр петров», «евгения» of «евгений», «игоря» of «игорь»)."""
    words, others = name.split(), other.split()
    return len(words) == len(others) and words != others and all(
        word == base + "а" or base[-1:] in ("й", "ь") and word == base[:-1] + "я"
        for word, base in zip(words, others, strict=True))


def is_abbreviation(span: Span) -> bool:
    return abbreviation_shaped(span.text)


_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")
_ENDINGS = ("ами", "ями", "ому", "ему", "ого", "его", "ой", "ей", "ым", "им", "ом", "ем", "ую",
            "юю", "а", "я", "у", "ю", "е", "ы", "и", "ь", "й")


def name_words(name: str) -> list[str]:
    """Folded words of a person's name, initials kept with their dot: «Ж.-К.Трише» →
    ж., к., трише."""
    return list(_name_words(name))


@lru_cache(maxsize=20_000)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(_NAME_WORD.findall(fold(name)))


def _without_common_words(name: str, kept: frozenset[str] = frozenset()) -> str:
    """A person's name without the common words NER took in before it, as written:
    «Пресс-агент Гибсон» → «Гибсон» (see :func:`person_words`); a word of ``kept`` (folded)
    is a name and stays."""
    words = name.split()
    if _syllable_name(tuple(fold(word) for word in words)):
        return name
    while len(words) > 1 and _leading_common_word(fold(words[0])) and fold(words[0]) not in kept:
        words = words[1:]
    return " ".join(words)


def _begins_with_name(words: list[str], kept: frozenset[str]) -> bool:
    """A name's folded words open with a name: one word, or a first word that is no common
    word or is one of ``kept``."""
    return len(words) == 1 or not _leading_common_word(words[0]) or words[0] in kept or \
        _syllable_name(tuple(words))


@lru_cache(maxsize=20_000)
def _name_like(word: str) -> bool:
    """A common word that may be a foreign first name when capitalised inside a sentence: the
    dictionary's first reading is no animate noun (a role), no adjective and no infinitive
    («Есть»)."""
    from .models import morph_analyzer

    tag = morph_analyzer().parse(word)[0].tag
    return not (tag.POS == "NOUN" and "anim" in tag) and \
        tag.POS not in ("ADJF", "ADJS", "PRTF", "PRTS", "NUMR", "NPRO", "INFN")


def is_initial(word: str) -> bool:
    return (word.endswith(".") and len(word) <= 3) or len(word) == 1


def _initialled_words(name: str) -> list[str]:
    """The words of a name that may not be initials in a spelled-out name: all, but the
    surname's of an anonymised name («Вадим Сергеевич К.»: spelled out as far as it is)."""
    words = name_words(name)
    return words[:2] if anonymised_name(words) else words


def anonymised_name(words: list[str]) -> bool:
    """A name's folded words (:func:`person_words`) are a first name, a patronymic and the
    initial of a surname, as Russian courts publish names: «вадим сергеевич к.»."""
    return len(words) == 3 and is_initial(words[2]) and not is_initial(words[0]) and \
        is_first_patronymic(" ".join(words[:2]))


def person_words(name: str) -> list[str]:
    """``name_words`` without the common words NER took in before the name: «Сэр Алекс
    Фергюсон», «Восьмидесятилетний Маккейн», «Пресс-агент Гибсон» → алекс фергюсон, маккейн,
    гибсон."""
    return list(_person_words(name))


@lru_cache(maxsize=20_000)
def _person_words(name: str) -> tuple[str, ...]:
    words = _name_words(name)
    while len(words) > 1 and _leading_common_word(words[0]):
        words = words[1:]
    return words


_SYLLABLE = 4  # letters at most in each word of a Korean or Chinese name


def _syllable_name(words: tuple[str, ...]) -> bool:
    """A name of short syllables, as Korean and Chinese names are written: its first word is
    its surname, though the dictionary knows it as a common word («Пак Кын Хе», «Чо Хён», «О
    Се Хун»: пак, чо, о). The record is named so; the words records are grouped by are left
    as they were (grouping by it split one NEREL held-out person)."""
    return len(words) >= 2 and all(len(word) <= _SYLLABLE for word in words)


def _leading_common_word(word: str) -> bool:
    """A common word NER took in before a name; not a name's particle that the dictionary
    knows as a common word too («де Голль», «фон Браун», «да Винчи»), nor a first name of
    ``first_names_read_as_words`` (models/entity_words.yaml: «Ана Брнабич»)."""
    return _common_word(word) and not (len(word) > 1 and word in NAME_PARTICLES) and \
        word not in _WORDS.first_names_read_as_words  # «Ана Брнабич», «Мира Сорвино»


@lru_cache(maxsize=50_000)
def _common_word(word: str) -> bool:
    """A dictionary word that is no name (no Name, Surn, Patr reading) and most likely a
    noun, adjective, verb, adverb or function word («сэр», «восьмидесятилетний», «есть»,
    «вместо»; not «лея», a gerund); a role word after a prefix of ``role_prefixes``
    («экс-советник») or two role nouns (:func:`_compound_role`); a word the dictionary lacks
    with an ending of ``common_word_endings`` («шестидесятивосьмилетняя»)."""
    from .models import morph_analyzer

    if "-" in word.strip("-"):  # «экс-советник», «пресс-агент»; not «жан-батист»
        parts = word.split("-")
        return parts[0] in _WORDS.role_prefixes and _no_name("-".join(parts[1:])) or \
            _compound_role(parts)
    if word.endswith(".") or not morph_analyzer().word_is_known(word):
        return word.endswith(_WORDS.common_word_endings)  # «шестидесятивосьмилетняя»
    parses = morph_analyzer().parse(word)
    top = parses[0]
    if top.tag.POS not in _COMMON_POS or (top.tag.POS == "NOUN" and top.score < 0.6):
        return False  # «Лея»: a noun only by a guess as good as another
    if top.tag.POS == "NOUN" and not any("nomn" in parse.tag for parse in parses):
        return False  # «Хамад» (a plural genitive) heads no nominative name as a title
    if any(_PROPER & parse.tag.grammemes for parse in parses):
        return False  # «София»: the dictionary knows it only as a place, still a name
    return _no_name(word)


def _compound_role(parts: list[str]) -> bool:
    """A role written as two nouns joined by a hyphen, neither a name («художник-постановщик»,
    «генерал-лейтенант», «врач-терапевт»); not a double surname («Римский-Корсаков»)."""
    from .models import morph_analyzer

    return len(parts) == 2 and all(
        len(part) > 2 and _no_name(part) and
        morph_analyzer().parse(part)[0].tag.POS == "NOUN" for part in parts)


def _no_name(word: str) -> bool:
    """A dictionary word none of whose readings is a name («агент», «советник»)."""
    from .models import morph_analyzer

    return morph_analyzer().word_is_known(word) and not any(
        {"Name", "Surn", "Patr"} & set(str(parse.tag).replace(" ", ",").split(","))
        for parse in morph_analyzer().parse(word))


_WORDS = entity_words()  # models/entity_words.yaml
_PROPER = frozenset({"Geox", "Orgn", "Trad"})
_COMMON_POS = frozenset({"NOUN", "ADJF", "ADJS", "ADVB", "PREP", "CONJ", "PRCL", "VERB", "INFN",
                         "NPRO", "PRED"})


_GENERATIONS = ("младш", "старш")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """A name word without its case ending, each part of a hyphenated one: «Скрипаля»,
    «Скрипаль», «Скрипал» → скрипал; «Ивановой», «Иванов» → иванов; «Лоуренса-младшего»,
    «Лоуренс-младший» → лоуренс-младш."""
    parts = []
    for part in word.split("-"):
        generation = next((g for g in _GENERATIONS if part.startswith(g)), None)
        if generation is not None:  # «младшего», «младший» → младш
            parts.append(generation)
            continue
        for ending in _ENDINGS:
            if part.endswith(ending) and len(part) - len(ending) >= 3:
                part = part[: -len(ending)]
                break
        parts.append(part)
    return "-".join(parts)


def quoted_nominatives(group: EntityGroup) -> int:
    """How many of the record's mentions write their name in quotes after a descriptor, as
    its normal form: «ПАО «Газпром нефть»» keeps the name's nominative where the sentence
    declines the words around it («представитель Газпром нефти»)."""
    text = doc_text(group.mentions[0].doc) if group.mentions else ""
    return sum(1 for span in group.mentions
               if (core := span._.core) and core[0] > 0 and text[core[0] - 1] in "«„“\"" and
               fold(text[core[0]:core[1]]) == fold(span._.normal or ""))


def nominative_mentions(group: EntityGroup) -> int:
    """How many of the record's mentions in Cyrillic are written as their normal form (in the
    nominative): the record that merge rules keep when two are forms of one name. A Latin
    spelling tells no Russian case: «Janez Janša» beside «Янеза Янши» does not outvote «Янез
    Янша»."""
    return sum(written_in_nominative(span) for span in group.mentions
               if has_cyrillic(span.text))


def written_in_nominative(span: Span) -> bool:
    """The mention is written as its normal form, and none of its words ends as an
    instrumental or a genitive does with no nominative reading in the dictionary: «Янезом
    Янши», «Грасой Машел» were kept as written because the normalizer could not decline them,
    not because they are nominatives."""
    text = fold(span.text)
    return text == fold(span._.normal or span.text) and not any(
        _undeclined_oblique(word) for word in text.split())


_OBLIQUE_ENDINGS = ("ом", "ем", "ём", "ой", "ою", "ым")
# how a man's Russian surname ends in the nominative («Иванов», «Ильин»; «Иванова» is hers)
MAN_SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ын")
# stems of surnames that decline as adjectives in a woman's forms («Петров» → «Петровой»)
_RUSSIAN_SURNAME_STEMS = (*MAN_SURNAME_ENDINGS, "ск", "цк")


@lru_cache(maxsize=20_000)
def _undeclined_oblique(word: str) -> bool:
    """``word`` (folded) ends as an instrumental (or a woman's genitive) does, the dictionary
    reads it as a noun or adjective and never in the nominative («янезом», «грасой»; not
    «толстой», «андрей», «бом»)."""
    from .models import morph_analyzer
    if not word.endswith(_OBLIQUE_ENDINGS) or not has_cyrillic(word):
        return False
    parses = morph_analyzer().parse(word)
    return any(parse.tag.POS in ("NOUN", "ADJF") for parse in parses) and \
        not any("nomn" in parse.tag for parse in parses)


def persons_among(groups: list[EntityGroup]) -> list[EntityGroup]:
    return [group for group in groups if group.label == "PER"]


def full_names(group: EntityGroup, patronymics: bool = False) -> list[list[str]]:
    """The group's names of two words or more without initials, first name first (not a first
    name and patronymic, unless ``patronymics``: «Наина Иосифовна»)."""
    return group.full_name_words(patronymics)


def written_full_names(group: EntityGroup) -> list[list[str]]:
    """The group's mentions of two words or more without initials as written («Бени Ганца»
    → бени ганца), whatever their normal forms."""
    return _full_name_words((span.text for span in group.mentions), patronymics=True)


def _full_name_words(names: Iterable[str], patronymics: bool) -> list[list[str]]:
    found = []
    for name in dict.fromkeys(fold(name) for name in names):
        words = person_words(name)
        if len(words) >= 2 and not any(is_initial(word) for word in words) and \
                (patronymics or not is_first_patronymic(" ".join(words))):
            found.append(words)
    return found


def distinct(groups: list[EntityGroup]) -> list[EntityGroup]:
    return list({id(group): group for group in groups}.values())


def unique_other(owners: list[EntityGroup], group: EntityGroup) -> EntityGroup | None:
    others = [other for other in distinct(owners) if other is not group]
    return others[0] if len(others) == 1 else None


def is_first_patronymic(key: str) -> bool:
    """Two words, the second a patronymic that can go with the first: «наина иосифовна», not
    «лея абрамович» (a woman's patronymic would be Абрамовна: Абрамович is her surname)."""
    words = key.split()
    if len(words) != 2 or not is_patronymic(words[1]):
        return False
    first = _nominative_genders(words[0], "Name") or _nominative_genders(words[0], None)
    return not first or bool(first & _nominative_genders(words[1], "Patr"))


@lru_cache(maxsize=50_000)
def _nominative_genders(word: str, grammeme: str | None) -> frozenset[str]:
    """The genders of the word's nominative readings (with ``grammeme``, of those only); a
    common-gender name («саша») is both."""
    from .models import morph_analyzer

    genders: set[str] = set()
    for parse in morph_analyzer().parse(word):
        if "nomn" in parse.tag and (grammeme is None or grammeme in parse.tag):
            genders |= {"masc", "femn"} if "ms-f" in parse.tag else {parse.tag.gender or ""}
    return frozenset(genders - {""})


def given_name_word(token: Token) -> bool:
    """The dictionary reads the word as a first name or a patronymic, never as a surname."""
    from .models import morph_analyzer

    tags = [parse.tag for parse in morph_analyzer().parse(token.text.lower())]
    return any("Name" in tag or "Patr" in tag for tag in tags) and \
        not any("Surn" in tag for tag in tags)


@lru_cache(maxsize=20_000)
def surname_first(name: str) -> bool:
    """A name written as official lists write it, surname, first name, patronymic: «Петров
    Иван Сергеевич», «Галиакберов Андрей Анатольевич» (not «Иван Сергеевич Петров»)."""
    words = name.split()
    return len(words) == 3 and is_patronymic(fold(words[2])) and \
        has_reading(fold(words[1]), "Name", nominative=True) and \
        not has_reading(fold(words[0]), "Name", nominative=True)


def first_name_first(name: str) -> str:
    """«Петров Иван Сергеевич» → «Иван Сергеевич Петров»."""
    words = name.split()
    return " ".join(words[1:] + words[:1])


@lru_cache(maxsize=50_000)
def is_patronymic(word: str, any_case: bool = False) -> bool:
    """A patronymic in the nominative («иосифовна»), or in any case with ``any_case``
    («иосифовне»)."""
    from .models import morph_analyzer

    return any("Patr" in parse.tag and (any_case or "nomn" in parse.tag)
               for parse in morph_analyzer().parse(word))


def _with_patronymic(name: str, patronymic: str) -> str:
    first, last = name.split()
    return f"{first} {patronymic} {last}"


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, start=1):
        current = [i]
        for j, right in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (left != right)))
        previous = current
    return previous[-1]
