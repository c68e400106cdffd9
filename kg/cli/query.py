"""``kg query``: SPARQL over the store."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import reports_errors, store_option


@click.command()
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
