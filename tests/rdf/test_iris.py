"""kg.rdf.iris: IRIs minted from content, stable and collision-free."""

from __future__ import annotations

from kg.rdf import iris


def test_plan_key_is_a_readable_slug_and_a_hash():
    key = iris.plan_key("004_fcd55c30be0749a7.txt")
    assert key.startswith("004_fcd55c30be0749a7-")
    assert iris.is_plan_key(key)
    assert iris.plan_key("004_fcd55c30be0749a7.txt") == key


def test_plan_keys_of_different_sources_differ():
    sources = ["a.txt", "a.html", "dir/a.txt", "广州市.txt", "深圳市.txt", "https://x.gov.cn/a.txt"]
    keys = [iris.plan_key(source) for source in sources]
    assert len(set(keys)) == len(keys)


def test_plan_key_of_a_name_without_ascii_is_the_hash():
    key = iris.plan_key("广州市工作要点.docx")
    assert len(key) == 10
    assert all(ch in "0123456789abcdef" for ch in key)


def test_plan_key_is_iri_safe():
    for source in ["a b (1).docx", "x/y/z?.txt", "..", "#"]:
        key = iris.plan_key(source)
        assert all(ch.isalnum() or ch in "_.-" for ch in key), key


def test_key_of_plan_graph_and_children():
    key = iris.plan_key("a.txt")
    plan = iris.plan_iri_from_key(key)
    assert iris.key_of(plan) == key
    assert iris.key_of(iris.graph_iri(key)) == key
    assert iris.key_of(iris.child_iri(plan, "measure", "abc")) == key
    assert iris.key_of(iris.agency_iri("应急管理部", scope="national")) is None


def test_agency_iri_depends_on_scope_and_name():
    national = iris.agency_iri("应急管理部", scope="national")
    assert national == iris.agency_iri("应急管理部", scope="national")
    a = iris.agency_iri("水务局", scope=iris.jurisdiction_iri("甲市"))
    b = iris.agency_iri("水务局", scope=iris.jurisdiction_iri("乙市"))
    assert a != b


def test_scheme_iris():
    assert iris.hazard_iri("typhoon") == "https://w3id.org/emkg/hazard/typhoon"
    assert iris.function_iri("fire_rescue") == "https://w3id.org/emkg/function/fire_rescue"
    assert iris.hazard_iri("bad key/x") == "https://w3id.org/emkg/hazard/bad%20key%2Fx"
