"""PDF: the text of each page, tables as rows of tab-separated cells, with the offset where each page begins.

pdfplumber reads the layout (:mod:`.pdf_layout`): where each line starts and ends, and the tables found by
their ruling lines, one row a line, as the HTML and DOCX readers give them. pypdf opens the file first: it
tells a file that needs a password from a damaged one, reads the title, and decodes each page's content
with its limits, so that a Flate bomb stops with an error in well under a second (issue 9; pdfminer, under
pdfplumber, gets a bounded inflater too). Where pdfminer cannot parse a file that pypdf could, the page
text comes from pypdf as before (cells one a line). A PDF without a text layer (a scan) is an error with a
hint to run OCR, never an empty plan.

What a page carries that the plan does not is left out: running heads and feet, page numbers ("— 3 —",
"第3页"), a browser's print header and footer. The lines a paragraph was wrapped into are joined again.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kg.errors import InputError
from kg.ingest.document_kinds import KINDS, alternation
from kg.model import RawText

if TYPE_CHECKING:
    from kg.ingest.readers.pdf_layout import Line, Page

_DAMAGED_HINT = "the file may be damaged or cut short: download or export it again"
_ENCRYPTED_HINT = "remove the password first, e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`"
_SCAN_HINT = "it looks like a scanned image: run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
_BOMB_HINT = "if it is a genuine plan, print it to a new PDF"
_BOMB_PROBLEM = "is refused: a stream in it inflates past the PDF reader's limit, like a decompression bomb"
# A paragraph ends at a line that stops short of the text block's right edge, or at one of these.
_PARAGRAPH_END = tuple("。！？!?；;")
# A line starting like this starts a new item even when the line before it was full.
_ITEM_START = re.compile(r"\s*(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百\d]+[)）]"
                         r"|\d+[.、．]\D|第[一二三四五六七八九十百零\d]+[章节条部篇])")
# Body text needs this many full lines on a page before lines are joined at all.
_MIN_FULL_LINES = 3

# pypdf logs what it repairs in a damaged file ("EOF marker not found"), pdfminer what it makes do without
# ("Could not get FontBBox"); with logging not set up, Python prints that to stderr as bare lines naming
# no file, beside the one clear line the build gives it.
for _library in ("pypdf", "pdfminer", "pdfplumber"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
_log = logging.getLogger(__name__)
_T = TypeVar("_T")


def read_pdf(path: Path, encoding: str | None = None) -> RawText:
    """``encoding`` is ignored: a PDF's text layer says how it is encoded."""
    reader = _open(path)
    if not reader.pages:
        raise InputError(path, "has no pages", _DAMAGED_HINT)
    title = _guarded(path, lambda: _title(reader))
    pages = _layout(path)
    if pages is None:
        text, starts = _joined_pages(_guarded(path, lambda: _pypdf_pages(reader)))
    else:
        text, starts = _layout_text(pages)
    if not text.strip():
        raise InputError(path, "has no text layer", _SCAN_HINT)
    return RawText(source=path.name, format="pdf", text=text, title=title, page_starts=starts)


def _open(path: Path) -> Any:
    """The file opened with pypdf (a ``pypdf.PdfReader``), decrypted if it needs no password, each page's
    content decoded within pypdf's limits."""
    import pypdf

    if b"%PDF-" not in _head(path):
        raise InputError(path, "is not a PDF (no %PDF- header)", "check that the file is the PDF it is named")

    def opened() -> Any:
        reader = pypdf.PdfReader(path, strict=False)
        if reader.is_encrypted:
            _decrypt(reader, path)
        for page in reader.pages:
            _decoded_contents(page)
        return reader

    return _guarded(path, opened)


def _guarded(path: Path, work: Callable[[], _T]) -> _T:
    """``work()``, with what pypdf raises on a damaged file or a bomb turned into an :class:`InputError`."""
    import pypdf

    try:
        return work()
    except InputError:
        raise
    except pypdf.errors.LimitReachedError as error:
        raise InputError(path, f"{_BOMB_PROBLEM} ({error})", _BOMB_HINT) from error
    except Exception as error:  # pypdf raises many kinds of error on a damaged file: report them all
        raise InputError(path, f"is not a readable PDF ({type(error).__name__}: {error})", _DAMAGED_HINT) \
            from error


