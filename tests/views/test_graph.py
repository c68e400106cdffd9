"""kg.views.graph: the responsibility network of a real store holding the hand-made plans of
tests/views/handmade_views.py."""

from __future__ import annotations

import datetime as dt
import io

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KGError
from kg.rdf.namespaces import HZ
from kg.views.graph import View, export_graph, to_networkx


def by_label(graph: nx.DiGraph, kind: str | None = None) -> dict[str, str]:
    """label -> node id (of one kind)."""
    return {data["label"]: node for node, data in graph.nodes(data=True) if kind in (None, data["kind"])}


def labels(graph: nx.DiGraph, kind: str) -> set[str]:
    return set(by_label(graph, kind))


def test_network_holds_agencies_measures_and_hazards(city_store):
    graph = to_networkx(city_store)
    assert labels(graph, "agency") == {"甲市应急管理局", "甲市水务局", "甲市气象局", "综合处"}
    assert labels(graph, "hazard") == {"洪涝", "台风", "危险化学品事故"}
    # measure 4 has no agency and no hazard: it says nothing about who does what
    assert sorted(data["number"] for _n, data in graph.nodes(data=True) if data["kind"] == "measure") == \
        ["1.", "2.", "3."]
    assert graph.graph["view"] == "responsibility"


def test_edges_tell_lead_support_hazard_and_parent_apart(city_store, views_data):
    graph = to_networkx(city_store)
    agencies, hazards = by_label(graph, "agency"), by_label(graph, "hazard")
    first = next(node for node, data in graph.nodes(data=True) if data.get("number") == "1.")
    lead = graph.edges[agencies["甲市应急管理局"], first]
    assert lead["kind"] == "lead" and lead["evidence"] == "市应急管理局牵头"
    assert views_data.CITY_TEXT[lead["char_start"]:].startswith("市应急管理局牵头")
    assert graph.edges[agencies["甲市水务局"], first]["kind"] == "support"
    assert graph.edges[first, hazards["洪涝"]]["kind"] == "addresses"
    assert graph.edges[agencies["综合处"], agencies["甲市应急管理局"]]["kind"] == "part_of"


def test_node_attributes(city_store, views_data):
    graph = to_networkx(city_store)
    agencies, hazards = by_label(graph, "agency"), by_label(graph, "hazard")
    bureau = graph.nodes[agencies["甲市应急管理局"]]
    assert (bureau["lead"], bureau["support"], bureau["load"]) == (1, 0, 1)
    assert bureau["function"] == "emergency_management" and bureau["function_label_en"]
    assert bureau["alt_labels"] == "市应急管理局" and not bureau["division"] and not bureau["national"]
    assert graph.nodes[agencies["综合处"]]["division"] is True
    flood = graph.nodes[hazards["洪涝"]]
    assert flood["label_en"] == "Flood" and flood["key"] == "flood" and flood["load"] == 1
    first = next(data for _n, data in graph.nodes(data=True) if data.get("number") == "1.")
    assert first["deadline"] == "3月底前" and first["due"] == "2024-03-31"
    assert first["plan_title"] == "甲市2024年应急管理工作要点" and first["plan_source"] == "city.txt"
    assert first["section"] == "一、防汛防台" and first["place"] == "甲市"
    assert views_data.CITY_TEXT[first["char_start"]:first["char_end"]] == first["text"]
    second = next(data for _n, data in graph.nodes(data=True) if data.get("number") == "2.")
    assert second["deadline"] == "汛期前" and "due" not in second  # 汛期前 has no date
    # GraphML and GEXF take no None: absent values are absent
    assert all(value is not None for _n, data in graph.nodes(data=True) for value in data.values())


