"""``kg compare``, in-process: formats, output files, plan selection, hazards, versions, errors.

Runs on stores of hand-made plans (tests/data/compare/, put in a store without extraction); the report on the
five samples is checked number by number in tests/views/test_compare.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from support import TESTS, load_module

from kg.cli import cli
from kg.store import Store


def compare_store() -> ModuleType:
    return load_module("compare_store", TESTS / "views" / "compare_store.py")


def make_store(folder: Path, *names: str) -> Path:
    helper = compare_store()
    with Store(folder) as store:
        for name in names:
            helper.fill(store, helper.specs(name))
    return folder


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return make_store(tmp_path_factory.mktemp("cli-compare") / "store", "near_duplicates", "versions")


def run(*args: str):
    return CliRunner().invoke(cli, ["compare", *args])


def test_help_shows_the_options():
    result = run("--help")
    assert result.exit_code == 0
    for option in ("--plan", "--format", "--hazard", "--threshold", "--versions", "-o, --output"):
        assert option in result.output


def test_html_to_a_file_with_the_format_from_its_suffix(store_dir, tmp_path):
    out = tmp_path / "report.html"
    result = run("--store", str(store_dir), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out} (html, 5 plans)" in result.output  # on stderr, which CliRunner mixes in
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "甲市 2023" in page and "丙县 2023" in page


@pytest.mark.parametrize(("suffix", "check"), [
    (".md", lambda text: text.startswith("# 应急管理规划跨地区比较")),
    (".csv", lambda text: text.startswith("table,row,column,value\n")),
    (".json", lambda text: json.loads(text)["sections"][0]["id"] == "overview"),
])
def test_other_formats_from_the_suffix(store_dir, tmp_path, suffix, check):
    out = tmp_path / f"report{suffix}"
    result = run("--store", str(store_dir), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert check(out.read_text(encoding="utf-8"))


def test_format_to_stdout_and_plan_selection(store_dir):
    result = run("--store", str(store_dir), "--format", "csv",
                 "--plan", "jia-2023.txt", "--plan", "yi-2023.txt")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    plans = [row["value"] for row in rows if row["table"] == "overview" and row["column"] == "plan"]
    assert plans == ["甲市 2023", "乙市 2023"]
    groups = {row["value"] for row in rows if row["table"] == "shared_measures" and row["column"] == "group"}
    assert len(groups) == 2  # the chemicals pair and the flood drills of 甲市 and 乙市


def test_hazard_and_threshold(store_dir):
    result = run("--store", str(store_dir), "--format", "json", "--hazard", "hazardous_chemicals",
                 "--threshold", "0.8",
                 "--plan", "jia-2023.txt", "--plan", "yi-2023.txt", "--plan", "bing-2023.txt")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    tables = {t["name"]: t for s in report["sections"] for t in s["tables"]}
    assert tables["hazard_lead_functions"]["bindings"] == {"hazard": "hz:hazardous_chemicals"}
    similarities = [row[2] for row in tables["shared_measures"]["rows"]]
    assert similarities and min(similarities) >= 0.8  # the shelters pair (0.81)
    assert report["summary"]["similarity"].endswith(">= 0.8")


def test_versions_of_one_city(store_dir, tmp_path):
    out = tmp_path / "versions.json"
    result = run("--store", str(store_dir), "--versions", "-o", str(out))
    assert result.exit_code == 0, result.output
    # two plans of 甲市 for 2023 (the comparison's and the versions'), both compared with the 2024 one
    assert "2 version pair(s)" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    titles = [section["title"]["zh"] for section in report["sections"]]
    assert titles == ["版本对比：甲市 2023 (jia-2023-points.txt) → 甲市 2024",
                      "版本对比：甲市 2023 (jia-2023.txt) → 甲市 2024"]
    tables = {t["name"]: t for t in report["sections"][0]["tables"]}
    assert len(tables["added"]["rows"]) == 2 and len(tables["dropped"]["rows"]) == 1


def test_versions_of_two_given_plans(store_dir):
    result = run("--store", str(store_dir), "--versions", "--format", "md",
                 "--plan", "jia-2024-points.txt", "--plan", "jia-2023-points.txt")
    assert result.exit_code == 0, result.output
    assert "## 版本对比：甲市 2023 → 甲市 2024" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("--hazard", "volcano"), "unknown hazard 'volcano'"),
    (("--plan", "nothing.txt"), "no plan 'nothing.txt'"),
    (("--versions", "--plan", "jia-2023.txt", "--plan", "yi-2023.txt", "--plan", "bing-2023.txt"),
     "no two plans of one jurisdiction"),
    (("--threshold", "0"), "0.0<x<=1.0"),
    (("--format", "pdf"), "'pdf' is not one of"),
])
def test_errors_are_one_line(store_dir, args, message):
    result = run("--store", str(store_dir), *args)
    assert result.exit_code != 0
    assert message in result.output


def test_missing_store(tmp_path):
    result = run("--store", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "no store at" in result.output and "kg build" in result.output
