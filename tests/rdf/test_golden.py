"""The hand-made plan maps to the graph in tests/data/rdf/handmade_plan.ttl (compared as graphs, with a
readable diff). After an intended change of the mapping, regenerate it with

    KG_UPDATE_GOLDEN=1 .venv/bin/pytest tests/rdf/test_golden.py

and review the diff of the file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.rdf.mapping import plan_to_triples
from kg.store.store import EXPORT_PREFIXES

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "rdf" / "handmade_plan.ttl"


def turtle(triples: list) -> bytes:
    ordered = sorted({pyoxigraph.Triple(*t) for t in triples}, key=str)
    return pyoxigraph.serialize(ordered, format=pyoxigraph.RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES)


def test_mapping_matches_the_golden_graph(handmade):
    data = turtle(plan_to_triples(handmade.rich_plan(), version="0.0.0"))
    if os.environ.get("KG_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(data)
    expected = to_isomorphic(Graph().parse(GOLDEN, format="turtle"))
    actual = to_isomorphic(Graph().parse(data=data.decode("utf-8"), format="turtle"))
    if expected != actual:
        _, missing, extra = graph_diff(expected, actual)
        lines = [f"- {' '.join(term.n3() for term in t)}" for t in sorted(missing)][:15]
        lines += [f"+ {' '.join(term.n3() for term in t)}" for t in sorted(extra)][:15]
        pytest.fail("the mapping differs from tests/data/rdf/handmade_plan.ttl:\n" + "\n".join(lines))
