"""``nlp-extract serve`` under load, on loopback only, against ``nlp-extract annotate``.

The same RT-sized news articles (data/news-stories: 598 items of 2017, ~2-4 KB each, with
their titles) go

1. through ``nlp-extract annotate --workers W`` as a JSON Lines corpus, before and after the
   server's run (the machine may be shared: the mean of both is the reference): articles per
   second measured as the difference between a run on all articles and a run on one article
   (so model loading and start-up cancel out, as they are outside the server's measurement).
   The corpus holds the articles ``--cli-passes`` times (3; ids made distinct): the server is
   measured after its warm-up, cycling through the same articles, so its workers' caches
   (lemmas, inflections, vectors) are warm; the CLI's workers start cold, and one pass over
   the articles would count their warm-up against the CLI alone;
2. through ``nlp-extract serve --workers W`` from C concurrent keep-alive clients for D
   seconds (after a warm-up), one article per request.

Prints the zero-error check, server throughput and its ratio to the CLI's (per wall second and
per CPU-second of the processes doing the work: on a shared machine the second is the steadier
comparison), p50/p99 latency,
and the memory of the server and its workers (RSS and PSS: workers share the model pages)
after the warm-up and after the run. Every wait is bounded; the server is always stopped.

    python benchmarks/serve.py [--duration 60] [--clients 32] [--workers 2] [--warmup 10]
                               [--cli-passes 3] [--batch-size 16]
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT / "data" / "news-stories" / "news_8_noise3.csv"
NLP_EXTRACT = shutil.which("nlp-extract") or str(Path(sys.executable).parent / "nlp-extract")


def load_articles(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    header, body = rows[0], rows[1:]
    column = {name: index for index, name in enumerate(header)}
    return [{"id": row[column["ID сообщения"]], "title": row[column["Заголовок"]],
             "text": row[column["Текст"]]} for row in body if row[column["Текст"]].strip()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- the CLI -------------------------------------------------------------------------------

def cli_seconds(articles: list[dict[str, str]], workers: int, folder: Path
                ) -> tuple[float, float]:
    corpus = folder / f"corpus-{len(articles)}.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                      encoding="utf-8")
    out = folder / f"out-{len(articles)}"
    cpu = _children_cpu()
    started = time.perf_counter()
    subprocess.run([NLP_EXTRACT, "annotate", str(corpus), "--out", str(out), "--format",
                    "jsonl", "--workers", str(workers), "--no-progress",
                    "--no-learn-boilerplate"], check=True, capture_output=True, timeout=3600)
    return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_throughput(articles: list[dict[str, str]], workers: int, passes: int
                   ) -> tuple[float, float]:
    """Articles per wall second and per CPU second (the CLI and its workers) of the CLI,
    from a run on every article ``passes`` times minus a run on one."""
    corpus = [dict(article, id=f"{article['id']}-{number}") for number in range(passes)
              for article in articles]
    with tempfile.TemporaryDirectory(prefix="bench-serve-cli-") as folder:
        one, one_cpu = cli_seconds(corpus[:1], workers, Path(folder))
        everything, all_cpu = cli_seconds(corpus, workers, Path(folder))
    return ((len(corpus) - 1) / max(1e-9, everything - one),
            (len(corpus) - 1) / max(1e-9, all_cpu - one_cpu))


# -- the server ----------------------------------------------------------------------------

def memory_mb(pids: list[int]) -> dict[str, float]:
    """Summed RSS and PSS (shared pages divided among their sharers) of ``pids``."""
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return {"rss_mb": rss / 1024, "pss_mb": pss / 1024}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def family(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *map(int, children)]


class Load:
    """C threads, each with a keep-alive connection, sending articles until ``stop``."""

    def __init__(self, port: int, articles: list[dict[str, str]], clients: int) -> None:
        self.port = port
        self.bodies = [json.dumps(a, ensure_ascii=False).encode("utf-8") for a in articles]
        self.clients = clients
        self.latencies: list[float] = []
        self.statuses: dict[int | str, int] = {}
        self.lock = threading.Lock()
        self.stop_at = 0.0

    def run(self, seconds: float) -> float:
        self.stop_at = time.monotonic() + seconds
        threads = [threading.Thread(target=self._client, args=(index,), daemon=True)
                   for index in range(self.clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 600)
        return time.perf_counter() - started

    def _client(self, index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        position = index * 17
        while time.monotonic() < self.stop_at:
            body = self.bodies[position % len(self.bodies)]
            position += 1
            began = time.perf_counter()
            try:
                connection.request("POST", "/v1/annotate", body=body,
                                   headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                status: int | str = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            elapsed = time.perf_counter() - began
            with self.lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status == 200:
                    self.latencies.append(elapsed)
        connection.close()


def wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server exited before it was ready")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server was not ready within {timeout} s")


def serve_run(articles: list[dict[str, str]], args: argparse.Namespace) -> dict[str, Any]:
    port = free_port()
    process = subprocess.Popen([NLP_EXTRACT, "serve", "--port", str(port), "--workers",
                                str(args.workers), "--queue", str(args.clients),
                                "--batch-size", str(args.batch_size)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, process)
        Load(port, articles, args.clients).run(args.warmup)
        warm = memory_mb(family(process.pid))
        load = Load(port, articles, args.clients)
        workers = family(process.pid)[1:]
        server_cpu, own_cpu = cpu_seconds(process.pid), time.process_time()
        workers_cpu = sum(map(cpu_seconds, workers))
        seconds = load.run(args.duration)
        server_cpu = cpu_seconds(process.pid) - server_cpu
        own_cpu = time.process_time() - own_cpu
        workers_cpu = sum(map(cpu_seconds, workers)) - workers_cpu
        after = memory_mb(family(process.pid))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/metrics")
        counters = {line.split()[0]: float(line.split()[1]) for line in
                    connection.getresponse().read().decode().splitlines()
                    if line.startswith(("nlp_extract_jobs_total", "nlp_extract_job_articles"))}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait(timeout=30)
    latencies = sorted(load.latencies)
    return {"seconds": seconds, "statuses": load.statuses, "ok": len(latencies),
            "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
            "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else None,
            "warm": warm, "after": after, "exit_code": code, "server_cpu": server_cpu,
            "clients_cpu": own_cpu, "workers_cpu": workers_cpu,
            "per_job": counters["nlp_extract_job_articles_total"]
            / max(1.0, counters["nlp_extract_jobs_total"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of warm-up load")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cli-passes", type=int, default=3,
                        help="times the CLI's corpus holds the articles (warm caches, as the "
                             "server's after its warm-up)")
    parser.add_argument("--batch-size", type=int, default=16,
                        help="the server's --batch-size (articles a worker takes together)")
    args = parser.parse_args()
    articles = load_articles(args.csv)
    chars = statistics.mean(len(a["text"]) for a in articles)
    print(f"{len(articles)} articles of {args.csv.name}, {chars:.0f} characters on average; "
          f"{args.workers} workers (--batch-size {args.batch_size}), {args.clients} clients, "
          f"{args.duration:g} s "
          f"(after {args.warmup:g} s warm-up); {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at start")
    before, before_cpu = cli_throughput(articles, args.workers, args.cli_passes)
    result = serve_run(articles, args)
    later, later_cpu = cli_throughput(articles, args.workers, args.cli_passes)
    cli, cli_cpu = (before + later) / 2, (before_cpu + later_cpu) / 2
    print(f"nlp-extract annotate --workers {args.workers} ({args.cli_passes} x "
          f"{len(articles)} articles): {before:.1f} articles/s before the "
          f"server's run, {later:.1f} after: {cli:.1f} on average; {cli_cpu:.1f} articles "
          f"per CPU-second ({before_cpu:.1f}, {later_cpu:.1f})")
    errors = {k: v for k, v in result["statuses"].items() if k != 200}
    rate = result["ok"] / result["seconds"]
    print(f"nlp-extract serve --workers {args.workers}: {result['ok']} articles in "
          f"{result['seconds']:.1f} s = {rate:.1f} articles/s ({100 * rate / cli:.0f}% of "
          f"the CLI's)")
    print(f"  articles per worker job (requests taken together): {result['per_job']:.1f} on "
          "average")
    per_cpu = result["ok"] / max(1e-9, result["workers_cpu"] + result["server_cpu"])
    print(f"  per CPU-second (server and workers): {per_cpu:.1f} articles "
          f"({100 * per_cpu / cli_cpu:.0f}% of the CLI's; not skewed by other load)")
    print(f"CPU during the run: server process (event loop) {result['server_cpu']:.1f} s, "
          f"the {args.clients} load clients {result['clients_cpu']:.1f} s, of "
          f"{result['seconds'] * (os.cpu_count() or 1):.0f} CPU-seconds on the machine")
    print(f"errors: {sum(errors.values())} {errors if errors else '(none)'}")
    print(f"latency: p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms")
    warm, after = result["warm"], result["after"]
    print(f"memory (server + workers): after warm-up RSS {warm['rss_mb']:.0f} MB, PSS "
          f"{warm['pss_mb']:.0f} MB; after the run RSS {after['rss_mb']:.0f} MB "
          f"({100 * (after['rss_mb'] / warm['rss_mb'] - 1):+.1f}%), PSS "
          f"{after['pss_mb']:.0f} MB ({100 * (after['pss_mb'] / warm['pss_mb'] - 1):+.1f}%)")
    print(f"server exit status after SIGTERM: {result['exit_code']}; load average at end "
          f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
