"""Request bodies checked in the server process, before any worker sees them: size, UTF-8,
JSON, field types, text length. What fails is a :class:`RequestError` with its HTTP status
and a message that names the limit or the field; what passes becomes job items."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..readers.jsonl import ESCAPED_SURROGATE, loads_line, without_surrogates
from .jobs import JobItem, JsonItem, Outcome, TextItem

STRING_FIELDS = ("title", "published", "url")
MAX_DEPTH = 100  # of arrays and objects in an article (a record's meta holds its fields)


@dataclass(frozen=True)
class Limits:
    max_chars: int
    max_batch: int
    max_body: int


class RequestError(Exception):
    """A request the server refuses: ``status`` (4xx), a stable ``code``, a clear message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"error": {"status": self.status, "code": self.code, "message": self.message}}


def media_type(content_type: str | None) -> str:
    return (content_type or "application/json").split(";", 1)[0].strip().lower()


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestError(400, "not_utf8", f"the body is not valid UTF-8 (byte {exc.start}): "
                           "send UTF-8") from None


def parse_json(body: bytes) -> Any:
    """The body as JSON (UTF-8; NaN and Infinity read as null, as the JSONL reader does)."""
    text = _utf8(body)
    try:
        value = loads_line(text)
    except json.JSONDecodeError as exc:
        raise RequestError(400, "malformed_json", f"the body is not valid JSON: {exc.msg} "
                           f"(line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise RequestError(400, "malformed_json", "the body is JSON nested too deeply") from None
    except ValueError as exc:  # an integer of more than 4300 digits
        raise RequestError(400, "malformed_json",
                           f"the body cannot be read as JSON: {str(exc).split(';')[0]}") from None
    return without_surrogates(value) if ESCAPED_SURROGATE.search(text) else value


def _article_id(value: Any, position: int, where: str) -> str:
    if value is None:
        return str(position)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RequestError(422, "wrong_type", f"{where}id must be a string or an integer, "
                           f"got {_json_type(value)}")
    return str(value).strip() or str(position)


def _json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "an array", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, Mapping | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((child, level + 1) for child in
                             (item.values() if isinstance(item, Mapping) else item))
    return deepest


def checked_article(value: Any, *, position: int, line: int, sha256: str, limits: Limits,
                    where: str = "") -> JsonItem:
    """One article object: ``text`` a non-empty string within ``max_chars``; ``id`` a
    string or integer; ``title``, ``published``, ``url`` strings; other fields are kept (in
    ``meta.extra``, as the CLI keeps them)."""
    if not isinstance(value, Mapping):
        raise RequestError(422, "wrong_type", f"{where}an article must be a JSON object with a "
                           f"\"text\", got {_json_type(value)}")
    text = value.get("text")
    if text is None:
        raise RequestError(422, "missing_text", f"{where}\"text\" is missing")
    if not isinstance(text, str):
        raise RequestError(422, "wrong_type", f"{where}\"text\" must be a string, got "
                           f"{_json_type(text)}")
    if not text.strip():
        raise RequestError(422, "empty_text", f"{where}\"text\" is empty: nothing to annotate")
    if len(text) > limits.max_chars:
        raise RequestError(413, "text_too_long", f"{where}\"text\" has {len(text)} characters, "
                           f"over the server's limit of {limits.max_chars} (--max-chars)")
    for name in STRING_FIELDS:
        if value.get(name) is not None and not isinstance(value[name], str):
            raise RequestError(422, "wrong_type", f"{where}\"{name}\" must be a string, got "
                               f"{_json_type(value[name])}")
    if _depth(value) > MAX_DEPTH:
        raise RequestError(422, "too_deep", f"{where}the article's fields are nested more than "
                           f"{MAX_DEPTH} levels deep")
    article_id = _article_id(value.get("id"), position, where)
    return JsonItem(record=dict(value), article_id=article_id, line=line, sha256=sha256)


def single_article(body: bytes, content_type: str | None, query_id: str | None,
                   limits: Limits) -> JobItem:
    """``POST /v1/annotate``: a JSON article object, or the raw text (``text/plain``)."""
    sha256 = hashlib.sha256(body).hexdigest()
    kind = media_type(content_type)
    if kind == "text/plain":
        text = _utf8(body)
        if not text.strip():
            raise RequestError(422, "empty_text", "the body is empty: nothing to annotate")
        if len(text) > limits.max_chars:
            raise RequestError(413, "text_too_long", f"the text has {len(text)} characters, "
                               f"over the server's limit of {limits.max_chars} (--max-chars)")
        return TextItem(data=body, article_id=(query_id or "").strip() or "0", sha256=sha256)
    if kind != "application/json":
        raise RequestError(415, "unsupported_media_type", f"Content-Type {kind!r}: send "
                           "application/json (an article object) or text/plain (the text)")
    if not body.strip():
        raise RequestError(400, "malformed_json", "the body is empty: send an article object")
    return checked_article(parse_json(body), position=0, line=1, sha256=sha256, limits=limits)


def batch_articles(body: bytes, content_type: str | None, limits: Limits
                   ) -> list[JobItem | Outcome]:
    """``POST /v1/annotate/batch``: a JSON array of article objects. An article that fails
    its checks becomes an error :class:`Outcome` in its place; the others are annotated."""
    kind = media_type(content_type)
    if kind != "application/json":
        raise RequestError(415, "unsupported_media_type", f"Content-Type {kind!r}: send "
                           "application/json (an array of article objects)")
    value = parse_json(body)
    if not isinstance(value, list):
        raise RequestError(422, "wrong_type", f"the body must be a JSON array of article "
                           f"objects, got {_json_type(value)}")
    if not value:
        raise RequestError(422, "empty_batch", "the batch is empty: nothing to annotate")
    if len(value) > limits.max_batch:
        raise RequestError(413, "batch_too_large", f"the batch has {len(value)} articles, over "
                           f"the server's limit of {limits.max_batch} (--max-batch)")
    sha256 = hashlib.sha256(body).hexdigest()
    items: list[JobItem | Outcome] = []
    for position, entry in enumerate(value):
        try:
            items.append(checked_article(entry, position=position, line=position + 1,
                                         sha256=sha256, limits=limits,
                                         where=f"article {position}: "))
        except RequestError as exc:
            given = entry.get("id") if isinstance(entry, Mapping) else None
            shown = str(given) if isinstance(given, str | int) and given is not True \
                and given is not False else str(position)
            items.append(Outcome(shown, status=exc.status, code=exc.code, message=exc.message))
    return items
