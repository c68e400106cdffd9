"""The readers (kg/ingest/readers/): each format, the registry, discovery, and the promise that one
plan gives one normalised text whatever its format or encoding."""

from __future__ import annotations

import datetime as dt
import functools
import os
import random
import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from kg.errors import DecodeError, InputError, UnsupportedFormat
from kg.ingest import read_document
from kg.ingest.normalize import normalize
from kg.ingest.readers import discover, read_raw, supported_suffixes
from kg.ingest.readers.txt import decode_text

# Big5 has no 着: Taiwan writes 著 for both, and t2s cannot tell which 著 was meant, so a Big5 copy
# of a plan comes back with 著 where the Simplified original had 着.
BIG5_LOSSES = str.maketrans("着", "著")


def _normalised(text: str) -> str:
    return normalize(text).text


@functools.cache
def _s2tw() -> opencc.OpenCC:
    # s2tw rather than s2t: OpenCC's standard forms (爲, 羣, 啓 ...) are not in Big5; Taiwan's are.
    return opencc.OpenCC("s2tw")


def _traditional(text: str) -> str:
    return _s2tw().convert(text)


# --- one plan, every format ------------------------------------------------------------------------

TXT_ENCODINGS = {
    "utf8.txt": (lambda text: text.encode("utf-8")),
    "utf8-bom.txt": (lambda text: text.encode("utf-8-sig")),
    "gbk.txt": (lambda text: text.encode("gbk")),
    "gb18030.txt": (lambda text: text.encode("gb18030")),
    "utf16-bom.txt": (lambda text: text.encode("utf-16")),
    "utf16le.txt": (lambda text: text.encode("utf-16-le")),
    "utf16be.txt": (lambda text: text.encode("utf-16-be")),
}


@pytest.mark.parametrize("plan_name", ["plan_004", "small_plan"])
@pytest.mark.parametrize("name", sorted(TXT_ENCODINGS))
def test_same_plan_in_every_encoding_reads_the_same(request, tmp_path, plan_name, name):
    plan = request.getfixturevalue(plan_name)
    path = tmp_path / name
    path.write_bytes(TXT_ENCODINGS[name](plan))
    raw = read_raw(path)
    assert raw.text.lstrip("\ufeff") == plan
    assert _normalised(raw.text) == _normalised(plan)


@pytest.mark.parametrize("plan_name", ["plan_004", "small_plan"])
def test_big5_traditional_copy_reads_as_the_simplified_plan(request, make_txt, plan_name):
    plan = request.getfixturevalue(plan_name)
    path = make_txt("big5.txt", _traditional(plan), "big5")
    raw = read_raw(path)
    assert raw.text == _traditional(plan)
    assert _normalised(raw.text) == _normalised(plan).translate(BIG5_LOSSES)


@pytest.mark.parametrize("plan_name", ["plan_004", "small_plan"])
def test_html_page_with_site_chrome_reads_as_the_plan(request, make_html, plan_name):
    """HTML has no blank lines between paragraphs: the comparison leaves them out."""
    plan = request.getfixturevalue(plan_name)
    raw = read_raw(make_html("plan.html", plan.splitlines()))
    assert _normalised(raw.text) == _normalised(plan).replace("\n\n", "\n")
    assert raw.format == "html"


@pytest.mark.parametrize("declared", ["gb2312", "utf-8"])
def test_gbk_html_page_reads_as_the_plan_whatever_it_declares(make_html, plan_004, declared):
    """Pages declaring gb2312 use GBK characters; pages declaring the wrong charset are detected."""
    raw = read_raw(make_html("plan.htm", plan_004.splitlines(), charset=declared, encoding="gbk"))
    assert _normalised(raw.text) == _normalised(plan_004)


@pytest.mark.parametrize("plan_name", ["plan_004", "small_plan"])
def test_docx_reads_as_the_plan(request, make_docx, plan_name):
    plan = request.getfixturevalue(plan_name)
    raw = read_raw(make_docx("plan.docx", plan.splitlines()))
    assert _normalised(raw.text) == _normalised(plan)


