"""How a document was read: ``kg inspect FILE`` (a readable outline) and ``kg inspect FILE --json``.

The JSON form (:func:`document_to_dict`) is a stable, documented tree::

    {
      "source": "004_fcd55c30be0749a7.txt",       # the input's file name
      "format": "txt",                             # the reader that read it (txt, html, pdf, docx)
      "content_hash": "<sha256 of the file's bytes>",
      "meta": {
        "title": str | null, "published": "YYYY-MM-DD" | null, "issuer": str | null,
        "doc_number": str | null,                  # "石大政发〔2022〕61号"
        "doc_type": "work_plan" | "five_year_plan" | "summary_and_plan" | "campaign_plan" | "other" | null,
        "jurisdiction": str | null,                # "广州市"
        "level": "province" | "city" | "county" | "district" | "town" | null,
        "year": int | null, "end_year": int | null  # end_year: last year of a multi-year plan
      },
      "counts": {"sections": int, "items": int, "paragraphs": int, "sentences": int,
                 "tables": int, "rows": int},
      "front_matter": {"start": 0, "end": int},    # text before the body: page chrome, index table, title
      "tree": NODE                                 # the root, kind "document"
    }

Every NODE has::

    {
      "kind": "document" | "section" | "item" | "paragraph" | "sentence" | "table" | "row",
      "number": str | null,          # as written: "一、", "(一)", "1.", "一是", "——"; a row's 序号
      "heading": str | null,         # a section's or item's title, a table's caption, a row's first cell
      "heading_path": [str, ...],    # headings of the enclosing sections/items/tables, outermost first
      "start": int, "end": int,      # character offsets [start, end) into the normalised text
      "text": str,                   # sentences and rows only (the rest is text[start:end])
      "columns": [str, ...],         # tables only: the header's cells
      "children": [NODE, ...]
    }

This module reads :mod:`kg.model` records only; it never imports the ingest stage.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from kg.model import Document, DocumentMeta, Node

__all__ = ["count_nodes", "document_to_dict", "render_document"]

ITEM_WIDTH = 40  # an item's line in the outline shows this many characters of its title
SECTION_WIDTH = 60
_COUNTED = (("section", "sections"), ("item", "items"), ("paragraph", "paragraphs"),
            ("sentence", "sentences"), ("table", "tables"), ("row", "rows"))
_META_LABELS = (("title", "title"), ("published", "published"), ("issuer", "issuer"),
                ("doc_number", "doc number"), ("doc_type", "type"))


def count_nodes(root: Node) -> dict[str, int]:
    """How many sections, items, paragraphs, sentences, tables and rows a tree holds."""
    kinds = Counter(node.kind for node in root.walk())
    return {plural: kinds[kind] for kind, plural in _COUNTED}


def _meta_to_dict(meta: DocumentMeta) -> dict[str, Any]:
    return {
        "title": meta.title,
        "published": meta.published.isoformat() if meta.published else None,
        "issuer": meta.issuer,
        "doc_number": meta.doc_number,
        "doc_type": meta.doc_type,
        "jurisdiction": meta.jurisdiction,
        "level": meta.level,
        "year": meta.year,
        "end_year": meta.end_year,
    }


def _columns(table: Node, text: str) -> list[str]:
    """A table's header cells: the text between the table's start and its first row."""
    header_end = table.children[0].span.start if table.children else table.span.end
    header = text[table.span.start:header_end]
    return [cell.strip() for cell in re.split(r"[\t\n]", header) if cell.strip()]


def _node_to_dict(node: Node, text: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "kind": node.kind,
        "number": node.number,
        "heading": node.heading,
        "heading_path": list(node.heading_path),
        "start": node.span.start,
        "end": node.span.end,
    }
    if node.kind in ("sentence", "row"):
        result["text"] = node.span.text
    if node.kind == "table":
        result["columns"] = _columns(node, text)
    result["children"] = [_node_to_dict(child, text) for child in node.children]
    return result


def _front_matter_end(document: Document) -> int:
    return document.root.children[0].span.start if document.root.children else len(document.text)


def document_to_dict(document: Document) -> dict[str, Any]:
    """The document as the JSON tree described in this module's docstring."""
    return {
        "source": document.source,
        "format": document.format,
        "content_hash": document.content_hash,
        "meta": _meta_to_dict(document.meta),
        "counts": count_nodes(document.root),
        "front_matter": {"start": 0, "end": _front_matter_end(document)},
        "tree": _node_to_dict(document.root, document.text),
    }


# --- the readable view -----------------------------------------------------------------------------


def _clip(text: str, width: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[:width] + "…"


def _meta_lines(meta: DocumentMeta) -> list[str]:
    lines = []
    for field, label in _META_LABELS:
        value = getattr(meta, field)
        lines.append(f"{label:<13} {value if value is not None else '—'}")
    place = meta.jurisdiction or "—"
    level = f" ({meta.level})" if meta.level else ""
    lines.append(f"{'jurisdiction':<13} {place}{level}")
    years = "—" if meta.year is None else str(meta.year)
    if meta.end_year is not None and meta.end_year != meta.year:
        years += f"–{meta.end_year}"
    lines.append(f"{'year':<13} {years}")
    return lines


def _outline(node: Node, text: str, depth: int, lines: list[str]) -> None:
    indent = "  " * depth
    if node.kind == "section":
        title = _clip(node.heading or "", SECTION_WIDTH)
        lines.append(f"{indent}{node.number or '§'} {title}".rstrip())
    elif node.kind == "item":
        lines.append(f"{indent}{node.number or '•'} {_clip(node.heading or node.span.text, ITEM_WIDTH)}")
    elif node.kind == "paragraph":
        lines.append(f"{indent}¶ {_clip(node.span.text, ITEM_WIDTH)}")
    elif node.kind == "table":
        caption = f" {_clip(node.heading, ITEM_WIDTH)}" if node.heading else ""
        columns = " | ".join(_columns(node, text))
        columns = f" ({columns})" if columns else ""
        lines.append(f"{indent}table{caption}: {len(node.children)} rows{columns}")
        return
    else:  # the document, sentences and rows: no line of their own
        if node.kind != "document":
            return
    for child in node.children:
        _outline(child, text, depth + (node.kind != "document"), lines)


def _counts_line(counts: dict[str, int]) -> str:
    return ", ".join(f"{number} {name if number != 1 else name[:-1]}" for name, number in counts.items())


def render_document(document: Document) -> str:
    """A readable view: the metadata, an indented outline (numbers and headings, items cut to about
    forty characters, tables with their row counts) and the counts."""
    lines = [f"{document.source} ({document.format})"]
    lines.extend(f"  {line}" for line in _meta_lines(document.meta))
    front = _front_matter_end(document)
    if front:
        lines.append(f"  {'front matter':<13} characters 0–{front} (not part of the plan's structure)")
    lines.append("")
    _outline(document.root, document.text, 0, lines)
    lines.append("")
    lines.append(_counts_line(count_nodes(document.root)))
    return "\n".join(lines)
