"""``nlp-extract export``: an annotate run's mentions and topics in brat, CoNLL-U or Label
Studio, to correct by hand and score the pipeline with ``nlp-extract evaluate --gold``.

Exit status: 0 on success, 2 for usage errors (unknown format, a run folder that cannot be
read, a destination that is not empty), 3 when writing fails.
"""

from __future__ import annotations

from pathlib import Path

import typer

from .evaluate import exit_on_failure


@exit_on_failure("export")
def export(
    out_dir: Path = typer.Argument(..., metavar="OUT_DIR",
                                   help="The --out folder of an annotate run (any --format; "
                                        "conllu: json or jsonl)."),
    to: str = typer.Option(..., "--to", help="Format: brat|conllu|label-studio."),
    dest: Path = typer.Argument(..., metavar="DIR", help="A new or empty folder to write."),
) -> None:
    """Write the run's PER/LOC/ORG mentions and topics in a format annotation tools open;
    after correcting them, score the pipeline with
    nlp-extract evaluate --gold brat|conllu|label-studio DIR."""
    from ..export import export_run
    from ..export.records import run_incomplete

    summary = export_run(out_dir, to, dest)
    if run_incomplete(out_dir):
        typer.echo(f"nlp-extract export: warning: the run in {out_dir} is not complete; "
                   "only the records it has written were exported", err=True)
    for line in summary.left_out:
        typer.echo(f"nlp-extract export: warning: left out {line}", err=True)
    typer.echo(summary.line(dest))
