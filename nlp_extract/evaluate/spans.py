"""Labelled character spans and the small span operations the scorers share."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

LABELS: tuple[str, ...] = ("PER", "LOC", "ORG")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open ``[start, end)`` code-point range of a text with a label (PER, LOC, ORG)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Mention:
    """A system's mention: its span and, when the system gives them, its normal form and the
    name of the entity it was grouped into."""

    start: int
    end: int
    label: str
    text: str
    normal: str | None = None
    entity: str | None = None
    core: tuple[int, int] | None = None
    descriptive: bool = False

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.label)

    @property
    def name_span(self) -> Span | None:
        """The proper-name part (naeval scores names, not descriptors): «Яблоко» of
        «партии «Яблоко»»; none for a mention without a name («правительство Китая»); the
        whole mention when the system gives no core."""
        if self.descriptive:
            return None
        if self.core is None:
            return self.span
        return Span(self.core[0], self.core[1], self.label)


def filter_overlapping(spans: Iterable[Span]) -> list[Span]:
    """naeval's ``filter_overlapping_spans``: sorted by (start, -end), a span overlapping the
    previous kept one is dropped (the earlier, then the longer, wins; of two with one span, the
    label first in the alphabet, so that the score never depends on input order)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.label)):
        if kept and kept[-1].end > span.start:
            continue
        kept.append(span)
    return kept


def flatten_nested(spans: Iterable[Span], text: str) -> list[Span]:
    """A flat view of nested mentions where the innermost wins: an ORG «мэрии Москвы» holding
    the LOC «Москвы» becomes ORG «мэрии» + LOC «Москвы» (naeval scores flat markup, and its gold
    labels the tokens of a nested place as LOC). Pieces are trimmed of whitespace and
    punctuation-only pieces are dropped."""
    spans = sorted(set(spans), key=lambda s: (s.start, -s.end, s.label))  # a set's order
    # follows string hashes, which change from one process to the next
    flat: list[Span] = []
    for outer in spans:
        inner = [s for s in spans if s != outer and outer.start <= s.start and s.end <= outer.end
                 and (s.start, s.end) != (outer.start, outer.end)]
        if not inner:
            flat.append(outer)
            continue
        position = outer.start
        for piece in sorted(inner):
            _add_piece(flat, text, position, piece.start, outer.label)
            position = max(position, piece.end)
        _add_piece(flat, text, position, outer.end, outer.label)
    return flat


def _add_piece(flat: list[Span], text: str, start: int, end: int, label: str) -> None:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if start < end:
        flat.append(Span(start, end, label))


def filter_misaligned(spans: Iterable[Span], starts: set[int], ends: set[int]) -> list[Span]:
    """Drop spans whose bounds are not token bounds (naeval's ``filter_misaligned_spans``)."""
    return [span for span in spans if span.start in starts and span.end in ends]


def fold_name(name: str) -> str:
    """The comparison key of a normal form: lower case, ё → е, whitespace runs → one space,
    spaces around hyphens removed («Саишвили - Чантурия» = «саишвили-чантурия»), the dot
    after an initial dropped (gold .coref writes «Н Кан» for «Н. Кан»)."""
    name = re.sub(r"(?<![^\W\d_])([^\W\d_])\.", r"\1 ", name)
    folded = " ".join(name.lower().replace("ё", "е").split())
    return folded.replace(" - ", "-").replace(" -", "-").replace("- ", "-")
