"""kg.rdf.mapping on plans built by hand: every contract property, provenance, IRIs, agencies across plans."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from kg.model import Agency, Measure, Plan, Responsibility, Span
from kg.rdf.iris import graph_iri, key_of, plan_key
from kg.rdf.mapping import plan_graph_iri, plan_iri, plan_to_triples
from kg.rdf.namespaces import EMO, FN, HZ

OA = Namespace("http://www.w3.org/ns/oa#")


def to_graph(triples: list) -> Graph:
    data = pyoxigraph.serialize([pyoxigraph.Triple(*t) for t in triples],
                                format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


@pytest.fixture(scope="module")
def plan(handmade) -> Plan:
    return handmade.rich_plan()


@pytest.fixture(scope="module")
def graph(plan) -> Graph:
    return to_graph(plan_to_triples(plan, version="9.9.9"))


@pytest.fixture(scope="module")
def node(plan) -> URIRef:
    return URIRef(plan_iri(plan.document))


def measure_with(graph: Graph, text_part: str) -> URIRef:
    found = [m for m, text in graph.subject_objects(EMO.text)
             if (m, RDF.type, EMO.Measure) in graph and text_part in str(text)]
    assert len(found) == 1, f"{len(found)} measures contain {text_part!r}"
    return found[0]


def agency_named(graph: Graph, name: str) -> URIRef:
    found = list(graph.subjects(RDFS.label, Literal(name, lang="zh")))
    assert len(found) == 1, f"{len(found)} nodes labelled {name!r}"
    return found[0]


def test_plan_metadata(graph, node, plan):
    assert (node, RDF.type, EMO.Plan) in graph
    assert graph.value(node, DCTERMS.source) == Literal("plan.txt")
    assert graph.value(node, DCTERMS.title) == Literal("某市2024年应急管理工作要点", lang="zh")
    assert graph.value(node, EMO.planYear) == Literal(2024, datatype=XSD.integer)
    assert graph.value(node, EMO.endYear) == Literal(2024, datatype=XSD.integer)
    assert graph.value(node, EMO.documentType) == EMO.WorkPlan
    assert graph.value(node, EMO.docNumber) == Literal("某应急〔2024〕1号")
    assert graph.value(node, EMO.issuer) == Literal("某市应急管理局")
    assert graph.value(node, DCTERMS.issued) == Literal("2024-02-01", datatype=XSD.date)
    assert str(graph.value(node, EMO.contentHash)) == plan.document.content_hash
    assert graph.value(node, EMO.sourceFormat) == Literal("txt")


def test_plan_records_the_emkg_version_that_built_it(graph, node):
    activity = graph.value(node, PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in graph
    software = graph.value(activity, PROV.wasAssociatedWith)
    assert (software, RDF.type, PROV.SoftwareAgent) in graph
    assert graph.value(software, EMO.softwareVersion) == Literal("9.9.9")


def test_jurisdiction_has_label_and_level(graph, node):
    jurisdiction = graph.value(node, EMO.jurisdiction)
    assert (jurisdiction, RDF.type, EMO.Jurisdiction) in graph
    assert graph.value(jurisdiction, RDFS.label) == Literal("某市", lang="zh")
    assert graph.value(jurisdiction, EMO.adminLevel) == Literal("city")


def test_unnamed_jurisdiction_keeps_its_level(handmade):
    plan = handmade.rich_plan(jurisdiction=None, level="town")
    graph = to_graph(plan_to_triples(plan, version="0"))
    node = URIRef(plan_iri(plan.document))
    jurisdiction = graph.value(node, EMO.jurisdiction)
    assert graph.value(jurisdiction, EMO.adminLevel) == Literal("town")
    assert graph.value(jurisdiction, RDFS.label) is None
    assert str(jurisdiction).startswith(str(node) + "/")  # the plan's own node, not shared with other plans


def test_no_jurisdiction_without_name_or_level(handmade):
    plan = handmade.rich_plan(jurisdiction=None, level=None)
    graph = to_graph(plan_to_triples(plan, version="0"))
    assert graph.value(URIRef(plan_iri(plan.document)), EMO.jurisdiction) is None


def test_every_measure_has_text_order_section_and_is_in_the_plan(graph, node, plan):
    measures = list(graph.objects(node, EMO.hasMeasure))
    assert len(measures) == len(plan.measures) == 5
    texts = {str(graph.value(m, EMO.text)) for m in measures}
    assert texts == {m.text for m in plan.measures}
    assert sorted(int(graph.value(m, EMO.ordinal)) for m in measures) == [1, 2, 3, 4, 5]
    first = measure_with(graph, "3月底前完成")
    assert graph.value(first, EMO.itemNumber) == Literal("1.")
    assert graph.value(graph.value(first, EMO.inSection), EMO.heading) == Literal("一、防汛防台")


def test_measures_with_the_same_text_get_two_iris(graph, node):
    same = [m for m in graph.objects(node, EMO.hasMeasure)
            if str(graph.value(m, EMO.text)) == "开展台风防御演练。"]
    assert len(same) == 2
    assert {str(graph.value(m, EMO.itemNumber)) for m in same} == {"4.", "5."}


def test_hazards_on_measures_and_on_the_plan(graph, node):
    assert set(graph.objects(measure_with(graph, "3月底前"), EMO.addressesHazard)) == {URIRef(HZ + "flood")}
    assert set(graph.objects(node, EMO.addressesHazard)) == {
        URIRef(HZ + key) for key in ("flood", "typhoon", "hazardous_chemicals")}


def test_deadlines(graph):
    measure = measure_with(graph, "3月底前完成")
    (deadline,) = graph.objects(measure, EMO.hasDeadline)
    assert (deadline, RDF.type, EMO.Deadline) in graph
    assert graph.value(deadline, EMO.deadlineText) == Literal("3月底前")
    assert graph.value(deadline, EMO.dueDate) == Literal("2024-03-31", datatype=XSD.date)
    (open_ended,) = graph.objects(measure_with(graph, "汛期前"), EMO.hasDeadline)
    assert graph.value(open_ended, EMO.deadlineText) == Literal("汛期前")
    assert graph.value(open_ended, EMO.dueDate) is None


def test_targets(graph):
    (target,) = graph.objects(measure_with(graph, "下降15%"), EMO.hasTarget)
    assert graph.value(target, EMO.numericValue) == Literal("15", datatype=XSD.decimal)
    assert graph.value(target, EMO.unit) == Literal("%")
    assert graph.value(target, EMO.text) == Literal("确保因灾死亡人数下降15%")
    assert graph.value(target, EMO.direction) == EMO.Decrease
    (ranged,) = graph.objects(measure_with(graph, "5-8支"), EMO.hasTarget)
    assert graph.value(ranged, EMO.numericValue).toPython() == Decimal(5)
    assert graph.value(ranged, EMO.upperValue).toPython() == Decimal(8)
    assert graph.value(ranged, EMO.nature) == EMO.Binding
    assert graph.value(ranged, EMO.indicator) == Literal("专业队伍")
    assert graph.value(ranged, EMO.valueText) == Literal("5-8支")


def test_decimal_values_never_use_exponents(handmade):
    plan = handmade.rich_plan()
    measure = plan.measures[0]
    target = dataclasses.replace(measure.targets[0], value=Decimal("1E+1"))
    plan = dataclasses.replace(plan, measures=(dataclasses.replace(measure, targets=(target,)),))
    values = {o.value for _, p, o in plan_to_triples(plan, version="0") if p.value == str(EMO.numericValue)}
    assert values == {"10", "12"}  # the target, and the plan's statistic


def test_statistics_are_kept_apart_from_targets(graph, node):
    (statistic,) = graph.objects(node, EMO.reportsStatistic)
    assert (statistic, RDF.type, EMO.Statistic) in graph
    assert (statistic, RDF.type, EMO.Target) not in graph
    assert graph.value(statistic, EMO.numericValue) == Literal("12", datatype=XSD.decimal)
    assert graph.value(statistic, EMO.unit) == Literal("起")
    assert graph.value(statistic, EMO.referenceYear) == Literal(2023, datatype=XSD.integer)
    assert not any(graph.subjects(EMO.hasTarget, statistic))


def test_responsibilities_as_shortcuts_and_as_nodes(graph):
    measure = measure_with(graph, "3月底前完成")
    lead, support = agency_named(graph, "某市应急管理局"), agency_named(graph, "某市水务局")
    assert set(graph.objects(measure, EMO.leadAgency)) == {lead}
    assert set(graph.objects(measure, EMO.supportingAgency)) == {support}
    nodes = {graph.value(r, EMO.role): r for r in graph.objects(measure, EMO.hasResponsibility)}
    assert set(nodes) == {EMO.LeadRole, EMO.SupportRole}
    assert graph.value(nodes[EMO.LeadRole], EMO.agency) == lead
    assert graph.value(nodes[EMO.LeadRole], EMO.ofMeasure) == measure
    assert (nodes[EMO.LeadRole], RDF.type, EMO.Responsibility) in graph


def test_a_repeated_assignment_is_one_node_with_two_pieces_of_evidence(graph):
    (responsibility,) = graph.objects(measure_with(graph, "综合处负责"), EMO.hasResponsibility)
    assert len(list(graph.objects(responsibility, EMO.evidence))) == 2


def test_agency_labels_function_and_mentions(graph, node):
    agency = agency_named(graph, "某市应急管理局")
    assert (agency, RDF.type, EMO.Agency) in graph
    assert set(graph.objects(agency, SKOS.altLabel)) == {Literal("市应急管理局", lang="zh"),
                                                        Literal("市应急局", lang="zh")}
    assert graph.value(agency, EMO.agencyFunction) == URIRef(FN + "emergency_management")
    assert (node, EMO.mentionsAgency, agency) in graph


def test_internal_division_points_to_its_parent(graph):
    division = agency_named(graph, "综合处")
    assert graph.value(division, ORG.subOrganizationOf) == agency_named(graph, "某市应急管理局")
    assert (division, RDF.type, ORG.OrganizationalUnit) in graph


def test_an_agency_only_a_responsibility_names_still_gets_a_labelled_node(graph, node):
    agency = agency_named(graph, "某市气象局")
    assert (agency, RDF.type, EMO.Agency) in graph
    assert (node, EMO.mentionsAgency, agency) in graph
    assert agency in set(graph.objects(measure_with(graph, "汛期前"), EMO.leadAgency))


def test_national_agency_is_one_node_everywhere(handmade):
    a = to_graph(plan_to_triples(handmade.rich_plan("a.txt", jurisdiction="甲市"), version="0"))
    other = handmade.rich_plan("b.txt", jurisdiction="乙县", level="county")
    b = to_graph(plan_to_triples(other, version="0"))
    assert agency_named(a, "应急管理部") == agency_named(b, "应急管理部")
    assert (agency_named(a, "应急管理部"), RDF.type, EMO.NationalAgency) in a
    # the same name in two jurisdictions is two bodies; a division follows its parent
    assert agency_named(a, "某市水务局") != agency_named(b, "某市水务局")
    assert agency_named(a, "综合处") != agency_named(b, "综合处")


def test_same_jurisdiction_gives_the_same_agency_across_plans(handmade):
    a = to_graph(plan_to_triples(handmade.rich_plan("a.txt"), version="0"))
    b = to_graph(plan_to_triples(handmade.rich_plan("b.txt"), version="0"))
    for name in ("某市应急管理局", "某市水务局", "综合处", "某市气象局"):
        assert agency_named(a, name) == agency_named(b, name)


def test_agencies_of_plans_without_jurisdiction_stay_apart(handmade):
    a = to_graph(plan_to_triples(handmade.rich_plan("a.txt", jurisdiction=None), version="0"))
    b = to_graph(plan_to_triples(handmade.rich_plan("b.txt", jurisdiction=None), version="0"))
    assert agency_named(a, "某市水务局") != agency_named(b, "某市水务局")
    assert agency_named(a, "应急管理部") == agency_named(b, "应急管理部")


def test_a_parent_cycle_does_not_loop(handmade):
    plan = handmade.rich_plan()
    agencies = (Agency("甲处", parent="乙处"), Agency("乙处", parent="甲处"))
    graph = to_graph(plan_to_triples(dataclasses.replace(plan, agencies=agencies), version="0"))
    assert len(list(graph.subjects(RDF.type, EMO.Agency))) >= 2


def test_an_agency_listed_twice_is_merged(handmade):
    plan = handmade.rich_plan()
    text = plan.document.text
    start = text.index("市水务局配合") + 1
    again = Agency("某市水务局", alt_labels=("水务局",), mentions=(Span(start, start + 3, "水务局"),))
    twice = (*plan.agencies, again)
    graph = to_graph(plan_to_triples(dataclasses.replace(plan, agencies=twice), version="0"))
    agency = agency_named(graph, "某市水务局")
    assert len(list(graph.objects(agency, EMO.evidence))) == 2
    assert Literal("水务局", lang="zh") in set(graph.objects(agency, SKOS.altLabel))


PROVENANCED = [EMO.Measure, EMO.Deadline, EMO.Target, EMO.Statistic, EMO.Responsibility]


@pytest.mark.parametrize("cls", PROVENANCED, ids=lambda c: c.split("#")[-1])
def test_provenance_offsets_and_quote_point_into_the_text(graph, node, plan, cls):
    text = plan.document.text
    things = list(graph.subjects(RDF.type, cls))
    assert things
    for thing in things:
        evidences = list(graph.objects(thing, EMO.evidence))
        assert evidences, f"{thing} has no evidence"
        for evidence in evidences:
            assert_selects_text(graph, evidence, node, text)


def test_every_agency_mention_has_provenance(graph, node, plan):
    text = plan.document.text
    for agency in plan.agencies:
        evidences = list(graph.objects(agency_named(graph, agency.name), EMO.evidence))
        assert len(evidences) == len(agency.mentions)
        for evidence in evidences:
            assert str(evidence).startswith(str(node))  # mentions are the plan's, the agency is shared
            assert_selects_text(graph, evidence, node, text)


def assert_selects_text(graph: Graph, evidence: URIRef, plan: URIRef, text: str) -> None:
    assert (evidence, RDF.type, OA.SpecificResource) in graph
    assert graph.value(evidence, OA.hasSource) == plan
    selectors = {graph.value(s, RDF.type): s for s in graph.objects(evidence, OA.hasSelector)}
    position, quote = selectors[OA.TextPositionSelector], selectors[OA.TextQuoteSelector]
    start, end = graph.value(position, OA.start), graph.value(position, OA.end)
    assert start.datatype == XSD.integer  # Oxigraph would store a nonNegativeInteger as integer anyway
    assert text[int(start):int(end)] == str(graph.value(quote, OA.exact))


def test_no_blank_nodes_and_every_iri_is_valid(plan):
    for triple in plan_to_triples(plan, version="0"):
        for term in triple:
            assert not isinstance(term, pyoxigraph.BlankNode)


def test_mapping_is_deterministic(handmade):
    first = plan_to_triples(handmade.rich_plan(), version="1")
    assert first == plan_to_triples(handmade.rich_plan(), version="1")


def test_plan_iri_and_graph_follow_the_source(plan):
    key = plan_key("plan.txt")
    assert plan_iri(plan.document).endswith("/plan/" + key)
    assert plan_graph_iri(plan.document) == graph_iri(key)
    assert key_of(plan_iri(plan.document)) == key


def test_a_changed_document_keeps_its_plan_iri(handmade):
    plan = handmade.rich_plan()
    edited = dataclasses.replace(plan.document, text=plan.document.text + "补充一段。\n",
                                 content_hash="f" * 64)
    assert plan_iri(edited) == plan_iri(plan.document)


def test_an_empty_extraction_maps(handmade):
    """What the extraction stub returns: a plan with a document and nothing else."""
    document = handmade.make_document("某镇工作要点\n", source="stub.txt")
    graph = to_graph(plan_to_triples(Plan(document=document), version="0"))
    node = URIRef(plan_iri(document))
    assert graph.value(node, DCTERMS.source) == Literal("stub.txt")
    assert not list(graph.objects(node, EMO.hasMeasure))


def test_page_numbers_for_paginated_documents(handmade):
    text = "第一页内容。\n第二页：市应急局负责。\n"
    document = dataclasses.replace(handmade.make_document(text, source="p.pdf"), page_starts=(0, 7))
    start = text.index("市应急局负责")
    assignment = Responsibility("市应急局", "lead", Span(start, start + 6, text[start:start + 6]))
    measure = Measure(number=None, span=Span(start, start + 7, text[start:start + 7]),
                      responsibilities=(assignment,))
    graph = to_graph(plan_to_triples(Plan(document=document, measures=(measure,)), version="0"))
    pages = set(graph.objects(None, EMO.page))
    assert pages == {Literal(2, datatype=XSD.integer)}


def test_due_dates_are_typed_dates(graph):
    for _, due in graph.subject_objects(EMO.dueDate):
        assert due.datatype == XSD.date
        assert isinstance(due.toPython(), dt.date)
