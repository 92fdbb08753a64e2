"""Index structures that keep the pipeline linear in the length of the text: a question about
"the spans near here" is answered from a positional index instead of a scan of every span
(a text of 20,000 repeated names used to cost 20,000² comparisons)."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
S = TypeVar("S", bound=Any)  # a spaCy Span: .start, .end


class DisjointIntervals:
    """Pairwise disjoint ``[start, end)`` intervals taken so far, added in rounds.

    Within a round the intervals found are only checked against earlier rounds (a regex's
    ``finditer`` never overlaps itself), which is what :func:`find_dates` and
    :func:`find_money` need: each pattern is a round. A check costs O(log n) and closing a
    round merges two sorted lists."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._pending: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps an interval of an earlier round."""
        position = bisect_left(self._starts, end) - 1  # the last interval starting before end
        return position >= 0 and self._ends[position] > start

    def add(self, start: int, end: int) -> None:
        self._pending.append((start, end))

    def close_round(self) -> None:
        if self._pending:
            merged = sorted([*zip(self._starts, self._ends, strict=True), *self._pending])
            self._starts = [start for start, _ in merged]
            self._ends = [end for _, end in merged]
            self._pending = []


class TokenIndex(Generic[T]):
    """Items over token ranges (spans), looked up by the tokens they cover.

    ``items`` keep an order (their insertion order; a replaced item keeps its place), so that
    a scan of "the items near here" visits them in the order a scan of the whole list did."""

    def __init__(self, items: Iterable[tuple[T, int, int]] = ()) -> None:
        self._items: dict[int, tuple[T, int, int]] = {}
        self._at: defaultdict[int, set[int]] = defaultdict(set)
        self._next = 0
        for item, start, end in items:
            self.add(item, start, end)

    def add(self, item: T, start: int, end: int) -> int:
        key = self._next
        self._next += 1
        self._put(key, item, start, end)
        return key

    def _put(self, key: int, item: T, start: int, end: int) -> None:
        self._items[key] = (item, start, end)
        for index in range(start, end):
            self._at[index].add(key)

    def remove(self, key: int) -> None:
        _item, start, end = self._items.pop(key)
        for index in range(start, end):
            keys = self._at[index]
            keys.discard(key)
            if not keys:
                del self._at[index]

    def replace(self, key: int, item: T, start: int, end: int) -> None:
        """Put ``item`` in the place of the item ``key`` (same position in the order)."""
        self.remove(key)
        self._put(key, item, start, end)

    def __contains__(self, key: int) -> bool:
        return key in self._items

    def get(self, key: int) -> T:
        return self._items[key][0]

    def keys_touching(self, start: int, end: int) -> list[int]:
        """Keys, in order, of the items that cover a token of ``[start, end)`` or end right
        at ``start`` (adjacent on the left)."""
        found: set[int] = set()
        for index in range(max(0, start - 1), max(start, end)):
            for key in self._at.get(index, ()):
                if self._items[key][2] >= start:
                    found.add(key)
        return sorted(found)

    def keys_covering(self, position: int) -> list[int]:
        """Keys, in order, of the items that cover the token at ``position``."""
        return sorted(self._at.get(position, ()))

    def all_keys(self) -> list[int]:
        """Every key, in order."""
        return sorted(self._items)

    def values(self) -> list[T]:
        """The items in order."""
        return [self._items[key][0] for key in sorted(self._items)]


def nested_spans(spans: Sequence[S]) -> Callable[[S], list[S]]:
    """``inside(span)``: the other spans of ``spans`` within it (``span.start <= other.start``
    and ``other.end <= span.end``), in list order, found from the tokens it covers."""
    by_start: defaultdict[int, list[tuple[int, S]]] = defaultdict(list)
    for position, span in enumerate(spans):
        by_start[span.start].append((position, span))

    def inside(span: S) -> list[S]:
        found = [(position, other) for first in range(span.start, span.end)
                 for position, other in by_start.get(first, ())
                 if other is not span and other.end <= span.end]
        return [other for _position, other in sorted(found, key=lambda item: item[0])]

    return inside
