"""The cross-plan comparison: the rows of :mod:`kg.views.compare.data` arranged into the seven sections of
the report (overview, hazard coverage, who does what, deadlines, targets, shared and distinctive measures,
plan similarity).

Counts are copied from the queries' rows, never recomputed: each table names its query and says which row
and variable a cell is. Only sections 5-7 compute something of their own (text similarity, from
:mod:`kg.views.compare.similarity`), from texts the queries return.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import QueryError
from kg.rdf.namespaces import EMO_IRI, HZ, compact
from kg.views.compare import data as queries
from kg.views.compare.data import CompareData, HazardLead, PlanRow, TargetRow, Term
from kg.views.compare.model import Column, Label, Report, Section, Table, Value
from kg.views.compare.similarity import (
    DEFAULT_THRESHOLD,
    Item,
    TfidfIndex,
    group_near_duplicates,
    nearest_other,
    normalise,
    plan_similarity,
)

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["comparable", "compare", "hazard_iri", "plan_labels", "similarity_drops", "term_label"]

TARGET_THRESHOLD = 0.4  # targets whose subjects (see _target_subject) are this alike measure the same thing
UNCLASSIFIED = Label("未分类", "unclassified")
LEAD, SUPPORT = EMO_IRI + "LeadRole", EMO_IRI + "SupportRole"
# How a plan refers to its own area ("全市", "本区", "我省"): dropped before texts are compared.
_SELF_REFERENCE = re.compile(r"[全本我该][省市州盟区县旗镇乡村]")
# Words that say how a target relates to its number, not what it measures: dropped from the clause.
_TARGET_QUALIFIERS = re.compile(
    "达到|提高|提升|增加|新增|增长|下降|减少|降低|压缩|缩短至|缩短|控制在|不低于|不高于|不少于|不超过|"
    "低于|高于|以上|以下|以内|左右|至少|超过|确保|实现|同比|全年|年均|累计|力争|保持|零发生"
)
_DIRECTION_SIGNS = {"Increase": "↑", "Decrease": "↓", "AtLeast": "≥", "AtMost": "≤", "Reach": "=", "Zero": ""}

# Column headers used by several tables.
PLAN = Column("plan", Label("规划", "plan"))
KEY = Column("key", Label("键", "key"))
IRI = Column("iri", Label("IRI"), "iri")
MEASURES = Column("measures", Label("任务数", "measures"), "number")


# --- labels --------------------------------------------------------------------------------------


def plan_labels(plans: Sequence[PlanRow]) -> dict[str, str]:
    """A short, unique display name per plan IRI: its jurisdiction and year, else its file name."""
    def label(plan: PlanRow) -> str:
        stem = plan.source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return " ".join(str(part) for part in (plan.jurisdiction or stem, plan.year) if part)

    names = [label(plan) for plan in plans]
    return {plan.iri: f"{name} ({plan.source})" if names.count(name) > 1 else name
            for plan, name in zip(plans, names, strict=True)}


def term_label(terms: dict[str, Term], iri: str | None) -> Label:
    """The Chinese and English labels of an ontology term (its compact IRI when it has none)."""
    if iri is None:
        return UNCLASSIFIED
    term = terms.get(iri)
    if term is None or not (term.zh or term.en):
        return Label(compact(iri))
    return Label(term.zh or term.en or "", term.en)


def hazard_iri(key: str, terms: dict[str, Term]) -> str:
    """The IRI of a hazard given as ``flood``, ``hz:flood`` or its IRI; QueryError when there is none."""
    key = key.strip()
    iri = key if key.startswith("http") else HZ + key.removeprefix("hz:")
    if iri not in terms or not iri.startswith(HZ):
        raise QueryError(f"unknown hazard {key!r}: give a key of the hazard scheme (ontology/hazards.tsv), "
                         "e.g. flood, typhoon, hazardous_chemicals")
    return iri


def similarity_drops(plans: Iterable[PlanRow]) -> list[str]:
    """Place names to drop before comparing texts: each plan's jurisdiction, with and without its suffix
    (广州市, 广州)."""
    names = set()
    for plan in plans:
        if plan.jurisdiction:
            names.add(plan.jurisdiction)
            if len(plan.jurisdiction) >= 3:
                names.add(plan.jurisdiction[:-1])
    return sorted(names)


def comparable(text: str, drops: Sequence[str]) -> str:
    """``text`` as texts are compared: without the plan's own place names and self-references."""
    return normalise(_SELF_REFERENCE.sub("", text), drops)


