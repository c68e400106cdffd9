"""Normalisation (kg/ingest/normalize.py) and web-page chrome (kg/ingest/chrome.py): what each step
does, the offset map's invariants on arbitrary text (hypothesis), and the samples' chrome."""

from __future__ import annotations

import functools
import importlib
import re
import sys
import time
import unicodedata

import opencc
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.ingest import chrome
from kg.ingest.chrome import chrome_lines, is_chrome, parse_rules
from kg.ingest.normalize import _JOINS_PREVIOUS, _STABLE_RUN, Normalized, looks_traditional, normalize

# --- each step --------------------------------------------------------------------------------------


def test_full_width_forms_become_half_width_and_chinese_punctuation_stays():
    assert normalize("（一）ＡＢＣ１２３，：；！？％").text == "(一)ABC123,:;!?%"
    assert normalize("、。《》“”‘’【】—〔〕").text == "、。《》“”‘’【】—〔〕"


def test_expansions_map_every_output_character_to_their_source():
    result = normalize("a㍿b")
    assert result.text == "a株式会社b"
    assert result.offsets == (0, 1, 1, 1, 1, 2, 3)
    assert result.to_original(1, 5) == (1, 2)


def test_composition_maps_to_the_start_of_what_composed():
    result = normalize("xe\u0301y")
    assert result.text == "xéy"
    assert result.offsets == (0, 1, 3, 4)


def test_ideographic_spaces_zero_width_characters_and_controls():
    result = normalize("　　一、总\u200b体\ufeff要求\x07")
    assert result.text == "一、总体要求"
    assert result.offsets == (2, 3, 4, 6, 8, 9, 11)


def test_line_breaks_become_newlines_mapped_to_the_newline():
    result = normalize("a\r\nb\rc\u2028d")
    assert result.text == "a\nb\nc\nd"
    assert result.offsets == (0, 2, 3, 4, 5, 6, 7, 8)


def test_space_runs_collapse_tabs_between_cells_stay_lines_are_stripped():
    assert normalize("  加强\u00a0 \u3000应急  管理 ").text == "加强 应急 管理"
    assert normalize("1\t \t生产安全事故\t 下降10%\t").text == "1\t\t生产安全事故\t下降10%"


def test_only_a_table_row_keeps_the_tabs_before_its_text():
    assert normalize("\tA\t\tB\t").text == "\tA\t\tB"  # an empty first cell, under a merged one
    assert normalize("\t0\t").text == "0"  # one cell: no row
    assert normalize("\t一、工作目标").text == "一、工作目标"  # an indent


def test_blank_lines_collapse_to_one_and_leave_the_ends():
    assert normalize("\n \na\n\n\n \n\nb\n\n").text == "a\n\nb"
    assert normalize("a\nb").text == "a\nb"


HARD_WRAPPED = """　　为切实做好全乡防灾减灾救灾工作，最大限度减少灾害造成的人员
伤亡和财产损失，根据县委、县政府的安排部署，结合我乡地处高山峡谷的实
际，制定本计划。
一、主要任务
　　一是开展隐患排查。4月底前，由乡应急办负责，组织各村对滑坡、泥
石流、崩塌隐患点开展一次拉网式排查，建立隐患台账，落实监测责任人，
5月15日前完成全乡18处隐患点监测员培训，培训村级灾害信息员15名。
二、保障措施
　　乡财政所负责保障防灾减灾工作经费，确保年内投入不少于10万元，并
按季度向乡政府报告经费使用情况，接受审计和群众监督，做到专款专用。"""


def test_a_hard_wrapped_text_is_joined_where_its_sentences_run_on():
    result = normalize(HARD_WRAPPED)
    lines = result.text.split("\n")
    assert lines[0].endswith("人员伤亡和财产损失,根据县委、县政府的安排部署,结合我乡地处高山峡谷的实际,"
                             "制定本计划。")
    assert lines[1] == "一、主要任务"  # a heading starts a line of its own
    assert "对滑坡、泥石流、崩塌隐患点" in lines[2] and lines[2].endswith("培训村级灾害信息员15名。")
    assert len(lines) == 5
    start = result.text.index("泥石流")
    assert HARD_WRAPPED[result.offsets[start]:result.offsets[start + 3]] == "泥\n石流"  # mapped back
    assert normalize(result.text).text == result.text


