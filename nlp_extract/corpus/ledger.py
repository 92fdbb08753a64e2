"""The run ledger: one line per finished item, in processing order.

``DIR/.nlp_extract/ledger.jsonl`` is what ``--resume`` trusts. An item is an article written
to the output (``{"id", "status": "done"}``) or an input that failed (``{"status": "failed",
"error": {path, reason, ...}}``). Lines are flushed as they are written, after the output they
vouch for, so a run killed at any moment leaves a ledger that is a prefix of the processing
order (at most its last line torn, which :meth:`Ledger.load` drops).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..record import dumps

STATE_DIR = ".nlp_extract"


@dataclass
class LedgerState:
    done: int = 0
    failed: int = 0
    last_id: str | None = None

    @property
    def items(self) -> int:
        return self.done + self.failed


@dataclass
class Ledger:
    path: Path
    state: LedgerState = field(default_factory=LedgerState)

    @classmethod
    def in_dir(cls, out_dir: Path) -> Ledger:
        return cls(out_dir / STATE_DIR / "ledger.jsonl")

    def start(self, resume: bool) -> LedgerState:
        """Open the ledger: fresh, or (``resume``) after the items already recorded."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not resume or not self.path.exists():
            self.path.write_bytes(b"")
            self.state = LedgerState()
        else:
            self.state = self._load()
        self._stream = self.path.open("a", encoding="utf-8", newline="\n")
        return self.state

    def _load(self) -> LedgerState:
        state, good_bytes = LedgerState(), 0
        with self.path.open("rb") as stream:
            for raw in stream:
                if not raw.endswith(b"\n"):
                    break
                try:
                    entry = json.loads(raw)
                except ValueError:
                    break
                good_bytes += len(raw)
                self._count(state, entry)
        with self.path.open("r+b") as stream:  # drop a torn last line
            stream.truncate(good_bytes)
        return state

    @staticmethod
    def _count(state: LedgerState, entry: dict[str, Any]) -> None:
        if entry.get("status") == "done":
            state.done += 1
        else:
            state.failed += 1
        state.last_id = entry.get("id")

    def add(self, entry: dict[str, Any]) -> None:
        self._stream.write(dumps(entry) + "\n")
        self._count(self.state, entry)

    def sync(self) -> None:
        self._stream.flush()
        os.fsync(self._stream.fileno())

    def close(self) -> None:
        self.sync()
        self._stream.close()

    def failures(self) -> Iterator[dict[str, Any]]:
        with self.path.open(encoding="utf-8") as stream:
            for line in stream:
                entry = json.loads(line)
                if entry.get("status") == "failed":
                    yield entry["error"]
