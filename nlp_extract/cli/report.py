"""``nlp-extract report OUT_DIR [--output FILE]``: one self-contained HTML page about the
corpus an ``annotate`` run wrote (see :mod:`nlp_extract.report`).

Exit status: 0 written; 2 the folder is no readable out dir (missing, empty, damaged
tables, no record) or the ``report`` extra is missing; 3 writing failed (disk, permissions).
"""

from __future__ import annotations

from pathlib import Path

import typer

from .evaluate import exit_on_failure


@exit_on_failure("report")
def report(
    out_dir: Path = typer.Argument(..., metavar="OUT_DIR",
                                   help="The --out folder of `nlp-extract annotate` "
                                        "(any --format)."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="The HTML file to write \\[default: "
                                            "OUT_DIR/report.html]."),
) -> None:
    """Write a self-contained HTML report (summary, top entities, topics over time and by
    outlet, co-occurrence, filters) of an annotated corpus (pip install
    'nlp-extract\\[report]')."""
    from ..report import build_report

    done = build_report(out_dir, output)
    size = done.bytes / 1_000_000
    typer.echo(f"report of {done.articles} article(s) ({done.failed} failed input(s), "
               f"{done.entities} entities) → {done.output} ({size:.1f} MB)")
    if done.skipped:
        typer.echo(f"nlp-extract report: warning: {done.skipped} file(s) or line(s) in "
                   f"{out_dir} are no record and were left out", err=True)
