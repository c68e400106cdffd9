"""The name grammar: where a plan's text names an agency by a head and the words before it.

A name is read right to left from its head (局, 委员会, 指挥部, 中心, 处 ...; ``agency_heads.tsv``):
body words of the government vocabulary (``agency_body_words.tsv``), nested units (市政府|应急指挥中心,
省厅|党委), then an optional prefix: a place name (``agency_places.tsv``, or one the document itself lists),
a bare level word (省/市/区/县/镇), a national prefix (国家, 国务院, 中共中央 ...) or a self reference (我局);
before a body word also the short name of a province or city ("宁波|海事局"),
and anywhere the plan's own place without its suffix ("沙河|派出所" in a 沙河街道 plan).
After an explicit prefix the body may be any short run of characters
("市公务飞行队", "应急管理部|南方区域|中心"). A count before or after a name makes it a type
of body ("新建微型消防站20个").

Besides that grammar: bodies known by a fixed name (``agency_fixed.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from kg.nlp.agencies import layout
from kg.nlp.agencies.lexicon import LEVEL_RANK, Lexicon, Place, lexicon, top_listed_rank
from kg.nlp.agencies.mentions import (
    BOUNDARY_BEFORE,
    CHARGED_AFTER,
    CJK_ONLY,
    FREE_STOP,
    NATIONAL_PREFIX_MAX,
    NATIONAL_PREFIXES,
    NESTABLE,
    TASK_GIVERS,
    Mention,
    Part,
    Scan,
    at_boundary,
    bounded_start,
)
from kg.nlp.agencies.places import (
    VILLAGE_COMMITTEES,
    ZONE_KINDS,
    ZONE_ORGANS,
    park_committee,
    unread_area,
    zone_name_start,
)
from kg.nlp.text import SENTENCE_BREAKS, clause_bounds

SELF_MARKS = ("我", "本")
SELF_HEADS = ("局", "厅", "委", "办", "部")  # 我局, 本厅
# heads of bodies set up for one task, named by the task in any words: "市|食品安全|工作领导小组"
# groups set up for one task, named by it ("市危险货物道路运输安全专项整治工作组")
GROUP_HEADS = frozenset(("工作组", "检查组", "督导组", "督查组", "巡查组"))
TASK_BODY_HEADS = frozenset(("领导小组", "工作专班", "组委会", *GROUP_HEADS))  # 组委会: an event's
# heads a bare level or place may carry with no body: 省厅, 市局 (the issuer's counterpart), 市委 (party)
BARE_HEADS = ("局", "厅", "委", "委员会")
BRANCH_HEADS = ("分局", "支队", "大队")  # a branch named by its area: 市公安局渝北区分局
LOCAL_OFFICE_ENDS = ("所", "站", "队")  # a bureau's office in a town, its numbered team
MAX_LOCAL_AREA = 4
TEAM_HEADS = ("队", "中心", "站", "大队", "中队", "支队", "总队", "基地")
SQUAD_HEADS = ("分队", "小分队")  # a squad is one body only where a place or level names whose
# compound heads that name the town's own unit with no prefix in a town's plan ("联合派出所、市场监管所")
TOWN_UNITS = frozenset(("派出所", "司法所", "卫生院"))
# heads of a town's or street's own offices, named by their work in any words: 平安办, 社区事务科
TOWN_OFFICE_HEADS = frozenset(("办", "办公室", "科", "中心", "服务中心", "站", "所"))
# a post right after a head: the head is the post's (应急站站长, 指挥部副指挥长); but "县财政局副局长" names
# the bureau as "县交通运输局局长" does
POSITION_AFTER = re.compile(r"[站所]?长(?!效|期|远|久|足|城|江|廊|河|沙|春|治)|主任|书记"
                            r"|副(?!局长|主任|厅长|部长|处长|科长|大队长|支队长|站长|所长|队长)")
_ITS_MEDIA_AFTER = re.compile(r"(?:门户)?网站|官网|官方网站|微信公众号|公众号|政务微博")
FREE_NOT_HEADS = set("局厅部府")  # free text runs over no other name ("省自然资源厅|开展汛期联合会")
# (A numeral run is matched from its first character only: starting inside it finds nothing more, and
# trying every start of a long run would take quadratic time.)
COUNT_BEFORE = re.compile(r"(?:(?<![0-9])(?:[2-9]|[1-9][0-9]+)"
                          r"|(?<![两二三四五六七八九十百千几多若干数])[两二三四五六七八九十百千几多若干数]+)"
                          r"[个支处家所座批类只套项级][\u4e00-\u9fff]{0,4}$"
                          r"|(?:一批|新一批|多个|多支|若干)[\u4e00-\u9fff]{0,4}$")
# a count right after a name makes it a type to build ("新建微型消防站20个以上")
COUNT_AFTER = re.compile(r"(?:\d+|[两二三四五六七八九十百千]+)[个支处家所座]")
EACH_BEFORE = re.compile(r"各[\u4e00-\u9fff]{0,3}$")  # 各城市应急管理部门, 各成员单位
# "县级", "县级以上", "二级以上", "三级": every body of that level or grade, none named
LEVEL_QUALIFIER = re.compile(r"(?:(?:省|市|地市|县|区|县区|乡镇|乡|镇|村|地|[一二三])级(?:及?以上|及?以下)?"
                             r"|[二三]甲)$")
# 各区, 各市(州), 各县(市、区), 各市(州)、县(市、区), 各省、自治区、直辖市; 该县, 邻县: one named elsewhere
_LEVEL = (r"(?:省|自治区|直辖市|设区市|县级市|地级以上市|地级市|市|区|县|镇|乡|镇街|街道|地|地市|县区|区县"
          r"|县市区|市县|市州|县市|州|盟|旗)"
          r"(?:[(（][^()（）]{1,8}[)）])?")
GENERIC_LEVEL = re.compile(rf"(?:各|有关|相关|下级|上级|其他|所有|该|邻)"
                           rf"(?:(?:{_LEVEL}[、和及]){{1,3}}(?:{_LEVEL})?|{_LEVEL}|[(（][^()（）]{{1,8}}[)）])?$")
_VERBS_BEFORE = tuple(word for word in BOUNDARY_BEFORE if len(word) > 1)
_VERB_ENDS = frozenset(word[-1] for word in _VERBS_BEFORE)
# Sets for the membership tests of ``Lexicon.longest_ending``, which a tuple would do one by one.
_NATIONAL_SET = frozenset(NATIONAL_PREFIXES)
_NESTABLE_SET = frozenset(NESTABLE)
_HANDLING_VERBS = frozenset("查惩判论一两")  # 查处, 惩处, 判处, 论处; 一处, 两处
_FREE_NATIONAL = frozenset(("国家", "国务院", "中共中央", "国家级"))  # the prefixes free text may follow
_LEVEL_ENDS = frozenset("省市区县州旗盟镇乡道")  # how the words of places and levels end


# --- the grammar -----------------------------------------------------------------------------------


def grammar_mentions(text: str, lex: Lexicon, local: dict[str, Place], scan: Scan,
                     town: bool = False) -> Iterator[Mention]:
    generic_end = -1  # where the last generic name ended: "各县(市、区)应急管理局、自然资源局"
    generic_clause_end = -1  # ... and its clause: "各市(州)应急管理局要会同|财政局": each one's peer
    for m in lex.head_re.finditer(text):
        mention = read_name(text, m.start(), m.end(), lex, local, town)
        if mention is None:
            continue
        counted = COUNT_BEFORE.search(_unbracketed_before(text, mention.start, 8)) and not text.endswith(
            TASK_GIVERS, 0, mention.start)  # "以上两项|由|省能源局牵头": the count is of tasks
        if counted or COUNT_AFTER.match(text, mention.end) or (mention.prefix_kind == "none"
                                                               and _set_up(text, mention)):
            scan.categories.add(mention.core)
            continue
        if text[max(0, mention.start - 2):mention.start] in ("(原", "（原"):
            continue  # "市应急管理局(原市安监局)": the body before, by its former name
        # a bare member after a generic one is each of them too (the rest of the generic name's head between)
        near = 0 <= generic_end < mention.start <= generic_end + 4
        shares_each = near and mention.prefix_kind == "none" and text[mention.start - 1] in "、和及"
        # "试点县|财政局", "重点镇|应急办": the bodies of a kind of place, none named
        of_a_kind = mention.prefix_kind == "none" and (
            _KIND_OF_PLACES.search(text, max(0, mention.start - 16), mention.start) is not None
            or _of_every_village(text, mention.start, lex))
        generic = generic_before(text, mention.start, lex) and not _above_the_listed_levels(text, mention)
        peer = mention.prefix_kind == "none" and mention.start < generic_clause_end
        if shares_each or of_a_kind or generic or peer:
            generic_end = mention.end
            generic_clause_end = clause_bounds(text, mention.end, mention.end)[1]
            continue
        shared = (_shared_name(text, mention, lex) or _shared_village_body(text, mention)
                  or shared_place_body(text, mention, lex, local) or _shared_zone_body(text, mention))
        yield from shared or (mention,)


# places of a kind, none named: "试点县(市)", "重点镇", "边境县", "产粮大县"
_KIND_OF_PLACES = re.compile(r"(?:试点|重点|贫困|边境|沿海|山区|沿江|沿边|产粮大|示范|扩权|先行区?)"
                             r"[省市县区州旗镇乡](?:[(（][^()（）]{1,8}[)）])?$")
_EVERY_VILLAGE = ("村(社区)", "村（社区）", "村居", "村", "社区")
_OF_THE_AREA = ("辖区", "全镇", "全乡", "本镇", "本乡", "镇内", "乡内")


def _of_every_village(text: str, start: int, lex: Lexicon) -> bool:
    """A village or community named by its level alone before the name ("村|卫生室", "辖区村|卫生室",
    "社区|卫生服务站"): every village's, since no plan is a village's own."""
    for word in _EVERY_VILLAGE:
        before = start - len(word)
        if text.endswith(word, 0, start) and (
                at_boundary(text, before) or text.endswith((*lex.generic_before, *_OF_THE_AREA), 0, before)):
            return True
    return False


# a body a task has each lower place set up, with no place or level named: a kind of body, one for each
# ("村(社区)设立应急服务站", "督促各市、州…完成应急管理局挂牌", "每个镇街建立应急管理站")
_SET_UP_BEFORE = re.compile(r"(?:设立|组建|新建|筹建|建立|建设)$")
_SET_UP_AFTER = re.compile(r"(?:挂牌|建设|组建|筹建|标准化建设|规范化建设)")
_EACH_PLACE = re.compile(r"各|每个|每一个|所有|村|社区|乡镇|镇街|街道")
SET_UP_REACH = 16  # characters of the clause before the body where the places setting it up are named


def _set_up(text: str, mention: Mention) -> bool:
    if not (_SET_UP_BEFORE.search(text, max(0, mention.start - 2), mention.start)
            or _SET_UP_AFTER.match(text, mention.end)):
        return False
    sentence_start = clause_bounds(text, mention.start, mention.start, SENTENCE_BREAKS)[0]
    reach = max(mention.start - SET_UP_REACH, sentence_start)
    return _EACH_PLACE.search(text, reach, mention.start) is not None


def _above_the_listed_levels(text: str, mention: Mention) -> bool:
    """"各镇街、|市应急管理局": a body of a level above those listed under 各 before it is named, not each
    of them ("各市、县|应急管理局" is each)."""
    if mention.prefix_kind != "level" or text[mention.start - 1:mention.start] != "、":
        return False
    listed = GENERIC_LEVEL.search(text, max(0, mention.start - 14), mention.start)
    rank = top_listed_rank(listed.group()) if listed else None
    return rank is not None and LEVEL_RANK.get(mention.prefix, 9) < rank


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


def shared_place_body(text: str, mention: Mention, lex: Lexicon, local: dict[str, Place]) -> list[Mention]:
    """"清苑区、满城区应急管理局", "涞水县、涞源县防汛抗旱指挥部": places of one level listed before one's
    body share it, each its own body (each member spans its own name, so that the list reads as one)."""
    place = mention.place
    if mention.prefix_kind != "place" or place is None or place.level == "province":
        return []
    rest = mention.label[len(mention.prefix):]
    members: list[tuple[int, int, Place]] = []
    position = mention.start
    while position > 1 and text[position - 1] == "、":
        member = place_ending_at(text, position - 1, lex, local)
        if member is None or member.level != place.level or not text.endswith(member.name, 0, position - 1):
            break
        members.insert(0, (position - 1 - len(member.name), position - 1, member))
        position = members[0][0]
    if not members or not (at_boundary(text, position) or _known_place(members[0][2], lex)):
        return []
    shared = [replace(mention, start=start, end=end, label=member.name + rest, prefix=member.name,
                      place=member) for start, end, member in members]
    return [*shared, mention]



def _known_place(place: Place, lex: Lexicon) -> bool:
    """Whether a list's first place is one the tables know by its full name, which opens the list after
    any verb ("抽调|恩施市、利川市、巴东县应急管理局执法骨干"), not a word's tail."""
    return len(place.name) >= 3 and lex.places.get(place.name) is place


