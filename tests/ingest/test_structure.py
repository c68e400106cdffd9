"""Structure: numbering styles, levels, sentences, tables, front/back matter, and every sample against
its golden outline (tests/data/structure/)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.ingest.normalize import normalize
from kg.ingest.structure import cn_number, find_title_lines, parse_structure, sentence_spans
from kg.model import Node

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "data" / "samples").glob("0*.txt"))
GOLDEN = ROOT / "tests" / "data" / "structure"


def outline(root: Node) -> list[tuple[str, str | None, str | None, int]]:
    """(kind, number, heading, depth) of every node but sentences, in document order."""
    result = []

    def walk(node: Node, depth: int) -> None:
        if node.kind != "sentence" and node.kind != "document":
            result.append((node.kind, node.number, node.heading, depth))
        for child in node.children:
            walk(child, depth + (node.kind != "document"))

    walk(root, 0)
    return result


def headings(root: Node, kind: str) -> list[tuple[str | None, str | None]]:
    return [(node.number, node.heading) for node in root.find(kind)]  # type: ignore[arg-type]


def sentences(root: Node) -> list[str]:
    return [node.span.text for node in root.find("sentence")]


def counts(root: Node) -> dict[str, int]:
    kinds = [node.kind for node in root.walk()]
    return {kind: kinds.count(kind) for kind in ("section", "item", "paragraph", "sentence", "table", "row")}


def check_invariants(root: Node, text: str) -> None:
    """Offsets are exact, children lie inside their parent in order, sentences are leaves, and each
    heading path is the parent's path plus the parent's heading."""
    assert root.kind == "document" and (root.span.start, root.span.end) == (0, len(text))
    for node in root.walk():
        assert node.span.text == text[node.span.start:node.span.end]
        if node.kind in ("sentence", "row"):
            # a row may open with tabs: its empty first cells (under a merged cell of the row above)
            body = node.span.text.lstrip("\t") if node.kind == "row" else node.span.text
            assert not node.children and body.strip() == body and body
        previous_end = node.span.start if node.kind != "document" else 0
        for child in node.children:
            assert node.span.contains(child.span), (node.kind, child.kind, child.span)
            assert child.span.start >= previous_end, f"overlap at {child.span.start}: {child.span.text[:20]}"
            previous_end = child.span.end
            enclosing = (*node.heading_path, node.heading) if node.heading and node.kind in (
                "section", "item", "table") else node.heading_path
            assert child.heading_path == enclosing


# --- numbering styles ------------------------------------------------------------------------------


def test_three_levels_in_order_of_appearance():
    text = ("一、总体要求\n(一)指导思想。坚持安全发展。\n1.加强监测。完成普查。\n2.强化预警。\n(二)工作目标"
            "\n二、重点任务\n1.健全机制。")
    root = parse_structure(text)
    check_invariants(root, text)
    assert outline(root) == [
        ("section", "一、", "总体要求", 0),
        ("section", "(一)", "指导思想", 1),
        ("paragraph", None, None, 2),
        ("item", "1.", "加强监测", 2),
        ("item", "2.", "强化预警", 2),
        ("section", "(二)", "工作目标", 1),
        ("section", "二、", "重点任务", 0),
        ("item", "1.", "健全机制", 1),
    ]
    item = root.find("item")[0]
    assert item.heading_path == ("总体要求", "指导思想")
    assert [s.span.text for s in item.children] == ["加强监测。", "完成普查。"]
    assert item.children[0].heading_path == ("总体要求", "指导思想", "加强监测")


def test_full_width_parenthesised_numbers_are_top_level_without_yi():
    text = ("（一）全面履行职责。\n\n1．推进改革发展。按照部署推进。\n\n2、整合机构。\n\n（二）严格落实责任"
            "。\n\n1.落实安全生产责任。")
    root = parse_structure(text)
    check_invariants(root, text)
    assert [(kind, number, depth) for kind, number, _, depth in outline(root)] == [
        ("section", "（一）", 0), ("item", "1．", 1), ("item", "2、", 1), ("section", "（二）", 0),
        ("item", "1.", 1)]
    assert root.find("section")[0].heading == "全面履行职责"


def test_arabic_items_directly_under_chinese_numbered_sections():
    text = "一、强化政治引领\n1.深入学习。(机关党委)\n23.坚持培育。\n二、强化责任落实\n24.用好契机。"
    root = parse_structure(text)
    sections = root.find("section")
    assert [(s.number, len(s.children)) for s in sections] == [("一、", 2), ("二、", 1)]
    assert [item.number for item in root.find("item")] == ["1.", "23.", "24."]
    assert sentences(root)[0] == "深入学习。(机关党委)"  # the note stays with its sentence


def test_chapters_sections_and_articles():
    text = ("第一章 总则\n第一条 为了加强应急管理,制定本办法。\n第二条 本办法适用于全市。\n第二章 职责\n第"
            "一节 市级职责\n第三条 市应急局负责统筹。\n第二节 区级职责\n第四条 各区负责落实。")
    root = parse_structure(text)
    check_invariants(root, text)
    assert outline(root) == [
        ("section", "第一章", "总则", 0),
        ("item", "第一条", "为了加强应急管理,制定本办法", 1),
        ("item", "第二条", "本办法适用于全市", 1),
        ("section", "第二章", "职责", 0),
        ("section", "第一节", "市级职责", 1),
        ("item", "第三条", "市应急局负责统筹", 2),
        ("section", "第二节", "区级职责", 1),
        ("item", "第四条", "各区负责落实", 2),
    ]


def test_an_articles_enumerated_clauses_belong_to_it():
    text = ("第二章 职责\n第七条 市应急物资储备中心具体负责:\n(一)物资入库验收;\n"
            "(二)9月30日前完成数据录入。\n第八条 各区应急管理局负责本级物资管理。\n第三章 附则\n"
            "第九条 本细则自印发之日起施行。")
    root = parse_structure(text)
    check_invariants(root, text)
    assert outline(root) == [
        ("section", "第二章", "职责", 0),
        ("item", "第七条", "市应急物资储备中心具体负责", 1),
        ("section", "(一)", "物资入库验收", 2),
        ("section", "(二)", "9月30日前完成数据录入", 2),
        ("item", "第八条", "各区应急管理局负责本级物资管理", 1),
        ("section", "第三章", "附则", 0),
        ("item", "第九条", "本细则自印发之日起施行", 1),
    ]


def test_parenthesised_and_circled_items_nest_under_arabic_items():
    text = ("1.完善预案体系。\n(1)修订总体预案。\n(2)编制专项预案。\n2.加强队伍建设:\n①组建专业队伍;\n②开展"
            "培训演练。\n3.强化保障。")
    root = parse_structure(text)
    check_invariants(root, text)
    assert [(kind, number, depth) for kind, number, _, depth in outline(root)] == [
        ("item", "1.", 0), ("item", "(1)", 1), ("item", "(2)", 1),
        ("item", "2.", 0), ("item", "①", 1), ("item", "②", 1), ("item", "3.", 0)]
    assert root.find("item")[3].heading == "加强队伍建设"


def test_dash_lead_ins_are_items_and_heading_only_items_take_the_paragraphs_below():
    text = ("(二)基本原则\n\n——统筹规划、整合资源。按照规划统筹推进。\n\n——预防为主:坚持预防与应急并重。\n\n"
            "(三)发展的机遇\n\n——践行党的初心和使命的必然要求\n\n应急管理是国家治理体系的重要组成部分。\n\n"
            "(四)保障措施")
    root = parse_structure(text)
    check_invariants(root, text)
    items = root.find("item")
    assert [(item.number, item.heading) for item in items] == [
        ("——", "统筹规划、整合资源"), ("——", "预防为主"), ("——", "践行党的初心和使命的必然要求")]
    assert [child.kind for child in items[2].children] == ["sentence", "paragraph"]
    assert items[2].children[1].span.text == "应急管理是国家治理体系的重要组成部分。"


def test_paragraph_after_a_complete_item_belongs_to_the_section():
    text = ("(一)加强监管\n1.严格执法。开展检查。\n2.规范执法。推行清单管理。\n各地要结合实际抓好落实。\n("
            "二)夯实基础")
    root = parse_structure(text)
    section = root.find("section")[0]
    assert [child.kind for child in section.children] == ["item", "item", "paragraph"]


def test_yi_shi_enumeration_inside_a_paragraph_and_an_item():
    text = ("(四)推动全面落实。抓好安全教育培训。一是强化执法监督,落实主体责任。二是紧盯重点群体,注重跟踪问"
            "效。\n"
            "5.牢固树立服务监管理念。一是实行涉企管理“柔性服务”。二是深化日常检查规范化改革;三是深入推进改"
            "革。")
    root = parse_structure(text)
    check_invariants(root, text)
    paragraph = root.find("paragraph")[0]
    assert [child.kind for child in paragraph.children] == ["sentence", "item", "item"]
    assert headings(paragraph, "item") == [("一是", "强化执法监督,落实主体责任"), ("二是", "紧盯重点群体,注"
                                                                           "重跟踪问效")]
    item = root.find("item")[2]
    assert item.number == "5."
    assert headings(item, "item")[1:] == [("一是", "实行涉企管理“柔性服务”"), ("二是", "深化日常检查规范化"
                                                                         "改革"),
                                          ("三是", "深入推进改革")]


def test_yi_shi_lines_and_a_line_holding_a_whole_enumeration():
    text = ("(四)实施十大工程:\n一是绘制“一张图”工程。统筹推进。\n二是织密“一张网”工程。\n(五)其他\n一是加"
            "强领导;二是落实经费;三是强化考核。")
    root = parse_structure(text)
    check_invariants(root, text)
    first, second = root.find("section")
    assert [(item.number, item.heading) for item in first.children] == [
        ("一是", "绘制“一张图”工程"), ("二是", "织密“一张网”工程")]
    assert [(item.number, item.heading) for item in second.children] == [
        ("一是", "加强领导"), ("二是", "落实经费"), ("三是", "强化考核")]
    assert second.children[1].span.text == "二是落实经费;"


def test_a_lone_yi_shi_is_not_an_enumeration():
    root = parse_structure("一、要求\n这一是非常重要的工作,必须抓好。")
    assert not root.find("item")


def test_heading_with_its_body_on_the_same_line():
    text = ("一、总体要求\n(一)指导思想。以习近平新时代中国特色社会主义思想为指导,统筹发展和安全。\n(十三)"
            "扎实组织实施自然灾害救助保险,强化问题导向、目标导向和效果导向,认真落实保险协议,简化理赔流程,"
            "推进资金运行和理赔救助工作机制完善。")
    root = parse_structure(text)
    check_invariants(root, text)
    first, second = root.find("section")[1:]
    assert first.heading == "指导思想"
    assert [c.kind for c in first.children] == ["paragraph"]
    assert first.children[0].span.text.startswith("以习近平")
    assert second.heading == "扎实组织实施自然灾害救助保险"  # a long first sentence: its first clause
    assert second.children[0].span.text.startswith("扎实组织实施")


def test_plain_title_like_lines_are_sections():
    text = ("(三)规划目标\n总体目标:建成应急预案体系。\n分项目标:\n——应急管理体制机制更加完善。\n——灾害事故"
            "防控能力全面提升。\n(四)保障措施")
    root = parse_structure(text)
    check_invariants(root, text)
    assert [(kind, number, heading, depth) for kind, number, heading, depth in outline(root)] == [
        ("section", "(三)", "规划目标", 0), ("paragraph", None, None, 1), ("section", None, "分项目标", 1),
        ("item", "——", "应急管理体制机制更加完善", 2), ("item", "——", "灾害事故防控能力全面提升", 2),
        ("section", "(四)", "保障措施", 0)]


def test_decimal_outline_numbers():
    root = parse_structure("1.1 目的\n为了规范工作。\n1.1.1 细目\n明确分工。\n1.2 范围\n适用于全市。")
    assert [(number, depth) for _, number, _, depth in outline(root) if number] == [
        ("1.1", 0), ("1.1.1", 1), ("1.2", 0)]


def test_things_that_look_like_numbers_but_are_not():
    text = ("一、要求\n一、二级重大危险源要全部建档。\n一、二季度完成评估。\n2.5亿元资金用于避难场所建设。\n"
            "2019年是关键之年。")
    root = parse_structure(text)
    assert [node.number for node in root.walk() if node.number] == ["一、"]
    assert len(root.find("paragraph")) == 4


def test_an_item_number_may_run_into_a_figure_when_it_is_the_next_number():
    text = ("一、重点任务\n1.入汛前完成全部隐患点巡查。\n2.6月1日前完成监测设备调试。\n3.100%完成整改。\n"
            "4.10月底前完成汛后复查。\n二、保障\n2.5亿元资金用于避难场所建设。\n1.5万人次参加培训。\n"
            "2.3月底前完成评估。")
    root = parse_structure(text)
    items = [(node.number, text[node.children[0].span.start:node.children[0].span.end])
             for node in root.find("item")]
    assert items == [("1.", "入汛前完成全部隐患点巡查。"), ("2.", "6月1日前完成监测设备调试。"),
                     ("3.", "100%完成整改。"), ("4.", "10月底前完成汛后复查。"), ("1.", "5万人次参加培训。"),
                     ("2.", "3月底前完成评估。")]
    assert "2.5亿元资金用于避难场所建设。" in [text[p.span.start:p.span.end] for p in root.find("paragraph")]


@pytest.mark.parametrize("title", [("沂川市2026年安全生产", "工作要点"), ("沂川市2026年安全生产工作", "要点"),
                                   ("沂川市2026年防汛防台风", "实施方案")])
def test_a_title_broken_before_a_short_last_line(title):
    text = f"{title[0]}\n{title[1]}\n\n一、压紧压实安全生产责任\n(一)3月底前印发清单。"
    lines = find_title_lines(text)
    assert lines.title is not None and lines.title.text.replace("\n", "") == "".join(title)


def test_a_heading_may_name_a_quarter_that_is_not_the_next_number():
    text = ("一、总体目标\n全年检查企业不少于320家次。\n二、一季度检查重点\n(一)3月20日前完成检查。\n"
            "三、二季度检查重点")
    root = parse_structure(text)
    assert [node.heading for node in root.children] == ["总体目标", "一季度检查重点", "二季度检查重点"]


def test_a_heading_may_open_with_a_numeral_word():
    text = "一、一年来的主要工作\n做好排查。\n二、二〇二五年工作计划\n三、三年行动推进措施\n四、十大行动"
    root = parse_structure(text)
    assert [node.number for node in root.find("section")] == ["一、", "二、", "三、", "四、"]


def test_a_wrapped_line_continues_the_line_above():
    text = ("一、要求\n1.加强应急管理基层组织建设,研究制定全面深化基层公共应急力量建设的\n意见,积极探索推进"
            "标准化建设。\n2.推动融入基层治理。")
    root = parse_structure(text)
    first = root.find("item")[0]
    assert first.span.text.endswith("推进标准化建设。")
    assert len(first.find("sentence")) == 1 and "\n" in first.find("sentence")[0].span.text
    assert not root.find("paragraph")


def test_page_numbers_between_lines_are_skipped():
    text = ("一、要求\n1.加强应急管理基层组织建设,研究制定\n- 3 -\n意见,推进标准化建设。\n"
            "第4页 共9页\n2.推动融入。")
    root = parse_structure(text)
    assert [item.span.text for item in root.find("item")] == [
        "1.加强应急管理基层组织建设,研究制定\n- 3 -\n意见,推进标准化建设。", "2.推动融入。"]
    assert not root.find("paragraph")


# --- front and back matter -------------------------------------------------------------------------


def test_front_matter_index_table_title_and_metadata_lines_are_not_structure():
    text = ("索引号\n002482947/2021-17684\n公开方式\n主动公开\n\n2019年全省应急管理工作计划\n\n"
            "发布日期:2019-03-17 16:45 来源:办公室 浏览次数:\n\n2019年是关键之年。\n\n(一)全面履行职责。\n"
            "\n1.推进改革。\n\n"
            "扫一扫在手机打开当前页\n网站标识码:3300000001 浙ICP备12345678号")
    root = parse_structure(text)
    check_invariants(root, text)
    assert root.children[0].span.text == "2019年是关键之年。"
    assert root.children[-1].span.text.endswith("1.推进改革。")
    assert find_title_lines(text).title.text == "2019年全省应急管理工作计划"


def test_a_notice_wrapping_the_plan_is_front_matter():
    text = ("某某区人民政府关于印发某某区应急管理体系“十四五”规划的通知\n\n某政发〔2022〕61号\n\n各部门:\n\n"
            "《某某区应急管理体系十四五规划》已经研究通过,现印发给你们,请遵照执行。\n\n某某区人民政府\n\n20"
            "22年11月25日\n\n"
            "(此件公开发布)\n\n某某区应急管理体系“十四五”规划\n\n应急管理是国家治理体系的重要组成部分。\n\n"
            "一、发展现状")
    root = parse_structure(text)
    titles = find_title_lines(text)
    assert titles.title.text == "某某区应急管理体系“十四五”规划"
    assert titles.wrapper.text.startswith("某某区人民政府关于印发")
    assert root.children[0].span.text == "应急管理是国家治理体系的重要组成部分。"


@pytest.mark.parametrize("date", ["2021年3月5日", "2021年3月5日印发", "(2021年3月5日印发)"])
def test_signature_and_date_after_the_text_are_back_matter(date: str):
    text = f"一、工作要点\n1.加强监测。\n\n某某县应急管理局\n{date}"
    root = parse_structure(text)
    assert root.children[-1].span.end == text.index("1.加强监测。") + len("1.加强监测。")


def test_a_title_broken_over_two_lines():
    text = "某某县应急管理局\n2021年安全生产工作要点\n\n为做好今年工作,制定本要点。"
    assert find_title_lines(text).title.text == "某某县应急管理局\n2021年安全生产工作要点"


@pytest.mark.parametrize("joiner", ["暨", "及"])
def test_a_summary_title_whose_second_line_opens_with_a_joiner(joiner: str) -> None:
    text = f"鸭溪镇2023年应急管理工作总结\n{joiner}2024年工作打算\n一、2023年工作情况\n全年未发生较大事故。"
    assert find_title_lines(text).title.text == f"鸭溪镇2023年应急管理工作总结\n{joiner}2024年工作打算"


def test_no_title_no_front_matter():
    text = "为做好今年安全生产工作,全镇要统筹推进。\n一、总体要求"
    assert find_title_lines(text).title is None
    assert parse_structure(text).children[0].span.start == 0


# --- sentences -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("加强监测。完成普查!提升能力?落实责任;健全机制",
     ["加强监测。", "完成普查!", "提升能力?", "落实责任;", "健全机制"]),
    ("全角标点。也要切分！真的吗？是的；好", ["全角标点。", "也要切分！", "真的吗？", "是的；", "好"]),
    ("践行“对党忠诚。纪律严明;赴汤蹈火”训词精神。下一句。",
     ["践行“对党忠诚。纪律严明;赴汤蹈火”训词精神。", "下一句。"]),
    ("落实《安全生产法(2021年修正)。》规定。执行(牵头单位:综合处;协同单位:法规处)。", [
        "落实《安全生产法(2021年修正)。》规定。", "执行(牵头单位:综合处;协同单位:法规处)。"]),
    ("印发《中共中央办公厅 国务院办公厅印发<深化改革的意见。>的通知》精神。好。", [
        "印发《中共中央办公厅 国务院办公厅印发<深化改革的意见。>的通知》精神。", "好。"]),
    ("加强【重点。领域】管控。结束。", ["加强【重点。领域】管控。", "结束。"]),
    # an unmatched quote protects nothing
    ("十三五”时期成效显著。下一步继续。", ["十三五”时期成效显著。", "下一步继续。"]),
    ("他说“好。然后离开。", ["他说“好。", "然后离开。"]),
    ("真的吗?!是的。", ["真的吗?!", "是的。"]),
    ("推进应急指挥平台贯通村居。(指挥处)", ["推进应急指挥平台贯通村居。(指挥处)"]),
    ("  前后空白。  ", ["前后空白。"]),
])
def test_sentence_splitting(text, expected):
    spans = sentence_spans(text)
    assert [span.text for span in spans] == expected
    assert all(text[span.start:span.end] == span.text for span in spans)


def test_sentences_never_split_inside_quotes_or_titles_in_the_samples():
    """Wherever a line's quotes and 《》 are balanced, so are those of each of its sentences."""
    for sample in SAMPLES:
        text = sample.read_text(encoding="utf-8")
        for sentence in parse_structure(text).find("sentence"):
            line_start = text.rfind("\n", 0, sentence.span.start) + 1
            line_end = text.find("\n", sentence.span.end)
            line = text[line_start:line_end if line_end >= 0 else len(text)]
            for opener, closer in (("《", "》"), ("“", "”")):
                if line.count(opener) == line.count(closer):
                    assert sentence.span.text.count(opener) == sentence.span.text.count(closer), (
                        sample.name, sentence.span.text)


