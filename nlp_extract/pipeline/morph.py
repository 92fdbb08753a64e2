"""slovnet's news morph tagger as a spaCy component: ``token.pos_`` and ``token.morph``."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import numpy
from spacy.attrs import MORPH, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from .arrays import TokenTable, token_table
from .batching import (
    BatchedComponent,
    map_sorted_by_length,
    tagging_groups,
    windows,
)
from .models import morph_tagger
from .packed_tagging import packed_tags

MAX_TAGGED_TOKENS = 256
# a document longer than this is tagged alone, this many tokens at a time (sorted by length)
WINDOW_TOKENS = 65_536


def sentence_words(table: TokenTable, max_tokens: int = MAX_TAGGED_TOKENS
                   ) -> Iterator[list[int]]:
    """Token indices of the non-space tokens of each sentence; a run-on "sentence" (a list, a
    text without punctuation) is cut into pieces of ``max_tokens`` so memory stays bounded."""
    for indices in table.iter_sentences():
        for start in range(0, len(indices), max_tokens):
            yield indices[start:start + max_tokens]


def format_feats(feats: dict[str, str]) -> str:
    return "|".join(f"{key}={feats[key]}" for key in sorted(feats))


class SlovnetMorph(BatchedComponent):
    def __init__(self, nlp: Language, name: str, batch_size: int) -> None:
        self.name = name
        self.batch_size = batch_size
        self.tagger = morph_tagger(batch_size)
        self.vocab = nlp.vocab
        self._hashes: dict[str, int] = {}
        self._tag_ids: dict[str, tuple[int, int]] = {}

    def _tag(self, docs: list[Doc]) -> None:
        tables = [token_table(doc) for doc in docs]
        arrays = [self._blank(doc, table) for doc, table in zip(docs, tables, strict=True)]
        for group, limit in tagging_groups([len(doc) for doc in docs], WINDOW_TOKENS):
            jobs = ((number, indices) for number in group
                    for indices in sentence_words(tables[number]))
            for window in windows(jobs, lambda job: len(job[1]), limit):
                self._tag_window(tables, arrays, window)
        for doc, values in zip(docs, arrays, strict=True):
            if len(doc):
                doc.from_array([POS, MORPH], values)

    def _tag_window(self, tables: list[TokenTable], arrays: list[numpy.ndarray],
                    window: list[tuple[int, list[int]]]) -> None:
        known: dict[str, str] = {}  # one string per distinct word
        items = [[known.setdefault(word, word) for word in map(tables[number].word, indices)]
                 for number, indices in window]
        tags = map_sorted_by_length(
            items, partial(packed_tags, self.tagger, batch_size=self.batch_size), len)
        for (number, indices), sentence_tags in zip(window, tags, strict=True):
            values = arrays[number]
            for index, tag in zip(indices, sentence_tags, strict=True):
                values[index, 0], values[index, 1] = self._ids(tag)

    @staticmethod
    def _blank(doc: Doc, table: TokenTable) -> numpy.ndarray:
        values = numpy.zeros((len(doc), 2), dtype="uint64")
        values[:, 0] = [POS_IDS["SPACE"] if space else POS_IDS["X"] for space in table.space]
        return values

    def _ids(self, tag: str) -> tuple[int, int]:
        """(POS id, morphology hash) of a slovnet tag, parsed once per distinct tag."""
        ids = self._tag_ids.get(tag)
        if ids is None:
            pos, _, rest = tag.partition("|")
            feats = dict(pair.split("=", 1) for pair in rest.split("|")) if rest else {}
            ids = self._tag_ids[tag] = (POS_IDS.get(pos, POS_IDS["X"]), self._morph_hash(feats))
        return ids

    def _morph_hash(self, feats: dict[str, str]) -> int:
        key = format_feats(feats)
        value = self._hashes.get(key)
        if value is None:
            value = self._hashes[key] = self.vocab.morphology.add(key) if key else 0
        return value


@Language.factory(
    "slovnet_morph",
    default_config={"batch_size": 16},
    assigns=["token.pos", "token.morph"],
)
def make_slovnet_morph(nlp: Language, name: str, batch_size: int) -> SlovnetMorph:
    return SlovnetMorph(nlp, name, batch_size)
