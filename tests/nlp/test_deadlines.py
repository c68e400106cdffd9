"""The deadline grammar: shapes, dates, event-relative deadlines, and what is not a deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.ingest import read_document
from kg.model import Span
from kg.nlp import extract
from kg.nlp.components.deadlines import TimeContext, default_finder, find_deadlines
from kg.nlp.text import Regions


def found(text: str, year: int | None = 2019) -> list[tuple[str, str | None]]:
    return [(d.text, d.due.isoformat() if d.due else None) for d in find_deadlines(text, year)]


@pytest.mark.parametrize(("text", "expected"), [
    ("3月底前,清晰各机构功能架构", [("3月底前", "2019-03-31")]),
    ("6月前,推进全面评估高后果区安全风险", [("6月前", "2019-05-31")]),  # X月前: by the end of X-1
    ("2月前完成部署", [("2月前", "2019-01-31")]),
    ("11月30日前全面建成大数据平台", [("11月30日前", "2019-11-30")]),
    ("上半年推动各市制定具体举措", [("上半年", "2019-06-30")]),
    ("下半年完成验收", [("下半年", "2019-12-31")]),
    ("力争年中前完成评估", [("年中前", "2019-06-30")]),
    ("于年中完成评估", [("年中", "2019-06-30")]),
    ("年中前完成评估", [("年中前", "2019-06-30")]),
    ("1.年中完成区级应急预案修订", [("年中", "2019-06-30")]),
    ("2019年年中前完成评估", [("2019年年中前", "2019-06-30")]),
    ("2020年年中完成评估", [("2020年年中", "2020-06-30")]),  # the year it names
    ("2019年中国应急管理", []),  # 年中 alone is no time
    ("一年中开展演练3次", []),
    ("一季度完成排查;第二季度末前完成整改", [("一季度", "2019-03-31"), ("第二季度末前", "2019-06-30")]),
    ("前三季度完成所有整改", [("前三季度", "2019-09-30")]),
    ("到年底,全面推进重点化工园区管理", [("到年底", "2019-12-31")]),
    ("年内建成5个示范社区", [("年内", "2019-12-31")]),
    ("全年查处超限超载车辆200辆次", [("全年", "2019-12-31")]),  # an enforcement task over the year
    ("(一)动员部署阶段(5月20日—31日)。各乡镇制定方案", [("5月20日—31日", "2019-05-31")]),  # a stage's days
    ("1\t7月1日—10日\t总结活动经验", [("7月1日—10日", "2019-07-10")]),
    ("开展燃气安全专项整治。(责任单位:市城管局;完成时限:全年)", [("全年", "2019-12-31")]),  # a note's field
    # public events, with how long before or after: no date but a fixed holiday's
    ("活动前3天完成赛道安全评估;灯会开幕前完成线路检测", [("活动前3天", None), ("灯会开幕前", None)]),
    ("赛事开始前完成交通管制设施布设", [("赛事开始前", None)]),
    ("活动结束后3日内报送总结", [("活动结束后3日内", None)]),
    ("国庆节前3天完成隐患整改", [("国庆节前3天", "2019-09-28")]),
    ("春节前一周完成燃气隐患排查", [("春节前一周", None)]),
    ("国庆长假前完成检查", [("国庆长假前", "2019-09-30")]),  # the holiday's break names it
    ("五一小长假前完成排查", [("五一小长假前", "2019-04-30")]),
    ("开展宣传活动前期准备", []),
    ("各类会议前要做好会场安全检查;每逢重大节日和重要会议前开展安全检查", []),  # kinds of event recur
    ("活动结束后,及时清理现场", []),  # after an event, with no time stated
    ("序号\t工作任务\t联系电话\t时间\n1\t完成水库安全鉴定\t0736-5221234\t5月31日前",
     [("5月31日前", "2019-05-31")]),
    # a duty roster's days: no task is due on them
    ("值班日期\t带班领导\t值班电话\n2019年6月1日\t郑美华\t0578-6223110\n6月7日至8日\t冯志远\t0578-6223111",
     []),
    ("时间\t带班领导\t联系电话\n2019年6月6日\t郑美华\t13905781101", []),
    ("时间\t工作内容\t责任单位\n6月30日\t完成隐患排查\t县应急管理局", [("6月30日", "2019-06-30")]),
    ("全年清理取缔“三无”船舶30艘以上", [("全年", "2019-12-31")]),
    ("今年底前完成改造", [("今年底前", "2019-12-31")]),
    ("6月底,全面实现线上监测预警", [("6月底", "2019-06-30")]),
    ("在4月份出台总体应急预案", [("4月份", "2019-04-30")]),
    ("5月中旬前完成储备;8月下旬完成验收;6月上旬启动", [
        ("5月中旬前", "2019-05-20"), ("8月下旬", "2019-08-31"), ("6月上旬", "2019-06-10")]),
    ("十二月底前完成", [("十二月底前", "2019-12-31")]),
    ("到2025年,全面建成应急指挥平台", [("到2025年", "2025-12-31")]),
    ("2023年底前完成普查", [("2023年底前", "2023-12-31")]),
    ("于2023年12月31日前完成", [("2023年12月31日前", "2023-12-31")]),
    ("“十四五”期间,建成覆盖全区的应急预案体系", [("“十四五”期间", "2025-12-31")]),
    ("十五五时期全面实现应急管理现代化", [("十五五时期", "2030-12-31")]),
    ("全年安全生产事故起数同比下降20%以上", [("全年", "2019-12-31")]),
    ("11月中下旬完成验收", [("11月中下旬", "2019-11-30")]),
    ("明年6月底前完成改造", [("6月底前", "2020-06-30")]),
    ("集中整治阶段(2021年5月至10月)", [("10月", "2021-10-31")]),  # the year of the range's start
    ("分别于2020年9月、10月底前完成", [("2020年9月", "2020-09-30"), ("10月底前", "2020-10-31")]),
])
def test_shapes_resolve_to_the_last_due_day(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert found(text) == expected


def test_coordinated_months_give_two_deadlines() -> None:
    text = "协调督促省级有关部门分别于9月、10月底前完成环境安全子系统、公共安全子系统开发建设"
    assert found(text) == [("9月", "2019-09-30"), ("10月底前", "2019-10-31")]
    assert found("于6月、9月分别开展检查") == [("6月", "2019-06-30"), ("9月", "2019-09-30")]


@pytest.mark.parametrize(("text", "expected"), [
    ("汛期前出台防汛防台抗旱应急预案", "汛期前"),
    ("在汛前落实并公布责任人名单", "汛前"),
    ("主汛期来临前完成隐患排查", "主汛期来临前"),
    ("春节前开展安全检查", "春节前"),
    ("党的二十大召开后,迅速掀起学习热潮", "党的二十大召开后"),
    ("入梅前完成河道清淤", "入梅前"),  # the plum-rain season, the fishing season, the return to work
    ("开渔前完成渔船安全检验", "开渔前"),
    ("节后复工复产前完成全员安全培训", "复工复产前"),
    ("台风季节来临前完成渡口设施加固", "台风季节来临前"),
])
def test_event_relative_deadlines_have_no_date(text: str, expected: str) -> None:
    assert found(text) == [(expected, None)]


@pytest.mark.parametrize("text", [
    "截至9月底,已启动4次应急响应",  # a past reference point
    "9月底,已启动应急响应",
    "自10月下旬起,全面打响整治行动",
    "11月以来,聘请专家开展培训",
    "于11月28日全省会议上受到表扬",  # a date, not a due time
    "每年3月底前报送年度总结",  # recurring
    "定期组织召开季度风险分析会",
    "每季度开展一次检查",
    "用3个月左右时间开展专项整治",  # a duration without a start
    "三年内完成改造",
    "开展百日攻坚行动",
    "制定2019年应急预案体系建设方案",  # a year qualifying a noun
    "编制2022年度实施计划",
    "今年以来,全市安全形势平稳",
    "全年工作目标任务全面完成",
    "去年底,全市共有救援队伍50支",
    "“十三五”期间,应急管理工作取得成效",  # a past period (plan year 2021 below)
    "春节前后开展检查",
    "落实《2023年底前完成改造的实施方案》",  # inside a title
    "4-6月开展集中整治",
    "2019年4月至10月,各水库巡查责任人每日巡查不少于1次",  # a period with its routine: a schedule
    "6月—8月,镇防指实行每日会商制度",
    "6月1日至30日,全面开展各项活动",  # when the work goes on
    "“十四五”时期全区应急体系建设正处在战略机遇期",  # a description, not a task
])
def test_not_deadlines(text: str) -> None:
    assert found(text, 2021) == []


def test_a_date_before_the_plan_year_is_past() -> None:
    assert found("到2020年,基本建成应急体系", 2021) == []
    assert found("到2020年,基本建成应急体系", 2019) == [("到2020年", "2020-12-31")]


def test_unknown_plan_year_keeps_the_deadline_without_a_date() -> None:
    assert found("3月底前完成", None) == [("3月底前", None)]
    assert found("到2025年,建成平台", None) == [("到2025年", "2025-12-31")]


def test_past_parts_are_skipped_and_offsets_kept() -> None:
    text = "一、2019年工作\n3月底前完成了排查。\n二、2020年工作\n3月底前完成排查。"
    past = Regions([(0, text.index("二"))])
    [deadline] = find_deadlines(text, 2020, past)
    assert deadline.span.start == text.rindex("3月底前")
    assert text[deadline.span.start:deadline.span.end] == deadline.text == deadline.span.text
    assert isinstance(deadline.span, Span)


# Pieces of time expressions and of the words around them, put together at random below: most strings
# hold matches of several shapes, partial ones, and anchors far from and near to where matches start.
_PIECES = ("2025", "年", "19", "20", "12", "1", "0", "9", "十二", "十", "三", "月", "日", "号", "底", "末",
           "前", "之前", "以前", "后", "上旬", "中下旬", "份", "上半年", "下半年", "年中", "第", "一", "季度",
           "到", "至", "今", "本", "当", "度", "内", "全年", "规划期", "“", "”", "十四五", "期间", "党的",
           "二十", "大", "届人大", "胜利", "召开", "开幕", "汛期", "春节", "来临", "结束", "检查", "—", " ",
           "，", "。", "\n", "完成", "力争", "开展", "工作", "的", "2025年12月31日前", "6月30日", "9月中旬",
           "5月份", "2021—2023年", "2021 至 2023年", "党的二十大召开前", "“十四五”期末", "汛期来临之前",
           "2026.5.31", "2026-06-30", "/", ".", "-", "4月1日入汛前", "5月20日—31日", "(", ")", "在节前",
           "会前", "2026.12前", "2025.10-2026.06。", "完成时限:年中)", "\t年中\t", "旅游旺季(6-10月)前",
           "6月底前")


@pytest.mark.parametrize(("text", "expected"), [
    ("“十四五”时期是我县开启全面建设社会主义现代化新征程的第一个五年。", []),  # the period described
    ("本规划规划期为2021—2025年,展望到2035年。", []),  # the horizon looked to
    ("“十四五”期间再迁建行蓄洪区居民3000户以上。", [("“十四五”期间", "2025-12-31")]),
    ("“十四五”期间累计改造农房1200户。", [("“十四五”期间", "2025-12-31")]),  # a total to reach
    ("健全巡护体系,确保全年森林火灾零发生。", [("全年", "2021-12-31")]),  # a zero goal
    ("全年危险区域群众转移安置到位率100%。", [("全年", "2021-12-31")]),  # a rate with no verb
    ("春防前完成航站备勤准备;今冬明春供暖季前完成检查。", [("春防前", None), ("供暖季前", None)]),
    ("汛期结束后至10月底前完成水毁修复。", [("10月底前", "2021-10-31")]),  # the period's start
    ("2022年国庆节前完成消防检查。", [("2022年国庆节前", "2022-09-30")]),  # the year it names
])
def test_frames_seasons_and_holidays_of_five_year_plans(text: str, expected: list) -> None:
    assert found(text, 2021) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("近期(2021—2022年)完成风险普查。", [("2021—2022年", "2022-12-31")]),  # a phase's years
    ("第一阶段(2021—2022年):完成风险普查。", [("2021—2022年", "2022-12-31")]),
    ("建设期限:2022—2024年。", [("2022—2024年", "2024-12-31")]),  # a project's field
    ("实施年限:2023年。", [("2023年", "2023-12-31")]),
    ("推进基层建设,2026年12月开展终期评估。", [("2026年12月", "2026-12-31")]),  # a dated task
    ("1月至4月森林防火紧要期,林业局负责林区火源管控。", []),  # when the season is
    ("春季防火期开始前,即3月15日前,完成检查。", [("3月15日前", "2021-03-15")]),  # one time, restated
])
def test_phases_project_fields_and_restated_times(text: str, expected: list) -> None:
    assert found(text, 2021) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("集中整治阶段(6—9月)。全面开展整治。", [("9月", "2023-09-30")]),  # 月 written once
    ("动员部署阶段(2024年3—4月)。制定工作方案。", [("4月", "2024-04-30")]),
    ("(二)5至6月开展入户安检。", []),  # when the work goes on
])
def test_a_period_of_months_written_once_is_due_at_its_end(text: str, expected: list) -> None:
    assert found(text, 2023) == expected


def test_a_year_set_off_before_a_goal_of_a_multi_year_plan() -> None:
    text = "1.2024年,企业主要负责人培训合格率达到100%。\n2.2025年,专家指导服务覆盖率达到100%。"
    context = TimeContext(2024, 2026)
    assert [(d.text, d.due.isoformat()) for d in default_finder().find(text, context)] == [
        ("2024年", "2024-12-31"), ("2025年", "2025-12-31")]
    assert found("2025年,全区应急管理工作的主要目标是:事故起数下降。", 2025) == []  # a one-year plan's


@pytest.mark.parametrize(("text", "expected"), [
    ("加强安全宣传,9月组织开展应急演练。", [("9月", "2026-09-30")]),  # a month's task
    ("6月组织安全生产月活动。", [("6月", "2026-06-30")]),
    ("每年6月开展安全生产月活动,12月组织开展消防宣传月活动。", []),  # a yearly round
    ("各成员单位要于7月上旬报送上半年工作进展情况。", [("7月上旬", "2026-07-10")]),  # the half's work
    ("编制“十五五”期间省级应急物资储备规划,6月底前完成现状调查。", [("6月底前", "2026-06-30")]),
])
def test_months_of_tasks_and_periods_that_qualify_objects(text: str, expected: list) -> None:
    assert found(text, 2026) == expected


def test_a_past_season_reported_is_no_deadline() -> None:
    assert found("2023年11月至2024年3月,全区共接报火灾312起,同比下降8.2%。", 2024) == []


def test_the_dates_of_a_yearly_round_recur() -> None:
    assert found("每年5月31日前完成汛前检查,6月1日前进入汛期值守。", 2024) == []
    assert found("每年汛前开展检查,今年6月底前完成整改。", 2024) == [("6月底前", "2024-06-30")]


def test_each_shape_is_found_near_its_anchor_as_in_the_whole_text():
    """A shape with an anchor is tried only near one (``_matches``); it must find exactly what a scan of
    the whole text finds, so each shape's anchor and reach are right."""
    import random

    from kg.nlp.components.deadlines import _matches, grammar

    anchored = [shape for shape in grammar() if shape.anchor is not None]
    assert len(anchored) >= 15
    matched = set()
    for seed in range(60):
        rng = random.Random(seed)
        text = "".join(rng.choice(_PIECES) for _ in range(400))
        for shape in anchored:
            expected = [m.span() for m in shape.pattern.finditer(text)]
            assert [m.span() for m in _matches(shape, text)] == expected, (shape.name, seed)
            matched |= {shape.name} if expected else set()
    assert matched == {shape.name for shape in anchored}  # the pieces make matches of every shape


@pytest.mark.parametrize(("title", "next_year"), [
    ("汀州市应急管理局2025年工作总结和2026年工作思路", 2026),  # written in 2025: 明年 is the plan's year
    ("汀州市2026年应急管理工作要点", 2027),
    ("汀州市应急管理局2026年上半年工作总结及下半年工作计划", 2027),
])
def test_next_year_counts_from_the_year_the_plan_was_written(tmp_path, title: str, next_year: int) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(f"{title}\n二、工作安排\n(一)明年3月底前完成全市水库巡查,次年6月底前完成复核。",
                    encoding="utf-8")
    plan = extract(read_document(path))
    due = [(d.text, d.due) for measure in plan.measures for d in measure.deadlines]
    # 次年 is always the year after the plan's
    assert due == [("3月底前", dt.date(next_year, 3, 31)), ("6月底前", dt.date(2027, 6, 30))]
