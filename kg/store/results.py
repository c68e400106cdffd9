"""Query results as data: run a query with a time and size limit, get rows of terms, Python values, the
SPARQL 1.1 result formats, or a pandas DataFrame.

    >>> from kg.store import Store
    >>> with Store() as store:
    ...     result = store.run('SELECT ?key WHERE { hz:typhoon skos:notation ?key }')
    >>> result.records()
    [{'key': 'typhoon'}]
    >>> result.serialize("csv")
    b'key\\r\\ntyphoon\\r\\n'

:func:`execute` evaluates a query in a worker thread and collects its results there, checking the deadline
between rows, so a query that streams its rows stops in time. pyoxigraph offers no way to cancel a query
from outside: one that spends its time before its first row (a sort or a count over a cross join) goes on in
its abandoned thread until it finishes, while the caller gets :class:`~kg.errors.QueryTimeout` at once.
``kg serve`` runs queries in worker processes it can kill instead (:mod:`kg.web.workers`).
"""

from __future__ import annotations

import datetime
import json
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError, QuerySyntaxError, QueryTimeout
from kg.rdf.namespaces import PREFIXES

if TYPE_CHECKING:
    import pandas

    from kg.store.store import Store

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "QueryResult", "execute", "json_term", "python_value",
           "syntax_error"]

# Formats of SELECT and ASK results, and of the triples of CONSTRUCT and DESCRIBE.
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "ntriples", "rdfxml", "jsonld")
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {XSD + name for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                          "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                          "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}
# Prefixes for Turtle output; id: and graph: IRIs have slashes that Turtle cannot abbreviate.
_TURTLE_PREFIXES = {prefix: iri for prefix, iri in PREFIXES.items() if prefix not in ("id", "graph")}


@dataclass(frozen=True)
class QueryResult:
    """The collected result of a query.

    ``kind`` is ``select`` (``variables`` and ``rows`` of pyoxigraph terms, ``None`` where unbound), ``ask``
    (``boolean``) or ``graph`` (``triples`` of a CONSTRUCT or DESCRIBE). ``truncated`` says that rows or
    triples beyond the size limit were left out.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Any, ...] = ()
    truncated: bool = False
    limit: int | None = field(default=None, compare=False)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def records(self) -> list[dict[str, object]]:
        """The rows as dicts of Python values (see :func:`python_value`); unbound variables are left out.

        An ASK gives ``[{"boolean": True}]``; a CONSTRUCT one dict per triple (subject, predicate, object).
        """
        if self.kind == "ask":
            return [{"boolean": self.boolean}]
        if self.kind == "graph":
            return [{"subject": python_value(t.subject), "predicate": python_value(t.predicate),
                     "object": python_value(t.object)} for t in self.triples]
        return [{name: python_value(term) for name, term in zip(self.variables, row, strict=True)
                 if term is not None} for row in self.rows]

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame, one column per variable (pandas must be installed)."""
        try:
            import pandas
        except ImportError as error:
            raise QueryError("a DataFrame needs pandas: pip install pandas") from error
        columns = ["subject", "predicate", "object"] if self.kind == "graph" else (
            ["boolean"] if self.kind == "ask" else list(self.variables))
        return pandas.DataFrame.from_records(self.records(), columns=columns)

    def without(self, names: Iterable[str]) -> QueryResult:
        """The same result without the given columns (used to hide the parameters a named query echoes)."""
        drop = set(names) & set(self.variables)
        if self.kind != "select" or not drop:
            return self
        keep = [i for i, name in enumerate(self.variables) if name not in drop]
        return replace(self, variables=tuple(self.variables[i] for i in keep),
                       rows=tuple(tuple(row[i] for i in keep) for row in self.rows))

    def sparql_json(self) -> dict[str, Any]:
        """The result in the SPARQL 1.1 Query Results JSON format (triples as rows subject, predicate,
        object)."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        names, rows = self._table()
        bindings = [{name: json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
                    for row in rows]
        return {"head": {"vars": list(names)}, "results": {"bindings": bindings}}

    def _table(self) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
        if self.kind == "graph":
            triples = ((t.subject, t.predicate, t.object) for t in self.triples)
            return ("subject", "predicate", "object"), triples
        return self.variables, self.rows

    def serialize(self, fmt: str) -> bytes:
        """The result as bytes: ``json``, ``xml``, ``csv``, ``tsv`` (SPARQL 1.1 result formats; triples as
        rows) or, for CONSTRUCT and DESCRIBE, ``turtle``, ``ntriples``, ``rdfxml`` or ``jsonld``."""
        import pyoxigraph

        if fmt in GRAPH_FORMATS:
            if self.kind != "graph":
                raise QueryError(f"{fmt} is a format for CONSTRUCT and DESCRIBE results: "
                                 f"use one of {', '.join(RESULT_FORMATS)}")
            return _serialize_triples(self.triples, fmt)
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"unknown result format {fmt!r}: use one of "
                             f"{', '.join(RESULT_FORMATS + GRAPH_FORMATS)}")
        data = json.dumps(self.sparql_json(), ensure_ascii=False).encode("utf-8")
        if fmt == "json":
            return data
        formats = {"xml": pyoxigraph.QueryResultsFormat.XML, "csv": pyoxigraph.QueryResultsFormat.CSV,
                   "tsv": pyoxigraph.QueryResultsFormat.TSV}
        if self.kind == "ask" and fmt in ("csv", "tsv"):  # not defined by the standard: a one-cell table
            return f"boolean\n{str(bool(self.boolean)).lower()}\n".encode()
        parsed = pyoxigraph.parse_query_results(data, format=pyoxigraph.QueryResultsFormat.JSON)
        return parsed.serialize(format=formats[fmt])


def _serialize_triples(triples: Sequence[Any], fmt: str) -> bytes:
    import pyoxigraph

    formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
               "rdfxml": pyoxigraph.RdfFormat.RDF_XML, "jsonld": pyoxigraph.RdfFormat.JSON_LD}
    prefixes = _used_prefixes(triples) if fmt in ("turtle", "rdfxml", "jsonld") else None
    return pyoxigraph.serialize(list(triples), format=formats[fmt], prefixes=prefixes)


def _used_prefixes(triples: Sequence[Any]) -> dict[str, str]:
    """The project's prefixes whose namespace some IRI of ``triples`` is in (datatypes included)."""
    import pyoxigraph

    iris: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, pyoxigraph.NamedNode):
                iris.add(term.value)
            elif isinstance(term, pyoxigraph.Literal):
                iris.add(term.datatype.value)
    return {prefix: namespace for prefix, namespace in _TURTLE_PREFIXES.items()
            if any(iri.startswith(namespace) for iri in iris)}


