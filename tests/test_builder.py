"""kg.build: files in, plans stored; a failed document is reported by name and the batch goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.builder import BuildReport, build
from kg.model import MetaOverrides
from kg.rdf import iris
from kg.store import Store

PLAN = """某镇2024年安全生产和应急管理工作要点

一、强化安全生产
1.镇应急办牵头，开展危险化学品、燃气安全专项整治，6月底前完成隐患排查。
2.做好防汛防台工作，汛期前完成应急预案修订。
二、提升应急能力
3.年底前建成1支应急救援队伍。
"""


def write(folder: Path, name: str, text: str = PLAN, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_text(text, encoding=encoding)
    return path


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder, "a.txt")
    write(folder, "b.txt", PLAN.replace("某镇", "另一镇"))
    return folder


def test_build_a_folder(docs, tmp_path):
    lines: list[str] = []
    report = build([docs], store=tmp_path / "store", progress=lines.append)
    assert isinstance(report, BuildReport)
    assert [result.name for result in report.built] == ["a.txt", "b.txt"]
    assert not report.failed and not report.skipped and report.ok
    assert lines[0].startswith("[1/2] a.txt: ") and lines[1].startswith("[2/2] b.txt: ")
    with Store(tmp_path / "store", read_only=True) as store:
        assert store.plans() == sorted(result.plan for result in report.built)
        assert [row["source"] for row in store.plan_summaries()] == ["a.txt", "b.txt"]
    result = report.built[0]
    assert result.plan == iris.plan_iri_from_key(iris.plan_key("a.txt"))
    assert result.counts["triples"] > 10
    assert set(result.counts) >= {"measures", "agencies", "deadlines", "targets", "responsibilities"}


def test_summary_names_every_document(docs, tmp_path):
    (docs / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (docs / "notes.xyz").write_text("x", encoding="utf-8")
    report = build([docs], store=tmp_path / "store")
    summary = report.summary().splitlines()
    assert summary[0] == "built 2, skipped 1, failed 1"
    assert any(line.startswith("  a.txt: ") and "measures" in line for line in summary)
    assert any(line.startswith("  skipped notes.xyz: ") for line in summary)
    assert any(line.startswith("  FAILED empty.txt: ") for line in summary)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"\x00\x01\x02\xff\xfe\x00binary"],
                         ids=["empty", "blank", "binary"])
def test_a_bad_document_fails_alone(docs, tmp_path, content):
    (docs / "bad.txt").write_bytes(content)
    report = build([docs], store=tmp_path / "store")
    assert [result.name for result in report.failed] == ["bad.txt"]
    assert report.failed[0].problem
    assert [result.name for result in report.built] == ["a.txt", "b.txt"]
    with Store(tmp_path / "store", read_only=True) as store:
        assert len(store.plans()) == 2  # nothing written for bad.txt


def test_nothing_built_is_not_ok(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    report = build([tmp_path / "empty.txt"], store=tmp_path / "store")
    assert not report.ok
    assert report.failed[0].name == "empty.txt"


def test_an_error_inside_extraction_is_reported_and_the_batch_goes_on(docs, tmp_path, monkeypatch):
    import kg.builder as build_module

    real = build_module._extract

    def broken(document):
        if document.source == "a.txt":
            raise ValueError("boom")
        return real(document)

    monkeypatch.setattr(build_module, "_extract", broken)
    report = build([docs], store=tmp_path / "store")
    assert [result.name for result in report.built] == ["b.txt"]
    assert "internal error ValueError: boom" in report.failed[0].problem


def test_two_inputs_with_one_file_name_are_refused(docs, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    write(other, "a.txt", PLAN.replace("某镇", "第三镇"))
    report = build([docs, other], store=tmp_path / "store")
    assert [result.name for result in report.built] == ["a.txt", "b.txt"]
    assert report.failed[0].path == other / "a.txt"
    assert "same file name" in report.failed[0].problem


def test_command_line_overrides_reach_the_graph(docs, tmp_path):
    overrides = MetaOverrides(jurisdiction="某某镇", level="town", year=2024)
    build([docs / "a.txt"], store=tmp_path / "store", overrides=overrides)
    with Store(tmp_path / "store", read_only=True) as store:
        (row,) = store.plan_summaries()
    assert (row["jurisdiction"], row["level"], row["year"]) == ("某某镇", "town", 2024)


def test_sidecar_metadata_with_command_line_on_top(docs, tmp_path):
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("file,jurisdiction,level,year\na.txt,甲镇,town,2023\nb.txt,乙镇,town,2023\n",
                       encoding="utf-8")
    build([docs], store=tmp_path / "store", sidecar=sidecar, overrides=MetaOverrides(year=2025))
    with Store(tmp_path / "store", read_only=True) as store:
        rows = {row["source"]: row for row in store.plan_summaries()}
    assert (rows["a.txt"]["jurisdiction"], rows["a.txt"]["year"]) == ("甲镇", 2025)
    assert (rows["b.txt"]["jurisdiction"], rows["b.txt"]["year"]) == ("乙镇", 2025)


def test_an_open_store_is_used_and_left_open(docs):
    with Store() as store:
        report = kg.build([docs / "a.txt"], store=store)
        assert store.plans() == [report.built[0].plan]


def test_re_building_replaces_the_plan(docs, tmp_path):
    build([docs / "a.txt"], store=tmp_path / "store")
    with Store(tmp_path / "store", read_only=True) as store:
        before = store.export("nquads")
    write(docs, "a.txt", PLAN + "4.9月底前完成消防安全检查。\n")
    build([docs / "a.txt"], store=tmp_path / "store")
    with Store(tmp_path / "store", read_only=True) as store:
        assert len(store.plans()) == 1
        after = store.export("nquads")
    assert after != before
    assert "9月底前".encode() in after


def test_loading_the_extractor_pays_every_stage_s_one_time_costs():
    """A worker's warm-up builds a short plan end to end, so the first real document pays no imports."""
    import subprocess
    import sys

    script = ("import sys, kg.builder; kg.builder.load_extractor(); "
              "print(all(m in sys.modules for m in ('kg.ingest.structure', 'kg.nlp', 'kg.rdf.mapping', "
              "'kg.store.store')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout == "True\n"


def test_a_pipeline_that_cannot_run_stops_the_warm_up(monkeypatch):
    import kg.builder

    def broken(document):
        raise RuntimeError("no model")

    monkeypatch.setattr(kg.builder, "_extract", broken)
    from kg.errors import KGError

    with pytest.raises(KGError, match="the extraction pipeline does not run: internal error RuntimeError: "
                                      "no model"):
        kg.builder.load_extractor()
