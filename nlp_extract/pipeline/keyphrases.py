"""``keyphrase_extractor``: the noun phrases an article is about, in the nominative.

Reads POS, morphology and lemmas; writes ``doc._.keyphrases``: ``[{text, normal, score}]``,
best first, at most ``max_keyphrases``.

- Candidates are noun groups inside a sentence: adjectives or participles agreeing in case,
  number and gender with a head noun (:func:`agrees`), then up to ``max_tail`` nouns in the
  genitive with their own adjectives («органах опеки Кировского района», «личный прием
  граждан»). Every prefix that ends in a noun is a candidate («органы опеки», «органы опеки
  Кировского района»), unless it ends inside a name (:func:`cuts_a_name`, :func:`cuts_a_person`).
- The word lists are data, in ``models/keyphrase_rules.yaml``: ``stop_heads`` never head a
  group (млн, тыс, руб, месяцы, …), ``vague_heads`` are no keyphrase alone (страна, данные),
  ``stop_modifiers``, and ``fixed_phrases`` whose noun works as a preposition («с помощью», «за
  счёт»: :func:`in_fixed_phrase`).
- Candidates with the same lemmas are one keyphrase («личного приема граждан», «личные приемы
  граждан»); ``text`` is its first occurrence as written, ``normal`` its commonest nominative
  (head and its adjectives inflected with :func:`nlp_extract.pipeline.normalizer.
  normalize_phrase`, the genitive tail kept).
- A candidate that only ever occurs inside one longer candidate is dropped in its favour; a
  single word must occur twice; a candidate that is somewhere exactly a person or place
  mention of ``doc.ents`` is left to the entities; one whose normal form does not read as a
  nominative phrase with its tail as written (:func:`fits_group`) is dropped.
- Score: the sum over occurrences of a position weight (``title_weight`` in the title, then
  from 1.5 at the start of the text down to 1 at its end) times a length factor (one word
  counts 0.4, two words 1, three or more 1.2), scaled so the best keyphrase scores 1.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..errors import InternalError
from ..folding import fold_yo
from ..resources import load_data_file
from ..topics.text import fold
from .arrays import doc_text, non_space_tokens
from .casing import is_name_word, lower_first, starts_sentence
from .models import morph_analyzer
from .normalizer import join_like, normalize_phrase
from .tokens import agrees, case_of
from .topics import doc_title_end

RULES_FILE = "keyphrase_rules.yaml"
RULES_FORMAT = "nlp_extract.keyphrase_rules"


@dataclass(frozen=True)
class KeyphraseRules:
    """The word lists of ``models/keyphrase_rules.yaml`` (folded: lower case, «ё» as «е»)."""

    stop_heads: frozenset[str]
    vague_heads: frozenset[str]
    stop_modifiers: frozenset[str]
    fixed_phrases: frozenset[tuple[str, str]]  # (preposition, noun as written)


def _word_list(data: dict[str, Any], key: str) -> frozenset[str]:
    values = data.get(key)
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise InternalError(f"models/{RULES_FILE}: {key!r} must be a list of words")
    return frozenset(fold(value.strip()) for value in values)


@cache
def keyphrase_rules() -> KeyphraseRules:
    """The rules of ``models/keyphrase_rules.yaml``, loaded and checked once."""
    data = load_data_file(RULES_FILE, RULES_FORMAT)
    phrases = set()
    for phrase in _word_list(data, "fixed_phrases"):
        words = phrase.split()
        if len(words) != 2:
            raise InternalError(f"models/{RULES_FILE}: fixed phrase {phrase!r} must be a "
                                "preposition and a noun")
        phrases.add((words[0], words[1]))
    return KeyphraseRules(stop_heads=_word_list(data, "stop_heads"),
                          vague_heads=_word_list(data, "vague_heads"),
                          stop_modifiers=_word_list(data, "stop_modifiers"),
                          fixed_phrases=frozenset(phrases))


_LENGTH_FACTOR = {1: 0.4, 2: 1.0}
_ENTITY_LABELS = frozenset({"PER", "LOC"})


def register_keyphrase_extensions() -> None:
    if not Doc.has_extension("keyphrases"):
        Doc.set_extension("keyphrases", default=None)


def _wordlike(token: Token) -> bool:
    """A word, hyphenated or not, but no piece of one («теле-» of «теле- и радиокомпаний»)."""
    text = token.text
    if text.startswith("-") or text.endswith("-"):
        return False
    return token.is_alpha or (any(c.isalpha() for c in text)
                              and all(c.isalpha() or c == "-" for c in text))


def is_modifier(token: Token) -> bool:
    pos = token.pos_  # first: most words are neither, and the tag is the cheapest question
    if pos not in ("ADJ", "VERB") or not _wordlike(token) or \
            fold(token.lemma_) in keyphrase_rules().stop_modifiers:
        return False
    return pos == "ADJ" or "Part" in token.morph.get("VerbForm")


def is_head(token: Token) -> bool:
    return token.pos_ == "NOUN" and _wordlike(token) and len(token.text) > 1 \
        and fold(token.lemma_) not in keyphrase_rules().stop_heads


def is_tail(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and _wordlike(token) and case_of(token) == "Gen"


def _adjacent(words: Sequence[Token], i: int) -> bool:
    """Whether ``words[i]`` directly follows ``words[i - 1]`` in the same sentence."""
    return words[i].i == words[i - 1].i + 1 and not words[i].is_sent_start


# -- rules: each answers one question about one place in a noun group ----------------------

def in_fixed_phrase(words: Sequence[Token], j: int) -> bool:
    """«с помощью шаттлов», «за счёт средств»: the noun at ``j`` is part of a prepositional
    phrase that works as a preposition (``fixed_phrases``), so it heads no keyphrase."""
    if j == 0 or words[j].is_sent_start:
        return False
    before, noun = words[j - 1], words[j]
    if any(not token.is_space for token in noun.doc[before.i + 1:noun.i]):
        return False  # a no-break space («По\xa0данным») is a token of its own
    return (fold(before.text), fold(noun.text)) in keyphrase_rules().fixed_phrases


@lru_cache(maxsize=20_000)
def _given_name(word: str) -> bool:
    """The dictionary reads the word as a first name or a patronymic."""
    return any({"Name", "Patr"} & set(parse.tag.grammemes)
               for parse in morph_analyzer().parse(word.lower()))


def cuts_a_name(words: Sequence[Token], end: int, start: int = 0, head_end: int = -1) -> bool:
    """A group may not end inside a name (the name must be whole, or left out): not with a
    first name or patronymic that a capitalised word continues («убийство Джона» of «убийство
    Джона Леннона»), nor, when the group starts with a capital inside a sentence (a name), at
    its head (``end == head_end``) right before a name in Latin letters («Российский фонд» of
    «Российский фонд DST»; «социальной сети Facebook» gives «социальная сеть»)."""
    if end >= len(words) or not _adjacent(words, end):
        return False
    last, following = words[end - 1], words[end]
    if (end == head_end and following.text[:1].isascii() and following.text[:1].isupper()
            and words[start].text[:1].isupper() and not starts_sentence(words[start])):
        return True
    return (last.text[:1].isupper() and _given_name(last.text)
            and following.text[:1].isupper() and _wordlike(following))


def noun_groups(words: Sequence[Token], max_tail: int = 2) -> list[tuple[int, list[int]]]:
    """``(start, ends)`` per noun group of ``words`` (non-space tokens): the group starts at
    ``start`` and may end (exclusive) at each of ``ends``, shortest first."""
    groups = []
    i, n = 0, len(words)
    while i < n:
        j = i
        while j < n and is_modifier(words[j]) and (j == i or _adjacent(words, j)):
            j += 1
        if j >= n or not is_head(words[j]) or (j > i and not _adjacent(words, j)) \
                or (j == i and in_fixed_phrase(words, j)):
            i = max(j, i + 1)
            continue
        head = words[j]
        start = j
        while start > i and agrees(words[start - 1], head):
            start -= 1
        ends = [j + 1]
        k = j + 1
        while len(ends) <= max_tail and k < n and _adjacent(words, k):
            m = k
            while m < n and is_modifier(words[m]) and case_of(words[m]) == "Gen" \
                    and _adjacent(words, m):
                m += 1
            if m < n and is_tail(words[m]) and _adjacent(words, m):
                ends.append(m + 1)
                k = m + 1
            else:
                break
        whole = [end for end in ends if not cuts_a_name(words, end, start, head_end=j + 1)]
        if whole:
            groups.append((start, whole))
        i = ends[-1]
    return groups


def cuts_a_person(spans: set[tuple[int, int]], inside_names: set[int]) -> bool:
    """A phrase that starts or ends inside a person's name («убийство Джона» of «убийство
    Джона Леннона») keeps no name whole."""
    return any(start in inside_names or end in inside_names for start, end in spans)


def _head_index(words: Sequence[Token], start: int, end: int) -> int:
    """Position in the group of its head: the first noun (modifiers come before it)."""
    return next((k - start for k in range(start, end) if words[k].pos_ == "NOUN"), 0)


@lru_cache(maxsize=20_000)
def _nominative_readings(word: str) -> tuple[tuple[str | None, str | None], ...]:
    """(number, gender) of each nominative reading of ``word`` by the dictionary."""
    return tuple((str(parse.tag.number or "") or None, str(parse.tag.gender or "") or None)
                 for parse in morph_analyzer().parse(word.lower())
                 if parse.tag.case == "nomn")


def is_nominative(normal: str, head: int) -> bool:
    """The normal form reads as a nominative phrase: its head noun has a nominative reading
    and each adjective before it a nominative reading agreeing with one of the head's in
    number (and in gender in the singular). Words after the head (the genitive tail) are not
    checked; a normal whose words cannot be lined up with the group is accepted."""
    words = normal.split()
    if head >= len(words):
        return True
    head_readings = _nominative_readings(words[head])
    if not head_readings:
        return False
    for modifier in words[:head]:
        readings = _nominative_readings(modifier)
        if not any(number == head_number and (number != "sing" or gender is None
                                              or head_gender is None or gender == head_gender
                                              or head_gender == "ms-f")
                   for number, gender in readings for head_number, head_gender in head_readings):
            return False
    return True


def fits_group(normal: str, words: Sequence[Token], start: int, end: int) -> bool:
    """The normal form of the group ``words[start:end]`` reads as a nominative phrase
    (:func:`is_nominative`) and keeps its genitive tail as written: «данные клиенты» of
    «данные клиентов» inflected the tail, not the head."""
    head = _head_index(words, start, end)
    parts = normal.split()
    if len(parts) == end - start and \
            parts[head + 1:] != [token.text for token in words[start + head + 1:end]]:
        return False
    return is_nominative(normal, head)


def _normal(doc: Doc, words: Sequence[Token], start: int, end: int) -> str:
    span = doc[words[start].i:words[end - 1].i + 1]
    normal = join_like(span, normalize_phrase(list(span)))
    first = words[start]
    if first.pos_ != "PROPN" and first.text[:1].isupper() and not first.text.isupper() \
            and starts_sentence(first) and not is_name_word(first.text):
        normal = lower_first(normal)
    if "ё" not in span.text.lower():
        normal = fold_yo(normal)
    return normal


NORMALS_REMEMBERED = 50_000  # wordings; the table starts again when full


@dataclass
class _Candidate:
    text: str
    first: int
    weight: float = 0.0
    count: int = 0
    occurrences: list[tuple[int, int]] = field(default_factory=list)  # word index ranges
    spans: set[tuple[int, int]] = field(default_factory=set)


class KeyphraseExtractor:
    def __init__(self, nlp: Language, name: str, *, max_keyphrases: int, title_weight: float,
                 max_tail: int) -> None:
        self.name = name
        self.max_keyphrases = max_keyphrases
        self.title_weight = title_weight
        self.max_tail = max_tail
        self._normals: dict[tuple[Any, ...], str] = {}
        register_keyphrase_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.keyphrases = self.keyphrases(doc)
        return doc

    def keyphrases(self, doc: Doc) -> list[dict[str, Any]]:
        words = non_space_tokens(doc)
        if not words:
            return []
        text = doc_text(doc)
        title_end = doc_title_end(doc)
        size = max(1, len(text))
        candidates: dict[tuple[str, ...], _Candidate] = {}
        for start, ends in noun_groups(words, self.max_tail):
            first = words[start]
            position = self.title_weight if first.idx < title_end else \
                1.5 - 0.5 * first.idx / size
            for end in ends:
                key = tuple(fold(token.lemma_) for token in words[start:end])
                last = words[end - 1]
                candidate = candidates.setdefault(key, _Candidate(
                    text=text[first.idx:last.idx + len(last)], first=first.idx))
                candidate.weight += position
                candidate.count += 1
                candidate.occurrences.append((start, end))
                candidate.spans.add((first.idx, last.idx + len(last)))
        kept = self._drop_contained(candidates)
        names = {(span.start_char, span.end_char) for span in doc.ents
                 if span.label_ in _ENTITY_LABELS}
        inside_names = {offset for span in doc.ents if span.label_ == "PER"
                        for offset in range(span.start_char + 1, span.end_char)}
        vague = keyphrase_rules().vague_heads
        scored = []
        for key, candidate in kept.items():
            if len(key) == 1 and (candidate.count < 2 or key[0] in vague):
                continue
            if candidate.spans & names or cuts_a_person(candidate.spans, inside_names):
                continue
            scored.append((candidate.weight * _LENGTH_FACTOR.get(len(key), 1.2), candidate))
        scored.sort(key=lambda item: (-item[0], item[1].first, item[1].text))
        best = scored[0][0] if scored else 1.0
        seen: set[str] = set()
        cache = self._normals
        if len(cache) > NORMALS_REMEMBERED:
            cache.clear()
        result = []
        for score, candidate in scored:
            # normal forms only for what is shown: inflecting is the costly part
            found = [self._normal_once(cache, doc, words, start, end)
                     for start, end in candidate.occurrences]
            normals = Counter(found)
            fits = {normal: fits_group(normal, words, start, end)
                    for normal, (start, end) in zip(found, candidate.occurrences, strict=True)}
            fitting = [(count, normal) for normal, count in normals.items() if fits[normal]]
            if not fitting:
                continue  # «курсором мышка», «грудной вскармливание»: no phrase, no keyphrase
            normal = max(fitting, key=lambda item: (item[0], -len(item[1])))[1]
            if fold(normal) in seen:
                continue
            seen.add(fold(normal))
            result.append({"text": candidate.text, "normal": normal,
                           "score": round(score / best, 4)})
            if len(result) >= self.max_keyphrases:
                break
        return result

    @staticmethod
    def _normal_once(cache: dict[tuple[Any, ...], str], doc: Doc, words: Sequence[Token],
                     start: int, end: int) -> str:
        """``_normal`` of an occurrence, computed once per distinct wording and tagging (of
        the texts this component read: a wording's normal form does not depend on the doc)."""
        span = doc[words[start].i:words[end - 1].i + 1]
        key = (tuple((token.orth, token.pos, token.morph.key, token.whitespace_)
                     for token in span), starts_sentence(words[start]))
        normal = cache.get(key)
        if normal is None:
            normal = cache[key] = _normal(doc, words, start, end)
        return normal

    @staticmethod
    def _drop_contained(candidates: dict[tuple[str, ...], _Candidate]
                        ) -> dict[tuple[str, ...], _Candidate]:
        """Drop a candidate whose every occurrence is the start of one longer candidate that
        occurs as often (it says nothing the longer one does not)."""
        longer: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for key in candidates:
            for cut in range(1, len(key)):
                if key[:cut] in candidates:
                    longer[key[:cut]].append(key)
        kept = {}
        for key, candidate in candidates.items():
            if any(candidates[other].count == candidate.count for other in longer.get(key, ())):
                continue
            kept[key] = candidate
        return kept


@Language.factory(
    "keyphrase_extractor",
    default_config={"max_keyphrases": 10, "title_weight": 2.0, "max_tail": 2},
    assigns=["doc._.keyphrases"],
    requires=["token.pos", "token.morph", "token.lemma"],
)
def make_keyphrase_extractor(nlp: Language, name: str, max_keyphrases: int, title_weight: float,
                             max_tail: int) -> KeyphraseExtractor:
    return KeyphraseExtractor(nlp, name, max_keyphrases=max_keyphrases,
                              title_weight=title_weight, max_tail=max_tail)
