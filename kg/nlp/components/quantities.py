"""Targets and statistics: numbers with units, read as goals in forward-looking text and as
statistics in the parts of a document that report the past.

A number is taken with its unit as written right after it (``patterns/quantity_lexicon.yaml``:
"%", "个", "家", "支", "小时", "万元" ...), a range keeps both bounds ("5-8支" -> 5 .. 8), and the
words around it give a direction ("下降15%" decrease, "不少于" / "以上" at least, "以内" at most,
"零发生" zero). What is *not* a goal: ordinals and rates (第二轮, 每十万人), slogans and names in
quotes or titles (“两客一危”, 《…八条措施》), counts that restate a list or name a structure
(“五个一体化”, 5个方面, 两处预警中心 after two names), qualifiers inside a noun (3人以上居住出租房),
durations (24小时值班, 3个月), and a single occurrence (召开一次). Indicator tables give a target
per row, with the indicator's name and its nature (约束性 binding / 预期性 expected).

    >>> found = find_targets("培育5-8支省级社会应急救援队伍,完成3人以上居住出租房整治")
    >>> [(str(t.value), str(t.upper), t.unit) for t in found]
    [('5', '8', '支')]
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from spacy.language import Language
from spacy.tokens import Doc

import kg.nlp.extensions  # noqa: F401  (registers Doc._ extensions)
from kg.model import Node, Span, Statistic, Target
from kg.nlp.numerals import BIG_UNITS, five_year_plan_end, parse_number, tidy
from kg.nlp.records import PastPart
from kg.nlp.tables import IndicatorTable, TableRow, find_indicator_tables
from kg.nlp.text import (
    SENTENCE_BREAKS,
    Regions,
    clause_bounds,
    display_spans,
    doc_text,
    load_yaml,
    make_span,
    quoted_regions,
    reports_first_half,
    title_regions,
)

LEXICON = "quantity_lexicon.yaml"
SMALL_CHINESE = 10  # Chinese numerals up to this count structure more often than goals
CLOSING_QUOTES = "”’」』\""
# a number: figures, maybe with thousands separators ("1,500", not "2,3个") and a decimal part, then 万/亿;
# or Chinese numerals
_NUM = (r"(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[万亿](?!元))?"
        r"|[零〇一二两三四五六七八九十百千万亿]+)")
# The leading lookahead on the first character lets the regex engine reject most positions after one test
# instead of trying both branches (the scan of a plan for numbers got 5x faster).
_NUMBER_START = (r"(?=[\d零〇一二两三四五六七八九十百千万亿])"
                 r"(?:(?<!\d)(?=\d)|(?<![零〇一二两三四五六七八九十百千万亿])(?![\d]))")
_BARE_GOAL = (r"(?P<goal>达到|提高到|提高至|提升到|提升至|降至|降到|下降到|下降至|控制在|不低于|不超过|"
              r"不少于|不高于)")
_BOUNDS = "及以上|及以下|以上|以下|以内|左右|内(?!涝)"  # not 内涝 (waterlogging): "1200处内涝积水点"
_NATURE = {"约束": "binding", "预期": "expected"}
_TITLE = re.compile(r"《[^《》]*》")
#: bounds written after the number; before it they belong to an earlier number ("3人以上…、30个")
FREQUENCY_UNITS = frozenset({"次", "场次"})
COVERAGE_COUNT = 10  # a yearly count of events held from this up is coverage, not how often one recurs
# a round base written in words ("十万", "百万") and a rate's name after it: "十万人生产安全事故死亡率"
_ROUND_BASE = re.compile(r"[十百千]?[万亿]")
_RATE_AFTER = re.compile(r"[\u4e00-\u9fffA-Za-z]{0,14}?率")
_PARTS_OF_A_TEXT = frozenset({"条", "项", "款", "节", "章"})
# "至少1次", or 至少/不少于 opening the verb phrase that counts: "各部门至少组织开展1次演练"
_AT_LEAST_BEFORE = re.compile(r"(?:不少于|至少)[\u4e00-\u9fff]{0,6}$")
# dates and an item's number are no figures: "6.2024年底前完成A、B2家…"
_NO_FIGURES = re.compile(r"(?:19|20)\d{2}年|\d{1,2}月(?:\d{1,2}日)?|^\s*\d{1,3}[.、．]")
_FROM_BASELINE = re.compile(r"(?:由|从)(?:目前|现在|现有|当前|(?:19|20)\d{2}年底?)?的?$")
_FROM_BASELINE_IN = re.compile(r"(?:由|从)(?:目前|现有)的?[^,，;；。]{0,12}?"
                               r"(?:提高|提升|增加|扩大|下降|降低|减少|压减|压降|缩短|缩减)(?:到|至)")
_CHANGE_TO = re.compile(r"(?:提高|提升|增加|增长|上升|扩大|下降|降低|减少|压减|压降|缩短|缩减)(?:到|至)")
_RECURRING = re.compile(r"每(?:年|月|季度?|周|天|日|半年|旬|学期|汛期|批次?)|定期")
TIME_UNITS = frozenset({"小时", "分钟", "秒", "天", "日", "周"})
_CLASS_UNITS = frozenset({"千伏"})  # a voltage names a class of line or station, never an amount to reach
_CJK_AFTER = re.compile(r"(?:及以[上下])?[\u4e00-\u9fff]")
# a condition, a drill's scenario (假定…), a warning or response level ("红色预警:") or a forecast opening
# the sentence: its figures are thresholds
_CONDITION = re.compile(r"(?<![\u4e00-\u9fff])(?:当(?![前地年日天今好作])|若(?!干)|如遇|一旦|凡"
                        r"|假定|假设|设定)"
                        r"|(?:红色|橙色|黄色|蓝色|(?:I{1,3}|IV|[一二三四])级)(?:预警|响应)[:：]"
                        r"|(?:预报|预计|预测)(?:未来|[^,，;；。]{0,16}将)"  # not 监测预报预警, 预报准确率
                        # the weather's outlook: "据县气象局预测,…2至3个台风", "预计今年…台风个数为4至6个"
                        r"|据[^,，;；。]{0,24}(?:预测|预报)|预计(?:今年|全年|汛期|主汛期)"
                        # the weather to come: "我市将出现区域性暴雨天气,局部可达300毫米"
                        r"|(?<!可能)将(?:出现|迎来|遭受)")
# the main clause a sentence of conditions leads to: "…以上的,启动Ⅱ级响应", "…时,发布橙色预警"
_TRIGGERS = re.compile(r"(?:的|时)\s*[,，]\s*(?:由[^,，;；。]{1,16})?(?:启动|进入|终止|升级为|调整为|发布)"
                       r"[^,，;；。]{0,16}?(?:响应|预警)")
# the two ends of a band in a grading ("10人以上30人以下", "1000万元以上、5000万元以下")
_BAND_TOP = re.compile(r"[、,，]?\d+(?:\.\d+)?[万亿]?[\u4e00-\u9fff]{0,2}(?:以下|以内)")
_BAND_BOTTOM = re.compile(r"\d[万亿]?[\u4e00-\u9fff%]{0,3}以上[、,，]?$")
# a time limit is a goal on a measured time when a direction sets it ("控制在2小时以内", "缩短到30分钟内",
# "时效提高到5分钟以内") or the plan ensures it ("确保预警信息在30分钟内传递到户"); else a procedure's rule
_ENSURED = re.compile(r"确保|力争|保证|实现")
# ... but the relief indicator of disaster plans is a goal: "灾害发生后12小时内受灾群众基本生活得到有效救助"
# (seed 001's annotation calls it "a duration target")
_RELIEF_GOAL = re.compile(r"[\u4e00-\u9fff]{0,10}?得到(?:有效|初步|及时|妥善)?(?:的)?(?:基本生活)?救助")
# ... and so is a response counted from a disaster or a warning ("灾害发生后12小时内救灾物资运抵灾区",
# "预警信息发布后1小时内叫应到县级防指责任人,30分钟内叫应到乡镇"), unless a duty's modal (须在, 应于) or
# a report after it ("险情发生后30分钟内电话报告") makes it a procedure's rule
_COUNTED_FROM = ("发生后", "发布后", "发现后", "灾后", "震后")
_DUTY_MODAL = re.compile(r"(?:应|要|需)(?:在|于)|须|应当")
_REPORTED = re.compile(r"报告|上报|报送|续报|核报")
# a time inside the name of a rate: "24小时内扑灭率", "接警后30分钟内到达现场率" (the rate is the goal)
_RATE_NAMED = re.compile(r"[\u4e00-\u9fff]{0,6}率")
# a comparison right before a number and 的 + noun after it: a threshold that picks out the things meant
_EXCEEDING = ("超过", "大于", "高于", "多于", "深于", "长于")
_CAPACITY = ("满足", "容纳", "可容纳", "保障")  # "满足5000人以上紧急转移安置需要": a capacity to reach
SUFFIX_BOUNDS = frozenset({"以上", "及以上", "以下", "及以下", "以内", "内"})


@dataclass(frozen=True)
class Vocabulary:
    units: dict[str, str]  # unit -> kind: percent / count / measure
    qualifier_units: frozenset[str]
    structural_heads: tuple[str, ...]
    phased_works: tuple[str, ...]
    directions: tuple[tuple[str, str], ...]  # (word, direction), longest words first
    count_goal_verbs: tuple[str, ...]
    building_verbs: tuple[str, ...]
    holding_verbs: tuple[str, ...]
    zero_heads: tuple[str, ...]
    past_markers: tuple[str, ...]
    past_patterns: tuple[str, ...]
    forward_markers: tuple[str, ...]
    baseline_before: tuple[str, ...]
    not_after: tuple[str, ...]
    unit_not_before: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls) -> Vocabulary:
        data = load_yaml(LEXICON)
        units = {unit: kind for kind, names in data["units"].items() for unit in names}
        directions = sorted(((w, d) for d, words in data["directions"].items() for w in words),
                            key=lambda pair: -len(pair[0]))
        return cls(
            units=units,
            qualifier_units=frozenset(data["qualifier_units"]),
            structural_heads=tuple(data["structural_heads"]),
            phased_works=tuple(data["phased_works"]),
            directions=tuple(directions),
            count_goal_verbs=tuple(data["count_goal_verbs"]),
            building_verbs=tuple(data["building_verbs"]),
            holding_verbs=tuple(data["holding_verbs"]),
            zero_heads=tuple(data["zero_heads"]),
            past_markers=tuple(data["past_markers"]),
            past_patterns=tuple(data["past_patterns"]),
            forward_markers=tuple(data["forward_markers"]),
            baseline_before=tuple(data["baseline_before"]),
            not_after=tuple(data["not_after"]),
            unit_not_before={unit: tuple(words) for unit, words in data["unit_not_before"].items()},
        )


@dataclass(frozen=True)
class _Reading:
    """A number read from the text before it is judged a target, a statistic or nothing."""

    value: Decimal
    unit: str
    span: Span
    clause: Span
    upper: Decimal | None = None
    direction: str | None = None
    goal: bool = True  # can be a target (a statistic can be any reading)


class QuantityFinder:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        # words of aiming that govern a number after them (下降, 不低于; not 达 or 内 alone)
        self.aiming_words = tuple(word for word, direction in vocabulary.directions if len(word) > 1
                                  and direction in ("decrease", "increase", "at_least", "at_most"))
        units = "|".join(sorted(map(re.escape, vocabulary.units), key=len, reverse=True))
        # A number is matched from its first digit or numeral only: starting inside one finds nothing the
        # start did not, and trying every start of a long run would take quadratic time (issue 9).
        self.pattern = re.compile(
            rf"{_NUMBER_START}(?P<num>{_NUM})(?:(?P<sep>[-~～—–至到])(?P<num2>{_NUM}))?(?P<approx>余|多)?"
            rf"(?P<unit>{units})(?P<bound>{_BOUNDS})?")
        # "百分之九十五", "千分之三": a share in words; its unit is the sign it stands for (an empty group)
        self.percent_words = re.compile(
            rf"(?P<per>[百千万])分之(?P<num>{_NUM})(?:(?P<sep>[-~～—–至到])(?:(?P=per)分之)?(?P<num2>{_NUM}))?"
            rf"(?P<approx>)(?P<unit>)"
            rf"(?P<bound>{_BOUNDS})?")
        # not a year ("控制在2025年水平以内"), but a flood standard is a goal ("提升到50年一遇")
        self.bare_goal = re.compile(_BARE_GOAL + r"(?P<num>\d+(?:\.\d+)?)(?![\d.]|年(?!一遇))")
        zero_heads = "|".join(map(re.escape, vocabulary.zero_heads))
        self.zero = re.compile(r"(?=零)(?:零(?:" + zero_heads + ")"
                               r"|(?<=[为至到持])零(?![\u4e00-\u9fff])"  # "亡人数为零", "保持零", not "清零"
                               r"|(?<=保持[“\"])零(?=[”\"])"  # "死亡人数保持“零”"
                               r"|(?<=[“\"])零(?=[”\"]目标)"  # "实现因灾死亡“零”目标"
                               r"|(?<=[“\"])零[”\"](?:" + zero_heads + "))")  # "实现“零”发生"
        self.past_markers = [(marker, re.compile(re.escape(marker))) for marker in vocabulary.past_markers]
        self.past_markers += [(pattern, re.compile(pattern)) for pattern in vocabulary.past_patterns]

    # --- entry point -----------------------------------------------------------------------------

    def find(self, text: str, past: list[PastPart] = (), tables: list[IndicatorTable] | None = None,
             year: int | None = None, first_half_past: bool = False) -> tuple[list[Target], list[Statistic]]:
        """Targets and statistics in ``text`` of a plan for ``year``; ``past`` marks the parts that report
        the past, ``first_half_past`` a plan that sums up the year's first half (上半年,… reports it)."""
        if tables is None:
            tables = find_indicator_tables(text)
        past_regions = Regions((part.span.start, part.span.end) for part in past)
        blocked = Regions([(t.span.start, t.span.end) for t in tables]
                          + title_regions(text).ranges)
        quotes = quoted_regions(text)
        targets: list[Target] = []
        statistics: list[Statistic] = []
        for table in tables:
            if table.span.start not in past_regions:
                targets.extend(self.table_targets(table))
        readings = self._readings(text, blocked, quotes)
        for reading in readings:
            part = next((p for p in past if p.span.start <= reading.span.start < p.span.end), None)
            if part is not None or self._reports_past(reading.clause.text, year) or self._goes_on_reporting(
                    text, reading.clause, reading.span.end, year) or _opens_in_the_past(
                    text, reading.clause.start, year, first_half_past):
                statistics.append(Statistic(value=reading.value, unit=reading.unit, span=reading.span,
                                            clause=reading.clause, upper=reading.upper,
                                            year=part.year if part else None))
            elif reading.goal:
                targets.append(Target(value=reading.value, unit=reading.unit, span=reading.span,
                                      clause=reading.clause, upper=reading.upper,
                                      direction=reading.direction))
        targets.extend(goal for goal in self._zero_goals(text, blocked, past_regions)
                       if not _opens_in_the_past(text, goal.clause.start, year, first_half_past))
        targets.sort(key=lambda t: (t.span.start, t.span.end))
        return targets, statistics

    # --- prose -------------------------------------------------------------------------------------

    def _readings(self, text: str, blocked: Regions, quotes: Regions) -> list[_Reading]:
        readings = []
        taken: set[int] = set()
        for match in itertools.chain(self.pattern.finditer(text), self.percent_words.finditer(text)):
            reading = self._judge(text, match, quotes)
            if reading is not None and match.start() not in blocked:
                readings.append(reading)
                taken.add(match.start())
        for match in self.bare_goal.finditer(text):
            start = match.start("num")
            if start in blocked or start in taken or start in quotes:
                continue
            if self.pattern.match(text, start):  # a number with a unit: read above (or rejected there)
                continue
            if text.startswith(_TEMPERATURE, match.end()):
                continue  # "日最高气温达到40℃以上,当日应停止露天作业": the heat that sets off a rule
            clause = make_span(text, *_clause_bounds(text, start, match.end()))
            span = make_span(text, start, match.end())
            direction = self._direction_word(match.group("goal"))
            readings.append(_Reading(parse_number(match.group("num")), "", span, clause, direction=direction))
        readings.sort(key=lambda r: r.span.start)
        return readings

    def _judge(self, text: str, match: re.Match, quotes: Regions) -> _Reading | None:
        vocabulary = self.vocabulary
        start, end = match.start(), match.end()
        number, bound = match.group("num"), match.group("bound") or ""
        unit = match.group("unit") or _SHARE_SIGNS[match.groupdict().get("per") or "百"]
        kind = vocabulary.units[unit]
        quoted_from = quotes.start_of(start)
        if (quoted_from is not None and not self._aims(text[quoted_from:start])) or (
                start > 0 and text[start - 1] in CLOSING_QUOTES and not number[0].isdigit()):
            return None  # a slogan or a name: “五个一体化”, “着力提高…”两个根本 (but “瓶改管”120户, and
            # a goal quoted: 紧盯“…一般事故起数下降15%”的目标)
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] == "."):
            return None  # the tail of a longer number
        if text.endswith(vocabulary.not_after, 0, start):
            return None  # 第二轮, 每十万人, 前10名
        if number in BIG_UNITS or number in ("千", "零", "〇"):
            return None  # 千家万户, 万众: a word, not a count
        if _ROUND_BASE.fullmatch(number) and _RATE_AFTER.match(text, match.end()):
            return None  # "就业人员十万人生产安全事故死亡率": the base of a rate, inside its name
        unit_end = match.end("unit")
        if text.startswith(vocabulary.unit_not_before.get(unit, ()), unit_end):
            return None  # 三部门, 5处置: the unit character starts another word
        try:
            if _TWO_NEIGHBOURS.fullmatch(number) and parse_number(number[0]) < parse_number(number[1]):
                value, upper = parse_number(number[0]), parse_number(number[1])  # "两三支": two or three
            else:
                value = parse_number(number)
                upper = parse_number(match.group("num2")) if match.group("num2") else None
                value = _shared_multiplier(number, match.group("num2"), value)
        except ValueError:
            return None
        # 百分之五 is a share, not an article or a list
        chinese = not number[0].isdigit() and kind != "percent"
        clause_start, clause_end = _clause_bounds(text, start, end)
        clause = make_span(text, clause_start, clause_end)
        before = text[clause_start:start]
        after = text[end:clause_end]
        if chinese and value == 1:
            return None  # 召开一次…会议, 打造一支…队伍: an article ("a meeting"), not a count
        if unit in _PARTS_OF_A_TEXT and value != value.to_integral_value():
            return None  # "按本预案5.2条要求", "3.1节": a numbered part of a text, never a count
        held = unit in FREQUENCY_UNITS and not chinese and self._times_held(before, after)
        once = value == 1 and not (bound or _AT_LEAST_BEFORE.search(before) or held)
        # "每年至少组织1次演练": a recurring frequency; "召开1次会议": one occurrence; but "每年开展宣传活动
        # 不少于200场次" counts the coverage a year must reach
        coverage = unit == "场次" and value >= COVERAGE_COUNT and (bound or _AT_LEAST_BEFORE.search(before))
        if unit in FREQUENCY_UNITS and (once or (_RECURRING.search(before) and not coverage)):
            return None
        if chinese and value <= SMALL_CHINESE and not before.endswith(
                tuple(v + x for v in vocabulary.count_goal_verbs for x in ("", "了"))) and not (
                not after.strip() and any(verb in before for verb in vocabulary.count_goal_verbs)):
            return None  # 三个转变, 两项制度: structure, unless a goal verb puts the count forward, or
            # the count closes the clause of one ("新建消防站三座")
        if after.startswith(vocabulary.structural_heads):
            return None
        if unit in _CLASS_UNITS and _CJK_AFTER.match(after):
            return None  # "35千伏输电线路": the class of the line, not an amount
        works = vocabulary.phased_works
        if unit == "期" and (before.endswith(works) or after.startswith(works)):
            return None  # "建设…平台二期", "二期工程": a phase of the works, not a count
        if _FROM_BASELINE.search(before) and _CHANGE_TO.match(after):
            return None  # "由80%提高到95%", "由目前的9座压减至5座": where the change starts, not the goal
        if before.rstrip().endswith(("等", "等等")) and (value <= _items_listed(before) or not any(
                word in before for word in (*vocabulary.count_goal_verbs, *_TASKED))):
            return None  # "A、B等2个" counts the list; "完成A镇、B乡等7个乡镇…" sets a task's scope
        if (self._restates_list(before, value) and _MODIFYING.match(after)) or self._introduces_list(
                text, after, clause_end):
            return None
        if _WHEN.match(after):
            return None  # "能见度低于200米时", "游客量达到承载量的80%时": the condition an action waits for
        qualifying = bound in ("以上", "以下", "及以上", "及以下") and unit in vocabulary.qualifier_units
        if qualifying and _noun_follows(after) and not before.endswith(_CAPACITY):
            return None  # 3人以上居住出租房: a qualifier of the noun (but "满足5000人以上…需要" is a goal)
        if after.startswith("的") and _noun_follows(after) and self.pattern.search(before):
            return None  # "组建1支不少于50人的…队伍": the size of what was counted before
        if after.startswith("的") and _noun_follows(after) and before.endswith(_EXCEEDING):
            return None  # "开挖深度超过5米的深基坑": a threshold inside a noun
        if unit in ("米", "公里", "千米") and _AREA_AROUND.match(text, end):
            return None  # "林缘500米范围内": the area a task covers, named by its distance
        line_start = text.rfind("\n", 0, start) + 1
        sentence_start, sentence_end = clause_bounds(text, start, end, SENTENCE_BREAKS)
        if _GRADE_DEFINED.match(text, line_start) or (bound and "或者" in text[sentence_start:sentence_end]):
            return None  # "特大型:因灾死亡30人以上,或者…", "减供负荷60%以上,或者70%以上供电用户停电": a grade
        if _CONDITIONS_LISTED.search(text, line_start, start):
            return None  # "出现下列情况之一者,启动Ⅱ级应急响应:(1)3个以上县(市)区…;(2)…": thresholds
        if "造成" in before:
            return None  # "造成5人死亡、32人受伤": what an event did, never a goal
        if _PER_PERIOD_BOUND.match(text, end):
            return None  # "30万吨/年以下煤矿": a capacity qualifying the noun, not a goal
        if _FORBIDDEN_BEYOND.search(before):
            return None  # "作业时间累计不得超过6小时": a rule's limit, not a goal the plan sets
        if _ESTIMATE_BASIS.fullmatch(clause.text):
            return None  # "按每次检查需2名执法人员测算": the terms of an estimate, not its goal
        if _SCORE.search(after) or _PER_CHANGE.search(before) or _WEIGHT.search(before):
            return None  # "每少1人扣1分", "漏报1人扣1分", "权重为30%": the terms of a scoring scheme
        if "在" in before and after.startswith(("的基础上", "基础上")):
            return None  # "在查处隐患12357处的基础上": where the work starts from, not its goal
        if (bound in ("以上", "及以上") and _BAND_TOP.match(text, end)) or (
                bound in ("以下", "以内") and _BAND_BOTTOM.search(before)):
            return None  # "10人以上30人以下死亡": a band of a grading, not a goal
        if text[clause_start:clause_end].rstrip().endswith("的"):
            return None  # "(2)需要疏散转移群众500人以上的;": a condition listed, not a goal
        direction = self._direction(before, bound)
        if direction == "increase" and unit in TIME_UNITS and bound in ("内", "以内"):
            direction = "at_most"  # "发布时效提升至10分钟以内": timeliness rises as the time falls
        if direction is None and kind == "measure":
            direction = self._reached(before)  # "完成燃气、供水管网改造1200公里": 完成 governs the list
        if direction is None and before.startswith("其中") and self._aims_before(text, clause_start):
            direction = "reach"  # "…演练不少于30次,其中市级综合演练2次": a part of the goal before it
        span = make_span(text, start, end)
        # 24小时值班 is a duration, not a goal: a measure needs a goal word to be a target; "占…的61%" with
        # none is a share the plan describes
        goal = (kind != "measure" or direction is not None or held) and not (
            direction is None and _SHARE_OF.search(before) and not _forward(before, vocabulary))
        if unit in TIME_UNITS and _RATE_NAMED.match(text, end):
            return None  # "确保草原火灾24小时内扑灭率达到95%": the time names the rate that is the goal
        if unit in TIME_UNITS and bound in ("内", "以内") and self._direction(before, "") is None \
                and not _RELIEF_GOAL.match(text, end) and not _ENSURED.search(before) \
                and not self._response_time(text, before, after, clause_start):
            goal = False  # "应在2小时内报告", "接警后30分钟内到达": a time limit of a procedure
        if direction is None and _STORED_AFTER.match(text, end) and not _ACQUIRED.search(before):
            goal = False  # "编织袋5000条,存放于县防汛物资仓库": an entry of a stock list, what there is
        if unit in ("户", "人") and _EXPOSED.search(before) and not _ACTED_ON.search(clause.text) and not any(
                verb in before for verb in (*vocabulary.count_goal_verbs, "确保", "力争")):
            goal = False  # "隐患点威胁12户46人", "危险区涉及农户32户、108人": who is at risk now
        if _CONDITION.search(text, _sentence_start(text, start), start) or _TRIGGERS.search(
                text, end, clause_bounds(text, end, end, SENTENCE_BREAKS)[1]):
            return None  # "当出现降雨量达100毫米以上的强降雨时", "预报未来24小时…将达到50毫米", "…10人以上,
            # 或…5万人以上的,启动Ⅱ级响应": a threshold
        return _Reading(value, unit, span, clause, upper, direction, goal=goal)

    @staticmethod
    def _response_time(text: str, before: str, after: str, clause_start: int) -> bool:
        """Whether a time limit is counted from a disaster or a warning ("灾害发生后12小时内…", or in a clause
        that goes on from one: "…发布后1小时内叫应到县级防指责任人,30分钟内叫应到乡镇") with no duty's modal
        or report that makes it a procedure's rule ("各镇须在险情发生后1小时内电话报告")."""
        earlier = text[_sentence_start(text, clause_start):clause_start]
        if _DUTY_MODAL.search(earlier + before) or _REPORTED.search(after):
            return False
        return before.endswith(_COUNTED_FROM) or (
            not before.strip() and any(event in earlier for event in _COUNTED_FROM))

    def _times_held(self, before: str, after: str) -> bool:
        """Whether a count of times closes the clause of an activity to hold ("开展综合演练1次", "组织联合演练
        2次", or an item of a list "演练1次、…" or before a note): how often the task is to be done, not
        "召开1次专题会议"."""
        closes = not after.strip() or after.lstrip().startswith(("(", "（", "、"))
        return closes and any(verb in before for verb in self.vocabulary.holding_verbs)

    def _restates_list(self, before: str, value: Decimal) -> bool:
        """True when the count equals the items of a list right before it: "A、B两处…". It is no goal
        where it counts them inside a noun ("建立A、B两处预警中心的联通机制"); where a task is done to
        them it sets its scope ("推进A、B、C3个区域救援中心建设")."""
        if value > 20 or value < 2:
            return False
        before = _TITLE.sub("", before)  # a list inside a 《title》 is part of a name
        if any(char.isdigit() for char in _NO_FIGURES.sub("", before)):
            return False  # "发生事故2起、死亡2人": a list of figures, not of names
        last = before.rfind("、")
        tail = before[last + 1:]
        if any(verb in tail for verb in self.vocabulary.count_goal_verbs):
            return False
        items = before.count("、") + 1 if last >= 0 else 1
        if re.search("[和与及]", tail):
            items += 1
        return items > 1 and items == value

    @staticmethod
    def _introduces_list(text: str, after: str, clause_end: int) -> bool:
        """True when the clause goes on "…,即…" or ends in a colon: the count names a list to come. A
        colon inside a bracket opened after the count is a note's field ("…达到100%(牵头单位:…)")."""
        rest = text[clause_end:clause_end + 3]
        in_a_note = after.count("(") + after.count("（") > after.count(")") + after.count("）")
        return (rest.startswith((":", "：")) and not in_a_note) or rest[1:].startswith("即") or (
            "即" in after[:1])

    def _direction(self, before: str, bound: str) -> str | None:
        window = before[before.rfind("、") + 1:]  # words before a list separator govern other items
        found = []  # (end, length, direction): the nearest word wins, and the longer of two ending
        for word, direction in self.vocabulary.directions:  # together ("不低于" over "低于")
            if word in SUFFIX_BOUNDS:
                continue
            position = window.rfind(word)
            if position >= 0:
                found.append((position + len(word), len(word), direction))
        found.sort()
        verbs = [d for _, _, d in found if d in ("decrease", "increase")]
        bound_direction = self._direction_word(bound) if bound else None
        if verbs:
            return verbs[-1]
        if bound_direction in ("at_least", "at_most"):
            return bound_direction
        return found[-1][2] if found else None

    def _reached(self, before: str) -> str | None:
        """"reach" when a word of reaching (完成, 建成, 实现 ...) or of building a length or an area (新建,
        改造 ...) stands anywhere earlier in the clause."""
        reach = [word for word, direction in self.vocabulary.directions if direction == "reach"]
        words = (*reach, *self.vocabulary.building_verbs)
        return "reach" if any(word in before for word in words) else None

    def _aims_before(self, text: str, clause_start: int) -> bool:
        """Whether the sentence before a clause sets a goal (a word of aiming before a number)."""
        sentence = text[_sentence_start(text, clause_start):clause_start]
        return any(word in sentence for word in self.aiming_words)

    def _aims(self, words: str) -> bool:
        """Whether words right before a number hold a word of aiming that governs it (下降, 不低于 ...)."""
        return words.endswith(self.aiming_words)

    def _direction_word(self, word: str) -> str | None:
        return next((d for w, d in self.vocabulary.directions if w == word), None)

    def _reports_past(self, clause: str, year: int | None = None) -> bool:
        for marker, occurrences in self.past_markers:
            for match in occurrences.finditer(clause):
                if marker == "已" and "的" in clause[match.end():match.end() + 4]:
                    continue  # 对已建成的避难场所: a relative clause
                before = clause[max(0, match.start() - 1):match.start()]
                if marker in ("去年", "上年") and (before in (*self.vocabulary.baseline_before, "在")
                                                   or "巩固" in clause[:match.start()]):
                    continue  # 较去年下降10%, 在上年基础上, 巩固去年…成果: the baseline of a goal
                if marker in ("目前", "现有") and (_FROM_BASELINE_IN.search(clause) or before == "在"):
                    continue  # "由目前的60%提高到100%", "在现有基础上新增…": the baseline of a goal
                if marker in ("截至", "截止") and "已" not in clause and (any(
                        bound in clause for bound in _AIMED_TOTAL) or _by_a_coming_end(
                        clause, match.end(), year)):
                    continue  # "截至12月31日…不少于2处", "截至2026年12月底,全市…达到18个": by then
                return True
        return False

    def _goes_on_reporting(self, text: str, clause: Span, end: int, year: int | None = None) -> bool:
        """A clause that goes on with what an earlier clause of its sentence reports ("共发生事故86起,同比下降
        12.2%,死亡人数下降9.8%", "过去一年,全市实现因灾“零死亡”"), unless a word of aiming comes first
        ("…已建成30个,力争再建10个"); ``end`` is where the number read ends."""
        start = clause.start
        sentence_start = _sentence_start(text, start)
        if sentence_start >= start:
            return False
        aims = text[sentence_start:end] + clause.text
        return not _forward(aims, self.vocabulary) and self._reports_past(text[sentence_start:start], year)

    def _zero_goals(self, text: str, blocked: Regions, past: Regions) -> list[Target]:
        goals = []
        for match in self.zero.finditer(text):
            if match.start() in blocked or match.start() in past:
                continue
            clause = make_span(text, *_clause_bounds(text, match.start(), match.end()))
            if self._reports_past(clause.text) or self._goes_on_reporting(text, clause, match.end()):
                continue
            goals.append(Target(value=Decimal(0), unit="", span=make_span(text, match.start(), match.end()),
                                clause=clause, direction="zero"))
        return goals

    # --- tables ------------------------------------------------------------------------------------

    def table_targets(self, table: IndicatorTable) -> list[Target]:
        targets = []
        for row in table.rows:
            value_cell = table.cell(row, table.value_column)
            if value_cell is None:
                continue
            target = self._cell_target(value_cell, row.span)
            if target is None:
                continue
            name = table.cell(row, table.name_column)
            if not target.unit:  # "3000" under 单位 "套", or in a row named "…监测（座）"
                target = replace(target, unit=self._row_unit(table, row, name))
            nature_cell = table.cell(row, table.nature_column)
            nature = next((n for k, n in _NATURE.items() if nature_cell and k in nature_cell.text), None)
            targets.append(Target(value=target.value, unit=target.unit, span=target.span,
                                  clause=target.clause, upper=target.upper, direction=target.direction,
                                  nature=nature, indicator=name.text if name else None))
        return targets

    def _row_unit(self, table: IndicatorTable, row: TableRow, name: Span | None) -> str:
        """The unit a row gives its bare numbers: its 单位 cell, or a unit in brackets ending its name."""
        column = next((i for i, head in enumerate(table.header) if _UNIT_HEAD.fullmatch(head)), None)
        cell = table.cell(row, column) if len(row.cells) == len(table.header) else None
        if cell is not None and cell.text in self.vocabulary.units:
            return cell.text
        bracketed = _UNIT_IN_BRACKETS.search(name.text) if name else None
        if bracketed and bracketed.group(1) in self.vocabulary.units:
            return bracketed.group(1)
        return ""

    def _cell_target(self, cell: Span, row: Span) -> Target | None:
        """The goal in one value cell: "下降15%", "零发生", "<1%", "≥90%", "15000"."""
        text = cell.text
        if self.zero.fullmatch(text) or text in ("零", "0"):
            return Target(value=Decimal(0), unit="", span=cell, clause=row, direction="zero")
        # "1.5万人": the same number as in prose
        match = _CELL_NUMBER.search(text)
        if match is None:
            return None
        unit_match = re.match("|".join(sorted(map(re.escape, self.vocabulary.units), key=len, reverse=True)),
                              text[match.end():])
        unit = unit_match.group(0) if unit_match else ""
        bound = text[match.end() + len(unit):].strip()
        value_span = Span(cell.start + match.start(), cell.start + match.end() + len(unit),
                          text[match.start():match.end() + len(unit)])
        return Target(value=parse_number(match.group("num")), unit=unit, span=value_span, clause=row,
                      upper=parse_number(match.group("num2")) if match.group("num2") else None,
                      direction=self._direction(text[:match.start()], bound))


