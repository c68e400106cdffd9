"""kg.views.pyvis_page and ``kg viz``: a page that works offline and alone, shows document text as text, and
stays usable for large views. (tests/browser/ opens these pages in Chromium.)"""

from __future__ import annotations

import json
import math
import random
import re
import time

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KGError
from kg.views.graph import View, to_networkx
from kg.views.pyvis_page import (
    MAX_NODES,
    PHYSICS_LIMIT,
    layout_positions,
    render_page,
    vis_elements,
    write_page,
)


def dataset(page: str, name: str) -> list[dict]:
    """The items the page hands to ``new vis.DataSet(...)`` for ``nodes`` or ``edges``."""
    start = page.index(f"{name} = new vis.DataSet(") + len(f"{name} = new vis.DataSet(")
    items, _end = json.JSONDecoder().raw_decode(page, start)
    return items


def options(page: str) -> dict:
    start = page.index("var options = ") + len("var options = ")
    return json.JSONDecoder().raw_decode(page, start)[0]


def synthetic(measures: int, agencies: int, hazards: int, seed: int = 1) -> nx.DiGraph:
    """A responsibility network of the given size, shaped like the real ones."""
    rng = random.Random(seed)
    graph = nx.DiGraph()
    for i in range(agencies):
        graph.add_node(f"a{i}", kind="agency", label=f"第{i}局", lead=0, support=0, load=0)
    for i in range(hazards):
        graph.add_node(f"h{i}", kind="hazard", label=f"灾种{i}", key=f"h{i}", load=0)
    for i in range(measures):
        graph.add_node(f"m{i}", kind="measure", label=f"{i}. 任务", text="加强防汛" * 10, plan="p",
                       plan_source="p.txt")
        graph.add_edge(f"a{rng.randrange(agencies)}", f"m{i}", kind="lead")
        graph.add_edge(f"a{rng.randrange(agencies)}", f"m{i}", kind="support")
        graph.add_edge(f"m{i}", f"h{rng.randrange(hazards)}", kind="addresses")
    return graph


@pytest.fixture
def hostile_page(both_store, views_data) -> str:
    return render_page(to_networkx(both_store), title=views_data.HOSTILE_TITLE)


def test_page_loads_nothing_from_the_network(hostile_page):
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", hostile_page, re.IGNORECASE)
    assert "bootstrap" not in hostile_page and "cdnjs" not in hostile_page and "jsdelivr" not in hostile_page
    assert "new vis.Network(" in hostile_page and len(hostile_page) > 400_000  # vis-network is inlined
    assert '<meta charset="utf-8">' in hostile_page and hostile_page.startswith("<!DOCTYPE html>")


def test_document_text_is_never_markup(hostile_page, views_data):
    # The raw page holds none of the hostile strings as markup ...
    assert "<script>alert" not in hostile_page and "<img src=x" not in hostile_page
    assert "</textarea>" not in hostile_page and "<a href" not in hostile_page
    # ... the heading and the <title> show them escaped ...
    escaped_title = "&lt;/title&gt;&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;乙县{{ 7*7 }}工作计划"
    assert f"<title>{escaped_title}</title>" in hostile_page and f"<h1>{escaped_title}</h1>" in hostile_page
    # ... and the data hands them to the page's script intact, as JSON strings
    nodes = dataset(hostile_page, "nodes")
    assert views_data.HOSTILE_AGENCY in {node["label"] for node in nodes}
    measure_lines = [line for node in nodes for line in node["info"] if node["kind"] == "measure"]
    assert [name for name, text in measure_lines if text == views_data.HOSTILE_MEASURE]
    # no string title anywhere: one containing "href" would switch pyvis's tooltips to innerHTML
    assert all("title" not in item for item in nodes + dataset(hostile_page, "edges"))


def test_tooltips_carry_text_deadline_and_plan(city_store):
    nodes, edges = vis_elements(to_networkx(city_store))
    first = next(node for node in nodes if node["label"].startswith("1. "))
    assert first["info"] == [["任务措施", "1.市应急管理局牵头，市水务局配合，3月底前完成防汛预案修订。"],
                             ["时限", "3月底前 (截止 2024-03-31)"], ["规划", "甲市2024年应急管理工作要点"],
                             ["章节", "一、防汛防台"]]
    lead = next(edge for edge in edges if edge["kind"] == "lead" and edge["to"] == first["id"])
    support = next(edge for edge in edges if edge["kind"] == "support")
    assert lead["info"] == [["牵头", "市应急管理局牵头"]]
    assert (lead["dashes"], support["dashes"]) == (False, [6, 4]) and lead["width"] > support["width"]


def test_colours_shapes_and_size_by_load(city_store):
    nodes, _edges = vis_elements(to_networkx(city_store))
    shapes = {node["kind"]: node["shape"] for node in nodes}
    assert shapes == {"agency": "dot", "measure": "square", "hazard": "triangle"}
    sizes = {node["label"]: node["size"] for node in nodes}
    assert sizes["甲市应急管理局"] > sizes["1. 市应急管理局牵头，市水务…"]
    graph = synthetic(40, 3, 2)
    agencies = sorted((data["load"], node) for node, data in to_loaded(graph).nodes(data=True)
                      if data["kind"] == "agency")
    sizes = {node["id"]: node["size"] for node in vis_elements(graph)[0]}
    assert sizes[agencies[-1][1]] >= sizes[agencies[0][1]]


def to_loaded(graph: nx.DiGraph) -> nx.DiGraph:
    for node, data in graph.nodes(data=True):
        if data["kind"] == "agency":
            data["load"] = graph.out_degree(node)
    return graph


