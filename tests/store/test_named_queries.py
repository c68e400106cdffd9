"""kg.store.named and kg/store/queries/*.rq: each named query run on the five samples, against rows worked
out without SPARQL (plain Python over the store's exported N-Quads), and parameters bound as terms."""

from __future__ import annotations

import datetime
import time
from collections import Counter, defaultdict
from collections.abc import Iterable

import pyoxigraph
import pytest

from kg.errors import QueryError, StoreError
from kg.rdf.namespaces import EMO_IRI, HZ, ONTOLOGY_GRAPH, PREFIXES
from kg.store import Store
from kg.store.named import (
    PARAMETER_TYPES,
    Parameter,
    named_queries,
    named_query,
    parse_named_query,
    run_named,
    to_term,
    with_values,
)
from kg.store.results import execute

RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL = PREFIXES["rdfs"] + "label"
SKOS = PREFIXES["skos"]
DCT = PREFIXES["dcterms"]
OA = PREFIXES["oa"]
PLAN_000 = "000_384322916ba60cf2.txt"
INJECTION = '" } ; DROP ALL ; {'

THE_TEN = ("agencies_for_hazard", "deadlines_between", "agency_workload", "hazards_by_plan",
           "measures_without_agency", "measures_without_deadline", "targets", "agencies_together",
           "measures_with_keyword", "agency_profile", "measure_profile", "plan_timeline")


def emo(name: str) -> str:
    return EMO_IRI + name


class Facts:
    """The triples of an N-Quads export, indexed for plain-Python look-ups (values as text)."""

    def __init__(self, nquads: bytes) -> None:
        self.spo: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.pos: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.tags: dict[tuple[str, str], str | None] = {}
        for quad in pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS):
            s, p, o = quad.subject.value, quad.predicate.value, quad.object.value
            self.spo[s][p].add(o)
            self.pos[p][o].add(s)
            if isinstance(quad.object, pyoxigraph.Literal):
                self.tags[(s, p, o)] = quad.object.language

    def objects(self, s: str, p: str) -> set[str]:
        return set(self.spo.get(s, {}).get(p, set()))

    def one(self, s: str, p: str) -> str | None:
        values = self.objects(s, p)
        assert len(values) <= 1, (s, p, values)
        return next(iter(values), None)

    def subjects(self, p: str, o: str) -> set[str]:
        return set(self.pos.get(p, {}).get(o, set()))

    def instances(self, cls: str) -> set[str]:
        return self.subjects(RDF_TYPE, cls)

    def zh(self, s: str, p: str) -> str | None:
        return next((o for o in self.objects(s, p) if self.tags.get((s, p, o)) == "zh"), None)

    def plan_of(self) -> dict[str, str]:
        return {m: plan for plan in self.instances(emo("Plan"))
                for m in self.objects(plan, emo("hasMeasure"))}

    def source(self, plan: str) -> str:
        value = self.one(plan, DCT + "source")
        assert value is not None
        return value

    def ancestors(self, concept: str) -> set[str]:
        seen, todo = {concept}, [concept]
        while todo:
            for parent in self.objects(todo.pop(), SKOS + "broader"):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def agencies(self, measure: str, role: str) -> set[str]:
        return self.objects(measure, emo("leadAgency" if role == "lead" else "supportingAgency"))

    def label(self, agency: str) -> str:
        value = self.one(agency, LABEL)
        assert value is not None
        return value


@pytest.fixture(scope="module")
def facts(sample_nquads) -> Facts:
    return Facts(sample_nquads)


@pytest.fixture(scope="module")
def store(sample_store):
    with Store(sample_store, read_only=True) as store:
        yield store


def run(store: Store, name: str, **values: str) -> list[dict[str, object]]:
    return named_query(name).run(store, values).records()


# --- the files ---------------------------------------------------------------------------------------


def test_the_library_has_the_queries_users_ask_for():
    queries = named_queries()
    assert set(THE_TEN) <= set(queries)
    for query in queries.values():
        assert query.description and query.summary, query.name
        assert all(p.type in PARAMETER_TYPES and p.description for p in query.parameters), query.name


