"""``DIR/errors.jsonl``: one line per input that could not be annotated, with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..record import dumps


class ErrorLog:
    def __init__(self, out_dir: Path, name: str = "errors.jsonl") -> None:
        self.path = out_dir / name
        self._partial = out_dir / f".{name}.partial"
        out_dir.mkdir(parents=True, exist_ok=True)
        self._stream = self._partial.open("w", encoding="utf-8", newline="\n")
        self.count = 0

    def add(self, entry: dict[str, Any]) -> None:
        self._stream.write(dumps(entry) + "\n")
        self._stream.flush()
        self.count += 1

    def close(self) -> None:
        self._stream.close()
        self._partial.replace(self.path)
