"""Helpers for running a sequence model over many items with little padding."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


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