_ZONE_KINDS_LONGEST = sorted(ZONE_KINDS, key=len, reverse=True)


def _shared_zone_body(text: str, mention: Mention) -> list[Mention]:
    """"高新区、经开区管委会", "长寿经开区、万盛经开区党工委": zones listed before one's body share it, each
    its own body (by its kind alone, or named); "庐山、三清山、龙虎山景区管委会": names listed before a named
    zone share its kind and body."""
    zone = _zone_and_rest(mention)
    if zone is None:
        return []
    own_kind, rest, parts = zone
    members: list[Mention] = []
    position = mention.start
    while position > 1 and text[position - 1] == "、":
        kind = next((k for k in _ZONE_KINDS_LONGEST if text.endswith(k, 0, position - 1)), None)
        if kind is None and mention.prefix_kind == "proper":  # a bare name, the kind written once
            start = bounded_start(text, position - 1, (2, 3, 4))
            name = text[start:position - 1] if start is not None else ""
            if not name or not CJK_ONLY.fullmatch(name) or FREE_STOP.intersection(name):
                break
            members.insert(0, replace(mention, start=start, end=position - 1, label=name + own_kind + rest,
                                      prefix=name + own_kind, parts=parts))
            position = start
            continue
        if kind is None:
            break
        kind_start = position - 1 - len(kind)
        named = zone_name_start(text, kind_start)
        start, prefix_kind = (named, "proper") if named is not None else (kind_start, "level")
        name = text[start:position - 1]
        members.insert(0, replace(mention, start=start, end=position - 1, label=name + rest, prefix=name,
                                  prefix_kind=prefix_kind, place=None, parts=parts))
        position = start
    if not members or not at_boundary(text, position):
        return []
    return [*members, mention]


