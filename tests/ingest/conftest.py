"""Fixtures for the ingest tests: plans to read and makers that write them in every format.

- ``plan_004``: the text of sample 004 (a city's work points, 61 numbered items).
- ``small_plan``: a short hand-written plan with full-width punctuation, numbering styles and a table.
- ``make_txt(name, text, encoding)``, ``make_html(name, lines, chrome=True)``, ``make_pdf(name, lines)``,
  ``make_docx(name, lines)``: write a document into ``tmp_path`` and return its path. In ``lines`` for
  HTML and DOCX, a line holding tabs is a table row (cells split at the tabs).

The makers use the libraries a real author would (reportlab with its built-in CJK font STSong-Light,
python-docx), so the readers are tested on genuine files, not on mock objects.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

SMALL_PLAN = """某某县2023年安全生产工作要点

为做好２０２３年安全生产工作，现提出如下要点。
一、总体要求
坚持人民至上、生命至上，统筹发展和安全。
二、主要任务
（一）强化责任落实。县应急管理局牵头，各乡镇配合，６月底前完成隐患排查。
（二）加强“三防”工作。汛期前完成防汛物资储备，确保《应急预案》覆盖率达到１００％。
1.开展应急演练不少于3次。
2.培训基层应急人员500人次。
序号\t指标内容\t预期值\t指标性质
1\t生产安全事故死亡人数\t下降10%\t约束性
2\t森林火灾受害率\t0.9以内\t预期性
三、保障措施
各部门要加强组织领导，确保各项任务落到实处。"""


@pytest.fixture(scope="session")
def plan_004(samples_dir: Path) -> str:
    return (samples_dir / "004_fcd55c30be0749a7.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def small_plan() -> str:
    return SMALL_PLAN


@pytest.fixture
def make_txt(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return make


CHROME_TOP = """<div class="topbar"><a href="/">网站首页</a> | <a href="/zwgk">政务公开</a>
| <a>互动交流</a></div>
<div class="crumb">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 计划总结</div>
<div class="info">发布日期:2022-03-01 来源:本站 浏览次数:<span id="c">108</span>
【字体:<a>大</a> <a>中</a> <a>小</a>】</div>"""
CHROME_BOTTOM = """<div class="share">分享到:<a>微信</a> <a>微博</a> 扫一扫在手机打开当前页 <a>打印本页</a>
<a>关闭窗口</a></div>
<div class="footer"><p>版权所有:某某市应急管理局 主办单位:某某市应急管理局</p>
<p>粤ICP备12345678号 粤公网安备 44010402000001号 网站标识码:4401000042</p></div>
<script>document.write("页脚脚本文字");</script>"""


@pytest.fixture
def make_html(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, lines: Sequence[str], *, chrome: bool = True, title: str = "工作要点",
             charset: str = "utf-8", encoding: str | None = None) -> Path:
        body = _html_body(lines)
        page = (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}">'
                f'<title>{html.escape(title)}_某某市人民政府</title>\n'
                f'<meta name="ArticleTitle" content="{html.escape(title)}">\n'
                '<meta name="PubDate" content="2022-03-01 10:20">\n'
                '<script>var secret = "脚本里的文字";</script><style>p { color: red }</style></head>\n'
                f'<body>{CHROME_TOP if chrome else ""}\n<div class="article">{body}</div>\n'
                f'{CHROME_BOTTOM if chrome else ""}</body></html>')
        path = tmp_path / name
        path.write_bytes(page.encode(encoding or charset))
        return path

    return make


def _html_body(lines: Sequence[str]) -> str:
    """<p> a line; consecutive lines with tabs make one <table>."""
    blocks: list[str] = []
    rows: list[str] = []
    for line in [*lines, ""]:
        if "\t" in line:
            cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t"))
            rows.append(f"<tr>{cells}</tr>")
            continue
        if rows:
            blocks.append(f"<table><tbody>{''.join(rows)}</tbody></table>")
            rows.clear()
        if line:
            blocks.append(f"<p>{html.escape(line)}</p>")
    return "\n".join(blocks)


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, lines: Sequence[str], *, title: str | None = None, lines_per_page: int = 45,
             width: int = 76, running_head: str | None = None) -> Path:
        """One paragraph per line, wrapped as a word processor would: at ``width`` half-width units
        (a Chinese character is two, as in the font)."""
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        path = tmp_path / name
        pdf = canvas.Canvas(str(path))
        if title:
            pdf.setTitle(title)
        rows = [row for line in lines for row in _wrap(line.replace("\t", "  "), width)]
        for first in range(0, len(rows), lines_per_page):
            pdf.setFont("STSong-Light", 11)
            for number, row in enumerate(rows[first:first + lines_per_page]):
                pdf.drawString(40, 800 - 17 * number, row)
            if running_head:  # drawn last, as word processors often do; a page number at the foot
                pdf.drawString(40, 830, running_head)
                pdf.drawString(280, 30, f"— {first // lines_per_page + 1} —")
            pdf.showPage()
        pdf.save()
        return path

    return make


def _wrap(line: str, width: int) -> list[str]:
    rows, row, used = [], "", 0
    for char in line:
        size = 2 if unicodedata.east_asian_width(char) in "WFA" else 1
        if used + size > width:
            rows.append(row)
            row, used = "", 0
        row += char
        used += size
    return [*rows, row]


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, lines: Sequence[str], *, title: str | None = None) -> Path:
        import docx

        document = docx.Document()
        if title:
            document.core_properties.title = title
        rows: list[list[str]] = []

        def flush_table() -> None:
            if rows:
                table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
                for r, row in enumerate(rows):
                    for c, cell in enumerate(row):
                        table.cell(r, c).text = cell
                rows.clear()

        for line in lines:
            if "\t" in line:
                rows.append(line.split("\t"))
                continue
            flush_table()
            document.add_paragraph(line)
        flush_table()
        path = tmp_path / name
        document.save(str(path))
        return path

    return make
