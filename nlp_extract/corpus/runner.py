"""A corpus run: walk inputs, read, annotate in batches, write records, log failures.

Streaming: input files are walked lazily, articles flow from the readers through the
annotators to the store a batch at a time, so memory stays flat whatever the corpus size.
Every finished item (an article written, or an input that failed) is recorded in the ledger
(:mod:`.ledger`) after its output; ``resume=True`` continues a killed run where the ledger
ends, and the outputs come out byte-identical to an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..extractor import DEFAULT_MAX_CHARS, ExtractionFailure, Extractor
from ..readers import (
    DEFAULT_MAX_BYTES,
    Article,
    ReadFailure,
    doc_id_for,
    learn_corpus_boilerplate,
    printable,
    read_path,
)
from ..record import Annotation, dumps
from ..record_fields import RecordShape, pipeline_id
from ..workers import Serialized, annotate_batch
from .atomic import write_atomic
from .ledger import STATE_DIR, Ledger
from .lock import OutDirLock
from .manifest import write_manifest
from .outdir import check_out_dir, clear_out_dir
from .run_errors import ResumeError, RunFailed, RunRefused
from .run_state import RunState, input_fingerprints
from .walk import InputFile, iter_inputs
from .writers import TABLE_FORMATS, RecordStore, make_store

Item = Article | ReadFailure
Result = dict[str, Any] | ExtractionFailure | ReadFailure
Progress = Callable[[int], None]


@dataclass
class RunConfig:
    inputs: list[Path]
    out_dir: Path
    fmt: str = "json"
    batch_size: int = 64
    workers: int = 1
    learn_boilerplate: bool = True
    boilerplate_sample: int = 2000
    shard_size: int | None = None
    resume: bool = False
    overwrite: bool = False
    max_chars: int = DEFAULT_MAX_CHARS
    max_bytes: int = DEFAULT_MAX_BYTES
    dask: str | None = None
    article_timeout: float | None = None
    start_method: str | None = None
    shape: RecordShape = field(default_factory=RecordShape)  # --fields, --no-tokens, ...

    def to_dict(self) -> dict[str, Any]:
        """What shapes the output (not how the run was scheduled or resumed). Inputs are
        absolute, so a corpus named by a relative or an absolute path gives the same
        manifest; records name their file relative to its input."""
        return {"inputs": [printable(path.absolute()) for path in self.inputs],
                "format": self.fmt, "learn_boilerplate": self.learn_boilerplate,
                "shard_size": self.shard_size, "max_chars": self.max_chars,
                "max_bytes": self.max_bytes, "article_timeout": self.article_timeout,
                **self.shape.settings()}

    def resume_settings(self) -> dict[str, Any]:
        """What must not change between a run and its ``--resume`` (the inputs' place on disk
        may: they are compared file by file, relative to their input)."""
        return {key: value for key, value in self.to_dict().items() if key != "inputs"}


@dataclass
class RunSummary:
    done: int = 0
    failed: int = 0
    resumed: int = 0
    out_dir: Path = field(default_factory=Path)

    @property
    def exit_code(self) -> int:
        return 0 if self.failed == 0 else 1

    def line(self) -> str:
        resumed = f" ({self.resumed} done before resuming)" if self.resumed else ""
        return (f"annotated {self.done} article(s), {self.failed} failed{resumed} "
                f"→ {self.out_dir}")


# ids a record may not take: the run's own files in --out (``manifest.json``, ``errors.jsonl``,
# ``.nlp_extract/``) would be overwritten by, or overwrite, its record
RESERVE_BYTES = 512 * 1024  # disk space held back for the run's last words on a full disk
RESERVED_IDS = frozenset({"manifest", "manifest.json", "errors.jsonl", STATE_DIR})


class _UniqueIds:
    """Ids must be unique, as they name the output files. A clash keeps the file suffix:
    «a.html» and «a.txt» in one folder give «a» and «a.txt»; a record «ok-1» of «feed.jsonl»
    and the file «feed/ok-1.txt» give «feed/ok-1» and «feed/ok-1.txt»; «a.txt» under two
    input folders gives «a» and «a.txt»; «news.jsonl» record «1» under two input folders gives
    «news/1» and «news/1.jsonl»; a file «manifest.txt» at the top gives «manifest.txt», and an
    input folder named like a run file («manifest.json/», «.nlp_extract/») gets a «_» before it.

    Every id given is remembered as an 8-byte digest (about 60 bytes an article: 60 MB for a
    million), so no clash can pass unseen, whatever the layout of the inputs."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    @staticmethod
    def _key(doc_id: str) -> int:
        digest = hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8)
        return int.from_bytes(digest.digest(), "big")

    def _taken(self, doc_id: str) -> bool:
        return doc_id in RESERVED_IDS or self._key(doc_id) in self.seen

    def __call__(self, article: Article, item: InputFile) -> Article:
        head, slash, rest = article.id.partition("/")
        if slash and head in RESERVED_IDS:  # a folder named like a run file
            article.id = f"_{head}/{rest}"
        if self._taken(article.id):
            base = f"{article.id}{item.path.suffix}"
            candidate, number = base, 2
            while self._taken(candidate):
                candidate, number = f"{base}.{number}", number + 1
            article.id = candidate
        self.seen.add(self._key(article.id))
        return article


