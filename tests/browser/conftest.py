"""Fixtures of the browser tests: Debian's Chromium, headless, driven by Playwright (never run
`playwright install`: it downloads browsers).

- ``browser``: one Chromium for the session; the tests are skipped, with the reason, when /usr/bin/chromium
  or Playwright is missing (`apt-get install -y chromium fonts-wqy-microhei`, `pip install playwright`);
- ``page``: a fresh page whose requests are checked: anything but file:// and http://127.0.0.1 is blocked and
  recorded, as are console errors, page errors and dialogs (``alert`` from injected script), in ``page.seen``;
- ``artifacts``: where screenshots go: $PYTEST_ARTIFACTS when set, else a temporary folder;
- ``views_data``: tests/views/handmade_views.py (the hand-made plans, one of them full of markup);
- ``hostile_store``: a store on disk holding both hand-made plans;
- ``server``: the base URL of a real server (``kg serve`` in a subprocess on 127.0.0.1) over that store;
- ``assert_chinese_renders(page, font)``: Chinese is drawn as glyphs, not as empty boxes.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from support import load_module

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL = ("file://", "http://127.0.0.1:", "data:", "blob:")
VIEWS_DATA = Path(__file__).resolve().parents[1] / "views" / "handmade_views.py"


@dataclass
class Seen:
    """What a page did that a test may want to forbid."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.blocked == [], f"the page asked the network for {self.blocked}"
        assert self.dialogs == [], f"script from the document ran: dialogs {self.dialogs}"
        assert self.console_errors == [] and self.page_errors == [], (self.console_errors, self.page_errors)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: install Debian's chromium (apt-get install -y chromium) "
                    "to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    playwright = sync_api.sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    seen = Seen()

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            seen.blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: seen.console_errors.append(message.text) if message.type == "error"
            else None)
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.seen = seen
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    folder = os.environ.get("PYTEST_ARTIFACTS")
    if folder:
        path = Path(folder) / "browser"
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("browser-artifacts")


@pytest.fixture(scope="session")
def views_data() -> ModuleType:
    return load_module("handmade_views", VIEWS_DATA)


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory, views_data) -> Path:
    folder = tmp_path_factory.mktemp("browser-store") / "store"
    views_data.store_with(views_data.city_plan(), views_data.hostile_plan(), path=folder).close()
    return folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_command(store: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "kg", "serve", "--store", str(store), "--host", "127.0.0.1",
            "--port", str(port), "--workers", "1"]


@pytest.fixture(scope="session")
def server(hostile_store, tmp_path_factory) -> Iterator[str]:
    """The base URL of a real server (a subprocess on 127.0.0.1) over ``hostile_store``."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(_server_command(hostile_store, port), stdout=output,
                                   stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    try:
        while True:
            try:
                with direct.open(base + "/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Run in a page: whether Chinese characters are drawn as glyphs. Without a CJK font every character is the
# same empty box, so two different characters render the same pixels.
_CHINESE_RENDERS = """(font) => {
  const canvas = document.createElement("canvas");
  canvas.width = 48; canvas.height = 24;
  const context = canvas.getContext("2d");
  const draw = (text) => {
    context.clearRect(0, 0, 48, 24);
    context.font = "20px " + font;
    context.fillText(text, 2, 20);
    return context.getImageData(0, 0, 48, 24).data.join(",");
  };
  return draw("应") !== draw("急") && draw("急") !== draw("管");
}"""


@pytest.fixture(scope="session")
def assert_chinese_renders() -> Any:
    """``assert_chinese_renders(page, font)``: fails, saying which font to install, when Chinese is boxes."""

    def check(page: Any, font: str) -> None:
        assert page.evaluate(_CHINESE_RENDERS, font), \
            "Chinese renders as empty boxes: install a CJK font (apt-get install -y fonts-wqy-microhei)"

    return check
