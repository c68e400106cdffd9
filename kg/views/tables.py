"""Rows and query results -> text: aligned tables (Chinese counted as two columns), Markdown, CSV, TSV, JSON.

    >>> print(render_rows([{"source": "a.txt", "title": "广州市工作要点", "measures": 61}]))
    source  title           measures
    ------  --------------  --------
    a.txt   广州市工作要点        61
    >>> print(render_markdown([{"source": "a.txt", "title": "广州市|要点", "measures": 61}]))
    | source | title        | measures |
    | ------ | ------------ | -------: |
    | a.txt  | 广州市\\|要点 |       61 |
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from typing import Any

from kg.rdf.namespaces import compact

__all__ = ["RESULT_FORMATS", "display_width", "render_markdown", "render_result", "render_rows", "show_term"]

RESULT_FORMATS = ("table", "md", "csv", "tsv", "json", "xml", "turtle", "ntriples")
_NUMERIC_TYPES = ("integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger",
                  "positiveInteger")


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


def _shorten(text: str, max_width: int | None) -> str:
    """``text`` cut to ``max_width`` display columns, with an ellipsis where it was cut."""
    if max_width is None or display_width(text) <= max_width:
        return text
    out, used = [], 0
    for ch in text:
        width = display_width(ch)
        if used + width > max_width - 1:
            break
        out.append(ch)
        used += width
    return "".join(out) + "…"


def _layout(rows: Sequence[dict[str, object]], columns: Sequence[str] | None, max_width: int | None,
            right: Collection[str]) -> tuple[list[str], list[list[str]], list[bool], list[int]]:
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    cells = [[_shorten(_cell(row.get(column)), max_width) for column in columns] for row in rows]
    numeric = [column in right or (bool(rows) and all(
        isinstance(row.get(column), (int, float)) or row.get(column) is None for row in rows))
        for column in columns]
    widths = [max([display_width(column), *(display_width(line[i]) for line in cells)])
              for i, column in enumerate(columns)]
    return list(columns), cells, numeric, widths


def render_rows(rows: Sequence[dict[str, object]], columns: Sequence[str] | None = None, *,
                max_width: int | None = None, right: Collection[str] = ()) -> str:
    """An aligned text table of ``rows`` (columns in first-seen order).

    Numbers, and the columns named in ``right``, are right-aligned; cells longer than ``max_width`` display
    columns are cut with an ellipsis.
    """
    columns, cells, numeric, widths = _layout(rows, columns, max_width, right)
    if not rows:
        return "(no rows)" if not columns else "  ".join(columns) + "\n(no rows)"
    lines = ["  ".join(_pad(column, widths[i], numeric[i]) for i, column in enumerate(columns)).rstrip(),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(_pad(line[i], widths[i], numeric[i]) for i in range(len(columns))).rstrip()
              for line in cells]
    return "\n".join(lines)


def render_markdown(rows: Sequence[dict[str, object]], columns: Sequence[str] | None = None, *,
                    max_width: int | None = None, right: Collection[str] = ()) -> str:
    """A Markdown (GitHub) table of ``rows``; ``|`` in a cell is escaped, numbers are right-aligned."""
    columns, cells, numeric, widths = _layout(rows, columns, max_width, right)
    if not columns:
        return "(no rows)"
    cells = [[cell.replace("|", "\\|") for cell in line] for line in cells]
    widths = [max([width, 3, *(display_width(line[i]) for line in cells)]) for i, width in enumerate(widths)]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(_pad(value, widths[i], numeric[i]) for i, value in enumerate(values)) + " |"

    rule = "| " + " | ".join("-" * (width - 1) + ":" if numeric[i] else "-" * width
                             for i, width in enumerate(widths)) + " |"
    return "\n".join([line(columns), rule, *(line(values) for values in cells)])


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


def _is_number(term: Any) -> bool:
    datatype = getattr(term, "datatype", None)
    return datatype is not None and datatype.value.rsplit("#", 1)[-1] in _NUMERIC_TYPES


def render_result(result: Any, fmt: str = "table", *, max_width: int | None = None) -> str:
    """A query result as text: ``table``, ``md``, or one of the formats of
    :meth:`kg.store.results.QueryResult.serialize` (csv, tsv, json, xml; turtle, ntriples for triples).

    ``result`` is a :class:`~kg.store.results.QueryResult` or what pyoxigraph returns (``QuerySolutions``,
    ``QueryBoolean``, triples). Tables show IRIs with the project's prefixes; triples (CONSTRUCT, DESCRIBE)
    come out as columns subject, predicate, object in a table and in the SPARQL result formats.
    """
    from kg.store.results import QueryResult, collect

    if fmt not in RESULT_FORMATS:
        raise ValueError(f"unknown result format {fmt!r}: use one of {', '.join(RESULT_FORMATS)}")
    if not isinstance(result, QueryResult):
        result = collect(result)
    if fmt not in ("table", "md"):
        return result.serialize(fmt).decode("utf-8")
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        names = ["subject", "predicate", "object"]
        terms = [(t.subject, t.predicate, t.object) for t in result.triples]
    else:
        names, terms = list(result.variables), list(result.rows)
    rows = [{name: show_term(term) for name, term in zip(names, row, strict=True)} for row in terms]
    right = [name for i, name in enumerate(names) if any(row[i] is not None for row in terms)
             and all(row[i] is None or _is_number(row[i]) for row in terms)]
    render = render_markdown if fmt == "md" else render_rows
    return render(rows, names, max_width=max_width, right=right)
