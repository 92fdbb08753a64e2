"""``nlp-extract serve``: the annotator as an HTTP service (``pip install
'nlp-extract[serve]'``). Exit status: 0 stopped by SIGTERM after draining; 2 a usage error
(missing extra, public address without a token, unreadable token file, port taken); 3 the
models could not be loaded or the server failed."""

from __future__ import annotations

import contextlib
import importlib
import ipaddress
import socket
from pathlib import Path

import typer

from ..workers import available_cpus

SERVE_MODULES = ("fastapi", "uvicorn")


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"nlp-extract serve: error: {message}", err=True)
    return typer.Exit(2)


def _missing_extra() -> str | None:
    for module in SERVE_MODULES:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            return (f"nlp-extract serve needs the {module} package, which is not installed: "
                    f"pip install 'nlp-extract[serve]' ({exc})")
    return None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_token(path: Path) -> str:
    """The bearer token: the file's content without surrounding whitespace."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise _usage_error(f"--token-file {path}: cannot read it ({exc})") from None
    if not token:
        raise _usage_error(f"--token-file {path} is empty: put the token in it")
    if any(char.isspace() for char in token) or not token.isprintable() or not token.isascii():
        raise _usage_error(f"--token-file {path}: the token must be one line of printable "
                           "ASCII without spaces")
    return token


def _port_taken(host: str, port: int) -> str | None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with contextlib.closing(socket.socket(family, socket.SOCK_STREAM)) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None


def serve(
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on (a public one needs --token-file)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    workers: int = typer.Option(None, "--workers", min=1, show_default=False,
                                help="Worker processes \\[default: the CPUs this process may "
                                     "use]."),
    max_chars: int = typer.Option(200_000, "--max-chars", min=1,
                                  help="Longer texts are refused (413)."),
    max_batch: int = typer.Option(64, "--max-batch", min=1,
                                  help="Most articles in one batch request (more: 413)."),
    max_body: int = typer.Option(8 * 1024 * 1024, "--max-body", min=1,
                                 help="Largest request body in bytes (more: 413)."),
    queue: int = typer.Option(64, "--queue", min=0,
                              help="Requests that may wait for a busy worker (more: 503 with "
                                   "Retry-After)."),
    batch_size: int = typer.Option(16, "--batch-size", min=1,
                                   help="Most articles of waiting requests a worker annotates "
                                        "together (batched inference)."),
    timeout: float = typer.Option(60.0, "--timeout", min=0.001, metavar="SECONDS",
                                  help="Time budget per article; past it the request is 504 "
                                       "and a hung worker is replaced."),
    token_file: Path | None = typer.Option(None, "--token-file", metavar="FILE",
                                           help="File holding the bearer token clients must "
                                                "send."),
    insecure_no_auth: bool = typer.Option(False, "--insecure-no-auth",
                                          help="Allow a public --host without a token."),
    cors_origin: list[str] = typer.Option([], "--cors-origin", metavar="ORIGIN",
                                          help="Allow browser calls from ORIGIN (repeatable; "
                                               "default: no CORS)."),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", metavar="FILE",
                                         help="Topic taxonomy YAML (default: the built-in one)."),
    topic_model: Path | None = typer.Option(None, "--topic-model", metavar="DIR",
                                            help="Trained topic model (nlp-extract topics train)."),
) -> None:
    """Serve annotation over HTTP: POST /v1/annotate, /v1/annotate/batch; GET /healthz,
    /readyz, /metrics, /v1/version, /docs."""
    missing = _missing_extra()
    if missing:
        raise _usage_error(missing)
    if token_file is not None and insecure_no_auth:
        raise _usage_error("--token-file and --insecure-no-auth cannot be combined")
    token = read_token(token_file) if token_file is not None else None
    if token is None and not is_loopback(host) and not insecure_no_auth:
        raise _usage_error(f"--host {host} accepts connections from other machines: give "
                           "--token-file FILE (clients send 'Authorization: Bearer <token>'), "
                           "or --insecure-no-auth to serve without a token")
    taken = _port_taken(host, port)
    if taken:
        raise _usage_error(taken)

    from ..errors import BadArgumentError, InternalError
    from ..extractor import Extractor
    from ..serve.app import ServeConfig
    from ..serve.jobs import model_config
    from ..serve.server import serve as run_server

    try:
        extractor = Extractor(config=model_config(), max_chars=max_chars,
                              taxonomy=str(taxonomy) if taxonomy else None,
                              topic_model=str(topic_model) if topic_model else None)
    except BadArgumentError as exc:
        raise _usage_error(str(exc)) from None
    except InternalError as exc:
        typer.echo(f"nlp-extract serve: internal error: {exc}", err=True)
        raise typer.Exit(3) from None
    config = ServeConfig(host=host, port=port, workers=workers or available_cpus(),
                         max_chars=max_chars, max_batch=max_batch, max_body=max_body,
                         queue=queue, batch_size=batch_size, timeout=timeout, token=token,
                         cors_origins=tuple(cors_origin))
    raise typer.Exit(run_server(config, extractor))
