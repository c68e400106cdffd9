"""Measures: the tasks a plan sets, chosen from the document's structure.

A measure is the smallest numbered unit (an item with no numbered items under it), a paragraph where
there is no numbering, a heading-only section that carries its text in the heading ("(三)开展三大
行动,即…"), or a row of an indicator table. Text of a numbered unit before its first sub-item is a
measure of its own when it says more than the heading. Not measures: the preamble before the first
section (but for a paragraph of it that sets goals with figures: "主要目标:…下降10%"); parts that frame
the plan (指导思想, 基本原则, 机遇); parts that report the past (取得的进展, 2019年主要工作, and in a
summary every top-level part before the forward-looking one), which are
recorded as :class:`~kg.nlp.records.PastPart` so that their numbers become statistics.
Heading vocabulary is data: ``patterns/section_roles.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

import kg.nlp.extensions  # noqa: F401  (registers Doc._ extensions)
from kg.ingest.structure import BODY_LIST, assigned_items
from kg.model import DocumentMeta, Measure, Node, Span
from kg.nlp.records import PastPart
from kg.nlp.tables import IndicatorTable, find_indicator_tables
from kg.nlp.text import display_spans, doc_text, load_yaml, make_span

ROLES = "section_roles.yaml"
_PUNCTUATION = frozenset(" 。.::,,\n")
MIN_LEAD = 12  # characters a lead-in must have beyond its heading to be a measure of its own

Role = Literal["task", "past", "present", "context"]


@dataclass(frozen=True)
class Layout:
    """What the structure says about a document's parts."""

    measures: tuple[Measure, ...]
    past_parts: tuple[PastPart, ...]
    tables: tuple[IndicatorTable, ...]


class HeadingRoles:
    def __init__(self) -> None:
        data = load_yaml(ROLES)
        self.max_heading = int(data["max_heading"])
        self.past = [re.compile(p) for p in data["past"]]
        self.past_unless = tuple(data["past_unless"])
        self.past_findings = [re.compile(p) for p in (*data["past_findings"], *data["past_outcomes"])]
        self.past_body_ahead = re.compile(data["past_body_ahead"])
        self.past_body_done = re.compile(data["past_body_done"])
        self.present = [re.compile(p) for p in data["present"]]
        self.present_unless = tuple(data["present_unless"])
        self.context = [re.compile(p) for p in data["context"]]
        self.context_unless = tuple(data["context_unless"])
        self.forward = [re.compile(p) for p in data["forward"]]
        self.year_work = re.compile(data["year_work"])
        self.preamble = re.compile(data["preamble"])
        self.intro_task = re.compile(data["intro_task"])
        self.intro_goals = re.compile(data["intro_goals"])
        self.condition_lead_in = re.compile(data["condition_lead_in"])
        self.past_opening = re.compile(data["past_opening"])
        self.past_lead_in = re.compile(data["past_lead_in"])
        self.past_opening_unless = tuple(data["past_opening_unless"])

    def role(self, heading: str | None, plan_year: int | None) -> Role | None:
        """The role a heading gives its part, or None when it says nothing."""
        if not heading or len(heading) > self.max_heading:
            return None
        framing = any(p.search(heading) for p in self.context)
        if framing and not any(word in heading for word in self.context_unless):
            return "context"
        if any(p.search(heading) for p in self.past_findings):
            return "past"
        if any(p.search(heading) for p in self.present) and not any(
                word in heading for word in self.present_unless):
            return "present"
        if not any(word in heading for word in self.past_unless):
            if any(p.search(heading) for p in self.past):
                return "past"
            year = self.heading_year(heading)
            if year is not None and plan_year is not None and year < plan_year:
                return "past"
        return None

    def body_looks_ahead(self, node: Node) -> bool:
        """Whether the first sentence after an item's heading, on the heading's line, sets a task (see
        section_roles.yaml)."""
        body = node.span.text[len(node.number or "") + len(node.heading or ""):].lstrip("。.:： \t")
        first = re.split(r"[。;；\n]", body, maxsplit=1)[0]  # empty when the heading has a line of its own
        return bool(self.past_body_ahead.search(first)) and not self.past_body_done.search(first)

    def reports_the_past(self, paragraph: str, plan_year: int | None, summary: bool) -> bool:
        """Whether a paragraph reports the past as a whole: it says it lists the work done ("做了以下工作:"),
        or, in a summary with the next plan, opens with the year summed up (2025年, 今年, 一年来). (Elsewhere
        an earlier year opens only its own clause: "2024年,全县排查隐患120处。7月底前完成整治50处。")"""
        first_clause = re.split(r"[:：。;；]", paragraph, maxsplit=1)[0]
        if any(word in first_clause for word in self.past_opening_unless):
            return False
        if self.past_lead_in.search(first_clause):
            return True
        opening = self.past_opening.match(paragraph)
        if opening is None or not summary:
            return False
        return opening.group("year") is None or _before(int(opening.group("year")), plan_year)

    def heading_year(self, heading: str) -> int | None:
        match = self.year_work.search(heading)
        return int(match.group("year")) if match else None

    def is_forward(self, heading: str | None, plan_year: int | None) -> bool:
        if not heading or len(heading) > self.max_heading:
            return False
        year = self.heading_year(heading)
        if year is not None and plan_year is not None:
            return year >= plan_year  # "2025年重点工作" in a summary with the 2025 plan opens the plan
        return any(p.search(heading) for p in self.forward)


