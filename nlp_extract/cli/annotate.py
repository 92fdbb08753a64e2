"""``nlp-extract annotate``: a thin wrapper over :func:`nlp_extract.corpus.annotate_corpus`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer

from ..corpus.writers import FORMATS
from ..extractor import DEFAULT_MAX_CHARS
from ..readers import DEFAULT_MAX_BYTES
from ..readers.decode import DecodeError, decode_bytes


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"nlp-extract annotate: error: {message}", err=True)
    return typer.Exit(2)


def annotate(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...",
                                       help="Files or directories (recursive), or - for stdin."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output directory."),
    fmt: str = typer.Option(
        "json", "--format", "-f",
        help="json: DIR/<id>.json per article; jsonl: DIR/annotations.jsonl; parquet: tables "
             "DIR/{documents,mentions,entities,topics}-NNNNN.parquet."),
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", min=1,
                                help="Worker processes (default: the number of cores)."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Articles per model batch."),
    shard_size: int | None = typer.Option(
        None, "--shard-size", min=1,
        help="Records per output shard (jsonl: annotations-NNNNN.jsonl; parquet: default 10000)."),
    resume: bool = typer.Option(False, "--resume",
                                help="Continue an interrupted run in the same --out."),
    max_chars: int = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", min=1,
                                  help="Longer texts are reported as errors, not annotated."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Larger input files are refused without being read."),
    dask: str | None = typer.Option(None, "--dask", metavar="ADDRESS",
                                    help="Run on a dask.distributed scheduler, e.g. tcp://host:8786."),
    learn_boilerplate: bool = typer.Option(
        True, "--learn-boilerplate/--no-learn-boilerplate",
        help="Treat lines that recur across the corpus (navigation, promos) as boilerplate."),
    progress: bool | None = typer.Option(None, "--progress/--no-progress",
                                         help="Progress bar (default: when stderr is a terminal)."),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", metavar="FILE",
                                         help="Topic taxonomy YAML (default: the built-in one)."),
    topic_model: Path | None = typer.Option(None, "--topic-model", metavar="DIR",
                                            help="Trained topic model (nlp-extract topics train)."),
) -> None:
    """Annotate Russian news articles: one JSON record per article, a manifest and an error log."""
    if fmt not in FORMATS:
        raise _usage_error(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    options = {"taxonomy": str(taxonomy) if taxonomy else None,
               "topic_model": str(topic_model) if topic_model else None,
               "max_chars": max_chars}
    if inputs == ["-"]:
        raise typer.Exit(_annotate_stdin(options))
    if "-" in inputs:
        raise _usage_error("'-' (stdin) cannot be combined with other inputs")
    if out is None:
        raise _usage_error("--out DIR is required (or give - to annotate stdin)")
    if out.exists() and not out.is_dir():
        raise _usage_error(f"--out {out} exists and is not a directory")
    paths = [Path(value) for value in inputs]
    missing = [str(path) for path in paths if not (path.exists() or path.is_symlink())]
    if missing:
        raise _usage_error(f"input not found: {', '.join(missing)}")

    from ..corpus import RunConfig, annotate_corpus
    from ..corpus.writers import ResumeError
    from ..errors import BadArgumentError, NlpExtractError
    from ..extractor import Extractor

    try:
        extractor = Extractor(**options)
    except BadArgumentError as exc:
        raise _usage_error(str(exc)) from None
    config = RunConfig(inputs=paths, out_dir=out, fmt=fmt, batch_size=batch_size,
                       workers=workers, learn_boilerplate=learn_boilerplate,
                       shard_size=shard_size, resume=resume, max_chars=max_chars,
                       max_bytes=max_bytes, dask=dask)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit=" articles", file=sys.stderr, desc="annotate", dynamic_ncols=True)
    try:
        summary = annotate_corpus(config, extractor, progress=bar.update if bar is not None else None)
    except (ResumeError, NlpExtractError) as exc:
        raise _usage_error(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
    typer.echo(summary.line(), err=True)
    raise typer.Exit(summary.exit_code)


def _annotate_stdin(options: dict[str, Any]) -> int:
    data = sys.stdin.buffer.read()
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as exc:
        typer.echo(f"nlp-extract annotate: stdin: {exc}", err=True)
        return 1
    from ..errors import BadArgumentError, BadInputError
    from ..extractor import Extractor

    try:
        annotation = Extractor(**options).extract(text, doc_id="stdin", structure=True)
    except (BadArgumentError, BadInputError) as exc:
        typer.echo(f"nlp-extract annotate: stdin: {exc}", err=True)
        return 1
    sys.stdout.write(annotation.to_json(indent=2) + "\n")
    return 0
