"""What a worker does with a job: the articles of one request, read and annotated on the
CLI's path, so that a record is the CLI's byte for byte.

A JSON article goes through the JSON Lines reader's record → Article step (title, published,
url and extra fields into ``meta``, scraped text structured); a ``text/plain`` body through
the .txt reader; both then through :func:`nlp_extract.workers.annotate_batch` (batched
inference, ``memory_zone``, per-article time budget) and :func:`nlp_extract.record.dumps`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..article_timeout import ArticleTimeout, time_budget
from ..readers.article import Article, ReadFailure
from ..readers.jsonl import article_from_record as jsonl_article
from ..readers.txt import read_txt
from ..record import dumps
from ..workers import Serialized, annotate_batch

if TYPE_CHECKING:
    from ..extractor import Extractor

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


def run_job(extractor: Extractor, items: list[JobItem], timeout: float | None
            ) -> list[Outcome]:
    """Annotate ``items`` together; each gets its record or its error, in order."""
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
    annotated = iter(annotate_batch(extractor, articles, dumps, timeout) if articles else [])
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
