"""The explorer of ``kg serve`` in headless Chromium, against a real server on 127.0.0.1: the page loads with
no console error and nothing from the network, a search filters the graph, a click shows the details panel
with the source text highlighted and a link to the query on /sparql, and hostile text stays text."""

from __future__ import annotations

import time
from urllib.parse import unquote

from kg.views.pyvis_page import FONT_FACE

GRAPH_READY = "document.body.getAttribute('data-graph') === 'ready'"


def wait_until(page, expression: str, timeout: float = 30.0) -> None:
    """Poll ``expression`` in the page (page.wait_for_function compiles it with eval, which kg serve's
    Content-Security-Policy forbids, as it should)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.1)


def open_explorer(page, server: str) -> None:
    response = page.goto(server + "/")
    # kg serve's policy holds: no inline script or style, nothing from elsewhere
    assert "script-src 'self'" in response.headers["content-security-policy"]
    wait_until(page, GRAPH_READY)


def labels(page) -> set[str]:
    return set(page.evaluate("emkgExplorer.nodes.get().map((node) => node.label)"))


def click_node(page, label: str) -> None:
    point = page.evaluate("""(label) => {
        const explorer = window.emkgExplorer;
        const node = explorer.nodes.get({filter: (item) => item.label === label})[0];
        return explorer.network.canvasToDOM(explorer.network.getPositions([node.id])[node.id]);
    }""", label)
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#details:not([hidden])")


def test_search_filters_and_a_click_shows_the_source(page, server, views_data, artifacts,
                                                      assert_chinese_renders):
    open_explorer(page, server)
    assert len(labels(page)) == 13
    assert page.inner_text("#status") == "6 个主体 · 4 项任务 · 3 个灾种"
    assert page.locator("#legend [data-key='lead']").inner_text() == "牵头"
    assert_chinese_renders(page, FONT_FACE)

    page.fill("#q", "台风防御")
    page.press("#q", "Enter")
    wait_until(page, GRAPH_READY + " && emkgExplorer.nodes.length === 3")
    assert labels(page) == {"2. 市气象局负责，汛期前开展…", "甲市气象局", "台风"}

    page.fill("#q", "")
    page.select_option("#hazard", "flood")
    wait_until(page, GRAPH_READY + " && emkgExplorer.nodes.length === 7")
    assert labels(page) >= {"洪涝", "甲市应急管理局", "甲市水务局", views_data.HOSTILE_AGENCY}
    assert "甲市气象局" not in labels(page)

    click_node(page, "1. 市应急管理局牵头，市水务…")
    paragraph = page.inner_text("#details .paragraph")
    assert paragraph == "1.市应急管理局牵头，市水务局配合，3月底前完成防汛预案修订。"
    assert page.inner_text("#details mark.lead") == "市应急管理局牵头"
    assert page.inner_text("#details mark.support") == "市水务局配合"
    assert page.inner_text("#details mark.deadline") == "3月底前"
    href = page.get_attribute("#details-sparql", "href")
    assert href.startswith("/sparql?query=") and "VALUES ?node" in unquote(href)
    # the link runs on the server's /sparql and gives the rows the panel was made of
    answer = page.request.get(server + href, headers={"Accept": "application/sparql-results+json"})
    assert answer.status == 200
    rows = answer.json()["results"]["bindings"]
    assert {"lead", "support", "deadline", "text"} <= {row["fact"]["value"] for row in rows}
    page.screenshot(path=str(artifacts / "explorer-details.png"))
    page.seen.assert_clean()
    assert all(url.startswith(server) for url in page.seen.requests), page.seen.requests


def test_hostile_text_stays_text_in_the_explorer(page, server, views_data, artifacts):
    open_explorer(page, server)
    page.select_option("#place", "乙县")
    wait_until(page, GRAPH_READY + " && emkgExplorer.nodes.length === 4")
    click_node(page, views_data.HOSTILE_AGENCY)
    assert page.inner_text("#details-title") == views_data.HOSTILE_AGENCY
    assert page.inner_text("#details .paragraph") == views_data.HOSTILE_MEASURE
    assert page.inner_text("#details mark.lead") == views_data.HOSTILE_AGENCY + "牵头"
    assert views_data.HOSTILE_TITLE in page.inner_text("#details .evidence h3")
    # the plan filter lists the hostile title as an option's text
    assert views_data.HOSTILE_TITLE + "（乙县）" in page.locator("#plan option").all_inner_texts()
    injected = "document.querySelectorAll('img, iframe, textarea, a[href^=\"javascript\"], #details script')"
    assert page.evaluate(injected + ".length") == 0
    page.screenshot(path=str(artifacts / "explorer-hostile.png"))
    page.seen.assert_clean()