def test_chinese_numerals():
    assert [cn_number(n) for n in ("一", "十", "十一", "二十", "九十九", "一百零五", "〇", "12", "x")] == [
        1, 10, 11, 20, 99, 105, 0, 12, None]


# --- tables ----------------------------------------------------------------------------------------


def test_table_with_one_cell_per_line():
    text = ("(三)规划目标\n核心指标\n序号\n\n指标内容\n\n预期值\n\n指标性质\n\n1\n\n生产安全事故死亡人数\n"
            "\n下降15%\n\n约束性\n\n"
            "2\n\n年均每百万人口因自然灾害死亡率\n\n1\n\n预期性\n\n分项目标:\n——更加完善。")
    root = parse_structure(text)
    check_invariants(root, text)
    (table,) = root.find("table")
    assert table.heading == "核心指标"
    assert table.span.text.startswith("序号")
    assert [(row.number, row.heading) for row in table.children] == [
        ("1", "生产安全事故死亡人数"), ("2", "年均每百万人口因自然灾害死亡率")]
    assert table.children[1].span.text.endswith("预期性")  # a cell "1" does not start a row
    assert root.find("section")[1].heading == "分项目标"


CELL_TABLE_HEADER = "序号\n重点任务\n牵头单位\n配合单位\n完成时限\n"