def _table(name: str, title: Label, columns: Sequence[Column], rows: Iterable[Sequence[Value]],
           query_name: str | None, note: Label | None = None, *, bindings: dict[str, str] | None = None,
           depths: Sequence[int] = ()) -> Table:
    return Table(name=name, title=title, columns=tuple(columns), rows=tuple(tuple(r) for r in rows),
                 query_name=query_name, query=queries.query_text(query_name) if query_name else None,
                 bindings=bindings or {}, note=note, depths=tuple(depths))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# --- the comparison ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    data: CompareData
    labels: dict[str, str]  # plan IRI -> display name
    plan_columns: tuple[Column, ...]  # one heat column per plan: plan:1, plan:2 ... in the plans' order

    @property
    def plans(self) -> tuple[PlanRow, ...]:
        return self.data.plans

    def label(self, iri: str | None) -> Label:
        return term_label(self.data.terms, iri)


def compare(store: Store, plans: Iterable[str] = (), *, hazard: str | None = None,
            threshold: float = DEFAULT_THRESHOLD) -> Report:
    """The comparison report of the plans ``plans`` names (all plans in the store by default).

    ``hazard`` (a key of the hazard scheme) chooses the hazard whose lead agencies section 3 lists; by
    default the hazard most plans cover. ``threshold`` is the cosine at which two measures say the same thing.
    """
    data = queries.collect(store, plans)
    labels = plan_labels(data.plans)
    columns = tuple(Column(f"plan:{i}", Label(labels[p.iri]), "heat") for i, p in enumerate(data.plans, 1))
    context = _Context(data, labels, columns)
    coverage = _coverage(context)
    chosen = hazard_iri(hazard, data.terms) if hazard else _default_hazard(context, coverage)
    leads = queries.hazard_leads(store, chosen, [p.iri for p in data.plans]) if chosen else ()
    measures = _measure_similarity(context, threshold)
    sections = (
        _overview_section(context),
        _hazard_section(context, coverage),
        _roles_section(context, chosen, leads),
        _deadline_section(context),
        _target_section(context),
        measures.section,
        _similarity_section(context, coverage, measures.shared),
    )
    summary = (("plans", str(len(data.plans))),
               ("measures", str(sum(plan.measures for plan in data.plans))),
               ("similarity", f"character 2-3-gram TF-IDF cosine, near-duplicates at >= {threshold:g}"))
    return Report(Label("应急管理规划跨地区比较", "Cross-city comparison of emergency-management plans"),
                  sections, summary)


# --- 1 overview ----------------------------------------------------------------------------------


def _overview_section(context: _Context) -> Section:
    columns = (PLAN, Column("source", Label("文件", "source")), Column("title", Label("标题", "title")),
               Column("jurisdiction", Label("辖区", "jurisdiction")),
               Column("level", Label("行政级别", "level")),
               Column("years", Label("年度", "years")), Column("type", Label("文件类型", "type")),
               Column("measures", Label("任务措施", "measures"), "number"),
               Column("agencies", Label("责任主体", "agencies"), "number"),
               Column("deadlines", Label("时限", "deadlines"), "number"),
               Column("targets", Label("目标指标", "targets"), "number"))
    rows = [(context.labels[p.iri], p.source, p.title, p.jurisdiction, p.level, _years(p),
             str(context.label(p.doc_type)) if p.doc_type else None,
             p.measures, p.agencies, p.deadlines, p.targets) for p in context.plans]
    note = Label("每行对应查询结果中的一行（?measures ?agencies ?deadlines ?targets）。",
                 "One row of the query per plan (?measures ?agencies ?deadlines ?targets).")
    table = _table("overview", Label("各规划概况", "Plans at a glance"), columns, rows, "overview", note)
    return Section("overview", Label("一、概况", "1. Overview"), (table,))


