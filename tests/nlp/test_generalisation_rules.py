"""Rules that make extraction hold beyond the samples, each on short sentences written for the test:
note formats, sentence forms and names of responsibilities, agencies of other kinds of jurisdiction,
hazard look-alikes, deadline shapes and target forms found in plans from other places and styles
(tests/data/nlp/unseen/)."""

from __future__ import annotations

import logging

import pytest

from kg.ingest import read_document
from kg.ingest.normalize import normalize
from kg.ingest.structure import parse_structure
from kg.model import DocumentMeta
from kg.nlp import extract
from kg.nlp.agencies import find_agencies, find_responsibilities
from kg.nlp.components.deadlines import find_deadlines
from kg.nlp.components.hazards import find_hazards
from kg.nlp.components.measures import heading_roles
from kg.nlp.components.quantities import find_targets

CITY = DocumentMeta(jurisdiction="南京市", level="city", year=2023)


def meta(jurisdiction: str, level: str) -> DocumentMeta:
    return DocumentMeta(jurisdiction=jurisdiction, level=level, year=2023)


def roles(text: str, plan: DocumentMeta = CITY) -> set[tuple[str, str]]:
    structure = parse_structure(text)
    agencies = find_agencies(text, plan, structure)
    return {(r.agency, r.role) for r in find_responsibilities(text, agencies, structure, plan.year)}


def agencies(text: str, plan: DocumentMeta = CITY) -> set[str]:
    return set(find_agencies(text, plan, parse_structure(text)))


def labels(text: str, plan: DocumentMeta = CITY) -> set[str]:
    found = find_agencies(text, plan, parse_structure(text)).values()
    return {label for agency in found for label in (agency.name, *agency.alt_labels)}


# --- notes after a task ----------------------------------------------------------------------------------


def test_note_with_role_verbs_after_the_lists() -> None:
    text = "1.开展危化品企业排查治理。(市应急局牵头,市公安局、市市场监管局配合)"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市公安局", "support"),
                           ("南京市市场监督管理局", "support")}


def test_note_with_role_verbs_opening_with_by() -> None:
    assert roles("1.开展排查。(由市应急局牵头,市公安局配合)") == {("南京市应急管理局", "lead"),
                                                                ("南京市公安局", "support")}


def test_labels_separated_by_a_comma() -> None:
    text = "1.完善责任体系。(责任单位:市安委办,配合单位:市应急局、市经信局)"
    assert roles(text) == {("南京市安全生产委员会办公室", "lead"), ("南京市应急管理局", "support"),
                           ("南京市经济和信息化局", "support")}


def test_a_duty_list_beside_a_named_lead_supports_it() -> None:
    text = "1.开展燃气安全整治。(牵头单位:市城管局;责任单位:市城管局、市住建局、各区政府)"
    assert roles(text) == {("南京市城市管理局", "lead"), ("南京市住房和城乡建设局", "support")}


def test_note_in_lenticular_brackets_passes_over_generic_members() -> None:
    text = "7.年内新建微型消防站。【责任单位:市消防救援支队、各区人民政府】"
    assert roles(text) == {("南京市消防救援支队", "lead")}


def test_labels_in_brackets_on_lines_of_their_own() -> None:
    text = "(1)修订成员单位职责,一季度完成。\n【牵头单位】市应急局\n【配合单位】市司法局\n(2)开展考核。"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市司法局", "support")}


def test_note_lines_below_a_finished_task_belong_to_it() -> None:
    text = ("(一)落实防汛责任\n4月15日前,全面落实防汛行政责任人。\n责任单位:市水利局\n配合单位:市应急管理局\n"
            "(二)开展检查\n做好检查。")
    structure = parse_structure(text)
    duty = find_responsibilities(text, find_agencies(text, CITY, structure), structure, 2023)
    paragraph = next(n for n in structure.walk() if n.kind == "paragraph" and "4月15日前" in n.span.text)
    assert {(r.agency, r.role) for r in duty} == {("南京市水利局", "lead"), ("南京市应急管理局", "support")}
    assert all(paragraph.span.contains(r.evidence) for r in duty)


def test_a_note_and_the_sentences_inside_it_count_once() -> None:
    text = "1.开展排查。(市应急局牵头,市公安局配合)"
    structure = parse_structure(text)
    duty = find_responsibilities(text, find_agencies(text, CITY, structure), structure, 2023)
    assert len(duty) == 2


def test_a_hosting_label_after_a_task_is_no_page_footer() -> None:
    text = "2.加强尾矿库安全监管。(主办单位:省应急管理厅;协办单位:省自然资源厅)"
    plan = meta("四川省", "province")
    assert roles(text, plan) == {("四川省应急管理厅", "lead"), ("四川省自然资源厅", "support")}



@pytest.mark.parametrize("second_header_row", [
    "序号\t重点任务\t牵头单位\t配合单位\t完成时限",  # a page's cells spread down from the header
    "\t\t牵头单位\t配合单位",  # text copied from Word: the spanned cells blank
])
def test_a_header_of_two_rows_labels_each_column_by_its_lowest_cell(second_header_row: str) -> None:
    text = ("序号\t重点任务\t责任单位\t\t完成时限\n" + second_header_row + "\n"
            "1\t开展罐车罐体检验情况核查\t市市场监管局\t市交通运输局、市应急局\t2023年6月底前")
    assert roles(text) == {("南京市市场监督管理局", "lead"), ("南京市交通运输局", "support"),
                           ("南京市应急管理局", "support")}


def test_units_in_charge_beside_a_lead_column_support_it() -> None:
    text = ("序号\t重点任务\t牵头单位\t责任单位\t完成时限\n"
            "1\t培育社会应急救援队伍\t市应急局\t市消防救援支队\t年底前")
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市消防救援支队", "support")}



def test_a_notes_person_and_contact_fields_name_no_body() -> None:
    text = ("1.修订镇级总体应急预案。(责任领导:张建国;责任单位:市应急局;责任人:李明;联系电话:13907951234;"
            "完成时限:3月底前)\n2.开展巡查。(分管领导:王海涛;牵头单位:市水务局;配合单位:市应急局)")
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市水务局", "lead"),
                           ("南京市应急管理局", "support")}


def test_a_task_that_mentions_technical_support_or_contacts_is_no_page_furniture() -> None:
    assert roles("(1)市住建局负责倒损住房恢复重建的技术支持。") == {("南京市住房和城乡建设局", "lead")}
    assert roles("(2)市应急局负责修订总体应急预案,联系方式:025-7261234。") == {("南京市应急管理局", "lead")}


# --- sentence forms --------------------------------------------------------------------------------------


@pytest.mark.parametrize("manner", ["按职责分工", "按照职责分工", "分别"])
def test_a_manner_between_the_subjects_and_their_verb(manner: str) -> None:
    text = f"9.严格管控野外用火。市林业局、市应急局{manner}负责。"
    assert roles(text) == {("南京市林业局", "lead"), ("南京市应急管理局", "lead")}


def test_helpers_named_with_an_adverb_support() -> None:
    text = ("一、市住建局牵头,市城管局、市市场监管局积极配合,4月底前完成燃气报警器安装。"
            "二、由市公安局牵头,市交通运输局密切配合。")
    assert roles(text) == {("南京市住房和城乡建设局", "lead"), ("南京市城市管理局", "support"),
                           ("南京市市场监督管理局", "support"), ("南京市公安局", "lead"),
                           ("南京市交通运输局", "support")}


def test_an_office_abbreviated_as_ban_acts_with_hui_tong() -> None:
    town = meta("乾元镇", "town")
    assert roles("1.镇应急办会同县林业局开展林区检查。", town) == {
        ("乾元镇应急办", "lead"), ("县林业局", "support")}


def test_a_subject_asked_to_act() -> None:
    text = "一、请市应急局牵头,6月底前制定城镇燃气整治方案。二、请市水利局负责病险水库除险加固。"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市水利局", "lead")}


def test_a_note_that_also_says_when_keeps_its_roles() -> None:
    text = ("一、开展燃气安全整治（县住建局牵头，县市场监管局配合，6月底前完成）。"
            "二、开展燃气安全整治（县住建局负责，年底前完成）。")
    assert roles(text, meta("青阳县", "county")) == {
        ("青阳县住房和城乡建设局", "lead"), ("青阳县市场监督管理局", "support")}


def test_a_subject_under_the_guidance_of_other_bodies_keeps_its_charge() -> None:
    county = meta("澄岭县", "county")
    text = ("县防汛抗旱指挥部在县委、县政府的领导下,负责组织全县防汛抗旱工作。"
            "县水利局按照县防指的统一部署,负责全县水情监测。")
    assert roles(text, county) == {("澄岭县防汛抗旱指挥部", "lead"), ("澄岭县水利局", "lead")}


def test_members_that_are_no_agency_do_not_hide_the_verb() -> None:
    text = "开展三小场所整治,市城管局牵头,市公安局、各街道配合。"
    assert roles(text) == {("南京市城市管理局", "lead"), ("南京市公安局", "support")}


def test_x_together_with_y_in_charge() -> None:
    text = "由市城管局会同市住建局负责中心城区内涝防治。"
    assert roles(text) == {("南京市城市管理局", "lead"), ("南京市住房和城乡建设局", "support")}


@pytest.mark.parametrize(("text", "expected"), [
    # a list of duties by agency, with a colon
    ("市应急局:负责统筹协调全市防汛工作。", {("南京市应急管理局", "lead")}),
    ("市水务局、市城管局:按职责分工负责城市排涝。", {("南京市水务局", "lead"), ("南京市城市管理局", "lead")}),
    ("市气象局:配合做好预警信息发布。", {("南京市气象局", "support")}),
    ("市应急局:负责人张某。", set()),
    # a modal verb between the subject and its verb
    ("市应急局要会同市气象局做好预警。", {("南京市应急管理局", "lead"), ("南京市气象局", "support")}),
    ("市应急局应牵头做好统筹。", {("南京市应急管理局", "lead")}),
    ("市应急局、市水务局要按职责分工负责。", {("南京市应急管理局", "lead"), ("南京市水务局", "lead")}),
    ("市气象局、市水务局要加强监测预警。", set()),
    # a directive's agencies closed by a kind of body, and a due time before the task
    ("督促市高速公路集团有限公司、市港航投资集团有限公司等市属企业6月底前完成达标复核。",
     {("南京市高速公路集团有限公司", "lead"), ("南京市港航投资集团有限公司", "lead")}),
    # posts are no tasks; a body set up by another is a body of its own
    ("副总指挥:市政府协助分管副秘书长、市应急管理局局长。", set()),
    # the agency heading its line, then its charge
    ("(一)市住建局。负责统筹推进专项整治工作。", {("南京市住房和城乡建设局", "lead")}),
    ("(二)市公安局、市交通运输局。负责道路交通安全。",
     {("南京市公安局", "lead"), ("南京市交通运输局", "lead")}),
    ("(三)加强领导。负责同志要带头。", set()),
    # an aside between the subject and its verb
    ("市市场监管局作为燃气具质量监管部门,负责开展产品质量抽查。", {("南京市市场监督管理局", "lead")}),
    ("市公安局按照职责分工,负责打击非法运输燃气行为。", {("南京市公安局", "lead")}),
])
def test_subjects_of_other_plans(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text) == expected


@pytest.mark.parametrize("text", [
    "1.开展燃气安全整治。责任单位:市城管局(牵头)、市住建局、市公安局",
    "1.开展燃气安全整治。(责任单位:市城管局(牵头)、市住建局、市公安局)",
    "1.开展燃气安全整治(市城管局(牵头)、市住建局、市公安局)",
    "1.开展燃气安全整治。(市城管局负总责,市住建局、市公安局参与)",
    "1.开展燃气安全整治。市城管局为牵头单位,市住建局、市公安局为配合单位。",
])
def test_the_lead_marked_among_the_members_of_a_note(text: str) -> None:
    assert roles(text) == {("南京市城市管理局", "lead"), ("南京市住房和城乡建设局", "support"),
                           ("南京市公安局", "support")}


@pytest.mark.parametrize("note", ["(市工信局、市应急局按职责分工负责)", "(市工信局、市应急局分别负责)"])
def test_a_manner_before_the_verb_that_ends_a_note(note: str) -> None:
    assert roles(f"1.开展整治{note}") == {("南京市工业和信息化局", "lead"), ("南京市应急管理局", "lead")}


def test_bodies_that_take_part_support_the_lead() -> None:
    plan = meta("崇义县", "county")
    text = "3.由县应急管理局牵头,县消防救援大队、县人武部参加。"
    assert roles(text, plan) == {("崇义县应急管理局", "lead"), ("崇义县消防救援大队", "support"),
                                 ("崇义县人民武装部", "support")}


def test_mass_organisations_given_a_task() -> None:
    plan = meta("崇义县", "county")
    assert roles("1.开展宣传。(配合单位:县妇联、县供销社、县科协)", plan) == {
        ("崇义县妇联", "support"), ("崇义县供销社", "support"), ("崇义县科协", "support")}


def test_towns_named_in_a_county_plan_act_as_subjects() -> None:
    county = meta("崇义县", "county")
    both = {("木耳镇", "lead"), ("龙溪街道", "lead")}
    assert roles("1.木耳镇、龙溪街道负责辖区内山塘巡查。", county) == both
    assert roles("2.督促木耳镇、龙溪街道开展巡查。", county) == both
    assert agencies("3.推进特色小镇、美丽乡村建设。", county) == set()


@pytest.mark.parametrize("text", ["1.各乡镇(街道)、县水利局负责山塘巡查。",
                                  "1.由各乡镇、县水利局牵头开展巡查。"])
def test_a_named_subject_after_generic_members(text: str) -> None:
    assert roles(text, meta("崇义县", "county")) == {("崇义县水利局", "lead")}


def test_a_leading_group_set_up_for_a_task_and_its_office() -> None:
    city = meta("临澜市", "city")
    assert roles("1.市安全生产专项整治工作领导小组办公室负责统筹协调。", city) == {
        ("临澜市安全生产专项整治工作领导小组办公室", "lead")}
    assert roles("2.由市食品安全工作领导小组牵头。", city) == {("临澜市食品安全工作领导小组", "lead")}
    assert agencies("3.市安委会成立安全生产工作专班。", city) == {"临澜市安全生产委员会",
                                                                   "临澜市安全生产工作专班"}


def test_companies_given_a_task() -> None:
    town = meta("清溪镇", "town")
    text = "1.开展燃气管道巡检。(牵头单位:镇安监站;配合单位:华能燃气有限公司、县供电公司)"
    assert roles(text, town) == {("清溪镇安监站", "lead"), ("华能燃气有限公司", "support"),
                                 ("县供电公司", "support")}
    assert agencies("2.恒达矿业有限责任公司负责整改。", town) == {"恒达矿业有限责任公司"}
    assert agencies("3.督促各类有限公司落实主体责任。", town) == set()


def test_a_committees_own_office_is_no_short_form_of_another_of_its_offices() -> None:
    plan = meta("长沙县", "county")
    assert roles("2.加强舆情管理。(牵头单位:县委办;配合单位:县委网信办)", plan) == {
        ("中共长沙县委办", "lead"), ("中共长沙县委网信办", "support")}


def test_names_that_hold_a_short_form_or_a_proper_name() -> None:
    plan = meta("云南省", "province")
    assert agencies("协调云南省森林消防总队加强力量部署。", plan) == {"云南省森林消防总队"}  # not 防总
    assert agencies("1.加强医疗救治。(牵头单位:县人民医院)", meta("长沙县", "county")) == {"县人民医院"}


def test_a_task_tables_cell_that_gives_roles_itself() -> None:
    text = ("一、工作任务\n序号\t工作任务\t责任单位\t完成时限\n"
            "1\t开展燃气管网排查\t市住建局牵头,市发改局配合\t6月底前\n"
            "2\t开展宣传\t市城管局、市应急局等部门\t年底前\n")
    assert roles(text) == {("南京市住房和城乡建设局", "lead"), ("南京市发展和改革局", "support"),
                           ("南京市城市管理局", "lead"), ("南京市应急管理局", "lead")}


def test_a_lead_marked_in_a_task_tables_cell() -> None:
    text = ("一、工作任务\n序号\t工作任务\t责任单位\t完成时限\n"
            "1\t开展消防安全专项整治\t市消防救援支队(牵头)、市住建局、市商务局\t6月底前\n")
    assert roles(text) == {("南京市消防救援支队", "lead"), ("南京市住房和城乡建设局", "support"),
                           ("南京市商务局", "support")}


def test_a_generic_member_with_an_aside_among_the_supporters() -> None:
    text = "开展整治,市城管局牵头,市应急局、各镇人民政府(街道办事处)配合。"
    assert roles(text) == {("南京市城市管理局", "lead"), ("南京市应急管理局", "support")}


@pytest.mark.parametrize(("text", "name"), [
    ("由区教委负责校园安全。", "渝北区教育委员会"),
    ("由区国资委负责。", "渝北区国有资产监督管理委员会"),
    ("由区住房城乡建委负责。", "渝北区住房和城乡建设委员会"),
    ("由区总工会负责。", "渝北区总工会"),
    ("由区城市运行管理中心负责。", "渝北区城市运行管理中心"),
    ("由区普查办负责。", "渝北区普查办"),
])
def test_commissions_and_offices_of_other_places(text: str, name: str) -> None:
    assert roles(text, meta("渝北区", "district")) == {(name, "lead")}


@pytest.mark.parametrize(("text", "name"), [
    ("由市公安局渝北区分局负责。", "重庆市公安局渝北区分局"),
    ("由市生态环境局渝北分局负责。", "重庆市生态环境局渝北分局"),  # the district by its stem
    ("由区公安分局负责。", "渝北区公安分局"),
])
def test_a_branch_named_by_its_area_under_its_parent_body(text: str, name: str) -> None:
    plan = DocumentMeta(jurisdiction="渝北区", level="district", year=2024)
    assert roles(text, plan) == {(name, "lead")}


@pytest.mark.parametrize(("text", "name"), [
    # the plan's own district, by a stem that names a city too (朝阳市)
    ("1.市公安局朝阳分局负责人员转移警戒。", "北京市公安局朝阳分局"),
    ("2.市规划自然资源委朝阳分局负责地质灾害巡查。", "北京市规划自然资源委朝阳分局"),  # a commission's branch
    ("3.市公安局海淀分局负责交通疏导。", "北京市公安局海淀分局"),  # another district, by its stem
])
def test_a_municipalitys_branch_in_a_district_named_like_a_city(text: str, name: str) -> None:
    assert roles(text, meta("朝阳区", "district")) == {(name, "lead")}
    assert "朝阳市公安分局" not in labels("朝阳公安分局负责道路交通疏导。", meta("朝阳区", "district"))


@pytest.mark.parametrize(("text", "expected"), [
    ("1.清苑区、满城区应急管理局负责辖区防汛工作。",
     {("清苑区应急管理局", "lead"), ("满城区应急管理局", "lead")}),
    ("2.市应急管理局会同涞水县、涞源县防汛抗旱指挥部开展检查。",
     {("保定市应急管理局", "lead"), ("涞水县防汛抗旱指挥部", "support"),
      ("涞源县防汛抗旱指挥部", "support")}),
])
def test_places_listed_before_one_body_share_it(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("保定市", "city")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1.开展排查。(各县(市、区)政府,高新区、经开区管委会负责)",  # zones by their kind alone
     {("保定市高新区管委会", "lead"), ("保定市经开区管委会", "lead")}),
    ("2.开展排查。(长寿经开区、两江新区管委会负责)",
     {("长寿经开区管委会", "lead"), ("两江新区管委会", "lead")}),
])
def test_zones_listed_before_one_body_share_it(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("保定市", "city")) == expected


@pytest.mark.parametrize("text", ["2.该县应急管理局要加强值守。", "3.督促邻县水利局加强值守。"])
def test_a_body_of_a_place_named_elsewhere_is_not_the_plans_own(text: str) -> None:
    assert labels(text, meta("保定市", "city")) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("1.市消防救援支队海曙大队配合开展检查。", "宁波市消防救援支队海曙大队"),  # a brigade by its district
    # a station by its town
    ("2.镇海区消防救援大队骆驼消防救援站配合开展检查。", "镇海区消防救援大队骆驼消防救援站"),
    ("3.省消防救援总队宁波支队配合开展检查。", "浙江省消防救援总队宁波支队"),  # a detachment by its city
])
def test_a_fire_rescue_unit_named_under_its_parent_is_one_body(text: str, name: str) -> None:
    assert roles(text, meta("宁波市", "city")) == {(name, "support")}


@pytest.mark.parametrize("name", ["中国安能集团第三工程局有限公司", "国家管网集团东部原油储运有限公司"])
def test_a_groups_registered_company_runs_to_its_head(name: str) -> None:
    assert roles(f"1.{name}配合做好抢险救援。", meta("河北雄安新区", "district")) == {(name, "support")}


