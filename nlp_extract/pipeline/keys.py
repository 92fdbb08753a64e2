"""Entity keys: an id of each entity stable across articles and releases (``key`` in
``doc._.entities``), and ``descriptive`` for an entity all of whose mentions are descriptive.

- a place in the gazetteer: ``loc:country:US``, ``loc:RU-SVE`` (a federal subject's ISO 3166-2
  code), ``loc:city:Екатеринбург``, ``loc:region:Европа`` (world region), ``loc:subject:<name>``
  (a subject without an ISO code); another place: ``loc:<name>`` (lower case, quotes dropped),
  a district many places have one of with the subject or city the article is about
  (``loc:ленинский район|RU-SVE``; :func:`district_name`);
- a person: ``per:<name>``, the entity's full normal name (ё → е);
- a facility (``facility_names``): ``fac:<name>`` (lower case, quotes dropped: «Исаакиевский
  собор» → ``fac:исаакиевский собор``);
- a public body of ``models/bodies.yaml``: ``org:<canonical name>|<jurisdiction>``
  («МВД России» → ``org:Министерство внутренних дел|RU``, «Пентагон» →
  ``org:Министерство обороны|US``, «правительство Свердловской области» →
  ``org:Правительство|RU-SVE``); the jurisdiction is that of the lexicon entry, else the place
  in or right after a mention («МВД России», «Минобороны» + «России»), else a place adjective
  in or right before it («российское Минобороны»), the federal subject the article is about
  for «… региона» («министерство социальной политики региона» in an article naming
  Свердловская область or its cities at least twice and twice as often as any other subject
  → ``org:Министерство социальной политики|RU-SVE``) and the article's dominant country for
  «… страны», «… государства» («парламент страны» in an article about Slovenia →
  ``org:Парламент|SI``), else the same body's jurisdiction elsewhere
  in the article («Банк России» … «ЦБ»), else the article's dominant country (its most named
  country, at least twice and twice as often as any other; for a ``regional`` body, one of a
  federal subject in Russia, the subject the article is about, never Russia); else ``?``:
  never guessed;
- a well-known organisation of ``models/organisations.yaml`` (news agencies, media,
  international federations, companies, parties): ``org:<canonical name>`` in lower case
  («Рейтер», «агентство Reuters» → ``org:reuters``; «ФИДЕ», «FIDE» → ``org:международная
  шахматная федерация``), from a mention read whole, a mention after its descriptor word
  («агентство», «газета», …), or the record's name, a site's domain aside («Kommersant.ru» →
  ``org:коммерсант``; :func:`site_owner`);
- a territorial office, «<body> по <place>»: ``org:<body>|<territory>`` («УМВД России по
  Тюменской области» → ``org:умвд|RU-TYU``, «ГУ МВД по г. Москве» → ``org:гу мвд|RU-MOW``);
- a court named by its district: ``org:<district> суд|<place>`` («Басманный районный суд
  Москвы», «Басманный суд Москвы» → ``org:басманный суд|RU-MOW``; :func:`district_court_key`);
- a numbered institution: ``org:<name>|<place>`` («школа № 212» in an article about Москва →
  ``org:школа № 212|RU-MOW``; :func:`numbered_key`);
- a body named by common words only: ``org:<name>|<place>`` («органы опеки» in an article
  about Свердловская область → ``org:органы опеки|RU-SVE``; :func:`generic_body_key`); so is
  one named by common words and the place that ends its name («прокуратура Кузбасса» →
  ``org:прокуратура|RU-KEM``; :func:`placed_body_key`);
- another organisation: ``org:<name>`` (lower case, quotes dropped: «Новая газета» →
  ``org:новая газета``).

Records whose keys name one body with one jurisdiction, one lexicon organisation or one person
are then one record (:func:`same_key_records`: «китайское правительство» and «правительство
Китая»; «Facebook» and «Фейсбук»; «Алиев», keyed by models/persons.yaml, and «Ильхам Алиев»).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import InternalError
from ..folding import fold, fold_yo
from ..lexicons import PhraseTable, Schema, WordSet, entry_lemma, load_lexicon_file
from ..lexicons.loader import LIST, TABLE, LexiconFile
from ..lexicons.words import entity_words
from .casing import capital_opens_sentence, has_reading, lower_first
from .extensions import mentions, register_extensions
from .facilities import FACILITY
from .orgs import load_lexicon
from .places import place_index
from .rules.org_tail import city_word_length
from .tokens import (
    NOUNS,
    QUOTE_MARKS,
    has_domain_ending,
    without_domain_ending,
    word_positions,
)

BODIES_FORMAT = "nlp_extract.bodies"
SCHEMA = Schema(BODIES_FORMAT, {"bodies": TABLE, "regional": LIST, "beyond_places": LIST,
                                "whole_country": LIST, "city_level": LIST,
                                "article_place_words": TABLE,
                                "article_place_adjectives": TABLE,
                                "office_abbreviations": TABLE,
                                "regional_aliases": TABLE, "at_home_only": LIST,
                                "city_synonyms": TABLE},
                required=frozenset({"bodies"}))
ORGANISATIONS_FORMAT = "nlp_extract.organisations"
ORGANISATIONS_SCHEMA = Schema(ORGANISATIONS_FORMAT, {"organisations": TABLE},
                              required=frozenset({"organisations"}))
UNKNOWN = "?"
REGION = "region"  # «… региона»: the federal subject the article is about
COUNTRY = "country"  # «… страны»: the country the article is about
# «региональный минздрав»: the federal subject the article is about; without one, not the body
# of the lexicon (an Indian article's «региональный парламент» is no parliament of India)
SUBJECT = "subject"


# an apostrophe or a hyphen between two letters, as each keyboard and typographer writes it
_IN_WORD_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’‘`ʼ´](?=[^\W\d_])")
_IN_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])[\u2010\u2011\u2012\u2013\u2212](?=[^\W\d_])")
_APOSTROPHE_MARK = "\x00"  # kept apart from the quote marks while they are dropped


def name_id(name: str, *, lower: bool) -> str:
    """A name as a key: quote marks dropped, whitespace runs one space, no spaces around a
    hyphen, ё → е; an apostrophe inside a word «'» and a hyphen «-» however written («О’Нил»,
    «О'Нил» → О'Нил; «Жан‑Поль» with a no-break hyphen → Жан-Поль); lower case for
    organisations and places, where the case of a word varies with its place in the sentence
    («Правительство …», «… правительство»)."""
    name = _IN_WORD_HYPHEN.sub("-", _IN_WORD_APOSTROPHE.sub(_APOSTROPHE_MARK, name))
    name = " ".join("".join(" " if ch in QUOTE_MARKS else ch for ch in name).split())
    name = name.replace(_APOSTROPHE_MARK, "'")
    name = fold_yo(name.replace(" - ", "-").replace(" -", "-").replace("- ", "-"))
    return name.lower() if lower else name


_HARD_SIGN_END = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])ъ\b")
# a city's type word before its name: «администрация г. Калининграда», «… города Калининграда»
_CITY_WORD = re.compile(r"\b(?:г\.|гор\.|город[аеуо]?м?)\s*(?=[А-ЯЁ])")


def org_key(name: str) -> str:
    """An ORG's key outside the bodies lexicon: its name in lower case (:func:`name_id`), a
    hyphen between words a space, a pre-reform final «ъ», a leading «the» and a city's type
    word before its name dropped, so that «РИА-Новости» and «РИА Новости», «Коммерсантъ» and
    «Коммерсант», «The New York Times» and «New York Times», «администрация г.
    Калининграда» and «администрация Калининграда», «Westinghouse Electric Co» and
    «Westinghouse Electric» (a Latin name's legal form, ``latin_legal_forms``) agree."""
    key = name_id(_CITY_WORD.sub("", name), lower=True).replace("-", " ")
    key = _HARD_SIGN_END.sub("", key)
    if key.startswith("the ") and len(key) > 4:
        key = key[4:]
    words = tuple(key.split())
    if _LATIN_WORDS.fullmatch(key):  # «Westinghouse Electric Corporation» → westinghouse electric
        words = entity_words().without_legal_form(words)
    return f"org:{' '.join(words)}"


_LATIN_WORDS = re.compile(r"[a-z0-9&'.,\- ]+")


PERSONS_FORMAT = "nlp_extract.persons"
PERSONS_SCHEMA = Schema(PERSONS_FORMAT, {"persons": TABLE}, required=frozenset({"persons"}))


@cache
def known_persons(path: str = "persons.yaml") -> dict[tuple[str, ...], str]:
    """``models/persons.yaml``: the folded name words of each form that names a well-known
    person alone (the surname, the initials and the surname, another spelling) → the full
    name. A form two entries share names neither."""
    from .entity_groups import name_words

    lexicon = load_lexicon_file(path, PERSONS_SCHEMA)
    forms: dict[tuple[str, ...], set[str]] = {}
    for full, listed in lexicon.table("persons").items():
        for form in listed:
            forms.setdefault(tuple(name_words(form)), set()).add(full)
    return {form: fulls.pop() for form, fulls in forms.items() if len(fulls) == 1}


def person_key(name: str) -> str:
    """A person's key: the full normal name without a patronymic between the first name and
    the surname, so that articles naming one person with and without it agree («Виктор
    Фёдорович Янукович» and «Виктор Янукович» → ``per:Виктор Янукович``) or a middle initial
    («Пабло Л. Чавес» → ``per:Пабло Чавес``); a well-known person
    named by the surname alone or by initials takes the full name of ``models/persons.yaml``
    («Путин», «В.Путин» → ``per:Владимир Путин``). Initials are written apart and before
    the surname (:func:`initials_first`: «А.Жаров», «Жаров А.» → ``per:А. Жаров``), a first
    name before it («Петров Иван Сергеевич» → ``per:Иван Петров``)."""
    from .entity_groups import first_name_first, is_patronymic, name_words, surname_first

    name = " ".join(initials_first(name))
    if surname_first(name):  # «Петров Иван Сергеевич» → per:Иван Петров
        name = first_name_first(name)
    name = known_persons().get(tuple(name_words(name)), name)
    words = name.split()
    kept = [word for index, word in enumerate(words)
            if index in (0, len(words) - 1) or not (is_patronymic(fold(word)) or
                                                    _middle_initial(words[0], word))]
    return f"per:{name_id(' '.join(kept), lower=False)}"


_GLUED_INITIAL = re.compile(r"\b[^\W\d_]\.(?=[^\W\d_])")  # «А.Жаров», «Т.М.Хабарова»


def initials_first(name: str) -> list[str]:
    """A person's name word by word, initials written apart and before the surname, as one
    name is written in one article and another: «А.Жаров», «А. Жаров» and «Жаров А.» → А.,
    Жаров; «Т.М.Хабарова» → Т., М., Хабарова. One initial after a first name is a surname's
    and stays after it («Хамза Х.», «Лаурентий Д.»); a letter without a dot is no initial
    («Харальд V», «Гидеон Ю»)."""
    from .entity_groups import is_initial

    words = _GLUED_INITIAL.sub(r"\g<0> ", name).split()
    if len(words) >= 2 and not is_initial(fold(words[0])) and \
            all(word.endswith(".") and is_initial(fold(word)) for word in words[1:]) and \
            (len(words) > 2 or not has_reading(words[0].lower(), "Name", nominative=True)):
        return [*words[1:], words[0]]
    return words


def _middle_initial(first: str, word: str) -> bool:
    """An initial between a first name written out and the surname: «Пабло Л. Чавес» and
    «Пабло Чавес», «Джон Ф. Кеннеди» and «Джон Кеннеди» are named alike."""
    from .entity_groups import is_initial

    return not is_initial(fold(first)) and is_initial(fold(word))


@dataclass(frozen=True)
class Body:
    name: str  # canonical official name
    jurisdiction: str | None  # fixed by the lexicon, else None (resolved from context)
    organisation: bool = False  # of organisations.yaml: keyed by name, no jurisdiction
    regional: bool = False  # in Russia a body of a federal subject only (``regional``)
    city: bool = False  # a city's body: a word of its name is one of ``city_level``

    def key(self, where: str) -> str:
        if self.organisation:
            return org_key(self.name)
        return f"org:{name_id(self.name, lower=False)}|{where}"


@dataclass(frozen=True)
class Bodies:
    table: PhraseTable
    by_lemmas: dict[tuple[str, ...], Body]
    version: str
    sha256: str
    written: dict[tuple[str, ...], str] = field(default_factory=dict)  # entry → as written
    beyond_places: WordSet = WordSet.of(())  # a body of no place («международный»)
    whole_country: WordSet = WordSet.of(())  # a body of a whole country («федеральный»)
    city_level: WordSet = WordSet.of(())  # a body of a city («мэрия», «гордума»)
    # a last word that names the place the article is about instead of naming it: folded
    # lemma → REGION or COUNTRY («… региона», «… страны»)
    article_place_words: dict[str, str] = field(default_factory=dict)
    # an adjective before a body that names the place the article is about: folded lemma →
    # REGION or COUNTRY («региональный минздрав»)
    article_place_adjectives: dict[str, str] = field(default_factory=dict)
    # the opening words of a territorial office's name → their abbreviation («главное
    # управление» → «гу»), longest first
    office_abbreviations: tuple[tuple[str, str], ...] = ()
    # nicknames of a body that name no body of another place («Белый дом»): entry lemmas
    at_home_only: frozenset[tuple[str, ...]] = frozenset()
    # a first word of a city's body → the word its key takes («мэрия» → администрация)
    city_synonyms: dict[str, str] = field(default_factory=dict)

    @cached_property
    def abbreviations(self) -> dict[str, str]:
        """Canonical name → the shortest abbreviation in capitals of one word the lexicon
        lists for it («Федеральная антимонопольная служба» → ФАС, «Следственный комитет» →
        СК)."""
        found: dict[str, str] = {}
        for lemmas, body in self.by_lemmas.items():
            written = self.written.get(lemmas, "")
            if written.isupper() and " " not in written and len(written) > 1 and \
                    len(written) < len(found.get(body.name, written + " ")):
                found[body.name] = written
        return found

    def abbreviate_body(self, words: list[str]) -> list[str]:
        """An office's name with the body it belongs to named in full, that body written as
        its abbreviation: «Управление Федеральной антимонопольной службы» → Управление ФАС
        (which :meth:`office_words` makes «уфас»), «Главное следственное управление
        Следственного комитета» → … СК; a body of one word keeps it («Управление
        Роскомнадзора»)."""
        for cut in range(1, len(words) - 1):
            body = self.named(words[cut:])
            short = self.abbreviations.get(body.name) if body is not None else None
            if short:
                return [*words[:cut], short]
        return words

    @cached_property
    def office_acronyms(self) -> frozenset[str]:
        """The abbreviations of ``office_abbreviations`` of one word that name an office
        («уфас», «уфсб», «гуфсин»; not «гу» or «су» alone, which open longer names)."""
        return frozenset(short for long, short in self.office_abbreviations
                         if " " not in short and len(short) >= 4 and
                         long.split()[0] in ("управление", "главное"))

    def office_words(self, words: list[str]) -> list[str]:
        """A territorial office's name words, its opening words abbreviated as news write
        them («Главное управление МЧС» → гу МЧС)."""
        lowered = [fold(word) for word in words]
        for long, short in self.office_abbreviations:
            size = len(long.split())
            if lowered[:size] == long.split():
                return [short, *words[size:]]
        return words

    @cached_property
    def written_names(self) -> frozenset[str]:
        """Every name of the lexicons as written, folded («олий мажлис»)."""
        return frozenset(fold(name) for name in self.written.values())

    def match(self, lemmas: list[str], texts: list[str]) -> Body | None:
        found = self.table.whole(lemmas, texts)
        return self.by_lemmas.get(found) if found else None

    def nickname_at_home(self, lemmas: list[str], texts: list[str]) -> bool:
        """The words hold a nickname of ``at_home_only`` («Белом доме Екатеринбурга»,
        «свердловском Белом доме»)."""
        return any(self.table.match(lemmas, texts, start) in self.at_home_only
                   for start in range(len(lemmas)))

    def named(self, words: list[str]) -> Body | None:
        """The body or organisation written words read as, each word taken by its lexicon
        lemma and its folded form («Кабмин», «ЕС», «Европейский совет»)."""
        return self.match([entry_lemma(word) for word in words], [fold(word) for word in words])


def _add_name(names: dict[str, Body], alias: str, body: Body, where: str) -> None:
    key = fold(alias)
    if key in names and names[key] != body:
        raise InternalError(f"{where}: {alias!r} names both {names[key].name}"
                            f"|{names[key].jurisdiction or ''} and {body.name}")
    names[key] = body


@cache
def load_bodies(path: str = "bodies.yaml", organisations: str = "organisations.yaml"
                ) -> Bodies:
    lexicon = load_lexicon_file(path, SCHEMA)
    names: dict[str, Body] = {}  # folded alias → body
    canonicals: list[str] = []
    regional = set(lexicon.words("regional"))
    listed: set[str] = set()  # the canonical names of the entries
    city_level = WordSet.of(lexicon.words("city_level"))

    def of_a_city(name: str) -> bool:  # «Городская дума»
        return any(city_level.matches(fold(word), fold(word)) for word in name.split())

    for entry, aliases in lexicon.table("bodies").items():
        canonical, _, jurisdiction = entry.partition("|")
        canonical = canonical.strip()
        body = Body(canonical, jurisdiction.strip() or None,
                    regional=canonical in regional and not jurisdiction.strip(),
                    city=of_a_city(canonical))
        if canonical in regional and body.jurisdiction and \
                not body.jurisdiction.startswith("RU-"):  # one subject's: «Мособлдума»
            raise InternalError(f"{lexicon.path}: regional: {canonical} has a fixed "
                                f"jurisdiction ({body.jurisdiction}) that is no federal subject")
        listed.add(canonical)
        for alias in (aliases if body.jurisdiction else [canonical, *aliases]):
            _add_name(names, alias, body, f"{lexicon.path}: bodies")
        if body.jurisdiction:
            canonicals.append(canonical)
    if regional - listed:
        raise InternalError(f"{lexicon.path}: regional: {sorted(regional - listed)} not among "
                            f"the bodies")
    for canonical, aliases in lexicon.table("regional_aliases").items():  # «облминздрав»
        body = Body(canonical.strip(), None, regional=True)
        for alias in aliases:
            _add_name(names, alias, body, f"{lexicon.path}: regional_aliases")
    for canonical in canonicals:  # «Министерство обороны» names the body of any jurisdiction
        names.setdefault(fold(canonical), Body(canonical, None, city=of_a_city(canonical)))
    known = load_lexicon_file(organisations, ORGANISATIONS_SCHEMA)
    for canonical, aliases in known.table("organisations").items():
        body = Body(canonical.strip(), None, organisation=True)
        for alias in dict.fromkeys([canonical, *aliases]):
            _add_name(names, alias, body, f"{known.path}: organisations")
    table = PhraseTable(names)
    by_lemmas: dict[tuple[str, ...], Body] = {}
    for alias, body in names.items():
        by_lemmas.setdefault(_entry_lemmas(alias), body)  # what PhraseTable gives back
    written: dict[tuple[str, ...], str] = {}
    for entry, aliases in [*lexicon.table("bodies").items(), *known.table("organisations").items()]:
        for alias in [entry.partition("|")[0].strip(), *aliases]:
            written.setdefault(_entry_lemmas(fold(alias)), str(alias))
    return Bodies(table, by_lemmas, lexicon.version, lexicon.sha256, written,
                  WordSet.of(lexicon.words("beyond_places")),
                  WordSet.of(lexicon.words("whole_country")),
                  city_level,
                  _article_place_words(lexicon),
                  _article_place_words(lexicon, "article_place_adjectives"),
                  _office_abbreviations(lexicon),
                  frozenset(_entry_lemmas(fold(name)) for name in lexicon.words("at_home_only")),
                  {fold(synonym): fold(word) for word, synonyms
                   in lexicon.table("city_synonyms").items() for synonym in synonyms})


def _office_abbreviations(lexicon: LexiconFile) -> tuple[tuple[str, str], ...]:
    """``office_abbreviations`` of models/bodies.yaml: (folded long name, abbreviation),
    longest name first."""
    pairs = [(fold(long), fold(short)) for short, longs in
             lexicon.table("office_abbreviations").items() for long in longs]
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0].split()), pair[0])))


