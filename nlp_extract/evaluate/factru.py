"""Reader of the factRuEval-2016 layout: ``book_N.txt`` with ``.spans``, ``.objects``, ``.coref``.

- ``.spans``: ``id type start length first_token n_tokens  # token_ids... words...``
- ``.objects``: ``id Type span_id...  # words``
- ``.coref``: blocks separated by a blank line: ``id object_id...`` then ``slot value`` lines
  (``name``, ``firstname``, ``lastname``, ``patronymic``, ``nickname``, ``descriptor``, ...).

Offsets are code-point offsets into the ``.txt``. The text is decoded as UTF-8 with line ends
kept as they are; if the file has a BOM or ``\\r\\n`` line ends, the reading under which the
spans slice to the words commented in ``.spans`` is chosen (:func:`.alignment.align_text`), and
what was done is listed in :attr:`FactruDocument.quirks`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadArgumentError
from .alignment import Anchor, align_text
from .records import GoldReferent
from .spans import Span, filter_overlapping

# factRuEval object types → our labels; Project and Facility are not scored.
TYPE_LABELS: dict[str, str] = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}

_BOOK = re.compile(r"^book_(\d+)\.txt$")


class FactruFormatError(BadArgumentError):
    """A factRuEval file does not follow the layout."""


@dataclass(frozen=True)
class FactruSpan:
    id: str
    type: str  # name, surname, org_name, loc_name, org_descr, ...
    start: int
    end: int
    words: str  # the words commented after ``#``, joined by spaces


@dataclass(frozen=True)
class FactruObject:
    id: str
    type: str  # Person, Org, Location, LocOrg, Project, ...
    spans: tuple[FactruSpan, ...]

    @property
    def start(self) -> int:
        return min(span.start for span in self.spans)

    @property
    def end(self) -> int:
        return max(span.end for span in self.spans)

    @property
    def label(self) -> str | None:
        return TYPE_LABELS.get(self.type)


@dataclass(frozen=True)
class FactruCoref:
    id: str
    object_ids: tuple[str, ...]
    slots: tuple[tuple[str, str], ...]

    def values(self, slot: str) -> list[str]:
        return [value for name, value in self.slots if name == slot and value]


@dataclass
class FactruDocument:
    id: str
    text: str
    spans: list[FactruSpan]
    objects: list[FactruObject]
    corefs: list[FactruCoref]
    quirks: list[str] = field(default_factory=list)


# -- parsing ----------------------------------------------------------------------------------
def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return path.read_text(encoding="utf-8-sig").splitlines()


def parse_spans(lines: Iterable[str]) -> list[FactruSpan]:
    spans = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        head, _, comment = line.partition("#")
        fields = head.split()
        if len(fields) < 4:
            raise FactruFormatError(f"line {number}: expected 'id type start length ...'")
        span_id, span_type, start, length = fields[:4]
        try:
            tokens = int(fields[5]) if len(fields) > 5 else 0
            int(start), int(length)
        except ValueError:
            raise FactruFormatError(f"line {number}: offsets are not numbers") from None
        words = " ".join(comment.split()[tokens:])
        spans.append(FactruSpan(span_id, span_type, int(start), int(start) + int(length), words))
    return spans


def parse_objects(lines: Iterable[str], spans: Iterable[FactruSpan]) -> list[FactruObject]:
    by_id = {span.id: span for span in spans}
    objects = []
    for number, line in enumerate(lines, start=1):
        head = line.partition("#")[0].split()
        if not head:
            continue
        if len(head) < 3:
            raise FactruFormatError(f"line {number}: expected 'id type span_id...'")
        missing = [span_id for span_id in head[2:] if span_id not in by_id]
        if missing:
            raise FactruFormatError(f"line {number}: unknown span ids {', '.join(missing)}")
        objects.append(FactruObject(head[0], head[1], tuple(by_id[i] for i in head[2:])))
    return objects


def parse_corefs(lines: Iterable[str]) -> list[FactruCoref]:
    corefs: list[FactruCoref] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line.strip())
            continue
        if block:
            ids = block[0].split()
            slots = []
            for slot_line in block[1:]:
                name, _, value = slot_line.partition(" ")
                slots.append((name, value.strip()))
            corefs.append(FactruCoref(ids[0], tuple(ids[1:]), tuple(slots)))
            block = []
    return corefs


# -- loading ----------------------------------------------------------------------------------
def load_document(txt: Path) -> FactruDocument:
    stem = txt.with_suffix("")
    try:
        spans = parse_spans(_lines(stem.with_suffix(".spans")))
    except FactruFormatError as exc:
        raise FactruFormatError(f"{stem.with_suffix('.spans')}: {exc}") from None
    try:
        objects = parse_objects(_lines(stem.with_suffix(".objects")), spans)
    except FactruFormatError as exc:
        raise FactruFormatError(f"{stem.with_suffix('.objects')}: {exc}") from None
    corefs = parse_corefs(_lines(stem.with_suffix(".coref")))
    raw = txt.read_bytes().decode("utf-8", errors="replace")
    text, quirks = align_text(raw, [Anchor(s.start, s.end, s.words) for s in spans])
    for span in spans:
        if not 0 <= span.start <= span.end <= len(text):
            raise FactruFormatError(f"{txt}: span {span.id} is outside the text")
    return FactruDocument(txt.stem, text, spans, objects, corefs, quirks)


def _book_key(path: Path) -> tuple[str, int]:
    match = _BOOK.match(path.name)
    return (str(path.parent), int(match.group(1)) if match else -1)


def factru_files(path: Path) -> list[Path]:
    """The ``book_N.txt`` files under ``path`` (a folder, searched recursively, or one file)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such file or directory")
    return sorted((p for p in path.rglob("book_*.txt") if _BOOK.match(p.name)), key=_book_key)