def _zone_and_rest(mention: Mention) -> tuple[str, str, tuple[Part, ...]] | None:
    """The zone kind a body is named by, the rest of its name and that rest's parts: "经开区|党工委";
    "赣州|高新区|安委会" (a place's zone, read as the place and a body word)."""
    if mention.prefix_kind in ("level", "proper") and mention.place is None \
            and mention.prefix.endswith(ZONE_KINDS):
        own_kind = next(k for k in _ZONE_KINDS_LONGEST if mention.prefix.endswith(k))
        return own_kind, mention.label[len(mention.prefix):], mention.parts
    if mention.prefix_kind == "place" and len(mention.parts) > 1 and mention.parts[0].text in ZONE_KINDS:
        own_kind = mention.parts[0].text
        return own_kind, mention.label[len(mention.prefix) + len(own_kind):], mention.parts[1:]
    return None


# a village's or a community's body, its name and its unit word apart: "岩口|村|村委会", "桂香|社区|居委会",
# "松林|两村|党支部", "松林|村|两个|村委会" (the villages listed before it share the body)
_GRASSROOTS_HEADS = (*VILLAGE_COMMITTEES, "两委", "党支部", "党总支", "党委")
_GRASSROOTS_BODY = re.compile(r"([\u4e00-\u9fff]{2,4}?)(村|社区)?(?:[两二三四五六七八九十]个?(村|社区)?)?"
                              r"(" + "|".join(_GRASSROOTS_HEADS) + ")")
_COUNTED = re.compile(r"[两二三四五六七八九十]个?(?:村|社区)?(?:村|居|两|党)")


def _shared_village_body(text: str, mention: Mention) -> list[Mention]:
    """"高坪村、松林村、岩口村村委会", "望江、桂香社区居委会", "高坪、松林两村村委会": villages or communities
    listed before one's body share it, each its own body."""
    body = _GRASSROOTS_BODY.fullmatch(mention.label) if mention.prefix_kind == "proper" else None
    if body is None:
        return []
    name, unit, counted_unit, head = body.groups()
    unit = unit or counted_unit or ("社区" if head.startswith("居") else "村")
    members = [(mention.start, mention.end, name)]
    position = mention.start
    while position > 1 and text[position - 1] in "、和及":
        start = bounded_start(text, position - 1, (2, 3, 4, 5, 6))
        member = text[start:position - 1].removesuffix(unit) if start is not None else ""
        if not 2 <= len(member) <= 4 or any(verb in member for verb in _verbs()):
            break
        members.insert(0, (start, position - 1, member))
        position = start
    counted = _COUNTED.search(mention.label) is not None
    if len(members) == 1 and not counted:
        return []
    # each member spans its own words, so that the list reads as one ("X村、Y村村委会负责"); the last is
    # named as written ("下庄村委会"), unless it holds the count ("松林两村村委会" is 松林村村委会)
    shared = [replace(mention, start=start, end=end, label=member + unit + head, prefix=member + unit)
              for start, end, member in members[:-1]]
    return [*shared, replace(mention, label=name + unit + head, prefix=name + unit) if counted else mention]


def read_name(text: str, head_start: int, head_end: int, lex: Lexicon,
              local: dict[str, Place], town: bool = False) -> Mention | None:
    mention = _read_name(text, head_start, head_end, lex, local, town)
    if text[head_start:head_end] in ZONE_ORGANS and (mention is None or mention.prefix_kind == "none"):
        # "与|泉港石化工业区|管委会合作": a park's committee by the park's own name, not the plan's place's
        return park_committee(text, head_start, head_end) or mention
    return mention


def _read_name(text: str, head_start: int, head_end: int, lex: Lexicon,
               local: dict[str, Place], town: bool = False) -> Mention | None:
    head = text[head_start:head_end]
    spec = lex.heads.get(head)
    if spec is not None and spec.blocked_at(text, head_end):
        return None
    if head == "部" and text[head_start - 1:head_start] == "局":
        return None  # "局部地区", "局部强降雨": a word (local), never a 局 and a 部
    if POSITION_AFTER.match(text, head_end) or _ITS_MEDIA_AFTER.match(text, head_end):
        return None  # "局长", "市人民政府网站": a post, a body's website
    kind = "abbr" if spec is None else spec.kind
    if kind == "division" and head == "处" and text[head_start - 1:head_start] in _HANDLING_VERBS:
        return None  # "立案查处", "依法惩处": a verb, no division; "销号一处": a count
    if kind == "institution":
        named = proper_name(text, head_start, head_end, lex)
        if head in SCHOOL_HEADS and not _ACTING_AFTER.match(text, head_end) and not (
                named is not None and _named_with_its_place(named.prefix, lex, local)):
            return None  # "开展春秋季学校食品安全检查": schools in general; a named one is given a task
        return named
    if head == "室" and text.endswith(_ROOM_USES, 0, head_start):
        return None  # "建设校园安全教育体验室": a room for that use, no division
    parts = [Part(head, "abbr" if spec is None else "head")]
    position = _walk_body(text, head_start, parts, lex, local)
    if head in _PREFECTURE_GOVERNMENTS and parts[0].text == "委":
        parts, position = parts[-1:], head_start  # "地委行署": the committee and the government
    position = _unit_of_a_branch(text, position, parts, lex, local)
    position = _branch_of(text, position, parts, lex, local)
    position = _local_office_of(text, position, parts, lex, local)
    if kind == "division" and not any(part.kind in ("head", "abbr") for part in parts[:-1]):
        position = _division_of(text, position, parts, lex, _PARENT_HEADS)
    elif any(part.text in GOVERNMENT_UNITS for part in parts) and not any(
            part.text in _GOVERNMENTS for part in parts) and lex.longest_ending(
            text, position, _GOVERNMENTS, 4) is None:  # "市人民政府|教育督导|委员会(办公室)": its committee
        position = _division_of(text, position, parts, lex, _GOVERNMENTS)
    prefix = prefix_at(text, position, parts, lex, local)
    if prefix is not None and prefix[:2] == ("地区", "level") and head == "办事处":
        prefix = _named_area(text, prefix)
    if prefix is None:
        prefix = _free_reading(text, head_start, position, parts, kind, lex, local)
    if prefix is None and head in TEAM_HEADS:
        prefix = _national_team(text, position, parts, lex)
    if prefix is None:
        zone = _zone_prefix(text, position, parts)  # before trimming: a scenic area's kind is inner
        if zone is None:
            # "向|农村水利科报送", "、|农村水利科、": a division's name opening at a boundary is whole
            whole = kind == "division" and at_boundary(text, position)
            parts, start = (parts, position) if whole else _trim_unprefixed(parts, position, lex)
            zone = _zone_prefix(text, start, parts)
        if zone is not None:
            prefix, parts = zone, parts[1:]
        else:
            area = unread_area(text, start)
            # "两江新区|应急局": the body of an area the tables do not know, as written, not the plan's own
            prefix = (text[area:start], "proper", None, area) if area is not None else (
                "", "none", None, start)
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
    elif mention.place is not None and (
            above := _city_or_province_written_before(text, label_start, mention.place, lex)):
        # "会同|淄博市|临淄区发展和改革局": the district named with its city is still the district's
        start = label_start - len(above)
        mention = replace(mention, start=start, label=text[start:head_end])
    if kind == "division" and mention.prefix_kind == "none" and all(p.kind == "body" for p in parts[:-1]):
        mention = replace(mention, internal=True)
    if kind == "division" and mention.prefix_kind == "none":
        named = _acting_division(text, head_start, head_end, lex) or _division_reported_to(
            text, head_start, head_end, lex)
        if named is not None and named.start < mention.start:
            return named  # "由|调查评估和统计|司负责", not "统计司"
    if text.endswith(_FACILITY_STATIONS, 0, head_end) or any(
            part.kind == "free" and part.text.startswith(lex.cues["task"]) for part in mention.parts):
        return None  # "拉萨市加油站": a business; "东营市|建设危险化学品区域救援|基地": a task's object
    if mention.prefix_kind == "none" and _opens_with_a_ministry(mention.parts):
        # "教育部|办公厅", "应急管理部|风险监测和综合减灾|司": a unit of a national body is national too
        mention = replace(mention, prefix_kind="national", place=None)  # its parts spell the owner
    if _acts_after_a_body(mention.parts, lex):
        return None  # "区民政局|组织|消防宣传|小分队", "省消防救援总队|建设|…|基地": a body and what it does
    if mention.prefix_kind == "none" and (kind == "compound" or (kind == "org" and len(mention.parts) > 1)) \
            and (named := _acting_proper_name(text, mention, lex)) is not None:
        mention = named  # "红花尔基|林业局负责…", "伊敏河|林场负责…": a body by its own name, acting
    if _well_formed(mention, kind, town):
        # "市纪委监委机关" is the body itself (its offices), read as 市纪委监委
        return replace(mention, parts=mention.parts[:-1]) if head == "机关" else mention
    return _town_office(text, head_start, head_end, lex) if town and head in TOWN_OFFICE_HEADS else None