def _decoded_contents(page: Any) -> None:
    """Decode a page's content (once: pypdf keeps the result), so that a stream inflating past pypdf's limit
    raises here: its text extraction would drop that stream and return "", passing a Flate bomb off as a
    scan."""
    contents = page.get_contents()
    if contents is not None:
        contents.get_data()


def _layout(path: Path) -> list[Page] | None:
    """The pages as pdfplumber lays them out, or None where pdfminer cannot parse the file."""
    from kg.ingest.readers import pdf_layout

    try:
        return pdf_layout.read_pages(path)
    except pdf_layout.InflateLimitError as error:
        raise InputError(path, f"{_BOMB_PROBLEM} ({error})", _BOMB_HINT) from error
    except pdf_layout.UnreadableLayoutError as error:
        _log.debug("%s: pdfminer could not read the layout (%s); reading the text with pypdf", path, error)
        return None


def _pypdf_pages(reader: Any) -> list[str]:
    """Each page's text as pypdf gives it, running lines out and wrapped lines joined."""
    texts = [(page.extract_text() or "").replace("\r\n", "\n") for page in reader.pages]
    return [unwrap_lines(page) for page in without_running_lines(texts)]


def _joined_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    starts = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 1  # the line break that joins pages
    return "\n".join(pages), tuple(starts)


# --- the layout: lines and rows into text ----------------------------------------------------------


def _layout_text(pages: Sequence[Page]) -> tuple[str, tuple[int, ...]]:
    """The text of laid-out pages, and the offset where each page begins: running lines out, a table
    going on over a page break made one, each paragraph's wrapped lines (on one page or two) joined, a
    table row a line of tab-separated cells."""
    from kg.ingest.readers import pdf_layout

    pages = pdf_layout.marked_full(pdf_layout.continued_tables(_without_running(pages)))
    texts: list[str] = []
    starts: list[int | None] = [None] * len(pages)
    offset = 0
    for paragraph in _paragraphs([line for page in pages for line in page.lines]):
        text, line_starts = _paragraph_text(paragraph)
        for line, start in zip(paragraph, line_starts, strict=True):
            if starts[line.page] is None:
                starts[line.page] = offset + start
        texts.append(text)
        offset += len(text) + 1  # the line break after it
    return "\n".join(texts), _filled(starts, max(offset - 1, 0))


def _without_running(pages: Sequence[Page]) -> list[Page]:
    # a table row is never a running line, though it takes its place at a page's edge: None
    dropped = running_lines([[None if line.cells is not None else line.text for line in page.lines]
                             for page in pages])
    return [replace(page, lines=tuple(line for index, line in enumerate(page.lines) if index not in drop))
            for page, drop in zip(pages, dropped, strict=True)]


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into paragraphs: a full line that leaves its sentence open goes on in the next line,
    unless that line starts a numbered item (or is a table row, or follows one)."""
    paragraphs: list[list[Line]] = []
    for line in lines:
        previous = paragraphs[-1][-1] if paragraphs else None
        if (previous is not None and previous.full and line.cells is None
                and not previous.text.rstrip().endswith(_PARAGRAPH_END) and not _ITEM_START.match(line.text)):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _paragraph_text(paragraph: list[Line]) -> tuple[str, list[int]]:
    """A paragraph's lines joined (no space between Chinese characters), and where each line begins."""
    from kg.ingest.readers.pdf_layout import join_wrapped

    text = ""
    starts = []
    for line in paragraph:
        text = join_wrapped([text, line.text])
        starts.append(len(text) - len(line.text))
    return text, starts


def _filled(starts: list[int | None], end: int) -> tuple[int, ...]:
    """Page starts with a page that has no text (blank, or only a running head) beginning where the next
    page's text does."""
    filled: list[int] = []
    following = end
    for start in reversed(starts):
        following = following if start is None else start
        filled.append(following)
    return tuple(reversed(filled))


