"""``kg evaluate``: score a build against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.options import reports_errors, store_option


@click.command()
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
    from kg.store import Store

    with Store(store_dir, read_only=True) as store:
        report = evaluate_store(store, gold)
    click.echo(report.render(misses=misses))
    if json_out:
        json_out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
