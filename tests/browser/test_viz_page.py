"""The ``kg viz`` page in headless Chromium: it opens from file:// with no request to the network and no
console error, holds the expected nodes, shows the legend and Chinese, and shows hostile text as text."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import cli
from kg.views.pyvis_page import FONT_FACE


def hover_node(page, node_id: str) -> str:
    """Move the mouse over a node; return the tooltip's text."""
    point = page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", node_id)
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible")
    return page.inner_text("div.vis-tooltip")


def test_viz_page_offline_nodes_legend_chinese_and_hostile_text(page, tmp_path, hostile_store, views_data,
                                                                 artifacts, assert_chinese_renders):
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(cli, ["viz", "--store", str(hostile_store), "-o", str(out),
                                      "--title", views_data.HOSTILE_TITLE])
    assert result.exit_code == 0, result.output
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-ready='1']")
    page.seen.assert_clean()
    assert all(url.startswith("file://") for url in page.seen.requests), page.seen.requests

    labels = set(page.evaluate("nodes.get().map((node) => node.label)"))
    assert {"甲市应急管理局", "甲市水务局", "综合处", "洪涝", "台风", views_data.HOSTILE_AGENCY} <= labels
    assert page.evaluate("edges.get({filter: (edge) => edge.kind === 'lead'}).length") == 4
    legend = page.inner_text("#kg-legend")
    for entry in ("图例", "责任主体", "任务措施", "灾种", "牵头", "配合"):
        assert entry in legend
    assert_chinese_renders(page, FONT_FACE)

    # the heading and the tooltips show the markup as text, and none of it became an element
    assert page.inner_text("#kg-header h1") == views_data.HOSTILE_TITLE
    assert page.title() == views_data.HOSTILE_TITLE
    measure = page.evaluate("nodes.get({filter: (n) => n.kind === 'measure' && n.label.includes('<')})[0].id")
    tooltip = hover_node(page, measure)
    assert views_data.HOSTILE_MEASURE in tooltip and "6月底前 (截止 2023-06-30)" in tooltip
    assert page.evaluate("document.querySelectorAll('img, iframe, textarea, a[href]').length") == 0
    assert page.evaluate("document.querySelectorAll('div.vis-tooltip *:not(div):not(b)').length") == 0
    page.screenshot(path=str(artifacts / "viz-page.png"))
    page.seen.assert_clean()