def test_a_header_is_parsed_into_description_and_typed_parameters():
    query = parse_named_query("x", "# Counts things.\n# Over two lines.\n#\n"
                                   "# @param when (date, default today+7): the day\n"
                                   "# @param who (agency, optional): the body\n"
                                   "# @param what (string): the text\nSELECT ?when ?who ?what\nWHERE {}\n")
    assert query.description == "Counts things. Over two lines."
    assert [(p.name, p.type, p.default, p.required) for p in query.parameters] == [
        ("when", "date", "today+7", False), ("who", "agency", None, False), ("what", "string", None, True)]
    with pytest.raises(QueryError, match="unknown type 'colour'"):
        parse_named_query("y", "# @param c (colour): x\nSELECT ?c {}")
    with pytest.raises(QueryError, match="cannot read"):
        parse_named_query("y", "# @param c colour\nSELECT ?c {}")
    with pytest.raises(QueryError, match="on a line of its own"):
        parse_named_query("y", "# @param c (string): x\nSELECT ?c {}")


def a_value_of_each_type(facts: Facts) -> dict[str, str]:
    measure = min(facts.instances(emo("Measure")))
    agency = min(facts.objects(m, emo("leadAgency")).pop() for m in facts.instances(emo("Measure"))
                 if facts.objects(m, emo("leadAgency")))
    return {"hazard": "flood", "plan": PLAN_000, "agency": agency, "iri": measure, "date": "2019-06-30",
            "string": "应急", "integer": "1"}


def test_every_parameter_can_be_bound(store, facts):
    """pyoxigraph refuses to substitute a variable the query does not select: bind every parameter."""
    by_type = a_value_of_each_type(facts)
    for query in named_queries().values():
        values = {p.name: by_type[p.type] for p in query.parameters}
        started = time.monotonic()
        result = query.run(store, values, timeout=30)
        # fast on the samples: a value pyoxigraph does not push into the patterns would make this seconds
        assert time.monotonic() - started < 2, query.name
        assert not set(values) & set(result.variables), query.name  # the parameters' columns are dropped


def test_values_written_into_the_query_mean_what_substitutions_mean(store, facts):
    """run() puts the values in a VALUES block; the same file run with pyoxigraph's substitutions
    (``kg query FILE.rq --param``) gives the same rows, in the same order."""
    by_type = a_value_of_each_type(facts) | {"from": "2019-01-01", "to": "2021-12-31", "unit": "%"}

    def rows(result) -> list[tuple]:  # GROUP_CONCAT joins in no set order
        return [tuple("、".join(sorted(str(term).split("、"))) for term in row) for row in result.rows]

    for query in named_queries().values():
        answered = False
        for given in (query.parameters, [p for p in query.parameters if p.required]):
            values = {p.name: by_type.get(p.name, by_type[p.type]) for p in given}
            bound = query.bind(store, values)
            substituted = execute(store, query.text, substitutions=bound)
            written = execute(store, with_values(query.text, bound))
            assert "VALUES" in with_values(query.text, bound) or not bound
            assert rows(written) == rows(substituted), (query.name, values)
            answered = answered or bool(written.rows)
        assert answered, query.name


def test_a_value_written_into_a_query_stays_a_value(store):
    text = "SELECT ?keyword ?n\nWHERE {\n  BIND(STRLEN(?keyword) AS ?n)\n}"
    bound = {"keyword": pyoxigraph.Literal(INJECTION + '\\ \n')}
    assert execute(store, with_values(text, bound)).records() == [{"keyword": INJECTION + '\\ \n', "n": 21}]


# --- 1. agencies for a hazard, narrower ones included -----------------------------------------------


def expected_agencies_for_hazard(facts: Facts, hazard: str, plans: Iterable[str] | None = None) -> set:
    measures: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for plan in plans or facts.instances(emo("Plan")):
        for m in facts.objects(plan, emo("hasMeasure")):
            if not any(hazard in facts.ancestors(h) for h in facts.objects(m, emo("addressesHazard"))):
                continue
            for role in ("lead", "support"):
                for agency in facts.agencies(m, role):
                    measures[(facts.source(plan), facts.label(agency), role)].add(m)
    return {(*key, len(found)) for key, found in measures.items()}


