"""``nlp-extract serve``: a real server (the installed command) on a free 127.0.0.1 port.

Every wait is bounded and every server is torn down (SIGTERM, then SIGKILL), whatever the test
does. Records are compared with what ``nlp-extract annotate -`` prints for the same bytes.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nlp_extract.client import Client, ServerError
from nlp_extract.record import dumps

from conftest import DATA, SAMPLES

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

NLP_EXTRACT = shutil.which("nlp-extract") or str(Path(sys.executable).parent / "nlp-extract")
START_TIMEOUT = 240.0  # models load in ~15 s on an idle machine; the CI box is shared
HANG = "ЗАВИСНИ-ВОРКЕР-7f3a"  # the test hook's marker (NLP_EXTRACT_SERVE_TEST_HANG)
ARTICLE = ("Губернатор Тюменской области Александр Моор провёл совещание с главой "
           "Минприроды России. Далер Бобиев приехал в Тюмень 14 сентября 2018 года.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    token: str | None = None

    def call(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None, timeout: float = 120.0,
             auth: bool = True) -> Answer:
        sent = dict(headers or {})
        if self.token and auth:
            sent.setdefault("Authorization", f"Bearer {self.token}")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                          response.read())
        finally:
            connection.close()

    def post_json(self, path: str, value: Any, headers: dict[str, str] | None = None,
                  **kwargs: Any) -> Answer:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        return self.call("POST", path, body, {"Content-Type": "application/json",
                                              **(headers or {})}, **kwargs)

    def wait_ready(self, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                answer = self.call("GET", "/readyz", timeout=5)
                last = answer.json()
                if answer.status == 200:
                    return last  # type: ignore[no-any-return]
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"not ready within {timeout} s: {last}")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait(timeout=30)


def start_server(tmp: Path, *args: str, token: str | None = None,
                 env: dict[str, str] | None = None) -> Server:
    port = free_port()
    command = [NLP_EXTRACT, "serve", "--port", str(port), *args]
    if token is not None:
        token_file = tmp / "token"
        token_file.write_text(token + "\n", encoding="utf-8")
        command += ["--token-file", str(token_file)]
    log = tmp / f"server-{port}.log"
    with log.open("wb") as stream:
        process = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
    server = Server(process, port, log, token)
    try:
        server.wait_ready(START_TIMEOUT)
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("serve")
    running = start_server(tmp, "--workers", "2", "--max-chars", "20000", "--max-batch", "4",
                           "--max-body", "100000", "--timeout", "30")
    try:
        yield running
    finally:
        assert running.stop() == 0, running.log.read_text()[-3000:]


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One worker, no queue, a token, a short timeout and the hang hook."""
    tmp = tmp_path_factory.mktemp("serve-guarded")
    running = start_server(tmp, "--workers", "1", "--queue", "0", "--timeout", "3",
                           token="s3cret-token-for-tests",
                           env={"NLP_EXTRACT_SERVE_TEST_HANG": HANG})
    try:
        yield running
    finally:
        assert running.stop() == 0, running.log.read_text()[-3000:]


def cli_record(stdin: bytes) -> str:
    """What ``nlp-extract annotate -`` prints for ``stdin``."""
    done = subprocess.run([NLP_EXTRACT, "annotate", "-"], input=stdin, capture_output=True,
                          timeout=600, check=True)
    return done.stdout.decode("utf-8").strip()


# -- records ---------------------------------------------------------------------------------

def test_json_article_record_is_the_cli_record_byte_for_byte(server: Server) -> None:
    text = (SAMPLES / "000_a5760198d369cf0a.txt").read_text(encoding="utf-8")
    body = json.dumps({"id": "rt-1", "text": text, "title": "Заголовок новости",
                       "published": "2018-09-14", "url": "https://example.ru/1"},
                      ensure_ascii=False).encode("utf-8")
    answer = server.call("POST", "/v1/annotate", body, {"Content-Type": "application/json"})
    assert answer.status == 200, answer.body[:500]
    assert answer.headers["content-type"] == "application/json"
    cli = cli_record(body)  # one JSON line on stdin: its record on one line
    assert cli.count('"id":"stdin/rt-1"') == 1  # the CLI names stdin's articles stdin/<id>
    assert answer.body.decode("utf-8") == cli.replace('"id":"stdin/rt-1"', '"id":"rt-1"', 1)
    record = answer.json()
    assert record["meta"]["title"] == "Заголовок новости"
    assert record["entities"] and record["source"]["path"] == "-"


