"""Scraped page text → headline, date, body and the furniture around them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import provenance as src
from .boilerplate import (
    COMMENTS_HEADER,
    DATELINE,
    RELATED_HEADER,
    TAGS_HEADER,
    classify_line,
    promo_spans,
)
from .dates import Lead, dateline, lead_dateline
from .duplicates import joined_copies, recurring_short_lines, repeated_lines
from .lines import Line, has_letters, looks_like_sentence, split_lines, word_count
from .outlet import find_outlet
from .parts import Part, Segment
from .references import decode_references
from .title import choose_title

TITLE = "title"
BODY = "body"
MAX_CAPTION_WORDS = 30
MAX_TAG_WORDS = 4

# One-for-one replacements keep text offsets aligned with the source.
_SPACES = str.maketrans({"\xa0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ",
                         "\u200a": " ", "\u2002": " ", "\u2003": " ", "\u2005": " "})


# two spaces or more, or a tab, between words: spaCy makes each a space token of its own,
# and the rules that read the next word stop at it («МИД  России» lost its country)
_SPACE_RUN = re.compile(r"[ \t]{2,}|\t")


def _goes_on(before: str, after: str) -> bool:
    """A line break between these two characters is inside a sentence: no sentence's end
    before it and a lowercase word after it («Министерство\nфинансов», «связей
    с\nобщественностью»)."""
    return bool(before) and (before.isalnum() or before in ",-–") and after.islower()


def wrapped(line: str, following: str) -> bool:
    """The sentence of ``line`` goes on in ``following``, the next line of its paragraph (a
    hard-wrapped text): the two are joined by a space, as spaCy would make the line break a
    token of its own and the rules that read the next word stop at it. A list of names, one
    a line, stays apart (its lines begin with capitals)."""
    return _goes_on(line.rstrip()[-1:], following.lstrip()[:1])


def plain_spaces(text: str) -> str:
    """No-break and other fixed-width spaces as plain ones, and a line break inside a
    sentence (:func:`_goes_on`) as a space, one for one (offsets unchanged): spaCy makes
    «с\xa0общественностью» or «с\nобщественностью» three tokens, a space token between the
    words, and the rules that read the next word would stop at it."""
    text = text.translate(_SPACES)
    if "\n" not in text:
        return text
    return re.sub("\n", lambda match: " " if _goes_on(
        text[match.start() - 1:match.start()], text[match.end():match.end() + 1]) else "\n",
        text)


_PART_KIND = {DATELINE: "navigation", COMMENTS_HEADER: "comment", TAGS_HEADER: "tag",
              RELATED_HEADER: "navigation"}
MAX_RELATED_WORDS = 20
MAX_TRAILING_WORDS = 12


@dataclass
class Structured:
    """The result of :func:`structure_text`.

    ``text``: headline, blank line, body paragraphs separated by blank lines (no-break and other
    fixed-width spaces become plain spaces, one for one, a run of spaces or tabs between words
    one space, and a hard-wrapped sentence's lines are joined by a space: ``origin`` keeps each
    piece's place in the source). ``meta``: title,
    published, outlet when found, and their ``provenance`` (see :mod:`.provenance`). ``parts``:
    the furniture.
    ``origin``: segments ``(text_start, source_start, length)`` mapping ``text`` into the raw input.
    """

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    origin: list[Segment] = field(default_factory=list)
    references: int = 0  # HTML character references decoded (:mod:`.references`)


def structure_text(raw: str, *, boilerplate: frozenset[str] = frozenset(),
                   title: str | None = None, references: bool = True) -> Structured:
    """Split scraped text into headline, body and boilerplate parts.

    ``boilerplate`` holds normalised lines learned from the corpus (:func:`learn_boilerplate`).
    ``title`` is a headline known from elsewhere (HTML metadata): the line equal to it is the
    headline, and when no line is, it is put first in the text without an origin.
    ``references``: HTML character references left in the text («&quot;») are read as the
    characters they stand for; the origin and parts still point into ``raw`` (a part keeps
    its raw text; a decoded character has no origin, like the joining newlines).
    Clean input keeps every line; non-empty input never yields an empty text.
    """
    decoded = decode_references(raw) if references else None
    if decoded is None:
        return _structure(raw, boilerplate, title)
    found = _structure(decoded.text, boilerplate, title)
    parts = []
    for part in found.parts:
        start, end = decoded.source_span(part.start, part.end)
        parts.append(Part(part.kind, raw[start:end], start, end))
    return Structured(found.text, found.meta, parts, decoded.source_segments(found.origin),
                      len(decoded.references))


def _structure(raw: str, boilerplate: frozenset[str], title: str | None) -> Structured:
    lines = split_lines(raw)
    if not lines:
        return Structured(text="")
    kinds: list[str | None] = [classify_line(line.text, line.norm, boilerplate)
                               for line in lines]
    caption_runs = _caption_runs(lines, kinds)
    title_index = choose_title(lines, kinds, title,
                               avoid={i for run in caption_runs for i in run})
    if title_index is not None:
        _mark_title(lines, kinds, title_index)
    _mark_recurring_debris(lines, kinds)
    _mark_duplicates(lines, kinds)
    _mark_captions(caption_runs, kinds)
    _mark_comments(lines, kinds)
    _mark_tags(lines, kinds)
    _mark_related(lines, kinds)
    _mark_trailing(lines, kinds)
    for index, kind in enumerate(kinds):
        if kind is None:
            kinds[index] = BODY
    if not any(kind in (TITLE, BODY) for kind in kinds):
        _fallback(lines, kinds)
    return _assemble(lines, kinds, title if title_index is None else None, bool(title))


def _mark_title(lines: Sequence[Line], kinds: list[str | None], title_index: int) -> None:
    kinds[title_index] = TITLE
    wanted = lines[title_index].key
    for line in lines:
        if (line.index < title_index and kinds[line.index] is None
                and not looks_like_sentence(line.text)):
            kinds[line.index] = "navigation"  # site name, rubric, region above the headline
        elif line.index != title_index and line.key == wanted and kinds[line.index] is None:
            kinds[line.index] = "duplicate"


def _open(kinds: Sequence[str | None]) -> list[int]:
    return [index for index, kind in enumerate(kinds) if kind is None]


def _mark_recurring_debris(lines: Sequence[Line], kinds: list[str | None]) -> None:
    for index in recurring_short_lines(lines, _open(kinds)):
        kinds[index] = "debris"


def _mark_duplicates(lines: Sequence[Line], kinds: list[str | None]) -> None:
    candidates = [i for i, kind in enumerate(kinds) if kind in (None, TITLE)]
    for index in joined_copies(lines, candidates):
        if kinds[index] is None:
            kinds[index] = "duplicate"
    for index in repeated_lines(lines, _open(kinds)):
        kinds[index] = "duplicate"


def _caption_runs(lines: Sequence[Line], kinds: Sequence[str | None]) -> list[list[int]]:
    """Open short lines right above a caption line («... Фото:») in the same block, per caption,
    nearest first; a line closed by sentence punctuation ends the run (running text)."""
    runs: list[list[int]] = []
    for line in lines:
        if kinds[line.index] != "caption":
            continue
        run: list[int] = []
        index = line.index - 1
        while (index >= 0 and kinds[index] is None and lines[index].block == line.block
               and word_count(lines[index].text) <= MAX_CAPTION_WORDS
               and not lines[index].text.endswith((".", "!", "?", "…"))):
            run.append(index)
            index -= 1
        if run:
            runs.append(run + [line.index])
    return runs


def _mark_captions(runs: Sequence[list[int]], kinds: list[str | None]) -> None:
    """Caption text above a caption line, between the headline and the first paragraph, belongs
    to the caption («Надпись "закрыто". ...» above «Личные приемы ... Фото:»)."""
    for *above, caption in runs:
        above = [index for index in above if kinds[index] is None]  # not the headline
        if not above or any(kind is None for kind in kinds[:min(above)]):
            continue  # the article text started above: these lines are paragraphs
        if not any(kind is None for kind in kinds[caption + 1:]):
            continue  # nothing would be left of the article
        for index in above:
            kinds[index] = "caption"


def _mark_comments(lines: Sequence[Line], kinds: list[str | None]) -> None:
    """«Комментарии» after the body opens the comments: unclassified lines after it are comments."""
    body_seen = False
    for line in lines:
        kind = kinds[line.index]
        if kind is None:
            body_seen = True
        elif kind == COMMENTS_HEADER:
            if not body_seen:
                kinds[line.index] = "debris"  # a comment counter in the page header
                continue
            for later in range(line.index + 1, len(lines)):
                if kinds[later] is None:
                    kinds[later] = "comment"
            return


def _mark_tags(lines: Sequence[Line], kinds: list[str | None]) -> None:
    for line in lines:
        if kinds[line.index] != TAGS_HEADER:
            continue
        index = line.index + 1
        while (index < len(lines) and kinds[index] is None and lines[index].block == line.block
               and word_count(lines[index].text) <= MAX_TAG_WORDS):
            kinds[index] = "tag"
            index += 1


def _mark_related(lines: Sequence[Line], kinds: list[str | None]) -> None:
    """Headlines listed under «Читайте также» and the like (same block) are navigation."""
    for line in lines:
        if kinds[line.index] != RELATED_HEADER:
            continue
        index = line.index + 1
        while (index < len(lines) and kinds[index] is None and lines[index].block == line.block
               and word_count(lines[index].text) <= MAX_RELATED_WORDS
               and not lines[index].text.endswith(".")):
            kinds[index] = "navigation"
            index += 1


def _mark_trailing(lines: Sequence[Line], kinds: list[str | None]) -> None:
    """Short non-sentence lines after the last line of running text are page furniture
    (share buttons, messenger names, related links)."""
    last = max((line.index for line in lines if kinds[line.index] is None
                and (looks_like_sentence(line.text)
                     or word_count(line.text) > MAX_TRAILING_WORDS)), default=None)
    if last is None:
        return
    for line in lines[last + 1:]:
        if (kinds[line.index] is None and word_count(line.text) <= MAX_TRAILING_WORDS
                and not looks_like_sentence(line.text)):
            kinds[line.index] = "debris"


def _fallback(lines: Sequence[Line], kinds: list[str | None]) -> None:
    """Everything looked like furniture: keep the lines with words rather than nothing."""
    keep = [line.index for line in lines
            if kinds[line.index] not in ("template", DATELINE) and has_letters(line.text)]
    if not keep:
        keep = [line.index for line in lines]
    for index in keep:
        kinds[index] = BODY


def _assemble(lines: Sequence[Line], kinds: Sequence[str | None],
              extra_title: str | None, given_title: bool = False) -> Structured:
    chunks: list[str] = []
    origin: list[Segment] = []
    length = 0

    def add(text: str, source_start: int | None) -> None:
        nonlocal length
        if source_start is not None:
            origin.append((length, source_start, len(text)))
        chunks.append(text)
        length += len(text)

    def add_words(text: str, source_start: int) -> None:
        """A piece of a line, each run of spaces or tabs one plain space,
        each run's first space in its place in the source."""
        text = plain_spaces(text)
        kept = 0
        for run in _SPACE_RUN.finditer(text):
            add(text[kept:run.start() + 1].replace("\t", " "), source_start + kept)
            kept = run.end()
        add(text[kept:], source_start + kept)

    meta: dict[str, Any] = {}
    title_given = given_title or bool(extra_title)
    if extra_title:
        add(extra_title.strip(), None)
        meta["title"] = extra_title.strip()
    previous: Line | None = None
    promos: list[Part] = []  # promo sentences cut out of body lines
    for line in lines:
        kind = kinds[line.index]
        if kind not in (TITLE, BODY):
            continue
        if kind == TITLE:
            meta["title"] = line.text
        if chunks:
            same_paragraph = (previous is not None and kinds[previous.index] == BODY
                              and kind == BODY and previous.index == line.index - 1
                              and previous.block == line.block)
            add((" " if wrapped(previous.text, line.text) else "\n") if same_paragraph
                else "\n\n", None)
        cut = promo_spans(line.text) if kind == BODY else []
        kept = 0
        for start, end in cut:
            add_words(line.text[kept:start], line.start + kept)
            promos.append(Part("promo", line.text[start:end].strip(), line.start + start,
                               line.start + end))
            kept = end
        add_words(line.text[kept:], line.start + kept)
        previous = line
    parts = [Part(_PART_KIND.get(str(kinds[line.index]), str(kinds[line.index])), line.text,
                  line.start, line.end)
             for line in lines if kinds[line.index] not in (TITLE, BODY)]
    parts = sorted([*parts, *promos], key=lambda part: (part.start, part.end))
    found = _found_meta(lines, kinds, parts)
    provenance: dict[str, str] = found.pop(src.KEY, {})
    if meta.get("title"):
        provenance["title"] = src.INPUT if title_given else src.BODY
    meta.update(found)
    if provenance:
        meta[src.KEY] = dict(sorted(provenance.items()))
    return Structured(text="".join(chunks), meta=meta, parts=parts, origin=origin)


def _found_meta(lines: Sequence[Line], kinds: Sequence[str | None],
                parts: Sequence[Part]) -> dict[str, Any]:
    """``published`` and ``outlet`` read from the page's date lines, agency lead and own ©
    line, with their provenance; captions, photo credits and quoted documents never count."""
    meta: dict[str, Any] = {}
    provenance: dict[str, str] = {}
    first = next((line for line in lines if kinds[line.index] == BODY), None)
    lead = lead_dateline(first.text) if first is not None else None
    if lead is not None and lead.iso and not src.plausible_year(lead.iso):
        lead = None  # «МОСКВА, 7 ноября 1941 года — Совинформбюро.»: a quoted report
    published = find_published(lines, kinds, lead)
    if published:
        meta["published"], provenance["published"] = published, src.DATELINE
    outlet = find_outlet(p.text for p in parts if p.kind in ("credit", "caption"))
    if outlet:
        meta["outlet"], provenance["outlet"] = outlet, src.BYLINE
    elif lead is not None and src.plausible_outlet(lead.agency):
        meta["outlet"], provenance["outlet"] = lead.agency, src.DATELINE
    if provenance:
        meta[src.KEY] = provenance
    return meta


def _beside_caption(lines: Sequence[Line], kinds: Sequence[str | None], line: Line) -> bool:
    """A line in the same block as a caption or credit line next to it."""
    for index in (line.index - 1, line.index + 1):
        if (0 <= index < len(lines) and lines[index].block == line.block
                and kinds[index] in ("caption", "credit")):
            return True
    return False


def find_published(lines: Sequence[Line], kinds: Sequence[str | None],
                   lead: Lead | None = None) -> str | None:
    """The publication date from the page's date lines, or None rather than a wrong one.

    In order: a date stamp line above the first paragraph (next to the headline), the dated
    agency lead opening the first paragraph («МОСКВА, 7 ноября 2023 — РИА Новости.»), a stamp
    further down that says it is one («Опубликовано: ...»). A date before the rules'
    ``min_year``, a date without a time written beside a caption or credit, and a document's
    date («от 7 ноября 1942 года», see :func:`dateline`) are never taken.
    """
    first_body = next((line.index for line in lines if kinds[line.index] == BODY), len(lines))
    later: str | None = None
    for line in lines:
        if kinds[line.index] != DATELINE:
            continue
        _, iso = dateline(line.text)
        if not iso or not src.plausible_year(iso):
            continue
        if "T" not in iso and _beside_caption(lines, kinds, line):
            continue  # «7 ноября 1942 года» under a photo
        if line.index < first_body:
            return iso
        if later is None and src.is_publication_stamp(line.text):
            later = iso
    if lead is not None and lead.iso:
        return lead.iso
    return later
