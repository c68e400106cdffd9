"""The store commands, in process: kg build, list, query, export, validate, remove."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import cli
from kg.rdf import iris
from kg.rdf.namespaces import EMO
from kg.store import Store

PLAN = """某镇2024年应急管理工作要点

一、防汛防台
1.镇应急办牵头，3月底前完成防汛应急预案修订。
2.年底前建成1支应急救援队伍。
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A store with two small plans, built through the command."""
    folder = tmp_path_factory.mktemp("cli")
    docs = folder / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(PLAN, encoding="utf-8")
    (docs / "b.txt").write_text(PLAN.replace("某镇", "另一镇"), encoding="utf-8")
    result = run("build", str(docs), "--store", str(folder / "store"), "--level", "town", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("built 2, skipped 0, failed 0")
    return folder / "store"


def test_build_prints_progress_and_a_summary(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0
    assert "[1/1] a.txt: " in result.stderr
    assert result.stdout.startswith("built 1, skipped 0, failed 0")
    quiet = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s"), "-q"])
    assert "[1/1]" not in quiet.stderr


def test_build_goes_on_after_a_bad_file_and_exits_zero(tmp_path):
    (tmp_path / "good.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    inputs = [str(tmp_path / "empty.txt"), str(tmp_path / "good.txt")]
    result = run("build", *inputs, "--store", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    assert "built 1, skipped 0, failed 1" in result.output
    assert "FAILED empty.txt: " in result.output


def test_build_strict_exits_non_zero_when_any_document_failed(tmp_path):
    (tmp_path / "good.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run("build", str(tmp_path), "--store", str(tmp_path / "s"), "--strict")
    assert result.exit_code == 1
    assert "built 1, skipped 0, failed 1" in result.output


def test_build_exits_non_zero_when_nothing_was_built(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run("build", str(tmp_path / "empty.txt"), "--store", str(tmp_path / "s"))
    assert result.exit_code == 1
    assert "FAILED empty.txt" in result.output


def test_list(built):
    result = run("list", "--store", str(built))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["iri", "source"]
    assert [line.split()[1] for line in lines[2:]] == ["a.txt", "b.txt"]
    assert all("town" in line and "2024" in line for line in lines[2:])


@pytest.mark.parametrize("command", [["list"], ["export"], ["validate"], ["query", "ASK {}"]])
def test_read_commands_without_a_store_say_to_build(tmp_path, command):
    result = run(*command, "--store", str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert f"no store at {tmp_path / 'nothing'}: run `kg build" in result.output


def test_query_table(built):
    result = run("query", "SELECT ?source WHERE { ?p a emo:Plan ; dcterms:source ?source } ORDER BY ?source",
                 "--store", str(built))
    assert result.exit_code == 0
    assert result.stdout.split() == ["source", "------", "a.txt", "b.txt"]


def test_query_shows_iris_with_prefixes(built):
    query = "SELECT ?h WHERE { ?p emo:addressesHazard ?h } ORDER BY ?h LIMIT 1"
    result = run("query", query, "--store", str(built))
    assert "hz:" in result.output


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_query_formats(built, fmt):
    result = run("query", "SELECT ?source WHERE { ?p dcterms:source ?source } ORDER BY ?source",
                 "--store", str(built), "--format", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        data = json.loads(result.stdout)
        assert [b["source"]["value"] for b in data["results"]["bindings"]] == ["a.txt", "b.txt"]
    elif fmt == "csv":
        assert result.stdout.split()[1:] == ["a.txt", "b.txt"]
    else:  # SPARQL TSV writes terms in N-Triples syntax
        assert result.stdout.split()[1:] == ['"a.txt"', '"b.txt"']


def test_query_ask_construct_and_rq_file(built, tmp_path):
    assert run("query", "ASK { ?p a emo:Plan }", "--store", str(built)).stdout.strip() == "true"
    construct = run("query", "CONSTRUCT { ?p a emo:Plan } WHERE { ?p a emo:Plan }", "--store", str(built))
    assert construct.stdout.count("emo:Plan") == 2
    rq = tmp_path / "plans.rq"
    rq.write_text("SELECT (COUNT(?p) AS ?n) WHERE { ?p a emo:Plan }", encoding="utf-8")
    assert run("query", str(rq), "--store", str(built)).stdout.split()[-1] == "2"


def test_a_bad_query_is_one_readable_line(built):
    result = run("query", "SELEC ?x", "--store", str(built))
    assert result.exit_code == 1
    assert "Error: the SPARQL query does not parse" in result.output


@pytest.mark.parametrize("fmt,parser", [("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld"),
                                        ("turtle", "turtle"), ("ntriples", "nt")])
def test_export_to_a_file_parses_back(built, tmp_path, fmt, parser):
    out = tmp_path / f"out.{fmt}"
    result = run("export", "--store", str(built), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    with Store(built, read_only=True) as store:
        size = len(store)
    if fmt in ("turtle", "ntriples"):
        assert len(Graph().parse(out, format=parser)) > 0
    else:
        dataset = Dataset()
        dataset.parse(out, format=parser)
        assert len(list(dataset.quads())) == size


def test_export_to_stdout_of_one_plan(built):
    result = run("export", "--store", str(built), "--format", "nquads", "--plan", "a.txt")
    graph = iris.graph_iri(iris.plan_key("a.txt"))
    lines = result.stdout.splitlines()
    assert lines and all(line.endswith(f"<{graph}> .") for line in lines)


def test_validate_passes(built):
    result = run("validate", "--store", str(built))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("validated 2 plans (")


def test_validate_fails_on_a_broken_graph(built, tmp_path):
    import shutil

    store_dir = tmp_path / "broken"
    shutil.copytree(built, store_dir)
    with Store(store_dir) as store:
        store.raw.update(f"DELETE WHERE {{ GRAPH ?g {{ ?m <{EMO.text}> ?t }} }}")
    result = run("validate", "--store", str(store_dir))
    assert result.exit_code == 1
    assert "violation" in result.output
    assert "a measure needs exactly one non-empty emo:text" in result.output


def test_remove(built, tmp_path):
    import shutil

    store_dir = tmp_path / "copy"
    shutil.copytree(built, store_dir)
    result = run("remove", "a.txt", "--store", str(store_dir))
    assert result.exit_code == 0
    assert result.stdout.strip() == f"removed {iris.plan_iri_from_key(iris.plan_key('a.txt'))}"
    listing = run("list", "--store", str(store_dir)).stdout
    assert "a.txt" not in listing and "b.txt" in listing
    missing = run("remove", "a.txt", "--store", str(store_dir))
    assert missing.exit_code == 1
    assert "no plan 'a.txt' in the store" in missing.output
