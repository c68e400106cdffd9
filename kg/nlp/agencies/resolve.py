"""From mentions to agencies: one canonical name per body, with every form the text uses.

A mention's *scope* says whose body it is: a national body, the plan's own area (bare names and the
level word of the plan's level: 市 in a city plan), a higher area (省 in a city plan: the province of
that city), another named place, or a unit of the issuing body (综合处 -> parent 广州市应急管理局).
Bare level words below the plan's level (区政府 in a city plan: every district's government) are generic.
Within a scope, a short form joins the full name it abbreviates (市应急局 -> 市应急管理局,
省安委办 -> 省安全生产委员会办公室, 科技处 -> 科技和统计处, 防指 -> 省政府防汛防台抗旱指挥部),
and "我局/本局" is the issuer.
The canonical name puts the place name in front (广州市应急管理局) and spells abbreviations out when the
text never does (省安委会 -> 浙江省安全生产委员会).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from kg.model import Agency, DocumentMeta, Span
from kg.nlp.agencies.companies import REGISTERED
from kg.nlp.agencies.functions import classify
from kg.nlp.agencies.lexicon import (
    ADMIN_LEVEL_RANK,
    LEVEL_RANK,
    PLACE_SUFFIXES,
    Lexicon,
    Place,
    lexicon,
    short_name,
)
from kg.nlp.agencies.mentions import NATIONAL_SPELLED, NESTABLE, Mention, Part, Scan
from kg.nlp.agencies.places import VILLAGE_COMMITTEES, ZONE_KINDS, is_village

SUFFIX_UNITS = ("办公室", "办公厅", "党委", "党组", "纪委", "常委会")
# a division of the 兵团 that governs a city as one (第八师石河子市)
_DIVISION_CITY = re.compile(r"第[一二三四五六七八九十]{1,3}师[\u4e00-\u9fff]{2,6}市")


@dataclass
class Context:
    """What resolution needs to know about the plan."""

    jurisdiction: str | None
    rank: int | None  # of the plan's own level (province 1 ... town 4)
    own_words: tuple[str, ...]  # the level words the plan uses for itself (市 for 义乌市; 师市 and 市 for
    #                             第八师石河子市)
    higher: dict[str, str]  # level word -> the place it means here (省 -> 浙江省 in an 义乌市 plan)
    issuer: str  # canonical name of the issuing body
    issuer_body: str  # its body (应急管理)
    issuer_head: str  # its head (局)

    @classmethod
    def of(cls, meta: DocumentMeta | None, lex: Lexicon, text: str = "") -> Context:
        meta = meta or DocumentMeta()
        jurisdiction = meta.jurisdiction
        suffix = next((s for s in PLACE_SUFFIXES if jurisdiction and jurisdiction.endswith(s)), None)
        if suffix in ("自治州", "自治县", "自治旗"):
            suffix = suffix[-1]  # an autonomous county's plan calls its own bodies 县X局 (县应急局)
        own_words = (suffix,) if suffix else ()
        if suffix == "地区":
            own_words = ("地区", "地")  # 地委: the prefecture's party committee
        if suffix == "特区":
            own_words = ("特区", "区")  # "特区能源局", "区应急局": 六枝特区's own
        if jurisdiction and _DIVISION_CITY.fullmatch(jurisdiction):
            own_words = ("师市", "市")  # a 兵团 division and its city, one government: "师市应急管理局"
        own_words += _zone_words(jurisdiction or "")
        rank = ADMIN_LEVEL_RANK.get(meta.level or "")
        if rank is None and suffix:
            rank = LEVEL_RANK.get(suffix)
        higher = {}
        place = _titled_place(jurisdiction, meta.title, lex) or _named_homonym(jurisdiction, text, lex)
        if place is None:
            place, higher = _place_above(jurisdiction, meta.title, lex)
        if place is not None:
            if place.province and place.province != jurisdiction:
                higher.update({"省": place.province, "自治区": place.province})
            if place.city and place.city != jurisdiction:
                higher.update({"市": place.city, "州": place.city})
        issuer, body, head = _issuer(meta.issuer, jurisdiction, rank)
        return cls(jurisdiction, rank, own_words, higher, issuer, body, head)


# how a zone's plan calls the zone by its kind: "经开区安监局" in the 合肥经济技术开发区 plan
_ZONE_SHORT = {"经济技术开发区": ("经开区", "开发区"), "高新技术产业开发区": ("高新区", "开发区"),
               "高新技术开发区": ("高新区", "开发区"), "经济开发区": ("开发区",), "高新区": ("开发区",),
               "工业园区": ("园区",), "工业区": ("园区",), "化工园区": ("园区",), "产业园区": ("园区",),
               "综合保税区": ("保税区",)}


def _zone_words(jurisdiction: str) -> tuple[str, ...]:
    kind = next((kind for kind in ZONE_KINDS if jurisdiction.endswith(kind) and jurisdiction != kind), None)
    return (kind, *_ZONE_SHORT.get(kind, ())) if kind else ()


def _place_above(jurisdiction: str | None, title: str | None,
                 lex: Lexicon) -> tuple[Place | None, dict[str, str]]:
    """For a place the tables do not know (a street, a town, a zone), the known place it lies in: named
    before it in the title ("北京市丰台区|卢沟桥街道": 区 is 丰台区, 市 北京市) or opening its own name
    ("长沙|经济技术开发区": 市 is 长沙市). With the level word that place answers to."""
    if not jurisdiction:
        return None, {}
    at = title.find(jurisdiction) if title else -1
    above = lex.place_ending(title, at) if title and at > 0 else None
    if above is None and jurisdiction.endswith(ZONE_KINDS):
        short = next((jurisdiction[:size] for size in (4, 3, 2) if jurisdiction[:size] in lex.place_short),
                     "")
        above = lex.places.get(lex.place_short.get(short, ""))
    if above is None or above.level == "province":
        return None, {}
    if above.level == "county":
        return Place(jurisdiction, "town", above.city, above.province), {above.name[-1]: above.name}
    return Place(jurisdiction, "county", above.name, above.province), {}


def _titled_place(jurisdiction: str | None, title: str | None, lex: Lexicon) -> Place | None:
    """The plan's place, with its city as the title names it: "福州市鼓楼区…" is 福州's 鼓楼区, whichever
    鼓楼区 the tables list first. None where the title does not say which of several it is."""
    place = lex.places.get(jurisdiction or "")
    if place is None or not jurisdiction:
        return place
    at = title.find(jurisdiction) if title else -1
    above = lex.place_ending(title, at) if title and at > 0 else None
    if above is None or above.level not in ("city", "province"):
        return None if jurisdiction in lex.homonyms else place
    place = next((namesake for namesake in lex.homonyms.get(jurisdiction, ())
                  if above.name in (namesake.city, namesake.province)), place)
    if above.name in (place.city, place.province):
        return place
    if above.level == "province":
        return replace(place, province=above.name, city="" if place.province != above.name else place.city)
    return replace(place, city=above.name, province=above.province)


def _named_homonym(jurisdiction: str | None, text: str, lex: Lexicon) -> Place | None:
    """Which of the districts of one name the plan is for: the one whose city and province its text
    names most ("深圳" in a 南山区 plan); the first the tables list if none is named more."""
    candidates = lex.homonyms.get(jurisdiction or "")
    if not candidates:
        return lex.places.get(jurisdiction or "")
    counts = [sum(text.count(short_name(name)) for name in {place.city, place.province})
              for place in candidates]
    best = max(counts)
    return candidates[counts.index(best)] if counts.count(best) == 1 else candidates[0]


_SHORT_BUREAU = re.compile(r"[\u4e00-\u9fff]{2}[局厅委]")


def _issuer(issuer: str | None, jurisdiction: str | None, rank: int | None) -> tuple[str, str, str]:
    """The issuer's canonical name, body and head; an emergency-management bureau of the plan's area
    when the metadata names none (these are emergency-management plans), but a town's or street's own
    government, since a town has no bureaus."""
    place = jurisdiction or ""
    stem = (issuer or "").removeprefix(place)
    if issuer and len(stem) <= 3 and not _SHORT_BUREAU.fullmatch(stem):
        issuer = None  # "办公室" (a page's 来源 field) names no body of its own; 教育局 does
    if issuer:
        name = issuer
        if place and place in name[1:]:
            name = name[name.index(place):]  # "杭州市萧山区商务局" in 萧山区's plan: 萧山区商务局
        elif place and name[:1] in "省市区县镇乡" and not name.startswith(place):
            name = place + name[1:]
        elif place and not name.startswith(place) and not any(name.startswith(p) for p in ("国家", "中共")):
            name = place + name
    elif rank == ADMIN_LEVEL_RANK["town"]:
        name = place + ("办事处" if place.endswith("街道") else "人民政府")
    else:
        name = place + ("应急管理厅" if rank == 1 else "应急管理局")
    stem = name.removeprefix(place)
    head = next((h for h in ("委员会", "人民政府", "办事处", "厅", "局", "委", "办", "部", "中心")
                 if stem.endswith(h)), stem[-1:])
    body = stem[: len(stem) - len(head)] or "应急管理"
    return name, body, head


@dataclass
class Entity:
    """The mentions of one body while they are being grouped."""

    scope: str
    core: str
    words: tuple[str, ...]  # the words of the core, for abbreviation matching
    canonical: str
    function: str
    national: bool
    parent: str | None
    mentions: list[Mention] = field(default_factory=list)
    canonicals: list[str] = field(default_factory=list)
    spelled_out: list[str] = field(default_factory=list)  # 宁德市海事局 for 宁德海事局: a label, no name


def resolve(scan: Scan, meta: DocumentMeta | None, text: str) -> dict[str, Agency]:
    """Group the mentions of a scan into agencies keyed by canonical name."""
    lex = lexicon()
    context = Context.of(meta, lex, text)
    entities: dict[tuple[str, str], Entity] = {}
    for mention in scan.mentions:
        if mention.core in scan.categories and mention.source == "grammar" and mention.prefix_kind == "none":
            continue
        entity = _entity(mention, context, lex)
        if entity is None:
            continue
        key = (entity.scope, entity.core)
        if key not in entities:
            entities[key] = entity
        entities[key].mentions.append(mention)
        entities[key].canonicals.append(entity.canonical)
        entities[key].spelled_out += entity.spelled_out
    _merge_places_into_governments(entities)
    _merge_villages_into_committees(entities)
    _merge_names_into_the_jurisdictions(entities)
    _merge_divisions(entities)
    _name_the_groups_office(entities)
    _merge_abbreviations(entities, context.issuer)
    agencies: dict[str, Agency] = {}
    for entity in entities.values():
        agency = _agency(entity, text)
        if agency.name in agencies:  # two scopes that came to one name: keep one record
            agency = _combine(agencies[agency.name], agency)
        agencies[agency.name] = agency
    return agencies


# --- one mention -------------------------------------------------------------------------------------


def _entity(mention: Mention, context: Context, lex: Lexicon) -> Entity | None:
    if mention.source == "fixed":
        return _fixed_entity(mention, context)
    if mention.source == "place":
        return _place_entity(mention, context)
    if mention.source == "village":  # its committee, a grassroots body of self-government
        return Entity("proper", mention.label, (mention.label,), mention.label, "civil_affairs", False, None)
    if mention.source in ("company", "member", "set_up"):  # named as written; only a company is national
        national = mention.source == "company"
        return Entity("proper", mention.label, (mention.label,), mention.label,
                      classify(mention.label), national, None)
    if mention.internal:
        return Entity("internal", mention.label, _words(mention), mention.label, "internal_division", False,
                      context.issuer)
    if mention.prefix_kind == "level" and mention.prefix in ZONE_KINDS and mention.prefix not in (
            context.own_words):  # "高新区管委会" in a city's plan: the city's zone, a word of the name
        mention = replace(mention, parts=(Part(mention.prefix, "body"), *mention.parts), prefix="",
                          prefix_kind="none")
    scope, place_name = _scope(mention, context)
    if scope is None:
        return None
    parts = list(mention.parts)
    bare = parts[0].text if parts and parts[0].kind == "head" else ""
    if bare == "部" and mention.prefix_kind == "self" and context.issuer_head != "部":
        return None  # 我部 in the plan of a body that is no ministry: not the issuer, nor any body named
    if bare in ("局", "厅") or bare == context.issuer_head == "部":
        # a bare 局/厅 (省厅, 局党委), or 部 in a ministry's plan (我部, 部党委): the issuer's kind of body
        parts[0] = Part(context.issuer_body + parts[0].text, "head")
        if mention.prefix_kind == "none":
            scope, place_name = "jur", context.jurisdiction
    core = "".join(p.text for p in parts)
    if scope == "national":
        core = mention.prefix + core
    key_core = core.replace("人民政府", "政府")
    if _GOVERNMENTS_COMMAND.match(key_core):
        key_core = key_core[len("政府"):]  # "市政府防汛抗旱指挥部" is "市防汛抗旱指挥部"
    party = _is_party(parts, mention)
    if party:
        key_core = "委(中共)" + "".join(p.text for p in parts[1:])
    canonical = _canonical(parts, mention, place_name, party, scope, lex)
    written = _written_place(mention, lex)
    spelled_out = [canonical] if written else []
    if written:
        canonical = _canonical(parts, mention, written, party, scope, lex)
    parent = _parent(parts, mention, place_name, party, scope, lex)
    function = _function(canonical, parts, party, context, mention)
    return Entity(scope, key_core, _words(mention), canonical, function, scope == "national", parent,
                  spelled_out=spelled_out)


# vertical systems whose offices are named by a short place name alone: there is no 宁德市海事局
_NAMED_BY_SHORT_PLACE = frozenset(("海事",))


def _written_place(mention: Mention, lex: Lexicon) -> str | None:
    """A province's or city's short name that the name of a vertical system's office holds, kept
    ("宁德|海事局|霞浦|海事处", "广西|海事局"); elsewhere the place is spelled out (上海市海关)."""
    place = mention.place
    if mention.prefix_kind != "place" or place is None or mention.prefix == place.name \
            or not mention.parts or mention.parts[0].text not in _NAMED_BY_SHORT_PLACE:
        return None
    return mention.prefix if lex.place_short.get(mention.prefix) == place.name else None


_GOVERNMENTS_COMMAND = re.compile(r"政府[\u4e00-\u9fff]+(?:指挥部|委员会)$")


def _scope(mention: Mention, context: Context) -> tuple[str | None, str | None]:
    """``(scope, place name)``; scope None for a generic mention (a lower level's bare word)."""
    kind = mention.prefix_kind
    if kind == "national":
        return "national", None
    if kind == "proper":
        return f"proper:{mention.prefix}", mention.prefix
    if kind == "none" and mention.head in ("行署", "行政公署") and "地" not in context.own_words:
        return None, None  # a bare 行署 is the plan's own only in a prefecture's (地区) plan
    if kind == "self" or kind == "none":
        return "jur", context.jurisdiction
    if kind == "place":
        place = mention.place.name if mention.place else mention.prefix
        if place == context.jurisdiction or _short_form_of(place, context.jurisdiction):
            return "jur", context.jurisdiction
        return f"place:{place}", place
    level = mention.prefix.lstrip("我本")
    if mention.prefix[:1] in "我本" or level in context.own_words:
        return "jur", context.jurisdiction
    rank = LEVEL_RANK.get(level)
    if context.jurisdiction is None and rank is not None and rank == context.rank:
        return "jur", level  # the plan's own level, its place unknown: "县应急管理局" as written
    if context.rank is not None and rank is not None and rank >= context.rank:
        return None, None  # 区政府 in a city plan: every district's, not one body
    if level in context.higher:
        place = context.higher[level]
        return f"place:{place}", place
    return f"level:{level}", level


_AUTONOMOUS = ("自治州", "自治县", "自治旗")


def _short_form_of(place: str, jurisdiction: str | None) -> bool:
    """Whether ``place`` is the plan's own autonomous area by its short name ("湘西州", "湘西自治州" in a
    湘西土家族苗族自治州 plan)."""
    kind = next((kind for kind in _AUTONOMOUS if jurisdiction and jurisdiction.endswith(kind)), None)
    if kind is None or jurisdiction is None:
        return False
    stem = short_name(jurisdiction)
    return stem != jurisdiction and place in (stem + kind[-1], stem + kind)


def _is_party(parts: list[Part], mention: Mention) -> bool:
    """市委, 中共X委员会 (a level or place with a bare 委 / 委员会): the party committee."""
    first = parts[0] if parts else None
    if first and first.text == "党委" and len(parts) == 1 and mention.prefix_kind in ("place", "level"):
        return True  # 镇党委: the town's party committee
    return bool(first and first.kind == "head" and first.text in ("委", "委员会")
                and mention.prefix_kind in ("place", "level")
                and (first.text == "委" or mention.party))


def _words(mention: Mention) -> tuple[str, ...]:
    return tuple(p.text for p in mention.parts) or (mention.label,)


def _canonical(parts: list[Part], mention: Mention, place: str | None, party: bool, scope: str,
               lex: Lexicon) -> str:
    if scope == "national":
        prefix = NATIONAL_SPELLED.get(mention.prefix, mention.prefix)
        return prefix + "".join(_spelled(p, lex) for p in parts)
    place = place or ""
    if scope.startswith("level:"):
        return mention.label  # a higher area the tables do not know ("县委" in a town plan): as written
    if party:
        rest = "".join(_spelled(p, lex) for p in parts[1:]) if parts[0].text != "党委" else ""
        if place in LEVEL_RANK:  # the plan's own level, its place unknown: 中共省委, 中共省委办公厅
            return f"中共{place}委{rest}"
        return f"中共{place}委{rest}" if rest else f"中共{place}委员会"
    spelled = [_spelled(p, lex) for p in parts]
    if spelled and spelled[0] == "政府":
        spelled[0] = "人民政府"
    if len(spelled) > 1 and spelled[-1] == "办" and parts[-2].kind == "abbr":
        spelled[-1] = "办公室"  # 防指办: the office of the 防汛抗旱指挥部 written out
    return place + "".join(spelled)


def _spelled(part: Part, lex: Lexicon) -> str:
    if part.kind == "abbr":
        return lex.abbreviations.get(part.text, part.text)
    return part.text


def _parent(parts: list[Part], mention: Mention, place: str | None, party: bool, scope: str,
            lex: Lexicon) -> str | None:
    """For a unit of a larger body (X办公室, X党委, X常委会) the canonical name of that body."""
    if len(parts) < 2 or parts[-1].text not in SUFFIX_UNITS or parts[-2].kind not in ("head", "abbr"):
        return None
    owner = parts[:-1]
    return _canonical(owner, mention, place, party, scope, lex)


def _function(canonical: str, parts: list[Part], party: bool, context: Context, mention: Mention) -> str:
    if party:
        return "party_government"
    if len(parts) > 1 and parts[-1].text in ("办公室", "办公厅"):
        owner = parts[:-1]
        owner_name = canonical[: -len(parts[-1].text)]
        return _function(owner_name, owner, _is_party(owner, mention), context, mention)
    if mention.source == "department" and parts:
        return lexicon().domains.get(parts[0].text) or classify(canonical)
    last = []
    for part in reversed(parts):
        last.insert(0, _spelled(part, lexicon()))
        if part.kind in ("head", "abbr") and len(last) > 1:
            break
    return classify(canonical, "".join(last))


def _fixed_entity(mention: Mention, context: Context) -> Entity:
    fixed = mention.fixed
    assert fixed is not None
    name = fixed.canonical or mention.label.removeprefix(mention.prefix)
    if fixed.scope == "national":
        return Entity("national", name, (name,), name, fixed.function, True, None)
    if fixed.scope == "internal":
        return Entity("internal", name, (name,), name, fixed.function, False, context.issuer)
    place = mention.place.name if mention.place else context.jurisdiction
    scope = "jur" if place == context.jurisdiction else f"place:{place}"
    canonical = name if fixed.canonical is None else (place or "") + name  # 驻穗部队, 武警X中队: as written
    return Entity(scope, name, (name,), canonical, fixed.function, False, None)


def _place_entity(mention: Mention, context: Context) -> Entity:
    place = mention.place
    assert place is not None
    canonical = place.name
    if place.level == "county" and place.city and place.city != place.name and not place.name.endswith("市"):
        canonical = place.city + place.name  # 石嘴山市惠农区 (a county-level city keeps its own name)
    return Entity(f"place:{place.name}", "(place)", (place.name,), canonical, "party_government", False,
                  None)


# --- merging ------------------------------------------------------------------------------------------


def _merge_places_into_governments(entities: dict[tuple[str, str], Entity]) -> None:
    """A town or area acting by its name is its government: "城关镇负责…" and "城关镇人民政府配合…" are
    one body, named as its government."""
    for key in [key for key in entities if key[1] == "(place)"]:
        governments = [entities[(key[0], core)] for core in _GOVERNMENT_CORES if (key[0], core) in entities]
        if governments:
            governments[0].mentions += entities.pop(key).mentions


_GOVERNMENT_CORES = ("政府", "办事处")


def _merge_names_into_the_jurisdictions(entities: dict[tuple[str, str], Entity]) -> None:
    """A body named with the plan's place and without it ("青岚县鑫达化工有限公司", "鑫达化工有限公司") is one
    body, named with its place, as the plan's own bureaus are."""
    for key in [key for key in entities if key[0] == "proper"]:
        own = entities.get(("jur", key[1]))
        if own is not None:
            own.mentions += entities[key].mentions
            own.canonicals += entities.pop(key).canonicals


def _merge_villages_into_committees(entities: dict[tuple[str, str], Entity]) -> None:
    """A village or community acting by its name is its committee, whichever way it is written:
    "竹溪村负责…", "竹溪村村委会配合…", "竹溪村村民委员会" are one body, named in the longest form."""
    by_village: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, entity in entities.items():
        village = _village_of(key[1]) if key[0] == "proper" else None
        if village is not None and (village != key[1] or any(m.source == "village" for m in entity.mentions)):
            by_village[village].append(key)
    for keys in by_village.values():
        keys.sort(key=lambda key: len(key[1]), reverse=True)
        for key in keys[1:]:
            entities[keys[0]].mentions += entities.pop(key).mentions


# a village's or a community's committee, however written: "竹溪村村委会", "枫木村委会", "黛山社区居委会"
_COMMITTEE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(村|社区)?(" + "|".join(VILLAGE_COMMITTEES) + ")")


def _village_of(core: str) -> str | None:
    """The village or community whose committee ``core`` names, or that ``core`` is ("竹溪村")."""
    committee = _COMMITTEE.fullmatch(core)
    if committee is None:
        return core if is_village(core) else None
    stem, unit, head = committee.groups()
    return stem + (unit or ("社区" if head.startswith("居") else "" if stem.endswith("嘎查") else "村"))


def _name_the_groups_office(entities: dict[tuple[str, str], Entity]) -> None:
    """"领导小组办公室" (指挥部办公室, 工作专班办公室) alone is the office of the one such body the plan sets
    up ("成立县…工作领导小组,领导小组办公室设在…"): named after it."""
    for group_head in ("领导小组", "指挥部", "工作专班"):
        office = entities.get(("jur", group_head + "办公室"))
        groups = [entity for (scope, core), entity in entities.items()
                  if scope in ("jur", "proper") and core.endswith(group_head) and core != group_head]
        if office is not None and len(groups) == 1:
            office.canonical = groups[0].canonical + "办公室"
            office.canonicals = [office.canonical] * len(office.canonicals)
            office.parent = groups[0].canonical


def _merge_divisions(entities: dict[tuple[str, str], Entity]) -> None:
    """A division named alone ("(牵头单位:质量安全股)", "厅运输服务处") is the one named with its body
    elsewhere in the plan ("县住建局质量安全股"), when just one body has a division of that name; and
    the plan's own body of that name ("应急管理办公室" beside "镇应急管理办公室")."""
    for key in [key for key in entities if key[0] == "internal"]:
        if ("jur", key[1]) in entities:  # "应急管理办公室" beside "镇应急管理办公室": the plan's own
            entities[("jur", key[1])].mentions += entities.pop(key).mentions
            continue
        if not key[1].endswith(("处", "科", "股")):
            continue
        core = key[1][1:] if key[1][:1] in "厅局委" else key[1]
        targets = [other for other in entities if other[0] != "internal" and len(other[1]) > len(core)
                   and other[1].endswith(core)]
        if len(core) >= 3 and len(targets) == 1:
            entities[targets[0]].mentions += entities.pop(key).mentions


def _merge_abbreviations(entities: dict[tuple[str, str], Entity], issuer: str = "") -> None:
    """Join each short form to the one full name it abbreviates within the same scope; the plan's issuer
    is a body of its own (云南省林业和草原局 is not short for its 林业和草原有害生物防治检疫局)."""
    by_scope: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in entities:
        by_scope[key[0]].append(key)
    for keys in by_scope.values():
        for short_key in sorted(keys, key=lambda k: len(k[1])):
            if short_key not in entities:
                continue
            short = entities[short_key]
            if issuer in short.canonicals:
                continue
            targets = [k for k in keys if k != short_key and k in entities
                       and is_abbreviation(short.core, entities[k].core, entities[k].words)]
            if len(targets) > 1:
                targets = [k for k in targets if entities[k].core[0] == short.core[0]]
            if len(targets) == 1:
                target = entities[targets[0]]
                target.mentions += short.mentions
                del entities[short_key]


# a short form leaves out a good part of the name (应急局 3 of 5, 市场监管局 5 of 7, 减灾委办公室 6 of 8)
MAX_SHORT_SHARE = 0.8


def is_abbreviation(short: str, full: str, words: tuple[str, ...] = ()) -> bool:
    """Whether ``short`` abbreviates ``full``: a shortened body (characters of ``full``'s body in order,
    from the start of one of its words) and a shortened head (starting with the first character of
    ``full``'s head). ``words`` are the words of ``full`` (its body words, then its head).

        >>> is_abbreviation("应急局", "应急管理局", ("应急管理", "局"))
        True
        >>> is_abbreviation("安委会", "安全生产委员会", ("安全生产", "委员会"))
        True
        >>> is_abbreviation("指挥中心", "三防指挥中心", ("三防", "指挥", "中心"))
        False
        >>> is_abbreviation("应急委", "应急管理局党委", ("应急管理", "局", "党委"))
        False
        >>> is_abbreviation("委办", "委网信办", ("委", "网信", "办"))
        False
    """
    if len(short) > len(full) * MAX_SHORT_SHARE or full.endswith(short) or len(short) < 2:
        return False  # "煤矿安全监督管理处" is another division than "非煤矿山安全监督管理处"
    if short.endswith((*REGISTERED, *NESTABLE)) and full.startswith(short):
        return False  # "X燃气有限公司" is the company of "X燃气有限公司虎门分公司", "公安局" the bureau of
        # "公安局交管局": no short form of it
    if not _subsequence(short, full):
        return False  # what follows asks more (a subsequence of the head after one of the body)
    head = words[-1] if len(words) > 1 and full.endswith(words[-1]) else full[-1]
    body = full[: len(full) - len(head)]
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word))
    for size in range(1, min(len(head), len(short) - 1) + 1):
        tail, lead = short[-size:], short[:-size]
        if tail[0] != head[0] or not _subsequence(tail, head):
            continue
        unit = lead.replace("(中共)", "")  # the party's key marks its 委
        if unit in NESTABLE and unit in words[:-1]:
            return False  # 委|办 is the committee's own office, not 委|网信|办 shortened
        if any(body[s:s + 1] == lead[0] and _subsequence(lead, body[s:]) for s in starts[:-1] or [0]):
            return True
    return False


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(char in it for char in short)


