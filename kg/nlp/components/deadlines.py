"""Deadlines: time expressions that set when a task is due, normalised to the last due day.

The grammar (GUIDELINES.md, "deadlines"): X月底前 / X月底 / X月份 / X月 -> last day of month X;
X月前 -> last day of month X-1; X月X日前 -> that day; X月上旬/中旬/下旬 -> day 10/20/last; 上半年 /
年中 -> June 30; 一季度 -> March 31 (二季度 June 30 ...); 年底 / 年内 / 全年 / 到年底 -> December 31;
到2025年 -> 2025-12-31; “十四五”期间 -> the plan period's last day. The year is the plan's unless the
text names one. Expressions that depend on an event (汛期前, 春节前, 党的二十大召开后) keep their
text and get no date, unless a verb makes them name a kind of work ("开展汛前检查"). A period
("(6月—10月)", "于6月至8月") is due at its end; a bare year is due when it opens a task ("2023年开展
中期评估"). Past reference points (截至9月底, 9月底,已启动), recurring schedules (每年3月底前) and times
inside 《titles》 are not deadlines. The open word lists are data
(``patterns/time_grammar.yaml``).

    >>> [(d.text, str(d.due)) for d in find_deadlines("分别于9月、10月底前完成开发,汛期前出台预案", 2019)]
    [('9月', '2019-09-30'), ('10月底前', '2019-10-31'), ('汛期前', 'None')]
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

import kg.nlp.extensions  # noqa: F401  (registers Doc._ extensions)
from kg.model import Deadline, DocumentMeta
from kg.nlp.numerals import five_year_plan_end, parse_number
from kg.nlp.text import (
    CLAUSE_BREAKS,
    SENTENCE_BREAKS,
    Regions,
    clause_bounds,
    display_spans,
    doc_text,
    load_yaml,
    make_span,
    reports_first_half,
    text_since_break,
    text_until_break,
    title_regions,
)

GRAMMAR = "time_grammar.yaml"
NEXT_YEAR = ("明年", "次年", "来年")

_YEAR = r"(?:(?P<year>(?:19|20)\d{2})年)?"
_MONTH = r"(?P<month>1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])"
_BEFORE = r"(?:前|之前|以前)"
_NUMERAL_CHARS = set("0123456789一二三四五六七八九十两〇零几")
_SKIPPED_AFTER = frozenset(",,、 ")  # skipped before looking for past markers after a time
_MONTH_AHEAD = r"(?:[\d一二三四五六七八九十]{1,2}月|[上下]半年|第?[一二三四1-4]季度)"
# what may stand between a due day and 前: its weekday, an hour ("9月28日(星期日)前", "9月28日17:00前")
_TIME_OF_DAY = (r"(?:[(（](?:星期|周)[一二三四五六日天][)）]|\s?\d{1,2}[:：]\d{2}|\d{1,2}[时点](?:\d{1,2}分)?"
                r"|下班|中午|上午|下午)")

Resolver = Callable[[re.Match, "TimeContext"], "dt.date | None"]


@dataclass(frozen=True)
class TimeContext:
    year: int | None  # the plan's year: the default year of a month or season
    end_year: int | None = None  # the last year of a plan for several years (规划期末)
    first_half_past: bool = False  # the plan sums up the year's first half (上半年 is the past)
    written_before: bool = False  # written in the year before the plan's: its 明年 is the plan's year


@dataclass(frozen=True)
class Shape:
    """One shape of the grammar: a regular expression and how to turn its match into a due date.

    ``dated`` is False for event-relative shapes whose due date is unknown by nature. ``anchor`` finds
    words one of which every match holds, starting at most ``reach`` characters after the match's start
    (月 in "2025年12月底前" starts at 7): only the positions that near one are tried (:func:`_matches`)."""

    name: str
    pattern: re.Pattern
    resolve: Resolver
    dated: bool = True
    anchor: re.Pattern | None = None
    reach: int = 0


# --- resolvers -------------------------------------------------------------------------------------


def _year_of(match: re.Match, context: TimeContext) -> int | None:
    named = match.groupdict().get("year")
    return int(named) if named else context.year


def _month_of(match: re.Match) -> int:
    return int(parse_number(match.group("month")))


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_end(match: re.Match, context: TimeContext) -> dt.date | None:
    year = _year_of(match, context)
    return None if year is None else _last_day(year, _month_of(match))


def _month_before(match: re.Match, context: TimeContext) -> dt.date | None:
    year = _year_of(match, context)
    if year is None:
        return None
    month = _month_of(match)
    return dt.date(year - 1, 12, 31) if month == 1 else _last_day(year, month - 1)


def _month_part(match: re.Match, context: TimeContext) -> dt.date | None:
    if match.groupdict().get("before"):
        return _month_before(match, context)
    return _month_end(match, context)


def _day(match: re.Match, context: TimeContext) -> dt.date | None:
    year = _year_of(match, context)
    if year is None:
        return None
    try:
        return dt.date(year, _month_of(match), int(parse_number(match.group("day"))))
    except ValueError:
        return None


def _xun(match: re.Match, context: TimeContext) -> dt.date | None:
    year = _year_of(match, context)
    if year is None:
        return None
    month = _month_of(match)
    part = match.group("xun")
    if part == "上旬":
        return dt.date(year, month, 10)
    if part in ("中旬", "上中旬"):
        return dt.date(year, month, 20)
    return _last_day(year, month)


def _half(match: re.Match, context: TimeContext) -> dt.date | None:
    year = _year_of(match, context)
    if year is None:
        return None
    return dt.date(year, 12, 31) if match.groupdict().get("half") == "下半年" else dt.date(year, 6, 30)


def _quarter(match: re.Match, context: TimeContext) -> dt.date | None:
    year = _year_of(match, context)
    if year is None:
        return None
    return _last_day(year, 3 * int(parse_number(match.group("q"))))


def _year_end(match: re.Match, context: TimeContext) -> dt.date | None:
    year = _year_of(match, context)
    return None if year is None else dt.date(year, 12, 31)


def _named_year(match: re.Match, context: TimeContext) -> dt.date | None:
    year = int(match.group("year"))
    tail = match.group("tail") or ""
    if tail in ("前", "之前", "以前"):  # like X月前: before the year begins
        return dt.date(year - 1, 12, 31)
    return dt.date(year, 12, 31)


def _five_year_plan(match: re.Match, context: TimeContext) -> dt.date | None:
    return dt.date(five_year_plan_end(match.group("n")), 12, 31)  # 十四五 = 2021-2025


def _plan_period(match: re.Match, context: TimeContext) -> dt.date | None:
    return None if context.end_year is None else dt.date(context.end_year, 12, 31)


def _range_end(match: re.Match, context: TimeContext) -> dt.date | None:
    return dt.date(int(match.group("year")), 12, 31)


def _undated(match: re.Match, context: TimeContext) -> dt.date | None:
    return None


# holidays on a fixed day of the solar calendar: the day before them (春节, 端午 move with the moon)
_FIXED_HOLIDAYS = {"国庆": (9, 30), "国庆节": (9, 30), "五一": (4, 30), "劳动节": (4, 30)}


# how long before or after an event a task is due: "活动前3天", "国庆节前一周", "结束后3个工作日内"
_AMOUNT = r"\d{1,3}|[一二三四五六七八九十两]{1,3}"
_SPAN = r"天|日|周|工作日|小时"
_EVENT_OFFSET = rf"(?:(?P<offset>{_AMOUNT})个?(?P<span>{_SPAN}))?"  # before: counted for fixed holidays
_AFTER_OFFSET = rf"(?:(?:{_AMOUNT})个?(?:{_SPAN}))?"


def _event(match: re.Match, context: TimeContext) -> dt.date | None:
    """Before a holiday on a fixed day ("国庆节前" -> 9-30 of the plan's year, "国庆节前3天" -> 9-28);
    other events (汛期前, 春节前, 活动前3天) are not dated."""
    day = _FIXED_HOLIDAYS.get(match.group("event"))
    year = int(match.group("event_year")) if match.group("event_year") else context.year
    if day is None or year is None or not match.group("before"):
        return None
    due = dt.date(year, *day)  # "2022年国庆节前" in a five-year plan: that year's
    if match.group("offset") and match.group("span") in ("天", "日", "周"):
        days = int(parse_number(match.group("offset"))) * (7 if match.group("span") == "周" else 1)
        due += dt.timedelta(days=1 - days)  # N days before the holiday's first day
    return due


# --- the grammar -----------------------------------------------------------------------------------


@functools.cache
def grammar() -> tuple[Shape, ...]:
    words = load_yaml(GRAMMAR)
    all_events = [*words["events"], *words["public_events"]]
    events = "|".join(sorted(map(re.escape, all_events), key=len, reverse=True))
    event_starts = "".join(sorted({event[0] for event in all_events}))
    links = "|".join(map(re.escape, words["event_links"]))
    congress = "|".join(map(re.escape, words["congress_heads"]))
    numeral = "[一二三四五六七八九十]"
    # where an event's 前 or 结束 may stand: after quotes, the event and a link ("“汛期”来临之前")
    event_reach = (len("2022年“”之") + max(map(len, all_events)) + max(map(len, words["event_links"]))
                   + len("小长假") + len("(") + 20 + len(")"))
    # Each shape starts with a lookahead on its possible first characters: the regex engine then
    # rejects most positions after one character test instead of trying the whole pattern (6x faster).
    month = "(?=[0-9一二三四五六七八九十])" + _YEAR + _MONTH
    shapes = [
        ("day", month + r"月(?P<day>[0-3]?\d|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
         r"[日号]" + _TIME_OF_DAY + "?" + _BEFORE, _day),
        # a day the text fixes for an event: "4月1日入汛前", "6月1日主汛期到来前" (the day it is due)
        ("day_event", month + r"月(?P<day>[0-3]?\d|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
         r"[日号][“\"]?(?:" + events + r")[”\"]?(?:" + links + r")?" + _BEFORE, _day),
        # without 前: a due day only before a verb of finishing (see _admissible)
        ("day_end", month + r"月(?P<day>[0-3]?\d|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
         r"[日号](?![前以之])", _day),
        # a stage's days within one month, its end without the month: "(5月20日—31日)", "6月1日至30日"
        ("day_range", month + r"月(?:[0-3]?\d)[日号]?\s*[—–\-－~～至到]\s*(?P<day>3[01]|[12]\d|0?[1-9])"
         r"[日号](?![前以之])", _day),
        # a day in figures, as a table's time column writes it: "2026.5.31", "2026-06-30", "2026/6/30前"
        ("numeric_day", r"(?=[12])(?P<year>(?:19|20)\d{2})(?P<sep>[./-])(?P<month>1[0-2]|0?[1-9])(?P=sep)"
         r"(?P<day>3[01]|[12]\d|0?[1-9])(?![\d.])(?P<before>" + _BEFORE + ")?", _day),
        # a month in figures, as a project table writes it: "2026.12前", "建设期限:2025.10-2026.06" (not
        # the start of a range, nor an amount: "2023.5亿元")
        ("numeric_month", r"(?=[12])(?P<year>(?:19|20)\d{2})[./](?P<month>1[0-2]|0?[1-9])(?![\d./%])"
         r"(?:(?P<before>" + _BEFORE + r")|(?:底|末)" + _BEFORE
         + r"?|(?![\u4e00-\u9fff]|\s*[—–\-－~～至到]))",
         _month_part),
        ("xun", month + r"月(?P<xun>上旬|中旬|下旬|中下旬|上中旬)末?" + _BEFORE + "?", _xun),
        ("month_end", month + r"月(?:底|末)" + _BEFORE + "?", _month_end),
        ("month_part", month + r"月份(?P<before>" + _BEFORE + ")?", _month_part),
        ("month_before", month + r"月" + _BEFORE + r"(?!后)", _month_before),
        ("month", month + r"月(?![\d一二三四五六七八九十日号份底末初中上下前旬以起来])", _month_end),
        ("half", r"(?=[12上下])" + _YEAR + r"(?P<half>上半年|下半年)", _half),
        # 年中 alone is no time ("2019年中国", "一年中"): it needs a word before or after that makes it one
        ("mid_year", r"(?=[12年])(?:(?P<year>(?:19|20)\d{2})年(?=年中)年中" + _BEFORE + "?"  # 2024年年中前
         r"|(?=年中)(?:(?:(?<=[到于在至])|(?<=力争))年中" + _BEFORE + "?"
         r"|(?<![一全每当这那])年中" + _BEFORE
         + r"|(?:(?<=[,，;；。:：\n.．、年])|^)年中"
         r"(?=(?:完成|实现|建成|基本|全面|初步|开展|组织|召开|对))"
         r"|(?<=[:：\t])年中(?=[)）\t\n;；。]|$)))", _half),  # "(完成时限:年中)", a time column's cell
        ("quarter", r"(?=[12第前一二三四])" + _YEAR + r"(?:第|前)?(?P<q>[一二三四1-4])季度(?:末|底)?"
         + _BEFORE + "?", _quarter),
        ("year_end", r"(?=[到至今本当年])(?P<to>到|至)?(?P<this>今|本|当)?年(?:底|末)" + _BEFORE + "?",
         _year_end),
        ("within_year", r"(?=[今本当年12])(?:(?P<this>今|本|当)|(?P<year>(?:19|20)\d{2}))?年度?内",
         _year_end),
        ("whole_year", r"全年", _year_end),
        ("named_year", r"(?=[到至12])(?P<to>到|至)?(?P<year>(?:19|20)\d{2})年(?!" + _MONTH_AHEAD + ")"
         r"(?P<tail>底前|底之前|底以前|年底前|年底|底|末|前|之前|以前)?(?!度|的)", _named_year),
        ("year_range", r"(?=[12])(?:19|20)\d{2}\s*年?\s*[-—–~～至到]\s*(?P<year>(?:19|20)\d{2})\s*年"
         r"(?!" + _MONTH_AHEAD + r"|度|的)", _range_end),  # "2021—2023年,完成…"
        ("plan_period", r"(?=[到至规])(?:到|至)?规划期(?:内|末|末期|满)", _plan_period),
        ("five_year", r"(?=[“\"十])[“\"]?十(?P<n>[一二三四五六七八九])五[”\"]?(?:规划)?"
         r"(?:期间|时期|期末|末期|末)(?!的)", _five_year_plan),
        ("event", "(?=[“\"" + re.escape(event_starts) + "12])(?:(?P<event_year>(?:19|20)\\d{2})年)?"
         "[“\"]?(?P<event>" + events + r")"
         r"(?:假期|长假|黄金周|小长假)?[”\"]?"  # "国庆长假前": the holiday's break names the holiday
         r"(?:[(（][^()（）]{1,20}[)）])?"  # "旅游旺季(6-10月)前": when the season is, said on the way
         r"(?:(?:" + links + r")?(?P<before>" + _BEFORE + r")" + _EVENT_OFFSET + r"|(?:结束|解除)(?:后|之后)"
         + _AFTER_OFFSET + r"内?)"
         # "汛前(安全)检查", "汛前准备": a kind of check or a stage, not when it is due
         r"(?!期|准备|(?:安全|隐患|全面|集中)?大?(?:检查|排查|巡查|巡检))",
         _event, False, ("前|结束|解除", event_reach)),
        # the holiday, meeting or exam a notice is about, by one character, where a word cannot end in it:
        # "在节前落实", "确保节前整改到位", "于会前完成" (not 环节前, 社会前)
        ("short_event", r"(?<=[在于并和及要保,，;；:：、。\n(（])(?P<event>节|会|考)前"
         r"(?!期|夕|准备|生产|销售|旺季|(?:安全|隐患|全面|集中)?大?(?:检查|排查|巡查|巡检))", _undated, False,
         ("前", 2)),
        ("congress", r"(?=[党一二三四五六七八九十])(?:党的)?" + numeral + r"{1,3}(?:" + congress + r")"
         r"(?:胜利)?(?:召开|开幕)(?:之)?(?:前|后)", _undated, False),
    ]
    return tuple(_shape(*shape) for shape in shapes)


@functools.cache
def holiday_dates() -> re.Pattern:
    """A holiday or season named with its days in brackets, up to them: "春节(2月15日至23日)期间"."""
    events = load_yaml(GRAMMAR)["events"]
    holidays = "|".join(sorted(map(re.escape, events), key=len, reverse=True))
    return re.compile(rf"(?:{holidays})(?:假期|长假|小长假|期间)?[(（][^()（）]{{0,40}}$")


def _shape(name: str, pattern: str, resolve: Resolver, dated: bool = True,
           anchor: tuple[str, int] | None = None) -> Shape:
    words, reach = anchor or _ANCHORS.get(name, (None, 0))
    return Shape(name, re.compile(pattern), resolve, dated, re.compile(words) if words else None, reach)


# The anchor of each shape and how far after a match's start it may stand (the optional words before it
# at their longest: "2025年第一季度", "到2025年", "“十四五", "党的二十届人大胜利召开"); the events' is
# set with their word lists. A shape without one (a literal) is scanned whole. A test checks every
# shape on random text against a scan of the whole text.
_MONTH_ANCHOR = ("月", len("2025年12"))
_ANCHORS: dict[str, tuple[str | None, int]] = {
    **dict.fromkeys(("day", "day_event", "day_end", "day_range", "xun", "month_end", "month_part",
                     "month_before", "month"), _MONTH_ANCHOR),
    "half": ("半年", len("2025年上")),
    "mid_year": ("年中", len("2024年")),
    "quarter": ("季度", len("2025年第一")),
    "year_end": ("年", len("到今")),
    "within_year": ("年", len("2025")),
    "named_year": ("年", len("到2025")),
    "year_range": ("19|20", 0),
    "numeric_day": ("19|20", 0),
    "numeric_month": ("19|20", 0),
    "plan_period": ("规划期", len("到")),
    "five_year": ("五", len("“十四")),
    "congress": ("开", len("党的二十届人大胜利召")),
}


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    shape: Shape
    match: re.Match


def _hits(text: str) -> list[_Hit]:
    """Every shape's matches, leftmost-longest, without overlaps."""
    hits = [_Hit(m.start(), m.end(), shape, m) for shape in grammar() for m in _matches(shape, text)]
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    chosen: list[_Hit] = []
    for hit in hits:
        if not chosen or hit.start >= chosen[-1].end:
            chosen.append(hit)
    return chosen


def _matches(shape: Shape, text: str) -> Iterator[re.Match]:
    """The shape's matches, the ones ``finditer`` finds. With an anchor only the positions up to ``reach``
    before one are tried: ``str.find`` passes over the rest of the text many times faster than the regex
    engine, which tries every position (the whole grammar on every position took a tenth of the
    extraction's time)."""
    if shape.anchor is None:
        yield from shape.pattern.finditer(text)
        return
    match_at, find_anchor = shape.pattern.match, shape.anchor.search
    untried = 0  # the positions before it have been tried, or lie inside the last match
    anchor = find_anchor(text)
    while anchor is not None:
        at = anchor.start()
        for start in range(max(untried, at - shape.reach), at + 1):
            found = match_at(text, start)
            untried = start + 1
            if found is not None:
                yield found
                untried = found.end()
                break
        anchor = find_anchor(text, max(at + 1, untried))


class DeadlineFinder:
    def __init__(self) -> None:
        words = load_yaml(GRAMMAR)
        self.recurring_before = tuple(words["recurring_before"])
        self.recurring_after = tuple(words["recurring_after"])
        self.past_before = tuple(words["past_before"])
        self.past_after = tuple(words["past_after"])
        self.task_verbs = tuple(words["task_verbs"])
        self.description_markers = tuple(words["description_markers"])
        self.noun_heads = tuple(words["noun_heads"])
        self.outlook_before = tuple(words["outlook_before"])
        self.modifier_verbs = tuple(words["modifier_verbs"])
        self.year_task_verbs = tuple(words["year_task_verbs"])
        self.public_events = frozenset(words["public_events"])
        self.public_event_kinds = tuple(words["public_event_kinds"])
        self.holiday_dates = holiday_dates()

    def find(self, text: str, context: TimeContext, past: Regions | None = None) -> list[Deadline]:
        titles = title_regions(text)
        deadlines = []
        for hit in _hits(text):
            if hit.start in titles or (past is not None and hit.start in past):
                continue
            if not self._admissible(text, hit, context):
                continue
            due = hit.shape.resolve(hit.match, _shifted(text, hit, context))
            if hit.shape.dated and due is not None and context.year is not None and due.year < context.year:
                continue  # a time before the plan's year is a past reference, not a due date
            if _after_a_time_label(text, hit) and _stated_in_the_task(text, hit, due, deadlines):
                continue  # "2026年6月30日前建成…(完成时限:2026年6月30日)": one due time, stated twice
            span = make_span(text, hit.start, hit.end)
            deadlines.append(Deadline(text=span.text, span=span, due=due))
        return deadlines

    def _one_public_event(self, text: str, hit: _Hit) -> bool:
        """Whether an event time is due (see public_events in time_grammar.yaml): always for seasons and
        holidays; for a public event, when the plan means one, and after its end within a stated time."""
        if hit.match.group("event") not in self.public_events:
            return True
        if "结束" in hit.match.group() and not hit.match.group().endswith("内"):
            return False
        clause_start = clause_bounds(text, hit.start, hit.start)[0]
        return not any(kind in text[max(clause_start, hit.start - 12):hit.start]
                       for kind in self.public_event_kinds)

    def _admissible(self, text: str, hit: _Hit, context: TimeContext) -> bool:
        before = text_since_break(text, hit.start, 6)
        if _ends_with_any_within(before, self.recurring_before, 4):
            return False  # 每年3月底前: a routine
        if hit.shape.name in _DAYS_OF_A_YEAR and not hit.match.groupdict().get("year") and _in_a_yearly_round(
                text, hit.start):
            return False  # "每年5月31日前…,6月1日前…": the next date of the same yearly round
        if before.endswith(self.outlook_before) or (before.endswith(self.past_before) and not self._by_then(
                text, hit, context)):
            return False
        after = text[hit.end:hit.end + 4].lstrip("".join(_SKIPPED_AFTER))
        if after.startswith(self.past_after) or _reports_the_period(text, hit):
            return False
        undated = hit.shape.name in _IN_A_YEAR and not hit.match.groupdict().get("year")
        if undated and _in_a_past_years_account(text, hit, context.year):
            return False  # "2025年,全市共出现暴雨5次,7月下旬出现极端强降雨": when it happened
        rest = text_until_break(text, hit.end, 40)
        schedule = after.startswith(self.recurring_after) or _defines_a_season(text, hit) or bool(
            _SEASON_AFTER.match(text, hit.end)) or any(word in rest for word in self.recurring_after)
        if _NAMES_A_SEASON.match(text, hit.end) or (
                self.holiday_dates.search(text, max(0, hit.start - 48), hit.start)):
            return False  # "其中7月、8月为主汛期", "春节(2月15日至23日)期间": when the season or holiday is
        if (schedule or _PERIOD_NAMED_AFTER.match(text, hit.end)) and _ends_a_period(text, hit):
            return False  # "6月至8月每日巡查", "6月—8月,镇防指实行每日会商": a schedule; "主汛期(4月至7月)":
            # when the season is; "7月至8月高温时段严格执行…": the period a rule holds in
        if _in_a_roster(text, hit):
            return False  # "值班日期\t带班领导…" / "6月1日\t郑美华\t0578-6223110": a day on duty
        name = hit.shape.name
        if name == "event" and not self._one_public_event(text, hit):
            return False  # "各类会议前", "活动结束后,及时清理现场": a kind of event, or no time after it
        if name == "event" and _RESTATED.match(text, hit.end):
            return False  # "春季防火期开始前,即3月15日前": the date after 即 says it
        if name == "event" and _RANGE_END.match(text, hit.end):
            return False  # "汛期结束后至10月底前": the period's start; it is due at its end
        if name == "event" and before.endswith(self.modifier_verbs):
            return False  # 开展汛前检查: "汛前" names the kind of inspection, not when it is due
        if name == "month" and not _month_stands_alone(text, hit):
            return False
        if name in ("xun", "month_end", "month_part", "day_end") and _RANGE_END.match(text, hit.end):
            return False  # "(6月中旬至7月底)": the period's start; it is due at its end
        if name == "day_range" and not (text[hit.end:hit.end + 1] in ")）" or _fills_a_cell(text, hit)
                                        or _STAGE_TIME.search(text, max(0, hit.start - 24), hit.start)):
            return False  # "6月1日至30日,全面开展…": when the work goes on, not when it is due
        if name == "day_end" and not (_FINISHING.match(text, hit.end) or _after_a_time_label(text, hit)
                                      or _ends_a_stage(text, hit) or _fills_a_cell(text, hit)):
            return False  # "11月28日全省会议上": a date in passing; "(4月1日—4月15日)": a stage's period
        if name in ("numeric_day", "numeric_month") and not (
                hit.match.group("before") or _FINISHING.match(text, hit.end) or _fills_a_cell(text, hit)
                or _after_a_time_label(text, _range_start(text, hit))):
            return False  # "发布日期:2026-02-18": a date, not a due day
        if name in ("year_end", "within_year") and not hit.match.group("this") \
                and not hit.match.groupdict().get("year"):
            year_at = hit.match.start(0) + len(hit.match.groupdict().get("to") or "")
            if year_at > 0 and (text[year_at - 1] in _NUMERAL_CHARS or text[year_at - 1] in "去上前同明每"):
                return False  # 三年内 is a duration, 去年底 a past time
        previous = text[hit.start - 1] if hit.start > 0 else ""
        if name == "half" and not hit.match.group("year") and previous in ("去", "上", "前"):
            return False
        if name == "half" and previous not in ("于", "在", "到") and text.startswith(self.noun_heads,
                                                                                 hit.end):
            return False  # "报送上半年工作进展情况": the half year's work, reported
        if name in ("half", "event") and _QUALIFIED_WORK.match(text, hit.end):
            return False  # "谋划下半年重点工作", "完成上半年检查任务", "汛前防灾减灾工作的抓手": whose work
        if name in ("half", "quarter", "whole_year") and before.endswith(_REPORT_VERBS) \
                and _REPORTED.match(text, hit.end):
            return False  # "报送全年完成情况", "完成上半年随机抽查结果公示": what is reported
        if name == "half" and hit.match.group("half") == "上半年" and context.first_half_past:
            return False  # "在上半年…的基础上" in a summary of the first half: the past
        if previous == "在" and _BASELINE.match(text, hit.end, clause_bounds(text, hit.start, hit.end)[1]):
            return False  # "在2024年排查整治的基础上": where the work starts from, not when it is due
        if name == "quarter" and previous in ("每", "各", "个", "本"):
            return False
        if name == "named_year" and not (hit.match.group("to") or hit.match.group("tail")):
            # "2023年开展中期评估", not "2019年是…"; a 建设期限 cell holding its year
            # "2024年,企业主要负责人培训合格率达到100%": a year set off before a goal of a multi-year plan
            framing = context.end_year is not None and _opens_a_clause(text, hit.start) and text[
                hit.end:hit.end + 1] in (",", "，") and self._frames_a_task(text, hit.end + 1)
            return self._year_opens_a_task(text, hit) or _fills_a_cell(text, hit) or _after_a_time_label(
                text, hit) or framing
        if name in ("whole_year", "five_year", "plan_period"):
            if previous in ("对", "将", "把") or before.endswith(_DRAFTING):
                return False  # "对全年执法工作进行总结", "编制“十五五”期间…规划": it qualifies an object
            # "(完成时限:全年)"; "“十四五”期间累计改造…", "全年累计培训…" a total to reach (a year's report
            # lies in a part of the past, or says 共发生)
            total = text.startswith("累计", hit.end)
            return _fills_a_cell(text, hit) or _after_a_time_label(text, hit) or self._frames_a_task(
                text, hit.end + 2 if total else hit.end)
        if name == "year_range":
            phase = _PHASE_BRACKET.search(text, max(0, hit.start - 6), hit.start) and text[
                hit.end:hit.end + 1] in ")）"
            return _fills_a_cell(text, hit) or _after_a_time_label(text, hit) or bool(phase) or (
                _opens_a_clause(text, hit.start) and self._frames_a_task(text, hit.end))
        return True

    def _year_opens_a_task(self, text: str, hit: _Hit) -> bool:
        """A bare year is a due time when it opens a clause, or follows 于/在 ("于2028年开展中期评估"), and a
        task verb follows it right away."""
        if text.endswith(_AIMS, 0, hit.start):
            return self._frames_a_task(text, hit.end)  # "力争2026年全市巨灾保险覆盖人口达到50万人"
        opens = _opens_a_clause(text, hit.start) or text[hit.start - 1:hit.start] in ("于", "在") or \
            text.endswith("其中", 0, hit.start)  # "其中2026年完成20座": a year's share of the task
        task = hit.end
        if (aim := _AIMED_AT.match(text, task)) is not None:
            task = aim.end()  # "2028年对本规划实施情况开展中期评估": the object first
        return opens and text.startswith(self.year_task_verbs, task)

    def _by_then(self, text: str, hit: _Hit, context: TimeContext) -> bool:
        """"截至2026年12月底,全市…达到18个": a time after 截至 that a goal is to be reached by (the end of a
        month or year not before the plan's, and a goal, no report, after it), not a past reference point."""
        if not text.startswith("截至", hit.start - 2) or not hit.match.group().endswith(("底", "末")):
            return False
        year = hit.match.groupdict().get("year")
        if year and context.year is not None and int(year) < context.year:
            return False
        rest = text[hit.end:hit.end + 60].split("。")[0]
        reported = "已" in rest or _A_REPORTED_TOTAL.search(rest) is not None or any(
            marker in rest for marker in self.description_markers)
        return not reported and any(verb in rest for verb in self.task_verbs)

    def _frames_a_task(self, text: str, end: int) -> bool:
        """A period word (全年, “十四五”期间) is a deadline only over a task or goal that follows it."""
        if text.startswith(self.noun_heads, end) and not (
                text.startswith("计划", end) and text.startswith(self.task_verbs, end + 2)):
            return False  # "全年工作", "全年计划" (but "全年计划开展…不少于40次": plans to)
        stop = end
        while stop < len(text) and stop - end < 80 and text[stop] not in SENTENCE_BREAKS:
            stop += 1
        region = text[end:stop]
        if any(marker in region for marker in self.description_markers):
            return False
        return any(verb in region for verb in self.task_verbs) or _RATE_GOAL.search(region) is not None


_A_REPORTED_TOTAL = re.compile(r"共(?!同|建|享|治)|同比")  # "截至6月底,全市共排查…": a report
_RATE_GOAL = re.compile(r"率\d")  # "全年…转移安置到位率100%": a goal with no verb


def _reports_the_period(text: str, hit: _Hit) -> bool:
    """A period opening a clause, set off by a comma, before a report of what happened in it ("一季度,全县
    共发生生产安全事故3起"): the period reported, not a due time (a time before 前 always is one)."""
    start = hit.start
    if _ends_a_period(text, hit):  # "2023年11月至2024年3月,全区共接报火灾312起": the period's start opens it
        start -= 1
        while start > 0 and (text[start - 1].isdigit() or text[start - 1] in "年月日号"):
            start -= 1
    if text[hit.end:hit.end + 1] not in (",", "，") or text[hit.end - 1] == "前" or not _opens_a_clause(
            text, start):
        return False
    clause_end = clause_bounds(text, hit.end + 1, hit.end + 1)[1]
    return _REPORT.search(text, hit.end + 1, clause_end) is not None and _CAPPED.search(
        text, hit.end + 1, clause_end) is None


# what a report of a past period says: the events that happened in it ("共发生事故3起", "发生较大事故2起") ...
_REPORT = re.compile(r"共(?:发生|接报|接警|处置|出动)|发生了?[^,，;；。]{0,12}?\d+起")
# ... where a goal would cap them ("全年,发生较大事故不超过3起")
_CAPPED = re.compile(r"不超过|以内|以下|控制|确保|力争|杜绝|遏制|防止|减少|下降")


_AIMS = ("力争", "确保", "争取")
_PERIOD_NAMED_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:时段|期间|时期)")
# a period or an event qualifying the work named after it, with no verb between: "下半年重点工作。"
_QUALIFIED_WORK = re.compile(r"(?:(?!完成|开展|推进|落实|实施|组织|做好|抓好|启动|建成|部署|加强)"
                             r"[\u4e00-\u9fff]){0,6}?(?:工作|任务)(?:的|[。,，;；、)）\n]|$)")
