"""kg build --dask-scheduler: extraction on the workers of a real (local) Dask cluster, the store written by
this process; the store is the same as a local build's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.builder import build
from kg.errors import KGError
from kg.store import Store

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    # Two worker processes of one thread each: the set-up the README describes for one machine. The
    # scheduler's HTTP server on a free local port: its default, 8787, may be taken (by the cluster of the
    # other test process, say), and moving off it warns, which fails the test.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0", silence_logs=50) as local:
        yield local


@pytest.fixture
def docs(tmp_path, sample_paths) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in sample_paths[1:4]:
        shutil.copy(path, folder)
    (folder / "empty.txt").write_text(" \n", encoding="utf-8")
    return folder


def export(store: Path) -> bytes:
    with Store(store, read_only=True) as opened:
        return opened.export("nquads")


def test_a_dask_build_stores_what_a_local_build_stores(cluster, docs, tmp_path):
    local = build([docs], store=tmp_path / "local")
    lines: list[str] = []
    remote = build([docs], store=tmp_path / "dask", dask_scheduler=cluster.scheduler_address,
                   progress=lines.append)
    assert [result.name for result in remote.built] == [result.name for result in local.built]
    assert len(remote.built) == 3
    assert [result.name for result in remote.failed] == ["empty.txt"]
    assert remote.failed[0].problem == local.failed[0].problem
    assert len(lines) == 4
    assert export(tmp_path / "dask") == export(tmp_path / "local")


def test_a_dask_build_is_incremental_too(cluster, docs, tmp_path):
    build([docs], store=tmp_path / "store", dask_scheduler=cluster.scheduler_address)
    again = build([docs], store=tmp_path / "store", dask_scheduler=cluster.scheduler_address)
    assert not again.built and len(again.unchanged) == 3


def test_an_unreachable_scheduler_is_a_readable_error(docs, tmp_path, monkeypatch):
    import kg.builder

    monkeypatch.setattr(kg.builder, "DASK_CONNECT_TIMEOUT", "2s")
    with pytest.raises(KGError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        build([docs], store=tmp_path / "store", dask_scheduler="tcp://127.0.0.1:9")
