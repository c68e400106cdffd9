"""Bodies named in lists: department types and their coordinated lists ("气象、水利等部门"), the elements
of the notes that list the bodies of a task ("(牵头单位:X;配合单位:Y)", "责任单位:X、Y") and of the
responsibility columns of tables, and the short forms a text declares ("X(以下简称市指挥部)").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from kg.ingest.structure import GROUP_NOTE_OPENING, NOTE_ROLE_WORDS, NOTE_UNIT_WORDS
from kg.model import Node
from kg.nlp.agencies import layout
from kg.nlp.agencies.companies import REGISTERED
from kg.nlp.agencies.grammar import (
    NATIONAL_SYSTEMS,
    TOWN_UNITS,
    division_word_at,
    generic_before,
    prefix_at,
    read_name,
    shared_place_body,
)
from kg.nlp.agencies.lexicon import LEVEL_RANK, Lexicon, Place, lexicon, top_listed_rank
from kg.nlp.agencies.mentions import CJK_ONLY, DUE_TIME_CORE, NATIONAL_PREFIXES, Mention, Part, segments
from kg.nlp.agencies.places import is_town, is_village, village_mention

# "牵头单位:", "【牵头单位】"
LIST_LABEL = re.compile(rf"\s*(?:[【\[]\s*)?(?P<label>(?:{NOTE_ROLE_WORDS})(?:{NOTE_UNIT_WORDS}|科|股)?)"
                        r"\s*[:：】\]]\s*")


def is_a_label(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is (part of) a note's label ("责任股:X", "配合科:Y", "责任站|所:Z"), not a
    division's name."""
    label = LIST_LABEL.match(text, start)
    return label is not None and label.start("label") == start and end <= label.end("label")


DEPARTMENT = re.compile(r"(?:管理|行政|主管|工作|监管|执法|业务)?部门")


def department_mentions(text: str, lex: Lexicon, local: dict[str, Place]) -> Iterator[Mention]:
    """Department types: "应急管理部门", "区应急管理部门", and coordinated lists with one shared head
    ("气象、水利、自然资源等部门" -> 气象部门, 水利部门, 自然资源部门)."""
    for m in DEPARTMENT.finditer(text):
        members = _list_before(text, m.start(), lex)
        if not members:
            continue
        if len(members) == 1:
            start, end = members[0]
            mention = _department(text, start, m.end(), text[start:end], lex, local)
            if mention is not None:  # "浏阳市、醴陵市应急管理部门": each place's department
                yield from shared_place_body(text, mention, lex, local) or (mention,)
            continue
        # a level or place before the first member is all of theirs: "会同县林业、公安等部门"
        shared = prefix_at(text, members[0][0], [Part(text[slice(*members[0])], "body")], lex, local)
        if shared is None or shared[1] not in ("place", "level"):
            shared = None
        if generic_before(text, shared[3] if shared else members[0][0], lex):
            continue  # "各县林业、公安部门": every county's
        for index, (start, end) in enumerate(members):
            # the last keeps the words of the head it stands by: "气象、应急|管理部门" -> 应急管理部门
            body = text[start:end] + (m.group()[:-2] if index == len(members) - 1 else "")
            parts = (Part(body, "body"), Part("部门", "head"))
            if shared is None:
                yield Mention(start, end, body + "部门", parts, source="department")
                continue
            first = shared[3] if index == 0 else start
            yield Mention(first, end, shared[0] + body + "部门", parts, prefix=shared[0],
                          prefix_kind=shared[1], place=shared[2], source="department")


def _department(text: str, start: int, end: int, domain: str, lex: Lexicon,
                local: dict[str, Place]) -> Mention | None:
    parts = [Part(text[start:end - 2], "body"), Part("部门", "head")]
    prefix = prefix_at(text, start, parts, lex, local)
    label_start = prefix[3] if prefix and prefix[1] in ("place", "level") else start
    if generic_before(text, label_start, lex):
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
        domain = lex.longest_ending(text, position, lex.domains, 6)
        place = lex.place_ending(text, position - len(domain)) if domain and not members else None
        if place is not None and place.name == text[start:position - len(domain)]:
            return [(position - len(domain), position)]  # "醴陵市|应急管理": a place's department
        if start > 0 and text[start - 1] in "、和及" and 1 <= position - start <= 8:
            members.insert(0, (start, position))
            position = start - 1
            continue
        domain = lex.longest_ending(text, position, lex.domains, 6)
        if domain:
            first = _types_start(text, start, position, lex)
            if text.endswith(_POLICE, 0, first):
                first -= 2  # "公安|交警部门": the police's traffic department, one department
            members.insert(0, (first, position))
        elif members:
            return []  # the first member is no department: not a list of departments
        break
    known = sum(1 for s, e in members if text[s:e].removeprefix(_POLICE) in lex.domains
                or _types_start(text, s, e, lex) == s)
    if not members or known * 2 < len(members):
        return []
    return members


