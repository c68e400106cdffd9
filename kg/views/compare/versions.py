"""Plans of one jurisdiction in different years, compared as versions: which measures were kept (as they were
or revised), dropped and added, and how the hazards they deal with changed.

Measures are matched one to one by text similarity (:func:`~kg.views.compare.similarity.match_versions`,
numbering, digits, punctuation and place names removed), the most similar pairs first; a kept measure whose
text differs (a number, a word) is "revised".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from kg.errors import QueryError
from kg.rdf.namespaces import compact
from kg.views.compare import data as queries
from kg.views.compare.analysis import comparable, plan_labels, similarity_drops, term_label
from kg.views.compare.data import MeasureRow, PlanRow
from kg.views.compare.model import Column, Label, Report, Section, Table, Value
from kg.views.compare.similarity import DEFAULT_THRESHOLD, match_versions, without_numbering

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["compare_versions", "version_pairs"]


def version_pairs(store: Store, plans: Iterable[str] = ()) -> list[tuple[str, str]]:
    """``(older, newer)`` plan IRIs to compare as versions.

    With exactly two plans given: that pair, the earlier year first (in the order given when a year is
    missing). Otherwise, among the plans given (all by default): for each jurisdiction (same name and level),
    every plan of one year with every plan of the next year it has a plan for. QueryError when there is no
    such pair.
    """
    refs = list(plans)
    rows = queries.plan_rows(store, refs)
    if len(refs) == 2 and len(rows) == 2:
        old, new = rows
        if old.year is not None and new.year is not None and new.year < old.year:
            old, new = new, old
        return [(old.iri, new.iri)]
    by_place: dict[tuple[str, str | None], list[PlanRow]] = {}
    for row in rows:
        if row.jurisdiction and row.year is not None:
            by_place.setdefault((row.jurisdiction, row.level), []).append(row)
    pairs = []
    for versions in by_place.values():
        years = sorted({row.year for row in versions if row.year is not None})
        for earlier, later in itertools.pairwise(years):
            pairs += [(a.iri, b.iri) for a in versions if a.year == earlier
                      for b in versions if b.year == later]
    if not pairs:
        raise QueryError("no two plans of one jurisdiction with different years among the plans compared: "
                         "give the two versions with --plan OLD --plan NEW")
    row_of = {row.iri: row for row in rows}
    return sorted(pairs, key=lambda pair: (row_of[pair[0]].jurisdiction, row_of[pair[0]].year,
                                           row_of[pair[0]].source, row_of[pair[1]].source))


def compare_versions(store: Store, pairs: Sequence[tuple[str, str]] | None = None, *,
                     plans: Iterable[str] = (), threshold: float = DEFAULT_THRESHOLD) -> Report:
    """A report with one section per ``(older, newer)`` pair (default: :func:`version_pairs` of ``plans``)."""
    pairs = list(pairs) if pairs is not None else version_pairs(store, plans)
    iris = list(dict.fromkeys(iri for pair in pairs for iri in pair))
    data = queries.collect(store, iris)
    rows = {plan.iri: plan for plan in data.plans}
    labels = plan_labels(data.plans)
    measures: dict[str, list[MeasureRow]] = {iri: [] for iri in iris}
    for measure in data.measures:
        measures[measure.plan].append(measure)
    coverage = {(row.plan, row.hazard): row.measures for row in data.hazard_counts}
    sections = []
    for number, (old, new) in enumerate(pairs, 1):
        drops = similarity_drops([rows[old], rows[new]])
        tables = _diff_tables(labels, measures[old], measures[new], drops, threshold)
        tables.append(_hazard_change(data.terms, coverage, old, new))
        title = Label(f"版本对比：{labels[old]} → {labels[new]}", f"Versions: {labels[old]} → {labels[new]}")
        intro = None
        if (rows[old].jurisdiction, rows[old].level) != (rows[new].jurisdiction, rows[new].level):
            intro = Label("注意：两份规划的辖区不同。",
                          "Note: the two plans are for different jurisdictions.")
        sections.append(Section(f"versions-{number}", title, tuple(tables), intro))
    summary = (("pairs", str(len(pairs))),
               ("matching", f"character 2-3-gram TF-IDF cosine, kept at >= {threshold:g}"))
    return Report(Label("规划版本对比", "Plan versions compared"), tuple(sections), summary)


def _table(name: str, title: Label, columns: Sequence[Column], rows: Iterable[Sequence[Value]],
           query_name: str, note: Label | None = None) -> Table:
    return Table(name=name, title=title, columns=tuple(columns), rows=tuple(tuple(r) for r in rows),
                 query_name=query_name, query=queries.query_text(query_name), note=note)


def _diff_tables(labels: dict[str, str], old: list[MeasureRow], new: list[MeasureRow], drops: Sequence[str],
                 threshold: float) -> list[Table]:
    kept, dropped, added = match_versions([comparable(m.text, drops) for m in old],
                                          [comparable(m.text, drops) for m in new], threshold)
    revised = [match for match in kept
               if without_numbering(old[match.old].text) != without_numbering(new[match.new].text)]
    old_label, new_label = labels[old[0].plan] if old else "", labels[new[0].plan] if new else ""
    summary_columns = (Column("what", Label("项目", "what")),
                       Column("count", Label("任务数", "measures"), "number"))
    summary_rows = [(str(Label("旧版任务", "measures before")), len(old)),
                    (str(Label("新版任务", "measures after")), len(new)),
                    (str(Label("保留（原文不变）", "kept as they were")), len(kept) - len(revised)),
                    (str(Label("保留（有修改）", "kept, revised")), len(revised)),
                    (str(Label("删去", "dropped")), len(dropped)),
                    (str(Label("新增", "added")), len(added))]
    note = Label(f"任务原文来自查询；按文本相似度一对一匹配（≥ {threshold:g}）。",
                 f"Texts from the query, matched one to one by text similarity (>= {threshold:g}).")
    kept_columns = (Column("old_item", Label(f"旧版条目（{old_label}）", "item before")),
                    Column("new_item", Label(f"新版条目（{new_label}）", "item after")),
                    Column("similarity", Label("相似度", "similarity"), "number"),
                    Column("status", Label("状态", "status")),
                    Column("old_text", Label("旧版原文", "text before")),
                    Column("new_text", Label("新版原文", "text after")),
                    Column("old_iri", Label("旧版 IRI", "IRI before"), "iri"),
                    Column("new_iri", Label("新版 IRI", "IRI after"), "iri"))
    revised_set = {(match.old, match.new) for match in revised}
    kept_rows = [(old[m.old].item, new[m.new].item, round(m.similarity, 3),
                  "revised" if (m.old, m.new) in revised_set else "unchanged",
                  old[m.old].text, new[m.new].text, old[m.old].measure, new[m.new].measure) for m in kept]
    one_side = (Column("item", Label("条目", "item")), Column("section", Label("章节", "section")),
                Column("text", Label("原文", "text")), Column("iri", Label("IRI"), "iri"))
    return [
        _table("version_summary", Label("变化概要", "Summary of changes"), summary_columns, summary_rows,
               "measures", note),
        _table("kept", Label("保留的任务", "Kept measures"), kept_columns, kept_rows, "measures", note),
        _table("dropped", Label("删去的任务", "Dropped measures"), one_side,
               [(old[i].item, old[i].section, old[i].text, old[i].measure) for i in dropped], "measures",
               note),
        _table("added", Label("新增的任务", "Added measures"), one_side,
               [(new[j].item, new[j].section, new[j].text, new[j].measure) for j in added], "measures", note),
    ]


def _hazard_change(terms: dict, coverage: dict[tuple[str, str], int], old: str, new: str) -> Table:
    hazards = sorted({hazard for plan, hazard in coverage if plan in (old, new)})
    rows = []
    for hazard in hazards:
        before, after = coverage.get((old, hazard), 0), coverage.get((new, hazard), 0)
        rows.append((str(term_label(terms, hazard)), compact(hazard), before, after, after - before))
    rows.sort(key=lambda row: (-abs(row[4]), row[1]))
    columns = (Column("hazard", Label("灾种", "hazard")), Column("key", Label("键", "key")),
               Column("before", Label("旧版任务数", "measures before"), "heat"),
               Column("after", Label("新版任务数", "measures after"), "heat"),
               Column("change", Label("变化", "change"), "number"))
    note = Label("单元格 = 查询中对应规划与灾种行的 ?measures（沿 skos:broader 汇总）。",
                 "Cell = ?measures of the row with that plan and hazard (rolled up along skos:broader).")
    title = Label("灾种覆盖的变化", "Hazard coverage, before and after")
    return _table("hazard_change", title, columns, rows, "hazard_coverage", note)