@pytest.mark.parametrize(("title", "jurisdiction", "level", "text", "name"), [
    ("北京市丰台区卢沟桥街道2026年安全生产工作计划", "卢沟桥街道", "town", "1.配合区应急局做好燃气检查。",
     "丰台区应急管理局"),  # the district named before the street in the title
    ("修水县云岭镇2026年应急管理工作要点", "云岭镇", "town", "1.配合县应急管理局做好检查。",
     "修水县应急管理局"),
    ("长沙经济技术开发区2026年安全生产工作要点", "长沙经济技术开发区", "district",
     "1.配合市应急管理局做好检查。", "长沙市应急管理局"),  # the city that opens the zone's name
])
def test_a_plan_of_a_place_no_table_knows_names_the_places_above_it(
        title: str, jurisdiction: str, level: str, text: str, name: str) -> None:
    plan = DocumentMeta(title=title, jurisdiction=jurisdiction, level=level, year=2026)
    assert name in agencies(text, plan)


def test_a_prefectures_party_committee_and_its_government() -> None:
    prefecture = meta("阿里地区", "city")
    assert roles("地委、行署负责统筹全地区安全生产工作。", prefecture) == {
        ("中共阿里地区委员会", "lead"), ("阿里地区行署", "lead")}
    assert roles("地区应急管理局牵头,地委宣传部配合。", prefecture) == {
        ("阿里地区应急管理局", "lead"), ("中共阿里地区委宣传部", "support")}
    assert roles("和田地委、行署负责统筹安全生产工作。", meta("新疆维吾尔自治区", "province")) == {
        ("中共和田地区委员会", "lead")}  # another's 行署, unnamed
    assert labels("各地委托第三方开展评估,当地委派专人值守。", prefecture) == set()
    assert agencies("地委行署统一部署。", prefecture) == {"中共阿里地区委员会", "阿里地区行署"}


def test_a_regiment_of_a_division_acts_as_a_town() -> None:
    division = meta("第八师石河子市", "city")
    assert roles("一四三团负责辖区森林草原防火工作。", division) == {("一四三团", "lead")}
    assert roles("师市应急管理局牵头,一二一团、一三三团配合。", division) == {
        ("第八师石河子市应急管理局", "lead"), ("一二一团", "support"), ("一三三团", "support")}
    assert labels("组建一支五百人的应急救援团队。", division) == set()


def test_an_events_organising_committee_and_a_scenic_areas_committee_are_bodies() -> None:
    county = meta("青川县", "county")
    assert roles("(一)青川县马拉松赛事组委会负责组织实施。", county) == {("青川县马拉松赛事组委会", "lead")}
    assert roles("(二)云溪景区管理委员会负责景区段赛道游客疏导。", county) == {("云溪景区管理委员会", "lead")}
    assert roles("(三)督促云溪旅游度假区管委会落实游客疏导。", county) == {("云溪旅游度假区管委会", "lead")}
    assert labels("(四)组委会成员单位要密切配合,各景区管委会负责疏导。", county) == set()
    assert labels("(五)城区、景区派出所要加强巡逻。", county) == set()  # any scenic area's station


def test_a_service_number_is_part_of_a_centres_name() -> None:
    county = meta("青川县", "county")
    assert ("青川县120急救指挥中心", "support") in roles(
        "由县卫健局牵头,县人民医院、县120急救指挥中心配合,负责医疗救护。", county)
    assert roles("县公安局110指挥中心负责接处警。", county) == {("青川县公安局110指挥中心", "lead")}
    assert labels("完成120家企业检查。", county) == set()


def test_squads_and_militia_units_are_teams() -> None:
    town = meta("松陵镇", "town")
    assert roles("松陵镇防汛抢险分队负责抢险救灾。", town) == {("松陵镇防汛抢险分队", "lead")}
    assert roles("松陵镇民兵应急连负责山林火灾扑救。", town) == {("松陵镇民兵应急连", "lead")}
    assert labels("组建民兵连,各村民兵连负责巡查。", town) == set()
    assert labels("各村组建不少于10人的应急分队。", town) == set()  # a kind of squad


def test_a_town_named_with_its_government_is_a_body_wherever_it_stands() -> None:
    county = meta("岚峰县", "county")
    assert agencies("石门镇人民政府要加强水库巡查。柏树乡人民政府组织群众转移。", county) == {
        "石门镇人民政府", "柏树乡人民政府"}
    assert roles("督促石门镇人民政府加强水库巡查。", county) == {("石门镇人民政府", "lead")}
    assert labels("各乡镇人民政府要加强巡查,指导重点乡镇政府开展演练。", county) == set()


def test_a_bureau_before_its_deputy_heads_post_is_named_as_before_its_heads() -> None:
    county = meta("岚峰县", "county")
    deputy, head = (agencies(f"县财政局{post}张强带队检查。", county) for post in ("副局长", "局长"))
    assert deputy == head == {"岚峰县财政局"}
    assert "岚峰县防汛抗旱指挥部" not in agencies("县防汛抗旱指挥部副指挥长由县水利局局长担任。", county)


def test_kinds_of_town_and_zone_after_a_verb_are_no_names() -> None:
    county = meta("青岫县", "county")
    assert labels("险情发生后,当地镇人民政府要立即组织转移,重点镇人民政府要组建应急队伍。", county) == set()
    assert labels("由事发地镇人民政府负责组织群众转移,沿河两镇人民政府负责安置。", county) == set()
    city = meta("岚溪市", "city")
    found = labels("督促各园区管委会落实监管责任,推动开发区管委会建立安全监管机构。", city)
    assert not any(label.startswith(("督促", "推动", "各")) for label in found)


def test_the_bodies_of_several_levels_are_no_name() -> None:
    city = meta("岚溪市", "city")
    assert labels("市、县两级应急管理局要加强执法检查,省、市、县三级应急管理局要加强联动。", city) == set()
    assert labels("市、区两级财政局要保障资金。", city) == set()


def test_the_signature_after_the_body_names_no_actor() -> None:
    text = "1.年底前完成隐患整改。\n\n遵义市应急管理局办公室\n2025年2月18日"
    assert agencies(text, meta("遵义市", "city")) == set()


@pytest.mark.parametrize("generic", ["各县〔市、区〕人民政府", "各县(市、区)政府"])
def test_a_generic_member_with_its_levels_in_brackets_leaves_the_named_ones_their_role(generic: str) -> None:
    assert roles(f"1.年底前达标率达到85%。(市应急管理局、{generic})", meta("遵义市", "city")) == {
        ("遵义市应急管理局", "lead")}


def test_a_culture_bureau_named_with_radio_and_television() -> None:
    text = "1.州公安局交警支队牵头,州交通运输局、州文化体育广播电视和旅游局配合,完成检查。"
    assert roles(text, meta("伊犁哈萨克自治州", "city")) == {
        ("伊犁哈萨克自治州公安局交警支队", "lead"), ("伊犁哈萨克自治州交通运输局", "support"),
        ("伊犁哈萨克自治州文化体育广播电视和旅游局", "support")}


@pytest.mark.parametrize(("text", "expected"), [
    ("1.推动羊口镇、侯镇、台头镇完成防潮堤加固任务。",  # a one-character town inside the list
     {("羊口镇", "lead"), ("侯镇", "lead"), ("台头镇", "lead")}),
    ("2.督促杜南村、盐场村完成转移安置点标识设置。", {("杜南村", "lead"), ("盐场村", "lead")}),
    ("3.督促东湖社区落实地下车库挡水设施。", {("东湖社区", "lead")}),
    ("4.推动南宁市、柳州市各组建1支水域救援专业队。", {("南宁市", "lead"), ("柳州市", "lead")}),
])
def test_places_a_directive_gives_a_task(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("寿光市", "county")) == expected
    assert roles("1.推动乡镇、村镇完成排查。督促各村完成整改。", meta("寿光市", "county")) == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("1.会同黔东南州水文水资源局开展监测。", {("黔东南州水文水资源局", "support")}),
    ("2.与大理州消防救援支队巍山大队联合开展演练。", {("大理州消防救援支队巍山大队", "support")}),
    ("3.会同巍山县应急管理局开展检查。", {("巍山县应急管理局", "support")}),  # 巍山彝族回族自治县
])
def test_autonomous_areas_by_their_short_names(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("榕江县", "county")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1.会同长江水利委员会开展三峡水库联合调度演练。", {("长江水利委员会", "support")}),
    ("2.配合黄委做好调度。", {("黄河水利委员会", "lead")}),
    ("3.由市防办牵头,市水利局配合,修订预案。",
     {("武汉市防汛抗旱指挥部办公室", "lead"), ("武汉市水利局", "support")}),
])
def test_river_basin_commissions_and_the_flood_office(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("武汉市", "city")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("一、会同临海市消防救援大队杜桥中队开展整治。", {("临海市消防救援大队杜桥中队", "support")}),
    ("二、协调綦江区消防救援支队古南消防站开展演练。", {("綦江区消防救援支队古南消防站", "lead")}),
    ("三、会同青岛西海岸新区海洋发展局开展检查。", {("青岛西海岸新区海洋发展局", "support")}),
    ("四、协调东湖新技术开发区管委会推进园区整治。", {("东湖新技术开发区管委会", "lead")}),
    ("五、推动济南新材料产业园区管委会于2027年底前完成整治。", {("济南新材料产业园区管委会", "lead")}),
])
def test_stations_and_bodies_of_zones_named_in_full(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("灵山卫街道", "town")) == expected


@pytest.mark.parametrize("text", ["七、检查木材加工、加油站、液化气经营点等生产经营单位。",
                                  "八、完成全镇14处进山检查站护林员岗位落实。", "九、对违法行为立案查处3起。",
                                  "十、加快推进化工园区建设。"])
def test_facilities_counts_and_verbs_are_no_bodies(text: str) -> None:
    assert labels(text, meta("灵山卫街道", "town")) == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("1.县减灾委员会负责本规划的组织实施。", {("某某县减灾委员会", "lead")}),  # not 减灾委 + 员会
    ("2.开展排查。(牵头领导:王某某;责任单位:县应急局)", {("某某县应急管理局", "lead")}),
    ("3.协调市地震局在我县新建地震预警监测台站3个。", {("市地震局", "lead")}),  # a place first
    ("4.协调县消防救援大队对镇扑火专业队开展联合训练。", {("某某县消防救援大队", "lead")}),  # an object first
])
def test_full_committee_names_person_fields_and_objects_before_the_task(
        text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("某某县", "county")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1.督促酒钢集团、金川集团建立隐患排查制度。", {("酒钢集团", "lead"), ("金川集团", "lead")}),
    ("2.会同唐山港集团开展演练。", {("唐山港集团", "support")}),
    ("3.督促重点企业集团落实责任。督促各集团公司落实。", set()),  # kinds of company
])
def test_a_group_by_its_short_name_given_a_task(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("甘肃省", "province")) == expected


def test_a_bare_level_after_a_named_places_body_is_that_places() -> None:
    text = "为贯彻落实长沙市委、市政府的决策部署,制定本要点。1.市政府负责督查。"
    assert labels(text, meta("浏阳市", "county")) >= {"长沙市人民政府", "浏阳市人民政府"}


@pytest.mark.parametrize(("text", "expected"), [
    ("1.会同县林业、公安等部门开展检查。", {("某某县林业部门", "support"), ("某某县公安部门", "support")}),
    ("2.与浏阳市、醴陵市应急管理部门合作开展联合演练。",
     {("浏阳市应急管理部门", "support"), ("醴陵市应急管理部门", "support")}),
    ("3.会同气象、应急管理部门开展会商。",
     {("某某县气象部门", "support"), ("某某县应急管理部门", "support")}),
    ("4.各县林业、公安部门要加强巡查。", set()),  # every county's
])
def test_department_types_listed_with_a_level_or_places(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("某某县", "county")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1.协调应急管理部北方航空护林总站做好航空灭火。", {("应急管理部北方航空护林总站", "lead")}),
    ("2.与中国安能集团第二工程局合作开展演练。", {("中国安能集团第二工程局", "support")}),
    ("3.与省气象局、中国科学院东北地理与农业生态研究所合作开展研究。",
     {("黑龙江省气象局", "support"), ("中国科学院东北地理与农业生态研究所", "support")}),
    ("4.配合国家矿山安全监察局新疆局伊犁监察分局开展执法。",
     {("国家矿山安全监察局新疆局伊犁监察分局", "lead")}),
    ("5.应急管理部牵头建设指挥中心。", {("应急管理部", "lead")}),  # a task, no unit
])
def test_a_unit_named_after_a_national_body_or_a_group(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("黑龙江省", "province")) == expected


def test_a_directive_over_a_named_body_and_generic_ones_gives_the_named_one_its_task() -> None:
    assert roles("一、推动镇交管站、各村劝导站落实“两站两员”职责。", meta("杜桥镇", "town")) == {
        ("杜桥镇交管站", "lead")}


@pytest.mark.parametrize(("text", "expected"), [
    ("1.督促萍乡、宜春市开展安全检查。", {("萍乡市", "lead"), ("宜春市", "lead")}),  # one suffix for both
    ("2.督促上饶、萍乡、宜春加强烟花爆竹安全监管。",
     {("上饶市", "lead"), ("萍乡市", "lead"), ("宜春市", "lead")}),
    ("3.督促九江市、赣州市年底前完成危化品企业搬迁。",  # a due time before the task
     {("九江市", "lead"), ("赣州市", "lead")}),
    ("4.推动萍乡市、宜春市关闭退出小型非煤矿山。", {("萍乡市", "lead"), ("宜春市", "lead")}),
    ("5.由林芝市、昌都市负责做好排涝设施检修工作。", {("林芝市", "lead"), ("昌都市", "lead")}),
    ("6.督促九江市湖口县开展化工园区安全整治。", {("九江市湖口县", "lead")}),  # a county by its city
])
def test_cities_a_province_gives_tasks(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("江西省", "province")) == expected


def test_a_responsibility_line_with_a_generic_member_in_brackets() -> None:
    text = "2.开展城镇燃气安全排查。责任单位:各县(市、区)人民政府、市住房和城乡建设局、市城市管理局"
    assert roles(text, meta("洛阳市", "city")) == {("洛阳市住房和城乡建设局", "lead"),
                                                   ("洛阳市城市管理局", "lead")}


@pytest.mark.parametrize(("text", "expected"), [
    ("1.华润燃气(儋州)有限公司负责管道检测。", {"华润燃气(儋州)有限公司"}),  # the company's place in brackets
    ("2.市人防办负责开展人防工程安全检查。", {"儋州市人民防空办公室", "市人防办"}),
    ("3.整改一处、销号一处,确保隐患动态清零。", set()),  # a count, no division
    ("4.那大镇、白马井镇要在10月底前完成宣传。", {"那大镇", "白马井镇"}),  # places given a task
])
def test_companies_offices_and_places_given_tasks(text: str, expected: set[str]) -> None:
    assert labels(text, meta("儋州市", "city")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1.加强宣传。(省应急厅、省公安厅、省安委会有关成员单位)",  # members in general
     {("安徽省应急管理厅", "lead"), ("安徽省公安厅", "lead")}),
    ("2.开展培训。(牵头处室:人事处;参与处室:厅机关各处室)", {("人事处", "lead")}),
    ("3.加强基层建设。(责任处室:综合协调处、基层工作处)", {("综合协调处", "lead"), ("基层工作处", "lead")}),
    ("4.与中国民航华北地区管理局合作开展航空救援。", {("中国民航华北地区管理局", "support")}),
    ("5.协同省公安厅、交通运输厅开展旅游包车安全检查。",
     {("安徽省公安厅", "support"), ("安徽省交通运输厅", "support")}),
    ("6.推动东营市建设危险化学品区域救援基地。", {("东营市", "lead")}),  # no body from the task's object
])
def test_a_province_departments_notes_and_partners(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("安徽省", "province")) == expected
    assert "长江防汛抗旱总指挥部" in labels("落实国家防总和长江防总部署。", meta("安徽省", "province"))


@pytest.mark.parametrize(("text", "expected"), [
    ("2.成立光山县城镇燃气安全“百日攻坚”行动领导小组,县长任组长。",
     {"光山县城镇燃气安全“百日攻坚”行动领导小组"}),
    ("3.成立光山县安全生产“百日攻坚”专项行动指挥部,县长任指挥长。",
     {"光山县安全生产“百日攻坚”专项行动指挥部"}),
    ("4.各乡镇要成立相应的领导小组。成立工作领导小组,负责统筹。", set()),  # no one body named
])
def test_a_body_the_plan_sets_up_is_named_as_written(text: str, expected: set[str]) -> None:
    assert labels(text, meta("光山县", "county")) == expected


def test_a_duty_line_with_an_aside_before_its_colon() -> None:
    assert roles("县公安局(森林公安):负责林区治安。", meta("青山县", "county")) == {("青山县公安局", "lead")}


def test_the_office_of_the_one_headquarters_set_up_is_named_after_it() -> None:
    text = "成立光山县安全生产百日攻坚专项行动指挥部,指挥部办公室设在县应急管理局,负责日常工作。"
    assert ("光山县安全生产百日攻坚专项行动指挥部办公室", "lead") in roles(text, meta("光山县", "county"))


def test_names_listed_before_a_named_zones_kind_and_body_share_them() -> None:
    text = "1.督促庐山、三清山、龙虎山景区管委会落实游客安全管理责任。"
    assert roles(text, meta("江西省", "province")) == {
        ("庐山景区管委会", "lead"), ("三清山景区管委会", "lead"), ("龙虎山景区管委会", "lead")}


@pytest.mark.parametrize(("text", "expected"), [
    ("7.省林业和草原局、省应急厅协同抓好森林草原防灭火工作。",  # together, no lead named: both lead
     {("吉林省林业和草原局", "lead"), ("吉林省应急管理厅", "lead")}),
    ("8.省林业局牵头,省应急厅、省公安厅协同推进。",
     {("吉林省林业局", "lead"), ("吉林省应急管理厅", "support"), ("吉林省公安厅", "support")}),
])
def test_bodies_working_together_lead_unless_one_leads(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("吉林省", "province")) == expected


def test_a_directive_to_improve_gives_the_body_its_task() -> None:
    assert roles("1.协调市气象局优化预警信息发布流程。", meta("长沙市", "city")) == {("长沙市气象局", "lead")}


@pytest.mark.parametrize(("text", "expected"), [
    ("(二)县工业和信息化局。会同县应急管理局开展粉尘涉爆企业专项治理。",
     {("某某县工业和信息化局", "lead"), ("某某县应急管理局", "support")}),
    ("(三)县工业和信息化局。配合县应急管理局开展专项治理。",
     {("某某县工业和信息化局", "support"), ("某某县应急管理局", "lead")}),
])
def test_an_item_headed_by_its_body_then_会同_or_配合(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("某某县", "county")) == expected


def test_a_named_nature_reserves_bureau_is_a_body() -> None:
    assert roles("1.督促梵净山国家级自然保护区管理局开展巡护。", meta("铜仁市", "city")) == {
        ("梵净山国家级自然保护区管理局", "lead")}
    assert labels("2.加强自然保护区管理局建设。", meta("铜仁市", "city")) == set()  # any reserve's


def test_county_divisions_named_gu_and_their_notes() -> None:
    county = DocumentMeta(jurisdiction="宁安县", level="county", year=2026, issuer="宁安县气象局")
    text = ("1.做好重大活动气象保障服务。(责任股室:办公室、预报服务股)\n"
            "2.开展危大工程专项整治。(责任单位:县建设工程质量安全监督站;配合股室:建筑业管理股)\n"
            "3.加强人影作业安全管理。(责任股:观测与网络股)\n"
            "4.观测与网络股负责设备维护。")
    found = roles(text, county)
    assert {("预报服务股", "lead"), ("建筑业管理股", "support"), ("观测与网络股", "lead"),
            ("宁安县建设工程质量安全监督站", "lead")} <= found
    assert "责任股" not in labels(text, county)


def test_assisting_divisions_support() -> None:
    county = DocumentMeta(jurisdiction="宁安县", level="county", year=2026, issuer="宁安县农业农村局")
    text = "1.开展农机安全检查。(主办科室:农业机械化管理科;协办科室:科技教育科)"
    assert roles(text, county) == {("农业机械化管理科", "lead"), ("科技教育科", "support")}


@pytest.mark.parametrize("division", ["市场运行科", "市政公用科", "市容环境卫生科", "市政设施管理处",
                                      "市政股"])
def test_divisions_whose_names_open_with_a_level_word(division: str) -> None:
    plan = DocumentMeta(jurisdiction="岚江州", level="city", year=2026, issuer="岚江州住房和城乡建设局")
    text = f"1.开展检查。(责任科室:{division})\n2.{division}负责燃气安全检查。"
    found = find_agencies(text, plan, parse_structure(text))
    assert division in found and found[division].parent == "岚江州住房和城乡建设局"
    assert roles(text, plan) == {(division, "lead")}


