"""``kg serve`` as a SPARQL 1.1 Protocol endpoint, over HTTP on 127.0.0.1: GET and POST (form-encoded and
direct), content negotiation, CORS, the service description, named queries; and real clients
(SPARQLWrapper, rdflib's SPARQLStore) against it."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.rdf.namespaces import EMO, ONTOLOGY_GRAPH
from kg.store import Store

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

PLANS = "SELECT ?source WHERE { ?plan a emo:Plan ; dcterms:source ?source } ORDER BY ?source"
SOURCES = ["000_384322916ba60cf2.txt", "004_fcd55c30be0749a7.txt"]
RESULTS = "{http://www.w3.org/2005/sparql-results#}"
DCT_SOURCE = URIRef("http://purl.org/dc/terms/source")


def sources_of(response: httpx.Response) -> list[str]:
    return [b["source"]["value"] for b in response.json()["results"]["bindings"]]


def test_get_answers_sparql_json_by_default(served):
    response = httpx.get(served.sparql, params={"query": PLANS})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert sources_of(response) == SOURCES
    assert response.headers["x-result-truncated"] == "false"


def test_post_form_encoded_and_direct(served):
    form = httpx.post(served.sparql, data={"query": PLANS})
    direct = httpx.post(served.sparql, content=PLANS.encode(),
                        headers={"Content-Type": "application/sparql-query"})
    assert form.status_code == direct.status_code == 200
    assert sources_of(form) == sources_of(direct) == SOURCES


def test_the_union_of_all_graphs_by_default_and_default_graph_uri(served, web_store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with Store(web_store, read_only=True) as store:
        everything = len(store)
        ontology = store.select(count.replace("?s ?p ?o", f"GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }}"))[0]["n"]

    def n(response: httpx.Response) -> int:
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    assert n(httpx.get(served.sparql, params={"query": count})) == everything
    narrowed = httpx.get(served.sparql, params={"query": count, "default-graph-uri": ONTOLOGY_GRAPH})
    assert n(narrowed) == ontology < everything


@pytest.mark.parametrize("accept,check", [
    ("application/sparql-results+json", lambda text: json.loads(text)["head"]["vars"] == ["source"]),
    ("application/sparql-results+xml",
     lambda text: len(ElementTree.fromstring(text).findall(f".//{RESULTS}result")) == 2),
    ("text/csv", lambda text: list(csv.reader(io.StringIO(text))) == [["source"], *([s] for s in SOURCES)]),
    ("text/tab-separated-values",
     lambda text: text.splitlines() == ["?source", *(f'"{s}"' for s in SOURCES)]),
    ("application/json;q=0.5, text/csv;q=0.9", lambda text: text.startswith("source\r\n")),
])
def test_select_results_are_negotiated(served, accept, check):
    response = httpx.get(served.sparql, params={"query": PLANS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert check(response.text)


@pytest.mark.parametrize("accept,media,parser", [
    ("text/turtle", "text/turtle", "turtle"), ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("*/*", "text/turtle", "turtle"),
])
def test_graph_results_are_negotiated(served, accept, media, parser):
    query = "CONSTRUCT { ?p a emo:Plan ; dcterms:source ?s } WHERE { ?p a emo:Plan ; dcterms:source ?s }"
    response = httpx.post(served.sparql, data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    graph = Graph().parse(data=response.text, format=parser)
    assert len(graph) == 4
    assert {str(o) for o in graph.objects(None, DCT_SOURCE)} == set(SOURCES)


def test_ask_and_an_unacceptable_format(served):
    ask = httpx.get(served.sparql, params={"query": "ASK { ?p a emo:Plan }"})
    assert ask.json() == {"head": {}, "boolean": True}
    refused = httpx.get(served.sparql, params={"query": PLANS}, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and "application/sparql-results+json" in refused.text


def test_protocol_errors(served):
    bad = httpx.get(served.sparql, params={"query": "SELEC ?x"})
    assert bad.status_code == 400 and "does not parse at line 1" in bad.text
    twice = httpx.get(served.sparql, params=[("query", PLANS), ("query", PLANS)])
    assert twice.status_code == 400
    wrong_type = httpx.post(served.sparql, content=b"x", headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    not_utf8 = httpx.post(served.sparql, content="SELECT 中".encode("gbk"),
                          headers={"Content-Type": "application/sparql-query"})
    assert not_utf8.status_code == 400


def test_cors_lets_browser_clients_read(served):
    simple = httpx.get(served.sparql, params={"query": PLANS}, headers={"Origin": "https://yasgui.example"})
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "x-result-truncated" in simple.headers["access-control-expose-headers"].lower()
    preflight = httpx.options(served.sparql, headers={"Origin": "https://yasgui.example",
                                                      "Access-Control-Request-Method": "POST",
                                                      "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    token_preflight = httpx.options(served.sparql, headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization"})
    assert token_preflight.status_code == 400  # no cross-site request may carry credentials


def test_the_service_description_and_the_form_page(served):
    response = httpx.get(served.sparql)
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(served.sparql)) in graph
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in graph
    page = httpx.get(served.sparql, headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html") and "<form" in page.text
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]


def test_named_queries_over_http(served):
    listing = httpx.get(served.url + "/queries").json()
    assert "plan_timeline" in {entry["name"] for entry in listing}
    timeline = httpx.get(served.url + "/queries/plan_timeline", params={"plan": SOURCES[0]})
    assert timeline.status_code == 200
    rows = timeline.json()["results"]["bindings"]
    assert sum(int(row["deadlines"]["value"]) for row in rows) == 25
    csv_rows = httpx.get(served.url + "/queries/hazards_by_plan", headers={"Accept": "text/csv"})
    assert csv_rows.text.splitlines()[0] == "hazard,label,source,measures"


def test_named_query_parameters_are_terms_over_http(served):
    injected = httpx.get(served.url + "/queries/measures_with_keyword",
                         params={"keyword": '" } ; DROP ALL ; {'})
    assert injected.status_code == 200 and injected.json()["results"]["bindings"] == []
    assert sources_of(httpx.get(served.sparql, params={"query": PLANS})) == SOURCES  # nothing dropped
    unknown = httpx.get(served.url + "/queries/plan_timeline", params={"plan": SOURCES[0], "colour": "red"})
    assert unknown.status_code == 400 and "has no parameter 'colour'" in unknown.text
    missing = httpx.get(served.url + "/queries/plan_timeline")
    assert missing.status_code == 400 and "needs --param plan=" in missing.text
    assert httpx.get(served.url + "/queries/no_such_query").status_code == 404


# --- real clients ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select(served, method, fmt):
    from SPARQLWrapper import SPARQLWrapper as Wrapper

    client = Wrapper(served.sparql)
    client.setMethod(method)
    client.setQuery("PREFIX emo: <https://w3id.org/emkg/ontology#> "
                    "PREFIX dcterms: <http://purl.org/dc/terms/> " + PLANS)
    client.setReturnFormat(fmt)
    result = client.queryAndConvert()
    if fmt == "json":
        assert [b["source"]["value"] for b in result["results"]["bindings"]] == SOURCES
    elif fmt == "xml":
        assert [node.firstChild.data for node in result.getElementsByTagName("literal")] == SOURCES
    else:
        delimiter = "," if fmt == "csv" else "\t"
        lines = [line.split(delimiter)[0].strip('"') for line in result.decode().splitlines()[1:]]
        assert lines == SOURCES


def test_sparqlwrapper_ask_and_construct(served):
    from SPARQLWrapper import JSON, TURTLE, XML
    from SPARQLWrapper import SPARQLWrapper as Wrapper

    client = Wrapper(served.sparql)
    client.setQuery("ASK { ?p a <https://w3id.org/emkg/ontology#Plan> }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True
    construct = ("CONSTRUCT { ?h <http://www.w3.org/2004/02/skos/core#broader> ?b } WHERE { "
                 "?h <http://www.w3.org/2004/02/skos/core#broader> ?b }")
    for fmt in (TURTLE, XML):  # XML for a CONSTRUCT is RDF/XML
        client.setQuery(construct)
        client.setReturnFormat(fmt)
        graph = client.queryAndConvert()
        if isinstance(graph, bytes):
            graph = Graph().parse(data=graph, format="turtle")
        assert (URIRef("https://w3id.org/emkg/hazard/flood"), URIRef("http://www.w3.org/2004/02/skos/core#broader"),
                URIRef("https://w3id.org/emkg/hazard/hydrological")) in graph


def test_rdflib_sparqlstore(served):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(query_endpoint=served.sparql))
    plans = set(graph.subjects(RDF.type, URIRef(str(EMO.Plan))))
    assert len(plans) == 2
    rows = graph.query("SELECT ?source WHERE { ?p <http://purl.org/dc/terms/source> ?source } "
                       "ORDER BY ?source")
    assert [str(row.source) for row in rows] == SOURCES
    assert Literal(SOURCES[0]) in set(graph.objects(None, DCT_SOURCE))
