"""Where records go: one JSON file per article, or one JSONL file for the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from ..record import dumps
from .atomic import write_atomic

FORMATS = ("json", "jsonl")


class RecordWriter(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


class JsonDirWriter:
    """``DIR/<id>.json`` per article, pretty-printed, written atomically."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def path_for(self, doc_id: str) -> Path:
        return self.out_dir / f"{doc_id}.json"

    def write(self, record: dict[str, Any]) -> None:
        write_atomic(self.path_for(record["id"]), dumps(record, indent=2) + "\n")

    def close(self) -> None:
        return None


class JsonlWriter:
    """``DIR/annotations.jsonl``: one record per line, in input order."""

    def __init__(self, out_dir: Path, name: str = "annotations.jsonl") -> None:
        self.path = out_dir / name
        self._partial = out_dir / f".{name}.partial"
        out_dir.mkdir(parents=True, exist_ok=True)
        self._stream = self._partial.open("w", encoding="utf-8", newline="\n")

    def write(self, record: dict[str, Any]) -> None:
        self._stream.write(dumps(record) + "\n")

    def close(self) -> None:
        self._stream.close()
        self._partial.replace(self.path)


def make_writer(fmt: str, out_dir: Path) -> RecordWriter:
    if fmt == "json":
        return JsonDirWriter(out_dir)
    if fmt == "jsonl":
        return JsonlWriter(out_dir)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