def test_a_districts_issuer_named_with_its_city_is_not_doubled() -> None:
    plan = DocumentMeta(jurisdiction="萧山区", level="county", year=2026, issuer="杭州市萧山区商务局")
    text = "1.修订应急预案。(责任科室:安全监管科)"
    assert find_agencies(text, plan, parse_structure(text))["安全监管科"].parent == "萧山区商务局"


@pytest.mark.parametrize(("place", "county"), [
    ("南通市", "海安市"), ("大兴安岭地区", "漠河市"), ("青岛市", "即墨区"),
    ("凉山彝族自治州", "会理市"), ("温州市", "龙港市")])
def test_counties_created_or_renamed_in_the_last_decade(place: str, county: str) -> None:
    text = f"1.{county}人民政府负责开展化工园区整治。\n2.推动{county}开展燃气管道改造。"
    assert roles(text, meta(place, "city")) == {(f"{county}人民政府", "lead")}


def test_a_due_time_in_a_note_leaves_its_lists_alone() -> None:
    text = ("1.升级预警信息发布系统。(责任单位:市气象局、市应急管理局;2026年5月底前)\n"
            "2.建立叫应机制。(牵头单位:市水务局;配合单位:市公安局;汛期前完成)")
    assert roles(text) == {("南京市气象局", "lead"), ("南京市应急管理局", "lead"), ("南京市水务局", "lead"),
                           ("南京市公安局", "support")}


def test_short_forms_of_committees_in_notes() -> None:
    text = ("1.开展宣传活动。(牵头单位:市应急管理局;配合单位:市防指、市安委会)\n"
            "2.开展宣传活动。(市防指、市气象局)")
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市防汛抗旱指挥部", "support"),
                           ("南京市安全生产委员会", "support"), ("南京市防汛抗旱指挥部", "lead"),
                           ("南京市气象局", "lead")}


def test_the_body_a_report_goes_to_is_given_no_task() -> None:
    text = ("1.请各区于7月5日前将活动总结报送至市安委办(市应急管理局宣传教育科)。\n"
            "2.演练结束后3日内将总结报市森林防灭火指挥部办公室(设在市应急管理局)。")
    assert roles(text) == set()


@pytest.mark.parametrize("city", ["盐城市", "聊城市", "晋城市", "白城市"])
def test_cities_whose_names_end_in_a_body_word(city: str) -> None:
    text = f"1.{city}人民政府负责统筹协调。{city}水利局负责堤防加固。"
    assert roles(text, meta(city, "city")) == {(f"{city}人民政府", "lead"), (f"{city}水利局", "lead")}


def test_directed_lists_closed_by_their_kind() -> None:
    text = ("1.推动苏州市、无锡市等城市开展城市内涝治理。\n2.督促沙钢集团、永钢集团等企业落实安全管理措施。\n"
            "3.督促阳长镇、猪场乡等重点乡镇加快搬迁进度。\n4.督促太姥山镇、磻溪镇等重点林区乡镇于12月底前各组织一次演练。\n"
            "5.督促指导杭州、宁波等地开展城市内涝治理。")
    led = ("苏州市", "无锡市", "沙钢集团", "永钢集团", "阳长镇", "猪场乡", "太姥山镇", "磻溪镇", "杭州市",
           "宁波市")
    assert roles(text, meta("江苏省", "province")) == {(name, "lead") for name in led}


def test_named_zones_listed_before_a_places_zone_body() -> None:
    text = "1.赣州经开区、蓉江新区、赣州高新区安委会负责组织实施。"
    found = roles(text, meta("赣州市", "city"))
    assert {("赣州经开区安全生产委员会", "lead"), ("蓉江新区安全生产委员会", "lead")} <= found
    assert len(found) == 3


def test_bodies_of_a_level_or_grade_are_none_named() -> None:
    text = ("1.二级以上综合医院全部建立应急队伍。\n2.县级以上人民医院全部建立应急队伍。\n"
            "3.县级以上疾控中心全部建立应急队伍。\n4.三级综合医院急诊科全部达标。\n"
            "5.督促各区县(市)水务部门修订完善防汛预案。")
    assert agencies(text, meta("西宁市", "city")) == set()


def test_police_departments_and_directed_objects() -> None:
    county = meta("蒲江县", "county")
    assert roles("1.配合公安交警部门加强农村道路管理。\n2.配合公安交管部门开展客运车辆检查。", county) == {
        ("蒲江县公安交警部门", "lead"), ("蒲江县公安交管部门", "lead")}
    text = ("1.协调县农业农村局、各镇街推进农贸市场改造。\n2.协调公安、交通等部门在校门口设置护学岗。\n"
            "3.协调县财政局将卫生应急经费纳入年度预算。")
    assert roles(text, county) == {(name, "lead") for name in (
        "蒲江县农业农村局", "蒲江县公安部门", "蒲江县交通部门", "蒲江县财政局")}


def test_notes_with_a_helper_a_convention_or_a_field_after_a_space() -> None:
    assert roles("1.组建救援队伍2支。(责任单位:市应急局、市消防救援支队,市公安局配合)") == {
        ("南京市应急管理局", "lead"), ("南京市消防救援支队", "lead"), ("南京市公安局", "support")}
    assert roles("1.升级系统。(责任单位:市气象局、市应急管理局、市水利局。列第一位的为牵头单位)") == {
        ("南京市气象局", "lead"), ("南京市应急管理局", "support"), ("南京市水利局", "support")}
    county = DocumentMeta(jurisdiction="宁安县", level="county", year=2026, issuer="宁安县农业农村局")
    assert roles("1.开展检查。(责任科室:农田建设管理科 完成时间:5月底)", county) == {
        ("农田建设管理科", "lead")}


def test_a_grid_companys_station_helps() -> None:
    text = "1.开展宣传培训。镇应急管理办公室负责组织实施,镇卫生院、国网德清县供电公司新市供电所配合。"
    assert roles(text, meta("新市镇", "town")) == {
        ("新市镇应急管理办公室", "lead"), ("新市镇卫生院", "support"),
        ("国网德清县供电公司新市供电所", "support")}


def test_field_units_of_sector_bureaus_and_what_is_no_body() -> None:
    county = meta("会泽县", "county")
    text = ("1.县建设工程安全质量监督站负责组织实施在建项目检查。\n"
            "2.开展检查。(牵头单位:县公路管理段;配合单位:县气象局)\n3.推动县建筑工务署于4月15日前完成汛前检查。\n4.与云南广播电视总台合作开设专题专栏。")
    assert roles(text, county) == {("会泽县建设工程安全质量监督站", "lead"), ("会泽县公路管理段", "lead"),
                                   ("会泽县气象局", "support"), ("会泽县建筑工务署", "lead"),
                                   ("云南省广播电视总台", "support")}
    text = ("1.县消防救援大队会同县民政局组织消防宣传小分队开展宣传。\n2.由宣传教育科协助做好会务保障。\n"
            "3.在全县中小学校(含幼儿园、中等职业学校)开展演练。\n4.支持县消防救援大队建设综合性应急救援基地。")
    assert agencies(text, county) == {"会泽县消防救援大队", "会泽县民政局"}


def test_a_directed_bodys_partner_in_shared_work_supports() -> None:
    assert roles("2.推动市消防救援支队与市住房城乡建设局合作开展高层建筑消防设施评估。") == {
        ("南京市消防救援支队", "lead"), ("南京市住房城乡建设局", "support")}
    assert roles("3.推动市应急管理局与市水利局完善防汛预案。") == {
        ("南京市应急管理局", "lead"), ("南京市水利局", "lead")}


def test_a_proposed_subject_leads() -> None:
    assert roles("(三)建议市财政局会同市应急管理局研究设立基层应急能力提升专项资金。") == {
        ("南京市财政局", "lead"), ("南京市应急管理局", "support")}


@pytest.mark.parametrize(("sentence", "name"), [
    ("1.{}负责指导各地开展冬春火灾防控。", "应急管理部火灾防治管理司"),
    ("2.{}负责指导灾害风险普查成果应用。", "应急管理部风险监测和综合减灾司"),
    ("3.{}负责指导重大危险源监管。", "应急管理部危险化学品安全监督管理一司"),
    ("4.{}负责指导地震易发区房屋设施加固。", "中国地震局震害防御司"),
])
def test_a_ministrys_department_is_a_national_body(sentence: str, name: str) -> None:
    sentence = sentence.format(name)
    found = find_agencies(sentence, CITY, parse_structure(sentence))
    assert set(found) == {name}
    assert found[name].scope == "national"
    assert roles(sentence) == {(name, "lead")}


def test_national_headquarters_abbreviations_keep_their_prefix() -> None:
    assert labels("1.配合国家防总办公室、国家减灾委、国家森防指做好督导检查。") >= {
        "国家防汛抗旱总指挥部办公室", "国家减灾委员会", "国家森林草原防灭火指挥部"}


def test_national_units_institutes_and_websites() -> None:
    text = ("1.根据教育部办公厅通知要求开展专项行动。\n"
            "2.由市城市管理局牵头,引入清华大学合肥公共安全研究院提供技术支撑。\n3.在市人民政府门户网站公示责任人名单。")
    found = find_agencies(text, CITY, parse_structure(text))
    assert set(found) == {"教育部办公厅", "南京市城市管理局", "清华大学合肥公共安全研究院"}
    assert found["教育部办公厅"].scope == "national"


def test_an_activitys_leading_group_named_with_its_year() -> None:
    text = "(一)组织领导。成立南京市2026年“安全生产月”活动领导小组,负责活动的组织协调。"
    assert roles(text) == {("南京市2026年“安全生产月”活动领导小组", "lead")}


def test_levels_after_each_share_it_in_a_note() -> None:
    assert roles("1.开展检查。(责任单位:市安委办,各县级市、区人民政府)") == {
        ("南京市安全生产委员会办公室", "lead")}
    assert roles("2.开展检查。(责任单位:各区人民政府、市应急局)") == {("南京市应急管理局", "lead")}


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("南山区", "开展深圳湾沿线防台风检查。", "深圳市应急管理局"),
    ("南山区", "开展煤矿安全检查,落实鹤岗市部署。", "鹤岗市应急管理局"),
    ("江北区", "做好长江、嘉陵江防汛,服务重庆发展。", "重庆市应急管理局"),
    ("重庆市江北区", "做好防汛工作。", "重庆市应急管理局"),
    ("江北区", "做好防汛工作。", "宁波市应急管理局"),  # the first listed
])
def test_a_district_whose_name_several_cities_have_is_the_one_the_plan_names(
        title: str, text: str, expected: str) -> None:
    title, text = f"{title}2026年应急管理工作要点", f"1.配合市应急管理局{text}"
    plan = DocumentMeta(jurisdiction=title[title.index("区") - 2:title.index("区") + 1], level="district",
                        year=2026, title=title)
    assert agencies(text, plan) == {expected}


def test_a_parks_body_named_by_its_place_before_national_is_its_own() -> None:
    found = roles("1.县林草局、仙米国家森林公园管理局负责森林防火。", meta("门源回族自治县", "county"))
    assert ("仙米国家森林公园管理局", "lead") in found
    assert roles("2.推动国家矿山安全监察局开展检查。") == {("国家矿山安全监察局", "lead")}


def test_a_places_office_of_a_national_system_is_the_places() -> None:
    text = "1.市国家保密局负责涉密信息管理。\n2.配合省国家安全厅开展检查。\n3.国家保密局负责指导。"
    assert roles(text) == {("南京市国家保密局", "lead"), ("江苏省国家安全厅", "lead"), ("国家保密局", "lead")}


