"""Extractor: builds the spaCy pipeline once and turns texts into :class:`Annotation` records."""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from confection import ConfigValidationError
from spacy.language import Language
from spacy.tokens import Doc

from .config_check import check_settings
from .errors import BadArgumentError, BadInputError
from .pipeline import PIPE_NAMES, build_pipeline
from .pipeline.batching import chunked
from .pipeline.topics import topic_config, topics_info
from .pipeline_info import pipeline_versions
from .readers.article import Article, source_offset
from .record import Annotation, doc_to_record
from .structure import plain_spaces, structure_text
from .structure.lines import content_key
from .structure.provenance import merge_meta, relative_anchor
from .structure.references import decode_references

if TYPE_CHECKING:
    from .pipeline.trace import Explanation

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


MAX_META_DEPTH = 100


def sanitize_value(value: Any, *, _path: tuple[int, ...] = ()) -> Any:
    """A caller's value made fit for the JSON record: :func:`sanitize` on every string, keys
    as strings, dates as ISO 8601, NaN and infinities as None (nested dicts and lists).

    A dict or list that contains itself, or nesting deeper than :data:`MAX_META_DEPTH`, raises
    :class:`BadArgumentError` (no JSON can hold it; it used to raise RecursionError)."""
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, Mapping | list | tuple):
        if id(value) in _path:
            raise BadArgumentError(f"meta contains itself: a {type(value).__name__} at depth "
                                   f"{len(_path)} is one of its own containers; JSON cannot "
                                   f"hold a cycle")
        if len(_path) >= MAX_META_DEPTH:
            raise BadArgumentError(f"meta is nested more than {MAX_META_DEPTH} levels deep")
        path = (*_path, id(value))
        if isinstance(value, Mapping):
            return {sanitize(str(key)): sanitize_value(item, _path=path)
                    for key, item in value.items()}
        return [sanitize_value(item, _path=path) for item in value]
    return value


def _component_names(names: Any) -> tuple[str, ...]:
    """``disable=``: component names (a single name is fine); an unknown name is an error."""
    if isinstance(names, str):
        names = (names,)
    try:
        names = tuple(names)
    except TypeError:
        raise BadArgumentError(f"disable must be a list of component names, got "
                               f"{type(names).__name__}") from None
    unknown = [name for name in names if name not in PIPE_NAMES]
    if unknown:
        raise BadArgumentError(f"disable: unknown component {', '.join(map(repr, unknown))}; "
                               f"the components are {', '.join(PIPE_NAMES)}")
    return names


def _check_config(config: Any) -> None:
    if config is None:
        return
    if not isinstance(config, Mapping) or not all(
            isinstance(settings, Mapping) for settings in config.values()):
        raise BadArgumentError("config must map component names to dicts of settings, e.g. "
                               "{'slovnet_ner': {'batch_size': 32}}")
    unknown = [name for name in config if name not in PIPE_NAMES]
    if unknown:
        raise BadArgumentError(f"config: unknown component {', '.join(map(repr, unknown))}; "
                               f"the components are {', '.join(PIPE_NAMES)}")
    check_settings(config)  # ranges too: a batch_size of 0 failed on the first text


def structured_article(article: Article) -> Article:
    """The article with its raw text split into title + body and boilerplate parts."""
    structured = structure_text(article.text)
    return Article(id=article.id, text=structured.text,
                   meta=merge_meta(structured.meta, article.meta), parts=structured.parts,
                   source=article.source, origin=structured.origin)


def decoded_article(article: Article) -> Article:
    """The article with the HTML character references of its text decoded
    (:func:`~nlp_extract.structure.references.decode_references`); its ``origin`` maps the
    decoded text back to the text as given. Unchanged when there are none."""
    decoded = decode_references(article.text)
    if decoded is None:
        return article
    origin = decoded.source_segments([(0, 0, len(decoded.text))])
    return Article(id=article.id, text=decoded.text, meta=article.meta, parts=article.parts,
                   source=article.source, origin=origin)


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


def _article_or_failure(item: Any, index: int) -> Article | ExtractionFailure:
    """:func:`as_article`, with what it cannot accept (or an Article whose text is no str)
    turned into an :class:`ExtractionFailure` in the item's place (``errors="return"``)."""
    try:
        article = as_article(item, index)
    except BadArgumentError as exc:
        return ExtractionFailure(str(index), str(exc).removeprefix(f"item {index}: "))
    if not isinstance(article.text, str):
        return ExtractionFailure(article.id, f"text must be a str, got "
                                             f"{type(article.text).__name__}", article.source)
    return article


