"""A plan's structure: sections, numbered items, paragraphs, sentences and tables, each with offsets.

:func:`parse_structure` reads the normalised text line by line and returns a tree of
:class:`~kg.model.Node` rooted at a ``document`` node that spans the whole text:

``section``
    a heading: "一、", "(一)" / "（一）", "第一章" / "第一节" / "第一部分", or an un-numbered
    title-like line ("分项目标:"). When the heading line goes on with body text ("(一)指导思想。以…"),
    the heading is the short title before the first "。" (or ":") and the body a ``paragraph`` under it.
``item``
    a numbered entry: "1." / "1、" / "23.", "(1)", "1)", "①", "1.1 ", "第一条", "——" lead-ins,
    bullets, and "一是…二是…" enumerations, both at the start of lines and inside a paragraph. An
    item's sentences cover its text after the number (its heading sentence included); its ``heading``
    is the text before the first "。" (or its first clause when that sentence is long).
``paragraph``
    an un-numbered block of text: the unit of a plan where there is no numbering.
``sentence``
    the leaves: text split after 。！？；!?; (never inside “”‘’ quotes, brackets ()（）[]【】<>, or 《》
    titles; an unmatched quote or bracket does not protect anything). A bracketed note right after a
    sentence ("…落实。(机关党委)") stays with that sentence.
``table`` / ``row``
    tables that arrive one cell per line (a "序号" header line, its column names, then rows numbered
    1, 2, ... each followed by one line per column) or one row per line with tab-separated cells (the
    DOCX reader). A table's span starts at its header; the header is not a row; its ``heading`` is the
    caption line just above it, if any. A row's span covers its cells, its ``number`` is its 序号 and its
    ``heading`` its first content cell.

Levels are not fixed per numbering style: a style that is already open closes everything below it
and becomes a sibling; a new style nests under the innermost open node, so the order in which styles
appear decides the levels ("(一)" is top-level in a plan without "一、"). A numbered section style never
nests under an item. Un-numbered text after an item belongs to that item when the item is only a
heading ("3.严肃推进党风廉政建设。") or ends mid-sentence; otherwise it belongs to the enclosing
section; a table goes under an item only when the item leads into it ("1.主要指标:"). A line that
continues an unfinished line right above it (a wrapped line) extends it; a page number between them
("- 3 -", "第3页") is skipped.
A line that only notes who does the task above, by when, or whom to ask ("责任单位:市水利局",
"完成时限:6月底前", "联系人:…") belongs to the text above it, however that ended.

``heading_path`` lists the headings of the enclosing sections, items and tables, outermost first.

Lines before the body are front matter (page chrome, the index table, a 通知 wrapping the plan,
the title and the metadata lines after it); signature, date and footer lines after the last text
are back matter. Neither belongs to the tree: the root's first child starts where the body starts.

    >>> root = parse_structure("一、总体要求\\n(一)指导思想。坚持安全发展。\\n1.加强监测。完成普查。")
    >>> [(n.kind, n.number, n.heading) for n in root.walk() if n.kind in ("section", "item")]
    [('section', '一、', '总体要求'), ('section', '(一)', '指导思想'), ('item', '1.', '加强监测')]
    >>> [s.span.text for s in root.find("sentence")]
    ['坚持安全发展。', '加强监测。', '完成普查。']
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.ingest.document_kinds import BINDING_KINDS, DATED_KINDS, KINDS, alternation
from kg.ingest.normalize import is_page_number
from kg.ingest.wrapped_cells import HEADER_FIRST
from kg.model import Node, NodeKind, Span

__all__ = [
    "BODY_LIST",
    "DATE_LINE",
    "DOC_NUMBER_LINE",
    "META_LABEL",
    "ORG_LINE",
    "TitleLines",
    "cn_number",
    "find_title_lines",
    "parse_structure",
    "sentence_spans",
    "signs",
]

# A heading ends at its first full stop when that comes within this many characters ...
HEADING_MAX = 60
# ... otherwise an item's heading is its first clause, cut to this many characters.
CLAUSE_HEADING_MAX = 40
# A table's column label is at most this long ("责任单位(牵头单位列第一位)").
HEADER_CELL_MAX = 20
# An un-numbered line is a title-like heading only when it is this short.
PLAIN_HEADING_MAX = 30
# The plan's title is looked for in the first lines, before the first numbered heading.
TITLE_SEARCH_LINES = 60

_CN_DIGIT = "一二三四五六七八九十"
_CN_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}

# --- numbering -------------------------------------------------------------------------------------
# One alternative per numbering style; the group name is the style (chapter styles add their unit).
# "一、二季度", "三、四级": two numbers in a row, not a heading's number (but "二、一季度检查重点" is)
_NEXT_NUMERAL = "|".join(f"(?<={a}[、.．]){b}" for a, b in itertools.pairwise("一二三四五六七八九十"))
_MARKER = re.compile(
    r"""
      (?P<chapter>第(?:[一二三四五六七八九十百零〇两]{1,4}|\d{1,3})(?P<unit>部分|章|节|编|篇|条))
    | (?P<cn>[一二三四五六七八九十]{1,3}[、.．])                          # not "一、二级", "一、二季度";
        (?!(?:""" + _NEXT_NUMERAL + r""")(?:[级类等档季月号线层批次、,，和至到或]))  # "一、一年来" is 一
    | (?P<pcn>[(（][一二三四五六七八九十]{1,3}[)）]、?)
    | (?P<parabic>[(（]\d{1,3}[)）]、?)
    | (?P<outline>\d{1,2}(?:[.．]\d{1,2}){1,3})(?=\s)                         # "1.1 ", "2.3.1 "
    | (?P<arabic>\d{1,3}[.．、](?![\d.．])|\d{1,3}[.．](?=(?:19|20)\d\d年))     # "1." "23、", not "2.5";
                                                                             # "4.2025年前…" is item 4
    | (?P<arabicparen>\d{1,3}[)）](?!\d))
    | (?P<circled>[\u2460-\u2473\u3251-\u325f])
    | (?P<shi>[一二三四五六七八九十]{1,3}是)
    | (?P<dash>——|--)
    | (?P<bullet>[•·●○◆◇■□▪▶►])
    """,
    re.VERBOSE,
)
_RUN_ON_ARABIC = re.compile(r"(\d{1,3})[.．](?=\d)")
_SECTION_STYLES = frozenset(
    {"chapter:部分", "chapter:章", "chapter:节", "chapter:编", "chapter:篇", "cn", "pcn"})
_PLAIN = "plain"
_ARTICLE = "chapter:条"
_CLAUSE_STYLES = frozenset({"pcn", "cn"})
# Styles that mark the start of the body when the title is looked for (bullets and dashes also
# decorate page chrome, so they do not).
_BODY_STYLES = frozenset({"chapter", "cn", "pcn", "parabic", "arabic", "outline", "circled"})

# An enumerator inside running text: "…工作。一是…;二是…".
_ENUMERATOR = re.compile(r"(?:(?<=[。;:,!?、；：，！？\s])|^)([一二三四五六七八九十]{1,3})是", re.MULTILINE)

# --- sentences -------------------------------------------------------------------------------------
_OPENERS = {"“": "q", "‘": "s", "(": "p", "（": "p", "[": "b", "【": "l", "《": "t", "〈": "a", "<": "a",
            "「": "c", "『": "d"}
_CLOSERS = {"”": "q", "’": "s", ")": "p", "）": "p", "]": "b", "】": "l", "》": "t", "〉": "a", ">": "a",
            "」": "c", "』": "d"}
_SENTENCE_STOPS = frozenset("。！？；!?;")
_HEADING_STOPS = frozenset("。！？；!?;:：")
_CLAUSE_STOPS = frozenset(",，")
_PAIRS = "“”‘’\"()（）\\[\\]【】《》〈〉<>「」『』"  # a character class body: [ and ] escaped
_BRACKET = re.compile(f"[{_PAIRS}]")
# One scanner per set of stops, so that a scan only meets the characters it needs.
_SCANNERS = {
    stops: (re.compile(f"[{_PAIRS}{re.escape(''.join(sorted(stops)))}]"),
            re.compile(f"[{re.escape(''.join(sorted(stops)))}]"))
    for stops in (_SENTENCE_STOPS, _HEADING_STOPS, _CLAUSE_STOPS)
}
_NOTE = re.compile(r"[(（][^()（）]*[)）]")
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
_ENDS_SENTENCE = re.compile(r"[。！？；!?;…](?:\s*[”’\"」』)）])*$")
_ENDS_LEAD_IN = re.compile(r"[:：]$")
# An item that reads as a title ("1.工作目标", "——践行党的初心和使命的必然要求") is not a wrapped line.
_TITLE_LIKE = re.compile(r"[^,，;；。:：]{1,40}")
# (?<!\s): a run of spaces is tried from its first one only, not from each (quadratic on a long run).
_TRAILING_NOTE = re.compile(r"(?<!\s)\s*[(（][^()（）]*[)）]\s*$")
# A line that only notes who does the task above or by when ("责任单位:市水利局", "完成时限:6月底前").
#: the words of a note's label that say who does a task: a role ("牵头", "配合") and a kind of unit ("单位",
#: "处室"); the extractor reads the lists of such notes with them (kg.nlp.agencies.notes)
NOTE_ROLE_WORDS = "牵头|主责|主办|责任|负责|承办|配合|协同|参与|协办|协助|实施|组长|成员|组成"
NOTE_UNIT_WORDS = "单位|部门|处室|科室|股室|站所|主体"
#: the labels of a contact's line under a task ("值班电话:0577-67361234(镇防指办)"): a unit named there is
#: whom to call, no role
CONTACT_LABELS = r"联系人|(?:联系|值班室?|应急值守|值守|24小时值班)?电话|联系方式|电子邮箱|邮箱|传真"
_NOTE_LINE_LABEL = re.compile(rf"[【\[(（〔]?\s*(?:(?:{NOTE_ROLE_WORDS})(?:{NOTE_UNIT_WORDS})?"
                              rf"|(?:完成|办结)?时限|完成时间|{CONTACT_LABELS}"
                              r"|(?:责任|牵头|分管|包保|挂点)领导|责任人)\s*[:：】\]]")

# A sentence after a list of items that assigns them all ("以上任务由X牵头,Y配合", "上述两项由X负责",
# "以上三项分别由A、B、C牵头负责"): the items' note, written once for the group
#: the words that open such a note before its 由 (also inside a bracket: "(以上由X牵头)")
GROUP_NOTE_OPENING = (r"(?:以上|上述)(?:各项|所有)?(?:(?P<count>[一二两三四五六七八九十\d]{1,3})[项条])?"
                      r"(?:任务|工作|措施|事项)?(?:均|(?P<each>分别))?")
_GROUP_NOTE = re.compile(GROUP_NOTE_OPENING + "由")


def assigned_items(siblings: Sequence[Node], index: int, text: str) -> tuple[list[Node], bool]:
    """The items a group note at ``siblings[index]`` assigns (the run of items right before it, the last
    N when it counts them) and whether it names one body for each ("分别由"); none when it is no such note."""
    note = siblings[index]
    found = _GROUP_NOTE.match(text, note.span.start, note.span.end) if note.kind == "paragraph" else None
    if found is None:
        return [], False
    items: list[Node] = []
    for sibling in reversed(siblings[:index]):
        if sibling.kind != "item":
            break
        items.insert(0, sibling)
    count = cn_number(found.group("count")) if found.group("count") else None
    points = [child for child in items[-1].children if child.kind == "item"] if items else []
    if count and len(points) >= count:  # "2.…⏎(1)…(2)…⏎以上两项…": the points just before it
        items = points
    if count and len(items) < count:
        return [], False  # the items counted are not the ones before it: the note stays a text of its own
    return (items[-count:] if count else items), found.group("each") is not None


# A note in brackets standing alone under its task with no label: roles by verb ("(市应急管理局牵头,市公安局
# 配合)") or a bare list of bodies ("(市应急管理局、市公安局)"), each name ending in a body's head word.
_NOTE_HEADS = r"(?:局|厅|委|办|处|科|股|室|队|中心|站|所|院|部|会|组|公司|政府)"
_BODY_NAME = rf"[\u4e00-\u9fff]{{2,24}}?{_NOTE_HEADS}"
BODY_LIST = rf"{_BODY_NAME}(?:[、,，]{_BODY_NAME})*"  # "市应急管理局、市公安局": a bare list of bodies
_BRACKETED_NOTE_LINE = re.compile(
    rf"[(（\[【〔](?:[^()（）\[\]【】〔〕]{{2,80}}?(?:牵头|配合|负责|协助|协办|参与)[^()（）\[\]【】〔〕]{{0,40}}"
    rf"|{BODY_LIST})[)）\]】〕]")

# --- front and back matter -------------------------------------------------------------------------
META_LABEL = re.compile(
    r"^[•·●\-\s]*(?:信息)?(?:索\s*引\s*号|主题分类|主题词|组配分类|体裁分类|信息分类|服务对象|发布机构|发文机关|"
    r"发文单位|发文字号|文\s*号|成文日期|发布日期|发文日期|印发日期|生效日期|废止日期|有效性|发布时间|更新时间|"
    r"文件名称|标\s*题|名\s*称|信息来源|来\s*源|作\s*者|责任编辑|公开方式|公开范围|公开时限|公开形式|"
    r"访问次数|浏览次数|阅读次数|点击数|字体|字号|分享到?)\s*[:：]?"
)
_CHROME = re.compile(
    r"扫一扫|二维码|手机打开|点击关闭|点击展开|关闭窗口|打印本页|当前位置|所在位置|首页\s*[>»›]|[>»›]|政府信息公开|"
    r"信息公开目录|字体\s*[:：]|【\s*[大中小]\s*】|^(?:打印|关闭|收藏|返回|分享)$"
)
_FOOTER = re.compile(
    r"扫一扫|手机打开|网站标识码|网站识别码|ICP|公网安备|版权所有|Copyright|©|^(?:主办单位|承办单位|协办单位)|"
    r"联系方式\s*[:：]|联系电话\s*[:：]|联系我们|网站地图|技术支持\s*[:：]|关闭窗口|打印本页|分享到|相关链接|相关文件|"
    r"图文解读|政策解读|"
    r"文字解读|附件下载|上一篇|下一篇|责任编辑|^(?:打印|关闭|【打印】|【关闭】)$"
)
_VALUE_LINE = re.compile(
    r"^(?:[\dA-Za-z][\dA-Za-z\s/\-:._]*|主动公开|依申请公开|不予公开|部分公开|有效|失效|废止|现行有效)$")
_NOTE_LINE = re.compile(
    r"^[(（]\s*此件.{0,16}[)）]$|^[(（]\s*(?:信息)?公开(?:方式|选项|属性)?[:：].{0,16}[)）]$")
DATE_LINE = re.compile(
    r"^[(（]?\s*(?:(?:19|20)\d{2}\s*(?:[-/.年]\s*\d{1,2}\s*(?:[-/.月]\s*\d{1,2}\s*日?)?月?)?"
    r"|(?:19|20)\d{6}|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月"
    r"(?:\s*[一二三四五六七八九十]{1,3}\s*日)?)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:印发|发布|签发)?\s*[)）]?$"
)
# A document number on a line of its own: an issuer abbreviation, the year in brackets and the serial
# number ("石大政发〔2022〕61号", "泉安委〔2024〕3号", "应急〔2023〕12号"); with its brackets lost on the way
# ("石大政发202261") only after a document-kind character, the one sign left that it is a number.
DOC_NUMBER_LINE = re.compile(
    r"^(?:(?P<prefix>[\u4e00-\u9fff]{1,10}?)\s*"
    r"[〔\[［(（【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】]\s*(?P<serial>\d{1,4})\s*号"
    r"|(?P<prefix2>[\u4e00-\u9fff]{1,10}?[发函字办呈报电令复通规告文])\s*"
    r"(?P<year2>(?:19|20)\d{2})(?P<serial2>[1-9]\d{0,3})号?)$"
)
ORG_LINE = re.compile(
    r"^[\u4e00-\u9fff()（）]{2,30}(?:人民政府|政府|委员会|办公室|办公厅|指挥部|领导小组|厅|局|委|办|部|中心|党委|党组|"
    r"街道办事处|办事处|巡查组|督导组|督查组|检查组|巡视组|考核组|工作组)$"
)


def signs(line_text: str) -> bool:
    """Whether a line is a signature: one body's name, or several set apart by spaces ("中共X区委办公室
    X区人民政府办公室")."""
    return all(ORG_LINE.match(name) for name in line_text.split()) if line_text.strip() else False


