"""The ontology files: they parse, say what CONTRACT.md requires, have labels in Chinese and English, and the
hazard scheme matches hazards.tsv."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.rdf.namespaces import EMO, FN, HZ

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
SHARED_TSV = ROOT.parent / "shared" / "spec" / "hazards.tsv"
SHARED_CONTRACT = ROOT.parent / "shared" / "spec" / "CONTRACT.md"
HIPS = Namespace("https://w3id.org/emkg/hips/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")

# The names CONTRACT.md fixes (checked against the file itself too, when ../shared is there).
CONTRACT_TERMS = {
    "Plan", "Jurisdiction", "Measure", "Agency", "Deadline", "Target", "planYear", "jurisdiction",
    "hasMeasure", "addressesHazard", "mentionsAgency", "adminLevel", "text", "leadAgency",
    "supportingAgency", "hasDeadline", "hasTarget", "deadlineText", "dueDate", "numericValue", "unit",
}
# The keys other stages write in kg.model.Agency.function.
FUNCTION_KEYS = {
    "emergency_management", "fire_rescue", "meteorology", "water_resources", "natural_resources",
    "forestry", "earthquake", "public_security", "transport", "housing_construction", "health",
    "ecology_environment", "agriculture_rural", "market_regulation", "industry_information", "education",
    "civil_affairs", "commerce", "culture_tourism", "urban_management", "energy", "development_reform",
    "finance", "publicity", "military", "party_government", "coordinating_body", "internal_division",
    "research_institution", "enterprise", "other",
}


@pytest.fixture(scope="module")
def emo() -> Graph:
    return Graph().parse(ONTOLOGY / "emo.ttl", format="turtle")


@pytest.fixture(scope="module")
def hazards() -> Graph:
    return Graph().parse(ONTOLOGY / "hazards.ttl", format="turtle")


@pytest.fixture(scope="module")
def functions() -> Graph:
    return Graph().parse(ONTOLOGY / "functions.ttl", format="turtle")


def tsv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_ontology_has_a_version(emo):
    ontology = URIRef("https://w3id.org/emkg/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in emo
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(emo.value(ontology, OWL.versionInfo)))


def test_contract_names_exist(emo):
    for name in CONTRACT_TERMS:
        assert (URIRef(EMO[name]), RDF.type, None) in emo, f"emo:{name} is missing"


def test_every_emo_name_in_contract_md_exists(emo):
    if not SHARED_CONTRACT.exists():
        pytest.skip("../shared/spec/CONTRACT.md is not beside the repository")
    names = set(re.findall(r"emo:([A-Za-z]+)", SHARED_CONTRACT.read_text(encoding="utf-8")))
    assert names >= {"Plan", "leadAgency"}
    missing = sorted(name for name in names if (URIRef(EMO[name]), RDF.type, None) not in emo)
    assert not missing


def test_contract_datatypes(emo):
    assert emo.value(URIRef(EMO.planYear), RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#integer")
    assert emo.value(URIRef(EMO.dueDate), RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert emo.value(URIRef(EMO.numericValue), RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def test_alignments(emo):
    assert (URIRef(EMO.Agency), RDFS.subClassOf, ORG.Organization) in emo
    assert (URIRef(EMO.Plan), RDFS.subClassOf, PROV.Entity) in emo
    assert (URIRef(EMO.Deadline), RDFS.subClassOf, TIME.Instant) in emo
    assert (URIRef(EMO.dueDate), RDFS.subPropertyOf, TIME.inXSDDate) in emo
    assert (URIRef(EMO.Target), OWL.disjointWith, URIRef(EMO.Statistic)) in emo


def test_every_term_has_labels_in_chinese_and_english(emo):
    for term in {s for s in emo.subjects(RDF.type, None) if str(s).startswith(str(EMO._NS))}:
        languages = {label.language for label in emo.objects(term, RDFS.label)}
        assert {"zh", "en"} <= languages, f"{term} lacks a zh or en label"


def test_classes_and_properties_have_definitions_in_both_languages(emo):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for kind in kinds:
        for term in emo.subjects(RDF.type, kind):
            if str(term).startswith(str(EMO._NS)) and term not in NO_DEFINITION_NEEDED:
                languages = {d.language for d in emo.objects(term, SKOS.definition)}
                assert {"zh", "en"} <= languages, f"{term} lacks a zh or en definition"


# Inverse and enumeration helpers whose label says all there is to say.
NO_DEFINITION_NEEDED = {URIRef(EMO[name]) for name in (
    "documentType", "hasMeasure", "hasSection", "hasResponsibility", "ofMeasure", "agency", "role",
    "hasDeadline", "hasTarget", "reportsStatistic", "direction", "nature")}


@pytest.mark.parametrize("name", ["emo.ttl", "hazards.ttl", "functions.ttl"])
def test_files_loaded_into_the_store_have_no_blank_nodes(name):
    """Blank nodes would get new ids on every load, and exports would differ between builds."""
    graph = Graph().parse(ONTOLOGY / name, format="turtle")
    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


def test_shapes_parse():
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")
    assert len(list(shapes.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")))) >= 8


# --- the hazard scheme -------------------------------------------------------------------------------


def test_the_tsv_copy_is_the_shared_one():
    if not SHARED_TSV.exists():
        pytest.skip("../shared/spec/hazards.tsv is not beside the repository")
    assert (ONTOLOGY / "hazards.tsv").read_text(encoding="utf-8") == SHARED_TSV.read_text(encoding="utf-8")


def test_every_key_of_the_tsv_is_a_concept(hazards):
    rows = tsv_rows(ONTOLOGY / "hazards.tsv")
    assert len(rows) > 40
    scheme = URIRef(HZ + "scheme")
    for row in rows:
        concept = URIRef(HZ + row["key"])
        assert (concept, RDF.type, SKOS.Concept) in hazards
        assert (concept, SKOS.inScheme, scheme) in hazards
        assert hazards.value(concept, SKOS.notation) == Literal(row["key"])
        assert Literal(row["zh"], lang="zh") in set(hazards.objects(concept, SKOS.prefLabel))
        assert Literal(row["en"], lang="en") in set(hazards.objects(concept, SKOS.prefLabel))
        if row["parent"]:
            assert hazards.value(concept, SKOS.broader) == URIRef(HZ + row["parent"])
            assert (URIRef(HZ + row["parent"]), SKOS.narrower, concept) in hazards
        else:
            assert (concept, SKOS.topConceptOf, scheme) in hazards
            assert (scheme, SKOS.hasTopConcept, concept) in hazards
        alt = {str(label) for label in hazards.objects(concept, SKOS.altLabel)}
        assert alt == {cue for cue in row["cues"].split("|") if cue and cue != row["zh"]}
        if row["hips2025"]:
            assert hazards.value(concept, SKOS.closeMatch) == HIPS[row["hips2025"]]
            assert hazards.value(HIPS[row["hips2025"]], SKOS.notation) == Literal(row["hips2025"])


def test_no_hazard_concept_outside_the_tsv(hazards):
    keys = {row["key"] for row in tsv_rows(ONTOLOGY / "hazards.tsv")}
    concepts = {str(c)[len(HZ):] for c in hazards.subjects(RDF.type, SKOS.Concept) if str(c).startswith(HZ)}
    assert concepts == keys


def test_each_concept_has_one_preflabel_per_language(hazards, functions):
    for graph in (hazards, functions):
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            languages = [label.language for label in graph.objects(concept, SKOS.prefLabel)]
            assert len(languages) == len(set(languages)), concept


# --- the agency-function scheme -----------------------------------------------------------------------


def test_function_scheme_has_exactly_the_agreed_keys(functions):
    scheme = URIRef(FN + "scheme")
    concepts = {str(c)[len(FN):] for c in functions.subjects(SKOS.inScheme, scheme)}
    assert concepts == FUNCTION_KEYS
    for key in FUNCTION_KEYS:
        concept = URIRef(FN + key)
        assert functions.value(concept, SKOS.notation) == Literal(key)
        assert {label.language for label in functions.objects(concept, SKOS.prefLabel)} == {"zh", "en"}
        assert {d.language for d in functions.objects(concept, SKOS.definition)} == {"zh", "en"}
