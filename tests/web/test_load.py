"""A short, bounded load test (scripts/load_test.py) against a real server: many concurrent named queries
for a few seconds, no errors. ``python scripts/load_test.py --store DIR`` runs the long version."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import load_module

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "load_test.py"


@pytest.fixture(scope="module")
def load_test():
    return load_module("load_test", SCRIPT)


def test_concurrent_named_queries_give_no_errors(served, load_test):
    report = load_test.run_load(served.url, duration=3.0, concurrency=6)
    print(report.summary())  # throughput and p95, shown with pytest -s
    assert not report.errors, report.summary()
    assert report.requests >= 20
    assert report.percentile(0.95) < 3.0  # every one well inside the server's 3 s limit
    mixed = {name for name, _ in load_test.MIX}
    assert {"agencies_for_hazard", "deadlines_between", "agency_profile"} <= mixed


def test_the_load_test_stays_on_this_machine(load_test):
    with pytest.raises(ValueError, match="only runs against a server on this machine"):
        load_test.run_load("http://example.org:8700", duration=1)