def corpus_boilerplate(config: RunConfig) -> frozenset[str]:
    """Lines that recur across the corpus (site navigation, promos), learned from the first
    ``config.boilerplate_sample`` input files."""
    if not config.learn_boilerplate:
        return frozenset()
    sample = [item.path for item in itertools.islice(
        iter_inputs(config.inputs, skip=config.out_dir), config.boilerplate_sample)]
    return learn_corpus_boilerplate(sample) if len(sample) >= 3 else frozenset()


def relative_source(result: Item, item: InputFile) -> Item:
    """The source path relative to its input root, so records do not depend on how the
    corpus was named (relative, absolute, on a dask client)."""
    relative = item.relative
    if isinstance(result, Article):
        if result.source is not None:
            result.source = {**result.source, "path": relative}
        return result
    return ReadFailure(path=relative, reason=result.reason, line=result.line, id=result.id)


def _leaves_its_input(item: InputFile) -> bool:
    """A symlinked file found in an input folder whose target lies outside that folder
    (``corpus/leak.txt -> /etc/passwd``). A file named on the command line is read as named."""
    if not item.path.is_symlink():
        return False
    try:
        return not item.path.resolve().is_relative_to(item.root.resolve())
    except (OSError, RuntimeError):  # a loop: read_path reports it
        return False


def iter_items(config: RunConfig, on_file: Callable[[], None] | None = None,
               boilerplate: frozenset[str] | None = None) -> Iterator[Item]:
    """Every article and every input failure, in a fixed order."""
    if boilerplate is None:
        boilerplate = corpus_boilerplate(config)
    unique = _UniqueIds()
    named = {path.absolute() for path in config.inputs}
    for item in iter_inputs(config.inputs, skip=config.out_dir):
        if on_file is not None:
            on_file()
        if item.path.absolute() not in named and _leaves_its_input(item):
            yield relative_source(ReadFailure(
                path=printable(item.path), id=doc_id_for(item.path, item.root),
                reason="a symlink that leads outside its input folder: not read"), item)
            continue
        for result in read_path(item.path, item.root, boilerplate=boilerplate,
                                max_bytes=config.max_bytes, max_chars=config.max_chars):
            result = relative_source(result, item)
            yield unique(result, item) if isinstance(result, Article) else result


def chunks(items: Iterable[Any], articles_per_chunk: int) -> Iterator[list[Any]]:
    """Groups of items holding at most ``articles_per_chunk`` articles each. The first groups
    are smaller (1, 2, 4, ...) so the first records come out at once."""
    chunk: list[Any] = []
    articles, size = 0, 1
    for item in items:
        chunk.append(item)
        articles += isinstance(item, Article)
        if articles >= min(size, articles_per_chunk):
            yield chunk
            chunk, articles, size = [], 0, size * 2
    if chunk:
        yield chunk


def _annotated(extractor: Extractor, config: RunConfig, batches: Iterable[list[Any]],
               serialize: Any) -> Iterator[list[Any]]:
    if config.dask:
        from .dask_backend import dask_batches

        yield from dask_batches(config.dask, extractor, batches, serialize=serialize)
    elif config.workers > 1:
        from ..workers import parallel_batches

        yield from parallel_batches(extractor, batches, config.workers, serialize=serialize,
                                    start_method=config.start_method,
                                    article_timeout=config.article_timeout)
    else:
        with _one_blas_thread():  # the same numbers as a worker computes
            for batch in batches:
                yield annotate_batch(extractor, batch, serialize, config.article_timeout)


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency
        yield
        return
    with threadpool_limits(1):
        yield