def _opens_with_a_ministry(parts: tuple[Part, ...]) -> bool:
    """Whether a name's first words, up to a head, spell a national body (应急管理部|办公厅)."""
    owner = ""
    for part in parts[:-1]:
        owner += part.text
        if part.kind in ("head", "abbr"):
            return owner in _national_bodies()
    return False


def _city_or_province_written_before(text: str, end: int, place: Place, lex: Lexicon) -> str | None:
    """The city or province of ``place`` written right before it, as its name or its short name."""
    above = lex.place_ending(text, end)
    if above is not None and above.name in (place.city, place.province):
        return above.name
    owners = {name for name in (place.city, place.province) if name}
    return next((text[end - size:end] for size in (3, 2)
                 if end >= size and lex.place_short.get(text[end - size:end]) in owners), None)


def _named_area(text: str, level: Prefix) -> Prefix:
    """The area a 地区办事处 governs, a street of a municipality's district ("南磨房|地区|办事处")."""
    start = zone_name_start(text, level[3])
    return (text[start:level[3]] + level[0], "proper", None, start) if start is not None else level


def _zone_prefix(text: str, start: int, parts: list[Part]) -> Prefix | None:
    """A zone that a body belongs to, read from its first word: named ("长寿|经济技术开发区|管委会", as
    written) or by its kind alone, which in the zone's own plan is the zone ("经开区|安监局",
    "新区|规划建设局")."""
    if len(parts) < 2 or parts[0].kind != "body" or parts[0].text not in ZONE_KINDS:
        return None
    end = start + len(parts[0].text)
    named = zone_name_start(text, start)
    if named is not None:
        return text[named:end], "proper", None, named
    if lexicon().body_words.get(parts[0].text) == "inner":
        return None  # "景区派出所": any scenic area's (an inner word); only a named one is a body
    return (parts[0].text, "level", None, start) if at_boundary(text, start) else None


MAX_DIVISION_NAME = 16  # 安全生产执法和工贸安全监督管理处


def _acts_after_a_body(parts: tuple[Part, ...], lex: Lexicon) -> bool:
    """A task verb read as a body word right after a nested body and before more words ("局|组织|消防宣传|
    小分队"); "市委|组织|部" is the committee's organisation department."""
    return any(parts[i - 1].kind in ("head", "abbr") and parts[i].text.startswith(lex.cues["task"])
               and parts[i + 1].kind in ("body", "free") for i in range(1, len(parts) - 1))


def _acting_division(text: str, head_start: int, head_end: int, lex: Lexicon) -> Mention | None:
    """A division named in free words, 和 among them, where it acts: from a boundary ("由", a clause's
    start) to its head, then a role ("由救援协调和预案管理处牵头", "调查评估和统计司负责",
    "观测与网络股负责").
    The words may hold verbs as nouns (协调, 监测), but do not open with one, nor with an adverb."""
    if not (CHARGED_AFTER.match(text, head_end) or text[head_end:head_end + 1] in (":", "：")):
        return None
    start = head_start
    while start > max(0, head_start - MAX_DIVISION_NAME) and layout.CJK.match(text[start - 1]) and (
            text[start - 1] not in FREE_STOP or text[start - 1] in "和与"):
        start -= 1
    for begin in range(start, head_start - 1):
        words = text[begin:head_start]
        if at_boundary(text, begin) and not words.startswith(_division_openers()) \
                and lex.head_re.search(words) is None and not any(word in words for word in _introducers()):
            return Mention(begin, head_end, text[begin:head_end],
                           (Part(words, "free"), Part(text[head_start:head_end], "head")), internal=True)
    return None


_REPORT_VERBS = ("报送", "报告", "报备", "提交", "反馈", "汇报")


def _division_reported_to(text: str, head_start: int, head_end: int, lex: Lexicon) -> Mention | None:
    """A division named in free words after 向, where something is reported to it: "向|特种设备安全监察|
    处报送", "向|河湖管理|科报送". The words hold no separator, head or verb of a role."""
    if not text.startswith(_REPORT_VERBS, head_end):
        return None
    to = text.rfind("向", max(0, head_start - MAX_DIVISION_NAME - 1), head_start)
    words = text[to + 1:head_start]
    if to < 0 or len(words) < 2 or not CJK_ONLY.fullmatch(words) or not FREE_STOP.isdisjoint(words) \
            or lex.head_re.search(words) or words.startswith(_division_openers()) \
            or any(verb in words for verb in _division_stops()):
        return None
    return Mention(to + 1, head_end, text[to + 1:head_end],
                   (Part(words, "free"), Part(text[head_start:head_end], "head")), internal=True)


_PROPER_NAME_WORDS = re.compile(r"[\u4e00-\u9fff]{2,6}")
_NOT_IN_A_PROPER_NAME = re.compile(r"[年月日各全本该每其此]")


