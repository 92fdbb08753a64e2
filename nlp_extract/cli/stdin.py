"""``nlp-extract annotate -``: articles piped on stdin.

Stdin is read like a file (at most ``--max-bytes``): JSON Lines when its first line is a JSON
object with a ``text``, an HTML page when it starts like one, else a text. Without ``--out``
the records are printed (one pretty record, or one line per record for JSON Lines); with
``--out`` they are written as any run's are (records, manifest, error log).
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import typer

from ..readers.decode import DecodeError, decode_bytes
from ..record import dumps
from ..record_fields import RecordShape

STDIN_ID = "stdin"


def sniff_suffix(data: bytes) -> str:
    """The reader stdin's bytes call for: ``.jsonl``, ``.html`` or ``.txt``."""
    try:
        text, _ = decode_bytes(data[:65536] if len(data) > 65536 else data)
    except (DecodeError, ValueError):
        return ".txt"
    head = text.lstrip("\ufeff \t\r\n")
    first = head.split("\n", 1)[0].strip()
    if first.startswith("{"):
        try:
            record = json.loads(first)
        except ValueError:
            record = None
        if isinstance(record, dict) and "text" in record:
            return ".jsonl"
    lowered = head[:1024].lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<body" in lowered:
        return ".html"
    return ".txt"


def _fail(message: str) -> int:
    typer.echo(f"nlp-extract annotate: stdin: {message}", err=True)
    return 1


def annotate_stdin(options: dict[str, Any], *, out: Path | None, fmt: str, max_bytes: int,
                   shape: RecordShape | None = None) -> int:
    shape = shape or RecordShape()
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        return _fail(f"more than --max-bytes ({max_bytes} bytes): raise --max-bytes or give "
                     "the text as a file")
    suffix = sniff_suffix(data)
    if out is not None:
        return _annotate_into(data, suffix, options, out, fmt, max_bytes, shape)
    from ..errors import BadArgumentError
    from ..extractor import ExtractionFailure, Extractor
    from ..readers import READERS
    from ..readers.article import ReadFailure

    try:
        extractor = Extractor(**options)
    except BadArgumentError as exc:
        return _fail(str(exc))
    sha256 = hashlib.sha256(data).hexdigest()
    items = list(READERS[suffix](data, doc_id=STDIN_ID, path="-", sha256=sha256))
    failed = 0
    for result in extractor._extract_batch(items):
        if isinstance(result, ReadFailure | ExtractionFailure):
            failed += 1
            line = f" (line {result.line})" if getattr(result, "line", None) else ""
            typer.echo(f"nlp-extract annotate: stdin{line}: {result.reason}", err=True)
            continue
        record = shape(result.record)
        text = dumps(record) if suffix == ".jsonl" else dumps(record, indent=2)
        sys.stdout.write(text + "\n")
    return 1 if failed or not items else 0


def _annotate_into(data: bytes, suffix: str, options: dict[str, Any], out: Path, fmt: str,
                   max_bytes: int, shape: RecordShape) -> int:
    """Write stdin to a temporary file and run on it as on any input."""
    from ..corpus import RunConfig, annotate_corpus
    from ..corpus.run_errors import RunRefused
    from ..errors import BadArgumentError
    from ..extractor import Extractor

    with tempfile.TemporaryDirectory(prefix="nlp-extract-stdin-") as folder:
        path = Path(folder) / f"{STDIN_ID}{suffix}"
        path.write_bytes(data)
        try:
            extractor = Extractor(**options)
            summary = annotate_corpus(RunConfig(inputs=[path], out_dir=out, fmt=fmt,
                                                workers=1, learn_boilerplate=False,
                                                max_chars=options["max_chars"],
                                                max_bytes=max_bytes, shape=shape),
                                      extractor)
        except (RunRefused, BadArgumentError) as exc:
            typer.echo(f"nlp-extract annotate: error: {exc}", err=True)
            return 2
    typer.echo(summary.line(), err=True)
    return summary.exit_code