# The last words of a title: the kind of document it is, maybe followed by "(2021-2025年)" or "(试行)".
_TITLE_TAIL = r"(?:\s*[(（][^()（）]{1,24}[)）])?[”\"’》]?$"
_TITLE_END = re.compile(alternation(KINDS) + _TITLE_TAIL)
# Words that end a title only beside the year it is for ("2026年安全生产工作重点", "…和2026年工作设想"):
# alone they head a part or a table's column ("重点任务")
_DATED_TITLE_END = re.compile(alternation(DATED_KINDS) + _TITLE_TAIL)
# Words that end a title only where it names the place or body it binds ("岚溪镇人民政府应急值班值守制度",
# "关于…的规定"): alone they end a heading ("健全值班值守制度") or a sentence's object
_NAMED_TITLE_END = re.compile(alternation(BINDING_KINDS) + _TITLE_TAIL)
_BINDS_A_NAMED_BODY = re.compile(r"^关于|[\u4e00-\u9fff]{2}(?:省|市|县|区|旗|州|镇|乡|街道|政府|委员会"
                                 r"|局|厅)")
_YEAR_NAMED = re.compile(r"(?:19|20)\d{2}\s*年|十[一二三四五六七八九]五")
# the label of an attachment above its title ("附件1", "附件2:"): no half of the title
_ANNEX_WORD = r"附\s*件\s*[\d一二三四五六七八九十]{0,2}\s*"
_ANNEX = re.compile(_ANNEX_WORD + "[:：]?")
# an attachment's label opening a line, alone or before its title or list ("附件:1.…表", "附件2")
_ANNEX_LABEL = re.compile(_ANNEX_WORD + r"(?:[:：]|$)")
_WRAPPER_END = re.compile(r"(?:通知|决定|通报|批复|函)(?:\s*[(（][^()（）]{1,24}[)）])?$")
_TITLE_FORBIDDEN = re.compile(r"[。;!?；！？>»›|,，]")


