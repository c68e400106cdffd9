"""The notebooks in notebooks/ are stored without outputs and run from top to bottom without an error.

Each runs in a fresh kernel (nbclient, the ``python3`` kernel of this environment) with notebooks/ as its
working folder. 01 builds the samples itself; 02 and 03 work on a store built once here and handed over in
``KG_STORE`` (which they also honour for users), so the suite builds the samples twice, not four times.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")
pytest.importorskip("matplotlib")

from kg.builder import build  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = ("01_build_and_query", "02_responsibility_network", "03_compare_cities")


def read(name: str):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    return bool(fonts.strip())


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs(name):
    notebook = read(name)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    assert notebook.metadata["kernelspec"]["name"] == "python3"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, sample_paths) -> Path:
    folder = tmp_path_factory.mktemp("notebook-store") / "store"
    report = build(sample_paths, store=folder)
    assert not report.failed, report.summary()
    return folder


@pytest.fixture(autouse=True)
def scratch(monkeypatch, tmp_path) -> Path:
    """The kernel's temporary folder: a notebook's work folder (``tempfile.mkdtemp``) goes with the test's."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    return tmp_path


def run(name: str) -> list[dict]:
    """Execute the notebook; its outputs, flattened."""
    notebook = read(name)
    client = nbclient.NotebookClient(notebook, timeout=240, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]


def text_of(outputs: list[dict]) -> str:
    parts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            parts.append(output["text"])
        parts += [str(output.get("data", {}).get(kind, "")) for kind in ("text/plain", "text/html")]
    return "\n".join(parts)


def images(outputs: list[dict]) -> list[bytes]:
    return [base64.b64decode(output["data"]["image/png"]) for output in outputs
            if "image/png" in output.get("data", {})]


def test_01_build_and_query(monkeypatch, scratch):
    monkeypatch.delenv("KG_STORE", raising=False)  # it builds its own store
    text = text_of(run("01_build_and_query"))
    assert "built 5" in text
    assert len(list(scratch.glob("emkg-notebook-*"))) == 1
    for expected in ("agencies_for_hazard", "2019年全省应急管理工作计划", "广州市", "3月底前"):
        assert expected in text


def test_02_responsibility_network(monkeypatch, sample_store):
    monkeypatch.setenv("KG_STORE", str(sample_store))
    outputs = run("02_responsibility_network")
    text = text_of(outputs)
    assert "modularity" in text and "eigenvector" in text and "flood.html" in text
    assert "应急" in text  # agency names came through as Chinese text
    assert len(images(outputs)) == 1
    if has_cjk_font():
        assert "Chinese font:" in text


def test_03_compare_cities(monkeypatch, sample_store):
    monkeypatch.setenv("KG_STORE", str(sample_store))
    outputs = run("03_compare_cities")
    text = text_of(outputs)
    for expected in ("skos:broader* ?hazard", "compare.html", "七、规划相似度", "浙江省 2019", "广州市 2022"):
        assert expected in text
    pictures = images(outputs)
    assert len(pictures) == 5 and all(picture.startswith(b"\x89PNG") for picture in pictures)
    if has_cjk_font():
        assert "Chinese font:" in text
        assert "Glyph" not in text  # matplotlib warns "Glyph ... missing from font" when it draws boxes
