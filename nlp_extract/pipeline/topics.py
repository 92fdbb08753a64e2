"""``topic_scorer``: the topics of an article, with a score and the words that justify it.

Reads lemmas and POS; writes ``doc._.topics``:
``[{id, label, score, source, evidence: [{cue, start, end}]}]``, score in 0..1, highest first
(ties by id), only topics at or above ``threshold``. Evidence offsets are character offsets of
the matching tokens in ``doc.text``.

How a taxonomy topic is scored (``source: "taxonomy"``):

1. Cues are matched against lemmas (see :mod:`nlp_extract.topics.cues`), so every inflected
   form counts; a cue in the title counts ``title_weight`` times. The title is the first line
   of the text when a line break follows it (the readers put it there), or ends at
   ``doc.user_data["title_end"]`` when a caller sets that.
2. Negative cues subtract their weight. The rest, divided by the article's length in words
   plus ``length_prior``, is a cue density; ``1 - exp(-density / density_scale)`` turns it into
   a lexical score that does not grow with the length of the article.
3. navec embeddings give the article's similarity to each topic's cues relative to the other
   topics, 0..1 with 0.5 neutral; it scales the lexical score by up to ``± semantic_weight``.
   A topic needs at least one cue in the text (similarity alone adds one to a short text
   only, step 5).
4. Cue senses: a cue with a context (taxonomy version 2) counts only beside its ``requires``
   lemmas and never beside its ``blocked_by`` ones; a single word another topic's phrase covers
   does not count; sentences that are leftover boilerplate (promo lines such as «Подписывайтесь
   на наш канал в Telegram») are not read at all. Topics scoring under ``relative`` × the best
   topic's score are dropped: the article is about its main subjects, not every word.
5. Short texts (at most ``short_words`` words: a headline, a lead): when no topic reaches the
   threshold, the best one with cues still counts if it reaches ``short_threshold``; when no
   cue matches at all, the topic the text is most similar to is given if its similarity
   reaches ``short_similarity``, with the text's nearest words as evidence (cue «≈ word»).

With ``topic_model`` (a folder written by ``nlp-extract topics train``), the model's labels are
added with ``source: "model"``, the probability as score, and as evidence the article's words
that weigh most for the label. The model decides with its own threshold (saved with it, or
``model_threshold``), not with ``threshold``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Token

from ..lexicons import reading_lemmas
from ..structure.boilerplate import promo_sentence
from ..topics.cues import CueIndex
from ..topics.features import CONTENT_POS, content_lemma, doc_terms
from ..topics.model import LinearTopicModel, load_topic_model
from ..topics.semantic import TopicSimilarity
from ..topics.taxonomy import Taxonomy, load_taxonomy
from ..topics.text import fold, title_end
from .arrays import doc_text, non_space_tokens
from .models import navec

TITLE_END_KEY = "title_end"
#: distinct content words a short text needs before similarity alone may give it a topic
MIN_SIMILAR_WORDS = 4
#: centred cosine a word needs to a topic to be named as similarity evidence
NEAREST_FLOOR = 0.1


def register_topic_extensions() -> None:
    if not Doc.has_extension("topics"):
        Doc.set_extension("topics", default=None)


@lru_cache(maxsize=100_000)
def expand_word(word: str, phrase: bool) -> frozenset[str]:
    """The lemma keys a cue word accepts: its own folded form; for a phrase word, or a word
    written in another form than its dictionary form, every pymorphy3 normal form of it."""
    own = fold(word)
    forms = set(reading_lemmas(word))
    if phrase or own not in forms:
        return frozenset(forms | {own})
    return frozenset({own})


@lru_cache(maxsize=4_096)
def _navec_vector(word: str) -> np.ndarray | None:
    vectors = navec()
    return vectors.get(word) if word in vectors else None


def navec_lookup(word: str) -> np.ndarray | None:
    """navec's vector of a lowercase word (tried with ё folded to е too), or None."""
    vector = _navec_vector(word)
    if vector is None and "ё" in word:
        vector = _navec_vector(fold(word))
    return vector


