"""Heavy model objects, loaded once per process and shared by the components that need them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, wraps
from typing import Any, TypeVar

from ..errors import InternalError
from ..resources import MORPH_FILE, NAVEC_FILE, NER_FILE, SYNTAX_FILE, natasha_file

T = TypeVar("T")
_LOCK = threading.RLock()


def _load(loader: Any, relative: str, **options: Any) -> Any:
    """``loader(path)`` for a natasha data file; a corrupt file is an InternalError."""
    path = natasha_file(relative)
    try:
        return loader(path, **options)
    except Exception as exc:  # tarfile, numpy and pickle errors of a damaged file
        raise InternalError(f"natasha model file {path} cannot be loaded ({type(exc).__name__}: "
                            f"{exc}); the file is damaged: reinstall natasha") from exc


def shared(loader: Callable[..., T]) -> Callable[..., T]:
    """Load once per process (per arguments), even when several threads ask at once."""
    cached = cache(loader)

    @wraps(loader)
    def get(*args: Any) -> T:
        with _LOCK:
            return cached(*args)

    return get


@shared
def navec() -> Any:
    """natasha's news embeddings (navec), shared by the morph tagger, NER and topics."""
    from navec import Navec

    return _load(Navec.load, NAVEC_FILE)


@shared
def morph_tagger(batch_size: int = 16) -> Any:
    from slovnet import Morph

    return _load(Morph.load, MORPH_FILE, batch_size=batch_size).navec(navec())


@shared
def ner_tagger(batch_size: int = 16) -> Any:
    from slovnet import NER

    return _load(NER.load, NER_FILE, batch_size=batch_size).navec(navec())


@shared
def syntax_parser(batch_size: int = 16) -> Any:
    from slovnet import Syntax

    return _load(Syntax.load, SYNTAX_FILE, batch_size=batch_size).navec(navec())


@shared
def morph_analyzer() -> Any:
    """pymorphy3's analyzer with the Russian dictionaries, its parses remembered by word (as
    natasha's ``MorphVocab`` does): the rules ask of the same words again and again."""
    import pymorphy3

    class RememberingAnalyzer(pymorphy3.MorphAnalyzer):
        def __init__(self) -> None:
            super().__init__()
            self._parses: dict[str, tuple[Any, ...]] = {}

        def parse(self, word: str) -> list[Any]:
            """pymorphy3's parses of ``word``: a new list each time (a caller may change its
            own), of the same immutable parses."""
            parses = self._parses.get(word)
            if parses is None:
                if len(self._parses) >= PARSES_REMEMBERED:
                    self._parses.clear()
                parses = self._parses[word] = tuple(super().parse(word))
            return list(parses)

    return RememberingAnalyzer()


PARSES_REMEMBERED = 100_000  # words; the table starts again when full
