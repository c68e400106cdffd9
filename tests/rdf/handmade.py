"""Plan records built by hand, to test the RDF stage without extraction.

``rich_plan()`` has a bit of everything the model can hold: sections, measures with hazards, deadlines
(resolved and not), targets (a range, a direction, an indicator), responsibilities (lead and support, to a
listed agency, a national one, an internal division and one the agency list lacks), a statistic.
Loaded by tests/rdf/conftest.py and tests/store/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

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
    Statistic,
    Target,
)

TEXT = (
    "某市2024年应急管理工作要点\n"
    "一、防汛防台\n"
    "1.市应急管理局牵头，市水务局配合，3月底前完成防汛预案修订，确保因灾死亡人数下降15%。\n"
    "2.应急管理部统一部署，市气象局负责，汛期前开展台风防御演练。\n"
    "二、安全生产\n"
    "3.综合处负责危险化学品专项整治，年底前建成5-8支专业队伍。\n"
    "4.开展台风防御演练。\n"
    "5.开展台风防御演练。\n"
    "2023年全市共发生生产安全事故12起。\n"
)


def span_of(text: str, part: str, after: int = 0) -> Span:
    """The span of the first ``part`` in ``text`` at or after ``after``."""
    start = text.index(part, after)
    return Span(start, start + len(part), part)


def make_document(text: str = TEXT, *, source: str = "plan.txt", **meta: object) -> Document:
    return Document(
        source=source, format="txt", content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        original=text, text=text, offsets=tuple(range(len(text) + 1)), meta=DocumentMeta(**meta),
        root=Node(kind="document", span=Span(0, len(text), text)),
    )


def line_span(text: str, start_marker: str) -> Span:
    start = text.index(start_marker)
    end = text.index("\n", start)
    return Span(start, end, text[start:end])


def rich_plan(source: str = "plan.txt", jurisdiction: str | None = "某市",
              level: str | None = "city") -> Plan:
    text = TEXT
    document = make_document(text, source=source, title="某市2024年应急管理工作要点",
                             jurisdiction=jurisdiction, level=level, year=2024, end_year=2024,
                             doc_type="work_plan",
                             doc_number="某应急〔2024〕1号", issuer="某市应急管理局",
                             published=dt.date(2024, 2, 1))

    def s(part: str, after: int = 0) -> Span:
        return span_of(text, part, after)

    first, second = ("一、防汛防台",), ("二、安全生产",)
    m1 = Measure(
        number="1.", span=line_span(text, "1.市应急"), heading_path=first,
        hazards=(HazardMention("flood", s("防汛")),),
        deadlines=(Deadline("3月底前", s("3月底前"), dt.date(2024, 3, 31)),),
        targets=(Target(value=Decimal("15"), unit="%", span=s("15%"), clause=s("确保因灾死亡人数下降15%"),
                        direction="decrease"),),
        responsibilities=(Responsibility("某市应急管理局", "lead", s("市应急管理局牵头")),
                          Responsibility("某市水务局", "support", s("市水务局配合"))),
    )
    m2 = Measure(
        number="2.", span=line_span(text, "2.应急管理部"), heading_path=first,
        hazards=(HazardMention("typhoon", s("台风")),),
        deadlines=(Deadline("汛期前", s("汛期前"), None),),
        responsibilities=(Responsibility("某市气象局", "lead", s("市气象局负责")),),
    )
    m3 = Measure(
        number="3.", span=line_span(text, "3.综合处"), heading_path=second,
        hazards=(HazardMention("hazardous_chemicals", s("危险化学品")),),
        deadlines=(Deadline("年底前", s("年底前"), dt.date(2024, 12, 31)),),
        targets=(Target(value=Decimal("5"), upper=Decimal("8"), unit="支", span=s("5-8支"),
                        clause=s("年底前建成5-8支专业队伍"), direction="reach", nature="binding",
                        indicator="专业队伍"),),
        responsibilities=(Responsibility("综合处", "lead", s("综合处负责")),
                          Responsibility("综合处", "lead", s("综合处负责危险化学品"))),
    )
    # two measures with the same text: they must still get two IRIs
    m4 = Measure(number="4.", span=s("开展台风防御演练。", text.index("4.")), heading_path=second)
    m5 = Measure(number="5.", span=s("开展台风防御演练。", text.index("5.")), heading_path=second)
    agencies = (
        Agency("某市应急管理局", alt_labels=("市应急管理局", "市应急局"), function="emergency_management",
               mentions=(s("市应急管理局"),)),
        Agency("某市水务局", alt_labels=("市水务局",), function="water_resources", mentions=(s("市水务局"),)),
        Agency("应急管理部", function="emergency_management", scope="national", mentions=(s("应急管理部"),)),
        Agency("综合处", function="internal_division", parent="某市应急管理局",
               mentions=(s("综合处"),)),
    )
    statistic = Statistic(value=Decimal("12"), unit="起", span=s("12起"),
                          clause=s("2023年全市共发生生产安全事故12起"), year=2023)
    return Plan(document=document, measures=(m1, m2, m3, m4, m5), agencies=agencies,
                hazards=(HazardMention("flood", s("防汛")), HazardMention("typhoon", s("防台")),
                         HazardMention("hazardous_chemicals", s("危险化学品"))),
                statistics=(statistic,))
