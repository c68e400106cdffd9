"""The files generated from the ontology (scripts/ontology_codegen.py) are up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[2]


def load_codegen():
    script = ROOT / "scripts" / "ontology_codegen.py"
    spec = importlib.util.spec_from_file_location("ontology_codegen", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CODEGEN = load_codegen()
GENERATED = CODEGEN.generated_files(ROOT)


@pytest.mark.parametrize("path", sorted(GENERATED), ids=lambda p: str(p.relative_to(ROOT)))
def test_generated_file_is_up_to_date(path):
    assert path.read_text(encoding="utf-8") == GENERATED[path], (
        f"{path.relative_to(ROOT)} is stale: run `python scripts/ontology_codegen.py`")


def test_diagram_shows_the_contract_classes_and_links():
    diagram = CODEGEN.mermaid_diagram(Graph().parse(ROOT / "ontology" / "emo.ttl", format="turtle"))
    for line in ("Plan --> Measure : hasMeasure", "Measure --> Agency : leadAgency",
                 "org_Organization <|-- Agency", "Measure --> Deadline : hasDeadline"):
        assert line in diagram


def test_hazards_turtle_escapes_quotes():
    tsv = "key\tparent\tzh\ten\tcues\thips2025\nx\t\t甲\tA \"quoted\" name\t乙|甲\t\n"
    text = CODEGEN.hazards_turtle(tsv)
    graph = Graph().parse(data=text, format="turtle")
    assert any(str(o) == 'A "quoted" name' for o in graph.objects())