def test_a_hard_wrap_inside_a_number_or_a_note_is_joined_too():
    wrapped = ("岚川县2025年应急管理工作要点\n"
               "\u3000\u3000（一）推进乡镇应急管理规范化建设，6月底前实现全县1\n"
               "4个乡镇全覆盖，做好基层应急管理各项工作。（牵头单位：县应急\n"
               "管理局；配合单位：县财政局、县司法局、县民政局、县水利局；\n"
               "县消防救援大队、县人武部、县公安局、县交通运输局配合）\n"
               "\u3000\u3000（二）推进应急指挥信息化建设，年内接入视频监控资源不少于5\n"
               "00路，推进数据共享，提升预警能力。（牵头单位：县应急管理局；\n"
               "配合单位：县大数据中心）\n")
    lines = normalize(wrapped).text.split("\n")
    assert "全县14个乡镇" in lines[1] and lines[1].endswith("县交通运输局配合)")
    assert "不少于500路" in lines[2] and lines[2].endswith("配合单位:县大数据中心)")
    assert len(lines) == 3
    latin = "Emergency management plans of the county, city and province\n"
    assert normalize(latin * 6).text.count("province Emergency") == 5


def test_a_line_ending_inside_a_bracket_joins_the_line_that_closes_it():
    text = ("(一)开展危化品企业专项检查,6月底前完成。(牵头\n单位:危化处;配合单位:\n工贸处、执法支队)\n"
            "(二)加强执法检查。【责任单位:市应急管\n理局】\n(三)做好汛期值守(见附件\n(四)落实领导带班。")
    assert normalize(text).text.split("\n") == [
        "(一)开展危化品企业专项检查,6月底前完成。(牵头单位:危化处;配合单位:工贸处、执法支队)",
        "(二)加强执法检查。【责任单位:市应急管理局】",
        "(三)做好汛期值守(见附件", "(四)落实领导带班。"]  # the next line is an item of its own


DOUBLE_SPACED = "\n\n".join((
    "哈尔滨市道里区2026年冬春季安全防范工作方案", "一、重点任务",
    "(一)燃气安全。区住建局负责,会同区市场监管局,1月31日前完成全区餐饮场所",
    "燃气报警装置安装检查,安装率达到100%。",
    "(二)消防安全。区消防救援大队牵头,对全区38个老旧小区、",
    "156家“三合一”场所开展消防安全检查。", "二、工作要求", "各单位要严格落实24小时值班制度。"))


def test_a_double_spaced_text_loses_its_blank_lines():
    lines = normalize(DOUBLE_SPACED).text.split("\n")
    assert len(lines) == 8 and "" not in lines
    few = "一、主要任务\n\n开展排查。\n\n二、保障措施\n做好保障。"
    assert normalize(few).text.count("\n\n") == 2  # too few lines to tell


@pytest.mark.parametrize(("spaced", "expected"), [
    ("(一)燃气安全。区 住 建 局负责,会同", "(一)燃气安全。区住建局负责,会同"),
    ("哈 尔 滨 市 道 里 区 应 急 管 理 局", "哈尔滨市道里区应急管理局"),
    ("加强 应急 管理", "加强 应急 管理"),  # words apart, not letters
    ("市应急管理局 会同 市公安局", "市应急管理局 会同 市公安局"),
    ("2026 年 3 月", "2026 年 3 月"),
])
def test_letter_spaced_characters_close_up(spaced: str, expected: str) -> None:
    result = normalize(spaced)
    assert result.text == expected
    assert spaced[result.offsets[len(result.text) - 1]] == expected[-1]


def test_lines_of_one_paragraph_each_are_not_joined():
    text = "一、主要任务\n开展隐患排查,建立隐患台账\n5月15日前完成培训\n做好汛期值守,落实领导带班制度\n" * 3
    assert normalize(text).text == text.strip()  # short lines: a list, not a page's width
    line = "、加强应急管理体系和能力建设,推进安全生产治理模式向事前预防转型\n"
    paragraphs = "".join(number + line for number in "一二三四五六")
    assert normalize(paragraphs).text == paragraphs.strip()  # each line starts with its number


