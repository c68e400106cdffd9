"""Normalise a document's text into the one canonical form every later stage reads, with a map back.

The steps, in order; each keeps, for every character it outputs, the index of the input character it
came from, so a span found later can be shown in the text as it was read:

1. line breaks: ``\\r\\n``, ``\\r`` and the other Unicode line separators become ``\\n``;
2. invisible characters go: zero-width and other format characters, controls (but tab and newline),
   lone surrogates;
3. NFKC: full-width letters, digits and punctuation become half-width ("（一）" -> "(一)", "：" ->
   ":"), U+3000 becomes a space; Chinese punctuation such as 、。《》“” is left as it is;
4. Traditional -> Simplified (OpenCC ``t2s``), only when the text reads as Traditional;
5. layout, line by line: a run of spaces becomes one space, tabs (which separate table cells) stay,
   the pipes between the cells of a table drawn in text become tabs, lines are stripped, web-page
   chrome lines go (:mod:`kg.ingest.chrome`), a hard-wrapped text (most lines fill one width, as copied
   from a PDF) has each full line that leaves its sentence open joined to the next, a line that ends
   inside a note's bracket is joined to the line that closes it, and a run of blank lines becomes one
   blank line.

``normalize`` is idempotent: ``normalize(normalize(x).text).text == normalize(x).text``.

    >>> n = normalize("（一）全面　履职\\r\\n")
    >>> n.text
    '(一)全面 履职'
    >>> n.offsets
    (0, 1, 2, 3, 4, 5, 6, 7, 10)
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from kg.ingest.chrome import chrome_lines
from kg.ingest.wrapped_cells import wrapped_cells

__all__ = ["Normalized", "is_page_number", "looks_traditional", "normalize"]


@dataclass(frozen=True)
class Normalized:
    """Normalised text and its map to the input: ``offsets[i]`` is the input index of output character
    ``i``; ``offsets[len(text)] == len(input)``, so an end offset maps too. Offsets never decrease.
    """

    text: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The input range that the output range ``[start, end)`` came from."""
        return self.offsets[start], self.offsets[end]


# Share of CJK characters that t2s changes above which a text is Traditional. Simplified plans score
# 0 (the samples: 0 of 37,000); Traditional ones score about 0.35.
TRADITIONAL_SHARE = 0.05

_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Runs of characters that NFKC leaves as they are and that never join the character before them:
# most of a Chinese document, handled in bulk.
_STABLE_RUN = re.compile("[\t\n -~\u4e00-\u9fff、。〈〉《》「」『』【】〔〕〖〗“”‘’—·]{2,}")

# Characters with combining class 0 that still compose with the character before them under NFC, so
# a segment must not start at them (Indic and other two-part vowel signs, Hangul medial vowels and
# final consonants). Checked against ``unicodedata`` by tests/ingest/test_normalize.py.
_JOINS_PREVIOUS = frozenset(
    "\u09be\u09d7\u0b3e\u0b56\u0b57\u0bbe\u0bd7\u0cc2\u0cd5\u0cd6\u0d3e\u0d57\u0dcf\u0ddf"
    "\u0fb5\u0fb7\u102e\u1b35\U00011127\U0001133e\U00011357\U000114b0\U000114ba\U000114bd"
    "\U000115af\U00011930"
    + "".join(map(chr, range(0x1161, 0x1176)))
    + "".join(map(chr, range(0x11A8, 0x11C3)))
)


def normalize(text: str) -> Normalized:
    """Normalise ``text`` (see the module's docstring for the steps).

    >>> normalize("當前位置:首頁 > 新聞\\n應急管理工作計劃").text
    '应急管理工作计划'
    """
    chars, origins = _nfkc(text)
    result = _layout(chars, origins, len(text))
    # Decide on the result, not the input, so that normalising the result again decides the same way.
    if looks_traditional(result.text):
        result = _layout(*_to_simplified(chars, origins), len(text))
    return result


def looks_traditional(text: str) -> bool:
    """Whether ``text`` is written in Traditional characters (a share of its CJK characters that
    OpenCC's t2s changes above :data:`TRADITIONAL_SHARE`).

    >>> looks_traditional("應急管理工作計劃"), looks_traditional("应急管理工作计划")
    (True, False)
    """
    converted = _t2s(text)
    if converted == text:  # Simplified (or no CJK at all): nothing changed, no need to count
        return False
    cjk = len(_CJK.findall(text))  # in the regex engine: a Python loop cost a tenth of the read stage
    if not cjk:
        return False
    if len(converted) == len(text):
        changed = sum(1 for old, new in zip(text, converted, strict=True) if old != new)
    else:
        changed = sum(size for tag, _, _, _, size in _changes(text, converted) if tag != "equal")
    return changed / cjk > TRADITIONAL_SHARE


