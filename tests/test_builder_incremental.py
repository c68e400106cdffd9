"""Re-running kg build skips what is unchanged (same bytes, emkg version and metadata options), rebuilds what
changed or what --force names, and removes nothing it was not asked to."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.builder import build
from kg.cli import cli
from kg.model import MetaOverrides
from kg.store import Store

PLAN = """{place}2024年安全生产和应急管理工作要点

一、强化安全生产
1.{place}应急管理局牵头，开展危险化学品、燃气安全专项整治，6月底前完成隐患排查。
二、提升应急能力
2.年底前建成1支应急救援队伍。
"""


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(PLAN.format(place="甲镇"), encoding="utf-8")
    (folder / "b.txt").write_text(PLAN.format(place="乙镇"), encoding="utf-8")
    return folder


def export(store: Path) -> bytes:
    with Store(store, read_only=True) as opened:
        return opened.export("nquads")


def names(results) -> list[str]:
    return [result.name for result in results]


def test_a_second_build_skips_every_unchanged_document(docs, tmp_path):
    store = tmp_path / "store"
    first = build([docs], store=store)
    before = export(store)
    lines: list[str] = []
    second = build([docs], store=store, progress=lines.append)
    assert names(first.built) == ["a.txt", "b.txt"]
    assert not second.built and names(second.unchanged) == ["a.txt", "b.txt"]
    assert second.ok  # nothing to do is not a failure
    assert second.unchanged[0].plan == first.built[0].plan
    assert lines == ["2 unchanged since they were built (--force rebuilds them)"]
    assert second.summary().splitlines()[:3] == [
        "built 0, unchanged 2, skipped 0, failed 0", "  unchanged a.txt", "  unchanged b.txt"]
    assert export(store) == before


def test_only_the_changed_document_is_rebuilt(docs, tmp_path):
    store = tmp_path / "store"
    build([docs], store=store)
    (docs / "b.txt").write_text(PLAN.format(place="乙镇") + "3.9月底前完成消防安全检查。\n", encoding="utf-8")
    report = build([docs], store=store)
    assert names(report.built) == ["b.txt"] and names(report.unchanged) == ["a.txt"]
    assert "9月底前".encode() in export(store)


def test_force_rebuilds_everything(docs, tmp_path):
    store = tmp_path / "store"
    build([docs], store=store)
    before = export(store)
    report = build([docs], store=store, force=True)
    assert names(report.built) == ["a.txt", "b.txt"] and not report.unchanged
    assert export(store) == before  # same input, same graph


def test_a_new_emkg_version_rebuilds(docs, tmp_path, monkeypatch):
    store = tmp_path / "store"
    build([docs], store=store)
    monkeypatch.setattr(kg, "__version__", "99.0.0")
    report = build([docs], store=store)
    assert names(report.built) == ["a.txt", "b.txt"]
    with Store(store, read_only=True) as opened:
        rows = opened.query("SELECT DISTINCT ?v { ?s emo:softwareVersion ?v }")
        versions = {row["v"].value for row in rows}
    assert versions == {"99.0.0"}


def test_changed_metadata_options_rebuild(docs, tmp_path):
    store = tmp_path / "store"
    build([docs / "a.txt"], store=store, overrides=MetaOverrides(year=2023, level="town"))
    same = build([docs / "a.txt"], store=store, overrides=MetaOverrides(year=2023, level="town"))
    other = build([docs / "a.txt"], store=store, overrides=MetaOverrides(year=2025, level="town"))
    assert names(same.unchanged) == ["a.txt"]
    assert names(other.built) == ["a.txt"]
    with Store(store, read_only=True) as opened:
        (row,) = opened.plan_summaries()
    assert row["year"] == 2025


def test_a_sidecar_row_that_changed_rebuilds(docs, tmp_path):
    store = tmp_path / "store"
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("file,jurisdiction,doc_type\na.txt,甲镇,work_plan\n", encoding="utf-8")
    build([docs], store=store, sidecar=sidecar)
    assert names(build([docs], store=store, sidecar=sidecar).unchanged) == ["a.txt", "b.txt"]
    sidecar.write_text("file,jurisdiction,doc_type\na.txt,丙镇,work_plan\n", encoding="utf-8")
    report = build([docs], store=store, sidecar=sidecar)
    assert names(report.built) == ["a.txt"] and names(report.unchanged) == ["b.txt"]


def test_an_explicit_encoding_reads_again(docs, tmp_path):
    store = tmp_path / "store"
    build([docs], store=store)
    report = build([docs], store=store, encoding="utf-8")  # the hash cannot tell how the bytes were decoded
    assert names(report.built) == ["a.txt", "b.txt"]


def test_nothing_is_removed_that_was_not_asked_for(docs, tmp_path):
    store = tmp_path / "store"
    build([docs], store=store)
    (docs / "b.txt").unlink()  # gone from the folder, still in the store
    report = build([docs / "a.txt"], store=store, force=True)
    assert names(report.built) == ["a.txt"]
    with Store(store, read_only=True) as opened:
        assert [row["source"] for row in opened.plan_summaries()] == ["a.txt", "b.txt"]


def test_cli_force(docs, tmp_path):
    store = str(tmp_path / "store")
    CliRunner().invoke(cli, ["build", str(docs), "--store", store, "-q"])
    again = CliRunner().invoke(cli, ["build", str(docs), "--store", store])
    forced = CliRunner().invoke(cli, ["build", str(docs), "--store", store, "--force", "-q"])
    assert again.exit_code == 0 and "2 unchanged since they were built" in again.output
    assert "built 0, unchanged 2, skipped 0, failed 0" in again.output
    assert forced.exit_code == 0 and forced.output.startswith("built 2, skipped 0, failed 0")
