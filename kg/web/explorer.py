"""The explorer of ``kg serve``: a page at ``/`` to search and filter the responsibility network, click a
node, read its facts and the source text they come from, and follow the query that produced them.

Routes (:func:`routes`):

- ``GET /``: the page (``kg/web/static/explorer.html``; its script and styles are files of their own, so a
  Content-Security-Policy without ``'unsafe-inline'`` holds);
- ``GET /explore/static/{name}``: ``explorer.js``, ``explorer.css``, and vis-network from pyvis's bundled
  copy (nothing comes from the network);
- ``GET /explore/facets``: plans, places, hazards and agency functions for the filters;
- ``GET /explore/graph?q=&plan=&place=&hazard=&function=&lang=``: the view as vis.js items
  (:func:`kg.views.pyvis_page.vis_elements`), with options, a legend and counts;
- ``GET /explore/node?id=IRI&lang=``: a node's facts, its evidence (paragraphs with the spans to highlight,
  as offsets into each paragraph) and the SPARQL that produced them, with a link to run it on ``/sparql``.

Everything is JSON or a fixed file: document text reaches the page only as JSON strings, which the page's
script puts into the DOM with ``textContent``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kg.errors import KGError
from kg.rdf.namespaces import EMO_IRI, FN, HZ, ID, PREFIXES

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from kg.store import Store

__all__ = ["EXPLORER_MAX_NODES", "facets", "graph_data", "node_details", "routes"]

EXPLORER_MAX_NODES = 1500  # more, and the page asks for a filter (the browser stays responsive)
MAX_EVIDENCE = 60  # paragraphs listed for one node
_NODE_IRI = re.compile(r"^(?:" + re.escape(ID) + "|" + re.escape(HZ) + r")[A-Za-z0-9._~/%-]+$")
_LEAD = EMO_IRI + "LeadRole"


def _static_files() -> dict[str, tuple[Any, str]]:
    """name -> (a traversable file, media type): the only files the explorer serves."""
    here = resources.files("kg.web") / "static"
    vis = resources.files("pyvis") / "lib" / "vis-9.1.2"
    return {
        "explorer.js": (here / "explorer.js", "text/javascript; charset=utf-8"),
        "explorer.css": (here / "explorer.css", "text/css; charset=utf-8"),
        "favicon.svg": (here / "favicon.svg", "image/svg+xml"),
        "vis-network.min.js": (vis / "vis-network.min.js", "text/javascript; charset=utf-8"),
        "vis-network.css": (vis / "vis-network.css", "text/css; charset=utf-8"),
    }


# --- facets --------------------------------------------------------------------------------------

_FACET_PLANS = """
SELECT ?plan ?source ?title ?place ?year WHERE {
  ?plan a emo:Plan ; dcterms:source ?source .
  OPTIONAL { ?plan dcterms:title ?title }
  OPTIONAL { ?plan emo:planYear ?year }
  OPTIONAL { ?plan emo:jurisdiction/rdfs:label ?place }
} ORDER BY ?place ?year ?source"""

_FACET_HAZARDS = """
SELECT ?hazard ?key ?zh ?en WHERE {
  ?hazard skos:inScheme hz:scheme ; skos:notation ?key .
  FILTER EXISTS { ?measure emo:addressesHazard ?hazard . ?measure a emo:Measure }
  OPTIONAL { ?hazard skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }
  OPTIONAL { ?hazard skos:prefLabel ?en FILTER(lang(?en) = "en") }
} ORDER BY ?key"""

_FACET_FUNCTIONS = """
SELECT ?function ?zh ?en WHERE {
  ?function skos:inScheme fn:scheme .
  FILTER EXISTS { ?agency emo:agencyFunction ?function . ?agency a emo:Agency }
  OPTIONAL { ?function skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }
  OPTIONAL { ?function skos:prefLabel ?en FILTER(lang(?en) = "en") }
} ORDER BY ?function"""


def _rows(store: Store, sparql: str, node: str | None = None) -> list[dict[str, Any]]:
    """A SELECT's solutions as dicts of values, ``?node`` bound to ``node`` as an IRI (never spliced in)."""
    import pyoxigraph

    substitutions = {"node": pyoxigraph.NamedNode(node)} if node is not None else None
    result = store.query(sparql, substitutions=substitutions)
    names = [variable.value for variable in result.variables]
    rows = []
    for solution in result:
        row = {}
        for name, term in zip(names, solution, strict=True):
            if term is not None:
                row[name] = term.value
                if getattr(term, "language", None):
                    row[name + "@"] = term.language
        rows.append(row)
    return rows