# a report of a period after a verb of reporting: "报送|全年|完成情况", "完成|上半年|随机抽查结果公示"
_REPORT_VERBS = ("报送", "上报", "提交", "报告", "汇总", "通报", "公示", "完成")
_REPORTED = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:情况|结果|总结|报告|公示|数据)(?:[。,，;；、)）\n]|$)")
# months that say when a season is: "其中7月、8月为主汛期", "3月是高火险期"
_NAMES_A_SEASON = re.compile(r"(?:[、和及](?:1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])月)*(?:为|是)"
                             r"[\u4e00-\u9fff]{0,8}?(?:期|季|季节|时段)")
_AIMED_AT = re.compile(r"对[^,，。;；、对]{1,20}?(?=开展|进行|实施|完成|组织)")


def _opens_a_clause(text: str, start: int) -> bool:
    previous = text[start - 1] if start > 0 else "\n"
    return previous in CLAUSE_BREAKS or previous.isspace() or bool(
        _ITEM_NUMBER_BEFORE.search(text, max(0, start - 8), start))


def _fills_a_cell(text: str, hit: _Hit) -> bool:
    """A time that is a table cell of its own, a tab on one side at least: the 完成时限 of the task in its
    row ("…\t全年", "…\t2025年12月") or a schedule's 月份 column ("10月\t开展…")."""
    before = text[hit.start - 1] if hit.start > 0 else "\n"
    after = text[hit.end] if hit.end < len(text) else "\n"
    if before == after == "\n":  # a line of its own: a cell of a table written one cell per line
        return _ROW_NUMBER_ABOVE.search(text, max(0, hit.start - _ROW_REACH), hit.start) is not None
    return before in "\t\n" and after in "\t\n" and "\t" in (before, after)


