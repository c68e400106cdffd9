"""``kg viz``: the responsibility network as an interactive page that works offline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kg.cli.options import reports_errors, store_option

VIEWS = ("responsibility", "agencies")  # kg.views.graph.VIEWS, spelt out so `kg --help` imports nothing
LANGS = ("zh", "en")  # kg.views.pyvis_page.LANGS


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


@click.command()
@store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default="graph.html",
              show_default=True, help="The HTML file to write.")
@click.option("--view", "view_name", type=click.Choice(VIEWS), default="responsibility", show_default=True,
              help="agencies — measures — hazards, or agencies linked by the measures they share.")
@click.option("--plan", "plans", multiple=True, help="Only this plan (IRI, id or source); repeatable.")
@click.option("--agency", "agencies", multiple=True,
              help="Focus on this agency (name, other name or part of one); repeatable.")
@click.option("--hazard", "hazards", multiple=True,
              help="Focus on this hazard (key such as flood, or its name), narrower ones included; "
                   "repeatable.")
@click.option("--depth", type=click.IntRange(0, 10), default=2, show_default=True,
              help="Steps from the focus (--agency, --hazard) to keep.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only measures due on or after this day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only measures due on or before this day.")
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True,
              help="Language of the page (English labels where the ontology has them).")
@click.option("--title", help="The page's title.")
@reports_errors
def viz(store_dir: Path, output: Path, view_name: str, plans: tuple[str, ...], agencies: tuple[str, ...],
        hazards: tuple[str, ...], depth: int, since: dt.datetime | None, until: dt.datetime | None,
        lang: str, title: str | None) -> None:
    """Draw who is responsible for what as one HTML page (no network needed to open it).

    Colours and shapes by kind, node size by responsibility load, lead and support edges told apart, the
    measure's text, deadline and plan on hover. Views above 2,000 nodes are refused: narrow them with
    --plan, --agency, --hazard or --since/--until.
    """
    from kg.store import Store
    from kg.views.graph import View, to_networkx
    from kg.views.pyvis_page import write_page

    if not output.parent.is_dir():
        raise click.BadParameter(f"{output.parent} is not a folder: create it first", param_hint="-o")
    view = View(name=view_name, plans=plans, agencies=agencies, hazards=hazards, depth=depth,
                since=_date(since), until=_date(until))
    with Store(store_dir, read_only=True) as store:
        graph = to_networkx(store, view)
    size = write_page(graph, output, title=title, lang=lang)
    click.echo(f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, "
               f"{size / 1e6:.1f} MB", err=True)