def facets(store: Store) -> dict[str, list[dict[str, str]]]:
    """What the filters offer: plans, places (jurisdictions), hazards and agency functions in the store."""
    plans = [{"value": row["source"], "label": row.get("title") or row["source"],
              "place": row.get("place", "")} for row in _rows(store, _FACET_PLANS)]
    places = sorted({plan["place"] for plan in plans if plan["place"]})
    hazards = [{"value": row["key"], "zh": row.get("zh", row["key"]), "en": row.get("en", row["key"])}
               for row in _rows(store, _FACET_HAZARDS)]
    functions = [{"value": row["function"][len(FN):], "zh": row.get("zh", ""), "en": row.get("en", "")}
                 for row in _rows(store, _FACET_FUNCTIONS) if row["function"].startswith(FN)]
    return {"plans": plans, "places": [{"value": place, "label": place} for place in places],
            "hazards": hazards, "functions": functions}


# --- the graph -----------------------------------------------------------------------------------


def graph_data(store: Store, *, q: str = "", plan: str = "", place: str = "", hazard: str = "",
               function: str = "", lang: str = "zh") -> dict[str, Any]:
    """The view the filters ask for, as vis.js items, with options, legend and counts.

    A filter that matches nothing, or a view too large to draw, gives no items and a ``message`` that says
    what to do.
    """
    from kg.views.graph import View, to_networkx
    from kg.views.pyvis_page import PHYSICS_LIMIT, layout_positions, legend_items, vis_elements, vis_options

    keyword = q.strip() or None
    if not (keyword or hazard or function):  # nothing narrows the plans' measures: count before reading them
        drawn = _drawn_measures(store, plan, place)
        if drawn > EXPLORER_MAX_NODES:
            return _too_many(drawn)
    view = View(plans=(plan,) if plan else (), places=(place,) if place else (),
                hazards=(hazard,) if hazard else (), functions=(function,) if function else (),
                keyword=keyword, depth=1 if keyword or function else 2)
    try:
        graph = to_networkx(store, view)
    except KGError as error:
        return {"nodes": [], "edges": [], "legend": [], "counts": {}, "message": str(error)}
    count = graph.number_of_nodes()
    if count > EXPLORER_MAX_NODES:
        return _too_many(count)
    physics = count <= PHYSICS_LIMIT
    nodes, edges = vis_elements(graph, lang, None if physics else layout_positions(graph))
    kinds = [data["kind"] for _node, data in graph.nodes(data=True)]
    counts = {"nodes": count, "edges": graph.number_of_edges(), "agencies": kinds.count("agency"),
              "measures": kinds.count("measure"), "hazards": kinds.count("hazard")}
    return {"nodes": nodes, "edges": edges, "options": vis_options(physics),
            "legend": legend_items(graph, lang), "counts": counts,
            "message": "" if count else "nothing matches: try fewer filters"}


_DRAWN = "?plan emo:hasMeasure ?measure . " \
         "FILTER EXISTS { { ?measure emo:addressesHazard ?hazard } UNION { ?r emo:ofMeasure ?measure } }"
_DRAWN_MEASURES = f"SELECT (COUNT(DISTINCT ?measure) AS ?n) WHERE {{ {_DRAWN} }}"
_DRAWN_MEASURES_BY_PLACE = f"""
SELECT ?place (COUNT(DISTINCT ?measure) AS ?n) WHERE {{ ?plan emo:jurisdiction/rdfs:label ?place . {_DRAWN} }}
GROUP BY ?place"""


def _drawn_measures(store: Store, plan: str, place: str) -> int:
    """How many measures the view of ``place`` (or of everything) draws, at least: those with an agency or
    a hazard; a large store's whole network is not read just to find that it is too large. (A plan's view
    reads that plan's graph only: it is not counted first.)"""
    if plan:
        return 0
    if not place:
        return sum(int(row["n"].value) for row in store.query(_DRAWN_MEASURES))
    return max((int(row["n"].value) for row in store.query(_DRAWN_MEASURES_BY_PLACE)
                if row["place"].value == place), default=0)


def _too_many(count: int) -> dict[str, Any]:
    return {"nodes": [], "edges": [], "legend": [], "counts": {"nodes": count},
            "message": f"{count} nodes: choose a plan, a place or a hazard, or search, to narrow the view"}


# --- a node's details ----------------------------------------------------------------------------

_KIND = "SELECT ?node ?type WHERE { ?node a ?type }"