def token_key(token: Token) -> str:
    """A token's folded lemma, or "" for punctuation, numbers and symbols (they break
    phrases)."""
    if token.is_punct or not any(char.isalpha() for char in token.text):
        return ""
    return fold(token.lemma_ or token.text)


def sentence_numbers(doc: Doc, words: Sequence[Token]) -> list[int] | None:
    """Each word's sentence number, or None when the pipeline set no sentence boundaries."""
    if not words or not doc.has_annotation("SENT_START"):
        return None
    numbers, current = [], -1
    for token in words:
        if token.is_sent_start or current < 0:
            current += 1
        numbers.append(current)
    return numbers


def promo_spans(doc: Doc, words: Sequence[Token], sentences: Sequence[int] | None
                ) -> list[tuple[int, int]]:
    """Word ranges of the sentences that are boilerplate promo lines."""
    if sentences is None:
        return []
    text = doc_text(doc)
    spans, start = [], 0
    for i in range(1, len(words) + 1):
        if i == len(words) or sentences[i] != sentences[start]:
            last = words[i - 1]
            if promo_sentence(text[words[start].idx:last.idx + len(last)]):
                spans.append((start, i))
            start = i
    return spans


def doc_title_end(doc: Doc) -> int:
    text = doc_text(doc)
    given = doc.user_data.get(TITLE_END_KEY) if doc.user_data else None
    if isinstance(given, int) and 0 <= given <= len(text):
        return given
    return title_end(text)


