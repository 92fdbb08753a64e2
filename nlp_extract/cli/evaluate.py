"""``nlp-extract evaluate``: score our pipeline and bare natasha on a gold corpus.

A plain typer command, registered by the app as ``app.command("evaluate")(evaluate)``.

Exit status: 0 on success, 2 for usage errors (bad option, missing or malformed gold corpus),
3 when the run itself fails (a broken installation, a report that cannot be written).
"""

from __future__ import annotations

import functools
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import typer

from ..errors import EXIT_RUN_FAILED, EXIT_USAGE, NlpExtractError, exit_status
from ..evaluate.splits import SPLITS

GOLD_FORMATS = ("factru", "nerel", "brat", "conllu", "label-studio")
TYPED_FORMATS = ("brat", "conllu", "label-studio")  # formats that take --types


def exit_on_failure(command: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a typer command so that an error stopping it ends the process with the
    status it calls for (see :func:`nlp_extract.errors.exit_status`) and a one-line message
    instead of a traceback: 2 for a BadArgumentError, 3 for an InternalError, an OSError or
    an unexpected exception (whose traceback is printed too: it is a bug to report)."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except (typer.Exit, click.exceptions.Exit, click.ClickException, click.Abort):
                raise
            except (NlpExtractError, OSError) as exc:
                status = exit_status(exc)
                kind = "error" if status == EXIT_USAGE else "failed"
                typer.echo(f"nlp-extract {command}: {kind}: {exc}", err=True)
                raise typer.Exit(status) from None
            except Exception as exc:  # noqa: BLE001 - a bug: say so, exit 3
                traceback.print_exc(file=sys.stderr)
                typer.echo(f"nlp-extract {command}: internal error: {type(exc).__name__}: "
                           f"{exc}; please report it", err=True)
                raise typer.Exit(EXIT_RUN_FAILED) from None

        return run

    return decorate


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"nlp-extract evaluate: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


@exit_on_failure("evaluate")
def evaluate(
    paths: list[Path] = typer.Argument(..., metavar="PATH",
                                       help="Gold corpus folders (or files)."),
    gold: str = typer.Option(..., "--gold",
                             help="Gold format: factru|nerel|brat|label-studio (entities), "
                                  "conllu (entities when its tokens carry NER= tags, else "
                                  "lemmas and POS)."),
    types: str | None = typer.Option(
        None, "--types",
        help="brat, label-studio, conllu entities: our labels → corpus types, e.g. "
             "PER=PERSON,LOC=LOCATION,ORG=ORGANIZATION (default PER=PER,LOC=LOC,ORG=ORG)."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the report as JSON."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline",
                                  help="Run bare natasha side by side."),
    examples: int = typer.Option(0, "--examples", min=0,
                                 help="Error examples per class of our pipeline in the JSON."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Articles per model batch."),
    split: str = typer.Option("all", "--split",
                              help="Documents scored: dev (about 70%, by a hash of the file "
                                   "name), heldout (the other 30%) or all."),
    suggest_lexicon: Path | None = typer.Option(
        None, "--suggest-lexicon", metavar="FILE",
        help="Write the gold ORG/LOC names our pipeline missed entirely as entries of "
             "models/entity_labels.yaml (entity corpora only)."),
) -> None:
    """Precision, recall and F1 per type under naeval's token protocol and exact whole
    mentions, the share of gold normal forms produced, and entity records (one per gold
    referent: factru .coref, NEREL Wikidata links; identity across articles on NEREL), for our
    pipeline and natasha."""
    from ..evaluate import evaluate_brat, evaluate_factru, evaluate_nerel, format_report
    from ..evaluate.brat import BratFormatError, parse_type_map
    from ..evaluate.conllu_entities import ConlluEntityFormatError
    from ..evaluate.factru import FactruFormatError
    from ..evaluate.label_studio import LabelStudioFormatError
    from ..evaluate.lexicon_suggestions import MissedNames, write_suggestions
    from ..evaluate.runner import evaluate_conllu_entities, evaluate_label_studio

    if gold not in GOLD_FORMATS:
        raise _usage_error(f"--gold must be one of {', '.join(GOLD_FORMATS)}, not {gold!r}")
    if split not in SPLITS:
        raise _usage_error(f"--split must be one of {', '.join(SPLITS)}, not {split!r}")
    if types is not None and gold not in TYPED_FORMATS:
        raise _usage_error(f"--types applies to --gold {', '.join(TYPED_FORMATS)} only")
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise _usage_error(f"no such file or directory: {', '.join(missing)}")
    if gold == "conllu" and not _conllu_has_entities(paths):
        if types is not None:
            raise _usage_error("--types applies to CoNLL-U with NER= entity tags only")
        if suggest_lexicon is not None:
            raise _usage_error("--suggest-lexicon needs entity gold (CoNLL-U with NER= tags)")
        if split != "all":
            raise _usage_error("--split applies to entity corpora (factru, nerel, brat, "
                               "label-studio, CoNLL-U with NER= tags)")
        _evaluate_conllu(paths, baseline, json_out)
        return
    missed = MissedNames() if suggest_lexicon is not None else None
    options: dict[str, Any] = {"baseline": baseline, "examples": examples,
                               "batch_size": batch_size, "split": split, "seen": missed}
    try:
        if gold in TYPED_FORMATS:
            mapping = parse_type_map(types)
            run = {"brat": evaluate_brat, "label-studio": evaluate_label_studio,
                   "conllu": evaluate_conllu_entities}[gold]
            report = run(paths, mapping, **options)
        elif gold == "nerel":
            report = evaluate_nerel(paths, **options)
        else:
            report = evaluate_factru(paths, **options)
    except (FileNotFoundError, BratFormatError, FactruFormatError, LabelStudioFormatError,
            ConlluEntityFormatError) as exc:
        raise _usage_error(str(exc)) from None
    typer.echo(format_report(report))
    if suggest_lexicon is not None and missed is not None:
        count = write_suggestions(suggest_lexicon, missed, report.path)
        typer.echo(f"\n{count} missed ORG/LOC name(s) → {suggest_lexicon} (entity_labels "
                   "entries)" if count else
                   f"\nno ORG/LOC name was missed entirely; {suggest_lexicon} not written")
    if json_out is not None:
        text = json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True, indent=2)
        json_out.write_text(text + "\n", encoding="utf-8")


def _conllu_has_entities(paths: list[Path]) -> bool:
    """Whether the CoNLL-U gold carries entity tags (``NER=`` in MISC, as ``nlp-extract export
    --to conllu`` writes): then it is scored for entities, else for lemmas and POS."""
    from ..evaluate.conllu_entities import has_entity_tags

    files = [file for path in paths
             for file in (sorted(path.rglob("*.conllu")) if path.is_dir() else [path])]
    return any(has_entity_tags(file) for file in files if file.is_file())


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