# --- steps 1-3: line breaks, invisible characters, NFKC --------------------------------------------


def _nfkc(text: str) -> tuple[list[str], list[int]]:
    """Characters after steps 1-3, each with the input index it came from.

    NFKC is applied to segments that cannot interact with their neighbours (a character that starts a
    segment plus the combining marks after it), so each output character maps to one input segment.
    """
    chars: list[str] = []
    origins: list[int] = []
    segment: list[str] = []
    segment_origins: list[int] = []

    def add(char: str, index: int) -> None:
        if segment and _starts_segment(char):
            _append_segment(segment, segment_origins, chars, origins)
            segment.clear()
            segment_origins.clear()
        segment.append(char)
        segment_origins.append(index)

    def add_slowly(start: int, end: int) -> None:
        for index in range(start, end):
            char = text[index]
            if char in _LINE_BREAKS:
                if char == "\r" and text[index + 1:index + 2] == "\n":
                    continue  # the \n of \r\n stands for both
                char = "\n"
            elif _is_invisible(char):
                continue
            add(char, index)

    done = 0
    for run in _STABLE_RUN.finditer(text):
        add_slowly(done, run.start())
        # Characters NFKC leaves alone, each a safe segment start: all but the last go straight
        # through (the last may be followed by a combining mark that belongs to it).
        add(text[run.start()], run.start())
        last = run.end() - 1
        if last > run.start():
            _append_segment(segment, segment_origins, chars, origins)
            segment.clear()
            segment_origins.clear()
            chars.extend(text[run.start() + 1:last])
            origins.extend(range(run.start() + 1, last))
            add(text[last], last)
        done = run.end()
    add_slowly(done, len(text))
    if segment:
        _append_segment(segment, segment_origins, chars, origins)
    return chars, origins


def _append_segment(segment: list[str], segment_origins: list[int], chars: list[str],
                    origins: list[int]) -> None:
    if len(segment) == 1:
        piece = _nfkc_char(segment[0])
        chars.extend(piece)
        origins.extend([segment_origins[0]] * len(piece))
        return
    pieces = [_nfkc_char(char) for char in segment]
    whole = unicodedata.normalize("NFKC", "".join(segment))
    # nothing composed or reordered: each piece maps to its character
    if "".join(pieces) == whole or _KEEP_AS_IS.intersection(segment):
        for piece, origin in zip(pieces, segment_origins, strict=True):
            chars.extend(piece)
            origins.extend([origin] * len(piece))
    else:  # characters composed ("e" + U+0301 -> "é"): the segment maps to where it starts
        chars.extend(whole)
        origins.extend([segment_origins[0]] * len(whole))


# Circled numbers number items ("①城镇燃气专项整治"); NFKC would make them plain digits that run into
# the text after them ("1城镇燃气…"), so they stay as they are.
_KEEP_AS_IS = frozenset(
    [chr(c) for c in range(0x2460, 0x2474)] + [chr(c) for c in range(0x3251, 0x3260)]
    + [chr(c) for c in range(0x32B1, 0x32C0)]
)


@functools.lru_cache(maxsize=65536)
def _nfkc_char(char: str) -> str:
    if char in _KEEP_AS_IS:
        return char
    return unicodedata.normalize("NFKC", char)


@functools.lru_cache(maxsize=65536)
def _is_invisible(char: str) -> bool:
    if char == "\t" or " " <= char <= "~":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Cs")


@functools.lru_cache(maxsize=65536)
def _starts_segment(char: str) -> bool:
    """Whether NFKC can never join ``char`` (or what it expands to) to the character before it."""
    if char < "\u0300":
        return True
    decomposed = unicodedata.normalize("NFKD", char)
    first = decomposed[0] if decomposed else char
    return (unicodedata.combining(char) == 0 and char not in _JOINS_PREVIOUS
            and unicodedata.combining(first) == 0 and first not in _JOINS_PREVIOUS)


#: a CJK character: the unified ideographs, extension A, and extensions B to G
_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0003134f]")


# --- step 4: Traditional -> Simplified ------------------------------------------------------------


