"""The embedded store: pyoxigraph on disk, one named graph per plan, the ontology in a graph of its own.

    >>> from kg.store import Store
    >>> with Store() as store:                     # in memory; Store("kg-store") opens a folder
    ...     bool(store.query("ASK { hz:typhoon skos:broader+ hz:natural_disaster }"))
    True

Graph layout (ontology/README.md has the details):

- ``https://w3id.org/emkg/graph/ontology``: emo.ttl, hazards.ttl and functions.ttl, reloaded whenever they
  change, so queries can use labels and ``skos:broader*`` straight away;
- ``https://w3id.org/emkg/graph/plan/<key>``: everything read from one document (see :mod:`kg.rdf.iris`);
  re-building the document replaces the graph in one transaction.

Queries run over the union of all graphs, with the project's prefixes (emo:, hz:, id:, fn:, skos: ...)
declared.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from kg.errors import QueryError, StoreError
from kg.rdf import iris
from kg.rdf.namespaces import EMO, ID, ONTOLOGY_GRAPH, PREFIXES

if TYPE_CHECKING:
    import pandas
    import pyoxigraph

    from kg.store.results import QueryResult

__all__ = ["EXPORT_FORMATS", "LOAD_FORMATS", "ONTOLOGY_FILES", "Store"]

ONTOLOGY_FILES = ("emo.ttl", "hazards.ttl", "functions.ttl")
EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")
#: the exports that keep each plan in its own graph, and so can be loaded back
LOAD_FORMATS = ("nquads", "trig")
# Extracted things have IRIs with slashes after id:, which Turtle can only write as id:plan\/...: exports
# spell those IRIs out in full instead.
EXPORT_PREFIXES = {prefix: iri for prefix, iri in PREFIXES.items() if prefix not in ("id", "graph")}
# Said of the ontology graph's IRI: the digest of the ontology files loaded, to reload them when they change.
_ONTOLOGY_DIGEST = "http://purl.org/dc/terms/identifier"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_EMO_PLAN = str(EMO.Plan)


def ontology_text(name: str) -> bytes:
    """The bytes of one of the files in ``ontology/`` (shipped inside the package as ``kg/ontology``)."""
    return (resources.files("kg") / "ontology" / name).read_bytes()


def query_text(name: str) -> str:
    """A SPARQL query shipped in ``kg/store/queries/<name>.rq``."""
    return (resources.files("kg.store") / "queries" / f"{name}.rq").read_text(encoding="utf-8")


#: the most quads :meth:`Store.load_new_plans` loads in one step, all or nothing: below the batch size at
#: which pyoxigraph's bulk loader (1,000,000 quads) splits a load into several ingestions
ATOMIC_LOAD_QUADS = 900_000

# A read-only open beside a writer can meet a file the writer has just compacted away (RocksDB reports
# "Corruption: ... No such file"): pyoxigraph calls it undefined behaviour; trying again sees the new files.
READ_ONLY_ATTEMPTS = 10


def _open_read_only(where: str) -> pyoxigraph.Store:
    for attempt in range(1, READ_ONLY_ATTEMPTS):
        with contextlib.suppress(OSError, RuntimeError):
            return _opened_and_read(where)
        time.sleep(0.05 * attempt)
    try:
        return _opened_and_read(where)
    except (OSError, RuntimeError) as error:
        raise StoreError(f"cannot read the store at {where}: {error}") from error


def _opened_and_read(where: str) -> pyoxigraph.Store:
    """The store at ``where`` opened read-only, once a first read has worked (the open alone does not meet
    the files a writer compacts away), and found to be an emkg store."""
    import pyoxigraph

    store = pyoxigraph.Store.read_only(where)
    if not store.contains_named_graph(pyoxigraph.NamedNode(ONTOLOGY_GRAPH)):
        raise StoreError(f"{where} is not an emkg store (it has no ontology graph): "
                         f"run `kg build PATH --store {where}` to create one")
    return store


def _remove_unfinished_loads(folder: Path) -> None:
    """Delete the table files of bulk loads that were cut short (a killed build): pyoxigraph writes them as
    ``bulk-*.sst`` and renames them when RocksDB takes them in, so once this process holds the store's
    write lock, any left are from a load that never finished, and nothing refers to them."""
    for leftover in folder.glob("bulk-*.sst"):
        leftover.unlink(missing_ok=True)


class Store:
    """An emkg store: ``Store(path)`` on disk (created if missing), ``Store()`` in memory.

    One process at a time opens a store to write: opening one that another process holds fails at once
    with a "store is in use" :class:`~kg.errors.StoreError` (it does not wait). ``read_only=True`` opens an
    existing store without taking its write lock, so readers (``kg query``, ``kg list``, ``kg export``)
    run beside each other and beside a build; a reader sees the plans as of when it opened the store. It
    fails with :class:`~kg.errors.StoreError` when there is no store. Use it as a context manager so the
    store is flushed and released.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._store: pyoxigraph.Store | None = self._open()
        if not read_only:
            self._ensure_ontology()

    # --- opening and closing

    def _open(self) -> pyoxigraph.Store:
        import pyoxigraph

        if self.path is None:
            return pyoxigraph.Store()
        where = str(self.path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{where} is a file, not a store folder: give --store a folder")
        if self.read_only:
            if not (self.path / "CURRENT").exists():
                raise StoreError(f"no store at {where}: run `kg build PATH --store {where}` first")
            return _open_read_only(where)
        try:
            opened = pyoxigraph.Store(where)
        except OSError as error:
            if "lock" in str(error).lower():  # RocksDB's LOCK file: one writer at a time; fail, never wait
                raise StoreError(f"store is in use: {where} is held by another kg process (a build?): wait "
                                 "for it to finish, or give another --store") from error
            raise StoreError(f"cannot open the store at {where}: {error}") from error
        _remove_unfinished_loads(self.path)
        return opened

    def close(self) -> None:
        if self._store is not None and not self.read_only and self.path is not None:
            self._store.flush()
        self._store = None  # releases RocksDB (and its lock) once nothing else refers to it

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def raw(self) -> pyoxigraph.Store:
        """The underlying :class:`pyoxigraph.Store`."""
        if self._store is None:
            raise StoreError(f"the store at {self.path or 'memory'} is closed")
        return self._store

    def __len__(self) -> int:
        return len(self.raw)

    def __repr__(self) -> str:
        mode = " read-only" if self.read_only else ""
        return f"<Store {self.path or 'in memory'}{mode}>"

    def _writable(self) -> pyoxigraph.Store:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        return self.raw

    # --- the ontology graph

    @staticmethod
    def _ontology_digest() -> str:
        digest = hashlib.sha256()
        for name in ONTOLOGY_FILES:
            digest.update(ontology_text(name))
        return digest.hexdigest()

    def ontology_digest(self) -> str | None:
        """The digest of the ontology files loaded in the store (None if none are)."""
        import pyoxigraph

        graph = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
        for quad in self.raw.quads_for_pattern(graph, pyoxigraph.NamedNode(_ONTOLOGY_DIGEST), None, graph):
            return quad.object.value
        return None

    def _ensure_ontology(self) -> None:
        """Load the ontology and the concept schemes, or reload them when the files changed."""
        import pyoxigraph

        digest = self._ontology_digest()
        if self.ontology_digest() == digest:
            return
        triples: list[Any] = []
        for name in ONTOLOGY_FILES:
            try:
                triples += [quad.triple for quad in pyoxigraph.parse(ontology_text(name),
                                                                     format=pyoxigraph.RdfFormat.TURTLE)]
            except SyntaxError as error:
                raise StoreError(f"ontology/{name} does not parse: {error}") from error
        graph = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
        marker = pyoxigraph.Triple(graph, pyoxigraph.NamedNode(_ONTOLOGY_DIGEST), pyoxigraph.Literal(digest))
        triples.append(marker)
        self._replace_graph(ONTOLOGY_GRAPH, ((t.subject, t.predicate, t.object) for t in triples))

    # --- plans

    def _replace_graph(self, graph: str, triples: Iterable[tuple[Any, Any, Any]]) -> int:
        """Replace the contents of ``graph`` by ``triples`` in one transaction: a failure keeps the old one.

        Only the difference is written: a re-built document that did not change costs no write at all. The
        removals and additions go in one SPARQL update, which pyoxigraph runs as one transaction (a new
        graph goes in with ``extend``, transactional too). Returns the number of triples in the graph.
        """
        import pyoxigraph

        store = self._writable()
        name = pyoxigraph.NamedNode(graph)
        try:
            new = graph_quads(name, triples)
            old = set(store.quads_for_pattern(None, None, None, name))
            if not old:
                store.extend(new)  # in the order given: the store's order does not show in any export
            elif new.keys() != old:
                store.update(_replacement(graph, removed=old - new.keys(), added=new.keys() - old))
        except (OSError, RuntimeError, SyntaxError, TypeError, ValueError) as error:
            raise StoreError(f"could not write graph <{graph}> to the store at {self.path or 'memory'}: "
                             f"{error}") from error
        return len(new)

    def add_plan(self, plan_iri: str, triples: Iterable[tuple[Any, Any, Any]]) -> int:
        """Store a plan's triples in its own named graph, replacing what an earlier build put there.

        Returns the number of triples written.
        """
        return self._replace_graph(plan_graph(plan_iri), triples)

    def load_new_plans(self, nquads: bytes) -> None:
        """Add the graphs of plans that are not in the store yet, given as N-Quads as :func:`plan_nquads`
        writes them (at most :data:`ATOMIC_LOAD_QUADS` quads): all of them, or none if the load fails.

        This is pyoxigraph's bulk loader, four times faster than a transaction: it sorts the quads into a
        set of table files (one per index) and has RocksDB ingest them in one step, which is atomic across
        the indexes. It splits loads of more than :data:`ATOMIC_LOAD_QUADS` quads into several such steps,
        which would no longer be atomic, so they are refused. The bulk loader writes without checking what
        the store holds: a plan already in it is replaced with :meth:`add_plan`, not loaded here.
        """
        import pyoxigraph

        quads = nquads.count(b"\n")
        if quads > ATOMIC_LOAD_QUADS:
            raise StoreError(f"cannot load {quads} quads in one step (at most {ATOMIC_LOAD_QUADS})")
        try:
            # lenient: the text comes from pyoxigraph's own serialiser, so checking every IRI again is waste
            self._writable().bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
        except (OSError, RuntimeError, SyntaxError, ValueError) as error:
            raise StoreError(f"could not load plans into the store at {self.path or 'memory'}: "
                             f"{error}") from error

    def compact(self) -> None:
        """Merge the store's table files into one sorted run per index (pyoxigraph's ``optimize``, a
        RocksDB compaction); nothing to do in memory or read-only.

        Every bulk load leaves its own files, and a look-up reads through all of them: compacted after a
        large build, the on-disk store answers queries 10-30% faster, and the next process to open it does
        not start compacting in the background (1.2M triples: 3-5 s to compact).
        Readers may go on meanwhile; a compaction cut short leaves the store as it was.
        """
        if self.path is None or self.read_only:
            return
        try:
            self._writable().optimize()
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not compact the store at {self.path}: {error}") from error

    def plans(self) -> list[str]:
        """The IRIs of the plans in the store, sorted."""
        return sorted(iris.plan_iri_from_key(key) for key in self._plan_keys())

    def plan_graphs(self) -> list[str]:
        """The named graphs of the plans in the store, sorted."""
        return sorted(iris.graph_iri(key) for key in self._plan_keys())

    def _plan_keys(self) -> list[str]:
        return [graph.value[len(iris.GRAPH_BASE):] for graph in self.raw.named_graphs()
                if graph.value.startswith(iris.GRAPH_BASE)]

    def resolve_plan(self, ref: str) -> str:
        """The IRI of the plan ``ref`` names: its IRI, its graph's IRI, its key, or its source file name."""
        keys = set(self._plan_keys())
        ref = ref.strip()
        iri = ID + ref[len("id:"):] if ref.startswith("id:") else ref
        key = iris.key_of(iri) or (ref if ref in keys else None)
        if key in keys:
            return iris.plan_iri_from_key(key)
        matches = sorted(plan for plan, source in self.sources() if source == ref
                         or source.replace("\\", "/").rsplit("/", 1)[-1] == ref)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise StoreError(f"{ref!r} names {len(matches)} plans ({', '.join(matches)}): "
                             "give the IRI instead")
        raise StoreError(f"no plan {ref!r} in the store at {self.path or 'memory'}: "
                         "`kg list` shows the plans it holds")

    def sources(self) -> list[tuple[str, str]]:
        """``(plan IRI, source)`` for every plan in the store."""
        sparql = "SELECT ?plan ?source WHERE { GRAPH ?g { ?plan a emo:Plan ; dcterms:source ?source } }"
        rows = self.raw.query(sparql, prefixes=PREFIXES)
        return [(row["plan"].value, row["source"].value) for row in rows]

    def remove_plan(self, ref: str) -> str:
        """Remove the plan ``ref`` names (see :meth:`resolve_plan`) with its graph; returns its IRI."""
        plan = self.resolve_plan(ref)
        graph = iris.graph_iri(iris.key_of(plan) or "")
        try:
            self._writable().update(f"DROP GRAPH <{graph}>")
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not remove {plan} from the store at {self.path}: {error}") from error
        return plan

    def plan_summaries(self) -> list[dict[str, object]]:
        """One dict per plan: iri, source, title, jurisdiction, level, year and counts, ordered by source."""
        results = self.raw.query(query_text("plan_summaries"), use_default_graph_as_union=True)
        names = ["iri" if variable.value == "plan" else variable.value for variable in results.variables]
        return [{name: None if term is None else _python_value(term)
                 for name, term in zip(names, solution, strict=True)}
                for solution in results]

    # --- queries

    def query(self, sparql: str, *, substitutions: dict[str, Any] | None = None,
              timeout: float | None = None, graphs: Iterable[str] | None = None) -> Any:
        """Run a SPARQL query over the union of all graphs (or of ``graphs``: IRIs of named graphs, to read
        a few plans of a large store), with the project's prefixes declared.

        ``substitutions`` binds variables to values (pyoxigraph or rdflib terms; a ``str`` is a literal)
        without building SPARQL from strings; pyoxigraph substitutes only variables the query selects.
        With ``timeout`` (seconds) the results are computed at once, and :class:`~kg.errors.QueryError`
        is raised when they take longer. Returns pyoxigraph ``QuerySolutions``, ``QueryBoolean`` or
        ``QueryTriples`` (a list of triples for a CONSTRUCT with a timeout).
        """
        import pyoxigraph

        bound = {pyoxigraph.Variable(name.lstrip("?$")): to_oxigraph(value)
                 for name, value in (substitutions or {}).items()}
        store = self.raw
        scope: dict[str, Any] = {"use_default_graph_as_union": True}
        if graphs is not None:
            scope = {"default_graph": [pyoxigraph.NamedNode(graph) for graph in graphs]}

        def run() -> Any:
            try:
                return store.query(sparql, prefixes=PREFIXES, substitutions=bound or None, **scope)
            except SyntaxError as error:
                from kg.store.results import syntax_error

                raise syntax_error(sparql, error) from error
            except (OSError, RuntimeError) as error:
                raise QueryError(f"the query failed: {error}") from error

        return run() if timeout is None else _run_with_timeout(run, timeout)

    def run(self, sparql: str, *, substitutions: dict[str, Any] | None = None, timeout: float | None = None,
            max_rows: int | None = None) -> QueryResult:
        """Run a query and collect its result (:class:`~kg.store.results.QueryResult`): at most
        ``max_rows`` rows or triples, within ``timeout`` seconds; see :func:`kg.store.results.execute`."""
        from kg.store.results import execute

        return execute(self, sparql, substitutions=substitutions, timeout=timeout, max_rows=max_rows)

    def select(self, sparql: str, *, substitutions: dict[str, Any] | None = None,
               timeout: float | None = None) -> list[dict[str, object]]:
        """The rows of a SELECT as dicts of Python values (int, float, date, str ...; unbound left out).

            >>> with Store() as store:
            ...     store.select("SELECT ?key WHERE { ?c skos:broader hz:flood ; skos:notation ?key } "
            ...                  "ORDER BY ?key")
            [{'key': 'flash_flood'}, {'key': 'urban_waterlogging'}]
        """
        return self.run(sparql, substitutions=substitutions, timeout=timeout).records()

    def dataframe(self, sparql: str, *, substitutions: dict[str, Any] | None = None,
                  timeout: float | None = None) -> pandas.DataFrame:
        """The rows of a SELECT as a pandas DataFrame (needs pandas), one column per variable."""
        return self.run(sparql, substitutions=substitutions, timeout=timeout).to_dataframe()

    # --- export

    def quads(self, plans: Iterable[str] = ()) -> list[pyoxigraph.Quad]:
        """Every quad of the store, or of the given plans' graphs (refs as for :meth:`resolve_plan`)."""
        import pyoxigraph

        refs = list(plans)
        if not refs:
            return list(self.raw)
        quads: list[pyoxigraph.Quad] = []
        for ref in refs:
            graph = pyoxigraph.NamedNode(iris.graph_iri(iris.key_of(self.resolve_plan(ref)) or ""))
            quads += self.raw.quads_for_pattern(None, None, None, graph)
        return quads

    def export(self, fmt: str, plans: Iterable[str] = ()) -> bytes:
        """The store (or some plans) as ``turtle``, ``trig``, ``nquads``, ``ntriples`` or ``jsonld``.

        The output is sorted, so two builds of the same documents export byte-identical files. Triple
        formats (turtle, ntriples) merge the graphs.
        """
        import pyoxigraph

        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
        quads = self.quads(plans)
        if fmt == "nquads":
            return _sorted_lines(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS))
        if fmt == "trig":
            quads.sort(key=_quad_key)
            return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=EXPORT_PREFIXES)
        triples = sorted({quad.triple for quad in quads}, key=_triple_key)
        if fmt == "ntriples":
            return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        if fmt == "turtle":
            return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES)
        return _jsonld(quads)

    def dump(self, output: Path | str | IO[bytes], fmt: str = "nquads", plans: Iterable[str] = ()) -> None:
        """Write :meth:`export` to a file path or a binary stream."""
        data = self.export(fmt, plans)
        if isinstance(output, (str, Path)):
            Path(output).write_bytes(data)
        else:
            output.write(data)

    # --- loading an export

    def load(self, data: bytes, fmt: str = "nquads", *, source: str = "the data") -> list[str]:
        """Restore the plans of an export (``nquads`` or ``trig``, as :meth:`export` writes them).

        Each plan graph in ``data`` replaces the graph of the same name in one transaction, as a build
        does; plans the export does not hold are left alone, and so is the store's own ontology (the
        export's copy is not loaded). Data that is not an emkg export (it does not parse, has triples
        outside named graphs, a graph that is not a plan's, or no plans) is refused with a
        :class:`~kg.errors.StoreError` naming ``source``, before anything is written. Returns the IRIs of
        the plans loaded, sorted.
        """
        import pyoxigraph

        formats = {"nquads": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG}
        if fmt not in formats:
            raise StoreError(f"cannot load {fmt!r}: give an export in {' or '.join(LOAD_FORMATS)} "
                             "(`kg export --format nquads`), which keeps each plan in its own graph")
        try:
            quads = list(pyoxigraph.parse(data, format=formats[fmt]))
        except (SyntaxError, ValueError) as error:
            raise StoreError(f"{source} does not parse as {fmt} ({error}): give a file that "
                             f"`kg export --format {fmt}` wrote") from error
        graphs = _plan_graphs(quads, source)
        for graph, triples in graphs.items():
            self._replace_graph(graph, triples)
        return sorted(iris.plan_iri_from_key(graph[len(iris.GRAPH_BASE):]) for graph in graphs)


