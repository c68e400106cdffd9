"""``kg serve`` (a SPARQL endpoint over the store) and ``kg push`` (the plans to another triple store)."""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

import click

from kg.cli.options import reports_errors, store_option


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this machine can connect unless you change it.")
@click.option("--port", type=click.IntRange(0, 65535), default=8700, show_default=True,
              help="Port (0: any free one; the address is printed).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10, show_default=True,
              help="Seconds a query may run; a longer one is stopped and answered 503.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (or triples) per result; the rest is cut (header X-Result-Truncated).")
@click.option("--max-body", type=click.IntRange(min=1024), default=1 << 20, show_default=True,
              help="Bytes of a request body.")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=2, show_default=True,
              help="Query worker processes (queries answered at once).")
@click.option("--memory-limit", type=click.IntRange(min=0), default=0, show_default=True,
              help="MiB of address space per worker (0: no limit; POSIX only).")
@click.option("--in-memory", is_flag=True,
              help="Answer from in-memory copies of the store taken at start-up, one per worker: several "
                   "times faster on large stores, at the cost of memory; later builds show after a restart.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name (behind a proxy, or with --host 0.0.0.0); "
                   "'*' answers any; repeatable.")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update (needs --token).")
@click.option("--token", envvar="KG_SERVE_TOKEN",
              help="The bearer token updates must carry (or KG_SERVE_TOKEN).")
@click.option("--no-cors", is_flag=True, help="Do not let pages on other sites read the results.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request to stderr.")
@reports_errors
def serve(store_dir: Path, host: str, port: int, timeout: float, max_rows: int, max_body: int, workers: int,
          memory_limit: int, in_memory: bool, allowed_hosts: tuple[str, ...], allow_update: bool,
          token: str | None, no_cors: bool, verbose: bool) -> None:
    """Serve the store as a SPARQL 1.1 endpoint at /sparql (read-only by default).

    Also /queries (the named queries, parameters as ?name=value) and a page at /. Queries run in worker
    processes and are stopped after --timeout; SERVICE is refused. Stop with Ctrl-C.
    """
    import uvicorn

    from kg.store import Store
    from kg.web.app import ServerConfig, create_app

    if allow_update and (not token or len(token) < 16):
        raise click.UsageError("--allow-update needs --token with at least 16 characters")
    if token and not allow_update:
        raise click.UsageError("--token is only for --allow-update")
    if in_memory and allow_update:
        raise click.UsageError("--in-memory serves a copy, which updates would not reach: choose one")
    with Store(store_dir, read_only=True):
        pass  # a missing or foreign store is one clear error here, not a failure in every worker
    sock = _bind(host, port)
    config = ServerConfig(store=store_dir, host=host, port=sock.getsockname()[1], timeout=timeout,
                          max_rows=max_rows, max_body=max_body, workers=workers,
                          memory_limit_mb=memory_limit, in_memory=in_memory, allow_update=allow_update,
                          token=token, allowed_hosts=allowed_hosts, cors=not no_cors)

    def ready() -> None:
        mode = "read-write with the token" if allow_update else "read-only"
        if in_memory:
            mode += ", in memory"
        click.echo(f"kg serve: {config.url}/sparql ({mode}, {timeout:g} s and {max_rows} rows per query, "
                   f"{workers} workers); Ctrl-C stops", err=True)

    app = create_app(config, on_ready=ready)
    server = uvicorn.Server(uvicorn.Config(app, log_level="info" if verbose else "warning",
                                           access_log=verbose, limit_concurrency=64 + 8 * workers,
                                           timeout_keep_alive=5, server_header=False, date_header=True))
    server.run(sockets=[sock])
    if server.started:
        exit_without_waiting_for_threads()


def exit_without_waiting_for_threads() -> None:
    """End the process now if threads of it still run: a page being computed in the server process (the
    explorer's) cannot be stopped, and Ctrl-C must not leave it running on; the query workers, which can
    be stopped, have been by now."""
    lingering = [thread for thread in threading.enumerate()
                 if thread.is_alive() and not thread.daemon and thread is not threading.main_thread()]
    if lingering:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error} "
                                   "(another server on this port? try --port 0)") from error
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@click.command()
@store_option
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/DATASET/data (Fuseki).")
@click.option("--plan", "plans", multiple=True, help="Only this plan (IRI, id or source); repeatable.")
@click.option("--user", help="User name for HTTP Basic authentication.")
@click.option("--password", envvar="KG_PUSH_PASSWORD",
              help="Password (or KG_PUSH_PASSWORD; asked if missing).")
@click.option("--token", envvar="KG_PUSH_TOKEN", help="Bearer token (or KG_PUSH_TOKEN).")
@click.option("--no-ontology", is_flag=True, help="Do not send the ontology graph.")
@reports_errors
def push(store_dir: Path, endpoint: str, plans: tuple[str, ...], user: str | None, password: str | None,
         token: str | None, no_ontology: bool) -> None:
    """Push plans to a triple store (SPARQL 1.1 Graph Store Protocol): each plan's graph is replaced there."""
    from kg.store import Store
    from kg.store.push import push as push_graphs

    if user and token:
        raise click.UsageError("give --user/--password or --token, not both")
    if user and password is None:
        password = click.prompt(f"password for {user}", hide_input=True, err=True)
    with Store(store_dir, read_only=True) as store:
        sent = push_graphs(store, endpoint, plans=plans, ontology=not no_ontology, user=user,
                           password=password, token=token)
    for pushed in sent:
        click.echo(f"pushed <{pushed.graph}>: {pushed.triples} triples (HTTP {pushed.status})")
