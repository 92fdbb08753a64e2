"""The ``nlp-extract`` command: one typer app, one thin module per command."""

from __future__ import annotations

import typer

from .annotate import annotate
from .evaluate import evaluate
from .explain import explain
from .export import export
from .report import report
from .serve import serve
from .topics import topics_app

app = typer.Typer(
    name="nlp-extract",
    help="Russian news → entities and topics, one versioned JSON record per article.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from ..version import __version__

        typer.echo(f"nlp-extract {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    show_version: bool = typer.Option(False, "--version", is_eager=True,
                                      callback=_print_version,
                                      help="Print the version of nlp-extract and exit."),
) -> None:
    """Russian news → entities and topics, one versioned JSON record per article."""


app.command("annotate")(annotate)
app.command("evaluate")(evaluate)
app.command("explain")(explain)
app.command("export")(export)
app.command("report")(report)
app.command("serve")(serve)
app.add_typer(topics_app, name="topics")


@app.command("version")
def version() -> None:
    """Print the versions of nlp_extract and of the models it uses."""
    from ..pipeline_info import pipeline_versions
    from ..record import dumps

    typer.echo(dumps(pipeline_versions(), indent=2))


def main() -> None:
    app()
