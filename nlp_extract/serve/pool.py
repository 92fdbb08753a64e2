"""Worker processes for the server: forked after the models are loaded (they share them),
one job at a time each, fed over a socket pair so the event loop never waits on annotation.

A worker dies with the server (``PR_SET_PDEATHSIG``), ignores SIGINT and SIGTERM (the server
drains and then closes its socket: end of input is its signal to exit) and is replaced when it
dies, is stopped (SIGSTOP) while idle, or does not answer within its job's deadline (it is
killed). ``ready`` says whether every worker is alive and running.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import pickle
import select
import signal
import socket
import struct
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..workers import die_with_parent, pin_threads
from .jobs import JobItem, JobZone, JsonItem, Outcome, run_job
from .logs import log

if TYPE_CHECKING:
    from ..extractor import Extractor

_HEADER = struct.Struct(">Q")
GRACE_SECONDS = 2.0  # beyond a job's budget before its worker counts as hung
GATHER_WAIT = 0.03  # at most this long a free worker waits for answered clients to come back
IDLE_CLOSE = 1.0  # seconds without a job after which a worker closes its memory zone
SUPERVISE_EVERY = 0.2
# Tests only: a worker given an article containing this variable's value stops itself
# (SIGSTOP), as a worker stuck in C code would look from outside.
HANG_MARKER_VARIABLE = "NLP_EXTRACT_SERVE_TEST_HANG"


class QueueFull(Exception):  # noqa: N818 - a condition, reported as 503
    """Every worker is busy and the queue holds ``queue`` requests already."""


class WorkerTimeout(Exception):  # noqa: N818
    """The worker did not answer in time: it was killed and replaced."""


class WorkerLost(Exception):  # noqa: N818
    """The worker died while annotating (killed from outside, out of memory): replaced."""


class Unsendable(Exception):  # noqa: N818
    """The request's articles cannot be sent to a worker (pickling failed)."""


class PoolClosed(Exception):  # noqa: N818
    """The server is shutting down."""


@dataclass(eq=False)
class Worker:
    pid: int
    fd: int
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    busy: bool = False
    alive: bool = True
    started: float = field(default_factory=time.monotonic)


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        count = sock.recv_into(view[got:])
        if count == 0:
            return None
        got += count
    return bytes(buffer)


def _worker_main(sock: socket.socket, extractor: Extractor, timeout: float | None,
                 parent: int) -> None:
    """The loop a forked worker runs until the server closes its socket."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    pin_threads()
    hang_marker = os.environ.get(HANG_MARKER_VARIABLE)
    zone = JobZone(extractor)
    while True:
        if zone.open and (zone.full or not _job_within(sock, IDLE_CLOSE)):
            zone.close()  # between jobs, while the server gathers the next one
        header = _recv_exactly(sock, _HEADER.size)
        if header is None:
            return
        payload = _recv_exactly(sock, _HEADER.unpack(header)[0])
        if payload is None:
            return
        items: list[JobItem] = pickle.loads(payload)
        if hang_marker and any(hang_marker in _text_of(item) for item in items):
            os.kill(os.getpid(), signal.SIGSTOP)  # tests: a worker that stops answering
        outcomes = run_job(extractor, items, timeout, zone)
        answer = pickle.dumps(outcomes, protocol=pickle.HIGHEST_PROTOCOL)
        sock.sendall(_HEADER.pack(len(answer)) + answer)
        del items, outcomes, answer, payload  # the zone's closing gives the heap back


def _job_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server sends something (a job, or the end of input) within ``seconds``."""
    readable, _, _ = select.select([sock], [], [], seconds)
    return bool(readable)


def _text_of(item: JobItem) -> str:
    if isinstance(item, JsonItem):
        return str(item.record.get("text", ""))
    return item.data.decode("utf-8", "replace")