def _article_place_words(lexicon: LexiconFile, section: str = "article_place_words"
                         ) -> dict[str, str]:
    """``article_place_words`` (or another ``section`` of its kind) of models/bodies.yaml:
    folded word → REGION or COUNTRY."""
    table = lexicon.table(section)
    unknown = sorted(set(table) - {REGION, COUNTRY})
    if unknown:
        raise InternalError(f"{lexicon.path}: {section}: unknown {unknown}; "
                            f"allowed: {COUNTRY}, {REGION}")
    return {fold(word): about for about, words in table.items() for word in words}


def _entry_lemmas(alias: str) -> tuple[str, ...]:
    return tuple(entry_lemma(word) for word in alias.split())


def place_key(geo: dict | None, name: str, local: str | None = None) -> str:
    """A place's key: its gazetteer id; else its name, and for a district many places have
    one of (:func:`district_name`) the federal subject the article is about, else its city
    abroad, ``local`` («Ленинский район» of an article about Екатеринбург → ``loc:ленинский
    район|RU-SVE``, «Южный округ» of one about New York → ``loc:южный округ|city:Нью-Йорк``;
    of none, ``|?``: every city has a Ленинский район)."""
    if not geo:
        key = f"loc:{name_id(name, lower=True)}"
        return f"{key}|{local or UNKNOWN}" if district_name(name) else key
    return f"loc:{_place_id(geo)}"


