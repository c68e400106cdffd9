"""Rows and query results -> text: aligned tables (Chinese counted as two columns), CSV, TSV, JSON.

    >>> print(render_rows([{"source": "a.txt", "title": "广州市工作要点", "measures": 61}]))
    source  title           measures
    ------  --------------  --------
    a.txt   广州市工作要点        61
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from kg.rdf.namespaces import compact

__all__ = ["display_width", "render_result", "render_rows", "show_term"]

RESULT_FORMATS = ("table", "csv", "tsv", "json")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters (Chinese) count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    padding = " " * max(width - display_width(text), 0)
    return padding + text if right else text + padding


def _cell(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())  # one line per row: newlines and tabs become spaces


def render_rows(rows: Sequence[dict[str, object]], columns: Sequence[str] | None = None) -> str:
    """An aligned text table of ``rows`` (columns in first-seen order); numbers are right-aligned."""
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    if not rows:
        return "(no rows)" if not columns else "  ".join(columns) + "\n(no rows)"
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    numeric = [all(isinstance(row.get(column), (int, float)) or row.get(column) is None for row in rows)
               for column in columns]
    widths = [max(display_width(column), *(display_width(line[i]) for line in cells))
              for i, column in enumerate(columns)]
    lines = ["  ".join(_pad(column, widths[i], numeric[i]) for i, column in enumerate(columns)).rstrip(),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(_pad(line[i], widths[i], numeric[i]) for i in range(len(columns))).rstrip()
              for line in cells]
    return "\n".join(lines)


def show_term(term: Any) -> str:
    """A term as a table shows it: IRIs with the project's prefixes, literals as their text."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return compact(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    return str(term)  # a quoted triple


def render_result(result: Any, fmt: str = "table") -> str:
    """A query result (pyoxigraph ``QuerySolutions``, ``QueryBoolean`` or triples) as table, csv, tsv or json.

    csv, tsv and json are the SPARQL 1.1 result formats for SELECT and ASK; triples (CONSTRUCT, DESCRIBE)
    come out as columns subject, predicate, object.
    """
    import pyoxigraph

    if fmt not in RESULT_FORMATS:
        raise ValueError(f"unknown result format {fmt!r}: use one of {', '.join(RESULT_FORMATS)}")
    if isinstance(result, pyoxigraph.QueryBoolean):
        return _boolean(bool(result), fmt)
    if isinstance(result, pyoxigraph.QuerySolutions):
        if fmt == "table":
            names = [variable.value for variable in result.variables]
            rows = [{name: show_term(term) for name, term in zip(names, solution, strict=True)}
                    for solution in result]
            return render_rows(rows, names)
        formats = {"csv": pyoxigraph.QueryResultsFormat.CSV, "tsv": pyoxigraph.QueryResultsFormat.TSV,
                   "json": pyoxigraph.QueryResultsFormat.JSON}
        return result.serialize(format=formats[fmt]).decode("utf-8")
    return _triples(result, fmt)


def _boolean(value: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value})
    return "true" if value else "false"


def _triples(triples: Iterable[Any], fmt: str) -> str:
    names = ["subject", "predicate", "object"]
    rows = [(triple.subject, triple.predicate, triple.object) for triple in triples]
    if fmt == "table":
        return render_rows([dict(zip(names, map(show_term, row), strict=True)) for row in rows], names)
    if fmt == "json":
        bindings = [{name: _json_term(term) for name, term in zip(names, row, strict=True)} for row in rows]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False)
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(names)
    writer.writerows([[str(term) if fmt == "tsv" else _csv_term(term) for term in row] for row in rows])
    return out.getvalue()


def _csv_term(term: Any) -> str:
    return term.value if hasattr(term, "value") else str(term)


def _json_term(term: Any) -> dict[str, str]:
    """A term in the SPARQL 1.1 JSON results format."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}
