"""A time budget for annotating an article: a runaway text becomes an error line, not a
stalled worker.

The budget is a ``SIGALRM`` timer, so it interrupts Python code (our rules, spaCy's loops)
in the main thread of a process: the CLI's main process and every worker. Elsewhere (a
thread of a service) the budget is not enforced.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class ArticleTimeout(BaseException):  # noqa: N818 - a signal, like KeyboardInterrupt
    """The time budget ran out (a BaseException, so ``except Exception`` fallbacks inside the
    pipeline do not swallow it)."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in the block after ``seconds`` (None: no budget). The
    timer's exception may land where Python swallows it (a garbage-collector callback, a
    ``__del__``): the block then ends normally, and the timeout is raised as it leaves."""
    if (seconds is None or seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return
    fired: list[bool] = []

    def _raise_timeout(signum: int, frame: FrameType | None) -> None:
        fired.append(True)
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        raise ArticleTimeout