def test_lone_surrogates_are_dropped():
    assert normalize("应\ud800急\udfff").text == "应急"


def test_empty_and_blank_texts():
    assert normalize("") == Normalized("", (0,))
    assert normalize(" \n\t\u3000\n") == Normalized("", (5,))


def test_traditional_text_becomes_simplified_with_an_exact_map():
    original = "一、總體要求\n堅持人民至上,統籌發展和安全。"
    result = normalize(original)
    assert result.text == "一、总体要求\n坚持人民至上,统筹发展和安全。"
    assert result.offsets == tuple(range(len(original) + 1))


def test_traditional_chrome_is_removed_after_conversion():
    assert normalize("當前位置:首頁 > 新聞動態\n應急管理工作計劃").text == "应急管理工作计划"


def test_simplified_text_quoting_a_traditional_word_is_left_alone():
    text = "坚持人民至上、生命至上,统筹发展和安全,加强与臺灣地区的交流合作,提升应急管理能力和水平。"
    assert not looks_traditional(text)
    assert normalize(text).text == text


def test_two_step_conversions_are_finished():
    assert normalize("薴麻種植").text == "苎麻种植"


# --- chrome -------------------------------------------------------------------------------------------

# Every line the samples lose to chrome removal, and nothing else (lines as normalised).
SAMPLE_CHROME = {
    "000_384322916ba60cf2.txt": ["索引号", "002482947/2021-17684", "公开方式", "主动公开"],
    "001_a2f109246e3c497f.txt": [
        "当前位置:首页 > 政府信息公开 > 法定主动公开内容 > 规划信息 > 发展规划",
        "图文解读:《大武口区应急管理体系“十四五”规划》政策解读",
        "扫一扫在手机打开当前页",
        "网站标识码:6402020003 宁ICP备 2021001683号-1 主办单位:石嘴山市大武口区人民政府办公室版权所有",
        "联系方式:0952-5892889 宁公网安备64020202000016号",
    ],
    "002_985e8661aa0f82e8.txt": [],
    "003_52c2e25d06de9de7.txt": [
        "政府信息公开", "您当前所在位置:首页", "> 政务公开 > 部门公开 > 应急管理局 > 规划计划",
        "• 信息索引号:", "113307827686788633/2020-71504", "• 文件名称:", "• 公开方式:", "主动公开",
        "点击关闭详细目录信息", "访问次数:", "字体大小:",
    ],
    "004_fcd55c30be0749a7.txt": [],
}


def _lines_lost(text: str) -> list[str]:
    kept = normalize(text).text.split("\n")
    lost = []
    for line in text.split("\n"):
        tidy = " ".join(line.replace("\xa0", " ").split())
        if tidy and tidy not in kept:
            lost.append(tidy)
    return lost


@pytest.mark.parametrize("name", sorted(SAMPLE_CHROME))
def test_samples_lose_exactly_their_chrome(samples_dir, name):
    text = (samples_dir / name).read_text(encoding="utf-8")
    assert _lines_lost(text) == SAMPLE_CHROME[name]


@pytest.mark.parametrize("name", sorted(SAMPLE_CHROME))
def test_samples_keep_every_sentence_and_metadata_line(samples_dir, name):
    text = (samples_dir / name).read_text(encoding="utf-8")
    normalised = normalize(text).text
    for line in text.split("\n"):
        if "。" in line or line.startswith(("发布日期", "发布时间", "• 发布机构", "• 成文日期")):
            assert " ".join(line.split()) in normalised


