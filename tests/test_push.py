"""``kg push`` (kg.store.push) against a real Oxigraph server started by the test (``pip install oxigraph``
gives the ``oxigraph`` command): push the samples, query them there, re-push one plan and see it replaced."""

from __future__ import annotations

import base64
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

import httpx
import pyoxigraph
import pytest
from click.testing import CliRunner

from kg.builder import build
from kg.cli import cli
from kg.rdf import iris
from kg.rdf.namespaces import ONTOLOGY_GRAPH
from kg.store import Store

SAMPLES = ("000_384322916ba60cf2.txt", "003_52c2e25d06de9de7.txt")
DEADLINE = "https://w3id.org/emkg/ontology#hasDeadline"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = (folder / "server.log").open("w")
    process = subprocess.Popen([binary, "serve", "--location", str(folder / "data"), "--bind",
                                f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=2)
            break
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("oxigraph serve did not start: " + (folder / "server.log").read_text())
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(15)
    log.close()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, samples_dir) -> Path:
    folder = tmp_path_factory.mktemp("push") / "store"
    assert not build([samples_dir / name for name in SAMPLES], store=folder).failed
    return folder


def remote_counts(url: str) -> dict[str, int]:
    response = httpx.get(url + "/query", params={"query": PER_GRAPH},
                         headers={"Accept": "application/sparql-results+json"})
    response.raise_for_status()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in response.json()["results"]["bindings"]}


def local_counts(store_dir: Path) -> dict[str, int]:
    with Store(store_dir, read_only=True) as store:
        graphs = [*store.plan_graphs(), ONTOLOGY_GRAPH]
        return {graph: len(list(store.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph))))
                for graph in graphs}


def push(store_dir: Path, url: str, *options: str):
    return kg_push(store_dir, url + "/store", *options)


def kg_push(store_dir: Path, endpoint: str, *options: str):
    return CliRunner().invoke(cli, ["push", "--store", str(store_dir), "--endpoint", endpoint, *options])


def test_push_the_plans_and_query_them_there(oxigraph, store_dir):
    result = push(store_dir, oxigraph)
    assert result.exit_code == 0, result.output
    assert result.output.count("pushed <") == len(SAMPLES) + 1  # and the ontology graph
    assert remote_counts(oxigraph) == local_counts(store_dir)
    # a competency question, answered by the other server (labels and skos:broader* come with the ontology)
    query = """PREFIX emo: <https://w3id.org/emkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
               PREFIX hz: <https://w3id.org/emkg/hazard/>
               SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
                 GRAPH ?g { ?m emo:addressesHazard ?h } GRAPH ?o { ?h skos:broader* hz:natural_disaster } }"""
    remote = httpx.get(oxigraph + "/query", params={"query": query},
                       headers={"Accept": "application/sparql-results+json"}).json()
    with Store(store_dir, read_only=True) as store:
        local = store.select(query)[0]["n"]
    assert int(remote["results"]["bindings"][0]["n"]["value"]) == local > 0


def test_re_pushing_a_plan_replaces_its_graph(oxigraph, store_dir, tmp_path):
    assert push(store_dir, oxigraph).exit_code == 0
    changed = tmp_path / "changed"
    shutil.copytree(store_dir, changed)
    with Store(changed) as store:
        plan = store.resolve_plan(SAMPLES[0])
        graph = iris.graph_iri(iris.key_of(plan) or "")
        store.raw.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ ?m <{DEADLINE}> ?d }} }}")
    before = remote_counts(oxigraph)
    result = push(changed, oxigraph, "--plan", SAMPLES[0], "--no-ontology")
    assert result.exit_code == 0, result.output
    assert result.output.count("pushed <") == 1
    after = remote_counts(oxigraph)
    assert after[graph] == local_counts(changed)[graph] < before[graph]  # replaced, not merged
    assert {g: n for g, n in after.items() if g != graph} == {g: n for g, n in before.items() if g != graph}
    query = f"ASK {{ GRAPH <{graph}> {{ ?m <{DEADLINE}> ?d }} }}"
    ask = httpx.get(oxigraph + "/query", params={"query": query},
                    headers={"Accept": "application/sparql-results+json"}).json()
    assert ask["boolean"] is False


def test_push_errors_are_one_clear_line(store_dir, oxigraph):
    closed = push(store_dir, f"http://127.0.0.1:{free_port()}")
    assert closed.exit_code == 1 and "cannot reach" in closed.output
    not_http = kg_push(store_dir, "file:///etc/passwd")
    assert not_http.exit_code == 1 and "is not an http(s) URL" in not_http.output
    wrong = kg_push(store_dir, oxigraph + "/nothing")
    assert wrong.exit_code == 1 and "the server refused graph" in wrong.output and "HTTP 404" in wrong.output
    unknown = push(store_dir, oxigraph, "--plan", "nothing.txt")
    assert unknown.exit_code == 1 and "no plan 'nothing.txt'" in unknown.output


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, str]]] = []

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append({"path": self.path, "authorization": self.headers.get("Authorization", ""),
                          "type": self.headers.get("Content-Type", "")})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_credentials_are_sent(store_dir):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/data"
    try:
        basic = kg_push(store_dir, url, "--user", "ann", "--password", "pw", "--no-ontology")
        assert basic.exit_code == 0, basic.output
        assert {seen["authorization"] for seen in _Recorder.seen} == {
            "Basic " + base64.b64encode(b"ann:pw").decode()}
        assert all(seen["type"] == "application/n-triples" and seen["path"].startswith("/data?graph=")
                   for seen in _Recorder.seen)
        _Recorder.seen.clear()
        bearer = kg_push(store_dir, url, "--token", "t0k")
        assert bearer.exit_code == 0
        assert {seen["authorization"] for seen in _Recorder.seen} == {"Bearer t0k"}
    finally:
        server.shutdown()
        server.server_close()
