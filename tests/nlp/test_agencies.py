"""The agency grammar (kg.nlp.agencies) and the ``emkg_agencies`` component, on short sentences written
for the test (names of places other than the samples'), a small county plan with a table
(tests/data/nlp/agencies/) and the five sample plans against their gold annotations."""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from pathlib import Path

import pytest
import spacy

import kg.nlp.components.agencies  # noqa: F401  (registers the component)
from kg.ingest import read_document
from kg.ingest.structure import parse_structure
from kg.model import Agency, DocumentMeta
from kg.nlp.agencies import find_agencies, find_responsibilities
from kg.nlp.agencies.functions import FUNCTIONS, classify
from kg.nlp.agencies.lexicon import lexicon
from kg.nlp.agencies.resolve import is_abbreviation

DATA = Path(__file__).resolve().parent.parent / "data" / "nlp" / "agencies"

CITY = DocumentMeta(jurisdiction="南京市", level="city", year=2023, issuer="南京市应急管理局")
PROVINCE = DocumentMeta(jurisdiction="四川省", level="province", year=2023)
COUNTY = DocumentMeta(jurisdiction="平江县", level="county", year=2023)


def agencies(text: str, meta: DocumentMeta = CITY) -> dict[str, Agency]:
    return find_agencies(text, meta)


def labels(agency: Agency) -> set[str]:
    return {agency.name, *agency.alt_labels}


def roles(text: str, meta: DocumentMeta = CITY) -> set[tuple[str, str]]:
    structure = parse_structure(text)
    found = find_agencies(text, meta, structure)
    return {(r.agency, r.role) for r in find_responsibilities(text, found, structure, meta.year)}


# --- names and their resolution -------------------------------------------------------------------


def test_abbreviation_and_full_name_are_one_agency_with_the_place_name() -> None:
    found = agencies("市应急局会同市水务局开展检查。市应急管理局负责汇总。")
    assert set(found) == {"南京市应急管理局", "南京市水务局"}
    assert labels(found["南京市应急管理局"]) == {"南京市应急管理局", "市应急局", "市应急管理局"}


def test_province_of_a_city_plan_gets_the_province_name() -> None:
    found = agencies("贯彻落实省安委会和省安委办的部署,认真落实省应急管理厅要求。")
    assert set(found) == {"江苏省安全生产委员会", "江苏省安全生产委员会办公室", "江苏省应急管理厅"}
    assert found["江苏省安全生产委员会"].alt_labels == ("省安委会",)
    assert found["江苏省安全生产委员会"].function == "coordinating_body"


def test_short_form_joins_the_full_headquarters_named_in_the_text() -> None:
    found = agencies("调整省政府防汛抗旱指挥部和省政府森林防灭火指挥部成员,及时充实防指负责人。", PROVINCE)
    assert set(found) == {"四川省人民政府防汛抗旱指挥部", "四川省人民政府森林防灭火指挥部"}
    assert "防指" in found["四川省人民政府防汛抗旱指挥部"].alt_labels


def test_self_reference_is_the_issuer() -> None:
    found = agencies("我局将会同市气象局做好预警。局党委定期研究。")
    assert labels(found["南京市应急管理局"]) == {"南京市应急管理局", "我局"}
    assert found["南京市应急管理局党委"].parent == "南京市应急管理局"


def test_issuer_defaults_to_the_emergency_bureau_of_the_plan_area() -> None:
    found = agencies("机关党委负责。我厅加强指导。", PROVINCE)
    assert "四川省应急管理厅" in found
    assert found["机关党委"].parent == "四川省应急管理厅"


def test_an_issuer_with_a_short_name_is_the_issuer() -> None:
    education = dataclasses.replace(CITY, issuer="南京市教育局")
    found = agencies("局计划财务科负责,年底前完成校舍安全排查。", education)
    assert set(found) == {"南京市教育局计划财务科"}  # not the emergency bureau's


def test_coordinated_list_with_a_shared_head_gives_one_agency_each() -> None:
    found = agencies("主动与气象、水文、自然资源和规划、林业等部门合作。", PROVINCE)
    names = {label for agency in found.values() for label in labels(agency)}
    assert {"气象部门", "水文部门", "自然资源和规划部门", "林业部门"} <= names
    assert len(found) == 4
    assert found["四川省气象部门"].function == "meteorology"