def test_a_cell_per_line_table_goes_on_past_a_page_break_a_group_caption_and_empty_cells():
    """What a page break leaves between rows (a page number, the header repeated), a group's caption
    ("二、应急准备") and rows whose last cells are empty do not end the table."""
    text = ("任务清单\n" + CELL_TABLE_HEADER
            + "1\n公布责任人\n县水利局\n县融媒体中心\n5月10日前\n"
            + "2\n组织演练\n县应急管理局\n县人武部\n\n— 2 —\n" + CELL_TABLE_HEADER
            + "二、应急准备\n3\n补充物资\n县发改局\n县应急管理局\n5月31日前\n"
            + "4\n新建气象站\n县气象局\n\n三、保障措施\n加强组织领导。")
    root = parse_structure(text)
    check_invariants(root, text)
    (table,) = root.find("table")
    assert [row.span.text.split("\n") for row in table.children] == [
        ["1", "公布责任人", "县水利局", "县融媒体中心", "5月10日前"],
        ["2", "组织演练", "县应急管理局", "县人武部"],
        ["3", "补充物资", "县发改局", "县应急管理局", "5月31日前"],
        ["4", "新建气象站", "县气象局"]]
    assert root.find("section")[-1].heading == "保障措施"


@pytest.mark.parametrize("task", [
    # a sentence, then "(牵头单位:…)" on a line of its own (a web page's <br>)
    "调整完善县安委会成员单位职责,3月底前印发工作规则。\n(牵头单位:县应急管理局;配合单位:县司法局)",
    # a short one, then the 牵头单位/配合单位/完成时限 lines below it
    "建立储备物资动态轮换机制。\n牵头单位:旗应急管理局\n配合单位:旗财政局\n完成时限:2024年12月底前",
])
def test_a_task_numbered_as_a_section_takes_the_notes_below(task: str):
    """"(一)…。" with a note under it: the task the note is about, the section's text, not only its
    heading."""
    text = f"一、重点任务\n(一){task}\n(二)指导思想\n坚持人民至上。"
    root = parse_structure(text)
    check_invariants(root, text)
    first, second = root.find("section")[1:3]
    (body,) = first.children
    assert body.kind == "paragraph" and body.span.text == task
    assert second.heading == "指导思想" and [c.span.text for c in second.children] == ["坚持人民至上。"]


