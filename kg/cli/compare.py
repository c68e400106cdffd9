"""``kg compare``: the cross-city comparison report, and versions of one jurisdiction's plan."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import reports_errors, store_option

FORMATS = ("html", "md", "csv", "json")
SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".csv": "csv", ".json": "json"}


@click.command()
@store_option
@click.option("--plan", "plans", multiple=True, metavar="PLAN",
              help="A plan to compare: its file name, key or IRI (repeat; default: every plan in the store).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="html (a standalone page), md, csv (one cell per line) or json. Default: from the "
                   "output's suffix, else html.")
@click.option("--hazard", metavar="KEY",
              help="The hazard whose lead agencies section 3 compares (a key such as flood; default: the "
                   "hazard most plans cover).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=None,
              help="Text similarity at which two measures say the same thing (default 0.35).")
@click.option("--versions", is_flag=True,
              help="Compare versions instead: the two plans given with --plan (older, newer), or the plans "
                   "of one jurisdiction in consecutive years. Shows kept, dropped and added measures.")
@reports_errors
def compare(store_dir: Path, plans: tuple[str, ...], output: Path | None, fmt: str | None, hazard: str | None,
            threshold: float | None, versions: bool) -> None:
    """Compare plans across cities: hazards, who does what, deadlines, targets, shared measures.

    \b
    Examples:
      kg compare --store kg-store -o report.html
      kg compare --plan 004_fcd55c30be0749a7.txt --plan 000_384322916ba60cf2.txt --hazard flood -o two.html
      kg compare --format csv -o report.csv
      kg compare --versions --plan gz-2021.txt --plan gz-2022.txt -o versions.html
    """
    from kg.store import Store
    from kg.views.compare import DEFAULT_THRESHOLD, compare_versions, render
    from kg.views.compare import compare as compare_plans

    fmt = fmt or (SUFFIXES.get(output.suffix.lower(), "html") if output else "html")
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    with Store(store_dir, read_only=True) as store:
        if versions:
            report = compare_versions(store, plans=plans, threshold=threshold)
        else:
            report = compare_plans(store, plans, hazard=hazard, threshold=threshold)
    text = render(report, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    counts = dict(report.summary)
    what = f"{counts['pairs']} version pair(s)" if versions else f"{counts['plans']} plans"
    click.echo(f"wrote {output} ({fmt}, {what})", err=True)