_STORED_AFTER = re.compile(r"[,，]?\s*(?:分别)?(?:存放|储存|存储|放置)(?:于|在)|\s*(?:存于|储备于)")
# ... unless the clause acquires or checks it ("采购编织袋5000条,存放于…")
_ACQUIRED = re.compile(r"采购|购置|新建|新增|建设|配备|储备|补充|更新|检查|完成|达到|增加|实现")
# the people and homes a hazard threatens: a count of the present, in any section
_EXPOSED = re.compile(r"(?:威胁|涉及|居住|影响|危及)(?:下游)?(?:群众|人口|农户|住户|居民|户数)?"
                      r"(?:\d+[户人][、,，]?)?$")
# ... unless a task acts on them ("搬迁避让受威胁群众320户", "转移受威胁群众45户")
_ACTED_ON = re.compile(r"搬迁|避让|转移|安置|治理|整治|疏散|撤离|排除|消除|销号|核销|实施")
# a cell's number, not a baseline year ("较2020年下降10%": 10%)
_CELL_NUMBER = re.compile(r"(?<![\d.])(?!(?:19|20)\d{2}年)(?P<num>\d+(?:\.\d+)?[万亿]?)"
                          r"(?:\s*[-~～—–至]\s*(?P<num2>\d+(?:\.\d+)?[万亿]?))?")
