"""Records → flat, typed tables for pandas, polars, DuckDB: one table per kind of row.

Every table starts with ``doc_id`` (the record's ``id``) and ``record_id`` (the input's own
id: a JSONL line's ``id``, else null), so any two tables join on ``doc_id`` and no table has a
bare ``id`` column. :data:`COLUMNS` is the data dictionary (name, type, meaning) the Parquet
schemas, the CSV headers and the README's table are made from.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

TABLES = ("documents", "mentions", "entities", "topics", "keyphrases", "dates", "money")

_KEYS = (("doc_id", "string", "the record's `id` (the article id of the run)"),
         ("record_id", "string", "the input's own id (`id` of a JSONL line, `meta.record_id`); "
                                 "null for other inputs"))

# table -> (column, type, meaning); types: string, int, float, bool, timestamp, date,
# list<string>, and the struct lists named in _STRUCTS
COLUMNS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "documents": (
        *_KEYS,
        ("schema_version", "string", "the record's `schema_version`"),
        ("title", "string", "`meta.title`"),
        ("published", "timestamp", "`meta.published` as a timestamp (no time zone: "
                                   "the wall-clock time as written; a date without a time is "
                                   "its midnight); null when absent or not a date"),
        ("published_date", "date", "the calendar day of `published`"),
        ("published_iso", "string", "`meta.published` as in the record: its precision "
                                    "(date or date and time) and UTC offset, when it has one"),
        ("outlet", "string", "`meta.outlet`"),
        ("url", "string", "`meta.url`"),
        ("title_source", "string", "`meta.provenance.title`: input, html, dateline, byline, "
                                   "body"),
        ("published_source", "string", "`meta.provenance.published`"),
        ("outlet_source", "string", "`meta.provenance.outlet`"),
        ("url_source", "string", "`meta.provenance.url`"),
        ("reader", "string", "`meta.reader`: txt, html, jsonl"),
        ("encoding", "string", "`meta.encoding`"),
        ("line", "int", "`meta.line`: the line of a JSONL input"),
        ("meta_other", "string", "every other `meta` field (a JSONL line's `extra` fields, a "
                                 "caller's own meta) as a JSON object; null when none"),
        ("source_path", "string", "`source.path`, relative to its input"),
        ("source_sha256", "string", "`source.sha256`"),
        ("n_chars", "int", "characters in `text`"),
        ("n_sentences", "int", "number of sentences"),
        ("n_tokens", "int", "number of tokens"),
        ("n_mentions", "int", "rows of this document in `mentions`"),
        ("n_entities", "int", "rows in `entities`"),
        ("n_topics", "int", "rows in `topics`"),
        ("n_keyphrases", "int", "rows in `keyphrases`"),
        ("n_dates", "int", "rows in `dates`"),
        ("n_money", "int", "rows in `money`"),
        ("sentences", "list<range>", "`sentences`: start and end of each sentence"),
        ("parts", "list<part>", "`parts`: kind, text, start, end of each piece kept out of "
                                "`text` (offsets into the decoded input file)"),
        ("text", "string", "the analysed text; every offset indexes into it"),
    ),
    "mentions": (
        *_KEYS,
        ("mention_id", "string", "m1, m2, … in the record's order of `mentions`"),
        ("entity_id", "string", "`entity`: the `entity_id` of its row in `entities`"),
        ("start", "int", "offset in `text` (half-open [start, end), code points)"),
        ("end", "int", "end offset"),
        ("text", "string", "the mention as written"),
        ("label", "string", "PER, LOC, ORG or FAC"),
        ("normal", "string", "nominative form"),
        ("derived", "bool", "a place named by an adjective or demonym"),
        ("descriptive", "bool", "an ORG named only by what it is and where"),
        ("core_start", "int", "`core.start`: the proper-name part of a mention with a "
                              "descriptor; null when the whole mention is the name"),
        ("core_end", "int", "`core.end`"),
        ("core_text", "string", "`text[core_start:core_end]`"),
        ("source_start", "int", "offset in the decoded input file; null when unknown"),
        ("source_end", "int", "end offset in the input file"),
    ),
    "entities": (
        *_KEYS,
        ("entity_id", "string", "`id`: e1, e2, … within the document"),
        ("key", "string", "an id stable across articles and releases (loc:RU-SVE, "
                          "per:<full name without patronymic or middle initial>, "
                          "org:<name>|<jurisdiction>, …)"),
        ("label", "string", "PER, LOC, ORG or FAC"),
        ("name", "string", "canonical nominative name"),
        ("count", "int", "number of mentions"),
        ("aliases", "list<string>", "its other forms"),
        ("descriptive", "bool", "every mention is descriptive («правительство Китая»)"),
        ("geo_iso", "string", "`geo.iso`: ISO 3166 code (a city: its region's)"),
        ("geo_kind", "string", "`geo.kind`: country, oblast, krai, republic, city, province, …"),
        ("geo_name", "string", "`geo.name`: the gazetteer's name"),
        ("geo_region", "string", "`geo.region`: a city's region"),
    ),
    "topics": (
        *_KEYS,
        ("topic_id", "string", "`id`: the taxonomy's topic id or a model's label"),
        ("rank", "int", "1 for the document's best topic, 2, …"),
        ("label", "string", "Russian label"),
        ("score", "float", "0..1"),
        ("source", "string", "taxonomy or model"),
        ("evidence", "list<evidence>", "`evidence`: each cue with the offsets it matched"),
    ),
    "keyphrases": (
        *_KEYS,
        ("rank", "int", "1 for the best keyphrase, 2, …"),
        ("text", "string", "as first written"),
        ("normal", "string", "nominative form"),
        ("score", "float", "relative to the best (1)"),
    ),
    "dates": (
        *_KEYS,
        ("start", "int", "offset in `text`"),
        ("end", "int", "end offset"),
        ("text", "string", "as written"),
        ("kind", "string", "date, month, year, range, relative"),
        ("value", "string", "ISO 8601 (2024-07-25, 2021-03, 2020, --03-28; a range 2021/2024)"),
        ("resolved", "bool", "the article's date was used"),
        ("value_start", "string", "a range's first end (the value itself otherwise)"),
        ("value_end", "string", "a range's last end (the value itself otherwise)"),
        ("first_day", "date", "the first day `value` covers (2021-03 → 2021-03-01); null "
                              "without a year"),
        ("last_day", "date", "the last day it covers (2021-03 → 2021-03-31)"),
    ),
    "money": (
        *_KEYS,
        ("start", "int", "offset in `text`"),
        ("end", "int", "end offset"),
        ("text", "string", "as written"),
        ("value", "float", "amount in units of the currency (a range: its upper end)"),
        ("currency", "string", "ISO 4217 code"),
        ("min", "float", "a range's lower end; null for a single amount"),
        ("max", "float", "a range's upper end; null for a single amount"),
    ),
}

_STRUCTS = {"range": (("start", "int"), ("end", "int")),
            "part": (("kind", "string"), ("text", "string"), ("start", "int"), ("end", "int")),
            "evidence": (("cue", "string"), ("start", "int"), ("end", "int"))}


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    simple = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(),
              "bool": pa.bool_(), "timestamp": pa.timestamp("ms"), "date": pa.date32()}
    if kind in simple:
        return simple[kind]
    inner = kind.removeprefix("list<").removesuffix(">")
    if inner in simple:
        return pa.list_(simple[inner])
    return pa.list_(pa.struct([(name, simple[sub]) for name, sub in _STRUCTS[inner]]))


def arrow_schemas() -> dict[str, Any]:
    import pyarrow as pa

    return {table: pa.schema([(name, _arrow_type(kind)) for name, kind, _ in columns])
            for table, columns in COLUMNS.items()}


def data_dictionary() -> str:
    """The tables as Markdown (the README's data dictionary)."""
    lines = []
    for table, columns in COLUMNS.items():
        lines += [f"**`{table}/`**", "", "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{name}` | {kind} | {meaning.replace('|', chr(92) + '|')} |"
                  for name, kind, meaning in columns]
        lines.append("")
    return "\n".join(lines)


# -- values -------------------------------------------------------------------------------

def published_time(value: Any) -> datetime | None:
    """An ISO 8601 date or date-time as a naive datetime (wall-clock, the offset dropped)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=None, microsecond=0)


_ISO_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def covered_days(value: str | None) -> tuple[date | None, date | None]:
    """The first and last calendar day an ISO date, month or year (or an interval of them)
    covers; (None, None) without a year («--03-28») or for what does not parse."""
    if not value:
        return None, None
    first_end, _, last_end = value.partition("/")
    first = _day_range(first_end)[0]
    last = _day_range(last_end or first_end)[1]
    return first, last


def _day_range(value: str) -> tuple[date | None, date | None]:
    match = _ISO_DAY.fullmatch(value.split("T", 1)[0])
    if match is None:
        return None, None
    year = int(match[1])
    try:
        if match[3]:
            day = date(year, int(match[2]), int(match[3]))
            return day, day
        if match[2]:
            month = int(match[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None, None


_META_COLUMNS = frozenset({"title", "published", "outlet", "url", "reader", "encoding", "line",
                           "provenance", "record_id"})


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def document_row(record: dict[str, Any]) -> dict[str, Any]:
    meta = record.get("meta") or {}
    source = record.get("source") or {}
    provenance = meta.get("provenance") or {}
    published = meta.get("published")
    moment = published_time(published)
    other = {key: value for key, value in meta.items() if key not in _META_COLUMNS}
    text = record.get("text") or ""
    return {
        "schema_version": record.get("schema_version"),
        "title": _text_or_none(meta.get("title")), "published": moment,
        "published_date": moment.date() if moment else None,
        "published_iso": _text_or_none(published),
        "outlet": _text_or_none(meta.get("outlet")), "url": _text_or_none(meta.get("url")),
        **{f"{name}_source": provenance.get(name)
           for name in ("title", "published", "outlet", "url")},
        "reader": meta.get("reader"), "encoding": meta.get("encoding"),
        "line": _int_or_none(meta.get("line")),
        "meta_other": json.dumps(other, ensure_ascii=False, sort_keys=True) if other else None,
        "source_path": source.get("path"), "source_sha256": source.get("sha256"),
        "n_chars": len(text),
        **{f"n_{name}": len(record.get(name) or [])
           for name in ("sentences", "tokens", "mentions", "entities", "topics", "keyphrases",
                        "dates", "money")},
        "sentences": [{"start": s["start"], "end": s["end"]}
                      for s in record.get("sentences") or []],
        "parts": [{"kind": p.get("kind"), "text": p.get("text"), "start": p.get("start"),
                   "end": p.get("end")} for p in record.get("parts") or []],
        "text": text,
    }


def mention_rows(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    text = record.get("text") or ""
    for index, m in enumerate(record.get("mentions") or [], start=1):
        core = m.get("core") or {}
        core_start, core_end = core.get("start"), core.get("end")
        yield {"mention_id": f"m{index}", "entity_id": m.get("entity"),
               "start": m["start"], "end": m["end"], "text": m.get("text"),
               "label": m.get("label"), "normal": m.get("normal"),
               "derived": bool(m.get("derived")), "descriptive": bool(m.get("descriptive")),
               "core_start": core_start, "core_end": core_end,
               "core_text": text[core_start:core_end] if core else None,
               "source_start": m.get("source_start"), "source_end": m.get("source_end")}


def entity_rows(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for e in record.get("entities") or []:
        geo = e.get("geo") or {}
        descriptive = e.get("descriptive")
        yield {"entity_id": e["id"], "key": e.get("key"), "label": e.get("label"),
               "name": e.get("name"), "count": e.get("count"),
               "aliases": list(e.get("aliases") or []),
               "descriptive": None if descriptive is None else bool(descriptive),
               **{f"geo_{name}": geo.get(name) for name in ("iso", "kind", "name", "region")}}


def topic_rows(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for rank, t in enumerate(record.get("topics") or [], start=1):
        yield {"topic_id": t["id"], "rank": rank, "label": t.get("label"),
               "score": t.get("score"), "source": t.get("source"),
               "evidence": [{"cue": ev.get("cue"), "start": ev.get("start"),
                             "end": ev.get("end")} for ev in t.get("evidence") or []]}


def keyphrase_rows(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for rank, k in enumerate(record.get("keyphrases") or [], start=1):
        yield {"rank": rank, "text": k.get("text"), "normal": k.get("normal"),
               "score": k.get("score")}


def date_rows(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for d in record.get("dates") or []:
        value = d.get("value")
        first, _, last = (value or "").partition("/")
        first_day, last_day = covered_days(value)
        yield {"start": d["start"], "end": d["end"], "text": d.get("text"),
               "kind": d.get("kind"), "value": value, "resolved": bool(d.get("resolved")),
               "value_start": first or None, "value_end": (last or first) or None,
               "first_day": first_day, "last_day": last_day}


def money_rows(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for m in record.get("money") or []:
        yield {"start": m["start"], "end": m["end"], "text": m.get("text"),
               "value": _float(m.get("value")), "currency": m.get("currency"),
               "min": _float(m.get("min")), "max": _float(m.get("max"))}


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


_ROWS = {"mentions": mention_rows, "entities": entity_rows, "topics": topic_rows,
         "keyphrases": keyphrase_rows, "dates": date_rows, "money": money_rows}


def rows(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each table's rows, in record order; columns in :data:`COLUMNS` order."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for record in records:
        record_id = _text_or_none((record.get("meta") or {}).get("record_id"))
        keys = {"doc_id": record["id"], "record_id": record_id}
        tables["documents"].append({**keys, **document_row(record)})
        for name, make in _ROWS.items():
            tables[name].extend({**keys, **row} for row in make(record))
    return tables


def write_parquet(records: Iterable[dict[str, Any]], paths: dict[str, Any]) -> None:
    """Write each table to its path (atomically: temporary file, then rename)."""
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = arrow_schemas()
    for name, table_rows in rows(records).items():
        path = paths[name]
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        pq.write_table(pa.Table.from_pylist(table_rows, schema=schemas[name]), temporary)
        os.replace(temporary, path)


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None else value


def write_csv(records: Iterable[dict[str, Any]], paths: dict[str, Any]) -> None:
    """CSV tables (a header line, UTF-8, lists as JSON, null as an empty field), each written
    atomically."""
    import csv
    import os

    for name, table_rows in rows(records).items():
        path = paths[name]
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        header = [column for column, _, _ in COLUMNS[name]]
        with temporary.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(header)
            writer.writerows([_csv_value(row[column]) for column in header]
                             for row in table_rows)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