# --- running heads and feet -------------------------------------------------------------------------


def without_running_lines(pages: list[str]) -> list[str]:
    r"""The pages without their running heads and feet (see :func:`running_lines`).

    >>> without_running_lines(["某县人民政府文件\n一、要求\n— 1 —", "某县人民政府文件\n加强领导。\n— 2 —"])
    ['一、要求', '加强领导。']
    >>> without_running_lines(["11/24/26, 8:50 PM 某镇工作要点\n一、要求\nfile:///C:/plan.html 1/1"])
    ['一、要求']
    """
    lines = [page.split("\n") for page in pages]
    dropped = running_lines(lines)
    return ["\n".join(line for index, line in enumerate(page) if index not in drop)
            for page, drop in zip(lines, dropped, strict=True)]


def running_lines(pages: Sequence[Sequence[str | None]]) -> list[set[int]]:
    """For each page (its lines; None for a line that takes its place but never runs, a table row), the
    indices of the lines that belong to the page, not to the plan, and would be read into its sentences:

    - a line at the top or the bottom of most pages: the issuer's name, "— 3 —" (its digits aside);
    - on any page, even the only one, a page number or a browser's print header ("11/24/26, 8:50 PM"
      and the page's title) or footer (the page's address and "1/1") at the top or the bottom.
    """
    edges = [_edge_lines(page) for page in pages]
    shapes: Counter[str] = Counter()
    for page, edge in zip(pages, edges, strict=True):
        shapes.update({_shape(page[index] or "") for index in edge})
    most = max(2, (len(pages) + 1) // 2)
    running = {shape for shape, pages_with_it in shapes.items() if pages_with_it >= most and len(pages) > 1}
    dropped = [{index for index in edge
                if _shape(line := page[index] or "") in running or _is_furniture(line)}
               for page, edge in zip(pages, edges, strict=True)]
    _keep_the_title(pages, dropped)
    return dropped


def _keep_the_title(pages: Sequence[Sequence[str | None]], dropped: list[set[int]]) -> None:
    """The plan's title run as the head of its pages ("鄂尔多斯市2026年应急管理工作要点" on each): its
    first line stays, the title of the plan (the issuer's name as the head goes everywhere)."""
    for page, drop in zip(pages, dropped, strict=True):
        if any(line and line.strip() for line in page):
            first = min(drop, default=None)
            line = (page[first] or "").strip() if first is not None else ""
            if first is not None and _TITLE_LIKE.search(line) and not _is_furniture(line):
                drop.discard(first)
            return


def _edge_lines(page: Sequence[str | None]) -> list[int]:
    """The indices of the lines at a page's top and bottom that could run: not a sentence, not a numbered
    heading, not a table row."""
    filled = [index for index, line in enumerate(page) if line is None or line.strip()]
    edge = sorted(set(filled[:RUNNING_LINES] + filled[-RUNNING_LINES:]))
    return [index for index in edge if (line := page[index]) is not None
            and not line.rstrip().endswith(_PARAGRAPH_END) and not _ITEM_START.match(line)]


def _shape(line: str) -> str:
    """A line as it repeats: a page number ("— 2 —", "第2页 共9页") with its digits as one mark."""
    line = " ".join(line.split())
    return _DIGITS.sub("#", line) if len(_CJK.findall(line)) <= 4 else line


def _is_furniture(line: str) -> bool:
    """Whether a line at a page's edge is a page number or a browser's print header or footer."""
    line = line.strip()
    return bool(_PAGE_NUMBER.fullmatch(line) or _PRINTED_AT.match(line) or _PRINTED_FROM.fullmatch(line))


# a line that names a document: it ends in the kind of document it is (…工作要点, …规划, …方案)
_TITLE_LIKE = re.compile(alternation(KINDS) + r"[”\"》]?$")
# how many lines at the top and at the bottom of a page may be running heads or feet
RUNNING_LINES = 2
_DIGITS = re.compile(r"\d+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# "— 3 —", "- 3 -", "第3页", "第 3 页 共 9 页", "共9页 第3页", "3/9", "Page 3 of 9"
_PAGE_NUMBER = re.compile(r"[-—–]{1,2}\s?\d{1,4}\s?[-—–]{1,2}"
                          r"|第\s?\d{1,4}\s?页(?:\s?[,，/]?\s?共\s?\d{1,4}\s?页)?"
                          r"|共\s?\d{1,4}\s?页\s?第\s?\d{1,4}\s?页|\d{1,4}\s?/\s?\d{1,4}"
                          r"|(?:[Pp]age\s)?\d{1,4}\s(?:of|/)\s\d{1,4}")
# a browser prints the date and time at the top left ("11/24/26, 8:50 PM", "2026/11/24 20:50") and the
# page's title beside them, on one line of the text layer
_PRINTED_AT = re.compile(r"\d{1,4}/\d{1,2}/\d{1,4},?\s{1,3}(?:上午|下午)?\d{1,2}:\d{2}")
# ... and the page's address at the bottom left, the page counter ("1/3") at the right
_PRINTED_FROM = re.compile(r"(?:file|https?)://\S{1,500}(?:\s{1,3}\d{1,4}\s?/\s?\d{1,4})?")


def unwrap_lines(page: str) -> str:
    r"""Join the lines a PDF wrapped back into paragraphs.

    A PDF stores lines, not paragraphs. In the justified body text of a Chinese document every line
    but a paragraph's last runs to the right edge, so a line as wide as the widest ones that does
    not end a sentence goes on in the next line (unless that line starts a numbered item).

    >>> unwrap_lines("一、总体要求\n加强应急管理工作,完善\n预案体系,提升救援能力\n建设。\n二、主要任务\n"
    ...              "1.推进应急指挥平台贯\n通村居。")
    '一、总体要求\n加强应急管理工作,完善预案体系,提升救援能力建设。\n二、主要任务\n1.推进应急指挥平台贯通村居。'
    """
    lines = page.split("\n")
    widths = [_width(line.rstrip()) for line in lines]
    full = max(widths, default=0)
    if sum(1 for width in widths if width >= full - 2) < _MIN_FULL_LINES:
        return page  # no block of justified text: headings, tables, a cover page
    joined = [lines[0]]
    for previous_width, line in zip(widths, lines[1:], strict=False):
        previous = joined[-1].rstrip()
        if (previous_width >= full - 2 and not previous.endswith(_PARAGRAPH_END)
                and not _ITEM_START.match(line)):
            joined[-1] = previous + line.lstrip()
        else:
            joined.append(line)
    return "\n".join(joined)


def _width(line: str) -> int:
    """Display width: a Chinese character (and punctuation such as “”—…) is two Latin ones wide."""
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in line)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(1024)
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror or error}", "check the file's permissions") \
            from error


def _decrypt(reader: Any, path: Path) -> None:
    """Open a PDF that is encrypted with an empty user password (only editing is restricted); fail
    clearly on one that needs a password to be read."""
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("")
    except DependencyError as error:
        raise InputError(path, f"is encrypted in a way pypdf cannot open here ({error})", _ENCRYPTED_HINT) \
            from error
    if not opened:
        raise InputError(path, "is encrypted with a password", _ENCRYPTED_HINT)


def _title(reader: Any) -> str | None:
    """The document-information title, unless it is a placeholder a program wrote."""
    metadata = reader.metadata
    title = " ".join(str(metadata.title or "").split()) if metadata is not None else ""
    lowered = title.lower()
    placeholder = (not title or lowered.startswith(("microsoft word", "untitled", "wps"))
                   or lowered.endswith((".doc", ".docx", ".wps", ".pdf", ".txt")))
    # a Chinese plan's title has Chinese in it: "(anonymous)" is a PDF library's default
    chinese = any("\u4e00" <= char <= "\u9fff" for char in title)
    return None if placeholder or not chinese else title