def _acting_proper_name(text: str, mention: Mention, lex: Lexicon) -> Mention | None:
    """A body named by words of its own (a forest bureau's, a farm's) from a boundary to its name, where
    it acts: "红花尔基|林业局负责…". The words are no verb, adverb, time or generic word."""
    if not (CHARGED_AFTER.match(text, mention.end) or text[mention.end:mention.end + 1] in (":", "：")):
        return None
    for begin in range(max(0, mention.start - 6), mention.start - 1):
        words = text[begin:mention.start]
        if at_boundary(text, begin) and _PROPER_NAME_WORDS.fullmatch(words) and FREE_STOP.isdisjoint(words) \
                and not _NOT_IN_A_PROPER_NAME.search(words) and not words.startswith(_division_openers()) \
                and not words.startswith(lex.generic_before) and lex.head_re.search(words) is None:
            return replace(mention, start=begin, label=text[begin:mention.end], prefix=words,
                           prefix_kind="proper")
    return None


@lru_cache(maxsize=1)
def _division_openers() -> tuple[str, ...]:
    """What a division's own words never open with: a boundary word, a verb, an adverb, a modal, 和, or
    村/社区 (村卫生室, 社区警务室: every village's, no division of the issuing body)."""
    cues = lexicon().cues
    boundaries = tuple(word for word in BOUNDARY_BEFORE if word != "和")
    return (*boundaries, *_verbs(), *cues["adverb"], *cues["modal"], *cues["manner"], "和", "村", "社区")


# a national system before a place: its office there is named with both ("民航江苏监管局")
# national systems organised by river basin or region, whose offices are named with the system
NATIONAL_SYSTEMS = ("长江", "黄河", "珠江", "淮河", "海河", "松辽", "太湖", "民航")
_SYSTEM_BEFORE = re.compile(r"(?:(?:国家|中国)[\u4e00-\u9fff]{1,10}?(?:总局|局)|"
                            + "|".join(NATIONAL_SYSTEMS) + ")$")


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
    of_ministry = kind in ("division", "org") and _national_body_re().search(
        text, max(0, position - MAX_DIVISION_NAME - 1), position) is not None
    may_bound = kind not in ("government", "party") and (
        not _LEVEL_ENDS.isdisjoint(window) or of_ministry or any(name in window for name in local))
    if not (may_free or may_bound):
        return None
    # a task's name may be long, and so may a ministry's department (应急管理部|危险化学品安全监督管理一|司)
    reach = 20 if task_body else MAX_DIVISION_NAME if of_ministry else 10
    free = _free_prefix(text, position, lex, local, reach)
    if free is None or lex.head_re.search(text, free[1], position) or CHARGED_AFTER.match(text, free[1]):
        return None  # none, "市|消防救援支队全年接|处": free text does not run over a name nor open with
        # a role ("应急管理部|牵头建设指挥|中心")
    if free[0][1] == "level" and division_word_at(text, free[1], parts[-1].text, lex):
        return None  # "市场运行科": 市场 is a word, not the city's
    if _LEVELS_COUNTED.search(text, free[1], position):
        return None  # "市、县|两级|应急管理局", "区、镇|街两级|…中心": the bodies of two levels, no name
    bounded = (free[0][1] in ("place", "level") or free[0][0] in _national_bodies()) and at_boundary(
        text, free[0][3]) and not (len(parts) == 1 and _closes_word(text, head_start, head, (1,)))
    if not (bounded or may_free):
        return None
    parts.insert(0, Part(text[free[1]:position], "free"))
    return free[0]


MAX_NATIONAL_TEAM_WORDS = 14  # 国家|危险化学品应急救援兰州|石化队


def _national_team(text: str, position: int, parts: list[Part], lex: Lexicon) -> Prefix | None:
    """A national team or centre named after 国家 in words of its own, its region or its base among them
    ("国家|西北区域|应急救援中心", "国家|危险化学品应急救援兰州|石化队"): 国家 opens the name, at a
    boundary or after a task's verb ("推进|国家…石化队标准化建设"); the words between hold no separator,
    head, verb or level qualifier (not "国家级")."""
    national = "国家"
    for start in range(position - 1, max(0, position - MAX_NATIONAL_TEAM_WORDS) - 1, -1):
        if not layout.CJK.match(text[start]) or text[start] in FREE_STOP:
            return None
        opens = start - len(national)
        if text.endswith(national, 0, start) and (
                at_boundary(text, opens) or text.endswith(lex.cues["task"], 0, opens)):
            words = text[start:position]
            if words.startswith("级") or lex.head_re.search(words) or any(
                    verb in words for verb in _verbs()):
                return None
            parts.insert(0, Part(words, "free"))
            return national, "national", None, start - len(national)
    return None


# stations that are facilities or businesses, never a body: "检查加油站、液化气经营点", "拉萨市加油站"
_FACILITY_STATIONS = ("加油站", "加气站", "充电站", "换电站", "收费站", "汽车站", "客运站", "火车站", "泵站",
                      "电站")


def _town_office(text: str, head_start: int, head_end: int, lex: Lexicon) -> Mention | None:
    """An office of a town or street named by its work in any words (平安办, 社区事务办, 经发办), where the
    name opens a clause or a list item: the town's own division. Not a word the head ends (场所)."""
    if _closes_word(text, head_start, text[head_start:head_end], (1,)):
        return None
    for start in range(head_start - 2, max(0, head_start - 6) - 1, -1):
        if not all(layout.CJK.match(c) and c not in FREE_STOP for c in text[start:head_start]):
            return None
        if text[start - 1:start].isdigit():
            return None  # "14|处进山检查站": a count's unit, then the things counted
        if text[start - 1:start].isascii() and text[start - 1:start].isalpha():
            return None  # "LNG|接收站": a facility named by its letters, no office
        if _NOT_IN_A_PROPER_NAME.search(text, start, head_start):
            return None  # "全年劝导站值守率": a time or every one of them, no office's name
        if lex.head_re.search(text, start, head_start) or any(
                verb in text[start:head_start] for verb in _division_stops()):
            return None  # "领导小组下设|办公室": a body sets its office up
        if at_boundary(text, start) and not text.startswith(lex.cues["task"], start):
            return Mention(start, head_end, text[start:head_end],
                           (Part(text[start:head_start], "free"), Part(text[head_start:head_end], "head")),
                           internal=True)
    return None


# schools are named as bodies only where they act: "白岭中心学校负责…", "县第一中学、县职业中专配合…"
SCHOOL_HEADS = frozenset(("学校", "中学", "小学", "幼儿园", "中专"))
_ACTING_AFTER = re.compile(r"(?:[、和及][^,，。;；:：、和及]{2,16})*"
                           r"(?:要|应|须)?(?:分别|共同)?(?:负责|牵头|配合|协助|参与|[:：])")
_ROOM_USES = ("体验", "培训", "会议", "会商")  # 会议室, 视频会商室: rooms where bodies meet


def _named_with_its_place(name: str, lex: Lexicon, local: dict[str, Place]) -> bool:
    """Whether a school's name opens with a place the tables know and goes on in words of its own, no
    generic ones: "凤凰县|箭道坪", "凤凰县|第一" (a named school wherever it stands), not "凤凰县|所有"."""
    for size in range(len(name) - 2, 1, -1):
        place, own = name[:size], name[size:]
        if place in lex.places or place in local:
            return not _NOT_IN_A_PROPER_NAME.search(own) and not own.startswith(lex.generic_before)
    return False


