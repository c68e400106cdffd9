"""kg.views.tables: aligned text tables (Chinese counted by display width) and query results."""

from __future__ import annotations

import json

import pytest

from kg.store import Store
from kg.views.tables import display_width, render_result, render_rows


def test_display_width_counts_chinese_as_two():
    assert display_width("abc") == 3
    assert display_width("广州市") == 6
    assert display_width("ａ１") == 4  # full-width forms


def test_columns_line_up_with_chinese():
    text = render_rows([{"name": "广州市应急管理局", "n": 3}, {"name": "abc", "n": 12}])
    lines = text.splitlines()
    assert [display_width(line) for line in lines[:2]] == [display_width(lines[1])] * 2
    assert lines[2].endswith(" 3") and lines[3].endswith("12")  # numbers right-aligned
    assert lines[3].startswith("abc ")


def test_missing_values_newlines_and_no_rows():
    text = render_rows([{"a": "x\ny", "b": None}, {"a": "z"}])
    assert text.splitlines()[2].rstrip() == "x y"
    assert render_rows([]) == "(no rows)"
    assert render_rows([], ["a", "b"]) == "a  b\n(no rows)"


@pytest.fixture(scope="module")
def store():
    with Store() as store:
        yield store


QUERY = 'SELECT ?c ?label WHERE { ?c skos:notation "typhoon" ; skos:prefLabel ?label } ORDER BY ?label'


def test_select_as_table_uses_prefixes(store):
    lines = render_result(store.query(QUERY), "table").splitlines()
    assert lines[0].split() == ["c", "label"]
    assert lines[2].split() == ["hz:typhoon", "Tropical", "cyclone", "(typhoon)"]
    assert lines[3].split() == ["hz:typhoon", "台风"]


def test_select_as_sparql_json(store):
    data = json.loads(render_result(store.query(QUERY), "json"))
    assert data["head"]["vars"] == ["c", "label"]
    assert data["results"]["bindings"][1]["label"] == {"type": "literal", "value": "台风", "xml:lang": "zh"}


def test_select_as_csv_and_tsv(store):
    assert render_result(store.query(QUERY), "csv").splitlines()[2] == "https://w3id.org/emkg/hazard/typhoon,台风"
    assert render_result(store.query(QUERY), "tsv").splitlines()[2] == (
        '<https://w3id.org/emkg/hazard/typhoon>\t"台风"@zh')


def test_ask(store):
    assert render_result(store.query("ASK { hz:typhoon ?p ?o }"), "table") == "true"
    assert json.loads(render_result(store.query("ASK { hz:nothing ?p ?o }"), "json")) == {"head": {},
                                                                                          "boolean": False}


CONSTRUCT = "CONSTRUCT { hz:typhoon skos:broader ?b } WHERE { hz:typhoon skos:broader ?b }"


@pytest.mark.parametrize("timeout", [None, 10])
def test_construct_as_rows(store, timeout):
    result = store.query(CONSTRUCT, timeout=timeout)
    assert render_result(result, "table").splitlines()[2].split() == ["hz:typhoon", "skos:broader",
                                                                      "hz:meteorological"]
    data = json.loads(render_result(store.query(CONSTRUCT), "json"))
    assert data["results"]["bindings"][0]["object"] == {"type": "uri",
                                                       "value": "https://w3id.org/emkg/hazard/meteorological"}
    assert render_result(store.query(CONSTRUCT), "csv").splitlines()[0] == "subject,predicate,object"


def test_unknown_format(store):
    with pytest.raises(ValueError, match="unknown result format"):
        render_result(store.query(QUERY), "yaml")