_DISTRICT_ADJECTIVE = re.compile(r"[А-ЯЁ][а-яё-]+(?:ий|ый|ой)")


def district_name(name: str) -> bool:
    """A capitalised adjective and a ``district_nouns`` word (models/entity_words.yaml):
    «Ленинский район», «Центральный округ»; not «Центральный федеральный округ»."""
    words = name.split()
    return len(words) == 2 and _DISTRICT_ADJECTIVE.fullmatch(words[0]) is not None and \
        fold(words[1]) in entity_words().district_nouns


def district_body_key(name: str, spans: list[Span], local: str | None) -> str | None:
    """A body named by lowercase common words and a district (:func:`district_name`) that ends
    each of its mentions, a place outside the gazetteer: keyed by its name and the subject or
    city the article is about, ``local``, as the district is («администрация Ленинского
    района» of an article about Екатеринбург → ``org:администрация ленинского
    района|RU-SVE``: every city has one)."""
    if not spans:
        return None
    for span in spans:
        district = next((other for other in mentions(span.doc)
                         if other.label_ == "LOC" and other.end == span.end
                         and other.start > span.start and not other._.geo
                         and district_name(other._.normal or other.text)), None)
        if district is None or not all(
                token.text.islower() or not token.is_alpha
                for token in span.doc[span.start:district.start]):
            return None
    return f"{org_key(name)}|{local or UNKNOWN}"


def _place_id(geo: dict) -> str:
    kind, iso, name = geo.get("kind"), geo.get("iso"), fold_yo(geo.get("name") or "")
    if kind == "country":
        return f"country:{iso}" if iso else f"country:{name}"
    if kind == "city":
        return f"city:{name}"
    if kind == "world_region":
        return f"region:{name}"
    return iso or f"subject:{name}"