def test_departments_named_in_full_one_after_another() -> None:
    found = agencies("协调水利部门、住建部门、交通部门推进工程建设。", PROVINCE)
    assert {a.alt_labels[0] for a in found.values()} == {"水利部门", "住建部门", "交通部门"}


def test_level_words_share_one_body() -> None:
    found = agencies("用好省、市减灾委调整的契机。")
    assert {a.alt_labels[0] for a in found.values()} == {"省减灾委", "市减灾委"}


@pytest.mark.parametrize("text", [
    "各地、各有关部门、相关部门要督促企业落实主体责任,动员社会力量和群众参与。",
    "指导各区应急管理部门加强队伍建设,加强对下级应急管理部门的指导。",
    "加强区级地震工作部门和县级应急管理部门能力建设。",
    "落实地方党委政府领导责任,各级人民政府要加强领导。",
    "开展区政府主要领导述职。",  # in a city plan, 区政府 is every district's government
    "建设危化品风险防控大数据平台和应急指挥信息系统,由县长担任指挥长。",
    "建设两处预警中心和5个应急救援中心,培育12支市级综合性应急救援队。",
    "推进专业安委会建设,建立专业委员会履职机制,构建大应急宣传“中央厨房”。",
    "加强与中央、省级媒体合作,充分利用各级预警信息发布中心。",
    "在江宁区开展试点,推广秦淮区经验。",  # places as sites, not actors
])
def test_generic_references_are_not_agencies(text: str) -> None:
    assert agencies(text) == {}


def test_names_inside_document_titles_are_not_agencies() -> None:
    assert agencies("全面落实《中共中央办公厅 国务院办公厅关于加强应急管理的意见》。") == {}
    found = agencies("根据中共中央办公厅、国务院办公厅联合印发的《关于深化改革的意见》要求。")
    assert set(found) == {"中共中央办公厅", "国务院办公厅"}
    assert all(a.scope == "national" for a in found.values())


def test_one_named_team_counts_and_a_category_does_not() -> None:
    found = agencies("组建1支国家级危化品专业处置队和3支省级专业队。", PROVINCE)
    assert set(found) == {"国家级危化品专业处置队"}


def test_lower_level_in_a_district_plan_and_higher_levels() -> None:
    meta = DocumentMeta(jurisdiction="江宁区", level="district", year=2023)
    found = find_agencies("区委、区政府统一部署,市应急管理局指导,镇政府落实。", meta)
    assert set(found) == {"中共江宁区委员会", "江宁区人民政府", "南京市应急管理局"}


def test_national_bodies_have_national_scope() -> None:
    found = agencies("贯彻党中央、国务院决策部署,落实国务院安委会和应急管理部要求,配合国家防总工作组。")
    assert set(found) == {"中共中央", "国务院", "国务院安全生产委员会", "应急管理部", "国家防汛抗旱总指挥部"}
    assert {a.scope for a in found.values()} == {"national"}


def test_bare_central_committee_only_beside_another_organ() -> None:
    assert set(agencies("贯彻落实中央和省委各项规定。")) == {"中共中央", "中共江苏省委员会"}


def test_places_that_act_are_agencies() -> None:
    found = agencies("督促指导苏州、无锡等地开展城市安全风险评估。"
                     "健全与句容市、马鞍山市的联动机制。", PROVINCE)
    assert {"苏州市", "无锡市", "句容市", "马鞍山市"} <= set(found)
    assert "苏州" in found["苏州市"].alt_labels
    assert found["句容市"].function == "party_government"


def test_internal_divisions_of_the_issuer() -> None:
    found = agencies("完善工作机制。(综合处、科技和统计处)推进信息化建设。(科技处)")
    assert set(found) == {"综合处", "科技和统计处"}
    assert found["科技和统计处"].alt_labels == ("科技处",)
    assert {a.parent for a in found.values()} == {"南京市应急管理局"}
    assert {a.function for a in found.values()} == {"internal_division"}