def _years(plan: PlanRow) -> str | None:
    if plan.year is None:
        return None
    if plan.end_year and plan.end_year != plan.year:
        return f"{plan.year}–{plan.end_year}"
    return str(plan.year)


# --- 2 hazards -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Coverage:
    order: tuple[tuple[str, int], ...]  # (hazard IRI, depth) in tree order: hazards some plan covers
    counts: dict[tuple[str, str], int]  # (plan, hazard) -> measures, rolled up
    direct: dict[tuple[str, str], int]  # (plan, hazard) -> measures naming the hazard itself

    def count(self, plan: str, hazard: str) -> int:
        return self.counts.get((plan, hazard), 0)


def _coverage(context: _Context) -> _Coverage:
    counts = {(row.plan, row.hazard): row.measures for row in context.data.hazard_counts}
    direct = {(row.plan, row.hazard): row.direct for row in context.data.hazard_counts}
    covered = {hazard for _, hazard in counts}
    totals: dict[str, int] = defaultdict(int)
    for (_, hazard), count in counts.items():
        totals[hazard] += count
    children: dict[str | None, list[str]] = defaultdict(list)
    for hazard in covered:
        parents = [b for b in _broader(context, hazard) if b in covered]
        children[parents[0] if parents else None].append(hazard)
    order: list[tuple[str, int]] = []

    def visit(parent: str | None, depth: int) -> None:
        for hazard in sorted(children[parent], key=lambda h: (-totals[h], h)):
            order.append((hazard, depth))
            visit(hazard, depth + 1)

    visit(None, 0)
    return _Coverage(tuple(order), counts, direct)


def _broader(context: _Context, hazard: str) -> tuple[str, ...]:
    term = context.data.terms.get(hazard)
    return term.broader if term else ()


def _hazard_section(context: _Context, coverage: _Coverage) -> Section:
    columns = (Column("hazard", Label("灾种", "hazard")), KEY, *context.plan_columns,
               Column("plans", Label("涉及规划数", "plans covering"), "number"))
    rows = []
    for hazard, _ in coverage.order:
        cells = [coverage.count(p.iri, hazard) for p in context.plans]
        rows.append((str(context.label(hazard)), compact(hazard), *cells, sum(1 for c in cells if c)))
    note = Label("单元格 = 查询中 ?plan 为该列规划、?hazard 为该行灾种的 ?measures"
                 "（沿 skos:broader 向上汇总；无该行时为 0）。",
                 "Cell = ?measures of the query row with ?plan = the column's plan and ?hazard = the row's "
                 "hazard (rolled up along skos:broader; 0 when there is no such row).")
    heat = _table("hazard_coverage", Label("灾种覆盖（任务数）", "Hazard coverage (measures per hazard)"),
                  columns, rows, "hazard_coverage", note, depths=[depth for _, depth in coverage.order])
    return Section("hazards", Label("二、灾种覆盖", "2. Hazard coverage"),
                   (heat, _gaps_table(context, coverage)),
                   Label("每项任务计入其涉及的灾种及全部上位灾种。",
                         "A measure counts for the hazards it names and every broader hazard."))


