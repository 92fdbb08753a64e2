"""Reader of BRAT standoff corpora: ``name.txt`` beside ``name.ann``, entities on ``T`` lines.

``T3<TAB>ORGANIZATION 10 25;30 41<TAB>words`` — a discontinuous entity is taken as one span
from its first to its last character. Corpus types are mapped to our labels by a type map
given as ``PER=PERSON,LOC=LOCATION,ORG=ORGANIZATION`` (a label may take several types:
``LOC=LOCATION,LOC=GPE``); entities of other types are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadArgumentError
from .alignment import Anchor, align_text
from .spans import LABELS, Span, filter_overlapping

DEFAULT_TYPES = "PER=PER,LOC=LOC,ORG=ORG"


class BratFormatError(BadArgumentError):
    """A ``.ann`` line or a type map does not follow the format."""


@dataclass(frozen=True)
class BratEntity:
    id: str
    type: str
    start: int
    end: int
    words: str


@dataclass
class BratDocument:
    id: str
    text: str
    entities: list[BratEntity]
    quirks: list[str] = field(default_factory=list)


def parse_type_map(spec: str | None) -> dict[str, str]:
    """``"PER=PERSON,LOC=LOCATION"`` → ``{"PERSON": "PER", "LOCATION": "LOC"}`` (corpus type →
    our label). ``None`` or empty means the corpus uses PER, LOC, ORG itself."""
    spec = spec if spec and spec.strip() else DEFAULT_TYPES
    mapping: dict[str, str] = {}
    for item in spec.split(","):
        if not item.strip():
            continue
        label, sep, corpus_type = (part.strip() for part in item.partition("="))
        if not sep or not label or not corpus_type:
            raise BratFormatError(f"--types: {item.strip()!r} is not LABEL=TYPE")
        if label not in LABELS:
            raise BratFormatError(
                f"--types: unknown label {label!r}; labels are {', '.join(LABELS)}")
        if mapping.get(corpus_type, label) != label:
            raise BratFormatError(f"--types: corpus type {corpus_type!r} mapped twice")
        mapping[corpus_type] = label
    if not mapping:
        raise BratFormatError("--types: no LABEL=TYPE pairs given")
    return mapping


def parse_ann(lines: list[str]) -> list[BratEntity]:
    entities = []
    for number, line in enumerate(lines, start=1):
        if not line.startswith("T"):
            continue  # relations, events, attributes, notes
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) < 2:
            raise BratFormatError(f"line {number}: expected 'T<id><TAB>TYPE START END'")
        entity_type, _, ranges = fields[1].partition(" ")
        try:
            pairs = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
            starts, ends = [p[0] for p in pairs], [p[1] for p in pairs]
        except (ValueError, IndexError):
            raise BratFormatError(f"line {number}: bad offsets {ranges!r}") from None
        words = fields[2] if len(fields) > 2 else ""
        entities.append(BratEntity(fields[0], entity_type, min(starts), max(ends), words))
    return entities


def load_document(txt: Path) -> BratDocument:
    ann = txt.with_suffix(".ann")
    lines = ann.read_text(encoding="utf-8-sig").splitlines() if ann.is_file() else []
    try:
        entities = parse_ann(lines)
    except BratFormatError as exc:
        raise BratFormatError(f"{ann}: {exc}") from None
    raw = txt.read_bytes().decode("utf-8", errors="replace")
    # a discontinuous entity's words do not slice from start to end: anchor the simple ones
    anchors = [Anchor(e.start, e.end, e.words) for e in entities
               if e.words and e.end - e.start == len(e.words)]
    text, quirks = align_text(raw, anchors)
    for entity in entities:
        if not 0 <= entity.start <= entity.end <= len(text):
            raise BratFormatError(f"{ann}: entity {entity.id} is outside the text")
    return BratDocument(txt.stem, text, entities, quirks)


def brat_files(path: Path) -> list[Path]:
    """The ``.txt`` files that have an ``.ann`` beside them under ``path`` (or ``path`` itself)."""
    if path.is_file():
        txt = path.with_suffix(".txt")
        if not txt.is_file():
            raise FileNotFoundError(f"{txt}: no such file")
        return [txt]
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such file or directory")
    return sorted(p for p in path.rglob("*.txt") if p.with_suffix(".ann").is_file())


def iter_brat(path: Path) -> Iterator[BratDocument]:
    for txt in brat_files(path):
        yield load_document(txt)


def load_brat(path: str | Path) -> list[BratDocument]:
    documents = list(iter_brat(Path(path)))
    if not documents:
        raise FileNotFoundError(f"{path}: no .txt files with a .ann beside them found")
    return documents


def brat_gold(document: BratDocument, types: dict[str, str]) -> list[Span]:
    """Entities of mapped types as labelled spans (nested ones kept; a set, sorted)."""
    found = {Span(e.start, e.end, types[e.type]) for e in document.entities if e.type in types}
    return sorted(found)


def brat_token_gold(document: BratDocument, types: dict[str, str]) -> list[Span]:
    """The token-level gold: the same spans, overlaps dropped (outer, earlier span wins)."""
    return filter_overlapping(brat_gold(document, types))
