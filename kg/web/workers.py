"""Queries in worker processes that can be killed: the time limit of ``kg serve`` is a real cut-off.

pyoxigraph cannot cancel a running query, and a query that spends its time before its first row (a sort or
a count over a cross join of everything) would hold a thread, and a CPU, until it finished. So the server
sends each query to one of a few worker processes (:class:`QueryPool`). A worker runs it, collects at most
``max_rows`` rows, serialises them in the negotiated format and sends back the whole answer: a client gets
either a complete result with status 200 or an error status, never a 200 with an error after the rows.
When the time is up, the worker is killed and replaced, and the request gets a 503.

Each worker opens the store read-only and re-opens it when the files in the store folder change, so what a
``kg build`` writes into a served store shows up in the answers. pyoxigraph calls a read-only open while
another process writes "undefined behaviour": the open tries again (:class:`kg.store.Store`), a query that
trips over it is retried once after re-opening, and a worker that dies is replaced: the server as a whole
keeps answering.

With ``kg serve --in-memory`` the server first dumps the store to an N-Quads file (:func:`take_snapshot`)
and each worker bulk-loads it into memory (:class:`SnapshotStore`): on RocksDB every look-up of a query
costs tens of microseconds, so queries that visit every measure of a million-triple store take seconds on
disk and a tenth of that in memory. A snapshot does not follow later writes; a replaced worker loads the
same file again.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError, QuerySyntaxError, QueryTimeout, StoreError

__all__ = ["FollowingStore", "Job", "Outcome", "QueryPool", "SnapshotStore", "run_job", "take_snapshot"]

TEXT = "text/plain; charset=utf-8"
# A worker gets this much longer than the query's own time limit to answer with a timeout of its own
# (it checks the clock between rows) before it is killed.
GRACE_SECONDS = 0.5
# How long a new worker may take to open the store, or to load an in-memory snapshot of it.
START_SECONDS = 60
SNAPSHOT_START_SECONDS = 900


@dataclass(frozen=True)
class Job:
    """A query for a worker: SPARQL text, or a named query with parameter values (name -> text)."""

    sparql: str | None = None
    name: str | None = None
    values: tuple[tuple[str, str], ...] = ()
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int | None = None
    timeout: float | None = None


@dataclass(frozen=True)
class Outcome:
    """A complete HTTP answer: status, Content-Type, body and extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> Outcome:
        return cls(status, TEXT, (message.rstrip("\n") + "\n").encode("utf-8"))


# --- in the worker ---------------------------------------------------------------------------------


def _fingerprint(path: Path) -> tuple[tuple[str, int, int], ...] | None:
    """Names, sizes and times of the store's files (RocksDB's LOG files aside): changes when it is written."""
    try:
        entries = []
        for entry in os.scandir(path):
            if not entry.name.startswith("LOG"):
                stat = entry.stat()
                entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
        return tuple(sorted(entries))
    except OSError:  # a file went away while we looked: the store is being written
        return None


class FollowingStore:
    """A read-only :class:`kg.store.Store` that is re-opened when the store on disk changes."""

    def __init__(self, path: Path | str) -> None:
        from kg.store import Store

        self.path = Path(path)
        self._mark = _fingerprint(self.path)
        self._store = Store(self.path, read_only=True)  # it tries again while a writer replaces files

    def current(self) -> Any:
        """The store, re-opened first if its files changed (if that fails, the previous one: next time)."""
        mark = _fingerprint(self.path)
        if mark != self._mark:
            self.reopen(mark)
        return self._store

    def reopen(self, mark: Any = None) -> None:
        from kg.store import Store

        # When a writer is between files the open fails (after trying again): the old handle still answers,
        # the next query retries.
        with contextlib.suppress(StoreError):
            self._store = Store(self.path, read_only=True)
            self._mark = mark if mark is not None else _fingerprint(self.path)


def take_snapshot(store_path: Path | str, folder: Path | str) -> Path:
    """Dump every quad of the store at ``store_path`` into ``folder``/snapshot.nq (what the store holds at
    the moment it is opened, even while a build writes to it); returns the file."""
    import pyoxigraph

    from kg.store import Store

    target = Path(folder) / "snapshot.nq"
    with Store(store_path, read_only=True) as store:
        store.raw.dump(str(target), format=pyoxigraph.RdfFormat.N_QUADS)
    return target


