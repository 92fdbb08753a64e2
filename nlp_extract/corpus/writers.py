"""Where records go: one JSON file per article, JSONL (optionally sharded), or Parquet tables.

Every store writes atomically (temporary name, then rename) and can be resumed: given the
number of articles the ledger vouches for, it says which records beyond that were already
written (a run killed between writing a record and recording it in the ledger), so they are
not annotated twice.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol

from ..record import dumps
from .atomic import write_atomic
from .ledger import STATE_DIR
from .run_errors import ResumeError
from .tables import TABLES, write_parquet

FORMATS = ("json", "jsonl", "parquet")
__all__ = ["FORMATS", "JsonDirStore", "ParquetStore", "RecordStore", "ResumeError",
           "ShardedJsonlStore", "make_store"]


def pretty_json(record: dict[str, Any]) -> str:
    return dumps(record, indent=2) + "\n"


def json_line(record: dict[str, Any]) -> str:
    return dumps(record) + "\n"


class RecordStore(Protocol):
    serialize: Any  # record → the text this store writes (run in workers when parallel)

    def resume(self, done: int) -> list[str]: ...
    def has(self, doc_id: str) -> bool: ...
    def write(self, record: dict[str, Any]) -> None: ...
    def write_text(self, doc_id: str, text: str) -> None: ...
    def sync(self) -> None: ...
    def close(self) -> None: ...
    def outputs(self) -> dict[str, Any]: ...


class JsonDirStore:
    """``DIR/<id>.json`` per article, pretty-printed."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def path_for(self, doc_id: str) -> Path:
        return self.out_dir / f"{doc_id}.json"

    def resume(self, done: int) -> list[str]:
        return []  # every file is complete or absent: the runner asks has() per article

    def has(self, doc_id: str) -> bool:
        return self.path_for(doc_id).is_file()

    serialize = staticmethod(pretty_json)

    def write(self, record: dict[str, Any]) -> None:
        self.write_text(record["id"], pretty_json(record))

    def write_text(self, doc_id: str, text: str) -> None:
        write_atomic(self.path_for(doc_id), text)

    def sync(self) -> None:
        return None  # write_atomic already synced

    def close(self) -> None:
        return None

    def outputs(self) -> dict[str, Any]:
        return {"records": "<id>.json"}


