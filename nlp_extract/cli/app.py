"""The ``nlp-extract`` command: one typer app, one thin module per command."""

from __future__ import annotations

from collections.abc import Callable

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


def _summary(command: Callable[..., object]) -> str:
    """The first paragraph of a command's docstring on one line: the command list's help
    (typer keeps the docstring's line breaks there)."""
    return " ".join((command.__doc__ or "").strip().split("\n\n")[0].split())


for _name, _command in (("annotate", annotate), ("evaluate", evaluate), ("explain", explain),
                        ("export", export), ("report", report), ("serve", serve)):
    app.command(_name, short_help=_summary(_command))(_command)
app.add_typer(topics_app, name="topics")


@app.command("version")
def version() -> None:
    """Print the versions of nlp_extract and of the models it uses."""
    from ..pipeline_info import pipeline_versions
    from ..record import dumps

    typer.echo(dumps(pipeline_versions(), indent=2))


def main() -> None:
    app()
