"""``kg query`` in process: ad-hoc queries, files, named queries, formats, limits and errors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.builder import build
from kg.cli import cli
from kg.rdf.namespaces import PREFIXES
from kg.store.named import named_queries
from kg.views.tables import display_width

SAMPLES = ("000_384322916ba60cf2.txt", "004_fcd55c30be0749a7.txt")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, samples_dir) -> Path:
    folder = tmp_path_factory.mktemp("cli-query") / "store"
    report = build([samples_dir / name for name in SAMPLES], store=folder)
    assert not report.failed
    return folder


def kg(store_dir: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["query", "--store", str(store_dir), *args], input=stdin,
                              catch_exceptions=False)


PLANS = ("SELECT ?source ?title WHERE { ?p a emo:Plan ; dcterms:source ?source "
         "OPTIONAL { ?p dcterms:title ?title } } ORDER BY ?source")


def test_list_shows_every_named_query_with_its_parameters(store_dir):
    result = kg(store_dir, "--list")
    assert result.exit_code == 0
    for name in named_queries():
        assert name in result.stdout
    assert "hazard (hazard), plan (plan, optional)" in result.stdout
    listing = json.loads(kg(store_dir, "--list", "--format", "json").stdout)
    assert {entry["name"] for entry in listing} == set(named_queries())


def test_a_table_aligns_chinese_by_display_width(store_dir):
    result = kg(store_dir, PLANS)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["source", "title"]
    title_column = lines[1].index("  ") + 2  # where the second column starts, in terminal columns
    titles = [line for line in lines[2:] if len(line.split()) > 1]
    assert titles and any(display_width(line) > len(line) for line in titles)  # Chinese in the titles
    for line in titles:
        title = line.split(maxsplit=1)[1]
        assert display_width(line[:line.index(title)]) == title_column


def test_iris_are_shown_with_prefixes_and_long_cells_are_cut(store_dir):
    result = kg(store_dir, "SELECT ?m ?t WHERE { ?m emo:text ?t ; emo:addressesHazard hz:flood } LIMIT 3",
                "--width", "30")
    rows = result.stdout.splitlines()[2:]
    assert rows and all(row.startswith("id:plan/") for row in rows)
    texts = [row.split("  ")[-1].strip() for row in rows]
    assert all(text.endswith("…") and display_width(text) <= 30 for text in texts)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "md"])
def test_select_formats(store_dir, fmt):
    result = kg(store_dir, PLANS, "--format", fmt)
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["head"]["vars"] == ["source", "title"]
        assert [b["source"]["value"] for b in data["results"]["bindings"]] == list(SAMPLES)
    elif fmt == "xml":
        root = ElementTree.fromstring(out)
        assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 2
    elif fmt == "csv":
        assert out.splitlines()[0] == "source,title"
        assert out.splitlines()[1].startswith(SAMPLES[0] + ",")
    elif fmt == "tsv":
        assert out.splitlines()[0] == "?source\t?title"
        assert out.splitlines()[1].startswith(f'"{SAMPLES[0]}"\t')
    else:
        lines = out.splitlines()
        assert lines[0].startswith("| source") and lines[1].startswith("| ---") and len(lines) == 4


def test_ask_construct_and_describe(store_dir):
    assert kg(store_dir, "ASK { ?p a emo:Plan }").stdout.strip() == "true"
    assert json.loads(kg(store_dir, "ASK { ?p a emo:Nothing }", "-f", "json").stdout) == {"head": {},
                                                                                        "boolean": False}
    turtle = kg(store_dir, "CONSTRUCT { ?p a emo:Plan } WHERE { ?p a emo:Plan }").stdout
    assert "@prefix emo:" in turtle and len(Graph().parse(data=turtle, format="turtle")) == 2
    ntriples = kg(store_dir, "DESCRIBE hz:flood", "-f", "ntriples").stdout
    assert len(Graph().parse(data=ntriples, format="nt")) > 5
    refused = kg(store_dir, PLANS, "-f", "turtle")
    assert refused.exit_code == 1 and "is for CONSTRUCT and DESCRIBE" in refused.output


def test_a_file_and_standard_input(store_dir, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("# plans\nSELECT (COUNT(?p) AS ?n) WHERE { ?p a emo:Plan }\n", encoding="utf-8")
    assert kg(store_dir, str(rq)).stdout.split()[-1] == "2"
    piped = kg(store_dir, "-", stdin="SELECT (COUNT(?p) AS ?n) WHERE { ?p a emo:Plan }")
    assert piped.stdout.split()[-1] == "2"
    missing = kg(store_dir, str(tmp_path / "nothing.rq"))
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_a_syntax_error_shows_the_line_and_column(store_dir, tmp_path):
    query = "SELECT ?x WHERE {\n  ?x a emo:Plan ;\n     emo:text ?t ,, .\n  FILTER(?t = 1)\n}"
    result = kg(store_dir, query)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    match = re.match(r"Error: the SPARQL query does not parse at line (\d+), column (\d+): syntax error",
                     lines[0])
    assert match, lines[0]
    line, column = int(match.group(1)), int(match.group(2))
    assert lines[1] == f"  {line} | {query.splitlines()[line - 1]}"
    assert lines[2].index("^") == len(f"  {line} | ") + column - 1
    unknown = kg(store_dir, "SELECT ?x WHERE {\n  ?x a emo:Plan ;\n     nope:text ?t .\n}")
    assert unknown.output.splitlines()[:3] == [
        "Error: the SPARQL query does not parse at line 3, column 6: unknown prefix 'nope:': declare it with "
        "PREFIX nope: <...> (declared already: " + ", ".join(f"{p}:" for p in PREFIXES) + ")",
        "  3 |      nope:text ?t .",
        " " * len("  3 |      ") + "^"]
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT ?x WHERE { ?x nope:p ?y }", encoding="utf-8")
    result = kg(store_dir, str(rq))
    assert f"{rq}: the SPARQL query does not parse at line 1, column 22: unknown prefix" in result.output


def test_named_query_with_parameters(store_dir):
    result = kg(store_dir, "--name", "deadlines_between", "-p", "from=2019-03-01", "--param", "to=2019-03-31",
                "-f", "json")
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert bindings and all(b["due"]["value"].startswith("2019-03") for b in bindings)
    assert all(b["source"]["value"] == SAMPLES[0] for b in bindings)


def test_named_query_errors_are_one_readable_line(store_dir):
    missing = kg(store_dir, "--name", "plan_timeline")
    assert missing.exit_code == 1 and "needs --param plan=" in missing.output
    unknown = kg(store_dir, "--name", "plan_timelines")
    assert "no named query 'plan_timelines': did you mean plan_timeline" in unknown.output
    bad = kg(store_dir, "--name", "plan_timeline", "-p", "plan")
    assert bad.exit_code == 2 and "write KEY=VALUE" in bad.output
    both = kg(store_dir, PLANS, "--name", "plan_timeline")
    assert both.exit_code == 2 and "not both" in both.output


def test_an_injection_through_a_parameter_matches_nothing(store_dir):
    before = kg(store_dir, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").stdout
    result = kg(store_dir, "--name", "measures_with_keyword", "-p", 'keyword=" } ; DROP ALL ; {', "-f", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines() == ["source,item,ordinal,text,measure"]
    assert kg(store_dir, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").stdout == before


def test_parameters_of_an_ad_hoc_query(store_dir):
    result = kg(store_dir, "SELECT ?key ?c WHERE { ?c skos:notation ?key }", "-p", "key=typhoon")
    assert result.stdout.split()[-2:] == ["typhoon", "hz:typhoon"]
    result = kg(store_dir, "SELECT ?c ?key WHERE { ?c skos:notation ?key }", "-p", "c=hz:flood")
    assert result.stdout.split()[-2:] == ["hz:flood", "flood"]


def test_limit_and_timeout(store_dir):
    result = kg(store_dir, "SELECT ?s WHERE { ?s ?p ?o }", "--limit", "4", "-f", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 5
    assert "only the first 4 rows" in result.stderr
    # about half a second of work (it finishes in the background: pyoxigraph cannot be stopped)
    slow = kg(store_dir, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d emo:text ?t . ?e a emo:Plan }",
              "--timeout", "0.05")
    assert slow.exit_code == 1 and "the query took longer than 0.05 s" in slow.output
