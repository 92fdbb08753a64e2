"""Running the annotation on a dask.distributed cluster.

Each dask worker process builds one :class:`~nlp_extract.Extractor` (with the run's settings)
the first time it gets a batch and keeps it, so models load once per worker. Batches are
submitted in order with a bounded number in flight and their results are yielded in order, so
the output is the same as a local run's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

_WORKER_EXTRACTORS: dict[tuple[Any, ...], Any] = {}


def _annotate_on_worker(batch: list[Any], config: dict[str, Any], disable: tuple[str, ...],
                        max_chars: int, serialize: Any = None) -> list[Any]:
    from ..extractor import Extractor
    from ..workers import annotate_batch, pin_threads

    key = (repr(sorted(config.items())), disable, max_chars)
    extractor = _WORKER_EXTRACTORS.get(key)
    if extractor is None:
        pin_threads()
        extractor = _WORKER_EXTRACTORS[key] = Extractor(config=config, disable=disable,
                                                         max_chars=max_chars)
    return annotate_batch(extractor, batch, serialize)


def dask_batches(address: str, extractor: Any, batches: Iterable[list[Any]],
                 window: int | None = None, serialize: Any = None) -> Iterator[list[Any]]:
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the installation
        from ..errors import BadArgumentError

        raise BadArgumentError("--dask needs dask.distributed: pip install 'nlp-extract[dask]'"
                               ) from exc
    with Client(address) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = window or 2 * workers
        pending: deque[Any] = deque()
        settings = (extractor.config, extractor.disable, extractor.max_chars)
        for batch in batches:
            pending.append(client.submit(_annotate_on_worker, batch, *settings, serialize,
                                         pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