def jurisdiction_of(geo: dict | None) -> str | None:
    """The jurisdiction code a place gives a body: a country's ISO code, a subject's ISO
    3166-2 code, ``city:<name>``; None for a world region."""
    if not geo or geo.get("kind") == "world_region":
        return None
    if geo.get("kind") == "country":
        return geo.get("iso") or None
    return _place_id(geo)


def country_of(geo: dict | None) -> str | None:
    """The country of a place: its own code, a foreign city's or province's country code, or
    RU for Russia's subjects and cities."""
    if not geo or geo.get("kind") == "world_region":
        return None
    iso = geo.get("iso") or ""
    if geo.get("kind") == "country" or geo.get("kind") == "city" and len(iso) == 2:
        return iso or None
    if geo.get("kind") == "province":
        return iso[:2] or None
    return "RU"


def lemmas_and_texts(doc: Doc, positions: list[int]) -> tuple[list[str], list[str]]:
    """The folded lemmas and folded texts of the words at ``positions``, as the bodies
    lexicon matches them (:meth:`Bodies.match`)."""
    return ([fold(doc[i].lemma_ or doc[i].text) for i in positions],
            [fold(doc[i].text) for i in positions])


class KeyMaker:
    def __init__(self, bodies: Bodies) -> None:
        self.bodies = bodies
        self.places = place_index()
        self.descriptors = load_lexicon().descriptors

    def place_geo(self, doc: Doc, start: int, end: int, nested: dict[tuple[int, int], dict]
                  ) -> dict | None:
        if (start, end) in nested:
            return nested[(start, end)]
        place = self.places.by_mention(doc[start:end])
        return place.geo() if place is not None else None

    def body_of(self, span: Span, nested: dict[tuple[int, int], dict],
                after: dict[int, dict]) -> tuple[Body, str | None] | None:
        """The body a mention names and the jurisdiction the mention itself gives."""
        doc = span.doc
        words = word_positions(doc, span.start, span.end)
        if not words:
            return None
        lemmas, texts = lemmas_and_texts(doc, words)
        body = self.bodies.match(lemmas, texts)
        if body is not None:
            return placed_body(body, self._around(span, after))
        body = self._after_descriptor(lemmas, texts) or self._named_twice(lemmas, texts)
        if body is not None:
            return body, None
        # «министерство социальной политики региона», «правительство страны»: the subject or
        # the country the article is about
        place_words = self.bodies.article_place_words
        about = place_words.get(fold(doc[words[-1]].lemma_)) if len(words) > 1 else None
        if about is not None and words[-1] + 1 not in after:
            body = self.bodies.match(lemmas[:-1], texts[:-1])
            if body is not None:
                return body, body.jurisdiction or about
        # a place at the end («МВД России», «правительство Свердловской области»): the first
        # cut whose words before are a body and whose words after are a place (the body is
        # looked up first: a dictionary lookup, where the place is a gazetteer search)
        for cut in range(1, len(words)):
            body = self.bodies.match(lemmas[:cut], texts[:cut])
            if body is None:
                continue
            geo = self.place_geo(doc, words[cut], words[-1] + 1, nested)
            if geo is not None:
                return placed_body(body, geo)
            owner = self._owner_body(body, Span(doc, words[cut], span.end), nested, after)
            if owner is not None:
                return owner
        # a place adjective at the start («российское Минобороны», «японское правительство»);
        # a world region's gives none, and the body is not the lexicon's («Европейский
        # центробанк» is no country's central bank)
        place = self.places.adjective_of(doc[words[0]], city_level=True) \
            if len(words) > 1 else None
        if place is not None:
            body = self.bodies.match(lemmas[1:], texts[1:]) or \
                self._after_level_adjective(lemmas, texts)
            placed = None if body is None else placed_body(body, place.geo())
            if placed is not None and placed[1]:
                return placed
        return self._about_by_adjective(lemmas, texts)

    def _after_level_adjective(self, lemmas: list[str], texts: list[str]) -> Body | None:
        """The body after a place adjective and a level adjective of
        ``region_level_adjectives`` (models/entity_words.yaml) that the lexicon names without
        the level: «Алтайское краевое Законодательное собрание» → Законодательное собрание (of
        the place: Алтайский край), as «Законодательное собрание Алтайского края» is."""
        if len(lemmas) < 3 or lemmas[1] not in entity_words().region_level_adjectives:
            return None
        return self.bodies.match(lemmas[2:], texts[2:])

    def _about_by_adjective(self, lemmas: list[str], texts: list[str]
                            ) -> tuple[Body, str | None] | None:
        """A lexicon body after an adjective of ``article_place_adjectives`` is the body of the
        place the article is about («региональный минздрав» in an article about Свердловская
        область → Министерство здравоохранения|RU-SVE, as «минздрав региона» is); so is a
        federal ministry after a region's adjective («регионального минстроя»: the subject's
        ministry of its kind, as :func:`_subject_ministry` reads «минстрой Челябинской
        области»)."""
        about = self.bodies.article_place_adjectives.get(lemmas[0]) if len(lemmas) > 1 else None
        body = self.bodies.match(lemmas[1:], texts[1:]) if about is not None else None
        if body is None or body.organisation:
            return None
        if about == REGION and _federal_ministry(body):
            return replace(body, jurisdiction=None), SUBJECT
        return body, body.jurisdiction or (SUBJECT if about == REGION else about)

    def _owner_body(self, body: Body, rest: Span, nested: dict[tuple[int, int], dict],
                    after: dict[int, dict]) -> tuple[Body, str | None] | None:
        """A body of no fixed jurisdiction followed by another body that has one is that
        one's: «Генштаб Вооруженных сил РФ» → Генеральный штаб|RU, as «Генштаб России» is."""
        if body.jurisdiction is not None or body.organisation:
            return None
        owner = self.body_of(rest, nested, after)
        if owner is None or not owner[1] or owner[0].organisation:
            return None
        return body, owner[1]

    def _after_descriptor(self, lemmas: list[str], texts: list[str]) -> Body | None:
        """A lexicon organisation after its descriptor word («агентство Reuters», «газета
        Коммерсантъ», «компании Google»); ``lemmas`` and ``texts``: the mention's words."""
        if len(lemmas) < 2:
            return None
        phrase = self.descriptors.match(lemmas, texts, 0)
        if phrase is None or len(phrase) >= len(lemmas):
            return None
        body = self.bodies.match(lemmas[len(phrase):], texts[len(phrase):])
        return body if body is not None and body.organisation else None

    def _named_twice(self, lemmas: list[str], texts: list[str]) -> Body | None:
        """A lexicon organisation named in full and then by its abbreviation or other name
        («международная шахматная федерация ФИДЕ»): both halves name the same entry."""
        for cut in range(1, len(lemmas)):
            first = self.bodies.match(lemmas[:cut], texts[:cut])
            if first is not None and first.organisation and \
                    self.bodies.match(lemmas[cut:], texts[cut:]) == first:
                return first
        return None

    def away_from_home(self, own: list[Span], found: list[tuple[Body, str | None]]) -> bool:
        """Every mention of a record names its body by a nickname of ``at_home_only``
        (models/bodies.yaml) and the mentions place it away from the body's country: «Белом
        доме Екатеринбурга», «в свердловском Белом доме» are no presidential administration of
        Екатеринбург (:func:`placed_body` would make it one). The record is keyed as any other
        ORG."""
        if not self.bodies.at_home_only or any(body.jurisdiction for body, _ in found):
            return False
        return all(self.bodies.nickname_at_home(*lemmas_and_texts(
            span.doc, word_positions(span.doc, span.start, span.end))) for span in own)

    def name_body(self, name: str, quoted: bool = False) -> Body | None:
        """The lexicon organisation or body a record's name reads as, when none of its
        mentions does («фондов Евросоюза» named «Евросоюз»; «на официальном сайте Кабмина»
        named «Кабмин»: the government of the article's country, as a bare «Кабмин» is). A
        body of no fixed jurisdiction is no name in quotes (``quoted``: «журнала «Власть»»
        is a magazine)."""
        words = [word for word in name.split() if word not in QUOTE_MARKS]
        if not words:
            return None
        body = self.bodies.named(words)
        if body is None or quoted and not (body.organisation or body.jurisdiction):
            return None
        return body

    def _around(self, span: Span, after: dict[int, dict]) -> dict | None:
        """The place of a place mention right after the body («Минобороны России» split by
        NER), or of a place adjective right before it that agrees with it («российское
        Минобороны»)."""
        doc = span.doc
        if span.end in after:
            return after[span.end]
        if span.start > 0:
            before = doc[span.start - 1]
            place = self.places.adjective_of(before) if before.pos_ == "ADJ" else None
            if place is not None and _agrees(before, doc[span.start]):
                return place.geo()
        return None

    def __call__(self, doc: Doc) -> None:
        entities = doc._.entities or []
        spans = mentions(doc)
        by_entity: dict[str, list[Span]] = {}
        for span in spans:
            if span._.entity:
                by_entity.setdefault(span._.entity, []).append(span)
        places = [(s, geo) for s in spans if s.label_ == "LOC" and (geo := s._.geo)]
        nested = {(s.start, s.end): dict(geo) for s, geo in places}
        place_geos = [geo for _s, geo in places]
        after = {s.start: dict(geo) for s, geo in places}
        found_of: dict[str, list[tuple[Body, str | None]]] = {}  # entity id → bodies named
        for entity in entities:
            found = []
            if entity["label"] == "ORG":
                own = by_entity.get(entity["id"], [])
                found = record_placed([(span, self.body_of(span, nested, after))
                                       for span in own], after)
                if found and self.away_from_home(own, found):
                    found_of[entity["id"]] = []  # keyed as any other ORG
                    continue
                if not found:
                    quoted = any(ch in QUOTE_MARKS for span in own for ch in span.text)
                    named = self.name_body(entity["name"], quoted) or \
                        self.name_body(site_owner(entity["name"]), quoted)
                    found = [(named, named.jurisdiction)] if named else []
            found_of[entity["id"]] = found
        subject = _dominant(Counter(iso for _s, geo in places if (iso := _subject_of(geo))))
        if subject is None:  # «региональный парламент» of an article about India
            found_of = {key: [] if found and all(where == SUBJECT for _, where in found)
                        else found for key, found in found_of.items()}
        countries = Counter(country for _s, geo in places if (country := country_of(geo)))
        countries.update(_national_bodies(found_of.values()))
        dominant = _dominant(countries)
        cities = Counter(code for _s, geo in places if geo.get("kind") == "city" and
                         (code := jurisdiction_of(geo)))
        city = _dominant(cities)
        # a city's body of no place of its own («горсовет», «мэрия») works in the city the
        # article is about, else in the one city it names («Мэр Новосибирска внес в городской
        # совет …»)
        local = city or (next(iter(cities)) if len(cities) == 1 else None)
        subject_words = {lemma: subject for lemma, about
                         in self.bodies.article_place_words.items()
                         if about == REGION and subject} if subject else {}
        bodies: dict[str, tuple[Body, list[str]]] = {}  # entity id → body, jurisdictions
        for entity in entities:
            found = found_of[entity["id"]]
            if found:
                names = Counter(body.name for body, _ in found)
                name = names.most_common(1)[0][0]
                about = {REGION: subject, COUNTRY: dominant, SUBJECT: subject}
                resolved = [about.get(where, where) for body, where in found
                            if body.name == name and where and about.get(where, where)]
                bodies[entity["id"]] = (next(b for b, _ in found if b.name == name), resolved)
        # the same body resolved elsewhere in the article
        article: dict[str, set[str]] = {}
        for body, resolved in bodies.values():
            article.setdefault(body.name, set()).update(resolved)
        for entity in entities:
            own = by_entity.get(entity["id"], [])
            entity["descriptive"] = bool(own) and all(span._.descriptive for span in own)
            label, name = entity["label"], entity["name"]
            if label == "LOC":
                entity["key"] = place_key(entity.get("geo"), name, subject or city)
            elif label == "PER":
                entity["key"] = person_key(name)
            elif label == FACILITY:
                entity["key"] = f"fac:{name_id(name, lower=True)}"
            elif entity["id"] in bodies:
                body, resolved = bodies[entity["id"]]
                entity["key"] = body.key(_jurisdiction(resolved, article, body, dominant,
                                                       subject, local if body.city else None))
            else:
                own_spans = by_entity.get(entity["id"], [])
                entity["key"] = next(
                    (key for span in own_spans
                     for key in [territorial_key(span, nested, self.bodies, subject_words)] if key),
                    None) or \
                    next((key for span in own_spans
                          for key in [office_acronym_key(span, nested, self.bodies, subject)]
                          if key), None) or \
                    compound_body_key(name, place_geos, self.bodies) or \
                    next((key for span in own_spans
                          for key in [placed_body_key(span, name, nested, self.bodies)] if key),
                         None) or \
                    district_court_key(name, own_spans, nested, after) or \
                    district_body_key(name, own_spans, subject or city) or \
                    numbered_key(name, own_spans, nested, after, city, subject or dominant,
                                 self.bodies) or \
                    generic_body_key(name, own_spans, nested, after, (subject, dominant, local),
                                     self.bodies) or \
                    org_key(name)
        placed_elsewhere(entities)
        known = {body.key("") for body, _ in bodies.values() if body.organisation}
        doc._.entities = same_key_records(entities, by_entity, known)


