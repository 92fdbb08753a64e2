"""Label fixes for names NER often gets wrong: «ЕС», «Кремль» are organisations, «МКС» is a
place (``models/entity_labels.yaml``); a PER mention that is exactly the name of a country or
a federal subject in the gazetteer («Эфиопия», «Коста Рика») is a place. A listed name NER
missed or cut («Голос Америки», where it saw only the place «Америки») becomes a mention when
written with a capital; mentions inside it stay as nested ones. Other names NER missed come
from :func:`mention_finders`, in order: a site cited as a source (``cited_sites``: «сообщает
baltinfo.ru»), a Latin name in parentheses after an ORG, a coined name after a descriptor
(:mod:`.descriptor_names`: «партия Гоминьдан») and a quoted name listed beside quoted ORG
names (:mod:`.quoted_lists`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..folding import fold
from ..lexicons import PhraseTable, Schema, entry_lemma, load_lexicon_file
from ..lexicons.loader import TABLE
from ..lexicons.words import entity_words
from .arrays import capitalised, doc_text, folded_lemmas
from .casing import (
    NAME_TAGS,
    capital_opens_sentence,
    has_reading,
    never_a_name,
    only_animate_noun,
)
from .descriptor_names import descriptor_names
from .entity_groups import MAN_SURNAME_ENDINGS, has_cyrillic
from .extensions import mentions, register_extensions, set_mentions
from .gazetteer import load_gazetteer
from .intervals import TokenIndex
from .keys import load_bodies
from .latin_aliases import latin_names_in_parentheses
from .models import morph_analyzer
from .quoted_lists import quoted_list_names
from .tokens import (
    CLOSING_QUOTES,
    OPENING_QUOTES,
    LazyTexts,
    agrees,
    capital_abbreviation,
    case_of,
    domain_endings,
    word_from,
)
from .trace import note, tracing

LABELS_FORMAT = "nlp_extract.entity_labels"
NO_ENTITY = "NONE"  # listed words that name no entity at all («СМИ»)
SCHEMA = Schema(LABELS_FORMAT, {"labels": TABLE}, required=frozenset({"labels"}),
                table_keys=frozenset({"ORG", "LOC", "PER", NO_ENTITY}))
_PLACE_KINDS = frozenset({"country", "republic", "krai", "oblast", "federal_city",
                          "autonomous_okrug", "autonomous_oblast"})


@dataclass(frozen=True)
class LabelTable:
    by_lemmas: dict[tuple[str, ...], str]
    version: str
    sha256: str = ""
    entries: tuple[str, ...] = ()  # as written in the file


@cache
def load_labels(path: str = "entity_labels.yaml") -> LabelTable:
    lexicon = load_lexicon_file(path, SCHEMA)
    table: dict[tuple[str, ...], str] = {}
    for label, names in lexicon.table("labels").items():
        for name in names:
            table[tuple(entry_lemma(word) for word in str(name).split())] = str(label)
    entries = tuple(name for names in lexicon.table("labels").values() for name in names)
    return LabelTable(table, lexicon.version, lexicon.sha256, entries)


class EntityLabels:
    def __init__(self, nlp: Language, name: str, labels: str, places: bool) -> None:
        self.name = name
        self.table = load_labels(labels)
        self.places = places
        self.phrases = PhraseTable(self.table.entries)  # any reading: «Евросоюзе», «Кремлю»
        self.starts: dict[str, list[tuple[str, ...]]] = {}  # first lemma → entries, longest first
        for entry in sorted(self.table.by_lemmas, key=len, reverse=True):
            self.starts.setdefault(entry[0], []).append(entry)
        register_extensions()

    def _listed(self, tokens: list[Token]) -> str | None:
        """The label of the entry the tokens read as: by their lemmas, else by any reading or
        inflected form of the entry's words."""
        lemmas = tuple(fold(token.lemma_) for token in tokens)
        label = self.table.by_lemmas.get(lemmas)
        first = self.phrases.first_keys
        if label is None and lemmas and (lemmas[0] in first or fold(tokens[0].text) in first):
            entry = self.phrases.whole(lemmas, [fold(token.text) for token in tokens])
            label = self.table.by_lemmas.get(entry) if entry is not None else None
        return label

    def label_for(self, span: Span) -> str:
        return self.labelled_by(span)[1]

    def labelled_by(self, span: Span) -> tuple[str | None, str]:
        """The first of :data:`LABEL_RULES` that labels ``span`` (its name and the label),
        else (None, the span's own label)."""
        for rule in LABEL_RULES:
            label = rule(self, span)
            if label is not None:
                return rule.__name__, label
        return None, span.label_

    def split_person(self, span: Span) -> list[Span]:
        """A person mention that starts with a listed name of another kind is two mentions:
        «Аль-Кайды Усамы бин Ладена» → ORG «Аль-Кайды» + PER «Усамы бин Ладена»."""
        if span.label_ != "PER" or len(span) < 3:
            return [span]
        for size in range(len(span) - 2, 0, -1):
            label = self._listed([token for token in span[:size] if not token.is_punct])
            if label is not None and label != "PER":
                return [Span(span.doc, span.start, span.start + size, label=label),
                        Span(span.doc, span.start + size, span.end, label="PER")]
        return [span]

    def _entry_at(self, lemmas: list[str], texts: Sequence[str], start: int
                  ) -> tuple[str, ...] | None:
        """The longest entry whose lemmas the tokens from ``start`` have, else the longest
        they read as by any reading or inflected form."""
        for entry in self.starts.get(lemmas[start], ()):
            if tuple(lemmas[start:start + len(entry)]) == entry:
                return entry
        if lemmas[start] not in self.phrases.first_keys and \
                texts[start] not in self.phrases.first_keys:
            return None
        return self.phrases.match(lemmas, texts, start)

    def listed(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Listed names written with a capital that no mention covers exactly and none
        crosses."""
        found: list[Span] = []
        index = TokenIndex((span, span.start, span.end) for span in spans)
        lemmas: list[str] = []
        texts = LazyTexts(doc)  # surface forms, folded only where a lemma does not match
        for start in capitalised(doc):
            if not lemmas:
                lemmas = folded_lemmas(doc)
            entry = self._entry_at(lemmas, texts, start)
            if entry is None:
                continue
            end = start + len(entry)
            if self.table.by_lemmas[entry] != NO_ENTITY and not any(
                    span.start == start and span.end == end or
                    span.start < start < span.end < end or
                    start < span.start < end < span.end
                    for span in map(index.get, index.keys_touching(start, end))):
                found.append(Span(doc, start, end, label=self.table.by_lemmas[entry]))
        return found

    def __call__(self, doc: Doc) -> Doc:
        current = mentions(doc)
        relabelled = [Span(doc, piece.start, piece.end, label=label)
                      if label != piece.label_ else piece
                      for span in current for piece in self.split_person(span)
                      if (label := self.label_for(piece)) != NO_ENTITY]
        listed = self.listed(doc, relabelled)
        found = relabelled + listed
        added: list[tuple[str, list[Span]]] = []
        for rule, finder in mention_finders():
            spans = finder(doc, found)
            if spans:
                found = found + spans
                added.append((rule, spans))
        if listed or added or len(relabelled) != len(current) or \
                any(new is not old for new, old in zip(relabelled, current, strict=True)):
            if tracing(doc):
                self._note_rules(doc, current, listed)
                for rule, spans in added:
                    for span in spans:
                        note(doc, rule, span)
            set_mentions(doc, found)
        return doc

    def _note_rules(self, doc: Doc, current: list[Span], added: list[Span]) -> None:
        """Name the rule behind each change for ``nlp-extract explain``."""
        for span in current:
            pieces = self.split_person(span)
            for piece in pieces:
                rule, label = self.labelled_by(piece)
                if label == NO_ENTITY:
                    note(doc, "listed_no_entity" if rule == "listed_label" else str(rule), piece)
                elif len(pieces) > 1:
                    note(doc, "person_after_listed_name", (piece.start, piece.end, label))
                elif label != piece.label_:
                    note(doc, rule or "relabelled", (piece.start, piece.end, label))
        for span in added:
            note(doc, "listed_name", span)


_COMMA = frozenset({","})
@cache
def _domain_end() -> re.Pattern[str]:
    """Every cited site ends so: a text without it has none (one quick scan instead of
    :func:`_cited_site`'s, which tries every word)."""
    return re.compile(r"\." + domain_endings() + r"(?![\w/@-]|\.\w)", re.IGNORECASE)


@cache
def _cited_site() -> re.Pattern[str]:
    """A domain name standing alone: not inside a link or an address, no path after it."""
    return re.compile(r"(?<![\w./:@-])(?:www\.)?[^\W_][\w-]*(?:\.[\w-]+)*"
                      + _domain_end().pattern, re.IGNORECASE)


def cited_sites(doc: Doc, spans: list[Span]) -> list[Span]:
    """A site's domain name cited as a source is an ORG mention, in lower case too: right
    after a word of ``source_cues`` (models/org_lexicon.yaml: «сообщает baltinfo.ru»,
    «цитирует infox.ru», «по данным vc.ru») or right before one («Lenta.ru напоминает»). Not
    a link («[http://www.rbc.ru/…]», «www.tv100.ru/…») nor a site named as a place to go
    («на сайте gosuslugi.ru»); a domain a mention already covers or crosses stays as it is."""
    from .orgs import load_lexicon

    text = doc_text(doc)
    if _domain_end().search(text) is None:
        return []
    cues = load_lexicon().source_cues
    index = TokenIndex((span, span.start, span.end) for span in spans)
    found = []
    for match in _cited_site().finditer(text):
        site = doc.char_span(match.start(), match.end())
        if site is None or any(True for _ in index.keys_touching(site.start, site.end)):
            continue
        beside = (word_from(doc, site.start - 1, -1, _COMMA), word_from(doc, site.end, 1, _COMMA))
        if any(word is not None and word.is_alpha and
               cues.matches(fold(word.lemma_), fold(word.text)) for word in beside):
            found.append(Span(doc, site.start, site.end, label="ORG"))
    return found


LabelRule = Callable[[EntityLabels, Span], "str | None"]
MentionFinder = Callable[[Doc, list[Span]], list[Span]]


def mention_finders() -> tuple[tuple[str, MentionFinder], ...]:
    """Finders of new mentions NER missed, in order, each named as the trace names what it
    found; each sees the mentions the ones before it found."""
    return (("cited_site", cited_sites),
            ("latin_name_in_parentheses", latin_names_in_parentheses),
            ("descriptor_name", descriptor_names),
            ("quoted_list_name", quoted_list_names))


def listed_label(labels: EntityLabels, span: Span) -> str | None:
    """Rule 1: a name listed in ``models/entity_labels.yaml`` takes its label there («ЕС» ORG,
    «МКС» LOC, «СМИ» no entity), read by lemmas or by any reading of its words."""
    return labels._listed([token for token in span if not token.is_punct])


@lru_cache(maxsize=20_000)
def coined(word: str) -> bool:
    """An abbreviation («ФТС», «СНГ»), a Latin word («Reuters») or a word the dictionary does
    not know («Росавтодору», «Центризбиркома»): a coined name, not a place or a person's."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return False
    if len(letters) >= 2 and word.isupper() or all(ch.isascii() for ch in letters):
        return True
    return not morph_analyzer().word_is_known(word.lower())


def lexicon_organisation(labels: EntityLabels, span: Span) -> str | None:
    """Rule 2: a PER or LOC mention of coined words (:func:`coined`) that reads as a body of
    ``models/bodies.yaml`` or an organisation of ``models/organisations.yaml`` is that ORG:
    «Росавтодору», «ФТС РФ», «СНГ» (NER called them places); a gazetteer place stays."""
    tokens = [token for token in span if not token.is_punct]
    if span.label_ == "ORG" or not tokens or not all(coined(token.text) for token in tokens):
        return None
    if load_gazetteer().lookup(span.text) is not None:
        return None
    return "ORG" if _reads_as_body(tokens) else None


def compound_body_not_name(labels: EntityLabels, span: Span) -> str | None:
    """Rule 2a: a PER or LOC mention opening with a coined word (:func:`coined`) that ends in
    the last part of a body's one-word name (``body_word_endings``, models/entity_words.yaml)
    is that ORG: «по данным Свердловскстата», «в Депздраве Югры», «в Казгордуме»."""
    first = next((token for token in span if not token.is_punct), None)
    if span.label_ == "ORG" or first is None or not coined(first.text) or \
            not body_compound(first.text):
        return None
    return "ORG"


_DECLINED_ENDINGS = ("", "а", "я", "у", "ю", "ом", "ем", "ой", "ей", "е", "и", "ы", "ов",
                     "ам", "ами", "ах")


@lru_cache(maxsize=20_000)
def body_compound(word: str) -> bool:
    """``word`` is two letters or more and then a body's last part of ``body_word_endings`` in
    any case: «Свердловскстата», «Казгордуме», «Госжилинспекции» (not «Мехсуда»)."""
    lower = fold(word)
    for ending in entity_words().body_word_endings:
        stem = ending[:-2] if ending.endswith("ия") else \
            ending[:-1] if ending.endswith("а") else ending
        for inflection in _DECLINED_ENDINGS:
            if lower.endswith(stem + inflection) and \
                    len(lower) - len(inflection) - len(stem) >= 2:
                return True
    return False


def _reads_as_body(tokens: list[Token]) -> bool:
    """The words read as a body of ``models/bodies.yaml`` or an organisation of
    ``models/organisations.yaml``, by lemmas or surface forms."""
    return load_bodies().match([fold(token.lemma_) for token in tokens],
                               [fold(token.text) for token in tokens]) is not None


def country_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 3: a PER mention that is exactly a country or federal subject of the gazetteer
    is that place: «Эфиопия», «Коста Рика»; so is one of two words or more whose lemmas name
    one («отдал Южному Уралу»: the Челябинская область; a one-word name's lemma may be a
    woman's first name as well as a place's)."""
    if not labels.places or span.label_ != "PER":
        return None
    gazetteer = load_gazetteer()
    place = gazetteer.lookup(span.text)
    words = [token for token in span if not token.is_punct]
    if place is None and len(words) > 1:
        place = gazetteer.lookup(" ".join(token.lemma_ for token in words))
    return "LOC" if place is not None and place.kind in _PLACE_KINDS else None


@lru_cache(maxsize=20_000)
def _only_place_word(word: str) -> bool:
    """Every reading of the word is a place name's and none a person's («Кливленде»,
    «Льеж», «Норфолк»; not «Шарлотта», «Феодосии»: Феодосий)."""
    parses = morph_analyzer().parse(word)
    return bool(parses) and all("Geox" in parse.tag and
                                not (NAME_TAGS - {"Geox", "Trad"}) & parse.tag.grammemes
                                for parse in parses)


def place_word_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 4: a one-word PER mention the dictionary reads only as a place is a place: «в
    Кливленде», a caption «Льеж» (NER calls a lone capitalised word a person)."""
    if not labels.places or span.label_ != "PER" or len(span) != 1:
        return None
    return "LOC" if _only_place_word(span[0].text.lower()) else None


def sentence_word_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 5: a one-word PER mention that is a dictionary word, no name, capitalised only
    because it opens a sentence or a line is no entity: «Теннисистку уже поздравили»,
    «Старшая дочь президента…», «Обвиняемый, которому…»."""
    if span.label_ != "PER" or len(span) != 1:
        return None
    return NO_ENTITY if capital_opens_sentence(span[0]) else None


def sentence_word_not_place(labels: EntityLabels, span: Span) -> str | None:
    """Rule 5a: a one-word LOC mention that is a dictionary word, no name of a place,
    capitalised only because it opens a sentence or a line is no entity: «Жители
    окрестных домов…», «Стрельба началась утром», «Власти заявили…». A place's adjective or
    demonym stays («Норвежская компания…»: the places component's; «Иорданцы…», a word
    with an ending of ``demonym_endings`` of models/entity_words.yaml)."""
    from .places import place_index

    if span.label_ != "LOC" or len(span) != 1 or not capital_opens_sentence(span[0]) or \
            span[0].text.lower().endswith(entity_words().demonym_endings):
        return None
    return NO_ENTITY if place_index().by_word(span[0]) is None else None


def function_word_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 6: a one-word PER mention the dictionary knows only as a verb, adverb, pronoun or
    function word is no entity, wherever it stands (unpunctuated transcripts: «…об этом и
    книга Надеюсь она разнообразит…»)."""
    if span.label_ != "PER" or len(span) != 1:
        return None
    return NO_ENTITY if never_a_name(span[0].text.lower()) else None


def gerund_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 6a: a one-word PER mention ending as a past gerund does («-вшись») that the
    dictionary reads only so is no name: «Впечатлившись их работой, …» opening a sentence
    (the dictionary does not know the word, its guesses are all gerunds)."""
    if span.label_ != "PER" or len(span) != 1 or not span[0].text.lower().endswith("вшись"):
        return None
    parses = morph_analyzer().parse(span[0].text.lower())
    return NO_ENTITY if parses and all(parse.tag.POS == "GRND" for parse in parses) else None


def honorific_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 6b: a PER mention ending in a title listed as no entity (models/entity_labels.yaml
    NONE: «Величество», «Высочество»), after pronouns and adjectives only, names nobody by
    itself: «Ее Величество бывала в здании Парламента», «Её Королевское Высочество и ее
    ребенок» (the listed word alone is :func:`listed_label`'s)."""
    words = [token for token in span if not token.is_punct]
    if span.label_ != "PER" or len(words) < 2 or \
            any(token.pos_ not in ("PRON", "DET", "ADJ") for token in words[:-1]):
        return None
    return NO_ENTITY if labels._listed(words[-1:]) == NO_ENTITY else None


def eponym_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 7: a one-word PER mention right after a word of ``eponym_heads``
    (models/entity_words.yaml) names a disease, not a person: «болезни Паркинсона»."""
    if span.label_ != "PER" or len(span) != 1 or span.start == 0:
        return None
    before = span.doc[span.start - 1]
    return NO_ENTITY if fold(before.lemma_) in entity_words().eponym_heads else None


def work_title_not_org(labels: EntityLabels, span: Span) -> str | None:
    """Rule 7a: an ORG mention right after a word of ``work_nouns`` (models/entity_words.yaml)
    that is quoted or written in Latin letters is the title of a work, not an organisation:
    «из телесериала «Спасатели Малибу»», «в видеоклипе Hello, Goodbye» (not «балета
    Большого театра»: a name in the genitive is whose work it is)."""
    if span.label_ != "ORG":
        return None
    before = span.start - 1
    while before >= 0 and span.doc[before].text in OPENING_QUOTES:
        before -= 1
    quoted = before < span.start - 1 or span[0].text in OPENING_QUOTES
    if before < 0 or not (quoted or not has_cyrillic(span.text)):
        return None
    word = span.doc[before]  # a capital inside a sentence is a name («Роман»), not the noun
    if word.text[:1].isupper() and not word.is_sent_start:
        return None
    return NO_ENTITY if fold(word.lemma_) in entity_words().work_nouns else None


_ADJECTIVAL = frozenset({"ADJF", "ADJS", "PRTF"})
_PERSON_NAME_TAGS = NAME_TAGS - {"Geox"}  # a name's grammemes other than a place's


@lru_cache(maxsize=20_000)
def _only_adjective(word: str) -> bool:
    """A word the dictionary knows only as an adjective or participle, never as a name
    («Волшебное», «Кембриджский»; not «Достоевский», a surname too), or one it lacks with
    an ending of ``common_word_endings`` («Семидесятишестилетний»)."""
    analyzer = morph_analyzer()
    if not analyzer.word_is_known(word):
        return word.endswith(entity_words().common_word_endings)
    return all(
        parse.tag.POS in _ADJECTIVAL and not _PERSON_NAME_TAGS & parse.tag.grammemes
        for parse in analyzer.parse(word))


def adjective_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 8: a one-word PER mention the dictionary knows only as an adjective is no entity:
    «фильме Волшебное таинственное путешествие», «титул принц Кембриджский»."""
    if span.label_ != "PER" or len(span) != 1 or not _only_adjective(span[0].text.lower()):
        return None
    return NO_ENTITY


def abbreviation_after_adjectives_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 8a: a PER mention of adjectives the dictionary knows only as adjectives and then
    an abbreviation in capitals is that ORG: «главный врач Аргаяшской ЦРБ» (a person's name
    opens with a first name; «Владимир ПУТИН» stays a person)."""
    words = [token for token in span if not token.is_punct]
    if span.label_ != "PER" or len(words) < 2 or not capital_abbreviation(words[-1].text) or \
            not all(_only_adjective(token.text.lower()) for token in words[:-1]):
        return None
    return "ORG"


def zodiac_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 8a: a one-word PER mention the dictionary reads as a sign of the zodiac in the
    plural (``zodiac_signs``, models/entity_words.yaml) is a horoscope's, no person: «Овнам
    стоит отдохнуть», «Водолеи», «Рыбы». Not the singular («Лев» may be a first name) nor a
    plural ending as a man's surname does («Стрельцов», «Львов», «Раков» are surnames)."""
    if span.label_ != "PER" or len(span) != 1:
        return None
    return NO_ENTITY if _plural_zodiac_sign(span[0].text.lower()) else None


@lru_cache(maxsize=20_000)
def _plural_zodiac_sign(word: str) -> bool:
    signs, parses = entity_words().zodiac_signs, morph_analyzer().parse(word)
    if word.endswith(MAN_SURNAME_ENDINGS) or \
            any(_PERSON_NAME_TAGS & parse.tag.grammemes for parse in parses):
        return False
    return any(fold(parse.normal_form) in signs and "plur" in parse.tag for parse in parses)


def numbered_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 9: a PER mention with a digit in a word names no person: «пилота Формулы-1»
    (persons' numbers are Roman: «Николай II»)."""
    if span.label_ != "PER" or not any(ch.isdigit() for ch in span.text):
        return None
    return NO_ENTITY


def body_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 10: a PER mention with a lowercase word that reads as a body of
    ``models/bodies.yaml`` is that ORG: «послания Федеральному собранию» (a person's name
    has no lowercase noun)."""
    tokens = [token for token in span if not token.is_punct]
    if span.label_ != "PER" or len(tokens) < 2 or \
            not any(token.is_alpha and token.text.islower() for token in tokens):
        return None
    return "ORG" if _reads_as_body(tokens) else None


def common_noun_body_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 10a: a one-word PER mention that the dictionary knows only as an inanimate noun
    and that reads as a body of ``models/bodies.yaml`` is that ORG: «Минниханов поручил
    Госсовету подготовить закон» (no reading of a name or a person)."""
    tokens = [token for token in span if not token.is_punct]
    if span.label_ != "PER" or len(tokens) != 1 or not _inanimate_noun_only(tokens[0].text):
        return None
    return "ORG" if _reads_as_body(tokens) else None


@lru_cache(maxsize=20_000)
def _inanimate_noun_only(word: str) -> bool:
    analyzer = morph_analyzer()
    lower = word.lower()
    return analyzer.word_is_known(lower) and all(
        parse.tag.POS == "NOUN" and "inan" in parse.tag and
        not {"Name", "Surn", "Patr"} & parse.tag.grammemes for parse in analyzer.parse(lower))


def settlement_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 10b: a one-word PER mention right after a settlement's type word
    (``settlement_types``, models/entity_words.yaml) in the singular and in no genitive is the
    settlement: «Огонь подошёл к улусу Улюн» (not «глава села Иванов», a genitive)."""
    if not labels.places or span.label_ != "PER" or len(span) != 1 or span.start == 0:
        return None
    before = span.doc[span.start - 1]
    if fold(before.lemma_) not in entity_words().settlement_types or \
            not before.text.islower() or "Plur" in before.morph.get("Number") or \
            case_of(before) == "Gen":
        return None
    return "LOC"


def descriptor_name_not_person(labels: EntityLabels, span: Span) -> str | None:
    """Rule 10d: a one-word PER mention right after a lowercase singular descriptor of the org
    lexicon, the word one the dictionary reads only as an organisation's name or a Latin one
    («депутаты партии Гоминьдан»), is that ORG; a word the dictionary lacks may be a person
    the body belongs to or deals with («холдингом Хантсменов», «продал компанию Коумсу», «в
    клубе Эйсебио»: measured, it turned footballers and owners into bodies)."""
    from .descriptor_names import descriptor_before, organisation_word

    if span.label_ != "PER" or len(span) != 1 or span.start == 0 or \
            not organisation_word(span[0].text) or not descriptor_before(span[0]):
        return None
    return "ORG"


def body_not_place(labels: EntityLabels, span: Span) -> str | None:
    """Rule 10c: a LOC mention the gazetteer does not know that reads as a body of
    ``models/bodies.yaml`` («Министерства строительства Омской области (Минстрой)»), or ends
    in a lowercase body of the org lexicon other than a lone ``generic`` word («Кежемский
    районный суд»; not «Российской федерации»), is that ORG: a place's name ends in no body."""
    from .orgs import load_lexicon

    tokens = [token for token in span if not token.is_punct]
    if not labels.places or span.label_ != "LOC" or not tokens or \
            load_gazetteer().lookup(span.text) is not None:
        return None
    if _reads_as_body(tokens):
        return "ORG"
    lemmas = [fold(token.lemma_) for token in tokens]
    texts = [fold(token.text) for token in tokens]
    lexicon = load_lexicon()
    for start in range(1, len(tokens)):
        found = lexicon.bodies.match(lemmas, texts, start)
        if found and start + len(found) == len(tokens) and \
                all(token.text.islower() for token in tokens[start:]) and \
                not (len(found) == 1 and found[0] in lexicon.generic):
            return "ORG"  # not a word of ``generic`` alone: «Российской федерации»
    return None


def dateline_place(labels: EntityLabels, span: Span) -> str | None:
    """Rule 11: words in capitals opening a sentence that the gazetteer knows are a
    dateline's place, not an abbreviation: «ОМСК, 5 ноября — РИА Новости», «НИЖНИЙ
    НОВГОРОД, 14 апреля» (NER: ORG)."""
    if not labels.places or span.label_ == "LOC" or len(span) > 3 or \
            not span[0].is_sent_start or not span.text.isupper() or len(span.text) < 3:
        return None
    return "LOC" if load_gazetteer().lookup(span.text) is not None else None


def place_line_not_org(labels: EntityLabels, span: Span) -> str | None:
    """Rule 11a: an ORG mention that is a line of its own and a place the gazetteer knows
    by that name is the place: a scraped page's heading «Уфа» or «Екатеринбург» above the
    article (NER: ORG; a club named after its city is written inside a sentence)."""
    if not labels.places or span.label_ != "ORG" or len(span) > 3 or \
            not _line_break_at(span.doc, span.start - 1) or not _line_break_at(span.doc, span.end):
        return None
    return "LOC" if load_gazetteer().lookup(span.text) is not None else None


def _line_break_at(doc: Doc, i: int) -> bool:
    """Token ``i`` is a line break, or lies outside the text (its start or end)."""
    return not 0 <= i < len(doc) or doc[i].is_space and "\n" in doc[i].text


def place_adjective_not_org(labels: EntityLabels, span: Span) -> str | None:
    """Rule 12: a one-word ORG mention that is a place's adjective before a quoted name names
    the place, not a body: «Лондонский «Арсенал»» (NER took the adjective alone as the ORG;
    where the places component reads the adjective as a place, it is the derived LOC Лондон).
    A quoted one is a name («лицей-интернат «Подмосковный»»)."""
    from .places import place_index

    doc = span.doc
    if not labels.places or span.label_ != "ORG" or len(span) != 1 or span[0].pos_ != "ADJ" or \
            _quoted_around(span) or span.end >= len(doc) or \
            doc[span.end].text not in OPENING_QUOTES:
        return None  # «лицей-интернат «Подмосковный»» is a name
    return NO_ENTITY if place_index().adjective_of(span[0]) is not None else None


def adjective_not_org(labels: EntityLabels, span: Span) -> str | None:
    """Rule 12a: a one-word ORG mention the dictionary knows only as an adjective or
    participle, before a word it agrees with (quotes aside), is that phrase's modifier, no
    organisation: «Запрещенную информацию будут определять…», «Кремлевская "фабрика
    троллей"», «Кредитные карты». «Худрук Большого завершил работу» (the theatre) stays; a
    place's adjective before a quoted name is ``place_adjective_not_org``'s."""
    doc = span.doc
    if span.label_ != "ORG" or len(span) != 1 or \
            (span.start > 0 and doc[span.start - 1].text in OPENING_QUOTES) or \
            not _only_adjective(span[0].text.lower()):
        return None
    following = word_from(doc, span.end, 1, OPENING_QUOTES)
    return NO_ENTITY if following is not None and following.pos_ in ("NOUN", "ADJ") and \
        agrees(span[0], following) else None


def adjective_not_place(labels: EntityLabels, span: Span) -> str | None:
    """Rule 12c: a one-word LOC mention the dictionary knows only as an adjective, that names
    no place the gazetteer knows, before a lowercase inanimate noun it agrees with that names
    no kind of place (``place_name_nouns``, ``street_types``, ``geographic_nouns`` of
    models/entity_words.yaml), is that noun's modifier: «в Западной конференции» («Тихом
    океане», «Советского района», «Звёздной улице» stay)."""
    from .places import place_index

    doc = span.doc
    if span.label_ != "LOC" or len(span) != 1 or not _only_adjective(span[0].text.lower()) or \
            place_index().adjective_of(span[0]) is not None or \
            load_gazetteer().lookup(span.text) is not None:
        return None
    following = word_from(doc, span.end, 1)
    if following is None or following.pos_ != "NOUN" or not following.text.islower() or \
            "Anim" in following.morph.get("Animacy") or not agrees(span[0], following):
        return None  # «герцога Кембриджского принца Уильяма»: a title, not its modifier
    words = entity_words()
    lemma = fold(following.lemma_)
    places = words.place_name_nouns | words.street_types | words.geographic_nouns | \
        words.region_nouns | words.area_words
    return None if lemma in places else NO_ENTITY


def sentence_word_not_org(labels: EntityLabels, span: Span) -> str | None:
    """Rule 12b: a one-word ORG mention that is a dictionary word, capitalised only because it
    opens a sentence or a line, and no head of ``models/org_lexicon.yaml`` nor a body of
    ``models/bodies.yaml``, names no organisation: «Состав и порядок работы…», «Подписи на
    документе…» («Правительство решило…», «Кабмин…», «Комитет…» stay; so does a word
    read as no noun or adjective, :func:`_nominal`, and one a name follows: «Почта
    России»)."""
    if span.label_ != "ORG" or len(span) != 1 or not capital_opens_sentence(span[0]) or \
            _name_follows(span):
        return None
    from .orgs import load_lexicon

    lexicon, token = load_lexicon(), span[0]
    lemma, text = fold(token.lemma_), fold(token.text)
    if lexicon.bodies.whole([lemma], [text]) or lexicon.descriptors.whole([lemma], [text]) or \
            _reads_as_body([token]):
        return None
    return NO_ENTITY if _nominal(token.text.lower()) else None


def _name_follows(span: Span) -> bool:
    """A capitalised word or an opening quote right after the mention, on its line: a name
    the mention may head («Почта России», «Общество «Мемориал»»)."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].is_space:
        return False
    following = doc[span.end]
    return following.text[:1].isupper() or following.text in OPENING_QUOTES


@lru_cache(maxsize=20_000)
def _nominal(word: str) -> bool:
    """Every dictionary reading of the word is a noun or an adjective (not «Баста», a
    rapper's name the dictionary reads as a predicative)."""
    return all(parse.tag.POS in ("NOUN", "ADJF", "ADJS") for parse in morph_analyzer().parse(word))


def person_noun_not_org(labels: EntityLabels, span: Span) -> str | None:
    """Rule 13: an ORG mention of adjectives before one person, with no name and no quotes,
    names that person's role, not a body: «Покушение на Харьковского градоначальника»,
    «Украинская лётчица Надежда Савченко» (the capital opens a sentence or a headline). The
    head is a singular noun the dictionary knows only as animate: «Ночные волки» (plural)
    and «Белый орёл» (quoted) stay."""
    words = [token for token in span if not token.is_punct]
    if span.label_ != "ORG" or len(words) < 2 or len(words) != len(span) or \
            _quoted_around(span) or any(token.pos_ != "ADJ" for token in words[:-1]):
        return None
    head = words[-1]
    return NO_ENTITY if head.pos_ == "NOUN" and head.morph.get("Number") == ["Sing"] and \
        only_animate_noun(head.text.lower()) else None


def function_word_not_name(labels: EntityLabels, span: Span) -> str | None:
    """Rule 14: a one-word ORG or LOC mention, unquoted, that the dictionary knows only as a
    verb, adverb, pronoun or function word names nothing: «Подписывайтесь на наш канал»
    (a call to subscribe NER took for a body); «Вперёд» in quotes is a name."""
    if span.label_ not in ("ORG", "LOC") or len(span) != 1 or _quoted_around(span):
        return None
    return NO_ENTITY if never_a_name(span[0].text.lower()) else None


def person_after_role(labels: EntityLabels, span: Span) -> str | None:
    """Rule 15: a LOC or ORG mention of a first name and a surname (the dictionary's readings)
    right after a noun that names only people is that person: «нашего первого президента
    Ахмат-Хаджи Кадырова» (NER's LOC), «архиепископ Лонгин Клинский (РПЦ МП)» (NER's ORG); «в
    аэропорту Джона Кеннеди» stays, and so does a place the gazetteer knows."""
    words = [token for token in span if not token.is_punct]
    if span.label_ not in ("ORG", "LOC") or len(words) < 2 or len(words) != len(span) or \
            span.start == 0 or not span.doc[span.start - 1].text.islower():
        return None
    if not only_animate_noun(span.doc[span.start - 1].text.lower()) or \
            not has_reading(words[0].text.split("-")[0], "Name") or \
            not (has_reading(words[-1].text, "Surn") or _adjectival_surname(words[-1])) or \
            load_gazetteer().lookup(span.text):
        return None
    return "PER"


_ADJECTIVAL_SURNAME = re.compile(r"[А-ЯЁ][а-яё]+(?:ский|цкий|ская|цкая|ского|цкого|ской|цкой|"
                                 r"скому|цкому|ским|цким)")


def _adjectival_surname(token: Token) -> bool:
    """A capitalised «-ский»/«-цкий» word, a surname as an adjective («архиепископ Лонгин
    Клинский»: the dictionary has no surname reading for «Клинский»)."""
    return bool(_ADJECTIVAL_SURNAME.fullmatch(token.text))


def _quoted_around(span: Span) -> bool:
    doc = span.doc
    return span.start > 0 and doc[span.start - 1].text in OPENING_QUOTES or \
        span.end < len(doc) and doc[span.end].text in CLOSING_QUOTES


LABEL_RULES: tuple[LabelRule, ...] = (listed_label, lexicon_organisation,
                                      compound_body_not_name, country_not_person,
                                      place_word_not_person,
                                      sentence_word_not_person, sentence_word_not_place,
                                      function_word_not_person,
                                      gerund_not_person, honorific_not_person,
                                      eponym_not_person, work_title_not_org,
                                      adjective_not_person,
                                      abbreviation_after_adjectives_not_person,
                                      zodiac_not_person,
                                      numbered_not_person, body_not_person,
                                      common_noun_body_not_person, settlement_not_person,
                                      descriptor_name_not_person, body_not_place,
                                      dateline_place, place_line_not_org,
                                      place_adjective_not_org, adjective_not_org,
                                      adjective_not_place, sentence_word_not_org,
                                      person_noun_not_org, function_word_not_name,
                                      person_after_role)


@Language.factory(
    "entity_labels",
    default_config={"labels": "entity_labels.yaml", "places": True},
    assigns=["doc.ents", "doc.spans"],
    requires=["token.lemma"],
)
def make_entity_labels(nlp: Language, name: str, labels: str, places: bool) -> EntityLabels:
    return EntityLabels(nlp, name, labels, places)
