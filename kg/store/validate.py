"""Check a store against the SHACL shapes in ``ontology/shapes.ttl`` (pyshacl); say readably what is wrong.

    >>> from kg.store import Store
    >>> from kg.store.validate import validate_store
    >>> with Store() as store:
    ...     validate_store(store).text
    'validated 0 plans (0 triples): conforms'

Violations make a store fail; warnings (a plan whose document states no title or jurisdiction) are reported
but allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.rdf import iris
from kg.rdf.namespaces import ONTOLOGY_GRAPH, compact
from kg.store.store import Store, ontology_text

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["ValidationReport", "validate_graph", "validate_store"]

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a validation: ``conforms`` is False when there is a violation; ``text`` says which."""

    conforms: bool
    text: str
    violations: int = 0
    warnings: int = 0


def validate_store(store: Store, plans: list[str] | tuple[str, ...] = ()) -> ValidationReport:
    """Validate the plans in ``store`` (all of them, or those ``plans`` names) against the shapes."""
    graphs = ([iris.graph_iri(iris.key_of(store.resolve_plan(ref)) or "") for ref in plans]
              or store.plan_graphs())
    data = _rdflib_graph(store, graphs)
    ontology = _rdflib_graph(store, [ONTOLOGY_GRAPH])
    sources = dict(store.sources())
    report = validate_graph(data, ontology, sources=sources)
    header = f"validated {len(graphs)} plans ({len(data)} triples): "
    return ValidationReport(report.conforms, header + report.text, report.violations, report.warnings)


def validate_graph(data: Graph, ontology: Graph, *,
                   sources: dict[str, str] | None = None) -> ValidationReport:
    """Validate an rdflib graph of plans, with ``ontology`` (the ontology and schemes) as its ontology graph.

    ``sources`` maps plan IRIs to their file names, to say which document each problem is in.
    """
    import pyshacl
    from rdflib import Graph

    shapes = Graph().parse(data=ontology_text("shapes.ttl"), format="turtle")
    # The shapes check classes (sh:class) through rdfs:subClassOf and that concepts are in their scheme, so
    # the ontology and schemes go into the data graph (pyshacl mixes ont_graph in only when it infers).
    merged = Graph()
    for graph in (data, ontology):
        for triple in graph:
            merged.add(triple)
    conforms, results, _ = pyshacl.validate(merged, shacl_graph=shapes, inference="none",
                                            allow_warnings=True, inplace=True)
    problems = _problems(results, sources or {})
    violations = sum(1 for severity, *_ in problems if severity == "violation")
    warnings = len(problems) - violations
    if not problems:
        return ValidationReport(True, "conforms")
    lines = [f"{violations} violations, {warnings} warnings"]
    lines += [f"  {severity:9} {where}: {focus} {path}: {message}{value}"
              for severity, where, focus, path, message, value in problems]
    return ValidationReport(bool(conforms) and violations == 0, "\n".join(lines), violations, warnings)


def _problems(results: Graph, sources: dict[str, str]) -> list[tuple[str, str, str, str, str, str]]:
    """One row per validation result: severity, document, focus node, path, message, offending value."""
    from rdflib import RDF, URIRef

    rows = []
    for result in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        severity = str(results.value(result, URIRef(SH + "resultSeverity"))).rsplit("#", 1)[-1].lower()
        focus = results.value(result, URIRef(SH + "focusNode"))
        path = results.value(result, URIRef(SH + "resultPath"))
        message = results.value(result, URIRef(SH + "resultMessage"))
        value = results.value(result, URIRef(SH + "value"))
        key = iris.key_of(str(focus)) if focus is not None else None
        plan = iris.plan_iri_from_key(key) if key else None
        where = sources.get(plan, plan) if plan else "(shared)"
        rows.append((severity, where or "(shared)", _show(focus), _show(path), str(message or ""),
                     f" (value {_show(value)})" if value is not None else ""))
    order = {"violation": 0, "warning": 1, "info": 2}
    return sorted(rows, key=lambda row: (order.get(row[0], 3), *row[1:]))


def _show(term: Any) -> str:
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return compact(str(term))
    if isinstance(term, Literal):
        return repr(str(term)) if len(str(term)) <= 40 else repr(str(term)[:37] + "...")
    return "" if term is None else "[path]"


def _rdflib_graph(store: Store, graphs: list[str]) -> Graph:
    """The triples of some named graphs of the store, merged into one rdflib graph."""
    import pyoxigraph
    from rdflib import Graph

    quads = []
    for graph in graphs:
        quads += store.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph))
    data = pyoxigraph.serialize([quad.triple for quad in quads], format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data.decode("utf-8"), format="nt")
