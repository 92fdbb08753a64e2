"""A corpus run: walk inputs, read, annotate in batches, write records, log failures.

Streaming: input files are walked lazily, articles flow from the readers through the
annotators to the store a batch at a time, so memory stays flat whatever the corpus size.
Every finished item (an article written, or an input that failed) is recorded in the ledger
(:mod:`.ledger`) after its output; ``resume=True`` continues a killed run where the ledger
ends, and the outputs come out byte-identical to an uninterrupted run.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..extractor import DEFAULT_MAX_CHARS, ExtractionFailure, Extractor
from ..readers import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    Article,
    ReadFailure,
    learn_corpus_boilerplate,
    printable,
    read_path,
)
from ..record import Annotation, dumps
from ..workers import Serialized
from .atomic import write_atomic
from .ledger import Ledger
from .manifest import write_manifest
from .walk import InputFile, iter_inputs
from .writers import RecordStore, ResumeError, make_store

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
    max_chars: int = DEFAULT_MAX_CHARS
    max_bytes: int = DEFAULT_MAX_BYTES
    dask: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """What shapes the output (not how the run was scheduled or resumed)."""
        return {"inputs": [printable(path) for path in self.inputs], "format": self.fmt,
                "learn_boilerplate": self.learn_boilerplate, "shard_size": self.shard_size,
                "max_chars": self.max_chars, "max_bytes": self.max_bytes}


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


class _UniqueIds:
    """Ids must be unique, as they name the output files. A clash keeps the file suffix:
    «a.html» and «a.txt» in one folder give «a» and «a.txt»; a record «ok-1» of «feed.jsonl»
    and the file «feed/ok-1.txt» give «feed/ok-1» and «feed/ok-1.txt»; «a.txt» under two
    input folders gives «a» and «a.txt.2» (the earlier input might have used
    «a.txt»). Memory does not grow with the corpus: only the current folder's ids are
    remembered, plus the record ids of a ``.jsonl`` that has a folder
    of the same name beside it (the only layout where a later folder can repeat them)."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.seen: set[str] = set()
        self.records: dict[str, set[str]] = {}  # «feed» → record ids of feed.jsonl
        self.roots: list[Path] = []
        self.jsonl: tuple[Path, bool] | None = None  # the last file, and _beside_folder's answer

    def __call__(self, article: Article, item: InputFile) -> Article:
        if item.path.parent != self.folder:
            self.folder, self.seen = item.path.parent, set()
        if item.root not in self.roots:
            self.roots.append(item.root)
        if self._taken(article.id, item):
            base = f"{article.id}{item.path.suffix}"
            candidate, number = base, 2
            while self._taken(candidate, item):
                candidate, number = f"{base}.{number}", number + 1
            article.id = candidate
        self.seen.add(article.id)
        if self._beside_folder(item.path):
            self.records.setdefault(article.id.rpartition("/")[0], set()).add(article.id)
        return article

    def _beside_folder(self, path: Path) -> bool:
        """A .jsonl with a folder of its name beside it (looked at once per file, not once
        per record)."""
        if self.jsonl is None or self.jsonl[0] != path:
            self.jsonl = (path, path.suffix.lower() == ".jsonl" and path.with_suffix("").is_dir())
        return self.jsonl[1]

    def _taken(self, doc_id: str, item: InputFile) -> bool:
        """Whether an earlier article may have this id: in this folder, in a .jsonl named
        like its folder, or (as a file's plain or suffixed id) under an earlier input."""
        if doc_id in self.seen:
            return True
        folder = doc_id.rpartition("/")[0]
        if item.path.suffix.lower() != ".jsonl" and doc_id in self.records.get(folder, ()):
            return True
        earlier = self.roots[:self.roots.index(item.root)]
        return any((root / doc_id).is_file()
                   or any((root / f"{doc_id}{suffix}").is_file() for suffix in SUPPORTED_SUFFIXES)
                   for root in earlier)


def corpus_boilerplate(config: RunConfig) -> frozenset[str]:
    """Lines that recur across the corpus (site navigation, promos), learned from the first
    ``config.boilerplate_sample`` input files."""
    if not config.learn_boilerplate:
        return frozenset()
    sample = [item.path for item in
              itertools.islice(iter_inputs(config.inputs), config.boilerplate_sample)]
    return learn_corpus_boilerplate(sample) if len(sample) >= 3 else frozenset()


