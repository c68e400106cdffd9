"""The one place where a spaCy ``Doc`` becomes model records: :func:`doc_to_plan`.

Components leave their results as lists of frozen :mod:`kg.model` records on ``Doc._`` (with exact
character offsets); this module hangs each hazard mention, deadline, target and responsibility on
the smallest measure whose text contains it, and gathers the plan-level lists. Nothing spaCy leaves
this package.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Sequence
from typing import TypeVar

from spacy.tokens import Doc

from kg.model import Document, Measure, Plan, Span

T = TypeVar("T")


def doc_to_plan(doc: Doc, document: Document) -> Plan:
    measures: list[Measure] = list(doc._.measures or ())
    placer = _Placer(measures)
    hazards = placer.place(doc._.hazard_mentions or (), lambda m: m.span)
    deadlines = placer.place(doc._.deadlines or (), lambda d: d.span)
    targets = placer.place(doc._.targets or (), lambda t: t.span)
    responsibilities = placer.place(doc._.responsibilities or (), lambda r: r.task or r.evidence)
    filled = tuple(
        dataclasses.replace(
            measure,
            hazards=tuple(hazards[i]),
            deadlines=tuple(deadlines[i]),
            targets=tuple(targets[i]),
            responsibilities=tuple(responsibilities[i]),
        )
        for i, measure in enumerate(measures)
    )
    agencies = tuple((doc._.agencies or {}).values())
    return Plan(
        document=document,
        measures=filled,
        agencies=agencies,
        hazards=tuple(doc._.hazard_mentions or ()),
        statistics=tuple(doc._.statistics or ()),
    )


class _Placer:
    """Finds the smallest measure containing a span (measures may nest: a lead-in and its items)."""

    def __init__(self, measures: Sequence[Measure]) -> None:
        self.measures = measures
        self.order = sorted(range(len(measures)), key=lambda i: measures[i].span.start)
        self.starts = [measures[i].span.start for i in self.order]

    def index_of(self, span: Span) -> int | None:
        best = None
        position = bisect.bisect_right(self.starts, span.start)
        for k in range(position - 1, -1, -1):
            measure = self.measures[self.order[k]]
            if measure.span.contains(span):
                if best is None or len(measure.span.text) < len(self.measures[best].span.text):
                    best = self.order[k]
            elif measure.span.end <= span.start and best is not None:
                break
        return best

    def place(self, records: Iterable[T], span_of) -> list[list[T]]:
        placed: list[list[T]] = [[] for _ in self.measures]
        for record in records:
            index = self.index_of(span_of(record))
            if index is not None:
                placed[index].append(record)
        return placed
