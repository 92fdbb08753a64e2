"""``nlp-extract annotate``: a thin wrapper over :func:`nlp_extract.corpus.annotate_corpus`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..corpus import MissingInputError, RunConfig, annotate_corpus, iter_inputs
from ..corpus.writers import FORMATS
from ..errors import BadArgumentError
from ..readers.decode import DecodeError, decode_bytes


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"nlp-extract annotate: error: {message}", err=True)
    return typer.Exit(2)


def annotate(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...",
                                       help="Files or directories (recursive), or - for stdin."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output directory."),
    fmt: str = typer.Option("json", "--format", "-f",
                            help="json: DIR/<id>.json per article; jsonl: DIR/annotations.jsonl."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Articles per model batch."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
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
    topic_options = {"taxonomy": str(taxonomy) if taxonomy else None,
                     "topic_model": str(topic_model) if topic_model else None}
    if inputs == ["-"]:
        raise typer.Exit(_annotate_stdin(topic_options))
    if "-" in inputs:
        raise _usage_error("'-' (stdin) cannot be combined with other inputs")
    if out is None:
        raise _usage_error("--out DIR is required (or give - to annotate stdin)")
    if out.exists() and not out.is_dir():
        raise _usage_error(f"--out {out} exists and is not a directory")
    paths = [Path(value) for value in inputs]
    try:
        files = list(iter_inputs(paths))
    except MissingInputError as exc:
        raise _usage_error(str(exc)) from None

    from ..extractor import Extractor

    try:
        extractor = Extractor(**topic_options)
    except BadArgumentError as exc:
        raise _usage_error(str(exc)) from None
    config = RunConfig(inputs=paths, out_dir=out, fmt=fmt, batch_size=batch_size,
                       workers=workers, learn_boilerplate=learn_boilerplate)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", file=sys.stderr, desc="annotate")
    try:
        summary = annotate_corpus(config, extractor, progress=bar.update if bar else None,
                                  files=files)
    finally:
        if bar is not None:
            bar.close()
    typer.echo(summary.line(), err=True)
    raise typer.Exit(summary.exit_code)


def _annotate_stdin(topic_options: dict[str, str | None]) -> int:
    data = sys.stdin.buffer.read()
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as exc:
        typer.echo(f"nlp-extract annotate: stdin: {exc}", err=True)
        return 1
    from ..extractor import Extractor

    try:
        extractor = Extractor(**topic_options)
    except BadArgumentError as exc:
        typer.echo(f"nlp-extract annotate: error: {exc}", err=True)
        return 2
    annotation = extractor.extract(text, doc_id="stdin", structure=True)
    sys.stdout.write(annotation.to_json(indent=2) + "\n")
    return 0