def _gaps_table(context: _Context, coverage: _Coverage) -> Table:
    """Per plan, the hazards it has no measure about while at least half of its peers have: only the broadest
    such hazard (a plan without any marine measure lists 海洋灾害, not also 风暴潮 and 海啸)."""
    rows = []
    for plan in context.plans:
        peers = [p for p in context.plans if p.iri != plan.iri]
        enough = max(1, math.ceil(len(peers) / 2))
        missing = {h for h, _ in coverage.order if not coverage.count(plan.iri, h)}
        for hazard, _ in coverage.order:
            if hazard not in missing or any(b in missing for b in _broader(context, hazard)):
                continue
            covering = [p for p in peers if coverage.count(p.iri, hazard)]
            if len(covering) >= enough:
                rows.append((context.labels[plan.iri], str(context.label(hazard)), compact(hazard),
                             len(covering), "、".join(context.labels[p.iri] for p in covering),
                             sum(coverage.count(p.iri, hazard) for p in covering)))
    rows.sort(key=lambda row: (row[0], -row[3], -row[5], row[2]))
    columns = (PLAN, Column("hazard", Label("未涉及的灾种", "hazard left out")), KEY,
               Column("peers", Label("涉及该灾种的其他规划数", "peers covering it"), "number"),
               Column("peer_plans", Label("其他规划", "those peers")),
               Column("peer_measures", Label("其他规划的任务数", "their measures"), "number"))
    note = Label("由同一查询得出：该规划在此灾种上没有行，而至少一半的其他规划有。只列最上位的缺失灾种。",
                 "From the same query: the plan has no row for the hazard while at least half of its peers "
                 "do. Only the broadest missing hazard is listed.")
    title = Label("其他规划涉及而本规划未涉及的灾种", "Hazards a plan leaves out that its peers cover")
    return _table("hazard_gaps", title, columns, rows, "hazard_coverage", note)


def _default_hazard(context: _Context, coverage: _Coverage) -> str | None:
    """The hazard below the top of the scheme that most plans cover (then: most measures, then key)."""
    candidates = [h for h, depth in coverage.order if depth > 0]
    if not candidates:
        return coverage.order[0][0] if coverage.order else None

    def weight(hazard: str) -> tuple[int, int, str]:
        cells = [coverage.count(p.iri, hazard) for p in context.plans]
        return -sum(1 for c in cells if c), -sum(cells), hazard

    return min(candidates, key=weight)


# --- 3 who does what -----------------------------------------------------------------------------


def _by_total(counts: dict[tuple, int], keys: Iterable[str | None], position: int) -> list[str | None]:
    """``keys`` by their total over ``counts`` (keyed by tuples holding a key at ``position``), largest first;
    None (unclassified) last among equals."""
    totals: dict[str | None, int] = defaultdict(int)
    for key, value in counts.items():
        totals[key[position]] += value
    return sorted(set(keys), key=lambda k: (-totals[k], k or "~"))


def _roles_section(context: _Context, hazard: str | None, leads: Sequence[HazardLead]) -> Section:
    plans = context.plans
    counts = {(r.plan, r.function, r.role): r.measures for r in context.data.role_counts}
    functions = _by_total(counts, (r.function for r in context.data.role_counts), 1)
    columns = [Column("function", Label("职能", "function")), KEY]
    for i, plan in enumerate(plans, 1):
        name = context.labels[plan.iri]
        columns += [Column(f"plan:{i}:lead", Label(f"{name} 牵头", f"{name} lead"), "heat"),
                    Column(f"plan:{i}:support", Label(f"{name} 配合", f"{name} support"), "heat")]
    rows = [(str(context.label(f)), compact(f) if f else None,
             *[counts.get((p.iri, f, role), 0) for p in plans for role in (LEAD, SUPPORT)])
            for f in functions]
    note = Label("单元格 = 查询中对应 ?plan、?function、?role（emo:LeadRole 牵头 / emo:SupportRole 配合）"
                 "行的 ?measures：该职能的主体承担该角色的任务数。",
                 "Cell = ?measures of the row with that ?plan, ?function and ?role (emo:LeadRole, "
                 "emo:SupportRole): measures in which an agency of the function has the role.")
    title = Label("职能 × 规划：牵头与配合", "Agency functions × plans: lead and support")
    tables = [_table("function_roles", title, columns, rows, "function_roles", note)]
    if hazard:
        tables += _lead_tables(context, hazard, leads)
    return Section("roles", Label("三、谁来做", "3. Who does what"), tuple(tables))


