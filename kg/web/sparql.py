"""The SPARQL 1.1 Protocol endpoint ``/sparql`` and the named queries over HTTP (``/queries``).

``/sparql`` answers ``GET ?query=``, ``POST`` form-encoded (``query=`` or ``update=``) and ``POST`` direct
(``application/sparql-query`` / ``application/sparql-update``), with ``default-graph-uri`` and
``named-graph-uri``; the default graph is the union of all graphs. Results are negotiated from ``Accept``
(:mod:`kg.web.negotiation`): SPARQL JSON (the default), XML, CSV or TSV for SELECT and ASK; Turtle (the
default), N-Triples, RDF/XML or JSON-LD for CONSTRUCT and DESCRIBE. ``GET /sparql`` without a query returns
the service description (or, to a browser, a page with a form).

Every query runs in a worker process with a time limit and a row limit (:mod:`kg.web.workers`); the answer
is buffered, so an error is never a 200. Queries with ``SERVICE`` are refused (the server makes no requests
of its own); updates are refused unless the server was started with ``--allow-update --token``, and then
need the token, the same origin, and no ``LOAD`` or ``SERVICE``.

``GET /queries`` lists the named queries (JSON); ``GET /queries/NAME?param=value`` runs one, the values bound
as RDF terms.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kg.web.workers import Job, Outcome

if TYPE_CHECKING:
    from kg.web.app import Site

__all__ = ["forbidden_keyword", "routes"]

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"

def forbidden_keyword(text: str, keywords: tuple[str, ...]) -> str | None:
    """The first of ``keywords`` (e.g. SERVICE, LOAD) used as a keyword in the SPARQL ``text``, or None.

    Comments, strings, IRIs, variables and prefixed names are skipped, so ``FILTER(CONTAINS(?t, "service"))``
    or ``?service`` is fine.

        >>> forbidden_keyword('SELECT * { ?s ?p "SERVICE" } # SERVICE', ("SERVICE",))
        >>> forbidden_keyword('SELECT * { service <http://x> { ?s ?p ?o } }', ("SERVICE",))
        'SERVICE'
    """
    from kg.store.results import sparql_words

    wanted = {keyword.upper() for keyword in keywords}
    for word, _ in sparql_words(text):
        if word.upper() in wanted:
            return word.upper()
    return None


def routes(site: Site) -> list[BaseRoute]:
    """The routes of the SPARQL endpoint and the named queries (see :mod:`kg.web.app` for the hook)."""
    return [
        Route("/sparql", _endpoint(site), methods=["GET", "POST"], name="sparql"),
        Route("/queries", _list_queries, methods=["GET"], name="queries"),
        Route("/queries/{name}", _named(site), methods=["GET"], name="named_query"),
    ]


def _respond(outcome: Outcome) -> Response:
    return Response(outcome.body, status_code=outcome.status, media_type=outcome.media_type,
                    headers=outcome.headers)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    outcome = Outcome.error(status, message)
    return Response(outcome.body, status_code=status, media_type=outcome.media_type, headers=headers)


def _endpoint(site: Site) -> Any:
    async def sparql(request: Request) -> Response:
        parsed = await _operation(request, site)
        if isinstance(parsed, Response):
            return parsed
        kind, text, defaults, named = parsed
        if kind == "update":
            return await _update(request, site, text)
        keyword = forbidden_keyword(text, ("SERVICE",))
        if keyword:
            return _error(403, "SERVICE is refused here: this server makes no requests for a query")
        job = Job(sparql=text, accept=request.headers.get("accept"), default_graphs=tuple(defaults),
                  named_graphs=tuple(named), max_rows=site.config.max_rows, timeout=site.config.timeout)
        return _respond(await site.run(job))

    return sparql


async def _operation(request: Request, site: Site) -> tuple[str, str, list[str], list[str]] | Response:
    """``(query|update, text, default graphs, named graphs)`` from a protocol request, or the error answer."""
    url_params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        if "update" in url_params:
            return _error(400, "an update must be sent with POST")
        if "query" not in url_params:
            return _describe(request, site)
        return _pick("query", url_params)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _error(400, "the request body is not UTF-8")
    if content_type == FORM:
        form = parse_qs(text, keep_blank_values=True)
        if ("query" in form) == ("update" in form):
            return _error(400, "give exactly one of query= and update=")
        return _pick("query" if "query" in form else "update", form)
    if content_type == QUERY_TYPE:
        return "query", text, url_params.get("default-graph-uri", []), url_params.get("named-graph-uri", [])
    if content_type == UPDATE_TYPE:
        return "update", text, [], []
    return _error(415, f"POST {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}, not {content_type or 'nothing'}")


def _pick(kind: str, params: dict[str, list[str]]) -> tuple[str, str, list[str], list[str]] | Response:
    """The operation and, for a query, its dataset (an update's using-graph-uri is not supported)."""
    values = params[kind]
    if len(values) != 1:
        return _error(400, f"give {kind}= once")
    if kind == "update":
        return kind, values[0], [], []
    return kind, values[0], params.get("default-graph-uri", []), params.get("named-graph-uri", [])


async def _update(request: Request, site: Site, text: str) -> Response:
    from kg.web.security import check_token, refuse_cross_site

    if not site.config.allow_update:
        return _error(403, "this endpoint is read-only: start kg serve with --allow-update --token TOKEN to "
                           "allow SPARQL Update")
    refusal = refuse_cross_site(request.headers)
    if refusal:
        return _error(403, refusal)
    refusal = check_token(request.headers.get("authorization"), site.config.token)
    if refusal:
        return _error(401, refusal, headers={"WWW-Authenticate": 'Bearer realm="kg"'})
    keyword = forbidden_keyword(text, ("LOAD", "SERVICE"))
    if keyword:
        return _error(403, f"{keyword} is refused here: this server makes no requests for an update")
    return _respond(await site.update(text))


def _named(site: Site) -> Any:
    async def run_named(request: Request) -> Response:
        from kg.store.named import named_queries

        name = request.path_params["name"]
        if name not in named_queries():
            return _error(404, f"no named query {name!r}: GET /queries lists them")
        values = tuple((key, value) for key, value in request.query_params.multi_items())
        job = Job(name=name, values=values, accept=request.headers.get("accept"),
                  max_rows=site.config.max_rows, timeout=site.config.timeout)
        return _respond(await site.run(job))

    return run_named


async def _list_queries(request: Request) -> Response:
    from kg.store.named import named_queries

    return JSONResponse([{"name": q.name, "summary": q.summary, "description": q.description,
                          "parameters": [{"name": p.name, "type": p.type, "required": p.required,
                                          "default": p.default, "description": p.description}
                                         for p in q.parameters]}
                         for q in named_queries().values()])


_SD_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "RDF_XML", "JSON-LD")