# the number opening a table row a few lines above a cell ("2\n布设监测浮标\n市水利局\n2027年6月")
_ROW_NUMBER_ABOVE = re.compile(r"(?:^|\n)\d{1,3}\n(?:[^\n]*\n){1,6}$")
_ROW_REACH = 300


def _in_a_roster(text: str, hit: _Hit) -> bool:
    """A time that fills a cell of a duty roster: its column says so (值班日期, 带班时间), or it is a bare
    日期/时间 column of a row that holds a phone number and no task."""
    if not _fills_a_cell(text, hit):
        return False
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    row = text[line_start:line_end if line_end >= 0 else len(text)]
    header_line = _header_line(text, line_start)
    cells = header_line.split("\t")
    column = text.count("\t", line_start, hit.start)
    header = cells[column].strip() if column < len(cells) else ""
    if _ROSTER_COLUMN.search(header):
        return True
    # a bare 日期/时间 column: a roster's when its rows hold phone numbers and no task, and the days no
    # due marks ("5月31日前", "6月底" are due dates of a task table with a 联系电话 column)
    if header not in ("日期", "时间", "日期时间"):
        return False
    return bool(_ROSTER_COLUMN.search(header_line)) or (  # 时间 beside 带班领导, 值班人员
        bool(_PHONE.search(row)) and not _TASK_COLUMN.search(header_line)
        and not _DUE_MARK.search(hit.match.group()))


