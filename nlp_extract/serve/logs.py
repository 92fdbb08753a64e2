"""Structured logs: one JSON object a line on stderr. Of a request only its id, size and
timing (and the endpoint and status) are logged, never its text or headers."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

LOGGER = "nlp_extract.serve"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(entry, ensure_ascii=False, sort_keys=True)


def configure(level: str = "info") -> None:
    """Our logger and uvicorn's as JSON lines on stderr; uvicorn's access log (client
    addresses, full paths) switched off."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in (LOGGER, "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True


def log(message: str, level: int = logging.INFO, **fields: Any) -> None:
    logging.getLogger(LOGGER).log(level, message, extra={"fields": fields})
