"""Slim records: keep only some top-level fields, leave out tokens, or replace the `pipeline`
block by its digest (``pipeline_id``; the block itself goes once into a run's manifest).

Used by ``nlp-extract annotate --fields/--no-tokens/--slim-provenance``, by
:meth:`nlp_extract.record.Annotation.to_dict`, and meant for any service that returns
records. A slim record still validates against ``schema.json``: it lists what it leaves out
in ``omitted`` (sorted), and only those fields may be missing.

>>> slim_record({"schema_version": "1", "id": "a", "text": "…", "tokens": []},
...             fields=["text"], tokens=True)
{'schema_version': '1', 'id': 'a', 'text': '…', 'omitted': ['tokens']}
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import BadArgumentError

ALWAYS_KEPT = ("schema_version", "id")
SLIM_MARKS = ("omitted", "pipeline_id")  # what slimming adds, never asked for


@cache
def record_fields() -> tuple[str, ...]:
    """The top-level fields of a record, as the schema lists them."""
    from .record import record_schema

    return tuple(name for name in record_schema()["properties"] if name not in SLIM_MARKS)


def parse_fields(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """``"entities,topics,meta"`` (or a list of names) → the names, checked, in record order
    (``id`` and ``schema_version`` always among them); None stays None (every field). An
    unknown or empty name is a :class:`BadArgumentError` listing the valid ones."""
    if value is None:
        return None
    if isinstance(value, str):
        names = [name.strip() for name in value.split(",")]
    elif isinstance(value, Iterable):
        names = list(value)
    else:
        raise BadArgumentError(f"fields must be a comma-separated string or a list of field "
                               f"names, got {type(value).__name__}")
    valid = record_fields()
    unknown = [name for name in names if name not in valid]
    if unknown or not names:
        shown = ", ".join(repr(name) for name in unknown) or "none given"
        raise BadArgumentError(f"unknown record field(s): {shown}; valid fields: "
                               f"{', '.join(valid)}")
    wanted = set(names) | set(ALWAYS_KEPT)
    return tuple(name for name in valid if name in wanted)


def pipeline_id(pipeline: dict[str, Any]) -> str:
    """The sha256 of the `pipeline` block as records write it (sorted keys, compact)."""
    from .record import dumps

    return hashlib.sha256(dumps(pipeline).encode("utf-8")).hexdigest()


def slim_record(record: dict[str, Any], fields: str | Iterable[str] | None = None, *,
                tokens: bool = True, provenance: bool = True) -> dict[str, Any]:
    """A copy of ``record`` with only ``fields`` (all when None; ``id`` and
    ``schema_version`` always), without ``tokens`` when ``tokens`` is false, and with
    ``pipeline_id`` in place of ``pipeline`` when ``provenance`` is false. ``omitted`` lists
    the fields left out; the record itself is returned when nothing is left out."""
    keep = parse_fields(fields)
    slim = {key: value for key, value in record.items()
            if key in ALWAYS_KEPT or keep is None or key in keep}
    if not tokens:
        slim.pop("tokens", None)
    if not provenance and "pipeline" in record:
        slim.pop("pipeline", None)
        slim["pipeline_id"] = pipeline_id(record["pipeline"])
    omitted = sorted(set(record) - set(slim) - set(SLIM_MARKS))
    if not omitted:
        return record
    slim["omitted"] = sorted(set(omitted) | set(record.get("omitted") or []))
    return slim


@dataclass(frozen=True)
class RecordShape:
    """What a run keeps of each record (picklable: it travels to worker processes)."""

    fields: tuple[str, ...] | None = None
    tokens: bool = True
    provenance: bool = True

    @classmethod
    def make(cls, fields: str | Iterable[str] | None = None, *, tokens: bool = True,
             provenance: bool = True) -> RecordShape:
        """A checked shape: known field names, and no flag that undoes another (``tokens``
        named in ``fields`` but left out, ``pipeline`` named but replaced by its id)."""
        names = parse_fields(fields)
        if names is not None and not tokens and "tokens" in names:
            raise BadArgumentError("the fields name 'tokens' but tokens are left out "
                                   "(--no-tokens): choose one")
        if names is not None and not provenance and "pipeline" in names:
            raise BadArgumentError("the fields name 'pipeline' but it is replaced by its "
                                   "pipeline_id (--slim-provenance): choose one")
        return cls(names, tokens, provenance)

    @property
    def full(self) -> bool:
        return self.fields is None and self.tokens and self.provenance

    def __call__(self, record: dict[str, Any]) -> dict[str, Any]:
        if self.full:
            return record
        return slim_record(record, self.fields, tokens=self.tokens, provenance=self.provenance)

    def settings(self) -> dict[str, Any]:
        """The run settings it stands for (kept in the manifest, checked on resume)."""
        return {"fields": list(self.fields) if self.fields is not None else None,
                "tokens": self.tokens, "slim_provenance": not self.provenance}
