"""``kg inspect``, run in-process with click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


def test_inspect_shows_metadata_outline_and_counts():
    result = CliRunner().invoke(cli, ["inspect", str(SAMPLES / "004_fcd55c30be0749a7.txt")])
    assert result.exit_code == 0, result.output
    assert "jurisdiction  广州市 (city)" in result.output
    assert "七、 强化宣传教育,全覆盖筑牢人民安全防线" in result.output
    assert "7 sections, 61 items" in result.output


def test_inspect_json_parses():
    result = CliRunner().invoke(cli, ["inspect", str(SAMPLES / "001_a2f109246e3c497f.txt"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["meta"]["jurisdiction"] == "大武口区" and data["meta"]["doc_number"] == "石大政发〔2022〕61号"
    assert data["counts"]["tables"] == 1 and data["counts"]["rows"] == 7
    assert data["tree"]["kind"] == "document"


def test_inspect_overrides_what_the_document_does_not_say():
    plan = str(SAMPLES / "002_985e8661aa0f82e8.txt")
    plain = json.loads(CliRunner().invoke(cli, ["inspect", plan, "--json"]).output)["meta"]
    assert (plain["jurisdiction"], plain["level"], plain["year"]) == (None, "town", None)
    options = ["--jurisdiction", "某某镇", "--level", "town", "--year", "2021", "--doc-type", "work_plan"]
    result = CliRunner().invoke(cli, ["inspect", plan, "--json", *options])
    assert result.exit_code == 0, result.output
    meta = json.loads(result.output)["meta"]
    assert (meta["jurisdiction"], meta["level"], meta["year"], meta["doc_type"]) == (
        "某某镇", "town", 2021, "work_plan")


def test_inspect_rejects_a_bad_level_and_a_missing_file(tmp_path):
    plan = str(SAMPLES / "002_985e8661aa0f82e8.txt")
    assert CliRunner().invoke(cli, ["inspect", plan, "--level", "village"]).exit_code == 2
    assert CliRunner().invoke(cli, ["inspect", str(tmp_path / "missing.txt")]).exit_code == 2
