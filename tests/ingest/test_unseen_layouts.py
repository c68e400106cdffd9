"""Structure and metadata of plans laid out unlike the samples (tests/data/nlp/unseen/), on short texts
written for the test: items that open with a year, notes on lines of their own, a hosting label after
the last task, and titles whose place names end like common words."""

from __future__ import annotations

import pytest

from kg.ingest.metadata import detect_metadata
from kg.ingest.structure import parse_structure
from kg.model import RawText


def items(text: str) -> list[tuple[str | None, str]]:
    return [(node.number, node.span.text) for node in parse_structure(text).walk() if node.kind == "item"]


def test_an_item_that_opens_with_a_year() -> None:
    text = "一、主要任务\n3.新建避难场所10个。\n4.2025年前建成预警平台。\n10.2023年底前完成建设。"
    assert [number for number, _ in items(text)] == ["3.", "4.", "10."]


def test_a_decimal_is_still_no_item_number() -> None:
    decimal = "一、目标\n1.5万人参加培训。\n做好保障。\n2.2024年底前完成。"
    assert items(decimal) == [("2.", "2.2024年底前完成。")]
    # ... unless the numbers go on: item 2 below makes it item 1, of 5万人
    assert items("一、目标\n1.5万人参加培训。\n2.2024年底前完成。") == [
        ("1.", "1.5万人参加培训。"), ("2.", "2.2024年底前完成。")]


@pytest.mark.parametrize("note", ["责任单位:市水利局", "配合单位:市应急管理局", "【牵头单位】区应急局",
                                  "完成时限:2024年4月底前"])
def test_a_note_line_belongs_to_the_task_above(note: str) -> None:
    text = f"(一)落实责任\n4月15日前,落实防汛行政责任人。\n{note}\n(二)开展检查\n做好检查。"
    paragraph = next(node for node in parse_structure(text).walk() if node.kind == "paragraph")
    assert paragraph.span.text.endswith(note)


def test_a_line_that_merely_starts_alike_is_its_own_paragraph() -> None:
    text = "(一)落实责任\n落实防汛行政责任人。\n责任单位要加强督导检查。"
    paragraphs = [node for node in parse_structure(text).walk() if node.kind == "paragraph"]
    assert len(paragraphs) == 2


def test_a_hosting_label_after_the_last_task_is_no_footer() -> None:
    text = "一、任务\n1.加强监管。\n2.加强尾矿库监管。(主办单位:省应急管理厅;协办单位:省自然资源厅)"
    assert items(text)[-1][1].endswith("协办单位:省自然资源厅)")


@pytest.mark.parametrize(("title", "jurisdiction", "level"), [
    ("成都市武侯区“十四五”应急体系建设规划", "武侯区", "district"),
    ("杭州市萧山区应急管理局2023年工作总结和2024年工作思路", "萧山区", "district"),
    ("禄劝彝族苗族自治县2023—2024年度森林草原防灭火工作方案", "禄劝彝族苗族自治县", "county"),
])
def test_place_names_of_a_title(title: str, jurisdiction: str, level: str) -> None:
    text = f"{title}\n一、主要任务\n1.加强监测预警。"
    meta = detect_metadata(RawText("plan.txt", "txt", text), text, parse_structure(text))
    assert (meta.jurisdiction, meta.level) == (jurisdiction, level)


def test_the_last_of_a_list_of_tasks_is_a_task_though_text_follows_it() -> None:
    text = ("一、重点任务\n(一)森林防灭火\n1.年内新建森林防火取水点500个。\n2.年底前建成专业扑火队伍25支。\n"
            "各县(市、区)要加强森林防火宣传教育。")
    assert [number for number, _ in items(text)] == ["1.", "2."]
    paragraph = next(node for node in parse_structure(text).walk() if node.kind == "paragraph")
    assert paragraph.heading_path == ("重点任务", "森林防灭火")


def test_an_item_heading_the_text_below_it_as_the_items_before_it_do() -> None:
    text = "一、任务\n1.强化责任落实。\n各地要压实责任。\n2.加强监测预警。\n各地要加强监测。"
    paragraphs = [node for node in parse_structure(text).walk() if node.kind == "paragraph"]
    assert [p.heading_path[-1] for p in paragraphs] == ["强化责任落实", "加强监测预警"]
