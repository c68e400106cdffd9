"""Extraction quality on plans that are not the samples: twenty plans written for these tests
(tests/data/nlp/unseen/, see its README) from other provinces, levels and styles, annotated by hand
following GUIDELINES.md, and scored with the scorer's matching rules (kg.evaluate)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import CATEGORIES, EvaluationReport, evaluate_plans
from kg.ingest import read_document
from kg.model import Plan
from kg.nlp import extract

UNSEEN = Path(__file__).resolve().parent.parent / "data" / "nlp" / "unseen"
#: every category reached F1 1.0 on these plans when they were added; the floors leave a little room
FLOOR = 0.95

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return [extract(read_document(path)) for path in sorted(UNSEEN.glob("*.txt"))]


@pytest.fixture(scope="module")
def report(plans: list[Plan]) -> EvaluationReport:
    return evaluate_plans(plans, UNSEEN)


def test_every_plan_has_its_annotation(plans: list[Plan]) -> None:
    texts = {path.stem for path in UNSEEN.glob("*.txt")}
    assert texts == {path.stem for path in UNSEEN.glob("*.json")}
    assert len(plans) == len(texts) >= 8


@pytest.mark.parametrize("category", CATEGORIES)
def test_quality_floor(report: EvaluationReport, category: str) -> None:
    tally = report.totals()[category]
    problems = [f"{d.doc}: {item}" for d in report.documents
                for item in d.outcomes[category].misses + d.outcomes[category].false_hits]
    assert tally.n_gold > 0
    assert tally.f1 >= FLOOR, "\n".join(problems)


def test_plan_metadata_is_read_right(report: EvaluationReport) -> None:
    notes = [note for document in report.documents for note in document.notes]
    assert report.metadata_accuracy == 1.0, "\n".join(notes)


@pytest.mark.parametrize("category", ["agencies", "responsibilities", "deadlines", "targets"])
def test_no_plan_falls_far_behind(report: EvaluationReport, category: str) -> None:
    weak = {d.doc: round(d.outcomes[category].tally.f1, 3) for d in report.documents
            if d.outcomes[category].tally.f1 < 0.8}
    assert not weak
