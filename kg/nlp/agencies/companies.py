"""Companies ("中国航材集团", "华能燃气有限公司"), and the members of a coordinated list governed by a
directive verb ("推动中大、华工、华农、奥体中心完成…").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from kg.nlp.agencies import layout
from kg.nlp.agencies.grammar import proper_name
from kg.nlp.agencies.lexicon import Lexicon, Place
from kg.nlp.agencies.mentions import (
    CHARGED_AFTER,
    DIRECTIVES,
    FREE_STOP,
    LIST_CATEGORY,
    TASK_GIVERS,
    Mention,
    Part,
    at_boundary,
    segments,
)

# --- members of a directed list ----------------------------------------------------------------------


_MEMBER_LIST = re.compile(
    r"(?:" + "|".join(DIRECTIVES) + r")((?:[\u4e00-\u9fff]{2,6}[、和及]){1,8}[\u4e00-\u9fff]{2,6}?)"
    r"(?=(?:" + LIST_CATEGORY + r")?"
    r"(?:继续|依法|进一步|切实|全面|认真|积极|联合|尽快|加快|主动|同步|共同|分别|及时)?"
    r"(?:完成|开展|推进|加强|落实|履行|做好|实施|建设|建立|制定))")


def member_mentions(text: str, lex: Lexicon) -> Iterator[Mention]:
    """Short coordinated names governed by a directive verb, one of them an organisation
    ("推动中大、华工、华农、奥体中心完成…"): all of them are bodies given the task."""
    for m in _MEMBER_LIST.finditer(text):
        members = list(segments(text, m.start(1), m.end(1), "、和及"))
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


# --- companies ---------------------------------------------------------------------------------------


REGISTERED = ("有限公司", "有限责任公司")
# an aside before 有限公司: the group's form or the company's place ("重庆轨道交通(集团)", "华润燃气(儋州)")
_GROUP_ASIDE = re.compile(r"[(（](?:集团|股份|控股|[\u4e00-\u9fff]{2,4})[)）]$")


def company_mentions(text: str, lex: Lexicon, local: dict[str, Place]) -> Iterator[Mention]:
    """Named companies: a place name (中国, 上海 ...) or an enterprise group (国网, 中石化 ...), a short name,
    集团/公司 ("中国航材集团"); a registered company by its proper name alone ("华能燃气有限公司")."""
    for m in re.finditer(r"集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|集团|分公司|公司", text):
        if m.group().endswith(REGISTERED):
            aside = _GROUP_ASIDE.search(text, max(0, m.start() - 6), m.start())  # 重庆轨道交通(集团)有限公司
            registered = proper_name(text, aside.start() if aside else m.start(), m.end(), lex)
            if registered is not None:
                registered = _through_a_joiner(text, registered, lex)
            if registered is None:
                registered = _groups_company(text, m.start(), m.end(), lex)
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


def _through_a_joiner(text: str, company: Mention, lex: Lexicon) -> Mention:
    """A registered company whose own name holds 和 ("四川|和|邦生物…有限公司", "江西仁|和|药业有限公司"): the
    name reads on over it to a boundary, unless the words before name a body of their own ("甲公司和…")."""
    joiner = company.start - 1
    if joiner < 1 or text[joiner] != "和":
        return company
    start = next((s for s in range(joiner - 1, max(-1, joiner - 5), -1) if at_boundary(text, s)), None)
    if start is None or not all(layout.CJK.match(c) for c in text[start:joiner]) or lex.head_re.search(
            text, start, joiner) or not _opens_with_a_place(text, start, lex):
        return company  # "督促企业和华能燃气有限公司": a registered name opens with its place
    return replace(company, start=start, label=text[start:company.end], prefix=text[start:company.end - len(
        company.parts[-1].text)])


def _opens_with_a_place(text: str, start: int, lex: Lexicon) -> bool:
    return any(text[start:start + size] in lex.place_short or text[start:start + size] in lex.places
               for size in (2, 3, 4))


_GROUP_COMPANY_PART = re.compile(r"[\u4e00-\u9fff]{2,12}$")


def _groups_company(text: str, head_start: int, end: int, lex: Lexicon) -> Mention | None:
    """A group's registered company, named from the group on ("中国安能集团|第三工程局|有限公司",
    "国家管网集团|东部原油储运|有限公司"): the group is known by a place, a national prefix or its name."""
    group_end = text.rfind("集团", max(0, head_start - 14), head_start) + 2
    part = _GROUP_COMPANY_PART.search(text, group_end, head_start) if group_end >= 2 else None
    if part is None or part.start() != group_end or FREE_STOP.intersection(part.group()):
        return None
    starts = list(_name_starts(text, group_end - 2))
    begin = next((start - len(g) for start in starts
                  if (g := lex.longest_ending(text, start, lex.place_short, 4, 2)
                      or lex.longest_ending(text, start, lex.enterprise_groups, 6, 2))), None)
    if begin is None:
        begin = next((start for start in starts if text.startswith(("中国", "国家"), start)), None)
    if begin is None or not at_boundary(text, begin):
        return None
    return Mention(begin, end, text[begin:end], (Part(text[head_start:end], "head"),),
                   prefix=text[begin:head_start], prefix_kind="proper", source="company")


# words before a company that give it a task or make it a partner: "督促|金川集团", "会同|唐山港集团"
_GIVERS = (*TASK_GIVERS, "联合", "与")  # not 依托/支持 (gold notes)
_KINDS_OF_COMPANY = ("各", "重点", "大型", "龙头", "国有", "民营", "中央", "省属", "市属", "县属", "相关",
                     "有关", "骨干", "企业", "涉及", "辖区", "本地", "属地", "下属", "所属")


def _trade_name(text: str, head_start: int, end: int, starts: list[int], lex: Lexicon) -> Iterator[Mention]:
    """A company by its trade name alone, given a task ("港华燃气公司配合…", "齐鲁石化公司:负责…",
    "督促金川集团落实…", "会同唐山港集团…"): a name from a boundary that holds more than trade words
    (燃气公司 alone is every gas company) and is no kind of company (重点企业集团)."""
    start = next((s for s in starts if at_boundary(text, s)), None)
    if start is None:
        return
    charged = CHARGED_AFTER.match(text, end) or text[end:end + 1] in (":", "：")
    if not (charged or text.endswith(_GIVERS, 0, start) or _listed_after_a_giver(text, start)) \
            or text.startswith(_KINDS_OF_COMPANY, start):
        return
    rest = text[start:head_start]
    while rest and (word := lex.body_word_ending(rest, len(rest))):
        rest = rest[:-len(word)]
    if len(rest) >= 2:
        yield Mention(start, end, text[start:end], (Part(text[head_start:end], "head"),),
                      prefix=text[start:head_start], prefix_kind="proper", source="company")


MAX_LIST_ITEM = 20  # characters of a body's name in a list


def _listed_after_a_giver(text: str, start: int) -> bool:
    """A company after 、 in a list a directive or 会同 opens ("督促胜利能源公司、|白音华煤电公司完善…"):
    given the task as the first member is."""
    position = start
    while position > 0 and text[position - 1] == "、":
        item_end = position - 1
        item_start = item_end
        while item_start > max(0, item_end - MAX_LIST_ITEM) and layout.CJK.match(text[item_start - 1]) \
                and text[item_start - 1] not in FREE_STOP:
            item_start -= 1
        if text.startswith(_GIVERS, item_start) or text.endswith(_GIVERS, 0, item_start):
            return True
        position = item_start
    return False


def _name_starts(text: str, head_start: int) -> Iterator[int]:
    """Where a company's short name may start: 2 to 8 characters before its head, within a word run."""
    for size in range(2, 9):
        start = head_start - size
        if start < 0 or text[start] in FREE_STOP or not layout.CJK.match(text[start]):
            return
        yield start