def test_legend_lists_what_the_view_holds_in_both_languages(city_store):
    graph = to_networkx(city_store)
    chinese = render_page(graph)
    legend = chinese[chinese.index('<div id="kg-legend">'):]
    legend = legend[:legend.index("</ul>")]
    for label in ("责任主体", "内设机构", "有时限的任务", "灾种", "牵头", "配合", "隶属"):
        assert f"<span>{label}</span>" in legend
    english = render_page(graph, lang="en")
    assert '<html lang="en">' in english and "<span>measure with a deadline</span>" in english
    english_labels = {node["label"] for node in dataset(english, "nodes")}
    assert "Flood" in english_labels  # the ontology's English label
    assert "甲市应急管理局" in english_labels  # agencies have no English names: Chinese it is
    with pytest.raises(KGError, match="zh, en"):
        render_page(graph, lang="fr")


def test_mid_size_views_use_tuned_physics(city_store):
    settings = options(render_page(to_networkx(city_store)))
    assert settings["layout"]["improvedLayout"] is False
    assert settings["physics"]["solver"] == "forceAtlas2Based"
    assert settings["physics"]["stabilization"]["iterations"] == 200


def test_large_views_get_positions_and_no_physics():
    graph = synthetic(PHYSICS_LIMIT + 100, 60, 20)
    started = time.perf_counter()
    page = render_page(graph)
    assert time.perf_counter() - started < 20
    assert options(page)["physics"] == {"enabled": False}
    nodes = dataset(page, "nodes")
    assert all(math.isfinite(node["x"]) and math.isfinite(node["y"]) for node in nodes)
    assert len({(node["x"], node["y"]) for node in nodes}) > 0.95 * len(nodes)  # spread out, not stacked


def test_layout_of_the_largest_view_is_quick():
    graph = synthetic(MAX_NODES - 300, 250, 50)
    started = time.perf_counter()
    positions = layout_positions(graph)
    assert time.perf_counter() - started < 15  # a full force layout takes 20 s here; this is about 1 s
    assert set(positions) == set(graph)
    # a measure lies near the agencies and hazards it is linked to
    xs = [x for x, _y in positions.values()]
    width = max(xs) - min(xs)
    m0 = positions["m0"]
    neighbours = [positions[n] for n in (*graph.predecessors("m0"), *graph.successors("m0"))]
    middle = (sum(p[0] for p in neighbours) / 3, sum(p[1] for p in neighbours) / 3)
    assert math.dist(m0, middle) < width / 4


def test_size_guard_asks_for_a_filter():
    with pytest.raises(KGError, match="--plan, --agency, --hazard"):
        render_page(synthetic(MAX_NODES, 10, 5))


def test_empty_view_is_an_error(city_store):
    with pytest.raises(KGError, match="nothing to draw"):
        render_page(nx.DiGraph())


def test_write_page_writes_utf8(tmp_path, city_store):
    path = tmp_path / "graph.html"
    size = write_page(to_networkx(city_store), path)
    data = path.read_bytes()
    assert size == len(data) and "甲市应急管理局".encode() in data
    data.decode("utf-8")


@pytest.fixture
def store_folder(tmp_path, views_data):
    folder = tmp_path / "store"
    views_data.store_with(views_data.city_plan(), views_data.hostile_plan(), path=folder).close()
    return folder


def viz(store_folder, *args: str):
    return CliRunner().invoke(cli, ["viz", "--store", str(store_folder), *args])


def test_kg_viz_writes_a_focused_page(tmp_path, store_folder):
    out = tmp_path / "flood.html"
    result = viz(store_folder, "-o", str(out), "--hazard", "flood", "--depth", "1", "--plan", "city.txt",
                 "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 2 nodes, 1 edges" in result.stderr
    labels = {node["label"] for node in dataset(out.read_text(encoding="utf-8"), "nodes")}
    assert labels == {"Flood", "1. 市应急管理局牵头，市水务…"}


def test_kg_viz_deadlines_and_agency(tmp_path, store_folder):
    out = tmp_path / "g.html"
    result = viz(store_folder, "-o", str(out), "--agency", "综合处", "--since", "2024-07-01",
                 "--until", "2024-12-31", "--depth", "1")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert {node["label"] for node in dataset(page, "nodes")} == \
        {"综合处", "3. 综合处负责危险化学品专项…", "甲市应急管理局"}  # the division's parent, one step away
    assert "综合处 · depth 1 · since 2024-07-01 · until 2024-12-31" in page


def test_kg_viz_errors_are_one_line(tmp_path, store_folder):
    result = viz(store_folder, "-o", str(tmp_path / "g.html"), "--agency", "不存在局")
    assert result.exit_code == 1 and "Error: no agency named '不存在局'" in result.output
    result = viz(store_folder, "-o", str(tmp_path / "no" / "g.html"))
    assert result.exit_code == 2 and "is not a folder" in result.output
    result = CliRunner().invoke(cli, ["viz", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "no store at" in result.output


def test_agencies_view_page(tmp_path, store_folder):
    out = tmp_path / "agencies.html"
    result = viz(store_folder, "-o", str(out), "--view", "agencies")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    edges = dataset(page, "edges")
    assert edges and {edge["kind"] for edge in edges} == {"shares"}
    assert "<p>6 个主体 · " in page and "项任务" not in page  # only the kinds the view holds are counted
    assert View(name="agencies").name == "agencies"


def test_national_bodies_get_a_ring_and_a_legend_entry(city_store):
    graph = to_networkx(city_store)
    bureau = next(node for node, data in graph.nodes(data=True) if data["label"] == "甲市应急管理局")
    graph.nodes[bureau]["national"] = True
    nodes, _edges = vis_elements(graph)
    ringed = next(node for node in nodes if node["id"] == bureau)
    assert ringed["color"]["border"] != ringed["color"]["background"] and ringed["borderWidth"] == 3
    assert '<li data-key="national">' in render_page(graph)