def _lead_tables(context: _Context, hazard: str, leads: Sequence[HazardLead]) -> list[Table]:
    plans = context.plans
    name = context.label(hazard)
    english = name.en or name.zh
    bindings = {"hazard": compact(hazard)}
    by_function: dict[tuple[str, str | None], int] = defaultdict(int)
    for lead in leads:
        by_function[lead.plan, lead.function] += lead.measures
    rows = [(str(context.label(f)), compact(f) if f else None,
             *[by_function.get((p.iri, f), 0) for p in plans])
            for f in _by_total(by_function, (lead.function for lead in leads), 1)]
    columns = (Column("function", Label("牵头主体职能", "lead agency's function")), KEY,
               *context.plan_columns)
    note = Label("单元格 = ?hazard 绑定为该灾种时，查询中该规划、该职能各行 ?measures 之和"
                 "（同一任务有两个同职能牵头主体时计两次）。",
                 "Cell = the sum of ?measures over the rows of that plan and function, with ?hazard bound to "
                 "the hazard (a measure led by two agencies of one function counts twice).")
    by_kind = _table("hazard_lead_functions", Label(f"谁牵头{name.zh}", f"Who leads {english}"), columns,
                     rows, "hazard_leads", note, bindings=bindings)
    order = {plan.iri: position for position, plan in enumerate(plans)}
    ranked = sorted(leads, key=lambda lead: (order[lead.plan], -lead.measures, lead.name or ""))
    agency_rows = [(context.labels[lead.plan], str(context.label(lead.function)), lead.name, lead.measures,
                    lead.agency) for lead in ranked]
    agency_columns = (PLAN, Column("function", Label("职能", "function")),
                      Column("agency", Label("牵头主体", "lead agency")), MEASURES, IRI)
    agencies = _table("hazard_lead_agencies", Label(f"{name.zh}的牵头主体", f"Lead agencies for {english}"),
                      agency_columns, agency_rows, "hazard_leads",
                      Label("查询结果逐行列出。", "The query's rows as they are."), bindings=bindings)
    return [by_kind, agencies]


# --- 4 deadlines ---------------------------------------------------------------------------------


def _deadline_section(context: _Context) -> Section:
    plans = context.plans
    counts = {(r.plan, r.month): r.deadlines for r in context.data.month_counts}
    months = sorted({r.month for r in context.data.month_counts if r.month != "unresolved"})
    columns = (PLAN, *[Column(month, Label(month), "heat") for month in months],
               Column("unresolved", Label("无确切日期", "no date"), "heat"),
               Column("total", Label("合计", "total"), "number"))
    rows = []
    for plan in plans:
        cells = [counts.get((plan.iri, month), 0) for month in [*months, "unresolved"]]
        rows.append((context.labels[plan.iri], *cells, sum(cells)))
    note = Label("单元格 = 查询中该规划、该月份（emo:dueDate 的年-月）行的 ?deadlines。",
                 "Cell = ?deadlines of the row with that plan and ?month (year-month of emo:dueDate).")
    timeline = _table("deadline_months", Label("按月份的时限分布", "Deadlines by month"), columns, rows,
                      "deadline_months", note)
    spec_columns = (PLAN, MEASURES,
                    Column("with_deadline", Label("有时限", "with a deadline"), "number"),
                    Column("deadline_share", Label("有时限占比", "share with a deadline"), "share"),
                    Column("with_agency", Label("有责任单位", "with a responsible agency"), "number"),
                    Column("agency_share", Label("有责任单位占比", "share with an agency"), "share"),
                    Column("with_target", Label("有量化目标", "with a target"), "number"),
                    Column("target_share", Label("有量化目标占比", "share with a target"), "share"))
    spec_rows = [(context.labels[p.iri], p.measures,
                  p.with_deadline, _share(p.with_deadline, p.measures),
                  p.with_agency, _share(p.with_agency, p.measures),
                  p.with_target, _share(p.with_target, p.measures)) for p in plans]
    spec_note = Label("?withDeadline、?withAgency、?withTarget 除以 ?measures。",
                      "?withDeadline, ?withAgency and ?withTarget divided by ?measures.")
    specificity = _table("specificity", Label("规划具体程度", "Plan specificity"), spec_columns, spec_rows,
                         "overview", spec_note)
    title = Label("四、时限与具体程度", "4. Deadlines and specificity")
    return Section("deadlines", title, (timeline, specificity))