@functools.cache
def _converter() -> Any:  # an opencc.OpenCC, imported on first use
    import opencc

    return opencc.OpenCC("t2s")


def _t2s(text: str) -> str:
    # A few conversions need two rounds (薴 -> 苧 -> 苎); go on until nothing changes.
    for _ in range(3):
        converted = _converter().convert(text)
        if converted == text:
            break
        text = converted
    return text


def _to_simplified(chars: list[str], origins: list[int]) -> tuple[list[str], list[int]]:
    text = "".join(chars)
    converted = _t2s(text)
    if len(converted) == len(text):  # t2s maps character for character almost always
        return list(converted), origins
    # A phrase changed length: align the two texts and map what was replaced to where it was.
    new_chars: list[str] = []
    new_origins: list[int] = []
    for tag, old_start, old_end, new_start, new_end in _changes(text, converted):
        for offset, char in enumerate(converted[new_start:new_end]):
            if tag == "equal":
                source = old_start + offset
            else:
                source = min(old_start + offset, max(old_start, old_end - 1))
            new_chars.append(char)
            new_origins.append(origins[source] if source < len(origins) else origins[-1])
    return new_chars, new_origins


def _changes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """Opcodes turning ``old`` into ``new``, computed line by line (lines keep difflib fast)."""
    opcodes: list[tuple[str, int, int, int, int]] = []
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) != len(new_lines):  # never seen: t2s does not touch line breaks
        return [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2
                in SequenceMatcher(None, old, new, autojunk=False).get_opcodes()]
    old_at = new_at = 0
    for old_line, new_line in zip(old_lines, new_lines, strict=True):
        if old_line == new_line:
            opcodes.append(("equal", old_at, old_at + len(old_line), new_at, new_at + len(new_line)))
        else:
            matcher = SequenceMatcher(None, old_line, new_line, autojunk=False)
            opcodes.extend((tag, old_at + i1, old_at + i2, new_at + j1, new_at + j2)
                           for tag, i1, i2, j1, j2 in matcher.get_opcodes())
        old_at += len(old_line)
        new_at += len(new_line)
        opcodes.append(("equal", old_at, old_at + 1, new_at, new_at + 1))  # the line break
        old_at += 1
        new_at += 1
    opcodes.pop()  # no line break after the last line
    return opcodes


# --- step 5: layout -------------------------------------------------------------------------------

_SPACE_RUN = re.compile(r"[^\S\n]+")


@dataclass(frozen=True)
class _Line:
    chars: list[str]
    origins: list[int]
    end_origin: int  # input index of the line break after the line
    width: int = 0  # input characters the line took, spaces around it included

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _layout(chars: list[str], origins: list[int], input_length: int) -> Normalized:
    text = "".join(chars)
    lines: list[_Line] = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        end_origin = origins[end] if end < len(origins) else input_length
        lines.append(_unspaced(_tidy_line(text, origins, start, end, end_origin)))
        start = end + 1
    dropped = chrome_lines([line.text for line in lines])
    # A chrome line goes entirely (it does not leave a blank line behind).
    kept = [line for index, line in enumerate(lines) if index not in dropped]
    kept = _brackets_closed(_unwrapped(_space_rows(_pipe_rows(_single_spaced(kept)))))
    return _join(_cells_joined(kept), input_length)


_DOUBLE_SPACED_SHARE = 0.8  # of a text's lines followed by a blank line when its blank lines mean nothing
_DOUBLE_SPACED_MIN_LINES = 6


def _single_spaced(lines: list[_Line]) -> list[_Line]:
    """A double-spaced text (a blank line after nearly every line, as some copies of Word files and web
    pages give) without its blank lines, so that a blank line no longer cuts a wrapped sentence."""
    filled = [index for index, line in enumerate(lines) if line.chars]
    if len(filled) < _DOUBLE_SPACED_MIN_LINES:
        return lines
    spaced = sum(1 for index in filled[:-1] if not lines[index + 1].chars)
    if spaced < _DOUBLE_SPACED_SHARE * (len(filled) - 1):
        return lines
    return [lines[index] for index in filled]


def _pipe_rows(lines: list[_Line]) -> list[_Line]:
    """Lines with the rows of a table drawn with pipes ("| 1 | 修订预案 | 市应急管理局 |", as Markdown and
    plain-text exports write them) made rows of tab-separated cells, as the DOCX reader gives a Word
    table's. A row stands next to another (its header, the rows below): one line with pipes is text."""
    rows = [_pipe_cells(line) for line in lines]
    in_table = [(i > 0 and rows[i - 1] is not None) or (i + 1 < len(rows) and rows[i + 1] is not None)
                for i in range(len(rows))]
    return [row if row is not None and in_table[i] else lines[i] for i, row in enumerate(rows)]