def iter_factru(path: Path) -> Iterator[FactruDocument]:
    for txt in factru_files(path):
        yield load_document(txt)


def load_factru(path: str | Path) -> list[FactruDocument]:
    documents = list(iter_factru(Path(path)))
    if not documents:
        raise FileNotFoundError(f"{path}: no factRuEval book_N.txt files found")
    return documents


# -- gold tables ------------------------------------------------------------------------------
def naeval_gold(document: FactruDocument) -> list[Span]:
    """naeval's factru gold (``adapt_factru``): a Person is its whole extent, an Org its
    ``org_name`` spans, a Location or LocOrg its ``loc_name`` spans; overlaps dropped («мид
    Грузии»: the ORG wins over the LOC inside). Token alignment is checked by the scorer."""
    spans: list[Span] = []
    for obj in document.objects:
        label = obj.label
        if label is None:
            continue
        if obj.type == "Person":
            spans.append(Span(obj.start, obj.end, label))
            continue
        part = "org_name" if obj.type == "Org" else "loc_name"
        parts = [Span(s.start, s.end, label) for s in obj.spans if s.type == part]
        spans.extend(filter_overlapping(parts))
    return filter_overlapping(spans)


_QUOTE_PAIRS = (("«", "»"), ("„", "“"), ("“", "”"), ('"', '"'))


def close_quote(text: str, start: int, end: int) -> int:
    """The end of ``text[start:end]`` moved past the closing quote its opening quote lacks.

    factRuEval's spans stop at the last word, so an object «движения «Солидарность»» spans
    ``движения «Солидарность`` from its descriptor to its name; the whole mention is
    ``движения «Солидарность»``.
    """
    inside = text[start:end]
    for opening, closing in _QUOTE_PAIRS:
        unbalanced = (inside.count(opening) % 2 == 1 if opening == closing
                      else inside.count(opening) > inside.count(closing))
        if unbalanced and text.startswith(closing, end):
            return end + len(closing)
    return end


