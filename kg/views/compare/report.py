"""A comparison :class:`~kg.views.compare.model.Report` as HTML, Markdown, CSV or JSON.

The HTML page stands alone and works offline: inline CSS, no script at all, heat maps as table cells with a
background colour, each table's SPARQL query in a collapsible block (with the PREFIX lines it needs, so it
runs on any SPARQL 1.1 engine over a ``kg export``). Every text that comes from a document or the store is
escaped, so a measure that reads ``<script>`` shows as text.

CSV is long-form, one cell per line, ``table,row,column,value`` (row numbers from 1), which pandas pivots
back into any table::

    df = pd.read_csv("report.csv")
    df[df.table == "hazard_coverage"].pivot(index="row", columns="column", values="value")

JSON holds the sections and their tables: ``{"title", "summary", "sections": [{"id", "title", "tables":
[{"name", "title", "columns": [{"key", "label", "kind"}], "rows", "query_name", "query", "bindings",
"note"}]}]}``.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable

from kg import __version__
from kg.rdf.namespaces import PREFIXES, compact
from kg.views.compare.model import Column, Label, Report, Section, Table, Value

__all__ = ["FORMATS", "render", "render_csv", "render_html", "render_json", "render_md", "with_prefixes"]

FORMATS = ("html", "md", "csv", "json")


def render(report: Report, fmt: str = "html") -> str:
    """``report`` in one of :data:`FORMATS`."""
    renderers: dict[str, Callable[[Report], str]] = {
        "html": render_html, "md": render_md, "csv": render_csv, "json": render_json}
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    return renderers[fmt](report)


def with_prefixes(query: str) -> str:
    """``query`` with a PREFIX line for every project prefix it uses and does not declare."""
    declared = {match.lower() for match in re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", query)}
    used = [prefix for prefix in PREFIXES
            if prefix.lower() not in declared and re.search(rf"(?<![\w:/#<-]){re.escape(prefix)}:", query)]
    header = "".join(f"PREFIX {prefix}: <{PREFIXES[prefix]}>\n" for prefix in used)
    return header + query


def _format_value(value: Value, kind: str) -> str:
    """A cell as plain text (Markdown and the HTML cell's content before escaping)."""
    if value is None:
        return ""
    if kind == "share" and isinstance(value, (int, float)):
        return f"{value:.0%}"
    if kind == "iri" and isinstance(value, str):
        return compact(value)
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def _binding_note(table: Table) -> str | None:
    if not table.bindings:
        return None
    values = ", ".join(f"?{name} = {value}" for name, value in table.bindings.items())
    clause = " ".join(f"VALUES ?{name} {{ {value} }}" for name, value in table.bindings.items())
    return f"{values} (add `{clause}` inside WHERE to run it by hand)"


# --- HTML ----------------------------------------------------------------------------------------


_CSS = """
:root { --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --paper: #ffffff; --tint: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 1.5rem 2rem 4rem; color: var(--ink);
  background: var(--paper); line-height: 1.5; font-size: 15px;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
  "WenQuanYi Micro Hei", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", system-ui, sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; } h2 { font-size: 1.35rem; margin: 2.4rem 0 .6rem;
  border-bottom: 2px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; }
.en { color: var(--muted); font-weight: normal; margin-left: .35em; }
h1 .en { display: block; margin: 0; font-size: 1rem; }
nav ol { columns: 2; padding-left: 1.2rem; } nav a { color: inherit; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .8rem 0;
  color: var(--muted); } dl.summary dt { font-weight: 600; } dl.summary dd { margin: 0; }
figure { margin: 0 0 1.2rem; }
.scroll { overflow-x: auto; max-width: 100%; border: 1px solid var(--rule); border-radius: 4px; }
table { border-collapse: collapse; font-size: .88rem; width: max-content; min-width: 100%; }
th, td { border: 1px solid var(--rule); padding: .25rem .45rem; vertical-align: top; text-align: left; }
thead th { background: var(--tint); position: sticky; top: 0; font-weight: 600; }
thead th .en { display: block; margin: 0; font-size: .8em; }
td.num, td.heat, td.share { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.heat.zero { color: #b7bfc7; }
td.text { max-width: 42em; white-space: normal; overflow-wrap: anywhere; }
td.iri { font-size: .8em; white-space: nowrap; } td.iri a { color: var(--muted); }
p.note { color: var(--muted); font-size: .85rem; margin: .3rem 0; }
details { margin: .3rem 0 1rem; } summary { cursor: pointer; color: var(--muted); font-size: .85rem; }
pre { background: var(--tint); padding: .7rem; overflow-x: auto; font-size: .8rem; border-radius: 4px; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; }
@media print { .scroll { overflow: visible; } details { display: none; } }
"""


def _text(value: str | None) -> str:
    return html.escape(value or "", quote=True)


def _label(label: Label, tag: str = "span") -> str:
    """Chinese, then English in a muted span marked ``lang="en"``."""
    english = ""
    if label.en and label.en != label.zh:
        english = f' <span class="en" lang="en">{_text(label.en)}</span>'
    return f"<{tag}>{_text(label.zh)}{english}</{tag}>" if tag != "span" else f"{_text(label.zh)}{english}"


def _heat_style(value: float, top: float) -> str:
    """A blue background, darker for larger values; white text on the darkest cells."""
    share = value / top if top else 0.0
    lightness = 97 - 55 * share
    colour = "#ffffff" if lightness < 58 else "#1f2328"
    return f' style="background:hsl(212,70%,{lightness:.0f}%);color:{colour}"'


def _cell(value: Value, column: Column, top: float, depth: int = 0) -> str:
    shown = _format_value(value, column.kind)
    if column.kind == "heat":
        number = float(value) if isinstance(value, (int, float)) else 0.0
        if not number:
            return f'<td class="heat zero">{_text(shown or "0")}</td>'
        return f'<td class="heat"{_heat_style(number, top)}>{_text(shown)}</td>'
    if column.kind in ("number", "share"):
        return f'<td class="{"num" if column.kind == "number" else "share"}">{_text(shown)}</td>'
    if column.kind == "iri" and isinstance(value, str):
        if re.match(r"https?://", value):
            return f'<td class="iri"><a href="{_text(value)}" title="{_text(value)}">{_text(shown)}</a></td>'
        return f'<td class="iri">{_text(shown)}</td>'
    indent = f' style="padding-left:{0.45 + 1.2 * depth:.2f}rem"' if depth else ""
    return f'<td class="text"{indent}>{_text(shown)}</td>'


def _html_table(table: Table) -> str:
    heat = [table.columns.index(column) for column in table.columns if column.kind == "heat"]
    top = max((float(row[i]) for row in table.rows for i in heat if isinstance(row[i], (int, float))),
              default=0.0)
    head = "".join(f"<th>{_label(column.label)}</th>" for column in table.columns)
    body = []
    for number, row in enumerate(table.rows):
        depth = table.depths[number] if number < len(table.depths) else 0
        cells = "".join(_cell(value, column, top, depth if position == 0 else 0)
                        for position, (value, column) in enumerate(zip(row, table.columns, strict=True)))
        body.append(f"<tr>{cells}</tr>")
    if not table.rows:
        body.append(f'<tr><td colspan="{len(table.columns)}">（无 <span lang="en">none</span>）</td></tr>')
    parts = [f'<figure id="t-{_text(table.name)}">', _label(table.title, "h3"),
             f'<div class="scroll"><table><thead><tr>{head}</tr></thead>',
             f'<tbody>{"".join(body)}</tbody></table></div>']
    if table.note:
        parts.append(f'<p class="note">{_label(table.note)}</p>')
    if table.query:
        bound = _binding_note(table)
        bound_html = f'<p class="note" lang="en">Bound: {_text(bound)}</p>' if bound else ""
        summary = f'SPARQL（{_text(table.query_name)}.rq）<span lang="en"> query</span>'
        parts.append(f"<details><summary>{summary}</summary>{bound_html}"
                     f"<pre><code>{_text(with_prefixes(table.query))}</code></pre></details>")
    parts.append("</figure>")
    return "\n".join(parts)


def _html_section(section: Section) -> str:
    parts = [f'<section id="{_text(section.id)}">', _label(section.title, "h2")]
    if section.intro:
        parts.append(f'<p class="note">{_label(section.intro)}</p>')
    parts += [_html_table(table) for table in section.tables]
    parts.append("</section>")
    return "\n".join(parts)


def render_html(report: Report) -> str:
    """A standalone HTML page (UTF-8, ``lang="zh-Hans"``, inline CSS, no scripts)."""
    summary = "".join(f"<dt>{_text(what)}</dt><dd>{_text(value)}</dd>" for what, value in report.summary)
    toc = "".join(f'<li><a href="#{_text(section.id)}">{_label(section.title)}</a></li>'
                  for section in report.sections)
    body = "\n".join(_html_section(section) for section in report.sections)
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="emkg {_text(__version__)}">\n'
        f"<title>{_text(str(report.title))}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header>{_label(report.title, 'h1')}\n<dl class=\"summary\">{summary}</dl>\n"
        f"<nav><ol>{toc}</ol></nav></header>\n<main>\n{body}\n</main>\n"
        f'<footer lang="en">Made by emkg {_text(__version__)} (<code>kg compare</code>). Every number comes '
        "from the SPARQL query shown under its table; run it with <code>kg query FILE.rq --store DIR</code>."
        "</footer>\n"
        "</body>\n</html>\n"
    )


