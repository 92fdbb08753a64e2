"""JSON Lines corpora: one article per line.

Each line is an object with ``text`` (required), optional ``id``, ``title``, ``published``,
``url``; any other fields are kept in ``meta["extra"]``. Article ids are
``<file id>/<record id>``, or ``<file id>/line-<N>`` (1-based line number) when a record has no
id. A broken line, a record without text, a repeated id or an id that cannot name an output
file (an empty, ``.`` or ``..`` part, control characters) yields a :class:`ReadFailure` with
its line number; the other lines still yield articles. Lone surrogates escaped in the JSON
(``\\ud800``) become U+FFFD.

Text that looks scraped (the structure step finds furniture in it) is cleaned like a .txt
file; clean text passes unchanged unless it holds HTML character references («&quot;»), which
are decoded as in a .txt file (then its lines are laid out as the structure step does). A
``title`` is analysed like a .txt file's headline: it
becomes the first line of the article's text, followed by a blank line, unless the text already
starts with it (clean text) or has a line equal to it (scraped text, where that line is the
headline). Offsets (parts, origin) index the record's ``text`` value, so a title put in front
has no origin (its mentions have no ``source_start``/``source_end``); ``meta["title"]`` keeps
the field's value.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from ..structure import parse_date, structure_text
from ..structure.lines import content_key
from ..structure.parts import Segment
from ..structure.provenance import INPUT, merge_meta
from .article import Article, ReadFailure
from .decode import decode_or_fail

KNOWN_FIELDS = frozenset({"id", "text", "title", "published", "url"})


ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_ID_PART_BYTES = 200
_LINE_BREAK = re.compile("\r\n|\r|\n")


def _finite(literal: str) -> float | None:
    number = float(literal)
    return number if math.isfinite(number) else None


def loads_line(line: str) -> Any:
    """``json.loads``, but NaN, Infinity and overflowing floats (which Python accepts and
    strict JSON readers do not) become null, so every record written is valid JSON."""
    return json.loads(line, parse_constant=lambda _name: None, parse_float=_finite)


def without_surrogates(value: Any) -> Any:
    """JSON can escape lone surrogates (``\\ud800``), which no UTF-8 output can hold: each
    becomes U+FFFD, so lengths and offsets stay the same."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(key): without_surrogates(item)
                for key, item in value.items()}
    return value


def _unsafe_id(record_id: str) -> str | None:
    """Why ``record_id`` cannot be part of an output path (``DIR/<file id>/<record id>.json``),
    or None. Slashes make folders, but no part may be empty, ``.`` or ``..``."""
    parts = record_id.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "an empty, '.' or '..' path part"
    if any(ord(char) < 32 or ord(char) == 127 for char in record_id):
        return "control characters"
    if any(len(part.encode("utf-8")) > MAX_ID_PART_BYTES for part in parts):
        return f"a part longer than {MAX_ID_PART_BYTES} bytes"
    return None


def json_lines(content: str) -> list[str]:
    """Lines split at ``\\r\\n``, ``\\n`` or ``\\r`` only, which JSON never holds unescaped;
    JSON strings may hold U+2028, U+2029 and U+0085, where ``str.splitlines`` would cut."""
    lines = _LINE_BREAK.split(content)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _record_id(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str):
        return str(value).strip() or None
    return None


TITLE_SEPARATOR = "\n\n"  # as structure_text puts between a headline and the body


def starts_with_title(text: str, title: str) -> bool:
    """``text`` begins with ``title``: its first line is the title (case, «ё», spaces and edge
    punctuation aside), or its first sentence is («Путин посетил Тюмень. Он …»)."""
    head = text.lstrip()
    if content_key(head.split("\n", 1)[0]) == content_key(title):
        return True
    return head.startswith(title) and head[len(title):len(title) + 1] in (".", "!", "?", "…")


def with_title(text: str, title: str | None) -> tuple[str, list[Segment]]:
    """Clean ``text`` with ``title`` as its first line, and the origin of the result: the
    title is added text (no segment); ``text`` maps onto itself."""
    if not title or starts_with_title(text, title):
        return text, [(0, 0, len(text))]
    shift = len(title) + len(TITLE_SEPARATOR)
    return title + TITLE_SEPARATOR + text, [(shift, 0, len(text))]


