"""Where in a plan's text a name or a responsibility may be read: document titles, quotations, page
furniture, parenthesised notes, clauses, task units and the sections that report past work.

All functions work on the normalised text and return character ranges ``(start, end)``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from kg.model import Node

Range = tuple[int, int]

CJK = re.compile(r"[\u4e00-\u9fff]")
_TITLE = re.compile(r"《[^《》\n]{1,120}》")
_QUOTE = re.compile(r"“[^“”\n]{1,60}”")
# a role marked after one member of a note: "(责任单位:市应急局(牵头)、市公安局)"
ROLE_MARK = r"[(（](?:牵头|主责|主办|配合|协办|协助|参与)(?:单位|部门)?[)）]"
# the levels a generic member spells out in brackets: "各县(市、区)人民政府", "各乡镇(街道)"
LEVEL_ASIDE = r"[(（][省市县区州盟旗乡镇街道、,，]{1,10}[)）]"
# a place in brackets inside a company's name: "华润燃气(儋州)有限公司", "中石化(海南)石油有限公司"
NAME_ASIDE = r"[(（][\u4e00-\u9fff]{2,4}[)）](?=[\u4e00-\u9fff])"
# another name of a body in brackets after it: its office's (市应急局(市安委办)), its former one (原市安监局)
ALIAS_ASIDE_BODY = r"[(（](?:原|即)?[\u4e00-\u9fff]{2,14}(?:办|局|委|会|厅|室|处|中心|部|队|站|所)[)）]"
ALIAS_ASIDE = ALIAS_ASIDE_BODY + r"(?=[、,，;；)）]|$)"  # where a list goes on or ends after it
# the short form a text declares for the name before it: "县住房和城乡建设局(以下简称县住建局)"
SHORT_FORM_ASIDE = r"[(（](?:以下简称|下称|简称)[“\"]?[\u4e00-\u9fff]{2,12}[”\"]?[)）]"
# innermost parentheses, but for the role marks, level asides, name asides and aliases inside them
_PAREN = re.compile(r"[(（]((?:[^()（）\n]|" + ROLE_MARK + "|" + LEVEL_ASIDE + "|" + NAME_ASIDE + "|"
                    + ALIAS_ASIDE + r"){1,200})[)）]")
# "【责任单位:X】", "[X牵头,Y配合]", "〔责任单位:X〕": a note in other brackets
_OTHER_BRACKETS = re.compile(r"【([^【】\n]{1,200})】|\[([^\[\]\n]{1,200})\]|〔([^〔〕\n]{1,200})〕")
# Lines that belong to the web page or the file, not to the plan: site navigation, footers, counters.
# 主办单位/承办单位 name a site's owner only at the start of a footer line: after a task they label the
# bodies that lead and help with it ("(主办单位:X;协办单位:Y)").
_FURNITURE = re.compile(r"版权所有|^\s*(?:主办单位|承办单位)|技术支持[:：]|网站标识码|ICP|公网安备|"
                        r"联系方式[:：]|当前位置|所在位置|(?:浏览|访问)次数\s*[:：\d]|字体大小|扫一扫|"
                        r"来源[:：]|政务公开\s*>|信息索引号|索引号|"
                        # a document number on its own line: 安委办〔2025〕2号
                        r"^\s*[\u4e00-\u9fff]{1,10}[〔\[(（]\d{4}[〕\])）]\s*\d+\s*号\s*$")
_FURNITURE_LINE = 160  # furniture comes in short lines, never sentences: a task naming 联系方式 is text
_CLAUSE_END = re.compile(r"[。;;!?！？\n]")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])"
                      r"\s*(?P<title>[^\n]{0,60})", re.M)
_PAST_TITLE = re.compile(r"工作总结|工作回顾|回顾|取得的(?:进展|成效|成绩|成就)|主要成效|"
                         r"主要成绩|工作成效|发展现状|现状|总体形势|基本情况|完成情况|工作进展")
_YEAR = re.compile(r"(?<!\d)(19|20)(\d\d)年")
_TITLE_MAX = 24  # a heading longer than this is body text (as section_roles.yaml's max_heading)


class Ranges:
    """A sorted set of disjoint ranges with a fast 'is this position inside one' test."""

    def __init__(self, ranges: Iterable[Range]) -> None:
        self._ranges = sorted(ranges)
        self._starts = [start for start, _ in self._ranges]

    def containing(self, start: int, end: int | None = None) -> Range | None:
        """The range that holds ``[start, end)`` (or the position ``start``), if any."""
        end = start + 1 if end is None else end
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and self._ranges[i][0] <= start and end <= self._ranges[i][1]:
            return self._ranges[i]
        return None

    def __contains__(self, position: int) -> bool:
        return self.containing(position) is not None

    def __iter__(self) -> Iterator[Range]:
        return iter(self._ranges)


def titles(text: str) -> Ranges:
    """Document titles 《…》 (a name inside one is part of a document's name, not an actor)."""
    return Ranges(m.span() for m in _TITLE.finditer(text))


def quotations(text: str) -> Ranges:
    """Short quotations “…”: slogans and quoted mechanisms ("森防指牵头抓总"), not assignments."""
    return Ranges(m.span() for m in _QUOTE.finditer(text))


def furniture(text: str) -> Ranges:
    """Lines of page furniture (footers, navigation, counters)."""
    ranges = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if len(line) <= _FURNITURE_LINE and "。" not in line and _FURNITURE.search(line):
            ranges.append((start, end))
        start = end + 1
    return Ranges(ranges)


def parentheses(text: str) -> Iterator[tuple[int, int, int, int]]:
    """Innermost parentheses (and 【】, [] and 〔〕 brackets), in order: ``(open, close_end, content_start,
    content_end)``."""
    found = [(m.start(), m.end(), m.start(m.lastindex or 0), m.end(m.lastindex or 0))
             for pattern in (_PAREN, _OTHER_BRACKETS) for m in pattern.finditer(text)]
    yield from sorted(found)


def clauses(text: str, start: int = 0, end: int | None = None) -> Iterator[Range]:
    """The clauses of ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    position = start
    for m in _CLAUSE_END.finditer(text, start, end):
        if m.start() > position:
            yield position, m.start()
        position = m.end()
    if position < end:
        yield position, end


def task_units(text: str, structure: Node | None) -> list[Range]:
    """The spans a task can be: the structure's items and paragraphs, or lines when there is none."""
    if structure is not None:
        units = [node.span for node in structure.walk() if node.kind in ("item", "paragraph")]
        if units:
            return sorted((s.start, s.end) for s in units)
    ranges, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            ranges.append((start, start + len(line)))
        start += len(line) + 1
    return ranges


def past_sections(text: str, structure: Node | None, plan_year: int | None) -> Ranges:
    """Sections that report work already done (a summary's past part, "发展现状", "总体形势"):
    no task is assigned there. Read from the structure's section headings, or from heading lines."""
    headings = _section_headings(text, structure)
    ranges = []
    for i, (start, level, title) in enumerate(headings):
        if not _is_past(title, plan_year):
            continue
        end = len(text)
        for next_start, next_level, _ in headings[i + 1:]:
            if next_level <= level:
                end = next_start
                break
        ranges.append((start, end))
    return Ranges(_merge(ranges))


def _section_headings(text: str, structure: Node | None) -> list[tuple[int, int, str]]:
    if structure is not None:
        found = [(node.span.start, len(node.heading_path), node.heading or "")
                 for node in structure.walk() if node.kind == "section" and node.heading]
        if found:
            return sorted(found)
    found = []
    for m in _HEADING.finditer(text):
        level = 1 if m.group(0).lstrip()[0] not in "(（" else 2
        found.append((m.start(), level, m.group("title")))
    return found


def _is_past(title: str, plan_year: int | None) -> bool:
    if len(title) > _TITLE_MAX or any(mark in title for mark in ",，;；"):
        return False  # a sentence standing in the heading's place ("(一)X负责…报告工作进展。"), no title
    years = [int(a + b) for a, b in _YEAR.findall(title)]
    if years and plan_year:
        return max(years) < plan_year
    return bool(_PAST_TITLE.search(title))


def _merge(ranges: list[Range]) -> list[Range]:
    merged: list[Range] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def table_cells(text: str, structure: Node | None) -> Iterator[tuple[int, int, str]]:
    """Every cell of the structure's tables with its column header: ``(start, end, header)``, where a
    table of duties by unit ("成员单位 | 职责") has its unit column read as "责任单位".
    Rows come one per line with tab-separated cells, or one cell per line (as the structure stage
    reads them); the header is the text between a table's start and its first row."""
    if structure is None:
        return
    for table in structure.find("table"):
        rows = [child for child in table.children if child.kind == "row"]
        if not rows:
            continue
        header_end = rows[0].span.start
        first_line_end = text.find("\n", table.span.start, header_end)
        if first_line_end >= 0 and "\t" in text[table.span.start:first_line_end]:
            header_end = first_line_end  # a tab-separated header is one line; a group caption may follow it
        header = [text[s:e].strip() for s, e in _cells(text, table.span.start, header_end)]
        if rows and (lower := _header_below(header, [text[s:e] for s, e in _cells(text, rows[0].span.start,
                                                                                      rows[0].span.end)])):
            header, rows = lower, rows[1:]
        if any(_LEAD_COLUMN.fullmatch(column) for column in header):
            # "牵头单位 | 责任单位": beside the lead, the units in charge of the work support it, as in a note
            header = ["配合单位" if _IN_CHARGE_COLUMN.fullmatch(column) else column for column in header]
        if any(_DUTY_COLUMN.search(column) for column in header):
            header = ["责任单位" if _UNIT_COLUMN.fullmatch(column) else column for column in header]
        for row in rows:
            for start, end in _row_lines(text, row.span.start, row.span.end):
                for (cell_start, cell_end), column in zip(_cells(text, start, end), header, strict=False):
                    yield cell_start, cell_end, column


def _row_lines(text: str, start: int, end: int) -> list[Range]:
    """The lines of a row of tab-separated cells that wrapped onto more lines, each read by column; a row
    of one cell per line, whole."""
    lines, position = [], start
    for line in text[start:end].split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1
    return lines if len(lines) > 1 and all("\t" in text[s:e] for s, e in lines) else [(start, end)]


def _header_below(header: list[str], row: list[str]) -> list[str] | None:
    """A header of two rows ("责任单位" over "牵头单位 | 配合单位"): when the row below the header only
    repeats its cells (a cell spread down) or names sub-columns, the header it makes with it, each column
    labelled by its lowest cell; else None."""
    if len(row) > len(header):
        return None
    row = [*row, *[""] * (len(header) - len(row))]  # blank cells at the end of a line are trimmed
    pairs = list(zip(row, header, strict=True))
    if not any(cell != above and _SUB_COLUMN.fullmatch(cell) for cell, above in pairs) or not all(
            not cell or cell == above or _SUB_COLUMN.fullmatch(cell) for cell, above in pairs):
        return None
    return [cell or above for cell, above in pairs]


_LEAD_COLUMN = re.compile(r"(?:牵头|主责|主办|组长)(?:单位|部门|处室|科室)")
# the units in charge of the work, or a group's members
_IN_CHARGE_COLUMN = re.compile(r"(?:责任|负责|承办|成员|组成)(?:单位|部门|处室|科室)")
_SUB_COLUMN = re.compile(r"[\u4e00-\u9fff]{0,4}(?:单位|部门|处室|科室|领导|责任人|时限|时间)")
# a table of duties by unit: its unit column names who does the duty in its row
_DUTY_COLUMN = re.compile(r"职责|工作任务|任务分工|主要任务")
_UNIT_COLUMN = re.compile(r"成员单位|单位名称|单位|部门|责任主体")


def _cells(text: str, start: int, end: int) -> list[Range]:
    """The cells of a row (or header): tab-separated on one line, or one per line."""
    separator = "\t" if "\t" in text[start:end] else "\n"
    cells, position = [], start
    for i in range(start, end + 1):
        if i == end or text[i] == separator:
            cell_start, cell_end = position, i
            while cell_start < cell_end and text[cell_start].isspace():
                cell_start += 1
            while cell_end > cell_start and text[cell_end - 1].isspace():
                cell_end -= 1
            if cell_end > cell_start or separator == "\t":
                cells.append((cell_start, cell_end))
            position = i + 1
    return cells
