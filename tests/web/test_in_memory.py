"""``kg serve --in-memory``: workers answer from an in-memory snapshot of the store, the same answers as
from the store on disk, a snapshot that later builds do not change, a temporary file that goes when the
server stops, and a worker cut off for time that comes back with the snapshot."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from kg.builder import build
from kg.cli import cli
from kg.store import Store
from kg.web.app import ServerConfig, Site, create_app
from kg.web.workers import FollowingStore, Job, SnapshotStore, run_job, take_snapshot

PLANS = "SELECT ?source WHERE { ?plan a emo:Plan ; dcterms:source ?source } ORDER BY ?source"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SERVED = ("--timeout", "3", "--max-rows", "200", "--max-body", "65536", "--workers", "2")


@pytest.fixture(scope="module")
def in_memory(web_store, start_server):
    return start_server(web_store, *SERVED, "--in-memory")


def sources(server) -> list[str]:
    response = httpx.get(server.sparql, params={"query": PLANS}, timeout=30)
    assert response.status_code == 200, response.text
    return [row["source"]["value"] for row in response.json()["results"]["bindings"]]


def test_a_snapshot_holds_every_quad_of_the_store(web_store, tmp_path):
    snapshot = SnapshotStore(take_snapshot(web_store, tmp_path))
    with Store(web_store, read_only=True) as disk:
        assert set(snapshot.current().raw) == set(disk.raw)
        assert len(snapshot.current()) == len(disk) > 5_000
    job = Job(name="hazards_by_plan", accept="text/csv")
    answer = run_job(snapshot, job)
    assert answer.status == 200 and answer.body.count(b"\n") > 2
    assert answer.body == run_job(FollowingStore(web_store), job).body


@pytest.mark.parametrize("params", [
    {"query": PLANS},
    {"query": PER_GRAPH},
    {"query": "CONSTRUCT { ?m emo:leadAgency ?a } WHERE { ?m emo:leadAgency ?a } ORDER BY ?m ?a"},
    {"query": "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"},  # cut at 200 rows, both the same
])
def test_answers_are_those_of_the_store_on_disk(served, in_memory, params):
    on_disk = httpx.get(served.sparql, params=params, headers={"Accept": "text/csv, application/n-triples"},
                        timeout=30)
    in_ram = httpx.get(in_memory.sparql, params=params, headers={"Accept": "text/csv, application/n-triples"},
                       timeout=30)
    assert on_disk.status_code == in_ram.status_code == 200
    assert in_ram.content == on_disk.content and len(in_ram.content) > 50
    assert in_ram.headers["x-result-truncated"] == on_disk.headers["x-result-truncated"]


@pytest.mark.parametrize("path", ["/queries/hazards_by_plan", "/queries/plan_summaries",
                                  "/queries/agencies_for_hazard?hazard=flood"])
def test_named_queries_are_answered_the_same(served, in_memory, path):
    on_disk = httpx.get(served.url + path, headers={"Accept": "text/csv"}, timeout=30)
    in_ram = httpx.get(in_memory.url + path, headers={"Accept": "text/csv"}, timeout=30)
    assert on_disk.status_code == in_ram.status_code == 200
    assert in_ram.text == on_disk.text and in_ram.text.count("\n") > 2


def test_the_start_line_and_the_plain_index_page_say_in_memory(in_memory, web_store):
    assert any("in memory" in line for line in in_memory.stderr)
    config = ServerConfig(store=web_store, workers=1, in_memory=True)
    app = create_app(config, route_modules=("kg.web.sparql",))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert "in-memory copy of the store" in client.get("/").text
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"}).json()["boolean"] is True


def test_a_snapshot_keeps_the_store_as_it_was_and_its_file_goes_at_stop(store_copy, samples_dir,
                                                                           start_server, tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = start_server(store_copy, "--in-memory", "--workers", "1", env={"TMPDIR": str(temporary)})
    before = sources(server)
    assert [path.name for path in temporary.iterdir()] != []  # the snapshot, while the server runs
    report = build([samples_dir / "001_a2f109246e3c497f.txt"], store=store_copy)
    assert len(report.built) == 1
    assert sources(server) == before and len(before) == 2
    server.stop()
    assert list(temporary.iterdir()) == []


def test_a_worker_cut_off_for_time_comes_back_with_the_snapshot(web_store, start_server):
    server = start_server(web_store, "--in-memory", "--workers", "1", "--timeout", "1")
    outcome: dict = {}

    def slow() -> None:
        response = httpx.post(server.sparql, data={"query": CROSS_JOIN}, timeout=60)
        outcome.update(status=response.status_code, text=response.text)

    thread = threading.Thread(target=slow)
    thread.start()
    thread.join(60)
    assert outcome["status"] == 503 and "took longer than 1 s" in outcome["text"]
    deadline = time.monotonic() + 60
    while True:  # "busy" until the replacement has loaded the snapshot
        response = httpx.get(server.sparql, params={"query": PLANS}, timeout=30)
        if response.status_code != 503 or time.monotonic() > deadline:
            break
        assert "busy" in response.text
        time.sleep(0.2)
    assert response.status_code == 200, response.text
    assert [row["source"]["value"] for row in response.json()["results"]["bindings"]] == \
        ["000_384322916ba60cf2.txt", "004_fcd55c30be0749a7.txt"]


def test_in_memory_and_updates_do_not_go_together(web_store):
    result = CliRunner().invoke(cli, ["serve", "--store", str(web_store), "--in-memory", "--allow-update",
                                      "--token", "a-token-of-sixteen-characters"])
    assert result.exit_code == 2 and "--in-memory serves a copy" in result.output
    with pytest.raises(ValueError, match="in-memory"):
        Site(ServerConfig(store=web_store, in_memory=True, allow_update=True, token="x" * 16))
