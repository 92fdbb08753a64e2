"""``nlp-extract evaluate``: score our pipeline and bare natasha on a gold corpus.

A plain typer command, registered by the app as ``app.command("evaluate")(evaluate)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

GOLD_FORMATS = ("factru", "brat", "conllu")


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"nlp-extract evaluate: error: {message}", err=True)
    return typer.Exit(2)


def evaluate(
    paths: list[Path] = typer.Argument(..., metavar="PATH",
                                       help="Gold corpus folders (or files)."),
    gold: str = typer.Option(..., "--gold",
                             help="Gold format: factru|brat (entities), conllu (lemmas, POS)."),
    types: str | None = typer.Option(
        None, "--types",
        help="brat only: our labels → corpus types, e.g. PER=PERSON,LOC=LOCATION,ORG=ORGANIZATION "
             "(default PER=PER,LOC=LOC,ORG=ORG)."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the report as JSON."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline",
                                  help="Run bare natasha side by side."),
    examples: int = typer.Option(0, "--examples", min=0,
                                 help="Error examples per class of our pipeline in the JSON."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Articles per model batch."),
) -> None:
    """Precision, recall and F1 per type under naeval's token protocol and exact whole
    mentions, and the share of gold normal forms produced, for our pipeline and natasha."""
    from ..evaluate import evaluate_brat, evaluate_factru, format_report
    from ..evaluate.brat import BratFormatError, parse_type_map
    from ..evaluate.factru import FactruFormatError

    if gold not in GOLD_FORMATS:
        raise _usage_error(f"--gold must be one of {', '.join(GOLD_FORMATS)}, not {gold!r}")
    if types is not None and gold != "brat":
        raise _usage_error("--types applies to --gold brat only")
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise _usage_error(f"no such file or directory: {', '.join(missing)}")
    if gold == "conllu":
        _evaluate_conllu(paths, baseline, json_out)
        return
    try:
        if gold == "brat":
            mapping = parse_type_map(types)
            report = evaluate_brat(paths, mapping, baseline=baseline, examples=examples,
                                   batch_size=batch_size)
        else:
            report = evaluate_factru(paths, baseline=baseline, examples=examples,
                                     batch_size=batch_size)
    except (FileNotFoundError, BratFormatError, FactruFormatError) as exc:
        raise _usage_error(str(exc)) from None
    typer.echo(format_report(report))
    if json_out is not None:
        text = json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True, indent=2)
        json_out.write_text(text + "\n", encoding="utf-8")


def _evaluate_conllu(paths: list[Path], baseline: bool, json_out: Path | None) -> None:
    from ..evaluate.conllu import ConlluFormatError, evaluate_conllu, format_conllu_report

    files = [file for path in paths
             for file in (sorted(path.rglob("*.conllu")) if path.is_dir() else [path])]
    if not files:
        raise _usage_error("no .conllu files found")
    reports = []
    for file in files:
        try:
            report = evaluate_conllu(file, baseline=baseline)
        except (ConlluFormatError, UnicodeDecodeError) as exc:
            raise _usage_error(str(exc)) from None
        typer.echo(format_conllu_report(report))
        reports.append(report)
    if json_out is not None:
        text = json.dumps(reports, ensure_ascii=False, sort_keys=True, indent=2)
        json_out.write_text(text + "\n", encoding="utf-8")