# --- tables ----------------------------------------------------------------------------------------
_TABLE_CELL_MAX = 80
_TABLE_HEADER_WORDS = re.compile(
    r"序号|编号|名称|指标|项目|内容|类别|单位|备注|目标|任务|责任|属性|性质|时限|时间")
_ROW_NUMBER = re.compile(r"\d{1,3}")
_SENTENCE_MARKS = re.compile(r"[。,，;；:：]")


def cn_number(numeral: str) -> int | None:
    """The value of a Chinese (一 .. 九十九, 〇/零/两) or Arabic numeral, ``None`` if it is neither.

    >>> cn_number("十三"), cn_number("二十"), cn_number("7")
    (13, 20, 7)
    """
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(ch not in _CN_VALUES and ch not in "十百" for ch in numeral):
        return None
    if "百" in numeral:
        hundreds, _, rest = numeral.partition("百")
        rest = rest.lstrip("零〇")
        return (_CN_VALUES.get(hundreds, 1) if hundreds else 1) * 100 + (cn_number(rest) or 0 if rest else 0)
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        return (_CN_VALUES[tens] if tens else 1) * 10 + (_CN_VALUES[units] if units else 0)
    value = 0
    for ch in numeral:
        value = value * 10 + _CN_VALUES[ch]
    return value


# --- lines -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str  # stripped
    blank_before: bool  # a blank line separates it from the line above


# (?<!…): see _TRAILING_NOTE. Tabs before a line's text stay in it: normalisation leaves them only on a
# table row, where they are its empty first cells (a merged cell of the row above).
_CONTENT = re.compile(r"(?<![^\S\n])[^\S\n\t]*(\t*\S(?:[^\n]*\S)?)")


def _split_lines(text: str) -> list[_Line]:
    """The non-blank lines of ``text``, stripped, with their offsets."""
    lines: list[_Line] = []
    previous_end = 0
    for match in _CONTENT.finditer(text):
        start, end = match.span(1)
        blank_before = bool(lines) and text.count("\n", previous_end, start) >= 2
        lines.append(_Line(start, end, match.group(1), blank_before))
        previous_end = end
    return lines


@dataclass(frozen=True)
class _Marker:
    style: str
    number: str  # as written
    value: int | None
    end: int  # offset in the line's text where the marker (and the spaces after it) ends


def _marker(line_text: str) -> _Marker | None:
    match = _MARKER.match(line_text)
    if match is None:
        return None
    style = match.lastgroup or ""
    if style == "unit":  # the inner group of "chapter"
        style = "chapter"
    number = match.group(0)
    if style == "chapter":
        style = f"chapter:{match.group('unit')}"
    elif style == "outline":  # "1.1" and "1.1.1" are two levels
        style = f"outline:{len(re.findall(r'[.．]', number))}"
    end = match.end()
    while end < len(line_text) and line_text[end].isspace():
        end += 1
    if end == len(line_text) and style in ("shi", "dash", "bullet"):
        return None  # a bare "——" or "一是" line is not an item
    return _Marker(style, number, _marker_value(style, number), end)


