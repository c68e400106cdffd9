"""The PDF reader on PDFs laid out as plans are: task tables with ruling lines, a table header repeated on
each page, a row cut by a page break, paragraphs whose first line is indented, a browser's print header
and footer, a wrapped 抄送 line.

The PDFs are built at test time: with reportlab's platypus (paragraphs with a first-line indent, tables
with a grid, as a word processor lays them out), with reportlab's canvas where a test needs a line to break
at one place, and with Chromium's print to PDF where it is installed (what a portal page's "打印本页"
gives). Each test checks the text read and what the extractor then finds in it.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import zlib
from collections.abc import Sequence
from pathlib import Path

import pytest
from pdf_objects import flate_stream, write_pdf, zlib_bomb

from kg.errors import InputError
from kg.ingest import read_document
from kg.ingest.readers import read_raw
from kg.nlp import extract

FONT = "STSong-Light"  # reportlab's built-in CJK font: every character one em wide
TASK_HEADER = ("序号", "工作任务", "责任单位", "完成时限")
TASKS = [
    ("1", "开展城镇燃气管道老化更新改造，完成老旧管道改造12公里", "市住房城乡建设局", "2025年10月底前"),
    ("2", "开展电动自行车安全隐患全链条整治，新建集中充电设施300处", "市消防救援大队、市市场监管局",
     "2025年6月30日前"),
    ("3", "完成全市非煤矿山安全生产标准化复评", "市应急管理局", "2025年9月底前"),
    ("4", "开展“两客一危”车辆动态监控专项检查", "市交通运输局、市公安局交通管理大队", "2025年9月底前"),
]
INTRO = "为扎实推进安全生产治本攻坚三年行动各项工作，现将重点任务分工明确如下，请各责任单位认真抓好落实。"


def _row(cells: Sequence[str]) -> str:
    return "\t".join(cells)


def _lines(path: Path) -> list[str]:
    return read_raw(path).text.split("\n")


def _roles(path: Path) -> set[tuple[str, str]]:
    """(role, agency) of every responsibility the extractor finds in the document."""
    return {(duty.role, duty.agency) for measure in extract(read_document(path)).measures
            for duty in measure.responsibilities}


# --- reportlab: platypus for layout, canvas for exact lines ---------------------------------------------


def _platypus_pdf(path: Path, flowables: list) -> Path:
    """An A4 document with a 公文's margins, its flowables laid out by platypus."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _register_font()
    SimpleDocTemplate(str(path), pagesize=A4, topMargin=37 * mm, bottomMargin=35 * mm, leftMargin=28 * mm,
                      rightMargin=26 * mm).build(flowables)
    return path


@functools.cache
def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _paragraph(text: str, *, indent: bool = True):
    """A body paragraph: 16 pt, its first line indented two characters (or none), CJK wrapping."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    _register_font()
    style = ParagraphStyle("body", fontName=FONT, fontSize=16, leading=28, wordWrap="CJK", alignment=4,
                           firstLineIndent=32 if indent else 0)
    return Paragraph(text, style)


def _table(rows: Sequence[Sequence[str]], *, repeat_header: bool = False,
           spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = ()):
    """A ruled table whose cells wrap (12 pt), its columns as a task table's."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    _register_font()
    style = ParagraphStyle("cell", fontName=FONT, fontSize=12, leading=18, wordWrap="CJK")
    table = Table([[Paragraph(cell, style) for cell in row] for row in rows],
                  colWidths=[12 * mm, 78 * mm, 40 * mm, 26 * mm], repeatRows=1 if repeat_header else 0)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               *[("SPAN", start, end) for start, end in spans]]))
    return table


