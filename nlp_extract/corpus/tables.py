"""Records → flat tables (documents, mentions, entities, topics) for pandas, polars, DuckDB."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

TABLES = ("documents", "mentions", "entities", "topics")


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    string, integer, boolean = pa.string(), pa.int64(), pa.bool_()
    return {
        "documents": pa.schema([
            ("id", string), ("title", string), ("published", string), ("outlet", string),
            ("url", string), ("source_path", string), ("source_sha256", string),
            ("reader", string), ("encoding", string), ("chars", integer), ("sentences", integer),
            ("tokens", integer), ("mentions", integer), ("entities", integer), ("text", string),
        ]),
        "mentions": pa.schema([
            ("doc_id", string), ("start", integer), ("end", integer), ("text", string),
            ("label", string), ("normal", string), ("entity", string), ("derived", boolean),
        ]),
        "entities": pa.schema([
            ("doc_id", string), ("id", string), ("label", string), ("name", string),
            ("count", integer), ("aliases", pa.list_(string)), ("geo_iso", string),
            ("geo_kind", string), ("key", string), ("descriptive", boolean),
        ]),
        "topics": pa.schema([
            ("doc_id", string), ("id", string), ("label", string), ("score", pa.float64()),
        ]),
    }


def rows(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for record in records:
        meta, source, doc_id = record.get("meta") or {}, record.get("source") or {}, record["id"]
        tables["documents"].append({
            "id": doc_id, "title": meta.get("title"), "published": meta.get("published"),
            "outlet": meta.get("outlet"), "url": meta.get("url"),
            "source_path": source.get("path"), "source_sha256": source.get("sha256"),
            "reader": meta.get("reader"), "encoding": meta.get("encoding"),
            "chars": len(record["text"]), "sentences": len(record["sentences"]),
            "tokens": len(record["tokens"]), "mentions": len(record["mentions"]),
            "entities": len(record["entities"]), "text": record["text"]})
        tables["mentions"].extend(
            {"doc_id": doc_id, "start": m["start"], "end": m["end"], "text": m["text"],
             "label": m["label"], "normal": m["normal"], "entity": m["entity"],
             "derived": bool(m.get("derived"))} for m in record["mentions"])
        tables["entities"].extend(
            {"doc_id": doc_id, "id": e["id"], "label": e["label"], "name": e["name"],
             "count": e["count"], "aliases": list(e.get("aliases") or []),
             "geo_iso": (e.get("geo") or {}).get("iso"),
             "geo_kind": (e.get("geo") or {}).get("kind"), "key": e.get("key"),
             "descriptive": e.get("descriptive")} for e in record["entities"])
        tables["topics"].extend(
            {"doc_id": doc_id, "id": t["id"], "label": t.get("label"), "score": t["score"]}
            for t in record.get("topics") or [])
    return tables


def write_parquet(records: Iterable[dict[str, Any]], paths: dict[str, Any]) -> None:
    """Write each table to its path (atomically: temporary file, then rename)."""
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = _schemas()
    for name, table_rows in rows(records).items():
        path = paths[name]
        temporary = path.with_name(f".{path.name}.tmp")
        pq.write_table(pa.Table.from_pylist(table_rows, schema=schemas[name]), temporary)
        os.replace(temporary, path)