def placed_elsewhere(entities: list[dict]) -> None:
    """An ORG keyed with no place (``|?``, or a key without «|») takes the place of the one
    other ORG of the article keyed with the same name and a place: «Басманный суд» after
    «Басманный районный суд Москвы» → ``org:басманный суд|RU-MOW`` (and one record with it);
    «В ГУ МЧС сообщили» after «Главного управления МЧС России по Белгородской области» →
    ``org:гу мчс|RU-BEL``; with two such places it stays as it was."""
    placed: dict[str, set[str]] = {}
    for entity in entities:
        name, _, where = (entity.get("key") or "").rpartition("|")
        if entity["label"] == "ORG" and name and where != UNKNOWN:
            placed.setdefault(name, set()).add(where)
    for entity in entities:
        key = entity.get("key") or ""
        name, bar, where = key.rpartition("|")
        if not bar:
            name = key
        if entity["label"] == "ORG" and (where == UNKNOWN or not bar) and \
                len(placed.get(name, ())) == 1:
            entity["key"] = f"{name}|{next(iter(placed[name]))}"


def record_placed(named: list[tuple[Span, tuple[Body, str | None] | None]],
                  after: dict[int, dict]) -> list[tuple[Body, str | None]]:
    """The bodies a record's mentions name, a body the lexicon names for one country placed
    (:func:`placed_body`) where another mention of the record, one that names no body of the
    lexicon, names a place (``after``: place mentions by their first token): «Национальный
    конгресс Бразилии … Конгресс проголосовал» → Конгресс|BR, not the US Congress that
    «Конгресс» alone names."""
    found = [match for _span, match in named if match]
    if not any(where and where == body.jurisdiction for body, where in found):
        return found
    place = next((geo for span, match in named if match is None
                  for start in range(span.start + 1, span.end)
                  if (geo := after.get(start)) is not None and country_of(geo)), None)
    if place is None:
        return found
    return [placed_body(body, place) if where and where == body.jurisdiction else
            (body, where) for body, where in found]