@pytest.mark.parametrize("plan_name", ["plan_004", "small_plan"])
def test_pdf_reads_as_the_plan_up_to_line_wrapping(request, make_pdf, plan_name):
    """A PDF has no paragraphs, only lines (the maker wraps long paragraphs) and no tabs, so the
    comparison ignores whitespace: every character of the plan comes back, in order. The reader
    joins wrapped lines again; where a sentence ends exactly at a line's end it cannot tell, so
    most, not all, paragraphs come back whole."""
    plan = request.getfixturevalue(plan_name)
    raw = read_raw(make_pdf("plan.pdf", plan.splitlines()))
    normalised = _normalised(raw.text)
    assert "".join(normalised.split()) == "".join(_normalised(plan).split())
    paragraphs = [line for line in _normalised(plan).split("\n") if line and "\t" not in line]
    whole = sum(1 for line in paragraphs if line in normalised.split("\n"))
    assert whole >= 0.85 * len(paragraphs)


# --- .txt -------------------------------------------------------------------------------------------


def _sentences(plan: str, count: int, length: int, seed: int) -> list[str]:
    chunks = [chunk for chunk in plan.replace("\n", "。").split("。") if len(chunk) >= length]
    return random.Random(seed).sample([chunk[:length] for chunk in chunks], count)


@pytest.mark.parametrize("length", [16, 40])
def test_short_gbk_and_big5_texts_are_told_apart(plan_004, length):
    """Nearly every Big5 byte string is valid GBK and many GBK strings are valid Big5: the decoder
    must choose by plausibility, which it does even on 16 characters."""
    sentences = _sentences(plan_004, 40, length, seed=length)
    for sentence in sentences:
        assert decode_text(sentence.encode("gbk"), "x.txt")[0] == sentence
        traditional = _traditional(sentence).replace("着", "著")
        assert decode_text(traditional.encode("big5"), "x.txt")[0] == traditional


def test_utf16_without_bom_and_without_any_ascii_is_detected():
    text = "应急管理部门加强安全生产监督管理工作"  # no ASCII, so no NUL bytes in UTF-16
    assert b"\x00" not in text.encode("utf-16-le")
    assert decode_text(text.encode("utf-16-le"), "x.txt") == (text, "utf-16-le")
    assert decode_text(text.encode("utf-16-be"), "x.txt") == (text, "utf-16-be")


def test_file_cut_inside_its_last_character_still_decodes(make_txt):
    data = "一、总体要求\n加强应急管理".encode("gbk")[:-1]
    path = make_txt("cut.txt", "")
    path.write_bytes(data)
    assert read_raw(path).text == "一、总体要求\n加强应急管"


def test_given_encoding_is_used(make_txt):
    path = make_txt("plan.txt", "应急管理", "gbk")
    assert read_raw(path, encoding="gb18030").text == "应急管理"


def test_wrong_given_encoding_is_a_decode_error_naming_the_file(make_txt):
    path = make_txt("plan.txt", "应急管理", "gbk")
    with pytest.raises(DecodeError) as caught:
        read_raw(path, encoding="utf-8")
    assert str(path) in str(caught.value)
    assert "--encoding" in str(caught.value)


def test_unknown_given_encoding_is_an_input_error(make_txt):
    path = make_txt("plan.txt", "应急管理")
    with pytest.raises(InputError, match="unknown encoding 'no-such-codec'"):
        read_raw(path, encoding="no-such-codec")


def test_source_is_the_file_name(make_txt):
    raw = read_raw(make_txt("计划.txt", "一、总体要求"))
    assert (raw.source, raw.format, raw.title, raw.page_starts) == ("计划.txt", "txt", None, ())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_lone_surrogates_never_leave_the_reader(make_txt, encoding):
    path = make_txt("s.txt", "")
    path.write_bytes("一、应急\ud800管理,加强安全生产\udfff工作。\n".encode(encoding, "surrogatepass"))
    assert read_raw(path).text == "一、应急管理,加强安全生产工作。\n"


def test_utf16_cut_off_inside_a_surrogate_pair_still_decodes(make_txt):
    path = make_txt("s.txt", "")
    path.write_bytes("应急管理\n".encode("utf-16") + "𠀀".encode("utf-16-le")[:2])
    assert read_raw(path).text == "应急管理\n"