def test_a_leader_line_between_a_task_and_its_unit_is_a_note():
    """"责任领导:张三" under a task, before the 责任股室 line: both notes on the task."""
    text = ("一、重点任务\n1.严格烟花爆竹安全监管。\n责任领导:钟小平(局党组成员、副局长)\n责任股室:危化股\n"
            "2.开展电动自行车整治。\n牵头领导:陈志强 牵头单位:执法大队 完成时限:9月底前")
    root = parse_structure(text)
    check_invariants(root, text)
    assert [item.span.text for item in root.find("item")] == [
        "1.严格烟花爆竹安全监管。\n责任领导:钟小平(局党组成员、副局长)\n责任股室:危化股",
        "2.开展电动自行车整治。\n牵头领导:陈志强 牵头单位:执法大队 完成时限:9月底前"]


@pytest.mark.parametrize("phone", ["值班电话:0577-6736", "应急值守电话:0577-6736", "电话:0577-6736"])
def test_a_duty_phone_line_after_the_last_item_is_a_note_on_it(phone: str) -> None:
    text = f"一、落实防汛责任\n(一)干部到岗。\n(二)镇建设办负责排查,6月17日12时前完成。\n\n{phone}\n"
    root = parse_structure(text)
    check_invariants(root, text)
    last = root.find("section")[-1]
    assert last.number == "(二)"  # the task's text with the phone line, not a heading over it
    assert [c.span.text for c in last.children] == [text[text.index("镇建设办"):].rstrip()]


