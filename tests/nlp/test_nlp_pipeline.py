"""The pipeline as a whole: component order and declarations, extract() and the Doc -> Plan adapter."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kg.ingest import read_document
from kg.model import Deadline, HazardMention, Measure, MetaOverrides, Plan, Span, Target
from kg.nlp import extract
from kg.nlp.adapter import _Placer
from kg.nlp.pipeline import COMPONENTS, load_pipeline

PLAN = """某某县2023年应急管理工作要点

为做好2023年应急管理工作,现提出如下要点。
一、重点任务
1.加强防汛防台工作,汛期前完成山洪灾害隐患排查,6月底前完成200处隐患点整治。
2.开展森林防灭火专项行动,培训扑火队员500人次。
3.推进危险化学品企业安全风险评估,年底前实现重点企业监测预警覆盖率达到100%。
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    path: Path = tmp_path_factory.mktemp("plans") / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return extract(read_document(path, overrides=MetaOverrides(year=2023)))


def test_pipeline_components_and_declarations() -> None:
    nlp = load_pipeline()
    assert tuple(nlp.pipe_names) == COMPONENTS
    assert load_pipeline() is nlp  # built once per process
    analysis = nlp.analyze_pipes()
    assigns = {name: meta["assigns"] for name, meta in analysis["summary"].items()}
    assert "doc._.deadlines" in assigns["emkg_deadlines"]
    assert "doc._.targets" in assigns["emkg_quantities"]
    assert "doc._.hazard_mentions" in assigns["emkg_hazards"]
    assert "doc._.measures" in assigns["emkg_measures"]
    # the only requirements no component meets are the ones extract() sets before the pipeline runs
    unmet = {attribute for problems in analysis["problems"].values() for attribute in problems}
    assert unmet <= {"doc._.meta", "doc._.structure"}


def test_span_groups_hold_token_aligned_spans() -> None:
    nlp = load_pipeline()
    text = "于3月底前完成防汛物资储备,新建2个避难场所。"
    doc = nlp.make_doc(text)
    for _, component in nlp.pipeline:
        doc = component(doc)
    [deadline] = doc._.deadlines
    assert (deadline.text, deadline.due) == ("3月底前", None)  # no metadata: no plan year
    [span] = doc.spans["deadline"]
    assert span.start_char <= deadline.span.start and deadline.span.end <= span.end_char
    assert [m.key for m in doc._.hazard_mentions] == ["flood"]
    assert [t.span.text for t in doc._.targets] == ["2个"]


def test_extract_hangs_findings_on_their_measures(plan: Plan) -> None:
    first, second, third = plan.measures
    assert first.number == "1."
    assert [(d.text, d.due) for d in first.deadlines] == [("汛期前", None), ("6月底前", dt.date(2023, 6, 30))]
    assert [(t.value, t.unit) for t in first.targets] == [(Decimal(200), "处")]
    assert {h.key for h in first.hazards} == {"flood", "typhoon", "flash_flood"}
    assert [(t.value, t.unit) for t in second.targets] == [(Decimal(500), "人次")]
    assert [h.key for h in second.hazards] == ["forest_grassland_fire"]
    assert [(t.value, t.unit, t.direction) for t in third.targets] == [(Decimal(100), "%", "reach")]
    assert [d.due for d in third.deadlines] == [dt.date(2023, 12, 31)]
    for measure in plan.measures:
        for record in (*measure.hazards, *measure.deadlines, *measure.targets):
            assert measure.span.contains(record.span)
    # every mention of the document is on the plan, also outside the measures
    assert len(plan.hazards) == sum(len(m.hazards) for m in plan.measures)
    assert plan.statistics == ()


def test_extract_returns_only_model_records(plan: Plan) -> None:
    def check(value: object) -> None:
        module = type(value).__module__
        assert not module.startswith("spacy"), value
        if dataclasses.is_dataclass(value):
            for item in dataclasses.fields(value):
                if item.name != "document":
                    check(getattr(value, item.name))
        elif isinstance(value, tuple):
            for item in value:
                check(item)

    check(plan)


def test_placer_picks_the_smallest_containing_measure() -> None:
    text = "1.总任务。一是加强排查,3月底前完成。二是推进整治。"
    outer = Measure(number="1.", span=Span(0, len(text), text))
    inner = Measure(number="一是", span=Span(6, 17, text[6:17]))
    deadline = Deadline("3月底前", Span(11, 15, text[11:15]))
    outside = HazardMention("fire", Span(30, 32, "火灾"))
    placer = _Placer([outer, inner])
    assert placer.place([deadline, outside], lambda record: record.span) == [[], [deadline]]
    target = Target(value=Decimal(1), unit="个", span=Span(2, 3, text[2:3]), clause=Span(2, 5, text[2:5]))
    assert placer.place([target], lambda record: record.span) == [[target], []]


def test_a_figure_after_an_item_number_is_read_alone(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("某某县2023年安全生产工作要点\n一、重点任务\n1.开展执法检查,年底前完成全部企业评估。\n"
                    "2.100家重点企业完成智能化改造。\n3.5万人次培训任务年内完成。\n", encoding="utf-8")
    plan = extract(read_document(path))
    targets = [(target.value, target.unit, target.clause.text) for measure in plan.measures
               for target in measure.targets]
    assert targets == [(Decimal(100), "家", "100家重点企业完成智能化改造"),
                       (Decimal(50000), "人次", "5万人次培训任务年内完成")]