def _space_rows(lines: list[_Line]) -> list[_Line]:
    """Lines with the cells of a table parted by one space made rows of tab-separated cells, as a PDF's
    text copied into a page gives them ("序号 重点任务 牵头单位 完成时限" / "1 隐患排查 镇安委办 6月底前"):
    under a header of such cells that opens with 序号, each line that opens with the next row's number and
    holds as many cells. Another line ends the table (a cell holding a space cannot be told apart)."""
    rows = list(lines)
    columns, number = 0, 0
    for index, line in enumerate(lines):
        cells = line.text.split(" ")
        if "\t" not in line.text and _SPACED_HEADER.fullmatch(line.text):
            columns, number = len(cells), 1
        elif columns and len(cells) == columns and cells[0] == str(number):
            number += 1
        else:
            columns = 0
            continue
        rows[index] = _Line(["\t" if char == " " else char for char in line.chars], line.origins,
                            line.end_origin, line.width)
    return rows


_SPACED_HEADER = re.compile(r"序号(?: [\u4e00-\u9fff]{2,8}){2,7}")


def _pipe_cells(line: _Line) -> _Line | None:
    """``line`` with its pipes made tabs and the pipes at its ends dropped (the padding around them goes), or
    None when it is no row of cells: it needs two pipes between cells, or one and a pipe at an end."""
    chars = line.chars
    if chars.count("|") < 2:
        return None
    first, last = (1 if chars[0] == "|" else 0), (len(chars) - 1 if chars[-1] == "|" else len(chars))
    inner = chars[first:last].count("|")
    if inner < 1 or inner + (first > 0) + (last < len(chars)) < 2:
        return None
    kept_chars: list[str] = []
    kept_origins: list[int] = []
    for index in range(first, last):
        char = chars[index]
        padding = chars[index - 1] == "|" or (index + 1 < len(chars) and chars[index + 1] == "|")
        if char in " \t" and padding:
            continue  # the padding of a cell, or the tab a wide gap of padding was taken for
        kept_chars.append("\t" if char == "|" else char)
        kept_origins.append(line.origins[index])
    while kept_chars and kept_chars[-1] in " \t":
        kept_chars.pop()
        kept_origins.pop()
    return _Line(kept_chars, kept_origins, line.end_origin, line.width) if kept_chars else None


def _unspaced(line: _Line) -> _Line:
    """A line with the spaces between letter-spaced characters taken out ("区 应 急 管 理 局", as a
    justified or letter-spaced line gives them): the spaces around a run of two or more single Chinese
    characters, each a space from the next, when a Chinese character stands on the other side too."""
    if " " not in line.chars:
        return line
    words = line.text.split(" ")
    single = [_CJK.fullmatch(word) is not None for word in words]
    gone, at = set(), 0
    for i in range(len(words) - 1):
        at += len(words[i])
        left, right = words[i], words[i + 1]
        in_run = (single[i] and single[i + 1]) or (
            single[i] and i > 0 and single[i - 1] and _CJK.match(right) is not None) or (
            single[i + 1] and i + 2 < len(words) and single[i + 2] and _CJK.match(left[-1:]) is not None)
        if in_run:
            gone.add(at)
        at += 1
    if not gone:
        return line
    keep = [i for i in range(len(line.chars)) if i not in gone]
    return _Line([line.chars[i] for i in keep], [line.origins[i] for i in keep], line.end_origin, line.width)


def _cells_joined(lines: list[_Line]) -> list[_Line]:
    """Lines with each table cell a PDF wrapped onto several of them made one (:mod:`wrapped_cells`)."""
    runs = wrapped_cells([line.text for line in lines])
    if not runs:
        return lines
    joined = list(lines)
    for first, last in reversed(runs):
        parts = lines[first:last + 1]
        joined[first:last + 1] = [_Line([c for part in parts for c in part.chars],
                                         [o for part in parts for o in part.origins], parts[-1].end_origin,
                                         sum(part.width for part in parts))]
    return joined


