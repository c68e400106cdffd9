"""The ``kg compare`` report in headless Chromium: it opens from file:// with no request to the network, and
the hostile plan's markup (title, agency, measure) is shown as text, never run or turned into elements."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import cli


def test_compare_report_shows_hostile_text_as_text(page, tmp_path, hostile_store, views_data, artifacts):
    out = tmp_path / "compare.html"
    result = CliRunner().invoke(cli, ["compare", "--store", str(hostile_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    page.seen.assert_clean()
    assert all(url.startswith("file://") for url in page.seen.requests), page.seen.requests

    text = page.inner_text("body")
    assert views_data.HOSTILE_AGENCY in text  # the agency's name, markup and all, as text
    assert "乙县{{ 7*7 }}工作计划" in text  # no template engine ran over it
    assert "甲市应急管理局" in text
    injected = "document.querySelectorAll('img, iframe, textarea, a[href^=\"javascript\"]').length"
    assert page.evaluate(injected) == 0
    scripts = page.evaluate("[...document.scripts].map((script) => script.textContent)")
    assert not any("alert(" in script for script in scripts)
    page.screenshot(path=str(artifacts / "compare-page.png"), full_page=True)
    page.seen.assert_clean()
