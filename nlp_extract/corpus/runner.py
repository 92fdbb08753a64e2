"""A corpus run: walk inputs, read, annotate in batches, write records, log failures.

Streaming: articles flow from the reader to the writer batch by batch; nothing is kept for the
whole corpus except the list of input paths and the set of ids already used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..extractor import ExtractionFailure, Extractor
from ..readers import Article, ReadFailure, learn_corpus_boilerplate, read_path
from .errorlog import ErrorLog
from .manifest import write_manifest
from .walk import InputFile, iter_inputs
from .writers import make_writer


@dataclass
class RunConfig:
    inputs: list[Path]
    out_dir: Path
    fmt: str = "json"
    batch_size: int = 64
    workers: int = 1
    learn_boilerplate: bool = True
    boilerplate_sample: int = 2000

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": [str(path) for path in self.inputs], "format": self.fmt,
                "batch_size": self.batch_size, "workers": self.workers,
                "learn_boilerplate": self.learn_boilerplate}


@dataclass
class RunSummary:
    inputs: int = 0
    done: int = 0
    failed: int = 0
    out_dir: Path = field(default_factory=Path)

    @property
    def exit_code(self) -> int:
        return 0 if self.failed == 0 else 1

    def line(self) -> str:
        return (f"annotated {self.done} article(s), {self.failed} failed, "
                f"from {self.inputs} input file(s) → {self.out_dir}")


Progress = Callable[[int], None]


class _UniqueIds:
    """Ids must be unique in a run: a clash («a.txt» and «a.html») keeps the file suffix."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, article: Article, item: InputFile) -> Article:
        if article.id in self.seen:
            base = f"{article.id}{item.path.suffix}"
            candidate, number = base, 2
            while candidate in self.seen:
                candidate, number = f"{base}.{number}", number + 1
            article.id = candidate
        self.seen.add(article.id)
        return article


def corpus_boilerplate(files: list[InputFile], config: RunConfig) -> frozenset[str]:
    """Lines that recur across the corpus (site navigation, promos), learned from an evenly
    spread sample of at most ``config.boilerplate_sample`` files."""
    if not config.learn_boilerplate or len(files) < 3:
        return frozenset()
    step = max(1, len(files) // config.boilerplate_sample)
    return learn_corpus_boilerplate(item.path for item in files[::step])


def annotate_corpus(config: RunConfig, extractor: Extractor | None = None,
                    progress: Progress | None = None,
                    files: list[InputFile] | None = None) -> RunSummary:
    """Annotate every input; failures go to ``errors.jsonl`` and never stop the run."""
    files = files if files is not None else list(iter_inputs(config.inputs))
    extractor = extractor or Extractor()
    summary = RunSummary(inputs=len(files), out_dir=config.out_dir)
    writer = make_writer(config.fmt, config.out_dir)
    errors = ErrorLog(config.out_dir)

    boilerplate = corpus_boilerplate(files, config)

    def articles() -> Iterator[Article]:
        unique = _UniqueIds()
        for item in files:
            for result in read_path(item.path, item.root, boilerplate=boilerplate):
                if isinstance(result, ReadFailure):
                    errors.add(result.to_dict())
                    summary.failed += 1
                else:
                    yield unique(result, item)
            if progress is not None:
                progress(1)

    try:
        for result in extractor.extract_many(articles(), batch_size=config.batch_size,
                                             n_process=config.workers, errors="return"):
            if isinstance(result, ExtractionFailure):
                path = (result.source or {}).get("path", "")
                errors.add({"path": path, "id": result.id, "reason": result.reason})
                summary.failed += 1
            else:
                writer.write(result.to_dict())
                summary.done += 1
    finally:
        writer.close()
        errors.close()
    outputs = {"errors": "errors.jsonl"}
    if config.fmt == "jsonl":
        outputs["records"] = "annotations.jsonl"
    else:
        outputs["records"] = "<id>.json"
    write_manifest(config.out_dir, pipeline=extractor.pipeline, config=config.to_dict(),
                   counts={"inputs": summary.inputs, "done": summary.done,
                           "failed": summary.failed},
                   outputs=outputs)
    return summary