@pytest.mark.parametrize("line", [
    "当前位置:首页 > 政务公开 > 通知公告", "您的位置:首页>新闻中心", "首页 > 政务公开",
    "» 规划计划 » 应急管理",
    "【字体:大 中 小】【打印本页】【关闭窗口】", "字体:[大 中 小]", "打印 | 关闭", "浏览次数:1024", "分享到:",
    "扫描二维码在手机上查看", "上一篇:关于做好汛期安全工作的通知", "(责任编辑:张三)",
    "Copyright © 2021 某某市人民政府 版权所有", "主办单位:某某县人民政府办公室", "京ICP备05070218号",
    "索引号:11440100MB2C92183K/2022-00123", "公开方式:主动公开", "- 公开范围:面向社会", "文件名称:",
    "抄送:县委各部门,县人大常委会办公室,县政协办公室。", "涵屿县人民政府办公室 2025年4月18日印发",  # 版记
])
def test_chrome_lines_are_recognised(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", [
    "发布日期:2022-03-01 来源:本网 浏览次数:", "来源:市应急管理局", "发布机构:", "成文日期:2020-03-27",
    "文件名称:某某市2022年应急管理工作要点", "一、总体要求", "(一)加强组织领导。",
    "1.开展应急演练不少于3次。",
    "位置:某某区某某路88号", "> 90%", "打印机等办公设备的消防安全检查", "首页", "关闭矿山12座",
    "抄送有关文件时注明密级。",
])
def test_text_lines_are_not_chrome(line):
    assert not is_chrome(line)


def test_block_labels_take_their_value_only(samples_dir):
    lines = ["索引号", "", "11440100/2022-1", "文件名称:", "发布机构:", "", "市应急管理局", "主题分类",
             "总体要求"]
    assert chrome_lines(lines) == {0, 2, 3, 7, 8}
    assert chrome_lines(["公开方式", "一、总体要求"]) == {0}


def test_chrome_rules_are_fast_on_adversarial_lines():
    lines = ["字体 " * 66, "打印" * 100, "> a " * 50, "当前位置:" + "首页 " * 60, "索引号" + "1" * 196,
             "版权所有" * 50, "[" * 200, "扫一扫" + "扫" * 190, "字体大小:大 中 小 " * 20]
    started = time.perf_counter()
    for line in lines * 10:
        is_chrome(line[:chrome.MAX_CHROME_LINE])
    assert time.perf_counter() - started < 0.5


def test_one_union_of_the_rules_matches_the_lines_any_rule_matches(samples_dir):
    """Lines are tested against the union of the rules first: it must say yes exactly where a rule does."""
    rules = chrome.default_rules()
    lines = [line.strip() for path in sorted(samples_dir.iterdir()) for line in
             path.read_text(encoding="utf-8").splitlines()]
    lines += ["索引号", "索引号:11440100/2022-1", "公开方式 主动公开", "有效性", "主题分类:应急/安全"]
    expected = [any(rule.matches(line) for rule in rules) for line in lines]
    assert [bool(chrome._any_rule(rules).fullmatch(line)) for line in lines] == expected
    assert sum(expected) > 15


def test_long_lines_are_never_chrome():
    assert not is_chrome("版权所有" + "加强应急管理" * 40)


def test_a_bad_rule_names_its_line():
    with pytest.raises(ValueError, match=r"rules.tsv:2: "):
        parse_rules("# comment\nline\t(unclosed\n", "rules.tsv")


def test_rules_file_loads():
    assert len(chrome.default_rules()) > 10


# --- NFKC segments ------------------------------------------------------------------------------------


def test_joins_previous_lists_every_starter_that_composes_with_what_precedes_it():
    """Characters of combining class 0 that are the second half of a canonical composition must
    never start an NFKC segment; the list in normalize.py has to cover this Python's Unicode."""
    needed = set()
    for code in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2:
                second = chr(int(parts[1], 16))
                if unicodedata.combining(second) == 0:
                    needed.add(second)
    needed |= {chr(code) for code in range(0x1161, 0x1176)} | {chr(code) for code in range(0x11A8, 0x11C3)}
    assert needed <= _JOINS_PREVIOUS


def test_bulk_characters_are_left_alone_by_every_step_but_layout():
    """The fast path copies runs of these characters as they are: NFKC must not change them, none
    may join what precedes it, none is invisible."""
    members = "\t\n" + "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0x4E00, 0xA000)))
    members += "、。〈〉《》「」『』【】〔〕〖〗“”‘’—·"
    assert _STABLE_RUN.fullmatch(members)
    for char in members:
        assert unicodedata.normalize("NFKC", char) == char
        assert unicodedata.combining(char) == 0 and char not in _JOINS_PREVIOUS
        assert unicodedata.category(char) not in ("Cf", "Cs") and (char in "\t\n" or char >= " ")


# --- properties of the offset map ---------------------------------------------------------------------

