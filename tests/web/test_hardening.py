"""The hardened server, over HTTP on 127.0.0.1: read-only unless told otherwise, a real time limit, no
SERVICE, Host and Origin checks, row and body limits, no path traversal, security headers."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import httpx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.cli.serve import serve

PLANS = "SELECT ?source WHERE { ?plan a emo:Plan ; dcterms:source ?source } ORDER BY ?source"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TOKEN = "s3cret-token-for-the-tests-0123456789"
INSERT = 'INSERT DATA { <urn:kg:test> <urn:kg:says> "hello" }'
ASK = 'ASK { <urn:kg:test> <urn:kg:says> "hello" }'


def raw_get(url: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (no client-side normalisation of ``..``)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or parts.netloc)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- read-only --------------------------------------------------------------------------------------


def test_updates_are_refused_by_default(served):
    form = httpx.post(served.sparql, data={"update": INSERT})
    direct = httpx.post(served.sparql, content=INSERT.encode(),
                        headers={"Content-Type": "application/sparql-update"})
    assert form.status_code == direct.status_code == 403
    assert "read-only" in form.text
    assert httpx.get(served.sparql, params={"update": INSERT}).status_code == 400
    assert httpx.get(served.sparql, params={"query": ASK}).json()["boolean"] is False


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z # a comment\n SERVICE <http://example.org/> { ?s ?p ?o } }",
])
def test_service_is_refused(served, query):
    response = httpx.post(served.sparql, data={"query": query})
    assert response.status_code == 403 and "SERVICE is refused" in response.text


def test_the_word_service_in_text_is_fine(served):
    query = 'SELECT ?service WHERE { BIND("SERVICE <http://x>" AS ?service) } # SERVICE'
    response = httpx.get(served.sparql, params={"query": query})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["service"]["value"] == "SERVICE <http://x>"


# --- limits -----------------------------------------------------------------------------------------------


def test_a_pathological_query_is_cut_off_while_others_are_answered(served):
    outcome: dict = {}

    def slow() -> None:
        started = time.monotonic()
        response = httpx.post(served.sparql, data={"query": CROSS_JOIN}, timeout=60)
        outcome.update(status=response.status_code, text=response.text, seconds=time.monotonic() - started)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    for _ in range(3):  # the other worker answers meanwhile
        started = time.monotonic()
        quick = httpx.get(served.sparql, params={"query": PLANS}, timeout=30)
        assert quick.status_code == 200 and time.monotonic() - started < 2.5
    thread.join(60)
    assert outcome["status"] == 503, outcome  # an error status, never a 200 with an error after the rows
    assert "took longer than 3 s" in outcome["text"]
    assert 3 <= outcome["seconds"] < 3 + 5
    assert httpx.get(served.sparql, params={"query": PLANS}, timeout=30).status_code == 200


def test_rows_are_capped(served):
    response = httpx.get(served.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 200
    assert response.headers["x-result-truncated"] == "true" and response.headers["x-result-limit"] == "200"
    graph = httpx.get(served.sparql, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                      headers={"Accept": "application/n-triples"})
    assert len(graph.text.splitlines()) == 200 and graph.headers["x-result-truncated"] == "true"


def test_request_bodies_are_size_limited(served):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000
    assert httpx.post(served.sparql, data={"query": big}).status_code == 413
    chunks = (part for part in [b"query=SELECT", b"x" * 40_000, b"y" * 40_000])  # no Content-Length
    chunked = httpx.post(served.sparql, content=chunks,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert chunked.status_code == 413
    assert httpx.get(served.sparql, params={"query": PLANS}).status_code == 200


# --- who may ask -----------------------------------------------------------------------------------------


def test_a_foreign_host_header_is_refused(served):
    port = urllib.parse.urlsplit(served.url).port
    status, body = raw_get(served.url, "/sparql?query=ASK%7B%7D", host=f"evil.example:{port}")
    assert status == 400 and b"does not answer to the host" in body
    assert raw_get(served.url, "/sparql?query=ASK%7B%7D", host=f"localhost:{port}")[0] == 200
    assert raw_get(served.url, "/sparql?query=ASK%7B%7D", host=f"[::1]:{port}")[0] == 200


def test_binds_to_127_0_0_1_by_default(served):
    assert served.url.startswith("http://127.0.0.1:")
    assert next(p for p in serve.params if p.name == "host").default == "127.0.0.1"
    port = urllib.parse.urlsplit(served.url).port
    try:
        other = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except OSError:
        other = set()
    for address in other - {"127.0.0.1"}:
        if address.startswith("127."):
            continue
        with pytest.raises(OSError):
            socket.create_connection((address, port), timeout=2).close()


# --- pages and paths -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/sparql/../../setup.cfg", "/%2e%2e/%2e%2e/etc/passwd",
    "/queries/..%2F..%2Fsetup.cfg", "/queries/../../kg/store/queries/plan_summaries.rq",
    "/explore/static/..%2F..%2Fapp.py", "/static/../../kg/web/app.py", "/..%5c..%5csetup.cfg",
])
def test_no_path_reaches_a_file(served, path):
    status, body = raw_get(served.url, path)
    assert status in (400, 404), (path, status)
    for secret in (b"root:", b"[metadata]", b"def create_app", b"SELECT ?plan ?source"):
        assert secret not in body


@pytest.mark.parametrize("path", ["/", "/sparql", "/queries"])
def test_pages_carry_a_content_security_policy(served, path):
    response = httpx.get(served.url + path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


# --- a server that takes updates --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def writable(tmp_path_factory, web_store, start_server):
    import shutil

    copy = tmp_path_factory.mktemp("writable") / "store"
    shutil.copytree(web_store, copy)
    server = start_server(copy, "--allow-update", "--token", TOKEN, "--timeout", "5")
    yield server
    server.stop()


def update(server, body: str = INSERT, **headers: str) -> httpx.Response:
    return httpx.post(server.sparql, content=body.encode(),
                      headers={"Content-Type": "application/sparql-update", **headers})


def test_an_update_needs_the_token(writable):
    missing = update(writable)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    assert update(writable, Authorization="Bearer wrong-token").status_code == 401
    assert update(writable, Authorization=f"Basic {TOKEN}").status_code == 401


def test_an_update_from_another_site_is_refused(writable):
    auth = f"Bearer {TOKEN}"
    assert update(writable, Authorization=auth, Origin="https://evil.example").status_code == 403
    assert update(writable, Authorization=auth, Origin="null").status_code == 403
    assert update(writable, Authorization=auth, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    form = httpx.post(writable.sparql, data={"update": INSERT},
                      headers={"Authorization": auth, "Origin": "http://localhost.evil.example"})
    assert form.status_code == 403


def test_load_and_service_are_refused_in_updates(writable):
    auth = f"Bearer {TOKEN}"
    load = update(writable, "LOAD <http://127.0.0.1:9/data.ttl>", Authorization=auth)
    assert load.status_code == 403 and "LOAD is refused" in load.text


def test_an_authorised_same_origin_update_is_applied(writable):
    assert httpx.get(writable.sparql, params={"query": ASK}).json()["boolean"] is False
    response = update(writable, Authorization=f"Bearer {TOKEN}", Origin=writable.url)
    assert response.status_code == 204, response.text
    assert httpx.get(writable.sparql, params={"query": ASK}).json()["boolean"] is True
    bad = update(writable, "INSERT DATA { <urn:a> }", Authorization=f"Bearer {TOKEN}")
    assert bad.status_code == 400 and "does not parse" in bad.text


def test_serve_refuses_updates_without_a_proper_token(web_store):
    result = CliRunner().invoke(cli, ["serve", "--store", str(web_store), "--allow-update"])
    assert result.exit_code == 2 and "--allow-update needs --token" in result.output
    short = CliRunner().invoke(cli, ["serve", "--store", str(web_store), "--allow-update", "--token", "abc"])
    assert short.exit_code == 2
    stray = CliRunner().invoke(cli, ["serve", "--store", str(web_store), "--token", TOKEN])
    assert stray.exit_code == 2 and "only for --allow-update" in stray.output


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory limit is set with setrlimit")
def test_a_query_that_eats_memory_stops_alone(web_store, start_server):
    server = start_server(web_store, "--memory-limit", "800", "--timeout", "30", "--workers", "1")
    try:
        greedy = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"  # sorts 69 million rows
        response = httpx.post(server.sparql, data={"query": greedy}, timeout=60)
        assert response.status_code == 500 and "the query worker stopped" in response.text
        deadline = time.monotonic() + 30  # a new worker takes its place
        while (answer := httpx.get(server.sparql, params={"query": PLANS}, timeout=60)).status_code != 200:
            assert time.monotonic() < deadline, answer.text
            time.sleep(0.2)
    finally:
        server.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory limit is set with setrlimit")
def test_a_worker_capped_low_still_starts_and_answers(web_store, start_server):
    # the store's threads must not spend the cap on malloc arenas before any query runs
    server = start_server(web_store, "--memory-limit", "400", "--workers", "1")
    try:
        assert httpx.get(server.sparql, params={"query": PLANS}, timeout=60).status_code == 200
    finally:
        server.stop()


def test_a_bad_graph_iri_is_a_client_error(served):
    response = httpx.get(served.sparql, params={"query": PLANS, "default-graph-uri": "not an iri"})
    assert response.status_code == 400 and "is not a graph IRI" in response.text
    assert httpx.get(served.sparql, params={"query": PLANS}).status_code == 200


def test_a_stopped_server_does_not_wait_for_a_page_still_being_computed():
    script = ("import threading, time\n"
              "from kg.cli.serve import exit_without_waiting_for_threads\n"
              "threading.Thread(target=time.sleep, args=(120,)).start()  # an explorer page, say\n"
              "exit_without_waiting_for_threads()\n")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], timeout=60, check=False)
    assert done.returncode == 0 and time.monotonic() - started < 30