class _Typewriter:
    """Pages drawn line by line on reportlab's canvas (A4, 16 pt), so that a test decides where each line
    ends: a full line holds 24 characters after a paragraph's indent, 26 without."""

    LEFT, TOP, SIZE, LEADING = 80.0, 760.0, 16.0, 28.0

    def __init__(self, path: Path) -> None:
        from reportlab.pdfgen import canvas

        _register_font()
        self.path = path
        self.pdf = canvas.Canvas(str(path))
        self.y = self.TOP
        self.pdf.setFont(FONT, self.SIZE)

    def line(self, text: str, *, indent: int = 0, size: float = SIZE, x: float | None = None) -> None:
        self.pdf.setFont(FONT, size)
        self.pdf.drawString(self.LEFT + indent * self.SIZE if x is None else x, self.y, text)
        self.pdf.setFont(FONT, self.SIZE)
        self.y -= self.LEADING

    def paragraph(self, *lines: str) -> None:
        """A paragraph already broken into lines: the first indented two characters."""
        for number, text in enumerate(lines):
            self.line(text, indent=2 if number == 0 else 0)

    def at(self, x: float, y: float, text: str, size: float = SIZE) -> None:
        self.pdf.setFont(FONT, size)
        self.pdf.drawString(x, y, text)
        self.pdf.setFont(FONT, self.SIZE)

    def new_page(self) -> None:
        self.pdf.showPage()
        self.pdf.setFont(FONT, self.SIZE)
        self.y = self.TOP

    def save(self) -> Path:
        self.pdf.showPage()
        self.pdf.save()
        return self.path


# --- tables ----------------------------------------------------------------------------------------


def test_a_task_table_reads_as_rows_of_cells_and_its_agencies_are_found(tmp_path):
    """A1: each row one line of tab-separated cells, a cell's wrapped lines joined ("市住房城乡建设" + "局"),
    in its place between the paragraphs; the extractor then reads who leads each task."""
    path = _platypus_pdf(tmp_path / "t.pdf", [
        _paragraph("一、重点任务", indent=False), _paragraph(INTRO), _table([TASK_HEADER, *TASKS]),
        _paragraph("二、工作要求", indent=False), _paragraph("各责任单位每月5日前报送工作进展情况。")])
    lines = ["一、重点任务", INTRO, _row(TASK_HEADER), *map(_row, TASKS), "二、工作要求",
             "各责任单位每月5日前报送工作进展情况。"]
    assert _lines(path) == lines
    as_text = tmp_path / "t.txt"
    as_text.write_text("\n".join(lines), encoding="utf-8")
    roles = _roles(path)
    assert roles == _roles(as_text)  # what the extractor reads in the table as the page shows it
    assert len(roles) == 6 and {role for role, _ in roles} == {"lead"}  # one per agency of the table


def test_a_table_header_repeated_on_each_page_is_kept_once(tmp_path):
    """A2: the header a word processor repeats at the top of each page (重复标题行) is read once, not
    dropped everywhere as a running head; the rows go on in order."""
    tasks = [(str(number), f"开展第{number}项城镇燃气管道老化更新改造", "市住房城乡建设局", "年底前")
             for number in range(1, 41)]
    table = _table([TASK_HEADER, *tasks], repeat_header=True)
    path = _platypus_pdf(tmp_path / "t.pdf", [_paragraph(INTRO), table])
    raw = read_raw(path)
    assert len(raw.page_starts) == 2  # the table runs over two pages, its header on each
    assert raw.text.split("\n") == [INTRO, _row(TASK_HEADER), *map(_row, tasks)]
    assert sum(1 for measure in extract(read_document(path)).measures if measure.responsibilities) == 40


def test_a_row_cut_by_a_page_break_is_one_row(tmp_path):
    """A table drawn as Word breaks a row over two pages: the row's rest, under the repeated header, has an
    empty first cell. It is joined to the row it began, cell by cell."""
    writer = _Typewriter(tmp_path / "t.pdf")
    columns = [80.0, 120.0, 330.0, 450.0, 520.0]
    first_page = [TASK_HEADER, ("1", "完成全市非煤矿山安全生产标准化复评", "市应急管理局", "9月底前"),
                  ("2", "开展城镇燃气管道老化更新", "市住房城乡", "10月底")]
    second_page = [TASK_HEADER, ("", "改造", "建设局", "前"),
                   ("3", "组织开展全市防汛综合演练", "市防指办", "5月底前")]
    for page, rows in enumerate((first_page, second_page)):
        if page:
            writer.new_page()
        _draw_ruled_rows(writer, columns, rows, top=760.0)
    path = writer.save()
    assert _lines(path) == [_row(TASK_HEADER), _row(first_page[1]),
                            _row(("2", "开展城镇燃气管道老化更新改造", "市住房城乡建设局", "10月底前")),
                            _row(second_page[2])]
    assert ("lead", "市住房城乡建设局") in _roles(path)


