"""Table cells wrapped onto several lines (kg/ingest/wrapped_cells.py), and their joining in normalize."""

from __future__ import annotations

import pytest

from kg.ingest.normalize import normalize
from kg.ingest.wrapped_cells import wrapped_cells

HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]


def test_the_text_says_which_lines_are_one_cell() -> None:
    lines = [*HEADER,
             "1", "调整充实县防指成员单位和", "工作机构", "县应急管理局", "县委组织部", "2025年4月", "30日前",
             "2", "组织防汛防台风综合应急演", "练", "县应急管理局", "县消防救援大队、", "县人武部", "2025年",
             "6月15日前"]
    assert wrapped_cells(lines) == [(6, 7), (10, 11), (13, 14), (16, 17), (18, 19)]


@pytest.mark.parametrize("row", [
    ["调整充实成员单位", "工作机构", "县应急管理局", "县委组织部", "6月底前"],  # which two lines go together?
    ["调整充实成员单位", "县应急管理局", "县委组织部", "6月底前"],  # as many lines as columns
    ["调整充实成员单位", "县应急管理局"],  # empty cells at the end
])
def test_a_row_the_text_does_not_explain_is_left_alone(row: list[str]) -> None:
    assert wrapped_cells([*HEADER, "1", *row]) == []


def test_no_header_no_table() -> None:
    assert wrapped_cells(["1", "县应急管理局和", "县消防救援大队"]) == []


def test_normalize_joins_the_cells_and_maps_them_back() -> None:
    text = "\n".join(["任务清单", *HEADER, "1", "调整充实县防指成员单位和", "工作机构", "县应急管理局",
                      "县委组织部", "2025年4月", "30日前", "二、保障措施"])
    normalized = normalize(text)
    assert normalized.text.split("\n")[7:11] == ["调整充实县防指成员单位和工作机构", "县应急管理局",
                                                 "县委组织部", "2025年4月30日前"]
    start = normalized.text.index("30日前")
    assert text[normalized.offsets[start]] == "3"