def test_military_named_units() -> None:
    found = agencies("健全与驻宁部队、市人武部和武警南京支队的联勤机制。")
    assert {a.function for a in found.values()} == {"military"}
    assert "驻宁部队" in found


def test_companies_and_universities_named_as_partners() -> None:
    found = agencies("对接中国安能集团等企业,支持南京大学、河海大学开展研究。")
    assert set(found) == {"中国安能集团", "南京大学", "河海大学"}
    assert found["中国安能集团"].function == "enterprise"
    assert found["河海大学"].function == "research_institution"


@pytest.mark.parametrize(("text", "name"), [
    ("由湖南省特种设备检验检测院负责电梯应急处置平台运行。", "湖南省特种设备检验检测院"),
    ("由省地质环境监测总站负责隐患点专业监测。", "湖南省地质环境监测总站"),
    ("由湖南省地质调查院负责开展风险调查。", "湖南省地质调查院"),
    ("由岳阳市测绘院负责开展隐患点测绘。", "岳阳市测绘院"),
    ("由县中心血站负责应急血液保障。", "平江县中心血站"),
    ("由省第二地质勘查院负责开展应急排查。", "湖南省第二地质勘查院"),
    ("由省水利水电勘测设计研究院负责复核。", "湖南省水利水电勘测设计研究院"),
])
def test_technical_institutions_named_by_their_kind_lead(text: str, name: str) -> None:
    county = dataclasses.replace(COUNTY, issuer="平江县自然资源局")
    assert (name, "lead") in roles(text, county)


def test_an_institution_entrusted_with_a_task_is_named_whole() -> None:
    found = agencies("委托省地质环境监测中心对全县隐患点开展专业监测。", COUNTY)
    assert set(found) == {"湖南省地质环境监测中心"}  # not a county 监测中心 of its own


@pytest.mark.parametrize(("text", "town"), [
    ("联合伍市镇人民政府开展山洪灾害防御演练。", "伍市镇人民政府"),
    ("与安定镇人民政府联合开展山洪灾害防御演练。", "安定镇人民政府"),
    ("联合县应急管理局、长寿镇政府开展山洪灾害防御演练。", "长寿镇人民政府"),
    ("联合城关街道办事处开展防汛应急演练。", "城关街道办事处"),
])
def test_a_town_government_after_lianhe_or_yu_is_a_partner(text: str, town: str) -> None:
    assert (town, "support") in roles(text, COUNTY)  # not "联合伍市镇人民政府"


@pytest.mark.parametrize("text", [
    "（一）开展成果质量复核。\n牵头单位：县应急局\n"
    "配合单位：县住房和城乡建设局（以下简称县住建局）、县交通运输局、县水利局\n",
    "（一）县应急局会同县住房和城乡建设局（以下简称县住建局）、县交通运输局、县水利局开展成果质量复核。\n",
])
def test_a_short_form_declared_inside_a_list_does_not_end_it(text: str) -> None:
    assert {name for name, role in roles(text, COUNTY) if role == "support"} == {
        "平江县住房和城乡建设局", "平江县交通运输局", "平江县水利局"}


@pytest.mark.parametrize(("text", "team"), [
    ("（一）市公安局江宁分局交警大队牵头整治“两客一危”车辆违法行为，区交通运输局配合。",
     "南京市公安局江宁分局交警大队"),
    ("（一）南京市公安局浦口分局交通警察大队负责道路交通安全整治。", "南京市公安局浦口分局交通警察大队"),
])
def test_a_team_of_a_branch_named_by_its_area_is_read_whole(text: str, team: str) -> None:
    assert (team, "lead") in roles(text)  # not cut at 分局, with the lead lost


@pytest.mark.parametrize("park", ["徐圩化学工业循环经济示范园区", "宜昌化工循环产业园", "湄洲湾石化工业区",
                                  "长株潭高新技术产业示范区", "光谷生物科技园"])
def test_a_park_committee_is_named_by_its_own_park(park: str) -> None:
    found = roles(f"与{park}管委会合作开展危险化学品企业火灾风险评估。")
    assert found == {(park + "管委会", "support")}  # not the plan's city's committee, nor nothing


