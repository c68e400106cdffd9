"""kg.store.results and Store.run/select/dataframe: rows as Python values, limits, formats, errors."""

from __future__ import annotations

import datetime
import json
import time
from xml.etree import ElementTree

import pyoxigraph
import pytest
from rdflib import Graph

from kg.errors import QueryError, QuerySyntaxError, QueryTimeout
from kg.rdf.namespaces import ONTOLOGY_GRAPH
from kg.store import Store
from kg.store.results import execute


@pytest.fixture(scope="module")
def store(sample_store):
    with Store(sample_store, read_only=True) as store:
        yield store


def test_select_gives_python_values(store):
    rows = store.select("""
        SELECT ?source ?year ?due ?value ?ok WHERE {
          ?plan dcterms:source ?source ; emo:planYear ?year ; emo:hasMeasure ?m .
          ?m emo:hasDeadline/emo:dueDate ?due ; emo:hasTarget/emo:numericValue ?value .
          BIND(true AS ?ok)
        } ORDER BY ?due LIMIT 1""")
    assert len(rows) == 1
    row = rows[0]
    assert isinstance(row["source"], str) and isinstance(row["year"], int)
    assert isinstance(row["due"], datetime.date) and isinstance(row["value"], float) and row["ok"] is True


def test_unbound_values_are_left_out_and_iris_are_full(store):
    rows = store.select("SELECT ?plan ?nothing WHERE { ?plan a emo:Plan OPTIONAL { ?plan emo:x ?nothing } }")
    assert len(rows) == 5
    assert all(set(row) == {"plan"} for row in rows)
    assert all(row["plan"].startswith("https://w3id.org/emkg/id/plan/") for row in rows)


def test_substitutions_bind_terms(store):
    rows = store.select("SELECT ?key ?c WHERE { ?c skos:notation ?key }", substitutions={"key": "flood"})
    assert rows == [{"key": "flood", "c": "https://w3id.org/emkg/hazard/flood"}]


def test_dataframe(store):
    pandas = pytest.importorskip("pandas")
    frame = store.dataframe("SELECT ?source ?year WHERE { ?p dcterms:source ?source "
                            "OPTIONAL { ?p emo:planYear ?year } } ORDER BY ?source")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["source", "year"] and len(frame) == 5
    assert frame["source"].iloc[0] == "000_384322916ba60cf2.txt"


def test_max_rows_truncates_and_says_so(store):
    result = store.run("SELECT ?s WHERE { ?s ?p ?o }", max_rows=7)
    assert len(result) == 7 and result.truncated
    whole = store.run("SELECT ?p WHERE { ?p a emo:Plan }", max_rows=7)
    assert len(whole) == 5 and not whole.truncated
    triples = store.run("CONSTRUCT WHERE { ?s ?p ?o }", max_rows=3)
    assert triples.kind == "graph" and len(triples.triples) == 3 and triples.truncated


def test_a_slow_query_times_out_in_time(store):
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"longer than 0\.2 s"):
        store.run("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d emo:text ?t }", timeout=0.2)
    assert time.monotonic() - started < 1.0


def test_a_streaming_query_stops_at_its_deadline_in_the_calling_thread(store):
    """Without a thread (as in the server's workers) the clock is read between rows."""
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        execute(store, "SELECT * WHERE { ?a emo:text ?t . ?b emo:text ?u . ?c emo:text ?v }", timeout=0.3,
                in_thread=False)
    assert time.monotonic() - started < 2.0


def test_a_syntax_error_names_the_line_and_column(store):
    with pytest.raises(QuerySyntaxError) as caught:
        store.run("SELECT ?x WHERE {\n  ?x a emo:Plan ;\n     foo:bar ?y .\n}")
    error = caught.value
    assert error.line == 3 and error.column is not None
    lines = str(error).splitlines()
    assert lines[0].startswith(f"the SPARQL query does not parse at line 3, column {error.column}: "
                               "unknown prefix 'foo:'")
    assert lines[1] == "  3 |      foo:bar ?y ."
    assert lines[2].index("^") == len("  3 | ") + error.column - 1
    with pytest.raises(QuerySyntaxError, match="line 1, column"):
        store.query("SELEC ?x")


def test_the_caret_counts_chinese_as_two_columns(store):
    with pytest.raises(QuerySyntaxError) as caught:
        store.run('SELECT ?x WHERE { ?x emo:text "防汛" ,, }')
    source, caret = str(caught.value).splitlines()[1:3]
    from kg.views.tables import display_width

    assert display_width(caret.rstrip("^")) == display_width(source[:len("  1 | ") + caught.value.column - 1])


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_in_the_sparql_result_formats(store, fmt):
    result = store.run("SELECT ?key ?label WHERE { hz:flood skos:notation ?key ; skos:prefLabel ?label } "
                       "ORDER BY ?label")
    data = result.serialize(fmt).decode("utf-8")
    if fmt == "json":
        assert json.loads(data)["results"]["bindings"][1]["label"] == {"type": "literal", "value": "洪涝",
                                                                       "xml:lang": "zh"}
    elif fmt == "xml":
        names = ElementTree.fromstring(data).findall(".//{http://www.w3.org/2005/sparql-results#}literal")
        assert [n.text for n in names] == ["flood", "Flood", "flood", "洪涝"]
    elif fmt == "csv":
        assert data.splitlines() == ["key,label", "flood,Flood", "flood,洪涝"]
    else:
        assert data.splitlines() == ["?key\t?label", '"flood"\t"Flood"@en', '"flood"\t"洪涝"@zh']


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("ntriples", "nt"), ("rdfxml", "xml"),
                                        ("jsonld", "json-ld")])
def test_construct_as_rdf(store, fmt, parser):
    result = store.run("CONSTRUCT WHERE { hz:flood ?p ?o }")
    graph = Graph().parse(data=result.serialize(fmt), format=parser)
    assert len(graph) == len(result.triples) > 5
    with pytest.raises(QueryError, match="is a format for CONSTRUCT"):
        store.run("ASK { ?s ?p ?o }").serialize(fmt)


def test_ask_and_graph_results_as_records(store):
    assert store.run("ASK { hz:flood skos:broader hz:hydrological }").records() == [{"boolean": True}]
    triples = store.run("CONSTRUCT WHERE { hz:flood skos:broader ?b }").records()
    assert triples == [{"subject": "https://w3id.org/emkg/hazard/flood",
                        "predicate": "http://www.w3.org/2004/02/skos/core#broader",
                        "object": "https://w3id.org/emkg/hazard/hydrological"}]


def test_default_graphs_narrow_what_a_query_sees(store):
    everything = len(store.run("SELECT ?s WHERE { ?s ?p ?o }"))
    ontology = execute(store, "SELECT ?s WHERE { ?s ?p ?o }", default_graphs=[ONTOLOGY_GRAPH])
    assert 0 < len(ontology) < everything
    plan_graph = store.plan_graphs()[0]
    named = execute(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[plan_graph])
    assert [row[0] for row in named.rows] == [pyoxigraph.NamedNode(plan_graph)]