# --- Markdown ------------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    """A Markdown table cell: one line, pipes and HTML escaped (Markdown passes raw HTML through)."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def render_md(report: Report) -> str:
    """GitHub-flavoured Markdown: a heading per section, pipe tables, queries in ``sparql`` fences."""
    lines = [f"# {_md_cell(str(report.title))}", ""]
    lines += [f"- **{_md_cell(what)}**: {_md_cell(value)}" for what, value in report.summary]
    for section in report.sections:
        lines += ["", f"## {_md_cell(str(section.title))}", ""]
        if section.intro:
            lines += [_md_cell(str(section.intro)), ""]
        for table in section.tables:
            lines += [f"### {_md_cell(str(table.title))}", ""]
            lines.append("| " + " | ".join(_md_cell(str(column.label)) for column in table.columns) + " |")
            lines.append("|" + "|".join("---:" if column.kind in ("number", "heat", "share") else "---"
                                        for column in table.columns) + "|")
            lines += ["| " + " | ".join(_md_cell(_format_value(value, column.kind))
                                        for value, column in zip(row, table.columns, strict=True)) + " |"
                      for row in table.rows]
            if table.note:
                lines += ["", f"*{_md_cell(str(table.note))}*"]
            if table.query:
                bound = _binding_note(table)
                lines += ["", f"Query `{table.query_name}.rq`" + (f"; {bound}" if bound else "") + ":", "",
                          "```sparql", with_prefixes(table.query).rstrip(), "```"]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- CSV and JSON --------------------------------------------------------------------------------


def render_csv(report: Report) -> str:
    """Every cell of every table, one per line: ``table,row,column,value``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "row", "column", "value"])
    for table in report.tables():
        for number, row in enumerate(table.rows, 1):
            for value, column in zip(row, table.columns, strict=True):
                writer.writerow([table.name, number, column.key, "" if value is None else value])
    return out.getvalue()


def _label_json(label: Label | None) -> dict[str, str | None] | None:
    return None if label is None else {"zh": label.zh, "en": label.en}


def render_json(report: Report) -> str:
    """The report's sections and tables as one JSON document (UTF-8, not ASCII-escaped)."""
    document = {
        "title": _label_json(report.title),
        "summary": dict(report.summary),
        "generator": f"emkg {__version__}",
        "sections": [{
            "id": section.id, "title": _label_json(section.title), "intro": _label_json(section.intro),
            "tables": [{
                "name": table.name, "title": _label_json(table.title),
                "columns": [{"key": c.key, "label": _label_json(c.label), "kind": c.kind}
                            for c in table.columns],
                "rows": [list(row) for row in table.rows],
                "query_name": table.query_name, "query": table.query, "bindings": table.bindings,
                "note": _label_json(table.note),
            } for table in section.tables],
        } for section in report.sections],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