def _agency(entity: Entity, text: str) -> Agency:
    canonical = max(entity.canonicals, key=lambda name: (not _abbreviated(name), len(name)))
    labels = []
    for mention in entity.mentions:
        if mention.label != canonical and mention.label not in labels:
            labels.append(mention.label)
    for other in (*entity.canonicals, *entity.spelled_out):
        if other != canonical and other not in labels:
            labels.append(other)
    spans = sorted({(m.start, m.end) for m in entity.mentions})
    return Agency(
        name=canonical,
        alt_labels=tuple(labels),
        function=entity.function,
        parent=entity.parent,
        scope="national" if entity.national else "jurisdiction",
        mentions=tuple(Span(s, e, text[s:e]) for s, e in spans),
    )


@functools.cache
def _short_forms() -> tuple[str, ...]:
    """The lexicon's short forms as a tuple, for ``str.endswith`` to test them all in one call."""
    return tuple(lexicon().abbreviations)


def _abbreviated(name: str) -> bool:
    return name.endswith(_short_forms())


def _combine(first: Agency, second: Agency) -> Agency:
    labels = list(first.alt_labels)
    labels += [label for label in second.alt_labels if label not in labels]
    spans = sorted(set(first.mentions) | set(second.mentions), key=lambda s: (s.start, s.end))
    return Agency(first.name, tuple(labels), first.function, first.parent, first.scope, tuple(spans))