def test_a_bureau_named_by_its_city_and_the_districts_short_name_keeps_its_list() -> None:
    district = DocumentMeta(jurisdiction="江宁区", level="district", year=2023, issuer="江宁区商务局")
    text = "（一）区商务局会同南京市江宁生态环境局、区发展和改革委员会，推动建立废旧蓄电池回收体系。"
    supports = {name for name, role in roles(text, district) if role == "support"}
    assert len(supports) == 2 and "江宁区发展和改革委员会" in supports
    eco = next(a for a in find_agencies(text, district).values() if a.function == "ecology_environment")
    assert "南京市江宁生态环境局" in labels(eco)  # not cut to 江宁生态环境局 alone


def test_two_proper_names_sharing_one_body() -> None:
    found = agencies("固化好溧水、高淳公共安全体验中心作用。")
    assert set(found) == {"溧水公共安全体验中心", "高淳公共安全体验中心"}


def test_a_town_plan_with_its_own_bodies() -> None:
    meta = DocumentMeta(jurisdiction="清溪镇", level="town", year=2023)
    found = find_agencies("在镇党委、镇政府领导下,镇应急管理办公室(镇应急办)负责综合监管,"
                          "镇派出所配合。", meta)
    assert set(found) == {"中共清溪镇委员会", "清溪镇人民政府", "清溪镇应急管理办公室", "清溪镇派出所"}
    assert "镇应急办" in found["清溪镇应急管理办公室"].alt_labels


def test_mentions_have_exact_offsets() -> None:
    text = "认真贯彻市委、市政府和省应急管理厅的部署要求。"
    for agency in agencies(text).values():
        for mention in agency.mentions:
            assert text[mention.start:mention.end] == mention.text
            assert mention.text in labels(agency)


@pytest.mark.parametrize(("name", "function"), [
    ("南京市气象局", "meteorology"), ("驻宁部队", "military"), ("南京市安全生产委员会", "coordinating_body"),
    ("中国安能集团", "enterprise"), ("南京市人民政府", "party_government"),
    ("南京市水务局", "water_resources"),
    ("南京市消防救援支队", "fire_rescue"), ("南京市人民政府应急指挥中心", "emergency_management"),
    ("南京市安全生产委员会办公室", "coordinating_body"), ("江苏省地震局", "earthquake"),
    # a department named a committee is that department; a committee gathering departments coordinates
    ("北京市卫生健康委员会", "health"), ("重庆市教育委员会", "education"),
    ("洛阳市发展和改革委员会", "development_reform"), ("南京市减灾委员会", "coordinating_body"),
    ("南京市爱国卫生运动委员会", "coordinating_body"), ("南京市人民防空委员会", "coordinating_body"),
    # an enforcement team is its sector's; 综合行政执法 alone is city management
    ("儋州市综合行政执法局", "urban_management"), ("历城区应急管理综合行政执法大队", "emergency_management"),
    ("鄂托克旗应急管理局综合行政执法大队", "emergency_management"),
    ("南京市交通运输综合行政执法支队", "transport"), ("合浦县海洋局", "natural_resources"),
    ("湘西自治州教育和体育局", "education"), ("凤凰县教育体育局", "education"),
    ("新竹街道办事处", "party_government"), ("南京市应急管理局综合处", "internal_division"),
])
def test_classify(name: str, function: str) -> None:
    assert classify(name) == function


def test_function_keys_are_the_ontology_scheme() -> None:
    scheme = Path(__file__).resolve().parents[2] / "ontology" / "functions.ttl"
    notations = set(re.findall(r'skos:notation "([a-z_]+)"', scheme.read_text(encoding="utf-8")))
    assert set(FUNCTIONS) == notations
    lex = lexicon()
    assert {f for _, f in lex.head_functions} | set(lex.body_functions.values()) <= notations
    assert {f.function for f in lex.fixed} <= notations