def article_from_record(record: dict[str, Any], *, article_id: str, line: int, encoding: str,
             boilerplate: frozenset[str]) -> Article:
    text: str = record["text"]
    meta: dict[str, Any] = {"reader": "jsonl", "encoding": encoding, "line": line}
    title = record.get("title")
    title = title.strip() if isinstance(title, str) and title.strip() else None
    structured = structure_text(text, boilerplate=boilerplate, title=title)
    found: dict[str, Any] = {}
    if (structured.parts or structured.references) and structured.text.strip():
        analysed, parts, origin = structured.text, structured.parts, structured.origin
        found = structured.meta
    else:
        analysed, origin = with_title(text, title)
        parts = []
    given: dict[str, Any] = {}
    if record.get("id") is not None:
        given["record_id"] = record["id"]
    if title:
        given["title"] = title
    published = record.get("published")
    if isinstance(published, str) and published.strip():
        given["published"] = parse_date(published) or published.strip()
    url = record.get("url")
    if isinstance(url, str) and url.strip():
        given["url"] = url.strip()
    extra = {key: value for key, value in record.items() if key not in KNOWN_FIELDS}
    if extra:
        given["extra"] = extra
    meta.update(merge_meta(found, given, given_source=INPUT))  # the record's fields win
    return Article(id=article_id, text=analysed, meta=meta, parts=parts, origin=origin)


def read_jsonl(data: bytes, *, doc_id: str, path: str, sha256: str,
               boilerplate: frozenset[str] = frozenset()) -> Iterator[Article | ReadFailure]:
    decoded = decode_or_fail(data, doc_id=doc_id, path=path)
    if isinstance(decoded, ReadFailure):
        yield decoded
        return
    content, encoding = decoded
    seen: dict[str, int] = {}
    for number, line in enumerate(json_lines(content), start=1):
        if not line.strip():
            continue

        def fail(reason: str, line_number: int = number) -> ReadFailure:
            return ReadFailure(path=path, reason=reason, line=line_number, id=doc_id)

        try:
            record = loads_line(line)
            if ESCAPED_SURROGATE.search(line):
                record = without_surrogates(record)
        except json.JSONDecodeError as exc:
            yield fail(f"line {number} is not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield fail(f"line {number} is JSON nested too deeply to read")
            continue
        except ValueError as exc:  # e.g. an integer of more than 4300 digits
            yield fail(f"line {number} cannot be read as JSON: {str(exc).split(';')[0]}")
            continue
        if not isinstance(record, dict):
            yield fail(f"line {number} is not a JSON object but {type(record).__name__}")
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            what = ('has no "text" field' if text is None
                    else 'has an empty or non-string "text"')
            yield fail(f"record on line {number} {what}: nothing to annotate")
            continue
        record_id = _record_id(record.get("id"))
        if record.get("id") is not None and record_id is None:
            yield fail(f"record on line {number} has an id that is not a string or an integer")
            continue
        unsafe = _unsafe_id(record_id) if record_id else None
        if unsafe:
            yield fail(f"record on line {number} has an id that cannot name an output file "
                       f"({unsafe}): {record_id[:80]!r}")
            continue
        article_id = f"{doc_id}/{record_id}" if record_id else f"{doc_id}/line-{number}"
        if article_id in seen:
            yield fail(f"record on line {number} repeats the id of line {seen[article_id]}")
            continue
        seen[article_id] = number
        try:
            article = article_from_record(record, article_id=article_id, line=number,
                                          encoding=encoding, boilerplate=boilerplate)
        except Exception as exc:  # noqa: BLE001 - one record must not cost the whole file
            yield fail(f"record on line {number} could not be read: {type(exc).__name__}: "
                       f"{exc}")
            continue
        article.source = {"path": path, "sha256": sha256, "line": number}
        yield article


def jsonl_texts(content: str) -> Iterator[str]:
    """The ``text`` of every well-formed record of decoded JSON Lines content."""
    for line in json_lines(content):
        try:
            record = loads_line(line) if line.strip() else None
        except (ValueError, RecursionError):
            continue
        if isinstance(record, dict) and isinstance(record.get("text"), str):
            yield record["text"]
