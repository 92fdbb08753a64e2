"""Heavy model objects, loaded once per process and shared by the components that need them."""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

from ..resources import MORPH_FILE, NAVEC_FILE, NER_FILE, natasha_file

_LOCK = threading.Lock()


@cache
def _navec() -> Any:
    from navec import Navec

    return Navec.load(natasha_file(NAVEC_FILE))


def navec() -> Any:
    """natasha's news embeddings (navec), shared by the morph tagger, NER and topics."""
    with _LOCK:
        return _navec()


@cache
def _morph_tagger(batch_size: int) -> Any:
    from slovnet import Morph

    return Morph.load(natasha_file(MORPH_FILE), batch_size=batch_size).navec(_navec())


def morph_tagger(batch_size: int = 16) -> Any:
    with _LOCK:
        return _morph_tagger(batch_size)


@cache
def _ner_tagger(batch_size: int) -> Any:
    from slovnet import NER

    return NER.load(natasha_file(NER_FILE), batch_size=batch_size).navec(_navec())


def ner_tagger(batch_size: int = 16) -> Any:
    with _LOCK:
        return _ner_tagger(batch_size)


@cache
def _morph_analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def morph_analyzer() -> Any:
    """pymorphy3's analyzer with the Russian dictionaries."""
    with _LOCK:
        return _morph_analyzer()
