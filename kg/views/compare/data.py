"""SPARQL -> typed tables: every number of the comparison comes from one of the queries in ``queries/*.rq``.

Each query runs over the whole store (the union of the plans' graphs and the ontology graph); rows of plans
left out of a comparison (``--plan``) are dropped here, so a researcher who runs the same query with
``kg query kg/views/compare/queries/<name>.rq`` gets the same numbers, plus those of the other plans.

    >>> from kg.store import Store
    >>> with Store() as store:                      # an empty store: the ontology only
    ...     hazards = vocabulary(store)
    >>> hazards["https://w3id.org/emkg/hazard/typhoon"].broader
    ('https://w3id.org/emkg/hazard/meteorological',)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any

from kg.errors import StoreError

if TYPE_CHECKING:
    from kg.store import Store

__all__ = [
    "QUERY_NAMES",
    "CompareData",
    "HazardCount",
    "HazardLead",
    "MeasureRow",
    "MonthCount",
    "PlanRow",
    "RoleCount",
    "TargetRow",
    "Term",
    "collect",
    "hazard_leads",
    "query_text",
    "select",
    "vocabulary",
]

QUERY_NAMES = ("overview", "vocabulary", "hazard_coverage", "function_roles", "hazard_leads",
               "deadline_months", "targets", "measures")


def query_text(name: str) -> str:
    """The text of ``queries/<name>.rq`` (a name of :data:`QUERY_NAMES`)."""
    if name not in QUERY_NAMES:
        raise ValueError(f"no comparison query {name!r}: use one of {', '.join(QUERY_NAMES)}")
    return (resources.files("kg.views.compare") / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def select(store: Store, name: str, substitutions: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The rows of query ``name`` as dicts of Python values: IRIs and strings as ``str``, integers as ``int``,
    decimals as :class:`~decimal.Decimal`; unbound variables are None."""
    results = store.query(query_text(name), substitutions=substitutions)
    names = [variable.value for variable in results.variables]
    return [{key: _python(term) for key, term in zip(names, solution, strict=True)} for solution in results]


def _python(term: Any) -> Any:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if datatype == "integer":
            return int(term.value)
        if datatype == "decimal":
            return Decimal(term.value)
    return term.value


# --- typed rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """A row of ``overview.rq``."""

    iri: str
    source: str
    title: str | None
    jurisdiction: str | None
    level: str | None
    year: int | None
    end_year: int | None
    doc_type: str | None  # an IRI: emo:WorkPlan ...
    measures: int
    agencies: int
    deadlines: int
    targets: int
    with_deadline: int
    with_agency: int
    with_target: int


@dataclass(frozen=True)
class Term:
    """A term of ``vocabulary.rq``: a hazard, an agency function or a named individual of emo."""

    iri: str
    notation: str | None
    zh: str | None
    en: str | None
    broader: tuple[str, ...] = ()


@dataclass(frozen=True)
class HazardCount:
    """A row of ``hazard_coverage.rq``: ``measures`` rolled up along skos:broader, ``direct`` not."""

    plan: str
    hazard: str
    measures: int
    direct: int


@dataclass(frozen=True)
class RoleCount:
    """A row of ``function_roles.rq``."""

    plan: str
    function: str | None
    role: str
    measures: int
    agencies: int


@dataclass(frozen=True)
class HazardLead:
    """A row of ``hazard_leads.rq``."""

    hazard: str
    plan: str
    function: str | None
    agency: str
    name: str | None
    measures: int


@dataclass(frozen=True)
class MonthCount:
    """A row of ``deadline_months.rq``: ``month`` is ``YYYY-MM`` or ``unresolved``."""

    plan: str
    month: str
    deadlines: int


@dataclass(frozen=True)
class TargetRow:
    """A row of ``targets.rq``."""

    plan: str
    measure: str
    item: str | None
    target: str
    value: Decimal | None
    upper: Decimal | None
    unit: str | None
    value_text: str | None
    direction: str | None
    nature: str | None
    indicator: str | None
    clause: str


@dataclass(frozen=True)
class MeasureRow:
    """A row of ``measures.rq``."""

    plan: str
    measure: str
    ordinal: int | None
    item: str | None
    text: str
    section: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class CompareData:
    """The rows of every query for the plans compared (in ``plans`` order), and the texts of the queries."""

    plans: tuple[PlanRow, ...]
    terms: dict[str, Term]
    hazard_counts: tuple[HazardCount, ...]
    role_counts: tuple[RoleCount, ...]
    month_counts: tuple[MonthCount, ...]
    targets: tuple[TargetRow, ...]
    measures: tuple[MeasureRow, ...]