class TopicScorer:
    def __init__(self, nlp: Language, name: str, *, taxonomy: str | dict[str, Any] | None,
                 topic_model: str | None, threshold: float, title_weight: float,
                 semantic_weight: float, density_scale: float, length_prior: float,
                 max_topics: int, max_evidence: int, model_threshold: float | None,
                 relative: float = 0.0, short_words: int = 0, short_threshold: float = 1.0,
                 short_similarity: float = 1.0) -> None:
        self.name = name
        self.taxonomy: Taxonomy = load_taxonomy(taxonomy)
        self.index = CueIndex(self.taxonomy, expand_word)
        self.model: LinearTopicModel | None = load_topic_model(topic_model) if topic_model \
            else None
        self.threshold = threshold
        self.title_weight = title_weight
        self.semantic_weight = semantic_weight
        self.density_scale = density_scale
        self.length_prior = length_prior
        self.max_topics = max_topics
        self.max_evidence = max_evidence
        self.model_threshold = model_threshold
        self.relative = relative
        self.short_words = short_words
        self.short_threshold = short_threshold
        self.short_similarity = short_similarity
        self.similarity = TopicSimilarity.build(self.taxonomy.topics, navec_lookup) \
            if semantic_weight > 0 else None
        register_topic_extensions()

    def describe(self) -> dict[str, Any]:
        """What records and manifests say about the topics step."""
        return {
            "taxonomy": self.taxonomy.info(),
            "model": self.model.describe() if self.model is not None else None,
            "threshold": self.threshold,
            "semantic_weight": self.semantic_weight,
            "relative": self.relative,
            "short_words": self.short_words,
        }

    def __call__(self, doc: Doc) -> Doc:
        words = non_space_tokens(doc)
        topics = self.score_taxonomy(doc, words)
        if self.model is not None:
            topics.extend(self.score_model(doc, words))
        topics.sort(key=lambda topic: (-topic["score"], topic["id"], topic["source"]))
        doc._.topics = topics[:self.max_topics]
        return doc

    # -- taxonomy -------------------------------------------------------------------------
    def score_taxonomy(self, doc: Doc, words: Sequence[Token]) -> list[dict[str, Any]]:
        end = doc_title_end(doc)
        weights = [self.title_weight if token.idx < end else 1.0 for token in words]
        length = sum(1 for token in words if token.is_alpha or any(c.isalpha() for c in
                                                                      token.text))
        sentences = sentence_numbers(doc, words)
        keys = [token_key(token) for token in words]
        for start, stop in promo_spans(doc, words, sentences):
            keys[start:stop] = [""] * (stop - start)
        matches = self.index.match(keys, sentences)
        semantic = self._semantic(words, weights) if self.similarity is not None else None
        scored = []
        for topic_index, found in matches.items():
            positive = sum(m.cue.weight * weights[m.start] for m in found if not m.cue.negative)
            if positive <= 0:
                continue
            negative = sum(m.cue.weight * weights[m.start] for m in found if m.cue.negative)
            density = max(0.0, positive - negative) / (length + self.length_prior)
            score = 1.0 - math.exp(-density / self.density_scale)
            if semantic is not None:
                score *= 1.0 + self.semantic_weight * (2.0 * semantic[topic_index] - 1.0)
            score = round(float(min(1.0, max(0.0, score))), 4)
            if score > 0:
                scored.append((score, topic_index, found))
        scored.sort(key=lambda item: (-item[0], self.taxonomy.topics[item[1]].id))
        best = scored[0][0] if scored else 0.0
        kept = [item for item in scored if item[0] >= self.threshold
                and item[0] >= self.relative * best]
        short = 0 < length <= self.short_words
        if not kept and short and scored and best >= self.short_threshold:
            kept = scored[:1]
        results = []
        for score, topic_index, found in kept:
            topic = self.taxonomy.topics[topic_index]
            evidence = [{"cue": m.cue.text, "start": words[m.start].idx,
                         "end": words[m.end - 1].idx + len(words[m.end - 1])}
                        for m in found if not m.cue.negative][:self.max_evidence]
            results.append({"id": topic.id, "label": topic.label_ru, "score": score,
                            "source": "taxonomy", "evidence": evidence})
        if not results and short and not scored and semantic is not None:
            results = self._similar_topic(words, keys, semantic)
        return results

    def _similar_topic(self, words: Sequence[Token], keys: Sequence[str],
                       semantic: np.ndarray) -> list[dict[str, Any]]:
        """The topic a short text without cues is most similar to, with its nearest words."""
        assert self.similarity is not None
        best = int(np.argmax(semantic))
        if float(semantic[best]) < self.short_similarity:
            return []
        content = [(i, (token.lemma_ or token.text).lower()) for i, token in enumerate(words)
                   if keys[i] and token.pos_ in ("NOUN", "ADJ", "VERB", "PROPN")
                   and content_lemma((token.lemma_ or token.text).lower(), token.pos_)]
        if len({lemma for _, lemma in content}) < MIN_SIMILAR_WORDS:
            return []
        nearest = self.similarity.nearest([lemma for _, lemma in content], best, limit=3,
                                           floor=NEAREST_FLOOR)
        if not nearest:
            return []
        topic = self.taxonomy.topics[best]
        evidence = []
        for position in sorted(nearest):
            i, lemma = content[position]
            evidence.append({"cue": f"≈ {lemma}", "start": words[i].idx,
                             "end": words[i].idx + len(words[i])})
        score = round(float(self.threshold * semantic[best]), 4)
        return [{"id": topic.id, "label": topic.label_ru, "score": score,
                 "source": "taxonomy", "evidence": evidence}]

    def _semantic(self, words: Sequence[Token], weights: Sequence[float]) -> np.ndarray | None:
        assert self.similarity is not None
        lemmas = []
        for token, weight in zip(words, weights, strict=True):
            lemma = (token.lemma_ or token.text).lower()
            if token.pos_ in ("NOUN", "ADJ") and content_lemma(lemma, token.pos_) is not None:
                lemmas.append((lemma, weight))
        if not lemmas:
            return None
        return self.similarity.scores(lemmas)

    # -- trained model --------------------------------------------------------------------
    def score_model(self, doc: Doc, words: Sequence[Token]) -> list[dict[str, Any]]:
        assert self.model is not None
        terms = doc_terms(doc, bigrams=self.model.bigrams)
        if not terms:
            return []
        predicted = self.model.predict([terms], threshold=self.model_threshold)[0]
        keys = [content_lemma(token.lemma_ or token.text, token.pos_) if token.pos_ in
                CONTENT_POS else None for token in words]
        results = []
        for label, probability in predicted:
            score = round(float(probability), 4)
            evidence = []
            for term in self.model.explain(terms, label, limit=self.max_evidence):
                parts = term.split()
                for i in range(len(keys) - len(parts) + 1):
                    if all(keys[i + j] == part for j, part in enumerate(parts)):
                        last = words[i + len(parts) - 1]
                        evidence.append({"cue": term, "start": words[i].idx,
                                         "end": last.idx + len(last)})
            evidence.sort(key=lambda item: (item["start"], item["end"], item["cue"]))
            name = self.taxonomy[label].label_ru if label in self.taxonomy else label
            results.append({"id": label, "label": name, "score": score, "source": "model",
                            "evidence": evidence[:self.max_evidence]})
        return results