@functools.cache
def heading_roles() -> HeadingRoles:
    return HeadingRoles()


def layout(document_text: str, root: Node, meta: DocumentMeta | None) -> Layout:
    """The measures, past parts and indicator tables of a document."""
    roles = heading_roles()
    plan_year = meta.year if meta else None
    tables = tuple(find_indicator_tables(document_text))
    past_parts: list[PastPart] = []
    top = [child for child in root.children if child.kind != "sentence"] or _line_paragraphs(document_text)
    summary_past = _summary_past_parts(top, roles, plan_year, meta)
    summary_year = _summary_year(summary_past, plan_year)
    past_parts.extend(PastPart(part.span, part.year or summary_year) for part in summary_past)
    skipped = {(part.span.start, part.span.end) for part in summary_past}
    summary = meta is not None and meta.doc_type == "summary_and_plan"

    measures: list[Measure] = []
    has_outline = any(child.kind in ("section", "item") for child in top)
    seen_outline = False
    for child in top:
        if (child.span.start, child.span.end) in skipped:
            continue
        if child.kind in ("section", "item", "table"):
            seen_outline = True
        if child.kind == "paragraph" and _is_preamble(child, has_outline, seen_outline, roles, plan_year):
            continue
        _collect(child, document_text, roles, plan_year, summary_year, measures, past_parts, summary)
    measures = _with_table_rows(measures, tables, document_text)
    measures.sort(key=lambda m: (m.span.start, -m.span.end))
    return Layout(tuple(_dedupe(measures)), tuple(sorted(past_parts, key=lambda p: p.span.start)), tables)


def _line_paragraphs(text: str) -> list[Node]:
    """One paragraph per non-empty line: the fallback when no structure was found."""
    nodes = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group(0).strip():
            nodes.append(Node(kind="paragraph", span=make_span(text, match.start(), match.end())))
    return nodes


def _is_preamble(node: Node, has_outline: bool, seen_outline: bool, roles: HeadingRoles,
                 plan_year: int | None) -> bool:
    if roles.intro_task.search(node.span.text):
        return False  # "…印发给你们,…并于12月10日前将完成情况报送县安委办": a task of its own
    if has_outline:  # text before the first section introduces the plan, unless it sets its goals
        goals = roles.intro_goals.search(node.span.text)
        year = goals.group("year") if goals else None
        sets_goals = goals is not None and (year is None or plan_year is None or int(year) >= plan_year)
        return not seen_outline and not sets_goals
    return bool(roles.preamble.search(node.span.text.strip()))


def _summary_past_parts(top: list[Node], roles: HeadingRoles, plan_year: int | None,
                        meta: DocumentMeta | None) -> list[PastPart]:
    """In a work summary with next year's plan, the top-level parts before the forward-looking one."""
    sections = [node for node in top if node.kind == "section"]
    forward_at = next((i for i, node in enumerate(sections) if roles.is_forward(node.heading, plan_year)),
                      None)
    if not forward_at:
        return []
    earlier = sections[:forward_at]
    # A summary says so (doc_type) or names an earlier year's work ("二、2019年主要工作"); a five-year
    # plan's 发展基础 before its tasks is past by its own heading, not by this rule.
    is_summary = (meta is not None and meta.doc_type == "summary_and_plan") or any(
        _before(roles.heading_year(node.heading or ""), plan_year) for node in earlier)
    if not is_summary:
        return []
    return [PastPart(node.span, roles.heading_year(node.heading or "")) for node in earlier]