def as_tuples(rows: list[dict[str, object]], *columns: str) -> set[tuple]:
    return {tuple(row.get(column) for column in columns) for row in rows}


def test_agencies_for_a_hazard_include_narrower_hazards(store, facts):
    expected = expected_agencies_for_hazard(facts, HZ + "flood")
    rows = run(store, "agencies_for_hazard", hazard="flood")
    assert as_tuples(rows, "source", "agency", "role", "measures") == expected
    assert len(expected) >= 5
    # measures tagged only with a narrower hazard (urban waterlogging ...) count for flood
    narrower = {h for h in facts.instances(SKOS + "Concept") if HZ + "flood" in facts.ancestors(h)}
    tagged = {h for m in facts.instances(emo("Measure")) for h in facts.objects(m, emo("addressesHazard"))}
    narrower.discard(HZ + "flood")
    assert narrower & tagged


def test_agencies_for_a_hazard_by_name_and_in_one_plan(store, facts):
    everywhere = run(store, "agencies_for_hazard", hazard="flood")
    assert run(store, "agencies_for_hazard", hazard="洪涝") == everywhere
    assert run(store, "agencies_for_hazard", hazard="hz:flood") == everywhere
    plan = store.resolve_plan(PLAN_000)
    rows = run(store, "agencies_for_hazard", hazard="flood", plan=PLAN_000)
    assert as_tuples(rows, "source", "agency", "role", "measures") == expected_agencies_for_hazard(
        facts, HZ + "flood", [plan])
    assert rows and {row["source"] for row in rows} == {PLAN_000}


# --- 2. deadlines between two dates --------------------------------------------------------------------


def test_deadlines_between_two_dates(store, facts):
    start, end = datetime.date(2019, 3, 1), datetime.date(2019, 6, 30)
    plan_of = facts.plan_of()
    expected = set()
    for m in facts.instances(emo("Measure")):
        for d in facts.objects(m, emo("hasDeadline")):
            due = facts.one(d, emo("dueDate"))
            if due and start <= datetime.date.fromisoformat(due) <= end:
                expected.add((datetime.date.fromisoformat(due), facts.one(d, emo("deadlineText")),
                              facts.source(plan_of[m]), facts.one(m, emo("text")),
                              frozenset(map(facts.label, facts.agencies(m, "lead"))),
                              frozenset(map(facts.label, facts.agencies(m, "support")))))
    rows = run(store, "deadlines_between", **{"from": "2019-03-01", "to": "2019-06-30"})
    got = {(row["due"], row["deadline"], row["source"], row["text"],
            frozenset(filter(None, str(row.get("lead") or "").split("、"))),
            frozenset(filter(None, str(row.get("support") or "").split("、")))) for row in rows}
    assert got == expected
    assert len(rows) == len(expected) >= 10
    assert [row["due"] for row in rows] == sorted(row["due"] for row in rows)  # soonest first


def test_deadlines_default_to_the_next_90_days(store):
    query = named_query("deadlines_between")
    bound = query.bind(store, {})
    today = datetime.date.today()
    assert bound["from"].value == today.isoformat()
    assert bound["to"].value == (today + datetime.timedelta(days=90)).isoformat()


# --- 3. an agency's workload ---------------------------------------------------------------------------


def workload(facts: Facts) -> dict[tuple[str, str], tuple[int, int, int]]:
    plan_of = facts.plan_of()
    leads: dict[tuple[str, str], set[str]] = defaultdict(set)
    supports: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m, plan in plan_of.items():
        for agency in facts.agencies(m, "lead"):
            leads[(agency, plan)].add(m)
        for agency in facts.agencies(m, "support"):
            supports[(agency, plan)].add(m)
    return {key: (len(leads[key]), len(supports[key]), len(leads[key] | supports[key]))
            for key in set(leads) | set(supports)}


