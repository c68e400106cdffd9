"""``kg query``: SPARQL over the store, ad hoc, from a file, or one of the named queries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.options import reports_errors, store_option

if TYPE_CHECKING:
    from kg.store import Store
    from kg.store.results import QueryResult

FORMATS = ("table", "md", "csv", "tsv", "json", "xml", "turtle", "ntriples")


@click.command()
@click.argument("sparql", required=False)
@click.option("-n", "--name", help="Run this named query (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter value, bound as an RDF term (never pasted into the query); repeatable.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@store_option
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="SELECT/ASK: table, md, csv, tsv, json (SPARQL JSON), xml. CONSTRUCT/DESCRIBE: turtle "
                   "(also what table and md give) or ntriples.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many rows (or triples).")
@click.option("--timeout", type=click.FloatRange(min=0), default=60, show_default=True,
              help="Give up after this many seconds (0: no limit).")
@click.option("--width", type=click.IntRange(min=0), default=80, show_default=True,
              help="Cut table cells to this many columns (0: never).")
@reports_errors
def query(sparql: str | None, name: str | None, params: tuple[str, ...], list_queries: bool, store_dir: Path,
          fmt: str, limit: int | None, timeout: float, width: int) -> None:
    """Run a SPARQL query over the union of all plans.

    SPARQL is the query itself, a .rq file, or - for standard input; the project's prefixes (emo:, hz:,
    id:, skos: ...) are declared. With --name, run a named query instead:

        kg query --name deadlines_between -p from=2022-01-01 -p to=2022-06-30

    With an ad-hoc query, --param binds ?KEY to VALUE: an IRI when written <...> or with a known prefix,
    text otherwise (the variable must be in the SELECT clause).
    """
    if list_queries:
        if sparql or name:
            raise click.UsageError("--list takes no query")
        click.echo(_listing(fmt))
        return
    values = _parse_params(params)
    if (sparql is None) == (name is None):
        raise click.UsageError("give a query (text, a .rq file or -) or --name NAME, not both")
    from kg.store import Store
    from kg.store.named import named_query

    seconds = timeout or None
    with Store(store_dir, read_only=True) as store:
        if name is not None:
            result = named_query(name).run(store, values, timeout=seconds, max_rows=limit)
        else:
            text, where = _query_text(sparql or "")
            result = _run_text(store, text, where, values, seconds, limit)
    _emit(result, fmt, width or None, limit)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for param in params:
        key, equals, value = param.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"{param!r}: write KEY=VALUE", param_hint="--param")
        values[key.strip().lstrip("?$")] = value
    return values


def _query_text(sparql: str) -> tuple[str, str | None]:
    """The query text, and the file it came from (None when given inline)."""
    if sparql == "-":
        return sys.stdin.read(), "<stdin>"
    looks_like_file = sparql.endswith((".rq", ".sparql")) and "\n" not in sparql
    if looks_like_file or (len(sparql) < 4096 and "{" not in sparql and Path(sparql).is_file()):
        path = Path(sparql)
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except OSError as error:
            raise click.BadParameter(f"cannot read {path}: {error.strerror or error}",
                                     param_hint="SPARQL") from error
        except UnicodeDecodeError:
            raise click.BadParameter(f"{path} is not UTF-8 text", param_hint="SPARQL") from None
    return sparql, None


def _run_text(store: Store, text: str, where: str | None, values: dict[str, str], timeout: float | None,
              limit: int | None) -> QueryResult:
    from kg.errors import QuerySyntaxError
    from kg.store.named import Parameter, to_term

    bound = {key: to_term(store, Parameter(key, "iri" if _looks_like_iri(value) else "string"), value)
             for key, value in values.items()}
    try:
        return store.run(text, substitutions=bound, timeout=timeout, max_rows=limit)
    except QuerySyntaxError as error:
        if where is None:
            raise
        raise QuerySyntaxError(f"{where}: {error}", error.line, error.column) from error


def _looks_like_iri(value: str) -> bool:
    from kg.rdf.namespaces import PREFIXES

    value = value.strip()
    prefix, colon, _ = value.partition(":")
    return (value.startswith("<") and value.endswith(">")) or (bool(colon) and prefix in PREFIXES) or \
        value.startswith(("http://", "https://", "urn:"))


def _emit(result: QueryResult, fmt: str, width: int | None, limit: int | None) -> None:
    from kg.errors import QueryError
    from kg.views.tables import render_result

    if result.kind == "graph" and fmt in ("table", "md"):
        fmt = "turtle"
    if result.kind != "graph" and fmt in ("turtle", "ntriples"):
        raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE: a SELECT or ASK gives table, md, "
                         "csv, tsv, json or xml")
    text = render_result(result, fmt, max_width=width if fmt == "table" else None)
    click.echo(text, nl=not text.endswith("\n"))
    if result.truncated:
        what = "triples" if result.kind == "graph" else "rows"
        click.echo(f"(only the first {limit} {what}: raise --limit for more)", err=True)


def _listing(fmt: str) -> str:
    import json

    from kg.store.named import named_queries
    from kg.views.tables import render_markdown, render_rows

    queries = named_queries().values()
    if fmt == "json":
        return json.dumps([{"name": q.name, "description": q.description,
                            "parameters": [{"name": p.name, "type": p.type, "required": p.required,
                                            "default": p.default, "description": p.description}
                                           for p in q.parameters]} for q in queries],
                          ensure_ascii=False, indent=1)
    rows = [{"name": q.name, "parameters": ", ".join(p.describe() for p in q.parameters),
             "description": q.summary} for q in queries]
    return render_markdown(rows) if fmt == "md" else render_rows(rows, max_width=100)
