"""Annotating batches in worker processes, results in input order.

Workers are forked from a process that has already loaded the models, so they start at once
and share the model arrays copy-on-write. Each worker pins BLAS/OpenMP to one thread, so N
workers use N cores without fighting. At most ``window`` batches are in flight, so memory stays
flat however long the input stream is.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .extractor import Extractor
    from .readers.article import Article

_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                     "NUMEXPR_NUM_THREADS")
_EXTRACTOR: Extractor | None = None


def pin_threads() -> None:
    """One BLAS/OpenMP thread in this process."""
    for variable in _THREAD_VARIABLES:
        os.environ[variable] = "1"
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # numpy then keeps the pool it started with
        return
    threadpool_limits(1)


@dataclass(frozen=True)
class Serialized:
    """A record already turned into its output text by the worker (the parent only writes)."""

    id: str
    text: str


Serializer = Callable[[dict[str, Any]], str]


def annotate_batch(extractor: Extractor, batch: list[Any], serialize: Serializer | None = None
                   ) -> list[Any]:
    """The batch's results as plain data: record dicts (or :class:`Serialized` texts) and
    failure objects, ready to cross a process boundary."""
    from .record import Annotation

    results: list[Any] = []
    for result in extractor._extract_batch(batch):
        if isinstance(result, Annotation):
            record = result.record
            results.append(Serialized(record["id"], serialize(record)) if serialize else record)
        else:
            results.append(result)
    return results


def _run_batch(batch: list[Any], serialize: Serializer | None) -> list[Any]:
    assert _EXTRACTOR is not None, "worker started without an extractor"
    return annotate_batch(_EXTRACTOR, batch, serialize)


def parallel_batches(extractor: Extractor, batches: Iterable[list[Article]], n_process: int,
                     window: int | None = None, serialize: Serializer | None = None
                     ) -> Iterator[list[Any]]:
    """Yield, in order, each batch's results: record dicts (or, with ``serialize``, their
    :class:`Serialized` output texts, made in the workers) and failure objects."""
    global _EXTRACTOR
    _EXTRACTOR = extractor
    window = window or 2 * n_process
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(n_process, mp_context=context, initializer=pin_threads) as pool:
        pending: deque[Future[list[Any]]] = deque()
        for batch in batches:
            pending.append(pool.submit(_run_batch, batch, serialize))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
