"""scripts/bench.py --quick runs end to end on a tiny corpus and writes every field of its JSON result.

No timing is asserted: the numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "scripts" / "bench.py"
PLAN = """{place}2024年安全生产工作要点

一、强化安全生产
1.{place}应急管理局牵头，开展危险化学品专项整治，6月底前完成隐患排查，整改率达到100%。
2.做好防汛防台工作，汛期前完成应急预案修订。
"""
BUILD_FIELDS = {"corpus", "synthetic", "jobs", "documents", "chars", "triples", "built", "failed",
                "pipeline_load_s", "build_s", "extract_s", "chars_per_s", "docs_per_s",
                "chars_per_s_per_process", "docs_per_s_per_process", "writer_peak_rss_mb",
                "worker_peak_rss_mb", "peak_rss_mb", "store_mb", "build_cpu_s", "cpu_s", "chars_per_cpu_s"}
QUERY_FIELDS = {"kind", "rows", "oxigraph_disk", "oxigraph_memory", "rdflib_memory",
                "rdflib_over_oxigraph_memory"}


def bench_module():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory) -> tuple[dict, str]:
    folder = tmp_path_factory.mktemp("bench")
    docs = folder / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(PLAN.format(place="甲县"), encoding="utf-8")
    (docs / "b.txt").write_text(PLAN.format(place="乙市"), encoding="utf-8")
    out = folder / "result.json"
    done = subprocess.run([sys.executable, str(BENCH), "--quick", "--samples", str(docs), "--work",
                           str(folder / "work"), "--out", str(out), "--silent"],
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text(encoding="utf-8")), done.stdout


def test_builds_have_every_field(quick_run):
    result, _ = quick_run
    assert [(b["corpus"], b["jobs"]) for b in result["builds"]] == [
        ("samples", 1), ("synthetic 2x", 1), ("synthetic 2x", 2)]
    for build in result["builds"]:
        assert set(build) >= BUILD_FIELDS
        assert build["built"] == build["documents"] and not build["failed"]
        assert build["triples"] > 0 and build["chars_per_s"] > 0 and build["store_mb"] > 0
    samples, synthetic = result["corpora"]
    assert (samples["synthetic"], synthetic["synthetic"]) == (False, True)
    assert (samples["documents"], synthetic["documents"]) == (2, 4)
    assert result["pipeline_load_s"] > 0
    for build in result["builds"]:
        assert build["build_over_segmentation"] > 0 and build["build_over_segmentation_cpu"] > 0
        assert build["build_over_segmentation"] == pytest.approx(
            build["chars_per_s"] / build["segmentation_chars_per_s"])


def test_the_synthetic_corpus_varies_jurisdictions_and_years(quick_run):
    result, _ = quick_run
    folder = Path(result["corpora"][1]["path"])
    first = (folder / "a-s0000.txt").read_text(encoding="utf-8")
    second = (folder / "a-s0001.txt").read_text(encoding="utf-8")
    assert "2024年" not in first and "2020年" in first and "2021年" in second  # years shifted by -4, -3
    assert "甲县" not in first + second  # another jurisdiction in each copy


def test_floor_parallel_queries_and_start_up(quick_run):
    result, _ = quick_run
    assert set(result["floor"]) == {"samples", "synthetic 2x"}
    for floor in result["floor"].values():
        assert floor["chars_per_s"] == floor["jieba_chars_per_s"] > 0
        assert floor["pipeline_segmenter_chars_per_s"] > 0
    # jieba before the first build of a corpus and after each one
    assert [len(floor["taken_chars_per_s"]) for floor in result["floor"].values()] == [2, 3]
    parallel = result["parallel"]
    assert parallel["jobs"] == 2 and parallel["speedup"] > 0
    serial, two = result["builds"][1:]
    assert parallel["speedup_floor_adjusted"] == pytest.approx(
        two["build_over_segmentation"] / serial["build_over_segmentation"])
    named = {path.stem for path in (ROOT / "kg" / "store" / "queries").glob("*.rq")}
    assert [level["name"] for level in result["queries"]] == ["synthetic 2x"]
    for level in result["queries"]:
        assert level["triples"] > 0 and set(level["queries"]) == named
        assert level["oxigraph_dump_s"] > 0 and level["oxigraph_memory_load_s"] > 0
        assert level["oxigraph_memory_mb"] >= 0
        for query in level["queries"].values():
            assert set(query) >= QUERY_FIELDS
            assert query["kind"] in ("selective", "aggregate")
            assert query["oxigraph_disk"]["p95_s"] >= query["oxigraph_disk"]["p50_s"] > 0
    assert set(result["stages"]["cpu_s"]) == {"jieba", "read", "extract", "map", "serialise", "write"}
    assert result["startup"]["help"]["median_s"] > 0 and result["startup"]["query"]["median_s"] > 0


def test_every_target_is_reported(quick_run):
    result, table = quick_run
    assert set(result["targets"]) == set(bench_module().TARGETS)
    for target in result["targets"].values():
        assert set(target) >= {"measured", "target", "met"}
    for name in ("selective_query_p95_s", "aggregate_query_p95_s"):
        queries = result["targets"][name]
        assert queries["in_memory"] > 0 and queries["in_memory_met"] in (True, False)
    assert "synthetic" in table and "targets:" in table and "kg serve --in-memory" in table
    assert set(result["environment"]) >= {"cores", "versions", "load_average_start", "load_average_end"}


def test_a_build_is_set_against_the_mean_of_the_floors_around_it():
    floors = [{"chars_per_s": 100.0, "jieba_chars_per_cpu_s": 110.0},
              {"chars_per_s": 300.0, "jieba_chars_per_cpu_s": 330.0}]
    build = {"chars_per_s": 100.0, "chars_per_cpu_s": 55.0, "floors": floors}

    bench_module().against_floor(build)

    assert build["segmentation_chars_per_s"] == 200.0
    assert build["build_over_segmentation"] == 0.5 and build["build_over_segmentation_cpu"] == 0.25
    assert "floors" not in build
