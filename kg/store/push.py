"""Push plans to another triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each plan's named graph (and the ontology graph, so labels and ``skos:broader*`` work there too) is sent
with ``PUT <endpoint>?graph=<graph IRI>`` as N-Triples, which replaces that graph on the server and only that
graph. The endpoint is the server's Graph Store URL: ``http://host:7878/store`` for Oxigraph,
``http://host:3030/DATASET/data`` for Fuseki, ``http://host:7200/repositories/REPO/rdf-graphs/service`` for
GraphDB, ``http://host:8890/sparql-graph-crud-auth`` for Virtuoso. Queries there see the plans as named
graphs: use ``GRAPH ?g { ... }``, or make the default graph the union of all graphs (``oxigraph serve
--union-default-graph``, Fuseki's ``tdb:unionDefaultGraph``).
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import StoreError
from kg.rdf import iris
from kg.rdf.namespaces import ONTOLOGY_GRAPH

if TYPE_CHECKING:
    from kg.store.store import Store

__all__ = ["Pushed", "graph_url", "push"]


@dataclass(frozen=True)
class Pushed:
    """One graph sent: its IRI, how many triples, and the server's status code."""

    graph: str
    triples: int
    status: int


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store URL of ``graph`` (indirect identification: ``?graph=``)."""
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}graph={urllib.parse.quote(graph, safe='')}"


def push(store: Store, endpoint: str, *, plans: Iterable[str] = (), ontology: bool = True,
         user: str | None = None, password: str | None = None, token: str | None = None,
         timeout: float = 120.0) -> list[Pushed]:
    """PUT each plan's graph (all plans, or those ``plans`` name) and the ontology graph to ``endpoint``.

    ``user``/``password`` authenticate with HTTP Basic, ``token`` with a Bearer token. Raises
    :class:`~kg.errors.StoreError` when the server cannot be reached or refuses a graph (what was sent
    before stays sent: each graph is replaced on its own).
    """
    import pyoxigraph

    scheme = urllib.parse.urlsplit(endpoint).scheme
    if scheme not in ("http", "https"):
        raise StoreError(f"{endpoint!r} is not an http(s) URL: give the server's Graph Store endpoint, e.g. "
                         "http://localhost:7878/store")
    refs = list(plans)
    graphs = ([iris.graph_iri(iris.key_of(store.resolve_plan(ref)) or "") for ref in refs] if refs
              else store.plan_graphs())
    if ontology:
        graphs.append(ONTOLOGY_GRAPH)
    headers = {"Content-Type": "application/n-triples"}
    if user is not None:
        credentials = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {credentials}"
    elif token:
        headers["Authorization"] = f"Bearer {token}"
    sent = []
    for graph in graphs:
        quads = store.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph))
        triples = [quad.triple for quad in quads]
        body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        status = _put(graph_url(endpoint, graph), body, headers, timeout, graph)
        sent.append(Pushed(graph=graph, triples=len(triples), status=status))
    return sent


def _put(url: str, body: bytes, headers: dict[str, str], timeout: float, graph: str) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="PUT")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # the scheme is checked above
            return int(response.status)
    except urllib.error.HTTPError as error:
        detail = error.read(300).decode("utf-8", "replace").strip()
        hint = " (check --user/--password or --token)" if error.code in (401, 403) else ""
        raise StoreError(f"the server refused graph <{graph}>: HTTP {error.code} {error.reason}{hint}"
                         + (f": {detail}" if detail else "")) from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise StoreError(f"cannot reach {url.split('?')[0]}: {reason} (is the server running, and is this "
                         "its Graph Store endpoint?)") from error
