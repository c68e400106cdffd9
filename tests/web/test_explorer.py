"""kg.web.explorer without a socket: Starlette's TestClient on the explorer's routes, over a real store
holding the hand-made plans of tests/views/handmade_views.py (one of them full of markup).
tests/browser/ drives the same page in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote

import pytest

pytest.importorskip("starlette")
from starlette.applications import Starlette
from starlette.testclient import TestClient
from support import load_module

from kg.rdf.namespaces import HZ
from kg.web import explorer

VIEWS_DATA = Path(__file__).resolve().parents[1] / "views" / "handmade_views.py"


def load_views_data() -> ModuleType:
    return load_module("handmade_views", VIEWS_DATA)


@pytest.fixture(scope="module")
def data() -> ModuleType:
    return load_views_data()


@pytest.fixture(scope="module")
def store(data):
    with data.store_with(data.city_plan(), data.hostile_plan()) as store:
        yield store


@pytest.fixture(scope="module")
def client(store) -> Iterator[TestClient]:
    app = Starlette(routes=explorer.routes())
    app.state.store = store
    with TestClient(app) as client:
        yield client


def node_id(client: TestClient, label: str, **params: str) -> str:
    nodes = client.get("/explore/graph", params=params).json()["nodes"]
    return next(node["id"] for node in nodes if node["label"] == label)


def test_page_is_a_fixed_file_with_no_inline_script(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<script src="/explore/static/explorer.js" defer></script>' in page
    assert '<script src="/explore/static/vis-network.min.js" defer></script>' in page
    assert "<script>" not in page and "style=" not in page  # a CSP without 'unsafe-inline' holds
    assert "http://" not in page and "https://" not in page  # nothing from the network


def test_static_files_are_a_fixed_list(client):
    script = client.get("/explore/static/explorer.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert ".innerHTML" not in script.text and ".outerHTML" not in script.text  # textContent only
    vis = client.get("/explore/static/vis-network.min.js")
    assert vis.status_code == 200 and len(vis.content) > 400_000  # pyvis's bundled copy
    assert client.get("/explore/static/vis-network.css").status_code == 200
    for name in ("explorer.py", "..%2Fexplorer.py", "%2E%2E%2F__init__.py", "x.js"):
        assert client.get(f"/explore/static/{name}").status_code == 404
    assert client.get("/explore/static/../explorer.py").status_code == 404


def test_facets(client, data):
    facets = client.get("/explore/facets").json()
    assert {"value": "city.txt", "label": "甲市2024年应急管理工作要点", "place": "甲市"} in facets["plans"]
    assert {place["value"] for place in facets["places"]} == {"甲市", "乙县"}
    flood = next(hazard for hazard in facets["hazards"] if hazard["value"] == "flood")
    assert (flood["zh"], flood["en"]) == ("洪涝", "Flood")
    water = next(function for function in facets["functions"] if function["value"] == "water_resources")
    assert water["zh"] and water["en"]


def test_graph_whole_and_filtered(client, data):
    whole = client.get("/explore/graph").json()
    assert whole["counts"] == {"nodes": 13, "edges": 11, "agencies": 6, "measures": 4, "hazards": 3}
    assert whole["options"]["physics"]["solver"] == "forceAtlas2Based"
    assert {item["key"] for item in whole["legend"]} >= {"agency", "measure", "hazard", "lead", "support"}
    flood = client.get("/explore/graph", params={"hazard": "flood", "plan": "city.txt"}).json()
    assert {node["label"] for node in flood["nodes"]} == \
        {"洪涝", "1. 市应急管理局牵头，市水务…", "甲市应急管理局", "甲市水务局"}
    county = client.get("/explore/graph", params={"place": "乙县", "lang": "en"}).json()
    assert {node["label"] for node in county["nodes"]} >= {"Flood", data.HOSTILE_AGENCY}


def test_a_view_too_large_to_draw_is_refused_before_the_network_is_read(store, monkeypatch):
    import kg.views.graph

    def unread(*args, **kwargs):
        raise AssertionError("the whole network was read")

    monkeypatch.setattr(explorer, "EXPLORER_MAX_NODES", 2)
    monkeypatch.setattr(kg.views.graph, "_read_plan_facts", unread)
    whole = explorer.graph_data(store)  # 4 measures with an agency or a hazard
    assert whole["nodes"] == [] and whole["counts"] == {"nodes": 4} and "narrow the view" in whole["message"]
    assert explorer.graph_data(store, place="甲市")["counts"] == {"nodes": 3}
    monkeypatch.undo()
    monkeypatch.setattr(explorer, "EXPLORER_MAX_NODES", 2)
    county = explorer.graph_data(store, place="乙县")  # one measure, more nodes: counted once drawn
    assert county["nodes"] == [] and county["counts"]["nodes"] > 2


def test_search(client):
    found = client.get("/explore/graph", params={"q": "台风防御"}).json()
    assert {node["label"] for node in found["nodes"]} == \
        {"2. 市气象局负责，汛期前开展…", "甲市气象局", "台风"}
    nothing = client.get("/explore/graph", params={"q": "地震"}).json()
    assert nothing["nodes"] == [] and "nothing in this view mentions '地震'" in nothing["message"]


def test_measure_details_mark_the_evidence_in_the_paragraph(client, store, data):
    measure = node_id(client, "1. 市应急管理局牵头，市水务…")
    details = client.get("/explore/node", params={"id": measure}).json()
    assert details["kind"] == "measure"
    assert ["规划", "甲市2024年应急管理工作要点"] in details["facts"]
    assert ["时限", "3月底前 (截止 2024-03-31)"] in details["facts"]
    assert ["牵头", "甲市应急管理局"] in details["facts"] and ["灾种", "洪涝"] in details["facts"]
    [paragraph] = details["evidence"]
    text = paragraph["text"]
    assert text == "1.市应急管理局牵头，市水务局配合，3月底前完成防汛预案修订。"
    marked = [(text[mark["start"]:mark["end"]], mark["kind"]) for mark in paragraph["marks"]]
    assert marked == [("市应急管理局牵头", "lead"), ("市水务局配合", "support"), ("3月底前", "deadline")]
    # the link runs the very query that produced the panel
    assert details["sparql"].startswith("/sparql?query=")
    query = unquote(details["sparql"][len("/sparql?query="):])
    assert query == details["query"] and f"VALUES ?node {{ <{measure}> }}" in query
    rows = list(store.query(query))
    assert len(rows) == len(explorer._rows(store, explorer._MEASURE, measure)) > 5
    english = client.get("/explore/node", params={"id": measure, "lang": "en"}).json()
    assert ["hazard", "Flood"] in english["facts"]


def test_agency_and_hazard_details(client, data):
    agency = client.get("/explore/node", params={"id": node_id(client, "甲市应急管理局")}).json()
    assert agency["title"] == "甲市应急管理局" and ["其他名称", "市应急管理局"] in agency["facts"]
    [entry] = agency["evidence"]
    assert entry["heading"] == "牵头 · 甲市2024年应急管理工作要点"
    assert [entry["text"][m["start"]:m["end"]] for m in entry["marks"]] == ["市应急管理局牵头"]
    division = client.get("/explore/node", params={"id": node_id(client, "综合处")}).json()
    assert ["上级机构", "甲市应急管理局"] in division["facts"]
    flood = client.get("/explore/node", params={"id": HZ + "flood"}).json()
    assert flood["title"] == "洪涝" and ["任务措施", "2"] in flood["facts"]
    for entry in flood["evidence"]:
        assert "防汛" in [entry["text"][m["start"]:m["end"]] for m in entry["marks"]]


def test_hostile_text_is_plain_json(client, data):
    response = client.get("/explore/node", params={"id": node_id(client, data.HOSTILE_AGENCY)})
    assert response.headers["content-type"] == "application/json"
    details = response.json()
    assert details["title"] == data.HOSTILE_AGENCY  # as data: the page's script shows it as text
    assert details["evidence"][0]["text"] == data.HOSTILE_MEASURE


@pytest.mark.parametrize("bad", ["", "urn:x", "https://w3id.org/emkg/id/plan/x> } ; DROP ALL ; {",
                                 "https://w3id.org/emkg/id/agency/0000000000000000"])
def test_unknown_nodes_are_404(client, bad):
    response = client.get("/explore/node", params={"id": bad})
    assert response.status_code == 404 and response.json()["error"]
