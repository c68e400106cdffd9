"""What the HTML and Word readers leave in and take out (probe K9, A4-A6 and A9(1)).

- A4: a 政府信息公开 page's index table (索引号 / 发布机构 / 成文日期 ...) and its menus laid out as table
  rows of links are site furniture: they stay out of the text (as tab-joined rows they read as measures,
  and 成文日期 as a deadline), while the index table's fields still reach the metadata and a real task
  table stays one tab-joined line a row.
- A5: an article title set outside <h1> (<h2>, <div class="title">, <font><b>) is put in front of the
  text from the page's title, as is done for <h1>; A9(1): the site's name after a bare "-" is cut off.
- A6: a soft line break (w:br) inside a Word paragraph between two Chinese characters joins them.

Pages and Word files are written at test time; the extractor runs where what it finds is the point.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.ingest import read_document
from kg.ingest.readers import read_raw
from kg.model import Plan

TASKS = ["（一）开展汛前检查。4月30日前，各镇（街道）完成辖区内河道堤防的汛前隐患排查，5月20日前整改到位。",
         "（二）做好城市防涝。区住房城乡建设局牵头，区城市管理局配合，于5月底前完成排水管网清淤80公里。"]
TASK_TABLE = [["序号", "工作任务", "责任单位", "完成时限"],
              ["1", "完成城区易涝点整治", "区住房城乡建设局", "2025年6月30日"],
              ["2", "组织防汛综合应急演练", "区应急管理局", "2025年5月31日"]]


def _page(tmp_path: Path, body: str, title: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    head = f'<head><meta charset="utf-8"><title>{title}</title></head>'
    path.write_text(f"<html>{head}<body>{body}</body></html>", encoding="utf-8")
    return path


def _table(rows: list[list[str]], attributes: str = "") -> str:
    return f"<table{attributes}>" + "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows) + "</table>"


def _article(*blocks: str) -> str:
    return '<div id="Zoom">' + "".join(blocks) + "</div>"


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def _extract(path: Path) -> Plan:
    from kg.nlp import extract

    return extract(read_document(path))


def _responsibilities(plan: Plan) -> set[tuple[str, str]]:
    return {(r.role, r.agency) for measure in plan.measures for r in measure.responsibilities}


# --- A4: index tables and menus laid out as tables ------------------------------------------------------

MENU_CELLS = _table([[f'<a href="/{n}/">{name}</a>' for n, name in enumerate(("首页", "政务公开", "互动"))]])
MENU_ONE_CELL = _table([['<a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hd/">互动</a>']])
INDEX_TABLE = _table([["索引号：", "11510703MB1543210X/2025-00087", "发布机构：", "涪城区防汛抗旱指挥部"],
                      ["主题分类：", "应急管理", "成文日期：", "2025-04-23"]], ' class="xxgk"')


def test_an_index_table_and_menus_in_tables_stay_out_while_a_task_table_stays(tmp_path):
    path = _page(tmp_path, MENU_CELLS + MENU_ONE_CELL + INDEX_TABLE
                 + '<div class="title"><b>绵阳市涪城区2025年防汛工作方案</b></div>'
                 + _article(_paragraphs(["一、重点工作", *TASKS, "二、任务分工"]), _table(TASK_TABLE)),
                 "绵阳市涪城区2025年防汛工作方案")
    assert read_raw(path).text.splitlines() == [
        "绵阳市涪城区2025年防汛工作方案", "一、重点工作", *TASKS, "二、任务分工",
        *("\t".join(row) for row in TASK_TABLE)]
    document = read_document(path)  # the index table's fields still reach the metadata
    assert (document.meta.issuer, document.meta.published) == ("涪城区防汛抗旱指挥部", dt.date(2025, 4, 23))
    plan = _extract(path)
    texts = [measure.text for measure in plan.measures]
    assert not any(word in text for text in texts for word in ("索引号", "首页", "成文日期"))
    dues = {deadline.due for measure in plan.measures for deadline in measure.deadlines}
    assert dt.date(2025, 4, 23) not in dues  # the 成文日期 is no deadline
    assert {dt.date(2025, 4, 30), dt.date(2025, 6, 30), dt.date(2025, 5, 31)} <= dues
    assert ("lead", "涪城区应急管理局") in _responsibilities(plan)  # a task table row stays a task


def test_a_portals_index_table_with_spaced_labels_stays_out_and_a_form_stays_in(tmp_path):
    """gov.cn's layout: labels spaced out to one width, rows whose labels no chrome rule knows, the title
    in a cell spanning the row; a form in the article ("联系人:" "张三") is no index table."""
    title = "国务院办公厅关于印发2025年应急管理工作要点的通知"
    index = ('<table class="bd1"><tr><td><b>索&nbsp;&nbsp;引&nbsp;&nbsp;号：</b></td>'
             "<td>000014349/2025-00012</td><td><b>主题分类：</b></td><td>综合政务\\应急管理</td></tr>"
             "<tr><td><b>发文机关：</b></td><td>国务院办公厅</td>"
             "<td><b>成文日期：</b></td><td>2025年03月01日</td></tr>"
             f"<tr><td><b>标　　题：</b></td><td colspan='3'>{title}</td></tr>"
             "<tr><td><b>发文字号：</b></td><td>国办发〔2025〕3号</td><td><b>发布日期：</b></td>"
             "<td>2025年03月05日</td></tr></table>")
    form = [["联系人：", "张三", "联系电话：", "010-55550000"]]
    article = _article(_paragraphs([title, *TASKS]), _table(form))
    path = _page(tmp_path, index + article, f"{title}_政府信息公开专栏")
    assert read_raw(path).text.splitlines() == [title, *TASKS, "联系人：\t张三\t联系电话：\t010-55550000"]
    meta = read_document(path).meta
    assert (meta.issuer, meta.doc_number) == ("国务院办公厅", "国办发〔2025〕3号")


# --- A5 and A9(1): a title outside <h1> ---------------------------------------------------------------

GUANGXI_TITLE = "广西壮族自治区应急管理厅2024年工作总结和2025年工作安排"
GUANGXI_BODY = ["2024年，全区应急管理系统全力防范化解重大安全风险，全区安全生产形势总体稳定。",
                "一、2025年工作安排",
                "（一）开展安全生产治本攻坚。6月底前完成全区危险化学品企业安全风险评估，年底前完成重大事故隐患整改。",
                "（二）强化防汛救灾准备。5月底前完成全区应急物资储备补充，组织开展防汛应急演练不少于3次。"]


@pytest.mark.parametrize("heading", [
    f"<h2>{GUANGXI_TITLE}</h2>",
    f'<div class="title">{GUANGXI_TITLE}</div>',
    f'<div class="news_title" align="center"><font size="5"><b>{GUANGXI_TITLE}</b></font></div>',
], ids=["h2", "div.title", "font-b"])
def test_a_title_outside_h1_is_put_in_front_and_names_the_issuer(tmp_path, heading):
    crumbs = '<div class="position">您所在的位置：<a href="/">首页</a> » <a>信息公开</a></div>'
    path = _page(tmp_path, crumbs + heading + _article(_paragraphs(GUANGXI_BODY)),
                 f"{GUANGXI_TITLE} - 广西壮族自治区应急管理厅")
    assert read_raw(path).text.splitlines()[0] == GUANGXI_TITLE
    document = read_document(path)
    assert document.text.count(GUANGXI_TITLE) == 1
    assert "广西壮族自治区应急管理厅" in {agency.name for agency in _extract(path).agencies}


def test_a_page_title_goes_in_front_only_where_the_text_lacks_it_and_it_names_a_document(tmp_path):
    title = "关于印发《涪城区2025年防汛工作方案》的通知"
    held = "关于印发《涪城区２０２５年防汛工作方案》的通知"  # full-width digits, as pasted from Word
    path = _page(tmp_path, f'<div class="article"><h1>{title}</h1><p>{held}</p>{_paragraphs(TASKS)}</div>',
                 title)
    assert read_raw(path).text.splitlines() == [held, *TASKS]
    # a site's generic name for its pages, or the site's own name, is no article's title
    for site_title in ("工作方案", "涪城区人民政府门户网站"):
        path = _page(tmp_path, _article(_paragraphs(TASKS)), site_title, "generic.html")
        assert read_raw(path).text.splitlines() == TASKS


def test_the_site_after_a_bare_dash_leaves_the_title(tmp_path):
    title = "辉县市安全生产治本攻坚三年行动2025年工作方案"
    path = _page(tmp_path, f"<h2>{title}</h2>" + _article(_paragraphs(TASKS)), f"{title}-辉县市人民政府")
    raw = read_raw(path)
    assert (raw.title, raw.text.splitlines()[0]) == (title, title)
    assert read_document(path).meta.title == title
    # a dash inside the name stays
    for kept in ("新乡市应急管理体系规划(2021-2025年)", "防汛抗旱-2025年工作方案"):
        assert read_raw(_page(tmp_path, _article(_paragraphs(TASKS)), kept, "kept.html")).title == kept


# --- A6: a soft line break inside a Word paragraph ----------------------------------------------------


def _docx_with_breaks(path: Path, paragraphs: list[list[str]], cell: list[str] | None = None) -> Path:
    """One paragraph per list of pieces, a soft line break (w:br, Shift+Enter) between pieces; ``cell``:
    the pieces of a table cell's paragraph."""
    import docx

    document = docx.Document()
    for pieces in paragraphs:
        paragraph = document.add_paragraph(pieces[0])
        for piece in pieces[1:]:
            paragraph.add_run().add_break()
            paragraph.add_run(piece)
    if cell:
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "1"
        paragraph = table.cell(0, 1).paragraphs[0]
        paragraph.add_run(cell[0])
        for piece in cell[1:]:
            paragraph.add_run().add_break()
            paragraph.add_run(piece)
    document.save(str(path))
    return path