def test_a_remit_in_a_headquarters_or_divisions_name_is_no_hazard_of_the_plan(tmp_path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("岑阳县防汛抗旱指挥部关于做好近期强降雨防范应对工作的紧急通知\n"
                    "1.各乡镇要加强山洪灾害监测预警,县防汛抗旱指挥部办公室负责统一调度。\n"
                    "2.森林防火期内,由火灾防治管理股牵头开展野外用火巡查。\n"
                    "3.依托县矿山救援队组建应急抢险队伍。\n", encoding="utf-8")
    plan = extract(read_document(path))
    keys = {h.key for h in plan.hazards} | {h.key for m in plan.measures for h in m.hazards}
    assert keys == {"flash_flood", "rainstorm", "forest_grassland_fire", "mining"}


def test_an_earthquake_bureau_listed_among_members_is_no_hazard_of_the_plan(tmp_path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("衡水市气象局2026年气象灾害防御工作要点\n一、重点任务\n"
                    "1.明确市气象局、市应急管理局、市地震局等成员单位职责,3月底前印发实施。\n"
                    "2.做好暴雨监测预警。\n", encoding="utf-8")
    plan = extract(read_document(path))
    assert {h.key for m in plan.measures for h in m.hazards} == {"rainstorm"}


@pytest.mark.parametrize("members", ["各有关单位、市应急管理局", "各镇街、市应急管理局",
                                     "各区、县(市)、市应急管理局", "各县市区、市应急管理局"])
def test_a_body_above_the_levels_listed_under_each_is_named(members: str) -> None:
    assert roles(f"1.完成责任清单修订。(责任单位:{members})") == {("南京市应急管理局", "lead")}
    assert agencies(f"2.{members}负责组织落实。") == {"南京市应急管理局"}


def test_levels_listed_under_each_share_a_body_of_their_level() -> None:
    text = "1.督促各市、县应急管理局落实整改。(责任单位:各县级市、区人民政府)"
    assert roles(text, meta("江苏省", "province")) == set()


@pytest.mark.parametrize("name", ["钦州港经济技术开发区安全生产监督管理局",
                                  "国家矿山安全监察局山西局阳泉监察分局",
                                  "中国石油天然气股份有限公司广西石化分公司"])
def test_a_long_full_name_in_a_note_is_listed(name: str) -> None:
    found = roles(f"1.完成防台风应急预案修订。(责任单位:{name})", meta("钦州市", "city"))
    assert {role for _, role in found} == {"lead"}


def test_a_district_named_with_its_city_takes_its_role() -> None:
    plan = meta("广州市", "city")
    text = "1.会同广州市天河区应急管理局开展排查。\n2.由广州天河区消防救援大队牵头开展检查。"
    assert roles(text, plan) == {
        ("天河区应急管理局", "support"), ("天河区消防救援大队", "lead")}
    assert "广州市天河区应急管理局" in labels("1.会同广州市天河区应急管理局开展排查。", plan)


@pytest.mark.parametrize(("note", "expected"), [
    ("(市应急管理局牵头,市公安局、市卫生健康委配合)",
     {("南京市应急管理局", "lead"), ("南京市公安局", "support"), ("南京市卫生健康委", "support")}),
    ("[市应急管理局牵头,市公安局配合]", {("南京市应急管理局", "lead"), ("南京市公安局", "support")}),
    ("(市应急管理局、市公安局)", {("南京市应急管理局", "lead"), ("南京市公安局", "lead")}),
    ("〔责任单位:市应急管理局〕", {("南京市应急管理局", "lead")}),
])
def test_a_note_in_brackets_on_the_line_under_its_task_is_the_tasks(note: str, expected: set) -> None:
    text = f"一、重点任务\n1.开展防汛转移演练,4月底前完成。\n{note}\n2.开展汛前检查。"
    structure = parse_structure(text)
    found = find_agencies(text, CITY, structure)
    duties = find_responsibilities(text, found, structure, 2023)
    assert {(r.agency, r.role) for r in duties} == expected
    first = next(node for node in structure.walk() if node.kind == "item")
    assert all(first.span.start <= r.evidence.start < first.span.end for r in duties)


@pytest.mark.parametrize("alias", ["(市安委办)", "(原市安监局)"])
def test_another_name_in_brackets_after_a_listed_body_keeps_the_list(alias: str) -> None:
    text = f"1.开展检查。(责任单位:市应急局{alias}、市发展改革委)"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市发展改革委", "lead")}
    assert "南京市安全生产监督管理局" not in agencies(text)  # a former name is no body of its own


@pytest.mark.parametrize("note", ["牵头:市应急管理局;配合:市公安局。", "\n牵头:市应急管理局 配合:市公安局"])
def test_short_labels_lead_and_support_a_task(note: str) -> None:
    assert roles(f"一、重点任务\n1.开展检查,6月底前完成。{note}\n2.开展排查。") == {
        ("南京市应急管理局", "lead"), ("南京市公安局", "support")}


def test_a_note_closing_a_run_of_points_is_the_whole_tasks(tmp_path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("济南市应急管理局2026年工作要点\n一、重点任务\n(二)强化危险化学品安全风险管控。一是对全市"
                    "重大危险源企业开展专家指导服务;二是开展废弃危险化学品联合检查,9月底前完成首轮。"
                    "(危险化学品安全监督管理一处、危险化学品安全监督管理二处)\n", encoding="utf-8")
    measures = extract(read_document(path)).measures
    noted = [m for m in measures if m.responsibilities]
    assert len(noted) == 1 and noted[0].span.text.startswith("(二)强化危险化学品安全风险管控。一是")
    assert noted[0].span.text.endswith("二处)")
    assert [m.span.text[-6:] for m in measures if m.number == "二是"] == ["9月底前完成首轮。"[-6:]]


@pytest.mark.parametrize("label", ["责任站所", "实施单位", "责任主体"])
def test_more_duty_labels_on_the_line_under_a_task(label: str) -> None:
    text = f"一、重点任务\n(一)抓紧地质灾害防范,4月底前完成。\n{label}:镇自然资源所(牵头)、镇应急管理站"
    plan = meta("鸭溪镇", "town")
    assert roles(text, plan) == {("鸭溪镇自然资源所", "lead"), ("鸭溪镇应急管理站", "support")}
    assert agencies(text, plan) == {"鸭溪镇自然资源所", "鸭溪镇应急管理站"}  # no 责任站 from the label


@pytest.mark.parametrize("text", ["(二)村(社区)设立应急服务站,到2022年全部完成标准化建设。",
                                  "(一)督促各市、州在年底前全部完成应急管理局挂牌和人员转隶。",
                                  "1.全镇12个村(社区)全部完成应急服务站规范化建设。",
                                  "1.2022年底前完成区、镇街两级应急指挥中心标准化建设。"])
def test_a_body_each_lower_place_sets_up_is_a_kind_not_a_body(text: str) -> None:
    assert agencies(text, meta("余杭区", "district")) == set()


def test_a_body_the_plan_itself_sets_up_is_one() -> None:
    assert agencies("1.组建区城市安全风险管理中心,6月底前运行。", meta("大武口区", "district")) == {
        "大武口区城市安全风险管理中心"}


@pytest.mark.parametrize("text", ["各市(州)财政局、应急管理局,扩权试点县(市)财政局、应急管理局:",
                                  "1.各市(州)应急管理局要会同财政局开展绩效运行监控。",
                                  "2.县(市)财政局负责资金拨付。", "3.督促边境县应急管理局落实。"])
def test_bodies_of_a_kind_of_place_or_each_ones_peers_are_none_named(text: str) -> None:
    assert agencies(text, meta("四川省", "province")) == set()


@pytest.mark.parametrize("text", ["预计台风登陆时中心附近最大风力12级。", "(三)恢复重建县人民医院。",
                                  "启用吴城村委会作为临时避难场所。"])
def test_what_a_notice_describes_or_rebuilds_is_no_body(text: str) -> None:
    assert agencies(text) == set()
    assert agencies("1.全年劝导站值守率达到100%。", meta("北留镇", "town")) == set()
    assert agencies("1.鄱阳湖星子站水位超警戒,各村要于18时前完成转移。", meta("吴城镇", "town")) == set()


def test_counties_of_one_character_listed_before_one_government_share_it() -> None:
    assert roles("1.督促沛县、易县、蠡县人民政府落实属地管理责任。", meta("保定市", "city")) == {
        ("沛县人民政府", "lead"), ("易县人民政府", "lead"), ("蠡县人民政府", "lead")}


@pytest.mark.parametrize("town", ["阿拉坦额莫勒镇", "腾格里额里斯镇"])
def test_a_town_with_a_long_name_takes_its_task(town: str) -> None:
    assert roles(f"1.{town}负责辖区防火检查站设置。", meta("鄂温克族自治旗", "county")) == {(town, "lead")}


@pytest.mark.parametrize(("text", "name"), [("1.红花尔基林业局负责进山路口检查站设置。", "红花尔基林业局"),
                                           ("2.伊敏河林场负责进山路口检查站设置。", "伊敏河林场")])
def test_a_forest_bureau_or_farm_by_its_own_name_acting_is_a_body(text: str, name: str) -> None:
    plan = meta("鄂温克族自治旗", "county")
    assert roles(text, plan) == {(name, "lead")}
    assert agencies("3.深化国有林场改革,加强林场管护。", plan) == set()


def test_a_department_of_the_plans_own_level_after_a_named_place_is_the_plans() -> None:
    plan = meta("成都市", "city")
    assert roles("1.开展检查。(责任单位:彭州市人民政府、市生态环境局)", plan) == {
        ("彭州市人民政府", "lead"), ("成都市生态环境局", "lead")}
    assert agencies("2.长沙市委、市政府统一部署。", meta("浏阳市", "county")) == {
        "中共长沙市委员会", "长沙市人民政府"}
    assert agencies("3.长沙市应急管理局、市公安局负责。", meta("浏阳市", "county")) == {
        "长沙市应急管理局", "长沙市公安局"}  # a place above the plan's: its department is the place's


def test_a_general_headquarters_office_reads_as_written() -> None:
    found = agencies("1.省三防总指挥部办公室负责统筹调度。", meta("广东省", "province"))
    assert found == {"广东省三防总指挥部办公室"}


def test_a_tab_row_wrapped_onto_a_line_with_no_number_is_one_row(tmp_path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("湖南省应急管理厅2026年工作要点\n一、重点任务\n序号\t工作任务\t牵头处室\t配合处室\t完成时限\n"
                    "1\t开展烟花爆竹专项行动\t危险化学品安全监督管理处\t执法总队、\t\n\t\t\t新闻宣传处\t12月31日前\n"
                    "2\t推进执法队伍建设\t政策法规处\t人事处\t年底前\n", encoding="utf-8")
    first = extract(read_document(path)).measures[0]
    assert {(r.agency, r.role) for r in first.responsibilities} == {
        ("危险化学品安全监督管理处", "lead"), ("执法总队", "support"), ("新闻宣传处", "support")}
    assert [(d.text, str(d.due)) for d in first.deadlines] == [("12月31日前", "2026-12-31")]


@pytest.mark.parametrize(("text", "name"), [
    ("1.督促四川和邦生物科技股份有限公司落实主体责任。", "四川和邦生物科技股份有限公司"),
    ("2.督促江西仁和药业有限公司落实主体责任。", "江西仁和药业有限公司"),
    ("3.督促盛虹炼化(连云港)有限公司落实主体责任。", "盛虹炼化(连云港)有限公司"),
])
def test_a_registered_company_whose_name_holds_a_joiner_or_its_place(text: str, name: str) -> None:
    assert roles(text) == {(name, "lead")}
    assert agencies("4.督促企业和华能燃气有限公司落实。") == {"华能燃气有限公司"}  # no name before 和


def test_a_towns_name_ending_in_a_body_word_stays_the_towns() -> None:
    found = roles("1.吴城镇防汛抗旱指挥部负责统一指挥。", meta("吴城镇", "town"))
    assert found == {("吴城镇防汛抗旱指挥部", "lead")}


@pytest.mark.parametrize("text", ["1.市应急管理局要发挥牵头作用,市公安局做好配合,开展专项整治。",
                                  "2.市应急管理局切实履行牵头责任,市公安局积极配合,开展检查。"])
def test_a_lead_named_by_its_role_and_a_partner_by_its_part(text: str) -> None:
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市公安局", "support")}
    assert roles("3.联合市公安局对重点企业开展联合检查。") == {("南京市公安局", "support")}  # 联合 as 会同


@pytest.mark.parametrize(("text", "expected"), [
    ("1.督促胜利能源公司、白音华煤电公司完善边坡监测预警系统。",
     {("胜利能源公司", "lead"), ("白音华煤电公司", "lead")}),
    ("2.会同中国石油新疆油田分公司、西部管道公司开展管道专项整治。",
     {("中国石油新疆油田分公司", "support"), ("西部管道公司", "support")}),
])
def test_a_company_by_its_trade_name_later_in_a_directed_list(text: str, expected: set) -> None:
    assert roles(text, meta("锡林郭勒盟", "city")) == expected
    assert agencies("3.加强企业、燃气公司管理。") == set()


def test_a_task_table_drawn_with_pipes_is_read_by_column() -> None:
    text = normalize("一、重点任务\n| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |\n"
                     "|---|---|---|---|---|\n"
                     "| 1 | 修订救助预案 | 市应急管理局 | 市民政局、市财政局 | 6月底前 |").text
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市民政局", "support"),
                           ("南京市财政局", "support")}


@pytest.mark.parametrize("text", ["1.开展燃气安全整治,6月底前完成。负责单位:市城管局、市住建局",
                                  "一、任务\n序号\t工作任务\t实施单位\t完成时限\n1\t开展燃气整治\t市城管局、市住建局\t6月底前"])
def test_every_label_of_a_note_names_the_bodies_in_a_note_standing_free_and_in_a_column(text: str) -> None:
    assert roles(text) == {("南京市城市管理局", "lead"), ("南京市住房和城乡建设局", "lead")}


@pytest.mark.parametrize(("text", "name"), [
    ("配合省森林消防总队呼伦贝尔支队开展联合演练。", "内蒙古自治区森林消防总队呼伦贝尔支队"),
    ("黑龙江森林消防总队大兴安岭支队呼玛大队:负责林区驻防。", "黑龙江省森林消防总队大兴安岭支队呼玛大队"),
])
def test_a_detachment_named_by_a_city_after_its_corps_and_a_brigade_after_it(text: str, name: str) -> None:
    assert name in agencies(text, meta("呼伦贝尔市", "city"))


@pytest.mark.parametrize(("text", "name"), [
    ("由鞍钢集团矿山救护队负责组织矿山救援演练。", "鞍钢集团矿山救护队"),
    ("由陕西煤业化工集团神南产业发展公司矿山救护大队负责。", "陕西煤业化工集团神南产业发展公司矿山救护大队"),
    ("协调应急管理部南方航空护林总站北方分站做好航空器调配。", "应急管理部南方航空护林总站北方分站"),
])
def test_a_rescue_team_of_a_company_and_a_unit_of_a_unit_are_named_in_full(text: str, name: str) -> None:
    assert roles(text, meta("榆林市", "city")) == {(name, "lead")}


def test_a_companys_rescue_forces_are_no_unit_of_it() -> None:
    assert "中石化沧州炼化公司" in agencies("依托中石化沧州炼化公司危化救援队伍,建设救援基地。")


@pytest.mark.parametrize("verb", ["明确", "压实", "强化", "年初"])
def test_a_verb_before_the_towns_own_party_committee_names_no_town(verb: str) -> None:
    assert agencies(f"1.{verb}镇党委、镇政府安全生产责任。", meta("宾居镇", "town")) == {
        "中共宾居镇委员会", "宾居镇人民政府"}


def test_the_body_that_reads_a_rule_is_given_no_task() -> None:
    assert roles("第十三条 本办法由市应急管理局负责解释。") == set()
    assert roles("市应急管理局负责人员转移。") == {("南京市应急管理局", "lead")}


@pytest.mark.parametrize("note", ["【牵头单位】市应急局\n【责任单位】市公安局、市司法局",
                                  "牵头单位:市应急局\n责任单位:市公安局、市司法局"])
def test_a_duty_list_on_the_line_under_a_named_lead_supports_it(note: str) -> None:
    text = f"1.修订成员单位职责,一季度完成。\n{note}\n2.开展考核。"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市公安局", "support"),
                           ("南京市司法局", "support")}


@pytest.mark.parametrize(("text", "expected"), [
    ("市应急局负责统筹,市经信局、市公安局协同推进。",
     {("南京市应急管理局", "lead"), ("南京市经济和信息化局", "support"), ("南京市公安局", "support")}),
    ("由市应急局负责,市公安局共同开展检查。", {("南京市应急管理局", "lead"), ("南京市公安局", "support")}),
    ("市应急局、市公安局共同推进燃气整治。", {("南京市应急管理局", "lead"), ("南京市公安局", "lead")}),
])
def test_bodies_working_with_one_in_charge_support_it(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("以上两项由省能源局牵头,省应急管理厅按职责分工负责。",
     {("陕西省能源局", "lead"), ("陕西省应急管理厅", "support")}),  # a count of tasks before 由
    ("(以上由省能源局牵头,省应急管理厅配合)", {("陕西省能源局", "lead"), ("陕西省应急管理厅", "support")}),
    ("以上三项分别由省能源局、省应急管理厅牵头负责。",
     {("陕西省能源局", "lead"), ("陕西省应急管理厅", "lead")}),
])
def test_a_note_on_the_tasks_above_names_its_bodies(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("陕西省", "province")) == expected


@pytest.mark.parametrize("note", ["牵头单位:县消防救援大队;成员单位:县交通运输局、县林业局",
                                  "组长单位:县消防救援大队;组成单位:县交通运输局、县林业局",
                                  "牵头单位:县消防救援大队。成员单位:县交通运输局、县林业局"])
def test_the_members_of_a_working_group_support_its_lead(note: str) -> None:
    assert roles(f"(1)抢险救援组。{note}。", meta("阳朔县", "county")) == {
        ("阳朔县消防救援大队", "lead"), ("阳朔县交通运输局", "support"), ("阳朔县林业局", "support")}


def test_the_members_of_a_body_with_no_lead_named_are_given_no_task() -> None:
    assert roles("县防汛抗旱指挥部成员单位:县交通运输局、县林业局。", meta("阳朔县", "county")) == set()


@pytest.mark.parametrize("text", ["(2)市应急局是地质灾害防治工作的主管部门,负责组织隐患点巡排查。",
                                  "(3)市应急局在30日内牵头完成调查评估报告。",
                                  "(1)市应急局。承担市指挥部办公室日常工作。", "(2)市应急局。组织开展演练。"])
def test_a_duty_line_naming_its_body_first(text: str) -> None:
    assert roles(text) == {("南京市应急管理局", "lead")}


def test_where_an_office_sits_is_no_note_on_who_does_the_task() -> None:
    assert roles("1.各单位要于2月20日前将方案报送赛事组委会办公室(设在市体育局)。") == set()
    text = "1.成立春节安全保障工作专班(办公室设在市应急管理局),统筹节日期间安全防范工作。"
    assert "南京市应急管理局" in agencies(text) and roles(text) == set()


@pytest.mark.parametrize(("text", "name"), [("1.碧口中心卫生院负责伤员救治。", "碧口中心卫生院"),
                                           ("1.镇中心卫生院负责伤员救治。", "碧口镇中心卫生院")])
def test_a_towns_central_health_centre_is_one_body(text: str, name: str) -> None:
    assert roles(text, meta("碧口镇", "town")) == {(name, "lead")}


@pytest.mark.parametrize("label", ["建设期限", "实施期限", "建设年限", "实施年限"])
def test_a_projects_period_in_a_note_leaves_its_body_named(label: str) -> None:
    assert roles(f"1.建设监管平台。(责任单位:市应急局;{label}:2021—2023年)") == {("南京市应急管理局", "lead")}


def test_department_types_of_other_sectors() -> None:
    # 综合行政执法, 国资, 行政审批, 邮政, 海洋 ... are department types like 公安 and 交通运输
    assert roles("公安、交通运输、综合行政执法等部门负责查处违规停放。") == {
        ("南京市公安部门", "lead"), ("南京市交通运输部门", "lead"), ("南京市综合行政执法部门", "lead")}
    assert agencies("国资、行政审批、邮政管理、海洋等部门配合。") == {
        "南京市国资部门", "南京市行政审批部门", "南京市邮政管理部门", "南京市海洋部门"}


def test_department_types_written_as_one() -> None:
    assert roles("文化旅游部门负责景区安全。") == {("南京市文化旅游部门", "lead")}
    assert roles("市文化广电旅游部门负责景区安全。") == {("南京市文化广电旅游部门", "lead")}
    assert agencies("加强文化广电和旅游部门监管。") == {"南京市文化广电和旅游部门"}
    # a type that is also the task's verb is the task: "组织|水务、住建等部门"
    assert agencies("县防指组织水务、住建等部门开展检查。", meta("子洲县", "county")) == {
        "子洲县防汛抗旱指挥部", "子洲县水务部门", "子洲县住建部门"}


def test_a_village_named_by_its_level_alone_is_every_village() -> None:
    county = meta("修水县", "county")
    for text in ("村卫生室负责伤员救治。", "社区警务室负责巡查。", "由村卫生所、社区卫生服务站负责。",
                 "村(社区)应急服务站实现全覆盖。"):
        assert agencies(text, county) == set(), text
    assert roles("综合室负责信息报送。", county) == {("综合室", "lead")}


def test_a_body_a_directive_makes_pass_the_task_on_leads() -> None:
    plan = meta("浙江省", "province")
    assert roles("协调省交通运输厅督促海上风电运维船舶落实安全责任。", plan) == {("浙江省交通运输厅", "lead")}
    assert roles("协调省交通运输厅。", plan) == set()


def test_a_due_time_between_the_subject_and_its_role() -> None:
    assert roles("市应急管理局于4月底前会同市住建局开展燃气安全检查。") == {
        ("南京市应急管理局", "lead"), ("南京市住房和城乡建设局", "support")}
    assert roles("市公安局要在5月底前会同市交通运输局开展打击行动。") == {
        ("南京市公安局", "lead"), ("南京市交通运输局", "support")}


def test_a_body_called_to_account_is_named_without_the_verb() -> None:
    plan = meta("平顶山市", "city")
    for text, body in (("责成新竹街道办事处对辖区内自建房制定整治方案。", "新竹街道办事处"),
                       ("约谈安哈镇人民政府主要负责人。", "安哈镇人民政府"),
                       ("责成郏县人民政府立即组织开展集中整治。", "郏县人民政府")):
        assert agencies(text, plan) == {body}, text


def test_every_prefecture_city_is_no_body() -> None:
    assert agencies("各地级以上市三防指挥部要加强值守。", meta("广东省", "province")) == set()


def test_a_meeting_room_is_no_body() -> None:
    assert agencies("市安委办在市住房和城乡建设局三楼会议室召开约谈会。") == {
        "南京市安全生产委员会办公室", "南京市住房和城乡建设局"}
    assert "南京市应急管理局值班室" in agencies("市应急管理局值班室负责24小时值守。")


def test_a_town_plans_offices() -> None:
    town = meta("燕子砭镇", "town")
    text = ("成立镇防汛指挥部,成员由镇党政办、应急管理办公室、水利站组成。"
            "领导小组下设办公室在镇应急办,负责日常工作。"
            "卫生院负责对辖区村卫生室开展检查。城建办负责巡查。(责任单位:镇应急管理办公室)")
    found = find_agencies(text, town, parse_structure(text))
    # a town has no bureaus: its divisions are the town government's
    assert found["城建办"].parent == "燕子砭镇人民政府"
    # the bare name of the town's own office is that office; "领导小组下设办公室" and 村卫生室 are none
    assert "应急管理办公室" in found["燕子砭镇应急管理办公室"].alt_labels
    assert set(found) == {"燕子砭镇防汛指挥部", "燕子砭镇党政办", "燕子砭镇应急管理办公室", "燕子砭镇水利站",
                          "燕子砭镇卫生院", "城建办"}
    street, text = meta("古南街道", "town"), "城建办负责巡查。"
    assert find_agencies(text, street, parse_structure(text))["城建办"].parent == "古南街道办事处"


def test_customs_are_bodies() -> None:
    plan = meta("上海市", "province")
    assert roles("上海海关负责进出口危险品检验。", plan) == {("上海市海关", "lead")}
    assert roles("海关总署负责进口危险品监管。", plan) == {("海关总署", "lead")}
    assert labels("加强海关监管和口岸查验。", plan) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("市自然资源和规划局城区分局负责地质灾害巡查。", "岚溪市自然资源和规划局城区分局"),
    ("市公安局高新分局负责园区治安。", "岚溪市公安局高新分局"),
    ("市公安局长江分局负责水上治安。", "岚溪市公安局长江分局"),  # no 局长 there
])
def test_a_branch_named_by_any_area_under_its_bureau(text: str, name: str) -> None:
    assert roles(text, meta("岚溪市", "city")) == {(name, "lead")}


def test_a_county_named_by_one_character_is_a_place() -> None:
    assert roles("1.易县应急管理局负责物资储备。", meta("保定市", "city")) == {("易县应急管理局", "lead")}
    assert roles("1.沛县人民政府负责防汛。", meta("徐州市", "city")) == {("沛县人民政府", "lead")}
    # 和 joins two names; 县 is a level word
    assert roles("市应急局和县应急局负责物资储备。") == {("南京市应急管理局", "lead")}
    assert "和县防汛抗旱指挥部" not in labels("根据《防洪法》和县防汛抗旱指挥部有关要求,开展排查。")


def test_a_county_level_city_made_a_district_is_known_as_one() -> None:
    assert roles("即墨区人民政府负责化工园区整治,即墨区应急管理局配合。", meta("青岛市", "city")) == {
        ("即墨区人民政府", "lead"), ("即墨区应急管理局", "support")}


@pytest.mark.parametrize(("text", "expected"), [
    ("1.督促长寿经济技术开发区管委会落实园区封闭化管理。", {("长寿经济技术开发区管委会", "lead")}),
    ("2.两江新区管委会、天津港保税区管委会负责辖区安全生产工作。",
     {("两江新区管委会", "lead"), ("天津港保税区管委会", "lead")}),
    ("3.会同空港工业园区管委会开展联合执法。", {("空港工业园区管委会", "support")}),
    ("4.中新天津生态城管委会、临港工业区管委会负责辖区安全生产。",
     {("中新天津生态城管委会", "lead"), ("临港工业区管委会", "lead")}),
])
def test_a_zone_named_before_its_kind_names_its_committee(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("重庆市", "province")) == expected


@pytest.mark.parametrize(("jurisdiction", "text", "expected"), [
    ("河北雄安新区", "1.新区规划建设局负责在建工程安全度汛,新区综合执法局配合。",
     {("河北雄安新区规划建设局", "lead"), ("河北雄安新区综合执法局", "support")}),
    ("河北雄安新区", "2.新区管委会负责统筹全区防汛工作。", {("河北雄安新区管委会", "lead")}),
    ("合肥经济技术开发区", "1.经开区安监局负责危化品企业检查。",
     {("合肥经济技术开发区安全生产监督管理局", "lead")}),
    ("合肥经济技术开发区", "2.社会事务局负责学校安全管理,建设发展局负责在建工程安全监管。",
     {("合肥经济技术开发区社会事务局", "lead"), ("合肥经济技术开发区建设发展局", "lead")}),
    ("合肥经济技术开发区", "3.由经济发展局牵头,党政办公室配合,开展专项督查。",
     {("合肥经济技术开发区经济发展局", "lead"), ("党政办公室", "support")}),
])
def test_a_zones_plan_names_its_own_bodies_by_its_kind_or_bare(
        jurisdiction: str, text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta(jurisdiction, "district")) == expected


def test_a_streets_area_office_in_a_municipalitys_district() -> None:
    assert roles("1.南磨房地区办事处、小红门地区办事处负责防汛物资补充。", meta("朝阳区", "district")) == {
        ("南磨房地区办事处", "lead"), ("小红门地区办事处", "lead")}
    assert labels("1.重点地区办事处负责防汛物资补充。", meta("朝阳区", "district")) == set()


@pytest.mark.parametrize("number", ["第四条 ", "第1条 ", "2.3.1 ", "3.1.1.", "① ", "1) ", "1）", "A. ", "● ",
                                    "—— ", "- "])
def test_the_subject_after_any_item_mark_keeps_its_role(number: str) -> None:
    plan = meta("松岩县", "county")
    assert roles(f"{number}县林业局负责提供林区地形图。", plan) == {("松岩县林业局", "lead")}


@pytest.mark.parametrize("seat", ["设在", "挂靠"])
def test_the_body_an_office_sits_in_is_named_without_the_verb(seat: str) -> None:
    plan = meta("青岚县", "county")
    text = f"县安委会办公室({seat}县应急管理局)负责考核的具体实施。"
    assert agencies(text, plan) == {"青岚县安全生产委员会办公室", "青岚县应急管理局"}
    assert roles(text, plan) == {("青岚县安全生产委员会办公室", "lead")}


def test_the_office_of_a_body_known_by_its_short_form() -> None:
    assert roles("1.市防指办负责汛期值守。") == {("南京市防汛抗旱指挥部办公室", "lead")}


def test_a_governments_command_with_and_without_the_government_in_its_name() -> None:
    text = "1.南京市人民政府防汛抗旱指挥部负责统一指挥,主汛期市防汛抗旱指挥部每日组织会商。"
    assert agencies(text) == {"南京市人民政府防汛抗旱指挥部"}
    assert "南京市防汛抗旱指挥部" in labels(text)


def test_each_member_of_a_list_opened_by_each_is_generic() -> None:
    assert agencies("1.指导各县(市、区)应急管理局、自然资源局、市气象局完善预警机制。") == {"南京市气象局"}
    assert agencies("各市州减灾委员会、应急管理局:") == set()


def test_each_prefecture_with_an_aside_is_generic() -> None:
    assert agencies("各州(市)林草部门负责。", meta("云南省", "province")) == set()