# kinds of school or hospital, not one of them: "寄宿制学校", "民办幼儿园", "中小学校", "定点医院"
_KINDS_OF_INSTITUTION = ("寄宿制", "民办", "公办", "农村", "乡村", "城区", "中小", "各类", "特殊教育", "高等",
                         "中等", "普通", "定点", "公立", "私立", "二级", "三级")
_KINDS_OF_PLACE = frozenset(("社区", "村", "农村", "城市", "城乡", "基层", "乡镇", "街道"))
PROPER_BOUNDARY = (*BOUNDARY_BEFORE, "支持", "委托", "邀请", "推动", "鼓励", "引导", "引入", "依托", "借助",
                   "聘请", "与", "和")


def proper_name(text: str, head_start: int, head_end: int, lex: Lexicon) -> Mention | None:
    """A university or institute: a proper name ("西南交通大学", "四川大学") back to a separator or a
    verb before it; nothing when no boundary is in sight."""
    for start in range(head_start - 2, max(0, head_start - 9) - 1, -1):
        if start == 0 or text[start - 1] in FREE_STOP or not layout.CJK.match(text[start - 1]) \
                or text.endswith(PROPER_BOUNDARY, 0, start):
            if not all(layout.CJK.match(c) and c not in FREE_STOP for c in text[start:head_start]):
                return None
            name = text[start:head_start]
            if name in _KINDS_OF_PLACE or name.endswith(("进", *_KINDS_OF_INSTITUTION)) \
                    or name[0] in "全各本该每此其" or any(verb in name for verb in _verbs()) \
                    or LEVEL_QUALIFIER.search(text, max(0, start - 6), start + 2) \
                    or text[start - 1:start + 1] in ("以上", "以下"):
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
        if not layout.CJK.match(text[start]) or (text[start] in FREE_STOP and text[start] not in "和与"):
            return position
        if any(verb in words for verb in _division_stops()) or _NOT_IN_A_DIVISION.search(words) \
                or lex.head_re.search(words):
            return position  # "支队全年接处警", "市政府成立市安委会": what the body does, not a unit of it
        parent = lex.longest_ending(text, start, parents, 4)
        named = parent is not None and start - len(parent) > 0 and layout.CJK.match(
            text[start - len(parent) - 1])
        # "，厅|安全生产基础|处", "部|调查评估和统计|司": the issuer's short form alone at a boundary is a
        # parent too
        if parent is None and text[start - 1:start] == "部":
            parent = "部"
        short = parent in SELF_HEADS and at_boundary(text, start - len(parent))
        if parent and len(words) >= 2 and (named or short) and words[0] not in "和与及" \
                and not words.startswith(_verbs()):
            # not "应急指挥中心|两|处", "市政府|和市|防汛抗旱指挥部", "市应急局|加强…处"
            parts.insert(0, Part(words, "free"))
            return _walk_body(text, start, parts, lex)
        if parents is _PARENT_HEADS and start > 1 and text[start - 1] == "、" and text[start - 2] in "处科股":
            parts.insert(0, Part(words, "free"))  # "基础教育科、|学前|教育科": the next division in a list
            return start
    return position


MAX_DIVISION_WORDS = 10


@lru_cache(maxsize=1)
def _division_stops() -> tuple[str, ...]:
    """Verbs no division's own words hold: a role's, and setting a body up. (A task's or a directive's
    may name a division's work after another word: "救援|协调|和预案管理处", "基础设施|建设|处".)"""
    cues = lexicon().cues
    return (*cues["lead_verb"], *cues["charge_verb"], *cues["support_verb"], *_introducers(), "成立", "组建",
            "设立", "下设", "筹建", "调整")


@lru_cache(maxsize=1)
def _introducers() -> tuple[str, ...]:
    """The words that introduce a body in prose, never part of its name: 由X负责, 会同X, 联合X, 配合X."""
    cues = lexicon().cues
    return ("由", *cues["jointly"], *cues["assist"], "联合")


_NOT_IN_A_DIVISION = re.compile(r"[年月日已]|全[市省县区镇]")
_PARENT_HEADS = frozenset(("局", "厅", "委", "委员会", "办公室", "中心", "总队", "支队"))
_GOVERNMENTS = frozenset(("人民政府", "政府"))
GOVERNMENT_UNITS = frozenset(("委员会", "指挥部"))


def _branch_of(text: str, position: int, parts: list[Part], lex: Lexicon, local: dict[str, Place]) -> int:
    """A branch named by its area under the body it belongs to ("市公安局|渝北区|分局", "市生态环境局|渝北|
    分局"), maybe with its work ("国家矿山安全监察局山西局|晋西|监察分局", an area the tables do not know,
    right after the bureau): the area becomes part of the name, which reads on into the parent body;
    elsewhere ``position``."""
    if parts[-1].text not in BRANCH_HEADS or any(part.kind != "body" for part in parts[:-1]):
        return position
    place = place_ending_at(text, position, lex, local)
    if place is not None:
        area = place.name if text.endswith(place.name, 0, position) else text[position - 2:position]
    else:  # "国家矿山安全监察局山西局|晋西|监察分局", "市公安局|朝阳|分局", "市公安局|城区|分局"
        area = (_county_stem_ending(text, position, lex) if len(parts) == 1 else "") or next(
            (text[position - size:position] for size in range(2, MAX_LOCAL_AREA + 1)
             if text[position - size - 1:position - size] == "局"
             and _may_name_a_town(text[position - size:position], lex)), "")
    if not area:
        return position
    parent = lex.longest_ending(text, position - len(area), _NESTABLE_SET, 4)
    # 市规划自然资源委|海淀|分局, 市消防救援支队|海曙|大队
    if parent not in ("局", "厅", "委", "支队", "总队"):
        return position
    parts.insert(0, Part(area, "free"))
    position = _walk_body(text, position - len(area), parts, lex)
    if parts[0].kind == "head" and parts[0].text in BRANCH_HEADS:  # "总队|大兴安岭|支队|呼玛|大队": the
        outer = parts[:1]  # parent is a branch named by its area too
        position = _branch_of(text, position, outer, lex, local)
        parts[:1] = outer
    return position


def _unit_of_a_branch(text: str, position: int, parts: list[Part], lex: Lexicon,
                      local: dict[str, Place]) -> int:
    """A team named by its work under a branch named by its area ("市公安局虎门分局|交警大队"): the
    branch, read as :func:`_branch_of` reads it, becomes part of the name; elsewhere ``position``."""
    branch = "分局"
    own = parts[1:] if parts[0] == Part("局", "head") else parts  # the body walk took 分|局 for a 局
    end = position + len(parts[0].text) if own is not parts else position
    if len(own) < 2 or any(part.kind != "body" for part in own[:-1]) or not text.endswith(branch, 0, end):
        return position
    outer = [Part(branch, "head")]
    start = _branch_of(text, end - len(branch), outer, lex, local)
    if start == end - len(branch):
        return position  # no area and parent before it: "分局" alone names no branch here
    parts[:] = [*outer, *own]
    return start


def _county_stem_ending(text: str, position: int, lex: Lexicon) -> str:
    """A district's or county's name without its 区 or 县 right after a bureau ("市公安局|海淀|分局"), or a
    city's short name after a corps ("森林消防总队|呼伦贝尔|支队")."""
    for size in (4, 3, 2):
        stem = text[max(0, position - size):position]
        if len(stem) == size and text[position - size - 1:position - size] in ("局", "委", "队") and (any(
                stem + suffix in lex.places for suffix in ("区", "县")) or stem in lex.place_short):
            return stem
    return ""