def _draw_ruled_rows(writer: _Typewriter, columns: list[float], rows: Sequence[Sequence[str]],
                     top: float) -> None:
    """Rows of one-line cells (12 pt) in a grid whose column edges are ``columns``."""
    height = 24.0
    bottoms = [top - height * index for index in range(len(rows) + 1)]
    writer.pdf.grid(columns, bottoms)
    for row, bottom in zip(rows, bottoms[1:], strict=False):
        for left, text in zip(columns, row, strict=False):
            writer.at(left + 3, bottom + 7, text, size=12)


def test_a_cell_merged_down_gives_its_text_to_each_row(tmp_path):
    """As the HTML and DOCX readers do: a cell that spans two rows is in both."""
    rows = [TASK_HEADER, ("1", "开展燃气整治", "区住建局", "6月底前"), ("2", "开展管道改造", "", "10月底前")]
    path = _platypus_pdf(tmp_path / "t.pdf", [_paragraph(INTRO), _table(rows, spans=[((2, 1), (2, 2))])])
    assert [line for line in _lines(path) if "\t" in line] == [
        _row(TASK_HEADER), _row(rows[1]), _row(("2", "开展管道改造", "区住建局", "10月底前"))]
    measures = [measure for measure in extract(read_document(path)).measures if measure.number in ("1", "2")]
    assert [{duty.agency for duty in measure.responsibilities} for measure in measures] == [{"区住建局"}] * 2


# --- paragraphs --------------------------------------------------------------------------------------


def test_indented_first_lines_join_their_paragraphs_beside_a_table(tmp_path):
    """A3: a paragraph's first line is two characters narrower (the indent is not in the text layer), and
    a table's cells make many short lines; still each paragraph comes back whole, so a lead agency that the
    line break cut ("(牵头单位:市应" / "急管理局") is found."""
    items = ["（一）健全责任体系。调整充实成员单位和工作机构，完成责任人调整。（牵头单位：市应急管理局）",
             "（二）修订完善预案。完成防汛防台抗旱应急预案修订工作，各镇同步修订。（牵头单位：市水利局）"]
    tasks = [(str(number), f"开展第{number}项隐患排查", "各镇（街道）", "年底前") for number in range(1, 13)]
    path = _platypus_pdf(tmp_path / "t.pdf", [_paragraph(INTRO), *map(_paragraph, items),
                                               _table([TASK_HEADER, *tasks])])
    lines = _lines(path)
    assert lines[:3] == [INTRO, *items]
    assert {("lead", "市应急管理局"), ("lead", "市水利局")} <= _roles(path)


def test_a_one_page_plans_paragraphs_join_and_a_bracket_is_no_sentence_end(tmp_path):
    """A3 on a one-page PDF, with too few lines for any count of full ones; A9: a line ending in
    "(市、区)" leaves its sentence open. The deadline the break cut ("2025年6" / "月底前") is found."""
    writer = _Typewriter(tmp_path / "t.pdf")
    writer.line("某某县应急工作要点", indent=8)
    writer.paragraph("县应急管理局组织开展隐患排查，督促企业于2025年6", "月底前完成整改。")
    writer.paragraph("县住房城乡建设局负责燃气安全，指导各县（市、区）", "、乡镇做好排查。")
    path = writer.save()
    assert _lines(path) == ["某某县应急工作要点",
                            "县应急管理局组织开展隐患排查，督促企业于2025年6月底前完成整改。",
                            "县住房城乡建设局负责燃气安全，指导各县（市、区）、乡镇做好排查。"]
    deadlines = [deadline.text for measure in extract(read_document(path)).measures
                 for deadline in measure.deadlines]
    assert deadlines == ["2025年6月底前"]


