"""PDF: the text layer, page by page (pypdf), with the offset where each page begins.

pypdf rather than pdfplumber: pypdf bounds what it decompresses (a Flate bomb stops with an error
in well under a second, where pdfplumber expanded 816 KB into 800 MiB, issue 9), and it reads the
CJK fonts of Chinese government PDFs as well. A PDF without a text layer (a scan) is an error with a
hint to run OCR, never an empty plan.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import RawText

_DAMAGED_HINT = "the file may be damaged or cut short: download or export it again"
_ENCRYPTED_HINT = "remove the password first, e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`"
_SCAN_HINT = "it looks like a scanned image: run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
_BOMB_HINT = "if it is a genuine plan, print it to a new PDF"
# A paragraph ends at a line that stops short of the text block's right edge, or at one of these.
_PARAGRAPH_END = tuple("。！？!?；;")
# A line starting like this starts a new item even when the line before it was full.
_ITEM_START = re.compile(r"\s*(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百\d]+[)）]"
                         r"|\d+[.、．]\D|第[一二三四五六七八九十百零\d]+[章节条部篇])")
# Body text needs this many full lines on a page before lines are joined at all.
_MIN_FULL_LINES = 3

# pypdf logs what it repairs in a damaged file ("EOF marker not found"); with logging not set up, Python
# prints that to stderr as a bare line naming no file, beside the one clear line the build gives it.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def read_pdf(path: Path, encoding: str | None = None) -> RawText:
    """``encoding`` is ignored: a PDF's text layer says how it is encoded."""
    pages, title = _extract(path)
    if not pages:
        raise InputError(path, "has no pages", _DAMAGED_HINT)
    if not any(page.strip() for page in pages):
        raise InputError(path, "has no text layer", _SCAN_HINT)
    starts = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 1  # the line break that joins pages
    return RawText(source=path.name, format="pdf", text="\n".join(pages), title=title,
                   page_starts=tuple(starts))


def _extract(path: Path) -> tuple[list[str], str | None]:
    import pypdf

    if b"%PDF-" not in _head(path):
        raise InputError(path, "is not a PDF (no %PDF- header)", "check that the file is the PDF it is named")
    try:
        reader = pypdf.PdfReader(path, strict=False)
        if reader.is_encrypted:
            _decrypt(reader, path)
        pages = [_page_text(page) for page in reader.pages]
        title = _title(reader)
    except InputError:
        raise
    except pypdf.errors.LimitReachedError as error:
        raise InputError(path, "is refused: a stream in it inflates past the PDF reader's limit, like a "
                         f"decompression bomb ({error})", _BOMB_HINT) from error
    except Exception as error:  # pypdf raises many kinds of error on a damaged file: report them all
        raise InputError(path, f"is not a readable PDF ({type(error).__name__}: {error})", _DAMAGED_HINT) \
            from error
    pages = without_running_lines([page.replace("\r\n", "\n") for page in pages])
    return [unwrap_lines(page) for page in pages], title


def _page_text(page: Any) -> str:
    """A page's text layer. pypdf's text extraction drops a content stream that inflates past its limit and
    returns "", which would pass a Flate bomb off as a scan: the contents are decoded first, so that the
    limit error reaches the caller (decoded once: pypdf keeps the result)."""
    contents = page.get_contents()
    if contents is not None:
        contents.get_data()
    return page.extract_text() or ""


def without_running_lines(pages: list[str]) -> list[str]:
    r"""The pages without their running heads and feet: a line at the top or the bottom of most pages (the
    issuer's name, "— 3 —") belongs to the page, not to the plan, and would be read into its sentences.

    >>> without_running_lines(["某县人民政府文件\n一、要求\n— 1 —", "某县人民政府文件\n加强领导。\n— 2 —"])
    ['一、要求', '加强领导。']
    """
    if len(pages) < 2:
        return pages
    edges: Counter[str] = Counter()
    for page in pages:
        edges.update({_shape(line) for line in _edge_lines(page)})
    most = max(2, (len(pages) + 1) // 2)
    running = {shape for shape, pages_with_it in edges.items() if pages_with_it >= most}
    if not running:
        return pages
    return ["\n".join(line for line in page.split("\n")
                      if not (line in _edge_lines(page) and _shape(line) in running)) for page in pages]


def _edge_lines(page: str) -> list[str]:
    """The lines at a page's top and bottom that could run: not a sentence, not a numbered heading."""
    lines = [line for line in page.split("\n") if line.strip()]
    return [line for line in lines[:RUNNING_LINES] + lines[-RUNNING_LINES:]
            if not line.rstrip().endswith(_PARAGRAPH_END) and not _ITEM_START.match(line)]


def _shape(line: str) -> str:
    """A line as it repeats: a page number ("— 2 —", "第2页 共9页") with its digits as one mark."""
    line = " ".join(line.split())
    return _DIGITS.sub("#", line) if len(_CJK.findall(line)) <= 4 else line


# how many lines at the top and at the bottom of a page may be running heads or feet
RUNNING_LINES = 2
_DIGITS = re.compile(r"\d+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


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
