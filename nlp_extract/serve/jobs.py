"""What a worker does with a job: the articles of one request, read and annotated on the
CLI's path, so that a record is the CLI's byte for byte.

A JSON article goes through the JSON Lines reader's record → Article step (title, published,
url and extra fields into ``meta``, scraped text structured); a ``text/plain`` body through
the .txt reader; both then through :func:`nlp_extract.workers.annotate_batch` (batched
inference, per-article time budget) and :func:`nlp_extract.record.dumps`.

A worker's jobs share one spaCy ``memory_zone`` (:class:`JobZone`) until they total the CLI's
batch of 64 articles: a job's words that earlier jobs brought are not interned again.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..article_timeout import ArticleTimeout, time_budget
from ..readers.article import Article, ReadFailure
from ..readers.jsonl import article_from_record as jsonl_article
from ..readers.txt import read_txt
from ..record import dumps
from ..workers import Serialized, annotate_batch, release_memory

if TYPE_CHECKING:
    from ..extractor import Extractor

# The slovnet taggers' batches in the server's Extractor. Since 0.4.14 the taggers pack the
# sentences of a batch end to end (pipeline/packed_tagging.py: no padding to the longest), so
# the batch only bounds the words one network pass holds (8 × 256) and the NER's CRF batches;
# it was 8 because padded remainder batches cost more at 16 for jobs of ~16 articles.
# Tags, and so records, do not depend on the batches (tests/test_serve.py compares records).
MODEL_BATCH = 8


def model_config() -> dict[str, dict[str, Any]]:
    """The server's Extractor config: the slovnet taggers' batch sizes."""
    return {"slovnet_morph": {"batch_size": MODEL_BATCH},
            "slovnet_ner": {"batch_size": MODEL_BATCH}}


ZONE_ARTICLES = 64  # articles of consecutive jobs annotated in one memory zone (the CLI's batch)
SOURCE_PATH = "-"  # as the CLI names standard input
TIMEOUT_PREFIX = "annotation took longer"  # workers.annotate_batch's reason for a timeout


@dataclass(frozen=True)
class JsonItem:
    """One article object of a JSON body (already checked: ``text`` a non-empty string)."""

    record: dict[str, Any]
    article_id: str
    line: int
    sha256: str


@dataclass(frozen=True)
class TextItem:
    """A ``text/plain`` body (valid UTF-8, not blank)."""

    data: bytes
    article_id: str
    sha256: str


JobItem = JsonItem | TextItem


@dataclass(frozen=True)
class Outcome:
    """One article's answer: its record's JSON text, or an error with its HTTP status."""

    id: str
    record: str | None = None
    status: int = 200
    code: str = ""
    message: str = ""

    def error(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "code": self.code,
                "message": self.message}


def read_item(item: JobItem) -> Article | ReadFailure:
    """The Article the CLI's reader makes of ``item`` (source path ``-``, as for stdin)."""
    if isinstance(item, TextItem):
        return next(read_txt(item.data, doc_id=item.article_id, path=SOURCE_PATH,
                             sha256=item.sha256))
    article = jsonl_article(item.record, article_id=item.article_id, line=item.line,
                            encoding="utf-8", boilerplate=frozenset())
    article.source = {"path": SOURCE_PATH, "sha256": item.sha256, "line": item.line}
    return article


class JobZone:
    """One spaCy memory zone held over consecutive jobs: opened by the first, closed (the
    string store emptied of their words, the heap given back) once they hold ``articles``
    articles or when the worker has nothing to do, so memory stays as flat as the CLI's."""

    def __init__(self, extractor: Extractor, articles: int = ZONE_ARTICLES) -> None:
        self.extractor = extractor
        self.articles = articles
        self.held = 0  # articles annotated in the open zone
        self._zone: contextlib.ExitStack | None = None

    @property
    def open(self) -> bool:
        return self._zone is not None

    @property
    def full(self) -> bool:
        return self.held >= self.articles

    def enter(self) -> None:
        if self._zone is None:
            zone = contextlib.ExitStack()
            zone.enter_context(self.extractor.nlp.memory_zone())
            self._zone = zone

    def close(self) -> None:
        if self._zone is not None:
            zone, self._zone, self.held = self._zone, None, 0
            zone.close()
            release_memory()


def run_job(extractor: Extractor, items: list[JobItem], timeout: float | None,
            zone: JobZone | None = None) -> list[Outcome]:
    """Annotate ``items`` together; each gets its record or its error, in order. With
    ``zone``, in that shared memory zone (entered if closed), else in a zone of their own."""
    read: list[Any] = []
    for item in items:
        try:
            with time_budget(timeout):
                read.append(read_item(item))
        except ArticleTimeout:
            read.append(Outcome(item.article_id, status=504, code="timeout",
                                message=_timeout_message(timeout)))
        except Exception as exc:  # noqa: BLE001 - one article must not cost the request
            read.append(Outcome(item.article_id, status=422, code="unreadable",
                                message=f"the article could not be read: "
                                        f"{type(exc).__name__}: {exc}"))
    articles = [entry for entry in read if isinstance(entry, Article)]
    if zone is not None and articles:
        zone.enter()
        zone.held += len(articles)
    annotated = iter(annotate_batch(extractor, articles, dumps, timeout,
                                    own_zone=zone is None) if articles else [])
    return [_outcome(next(annotated)) if isinstance(entry, Article)
            else _outcome(entry) for entry in read]


def _timeout_message(timeout: float | None) -> str:
    return (f"annotation took longer than the server's --timeout of {timeout:g} s"
            if timeout else "annotation took too long")


def _outcome(result: Any) -> Outcome:
    if isinstance(result, Outcome):
        return result
    if isinstance(result, Serialized):
        return Outcome(result.id, record=result.text)
    if isinstance(result, ReadFailure):
        return Outcome(result.id or "?", status=422, code="unreadable", message=result.reason)
    reason: str = result.reason
    if reason.startswith(TIMEOUT_PREFIX):
        return Outcome(result.id, status=504, code="timeout",
                       message=reason.replace(" per article (--article-timeout): skipped",
                                              " (--timeout)"))
    if "over the limit of" in reason:
        return Outcome(result.id, status=413, code="text_too_long", message=reason)
    return Outcome(result.id, status=500, code="annotation_failed", message=reason)
