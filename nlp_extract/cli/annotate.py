"""``nlp-extract annotate``: a thin wrapper over :func:`nlp_extract.corpus.annotate_corpus`.

Exit status: 0 every input annotated; 1 some inputs failed (each in ``errors.jsonl``); 2 a
usage error or a refused run (nothing changed); 3 the run itself failed (disk, permissions, a
worker lost: the manifest says what is done, ``--resume`` continues); 130 / 143 stopped by
Ctrl-C / SIGTERM (resumable).
"""

from __future__ import annotations

import shlex
import signal
import sys
from enum import Enum
from pathlib import Path
from types import FrameType
from typing import Any

import typer

from ..extractor import DEFAULT_MAX_CHARS
from ..readers import DEFAULT_MAX_BYTES
from ..workers import START_METHODS, available_cpus
from .stdin import annotate_stdin

OutputFormat = Enum("OutputFormat",
                    {name: name for name in ("json", "jsonl", "parquet", "csv")},
                    type=str)
StartMethod = Enum("StartMethod", {name: name for name in START_METHODS}, type=str)


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"nlp-extract annotate: error: {message}", err=True)
    return typer.Exit(2)


class Stopped(BaseException):  # noqa: N818 - like KeyboardInterrupt
    """SIGTERM: stop like Ctrl-C, leaving a resumable state."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Stopped


def annotate(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...",
                                       help="Files or directories (recursive), or - for stdin."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output directory."),
    fmt: OutputFormat = typer.Option(
        "json", "--format", "-f",
        help="json: DIR/<id>.json per article; jsonl: DIR/annotations.jsonl; parquet: one "
             "folder per table, DIR/{documents,mentions,entities,topics,keyphrases,dates,money}/"
             " (pip install 'nlp-extract\\[parquet]'); csv: the same tables as CSV."),
    workers: int = typer.Option(
        None, "--workers", min=1, show_default=False,
        help="Worker processes [default: the CPUs this process may use]."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Articles per model batch."),
    shard_size: int | None = typer.Option(
        None, "--shard-size", min=1,
        help="Records per output shard (jsonl: annotations-NNNNN.jsonl; parquet: default 10000)."),
    resume: bool = typer.Option(False, "--resume",
                                help="Continue an interrupted run in the same --out."),
    overwrite: bool = typer.Option(False, "--overwrite",
                                   help="Clear an earlier run's --out and start again."),
    max_chars: int = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", min=1,
                                  help="Longer texts are reported as errors, not annotated."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Larger input files (and stdin) are refused unread."),
    article_timeout: float | None = typer.Option(
        None, "--article-timeout", min=0.001, metavar="SECONDS",
        help="An article that takes longer is an error line, not a stalled run [default: "
             "no limit]."),
    dask: str | None = typer.Option(
        None, "--dask", metavar="ADDRESS",
        help="Run on a dask.distributed scheduler, e.g. tcp://host:8786 "
             "(pip install 'nlp-extract\\[dask]')."),
    start_method: StartMethod | None = typer.Option(
        None, "--start-method", show_default=False,
        help="How worker processes start [default: fork where the platform has it]."),
    learn_boilerplate: bool = typer.Option(
        True, "--learn-boilerplate/--no-learn-boilerplate",
        help="Treat lines that recur across the corpus (navigation, promos) as boilerplate."),
    progress: bool | None = typer.Option(None, "--progress/--no-progress",
                                         help="Progress bar (default: when stderr is a terminal)."),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", metavar="FILE",
                                         help="Topic taxonomy YAML (default: the built-in one)."),
    topic_model: Path | None = typer.Option(None, "--topic-model", metavar="DIR",
                                            help="Trained topic model (nlp-extract topics train)."),
    fields: str | None = typer.Option(
        None, "--fields", metavar="NAME,...",
        help="Keep only these top-level record fields, e.g. entities,topics,meta (id and "
             "schema_version always; json and jsonl)."),
    tokens: bool = typer.Option(True, "--tokens/--no-tokens",
                                help="Write the tokens of each record (json and jsonl)."),
    slim_provenance: bool = typer.Option(
        False, "--slim-provenance",
        help="The pipeline block once in manifest.json, each record only its pipeline_id "
             "(json and jsonl)."),
) -> None:
    """Annotate Russian news articles: one JSON record per article, a manifest and an error log."""
    from ..corpus.extras import require_extra, required_extras
    from ..corpus.run_errors import RunRefused

    fmt_name = OutputFormat(fmt).value
    try:
        for extra in required_extras(fmt_name, dask):
            require_extra(extra)
    except RunRefused as exc:
        raise _usage_error(str(exc)) from None
    shape = _record_shape(fmt_name, fields, tokens, slim_provenance)
    options = {"taxonomy": str(taxonomy) if taxonomy else None,
               "topic_model": str(topic_model) if topic_model else None,
               "max_chars": max_chars}
    if inputs == ["-"]:
        raise typer.Exit(annotate_stdin(options, out=out, fmt=fmt_name, max_bytes=max_bytes,
                                        shape=shape))
    if "-" in inputs:
        raise _usage_error("'-' (stdin) cannot be combined with other inputs")
    if out is None:
        raise _usage_error("--out DIR is required (or give - to annotate stdin)")
    if resume and overwrite:
        raise _usage_error("--resume and --overwrite cannot be combined")
    if out.exists() and not out.is_dir():
        raise _usage_error(f"--out {out} exists and is not a directory")
    paths = [Path(value) for value in inputs]
    missing = [str(path) for path in paths if not (path.exists() or path.is_symlink())]
    if missing:
        raise _usage_error(f"input not found: {', '.join(missing)}")

    from ..corpus import RunConfig, annotate_corpus
    from ..corpus.run_errors import RunFailed
    from ..errors import BadArgumentError, InternalError, NlpExtractError, exit_status
    from ..extractor import Extractor

    try:
        extractor = Extractor(**options)
    except BadArgumentError as exc:
        raise _usage_error(str(exc)) from None
    except InternalError as exc:
        typer.echo(f"nlp-extract annotate: internal error: {exc}", err=True)
        raise typer.Exit(3) from None
    config = RunConfig(inputs=paths, out_dir=out, fmt=fmt_name, batch_size=batch_size,
                       workers=workers or available_cpus(), learn_boilerplate=learn_boilerplate,
                       shard_size=shard_size, resume=resume, overwrite=overwrite,
                       max_chars=max_chars, max_bytes=max_bytes, dask=dask,
                       article_timeout=article_timeout,
                       start_method=start_method.value if start_method else None,
                       shape=shape)
    again = _resume_command(config, taxonomy, topic_model)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit=" articles", file=sys.stderr, desc="annotate", dynamic_ncols=True)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        summary = annotate_corpus(config, extractor,
                                  progress=bar.update if bar is not None else None)
    except RunRefused as exc:
        raise _usage_error(str(exc)) from None
    except RunFailed as exc:
        typer.echo(f"nlp-extract annotate: the run failed: {exc}\n"
                   f"  what is done is kept; to finish it: {again}", err=True)
        raise typer.Exit(3) from None
    except (KeyboardInterrupt, Stopped) as exc:
        why = "interrupted" if isinstance(exc, KeyboardInterrupt) else "stopped by SIGTERM"
        typer.echo(f"\nnlp-extract annotate: {why}; what is done is kept.\n"
                   f"  to finish the run: {again}", err=True)
        raise typer.Exit(130 if isinstance(exc, KeyboardInterrupt) else 143) from None
    except NlpExtractError as exc:
        typer.echo(f"nlp-extract annotate: error: {exc}", err=True)
        raise typer.Exit(exit_status(exc)) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        if bar is not None:
            bar.close()
    typer.echo(summary.line(), err=True)
    raise typer.Exit(summary.exit_code)


def _record_shape(fmt: str, fields: str | None, tokens: bool, slim_provenance: bool) -> Any:
    """The record shape the slimming flags ask for; a usage error for unknown field names,
    flags that undo each other, or slimming with a table format."""
    from ..corpus.writers import TABLE_FORMATS
    from ..errors import BadArgumentError
    from ..record_fields import RecordShape

    try:
        shape = RecordShape.make(fields, tokens=tokens, provenance=not slim_provenance)
    except BadArgumentError as exc:
        message = str(exc)
        raise _usage_error(f"--fields: {message}" if message.startswith("unknown") else message
                           ) from None
    if not shape.full and fmt in TABLE_FORMATS:
        raise _usage_error(f"--fields, --no-tokens and --slim-provenance shape json and jsonl "
                           f"records; --format {fmt} tables always hold every field")
    return shape


def _resume_command(config: Any, taxonomy: Path | None, topic_model: Path | None) -> str:
    """The command that continues this run (settings that shape the output included)."""
    words = ["nlp-extract", "annotate", *map(str, config.inputs), "--out", str(config.out_dir)]
    if config.fmt != "json":
        words += ["--format", config.fmt]
    if config.shard_size:
        words += ["--shard-size", str(config.shard_size)]
    if not config.learn_boilerplate:
        words.append("--no-learn-boilerplate")
    if config.shape.fields is not None:
        words += ["--fields", ",".join(config.shape.fields)]
    if not config.shape.tokens:
        words.append("--no-tokens")
    if not config.shape.provenance:
        words.append("--slim-provenance")
    for flag, value, default in (("--max-chars", config.max_chars, DEFAULT_MAX_CHARS),
                                 ("--max-bytes", config.max_bytes, DEFAULT_MAX_BYTES),
                                 ("--article-timeout", config.article_timeout, None),
                                 ("--taxonomy", taxonomy, None),
                                 ("--topic-model", topic_model, None)):
        if value != default:
            words += [flag, str(value)]
    return shlex.join([*words, "--resume"])
