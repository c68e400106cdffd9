"""Named queries: the SPARQL files in ``kg/store/queries/``, each with a description and typed parameters.

    >>> from kg.store import Store
    >>> query = named_query("measures_with_keyword")
    >>> [(p.name, p.type, p.required) for p in query.parameters]
    [('keyword', 'string', True), ('plan', 'plan', False)]
    >>> with Store() as store:
    ...     query.run(store, {"keyword": '" } ; DROP ALL ; {'}).records()
    []

A file starts with comment lines: the description (its first sentence is the summary ``kg query --list``
shows), then one line per parameter::

    # @param NAME (TYPE): what it is                 a required parameter
    # @param NAME (TYPE, optional): what it is       may be left out
    # @param NAME (TYPE, default VALUE): what it is  VALUE when left out

TYPE is one of :data:`PARAMETER_TYPES`. Values are bound as RDF terms: :meth:`NamedQuery.run` writes them
as N-Triples terms (quotes and backslashes escaped) in a ``VALUES`` block that opens the query's outer
group (the first line that starts ``WHERE {``), so a value is only ever a value, and the optimiser starts
from it. ``plan``, ``agency`` and ``hazard`` values are looked up in the store first (a file name, a name as
the plans write it, a hazard key or label), so a typo is an error that says what exists instead of a query
that silently matches nothing. A ``date`` is ``YYYY-MM-DD``, ``today``, or ``today+N`` / ``today-N`` days.

A file also runs as it is with pyoxigraph's substitutions (``kg query FILE.rq --param NAME=VALUE``), and
the files are written so that both give the same rows (a test runs every query both ways). How pyoxigraph
substitutes (0.5) decides how:

- a parameter must be in the query's SELECT clause (and its GROUP BY when the query aggregates), or the
  query is refused; :meth:`NamedQuery.run` then drops the parameters' columns (a given value would only be
  repeated on every row), so project what identifies a row on its own (``?source`` beside ``?plan``);
- use a parameter in triple patterns and in FILTER expressions. Never inside OPTIONAL (it does not restrict
  there), in ``BOUND()`` or as a ``BIND`` source (both are evaluated as if it were unbound), or in a
  sub-query (it is not visible there);
- the value is not pushed into the branches of a UNION: a query of many branches about one thing matches
  the thing first, then the branches in ``LATERAL { ... }`` (measure_profile.rq), or it evaluates every
  branch for everything before it keeps the one thing asked for;
- an optional parameter either stands in a required triple pattern, where leaving it out lets it match
  anything (``?plan emo:hasMeasure ?m``: every plan), or compares through
  ``COALESCE``: ``FILTER(COALESCE(?u, "") = COALESCE(?unit, ?u, ""))`` is true for every row when ``?unit``
  is left out.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError
from kg.rdf.namespaces import HZ, PREFIXES

if TYPE_CHECKING:
    from kg.store.results import QueryResult
    from kg.store.store import Store

__all__ = ["PARAMETER_TYPES", "NamedQuery", "Parameter", "named_queries", "named_query", "parse_named_query",
           "run_named"]

PARAMETER_TYPES = ("iri", "string", "date", "integer", "hazard", "agency", "plan")
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

_PARAM_LINE = re.compile(r"#\s*@param\s+(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)"
                         r"(?:\s*,\s*(?P<mode>required|optional|default\s+(?P<default>[^)]+?)))?\s*\)"
                         r"\s*:?\s*(?P<description>.*)")
#: the opening of a query's outer group: the first line that starts with it
_OUTER_WHERE = re.compile(r"^WHERE\s*\{", re.MULTILINE)
_TODAY = re.compile(r"today(?:\s*([+-])\s*(\d+))?")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query."""

    name: str
    type: str
    description: str = ""
    default: str | None = None
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def describe(self) -> str:
        """``name (type)``, ``name (type, optional)`` or ``name (type, default X)``."""
        extra = (f", default {self.default}" if self.default is not None
                 else ", optional" if self.optional else "")
        return f"{self.name} ({self.type}{extra})"


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query shipped with emkg, with its description and parameters."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    @property
    def summary(self) -> str:
        """The first sentence of the description."""
        first = re.split(r"(?<=[.。])\s|:\s", self.description, maxsplit=1)[0]
        return first.rstrip(".")

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        names = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"the query {self.name!r} has no parameter {name!r}: its parameters are {names}")

    def bind(self, store: Store, values: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The substitutions for ``values`` (name -> text): each value checked, looked up and made a term;
        defaults filled in; a missing required parameter or an unknown one is a :class:`QueryError`."""
        values = dict(values or {})
        for name in values:
            self.parameter(name)
        bound: dict[str, Any] = {}
        for parameter in self.parameters:
            value = values.get(parameter.name, parameter.default)
            if value is None or (parameter.optional and value == ""):
                if parameter.required:
                    raise QueryError(f"the query {self.name!r} needs --param {parameter.name}=...: "
                                     f"{parameter.description or parameter.type}")
                continue
            bound[parameter.name] = to_term(store, parameter, str(value))
        return bound

    def run(self, store: Store, values: Mapping[str, str] | None = None, *, timeout: float | None = None,
            max_rows: int | None = None, in_thread: bool = True) -> QueryResult:
        """Run the query with ``values`` bound (see :func:`kg.store.results.execute` for the limits). The
        parameters' columns are dropped: the same columns whatever is given."""
        from kg.store.results import execute

        bound = self.bind(store, values)
        result = execute(store, with_values(self.text, bound), timeout=timeout, max_rows=max_rows,
                         in_thread=in_thread)
        return result.without(p.name for p in self.parameters)


def parse_named_query(name: str, text: str) -> NamedQuery:
    """A :class:`NamedQuery` from the text of a ``.rq`` file (see the module docstring for its header)."""
    description: list[str] = []
    parameters: list[Parameter] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        if "@param" in stripped:
            parameters.append(_parse_parameter(name, stripped))
        elif not parameters:
            description.append(stripped.lstrip("#").strip())
    if parameters and not _OUTER_WHERE.search(text):
        raise QueryError(f"queries/{name}.rq: start the query's outer group on a line of its own, "
                         "'WHERE {', where the parameters' values are put")
    return NamedQuery(name=name, description=" ".join(part for part in description if part),
                      parameters=tuple(parameters), text=text)


def with_values(text: str, bound: Mapping[str, Any]) -> str:
    """``text`` with ``bound`` (variable name -> pyoxigraph term) as a ``VALUES`` block opening its outer
    ``WHERE {`` group.

    pyoxigraph joins its substitutions with the evaluated pattern, so a FILTER on a parameter
    (``CONTAINS(?text, ?keyword)``) waited for every join of every row; from a leading VALUES the optimiser
    filters and looks up from the value first (``measures_with_keyword``, 1.2M triples in memory: 0.2 s ->
    0.06 s).
    The terms are written as N-Triples, which escapes quotes and backslashes: a value stays a value.
    """
    if not bound:
        return text
    names = " ".join(f"?{name}" for name in bound)
    terms = " ".join(str(term) for term in bound.values())
    return _OUTER_WHERE.sub(lambda where: f"{where[0]} VALUES ({names}) {{ ({terms}) }}", text, count=1)


def _parse_parameter(query: str, line: str) -> Parameter:
    match = _PARAM_LINE.fullmatch(line)
    if match is None:
        raise QueryError(f"queries/{query}.rq: cannot read {line!r}: write "
                         "'# @param NAME (TYPE[, optional | default VALUE]): description'")
    kind = match["type"]
    if kind not in PARAMETER_TYPES:
        raise QueryError(f"queries/{query}.rq: parameter {match['name']} has unknown type {kind!r}: "
                         f"use one of {', '.join(PARAMETER_TYPES)}")
    mode = match["mode"] or "required"
    default = match["default"].strip() if match["default"] else None
    return Parameter(name=match["name"], type=kind, description=match["description"].strip(),
                     default=default, optional=mode == "optional")


@functools.cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in ``kg/store/queries/``, by name, sorted."""
    folder = resources.files("kg.store") / "queries"
    found = sorted((entry.name[:-3], entry.read_text(encoding="utf-8")) for entry in folder.iterdir()
                   if entry.name.endswith(".rq"))
    return {name: parse_named_query(name, text) for name, text in found}


def named_query(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name is a :class:`QueryError` that suggests close ones."""
    queries = named_queries()
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise QueryError(f"no named query {name!r}: {hint}`kg query --list` shows them all")


def run_named(store: Store, name: str, values: Mapping[str, str] | None = None, *,
              timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
    """Run the named query ``name`` with ``values`` (name -> text) on ``store``.

        >>> from kg.store import Store
        >>> with Store() as store:
        ...     run_named(store, "plan_summaries").records()
        []
    """
    return named_query(name).run(store, values, timeout=timeout, max_rows=max_rows)


# --- parameter values -> terms ------------------------------------------------------------------------


def to_term(store: Store, parameter: Parameter, value: str) -> Any:
    """The RDF term ``value`` stands for, as ``parameter``'s type says."""
    import pyoxigraph

    value = value.strip()
    where = f"--param {parameter.name}={value}"
    if parameter.type == "string":
        return pyoxigraph.Literal(value)
    if parameter.type == "integer":
        try:
            return pyoxigraph.Literal(int(value))
        except ValueError:
            raise QueryError(f"{where}: not a whole number") from None
    if parameter.type == "date":
        return pyoxigraph.Literal(_date(value, where).isoformat(), datatype=pyoxigraph.NamedNode(XSD_DATE))
    if parameter.type == "plan":
        return pyoxigraph.NamedNode(store.resolve_plan(value))
    if parameter.type == "hazard":
        return pyoxigraph.NamedNode(_hazard(store, value, where))
    if parameter.type == "agency":
        return pyoxigraph.NamedNode(_agency(store, value, where))
    return pyoxigraph.NamedNode(expand_iri(value, where))


def _date(value: str, where: str) -> datetime.date:
    relative = _TODAY.fullmatch(value.lower())
    if relative:
        sign, days = relative.groups()
        offset = datetime.timedelta(days=int(days or 0))
        return datetime.date.today() + (-offset if sign == "-" else offset)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{where}: not a date: write YYYY-MM-DD, today, or today+N") from None


def expand_iri(value: str, where: str = "the value") -> str:
    """An IRI from ``<iri>``, a full IRI, or a prefixed name with one of the project's prefixes."""
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        value = PREFIXES[prefix] + local
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$", value) or any(ch in value for ch in '<>"{}|\\^`'):
        raise QueryError(f"{where}: not an IRI: give a full IRI or a prefixed name such as id:agency/...")
    return value


def _labels(store: Store, sparql: str) -> list[tuple[str, str, str]]:
    """``(IRI, label, kind)`` rows of ``sparql``."""
    return [(row["thing"].value, row["label"].value, row["kind"].value) for row in store.query(sparql)]


_HAZARD_LABELS = """
SELECT ?thing ?label ?kind WHERE {
  ?thing skos:inScheme hz:scheme .
  VALUES (?property ?kind) { (skos:notation "1") (skos:prefLabel "2") (skos:altLabel "3") }
  ?thing ?property ?label .
}"""

_AGENCY_LABELS = """
SELECT ?thing ?label ?kind WHERE {
  ?thing a emo:Agency .
  VALUES (?property ?kind) { (rdfs:label "1") (skos:altLabel "2") }
  ?thing ?property ?label .
}"""


def _hazard(store: Store, value: str, where: str) -> str:
    """A hazard concept from its key, ``hz:key``, IRI, or a label (Chinese or English, any case)."""
    rows = _labels(store, _HAZARD_LABELS)
    concepts = {thing for thing, _, _ in rows}
    if value.startswith(("hz:", "http", "<")):
        iri = expand_iri(value, where)
        if iri in concepts:
            return iri
        raise QueryError(f"{where}: no such hazard in hz:scheme ({HZ}<key>); keys are like flood, typhoon")
    best = _best_match(rows, value.casefold(), str.casefold)
    if len(best) == 1:
        return best[0]
    if best:
        raise QueryError(f"{where} names {len(best)} hazards ({', '.join(sorted(best))}): give the key")
    close = difflib.get_close_matches(value, sorted({label for _, label, kind in rows if kind == "1"}), n=5)
    hint = f" (close: {', '.join(close)})" if close else ""
    raise QueryError(f"{where}: no hazard has this key or name{hint}: the keys are in ontology/hazards.tsv")


# The agencies a name stands for, looked up by the name (bound as a term), not by reading every label: in a
# big store every agency's labels are repeated in each plan's graph (hundreds of thousands of rows).
_AGENCY_BY_LABEL = """
SELECT DISTINCT ?thing ?kind ?label WHERE {
  ?thing ?property ?label .
  FILTER(?property IN (rdfs:label, skos:altLabel))
  BIND(IF(?property = rdfs:label, "1", "2") AS ?kind)
  LATERAL { ?thing a emo:Agency . }
}"""


def _agency_by_name(store: Store, value: str) -> list[str]:
    """The agencies whose canonical name (or else another name) is exactly ``value`` (spaces removed), as
    the plans tag it (``@zh``) or untagged; empty when none is (the caller then compares every label)."""
    import pyoxigraph

    name = "".join(value.split())
    found: dict[str, set[str]] = {}
    for label in (pyoxigraph.Literal(name, language="zh"), pyoxigraph.Literal(name)):
        for row in store.query(_AGENCY_BY_LABEL, substitutions={"label": label}):
            found.setdefault(row["kind"].value, set()).add(row["thing"].value)
    return sorted(found[min(found)]) if found else []


def _agency(store: Store, value: str, where: str) -> str:
    """An agency from its IRI (``id:agency/...``) or a name the plans write it as (canonical names first)."""
    if not value.startswith(("id:", "http", "<")):
        named = _agency_by_name(store, value)
        if len(named) == 1:
            return named[0]
        # none, or several: the full comparison below says which (or what is close)
    if value.startswith(("id:", "http", "<")):
        import pyoxigraph

        iri = expand_iri(value, where)
        if list(store.query("SELECT ?thing WHERE { ?thing a emo:Agency } LIMIT 1",
                            substitutions={"thing": pyoxigraph.NamedNode(iri)})):
            return iri
        raise QueryError(f"{where}: no agency with this IRI in the store")
    rows = _labels(store, _AGENCY_LABELS)
    best = _best_match(rows, "".join(value.split()), lambda text: "".join(text.split()))
    if len(best) == 1:
        return best[0]
    names = {thing: label for thing, label, kind in rows if kind == "1"}
    if best:
        listed = "; ".join(f"{names.get(iri, '?')} <{iri}>" for iri in sorted(best))
        raise QueryError(f"{where} names {len(best)} agencies ({listed}): give the IRI")
    similar = sorted({label for _, label, kind in rows if kind == "1" and (value in label or label in value)})
    hint = f" (names containing it: {', '.join(similar[:5])})" if similar else ""
    raise QueryError(f"{where}: no agency of this name in the store{hint}: "
                     "`kg query --name agency_workload` lists them")


def _best_match(rows: list[tuple[str, str, str]], wanted: str, normal: Any) -> list[str]:
    """The things whose label equals ``wanted`` at the best (lowest) kind of label that has any."""
    by_kind: dict[str, set[str]] = {}
    for thing, label, kind in rows:
        if normal(label) == wanted:
            by_kind.setdefault(kind, set()).add(thing)
    return sorted(by_kind[min(by_kind)]) if by_kind else []
