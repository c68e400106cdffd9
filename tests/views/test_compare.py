"""kg.views.compare: the cross-city report and the version diff.

Two kinds of store:

- the five sample plans, built once for this module (the whole pipeline), compared with ``kg compare``; every
  number of the report is checked against the store counted another way: Python over ``store.quads()``, or
  rdflib over an export with queries written differently (``emo:leadAgency`` instead of Responsibility nodes);
- hand-made plans (tests/data/compare/*.json, see its README) put straight into a store: near-duplicate
  measures that must be grouped, unrelated ones that must not, two versions of one city's plan, and a plan
  full of markup that must come out as text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from kg.builder import build
from kg.cli import cli
from kg.errors import QueryError, StoreError
from kg.rdf.namespaces import EMO_IRI, HZ, ONTOLOGY_GRAPH, compact
from kg.store import Store
from kg.views.compare import compare, compare_versions, render, version_pairs
from kg.views.compare import data as compare_data
from kg.views.compare.report import with_prefixes

ROOT = Path(__file__).resolve().parents[2]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BROADER = "http://www.w3.org/2004/02/skos/core#broader"
SOURCE = "http://purl.org/dc/terms/source"
CHROMIUM = Path("/usr/bin/chromium")


def emo(name: str) -> str:
    return EMO_IRI + name


@pytest.fixture(scope="module")
def fixtures() -> ModuleType:
    from support import TESTS, load_module

    return load_module("compare_store", TESTS / "views" / "compare_store.py")


# --- the five samples ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, sample_paths) -> Path:
    folder = tmp_path_factory.mktemp("compare-samples") / "store"
    report = build(sample_paths, store=folder)
    assert not report.failed, report.summary()
    return folder


@pytest.fixture(scope="module")
def sample_report(sample_store) -> dict:
    """``kg compare --format json`` on the samples, as parsed JSON."""
    result = CliRunner().invoke(cli, ["compare", "--store", str(sample_store), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


class Counted:
    """The sample store counted in Python over its quads, without SPARQL."""

    def __init__(self, store: Store) -> None:
        self.triples: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # graph -> (s, p, o)
        self.index: dict[tuple[str, str, str], list[str]] = defaultdict(list)  # (graph, s, p) -> objects
        for quad in store.quads():
            graph = quad.graph_name.value
            s, p, o = quad.subject.value, quad.predicate.value, quad.object.value
            self.triples[graph].append((s, p, o))
            self.index[graph, s, p].append(o)
        self.plan_of_graph = {graph: s for graph, triples in self.triples.items()
                              for s, p, o in triples if p == RDF_TYPE and o == emo("Plan")}
        self.source = {s: o for graph in self.plan_of_graph for s, p, o in self.triples[graph] if p == SOURCE}
        self.broader: dict[str, set[str]] = defaultdict(set)
        for s, p, o in self.triples[ONTOLOGY_GRAPH]:
            if p == BROADER:
                self.broader[s].add(o)

    def objects(self, graph: str, subject: str, predicate: str) -> list[str]:
        return self.index.get((graph, subject, predicate), [])

    def measures(self, graph: str) -> list[str]:
        return self.objects(graph, self.plan_of_graph[graph], emo("hasMeasure"))

    def ancestors(self, hazard: str) -> set[str]:
        seen, todo = {hazard}, [hazard]
        while todo:
            for parent in self.broader[todo.pop()]:
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def hazard_counts(self, graph: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for measure in self.measures(graph):
            hazards = self.objects(graph, measure, emo("addressesHazard"))
            counts.update(set().union(*[self.ancestors(h) for h in hazards]))
        return counts


@pytest.fixture(scope="module")
def counted(sample_store) -> Counted:
    with Store(sample_store, read_only=True) as store:
        return Counted(store)


def table(report: dict, name: str) -> dict:
    return next(t for section in report["sections"] for t in section["tables"] if t["name"] == name)


def records(report: dict, name: str) -> list[dict]:
    found = table(report, name)
    keys = [column["key"] for column in found["columns"]]
    return [dict(zip(keys, row, strict=True)) for row in found["rows"]]


def graphs_in_column_order(report: dict, counted: Counted) -> list[str]:
    """The plan graph of each plan column (plan:1, plan:2 ...): the overview's order."""
    by_source = {source: graph for graph, plan in counted.plan_of_graph.items()
                 for p, source in counted.source.items() if p == plan}
    return [by_source[row["source"]] for row in records(report, "overview")]


