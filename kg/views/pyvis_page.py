"""The responsibility network as one HTML page that works offline and alone (``kg viz``).

    >>> from kg.views.graph import to_networkx
    >>> from kg.views.pyvis_page import write_page
    >>> write_page(to_networkx(store), "graph.html", lang="en")  # doctest: +SKIP

The page is pyvis's own (``Network.generate_html``) with what pyvis gets wrong designed around:

- vis-network comes inlined from pyvis's bundled copy (``cdn_resources="in_line"``; ``"local"`` and
  ``"remote"`` load it from a CDN, a blank page offline), and the bootstrap links the template adds even then
  are removed; :func:`render_page` refuses to return a page that still loads anything from the network;
- document text is never HTML: nodes carry no string ``title`` (pyvis switches every tooltip to ``innerHTML``
  as soon as one title contains "href"); tooltips are built in the page from the data with ``textContent``,
  the data is inlined as HTML-safe JSON, and the heading and legend are escaped here (pyvis inserts
  ``heading`` unescaped, so it stays empty);
- nodes and edges are handed to pyvis as lists (``add_edge`` checks every edge already there: quadratic);
- up to :data:`PHYSICS_LIMIT` nodes, tuned physics (forceAtlas2Based, 200 stabilisation iterations, no
  improvedLayout) settles in a few seconds; above, positions are computed here and physics is off; above
  :data:`MAX_NODES`, :func:`render_page` asks for a filter instead of freezing a browser;
- the file is written as UTF-8 by :func:`write_page`.

:func:`vis_elements` (the nodes and edges as vis.js data, with colours, shapes, sizes and tooltip lines) and
:func:`layout_positions` are shared with the explorer of ``kg serve``.
"""

from __future__ import annotations

import html
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["LANGS", "MAX_NODES", "PHYSICS_LIMIT", "layout_positions", "legend_items", "render_page",
           "vis_elements", "vis_options", "write_page"]

PHYSICS_LIMIT = 500  # above this many nodes, positions are computed beforehand and physics is off
MAX_NODES = 2000  # above this many, a page is refused: a browser would take too long to draw it
TOOLTIP_CHARS = 400  # a measure's text is cut here in its tooltip (the explorer shows it whole)
LANGS = ("zh", "en")
FONT_FACE = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", ' \
            '"WenQuanYi Micro Hei", sans-serif'

# Colours of the Okabe–Ito palette (told apart by colour-blind readers), one shape per kind.
NODE_STYLES: dict[str, dict[str, str]] = {
    "agency": {"shape": "dot", "color": "#0072B2"},
    "division": {"shape": "dot", "color": "#56B4E9"},
    "measure": {"shape": "square", "color": "#009E73"},
    "measure_due": {"shape": "square", "color": "#E69F00"},
    "hazard": {"shape": "triangle", "color": "#D55E00"},
}
NATIONAL_BORDER = "#1A1A1A"
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "lead": {"color": "#333333", "width": 2.5, "dashes": False, "arrows": "to"},
    "support": {"color": "#8C8C8C", "width": 1.2, "dashes": [6, 4], "arrows": "to"},
    "addresses": {"color": "#E8A27C", "width": 1.0, "dashes": [2, 4], "arrows": ""},
    "part_of": {"color": "#56B4E9", "width": 1.0, "dashes": [1, 3], "arrows": "to"},
    "shares": {"color": "#8C8C8C", "width": 1.0, "dashes": False, "arrows": ""},
}

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "责任网络", "agency": "责任主体", "division": "内设机构", "measure": "任务措施",
        "measure_due": "有时限的任务", "hazard": "灾种", "lead": "牵头", "support": "配合",
        "addresses": "涉及灾种", "part_of": "隶属", "shares": "共同任务", "deadline": "时限", "due": "截止",
        "plan": "规划", "section": "章节", "other_names": "其他名称", "function": "职能", "leads": "牵头任务",
        "supports": "配合任务", "measures": "任务数", "national": "国家级机构", "legend": "图例",
        "count_agency": "{n} 个主体", "count_measure": "{n} 项任务", "count_hazard": "{n} 个灾种",
        "hint": "拖动平移，滚轮缩放，悬停查看详情", "evidence": "原文",
    },
    "en": {
        "title": "Responsibility network", "agency": "agency", "division": "internal division",
        "measure": "measure", "measure_due": "measure with a deadline", "hazard": "hazard", "lead": "lead",
        "support": "support", "addresses": "addresses hazard", "part_of": "part of",
        "shares": "shared measures", "deadline": "deadline", "due": "due", "plan": "plan",
        "section": "section", "other_names": "other names",
        "function": "function", "leads": "measures led", "supports": "measures supported",
        "measures": "measures", "national": "national body", "legend": "Legend",
        "count_agency": "{n} agencies", "count_measure": "{n} measures", "count_hazard": "{n} hazards",
        "hint": "drag to pan, scroll to zoom, hover for details", "evidence": "text",
    },
}