def _error_entry(result: ExtractionFailure | ReadFailure) -> dict[str, Any]:
    if isinstance(result, ReadFailure):
        return result.to_dict()
    return {"path": (result.source or {}).get("path", ""), "id": result.id,
            "reason": result.reason}


def _failed_entry(result: ExtractionFailure | ReadFailure) -> dict[str, Any]:
    """The ledger line of an item that failed (its error log line inside)."""
    return {"id": result.id, "status": "failed", "error": _error_entry(result)}


class _Run:
    def __init__(self, config: RunConfig, extractor: Extractor, progress: Progress | None
                 ) -> None:
        self.config, self.extractor, self.progress = config, extractor, progress
        self.state_dir = config.out_dir / STATE_DIR
        self.ledger = Ledger.in_dir(config.out_dir)
        self.state = RunState(self.state_dir)
        self.lock = OutDirLock(self.state_dir)
        self.store: RecordStore | None = None
        self.files = 0

    def settings(self) -> dict[str, Any]:
        return {"format": self.config.fmt, "config": self.config.resume_settings(),
                "pipeline": _digest(self.extractor.pipeline)}

    def manifest(self, complete: bool, stopped: str | None = None) -> None:
        state = self.ledger.state
        outputs = {"errors": "errors.jsonl",
                   **(self.store.outputs() if self.store is not None else {})}
        extra = {"stopped": stopped} if stopped else {}
        write_manifest(self.config.out_dir, pipeline=self.extractor.pipeline,
                       pipeline_id=pipeline_id(self.extractor.pipeline),
                       config=self.config.to_dict(),
                       counts={"inputs": self.files, "done": state.done,
                               "failed": state.failed},
                       outputs=outputs, complete=complete, **extra)

    def prepare(self) -> frozenset[str]:
        """Check or record what the run starts from; the corpus boilerplate to use."""
        config = self.config
        fingerprints = input_fingerprints(config.inputs, skip=config.out_dir)
        if config.resume and self.state.run_file.exists():
            self.files = self.state.verify(self.settings(), fingerprints)
            boilerplate = self.state.boilerplate()
            if boilerplate is not None:
                return boilerplate
            return corpus_boilerplate(config)
        if config.resume and self.ledger.path.exists() and self.ledger.path.stat().st_size:
            raise ResumeError(f"{self.state.run_file} is missing: this --out cannot be "
                              "resumed; start again with --overwrite")
        self.files = self.state.record(self.settings(), fingerprints)
        boilerplate = corpus_boilerplate(config)
        self.state.save_boilerplate(boilerplate)
        return boilerplate

    def items_to_do(self, boilerplate: frozenset[str]) -> Iterator[Item]:
        """The items after what the ledger already holds (a record file written after the
        ledger's last line, complete by construction, is counted instead of redone)."""
        assert self.store is not None
        state = self.ledger.state
        finished, last_id = state.items, state.last_id
        if self.config.resume:
            self.store.resume(state.done)
        items = iter_items(self.config, boilerplate=boilerplate)
        skipped = deque(itertools.islice(items, finished), maxlen=1)
        if finished and (not skipped or getattr(skipped[0], "id", None) != last_id):
            raise ResumeError("the inputs changed since the earlier run in this --out (the "
                              f"ledger ends at {last_id!r}): start again with --overwrite")
        checking = self.config.resume
        for item in items:
            if checking and not isinstance(item, Article):  # in order with the records
                self._record_failed(item)
                continue
            if checking:
                if self.store.has(item.id):
                    self._record_done(item.id)
                    continue
                checking = False
            yield item
        self.ledger.sync()

    def _record_failed(self, failure: ReadFailure) -> None:
        self.ledger.add(_failed_entry(failure))
        if self.progress is not None:
            self.progress(1)

    def _record_done(self, doc_id: str) -> None:
        self.ledger.add({"id": doc_id, "status": "done"})
        if self.progress is not None:
            self.progress(1)

    def run(self) -> RunSummary:
        config = self.config
        check_out_dir(config.out_dir, resume=config.resume, overwrite=config.overwrite)
        try:
            config.out_dir.mkdir(parents=True, exist_ok=True)
            self.lock.acquire()
        except OSError as exc:
            raise RunFailed(f"cannot write to --out {config.out_dir}: {_os_reason(exc)}"
                            ) from None
        try:
            return self._run_locked()
        finally:
            self.lock.release()

    def _run_locked(self) -> RunSummary:
        config = self.config
        try:
            if config.overwrite and not config.resume:
                clear_out_dir(config.out_dir)
            boilerplate = self.prepare()
            self.store = make_store(config.fmt, config.out_dir, config.shard_size,
                                    config.shape)
            self.ledger.start(config.resume)  # early, so the manifest can count what is done
            self._reserve_space()
        except OSError as exc:
            raise RunFailed(f"cannot write to --out {config.out_dir}: {_os_reason(exc)}"
                            ) from None
        resumed = self.ledger.state.done
        self.manifest(complete=False)
        batches = chunks(self.items_to_do(boilerplate), config.batch_size)
        try:
            for results in _annotated(self.extractor, config, batches, self.store.serialize):
                self._write(results)
            self.ledger.close()
            self.store.close()
            self._free_reserve()
            self._write_errors()
            self.manifest(complete=True)
        except BaseException as exc:
            self._stop(exc)
            if isinstance(exc, OSError):
                raise RunFailed(f"writing to {config.out_dir} failed: {_os_reason(exc)}"
                                ) from None
            if _is_lost_worker(exc):
                raise RunFailed(f"a worker process was lost ({type(exc).__name__}: {exc})"
                                ) from None
            raise
        state = self.ledger.state
        return RunSummary(done=state.done, failed=state.failed, resumed=resumed,
                          out_dir=config.out_dir)

    def _stop(self, exc: BaseException) -> None:
        """Leave an honest, resumable state: what is written is synced and counted, the
        error log and the manifest say what is done (best effort on a full disk)."""
        assert self.store is not None
        self._free_reserve()  # room for the error log and the manifest on a full disk
        for step in (self.store.sync, self.ledger.close, self._write_errors):
            with contextlib.suppress(Exception):
                step()
        with contextlib.suppress(Exception):
            self.manifest(complete=False, stopped=_stop_reason(exc))

    @property
    def _reserve(self) -> Path:
        return self.state_dir / "reserve"

    def _reserve_space(self) -> None:
        """Hold some disk space the run gives back when the disk fills up, so that the error
        log and an honest manifest can still be written."""
        if not self._reserve.exists():
            with self._reserve.open("wb") as stream:
                stream.write(bytes(RESERVE_BYTES))

    def _free_reserve(self) -> None:
        with contextlib.suppress(OSError):
            self._reserve.unlink(missing_ok=True)

    def _write_errors(self) -> None:
        write_atomic(self.config.out_dir / "errors.jsonl",
                     "".join(dumps(entry) + "\n" for entry in self.ledger.failures()))

    def _write(self, results: list[Result]) -> None:
        assert self.store is not None
        entries = []
        for result in results:
            if isinstance(result, ExtractionFailure | ReadFailure):
                entries.append(_failed_entry(result))
                continue
            if isinstance(result, Serialized):
                self.store.write_text(result.id, result.text)
                entries.append({"id": result.id, "status": "done"})
                continue
            record = result.record if isinstance(result, Annotation) else result
            self.store.write(record)
            entries.append({"id": record["id"], "status": "done"})
        self.store.sync()  # the records first, then the ledger that vouches for them
        for entry in entries:
            self.ledger.add(entry)
        self.ledger.sync()
        self.store.checkpoint()  # shards the ledger now covers are finished
        if self.progress is not None:
            self.progress(len(entries))


def _digest(value: Any) -> str:
    return hashlib.sha256(dumps(value).encode("utf-8")).hexdigest()


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"permission denied ({exc.strerror})"
    return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")


def _is_lost_worker(exc: BaseException) -> bool:
    from concurrent.futures.process import BrokenProcessPool

    return isinstance(exc, BrokenProcessPool)


def _stop_reason(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    if isinstance(exc, OSError):
        return _os_reason(exc)
    return f"{type(exc).__name__}: {exc}"


def annotate_corpus(config: RunConfig, extractor: Extractor | None = None,
                    progress: Progress | None = None) -> RunSummary:
    """Annotate every input; failures go to ``errors.jsonl`` and never stop the run."""
    if config.fmt in TABLE_FORMATS and not config.shape.full:
        raise RunRefused(f"--format {config.fmt} tables always hold every field: --fields, "
                         "--no-tokens and --slim-provenance shape json and jsonl records")
    extractor = extractor or Extractor(max_chars=config.max_chars)
    return _Run(config, extractor, progress).run()