def test_an_agencys_workload_per_plan(store, facts):
    loads = workload(facts)
    busiest = max({agency for agency, _ in loads},
                  key=lambda a: (min(sum(v[0] for (x, _), v in loads.items() if x == a),
                                     sum(v[1] for (x, _), v in loads.items() if x == a)), a))
    expected = {(facts.label(busiest), facts.source(plan), *counts)
                for (agency, plan), counts in loads.items() if agency == busiest}
    rows = run(store, "agency_workload", agency=facts.label(busiest))
    assert as_tuples(rows, "name", "source", "leads", "supports", "measures") == expected
    assert any(row["leads"] and row["supports"] for row in rows)


def test_every_agencys_workload_busiest_first(store, facts):
    loads = workload(facts)
    expected = {(facts.label(agency), facts.source(plan), *counts)
                for (agency, plan), counts in loads.items()}
    rows = run(store, "agency_workload")
    assert as_tuples(rows, "name", "source", "leads", "supports", "measures") == expected
    assert [row["measures"] for row in rows] == sorted((row["measures"] for row in rows), reverse=True)


# --- 4. hazards x plans ----------------------------------------------------------------------------------


def test_hazards_by_plan(store, facts):
    counts: Counter = Counter()
    for m, plan in facts.plan_of().items():
        for hazard in facts.objects(m, emo("addressesHazard")):
            counts[(hazard, facts.source(plan))] += 1
    rows = run(store, "hazards_by_plan")
    assert {(row["hazard"], row["source"]): row["measures"] for row in rows} == dict(counts)
    assert all(row["label"] for row in rows)


# --- 5. measures with no agency, with no deadline ----------------------------------------------------------


def test_measures_with_no_responsible_agency(store, facts):
    expected = {m for m in facts.instances(emo("Measure"))
                if not facts.agencies(m, "lead") and not facts.agencies(m, "support")}
    rows = run(store, "measures_without_agency")
    assert {row["measure"] for row in rows} == expected
    assert 0 < len(expected) < len(facts.instances(emo("Measure")))
    in_one = run(store, "measures_without_agency", plan=PLAN_000)
    assert {row["source"] for row in in_one} == {PLAN_000}
    assert {row["measure"] for row in in_one} == expected & facts.objects(store.resolve_plan(PLAN_000),
                                                                           emo("hasMeasure"))


def test_measures_with_no_deadline(store, facts):
    expected = {m for m in facts.instances(emo("Measure")) if not facts.objects(m, emo("hasDeadline"))}
    rows = run(store, "measures_without_deadline")
    assert {row["measure"] for row in rows} == expected
    assert 0 < len(expected) < len(facts.instances(emo("Measure")))


# --- 6. targets for an indicator or unit -------------------------------------------------------------------


def test_targets_for_a_unit_or_an_indicator(store, facts):
    targets = facts.instances(emo("Target"))
    assert {row["target"] for row in run(store, "targets")} == targets
    percent = {t for t in targets if facts.one(t, emo("unit")) == "%"}
    assert {row["target"] for row in run(store, "targets", unit="%")} == percent
    assert 0 < len(percent) < len(targets)
    deaths = {t for t in targets
              if "死亡" in (facts.one(t, emo("indicator")) or "") + (facts.one(t, emo("text")) or "")}
    rows = run(store, "targets", indicator="死亡")
    assert {row["target"] for row in rows} == deaths and deaths
    both = run(store, "targets", indicator="死亡", unit="%")
    assert {row["target"] for row in both} == deaths & percent
    assert all(isinstance(row["value"], float) for row in rows if "value" in row)


# --- 7. agencies assigned together ---------------------------------------------------------------------