_MEASURE = """
SELECT ?node ?fact ?value ?label ?start ?end WHERE {
  { ?node emo:text ?value ; emo:evidence/oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end .
    BIND("text" AS ?fact) }
  UNION { ?plan emo:hasMeasure ?node ; dcterms:source ?value . OPTIONAL { ?plan dcterms:title ?label }
          BIND("plan" AS ?fact) }
  UNION { ?node emo:inSection/emo:heading ?value . BIND("section" AS ?fact) }
  UNION { ?node emo:itemNumber ?value . BIND("number" AS ?fact) }
  UNION { ?node emo:hasDeadline ?d . ?d emo:deadlineText ?value ; emo:evidence/oa:hasSelector ?p .
          ?p oa:start ?start ; oa:end ?end . OPTIONAL { ?d emo:dueDate ?label } BIND("deadline" AS ?fact) }
  UNION { ?node emo:addressesHazard ?value . ?value skos:prefLabel ?label . BIND("hazard" AS ?fact) }
  UNION { ?r emo:ofMeasure ?node ; emo:role ?role ; emo:agency ?value ; emo:evidence/oa:hasSelector ?p .
          ?p oa:start ?start ; oa:end ?end . ?value rdfs:label ?label .
          BIND(IF(?role = emo:LeadRole, "lead", "support") AS ?fact) }
}"""

_AGENCY = """
SELECT ?node ?fact ?value ?label ?measure ?text ?offset ?start ?end WHERE {
  { ?node rdfs:label ?value . BIND("name" AS ?fact) }
  UNION { ?node skos:altLabel ?value . BIND("alt" AS ?fact) }
  UNION { ?node emo:agencyFunction ?value . ?value skos:prefLabel ?label . BIND("function" AS ?fact) }
  UNION { ?node org:subOrganizationOf ?value . ?value rdfs:label ?label . BIND("parent" AS ?fact) }
  UNION { ?r emo:agency ?node ; emo:role ?role ; emo:ofMeasure ?measure ; emo:evidence/oa:hasSelector ?p .
          ?p oa:start ?start ; oa:end ?end .
          ?measure emo:text ?text ; emo:evidence/oa:hasSelector ?mp . ?mp oa:start ?offset .
          ?plan emo:hasMeasure ?measure ; dcterms:source ?value . OPTIONAL { ?plan dcterms:title ?label }
          BIND(IF(?role = emo:LeadRole, "lead", "support") AS ?fact) }
}"""

_HAZARD = """
SELECT ?node ?fact ?value ?label ?measure ?text WHERE {
  { ?node skos:prefLabel ?value . BIND("name" AS ?fact) }
  UNION { ?node skos:altLabel ?value . BIND("cue" AS ?fact) }
  UNION { ?node skos:broader ?value . ?value skos:prefLabel ?label . BIND("broader" AS ?fact) }
  UNION { ?measure emo:addressesHazard ?node ; emo:text ?text . ?plan emo:hasMeasure ?measure ;
          dcterms:source ?value . OPTIONAL { ?plan dcterms:title ?label } BIND("measure" AS ?fact) }
}"""

WORDS = {
    "zh": {"measure": "任务措施", "agency": "责任主体", "hazard": "灾种", "plan": "规划", "section": "章节",
           "number": "编号", "deadline": "时限", "due": "截止", "lead": "牵头", "support": "配合",
           "name": "名称", "alt": "其他名称", "function": "职能", "parent": "上级机构", "broader": "上位灾种",
           "cue": "提示词", "text": "原文"},
    "en": {"measure": "measure", "agency": "agency", "hazard": "hazard", "plan": "plan", "section": "section",
           "number": "item", "deadline": "deadline", "due": "due", "lead": "lead", "support": "support",
           "name": "name", "alt": "other names", "function": "function", "parent": "part of",
           "broader": "broader hazard", "cue": "cue words", "text": "text"},
}


def sparql_with_node(sparql: str, node: str) -> str:
    """The query as it ran, with ``?node`` written in (for ``/sparql``; the IRI was checked by
    :func:`node_details`), and the prefixes it uses declared."""
    used = [prefix for prefix in PREFIXES if f"{prefix}:" in sparql]
    declarations = "".join(f"PREFIX {prefix}: <{PREFIXES[prefix]}>\n" for prefix in used)
    body = sparql.strip().replace("WHERE {", f"WHERE {{\n  VALUES ?node {{ <{node}> }}", 1)
    return declarations + body


