"""Extraction quality on the five sample plans, scored against their gold annotations with the
scorer's matching rules (kg.evaluate), without a store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import EvaluationReport, evaluate_plans
from kg.ingest import read_document
from kg.model import Plan
from kg.nlp import extract

GOLD = Path(__file__).resolve().parent.parent / "data" / "gold"
#: the quality reached on the samples (F1 1.0 in each at the time of writing), with a little room
FLOORS = {"hazards": 0.95, "deadlines": 0.95, "deadline_links": 0.95, "targets": 0.95}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def plans(sample_paths: list[Path]) -> list[Plan]:
    return [extract(read_document(path)) for path in sample_paths]


@pytest.fixture(scope="module")
def report(plans: list[Plan]) -> EvaluationReport:
    return evaluate_plans(plans, GOLD)


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_quality_floor(report: EvaluationReport, category: str) -> None:
    tally = report.totals()[category]
    problems = [f"{d.doc}: {item}" for d in report.documents
                for item in d.outcomes[category].misses + d.outcomes[category].false_hits]
    assert tally.f1 >= FLOORS[category], "\n".join(problems)


def test_a_summary_yields_statistics_of_its_year(plans: list[Plan]) -> None:
    summary = next(plan for plan in plans if plan.document.source.startswith("003_"))
    assert len(summary.statistics) > 50
    assert {statistic.year for statistic in summary.statistics} == {2019}
    assert [str(t.value) for m in summary.measures for t in m.targets] == ["20", "15"]


def test_indicator_table_targets_carry_nature(plans: list[Plan]) -> None:
    five_year = next(plan for plan in plans if plan.document.source.startswith("001_"))
    natures = [t.nature for m in five_year.measures for t in m.targets if t.indicator]
    assert natures == ["binding"] * 4 + ["expected"] * 3
