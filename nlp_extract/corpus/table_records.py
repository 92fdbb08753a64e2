"""Records back from the tables of an ``annotate --format parquet|csv`` run.

The tables of a run are aligned by shard: ``documents/documents-00003.parquet`` and
``mentions/mentions-00003.parquet`` hold the same articles, and within a shard every table
lists its rows in the documents' order, each document's rows together (``documents.n_mentions``
says how many). So a run is read one shard at a time, each table streamed in batches, and each
document's record is rebuilt from its row and the next ``n_…`` rows of the other tables:
bounded memory whatever the size of the run, records in the run's order.

A rebuilt record has every field the tables keep: ``id``, ``schema_version``, ``text``,
``meta`` (title, published, outlet, url, provenance, reader, encoding, line, record_id and the
other fields), ``source``, ``sentences``, ``parts``, ``mentions``, ``entities``, ``topics``,
``keyphrases``, ``dates``, ``money``, and the run's ``pipeline`` from its manifest. Not
``tokens``: the tables do not hold them (``n_tokens`` only). CSV cannot tell an empty text from
a missing one: an empty field comes back as null (``text`` as ``""``).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import BadArgumentError
from .extras import require_extra
from .tables import COLUMNS, TABLES

TABLE_FORMATS = ("parquet", "csv")
CHILD_TABLES = tuple(name for name in TABLES if name != "documents")
BATCH_ROWS = 512  # rows of a Parquet table read at a time
_SHARD = re.compile(r"documents-(\d{5,})\.(parquet|csv)")


class TableRecordsError(BadArgumentError):
    """The tables of a run are missing, damaged or do not line up (exit 2)."""


def table_format(out_dir: Path) -> str | None:
    """``parquet`` or ``csv`` when ``out_dir/documents/`` holds tables of that kind."""
    folder = out_dir / "documents"
    if not folder.is_dir():
        return None
    for suffix in TABLE_FORMATS:
        if any(folder.glob(f"documents-*.{suffix}")):
            return suffix
    return None


def shard_numbers(out_dir: Path, fmt: str) -> list[int]:
    """The shard numbers of the run's ``documents`` table, in order."""
    found = []
    for path in (out_dir / "documents").glob(f"documents-*.{fmt}"):
        match = _SHARD.fullmatch(path.name)
        if match and path.is_file():
            found.append(int(match[1]))
    return sorted(found)