def _run_on_marker(line_text: str, expected: int, next_line: str) -> _Marker | None:
    """The item number of a line whose number runs into a figure ("2.6月1日前完成…", "3.100%完成…"), which
    :data:`_MARKER` leaves alone as a decimal ("2.5亿元…"): taken only when it is the next item's number,
    and a first item ("1.5万人…") only when item 2 follows it."""
    match = _RUN_ON_ARABIC.match(line_text)
    if match is None or int(match.group(1)) != expected:
        return None
    if expected == 1 and _arabic_number(next_line) != 2:
        return None
    return _Marker("arabic", match.group(0), expected, match.end())


def _arabic_number(line_text: str) -> int | None:
    match = _RUN_ON_ARABIC.match(line_text)
    if match is not None:
        return int(match.group(1))
    marker = _marker(line_text)
    return marker.value if marker is not None and marker.style == "arabic" else None


def _marker_value(style: str, number: str) -> int | None:
    if style == "circled":
        code = ord(number)
        return code - 0x2460 + 1 if code <= 0x2473 else code - 0x3251 + 21
    digits = re.findall(r"\d+|[一二三四五六七八九十百零〇两]+", number.removeprefix("第"))
    return cn_number(digits[0]) if digits else None


def _is_section_style(style: str) -> bool:
    return style in _SECTION_STYLES


# --- sentence splitting ----------------------------------------------------------------------------


def _cut_points(text: str, start: int, end: int, stops: frozenset[str]) -> list[int]:
    """Offsets of the ``stops`` characters in ``text[start:end]`` that are outside every matched pair
    of quotes or brackets."""
    scan, stops_only = _SCANNERS[stops]
    if _BRACKET.search(text, start, end) is None:  # nothing to protect: the common short clause
        return [match.start() for match in stops_only.finditer(text, start, end)]
    stack: list[tuple[str, int]] = []
    # kind -> the depths in ``stack`` of its open brackets, innermost last: a closer finds its opener at
    # once, where a walk down the stack took quadratic time on a line of brackets that never close (issue 9)
    depths: dict[str, list[int]] = {}
    protected: list[tuple[int, int]] = []
    marks: list[int] = []
    for match in scan.finditer(text, start, end):
        ch = match.group()
        position = match.start()
        if ch in stops:
            marks.append(position)
        elif ch == '"' and stack and stack[-1][0] == '"':
            depths['"'].pop()
            protected.append((stack.pop()[1], position))
        elif ch == '"' or ch in _OPENERS:
            kind = _OPENERS.get(ch, '"')
            depths.setdefault(kind, []).append(len(stack))
            stack.append((kind, position))
        elif ch in _CLOSERS and depths.get(_CLOSERS[ch]):
            depth = depths[_CLOSERS[ch]][-1]
            protected.append((stack[depth][1], position))
            del stack[depth:]
            for open_depths in depths.values():
                while open_depths and open_depths[-1] >= depth:
                    open_depths.pop()
    if not protected or not marks:
        return marks
    protected.sort()
    outer: list[tuple[int, int]] = []
    for opened, closed in protected:
        if outer and opened < outer[-1][1]:
            continue  # nested inside the previous pair
        outer.append((opened, closed))
    kept: list[int] = []
    index = 0
    for position in marks:
        while index < len(outer) and outer[index][1] < position:
            index += 1
        if index < len(outer) and outer[index][0] < position < outer[index][1]:
            continue
        kept.append(position)
    return kept


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of ``text[start:end]``: cut after 。！？；!?; outside quotes, brackets and 《》.

    Line breaks inside the range do not cut (call it per line for that). A bracketed note right after
    a sentence stays with it, and a run of stops ("？！") ends one sentence.

    >>> [s.text for s in sentence_spans("他说:“好。走!”然后离开;《条例(试行)。》已印发。(综合处)")]
    ['他说:“好。走!”然后离开;', '《条例(试行)。》已印发。(综合处)']
    """
    end = len(text) if end is None else end
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for position in _cut_points(text, start, end, _SENTENCE_STOPS):
        pieces.append((piece_start, position + 1))
        piece_start = position + 1
    pieces.append((piece_start, end))
    spans: list[tuple[int, int]] = []
    for piece in pieces:
        piece_start, piece_end = _trim(text, *piece)
        if piece_start == piece_end:
            continue
        piece_text = text[piece_start:piece_end]
        if spans and ((piece_text[0] in "(（" and _NOTE.fullmatch(piece_text))
                      or (len(piece_text) <= 3 and not _WORD.search(piece_text))):
            spans[-1] = (spans[-1][0], piece_end)  # a note or stray stops belong to the sentence before
        else:
            spans.append((piece_start, piece_end))
    return [Span(s, e, text[s:e]) for s, e in spans]


# --- headings --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Heading:
    text: str | None
    body_start: int | None  # where the body after the heading starts, None if the line is only a heading
    only: bool  # the line is only a heading


def _split_heading(text: str, start: int, end: int) -> _Heading:
    """A heading line's title and where its body starts ("(一)指导思想。以…" -> "指导思想", at "以")."""
    start, end = _trim(text, start, end)
    if start == end:
        return _Heading(None, None, True)
    stops = _cut_points(text, start, end, _HEADING_STOPS)
    if stops and stops[0] - start <= HEADING_MAX:
        heading = text[start:stops[0]].strip()
        body_start, _ = _trim(text, stops[0] + 1, end)
        if body_start >= end:
            return _Heading(heading or None, None, True)
        return _Heading(heading or None, body_start, False)
    if not stops and end - start <= HEADING_MAX:
        return _Heading(text[start:end].rstrip(",，、 ") or None, None, True)  # "一是完善预案," -> 完善预案
    # A long first sentence: its first clause names the item; all of it is body.
    clauses = _cut_points(text, start, min(end, start + CLAUSE_HEADING_MAX + 1), _CLAUSE_STOPS)
    if clauses:
        return _Heading(text[start:clauses[0]].strip(), start, False)
    return _Heading(text[start:start + CLAUSE_HEADING_MAX] + "…", start, False)


def _ends_sentence(line_text: str) -> bool:
    return bool(_ENDS_SENTENCE.search(_TRAILING_NOTE.sub("", line_text) or line_text))


def _is_plain_heading(line: _Line) -> bool:
    line_text = line.text.rstrip(":：")
    if not 2 <= len(line_text) <= PLAIN_HEADING_MAX or _TITLE_FORBIDDEN.search(line_text):
        return False
    if sum(1 for ch in line_text if "\u4e00" <= ch <= "\u9fff") < 2:
        return False
    return not (META_LABEL.match(line.text) and re.search(r"[:：]", line.text)) and not (
        DATE_LINE.match(line.text) or DOC_NUMBER_LINE.match(line.text) or _NOTE_LINE.match(line.text)
        or _ADDRESSEES.fullmatch(line.text)
    )


