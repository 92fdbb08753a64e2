"""A development / held-out split of a gold corpus, fixed by the documents' names.

An article is held out when the first 8 hex digits of the sha256 of its id (the file name
without suffix: ``book_58``, ``104083_text``), read as a number, are < 30 modulo 100: about
30% of every corpus, the same on every machine, and an article keeps its side when others
are added. ``data/splits/<corpus>.heldout.txt`` lists the held-out ids of factru-dev and
nerel-train (written by :func:`write_split_list`, checked by the tests). Develop rules on
``dev``; look at ``heldout`` only to check a change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

DEV = "dev"
HELDOUT = "heldout"
ALL = "all"
SPLITS: tuple[str, ...] = (DEV, HELDOUT, ALL)
HELDOUT_PERCENT = 30

T = TypeVar("T")


def split_of(doc_id: str) -> str:
    """``dev`` or ``heldout`` for a document id."""
    digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()
    return HELDOUT if int(digest[:8], 16) % 100 < HELDOUT_PERCENT else DEV


def in_split(doc_id: str, split: str) -> bool:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    return split == ALL or split_of(doc_id) == split


def select(items: Sequence[T], ids: Iterable[str], split: str) -> list[T]:
    """The items whose ids (given in the same order) fall in ``split``."""
    return [item for item, doc_id in zip(items, ids, strict=True) if in_split(doc_id, split)]


def write_split_list(ids: Iterable[str], path: Path) -> None:
    held = sorted(doc_id for doc_id in ids if split_of(doc_id) == HELDOUT)
    path.write_text("".join(f"{doc_id}\n" for doc_id in held), encoding="utf-8")