@pytest.mark.parametrize(("short", "full", "words", "expected"), [
    ("应急局", "应急管理局", ("应急管理", "局"), True),
    ("安委办", "安全生产委员会办公室", ("安全生产", "委员会", "办公室"), True),
    ("联创中心", "科技联合创新中心", ("科技", "联合", "创新", "中心"), True),
    ("防指", "政府森林防灭火指挥部", ("政府", "森林防灭火", "指挥部"), False),
    ("指挥中心", "三防指挥中心", ("三防", "指挥", "中心"), False),
    ("应急委", "应急管理局党委", ("应急管理", "局", "党委"), False),
])
def test_is_abbreviation(short: str, full: str, words: tuple[str, ...], expected: bool) -> None:
    assert is_abbreviation(short, full, words) is expected


# --- a small plan and the samples --------------------------------------------------------------------


def test_county_plan_agencies() -> None:
    text = (DATA / "county_plan.txt").read_text(encoding="utf-8")
    expected = json.loads((DATA / "county_plan.expected.json").read_text(encoding="utf-8"))
    found = find_agencies(text, DocumentMeta(**expected["meta"]), parse_structure(text))
    assert {name: set(a.alt_labels) for name, a in found.items()} == {
        name: set(alts) for name, alts in expected["agencies"].items()}


def test_component_writes_spans_and_records() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("emkg_agencies")
    doc = nlp.make_doc("由市应急局牵头,市水务局配合。")
    doc._.meta = CITY
    doc = nlp(doc)
    assert set(doc._.agencies) == {"南京市应急管理局", "南京市水务局"}
    assert {(span.text, span.kb_id_) for span in doc.spans["agency"]} == {
        ("市应急局", "南京市应急管理局"), ("市水务局", "南京市水务局")}
    assert {span.label_ for span in doc.spans["agency"]} == {"AGENCY"}


def test_component_copes_without_metadata_or_structure() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("emkg_agencies")
    doc = nlp("协调气象、水务、地震等部门联合开展监测预警。")
    assert {a.alt_labels or (a.name,) for a in doc._.agencies.values()} == {
        ("气象部门",), ("水务部门",), ("地震部门",)}


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _expand(names: set[str], jurisdiction: str | None) -> set[str]:
    """The scorer's matching rule: a name, and its form with the jurisdiction put in front of a bare
    level word (市应急局 <-> 广州市应急局), or taken off."""
    out = set()
    for name in map(_norm, names):
        out.add(name)
        if jurisdiction and name[:1] in "省市区县镇州旗":
            out.add(jurisdiction + name[1:] if jurisdiction.endswith(name[0]) else jurisdiction + name)
        if jurisdiction and name.startswith(jurisdiction) and len(name) > len(jurisdiction):
            out.update({name[len(jurisdiction):], jurisdiction[-1] + name[len(jurisdiction):]})
    return out


def test_samples_against_gold(samples_dir: Path) -> None:
    """On the five samples (the development set) agency F1 stays at or above 0.9."""
    gold_dir = Path(__file__).resolve().parent.parent / "data" / "gold"
    tp_pred = n_pred = tp_gold = n_gold = 0
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        plan = gold["plan"]
        document = read_document(samples_dir / gold["doc"])
        meta = dataclasses.replace(document.meta, jurisdiction=plan["jurisdiction"], level=plan["level"])
        found = find_agencies(document.text, meta, document.root)
        jurisdiction = plan["jurisdiction"]
        preds = [_expand(labels(a), jurisdiction) for a in found.values()]
        golds = [_expand(set(names), jurisdiction) for names in gold["agencies"]]
        tp_pred += sum(1 for p in preds if any(p & g for g in golds))
        tp_gold += sum(1 for g in golds if any(p & g for p in preds))
        n_pred, n_gold = n_pred + len(preds), n_gold + len(golds)
    precision, recall = tp_pred / n_pred, tp_gold / n_gold
    assert 2 * precision * recall / (precision + recall) >= 0.9


@pytest.mark.parametrize(("text", "team"), [
    ("发挥国家西南区域应急救援中心作用，组织实战化演练。", "国家西南区域应急救援中心"),
    ("发挥国家危险化学品应急救援宜宾石化队作用，组织联合演练。", "国家危险化学品应急救援宜宾石化队"),
    ("推进国家西南区域应急救援中心标准化建设。", "国家西南区域应急救援中心"),
])
def test_a_national_team_is_named_from_guojia_to_its_head(text: str, team: str) -> None:
    assert set(agencies(text, PROVINCE)) == {team}  # not cut to "石化队" and put in the province