class SnapshotStore:
    """An in-memory, read-only :class:`kg.store.Store` loaded from a :func:`take_snapshot` file; it answers
    the same as the store on disk did when the snapshot was taken, and never changes."""

    def __init__(self, snapshot: Path | str) -> None:
        import pyoxigraph

        from kg.store import Store

        self.path = Path(snapshot)
        self._store = Store(read_only=True)  # in memory and empty: the ontology comes with the snapshot
        try:
            # Not transactional, which is fine for a fresh private store: it is used only once loaded.
            self._store.raw.bulk_load(path=str(self.path), format=pyoxigraph.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"cannot load the snapshot {self.path} into memory: {error}") from error

    def current(self) -> Any:
        return self._store

    def reopen(self, mark: Any = None) -> None:
        """Nothing to re-open: memory is not replaced under a query."""


class _Unreadable(Exception):
    """The store failed under a query (a writer replaced its files): re-open and try again."""


def run_job(following: FollowingStore | SnapshotStore, job: Job) -> Outcome:
    """Run ``job`` against the store and make the whole answer (used by the workers, and by tests)."""
    try:
        return _answer(following.current(), job)
    except _Unreadable:
        time.sleep(0.05)
        following.reopen()
    try:
        return _answer(following.current(), job)
    except _Unreadable as error:
        return Outcome.error(500, f"the store could not be read: {error}")


def _answer(store: Any, job: Job) -> Outcome:
    from kg.store.named import named_query
    from kg.store.results import execute
    from kg.web.negotiation import negotiate

    try:
        if job.name is not None:
            result = named_query(job.name).run(store, dict(job.values), timeout=job.timeout,
                                               max_rows=job.max_rows, in_thread=False)
        else:
            result = execute(store, job.sparql or "", timeout=job.timeout, max_rows=job.max_rows,
                             in_thread=False, default_graphs=job.default_graphs,
                             named_graphs=job.named_graphs)
    except QuerySyntaxError as error:
        return Outcome.error(400, str(error))
    except QueryTimeout as error:
        return Outcome.error(503, str(error))
    except KGError as error:
        cause = error.__cause__
        if isinstance(cause, OSError) or (isinstance(cause, RuntimeError) and
                                          str(cause).startswith(("Corruption", "IO error"))):
            raise _Unreadable(str(cause)) from error
        return Outcome.error(400, str(error))
    chosen = negotiate(job.accept, result.kind)
    if chosen is None:
        return Outcome.error(406, f"cannot answer in any of {job.accept!r}: a {result.kind.upper()} result "
                                  "comes as " + _offer(result.kind))
    fmt, media_type = chosen
    headers = {"X-Result-Truncated": "true" if result.truncated else "false"}
    if job.max_rows is not None:
        headers["X-Result-Limit"] = str(job.max_rows)
    return Outcome(200, media_type, result.serialize(fmt), headers)


def _offer(kind: str) -> str:
    from kg.web.negotiation import GRAPH_MEDIA, RESULT_MEDIA

    media = GRAPH_MEDIA if kind == "graph" else RESULT_MEDIA
    return ", ".join(value.split(";")[0] for value in media.values())


def _worker_main(connection: Any, store_path: str, memory_limit_mb: int, snapshot: str | None) -> None:
    """The loop of a worker process: receive a job, send its outcome, until the pipe closes."""
    if memory_limit_mb:
        _limit_memory(memory_limit_mb)
    try:
        following = SnapshotStore(snapshot) if snapshot else FollowingStore(store_path)
    except KGError as error:
        connection.send(Outcome.error(500, str(error)))
        return
    connection.send("ready")
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = run_job(following, job)
        except Exception as error:  # the process boundary: a bug answers 500 instead of killing the worker
            outcome = Outcome.error(500, f"the query failed: {type(error).__name__}: {error}")
        connection.send(outcome)


def _limit_memory(megabytes: int) -> None:
    """Cap the worker's address space, so a query that builds a huge result dies alone (POSIX only)."""
    _fewer_malloc_arenas()
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


_M_ARENA_MAX = -8  # glibc's mallopt parameter