def _before(year: int | None, plan_year: int | None) -> bool:
    return year is not None and plan_year is not None and year < plan_year


def _summary_year(past: list[PastPart], plan_year: int | None) -> int | None:
    """The year a summary reports on: the one its headings name, else the year before the plan's."""
    years = [part.year for part in past if part.year is not None]
    if years:
        return max(years)
    return plan_year - 1 if plan_year is not None and past else None


def _collect(node: Node, text: str, roles: HeadingRoles, plan_year: int | None, summary_year: int | None,
             measures: list[Measure], past_parts: list[PastPart], summary: bool = False) -> None:
    role = roles.role(node.heading, plan_year) if node.kind in ("section", "item") else None
    if role == "past" and roles.body_looks_ahead(node):
        role = None
    if role == "past":
        past_parts.append(PastPart(node.span, roles.heading_year(node.heading or "") or summary_year))
        return
    if node.kind == "paragraph" and roles.reports_the_past(node.span.text, plan_year, summary):
        opening = roles.past_opening.match(node.span.text)
        year = int(opening.group("year")) if opening and opening.group("year") else summary_year or (
            plan_year - 1 if plan_year is not None and summary else None)
        past_parts.append(PastPart(node.span, year))
        return
    if role == "context":
        return
    if role == "present":
        past_parts.append(PastPart(node.span, present=True))
    if node.kind == "table":
        rows = [child for child in node.children if child.kind == "row"]
        measures.extend(_measure(row) for row in rows)
        return
    parts = [child for child in node.children if child.kind not in ("sentence",)]
    if not parts:
        if node.kind in ("section", "item", "paragraph", "row"):
            measures.append(_measure(node))
        return
    lead = _lead(node, parts[0], text)
    if lead is not None:
        measures.append(Measure(number=node.number, span=lead, heading_path=node.heading_path))
    if _body_of_heading_line(node, parts, text):
        # "(一)动员部署阶段(4月底前)。制定实施方案。": the heading belongs to the task it opens
        first = parts[0]
        measures.append(Measure(number=node.number, span=make_span(text, node.span.start, first.span.end),
                                heading_path=node.heading_path))
        parts = parts[1:]
    elif node.kind == "section" and _STAGE_PERIOD.search(node.heading or ""):
        # "(二)集中整治阶段(5月1日至8月31日)" over the stage's tasks: when the stage's work is due
        end = parts[0].span.start
        while end > node.span.start and text[end - 1].isspace():
            end -= 1
        measures.append(Measure(number=node.number, span=make_span(text, node.span.start, end),
                                heading_path=node.heading_path))
    first_of_parts = len(measures)
    listing_conditions = False
    for position, child in enumerate(parts):
        if assigned_items(parts, position, text)[0]:
            continue  # "以上任务由X牵头,Y配合": the items' note, no task of its own
        if child.kind == "paragraph" and roles.condition_lead_in.search(child.span.text):
            # "出现下列情况之一的,启动III级应急响应:": the items below are thresholds
            listing_conditions = True
            continue
        if listing_conditions and child.kind == "item":
            continue
        listing_conditions = False
        _collect(child, text, roles, plan_year, summary_year, measures, past_parts, summary)
    note = _TRAILING_NOTE.search(text, parts[-1].span.start, parts[-1].span.end) if parts else None
    if (node.kind == "item" or (node.kind == "section" and _enumerated(parts))) and note and note.end(
            ) == parts[-1].span.end and len(measures) > first_of_parts:
        # "1.加强预案管理。一是…;二是…。(责任单位:市应急局)": the note after the last part's full stop is the
        # whole item's, so the item is a measure of its own, and its last part ends before the note
        last = measures[-1]
        if last.span.end == parts[-1].span.end and note.start() > last.span.start:
            measures[-1] = replace(last, span=make_span(text, last.span.start, note.start()))
        measures.append(_measure(node))


