"""Counters for ``GET /metrics``, written in the Prometheus text format (0.0.4) by hand."""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
RATE_WINDOW = 60.0  # seconds over which articles per second is measured


@dataclass
class Metrics:
    requests: Counter[tuple[str, int]] = field(default_factory=Counter)
    errors: Counter[tuple[str, str]] = field(default_factory=Counter)
    buckets: Counter[tuple[str, float]] = field(default_factory=Counter)
    latency_sum: Counter[str] = field(default_factory=Counter)
    latency_count: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    _recent: deque[tuple[float, int]] = field(default_factory=deque)

    def observe(self, endpoint: str, status: int, seconds: float) -> None:
        self.requests[(endpoint, status)] += 1
        self.latency_sum[endpoint] += seconds
        self.latency_count[endpoint] += 1
        for bound in LATENCY_BUCKETS:
            if seconds <= bound:
                self.buckets[(endpoint, bound)] += 1

    def error(self, endpoint: str, code: str) -> None:
        self.errors[(endpoint, code)] += 1

    def annotated(self, count: int) -> None:
        self.articles += count
        now = time.monotonic()
        self._recent.append((now, count))
        self._trim(now)

    def _trim(self, now: float) -> None:
        while self._recent and self._recent[0][0] < now - RATE_WINDOW:
            self._recent.popleft()

    def articles_per_second(self) -> float:
        now = time.monotonic()
        self._trim(now)
        return sum(count for _, count in self._recent) / RATE_WINDOW

    def render(self, *, queue_depth: int, in_flight: int, workers: int, busy: int,
               restarts: int, ready: bool, jobs: int, job_articles: int) -> str:
        lines = [
            "# HELP nlp_extract_requests_total HTTP requests answered, by endpoint and status.",
            "# TYPE nlp_extract_requests_total counter",
        ]
        lines += [f'nlp_extract_requests_total{{endpoint="{endpoint}",status="{status}"}} {n}'
                  for (endpoint, status), n in sorted(self.requests.items())]
        lines += ["# HELP nlp_extract_errors_total Errors answered (requests and batch "
                  "articles), by endpoint and code.",
                  "# TYPE nlp_extract_errors_total counter"]
        lines += [f'nlp_extract_errors_total{{endpoint="{endpoint}",code="{code}"}} {n}'
                  for (endpoint, code), n in sorted(self.errors.items())]
        lines += ["# HELP nlp_extract_request_seconds Time from request to answer.",
                  "# TYPE nlp_extract_request_seconds histogram"]
        for endpoint in sorted(self.latency_count):
            for bound in LATENCY_BUCKETS:
                lines.append(f'nlp_extract_request_seconds_bucket{{endpoint="{endpoint}",'
                             f'le="{bound:g}"}} {self.buckets[(endpoint, bound)]}')
            lines += [f'nlp_extract_request_seconds_bucket{{endpoint="{endpoint}",le="+Inf"}} '
                      f'{self.latency_count[endpoint]}',
                      f'nlp_extract_request_seconds_sum{{endpoint="{endpoint}"}} '
                      f'{self.latency_sum[endpoint]:.6f}',
                      f'nlp_extract_request_seconds_count{{endpoint="{endpoint}"}} '
                      f'{self.latency_count[endpoint]}']
        gauges = (
            ("articles_total", "counter", "Articles annotated.", self.articles),
            ("articles_per_second", "gauge",
             f"Articles annotated per second over the last {RATE_WINDOW:g} s.",
             round(self.articles_per_second(), 3)),
            ("queue_depth", "gauge", "Requests waiting for a worker.", queue_depth),
            ("requests_in_flight", "gauge", "Requests waiting or being annotated.",
             in_flight),
            ("jobs_total", "counter", "Jobs sent to workers (waiting requests taken together).",
             jobs),
            ("job_articles_total", "counter", "Articles in the jobs sent to workers.",
             job_articles),
            ("workers", "gauge", "Worker processes alive.", workers),
            ("workers_busy", "gauge", "Worker processes annotating.", busy),
            ("worker_restarts_total", "counter",
             "Workers replaced (died, hung past the deadline, stopped).", restarts),
            ("ready", "gauge", "1 when the models are loaded and every worker is alive.",
             int(ready)),
        )
        for name, kind, text, value in gauges:
            lines += [f"# HELP nlp_extract_{name} {text}", f"# TYPE nlp_extract_{name} {kind}",
                      f"nlp_extract_{name} {value}"]
        return "\n".join(lines) + "\n"
