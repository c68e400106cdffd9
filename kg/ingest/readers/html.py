"""Web pages: the main content (trafilatura), one line per paragraph and per table row, with the
page's title and publication date from its metadata.

What a site lays out as tables around the article is taken out first: the 信息公开 index table (its
发布机构 and 文号 still reach the metadata as front matter) and menus whose rows are only links. An
article title the text lacks (pages set it in <h1>, <h2>, <div class="title"> ..., and trafilatura
often leaves it out) is put in front of the text from the <h1> or the page's title.

When trafilatura finds nothing (it gives up silently on some pages: very deep nesting, a huge text
node), the text of ``<body>`` is taken instead, without scripts, styles, forms and lines that are
mostly links (menus). A page with no text left is an :class:`~kg.errors.EmptyDocument`, never an
empty plan.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.errors import EmptyDocument, InputError
from kg.ingest.chrome import is_chrome, is_index_table
from kg.ingest.document_kinds import KINDS, alternation
from kg.ingest.readers.txt import decode_text
from kg.model import RawText

_NO_ARTICLE_HINT = ("the page may load its text with JavaScript, or be malformed: save it from the browser "
                    "after it has loaded, or copy the text into a .txt file")
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
                               re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Declared charsets that mean a superset in practice: pages labelled gb2312 use GBK characters.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs",
                    "iso-8859-1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}
# <meta> names and properties that carry the publication date or the title, best first.
_DATE_METAS = ("pubdate", "publishdate", "publish_date", "publishtime", "firstpublishedtime",
               "article:published_time", "og:published_time", "datepublished", "dc.date.issued",
               "dcterms.issued", "dc.date", "citation_publication_date", "date")
_TITLE_METAS = ("articletitle", "og:title", "dc.title", "twitter:title")
_DATE_LABEL = re.compile(r"(?:发布日期|发布时间|成文日期|印发日期)\s*[:：]\s*"
                         r"(\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2})")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
# (?<!\s): a run of spaces is tried from its first one only, not from each (quadratic on a long run).
_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s*(?:_|\||｜| - | — | – |-{2,})\s*")
# Dashes a page title may put, unspaced, between the document's name and the site's.
_DASHES = "-‐–—－"
# A document's full name says whose or when ("某某县防汛工作方案", "2025年工作要点"); a shorter page
# title is the generic name a site gives its pages ("工作要点", "应急预案"), not the article's heading.
MIN_PAGE_TITLE = 8

# A line that only separates the links of a breadcrumb.
_CRUMB_SEPARATOR = re.compile(r"\n[ \t]*([>»›＞])[ \t]*\n")
# Elements whose content is never document text.
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
                   "head", "title", "meta", "link", "nav", "header", "footer", "aside", "form", "select",
                   "option", "button", "input", "textarea", "label", "map", "area", "audio", "video"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that start a new line, in trafilatura's output vocabulary and in HTML.
_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "code", "row", "doc", "main", "div", "section",
                     "article", "body", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
                     "h6", "blockquote", "pre", "address", "figure", "figcaption", "center", "hr", "tr",
                     "table", "tbody", "thead", "tfoot", "caption", "graphic"})
_ROWS = frozenset({"row", "tr"})
# Blocks that make a table cell a page's layout when it holds several of them (see _lays_out_a_page).
_PAGE_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section",
                          "article", "head", "list", "item"})
MIN_LAYOUT_BLOCKS = 3
_CELLS = frozenset({"cell", "td", "th"})
_BREAKS = frozenset({"lb", "br"})
# A fallback line is a menu when most of its characters are link text.
_MAX_LINK_SHARE = 0.5
# Menu items and labels are shorter than this; a line of prose is not.
_MIN_PROSE_LINE = 20


def read_html(path: Path, encoding: str | None = None) -> RawText:
    from kg.ingest.readers import read_bytes

    markup = decode_html(read_bytes(path), path, encoding)
    tree = _parse(markup, path)
    # what the page says of its document, read before the index table is taken out of the page
    title, published, fields = _title(tree), _published(tree), _index_fields(tree)
    spread = _spread_merged_cells(tree)
    if _take_out_site_tables(tree) or spread:
        import lxml.html

        markup = lxml.html.tostring(tree, encoding="unicode")
    text = _main_text(markup)
    if not _has_article(text):
        text = _body_text(tree)
    heading = _document_heading(tree, title)
    if heading and not _holds(text, heading):
        text = f"{heading}\n{text}"  # trafilatura leaves out a title set in <h2>, <div class="title"> ...
    if not _has_article(text):
        raise EmptyDocument(path, "no article text found", _NO_ARTICLE_HINT)
    return RawText(source=path.name, format="html", text=text, title=title, published=published,
                   front_matter=_front_matter(fields, text))


def decode_html(data: bytes, path: Path | str, encoding: str | None = None) -> str:
    """A page's text: the user's encoding, else a BOM, else the charset the page declares (if its
    bytes fit it), else the encoding detected as for .txt files."""
    if encoding or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, path, encoding)[0]
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = _CHARSET_ALIASES.get(name, name)
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration is common: detect instead
    return decode_text(data, path)[0]


def _parse(markup: str, path: Path | str) -> Any:
    import lxml.etree
    import lxml.html

    # lxml refuses a str that declares its encoding; the text is decoded already.
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        raise EmptyDocument(path, "no article text found", _NO_ARTICLE_HINT)
    try:
        return lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as error:
        raise InputError(path, f"is not readable HTML: {error}", "open it in a browser and save it again") \
            from error


def _spread_merged_cells(tree: Any) -> bool:
    """Give a cell merged down over rows (``rowspan``) to each row it covers, as a reader sees it: a
    牵头单位 or 完成时限 shared by two tasks is each task's. Whether any cell was spread."""
    import copy

    spread = False
    for table in tree.iter("table"):
        pending: dict[int, list[Any]] = {}  # column -> [rows still to cover, the cell]
        for row in (r for r in table.iter("tr") if _table_of(r) is table):
            cells = [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
            column, position = 0, 0
            for cell in [*cells, None]:
                while column in pending:  # cells merged down from above stand before this one
                    left, above = pending.pop(column)
                    filler = copy.deepcopy(above)
                    filler.tail = None
                    row.insert(position, filler)
                    if left > 1:
                        pending[column] = [left - 1, above]
                    position, column, spread = position + 1, column + _span(above, "colspan"), True
                if cell is None:
                    break
                if _span(cell, "rowspan") > 1:
                    pending[column] = [_span(cell, "rowspan") - 1, cell]
                    del cell.attrib["rowspan"]  # spread here, not again by the text extractor
                position = row.index(cell) + 1
                column += _span(cell, "colspan")
    return spread


def _table_of(row: Any) -> Any:
    return next((parent for parent in row.iterancestors() if parent.tag == "table"), None)


def _take_out_site_tables(tree: Any) -> bool:
    """Take out of the page what its site lays out as tables: the 信息公开 index table (索引号, 发布机构,
    成文日期 ...) and menus whose rows are only links. Their rows, joined by tabs, are lines no chrome rule
    matches whole: they read as measures, and 成文日期 as a deadline. Whether anything was taken out."""
    taken = False
    for table in list(tree.iter("table")):
        rows = _own_rows(table)
        if is_index_table([[_normalised(_cell_text(cell)) for cell in _own_cells(row)] for row in rows]):
            table.drop_tree()  # drop_tree keeps the text after the table
            taken = True
            continue
        for row in rows:
            if _is_menu(row):
                row.drop_tree()
                taken = True
    return taken


def _own_rows(table: Any) -> list[Any]:
    """The rows of ``table`` itself, not those of tables inside its cells."""
    return [row for row in table.iter("tr") if _table_of(row) is table]


def _own_cells(row: Any) -> list[Any]:
    return [cell for cell in row if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")]


def _is_menu(row: Any) -> bool:
    """Whether a table row holds links and nothing else but separators ("首页 | 政务公开")."""
    cells = [cell for cell in _own_cells(row) if _cell_text(cell)]
    has_links = any(next(cell.iter("a"), None) is not None for cell in cells)
    return has_links and not any(char.isalnum() for cell in cells for text in _unlinked_text(cell)
                                 for char in text)


def _unlinked_text(element: Any) -> Iterable[str]:
    """The text under ``element`` outside its links (and outside what is never text)."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag == "a" or tag in _SKIP or not tag:  # comments and processing instructions have no str tag
        return
    if element.text:
        yield element.text
    for child in element:
        yield from _unlinked_text(child)
        if child.tail:
            yield child.tail


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _span(cell: Any, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(attribute, "1")), 1000))
    except ValueError:
        return 1


def _has_article(text: str) -> bool:
    """Whether ``text`` holds at least one line of prose: a sentence, or a line longer than a menu
    item, that is not site chrome. trafilatura's last resort returns a page's menus when it finds
    no article; that is not a document."""
    for line in text.splitlines():
        line = unicodedata.normalize("NFKC", line).strip()
        if (len(line) >= _MIN_PROSE_LINE or "。" in line) and not is_chrome(line):
            return True
    return False


def _main_text(markup: str) -> str:
    import trafilatura

    document = trafilatura.bare_extraction(markup, include_tables=True, include_comments=False,
                                           include_images=False, include_links=False, with_metadata=False,
                                           deduplicate=False)
    body = getattr(document, "body", None)
    if body is None:
        return ""
    for heading in body.iter("head"):  # trafilatura's <head rend="h2">: a heading, not a page's <head>
        heading.tag = heading.get("rend") if heading.get("rend") in _HEADINGS else "h2"
    # trafilatura's own text nodes may hold line breaks it means (its baseline puts a page in one <p>).
    text = "\n".join(text for text, _ in _lines(body, newlines_are_breaks=True))
    # ... and it puts each link of a breadcrumb on a line of its own: one line again, which the chrome
    # rules know ("首页 > 通知公告 > 正文"), instead of crumbs that read as headings or join the title
    return _CRUMB_SEPARATOR.sub(r" \1 ", text)


def _body_text(tree: Any) -> str:
    body = tree.find("body")
    if body is None:
        return ""
    return "\n".join(text for text, links in _lines(body) if links <= _MAX_LINK_SHARE * len(text))


def _lines(root: Any, newlines_are_breaks: bool = False) -> list[tuple[str, int]]:
    """The text under ``root`` as lines (blocks and rows), each with its count of link characters.

    A table row is one line with its cells joined by tabs, so later stages see rows, not a blur.
    A line break in a text node is a space, as in a browser, unless ``newlines_are_breaks``.
    """
    lines: list[tuple[str, int]] = []
    current: list[str] = []
    link_chars = 0

    def flush() -> None:
        nonlocal link_chars
        joined = "".join(current)
        for part in joined.split("\n") if newlines_are_breaks else [joined]:
            text = " ".join(part.split())
            if text:
                lines.append((text, link_chars))
        current.clear()
        link_chars = 0

    def add(text: str | None, in_link: bool) -> None:
        nonlocal link_chars
        if text:
            current.append(text)
            if in_link:
                link_chars += len(text.strip())

    def walk(element: Any, in_link: bool) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _SKIP or not tag:  # comments and processing instructions have no str tag
            add(element.tail, in_link)
            return
        if tag in _ROWS:
            flush()
            cells = [cell for cell in element if isinstance(cell.tag, str) and cell.tag.lower() in _CELLS]
            if any(_lays_out_a_page(cell) for cell in cells):
                for cell in cells:  # a layout table: the cell holds the article's paragraphs, not a datum
                    walk(cell, in_link)
                    flush()
            elif any(texts := [_cell_text(cell) for cell in cells]):
                lines.append(("\t".join(texts), 0))
            add(element.tail, in_link)
            return
        if tag in _BREAKS:
            flush()
            add(element.tail, in_link)
            return
        block = tag in _BLOCKS
        if block:
            flush()
        add(element.text, in_link or tag == "a" or tag == "ref")
        for child in element:
            walk(child, in_link or tag == "a" or tag == "ref")
        if block:
            flush()
        add(element.tail, in_link)

    walk(root, False)
    flush()
    return lines


def _lays_out_a_page(cell: Any) -> bool:
    """Whether a table cell holds a page's blocks (several paragraphs, a table of its own), as old portals
    lay out an article, rather than one datum of a row."""
    blocks = 0
    for part in cell.iterdescendants():
        tag = part.tag.lower() if isinstance(part.tag, str) else ""
        if tag == "table":
            return True
        blocks += tag in _PAGE_BLOCKS
        if blocks >= MIN_LAYOUT_BLOCKS:
            return True
    return False


def _cell_text(cell: Any) -> str:
    return " ".join(" ".join(_itertext(cell)).split())


def _itertext(element: Any) -> Iterable[str]:
    for part in element.iter():
        tag = part.tag.lower() if isinstance(part.tag, str) else ""
        if tag and tag not in _SKIP and part.text:
            yield part.text
        if part is not element and part.tail:
            yield part.tail


def _metas(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        if key and content and key not in found:
            found[key] = content
    return found


def _title(tree: Any) -> str | None:
    metas = _metas(tree)
    for key in _TITLE_METAS:
        if metas.get(key):
            return metas[key]
    title = tree.find(".//title")
    text = " ".join(title.text_content().split()) if title is not None else ""
    if text:
        first = _without_site_after_dash(_TITLE_SEPARATOR.split(text)[0])
        return first if len(first) >= 4 else text
    heading = tree.find(".//h1")
    text = " ".join(heading.text_content().split()) if heading is not None else ""
    return text or None


def _published(tree: Any) -> dt.date | None:
    metas = _metas(tree)
    for key in _DATE_METAS:
        date = _parse_date(metas.get(key, ""))
        if date:
            return date
    body = tree.find("body")
    if body is None:
        return None
    label = _DATE_LABEL.search(" ".join(_itertext(body)))
    return _parse_date(label.group(1)) if label else None


def _without_site_after_dash(title: str) -> str:
    """A page title without the site's name after a bare dash ("…工作方案-辉县市人民政府"). A dash inside
    the document's name stays ("2021-2025年", "安全生产—消防专项"): what comes before the dash must end
    as a document's name ends, and what comes after it hold no digit."""
    cut = max(title.rfind(dash) for dash in _DASHES)
    if cut <= 0 or title[cut - 1] in _DASHES:  # "--" and "——" are separators or a subtitle's dash
        return title
    head, site = title[:cut].rstrip(), title[cut + 1:].strip()
    if site and not any(char.isdigit() for char in site) and _DOCUMENT_KIND_END.search(head):
        return head
    return title


def _document_heading(tree: Any, title: str | None) -> str | None:
    """The article's own title: the page's <h1> when it names a document ("关于印发…的通知", "…工作方案"),
    not the site (a logo); else the page's ``title`` (see :func:`_title`) when that is a document's full
    name. Pages set the title in <h2>, <div class="title">, <font><b> ..., which trafilatura leaves out."""
    heading = tree.find(".//h1")
    text = " ".join(heading.text_content().split()) if heading is not None else ""
    if _DOCUMENT_KIND_END.search(text):
        return text
    if title and len(title) >= MIN_PAGE_TITLE and _DOCUMENT_KIND_END.search(title):
        return title
    return None


def _holds(text: str, heading: str) -> bool:
    """Whether ``text`` holds ``heading`` already, whatever its spaces, line breaks and full-width forms."""
    return _compact(heading) in _compact(text)


def _compact(text: str) -> str:
    return "".join(_normalised(text).split())


# the last words of a document's name: what a page's <h1> ends with when it is the article's heading
_DOCUMENT_KIND_END = re.compile(alternation((*KINDS, "分工表"))
                                + r"[”\"》]?\s*(?:[(（][^()（）]{1,24}[)）])?$")


def _index_fields(tree: Any) -> dict[str, str]:
    """The labelled fields of the page's 信息公开 table (发布机构, 文号 ...), the first value of each."""
    body = tree.find("body")
    if body is None:
        return {}
    fields: dict[str, str] = {}
    for row in body.iter("tr", "li", "p", "dd", "span"):
        for match in _FIELD.finditer(" ".join(_itertext(row))):
            fields.setdefault(re.sub(r"\s", "", match.group("label")), match.group("value"))
    return fields


def _front_matter(fields: dict[str, str], article: str) -> str:
    """The index table's ``fields`` that the article leaves out, as "label:value" lines: the content
    container (div#zoom) often holds the text alone, and the index table is taken out of the page."""
    return "".join(f"{label}:{value}\n" for label, value in fields.items() if label not in article)


_FIELD = re.compile(r"(?P<label>发布机构|发文机关|发文单位|文\s*号|发文字号)\s*[:：]\s*"
                    r"(?P<value>[^\s:：]{2,40})")


def _parse_date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None
