"""Places named as bodies: places that act (policy c of the gold notes: "督促指导杭州、宁波等地开展…"),
the towns and streets a document lists as units ("区直各部门、星海镇、各街道办事处"), villages and
communities that act (their committees: "竹溪村负责…"), and new areas and zones no table knows ("两江新区").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg.nlp.agencies import layout
from kg.nlp.agencies.lexicon import Lexicon, Place, lexicon, place_stem
from kg.nlp.agencies.mentions import (
    BOUNDARY_BEFORE,
    CALLED_TO_ACCOUNT,
    CHARGED_AFTER,
    CJK_ONLY,
    DIRECTIVES,
    DUE_TIME_CORE,
    FREE_STOP,
    LIST_CATEGORY,
    TASK_GIVERS,
    Mention,
    Part,
    at_boundary,
    bounded_start,
    segments,
)

# areas the tables of places do not know: a new area, a development zone, a park; the kinds of zone
# that name one after its own name ("长寿|经济技术开发区", "天津港|保税区"), longest first
_ZONES = ("新区", "开发区", "高新区", "园区")
ZONE_KINDS = ("高新技术产业开发区", "经济技术开发区", "高新技术开发区", "经济开发区", "综合保税区",
              "保税港区", "工业园区", "化工园区", "产业园区", "保税区", "经开区", "高新区", "开发区",
              "工业区", "生态城", "风景名胜区", "旅游度假区", "风景区", "度假区", "景区", "新区", "园区",
              "国家级自然保护区", "自然保护区", "森林公园", "湿地公园", "地质公园")
# the bodies that govern a zone, named after it alone ("两江新区管委会", "经开区党工委")
ZONE_ORGANS = ("管委会", "管理委员会", "党工委")


def unread_area(text: str, end: int) -> int | None:
    """Where the name of a new area or zone ending at ``end`` starts ("会同|两江新区"), at a boundary."""
    zone = next((z for z in _ZONES if text.endswith(z, 0, end)), None)
    if zone is None:
        return None
    return zone_name_start(text, end - len(zone))


def zone_name_start(text: str, kind_start: int) -> int | None:
    """Where a zone's own name before its kind at ``kind_start`` starts ("督促|长寿|经济技术开发区",
    "会同|青岛西海岸|新区", "协调|东湖新技术|开发区")."""
    start = bounded_start(text, kind_start, (2, 3, 4, 5, 6))
    if start is None or text[start] in "各全本我该每" or text.endswith(_KINDS_OF_AREA, start, kind_start):
        return None  # "重点园区", "相关地区": a kind of area, not one
    if text.startswith(_NOT_A_NAME_START, start) or FREE_STOP.intersection(text[start:kind_start]):
        return None  # "督促各|园区", "推动|开发区": a verb before the kind, no name
    if any(word in text[start:kind_start] for word in _task_words()):
        return None  # "加快推进化工|园区": words of a task, no name
    return start


# the kinds of park a committee governs, after the park's own name however long: "吉林化学工业循环经济|
# 示范园区|管委会", "荆门化工循环|产业园|管委会", "泉港石化|工业区|管委会"
_PARK_KINDS = tuple(sorted({*ZONE_KINDS, "示范园区", "示范区", "产业园", "化工园", "科技园", "工业园",
                            "物流园"}, key=len, reverse=True))
MAX_PARK_NAME = 14


def park_committee(text: str, organ_start: int, organ_end: int) -> Mention | None:
    """The committee of a park named before it (see ``_PARK_KINDS``), named as written from a boundary."""
    kind = next((k for k in _PARK_KINDS if text.endswith(k, 0, organ_start)), None)
    if kind is None:
        return None
    kind_start = organ_start - len(kind)
    start = kind_start
    while start > max(0, kind_start - MAX_PARK_NAME) and layout.CJK.match(text[start - 1]) \
            and text[start - 1] not in FREE_STOP:
        start -= 1
    for begin in range(start, kind_start - 1):  # the longest name first, two characters at least
        name = text[begin:kind_start]
        if at_boundary(text, begin) and name[0] not in "各全本我该每" and not name.startswith(
                _NOT_A_NAME_START) and not name.endswith(_KINDS_OF_AREA) and not any(
                word in name for word in _task_words()):
            organ = Part(text[organ_start:organ_end], "head")
            return Mention(begin, organ_end, text[begin:organ_end], (organ,), prefix=text[begin:organ_start],
                           prefix_kind="proper")
    return None


@functools.cache
def _task_words() -> tuple[str, ...]:
    """The verbs and adverbs of a task (responsibility_cues.tsv), which no zone's name holds."""
    cues = lexicon().cues
    return (*cues["task"], *cues["adverb"])


