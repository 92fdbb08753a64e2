"""One run at a time per output folder: an exclusive lock on ``DIR/.nlp_extract/lock``.

The lock is an ``flock`` on an open file, so the kernel releases it when the holder dies
(even after ``kill -9``); the file holds the holder's pid so a refused run can name it."""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import IO

from .run_errors import RunRefused

LOCK_NAME = "lock"


class OutDirLock:
    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / LOCK_NAME
        self._stream: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        stream = self.path.open("a+", encoding="ascii")
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stream.seek(0)
            holder = stream.read().strip() or "unknown"
            stream.close()
            raise RunRefused(f"another nlp-extract run (pid {holder}) is writing to "
                             f"{self.path.parent.parent}; wait for it or choose another --out"
                             ) from None
        stream.seek(0)
        stream.truncate()
        stream.write(f"{os.getpid()}\n")
        stream.flush()
        self._stream = stream

    def release(self) -> None:
        if self._stream is not None:
            with contextlib.suppress(OSError):
                self._stream.truncate(0)  # no stale pid once the run has ended
                self._stream.flush()
                fcntl.flock(self._stream.fileno(), fcntl.LOCK_UN)
                self._stream.close()
            self._stream = None
