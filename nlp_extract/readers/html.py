"""HTML pages: main text and metadata with trafilatura, a plain lxml extraction as fallback."""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

from ..structure import Part, Structured, parse_date, structure_text
from ..structure.parts import Segment
from ..structure.provenance import HTML, merge_meta
from .article import Article, ReadFailure
from .decode import (
    GIBBERISH,
    DecodeError,
    decode_bytes,
    decode_or_fail,
    looks_binary,
    reading_score,
)
from .html_map import SourceMap, markup_spans, segments_for

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
         "iframe", "svg", "button", "figure")
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre")


@dataclass
class Extracted:
    """What one HTML page gives: main text (one paragraph per line) and metadata."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)


def decode_html(data: bytes) -> tuple[str, str]:
    """Like :func:`decode_bytes`, but a ``<meta charset>`` wins over guessing for non-UTF-8 —
    unless it lies: when the page reads as gibberish in the declared charset (Cyrillic letters
    that are not Russian, or none where the bytes hold Russian in another code page), the
    encoding is detected from the bytes, and a page that reads as Russian in neither is
    refused (:class:`DecodeError`)."""
    if not (data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            or looks_binary(data)):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            declared = _DECLARED.search(data[:4096])
            if declared:
                name = declared.group(1).decode("ascii").lower()
                try:
                    text, encoding = data.decode(name), codecs.lookup(name).name
                except (LookupError, UnicodeDecodeError):
                    pass
                else:
                    return _unless_declared_lies(data, text, encoding)
    return decode_bytes(data)


# How much better (mean score per letter) the detected reading must read as Russian than the
# declared one to overrule it: cp1251 and koi8-r read as each other score about 1.2 lower.
_OVERRULE = 0.5


def _unless_declared_lies(data: bytes, text: str, encoding: str) -> tuple[str, str]:
    """``(text, encoding)`` read in the declared charset, or detected from the bytes when that
    reads as Russian clearly better (a cp1251 page declaring koi8-r or iso-8859-1)."""
    if text.isascii():
        return text, encoding
    declared = reading_score(text)
    try:
        detected, found = decode_bytes(data)
    except DecodeError:
        detected, found = "", encoding
    score = reading_score(detected) if found != encoding else None
    if score is not None and score >= GIBBERISH and (declared is None
                                                     or score > declared + _OVERRULE):
        return detected, f"{found} (declared {encoding} does not fit the bytes)"
    if declared is not None and declared < GIBBERISH:
        raise DecodeError(f"the page declares charset {encoding} but reads as gibberish in it, "
                          "and its encoding cannot be determined from the bytes; re-save it "
                          "as UTF-8")
    return text, encoding


def _first(tree: Any, xpath: str) -> str | None:
    for value in tree.xpath(xpath):
        text = value if isinstance(value, str) else value.text_content()
        text = " ".join(str(text).split())
        if text:
            return text
    return None


# A <time> in a caption, a quotation or a side column dates something else.
_NOT_QUOTED = ("not(ancestor::figure or ancestor::figcaption or ancestor::blockquote"
               " or ancestor::aside or ancestor::q)")
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def _json_ld_published(tree: Any) -> str | None:
    """``datePublished`` of the page's JSON-LD (schema.org NewsArticle)."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        found = _JSON_LD_PUBLISHED.search(str(script))
        if found and (published := parse_date(found.group(1))):
            return published
    return None


def _page_meta(tree: Any) -> dict[str, Any]:
    """Metadata written in the page: headline, full publication time, url, site name."""
    meta: dict[str, Any] = {}
    title = _first(tree, "//article//h1") or _first(tree, "//main//h1") or _first(tree, "//h1")
    title = title or _first(tree, "//meta[@property='og:title']/@content")
    if title:
        meta["title"] = title
    for xpath in ("//meta[@property='article:published_time']/@content",
                  "//meta[@itemprop='datePublished']/@content",
                  "//*[@itemprop='datePublished']/@datetime",
                  f"//article//time[{_NOT_QUOTED}]/@datetime", f"//time[{_NOT_QUOTED}]/@datetime",
                  "//meta[@name='pubdate']/@content"):
        published = parse_date(_first(tree, xpath) or "")
        if published:
            meta["published"] = published
            break
    if "published" not in meta:
        published = _json_ld_published(tree)
        if published:
            meta["published"] = published
    url = (_first(tree, "//link[@rel='canonical']/@href")
           or _first(tree, "//meta[@property='og:url']/@content"))
    if url:
        meta["url"] = url
    site = _first(tree, "//meta[@property='og:site_name']/@content")
    if site:
        meta["outlet"] = site
    return meta


