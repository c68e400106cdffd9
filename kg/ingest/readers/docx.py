"""Word .docx: paragraphs and tables in document order (python-docx), a table as one line per row
with its cells joined by tabs, so later stages see rows, not a blur of cells.

python-docx trusts the archive: a 1.4 MB .docx holding 378 MiB of XML ran it out of memory (issue 9).
So the archive is checked first: its entries' sizes and compression ratios are bounded, and an XML
part with a DOCTYPE (the door to entity expansion and external entities) is refused outright; no
part of a genuine Office document has one.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import RawText

# A real plan's document.xml is well under 10 MB; images are stored, not inflated much.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_XML_PART_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 10_000
# XML compresses 5-20 times; a bomb a thousand times. Only big entries are held to the ratio.
MAX_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024
# In UTF-8 and in both UTF-16s (XML parts may be either).
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)|<\x00!\x00[DE]\x00|\x00<\x00!\x00[DE]", re.IGNORECASE)
_NOT_DOCX_HINT = "if it is an old Word .doc or a WPS file, open it in Word or WPS and save it as .docx"


def read_docx(path: Path, encoding: str | None = None) -> RawText:
    """``encoding`` is ignored: a .docx is UTF-8 XML."""
    check_archive(path)
    document = _open(path)
    lines = list(_body_lines(document))
    title = " ".join((document.core_properties.title or "").split()) or None
    return RawText(source=path.name, format="docx", text="\n".join(lines), title=title)


def check_archive(path: Path) -> None:
    """Refuse what is not a zip, a zip bomb, and XML parts with a DOCTYPE, before any parsing."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(path, "is not a .docx (not a zip archive)", _NOT_DOCX_HINT) from error
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise InputError(path, f"has {len(entries)} parts, more than a Word document has",
                             "it is not a genuine .docx")
        total = sum(entry.file_size for entry in entries)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputError(path, f"would unpack to {total / 2**20:.0f} MB (a zip bomb?)",
                             "it is not a genuine .docx")
        for entry in entries:
            _check_entry(archive, entry, path)


def _check_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, path: Path) -> None:
    ratio = entry.file_size / max(entry.compress_size, 1)
    if entry.file_size > RATIO_CHECKED_FROM_BYTES and ratio > MAX_RATIO:
        raise InputError(path, f"part {entry.filename} is compressed {ratio:.0f} times (a zip bomb?)",
                         "it is not a genuine .docx")
    if not entry.filename.lower().endswith((".xml", ".rels")):
        return
    if entry.file_size > MAX_XML_PART_BYTES:
        raise InputError(path, f"part {entry.filename} is {entry.file_size / 2**20:.0f} MB of XML",
                         "it is not a genuine .docx")
    tail = b""
    try:
        with archive.open(entry) as part:
            read = 0
            while chunk := part.read(_CHUNK):
                read += len(chunk)
                if read > MAX_XML_PART_BYTES:  # the header lied about the size
                    raise InputError(path, f"part {entry.filename} unpacks beyond its declared size",
                                     "it is not a genuine .docx")
                if _DOCTYPE.search(tail + chunk):
                    raise InputError(path, f"part {entry.filename} declares a DOCTYPE, which Word never "
                                     "writes (an XML entity attack?)", "it is not a genuine .docx")
                tail = chunk[-32:]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise InputError(path, f"part {entry.filename} cannot be unpacked ({error})",
                         "the file may be damaged: save it again from Word") from error


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise InputError(path, f"is not a Word document ({error})", _NOT_DOCX_HINT) from error
    except Exception as error:  # lxml and python-docx raise many kinds on malformed parts: report them all
        raise InputError(path, f"cannot be read as a Word document ({type(error).__name__}: {error})",
                         "open it in Word and save it again") from error


def _body_lines(document: Any) -> Iterator[str]:
    """The body's paragraphs and table rows in document order, including those in content controls.

    A paragraph numbered by Word ("1." or "一、" that Word draws, not typed text) gets its number
    written out, as it shows on the page: numbering is the structure later stages read.
    """
    from docx.oxml.ns import qn

    paragraph_tag, table_tag, control_tag = qn("w:p"), qn("w:tbl"), qn("w:sdt")
    content_tag = qn("w:sdtContent")
    numbering = _Numbering(document)

    def walk(container: Any) -> Iterator[str]:
        for child in container.iterchildren():
            if child.tag == paragraph_tag:
                yield numbering.label(child) + _unbroken(_paragraph_text(child))
            elif child.tag == table_tag:
                yield from _table_rows(child)
            elif child.tag == control_tag:
                for content in child.iterchildren(content_tag):
                    yield from walk(content)

    yield from walk(document.element.body)


