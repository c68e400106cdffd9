"""``kg list``, ``kg remove``, ``kg export``, ``kg load``, ``kg validate``: the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import reports_errors, store_option


@click.command(name="list")
@store_option
@reports_errors
def list_plans(store_dir: Path) -> None:
    """List the plans in the store with their counts."""
    from kg.store import Store
    from kg.views.tables import render_rows

    with Store(store_dir, read_only=True) as store:
        click.echo(render_rows(store.plan_summaries()))


@click.command()
@click.argument("plans", nargs=-1, required=True)
@store_option
@reports_errors
def remove(plans: tuple[str, ...], store_dir: Path) -> None:
    """Remove plans (by IRI, id or source file name) from the store."""
    from kg.store import Store

    with Store(store_dir) as store:
        for plan in plans:
            click.echo(f"removed {store.remove_plan(plan)}")


@click.command()
@store_option
@click.option("--format", "fmt", default="trig", show_default=True,
              type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld", "graphml", "gexf", "ics"]))
@click.option("--plan", "plans", multiple=True, help="Only this plan (IRI, id or source); repeatable.")
@click.option("--agency", "agencies", multiple=True,
              help="ics: only deadlines of measures this agency (name or IRI) leads or supports; repeatable.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File (default: stdout).")
@reports_errors
def export(store_dir: Path, fmt: str, plans: tuple[str, ...], agencies: tuple[str, ...],
           output: Path | None) -> None:
    """Export the store (or some plans) as RDF, its responsibility network as GraphML or GEXF, or its
    deadlines as an iCalendar file (ics)."""
    from kg.store import Store
    from kg.views.graph import GRAPH_FORMATS, View, export_graph, to_networkx

    if agencies and fmt != "ics":
        raise click.UsageError("--agency is for --format ics")
    with Store(store_dir, read_only=True) as store:
        if fmt == "ics":  # the deadlines as an iCalendar file (RFC 5545), see kg.views.calendar
            from kg.views.calendar import calendar

            data = calendar(store, plans=plans, agencies=agencies)
        elif fmt in GRAPH_FORMATS:  # agencies — measures — hazards, for Gephi, Cytoscape and yEd
            data = export_graph(to_networkx(store, View(plans=plans)), fmt)
        else:
            data = store.export(fmt, plans=list(plans))
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


@click.command()
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


@click.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig"]),
              help="Format of the files.  [default: from the suffix: .nq N-Quads, .trig TriG]")
@reports_errors
def load(files: tuple[Path, ...], store_dir: Path, fmt: str | None) -> None:
    """Restore plans from files `kg export --format nquads` (or trig) wrote, into the store.

    Each plan in a file replaces the plan of the same name, in one transaction per plan; other plans are
    left alone. A file that is not an emkg export is refused, and nothing of it is written.
    """
    from kg.store import Store

    formats = [fmt or _format_of(file) for file in files]  # before the store is opened (or created)
    with Store(store_dir) as store:
        for file, file_format in zip(files, formats, strict=True):
            plans = store.load(_read(file), file_format, source=str(file))
            click.echo(f"loaded {len(plans)} plans from {file}")


def _format_of(file: Path) -> str:
    formats = {".nq": "nquads", ".nquads": "nquads", ".trig": "trig"}
    if file.suffix.lower() not in formats:
        raise click.UsageError(f"cannot tell the format of {file} from its suffix: give --format")
    return formats[file.suffix.lower()]


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror or error}") from error