# the line a notice is addressed on, its parties joined by 、 or one alone ("各村(社区)、镇属各单位:",
# "市直各有关单位:"): no heading over the preamble below it
_ADDRESSEES = re.compile(r"(?:各|市直|县直|区直|省直|镇直)[^:：。]{0,60}"
                         r"(?:单位|部门|政府|办事处|委员会|管委会|街道|乡镇|社区|村)[)）]?[:：]")


# --- title, front matter, back matter --------------------------------------------------------------


@dataclass(frozen=True)
class TitleLines:
    """The plan's own title line and the 通知 wrapping it ("…关于印发…的通知"), as found in the text.

    ``title`` is ``None`` when the text has no title line of its own; ``wrapper`` when no 通知 wraps it.
    A title broken over two lines spans both (its text holds the line break).
    """

    title: Span | None
    wrapper: Span | None


def _is_title_candidate(line_text: str) -> bool:
    if not 6 <= len(line_text) <= 80 or _TITLE_FORBIDDEN.search(line_text):
        return False
    if META_LABEL.match(line_text) and re.search(r"[:：]", line_text[:12]):
        return False
    marker = _marker(line_text)
    if marker is not None and marker.style.split(":")[0] in _BODY_STYLES:
        return False
    return bool(_TITLE_END.search(line_text) or (_DATED_TITLE_END.search(line_text)
                                                 and _YEAR_NAMED.search(line_text))
                or (_NAMED_TITLE_END.search(line_text) and _BINDS_A_NAMED_BODY.search(line_text)))


def _ends_like_a_title(line_text: str) -> bool:
    """Whether a line ends in a word that names a document's kind (the year beside the dated ones is
    checked on the whole title)."""
    return bool(_TITLE_END.search(line_text) or _DATED_TITLE_END.search(line_text)
                or _NAMED_TITLE_END.search(line_text))


