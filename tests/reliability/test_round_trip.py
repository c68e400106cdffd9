"""`kg export` round-trips (issue 9): building the samples twice gives byte-identical N-Quads and TriG, and
`kg load` puts an export back into an empty store, which then exports the same bytes and validates; a file
that is not an emkg export is refused and nothing of it is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.store import Store

pytestmark = pytest.mark.slow

FORMATS = {"nquads": "nq", "trig": "trig"}


@dataclass(frozen=True)
class Exports:
    first: dict[str, Path]  # format -> export of the first build
    second: dict[str, Path]  # format -> export of the second build, into a store of its own


@pytest.fixture(scope="module")
def exports(cli, samples_dir, tmp_path_factory) -> Exports:
    root = tmp_path_factory.mktemp("round-trip")
    stores = [root / "first", root / "second"]
    builds = [cli.start("build", samples_dir, "--store", store, "--jobs", "1", "-q") for store in stores]
    for build in builds:
        done = cli.finish(build)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("built 5,")
    files = [{fmt: root / f"{store.name}.{suffix}" for fmt, suffix in FORMATS.items()} for store in stores]
    runs = [cli.start("export", "--store", store, "--format", fmt, "-o", exported[fmt])
            for store, exported in zip(stores, files, strict=True) for fmt in FORMATS]
    for run in runs:
        done = cli.finish(run)
        assert done.returncode == 0, done.stderr
    return Exports(*files)


@pytest.mark.parametrize("fmt", FORMATS)
def test_building_the_samples_again_exports_the_same_bytes(exports, fmt):
    assert exports.first[fmt].read_bytes() == exports.second[fmt].read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_loaded_into_an_empty_store_exports_the_same_bytes(cli, exports, tmp_path, fmt):
    loaded = cli.run("load", exports.first[fmt], "--store", tmp_path / "store")
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout == f"loaded 5 plans from {exports.first[fmt]}\n"
    again = cli.run("export", "--store", tmp_path / "store", "--format", fmt)
    assert again.returncode == 0, again.stderr
    assert again.stdout.encode() == exports.first[fmt].read_bytes()


def test_a_loaded_store_validates(cli, exports, tmp_path):
    assert cli.run("load", exports.first["nquads"], "--store", tmp_path / "store").returncode == 0
    validation = cli.run("validate", "--store", tmp_path / "store")
    assert validation.returncode == 0, validation.stdout + validation.stderr
    assert validation.stdout.startswith("validated 5 plans")


def test_loading_replaces_each_plan_whole_and_leaves_the_others(exports, tmp_path):
    from pyoxigraph import Literal, NamedNode

    with Store(tmp_path / "store") as store:
        store.load(exports.first["nquads"].read_bytes())
        plan = store.resolve_plan("002_985e8661aa0f82e8.txt")
        one_plan = store.export("nquads", plans=[plan])
        store.add_plan(plan, [(NamedNode(plan), NamedNode("http://example.org/p"), Literal("x"))])
        store.remove_plan("004_fcd55c30be0749a7.txt")
        assert store.load(one_plan) == [plan]
        assert store.export("nquads", plans=[plan]) == one_plan  # the stray triple is gone
        assert len(store.plans()) == 4  # the removed plan stays removed: the file does not hold it


@pytest.mark.parametrize(("content", "problem"), [
    ("<http://example.org/s> <http://example.org/p> \"o\" .\n", "it has triples outside named graphs"),
    ("<http://example.org/s> <http://example.org/p> \"o\" <http://example.org/g> .\n",
     "graph <http://example.org/g> is not a plan's graph"),
    ("<https://w3id.org/emkg/id/x> <http://example.org/p> \"o\" "
     "<https://w3id.org/emkg/graph/plan/a_plan-0123456789> .\n", "does not state its plan"),
    ("一、总体要求\n加强应急管理。\n", "does not parse as nquads"),
], ids=["default graph", "foreign graph", "graph without its plan", "not RDF"])
def test_a_file_that_is_not_an_emkg_export_is_refused(cli, exports, tmp_path, content, problem):
    store_dir = tmp_path / "store"
    with Store(store_dir) as store:
        store.load(exports.first["nquads"].read_bytes())
    bad = tmp_path / "other.nq"
    bad.write_text(content + exports.first["nquads"].read_text(encoding="utf-8"), encoding="utf-8")
    refused = cli.run("load", bad, "--store", store_dir)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"Error: {bad} ")
    assert problem in refused.stderr
    with Store(store_dir, read_only=True) as store:
        assert store.export("nquads") == exports.first["nquads"].read_bytes()  # nothing of it written


def test_a_file_of_unknown_format_is_refused_before_the_store_is_made(cli, tmp_path):
    data = tmp_path / "plans.ttl"
    data.write_text("<http://example.org/s> <http://example.org/p> \"o\" .\n", encoding="utf-8")
    refused = cli.run("load", data, "--store", tmp_path / "store")
    assert refused.returncode == 2 and "give --format" in refused.stderr
    assert not (tmp_path / "store").exists()