_VILLAGE_UNIT = re.compile(r"村|社区|嘎查")  # 嘎查: a village of Inner Mongolia's pastoral areas
# kinds of village or community, not one of them: "行政村", "示范社区", "农村", "城乡社区"
_KINDS_OF_VILLAGE = ("行政", "自然", "示范", "重点", "试点", "贫困", "中心", "城中", "农", "乡", "安置",
                     "老旧", "城市", "城乡", "相关", "有关", "所在", "周边", "沿线", "涉及", "辖区", "全部",
                     "所有")


_NOT_A_NAME_START = (*BOUNDARY_BEFORE, *DIRECTIVES)
# the towns a plan means by their situation, not by name: "当地镇人民政府", "事发地镇", "沿河两镇"
_SITUATED = ("当地", "本地", "属地", "事发地", "受灾", "所在地", "两", "几", "多")
_KINDS_OF_AREA = (*_KINDS_OF_VILLAGE, "沿海", "沿江", "山区", "周边", "各类", "其他", "其它", "省级", "市级",
                  "国家级", "县级")


# a village's or a community's committee, however written; the longer forms first
VILLAGE_COMMITTEES = ("村民委员会", "居民委员会", "村委会", "居委会", "村委")


def is_village(name: str) -> bool:
    """Whether ``name`` is one village or community by its own name ("竹溪村", "黛山社区"), not a kind."""
    unit = next((unit for unit in ("社区", "嘎查", "村") if name.endswith(unit)), "")
    stem = name[:len(name) - len(unit)]
    return (stem != name and 2 <= len(stem) <= 4 and bool(CJK_ONLY.fullmatch(stem))
            and FREE_STOP.isdisjoint(stem) and stem[0] not in "各全本我该每其此"
            and not stem.endswith(_KINDS_OF_VILLAGE))


def village_mentions(text: str) -> Iterator[Mention]:
    """Villages and communities named alone where they act: the subject of a role ("竹溪村负责…",
    "龙潭村、石桥村配合…") or a line of duties ("黛山村:负责…"). Each is its committee, named as written."""
    group: list[tuple[int, int]] = []
    for unit in _VILLAGE_UNIT.finditer(text):
        start = bounded_start(text, unit.start(), (2, 3, 4))
        if start is None or not is_village(text[start:unit.end()]):
            continue
        if group and not (start == group[-1][1] + 1 and text[group[-1][1]] in "、和及"):
            yield from _acting_villages(text, group)
            group = []
        group.append((start, unit.end()))
    yield from _acting_villages(text, group)


def _acting_villages(text: str, group: list[tuple[int, int]]) -> Iterator[Mention]:
    if not group:
        return
    end = group[-1][1]
    directed = text.endswith(DIRECTIVES, 0, group[0][0]) and _TASK_AFTER.match(text, end)  # "督促杜南村完成…"
    if text[end:end + 1] in (":", "：") or CHARGED_AFTER.match(text, end) or directed:
        for start, end in group:
            yield village_mention(text, start, end)


def village_mention(text: str, start: int, end: int) -> Mention:
    """The village or community ``text[start:end]`` (see :func:`is_village`), standing for its committee."""
    name = text[start:end]
    return Mention(start, end, name, (Part(name, "head"),), prefix=name, prefix_kind="proper",
                   source="village")


