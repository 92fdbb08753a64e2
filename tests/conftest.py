"""Shared fixtures: heavy models are loaded once per test session."""

from __future__ import annotations

import shutil
import signal
from collections.abc import Iterable
from pathlib import Path

import pytest

from nlp_extract import Extractor

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLES = DATA / "samples"

# A shell without job control starts background commands with SIGINT ignored, and the
# commands the tests start would inherit that (`bash .ci/run &` in a script): a caught SIGINT
# is reset to its default in a child, so the Ctrl-C tests see what a terminal user's run does.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor: Extractor):
    return extractor.nlp


def read_table(text: str) -> list[list[str]]:
    """Rows of a ``|``-separated golden table; blank lines and ``#`` comments skipped."""
    rows = []
    for line in text.strip().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("|")])
    return rows


def mention_set(cell: str) -> set[tuple[str, str, str]]:
    """A golden cell ``LABEL text = normal; …`` → {(label, text, normal), …}; ``-``: none."""
    items: set[tuple[str, str, str]] = set()
    if cell == "-":
        return items
    for item in cell.split(";"):
        mention, normal = (part.strip() for part in item.split("="))
        label, written = mention.split(" ", 1)
        items.add((label, written, normal))
    return items


def read_mention_sets(text: str) -> list[tuple[str, set[tuple[str, str, str]]]]:
    """Rows ``sentence | LABEL text = normal; …`` of a golden table of exact mention sets →
    (sentence, {(label, text, normal), …})."""
    return [(sentence, mention_set(expected)) for sentence, expected in read_table(text)]


def sample_corpus(corpus: Path, factru: Iterable[str] = ()) -> Path:
    """A new folder ``corpus`` holding the sample articles and the named factRuEval texts
    (``book_100`` → ``book_100.txt``)."""
    corpus.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    for name in factru:
        shutil.copy(DATA / "factru-dev" / f"{name}.txt", corpus / f"{name}.txt")
    return corpus