# --- helpers -------------------------------------------------------------------------------------


def plan_graph(plan_iri: str) -> str:
    """The IRI of the named graph that holds the plan ``plan_iri``."""
    key = iris.key_of(plan_iri)
    if key is None:
        raise StoreError(f"{plan_iri} is not a plan IRI (expected {iris.PLAN_BASE}<key>)")
    return iris.graph_iri(key)


def graph_quads(graph: pyoxigraph.NamedNode, triples: Iterable[tuple[Any, Any, Any]]) -> dict[Any, None]:
    """The quads of ``triples`` in ``graph``, each once, in the order given (a dict used as an ordered set).

    The mapper's order, one subject after another, is a little cheaper for RocksDB to insert than a set's
    hash order, and sorting them (by their text, say) costs more than it saves.
    """
    import pyoxigraph

    quad = pyoxigraph.Quad
    return dict.fromkeys([quad(s, p, o, graph) for s, p, o in triples])


def plan_nquads(plan_iri: str, triples: Iterable[tuple[Any, Any, Any]]) -> tuple[bytes, int]:
    """A plan's triples as N-Quads in its graph, each once, in the order given, and how many there are:
    what a build's worker sends its writer (ten times cheaper to make and read back than pickled terms).

    The same text as ``pyoxigraph.serialize`` of :func:`graph_quads` (a term's ``str`` is its N-Triples
    form), a quarter faster: each term is written once however often it recurs, and no quad is built.
    """
    graph = f" <{plan_graph(plan_iri)}> .\n"
    written: dict[Any, str] = {}

    def text(term: Any) -> str:
        form = written.get(term)
        if form is None:
            form = written[term] = str(term)
        return form

    lines = dict.fromkeys([f"{text(s)} {text(p)} {text(o)}" for s, p, o in triples])
    return (graph.join(lines) + graph).encode() if lines else b"", len(lines)