def node_details(store: Store, node: str, lang: str = "zh") -> dict[str, Any]:
    """A node's facts and evidence. Raises :class:`KGError` for an IRI that is not a node of the network."""
    if not _NODE_IRI.match(node):
        raise KGError(f"{node!r} is not the IRI of an agency, a measure or a hazard")
    types = {row["type"] for row in _rows(store, _KIND, node)}
    words = WORDS.get(lang, WORDS["zh"])
    if EMO_IRI + "Measure" in types:
        sparql, details = _MEASURE, _measure_details(_rows(store, _MEASURE, node), words, lang)
    elif EMO_IRI + "Agency" in types:
        sparql, details = _AGENCY, _agency_details(_rows(store, _AGENCY, node), words, lang)
    elif node.startswith(HZ) and types:
        sparql, details = _HAZARD, _hazard_details(_rows(store, _HAZARD, node), words, lang)
    else:
        raise KGError(f"no agency, measure or hazard <{node}> in the store")
    query = sparql_with_node(sparql, node)
    return {"id": node, **details, "query": query, "sparql": "/sparql?query=" + quote(query, safe="")}


def _pick(rows: list[dict[str, Any]], lang: str, field: str = "label") -> dict[str, str]:
    """value -> its label in ``lang`` (Chinese when there is none in ``lang``)."""
    chosen: dict[str, str] = {}
    for row in rows:
        if field not in row:
            continue
        language = row.get(field + "@", "")
        if row["value"] not in chosen or language == lang:
            chosen[row["value"]] = row[field]
    return chosen


def _measure_details(rows: list[dict[str, Any]], words: dict[str, str], lang: str) -> dict[str, Any]:
    by_fact: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_fact[row["fact"]].append(row)
    text_row = by_fact["text"][0] if by_fact["text"] else {"value": "", "start": "0"}
    text, offset = text_row["value"], int(text_row["start"])
    facts: list[list[str]] = []
    for plan in by_fact["plan"][:1]:
        facts.append([words["plan"], plan.get("label") or plan["value"]])
    for name in ("section", "number"):
        facts += [[words[name], row["value"]] for row in by_fact[name][:1]]
    marks = []
    for row in sorted(by_fact["deadline"], key=lambda row: int(row["start"])):
        due = f" ({words['due']} {row['label']})" if row.get("label") else ""
        facts.append([words["deadline"], row["value"] + due])
        marks.append(_mark(row, offset, "deadline"))
    hazards = _pick(by_fact["hazard"], lang)
    if hazards:
        facts.append([words["hazard"], "、".join(sorted(hazards.values()))])
    for role in ("lead", "support"):
        names = sorted({row["label"] for row in by_fact[role]})
        if names:
            facts.append([words[role], "、".join(names)])
        marks += [_mark(row, offset, role) for row in by_fact[role]]
    marks = sorted((mark for mark in marks if 0 <= mark["start"] < mark["end"] <= len(text)),
                   key=lambda mark: (mark["start"], mark["end"]))
    plan_label = facts[0][1] if by_fact["plan"] else ""
    evidence = [{"heading": plan_label, "text": text, "marks": marks}]
    return {"kind": "measure", "title": text[:60] + ("…" if len(text) > 60 else ""),
            "kind_label": words["measure"], "facts": facts, "evidence": evidence}


def _mark(row: dict[str, Any], offset: int, kind: str) -> dict[str, Any]:
    return {"start": int(row["start"]) - offset, "end": int(row["end"]) - offset, "kind": kind}


def _agency_details(rows: list[dict[str, Any]], words: dict[str, str], lang: str) -> dict[str, Any]:
    by_fact: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_fact[row["fact"]].append(row)
    name = by_fact["name"][0]["value"] if by_fact["name"] else ""
    facts: list[list[str]] = []
    alt = sorted({row["value"] for row in by_fact["alt"]} - {name})
    if alt:
        facts.append([words["alt"], "、".join(alt)])
    functions = _pick(by_fact["function"], lang)
    if functions:
        facts.append([words["function"], "、".join(functions.values())])
    facts += [[words["parent"], row["label"]] for row in by_fact["parent"][:1]]
    evidence = []
    for role in ("lead", "support"):
        # one paragraph per measure, every piece of evidence marked in it; in plan and document order
        rows = sorted(by_fact[role], key=lambda row: (row["value"], int(row["offset"])))
        measures: dict[str, dict[str, Any]] = {}
        for row in rows:
            heading = f"{words[role]} · {row.get('label') or row['value']}"
            entry = measures.setdefault(row["measure"], {"heading": heading, "text": row["text"], "marks": [],
                                                         "measure": row["measure"], "role": role})
            entry["marks"].append(_mark(row, int(row["offset"]), role))
        if measures:
            facts.append([words[role], str(len(measures))])
        evidence += list(measures.values())
    for entry in evidence:
        entry["marks"] = sorted((mark for mark in entry["marks"] if 0 <= mark["start"] < mark["end"]
                                 <= len(entry["text"])), key=lambda mark: (mark["start"], mark["end"]))
    return {"kind": "agency", "title": name, "kind_label": words["agency"], "facts": facts,
            "evidence": evidence[:MAX_EVIDENCE], "more": max(len(evidence) - MAX_EVIDENCE, 0)}


