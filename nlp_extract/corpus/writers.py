"""Where records go: one JSON file per article, JSONL (optionally sharded), or Parquet or CSV
tables (one folder per table).

Every store writes atomically (temporary name, then rename) and can be resumed from the
ledger: what the ledger vouches for is kept, anything written after it (a run killed between
writing a record and recording it) is dropped and annotated again, so a resumed run ends
byte-identical to an uninterrupted one. A shard is finished (renamed into place, converted to
Parquet) only after the ledger covers all its records (:meth:`checkpoint`), so a finished
shard never holds a record the ledger does not know.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from ..record import dumps
from ..record_fields import RecordShape
from .atomic import write_atomic
from .ledger import STATE_DIR
from .run_errors import ResumeError
from .tables import TABLES, write_csv, write_parquet

FORMATS = ("json", "jsonl", "parquet", "csv")
TABLE_FORMATS = ("parquet", "csv")
__all__ = ["FORMATS", "TABLE_FORMATS", "CsvStore", "JsonDirStore", "ParquetStore",
           "RecordStore", "ResumeError", "ShardedJsonlStore", "make_store"]


def pretty_json(record: dict[str, Any]) -> str:
    return dumps(record, indent=2) + "\n"


def json_line(record: dict[str, Any]) -> str:
    return dumps(record) + "\n"


def _shaped(serialize: Any, shape: RecordShape, record: dict[str, Any]) -> str:
    return serialize(shape(record))


def shaped(serialize: Any, shape: RecordShape | None) -> Any:
    """``serialize`` applied to the record as ``shape`` keeps it (picklable, for workers)."""
    return serialize if shape is None or shape.full else partial(_shaped, serialize, shape)


class RecordStore(Protocol):
    serialize: Any  # record → the text this store writes (run in workers when parallel)

    def resume(self, done: int) -> None: ...
    def has(self, doc_id: str) -> bool: ...
    def write(self, record: dict[str, Any]) -> None: ...
    def write_text(self, doc_id: str, text: str) -> None: ...
    def sync(self) -> None: ...
    def checkpoint(self) -> None: ...
    def close(self) -> None: ...
    def outputs(self) -> dict[str, Any]: ...


NAME_MAX = 255  # bytes in one file name (Linux, macOS)
PATH_MAX = 4000  # bytes in a whole path, with room to spare under Linux's 4096
CLASH_DIR = "_clashes"


def shortened(name: str, limit: int = NAME_MAX - 16) -> str:
    """``name`` if it fits in ``limit`` bytes, else its start plus a stable hash of all of
    it (so two long names that share a start stay apart)."""
    data = name.encode("utf-8", "surrogateescape")
    if len(data) <= limit:
        return name
    digest = hashlib.sha256(data).hexdigest()[:16]
    start = data[:limit - 17].decode("utf-8", "ignore")
    return f"{start}~{digest}"


class JsonDirStore:
    """``DIR/<id>.json`` per article, pretty-printed.

    A record whose path cannot be written as is goes to ``DIR/_clashes/<hash of id>.json``
    (its ``id`` inside says what it is): a path part that is an existing file or symlink (ids
    «b» and «b.json/c»), a record path that is a folder, or a path over the system's limit.
    Over-long names are shortened with a stable hash. Nothing is written through a symlink."""

    def __init__(self, out_dir: Path, shape: RecordShape | None = None) -> None:
        self.out_dir = out_dir
        self.serialize = shaped(pretty_json, shape)

    def path_for(self, doc_id: str) -> Path:
        parts = [shortened(part) for part in doc_id.split("/")]
        parts[-1] = shortened(doc_id.rpartition("/")[2], NAME_MAX - 16 - len(".json")) + ".json"
        path = self.out_dir.joinpath(*parts)
        if self._writable(path):
            return path
        digest = hashlib.sha256(doc_id.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return self.out_dir / CLASH_DIR / f"{digest}.json"

    def _writable(self, path: Path) -> bool:
        """Every folder on the way is a real folder (or absent), the file is not a folder or
        a symlink, the whole path is within the system's limits."""
        if len(str(path).encode("utf-8", "surrogateescape")) > PATH_MAX:
            return False
        current = self.out_dir
        for part in path.relative_to(self.out_dir).parts[:-1]:
            current = current / part
            if current.is_symlink() or (current.exists() and not current.is_dir()):
                return False
        return not path.is_symlink() and not path.is_dir()

    def resume(self, done: int) -> None:
        return None  # every file is complete or absent: the runner asks has() per article

    def has(self, doc_id: str) -> bool:
        return self.path_for(doc_id).is_file()

    def write(self, record: dict[str, Any]) -> None:
        self.write_text(record["id"], self.serialize(record))

    def write_text(self, doc_id: str, text: str) -> None:
        path = self.path_for(doc_id)
        if path.parent.is_symlink():  # a planted _clashes link
            raise OSError(errno.ELOOP, "a symlink inside --out", str(path.parent))
        write_atomic(path, text)

    def sync(self) -> None:
        return None  # write_atomic already synced

    def checkpoint(self) -> None:
        return None

    def close(self) -> None:
        return None

    def outputs(self) -> dict[str, Any]:
        return {"records": "<id>.json"}