_CONDITIONS_LISTED = re.compile(r"(?:下列|以下|如下)(?:情况|情形|条件)之一")
# a line defining a grade of event or response by its thresholds: "(1)特大型:", "Ⅰ级响应:", "重大事故:"
_GRADE_DEFINED = re.compile(r"[(（]?[一二三四五六七八九十\d]{0,2}[)）.、]?\s*"
                            r"(?:特别重大|特大|重大|较大|一般|大|中|小|[IV]{1,3}级|[一二三四]级)"
                            r"(?:[^:：,，。;；\n]{0,10}?(?:事件|事故|灾害|灾情|险情|响应|预警|型))?"
                            r"(?:[(（][^()（）\n]{1,6}[)）])?[:：]")
_AREA_AROUND = re.compile(r"(?:以内|内)?(?:范围|区域|地带)")
_TEMPERATURE = ("℃", "°C", "°", "摄氏度", "度")
_UNIT_HEAD = re.compile(r"(?:计量)?单位")
_UNIT_IN_BRACKETS = re.compile(r"[(（]([^()（）]{1,4})[)）]$")


_TASKED = ("督促", "推动", "指导", "组织", "开展", "覆盖", "实施", "落实", "对")


def _items_listed(before: str) -> int:
    """How many items the list ending a clause's words names ("上庄镇、白鹿泉乡等" -> 2)."""
    return before.count("、") + 1


