"""The shape of a comparison report: sections of tables, each with the SPARQL query its numbers come from.

Every renderer (HTML, Markdown, CSV, JSON in :mod:`kg.views.compare.report`) reads these records only, so the
four formats hold the same numbers. Cells are plain values (str, int, float or None); a column's ``kind`` says
how to show them:

- ``text``: document or label text (always escaped when rendered);
- ``number``: a count or a value, right-aligned;
- ``heat``: a count shown as a heat-map cell (its colour scaled to the largest ``heat`` cell of the table);
- ``share``: a fraction 0..1 shown as a percentage;
- ``iri``: an IRI (a link in HTML, shown with the project's prefixes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Column", "ColumnKind", "Label", "Report", "Section", "Table", "Value"]

ColumnKind = Literal["text", "number", "heat", "share", "iri"]
Value = str | int | float | None


@dataclass(frozen=True)
class Label:
    """A text in Chinese and, where the ontology or the report has one, English."""

    zh: str
    en: str | None = None

    def __str__(self) -> str:
        return f"{self.zh} {self.en}" if self.en and self.en != self.zh else self.zh


@dataclass(frozen=True)
class Column:
    key: str  # a stable machine name: CSV and JSON use it
    label: Label
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class Table:
    """One table of the report and how to reproduce it.

    ``query_name`` names the ``.rq`` file of :mod:`kg.views.compare.data` (or ``kg/store/queries``) and
    ``query`` is its text; ``bindings`` are the variables bound when it ran (``{"hazard": "hz:flood"}``);
    ``note`` says how a cell is read off the query's rows. ``depths`` indents the first column (a tree).
    """

    name: str
    title: Label
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    query_name: str | None = None
    query: str | None = None
    bindings: dict[str, str] = field(default_factory=dict)
    note: Label | None = None
    depths: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"table {self.name}: a row has {len(row)} cells for "
                                 f"{len(self.columns)} columns")

    def records(self) -> list[dict[str, Value]]:
        """The rows as dicts keyed by column key."""
        keys = [column.key for column in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    def column(self, key: str) -> list[Value]:
        """The values of one column, top to bottom."""
        position = [column.key for column in self.columns].index(key)
        return [row[position] for row in self.rows]


@dataclass(frozen=True)
class Section:
    id: str  # the HTML anchor
    title: Label
    tables: tuple[Table, ...]
    intro: Label | None = None


@dataclass(frozen=True)
class Report:
    title: Label
    sections: tuple[Section, ...]
    summary: tuple[tuple[str, str], ...] = ()  # (what, value) lines under the title: store, plans, settings

    def table(self, name: str) -> Table:
        """The table called ``name`` (KeyError if there is none)."""
        for section in self.sections:
            for table in section.tables:
                if table.name == name:
                    return table
        raise KeyError(name)

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]