def test_the_report_has_every_section(sample_report):
    assert [s["id"] for s in sample_report["sections"]] == [
        "overview", "hazards", "roles", "deadlines", "targets", "measures", "similarity"]
    for section in sample_report["sections"]:
        for found in section["tables"]:
            assert found["query"] == compare_data.query_text(found["query_name"])


def test_overview_counts_match_the_quads(sample_report, counted):
    rows = records(sample_report, "overview")
    assert len(rows) == len(counted.plan_of_graph) == 5
    for row, graph in zip(rows, graphs_in_column_order(sample_report, counted), strict=True):
        measures = counted.measures(graph)
        plan = counted.plan_of_graph[graph]
        assert row["measures"] == len(measures) > 0
        deadlines = {d for m in measures for d in counted.objects(graph, m, emo("hasDeadline"))}
        targets = {t for m in measures for t in counted.objects(graph, m, emo("hasTarget"))}
        assert (row["deadlines"], row["targets"]) == (len(deadlines), len(targets))
        assert row["agencies"] == len(set(counted.objects(graph, plan, emo("mentionsAgency"))))


def test_hazard_coverage_matches_a_roll_up_in_python(sample_report, counted):
    graphs = graphs_in_column_order(sample_report, counted)
    expected = {graph: counted.hazard_counts(graph) for graph in graphs}
    rows = records(sample_report, "hazard_coverage")
    covered = set().union(*expected.values())
    assert {HZ + row["key"].removeprefix("hz:") for row in rows} == covered
    for row in rows:
        hazard = HZ + row["key"].removeprefix("hz:")
        cells = [row[f"plan:{i}"] for i in range(1, len(graphs) + 1)]
        assert cells == [expected[graph][hazard] for graph in graphs], row["key"]
        assert row["plans"] == sum(1 for cell in cells if cell)
    flood = next(row for row in rows if row["key"] == "hz:hydrological")
    assert flood["plan:1"] >= next(row for row in rows if row["key"] == "hz:flood")["plan:1"]


def test_gaps_are_hazards_a_plan_has_no_measure_about(sample_report, counted):
    graphs = graphs_in_column_order(sample_report, counted)
    labels = [row["plan"] for row in records(sample_report, "overview")]
    gaps = records(sample_report, "hazard_gaps")
    assert gaps
    for gap in gaps:
        graph = graphs[labels.index(gap["plan"])]
        hazard = HZ + gap["key"].removeprefix("hz:")
        assert counted.hazard_counts(graph)[hazard] == 0
        peers = [g for g in graphs if g != graph and counted.hazard_counts(g)[hazard]]
        assert gap["peers"] == len(peers) >= 2  # at least half of the four peers


@pytest.fixture(scope="module")
def exported(sample_store):
    """The sample store as an rdflib Dataset (union of its graphs), from an N-Quads export."""
    from rdflib import Dataset

    with Store(sample_store, read_only=True) as store:
        data = store.export("nquads")
    dataset = Dataset(default_union=True)
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    return dataset