def test_agencies_assigned_together(store, facts):
    plan_of = facts.plan_of()
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in facts.instances(emo("Measure")):
        assigned = facts.agencies(m, "lead") | facts.agencies(m, "support")
        for a in assigned:
            for b in assigned - {a}:
                shared[(a, b)].add(m)
    expected_all = {(facts.label(a), facts.label(b), len(ms), len({plan_of[m] for m in ms}))
                    for (a, b), ms in shared.items()}
    rows = run(store, "agencies_together")
    assert as_tuples(rows, "name", "partner", "measures", "plans") == expected_all
    agency = max({a for a, _ in shared},
                 key=lambda a: (sum(len(ms) for (x, _), ms in shared.items() if x == a), a))
    rows = run(store, "agencies_together", agency=agency)
    assert as_tuples(rows, "name", "partner", "measures", "plans") == {
        row for row in expected_all if row[0] == facts.label(agency)}


# --- 8. measures containing a keyword; parameters are terms -------------------------------------------


def test_measures_with_a_keyword(store, facts):
    plan_of = facts.plan_of()
    expected = {(facts.source(plan_of[m]), facts.one(m, emo("itemNumber")), int(facts.one(m, emo("ordinal"))))
                for m in facts.instances(emo("Measure")) if "防汛" in facts.one(m, emo("text"))}
    rows = run(store, "measures_with_keyword", keyword="防汛")
    assert as_tuples(rows, "source", "item", "ordinal") == expected and len(expected) >= 5
    assert all("防汛" in row["text"] for row in rows)


@pytest.mark.parametrize("value", [INJECTION, '") } DROP ALL #', "\\", "'}", "\n} ; CLEAR ALL ; {\n",
                                   "?text"])
def test_a_parameter_is_only_ever_a_value(store, value):
    """A value that would break out of a string pasted into SPARQL is just a string that matches nothing."""
    size = len(store)
    assert run(store, "measures_with_keyword", keyword=value) == []
    assert run(store, "targets", indicator=value) == []
    assert len(store) == size


def test_a_malicious_value_for_a_looked_up_parameter_is_refused(store):
    with pytest.raises(StoreError, match="no plan"):
        run(store, "measures_without_agency", plan=INJECTION)
    with pytest.raises(QueryError, match="no agency"):
        run(store, "agency_workload", agency=INJECTION)
    with pytest.raises(QueryError, match="no hazard"):
        run(store, "agencies_for_hazard", hazard=INJECTION)
    with pytest.raises(QueryError, match="not an IRI"):
        run(store, "measure_profile", measure="<x> } DROP ALL { <y>")


# --- 9. everything about one agency, one measure ---------------------------------------------------------


def test_an_agencys_profile_with_its_source_text(store, facts):
    responsibilities = facts.instances(emo("Responsibility"))
    agency = max(facts.instances(emo("Agency")),
                 key=lambda a: (sum(a in facts.objects(r, emo("agency")) for r in responsibilities), a))
    mine = {r for r in responsibilities if agency in facts.objects(r, emo("agency"))}
    rows = run(store, "agency_profile", agency=facts.label(agency))
    by_aspect: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_aspect[str(row["aspect"])].append(row)
    assert [row["value"] for row in by_aspect["name"]] == [facts.label(agency)]
    assert {row["value"] for row in by_aspect["other name"]} == facts.objects(agency, SKOS + "altLabel")
    quotes = Counter()
    for r in mine:
        for evidence in facts.objects(r, emo("evidence")):
            for selector in facts.objects(evidence, OA + "hasSelector"):
                quotes.update(facts.objects(selector, OA + "exact"))
    assigned = by_aspect["lead"] + by_aspect["support"]
    assert Counter(row["quote"] for row in assigned) == quotes and len(assigned) == len(mine) >= 3
    assert all(row["value"] and row["source"] and row["end"] > row["start"] for row in assigned)
    mentions = facts.objects(agency, emo("evidence"))
    assert len(by_aspect["mention"]) == len(mentions)
    # a mention inside a measure comes with that measure's text
    assert any(row.get("value") and row["quote"] in row["value"] for row in by_aspect["mention"])