def _process_state(pid: int) -> str | None:
    """The kernel's one-letter state of ``pid`` (``T`` stopped, ``Z`` zombie), None if gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            data = stream.read()
    except OSError:
        return None
    return data[data.rfind(b")") + 2:][:1].decode("ascii", "replace")


class WorkerPool:
    """``size`` forked workers; :meth:`run` waits in a queue of at most ``queue`` requests
    (beyond that: :class:`QueueFull`) for the next free worker, which takes the waiting
    requests together, up to ``batch_size`` articles (a larger batch request goes alone).

    A bigger job is cheaper per article (batched inference: the CLI's batches of 64 cost
    ~10% less per article than jobs of 16), so a free worker waits for the clients it has
    just answered: keep-alive clients send their next request within milliseconds. It goes
    once they are all back (``_returning`` is 0), the waiting requests fill a job, or after
    :data:`GATHER_WAIT`; a request that nobody was answered before goes at once."""

    def __init__(self, extractor: Extractor, size: int, queue: int,
                 timeout: float | None, batch_size: int = 16) -> None:
        self.extractor = extractor
        self.size = size
        self.queue = queue
        self.timeout = timeout
        self.workers: list[Worker] = []
        self.batch_size = batch_size
        self.in_flight = 0  # requests waiting or being annotated
        self._returning = 0  # requests answered whose clients have not sent another yet
        self.jobs = 0  # jobs sent to workers, and the articles they held
        self.job_articles = 0
        self.restarts = 0
        self.closing = False
        self._idle: deque[Worker] = deque()
        self._pending: deque[_Pending] = deque()
        self._jobs: set[asyncio.Task[None]] = set()
        self._flush: asyncio.TimerHandle | None = None
        self._zombies: set[int] = set()
        self._supervisor: asyncio.Task[None] | None = None
        # one filler at a time: the supervisor and a hung job's replacement both fill, and a
        # spawn awaits its connection, so two could see one worker missing and start two
        self._filling = asyncio.Lock()

    # -- life cycle --------------------------------------------------------------------
    async def start(self) -> None:
        gc.freeze()  # the models' objects stay in shared pages: no collector writes there
        for _ in range(self.size):
            await self._spawn()
        self._supervisor = asyncio.create_task(self._supervise())

    async def _spawn(self) -> None:
        ours, theirs = socket.socketpair()
        server = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: never return into the server's code
            status = 0
            try:
                signal.set_wakeup_fd(-1)  # the server's event loop is not ours
                ours.close()
                for worker in self.workers:
                    with contextlib.suppress(OSError):
                        os.close(worker.fd)
                _worker_main(theirs, self.extractor, self.timeout, server)
            except BaseException:  # noqa: BLE001 - a worker's end is its exit status
                status = 1
            finally:
                os._exit(status)
        theirs.close()
        fd = ours.fileno()
        reader, writer = await asyncio.open_connection(sock=ours, limit=2**20)
        worker = Worker(pid=pid, fd=fd, reader=reader, writer=writer)
        self.workers.append(worker)
        self._idle.append(worker)
        self._dispatch()

    async def close(self, wait: float = 10.0) -> None:
        """Let every worker finish (end of input), then reap them; kill what lingers."""
        self.closing = True
        if self._supervisor is not None:
            self._supervisor.cancel()
        for worker in self.workers:
            worker.writer.close()
        deadline = time.monotonic() + wait
        pending = {worker.pid for worker in self.workers} | self._zombies
        while pending and time.monotonic() < deadline:
            pending = {pid for pid in pending if not self._reaped(pid)}
            if pending:
                await asyncio.sleep(0.05)
        for pid in pending:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        self.workers.clear()

    @staticmethod
    def _reaped(pid: int) -> bool:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True
        return done == pid

    # -- health ------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return (not self.closing and len(self.workers) == self.size
                and all(worker.alive and _process_state(worker.pid) not in (None, "T", "t", "Z")
                        for worker in self.workers))

    @property
    def busy(self) -> int:
        return sum(worker.busy for worker in self.workers)

    async def _supervise(self) -> None:
        """Replace workers that died or were stopped while idle; reap the retired."""
        while not self.closing:
            try:
                await self._check_workers()
            except Exception as exc:  # noqa: BLE001 - the supervisor must go on
                log("supervisor error", level=40, error=f"{type(exc).__name__}: {exc}")
            await asyncio.sleep(SUPERVISE_EVERY)

    async def _check_workers(self) -> None:
        await self._fill()
        self._zombies = {pid for pid in self._zombies if not self._reaped(pid)}
        for worker in list(self.workers):
            if not worker.alive:
                continue
            state = _process_state(worker.pid)
            if state in (None, "Z") or (state in ("T", "t") and not worker.busy):
                await self._replace(worker)

    async def _replace(self, worker: Worker) -> None:
        if not worker.alive:
            return
        worker.alive = False
        with contextlib.suppress(OSError):
            os.kill(worker.pid, signal.SIGKILL)
        worker.writer.close()
        self._zombies.add(worker.pid)
        if worker in self.workers:
            self.workers.remove(worker)
        if worker in self._idle:
            self._idle.remove(worker)
        self.restarts += 1
        await self._fill()

    async def _fill(self) -> None:
        """Start workers until there are ``size``; a fork that fails (out of memory, process
        limit) is logged and tried again by the supervisor."""
        async with self._filling:
            while not self.closing and len(self.workers) < self.size:
                try:
                    await self._spawn()
                except OSError as exc:
                    log("cannot start a worker", level=40,
                        error=f"{type(exc).__name__}: {exc}")
                    return

    # -- jobs --------------------------------------------------------------------------
    def deadline(self, articles: int) -> float | None:
        """How long a job may take before its worker counts as hung: the per-article budget
        (twice, per article, for a batch retried one by one) and a grace period."""
        if self.timeout is None:
            return None
        return self.timeout * (1 if articles == 1 else 2 * articles) + GRACE_SECONDS

    @property
    def waiting(self) -> int:
        """Requests waiting for a worker (the queue depth)."""
        return sum(not entry.answer.done() for entry in self._pending)

    async def run(self, items: list[JobItem]) -> list[Outcome]:
        """The outcomes of ``items``, annotated by the next free worker, together with other
        waiting requests (up to ``batch_size`` articles a job: batched inference)."""
        if self.closing:
            raise PoolClosed
        if not self._idle and self.waiting >= self.queue:
            raise QueueFull
        entry = _Pending(items, asyncio.get_running_loop().create_future())
        self._pending.append(entry)
        self.in_flight += 1
        self._returning = max(0, self._returning - 1)
        try:
            self._consider()
            return await entry.answer
        finally:
            self.in_flight -= 1

    def _waiting_articles(self) -> int:
        return sum(len(entry.items) for entry in self._pending)

    def _consider(self) -> None:
        """Send the waiting requests to a free worker now, or wait (at most GATHER_WAIT) for
        the clients just answered to join them."""
        if not self._pending or not self._idle:
            return
        if self._returning == 0 or self._waiting_articles() >= self.batch_size:
            self._dispatch()
        elif self._flush is None:
            self._flush = asyncio.get_running_loop().call_later(GATHER_WAIT, self._gathered)

    def _gathered(self) -> None:
        self._flush = None
        self._returning = 0  # who has not come back by now does not count any more
        self._dispatch()

    def _dispatch(self) -> None:
        """Give waiting requests to idle workers, shared evenly among them."""
        if self._flush is not None:
            self._flush.cancel()
            self._flush = None
        while self._pending and self._idle:
            worker = self._idle.popleft()
            if not worker.alive or _process_state(worker.pid) in (None, "Z", "T", "t"):
                self._track(asyncio.create_task(self._replace(worker)))
                continue
            share = min(self.batch_size,
                        -(-self._waiting_articles() // (len(self._idle) + 1)))
            job: list[_Pending] = []
            size = 0
            while self._pending and (not job or size + len(self._pending[0].items)
                                     <= share):
                entry = self._pending.popleft()
                if entry.answer.done():  # its request was cancelled while waiting
                    continue
                job.append(entry)
                size += len(entry.items)
            if not job:
                self._idle.appendleft(worker)
                return
            worker.busy = True
            self._track(asyncio.create_task(self._run_job(worker, job)))

    def _track(self, task: asyncio.Task[None]) -> None:
        """Keep a reference to a background task until it is done."""
        self._jobs.add(task)
        task.add_done_callback(self._jobs.discard)

    async def _run_job(self, worker: Worker, job: list[_Pending]) -> None:
        items = [item for entry in job for item in entry.items]
        self.jobs += 1
        self.job_articles += len(items)
        failure: BaseException | None = None
        try:
            payload = pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - requests.py refuses deep nesting first
            worker.busy = False
            self._idle.append(worker)
            for entry in job:
                if not entry.answer.done():
                    entry.answer.set_exception(Unsendable(f"{type(exc).__name__}: {exc}"))
            self._dispatch()
            return
        try:
            async with asyncio.timeout(self.deadline(len(items))):
                worker.writer.write(_HEADER.pack(len(payload)) + payload)
                await worker.writer.drain()
                header = await worker.reader.readexactly(_HEADER.size)
                answer = await worker.reader.readexactly(_HEADER.unpack(header)[0])
            outcomes: list[Outcome] = pickle.loads(answer)
        except TimeoutError:
            failure = WorkerTimeout()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            failure = WorkerLost()
        except BaseException:  # cancelled mid-job: its answer would confuse the next job
            failure = PoolClosed()
            raise
        finally:
            if failure is not None:
                await self._replace(worker)
                for entry in job:
                    if not entry.answer.done():
                        entry.answer.set_exception(failure)
                self._dispatch()
        if failure is not None:
            return
        position = 0
        for entry in job:
            count = len(entry.items)
            if not entry.answer.done():
                entry.answer.set_result(outcomes[position:position + count])
                self._returning += 1
            position += count
        worker.busy = False
        self._idle.append(worker)
        self._consider()


@dataclass(eq=False)
class _Pending:
    """A request waiting for a worker: its items and the future its answer goes to."""

    items: list[JobItem]
    answer: asyncio.Future[list[Outcome]]