def test_labels_in_lenticular_brackets_one_after_another() -> None:
    text = "1.开展巡护。【牵头单位】市应急局【配合单位】市公安局、市林业局"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市公安局", "support"),
                           ("南京市林业局", "support")}


def test_a_division_of_the_issuing_body() -> None:
    plan = DocumentMeta(jurisdiction="云南省", level="province", year=2024, issuer="云南省林业和草原局")
    assert roles("1.由局计划财务处负责。", plan) == {("云南省林业和草原局计划财务处", "lead")}


def test_a_sentence_long_heading_about_progress_is_no_past_section() -> None:
    text = "二、工作要求\n(一)县应急管理局负责牵头抓总,每半年向县政府报告一次工作进展。"
    assert roles(text, meta("桐庐县", "county")) == {("桐庐县应急管理局", "lead")}



def test_a_body_that_takes_on_or_carries_out_a_task() -> None:
    county = meta("栖川县", "county")
    assert roles("1.人工防雹作业由县人工影响天气中心组织实施。", county) == {
        ("栖川县人工影响天气中心", "lead")}
    assert roles("2.县气象台承担灾害性天气预警发布工作。", county) == {("栖川县气象台", "lead")}
    assert roles("3.企业承担安全生产主体责任。", county) == set()



def test_bodies_by_which_another_is_helped() -> None:
    district = meta("栖湖区", "district")
    assert roles("1.由区城市管理局、区消防救援大队配合区住建局开展燃气执法检查。", district) == {
        ("栖湖区城市管理局", "support"), ("栖湖区消防救援大队", "support"),
        ("栖湖区住房和城乡建设局", "lead")}
    assert roles("2.由区城市管理局协助区住建局开展瓶装气整治。", district) == {
        ("栖湖区城市管理局", "support"), ("栖湖区住房和城乡建设局", "lead")}



def test_bodies_a_directive_joins_with_and_both_act() -> None:
    county = meta("栖川县", "county")
    assert roles("1.推动县水利局与县气象局完善信息共享机制。", county) == {
        ("栖川县水利局", "lead"), ("栖川县气象局", "lead")}
    # elsewhere 与 names a partner: in "X与Y联合开展…" X leads and Y supports, as with 会同
    assert roles("2.县水利局与县气象局联合开展会商。", county) == {
        ("栖川县水利局", "lead"), ("栖川县气象局", "support")}



def test_a_body_set_up_to_take_charge_leads() -> None:
    county = meta("栖川县", "county")
    assert roles("1.县政府设立县防汛抗旱指挥部(以下简称县防指),负责组织指挥全县防汛抗旱工作。", county) == {
        ("栖川县防汛抗旱指挥部", "lead")}
    # the office of a group set up, not the group, when the office is named in charge
    assert roles("2.成立县燃气安全工作领导小组,领导小组办公室设在县住建局,负责组织协调。", county) == {
        ("栖川县燃气安全工作领导小组办公室", "lead")}


# --- agencies --------------------------------------------------------------------------------------------


def test_an_autonomous_county_calls_its_own_bodies_by_the_county_word() -> None:
    plan = meta("禄劝彝族苗族自治县", "county")
    assert agencies("县林草局、县应急局按职责分工负责。", plan) == {
        "禄劝彝族苗族自治县林业和草原局", "禄劝彝族苗族自治县应急管理局"}


def test_an_autonomous_prefecture_calls_its_own_bodies_by_the_prefecture_word() -> None:
    plan = meta("黔东南苗族侗族自治州", "city")
    assert agencies("州水务局负责培训,与州军分区联合开展演练。", plan) == {
        "黔东南苗族侗族自治州水务局", "黔东南苗族侗族自治州军分区"}


def test_the_joint_discipline_and_supervision_commission() -> None:
    assert agencies("县纪委监委对履职不力的追责问责。", meta("攸县", "county")) == {"攸县纪委监委"}


@pytest.mark.parametrize("text", [
    "年内新建微型消防站20个以上。",
    "完成乡镇应急管理站规范化建设。",
    "实现全县13个镇(街道)应急管理所全覆盖。",
])
def test_types_of_body_are_no_agency(text: str) -> None:
    assert agencies(text, meta("德清县", "county")) == set()


def test_an_office_headed_by_suo_and_not_the_particle_suo() -> None:
    plan = meta("龙门乡", "town")
    assert agencies("乡国土所负责落实监测责任人。", plan) == {"龙门乡国土所"}
    assert agencies("根据我乡应急管理工作所涉及的重点领域。", plan) == set()


def test_a_duty_of_moving_people_is_no_post_and_local_is_no_body() -> None:
    plan = meta("青崖县", "county")
    assert roles("1.县应急管理局负责人员转移安置工作。2.县气象局负责人工增雨作业。", plan) == {
        ("青崖县应急管理局", "lead"), ("青崖县气象局", "lead")}
    assert roles("3.县应急管理局负责人：张三。", plan) == set()
    assert agencies("预计汛期我县降雨偏多，局部地区可能出现强降雨。", plan) == set()


def test_bodies_of_the_plans_own_level_when_its_place_is_unknown() -> None:
    plan = DocumentMeta(title="2025年应急管理工作要点", level="county", year=2025)
    text = ("（一）完成规范化建设。（牵头单位：县应急管理局；配合单位：县财政局）\n"
            "（二）县应急管理局负责值守，县委、县政府听取汇报。")
    assert roles(text, plan) == {("县应急管理局", "lead"), ("县财政局", "support")}
    assert {"中共县委", "县人民政府"} <= agencies(text, plan)


def test_a_base_after_a_level_word() -> None:
    assert agencies("推进市应急救援综合基地建设,建设教育培训基地。", meta("宁波市", "city")) == {
        "宁波市应急救援综合基地"}


def test_a_short_place_name_before_a_body() -> None:
    assert "宁波海事局" in labels("由市交通运输局会同宁波海事局负责水上搜救。", meta("宁波市", "city"))
    assert "广西海事局" in labels("联合广西海事局开展渔船检查。", meta("广西壮族自治区", "province"))


def test_a_level_word_after_a_verb_that_ends_like_a_word() -> None:
    plan = meta("朝阳区", "district")
    assert agencies("开展区委、区政府对各街道的考核巡查。", plan) == {"中共朝阳区委员会", "朝阳区人民政府"}
    assert "区应急物资储备中心" in labels("新建区应急物资储备中心。", meta("萧山区", "district"))


def test_the_jurisdiction_without_its_suffix_names_its_bodies() -> None:
    assert agencies("沙河派出所负责出租屋排查。", meta("沙河街道", "town")) == {"沙河派出所"}


def test_a_streets_own_offices_named_by_their_work() -> None:
    street = meta("桂湾街道", "town")
    assert roles("1.平安办负责于3月底前签订责任书。", street) == {("平安办", "lead")}
    assert roles("2.社区事务办牵头,经发办、城建办配合。", street) == {
        ("社区事务办", "lead"), ("经发办", "support"), ("城建办", "support")}
    assert agencies("3.开展“三小场所”整治。", street) == set()


def test_a_towns_unit_named_in_prose_and_in_a_table_cell_is_one_body() -> None:
    text = ("1.城管科牵头,市场监管所、平安办配合,开展燃气安全专项整治。\n二、月度工作安排\n"
            "月份\t工作内容\t责任科室\n10月\t开展人员密集场所安全检查\t市场监管所、平安办\n")
    assert agencies(text, meta("桂湾街道", "town")) == {"城管科", "桂湾街道市场监管所", "平安办"}


def test_named_residents_and_villagers_committees() -> None:
    street = meta("桂湾街道", "town")
    assert roles("1.金桂社区居委会负责组织消防设施检测。", street) == {("金桂社区居委会", "lead")}
    assert roles("2.青石村委会负责更新转移名单。", street) == {("青石村委会", "lead")}
    assert agencies("3.社区居委会要加强巡查。", street) == set()


def test_a_towns_plan_names_its_police_station_with_no_prefix() -> None:
    town = meta("清溪镇", "town")
    assert roles("4.派出所负责道路交通安全劝导。", town) == {("清溪镇派出所", "lead")}
    assert agencies("联合市场监管所、派出所开展检查。", town) == {"清溪镇市场监管所", "清溪镇派出所"}
    assert agencies("派出所负责道路交通安全劝导。") == set()  # a city's plan: which of its stations?


@pytest.mark.parametrize(("text", "plan", "expected"), [
    ("镇党委、政府高度重视安全生产。", meta("周庄镇", "town"), {"中共周庄镇委员会", "周庄镇人民政府"}),
    ("街道党工委、办事处将安全纳入考核。", meta("沙河街道", "town"), {"沙河街道党工委", "沙河街道办事处"}),
])
def test_a_bare_government_after_a_prefixed_body_shares_its_place(text: str, plan: DocumentMeta,
                                                                   expected: set[str]) -> None:
    assert agencies(text, plan) == expected


def test_a_unit_of_a_national_body() -> None:
    plan = meta("广西壮族自治区", "province")
    assert agencies("配合应急管理部南方区域中心开展联合演练。", plan) == {"应急管理部南方区域中心"}
    assert not any(name.endswith("指挥部") for name in agencies("发挥应急管理部门指挥部作用。", plan))


@pytest.mark.parametrize(("text", "name"), [
    ("市公安局交通警察支队负责道路交通安全整治。", "南京市公安局交通警察支队"),
    ("市公安局特警支队负责。", "南京市公安局特警支队"),
    ("市综合行政执法局负责燃气安全。", "南京市综合行政执法局"),
    ("市应急管理局综合行政执法支队具体负责。", "南京市应急管理局综合行政执法支队"),
])
def test_police_and_law_enforcement_units(text: str, name: str) -> None:
    assert roles(text) == {(name, "lead")}


def test_law_enforcement_words_alone_name_no_agency() -> None:
    assert agencies("加强行政执法能力建设,推进综合行政执法改革,严格交通警察执法。") == set()


@pytest.mark.parametrize("text", [
    "区各专项指挥部办公室按职责分别负责专项预案修编。",  # each of them, after a level word
    "各街道全部建成标准化应急管理站。",  # a standard to build to
    "每万人口综合性消防救援队伍人数≥3。",  # what an indicator counts
])
def test_categories_and_indicators_are_no_agency(text: str) -> None:
    assert agencies(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("1.团市委负责组织青年志愿者参与宣传。", {("南京市共青团委员会", "lead")}),  # not the party's 市委
    ("2.市红十字会、共青团南京市委负责招募志愿者。",
     {("南京市红十字会", "lead"), ("南京市共青团委员会", "lead")}),
    ("1.省军区、武警南京支队按职责分工负责抢险救灾。", {("江苏省军区", "lead"), ("武警南京支队", "lead")}),
    ("1.督促南京经济技术开发区管委会落实园区安全风险分级管控。", {("南京市经济技术开发区管委会", "lead")}),
    ("1.市应急管理局联合市气象局、市水利局每月发布灾害风险提示。", {
        ("南京市应急管理局", "lead"), ("南京市气象局", "support"), ("南京市水利局", "support")}),
])
def test_bodies_and_forms_of_other_plans(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text) == expected


def test_any_body_after_a_level_word_that_opens_a_list_item() -> None:
    text = "1.市应急管理局牵头,市交通运输局、市邮政管理局、市民族宗教事务局、市国防动员办公室配合,开展检查。"
    supporters = {"南京市交通运输局", "南京市邮政管理局", "南京市民族宗教事务局", "南京市国防动员办公室"}
    assert roles(text) == {("南京市应急管理局", "lead")} | {(name, "support") for name in supporters}
    assert agencies("1.市烟草专卖局负责卷烟仓库消防安全。") == {"南京市烟草专卖局"}
    assert agencies("2.服务我区应急管理发展全局。", meta("大武口区", "district")) == set()


def test_free_text_before_a_head_does_not_run_over_a_name() -> None:
    assert agencies("1.市消防救援支队全年接处警1872起。") == {"南京市消防救援支队"}


def test_branches_of_companies_and_the_press() -> None:
    text = "2.市电信分公司、市移动分公司、南京日报社:负责保障防汛通信和宣传报道。"
    assert roles(text) == {("南京市电信分公司", "lead"), ("南京市移动分公司", "lead"),
                           ("南京市日报社", "lead")}
    assert roles("3.市交通运输局、国网南京供电公司配合。") == {("南京市交通运输局", "support"),
                                                               ("国网南京供电公司", "support")}
    assert agencies("4.中石化溪宁分公司负责加油站安全管理。") == {"中石化溪宁分公司"}


def test_units_of_the_party_committee_and_the_government() -> None:
    district = meta("鹤鸣区", "district")
    assert roles("1.会同区委督查室、区政府督查室开展督查。", district) == {
        ("中共鹤鸣区委督查室", "support"), ("鹤鸣区人民政府督查室", "support")}
    found = agencies("2.区委党校、区委老干部局、区政府研究室、区委台办、区政协负责。", district)
    assert found == {"中共鹤鸣区委党校", "中共鹤鸣区委老干部局", "鹤鸣区人民政府研究室",
                     "中共鹤鸣区委台湾事务办公室", "鹤鸣区政协"}


def test_a_verb_before_an_institutions_head_is_no_name() -> None:
    assert agencies("1.加强医院、养老院等人员密集场所应急供电保障。") == set()


def test_schools_given_a_task() -> None:
    county = meta("白岭县", "county")
    assert roles("1.白岭中心学校负责组织师生疏散演练。", county) == {("白岭中心学校", "lead")}
    found = agencies("2.县第一中学、县职业中专、县实验小学、县机关幼儿园配合开展消防演练。", county)
    assert found == {"县第一中学", "县职业中专", "县实验小学", "县机关幼儿园"}
    assert agencies("3.各中小学校负责开展防溺水教育,加强学校安全管理。", county) == set()
    assert agencies("4.重点提升学校、医院等场所安全水平,开展一次集中学习培训。", county) == set()
    assert roles("5.县教育局负责学校安全管理,县卫健委负责医院安全管理,开展宣传进学校活动。", county) == {
        ("白岭县教育局", "lead"), ("白岭县卫生健康委员会", "lead")}
    assert agencies("6.县教师进修学校负责培训。", county) == {"县教师进修学校"}
    for text in ("7.每所学校配备AED设备1台。", "8.全市寄宿制学校微型消防站建成率达到100%。",
                 "9.完成60所农村学校周边设施改造。", "10.开展春秋季学校食品安全专项检查。",
                 "11.县教育局视情通知中小学、幼儿园停课。", "12.改善学校周边道路交通环境。",
                 "13.在重点村设置地质灾害监测站,督促省属煤矿企业集团落实主体责任。"):
        assert agencies(text, county) <= {"白岭县教育局"}, text


def test_a_town_acting_by_its_name_is_its_government() -> None:
    county = meta("白岭县", "county")
    text = ("1.城关镇负责组织转移演练。\n2.城关镇人民政府配合做好安置工作。\n"
            "3.龙溪街道负责巡查。\n4.龙溪街道办事处配合。")
    found = find_agencies(text, county, parse_structure(text))
    assert {name: set(agency.alt_labels) for name, agency in found.items()} == {
        "城关镇人民政府": {"城关镇"}, "龙溪街道办事处": {"龙溪街道"}}
    assert roles(text, county) == {("城关镇人民政府", "lead"), ("城关镇人民政府", "support"),
                                   ("龙溪街道办事处", "lead"), ("龙溪街道办事处", "support")}


def test_streets_offices_in_a_list() -> None:
    district = meta("鹤鸣区", "district")
    assert roles("1.城东街道办事处、城西街道办事处配合做好转移。", district) == {
        ("城东街道办事处", "support"), ("城西街道办事处", "support")}
    assert roles("2.木耳镇人民政府、龙溪镇人民政府负责巡查。", district) == {
        ("木耳镇人民政府", "lead"), ("龙溪镇人民政府", "lead")}


def test_a_notes_time_field_is_no_member() -> None:
    text = "1.关闭采石场3座。(牵头单位:市安委办;责任单位:市应急局、市自然资源局;完成时限:2023年9月30日前)"
    assert roles(text) == {("南京市安全生产委员会办公室", "lead"), ("南京市应急管理局", "support"),
                           ("南京市自然资源局", "support")}


def test_a_note_holding_a_generic_member_with_its_levels() -> None:
    text = "1.建成市级应急指挥平台。(市应急局牵头,市财政局、各县(市、区)人民政府配合)"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市财政局", "support")}
    text = "2.推进应急管理站建设。(市应急局、市财政局、各乡镇(街道))"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市财政局", "lead")}


def test_labels_apart_by_spaces_and_a_verb_after_a_duty_label() -> None:
    text = "01 监测预警系统建设工程。\n牵头单位:市应急局  配合单位:市大数据局、市财政局\n"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市大数据局", "support"),
                           ("南京市财政局", "support")}
    text = "1.完成老旧燃气管网改造。(责任单位:市住建局牵头,市市场监管局、市商务局按职责分工负责)"
    assert roles(text) == {("南京市住房和城乡建设局", "lead"), ("南京市市场监督管理局", "support"),
                           ("南京市商务局", "support")}


def test_special_committees_and_units_of_a_level_in_general() -> None:
    district = meta("滨澜区", "district")
    assert roles("1.区安委会危化品专委会负责统筹推进,区安委会道路交通安全专委会配合。", district) == {
        ("滨澜区安全生产委员会危化品专委会", "lead"), ("滨澜区安全生产委员会道路交通安全专委会", "support")}
    text = "2.开展燃气经营企业安全检查。(牵头单位:区住建局;配合单位:区直有关部门、区级相关单位)"
    assert roles(text, district) == {("滨澜区住房和城乡建设局", "lead")}


def test_a_task_table_with_caption_rows() -> None:
    text = ("序号\t任务内容\t牵头单位\t配合单位\n一、燃气经营环节\n1\t开展安全评估\t市住建局\t市应急局\n"
            "二、燃气使用环节\n2\t开展餐饮企业检查\t市市场监管局\t市消防救援支队\n")
    assert roles(text) == {("南京市住房和城乡建设局", "lead"), ("南京市应急管理局", "support"),
                           ("南京市市场监督管理局", "lead"), ("南京市消防救援支队", "support")}


def test_numbered_duties_by_agency() -> None:
    inline = "市公安局:1.负责道路交通安全管理。2.牵头开展隐患排查治理,市交通运输局配合。3.配合做好宣传。\n"
    assert roles(inline) == {("南京市公安局", "lead"), ("南京市交通运输局", "support"),
                             ("南京市公安局", "support")}
    lines = ("(一)市公安局:\n1.负责道路交通安全管理。\n2.牵头开展隐患排查治理。\n"
             "(二)市民政局:\n1.负责养老机构安全。\n")
    assert roles(lines) == {("南京市公安局", "lead"), ("南京市民政局", "lead")}
    structure = parse_structure(lines)
    found = find_responsibilities(lines, find_agencies(lines, CITY, structure), structure, 2023)
    assert sorted(r.evidence.text for r in found if r.agency == "南京市公安局") == [
        "1.负责道路交通安全管理。", "2.牵头开展隐患排查治理。"]


def test_a_list_of_duties_by_agency_whatever_the_verb() -> None:
    text = "五、职责分工\n市应急管理局:指导协调燃气安全整治工作;\n市发改委、市财政局:按职责做好资金保障。\n"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市发展和改革委员会", "lead"),
                           ("南京市财政局", "lead")}
    assert roles("六、联系方式\n市应急管理局:张三,联系电话:025-12345678。\n") == set()


def test_a_streets_offices_in_a_note_and_a_towns_school() -> None:
    street = meta("青禾街道", "town")
    text = ("1.完成检查。(责任单位:街道应急办、社区事务科)\n"
            "2.完成轮训。(牵头科室:街道平安办;配合科室:街道城管科)")
    assert roles(text, street) == {("青禾街道应急办", "lead"), ("社区事务科", "lead"),
                                   ("青禾街道平安办", "lead"), ("青禾街道城管科", "support")}
    town = meta("黛山乡", "town")
    assert roles("1.乡卫生院、黛山中心学校分别负责医疗救治。\n2.依托乡中心学校设置安置点。", town) == {
        ("黛山乡卫生院", "lead"), ("黛山中心学校", "lead")}


def test_regressions_of_this_sessions_division_rules() -> None:
    province = meta("山西省", "province")
    text = ("1.完成煤尘治理。(牵头单位:省煤监局;配合单位:省应急管理厅煤矿安全监督管理处)\n"
            "2.省应急管理厅非煤矿山安全监督管理处牵头,关闭小型非煤矿山40座。")
    found = roles(text, province)  # 煤矿 is no short form of 非煤矿山: two divisions
    assert ("山西省应急管理厅煤矿安全监督管理处", "support") in found
    assert ("山西省应急管理厅非煤矿山安全监督管理处", "lead") in found
    assert ("山西省应急管理厅非煤矿山安全监督管理处", "support") not in found
    text = "3.按照省政府和省森林草原防灭火指挥部要求,建立省减灾委办公室、省防汛抗旱指挥部办公室会商机制。"
    assert agencies(text, province) == {"山西省人民政府", "山西省森林草原防灭火指挥部",
                                        "山西省减灾委员会办公室", "山西省防汛抗旱指挥部办公室"}