def _local_office_of(text: str, position: int, parts: list[Part], lex: Lexicon,
                     local: dict[str, Place]) -> int:
    """A bureau's office in a town, named by the town after the bureau ("县自然资源局|城关|自然资源所",
    "县公安局|新安镇|派出所"), or its numbered team ("省地质矿产勘查开发局|第三地质|大队"): the town or the
    number becomes part of the name, which reads on into the bureau; the town need not be one the
    tables know. Elsewhere ``position``."""
    head = parts[-1].text
    window = text[max(0, position - lex.place_max - 1):position]
    if not head.endswith(LOCAL_OFFICE_ENDS) or any(p.kind == "free" for p in parts) \
            or ("局" not in window and "大队" not in window and "支队" not in window):
        return position  # no bureau (or fire brigade) in reach: no place to look up
    place = place_ending_at(text, position, lex, local)
    sizes = (len(place.name),) if place is not None else range(2, MAX_LOCAL_AREA + 1)
    for size in sizes:
        area = text[max(0, position - size):position]
        parent = text[max(0, position - size - 2):position - size]
        # a fire-rescue brigade's or detachment's station or squadron by its town ("大队|杜桥|中队",
        # "支队|古南|消防站")
        fire_unit = parent in ("大队", "支队") and head.endswith(("站", "中队"))
        numbered = head.endswith("队") and not fire_unit
        if len(area) == size and (parent.endswith("局") or fire_unit) and (
                _ORDINAL.match(area) if numbered else _may_name_a_town(area, lex)):
            parts.insert(0, Part(area, "free"))
            return _walk_body(text, position - size, parts, lex)
    return position


_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]{1,3}")


def _may_name_a_town(words: str, lex: Lexicon) -> bool:
    return bool(CJK_ONLY.fullmatch(words)) and not FREE_STOP.intersection(words) and not any(
        word in words for word in _area_stops()) and lex.body_word_ending(words, len(words)) is None


@lru_cache(maxsize=1)
def _area_stops() -> tuple[str, ...]:
    """Words no town's name holds: the verbs, the words that introduce or join bodies (由, 会同, 联合), and
    the modal verbs (要)."""
    cues = lexicon().cues
    return (*_verbs(), *_introducers(), *cues["cooperate"], *cues["modal"])


def _ends_a_place(text: str, position: int, word: str, lex: Lexicon,
                  local: dict[str, Place] | None = None) -> bool:
    if word[-1] not in _LEVEL_ENDS:
        return False
    place = lex.place_ending(text, position, local)
    return place is not None and len(place.name) > len(word)


def _walk_body(text: str, position: int, parts: list[Part], lex: Lexicon,
               local: dict[str, Place] | None = None) -> int:
    """Read body words and nested units leftwards from ``position``; return where the body starts."""
    while position > 0:
        word = lex.body_word_ending(text, position)
        if word and _ends_a_place(text, position, word, lex, local):  # "吴城镇|防汛…": not 城镇
            break  # "盐城市|水利局": 城市 is the end of the place's name, not a body word
        if word:
            parts.insert(0, Part(word, "body"))
            position -= len(word)
            continue
        if lex.longest_ending(text, position, _NATIONAL_SET, NATIONAL_PREFIX_MAX, 3):
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


def prefix_at(text: str, position: int, parts: list[Part], lex: Lexicon,
              local: dict[str, Place]) -> Prefix | None:
    if position == 0:
        return None
    first = parts[0]
    if text[position - 1] in SELF_MARKS and first.kind == "head" and first.text in SELF_HEADS:
        return text[position - 1], "self", None, position - 1
    national = lex.longest_ending(text, position, _NATIONAL_SET, NATIONAL_PREFIX_MAX, 2)
    if national and not (national == "中央" and text[position - 3:position - 2] == "党"):
        local_office = _local_office_of_a_national_system(text, position - len(national), lex, local) \
            if national == "国家" else None
        if local_office is not None:
            parts.insert(0, Part(national, "body"))
            return local_office
        return national, "national", None, position - len(national)
    if first.text == "委" and text[position - 1:position] == "地" and not (
            len(parts) > 1 and parts[1].text in _PREFECTURE_GOVERNMENTS):  # "地委行署": two bodies
        prefecture = _prefecture_committee(text, position, lex)
        if prefecture is not None:
            return prefecture
    place = place_ending_at(text, position, lex, local)
    if place is not None:
        return place.name, "place", place, position - len(place.name)
    zone = next((kind for kind in ZONE_KINDS if text.endswith(kind, 0, position)), None)
    if zone is not None and at_boundary(text, position - len(zone)):
        return zone, "level", None, position - len(zone)  # "新区|规划建设局": in the new area's plan, its own
    level = _level_ending(text, position, lex)
    if level is not None and not division_word_at(text, position, parts[-1].text, lex):
        return level, "level", None, position - len(level)
    aside = _LEVEL_ASIDE_END.search(text, max(0, position - 10), position)
    if aside is not None and (level := _level_ending(text, aside.start(), lex)) is not None:
        return level, "level", None, aside.start() - len(level)  # "县(市)|财政局": the counties' bureaus
    compound = first.kind == "head" and lex.heads[first.text].kind == "compound"  # 南京|日报社
    if compound or (first.kind == "body" and lex.body_words.get(first.text) == "word"):
        return _short_place_at(text, position, lex)
    if first.kind == "body":  # "民航|江苏|监管局": an inner word after a national system's place
        short = _short_place_at(text, position, lex)
        if short is not None and _SYSTEM_BEFORE.search(text, max(0, short[3] - 16), short[3]):
            return short
    return None


_LEVEL_ASIDE_END = re.compile(layout.LEVEL_ASIDE + "$")


def _local_office_of_a_national_system(text: str, start: int, lex: Lexicon,
                                       local: dict[str, Place]) -> Prefix | None:
    """The place or level before 国家 in "市|国家|保密局", "南京市|国家|安全局": that place's office."""
    place = place_ending_at(text, start, lex, local)
    if place is not None:
        return place.name, "place", place, start - len(place.name)
    level = _level_ending(text, start, lex)
    if level is not None:
        return level, "level", None, start - len(level)
    for size in (2, 3, 4):  # "仙米|国家森林公园管理局": a park's own body, named by its place
        words = text[max(0, start - size):start]
        if len(words) == size and at_boundary(text, start - size) and _PROPER_NAME_WORDS.fullmatch(words) \
                and FREE_STOP.isdisjoint(words) and not words.startswith(_division_openers()):
            return words, "proper", None, start - size
    return None


def division_word_at(text: str, position: int, head: str, lex: Lexicon) -> bool:
    """Whether a division's name (by its ``head``) opens with a word holding the level word that ends at
    ``position`` (see :func:`_level_word_runs_on`): "市场运行科" is the issuer's, not the city's."""
    spec = lex.heads.get(head)
    return spec is not None and spec.kind == "division" and _level_word_runs_on(text, position, lex)


