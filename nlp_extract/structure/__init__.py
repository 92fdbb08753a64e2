"""Structure of scraped article text: headline, date, body, and the page furniture around them.

Plain text work only (no NLP library). Entry point: :func:`structure_text`.
"""

from __future__ import annotations

from .boilerplate import classify_line, learn_boilerplate
from .clean import Structured, plain_spaces, structure_text
from .dates import dateline, find_date, lead_dateline, parse_date
from .lines import Line, normalise_line, split_lines
from .outlet import outlet_from_byline, outlet_from_credit
from .parts import PART_KINDS, Part, Segment, merge_segments, offset_in_source

__all__ = [
    "PART_KINDS", "Line", "Part", "Segment", "Structured", "classify_line", "dateline",
    "find_date", "lead_dateline", "learn_boilerplate", "merge_segments", "normalise_line",
    "offset_in_source", "outlet_from_byline", "outlet_from_credit", "parse_date", "plain_spaces",
    "split_lines", "structure_text",
]
