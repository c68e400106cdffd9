"""Measures chosen from the structure: numbered items, paragraphs, table rows; preambles, framing
parts and past parts left out."""

from __future__ import annotations

import pytest

from kg.ingest import read_document
from kg.ingest.structure import parse_structure
from kg.model import DocumentMeta, Node, Span
from kg.nlp import extract
from kg.nlp.components.measures import heading_roles, layout

WORK_PLAN = """2023年是贯彻落实党的二十大精神的开局之年。全县应急管理工作的总体要求是:坚持人民至上。
一、指导思想
以习近平新时代中国特色社会主义思想为指导,统筹发展和安全。
二、重点任务
(一)强化责任落实
1.推动落实党政领导干部安全生产责任制,6月底前制定责任清单。
2.开展安全生产巡查,实现对各乡镇全覆盖。
(二)加强灾害防治
全面开展自然灾害综合风险普查,年底前完成普查成果汇交工作。
3.推进地质灾害隐患点搬迁避让,完成10处隐患点治理。
"""


def measures_of(text: str, year: int | None = 2023, doc_type: str | None = None):
    root = parse_structure(text)
    return layout(text, root, DocumentMeta(year=year, doc_type=doc_type))


def test_items_and_paragraphs_are_measures_and_the_preamble_and_ideology_are_not() -> None:
    found = measures_of(WORK_PLAN)
    texts = [m.text for m in found.measures]
    assert texts == [
        "1.推动落实党政领导干部安全生产责任制,6月底前制定责任清单。",
        "2.开展安全生产巡查,实现对各乡镇全覆盖。",
        "全面开展自然灾害综合风险普查,年底前完成普查成果汇交工作。",
        "3.推进地质灾害隐患点搬迁避让,完成10处隐患点治理。",
    ]
    first = found.measures[0]
    assert first.number == "1."
    assert first.heading_path == ("重点任务", "强化责任落实")
    assert found.past_parts == ()
    for measure in found.measures:
        assert WORK_PLAN[measure.span.start:measure.span.end] == measure.text


SUMMARY = """今年,在县委县政府的领导下,我局取得了较好的成效。
一、总体形势
全年共发生火灾50起,同比下降10%。
二、2022年主要工作
1.完善体制机制。建成应急指挥中心1个。
三、2023年工作思路
(一)全年事故起数同比下降5%以上。
(二)强化队伍建设。新建专业救援队伍3支。
"""


def test_a_summary_reports_the_past_before_its_forward_part() -> None:
    found = measures_of(SUMMARY, doc_type="summary_and_plan")
    assert [part.year for part in found.past_parts] == [2022, 2022]
    assert SUMMARY[found.past_parts[0].span.start:].startswith("一、总体形势")
    assert all("2023年工作思路" not in part.span.text for part in found.past_parts)
    texts = " ".join(m.text for m in found.measures)
    assert "下降5%以上" in texts and "新建专业救援队伍3支" in texts
    assert "同比下降10%" not in texts and "建成应急指挥中心" not in texts


@pytest.mark.parametrize("forward", ["二、2025年重点工作", "二、2025年主要工作",
                                     "二、2025年工作目标和主要措施"])
def test_a_summary_under_slogans_ends_where_the_plans_years_work_begins(forward: str) -> None:
    text = (f"一、聚焦主责主业,各项工作扎实推进\n(一)全年检查企业1863家次,整改率99.3%。\n{forward}\n"
            "(一)3月底前完成镇安委会成员单位责任清单修订。\n")
    found = measures_of(text, year=2025, doc_type="summary_and_plan")
    past = [part.span.text.split("\n")[0] for part in found.past_parts]
    assert past == ["一、聚焦主责主业,各项工作扎实推进"]
    assert [m.text for m in found.measures] == ["(一)3月底前完成镇安委会成员单位责任清单修订。"]


@pytest.mark.parametrize("forward", ["二、下一步工作打算", "二、下一阶段重点工作", "二、下半年重点工作"])
def test_a_summary_ends_where_its_next_step_begins(forward: str) -> None:
    text = (f"一、主要做法\n(一)全年检查企业1863家次,6月底前完成尾矿库改造。\n{forward}\n"
            "(一)3月底前完成责任清单修订。\n")
    found = measures_of(text, year=2026, doc_type="summary_and_plan")
    assert [m.text for m in found.measures] == ["(一)3月底前完成责任清单修订。"]