def nquads_triples(nquads: bytes) -> list[tuple[Any, Any, Any]]:
    """The triples of N-Quads text as :func:`plan_nquads` writes it (graphs left out)."""
    import pyoxigraph

    return [(quad.subject, quad.predicate, quad.object)
            for quad in pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)]


def _python_value(term: Any) -> object:
    """A literal as the Python value it stands for (int for xsd:integer), anything else as its string."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.Literal) and term.datatype.value.endswith("#integer"):
        return int(term.value)
    return term.value


def to_oxigraph(value: Any) -> Any:
    """A pyoxigraph term for a pyoxigraph term, an rdflib term or a plain Python value (a literal)."""
    import pyoxigraph

    if isinstance(value, (pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal)):
        return value
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdflibLiteral

    if isinstance(value, URIRef):
        return pyoxigraph.NamedNode(str(value))
    if isinstance(value, BNode):
        return pyoxigraph.BlankNode(str(value))
    if isinstance(value, RdflibLiteral):
        if value.language:
            return pyoxigraph.Literal(str(value), language=value.language)
        if value.datatype:
            return pyoxigraph.Literal(str(value), datatype=pyoxigraph.NamedNode(str(value.datatype)))
        return pyoxigraph.Literal(str(value))
    if isinstance(value, (bool, int, float, str)):
        return pyoxigraph.Literal(value)
    raise QueryError(f"cannot bind a {type(value).__name__} in a query: give an RDF term, str or number")


def _plan_graphs(quads: list[Any], source: str) -> dict[str, list[tuple[Any, Any, Any]]]:
    """The triples of each plan graph in an export (the ontology graph left out); StoreError, naming
    ``source``, when anything in it is not what `kg export` writes."""
    graphs: dict[str, list[tuple[Any, Any, Any]]] = {}
    not_export = f"{source} is not an emkg export"
    for quad in quads:
        graph = getattr(quad.graph_name, "value", None)
        if graph is None:
            raise StoreError(f"{not_export}: it has triples outside named graphs (export with --format "
                             "nquads or trig, which keep each plan in its own graph)")
        if graph == ONTOLOGY_GRAPH:
            continue
        if not (graph.startswith(iris.GRAPH_BASE) and iris.is_plan_key(graph[len(iris.GRAPH_BASE):])):
            raise StoreError(f"{not_export}: graph <{graph}> is not a plan's graph ({iris.GRAPH_BASE}<key>)")
        graphs.setdefault(graph, []).append((quad.subject, quad.predicate, quad.object))
    if not graphs:
        raise StoreError(f"{not_export}: it holds no plan graphs")
    for graph, triples in graphs.items():
        plan = iris.plan_iri_from_key(graph[len(iris.GRAPH_BASE):])
        if not any(s.value == plan and p.value == _RDF_TYPE and o.value == _EMO_PLAN for s, p, o in triples):
            raise StoreError(f"{not_export}: graph <{graph}> does not state its plan <{plan}>")
    return graphs


def _replacement(graph: str, *, removed: Iterable[Any], added: Iterable[Any]) -> str:
    """A SPARQL update that deletes ``removed`` quads from ``graph`` and inserts ``added`` ones."""

    def block(quads: Iterable[Any]) -> str:
        return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)

    return (f"DELETE DATA {{ GRAPH <{graph}> {{\n{block(removed)}\n}} }} ;\n"
            f"INSERT DATA {{ GRAPH <{graph}> {{\n{block(added)}\n}} }}")


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + b"\n" if lines else b""


def _triple_key(triple: Any) -> tuple[str, str, str]:
    return str(triple.subject), str(triple.predicate), str(triple.object)


def _quad_key(quad: Any) -> tuple[str, str, str, str]:
    return str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object)


def _jsonld(quads: list[Any]) -> bytes:
    """JSON-LD via rdflib (compacted with the project's prefixes as its context)."""
    import pyoxigraph
    from rdflib import Dataset

    dataset = Dataset()
    data = _sorted_lines(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS))
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    return dataset.serialize(format="json-ld", context=dict(EXPORT_PREFIXES), indent=1, sort_keys=True,
                             auto_compact=True).encode("utf-8")