def _title_indexes(lines: list[_Line]) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Line index ranges ``[first, last]`` of the title and of the wrapper, if any."""
    titles: list[int] = []
    wrappers: list[int] = []
    for index, line in enumerate(lines[:TITLE_SEARCH_LINES]):
        marker = _marker(line.text)
        if marker is not None and marker.style.split(":")[0] in _BODY_STYLES:
            break
        if titles and line.text.endswith("。"):
            break  # the body has begun: "2025年工作计划" below its first sentence heads a part
        if _is_title_candidate(line.text) or _ends_a_broken_title(lines, index):
            (wrappers if _WRAPPER_END.search(line.text) else titles).append(index)
    title = _with_edition(lines, _with_first_line(lines, titles[-1])) if titles else None
    wrapper = _with_first_line(lines, wrappers[-1]) if wrappers else None
    if title is None and wrapper is not None:
        return wrapper, wrapper
    return title, wrapper


def _with_edition(lines: list[_Line], title: tuple[int, int]) -> tuple[int, int]:
    """A title with its edition on the line below ("澄岭县防汛抗旱应急预案" / "(2026年修订)")."""
    below = title[1] + 1
    if below < len(lines) and not lines[below].blank_before and _EDITION.fullmatch(lines[below].text):
        return title[0], below
    return title


_EDITION = re.compile(r"[(（]\s*(?:19|20)\d{2}\s*年\s*(?:修订|修正|修订版|版|第\s*\d{1,3}\s*期)?\s*[)）]")


def _ends_a_broken_title(lines: list[_Line], index: int) -> bool:
    """A title's short last line ("沂川市2026年安全生产" / "工作要点"): a title word alone, below its first
    half (the title's length is checked on the two lines together)."""
    line_text = lines[index].text
    if len(line_text) >= 6 or not _ends_like_a_title(line_text) or _TITLE_FORBIDDEN.search(line_text):
        return False
    first, _ = _with_first_line(lines, index)
    return first < index and _is_title_candidate(lines[first].text + line_text)


# a title's second half opening with them: "…工作总结" / "暨2024年工作打算"
_TITLE_JOINERS = frozenset("暨及和与并")


def _with_first_line(lines: list[_Line], index: int) -> tuple[int, int]:
    """A title broken over two lines: the line right above (no blank line between) is its first half
    when it is short, un-punctuated and not chrome."""
    if index == 0 or lines[index].blank_before:
        return index, index
    above = lines[index - 1]
    if (len(above.text) <= 40 and not _TITLE_FORBIDDEN.search(above.text) and not _ANNEX.fullmatch(above.text)
            and not _is_front_line(lines, index - 1) and _marker(above.text) is None
            and (not _TITLE_END.search(above.text) or lines[index].text[:1] in _TITLE_JOINERS)
            and sum(1 for ch in above.text if "\u4e00" <= ch <= "\u9fff") >= 2):
        return index - 1, index
    return index, index


def _is_front_line(lines: list[_Line], index: int) -> bool:
    """Page chrome, an index-table label or its value, a date, a document number, a note."""
    line_text = lines[index].text
    if len(line_text) > 120:
        return False
    if (META_LABEL.match(line_text) and (re.search(r"[:：]", line_text[:14]) or len(line_text) <= 8)) \
            or _CHROME.search(line_text) or _VALUE_LINE.match(line_text) or DATE_LINE.match(line_text) \
            or DOC_NUMBER_LINE.match(line_text) or _NOTE_LINE.match(line_text):
        return True
    # The value of a label that stands alone on the line above ("发布机构:" / "市应急管理局").
    if index > 0 and len(line_text) <= 60:
        label = META_LABEL.match(lines[index - 1].text)
        return bool(label) and not lines[index - 1].text[label.end():].strip()
    return False


def _is_back_line(lines: list[_Line], index: int, after_is_date: bool) -> bool:
    line_text = lines[index].text
    if len(line_text) > 160:
        return False
    if _FOOTER.search(line_text) or _NOTE_LINE.match(line_text) or DATE_LINE.match(line_text) \
            or _ATTENDANCE_LINE.match(line_text):
        return True
    return after_is_date and signs(line_text)  # the signature above the date


# who attended a meeting, under the minutes' last decision: "出席:…", "参加人员:…", "被约谈单位签字:"
_ATTENDANCE_LINE = re.compile(r"(?:出席|列席|参加|参会|请假|缺席|记录)(?:人员|领导|单位)?\s*[:：]"
                              r"|被约谈单位签字")


def _body_range(lines: list[_Line]) -> tuple[int, int]:
    """Indexes ``[first, last)`` of the body's lines."""
    title, _ = _title_indexes(lines)
    first = title[1] + 1 if title else 0
    while first < len(lines) and _is_front_line(lines, first):
        first += 1
    last = len(lines)
    signing = False  # whether the lines below, down to a date, are a signature (one body a line)
    while last > first:
        after_is_date = last < len(lines) and bool(DATE_LINE.match(lines[last].text))
        signed_last = last == len(lines)  # a signature with no date under it closes the document
        if not _is_back_line(lines, last - 1, after_is_date or signing or signed_last) or _ends_a_cell_row(
                lines, last - 1):
            break
        signing = (after_is_date or signing) and signs(lines[last - 1].text)
        last -= 1
    return first, _before_the_annex_list(lines, first, last)


# the list of a document's attachments after its body: "附件:1.2026年重点任务分工表", "2.责任清单"
_ANNEX_TITLE = re.compile(rf"(?:{_ANNEX_WORD}[:：]\s*)?(?:\d{{1,2}}\s*[.、．]\s*)?[^。;；,，]{{2,40}}"
                          r"(?:表|清单|名单|目录|方案|台账|一览表|细则|办法|要点)\s*(?:[(（][^()（）]{1,8}[)）])?")


def _before_the_annex_list(lines: list[_Line], first: int, last: int) -> int:
    """Where the body ends before the list of its attachments, if one closes it."""
    start = last
    while start > first and _ANNEX_TITLE.fullmatch(lines[start - 1].text):
        start -= 1
        if _ANNEX_LABEL.match(lines[start].text):
            return start
    return last


def _ends_a_cell_row(lines: list[_Line], index: int) -> bool:
    """Whether the line is a cell of the last row of a table written one cell per line ("序号" ... "2",
    "布设监测浮标", "市水利局", "2027年6月"): a row's date and body, not the signature and its date."""
    row_start = next((i for i in range(index - 1, max(-1, index - _MAX_COLUMNS), -1)
                      if _ROW_NUMBER.fullmatch(lines[i].text)), None)
    return row_start is not None and any(
        line.text == "序号" for line in lines[max(0, row_start - _TABLE_REACH):row_start])


_MAX_COLUMNS = 8
_TABLE_REACH = 400  # lines back to the table's header
_ROW_NUMBER = re.compile(r"\d{1,3}")


def find_title_lines(text: str) -> TitleLines:
    """Where the plan's title (and the 通知 wrapping it) stand in ``text``.

    >>> t = find_title_lines("索引号\\n0024/2021\\n2019年全省应急管理工作计划\\n发布日期:2019-03-17\\n正文。")
    >>> t.title.text, t.wrapper
    ('2019年全省应急管理工作计划', None)
    """
    lines = _split_lines(text)
    title, wrapper = _title_indexes(lines)

    def span(indexes: tuple[int, int] | None) -> Span | None:
        if indexes is None:
            return None
        start, end = lines[indexes[0]].start, lines[indexes[1]].end
        return Span(start, end, text[start:end])

    return TitleLines(span(title) if title != wrapper else None, span(wrapper))


# --- tables ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    first: int  # line index where the table (its caption, or its header) starts
    last: int  # line index past its last row
    caption: int | None
    header: tuple[int, int]  # line index range of the header
    rows: tuple[tuple[int, int], ...]  # line index range of each row


def _short_cell(line: _Line) -> bool:
    return len(line.text) <= _TABLE_CELL_MAX and "。" not in line.text


def _caption_index(lines: list[_Line], index: int, lower: int) -> int | None:
    if index <= lower:
        return None
    above = lines[index - 1]
    if len(above.text) <= PLAIN_HEADING_MAX and not _TITLE_FORBIDDEN.search(above.text) \
            and _marker(above.text) is None and "\t" not in above.text:
        return index - 1
    return None


def _cell_per_line_table(lines: list[_Line], index: int, upper: int, lower: int) -> _Table | None:
    """A table whose cells arrive one per line, starting with a "序号" header line at ``index``: rows
    numbered 1, 2, ... each followed by its cells (fewer where its last cells are empty). Between rows
    may stand what a page break or a group of rows leaves: a page number, the header repeated, a
    group's caption ("二、应急准备")."""
    if lines[index].text not in HEADER_FIRST:
        return None
    first_row = index + 1
    while first_row < upper and lines[first_row].text != "1" and first_row - index <= 10 \
            and _short_cell(lines[first_row]):
        first_row += 1
    header_end = first_row - 1 if _marker(lines[first_row - 1].text) is not None else first_row
    width = header_end - index
    if first_row >= upper or lines[first_row].text != "1" or width < 2:
        return None
    header = [line.text for line in lines[index:header_end]]
    rows: list[tuple[int, int]] = []
    row_start: int | None = first_row
    while row_start is not None:
        row_end = _row_end(lines, row_start, upper, header, str(len(rows) + 2))
        rows.append((row_start, row_end))
        row_start = _next_row(lines, row_end, upper, header, str(len(rows) + 1))
    caption = _caption_index(lines, index, lower)
    return _Table(caption if caption is not None else index, rows[-1][1], caption, (index, header_end),
                  tuple(rows))


def _row_end(lines: list[_Line], start: int, upper: int, header: list[str], next_number: str) -> int:
    """Past the cells of the row numbered at ``start``: all of its columns, or up to the next row, the
    header repeated or a heading after a blank line."""
    def is_cell(i: int) -> bool:
        heading = lines[i].blank_before and _marker(lines[i].text) is not None
        page = is_page_number(lines[i].text, bare=False)  # "— 2 —", not "15"
        return _short_cell(lines[i]) and not heading and not page and not _repeats(lines, i, header)

    full = start + len(header)
    if full < upper and lines[full].text == next_number and all(map(is_cell, range(start + 1, full))):
        return full  # every column, whatever its text ("2" in a column of counts)
    end = start + 1
    while end < min(upper, full) and is_cell(end) and lines[end].text != next_number:
        end += 1
    return end


def _repeats(lines: list[_Line], position: int, header: list[str]) -> bool:
    return [line.text for line in lines[position:position + len(header)]] == header


def _next_row(lines: list[_Line], position: int, upper: int, header: list[str], number: str) -> int | None:
    """Where the row numbered ``number`` starts, past what may stand between rows; None at the table's end."""
    while position < upper:
        text = lines[position].text
        if text == number:
            return position
        if _repeats(lines, position, header):
            position += len(header)  # the header repeated at the top of the next page
        elif is_page_number(text) or (
                _marker(text) is not None and len(text) <= MAX_GROUP_CAPTION):
            position += 1
        else:
            return None
    return None


# a row of one cell spanning a table ("一、燃气经营环节") groups the rows below it; longer text ends the table
MAX_GROUP_CAPTION = 30


def _tab_table(lines: list[_Line], index: int, upper: int, lower: int) -> _Table | None:
    """A table whose rows arrive one per line, cells separated by tabs (the DOCX reader's output)."""
    width = len(lines[index].text.split("\t"))
    if width < 2:
        return None
    def is_row(i: int) -> bool:
        # a row may be shorter than the header: its last cells were empty, and no tab ended them
        return 2 <= len(lines[i].text.split("\t")) <= width

    last, groups = index + 1, set()
    while last < upper:
        if is_row(last):
            last += 1
        elif _is_group_caption(lines[last].text) and last + 1 < upper and is_row(last + 1):
            groups.add(last)  # "一、燃气经营环节" spanning the table: a caption over the rows below
            last += 1
        else:
            break
    if last - index < 2:
        return None
    first_cells = [lines[i].text.split("\t")[0].strip() for i in range(index, last)]
    numbered_below = any(_ROW_NUMBER.fullmatch(cell) for cell in first_cells[1:])
    has_header = _reads_as_header(lines[index].text) and (
        numbered_below or bool(_TABLE_HEADER_WORDS.search(lines[index].text)))
    header_end = index + 1 if has_header else index
    rows: list[tuple[int, int]] = []
    for i in range(header_end, last):
        if i in groups:
            continue
        wrapped = not "".join(lines[i].text.split("\t")[:2]).strip()  # no number nor task of its own
        if numbered_below and rows and rows[-1][1] == i and wrapped:
            rows[-1] = (rows[-1][0], i + 1)  # the row above went on on this line
        else:
            rows.append((i, i + 1))
    caption = _caption_index(lines, index, lower)
    return _Table(caption if caption is not None else index, last, caption, (index, header_end), tuple(rows))


def _reads_as_header(row: str) -> bool:
    """Whether a row's cells are column labels (序号, 工作任务, 牵头单位, 完成时限): short, with no sentence
    and no item number in them; a first row that holds a task ("(一)调整…,3月底前印发…") is data."""
    cells = [cell.strip() for cell in row.split("\t")]
    return (not _ROW_NUMBER.fullmatch(cells[0]) and _marker(cells[0]) is None
            and all(len(cell) <= HEADER_CELL_MAX and not _SENTENCE_MARKS.search(cell) for cell in cells))


def _is_group_caption(line_text: str) -> bool:
    return "\t" not in line_text and len(line_text) <= MAX_GROUP_CAPTION


def _find_tables(lines: list[_Line], lower: int, upper: int) -> dict[int, _Table]:
    """The tables among ``lines[lower:upper]``, keyed by their first line (caption or header)."""
    tables: dict[int, _Table] = {}
    index = floor = lower  # a caption cannot reach back into the table before
    while index < upper:
        table = (_cell_per_line_table(lines, index, upper, floor) if lines[index].text in HEADER_FIRST
                 else _tab_table(lines, index, upper, floor) if "\t" in lines[index].text else None)
        if table is None:
            index += 1
            continue
        tables[table.first] = table
        index = floor = table.last
    return tables


# --- the tree being built --------------------------------------------------------------------------


@dataclass(eq=False)
class _Open:
    kind: NodeKind
    start: int
    end: int
    style: str | None = None
    number: str | None = None
    heading: str | None = None
    run: tuple[int, int] | None = None  # own text, split into sentences (and inline items) at the end
    accepts_text: bool = False  # un-numbered text below belongs to this item
    lead_in: bool = False  # an item that does not end a sentence ("1.主要指标:"): a table below is its
    children: list[_Open] = field(default_factory=list)


def _after_tasks(parent: _Open, item: _Open) -> bool:
    """Whether the items of ``item``'s list before it are tasks, each on its line with nothing under it:
    then ``item``, the last, is a task too, and the text below it is its section's ("1.…500个。" /
    "2.年底前建成专业扑火队伍25支。" / "各县(市、区)要加强宣传…"), not text that ``item`` heads."""
    before = [child for child in parent.children[:parent.children.index(item)]
              if child.kind == "item" and child.style == item.style]
    return bool(before) and not any(child.children for child in before)


class _TreeBuilder:
    def __init__(self, text: str, lines: list[_Line]) -> None:
        self.text = text
        self.lines = lines
        self.root = _Open("document", 0, len(text))
        self.stack: list[_Open] = [self.root]
        self.last_run: _Open | None = None  # the node whose text ended on the previous line
        # a section just opened whose heading is a task's sentence ("(一)调整…职责,3月底前印发工作规则。"),
        # and where that sentence starts: a note on the next line makes the sentence the section's text
        self.task_heading: tuple[_Open, int] | None = None

    # placement ---------------------------------------------------------------------------------
    def open(self, node: _Open) -> None:
        """Put a numbered (or title-like) node where its style says, and keep it open."""
        styles = [open_node.style for open_node in self.stack]
        if node.style in styles:
            del self.stack[styles.index(node.style):]
        elif node.style == _PLAIN or _is_section_style(node.style or ""):
            while len(self.stack) > 1 and (self.stack[-1].kind == "item" or (
                    self.stack[-1].style == _PLAIN and node.style != _PLAIN)):
                if self.stack[-1].style == _ARTICLE and node.style in _CLAUSE_STYLES:
                    break  # "第七条 考核内容包括:" / "(一)…": an article's enumerated clauses are its own
                self.stack.pop()
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def text_parent(self, *, table: bool = False) -> _Open:
        """Where un-numbered text (or a table) goes; the open items below that node end there, so what
        comes later cannot be put into them, before this text."""
        for index in range(len(self.stack) - 1, -1, -1):
            node = self.stack[index]
            if node.kind != "item" or (node.lead_in if table else node.accepts_text and (
                    node.lead_in or not _after_tasks(self.stack[index - 1], node))):
                del self.stack[index + 1:]
                return node
        del self.stack[1:]
        return self.root

    # lines -------------------------------------------------------------------------------------
    def numbered(self, line: _Line, marker: _Marker) -> None:
        self.task_heading = None
        rest_start = line.start + marker.end
        if marker.style == "shi":
            self._shi_items(line, marker, rest_start)
            return
        kind: NodeKind = "section" if _is_section_style(marker.style) else "item"
        heading = _split_heading(self.text, rest_start, line.end)
        node = _Open(kind, line.start, line.end, marker.style, marker.number, heading.text)
        if kind == "item":
            node.run = (rest_start, line.end) if rest_start < line.end else None
            node.lead_in = not _ends_sentence(line.text)
            node.accepts_text = heading.only or node.lead_in
            self.open(node)
            self.last_run = node if node.run else None
            return
        self.open(node)
        self.last_run = None
        # a short heading is a task too when a note follows it ("(一)建立物资轮换机制。⏎牵头单位:…")
        self.task_heading = (node, rest_start) if heading.only else None
        if heading.body_start is not None:
            body = _Open("paragraph", heading.body_start, line.end, run=(heading.body_start, line.end))
            node.children.append(body)
            self.last_run = body

    def _shi_items(self, line: _Line, marker: _Marker, rest_start: int) -> None:
        """A line starting "一是…" that may go on "…;二是…;三是…": one item per enumerator."""
        chain = _enumeration_chain(self.text, rest_start, line.end, first=(marker.value or 1) + 1)
        starts = [(line.start, marker.number, rest_start), *chain]
        for position, (start, number, body_start) in enumerate(starts):
            end = starts[position + 1][0] if position + 1 < len(starts) else line.end
            _, end = _trim(self.text, start, end)
            heading = _split_heading(self.text, body_start, end)
            node = _Open("item", start, end, "shi", number, heading.text, run=(body_start, end))
            node.lead_in = not _ends_sentence(self.text[body_start:end])
            node.accepts_text = heading.only or node.lead_in
            self.open(node)
            self.last_run = node

    def next_item_number(self) -> int:
        """The number the next "1." item of the open list would have (1 when none is open)."""
        for node in reversed(self.stack):
            if node.style == "arabic":
                return (_marker_value("arabic", node.number or "") or 0) + 1
        return 1

    def plain_heading(self, line: _Line) -> None:
        self.task_heading = None
        node = _Open("section", line.start, line.end, _PLAIN, None, line.text.rstrip(":：").strip())
        self.open(node)
        self.last_run = None

    def annex(self, line: _Line) -> None:
        """An attachment's label ("附件:资金分配表", "附件2"): a part of the document's own, after all the
        body's sections and items."""
        self.close_to_root()
        self.plain_heading(line)

    def close_to_root(self) -> None:
        del self.stack[1:]

    def paragraph(self, line: _Line) -> None:
        self.task_heading = None
        node = _Open("paragraph", line.start, line.end, run=(line.start, line.end))
        self.text_parent().children.append(node)
        self.last_run = node

    def note(self, line: _Line) -> bool:
        """Extend the text of the line above with a note on its task standing on a line of its own
        ("责任单位:市水利局"): the note belongs to that task, however the line above ended."""
        if not _NOTE_LINE_LABEL.match(line.text) and not (
                self.last_run is not None and _BRACKETED_NOTE_LINE.fullmatch(line.text)):
            return False
        node = self.last_run
        if node is None and self.task_heading is not None:  # the heading's sentence is the noted task
            self._heading_runs_on(line)
            return True
        if node is None or node.run is None:
            return False
        node.run = (node.run[0], line.end)
        node.end = max(node.end, line.end)
        return True

    def continuation(self, line: _Line) -> bool:
        """Extend the text of the line above when that line stopped mid-sentence (a wrapped line)."""
        node = self.last_run
        if node is None and self.task_heading is not None and not line.blank_before:
            start = self.task_heading[1]  # "(一)对全市46座非煤矿山开展安全体检,7月底前" / "完成…。"
            if line.start - 1 - start >= _MIN_WRAPPED_LINE and _WRAPPED_CLAUSE_END.search(
                    self.text, start, line.start - 1):
                self._heading_runs_on(line)
                return True
        if node is None or line.blank_before or node.run is None:
            return False
        previous = self.text[node.run[0]:node.run[1]]
        if _ends_sentence(previous) or _ENDS_LEAD_IN.search(previous) or (
                node.kind == "item" and _TITLE_LIKE.fullmatch(previous)):
            return False
        node.run = (node.run[0], line.end)
        node.end = max(node.end, line.end)
        return True

    def _heading_runs_on(self, line: _Line) -> None:
        """The task a section's heading line states goes on with ``line``: one paragraph of the two."""
        assert self.task_heading is not None
        section, start = self.task_heading
        node = _Open("paragraph", start, line.end, run=(start, line.end))
        section.children.append(node)
        self.last_run, self.task_heading = node, None

    def table(self, table: _Table) -> None:
        self.task_heading = None
        lines = self.lines
        header_start = lines[table.header[0]].start
        caption = lines[table.caption].text.rstrip(":：") if table.caption is not None else None
        # The span starts at the header: the caption is the table's heading, not part of it.
        node = _Open("table", header_start, lines[table.last - 1].end, heading=caption)
        for first, last in table.rows:
            cells = [lines[i].text for i in range(first, last)]
            if all("\t" in cell for cell in cells):  # a row of tab-separated cells, maybe wrapped: by column
                columns = [line.split("\t") for line in cells]
                cells = ["".join(column[j] for column in columns if j < len(column)).strip()
                         for j in range(max(map(len, columns)))]
            number = cells[0] if _ROW_NUMBER.fullmatch(cells[0]) else None
            content = [cell for cell in (cells[1:] if number else cells) if cell]
            node.children.append(_Open("row", lines[first].start, lines[last - 1].end, number=number,
                                       heading=content[0] if content else None))
        if caption is not None and _ANNEX_LABEL.match(caption):
            self.close_to_root()  # an attachment's table ("附件:资金分配表") is no part of the last item
        self.text_parent(table=True).children.append(node)
        self.last_run = None


_MIN_WRAPPED_LINE = 18  # characters a task's broken first line holds; a two-part heading holds fewer
# a task's first line broken inside a clause: a clause before it, and the text running to the break
# with no full stop ("…开展安全体检,7月底前")
_WRAPPED_CLAUSE_END = re.compile(r"[,，][^。;；!?！？:：()（）,，]{2,}$")


def _enumeration_chain(text: str, start: int, end: int, first: int = 1) -> list[tuple[int, str, int]]:
    """The enumerators "一是", "二是", ... in ``text[start:end]`` that continue a sequence starting at
    ``first``: (offset, number as written, offset after it) each."""
    chain: list[tuple[int, str, int]] = []
    if text.find("是", start, end) < 0:
        return chain
    expected = first
    for match in _ENUMERATOR.finditer(text, start, end):
        if match.start() < start:
            continue
        if cn_number(match.group(1)) == expected:
            body_start, _ = _trim(text, match.end(), end)
            chain.append((match.start(), match.group(0), body_start))
            expected += 1
    return chain


# --- freezing into Nodes ---------------------------------------------------------------------------


def _sentences(text: str, start: int, end: int, path: tuple[str, ...]) -> list[Node]:
    return [Node("sentence", span, heading_path=path) for span in sentence_spans(text, start, end)]


def _body_nodes(text: str, start: int, end: int, path: tuple[str, ...]) -> list[Node]:
    """The sentences of a text, with an enumeration inside it ("…。一是…二是…") as items."""
    chain = _enumeration_chain(text, start, end)
    if len(chain) < 2:
        return _sentences(text, start, end, path)
    nodes = _sentences(text, start, chain[0][0], path)
    for position, (item_start, number, body_start) in enumerate(chain):
        item_end = chain[position + 1][0] if position + 1 < len(chain) else end
        _, item_end = _trim(text, item_start, item_end)
        heading = _split_heading(text, body_start, item_end).text
        sentences = _sentences(text, body_start, item_end, (*path, heading) if heading else path)
        span = Span(item_start, item_end, text[item_start:item_end])
        nodes.append(Node("item", span, number, heading, path, tuple(sentences)))
    return nodes


def _freeze(node: _Open, text: str, path: tuple[str, ...]) -> Node:
    inner = (*path, node.heading) if node.heading and node.kind in ("section", "item", "table") else path
    children: list[Node] = []
    if node.run is not None:
        children.extend(_body_nodes(text, node.run[0], node.run[1], inner))
    children.extend(_freeze(child, text, inner) for child in node.children)
    start = node.start
    end = max([node.end, *(child.span.end for child in children)])
    if node.kind == "document":
        start, end = 0, len(text)
    span = Span(start, end, text[start:end])
    return Node(node.kind, span, node.number, node.heading, path, tuple(children))


# --- the parser ------------------------------------------------------------------------------------


def parse_structure(text: str) -> Node:
    """The structure tree of a normalised plan text (see the module's docstring)."""
    lines = _split_lines(text)
    first, last = _body_range(lines)
    tables = _find_tables(lines, first, last)
    builder = _TreeBuilder(text, lines)
    index = first
    while index < last:
        line = lines[index]
        if index in tables:
            builder.table(tables[index])
            index = tables[index].last
            continue
        if is_page_number(line.text):  # page furniture: a wrapped line goes on after it
            index += 1
            continue
        if _ANNEX_LABEL.match(line.text) and len(line.text) <= PLAIN_HEADING_MAX:
            builder.annex(line)
            index += 1
            continue
        marker = _marker(line.text) or _run_on_marker(
            line.text, builder.next_item_number(), lines[index + 1].text if index + 1 < last else "")
        if marker is not None:
            builder.numbered(line, marker)
        elif not builder.note(line) and not builder.continuation(line):
            if _is_plain_heading(line) and index + 1 < last:
                builder.plain_heading(line)
            else:
                builder.paragraph(line)
        index += 1
    return _freeze(builder.root, text, ())