_PLACE_SUFFIX = re.compile(r"街道|苏木|[省市区县镇乡旗州盟团]")
_DIRECTIVE = re.compile("|".join(DIRECTIVES))
# a due time between the places and their task: "督促九江市、赣州市|年底前|完成…"
_DUE = r"(?:(?:(?:19|20)\d{2}年)?(?:" + DUE_TIME_CORE + r"|汛前|汛期前)前?)?"
_TASK_AFTER = re.compile(rf"(?:{LIST_CATEGORY})?(?:于|在)?" + _DUE + r"(?:各|分别)?"
                         r"(?:继续|进一步|切实|全面|积极|认真|同步|尽快|加快)?"
                         r"(?:开展|完成|推进|加强|落实|履行|做好|实施|建设|制定|启动|组建|建立|建成|创建|完善"
                         r"|健全|改造|整治|整改|排查|配备|设立|修订|编制|关闭|退出|整合|淘汰|搬迁|组织)")
_EXHORTED = re.compile(r"(?:要|应|须|务必)(?:在|于)?" + _TASK_AFTER.pattern)
_PARTNER_AFTER = re.compile(r"(?:等地)?[^,，。;；\n]{0,12}(?:机制|合作|协作|联动)")
_ISSUER_AFTER = re.compile(r"(?:等地)?(?:关于|的?决策部署|印发|下发|联合下发|的?工作要求)")
_ADDRESSED_AFTER = re.compile(r"[、,，]\s*各(?:部门|街道|镇|乡镇|单位|有关单位|镇街|区|县|地)")
_SHORT_PLACE_LIST = re.compile(
    r"(?:" + "|".join(DIRECTIVES) + r"|与)"
    r"((?:[\u4e00-\u9fff]{2,4}[、和及]){0,6}[\u4e00-\u9fff]{2,4}?)(?=等地)")


def place_mentions(text: str, lex: Lexicon, local: dict[str, Place],
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
        members = list(segments(text, m.start(1), m.end(1), "、和及"))
        places = [lex.places.get(lex.place_short.get(text[s:e], "")) for s, e in members]
        if all(p is not None and p.level != "province" for p in places):
            for (s, e), place in zip(members, places, strict=True):
                found[s] = (s, e, place)
    for m in _DIRECTIVE.finditer(text):
        for s, e, place in _directed_short_names(text, m.end(), lex):
            found.setdefault(s, (s, e, place))
    _join_counties_to_their_cities(text, found)
    group: list[tuple[int, int, Place]] = []
    for start in sorted(found):
        item = found[start]
        if group and not (start == group[-1][1] + 1 and text[group[-1][1]] in "、和及"):
            yield group
            group = []
        group.append(item)
    if group:
        yield group


def _directed_short_names(text: str, start: int, lex: Lexicon) -> list[tuple[int, int, Place]]:
    """Cities a directive names by their short names, the suffix written once or not at all: "督促|萍乡、
    宜春市|开展…", "督促|上饶、萍乡、宜春|加强…" (each a city the tables know, then a task)."""
    members: list[tuple[int, int, Place]] = []
    position = start
    while True:
        short = next((text[position:position + size] for size in (4, 3, 2)
                      if text[position:position + size] in lex.place_short), None)
        place = lex.places.get(lex.place_short[short]) if short else None
        if place is None or place.level == "province":
            return []
        end = position + len(short)
        if text.startswith(place.name, position):
            end = position + len(place.name)  # the full name: "宜春市"
        members.append((position, end, place))
        if text[end:end + 1] not in ("、", "和", "及"):
            break
        position = end + 1
    return members if _TASK_AFTER.match(text, members[-1][1]) else []


def _join_counties_to_their_cities(text: str, found: dict[int, tuple[int, int, Place]]) -> None:
    """"九江市湖口县", "包头市青山区": a county named after its city is the county, named from the city."""
    for start in sorted(found):
        if start not in found:
            continue
        city_start, city_end, city = found[start]
        county = found.get(city_end)
        if county is not None and county[2].city == city.name:
            del found[city_end]
            found[city_start] = (city_start, county[1], county[2])


def _acting_places(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 6):start]
    after = text[end:end + 40]
    if any(before.endswith(verb) for verb in DIRECTIVES) and _TASK_AFTER.match(after):
        return True
    if before.endswith("与") and _PARTNER_AFTER.match(after):
        return True
    opens = not before or not layout.CJK.match(before[-1]) or before.endswith("由")
    if opens and _EXHORTED.match(after):
        return True  # "那大镇、白马井镇要在10月底前完成…": places given a task (no role of the guidelines')
    if opens and CHARGED_AFTER.match(after):
        return True  # "木耳镇、龙溪街道负责…": the places open the clause as its subject
    return bool(_ISSUER_AFTER.match(after) or _ADDRESSED_AFTER.match(after))