_CLAUSE_YEAR = re.compile(r"\s*((?:19|20)\d{2})\s*年")


def _opens_in_the_past(text: str, position: int, year: int | None, first_half_past: bool) -> bool:
    """A sentence opened by a year before the plan's ("2024年,全县排查隐患120处。"), or by the first half
    of the year in a summary of it ("上半年,全市查处隐患12357处"), reports the past."""
    start = _sentence_start(text, position)
    opening = _YEAR_OPENING.match(text, start)
    own = _CLAUSE_YEAR.match(text, position)  # "…,2026年新建300处": the clause's own year
    if year is not None and own is not None and int(own.group(1)) >= year:
        return False
    if year is not None and opening is not None and int(opening.group(1)) < year:
        return True
    # the number's clause opened by a past year after a lead-in: "会议指出,2023年全市…同比下降18.2%"
    clause_opening = _CLAUSE_YEAR.match(text, max(start, _clause_bounds(text, position, position)[0]))
    if year is not None and clause_opening is not None and int(clause_opening.group(1)) < year:
        return True
    period = _PERIOD_OPENING.match(text, start)
    if year is not None and period is not None and five_year_plan_end(period.group(1)) < year:
        return True  # "“十四五”期间,全市累计应对台风12个…" in a 2026 plan
    return first_half_past and _FIRST_HALF_OPENING.match(text, start) is not None



