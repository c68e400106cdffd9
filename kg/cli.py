"""The ``kg`` command: parse options, call the library, print.

Every command imports what it needs inside its body, so ``kg --help`` stays fast (no spaCy,
pyoxigraph or rdflib at start-up). Domain errors (:class:`kg.errors.KGError`) become one readable
line and a non-zero exit; progress goes to stderr, data to stdout.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg import __version__
from kg.errors import KGError

DEFAULT_STORE = "kg-store"
LEVELS = ("province", "city", "county", "district", "town")
DOC_TYPES = ("work_plan", "five_year_plan", "summary_and_plan", "campaign_plan", "other")


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`KGError` raised by the library into a click error (one line, exit 1)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KGError as error:
            raise click.ClickException(str(error)) from error

    return wrapper


def store_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_STORE,
        show_default=True, envvar="KG_STORE", help="Folder of the embedded Oxigraph store.",
    )(command)


def metadata_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options that supply metadata a document does not state itself."""
    options = [
        click.option("--jurisdiction", help="Jurisdiction the plan is for, e.g. 某某镇."),
        click.option("--level", type=click.Choice(LEVELS), help="Administrative level of the jurisdiction."),
        click.option("--year", type=int, help="Year the plan is for."),
        click.option("--doc-type", type=click.Choice(DOC_TYPES), help="Kind of plan."),
        click.option("--encoding", help="Text encoding of .txt inputs, when detection guesses wrong."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def overrides_from(jurisdiction: str | None, level: str | None, year: int | None, doc_type: str | None):
    from kg.model import MetaOverrides

    return MetaOverrides(jurisdiction=jurisdiction, level=level, year=year, doc_type=doc_type)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="emkg")
def cli() -> None:
    """emkg: knowledge graphs of emergency-management plans.

    Build plans into a store, then query, inspect, export and validate it.
    """


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the document tree as JSON.")
@metadata_options
@reports_errors
def inspect(path: Path, as_json: bool, jurisdiction, level, year, doc_type, encoding) -> None:
    """Show how a document was read: metadata, section/item tree and counts."""
    from kg.ingest import read_document
    from kg.views.inspect import document_to_dict, render_document

    document = read_document(path, encoding=encoding,
                             overrides=overrides_from(jurisdiction, level, year, doc_type))
    if as_json:
        click.echo(json.dumps(document_to_dict(document), ensure_ascii=False, indent=2))
    else:
        click.echo(render_document(document))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@store_option
@metadata_options
@click.option("--metadata", "sidecar", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV or YAML file giving jurisdiction/level/year/type per input file.")
@click.option("-q", "--quiet", is_flag=True, help="Print the summary only.")
@click.option("--strict", is_flag=True, help="Exit non-zero when any document failed.")
@reports_errors
def build(paths: tuple[Path, ...], store_dir: Path, jurisdiction, level, year, doc_type, encoding,
          sidecar: Path | None, quiet: bool, strict: bool) -> None:
    """Read, extract and store plan documents (files or folders).

    Re-building a document replaces its graph. A document that cannot be built is reported by name and
    the rest go on; exits non-zero only when nothing could be built (with --strict: when any failed).
    """
    from kg.builder import build as build_plans

    def progress(line: str) -> None:
        if not quiet:
            click.echo(line, err=True)

    report = build_plans(list(paths), store=store_dir, encoding=encoding, sidecar=sidecar,
                         overrides=overrides_from(jurisdiction, level, year, doc_type), progress=progress)
    click.echo(report.summary())
    if not report.ok or (strict and report.failed):
        sys.exit(1)


@cli.command(name="list")
@store_option
@reports_errors
def list_plans(store_dir: Path) -> None:
    """List the plans in the store with their counts."""
    from kg.store import Store
    from kg.views.tables import render_rows

    with Store(store_dir, read_only=True) as store:
        click.echo(render_rows(store.plan_summaries()))


@cli.command()
@click.argument("plans", nargs=-1, required=True)
@store_option
@reports_errors
def remove(plans: tuple[str, ...], store_dir: Path) -> None:
    """Remove plans (by IRI, id or source file name) from the store."""
    from kg.store import Store

    with Store(store_dir) as store:
        for plan in plans:
            click.echo(f"removed {store.remove_plan(plan)}")


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]),
              default="trig", show_default=True)
@click.option("--plan", "plans", multiple=True, help="Only this plan (IRI, id or source); repeatable.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File (default: stdout).")
@reports_errors
def export(store_dir: Path, fmt: str, plans: tuple[str, ...], output: Path | None) -> None:
    """Export the store (or some plans) as RDF."""
    from kg.store import Store

    with Store(store_dir, read_only=True) as store:
        data = store.export(fmt, plans=list(plans))
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


@cli.command()
@store_option
@click.option("--plan", "plans", multiple=True, help="Only this plan; repeatable.")
@reports_errors
def validate(store_dir: Path, plans: tuple[str, ...]) -> None:
    """Check the store against the SHACL shapes; exits non-zero on violations."""
    from kg.store import Store
    from kg.store.validate import validate_store

    with Store(store_dir, read_only=True) as store:
        report = validate_store(store, plans=list(plans))
    click.echo(report.text)
    if not report.conforms:
        sys.exit(1)


@cli.command()
@click.argument("sparql")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
@reports_errors
def query(sparql: str, store_dir: Path, fmt: str) -> None:
    """Run a SPARQL query (text or a .rq file) over the union of all plans."""
    from kg.store import Store
    from kg.views.tables import render_result

    text = Path(sparql).read_text(encoding="utf-8") if sparql.endswith(".rq") else sparql
    with Store(store_dir, read_only=True) as store:
        click.echo(render_result(store.query(text), fmt))


@cli.command()
@click.option("--gold", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="Folder of gold JSON files (GUIDELINES format).")
@store_option
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write scores here.")
@click.option("--misses/--no-misses", default=True, help="List misses and false hits.")
@reports_errors
def evaluate(gold: Path, store_dir: Path, json_out: Path | None, misses: bool) -> None:
    """Score the plans in a store against gold annotations: precision, recall, F1 per category."""
    from kg.evaluate import evaluate_store

    with _open_store(store_dir) as store:
        report = evaluate_store(store, gold)
    click.echo(report.render(misses=misses))
    if json_out:
        json_out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


def _open_store(store_dir: Path):
    from kg.store import Store

    return Store(store_dir, read_only=True)


if __name__ == "__main__":  # python -m kg.cli
    cli()