# --- 5 targets -----------------------------------------------------------------------------------


def _target_subject(target: TargetRow, drops: Sequence[str]) -> str:
    """What a target measures: its indicator, or its clause without the number and the words of direction."""
    text = target.indicator or (target.clause.replace(target.value_text, "") if target.value_text
                                else target.clause)
    return comparable(_TARGET_QUALIFIERS.sub("", text), drops)


def _target_value(target: TargetRow) -> str:
    sign = _DIRECTION_SIGNS.get((target.direction or "").rsplit("#", 1)[-1], "")
    value = target.value_text or (f"{target.value}{target.unit or ''}" if target.value is not None else "?")
    return f"{sign}{value}"


def _target_groups(targets: Sequence[TargetRow], drops: Sequence[str]) -> list[list[TargetRow]]:
    """Targets with the same unit whose subjects are alike, groups spanning most plans first."""
    by_unit: dict[str, list[TargetRow]] = defaultdict(list)
    for target in targets:
        by_unit[target.unit or ""].append(target)
    groups: list[list[TargetRow]] = []
    for unit in sorted(by_unit):
        members = {target.target: target for target in by_unit[unit]}
        items = [Item(t.target, t.plan, _target_subject(t, drops)) for t in by_unit[unit]]
        index = TfidfIndex([item.text for item in items])
        found = group_near_duplicates(items, TARGET_THRESHOLD, index, min_plans=1)
        groups += [[members[item.id] for item in group.members] for group in found]
    groups.sort(key=lambda g: (-len({t.plan for t in g}), -len(g), g[0].unit or "", g[0].clause))
    return groups


def _target_section(context: _Context) -> Section:
    plans = context.plans
    side_rows, detail_rows = [], []
    for number, members in enumerate(_target_groups(context.data.targets, similarity_drops(plans)), 1):
        what = next((t.indicator for t in members if t.indicator), None) or min((t.clause for t in members),
                                                                                 key=len)
        cells = ["；".join(_target_value(t) for t in members if t.plan == p.iri) or None for p in plans]
        side_rows.append((number, what, members[0].unit, len({t.plan for t in members}), *cells))
        detail_rows += [(number, context.labels[t.plan], t.item, _number(t.value), _number(t.upper), t.unit,
                         str(context.label(t.direction)) if t.direction else None,
                         str(context.label(t.nature)) if t.nature else None, t.indicator, t.clause, t.target)
                        for t in members]
    side_columns = (Column("group", Label("组", "group"), "number"),
                    Column("what", Label("指标", "what is measured")), Column("unit", Label("单位", "unit")),
                    Column("plans", Label("规划数", "plans"), "number"),
                    *[Column(f"plan:{i}", Label(context.labels[p.iri])) for i, p in enumerate(plans, 1)])
    side_note = Label(f"按单位分组，再按指标名称（或去掉数字后的原文分句）的文本相似度"
                      f"（≥ {TARGET_THRESHOLD:g}）归并。↑增加 ↓下降 ≥不低于 ≤不高于 =达到。",
                      f"Grouped by unit, then by the similarity (>= {TARGET_THRESHOLD:g}) of the indicator "
                      "(or the clause without its number). ↑ increase ↓ decrease ≥ at least ≤ at most "
                      "= reach.")
    detail_columns = (Column("group", Label("组", "group"), "number"), PLAN,
                      Column("item", Label("条目", "item")),
                      Column("value", Label("数值", "value"), "number"),
                      Column("upper", Label("上限", "upper"), "number"),
                      Column("unit", Label("单位", "unit")),
                      Column("direction", Label("方向", "direction")),
                      Column("nature", Label("属性", "nature")),
                      Column("indicator", Label("指标名称", "indicator")),
                      Column("clause", Label("原文", "clause")), IRI)
    tables = (
        _table("targets_side_by_side", Label("目标对照", "Targets side by side"), side_columns, side_rows,
               "targets", side_note),
        _table("targets", Label("全部目标", "All targets"), detail_columns, detail_rows, "targets",
               Label("查询结果逐行列出，附分组号。", "The query's rows, with their group.")),
    )
    return Section("targets", Label("五、目标指标", "5. Targets"), tables)