def test_articles_annotated_together_get_the_cli_records(server: Server) -> None:
    """A job of several long articles (the server's slovnet batches are 8, the CLI's 16)
    gives each article the record the CLI writes for it."""
    articles = [{"id": f"b{index}", "text": text}
                for index, text in enumerate(factru_texts(4))]
    answer = server.post_json("/v1/annotate/batch", articles)
    assert answer.status == 200, answer.body[:500]
    stdin = "".join(json.dumps(article, ensure_ascii=False) + "\n" for article in articles)
    lines = cli_record(stdin.encode("utf-8")).splitlines()
    served = answer.json()
    assert len(served) == len(lines) == 4
    assert sum(len(record["entities"]) for record in served) > 20
    for record, line in zip(served, lines, strict=True):
        cli = json.loads(line)
        cli["id"] = cli["id"].removeprefix("stdin/")
        for one in (record, cli):  # the digest is of the body: the batch's or the CLI's stdin
            one["source"].pop("sha256")
        assert record == cli


def test_plain_text_record_is_the_cli_record(server: Server) -> None:
    data = (SAMPLES / "002_0aca802ec92ce916.txt").read_bytes()
    answer = server.call("POST", "/v1/annotate?id=sample-2", data,
                         {"Content-Type": "text/plain; charset=utf-8"})
    assert answer.status == 200, answer.body[:500]
    cli = json.loads(cli_record(data))  # printed pretty (indent 2) for a text
    assert cli["id"] == "stdin"
    assert answer.body.decode("utf-8") == dumps({**cli, "id": "sample-2"})
    assert answer.json()["meta"]["reader"] == "txt"


def test_slim_record_is_the_cli_slim_record(server: Server) -> None:
    """``?fields=…&no_tokens=true`` gives what ``annotate - --fields … --no-tokens`` prints;
    a bad field name is a 422 naming the valid ones."""
    body = json.dumps({"id": "slim-1", "text": ARTICLE}, ensure_ascii=False).encode("utf-8")
    answer = server.call("POST", "/v1/annotate?fields=entities,topics,meta&no_tokens=true",
                         body, {"Content-Type": "application/json"})
    assert answer.status == 200, answer.body[:500]
    done = subprocess.run([NLP_EXTRACT, "annotate", "-", "--fields", "entities,topics,meta",
                           "--no-tokens"], input=body, capture_output=True, timeout=600,
                          check=True)
    cli = done.stdout.decode("utf-8").strip()
    assert answer.body.decode("utf-8") == cli.replace('"id":"stdin/slim-1"', '"id":"slim-1"', 1)
    record = answer.json()
    assert set(record) == {"schema_version", "id", "entities", "topics", "meta", "omitted"}
    batch = server.call("POST", "/v1/annotate/batch?no_tokens=true",
                        json.dumps([{"id": "b1", "text": ARTICLE}]).encode("utf-8"),
                        {"Content-Type": "application/json"})
    assert batch.status == 200 and "tokens" not in batch.json()[0]
    wrong = server.call("POST", "/v1/annotate?fields=entities,nonsense", body,
                        {"Content-Type": "application/json"})
    assert wrong.status == 422 and "valid fields" in wrong.json()["error"]["message"]