def placed_body(body: Body, geo: dict | None) -> tuple[Body, str | None]:
    """A body and the jurisdiction a place named with it gives. A body the lexicon names for
    one country, named with a place of another, is that country's body of its kind:
    «Центризбирком Казахстана», «казахстанский Центризбирком» → Центральная избирательная
    комиссия|KZ, not Russia's (a Russian region keeps it Russia's, but for a ministry:
    :func:`_subject_ministry`; an international body or an organisation keeps its own)."""
    if body.jurisdiction is None:
        return body, jurisdiction_of(geo)
    if _subject_ministry(body, geo):
        return replace(body, jurisdiction=None), jurisdiction_of(geo)
    country = country_of(geo)
    if country is None or body.organisation or body.jurisdiction in (country, "INT", "EU") \
            or len(body.jurisdiction) != 2:
        return body, body.jurisdiction
    return replace(body, jurisdiction=None), jurisdiction_of(geo)


def _subject_ministry(body: Body, geo: dict | None) -> bool:
    """A federal ministry of the lexicon named with a Russian federal subject is the
    subject's ministry of its kind: federal subjects have ministries of their own
    («Минобрнауки Татарстана» → Министерство науки и высшего образования|RU-TA, not the
    federal one); a federal service so named stays Russia's («Роспотребнадзор Свердловской
    области» is the federal service's office)."""
    return _federal_ministry(body) and (jurisdiction_of(geo) or "").startswith("RU-")


def _federal_ministry(body: Body) -> bool:
    """A ministry the lexicon names for Russia only («Минстрой»), of a kind federal subjects
    have too."""
    return body.jurisdiction == "RU" and not body.organisation and \
        body.name.startswith("Министерство")


def territorial_key(span: Span, nested: dict[tuple[int, int], dict], bodies: Bodies,
                    subject_words: dict[str, str] | None = None) -> str | None:
    """A territorial office, «<body> по <place>», is keyed by the body's name and the
    territory: «ГУ МВД по г. Москве», «ГУ МВД России по городу Москве» →
    ``org:гу мвд|RU-MOW``, and so is «Главное управление МВД по Москве» (the opening words
    abbreviated as ``office_abbreviations`` of ``bodies`` write them); «УМВД России по
    Тюменской области» → ``org:умвд|RU-TYU``; «Управление
    Росреестра по Свердловской области» → ``org:управление росреестра|RU-SVE``. The country
    before «по» is dropped; the place is the mention that ends the body's mention, or, for
    one word after «по» of ``subject_words`` (folded lemma → the federal subject the article
    is about: «по республике», «по региону»), that subject («следственное управление СК
    России по республике» in an article about Татарстан → ``org:су ск|RU-TA``)."""
    po = next((token.i for token in span[1:] if token.lower_ == "по"), None)
    left, found, _ = (span._.normal or span.text).partition(" по ")
    if po is None or not found:
        return None
    territory = _place_ending(span, nested, after=po)
    first = next(((start, geo) for (start, end), geo in nested.items() if start == po + 1), None)
    if territory is not None and first is not None and first[0] < territory[0] and \
            span.doc[territory[0] - 1].lower_ == "и":  # «по Санкт-Петербургу и Ленинградской
        territory = first  # области»: the first place names the office
    code = jurisdiction_of(territory[1] if territory else None)
    if code is None and subject_words and po + 2 == span.end:
        code = subject_words.get(fold(span.doc[po + 1].lemma_))
    if code is None or "-" not in code and not code.startswith(("city:", "subject:")):
        return None  # a country is no territory of an office: «посольство … по России»
    words = left.split()
    for (start, end), geo in nested.items():  # «ГУ МВД России по …»: the country goes
        if end == po and start > span.start and geo.get("kind") == "country":
            words = words[:-len(span.doc[start:end].text.split())]
    if not words:
        return None
    words = bodies.office_words(bodies.abbreviate_body(words))  # «Главное управление МЧС» →
    # гу мчс; «Управление Федеральной антимонопольной службы» → уфас
    return f"org:{name_id(' '.join(words), lower=True)}|{code}"


def office_acronym_key(span: Span, nested: dict[tuple[int, int], dict], bodies: Bodies,
                       subject: str | None) -> str | None:
    """A territorial office named by its acronym alone is the office of the region an
    agreeing place adjective names («Свердловское УФАС» → ``org:уфас|RU-SVE``, as «Управление
    ФАС по Свердловской области» is), else of the federal subject the article is about
    («регионального УФСБ», «в УФАС сообщили»)."""
    words = [token for token in span if not token.is_punct]
    if not words or fold(words[-1].text) not in bodies.office_acronyms or \
            not words[-1].text.isupper():
        return None
    code = None
    if len(words) == 2 and (span.start, span.start + 1) in nested:
        code = jurisdiction_of(nested[(span.start, span.start + 1)])
    elif len(words) == 1 or (len(words) == 2 and bodies.article_place_adjectives.get(
            fold(words[0].lemma_)) == REGION):
        code = subject
    if code is None or "-" not in code:
        return None
    return f"org:{fold(words[-1].text)}|{code}"


def compound_body_key(name: str, places: list[dict], bodies: Bodies) -> str | None:
    """A one-word name of a body of ``models/bodies.yaml`` of no fixed jurisdiction after the
    first letters of the one place of its level the article names so is that body of that
    place: «Казгордума» in an article naming Казань → ``org:Городская дума|city:Казань``, the
    key of «Казанская городская дума» (a city's body takes a city, another a region)."""
    words = name.split()
    if len(words) != 1:
        return None
    word = fold(words[0])
    for cut in range(2, len(word) - 3):
        body = bodies.named([word[cut:]])
        if body is None or body.jurisdiction or body.organisation:
            continue
        found = {where for geo in places if fold(geo.get("name") or "").startswith(word[:cut])
                 and (geo.get("kind") == "city") == body.city
                 and (where := jurisdiction_of(geo))}
        return body.key(found.pop()) if len(found) == 1 else None
    return None


def site_owner(name: str) -> str:
    """The name of a site without its domain: «Kommersant.ru» → Kommersant, «INTERFAX.RU» →
    INTERFAX (read as the organisations of models/organisations.yaml that run them: one key,
    and one record with the organisation's other names in an article); other names as they
    are («Яндекс.Дзен» is a service of its own)."""
    return without_domain_ending(name)


def placed_body_key(span: Span, name: str, nested: dict[tuple[int, int], dict],
                    bodies: Bodies) -> str | None:
    """A body named by Russian common words and the place that ends its mention (the mention
    that names the record, ``name``) is keyed as ``generic_body_key`` keys those words where
    that place is: «прокуратура Кузбасса» → ``org:прокуратура|RU-KEM``, the key of a bare
    «прокуратура» in an article about Кузбасс (and one record with it); «департамент
    здравоохранения Москвы» → ``org:департамент здравоохранения|RU-MOW``. Words in capitals
    before the place («Дом учёных Новосибирска») name a body of their own: keyed by the whole
    name (a court by :func:`district_court_key`); so is a place after a preposition
    («посольство в Токио») or an adjective («власти южной Германии»). The capital of a head
    noun that opens a sentence or a headline is no name's («Прокуратура Кузбасса проверит …»
    keys as «прокуратура Кузбасса»)."""
    place = _place_ending(span, nested, after=span.start)
    code = jurisdiction_of(place[1]) if place else None
    normal = span._.normal or span.text
    if place is None or code is None or normal.lower() != name.lower():
        return None
    before = _before_city_word(span.doc, place[0])
    if before <= span.start or span.doc[before - 1].pos_ not in NOUNS:
        return None
    if span[0].pos_ in NOUNS and capital_opens_sentence(span[0]):
        normal = lower_first(normal)  # the head noun only: «Пресненский суд …» is a name
    place_words = _CITY_WORD.sub("", span.doc[place[0]:span.end].text).split()
    words = [_body_word_lowered(word, bodies) for word in
             _CITY_WORD.sub("", normal).split()[:-len(place_words)]]
    name = " ".join(words)
    if not words or not _in_common_words(name):
        return None
    return city_body_key(name, code, bodies)


