"""kg.store.validate: the samples and the hand-made plan conform; a broken graph fails with a readable
report."""

from __future__ import annotations

import dataclasses

import pyoxigraph
import pytest

from kg.model import DocumentMeta
from kg.rdf.mapping import plan_iri, plan_to_triples
from kg.rdf.namespaces import EMO
from kg.store import Store
from kg.store.validate import validate_store

XSD_STRING = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#string")


def test_the_samples_conform(sample_store):
    with Store(sample_store, read_only=True) as store:
        report = validate_store(store)
    assert report.conforms, report.text
    assert report.violations == 0
    assert report.text.startswith("validated 5 plans (")


def test_the_hand_made_plan_conforms_without_warnings(rich_store):
    report = validate_store(rich_store)
    assert report.conforms, report.text
    assert report.text.endswith(": conforms")
    assert report.warnings == 0


def test_missing_title_and_jurisdiction_are_warnings(handmade):
    plan = handmade.rich_plan()
    plan = dataclasses.replace(plan, document=dataclasses.replace(plan.document, meta=DocumentMeta()))
    with Store() as store:
        store.add_plan(plan_iri(plan.document), plan_to_triples(plan, version="0"))
        report = validate_store(store)
    assert report.conforms, report.text
    assert report.warnings == 2
    assert "the plan has no title" in report.text


def broken_triples(plan) -> list[tuple]:
    """The plan's triples with four defects: a measure without text, a due date as a string, a target
    value as a string, and a deadline that lost its evidence."""
    triples = plan_to_triples(plan, version="0")
    text, due, value = (pyoxigraph.NamedNode(str(term)) for term in (EMO.text, EMO.dueDate, EMO.numericValue))
    evidence = pyoxigraph.NamedNode(str(EMO.evidence))
    dropped_text = next(s for s, p, o in triples if p == text and o.value.startswith("1."))
    out = []
    for s, p, o in triples:
        if p == text and s == dropped_text:
            continue
        if p == evidence and "/deadline/" in s.value:
            continue
        if p in (due, value):
            o = pyoxigraph.Literal(o.value, datatype=XSD_STRING)
        out.append((s, p, o))
    return out


@pytest.fixture(scope="module")
def broken_report(handmade):
    plan = handmade.rich_plan()
    with Store() as store:
        store.add_plan(plan_iri(plan.document), broken_triples(plan))
        return validate_store(store)


def test_a_broken_graph_fails(broken_report):
    assert not broken_report.conforms
    assert broken_report.violations >= 4


@pytest.mark.parametrize("message", [
    "a measure needs exactly one non-empty emo:text",
    "emo:dueDate must be one xsd:date",
    "a target or statistic needs exactly one emo:numericValue typed xsd:decimal",
    "a deadline needs emo:evidence",
])
def test_the_report_says_what_is_wrong_where(broken_report, message):
    lines = [line for line in broken_report.text.splitlines() if message in line]
    assert lines, broken_report.text
    line = lines[0]
    assert line.lstrip().startswith("violation")
    assert "plan.txt:" in line  # the document
    assert "id:plan/plan-" in line  # the focus node, prefixed


def test_validating_some_plans(handmade):
    good, bad = handmade.rich_plan("good.txt"), handmade.rich_plan("bad.txt")
    with Store() as store:
        store.add_plan(plan_iri(good.document), plan_to_triples(good, version="0"))
        store.add_plan(plan_iri(bad.document), broken_triples(bad))
        assert validate_store(store, plans=["good.txt"]).conforms
        report = validate_store(store, plans=["bad.txt"])
        assert not report.conforms
        assert report.text.startswith("validated 1 plans")
        assert not validate_store(store).conforms