def test_function_roles_match_the_shortcut_properties(sample_report, counted, exported):
    # The report counts Responsibility nodes (emo:role); count the shortcuts emo:leadAgency and
    # emo:supportingAgency instead, with rdflib.
    query = """
        PREFIX emo: <https://w3id.org/emkg/ontology#>
        SELECT ?source ?function ?kind (COUNT(DISTINCT ?m) AS ?n) WHERE {
          ?plan dcterms:source ?source ; emo:hasMeasure ?m .
          { ?m emo:leadAgency ?a . BIND("lead" AS ?kind) }
          UNION { ?m emo:supportingAgency ?a . BIND("support" AS ?kind) }
          OPTIONAL { ?a emo:agencyFunction ?function }
        } GROUP BY ?source ?function ?kind"""
    rows = exported.query(query, initNs={"dcterms": "http://purl.org/dc/terms/"})
    expected = {(str(row.source), compact(str(row.function)) if row.function else None, str(row.kind)):
                int(row.n) for row in rows}
    sources = [row["source"] for row in records(sample_report, "overview")]
    found = {}
    for row in records(sample_report, "function_roles"):
        for i, source in enumerate(sources, 1):
            for kind in ("lead", "support"):
                if row[f"plan:{i}:{kind}"]:
                    found[source, row["key"], kind] = row[f"plan:{i}:{kind}"]
    assert found == expected
    assert sum(found.values()) > 20


def test_hazard_leads_match_python(sample_report, counted):
    lead_table = table(sample_report, "hazard_lead_functions")
    hazard = HZ + lead_table["bindings"]["hazard"].removeprefix("hz:")
    graphs = graphs_in_column_order(sample_report, counted)
    function_of = {s: o for triples in counted.triples.values() for s, p, o in triples
                   if p == emo("agencyFunction")}
    expected: Counter[tuple[str, str | None]] = Counter()
    for graph in graphs:
        for measure in counted.measures(graph):
            hazards = set().union(*[counted.ancestors(h)
                                    for h in counted.objects(graph, measure, emo("addressesHazard"))])
            if hazard in hazards:
                for agency in set(counted.objects(graph, measure, emo("leadAgency"))):
                    function = function_of.get(agency)
                    expected[graph, compact(function) if function else None] += 1
    keys = [column["key"] for column in lead_table["columns"]]
    found = Counter()
    for row in lead_table["rows"]:
        cells = dict(zip(keys, row, strict=True))
        for i, graph in enumerate(graphs, 1):
            if cells[f"plan:{i}"]:
                found[graph, cells["key"]] = cells[f"plan:{i}"]
    assert found == expected and found


def test_deadline_months_and_specificity_match_python(sample_report, counted):
    graphs = graphs_in_column_order(sample_report, counted)
    rows = records(sample_report, "deadline_months")
    for row, graph in zip(rows, graphs, strict=True):
        deadlines = {d for m in counted.measures(graph)
                     for d in counted.objects(graph, m, emo("hasDeadline"))}
        dues = [counted.objects(graph, d, emo("dueDate")) for d in deadlines]
        months = Counter(due[0][:7] if due else "unresolved" for due in dues)
        shown = {key: value for key, value in row.items() if key not in ("plan", "total") and value}
        assert shown == dict(months)
        assert row["total"] == len(deadlines)
    for row, graph in zip(records(sample_report, "specificity"), graphs, strict=True):
        measures = counted.measures(graph)
        with_deadline = sum(1 for m in measures if counted.objects(graph, m, emo("hasDeadline")))
        with_agency = sum(1 for m in measures if counted.objects(graph, m, emo("leadAgency"))
                          or counted.objects(graph, m, emo("supportingAgency")))
        assert (row["with_deadline"], row["with_agency"]) == (with_deadline, with_agency)
        assert row["deadline_share"] == pytest.approx(with_deadline / len(measures), abs=1e-4)


