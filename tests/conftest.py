"""Shared fixtures: heavy models are loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_extract import Extractor

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLES = DATA / "samples"


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
