"""The name grammar: where a plan's text names an agency.

A name is read right to left from its head (局, 委员会, 指挥部, 中心, 处 ...; ``agency_heads.tsv``):
body words of the government vocabulary (``agency_body_words.tsv``), nested units (市政府|应急指挥中心,
省厅|党委), then an optional prefix: a place name (``agency_places.tsv``, or one the document itself lists),
a bare level word (省/市/区/县/镇), a national prefix (国家, 国务院, 中共中央 ...) or a self reference (我局);
before a body word also the short name of a province or city ("宁波|海事局"),
and anywhere the plan's own place without its suffix ("沙河|派出所" in a 沙河街道 plan).
After an explicit prefix the body may be any short run of characters
("市公务飞行队", "应急管理部|南方区域|中心"). A count before or after a name makes it a type
of body ("新建微型消防站20个"); a bare 政府/办事处 right after a prefixed body shares its
place ("镇党委、政府").

Besides that grammar: bodies known by a fixed name (``agency_fixed.tsv``), department types and their
coordinated lists ("气象、水利等部门"), the elements of parenthesised responsibility lists, places that
act (policy c of the gold notes), companies, and the members of a coordinated list governed by a
directive verb ("推动中大、华工、华农、奥体中心完成…").

Each finding is a :class:`Mention`; :mod:`kg.nlp.agencies.resolve` turns mentions into agencies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.model import Node
from kg.nlp.agencies import layout
from kg.nlp.agencies.lexicon import LEVEL_RANK, PLACE_SUFFIXES, FixedName, Lexicon, Place, lexicon

NATIONAL_PREFIXES = ("中共中央", "党中央", "国务院", "中央军委", "全国人大常委会", "全国人大", "国家级",
                     "国家", "中国", "中央", "全国")
SELF_MARKS = ("我", "本")
SELF_HEADS = ("局", "厅", "委", "办", "部")  # 我局, 本厅
# heads that may stand inside a longer name as a unit of its own (市政府|应急指挥中心, 局|党委, 委|常委会)
NESTABLE = ("人民政府", "政府", "委员会", "指挥部", "领导小组", "局", "厅", "委", "部", "党委")
# heads of bodies set up for one task, named by the task in any words: "市|食品安全|工作领导小组"
TASK_BODY_HEADS = frozenset(("领导小组", "工作专班"))
# heads a bare level or place may carry with no body: 省厅, 市局 (the issuer's counterpart), 市委 (party)
BARE_HEADS = ("局", "厅", "委", "委员会")
BRANCH_HEADS = ("分局", "支队", "大队")  # a branch named by its area: 市公安局渝北区分局
TEAM_HEADS = ("队", "中心", "站", "大队", "中队", "支队", "总队", "基地")
# compound heads that name the town's own unit with no prefix in a town's plan ("联合派出所、市场监管所")
TOWN_UNITS = frozenset(("派出所", "司法所", "卫生院"))
# heads of a town's or street's own offices, named by their work in any words: 平安办, 社区事务科
TOWN_OFFICE_HEADS = frozenset(("办", "办公室", "科", "中心", "服务中心", "站", "所"))
TOWN_SUFFIXES = ("镇", "乡", "街道", "街道办事处")
POSITION_AFTER = re.compile(r"[站所]?长(?!效|期|远|久|足|城|江|廊|河|沙|春|治)|主任|书记|副")  # 应急站站长
# words after which a level word starts a name even when the two would also make a word (会同|省…, 同省)
BOUNDARY_BEFORE = ("会同", "协同", "配合", "协调", "推动", "督促", "指导", "联合", "依托", "支持",
                   "发挥", "落实", "贯彻", "提请", "报请", "报送", "报告", "按照", "根据", "接受",
                   "组织", "成立", "组建", "建立", "设立", "融入", "纳入", "调整", "优化", "用好",
                   "完善", "健全", "代表", "协助", "由", "向", "与", "和", "及", "对", "经", "在",
                   "将", "把", "请", "给", "开展", "召开", "参加", "邀请", "要求", "督导", "新建", "改建",
                   "扩建", "筹建", "创建", "建成")
FREE_NOT_HEADS = set("局厅部府")  # free text runs over no other name ("省自然资源厅|开展汛期联合会")
# characters no name runs over; 各 (each) too: "区各专项指挥部" is every one of them, no name
FREE_STOP = set("的之在对与和及或等是为将把向从以于并且而、,,。;;:: \n“”《》()（）各")
# (A numeral run is matched from its first character only: starting inside it finds nothing more, and
# trying every start of a long run would take quadratic time.)
COUNT_BEFORE = re.compile(r"(?:(?<![0-9])(?:[2-9]|[1-9][0-9]+)"
                          r"|(?<![两二三四五六七八九十百千几多若干数])[两二三四五六七八九十百千几多若干数]+)"
                          r"[个支处家所座批类只套项级][\u4e00-\u9fff]{0,4}$"
                          r"|(?:一批|新一批|多个|多支|若干)[\u4e00-\u9fff]{0,4}$")
# a count right after a name makes it a type to build ("新建微型消防站20个以上")
COUNT_AFTER = re.compile(r"(?:\d+|[两二三四五六七八九十百千]+)[个支处家所座]")
EACH_BEFORE = re.compile(r"各[\u4e00-\u9fff]{0,3}$")  # 各城市应急管理部门, 各成员单位
LEVEL_QUALIFIER = re.compile(r"(?:省|市|地市|县|区|县区|乡镇|乡|镇|村|地)级$")
# 各区, 各市(州), 各县(市、区), 各市(州)、县(市、区), 各省、自治区、直辖市
_LEVEL = (r"(?:省|自治区|直辖市|设区市|市|区|县|镇|乡|镇街|街道|地|地市|县区|县市|州|盟|旗)"
          r"(?:[(（][^()（）]{1,8}[)）])?")
GENERIC_LEVEL = re.compile(rf"(?:各|有关|相关|下级|上级|其他|所有)"
                           rf"(?:(?:{_LEVEL}[、和及]){{1,3}}{_LEVEL}|{_LEVEL}|[(（][^()（）]{{1,8}}[)）])?$")
# "牵头单位:", "【牵头单位】"
LIST_LABEL = re.compile(r"\s*(?:[【\[]\s*)?"
                        r"(?P<label>(?:牵头|主办|主责|责任|负责|承办|配合|协同|参与|协办|协助)"
                        r"(?:单位|部门|处室|科室|科)?)\s*[:：】\]]\s*")
# a name that a measure follows is what an indicator counts ("每万人口综合性消防救援队伍人数"), not an actor
INDICATOR_AFTER = re.compile(r"(?:人员)?(?:人数|数量|覆盖率|占比|比例|比率)"
                             r"|(?:建设)?(?:建成|达标|完好|配备|合格)率")  # "应急服务站建设达标率"
# a facility being built, not a body: "设置地质灾害监测站", "新建应急服务站" (a name with no place or level)
_BUILT_BEFORE = ("设置", "建设", "新建", "建成", "配备", "布设", "增设", "改造", "升级", "打造")
# a category of units under a level or a body: "省属煤矿企业集团", "厅属企业", "市直属单位"
_CATEGORY_LABEL = re.compile(r"[省市县区厅局](?:直?属)")
DEPARTMENT = re.compile(r"(?:管理|行政|主管|工作|监管|执法|业务)?部门")
_VERBS_BEFORE = tuple(word for word in BOUNDARY_BEFORE if len(word) > 1)
_VERB_ENDS = frozenset(word[-1] for word in _VERBS_BEFORE)
DIRECTIVES = ("督促指导", "指导督促", "协调推动", "协调督促", "推动督促", "督促推动", "协调", "推动", "督促")
# Sets for the membership tests of ``Lexicon.longest_ending``, which a tuple would do one by one.
_NATIONAL_SET = frozenset(NATIONAL_PREFIXES)
_NESTABLE_SET = frozenset(NESTABLE)
_FREE_NATIONAL = frozenset(("国家", "国务院", "中共中央", "国家级"))  # the prefixes free text may follow
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")  # layout.CJK, for a whole string at once
_LEVEL_ENDS = frozenset("省市区县州旗盟镇乡道")  # how the words of places and levels end


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
    source: str = "grammar"  # grammar | fixed | department | list | place | company | member | self
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


def find_mentions(text: str, jurisdiction: str | None = None, structure: Node | None = None) -> Scan:
    """Every agency mention in ``text``, overlaps resolved (longest first), titles and page furniture
    left out. ``jurisdiction`` (the plan's own place) is known as a place even when no table lists it;
    ``structure`` gives the tables, whose responsibility columns (牵头单位, 配合单位 ...) list bodies."""
    lex = lexicon()
    local = _document_places(text, lex, jurisdiction)
    scan = Scan()
    blocked = [layout.titles(text), layout.furniture(text)]
    found: list[Mention] = []
    town = jurisdiction is not None and jurisdiction.endswith(TOWN_SUFFIXES)
    found += _grammar_mentions(text, lex, local, scan, town)
    found += _fixed_mentions(text, lex, local)
    found += _department_mentions(text, lex, local)
    found += _list_mentions(text, lex, local, town)
    found += _cell_mentions(text, lex, local, structure, town)
    found += _member_mentions(text, lex)
    found += _company_mentions(text, lex, local)
    found += _place_mentions(text, lex, local, jurisdiction)
    found = [m for m in found if not any(r.containing(m.start, m.end) for r in blocked)
             and "简称" not in m.label and not _CATEGORY_LABEL.match(m.label)
             and not INDICATOR_AFTER.match(text, m.end)
             and not (m.prefix_kind == "none" and text.endswith(_BUILT_BEFORE, 0, m.start))]
    scan.mentions = _without_overlaps(found)
    scan.mentions += _declared_short_forms(text, scan.mentions)
    scan.mentions += _level_coordination(text, scan.mentions)
    scan.mentions += _shared_prefix(text, scan.mentions, lex)
    return scan


# --- the grammar -----------------------------------------------------------------------------------


def _grammar_mentions(text: str, lex: Lexicon, local: dict[str, Place], scan: Scan,
                      town: bool = False) -> Iterator[Mention]:
    generic_end = -1  # where the last generic name ended: "各县(市、区)应急管理局、自然资源局"
    for m in lex.head_re.finditer(text):
        mention = _read_name(text, m.start(), m.end(), lex, local, town)
        if mention is None:
            continue
        if COUNT_BEFORE.search(_unbracketed_before(text, mention.start, 8)) or COUNT_AFTER.match(
                text, mention.end):
            scan.categories.add(mention.core)
            continue
        # a bare member after a generic one is each of them too (the rest of the generic name's head between)
        near = 0 <= generic_end < mention.start <= generic_end + 4
        shares_each = near and mention.prefix_kind == "none" and text[mention.start - 1] in "、和及"
        if shares_each or _generic_before(text, mention.start, lex):
            generic_end = mention.end
            continue
        shared = _shared_name(text, mention, lex)
        yield from shared or (mention,)


_BEFORE_SHARED = set("好对在与和由将把为是及")


def _shared_name(text: str, mention: Mention, lex: Lexicon) -> list[Mention]:
    """"北苑、佛堂公共安全体验中心": two proper names sharing one body and head, two bodies. Only for a
    name with no prefix, after two short words of one length that are no body words (so not
    "防汛、抗旱指挥部") and stand after a boundary."""
    if mention.prefix_kind != "none":
        return []
    for size in (2, 3):
        second = mention.start - size
        first = second - 1 - size
        if first < 1 or text[second - 1] != "、":
            continue
        before = text[first - 1]
        if layout.CJK.match(before) and before not in _BEFORE_SHARED:
            continue
        names = [(first, text[first:first + size]), (second, text[second:mention.start])]
        if any(not all(layout.CJK.match(c) for c in name) or name in lex.body_words or name in lex.heads
               or lex.body_word_ending(name, len(name)) for _, name in names):
            continue
        return [replace(mention, start=start, label=name + mention.label, prefix=name, prefix_kind="proper")
                for start, name in names]
    return []


def _read_name(text: str, head_start: int, head_end: int, lex: Lexicon,
               local: dict[str, Place], town: bool = False) -> Mention | None:
    head = text[head_start:head_end]
    spec = lex.heads.get(head)
    if spec is not None and spec.blocked_at(text, head_end):
        return None
    if POSITION_AFTER.match(text, head_end):
        return None
    kind = "abbr" if spec is None else spec.kind
    if kind == "institution":
        if head in SCHOOL_HEADS and not _ACTING_AFTER.match(text, head_end):
            return None  # "开展春秋季学校食品安全检查": schools in general; a named one is given a task
        return _proper_name(text, head_start, head_end, lex)
    parts = [Part(head, "abbr" if spec is None else "head")]
    position = _walk_body(text, head_start, parts, lex)
    position = _branch_of(text, position, parts, lex, local)
    if kind == "division" and not any(part.kind in ("head", "abbr") for part in parts[:-1]):
        position = _division_of(text, position, parts, lex, _PARENT_HEADS)
    elif any(part.text in GOVERNMENT_UNITS for part in parts) and not any(
            part.text in _GOVERNMENTS for part in parts) and lex.longest_ending(
            text, position, _GOVERNMENTS, 4) is None:  # "市人民政府|教育督导|委员会(办公室)": its committee
        position = _division_of(text, position, parts, lex, _GOVERNMENTS)
    prefix = _prefix_at(text, position, parts, lex, local)
    if prefix is None:
        prefix = _free_reading(text, head_start, position, parts, kind, lex, local)
    if prefix is None:
        parts, start = _trim_unprefixed(parts, position, lex)
        area = _unread_area(text, start)
        # "两江新区|应急局": the body of an area the tables do not know, as written, not the plan's own
        prefix = (text[area:start], "proper", None, area) if area is not None else ("", "none", None, start)
    label_start = prefix[3]
    mention = Mention(label_start, head_end, text[label_start:head_end], tuple(parts), prefix=prefix[0],
                      prefix_kind=prefix[1], place=prefix[2])
    if mention.prefix_kind in ("place", "level") and text[max(0, label_start - 2):label_start] == "中共":
        mention = replace(mention, start=label_start - 2, label=text[label_start - 2:head_end], party=True)
    if mention.prefix_kind == "place" and (system := _SYSTEM_BEFORE.search(text, max(0, label_start - 16),
                                                                             label_start)):
        # "国家金融监督管理总局|江苏|监管局", "长江|江苏|海事局": a national system's office in that place
        mention = replace(mention, start=system.start(), label=text[system.start():head_end],
                          prefix=text[system.start():label_start + len(mention.prefix)],
                          prefix_kind="national", place=None)
    if kind == "division" and mention.prefix_kind == "none" and all(p.kind == "body" for p in parts[:-1]):
        mention = replace(mention, internal=True)
    if _well_formed(mention, kind, town):
        # "市纪委监委机关" is the body itself (its offices), read as 市纪委监委
        return replace(mention, parts=mention.parts[:-1]) if head == "机关" else mention
    return _town_office(text, head_start, head_end, lex) if town and head in TOWN_OFFICE_HEADS else None


# a national system before a place: its office there is named with both ("民航江苏监管局")
_SYSTEM_BEFORE = re.compile(r"(?:(?:国家|中国)[\u4e00-\u9fff]{1,10}?(?:总局|局)"
                            r"|长江|黄河|珠江|淮河|海河|松辽|太湖|民航)$")


def _free_reading(text: str, head_start: int, position: int, parts: list[Part], kind: str, lex: Lexicon,
                  local: dict[str, Place]) -> Prefix | None:
    """A prefix a few characters before the body with free text between ("市|公务飞行|队"): for a name
    that is its head alone or a task body's (…领导小组), or any body after a level or place word that
    opens a list item or a clause ("、市|邮政|管理局、"). The free text goes into ``parts``."""
    head = parts[-1].text
    task_body = any(p.text in TASK_BODY_HEADS for p in parts)  # its office too: …领导小组办公室
    free_allowed = task_body or kind == "weak" or (
        len(parts) == 1 and not _closes_word(text, head_start, head))
    may_free = free_allowed and (kind not in ("government", "party", "suffix") or task_body)
    window = text[max(0, position - 12):position]
    may_bound = kind not in ("government", "party") and (
        not _LEVEL_ENDS.isdisjoint(window) or any(name in window for name in local))
    if not (may_free or may_bound):
        return None
    free = _free_prefix(text, position, lex, local, 20 if task_body else 10)  # a task's name may be long
    if free is None or lex.head_re.search(text, free[1], position):
        return None  # none, or "市|消防救援支队全年接|处": free text does not run over a name
    bounded = free[0][1] in ("place", "level") and _at_boundary(text, free[0][3]) and not (
        len(parts) == 1 and _closes_word(text, head_start, head, (1,)))
    if not (bounded or may_free):
        return None
    parts.insert(0, Part(text[free[1]:position], "free"))
    return free[0]


def _town_office(text: str, head_start: int, head_end: int, lex: Lexicon) -> Mention | None:
    """An office of a town or street named by its work in any words (平安办, 社区事务办, 经发办), where the
    name opens a clause or a list item: the town's own division. Not a word the head ends (场所)."""
    if _closes_word(text, head_start, text[head_start:head_end], (1,)):
        return None
    for start in range(head_start - 2, max(0, head_start - 6) - 1, -1):
        if not all(layout.CJK.match(c) and c not in FREE_STOP for c in text[start:head_start]):
            return None
        if _at_boundary(text, start) and not text.startswith(lex.cues["task"], start):
            return Mention(start, head_end, text[start:head_end],
                           (Part(text[start:head_start], "free"), Part(text[head_start:head_end], "head")),
                           internal=True)
    return None


# schools are named as bodies only where they act: "白岭中心学校负责…", "县第一中学、县职业中专配合…"
SCHOOL_HEADS = frozenset(("学校", "中学", "小学", "幼儿园", "中专"))
_ACTING_AFTER = re.compile(r"(?:[、和及][^,，。;；:：、和及]{2,16})*"
                           r"(?:要|应|须)?(?:分别|共同)?(?:负责|牵头|配合|协助|参与|[:：])")
# kinds of school or hospital, not one of them: "寄宿制学校", "民办幼儿园", "中小学校", "定点医院"
_KINDS_OF_INSTITUTION = ("寄宿制", "民办", "公办", "农村", "乡村", "城区", "中小", "各类", "特殊教育", "高等",
                         "中等", "普通", "定点", "公立", "私立", "二级", "三级")
_KINDS_OF_PLACE = frozenset(("社区", "村", "农村", "城市", "城乡", "基层", "乡镇", "街道"))
PROPER_BOUNDARY = (*BOUNDARY_BEFORE, "支持", "委托", "邀请", "推动", "鼓励", "引导", "与", "和")


def _proper_name(text: str, head_start: int, head_end: int, lex: Lexicon) -> Mention | None:
    """A university or institute: a proper name ("西南交通大学", "四川大学") back to a separator or a
    verb before it; nothing when no boundary is in sight."""
    for start in range(head_start - 2, max(0, head_start - 9) - 1, -1):
        if start == 0 or text[start - 1] in FREE_STOP or not layout.CJK.match(text[start - 1]) \
                or text.endswith(PROPER_BOUNDARY, 0, start):
            if not all(layout.CJK.match(c) and c not in FREE_STOP for c in text[start:head_start]):
                return None
            name = text[start:head_start]
            if name in _KINDS_OF_PLACE or name.endswith(("进", *_KINDS_OF_INSTITUTION)) \
                    or name[0] in "全各本该每此其" or any(verb in name for verb in _verbs()):
                return None  # "(县教育局负责|重点提升)学校": a verb and its object; "社区居委会",
                # "全市寄宿制学校": every one of them
            # the proper name is the prefix, as in "北苑|公共安全体验中心": not a part too, or a reading
            # of the parts after the prefix would spell it twice ("县人民|县人民医院")
            return Mention(start, head_end, text[start:head_end], (Part(text[head_start:head_end], "head"),),
                           prefix=text[start:head_start], prefix_kind="proper", source="company")
    return None


@lru_cache(maxsize=1)
def _verbs() -> tuple[str, ...]:
    """Verbs no proper name holds: a task's, a directive's, a role's (负责, 牵头, 配合), 指导, 宣传."""
    classes = ("task", "directive", "lead_verb", "charge_verb", "support_verb")
    return (*(verb for name in classes for verb in lexicon().cues[name]), "指导", "宣传")


def _division_of(text: str, position: int, parts: list[Part], lex: Lexicon,
                 parents: frozenset[str]) -> int:
    """A division named in words of its own right after the body it belongs to ("省应急管理厅|安全生产
    基础|处", "市教育局|安全稳定|科"): the words become part of the name, which reads on into the parent."""
    for start in range(position - 1, max(0, position - MAX_DIVISION_WORDS) - 1, -1):
        words = text[start:position]
        if not layout.CJK.match(text[start]) or (text[start] in FREE_STOP and text[start] != "和"):
            return position
        if any(verb in words for verb in _division_stops()) or _NOT_IN_A_DIVISION.search(words) \
                or lex.head_re.search(words):
            return position  # "支队全年接处警", "市政府成立市安委会": what the body does, not a unit of it
        parent = lex.longest_ending(text, start, parents, 4)
        named = parent is not None and start - len(parent) > 0 and layout.CJK.match(
            text[start - len(parent) - 1])
        # "，厅|安全生产基础|处": the issuer's short form alone at a boundary is a parent too
        short = parent in SELF_HEADS and _at_boundary(text, start - len(parent))
        if parent and len(words) >= 2 and (named or short) and words[0] not in "和与及":
            # not "应急指挥中心|两|处", "市政府|和市|防汛抗旱指挥部"
            parts.insert(0, Part(words, "free"))
            return _walk_body(text, start, parts, lex)
        if parents is _PARENT_HEADS and start > 1 and text[start - 1] == "、" and text[start - 2] in "处科股":
            parts.insert(0, Part(words, "free"))  # "基础教育科、|学前|教育科": the next division in a list
            return start
    return position


MAX_DIVISION_WORDS = 10


@lru_cache(maxsize=1)
def _division_stops() -> tuple[str, ...]:
    """Verbs no division's own words hold: those of a proper name's, and of setting a body up."""
    return (*_verbs(), "成立", "组建", "设立", "建立", "筹建", "调整")
_NOT_IN_A_DIVISION = re.compile(r"[年月日已]|全[市省县区镇]")
_PARENT_HEADS = frozenset(("局", "厅", "委", "委员会", "办公室", "中心", "总队", "支队"))
_GOVERNMENTS = frozenset(("人民政府", "政府"))
GOVERNMENT_UNITS = frozenset(("委员会", "指挥部"))


def _branch_of(text: str, position: int, parts: list[Part], lex: Lexicon, local: dict[str, Place]) -> int:
    """A branch named by its area under the body it belongs to ("市公安局|渝北区|分局", "市生态环境局|渝北|
    分局"): the area becomes part of the name, which reads on into the parent body; elsewhere ``position``."""
    if len(parts) != 1 or parts[0].text not in BRANCH_HEADS:
        return position
    place = _place_ending(text, position, lex, local)
    if place is None:
        return position
    area = place.name if text.endswith(place.name, 0, position) else text[position - 2:position]
    parent = lex.longest_ending(text, position - len(area), _NESTABLE_SET, 4)
    if parent not in ("局", "厅"):
        return position
    parts.insert(0, Part(area, "free"))
    return _walk_body(text, position - len(area), parts, lex)


def _walk_body(text: str, position: int, parts: list[Part], lex: Lexicon) -> int:
    """Read body words and nested units leftwards from ``position``; return where the body starts."""
    while position > 0:
        word = lex.body_word_ending(text, position)
        if word:
            parts.insert(0, Part(word, "body"))
            position -= len(word)
            continue
        if lex.longest_ending(text, position, _NATIONAL_SET, 7, 3):
            break  # 中央军委|联合参谋部: the prefix, not a nested 委
        nested = lex.longest_ending(text, position, lex.abbreviations, 6, 2) or lex.longest_ending(
            text, position, _NESTABLE_SET, 4)
        if nested:
            parts.insert(0, Part(nested, "abbr" if nested in lex.abbreviations else "head"))
            position -= len(nested)
            continue
        if (text[position - 1] in "和与" and parts[0].kind == "body"
                and lex.body_word_ending(text, position - 1)):
            parts.insert(0, Part(text[position - 1], "conn"))
            position -= 1
            continue
        break
    return position


Prefix = tuple[str, str, "Place | None", int]  # (prefix text, kind, place, start)


def _prefix_at(text: str, position: int, parts: list[Part], lex: Lexicon,
               local: dict[str, Place]) -> Prefix | None:
    if position == 0:
        return None
    first = parts[0]
    if text[position - 1] in SELF_MARKS and first.kind == "head" and first.text in SELF_HEADS:
        return text[position - 1], "self", None, position - 1
    national = lex.longest_ending(text, position, _NATIONAL_SET, 7, 2)
    if national and not (national == "中央" and text[position - 3:position - 2] == "党"):
        return national, "national", None, position - len(national)
    place = _place_ending(text, position, lex, local)
    if place is not None:
        return place.name, "place", place, position - len(place.name)
    level = _level_ending(text, position, lex)
    if level is not None:
        return level, "level", None, position - len(level)
    compound = first.kind == "head" and lex.heads[first.text].kind == "compound"  # 南京|日报社
    if compound or (first.kind == "body" and lex.body_words.get(first.text) == "word"):
        return _short_place_at(text, position, lex)
    if first.kind == "body":  # "民航|江苏|监管局": an inner word after a national system's place
        short = _short_place_at(text, position, lex)
        if short is not None and _SYSTEM_BEFORE.search(text, max(0, short[3] - 16), short[3]):
            return short
    return None


def _short_place_at(text: str, position: int, lex: Lexicon) -> Prefix | None:
    """The short name of a province or prefecture city standing for it before a body word ("宁波|海事局",
    "广西|海事局"), when nothing joins it to the word before."""
    short = lex.longest_ending(text, position, lex.place_short, 4, 2)
    if short is None or short == "中国":
        return None
    start = position - len(short)
    if start > 0 and layout.CJK.match(text[start - 1]) and text[start - 1] not in FREE_STOP \
            and not text.endswith(BOUNDARY_BEFORE, 0, start) \
            and not _SYSTEM_BEFORE.search(text, max(0, start - 16), start):
        return None
    place = lex.places.get(lex.place_short[short])
    return (short, "place", place, start) if place is not None else None


def _place_ending(text: str, position: int, lex: Lexicon, local: dict[str, Place]) -> Place | None:
    """A place name ending at ``position``, unless it reads better as a verb and a level word
    ("会同县气象局" is 会同|县气象局, though 会同县 is a county too)."""
    place = lex.place_ending(text, position, local)
    if place is not None and place.name[:-1].endswith(BOUNDARY_BEFORE) and place.name not in local:
        return None
    if place is None and position >= 2:
        place = local.get(text[position - 2:position])  # "沙河派出所" in a 沙河街道 plan: a two-letter stem
    return place


def _level_ending(text: str, position: int, lex: Lexicon) -> str | None:
    """A bare level word (市, 省, 自治区, 我市 ...) ending at ``position`` that starts a name here."""
    for size in (3, 2, 1):
        word = text[max(0, position - size):position]
        if word in LEVEL_RANK and word != "国家":
            break
    else:
        return None
    if text[position:position + 1] == "级":
        return None  # 省级, 市级: a level qualifier ("省级专业队"), not a prefix
    before = position - len(word)
    if before >= 1 and text[before - 1] in SELF_MARKS:
        return text[before - 1] + word  # 我市, 本省: the plan's own area
    if (before >= 1 and layout.CJK.match(text[before - 1]) and not text.endswith(BOUNDARY_BEFORE, 0, before)
            and _is_compound(text, before, word)):
        return None
    return word


def _is_compound(text: str, before: int, word: str) -> bool:
    """Whether the characters before a level word form a common word with it (全市, 城市, 社区 ...)."""
    freq = _word_frequencies()
    for size in (1, 2, 3):
        if before - size < 0:
            break
        if freq.get(text[before - size:before] + word, 0) >= 3:
            return True
    return False


def _closes_word(text: str, head_start: int, head: str, sizes: tuple[int, ...] = (1, 2)) -> bool:
    """Whether the head is the end of a common word with the characters before it (全局, 格局, 大队伍)."""
    freq = _word_frequencies()
    return any(freq.get(text[head_start - size:head_start] + head, 0) >= 3
               for size in sizes if head_start >= size)


@lru_cache(maxsize=1)
def _word_frequencies() -> dict[str, int]:
    import logging

    import jieba  # jieba's dictionary tells compounds (城市, 社区) from a level word after a verb

    jieba.setLogLevel(logging.WARNING)  # loading the dictionary logs "Building prefix dict…" at INFO
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def _free_prefix(text: str, position: int, lex: Lexicon, local: dict[str, Place],
                 reach: int = 10) -> tuple[Prefix, int] | None:
    """An explicit prefix a few characters left of ``position`` with free text between ("市|公务飞行|队"):
    the prefix, and where the free text starts."""
    # "榆川市|2025年地震应急综合演练|领导小组": a task's body may name its year
    years = {i for m in _YEAR_IN_A_NAME.finditer(text, max(0, position - reach), position)
             for i in range(m.start(), m.end())} if reach > 10 else set()
    for start in range(position - 1, max(0, position - reach) - 1, -1):
        if start not in years and (text[start] in FREE_STOP or not layout.CJK.match(text[start])
                                   or text[start] in FREE_NOT_HEADS):
            return None
        if text[start] in _VERB_ENDS and text.endswith(_VERBS_BEFORE, 0, start + 1):
            return None  # "市安委会成立|安全生产工作专班": the name starts after the verb
        place = _place_ending(text, start, lex, local)
        if place is not None:
            return (place.name, "place", place, start - len(place.name)), start
        national = lex.longest_ending(text, start, _FREE_NATIONAL, 4, 2)
        if national:
            return (national, "national", None, start - len(national)), start
        ministry = lex.longest_ending(text, start, _national_bodies(), 10, 3)
        if ministry and not _head_blocked(ministry, text, start, lex):  # "应急管理部|南方区域|中心", not 部门
            return (ministry, "national", None, start - len(ministry)), start
        level = _level_ending(text, start, lex)
        if level is not None and len(level) <= 2 and (
                not _reads_on(text, start) or _at_boundary(text, start - len(level))):
            return (level, "level", None, start - len(level)), start
    return None


_YEAR_IN_A_NAME = re.compile(r"(?:19|20)\d{2}年")


def _reads_on(text: str, start: int) -> bool:
    """Whether the level word ending at ``start`` makes a common word with the free text after it
    ("区域", "市场"): then it is no prefix of that text."""
    return _word_frequencies().get(text[start - 1:start + 1], 0) >= 100


@lru_cache(maxsize=1)
def _national_bodies() -> frozenset[str]:
    """The national bodies of ``agency_fixed.tsv`` written as plain names (应急管理部, 中国地震局 ...)."""
    return frozenset(f.pattern.pattern for f in lexicon().fixed
                     if f.scope == "national" and not f.context_only and f.pattern.pattern.isalnum())


def _trim_unprefixed(parts: list[Part], position: int, lex: Lexicon) -> tuple[list[Part], int]:
    """Without a prefix a name may not start with an inner word ("建设应急指挥中心" -> "应急指挥中心")."""
    while len(parts) > 1 and (parts[0].kind == "conn" or (
            parts[0].kind == "body" and lex.body_words.get(parts[0].text) == "inner")):
        position += len(parts[0].text)
        parts = parts[1:]
    return parts, position


def _well_formed(mention: Mention, kind: str, town: bool = False) -> bool:
    lex = lexicon()
    parts = mention.parts
    body = [p for p in parts[:-1] if p.kind in ("body", "free", "conn")]
    nested = [p for p in parts[:-1] if p.kind in ("head", "abbr")]
    prefixed = mention.prefix_kind != "none"
    if not prefixed and body and lex.body_words.get(body[0].text) == "generic" and kind != "division":
        return False  # 专业委员会, 专业安委会 (but 综合处 is a division)
    if mention.head == "所" and body and body[-1].text == "工作":
        return False  # "应急管理工作所涉及的": 所 as a particle, not 国土所 / 财政所
    if kind == "abbr":
        return True
    if kind == "government":
        return prefixed
    if kind == "suffix":  # 机关 only after a body (市纪委监委机关), not after a level (市直机关)
        explicit = mention.prefix_kind in ("national", "level", "place")
        return bool(nested) or (explicit and mention.head != "机关")
    if kind == "weak":
        return mention.prefix_kind in ("place", "level")  # 广州市…孵化基地, 市应急救援综合基地
    if kind == "company":  # 上海燃气集团; a company of the place called by its level and trade: 县供电公司
        return bool(body) and mention.prefix_kind in ("place", "national", "level")
    if not body and not nested:
        if kind == "compound":
            return prefixed or (town and mention.head in TOWN_UNITS)  # 县气象台, 镇派出所
        if mention.head == "办事处" and mention.prefix.endswith("街道"):
            return True  # 龙溪街道办事处: a street's government
        # 省厅, 市局, 我局 (the issuer or its counterpart), 市委 / 中共X委员会 (a party committee)
        return prefixed and mention.head in BARE_HEADS and mention.prefix_kind != "national"
    # 综合性应急救援队, 应急救援中心: a type of team, not one body
    return prefixed or mention.head not in TEAM_HEADS or not all(
        lex.body_words.get(p.text) == "generic" for p in body)


def _generic_before(text: str, start: int, lex: Lexicon) -> bool:
    if GENERIC_LEVEL.search(text, max(0, start - 14), start):
        return True
    if EACH_BEFORE.search(text, max(0, start - 4), start):
        return True
    before = text[max(0, start - 4):start]
    if LEVEL_QUALIFIER.search(before) and not before.endswith("国家级"):
        return True
    bare = _unbracketed_before(text, start, 4)  # "镇(街道)应急管理所": the words before the aside
    return before.endswith(lex.generic_before) or bare.endswith(lex.generic_before)


_ASIDE_END = re.compile(r"[(（][^()（）]{1,8}[)）]$")


def _unbracketed_before(text: str, start: int, width: int) -> str:
    """The ``width`` characters before ``start``, read past a short aside in brackets right before it."""
    aside = _ASIDE_END.search(text, max(0, start - 10), start)
    end = aside.start() if aside else start
    return text[max(0, end - width):end]


# --- fixed names, departments, lists ----------------------------------------------------------------


def _fixed_mentions(text: str, lex: Lexicon, local: dict[str, Place]) -> Iterator[Mention]:
    for fixed in lex.fixed:
        for m in fixed.pattern.finditer(text):
            if fixed.context_only and not _central_context(text, m.start(), m.end()):
                continue
            if _generic_before(text, m.start(), lex) or _head_blocked(m.group(), text, m.end(), lex):
                continue
            start, prefix, kind, place = m.start(), "", "none", None
            if fixed.scope == "jurisdiction":
                found = _prefix_at(text, start, [Part(m.group(), "abbr")], lex, local)
                if found is not None and found[1] in ("place", "level"):
                    prefix, kind, place, start = found
            yield Mention(start, m.end(), text[start:m.end()], (Part(m.group(), "head"),), prefix=prefix,
                          prefix_kind=kind, place=place, source="fixed", fixed=fixed,
                          internal=fixed.scope == "internal")


def _head_blocked(name: str, text: str, end: int, lex: Lexicon) -> bool:
    """A fixed name whose last word reads on into another word (应急管理部|门)."""
    head = lex.longest_ending(name, len(name), lex.heads, 6)
    return bool(head and lex.heads[head].blocked_at(text, end))


_CENTRAL_PARTNER = re.compile(r"[和、及与]\s*(?:省委|市委|区委|县委|国务院|地方)|关于|的(?:决策|部署|要求)"
                              r"|决策部署|印发")


def _central_context(text: str, start: int, end: int) -> bool:
    """Bare 中央 is the Party Centre only beside another organ or as a source of decisions."""
    if text[max(0, start - 1):start] in ("党", "共"):
        return False
    return bool(_CENTRAL_PARTNER.match(text, end))


def _department_mentions(text: str, lex: Lexicon, local: dict[str, Place]) -> Iterator[Mention]:
    """Department types: "应急管理部门", "区应急管理部门", and coordinated lists with one shared head
    ("气象、水利、自然资源等部门" -> 气象部门, 水利部门, 自然资源部门)."""
    for m in DEPARTMENT.finditer(text):
        members = _list_before(text, m.start(), lex)
        if not members:
            continue
        if len(members) == 1:
            start, end = members[0]
            mention = _department(text, start, m.end(), text[start:end], lex, local)
            if mention is not None:
                yield mention
            continue
        for start, end in members:
            label = text[start:end] + "部门"
            yield Mention(start, end, label, (Part(text[start:end], "body"), Part("部门", "head")),
                          source="department")


def _department(text: str, start: int, end: int, domain: str, lex: Lexicon,
                local: dict[str, Place]) -> Mention | None:
    parts = [Part(text[start:end - 2], "body"), Part("部门", "head")]
    prefix = _prefix_at(text, start, parts, lex, local)
    label_start = prefix[3] if prefix and prefix[1] in ("place", "level") else start
    if _generic_before(text, label_start, lex):
        return None
    return Mention(label_start, end, text[label_start:end], tuple(parts), prefix=prefix[0] if prefix else "",
                   prefix_kind=prefix[1] if prefix and prefix[1] in ("place", "level") else "none",
                   place=prefix[2] if prefix else None, source="department")


def _list_before(text: str, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """The domain words before a shared 部门 head: one, or a list joined by 、/和/及 (and closed by 等).
    Returns their ranges, or nothing when the words are not departments (行业主管部门, 各有关部门).
    Members after the first are whatever stands between the separators ("自然与规划"); the first is the
    longest department word ending its run ("主动与气象" -> 气象)."""
    position = end - 1 if text[end - 1:end] == "等" else end
    members: list[tuple[int, int]] = []
    while position > 0:
        # 和/及 joins the last two members ("气象、水利和林业"), or is part of one ("自然资源和规划")
        joiners = "、和及" if not members else "、"
        start = position
        while start > 0 and layout.CJK.match(text[start - 1]) and text[start - 1] not in joiners:
            start -= 1
        whole = lex.longest_ending(text, position, lex.domains, 12)
        if whole and any(c in whole for c in "和及") and position - len(whole) <= start:
            start = position - len(whole)  # a department whose name holds 和: 住房和城乡建设
        if DEPARTMENT.search(text, start, position):
            break  # the list began after a department named in full: "水利部门、建设部门"
        if start > 0 and text[start - 1] in "、和及" and 1 <= position - start <= 8:
            members.insert(0, (start, position))
            position = start - 1
            continue
        domain = lex.longest_ending(text, position, lex.domains, 6)
        if domain:
            members.insert(0, (position - len(domain), position))
        elif members:
            return []  # the first member is no department: not a list of departments
        break
    known = sum(1 for s, e in members if text[s:e] in lex.domains)
    if not members or known * 2 < len(members):
        return []
    return members


SHORT_FORM_NOTES = ("以下简称", "下称", "简称")
_NOTE_ON_NOTES = re.compile(r"括号[内中]")
_SHORT_FORM_DECLARED = re.compile(r"[(（](?:以下简称|下称|简称)[“\"]?([\u4e00-\u9fff]{2,12})[”\"]?[)）]")


def _declared_short_forms(text: str, mentions: list[Mention]) -> list[Mention]:
    """"X(以下简称市指挥部)": the short form, there and wherever else the text uses it, names X."""
    taken = [(m.start, m.end) for m in mentions]
    extra = []
    for mention in mentions:
        declared = _SHORT_FORM_DECLARED.match(text, mention.end)
        if declared is None:
            continue
        short = declared.group(1)
        at = text.find(short, mention.end)
        while at >= 0:
            end = at + len(short)
            if not any(start < end and at < stop for start, stop in taken):
                extra.append(replace(mention, start=at, end=end, label=short))
            at = text.find(short, end)
    return extra
_LABELLED_NOTE = re.compile(r"(?:牵头|主责|主办|责任|配合|协同|参与|协办|协助)(?:单位|部门|处室|科室)"
                            r"\s*[:：】\]](?:[^。\n()（）]|" + layout.ROLE_MARK + r"){1,150}")
_ROLE_MARK_END = re.compile(layout.ROLE_MARK + r"$")
_OTHERS_END = re.compile(r"等(?:有关|相关)?(?:部门|单位|机构)?$")


def notes(text: str) -> Iterator[tuple[int, int, int, int, bool]]:
    """Notes that list the bodies of a task: ``(start, end, list start, list end, strict)``.
    Parenthesised ones ("(综合处、科技和统计处)", "(牵头单位:X;配合单位:Y)") are strict: a note only if
    every element is a name; labelled lists standing free ("责任单位:X、Y") take the names they hold."""
    brackets = list(layout.parentheses(text))
    for open_, close, start, end in brackets:
        if text.startswith(SHORT_FORM_NOTES, start) or _NOTE_ON_NOTES.search(text, start, end):
            continue  # "(以下简称市指挥部)" names a body, "(括号内为责任处室,…)" says how to read the notes
        yield open_, close, start, end, True
    inside = layout.Ranges((open_, close) for open_, close, _, _ in brackets)
    for m in _LABELLED_NOTE.finditer(text):
        if inside.containing(m.start(), m.end()) is None:
            yield m.start(), m.end(), m.start(), m.end(), False


def _list_mentions(text: str, lex: Lexicon, local: dict[str, Place], town: bool) -> Iterator[Mention]:
    """The elements of the notes that list bodies (see :func:`notes`)."""
    for _, _, start, end, strict in notes(text):
        for element_start, element_end, _ in list_elements(text, start, end, lex, strict=strict):
            yield _list_element(text, element_start, element_end, lex, local, town)


def _cell_mentions(text: str, lex: Lexicon, local: dict[str, Place], structure: Node | None,
                   town: bool) -> Iterator[Mention]:
    """The bodies listed in the responsibility columns of tables ("牵头单位", "配合单位", "责任单位")."""
    for start, end, header in layout.table_cells(text, structure):
        if RESPONSIBILITY_COLUMN.search(header):
            for element_start, element_end, _ in list_elements(text, start, end, lex, separators="、,，/\n ",
                                                               strict=False):
                yield _list_element(text, element_start, element_end, lex, local, town)


RESPONSIBILITY_COLUMN = re.compile(r"(?:牵头|主责|主办|责任|负责|承办|配合|协同|参与|协办|协助)"
                                   r"(?:单位|部门|处室|科室)")


def list_elements(text: str, start: int, end: int, lex: Lexicon | None = None, separators: str = "、,，",
                  strict: bool = True) -> Iterator[tuple[int, int, str]]:
    """The named bodies of a parenthesised note ``text[start:end]``: ``(start, end, label)`` where label
    is the list label before them ("牵头单位", or "" for a bare list) or the role verb after them
    ("(X牵头,Y、Z配合)" gives X "牵头", Y and Z "配合"). When ``strict``, nothing unless every element of
    an unlabelled list is a name (ends with a head) or the convention sentence ("排名第一的为牵头处室");
    otherwise, and in labelled lists, the elements that are names (generic ones such as "各乡镇人民政府"
    are passed over)."""
    lex = lex or lexicon()
    verbs = _role_verbs(lex)
    found = []
    for segment_start, segment_end in _note_segments(text, start, end, verbs):
        if _TIME_FIELD.match(text, segment_start, segment_end):
            continue  # "(责任单位:X;完成时限:9月底前)": when, not who
        label = ""
        m = LIST_LABEL.match(text, segment_start, segment_end)
        if m:
            label = m.group("label")
            segment_start = m.end()
        if not label or label in lex.cues["duty_label"]:  # "责任单位:X牵头": the verb gives the role
            verb = next((v for v in verbs if text.endswith(v, segment_start, segment_end)), None)
            if verb and segment_end - segment_start > len(verb):
                label, segment_end = verb, segment_end - len(verb)
                manner = next((w for w in lex.cues["manner"] if text.endswith(w, segment_start, segment_end)),
                              "")  # "(X、Y按职责分工负责)"
                segment_end -= len(manner)
                if text.startswith("由", segment_start):
                    segment_start += 1  # "(由X牵头,Y配合)"
        for element_start, element_end in _segments(text, segment_start, segment_end, separators):
            element_label = label
            mark = _ROLE_MARK_END.search(text, element_start, element_end)
            if mark:  # "市应急局(牵头)": this member's role
                element_label, element_end = mark.group()[1:-1], mark.start()
            tail = _OTHERS_END.search(text, element_start, element_end)
            if tail and tail.start() > element_start:  # "市应急局等部门": the last named, then the rest
                element_end = tail.start()
            element = text[element_start:element_end]
            if lex.convention_re.search(element) or element in ("下同", "同上", "下略"):
                continue
            if _looks_like_name(element, lex):
                found.append((element_start, element_end, element_label))
                continue
            # "地震局和地震监测中心": two names joined by 和/及 (科技和统计处 is one name)
            pieces = list(_segments(text, element_start, element_end, "和及"))
            if len(pieces) >= 2 and all(_looks_like_name(text[s:e], lex) for s, e in pieces):
                found += [(s, e, label) for s, e in pieces]
            elif strict and not label and not _generic_element(element, lex):
                return
    yield from found


_TIME_FIELD = re.compile(r"\s*(?:完成|办结|工作)?(?:时限|时间|时间节点|期限|进度)(?:要求|安排)?\s*[:：]")


def _role_verbs(lex: Lexicon) -> tuple[str, ...]:
    """The verbs that end a list in a note and give its role: 牵头, 负责, 配合, 参与 ... (longest first)."""
    words = {*lex.cues["lead_verb"], *lex.cues["charge_verb"], *lex.cues["support_verb"]}
    return tuple(sorted(words, key=len, reverse=True))


def _note_segments(text: str, start: int, end: int, verbs: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """The parts of a note that each carry one label or role: split at ";", and at "," where a new label
    follows ("责任单位:X,配合单位:Y") or a role verb ends the part before ("X牵头,Y、Z配合")."""
    for part_start, part_end in _segments(text, start, end, ";；"):
        cut = part_start
        for i in range(part_start, part_end):
            if text[i] in "【[" and i > cut and LIST_LABEL.match(text, i, part_end):
                yield from _segments(text, cut, i, "")  # "【牵头单位】X【配合单位】Y"
                cut = i
            elif text[i] in " \u3000\t" and i > cut and LIST_LABEL.match(text, i, part_end) and not \
                    text[cut:i].isspace():
                yield from _segments(text, cut, i, "")  # "牵头单位:X  配合单位:Y"
                cut = i
            elif text[i] in ",，" and (LIST_LABEL.match(text, i + 1, part_end)
                                      or text[cut:i].rstrip().endswith(verbs)):
                yield from _segments(text, cut, i, "")
                cut = i + 1
        yield from _segments(text, cut, part_end, "")


def _generic_element(element: str, lex: Lexicon) -> bool:
    """"各乡镇人民政府", "各县(市、区)", "有关部门", "县直有关部门", "区级相关单位": a generic reference
    among the named bodies of a note."""
    if _STREET_OFFICE.fullmatch(element):
        return False  # "街道应急办", "社区事务科": the street's own offices, not streets in general
    return element.startswith(lex.generic_before) or _LEVEL_OF_UNITS.sub("", element).startswith(
        lex.generic_before)


_STREET_OFFICE = re.compile(r"(?:街道|社区)[\u4e00-\u9fff]{1,6}(?:办公室|办|科)")
_LEVEL_OF_UNITS = re.compile(r"^(?:省|市|区|县|乡|镇)(?:直|级|属)?")


def _segments(text: str, start: int, end: int, separators: str) -> Iterator[tuple[int, int]]:
    position = start
    for i in range(start, end + 1):
        if i == end or text[i] in separators:
            s, e = position, i
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                yield s, e
            position = i + 1


def _looks_like_name(element: str, lex: Lexicon) -> bool:
    if not 2 <= len(element) <= 16 or not _CJK_ONLY.fullmatch(element):
        return False
    if _generic_element(element, lex):
        return False  # 各区政府, 有关部门, 县直有关部门
    if element in lex.abbreviations or any(f.pattern.fullmatch(element) for f in lex.fixed):
        return True
    if element in ("办公室", "办公厅"):
        return True  # the issuer's own office, in a list of its divisions
    head = lex.longest_ending(element, len(element), lex.heads, 6) or (
        "部门" if element.endswith("部门") else None)
    return head is not None and len(head) < len(element)


# heads of an issuer's own units when a list names them alone ("(综合处、办公厅)")
_INTERNAL_HEADS = frozenset(("处", "科", "室", "股", "司", "办公室", "办公厅", "党委", "纪委", "党组", "中心",
                             "组"))


def _list_element(text: str, start: int, end: int, lex: Lexicon, local: dict[str, Place],
                  town: bool = False) -> Mention:
    element = text[start:end]
    for fixed in lex.fixed:
        if fixed.pattern.fullmatch(element):
            return Mention(start, end, element, (Part(element, "head"),), source="fixed", fixed=fixed,
                           internal=fixed.scope == "internal")
    heads = [m for m in lex.head_re.finditer(text, start, end) if m.end() == end]
    read = _read_name(text, heads[-1].start(), end, lex, local, town) if heads else None
    # "县住建局": the grammar knows its prefix and short forms; "市场监管所" in a town's plan is the town's
    known = read is not None and read.start == start
    if known and (read.prefix_kind != "none" or town):
        return replace(read, source="list")
    head = lex.longest_ending(element, len(element), lex.heads, 6) or lex.longest_ending(
        element, len(element), lex.abbreviations, 6) or "部门"
    prefix = _prefix_inside(element, lex, local)
    if (prefix is None and element.endswith(_REGISTERED)) or any(
            element.startswith(group) for group in lex.enterprise_groups):
        # a company by its own name, of no place; a state group's branch ("国网枫川县供电公司") as written
        return Mention(start, end, element, (Part(head, "head"),), prefix=element[:-len(head)],
                       prefix_kind="proper", source="company")
    parts = [Part(element[:-len(head)], "free"), Part(head, "head")]
    if prefix:
        parts[0] = Part(element[len(prefix[0]):-len(head)], "free")
        return Mention(start, end, element, tuple(p for p in parts if p.text), prefix=prefix[0],
                       prefix_kind=prefix[1], place=prefix[2], source="list")
    internal = head in _INTERNAL_HEADS
    return Mention(start, end, element, tuple(p for p in parts if p.text), source="list", internal=internal)


def _prefix_inside(element: str, lex: Lexicon,
                   local: dict[str, Place]) -> tuple[str, str, Place | None] | None:
    for size in range(min(len(element) - 1, lex.place_max), 2, -1):
        place = lex.places.get(element[:size]) or local.get(element[:size])
        if place:
            return place.name, "place", place
    for national in NATIONAL_PREFIXES:
        if element.startswith(national) and len(element) > len(national) + 1:
            return national, "national", None
    if element[0] in "省市区县镇乡" and len(element) > 2:
        return element[0], "level", None
    return None


# --- members of a directed list, companies, places ---------------------------------------------------


_MEMBER_LIST = re.compile(
    r"(?:" + "|".join(DIRECTIVES) + r")((?:[\u4e00-\u9fff]{2,6}[、和及]){1,8}[\u4e00-\u9fff]{2,6}?)"
    r"(?=(?:继续|依法|进一步|切实|全面|认真|积极|联合|尽快|加快|主动|同步|共同|分别|及时)?"
    r"(?:完成|开展|推进|加强|落实|履行|做好|实施|建设|建立|制定))")


def _member_mentions(text: str, lex: Lexicon) -> Iterator[Mention]:
    """Short coordinated names governed by a directive verb, one of them an organisation
    ("推动中大、华工、华农、奥体中心完成…"): all of them are bodies given the task."""
    for m in _MEMBER_LIST.finditer(text):
        members = list(_segments(text, m.start(1), m.end(1), "、和及"))
        names = [text[s:e] for s, e in members]
        if len(names) < 2 or any(len(n) > 5 or "等" in n or not all(layout.CJK.match(c) for c in n)
                                 for n in names):
            continue
        if any(n.startswith(g) for n in names for g in lex.generic_before if len(g) > 1 or g == "各"):
            continue
        if not any(_organisation_head(n, lex) for n in names):
            continue  # "督促中小学校、幼儿园落实": kinds of institution, not bodies
        for s, e in members:
            yield Mention(s, e, text[s:e], (Part(text[s:e], "free"),), source="member")


def _organisation_head(name: str, lex: Lexicon) -> bool:
    """Whether a short name ends with the head of an organisation (奥体中心), not of a kind of institution
    (中小学校, 幼儿园: schools in general unless named)."""
    head = lex.longest_ending(name, len(name), lex.heads, 4)
    return head not in (None, name) and lex.heads[head].kind != "institution"


# areas the tables of places do not know: a new area, a development zone, a park
_ZONES = ("新区", "开发区", "高新区", "园区")


def _unread_area(text: str, end: int) -> int | None:
    """Where the name of a new area or zone ending at ``end`` starts ("会同|两江新区"), at a boundary."""
    zone = next((z for z in _ZONES if text.endswith(z, 0, end)), None)
    if zone is None:
        return None
    start = _bounded_start(text, end - len(zone), (2, 3, 4))
    return start if start is not None and text[start] not in "各全本我该每" else None


_REGISTERED = ("有限公司", "有限责任公司")
_GROUP_ASIDE = re.compile(r"[(（](?:集团|股份|控股)[)）]$")


def _company_mentions(text: str, lex: Lexicon, local: dict[str, Place]) -> Iterator[Mention]:
    """Named companies: a place name (中国, 上海 ...) or an enterprise group (国网, 中石化 ...), a short name,
    集团/公司 ("中国航材集团"); a registered company by its proper name alone ("华能燃气有限公司")."""
    for m in re.finditer(r"集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|集团|分公司|公司", text):
        if m.group().endswith(_REGISTERED):
            aside = _GROUP_ASIDE.search(text, max(0, m.start() - 4), m.start())  # 重庆轨道交通(集团)有限公司
            registered = _proper_name(text, aside.start() if aside else m.start(), m.end(), lex)
            if registered is not None:
                yield registered
                continue
        starts = list(_name_starts(text, m.start()))
        group = next(((start, g) for start in starts
                      if (g := lex.longest_ending(text, start, lex.enterprise_groups, 6, 2))), None)
        if group:  # "国网南京供电公司", "中石化溪宁分公司": a group's branch, by the name as written
            begin = group[0] - len(group[1])
            yield Mention(begin, m.end(), text[begin:m.end()], (Part(m.group(), "head"),),
                          prefix=text[begin:m.start()], prefix_kind="proper", source="company")
            continue
        for start in starts:
            short = lex.longest_ending(text, start, lex.place_short, 4, 2)
            if short:
                begin = start - len(short)
                yield Mention(begin, m.end(), text[begin:m.end()],
                              (Part(text[start:m.start()], "free"), Part(m.group(), "head")),
                              prefix=short, prefix_kind="national" if short == "中国" else "place",
                              place=lex.places.get(lex.place_short[short]), source="company")
                break
        else:
            yield from _trade_name(text, m.start(), m.end(), starts, lex)


def _trade_name(text: str, head_start: int, end: int, starts: list[int], lex: Lexicon) -> Iterator[Mention]:
    """A company by its trade name alone, given a task ("港华燃气公司配合…", "齐鲁石化公司:负责…"): a name
    from a boundary that holds more than trade words (燃气公司 alone is every gas company)."""
    if not (_CHARGED_AFTER.match(text, end) or text[end:end + 1] in (":", "：")):
        return
    start = next((s for s in starts if _at_boundary(text, s)), None)
    if start is None:
        return
    rest = text[start:head_start]
    while rest and (word := lex.body_word_ending(rest, len(rest))):
        rest = rest[:-len(word)]
    if len(rest) >= 2:
        yield Mention(start, end, text[start:end], (Part(text[head_start:end], "head"),),
                      prefix=text[start:head_start], prefix_kind="proper", source="company")


def _name_starts(text: str, head_start: int) -> Iterator[int]:
    """Where a company's short name may start: 2 to 8 characters before its head, within a word run."""
    for size in range(2, 9):
        start = head_start - size
        if start < 0 or text[start] in FREE_STOP or not layout.CJK.match(text[start]):
            return
        yield start


_PLACE_SUFFIX = re.compile(r"街道|[省市区县镇乡旗州盟]")
_TASK_AFTER = re.compile(r"(?:等地|等)?(?:继续|进一步|切实|全面|积极|认真|同步|尽快|加快)?"
                         r"(?:开展|完成|推进|加强|落实|履行|做好|实施|建设|制定|启动)")
_PARTNER_AFTER = re.compile(r"(?:等地)?[^,，。;；\n]{0,12}(?:机制|合作|协作|联动)")
_CHARGED_AFTER = re.compile(r"(?:要|应|分别|按职责分工|按照职责分工)?(?:负责|牵头|配合|协助|参与)"
                            r"(?!人|同志|的)")
_ISSUER_AFTER = re.compile(r"(?:等地)?(?:关于|的?决策部署|印发|下发|联合下发|的?工作要求)")
_ADDRESSED_AFTER = re.compile(r"[、,，]\s*各(?:部门|街道|镇|乡镇|单位|有关单位|镇街|区|县|地)")
_SHORT_PLACE_LIST = re.compile(
    r"(?:" + "|".join(DIRECTIVES) + r"|与)"
    r"((?:[\u4e00-\u9fff]{2,4}[、和及]){0,6}[\u4e00-\u9fff]{2,4}?)(?=等地)")


def _place_mentions(text: str, lex: Lexicon, local: dict[str, Place],
                    jurisdiction: str | None) -> Iterator[Mention]:
    """Place names standing for their government acting (gold notes, policy c): given a task by a
    directive verb ("督促指导杭州、宁波等地开展…"), a partner in a joint mechanism ("与惠农区、平罗县…机制"),
    the source of decisions ("金华市关于…决策部署"), or addressed beside 各部门 ("星海镇、各街道…")."""
    for group in _place_groups(text, lex, local):
        start, end = group[0][0], group[-1][1]
        if not _acting_places(text, start, end):
            continue
        for s, e, place in group:
            if place.name != jurisdiction:
                yield Mention(s, e, text[s:e], (), prefix=place.name, prefix_kind="place", place=place,
                              source="place")


def _place_groups(text: str, lex: Lexicon,
                  local: dict[str, Place]) -> Iterator[list[tuple[int, int, Place]]]:
    """Known places, as groups of a coordinated list ("惠农区、平罗县", "杭州、宁波等地")."""
    found: dict[int, tuple[int, int, Place]] = {}
    for m in _PLACE_SUFFIX.finditer(text):
        place = lex.place_ending(text, m.end(), local)
        if place is not None:
            found[m.end() - len(place.name)] = (m.end() - len(place.name), m.end(), place)
    for m in _SHORT_PLACE_LIST.finditer(text):
        members = list(_segments(text, m.start(1), m.end(1), "、和及"))
        places = [lex.places.get(lex.place_short.get(text[s:e], "")) for s, e in members]
        if all(p is not None and p.level != "province" for p in places):
            for (s, e), place in zip(members, places, strict=True):
                found[s] = (s, e, place)
    group: list[tuple[int, int, Place]] = []
    for start in sorted(found):
        item = found[start]
        if group and not (start == group[-1][1] + 1 and text[group[-1][1]] in "、和及"):
            yield group
            group = []
        group.append(item)
    if group:
        yield group


def _acting_places(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 6):start]
    after = text[end:end + 40]
    if any(before.endswith(verb) for verb in DIRECTIVES) and _TASK_AFTER.match(after):
        return True
    if before.endswith("与") and _PARTNER_AFTER.match(after):
        return True
    if (not before or not layout.CJK.match(before[-1])) and _CHARGED_AFTER.match(after):
        return True  # "木耳镇、龙溪街道负责…": the places open the clause as its subject
    return bool(_ISSUER_AFTER.match(after) or _ADDRESSED_AFTER.match(after))


def _document_places(text: str, lex: Lexicon, jurisdiction: str | None) -> dict[str, Place]:
    """Towns and streets the document lists as units ("区直各部门、星海镇、各街道办事处"), and the plan's
    own jurisdiction: places no table knows."""
    local: dict[str, Place] = {}
    if jurisdiction and jurisdiction not in lex.places:
        local[jurisdiction] = Place(jurisdiction, "town", "", "")
    stem = _stem(jurisdiction or "")
    if len(stem) >= 2 and stem not in lex.place_short:
        local[stem] = Place(stem, "town", "", "")  # "周庄派出所" in the 周庄镇 plan
    for name in _listed_towns(text):
        if name[0] not in "各全本我该" and not name.endswith(("乡镇", "城镇", "村镇", "集镇", "小镇")):
            local.setdefault(name, Place(name, "town", "", ""))
    return local


_TOWN = r"[\u4e00-\u9fff]{2,3}(?:镇|乡|街道)"
_TOWN_NAME = re.compile(_TOWN)
_TOWN_SUBJECT = re.compile(r"(?=[镇乡街])(?<=[\u4e00-\u9fff]{2})(?:镇|乡|街道)"
                           r"(?=(?:人民政府|政府|党委|办事处)?(?:[:：]|(?:要|应)?(?:负责|牵头|配合|协助|参与)))")
_TOWN_JOINT = re.compile(r"(镇|乡|街道)(?:人民政府|政府|办事处)?[、和及]")
_TOWN_INSIDE = re.compile(r"(?<=[、])([\u4e00-\u9fff]{2,5}(?:镇|乡|街道))(?=[、])")


def _listed_towns(text: str) -> Iterator[str]:
    """Names of towns and streets in a list of them: inside it ("区直各部门、星海镇、各街道办事处") or
    making it up ("木耳镇、龙溪街道负责…"), where the first name starts at a boundary, not inside a word."""
    for m in _TOWN_INSIDE.finditer(text):
        yield m.group(1)
    for suffix in _TOWN_SUBJECT.finditer(text):  # "城关镇负责…", "立节镇人民政府配合…", "城关镇政府:负责…"
        yield from _town_ending(text, suffix.start(), suffix.end())
    for joint in _TOWN_JOINT.finditer(text):  # "木耳镇(政府)、" with another town after it: a list of towns
        following = _TOWN_NAME.match(text, joint.end())
        if following is not None:
            yield following.group()
            yield from _town_ending(text, joint.start(), joint.end(1))


def _town_ending(text: str, suffix_start: int, end: int) -> Iterator[str]:
    """The town whose level word is ``text[suffix_start:end]``, its name starting at a boundary:
    "督促|木耳镇", "由|长江镇", "1.|黄家湾镇"."""
    start = _bounded_start(text, suffix_start, (2, 3))
    if start is not None:
        yield text[start:end]


def _bounded_start(text: str, end: int, sizes: tuple[int, ...]) -> int | None:
    """Where a name of one of ``sizes`` characters ending at ``end`` starts at a boundary (the shortest
    first): "督促|木耳|镇", "会同|两江|新区"."""
    for size in sizes:
        start = end - size
        if start >= 0 and _CJK_ONLY.fullmatch(text, start, end) and _at_boundary(text, start):
            return start
    return None


def _at_boundary(text: str, start: int) -> bool:
    return start == 0 or not layout.CJK.match(text[start - 1]) or text.endswith(_BOUNDARY_WORDS, 0, start)


_BOUNDARY_WORDS = (*BOUNDARY_BEFORE, *DIRECTIVES)


def _stem(place: str) -> str:
    """A place name without its level suffix (周庄镇 -> 周庄, 沙河街道 -> 沙河)."""
    return next((place[:-len(suffix)] for suffix in PLACE_SUFFIXES if place.endswith(suffix)), place)


# --- coordination and overlaps ---------------------------------------------------------------------


def _level_coordination(text: str, mentions: list[Mention]) -> list[Mention]:
    """"省、市应急委" names two bodies: the level words before a level-prefixed name share its body."""
    extra = []
    for mention in mentions:
        if mention.prefix_kind != "level" or len(mention.prefix) != 1:
            continue
        position = mention.start
        while position >= 2 and text[position - 1] in "、和" and text[position - 2] in "省市区县镇乡":
            level = text[position - 2]
            label = level + mention.label[1:]
            extra.append(replace(mention, start=position - 2, label=label, prefix=level))
            position -= 2
    return extra


_SHARING_HEADS = ("人民政府", "政府", "办事处")
_BARE_PARTNER = re.compile(r"[、和及](" + "|".join(_SHARING_HEADS) + ")")


def _shared_prefix(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """"镇党委、政府", "街道党工委、办事处": a bare government or office right after a prefixed body in a
    list is the government of the same place."""
    taken = {mention.start for mention in mentions}
    extra = []
    for mention in mentions:
        if mention.prefix_kind not in ("level", "place"):
            continue
        partner = _BARE_PARTNER.match(text, mention.end)
        if partner is None or partner.start(1) in taken:
            continue
        head = partner.group(1)
        if lex.heads[head].blocked_at(text, partner.end()):
            continue  # "镇党委、政府采购": not a body
        extra.append(Mention(partner.start(1), partner.end(), mention.prefix + head, (Part(head, "head"),),
                             prefix=mention.prefix, prefix_kind=mention.prefix_kind, place=mention.place))
    return extra


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (a nested unit is part of the longer name)."""
    priority = {"fixed": 0, "list": 1}
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), priority.get(m.source, 2)))
    kept: list[Mention] = []
    last_end = -1
    for mention in ordered:
        if mention.start >= last_end:
            kept.append(mention)
            last_end = mention.end
        elif kept and (mention.source == kept[-1].source == "department" or (
                mention.prefix_kind == kept[-1].prefix_kind == "proper" and mention.end == kept[-1].end)):
            kept.append(mention)  # members of one coordinated list share the closing head
    return kept
