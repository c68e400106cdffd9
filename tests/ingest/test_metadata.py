"""Document metadata: every sample against the gold plan fields, each rule on short texts, overrides,
and sidecar files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.metadata import (
    admin_level,
    apply_overrides,
    detect_metadata,
    find_sidecar,
    load_sidecar,
    parse_date,
)
from kg.ingest.normalize import normalize
from kg.ingest.structure import parse_structure
from kg.model import DocumentMeta, MetaOverrides, RawText

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "data" / "samples").glob("0*.txt"))
GOLD = ROOT / "tests" / "data" / "gold"


def meta_of(text: str, *, title: str | None = None, published: dt.date | None = None,
            overrides: MetaOverrides | None = None) -> DocumentMeta:
    raw = RawText("plan.txt", "txt", text, title=title, published=published)
    normalised = normalize(text).text
    return detect_metadata(raw, normalised, parse_structure(normalised), overrides)


def sample_meta(sample: Path) -> DocumentMeta:
    return meta_of(sample.read_text(encoding="utf-8"))


# --- the samples -----------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name[:3])
def test_samples_plan_fields_match_the_gold(sample):
    gold = json.loads((GOLD / f"{sample.stem}.json").read_text(encoding="utf-8"))["plan"]
    meta = sample_meta(sample)
    assert {"jurisdiction": meta.jurisdiction, "level": meta.level, "year": meta.year} == gold


EXPECTED = {
    "000": DocumentMeta(title="2019年全省应急管理工作计划", published=dt.date(2019, 3, 17), issuer="办公室",
                        doc_type="work_plan", jurisdiction="浙江省", level="province", year=2019),
    "001": DocumentMeta(title="大武口区应急管理体系“十四五”规划", published=dt.date(2022, 11, 25),
                        issuer="大武口区人民政府", doc_number="石大政发〔2022〕61号",
                        doc_type="five_year_plan",
                        jurisdiction="大武口区", level="district", year=2021, end_year=2025),
    "002": DocumentMeta(doc_type="work_plan", level="town"),
    "003": DocumentMeta(title="义乌市应急管理局 2019年工作总结及2020年工作思路",
                        published=dt.date(2020, 3, 27),
                        issuer="义乌市应急管理局", doc_type="summary_and_plan", jurisdiction="义乌市",
                        level="county", year=2020),
    "004": DocumentMeta(doc_type="work_plan", jurisdiction="广州市", level="city", year=2022),
}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name[:3])
def test_samples_all_fields(sample):
    assert sample_meta(sample) == EXPECTED[sample.name[:3]]


# --- jurisdiction ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "jurisdiction", "level"), [
    ("石嘴山市大武口区人民政府关于印发应急预案的通知\n\n一、总则", "大武口区", "district"),
    ("2022年广东省广州市天河区应急管理工作要点\n\n为做好工作,制定本要点。", "天河区", "district"),
    ("昆山市应急管理局2021年工作计划\n\n一、总体要求", "昆山市", "county"),
    ("2021年杭州市应急管理工作要点\n\n一、总体要求", "杭州市", "city"),
    ("青山镇2021年安全生产工作要点\n\n一、总体要求", "青山镇", "town"),
    ("城关街道2021年应急管理工作计划\n\n一、总体要求", "城关街道", "town"),
    ("延边朝鲜族自治州应急管理“十四五”规划\n\n一、现状", "延边朝鲜族自治州", "city"),
    ("内蒙古自治区2022年应急管理工作要点\n\n一、总体要求", "内蒙古自治区", "province"),
    ("北京市2022年安全生产工作要点\n\n一、总体要求", "北京市", "province"),
    ("某某县应急管理局2021年工作计划\n\n一、总体要求", "某某县", "county"),
    ("辉县市2025年安全生产工作方案\n\n一、总体要求", "辉县市", "county"),  # a city named X县市
    ("赣县区应急管理局2026年工作要点\n\n一、总体要求", "赣县区", "district"),  # a district named X县区
    ("安乡县应急管理局2026年工作要点\n\n一、总体要求", "安乡县", "county"),
    ("西乡塘区应急管理局2026年工作要点\n\n一、总体要求", "西乡塘区", "district"),  # not 西乡 and 塘区
    ("寿光市镇(街道)安全生产工作考核办法\n\n一、总则", "寿光市", "county"),  # the towns of 寿光市
    ("滦镇街道2023年安全生产工作要点\n\n一、总体要求", "滦镇街道", "town"),  # a street named X镇
])
def test_jurisdiction_from_the_title(text, jurisdiction, level):
    meta = meta_of(text)
    assert (meta.jurisdiction, meta.level) == (jurisdiction, level)


@pytest.mark.parametrize("title", ["城市安全发展工作要点", "社区应急管理工作计划", "开发区安全生产工作方案",
                                   "2019年全省应急管理工作计划", "应急管理部2022年工作要点"])
def test_common_words_are_not_places(title):
    meta = meta_of(f"{title}\n\n一、总体要求\n1.加强监测。")
    assert meta.jurisdiction is None


def test_province_from_level_words_and_short_names():
    text = "2019年全省应急管理工作计划\n\n2019年是关键之年。全省要建设平安浙江,打造浙江样板。\n(一)加强监测。"
    assert (meta_of(text).jurisdiction, meta_of(text).level) == ("浙江省", "province")


def test_city_from_level_words_names_and_abbreviations():
    text = ("2022年是关键一年。全市应急管理工作的总体要求是:守住底线。\n一、强化责任\n1.健全与驻穗部队的联"
            "席会议。\n"
            "2.出台《广州市避护场所规划》。\n3.加强与佛山市协作。我市要推进广州经验。")
    meta = meta_of(text)
    assert (meta.jurisdiction, meta.level, meta.year) == ("广州市", "city", 2022)


def test_county_level_city_district_and_town_read_from_the_text():
    county = "为做好今年工作,全市要统筹推进。\n一、要求\n1.义乌市各镇街要落实。\n2.推广义乌市经验,平安义乌。"
    assert (meta_of(county).jurisdiction, meta_of(county).level) == ("义乌市", "county")
    district = "为做好今年工作,全区要统筹推进。\n一、要求\n1.大武口区各部门落实。\n2.完善大武口区机制。"
    assert (meta_of(district).jurisdiction, meta_of(district).level) == ("大武口区", "district")
    town = "为做好今年工作,全镇要统筹推进。\n一、要求\n1.青山镇各村落实。\n2.青山镇成立应急队伍。"
    assert (meta_of(town).jurisdiction, meta_of(town).level) == ("青山镇", "town")


def test_a_name_two_counties_share_the_end_of_gives_way_to_the_one_named_most() -> None:
    text = ("2024年全县应急管理工作要点\n2024年,长阳土家族自治县应急管理工作要在党委领导下推进。"
            "长阳土家族自治县将坚持安全发展,与五峰土家族自治县协作,支援五峰土家族自治县。"
            "长阳土家族自治县要落实。\n一、重点任务\n1.年底前完成建设。")
    assert meta_of(text).jurisdiction == "长阳土家族自治县"


@pytest.mark.parametrize(("county", "word"), [("长阳土家族自治县", "全县"), ("东乡族自治县", "全县"),
                                           ("鄂伦春自治旗", "全旗"), ("峨边彝族自治县", "本县")])
def test_an_autonomous_county_named_only_in_the_text_keeps_its_peoples_name(county: str, word: str) -> None:
    text = (f"2024年{word}应急管理工作要点\n2024年,{county}应急管理工作要在党委领导下,推动{word}应急管理"
            f"高质量发展。{county}将坚持安全发展。\n一、重点任务\n1.年底前完成物资储备库建设。")
    assert (meta_of(text).jurisdiction, meta_of(text).level) == (county, "county")


@pytest.mark.parametrize(("title", "place"), [("黔东南州应急管理局2026年工作要点", "黔东南苗族侗族自治州"),
                                            ("凉山州应急管理局2026年工作要点", "凉山彝族自治州")])
def test_an_autonomous_prefecture_by_its_short_name_in_the_title(title: str, place: str) -> None:
    meta = meta_of("一、重点任务\n1.3月底前完成预案修订。", title=title)
    assert (meta.jurisdiction, meta.level) == (place, "city")


def test_a_task_breakdown_is_a_titled_document() -> None:
    title = "湖南省应急管理厅2026年重点工作任务分解"
    meta = meta_of(f"{title}\n一、重点任务\n1.3月底前完成预案修订。")
    assert (meta.title, meta.jurisdiction, meta.year) == (title, "湖南省", 2026)


@pytest.mark.parametrize(("title", "heading"), [("南浔区应急管理局2025年工作总结", "三、明年工作打算"),
                                              ("南浔区应急管理局工作总结及明年工作计划", "三、下一步工作"),
                                              ("南浔区应急管理局工作总结", "三、2026年工作计划")])
def test_a_summary_with_next_years_plan_is_for_next_year(title: str, heading: str) -> None:
    text = (f"{title}\n2025年,我局扎实推进各项工作,现总结如下。\n一、工作开展情况\n全年共检查企业1200家。\n"
            f"{heading}\n(一)6月底前完成预案修订。")
    assert meta_of(text).year == 2026


def test_a_year_in_chinese_numerals_opening_the_body() -> None:
    text = "粤海街道安全生产工作要点\n二〇二六年是“十五五”开局之年。\n一、重点任务\n(一)6月底前完成预案修订。"
    assert meta_of(text).year == 2026


def test_a_sites_banner_is_no_part_of_the_title() -> None:
    text = "玉溪市人民政府门户网站\n澄江市2025年地质灾害防治工作方案\n一、重点任务\n(一)3月底前完成排查。"
    meta = meta_of(text)
    assert (meta.title, meta.jurisdiction, meta.level) == (text.split("\n")[1], "澄江市", "county")


def test_a_joint_signature_on_one_line_names_the_place() -> None:
    text = ("全区2025年安全生产工作要点\n一、重点任务\n(一)3月底前完成全区隐患排查整治。\n"
            "中共杭州市拱墅区委办公室\u3000杭州市拱墅区人民政府办公室\n2025年2月26日")
    assert (meta_of(text).jurisdiction, meta_of(text).level) == ("拱墅区", "district")


@pytest.mark.parametrize(("text", "town"), [
    ("2024年工作总结及2025年工作计划\n2024年,分水镇应急管理工作取得新成效。分水镇全年未发生较大事故。\n"
     "一、2025年工作计划\n(一)3月底前完成镇安委会成员调整。", "分水镇"),  # no level word at all
    ("2025年全街道应急管理工作计划\n2024年,仁和街道在街道党工委领导下,仁和街道全年未发生较大事故。\n"
     "(一)3月底前完成街道安委会成员调整。", "仁和街道"),  # 全街道
])
def test_a_town_or_street_named_only_in_the_text(text: str, town: str) -> None:
    assert (meta_of(text).jurisdiction, meta_of(text).level) == (town, "town")


@pytest.mark.parametrize("title", ["望城区2024—2025年冬春火灾防控工作方案",
                                   "鹿城区2024-2025年森林防火工作方案"])
def test_a_district_ending_in_a_town_word_before_a_span_of_years(title: str) -> None:
    meta = meta_of(f"{title}\n一、区教育局负责开展演练。")
    assert (meta.jurisdiction, meta.level, meta.year) == (title[:3], "district", 2024)


def test_a_member_units_duties_list_is_a_titled_document() -> None:
    meta = meta_of("沭阳县安全生产委员会成员单位安全生产工作职责\n(2023年修订)\n县教育局:负责校车安全管理。")
    assert (meta.jurisdiction, meta.level, meta.year) == ("沭阳县", "county", 2023)


def test_level_without_a_name():
    meta = meta_of("为做好今年安全生产工作,全镇要统筹推进,抓好乡镇和村级队伍。\n一、总体要求\n1.加强监测。")
    assert (meta.jurisdiction, meta.level, meta.year) == (None, "town", None)


@pytest.mark.parametrize(("name", "level"), [
    ("浙江省", "province"), ("宁夏回族自治区", "province"), ("上海市", "province"),
    ("香港特别行政区", "province"), ("广州市", "city"), ("大兴安岭地区", "city"), ("锡林郭勒盟", "city"),
    ("义乌市", "county"), ("某某县", "county"),
    ("某某自治县", "county"), ("某某旗", "county"), ("大武口区", "district"), ("浦东新区", "district"),
    ("某某镇", "town"), ("某某乡", "town"), ("某某街道", "town"), ("某某", None),
])
def test_admin_level_from_the_suffix(name, level):
    assert admin_level(name) == level


def test_place_tables_are_complete():
    from kg.ingest.metadata import _places

    places = _places()
    assert len(places.provinces) == 34
    assert 330 <= len(places.prefectures) <= 340
    assert places.abbreviations["穗"] == ("广州市",) and "浙江省" in places.abbreviations["浙"]


# --- year ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "year", "end_year"), [
    ("2019年全省应急管理工作计划", 2019, None),
    ("某某区应急管理体系“十四五”规划", 2021, 2025),
    ("某某县安全生产“十三五”规划", 2016, 2020),
    ("某某市应急体系建设“十五五”规划", 2026, 2030),
    ("某某县应急管理规划(2021—2025年)", 2021, 2025),
    ("某某局2019年工作总结及2020年工作思路", 2020, None),
    ("某某局2020年工作总结和明年工作计划", 2021, None),
])
def test_year_from_the_title(title, year, end_year):
    meta = meta_of(f"{title}\n\n一、总体要求\n1.加强监测。")
    assert (meta.year, meta.end_year) == (year, end_year)


def test_year_from_the_opening_and_from_headings():
    assert meta_of("2022年是关键一年。\n一、要求").year == 2022
    assert meta_of("为做好2021年全县安全生产工作,制定本要点。\n一、要求").year == 2021
    assert meta_of("今年以来成效明显。\n一、2019年主要工作\n二、2020年工作思路\n1.加强监测。").year == 2020
    assert meta_of("桐溪区应急管理工作要点\n\n今年是“十五五”开局之年。\n一、要求\n1.加强监测。").year == 2026
    closing = "某某县应急管理工作要点\n\n今年是“十四五”规划收官之年。\n一、要求\n1.加强监测。"
    assert meta_of(closing).year == 2025


def test_year_from_the_publication_date_is_a_last_resort():
    text = "为做好今年工作,制定本计划。\n一、要求\n1.加强监测。"
    assert meta_of(text, published=dt.date(2021, 3, 1)).year == 2021
    assert meta_of(text, published=dt.date(2021, 12, 1)).year is None  # may be next year's plan
    assert meta_of(text).year is None
    assert meta_of("2019年全省应急管理工作计划\n\n" + text, published=dt.date(2021, 3, 1)).year == 2019


def test_a_plan_without_a_year_is_for_the_first_year_its_work_is_due() -> None:
    body = ("一、总体要求\n截至2025年9月底前已完成排查。到2027年底,全镇达标。\n二、实施步骤\n"
            "(一)动员部署阶段(2026年3月底前)。召开动员会。\n(二)组织实施阶段(2026年4月—2027年10月)。\n")
    assert meta_of("岚溪镇基层应急能力标准化建设实施方案\n\n" + body).year == 2026
    assert meta_of("岚溪镇应急管理工作总结\n\n" + body).year is None  # a summary's dates say nothing


@pytest.mark.parametrize(("title", "part", "year"), [
    ("岳阳市应急管理局局长2025年度述职报告", "二、2026年工作打算", 2026),  # a report of one's year
    ("迁安市安委办2025年安全生产工作总结", "二、下一步工作打算", 2026),  # the next step of a year summed up
    ("迁安市安委办2025年安全生产工作总结", "二、下一阶段重点工作", 2026),
    ("莆田市应急管理局2025年上半年工作总结", "二、下一步工作打算", 2025),  # ... of half of it
    ("南平市应急管理局2025年工作总结和2026年重点工作", "二、工作安排", 2026),  # the title's kind
])
def test_the_year_a_summary_plans_for(title: str, part: str, year: int) -> None:
    text = f"{title}\n\n一、主要做法\n(一)全年检查企业1260家次。\n{part}\n(一)3月底前完成评估。"
    assert meta_of(text).year == year


def test_a_notice_is_for_the_year_it_is_issued_in_though_late_in_it() -> None:
    text = "兰陵县安委办关于加强元旦春节期间烟花爆竹安全管理工作的通知\n\n一、任务\n1.县市场监管局负责抽检。"
    assert meta_of(text, published=dt.date(2025, 12, 12)).year == 2025


def test_a_year_naming_an_event_without_its_年_is_the_titles_year() -> None:
    text = "厦门市人民政府办公厅关于做好2026厦门马拉松赛安全保障工作的通知\n\n一、任务\n1.做好保障。"
    assert meta_of(text).year == 2026
    assert meta_of("某某县2026个行政村安全工作要点\n\n一、任务\n1.做好保障。").year is None


def test_the_opening_year_after_the_line_a_notice_is_addressed_on() -> None:
    text = ("某某县应急管理局关于做好元旦春节期间安全防范工作的通知\n\n各乡镇人民政府,县直有关部门:\n"
            "为做好2026年元旦、春节期间安全防范工作,现通知如下:\n一、任务\n1.做好保障。")
    assert meta_of(text).year == 2026


@pytest.mark.parametrize(("name", "level"), [("神农架林区", "county"), ("碑林区", "district"),
                                           ("万柏林区", "district")])
def test_a_forest_district_is_a_county_and_one_named_for_a_grove_a_district(name: str, level: str) -> None:
    assert admin_level(name) == level


# --- other fields ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("发布日期:2019-03-17 16:45", dt.date(2019, 3, 17)),
    ("2019/3/7", dt.date(2019, 3, 7)),
    ("2019.03.07", dt.date(2019, 3, 7)),
    ("成文于2022年11月25日", dt.date(2022, 11, 25)),
    ("2022 年 1 月 5 日", dt.date(2022, 1, 5)),
    ("20221125", dt.date(2022, 11, 25)),
    ("二〇二二年十一月二十五日", dt.date(2022, 11, 25)),
    ("二○二一年三月一日", dt.date(2021, 3, 1)),
    ("2022-13-45", None),
    ("20221345", None),
    ("文号202261", None),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_labelled_dates_prefer_publication_and_read_values_below_labels():
    text = "• 成文日期:\n\n2020-03-26\n\n发布时间:2020-03-27 09:55\n\n某某局2020年工作要点\n\n一、要求"
    assert meta_of(text).published == dt.date(2020, 3, 27)
    signed = "某某县2020年工作要点\n\n一、要求\n1.做好。\n\n某某县应急管理局\n2020年3月5日"
    assert meta_of(signed).published == dt.date(2020, 3, 5)
    assert meta_of("一、要求", published=dt.date(2020, 1, 2)).published == dt.date(2020, 1, 2)


@pytest.mark.parametrize(("title", "jurisdiction", "level"), [
    ("南山区2024年安全生产工作要点", "南山区", "district"),  # ends like 山区
    ("邹城市2024年安全生产工作要点", "邹城市", "county"),  # ends like 城市
    ("东城区“十四五”应急管理规划", "东城区", "district"),
    ("敖伦布拉格苏木2023年防灾减灾工作计划", "敖伦布拉格苏木", "town"),
    ("山区2024年防汛工作方案", None, None),
    ("新乡市2025年安全生产工作要点", "新乡市", "city"),  # a level character inside the name
    ("宁乡市2025年安全生产工作要点", "宁乡市", "county"),
    ("中山市古镇镇2025年安全生产工作计划", "古镇镇", "town"),
    ("德清县新市镇2025年防汛防台工作方案", "新市镇", "town"),
    ("中山市三乡镇2025年安全生产工作计划", "三乡镇", "town"),
    ("东乡族自治县2025年地质灾害防治工作方案", "东乡族自治县", "county"),
    ("双江拉祜族佤族布朗族傣族自治县2025年森林防灭火工作方案", "双江拉祜族佤族布朗族傣族自治县", "county"),
    ("韩城市应急管理局关于印发2025年安全生产工作要点的通知", "韩城市", "county"),  # the place's own body
    ("诸城市人民政府关于印发2025年防汛工作方案的通知", "诸城市", "county"),
    ("新县2025年防汛抗旱工作方案", "新县", "county"),  # a one-character name
    ("江山区人民政府关于印发江山区应急管理体系规划的通知", "江山区", "district"),
    ("城区2025年工作要点", None, None),
    ("杭州市住房和城乡建设局2025年建筑施工安全生产工作要点", "杭州市", "city"),  # 城乡 is no town
    ("浙江省住房和城乡建设厅关于印发2025年建筑施工安全工作要点的通知", "浙江省", "province"),
])
def test_a_title_that_opens_with_its_place_and_year(title, jurisdiction, level):
    meta = meta_of(f"{title}\n\n一、要求\n1.做好。")
    assert (meta.jurisdiction, meta.level) == (jurisdiction, level)


@pytest.mark.parametrize(("title", "year"), [
    ("磐安县二〇二五年应急管理工作计划", 2025),  # a year in Chinese numerals
    ("庆元县应急管理局2025年上半年工作总结及下半年工作计划", 2025),  # the plan is for the same year
    ("庆元县应急管理局2024年工作总结及2025年工作计划", 2025),
    ("石埠镇2024年应急管理工作开展情况及2025年工作打算", 2025),  # 情况 is the summing-up half
    ("关于石埠镇2024年应急管理工作情况和2025年工作计划的报告", 2025),
])
def test_the_year_a_title_gives(title, year):
    assert meta_of(f"{title}\n\n一、要求\n1.做好。").year == year


@pytest.mark.parametrize(("line", "expected"), [
    ("石大政发〔2022〕61号", "石大政发〔2022〕61号"),
    ("浙应急〔2019〕12号", "浙应急〔2019〕12号"),  # the year in brackets is sign enough
    ("泉安委〔2024〕3号", "泉安委〔2024〕3号"),
    ("应急〔2023〕12号", "应急〔2023〕12号"),
    ("浙应急2019123号", None),  # brackets lost and no document-kind character: any run of digits
    ("浙应急发[2019]12号", "浙应急发〔2019〕12号"),
    ("石大政发202261", "石大政发〔2022〕61号"),
    ("粤府办20213号", "粤府办〔2021〕3号"),
    ("20221125", None),
    ("安全生产发展2022", None),
    ("(中办发〔2020〕35号)", None),
])
def test_document_numbers(line, expected):
    assert meta_of(f"某某县2022年工作要点\n\n{line}\n\n一、要求\n1.做好。").doc_number == expected


def test_labelled_document_number():
    assert meta_of("文号:浙应急〔2019〕12号\n\n某某县2022年工作要点\n\n一、要求").doc_number == \
        "浙应急〔2019〕12号"
    assert meta_of("发文字号:浙政办发〔2019〕12号\n\n某某县2022年工作要点\n\n一、要求").doc_number == \
        "浙政办发〔2019〕12号"


@pytest.mark.parametrize(("title", "doc_type"), [
    ("2019年全省应急管理工作计划", "work_plan"),
    ("2022年广州市应急管理工作要点", "work_plan"),
    ("某某县2021年安全生产工作安排", "work_plan"),
    ("某某区应急管理体系“十四五”规划", "five_year_plan"),
    ("某某县应急管理规划(2021-2025年)", "five_year_plan"),
    ("某某局2019年工作总结及2020年工作思路", "summary_and_plan"),
    ("某某县安全生产专项整治三年行动实施方案", "campaign_plan"),
    ("某某市燃气安全专项行动方案", "campaign_plan"),
    ("某某县突发事件总体应急预案", "other"),
])
def test_doc_type(title, doc_type):
    assert meta_of(f"{title}\n\n一、总体要求").doc_type == doc_type


def test_title_from_a_wrapping_notice_and_from_the_container():
    notice = ("某某区人民政府关于印发《某某区2021年安全生产工作要点》的通知\n\n各部门:现印发给你们。\n\n一"
              "、要求")
    meta = meta_of(notice)
    assert (meta.title, meta.issuer, meta.year) == ("某某区2021年安全生产工作要点", "某某区人民政府", 2021)
    untitled = "为做好今年工作,制定本计划。\n一、要求"
    assert meta_of(untitled, title="2022年某某县应急管理工作计划_某某县人民政府").title == ("2022年某某县应"
                                                                         "急管理工作计划")


def test_relative_issuer_gets_the_jurisdiction_name():
    text = "发布机构:\n\n市应急管理局\n\n义乌市2020年应急管理工作思路\n\n一、要求"
    assert meta_of(text).issuer == "义乌市应急管理局"


@pytest.mark.parametrize(("title", "issuer"), [
    ("应急管理部2025年工作要点", "应急管理部"), ("国家矿山安全监察局2025年工作要点", "国家矿山安全监察局"),
    ("县人武部2025年民兵应急工作计划", "县人武部"), ("全面部署2025年防汛工作", None),
])
def test_a_ministry_that_opens_its_title_issues_the_plan(title, issuer):
    assert meta_of(f"{title}\n\n一、要求\n1.开展排查。").issuer == issuer


def test_a_traditional_pages_own_title_is_read_simplified(make_html):
    from kg.ingest import read_document

    page = make_html("trad.html", ["一、總體要求", "（一）縣應急管理局負責，3月底前完成排查。"],
                     title="岚川縣2025年應急管理工作要點")
    meta = read_document(page).meta
    assert (meta.title, meta.jurisdiction, meta.doc_type) == ("岚川县2025年应急管理工作要点", "岚川县",
                                                              "work_plan")


# --- overrides -------------------------------------------------------------------------------------


def test_overrides_win_field_by_field():
    text = (ROOT / "data/samples/002_985e8661aa0f82e8.txt").read_text(encoding="utf-8")
    meta = meta_of(text, overrides=MetaOverrides(jurisdiction="某某镇", year=2021))
    assert (meta.jurisdiction, meta.level, meta.year, meta.doc_type) == ("某某镇", "town", 2021, "work_plan")
    meta = meta_of(text, overrides=MetaOverrides(level="county", title="某某乡2021年工作要点"))
    assert (meta.jurisdiction, meta.level, meta.title) == (None, "county", "某某乡2021年工作要点")


def test_overriding_the_year_of_a_five_year_plan_drops_its_end_year():
    meta = DocumentMeta(year=2021, end_year=2025)
    assert apply_overrides(meta, MetaOverrides(year=2022)).end_year is None
    assert apply_overrides(meta, MetaOverrides(year=2021)).end_year == 2025
    assert apply_overrides(meta, None) is meta


# --- sidecar files ---------------------------------------------------------------------------------


def test_csv_sidecar(tmp_path):
    path = tmp_path / "emkg-metadata.csv"
    path.write_text("file,jurisdiction,level,year,doc_type,title\n"
                    "002_town.txt,某某镇,town,2021,work_plan,\n"
                    "other.txt,,,2020,,某某计划\n\n", encoding="utf-8-sig")
    assert load_sidecar(path) == {
        "002_town.txt": MetaOverrides(jurisdiction="某某镇", level="town", year=2021, doc_type="work_plan"),
        "other.txt": MetaOverrides(year=2020, title="某某计划"),
    }


def test_csv_sidecar_saved_as_gbk(tmp_path):
    path = tmp_path / "emkg-metadata.csv"
    path.write_bytes("file,jurisdiction\na.txt,某某镇\n".encode("gbk"))
    assert load_sidecar(path)["a.txt"].jurisdiction == "某某镇"


def test_yaml_sidecar_as_a_mapping_and_as_a_list(tmp_path):
    mapping = tmp_path / "emkg-metadata.yaml"
    mapping.write_text("002_town.txt:\n  jurisdiction: 某某镇\n  level: town\n  year: 2021\nbare.txt:\n",
                       encoding="utf-8")
    assert load_sidecar(mapping) == {
        "002_town.txt": MetaOverrides(jurisdiction="某某镇", level="town", year=2021),
        "bare.txt": MetaOverrides(),
    }
    records = tmp_path / "list.yml"
    records.write_text("- file: a.txt\n  doc_type: five_year_plan\n- {file: b.txt, year: '2020'}\n",
                       encoding="utf-8")
    assert load_sidecar(records) == {"a.txt": MetaOverrides(doc_type="five_year_plan"),
                                     "b.txt": MetaOverrides(year=2020)}


@pytest.mark.parametrize(("name", "content", "message"), [
    ("s.csv", "file,jurisdiction,county\na.txt,x,y\n", "row 1: unknown column(s) 'county'"),
    ("s.csv", "name,level\na.txt,town\n", "unknown column(s) 'name'"),
    ("s.csv", "jurisdiction,level\n某某镇,town\n", "row 1: no 'file' column"),
    ("s.csv", "file,level\na.txt,town\nb.txt,village\n", "row 3: bad level 'village'"),
    ("s.csv", "file,year\na.txt,2021年\n", "row 2: bad year '2021年'"),
    ("s.csv", "file,doc_type\na.txt,plan\n", "row 2: bad doc_type 'plan'"),
    ("s.csv", "file,level\na.txt,town\na.txt,county\n", "row 3: file 'a.txt' is listed twice"),
    ("s.csv", "file,level\n,town\n", "row 2: no file name"),
    ("s.csv", "file,level\na.txt,town,extra\n", "row 2: more cells than columns"),
    ("s.yaml", "a.txt:\n  levle: town\n", "entry 'a.txt': unknown field(s) 'levle'"),
    ("s.yaml", "- file: a.txt\n  level: city-level\n", "record 1: bad level 'city-level'"),
    ("s.yaml", "a.txt: town\n", "entry 'a.txt': expected a mapping of fields"),
    ("s.yaml", "a.txt: [unclosed\n", "not valid YAML"),
    ("s.yaml", "just a string\n", "expected a mapping or a list"),
    ("s.json", "{}", "unknown sidecar format"),
])
def test_sidecar_errors_name_the_file_and_the_row(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_sidecar(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_find_sidecar(tmp_path):
    assert find_sidecar(tmp_path) is None
    (tmp_path / "emkg-metadata.yml").write_text("a.txt: {year: 2021}\n", encoding="utf-8")
    assert find_sidecar(tmp_path) == tmp_path / "emkg-metadata.yml"
    (tmp_path / "emkg-metadata.csv").write_text("file,year\na.txt,2021\n", encoding="utf-8")
    with pytest.raises(InputError, match="more than one metadata sidecar"):
        find_sidecar(tmp_path)


@pytest.mark.parametrize("title", ["石埠镇2024年应急管理工作总结", "石埠镇2024年度应急管理工作情况汇报"])
def test_a_summary_with_a_part_for_the_next_year_plans_for_it(title):
    meta = meta_of(f"{title}\n一、2024年工作开展情况\n(一)全年共排查隐患587处。\n二、2025年工作计划\n"
                   "(一)3月底前完成评估。")
    assert (meta.title, meta.doc_type, meta.year) == (title, "summary_and_plan", 2025)
    assert meta_of(f"{title}\n一、主要工作\n(一)全年共排查隐患587处。").year == 2024


@pytest.mark.parametrize("label", ["附件1", "附件", "附件2:"])
def test_an_attachments_label_is_no_half_of_the_title(label):
    meta = meta_of(f"{label}\n涵屿县2025年防汛防台风重点任务清单\n1.县水利局负责5月底前完成水库安全检查。")
    assert (meta.title, meta.jurisdiction) == ("涵屿县2025年防汛防台风重点任务清单", "涵屿县")


def test_a_part_heading_below_the_first_sentence_is_no_title():
    meta = meta_of("石埠镇2024年应急管理工作总结和2025年工作计划\n2024年,石埠镇扎实推进应急管理工作。\n"
                   "2025年工作计划\n3月底前完成126家企业风险评估。")
    assert meta.title == "石埠镇2024年应急管理工作总结和2025年工作计划"
    assert (meta.jurisdiction, meta.year) == ("石埠镇", 2025)


@pytest.mark.parametrize(("title", "jurisdiction"), [
    ("在全市2026年应急管理暨安全生产工作会议上的讲话", "岚州市"),  # the place from the speaker's post
    ("周建平同志在岚州市2026年应急管理暨安全生产工作会议上的讲话", "岚州市"),
])
def test_a_speech_is_titled_dated_and_placed(title: str, jurisdiction: str) -> None:
    text = (f"{title}\n岚州市人民政府副市长 周建平\n(2026年2月12日)\n同志们:\n"
            "一、今年重点工作\n岚州市应急局要牵头,在5月15日前完成病险水库除险加固。岚州市水利局配合。")
    meta = meta_of(text)
    assert (meta.title, meta.year, meta.published) == (title, 2026, dt.date(2026, 2, 12))
    assert meta.jurisdiction == jurisdiction


def test_a_speech_is_placed_by_its_speakers_post() -> None:
    text = ("在全县2026年应急管理工作会议上的讲话\n青城县人民政府副县长 李明华\n(2026年2月10日)\n同志们:\n"
            "一、今年重点工作\n县应急管理局牵头,3月底前修订工作职责。")
    assert (meta_of(text).jurisdiction, meta_of(text).level) == ("青城县", "county")


def test_a_plans_edition_below_its_title_is_part_of_it() -> None:
    meta = meta_of("澄岭县防汛抗旱应急预案\n（2026年修订）\n1.组织准备。各乡镇于4月15日前完成责任人调整。")
    assert (meta.title, meta.year) == ("澄岭县防汛抗旱应急预案(2026年修订)", 2026)


@pytest.mark.parametrize(("title", "year"), [
    ("汀州市2026年安全生产工作重点", 2026),
    ("汀州市应急管理局2025年工作总结和2026年工作设想", 2026),
    ("汀州市应急管理局2025年工作总结及2026年工作谋划", 2026),
    ("汀州市2026年应急管理重点任务", 2026),
    ("汀州市2026年安全生产专项整治重点任务分工表", 2026),
    ("汀州市2026年防汛工作任务台账", 2026),
    ("汀州市2026年安全生产目标责任书", 2026),
    ("汀州市2026年防汛抗旱责任人名单", 2026),  # rosters published on their own
    ("汀州市2026年汛期应急值班表", 2026),
    ("汀州市2026年森林防火包保责任表", 2026),
])
def test_a_title_that_ends_in_a_word_of_its_years_work(title: str, year: int) -> None:
    meta = meta_of(f"{title}\n一、强化责任\n(一)3月底前完成全市187座小型水库巡查。")
    assert (meta.title, meta.jurisdiction, meta.year) == (title, "汀州市", year)


@pytest.mark.parametrize(("title", "place"), [
    ("岚溪镇人民政府应急值班值守制度", "岚溪镇"),
    ("青岚县安全生产约谈规定", "青岚县"),
    ("青岚县应急管理局行政执法工作规则", "青岚县"),
    ("汀州市安全生产事故隐患排查治理规定(试行)", "汀州市"),
])
def test_a_title_of_rules_that_names_whom_they_bind(title: str, place: str) -> None:
    meta = meta_of(f"{title}\n\n第二条 镇应急管理办公室负责应急值班值守工作。")
    assert (meta.title, meta.jurisdiction) == (title, place)


def test_a_heading_of_rules_is_no_title() -> None:
    assert meta_of("健全值班值守制度\n第二条 镇应急管理办公室负责应急值班值守工作。").title is None


def test_a_columns_label_is_no_title() -> None:
    meta = meta_of("序号\t重点任务\t责任单位\n1\t完成水库安全检查\t县水利局")
    assert meta.title is None


@pytest.mark.parametrize(("text", "title"), [
    ("关于做好强对流天气防范工作的紧急通知\n各县市区:\n一、加强监测", "关于做好强对流天气防范工作的紧急通知"),
    ("关于印发2025年防汛工作方案的通知\n各县市区:\n一、加强监测", "2025年防汛工作方案"),  # the plan it sends
])
def test_a_notice_that_sends_no_plan_keeps_its_whole_title(text: str, title: str) -> None:
    assert meta_of(text).title == title


@pytest.mark.parametrize(("text", "title", "year"), [
    ("永修县防汛抗旱指挥部2024年第5期防汛会商会议纪要\n一、会商意见\n(一)6月19日前完成巡查。",
     "永修县防汛抗旱指挥部2024年第5期防汛会商会议纪要", 2024),
    ("永修县防汛抗旱指挥部\n防汛会商会议纪要\n(2024年第5期)\n一、会商意见\n(一)6月19日前完成巡查。",
     "永修县防汛抗旱指挥部防汛会商会议纪要(2024年第5期)", 2024),
])
def test_minutes_are_titled_by_their_kind_and_issue(text: str, title: str, year: int) -> None:
    meta = meta_of(text)
    assert (meta.title, meta.year, meta.jurisdiction) == (title, year, "永修县")


@pytest.mark.parametrize(("title", "year"), [
    ("关于抓好国务院安委会2023年度安全生产考核巡查反馈问题整改的通知", 2024),
    ("山东省2023年度安全生产巡查发现问题整改方案", 2024),
    ("山东省2024年度安全生产工作要点", 2024),  # no rectification: the year it names
])
def test_a_rectification_of_a_years_assessment_is_for_the_year_after(title: str, year: int) -> None:
    assert meta_of(f"{title}\n一、整改任务\n(一)4月15日前制定整改方案。").year == year