def _space_separated_cells(text: str, start: int, end: int) -> set[int]:
    """Where the runs of two spaces or more between a table row's cells start, when a line without tabs
    has three of them (four cells: a row as PDF text gives it), or two after a row's number or 序号;
    none otherwise ("加强  应急  管理" is text spaced out)."""
    if "\t" in text[start:end]:
        return set()
    content = text[start:end].strip()
    first = start + text[start:end].find(content[:1]) if content else end
    last = first + len(content)
    gaps = sorted(m.start() for m in _CELL_GAP.finditer(text, first, last))
    numbered = bool(gaps) and _ROW_HEAD.fullmatch(text, first, gaps[0]) is not None
    return set(gaps) if len(gaps) >= 3 or (numbered and len(gaps) >= 2) else set()


_CELL_GAP = re.compile(r" {2,}")
_ROW_HEAD = re.compile(r"\d{1,3}|序号")


def _tidy_line(text: str, origins: list[int], start: int, end: int, end_origin: int) -> _Line:
    """One line with each run of spaces made one space (or its tabs, for table cells), stripped."""
    line_chars: list[str] = []
    line_origins: list[int] = []
    at = start
    cells = _space_separated_cells(text, start, end)
    for run in _SPACE_RUN.finditer(text, start, end):
        line_chars.extend(text[at:run.start()])
        line_origins.extend(origins[at:run.start()])
        if run.start() in cells:
            line_chars.append("\t")  # "1  年均每百万人口因自然灾害死亡率  0.98  <1": a table row's cells
            line_origins.append(origins[run.start()])
        elif "\t" in run.group():
            for position in range(run.start(), run.end()):
                if text[position] == "\t":
                    line_chars.append("\t")
                    line_origins.append(origins[position])
        else:
            line_chars.append(" ")
            line_origins.append(origins[run.start()])
        at = run.end()
    line_chars.extend(text[at:end])
    line_origins.extend(origins[at:end])
    first, last = 0, len(line_chars)
    while last > first and line_chars[last - 1] in " \t":
        last -= 1
    while first < last and line_chars[first] in " \t":
        first += 1
    if "\t" in line_chars[first:last]:  # a table row: a tab before its first text is an empty first cell
        while first > 0 and line_chars[first - 1] == "\t":
            first -= 1
    width = end_origin - origins[start] if start < end else 0
    return _Line(line_chars[first:last], line_origins[first:last], end_origin, width)


# Hard-wrapped text (copied from a PDF or a fixed-width page): most lines fill one width, and a sentence
# runs on over the line break. Joined again, "泥\n石流" is 泥石流 and a clause is one clause.
_WRAP_MIN_LINES = 5  # full lines a text needs before it counts as hard-wrapped
_WRAP_SHARE = 0.35  # ... and the share of its longer lines they make
_WRAP_SLACK = 3  # characters a full line may fall short of the width (a digit is half a Chinese one)
_WRAP_MIN_WIDTH = 24  # a page's line holds more than a short list item or a menu line
_SENTENCE_END = frozenset("。!?;:」』”)")
_LINE_START_MARKER = re.compile(r"(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、]|"
                                r"第[一二三四五六七八九十]+[章节条部]|[一二三四五六七八九十]是)")


def _wrap_width(lines: list[_Line]) -> int | None:
    """The width most lines fill when the text is hard-wrapped; None when it is not."""
    widths = [line.width for line in lines if len(line.chars) >= 12 and "\t" not in line.chars]
    if len(widths) < _WRAP_MIN_LINES:
        return None
    ordered = sorted(widths)

    def filling(width: int) -> int:  # how many lines are at most _WRAP_SLACK short of ``width``
        return bisect.bisect_right(ordered, width) - bisect.bisect_left(ordered, width - _WRAP_SLACK)

    width = max(set(widths), key=filling)
    full = filling(width)
    wrapped = width >= _WRAP_MIN_WIDTH and full >= max(_WRAP_MIN_LINES, _WRAP_SHARE * len(widths))
    return width if wrapped else None


def _unwrapped(lines: list[_Line]) -> list[_Line]:
    """Lines with each hard-wrapped one joined to the line it runs on into, over the blank lines a
    double-spaced copy puts between them."""
    width = _wrap_width(lines)
    if width is None:
        return lines
    joined: list[_Line] = []
    runs_on = False  # whether the last physical line fills the width and leaves its sentence open
    held: list[_Line] = []  # blank lines after such a line, dropped if the next line goes on with it
    for line in lines:
        if runs_on and (not line.chars or is_page_number(line.text, bare=False)):
            held.append(line)  # a page's number between the two halves of a sentence: dropped if it goes on
            continue
        if runs_on and _may_join(line):
            joined[-1] = _joined(joined[-1], line)
        else:
            joined.extend(held)
            joined.append(line)
        held = []
        runs_on = (bool(line.chars) and "\t" not in line.chars and width - line.width <= _WRAP_SLACK
                   and (line.chars[-1] not in _SENTENCE_END or _inside_brackets(joined[-1].chars)))
    return joined + held


