"""slovnet's news NER as a spaCy component: ``doc.ents`` with PER, LOC, ORG.

Texts are cut into chunks of whole sentences (at most ``chunk_chars`` characters unless one
sentence is longer), chunks of all documents in a batch are tagged together sorted by length,
and spans are mapped back to exact offsets of the document.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .arrays import TokenTable, token_table
from .batching import BatchedComponent, map_sorted_by_length
from .extensions import register_extensions, set_mentions
from .models import ner_tagger


def _pieces(table: TokenTable, chunk_chars: int) -> list[tuple[int, int]]:
    """Character ranges of the sentences; a sentence longer than ``chunk_chars`` is cut
    between tokens."""
    pieces: list[tuple[int, int]] = []
    for words in table.sentences():
        start, previous_end = table.starts[words[0]], table.ends[words[0]]
        for index in words[1:]:
            end = table.ends[index]
            if end - start > chunk_chars:
                pieces.append((start, previous_end))
                start = table.starts[index]
            previous_end = end
        pieces.append((start, previous_end))
    return pieces


def sentence_chunks(table: TokenTable, chunk_chars: int) -> list[tuple[int, int]]:
    """Character ranges of consecutive sentences, each at most ``chunk_chars`` long if possible."""
    chunks: list[tuple[int, int]] = []
    start = end = None
    for sent_start, sent_end in _pieces(table, chunk_chars):
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
        self.tagger = ner_tagger(batch_size)
        register_extensions()

    def _tag(self, docs: list[Doc]) -> None:
        jobs: list[tuple[Doc, int, int]] = []
        full = {}
        for doc in docs:
            table = token_table(doc)
            full[id(doc)] = table.text  # Doc.text rebuilds the string on each call
            jobs.extend((doc, start, end)
                        for start, end in sentence_chunks(table, self.chunk_chars))
        texts = [full[id(doc)][start:end] for doc, start, end in jobs]
        markups = map_sorted_by_length(texts, lambda batch: self.tagger.map(batch), len)
        found: dict[int, list[Span]] = {id(doc): [] for doc in docs}
        for (doc, offset, _end), markup in zip(jobs, markups, strict=True):
            for span in markup.spans:
                entity = doc.char_span(offset + span.start, offset + span.stop, label=span.type,
                                       alignment_mode="expand")
                if entity is not None and len(entity):
                    found[id(doc)].append(entity)
        for doc in docs:
            set_mentions(doc, found[id(doc)])


@Language.factory(
    "slovnet_ner",
    default_config={"batch_size": 16, "chunk_chars": 2000},
    assigns=["doc.ents", "doc.spans"],
)
def make_slovnet_ner(nlp: Language, name: str, batch_size: int, chunk_chars: int) -> SlovnetNER:
    return SlovnetNER(nlp, name, batch_size, chunk_chars)
