"""A bounded load test of ``kg serve``: many concurrent named queries for a fixed time, on 127.0.0.1.

    python scripts/load_test.py --store kg-store --duration 20 --concurrency 16
    python scripts/load_test.py --url http://127.0.0.1:8700 --duration 10

With ``--store`` it starts ``kg serve`` on a free port itself (and stops it); with ``--url`` it uses a
running server, which must be on this machine. Each client thread sends GET /queries/NAME?params in turn
(the mix in :data:`MIX`, parameters filled from the store's own plans, agencies and measures) and waits for
the answer; the report gives requests, errors (anything but a 200, or no answer), throughput and the
latency percentiles. It exits non-zero when a request failed. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# (named query, parameters); "{plan}", "{agency}" and "{measure}" are filled in from the server's data.
MIX = [
    ("plan_summaries", {}),
    ("agencies_for_hazard", {"hazard": "flood"}),
    ("deadlines_between", {"from": "2019-01-01", "to": "2022-12-31"}),
    ("agency_workload", {}),
    ("agency_workload", {"agency": "{agency}"}),
    ("hazards_by_plan", {}),
    ("measures_without_agency", {"plan": "{plan}"}),
    ("measures_without_deadline", {}),
    ("targets", {"unit": "%"}),
    ("agencies_together", {}),
    ("measures_with_keyword", {"keyword": "应急"}),
    ("agency_profile", {"agency": "{agency}"}),
    ("measure_profile", {"measure": "{measure}"}),
    ("plan_timeline", {"plan": "{plan}"}),
]
JSON = "application/sparql-results+json"


@dataclass
class LoadReport:
    """What a load test measured."""

    duration: float
    concurrency: int
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    @property
    def throughput(self) -> float:
        return self.requests / self.duration if self.duration else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def summary(self) -> str:
        failed = ", ".join(f"{reason}: {count}" for reason, count in self.errors.most_common()) or "none"
        median = statistics.median(self.latencies) if self.latencies else float("nan")
        return (f"{self.requests} requests in {self.duration:.1f} s from {self.concurrency} clients: "
                f"{self.throughput:.1f} requests/s; latency p50 {median * 1000:.0f} ms, "
                f"p95 {self.percentile(0.95) * 1000:.0f} ms, "
                f"max {max(self.latencies, default=0) * 1000:.0f} ms; errors: {failed}")


def _get(url: str, timeout: float) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": JSON})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # a local http URL
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def sample_values(base_url: str) -> dict[str, str]:
    """A plan, an agency and a measure of the served store, to fill the mix's parameters."""
    query = ("SELECT ?plan ?agency ?measure WHERE { ?plan emo:hasMeasure ?measure . "
             "?measure emo:leadAgency ?agency } ORDER BY ?measure LIMIT 1")
    status, body = _get(f"{base_url}/sparql?" + urllib.parse.urlencode({"query": query}), 30)
    if status != 200:
        raise RuntimeError(f"{base_url} answered {status} to a sample query: {body[:200]!r}")
    (row,) = json.loads(body)["results"]["bindings"]
    return {key: value["value"] for key, value in row.items()}


def request_urls(base_url: str) -> list[str]:
    values = sample_values(base_url)
    urls = []
    for name, params in MIX:
        filled = {key: value.format(**values) for key, value in params.items()}
        urls.append(f"{base_url}/queries/{name}" + (f"?{urllib.parse.urlencode(filled)}" if filled else ""))
    return urls


def run_load(base_url: str, *, duration: float = 10.0, concurrency: int = 8,
             request_timeout: float = 30.0) -> LoadReport:
    """Send the mix from ``concurrency`` threads for ``duration`` seconds; each request is timed."""
    host = urllib.parse.urlsplit(base_url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"{base_url}: the load test only runs against a server on this machine")
    urls = request_urls(base_url)
    report = LoadReport(duration=duration, concurrency=concurrency)
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(offset: int) -> None:
        turn = offset
        while time.monotonic() < stop_at:
            url = urls[turn % len(urls)]
            turn += 1
            started = time.monotonic()
            try:
                status, _ = _get(url, request_timeout)
                reason = None if status == 200 else f"HTTP {status}"
            except OSError as error:
                reason = type(error).__name__
            elapsed = time.monotonic() - started
            with lock:
                if reason is None:
                    report.latencies.append(elapsed)
                else:
                    report.errors[reason] += 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + request_timeout + 5)
    return report


def _start_server(store: Path, workers: int) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0",
               "--workers", str(workers)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("kg serve: http://"):
            return process, line.split()[2].removesuffix("/sparql")
    process.wait()
    raise RuntimeError(f"kg serve did not start (exit code {process.returncode})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running server on this machine, e.g. http://127.0.0.1:8700")
    where.add_argument("--store", type=Path, help="start kg serve on this store for the test")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds (default 10)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="with --store: kg serve --workers (default 2)")
    args = parser.parse_args(argv)
    process = None
    url = args.url
    if args.store is not None:
        process, url = _start_server(args.store, args.workers)
    try:
        report = run_load(url, duration=args.duration, concurrency=args.concurrency)
    finally:
        if process is not None:
            process.terminate()
            process.wait(15)
    print(report.summary())
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
