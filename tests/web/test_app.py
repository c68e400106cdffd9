"""kg.web.app without a socket: the route hook other modules add pages through, the Site's query helpers,
``app.state.store``, the fallback index page; and the content negotiation and keyword checks."""

from __future__ import annotations

import doctest
import importlib
import textwrap

import pytest
from starlette.testclient import TestClient

from kg.web.app import ServerConfig, create_app
from kg.web.negotiation import negotiate, parse_accept
from kg.web.sparql import forbidden_keyword

PAGES = textwrap.dedent('''
    from starlette.responses import JSONResponse
    from starlette.routing import Route


    def routes(site):
        async def rows(request):
            return JSONResponse([str(row["source"]) for row in await site.records(
                "SELECT ?source WHERE { ?p a emo:Plan ; dcterms:source ?source } ORDER BY ?source")])

        async def named(request):
            rows = await site.named_records("plan_timeline", {"plan": request.query_params["plan"]})
            return JSONResponse(sum(row["deadlines"] for row in rows))

        async def size(request):
            return JSONResponse(len(request.app.state.store))

        async def broken(request):
            try:
                await site.records("SELEC ?x")
            except Exception as error:
                return JSONResponse(type(error).__name__ + ": " + str(error).splitlines()[0])

        return [Route("/rows", rows), Route("/named", named), Route("/size", size), Route("/broken", broken),
                Route("/", rows)]
''')


@pytest.fixture(scope="module")
def pages_module(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    (folder / "kg_test_pages.py").write_text(PAGES, encoding="utf-8")
    import sys

    sys.path.insert(0, str(folder))
    yield "kg_test_pages"
    sys.path.remove(str(folder))
    sys.modules.pop("kg_test_pages", None)


def test_a_module_adds_its_routes_through_the_hook(web_store, pages_module):
    app = create_app(ServerConfig(store=web_store, workers=1), route_modules=("kg.web.sparql", pages_module))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/rows").json() == ["000_384322916ba60cf2.txt", "004_fcd55c30be0749a7.txt"]
        assert client.get("/named", params={"plan": "000_384322916ba60cf2.txt"}).json() == 25
        assert client.get("/size").json() > 5_000  # two plans and the ontology
        assert client.get("/broken").json().startswith("QueryError: the SPARQL query does not parse")
        assert client.get("/").json()[0] == "000_384322916ba60cf2.txt"  # the module took "/"
        assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
        response = client.get("/size")
        assert "default-src 'self'" in response.headers["content-security-policy"]


def test_the_index_page_when_no_module_takes_it(web_store):
    app = create_app(ServerConfig(store=web_store, workers=1), route_modules=("kg.web.sparql",))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        page = client.get("/")
        assert page.status_code == 200 and "/sparql" in page.text and "plan_timeline" in page.text
        assert "<script" not in page.text and "read-only" in page.text
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("accept,kind,expected", [
    (None, "select", "json"), ("", "graph", "turtle"), ("text/*", "select", "csv"),
    ("application/json", "graph", "jsonld"), ("application/xml", "select", "xml"),
    ("text/plain", "graph", "ntriples"), ("text/csv;q=0, application/sparql-results+xml", "ask", "xml"),
    ("text/html, */*;q=0.1", "select", "json"), ("text/html", "select", None), ("nonsense", "select", "json"),
])
def test_negotiation(accept, kind, expected):
    chosen = negotiate(accept, kind)
    assert (chosen and chosen[0]) == expected


def test_accept_headers_are_ordered_by_quality_then_specificity():
    assert [media for media, _ in parse_accept("*/*;q=0.5, text/csv;q=0.5, text/turtle, bad, a/b;q=x")] == [
        "text/turtle", "text/csv", "*/*"]


@pytest.mark.parametrize("text,found", [
    ("SELECT * { SERVICE <x> {} }", "SERVICE"), ("SELECT * { ?s ?p 'SERVICE' }", None),
    ('SELECT * { ?s ?p """a "SERVICE" b""" }', None), ("SELECT ?service { }", None),
    ("PREFIX service: <urn:x> SELECT * { ?s service:p ?o }", None), ("# SERVICE\nSELECT * {}", None),
    ("SELECT * { <urn:SERVICE> ?p ?o }", None), ("LOAD <http://x>", "LOAD"),
    ("SELECT * {}\nSeRvIcE <x> {}", "SERVICE"),
])
def test_forbidden_keywords_are_found_as_code_only(text, found):
    assert forbidden_keyword(text, ("SERVICE", "LOAD")) == found


@pytest.mark.parametrize("module", ["kg.web.negotiation", "kg.web.sparql", "kg.store.named",
                                    "kg.store.results", "kg.views.tables", "kg.views.calendar"])
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and not result.failed