class ShardedJsonlStore:
    """``DIR/annotations.jsonl`` or, with ``shard_size``, ``DIR/annotations-00000.jsonl``, ...
    A shard is written under ``.nlp_extract/`` as ``….partial`` and renamed into place when it
    is full and the ledger covers it."""

    def __init__(self, out_dir: Path, shard_size: int | None = None,
                 shape: RecordShape | None = None) -> None:
        if shard_size is not None and shard_size < 1:
            raise ValueError("shard size must be at least 1")
        self.out_dir = out_dir
        self.serialize = shaped(json_line, shape)
        self.shard_size = shard_size
        self.index = 0  # the shard being written
        self.count = 0  # records in it
        self.full: list[int] = []  # shards full but not yet finished (waiting for the ledger)
        self._stream: Any = None
        (out_dir / STATE_DIR).mkdir(parents=True, exist_ok=True)

    # -- names --------------------------------------------------------------------------
    def name(self, index: int) -> str:
        return "annotations.jsonl" if self.shard_size is None else \
            f"annotations-{index:05d}.jsonl"

    def final(self, index: int) -> Path:
        return self.out_dir / self.name(index)

    def partial(self, index: int) -> Path:
        return self.out_dir / STATE_DIR / f"{self.name(index)}.partial"

    def finished(self, index: int) -> bool:
        """Whether shard ``index`` is in its final place (and form)."""
        return self.final(index).exists() and not self.partial(index).exists()

    # -- resume -------------------------------------------------------------------------
    def resume(self, done: int) -> None:
        """Bring the files back to exactly the ``done`` records the ledger vouches for."""
        size = self.shard_size
        self.index, expected = (done // size, done % size) if size else (0, done)
        for index in range(self.index):  # full shards: finished, or finish them now
            if self.finished(index):
                continue
            self._unfinish(index)
            kept = _truncate_records(self.partial(index), size or 0)
            if kept != size:
                raise ResumeError(f"{self.partial(index)} holds {kept} records, the ledger "
                                  f"{size}: start again with --overwrite")
            self._finish(index)
        if expected and self.finished(self.index) \
                and self._finished_count(self.index) == expected:
            self.index += 1  # the last shard of a run that had ended: nothing to redo
            self._drop_after(self.index - 1)
            return
        self._unfinish(self.index)
        partial = self.partial(self.index)
        kept = _truncate_records(partial, expected) if partial.exists() else 0
        if kept < expected:
            raise ResumeError(f"{partial} holds {kept} records, the ledger {expected}: "
                              "start again with --overwrite")
        self._drop_after(self.index)
        self.count = kept
        if kept:
            self._stream = partial.open("a", encoding="utf-8", newline="\n")

    def _finished_count(self, index: int) -> int:
        with self.final(index).open("rb") as stream:
            return sum(1 for _ in stream)

    def _unfinish(self, index: int) -> None:
        """Move a finished shard back to its partial file (a shard finished by a run whose
        ledger was then cut short, or a finished single-file run being resumed)."""
        final, partial = self.final(index), self.partial(index)
        if final.exists() and not partial.exists():
            os.replace(final, partial)
        elif final.exists():
            final.unlink()

    def _drop_after(self, index: int) -> None:
        """Remove what was written past the ledger's last shard."""
        if not self.shard_size:
            return
        later = index + 1
        while self.partial(later).exists() or self.final(later).exists():
            self.partial(later).unlink(missing_ok=True)
            self._remove_final(later)
            later += 1

    def _remove_final(self, index: int) -> None:
        self.final(index).unlink(missing_ok=True)

    # -- writing ------------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return False

    def write(self, record: dict[str, Any]) -> None:
        self.write_text(record["id"], self.serialize(record))

    def write_text(self, doc_id: str, text: str) -> None:
        if self._stream is None:
            self._stream = self.partial(self.index).open("w", encoding="utf-8", newline="\n")
        self._stream.write(text)
        self.count += 1
        if self.shard_size and self.count >= self.shard_size:
            self._close_stream()
            self.full.append(self.index)
            self.index += 1
            self.count = 0

    def sync(self) -> None:
        if self._stream is not None:
            self._stream.flush()
            os.fsync(self._stream.fileno())

    def _close_stream(self) -> None:
        if self._stream is not None:
            self.sync()
            self._stream.close()
            self._stream = None

    def checkpoint(self) -> None:
        """The ledger now covers every record written: finish the full shards."""
        while self.full:
            self._finish(self.full.pop(0))

    def _finish(self, index: int) -> None:
        partial = self.partial(index)
        if not partial.exists():
            partial.write_bytes(b"")
        os.replace(partial, self.final(index))
        _sync_dir(self.out_dir)

    def close(self) -> None:
        """Called after the ledger is closed: finish the last shard."""
        self.checkpoint()
        if self.count or (self.shard_size is None and not self.finished(0)):
            self._close_stream()
            self._finish(self.index)
            self.index += 1
            self.count = 0

    def shards(self) -> int:
        return self.index

    def outputs(self) -> dict[str, Any]:
        return {"records": [self.name(i) for i in range(self.shards())
                            if self.finished(i)]}


class ParquetStore(ShardedJsonlStore):
    """Tables, one folder each: ``documents/documents-00000.parquet``, ``mentions/…``,
    ``entities/…``, ``topics/…``, ``keyphrases/…``, ``dates/…``, ``money/…`` (one file per
    shard), so ``pd.read_parquet("DIR/entities")`` reads a whole table. Records pass through a
    JSONL shard under ``.nlp_extract/`` (what resume reads), converted when the shard is full
    and ledgered; the JSONL shard is removed once all its tables are in place."""

    suffix = "parquet"

    def __init__(self, out_dir: Path, shard_size: int | None = None) -> None:
        super().__init__(out_dir, shard_size or 10_000)

    def final(self, index: int) -> Path:
        return self.out_dir / STATE_DIR / f"shard-{index:05d}.jsonl"

    def table_name(self, name: str, index: int) -> str:
        return f"{name}/{name}-{index:05d}.{self.suffix}"

    def tables(self, index: int) -> dict[str, Path]:
        return {name: self.out_dir / self.table_name(name, index) for name in TABLES}

    def finished(self, index: int) -> bool:
        return (all(path.exists() for path in self.tables(index).values())
                and not self.final(index).exists() and not self.partial(index).exists())

    def _unfinish(self, index: int) -> None:
        super()._unfinish(index)  # a shard renamed but not (fully) converted: back to partial
        self._remove_tables(index)

    def _remove_tables(self, index: int) -> None:
        for path in self.tables(index).values():
            path.unlink(missing_ok=True)

    def _finished_count(self, index: int) -> int:
        import pyarrow.parquet as pq

        return int(pq.read_metadata(self.tables(index)["documents"]).num_rows)

    def _remove_final(self, index: int) -> None:
        super()._remove_final(index)
        self._remove_tables(index)

    def _convert(self, records: Iterator[dict[str, Any]], paths: dict[str, Path]) -> None:
        write_parquet(records, paths)

    def _finish(self, index: int) -> None:
        super()._finish(index)
        final = self.final(index)
        with final.open(encoding="utf-8") as stream:
            self._convert((json.loads(line) for line in stream), self.tables(index))
        for name in TABLES:
            _sync_dir(self.out_dir / name)
        _sync_dir(self.out_dir)
        final.unlink()

    def outputs(self) -> dict[str, Any]:
        done = [i for i in range(self.shards()) if self.finished(i)]
        return {name: [self.table_name(name, i) for i in done] for name in TABLES}


class CsvStore(ParquetStore):
    """The same tables as CSV: ``documents/documents-00000.csv``, … (lists as JSON)."""

    suffix = "csv"

    def _finished_count(self, index: int) -> int:
        import csv

        with self.tables(index)["documents"].open(encoding="utf-8", newline="") as stream:
            return sum(1 for _ in csv.reader(stream)) - 1

    def _convert(self, records: Iterator[dict[str, Any]], paths: dict[str, Path]) -> None:
        write_csv(records, paths)


def _truncate_records(path: Path, limit: int) -> int:
    """Keep the first ``limit`` complete, valid JSON lines of ``path`` (a torn or damaged line
    ends what is kept); the number kept."""
    kept, good = 0, 0
    with path.open("rb") as stream:
        for raw in stream:
            if kept >= limit or not raw.endswith(b"\n"):
                break
            try:
                json.loads(raw)["id"]  # noqa: B018 - a record has an id
            except (ValueError, KeyError, TypeError):
                break
            kept, good = kept + 1, good + len(raw)
    with path.open("r+b") as stream:
        stream.truncate(good)
        stream.flush()
        os.fsync(stream.fileno())
    return kept


def _sync_dir(path: Path) -> None:
    """Make renames in ``path`` durable."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def make_store(fmt: str, out_dir: Path, shard_size: int | None = None,
               shape: RecordShape | None = None) -> RecordStore:
    """``shape`` (json and jsonl only: tables hold every field) slims each record."""
    if fmt in TABLE_FORMATS and shape is not None and not shape.full:
        raise ValueError(f"--format {fmt} writes every field: slim records are json or jsonl")
    if fmt == "json":
        return JsonDirStore(out_dir, shape)
    if fmt == "jsonl":
        return ShardedJsonlStore(out_dir, shard_size, shape)
    if fmt == "parquet":
        return ParquetStore(out_dir, shard_size)
    if fmt == "csv":
        return CsvStore(out_dir, shard_size)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
