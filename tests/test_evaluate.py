"""kg evaluate: the scorer's matching rules, gold loading, a real store, the CLI, and agreement with
the project's scorer (../shared/eval/score.py) on the same graph."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.builder import build
from kg.cli import cli
from kg.errors import InputError
from kg.evaluate import (
    Predictions,
    Tally,
    evaluate_store,
    expand_names,
    load_gold,
    one_to_one,
    score_document,
    set_overlap,
)
from kg.store import Store

PLAN = """某某县2023年应急管理工作要点

为做好2023年应急管理工作,现提出如下要点。
一、重点任务
1.加强防汛工作,汛期前完成山洪灾害隐患排查,6月底前完成200处隐患点整治。
2.开展森林防灭火专项行动,培训扑火队员500人次。
3.推进危险化学品企业安全风险评估,年底前实现监测预警覆盖率达到100%。
"""

GOLD = {
    "doc": "plan.txt",
    "plan": {"year": 2023, "level": None, "jurisdiction": None},
    "hazards": ["flood", "flash_flood", "forest_grassland_fire", "hazardous_chemicals", "earthquake"],
    "deadlines": [
        {"text": "汛期前", "date": None, "cue": "完成山洪灾害隐患排查"},
        {"text": "6月底前", "date": "2023-06-30", "cue": "完成200处隐患点整治"},
        {"text": "年底前", "date": "2023-12-31", "cue": "不在这一条里的任务"},  # found, wrongly linked
        {"text": "9月底前", "date": "2023-09-30", "cue": "完成应急预案修订"},  # missed
    ],
    "targets": [
        {"cue": "隐患点整治", "number": 200, "unit": "处"},
        {"cue": "培训扑火队员", "number": 500, "unit": "人次"},
        {"cue": "监测预警覆盖率", "number": 90, "unit": "%"},  # the plan says 100: missed, and a false hit
    ],
}


def test_tally() -> None:
    tally = Tally(tp_pred=3, n_pred=4, tp_gold=3, n_gold=6)
    assert (tally.precision, tally.recall) == (0.75, 0.5)
    assert tally.f1 == pytest.approx(0.6)
    assert Tally().precision == 1.0 and Tally(n_gold=2).precision == 0.0
    assert tally.row() == {"precision": 0.75, "recall": 0.5, "f1": 0.6, "pred": 4, "gold": 6}


def test_one_to_one_lets_each_gold_item_be_claimed_once() -> None:
    outcome = one_to_one(["a", "a", "b"], ["a", "c"], lambda p, g: p == g)
    assert (outcome.tally.tp_pred, outcome.tally.n_pred, outcome.tally.tp_gold) == (1, 3, 1)
    assert outcome.false_hits == ["a", "b"] and outcome.misses == ["c"]


def test_set_overlap_is_many_to_many() -> None:
    outcome = set_overlap(["a", "a", "b"], ["a", "c"], lambda p, g: p == g)
    assert (outcome.tally.tp_pred, outcome.tally.tp_gold) == (2, 1)
    assert outcome.false_hits == ["b"] and outcome.misses == ["c"]


def test_expand_names_adds_and_drops_the_jurisdiction() -> None:
    assert expand_names(["市应急局"], "广州市") == {"市应急局", "广州市应急局"}
    assert {"应急管理局", "市应急管理局"} <= expand_names(["广州市应急管理局"], "广州市")
    assert expand_names(["应急管理部"], None) == {"应急管理部"}


def test_score_document_counts_links_and_units() -> None:
    predictions = Predictions(
        year={"2023"},
        hazards={"flood", "natural_disaster", "fire"},
        deadlines=[("3月底前", "2023-03-31", "1.编制应急预案"), ("汛期前", None, "2.完成隐患排查")],
        targets=[("完成200处隐患点整治", 200.0, "处", "…"), ("培训扑火队员500人", 500.0, "人", "…")],
    )
    gold = {"doc": "x.txt", "plan": {"year": 2023, "jurisdiction": "某县"},
            "hazards": ["flood", "accident_disaster"],
            "deadlines": [{"text": "汛期前", "date": None, "cue": "编制应急预案"}],
            "targets": [{"cue": "隐患点整治", "number": 200, "unit": "处"},
                        {"cue": "培训扑火队员", "number": 500, "unit": "人次"}]}
    score = score_document(gold, predictions)
    hazards = score.outcomes["hazards"].tally
    assert (hazards.tp_pred, hazards.n_pred, hazards.n_gold) == (1, 2, 1)  # top-level keys are not scored
    assert score.outcomes["deadlines"].tally.tp_gold == 1
    assert score.outcomes["deadline_links"].tally.tp_gold == 0  # the cue is in another measure
    assert score.outcomes["targets"].tally.tp_gold == 1  # 人 is not 人次
    assert (score.metadata_checked, score.metadata_right) == (2, 1)
    assert score.notes == ["x.txt: plan jurisdiction is missing, gold 某县"]
    assert "agencies" in score.outcomes and score.outcomes["agencies"].tally.n_gold == 0


def test_a_document_without_a_plan_counts_as_missed() -> None:
    score = score_document(GOLD, None)
    assert score.outcomes["deadlines"].tally.n_gold == 4
    assert score.outcomes["deadline_links"].tally.n_gold == 4
    assert score.outcomes["deadlines"].tally.f1 == 0.0


def test_load_gold_reports_bad_folders_and_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no gold files"):
        load_gold(tmp_path)
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.json.*not valid"):
        load_gold(tmp_path)
    (tmp_path / "a.json").write_text('{"plan": {}}', encoding="utf-8")
    with pytest.raises(InputError, match="no \"doc\" field"):
        load_gold(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store with the small plan built into it, and a folder with its gold file."""
    root = tmp_path_factory.mktemp("evaluate")
    docs = root / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text(PLAN, encoding="utf-8")
    gold = root / "gold"
    gold.mkdir()
    (gold / "plan.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    report = build([docs], store=root / "store")
    assert not report.failed
    return root / "store", gold


def test_evaluate_store(built: tuple[Path, Path]) -> None:
    store_dir, gold = built
    with Store(store_dir, read_only=True) as store:
        report = evaluate_store(store, gold)
    totals = report.totals()
    assert (totals["deadlines"].tp_gold, totals["deadlines"].n_gold) == (3, 4)
    assert (totals["deadline_links"].tp_gold, totals["deadline_links"].n_gold) == (2, 4)
    assert (totals["targets"].tp_gold, totals["targets"].n_pred, totals["targets"].n_gold) == (2, 3, 3)
    hazards = totals["hazards"]
    assert (hazards.tp_gold, hazards.n_gold) == (4, 5)  # earthquake is not in the plan
    [document] = report.to_dict()["documents"].values()
    assert document["misses"]["deadlines"] == ["9月底前 2023-09-30 @ 完成应急预案修订"]
    assert "earthquake" in document["misses"]["hazards"]
    text = report.render(misses=True)
    assert "deadline_links missed: 年底前 2023-12-31 @ 不在这一条里的任务" in text
    assert "deadline_links missed" not in report.render(misses=False)
    assert report.metadata_accuracy == 1.0


def test_cli_evaluate(built: tuple[Path, Path], tmp_path: Path) -> None:
    store_dir, gold = built
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(gold), "--store", str(store_dir),
                                      "--json", str(out), "--no-misses"])
    assert result.exit_code == 0, result.output
    assert "deadline_links" in result.output and "missed" not in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["deadlines"]["gold"] == 4


def test_cli_evaluate_without_a_store(tmp_path: Path, built: tuple[Path, Path]) -> None:
    _, gold = built
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(gold), "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "Error" in result.output


def test_same_numbers_as_the_project_scorer(built: tuple[Path, Path], shared_dir: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rdflib")
    spec = importlib.util.spec_from_file_location("emkg_score", shared_dir / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "emkg_score", scorer)  # its dataclasses look their module up
    spec.loader.exec_module(scorer)
    store_dir, gold = built
    nquads = tmp_path / "all.nq"
    with Store(store_dir, read_only=True) as store:
        store.dump(nquads, "nquads")
        ours = evaluate_store(store, gold).to_dict()
    theirs_file = tmp_path / "theirs.json"
    arguments = ["--nquads", str(nquads), "--gold", str(gold), "--json", str(theirs_file), "--quiet"]
    assert scorer.main(arguments) == 0
    capsys.readouterr()
    theirs = json.loads(theirs_file.read_text(encoding="utf-8"))
    assert ours["summary"] == theirs["summary"]
    for doc, rows in theirs["documents"].items():
        for category, row in rows.items():
            if category != "plan_metadata":
                assert ours["documents"][doc][category] == row
