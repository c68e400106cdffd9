"""The ``kg serve`` application: configuration, the shared :class:`Site`, and the route table.

:func:`create_app` collects the routes of each module in :data:`ROUTE_MODULES` that exists, in that order
(see :mod:`kg.web` for the contract), and ends with a small index page at ``/`` that answers only when no
module claimed ``/``. Every request goes through :class:`kg.web.security.Guard` (Host check, body limit,
security headers) and, for browsers on other sites, CORS: anyone may read, nobody else may write.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import importlib
import importlib.util
import inspect
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from kg.errors import QueryError
from kg.web.workers import Job, Outcome, QueryPool, take_snapshot

__all__ = ["ROUTE_MODULES", "LiveStore", "ServerConfig", "Site", "create_app"]

# Modules that add routes, in the order they are matched: each defines ``routes(site) -> list[BaseRoute]``.
ROUTE_MODULES = ("kg.web.sparql", "kg.web.explorer")
JSON_RESULTS = "application/sparql-results+json"


@dataclass(frozen=True)
class ServerConfig:
    """How ``kg serve`` runs (each field has a command-line option of the same name)."""

    store: Path
    host: str = "127.0.0.1"
    port: int = 8700
    timeout: float = 10.0          # seconds a query may run before its worker is killed
    max_rows: int = 10_000         # rows (or triples) of a result; the rest is cut (X-Result-Truncated)
    max_body: int = 1 << 20        # bytes of a request body
    workers: int = 2               # query worker processes
    memory_limit_mb: int = 0       # address-space cap of each worker (0: none; POSIX only)
    in_memory: bool = False        # workers answer from in-memory snapshots of the store taken at start-up
    allow_update: bool = False     # accept SPARQL Update (with the token, from the same origin)
    token: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    cors: bool = True

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


class Site:
    """What route modules get: the configuration and the ways to run queries.

    ``await site.run(job)`` answers a :class:`~kg.web.workers.Job` completely (negotiated format, limits);
    ``await site.records(sparql)`` and ``await site.named_records(name, values)`` give rows as dicts of
    Python values, for pages that render them (both raise :class:`~kg.errors.QueryError`).
    """

    def __init__(self, config: ServerConfig, on_ready: Callable[[], None] | None = None) -> None:
        if config.in_memory and config.allow_update:
            raise ValueError("an in-memory server cannot take updates: they would not reach its snapshots")
        self.config = config
        self.pool = QueryPool(config.store, size=config.workers, memory_limit_mb=config.memory_limit_mb)
        self._on_ready = on_ready
        self._writer: Any = None
        self._update_lock = threading.Lock()
        # Threads that wait for a worker (each at most the time limit); more requests wait for a thread.
        self._waiting = anyio.CapacityLimiter(64)

    async def run(self, job: Job) -> Outcome:
        """The complete answer to ``job``, from a worker process (waiting at most the time limit for one)."""
        return await anyio.to_thread.run_sync(self.pool.run, job, self.config.timeout, limiter=self._waiting)

    async def records(self, sparql: str, *, max_rows: int | None = None) -> list[dict[str, object]]:
        """The rows of a SELECT as dicts of Python values (see :meth:`QueryResult.records`)."""
        return await self._records(Job(sparql=sparql, accept=JSON_RESULTS, timeout=self.config.timeout,
                                       max_rows=max_rows or self.config.max_rows))

    async def named_records(self, name: str,
                            values: Mapping[str, str] | None = None) -> list[dict[str, object]]:
        """The rows of the named query ``name`` with ``values`` (name -> text) bound as terms."""
        return await self._records(Job(name=name, values=tuple((values or {}).items()), accept=JSON_RESULTS,
                                       timeout=self.config.timeout, max_rows=self.config.max_rows))

    async def _records(self, job: Job) -> list[dict[str, object]]:
        import pyoxigraph

        from kg.store.results import collect

        outcome = await self.run(job)
        if outcome.status != 200:
            raise QueryError(outcome.body.decode("utf-8").strip())
        parsed = pyoxigraph.parse_query_results(outcome.body, format=pyoxigraph.QueryResultsFormat.JSON)
        return collect(parsed).records()

    async def update(self, text: str) -> Outcome:
        """Run a SPARQL Update on the writable store (only when the server allows updates)."""
        return await asyncio.to_thread(self._update, text)

    def _update(self, text: str) -> Outcome:
        from kg.rdf.namespaces import PREFIXES
        from kg.store.results import syntax_error

        if self._writer is None:
            return Outcome.error(403, "this endpoint is read-only")
        with self._update_lock:  # one update at a time; an update is not cut off by the time limit
            try:
                self._writer.raw.update(text, prefixes=PREFIXES)
            except SyntaxError as error:
                return Outcome.error(400, str(syntax_error(text, error)))
            except (OSError, RuntimeError, ValueError) as error:
                return Outcome.error(500, f"the update failed: {error}")
        return Outcome(204, "text/plain; charset=utf-8", b"")

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        from kg.store import Store
        from kg.web.workers import FollowingStore

        with contextlib.ExitStack() as resources:
            snapshot = None
            if self.config.in_memory:  # the file stays while the server runs: a replaced worker loads it
                folder = resources.enter_context(tempfile.TemporaryDirectory(prefix="kg-serve-"))
                snapshot = await asyncio.to_thread(take_snapshot, self.config.store, folder)
            await asyncio.to_thread(self.pool.start, snapshot)
            if self.config.allow_update:
                self._writer = Store(self.config.store)
            app.state.store = LiveStore(FollowingStore(self.config.store))
            if self._on_ready is not None:
                self._on_ready()
            try:
                yield
            finally:
                await asyncio.to_thread(self.pool.close)
                if self._writer is not None:
                    self._writer.close()


class LiveStore:
    """``app.state.store``: a read-only :class:`kg.store.Store` that re-opens itself when the store on disk
    changes (attribute access goes to the current handle). Queries on it run in the server process and
    cannot be stopped: use it for fixed, bounded queries only; anything a client writes goes through
    :meth:`Site.run` and the worker processes."""

    def __init__(self, following: Any) -> None:
        self._following = following

    def __getattr__(self, name: str) -> Any:
        return getattr(self._following.current(), name)

    def __len__(self) -> int:
        return len(self._following.current())

    def __repr__(self) -> str:
        return f"<LiveStore {self._following.path}>"


def create_app(config: ServerConfig, *, on_ready: Callable[[], None] | None = None,
               route_modules: tuple[str, ...] = ROUTE_MODULES) -> Starlette:
    """The ASGI application serving ``config.store``; ``on_ready`` is called once the workers are up."""
    from kg.web.security import Guard

    site = Site(config, on_ready=on_ready)
    routes: list[Any] = []
    for name in route_modules:
        if importlib.util.find_spec(name) is not None:
            module_routes = importlib.import_module(name).routes
            takes_site = bool(inspect.signature(module_routes).parameters)
            routes += module_routes(site) if takes_site else module_routes()
    routes.append(Route("/", _index(site), methods=["GET"], name="index"))
    hosts = list(config.allowed_hosts)
    if config.host not in ("0.0.0.0", "::", ""):
        hosts.append(config.host)
    middleware = [Middleware(Guard, allowed_hosts=hosts, max_body=config.max_body)]
    if config.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"], max_age=600,
                                     expose_headers=["X-Result-Truncated", "X-Result-Limit"]))
    app = Starlette(routes=routes, middleware=middleware, lifespan=site.lifespan)
    app.state.site = site
    return app


def _index(site: Site) -> Callable[[Request], Any]:
    async def index(request: Request) -> HTMLResponse:
        from kg.store.named import named_queries

        items = "".join(f"<li><a href=\"/queries/{html.escape(q.name)}\">{html.escape(q.name)}</a>: "
                        f"{html.escape(q.summary)}</li>" for q in named_queries().values())
        mode = "read and write (with the token)" if site.config.allow_update else "read-only"
        if site.config.in_memory:
            mode += ", answered from an in-memory copy of the store as it was when the server started"
        return HTMLResponse(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>emkg</title></head><body>"
            "<h1>emkg</h1><p>A knowledge graph of emergency-management plans. The SPARQL 1.1 endpoint is "
            f"<a href=\"/sparql\">/sparql</a> ({mode}).</p><h2>Named queries</h2><ul>{items}</ul>"
            "</body></html>")

    return index