def document_places(text: str, lex: Lexicon, jurisdiction: str | None) -> dict[str, Place]:
    """Towns and streets the document lists as units ("区直各部门、星海镇、各街道办事处"), and the plan's
    own jurisdiction: places no table knows."""
    local: dict[str, Place] = {}
    if jurisdiction and jurisdiction not in lex.places:
        local[jurisdiction] = Place(jurisdiction, "town", "", "")
    stem = place_stem(jurisdiction or "")
    if len(stem) >= 2 and stem not in lex.place_short:
        # "周庄派出所" in the 周庄镇 plan; "苏州市|吴江|生态环境局" in the 吴江区 plan, its city before it
        own = lex.places.get(jurisdiction or "")
        local[stem] = Place(stem, own.level, own.city, own.province) if own else Place(stem, "town", "", "")
    elif len(stem) >= 2 and jurisdiction in lex.places and lex.place_short[stem] != jurisdiction:
        own = lex.places[jurisdiction]  # in the 朝阳区 plan, "朝阳公安分局" is its own, not 朝阳市's
        local[stem] = Place(stem, own.level, own.city, own.province)
    for name in _listed_towns(text):
        if is_town(name) or (_one_character_town(name) and name not in lex.place_short):  # not 萍乡
            local.setdefault(name, Place(name, "town", "", ""))
    for regiment in _REGIMENT.finditer(text):  # a 兵团 regiment (团场), a town of its division
        local.setdefault(regiment.group(), Place(regiment.group(), "town", "", ""))
    return local


# a regiment of the 兵团 by its number ("一四三团", "一〇三团"), not inside a longer number or word
_REGIMENT = re.compile(r"(?<![一二三四五六七八九〇零十])[一二三四五六七八九][一二三四五六七八九〇零]{2}团"
                       r"(?![体队结伙购])")


# a town's, a street's or a sumu's name (苏木: a town of Inner Mongolia's pastoral areas)
# a town's name holds no word that closes a list ("猪场乡等重点乡镇")
_TOWN = r"(?:(?![等及与或])[\u4e00-\u9fff]){2,7}(?:镇|乡|街道|苏木)"
_TOWN_NAME = re.compile(_TOWN)
# the lengths of a town's name, shortest first; Mongolian and Daur ones run long (阿拉坦额莫勒|镇)
TOWN_NAME_SIZES = (2, 3, 4, 5, 6, 7)
_TOWN_SUBJECT = re.compile(r"(?=[镇乡街苏])(?<=[\u4e00-\u9fff]{2})(?:镇|乡|街道|苏木)"
                           r"(?=(?:人民政府|政府|党委|办事处)?(?:[:：]|(?:要|应)?(?:负责|牵头|配合|协助|参与)))")
_TOWN_GOVERNMENT = re.compile(r"(?=[镇乡街苏])(?<=[\u4e00-\u9fff]{2})(?:镇|乡|街道|苏木)"
                              r"(?=人民政府|党委|人大|办事处|(?P<short>政府))")
_TOWN_JOINT = re.compile(r"(镇|乡|街道|苏木)(?:人民政府|政府|办事处)?[、和及]")
_ONE_CHARACTER_TOWN = re.compile(r"[\u4e00-\u9fff][镇乡](?=[、和及])")  # "羊口镇、|侯镇|、台头镇"
_TOWN_INSIDE = re.compile(r"(?<=[、])([\u4e00-\u9fff]{1,5}(?:镇|乡|街道|苏木))(?=[、])")  # 1: "、侯镇、"
# kinds of town, not one of them: "各乡镇", "重点城镇"
_KINDS_OF_TOWN = ("乡镇", "城镇", "村镇", "集镇", "小镇", "城乡")


