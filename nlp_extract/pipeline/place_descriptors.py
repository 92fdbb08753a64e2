"""A place's type word joins its mention: «реки Славянки», «города Феникс», «штата Аризона»,
«тихоокеанский порт Козьмино», «лондонском районе Тоттенхэм».

The mention then reads as written in gold NER corpora (factRuEval annotates the type word with
the name), and its ``core`` is the name: the normal form, the gazetteer code and the entity
stay those of the name («реки Славянки» → Славянка). Agreeing adjectives before the type word
that say where come along («голландском городке Вейк-ан-Зее», not «маленьком»). Not joined:
a type word inside another mention (unless NER tagged it alone as a place: «мысе» +
«Канаверал»), a plural one («в городах России»), and one before a genitive it does not agree
with («город Германии»; «в районе Москвы» is «near Moscow»).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicons import WordSet
from ..lexicons.words import entity_words
from .extensions import mentions, register_extensions, set_mentions
from .intervals import TokenIndex
from .streets import mark_streets
from .tokens import case_of as _case
from .tokens import fold
from .tokens import lemma_of as _lemma
from .trace import note

_AREA_WORDS = entity_words().area_words  # models/entity_words.yaml
_GEOGRAPHIC_ENDINGS = entity_words().geographic_endings
_DIRECTIONS = entity_words().direction_prefixes


def _geographic(lemma: str) -> bool:
    """Adjectives that say where («голландском городке», «тихоокеанский порт», «северо-
    восточный»), not what it is like («маленьком городке», «пограничную реку»)."""
    return lemma.endswith(_GEOGRAPHIC_ENDINGS) or lemma.startswith(_DIRECTIONS)


def describe_places(doc: Doc, spans: list[Span], type_words: WordSet) -> list[Span]:
    """``spans`` with each LOC mention extended over the type word before it."""
    index = TokenIndex((span, span.start, span.end) for span in spans)
    for key, span in enumerate(spans):  # the index's keys are the positions in ``spans``
        if span.label_ != "LOC" or span._.core or span._.derived or span._.street or \
                span.start == 0:
            continue
        extended = _extension(doc, span, index, type_words)
        if extended is None:
            continue
        start, absorbed = extended
        longer = Span(doc, start, span.end, label="LOC")
        longer._.core = [span.start_char, span.end_char]
        if absorbed is not None:
            index.remove(absorbed)
        if key in index:  # not absorbed by an earlier one
            index.replace(key, longer, longer.start, longer.end)
    return index.values()


def _extension(doc: Doc, span: Span, spans: TokenIndex[Span], type_words: WordSet
               ) -> tuple[int, int | None] | None:
    """(new start, the key of a one-token LOC mention of the type word to absorb) or None."""
    head = doc[span.start - 1]
    lemma = _lemma(head)
    if head.pos_ != "NOUN" or not type_words.matches(lemma, fold(head.text)):
        return None
    if head.is_title and not head.is_sent_start:
        return None  # a capitalised word inside a sentence belongs to a name of its own
    if "Plur" in head.morph.get("Number"):
        return None  # «в городах России»
    name_case = _case(span[0])
    if name_case == "Gen" and (lemma in _AREA_WORDS or _case(head) != "Gen"):
        return None  # «в районе Москвы», «город Германии»: of it, not named so
    start = span.start - 1
    case = _case(head)
    while start > 0:
        previous = doc[start - 1]
        if previous.pos_ != "ADJ" or _case(previous) != case or \
                not _geographic(_lemma(previous)):
            break
        start -= 1
    absorbed = None
    for key in spans.keys_touching(start, span.end):  # the others are disjoint
        other = spans.get(key)
        if other is span or other.end <= start or other.start >= span.end:
            continue  # disjoint
        if other.start <= start and span.end <= other.end:
            continue  # an ORG holding both («суда района города Минска»)
        if other.label_ == "LOC" and other.start >= start and other.end <= span.start \
                and len(other) == 1 and other.start == span.start - 1:
            absorbed = key  # NER's «мысе» before «Канаверал»
            continue
        if other.start >= start and other.end <= span.start:
            start = other.end  # adjectives that are mentions of their own stay out
            if start >= span.start:
                return None
            continue
        return None  # crossing another mention
    return start, absorbed


class PlaceTypeWords:
    def __init__(self, nlp: Language, name: str, lexicon: str) -> None:
        from .orgs import load_lexicon

        self.name = name
        self.type_words = load_lexicon(lexicon).place_descriptors
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        current = mentions(doc)
        streets = mark_streets(doc, current)
        placed = describe_places(doc, streets, self.type_words)
        if [(s.start, s.end) for s in placed] != [(s.start, s.end) for s in current]:
            for span in placed:
                if span._.core and span.start_char < span._.core[0]:
                    note(doc, "place_type_word", span)
            set_mentions(doc, placed)
        return doc


@Language.factory("place_type_words", default_config={"lexicon": "org_lexicon.yaml"},
                  assigns=["doc.ents", "doc.spans", "span._.core", "span._.street"],
                  requires=["token.lemma", "token.pos", "token.morph"])
def make_place_type_words(nlp: Language, name: str, lexicon: str) -> PlaceTypeWords:
    return PlaceTypeWords(nlp, name, lexicon)
