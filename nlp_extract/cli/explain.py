"""``nlp-extract explain "TEXT"``: which component and rule created, extended, relabelled or
dropped each mention of a text.

A plain typer command over :meth:`nlp_extract.Extractor.explain`, registered by the app as
``app.command("explain")(explain)``. One line per mention (label, text, offsets, normal form,
core), then one line per event of its history; the mentions dropped on the way last.
"""

from __future__ import annotations

import json
import sys

import typer

from .evaluate import exit_on_failure


@exit_on_failure("explain")
def explain(
    text: str = typer.Argument(..., help="The text to explain ('-' reads standard input)."),
    as_json: bool = typer.Option(False, "--json", help="Print the trace as JSON."),
    disable: list[str] = typer.Option([], "--disable", help="Components switched off."),
) -> None:
    """Trace each mention of TEXT to the components and rules that made it."""
    from ..extractor import Extractor

    if text == "-":
        text = sys.stdin.read()
    explanation = Extractor(disable=disable).explain(text)
    if as_json:
        typer.echo(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(explanation.render())
