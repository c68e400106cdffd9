"""Table cells that a PDF wrapped onto several lines, found so that they can be joined back.

A table that reaches the text one cell per line ("序号", its column names, then each row's number and
cells; what pypdf gives for a PDF table) shows a cell too long for its column as two lines:
"调整充实县防指成员单位和" / "工作机构", "2025年4月" / "30日前". A row with more lines than the table has
columns is put back together where the text itself shows a cell going on: a line ending in a list's
separator or a conjunction (、，和及与), a day after its month, a character left over on a line of its
own. Where those do not account for every extra line the row is left as it is: a wrong join would be
worse than a cell too many.

    >>> lines = ["序号", "任务", "牵头单位", "完成时限", "1", "调整充实成员单位和", "工作机构", "县应急局",
    ...          "2025年4月", "30日前"]
    >>> wrapped_cells(lines)
    [(5, 6), (8, 9)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: the first column name of a table's header ("序号"): where the structure stage finds tables too
HEADER_FIRST = frozenset({"序号", "编号", "序", "No.", "NO."})
MAX_HEADER_CELLS = 10
MAX_CELL = 40
# a line that shows its cell going on in the next one
_GOES_ON = re.compile(r"[、，,和及与/（(]$")
_MONTH_THEN_DAY = re.compile(r"(?:月|年)$")
_DAY = re.compile(r"\d{1,2}\s*[日号月]")
# a heading after the table ("二、保障措施") is no cell of its last row
_NUMERAL = "[一二三四五六七八九十]+"
_HEADING_LINE = re.compile(rf"{_NUMERAL}、|[（(]{_NUMERAL}[）)]|第{_NUMERAL}[章节部分]")


def wrapped_cells(lines: Sequence[str]) -> list[tuple[int, int]]:
    """The runs ``(first, last)`` of consecutive lines (indices into ``lines``) that are one wrapped cell
    of a cell-per-line table, in order."""
    runs: list[tuple[int, int]] = []
    columns = 0  # of the table being read, 0 outside one
    number = 0  # of its last row
    index = 0
    while index < len(lines):
        text = lines[index].strip()
        if text in HEADER_FIRST and (width := _header_width(lines, index)):
            columns, number = width, 0
            index += width
        elif columns and text == str(number + 1):
            end = _row_end(lines, index + 1, str(number + 2))
            runs += _joins(lines, index + 1, end, columns - 1)
            number += 1
            index = end
        else:
            index += 1
    return runs


def _header_width(lines: Sequence[str], first: int) -> int:
    """How many column names the header starting at ``first`` has ("序号" included), 0 if it is none."""
    for index in range(first + 1, min(len(lines), first + MAX_HEADER_CELLS + 1)):
        text = lines[index].strip()
        if text == "1":
            return index - first if index - first >= 2 else 0
        if not text or len(text) > MAX_CELL:
            return 0
    return 0


def _row_end(lines: Sequence[str], start: int, next_number: str) -> int:
    """Past a row's lines: up to the next row's number, a blank line or a line no cell would be."""
    end = start
    while end < len(lines):
        text = lines[end].strip()
        if not text or text == next_number or text in HEADER_FIRST or len(text) > MAX_CELL or "。" in text \
                or _HEADING_LINE.match(text):
            break
        end += 1
    return end


def _joins(lines: Sequence[str], start: int, end: int, cells: int) -> list[tuple[int, int]]:
    """The runs that make the row's lines ``start..end`` its ``cells`` cells, or none."""
    extra = (end - start) - cells
    if extra <= 0:
        return []
    goes_on = [index for index in range(start + 1, end)
               if _continues(lines[index - 1].strip(), lines[index].strip())]
    if len(goes_on) != extra:
        return []  # the text does not say which lines go together
    runs: list[tuple[int, int]] = []
    for index in goes_on:
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index - 1, index))
    return runs


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is the rest of the cell ``previous`` began."""
    return bool(_GOES_ON.search(previous)) or len(line) == 1 or (
        bool(_MONTH_THEN_DAY.search(previous)) and bool(_DAY.match(line)))
