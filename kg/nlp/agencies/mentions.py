"""What the readers of names find, and the vocabulary and helpers they share.

Each finding is a :class:`Mention`, its name read as a sequence of :class:`Part`; a :class:`Scan` holds
a document's mentions. :mod:`kg.nlp.agencies.resolve` turns mentions into agencies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.nlp.agencies import layout
from kg.nlp.agencies.lexicon import FixedName, Place

NATIONAL_PREFIXES = ("中共中央", "党中央", "国务院", "中央军委", "全国人大常委会", "全国人大", "国家级",
                     "国家", "中国", "中央", "全国", "新疆生产建设兵团", "兵团")
NATIONAL_PREFIX_MAX = max(map(len, NATIONAL_PREFIXES))
# a national prefix as a name spells it out (the 兵团, a province of its own, is never the plan's own area)
NATIONAL_SPELLED = {"兵团": "新疆生产建设兵团"}
# heads that may stand inside a longer name as a unit of its own (市政府|应急指挥中心, 局|党委, 委|常委会)
NESTABLE = ("人民政府", "政府", "委员会", "总指挥部", "指挥部", "领导小组", "局", "厅", "委", "部", "党委",
            "支队", "总队", "大队")
# what a body is called to account by: "责成|新竹街道办事处", "约谈|安哈镇人民政府"
CALLED_TO_ACCOUNT = ("责成", "约谈", "通报批评", "通报表扬", "问责")
# words after which a level word starts a name even when the two would also make a word (会同|省…, 同省);
# the verbs of striving for a title too ("争创|国家应急救援中心" is no centre named 争创…)
BOUNDARY_BEFORE = ("会同", "协同", "配合", "协调", "推动", "督促", "指导", "联合", "依托", "支持",
                   "发挥", "落实", "贯彻", "提请", "报请", "报送", "报告", "按照", "根据", "接受",
                   "组织", "成立", "组建", "建立", "设立", "融入", "纳入", "调整", "优化", "用好",
                   "完善", "健全", "代表", "协助", "由", "向", "与", "和", "及", "对", "经", "在",
                   "将", "把", "请", "给", "开展", "召开", "参加", "邀请", "要求", "督导", "新建", "改建",
                   "扩建", "筹建", "创建", "建成", "委托", "争创", "申报", "争取", *CALLED_TO_ACCOUNT)
# characters no name runs over; 各 (each) too: "区各专项指挥部" is every one of them, no name
FREE_STOP = set("的之在对与和及或等是为将把向从以于并且而、,,。;;:: \n“”《》()（）各")
DIRECTIVES = ("督促指导", "指导督促", "协调推动", "协调督促", "推动督促", "督促推动", "协调", "推动", "督促")
# words before a body that give it a task or make it a partner ("督促|金川集团", "由|长江镇", "会同|X")
TASK_GIVERS = (*DIRECTIVES, "由", "会同", "配合", "协助", "指导")
# a due time between bodies and their task ("督促X、Y|6月底前|完成…"): the month or the part of the year
DUE_TIME_CORE = r"\d{1,2}月(?:\d{1,2}日|底|末|上旬|中旬|下旬)?|年底|年内|上半年|下半年"
# what closes a list of bodies or places: "等部门", "等重点企业", "等城市", "等花炮主产镇", "等地"; the
# words before the kind hold no task (not "等地|开展城市…")
_NO_TASK_CHARACTER = r"(?:(?!开展|推进|落实|加强|做好|完成|实施|建设|组织|加快|启动|做到)[\u4e00-\u9fff])"
LIST_CATEGORY = (rf"等(?:{_NO_TASK_CHARACTER}{{0,4}}(?:部门|单位|机构|企业|集团|公司|城市|县市区|县区|区县"
                 r"|乡镇|街道|社区|园区|[市县区镇乡村])|地区|地)?")
CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")  # layout.CJK, for a whole string at once
CHARGED_AFTER = re.compile(r"(?:要|应|分别|按职责分工|按照职责分工)?(?:负责|牵头|配合|协助|参与)"
                           r"(?!人|同志|的)")


@dataclass(frozen=True)
class Part:
    text: str
    kind: str  # body | head | abbr | free | conn


@dataclass(frozen=True)
class Mention:
    """One place where the text names an agency. ``label`` is the name as written, or as rebuilt for a
    member of a coordinated list ("气象部门" from "气象、水利等部门")."""

    start: int
    end: int
    label: str
    parts: tuple[Part, ...] = ()
    prefix: str = ""
    prefix_kind: str = "none"  # place | level | national | self | proper | none
    place: Place | None = None
    party: bool = False  # "中共" before the place, or a bare 委 after it (市委)
    source: str = "grammar"  # grammar | fixed | department | list | place | village | company | member
    # | set_up (a body the plan sets up) | self
    fixed: FixedName | None = None
    internal: bool = False  # a unit of the issuing body (a division in a list, 机关党委)

    @property
    def core(self) -> str:
        return "".join(part.text for part in self.parts)

    @property
    def head(self) -> str:
        return self.parts[-1].text if self.parts else ""


@dataclass
class Scan:
    """Everything :func:`find_mentions` found: mentions, and the names a count marks as categories."""

    mentions: list[Mention] = field(default_factory=list)
    categories: set[str] = field(default_factory=set)


_OPENING = frozenset("(（〔[")
_CLOSING = frozenset(")）〕]")


def segments(text: str, start: int, end: int, separators: str) -> Iterator[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between separators, trimmed; a separator inside brackets
    separates nothing ("各县(市、区)人民政府" is one piece)."""
    position = start
    depth = 0
    for i in range(start, end + 1):
        if i < end and text[i] in _OPENING:
            depth += 1
        elif i < end and text[i] in _CLOSING:
            depth = max(0, depth - 1)
        if i == end or (text[i] in separators and depth == 0):
            s, e = position, i
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                yield s, e
            position = i + 1


def at_boundary(text: str, start: int) -> bool:
    return start == 0 or not layout.CJK.match(text[start - 1]) or text.endswith(_BOUNDARY_WORDS, 0, start)


_BOUNDARY_WORDS = (*BOUNDARY_BEFORE, *DIRECTIVES)


def bounded_start(text: str, end: int, sizes: tuple[int, ...]) -> int | None:
    """Where a name of one of ``sizes`` characters ending at ``end`` starts at a boundary (the shortest
    first): "督促|木耳|镇", "会同|两江|新区"."""
    for size in sizes:
        start = end - size
        if start >= 0 and CJK_ONLY.fullmatch(text, start, end) and at_boundary(text, start):
            return start
    return None
