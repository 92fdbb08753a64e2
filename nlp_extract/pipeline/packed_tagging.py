"""slovnet's CNN taggers (news morph, NER) run over sentences packed end to end.

slovnet's own executor pads each batch of sentences to its longest, copies every convolution
window of the padded batch into a new matrix and multiplies that. The network is three
convolutions (kernel 3) over word and shape embeddings, each followed by ReLU and batch norm,
with the padded positions set to zero after every layer; the embedding of slovnet's pad word
and pad shape is zero too. So the sentences can as well be laid end to end in one matrix,
``padding`` zero rows between them: a convolution is then ``kernel`` matrix products of
contiguous row ranges of that matrix (no window copies, no padding to the longest), and the
zero rows, reset after every layer, keep each sentence from seeing its neighbours, as the
padded batch did. The tags are slovnet's: the same weights and the same element-wise
operations; only the order in which the products' terms are added differs (float rounding,
no tag of 1,412 texts changed: benchmarks/against_revision.py measures the time).

The head reads the rows of the words only: morph tags are the argmax of each word's scores,
NER tags slovnet's CRF decoding of each sentence's scores, in batches of ``batch_size``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy

from .batching import slovnet_tags

SENTENCE_TOKENS = 256  # a batch of slovnet's held at most batch_size sentences this long
WORD_CACHE = 20_000  # words whose ids are remembered, per tagger (a corpus of made-up words
# must not grow memory: benchmarks/memory.py)


@dataclass(frozen=True)
class ConvLayer:
    kernels: tuple[numpy.ndarray, ...]  # one (in, filters) matrix per kernel position
    bias: numpy.ndarray
    mean: numpy.ndarray
    std: numpy.ndarray
    scale: numpy.ndarray
    shift: numpy.ndarray
    padding: int

    def __call__(self, rows: numpy.ndarray, gaps: numpy.ndarray) -> numpy.ndarray:
        """The layer over packed ``rows`` (``padding`` zero rows at both ends and between
        sentences; ``gaps`` marks them): conv, ReLU, batch norm, gaps zero again."""
        windows = len(rows) - len(self.kernels) + 1
        output = numpy.zeros((len(rows), self.bias.shape[0]), dtype=rows.dtype)
        inner = output[self.padding:self.padding + windows]
        numpy.matmul(rows[:windows], self.kernels[0], out=inner)
        product = numpy.empty_like(inner)
        for offset, kernel in enumerate(self.kernels[1:], start=1):
            numpy.matmul(rows[offset:offset + windows], kernel, out=product)
            inner += product
        return self._activated(output, inner, gaps)

    def over_distinct(self, distinct: numpy.ndarray, at: numpy.ndarray, gaps: numpy.ndarray
                      ) -> numpy.ndarray:
        """The layer over packed rows given as ``distinct`` rows (the embeddings of the
        distinct words) and ``at``, each packed row's number among them (``len(distinct)`` for
        the zero rows): each kernel's product is computed once per distinct word, then read
        for every place of the word (a news text repeats its words: about half the products
        of a batch)."""
        windows = len(at) - len(self.kernels) + 1
        output = numpy.zeros((len(at), self.bias.shape[0]), dtype=distinct.dtype)
        inner = output[self.padding:self.padding + windows]
        product = numpy.zeros((len(distinct) + 1, self.bias.shape[0]), dtype=distinct.dtype)
        for offset, kernel in enumerate(self.kernels):
            numpy.matmul(distinct, kernel, out=product[:-1])
            inner += product[at[offset:offset + windows]]
        return self._activated(output, inner, gaps)

    def _activated(self, output: numpy.ndarray, inner: numpy.ndarray, gaps: numpy.ndarray
                   ) -> numpy.ndarray:
        """Bias, ReLU and batch norm as slovnet computes them; the zero rows zero again."""
        inner += self.bias
        output.clip(0, out=output)
        output = (output - self.mean) / self.std * self.scale + self.shift
        output[gaps] = 0
        return output


@dataclass(frozen=True)
class PackedNetwork:
    """A slovnet tagger's weights laid out for packed sentences, and its vocabularies."""
    model: Any
    layers: tuple[ConvLayer, ...]
    word_ids: Any  # word -> (word id, shape id), cached
    shapes: int  # size of the shape vocabulary
    tags: tuple[str, ...]

    @property
    def padding(self) -> int:
        return self.layers[0].padding

    def scores(self, sentences: Sequence[Sequence[str]]) -> list[numpy.ndarray]:
        """The head's scores (words × tags) of each sentence."""
        padding = self.padding
        lengths = [len(sentence) for sentence in sentences]
        starts: list[int] = []
        position = padding
        for length in lengths:
            starts.append(position)
            position += length + padding
        words = numpy.concatenate([numpy.arange(start, start + length)
                                   for start, length in zip(starts, lengths, strict=True)])
        pairs = [self.word_ids(word) for sentence in sentences for word in sentence]
        keys = numpy.fromiter((word_id * self.shapes + shape_id for word_id, shape_id in pairs),
                              dtype=numpy.int64, count=len(pairs))
        distinct, inverse = numpy.unique(keys, return_inverse=True)
        embedded = self.model.emb(distinct // self.shapes, distinct % self.shapes)
        at = numpy.full(position, len(distinct), dtype=numpy.intp)
        at[words] = inverse
        gaps = at == len(distinct)
        rows = self.layers[0].over_distinct(embedded, at, gaps)
        for layer in self.layers[1:]:
            rows = layer(rows, gaps)
        scores = self.model.head.proj(rows[words])
        ends = numpy.cumsum(lengths)
        return [scores[end - length:end] for end, length in zip(ends, lengths, strict=True)]


def _conv_layer(layer: Any) -> ConvLayer:
    weight = layer.conv.weight.array  # filters x in x kernel
    norm = layer.norm
    return ConvLayer(
        kernels=tuple(numpy.ascontiguousarray(weight[:, :, offset].T)
                      for offset in range(weight.shape[2])),
        bias=layer.conv.bias.array, mean=norm.mean.array, std=norm.std.array,
        scale=norm.weight.array, shift=norm.bias.array, padding=layer.conv.padding)


_NETWORKS: dict[int, tuple[Any, PackedNetwork | None]] = {}
_LOCK = threading.Lock()


def packed_network(tagger: Any) -> PackedNetwork | None:
    """The packed form of a slovnet ``Morph`` or ``NER``, built once per tagger object (the
    taggers are loaded once per process; slovnet's records are not hashable); None when the
    network is not the one packing was written for (:func:`unpackable`)."""
    with _LOCK:
        known = _NETWORKS.get(id(tagger))
        if known is None or known[0] is not tagger:
            network = None if unpackable(tagger) else _packed(tagger)
            known = _NETWORKS[id(tagger)] = (tagger, network)
        return known[1]


def unpackable(tagger: Any) -> str | None:
    """Why a tagger's network cannot run packed, or None: packing assumes slovnet's word and
    shape embedding with zero pad rows, convolutions of odd kernels padded to keep the length,
    each followed by ReLU and batch norm, and a linear head (argmax or CRF). Another slovnet
    release with another network runs on slovnet's own executor instead."""
    from slovnet.exec import model as nets

    infer = getattr(tagger, "infer", None)
    model = getattr(infer, "model", None)
    if not isinstance(model, nets.Tag) or not isinstance(model.emb, nets.WordShapeEmbedding) \
            or not isinstance(model.encoder, nets.CNNEncoder) \
            or not isinstance(model.head, nets.NERHead | nets.MorphHead):
        return f"not slovnet's CNN tagger: {type(model).__name__}"
    for layer in model.encoder.layers:
        if not (isinstance(layer, nets.CNNEncoderLayer) and isinstance(layer.relu, nets.ReLU)
                and isinstance(layer.norm, nets.BatchNorm1d)
                and layer.conv.weight.shape[2] == 2 * layer.conv.padding + 1):
            return "an encoder layer other than conv (odd kernel, same length), ReLU, norm"
    encoder = infer.encoder
    pad_word = model.emb.word(numpy.array([encoder.words_vocab.pad_id]))
    pad_shape = model.emb.shape.weight.array[encoder.shapes_vocab.pad_id]
    if numpy.any(pad_word) or numpy.any(pad_shape):
        return "the pad word or shape does not embed to zero"
    return None


def _packed(tagger: Any) -> PackedNetwork:
    from slovnet.shape import word_shape

    infer = tagger.infer
    words_vocab, shapes_vocab = infer.encoder.words_vocab, infer.encoder.shapes_vocab

    @lru_cache(maxsize=WORD_CACHE)
    def word_ids(word: str) -> tuple[int, int]:
        return words_vocab.encode(word.lower()), shapes_vocab.encode(word_shape(word))

    return PackedNetwork(model=infer.model,
                         layers=tuple(_conv_layer(layer) for layer in infer.model.encoder.layers),
                         word_ids=word_ids, shapes=len(shapes_vocab),
                         tags=tuple(infer.decoder.tags_vocab.items))


def _network_batches(items: Sequence[Sequence[str]], limit: int) -> list[list[int]]:
    """Positions of the non-empty items in runs of at most ``limit`` words (a longer item
    alone)."""
    batches: list[list[int]] = [[]]
    total = 0
    for number, item in enumerate(items):
        if not item:
            continue
        if batches[-1] and total + len(item) > limit:
            batches.append([])
            total = 0
        batches[-1].append(number)
        total += len(item)
    return [batch for batch in batches if batch]


def _crf_tags(model: Any, scores: list[numpy.ndarray]) -> list[numpy.ndarray]:
    """slovnet's CRF decoding of each sentence's scores (padded to a batch, masked)."""
    longest = max(len(sentence) for sentence in scores)
    padded = numpy.zeros((len(scores), longest, scores[0].shape[1]), dtype=scores[0].dtype)
    mask = numpy.zeros((len(scores), longest), dtype=bool)
    for row, sentence in enumerate(scores):
        padded[row, :len(sentence)] = sentence
        mask[row, :len(sentence)] = True
    return model.head.crf.decode(padded, mask)


def packed_tags(tagger: Any, items: Sequence[Sequence[str]], batch_size: int
                ) -> list[list[str]]:
    """A slovnet tagger's tags («B-PER», «NOUN|Case=Nom») for lists of words we already
    tokenized: the network over at most ``batch_size`` × 256 words at once (what a batch of
    slovnet's held at most), the CRF (NER) over ``batch_size`` sentences at once."""
    network = packed_network(tagger)
    if network is None:
        return slovnet_tags(tagger, [list(item) for item in items])
    crf = getattr(network.model.head, "crf", None)
    tags: list[list[str]] = [[] for _ in items]
    for batch in _network_batches(items, batch_size * SENTENCE_TOKENS):
        scores = network.scores([items[number] for number in batch])
        if crf is None:
            best = [sentence.argmax(-1) for sentence in scores]
        else:
            best = [path for start in range(0, len(scores), batch_size)
                    for path in _crf_tags(network.model, scores[start:start + batch_size])]
        for number, ids in zip(batch, best, strict=True):
            tags[number] = [network.tags[tag_id] for tag_id in ids]
    return tags