class ShardedJsonlStore:
    """``DIR/annotations.jsonl`` or, with ``shard_size``, ``DIR/annotations-00000.jsonl``, ...
    A shard is written under ``.nlp_extract/`` and renamed into place when complete."""

    def __init__(self, out_dir: Path, shard_size: int | None = None) -> None:
        if shard_size is not None and shard_size < 1:
            raise ValueError("shard size must be at least 1")
        self.out_dir = out_dir
        self.shard_size = shard_size
        self.index = 0
        self.count = 0
        self.finished: list[str] = []
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

    # -- resume -------------------------------------------------------------------------
    def resume(self, done: int) -> list[str]:
        size = self.shard_size or 0
        self.index = done // size if size else 0
        self.finished = [self.name(i) for i in range(self.index)]
        expected = done - self.index * size if size else done
        ids = self._finished_ids(self.index)
        if ids is not None:  # the shard was completed after the ledger's last line
            if self.final(self.index).exists():
                self._after_shard(self.final(self.index))
            self.finished.append(self.name(self.index))
            self.index += 1
            return ids[expected:]
        partial = self.partial(self.index)
        if not partial.exists() and self.shard_size is None and self.final(0).exists():
            os.replace(self.final(0), partial)  # a finished run, resumed: reopen its file
        if not partial.exists():
            if expected:
                raise ResumeError(f"{partial} is missing but the ledger counts {expected} "
                                  "records in it: run again without --resume")
            return []
        ids = self._complete_lines(partial)
        if len(ids) < expected:
            raise ResumeError(f"{partial} holds {len(ids)} records, the ledger {expected}: "
                              "run again without --resume")
        self.count = len(ids)
        self._stream = partial.open("a", encoding="utf-8", newline="\n")
        if size and self.count >= size:
            self._finish_shard()
        return ids[expected:]

    def _finished_ids(self, index: int) -> list[str] | None:
        final = self.final(index)
        if self.shard_size is None or not final.exists():
            return None
        with final.open(encoding="utf-8") as stream:
            return [json.loads(line)["id"] for line in stream]

    @staticmethod
    def _complete_lines(path: Path) -> list[str]:
        ids, good = [], 0
        with path.open("rb") as stream:
            for raw in stream:
                if not raw.endswith(b"\n"):
                    break
                try:
                    ids.append(json.loads(raw)["id"])
                except (ValueError, KeyError):
                    break
                good += len(raw)
        with path.open("r+b") as stream:
            stream.truncate(good)
        return ids

    # -- writing ------------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return False

    serialize = staticmethod(json_line)

    def write(self, record: dict[str, Any]) -> None:
        self.write_text(record["id"], json_line(record))

    def write_text(self, doc_id: str, text: str) -> None:
        if self._stream is None:
            self._stream = self.partial(self.index).open("a", encoding="utf-8", newline="\n")
        self._stream.write(text)
        self.count += 1
        if self.shard_size and self.count >= self.shard_size:
            self._finish_shard()

    def sync(self) -> None:
        if self._stream is not None:
            self._stream.flush()
            os.fsync(self._stream.fileno())

    def _finish_shard(self) -> None:
        partial = self.partial(self.index)
        if self._stream is not None:
            self.sync()
            self._stream.close()
            self._stream = None
        elif not partial.exists():
            partial.write_bytes(b"")
        final = self.final(self.index)
        os.replace(partial, final)
        self._after_shard(final)
        self.finished.append(self.name(self.index))
        self.index += 1
        self.count = 0

    def _after_shard(self, final: Path) -> None:
        """Hook for formats built from a finished shard."""

    def close(self) -> None:
        if self.count or (self.shard_size is None and not self.finished):
            self._finish_shard()

    def outputs(self) -> dict[str, Any]:
        return {"records": list(self.finished)}


class ParquetStore(ShardedJsonlStore):
    """Parquet tables per shard: ``documents-00000.parquet``, ``mentions-…``, ``entities-…``,
    ``topics-…``. Records pass through a JSONL shard under ``.nlp_extract/`` (what resume
    reads), which is converted when the shard is complete."""

    def __init__(self, out_dir: Path, shard_size: int | None = None) -> None:
        super().__init__(out_dir, shard_size or 10_000)

    def final(self, index: int) -> Path:
        return self.out_dir / STATE_DIR / f"shard-{index:05d}.jsonl"

    def tables(self, index: int) -> dict[str, Path]:
        return {name: self.out_dir / f"{name}-{index:05d}.parquet" for name in TABLES}

    def _finished_ids(self, index: int) -> list[str] | None:
        ids = super()._finished_ids(index)
        documents = self.tables(index)["documents"]
        if ids is None and documents.exists():
            import pyarrow.parquet as pq

            ids = pq.read_table(documents, columns=["id"]).column("id").to_pylist()
        return ids

    def _after_shard(self, final: Path) -> None:
        index = int(final.stem.rsplit("-", 1)[1])
        with final.open(encoding="utf-8") as stream:
            write_parquet((json.loads(line) for line in stream), self.tables(index))
        final.unlink()

    def outputs(self) -> dict[str, Any]:
        return {name: [f"{name}-{i:05d}.parquet" for i in range(self.index)] for name in TABLES}


def make_store(fmt: str, out_dir: Path, shard_size: int | None = None) -> RecordStore:
    if fmt == "json":
        return JsonDirStore(out_dir)
    if fmt == "jsonl":
        return ShardedJsonlStore(out_dir, shard_size)
    if fmt == "parquet":
        return ParquetStore(out_dir, shard_size)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