@pytest.mark.parametrize("after", ["出席:马宁宇、王保建\n列席:市应急管理局局长周晓兵", "参加人员:张三、李四",
                                   "河南省安全生产委员会第三巡查组\n2024年6月5日"])
def test_the_last_decision_of_minutes_stays_a_task_over_the_attendance_or_a_groups_signature(after: str):
    text = f"一、议定事项\n(一)干部到岗。\n(二)市消防救援支队负责调查,6月底前完成。\n\n{after}\n"
    root = parse_structure(text)
    check_invariants(root, text)
    last = root.find("section")[-1]
    assert last.number == "(二)" and after.split("\n")[0] not in last.span.text


@pytest.mark.parametrize("addressees", ["各村(社区)、镇属各单位:", "市直各有关单位:"])
def test_an_addressee_line_is_no_heading(addressees: str) -> None:
    text = (f"岩头镇关于做好强降雨防范工作的通知\n{addressees}\n据气象台预报,我镇将出现强降雨。\n"
            "一、重点任务\n(一)干部到岗。")
    root = parse_structure(text)
    check_invariants(root, text)
    assert addressees.rstrip(":") not in [s.heading for s in root.find("section")]


def test_table_with_tab_separated_rows():
    text = "一、目标\n序号\t指标\t目标值\n1\t死亡人数\t下降15%\n2\t受灾人次\t15000\n二、任务"
    root = parse_structure(text)
    check_invariants(root, text)
    (table,) = root.find("table")
    assert [(row.number, row.heading, row.span.text) for row in table.children] == [
        ("1", "死亡人数", "1\t死亡人数\t下降15%"), ("2", "受灾人次", "2\t受灾人次\t15000")]
    assert table.heading_path == ("目标",)