@pytest.mark.parametrize("review", ["(一)“十三五”发展回顾", "(一)安全生产工作成效显著", "(一)主要成果",
                                    "(一)应急能力取得长足进步", "(一)过去五年的工作"])
def test_a_five_year_plans_review_of_the_last_period_is_past(review: str) -> None:
    text = f"第一章 规划背景\n{review}\n全区建成避难场所215个。\n第二章 主要任务\n1.新建避难场所30个。\n"
    found = measures_of(text, year=2021)
    assert [m.text for m in found.measures] == ["1.新建避难场所30个。"]


def test_a_summary_is_recognised_by_its_headings_without_a_doc_type() -> None:
    found = measures_of(SUMMARY, doc_type=None)
    assert len(found.past_parts) == 2


def test_achievements_section_is_past_but_a_situation_section_is_not() -> None:
    text = """一、发展现状与形势
(一)取得的进展
“十三五”时期,全区建成避难场所12处。
(二)面临形势
“十四五”期间,我们应着重加强以下工作:
二、主要任务
推进应急指挥平台建设。
"""
    found = measures_of(text, year=2021)
    past = [part.span.text.split("\n")[0] for part in found.past_parts if not part.present]
    assert past == ["(一)取得的进展"]
    assert [m.text for m in found.measures] == [
        "“十四五”期间,我们应着重加强以下工作:", "推进应急指挥平台建设。"]


@pytest.mark.parametrize("heading", ["(二)面临的形势", "(二)面临的风险挑战", "(二)面临的主要困难"])
def test_a_situation_sections_counts_are_statistics_and_its_frame_a_deadline(tmp_path, heading: str) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(f"某某县“十四五”应急体系建设规划\n一、发展基础与面临形势\n{heading}\n"
                    "全县有危险化学品经营企业47家。“十四五”期间,我们应着重加强以下工作:\n", encoding="utf-8")
    plan = extract(read_document(path))
    assert [(s.value, s.unit) for s in plan.statistics] == [(47, "家")]
    assert [t for m in plan.measures for t in m.targets] == []
    assert [d.text for m in plan.measures for d in m.deadlines] == ["“十四五”期间"]


@pytest.mark.parametrize("heading", ["一、“十四五”规划实施情况", "二、“十四五”主要任务完成情况",
                                     "三、“十四五”规划目标完成情况", "四、“十四五”时期工作进展",
                                     "五、主要任务推进情况"])
def test_how_the_last_plan_turned_out_is_the_past(heading: str) -> None:
    assert heading_roles().role(heading, 2026) == "past"


@pytest.mark.parametrize("heading", ["总结验收", "总结评估", "总结提升"])
def test_a_campaigns_last_phase_is_no_past(heading: str) -> None:
    assert heading_roles().role(heading, 2024) is None
    assert heading_roles().role("一、2023年工作总结", 2024) == "past"


def test_a_situation_section_that_names_the_tasks_is_not_a_description() -> None:
    assert heading_roles().role("一、形势与任务", 2021) is None


def test_goals_under_a_mixed_heading_are_measures() -> None:
    text = """一、指导思想、基本原则和工作目标
(一)指导思想
坚持人民至上。
(二)工作目标
到2025年,全区应急管理体系基本建成。
"""
    found = measures_of(text, year=2021)
    assert [m.text for m in found.measures] == ["到2025年,全区应急管理体系基本建成。"]


def test_indicator_table_rows_are_measures() -> None:
    text = """一、规划目标
核心指标
序号
指标内容
预期值
指标性质
1
生产安全事故死亡人数
下降15%
约束性
2
重特大事故起数
零发生
约束性
二、主要任务
加强隐患排查。
"""
    found = measures_of(text, year=2021)
    rows = [m for m in found.measures if m.number in ("1", "2")]
    assert [m.text.split("\n")[1] for m in rows] == ["生产安全事故死亡人数", "重特大事故起数"]
    assert len(found.tables) == 1
    assert not any(m.text in ("下降15%", "约束性") for m in found.measures)


def test_an_unstructured_document_falls_back_to_lines() -> None:
    text = "为做好今年工作,特制定本方案如下:\n加强隐患排查整治。\n年底前完成应急预案修订。"
    root = Node(kind="document", span=Span(0, len(text), text))
    found = layout(text, root, DocumentMeta(year=2023))
    assert [m.text for m in found.measures] == ["加强隐患排查整治。", "年底前完成应急预案修订。"]