PIECES = [
    "　", "（", "）", "１", "Ａ", "㍿", "ﬁ", "½", "e\u0301", "\u0301", "\u0327\u0301", "ｶﾞ", "\uff9e",
    "\u1100\u1161\u11a8", "\u11a8", "\u0b47\u0b3e", "\u0b3e", "¨", "﹉", "\r\n", "\r", "\n", "\t", "  ",
    "\n\n\n", "\u200b", "\ufeff", "\u00ad", "\x00", "\x85", "\u2028", "\u00a0", "們", "應急管理", "薴", "麼",
    "當前位置:首頁 > 新聞", "\n索引号\n", "11440100/2022-1\n", "扫一扫在手机打开当前页", "• 文件名称:",
    "\n公开方式\n主动公开\n", "发布日期:2022-01-01", "一、总体要求", "。", "“", "《", "——", "…", "\u2474",
]
TEXTS = st.lists(st.one_of(st.text(max_size=4), st.sampled_from(PIECES)), max_size=25).map("".join)
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _marks_end(text: str, start: int) -> int:
    """Where the run of characters from ``start`` that normalise to combining marks ends: NFKC may
    reorder the marks of one letter, so each stands where the letter begins."""
    end = start
    while end < len(text) and all(unicodedata.combining(c) for c in unicodedata.normalize("NFKC", text[end])):
        end += 1
    return end


def _forms(source: str) -> str:
    """Every character normalisation can make out of ``source`` (invisible characters dropped)."""
    visible = "".join(char for char in source if unicodedata.category(char) not in ("Cc", "Cf", "Cs"))
    # line breaks stay (as \n) and keep a mark after one from joining the letter before ("R\u0301\r\u0327")
    lines = re.sub(r"\r\n?", "\n", source)
    nfkc = unicodedata.normalize("NFKC", visible) + unicodedata.normalize("NFKC", lines) + "".join(
        unicodedata.normalize("NFKC", c) for c in source)
    converted = _t2s().convert(nfkc)
    return nfkc + converted + _t2s().convert(converted) + " \n\t"


@PROPERTY_SETTINGS
@given(TEXTS)
def test_offsets_have_one_entry_more_than_the_text_and_never_decrease(text):
    result = normalize(text)
    assert len(result.offsets) == len(result.text) + 1
    assert result.offsets[-1] == len(text)
    assert all(0 <= a <= b <= len(text) for a, b in zip(result.offsets, result.offsets[1:], strict=False))


@PROPERTY_SETTINGS
@given(TEXTS)
@example("0" + "\u0300" * 7 + "\uff9e")  # NFKC puts the mark ﾞ makes (゙) before the 7 graves (hypothesis)
def test_each_character_maps_back_to_what_it_came_from(text):
    result = normalize(text)
    for index, char in enumerate(result.text):
        origin = result.offsets[index]
        source = text[origin:max(origin + 8, _marks_end(text, origin + 1))]
        assert char == text[origin] or char in _forms(source), (index, char, source)


@PROPERTY_SETTINGS
@given(TEXTS)
@example("(U\r¨")  # a mark that composes with the line above is not joined to it (hypothesis found it)
def test_normalising_twice_changes_nothing(text):
    once = normalize(text).text
    assert normalize(once).text == once


@PROPERTY_SETTINGS
@given(TEXTS)
def test_output_is_clean(text):
    result = normalize(text).text
    assert unicodedata.is_normalized("NFKC", result)
    assert not any(unicodedata.category(char) in ("Cc", "Cf", "Cs") and char not in "\n\t" for char in result)
    assert "\r" not in result and "\n\n\n" not in result
    assert result.lstrip("\t") == result.strip(" \t\n")
    assert all(_stripped_or_a_row(line) for line in result.split("\n"))


def _stripped_or_a_row(line: str) -> bool:
    """A line is stripped, but for the tabs that open a table row (its empty first cells)."""
    body = line.lstrip("\t")
    return body == body.strip(" \t") and (body == line or "\t" in body)


PLAIN = st.text(alphabet=st.sampled_from(list("abcXYZ019 \n,.:应急管理工作一二三、。“”《》")), max_size=60)


@PROPERTY_SETTINGS
@given(PLAIN)
def test_characters_normalisation_leaves_alone_map_exactly(text):
    result = normalize(text)
    for index, char in enumerate(result.text):
        assert text[result.offsets[index]] == char


