"""The namespaces of the graph: the closed ``EMO`` namespace generated from ``ontology/emo.ttl``, the IRI
bases of extracted things, hazards and agency functions, and the prefixes used to print and serialise.

    >>> str(EMO.Plan)
    'https://w3id.org/emkg/ontology#Plan'
    >>> EMO.Plna
    Traceback (most recent call last):
    ...
    AttributeError: term 'Plna' not in namespace 'https://w3id.org/emkg/ontology#'
"""

from __future__ import annotations

from kg.rdf._emo import EMO

__all__ = ["EMO", "FN", "GRAPH", "HIPS", "HZ", "ID", "ONTOLOGY_GRAPH", "PREFIXES", "compact"]

EMO_IRI = "https://w3id.org/emkg/ontology#"
HZ = "https://w3id.org/emkg/hazard/"
ID = "https://w3id.org/emkg/id/"
FN = "https://w3id.org/emkg/function/"
HIPS = "https://w3id.org/emkg/hips/"
GRAPH = "https://w3id.org/emkg/graph/"
ONTOLOGY_GRAPH = GRAPH + "ontology"

# Prefix -> namespace, used by exports, query results and the default prefixes of `kg query`.
# Longer namespaces that extend a shorter one must come first for `compact` to pick the specific one.
PREFIXES: dict[str, str] = {
    "emo": EMO_IRI,
    "hz": HZ,
    "fn": FN,
    "hips": HIPS,
    "id": ID,
    "graph": GRAPH,
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace whose local part is a plain name, else ``<iri>``.

    >>> compact("https://w3id.org/emkg/hazard/typhoon")
    'hz:typhoon'
    >>> compact("https://w3id.org/emkg/id/plan/x/measure/1a2b")
    'id:plan/x/measure/1a2b'
    >>> compact("http://example.org/a")
    '<http://example.org/a>'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and all(ch.isalnum() or ch in "_-./" for ch in local):
                return f"{prefix}:{local}"
    return f"<{iri}>"
