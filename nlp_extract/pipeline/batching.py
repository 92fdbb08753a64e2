"""Helpers for running a sequence model over many items with little padding."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def windows(items: Iterable[T], size: Callable[[T], int], limit: float
            ) -> Iterator[list[T]]:
    """Consecutive items in lists of at most ``limit`` by ``size`` (an item larger than that
    alone): a very long text is tagged a window at a time, so the words and tags held at once
    stay bounded."""
    window: list[T] = []
    total = 0
    for item in items:
        if window and total + size(item) > limit:
            yield window
            window, total = [], 0
        window.append(item)
        total += size(item)
    if window:
        yield window


def tagging_groups(lengths: list[int], limit: int) -> list[tuple[list[int], float]]:
    """Which documents (by position, ``lengths`` in tokens) are tagged together, and the most
    tokens tagged at once for them: all documents of up to ``limit`` tokens together (as a
    batch always was), each longer one alone, ``limit`` tokens at a time."""
    small = [number for number, length in enumerate(lengths) if length <= limit]
    groups: list[tuple[list[int], float]] = [(small, math.inf)] if small else []
    return groups + [([number], limit) for number, length in enumerate(lengths)
                     if length > limit]


def map_sorted_by_length(
    items: Sequence[T], run: Callable[[list[T]], Iterable[R]], length: Callable[[T], int]
) -> list[R]:
    """Run ``run`` over ``items`` sorted by length (less padding), return results in input order."""
    order = sorted(range(len(items)), key=lambda index: length(items[index]))
    results = list(run([items[index] for index in order]))
    restored: list[R | None] = [None] * len(items)
    for position, index in enumerate(order):
        restored[index] = results[position]
    return restored  # type: ignore[return-value]


def slovnet_tags(tagger: Any, items: list[list[str]]) -> list[list[str]]:
    """A slovnet model's outputs for lists of words we already tokenized, by slovnet's own
    executor, batch by batch (the syntax parser, and a tagger :mod:`.packed_tagging` cannot
    run packed; the morph tagger and NER run packed)."""
    infer = tagger.infer
    tags: list[list[str]] = []
    for batch in chunked(items, tagger.batch_size):
        tags.extend(infer.decoder(infer.process(infer.encoder(batch))))
    return tags


class BatchedComponent:
    """A component whose model runs best over many documents at once: ``__call__`` is a batch
    of one, ``pipe`` hands ``_tag`` lists of ``batch_size`` docs."""

    def _tag(self, docs: list[Any]) -> None:
        raise NotImplementedError

    def __call__(self, doc: Any) -> Any:
        self._tag([doc])
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 64) -> Iterator[Any]:
        for chunk in chunked(docs, batch_size):
            self._tag(chunk)
            yield from chunk