def test_targets_and_measures_are_all_listed(sample_report, counted):
    graphs = graphs_in_column_order(sample_report, counted)
    labels = [row["plan"] for row in records(sample_report, "overview")]
    targets = Counter(row["plan"] for row in records(sample_report, "targets"))
    for label, graph in zip(labels, graphs, strict=True):
        assert targets[label] == len({t for m in counted.measures(graph)
                                      for t in counted.objects(graph, m, emo("hasTarget"))})
    side = records(sample_report, "targets_side_by_side")
    groups = {row["group"] for row in records(sample_report, "targets")}
    assert sorted(row["group"] for row in side) == sorted(groups)
    summary = records(sample_report, "measure_summary")
    distinctive = Counter(row["plan"] for row in records(sample_report, "distinctive_measures"))
    shared = Counter(row["plan"] for row in records(sample_report, "shared_measures"))
    for row, graph in zip(summary, graphs, strict=True):
        assert row["measures"] == len(counted.measures(graph))
        assert row["distinctive"] == distinctive[row["plan"]]
        assert row["shared"] == shared[row["plan"]] == row["measures"] - row["distinctive"]


def test_plan_similarity_is_a_symmetric_matrix_and_a_ranked_list(sample_report):
    labels = [row["plan"] for row in records(sample_report, "overview")]
    matrix = {row["plan"]: [row[f"plan:{i}"] for i in range(1, 6)]
              for row in records(sample_report, "plan_similarity")}
    for i, a in enumerate(labels):
        assert matrix[a][i] == 1.0
        for j, b in enumerate(labels):
            assert matrix[a][j] == matrix[b][i] and 0 <= matrix[a][j] <= 1
    pairs = records(sample_report, "plan_pairs")
    assert len(pairs) == 10
    scores = [row["text"] for row in pairs]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == matrix[pairs[0]["plan_a"]][labels.index(pairs[0]["plan_b"])]