def test_divisions_of_a_department_and_of_a_ministry() -> None:
    province = DocumentMeta(jurisdiction="岚江省", level="province", year=2025, issuer="岚江省应急管理厅")
    text = ("各项任务分工如下(括号内为责任处室,排名第一的为牵头处室):\n1.修订职责。(综合处、政策法规处)\n"
            "2.由厅综合处牵头开展评估,厅安全生产基础处配合。\n3.开展整治。(主办处室:危化处;协办处室:基础处)\n"
            "4.开展评估。(危化处主办,基础处协办)")
    # 综合处 and 基础处 alone are the 厅综合处 and 厅安全生产基础处 named in prose
    assert roles(text, province) == {("岚江省应急管理厅综合处", "lead"), ("政策法规处", "support"),
                                     ("岚江省应急管理厅安全生产基础处", "support"), ("危化处", "lead")}
    ministry = DocumentMeta(year=2025, issuer="应急管理部")
    assert roles("(一)完成条例修订。(政策法规司牵头,规划财务司配合)", ministry) == {
        ("政策法规司", "lead"), ("规划财务司", "support")}
    assert not agencies("1.依法规范公司运营,加强司法协作。", ministry)
    assert roles("(二)加强值守。(办公厅、应急指挥中心)", ministry) == {("办公厅", "lead"),
                                                                  ("应急指挥中心", "lead")}


def test_divisions_named_in_words_of_their_own() -> None:
    province = meta("江岳省", "province")
    assert roles("1.省应急管理厅安全生产基础处负责,省应急管理厅调查评估和统计处配合。", province) == {
        ("江岳省应急管理厅安全生产基础处", "lead"), ("江岳省应急管理厅调查评估和统计处", "support")}
    county = meta("桐溪县", "county")
    text = "1.县住建局质量安全股负责深基坑检查。(牵头单位:质量安全股;配合单位:建筑业管理股)"
    found = find_agencies(text, county, parse_structure(text))
    assert {name: set(agency.alt_labels) for name, agency in found.items()} == {
        "桐溪县住房和城乡建设局质量安全股": {"县住建局质量安全股", "质量安全股"}, "建筑业管理股": set()}
    assert agencies("2.引导企业参股,形成一股合力。", county) == set()
    city = meta("峪川市", "county")
    assert labels("3.市教育局基础教育科、学前教育科分别负责督促指导中小学校、幼儿园落实制度。", city) >= {
        "峪川市教育局基础教育科", "学前教育科"}
    assert not labels("3.督促指导中小学校、幼儿园落实制度。", city)


def test_a_table_of_duties_by_member_unit() -> None:
    text = "序号\t成员单位\t职责\n1\t市水利局\t负责水利工程调度\n2\t市气象局\t负责气象监测预报预警\n"
    assert roles(text) == {("南京市水利局", "lead"), ("南京市气象局", "lead")}
    contacts = "序号\t成员单位\t联系人\t电话\n1\t市水利局\t张三\t12345678\n2\t市气象局\t李四\t87654321\n"
    assert roles(contacts) == set()


def test_a_short_form_declared_in_brackets_names_the_body_before_it() -> None:
    text = ("1.市政府设立南京市危险化学品事故应急指挥部(以下简称市指挥部),负责统一领导。\n"
            "2.市指挥部负责发布预警。")
    found = find_agencies(text, CITY, parse_structure(text))
    assert found["南京市危险化学品事故应急指挥部"].alt_labels == ("市指挥部",)
    assert set(found) == {"南京市人民政府", "南京市危险化学品事故应急指挥部"}
    assert agencies("3.市政府成立市安全生产委员会。") == {"南京市人民政府", "南京市安全生产委员会"}
    assert roles(text) == {("南京市危险化学品事故应急指挥部", "lead")}


def test_the_office_of_the_leading_group_set_up_sits_in_a_bureau() -> None:
    text = ("1.成立市建筑施工安全专项整治工作领导小组,领导小组办公室设在市住房和城乡建设局,"
            "负责专项整治的组织协调。")
    assert roles(text) == {("南京市建筑施工安全专项整治工作领导小组办公室", "lead")}


def test_a_task_body_naming_its_year_and_a_stations_head() -> None:
    assert "南京市2023年地震应急综合演练领导小组" in agencies("1.成立南京市2023年地震应急综合演练领导小组。")
    county = meta("青杨县", "county")
    assert agencies("2.桃源街道联络员:彭亮(应急站站长);青溪乡联络员:邓红(安监站站长)。", county) == set()


def test_the_city_a_title_names_decides_a_district_shared_by_several() -> None:
    gulou = DocumentMeta(jurisdiction="鼓楼区", level="district", year=2025,
                         title="福州市鼓楼区2025年防汛工作方案")
    found = agencies("1.市民政局、区应急管理局负责组织群众疏散。", gulou)
    assert found == {"福州市民政局", "鼓楼区应急管理局"}


def test_a_state_groups_branch_in_a_table_cell_is_named_as_written() -> None:
    text = ("1.国网南京供电公司:配合做好施工安全管理。\n序号\t任务内容\t牵头单位\t配合单位\n"
            "1\t完成老旧燃气管道更新改造\t市住建局\t市财政局、国网南京供电公司\n")
    assert {"国网南京供电公司", "南京市住房和城乡建设局", "南京市财政局"} == agencies(text)


def test_a_governments_committee_named_in_words_of_its_own() -> None:
    text = "1.市人民政府教育督导委员会办公室负责专项督导,市人民政府食品安全委员会办公室配合。"
    assert roles(text) == {("南京市人民政府教育督导委员会办公室", "lead"),
                           ("南京市人民政府食品安全委员会办公室", "support")}


def test_offices_of_national_systems_in_a_province() -> None:
    province = meta("江苏省", "province")
    text = ("1.省地方海事局牵头,会同长江江苏海事局开展整治。\n2.民航江苏监管局负责机场安全检查。\n"
            "3.国家金融监督管理总局江苏监管局负责保险理赔检查。\n4.国家能源局山西监管办公室负责。")
    assert roles(text, province) == {
        ("江苏省地方海事局", "lead"), ("长江江苏海事局", "support"), ("民航江苏监管局", "lead"),
        ("国家金融监督管理总局江苏监管局", "lead"), ("国家能源局山西监管办公室", "lead")}


def test_others_in_a_note_beside_its_lead_support_it() -> None:
    text = "1.完善监管职责分工。(市应急局牵头,市公安局、市交通运输局按职责分工负责)"
    assert roles(text) == {("南京市应急管理局", "lead"), ("南京市公安局", "support"),
                           ("南京市交通运输局", "support")}


def test_a_single_town_opening_a_clause_acts() -> None:
    county = meta("舟曲县", "county")
    assert roles("1.城关镇负责组织转移演练,立节镇人民政府配合做好安置。", county) == {
        ("城关镇", "lead"), ("立节镇人民政府", "support")}
    helpers = {("江盘镇", "support"), ("大峪镇", "support")}
    assert roles("2.江盘镇、大峪镇协助做好群众转移。", county) == helpers
    assert roles("城关镇人民政府:负责隐患点监测。", county) == {("城关镇人民政府", "lead")}


@pytest.mark.parametrize("text", ["1.各市(州)、县(市、区)安委会负责。",
                                  "2.各市、县(市、区)应急管理局要加强值守。",
                                  "3.各省、自治区、直辖市安全生产委员会:"])
def test_each_of_a_list_of_levels_is_generic(text: str) -> None:
    assert agencies(text) == set()


def test_a_document_number_names_no_body() -> None:
    assert agencies("安委办〔2025〕2号\n一、重点任务\n1.出台指导意见。") == set()


@pytest.mark.parametrize("text", ["1.市教育局、市卫健委按照“管行业必须管安全”的要求,分别负责本行业安全监管。",
                                  "1.市教育局、市卫健委按照要求负责校园安全。"])
def test_the_basis_between_the_subjects_and_their_verb(text: str) -> None:
    assert roles(text) == {("南京市教育局", "lead"), ("南京市卫生健康委员会", "lead")}


def test_a_company_by_its_trade_name_given_a_task() -> None:
    assert roles("1.港华燃气公司配合开展燃气管道巡检。") == {("港华燃气公司", "support")}
    assert roles("齐鲁石化公司:负责厂区消防安全。") == {("齐鲁石化公司", "lead")}
    assert agencies("2.燃气公司负责入户安检。") == set()  # every gas company


def test_names_with_an_aside_or_a_unit_of_a_unit() -> None:
    district = meta("渝北区", "district")
    assert roles("1.督促重庆轨道交通(集团)有限公司落实主体责任。", district) == {
        ("重庆轨道交通(集团)有限公司", "lead")}
    assert roles("2.与区人武部、武警重庆总队执勤第四支队联合开展演练。", district) == {
        ("渝北区人民武装部", "support"), ("武警重庆总队执勤第四支队", "support")}


def test_the_body_of_a_new_area_is_not_the_plans_own() -> None:
    text = "1.会同两江新区应急局、区水利局实施联合检查。"
    assert roles(text, meta("渝北区", "district")) == {("两江新区应急管理局", "support"),
                                                       ("渝北区水利局", "support")}
    assert agencies("2.事发地应急管理部门应在2小时内报告。") == set()


def test_the_issuer_is_no_short_form_of_a_body_under_it() -> None:
    plan = DocumentMeta(jurisdiction="云南省", level="province", year=2024, issuer="云南省林业和草原局")
    text = "1.加强监测。(责任单位:省林业和草原有害生物防治检疫局)\n2.报省林业和草原局。"
    assert agencies(text, plan) == {"云南省林业和草原局", "云南省林业和草原有害生物防治检疫局"}


def test_a_bodys_offices_are_the_body() -> None:
    district = meta("鹤鸣区", "district")
    assert roles("1.开展检查。(责任单位:区委巡察办、区纪委监委机关)", district) == {
        ("鹤鸣区委巡察办", "lead"), ("鹤鸣区纪委监委", "lead")}
    assert agencies("2.市直机关要带头落实。", district) == set()


def test_a_long_task_forces_name() -> None:
    text = "1.成立市危险化学品安全风险集中治理工作专班。"
    assert agencies(text) == {"南京市危险化学品安全风险集中治理工作专班"}


def test_a_body_standing_for_its_members_is_given_no_task() -> None:
    text = "序号\t工作任务\t牵头单位\t配合单位\n1\t修订职责清单。\t市安委办\t市安委会各成员单位\n"
    assert roles(text) == {("南京市安全生产委员会办公室", "lead")}
    assert roles("2.市安委会成员单位按职责分工负责。") == set()


@pytest.mark.parametrize("alias", ["(以下简称区森防指)", "(简称区森防指)", "(区森防指)"])
def test_a_short_form_in_brackets_between_the_subject_and_its_verb(alias: str) -> None:
    text = f"1.区森林防灭火指挥部{alias}负责统一组织全区森林防灭火工作。"
    assert roles(text, meta("鹤鸣区", "district")) == {("鹤鸣区森林防灭火指挥部", "lead")}


def test_loading_the_word_list_logs_nothing() -> None:
    import jieba

    from kg.nlp.agencies.grammar import _word_frequencies

    _word_frequencies()
    assert jieba.default_logger.getEffectiveLevel() >= logging.WARNING


MINISTRY = DocumentMeta(title="应急管理部2025年工作要点", issuer="应急管理部", year=2025)


def test_a_ministry_calls_itself_by_its_head() -> None:
    text = ("（一）部机关各司局要强化责任担当，部党委定期听取工作汇报。\n"
            "（二）我部负责统筹协调全国安全生产工作。")
    found = find_agencies(text, MINISTRY, parse_structure(text))
    assert set(found) == {"应急管理部", "应急管理部党委"}
    assert {"我部", "部机关"} <= set(found["应急管理部"].alt_labels)
    assert roles(text, MINISTRY) == {("应急管理部", "lead")}
    assert agencies("1.市应急局：我部负责排查。", meta("岚江市", "city")) == {"岚江市应急管理局"}


@pytest.mark.parametrize(("text", "expected"), [
    ("1.由救援协调和预案管理处牵头开展演练。", {("救援协调和预案管理处", "lead")}),
    ("2.由调查评估和统计司负责开展统计。", {("调查评估和统计司", "lead")}),
    ("3.调查评估和统计司负责开展统计。", {("调查评估和统计司", "lead")}),
    ("4.会同统计司负责开展统计。", {("统计司", "support")}),
    ("5.积极协调综合处负责统计。", set()),
    ("6.部救援协调和预案管理司负责修订预案。", {("应急管理部救援协调和预案管理司", "lead")}),
])
def test_a_division_named_in_free_words_where_it_acts(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, MINISTRY) == expected


def test_a_divisions_words_after_its_body_may_name_work_and_join_with_and_or_with() -> None:
    province = meta("江岳省", "province")
    assert roles("1.省应急管理厅救援协调和预案管理处负责，年底前完成检查。", province) == {
        ("江岳省应急管理厅救援协调和预案管理处", "lead")}
    assert roles("2.市教育局体育卫生与艺术教育科负责，年底前完成检查。", meta("峪川市", "city")) == {
        ("峪川市教育局体育卫生与艺术教育科", "lead")}
    assert agencies("3.市政府成立市安委会。", meta("峪川市", "city")) == {"峪川市人民政府",
                                                                        "峪川市安全生产委员会"}


@pytest.mark.parametrize(("text", "expected"), [
    ("1.强化监督执纪。（机关纪委、驻厅纪检监察组）", {("机关纪委", "lead"), ("驻厅纪检监察组", "lead")}),
    ("2.配合省纪委监委驻省应急管理厅纪检监察组开展监督检查。",
     {("省纪委监委驻省应急管理厅纪检监察组", "lead")}),
    ("3.配合中央纪委国家监委驻应急管理部纪检监察组开展监督。",
     {("中央纪委国家监委驻应急管理部纪检监察组", "lead")}),
])
def test_a_stationed_discipline_group_is_one_body(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("岚江省", "province")) == expected


# villages and communities: their committees and party organs, named, listed, or acting by their name

VILLAGE_TOWN = DocumentMeta(jurisdiction="翠岗镇", level="town", year=2025)


@pytest.mark.parametrize(("text", "expected"), [
    ("1.高坪村党支部负责组织党员开展防火巡山。", {("高坪村党支部", "lead")}),
    ("2.松林社区党委牵头组织居民参加应急演练。", {("松林社区党委", "lead")}),
    ("3.岩口村委负责林区入口值守。", {("岩口村委", "lead")}),
    ("4.石门村两委负责清明节期间坟地看护。", {("石门村两委", "lead")}),
    ("5.高坪村党总支负责巡山。", {("高坪村党总支", "lead")}),
])
def test_a_villages_bodies(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, VILLAGE_TOWN) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1.高坪村、松林村、岩口村村委会负责落实祭扫期间的看守人员。",
     {"高坪村村委会", "松林村村委会", "岩口村村委会"}),
    ("2.望江、桂香社区居委会负责电动自行车充电设施建设。", {"望江社区居委会", "桂香社区居委会"}),
    ("3.高坪、松林两村村委会负责落实护林员巡护。", {"高坪村村委会", "松林村村委会"}),
    ("4.高坪村、松林村两个村委会负责巡护。", {"高坪村村委会", "松林村村委会"}),
    ("5.岩口村委会负责巡护。", {"岩口村委会"}),
])
def test_villages_listed_share_one_committee(text: str, expected: set[str]) -> None:
    assert roles(text, VILLAGE_TOWN) == {(name, "lead") for name in expected}


@pytest.mark.parametrize(("text", "expected"), [
    ("1.黛山村：负责沿河低洼地段的巡查和转移。", {("黛山村", "lead")}),
    ("2.竹溪村负责竹溪河沿岸防汛巡查。", {("竹溪村", "lead")}),
    ("3.黛山社区负责清理楼道堆放杂物。", {("黛山社区", "lead")}),
    ("4.龙潭村、石桥村配合做好转移。", {("龙潭村", "support"), ("石桥村", "support")}),
    ("5.开展巡查。（牵头单位：镇应急办；配合单位：龙潭村、镇东社区）",
     {("翠岗镇应急办", "lead"), ("龙潭村", "support"), ("镇东社区", "support")}),
])
def test_a_village_acting_by_its_name(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, VILLAGE_TOWN) == expected


@pytest.mark.parametrize("text", ["1.各村负责巡查。", "2.行政村负责做好巡查。", "3.在农村负责宣传。",
                                  "4.加强村党支部建设。", "5.督促各村两委落实。", "6.示范社区负责创建。",
                                  "7.村党支部书记负责组织转移。"])
def test_kinds_of_village_are_no_body(text: str) -> None:
    assert agencies(text, VILLAGE_TOWN) == set()


def test_a_village_and_its_committee_are_one_body_however_written() -> None:
    text = ("1.竹溪村村民委员会负责河道巡查。2.竹溪村负责转移。3.开展演练。(责任单位:竹溪村村委会)\n"
            "4.龙潭村村委负责值守。5.龙潭村村委会配合。")
    found = find_agencies(text, VILLAGE_TOWN, parse_structure(text))
    assert set(found) == {"竹溪村村民委员会", "龙潭村村委会"}
    assert set(found["竹溪村村民委员会"].alt_labels) == {"竹溪村", "竹溪村村委会"}


# towns, districts and pastoral areas given tasks


def test_towns_in_a_note_are_their_governments() -> None:
    plan = meta("德清县", "county")
    assert roles("1.完成排查。（牵头单位：县水利局；配合单位：乾元镇、新安镇）", plan) == {
        ("德清县水利局", "lead"), ("乾元镇", "support"), ("新安镇", "support")}
    assert roles("2.完成巡查。（责任单位：乾元镇、吉里于孜镇）", plan) == {("乾元镇", "lead"),
                                                                       ("吉里于孜镇", "lead")}


def test_places_listed_before_one_government_share_it() -> None:
    assert roles("1.临安区、富阳区人民政府负责做好重点林区防火。", meta("杭州市", "city")) == {
        ("临安区人民政府", "lead"), ("富阳区人民政府", "lead")}
    assert roles("2.乾元镇、新安镇人民政府负责巡查。", meta("德清县", "county")) == {
        ("乾元镇人民政府", "lead"), ("新安镇人民政府", "lead")}
    assert roles("3.完成巡护。（责任单位：临安区、富阳区人民政府）", meta("杭州市", "city")) == {
        ("临安区人民政府", "lead"), ("富阳区人民政府", "lead")}


@pytest.mark.parametrize(("text", "expected"), [
    ("1.吉里于孜镇负责做好辖区安全隐患排查。", {("吉里于孜镇", "lead")}),
    ("2.宝日呼舒苏木、巴音镇负责于5月底前完成排查。", {("宝日呼舒苏木", "lead"), ("巴音镇", "lead")}),
])
def test_towns_of_longer_names_and_sumu_act_by_their_names(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text, meta("阿日善旗", "county")) == expected


def test_pastoral_villages_and_bureaus() -> None:
    plan = meta("宝日呼舒苏木", "town")
    assert roles("1.乌兰嘎查负责组织牧民开展草原防火巡查。", plan) == {("乌兰嘎查", "lead")}
    assert roles("2.由旗农牧和科技局牵头开展草原鼠害防治。", meta("阿日善旗", "county")) == {
        ("阿日善旗农牧和科技局", "lead")}


def test_a_prefectures_and_a_sumus_level_words() -> None:
    prefecture = meta("和田地区", "city")
    assert roles("1.地区应急管理局负责统筹，地区住建局配合。2.地区行署负责统筹全地区工作。", prefecture) == {
        ("和田地区应急管理局", "lead"), ("和田地区住房和城乡建设局", "support"), ("和田地区行署", "lead")}
    sumu = meta("宝日呼舒苏木", "town")
    assert roles("1.苏木应急管理办公室负责组织开展防火宣传，苏木派出所配合。", sumu) == {
        ("宝日呼舒苏木应急管理办公室", "lead"), ("宝日呼舒苏木派出所", "support")}


def test_the_peoples_congress_the_youth_league_and_the_unions_of_a_place() -> None:
    county = meta("青阳县", "county")
    assert roles("一、县应急管理局负责,县总工会、县团委、县妇联配合。二、县人大负责监督。", county) == {
        ("青阳县应急管理局", "lead"), ("青阳县总工会", "support"), ("青阳县共青团委员会", "support"),
        ("青阳县妇联", "support"), ("青阳县人大", "lead")}
    assert roles("一、镇人大主席团负责监督,镇团委、镇工会配合。", meta("柘岭镇", "town")) == {
        ("柘岭镇人大主席团", "lead"), ("柘岭镇共青团委员会", "support"), ("柘岭镇工会", "support")}
    assert agencies("县人大代表开展视察。", county) == set()