# a year opening a sentence (after an item's number), set off by a comma or before a place: "2025年全省建成…"
_YEAR_OPENING = re.compile(r"\s*(?:[(（]?[\d一二三四五六七八九十]{1,3}[)）.、．]\s*)?"
                           r"((?:19|20)\d{2})\s*年度?(?:[,，]|(?=[全我本][省市区县镇乡]))")


# a five-year period opening a sentence: "“十四五”期间,", "十三五时期,"
_PERIOD_OPENING = re.compile(r"\s*(?:[(（]?[\d一二三四五六七八九十]{1,3}[)）.、．]\s*)?"
                             r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:期间|时期|以来)?"
                             r"(?:[,，]|(?=[全我本][省市区县镇乡]))")  # "“十四五”期间全省累计建成…"


# a sentence opened by the year's first half ("上半年,全市…", "1—6月,…"), in a summary of it
_FIRST_HALF_OPENING = re.compile(r"\s*(?:[(（]?[\d一二三四五六七八九十]{1,3}[)）.、．]\s*)?"
                                 r"(?:今年|本年|(?:19|20)\d{2}年)?(?:上半年|1\s*[-—–~～至]\s*6月|一至六月)(?:以来)?[,，]")


_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _shared_multiplier(number: str, second: str | None, value: Decimal) -> Decimal:
    """The lower bound of a range whose multiplier is written once, after the upper ("5至8万个": 50,000 to
    80,000); ``value`` otherwise."""
    if second and second[-1] in BIG_UNITS and _PLAIN_NUMBER.fullmatch(number):
        return tidy(value * BIG_UNITS[second[-1]])
    return value


