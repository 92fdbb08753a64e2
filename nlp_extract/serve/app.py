"""The ASGI app: routes, bearer auth, limits, JSON errors, metrics and request logs."""

from __future__ import annotations

import hmac
import json
import math
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import BadArgumentError
from ..extractor import Extractor
from ..record import dumps
from ..record_fields import RecordShape
from .jobs import JobItem, Outcome
from .logs import log
from .metrics import Metrics
from .pool import PoolClosed, QueueFull, Unsendable, WorkerLost, WorkerPool, WorkerTimeout
from .requests import Limits, RequestError, batch_articles, single_article

ENDPOINTS = ("/v1/annotate", "/v1/annotate/batch", "/v1/version", "/healthz", "/readyz",
             "/metrics", "/docs", "/openapi.json")
OPEN_ENDPOINTS = frozenset({"/healthz", "/readyz"})  # probes need no token
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

ARTICLE_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["text"],
    "properties": {
        "id": {"type": ["string", "integer"], "description": "the record's id (default: 0, or "
               "the article's position in a batch)"},
        "text": {"type": "string", "description": "the article (scraped text is cleaned)"},
        "title": {"type": "string"}, "published": {"type": "string"},
        "url": {"type": "string"}},
}


@dataclass(frozen=True)
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    max_chars: int = 200_000
    max_batch: int = 64
    max_body: int = 8 * 1024 * 1024
    queue: int = 64
    batch_size: int = 16
    timeout: float = 60.0
    token: str | None = None
    cors_origins: tuple[str, ...] = field(default_factory=tuple)

    @property
    def limits(self) -> Limits:
        return Limits(max_chars=self.max_chars, max_batch=self.max_batch,
                      max_body=self.max_body)


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}},
                        status_code=status, headers=headers)


def _endpoint(path: str) -> str:
    return path if path in ENDPOINTS else "other"


