"""Run the app under uvicorn: models loaded before the workers fork, SIGTERM drains."""

from __future__ import annotations

import signal
from types import FrameType

from ..extractor import Extractor
from .app import ServeConfig, create_app
from .logs import configure, log


def _drain_quietly(signum: int, frame: FrameType | None) -> None:
    """uvicorn re-raises the signal it drained for; after a SIGTERM drain we exit 0."""


def serve(config: ServeConfig, extractor: Extractor) -> int:
    import uvicorn

    configure()
    app = create_app(config, extractor)
    server = uvicorn.Server(uvicorn.Config(
        app, host=config.host, port=config.port, log_config=None, access_log=False,
        proxy_headers=False, server_header=False, date_header=True,
        limit_concurrency=config.workers + config.queue + 64,
        timeout_keep_alive=5, timeout_graceful_shutdown=None))
    signal.signal(signal.SIGTERM, _drain_quietly)
    log("listening", host=config.host, port=config.port, workers=config.workers,
        auth=config.token is not None)
    try:
        server.run()
    except KeyboardInterrupt:  # Ctrl-C: drained as SIGTERM is, then re-raised by uvicorn
        log("stopped by Ctrl-C")
        return 130
    if not server.started:
        return 3
    log("stopped")
    return 0