@PROPERTY_SETTINGS
@given(st.text(alphabet=st.sampled_from(list("應急管理們當選擇為會議發展體係應對")), min_size=2, max_size=40))
def test_traditional_characters_map_to_their_own_source(text):
    result = normalize(text)
    assert len(result.text) == len(text)
    for index, char in enumerate(result.text):
        assert char in _forms(text[result.offsets[index]])


def test_a_conversion_that_changes_length_keeps_the_map_monotonic(monkeypatch):
    """t2s maps character for character on every text seen so far; should a phrase ever change
    length, the two texts are aligned and what was replaced maps to where it was."""
    module = importlib.import_module("kg.ingest.normalize")  # kg.ingest.normalize is also a function
    monkeypatch.setattr(module, "_t2s", lambda text: text.replace("乾隆", "乾隆帝").replace("們", "们"))
    result = normalize("們們們們們乾隆年間\n們們")
    assert result.text == "们们们们们乾隆帝年間\n们们"
    assert result.offsets == (0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12)  # 帝 maps to where it went in


def test_circled_numbers_stay_item_numbers():
    assert normalize("①城镇燃气专项整治\n②危化品").text == "①城镇燃气专项整治\n②危化品"


def test_a_row_of_cells_set_apart_by_spaces_is_a_table_row() -> None:
    text = "序号  指标名称  2025年基值  2030年目标值\n1  隐患点监测覆盖率  78%  100%\n加强  应急管理\n"
    assert normalize(text).text.splitlines() == [
        "序号\t指标名称\t2025年基值\t2030年目标值", "1\t隐患点监测覆盖率\t78%\t100%",
        "加强 应急管理"]


@pytest.mark.parametrize("table", [
    "| 序号 | 工作任务 | 牵头单位 |\n|---|:---:|---|\n| 1 | 修订应急预案 | 市应急管理局 |",
    "序号 | 工作任务 | 牵头单位\n1 | 修订应急预案 | 市应急管理局",
    "+----+--------+\n| 序号 | 工作任务      | 牵头单位 |\n+----+--------+\n"
    "| 1    | 修订应急预案 | 市应急管理局 |\n+----+--------+",
])
def test_a_table_drawn_with_pipes_is_rows_of_tab_separated_cells(table: str) -> None:
    assert normalize(table).text.splitlines() == ["序号\t工作任务\t牵头单位", "1\t修订应急预案\t市应急管理局"]


@pytest.mark.parametrize("space", [" ", "\u3000"])
def test_a_table_whose_cells_one_space_parts_is_rows_of_tab_separated_cells(space: str) -> None:
    table = ["序号 重点任务 牵头单位 完成时限", "1 隐患判定标准宣贯 镇安委办 2024年6月底前",
             "2 “三小场所”整治 市消防救援支队虎门大队 2024年12月底前",
             "3 燃气管网改造 镇住建局 全年 持续推进", "4 燃气管网改造 镇住建局 全年"]
    lines = normalize("\n".join(table).replace(" ", space)).text.splitlines()
    assert lines[:3] == [row.replace(" ", "\t") for row in table[:3]]
    assert lines[3:] == table[3:]  # a row with a cell too many ends the table: the next is text too
    assert normalize("序号 说明\n1 加强 应急 管理").text == "序号 说明\n1 加强 应急 管理"  # two cells: text


@pytest.mark.parametrize("text", ["网站首页 | 政务公开 | 互动交流", "A|B 两类企业\n完成整改|验收"])
def test_pipes_outside_a_table_stay(text: str) -> None:
    assert normalize(text).text == text


@pytest.mark.parametrize("page", ["— 2 —", "第2页 共5页"])
def test_a_page_number_between_the_halves_of_a_wrapped_sentence_goes(page: str) -> None:
    full = "一二三四五六七八九十一二三四五六七八九十一二三四五六七"  # 28 characters: the page's width
    lines = [f"{full}。"[:28]] * 5 + ["(牵头单位:州一二三四五六七八九十一二三四五六七八九十一二三", page,
                                     "自然资源和规划局)。"]
    text = normalize("\n".join(lines)).text
    assert "三自然资源和规划局" in text and page not in text