def test_a_table_without_a_header_row_keeps_its_first_row():
    _, table = _the_table("岚川县2025年应急管理工作要点\n"
                          "（一）调整完善县安委会成员单位职责，3月底前印发工作规则。\t"
                          "牵头单位：县应急管理局；配合单位：县司法局\n（二）推进乡镇应急管理规范化建设，"
                          "6月底前实现全县14个乡镇全覆盖。\t牵头单位：县应急管理局；配合单位：县财政局\n")
    assert [row.span.text[:4] for row in table.children] == ["(一)调", "(二)推"]


def test_a_row_under_a_merged_first_cell_stays_in_its_table():
    raw = ("一、任务\n序号\t重点任务\t牵头单位\t完成时限\n2\t开展燃气安全专项整治\t市住建局\t9月底前\n"
           "\t完成老旧燃气管网改造20公里\t\t年底前\n3\t开展道路交通安全整治\t市公安局\t第三季度\n二、保障")
    text = normalize(raw).text
    assert "\n\t完成老旧燃气管网改造20公里\t\t年底前\n" in text  # the empty first cell is kept
    root = parse_structure(text)
    check_invariants(root, text)
    (table,) = root.find("table")
    assert [row.number for row in table.children] == ["2", None, "3"]
    assert normalize("\t一、工作目标\n\t1.做好排查").text == "一、工作目标\n1.做好排查"  # tab indents go


