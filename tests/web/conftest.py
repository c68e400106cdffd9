"""Fixtures of the server tests: real ``kg serve`` processes on 127.0.0.1, on a free port.

- ``web_store``: two sample plans (000, with 25 deadlines; 004, with 110 responsibilities) built once;
- ``served``: a read-only server on it (3 s per query, 200 rows, 64 KiB bodies, two workers);
- ``start_server(store, *options, env=None)``: start another one (the test stops it, or it stops at the
  session end); ``env`` adds environment variables.

A server is started as a subprocess and is ready when it prints ``kg serve: http://127.0.0.1:PORT/sparql``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.builder import build

SAMPLES = ("000_384322916ba60cf2.txt", "004_fcd55c30be0749a7.txt")
START_SECONDS = 60


class Server:
    """A running ``kg serve``: ``url`` (no trailing slash), ``sparql`` (the endpoint), ``stderr`` lines."""

    def __init__(self, store: Path, *options: str, env: dict[str, str] | None = None) -> None:
        command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", *options]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                        encoding="utf-8", env={**os.environ, **(env or {})})
        self.stderr: list[str] = []
        ready = threading.Event()
        self.url = ""

        def read() -> None:
            assert self.process.stderr is not None
            for line in self.process.stderr:
                self.stderr.append(line)
                if line.startswith("kg serve: http://"):
                    self.url = line.split()[2].removesuffix("/sparql")
                    ready.set()

        self._reader = threading.Thread(target=read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + START_SECONDS
        while not ready.wait(0.1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("kg serve did not start:\n" + "".join(self.stderr))
        self.sparql = self.url + "/sparql"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._reader.join(5)
        if self.process.stderr is not None:
            self.process.stderr.close()


@pytest.fixture(scope="session")
def web_store(tmp_path_factory, samples_dir) -> Path:
    folder = tmp_path_factory.mktemp("web") / "store"
    report = build([samples_dir / name for name in SAMPLES], store=folder)
    assert not report.failed, report.summary()
    return folder


@pytest.fixture(scope="session")
def start_server() -> Iterator:
    started: list[Server] = []

    def start(store: Path, *options: str, env: dict[str, str] | None = None) -> Server:
        server = Server(store, *options, env=env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def served(web_store, start_server) -> Server:
    return start_server(web_store, "--timeout", "3", "--max-rows", "200", "--max-body", "65536",
                        "--workers", "2")


@pytest.fixture
def store_copy(web_store, tmp_path) -> Path:
    """A copy of ``web_store`` a test may change."""
    copy = tmp_path / "store"
    shutil.copytree(web_store, copy)
    return copy