def _number(value: object) -> float | int | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


# --- 6 shared and distinctive measures -----------------------------------------------------------


@dataclass(frozen=True)
class _MeasureResult:
    section: Section
    shared: dict[tuple[str, str], int]  # (plan, plan) -> groups they share


_GROUP_NOTE = Label(
    "任务原文来自查询；相似度为字符二元/三元组 TF-IDF 余弦（去掉编号、数字、标点和地名），"
    "组内任意两项 ≥ {t}。"
    "起止为规范化文本中的字符偏移（emo:evidence）。",
    "Texts from the query; similarity is the TF-IDF cosine of character 2-3-grams (numbering, digits, "
    "punctuation and place names removed), every two members of a group >= {t}. Start and end are "
    "character offsets into the normalised text (emo:evidence).")
_TEXT = Column("text", Label("原文", "text"))
_START, _END = Column("start", Label("起", "start"), "number"), Column("end", Label("止", "end"), "number")


def _measure_similarity(context: _Context, threshold: float) -> _MeasureResult:
    measures = context.data.measures
    drops = similarity_drops(context.plans)
    items = [Item(m.measure, m.plan, comparable(m.text, drops)) for m in measures]
    index = TfidfIndex([item.text for item in items])
    groups = group_near_duplicates(items, threshold, index)
    position = {item.id: k for k, item in enumerate(items)}
    group_rows = []
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for number, group in enumerate(groups, 1):
        for a in group.plans:
            for b in group.plans:
                shared[str(a), str(b)] += a != b
        for item in group.members:
            m = measures[position[item.id]]
            group_rows.append((number, len(group.plans), round(group.min_similarity, 3),
                               context.labels[m.plan], m.item, m.section, m.text, m.start, m.end, m.measure))
    in_group = {item.id for group in groups for item in group.members}
    nearest = nearest_other(items, index)
    distinct_rows = []
    for k, m in enumerate(measures):
        if m.measure not in in_group:
            score, other = nearest[k]
            distinct_rows.append((context.labels[m.plan], m.ordinal, m.item, round(score, 3),
                                  context.labels[measures[other].plan] if other is not None else None,
                                  m.text, m.start, m.end, m.measure))
    distinctive = defaultdict(int)
    for m in measures:
        distinctive[m.plan] += m.measure not in in_group
    summary_rows = [(context.labels[p.iri], p.measures, p.measures - distinctive[p.iri], distinctive[p.iri],
                     _share(distinctive[p.iri], p.measures)) for p in context.plans]
    note = Label(_GROUP_NOTE.zh.format(t=f"{threshold:g}"), (_GROUP_NOTE.en or "").format(t=f"{threshold:g}"))
    tables = (
        _table("measure_summary", Label("共有与独有任务数", "Shared and distinctive measures per plan"),
               (PLAN, MEASURES, Column("shared", Label("与其他规划共有", "shared"), "number"),
                Column("distinctive", Label("独有", "distinctive"), "number"),
                Column("distinctive_share", Label("独有占比", "share distinctive"), "share")),
               summary_rows, "measures", note),
        _table("shared_measures", Label("表述相近的任务组", "Groups of measures that say the same thing"),
               (Column("group", Label("组", "group"), "number"),
                Column("plans", Label("规划数", "plans"), "number"),
                Column("similarity", Label("组内最低相似度", "lowest similarity"), "number"), PLAN,
                Column("item", Label("条目", "item")), Column("section", Label("章节", "section")), _TEXT,
                _START, _END, IRI),
               group_rows, "measures", note),
        _table("distinctive_measures", Label("各规划独有的任务", "Measures no other plan has"),
               (PLAN, Column("ordinal", Label("序号", "ordinal"), "number"),
                Column("item", Label("条目", "item")),
                Column("nearest", Label("与其他规划最高相似度", "nearest in another plan"), "number"),
                Column("nearest_plan", Label("最相近的规划", "that plan")), _TEXT, _START, _END, IRI),
               distinct_rows, "measures",
               Label("不属于任何共有组的任务，附与其他规划中最相近任务的相似度。",
                     "Measures in no group, with their similarity to the closest measure of another plan.")),
    )
    section = Section("measures", Label("六、共有与独有的任务", "6. Shared and distinctive measures"), tables)
    return _MeasureResult(section, dict(shared))