def _hazard_details(rows: list[dict[str, Any]], words: dict[str, str], lang: str) -> dict[str, Any]:
    by_fact: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_fact[row["fact"]].append(row)
    names = {row.get("value@", ""): row["value"] for row in by_fact["name"]}
    title = names.get(lang) or names.get("zh") or next(iter(names.values()), "")
    facts = [[words["name"], " / ".join(names[language] for language in ("zh", "en") if language in names)]]
    broader = _pick(by_fact["broader"], lang)
    if broader:
        facts.append([words["broader"], "、".join(broader.values())])
    cues = sorted({row["value"] for row in by_fact["cue"]} | {names.get("zh", "")} - {""},
                  key=len, reverse=True)
    if cues:
        facts.append([words["cue"], "、".join(sorted(cues))])
    measures: dict[str, dict[str, Any]] = {}
    for row in by_fact["measure"]:
        measures.setdefault(row["measure"], {"heading": row.get("label") or row["value"],
                                             "text": row["text"], "marks": _cue_marks(row["text"], cues),
                                             "measure": row["measure"]})
    facts.append([words["measure"], str(len(measures))])
    evidence = sorted(measures.values(), key=lambda entry: (entry["heading"], entry["text"]))
    return {"kind": "hazard", "title": title, "kind_label": words["hazard"], "facts": facts,
            "evidence": evidence[:MAX_EVIDENCE], "more": max(len(evidence) - MAX_EVIDENCE, 0)}


def _cue_marks(text: str, cues: list[str]) -> list[dict[str, Any]]:
    """Where the hazard's cue words stand in a measure's text (longest first, no overlaps)."""
    taken = [False] * len(text)
    marks = []
    for cue in cues:
        for match in re.finditer(re.escape(cue), text):
            if not any(taken[match.start():match.end()]):
                taken[match.start():match.end()] = [True] * (match.end() - match.start())
                marks.append({"start": match.start(), "end": match.end(), "kind": "hazard"})
    return sorted(marks, key=lambda mark: mark["start"])


# --- routes --------------------------------------------------------------------------------------


def _store(request: Request) -> Store:
    """The store the server opened (``app.state.store``)."""
    return request.app.state.store


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def routes() -> list[Route]:
    """The explorer's Starlette routes (the server includes them: see :mod:`kg.web`)."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    files = _static_files()

    async def page(request: Request) -> Response:
        body = (resources.files("kg.web") / "static" / "explorer.html").read_bytes()
        return Response(body, media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        entry = files.get(request.path_params["name"])
        if entry is None:  # a fixed list of names: no path from the URL ever reaches the file system
            return JSONResponse({"error": "no such file"}, status_code=404)
        file, media_type = entry
        return Response(file.read_bytes(), media_type=media_type,
                        headers={"Cache-Control": "public, max-age=3600"})

    async def facet_list(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(facets, _store(request)))

    async def graph(request: Request) -> Response:
        params = request.query_params
        data = await run_in_threadpool(graph_data, _store(request), q=params.get("q", "")[:200],
                                       plan=params.get("plan", ""), place=params.get("place", ""),
                                       hazard=params.get("hazard", ""), function=params.get("function", ""),
                                       lang=_lang(request))
        return JSONResponse(data)

    async def node(request: Request) -> Response:
        try:
            data = await run_in_threadpool(node_details, _store(request), request.query_params.get("id", ""),
                                           _lang(request))
        except KGError as error:
            return JSONResponse({"error": str(error)}, status_code=404)
        return JSONResponse(data)

    return [
        Route("/", page, methods=["GET"], name="explorer"),
        Route("/explore/static/{name}", static, methods=["GET"], name="explorer-static"),
        Route("/explore/facets", facet_list, methods=["GET"], name="explorer-facets"),
        Route("/explore/graph", graph, methods=["GET"], name="explorer-graph"),
        Route("/explore/node", node, methods=["GET"], name="explorer-node"),
    ]