def test_the_notice_sending_an_unnumbered_plan_is_no_measure() -> None:
    text = ("各县(市、区)安委会,市安委会各成员单位:\n"
            "现将《泉州市2024年安全生产重点工作任务分工方案》印发给你们,请结合实际认真抓好落实。\n"
            "序号\t重点任务\t牵头单位\t完成时限\n"
            "1\t开展城镇燃气安全专项整治\t市城市管理局\t10月底前\n"
            "2\t推进危化品在线监测预警\t市应急局\t6月30日前\n")
    found = measures_of(text, year=2024)
    assert [m.number for m in found.measures] == ["1", "2"]


def test_an_opening_paragraph_that_sets_goals_with_figures_is_a_measure() -> None:
    text = ("2024年全州应急管理工作的总体要求是:坚持人民至上。\n"
            "主要目标:全州生产安全事故起数和死亡人数分别下降10%、8%以上。\n"
            "一、重点任务\n1.开展隐患排查。\n")
    texts = [m.text for m in measures_of(text, year=2024).measures]
    assert texts == ["主要目标:全州生产安全事故起数和死亡人数分别下降10%、8%以上。", "1.开展隐患排查。"]


def test_an_opening_goal_on_a_rate_without_a_unit_is_a_measure() -> None:
    text = "工作目标:煤矿百万吨死亡率控制在0.03以下。\n一、重点任务\n1.开展隐患排查。\n"
    assert len(measures_of(text, year=2025).measures) == 2


def test_an_opening_paragraph_with_the_years_own_change_is_a_measure() -> None:
    text = ("全市安全生产工作要坚持统筹发展和安全。全年生产安全事故死亡人数较2025年下降5%以上。\n"
            "一、重点任务\n1.开展隐患排查。\n")
    assert len(measures_of(text, year=2026).measures) == 2
    reported = "2025年,全市生产安全事故死亡人数同比下降12%。\n一、重点任务\n1.开展隐患排查。\n"
    assert len(measures_of(reported, year=2026).measures) == 1  # a change reported, no goal


@pytest.mark.parametrize("goals", ["主要指标:全市新建改建消防站4个,城区5分钟到场率达到90%以上。",
                                   "2026年,全市火灾亡人数控制在12人以内,新建改建消防站4个。"])
def test_an_opening_paragraph_of_the_years_indicators_is_a_measure(goals: str) -> None:
    text = f"{goals}\n一、重点任务\n1.开展隐患排查。\n"
    assert len(measures_of(text, year=2026).measures) == 2
    past = "2025年,全市火灾亡人数控制在12人以内。\n一、重点任务\n1.开展隐患排查。\n"
    assert len(measures_of(past, year=2026).measures) == 1  # a year before the plan's: reported


def test_conditions_listed_under_a_lead_in_are_no_tasks() -> None:
    text = ("(二)III级应急响应\n出现下列情况之一的,启动III级应急响应:\n(1)水位超过警戒水位1米以上;\n"
            "(2)1座小型水库出现重大险情。\n(三)响应行动\n1.县水利局加强水情监测。\n")
    assert [m.text for m in measures_of(text, year=2026).measures] == ["1.县水利局加强水情监测。"]


FIVE_YEAR = """第一章 发展基础
一、“十三五”时期取得的成效
全市建成应急避难场所86处。
第二章 总体要求
一、规划目标
到2025年,应急管理体系基本建成。
第三章 主要任务
(一)动员部署阶段(2023年4月底前)。制定实施方案。
"""


def test_a_five_year_plan_is_not_a_summary() -> None:
    found = measures_of(FIVE_YEAR, year=2021, doc_type="five_year_plan")
    assert [part.span.text.split("\n")[0] for part in found.past_parts] == ["第一章 发展基础"]
    assert [m.text for m in found.measures] == [
        "到2025年,应急管理体系基本建成。",
        "(一)动员部署阶段(2023年4月底前)。制定实施方案。",  # the heading line belongs to its task
    ]