def _describe(request: Request, site: Site) -> Response:
    """The SPARQL 1.1 Service Description of the endpoint (Turtle), or a page with a form for a browser."""
    from kg.web.negotiation import parse_accept

    endpoint = str(request.url.replace(query="", fragment=""))
    accepted = [media for media, _ in parse_accept(request.headers.get("accept"))]
    if accepted and accepted[0] == "text/html":
        return HTMLResponse(_form_page(endpoint, site))
    formats = " , ".join(f"<http://www.w3.org/ns/formats/{name}>" for name in _SD_FORMATS)
    languages = "sd:SPARQL11Query" + (" , sd:SPARQL11Update" if site.config.allow_update else "")
    body = (f"@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\n"
            f"[] a sd:Service ;\n  sd:endpoint <{endpoint}> ;\n  sd:supportedLanguage {languages} ;\n"
            f"  sd:feature sd:UnionDefaultGraph ;\n  sd:resultFormat {formats} .\n")
    return Response(body, media_type="text/turtle; charset=utf-8")


def _form_page(endpoint: str, site: Site) -> str:
    from kg.store.named import named_queries

    rows = "".join(f"<li><a href=\"/queries/{html.escape(q.name)}\">{html.escape(q.name)}</a>: "
                   f"{html.escape(q.summary)}</li>" for q in named_queries().values())
    example = "SELECT ?source ?title WHERE {\n  ?plan a emo:Plan ; dcterms:source ?source .\n" \
              "  OPTIONAL { ?plan dcterms:title ?title }\n} ORDER BY ?source"
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>emkg SPARQL endpoint</title></head><body><h1>emkg SPARQL endpoint</h1>"
            f"<p>{html.escape(endpoint)} answers SPARQL 1.1 queries ({site.config.timeout:g} s and "
            f"{site.config.max_rows} rows at most). The prefixes emo:, hz:, id:, skos:, dcterms: … are "
            "declared.</p>"
            f"<form method=\"post\" action=\"/sparql\"><textarea name=\"query\" rows=\"8\" cols=\"80\">"
            f"{html.escape(example)}</textarea><br><button type=\"submit\">Run</button></form>"
            f"<h2>Named queries</h2><ul>{rows}</ul><p>GET /queries lists them with their parameters."
            f"</p></body></html>")