# --- .html ------------------------------------------------------------------------------------------


def test_html_title_and_date_come_from_the_page_metadata(make_html, small_plan):
    raw = read_raw(make_html("p.html", small_plan.splitlines(), title="某某县2023年安全生产工作要点"))
    assert raw.title == "某某县2023年安全生产工作要点"
    assert raw.published == dt.date(2022, 3, 1)


def test_html_title_falls_back_to_title_element_without_site_name(tmp_path):
    path = tmp_path / "p.html"
    path.write_text("<html><head><title>关于印发应急预案的通知_某某区人民政府</title></head>"
                    "<body><p>发布日期:2021年5月8日</p><p>一、总则。为做好应急工作,制定本预案。</p></body></html>",
                    encoding="utf-8")
    raw = read_raw(path)
    assert raw.title == "关于印发应急预案的通知"
    assert raw.published == dt.date(2021, 5, 8)


def test_a_disclosure_table_outside_the_article_gives_its_issuer_and_number(tmp_path):
    # the content container (div#zoom) is all a portal's article extraction keeps
    tasks = ["(一)3月底前修订县安委会成员单位安全生产工作职责。(牵头单位:县应急管理局;配合单位:县司法局)",
             "(二)6月底前完成全县47家危化品企业评估。(牵头单位:县应急管理局)",
             "(三)10月底前完成老旧燃气管道更新改造18.5公里。(牵头单位:县住房和城乡建设局)"]
    tasks += [f"({n})持续推进重点行业领域安全生产专项整治,严格落实企业安全生产主体责任,"
              "加强监督检查和执法力度,确保各项工作落到实处。" for n in "四五六"]
    path = tmp_path / "p.html"
    path.write_text(
        "<html><head><title>2026年安全生产工作要点</title></head><body>"
        '<div class="nav"><a href="/">首页</a></div><table class="xxgk"><tr><td>索引号:</td>'
        "<td>11331024MB1F42708X/2026-00412</td><td>发布机构:</td><td>青屏县安全生产委员会</td></tr>"
        "<tr><td>成文日期:</td><td>2026-02-25</td><td>文号:</td><td>青安委〔2026〕2号</td></tr></table>"
        '<div class="article"><h1>2026年安全生产工作要点</h1><div class="content" id="zoom">'
        + "".join(f"<p>{task}</p>" for task in tasks) + "</div></div></body></html>", encoding="utf-8")
    meta = read_document(path).meta
    assert (meta.issuer, meta.doc_number) == ("青屏县安全生产委员会", "青安委〔2026〕2号")
    assert (meta.jurisdiction, meta.year) == ("青屏县", 2026)