def test_a_lead_in_with_clauses_of_its_own_is_a_measure() -> None:
    text = ("二、重点任务\n1.完善预案体系,3月底前修订总体应急预案(市应急局负责)。"
            "一是开展预案演练,全年组织演练200场次;二是加强预案评估,10月底前完成评估。\n")
    texts = [m.text for m in measures_of(text).measures]
    assert texts[0] == "1.完善预案体系,3月底前修订总体应急预案(市应急局负责)。"
    assert texts[1:] == ["一是开展预案演练,全年组织演练200场次;", "二是加强预案评估,10月底前完成评估。"]


def test_a_note_after_the_last_part_belongs_to_the_whole_item() -> None:
    item = "1.加强应急预案管理。一是开展预案演练;二是加强预案评估。(责任单位:市应急局)"
    texts = [m.text for m in measures_of(f"二、重点任务\n{item}\n").measures]
    assert texts == [item, "一是开展预案演练;", "二是加强预案评估。"]


def test_a_stage_heading_with_its_period_is_a_measure() -> None:
    text = ("三、工作步骤\n(一)自查自改阶段(4月1日—4月15日)\n各单位对照清单开展自查自改。\n"
            "(二)集中整治阶段(5月1日至8月31日)\n1.开展集中整治。\n2.开展督导检查。\n(三)加强领导\n压实责任。\n")
    texts = [m.text for m in measures_of(text).measures]
    assert texts == ["(一)自查自改阶段(4月1日—4月15日)", "各单位对照清单开展自查自改。",
                     "(二)集中整治阶段(5月1日至8月31日)", "1.开展集中整治。", "2.开展督导检查。",
                     "压实责任。"]


def test_the_next_steps_open_the_forward_part_of_a_summary() -> None:
    text = "一、主要工作\n全年共排查隐患587处,已整改579处。\n二、下一步工作\n3月底前完成126家企业风险评估。\n"
    found = measures_of(text, year=2025, doc_type="summary_and_plan")
    assert [m.text for m in found.measures] == ["3月底前完成126家企业风险评估。"]


def test_the_notice_sending_a_plan_may_set_a_report_due() -> None:
    notice = "现将《2025年工作要点》印发给你们,请认真贯彻落实,并于2025年12月10日前将完成情况报送县安委办。"
    texts = [m.text for m in measures_of(f"{notice}\n一、重点任务\n1.开展隐患排查。\n", year=2025).measures]
    assert texts == [notice, "1.开展隐患排查。"]
    plain = "现将《2025年工作要点》印发给你们,请认真贯彻落实。"
    texts = [m.text for m in measures_of(f"{plain}\n一、重点任务\n1.开展隐患排查。\n").measures]
    assert texts == ["1.开展隐患排查。"]


def test_a_summarys_paragraph_opened_by_the_year_summed_up_reports_the_past() -> None:
    text = ("2022年,我局重点做了以下工作:一是排查重大事故隐患318项;二是新建应急避难场所48个。\n"
            "今年以来,全市新建微型消防站12个。\n"
            "2023年,我局将重点抓好以下工作:一是3月底前完成全市187座小型水库巡查。")
    found = measures_of(text, doc_type="summary_and_plan")
    assert [(part.year, text[part.span.start:part.span.start + 5]) for part in found.past_parts] == [
        (2022, "2022年"), (2022, "今年以来,")]
    assert [m.text[:5] for m in found.measures] == ["2023年"]
    # in a plan, an earlier year opens only its own clause: the task after it stays
    plan = measures_of("一、主要任务\n2022年,全县排查火灾隐患120处。7月底前完成隐患排查整治50处。")
    assert plan.past_parts == () and "7月底前完成" in plan.measures[0].text


def test_an_assessment_item_named_for_its_state_of_work_sets_the_task_after_it() -> None:
    text = ("第七条 考核内容包括:\n(一)安全生产责任制落实情况。各乡镇人民政府应于4月30日前签订责任书。\n"
            "(二)应急演练开展情况。各乡镇人民政府6月底前至少组织开展1次综合应急演练。")
    found = measures_of(text)
    assert found.past_parts == ()
    assert [m.text[:5] for m in found.measures][-2:] == ["(一)安全", "(二)应急"]
    # the same heading over what was done, or on a line of its own, still reports the past
    for past in ("(一)工作开展情况。3月底前,全县完成了187座小型水库巡查。",
                 "(一)工作开展情况\n各乡镇应于4月30日前签订责任书。"):
        assert len(measures_of(past).past_parts) == 1
