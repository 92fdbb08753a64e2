"""Heavy model objects, loaded once per process and shared by the components that need them."""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

from ..errors import InternalError
from ..resources import MORPH_FILE, NAVEC_FILE, NER_FILE, natasha_file

_LOCK = threading.Lock()


def _load(loader: Any, relative: str, **options: Any) -> Any:
    """``loader(path)`` for a natasha data file; a corrupt file is an InternalError."""
    path = natasha_file(relative)
    try:
        return loader(path, **options)
    except Exception as exc:  # tarfile, numpy and pickle errors of a damaged file
        raise InternalError(f"natasha model file {path} cannot be loaded ({type(exc).__name__}: "
                            f"{exc}); the file is damaged: reinstall natasha") from exc


@cache
def _navec() -> Any:
    from navec import Navec

    return _load(Navec.load, NAVEC_FILE)


def navec() -> Any:
    """natasha's news embeddings (navec), shared by the morph tagger, NER and topics."""
    with _LOCK:
        return _navec()


@cache
def _morph_tagger(batch_size: int) -> Any:
    from slovnet import Morph

    return _load(Morph.load, MORPH_FILE, batch_size=batch_size).navec(_navec())


def morph_tagger(batch_size: int = 16) -> Any:
    with _LOCK:
        return _morph_tagger(batch_size)


@cache
def _ner_tagger(batch_size: int) -> Any:
    from slovnet import NER

    return _load(NER.load, NER_FILE, batch_size=batch_size).navec(_navec())


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