def test_a_standing_committee_of_no_place_is_no_body() -> None:
    county = meta("栖霞县", "county")
    assert agencies("1.未按规定召开党委常委会研究安全生产工作的,扣2分。", county) == set()
    assert agencies("2.县委常委会研究部署安全生产工作。", county) == {"中共栖霞县委常委会"}  # of a place


def test_a_towns_own_units_named_bare_in_a_note_take_their_roles() -> None:
    text = "（三）开展出租屋消防安全检查（牵头单位：综合执法队；配合单位：派出所、司法所、卫生院）。"
    assert roles(text, meta("鹭汀街道", "town")) == {
        ("鹭汀街道综合执法队", "lead"), ("鹭汀街道派出所", "support"), ("鹭汀街道司法所", "support"),
        ("鹭汀街道卫生院", "support")}


def test_a_word_in_brackets_glossing_a_noun_is_no_body() -> None:
    text = ("一、县卫健委负责对医疗机构（诊所）开展检查，"
            "县住建局负责对建筑工地（项目部）、企业（场所）开展检查。")
    assert agencies(text, meta("青阳县", "county")) == {"青阳县卫生健康委员会", "青阳县住房和城乡建设局"}
    assert labels("开展隐患排查（综合处）。") == {"综合处"}  # a note after the task still names its body


def test_a_departments_enforcement_corps_named_bare_is_its_unit() -> None:
    province = DocumentMeta(jurisdiction="滇岭省", level="province", year=2026, issuer="滇岭省应急管理厅")
    text = "（一）执法总队负责组织实施现场检查。（二）政策法规处牵头,执法总队、人事处配合,开展案卷评查。"
    assert roles(text, province) == {("执法总队", "lead"), ("政策法规处", "lead"), ("执法总队", "support"),
                                     ("人事处", "support")}


def test_a_long_division_name_joined_by_he_is_read_whole() -> None:
    province = DocumentMeta(jurisdiction="滇岭省", level="province", year=2026, issuer="滇岭省应急管理厅")
    text = "（三）工贸领域。安全生产执法和工贸安全监督管理处负责组织冶金企业执法检查。"
    assert roles(text, province) == {("安全生产执法和工贸安全监督管理处", "lead")}


def test_a_division_in_prose_starts_after_the_word_that_introduces_it() -> None:
    bureau = DocumentMeta(jurisdiction="宜春市", level="city", year=2026, issuer="宜春市应急管理局")
    text = ("一、工贸企业检查由工贸科牵头,执法支队配合。二、局办公室会同危化科开展联合检查。"
            "三、安全培训考核由宣教科负责。")
    assert roles(text, bureau) == {("工贸科", "lead"), ("执法支队", "support"), ("宣教科", "lead"),
                                   ("宜春市应急管理局办公室", "lead"), ("危化科", "support")}


def test_the_corps_is_no_part_of_the_plans_own_area() -> None:
    text = "1.自治区应急管理厅会同兵团应急管理局开展联合检查。2.新疆生产建设兵团应急管理局负责统筹兵团工作。"
    assert roles(text, meta("新疆维吾尔自治区", "province")) == {
        ("新疆维吾尔自治区应急管理厅", "lead"), ("新疆生产建设兵团应急管理局", "support"),
        ("新疆生产建设兵团应急管理局", "lead")}
    assert labels("1.配合兵团应急管理局开展安全生产巡查。", meta("第八师石河子市", "county")) == {
        "新疆生产建设兵团应急管理局", "兵团应急管理局"}


def test_a_divisions_city_names_its_bodies_with_shi_shi() -> None:
    division = meta("第八师石河子市", "county")
    assert roles("1.师市应急管理局牵头,市水利局配合,9月底前完成检查。（牵头单位：师市应急管理局；"
                 "配合单位：师市住房和城乡建设局）", division) == {
        ("第八师石河子市应急管理局", "lead"), ("第八师石河子市水利局", "support"),
        ("第八师石河子市住房和城乡建设局", "support")}


@pytest.mark.parametrize("generic", ["州直有关部门", "州级有关部门", "盟直有关部门", "旗直有关部门"])
def test_the_units_of_other_levels_are_no_body(generic: str) -> None:
    text = f"1.完成排查。（牵头单位：州应急管理局；配合单位：{generic}）"
    assert roles(text, meta("岚峨彝族自治州", "city")) == {("岚峨彝族自治州应急管理局", "lead")}


def test_a_bureaus_office_in_a_town_is_one_body() -> None:
    county = meta("青崖县", "county")
    assert roles("1.县自然资源局城关自然资源所负责辖区隐患点巡查，县公安局新安镇派出所配合。", county) == {
        ("青崖县自然资源局城关自然资源所", "lead"), ("青崖县公安局新安镇派出所", "support")}
    assert roles("2.县自然资源局负责自然资源所巡查。", county) == {("青崖县自然资源局", "lead")}
    assert roles("3.省地质矿产勘查开发局第三地质大队负责应急调查。", county) == {
        ("省地质矿产勘查开发局第三地质大队", "lead")}  # a bureau's numbered team
    # 会同 names no town: the bureau keeps its lead
    assert ("青崖县应急管理局", "lead") in roles("4.县应急管理局会同城关派出所开展检查。", county)


def test_a_company_named_with_and_without_the_plans_place_is_one_body() -> None:
    text = "一、督促青岚县鑫达化工有限公司规范特殊作业管理。（责任单位：县应急管理局、鑫达化工有限公司）"
    assert labels(text, meta("青岚县", "county")) == {
        "青岚县鑫达化工有限公司", "鑫达化工有限公司", "青岚县应急管理局", "县应急管理局"}
    assert agencies(text, meta("青岚县", "county")) == {"青岚县鑫达化工有限公司", "青岚县应急管理局"}


def test_a_federation_of_supply_cooperatives_is_named_whole() -> None:
    assert roles("1.县供销合作社联合社负责抗旱物资储备。", meta("青崖县", "county")) == {
        ("青崖县供销合作社联合社", "lead")}



def test_a_department_whose_name_joins_two_fields_with_and() -> None:
    district = meta("栖湖区", "district")
    assert roles("1.区住房保障和房产管理局负责既有房屋安全管理。", district) == {
        ("栖湖区住房保障和房产管理局", "lead")}
    assert roles("2.区住建局牵头,区港航和口岸管理中心、区应急管理局配合,开展排查。", district) == {
        ("栖湖区住房和城乡建设局", "lead"), ("栖湖区港航和口岸管理中心", "support"),
        ("栖湖区应急管理局", "support")}
    # two bodies joined by 和 stay two; a level joined to a level is no name
    assert agencies("3.区应急局和区公安局负责。", district) == {"栖湖区应急管理局", "栖湖区公安局"}


def test_a_centre_that_organises_is_no_study_group() -> None:
    county = meta("栖川县", "county")
    assert agencies("1.县气象服务中心组织开展气象信息员培训。", county) == {"栖川县气象服务中心"}
    assert roles("2.县气象台会同县疾病预防控制中心组成联合专班。", county) == {
        ("栖川县气象台", "lead"), ("栖川县疾病预防控制中心", "support")}
    assert "理论学习中心组" in labels("3.县委理论学习中心组开展专题学习。", county)



def test_a_central_station_and_a_task_force_for_towns_are_named_whole() -> None:
    county = meta("栖川县", "county")
    assert roles("1.县汽车客运中心站负责进站危险品查堵。", county) == {("栖川县汽车客运中心站", "lead")}
    assert "城镇燃气安全工作专班" in labels("2.县住建局成立城镇燃气安全工作专班,统筹推进整治。", county)



def test_a_bureaus_team_named_by_its_work_is_one_body() -> None:
    county = meta("栖川县", "county")
    assert roles("1.县农业农村局渔政执法大队负责伏季休渔执法检查。", county) == {
        ("栖川县农业农村局渔政执法大队", "lead")}
    # a national regulator's office by its area: no bare "监察分局" of the plan's place
    assert not any(label.endswith("县监察分局") for label in labels(
        "2.国家矿山安全监察局山西局晋西监察分局负责煤矿安全监察。", county))



def test_working_and_inspection_groups_are_bodies() -> None:
    text = ("1.市危险货物道路运输安全专项整治工作组负责统筹推进整治工作。\n"
            "2.由市专项整治联合督导组牵头,市公安局配合,开展联合督导。\n3.市安委会派出5个督导组开展督导。")
    assert roles(text) == {("南京市危险货物道路运输安全专项整治工作组", "lead"),
                           ("南京市专项整治联合督导组", "lead"), ("南京市公安局", "support")}


def test_a_military_districts_department_is_one_body() -> None:
    province = meta("江苏省", "province")
    assert roles("1.省应急管理厅牵头,省消防救援总队、省军区战备建设局配合,推进民兵应急分队建设。",
                 province) == {("江苏省应急管理厅", "lead"), ("江苏省消防救援总队", "support"),
                               ("省军区战备建设局", "support")}


# --- hazards ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "keys"), [
    ("开展危大工程、深基坑、高支模专项检查,强化在建工地监管。", {"construction"}),
    ("做好旱涝急转风险防范,排查危岩体和农田渍涝。", {"drought", "flood", "rockfall"}),
    ("加强凝冻天气监测预警。", {"cold_wave"}),
    ("做好松材线虫病疫情、美国白蛾疫情和草原鼠害防控。", {"biological"}),  # pests, not epidemics
    ("做好地质灾害气象风险预警", {"geological"}),
    ("安装可燃气体报警装置", set()),
    ("重点整治高温熔融金属吊运、煤气区域作业等环节", {"metallurgy"}),
    ("居民煤气使用安全", {"gas"}),
    ("加强水上搜救能力建设", {"waterway_transport"}),
    ("防范台风暴潮", {"typhoon", "storm_surge"}),
    ("防范非洲猪瘟疫情、高致病性禽流感疫情", {"animal_epidemic"}),
    ("做好新冠疫情防控", {"epidemic"}),
    ("依托县消防救援大队组建综合应急救援队伍", set()),  # the fire and rescue service by name
    ("做好消防安全检查", {"fire"}),
    ("完成防火隔离带建设,防范林草火灾", {"forest_grassland_fire"}),
    ("排查渡口渡船,检查客运索道和气瓶", {"waterway_transport", "special_equipment"}),
    ("加强瓶装液化气管理,开展瓦斯治理", {"gas", "mining"}),
    ("防范岩溶塌陷、道路结冰和余震", {"ground_subsidence", "cold_wave", "earthquake"}),
    ("加强校车安全管理,强化水路运输安全监管", {"road_traffic", "waterway_transport"}),
    ("防范尾矿库溃坝事故", {"mining"}),  # a dam of tailings, not a flood
    ("公路水运工程防高处坠落", {"construction"}),
    ("做好秋汛防范,加强游船安全管理,检查受限空间作业", {"flood", "waterway_transport", "confined_space"}),
    ("做好植物疫情和红火蚁疫情防控,防治虫害和蝗虫", {"biological"}),  # pests, not a human epidemic
    ("病死畜禽高温化制,冷链低温储存运输", set()),  # disinfection and cold chains, no weather
    ("做好春旱、伏旱防御,开展人工防雹,防范倒春寒和浓雾", {"drought", "hail", "cold_wave", "fog"}),
    ("做好畜禽疫病和小反刍兽疫防控,防范落石和山体垮塌", {"animal_epidemic", "rockfall"}),
    ("防止安全生产工作出现滑坡,防止形势滑坡", set()),  # a decline, not a landslide
    ("山体出现滑坡迹象时立即转移", {"landslide"}),
    ("成功防御台风“烟花”“梅花”", {"typhoon"}),  # a storm's name in quotes
    ("严禁燃放“烟花爆竹”,检查烟花批发企业", {"fireworks"}),
    ("为洞庭湖区22个县市区配备大流量排涝车", set()),  # counties and cities, no town's waterlogging
    ("加强市区排涝设施建设", {"urban_waterlogging"}),
])
def test_hazard_look_alikes(text: str, keys: set[str]) -> None:
    assert {m.key for m in find_hazards(text)} == keys


# --- deadlines -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("市水利局负责组织开展汛前检查,4月底前完成检查。", [("4月底前", "2023-04-30")]),
    ("8.汛前完成山塘水库排查。", [("汛前", "None")]),
    ("开展春节前安全大检查。", []),
    ("(二)排查整治阶段(2023年6月—10月)。全面开展排查整治。", [("10月", "2023-10-31")]),
    ("(一)自查自改阶段(3月—5月);", [("5月", "2023-05-31")]),
    ("于6月至8月开展巡查。", [("8月", "2023-08-31")]),
    ("推进储备库建设,年中完成主体工程。", [("年中", "2023-06-30")]),
    ("年中考核", []),
    ("全年培训企业负责人不少于500人。", [("全年", "2023-12-31")]),
    ("“十四五”时期,我区城市化进程加快,自然灾害风险依然突出。", []),
    ("9.2023年开展中期评估,2025年开展总结评估。", [("2023年", "2023-12-31"), ("2025年", "2025-12-31")]),
    ("2023年是开局之年。", []),
    ("十四五期间新建林区消防通道35公里。", [("十四五期间", "2025-12-31")]),
    ("3\t开展渔船安全隐患排查\t市海洋与渔业局\t全年\n", [("全年", "2023-12-31")]),  # a 完成时限 cell
    ("2024年内完成改造。", [("2024年内", "2024-12-31")]),
    ("全年发放宣传资料3000份以上。", [("全年", "2023-12-31")]),
    ("于6月30日完成验收。", [("6月30日", "2023-06-30")]),  # a day without 前 before a verb of finishing
    ("10月1日至12月31日完成整治。", [("12月31日", "2023-12-31")]),
    ("4—6月完成排查。", [("6月", "2023-06-30")]),
    ("自即日起至6月30日开展专项行动。", []),  # a period of work
    ("1.6月完成燃气安全专项整治;2023年9月完成充电设施建设。", [("6月", "2023-06-30"),
                                                          ("2023年9月", "2023-09-30")]),
    ("2.3月,开展有限空间作业专项检查。", [("3月", "2023-03-31")]),  # a month opening the clause
    ("3\t开展检查\t区应急局\t2023年12月\n", [("2023年12月", "2023-12-31")]),  # a 完成时限 cell
    ("9月,已启动排查。", []),
    ("汛前检查由市水利局负责。", []),  # a kind of inspection
    ("开展汛前安全检查和汛前隐患排查,汛前完成隐患排查。", [("汛前", "None")]),
    ("月份\t工作内容\t责任科室\n1月\t开展安全生产大检查\t城管科\n", [("1月", "2023-01-31")]),  # a schedule
    ("国庆节前完成排查,“五一”前完成检查。", [("国庆节前", "2023-09-30"), ("“五一”前", "2023-04-30")]),
    ("防火期结束前开展1次演练,汛期结束后开展总结。", [("防火期结束前", "None"), ("汛期结束后", "None")]),
    ("春节前完成慰问。", [("春节前", "None")]),  # the day moves with the moon
    ("11月28日全省会议上作出部署。", []),  # a date in passing
    ("6月至8月每日开展巡查。", []),  # a schedule within a period
    ("主汛期(4月至7月)实行24小时值班。", []),  # when the season is
    ("防火期(2023年11月1日至2024年5月31日)严禁野外用火。", []),
    ("(一)自查自改阶段(4月1日—4月15日)", [("4月15日", "2023-04-15")]),  # a stage's period
    ("开展隐患排查(2023年6月1日—6月30日),完成整改。", [("6月30日", "2023-06-30")]),
    ("(三)总结阶段(11月)", [("11月", "2023-11-30")]),
    ("开展执法检查。(完成时限:2023年8月)", [("2023年8月", "2023-08-31")]),  # a note's time field
    ("完成执法人员轮训。(完成时间:12月31日)", [("12月31日", "2023-12-31")]),
    ("发布时间:2023年3月1日", []),
    ("森林防火期(1月1日至4月30日、10月1日至12月31日)内严禁野外用火。", []),  # when the season is
    ("(二)集中整治阶段:2023年6月1日—10月31日。", [("10月31日", "2023-10-31")]),
    ("专项整治时间为2023年5月10日至12月31日。", [("12月31日", "2023-12-31")]),
    ("汛期值班时间为6月1日至9月30日。", []),
    ("每学期开学前开展一次校园安全大检查。", []),  # a routine
    ("防火期内(1月1日至5月31日),设置临时检查站12个;清明期间(4月1日至4月7日)设卡值守。", []),  # seasons
    ("火把节前完成林区巡查;泼水节前完成排查。", [("火把节前", "None"), ("泼水节前", "None")]),  # festivals
    ("春播前完成农田水利检修;封冻前完成堤防巡查。", [("春播前", "None"), ("封冻前", "None")]),  # farming
    ("节日前开展检查,“双节”前完成整改,假期前完成排查。", [("节日前", "None"), ("“双节”前", "None"),
                                                        ("假期前", "None")]),
    ("于9月28日(星期日)前报送;9月29日17:00前上报;9月30日12时前报告。",
     [("9月28日(星期日)前", "2023-09-28"), ("9月29日17:00前", "2023-09-29"),
      ("9月30日12时前", "2023-09-30")]),
    ("(6月中旬至7月底)开展整治;(8月上旬—9月下旬)开展巡查。",
     [("7月底", "2023-07-31"), ("9月下旬", "2023-09-30")]),
    ("1\t完成站点整合\t区住建局\t2026年4月30日\n2\t完成水库排查\t区水利局\t2026.5.31\n"
     "3\t完成路段整治\t区交通运输局\t2026-06-30",  # a table's time column
     [("2026年4月30日", "2026-04-30"), ("2026.5.31", "2026-05-31"), ("2026-06-30", "2026-06-30")]),
    ("发布日期:2026-02-18。请于2026/3/15前报送。", [("2026/3/15前", "2026-03-15")]),
    ("1\t综合应急救援基地\t建设训练场地8000平方米\t2026—2028年\t4500\n2\t临时起降点\t建设起降点4个\t2027年\t600",
     [("2026—2028年", "2028-12-31"), ("2027年", "2027-12-31")]),  # a 建设期限 column
    ("一季度,全县共发生生产安全事故3起、死亡2人。上半年,全市发生火灾12起。", []),  # periods reported
    ("三、总结阶段。对全年执法检查情况进行总结,形成书面报告。", []),  # the year's work, an object
    ("4月1日入汛前,完成设施维修养护;6月1日主汛期到来前完成检查。",  # the day the text fixes for an event
     [("4月1日入汛前", "2023-04-01"), ("6月1日主汛期到来前", "2023-06-01")]),
    ("三季度,完成隐患排查,共发生3起。到年底,全市事故起数同比下降10%。",
     [("三季度", "2023-09-30"), ("到年底", "2023-12-31")]),
    ("2025年对本规划实施情况开展中期评估。", [("2025年", "2025-12-31")]),  # the object before the task
    ("分两批完成建设,其中2023年完成20座,2024年完成其余28座。", [("2023年", "2023-12-31"),
                                                                 ("2024年", "2024-12-31")]),
    ("力争2024年全市巨灾保险覆盖人口达到50万人。2023年重点推进12处避难场所建设。",
     [("2024年", "2024-12-31"), ("2023年", "2023-12-31")]),
    ("年中对各承办单位实施情况进行通报。请于6月16日当天报送活动信息。",
     [("年中", "2023-06-30"), ("6月16日", "2023-06-16")]),
    ("全年危险化学品领域共发生生产安全事故2起,同比分别下降33.3%和25%。", []),  # a year reported
    ("7月至8月高温时段严格执行“做两头、歇中间”制度。", []),  # the period a rule holds in
    ("“十五五”期间,自然灾害防治体系取得明显进展。", [("“十五五”期间", "2030-12-31")]),  # a goal's frame
    ("“十四五”以来,全市应急管理工作取得了显著成效。", []),  # the past described
    ("序号\n重点任务\n责任单位\n完成时间\n1\n建设监测预警中心\n市应急管理局\n2026年12月\n2\n布设浮标\n市水利局\n"
     "2027年6月\n", [("2026年12月", "2026-12-31"), ("2027年6月", "2027-06-30")]),  # cells, one a line
    ("作为汛前防灾减灾工作的重要抓手。谋划下半年重点工作。5月底前完成上半年检查任务。上半年完成排查工作。",
     [("5月底前", "2023-05-31"), ("上半年", "2023-06-30")]),  # whose work, not when it is due
    ("台风来临前须完成塔吊加固;演练结束后7日内报送演练总结;11月15日供暖前完成管网检修。",
     [("台风来临前", "None"), ("演练结束后7日内", "None"), ("11月15日供暖前", "2023-11-15")]),
    ("截至2023年12月底,全市示范社区达到18个。截至9月底,已完成隐患整改120处。",
     [("2023年12月底", "2023-12-31")]),  # a goal by a coming end; a past reference point
    ("全年累计培训应急人员1万人次;全年检查企业1500家次以上。",
     [("全年", "2023-12-31"), ("全年", "2023-12-31")]),
    ("春耕前完成农机具安全检查;开江前完成冰上通道封闭。", [("春耕前", "None"), ("开江前", "None")]),
    ("疫情解除后组织开展专项检查;复工复产前完成企业安全条件确认。",
     [("疫情解除后", "None"), ("复工复产前", "None")]),  # an epidemic's end, work resuming
    ("新建应急指挥中心,建设期2023—2024年;改造物资库,实施年限2023年。",
     [("2023—2024年", "2024-12-31"), ("2023年", "2023-12-31")]),  # a project's period
    ("确保节前整改到位;于会前完成宾馆检查;在考前完成考点检查;在放假前停工;在除夕前完成检查。",
     [("节前", "None"), ("会前", "None"), ("考前", "None"), ("放假前", "None"), ("除夕前", "None")]),
    ("加强各环节前期管理;开展节前安全检查;节前生产旺季实行日巡查。", []),  # not the holiday's eve
    ("2022年,全市共出现暴雨过程5次,7月下旬出现极端强降雨。去年8月出现台风。6月底前完成排查。",
     [("6月底前", "2023-06-30")]),  # the months of an account of a past year
    ("3月:完成职责清单报备。\n6月:完成安全风险排查。",
     [("3月", "2023-03-31"), ("6月", "2023-06-30")]),  # a timetable
    # months in figures, as project tables write them; not a range's start, an amount or a date in passing
    ("推进二期工程建设,2026.12前完成主体工程。", [("2026.12前", "2026-11-30")]),
    ("完成项目验收,建设期限:2025.10-2026.06。", [("2026.06", "2026-06-30")]),
    ("完成避难场所改造\t市住建局\t2026.10", [("2026.10", "2026-10-31")]),
    ("总投资2023.5万元。发布日期:2026.03", []),
    # a time alone in brackets after an item's short heading: when the phase is due
    ("(一)动员部署(2024年6月)。制定方案,明确任务。", [("2024年6月", "2024-06-30")]),
    ("全年计划开展人工增雨作业不少于40次。", [("全年", "2023-12-31")]),  # plans to: not the year's plan
    # months that say when a season is; a period word naming what is reported
    ("重点防范时段为汛期(5月至9月),其中7月、8月为主汛期。", []),
    ("各单位于12月10日前报送全年完成情况。", [("12月10日前", "2023-12-10")]),
    ("6月30日前完成上半年随机抽查结果公示。", [("6月30日前", "2023-06-30")]),
    # a 完成时限 note repeating the task's own due time: one deadline
    ("(1)6月30日前建成工作面10个。(责任单位:区能源局;完成时限:2023年6月30日)", [("6月30日前", "2023-06-30")]),
    ("伏季休渔期结束前完成全省渔船安全检查。", [("伏季休渔期结束前", "None")]),
    ("完成全市区域自动气象站设备更新。(完成时限:年中)", [("年中", "2023-06-30")]),
    # a holiday's or season's days in brackets say when it is
    ("春节(2月15日至23日)期间,各单位要严格落实24小时值班制度。", []),
    ("国庆假期(2023年10月1日至8日)期间,实行24小时驻勤备勤。", []),
    ("旅游旺季(6-10月)前,完成独库公路隐患整治。", [("旅游旺季(6-10月)前", "None")]),
    ("1\t区域自动气象站设备更新\t观测与网络科\t年中", [("年中", "2023-06-30")]),
    ("(2)5月1日前完成设备维护。(完成时限:5月1日前)\n(3)开展检查。(完成时限:5月1日前)",
     [("5月1日前", "2023-05-01"), ("5月1日前", "2023-05-01")]),
])
def test_deadline_shapes_of_other_plans(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.text, str(d.due)) for d in find_deadlines(text, 2023)] == expected


