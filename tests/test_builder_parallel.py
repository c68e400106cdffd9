"""kg build --jobs N: worker processes extract, the calling process alone writes: the same store as one
process builds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.builder import build
from kg.cli import cli
from kg.store import Store

PLAN = """{place}2024年安全生产和应急管理工作要点

一、强化安全生产
1.{place}应急管理局牵头，开展危险化学品、燃气安全专项整治，6月底前完成隐患排查。
2.做好防汛防台工作，汛期前完成应急预案修订，森林火灾隐患整改率达到100%。
二、提升应急能力
3.年底前建成{count}支应急救援队伍。
"""
PLACES = ("甲县", "乙县", "丙县", "丁县", "戊县")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, sample_paths) -> Path:
    """Five small plans, one real sample and two bad files: enough for two workers to share."""
    folder = tmp_path_factory.mktemp("corpus")
    for index, place in enumerate(PLACES):
        (folder / f"plan-{index}.txt").write_text(PLAN.format(place=place, count=index + 1), encoding="utf-8")
    shutil.copy(sample_paths[2], folder)  # 002, the shortest sample
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00binary")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    return folder


def export(store: Path) -> bytes:
    with Store(store, read_only=True) as opened:
        return opened.export("nquads")


def test_two_workers_build_the_same_store_as_one_process(corpus, tmp_path):
    serial = build([corpus], store=tmp_path / "serial", jobs=1)
    lines: list[str] = []
    parallel = build([corpus], store=tmp_path / "parallel", jobs=2, progress=lines.append)
    names = [result.name for result in serial.built]
    assert len(names) == 6
    assert [result.name for result in parallel.built] == names  # written in the order of the inputs
    assert [line.split("]")[0] for line in lines] == [f"[{index}/8" for index in range(1, 9)]
    # a bad document fails alone, in a worker as in this process
    assert sorted(result.name for result in parallel.failed) == ["bad.txt", "empty.txt"]
    assert [result.problem for result in parallel.failed] == [result.problem for result in serial.failed]
    assert parallel.built[0].counts == serial.built[0].counts
    assert export(tmp_path / "parallel") == export(tmp_path / "serial")


@pytest.mark.parametrize(("options", "expected"), [
    ([], {"jobs": None, "force": False, "dask_scheduler": None}),
    (["--jobs", "2", "--force", "--dask-scheduler", "tcp://127.0.0.1:8786"],
     {"jobs": 2, "force": True, "dask_scheduler": "tcp://127.0.0.1:8786"}),
])
def test_cli_passes_jobs_force_and_dask_scheduler(corpus, tmp_path, monkeypatch, options, expected):
    import kg.builder
    from kg.builder import BuildReport, DocumentResult

    seen = {}

    def fake_build(paths, **kwargs):
        seen.update(kwargs)
        return BuildReport(built=[DocumentResult(corpus / "plan-0.txt", plan="x")])

    monkeypatch.setattr(kg.builder, "build", fake_build)
    result = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(tmp_path / "store"), *options])
    assert result.exit_code == 0, result.output
    assert {name: seen[name] for name in expected} == expected


def test_cli_refuses_zero_jobs(corpus, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(tmp_path / "s"), "--jobs", "0"])
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_automatic_jobs_keep_a_small_batch_in_this_process(corpus, monkeypatch):
    import kg.builder as builder

    tasks = [builder._Task(path) for path in sorted(corpus.iterdir())]
    assert builder._automatic_jobs(tasks) == 1  # a few kilobytes: a worker would cost more than it saves
    monkeypatch.setattr(builder, "BYTES_PER_WORKER", 1)
    monkeypatch.setattr(builder, "default_jobs", lambda: 2)
    assert builder._automatic_jobs(tasks) == 2  # never more than the cores


def test_batched_plans_are_those_one_transaction_per_plan_writes(corpus, tmp_path, monkeypatch):
    """New plans go in in bulk loads; the store is the one add_plan makes, batch by batch, all at once, or
    with plans too large for a batch written on their own."""
    import kg.builder
    from kg.store.store import nquads_triples

    monkeypatch.setattr(kg.builder, "BULK_QUADS", 1)  # one plan per batch
    one_by_one = build([corpus], store=tmp_path / "small", jobs=1)
    monkeypatch.setattr(kg.builder, "BULK_QUADS", 10**6)  # every plan in one batch
    together = build([corpus], store=tmp_path / "large", jobs=1)
    monkeypatch.setattr(kg.builder, "BATCHED_QUADS", 200)  # the larger plans on their own, in transactions
    mixed = build([corpus], store=tmp_path / "mixed", jobs=1)
    assert [r.counts for r in one_by_one.built] == [r.counts for r in together.built] == \
        [r.counts for r in mixed.built]
    assert {r.counts["triples"] > 200 for r in mixed.built} == {True, False}
    with Store(tmp_path / "transactions") as store:
        for result in together.built:
            extraction = kg.builder.extract_file(kg.builder._Task(result.path))
            assert extraction.quads == result.counts["triples"]
            store.add_plan(extraction.plan, nquads_triples(extraction.nquads))
    assert export(tmp_path / "small") == export(tmp_path / "large") == export(tmp_path / "mixed") == \
        export(tmp_path / "transactions")


def test_a_large_build_compacts_the_store_it_wrote(corpus, tmp_path, monkeypatch):
    """Each bulk load leaves its own table files; a build that wrote much merges them (same contents)."""
    import kg.builder

    monkeypatch.setattr(kg.builder, "BULK_QUADS", 1)  # one load, and its files, per plan
    as_loaded = build([corpus], store=tmp_path / "loaded", jobs=1)
    monkeypatch.setattr(kg.builder, "COMPACT_AFTER_TRIPLES", 1)
    lines: list[str] = []
    compacted = build([corpus], store=tmp_path / "compacted", jobs=1, progress=lines.append)
    assert lines[-1] == kg.builder.COMPACTING
    assert [r.counts for r in compacted.built] == [r.counts for r in as_loaded.built]
    assert export(tmp_path / "compacted") == export(tmp_path / "loaded")
    assert len(list((tmp_path / "compacted").glob("*.sst"))) < len(list((tmp_path / "loaded").glob("*.sst")))


def test_a_plan_without_its_content_hash_is_rebuilt(corpus, tmp_path):
    """A plan graph without its content hash (a store damaged by hand, or by an older emkg) is not taken for
    built: the next build replaces it whole."""
    import pyoxigraph

    from kg.rdf.namespaces import EMO

    build([corpus], store=tmp_path / "store", jobs=1)
    whole = export(tmp_path / "store")
    with Store(tmp_path / "store") as store:
        plan = store.plan_graphs()[0]
        quads = list(store.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(plan)))
        lost = [quad for quad in quads if quad.predicate.value == str(EMO.contentHash)]
        lost += [quad for quad in quads if quad.predicate.value != str(EMO.contentHash)][: len(quads) // 2]
        for quad in lost:
            store.raw.remove(quad)
    again = build([corpus], store=tmp_path / "store", jobs=1)
    assert len(again.built) == 1 and len(again.unchanged) == 5
    assert export(tmp_path / "store") == whole


def test_a_failed_bulk_load_fails_its_plans_alone_and_reports_stay_in_order(corpus, tmp_path, monkeypatch):
    """Bulk loads run beside the extraction; a load that fails (a full disk) fails the plans it held, with
    the store's message, and nothing of them is stored; the documents after it are written and reported,
    in the order of the inputs."""
    import kg.builder
    from kg.errors import StoreError

    loads = []
    load_new_plans = Store.load_new_plans

    def first_load_fails(store: Store, nquads: bytes) -> None:
        loads.append(nquads)
        if len(loads) == 1:
            raise StoreError("could not load plans into the store: No space left on device")
        load_new_plans(store, nquads)

    monkeypatch.setattr(Store, "load_new_plans", first_load_fails)
    monkeypatch.setattr(kg.builder, "BULK_QUADS", 1)  # one plan per load
    lines: list[str] = []
    report = build([corpus], store=tmp_path / "store", jobs=1, progress=lines.append)
    names = sorted(path.name for path in corpus.iterdir())
    assert [re.match(r"\[\d+/\d+\] (?:FAILED )?(\S+):", line)[1] for line in lines] == names
    first = next(name for name in names if name not in ("bad.txt", "empty.txt"))
    failed = {result.name: result.problem for result in report.failed}
    assert failed.pop(first) == "could not load plans into the store: No space left on device"
    assert set(failed) == {"bad.txt", "empty.txt"}
    assert len(loads) == len(report.built) + 1
    with Store(tmp_path / "store", read_only=True) as store:
        assert sorted(source for _, source in store.sources()) == sorted(r.name for r in report.built)