def _level_word_runs_on(text: str, position: int, lex: Lexicon) -> bool:
    """Whether the level word ending at ``position`` is the first character of a word instead: "市|场管理科",
    "市|政公用科", "市|容环境卫生科" (市场, 市政, 市容), not "市|民政局" or "市|政府", where a body word or a
    head starts after the level."""
    if _word_frequencies().get(text[position - 1:position + 1], 0) < 3:
        return False
    if text[position:position + 1] in _ORGANS_OF_ONE_CHARACTER:
        return False  # 市委, 市局, 县院
    return not any(text[position:position + size] in lex.body_words
                   or text[position:position + size] in lex.heads for size in range(2, 5))


_ORGANS_OF_ONE_CHARACTER = frozenset("委府局院厅办")


def _prefecture_committee(text: str, position: int, lex: Lexicon) -> Prefix | None:
    """地委, the party committee of a prefecture (地区): of the plan's own ("地|委宣传部") or of one named by
    its short name ("和田地|委")."""
    short = lex.longest_ending(text, position - 1, lex.place_short, 4, 2)
    prefecture = lex.places.get(lex.place_short[short]) if short else None
    if prefecture is not None and prefecture.name.endswith("地区"):
        return short + "地", "place", prefecture, position - 1 - len(short)
    return ("地", "level", None, position - 1) if at_boundary(text, position - 1) else None


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


def place_ending_at(text: str, position: int, lex: Lexicon, local: dict[str, Place]) -> Place | None:
    """A place name ending at ``position``, unless it reads better as a verb and a level word
    ("会同县气象局" is 会同|县气象局, though 会同县 is a county too)."""
    place = lex.place_ending(text, position, local)
    if place is not None and place.name[:-1].endswith(BOUNDARY_BEFORE) and place.name not in local:
        return None
    if place is None and position >= 2:
        place = local.get(text[position - 2:position])  # "沙河派出所" in a 沙河街道 plan: a two-letter stem
    if place is None and position >= 2 and text[position - 1] == "县" and at_boundary(text, position - 2) \
            and text[position - 2] not in _JOINING:
        place = lex.places.get(text[position - 2:position])  # "易县|应急管理局": a county of one character
    return place


_LEVELS_COUNTED = re.compile(r"[两二三四五]级")
_JOINING = frozenset("和及与或并各全本该每其此")  # "《防洪法》和|县防指": 和县 is a county too


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
    joined = None  # where the one 和 of a two-part name stands ("区|住房保障和房产管理|局")
    for start in range(position - 1, max(0, position - max(reach, MAX_JOINED_NAME)) - 1, -1):
        if joined is None and text[start] in "和与" and position - start > 2:
            joined = start
            continue
        if joined is None and start < position - reach:
            return None
        if start not in years and (text[start] in FREE_STOP or not layout.CJK.match(text[start])
                                   or text[start] in FREE_NOT_HEADS):
            return None
        if joined is not None and start > joined - 2:
            continue  # the words before 和 are two characters at least: not "市和区|应急管理局"
        if text[start] in _VERB_ENDS and text.endswith(_VERBS_BEFORE, 0, start + 1):
            return None  # "市安委会成立|安全生产工作专班": the name starts after the verb
        place = place_ending_at(text, start, lex, local)
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
                not _reads_on(text, start) or at_boundary(text, start - len(level))):
            return (level, "level", None, start - len(level)), start
    return None


_YEAR_IN_A_NAME = re.compile(r"(?:19|20)\d{2}年")
MAX_JOINED_NAME = 16  # 区|重点项目建设和城市更新服务|中心


def _reads_on(text: str, start: int) -> bool:
    """Whether the level word ending at ``start`` makes a common word with the free text after it
    ("区域", "市场"): then it is no prefix of that text."""
    return _word_frequencies().get(text[start - 1:start + 1], 0) >= 100


@lru_cache(maxsize=1)
def _national_body_re() -> re.Pattern[str]:
    """Any national body's plain name (应急管理部, 中国地震局 ...): a ministry's department may follow."""
    return re.compile("|".join(sorted(map(re.escape, _national_bodies()), key=len, reverse=True)))


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


# organs every place has, named without one: 党委, 政府 (GUIDELINES: "党委政府 in general")
_ORGANS_IN_GENERAL = frozenset(("党委", "政府", "人民政府"))


_PREFECTURE_GOVERNMENTS = ("行署", "行政公署")


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
    if mention.head in SQUAD_HEADS and not prefixed:
        return False  # "各村组建应急分队", "民兵应急分队": a kind of squad
    if mention.head in GROUP_HEADS and nested:
        return False  # "国家防总工作组", "市安委会督导组": a body's group, sent on its behalf
    if kind == "government":
        return prefixed or mention.head in _PREFECTURE_GOVERNMENTS  # 行署: only a 地区 has one
    if kind == "suffix":  # 机关 only after a body (市纪委监委机关), not after a level (市直机关)
        if not prefixed and nested and all(p.text in _ORGANS_IN_GENERAL for p in nested):
            return False  # "召开党委常委会研究…": any party committee's standing committee, no body
        explicit = mention.prefix_kind in ("national", "level", "place")
        return bool(nested) or (explicit and mention.head != "机关")
    if kind == "weak":  # 广州市…孵化基地, 市应急救援综合基地; a short name names an industry's area
        # ("宁波、舟山石化基地"), no body
        return mention.prefix_kind == "level" or (
                mention.prefix_kind == "place" and mention.place is not None
                and mention.prefix == mention.place.name)
    if kind == "company":  # 上海燃气集团; a company of the place called by its level and trade: 县供电公司
        return bool(body) and mention.prefix_kind in ("place", "national", "level")
    if not body and not nested:
        if kind == "compound":
            return prefixed or (town and mention.head in TOWN_UNITS)  # 县气象台, 镇派出所
        if mention.head == "办事处" and (mention.prefix.endswith("街道") or (
                mention.prefix_kind == "proper" and mention.prefix.endswith("地区"))):
            return True  # 龙溪街道办事处: a street's government
        if mention.head in ZONE_ORGANS:
            return prefixed  # 两江新区管委会, 经开区管委会
        # 省厅, 市局, 我局, 我部 (the issuer or its counterpart), 市委 / 中共X委员会 (a party committee)
        ministry = mention.prefix_kind == "self" and mention.head == "部"
        return prefixed and (mention.head in BARE_HEADS or ministry) and mention.prefix_kind != "national"
    # 综合性应急救援队, 应急救援中心: a type of team, not one body
    return prefixed or mention.head not in TEAM_HEADS or not all(
        lex.body_words.get(p.text) == "generic" for p in body)


def generic_before(text: str, start: int, lex: Lexicon) -> bool:
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


# --- fixed names ------------------------------------------------------------------------------------


def fixed_mentions(text: str, lex: Lexicon, local: dict[str, Place]) -> Iterator[Mention]:
    for fixed in lex.fixed:
        for m in fixed.pattern.finditer(text):
            if fixed.context_only and not _central_context(text, m.start(), m.end()):
                continue
            if generic_before(text, m.start(), lex) or _head_blocked(m.group(), text, m.end(), lex):
                continue
            start, prefix, kind, place = m.start(), "", "none", None
            if fixed.scope == "jurisdiction":
                found = prefix_at(text, start, [Part(m.group(), "abbr")], lex, local)
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