def test_rows_whose_last_cells_are_empty_stay_in_their_table():
    raw = ("一、任务\n序号\t工作任务\t责任单位\t完成时限\t备注\n1\t开展燃气整治。\t区住建局\t6月底前\t\n"
           "2\t开展隐患排查。\t区应急局\t\t\n二、保障")
    _, table = _the_table(raw)
    assert [row.number for row in table.children] == ["1", "2"]
    assert table.span.text.startswith("序号\t工作任务")  # the header is the table's, no section heading


def test_a_caption_row_spanning_the_table_groups_its_rows():
    raw = ("序号\t任务内容\t牵头单位\t配合单位\n一、燃气经营环节\n1\t开展安全评估\t县住建局\t县应急局\n"
           "二、燃气使用环节\t\t\t\n2\t开展餐饮企业检查\t县市场监管局\t县消防救援大队\n三、保障措施\n加强领导。")
    root, table = _the_table(raw)
    assert [row.number for row in table.children] == ["1", "2"]
    assert table.span.text.startswith("序号") and table.span.text.endswith("县消防救援大队")
    assert [section.number for section in root.find("section")] == ["三、"]


def _the_table(raw: str):
    """The structure of a normalised text holding one table, and that table."""
    text = normalize(raw).text
    root = parse_structure(text)
    check_invariants(root, text)
    (table,) = root.find("table")
    return root, table


def test_no_table_when_the_numbering_does_not_follow():
    text = "序号\n指标\n目标值\n2\n死亡人数\n下降15%"
    assert not parse_structure(text).find("table")


# --- the samples -----------------------------------------------------------------------------------


def sample_structure(sample: Path) -> Node:
    return parse_structure(normalize(sample.read_text(encoding="utf-8")).text)


def golden_of(root: Node) -> dict:
    return {
        "counts": counts(root),
        "outline": ["  " * depth + " ".join(part for part in (kind, number, heading) if part)
                    for kind, number, heading, depth in outline(root)],
    }


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name[:3])
def test_samples_match_their_golden_outline(sample):
    root = sample_structure(sample)
    check_invariants(root, normalize(sample.read_text(encoding="utf-8")).text)
    golden_path = GOLDEN / f"{sample.stem}.json"
    if os.environ.get("EMKG_REGENERATE_GOLDEN"):
        golden = json.dumps(golden_of(root), ensure_ascii=False, indent=1) + "\n"
        golden_path.write_text(golden, encoding="utf-8")
    assert golden_of(root) == json.loads(golden_path.read_text(encoding="utf-8"))


def test_004_has_61_numbered_items_under_7_sections():
    root = sample_structure(ROOT / "data/samples/004_fcd55c30be0749a7.txt")
    sections = root.find("section")
    assert len(sections) == 7
    assert sum(len(section.find("item")) for section in sections) == 61
    assert [item.number for item in root.find("item")] == [f"{n}." for n in range(1, 62)]


