"""Indicator tables: rows of 序号 / 指标 / 目标值 / 属性 read from the text, whatever the layout.

Plans list their key indicators in a table ("“十四五”核心指标": 序号, 指标内容, 预期值, 指标性质).
Readers flatten tables either one cell per line or one row per line with tabs, "|" or runs of
spaces between cells; both become one stream of cells here. A table starts at a header whose cells
name a serial number, an indicator and a value; its rows follow in groups of as many cells, each
starting with its serial number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Span
from kg.nlp.text import make_span

MAX_CELL = 40
_CELL_SPLIT = re.compile(r"\t+|\s*\|\s*| {2,}| {2,}")
_HEADER_WORD = re.compile(r"序号|编号|指标|名称|内容|类别|类型|单位|目标|预期|属性|性质|备注|现状|基期|"
                          r"规划|值|20\d\d")
_SERIAL_HEAD = re.compile(r"^(序号|编号)$")
_CATEGORY_HEAD = re.compile(r"^(类别|领域|分类|类型)$")  # a column grouping the rows, before 序号
_NAME_HEAD = re.compile(r"指标|名称|内容")
_VALUE_HEAD = re.compile(r"值|目标|预期|20\d\d")
# a column of where things stand, not of the goal: "现状值(2020年)", "2020年基数", "基期值"; or of the points
# an assessment gives the row ("分值", "权重")
_BASELINE_HEAD = re.compile(r"现状|基期|基数|基准|基础值|实际|完成值|现值|性质|属性|类型|分值|分数|得分|权重")
_NATURE_HEAD = re.compile(r"性质|属性|类型")
_SERIAL = re.compile(r"^(\d{1,3}|[一二三四五六七八九十]{1,3})[.、.]?$")


@dataclass(frozen=True)
class TableRow:
    span: Span
    cells: tuple[Span, ...]
    serial_column: int | None = 0  # None: a table that numbers no rows

    @property
    def serial(self) -> str | None:
        return self.cells[self.serial_column].text if self.serial_column is not None else None


@dataclass(frozen=True)
class IndicatorTable:
    span: Span
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    name_column: int | None
    value_column: int | None
    nature_column: int | None

    def cell(self, row: TableRow, column: int | None) -> Span | None:
        if column is None or column >= len(row.cells):
            return None
        return row.cells[column]


def _cells(text: str) -> list[Span]:
    """Every non-empty line, split into cells where it holds tabs, "|" or runs of spaces."""
    cells = []
    offset = 0
    for line in text.split("\n"):
        position = 0
        for part in _CELL_SPLIT.split(line):
            index = line.find(part, position) if part else -1
            if part.strip() and index >= 0:
                start = offset + index + (len(part) - len(part.lstrip()))
                end = offset + index + len(part.rstrip())
                cells.append(make_span(text, start, end))
                position = index + len(part)
        offset += len(line) + 1
    return cells


def _column(header: list[str], pattern: re.Pattern, avoid: re.Pattern | None = None,
            last: bool = False) -> int | None:
    columns = [i for i, cell in enumerate(header)
               if pattern.search(cell) and not (avoid and avoid.search(cell))]
    if not columns:
        return None
    return columns[-1] if last else columns[0]


def find_indicator_tables(text: str) -> list[IndicatorTable]:
    """The indicator tables in ``text``, in order."""
    cells = _cells(text)
    tables = []
    index = 0
    while index < len(cells):
        # "类别 | 序号 | 指标 …": a category column may come before the serial number
        serial_column = 1 if _CATEGORY_HEAD.match(cells[index].text) and index + 1 < len(cells) \
            and _SERIAL_HEAD.match(cells[index + 1].text) else 0
        if not serial_column and not _SERIAL_HEAD.match(cells[index].text):
            index += 1
            continue
        header_end = index + 1 + serial_column
        while (header_end < len(cells) and len(cells[header_end].text) <= MAX_CELL
               and _HEADER_WORD.search(cells[header_end].text) and not _SERIAL.match(cells[header_end].text)):
            header_end += 1
        header = [cell.text for cell in cells[index:header_end]]
        name_col = _column(header, _NAME_HEAD, _NATURE_HEAD)
        value_col = _column(header, _VALUE_HEAD, _BASELINE_HEAD, last=True)
        if len(header) < 3 or name_col is None or value_col is None:
            index += 1
            continue
        rows, index = _rows(text, cells, header_end, len(header), serial_column)
        if rows:
            span = make_span(text, cells[header_end - len(header)].start, rows[-1].span.end)
            tables.append(IndicatorTable(span, tuple(header), tuple(rows), name_col, value_col,
                                         _column(header, _NATURE_HEAD)))
    tables += _unnumbered_tables(text, cells)
    return sorted(tables, key=lambda table: table.span.start)


def _unnumbered_tables(text: str, cells: list[Span]) -> list[IndicatorTable]:
    """Tables that number no rows: a header line opening with the indicator's name ("指标名称 | 单位 |
    2020年 | 2025年 | 指标属性"), then one row a line with as many cells."""
    lines = _by_line(text, cells)
    tables = []
    index = 0
    while index < len(lines):
        header = [cell.text for cell in lines[index]]
        # "类别 | 指标名称 | 单位 | …": a category column may come first, on its group's first row only
        name_col = 1 if len(header) > 1 and _CATEGORY_HEAD.match(header[0]) else 0
        if len(header) < 3 or not _NAME_HEAD.search(header[name_col]) or not all(
                len(cell) <= MAX_CELL and _HEADER_WORD.search(cell) for cell in header):
            index += 1
            continue
        value_col = _column(header, _VALUE_HEAD, _BASELINE_HEAD, last=True)
        if value_col is None:
            index += 1
            continue
        end = index + 1
        rows = []
        while end < len(lines) and not _NAME_HEAD.match(lines[end][0].text):
            row = _row_under(text, lines[end], len(header), name_col)
            if row is None:
                break
            rows.append(row)
            end += 1
        if rows:
            span = make_span(text, lines[index][0].start, rows[-1].span.end)
            tables.append(IndicatorTable(span, tuple(header), tuple(rows), name_col, value_col,
                                         _column(header, _NATURE_HEAD)))
        index = end
    return tables