def is_town(name: str) -> bool:
    """Whether ``name`` is one town, street or sumu by its own name ("乾元镇", "吉里于孜镇", "巴音苏木")."""
    stem = place_stem(name)
    return bool(_TOWN_NAME.fullmatch(name)) and name[0] not in "各全本我该每其此" \
        and not name.endswith(_KINDS_OF_TOWN) and not stem.endswith(_SITUATED) and stem not in _KINDS_OF_AREA


def _one_character_town(name: str) -> bool:
    """"侯镇", "沛县"'s kind of town: one character and its level word, which only a list of towns shows."""
    return len(name) == 2 and name[1] in "镇乡" and name[0] not in "各全本我该每其此乡城村集小在到"


def _listed_towns(text: str) -> Iterator[str]:
    """Names of towns and streets in a list of them: inside it ("区直各部门、星海镇、各街道办事处") or
    making it up ("木耳镇、龙溪街道负责…"), where the first name starts at a boundary, not inside a word."""
    for m in _TOWN_INSIDE.finditer(text):
        yield m.group(1)
    for suffix in _TOWN_SUBJECT.finditer(text):  # "城关镇负责…", "立节镇人民政府配合…", "城关镇政府:负责…"
        yield from _town_ending(text, suffix.start(), suffix.end())
    for suffix in _TOWN_GOVERNMENT.finditer(text):  # "督促石门镇人民政府加强…": a town by its government
        # "镇政府" opens a name only after a partner word or in a list ("联合县水利局、瑶琳镇政府")
        opens = _follows_a_giver if suffix.group("short") else _opens_a_name
        start = next((start for start in range(suffix.start() - 2, max(-1, suffix.start() - 8), -1)
                      if opens(text, start)), None)  # "及时报告乡…", "利用镇政府网站": no town
        if start is not None and FREE_STOP.isdisjoint(text[start:suffix.start()]) \
                and not text.startswith(_no_towns_opening(), start):  # "1.明确|镇党委", "年初|镇党委"
            yield text[start:suffix.end()]
    for joint in _TOWN_JOINT.finditer(text):  # "木耳镇(政府)、" with another town after it: a list of towns
        following = _TOWN_NAME.match(text, joint.end()) or _ONE_CHARACTER_TOWN.match(text, joint.end())
        if following is not None:
            yield following.group()
            yield from _town_ending(text, joint.start(), joint.end(1))


@functools.cache
def _no_towns_opening() -> tuple[str, ...]:
    """What opens a clause before 镇党委/镇政府 and no town's name: a task's verb, a time ("年初")."""
    times = ("年初", "年底", "年中", "年末", "今年", "去年", "明年", "全年", "月初", "月底", "近年", "同时")
    return (*lexicon().cues["task"], *times)


def _opens_a_name(text: str, start: int) -> bool:
    """Whether a name may start at ``start`` for certain: a line's or a clause's start, or right after a
    verb that gives a body a task ("督促", "由", "会同")."""
    return start == 0 or text[start - 1] in _CLAUSE_OPENERS or text.endswith(_GIVERS, 0, start)


def _follows_a_giver(text: str, start: int) -> bool:
    """Whether a name starts at ``start`` after a word that gives a body a task or makes it a partner, or
    in a list after another body ("联合|富春江镇", "与|分水镇", "县应急管理局、|瑶琳镇")."""
    return text[start - 1:start] == "、" or text.endswith(_GIVERS, 0, start)


_CLAUSE_OPENERS = set("\n\t,，;；:：。、(（)）.．")
# "联合|富春江镇人民政府", "与|分水镇人民政府联合…", "责成|新竹街道办事处", "约谈|安哈镇人民政府"
_GIVERS = (*TASK_GIVERS, "要求", "组织", "联合", "与", "请", *CALLED_TO_ACCOUNT)


def _town_ending(text: str, suffix_start: int, end: int) -> Iterator[str]:
    """The town whose level word is ``text[suffix_start:end]``, its name starting at a boundary:
    "督促|木耳镇", "由|长江镇", "1.|黄家湾镇"."""
    start = bounded_start(text, suffix_start, TOWN_NAME_SIZES)
    if start is not None:
        yield text[start:end]


