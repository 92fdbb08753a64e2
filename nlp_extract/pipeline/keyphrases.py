"""``keyphrase_extractor``: the noun phrases an article is about, in the nominative.

Reads POS, morphology and lemmas; writes ``doc._.keyphrases``: ``[{text, normal, score}]``,
best first, at most ``max_keyphrases``.

- Candidates are noun groups inside a sentence: adjectives or participles agreeing in case with
  a head noun, then up to ``max_tail`` nouns in the genitive with their own adjectives
  («органах опеки Кировского района», «личный прием граждан»). Every prefix that ends in a noun
  is a candidate («органы опеки», «органы опеки Кировского района»).
- Candidates with the same lemmas are one keyphrase («личного приема граждан», «личные приемы
  граждан»); ``text`` is its first occurrence as written, ``normal`` its commonest nominative
  (head and its adjectives inflected with :func:`nlp_extract.pipeline.normalizer.
  normalize_phrase`, the genitive tail kept).
- A candidate that only ever occurs inside one longer candidate is dropped in its favour; a
  single word must occur twice; a candidate that is somewhere exactly a person or place
  mention of ``doc.ents`` is left to the entities.
- Score: the sum over occurrences of a position weight (``title_weight`` in the title, then
  from 1.5 at the start of the text down to 1 at its end) times a length factor (one word
  counts 0.4, two words 1, three or more 1.2), scaled so the best keyphrase scores 1.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..topics.text import fold, word_set
from .arrays import doc_text
from .casing import is_name_word, lower_first, starts_sentence
from .normalizer import join_like, normalize_phrase
from .topics import doc_title_end

_STOP_HEADS = word_set("""
    год время день раз число часть случай месяц неделя минута час сутки конец начало середина
    сторона ряд вид тип образ мера пример слово вопрос тема дело факт отношение причина связь
    человек люди который такой это то что этот весь свой сам другой
    """)
_STOP_MODIFIERS = word_set("""
    который такой этот тот весь свой сам другой каждый любой некоторый данный один первый
    второй последний следующий наш ваш его её их мой твой никакой какой ещё
    """)
_LENGTH_FACTOR = {1: 0.4, 2: 1.0}
_ENTITY_LABELS = frozenset({"PER", "LOC"})


def register_keyphrase_extensions() -> None:
    if not Doc.has_extension("keyphrases"):
        Doc.set_extension("keyphrases", default=None)


def _case(token: Token) -> str | None:
    values = token.morph.get("Case")
    return values[0] if values else None


def _wordlike(token: Token) -> bool:
    return token.is_alpha or (any(c.isalpha() for c in token.text)
                              and all(c.isalpha() or c == "-" for c in token.text))


def is_modifier(token: Token) -> bool:
    if not _wordlike(token) or fold(token.lemma_) in _STOP_MODIFIERS:
        return False
    return token.pos_ == "ADJ" or (token.pos_ == "VERB"
                                   and "Part" in token.morph.get("VerbForm"))


def is_head(token: Token) -> bool:
    return token.pos_ == "NOUN" and _wordlike(token) and len(token.text) > 1 \
        and fold(token.lemma_) not in _STOP_HEADS


def is_tail(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and _wordlike(token) and _case(token) == "Gen"


def _adjacent(words: Sequence[Token], i: int) -> bool:
    """Whether ``words[i]`` directly follows ``words[i - 1]`` in the same sentence."""
    return words[i].i == words[i - 1].i + 1 and not words[i].is_sent_start


def noun_groups(words: Sequence[Token], max_tail: int = 2) -> list[tuple[int, list[int]]]:
    """``(start, ends)`` per noun group of ``words`` (non-space tokens): the group starts at
    ``start`` and may end (exclusive) at each of ``ends``, shortest first."""
    groups = []
    i, n = 0, len(words)
    while i < n:
        j = i
        while j < n and is_modifier(words[j]) and (j == i or _adjacent(words, j)):
            j += 1
        if j >= n or not is_head(words[j]) or (j > i and not _adjacent(words, j)):
            i = max(j, i + 1)
            continue
        head_case = _case(words[j])
        start = j
        while start > i and _case(words[start - 1]) == head_case:
            start -= 1
        ends = [j + 1]
        k = j + 1
        while len(ends) <= max_tail and k < n and _adjacent(words, k):
            m = k
            while m < n and is_modifier(words[m]) and _case(words[m]) == "Gen" \
                    and _adjacent(words, m):
                m += 1
            if m < n and is_tail(words[m]) and _adjacent(words, m):
                ends.append(m + 1)
                k = m + 1
            else:
                break
        groups.append((start, ends))
        i = ends[-1]
    return groups


def _normal(doc: Doc, words: Sequence[Token], start: int, end: int) -> str:
    span = doc[words[start].i:words[end - 1].i + 1]
    normal = join_like(span, normalize_phrase(list(span)))
    first = words[start]
    if first.pos_ != "PROPN" and first.text[:1].isupper() and not first.text.isupper() \
            and starts_sentence(first) and not is_name_word(first.text):
        normal = lower_first(normal)
    if "ё" not in span.text.lower():
        normal = normal.replace("ё", "е").replace("Ё", "Е")
    return normal


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
        register_keyphrase_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.keyphrases = self.keyphrases(doc)
        return doc

    def keyphrases(self, doc: Doc) -> list[dict[str, Any]]:
        words = [token for token in doc if not token.is_space]
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
        scored = []
        for key, candidate in kept.items():
            if len(key) == 1 and candidate.count < 2:
                continue
            if candidate.spans & names:
                continue
            scored.append((candidate.weight * _LENGTH_FACTOR.get(len(key), 1.2), candidate))
        scored.sort(key=lambda item: (-item[0], item[1].first, item[1].text))
        best = scored[0][0] if scored else 1.0
        seen: set[str] = set()
        cache: dict[tuple[Any, ...], str] = {}
        result = []
        for score, candidate in scored:
            # normal forms only for what is shown: inflecting is the costly part
            normals = Counter(self._normal_once(cache, doc, words, start, end)
                              for start, end in candidate.occurrences)
            normal = max(normals.items(), key=lambda item: (item[1], -len(item[0])))[0]
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
        """``_normal`` of an occurrence, computed once per distinct wording and tagging."""
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