def _header_line(text: str, line_start: int) -> str:
    """The first line of the tab-separated block the line at ``line_start`` belongs to."""
    start = line_start
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        if "\t" not in text[above:start - 1]:
            break
        start = above
    end = text.find("\n", start)
    return text[start:end if end >= 0 else len(text)]


_ROSTER_COLUMN = re.compile(r"值班|带班|值守|轮值|在岗")
_TASK_COLUMN = re.compile(r"任务|内容|措施|事项")
_DUE_MARK = re.compile(r"前|底|末|旬")
_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}-?\d{7,8}|1[3-9]\d{9})(?!\d)")


# an item number right before ("9.2023年开展…", "(二)2024年完成…")
_ITEM_NUMBER_BEFORE = re.compile(r"(?:^|\s)(?:\d{1,3}[.．、]|[(（][一二三四五六七八九十\d]{1,3}[)）]"
                                 r"|[一二三四五六七八九十]{1,3}[、.．])$")
_RANGE_START = re.compile(r"((?:19|20)\d{2})年[^,,;;。\n]{0,8}[至到、\-—~]$")


def _shifted(text: str, hit: _Hit, context: TimeContext) -> TimeContext:
    """The year a time without its own year is in: the year named at the start of its range or list
    ("2023年5月至10月", "2023年9月、10月底前"), the year after the plan's right after 次年, and after
    明年/来年 unless the plan was written the year before its own, else the plan's."""
    if hit.match.groupdict().get("year"):
        return context
    range_start = _RANGE_START.search(text, max(0, hit.start - 16), hit.start)
    if range_start:
        return TimeContext(int(range_start.group(1)), context.end_year)
    word = text[max(0, hit.start - 2):hit.start]
    if context.year is not None and word in NEXT_YEAR and not (context.written_before and word != "次年"):
        return TimeContext(context.year + 1, context.end_year)  # 次年 is the year after the one spoken of
    return context


