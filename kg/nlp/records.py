"""Small records that stay inside ``kg.nlp`` (what crosses stages is in :mod:`kg.model`)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import Span


@dataclass(frozen=True)
class PastPart:
    """A part of the document that reports the past (a summary's 主要工作, 取得的进展), and the year
    it reports on when the text says. Its numbers are statistics, its dates no deadlines. A ``present``
    part describes where things stand (面临形势): its counts are statistics too, but it may still frame the
    tasks to come ("因此“十四五”期间,我们应着重加强以下工作"), so its dates stay deadlines and its items
    measures."""

    span: Span
    year: int | None = None
    present: bool = False
