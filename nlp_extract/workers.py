"""Annotating batches in worker processes, results in input order.

Workers are forked from a process that has already loaded the models, so they start at once
and share the model arrays copy-on-write (``spawn`` and ``forkserver`` build the models once
per worker instead). Each worker pins BLAS/OpenMP to one thread, so N workers use N cores
without fighting, and the numbers are the ones a single-process run computes. At most
``window`` batches are in flight, so memory stays flat however long the input stream is.

A worker dies with its parent (even after ``kill -9`` of the parent), ignores Ctrl-C (the
parent stops the run and says how to resume it), and never receives what cannot be pickled:
such an article becomes an :class:`~nlp_extract.extractor.ExtractionFailure` in its place.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .article_timeout import ArticleTimeout, time_budget

if TYPE_CHECKING:
    from .extractor import Extractor
    from .readers.article import Article

_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                     "NUMEXPR_NUM_THREADS")
_EXTRACTOR: Extractor | None = None
_SETTINGS: tuple[Any, ...] | None = None  # how a spawned worker builds its own Extractor
START_METHODS = ("fork", "forkserver", "spawn")
_PR_SET_PDEATHSIG = 1


def pin_threads() -> None:
    """One BLAS/OpenMP thread in this process."""
    for variable in _THREAD_VARIABLES:
        os.environ[variable] = "1"
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # numpy then keeps the pool it started with
        return
    threadpool_limits(1)


def available_cpus() -> int:
    """The CPUs this process may use: its affinity mask (taskset, Slurm, containers with
    cpusets), capped by a cgroup v2 CPU quota (``docker --cpus``, Kubernetes limits)."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    quota = _cgroup_cpu_quota()
    if quota is not None:
        count = min(count, quota)
    return max(1, count)


