"""Reading the records of an ``nlp-extract annotate`` run back from its ``--out`` folder.

``--format json`` leaves ``<id>.json`` per record (in sub-folders as the input had them, and
``_clashes/``); ``--format jsonl`` leaves ``annotations.jsonl`` or shards
``annotations-NNNNN.jsonl``; ``--format parquet`` or ``csv`` leaves tables, from which
:mod:`..corpus.table_records` rebuilds the records (all but their tokens). Records come sorted
by file path, shard lines and table rows in file order, so an export is the same byte for byte
however often it is made.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..corpus.ledger import STATE_DIR
from ..corpus.table_records import TABLE_FORMATS, read_table_records, shard_numbers, table_format
from ..errors import BadArgumentError

RUN_FILES = frozenset({"manifest.json"})


class RunFolderError(BadArgumentError):
    """The folder is not the ``--out`` of an annotate run this command can read."""


def run_format(out_dir: Path) -> str:
    """``json``, ``jsonl``, ``parquet`` or ``csv``: from the manifest, else from the files
    present."""
    if not out_dir.is_dir():
        raise RunFolderError(f"{out_dir}: no such directory (give the --out of an "
                             "'nlp-extract annotate' run)")
    manifest = out_dir / "manifest.json"
    if manifest.is_file():
        try:
            fmt = json.loads(manifest.read_text(encoding="utf-8"))["config"]["format"]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise RunFolderError(f"{manifest}: not a manifest of an annotate run") from None
        if fmt in ("json", "jsonl", *TABLE_FORMATS):
            return str(fmt)
    tables = table_format(out_dir)
    if tables is not None:
        return tables
    if any(out_dir.glob("annotations*.jsonl")):
        return "jsonl"
    return "json"


def run_incomplete(out_dir: Path) -> bool:
    """Whether the run's manifest says it stopped part way (its records are then a part)."""
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(manifest, dict) and manifest.get("complete") is False


def _record(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) \
            or not isinstance(data.get("id"), str) or not isinstance(data.get("mentions"), list):
        raise RunFolderError(f"{where}: not an nlp-extract record (needs id, text, mentions)")
    return data


def _json_files(out_dir: Path) -> list[Path]:
    files = []
    for path in out_dir.rglob("*.json"):
        relative = path.relative_to(out_dir)
        if relative.parts[0] == STATE_DIR or str(relative) in RUN_FILES or not path.is_file():
            continue
        files.append(path)
    return sorted(files, key=lambda p: p.relative_to(out_dir).as_posix())


def _read_json_dir(out_dir: Path) -> Iterator[dict[str, Any]]:
    for path in _json_files(out_dir):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise RunFolderError(f"{path}: not valid JSON ({exc})") from None
        yield _record(data, str(path))


def _read_jsonl(out_dir: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(out_dir.glob("annotations*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except ValueError as exc:
                    raise RunFolderError(f"{path}: line {number}: not valid JSON ({exc})") \
                        from None
                yield _record(data, f"{path}: line {number}")


def _manifest(out_dir: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def read_records(out_dir: str | Path, *, tokens: bool = False) -> Iterator[dict[str, Any]]:
    """The records of the run in ``out_dir`` (any annotate layout), in a stable order.

    The folder is checked now (:class:`RunFolderError`), the records read as the iterator is
    consumed. ``tokens``: the caller needs each record's tokens, which tables do not keep (a
    parquet or csv run is then refused)."""
    out_dir = Path(out_dir)
    fmt = run_format(out_dir)
    if fmt in TABLE_FORMATS:
        if tokens:
            raise RunFolderError(
                f"{out_dir}: a --format {fmt} run keeps no tokens, and CoNLL-U is written "
                "token by token: export it --to brat or --to label-studio, or annotate "
                "again with --format json or --format jsonl for --to conllu")
        if not shard_numbers(out_dir, fmt):
            raise RunFolderError(
                f"{out_dir}: a --format {fmt} run with no {fmt} tables "
                f"(documents/documents-00000.{fmt}, …); give the --out of a finished run")
        return read_table_records(out_dir, fmt, _manifest(out_dir))
    return _read_jsonl(out_dir) if fmt == "jsonl" else _read_json_dir(out_dir)