def _title_end(article: Article) -> int:
    """End of ``meta.title`` at the start of the text: the title itself, or a first line that
    reads the same (case, «ё», spaces, edge punctuation aside: an HTML headline whose markup
    title differs in quotes); 0 when the text does not start with the title."""
    title = article.meta.get("title")
    if not isinstance(title, str) or not title:
        return 0
    if article.text.startswith(title):
        return len(title)
    first = article.text.split("\n", 1)[0]
    return len(first) if first and content_key(first) == content_key(title) else 0


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
        if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars <= 0:
            raise BadArgumentError(
                f"max_chars must be a positive number of characters, got {max_chars!r}")
        self.disable = _component_names(disable)
        _check_config(config)
        self.config = topic_config(config or {}, taxonomy, topic_model)
        self.max_chars = max_chars
        try:
            self.nlp: Language = build_pipeline(self.config, disable=self.disable)
        except ConfigValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, error.get('loc', [])))}: "
                                 f"{str(error.get('msg', '')).removeprefix('at root: ')}"
                                 for error in exc.errors or [])
            raise BadArgumentError(f"config: invalid component setting: {problems or exc}"
                                   ) from None
        self.nlp.max_length = max(self.nlp.max_length, max_chars + 1)
        self.pipeline = {**pipeline_versions(), **topics_info(self.nlp)}
        self._lock = threading.Lock()

    # -- single documents -------------------------------------------------------------
    def extract(self, text: str, doc_id: str = "0", *, meta: dict[str, Any] | None = None,
                structure: bool = False, references: bool = False) -> Annotation:
        """Annotate one text. ``structure=True`` treats it as a scraped page: title, date and
        body are found and boilerplate goes to ``parts`` (as the corpus readers do), HTML
        character references decoded. ``references=True`` decodes only those («газета
        &quot;Известия&quot;» → «газета "Известия"»): the record's text and offsets are then
        the decoded text's, and each mention's ``source_start``/``source_end`` point into
        ``text`` as given. No-break and other fixed-width spaces are read as plain ones
        («с\xa0общественностью» is two words for the rules; the record's text and the texts
        of its tokens and mentions keep them as given)."""
        if not isinstance(text, str):
            raise BadArgumentError(f"text must be a str, got {type(text).__name__}")
        if not isinstance(doc_id, str):
            raise BadArgumentError(f"doc_id must be a str, got {type(doc_id).__name__}")
        if meta is not None and not isinstance(meta, Mapping):
            raise BadArgumentError(f"meta must be a dict, got {type(meta).__name__}")
        try:
            meta = sanitize_value(meta or {})
        except RecursionError:  # e.g. a key that is a tuple nested thousands deep
            raise BadArgumentError(f"meta is nested more than {MAX_META_DEPTH} levels deep"
                                   ) from None
        try:
            json.dumps(meta)
        except (TypeError, ValueError) as exc:
            raise BadArgumentError(f"meta must hold JSON values only (str, number, bool, None, "
                                   f"date, list, dict): {exc}") from None
        # length checked and lone surrogates replaced before structuring, so that no part or
        # title keeps a character UTF-8 cannot encode
        article = self._checked(Article(id=doc_id, text=text, meta=meta))
        if structure:
            article = structured_article(article)
        elif references:
            article = decoded_article(article)
        return self.extract_article(article)

    def extract_article(self, article: Article) -> Annotation:
        article = self._checked(article)
        with self._lock:
            doc = self.nlp(self._make_doc(article))
        return self._annotation(article, doc)

    def explain(self, text: str) -> Explanation:
        """Which component and rule created, extended, relabelled or dropped each mention of
        ``text`` (:mod:`nlp_extract.pipeline.trace`); ``.render()`` reads it out."""
        from .pipeline.trace import explain

        if not isinstance(text, str):
            raise BadArgumentError(f"text must be a str, got {type(text).__name__}")
        article = self._checked(Article(id="explain", text=text))
        with self._lock:
            return explain(self.nlp, plain_spaces(article.text))

    def _make_doc(self, article: Article) -> Doc:
        """The tokenised Doc, carrying what components may need from the article."""
        # the Doc reads no-break spaces as plain ones (one for one: the offsets are the
        # record's); the record keeps the text as given (:func:`doc_to_record`'s ``text``)
        doc = self.nlp.make_doc(plain_spaces(article.text))
        anchor = relative_anchor(article.meta)  # never a date guessed from the body
        if anchor:
            doc.user_data["published"] = anchor
        title_end = _title_end(article)
        if title_end:
            doc.user_data["title_end"] = title_end  # topic cues in the title weigh more
        return doc

    # -- many documents ---------------------------------------------------------------
    def extract_many(self, items: Iterable[Item], batch_size: int = 64, n_process: int = 1,
                     errors: str = "raise") -> Iterator[Any]:
        """Annotate texts, ``(id, text)`` pairs or Articles in order, batching model inference.

        With ``errors="return"`` an article that cannot be annotated, or an item that is no
        text, pair or Article, yields an :class:`ExtractionFailure` in its place instead of
        stopping the whole run; with ``errors="raise"`` such an item is a BadArgumentError.
        """
        for name, value in (("batch_size", batch_size), ("n_process", n_process)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise BadArgumentError(f"{name} must be a whole number of at least 1, "
                                       f"got {value!r}")
        if errors not in ("raise", "return"):
            raise BadArgumentError('errors must be "raise" or "return"')
        if isinstance(items, str | bytes) or not isinstance(items, Iterable):
            raise BadArgumentError(f"items must be an iterable of texts, (id, text) pairs or "
                                   f"Articles, got {type(items).__name__}; for one text "
                                   f"use extract()")
        to_article = as_article if errors == "raise" else _article_or_failure
        articles = (to_article(item, index) for index, item in enumerate(items))
        batches = chunked(articles, batch_size)
        if n_process == 1:
            results = (result for batch in batches for result in self._extract_batch(batch))
        else:
            results = self._extract_parallel(batches, n_process)
        for result in results:
            if isinstance(result, ExtractionFailure) and errors == "raise":
                raise BadInputError(f"{result.id}: {result.reason}")
            yield result

    def _extract_batch(self, batch: list[Any]) -> list[Any]:
        """Annotate the Articles of a batch together; if that fails, one by one, so one bad
        article costs only itself. Other items (e.g. read failures) pass through in place."""
        checked = [self._check_or_fail(item) if isinstance(item, Article) else item
                   for item in batch]
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
        from .workers import parallel_batches

        for results in parallel_batches(self, batches, n_process):
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
        record = doc_to_record(doc, doc_id=article.id, pipeline=self.pipeline, text=article.text,
                               source=article.source, meta=article.meta,
                               parts=[part.to_dict() for part in article.parts],
                               source_map=(lambda offset: source_offset(article, offset))
                               if article.origin else None)
        return Annotation(id=article.id, record=record, doc=doc)