# "…时" / "…的时候" right after a figure: when something happens, not a goal (时间, 时段 are words)
_WHEN = re.compile(r"(?:的时候|时(?![间段期限效刻代速]))")
# the counted noun modifying another: "两处预警中心的|互联互通机制"
_MODIFYING = re.compile(r"[\u4e00-\u9fff]{0,8}的")
_PER_PERIOD_BOUND = re.compile(r"/[年日时](?:及)?(?:以上|以下)")
_SHARE_SIGNS = {"百": "%", "千": "‰", "万": "‱"}  # 百分之, 千分之, 万分之
_TWO_NEIGHBOURS = re.compile(r"[一两二三四五六七八][二三四五六七八九]")
_FORBIDDEN_BEYOND = re.compile(r"(?:不得|严禁|禁止|不准|不能)(?:超过|高于|大于|低于|少于|小于)?$")
# a scoring rule: points taken or given for each unit ("扣1分", "加0.5分"), or each unit of change
_SCORE = re.compile(r"[扣加得减]\d+(?:\.\d+)?分")
_PER_CHANGE = re.compile(r"每(?:少|缺|超|超过|下降|降低|减少|增加|提高|发现|漏报|迟报)$")
_WEIGHT = re.compile(r"(?:权重|分值|满分)(?:为|是|占)?$")
_COMING_END = re.compile(r"\s*(?:((?:19|20)\d{2})\s*年)?(?:\d{1,2}月)?(?:底|末)")