def iter_items(config: RunConfig, on_file: Callable[[], None] | None = None
               ) -> Iterator[Item]:
    """Every article and every input failure, in a fixed order."""
    boilerplate = corpus_boilerplate(config)
    unique = _UniqueIds()
    for item in iter_inputs(config.inputs):
        if on_file is not None:
            on_file()
        for result in read_path(item.path, item.root, boilerplate=boilerplate,
                                max_bytes=config.max_bytes, max_chars=config.max_chars):
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

        yield from parallel_batches(extractor, batches, config.workers, serialize=serialize)
    else:
        for batch in batches:
            yield extractor._extract_batch(batch)


def _error_entry(result: ExtractionFailure | ReadFailure) -> dict[str, Any]:
    if isinstance(result, ReadFailure):
        return result.to_dict()
    return {"path": (result.source or {}).get("path", ""), "id": result.id,
            "reason": result.reason}


class _Run:
    def __init__(self, config: RunConfig, extractor: Extractor, progress: Progress | None
                 ) -> None:
        self.config, self.extractor, self.progress = config, extractor, progress
        self.store: RecordStore = make_store(config.fmt, config.out_dir, config.shard_size)
        self.ledger = Ledger.in_dir(config.out_dir)
        self.files = 0

    def _count_file(self) -> None:
        self.files += 1

    def manifest(self, complete: bool) -> None:
        state = self.ledger.state
        outputs = {"errors": "errors.jsonl", **self.store.outputs()}
        write_manifest(self.config.out_dir, pipeline=self.extractor.pipeline,
                       config=self.config.to_dict(),
                       counts={"inputs": self.files, "done": state.done,
                               "failed": state.failed},
                       outputs=outputs, complete=complete)

    def items_to_do(self) -> Iterator[Item]:
        """The items after what the ledger (and the store) already hold."""
        state = self.ledger.state
        finished, last_id = state.items, state.last_id
        recovered = deque(self.store.resume(state.done))
        items = iter_items(self.config, self._count_file)
        skipped = deque(itertools.islice(items, finished), maxlen=1)
        if finished and (not skipped or getattr(skipped[0], "id", None) != last_id):
            raise ResumeError("the inputs changed since the interrupted run (the ledger ends "
                              f"at {last_id!r}): run again without --resume")
        checking = self.config.resume
        for item in items:
            if checking and isinstance(item, Article):
                if recovered and recovered[0] == item.id:
                    recovered.popleft()
                    self._record_done(item.id)
                    continue
                if not recovered and self.store.has(item.id):
                    self._record_done(item.id)
                    continue
                checking = bool(recovered)
            yield item
        self.ledger.sync()

    def _record_done(self, doc_id: str) -> None:
        self.ledger.add({"id": doc_id, "status": "done"})
        if self.progress is not None:
            self.progress(1)

    def run(self) -> RunSummary:
        config = self.config
        config.out_dir.mkdir(parents=True, exist_ok=True)
        self.ledger.start(config.resume)  # early, so the manifest can count what is done
        resumed = self.ledger.state.done
        self.manifest(complete=False)
        batches = chunks(self.items_to_do(), config.batch_size)
        try:
            for results in _annotated(self.extractor, config, batches, self.store.serialize):
                self._write(results)
        except BaseException:
            self.store.sync()
            self.ledger.close()
            self.manifest(complete=False)
            raise
        self.store.close()
        self.ledger.close()
        write_atomic(config.out_dir / "errors.jsonl",
                     "".join(dumps(entry) + "\n" for entry in self.ledger.failures()))
        self.manifest(complete=True)
        state = self.ledger.state
        return RunSummary(done=state.done, failed=state.failed, resumed=resumed,
                          out_dir=config.out_dir)

    def _write(self, results: list[Result]) -> None:
        entries = []
        for result in results:
            if isinstance(result, ExtractionFailure | ReadFailure):
                entries.append({"id": result.id, "status": "failed",
                                "error": _error_entry(result)})
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
        if self.progress is not None:
            self.progress(len(entries))


def annotate_corpus(config: RunConfig, extractor: Extractor | None = None,
                    progress: Progress | None = None) -> RunSummary:
    """Annotate every input; failures go to ``errors.jsonl`` and never stop the run."""
    extractor = extractor or Extractor(max_chars=config.max_chars)
    return _Run(config, extractor, progress).run()