def _cgroup_cpu_quota() -> int | None:
    try:
        with open("/sys/fs/cgroup/cpu.max", encoding="ascii") as stream:
            limit, period = stream.read().split()[:2]
    except (OSError, ValueError):
        return None
    if limit == "max":
        return None
    try:
        return max(1, -(-int(limit) // int(period)))  # ceil
    except (ValueError, ZeroDivisionError):
        return None


def default_start_method() -> str:
    """``fork`` where the platform has it (models loaded once, shared), else ``spawn``."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when its parent dies (Linux), and check that the
    parent has not already gone between the fork and this call."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:  # elsewhere a thread watches the parent
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _init_worker(parent: int, settings: tuple[Any, ...] | None) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pin_threads()
    global _EXTRACTOR
    if _EXTRACTOR is None and settings is not None:  # spawn / forkserver: build our own
        from .extractor import Extractor

        config, disable, max_chars = settings
        _EXTRACTOR = Extractor(config=config, disable=disable, max_chars=max_chars)


@dataclass(frozen=True)
class Serialized:
    """A record already turned into its output text by the worker (the parent only writes)."""

    id: str
    text: str


Serializer = Callable[[dict[str, Any]], str]


def annotate_batch(extractor: Extractor, batch: list[Any], serialize: Serializer | None = None,
                   article_timeout: float | None = None, *, own_zone: bool = True
                   ) -> list[Any]:
    """The batch's results as plain data: record dicts (or :class:`Serialized` texts) and
    failure objects, ready to cross a process boundary.

    spaCy's string store is emptied of the batch's words afterwards (``memory_zone``), so a
    long run does not grow; with ``own_zone=False`` the caller holds the zone (and gives the
    heap back) itself, around several batches. With ``article_timeout`` (seconds), an article
    that takes longer becomes a failure in its place; the batch's other articles are
    annotated one by one."""
    try:
        with time_budget(None if article_timeout is None else article_timeout * len(batch)):
            return _annotated(extractor, batch, serialize, own_zone)
    except ArticleTimeout:
        if len(batch) == 1:  # it was the article's own budget: no second try
            return [_timeout_failure(batch[0], article_timeout)]
    results: list[Any] = []
    for item in batch:
        try:
            with time_budget(article_timeout):
                results.extend(_annotated(extractor, [item], serialize, own_zone))
        except ArticleTimeout:
            results.append(_timeout_failure(item, article_timeout))
    return results


def _annotated(extractor: Extractor, batch: list[Any], serialize: Serializer | None,
               own_zone: bool = True) -> list[Any]:
    from .record import Annotation

    results: list[Any] = []
    with extractor.nlp.memory_zone() if own_zone else contextlib.nullcontext():
        for result in extractor._extract_batch(batch):
            if isinstance(result, Annotation):
                record = result.record
                results.append(Serialized(record["id"], serialize(record)) if serialize
                               else record)
            else:
                results.append(result)
    if own_zone:
        release_memory()
    return results


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def release_memory() -> None:
    """Give the heap's free pages back to the system: the words a batch brought leave holes
    that new words do not fill exactly, so without this RSS creeps up over a long run (444 →
    507 MB from 1,000 to 10,000 articles in one process; with it, flat within a few %)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def failed_in_place(item: Any, reason: str) -> Any:
    """What a batch item becomes when the worker side cannot annotate it: an article becomes
    an :class:`~nlp_extract.extractor.ExtractionFailure` with ``reason``; an item that is
    already a failure (a read failure passing through) stays as it is."""
    from .extractor import ExtractionFailure
    from .readers.article import ReadFailure

    if isinstance(item, ReadFailure | ExtractionFailure):
        return item
    return ExtractionFailure(getattr(item, "id", "?"), reason, getattr(item, "source", None))


def _timeout_failure(item: Any, seconds: float | None) -> Any:
    return failed_in_place(item, f"annotation took longer than the time budget of "
                                 f"{seconds:g} s per article (--article-timeout): skipped")


def _unsendable_failure(item: Any, exc: BaseException) -> Any:
    return failed_in_place(item, f"cannot be sent to or from a worker process "
                                 f"({type(exc).__name__}: {str(exc)[:200]}); a field nested "
                                 "too deep?")


def pickled_items(batch: list[Any], send: Callable[[list[Any]], bytes] | None = None
                  ) -> tuple[bytes, dict[int, Any]]:
    """The batch pickled for a worker. Items that cannot be pickled (a record nested
    thousands of levels deep) are left out and returned as failures by position."""
    dump = send or _dumps
    try:
        return dump(batch), {}
    except Exception:  # noqa: BLE001 - find the item(s) to blame
        pass
    kept, failed = [], {}
    for position, item in enumerate(batch):
        try:
            dump([item])
        except Exception as exc:  # noqa: BLE001 - RecursionError, PicklingError, ...
            failed[position] = _unsendable_failure(item, exc)
            continue
        kept.append(item)
    return dump(kept), failed


def _dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _run_batch(payload: bytes, serialize: Serializer | None, article_timeout: float | None
               ) -> bytes:
    assert _EXTRACTOR is not None, "worker started without an extractor"
    batch = pickle.loads(payload)
    results = annotate_batch(_EXTRACTOR, batch, serialize, article_timeout)
    try:
        return _dumps(results)
    except Exception:  # noqa: BLE001 - blame the one result that cannot travel back
        kept = []
        for item, result in zip(batch, results, strict=True):
            try:
                _dumps(result)
            except Exception as exc:  # noqa: BLE001
                result = _unsendable_failure(item, exc)
            kept.append(result)
        return _dumps(kept)


def _merged(results: list[Any], failed: dict[int, Any]) -> list[Any]:
    if not failed:
        return results
    merged, iterator = [], iter(results)
    for position in range(len(results) + len(failed)):
        merged.append(failed[position] if position in failed else next(iterator))
    return merged


@dataclass
class _InFlight:
    payload: bytes
    failed: dict[int, Any]
    future: Future[bytes]
    size: int


def parallel_batches(extractor: Extractor, batches: Iterable[list[Article]], n_process: int,
                     window: int | None = None, serialize: Serializer | None = None,
                     start_method: str | None = None, article_timeout: float | None = None
                     ) -> Iterator[list[Any]]:
    """Yield, in order, each batch's results: record dicts (or, with ``serialize``, their
    :class:`Serialized` output texts, made in the workers) and failure objects.

    With ``article_timeout``, a worker that stops answering (stopped, stuck in C code) for
    twice the batch's budget is replaced: its batch's articles become failures, the other
    batches in flight go to the new workers. If the consumer stops early (Ctrl-C, an error
    while writing), the workers are killed at once rather than left to finish."""
    global _EXTRACTOR
    _EXTRACTOR = extractor
    method = start_method or default_start_method()
    settings = None if method == "fork" else (extractor.config, extractor.disable,
                                              extractor.max_chars)
    window = window or 2 * n_process
    context = multiprocessing.get_context(method)
    if method == "fork":
        gc.freeze()  # the models' objects stay in shared pages: no collector writes there

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker,
                                   initargs=(os.getpid(), settings))

    pool = new_pool()

    def submit(payload: bytes) -> Future[bytes]:
        return pool.submit(_run_batch, payload, serialize, article_timeout)

    def result(entry: _InFlight) -> list[Any]:
        nonlocal pool
        budget = None if article_timeout is None else 2 * article_timeout * entry.size + 10
        try:
            return _merged(pickle.loads(entry.future.result(timeout=budget)), entry.failed)
        except FuturesTimeout:
            _stop_now(pool)  # a worker stopped answering: replace them all
            pool = new_pool()
            for other in pending:
                other.future = submit(other.payload)
            return _merged([_unanswered_failure(item, budget) for item in
                            pickle.loads(entry.payload)], entry.failed)

    finished = False
    pending: deque[_InFlight] = deque()
    try:
        for batch in batches:
            payload, failed = pickled_items(batch)
            pending.append(_InFlight(payload, failed, submit(payload), len(batch)))
            if len(pending) >= window:
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_now(pool)


def _unanswered_failure(item: Any, seconds: float | None) -> Any:
    return failed_in_place(item, f"the worker annotating it stopped answering for {seconds:g} "
                                 "s (--article-timeout): it was replaced and this article "
                                 "skipped")


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Kill the workers and forget their batches (the ledger says what is done)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
    # the pool's manager thread closes its wake-up pipe as it ends; if it is still ending when
    # the interpreter exits, Python 3.11's exit hook may write to the pipe as it closes and
    # print a traceback (OSError: Bad file descriptor) after our clean message: wait for it
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        with contextlib.suppress(Exception):
            manager.join(timeout=5)