def _run_with_timeout(run: Any, timeout: float) -> Any:
    """Run and evaluate a query in a worker thread, waiting at most ``timeout`` seconds for its results.

    pyoxigraph results cannot cross threads, so the worker serialises them and this thread parses them back
    into the same kinds of objects (triples of a CONSTRUCT come back as a list). pyoxigraph releases the GIL
    while it evaluates, so the wait gives up in time; an abandoned evaluation finishes in the background.
    """
    import pyoxigraph

    box: dict[str, Any] = {}

    def evaluate() -> None:
        try:
            result = run()
            if isinstance(result, (pyoxigraph.QueryBoolean, pyoxigraph.QuerySolutions)):
                box["solutions"] = result.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
            else:
                box["triples"] = result.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES)
        except (QueryError, OSError, RuntimeError, ValueError) as error:
            box["error"] = error

    worker = threading.Thread(target=evaluate, daemon=True, name="kg-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"the query took longer than {timeout:g} s: narrow it down or raise the timeout")
    if "error" in box:
        error = box["error"]
        raise error if isinstance(error, QueryError) else QueryError(f"the query failed: {error}") from error
    if "solutions" in box:
        return pyoxigraph.parse_query_results(box["solutions"], format=pyoxigraph.QueryResultsFormat.JSON)
    return [quad.triple for quad in pyoxigraph.parse(box["triples"], format=pyoxigraph.RdfFormat.N_TRIPLES)]