def _fewer_malloc_arenas() -> None:
    """glibc reserves up to 64 MiB of address space per thread for its malloc arenas: the store's threads
    alone reserved 0.9 GB, so a capped worker failed to start its threads ("Resource temporarily
    unavailable") before any query. Two arenas serve a worker that runs one query at a time."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        import ctypes
        import ctypes.util

        name = ctypes.util.find_library("c")
        if name and "libc" in name:
            ctypes.CDLL(name).mallopt(_M_ARENA_MAX, 2)


# --- in the server ---------------------------------------------------------------------------------


@dataclass
class _Worker:
    process: Any
    connection: Any


class QueryPool:
    """A fixed number of worker processes answering :class:`Job` s, each at most ``timeout`` seconds."""

    def __init__(self, store_path: Path | str, size: int = 2, memory_limit_mb: int = 0) -> None:
        self.store_path = str(store_path)
        self.size = max(size, 1)
        self.memory_limit_mb = memory_limit_mb
        self.snapshot: str | None = None
        self._context = multiprocessing.get_context("spawn")  # no fork of a process with threads
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._available = threading.Condition()
        self._closed = False

    def start(self, snapshot: Path | None = None) -> None:
        """Start the workers, on the in-memory ``snapshot`` of the store if given (see :func:`take_snapshot`);
        raises :class:`StoreError` when they cannot open the store."""
        self.snapshot = str(snapshot) if snapshot is not None else None
        launched = [self._launch() for _ in range(self.size)]  # side by side: each may load a snapshot
        try:
            for process, connection in launched:
                self._add(self._ready(process, connection))
        except StoreError:
            for process, _ in launched:
                process.kill()
            raise

    def _spawn(self) -> _Worker:
        return self._ready(*self._launch())

    def _launch(self) -> tuple[Any, Any]:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, daemon=True, name="kg-query-worker",
                                        args=(child, self.store_path, self.memory_limit_mb, self.snapshot))
        process.start()
        child.close()
        return process, parent

    def _ready(self, process: Any, connection: Any) -> _Worker:
        """The worker once it says it is ready (a snapshot of a million triples loads in seconds)."""
        wait = START_SECONDS if self.snapshot is None else SNAPSHOT_START_SECONDS
        if not connection.poll(wait):
            process.kill()
            raise StoreError(f"a query worker did not start on {self.store_path} within {wait} s")
        hello = connection.recv()
        if isinstance(hello, Outcome):
            process.join(5)
            raise StoreError(hello.body.decode("utf-8").strip())
        return _Worker(process, connection)

    def _add(self, worker: _Worker) -> None:
        with self._available:
            self._all.append(worker)
            self._idle.append(worker)
            self._available.notify()

    def run(self, job: Job, wait: float) -> Outcome:
        """Answer ``job`` (blocking: call it from a thread). ``wait`` bounds the wait for a free worker."""
        worker = self._acquire(wait)
        if worker is None:
            return Outcome.error(503, "the server is busy: every query worker is taken; try again shortly")
        limit = (job.timeout or 0) + GRACE_SECONDS if job.timeout else None
        try:
            worker.connection.send(job)
            if worker.connection.poll(limit):
                outcome = worker.connection.recv()
                self._release(worker)
                return outcome
            self._replace(worker)
            return Outcome.error(503, f"the query took longer than {job.timeout:g} s and was stopped: "
                                      "narrow it down (a LIMIT, more specific patterns)")
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return Outcome.error(500, "the query worker stopped (out of memory?): the query was not answered")

    def _acquire(self, wait: float) -> _Worker | None:
        deadline = time.monotonic() + wait
        with self._available:
            while not self._idle:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    return None
                self._available.wait(remaining)
            return self._idle.pop()

    def _release(self, worker: _Worker) -> None:
        with self._available:
            self._idle.append(worker)
            self._available.notify()

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in its place (in the background: the answer need not wait)."""
        worker.process.kill()
        worker.process.join(5)
        worker.connection.close()
        with self._available:
            self._all.remove(worker)
            if self._closed:
                return

        def respawn() -> None:
            # If the store went away, the pool shrinks and requests wait (then get a 503) for the others.
            with contextlib.suppress(StoreError):
                replacement = self._spawn()
                with self._available:
                    if self._closed:
                        replacement.process.kill()
                        return
                self._add(replacement)

        threading.Thread(target=respawn, daemon=True, name="kg-query-respawn").start()

    def close(self) -> None:
        """Stop every worker."""
        with self._available:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._available.notify_all()
        for worker in workers:
            worker.connection.close()
            worker.process.kill()
            worker.process.join(5)