def read_table_records(out_dir: str | Path, fmt: str,
                       manifest: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Every record of the ``fmt`` (parquet or csv) run in ``out_dir``, in the run's order.

    ``manifest`` (the run's ``manifest.json``) gives each record its ``pipeline``. Missing,
    damaged or misaligned tables raise :class:`TableRecordsError`."""
    out_dir = Path(out_dir)
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"not a table format: {fmt!r}")
    if fmt == "parquet":
        require_extra("parquet")
    shards = shard_numbers(out_dir, fmt)
    if not shards:
        raise TableRecordsError(
            f"{out_dir} is a --format {fmt} run but holds no {fmt} tables "
            f"(documents/documents-00000.{fmt}, …): give the --out folder of a finished run")
    pipeline = (manifest or {}).get("pipeline")
    for shard in shards:
        for record in _shard_records(out_dir, fmt, shard):
            if isinstance(pipeline, dict):
                record["pipeline"] = pipeline
            yield record


def _table_path(out_dir: Path, name: str, fmt: str, shard: int) -> Path:
    return out_dir / name / f"{name}-{shard:05d}.{fmt}"


def _shard_records(out_dir: Path, fmt: str, shard: int) -> Iterator[dict[str, Any]]:
    paths = {name: _table_path(out_dir, name, fmt, shard) for name in TABLES}
    missing = [path for path in paths.values() if not path.is_file()]
    if missing:
        raise TableRecordsError(
            f"{missing[0]} is missing: the tables of shard {shard:05d} are incomplete "
            "(a run still going, or files removed); annotate again or finish it with --resume")
    read = _parquet_rows if fmt == "parquet" else _csv_rows
    children = {name: read(paths[name], name) for name in CHILD_TABLES}
    for document in read(paths["documents"], "documents"):
        doc_id = document.get("doc_id")
        if not isinstance(doc_id, str):
            raise TableRecordsError(f"{paths['documents']}: a row without doc_id")
        parts = {name: _take(children[name], _count(document, name), doc_id, paths[name])
                 for name in CHILD_TABLES}
        yield _record(document, parts)
    for name, rows in children.items():
        extra = next(rows, None)
        if extra is not None:
            raise TableRecordsError(
                f"{paths[name]}: rows of {extra.get('doc_id')!r} beyond the documents of "
                f"{paths['documents'].name}: the tables do not line up")


def _count(document: dict[str, Any], name: str) -> int:
    count = document.get(f"n_{name}")
    return count if isinstance(count, int) and count >= 0 else 0


def _take(rows: Iterator[dict[str, Any]], count: int, doc_id: str,
          path: Path) -> list[dict[str, Any]]:
    taken = []
    for _ in range(count):
        row = next(rows, None)
        if row is None or row.get("doc_id") != doc_id:
            found = "its end" if row is None else f"a row of {row.get('doc_id')!r}"
            raise TableRecordsError(
                f"{path}: {doc_id!r} should have {count} row(s) here but the table has "
                f"{found}: the tables do not line up")
        taken.append(row)
    return taken


# -- reading one table ----------------------------------------------------------------------

def _parquet_rows(path: Path, name: str) -> Iterator[dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = [column for column, _, _ in COLUMNS[name] if column not in _UNUSED]
    try:
        table = pq.ParquetFile(path)
        absent = [column for column in columns if column not in table.schema_arrow.names]
        if absent:
            raise TableRecordsError(f"{path}: no column {absent[0]!r}: not a table of "
                                    "nlp-extract annotate --format parquet")
        for batch in table.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            yield from batch.to_pylist()
    except (OSError, pa.ArrowException) as exc:
        raise TableRecordsError(f"{path}: not a readable Parquet table ({exc})") from None


# computed columns the records do not need back (and that would cost a conversion)
_UNUSED = frozenset({"published", "published_date", "core_text", "first_day", "last_day",
                     "value_start", "value_end", "mention_id", "rank", "n_chars",
                     "n_sentences", "n_tokens"})


def _csv_rows(path: Path, name: str) -> Iterator[dict[str, Any]]:
    kinds = {column: kind for column, kind, _ in COLUMNS[name]}
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a document's text is one field
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.reader(stream)
            header = next(reader, None)
            if header != list(kinds):
                raise TableRecordsError(f"{path}: not a table of nlp-extract annotate "
                                        f"--format csv (its header is not {name}'s columns)")
            for number, values in enumerate(reader, start=2):
                if len(values) != len(header):
                    raise TableRecordsError(f"{path}: line {number} has {len(values)} "
                                            f"fields, the header {len(header)}")
                yield {column: _csv_value(value, kinds[column], path, number)
                       for column, value in zip(header, values, strict=True)
                       if column not in _UNUSED}
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TableRecordsError(f"{path}: not a readable CSV table ({exc})") from None


def _csv_value(value: str, kind: str, path: Path, line: int) -> Any:
    if value == "":
        return None
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "bool":
            return {"true": True, "false": False}[value]
        if kind.startswith("list<"):
            return json.loads(value)
    except (ValueError, KeyError):
        raise TableRecordsError(f"{path}: line {line}: {value[:40]!r} is not a {kind}") \
            from None
    return value


# -- rows → record ---------------------------------------------------------------------------

_PROVENANCE = ("title", "published", "outlet", "url")


def _record(document: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {
        "id": document["doc_id"], "schema_version": document.get("schema_version"),
        "text": document.get("text") or "", "meta": _meta(document),
        "source": _source(document),
        "sentences": [{"start": s["start"], "end": s["end"]}
                      for s in document.get("sentences") or []],
        "parts": [dict(part) for part in document.get("parts") or []],
        "mentions": [_mention(row) for row in rows["mentions"]],
        "entities": [_entity(row) for row in rows["entities"]],
        "topics": [{"id": row["topic_id"], "label": row.get("label"), "score": row.get("score"),
                    "source": row.get("source"),
                    "evidence": [dict(cue) for cue in row.get("evidence") or []]}
                   for row in rows["topics"]],
        "keyphrases": [{"text": row.get("text"), "normal": row.get("normal"),
                        "score": row.get("score")} for row in rows["keyphrases"]],
        "dates": [{"start": row["start"], "end": row["end"], "text": row.get("text"),
                   "kind": row.get("kind"), "value": row.get("value"),
                   "resolved": bool(row.get("resolved"))} for row in rows["dates"]],
        "money": [_money(row) for row in rows["money"]],
    }


def _meta(document: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    other = document.get("meta_other")
    if other:
        try:
            loaded = json.loads(other)
        except ValueError:
            loaded = None
        if isinstance(loaded, dict):
            meta.update(loaded)
    fields = {"title": document.get("title"), "published": document.get("published_iso"),
              "outlet": document.get("outlet"), "url": document.get("url"),
              "reader": document.get("reader"), "encoding": document.get("encoding"),
              "line": document.get("line"), "record_id": document.get("record_id")}
    meta.update({key: value for key, value in fields.items() if value is not None})
    provenance = {name: document[f"{name}_source"] for name in _PROVENANCE
                  if document.get(f"{name}_source") is not None}
    if provenance:
        meta["provenance"] = provenance
    return meta


def _source(document: dict[str, Any]) -> dict[str, Any]:
    source = {"path": document.get("source_path"), "sha256": document.get("source_sha256")}
    if document.get("reader") == "jsonl" and document.get("line") is not None:
        source["line"] = document["line"]  # a JSONL record's source names its line
    return source


def _mention(row: dict[str, Any]) -> dict[str, Any]:
    core = None if row.get("core_start") is None else \
        {"start": row["core_start"], "end": row.get("core_end")}
    return {"start": row["start"], "end": row["end"], "text": row.get("text"),
            "label": row.get("label"), "normal": row.get("normal"),
            "entity": row.get("entity_id"), "derived": bool(row.get("derived")),
            "descriptive": bool(row.get("descriptive")), "core": core,
            "source_start": row.get("source_start"), "source_end": row.get("source_end")}


def _entity(row: dict[str, Any]) -> dict[str, Any]:
    geo = {name: row.get(f"geo_{name}") for name in ("iso", "kind", "name", "region")}
    return {"id": row["entity_id"], "key": row.get("key"), "label": row.get("label"),
            "name": row.get("name"), "count": row.get("count"),
            "aliases": list(row.get("aliases") or []), "descriptive": row.get("descriptive"),
            "geo": geo if any(value is not None for value in geo.values()) else None}


def _money(row: dict[str, Any]) -> dict[str, Any]:
    """A money item; ``min`` and ``max`` only for a range, as the record has them."""
    item = {"start": row["start"], "end": row["end"], "text": row.get("text"),
            "value": _number(row.get("value")), "currency": row.get("currency")}
    if row.get("min") is not None or row.get("max") is not None:
        item.update(min=_number(row.get("min")), max=_number(row.get("max")))
    return item


def _number(value: Any) -> Any:
    """A whole amount as an int, as the record had it (the table keeps every amount as a
    float)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