def test_an_agency_named_in_several_plans_is_described_once(store, facts):
    """Each plan's graph describes the agencies it names, so a national agency's name and function are in
    many graphs: the profile lists each fact once, not once per plan (nor once per plan and parent)."""
    plans = facts.instances(emo("Plan"))
    agency = max(facts.instances(emo("Agency")),
                 key=lambda a: (sum(a in facts.objects(p, emo("mentionsAgency")) for p in plans), a))
    assert sum(agency in facts.objects(p, emo("mentionsAgency")) for p in plans) >= 2
    rows = run(store, "agency_profile", agency=facts.label(agency))
    keys = [tuple(sorted(row.items())) for row in rows]
    assert len(keys) == len(set(keys))
    assert [row["value"] for row in rows if row["aspect"] == "name"] == [facts.label(agency)]
    mentions = [row for row in rows if row["aspect"] == "mention"]
    assert len(mentions) == len(facts.objects(agency, emo("evidence")))


def test_a_measures_profile_with_its_source_text(store, facts):
    measures = facts.instances(emo("Measure"))
    measure = max(measures, key=lambda m: (len(facts.objects(m, emo("hasDeadline"))),
                                           len(facts.agencies(m, "lead")), m))
    rows = run(store, "measure_profile", measure=measure)
    values = defaultdict(list)
    for row in rows:
        values[row["aspect"]].append(row["value"])
    assert values["text"] == [facts.one(measure, emo("text"))]
    assert sorted(values["deadline"]) == sorted(facts.one(d, emo("deadlineText"))
                                                for d in facts.objects(measure, emo("hasDeadline")))
    assert sorted(values["lead"]) == sorted(map(facts.label, facts.agencies(measure, "lead")))
    assert sorted(values["hazard"]) == sorted(facts.zh(h, SKOS + "prefLabel")
                                              for h in facts.objects(measure, emo("addressesHazard")))
    text_row = next(row for row in rows if row["aspect"] == "text")
    assert text_row["quote"] == text_row["value"]
    assert text_row["end"] - text_row["start"] == len(text_row["quote"])
    compact = "id:" + measure.removeprefix(PREFIXES["id"])
    assert run(store, "measure_profile", measure=compact) == rows


# --- 10. a plan's timeline -------------------------------------------------------------------------------


def test_a_plans_timeline_by_month(store, facts):
    plan = store.resolve_plan(PLAN_000)
    deadlines: Counter = Counter()
    measures: dict[str, set[str]] = defaultdict(set)
    for m in facts.objects(plan, emo("hasMeasure")):
        for d in facts.objects(m, emo("hasDeadline")):
            due = facts.one(d, emo("dueDate"))
            month = due[:7] if due else "undated"
            deadlines[month] += 1
            measures[month].add(m)
    rows = run(store, "plan_timeline", plan=PLAN_000)
    assert {row["month"]: (row["deadlines"], row["measures"]) for row in rows} == {
        month: (count, len(measures[month])) for month, count in deadlines.items()}
    assert [row["month"] for row in rows] == sorted(deadlines)
    assert sum(row["deadlines"] for row in rows) == 25  # kg list: the 2019 provincial plan has 25 deadlines


# --- errors ------------------------------------------------------------------------------------------------


def test_parameter_errors_say_what_to_do(store):
    with pytest.raises(QueryError, match="needs --param plan="):
        run(store, "plan_timeline")
    with pytest.raises(QueryError, match="has no parameter 'colour': its parameters are plan"):
        run(store, "plan_timeline", colour="red")
    with pytest.raises(QueryError, match="not a date"):
        run(store, "deadlines_between", **{"from": "31/3/2019"})
    with pytest.raises(QueryError, match="close: flood"):
        run(store, "agencies_for_hazard", hazard="flod")
    with pytest.raises(QueryError, match="did you mean plan_timeline"):
        named_query("plan_timelin")
    with pytest.raises(QueryError, match="not a whole number"):
        to_term(store, Parameter("n", "integer"), "1.5")
    assert to_term(store, Parameter("n", "integer"), " 12 ") == pyoxigraph.Literal(12)


def test_run_named_and_the_ontology_graph_is_not_a_plan(store):
    rows = run_named(store, "plan_summaries").records()
    assert len(rows) == 5
    assert ONTOLOGY_GRAPH not in {row["plan"] for row in rows}
