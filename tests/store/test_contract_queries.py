"""The queries of the graph's public contract (the ones ../shared/eval/score.py runs), against the built
samples and the hand-made plan, through the store (pyoxigraph) and through an rdflib reading of the export
(what the scorer does)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from support import load_module

from kg.rdf.namespaces import EMO
from kg.store import Store

ROOT = Path(__file__).resolve().parents[2]
SCORE_PY = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = ROOT / "tests" / "data" / "gold"

# Copied from score.py; ?p is the plan. pyoxigraph substitutes only projected variables, hence "?p" in front.
PLANS = "SELECT ?p ?s WHERE { ?p a emo:Plan ; dcterms:source ?s }"
METADATA = ("SELECT ?p ?l ?lvl ?y WHERE { OPTIONAL { ?p emo:jurisdiction ?j . OPTIONAL { ?j rdfs:label ?l } "
            "OPTIONAL { ?j emo:adminLevel ?lvl } } OPTIONAL { ?p emo:planYear ?y } }")
LABELS = ("SELECT ?a ?l WHERE { { ?a rdfs:label ?l } UNION { ?a skos:altLabel ?l } "
          "UNION { ?a skos:prefLabel ?l } }")
AGENCIES = ("SELECT DISTINCT ?p ?a WHERE { { ?p emo:mentionsAgency ?a } UNION "
            "{ ?p emo:hasMeasure/(emo:leadAgency|emo:supportingAgency) ?a } }")
HAZARDS = ("SELECT DISTINCT ?p ?k WHERE { { ?p emo:addressesHazard ?h } UNION "
           "{ ?p emo:hasMeasure/emo:addressesHazard ?h } ?h skos:notation ?k }")
DEADLINES = ("SELECT ?p ?t ?d ?mt WHERE { ?p emo:hasMeasure ?m . ?m emo:hasDeadline ?dl . "
             "?dl emo:deadlineText ?t . OPTIONAL { ?dl emo:dueDate ?d } OPTIONAL { ?m emo:text ?mt } }")
RESPONSIBILITIES = ("SELECT ?p ?prop ?mt ?a WHERE { ?p emo:hasMeasure ?m . ?m ?prop ?a . "
                    "OPTIONAL { ?m emo:text ?mt } }")
TARGETS = ("SELECT ?p ?tt ?v ?u ?mt WHERE { ?p emo:hasMeasure ?m . ?m emo:hasTarget ?t . "
           "OPTIONAL { ?t emo:text ?tt } OPTIONAL { ?t emo:numericValue ?v } OPTIONAL { ?t emo:unit ?u } "
           "OPTIONAL { ?m emo:text ?mt } }")


def rows(store: Store, query: str, **bound) -> list[dict[str, object]]:
    result = store.query(query, substitutions=bound)
    names = [variable.value for variable in result.variables]
    return [{name: term for name, term in zip(names, solution, strict=True)} for solution in result]


def value(term) -> object:
    return None if term is None else term.value


@pytest.fixture(scope="module")
def hand_made(handmade):
    """The hand-made plan in a store, with its plan IRI."""
    from kg.rdf.mapping import plan_iri, plan_to_triples

    plan = handmade.rich_plan()
    store = Store()
    store.add_plan(plan_iri(plan.document), plan_to_triples(plan, version="0"))
    yield store, URIRef(plan_iri(plan.document))
    store.close()


def test_plan_is_found_by_its_source(hand_made):
    store, plan = hand_made
    assert [(value(r["p"]), value(r["s"])) for r in rows(store, PLANS)] == [(str(plan), "plan.txt")]


def test_plan_metadata(hand_made):
    store, plan = hand_made
    (row,) = rows(store, METADATA, p=plan)
    assert (value(row["l"]), value(row["lvl"]), value(row["y"])) == ("某市", "city", "2024")
    assert row["y"].datatype.value == "http://www.w3.org/2001/XMLSchema#integer"


def test_agencies_with_their_labels(hand_made):
    store, plan = hand_made
    agencies = [r["a"] for r in rows(store, AGENCIES, p=plan)]
    labels = {frozenset(value(r["l"]) for r in rows(store, LABELS, a=agency)) for agency in agencies}
    assert labels == {frozenset({"某市应急管理局", "市应急管理局", "市应急局"}),
                      frozenset({"某市水务局", "市水务局"}), frozenset({"应急管理部"}), frozenset({"综合处"}),
                      frozenset({"某市气象局"})}


def test_hazard_notations(hand_made):
    store, plan = hand_made
    keys = {value(r["k"]) for r in rows(store, HAZARDS, p=plan)}
    assert keys == {"flood", "typhoon", "hazardous_chemicals"}


def test_deadlines_with_dates_and_measure_text(hand_made):
    store, plan = hand_made
    found = {(value(r["t"]), value(r["d"]), value(r["mt"])[:2]) for r in rows(store, DEADLINES, p=plan)}
    assert found == {("3月底前", "2024-03-31", "1."), ("汛期前", None, "2."), ("年底前", "2024-12-31", "3.")}


def test_responsibilities(hand_made):
    store, plan = hand_made
    found = set()
    for role, prop in (("lead", EMO.leadAgency), ("support", EMO.supportingAgency)):
        for row in rows(store, RESPONSIBILITIES, p=plan, prop=URIRef(prop)):
            (label,) = [value(r["l"]) for r in rows(store, LABELS, a=row["a"]) if r["l"].language == "zh"
                        and value(r["l"]).startswith(("某", "综", "应"))]
            found.add((value(row["mt"])[:2], label, role))
    assert found == {("1.", "某市应急管理局", "lead"), ("1.", "某市水务局", "support"),
                     ("2.", "某市气象局", "lead"), ("3.", "综合处", "lead")}


def test_targets(hand_made):
    store, plan = hand_made
    found = {(value(r["tt"]), float(value(r["v"])), value(r["u"])) for r in rows(store, TARGETS, p=plan)}
    assert found == {("确保因灾死亡人数下降15%", 15.0, "%"), ("年底前建成5-8支专业队伍", 5.0, "支")}


def test_the_scorer_reading_of_the_export_agrees(hand_made, tmp_path):
    """rdflib over the N-Quads export, as score.py reads it, finds what the store finds."""
    store, plan = hand_made
    dataset = Dataset(default_union=True)
    dataset.parse(data=store.export("nquads").decode("utf-8"), format="nquads")
    namespaces = {"emo": EMO._NS, "dcterms": DCTERMS, "rdfs": RDFS, "skos": SKOS}
    for query in (METADATA, AGENCIES, HAZARDS, DEADLINES, TARGETS):
        expected = sorted(tuple(value(r[name]) for name in r if name != "p")
                          for r in rows(store, query, p=plan))
        got = sorted(tuple(None if term is None else str(term) for term in row)[1:]
                     for row in dataset.query(query, initNs=namespaces, initBindings={"p": plan}))
        assert got == expected, query


# --- the built samples ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples(sample_store):
    with Store(sample_store, read_only=True) as store:
        plans = {value(r["s"]): r["p"] for r in rows(store, PLANS)}
        yield store, plans


def test_every_sample_is_one_plan(samples, sample_paths):
    _, plans = samples
    assert sorted(plans) == sorted(path.name for path in sample_paths)


def test_contract_queries_run_on_every_sample_with_well_typed_values(samples):
    store, plans = samples
    for plan in plans.values():
        for row in rows(store, METADATA, p=plan):
            if row["y"] is not None:
                assert row["y"].datatype.value.endswith("#integer")
            if row["lvl"] is not None:
                assert value(row["lvl"]) in {"province", "city", "county", "district", "town"}
        for row in rows(store, AGENCIES, p=plan):
            assert rows(store, LABELS, a=row["a"]), f"agency {row['a']} has no label"
        for row in rows(store, HAZARDS, p=plan):
            assert bool(store.query("ASK { ?h skos:notation ?k ; skos:inScheme hz:scheme }",
                                    substitutions={"k": row["k"]}))
        for row in rows(store, DEADLINES, p=plan):
            assert value(row["t"])
            if row["d"] is not None:
                assert row["d"].datatype.value.endswith("#date")
        for prop in (EMO.leadAgency, EMO.supportingAgency):
            for row in rows(store, RESPONSIBILITIES, p=plan, prop=URIRef(prop)):
                assert value(row["mt"])
        for row in rows(store, TARGETS, p=plan):
            assert row["v"].datatype.value.endswith("#decimal")
            Decimal(value(row["v"]))


def load_score_py():
    if not SCORE_PY.exists():
        pytest.skip("../shared/eval/score.py is not beside the repository")
    return load_module("emkg_score", SCORE_PY)  # registered: its dataclasses look their module up


def test_score_py_reads_the_samples_and_plan_metadata_is_right(sample_nquads, tmp_path):
    score = load_score_py()
    path = tmp_path / "all.nq"
    path.write_bytes(sample_nquads)
    graph = score.Graph(path)
    checked = right = 0
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        _, meta, notes = score.score_doc(graph, gold)
        assert not [note for note in notes if "no single emo:Plan" in note], notes
        checked += meta["checked"]
        right += meta["right"]
    assert checked >= 13
    assert right == checked, "plan metadata must score 1.0"


def test_literal_of_plan_year_is_what_the_scorer_compares(samples):
    store, plans = samples
    years = {value(r["y"]) for plan in plans.values() for r in rows(store, METADATA, p=plan) if r["y"]}
    assert all(str(Literal(int(year))) == year for year in years)
