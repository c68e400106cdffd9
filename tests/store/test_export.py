"""Store.export: every format parses back into the same data; N-Quads are sorted and byte-identical across
builds; re-building one changed document changes only its graph."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.builder import build
from kg.errors import StoreError
from kg.rdf import iris
from kg.store import EXPORT_FORMATS, Store


def as_dataset(data: bytes, fmt: str) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=data.decode("utf-8"), format=fmt)
    return dataset


def quads(dataset: Dataset) -> set[tuple]:
    return {(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in dataset.quads()}


def triples(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in dataset.quads():
        union.add((s, p, o))
    return union


def assert_same_graph(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"graphs differ: {len(missing)} missing, e.g. {sorted(missing)[:3]}; "
                    f"{len(extra)} extra, e.g. {sorted(extra)[:3]}")


@pytest.fixture(scope="module")
def reference(sample_nquads) -> Dataset:
    return as_dataset(sample_nquads, "nquads")


def test_nquads_are_sorted_and_have_no_blank_nodes(sample_nquads):
    lines = sample_nquads.decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines))
    assert not any(line.startswith("_:") or " _:" in line for line in lines)


def test_nquads_hold_every_quad_of_the_store(sample_store, reference):
    with Store(sample_store, read_only=True) as store:
        assert len(quads(reference)) == len(store)


def test_trig_and_jsonld_parse_back_into_the_same_dataset(sample_store, reference):
    with Store(sample_store, read_only=True) as store:
        for fmt, parser in (("trig", "trig"), ("jsonld", "json-ld")):
            assert quads(as_dataset(store.export(fmt), parser)) == quads(reference), fmt


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("ntriples", "nt")])
def test_triple_formats_hold_the_union_of_the_graphs(sample_store, reference, fmt, parser):
    with Store(sample_store, read_only=True) as store:
        exported = Graph().parse(data=store.export(fmt).decode("utf-8"), format=parser)
    assert_same_graph(triples(reference), exported)


def test_rich_plan_round_trips_through_every_format(rich_store):
    reference = as_dataset(rich_store.export("nquads"), "nquads")
    parsers = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "nt", "jsonld": "json-ld"}
    assert set(parsers) == set(EXPORT_FORMATS)
    for fmt, parser in parsers.items():
        data = rich_store.export(fmt)
        if fmt in ("turtle", "ntriples"):
            assert_same_graph(triples(reference), Graph().parse(data=data.decode("utf-8"), format=parser))
        else:
            assert quads(as_dataset(data, parser)) == quads(reference), fmt


def test_export_of_some_plans(handmade):
    with Store() as store:
        from kg.rdf.mapping import plan_iri, plan_to_triples

        for source in ("a.txt", "b.txt"):
            plan = handmade.rich_plan(source)
            store.add_plan(plan_iri(plan.document), plan_to_triples(plan, version="0"))
        data = store.export("nquads", plans=["a.txt"]).decode("utf-8")
    graphs = {line.rsplit(" ", 2)[-2] for line in data.splitlines()}
    assert graphs == {f"<{iris.graph_iri(iris.plan_key('a.txt'))}>"}


def test_unknown_format_and_plan(rich_store):
    with pytest.raises(StoreError, match="unknown export format"):
        rich_store.export("rdfxml")
    with pytest.raises(StoreError, match="no plan"):
        rich_store.export("nquads", plans=["missing.txt"])


def test_dump_writes_a_file(rich_store, tmp_path):
    rich_store.dump(tmp_path / "out.nq", "nquads")
    assert (tmp_path / "out.nq").read_bytes() == rich_store.export("nquads")


@pytest.mark.slow
def test_building_the_samples_twice_gives_identical_nquads(sample_paths, sample_nquads, tmp_path):
    build(sample_paths, store=tmp_path / "again")
    with Store(tmp_path / "again", read_only=True) as store:
        assert store.export("nquads") == sample_nquads


def graph_lines(nquads: bytes, source: str) -> list[bytes]:
    graph = f"<{iris.graph_iri(iris.plan_key(source))}>".encode()
    return [line for line in nquads.splitlines() if line.endswith(b" " + graph + b" .")]


def test_re_building_one_changed_document_changes_only_its_graph(sample_paths, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    small = sorted(sample_paths, key=lambda path: path.stat().st_size)[:2]  # the two shortest samples
    for path in small:
        shutil.copy(path, folder / path.name)
    store_dir = tmp_path / "store"
    build([folder], store=store_dir)
    with Store(store_dir, read_only=True) as store:
        before = store.export("nquads")
    changed, unchanged = small[0].name, small[1].name
    with (folder / changed).open("a", encoding="utf-8") as handle:
        handle.write("\n补充：各单位要在12月底前完成隐患排查整治。\n")
    build([folder / changed], store=store_dir)
    with Store(store_dir, read_only=True) as store:
        after = store.export("nquads")
        assert len(store.plans()) == 2
    assert graph_lines(after, unchanged) == graph_lines(before, unchanged)
    assert graph_lines(after, changed) != graph_lines(before, changed)
    changed_after, changed_before = set(graph_lines(after, changed)), set(graph_lines(before, changed))
    others = [line for line in after.splitlines() if line not in changed_after]
    assert others == [line for line in before.splitlines() if line not in changed_before]