class Guard:
    """Pure ASGI middleware: request id, bearer token, timing, metrics and the log line."""

    def __init__(self, app: ASGIApp, token: str | None, metrics: Metrics) -> None:
        self.app = app
        self.token = token.encode("utf-8") if token else None
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = {key.decode("latin-1").lower(): value for key, value in scope["headers"]}
        given = headers.get("x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        endpoint = _endpoint(scope["path"])
        sizes = {"in": 0, "out": 0}
        status = {"code": 500}

        async def counting_receive() -> Message:
            message = await receive()
            sizes["in"] += len(message.get("body", b""))
            return message

        async def tagging_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", request_id.encode("ascii"))]
            elif message["type"] == "http.response.body":
                sizes["out"] += len(message.get("body", b""))
            await send(message)

        try:
            if self._refused(scope, headers.get("authorization", b"")):
                response = error_response(401, "unauthorized", "a bearer token is required: "
                                          "Authorization: Bearer <token>",
                                          {"WWW-Authenticate": "Bearer"})
                await response(scope, counting_receive, tagging_send)
            else:
                await self.app(scope, counting_receive, tagging_send)
        finally:
            seconds = time.perf_counter() - started
            self.metrics.observe(endpoint, status["code"], seconds)
            log("request", request_id=request_id, endpoint=endpoint, status=status["code"],
                bytes_in=sizes["in"], bytes_out=sizes["out"], ms=round(seconds * 1000, 1))

    def _refused(self, scope: Scope, header: bytes) -> bool:
        """A token is required and this request lacks it (probes and CORS preflights
        pass)."""
        if self.token is None or scope["path"] in OPEN_ENDPOINTS or scope["method"] == "OPTIONS":
            return False
        return not self._authorized(header)

    def _authorized(self, header: bytes) -> bool:
        scheme, _, credentials = header.partition(b" ")
        assert self.token is not None
        return scheme.lower() == b"bearer" and hmac.compare_digest(credentials.strip(),
                                                                   self.token)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused (413) as soon as it is known to pass ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise RequestError(400, "bad_content_length", "Content-Length is not a number")
        if int(declared) > limit:
            raise RequestError(413, "body_too_large", f"the body has {declared} bytes, over the "
                               f"server's limit of {limit} (--max-body)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, "body_too_large", f"the body is over the server's limit of "
                               f"{limit} bytes (--max-body)")
        chunks.append(chunk)
    return b"".join(chunks)


FIELDS_QUERY = Query(None, description="slim records: the top-level fields to keep, comma "
                    "separated (e.g. entities,topics,meta; id and schema_version always)")
NO_TOKENS_QUERY = Query(False, description="slim records: leave the tokens out")


def record_shape(fields: str | None, no_tokens: bool) -> RecordShape:
    """The slim-record shape a request asks for; a bad field name is a 422 naming the
    valid ones."""
    try:
        return RecordShape.make(fields, tokens=not no_tokens)
    except BadArgumentError as exc:
        raise RequestError(422, "bad_fields", str(exc)) from None


def shaped(record: str, shape: RecordShape) -> str:
    """The record (JSON text) as ``shape`` keeps it: unchanged when it keeps everything."""
    return record if shape.full else dumps(shape(json.loads(record)))


def create_app(config: ServeConfig, extractor: Extractor) -> FastAPI:
    metrics = Metrics()
    pool = WorkerPool(extractor, config.workers, config.queue, config.timeout,
                      config.batch_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.start()
        log("workers started", workers=config.workers, pids=[w.pid for w in pool.workers])
        yield
        await pool.close()
        log("workers stopped")

    app = FastAPI(title="nlp-extract", lifespan=lifespan, redoc_url=None,
                  description="Russian news → entities and topics: the record `nlp-extract "
                              "annotate` writes, per article, over HTTP.")
    app.state.pool = pool
    app.state.metrics = metrics

    def retry_after() -> str:
        latency = metrics.latency_sum["/v1/annotate"] / max(1, metrics.latency_count[
            "/v1/annotate"])
        return str(max(1, min(30, math.ceil(latency * (pool.waiting + 1) / config.workers))))

    async def annotate_items(endpoint: str, items: list[JobItem]) -> list[Outcome]:
        try:
            outcomes = await pool.run(items)
        except QueueFull:
            raise RequestError(503, "queue_full", f"every worker is busy and {config.queue} "
                               "requests are waiting (--queue): retry later") from None
        except WorkerTimeout:
            raise RequestError(504, "timeout", f"annotation took longer than the server's "
                               f"deadline ({pool.deadline(len(items)):g} s, --timeout "
                               f"{config.timeout:g} per article): its worker was "
                               "replaced") from None
        except WorkerLost:
            raise RequestError(503, "worker_lost", "the worker annotating this request died; "
                               "it was replaced: retry") from None
        except Unsendable as exc:
            raise RequestError(422, "unsendable", f"the request cannot be sent to a worker "
                               f"({str(exc)[:200]})") from None
        except PoolClosed:
            raise RequestError(503, "shutting_down", "the server is shutting down") from None
        metrics.annotated(sum(outcome.record is not None for outcome in outcomes))
        for outcome in outcomes:
            if outcome.record is None:
                metrics.error(endpoint, outcome.code)
        return outcomes

    @app.exception_handler(RequestError)
    async def refused(request: Request, exc: RequestError) -> JSONResponse:
        metrics.error(_endpoint(request.url.path), exc.code)
        headers = {"Retry-After": retry_after()} if exc.status == 503 else None
        return error_response(exc.status, exc.code, exc.message, headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), exc.headers)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        log("internal error", level=40, error=type(exc).__name__)
        return error_response(500, "internal_error", "the server failed on this request")

    @app.post("/v1/annotate", openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": ARTICLE_SCHEMA},
        "text/plain": {"schema": {"type": "string"}}}}},
        responses={200: {"description": "the record, as `nlp-extract annotate` writes it"}})
    async def annotate(request: Request, id: str | None = Query(  # noqa: A002
            None, description="the record's id for a text/plain body"),
            fields: str | None = FIELDS_QUERY, no_tokens: bool = NO_TOKENS_QUERY) -> Response:
        """One article → its record (byte for byte the CLI's; slim with ``fields`` and
        ``no_tokens`` as ``annotate --fields/--no-tokens`` writes it)."""
        shape = record_shape(fields, no_tokens)
        body = await read_body(request, config.max_body)
        item = single_article(body, request.headers.get("content-type"), id, config.limits)
        outcome = (await annotate_items("/v1/annotate", [item]))[0]
        if outcome.record is None:
            raise RequestError(outcome.status, outcome.code, outcome.message)
        return Response(shaped(outcome.record, shape).encode("utf-8"),
                        media_type="application/json")

    @app.post("/v1/annotate/batch", openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"type": "array", "items": ARTICLE_SCHEMA}}}}},
        responses={200: {"description": "records in order; a failed article is "
                         "{\"error\": {id, status, code, message}} in its place"}})
    async def annotate_batch(request: Request, fields: str | None = FIELDS_QUERY,
                             no_tokens: bool = NO_TOKENS_QUERY) -> Response:
        """Up to --max-batch articles → their records in order."""
        shape = record_shape(fields, no_tokens)
        body = await read_body(request, config.max_body)
        items = batch_articles(body, request.headers.get("content-type"), config.limits)
        for item in items:
            if isinstance(item, Outcome):
                metrics.error("/v1/annotate/batch", item.code)
        job = [item for item in items if not isinstance(item, Outcome)]
        done = iter(await annotate_items("/v1/annotate/batch", job) if job else [])
        outcomes = [item if isinstance(item, Outcome) else next(done) for item in items]
        parts = [shaped(outcome.record, shape) if outcome.record is not None
                 else dumps({"error": outcome.error()}) for outcome in outcomes]
        return Response(("[" + ",".join(parts) + "]").encode("utf-8"),
                        media_type="application/json")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        """Models loaded and every worker alive (503 otherwise)."""
        ready = pool.ready
        return JSONResponse({"status": "ready" if ready else "not_ready",
                             "workers": len(pool.workers), "expected": config.workers,
                             "busy": pool.busy, "restarts": pool.restarts},
                            status_code=200 if ready else 503)

    @app.get("/v1/version")
    async def version() -> Response:
        """What `nlp-extract version` prints: the versions that shape the output."""
        from ..pipeline_info import pipeline_versions

        return Response(dumps(pipeline_versions()), media_type="application/json")

    @app.get("/metrics")
    async def prometheus() -> Response:
        """Prometheus text: requests, errors, latency, queue depth, articles per second."""
        return Response(metrics.render(queue_depth=pool.waiting, in_flight=pool.in_flight,
                                       workers=len(pool.workers),
                                       busy=pool.busy, restarts=pool.restarts,
                                       ready=pool.ready, jobs=pool.jobs,
                                       job_articles=pool.job_articles),
                        media_type="text/plain; version=0.0.4; charset=utf-8")

    if config.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "X-Request-ID"])
    app.add_middleware(Guard, token=config.token, metrics=metrics)
    return app