def _ends_with_any_within(piece: str, words: tuple[str, ...], distance: int) -> bool:
    return any(word in piece[-(len(word) + distance):] for word in words)


_RANGE_DASHES = frozenset("—–-－~～")
# a period's first month before the last, 月 written once: "7-|8月", "(2024年3—|4月)", "5至|6月"
_MONTHS_BEFORE = re.compile(r"(?<![\d.])(?:1[0-2]|0?[1-9])\s*[—–\-－~～至到]\s*$")
_RANGE_END = re.compile(r"[至到—–\-－~～](?:(?:19|20)\d{2}年)?(?:\d{1,2}|十[一二]|[一二三四五六七八九十])月")
# a time after these ends a period that began just before it ("4月1日至6月30日", "4—6月", "即日起至…")
_PERIOD_START = re.compile(r"(?:\d{1,2}[日号月]?|[一二三四五六七八九十]{1,2}月?|起)$")
_DATED_TASKS = ("开展", "组织", "启动", "进行", "召开", "举办")
_FINISHING = re.compile(r"(?:前|之前|当天|当日)?(?:全面|全部|基本)?"
                        r"(?:完成|建成|实现|上报|报送|提交|出台|印发|竣工)")


def _ends_a_period(text: str, hit: _Hit) -> bool:
    previous = text[hit.start - 1] if hit.start > 0 else ""
    if previous not in _RANGE_DASHES and previous not in ("至", "到"):
        return False
    return bool(_PERIOD_START.search(text, max(0, hit.start - 4), hit.start - 1))