def test_a_pages_own_heading_left_out_of_its_article_is_put_back(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(
        "<html><head><title>澜江市人民政府 - 通知公告</title></head><body><div class=\"article\">"
        "<h1>关于印发《2026年危险货物道路运输安全专项整治方案》的通知</h1>"
        "<p>各县(市、区)应急管理局、公安局、交通运输局、市场监督管理局:</p>"
        "<p>1.市市场监督管理局负责加强危险货物罐车罐体定期检验监管,6月底前完成全市罐车罐体检验情况核查。</p>"
        "<p>2.市公安局负责在5月底前划定并公布危险货物运输车辆禁限行区域。</p></div></body></html>",
        encoding="utf-8")
    document = read_document(path)
    assert (document.meta.title, document.meta.year) == ("2026年危险货物道路运输安全专项整治方案", 2026)


def test_html_scripts_styles_and_chrome_never_reach_the_text(make_html, small_plan):
    raw = read_raw(make_html("p.html", small_plan.splitlines()))
    for leaked in ("脚本里的文字", "页脚脚本文字", "color", "secret", "document.write"):
        assert leaked not in raw.text
    text = _normalised(raw.text)
    for chrome in ("当前位置", "扫一扫", "ICP备", "版权所有", "打印本页"):
        assert chrome not in text


@pytest.mark.parametrize("crumbs", ['<a href="/">首页</a> &gt; 正文',
                                    '<a href="/">首页</a> &gt; <a href="/a">通知公告</a> &gt; '
                                    '<a href="/b">应急管理</a>'])
def test_a_breadcrumb_of_links_never_joins_the_title(tmp_path, crumbs):
    path = tmp_path / "p.html"
    path.write_text('<html><head><meta charset="utf-8"><title>岚川县2025年应急管理工作要点</title></head>'
                    '<body>'
                    f'<div class="crumb">当前位置：{crumbs}</div><h1>岚川县2025年应急管理工作要点</h1>'
                    "<p>（一）6月底前完成全县14个乡镇应急管理规范化建设。（牵头单位：县应急管理局）</p>"
                    "</body></html>", encoding="utf-8")
    document = read_document(path)
    assert document.text.startswith("岚川县2025年应急管理工作要点\n(一)")
    assert (document.meta.title, document.meta.jurisdiction) == ("岚川县2025年应急管理工作要点", "岚川县")


def test_an_article_laid_out_in_a_table_cell_keeps_its_paragraphs(tmp_path):
    path = tmp_path / "p.html"
    path.write_text('<html><head><meta charset="utf-8"><title>鹭汀街道2026年安全生产工作计划</title></head>'
                    "<body><table><tr><td><p>鹭汀街道2026年安全生产工作计划</p><p>为压紧压实安全生产责任,制定本计划。</p>"
                    "<p>(一)健全责任体系。责任科室:党政办公室;完成时限:2026年2月底前。</p>"
                    "<p>(二)开展燃气安全专项整治。完成时限:6月30日前。</p>"
                    "<table><tr><td><p>序号</p></td><td><p>任务</p></td></tr>"
                    "<tr><td><p>1</p></td><td><p>开展检查</p></td></tr></table></td></tr></table></body></html>",
                    encoding="utf-8")
    lines = read_raw(path).text.splitlines()
    assert lines[:4] == ["鹭汀街道2026年安全生产工作计划", "为压紧压实安全生产责任,制定本计划。",
                         "(一)健全责任体系。责任科室:党政办公室;完成时限:2026年2月底前。",
                         "(二)开展燃气安全专项整治。完成时限:6月30日前。"]
    assert lines[4:] == ["序号\t任务", "1\t开展检查"]  # a data table's cells stay one row


def test_html_table_rows_become_tab_separated_lines(make_html, small_plan):
    raw = read_raw(make_html("p.html", small_plan.splitlines()))
    assert "1\t生产安全事故死亡人数\t下降10%\t约束性" in raw.text.splitlines()


def test_html_entities_broken_tags_and_declared_gbk(tmp_path):
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body>"
            "<div><p>应急&amp;管理&nbsp;工作&#x8981;点<p>第二段<b>加粗<i>未闭合</div>"
            "<p>第三段文字,内容完整。</body></html>")
    path = tmp_path / "p.htm"
    path.write_bytes(page.encode("gbk"))
    lines = read_raw(path).text.splitlines()
    assert lines[0] == "应急&管理 工作要点"  # &nbsp; is a space
    assert "未闭合" in lines[-2]
    assert lines[-1] == "第三段文字,内容完整。"


def test_html_falls_back_to_body_text_when_trafilatura_finds_nothing(tmp_path, monkeypatch):
    from kg.ingest.readers import html as html_reader

    monkeypatch.setattr(html_reader, "_main_text", lambda markup: "")
    path = tmp_path / "p.html"
    path.write_text("<html><body><ul><li><a href='/'>首页</a></li><li><a href='/a'>政务公开栏目</a></li></ul>"
                    "<script>var a='脚本';</script><p>一、总体要求。加强应急管理。</p>"
                    "<table><tr><td>1</td><td>指标</td></tr></table></body></html>", encoding="utf-8")
    text = read_raw(path).text
    assert text.splitlines() == ["一、总体要求。加强应急管理。", "1\t指标"]


# --- .pdf -------------------------------------------------------------------------------------------


def test_pdf_pages_are_located(make_pdf):
    lines = [f"第{i}行,应急管理工作。" for i in range(1, 11)]
    raw = read_raw(make_pdf("p.pdf", lines, lines_per_page=4, title="某某市应急预案"))
    assert raw.format == "pdf"
    assert raw.title == "某某市应急预案"
    assert len(raw.page_starts) == 3
    assert raw.page_starts[0] == 0
    for page, start in enumerate(raw.page_starts):
        assert raw.text[start:].startswith(f"第{page * 4 + 1}行")