def test_a_soft_break_between_chinese_characters_joins_them(tmp_path):
    path = _docx_with_breaks(tmp_path / "breaks.docx", [
        ["新罗区应急管理局2025年工作要点"],
        ["1．完善物资保障。10月底前完成储备库升级改造。（牵头单位：区应急管", "理局；协同单位：区财政局）"],
        ["2．开展应急演练。6月底前组织开展全区防汛综合应急演练。（牵头单位：区防指办）"],
        ["各有关单位：", "现将有关事项通知如下。"],  # after a colon: a line break still
        ["新罗区应急管理局", "2025年3月1日"],  # before a digit: a line break still
    ], cell=["区应急管理局", "区财政局"])  # in a cell a break parts names: a space, as before
    assert read_raw(path).text.splitlines() == [
        "新罗区应急管理局2025年工作要点",
        "1．完善物资保障。10月底前完成储备库升级改造。（牵头单位：区应急管理局；协同单位：区财政局）",
        "2．开展应急演练。6月底前组织开展全区防汛综合应急演练。（牵头单位：区防指办）",
        "各有关单位：", "现将有关事项通知如下。", "新罗区应急管理局", "2025年3月1日",
        "1\t区应急管理局 区财政局"]
    first = _extract(path).measures[0]
    assert {(r.role, r.agency) for r in first.responsibilities} >= {("lead", "新罗区应急管理局"),
                                                                         ("support", "新罗区财政局")}


def test_an_articles_headings_in_h2_and_h3_are_lines_of_its_text(tmp_path):
    body = ("<h1>某区应急管理“十四五”规划</h1><h2>一、发展基础</h2><h3>(一)“十三五”时期主要成就</h3>"
            "<p>建成应急避难场所215个,培训灾害信息员3200名,创建综合减灾示范社区14个。</p>"
            "<h2>二、主要任务</h2><h3>(一)健全体制机制</h3>"
            "<p>1.完善协调机制。2022年底前修订区自然灾害救助应急预案,新建应急避难场所40个。</p>")
    page = _page(tmp_path, f'<div class="content">{body}</div>', "某区应急管理“十四五”规划")
    text = read_document(page).text
    assert text.splitlines()[1:4] == ["一、发展基础", "(一)“十三五”时期主要成就",
                                      "建成应急避难场所215个,培训灾害信息员3200名,创建综合减灾示范社区14个。"]