def _paragraph_text(element: Any) -> str:
    """The text a reader sees in a paragraph: every run in document order, also those python-docx's
    ``Paragraph.text`` passes over because they sit in a wrapper (an unaccepted insertion, a smart tag,
    an inline content control, a simple field, custom XML), but not deleted text nor a fallback
    drawing. A run's own text is python-docx's (tabs and breaks as characters)."""
    return "".join(_runs_text(element))


def _unbroken(text: str) -> str:
    """A body paragraph's text with each soft line break (w:br, Shift+Enter) between two Chinese
    characters taken out: text pasted or converted with its line ends kept as breaks would split words
    ("区应急管" "理局"), and Chinese puts no space between words. Any other break stays a line break.
    A table cell's breaks are left alone: there they part names ("区应急管理局" "区财政局")."""
    return _BREAK_INSIDE_WORDS.sub("", text)


# A line break (w:br, w:cr: "\n" in python-docx's text) between two CJK ideographs.
_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_BREAK_INSIDE_WORDS = re.compile(f"(?<=[{_IDEOGRAPH}])\n(?=[{_IDEOGRAPH}])")


def _runs_text(element: Any) -> Iterator[str]:
    from docx.oxml.ns import qn

    run_tag = qn("w:r")
    for child in element.iterchildren():
        if child.tag == run_tag:
            yield child.text
        elif child.tag not in _NOT_READ:
            yield from _runs_text(child)


_NOT_READ = frozenset(
    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag
    for tag in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "smartTagPr", "customXmlPr")
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def _table_rows(table: Any) -> Iterator[str]:
    """One line a row, cells joined by tabs. A cell merged across columns appears once (python-docx's
    ``row.cells`` would repeat it); a cell merged down over rows gives its text to each of them (a 牵头单位
    or 完成时限 shared by two tasks is each task's); a cell's own line breaks and tabs become spaces so
    the row stays one line."""
    from docx.oxml.ns import qn

    merged_down: dict[int, str] = {}  # grid column -> the text of the merged cell that starts there
    for row in table.iterchildren(qn("w:tr")):
        cells, column = [], 0
        for cell in row.iterchildren(qn("w:tc")):
            texts = [_paragraph_text(p) for p in cell.iter(qn("w:p"))]
            text = " ".join(" ".join(texts).split())
            properties = cell.find(qn("w:tcPr"))
            span = properties.find(qn("w:gridSpan")) if properties is not None else None
            vertical = properties.find(qn("w:vMerge")) if properties is not None else None
            if vertical is not None and vertical.get(qn("w:val")) == "restart":
                merged_down[column] = text
            elif vertical is not None:  # a continuation: the cell above, drawn over this row
                text = merged_down.get(column, text)
            cells.append(text)
            column += int(span.get(qn("w:val"), "1")) if span is not None else 1
        if any(cells):
            yield "\t".join(cells)


# --- numbering Word draws ------------------------------------------------------------------------

_CHINESE_DIGITS = "零一二三四五六七八九"
_CHINESE_FORMATS = frozenset({"chineseCounting", "chineseCountingThousand", "japaneseCounting",
                              "taiwaneseCounting", "chineseLegalSimplified"})
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _chinese_number(value: int) -> str:
    """一, 十, 十一, 二十, 一百零五 ... (up to 9999)."""
    if not 0 < value < 10000:
        return str(value)
    parts: list[str] = []
    gap = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit_value % 10
        if not digit:
            gap = gap or bool(parts)
            continue
        if gap:
            parts.append("零")
            gap = False
        parts.append(_CHINESE_DIGITS[digit] + unit)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def _letters(value: int) -> str:
    """a, b, ... z, aa, bb ... as Word counts."""
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else str(value)


def _roman(value: int) -> str:
    text = ""
    for amount, numeral in _ROMAN:
        while value >= amount:
            text += numeral
            value -= amount
    return text


def format_number(value: int, number_format: str) -> str:
    """A counter in one of Word's number formats (w:numFmt)."""
    if number_format in _CHINESE_FORMATS:
        return _chinese_number(value)
    if number_format == "ideographTraditional":
        return _HEAVENLY_STEMS[(value - 1) % 10]
    if number_format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if number_format == "decimalEnclosedParen" and 1 <= value <= 20:
        return chr(0x2474 + value - 1)
    if number_format == "decimalEnclosedFullstop" and 1 <= value <= 20:
        return chr(0x2488 + value - 1)
    if number_format in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters.upper() if number_format == "upperLetter" else letters
    if number_format in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.upper() if number_format == "upperRoman" else roman
    if number_format == "decimalZero":
        return f"{value:02d}"
    return str(value)


