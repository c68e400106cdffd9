"""The example queries of ontology/README.md run on the samples and find something in the hand-made plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.store import Store

README = Path(__file__).resolve().parents[2] / "ontology" / "README.md"
QUERIES = re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_the_readme_has_examples():
    assert len(QUERIES) >= 6


@pytest.mark.parametrize("query", QUERIES, ids=[f"query{i + 1}" for i in range(len(QUERIES))])
def test_example_finds_something_in_the_hand_made_plan(rich_store, query):
    assert list(rich_store.query(query)), query


@pytest.mark.parametrize("query", QUERIES, ids=[f"query{i + 1}" for i in range(len(QUERIES))])
def test_example_runs_on_the_samples(sample_store, query):
    with Store(sample_store, read_only=True) as store:
        rows = list(store.query(query))
    if "dcterms:title" in query:
        assert len(rows) == 5
