"""The responsibility network as a networkx graph: agencies — measures — hazards, with deadlines.

    >>> from kg.store import Store
    >>> with Store("kg-store", read_only=True) as store:                      # doctest: +SKIP
    ...     network = to_networkx(store)                                        # every plan
    ...     flood = to_networkx(store, view=View(hazards=("flood",), depth=2))  # who does what about floods
    ...     agencies = to_networkx(store, view="agencies")                      # agencies sharing measures
    >>> sorted(nx.degree_centrality(agencies).items(), key=lambda kv: -kv[1])[:5]  # doctest: +SKIP

The graph is a ``networkx.DiGraph`` keyed by IRI. Every node has ``kind`` (``agency``, ``measure`` or
``hazard``), ``label`` (Chinese) and, where the ontology has one, ``label_en``. Besides:

- agency: ``lead`` and ``support`` (how many measures of the view it leads or supports), ``load``
  (lead + support), ``function`` (a key of the agency-function scheme) with ``function_label`` and
  ``function_label_en``, ``national`` and ``division`` (booleans), ``alt_labels`` (other names, joined
  by " | ");
- measure: ``text``, ``number`` (as written), ``plan`` (its IRI), ``plan_title``, ``plan_source``, ``place``
  (the plan's jurisdiction), ``section``, ``deadline`` (the time expressions as written, joined by "; "),
  ``due`` (the earliest resolved due date, ``YYYY-MM-DD``), ``char_start`` and ``char_end`` (offsets into
  the plan's normalised text; not ``start``/``end``, which GEXF reads as times);
- hazard: ``key`` (of the hazard scheme) and ``load`` (how many measures of the view address it).

Edges: agency → measure with ``kind`` ``lead`` or ``support`` and ``evidence`` (the text that says so, pieces
joined by " … "), ``char_start`` (offset of its first piece); measure → hazard with ``kind``
``addresses``; internal division → parent agency with ``kind`` ``part_of``. Attributes are only strings,
integers and booleans (never None), so :func:`export_graph` can write GraphML and GEXF as they are.

The ``agencies`` view projects the network onto agencies: two agencies are linked when they share measures
(``weight`` = how many), for centrality and community detection in notebooks.

A measure with no agency and no hazard says nothing about who does what: the network leaves it out.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.rdf.iris import graph_iri, key_of
from kg.rdf.namespaces import EMO_IRI, FN, HZ, ONTOLOGY_GRAPH

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import Store

__all__ = ["GRAPH_FORMATS", "VIEWS", "View", "export_graph", "to_networkx"]

VIEWS = ("responsibility", "agencies")
GRAPH_FORMATS = ("graphml", "gexf")
EVIDENCE_JOINER = " … "
ROLE_OF = {EMO_IRI + "LeadRole": "lead", EMO_IRI + "SupportRole": "support"}


@dataclass(frozen=True)
class View:
    """What part of the network to draw.

    ``plans`` (IRIs, keys or source file names) and ``places`` (jurisdiction names) choose the plans;
    ``since``/``until`` keep measures with a due date in that range (inclusive). ``agencies`` (names, other
    names or IRIs; a part of a name matches when no name matches whole), ``hazards`` (keys, labels, cue words
    or IRIs; narrower hazards included), ``functions`` (agency-function keys) and ``keyword`` (any part of a
    label or a measure's text) focus the view on what lies within ``depth`` steps of what they match; several
    of them together keep what lies near each.
    """

    name: str = "responsibility"
    plans: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    hazards: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    keyword: str | None = None
    depth: int = 2
    since: dt.date | None = None
    until: dt.date | None = None

    def __post_init__(self) -> None:
        if self.name not in VIEWS:
            raise KGError(f"unknown view {self.name!r}: use one of {', '.join(VIEWS)}")
        if self.depth < 0:
            raise KGError(f"depth must be 0 or more, not {self.depth}")
        if self.since and self.until and self.since > self.until:
            raise KGError(f"--since {self.since} comes after --until {self.until}: swap them")

    @property
    def focused(self) -> bool:
        return bool(self.agencies or self.hazards or self.functions or self.keyword)

    def describe(self) -> str:
        """A short text of the filters, for page titles: ``flood · depth 2 · until 2024-06-30``."""
        parts = [*self.plans, *self.places, *self.agencies, *self.hazards, *self.functions]
        if self.keyword:
            parts.append(f"“{self.keyword}”")
        if self.focused:
            parts.append(f"depth {self.depth}")
        if self.since:
            parts.append(f"since {self.since.isoformat()}")
        if self.until:
            parts.append(f"until {self.until.isoformat()}")
        return " · ".join(parts)


# --- reading the store ---------------------------------------------------------------------------

_PLANS = """
SELECT ?plan ?source ?title ?place WHERE {
  ?plan a emo:Plan ; dcterms:source ?source .
  OPTIONAL { ?plan dcterms:title ?title }
  OPTIONAL { ?plan emo:jurisdiction/rdfs:label ?place }
}"""

_MEASURES = """
SELECT ?measure ?plan ?text ?number ?section ?start ?end WHERE {
  ?plan emo:hasMeasure ?measure . ?measure emo:text ?text .
  OPTIONAL { ?measure emo:itemNumber ?number }
  OPTIONAL { ?measure emo:inSection/emo:heading ?section }
  OPTIONAL { ?measure emo:evidence/oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end }
}"""

_RESPONSIBILITIES = """
SELECT ?measure ?agency ?role ?quote ?start WHERE {
  ?responsibility a emo:Responsibility ; emo:ofMeasure ?measure ; emo:agency ?agency ; emo:role ?role .
  OPTIONAL { ?responsibility emo:evidence ?evidence . ?evidence oa:hasSelector ?quoted , ?position .
             ?quoted oa:exact ?quote . ?position oa:start ?start }
}"""

_AGENCIES = """
SELECT ?agency ?label ?alt ?function ?parent ?national WHERE {
  ?agency a emo:Agency .
  OPTIONAL { ?agency rdfs:label ?label }
  OPTIONAL { ?agency skos:altLabel ?alt }
  OPTIONAL { ?agency emo:agencyFunction ?function }
  OPTIONAL { ?agency org:subOrganizationOf ?parent }
  BIND(EXISTS { ?agency a emo:NationalAgency } AS ?national)
}"""

_MEASURE_HAZARDS = "SELECT ?measure ?hazard WHERE { ?measure a emo:Measure ; emo:addressesHazard ?hazard }"

_CONCEPTS = """
SELECT ?concept ?label ?broader WHERE {
  ?concept skos:inScheme ?scheme . FILTER(?scheme IN (hz:scheme, fn:scheme))
  OPTIONAL { ?concept skos:prefLabel|skos:altLabel ?label }
  OPTIONAL { ?concept skos:broader+ ?broader }
}"""

_PREF_LABELS = """
SELECT ?concept ?label WHERE {
  ?concept skos:inScheme ?scheme ; skos:prefLabel ?label . FILTER(?scheme IN (hz:scheme, fn:scheme))
}"""

_DEADLINES = """
SELECT ?measure ?text ?due WHERE {
  ?measure emo:hasDeadline ?deadline . ?deadline emo:deadlineText ?text .
  OPTIONAL { ?deadline emo:dueDate ?due }
}"""


def _rows(store: Store, sparql: str, graphs: list[str] | None = None) -> list[dict[str, Any]]:
    """The solutions of a SELECT (over ``graphs``, or all) as dicts of plain values (absent ones left out)."""
    result = store.query(sparql, graphs=graphs)
    names = [variable.value for variable in result.variables]
    rows = []
    for solution in result:
        rows.append({name: term.value for name, term in zip(names, solution, strict=True)
                     if term is not None})
    return rows


def _labelled(store: Store, sparql: str,
              graphs: list[str] | None = None) -> list[tuple[dict[str, Any], str | None]]:
    """Like :func:`_rows`, with the language tag of ``?label``."""
    result = store.query(sparql, graphs=graphs)
    names = [variable.value for variable in result.variables]
    rows = []
    for solution in result:
        row = {name: term.value for name, term in zip(names, solution, strict=True) if term is not None}
        label = solution["label"]
        rows.append((row, getattr(label, "language", None) if label is not None else None))
    return rows


@dataclass
class _Facts:
    """Everything the network is made of, read from the store in a few queries."""

    plans: dict[str, dict[str, str]] = field(default_factory=dict)
    measures: dict[str, dict[str, Any]] = field(default_factory=dict)
    responsibilities: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    agencies: dict[str, dict[str, Any]] = field(default_factory=dict)
    measure_hazards: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))  # concept -> lang
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # concept -> every label
    broader: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    deadlines: dict[str, list[tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(list))


def _read_facts(store: Store, view: View) -> tuple[_Facts, set[str]]:
    """The facts of the plans ``view`` chooses (read from their graphs only: a plan or a place of a large
    store is drawn without reading the rest), and those plans."""
    facts = _Facts()
    for row in _rows(store, _PLANS):
        facts.plans.setdefault(row["plan"], row)
    plans = _chosen_plans(store, facts, view)
    graphs = None
    if plans != set(facts.plans):
        graphs = [ONTOLOGY_GRAPH, *(graph_iri(key) for key in map(key_of, sorted(plans)) if key)]
    _read_plan_facts(store, facts, graphs)
    return facts, plans


def _read_plan_facts(store: Store, facts: _Facts, graphs: list[str] | None) -> None:
    for row in _rows(store, _MEASURES, graphs):
        facts.measures.setdefault(row["measure"], row)
    for row in _rows(store, _RESPONSIBILITIES, graphs):
        role = ROLE_OF.get(row["role"])
        if role is None:
            continue
        entry = facts.responsibilities.setdefault((row["agency"], row["measure"]),
                                                  {"roles": set(), "quotes": {}})
        entry["roles"].add(role)
        if "quote" in row:
            entry["quotes"][int(row.get("start", 0))] = row["quote"]
    for row in _rows(store, _AGENCIES, graphs):
        agency = facts.agencies.setdefault(row["agency"], {"alt": set()})
        for name in ("label", "function", "parent"):
            if name in row:
                agency[name] = row[name]
        if "alt" in row:
            agency["alt"].add(row["alt"])
        agency["national"] = row.get("national") == "true"
    for row in _rows(store, _MEASURE_HAZARDS, graphs):
        facts.measure_hazards[row["measure"]].add(row["hazard"])
    for row, _language in _labelled(store, _CONCEPTS, graphs):
        if "label" in row:
            facts.names[row["concept"]].add(row["label"])
        if "broader" in row:
            facts.broader[row["concept"]].add(row["broader"])
    for row, language in _labelled(store, _PREF_LABELS, graphs):
        facts.labels[row["concept"]][language or ""] = row["label"]
    for row in _rows(store, _DEADLINES, graphs):
        facts.deadlines[row["measure"]].append((row["text"], row.get("due")))


# --- building the graph --------------------------------------------------------------------------


def to_networkx(store: Store, view: View | str = "responsibility") -> nx.DiGraph:
    """The responsibility network of ``store`` (or the part of it ``view`` asks for), as a DiGraph.

    ``view`` is a :class:`View` or the name of one (``responsibility``, ``agencies``). Raises
    :class:`~kg.errors.KGError` when a focus option matches nothing in the store.
    """
    if isinstance(view, str):
        view = View(name=view)
    facts, plans = _read_facts(store, view)
    measures = _chosen_measures(facts, plans, view)
    graph = _network(facts, measures)
    if view.focused:
        graph = _focus(graph, facts, view)
    _count_loads(graph)
    graph.graph["view"] = view.name
    if view.describe():
        graph.graph["filters"] = view.describe()
    return _agency_projection(graph) if view.name == "agencies" else graph


def _chosen_plans(store: Store, facts: _Facts, view: View) -> set[str]:
    plans = set(facts.plans)
    if view.plans:
        plans = {store.resolve_plan(ref) for ref in view.plans}
    if view.places:
        wanted = set(view.places)
        plans = {plan for plan in plans if facts.plans.get(plan, {}).get("place") in wanted}
    return plans


def _chosen_measures(facts: _Facts, plans: set[str], view: View) -> list[str]:
    chosen = []
    for measure, row in facts.measures.items():
        if row["plan"] not in plans:
            continue
        if (view.since or view.until) and not _due_in(facts.deadlines.get(measure, []), view):
            continue
        chosen.append(measure)
    return sorted(chosen)


def _due_in(deadlines: list[tuple[str, str | None]], view: View) -> bool:
    for _text, due in deadlines:
        if due is None:
            continue
        day = dt.date.fromisoformat(due)
        if (view.since is None or day >= view.since) and (view.until is None or day <= view.until):
            return True
    return False


def _network(facts: _Facts, measures: list[str]) -> nx.DiGraph:
    import networkx as nx

    graph = nx.DiGraph()
    by_measure: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for (agency, measure), entry in facts.responsibilities.items():
        by_measure[measure].append((agency, entry))
    for measure in measures:
        agencies, hazards = by_measure.get(measure, []), facts.measure_hazards.get(measure, set())
        if not agencies and not hazards:
            continue
        graph.add_node(measure, **_measure_attributes(facts, measure))
        for agency, entry in sorted(agencies, key=lambda pair: pair[0]):
            if agency not in graph:
                graph.add_node(agency, **_agency_attributes(facts, agency))
            graph.add_edge(agency, measure, **_responsibility_attributes(entry))
        for hazard in sorted(hazards):
            if hazard not in graph:
                graph.add_node(hazard, **_hazard_attributes(facts, hazard))
            graph.add_edge(measure, hazard, kind="addresses")
    _add_parents(graph, facts)
    return graph


def _add_parents(graph: nx.DiGraph, facts: _Facts) -> None:
    """Link internal divisions to the bodies they belong to, adding those bodies when they are missing."""
    pending = [node for node, data in graph.nodes(data=True) if data["kind"] == "agency"]
    while pending:
        agency = pending.pop()
        parent = facts.agencies.get(agency, {}).get("parent")
        if parent is None or parent == agency or graph.has_edge(agency, parent):
            continue
        if parent not in graph:
            graph.add_node(parent, **_agency_attributes(facts, parent))
            pending.append(parent)
        graph.add_edge(agency, parent, kind="part_of")


def _measure_attributes(facts: _Facts, measure: str) -> dict[str, Any]:
    row = facts.measures[measure]
    plan = facts.plans.get(row["plan"], {})
    text = row["text"]
    attributes: dict[str, Any] = {"kind": "measure", "label": _measure_label(row.get("number"), text),
                                  "text": text, "plan": row["plan"],
                                  "plan_source": plan.get("source", "")}
    for name, value in (("number", row.get("number")), ("section", row.get("section")),
                        ("plan_title", plan.get("title")), ("place", plan.get("place"))):
        if value:
            attributes[name] = value
    if "start" in row and "end" in row:
        attributes["char_start"], attributes["char_end"] = int(row["start"]), int(row["end"])
    deadlines = facts.deadlines.get(measure, [])
    if deadlines:
        attributes["deadline"] = "; ".join(dict.fromkeys(text for text, _due in deadlines))
        dues = sorted(due for _text, due in deadlines if due)
        if dues:
            attributes["due"] = dues[0]
    return attributes


def _measure_label(number: str | None, text: str, width: int = 12) -> str:
    """A short label: the item number and the first words (the full text goes in the tooltip)."""
    body = text[len(number):] if number and text.startswith(number) else text
    body = " ".join(body.split())
    clipped = body[:width] + ("…" if len(body) > width else "")
    return f"{number} {clipped}" if number else clipped


def _agency_attributes(facts: _Facts, agency: str) -> dict[str, Any]:
    record = facts.agencies.get(agency, {"alt": set()})
    label = record.get("label") or agency.rsplit("/", 1)[-1]
    attributes: dict[str, Any] = {"kind": "agency", "label": label,
                                  "national": bool(record.get("national")),
                                  "division": "parent" in record}
    alt = sorted(set(record.get("alt", ())) - {label})
    if alt:
        attributes["alt_labels"] = " | ".join(alt)
    function = record.get("function")
    if function:
        attributes["function"] = function[len(FN):] if function.startswith(FN) else function
        for language, name in (("zh", "function_label"), ("en", "function_label_en")):
            if language in facts.labels.get(function, {}):
                attributes[name] = facts.labels[function][language]
    return attributes


def _hazard_attributes(facts: _Facts, hazard: str) -> dict[str, Any]:
    key = hazard[len(HZ):] if hazard.startswith(HZ) else hazard
    labels = facts.labels.get(hazard, {})
    attributes: dict[str, Any] = {"kind": "hazard", "key": key, "label": labels.get("zh", key)}
    if "en" in labels:
        attributes["label_en"] = labels["en"]
    return attributes


def _responsibility_attributes(entry: dict[str, Any]) -> dict[str, Any]:
    # Lead and support of the same measure by the same agency (rare) is drawn as lead.
    attributes: dict[str, Any] = {"kind": "lead" if "lead" in entry["roles"] else "support"}
    quotes = entry["quotes"]
    if quotes:
        attributes["evidence"] = EVIDENCE_JOINER.join(quotes[start] for start in sorted(quotes))
        attributes["char_start"] = min(quotes)
    return attributes


def _count_loads(graph: nx.DiGraph) -> None:
    """Responsibility load of agencies (measures led and supported) and hazards (measures addressing)."""
    for node, data in graph.nodes(data=True):
        if data["kind"] == "agency":
            kinds = [graph.edges[node, measure]["kind"] for measure in graph.successors(node)]
            data["lead"], data["support"] = kinds.count("lead"), kinds.count("support")
            data["load"] = data["lead"] + data["support"]
        elif data["kind"] == "hazard":
            data["load"] = graph.in_degree(node)


# --- focus ---------------------------------------------------------------------------------------


def _focus(graph: nx.DiGraph, facts: _Facts, view: View) -> nx.DiGraph:
    """The nodes within ``view.depth`` steps of each focus option's matches (and the edges among them)."""
    import networkx as nx

    undirected = graph.to_undirected(as_view=True)
    kept: set[str] | None = None
    every_seed: set[str] = set()
    for seeds in _seed_sets(graph, facts, view):
        near: set[str] = set()
        for seed in seeds:
            near.update(nx.single_source_shortest_path_length(undirected, seed, cutoff=view.depth))
        kept = near if kept is None else kept & near
        every_seed |= seeds
    kept = kept or set()
    # What lies near each focus is kept with the matches it lies near: an agency and a hazard at depth 1
    # give their shared measures, and the agency and the hazard themselves.
    kept |= {seed for seed in every_seed if any(other in kept for other in undirected[seed])}
    sub = graph.subgraph(kept).copy()
    sub.remove_nodes_from([node for node in list(sub) if sub.degree(node) == 0 and node not in every_seed])
    return sub


def _seed_sets(graph: nx.DiGraph, facts: _Facts, view: View) -> Iterable[set[str]]:
    if view.agencies:
        yield _matching_agencies(graph, view.agencies)
    if view.hazards:
        yield _matching_hazards(graph, facts, view.hazards)
    if view.functions:
        wanted = set(view.functions)
        seeds = {node for node, data in graph.nodes(data=True) if data.get("function") in wanted}
        if not seeds:
            raise KGError(f"no agency of function {', '.join(view.functions)} in this view: "
                          "try another function or fewer filters")
        yield seeds
    if view.keyword:
        seeds = _matching_keyword(graph, view.keyword)
        if not seeds:
            raise KGError(f"nothing in this view mentions {view.keyword!r}: "
                          "try another word or fewer filters")
        yield seeds


def _names_of(data: dict[str, Any]) -> list[str]:
    names = [data.get("label", "")]
    if data.get("alt_labels"):
        names += data["alt_labels"].split(" | ")
    return names


def _matching_agencies(graph: nx.DiGraph, refs: tuple[str, ...]) -> set[str]:
    agencies = {node: data for node, data in graph.nodes(data=True) if data["kind"] == "agency"}
    seeds: set[str] = set()
    for ref in refs:
        whole = {node for node, data in agencies.items() if ref == node or ref in _names_of(data)}
        part = {node for node, data in agencies.items() if any(ref in name for name in _names_of(data))}
        found = whole or part
        if not found:
            raise KGError(f"no agency named {ref!r} in this view: `kg query 'SELECT ?name WHERE "
                          "{ ?a a emo:Agency ; rdfs:label ?name }'` lists them")
        seeds |= found
    return seeds


def _matching_hazards(graph: nx.DiGraph, facts: _Facts, refs: tuple[str, ...]) -> set[str]:
    concepts = {concept for concept in facts.names if concept.startswith(HZ)}
    seeds: set[str] = set()
    for ref in refs:
        iri = ref if ref.startswith(HZ) else HZ + ref[3:] if ref.startswith("hz:") else None
        named = {concept for concept in concepts
                 if concept == iri or concept == HZ + ref or ref in facts.names[concept]}
        if not named:
            raise KGError(f"no hazard {ref!r}: give a key of ontology/hazards.tsv (flood, typhoon ...) "
                          "or its Chinese or English name")
        # narrower hazards are about the hazard too: typhoon measures belong in a meteorological view
        found = {node for node, data in graph.nodes(data=True) if data["kind"] == "hazard"
                 and (node in named or facts.broader.get(node, set()) & named)}
        if not found:
            raise KGError(f"no measure of this view addresses {ref!r}: try another hazard or fewer filters")
        seeds |= found
    return seeds


def _matching_keyword(graph: nx.DiGraph, keyword: str) -> set[str]:
    word = keyword.strip().casefold()
    seeds = set()
    for node, data in graph.nodes(data=True):
        texts = [*_names_of(data), data.get("label_en", ""), data.get("text", ""), data.get("key", "")]
        if any(word in text.casefold() for text in texts if text):
            seeds.add(node)
    return seeds


# --- the agency projection -----------------------------------------------------------------------


def _agency_projection(graph: nx.DiGraph) -> nx.DiGraph:
    """Agencies only, linked (both ways) when they share measures; ``weight`` counts the shared measures."""
    import networkx as nx

    projection = nx.DiGraph(**graph.graph)
    projection.add_nodes_from((node, data) for node, data in graph.nodes(data=True)
                              if data["kind"] == "agency")
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for node, data in graph.nodes(data=True):
        if data["kind"] != "measure":
            continue
        agencies = sorted(graph.predecessors(node))
        for index, first in enumerate(agencies):
            for second in agencies[index + 1:]:
                shared[first, second] += 1
    for (first, second), weight in sorted(shared.items()):
        projection.add_edge(first, second, kind="shares", weight=weight)
        projection.add_edge(second, first, kind="shares", weight=weight)
    return projection


# --- export --------------------------------------------------------------------------------------


def export_graph(graph: nx.DiGraph, fmt: str) -> bytes:
    """``graph`` as GraphML or GEXF (UTF-8 bytes), for Gephi, Cytoscape and yEd."""
    import networkx as nx

    if fmt not in GRAPH_FORMATS:
        raise KGError(f"unknown graph format {fmt!r}: use one of {', '.join(GRAPH_FORMATS)}")
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8")
    else:
        nx.write_gexf(graph, out, encoding="utf-8")
    return out.getvalue()
