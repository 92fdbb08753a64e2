"""slovnet's news NER as a spaCy component: ``doc.ents`` with PER, LOC, ORG.

Texts are cut into chunks of whole sentences (at most ``chunk_chars`` characters unless one
sentence is longer), chunks of all documents in a batch are tagged together sorted by length,
and spans are mapped back to exact offsets of the document.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .arrays import PARAGRAPH_STARTS_KEY, TokenTable, token_table
from .batching import (
    BatchedComponent,
    map_sorted_by_length,
    tagging_groups,
    windows,
)
from .extensions import register_extensions, set_mentions
from .models import ner_tagger
from .packed_tagging import packed_tags

# a document longer than this is tagged alone, this many tokens at a time (sorted by length)
WINDOW_TOKENS = 65_536


def _pieces(table: TokenTable, chunk_chars: int,
            joined: Collection[int] = ()) -> list[tuple[int, int]]:
    """Character ranges of the sentences; a sentence longer than ``chunk_chars`` is cut
    between tokens. A sentence beginning at an offset of ``joined`` continues the one before
    (the tokenizer's blank-line sentences: chunks are packed from razdel's sentences)."""
    pieces: list[tuple[int, int]] = []
    for words in table.iter_sentences():
        if pieces and table.starts[words[0]] in joined:
            words = [*_words_between(table, *pieces.pop()), *words]
        start, previous_end = table.starts[words[0]], table.ends[words[0]]
        for index in words[1:]:
            end = table.ends[index]
            if end - start > chunk_chars:
                pieces.append((start, previous_end))
                start = table.starts[index]
            previous_end = end
        pieces.append((start, previous_end))
    return pieces


def _words_between(table: TokenTable, start: int, end: int) -> list[int]:
    first, last = table.first_token_from(start), table.first_token_from(end)
    return [index for index in range(first, last) if not table.space[index]]


def sentence_chunks(table: TokenTable, chunk_chars: int,
                    joined: Collection[int] = ()) -> list[tuple[int, int]]:
    """Character ranges of consecutive sentences, each at most ``chunk_chars`` long if possible."""
    chunks: list[tuple[int, int]] = []
    start = end = None
    for sent_start, sent_end in _pieces(table, chunk_chars, joined):
        if start is None:
            start, end = sent_start, sent_end
        elif sent_end - start > chunk_chars:
            chunks.append((start, end))
            start, end = sent_start, sent_end
        else:
            end = sent_end
    if start is not None and end is not None:
        chunks.append((start, end))
    return chunks


class SlovnetNER(BatchedComponent):
    def __init__(self, nlp: Language, name: str, batch_size: int, chunk_chars: int) -> None:
        self.name = name
        self.chunk_chars = chunk_chars
        self.batch_size = batch_size
        self.tagger = ner_tagger(batch_size)
        register_extensions()

    def _tag(self, docs: list[Doc]) -> None:
        found: dict[int, list[Span]] = {id(doc): [] for doc in docs}
        for group, limit in tagging_groups([len(doc) for doc in docs], WINDOW_TOKENS):
            # a chunk: its document, its token table, its word indices
            jobs = ((doc, table, _words_between(table, start, end))
                    for doc, table in ((docs[number], token_table(docs[number]))
                                       for number in group)
                    for start, end in sentence_chunks(
                        table, self.chunk_chars,
                        frozenset(doc.user_data.get(PARAGRAPH_STARTS_KEY, ()))))
            for window in windows(jobs, lambda job: len(job[2]), limit):
                known: dict[str, str] = {}  # one string per distinct word
                items = [[known.setdefault(word, word) for word in map(table.word, indices)]
                         for _doc, table, indices in window]
                tags = map_sorted_by_length(
                    items, partial(packed_tags, self.tagger, batch_size=self.batch_size), len)
                for (doc, _table, indices), chunk_tags in zip(window, tags, strict=True):
                    for first, last, label in bio_spans(chunk_tags):
                        found[id(doc)].extend(
                            Span(doc, start, end, label=label)
                            for start, end in glued_pieces(doc, indices[first], indices[last] + 1))
        for doc in docs:
            set_mentions(doc, found[id(doc)])


def glued_pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A mention cut where a sentence a scraper glued to the word before it begins (the
    tokenizer's cut: :func:`.tokenizer.glued_at`, a Latin word before a Cyrillic capital): NER
    reads the two as one chunk and may tag across them. The part before the cut stays; the
    part after it only when it has two words or more («URA.RUМинистерство образования» →
    «URA.RU», «Министерство образования»; «КазаньСостав» → «Казань»). Other sentence starts
    inside a mention are the cleanup's (a paragraph break splits it there)."""
    for index in range(start + 1, end):
        before = doc[index - 1]
        if doc[index].is_sent_start and not before.whitespace_ and before.is_alpha:
            after = [(index, end)] if end - index >= 2 else []
            return [(start, index), *after]
    return [(start, end)]


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first word, last word, type) of each entity, read as slovnet reads BIO tags: O
    closes, B opens, I extends what is open."""
    spans: list[tuple[int, int, str]] = []
    current: list[Any] | None = None
    for index, tag in enumerate(tags):
        part, _, kind = tag.partition("-")
        if part == "B":
            if current:
                spans.append((current[0], current[1], current[2]))
            current = [index, index, kind]
        elif part == "I":
            if current:
                current[1] = index
        elif current:
            spans.append((current[0], current[1], current[2]))
            current = None
    if current:
        spans.append((current[0], current[1], current[2]))
    return spans


@Language.factory(
    "slovnet_ner",
    default_config={"batch_size": 16, "chunk_chars": 2000},
    assigns=["doc.ents", "doc.spans"],
)
def make_slovnet_ner(nlp: Language, name: str, batch_size: int, chunk_chars: int) -> SlovnetNER:
    return SlovnetNER(nlp, name, batch_size, chunk_chars)