# --- 7 plan similarity ---------------------------------------------------------------------------


def _similarity_section(context: _Context, coverage: _Coverage,
                        shared: dict[tuple[str, str], int]) -> Section:
    plans = context.plans
    drops = similarity_drops(plans)
    texts: dict[str, list[str]] = defaultdict(list)
    for m in context.data.measures:
        texts[m.plan].append(comparable(m.text, drops))
    matrix = plan_similarity({p.iri: "。".join(texts[p.iri]) for p in plans})
    rows = [(context.labels[a.iri], *[round(matrix[a.iri, b.iri], 3) for b in plans]) for a in plans]
    note = Label("各规划全部任务原文（查询结果）合并后的字符二元/三元组 TF-IDF 余弦。",
                 "TF-IDF cosine of character 2-3-grams of each plan's measures (the query's texts) taken "
                 "together.")
    heat = _table("plan_similarity", Label("规划相似度矩阵", "Plan similarity matrix"),
                  (PLAN, *context.plan_columns), rows, "measures", note)
    hazards = [h for h, _ in coverage.order]
    ranked = []
    for i, a in enumerate(plans):
        for b in plans[i + 1:]:
            profile = _cosine([coverage.direct.get((a.iri, h), 0) for h in hazards],
                              [coverage.direct.get((b.iri, h), 0) for h in hazards])
            ranked.append((context.labels[a.iri], context.labels[b.iri], round(matrix[a.iri, b.iri], 3),
                           round(profile, 3), shared.get((a.iri, b.iri), 0)))
    ranked.sort(key=lambda row: (-row[2], -row[3], row[0], row[1]))
    ranked_columns = (Column("rank", Label("名次", "rank"), "number"),
                      Column("plan_a", Label("规划甲", "plan A")),
                      Column("plan_b", Label("规划乙", "plan B")),
                      Column("text", Label("文本相似度", "text similarity"), "number"),
                      Column("hazards", Label("灾种结构相似度", "hazard profile similarity"), "number"),
                      Column("shared_groups", Label("共有任务组", "shared measure groups"), "number"))
    ranked_note = Label("文本相似度同上表；灾种结构相似度为直接涉及各灾种任务数"
                        "（hazard_coverage 查询的 ?direct）向量的余弦；共有任务组取自第六节。",
                        "Text similarity as in the matrix; hazard profile similarity is the cosine of the "
                        "vectors of ?direct (hazard_coverage query); shared groups from section 6.")
    ranked_rows = [(rank, *row) for rank, row in enumerate(ranked, 1)]
    ranked_table = _table("plan_pairs", Label("最相似的规划对", "Most similar pairs of plans"),
                          ranked_columns, ranked_rows, "hazard_coverage", ranked_note)
    return Section("similarity", Label("七、规划相似度", "7. Plan similarity"), (heat, ranked_table))


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0
