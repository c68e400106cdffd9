"""Targets and statistics: units, directions, ranges, zero goals, indicator tables, and the many
numbers that are not goals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.model import Span
from kg.nlp.components.quantities import default_finder, find_targets
from kg.nlp.records import PastPart


def targets(text: str) -> list[tuple[str, str, str | None]]:
    return [(str(t.value), t.unit, t.direction) for t in find_targets(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("确保高层建筑消防设施功能完好率达到100%", [("100", "%", "reach")]),
    ("实现电气火灾起数和亡人数占比下降5%以上", [("5", "%", "decrease")]),
    ("全面评估656处高后果区安全风险", [("656", "处", None)]),
    ("全面完成30家以上城镇人口密集区危化品企业搬迁改造", [("30", "家", "at_least")]),
    ("对至少5000名社会救援组织人员开展专业培训", [("5000", "名", "at_least")]),
    ("继续培育7支左右省级专业骨干队伍", [("7", "支", None)]),
    ("规范化率超35%", [("35", "%", "at_least")]),
    ("实现办事时限比法定时间压缩40%以上", [("40", "%", "decrease")]),
    ("受灾人员基本生活得到有效救助时间缩短至10小时以内", [("10", "小时", "decrease")]),
    ("专职消防人员占全区总人口的比例达到0.4,", [("0.4", "", "reach")]),
    ("每万人拥有避难场所面积不低于1.5平方米", [("1.5", "平方米", "at_least")]),
    ("森林火灾受害率控制在0.9‰以内", [("0.9", "‰", "at_most")]),
    ("全国综合减灾示范社区新增3个以上", [("3", "个", "increase")]),
    ("持续开展进企业百场普法活动", [("100", "场", None)]),
    ("建设三千个避灾安置场所", [("3000", "个", None)]),
    ("实现重特大事故零发生", [("0", "", "zero")]),
    ("实现森林火灾“零死亡”", [("0", "", "zero")]),
    ("新建两个消防站", [("2", "个", None)]),  # a goal verb puts a small Chinese count forward
    ("出台《安全生产工作职责》及3份配套文件", [("3", "份", None)]),  # the 、 in the title is no list
    ("推动中大、华工、华农、奥体中心完成4处中心应急避难场所建设", [("4", "处", "reach")]),
    ("10月底前完成城镇燃气管道老化更新改造30公里", [("30", "公里", "reach")]),
    ("组织开展应急演练不少于20场次", [("20", "场次", "at_least")]),
    ("年内修订8个专项应急预案", [("8", "个", None)]),  # 专项 names what is counted, not a structure
    ("年内评查执法案卷不少于120卷", [("120", "卷", "at_least")]),
    ("安装燃气报警器不少于1,500户", [("1500", "户", "at_least")]),  # a thousands separator
    ("完成10户,500人次培训", [("10", "户", "reach"), ("500", "人次", None)]),  # a comma between two counts
    ("年内完成8个专项应急预案修订", [("8", "个", "reach")]),
    ("年内退出产能240万吨", [("2400000", "吨", "decrease")]),  # cutting capacity is a goal of decrease
    ("化解煤炭过剩产能300万吨", [("3000000", "吨", "decrease")]),
    ("开设防火隔离带30公里", [("30", "公里", "reach")]),  # opening or repairing sets a task's scope
    ("修复水毁道路8公里", [("8", "公里", "reach")]),
    ("各乡镇至少组织开展1次综合演练", [("1", "次", "at_least")]),  # 至少 opens the counting verb phrase
    ("完成涉及1200户的搬迁", [("1200", "户", "reach")]),  # the scope of a task, not who is at risk
    ("搬迁避让受威胁群众320户", [("320", "户", None)]),
    ("汛期确保受威胁群众100%安全转移", [("100", "%", "reach")]),  # a goal for them
    ("5月底前采购编织袋5000条,存放于县防汛物资仓库", [("5000", "条", None)]),  # what is bought is a goal
    ("重大事故隐患整改率达到100%(牵头单位:县应急管理局)", [("100", "%", "reach")]),  # a note's colon
    ("完成200家企业安全检查(责任单位:县应急管理局;完成时限:6月底前)", [("200", "家", "reach")]),
    ("各市每年抽查3级达标企业至少在总数的10%以上或50家以上",
     [("10", "%", "at_least"), ("50", "家", "at_least")]),
])
def test_targets(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert targets(text) == expected


def test_a_range_keeps_both_bounds() -> None:
    [target] = find_targets("培育5-8支省级社会应急救援队伍")
    assert (target.value, target.upper, target.unit) == (Decimal(5), Decimal(8), "支")
    [target] = find_targets("选取风险最突出的1至2项问题")
    assert (target.value, target.upper, target.unit) == (Decimal(1), Decimal(2), "项")


def test_a_target_keeps_its_clause_and_offsets() -> None:
    text = "一是强化监管;全年安全生产事故起数、死亡人数同比下降20%以上,火灾同比下降15%以上。"
    first, second = find_targets(text)
    assert first.clause.text == "全年安全生产事故起数、死亡人数同比下降20%以上"
    assert second.clause.text == "火灾同比下降15%以上"
    for target in (first, second):
        assert text[target.span.start:target.span.end] == target.span.text
        assert text[target.clause.start:target.clause.end] == target.clause.text


@pytest.mark.parametrize("text", [
    "完成3人以上居住出租房复查整治",  # a qualifier of the noun
    "对10万元以上的项目实施审计",
    "24米以上高层建筑全部纳入监管",
    "严格24小时值班值守制度",  # a duration
    "用3个月左右时间开展专项整治",
    "开展安全生产专项整治三年行动",
    "组织开展第二轮安全生产巡查",  # ordinals
    "举办全市第三届森林消防业务技能大比武",
    "年均每十万人受灾人次",  # a rate's denominator
    "每年至少一次向省厅党委报告工作",  # a recurring frequency
    "每年汛前至少组织3次综合应急演练",
    "召开一次现场会、开展一次集中宣传",  # "a meeting"
    "打造一支应急铁军",
    "全面推进重点化工园区实现“五个一体化”管理",  # slogans and labels in quotes
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”",
    "以“着力提高从根本上消除事故隐患的能力”两个根本为突破口",  # a count right after a quote
    "从制定防治规划、明确防治标准等5个方面切实担负起责任",  # counts the list before it
    "建立市气象局、市政府应急指挥中心两处预警中心的互联互通机制",
    "统筹发展和安全两个大局",
    "实施作业现场安全管理人员、施工作业人员、关键岗位人员、高风险抢修作业、生产储存区域定置五项安全标识化管理措施",
    "坚持两个治源治本,即规范人的安全行为和物的安全状态",  # names a list that follows
    "落实好5项重点任务",  # structure
    "指挥部下设8个专项工作组",
    "做好三个阶段工作任务落实",
    "贯彻落实国务院安委会安全生产15条硬措施",
    "实施十大工程",
    "抓实“大学习、深调研、真落实”,把握“三个重要定位”",
    "落实落地《推动支持民营企业安全发展八条措施》",  # inside a title
    "(中办发〔2020〕35号)",
    "三部门联合开展执法检查",  # 部 starts 部门
    "坚决杜绝重特大事故",  # a zero goal without 零
    "坚持零容忍",
    "矿山领域推广5G通信技术",
    "2019年是新中国成立70周年",
    "石门镇后山村滑坡隐患点,威胁12户46人",  # who is at risk now
    "危险区涉及农户32户、108人",
    "编织袋5000条,存放于县防汛物资仓库",  # an entry of a stock list
    "严格按照本预案5.2条要求开展值守",  # numbered parts of a text
    "按本方案3.1节和4.2项的分工开展工作",
    "造成10人以上死亡,或紧急转移安置5万人以上的,启动Ⅱ级响应",  # the thresholds of a response
    "24小时降雨量达100毫米以上时,由市防指发布橙色预警",
])
def test_not_targets(text: str) -> None:
    assert targets(text) == []


def test_past_parts_give_statistics_with_their_year() -> None:
    text = "一、2019年主要工作\n共发生火灾160起,同比下降50.62%。\n二、2020年工作思路\n火灾同比下降15%以上。"
    past = [PastPart(Span(0, text.index("二"), text[:text.index("二")]), 2019)]
    found, statistics = default_finder().find(text, past)
    assert [(str(t.value), t.unit) for t in found] == [("15", "%")]
    assert [(str(s.value), s.unit, s.year) for s in statistics] == [("160", "起", 2019), ("50.62", "%", 2019)]


def test_a_clause_reporting_the_past_gives_a_statistic() -> None:
    found, statistics = default_finder().find("截至目前,已建成避难场所60处。全市共有重点危化企业126家。")
    assert found == []
    assert [(str(s.value), s.unit, s.year) for s in statistics] == [("60", "处", None), ("126", "家", None)]


@pytest.mark.parametrize(("text", "target"), [
    ("力争事故起数较去年下降10%", "10%"),  # last year is the baseline of a goal
    ("比上年减少5%", "5%"),
    ("对已建成的避难场所开展评估并新建5处", "5处"),  # 已 in a relative clause
])
def test_baselines_and_relative_clauses_do_not_make_a_statistic(text: str, target: str) -> None:
    found, statistics = default_finder().find(text)
    assert [t.span.text for t in found] == [target]
    assert statistics == []


INDICATOR_TABLE = """“十四五”核心指标