def _types_start(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Where the department types ending at ``end`` and written as one start, not before ``start``:
    one department of them all ("文化|旅游", "文化|广电|旅游", "文化广电和旅游"). A type that is also a
    task's verb stays out ("组织|水务部门": 组织 is the task)."""
    position = end
    while position > start:
        word = lex.longest_ending(text, position, lex.domains, 12)
        if word is None or position - len(word) < start or (position < end and word in _verb_types()):
            break
        position -= len(word)
    return position


@lru_cache(maxsize=1)
def _verb_types() -> frozenset[str]:
    lex = lexicon()
    verbs = (*lex.cues["task"], *lex.cues["charge_verb"])
    return frozenset(word for word in lex.domains if word in verbs)


_POLICE = "公安"  # the system over 交警, 交管 … departments


SHORT_FORM_NOTES = ("以下简称", "下称", "简称")
_NOTE_ON_NOTES = re.compile(r"括号[内中]")
# "(含幼儿园、中等职业学校)": what the noun before covers, not who does the task
_COVERS = re.compile(r"\s*(?:含|包括|包含|不含|其中)")
_SHORT_FORM_DECLARED = re.compile(r"[(（](?:以下简称|下称|简称)[“\"]?([\u4e00-\u9fff]{2,12})[”\"]?[)）]")


def declared_short_forms(text: str, mentions: list[Mention]) -> list[Mention]:
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
_LABELLED_NOTE = re.compile(rf"(?:(?:{NOTE_ROLE_WORDS})(?:{NOTE_UNIT_WORDS})"
                            r"|(?<![\u4e00-\u9fff])(?:牵头|主责|主办|配合|协同|协办|协助))"  # 牵头:X;配合:Y
                            r"\s*[:：】\]](?:[^。\n()（）]|" + layout.ROLE_MARK + "|" + layout.LEVEL_ASIDE
                            + "|" + layout.SHORT_FORM_ASIDE + r"){1,150}")  # 配合单位:X(以下简称Y)、Z
# what opens a note's part before the body named in it: "(由X牵头,…)", "(以上由X牵头,…)", "(上述两项由X负责)"
_OPENING_OF_A_ROLE = re.compile(rf"(?:{GROUP_NOTE_OPENING})?由")
# what stands between two parts of one note: a line break, a full stop (牵头单位:X。成员单位:Y)
_BETWEEN_NOTE_PARTS = re.compile(r"[。;；]?[^\S\n]*(?:\n[^\S\n]*)?(?:[【\[][^\S\n]*)?")
_ROLE_MARK_END = re.compile(layout.ROLE_MARK + r"$")
_ALIAS_END = re.compile(rf"(?:{layout.ALIAS_ASIDE_BODY}|{layout.SHORT_FORM_ASIDE})$")
_OTHERS_END = re.compile(r"等(?:有关|相关)?(?:部门|单位|机构)?$")


def notes(text: str) -> Iterator[tuple[int, int, int, int, bool]]:
    """Notes that list the bodies of a task: ``(start, end, list start, list end, strict)``.
    Parenthesised ones ("(综合处、科技和统计处)", "(牵头单位:X;配合单位:Y)") are strict: a note only if
    every element is a name; labelled lists standing free ("责任单位:X、Y") take the names they hold."""
    brackets = list(layout.parentheses(text))
    for open_, close, start, end in brackets:
        if text.startswith(SHORT_FORM_NOTES, start) or _NOTE_ON_NOTES.search(text, start, end) \
                or _COVERS.match(text, start, end):
            continue  # "(以下简称市指挥部)" names a body, "(括号内为责任处室,…)" says how to read the notes
        yield open_, close, start, end, True
    inside = layout.Ranges((open_, close) for open_, close, _, _ in brackets)
    free = [(m.start(), m.end()) for m in _LABELLED_NOTE.finditer(text)
            if inside.containing(m.start(), m.end()) is None]
    for start, end in _parts_of_one_note(text, free):
        yield start, end, start, end, False


def _parts_of_one_note(text: str, labelled: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Labelled lists standing free, those that follow each other over a line break or a full stop made one
    note ("【牵头单位】X⏎【责任单位】Y", "牵头单位:X。成员单位:Y"): the parts of one task's note, read
    together as they are in one bracket."""
    merged: list[tuple[int, int]] = []
    for start, end in labelled:
        if merged and _BETWEEN_NOTE_PARTS.fullmatch(text, merged[-1][1], start):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def list_mentions(text: str, lex: Lexicon, local: dict[str, Place], town: bool) -> Iterator[Mention]:
    """The elements of the notes that list bodies (see :func:`notes`)."""
    for open_, close, start, end, strict in notes(text):
        if strict and _is_gloss(text, open_, close, text[start:end]):
            continue
        for element_start, element_end, _ in list_elements(text, start, end, lex, strict=strict):
            yield _list_element(text, element_start, element_end, lex, local, town)


def _is_gloss(text: str, open_: int, close: int, inner: str) -> bool:
    """A word in brackets glossing the noun right before it, inside a clause or a list ("对企业(场所)开展
    检查", "医疗机构(诊所)、建筑工地(项目部)"): another name for the same things, not a note of who does
    it."""
    after = text[close:close + 1]
    between_words = layout.CJK.match(text[open_ - 1:open_]) and (after == "、" or layout.CJK.match(after))
    return bool(between_words) and len(inner) <= MAX_GLOSS and CJK_ONLY.fullmatch(inner) is not None


MAX_GLOSS = 6


def cell_mentions(text: str, lex: Lexicon, local: dict[str, Place], structure: Node | None,
                  town: bool) -> Iterator[Mention]:
    """The bodies listed in the responsibility columns of tables ("牵头单位", "配合单位", "责任单位")."""
    for start, end, header in layout.table_cells(text, structure):
        if RESPONSIBILITY_COLUMN.search(header):
            for element_start, element_end, _ in list_elements(text, start, end, lex, separators="、,，/\n ",
                                                               strict=False):
                yield _list_element(text, element_start, element_end, lex, local, town)


RESPONSIBILITY_COLUMN = re.compile(rf"(?:{NOTE_ROLE_WORDS})(?:{NOTE_UNIT_WORDS})")


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
        if _TIME_FIELD.match(text, segment_start, segment_end) or _PERSON_FIELD.match(
                text, segment_start, segment_end) or _is_a_due_time(text, segment_start, segment_end):
            continue  # "(责任单位:X;完成时限:9月底前)", "(责任单位:X;2026年5月底前)": when, not who;
            # "责任领导:张建国": a person
        if seated := SEATED_IN.match(text, segment_start, segment_end):
            segment_start = seated.end()  # "(办公室设在县应急管理局)": where an office sits, a body, no list
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
                opening = _OPENING_OF_A_ROLE.match(text, segment_start, segment_end)
                segment_start = opening.end() if opening else segment_start  # "(由X牵头,…)", "(以上由X牵头)"
        each: int | None = None  # the rank of the levels a headless 各 lists ("各县级市、区人民政府": 3)
        for element_start, element_end in segments(text, segment_start, segment_end, separators):
            element_label = label
            mark = _ROLE_MARK_END.search(text, element_start, element_end)
            if mark:  # "市应急局(牵头)": this member's role
                element_label, element_end = mark.group()[1:-1], mark.start()
            alias = _ALIAS_END.search(text, element_start, element_end)
            if alias and alias.start() > element_start:  # "市应急局(市安委办)": one body, named once
                element_end = alias.start()
            tail = _OTHERS_END.search(text, element_start, element_end)
            if tail and tail.start() > element_start:  # "市应急局等部门": the last named, then the rest
                element_end = tail.start()
            convention = lex.convention_re.search(text, element_start, element_end)
            if convention:  # "…、省水利厅。列第一位的为牵头单位": the name before the convention stays
                element_end = element_start + len(text[element_start:convention.start()].rstrip("。.,，;； "))
            element = text[element_start:element_end]
            if not element or element in ("下同", "同上", "下略"):
                continue
            # "各县级市、区人民政府": every county-level city's and district's government, none named
            shares_each = each is not None and text[element_start - 1] == "、" and LEVEL_RANK.get(
                element[0], 0) >= each  # "各镇街、市应急管理局": the city's bureau is named
            if shares_each:
                continue
            each = top_listed_rank(element[1:]) if element.startswith("各") and not _has_a_head(
                element, lex) else None
            if _looks_like_name(element, lex) or _listed_with_a_place(text, element_start, element_end,
                                                                       segment_end, lex):
                found.append((element_start, element_end, element_label))
                continue
            # "地震局和地震监测中心": two names joined by 和/及 (科技和统计处 is one name)
            pieces = list(segments(text, element_start, element_end, "和及"))
            if len(pieces) >= 2 and all(_looks_like_name(text[s:e], lex) for s, e in pieces):
                found += [(s, e, label) for s, e in pieces]
            elif strict and not label and not _generic_element(element, lex):
                return
    yield from found


_LEVEL_CHARACTERS = frozenset("省市区县镇乡")


def _has_a_head(element: str, lex: Lexicon) -> bool:
    return lex.longest_ending(element, len(element), lex.heads, 6) is not None


#: where an office sits, opening a bracket: "(设在县应急管理局)", "(办公室设在市应急管理局)"
SEATED_IN = re.compile(r"(?:办公室|办事机构)?(?:设在|挂靠|依托)")
_TIME_FIELD = re.compile(r"\s*(?:完成|办结|工作|建设|实施)?(?:时限|时间|时间节点|期限|年限|进度)"
                         r"(?:要求|安排)?\s*[:：]")
_PERSON_FIELD = re.compile(r"\s*(?:(?:责任|分管|包保|包村|挂点|县级|市级|镇级|牵头|主要|联系)?领导"
                           r"|责任人|联系人|负责人|联系(?:电话|方式)|电话|手机)\s*[:：]")
# a due time standing alone in a note: "(责任单位:X;2026年5月底前)", "(…;汛期前完成)", "(…;长期坚持)"
_DUE_TIME_START = re.compile(rf"\s*(?:(?:19|20)\d{{2}}年|{DUE_TIME_CORE}|汛期|汛前|汛后|长期|持续|全年|每年"
                             r"|[一二三四]季度)")


def _is_a_due_time(text: str, start: int, end: int) -> bool:
    return _DUE_TIME_START.match(text, start, end) is not None and "、" not in text[start:end]


# a county-level place's shape: a name and its level word ("临安区", "德清县")
_PLACE_LIKE = re.compile(r"[\u4e00-\u9fff]{2,4}[区县市旗]")


def _listed_with_a_place(text: str, start: int, end: int, stop: int, lex: Lexicon) -> bool:
    """"(责任单位:临安区、富阳区人民政府)": a place no table lists, right before a known place of its kind
    (the same level word) in the same list."""
    if not _PLACE_LIKE.fullmatch(text, start, end) or text[end:end + 1] not in "、,，":
        return False
    level_at = text.find(text[end - 1], end + 1, stop)
    place = lex.place_ending(text, level_at + 1) if level_at >= 0 else None
    return place is not None and level_at + 1 - len(place.name) == end + 1


def _role_verbs(lex: Lexicon) -> tuple[str, ...]:
    """The verbs that end a list in a note and give its role: 牵头, 负责, 配合, 参与 ... (longest first)."""
    words = {*lex.cues["lead_verb"], *lex.cues["charge_verb"], *lex.cues["support_verb"]}
    return tuple(sorted(words, key=len, reverse=True))


def _note_segments(text: str, start: int, end: int, verbs: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """The parts of a note that each carry one label or role: split at ";" or "。", and at "," where a new
    label follows ("责任单位:X,配合单位:Y") or a role verb ends the part before ("X牵头,Y、Z配合")."""
    for part_start, part_end in segments(text, start, end, ";；。"):
        cut = part_start
        for i in range(part_start, part_end):
            if text[i] in "【[" and i > cut and LIST_LABEL.match(text, i, part_end):
                yield from segments(text, cut, i, "")  # "【牵头单位】X【配合单位】Y"
                cut = i
            elif text[i] in " \u3000\t\n" and i > cut and _field_starts(text, i, part_end) and not \
                    text[cut:i].isspace():
                yield from segments(text, cut, i, "")  # "牵头单位:X  配合单位:Y", "责任科室:X 完成时间:5月底"
                cut = i
            elif text[i] in ",，" and (LIST_LABEL.match(text, i + 1, part_end)
                                      or text[cut:i].rstrip().endswith(verbs)
                                      or _ends_with_a_role(text, i + 1, part_end, verbs)):
                yield from segments(text, cut, i, "")  # "X牵头,Y配合", "责任单位:X、Y,Z配合"
                cut = i + 1
        yield from segments(text, cut, part_end, "")


def _field_starts(text: str, start: int, end: int) -> bool:
    return bool(LIST_LABEL.match(text, start, end) or _TIME_FIELD.match(text, start, end)
                or _PERSON_FIELD.match(text, start, end))


def _ends_with_a_role(text: str, start: int, end: int, verbs: tuple[str, ...]) -> bool:
    """Whether the clause from ``start`` (to the next comma) ends with a role verb: "…,Z配合"."""
    comma = min((i for i in (text.find(",", start, end), text.find("，", start, end)) if i >= 0), default=end)
    return text[start:comma].rstrip().endswith(verbs)


def _generic_element(element: str, lex: Lexicon) -> bool:
    """"各乡镇人民政府", "各县(市、区)", "有关部门", "县直有关部门", "区级相关单位": a generic reference
    among the named bodies of a note."""
    if _STREET_OFFICE.fullmatch(element):
        return False  # "街道应急办", "社区事务科": the street's own offices, not streets in general
    if _GROUNDWORK_DIVISION.fullmatch(element):
        return False  # "基层工作处", "基层应急管理处": a division, not the grassroots in general
    return element.startswith(lex.generic_before) or _LEVEL_OF_UNITS.sub("", element).startswith(
        lex.generic_before) or _MEMBERS_IN_GENERAL.search(element) is not None


_STREET_OFFICE = re.compile(r"(?:街道|社区)[\u4e00-\u9fff]{1,6}(?:办公室|办|科)")
_GROUNDWORK_DIVISION = re.compile(r"基层[\u4e00-\u9fff]{0,6}(?:处|科)")
# a body's members in general, after its name: "省安委会有关成员单位", "厅机关各处室"
_MEMBERS_IN_GENERAL = re.compile(r"(?:各|有关|相关)(?:有关|相关)?(?:成员单位|单位|部门|处室|科室|机构)$")
_LEVEL_OF_UNITS = re.compile(r"^(?:省|市|区|县|乡|镇|州|盟|旗|地区|苏木)(?:直|级|属)?")


MAX_LISTED_NAME = 24  # 中国石油天然气股份有限公司广西石化分公司, 宁波石化经济技术开发区安全生产监督管理局


def _looks_like_name(element: str, lex: Lexicon) -> bool:
    if not 2 <= len(element) <= MAX_LISTED_NAME or not CJK_ONLY.fullmatch(element):
        return False
    if _generic_element(element, lex):
        return False  # 各区政府, 有关部门, 县直有关部门
    if element in lex.abbreviations or lex.fixed_name(element):
        return True
    if element in ("办公室", "办公厅", *TOWN_UNITS) or is_village(element) or is_town(element) \
            or element in lex.places:
        return True  # the issuer's own office, in a list of its divisions; a town's own unit (派出所); a
        # village, town or district
    head = lex.longest_ending(element, len(element), lex.heads, 6) or lex.longest_ending(
        element, len(element), lex.abbreviations, 6) or ("部门" if element.endswith("部门") else None)
    return head is not None and len(head) < len(element)  # "县住建局", "市防指", "市安委会"


# heads of an issuer's own units when a list names them alone ("(综合处、办公厅)")
_INTERNAL_HEADS = frozenset(("处", "科", "室", "股", "司", "办公室", "办公厅", "党委", "纪委", "党组", "中心",
                             "组"))


def _list_element(text: str, start: int, end: int, lex: Lexicon, local: dict[str, Place],
                  town: bool = False) -> Mention:
    element = text[start:end]
    if is_village(element):
        return village_mention(text, start, end)
    place = _place_named(element, lex, local)
    if place is not None:  # a district or a town given a task: its government
        return Mention(start, end, element, (), prefix=place.name, prefix_kind="place", place=place,
                       source="place")
    fixed = lex.fixed_name(element)
    if fixed is not None:
        return Mention(start, end, element, (Part(element, "head"),), source="fixed", fixed=fixed,
                       internal=fixed.scope == "internal")
    heads = [m for m in lex.head_re.finditer(text, start, end) if m.end() == end]
    read = read_name(text, heads[-1].start(), end, lex, local, town) if heads else None
    # "县住建局": the grammar knows its prefix and short forms; "市场监管所" in a town's plan is the town's
    known = read is not None and read.start == start
    if known and (read.prefix_kind != "none" or town):
        return read if read.source == "company" else replace(read, source="list")  # a named institution
    head = lex.longest_ending(element, len(element), lex.heads, 6) or lex.longest_ending(
        element, len(element), lex.abbreviations, 6) or "部门"
    prefix = _prefix_inside(element, lex, local)
    if (prefix is None and any(word in element for word in REGISTERED)) or any(
            element.startswith(group) for group in lex.enterprise_groups):
        # a company by its own name, of no place, or its branch ("…燃气有限公司虎门分公司"); a state group's
        # branch ("国网枫川县供电公司") as written
        return Mention(start, end, element, (Part(head, "head"),), prefix=element[:-len(head)],
                       prefix_kind="proper", source="company")
    parts = [Part(element[:-len(head)], "free"), Part(head, "head")]
    prefix = prefix or _own_name_inside(element, head, lex)
    if prefix:
        parts[0] = Part(element[len(prefix[0]):-len(head)], "free")
        return Mention(start, end, element, tuple(p for p in parts if p.text), prefix=prefix[0],
                       prefix_kind=prefix[1], place=prefix[2], source="list")
    internal = head in _INTERNAL_HEADS
    return Mention(start, end, element, tuple(p for p in parts if p.text), source="list", internal=internal)


def _own_name_inside(element: str, head: str, lex: Lexicon) -> tuple[str, str, Place | None] | None:
    """A body of a national system or named by a place's short name, written as its own name, not the
    plan's place's: "民航|西南地区管理局", "深圳|地铁集团", "二连浩特|边境管理支队"."""
    system = next((word for word in NATIONAL_SYSTEMS if element.startswith(word)), None)
    if system is not None:
        return system, "national", None
    for size in (4, 3, 2):
        short = element[:size]
        # a county's stem of three or four characters ("二连浩特"); of two it is too often a word (公安县)
        county = size > 2 and any(short + level in lex.places for level in _COUNTY_LEVELS)
        if len(element) - size > len(head) and (short in lex.place_short or county) \
                and short not in lex.body_words and short not in lex.domains:
            return short, "proper", None
    return None


_COUNTY_LEVELS = ("市", "县", "旗")


def _place_named(element: str, lex: Lexicon, local: dict[str, Place]) -> Place | None:
    """The place a list element names alone: a known one, a town, or one listed with known ones
    (:func:`_listed_with_a_place`)."""
    place = lex.places.get(element) or local.get(element)
    if place is None and is_town(element):
        place = Place(element, "town", "", "")
    elif place is None and _PLACE_LIKE.fullmatch(element) and lex.longest_ending(
            element, len(element), lex.heads, 6) is None:
        place = Place(element, "county", "", "")
    return place


def _prefix_inside(element: str, lex: Lexicon,
                   local: dict[str, Place]) -> tuple[str, str, Place | None] | None:
    for size in range(min(len(element) - 1, lex.place_max), 2, -1):
        place = lex.places.get(element[:size]) or local.get(element[:size])
        if place:
            return place.name, "place", place
    for national in NATIONAL_PREFIXES:
        if element.startswith(national) and len(element) > len(national) + 1:
            return national, "national", None
    head = lex.longest_ending(element, len(element), lex.heads, 6) or ""
    if element[0] in _LEVEL_CHARACTERS and len(element) > 2 and not division_word_at(element, 1, head, lex):
        return element[0], "level", None
    return None
