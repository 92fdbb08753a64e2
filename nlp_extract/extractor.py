"""Extractor: builds the spaCy pipeline once and turns texts into :class:`Annotation` records."""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .errors import BadArgumentError, BadInputError
from .pipeline import build_pipeline
from .pipeline.topics import topic_config, topics_info
from .pipeline_info import pipeline_versions
from .readers.article import Article, source_offset
from .record import Annotation, doc_to_record
from .structure import structure_text

DEFAULT_MAX_CHARS = 10_000_000
_SURROGATES = re.compile("[\ud800-\udfff]")

Item = str | tuple[str, str] | Article


@dataclass(frozen=True)
class ExtractionFailure:
    """An article the pipeline could not annotate (yielded only with ``errors="return"``)."""

    id: str
    reason: str
    source: dict[str, Any] | None = None


def sanitize(text: str) -> str:
    """Replace lone surrogates (not encodable as UTF-8) by U+FFFD; offsets stay the same."""
    return _SURROGATES.sub("\ufffd", text)


def structured_article(article: Article) -> Article:
    """The article with its raw text split into title + body and boilerplate parts."""
    structured = structure_text(article.text)
    return Article(id=article.id, text=structured.text,
                   meta={**structured.meta, **article.meta}, parts=structured.parts,
                   source=article.source, origin=structured.origin)


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
                 disable: Iterable[str] = (), max_chars: int = DEFAULT_MAX_CHARS,
                 taxonomy: Any = None, topic_model: Any = None) -> None:
        """``taxonomy``: a YAML file or mapping replacing ``models/topics.yaml``;
        ``topic_model``: a folder written by ``nlp-extract topics train``. A bad one raises
        :class:`~nlp_extract.topics.TaxonomyError` / ``TopicModelError`` (BadArgumentError)."""
        if max_chars <= 0:
            raise BadArgumentError("max_chars must be a positive number of characters")
        self.config = topic_config(config or {}, taxonomy, topic_model)
        self.disable = tuple(disable)
        self.max_chars = max_chars
        self.nlp: Language = build_pipeline(self.config, disable=self.disable)
        self.nlp.max_length = max(self.nlp.max_length, max_chars + 1)
        self.pipeline = {**pipeline_versions(), **topics_info(self.nlp)}
        self._lock = threading.Lock()

    # -- single documents -------------------------------------------------------------
    def extract(self, text: str, doc_id: str = "0", *, meta: dict[str, Any] | None = None,
                structure: bool = False) -> Annotation:
        """Annotate one text. ``structure=True`` treats it as a scraped page: title, date and
        body are found and boilerplate goes to ``parts`` (as the corpus readers do)."""
        if not isinstance(text, str):
            raise BadArgumentError(f"text must be a str, got {type(text).__name__}")
        if not isinstance(doc_id, str):
            raise BadArgumentError(f"doc_id must be a str, got {type(doc_id).__name__}")
        article = Article(id=doc_id, text=text, meta=dict(meta or {}))
        if structure:
            article = structured_article(article)
        return self.extract_article(article)

    def extract_article(self, article: Article) -> Annotation:
        article = self._checked(article)
        with self._lock:
            doc = self.nlp(self._make_doc(article))
        return self._annotation(article, doc)

    def _make_doc(self, article: Article) -> Doc:
        """The tokenised Doc, carrying what components may need from the article."""
        doc = self.nlp.make_doc(article.text)
        if article.meta.get("published"):
            doc.user_data["published"] = article.meta["published"]
        return doc

    # -- many documents ---------------------------------------------------------------
    def extract_many(self, items: Iterable[Item], batch_size: int = 64, n_process: int = 1,
                     errors: str = "raise") -> Iterator[Any]:
        """Annotate texts, ``(id, text)`` pairs or Articles in order, batching model inference.

        With ``errors="return"`` an article that cannot be annotated yields an
        :class:`ExtractionFailure` in its place instead of stopping the whole run.
        """
        if batch_size < 1:
            raise BadArgumentError("batch_size must be at least 1")
        if n_process < 1:
            raise BadArgumentError("n_process must be at least 1")
        if errors not in ("raise", "return"):
            raise BadArgumentError('errors must be "raise" or "return"')
        articles = (as_article(item, index) for index, item in enumerate(items))
        batches = _batches(articles, batch_size)
        if n_process == 1:
            results = (result for batch in batches for result in self._extract_batch(batch))
        else:
            results = self._extract_parallel(batches, n_process)
        for result in results:
            if isinstance(result, ExtractionFailure) and errors == "raise":
                raise BadInputError(f"{result.id}: {result.reason}")
            yield result

    def _extract_batch(self, batch: list[Article]) -> list[Annotation | ExtractionFailure]:
        """Annotate a batch together; if that fails, one by one, so one bad article costs
        only itself."""
        checked = [self._check_or_fail(article) for article in batch]
        good = [article for article in checked if isinstance(article, Article)]
        try:
            with self._lock:
                docs = list(self.nlp.pipe((self._make_doc(article) for article in good),
                                          batch_size=max(1, len(good))))
            done = {id(article): self._annotation(article, doc)
                    for article, doc in zip(good, docs, strict=True)}
        except Exception:  # noqa: BLE001 - fall back to isolate the failing article
            done = {id(article): self._extract_or_fail(article) for article in good}
        return [done[id(item)] if isinstance(item, Article) else item for item in checked]

    def _extract_or_fail(self, article: Article) -> Annotation | ExtractionFailure:
        try:
            return self.extract_article(article)
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            return ExtractionFailure(article.id, f"annotation failed: {type(exc).__name__}: "
                                                  f"{exc}", article.source)

    def _check_or_fail(self, article: Article) -> Article | ExtractionFailure:
        try:
            return self._checked(article)
        except BadInputError as exc:
            return ExtractionFailure(article.id, str(exc).removeprefix(f"{article.id}: "),
                                     article.source)

    def _extract_parallel(self, batches: Iterable[list[Article]], n_process: int
                          ) -> Iterator[Annotation | ExtractionFailure]:
        context = multiprocessing.get_context("fork")
        settings = (self.config, self.disable, self.max_chars)
        with context.Pool(n_process, initializer=_init_worker, initargs=settings) as pool:
            for results in pool.imap(_work, batches):
                for result in results:
                    if isinstance(result, dict):
                        yield Annotation(id=result["id"], record=result)
                    else:
                        yield result

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
                               parts=[part.to_dict() for part in article.parts],
                               source_map=(lambda offset: source_offset(article, offset))
                               if article.origin else None)
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


def _work(batch: list[Article]) -> list[dict[str, Any] | ExtractionFailure]:
    assert _WORKER is not None
    return [result.record if isinstance(result, Annotation) else result
            for result in _WORKER._extract_batch(batch)]