def test_csv_holds_the_same_cells_as_json(sample_store, sample_report):
    import csv
    import io

    result = CliRunner().invoke(cli, ["compare", "--store", str(sample_store), "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = {(row["table"], int(row["row"]), row["column"]): row["value"]
             for row in csv.DictReader(io.StringIO(result.output))}
    for name in ("overview", "hazard_coverage", "function_roles"):
        for number, record in enumerate(records(sample_report, name), 1):
            for key, value in record.items():
                assert cells[name, number, key] == ("" if value is None else str(value))


def test_the_sample_report_renders_chinese(sample_store, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["compare", "--store", str(sample_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page and '<html lang="zh-Hans">' in page
    for text in ("广州市", "浙江省", "义乌市", "大武口区", "灾种覆盖", "Hazard coverage", "洪涝 Flood"):
        assert text in page
    assert "<script" not in page and "http-equiv" not in page and "<link" not in page


# --- hand-made plans -----------------------------------------------------------------------------


@pytest.fixture
def duplicates_store(fixtures) -> Iterator[Store]:
    with Store() as store:
        yield fixtures.fill(store, fixtures.specs("near_duplicates"))


def test_near_duplicates_are_grouped_and_nothing_else(fixtures, duplicates_store):
    expected = defaultdict(set)
    for spec in fixtures.specs("near_duplicates"):
        for measure in spec["measures"]:
            if "group" in measure:
                expected[measure["group"]].add((spec["jurisdiction"], measure["number"]))
    report = compare(duplicates_store)
    groups = defaultdict(set)
    for row in report.table("shared_measures").records():
        groups[row["group"]].add((row["plan"].split()[0], row["item"]))
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, expected.values()))
    distinctive = {(row["plan"].split()[0], row["item"])
                   for row in report.table("distinctive_measures").records()}
    everything = {(spec["jurisdiction"], m["number"]) for spec in fixtures.specs("near_duplicates")
                  for m in spec["measures"]}
    assert distinctive == everything - set().union(*expected.values())
    nearest = report.table("distinctive_measures").column("nearest")
    assert max(nearest) < 0.2  # unrelated measures are far below the threshold


def test_a_higher_threshold_splits_the_loosest_group(duplicates_store):
    loose = compare(duplicates_store, threshold=0.35).table("shared_measures")
    strict = compare(duplicates_store, threshold=0.7).table("shared_measures")
    assert len(set(strict.column("group"))) < len(set(loose.column("group")))
    assert min(strict.column("similarity")) >= 0.7


def test_shared_measures_carry_their_evidence(duplicates_store):
    report = compare(duplicates_store)
    for row in report.table("shared_measures").records():
        text = duplicates_store.query(
            "SELECT ?m ?exact WHERE { ?m emo:evidence/oa:hasSelector/oa:exact ?exact }",
            substitutions={"m": __import__("pyoxigraph").NamedNode(row["iri"])})
        assert [solution["exact"].value for solution in text] == [row["text"]]
        assert row["end"] - row["start"] == len(row["text"])


def test_plan_selection_and_hazard_choice(duplicates_store):
    report = compare(duplicates_store, ["jia-2023.txt", "bing-2023.txt"], hazard="flood")
    assert report.table("overview").column("plan") == ["甲市 2023", "丙县 2023"]
    leads = report.table("hazard_lead_functions")
    assert leads.bindings == {"hazard": "hz:flood"}
    assert leads.records() == [{"function": "水利水务 Water resources", "key": "fn:water_resources",
                                "plan:1": 1, "plan:2": 1}]
    agencies = {row["agency"] for row in report.table("hazard_lead_agencies").records()}
    assert agencies == {"甲市水务局", "丙县水利局"}
    # the only shared group between these two is the forest-fire pair and the flood drill
    assert len(set(report.table("shared_measures").column("group"))) == 2
    with pytest.raises(QueryError, match="unknown hazard 'nope'"):
        compare(duplicates_store, hazard="nope")
    with pytest.raises(StoreError, match=r"no plan 'missing\.txt'"):
        compare(duplicates_store, ["missing.txt"])


def test_an_empty_store_is_an_error():
    with Store() as store, pytest.raises(StoreError, match="holds no plans"):
        compare(store)


def test_gaps_list_the_broadest_missing_hazard(duplicates_store):
    gaps = compare(duplicates_store).table("hazard_gaps").records()
    # 丙县 has no gas measure (乙市 has): listed as 燃气事故; 甲市 and 丙县 have no earthquake measure
    found = {(row["plan"], row["key"]) for row in gaps}
    assert ("甲市 2023", "hz:geological") in found  # not hz:earthquake too: its broader hazard is missing
    assert ("甲市 2023", "hz:earthquake") not in found


def test_versions_added_dropped_kept(fixtures):
    specs = fixtures.specs("versions")
    with Store() as store:
        fixtures.fill(store, specs)
        assert version_pairs(store) == [(store.resolve_plan("jia-2023-points.txt"),
                                         store.resolve_plan("jia-2024-points.txt"))]
        # given in the wrong order, the earlier year still comes first
        assert version_pairs(store, ["jia-2024-points.txt", "jia-2023-points.txt"]) == version_pairs(store)
        report = compare_versions(store)
    old, new = ({m["key"]: m for m in spec["measures"]} for spec in specs)
    kept = report.table("kept").records()
    assert {(row["old_item"], row["new_item"], row["status"]) for row in kept} == {
        (old[key]["number"], new[key]["number"], new[key]["change"]) for key in old.keys() & new.keys()}
    dropped = [m["number"] for m in old.values() if m["change"] == "dropped"]
    added = [m["number"] for m in new.values() if m["change"] == "added"]
    assert report.table("dropped").column("item") == dropped
    assert report.table("added").column("item") == added
    summary = dict(report.table("version_summary").rows)
    assert summary["保留（有修改） kept, revised"] == 1 and summary["新增 added"] == 2
    change = {row["key"]: row["change"] for row in report.table("hazard_change").records()}
    assert change["hz:typhoon"] == 1 and change["hz:flood"] == 0


def test_no_versions_among_plans_of_different_places(duplicates_store):
    with pytest.raises(QueryError, match="--plan OLD --plan NEW"):
        version_pairs(duplicates_store)


def test_every_query_runs_the_same_in_rdflib(duplicates_store):
    # The report shows each query with its PREFIX lines: it must run as shown on another SPARQL engine.
    import pyoxigraph
    from rdflib import Dataset, URIRef

    dataset = Dataset(default_union=True)
    dataset.parse(data=duplicates_store.export("nquads").decode("utf-8"), format="nquads")
    flood = HZ + "flood"
    for name in compare_data.QUERY_NAMES:
        bound = {"hazard": URIRef(flood)} if name == "hazard_leads" else None
        theirs = dataset.query(with_prefixes(compare_data.query_text(name)), initBindings=bound)
        ours = compare_data.select(duplicates_store, name,
                                   {"hazard": pyoxigraph.NamedNode(flood)} if bound else None)
        variables = [str(v) for v in theirs.vars]

        def as_text(rows, variables=variables):
            return Counter(tuple("" if row[v] is None else str(row[v]) for v in variables) for row in rows)

        assert as_text(theirs) == as_text(ours), name


# --- escaping and rendering ----------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> "onerror=alert(2) </textarea> {{ 7*7 }} <img src=x onerror=alert(3)>'


@pytest.fixture
def hostile_report(fixtures):
    specs = fixtures.specs("near_duplicates")
    hostile = json.loads(json.dumps(specs[0]))
    hostile.update(source="evil.txt", title=f"恶意{HOSTILE}", jurisdiction="<b>某镇</b>", level="town")
    hostile["measures"][0]["text"] = "开展防汛应急演练，检验防汛抢险队伍快速响应能力" + HOSTILE
    hostile["measures"][1]["lead"] = [[f"<i>局</i>{HOSTILE}", "emergency_management"]]
    with Store() as store:
        fixtures.fill(store, [specs[0], hostile])
        return compare(store, hazard="hazardous_chemicals")


def test_html_escapes_document_text(hostile_report):
    page = render(hostile_report, "html")
    assert "<script" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;onerror=alert(2)" in page and "&lt;/textarea&gt;" in page
    assert "{{ 7*7 }}" in page  # shown as written: nothing renders templates
    assert "&lt;b&gt;某镇&lt;/b&gt;" in page


def test_markdown_escapes_document_text(hostile_report):
    page = render(hostile_report, "md")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    for line in page.splitlines():
        if line.startswith("| "):
            assert line.endswith(" |")


def test_json_and_csv_keep_the_text_as_it_is(hostile_report):
    document = json.loads(render(hostile_report, "json"))
    texts = [cell for section in document["sections"] for t in section["tables"] for row in t["rows"]
             for cell in row if isinstance(cell, str)]
    assert any(HOSTILE in text for text in texts)
    assert HOSTILE.replace('"', '""') in render(hostile_report, "csv")


def test_unknown_format_is_refused(hostile_report):
    with pytest.raises(ValueError, match="use one of html, md, csv, json"):
        render(hostile_report, "pdf")


def _chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           *args], capture_output=True, text=True, timeout=90, check=False)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium")
def test_chromium_renders_the_report_as_text(hostile_report, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(hostile_report, "html"), encoding="utf-8")
    dom = _chromium("--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr
    assert "<title>应急管理规划跨地区比较 Cross-city comparison" in dom.stdout
    assert "<script" not in dom.stdout and "<img" not in dom.stdout  # the markup stayed text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom.stdout
    shot = tmp_path / "report.png"
    result = _chromium(f"--screenshot={shot}", "--window-size=1200,1400", page.as_uri())
    assert result.returncode == 0 and shot.exists(), result.stderr
    image = pytest.importorskip("PIL.Image").open(shot).convert("L")
    ink = sum(1 for value in image.getdata() if value < 128)
    assert ink > 0.01 * image.width * image.height  # text and heat-map cells were drawn
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
        if not fonts.strip():
            pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk): Chinese may show as boxes")
