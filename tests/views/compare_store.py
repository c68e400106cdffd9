"""Plans written by hand (tests/data/compare/*.json) turned into kg.model records and a store, no extraction.

Loaded by path (tests/ has no packages) from tests/views/test_compare.py and tests/test_cli_compare.py; the
format of the JSON files is in tests/data/compare/README.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.model import (
    Agency,
    Deadline,
    Document,
    DocumentMeta,
    HazardMention,
    Measure,
    Node,
    Plan,
    Responsibility,
    Span,
    Target,
)
from kg.rdf.mapping import plan_iri, plan_to_triples
from kg.store import Store

DATA = Path(__file__).resolve().parents[1] / "data" / "compare"


def specs(name: str) -> list[dict[str, Any]]:
    """The plans of ``tests/data/compare/<name>.json``."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))["plans"]


def _span(text: str, part: str, start: int = 0) -> Span:
    at = text.index(part, start)
    return Span(at, at + len(part), part)


def plan_from_spec(spec: dict[str, Any]) -> Plan:
    """A Plan whose text is the title and one line per measure (its number, then its text)."""
    lines = [spec["title"], *(m["number"] + m["text"] for m in spec["measures"])]
    text = "\n".join(lines) + "\n"
    document = Document(
        source=spec["source"], format="txt", content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        original=text, text=text, offsets=tuple(range(len(text) + 1)),
        meta=DocumentMeta(title=spec["title"], jurisdiction=spec.get("jurisdiction"), level=spec.get("level"),
                          year=spec.get("year"), doc_type=spec.get("doc_type")),
        root=Node(kind="document", span=Span(0, len(text), text)),
    )
    agencies: dict[str, Agency] = {}
    measures = []
    cursor = len(spec["title"]) + 1
    for item in spec["measures"]:
        line = item["number"] + item["text"]
        span = Span(cursor, cursor + len(line), line)
        cursor = span.end + 1

        def inside(part: str, span: Span = span) -> Span:
            return _span(text, part, span.start) if part in span.text else span

        responsibilities = []
        for role in ("lead", "support"):
            for name, function in item.get(role, []):
                agencies.setdefault(name, Agency(name, function=function, mentions=(inside(name),)))
                responsibilities.append(Responsibility(name, role, inside(name)))
        deadlines = ()
        if "deadline" in item:
            written, due = item["deadline"]
            deadlines = (Deadline(written, inside(written), dt.date.fromisoformat(due) if due else None),)
        targets = tuple(
            Target(value=Decimal(re.sub(r"[^0-9.]", "", written)), unit=unit, span=inside(written),
                   clause=span, direction=direction)
            for written, unit, direction in item.get("targets", []))
        hazards = tuple(HazardMention(key, span) for key in item.get("hazards", []))
        measures.append(Measure(number=item["number"], span=span, hazards=hazards, deadlines=deadlines,
                                targets=targets, responsibilities=tuple(responsibilities)))
    return Plan(document=document, measures=tuple(measures), agencies=tuple(agencies.values()),
                hazards=tuple(h for m in measures for h in m.hazards))


def fill(store: Store, plans: list[dict[str, Any]]) -> Store:
    """Add the plans to ``store`` (returned)."""
    for spec in plans:
        plan = plan_from_spec(spec)
        store.add_plan(plan_iri(plan.document), plan_to_triples(plan, version="0.0.0"))
    return store