def test_001_indicator_table_has_7_rows():
    root = sample_structure(ROOT / "data/samples/001_a2f109246e3c497f.txt")
    (table,) = root.find("table")
    assert [row.number for row in table.children] == [str(n) for n in range(1, 8)]
    assert table.children[0].span.text.split() == ["1", "生产安全事故死亡人数", "下降15%", "约束性"]
    assert table.children[4].span.text.split() == ["5", "年均每百万人口因自然灾害死亡率", "1", "预期性"]
    assert table.heading_path == ("“十四五”指导思想、基本原则和工作目标", "规划目标")


def test_a_contact_line_after_the_last_numbered_task_is_a_note_on_it() -> None:
    text = ("一、工作要求\n(一)各县教育局要于5月20日前制定本地工作方案。\n"
            "(二)各县教育局于7月10日前将专项行动总结报送市教育局。\n联系人:赵某某,电话:0379-6332xxxx。")
    last = parse_structure(text).children[0].children[1]
    assert [child.span.text for child in last.children] == [
        "各县教育局于7月10日前将专项行动总结报送市教育局。\n联系人:赵某某,电话:0379-6332xxxx。"]


def test_the_last_row_of_a_table_of_one_cell_per_line_is_no_signature() -> None:
    text = ("一、主要任务\n(一)建设监测预警中心。\n重点任务分工表\n序号\n重点任务\n责任单位\n完成时间\n"
            "1\n建设市自然灾害综合监测预警中心\n市应急管理局、市气象局\n2026年12月\n2\n布设监测浮标\n市水利局\n2027年6月")
    rows = list(parse_structure(text).find("row"))
    assert rows[-1].span.text.splitlines() == ["2", "布设监测浮标", "市水利局", "2027年6月"]


def test_the_list_of_attachments_after_the_body_is_no_task() -> None:
    text = ("某市应急管理局2026年工作要点\n一、重点任务\n(一)开展矿山安全检查,4月底前完成。\n"
            "附件:1.2026年重点任务分工表\n2.重点企业名单(略)\n某市应急管理局\n2026年2月1日")
    root = parse_structure(text)
    last = root.children[-1].span
    assert text[last.start:last.end].endswith("4月底前完成。")
    assert not any("附件" in text[node.span.start:node.span.end] for node in root.walk() if node is not root)


def test_a_signature_of_two_bodies_above_the_date_is_back_matter() -> None:
    text = ("某旗应急管理局2024年工作要点\n一、重点任务\n(一)加强应急物资储备。11月30日前完成物资补充。\n"
            "(二)推进基层应急能力建设,年内覆盖率达到100%。\n"
            "某旗森林草原防灭火指挥部办公室\n某旗应急管理局\n2024年3月8日")
    nodes = [node for node in parse_structure(text).walk() if node.kind != "document"]
    assert max(node.span.end for node in nodes) == text.index("\n某旗森林")
    assert [node.number for node in nodes if node.kind == "section"][-1] == "(二)"


def test_an_attachments_table_is_no_part_of_the_last_item() -> None:
    text = ("关于下达救灾资金的通知\n一、各地要于11月15日前报送资金使用情况。\n"
            "二、请各地加强绩效管理,受灾群众救助满意度不低于90%。\n"
            "附件:资金分配表\n序号\t地区\t金额(万元)\n1\t南宁市\t850\n2\t柳州市\t1260")
    root = parse_structure(text)
    last_item = next(node for node in root.children if node.number == "二、")
    assert last_item.children == () or all(child.kind == "sentence" for child in last_item.children)
    assert any(node.kind == "table" for node in root.walk())


def test_a_tasks_first_line_broken_inside_a_clause_goes_on_on_the_next() -> None:
    text = ("某市应急管理局2026年工作要点\n一、重点任务\n(一)对全市46座非煤矿山开展安全体检,7月底前\n"
            "完成风险评估。(责任单位:市应急管理局)\n(二)加强组织领导,形成工作合力\n各部门要高度重视。")
    nodes = parse_structure(text).walk()
    paragraphs = [text[n.span.start:n.span.end] for n in nodes if n.kind == "paragraph"]
    assert paragraphs == ["对全市46座非煤矿山开展安全体检,7月底前\n完成风险评估。(责任单位:市应急管理局)",
                          "各部门要高度重视。"]  # a short two-part heading stays a heading


def test_a_signature_with_no_date_closing_the_document_is_back_matter() -> None:
    text = ("大厂镇2026年应急管理工作要点\n一、重点任务\n(一)年内完成镇应急救援队伍标准化建设。\n"
            "(二)组织开展尾矿库溃坝应急疏散演练1次,6月底前完成。\n大厂镇人民政府")
    nodes = [node for node in parse_structure(text).walk() if node.kind != "document"]
    assert max(node.span.end for node in nodes) == text.index("\n大厂镇人民政府")