def test_pdf_running_heads_and_page_numbers_are_dropped(make_pdf):
    lines = [f"{i}.县应急管理局负责第{i}项应急管理工作。" for i in range(1, 10)]
    raw = read_raw(make_pdf("p.pdf", lines, lines_per_page=3, running_head="涵屿县人民政府办公室"))
    assert "涵屿县人民政府办公室" not in raw.text and "—" not in raw.text
    assert [line for line in raw.text.split("\n") if line.strip()] == lines


def test_pdf_lines_are_joined_only_inside_a_block_of_full_lines():
    from kg.ingest.readers.pdf import unwrap_lines

    full = "加强应急管理工作完善预案体系提升救援能力"
    page = "\n".join([full, full, "建设。", full, "(一)强化责任落实。", "附件"])
    assert unwrap_lines(page).split("\n") == [full + full + "建设。", full, "(一)强化责任落实。", "附件"]
    assert unwrap_lines(f"{full}\n{full}\n续") == f"{full}\n{full}\n续"  # two full lines are no block


@pytest.mark.parametrize("title", ["Microsoft Word - 文档1.docx", "(anonymous)", "untitled"])
def test_pdf_placeholder_title_is_ignored(make_pdf, title):
    raw = read_raw(make_pdf("p.pdf", ["一、总体要求"], title=title))
    assert raw.title is None


# --- .docx ------------------------------------------------------------------------------------------


def test_docx_keeps_paragraphs_and_table_rows_in_order(make_docx):
    lines = ["一、总体要求", "序号\t指标\t预期值", "1\t死亡人数\t下降10%", "二、主要任务", "加强应急管理。"]
    raw = read_raw(make_docx("p.docx", lines, title="工作要点"))
    assert raw.text.splitlines() == lines
    assert raw.title == "工作要点"


