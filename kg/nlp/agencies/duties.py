"""Responsibilities: where a plan's text itself assigns a task to a named agency (GUIDELINES
"responsibilities" and the adjudication policy of the gold notes).

Two kinds of evidence:

- a note after a task: "(牵头单位:X;协同单位:Y、Z)" (labels also split by a comma, or in 【】), "(X牵头,
  Y、Z配合)", "(责任单位:X)", "责任单位:X、Y" or "【牵头单位】X" standing free, a table's 牵头单位/配合单位
  columns, or a bare list "(综合处、科技和统计处)": every agency of a bare or 责任单位 list leads, unless
  the document states that the first one leads ("排名第一的为牵头处室"), in which case the rest support,
  or the note names a lead (then a 责任单位 list supports it); generic members ("各区政府") are passed over;
- a sentence: "由X牵头", "X负责…" (also "X、Y按职责分工/分别负责"), "X牵头,Y配合", "X会同Y负责" (Y
  supports); and, with the issuer as the unnamed subject,
  "会同X…" and "与X合作/协作/联合…" (X supports), "配合X…" (X leads), "协调/推动/督促X + task verb"
  (X leads), "发挥X…统筹协调…作用" (X leads).

Never from quotations (a quoted mechanism such as "森防指牵头抓总" is a principle, not a task), nor from
sections that report work already done. The evidence span always lies inside the task's own clause
(the note in parentheses lies inside its item), so a measure that contains the task contains it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.ingest.structure import CONTACT_LABELS, assigned_items
from kg.model import Agency, Node, Responsibility, Role, Span
from kg.nlp.agencies import layout
from kg.nlp.agencies.lexicon import Lexicon, lexicon
from kg.nlp.agencies.mentions import DUE_TIME_CORE, LIST_CATEGORY
from kg.nlp.agencies.notes import RESPONSIBILITY_COLUMN, SEATED_IN, SHORT_FORM_NOTES, list_elements, notes

_LIST_GLUE = re.compile(r"\s*[、和及]\s*")
# "等部门", "等地", "等厅属企业": the end of a list, or a list's own head word
_LIST_TAIL = re.compile(LIST_CATEGORY + "|部门")
# a due time between a directive's agencies and their task: "督促X、Y 6月底前完成…"
_GENERIC_MEMBERS_AFTER = re.compile(r"(?:[、和及](?:各|有关|相关|其他)[\u4e00-\u9fff]{0,6}"
                                    r"(?:镇街|街道|社区|部门|单位|企业|站|所|队|村|镇|乡))+")
_DUE_FIRST = re.compile(r"(?:于|在)?(?:(?:19|20)\d{2}年)?(?:" + DUE_TIME_CORE + r"|(?<=年)底)前?")
_NOTE_END = re.compile(r"\s*(?:[。;；,，\n]|$)")


@dataclass(frozen=True)
class AgencyList:
    """Agencies named one after another ("气象、水利、自然资源等部门"): their names and where the list is."""

    start: int
    end: int
    agencies: tuple[str, ...]


_MEMBERS_AFTER = re.compile(r"各?成员(?:单位|部门)")


class MentionIndex:
    """Agency mentions of a document by position."""

    def __init__(self, agencies: dict[str, Agency], text: str = "") -> None:
        # a body its members follow stands for them, and none of them is named ("区安委会各成员单位配合")
        spans = sorted((m.start, m.end, name) for name, agency in agencies.items() for m in agency.mentions
                       if not _MEMBERS_AFTER.match(text, m.end))
        self._spans = spans
        self._starts = [s for s, _, _ in spans]

    def within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect.bisect_left(self._starts, start)
        found = []
        while i < len(self._spans) and self._spans[i][0] < end:
            if self._spans[i][1] <= end:
                found.append(self._spans[i])
            i += 1
        return found

    def covering(self, start: int, end: int) -> str | None:
        """The agency named by a mention overlapping ``[start, end)`` (the longest one)."""
        i = bisect.bisect_right(self._starts, end) - 1
        best = None
        while i >= 0 and self._spans[i][0] >= start - 40:
            s, e, name = self._spans[i]
            if s < end and start < e and (best is None or e - s > best[1] - best[0]):
                best = (s, e, name)
            i -= 1
        return best[2] if best else None


def find_responsibilities(text: str, agencies: dict[str, Agency], structure: Node | None = None,
                          plan_year: int | None = None) -> list[Responsibility]:
    """Every explicit assignment of a task to one of ``agencies`` (the plan's agencies, with mentions)."""
    lex = lexicon()
    index = MentionIndex(agencies, text)
    past = layout.past_sections(text, structure, plan_year)
    quotes = layout.quotations(text)
    titles = layout.titles(text)
    first_leads = bool(lex.convention_re.search(text))
    found: list[Responsibility] = []
    found += _notes(text, index, lex, first_leads, past)
    found += _table_columns(text, structure, index, lex, first_leads)
    found += _headed_duties(text, index, past)
    found += _numbered_duties(text, index, past)
    for start, end in layout.clauses(text):
        if past.containing(start, end) or titles.containing(start, end) or _POSTS.match(text, start):
            continue
        lists = [a for a in _agency_lists(text, start, end, index) if not quotes.containing(a.start, a.end)]
        found += _sentence_forms(text, start, end, lists, lex)
    return _unique(_spread_over_groups(_without_echoes(found), text, structure))


def _spread_over_groups(found: list[Responsibility], text: str,
                        structure: Node | None) -> list[Responsibility]:
    """The roles a group note gives ("(1)…;(2)…;⏎以上任务由X牵头,Y配合") go to each item it assigns, one
    body each for "以上三项分别由A、B、C牵头" when the counts agree; the note keeps none of its own."""
    if structure is None:
        return found
    for parent in structure.walk():
        for index in range(len(parent.children)):
            items, each = assigned_items(parent.children, index, text)
            if not items:
                continue
            note = parent.children[index].span
            given = [duty for duty in found if note.start <= duty.evidence.start < note.end]
            leads = [duty for duty in given if duty.role == "lead"]
            found = [duty for duty in found if duty not in given]
            if each and len(leads) == len(items):
                found += [replace(lead, task=item.span) for lead, item in zip(leads, items, strict=True)]
            else:
                found += [replace(duty, task=item.span) for item in items for duty in given]
    return found


NOTE_OPENINGS = frozenset("(（【[〔")


def _without_echoes(found: list[Responsibility]) -> list[Responsibility]:
    """Drop a sentence form read inside a note that already gave the same agency a role ("(X牵头,Y配合)"
    is one note, not a note and two sentences; the note, read whole, knows the roles better)."""
    notes_given: dict[str, list[Span]] = {}
    for duty in found:
        if duty.evidence.text[:1] in NOTE_OPENINGS:
            notes_given.setdefault(duty.agency, []).append(duty.evidence)
    return [duty for duty in found if duty.evidence.text[:1] in NOTE_OPENINGS or not any(
        note.start <= duty.evidence.start and duty.evidence.end <= note.end
        for note in notes_given.get(duty.agency, ()))]


# --- notes in parentheses -------------------------------------------------------------------------------


def _notes(text: str, index: MentionIndex, lex: Lexicon, first_leads: bool,
           past: layout.Ranges) -> Iterator[Responsibility]:
    for open_, close, start, end, strict in notes(text):
        if past.containing(open_, close):
            continue
        elements = list(list_elements(text, start, end, lex, strict=strict))
        if not elements:
            continue
        labelled = any(label for _, _, label in elements)
        if not labelled and not _NOTE_END.match(text, close):
            continue  # an explanatory list inside a sentence ("成员单位(X、Y)要…"), not a note on a task
        if not labelled and (_after_a_recipient(text, open_, index) or SEATED_IN.match(text, start, end)
                             or _CONTACT_LINE.search(text, max(0, open_ - 60), open_)):
            continue  # "报送至市安委办(市应急管理局宣传教育科)", "报…办公室(设在区应急管理局)",
            # "值班电话:0577-67361234(镇防指办)": where the receiving body sits, who answers for it, or
            # whom to call, not who does the task
        evidence = Span(open_, close, text[open_:close])
        bare = [(s, e) for s, e, label in elements if _label_role(label, lex) is None]
        # "(牵头单位:X;责任单位:X、Y、Z)": beside a named lead, the bodies a 责任单位 list adds support it
        led = {index.covering(s, e) for s, e, label in elements if _label_role(label, lex) == "lead"}
        # "(X牵头,Y、Z按职责分工负责)": beside the one who leads, the others' charge is their share of it
        leading = any(label in lex.cues["lead_verb"] for _, _, label in elements)
        for s, e, label in elements:
            agency = index.covering(s, e)
            if agency is None or (label in lex.cues["member_label"] and not led):
                continue  # "成员单位:X、Y" with no lead named: who makes up a body, no task of theirs
            role = _label_role(label, lex)
            if leading and label in lex.cues["charge_verb"]:
                role = "support"
            if role is None and led:
                if agency in led:
                    continue
                role = "support"
            if role is None:
                role = "support" if first_leads and (s, e) != bare[0] else "lead"
            yield Responsibility(agency, role, evidence)


_SENT_TO = ("报送至", "报送", "报至", "报", "送至", "送", "提交至", "提交", "交至", "抄送", "发送至",
            "反馈至", "汇总至")


_CONTACT_LINE = re.compile(rf"(?:^|\n)[ \t]*(?:{CONTACT_LABELS})[:：][^\n]*$")


def _after_a_recipient(text: str, open_: int, index: MentionIndex) -> bool:
    """Whether the bracket at ``open_`` follows a body that a report is sent to ("报送至X(…)")."""
    before = [m for m in index.within(max(0, open_ - 40), open_) if m[1] == open_]
    return bool(before) and text.endswith(_SENT_TO, 0, before[0][0])


def _headed_duties(text: str, index: MentionIndex, past: layout.Ranges) -> Iterator[Responsibility]:
    """A line that names its agencies and stops ("(一)县住建局。负责统筹推进…", "…。会同X开展…"): they lead
    what follows, or support it when it opens with 配合/协助 ("(二)区工信局。配合区应急管理局开展…")."""
    for line in _DUTY_AFTER_NAMES.finditer(text):
        start, end = line.start("names"), line.end("names")
        names = _exactly_named(text, index, start, end)
        if names and not past.containing(start, end):
            evidence = Span(start, line.end(), text[start:line.end()])
            role: Role = "support" if line.group("helps") else "lead"
            for name in names:
                yield Responsibility(name, role, evidence)


def _numbered_duties(text: str, index: MentionIndex, past: layout.Ranges) -> Iterator[Responsibility]:
    """A list of duties by agency with numbered items ("县公安局:1.负责…2.牵头…", the items inline or on
    lines of their own): the agencies before the colon are given each item, as its verb says."""
    for line in _AGENCIES_COLON.finditer(text):
        start, end = line.start("names"), line.end("names")
        names = _exactly_named(text, index, start, end)
        if not names or past.containing(start, end):
            continue
        block_end = _BLOCK_END.search(text, line.end())
        stop = block_end.start() if block_end else len(text)
        items = list(_DUTY_ITEM.finditer(text, line.end(), stop))
        if not items or items[0].start() != line.end():
            continue
        for item, following in zip(items, [*items[1:], None], strict=True):
            item_end = following.start() if following else stop
            while item_end > item.end() and text[item_end - 1].isspace():
                item_end -= 1
            role: Role = "support" if _SUPPORT_FIRST.match(text, item.end()) else "lead"
            # inline, the first item reads with the names before it; on its own line, it stands alone
            first = start if item is items[0] and "\n" not in text[end:item.start()] else item.start()
            evidence = Span(first, item_end, text[first:item_end])
            for name in names:
                yield Responsibility(name, role, evidence)


def _exactly_named(text: str, index: MentionIndex, start: int, end: int) -> list[str]:
    """The agencies named in ``text[start:end]`` when it holds nothing but their names joined by 、/和."""
    names = index.within(start, end)
    if not names or names[0][0] != start or names[-1][1] != end or not all(
            _LIST_GLUE.fullmatch(text, a[1], b[0]) for a, b in itertools.pairwise(names)):
        return []
    return list(dict.fromkeys(name for _, _, name in names))


# the start of a line, past its own number if any (possessive: no backtracking over the blanks)
_LINE_START = r"(?m)^[ \t]*+(?:\d{1,2}[.、．]|[(（][一二三四五六七八九十\d]{1,3}[)）])?[ \t]*+"
# "县公安局:" opening a line (after its own number, if any), then numbered duties
_AGENCIES_COLON = re.compile(_LINE_START + r"(?P<names>[\u4e00-\u9fff][^\n。:：,，;；]{1,39})[:：]\s*")
_DUTY_ITEM = re.compile(r"(?:\d{1,2}[.、．](?!\d)|[(（]\d{1,2}[)）]|[\u2460-\u2473])\s*")
# the next agency's duties, or a new part of the document, ends a block
_BLOCK_END = re.compile(r"(?m)^[ \t]*+(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]"
                        r"|[\u4e00-\u9fff][^\n。:：,，;；\d(（]{1,39}[:：])")
_SUPPORT_FIRST = re.compile(r"(?:要|应)?(?:配合|参与|协助|协同)")


# a line holding only its number, its agencies and a full stop, then their charge (a colon: _subject_forms)
_DUTY_AFTER_NAMES = re.compile(_LINE_START + r"(?P<names>[\u4e00-\u9fff][^\n。:：,，;；]{1,39})。"
                               r"\s*(?:主要)?(?:负责|牵头|会同|承担|组织|(?P<helps>配合|协助))")


def _table_columns(text: str, structure: Node | None, index: MentionIndex, lex: Lexicon,
                   first_leads: bool) -> Iterator[Responsibility]:
    """A table's responsibility columns: each row's 牵头单位 lead, its 配合单位 support; a 责任单位
    column reads like a bare list (the first leads if the document says so, else all lead)."""
    for start, end, header in layout.table_cells(text, structure):
        column = RESPONSIBILITY_COLUMN.search(header)
        if column is None or column.group() in lex.cues["member_label"]:
            continue  # "成员单位 | 联系人": who makes up a body (beside a lead or a duty, layout renamed it)
        role = _label_role(column.group(), lex)
        evidence = Span(start, end, text[start:end])
        # a cell may give roles itself: "市住建局牵头,市发改局配合", "牵头单位:X;配合单位:Y"
        own: dict[str, Role] = {}
        for s, e, label in list_elements(text, start, end, lex, separators="、,，/\n ", strict=False):
            agency, given = index.covering(s, e), _label_role(label, lex)
            if agency is not None and given is not None:
                own.setdefault(agency, given)
        names = list(dict.fromkeys(name for _, _, name in index.within(start, end)))
        marked = role is None and "lead" in own.values()  # "X(牵头)、Y、Z": the rest support X
        for i, name in enumerate(names):
            default = "support" if marked or (first_leads and i) else "lead"
            yield Responsibility(name, own.get(name) or role or default, evidence)


def _label_role(label: str, lex: Lexicon) -> Role | None:
    """lead / support for a labelled list; None for a bare or duty list (责任单位), whose roles follow
    the document's convention."""
    if not label:
        return None
    if label in lex.cues["support_verb"]:
        return "support"  # "(X牵头,Y、Z配合)": the verb after a list
    if label in lex.cues["lead_verb"] or label in lex.cues["charge_verb"]:
        return "lead"
    if _matches(label, lex.cues["support_label"]):
        return "support"
    if _matches(label, lex.cues["lead_label"]):
        return "lead"
    return None


def _matches(label: str, words: tuple[str, ...]) -> bool:
    return any(label == word or label.startswith(word) for word in words)


# --- sentences ------------------------------------------------------------------------------------------


def _agency_lists(text: str, start: int, end: int, index: MentionIndex) -> list[AgencyList]:
    """Runs of agency mentions joined by 、/和/及 (and 与 after a directive) within a clause, with a closing
    等部门 / 部门 / 等地."""
    lists: list[AgencyList] = []
    current: list[tuple[int, int, str]] = []
    for mention in index.within(start, end):
        alias = _ALIAS.match(text, current[-1][1], end) if current else None
        if alias and mention[1] <= alias.end():
            continue  # the alias or host in brackets: part of the name before
        # "会同X(以下简称Y)、Z、W": the list goes on after the short form
        glue_start = _past_own_alias(text, current[-1][1], end, index) if current else start
        if current and (_LIST_GLUE.fullmatch(text, glue_start, mention[0]) or (
                text[current[-1][1]:mention[0]].strip() == "与"
                and text.endswith(lexicon().cues["directive"], start, current[0][0])
                and not _PARTNERS_AFTER.match(text, mention[1], end))):
            current.append(mention)  # "推动X与Y完善…": 与 joins the bodies a directive makes act
            continue
        if current:
            lists.append(_closed(text, current, end, index))
        current = [mention]
    if current:
        lists.append(_closed(text, current, end, index))
    return lists


# work shared with partners: "推动X与Y合作开展…" (Y is X's partner; in "推动X与Y完善…" both act)
_PARTNERS_AFTER = re.compile(r"合作|协作|联合")
_ALIAS = re.compile(r"[(（][^()（）]{1,12}[)）]")


def _past_own_alias(text: str, end: int, limit: int, index: MentionIndex) -> int:
    """Where a name ending at ``end`` ends with the short form or the host body in brackets after it,
    which belong to it ("镇应急管理办公室(镇应急办)负责…", "市防指办公室(市水务局)负责…",
    "(以下简称区森防指)")."""
    alias = _ALIAS.match(text, end, limit)
    if alias and (index.covering(alias.start() + 1, alias.end() - 1) is not None
                  or text.startswith(SHORT_FORM_NOTES, alias.start() + 1)):
        return alias.end()
    return end


def _closed(text: str, mentions: list[tuple[int, int, str]], limit: int,
            index: MentionIndex) -> AgencyList:
    end = _past_own_alias(text, mentions[-1][1], limit, index)
    tail = _LIST_TAIL.match(text, end, limit)
    if tail:
        end = tail.end()
    names = tuple(dict.fromkeys(name for _, _, name in mentions))
    return AgencyList(mentions[0][0], end, names)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(task verb after X, cooperation verb after 与X, the role X is given: "X为牵头单位"), compiled once
    from ``responsibility_cues.tsv``."""
    cues = lexicon().cues
    # an object, a place or partners may come first: "协调X对镇扑火专业队开展…", "协调X在我区新建…",
    # "协调X在校门口设置…", "协调X将…纳入…", "推动X与Y合作开展…"
    task_after = re.compile(r"(?:对[^,，。;；、对在]{1,12}?|在(?:我|本)[区县市镇乡]|在辖区内?"
                            r"|在[^,，。;；、对在]{1,8}?|将[^,，。;；、对在将]{1,16}?(?=纳入|列入)"
                            r"|与[^,，。;；]{2,30}?(?=合作|协作|联合))?(?:合作|协作|联合)?"
                            rf"(?:{_alternation(cues['adverb'])})*(?:{_alternation(cues['task'])})")
    cooperate = re.compile(r"的?(?:密切|紧密|深度|深化|加强|开展|广泛)?"
                           rf"(?:{_alternation(cues['cooperate'])})")
    labels = [label for kind in ("lead_label", "duty_label", "support_label") for label in cues[kind]
              if label.endswith(("单位", "部门", "处室", "科室"))]
    designated = re.compile(rf"(?:作)?为(?P<label>{_alternation(labels)})")
    return task_after, cooperate, designated


def _sentence_forms(text: str, start: int, end: int, lists: list[AgencyList],
                    lex: Lexicon) -> Iterator[Responsibility]:
    cues = lex.cues
    task_after = _patterns()[0]
    for i, agencies in enumerate(lists):
        before = text[start:agencies.start]
        after_end = lists[i + 1].start if i + 1 < len(lists) else end
        after = text[agencies.end:after_end]
        clause_after = text[agencies.end:end]
        yield from _issuer_forms(text, agencies, before, after, clause_after, cues, task_after)
        yield from _subject_forms(text, end, agencies, lists[i + 1:], before, after, cues)


def _issuer_forms(text: str, agencies: AgencyList, before: str, after: str, clause_after: str,
                  cues: dict[str, tuple[str, ...]], task_after: re.Pattern[str]) -> Iterator[Responsibility]:
    """The issuer is the unnamed subject: 会同X, 与X合作, 配合X, 协调/推动/督促X + task,
    发挥X…统筹协调作用."""
    trigger = _ends_with(before, cues["jointly"])
    if trigger:
        yield from _assign(text, agencies, "support", agencies.start - len(trigger), agencies.end)
        return
    if before.endswith("与") and (verb := _patterns()[1].match(after)):
        yield from _assign(text, agencies, "support", agencies.start - 1, agencies.end + verb.end())
        return
    trigger = _ends_with(before, ("联合",))
    if trigger and not before.endswith("与联合") and task_after.match(after.lstrip("对")):
        yield from _assign(text, agencies, "support", agencies.start - len(trigger), agencies.end)
        return
    trigger = _ends_with(before, cues["assist"])
    if trigger:
        yield from _assign(text, agencies, "lead", agencies.start - len(trigger), agencies.end)
        return
    trigger = _ends_with(before, cues["directive"])
    if after.strip() == "与":
        after = clause_after  # "推动X与Y合作开展…": the partners, then the task
    generic = _GENERIC_MEMBERS_AFTER.match(after)  # "推动镇交管站、各村劝导站落实…": the generic ones go
    skip = generic.end() if generic else 0
    due = _DUE_FIRST.match(after, skip)
    task_start = due.end() if due else skip
    task_start += next((len(w) for w in ("各", "分别") if after.startswith(w, task_start)), 0)  # "…前各组织"
    verb = task_after.match(after, task_start)
    # "协调省交通运输厅督促…落实…": X passes the task on, its own directive its task
    relayed = next((word for word in cues["directive"] if after.startswith(word, task_start)), None)
    if trigger and (verb or relayed):
        task_end = verb.end() if verb else task_start + len(relayed or "")
        yield from _assign(text, agencies, "lead", agencies.start - len(trigger), agencies.end + task_end)
        return
    trigger = re.search(r"发挥好?$", before)
    role = re.match(r"[^,，;；。]{0,40}?统筹协调[^,，;；。]{0,20}?作用", clause_after)
    if trigger and role:
        start = agencies.start - len(trigger.group())
        yield from _assign(text, agencies, "lead", start, agencies.end + role.end())


def _subject_forms(text: str, clause_end: int, agencies: AgencyList, following: list[AgencyList],
                   before: str, after: str, cues: dict[str, tuple[str, ...]]) -> Iterator[Responsibility]:
    """A named subject: 由X牵头/负责, X牵头(,Y配合), X负责…, Y配合…, X会同Y (X leads)."""
    generic = _GENERIC_MEMBERS_END.search(before)
    members = len(generic.group()) if generic else 0  # "各乡镇(街道)、县水利局负责…": a subject too
    before = before[:len(before) - members]
    set_up = _SET_UP.search(before)
    if set_up and (charge := _CHARGE_AFTER_HOST.match(text, agencies.end)):
        # "成立城镇燃气安全工作专班,负责统筹推进…": the body set up is the one in charge
        yield from _assign(text, agencies, "lead", agencies.start - len(set_up.group()), charge.end())
        return
    by = before.endswith("由")
    asked = before.endswith("请")  # "请市应急局牵头,…": the speaker or the issuer names the subject
    proposed = before.rstrip().endswith("建议") and _after_number(before.rstrip()[:-2])  # "(三)建议X会同Y…"
    # a bracket opens a note whose clauses name their subjects ("(县住建局牵头,…,6月底前完成)")
    subject = (by or asked or proposed or not before.strip() or before.rstrip().endswith(_SUBJECT_OPENERS)
               or _after_number(before))
    if not subject:
        return
    start = agencies.start - members - (1 if by or asked else 2 if proposed else 0)
    host = following[0] if following and after == "设在" else None
    if host and (charge := _CHARGE_AFTER_HOST.match(text, host.end)):
        # "领导小组办公室设在县住建局,负责…": the office leads; its host is only where it sits
        yield from _assign(text, agencies, "lead", start, charge.end())
        return
    read = 0 if by else _SUBJECT_COLON.match(after).end()  # "市应急局:负责…", a list of duties by agency
    if text[agencies.end - 1:agencies.end] in ")）" and after[read:read + 1] in (",", "，"):
        read += 1  # "X(以下简称市指挥部),负责…": the short form, then the charge
    # "县应急管理局:指导协调…" opening its line: a list of duties by agency, whatever the verb
    duty_line = read > 0 and (not before.strip() or _after_number(before)) and layout.CJK.match(
        after[read:read + 1]) is not None and not _CONTACT.search(after)
    read += _unnamed_members(after[read:])  # "沙河派出所、街道社区工作站配合", "X、各乡镇负责"
    read += len(_starts_with(after[read:], cues.get("modal", ())) or "")  # "X要会同Y…", "X应牵头…"
    due = _DUE_FIRST.match(after, read)
    if due and after.startswith(("会同", "联合", "牵头", "负责"), due.end()):
        read = due.end()  # "X于4月底前会同Y…", "X要在5月底前会同Y…": the due time, then the role
    at = agencies.end + read
    if basis := _BASIS.match(text, at, clause_end) or _ASIDE.match(text, at, clause_end):
        # "X、Y按照“管行业必须管安全”的要求,分别负责…", "X作为监管部门,负责…", "X在县委、县政府的领导
        # 下,负责…": the bodies named inside the phrase are not the ones the verb after it is about
        following = [names for names in following if names.start >= basis.end()]
        after = text[agencies.end:following[0].start if following else clause_end]
        read = basis.end() - agencies.end
    manner = _starts_with(after[read:], cues.get("manner", ())) or ""  # "X、Y按职责分工负责"
    read += len(manner)
    after = after[read:]
    end = agencies.end + read
    if manner == "共同" and _patterns()[0].match(after):  # "X负责,Y共同推进…": Y joins in; "X、Y共同推进…"
        role: Role = "support" if _in_charge_before(before, cues) else "lead"
        yield from _assign(text, agencies, role, start, end)
        return
    lead = _starts_with(after, cues["lead_verb"])
    charge = _starts_with(after, cues["charge_verb"])
    helper_verb = _starts_with(after, cues["support_verb"])
    if lead and not re.match(r"牵头(?:统筹|抓总|负责|组织)?的", after):
        yield from _assign(text, agencies, "lead", start, end + len(lead))
        helper = following[0] if following else None
        if helper and re.fullmatch(r"[,，、]?\s*", text[end + len(lead):helper.start]):
            verb = _starts_with(text[helper.end:helper.end + 4], cues["support_verb"])
            if verb:
                yield from _assign(text, helper, "support", helper.start, helper.end + len(verb))
    elif charge and not re.match(r"负责(?:人(?![员工口防身畜民])|同志|的|解释)", after):
        # 负责人员转移 is a duty; 负责人 a post, "本办法由X负责解释" the clause naming who reads a rule.
        # "X牵头,Y按职责分工负责": beside the one who leads, the others' charge is their share of it
        share = bool(manner) and _in_charge_before(before, cues, charge=False)
        yield from _assign(text, agencies, "support" if share else "lead", start, end + len(charge))
    elif helper_verb and not re.match(r"配合(?:单位|部门)|协助分管", after):  # 市政府协助分管副秘书长: a post
        # "X、Y协同抓好…" with no lead named before: they do the task together; "…,Y配合…" supports
        together = helper_verb == "协同" and len(agencies.agencies) > 1 and not _in_charge_before(
            before, cues) and _patterns()[0].match(after, len(helper_verb))
        role: Role = "lead" if together else "support"
        yield from _assign(text, agencies, role, start, end + len(helper_verb))
    elif after.startswith(("会同", "联合")) and not manner:
        yield from _assign(text, agencies, "lead", start, end + 2)  # "X会同Y…", "X联合Y…": X leads
        partner = following[0] if following else None
        if partner and partner.start == end + 2:
            yield from _assign(text, partner, "support", end, partner.end)
    elif after.startswith(("与", "同")) and following and following[0].start == end + 1 and \
            _patterns()[1].match(text, following[0].end):
        # "X与Y联合开展…": X leads (Y, the partner, supports: see _issuer_forms)
        yield from _assign(text, agencies, "lead", start, following[0].end)
    elif designated := _patterns()[2].match(after):  # "X为牵头单位,Y为配合单位"
        role: Role = _label_role(designated.group("label"), lexicon()) or "lead"  # 责任单位 leads
        yield from _assign(text, agencies, role, start, end + designated.end())
    elif duty_line:
        yield from _assign(text, agencies, "lead", start, end)


_SUBJECT_OPENERS = (",", "，", ":", "：", "(", "（")


def _in_charge_before(before: str, cues: dict[str, tuple[str, ...]], charge: bool = True) -> bool:
    """Whether the sentence before the bodies names one who leads ("X牵头,"), or is in charge ("X负责,")."""
    verbs = (*cues["lead_verb"], *cues["charge_verb"]) if charge else cues["lead_verb"]
    return any(verb in before for verb in verbs)


_GENERIC_MEMBERS_END = re.compile(r"(?:各[\u4e00-\u9fff]{1,8}?(?:[(（][^()（）]{1,10}[)）])?[、和及])+$")
_BASIS = re.compile(r"(?:(?:按照|根据|依照|遵照|依据)[^,，。;；]{0,30}?(?:要求|规定|部署|原则|安排|指令)"
                    r"|在[^,，。;；]{0,30}?(?:领导|指导|指挥)下)[,，]?")
_ASIDE = re.compile(r"(?:作为[^,，。;；]{1,20}|(?:按照?|根据|依照)(?:各自)?(?:职责分工|职责|职能)"
                    r"|是[^,，。;；]{1,30}?(?:责任主体|主管部门|牵头部门|主责部门|监管部门))[,，]"
                    r"|在[^,，。;；]{1,10}?[内前](?=牵头|负责|组织|完成)")  # "X在30日内牵头完成…"
# a line of posts ("副总指挥:市政府协助分管副秘书长…"): who holds them, no task
_POSTS = re.compile(r"\s*(?:副?总指挥|副?指挥长|副?组长|副?主任|成员)\s*[:：]")
_CHARGE_AFTER_HOST = re.compile(r"[,，]\s*(?:主要)?(?:负责|承担)")
_SET_UP = re.compile(r"(?:成立|设立|组建)$")
# "县应急局:张三,电话…": a contact, not a duty (but 负责人员转移 is one)
_CONTACT = re.compile(r"联系|电话|手机|负责人(?![员工口防身畜民])|\d{7}")
# the colon after a subject, maybe after an aside: "县公安局(森林公安):负责…"
_SUBJECT_COLON = re.compile(r"(?:[(（][\u4e00-\u9fff]{1,10}[)）](?=\s*[:：]))?(?:\s*[:：]\s*)?")
_MEMBER = re.compile(r"[、和及]([\u4e00-\u9fff]{2,12}?(?:[(（][^()（）]{1,10}[)）])?)"
                     r"(?=[、和及]|牵头|负责|配合|参与|参加|协助|协同|协办|按|分别|共同)")


def _unnamed_members(after: str) -> int:
    """How many characters of further list members the text after a named list holds before its verb
    (members that are no known agency: "各乡镇", "街道社区工作站")."""
    position = 0
    while (member := _MEMBER.match(after, position)) is not None:
        position = member.end()
    return position


# an item's number or mark: 3. (二) 一是 第四条 2.3.1 ① 1) A. ● ——
_ITEM_NUMBER = re.compile(r"\s*(?:\d+(?:[.．]\d+)+[.．]?|\d+[.、．)）]|[(（][一二三四五六七八九十\d]+[)）]"
                          r"|[一二三四五六七八九十]+[、是]|第[一二三四五六七八九十百零\d]+[条款项]"
                          r"|[A-Za-z][.、．)）]|\d+(?=\s)|[①-⑳⑴-⒇●■◆▲★·•]|—{1,2}|-)\s*")  # ① is 1 after NFKC


def _after_number(before: str) -> bool:
    """A clause that starts with its item number ("3.", "(二)") before the subject."""
    return bool(_ITEM_NUMBER.fullmatch(before))


def _assign(text: str, agencies: AgencyList, role: Role, start: int, end: int) -> Iterator[Responsibility]:
    """One responsibility per agency of the list, with ``text[start:end]`` (the cue and the list) as
    evidence."""
    evidence = Span(start, end, text[start:end])
    for name in agencies.agencies:
        yield Responsibility(name, role, evidence)


def _ends_with(text: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in words if text.endswith(w)), None)


def _starts_with(text: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in words if text.startswith(w)), None)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


def _unique(found: list[Responsibility]) -> list[Responsibility]:
    seen = set()
    unique = []
    for responsibility in found:
        key = (responsibility.agency, responsibility.role, responsibility.evidence.start, responsibility.task)
        if key not in seen:
            seen.add(key)
            unique.append(responsibility)
    return unique