def _strings(lang: str) -> dict[str, str]:
    if lang not in STRINGS:
        raise KGError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return STRINGS[lang]


# --- nodes and edges as vis.js data --------------------------------------------------------------


def _style_key(data: dict[str, Any]) -> str:
    kind = data["kind"]
    if kind == "agency" and data.get("division"):
        return "division"
    if kind == "measure" and data.get("due"):
        return "measure_due"
    return kind


def _size(data: dict[str, Any]) -> float:
    """Node size: agencies and hazards grow with their responsibility load, measures stay small."""
    if data["kind"] == "measure":
        return 7.0
    base = 12.0 if data["kind"] == "agency" else 10.0
    return round(min(base + 5.0 * math.sqrt(data.get("load", 0)), 48.0), 1)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _label(data: dict[str, Any], lang: str) -> str:
    if lang == "en" and data.get("label_en"):
        return data["label_en"]
    return data.get("label", "")


def _node_info(data: dict[str, Any], lang: str) -> list[list[str]]:
    """Tooltip lines ``[name, value]`` of a node (rendered as text by the page's script)."""
    words = _strings(lang)
    kind = data["kind"]
    lines: list[list[str]] = []
    if kind == "measure":
        lines.append([words["measure"], _clip(data.get("text", ""), TOOLTIP_CHARS)])
        if data.get("deadline"):
            due = f" ({words['due']} {data['due']})" if data.get("due") else ""
            lines.append([words["deadline"], data["deadline"] + due])
        lines.append([words["plan"], data.get("plan_title") or data.get("plan_source", "")])
        if data.get("section"):
            lines.append([words["section"], data["section"]])
    elif kind == "agency":
        lines.append([words["division" if data.get("division") else "agency"], data.get("label", "")])
        if data.get("alt_labels"):
            lines.append([words["other_names"], data["alt_labels"]])
        function = data.get("function_label_en" if lang == "en" else "function_label") or data.get("function")
        if function:
            lines.append([words["function"], function])
        if data.get("national"):
            lines.append([words["national"], "✓"])
        lines.append([words["leads"], str(data.get("lead", 0))])
        lines.append([words["supports"], str(data.get("support", 0))])
    elif kind == "hazard":
        names = [data.get("label", "")] + ([data["label_en"]] if data.get("label_en") else [])
        lines.append([words["hazard"], " / ".join(names)])
        lines.append([words["measures"], str(data.get("load", 0))])
    return lines


def _edge_info(data: dict[str, Any], lang: str) -> list[list[str]]:
    words = _strings(lang)
    kind = data.get("kind", "")
    if kind in ("lead", "support") and data.get("evidence"):
        return [[words[kind], _clip(data["evidence"], TOOLTIP_CHARS)]]
    if kind == "shares":
        return [[words["shares"], str(data.get("weight", 1))]]
    return []