# --- terms -----------------------------------------------------------------------------------------


def python_value(term: Any) -> object:
    """A term as a Python value.

    Integers (every xsd integer type) become ``int``; xsd:decimal, double and float ``float``; xsd:boolean
    ``bool``; xsd:date ``datetime.date`` and xsd:dateTime ``datetime.datetime``; other literals their text
    (the language tag is dropped); IRIs their full text; blank nodes ``_:id``. A literal whose text does not
    fit its datatype stays text.
    """
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, pyoxigraph.Literal):
        return str(term)  # a quoted triple
    datatype = term.datatype.value
    try:
        if datatype in _INTEGER_TYPES:
            return int(term.value)
        if datatype in _FLOAT_TYPES:
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == XSD + "date":
            return datetime.date.fromisoformat(term.value)
        if datatype == XSD + "dateTime":
            return datetime.datetime.fromisoformat(term.value)
    except ValueError:
        return term.value
    return term.value


def json_term(term: Any) -> dict[str, str]:
    """A term in the SPARQL 1.1 Query Results JSON format."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


# --- running a query -------------------------------------------------------------------------------


def execute(store: Store, sparql: str, *, substitutions: Mapping[str, Any] | None = None,
            timeout: float | None = None, max_rows: int | None = None,
            default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
            in_thread: bool = True) -> QueryResult:
    """Run ``sparql`` on ``store`` and collect at most ``max_rows`` rows (or triples) within ``timeout`` s.

    The query sees the union of all graphs, with the project's prefixes declared, unless
    ``default_graphs`` names the graphs to use as its default graph (``named_graphs`` limits what ``GRAPH``
    can see). ``substitutions`` binds variables to terms (see :meth:`kg.store.Store.query`). Raises
    :class:`~kg.errors.QuerySyntaxError` when the query does not parse and
    :class:`~kg.errors.QueryTimeout` when it runs out of time. With ``in_thread=False`` the query runs in
    the calling thread and the time limit is only checked between rows (for a process that can be killed).
    """
    import pyoxigraph

    from kg.store.store import to_oxigraph

    bound = {pyoxigraph.Variable(name.lstrip("?$")): to_oxigraph(value)
             for name, value in (substitutions or {}).items()}
    options: dict[str, Any] = {"prefixes": PREFIXES, "substitutions": bound or None}
    if default_graphs:
        options["default_graph"] = [_graph_name(iri) for iri in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [_graph_name(iri) for iri in named_graphs]
    raw = store.raw
    deadline = None if timeout is None else time.monotonic() + timeout

    def evaluate() -> QueryResult:
        try:
            result = raw.query(sparql, **options)
            return collect(result, max_rows=max_rows, deadline=deadline, timeout=timeout)
        except SyntaxError as error:
            raise syntax_error(sparql, error) from error
        except (OSError, RuntimeError, ValueError, TypeError) as error:
            raise QueryError(f"the query failed: {error}") from error

    if timeout is None or not in_thread:
        return evaluate()
    return _in_thread(evaluate, timeout)


def _graph_name(iri: str) -> Any:
    import pyoxigraph

    try:
        return pyoxigraph.NamedNode(iri)
    except ValueError as error:
        raise QueryError(f"{iri!r} is not a graph IRI: {error}") from None


def collect(result: Any, *, max_rows: int | None = None, deadline: float | None = None,
            timeout: float | None = None) -> QueryResult:
    """Collect a pyoxigraph result into a :class:`QueryResult`, stopping after ``max_rows`` rows and
    raising :class:`~kg.errors.QueryTimeout` once the ``time.monotonic()`` ``deadline`` has passed."""
    import pyoxigraph

    if isinstance(result, pyoxigraph.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    items, truncated = _take(iter(result), max_rows, deadline, timeout)
    if isinstance(result, pyoxigraph.QuerySolutions):
        return QueryResult("select", variables=tuple(v.value for v in result.variables),
                           rows=tuple(tuple(solution) for solution in items), truncated=truncated,
                           limit=max_rows)
    return QueryResult("graph", triples=tuple(items), truncated=truncated, limit=max_rows)


def _take(items: Iterator[Any], max_rows: int | None, deadline: float | None,
          timeout: float | None) -> tuple[list[Any], bool]:
    taken: list[Any] = []
    for item in items:
        if max_rows is not None and len(taken) >= max_rows:
            return taken, True
        if deadline is not None and len(taken) % 256 == 0 and time.monotonic() > deadline:
            raise _timeout(timeout)
        taken.append(item)
    if deadline is not None and time.monotonic() > deadline:
        raise _timeout(timeout)
    return taken, False


def _timeout(timeout: float | None) -> QueryTimeout:
    return QueryTimeout(f"the query took longer than {timeout or 0:g} s: narrow it down (a LIMIT, more "
                        "specific patterns) or allow more time")


def _in_thread(evaluate: Any, timeout: float) -> QueryResult:
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = evaluate()
        except QueryError as error:
            # Its traceback holds the query's frames, and pyoxigraph results may only be dropped in the
            # thread that made them: let them go here.
            error.__traceback__ = None
            box["error"] = error

    worker = threading.Thread(target=work, daemon=True, name="kg-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():  # it cannot be stopped; it finishes on its own and its result is dropped
        raise _timeout(timeout)
    if "error" in box:
        raise box["error"]
    return box["result"]


# --- syntax errors ---------------------------------------------------------------------------------

_POSITION = re.compile(r"error at (\d+):(\d+): ?(.*)", re.DOTALL)
# Tokens of SPARQL that can hide a word: comments, IRIs, strings (long and short); then names and variables.
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<word>[?$]?[^\W\d][\w.-]*(?::[\w.%-]*)?|:[\w.%-]*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def sparql_words(text: str) -> Iterator[tuple[str, int]]:
    """The words of a SPARQL text (keywords, prefixed names, variables) with their offsets; comments,
    strings and IRIs are skipped, so a word found here is code, not text."""
    for match in _TOKEN.finditer(text):
        if match.group("word"):
            yield match.group("word"), match.start()


def _undeclared_prefix(sparql: str) -> tuple[str, int] | None:
    """The first prefixed name whose prefix is neither declared in ``sparql`` nor one of the project's."""
    declared = set(PREFIXES) | {match.group(1) or "" for match in _DECLARED.finditer(sparql)}
    for word, offset in sparql_words(sparql):
        prefix, colon, _ = word.partition(":")
        if colon and not word.startswith(("?", "$")) and prefix != "_" and prefix not in declared:
            return prefix, offset
    return None