def _body_word_lowered(word: str, bodies: Bodies) -> str:
    """A word after the first that names a body of no fixed jurisdiction alone, capitalised
    as official style writes it («пресс-служба Правительства РФ»), in lower case: the key of
    «пресс-служба правительства РФ»; a capital of other words names a body of its own
    («Дом учёных Новосибирска»)."""
    if not word[:1].isupper() or not word[1:].islower():
        return word
    body = bodies.named([word])
    return word.lower() if body is not None and body.jurisdiction is None and \
        not body.organisation else word


def _place_ending(span: Span, nested: dict[tuple[int, int], dict], after: int
                  ) -> tuple[int, dict] | None:
    """The start and geo of the place mention that ends ``span`` and starts after token
    ``after`` (the body's last word, or «по» of a territorial office)."""
    return next(((start, geo) for start in range(after + 1, span.end)
                 if (geo := nested.get((start, span.end))) is not None), None)


def _before_city_word(doc: Doc, start: int) -> int:
    """Where the words before a place begin, a city's type word before it («г.», «города»)
    stepped over."""
    for length in (2, 1):
        if start >= length and city_word_length(doc, None, start - length) == length:
            return start - length
    return start


_NUMBERED_NAME = re.compile(r"№\s*\d")


# «Басманный районный суд Москвы», «Тверской суд», «Дзержинский районный суд»: a court named
# by its district («Международный уголовный суд», «суд по правам человека» are no such name)
_DISTRICT_COURT = re.compile(r"(?P<district>[А-ЯЁ][а-яё]+(?:ий|ый|ой)) "
                             r"(?:районный |межрайонный |городской )?суд(?P<place> [А-ЯЁ].*)?")


def district_court_key(name: str, spans: list[Span], nested: dict[tuple[int, int], dict],
                       after: dict[int, dict]) -> str | None:
    """A court named by its district, with or without «районный», is one court of its town:
    keyed by the district and the place in or right after a mention («Басманный районный суд
    Москвы», «Басманный суд Москвы» → ``org:басманный суд|RU-MOW``; «Октябрьский районный
    суд» of two cities never shares a key), else ``?`` (not the place the article is about: a
    Perm article cites «Хамовнический суд» of Moscow), which the same court named with its
    place in the article resolves (:func:`placed_elsewhere`). A name with words after «суд»
    but a place is another body («Европейский суд по правам человека»); a place's adjective
    with no place after names no district («Греческий суд», «Московский городской суд»: keyed
    as before; «Тверской суд Москвы» is Moscow's Тверской district's)."""
    found = _DISTRICT_COURT.fullmatch(name)
    if found is None:
        return None
    places = {place: geo for place, geo in nested.items()
              if all(place[0] != span.start for span in spans)}  # not its district's word
    where = _place_of(spans, places, after)
    if found["place"] and where is None or where is None and len(places) < len(nested):
        return None  # «Греческий суд», «Московский городской суд»: a place's adjective
    return f"{org_key(found['district'] + ' суд')}|{where or UNKNOWN}"


def numbered_key(name: str, spans: list[Span], nested: dict[tuple[int, int], dict],
                 after: dict[int, dict], city: str | None, article: str | None,
                 bodies: Bodies) -> str | None:
    """A numbered institution («школа № 212», ``numbered_institutions`` of
    models/org_lexicon.yaml) is one only in its town: keyed by its name and the place in or
    right after a mention («средней школы № 1 Махачкалы» → ``org:средняя школа № 1
    махачкалы|city:Махачкала``), else the city the article is about (``city``: one it names
    above others) for a name with no adjective but one of ``city_level``
    (models/bodies.yaml: «школа № 9», «городская больница № 40»), else the federal subject
    (else the country: ``article``), else ``?``: «школа № 1» of two towns never shares a key.
    A name with another adjective may name another town's («старомайнская средняя школа № 1»
    of an Ulyanovsk article) or a region's («Республиканская … школа … № 6»)."""
    if not _NUMBERED_NAME.search(name):
        return None
    if city is not None and any(token.pos_ == "ADJ" and not bodies.city_level.matches(
            fold(token.lemma_), fold(token.text)) for span in spans for token in span):
        city = None
    return f"{org_key(name)}|{_place_of(spans, nested, after) or city or article or UNKNOWN}"


def generic_body_key(name: str, spans: list[Span], nested: dict[tuple[int, int], dict],
                     after: dict[int, dict],
                     places: tuple[str | None, str | None, str | None],
                     bodies: Bodies) -> str | None:
    """A body named by Russian common words only, not of the bodies lexicon («органы опеки»,
    «прокуратура»: the record's name, a mention's normal form, in lower case; a name the
    normal form keeps capitalised at a sentence's start, «Министерство образования и науки»,
    is taken for a proper name, as it is elsewhere), is one only where it works: keyed by its
    name and the place in or right after a mention, else the federal subject (``places``: the
    article's subject and country), else the country the article is about, else ``?``
    («органы опеки» of a Sverdlovsk and of a Tyumen article never share a key: ``org:органы
    опеки|RU-SVE``). A word of ``whole_country`` skips the subject («федеральное
    министерство»); a word of ``city_level`` takes the city the article is about, when one is
    (``places``' third: «мэрия», «гордума» of an article about Нижний Тагил →
    ``org:гордума|city:Нижний Тагил``, not the Sverdlovsk region's Екатеринбург's); a word of
    ``beyond_places`` means no place at all («международная федерация гребли»: keyed by its
    name alone); a last word that names the article's region or country instead of naming it
    is left out («прокуратура края» → ``org:прокуратура|RU-KDA`` in an article about
    Краснодарский край)."""
    if not spans or not _in_common_words(name):
        return None
    words = [(fold(token.lemma_), fold(token.text)) for span in spans for token in span]
    if any(bodies.beyond_places.matches(*word) for word in words):
        return None
    subject, country, city = places
    whole = any(bodies.whole_country.matches(*word) for word in words)
    local = city if any(bodies.city_level.matches(*word) for word in words) else None
    article = country if whole else local or subject or country
    where = _place_of(spans, nested, after)
    if where is not None:
        name = _without_place_adjective(name, spans, nested)
    about = _about_the_article(name, spans, bodies)
    if about is not None and where is None:
        # «прокуратура края»: the subject's, keyed as «Прокуратура Краснодарского края» is
        name, article = " ".join(name.split()[:-1]), subject if about == REGION else country
    elif where is None and subject is not None and _body_after_region_adjective(spans, bodies):
        # «краевая прокуратура»: the subject's, keyed as «прокуратура края» is
        name, article = " ".join(name.split()[1:]), subject
    return city_body_key(name, where or article or UNKNOWN, bodies)


def city_body_key(name: str, where: str, bodies: Bodies) -> str:
    """The key of a body named by common words where it works; a city's body named by a
    word of ``city_synonyms`` (models/bodies.yaml) takes the word the synonyms share: «мэрия
    Перми» and «администрация Перми» → ``org:администрация|city:Пермь``."""
    words = name.split()
    if where.startswith("city:") and words and fold(words[0]) in bodies.city_synonyms:
        name = " ".join([bodies.city_synonyms[fold(words[0])], *words[1:]])
    return f"{org_key(name)}|{where}"


def _body_after_region_adjective(spans: list[Span], bodies: Bodies) -> bool:
    """Every mention begins with a region's adjective of ``article_place_adjectives``
    (models/bodies.yaml) and a head of the org lexicon's ``bodies`` («краевая прокуратура»,
    «областная полиция», «краевое министерство лесного хозяйства»); not an institution
    («областная больница»: a hospital of its own)."""
    heads = load_lexicon().bodies
    return bool(spans) and all(
        len(words := [token for token in span if not token.is_punct]) >= 2 and
        bodies.article_place_adjectives.get(fold(words[0].lemma_)) == REGION and
        heads.whole([fold(words[1].lemma_)], [fold(words[1].text)]) is not None
        for span in spans)


