"""Two plans built by hand for the view, explorer and browser tests (no extraction, so they run fast).

- ``city_plan()``: 甲市's work points: four measures, a lead and a support agency, an internal division with
  its parent, three hazards (flood, typhoon, hazardous chemicals), deadlines resolved and not, and a measure
  with no agency and no hazard (which the responsibility network leaves out);
- ``hostile_plan()``: 乙县's plan whose title, section heading, agency names and text are full of markup:
  ``<script>``, ``<img onerror=…>``, ``"onerror=``, ``</textarea>``, ``{{ }}`` and an ``href`` (which makes
  pyvis switch every tooltip to innerHTML). Every page must show them as text.

``store_with(*plans)`` writes plans into a store (in memory, or on disk with ``path``).
Loaded with importlib by tests/views/conftest.py, tests/web/test_explorer.py and tests/browser/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from kg.model import (
    Agency,
    Deadline,
    Document,
    DocumentMeta,
    HazardMention,
    Measure,
    Node,
    Plan,
    Responsibility,
    Span,
)
from kg.rdf.mapping import plan_iri, plan_to_triples
from kg.store import Store

CITY_TEXT = (
    "甲市2024年应急管理工作要点\n"
    "一、防汛防台\n"
    "1.市应急管理局牵头，市水务局配合，3月底前完成防汛预案修订。\n"
    "2.市气象局负责，汛期前开展台风防御演练。\n"
    "二、安全生产\n"
    "3.综合处负责危险化学品专项整治，年底前完成。\n"
    "4.开展安全生产宣传。\n"
)

HOSTILE_AGENCY = "<script>alert('agency')</script>应急管理局"
HOSTILE_SUPPORT = "<img src=x onerror=alert('img')>水务局"
HOSTILE_TITLE = "</title><script>alert('title')</script>乙县{{ 7*7 }}工作计划"
HOSTILE_HEADING = "一、<script>alert('heading')</script>"
HOSTILE_MEASURE = (
    f"1.{HOSTILE_AGENCY}牵头，{HOSTILE_SUPPORT}配合，\"onerror=alert('attr') </textarea> {{{{ 7*7 }}}} "
    "<a href=\"javascript:alert('href')\">href</a>，6月底前完成防汛工作。"
)
HOSTILE_TEXT = f"{HOSTILE_TITLE}\n{HOSTILE_HEADING}\n{HOSTILE_MEASURE}\n"
# What must never become markup: each of these, found as an element or fired as a dialog, is a failure.
HOSTILE_MARKERS = ("<script>", "<img src=x", "\"onerror=", "</textarea>", "{{ 7*7 }}", "href=")


def span_of(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start, start + len(part), part)


def line_span(text: str, marker: str) -> Span:
    start = text.index(marker)
    end = text.index("\n", start)
    return Span(start, end, text[start:end])


def make_document(text: str, source: str, **meta: object) -> Document:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(source=source, format="txt", content_hash=digest, original=text, text=text,
                    offsets=tuple(range(len(text) + 1)), meta=DocumentMeta(**meta),
                    root=Node(kind="document", span=Span(0, len(text), text)))


def city_plan() -> Plan:
    text = CITY_TEXT
    document = make_document(text, "city.txt", title="甲市2024年应急管理工作要点", jurisdiction="甲市",
                             level="city", year=2024, doc_type="work_plan")

    def s(part: str) -> Span:
        return span_of(text, part)

    first, second = ("一、防汛防台",), ("二、安全生产",)
    measures = (
        Measure(number="1.", span=line_span(text, "1.市应急"), heading_path=first,
                hazards=(HazardMention("flood", s("防汛")),),
                deadlines=(Deadline("3月底前", s("3月底前"), dt.date(2024, 3, 31)),),
                responsibilities=(Responsibility("甲市应急管理局", "lead", s("市应急管理局牵头")),
                                  Responsibility("甲市水务局", "support", s("市水务局配合")))),
        Measure(number="2.", span=line_span(text, "2.市气象局"), heading_path=first,
                hazards=(HazardMention("typhoon", s("台风")),),
                deadlines=(Deadline("汛期前", s("汛期前"), None),),
                responsibilities=(Responsibility("甲市气象局", "lead", s("市气象局负责")),)),
        Measure(number="3.", span=line_span(text, "3.综合处"), heading_path=second,
                hazards=(HazardMention("hazardous_chemicals", s("危险化学品")),),
                deadlines=(Deadline("年底前", s("年底前"), dt.date(2024, 12, 31)),),
                responsibilities=(Responsibility("综合处", "lead", s("综合处负责")),)),
        Measure(number="4.", span=line_span(text, "4.开展"), heading_path=second),
    )
    agencies = (
        Agency("甲市应急管理局", alt_labels=("市应急管理局",), function="emergency_management",
               mentions=(s("市应急管理局"),)),
        Agency("甲市水务局", alt_labels=("市水务局",), function="water_resources", mentions=(s("市水务局"),)),
        Agency("甲市气象局", alt_labels=("市气象局",), function="meteorology", mentions=(s("市气象局"),)),
        Agency("综合处", function="internal_division", parent="甲市应急管理局", mentions=(s("综合处"),)),
    )
    return Plan(document=document, measures=measures, agencies=agencies)


def hostile_plan() -> Plan:
    text = HOSTILE_TEXT
    document = make_document(text, "hostile.txt", title=HOSTILE_TITLE, jurisdiction="乙县", level="county",
                             year=2023, doc_type="work_plan")

    def s(part: str) -> Span:
        return span_of(text, part)

    measure = Measure(number="1.", span=line_span(text, "1."), heading_path=(HOSTILE_HEADING,),
                      hazards=(HazardMention("flood", s("防汛")),),
                      deadlines=(Deadline("6月底前", s("6月底前"), dt.date(2023, 6, 30)),),
                      responsibilities=(
                          Responsibility(HOSTILE_AGENCY, "lead", s(HOSTILE_AGENCY + "牵头")),
                          Responsibility(HOSTILE_SUPPORT, "support", s(HOSTILE_SUPPORT + "配合"))))
    agencies = (Agency(HOSTILE_AGENCY, function="emergency_management", mentions=(s(HOSTILE_AGENCY),)),
                Agency(HOSTILE_SUPPORT, function="water_resources", mentions=(s(HOSTILE_SUPPORT),)))
    return Plan(document=document, measures=(measure,), agencies=agencies)


def add_plans(store: Store, *plans: Plan) -> Store:
    for plan in plans:
        store.add_plan(plan_iri(plan.document), plan_to_triples(plan, version="0.0.0"))
    return store


def store_with(*plans: Plan, path: Path | None = None) -> Store:
    """A store holding ``plans`` (in memory, or in the folder ``path``); close it when done."""
    return add_plans(Store(path), *plans)