def test_a_wrapped_cc_line_goes_with_its_continuation(tmp_path):
    """A8: the 抄送 line of a notice's last page wraps; its rest ("政协办公室。") is no measure."""
    cc = "抄送：市委办公室，市人大常委会办公室，市政府办公室，市政协办公室。"
    path = _platypus_pdf(tmp_path / "t.pdf", [
        _paragraph("一、主要任务", indent=False),
        *[_paragraph(f"（{number}）{INTRO}县应急管理局牵头负责。") for number in "一二三四五六七"],
        _paragraph(cc, indent=False), _paragraph("某某县安全生产委员会办公室", indent=False)])
    assert cc in _lines(path)  # one line, as the text version has it
    document = read_document(path)
    assert "政协办公室" not in document.text
    assert all("政协" not in measure.text for measure in extract(document).measures)


# --- what the page carries, not the plan -------------------------------------------------------------------


@pytest.mark.parametrize(("head", "foot"), [
    ("11/24/26, 8:50 PM", "file:///C:/Users/user/Desktop/plan.html"),
    ("2026/11/24 20:50", "https://www.example.gov.cn/art/2025/3/5/art_1_100.html"),
])
def test_a_browser_print_header_and_footer_go_from_a_one_page_pdf(tmp_path, head, foot):
    """A7: "打印本页" of a portal page: the date and time with the page's title at the top, its address and
    the page counter at the bottom, in small print in the margins; on a one-page PDF too."""
    writer = _Typewriter(tmp_path / "t.pdf")
    writer.at(24, 825, head, size=8)
    writer.at(300, 825, "某镇2025年安全生产工作要点", size=8)
    writer.at(24, 16, foot, size=8)
    writer.at(560, 16, "1/1", size=8)
    writer.line("某镇2025年安全生产工作要点", indent=6)
    writer.line("一、工作目标")
    writer.paragraph("全年生产安全事故起数同比下降。")
    path = writer.save()
    assert _lines(path) == ["某镇2025年安全生产工作要点", "一、工作目标", "全年生产安全事故起数同比下降。"]
    measures = extract(read_document(path)).measures
    assert [measure.text for measure in measures] == ["全年生产安全事故起数同比下降。"]


@pytest.mark.parametrize("number", ["— 1 —", "- 1 -", "第1页 共1页", "第 1 页"])
def test_a_page_number_goes_from_a_one_page_pdf(tmp_path, number):
    writer = _Typewriter(tmp_path / "t.pdf")
    writer.line("一、工作目标")
    writer.paragraph("全年生产安全事故起数同比下降。")
    writer.at(280, 40, number, size=14)
    assert _lines(writer.save()) == ["一、工作目标", "全年生产安全事故起数同比下降。"]


def test_a_pdf_pdfminer_cannot_parse_is_read_with_pypdf(make_pdf, monkeypatch):
    """pdfminer forgives less damage than pypdf: where it fails on a file pypdf opened, the text comes from
    pypdf as it did before the layout was read (its running lines out, its wrapped lines joined)."""
    from kg.ingest.readers import pdf_layout

    def cannot_parse(path: Path) -> None:
        raise pdf_layout.UnreadableLayoutError("PDFSyntaxError: No /Root object! - Is this really a PDF?")

    monkeypatch.setattr(pdf_layout, "read_pages", cannot_parse)
    lines = [f"{number}.县应急管理局负责第{number}项应急管理工作。" for number in range(1, 10)]
    raw = read_raw(make_pdf("p.pdf", lines, lines_per_page=3, running_head="某某县人民政府办公室"))
    assert [line for line in raw.text.split("\n") if line] == lines
    assert len(raw.page_starts) == 3


# --- a bomb where pdfminer inflates, not pypdf -------------------------------------------------------------


# what a page's resources hold, and what it draws with them: the bomb is object 5
_FORM = (b"<< /XObject << /Fm1 5 0 R >> >>", b"q /Fm1 Do Q", [])
_EMBEDDED_FONT = (
    b"<< /Font << /F1 << /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H "
    b"/DescendantFonts [6 0 R] >> >> >>", b"BT /F1 12 Tf 72 720 Td <0041> Tj ET",
    [b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /FontDescriptor 7 0 R "
     b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
     b"<< /Type /FontDescriptor /FontName /Song /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
     b"/Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80 /FontFile2 5 0 R >>"])