def _about_the_article(name: str, spans: list[Span], bodies: Bodies) -> str | None:
    """REGION or COUNTRY when a body's name of two words or more ends with a word of
    ``article_place_words`` (models/bodies.yaml: «прокуратура края», «минздрав страны»), in
    the singular and with no word agreeing with it, in every mention that ends with it; else
    None."""
    words = name.split()
    last = [span[-1] for span in spans if fold(span[-1].text) == fold(words[-1])]
    if len(words) < 2 or not last or any(
            "Plur" in token.morph.get("Number") or token.nbor(-1).pos_ in ("ADJ", "DET")
            for token in last):
        return None  # «правительства других стран», «парламент непризнанной республики»
    about = {bodies.article_place_words.get(fold(token.lemma_)) for token in last}
    return about.pop() if len(about) == 1 else None


def _without_place_adjective(name: str, spans: list[Span],
                             nested: dict[tuple[int, int], dict]) -> str:
    """The name without the place adjective it begins with when a mention begins with that
    place («российская сборная» → сборная, keyed ``org:сборная|RU`` as «сборная России» is;
    «киргизская прокуратура» → ``org:прокуратура|KG``); the name as it is otherwise."""
    words = name.split()
    begins = any((span.start, span.start + 1) in nested and span[0].pos_ == "ADJ"
                 for span in spans)
    return " ".join(words[1:]) if begins and len(words) >= 2 else name


_COMMON_WORDS = re.compile(r"[а-яё]+(?:-[а-яё]+)*(?:[ ,]+[а-яё]+(?:-[а-яё]+)*)*")


def _in_common_words(name: str) -> bool:
    """Russian words in lower case only («органы опеки»; not «Соцзащита», «volgadaily.ru»,
    «ГИБДД», «школа № 5»)."""
    return _COMMON_WORDS.fullmatch(name) is not None


def _place_of(spans: list[Span], nested: dict[tuple[int, int], dict], after: dict[int, dict]
              ) -> str | None:
    """The jurisdiction of the first place inside a mention or right after one."""
    places = [geo for span in spans for (start, end), geo in nested.items()
              if span.start <= start and end <= span.end] + \
        [after[span.end] for span in spans if span.end in after]
    return next((code for geo in places for code in [jurisdiction_of(geo)] if code), None)


def _body_key(entity: dict, known: frozenset[str] | set[str] = frozenset()) -> bool:
    """A public body's key with a jurisdiction: ``org:<name>|<where>``, ``where`` not ``?``;
    or the key of a lexicon organisation (``known``)."""
    key = entity.get("key") or ""
    return entity["label"] == "ORG" and (
        key in known or "|" in key and not key.endswith("|" + UNKNOWN))


def same_key_records(entities: list[dict], by_entity: dict[str, list[Span]],
                     known: frozenset[str] | set[str] = frozenset()) -> list[dict]:
    """Records of one public body or one person are one record: those whose keys name the
    same body with the same jurisdiction («китайское правительство», «правительство Китая» →
    ``org:Правительство|CN``), the same lexicon organisation (``known``: «Facebook»,
    «Фейсбук») or the same person («Алиев», keyed by models/persons.yaml as ``per:Ильхам
    Алиев``, and «Ильхам Алиев»). Named by the name with most words, then a capitalised one,
    then one that is no site's («Коммерсантъ», not «Kommersant.ru»), then the longest; of
    equals the first record's (the others are aliases); ids renumbered in the order of
    first mentions, ``span._.entity`` with them."""
    first: dict[str, dict] = {}
    kept: list[dict] = []
    for entity in entities:
        mergeable = _body_key(entity, known) or entity["label"] == "PER"
        owner = first.get(entity["key"]) if mergeable else None
        if owner is None:
            if mergeable:
                first[entity["key"]] = entity
            kept.append(entity)
            continue
        names = {owner["name"], entity["name"], *owner["aliases"], *entity["aliases"]}
        # of equals the first record's name, then the other's («Большой театр», not
        # «Больший театр» of one misread «Большим театром»), then the aliases in order
        ordered = dict.fromkeys([owner["name"], entity["name"], *sorted(names)])
        owner["name"] = max(ordered, key=lambda name: (
            len(name.split()), name[:1].isupper(), not has_domain_ending(name),
            len(name)))
        owner["aliases"] = sorted(names - {owner["name"]})
        owner["count"] += entity["count"]
        owner["descriptive"] = owner["descriptive"] and entity["descriptive"]
        for span in by_entity.get(entity["id"], []):
            span._.entity = owner["id"]
        by_entity.setdefault(owner["id"], []).extend(by_entity.pop(entity["id"], []))
    if len(kept) == len(entities):
        return entities
    for number, entity in enumerate(kept, start=1):
        new_id = f"e{number}"
        for span in by_entity.get(entity["id"], []):
            span._.entity = new_id
        entity["id"] = new_id
    return kept


def _jurisdiction(resolved: list[str], article: dict[str, set[str]], body: Body,
                  dominant: str | None, subject: str | None = None,
                  city: str | None = None) -> str:
    """The jurisdiction of a body's record: the one its mentions give, else the one the same
    body has elsewhere in the article, else the city the article is about (``city``: given
    for a city's body, «гордума» of an article about Нижний Тагил; with none, a city's body
    stays unresolved), else the article's (:func:`_article_jurisdiction`)."""
    if resolved:
        return Counter(resolved).most_common(1)[0][0]
    elsewhere = article.get(body.name, set())
    if len(elsewhere) == 1:
        return next(iter(elsewhere))
    if not elsewhere:
        if body.city:  # a city's council is never a country's
            return city or UNKNOWN
        return _article_jurisdiction(body, dominant, subject) or UNKNOWN
    return UNKNOWN


def _article_jurisdiction(body: Body, dominant: str | None, subject: str | None) -> str | None:
    """The country the article is about; for a ``regional`` body (in Russia a body of a
    federal subject: «Министерство социальной политики») the federal subject the article is
    about, never Russia as a whole («Министерство социальной политики» in an article about
    Свердловская область → RU-SVE; about Ukraine → UA, where the ministry is national)."""
    if not body.regional:
        return dominant
    return subject or (dominant if dominant != "RU" else None)


def _subject_of(geo: dict | None) -> str | None:
    """The Russian federal subject a place mention names or lies in: «Свердловской области»,
    «Екатеринбурга» → RU-SVE; a country, a world region or a place abroad gives none."""
    if not geo or not geo.get("iso") or geo.get("kind") in ("country", "world_region",
                                                            "province"):
        return None
    iso = geo["iso"]
    return iso if geo.get("kind") != "city" or iso.startswith("RU-") else None


def _national_bodies(found: Iterable[list[tuple[Body, str | None]]]) -> list[str]:
    """The country of each mention of a body whose lexicon entry fixes it («Роскомнадзор»:
    RU): a vote for the country the article is about, as a place named would be."""
    return [body.jurisdiction for matches in found for body, _ in matches
            if body.jurisdiction and len(body.jurisdiction) == 2 and body.jurisdiction != "EU"]


def _dominant(countries: Counter) -> str | None:
    ranked = countries.most_common(2)
    if not ranked or ranked[0][1] < 2:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


def _agrees(adjective, noun) -> bool:
    """Gender and number agree where both are marked (an indeclinable «Минобороны» has none)."""
    for feature in ("Number", "Gender", "Case"):
        left, right = adjective.morph.get(feature), noun.morph.get(feature)
        if left and right and not set(left) & set(right):
            return False
    return True


class EntityKeys:
    def __init__(self, nlp: Language, name: str, lexicon: str = "bodies.yaml") -> None:
        self.name = name
        register_extensions()
        self.maker = KeyMaker(load_bodies(lexicon))

    def __call__(self, doc: Doc) -> Doc:
        self.maker(doc)
        return doc


@Language.factory(
    "entity_keys",
    assigns=["doc._.entities"],
    default_config={"lexicon": "bodies.yaml"},
)
def make_entity_keys(nlp: Language, name: str, lexicon: str) -> EntityKeys:
    return EntityKeys(nlp, name, lexicon)