def test_batch_gives_records_in_order_and_errors_in_place(server: Server) -> None:
    answer = server.post_json("/v1/annotate/batch", [
        {"id": "a", "text": ARTICLE},
        {"id": "b", "text": 42},
        {"text": "Сергей Собянин открыл станцию метро в Москве."},
        {"id": "d", "text": "x" * 20001},
    ])
    assert answer.status == 200
    records = answer.json()
    assert [r.get("id") or r["error"]["id"] for r in records] == ["a", "b", "2", "d"]
    assert records[1]["error"]["status"] == 422 and records[1]["error"]["code"] == "wrong_type"
    assert records[3]["error"]["status"] == 413 and "20000" in records[3]["error"]["message"]
    single = server.post_json("/v1/annotate", {"id": "a", "text": ARTICLE}).json()
    assert records[0]["entities"] == single["entities"]
    assert {e["name"] for e in records[2]["entities"]} >= {"Сергей Собянин", "Москва"}


def test_version_health_metrics_and_docs(server: Server) -> None:
    version = server.call("GET", "/v1/version")
    cli = subprocess.run([NLP_EXTRACT, "version"], capture_output=True, timeout=120, check=True)
    assert version.json() == json.loads(cli.stdout)
    assert server.call("GET", "/healthz").json() == {"status": "ok"}
    server.post_json("/v1/annotate", {"text": ARTICLE})
    metrics = server.call("GET", "/metrics").body.decode()
    for name in ("nlp_extract_requests_total{", "nlp_extract_request_seconds_bucket{",
                 "nlp_extract_queue_depth ", "nlp_extract_articles_per_second ",
                 "nlp_extract_errors_total"):
        assert name in metrics
    assert 'nlp_extract_requests_total{endpoint="/v1/annotate",status="200"}' in metrics
    schema = server.call("GET", "/openapi.json").json()
    assert {"/v1/annotate", "/v1/annotate/batch", "/readyz"} <= set(schema["paths"])


def test_logs_are_json_and_hold_no_text(server: Server) -> None:
    marker = "Секретный-маркер-текста"
    answer = server.post_json("/v1/annotate", {"id": "article-9z", "text": f"{marker} {ARTICLE}"},
                              headers={"X-Request-ID": "req-log-1"})
    assert answer.status == 200 and answer.headers["x-request-id"] == "req-log-1"
    time.sleep(0.5)
    lines = [json.loads(line) for line in server.log.read_text().splitlines() if line.strip()]
    assert marker not in server.log.read_text() and "article-9z" not in server.log.read_text()
    mine = [line for line in lines if line.get("request_id") == "req-log-1"]
    assert len(mine) == 1
    assert set(mine[0]) == {"time", "level", "logger", "message", "request_id", "endpoint",
                            "status", "bytes_in", "bytes_out", "ms"}


# -- hostile requests ------------------------------------------------------------------------

def _chunked(parts: list[bytes]) -> Iterator[bytes]:
    yield from parts


HOSTILE = [
    ("body over --max-body", "/v1/annotate", b'{"text":"' + b"a" * 150_000 + b'"}',
     "application/json", 413, "body_too_large"),
    ("text over --max-chars", "/v1/annotate", json.dumps({"text": "я" * 20001}, ensure_ascii=False).encode(),
     "application/json", 413, "text_too_long"),
    ("malformed JSON", "/v1/annotate", b'{"text": "\xd0\x9c\xd0\xbe', "application/json", 400,
     "malformed_json"),
    ("text of the wrong type", "/v1/annotate", b'{"text": ["a"]}', "application/json", 422,
     "wrong_type"),
    ("id of the wrong type", "/v1/annotate", b'{"text": "abc", "id": {"x": 1}}',
     "application/json", 422, "wrong_type"),
    ("title of the wrong type", "/v1/annotate", b'{"text": "abc", "title": 5}',
     "application/json", 422, "wrong_type"),
    ("not an object", "/v1/annotate", b'"just a string"', "application/json", 422,
     "wrong_type"),
    ("non-UTF-8 JSON", "/v1/annotate", '{"text": "Москва"}'.encode("cp1251"),
     "application/json", 400, "not_utf8"),
    ("non-UTF-8 text", "/v1/annotate", "Москва".encode("cp1251"), "text/plain", 400,
     "not_utf8"),
    ("empty text", "/v1/annotate", b'{"text": "   "}', "application/json", 422, "empty_text"),
    ("missing text", "/v1/annotate", b'{"title": "x"}', "application/json", 422,
     "missing_text"),
    ("empty body", "/v1/annotate", b"", "application/json", 400, "malformed_json"),
    ("empty text body", "/v1/annotate", b"\n \n", "text/plain", 422, "empty_text"),
    ("JSON nested too deep", "/v1/annotate", b"[" * 50_000, "application/json", 400,
     "malformed_json"),
    ("fields nested 500 deep", "/v1/annotate",
     b'{"text": "abc", "x": ' + b"[" * 500 + b"]" * 500 + b"}", "application/json", 422,
     "too_deep"),
    ("huge integer", "/v1/annotate", b'{"text": "a", "id": ' + b"9" * 5000 + b"}",
     "application/json", 400, "malformed_json"),
    ("unknown media type", "/v1/annotate", b"<xml/>", "application/xml", 415,
     "unsupported_media_type"),
    ("batch over --max-batch", "/v1/annotate/batch",
     json.dumps([{"text": "a"}] * 5).encode(), "application/json", 413, "batch_too_large"),
    ("batch that is no array", "/v1/annotate/batch", b'{"text": "a"}', "application/json",
     422, "wrong_type"),
    ("empty batch", "/v1/annotate/batch", b"[]", "application/json", 422, "empty_batch"),
]