# a page number left between the lines of a paginated document: "- 3 -", "第3页 共10页", "3/10"
_PAGE_NUMBER = re.compile(
    r"[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}")


def is_page_number(line: str, *, bare: bool = True) -> bool:
    """Whether ``line`` is a page's number ("— 2 —", "第2页 共5页", "2/5"; a bare "15" only if ``bare``:
    between a table's cells or a sentence's halves it is more likely a figure)."""
    return _PAGE_NUMBER.fullmatch(line) is not None and (bare or not line.isdigit())


def _brackets_closed(lines: list[_Line]) -> list[_Line]:
    """Lines with one that ends inside a bracket joined to the line that closes it, in any text
    ("(牵头⏎单位:危化处)": a note on a task is one phrase)."""
    joined: list[_Line] = []
    for line in lines:
        if joined and _may_join(line) and _closes_a_bracket(joined[-1].chars, line.chars):
            joined[-1] = _joined(joined[-1], line)
        else:
            joined.append(line)
    return joined


def _may_join(line: _Line) -> bool:
    """Whether ``line`` may go on the line above: text, no table row, no list marker opening it, nothing
    that would compose with the line above."""
    return bool(line.chars) and "\t" not in line.chars and not _joins_previous(line.chars[0]) \
        and not _LINE_START_MARKER.match(line.text)


def _joined(previous: _Line, line: _Line) -> _Line:
    gap = [" "] if _latin_letter(previous.chars[-1]) and _latin_letter(line.chars[0]) else []
    return _Line(previous.chars + gap + line.chars, previous.origins + [previous.end_origin] * len(gap)
                 + line.origins, line.end_origin)


def _joins_previous(char: str) -> bool:
    """A character that would compose with the end of the line above if joined to it (normalising the
    joined text again would change it)."""
    return unicodedata.combining(char) > 0 or char in _JOINS_PREVIOUS


def _closes_a_bracket(previous: list[str], line: list[str]) -> bool:
    """Whether ``previous`` ends inside a bracket, with an opening one among its last characters (a note),
    that ``line`` goes on in: closes, or does not open another before closing."""
    for opening, closing in _BRACKETS:
        cut = line.index(closing) if closing in line else len(line)
        if opening not in line[:cut] and _inside_brackets(previous, opening, closing) and opening in previous[
                -_NOTE_MAX:]:
            return True
    return False


_NOTE_MAX = 80  # characters a note in brackets may run to before its line ends


def _latin_letter(char: str) -> bool:
    """A letter of a Latin word, which a wrap between two of them separated by a space ("emergency
    management"); digits and Chinese join with none ("1⏎4个" is 14个)."""
    return char.isascii() and char.isalpha()


_BRACKETS = (("(", ")"), ("【", "】"), ("〔", "〕"), ("[", "]"))


def _inside_brackets(chars: list[str], opening: str = "(", closing: str = ")") -> bool:
    """Whether a line ends inside a bracket it opened: a ":" or ";" there ("(牵头单位:…;配合单位:") goes on
    in the bracket, on the next line."""
    return chars.count(opening) > chars.count(closing)


def _join(lines: list[_Line], input_length: int) -> Normalized:
    """Join lines with line breaks: no blank lines at either end, at most one blank line in a row."""
    chars: list[str] = []
    origins: list[int] = []
    previous_blank = True  # nothing before the first line: leading blank lines go
    pending_break: int | None = None  # origin of the line break owed before the next kept line
    for line in lines:
        if not line.chars:
            if not previous_blank and pending_break is not None:
                chars.append("\n")
                origins.append(pending_break)
                pending_break = line.end_origin
            previous_blank = True
            continue
        if pending_break is not None:
            chars.append("\n")
            origins.append(pending_break)
        chars.extend(line.chars)
        origins.extend(line.origins)
        pending_break = line.end_origin
        previous_blank = False
    if chars and chars[-1] == "\n":  # a blank line that no text followed
        chars.pop()
        origins.pop()
    origins.append(input_length)
    return Normalized("".join(chars), tuple(origins))