@pytest.mark.parametrize(("resources", "content", "more"), [_FORM, _EMBEDDED_FONT], ids=["form", "font"])
def test_a_bomb_in_a_form_or_an_embedded_font_is_refused(tmp_path, resources, content, more):
    """pypdf decodes each page's content within its limits; a stream that only pdfminer inflates (a form the
    page draws, the font file its text is set in) is bounded too: the read stops with the bomb named
    rather than filling memory (a 200 MB stream of 300 KB), and is not taken for a scan."""
    kind = b"/Type /XObject /Subtype /Form /BBox [0 0 100 100]" if resources == _FORM[0] else b""
    path = write_pdf(tmp_path / "bomb.pdf", [
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 4 0 R >>" % resources,
        flate_stream(zlib.compress(content)), flate_stream(zlib_bomb(200), kind), *more])
    with pytest.raises(InputError) as caught:
        read_raw(path)
    assert "like a decompression bomb" in caught.value.problem


# --- Chromium's print to PDF ---------------------------------------------------------------------------


def _chromium() -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("Chromium is not installed")
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False) \
        if shutil.which("fc-list") else None
    if fonts is None or not fonts.stdout.strip():
        pytest.skip("no Chinese font for Chromium to print with")
    return browser


CHROMIUM_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>重点任务分工表</title><style>
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-size: 16pt; line-height: 28pt; }}
p {{ text-indent: 2em; margin: 0; text-align: justify; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14pt; line-height: 22pt; }}
td, th {{ border: 1px solid #000; padding: 3pt; }}
td:first-child {{ width: 3em; }} td:nth-child(3) {{ width: 8em; }} td:nth-child(4) {{ width: 7em; }}
</style></head><body><p style="text-align:center;text-indent:0">重点任务分工表</p>{paragraphs}
<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></body></html>"""


def test_a_chromium_print_of_a_task_table_reads_as_the_page_does(tmp_path):
    """The realistic case: a portal page printed to PDF with its header and footer. Indented paragraphs,
    a table over several pages with its <thead> repeated on each, and a row longer than a page, which the
    browser cuts at each break and draws no rule under: the text is the page's, one row a line, and every
    task's lead agency is found."""
    browser = _chromium()
    long_task = "开展危险化学品企业安全风险隐患排查治理，" * 40 + "完成整改"
    tasks = [(str(number), long_task if number == 9 else f"开展第{number}项城镇燃气管道老化更新改造",
              "市住房城乡建设局" if number % 2 else "市应急管理局", "年底前") for number in range(1, 25)]
    page = CHROMIUM_PAGE.format(paragraphs=f"<p>{INTRO}</p>" * 3,
                                header="".join(f"<th>{name}</th>" for name in TASK_HEADER),
                                rows="".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
                                             for row in tasks))
    source = tmp_path / "page.html"
    source.write_text(page, encoding="utf-8")
    path = tmp_path / "page.pdf"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={path}",
                    str(source)], check=True, capture_output=True, timeout=120)
    raw = read_raw(path)
    assert len(raw.page_starts) >= 4
    assert raw.text.split("\n") == ["重点任务分工表", *[INTRO] * 3, _row(TASK_HEADER), *map(_row, tasks)]
    measures = [measure for measure in extract(read_document(path)).measures if measure.responsibilities]
    assert [(measure.number, {duty.agency for duty in measure.responsibilities}) for measure in measures] == [
        (number, {agency}) for number, _, agency, _ in tasks]


def test_a_running_head_that_is_the_plans_title_keeps_its_first_line():
    from kg.ingest.readers.pdf import without_running_lines

    title = "鄂尔多斯市2026年应急管理工作要点"
    pages = [f"{title}\n一、重点任务\n1.加强领导。\n— 1 —", f"{title}\n2.完善预案。\n— 2 —",
             f"{title}\n3.开展演练。\n— 3 —"]
    rest = ["2.完善预案。", "3.开展演练。"]
    assert without_running_lines(pages) == [f"{title}\n一、重点任务\n1.加强领导。", *rest]
    issuer = [page.replace(title, "鄂尔多斯市应急管理局") for page in pages]
    assert without_running_lines(issuer) == ["一、重点任务\n1.加强领导。", *rest]