# "防火期(1月1日至4月30日、10月1日至12月31日)", "清明期间(4月1日至4月7日)"
_SEASON_OPENING = re.compile(r"期[内间]?[(（][^()（）]{0,40}$")


def _in_a_yearly_round(text: str, position: int) -> bool:
    """Whether 每年 opens the sentence's schedule before ``position``, and no 今年 breaks it."""
    sentence_start = max(text.rfind("。", 0, position) + 1, position - 60, 0)
    round_of_year = text.find("每年", sentence_start, position)
    return round_of_year >= 0 and not any(word in text[round_of_year:position] for word in _THIS_YEAR)


_THIS_YEAR = ("今年", "本年", "年内")


_DAYS_OF_A_YEAR = frozenset(("day", "day_end", "month_end", "month_before", "xun", "month_part"))
_IN_A_YEAR = _DAYS_OF_A_YEAR | {"month", "quarter", "half"}  # the times a year written before may own
# a sentence opening on a year, set off by a comma: an account of that year ("2025年,全市…", "2025年以来,")
_YEAR_OPENING = re.compile(r"\s*(?:(?:\d{1,2}[.、.]|[(（][一二三四五六七八九十\d]+[)）])\s*)?"
                           r"((?:19|20)\d{2})年(?:以来|全年|度)?[,，]")


