"""The inspect view: the documented JSON tree and the readable outline, on real samples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.ingest import read_document
from kg.views.inspect import document_to_dict, render_document

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_001 = ROOT / "data/samples/001_a2f109246e3c497f.txt"
SAMPLE_004 = ROOT / "data/samples/004_fcd55c30be0749a7.txt"
NODE_KEYS = {"kind", "number", "heading", "heading_path", "start", "end", "children"}


@pytest.fixture(scope="module")
def document_001():
    return read_document(SAMPLE_001)


@pytest.fixture(scope="module")
def document_004():
    return read_document(SAMPLE_004)


def nodes(tree: dict):
    yield tree
    for child in tree["children"]:
        yield from nodes(child)


def test_json_tree_is_documented_and_exact(document_004):
    data = json.loads(json.dumps(document_to_dict(document_004), ensure_ascii=False))
    assert set(data) == {"source", "format", "content_hash", "meta", "counts", "front_matter", "tree"}
    assert data["source"] == SAMPLE_004.name and data["format"] == "txt" and len(data["content_hash"]) == 64
    assert data["meta"] == {"title": None, "published": None, "issuer": None, "doc_number": None,
                            "doc_type": "work_plan", "jurisdiction": "广州市", "level": "city", "year": 2022,
                            "end_year": None}
    assert data["counts"]["sections"] == 7 and data["counts"]["items"] == 61 and data["counts"]["tables"] == 0
    text = document_004.text
    for node in nodes(data["tree"]):
        extra = {"sentence": {"text"}, "row": {"text"}, "table": {"columns"}}.get(node["kind"], set())
        assert set(node) == NODE_KEYS | extra
        assert 0 <= node["start"] <= node["end"] <= len(text)
        if "text" in node:
            assert node["text"] == text[node["start"]:node["end"]]
    items = [node for node in nodes(data["tree"]) if node["kind"] == "item"]
    assert items[23]["number"] == "24." and items[23]["heading"] == "推进应急指挥平台贯通村居"
    assert items[23]["heading_path"] == ["强化风险防范,全周期加强城市本质安全"]
    assert sum(1 for node in nodes(data["tree"]) if node["kind"] == "sentence") == data["counts"]["sentences"]


def test_json_table_rows_and_columns(document_001):
    data = document_to_dict(document_001)
    (table,) = [node for node in nodes(data["tree"]) if node["kind"] == "table"]
    assert table["columns"] == ["序号", "指标内容", "预期值(同“十三五”期间相比)", "指标性质"]
    assert [row["number"] for row in table["children"]] == [str(n) for n in range(1, 8)]
    assert table["children"][1]["text"].split() == ["2", "重特大生产安全事故起数", "零发生", "约束性"]
    assert data["meta"]["published"] == "2022-11-25" and data["meta"]["end_year"] == 2025
    assert data["front_matter"]["end"] == document_001.root.children[0].span.start > 0


def test_readable_view(document_004, document_001):
    view = render_document(document_004)
    assert view.splitlines()[0] == "004_fcd55c30be0749a7.txt (txt)"
    assert "jurisdiction  广州市 (city)" in view and "year          2022" in view
    assert "一、 强化政治引领,高站位推进应急管理事业改革发展" in view
    assert "  24. 推进应急指挥平台贯通村居" in view
    item_lines = [line for line in view.splitlines() if line.startswith("  ") and line.strip()[:1].isdigit()]
    assert len(item_lines) == 61 and max(len(line) for line in item_lines) <= 2 + 4 + 41
    assert view.splitlines()[-1] == "7 sections, 61 items, 1 paragraph, 91 sentences, 0 tables, 0 rows"
    view = render_document(document_001)
    assert "year          2021–2025" in view and "doc number    石大政发〔2022〕61号" in view
    assert "table 十四五”核心指标: 7 rows (序号 | 指标内容 | 预期值(同“十三五”期间相比) | 指标性质)" in view


def test_views_do_not_import_the_ingest_stage():
    code = "import sys, kg.views.inspect; sys.exit('kg.ingest' in sys.modules or 'kg.nlp' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