def vis_elements(graph: nx.DiGraph, lang: str = "zh",
                 positions: dict[str, tuple[float, float]] | None = None
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The nodes and edges of ``graph`` as vis.js items: colour, shape and size by kind and load,
    lead/support edges told apart, tooltip lines in ``info`` (never a ``title``: see the module's doc).

    Every value is plain data; the page turns ``info`` into DOM text itself.
    """
    _strings(lang)  # an unknown language fails here, before any work
    nodes = []
    for node, data in graph.nodes(data=True):
        style = NODE_STYLES[_style_key(data)]
        item: dict[str, Any] = {"id": node, "label": _label(data, lang), "kind": data["kind"],
                                "shape": style["shape"], "color": style["color"], "size": _size(data),
                                "info": _node_info(data, lang)}
        if data["kind"] == "agency" and data.get("national"):  # one body nationwide: a dark ring
            item["color"] = {"background": style["color"], "border": NATIONAL_BORDER}
            item["borderWidth"] = 3
        # Agencies and hazards keep readable labels when zoomed out; measures show theirs up close.
        item["font"] = {"size": 10 if data["kind"] == "measure" else round(14 + _size(data) / 3)}
        if positions is not None and node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    edges = []
    for index, (source, target, data) in enumerate(graph.edges(data=True)):
        kind = data.get("kind", "")
        style = EDGE_STYLES.get(kind, EDGE_STYLES["shares"])
        edge: dict[str, Any] = {"id": f"e{index}", "from": source, "to": target, "kind": kind,
                                "color": style["color"], "width": style["width"], "dashes": style["dashes"],
                                "arrows": style["arrows"], "info": _edge_info(data, lang)}
        if kind == "shares":
            edge["width"] = round(min(1.0 + math.log2(data.get("weight", 1)), 6.0), 2)
        edges.append(edge)
    return nodes, edges


def legend_items(graph: nx.DiGraph, lang: str = "zh") -> list[dict[str, Any]]:
    """The legend's entries for what ``graph`` holds: ``{"label", "shape", "color"}`` for node kinds and
    ``{"label", "line", "color", "dashed"}`` for edge kinds."""
    words = _strings(lang)
    present_nodes = {_style_key(data) for _node, data in graph.nodes(data=True)}
    present_edges = {data.get("kind") for *_ends, data in graph.edges(data=True)}
    items: list[dict[str, Any]] = []
    for key, style in NODE_STYLES.items():
        if key in present_nodes:
            items.append({"key": key, "label": words[key], "shape": style["shape"], "color": style["color"]})
    if any(data.get("national") for _node, data in graph.nodes(data=True)):
        items.append({"key": "national", "label": words["national"], "shape": "dot",
                      "color": NODE_STYLES["agency"]["color"], "ring": NATIONAL_BORDER})
    for key, style in EDGE_STYLES.items():
        if key in present_edges:
            items.append({"key": key, "label": words[key], "line": True, "color": style["color"],
                          "dashed": bool(style["dashes"]), "width": style["width"]})
    return items


# --- layout --------------------------------------------------------------------------------------


def vis_options(physics: bool) -> dict[str, Any]:
    """vis-network options: tuned physics for mid-size views, none when positions are given."""
    options: dict[str, Any] = {
        "layout": {"improvedLayout": False},
        "edges": {"smooth": False, "selectionWidth": 2},
        "nodes": {"font": {"size": 13, "face": FONT_FACE}, "borderWidth": 1},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
    }
    if physics:
        options["physics"] = {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "springConstant": 0.08,
                                 "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 25, "fit": True},
            "minVelocity": 1.0,
        }
    else:
        options["physics"] = {"enabled": False}
    return options


def layout_positions(graph: nx.DiGraph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions for a large view, computed without a browser in about a second for 2,000 nodes.

    A force layout of every node costs O(n²) a step (20 s for 2,000 nodes here), so only the skeleton is laid
    out: agencies and hazards, linked as strongly as the measures they share. Each measure then goes beside
    the middle of its agencies and hazards, measures with the same place on a small spiral.
    """
    import numpy as np

    skeleton = [node for node, data in graph.nodes(data=True) if data["kind"] != "measure"]
    index = {node: i for i, node in enumerate(skeleton)}
    weights = np.zeros((len(skeleton), len(skeleton)))
    for node, data in graph.nodes(data=True):
        if data["kind"] != "measure":
            continue
        around = [index[other] for other in (*graph.predecessors(node), *graph.successors(node))
                  if other in index]
        for a in around:
            for b in around:
                if a != b:
                    weights[a, b] += 1.0
    for source, target, data in graph.edges(data=True):
        if data.get("kind") in ("part_of", "shares") and source in index and target in index:
            weights[index[source], index[target]] = weights[index[target], index[source]] = 1.0
    scale = 40.0 * math.sqrt(max(len(graph), 1))
    anchor = _force_layout(weights, seed=seed) * scale
    positions = {node: (float(anchor[i, 0]), float(anchor[i, 1])) for node, i in index.items()}
    _place_measures(graph, positions, scale)
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in positions.items()}


def _force_layout(weights: Any, *, seed: int, iterations: int = 60) -> Any:
    """Fruchterman–Reingold on a dense weight matrix, positions in [-1, 1]²."""
    import numpy as np

    count = weights.shape[0]
    rng = np.random.default_rng(seed)
    position = rng.uniform(-1.0, 1.0, size=(count, 2))
    if count <= 1:
        return position * 0.0
    k = 2.0 / math.sqrt(count)
    temperature = 0.2
    for _ in range(iterations):
        delta = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = k * k / distance ** 2 - weights * distance / k
        displacement = np.einsum("ijk,ij->ik", delta, force)
        length = np.maximum(np.linalg.norm(displacement, axis=-1), 0.01)
        position += displacement * (np.minimum(length, temperature) / length)[:, None]
        temperature *= 0.95
    position -= position.mean(axis=0)
    spread = np.abs(position).max()
    return position / spread if spread > 0 else position


def _place_measures(graph: nx.DiGraph, positions: dict[str, tuple[float, float]], scale: float) -> None:
    golden = math.pi * (3.0 - math.sqrt(5.0))
    crowd: dict[tuple[int, int], int] = defaultdict(int)
    loose = 0
    for node, data in graph.nodes(data=True):
        if data["kind"] != "measure":
            continue
        around = [positions[other] for other in (*graph.predecessors(node), *graph.successors(node))
                  if other in positions]
        if not around:  # no agency, no hazard: a row below the drawing
            positions[node] = (-scale + 30.0 * loose, scale * 1.2)
            loose += 1
            continue
        x = sum(point[0] for point in around) / len(around)
        y = sum(point[1] for point in around) / len(around)
        cell = (round(x / 20.0), round(y / 20.0))
        rank = crowd[cell]
        crowd[cell] += 1
        radius = 28.0 + 9.0 * math.sqrt(rank)
        positions[node] = (x + radius * math.cos(rank * golden), y + radius * math.sin(rank * golden))


# --- the page ------------------------------------------------------------------------------------

_CDN_TAG = re.compile(r"<(link|script)\b[^>]*\b(?:href|src)\s*=\s*[\"']?(?:https?:)?//[^>]*>"
                      r"(?:\s*</script>)?", re.IGNORECASE)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
# pyvis's template keeps a commented-out link to node_modules: harmless, but nothing should even name a file
_DEAD_LINKS = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.DOTALL)
_NETWORK_LOAD = re.compile(r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*"
                           r"\b(?:src|href|data)\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)

PAGE_CSS = """
html, body { margin: 0; padding: 0; font-family: %(font)s; color: #222; background: #fff; }
#kg-header { padding: 8px 14px 6px; border-bottom: 1px solid #ddd; }
#kg-header h1 { font-size: 18px; margin: 0 0 2px; font-weight: 600; }
#kg-header p { margin: 0; font-size: 13px; color: #555; }
#kg-legend { position: fixed; right: 12px; top: 70px; z-index: 10; background: rgba(255,255,255,0.94);
  border: 1px solid #ccc; border-radius: 6px; padding: 6px 10px; font-size: 12px; line-height: 1.7; }
#kg-legend h2 { font-size: 12px; margin: 0 0 2px; font-weight: 600; }
#kg-legend li { list-style: none; display: flex; align-items: center; gap: 6px; }
#kg-legend ul { margin: 0; padding: 0; }
.kg-swatch { display: inline-block; width: 12px; height: 12px; flex: none; }
.kg-swatch.dot { border-radius: 50%%; }
.kg-swatch.triangle { width: 0; height: 0; background: none !important; border-left: 7px solid transparent;
  border-right: 7px solid transparent; border-bottom: 12px solid var(--kg-color); }
.kg-line { display: inline-block; width: 24px; height: 0; border-top: 2px solid; flex: none; }
.kg-line.dashed { border-top-style: dashed; }
#mynetwork { float: none !important; border: none !important; }
div.vis-tooltip { white-space: pre-wrap !important; max-width: 460px; font-family: %(font)s;
  font-size: 13px; line-height: 1.5; padding: 6px 8px; }
.kg-tip b { font-weight: 600; margin-right: 4px; }
"""

# Runs after pyvis's drawGraph(): turns each item's ``info`` into a DOM tooltip with textContent only,
# stops physics once the layout has settled, and marks the page ready (for tests and scripts).
PAGE_SCRIPT = """
(function () {
  function tooltip(lines) {
    var box = document.createElement("div");
    box.className = "kg-tip";
    lines.forEach(function (pair) {
      var line = document.createElement("div");
      var name = document.createElement("b");
      name.textContent = pair[0];
      line.appendChild(name);
      line.appendChild(document.createTextNode(pair[1]));
      box.appendChild(line);
    });
    return box;
  }
  function titled(items) {
    return items.filter(function (item) { return item.info && item.info.length; })
      .map(function (item) { return {id: item.id, title: tooltip(item.info)}; });
  }
  nodes.update(titled(nodes.get()));
  edges.update(titled(edges.get()));
  function ready() {
    var bar = document.getElementById("loadingBar");
    if (bar) { bar.style.display = "none"; }
    document.body.setAttribute("data-ready", "1");
  }
  if (network.physics.options.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      ready();
    });
  } else {
    ready();
  }
})();
"""


def _legend_html(items: list[dict[str, Any]], lang: str) -> str:
    words = _strings(lang)
    rows = []
    for item in items:
        label = html.escape(item["label"])
        color = item["color"]  # one of this module's constants, never document text
        if item.get("line"):
            dashed = " dashed" if item["dashed"] else ""
            swatch = f'<span class="kg-line{dashed}" style="border-top-color:{color}"></span>'
        else:
            shape = {"dot": "dot", "square": "square", "triangle": "triangle"}[item["shape"]]
            ring = f";box-shadow:0 0 0 2px {item['ring']}" if item.get("ring") else ""
            swatch = (f'<span class="kg-swatch {shape}" '
                      f'style="background:{color};--kg-color:{color}{ring}"></span>')
        rows.append(f'<li data-key="{html.escape(item["key"])}">{swatch}<span>{label}</span></li>')
    return (f'<div id="kg-legend"><h2>{html.escape(words["legend"])}</h2><ul>{"".join(rows)}</ul></div>')


def _header_html(graph: nx.DiGraph, title: str, lang: str) -> str:
    words = _strings(lang)
    kinds = [data["kind"] for _node, data in graph.nodes(data=True)]
    counts = " · ".join(words[f"count_{kind}"].format(n=kinds.count(kind))
                        for kind in ("agency", "measure", "hazard") if kind in kinds)
    filters = graph.graph.get("filters")
    subtitle = " · ".join(part for part in (counts, filters, words["hint"]) if part)
    return (f'<div id="kg-header"><h1>{html.escape(title)}</h1>'
            f"<p>{html.escape(subtitle)}</p></div>")


def render_page(graph: nx.DiGraph, *, title: str | None = None, lang: str = "zh",
                max_nodes: int = MAX_NODES) -> str:
    """The page of ``graph``: one self-contained HTML document (vis-network inlined, nothing from the
    network). ``title`` defaults to "责任网络" / "Responsibility network"; ``lang`` is ``zh`` or ``en``.

    Raises :class:`~kg.errors.KGError` when the graph is empty or has more than ``max_nodes`` nodes.
    """
    from pyvis.network import Network

    words = _strings(lang)
    count = graph.number_of_nodes()
    if count == 0:
        raise KGError("nothing to draw: no measure of this view has an agency or a hazard "
                      "(try fewer filters, or `kg list` to see what the store holds)")
    if count > max_nodes:
        raise KGError(f"the view has {count} nodes, more than a browser draws smoothly ({max_nodes}): "
                      "narrow it with --plan, --agency, --hazard, --depth or --since/--until")
    physics = count <= PHYSICS_LIMIT
    positions = None if physics else layout_positions(graph)
    nodes, edges = vis_elements(graph, lang, positions)

    network = Network(height="calc(100vh - 64px)", width="100%", directed=True, heading="",
                      cdn_resources="in_line")
    # HTML-safe JSON (jinja's tojson escapes < > & ') without \\u escapes for every Chinese character.
    network.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    network.nodes, network.edges = nodes, edges  # in bulk: add_node/add_edge are slow for big graphs
    network.options = vis_options(physics)
    page = network.generate_html()
    return _finish_page(page, graph, title or words["title"], lang)


def _finish_page(page: str, graph: nx.DiGraph, title: str, lang: str) -> str:
    """pyvis's page without its CDN links and empty headings, with a title, a legend and the tooltips."""
    page = _CDN_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_LINKS.sub("", page)
    html_lang = "zh-CN" if lang == "zh" else "en"
    page = page.replace("<html>", f'<!DOCTYPE html>\n<html lang="{html_lang}">', 1)
    head = (f"<title>{html.escape(title)}</title>\n"
            f"<style>{PAGE_CSS % {'font': FONT_FACE}}</style>\n</head>")
    page = page.replace("</head>", head, 1)
    page = page.replace("<body>", "<body>\n" + _header_html(graph, title, lang)
                        + _legend_html(legend_items(graph, lang), lang), 1)
    page = page.replace("</body>", f"<script>{PAGE_SCRIPT}</script>\n</body>", 1)
    if _NETWORK_LOAD.search(page) or "</head>" not in page:
        raise KGError("the installed pyvis writes pages that load files from the network: "
                      "install pyvis 0.3.x (`pip install 'pyvis>=0.3,<0.4'`)")
    return page


def write_page(graph: nx.DiGraph, path: Path | str, **options: Any) -> int:
    """Write the page of ``graph`` (:func:`render_page`) to ``path`` as UTF-8; returns its size in bytes."""
    data = render_page(graph, **options).encode("utf-8")
    Path(path).write_bytes(data)
    return len(data)
