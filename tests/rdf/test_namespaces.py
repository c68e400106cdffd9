"""kg.rdf.namespaces: the closed EMO namespace is exactly the ontology's terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.rdf.namespaces import EMO, PREFIXES, compact

EMO_TTL = Path(__file__).resolve().parents[2] / "ontology" / "emo.ttl"


def declared_terms() -> set[str]:
    graph = Graph().parse(EMO_TTL, format="turtle")
    namespace = PREFIXES["emo"]
    return {str(s)[len(namespace):] for s in graph.subjects() if isinstance(s, URIRef)
            and str(s).startswith(namespace)}


def test_emo_matches_the_ontology_exactly():
    assert set(EMO.__annotations__) == declared_terms()


def test_emo_is_closed():
    assert str(EMO.leadAgency) == "https://w3id.org/emkg/ontology#leadAgency"
    with pytest.raises(AttributeError):
        EMO.leadAgent  # noqa: B018 -- the lookup itself is what is tested


def test_compact():
    assert compact("https://w3id.org/emkg/ontology#Plan") == "emo:Plan"
    assert compact("http://www.w3.org/2004/02/skos/core#broader") == "skos:broader"
    assert compact("http://example.org/x y") == "<http://example.org/x y>"