@pytest.mark.parametrize(("path", "body", "media", "status", "code"),
                         [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_hostile_request_gets_its_error_and_server_stays_up(
        server: Server, path: str, body: bytes, media: str, status: int, code: str) -> None:
    answer = server.call("POST", path, body, {"Content-Type": media})
    assert answer.status == status, answer.body[:300]
    assert answer.headers["content-type"] == "application/json"
    error = answer.json()["error"]
    assert error["status"] == status and error["code"] == code and error["message"]
    if code in ("text_too_long", "batch_too_large", "body_too_large"):
        assert any(limit in error["message"] for limit in ("20000", "(--max-batch)", "100000"))
    assert server.call("GET", "/healthz", timeout=10).status == 200


def test_chunked_body_over_the_limit_is_refused_while_read(server: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request("POST", "/v1/annotate", body=_chunked([b"x" * 60_000] * 4),
                           headers={"Content-Type": "text/plain"}, encode_chunked=True)
        response = connection.getresponse()
        assert response.status == 413
        assert json.loads(response.read())["error"]["code"] == "body_too_large"
    finally:
        connection.close()
    assert server.call("GET", "/healthz").status == 200


# -- workers -------------------------------------------------------------------------------

def wait_gone(server: Server, pid: int, timeout: float = 60.0) -> None:
    """Until ``pid`` is no longer a child of the server (killed and reaped)."""
    deadline = time.monotonic() + timeout
    while pid in server.worker_pids() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pid not in server.worker_pids()


def test_killed_worker_is_replaced_and_readyz_recovers(server: Server) -> None:
    before = server.worker_pids()
    assert len(before) == 2
    os.kill(before[0], signal.SIGKILL)
    wait_gone(server, before[0])
    status = server.wait_ready(60)
    assert status["restarts"] >= 1
    assert len(server.worker_pids()) == 2
    assert server.post_json("/v1/annotate", {"text": ARTICLE}).status == 200


def test_stopped_idle_worker_is_replaced(server: Server) -> None:
    victim = server.worker_pids()[1]
    os.kill(victim, signal.SIGSTOP)
    wait_gone(server, victim)
    server.wait_ready(60)
    answers = [server.post_json("/v1/annotate", {"text": ARTICLE}).status for _ in range(4)]
    assert answers == [200] * 4


def test_hung_worker_gives_504_and_is_replaced(guarded: Server) -> None:
    pid = guarded.worker_pids()[0]
    answer = guarded.post_json("/v1/annotate", {"text": f"{HANG} {ARTICLE}"})
    assert answer.status == 504, answer.body
    assert answer.json()["error"]["code"] == "timeout"
    wait_gone(guarded, pid)
    assert guarded.wait_ready(60)["restarts"] >= 1
    assert guarded.post_json("/v1/annotate", {"text": ARTICLE}).status == 200


def test_article_past_timeout_is_504_and_its_worker_stays(tmp_path: Path) -> None:
    running = start_server(tmp_path, "--workers", "1", "--timeout", "0.005")
    try:
        pid = running.worker_pids()[0]
        text = (SAMPLES / "000_a5760198d369cf0a.txt").read_text(encoding="utf-8")
        answer = running.post_json("/v1/annotate", {"text": text})
        assert answer.status == 504
        assert "0.005" in answer.json()["error"]["message"]
        assert running.worker_pids() == [pid]  # stopped by its own alarm, not killed
        assert running.wait_ready(10)["restarts"] == 0
    finally:
        assert running.stop() == 0


def test_ctrl_c_drains_and_exits_130(tmp_path: Path) -> None:
    running = start_server(tmp_path, "--workers", "1")
    running.process.send_signal(signal.SIGINT)
    assert running.process.wait(timeout=120) == 130
    assert '"stopped by Ctrl-C"' in running.log.read_text()


def test_full_queue_is_503_with_retry_after(guarded: Server) -> None:
    guarded.wait_ready(60)
    hung: dict[str, Answer] = {}
    thread = threading.Thread(target=lambda: hung.setdefault(
        "answer", guarded.post_json("/v1/annotate", {"text": f"{HANG} {ARTICLE}"})))
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while guarded.call("GET", "/readyz").json()["busy"] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        answer = guarded.post_json("/v1/annotate", {"text": ARTICLE})
        assert answer.status == 503
        assert answer.json()["error"]["code"] == "queue_full"
        assert int(answer.headers["retry-after"]) >= 1
    finally:
        thread.join(timeout=60)
    assert hung["answer"].status == 504
    guarded.wait_ready(60)


def test_client_retries_on_503_until_the_worker_is_back(guarded: Server) -> None:
    guarded.wait_ready(60)
    thread = threading.Thread(target=lambda: guarded.post_json(
        "/v1/annotate", {"text": f"{HANG} {ARTICLE}"}))
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while guarded.call("GET", "/readyz").json()["busy"] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        client = Client(f"http://127.0.0.1:{guarded.port}", token=guarded.token, retries=20,
                        max_wait=1.0)
        record = client.annotate(ARTICLE, id="after-retry")
    finally:
        thread.join(timeout=60)
    assert record["id"] == "after-retry"
    assert "Александр Моор" in {entity["name"] for entity in record["entities"]}
    metrics = guarded.call("GET", "/metrics").body.decode()
    assert 'nlp_extract_errors_total{endpoint="/v1/annotate",code="queue_full"}' in metrics


# -- security --------------------------------------------------------------------------------

def test_token_is_required_when_configured(guarded: Server) -> None:
    guarded.wait_ready(60)
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}):
        answer = guarded.call("POST", "/v1/annotate", b'{"text": "abc"}',
                              {"Content-Type": "application/json", **headers}, auth=False)
        assert answer.status == 401 and answer.headers["www-authenticate"] == "Bearer"
        assert answer.json()["error"]["code"] == "unauthorized"
    assert guarded.call("GET", "/metrics", auth=False).status == 401
    assert guarded.call("GET", "/healthz", auth=False).status == 200  # probes stay open
    good = guarded.post_json("/v1/annotate", {"text": ARTICLE})
    assert good.status == 200
    with pytest.raises(ServerError) as refused:
        Client(f"http://127.0.0.1:{guarded.port}").annotate(ARTICLE)
    assert refused.value.status == 401
    assert "access-control-allow-origin" not in good.headers  # no CORS unless asked


def _serve_refusal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NLP_EXTRACT, "serve", *args], capture_output=True, text=True,
                          timeout=120)