@pytest.mark.parametrize(("text", "meta"), [
    ("聚焦江北国际商务中心高层建筑，开展消防设施检测。", CITY),
    ("三季度完成温州、台州石化基地安全风险评估。", PROVINCE),
    ("对全区5座LNG接收站开展安全评估。", DocumentMeta(jurisdiction="江北新区", level="district", year=2023)),
])
def test_a_place_or_a_facility_is_no_agency(text: str, meta: DocumentMeta) -> None:
    assert not agencies(text, meta)  # a business district, an industry's base, a terminal


@pytest.mark.parametrize(("text", "division"), [
    ("各单位于11月底前向农村供水科报送工作进展。", "农村供水科"),
    ("各单位于11月底前向特种设备安全监察处报送工作进展。", "特种设备安全监察处"),
    ("各单位于11月底前向河湖管理科报送工作进展。", "河湖管理科"),
    ("成员由办公室、水旱灾害防御科、农村供水科组成。", "农村供水科"),
])
def test_a_division_reported_to_or_listed_is_named_whole(text: str, division: str) -> None:
    county = dataclasses.replace(COUNTY, issuer="平江县水利局")
    assert division in agencies(text, county)  # not cut to 供水科, 安全监察处


def test_an_autonomous_prefecture_by_its_short_name_and_zizhizhou() -> None:
    county = DocumentMeta(jurisdiction="龙井市", level="county", year=2023, issuer="龙井市教育局")
    text = "1.配合延边自治州应急管理局开展校园安全检查。"
    assert roles(text, county) == {("延边自治州应急管理局", "lead")}  # not the county's own bureau


def test_a_ministry_by_its_usual_short_form_is_national() -> None:
    found = agencies("落实住房城乡建设部关于城市生命线安全工程建设的工作要求。")
    assert set(found) == {"住房和城乡建设部"}  # not the plan's city's 住房城乡建设部


def test_a_bare_level_after_a_branch_in_the_plans_area_is_the_plans() -> None:
    county = DocumentMeta(jurisdiction="余姚市", level="county", year=2023, issuer="余姚市应急管理局")
    text = "（一）严厉打击非法充装液化石油气。（责任单位：宁波市公安局余姚分局、市交通运输局）\n"
    assert roles(text, county) == {("宁波市公安局余姚分局", "lead"), ("余姚市交通运输局", "lead")}


def test_a_companys_branch_in_a_table_cell_is_named_as_written() -> None:
    town = DocumentMeta(jurisdiction="长安镇", level="town", year=2023, issuer="长安镇应急管理分局")
    text = ("一、重点任务\n（一）推进隐患排查。\n附件\n任务分工表\n序号\t重点任务\t牵头单位\t责任单位\n"
            "1\t燃气管网改造\t镇住建局\t东莞南粤燃气有限公司长安分公司\n"
            "2\t燃气管网改造\t镇住建局\t东莞南粤燃气有限公司\n")
    supports = {name for name, role in roles(text, town) if role == "support"}
    assert supports == {"东莞南粤燃气有限公司长安分公司", "东莞南粤燃气有限公司"}  # no 长安镇 before it


def test_a_special_districts_bodies_by_its_level_word() -> None:
    special = DocumentMeta(jurisdiction="万山特区", level="county", year=2023, issuer="万山特区应急管理局")
    found = agencies("（责任单位：特区能源局、特区自然资源局）", special)
    assert set(found) == {"万山特区能源局", "万山特区自然资源局"}  # not 万山特区特区能源局


def test_housing_and_urban_rural_construction_without_he_is_one_department() -> None:
    found = agencies("督促住房城乡建设部门加强燃气安全监管。")
    assert set(found) == {"南京市住房城乡建设部门"}  # not cut to 城乡建设部门


@pytest.mark.parametrize("verb", ["争创", "申报", "争取"])
def test_a_verb_before_guojia_is_no_part_of_a_national_centres_name(verb: str) -> None:
    found = agencies(f"{verb}国家应急救援中心，完善救援装备。", PROVINCE)
    assert all(not name.startswith(verb) for name in found)