def test_docx_cell_with_several_paragraphs_stays_one_row(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "1"
    table.cell(0, 1).text = "第一段\n第二段"
    table.cell(0, 1).add_paragraph("第三段\t带制表符")
    table.cell(0, 2).text = ""
    path = tmp_path / "t.docx"
    document.save(str(path))
    assert read_raw(path).text == "1\t第一段 第二段 第三段 带制表符\t"


def test_docx_reads_runs_in_wrappers_and_leaves_deleted_text_out(tmp_path):
    """Tracked insertions, smart tags (Word 2003 dates), inline content controls, simple fields and
    custom XML hold text a reader sees; a tracked deletion and a drawing's fallback do not."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def run(text: str) -> str:
        return f"<w:r><w:t>{text}</w:t></w:r>"

    wrapped = [
        f'<w:ins w:id="1" w:author="a">{run("县水利局")}</w:ins>',
        '<w:del w:id="2" w:author="a"><w:r><w:delText>县林业局</w:delText></w:r></w:del>',
        f'<w:moveFrom w:id="3" w:author="a">{run("旧位置")}</w:moveFrom>',
        f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate">'
        f'<w:smartTagPr><w:attr w:name="Month" w:val="6"/></w:smartTagPr>{run("6月30日")}</w:smartTag>',
        f'<w:sdt><w:sdtPr><w:alias w:val="单位"/></w:sdtPr><w:sdtContent>{run("前")}</w:sdtContent></w:sdt>',
        f'<w:fldSimple w:instr=" DATE ">{run("完成")}</w:fldSimple>',
        f'<w:customXml w:element="task">{run("隐患整改")}</w:customXml>',
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f'<mc:Choice Requires="wps">{run("。")}</mc:Choice><mc:Fallback>{run("。")}</mc:Fallback>'
        "</mc:AlternateContent>",
    ]
    document = docx.Document()
    paragraph = document.add_paragraph("1.")
    for xml in wrapped:
        name_end = min(xml.index(" "), xml.index(">"))  # the namespace declared on each wrapper
        paragraph._p.append(parse_xml(f"{xml[:name_end]} {nsdecls('w')}{xml[name_end:]}"))
    path = tmp_path / "wrapped.docx"
    document.save(str(path))
    assert read_raw(path).text == "1.县水利局6月30日前完成隐患整改。"


def test_docx_cell_merged_down_gives_its_text_to_each_row(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    for column, name in enumerate(("序号", "工作任务", "牵头单位", "完成时限")):
        table.cell(0, column).text = name
    for row, task in ((1, "开展燃气整治。"), (2, "开展管道改造。")):
        table.cell(row, 0).text = str(row)
        table.cell(row, 1).text = task
    table.cell(1, 2).merge(table.cell(2, 2)).text = "区住建局"
    table.cell(1, 3).merge(table.cell(2, 3)).text = "6月底前"
    merged_across = document.add_table(rows=1, cols=3)
    merged_across.cell(0, 0).merge(merged_across.cell(0, 1)).text = "合并"
    merged_across.cell(0, 2).text = "单列"
    path = tmp_path / "t.docx"
    document.save(str(path))
    assert read_raw(path).text.splitlines() == [
        "序号\t工作任务\t牵头单位\t完成时限", "1\t开展燃气整治。\t区住建局\t6月底前",
        "2\t开展管道改造。\t区住建局\t6月底前", "合并\t单列"]


def test_html_cell_merged_down_gives_its_text_to_each_row(tmp_path):
    prose = "<p>为做好2025年应急管理工作,制定本要点。本要点明确全区安全生产和防灾减灾救灾的重点任务。</p>"
    table = ("<table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>完成时限</td></tr>"
             "<tr><td>1</td><td>开展燃气整治。</td><td rowspan='3'>区住建局</td><td>6月底前</td></tr>"
             "<tr><td>2</td><td>开展管道改造。</td><td rowspan='2'>10月底前</td></tr>"
             "<tr><td>3</td><td>开展用户排查。</td></tr>"
             "<tr><td colspan='2'>合计</td><td>区应急局</td><td>全年</td></tr></table>")
    path = tmp_path / "plan.html"
    path.write_text(f"<html><head><title>工作要点</title></head><body><div class='article'><h1>工作要点</h1>"
                    f"{prose}<p>一、重点任务</p>{table}{prose}</div></body></html>", encoding="utf-8")
    text = read_raw(path).text  # rows one a line or cells one a line, as the extractor finds the page
    assert (text.count("区住建局"), text.count("10月底前"), text.count("区应急局")) == (3, 2, 1)
    assert text.index("开展用户排查。") < text.rindex("10月底前") < text.index("合计")


# --- registry and discovery -------------------------------------------------------------------------


def test_registry_knows_the_four_formats():
    assert supported_suffixes() == {".txt", ".html", ".htm", ".pdf", ".docx"}


def test_suffix_case_does_not_matter(tmp_path):
    path = tmp_path / "PLAN.TXT"
    path.write_text("一、总体要求", encoding="utf-8")
    assert read_raw(path).text == "一、总体要求"


def test_unsupported_format_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UnsupportedFormat) as caught:
        read_raw(path)
    assert str(caught.value) == (f"{path}: unsupported format .doc "
                                 "(save it as .docx; emkg reads .docx, .htm, .html, .pdf, .txt)")


def test_reading_text_imports_no_heavy_library(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("一、总体要求\n加强应急管理。", encoding="gbk")
    code = ("import sys; from pathlib import Path; from kg.ingest.readers import read_raw; "
            "from kg.ingest.normalize import normalize; "
            f"normalize(read_raw(Path({str(path)!r})).text); "
            "print(sorted(m for m in ('trafilatura', 'pypdf', 'docx', 'lxml', 'reportlab', 'spacy') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _touch(path: Path, text: str = "一、总体要求") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discover_walks_folders_sorted_and_lists_what_it_skips(tmp_path):
    b = _touch(tmp_path / "b.txt")
    a = _touch(tmp_path / "sub" / "a.html")
    c = _touch(tmp_path / "a.pdf")
    _touch(tmp_path / "notes.xlsx")
    _touch(tmp_path / ".hidden.txt")
    _touch(tmp_path / ".git" / "x.txt")
    _touch(tmp_path / "metadata.csv")
    _touch(tmp_path / "emkg.yaml")
    files, skipped = discover([tmp_path])
    assert files == [c, b, a]
    assert skipped == [(tmp_path / "notes.xlsx", "unsupported format .xlsx (copy its text into a .txt file)")]


def test_discover_keeps_explicit_files_in_order_and_once(tmp_path):
    a, b = _touch(tmp_path / "a.txt"), _touch(tmp_path / "b.docx")
    _touch(tmp_path / "c.md")
    missing = tmp_path / "missing.txt"
    files, skipped = discover([b, a, b, tmp_path / "c.md", missing])
    assert files == [b, a]
    assert skipped == [(tmp_path / "c.md", "unsupported format .md"), (missing, "does not exist")]


def test_discover_terminates_on_a_symlink_loop(tmp_path):
    _touch(tmp_path / "docs" / "a.txt")
    os.symlink(tmp_path / "docs", tmp_path / "docs" / "loop")
    os.symlink(tmp_path, tmp_path / "docs" / "up")
    files, skipped = discover([tmp_path])
    assert [path.name for path in files] == ["a.txt"]
    assert skipped == []


def test_discover_follows_links_to_other_folders_and_reports_broken_links(tmp_path):
    outside = _touch(tmp_path / "outside" / "x.txt")
    (tmp_path / "in").mkdir()
    os.symlink(outside.parent, tmp_path / "in" / "linked")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "in" / "broken.txt")
    files, skipped = discover([tmp_path / "in"])
    assert files == [tmp_path / "in" / "linked" / "x.txt"]
    assert skipped == [(tmp_path / "in" / "broken.txt", "broken link")]


def _numbered_docx(path: Path, paragraphs: list[tuple[int | None, str]]) -> Path:
    """A .docx whose numbering Word draws: level 0 "一、", level 1 "(一)", level 2 "1." (a list
    defined in numbering.xml, as Chinese government templates do)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    styles = [(0, "chineseCounting", "%1、"), (1, "chineseCounting", "(%2)"), (2, "decimal", "%3.")]
    levels = "".join(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                     f'<w:lvlText w:val="{text}"/></w:lvl>' for level, fmt, text in styles)
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}'
                                  '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/>'
                               '</w:num>'))
    for level, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(str(path))
    return path