def _row_under(text: str, cells: list[Span], width: int, name_col: int) -> TableRow | None:
    """A line of cells as a row of a table ``width`` cells wide; with a category column, a row of its
    group after the first has no cell of its own there (an empty one stands in)."""
    if len(cells) == width - 1 and name_col == 1:
        cells = [make_span(text, cells[0].start, cells[0].start), *cells]
    if len(cells) != width:
        return None
    return TableRow(make_span(text, cells[0].start, cells[-1].end), tuple(cells), None)


def _by_line(text: str, cells: list[Span]) -> list[list[Span]]:
    """``cells`` (see :func:`_cells`) grouped by the line they stand on, one list a line that has any."""
    by_line: dict[int, list[Span]] = {}
    for cell in cells:
        by_line.setdefault(text.rfind("\n", 0, cell.start), []).append(cell)
    return list(by_line.values())


def _rows(text: str, cells: list[Span], start: int, width: int,
          serial_column: int = 0) -> tuple[list[TableRow], int]:
    rows = []
    index = start
    while index + width <= len(cells) and _SERIAL.match(cells[index + serial_column].text):
        group = cells[index:index + width]
        after_serial = group[serial_column + 1:serial_column + 2]
        if any(len(cell.text) > MAX_CELL for cell in group) or any(
                _SERIAL.match(cell.text) for cell in after_serial):
            break
        rows.append(TableRow(make_span(text, group[0].start, group[-1].end), tuple(group), serial_column))
        index += width
    return rows, index