def test_places_listed_after_any_verb_share_one_bureau() -> None:
    found = agencies("抽调宣恩县、来凤县、鹤峰县应急管理局执法骨干组成交叉检查组。")
    assert {"宣恩县应急管理局", "来凤县应急管理局", "鹤峰县应急管理局"} <= set(found)  # not the last alone


@pytest.mark.parametrize(("text", "schools"), [
    ("督促平江县启明小学完成校舍加固。", {"平江县启明小学"}),
    ("平江县第二中学、平江县实验中学要发挥示范作用。", {"平江县第二中学", "平江县实验中学"}),
    ("督促平江县所有学校完成校舍加固。", set()),
])
def test_a_school_named_with_its_place_is_an_agency_without_a_role_verb(text: str, schools: set[str]) -> None:
    assert set(agencies(text, COUNTY)) == schools


def test_a_room_for_a_use_is_no_division() -> None:
    found = agencies("由平江县第二中学负责建设校园安全教育体验室。", COUNTY)
    assert set(found) == {"平江县第二中学"}  # no 安全教育体验室


@pytest.mark.parametrize(("text", "teams"), [
    ("组建市级水域救援应急分队，5月底前完成集结训练。", {"市级水域救援应急分队"}),
    ("组建县级水域救援应急分队，5月底前完成集结训练。", set()),  # every county's, in a city's plan
    ("组建市级紧急医学救援队、中毒处置队2支卫生应急队伍。", set()),  # kinds of team counted
])
def test_a_team_the_plan_sets_up_at_its_own_level_is_an_agency(text: str, teams: set[str]) -> None:
    assert set(agencies(text)) == teams


def test_a_group_set_up_with_its_chair_named_first_and_its_office() -> None:
    found = agencies("成立由市政府分管副市长任组长的燃气安全专项整治工作领导小组，"
                     "领导小组办公室设在市城管局。")
    group = "燃气安全专项整治工作领导小组"
    assert {group, group + "办公室"} <= set(found)  # not a made-up 南京市领导小组办公室
    assert "南京市领导小组办公室" not in found
    assert found[group].scope != "national"  # the plan's own body, not a national one


def test_a_bureau_and_its_bureau_named_after_it_are_two_bodies() -> None:
    found = agencies("（牵头单位：市公安局交管局）\n（牵头单位：市公安局；配合单位：市交通运输局）\n")
    assert {"南京市公安局交管局", "南京市公安局"} <= set(found)  # 市公安局 is no short form of the other
    assert not is_abbreviation("公安局", "公安局交管局", ("公安局交管", "局"))


def test_the_plans_own_autonomous_prefecture_by_its_short_name_is_one_body() -> None:
    prefecture = DocumentMeta(jurisdiction="黔东南苗族侗族自治州", level="city", year=2023)
    found = agencies("依托黔东南州消防救援支队组建队伍。（配合单位：州消防救援支队）", prefecture)
    assert set(found) == {"黔东南苗族侗族自治州消防救援支队"}
    assert labels(found["黔东南苗族侗族自治州消防救援支队"]) >= {"黔东南州消防救援支队", "州消防救援支队"}


@pytest.mark.parametrize(("note", "name"), [
    ("（配合单位：民航华东地区管理局）", "民航华东地区管理局"),  # a national system's office
    ("（责任单位：苏州地铁集团）", "苏州地铁集团"),  # a company by its city's short name
    ("（责任单位：满洲里边境管理支队）", "满洲里边境管理支队"),  # a county-level city's stem
])
def test_a_listed_body_named_by_a_system_or_a_short_place_is_named_as_written(note: str, name: str) -> None:
    assert set(agencies(note)) == {name}  # not 南京市民航华东地区管理局


def test_a_national_systems_office_keeps_the_short_place_it_is_named_by() -> None:
    found = agencies("（配合单位：宁波海事局北仑海事处）", COUNTY)
    assert set(found) == {"宁波海事局北仑海事处"}  # not 宁波市海事局…, which stays a label
    assert "宁波市海事局北仑海事处" in found["宁波海事局北仑海事处"].alt_labels
