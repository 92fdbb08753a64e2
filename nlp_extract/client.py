"""A client for ``nlp-extract serve`` (standard library only).

>>> from nlp_extract.client import Client
>>> client = Client("http://127.0.0.1:8000", token=None)        # doctest: +SKIP
>>> record = client.annotate("Далер Бобиев приехал в Тюмень.", id="a1")  # doctest: +SKIP
>>> [entity["name"] for entity in record["entities"]]          # doctest: +SKIP
['Далер Бобиев', 'Тюмень']

A 503 (queue full, a worker replaced, shutting down) is retried after the server's
``Retry-After`` (at most ``retries`` times, each wait capped at ``max_wait`` seconds); any
other refusal raises :class:`ServerError` with the server's status, code and message.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from typing import Any

Record = dict[str, Any]


class ServerError(Exception):
    """The server refused the request: ``status`` (HTTP), ``code`` and ``message`` from its
    JSON error, ``retry_after`` (seconds) when it said when to come back."""

    def __init__(self, status: int, code: str, message: str,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


class Client:
    """Calls one server. ``token``: the bearer token when the server requires one."""

    def __init__(self, url: str, token: str | None = None, *, timeout: float = 300.0,
                 retries: int = 3, max_wait: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.max_wait = max_wait

    # -- annotation --------------------------------------------------------------------
    def annotate(self, text: str, *, id: str | int | None = None,  # noqa: A002
                 title: str | None = None, published: str | None = None,
                 url: str | None = None) -> Record:
        """The record of one article (as ``nlp-extract annotate`` writes it)."""
        return json.loads(self.annotate_json(text, id=id, title=title, published=published,
                                             url=url))

    def annotate_json(self, text: str, *, id: str | int | None = None,  # noqa: A002
                      title: str | None = None, published: str | None = None,
                      url: str | None = None) -> str:
        """The record's JSON text exactly as the server sent it (sorted keys, compact)."""
        article = _article(text, id=id, title=title, published=published, url=url)
        return self._post("/v1/annotate", article).decode("utf-8")

    def annotate_batch(self, articles: Iterable[str | Mapping[str, Any]]) -> list[Record]:
        """Records in order, for texts or article dicts (``text``, ``id``, ``title``,
        ``published``, ``url``); an article the server could not annotate is
        ``{"error": {"id", "status", "code", "message"}}`` in its place."""
        body = [{"text": item} if isinstance(item, str) else dict(item) for item in articles]
        return json.loads(self._post("/v1/annotate/batch", body))  # type: ignore[no-any-return]

    # -- service -----------------------------------------------------------------------
    def healthy(self) -> bool:
        return self._status("/healthz") == 200

    def ready(self) -> bool:
        return self._status("/readyz") == 200

    def version(self) -> dict[str, Any]:
        return json.loads(self._request("GET", "/v1/version"))  # type: ignore[no-any-return]

    # -- plumbing ----------------------------------------------------------------------
    def _status(self, path: str) -> int:
        try:
            self._request("GET", path)
        except ServerError as exc:
            return exc.status
        return 200

    def _post(self, path: str, payload: Any) -> bytes:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return self._request("POST", path, data)

    def _request(self, method: str, path: str, data: bytes | None = None) -> bytes:
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        attempt = 0
        while True:
            request = urllib.request.Request(self.url + path, data=data, headers=headers,
                                             method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()  # type: ignore[no-any-return]
            except urllib.error.HTTPError as exc:
                error = _server_error(exc)
            if error.status != 503 or attempt >= self.retries:
                raise error
            attempt += 1
            wait = error.retry_after if error.retry_after is not None else 2.0 ** attempt
            time.sleep(min(wait, self.max_wait))


def _article(text: str, **fields: Any) -> dict[str, Any]:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return {"text": text, **{key: value for key, value in fields.items() if value is not None}}


def _server_error(exc: urllib.error.HTTPError) -> ServerError:
    try:
        body = json.loads(exc.read() or b"{}").get("error", {})
    except (ValueError, AttributeError):
        body = {}
    return ServerError(exc.code, str(body.get("code", "http_error")),
                       str(body.get("message", exc.reason)),
                       _retry_after(exc.headers.get("Retry-After")))
