"""``models/entity_words.yaml``: the word lists the entity components once kept in code."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from ..folding import fold
from .loader import LIST, TABLE, Schema, load_lexicon_file

WORDS_FORMAT = "nlp_extract.entity_words"
_KEYS = ("place_name_nouns", "region_nouns", "area_words", "direction_prefixes",
         "geographic_endings", "street_types", "role_prefixes", "common_word_endings",
         "rank_adjectives", "alias_cues", "eponym_heads", "state_nouns", "state_adjectives",
         "language_nouns", "language_prepositions", "brand_prefixes", "state_roles",
         "kinship_words", "thing_heads", "work_nouns", "zodiac_signs", "latin_legal_forms",
         "legal_forms", "demonym_endings", "domain_endings", "city_prefixes",
         "geographic_nouns", "facility_heads", "council_adjectives",
         "district_nouns", "city_level_adjectives", "feature_types", "family_nouns",
         "church_ranks", "park_types", "settlement_types", "body_word_endings",
         "first_names_read_as_words", "body_word_prefixes")
SCHEMA = Schema(WORDS_FORMAT, {**dict.fromkeys(_KEYS, LIST), "place_abbreviations": TABLE,
                               "region_level_adjectives": TABLE, "generation_kin": TABLE},
                required=frozenset(_KEYS) - {"alias_cues", "eponym_heads", "state_nouns",
                                             "geographic_nouns", "facility_heads",
                                             "council_adjectives", "district_nouns",
                                             "city_level_adjectives", "feature_types",
                                             "family_nouns", "church_ranks", "park_types",
                                             "settlement_types", "body_word_endings",
                                             "first_names_read_as_words", "body_word_prefixes",
                                             "state_adjectives", "language_nouns",
                                             "language_prepositions", "brand_prefixes",
                                             "state_roles", "kinship_words",
                                             "thing_heads", "work_nouns", "zodiac_signs",
                                             "latin_legal_forms", "legal_forms",
                                             "demonym_endings", "domain_endings",
                                             "city_prefixes"})


@dataclass(frozen=True)
class EntityWords:
    place_name_nouns: frozenset[str]
    region_nouns: frozenset[str]
    area_words: frozenset[str]
    direction_prefixes: tuple[str, ...]
    geographic_endings: tuple[str, ...]
    street_types: frozenset[str]
    role_prefixes: frozenset[str]
    common_word_endings: tuple[str, ...]
    rank_adjectives: frozenset[str]
    version: str
    sha256: str
    alias_cues: frozenset[tuple[str, ...]] = frozenset()
    eponym_heads: frozenset[str] = frozenset()
    state_nouns: frozenset[str] = frozenset()
    state_adjectives: frozenset[str] = frozenset()
    language_nouns: frozenset[str] = frozenset()
    language_prepositions: frozenset[str] = frozenset()
    brand_prefixes: frozenset[str] = frozenset()
    state_roles: frozenset[str] = frozenset()
    kinship_words: frozenset[str] = frozenset()
    thing_heads: frozenset[str] = frozenset()
    work_nouns: frozenset[str] = frozenset()
    zodiac_signs: frozenset[str] = frozenset()
    latin_legal_forms: frozenset[str] = frozenset()
    legal_forms: frozenset[str] = frozenset()
    demonym_endings: tuple[str, ...] = ()
    domain_endings: tuple[str, ...] = ()
    city_prefixes: tuple[str, ...] = ()
    # short form of a place type word → the word («обл» → область; «обл.» too)
    place_abbreviations: dict[str, str] = field(default_factory=dict)
    # an adjective of a region's level → the region noun («областной» → область)
    region_level_adjectives: dict[str, str] = field(default_factory=dict)
    # a generation joined to a surname («старш», «младш») → the relatives' words of it
    generation_kin: dict[str, frozenset[str]] = field(default_factory=dict)
    # nouns an adjective names a place with («Тихий океан», «Северный полюс»)
    geographic_nouns: frozenset[str] = frozenset()
    # head nouns of a building's or site's name («собор», «кладбище», «стадион»)
    facility_heads: frozenset[str] = frozenset()
    # adjectives that make «собор» a council («Архиерейский собор»)
    council_adjectives: frozenset[str] = frozenset()
    city_level_adjectives: frozenset[str] = frozenset()
    # nouns of a district's name many places share («Ленинский район»)
    district_nouns: frozenset[str] = frozenset()
    # type words of a natural feature named after someone («бухта Врангеля», «мыс Дежнёва»)
    feature_types: frozenset[str] = frozenset()
    # nouns of a family or a couple («супруги», «в семье», «родители»)
    family_nouns: frozenset[str] = frozenset()
    # a cleric's rank, before the adjectives of his see («митрополит Костромской и Нерехтский»)
    church_ranks: frozenset[str] = frozenset()
    # a park's or a square's type word («парк Горького»)
    park_types: frozenset[str] = frozenset()
    # a settlement's type word: the one name after it is the settlement («улусу Улюн»)
    settlement_types: frozenset[str] = frozenset()
    # the last part of a one-word coined name of a body («Свердловскстат», «Депздрав»)
    body_word_endings: tuple[str, ...] = ()
    # first names the dictionary reads only as common words («ана», «мира»)
    first_names_read_as_words: frozenset[str] = frozenset()
    # the first letters of a body's one-word short name («мин» of «Минсельхозпрод»)
    body_word_prefixes: tuple[str, ...] = ()

    def without_legal_form(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """A company's Latin name (lowercase words) without the legal forms it ends with:
        (westinghouse, electric, co.) → (westinghouse, electric); one word is always left
        («Co Ltd» → co), and a name left ending in «&» keeps its form («Dow Jones & Co»)."""
        short = words
        while len(short) > 1 and short[-1].strip(".,") in self.latin_legal_forms:
            short = short[:-1]
        return words if short[-1] == "&" else short


@cache
def entity_words(path: str = "entity_words.yaml") -> EntityWords:
    lexicon = load_lexicon_file(path, SCHEMA)
    return EntityWords(
        place_name_nouns=frozenset(map(fold, lexicon.words("place_name_nouns"))),
        region_nouns=frozenset(map(fold, lexicon.words("region_nouns"))),
        area_words=frozenset(map(fold, lexicon.words("area_words"))),
        direction_prefixes=tuple(map(fold, lexicon.words("direction_prefixes"))),
        geographic_endings=tuple(map(fold, lexicon.words("geographic_endings"))),
        street_types=frozenset(map(fold, lexicon.words("street_types"))),
        role_prefixes=frozenset(map(fold, lexicon.words("role_prefixes"))),
        common_word_endings=tuple(map(fold, lexicon.words("common_word_endings"))),
        rank_adjectives=frozenset(map(fold, lexicon.words("rank_adjectives"))),
        version=lexicon.version, sha256=lexicon.sha256,
        alias_cues=frozenset(tuple(map(fold, cue.split())) for cue in lexicon.words("alias_cues")),
        eponym_heads=frozenset(map(fold, lexicon.words("eponym_heads"))),
        state_nouns=frozenset(map(fold, lexicon.words("state_nouns"))),
        state_adjectives=frozenset(map(fold, lexicon.words("state_adjectives"))),
        language_nouns=frozenset(map(fold, lexicon.words("language_nouns"))),
        language_prepositions=frozenset(map(fold, lexicon.words("language_prepositions"))),
        brand_prefixes=frozenset(map(fold, lexicon.words("brand_prefixes"))),
        state_roles=frozenset(map(fold, lexicon.words("state_roles"))),
        kinship_words=frozenset(map(fold, lexicon.words("kinship_words"))),
        thing_heads=frozenset(map(fold, lexicon.words("thing_heads"))),
        work_nouns=frozenset(map(fold, lexicon.words("work_nouns"))),
        zodiac_signs=frozenset(map(fold, lexicon.words("zodiac_signs"))),
        latin_legal_forms=frozenset(map(fold, lexicon.words("latin_legal_forms"))),
        legal_forms=frozenset(map(fold, lexicon.words("legal_forms"))),
        demonym_endings=tuple(map(fold, lexicon.words("demonym_endings"))),
        domain_endings=tuple(map(fold, lexicon.words("domain_endings"))),
        city_prefixes=tuple(map(fold, lexicon.words("city_prefixes"))),
        place_abbreviations={fold(short) + dot: fold(word)
                             for word, shorts in lexicon.table("place_abbreviations").items()
                             for short in shorts for dot in ("", ".")},
        region_level_adjectives={fold(adjective): fold(noun) for noun, adjectives
                                 in lexicon.table("region_level_adjectives").items()
                                 for adjective in adjectives},
        generation_kin={generation: frozenset(map(fold, words)) for generation, words
                        in lexicon.table("generation_kin").items()},
        geographic_nouns=frozenset(map(fold, lexicon.words("geographic_nouns"))),
        facility_heads=frozenset(map(fold, lexicon.words("facility_heads"))),
        council_adjectives=frozenset(map(fold, lexicon.words("council_adjectives"))),
        city_level_adjectives=frozenset(map(fold, lexicon.words("city_level_adjectives"))),
        district_nouns=frozenset(map(fold, lexicon.words("district_nouns"))),
        feature_types=frozenset(map(fold, lexicon.words("feature_types"))),
        family_nouns=frozenset(map(fold, lexicon.words("family_nouns"))),
        church_ranks=frozenset(map(fold, lexicon.words("church_ranks"))),
        park_types=frozenset(map(fold, lexicon.words("park_types"))),
        settlement_types=frozenset(map(fold, lexicon.words("settlement_types"))),
        body_word_endings=tuple(map(fold, lexicon.words("body_word_endings"))),
        first_names_read_as_words=frozenset(
            map(fold, lexicon.words("first_names_read_as_words"))),
        body_word_prefixes=tuple(map(fold, lexicon.words("body_word_prefixes"))))