def _enumerated(parts: list[Node]) -> bool:
    """Whether a section's parts are one task's points, "一是…;二是…;三是…", or one paragraph of them."""
    if len(parts) == 1 and parts[0].kind == "paragraph":
        parts = [child for child in parts[0].children if child.kind != "sentence"]
    return bool(parts) and all(part.kind == "item" and (part.number or "").endswith("是") for part in parts)


# a stage of the work with its period in brackets: "集中整治阶段(5月1日至8月31日)", "总结阶段(11月)"
_STAGE_PERIOD = re.compile(r"阶段\s*[(（][^()（）]*月[^()（）]*[)）]")
# a note in brackets that closes a part after its full stop, naming who is responsible
_TRAILING_NOTE = re.compile(r"(?<=[。;；])\s*[(（](?:[^()（）]{0,40}(?:单位|牵头|负责|配合)[^()（）]{0,60}"
                            rf"|{BODY_LIST})[)）]\s*$")  # or a bare list of bodies


def _body_of_heading_line(node: Node, parts: list[Node], text: str) -> bool:
    """Whether the first part is a paragraph that goes on from the section's heading line."""
    first = parts[0]
    return (node.kind == "section" and first.kind == "paragraph"
            and all(child.kind == "sentence" for child in first.children)
            and "\n" not in text[node.span.start:first.span.start])


def _measure(node: Node) -> Measure:
    return Measure(number=node.number, span=node.span, heading_path=node.heading_path)


def _lead(node: Node, first: Node, text: str) -> Span | None:
    """The text of ``node`` before its first part, when it says more than the node's heading."""
    if node.kind not in ("item", "paragraph") or first.span.start <= node.span.start:
        return None
    start, end = node.span.start, first.span.start
    while end > start and text[end - 1].isspace():
        end -= 1
    body = text[start:end]
    if node.number and body.startswith(node.number):
        body = body[len(node.number):]
    if node.heading and body.startswith(node.heading) and not _TASK_IN_HEADING.search(node.heading):
        body = body[len(node.heading):]  # a title ("加强应急预案管理"), not a task with its own clauses
    if len(body.strip("".join(_PUNCTUATION))) < MIN_LEAD:
        return None
    return make_span(text, start, end)


# a heading with clauses or a note of its own is a task ("完善预案体系,3月底前修订总体预案(市应急局负责)")
_TASK_IN_HEADING = re.compile(r"[,，;；(（]")


def _with_table_rows(measures: list[Measure], tables: tuple[IndicatorTable, ...], text: str) -> list[Measure]:
    """Rows of indicator tables are measures, whatever the structure made of their cells."""
    if not tables:
        return measures
    kept = [m for m in measures if not any(t.span.start <= m.span.start < t.span.end for t in tables)]
    for table in tables:
        for row in table.rows:
            kept.append(Measure(number=row.serial, span=row.span, heading_path=_path_at(measures, table)))
    return kept


def _path_at(measures: list[Measure], table: IndicatorTable) -> tuple[str, ...]:
    inside = [m for m in measures if table.span.start <= m.span.start < table.span.end]
    if inside:
        return inside[0].heading_path
    before = [m for m in measures if m.span.end <= table.span.start]
    return before[-1].heading_path if before else ()


def _dedupe(measures: list[Measure]) -> list[Measure]:
    seen = set()
    unique = []
    for measure in measures:
        key = (measure.span.start, measure.span.end)
        if key not in seen:
            seen.add(key)
            unique.append(measure)
    return unique


@Language.factory("emkg_measures", requires=["doc._.structure", "doc._.meta"],
                  assigns=["doc.spans", "doc._.measures", "doc._.past_parts", "doc._.tables"])
def make_measures(nlp: Language, name: str) -> MeasureComponent:
    return MeasureComponent()


class MeasureComponent:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        root = doc._.structure
        if root is None:
            root = Node(kind="document", span=make_span(text, 0, len(text)))
        found = layout(text, root, doc._.meta)
        doc._.measures = list(found.measures)
        doc._.past_parts = list(found.past_parts)
        doc._.tables = list(found.tables)
        ranges = ((m.span.start, m.span.end, "measure") for m in found.measures)
        doc.spans["measure"] = display_spans(doc, ranges)
        return doc