def _in_a_past_years_account(text: str, hit: _Hit, year: int | None) -> bool:
    """Whether the sentence holding ``hit`` opens on a year before the plan's, which the time is in."""
    if year is None:
        return False
    opening = _YEAR_OPENING.match(text, clause_bounds(text, hit.start, hit.start, SENTENCE_BREAKS)[0])
    return opening is not None and opening.end() <= hit.start and int(opening.group(1)) < year


_DRAFTING = ("编制", "制定", "谋划", "研究", "起草", "修编", "出台", "印发")
_RESTATED = re.compile(r"[,，]?即在?\d")
# a season named right after a period: "1月至4月森林防火紧要期,…" says when the season is
_SEASON_AFTER = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:期|季|季节|时段)(?=[,，;；。、\s])")


def _defines_a_season(text: str, hit: _Hit) -> bool:
    """A period in brackets right after a season's name ("主汛期(4月至7月)", "防火期(11月1日至次年5月31日)")
    says when the season is; a stage's period ("集中整治阶段(6月—10月)") is when its work is due."""
    return bool(_SEASON_OPENING.search(text, max(0, hit.start - 42), hit.start))


# the number opening an item: "(一)", "(1)", "3.", "二、"
_ITEM_MARKER = r"(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}[.．、]|[一二三四五六七八九十]{1,3}、)"


def _stated_in_the_task(text: str, hit: _Hit, due: dt.date | None, found: list[Deadline]) -> bool:
    """Whether the task a 完成时限 note is on already states its due time: the last deadline found has
    the same date (or the same words), with no new item between them."""
    if not found:
        return False
    last = found[-1]
    if hit.start - last.span.end > _NOTE_REACH or _NEXT_ITEM.search(text, last.span.end, hit.start):
        return False
    return last.due == due if due is not None else last.text == text[hit.start:hit.end]


_NOTE_REACH = 200  # characters from a task's due time to its note
_NEXT_ITEM = re.compile(r"\n[ \t]*" + _ITEM_MARKER)


def _range_start(text: str, hit: _Hit) -> _Hit:
    """The hit, or from the start of the range it ends: "2025.10-|2026.06" (a label stands before both)."""
    start = _NUMERIC_RANGE_START.search(text, max(0, hit.start - 12), hit.start)
    return hit if start is None else replace(hit, start=start.start())


_NUMERIC_RANGE_START = re.compile(r"(?:19|20)\d{2}[./]\d{1,2}(?:[./]\d{1,2})?\s*[—–\-－~～至到]\s*$")


def _after_a_time_label(text: str, hit: _Hit) -> bool:
    """A time in the field of a note or a row that says when the task is due: "完成时限:12月31日"."""
    return bool(_TIME_LABEL.search(text, max(0, hit.start - 10), hit.start))