def syntax_error(sparql: str, error: SyntaxError) -> QuerySyntaxError:
    """A readable :class:`~kg.errors.QuerySyntaxError` for pyoxigraph's ``error``: where the parser stopped
    (line and column), what it expected, and the query line with a caret under that column."""
    text = str(error)
    match = _POSITION.match(text)
    undeclared = _undeclared_prefix(sparql)
    if match is None and undeclared is None:
        return QuerySyntaxError(f"the SPARQL query does not parse: {text}")
    if undeclared is not None:  # the parser often reports it later, as something else it expected
        prefix, offset = undeclared
        line = sparql.count("\n", 0, offset) + 1
        column = offset - (sparql.rfind("\n", 0, offset) + 1) + 1
        problem = _unknown_prefix(prefix)
    else:
        assert match is not None
        line, column = int(match.group(1)), int(match.group(2))
        problem = _problem(match.group(3))
    lines = sparql.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * (len(str(line)) + 5) + _caret_indent(source, column) + "^"
    message = (f"the SPARQL query does not parse at line {line}, column {column}: {problem}\n"
               f"  {line} | {source}\n{caret}")
    return QuerySyntaxError(message, line=line, column=column)


def _unknown_prefix(prefix: str) -> str:
    known = ", ".join(f"{p}:" for p in PREFIXES)
    return (f"unknown prefix {prefix + ':'!r}: declare it with PREFIX {prefix}: <...> "
            f"(declared already: {known})")


def _problem(detail: str) -> str:
    detail = " ".join(detail.split())
    if len(detail) > 80:
        detail = detail[:77] + "..."
    return f"syntax error (the parser says: {detail})" if detail else "syntax error"


def _caret_indent(source: str, column: int) -> str:
    """Spaces up to ``column`` (1-based), two for each wide (Chinese) character, tabs kept."""
    import unicodedata

    before = source[:max(column - 1, 0)]
    return "".join("\t" if ch == "\t" else "  " if unicodedata.east_asian_width(ch) in "WF" else " "
                   for ch in before)
