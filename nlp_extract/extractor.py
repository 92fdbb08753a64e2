"""Extractor: builds the spaCy pipeline once and turns texts into :class:`Annotation` records."""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .errors import BadArgumentError, BadInputError
from .pipeline import build_pipeline
from .pipeline_info import pipeline_versions
from .readers.article import Article
from .record import Annotation, doc_to_record

DEFAULT_MAX_CHARS = 10_000_000
_SURROGATES = re.compile("[\ud800-\udfff]")

Item = str | tuple[str, str] | Article


def sanitize(text: str) -> str:
    """Replace lone surrogates (not encodable as UTF-8) by U+FFFD; offsets stay the same."""
    return _SURROGATES.sub("\ufffd", text)


def as_article(item: Any, index: int) -> Article:
    """Accept a text, an ``(id, text)`` pair or an Article; anything else is a caller error."""
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(id=str(index), text=item)
    if isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item):
        return Article(id=item[0], text=item[1])
    raise BadArgumentError(
        f"item {index}: expected a text, an (id, text) pair of strings or an Article, "
        f"got {type(item).__name__}")


class Extractor:
    """Loads the models once; :meth:`extract` is safe to call from several threads.

    >>> ex = Extractor()
    >>> ann = ex.extract("Далер Бобиев приехал в Тюмень.", doc_id="a1")
    >>> [e["name"] for e in ann.entities]
    ['Далер Бобиев', 'Тюмень']
    """

    def __init__(self, *, config: dict[str, dict[str, Any]] | None = None,
                 disable: Iterable[str] = (), max_chars: int = DEFAULT_MAX_CHARS) -> None:
        if max_chars <= 0:
            raise BadArgumentError("max_chars must be a positive number of characters")
        self.config = config or {}
        self.disable = tuple(disable)
        self.max_chars = max_chars
        self.nlp: Language = build_pipeline(self.config, disable=self.disable)
        self.nlp.max_length = max(self.nlp.max_length, max_chars + 1)
        self.pipeline = pipeline_versions()
        self._lock = threading.Lock()

    # -- single documents -------------------------------------------------------------
    def extract(self, text: str, doc_id: str = "0", *, meta: dict[str, Any] | None = None
                ) -> Annotation:
        if not isinstance(text, str):
            raise BadArgumentError(f"text must be a str, got {type(text).__name__}")
        if not isinstance(doc_id, str):
            raise BadArgumentError(f"doc_id must be a str, got {type(doc_id).__name__}")
        return self.extract_article(Article(id=doc_id, text=text, meta=dict(meta or {})))

    def extract_article(self, article: Article) -> Annotation:
        article = self._checked(article)
        with self._lock:
            doc = self.nlp(article.text)
        return self._annotation(article, doc)

    # -- many documents ---------------------------------------------------------------
    def extract_many(self, items: Iterable[Item], batch_size: int = 64, n_process: int = 1
                     ) -> Iterator[Annotation]:
        """Annotate texts, ``(id, text)`` pairs or Articles in order, batching model inference."""
        if batch_size < 1:
            raise BadArgumentError("batch_size must be at least 1")
        if n_process < 1:
            raise BadArgumentError("n_process must be at least 1")
        articles = (self._checked(as_article(item, index)) for index, item in enumerate(items))
        if n_process == 1:
            yield from self._extract_serial(articles, batch_size)
        else:
            yield from self._extract_parallel(articles, batch_size, n_process)

    def _extract_serial(self, articles: Iterable[Article], batch_size: int
                        ) -> Iterator[Annotation]:
        pairs = ((article.text, article) for article in articles)
        with self._lock:
            for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
                yield self._annotation(article, doc)

    def _extract_parallel(self, articles: Iterable[Article], batch_size: int, n_process: int
                          ) -> Iterator[Annotation]:
        context = multiprocessing.get_context("fork")
        settings = (self.config, self.disable, self.max_chars)
        with context.Pool(n_process, initializer=_init_worker, initargs=settings) as pool:
            for records in pool.imap(_work, _batches(articles, batch_size)):
                for record in records:
                    yield Annotation(id=record["id"], record=record)

    # -- helpers ----------------------------------------------------------------------
    def _checked(self, article: Article) -> Article:
        if not isinstance(article.text, str):
            raise BadArgumentError(f"{article.id}: text must be a str")
        if len(article.text) > self.max_chars:
            raise BadInputError(
                f"{article.id}: text has {len(article.text)} characters, over the limit of "
                f"{self.max_chars}; raise max_chars or split the text")
        article.text = sanitize(article.text)
        return article

    def _annotation(self, article: Article, doc: Doc) -> Annotation:
        record = doc_to_record(doc, doc_id=article.id, pipeline=self.pipeline,
                               source=article.source, meta=article.meta,
                               parts=[part.to_dict() for part in article.parts])
        return Annotation(id=article.id, record=record, doc=doc)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_WORKER: Extractor | None = None


def _init_worker(config: dict[str, Any], disable: tuple[str, ...], max_chars: int) -> None:
    global _WORKER
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    _WORKER = Extractor(config=config, disable=disable, max_chars=max_chars)


def _work(batch: list[Article]) -> list[dict[str, Any]]:
    assert _WORKER is not None
    return [annotation.record for annotation in _WORKER._extract_serial(batch, len(batch))]