def test_hazard_focus_by_key_name_and_broader_hazard(both_store):
    near = to_networkx(both_store, View(hazards=("flood",), depth=1))
    assert labels(near, "hazard") == {"洪涝"}
    assert labels(near, "agency") == set()
    assert len([1 for _n, data in near.nodes(data=True) if data["kind"] == "measure"]) == 2  # both plans
    wider = to_networkx(both_store, View(hazards=("洪涝",), depth=2))
    assert {"甲市应急管理局", "甲市水务局"} <= labels(wider, "agency")
    assert "甲市气象局" not in labels(wider, "agency")
    # hydrological is broader than flood: its view holds the flood measures
    broader = to_networkx(both_store, View(hazards=(HZ + "hydrological",), depth=0))
    assert labels(broader, "hazard") == {"洪涝"}


def test_agency_focus_prefers_whole_names(both_store, views_data):
    whole = to_networkx(both_store, View(agencies=("市应急管理局",), depth=1))  # an other name of one agency
    assert labels(whole, "agency") == {"甲市应急管理局", "综合处"}  # and its division, one step away
    part = to_networkx(both_store, View(agencies=("应急管理局",), depth=0))  # part of two names
    assert labels(part, "agency") == {"甲市应急管理局", views_data.HOSTILE_AGENCY}


def test_focus_options_together_keep_what_is_near_each(city_store):
    graph = to_networkx(city_store, View(agencies=("甲市气象局",), hazards=("typhoon",), depth=1))
    assert labels(graph, "agency") == {"甲市气象局"} and labels(graph, "hazard") == {"台风"}


def test_unknown_focus_is_an_error_that_says_what_to_do(city_store):
    with pytest.raises(KGError, match="no agency named '不存在局'"):
        to_networkx(city_store, View(agencies=("不存在局",)))
    with pytest.raises(KGError, match=r"hazards\.tsv"):
        to_networkx(city_store, View(hazards=("meteor_strike",)))
    with pytest.raises(KGError, match="no measure of this view addresses"):
        to_networkx(city_store, View(hazards=("earthquake",)))


def test_deadline_range(city_store):
    first_half = to_networkx(city_store, View(until=dt.date(2024, 6, 30)))
    assert [data["number"] for _n, data in first_half.nodes(data=True) if data["kind"] == "measure"] == ["1."]
    later = to_networkx(city_store, View(since=dt.date(2024, 4, 1)))
    assert [data["number"] for _n, data in later.nodes(data=True) if data["kind"] == "measure"] == ["3."]
    with pytest.raises(KGError, match="swap them"):
        View(since=dt.date(2024, 5, 1), until=dt.date(2024, 4, 1))


def test_plan_and_place_filters(both_store, views_data):
    city = to_networkx(both_store, View(plans=("city.txt",)))
    assert views_data.HOSTILE_AGENCY not in labels(city, "agency")
    county = to_networkx(both_store, View(places=("乙县",)))
    assert labels(county, "agency") == {views_data.HOSTILE_AGENCY, views_data.HOSTILE_SUPPORT}


def test_a_plan_view_reads_only_its_plan_and_draws_what_a_store_of_it_alone_draws(both_store, city_store,
                                                                                 monkeypatch):
    from kg.store import Store

    scopes: list[object] = []
    query = Store.query

    def recording(self, sparql, **options):
        scopes.append(options.get("graphs"))
        return query(self, sparql, **options)

    monkeypatch.setattr(Store, "query", recording)
    chosen = to_networkx(both_store, View(plans=("city.txt",)))
    assert any(scope is not None and len(scope) == 2 for scope in scopes)  # the ontology and the one plan
    alone = to_networkx(city_store, View())
    assert nx.utils.nodes_equal(chosen.nodes(data=True), alone.nodes(data=True))
    assert nx.utils.edges_equal(chosen.edges(data=True), alone.edges(data=True))
    assert chosen.number_of_nodes() > 5


def test_keyword_and_function_focus(city_store):
    assert "甲市气象局" in labels(to_networkx(city_store, View(keyword="台风防御", depth=1)), "agency")
    assert labels(to_networkx(city_store, View(functions=("water_resources",), depth=0)), "agency") == \
        {"甲市水务局"}