# --- fetching ------------------------------------------------------------------------------------


def vocabulary(store: Store) -> dict[str, Term]:
    """The labelled terms of the ontology graph, by IRI (a hazard with two broader hazards has both)."""
    terms: dict[str, Term] = {}
    for row in select(store, "vocabulary"):
        iri = row["term"]
        known = terms.get(iri)
        broader = (*known.broader, row["broader"]) if known else (row["broader"],)
        terms[iri] = Term(iri, row["notation"], row["zh"], row["en"],
                          tuple(dict.fromkeys(b for b in broader if b)))
    return terms


def plan_rows(store: Store, plans: Iterable[str] = ()) -> tuple[PlanRow, ...]:
    """The overview rows of the plans ``plans`` names (refs as for :meth:`Store.resolve_plan`), or of all."""
    wanted = [store.resolve_plan(ref) for ref in plans]
    rows: dict[str, PlanRow] = {}
    for row in select(store, "overview"):
        if row["plan"] in rows:  # a jurisdiction with two labels: keep the first row
            continue
        rows[row["plan"]] = PlanRow(
            iri=row["plan"], source=row["source"], title=row["title"], jurisdiction=row["jurisdiction"],
            level=row["level"], year=row["year"], end_year=row["endYear"], doc_type=row["type"],
            measures=row["measures"], agencies=row["agencies"], deadlines=row["deadlines"],
            targets=row["targets"], with_deadline=row["withDeadline"], with_agency=row["withAgency"],
            with_target=row["withTarget"])
    if not rows:
        raise StoreError(f"the store at {store.path or 'memory'} holds no plans: "
                         f"run `kg build PATH --store {store.path or 'DIR'}` first")
    if not wanted:
        return tuple(rows.values())
    return tuple(rows[iri] for iri in dict.fromkeys(wanted))


def collect(store: Store, plans: Iterable[str] = ()) -> CompareData:
    """Run the comparison's queries and keep the rows of the plans compared (all plans by default)."""
    chosen = plan_rows(store, plans)
    keep = {plan.iri for plan in chosen}
    return CompareData(
        plans=chosen,
        terms=vocabulary(store),
        hazard_counts=tuple(HazardCount(r["plan"], r["hazard"], r["measures"], r["direct"])
                            for r in select(store, "hazard_coverage") if r["plan"] in keep),
        role_counts=tuple(RoleCount(r["plan"], r["function"], r["role"], r["measures"], r["agencies"])
                          for r in select(store, "function_roles") if r["plan"] in keep),
        month_counts=tuple(MonthCount(r["plan"], r["month"], r["deadlines"])
                           for r in select(store, "deadline_months") if r["plan"] in keep),
        targets=tuple(TargetRow(r["plan"], r["measure"], r["item"], r["target"], r["value"], r["upper"],
                                r["unit"], r["valueText"], r["direction"], r["nature"], r["indicator"],
                                r["clause"])
                      for r in select(store, "targets") if r["plan"] in keep),
        measures=measure_rows(store, keep),
    )


def measure_rows(store: Store, plans: Iterable[str]) -> tuple[MeasureRow, ...]:
    """The measures of the plans with IRIs ``plans``, in document order (one row per measure)."""
    keep = set(plans)
    rows: dict[str, MeasureRow] = {}
    for r in select(store, "measures"):
        if r["plan"] in keep and r["measure"] not in rows:  # a measure in two sections: keep one row
            rows[r["measure"]] = MeasureRow(r["plan"], r["measure"], r["ordinal"], r["item"], r["text"],
                                            r["section"], r["start"], r["end"])
    return tuple(rows.values())


def hazard_leads(store: Store, hazard: str, plans: Iterable[str]) -> tuple[HazardLead, ...]:
    """The lead agencies of measures about ``hazard`` (an IRI) or a narrower one, for the plans ``plans``."""
    import pyoxigraph

    keep = set(plans)
    rows = select(store, "hazard_leads", substitutions={"hazard": pyoxigraph.NamedNode(hazard)})
    return tuple(HazardLead(r["hazard"], r["plan"], r["function"], r["agency"], r["name"], r["measures"])
                 for r in rows if r["plan"] in keep)
