"""What an ``annotate`` out dir holds, read for a report: the manifest, the error log and the
records, streamed one at a time (``--format json``: ``<id>.json`` files; ``jsonl``: the
``annotations*.jsonl`` shards; ``parquet`` or ``csv``: records rebuilt from the tables, one
shard at a time, by :mod:`..corpus.table_records`), so a corpus of any size is read in bounded
memory."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus.ledger import STATE_DIR
from ..corpus.table_records import TABLE_FORMATS, read_table_records, shard_numbers, table_format
from ..errors import BadArgumentError

MANIFEST = "manifest.json"
ERRORS = "errors.jsonl"
FAILURES_SHOWN = 20  # error lines kept for the page (all are counted)


class ReportInputError(BadArgumentError):
    """The folder given to ``report`` is not an out dir the report can read (exit 2)."""


@dataclass
class OutDir:
    path: Path
    fmt: str  # json | jsonl | parquet | csv
    manifest: dict[str, Any]
    skipped: int = 0  # files or lines that are no record (garbage, a torn line)
    skipped_examples: list[str] = field(default_factory=list)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record, in a stable order (file paths sorted; shard lines in order); what is
        no record (garbage, a torn line, an unreadable file) is counted in ``skipped``.
        Tables give their records in the run's order; damaged ones stop the report (exit 2)."""
        if self.fmt in TABLE_FORMATS:
            yield from read_table_records(self.path, self.fmt, self.manifest)
            return
        for where, data in self._raw():
            record = _load(data) if data is not None else None
            if _is_record(record):
                yield record
                continue
            self.skipped += 1
            if len(self.skipped_examples) < 5:
                self.skipped_examples.append(where)

    def _raw(self) -> Iterator[tuple[str, bytes | None]]:
        for path in self._record_files():
            if self.fmt == "json":
                try:
                    data: bytes | None = path.read_bytes()
                except OSError:
                    data = None
                yield path.relative_to(self.path).as_posix(), data
                continue
            with path.open("rb") as lines:
                for number, line in enumerate(lines, start=1):
                    if line.strip():
                        yield f"{path.name}:{number}", line

    def _record_files(self) -> list[Path]:
        if self.fmt == "jsonl":
            return sorted(p for p in self.path.glob("annotations*.jsonl") if p.is_file())
        found: list[Path] = []
        for folder, dirs, files in os.walk(self.path):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not (here == self.path and d == STATE_DIR))
            found.extend(here / name for name in sorted(files)
                         if name.endswith(".json") and not (here == self.path and name == MANIFEST))
        return found

    def failures(self) -> tuple[int, list[dict[str, Any]]]:
        """How many inputs failed (lines of ``errors.jsonl``) and the first of them."""
        path = self.path / ERRORS
        count, shown = 0, []
        if not path.is_file():
            return int((self.manifest.get("counts") or {}).get("failed") or 0), []
        with path.open("rb") as lines:
            for line in lines:
                if not line.strip():
                    continue
                count += 1
                if len(shown) < FAILURES_SHOWN:
                    entry = _load(line)
                    if not isinstance(entry, dict):
                        entry = {"reason": line.decode("utf-8", "replace").strip()[:300]}
                    shown.append({key: entry.get(key) for key in ("path", "line", "reason")})
        return count, shown


def _load(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _is_record(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("id"), str)
            and isinstance(value.get("entities", []), list))


def open_out_dir(path: Path) -> OutDir:
    """Check that ``path`` is an ``annotate`` out dir this report reads; say what is wrong
    otherwise (:class:`ReportInputError`, exit 2)."""
    if not path.exists():
        raise ReportInputError(f"{path} does not exist: give the --out folder of a "
                               "finished `nlp-extract annotate` run")
    if not path.is_dir():
        raise ReportInputError(f"{path} is not a folder: give the --out folder of an "
                               "`nlp-extract annotate` run")
    manifest: dict[str, Any] = {}
    manifest_path = path / MANIFEST
    if manifest_path.is_file():
        loaded = _load(manifest_path.read_bytes())
        if not isinstance(loaded, dict):
            raise ReportInputError(f"{manifest_path} is not a run manifest (not a JSON object)")
        manifest = loaded
    fmt = (manifest.get("config") or {}).get("format") or _guess_format(path)
    if fmt in TABLE_FORMATS and not shard_numbers(path, fmt):
        raise ReportInputError(
            f"{path} is a --format {fmt} run but holds no {_TABLE_NAMES[fmt]} tables "
            f"(documents/documents-00000.{fmt}, …): give the --out folder of a finished run")
    if fmt not in ("json", "jsonl", *TABLE_FORMATS):
        raise ReportInputError(
            f"{path} holds no nlp-extract annotate output (no {MANIFEST}, no <id>.json or "
            "annotations*.jsonl records, no tables): give the --out folder of an annotate run")
    return OutDir(path=path, fmt=fmt, manifest=manifest)


_TABLE_NAMES = {"parquet": "Parquet", "csv": "CSV"}


def _guess_format(path: Path) -> str | None:
    tables = table_format(path)
    if tables is not None:
        return tables
    if any(p.is_file() for p in path.glob("annotations*.jsonl")):
        return "jsonl"
    if any(p.is_file() for p in path.rglob("*.json")):
        return "json"
    return None
