"""Option decorators and error handling shared by the ``kg`` commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

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