_TIME_LABEL = re.compile(r"(?:(?:完成|办结|截止)(?:时限|时间|日期|期限)|时限|期限|年限|时间节点)"
                         r"(?:要求)?\s*[:：]\s*$"
                         r"|(?:建设|实施|工程)(?:期|周期|年限|期限)\s*(?:[:：]|为)?\s*$")  # 建设期2026—2027年
# the period of a stage or a campaign given as such: "集中整治阶段:2025年6月1日—10月31日", "整治时间为…"
_STAGE_TIME = re.compile(r"(?:阶段|(?:整治|行动|活动|治理|排查|攻坚)时间)\s*(?:[:：]|为)"
                         r"[^,，;；。:：]{0,16}$")


def _ends_a_stage(text: str, hit: _Hit) -> bool:
    """The end of a stage's or a campaign's period: "(4月1日—4月15日)", "整治阶段:6月1日—10月31日"."""
    return _ends_a_period(text, hit) and (text[hit.end:hit.end + 1] in ")）" or bool(
        _STAGE_TIME.search(text, max(0, hit.start - 24), hit.start)))


_STAGE_BRACKET = re.compile(r"阶段\s*[(（]$")  # "总结阶段(11月)"
# a time alone in brackets after an item's short heading: "(一)动员部署(", "3.总结提升("
_ITEM_HEADING_BRACKET = re.compile(r"(?:^|\n)[ \t]*" + _ITEM_MARKER + r"[ \t]*[\u4e00-\u9fff]{2,10}[(（]$")
# a phase's years in brackets: "近期(2021—2022年)", "第一阶段(2021—2022年)"
_PHASE_BRACKET = re.compile(r"(?:阶段|近期|中期|远期|期)\s*[(（]$")
_BASELINE = re.compile(r"[^,，;；。]{0,30}?的?基础上")
_COORDINATED_MONTH = re.compile(r"、(?:\d{1,2}|十[一二]|[一二三四五六七八九十])月")



def _month_stands_alone(text: str, hit: _Hit) -> bool:
    """A bare "9月" is a due month after 于/在/到/至 ("于9月完成"), coordinated with another month
    ("分别于9月、10月底前") or ending a period ("(6月—10月)"), but not starting one ("于6月至8月");
    elsewhere it is too often a date in passing."""
    if _RANGE_END.match(text, hit.end):
        return False  # the start of a period "于6月至8月": the period is due at its end
    previous = text[hit.start - 1] if hit.start > 0 else ""
    if previous in ("于", "在", "到", "至") and not (hit.start > 1 and text[hit.start - 2] in _NUMERAL_CHARS):
        return True
    if previous == "、" and text[max(0, hit.start - 4):hit.start - 1].endswith("月"):
        return True  # the second of "于6月、9月"
    if previous in _RANGE_DASHES and text[max(0, hit.start - 4):hit.start - 1].endswith("月"):
        return True  # the end of a period "(6月—10月)": its work is due then
    if _MONTHS_BEFORE.search(text, max(0, hit.start - 4), hit.start) and text[hit.end:hit.end + 1] in ")）":
        return True  # "集中整治阶段(6—9月)": a stage's months, 月 written once
    if _ends_a_period(text, hit) and _FINISHING.match(text, hit.end):
        return True  # "4—6月完成排查" (but "4-6月开展集中整治" is a period of work)
    if text[hit.end:hit.end + 1] in ")）" and (
            _STAGE_BRACKET.search(text, max(0, hit.start - 4), hit.start)
            or _ITEM_HEADING_BRACKET.search(text, max(0, hit.start - 24), hit.start)):
        return True  # "总结阶段(11月)", "(一)动员部署(2024年6月)。": when the stage's work is due
    if _after_a_time_label(text, hit):
        return True  # "(完成时限:2025年8月)"
    # "2026年6月开展评估", "6月组织安全生产月活动" (not "每年6月开展…,12月组织开展…": a yearly round)
    dated_task = text.startswith(_DATED_TASKS, hit.end) and not _in_a_yearly_round(text, hit.start)
    opens_work = _FINISHING.match(text, hit.end) or text[hit.end:hit.end + 1] in (",", "，", ":", "：") \
        or dated_task
    if _fills_a_cell(text, hit) or (opens_work and _opens_a_clause(text, hit.start)):
        return True  # "…\t2025年12月", "6月完成整治", "3月,开展专项检查", "3月:完成…": when the work is due
    return bool(_COORDINATED_MONTH.match(text, hit.end))


@functools.cache
def default_finder() -> DeadlineFinder:
    return DeadlineFinder()


def find_deadlines(text: str, year: int | None, past: Regions | None = None,
                   end_year: int | None = None) -> list[Deadline]:
    """The deadlines in ``text`` of a plan for ``year`` (to ``end_year``; ``past``: regions that report
    the past)."""
    return default_finder().find(text, TimeContext(year, end_year), past)


def _time_context(meta: DocumentMeta) -> TimeContext:
    """The plan's year, and when it was written: a summary of the past year with the plan for this one
    ("2025年工作总结和2026年工作设想"), or a plan published the year before, says 明年 of the plan's year."""
    first_half = reports_first_half(meta.title)
    written_before = (meta.published is not None and meta.year is not None
                      and meta.published.year == meta.year - 1) or (
        meta.doc_type == "summary_and_plan" and not first_half)
    return TimeContext(meta.year, meta.end_year, first_half, written_before)


@Language.factory("emkg_deadlines", requires=["doc._.meta"], assigns=["doc.spans", "doc._.deadlines"])
def make_deadlines(nlp: Language, name: str) -> DeadlineComponent:
    return DeadlineComponent()


class DeadlineComponent:
    def __init__(self) -> None:
        self.finder = default_finder()

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.meta
        context = _time_context(meta) if meta is not None else TimeContext(None)
        past = Regions((part.span.start, part.span.end) for part in (doc._.past_parts or ())
                       if not part.present)
        deadlines = self.finder.find(doc_text(doc), context, past)
        doc._.deadlines = deadlines
        ranges = ((d.span.start, d.span.end, "deadline") for d in deadlines)
        doc.spans["deadline"] = display_spans(doc, ranges)
        return doc