def test_public_host_needs_a_token_or_the_explicit_flag(tmp_path: Path) -> None:
    done = _serve_refusal("--host", "0.0.0.0", "--port", str(free_port()))
    assert done.returncode == 2
    assert "--token-file" in done.stderr and "--insecure-no-auth" in done.stderr
    empty = tmp_path / "token"
    empty.write_text("\n")
    done = _serve_refusal("--token-file", str(empty))
    assert done.returncode == 2 and "empty" in done.stderr
    done = _serve_refusal("--token-file", str(tmp_path / "missing"))
    assert done.returncode == 2 and "cannot read" in done.stderr


def test_missing_extra_is_exit_2_with_the_install_line() -> None:
    code = ("import sys; sys.modules['uvicorn'] = None; sys.argv = ['nlp-extract', 'serve'];"
            "from nlp_extract.cli.app import main; main()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "pip install 'nlp-extract[serve]'" in done.stderr


# -- shutdown --------------------------------------------------------------------------------

def _gauge(server: Server, name: str) -> float:
    metrics = server.call("GET", "/metrics", timeout=10).body.decode()
    return float(next(line.split()[1] for line in metrics.splitlines()
                      if line.startswith(name + " ")))


def factru_texts(count: int) -> list[str]:
    return [path.read_text(encoding="utf-8")
            for path in sorted((DATA / "factru-dev").glob("book_*.txt"))[:count]]


def test_concurrent_requests_batched_together_get_their_own_records(server: Server) -> None:
    texts = factru_texts(12)
    alone = [server.post_json("/v1/annotate", {"id": f"c{i}", "text": text}).body
             for i, text in enumerate(texts)]
    together: dict[int, bytes] = {}

    def send(index: int) -> None:
        together[index] = server.post_json("/v1/annotate",
                                           {"id": f"c{index}", "text": texts[index]}).body

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert [together[index] for index in range(len(texts))] == alone


def test_sigterm_drains_requests_in_flight_and_exits_0(tmp_path: Path) -> None:
    texts = factru_texts(10)
    running = start_server(tmp_path, "--workers", "2", "--batch-size", "2")
    answers: list[Answer | BaseException] = []
    lock = threading.Lock()

    def send(index: int, text: str) -> None:
        try:
            answer: Answer | BaseException = running.post_json(
                "/v1/annotate", {"id": f"drain-{index}", "text": text})
        except BaseException as exc:  # noqa: BLE001 - recorded, asserted below
            answer = exc
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=send, args=item) for item in enumerate(texts)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        in_flight = 0.0
        while time.monotonic() < deadline:  # every request accepted, some not answered yet
            in_flight = _gauge(running, "nlp_extract_requests_in_flight")
            with lock:
                if in_flight + len(answers) >= len(texts):
                    break
            time.sleep(0.02)
        running.process.send_signal(signal.SIGTERM)
        code = running.process.wait(timeout=300)
        for thread in threads:
            thread.join(timeout=60)
    finally:
        running.stop()
    assert in_flight >= 1  # SIGTERM came with requests in flight
    assert code == 0, running.log.read_text()[-2000:]
    assert len(answers) == len(texts)
    assert all(isinstance(a, Answer) and a.status == 200 for a in answers), answers
    assert sorted(a.json()["id"] for a in answers if isinstance(a, Answer)) == sorted(
        f"drain-{index}" for index in range(len(texts)))


def test_two_fillers_at_once_start_one_worker(monkeypatch) -> None:
    """The supervisor and a hung job's replacement may both fill the pool; a spawn awaits its
    connection, so without one filler at a time both saw the worker missing and started two,
    and the server stayed «not ready» (workers 2, expected 1) for good."""
    import asyncio

    from nlp_extract.serve.pool import WorkerPool

    pool = WorkerPool(extractor=None, size=1, queue=4, timeout=None)  # type: ignore[arg-type]

    async def spawn() -> None:
        await asyncio.sleep(0)  # the connection being opened: the other filler runs here
        pool.workers.append(object())  # type: ignore[arg-type]

    monkeypatch.setattr(pool, "_spawn", spawn)

    async def both() -> None:
        await asyncio.gather(pool._fill(), pool._fill())

    asyncio.run(both())
    assert len(pool.workers) == 1