def mention_gold(document: FactruDocument) -> list[Span]:
    """Whole mentions: each Person, Org, Location, LocOrg object as one span from its first
    to its last character, descriptors included, a quote it opens closed
    (:func:`close_quote`); nested objects are kept (a set)."""
    found = {Span(obj.start, close_quote(document.text, obj.start, obj.end), obj.label)
             for obj in document.objects if obj.label}
    return sorted(found)


@dataclass(frozen=True)
class GoldName:
    """A gold entity's canonical name(s) from ``.coref``; any of ``names`` counts as right."""

    label: str
    names: tuple[str, ...]
    spans: tuple[Span, ...]  # the extents of its objects, to tell whether a system found it


def person_names(coref: FactruCoref) -> list[str]:
    """``firstname [firstname1 firstname2] [patronymic] lastname``, and ``lastname firstname``
    (the order of Chinese, Korean, Hungarian names: «Ху Цзиньтао»); a ``lastname1`` adds
    «last-last1» and «last1» variants; ``name`` and ``nickname`` slots are names too."""
    first = " ".join(coref.values("firstname") + coref.values("firstname1")
                     + coref.values("firstname2"))
    middle = " ".join(coref.values("patronymic"))
    lasts = coref.values("lastname")[:1]
    lasts += [f"{lasts[0]}-{extra}" if lasts else extra for extra in coref.values("lastname1")]
    lasts += coref.values("lastname1") if lasts[:1] else []
    names = []
    for last in lasts or [""]:
        name = " ".join(part for part in (first, middle, last) if part)
        if name:
            names.append(name)
        if first and last and not middle:
            names.append(f"{last} {first}")
    return coref.values("name") + names + coref.values("nickname")


def coref_label(objects: list[FactruObject]) -> str | None:
    labels = [obj.label for obj in objects if obj.label]
    if not labels:
        return None
    if "PER" in labels:
        return "PER"
    counts = Counter(labels)
    return max(labels, key=lambda label: (counts[label], -labels.index(label)))


def gold_names(document: FactruDocument) -> list[GoldName]:
    """Named gold entities (descriptor-only ones, like «суд», are skipped)."""
    by_id = {obj.id: obj for obj in document.objects}
    entities = []
    for coref in document.corefs:
        objects = [by_id[i] for i in coref.object_ids if i in by_id]
        label = coref_label(objects)
        if label is None:
            continue
        names = person_names(coref) if label == "PER" else coref.values("name")
        names = list(dict.fromkeys(name for name in names if name))
        if not names:
            continue
        spans = tuple(Span(obj.start, obj.end, label) for obj in objects if obj.label)
        entities.append(GoldName(label, tuple(names), spans))
    return entities


def gold_referents(document: FactruDocument) -> list[GoldReferent]:
    """One referent per ``.coref`` block with a PER, LOC or ORG object (label by
    :func:`coref_label`; all its objects' whole mentions, as in :func:`mention_gold`, take
    it), and one per such object no block names; accepted names as in :func:`gold_names`
    (none for a descriptor-only referent, «суд»)."""
    by_id = {obj.id: obj for obj in document.objects}
    referents: list[GoldReferent] = []
    grouped: set[str] = set()

    def spans(objects: list[FactruObject], label: str) -> tuple[Span, ...]:
        return tuple(sorted({Span(o.start, close_quote(document.text, o.start, o.end), label)
                             for o in objects if o.label}))

    for coref in document.corefs:
        objects = [by_id[i] for i in coref.object_ids if i in by_id]
        label = coref_label(objects)
        if label is None:
            continue
        grouped.update(obj.id for obj in objects)
        names = person_names(coref) if label == "PER" else coref.values("name")
        referents.append(GoldReferent(f"coref{coref.id}", label, spans(objects, label),
                                      tuple(dict.fromkeys(n for n in names if n))))
    for obj in document.objects:
        if obj.label and obj.id not in grouped:
            referents.append(GoldReferent(f"object{obj.id}", obj.label, spans([obj], obj.label)))
    return referents
