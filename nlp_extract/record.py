"""Annotation: the JSON view of an analysed Doc (``schema_version`` "1").

Offsets are half-open ``[start, end)`` Python code-point offsets into the record's ``text``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from spacy.attrs import IDX, IS_SPACE, LEMMA, LENGTH, MORPH, POS
from spacy.tokens import Doc

from .pipeline.arrays import doc_text, token_table
from .pipeline.extensions import mentions
from .version import SCHEMA_VERSION


def sentence_records(doc: Doc) -> list[dict[str, int]]:
    table = token_table(doc)
    return [{"start": table.starts[words[0]], "end": table.ends[words[-1]]}
            for words in table.sentences()]


def token_records(doc: Doc, text: str | None = None) -> list[dict[str, Any]]:
    """The tokens; their texts sliced from ``text`` when given (the Doc's text with the
    no-break spaces as given, same length)."""
    if text is None:
        text = doc_text(doc)
    strings = doc.vocab.strings  # read from spaCy's arrays: no Token object per token
    return [
        {"start": start, "end": start + length, "text": text[start:start + length],
         "lemma": strings[lemma], "pos": strings[pos], "morph": strings[morph]}
        for start, length, space, lemma, pos, morph
        in doc.to_array([IDX, LENGTH, IS_SPACE, LEMMA, POS, MORPH]).tolist() if not space
    ]


SourceMap = Callable[[int], "int | None"]


def mention_records(doc: Doc, source_map: SourceMap | None = None,
                    text: str | None = None) -> list[dict[str, Any]]:
    records = []
    for span in mentions(doc):
        extension = span._  # one Underscore object for the span's five extension values
        core = extension.core
        start, end = span.start_char, span.end_char
        written = span.text if text is None else text[start:end]
        record = {"start": start, "end": end, "text": written, "label": span.label_,
                  "normal": extension.normal or (span.text if text is not None else written),
                  "entity": extension.entity, "derived": bool(extension.derived),
                  "descriptive": bool(extension.descriptive),
                  "source_start": None, "source_end": None,
                  "core": {"start": core[0], "end": core[1]} if core else None}
        if source_map is not None:
            start, last = source_map(span.start_char), source_map(span.end_char - 1)
            if start is not None and last is not None:
                record["source_start"], record["source_end"] = start, last + 1
        records.append(record)
    return records


def doc_to_record(doc: Doc, *, doc_id: str, pipeline: dict[str, Any],
                  source: dict[str, Any] | None = None, meta: dict[str, Any] | None = None,
                  parts: list[dict[str, Any]] | None = None,
                  source_map: SourceMap | None = None, text: str | None = None
                  ) -> dict[str, Any]:
    """The record of ``doc``. ``text``: the text as given when the Doc was made from it with
    no-break spaces as plain ones (same length); the record's text and the texts of its
    tokens, mentions, dates and money are sliced from it."""
    if text is not None and len(text) != len(doc_text(doc)):
        text = None  # not the Doc's text one for one: the Doc's own
    return {
        "schema_version": SCHEMA_VERSION,
        "id": doc_id,
        "source": source,
        "text": doc_text(doc) if text is None else text,
        "meta": meta or {},
        "parts": parts or [],
        "sentences": sentence_records(doc),
        "tokens": token_records(doc, text),
        "mentions": mention_records(doc, source_map, text),
        "entities": [dict(entity) for entity in (doc._.entities or [])],
        "dates": [_as_written(item, text) for item in (doc._.dates or [])],
        "money": [_as_written(item, text) for item in (doc._.money or [])],
        "topics": [dict(item) for item in (_extension(doc, "topics") or [])],
        "keyphrases": [dict(item) for item in (_extension(doc, "keyphrases") or [])],
        "pipeline": pipeline,
    }


def _as_written(item: dict[str, Any], text: str | None) -> dict[str, Any]:
    """A copy of a date or money item, its text sliced from ``text`` when given."""
    item = dict(item)
    if text is not None:
        item["text"] = text[item["start"]:item["end"]]
    return item


def _extension(doc: Doc, name: str) -> Any:
    """``doc._.<name>``, or None when no component registered it (switched off)."""
    return getattr(doc._, name) if Doc.has_extension(name) else None


def dumps(record: dict[str, Any], *, indent: int | None = None) -> str:
    """Deterministic JSON: sorted keys, UTF-8 characters kept as they are."""
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(record, ensure_ascii=False, sort_keys=True, indent=indent,
                      separators=separators)


@cache
def record_schema() -> dict[str, Any]:
    """The JSON Schema of a record, shipped in the package as ``schema.json``."""
    return json.loads(resources.files("nlp_extract").joinpath("schema.json").read_text("utf-8"))


@dataclass
class Annotation:
    """One annotated article. ``doc`` is the spaCy Doc it was made from (absent when the
    annotation crossed a process boundary)."""

    id: str
    record: dict[str, Any]
    doc: Doc | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.record["text"]

    @property
    def entities(self) -> list[dict[str, Any]]:
        return self.record["entities"]

    @property
    def mentions(self) -> list[dict[str, Any]]:
        return self.record["mentions"]

    def to_dict(self, *, fields: str | list[str] | None = None, tokens: bool = True,
                provenance: bool = True) -> dict[str, Any]:
        """The record; a slim copy with only ``fields`` (``"entities,topics"`` or a list; id
        and schema_version always), without tokens (``tokens=False``) or with a
        ``pipeline_id`` for the pipeline block (``provenance=False``): see
        :func:`nlp_extract.record_fields.slim_record`."""
        if fields is None and tokens and provenance:
            return self.record
        from .record_fields import slim_record

        return slim_record(self.record, fields, tokens=tokens, provenance=provenance)

    def to_json(self, *, indent: int | None = None, fields: str | list[str] | None = None,
                tokens: bool = True, provenance: bool = True) -> str:
        return dumps(self.to_dict(fields=fields, tokens=tokens, provenance=provenance),
                     indent=indent)