def test_docx_numbering_drawn_by_word_is_written_out(tmp_path):
    path = _numbered_docx(tmp_path / "n.docx", [
        (None, "某某县2023年工作要点"), (0, "总体要求"), (1, "指导思想"), (2, "坚持人民至上。"),
        (2, "统筹发展和安全。"), (1, "工作目标"), (2, "事故总量下降。"), (0, "主要任务"), (1, "强化责任落实"),
    ])
    assert read_raw(path).text.splitlines() == [
        "某某县2023年工作要点", "一、总体要求", "(一)指导思想", "1.坚持人民至上。", "2.统筹发展和安全。",
        "(二)工作目标", "1.事故总量下降。", "二、主要任务", "(一)强化责任落实",
    ]


def test_docx_list_style_numbering_and_bullets(make_docx, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("前言")
    for text in ("第一项", "第二项"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("要点", style="List Bullet")
    document.add_paragraph("第三项", style="List Number")
    document.save(str(tmp_path / "l.docx"))
    lines = read_raw(tmp_path / "l.docx").text.splitlines()
    assert lines == ["前言", "1.第一项", "2.第二项", "要点", "3.第三项"]


@pytest.mark.parametrize(("value", "number_format", "expected"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (15, "chineseCounting", "十五"),
    (20, "chineseCounting", "二十"), (105, "chineseCountingThousand", "一百零五"),
    (3, "ideographTraditional", "丙"), (2, "decimalEnclosedCircle", "②"), (3, "lowerLetter", "c"),
    (28, "upperLetter", "BB"), (4, "upperRoman", "IV"), (7, "decimalZero", "07"), (12, "decimal", "12"),
])
def test_word_number_formats(value, number_format, expected):
    from kg.ingest.readers.docx import format_number

    assert format_number(value, number_format) == expected