def _by_a_coming_end(clause: str, after: int, year: int | None) -> bool:
    """Whether 截至 ending at ``after`` names the end of a month or a year not before the plan's."""
    end = _COMING_END.match(clause, after)
    return end is not None and (end.group(1) is None or (year is not None and int(end.group(1)) >= year))


# bounds that, like a word of aiming, make a total by a date (截至…不少于2处) a goal
_LOWER_BOUNDS = ("不低于", "不少于")
_AIMED_TOTAL = (*_LOWER_BOUNDS, "以上", "力争", "确保")
# "按每次检查平均需2名执法人员、1.5个工作日测算": a clause giving the terms an estimate is made on
_ESTIMATE_BASIS = re.compile(r"按照?[^,，;；。]*(?:测算|计算|核算|估算)")
# "占全市事故死亡总数的61%": the share something has of a whole
_SHARE_OF = re.compile(r"占[^,，;；。]{0,24}$")


def _forward(words: str, vocabulary: Vocabulary) -> bool:
    """Whether ``words`` hold a word of aiming (确保, 力争, 到20…, 年内 …)."""
    return any(word in words for word in vocabulary.forward_markers)


# a map's scale is one term, not a colon ending a clause: "完成全县20个乡镇1:50000地质灾害风险调查" (the
# count's clause would end at 乡镇1 and the colon read as a list to come)
_SCALE_COLON = re.compile(r"(?<![\d.]1)(?<=1):(?=\d)")


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``, across the colon of a map's scale (1:50000, 1:5万)."""
    left, right = clause_bounds(text, start, end)
    while _SCALE_COLON.match(text, right):
        right = clause_bounds(text, right + 1, right + 1)[1]
    while left > 0 and _SCALE_COLON.match(text, left - 1):
        left = clause_bounds(text, left - 1, left - 1)[0]
    return left, right


