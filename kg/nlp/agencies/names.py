"""Where a plan's text names an agency: :func:`find_mentions` runs the readers of each kind of name and
settles what they find between them: of overlapping mentions the longest stays, the level words before a
level-prefixed name share its body ("省、市应急委" names two bodies), and a bare 政府/办事处 right after a
prefixed body shares its place ("镇党委、政府").

The readers:

- :mod:`kg.nlp.agencies.grammar`: the head-based name grammar, and bodies known by a fixed name;
- :mod:`kg.nlp.agencies.notes`: department types and their coordinated lists ("气象、水利等部门"), the
  elements of parenthesised responsibility lists and of tables' responsibility columns, declared short forms;
- :mod:`kg.nlp.agencies.places`: places that act (policy c of the gold notes), towns a document lists;
- :mod:`kg.nlp.agencies.companies`: companies, and the members of a coordinated list governed by a
  directive verb ("推动中大、华工、华农、奥体中心完成…");
- here: units named after a national body or a group (应急管理部北方航空护林总站) and the bodies a plan
  sets up (成立…专项行动指挥部), each named as written.

Each finding is a :class:`~kg.nlp.agencies.mentions.Mention`; :mod:`kg.nlp.agencies.resolve` turns
mentions into agencies.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import replace

from kg.model import Node
from kg.nlp.agencies import layout
from kg.nlp.agencies.companies import company_mentions, member_mentions
from kg.nlp.agencies.grammar import fixed_mentions, grammar_mentions, place_ending_at
from kg.nlp.agencies.lexicon import Lexicon, Place, lexicon, short_name
from kg.nlp.agencies.mentions import CJK_ONLY, FREE_STOP, Mention, Part, Scan, at_boundary
from kg.nlp.agencies.notes import (
    cell_mentions,
    declared_short_forms,
    department_mentions,
    is_a_label,
    list_mentions,
)
from kg.nlp.agencies.places import ZONE_KINDS, document_places, place_mentions, village_mentions

TOWN_SUFFIXES = ("镇", "乡", "街道", "街道办事处", "苏木")
# a name that a measure follows is what an indicator counts ("每万人口综合性消防救援队伍人数"), not an actor
INDICATOR_AFTER = re.compile(r"(?:人员)?(?:人数|数量|覆盖率|占比|比例|比率)"
                             r"|(?:建设)?(?:建成|达标|完好|配备|合格)率")  # "应急服务站建设达标率"
# a facility being built, not a body: "设置地质灾害监测站", "新建应急服务站" (a name with no place or level)
_BUILT_BEFORE = ("设置", "建设", "新建", "建成", "配备", "布设", "增设", "改造", "升级", "打造")
# a category of units under a level or a body: "省属煤矿企业集团", "厅属企业", "市直属单位"
_CATEGORY_LABEL = re.compile(r"[省市县区厅局](?:直?属)")


def find_mentions(text: str, jurisdiction: str | None = None, structure: Node | None = None) -> Scan:
    """Every agency mention in ``text``, overlaps resolved (longest first), titles and page furniture
    left out. ``jurisdiction`` (the plan's own place) is known as a place even when no table lists it;
    ``structure`` gives the tables, whose responsibility columns (牵头单位, 配合单位 ...) list bodies."""
    lex = lexicon()
    local = document_places(text, lex, jurisdiction)
    scan = Scan()
    blocked = [layout.titles(text), layout.furniture(text), _back_matter(text, structure)]
    found: list[Mention] = []
    # a town's or a zone's plan names its own offices bare ("党政办公室", "社会事务办")
    town = jurisdiction is not None and jurisdiction.endswith((*TOWN_SUFFIXES, *ZONE_KINDS))
    found += grammar_mentions(text, lex, local, scan, town)
    found += fixed_mentions(text, lex, local)
    found += department_mentions(text, lex, local)
    found += list_mentions(text, lex, local, town)
    found += cell_mentions(text, lex, local, structure, town)
    found += member_mentions(text, lex)
    found += company_mentions(text, lex, local)
    found += place_mentions(text, lex, local, jurisdiction)
    found += village_mentions(text)
    found += _units_of_named_bodies(text, found)
    found += _bodies_set_up(text, jurisdiction or "")
    found = [m for m in found if not any(r.containing(m.start, m.end) for r in blocked)
             and "简称" not in m.label and not _CATEGORY_LABEL.match(m.label)
             and not INDICATOR_AFTER.match(text, m.end) and not is_a_label(text, m.start, m.end)
             and not (m.prefix_kind == "none" and text.endswith(_BUILT_BEFORE, 0, m.start))]
    scan.mentions = _shared_governments(text, _stationed_groups(text, _without_overlaps(found)), lex, local)
    scan.mentions = _levels_of_the_named_place(text, scan.mentions, jurisdiction or "")
    scan.mentions += declared_short_forms(text, scan.mentions)
    scan.mentions += _level_coordination(text, scan.mentions)
    scan.mentions += _shared_prefix(text, scan.mentions, lex)
    return scan


# a unit named right after a national body or a group, as one name: "应急管理部|北方航空护林|总站",
# "中国安能集团|第二工程|局", "中国科学院|东北地理与农业生态|研究所", a company's rescue team (not its 队伍)
_UNIT_AFTER = re.compile(r"[\u4e00-\u9fff]{2,12}?"
                         r"(?:总站|工程局|研究所|研究院|研究中心|分院|分公司|总队|支队|基地|供电所|营业所|派出所|站|局"
                         r"|(?:救护|救援|消防)(?:大队|中队|队)(?!伍))")
_RESEARCH_UNITS = ("研究所", "研究院", "研究中心", "分院")


@functools.cache
def _verbs_of_a_task() -> tuple[str, ...]:
    """Words of a task or a role, which no unit's name holds ("应急管理部|牵头建设…")."""
    kinds = ("task", "adverb", "lead_verb", "charge_verb", "support_verb", "directive")
    return tuple(verb for kind in kinds for verb in lexicon().cues[kind])


def _units_of_named_bodies(text: str, found: list[Mention]) -> list[Mention]:
    """Units named right after a national body or a group (see ``_UNIT_AFTER``). Like the bodies a plan
    sets up (:func:`_bodies_set_up`) they are read as the companies are (source "company"): one body
    named as written, not rebuilt from a place and a head."""
    units: list[Mention] = []
    # units grows as it is read: a unit's unit is found too ("X集团|Y公司|矿山救护大队")
    for body in itertools.chain(found, units):
        if not (body.prefix_kind == "national" or body.source in ("fixed", "company")):
            continue
        unit = _UNIT_AFTER.match(text, body.end)
        if unit is None:
            continue
        words = unit.group()
        joined = words.endswith(_RESEARCH_UNITS) and ("与" in words or "和" in words)  # 地理与农业生态研究所
        verbs = any(verb in words for verb in _verbs_of_a_task())
        if verbs or (FREE_STOP.intersection(words) and not joined):
            continue
        end = unit.end()
        if any(other.start <= body.start and end <= other.end for other in (*found, *units)):
            continue  # read whole already ("国家矿山安全监察局贵州局")
        # named as written, as a company is: the body's own canonical name would drop the unit
        name = text[body.start:end]
        units.append(replace(body, end=end, label=name, parts=(Part(name, "head"),), prefix=name,
                             prefix_kind="national", fixed=None, source="company"))
    return units


# a body the plan sets up, named in full, quotes and year and all: "成立|光山县安全生产“百日攻坚”专项行动
# 指挥部|,", "成立|赣州市2026年“安全生产月”活动领导小组|,"; who chairs it may come first ("成立|由局主要
# 负责同志任组长的|城镇燃气安全专项整治工作领导小组")
_CHAIRED_BY = r"(?:(?:由|以)[^,，。;；\n]{2,24}?(?:担任|任|为)(?:组长|指挥长|总指挥|主任)的)?"
_SET_UP_BODY = re.compile(r"(?:成立|组建|设立)" + _CHAIRED_BY
                          + r"(?P<name>[\u4e00-\u9fff“”][\u4e00-\u9fff“”\d]{3,29}?"
                          r"(?:领导小组|工作专班|指挥部|工作组|委员会))(?=[,，。;；、(（\s])")
# a team the plan sets up at its own level: "组建|市级森林消防应急分队|," in a city's plan (the level word
# is the plan's own; 县级 in a city's plan is every county's, no one team)
_SET_UP_TEAM = re.compile(r"(?:成立|组建|设立)(?P<name>(?P<level>[省市区县])级[\u4e00-\u9fff]{2,14}?"
                          r"(?:分队|突击队|救援队|处置队|专业队))(?=[,，。;；、(（\s])")
# "组建区级紧急医学救援队、突发急性传染病防控队…3支卫生应急队伍": kinds of team counted, none named
_KINDS_COUNTED_AFTER = re.compile(r"、[^,，。;；]{2,30}?[\d两二三四五六七八九十]+支")
_NOT_ONE_BODY = ("相应", "专门", "临时", "相关", "各级", "各", "由", "了", "工作领导小组")


def _bodies_set_up(text: str, jurisdiction: str) -> list[Mention]:
    """Bodies a plan sets up, named as written (policy a of the gold notes: one specific body)."""
    found = []
    for m in _SET_UP_BODY.finditer(text):
        name = m.group("name")
        if name.startswith(_NOT_ONE_BODY) or name.count("“") != name.count("”"):
            continue
        found.append(_set_up_body(m))
    found += [_set_up_body(m) for m in _SET_UP_TEAM.finditer(text)
              if jurisdiction.endswith(m.group("level")) and not _KINDS_COUNTED_AFTER.match(text, m.end())]
    return found


def _set_up_body(m: re.Match[str]) -> Mention:
    name = m.group("name")
    return Mention(m.start("name"), m.end("name"), name, (Part(name, "head"),), prefix=name,
                   prefix_kind="national", source="set_up")


def _levels_of_the_named_place(text: str, mentions: list[Mention], jurisdiction: str) -> list[Mention]:
    """"长沙市委、市政府": a bare level right after a named place's body, joined to it, is that place's
    (in a 浏阳市 plan 市政府 alone would be the plan's own); but after a place inside the plan's area, a
    department is the plan's ("彭州市人民政府、市生态环境局" in a 成都市 plan)."""
    result: list[Mention] = []
    for mention in mentions:
        previous = result[-1] if result else None
        if (previous is not None and mention.prefix_kind == "level" and len(mention.prefix) == 1
                and previous.prefix_kind == "place" and previous.place is not None
                and previous.place.name.endswith(mention.prefix) and previous.end == mention.start - 1
                and text[previous.end] in "、和及"
                and (mention.label[1:].startswith(_ORGANS) or not (
                    _inside(previous.place, jurisdiction) or _unit_in(previous, jurisdiction)))):
            mention = replace(mention, prefix_kind="place", place=previous.place)
        result.append(mention)
    return result


_ORGANS = ("委", "政府", "人民政府", "人大", "政协", "纪委")  # a place's party and state organs


def _inside(place: Place, jurisdiction: str) -> bool:
    return bool(jurisdiction) and jurisdiction in (place.city, place.province)


def _unit_in(body: Mention, jurisdiction: str) -> bool:
    """Whether a body named by its place is its unit in the plan's own area, which its name holds after
    the place ("温州市公安局|瑞安|分局" in a 瑞安市 plan): the bare level after it is the plan's."""
    stem = short_name(jurisdiction) if jurisdiction else ""
    return len(stem) >= 2 and stem in body.label[len(body.prefix):]


def _back_matter(text: str, structure: Node | None) -> layout.Ranges:
    """The lines after the body (a signature over its date, 印发 lines): an issuer signs there, no actor."""
    end = structure.children[-1].span.end if structure is not None and structure.children else len(text)
    return layout.Ranges([(end, len(text))] if end < len(text) else [])


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


def _shared_governments(text: str, mentions: list[Mention], lex: Lexicon,
                        local: dict[str, Place]) -> list[Mention]:
    """"临安区、富阳区人民政府", "乾元镇、新安镇政府": places listed before one government share it, each
    its own government."""
    result: list[Mention] = []
    for mention in mentions:
        members = _places_before(text, mention, lex, local)
        while result and members and result[-1].start >= members[0].start:
            result.pop()  # the place as a body of its own ("临安区" in a note) is its government here
        result += [*members, mention]
    return result


def _places_before(text: str, government: Mention, lex: Lexicon, local: dict[str, Place]) -> list[Mention]:
    """The governments of the places listed right before ``government``, each spanning its place's name
    (so that the list reads as one)."""
    if government.prefix_kind != "place" or government.core not in _GOVERNMENT_HEADS:
        return []
    members: list[Mention] = []
    position = government.start
    while position > 1 and text[position - 1] in "、和及":
        place = place_ending_at(text, position - 1, lex, local) or _sibling(
            text, position - 1, government.place)
        start = position - 1 - len(place.name) if place is not None else -1
        if place is None or not at_boundary(text, start):
            break
        members.insert(0, replace(government, start=start, end=position - 1,
                                  label=place.name + government.core, prefix=place.name, place=place))
        position = start
    return members


_GOVERNMENT_HEADS = frozenset(("人民政府", "政府"))


def _sibling(text: str, end: int, place: Place | None) -> Place | None:
    """A place no table knows, named before ``place`` in a list and of its kind ("临安区、富阳区")."""
    if place is None:
        return None
    for size in (3, 4, 5):
        name = text[max(0, end - size):end]
        if len(name) == size and name[-1] == place.name[-1] and at_boundary(text, end - size) \
                and CJK_ONLY.fullmatch(name):
            return replace(place, name=name)
    return None


def _stationed_groups(text: str, mentions: list[Mention]) -> list[Mention]:
    """"省纪委监委|驻省应急管理厅纪检监察组", "中央纪委国家监委|驻应急管理部纪检监察组": the group a
    discipline body stations in another, named with that body, is one body."""
    kept: list[Mention] = []
    for mention in mentions:
        if mention.source == "fixed" and text.startswith("驻", mention.start):
            start = mention.start
            while kept and text[kept[-1].end:start] in ("", "国家监委") and kept[-1].label.endswith(
                    ("纪委", "监委")):
                start = kept.pop().start
            mention = replace(mention, start=start, label=text[start:mention.end])
        kept.append(mention)
    return kept


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