def _fallback_text(tree: Any) -> str:
    """Paragraph texts of <article>/<main>/<body> after dropping page furniture elements."""
    for element in tree.xpath("|".join(f"//{name}" for name in _DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    roots = tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body") or [tree]
    root = roots[0]
    blocks = [" ".join(element.text_content().split())
              for element in root.iter(*_BLOCKS)]
    blocks = [block for block in blocks if block]
    if not blocks:
        blocks = [" ".join(line.split()) for line in root.text_content().splitlines()]
    return "\n".join(block for block in blocks if block)


def _visible_text(source: str) -> str:
    """``source`` with comments and invisible elements as a space and every other ``<...>`` as
    a line break, in linear time (the regexes ``<!--.*?-->|<(script|...)...</\\1\\s*>`` then
    ``<[^>]*>`` rescan the rest of the page from every unclosed ``<``)."""
    pieces: list[str] = []
    position = 0
    for start, end in markup_spans(source, tags=False):
        pieces.append(source[position:start])
        pieces.append(" ")
        position = end
    pieces.append(source[position:])
    shown = "".join(pieces)
    pieces = []
    position = 0
    while (start := shown.find("<", position)) >= 0:
        end = shown.find(">", start)
        if end < 0:  # no «>» after this «<», so none after any later one either
            break
        pieces.append(shown[position:start])
        pieces.append("\n")
        position = end + 1
    pieces.append(shown[position:])
    return "".join(pieces)


def extract(source: str) -> Extracted:
    """Main text and metadata of an HTML page (trafilatura, then the lxml fallback).

    ``meta`` holds only what the markup says (title, published, url, outlet as site name) and
    which ``extractor`` gave the text."""
    try:
        tree = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        tree = None
    meta = _page_meta(tree) if tree is not None else {}
    text = ""
    try:
        import trafilatura  # on use: a broken installation costs HTML quality, not the run

        document = trafilatura.bare_extraction(source, with_metadata=True,
                                               include_comments=False, include_tables=True)
    except Exception:  # a library failure on one page must not stop the corpus
        document = None
    if document is not None:
        text = getattr(document, "text", None) or ""
        for key, attribute in (("title", "title"), ("url", "url"), ("outlet", "sitename")):
            value = getattr(document, attribute, None)
            if value and key not in meta:
                meta[key] = value
        # trafilatura's date is not used: htmldate guesses it from the page text too (a
        # caption «7 ноября 1942 года»), and against today's date
        meta["extractor"] = "trafilatura"
    if not text.strip():
        if tree is not None:
            text = _fallback_text(tree)
        if not text.strip():
            visible = html.unescape(_visible_text(source))
            text = "\n".join(" ".join(line.split()) for line in visible.splitlines())
        meta["extractor"] = "fallback"
    return Extracted(text=text, meta=meta)


def relocate(structured: Structured, extracted: str, source: str) -> Structured:
    """Re-base origin and part offsets from the extracted text onto the HTML source.

    A title put in front of the text (found in the markup, not among the extracted lines) maps
    to where the page shows it, else to where the markup writes it (``<title>``, og:title),
    else nowhere (added text).

    A part whose text cannot be found in the source (rare: the extractor changed characters)
    gets an empty span (``start == end``) where the previous part ended.
    """
    source_map = SourceMap.of(source)
    origin: list[Segment] = []
    cursor = 0
    for text_start, extracted_start, length in structured.origin:
        piece = structured.text[text_start:text_start + length]
        located = source_map.locate(extracted[extracted_start:extracted_start + length], cursor)
        if located is None:
            continue
        offsets, cursor = located
        origin.extend(segments_for(offsets, text_start, source, piece))
    parts: list[Part] = []
    cursor = 0
    previous_end = 0
    for part in structured.parts:
        span = source_map.span(part.text, cursor)
        if span is None:
            parts.append(Part(part.kind, part.text, previous_end, previous_end))
            continue
        start, end, cursor = span
        previous_end = end
        parts.append(Part(part.kind, part.text, start, end))
    title = str(structured.meta.get("title") or "")
    if title and structured.text.startswith(title) and not any(s[0] == 0 for s in origin):
        located = source_map.locate(title)
        if located is not None:
            origin.extend(segments_for(located[0], 0, source, title))
        elif (found := source.find(title)) >= 0:  # only in <title> or an og:title attribute
            origin.append((0, found, len(title)))
    return Structured(structured.text, structured.meta, parts, sorted(origin))


def read_html(data: bytes, *, doc_id: str, path: str, sha256: str,
              boilerplate: frozenset[str] = frozenset()) -> Iterator[Article | ReadFailure]:
    """One article per page. Offsets (parts, origin) point into the decoded HTML source."""
    decoded = decode_or_fail(data, doc_id=doc_id, path=path, decoder=decode_html)
    if isinstance(decoded, ReadFailure):
        yield decoded
        return
    source, encoding = decoded
    extracted = extract(source)
    lines = [line.strip() for line in extracted.text.splitlines() if line.strip()]
    main_text = "\n\n".join(lines)
    if not main_text:
        yield ReadFailure(path=path, reason="HTML page without any visible text", id=doc_id)
        return
    title = extracted.meta.get("title")
    structured = structure_text(main_text, boilerplate=boilerplate, title=title,
                                references=False)  # the page's own are decoded
    structured = relocate(structured, main_text, source)
    if not structured.text.strip():
        yield ReadFailure(path=path, reason="no article text left after removing page furniture",
                          id=doc_id)
        return
    meta: dict[str, Any] = {"reader": "html", "encoding": encoding}
    # what the markup says wins over what the structure step found in the text
    meta.update(merge_meta({key: value for key, value in structured.meta.items() if value},
                           {key: value for key, value in extracted.meta.items() if value},
                           given_source=HTML))
    yield Article(id=doc_id, text=structured.text, meta=meta, parts=structured.parts,
                  source={"path": path, "sha256": sha256}, origin=structured.origin)