def test_the_period_of_a_plan_for_several_years() -> None:
    text = "规划期内,完成隐患点治理50处;2021—2023年,完成水库除险加固24座;到规划期末,避难场所达到5处。"
    assert [(d.text, str(d.due)) for d in find_deadlines(text, 2021, end_year=2025)] == [
        ("规划期内", "2025-12-31"), ("2021—2023年", "2023-12-31"), ("到规划期末", "2025-12-31")]
    text = "区应急管理局于2023年开展规划实施中期评估,在2025年完成总结评估。"
    assert [(d.text, str(d.due)) for d in find_deadlines(text, 2021, end_year=2025)] == [
        ("2023年", "2023-12-31"), ("2025年", "2025-12-31")]
    assert find_deadlines("2016—2020年,全市累计投入资金3亿元。", 2021, end_year=2025) == []


# --- targets ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("开展产品质量抽查,抽查不少于1000批次。", [("1000", "批次")]),
    ("完成燃气、供水、排水管网老化更新改造1200公里。", [("1200", "公里")]),
    ("实行24小时值班。", []),
    ("火灾事故亡人数为零,出租屋隐患整改率达到100%。", [("0", ""), ("100", "%")]),
    ("重大事故隐患动态清零。", []),
    ("储备帐篷不少于500顶、折叠床1000张。", [("500", "顶"), ("1000", "张")]),
    ("年内检查企业不少于1200家次。", [("1200", "家次")]),
    ("划分12片区开展巡查。", []),
    ("新建林区消防通道35公里、防火隔离带120公里。", [("35", "公里"), ("120", "公里")]),
    ("改造老旧燃气管网120公里。", [("120", "公里")]),
    ("2023年全市共发生生产安全事故86起,同比下降12.2%,死亡人数下降9.8%。", []),  # the sentence reports
    ("全市已建成避难场所30个,力争再建10个。", [("10", "个")]),
    ("确保事故起数同比下降5%,死亡人数下降3%。", [("5", "%"), ("3", "%")]),
    ("应急广播覆盖率由80%提高到95%。", [("95", "%")]),  # where the change starts is no goal
    ("力争实现因灾死亡“零”目标。", [("0", "")]),
    ("储备救灾物资200吨、棉被2000床。", [("200", "吨"), ("2000", "床")]),
    ("加强应急队伍建设,实行24小时值班。", []),
    ("配备应急装备1200台套。", [("1200", "台套")]),
    ("死亡人数下降百分之十五,覆盖率达到百分之九十五以上。", [("15", "%"), ("95", "%")]),  # in words
    ("隐患整改率达到百分之百。", [("100", "%")]),
    ("事发地应急管理部门应在2小时内报告,市应急局在30分钟内向市政府报告。", []),  # time limits
    ("响应时间缩短至30分钟以内。", [("30", "分钟")]),
    ("当出现24小时降雨量达100毫米以上的强降雨时,启动Ⅲ级应急响应。", []),  # a threshold
    ("Ⅳ级预警:预报未来24小时内面雨量将达到50毫米以上,或江河水位将超过警戒水位0.5米以上。", []),
    ("当前,全市事故起数下降10%。", [("10", "%")]),
    ("全年开展考核巡查不少于2轮。", [("2", "轮")]),
    ("组建1支不少于50人的区级综合应急救援队伍。", [("1", "支")]),  # the size of the team counted
    ("组织开展防汛综合应急演练不少于1次。", [("1", "次")]),
    ("加强监测预报预警,新建监测站点60个,预警信息覆盖率达到95%以上。", [("60", "个"), ("95", "%")]),
    ("召开1次专题会议。", []),
    ("对开挖深度超过5米的深基坑严格落实专家论证,排查高度超过24米的脚手架200处。", [("200", "处")]),
    ("假定南湖区发生6.2级地震,造成5人死亡、32人受伤,倒塌房屋120间。", []),  # a drill's scenario
    ("事故造成3人死亡。", []),
    ("确保受灾群众在灾后12小时内得到基本生活救助。", [("12", "小时")]),  # the relief indicator, a goal
    ("确保预警信息在30分钟内传递到户到人,力争接警后5分钟内到场。", [("30", "分钟"), ("5", "分钟")]),
    ("气象灾害预警信息发布时效提高到5分钟以内。", [("5", "分钟")]),  # a time limit set as a goal
    ("运营商要在收到发布指令后10分钟内完成全网发布,事故发生后1小时内上报。", []),  # a procedure's rules
    ("力争实现零溺亡,确保重大隐患零存量,因灾死亡人数保持“零”。", [("0", ""), ("0", ""), ("0", "")]),
    ("每学期至少开展2次疏散演练。", []),  # a recurring frequency
    ("12月底前上线课程不少于30门。", [("30", "门")]),
    ("全年累计培训各级应急管理干部和企业负责人3000人次以上。", [("3000", "人次")]),  # a total aimed at
    ("全镇现辖18个行政村,常住人口约8.6万人,辖区内有化工企业11家。", []),  # the place as it is
    ("“十四五”期间培训人数达到全县常住人口的3%以上。", [("3", "%")]),
    ("重特大事故实现“零”发生,接入视频监控资源不少于2000路。", [("0", ""), ("2000", "路")]),
    ("改造危险路段20处。", [("20", "处")]),
    ("储备灭火器1000具、消防水带200盘,新打抗旱机井10口,开展检查200条次。",
     [("1000", "具"), ("200", "盘"), ("10", "口"), ("200", "条次")]),
    ("推动非居民用户“瓶改管”120户以上,完成“煤改气”3000户。", [("120", "户"), ("3000", "户")]),
    ("坚持“人民至上”两个根本。", []),
    ("过去一年,全市实现因灾“零死亡”,排查整治各类隐患1.2万项。", []),  # a year looked back on
    ("一年来,全市排查整治各类隐患1.2万项。", []),
    ("刚刚过去的2025年,全市生产安全事故死亡人数下降11.4%。", []),
    ("此次督导共检查生产经营单位46家,发现各类问题隐患213项。", []),  # an inspection's totals
    ("全年共排查整治各类隐患1.2万项,共组织应急演练320场次。", []),
    ("共同开展联合执法检查不少于20次,共建应急避难场所5个。", [("20", "次"), ("5", "个")]),
    ("全年道路交通事故死亡人数占全市事故死亡总数的61%。", []),  # a share described, no goal
    ("到2030年累计建成示范社区30个,力争累计培训干部5000人次;规划期内新增示范社区15个、累计达到30个。",
     [("30", "个"), ("5000", "人次"), ("15", "个"), ("30", "个")]),  # totals aimed at
    ("截至2025年底,累计建成避难场所12处。“十四五”期间,全区累计投入资金2.3亿元。", []),  # totals reached
    ("乡镇安全生产监管人员不少于5人,每少1人扣1分;隐患整改率达到100%,每下降1个百分点扣1分,漏报1人扣1分。",
     [("5", "人"), ("100", "%")]),  # the units of a scoring rule
    ("安全生产工作考核权重为30%。", []),
    ("按每次检查平均需2名执法人员、1.5个工作日测算,全年计划检查企业不少于320家次。",
     [("320", "家次")]),  # the terms of an estimate
    ("力争专职人员占队伍总数的30%以上。", [("30", "%")]),
    ("全年计划检查非煤矿山120矿次。", [("120", "矿次")]),
    ("监管对象包括危险化学品企业372家、烟花爆竹批发企业11家。", []),  # the regulated as they are
    ("(共印50份)", []),  # a print run
    ("全年累计培训卫生应急人员1万人次,组织综合演练不少于2次。", [("10000", "人次"), ("2", "次")]),
    ("累计建成应急避难场所达到1360处,人均避难面积提高到2平方米。", [("1360", "处"), ("2", "平方米")]),
    ("截至目前,累计建成应急避难场所1360处。", []),  # a total with a sign of the past
    ("劳动者露天作业时间累计不得超过6小时。", []),  # a rule's limit
    ("组建两三支专业救援队伍。", [("2", "支")]),  # two or three, not 23
    ("新建消防站三座。", [("3", "座")]),  # a small count closing its task's clause
    ("落实三个转变,建立健全两项制度。", []),
    ("紧盯“不发生较大以上事故、一般事故起数下降15%”的目标。", [("15", "%")]),  # a goal quoted
    ("落实“五个一体化”要求,推进“一岗双责”。", []),  # slogans
    ("截至12月31日关闭退出小煤矿不少于2处。", [("2", "处")]),  # by a date, a total aimed at
    ("截至目前,已建成避难场所30个以上。", []),
    ("截至12月底,全市综合减灾示范社区达到18个。", [("18", "个")]),  # by a coming end, a goal
    ("全年组织各类应急演练不少于30次,其中市级综合演练2次。", [("30", "次"), ("2", "次")]),  # a part of it
    ("年底前关闭退出30万吨/年以下煤矿5处。", [("5", "处")]),  # a capacity qualifying the mines
    ("火灾受害率控制在千分之三以内,事故率控制在万分之五以内。", [("3", "‰"), ("5", "‱")]),  # shares in words
    ("1.企业双重预防机制建设达标率达到100%\t15\t每发现1家未建设的扣1分", [("100", "%")]),  # a cell's goal
    ("防洪标准达到50年一遇。", [("50", "年一遇")]),
    ("统筹用于专栏1至专栏5所列重点工程。", []),  # a box of the plan, not five institutions
    ("年内接入物联感知设备5至8万个。", [("50000", "个")]),  # the multiplier written once
    ("能见度低于200米时及时发布大雾预警;游客量达到承载量的80%时启动分流。", []),  # conditions
    ("对日降雨量50毫米以上的暴雨过程发布预报,对直径5毫米以上的冰雹预警。", []),  # thresholds in a noun
    ("(1)特大型:因灾死亡30人以上,或者受威胁人数在1000人以上的地质灾害。", []),  # a grade defined
    ("电网减供负荷60%以上,或者70%以上供电用户停电。", []),  # thresholds offered as alternatives
    ("(一)重大风险管控:全年整改重大隐患100处。", [("100", "处")]),  # a task, not a grade
    ("在上年基础上,全年检查企业不少于350家次;巩固去年整治成果,新建微型消防站12个。",
     [("350", "家次"), ("12", "个")]),  # the year before as the baseline
    ("在现有基础上新增应急避难场所12处。", [("12", "处")]),
    # the weather to come, however long its source ("据新乡市气象台7月28日16时发布的预报"), or with none
    ("据新乡市气象台7月28日16时发布的预报,我市将出现区域性暴雨天气,局部可达300毫米。", []),
    ("7月29日至31日我市将出现区域性暴雨天气,局部山区可达300毫米。", []),
    ("针对7-9月可能出现的伏旱,8月前完成备用水源建设5处。", [("5", "处")]),  # what a task meets
    # a voltage names a class of line
    ("3月底前完成林区内10千伏及以上输电线路树障清理,清理长度不少于260公里。", [("260", "公里")]),
    ("完成35千伏输电线路通道树障清理。", []),
    # relief supplies by the bed, capacity freed, a zero of fireworks let off
    ("地区民政局负责调拨棉帐篷2000顶、棉被5000床。", [("2000", "顶"), ("5000", "床")]),
    ("9月6日6时前腾出防洪库容1.2亿立方米。", [("120000000", "立方米")]),
    ("主城区禁放区域要实现“零燃放”。", [("0", "")]),
])
def test_target_forms_of_other_plans(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(str(t.value), t.unit) for t in find_targets(text)] == expected


def test_a_total_over_the_past_five_year_period_reports_it() -> None:
    text = "1.“十四五”期间全省累计建成避难场所2100处,2026年新建300处。"
    assert [(str(t.value), t.unit) for t in find_targets(text, year=2026)] == [("300", "处")]


def test_waterlogging_after_a_count_is_no_bound() -> None:
    assert [t.direction for t in find_targets("年底前排查整治1200处内涝积水点。")] == [None]


def test_an_indicator_table_set_apart_by_spaces_gives_the_goal_column(tmp_path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("某省“十五五”综合防灾减灾规划\n一、规划目标\n主要指标\n"
                    "序号  指标名称  2025年基值  2030年目标值  指标属性\n"
                    "1  地质灾害隐患点专业监测覆盖率  78%  100%  约束性\n"
                    "2  省级救灾物资储备保障人数  50万人  80万人  约束性\n", encoding="utf-8")
    found = [(str(t.value), t.unit) for m in extract(read_document(path)).measures for t in m.targets]
    assert found == [("100", "%"), ("800000", "人")]


def test_a_sentence_opened_by_a_past_five_year_period_reports() -> None:
    text = "“十四五”期间,全市累计应对台风12个,因灾死亡失踪人数较“十三五”下降52%。"
    assert find_targets(text, year=2026) == []
    ahead = find_targets("“十五五”期间,全市因灾死亡人数下降10%。", year=2026)
    assert [(str(t.value), t.unit) for t in ahead] == [("10", "%")]


@pytest.mark.parametrize(("text", "expected"), [
    ("去年全县排查火灾隐患120处,今年7月底前完成隐患排查整治50处;已完成整治32处,剩余18处9月底前全部完成。",
     [("50", "处"), ("18", "处")]),  # a past clause reports only itself
    ("2022年,全县排查火灾隐患120处。7月底前完成隐患排查整治50处。", [("50", "处")]),  # an earlier year
    ("2.2023年,完成隐患排查整治50处。", [("50", "处")]),  # the plan's own year
    ("2022年,全市实现了因灾零死亡。2023年,确保实现因灾零死亡。", [("0", "")]),  # zero goals too
    ("今年以来,全县已发生森林火灾3起,同比上升50%。", []),  # 今年以来 reports
    ("(2)重大事故:造成10人以上30人以下死亡,或者50人以上100人以下重伤的事故。", []),  # a grading
    ("较大事故:一次死亡3人以上、10人以下,或直接经济损失1000万元以上5000万元以下的事故。", []),
    ("(1)红色预警:可燃气体浓度达到爆炸下限的50%以上。", []),  # a warning level's threshold
    ("(1)III级响应:影响范围超过1平方公里。", []),
    ("(2)需要疏散转移群众500人以上的;", []),  # a condition listed
    ("确保死亡人数控制在10人以下,培训500人以上。", [("10", "人"), ("500", "人")]),
])
def test_the_past_in_a_plan_for_2023(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(str(t.value), t.unit) for t in find_targets(text, year=2023)] == expected


def test_a_summary_of_the_first_half_reports_it_as_the_past(tmp_path) -> None:
    from kg.ingest import read_document
    from kg.nlp import extract

    path = tmp_path / "half.txt"
    path.write_text("岑阳市应急管理局2025年上半年工作总结和下半年工作打算\n"
                    "上半年，全市共查处隐患12357处，整改率96.6%。1—6月，组织应急演练312场次。\n"
                    "（一）在上半年查处隐患12357处的基础上，9月底前再排查整治隐患5000处以上。\n"
                    "（二）巩固上半年专项整治成果，年底前完成156家企业执法检查。\n", encoding="utf-8")
    plan = extract(read_document(path))
    assert sorted((d.text, str(d.due)) for m in plan.measures for d in m.deadlines) == [
        ("9月底前", "2025-09-30"), ("年底前", "2025-12-31")]
    assert sorted((str(t.value), t.unit) for m in plan.measures for t in m.targets) == [
        ("156", "家"), ("5000", "处")]


@pytest.mark.parametrize(("title", "first_half"), [
    ("岑阳市应急管理局2025年上半年工作总结和下半年工作打算", True), ("2025年半年工作总结", True),
    ("2025年1—6月安全生产工作情况总结", True), ("2025年年中工作回顾", True),
    ("2025年应急管理工作总结", False), ("2025年下半年工作计划", False)])
def test_the_titles_of_a_summary_of_the_first_half(title: str, first_half: bool) -> None:
    from kg.nlp.text import reports_first_half

    assert reports_first_half(title) is first_half


@pytest.mark.parametrize("heading", ["总结提升阶段(11月1日—11月30日)", "认真做好工作总结",
                                     "各县(市、区)于12月10日前报送年度工作总结"])
def test_summing_up_as_a_task_is_no_past_section(heading: str) -> None:
    assert heading_roles().role(heading, 2025) is None
    assert heading_roles().role("2024年工作总结", 2025) == "past"


@pytest.mark.parametrize("heading", ["总体情况", "督导检查情况", "存在的主要问题", "存在的问题和不足",
                                     "检查发现的主要问题"])
def test_an_inspections_findings_report_the_past(heading: str) -> None:
    assert heading_roles().role(heading, 2026) == "past"
    assert heading_roles().role("面临的问题与挑战", 2026) == "present"  # counts are statistics, tasks stay


@pytest.mark.parametrize("heading", ["启动条件", "响应条件", "预警标准", "事件分级标准"])
def test_a_response_levels_thresholds_frame_no_task(heading: str) -> None:
    assert heading_roles().role(heading, 2026) == "context"
    assert heading_roles().role("响应行动", 2026) is None


def test_a_plans_basis_reports_the_past() -> None:
    assert heading_roles().role("规划基础", 2021) == "past"
    assert heading_roles().role("夯实应急管理基础", 2021) is None