序号

指标内容

预期值

指标性质

1

生产安全事故死亡人数

下降15%

约束性

2

重特大生产安全事故起数

零发生

约束性

3

年均每十万人受灾人次

15000

预期性

4

灾害事故信息发布公众覆盖率

≥90%

预期性

分项目标:"""


def test_indicator_table_rows_are_targets_with_nature_and_indicator() -> None:
    found = find_targets(INDICATOR_TABLE)
    rows = [(t.indicator, str(t.value), t.unit, t.direction, t.nature) for t in found]
    assert rows == [
        ("生产安全事故死亡人数", "15", "%", "decrease", "binding"),
        ("重特大生产安全事故起数", "0", "", "zero", "binding"),
        ("年均每十万人受灾人次", "15000", "", None, "expected"),  # the 十万 in the name is no target
        ("灾害事故信息发布公众覆盖率", "90", "%", "at_least", "expected"),
    ]
    assert all(t.indicator in t.clause.text for t in found)


def test_tab_separated_table_rows() -> None:
    text = "序号\t指标\t目标值\t属性\n1\t亿元GDP死亡率\t<0.02\t约束性\n2\t覆盖率\t100%\t预期性\n"
    found = find_targets(text)
    assert [(t.indicator, str(t.value), t.unit, t.direction) for t in found] == [
        ("亿元GDP死亡率", "0.02", "", "at_most"), ("覆盖率", "100", "%", None)]


def test_a_bare_number_in_a_table_takes_its_rows_unit() -> None:
    by_column = ("序号\t建设内容\t单位\t2025年\t2027年\t责任单位\n"
                 "1\t可燃气体监测设备\t套\t3000\t8000\t市住建局\n")
    assert [(str(t.value), t.unit) for t in find_targets(by_column)] == [("8000", "套")]
    by_name = "序号\t建设内容\t目标值\t责任单位\n1\t重点桥梁结构健康监测(座)\t60\t市城市管理局\n"
    assert [(str(t.value), t.unit) for t in find_targets(by_name)] == [("60", "座")]


def test_the_goal_column_is_not_the_baseline_whatever_their_order() -> None:
    text = ("序号\t指标名称\t目标值\t现状值(2020年)\t属性\n1\t生产安全事故死亡人数\t下降10%\t8人\t约束性\n"
            "2\t火灾起数\t≤300起\t347起\t预期性\n")
    assert [(t.indicator, str(t.value), t.unit) for t in find_targets(text)] == [
        ("生产安全事故死亡人数", "10", "%"), ("火灾起数", "300", "起")]


def test_a_table_that_numbers_no_rows() -> None:
    text = ("主要指标\n指标名称\t单位\t2020年\t2025年\t指标属性\n"
            "生产安全事故死亡人数\t人\t11\t下降15%\t约束性\n煤矿智能化采掘工作面\t个\t6\t≥30\t预期性\n")
    assert [(t.indicator, str(t.value), t.unit, t.nature) for t in find_targets(text)] == [
        ("生产安全事故死亡人数", "15", "%", "binding"), ("煤矿智能化采掘工作面", "30", "个", "expected")]


def test_the_relief_time_indicator_is_a_goal_but_a_procedures_limit_is_not() -> None:
    assert targets("灾害发生后12小时内受灾群众基本生活得到有效救助。") == [("12", "小时", "at_most")]
    assert targets("接警后30分钟内到达现场,应在2小时内报告。") == []
    assert targets("预警信息发布时效提升至10分钟以内。") == [("10", "分钟", "at_most")]  # faster, not more


@pytest.mark.parametrize(("text", "expected"), [
    ("推动燃气报警器安装率由目前的60%提高到100%。", [("100", "%", "increase")]),  # the baseline is no goal
    ("瓶装液化石油气储配站由目前的9座压减至5座。", [("5", "座", "decrease")]),
    # the named ones counted: the scope of the task done to them (GUIDELINES targets)
    ("2024年底前完成响水化工园区、滨海沿海化工园区2家化工园区安全风险评估复核。", [("2", "家", None)]),
    ("重点对东台市、大丰区、射阳县3个沿海县(市、区)开展检查。", [("3", "个", None)]),
    ("推进福州、漳州、南平3个区域应急救援中心建设。", [("3", "个", None)]),
    ("指挥部下设综合协调组、排查鉴定组、执法整治组4个工作组。", []),  # a structure
])
def test_baselines_and_restated_lists(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert targets(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("黄花水库等6座小型水库,下游影响群众214户803人。", []),  # the people exposed
    ("梅山村泥石流沟,危及下游群众31户126人。", []),
    ("据县气象局预测,今年汛期可能受2至3个台风影响。", []),  # a forecast
    ("预计今年影响我县的台风个数为4至6个。", []),
    ("2月底前清理防火隔离带150公里。", [("150", "公里", "reach")]),  # a length of work to do
    ("计划烧除面积3000亩。", [("3000", "亩", "reach")]),
])
def test_seasonal_plans_exposure_forecasts_and_lengths(text: str, expected: list) -> None:
    assert targets(text) == expected


def test_heat_thresholds_and_a_past_years_count_before_this_years_goal() -> None:
    assert targets("日最高气温达到40℃以上,当日应停止露天作业。") == []  # the heat that sets off a rule
    found, statistics = default_finder().find("2025年全省建成避难场所2100处,2026年新建300处。", year=2026)
    assert [(str(t.value), t.unit) for t in found] == [("300", "处")]
    assert [(str(s.value), s.unit) for s in statistics] == [("2100", "处")]


def test_a_distance_naming_an_area_is_no_goal_and_零火点_is_a_zero_goal() -> None:
    assert targets("完成林缘500米范围内秸秆离田清运。") == []
    assert targets("实现林区周边秸秆焚烧“零火点”。") == [("0", "", "zero")]


def test_a_yearly_count_of_events_held_is_coverage_but_a_frequency_is_not() -> None:
    assert targets("每年开展“五进”宣传活动不少于200场次。") == [("200", "场次", "at_least")]
    assert targets("每年组织演练不少于2次,每年防火期开展联合巡护不少于12次。") == []


def test_a_year_as_a_level_to_keep_is_no_target_but_a_flood_standard_is() -> None:
    assert targets("火灾起数控制在2025年水平以内。") == []
    assert targets("县城防洪标准提升到50年一遇。") == [("50", "年一遇", "increase")]  # the unit as written


def test_thresholds_listed_inline_after_a_lead_in_are_no_targets() -> None:
    text = ("出现下列情况之一者,启动Ⅱ级应急响应:(1)3个以上县(市)区发生严重干旱;"
            "(2)区域面积达到1000平方公里以上。")
    assert targets(text) == []


def test_a_cells_baseline_year_is_no_target() -> None:
    text = "序号\t指标\t2025年目标\t属性\n1\t生产安全事故起数\t较2020年下降10%\t约束性\n"
    assert [(str(t.value), t.unit, t.direction) for t in find_targets(text)] == [("10", "%", "decrease")]


@pytest.mark.parametrize(("text", "expected"), [
    ("工矿商贸就业人员十万人生产安全事故死亡率下降20%以上", [("20", "%", "decrease")]),  # a rate's base
    ("完成上庄镇、白鹿泉乡等7个山区乡镇隐患点培训", [("7", "个", None)]),  # more than the names listed
    ("督促河钢集团唐钢公司等31家钢铁企业完成改造", [("31", "家", None)]),
    ("2024年我市先后受台风“格美”“贝碧嘉”等4个台风影响", []),  # no task: what the list counts
    ("完成A镇、B镇等2个乡镇排查", []),  # the names listed, counted
    ("“十四五”期间累计改造农房1200户", [("1200", "户", None)]),  # a total aimed at over the period
    ("确保储备物资满足5000人以上紧急转移安置需要", [("5000", "人", "at_least")]),  # a capacity
    ("全年覆盖中小学校60所以上", [("60", "所", "at_least")]),  # 所以 is no word after a number
])
def test_counts_and_rates_in_goals(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert targets(text) == expected


def test_a_table_cell_reads_its_number_as_prose_does() -> None:
    text = ("序号\t指标\t2025年基数\t2030年目标\t属性\n1\t保障人数\t0.8万人\t1.5万人\t预期性\n"
            "2\t避难场所面积\t12万平方米\t≥20万平方米\t预期性\n")
    assert [(t.indicator, str(t.value), t.unit, t.direction) for t in find_targets(text)] == [
        ("保障人数", "15000", "人", None), ("避难场所面积", "200000", "平方米", "at_least")]


def test_a_maps_scale_is_one_term_and_the_count_before_it_a_goal() -> None:
    [target] = find_targets("完成全县20个乡镇1:50000地质灾害风险调查评价。")
    assert (str(target.value), target.unit, target.direction) == ("20", "个", "reach")
    assert target.clause.text == "完成全县20个乡镇1:50000地质灾害风险调查评价"  # the scale inside it
    assert targets("完成8个重点乡镇1:5万地质灾害风险调查。") == [("8", "个", "reach")]
    assert targets("开展1:1万地质灾害风险调查评价。") == []  # the scale is no target


@pytest.mark.parametrize(("text", "expected"), [
    ("建设省级应急指挥平台二期,接入视频监控点位不少于2万路。", [("20000", "路", "at_least")]),
    ("完成二期工程建设。", []),
    ("举办应急管理干部培训班4期。", [("4", "期", None)]),  # sessions held: a count
])
def test_a_phase_of_the_works_is_no_count(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert targets(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a count of times closing the clause of an activity: how often the task is to be done
    ("开展“应急使命·2025”综合演练1次。", [("1", "次", None)]),
    ("组织化工园区联合演练2次(牵头单位:区应急局)。", [("2", "次", None)]),
    ("组织开展全区综合应急演练1次、专项演练不少于30场。", [("1", "次", None), ("30", "场", "at_least")]),
    ("召开1次专题会议。", []),  # "a meeting"
    ("每年组织联合演练2次。", []),  # a recurring frequency
    ("2024年全县开展综合演练3次。", []),  # a year before the plan's is no goal (year 2025)
])
def test_times_an_activity_is_held(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert [(str(t.value), t.unit, t.direction)
            for t in default_finder().find(text, year=2025)[0]] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a response counted from a disaster or a warning is a goal on a measured time, as the relief time is
    ("灾害发生后12小时内受灾群众得到初步救助。", [("12", "小时", "at_most")]),
    ("灾害发生后12小时内救灾物资运抵灾区。", [("12", "小时", "at_most")]),
    ("气象预警信息发布后1小时内叫应到县级防指责任人,30分钟内叫应到乡镇。",
     [("1", "小时", "at_most"), ("30", "分钟", "at_most")]),
    # ... a duty's modal or a report makes it a procedure's rule
    ("各镇须在险情发生后1小时内转移群众,2小时内安置到位。", []),
    ("险情发生后30分钟内电话报告县防指办公室。", []),
    # a time naming a rate: the rate is the goal
    ("确保草原火灾24小时内扑灭率达到95%以上。", [("95", "%", "at_least")]),
])
def test_response_times_and_rates_named_by_a_time(text: str, expected: list) -> None:
    assert targets(text) == expected


def test_last_years_figures_after_a_lead_in_are_statistics() -> None:
    text = "会议指出,2023年全市生产安全事故起数和死亡人数同比分别下降18.2%和15.6%,安全形势总体平稳。"
    assert find_targets(text, year=2024) == []
    assert [str(t.value) for t in find_targets("会议要求,2024年全市死亡人数下降10%。", year=2024)] == ["10"]