def test_agencies_view_links_agencies_that_share_measures(city_store):
    graph = to_networkx(city_store, "agencies")
    ids = by_label(graph)
    assert {data["kind"] for _n, data in graph.nodes(data=True)} == {"agency"}
    shared = graph.edges[ids["甲市应急管理局"], ids["甲市水务局"]]
    assert shared == {"kind": "shares", "weight": 1}
    assert graph.has_edge(ids["甲市水务局"], ids["甲市应急管理局"])
    assert not graph.has_edge(ids["甲市应急管理局"], ids["甲市气象局"])
    assert nx.degree_centrality(graph)[ids["甲市应急管理局"]] > 0


def test_unknown_view_name():
    with pytest.raises(KGError, match="unknown view"):
        View(name="treemap")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_round_trips_through_networkx(both_store, views_data, fmt):
    graph = to_networkx(both_store)
    data = export_graph(graph, fmt)
    assert data.startswith(b"<?xml") and "甲市应急管理局".encode() in data
    back = nx.read_graphml(io.BytesIO(data)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(data))
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    hostile = by_label(graph)[views_data.HOSTILE_AGENCY]
    assert back.nodes[hostile]["label"] == views_data.HOSTILE_AGENCY  # markup is data, escaped by the writer
    kinds = {edge[2]["kind"] for edge in back.edges(data=True)}
    assert kinds == {"lead", "support", "addresses", "part_of"}


def test_export_rejects_unknown_format(city_store):
    with pytest.raises(KGError, match="graphml, gexf"):
        export_graph(to_networkx(city_store), "dot")


def test_kg_export_graphml(tmp_path, views_data):
    folder = tmp_path / "store"
    views_data.store_with(views_data.city_plan(), views_data.hostile_plan(), path=folder).close()
    result = CliRunner().invoke(cli, ["export", "--store", str(folder), "--format", "graphml",
                                      "--plan", "city.txt", "-o", str(tmp_path / "g.graphml")])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert {data["label"] for _n, data in graph.nodes(data=True) if data["kind"] == "agency"} == \
        {"甲市应急管理局", "甲市水务局", "甲市气象局", "综合处"}
    result = CliRunner().invoke(cli, ["export", "--store", str(folder), "--format", "gexf"])
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"<?xml")
    assert b"<gexf" in result.stdout_bytes


@pytest.fixture(scope="module")
def built_store(tmp_path_factory, samples_dir):
    """A real build (extraction included) of the sample plan with the most responsibilities."""
    from kg.builder import build

    folder = tmp_path_factory.mktemp("views-sample") / "store"
    report = build([samples_dir / "004_fcd55c30be0749a7.txt"], store=folder)
    assert not report.failed, report.summary()
    return folder


def test_network_of_a_real_build_keeps_its_provenance(built_store):
    from kg.store import Store

    with Store(built_store, read_only=True) as store:
        graph = to_networkx(store)
    kinds = {data["kind"] for *_ends, data in graph.edges(data=True)}
    assert {"lead", "addresses"} <= kinds
    checked = 0
    for agency, measure, data in graph.edges(data=True):
        if data["kind"] not in ("lead", "support") or "evidence" not in data:
            continue
        text, start = graph.nodes[measure]["text"], graph.nodes[measure]["char_start"]
        first_piece = data["evidence"].split(" … ")[0]
        # the evidence is a piece of its measure's text, where its offsets say
        assert text[data["char_start"] - start:].startswith(first_piece), (graph.nodes[agency]["label"], text)
        checked += 1
    assert checked > 20
    loads = [data["load"] for _n, data in graph.nodes(data=True) if data["kind"] == "agency"]
    responsibilities = [1 for *_ends, data in graph.edges(data=True) if data["kind"] in ("lead", "support")]
    assert sum(loads) == len(responsibilities)