def _sentence_start(text: str, position: int) -> int:
    return clause_bounds(text, position, position, SENTENCE_BREAKS)[0]


def _noun_follows(after: str) -> bool:
    """Whether a noun (a CJK character, not a clause break) comes right after, skipping 的."""
    rest = after[1:] if after.startswith("的") else after
    return bool(rest) and "\u4e00" <= rest[0] <= "\u9fff"


@functools.cache
def default_finder() -> QuantityFinder:
    return QuantityFinder(Vocabulary.load())


def find_targets(text: str, past: list[PastPart] = (), year: int | None = None) -> list[Target]:
    """The targets in ``text`` of a plan for ``year`` (numbers in ``past`` parts are statistics)."""
    return default_finder().find(text, past, year=year)[0]


def find_statistics(text: str, past: list[PastPart]) -> list[Statistic]:
    return default_finder().find(text, past)[1]


def without_run_on_item_numbers(text: str, structure: Node | None) -> str:
    """``text`` with each item number that runs into a figure ("2.100家企业…", item 2) blanked out, so that
    the figure is read alone and not as 2.100; the offsets stay as they are."""
    if structure is None:
        return text
    pieces, done = [], 0
    for node in structure.walk():
        number = node.number or ""
        start, end = node.span.start, node.span.start + len(number)
        if node.kind == "item" and number[:1].isdigit() and text[end:end + 1].isdigit():
            pieces += [text[done:start], " " * len(number)]
            done = end
    return "".join(pieces) + text[done:] if pieces else text


@Language.factory("emkg_quantities", requires=["doc._.meta"],
                  assigns=["doc.spans", "doc._.targets", "doc._.statistics"])
def make_quantities(nlp: Language, name: str) -> QuantityComponent:
    return QuantityComponent()


class QuantityComponent:
    def __init__(self) -> None:
        self.finder = default_finder()

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.meta
        text = without_run_on_item_numbers(doc_text(doc), doc._.structure)
        targets, statistics = self.finder.find(text, doc._.past_parts or (), doc._.tables,
                                               meta.year if meta else None,
                                               reports_first_half(meta.title) if meta else False)
        doc._.targets = targets
        doc._.statistics = statistics
        for group, records in (("target", targets), ("statistic", statistics)):
            doc.spans[group] = display_spans(doc, ((r.span.start, r.span.end, group) for r in records))
        return doc
