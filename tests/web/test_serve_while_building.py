"""A ``kg serve`` reading while another process writes a plan into the same store (as ``kg build`` does)
keeps answering, and shows the new plan once it is written (its workers re-open the store when its files
change)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import httpx
import pyoxigraph

from kg.rdf import iris
from kg.store import Store

COUNT = "SELECT (COUNT(DISTINCT ?plan) AS ?n) WHERE { ?plan a emo:Plan }"
# What `kg build` does to the store for one document, without the extraction: replace a plan's graph.
WRITER = """
import sys, pyoxigraph
from kg.store import Store
store_dir, plan, path = sys.argv[1:]
quads = pyoxigraph.parse(open(path, "rb").read(), format=pyoxigraph.RdfFormat.N_QUADS)
with Store(store_dir) as store:
    store.add_plan(plan, [(q.subject, q.predicate, q.object) for q in quads])
"""


def test_serving_goes_on_while_another_process_writes(store_copy, start_server, tmp_path):
    with Store(store_copy) as store:  # take one plan out, to be written back while the server runs
        plan = store.resolve_plan("004_fcd55c30be0749a7.txt")
        graph = pyoxigraph.NamedNode(iris.graph_iri(iris.key_of(plan) or ""))
        quads = list(store.raw.quads_for_pattern(None, None, None, graph))
        store.remove_plan(plan)
    saved = tmp_path / "plan.nq"
    saved.write_bytes(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS))

    server = start_server(store_copy, "--timeout", "10")
    answers: list[tuple[int, int | str | None]] = []  # the count, or what went wrong
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            response = httpx.get(server.sparql, params={"query": COUNT}, timeout=30)
            bindings = response.json()["results"]["bindings"] if response.is_success else None
            answers.append((response.status_code,
                            int(bindings[0]["n"]["value"]) if bindings else response.text[:300]))
            time.sleep(0.01)

    reader = threading.Thread(target=ask)
    reader.start()
    try:
        time.sleep(1)
        done = subprocess.run([sys.executable, "-c", WRITER, str(store_copy), plan, str(saved)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (not answers or answers[-1][1] != 2):
            time.sleep(0.1)
        time.sleep(0.5)
    finally:
        stop.set()
        reader.join(60)
        server.stop()
    assert len(answers) >= 10
    assert all(status == 200 for status, _ in answers), [a for a in answers if a[0] != 200][:5]
    counts = [plans for _, plans in answers]
    assert counts[0] == 1 and counts[-1] == 2
    assert counts == sorted(counts)  # never back to an older state
