"""A PDF's pages as lines that know where they sit, and its tables as rows, read with pdfplumber.

pypdf gives a page's text as a stream of lines: a table's cells come one after another, each cut where
its column wrapped it ("市住房城乡建设" / "局"), and a paragraph's indented first line looks like its last.
pdfplumber knows where every character sits and finds a table by its ruling lines, so here

- a table row is one line, its cells joined by tabs as the HTML and DOCX readers give them, a cell's own
  wrapped lines joined again ("市住房城乡建设局"); a cell merged down gives its text to each row it covers;
- a table that goes on over a page break goes on: the header the next page repeats is left out, and a row
  the break cut in two is made one again (:func:`continued_tables`);
- a line says whether it runs from margin to margin (:func:`marked_full`), which is what tells a wrapped
  line of a paragraph from the paragraph's last line, whatever the tables elsewhere are like.

Joining the wrapped lines, and what a running head is, are the reader's business (:mod:`.pdf`).

pdfminer, which pdfplumber reads with, inflates a compressed stream with no bound: a few hundred KB can be
a gigabyte (issue 9). :func:`read_pages` first gives pdfminer a bounded inflater (:func:`bound_inflation`).
"""

from __future__ import annotations

import bisect
import re
import statistics
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from typing import Any

# What one stream may inflate to, as pypdf allows (its ZLIB_MAX_OUTPUT_LENGTH): a page's content or a
# whole embedded CJK font is a few MB.
MAX_INFLATED_BYTES = 75_000_000
# A line shorter than this share of its page's width never wraps (a heading, a date, a signature).
LONG_LINE = 0.5
# In justified text nearly all wrapped lines end within a quarter of a character of the right margin; in
# ragged text (CJK wrapping that keeps punctuation off a line's start, lines drawn one by one) a wrapped
# line may stop one and a half characters short.
JUSTIFIED_SLACK = 0.25
JUSTIFIED_SHARE = 0.75
RAGGED_SLACK = 1.5
# How many of a table's first rows a page may repeat as its header.
MAX_HEADER_ROWS = 3
# pdfminer's stand-in for a glyph its font maps to no character: nothing a reader can use (a PDF made only of
# them reads as one without a text layer)
_UNMAPPED = re.compile(r"\(cid:\d{1,5}\)")


class InflateLimitError(Exception):
    """A stream of the PDF inflates past :data:`MAX_INFLATED_BYTES`: a decompression bomb."""


class UnreadableLayoutError(Exception):
    """pdfminer cannot parse the file (pypdf, which forgives more damage, may still read its text)."""


@dataclass(frozen=True)
class Line:
    """One line of a page as read: text, or a table row (``cells``, and ``text`` the cells joined by tabs).

    ``x0``/``x1`` are where it starts and ends, ``size`` its font size, ``page`` its page (from 0);
    ``full`` is set by :func:`marked_full`: the line runs to the right margin.
    """

    text: str
    page: int
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0
    cells: tuple[str, ...] | None = None
    full: bool = False


@dataclass(frozen=True)
class Page:
    width: float
    lines: tuple[Line, ...]


def read_pages(path: Path) -> list[Page]:
    """Every page of the PDF at ``path`` as its lines, top to bottom (pdfplumber; the file is opened with
    an empty password, as pypdf already checked). Raises :class:`InflateLimitError` on a bomb and
    :class:`UnreadableLayoutError` on a file pdfminer cannot parse."""
    import pdfplumber
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    bound_inflation()
    pages = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages):
                pages.append(Page(float(page.width), tuple(_page_lines(page, number))))
                page.close()  # pdfplumber keeps every object of a page it has read
    except (PdfminerException, PSException) as error:  # pdfplumber wraps what pdfminer raises on a page
        bomb = _bomb_behind(error)
        if bomb is not None:
            raise bomb from error
        raise UnreadableLayoutError(f"{type(error).__name__}: {error}") from error
    return pages


def _bomb_behind(error: BaseException | None) -> InflateLimitError | None:
    while error is not None and not isinstance(error, InflateLimitError):
        error = error.__cause__ or error.__context__
    return error