@dataclass(frozen=True)
class _Level:
    number_format: str
    text: str
    start: int


class _Numbering:
    """Word's list numbering (numbering.xml), counted the way Word counts it, for the labels a
    reader sees but the document's text does not hold."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self._document = document
        self._levels: dict[str, dict[int, _Level]] = {}  # numId -> level -> definition
        self._abstract_of: dict[str, str] = {}  # numId -> abstractNumId (counters are shared there)
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        self._style_cache: dict[str, tuple[str, int] | None] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # a document without lists
        abstracts = {element.get(qn("w:abstractNumId")): self._read_levels(element)
                     for element in numbering.iterchildren(qn("w:abstractNum"))}
        for num in numbering.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            abstract = num.find(qn("w:abstractNumId"))
            abstract_id = abstract.get(qn("w:val")) if abstract is not None else None
            levels = dict(abstracts.get(abstract_id, {}))
            for override in num.iterchildren(qn("w:lvlOverride")):
                level = int(override.get(qn("w:ilvl"), "0"))
                start = override.find(qn("w:startOverride"))
                if start is not None and level in levels:
                    levels[level] = replace(levels[level], start=int(start.get(qn("w:val"), "1")))
                redefined = override.find(qn("w:lvl"))
                if redefined is not None:
                    levels.update(self._read_levels(override))
            self._levels[num_id] = levels
            self._abstract_of[num_id] = abstract_id or num_id

    def _read_levels(self, element: Any) -> dict[int, _Level]:
        qn = self._qn
        levels = {}
        for level in element.iterchildren(qn("w:lvl")):
            def value(tag: str, default: str, level: Any = level) -> str:
                found = level.find(qn(tag))
                return found.get(qn("w:val"), default) if found is not None else default
            levels[int(level.get(qn("w:ilvl"), "0"))] = _Level(
                value("w:numFmt", "decimal"), value("w:lvlText", ""), int(value("w:start", "1")))
        return levels

    def label(self, paragraph: Any) -> str:
        """The number Word draws before ``paragraph`` ("" when it has none), and count it."""
        reference = self._reference(paragraph)
        if reference is None:
            return ""
        num_id, level = reference
        levels = self._levels.get(num_id, {})
        if level not in levels:
            return ""
        counters = self._counters.setdefault(self._abstract_of[num_id], {})
        if num_id not in self._started:  # a list's first use starts from its (overridden) starts
            self._started.add(num_id)
            for overridden, definition in levels.items():
                if overridden >= level:
                    counters.pop(overridden, None)
                elif overridden not in counters:
                    counters[overridden] = definition.start
        counters[level] = counters[level] + 1 if level in counters else levels[level].start
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        definition = levels[level]
        if definition.number_format in ("bullet", "none"):
            return ""

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            outer = levels.get(index)
            count = counters.get(index, outer.start if outer else 1)
            return format_number(count, outer.number_format if outer else "decimal")

        return re.sub(r"%([1-9])", number, definition.text)

    def _reference(self, paragraph: Any) -> tuple[str, int] | None:
        qn = self._qn
        properties = paragraph.find(qn("w:pPr"))
        if properties is None:
            return None
        numbered = properties.find(qn("w:numPr"))
        style = properties.find(qn("w:pStyle"))
        from_style = self._style_reference(style.get(qn("w:val"))) if style is not None else None
        if numbered is None:
            return from_style
        num = self._value(numbered, "w:numId") or (from_style[0] if from_style else None)
        if num is None or num == "0":  # numId 0 switches a style's numbering off
            return None
        level = self._value(numbered, "w:ilvl")
        return num, int(level) if level else (from_style[1] if from_style else 0)

    def _value(self, element: Any, tag: str) -> str | None:
        child = element.find(self._qn(tag))
        return child.get(self._qn("w:val")) if child is not None else None

    def _style_reference(self, style_id: str | None, depth: int = 0) -> tuple[str, int] | None:
        """Numbering a paragraph style carries, through its basedOn chain."""
        if style_id is None or depth > 20:
            return None
        if style_id in self._style_cache:
            return self._style_cache[style_id]
        qn = self._qn
        found: tuple[str, int] | None = None
        style = self._document.styles.element.get_by_id(style_id)
        if style is not None:
            numbered = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numbered is not None:
                num_id = self._value(numbered, "w:numId")
                if num_id and num_id != "0":
                    found = (num_id, int(self._value(numbered, "w:ilvl") or 0))
            else:
                based_on = style.find(qn("w:basedOn"))
                found = self._style_reference(based_on.get(qn("w:val")) if based_on is not None else None,
                                              depth + 1)
        self._style_cache[style_id] = found
        return found