@Language.factory(
    "topic_scorer",
    default_config={
        "taxonomy": None,
        "topic_model": None,
        "threshold": 0.3,
        "title_weight": 2.0,
        "semantic_weight": 0.3,
        "density_scale": 0.04,
        "length_prior": 20.0,
        "max_topics": 10,
        "max_evidence": 10,
        "model_threshold": None,
        "relative": 0.6,
        "short_words": 30,
        "short_threshold": 0.1,
        "short_similarity": 0.6,
    },
    assigns=["doc._.topics"],
    requires=["token.lemma", "token.pos"],
)
def make_topic_scorer(nlp: Language, name: str, taxonomy: str | dict[str, Any] | None,
                      topic_model: str | None, threshold: float, title_weight: float,
                      semantic_weight: float, density_scale: float, length_prior: float,
                      max_topics: int, max_evidence: int, model_threshold: float | None,
                      relative: float, short_words: int, short_threshold: float,
                      short_similarity: float) -> TopicScorer:
    return TopicScorer(nlp, name, taxonomy=taxonomy, topic_model=topic_model,
                       threshold=threshold, title_weight=title_weight,
                       semantic_weight=semantic_weight, density_scale=density_scale,
                       length_prior=length_prior, max_topics=max_topics,
                       max_evidence=max_evidence, model_threshold=model_threshold,
                       relative=relative, short_words=short_words,
                       short_threshold=short_threshold, short_similarity=short_similarity)


PIPE_NAME = "topic_scorer"


def topic_config(config: dict[str, dict[str, Any]], taxonomy: Any = None,
                 topic_model: Any = None) -> dict[str, dict[str, Any]]:
    """``config`` with ``taxonomy`` (a path or mapping) and ``topic_model`` (a folder) set for
    ``topic_scorer``; both are checked here so a bad one fails before any model loads."""
    if taxonomy is None and topic_model is None:
        return config
    settings = dict(config.get(PIPE_NAME, {}))
    if taxonomy is not None:
        loaded = load_taxonomy(taxonomy)
        settings["taxonomy"] = loaded.to_dict() if not isinstance(taxonomy, str | Path) \
            else str(taxonomy)
    if topic_model is not None:
        load_topic_model(topic_model)
        settings["topic_model"] = str(topic_model)
    return {**config, PIPE_NAME: settings}


def topics_info(nlp: Language) -> dict[str, Any]:
    """``{"topics": {...}}`` describing the taxonomy and model in use, or {} without scorer."""
    if PIPE_NAME not in nlp.pipe_names:
        return {}
    return {"topics": nlp.get_pipe(PIPE_NAME).describe()}