# --- one page ------------------------------------------------------------------------------------


def _page_lines(page: Any, number: int) -> list[Line]:
    """The page's text lines and table rows in reading order (top to bottom)."""
    tables = _tables(page)
    boxes = [table.bbox for table in tables]
    text_page = page.filter(lambda obj: not (obj["object_type"] == "char" and _inside(obj, boxes))) \
        if boxes else page
    placed = [(line["top"], _text_line(line, number)) for line in text_page.extract_text_lines()]
    for table in tables:
        placed += _rows(table, number)
    placed.sort(key=lambda item: item[0])  # stable: a row and a line at one height keep their order
    return [line for _, line in placed]


def _tables(page: Any) -> list[Any]:
    """The tables pdfplumber finds by ruling lines, of two columns or more (a framed box of text is
    text)."""
    if not page.edges:  # nothing drawn, so nothing ruled: the common page of text costs no search
        return []
    settings = {"explicit_horizontal_lines": _closing_lines(page.edges)}
    return [table for table in page.find_tables(settings) if max(len(row.cells) for row in table.rows) >= 2]


def _closing_lines(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal lines where the vertical rules of a page begin and end. A browser draws no rule where a
    page break cuts a row, so the row's part on either page would be no cell; a table that is closed
    already is not changed (pdfplumber merges a line with the rule it lies on)."""
    verticals = [edge for edge in edges if edge["orientation"] == "v"]
    if not verticals or not any(edge["orientation"] == "h" for edge in edges):
        return []  # rules down a page and none across (a binding line, a column rule) make no table
    lines = []
    for y, key in ((min(edge["top"] for edge in verticals), "top"),
                   (max(edge["bottom"] for edge in verticals), "bottom")):
        reaching = [edge["x0"] for edge in verticals if abs(edge[key] - y) <= 1]
        lines.append({"object_type": "line", "x0": min(reaching), "x1": max(reaching), "top": y, "bottom": y,
                      "width": max(reaching) - min(reaching), "height": 0})
    return lines


def _inside(char: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _text_line(line: dict[str, Any], page: int) -> Line:
    sizes = [char["size"] for char in line["chars"]]
    return Line(_UNMAPPED.sub("", line["text"]), page, line["x0"], line["x1"], max(sizes, default=0.0))


def _rows(table: Any, page: int) -> list[tuple[float, Line]]:
    """The table's rows, each with the height it starts at."""
    rows = table.rows
    texts = [[None if text is None else joined_cell(text) for text in row] for row in table.extract()]
    placed = []
    for index, row in enumerate(rows):
        cells = []
        for column, text in enumerate(texts[index]):
            if text is None:  # no cell starts here: one above reaches down into the row, or one on the left
                text = _merged_from_above(rows, texts, index, column)
                if text is None:
                    continue  # merged across: the cell is there once, as the DOCX reader gives it
            cells.append(text)
        x0, top, x1, _ = row.bbox
        placed.append((top, Line("\t".join(cells), page, x0, x1, cells=tuple(cells))))
    return placed


def _merged_from_above(rows: Sequence[Any], texts: list[list[str | None]], index: int,
                       column: int) -> str | None:
    """The text of a cell merged down into row ``index`` at ``column``, or None."""
    top = rows[index].bbox[1]
    for above in range(index - 1, -1, -1):
        cell = rows[above].cells[column]
        if cell is not None:
            return texts[above][column] if cell[3] > top + 1 else None
    return None


def joined_cell(text: str) -> str:
    """A cell's lines as one: wrapped CJK text joins with no space, Latin words with one.

    >>> joined_cell("市住房城乡建设\\n局"), joined_cell("改造12\\n公里")
    ('市住房城乡建设局', '改造12公里')
    >>> joined_cell("emergency\\nmanagement")
    'emergency management'
    """
    text = _UNMAPPED.sub("", text).replace("\t", " ")
    return join_wrapped([part.strip() for part in text.split("\n") if part.strip()])


def join_wrapped(parts: Sequence[str]) -> str:
    """Pieces of one text that wrapping cut apart, joined: a space only between two Latin letters."""
    joined = ""
    for part in parts:
        if joined and part and _latin_letter(joined[-1]) and _latin_letter(part[0]):
            joined += " "
        joined += part
    return joined


def _latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


# --- across pages --------------------------------------------------------------------------------


def continued_tables(pages: list[Page]) -> list[Page]:
    """The pages with each table that goes on over a page break made one: the header rows the next page
    repeats (Word's 重复标题行, a browser's <thead>) are left out, and a row the break cut in two (its
    first cell empty on the new page) is joined to the row it began.

    Only the rows right after a break are looked at, so the running heads and feet between the two parts
    must be gone already.
    """
    kept: list[Line] = []
    header: list[Line] = []  # the first rows of the table the last row kept belongs to
    repeated = 0  # header rows left out since the last break, while the rows after it are looked at
    looking = False  # whether the rows so far on this page all came right after a break
    for line in (line for page in pages for line in page.lines):
        previous = kept[-1] if kept else None
        if line.cells is None or previous is None or previous.cells is None:
            header = [] if line.cells is None else [line]
            looking = False
        elif line.page != previous.page or looking:
            if line.page != previous.page:
                repeated, looking = 0, True
            if repeated < len(header) and line.cells == header[repeated].cells:
                repeated += 1
                continue
            looking = False
            if _cut_in_two(previous, line):
                kept[-1] = _joined_rows(previous, line)
                continue
        elif len(header) < MAX_HEADER_ROWS and previous is header[-1]:
            header.append(line)  # the table's first rows, for a page that repeats more than one
        kept.append(line)
    return [replace(page, lines=tuple(line for line in kept if line.page == number))
            for number, page in enumerate(pages)]


def _cut_in_two(before: Line, after: Line) -> bool:
    """Whether ``after``, the first row on a page, is the rest of ``before``, the last on the page
    before: a row's first cell (its number, or the task) is never empty, so an empty one is a row's
    rest."""
    assert before.cells is not None and after.cells is not None
    return len(before.cells) == len(after.cells) and after.cells[0] == "" and before.cells[0] != ""


def _joined_rows(before: Line, after: Line) -> Line:
    assert before.cells is not None and after.cells is not None
    cells = tuple(join_wrapped([first, rest]) for first, rest in zip(before.cells, after.cells, strict=True))
    return replace(before, text="\t".join(cells), cells=cells)


# --- margins --------------------------------------------------------------------------------------


def marked_full(pages: list[Page]) -> list[Page]:
    """The pages with each line that runs to the right margin marked ``full``: in a paragraph, every line
    but the last (pypdf's text layer has no indent, so it could not tell an indented first line from a
    paragraph's last). The margin is found on the long text lines of all pages of one width, so a page
    of few lines is judged as its neighbours are, and table rows count for nothing (but where there is no
    other text: a title over a table)."""
    lines: dict[int, list[Line]] = {}
    rows: dict[int, list[Line]] = {}
    for page in pages:
        width = round(page.width)
        lines.setdefault(width, []).extend(line for line in page.lines if _long(line, page.width))
        rows.setdefault(width, []).extend(line for line in page.lines if line.cells is not None)
    margins = {width: _right_margin(lines[width]) or _table_edge(rows[width]) for width in lines}
    return [replace(page, lines=_marked(page, margins[round(page.width)])) for page in pages]


def _marked(page: Page, margin: tuple[float, float] | None) -> tuple[Line, ...]:
    if margin is None:
        return page.lines
    edge, slack = margin
    last = next((line for line in reversed(page.lines) if line.cells is None), None)
    marked = []
    for line in page.lines:
        # the page's last line may be a paragraph's that goes on over the break, which some programs
        # lay out as a paragraph of its own and so do not stretch to the margin
        allowed = RAGGED_SLACK if line is last else slack
        full = _long(line, page.width) and line.x1 >= edge - allowed * line.size
        marked.append(replace(line, full=True) if full else line)
    return tuple(marked)


def _long(line: Line, page_width: float) -> bool:
    return line.cells is None and line.x1 - line.x0 >= LONG_LINE * page_width


def _right_margin(lines: list[Line]) -> tuple[float, float] | None:
    """The right margin most long lines reach, and how far short of it (in characters of the line's size)
    a line may stop and still be full. None when fewer than two lines reach one margin (nothing wraps)."""
    if len(lines) < 2:
        return None
    size = statistics.median(line.size for line in lines) or 1.0
    ends = sorted(line.x1 for line in lines)
    # the window as wide as ragged text allows that holds the most line ends; of equals, the rightmost
    reach, margin = max((index + 1 - bisect.bisect_left(ends, end - RAGGED_SLACK * size), end)
                        for index, end in enumerate(ends))
    if reach < 2:
        return None
    tight = len(ends) - bisect.bisect_left(ends, margin - JUSTIFIED_SLACK * size)
    return margin, JUSTIFIED_SLACK if tight >= JUSTIFIED_SHARE * reach else RAGGED_SLACK


def _table_edge(rows: list[Line]) -> tuple[float, float] | None:
    """The right edge of the widest table (a table runs across the text column), and the slack of ragged
    text: with no second line to compare, whether the text is justified cannot be told."""
    return (max(row.x1 for row in rows), RAGGED_SLACK) if rows else None


# --- a bound on what pdfminer inflates -------------------------------------------------------------


def bound_inflation() -> None:
    """Make pdfminer inflate through :class:`_BoundedZlib`, so that a stream past
    :data:`MAX_INFLATED_BYTES` stops the read with :class:`InflateLimitError` instead of taking the
    machine's memory. pdfminer's LZW decoder is bounded the same way.

    pdfminer calls ``zlib`` and ``lzwdecode`` by their names in :mod:`pdfminer.pdftypes`, and takes no
    limit of its own; those two names are replaced there (a test builds a bomb in a font and one in a
    form to check that they still are).
    """
    import pdfminer.pdftypes as pdftypes

    if pdftypes.zlib is not _BoundedZlib:
        if pdftypes.zlib is not zlib or not callable(getattr(pdftypes, "lzwdecode", None)):
            raise RuntimeError("pdfminer no longer inflates through pdfminer.pdftypes.zlib: "
                               "kg.ingest.readers.pdf_layout.bound_inflation needs updating")
        pdftypes.zlib = _BoundedZlib  # type: ignore[assignment]
        pdftypes.lzwdecode = _bounded_lzw


class _BoundedZlib:
    """The part of :mod:`zlib` pdfminer uses, with what one stream inflates to bounded."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        inflater = _BoundedDecompressor()
        inflated = inflater.decompress(data)
        if not inflater.eof:  # as zlib.decompress: pdfminer then tries to save what it can
            raise zlib.error("incomplete or truncated stream")
        return inflated

    @staticmethod
    def decompressobj() -> _BoundedDecompressor:
        return _BoundedDecompressor()


class _BoundedDecompressor:
    """A ``zlib.decompressobj()`` that raises :class:`InflateLimitError` past the bound."""

    def __init__(self) -> None:
        self._inflater = zlib.decompressobj()
        self._size = 0

    @property
    def eof(self) -> bool:
        return self._inflater.eof

    def decompress(self, data: bytes) -> bytes:
        inflated = self._inflater.decompress(data, MAX_INFLATED_BYTES - self._size + 1)
        self._size += len(inflated)
        if self._size > MAX_INFLATED_BYTES:
            raise InflateLimitError(f"a stream inflates past {MAX_INFLATED_BYTES:,} bytes")
        return inflated


def _bounded_lzw(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    return b"".join(_bounded(LZWDecoder(BytesIO(data)).run()))


def _bounded(chunks: Iterator[bytes]) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_INFLATED_BYTES:
            raise InflateLimitError(f"a stream inflates past {MAX_INFLATED_BYTES:,} bytes")
        yield chunk
