"""The records that flow between stages: the only vocabulary shared across ``kg``'s packages.

All offsets are character offsets into one canonical text, the document's *normalised* text
(``Document.text``); ``Document.to_original`` maps them back to the text as it was read.
Records are frozen: a stage makes new records, it never edits the ones it was given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

AdminLevel = Literal["province", "city", "county", "district", "town"]
NodeKind = Literal["document", "section", "item", "paragraph", "sentence", "table", "row"]
Role = Literal["lead", "support"]
Direction = Literal["increase", "decrease", "at_least", "at_most", "reach", "zero"]
DocType = Literal["work_plan", "five_year_plan", "summary_and_plan", "campaign_plan", "other"]


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of the normalised text, with the text it covers."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span [{self.start}, {self.end}) does not match its text {self.text!r}")

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Node:
    """One piece of a document's structure: a section, a numbered item, a paragraph, a sentence,
    a table or a table row.

    ``number`` is the numbering as written ("一、", "(三)", "23.", "一是"); ``heading`` is a section's
    or item's title (the text before its first full stop, or the heading line); ``heading_path`` the
    headings of the enclosing sections, outermost first.
    """

    kind: NodeKind
    span: Span
    number: str | None = None
    heading: str | None = None
    heading_path: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in document order."""
        # A stack, not nested generators: every node would otherwise pass through one generator per level.
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def find(self, kind: NodeKind) -> list[Node]:
        return [node for node in self.walk() if node.kind == kind]


@dataclass(frozen=True)
class DocumentMeta:
    """What a document says about itself (or what the user supplied where it says nothing)."""

    title: str | None = None
    published: dt.date | None = None
    issuer: str | None = None
    doc_number: str | None = None
    doc_type: DocType | None = None
    jurisdiction: str | None = None
    level: AdminLevel | None = None
    year: int | None = None
    end_year: int | None = None  # last year of a multi-year plan (2025 for 十四五)


@dataclass(frozen=True)
class MetaOverrides:
    """Metadata a user gives on the command line or in a sidecar file; it wins over detection."""

    jurisdiction: str | None = None
    level: AdminLevel | None = None
    year: int | None = None
    doc_type: DocType | None = None
    title: str | None = None


@dataclass(frozen=True)
class RawText:
    """A reader's output: the document's text as read, before normalisation.

    ``page_starts`` holds, for paginated formats, the offset in ``text`` where each page begins.
    ``title`` and ``published`` are what the container itself declares (HTML <title>/<meta>,
    PDF info, DOCX core properties), if anything; ``front_matter`` the labelled fields a page shows
    outside its article ("发布机构:X", "文号:Y" of a 政府信息公开 table), one a line.
    """

    source: str
    format: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    page_starts: tuple[int, ...] = ()
    front_matter: str = ""


@dataclass(frozen=True)
class Document:
    """A read, normalised and structured document.

    ``offsets[i]`` is the index in ``original`` of normalised character ``i``; it has one more entry
    than ``text`` has characters, so an end offset maps too.
    """

    source: str
    format: str
    content_hash: str  # sha256 of the file's bytes
    original: str
    text: str
    offsets: tuple[int, ...]
    meta: DocumentMeta
    root: Node
    page_starts: tuple[int, ...] = ()

    def to_original(self, span: Span) -> tuple[int, int]:
        """The range of ``original`` that a span of ``text`` came from."""
        return self.offsets[span.start], self.offsets[span.end]

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def page_of(self, offset: int) -> int | None:
        """1-based page number of a normalised offset, for paginated formats."""
        if not self.page_starts:
            return None
        original = self.offsets[offset]
        return sum(1 for start in self.page_starts if start <= original)


# --- what extraction finds -------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    """A named body acting in a plan.

    ``name`` is canonical: the full name with the place name where the plan implies one
    ("市应急局" in a 广州市 plan -> "广州市应急管理局"). ``parent`` is the canonical name of the body
    an internal division belongs to. ``function`` is a key of the agency-function scheme.
    ``scope`` tells how far the name is unique: "national" bodies are one everywhere, the rest are
    one within their jurisdiction.
    """

    name: str
    alt_labels: tuple[str, ...] = ()
    function: str | None = None
    parent: str | None = None
    scope: Literal["national", "jurisdiction"] = "jurisdiction"
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True)
class HazardMention:
    key: str  # a key of the hazard scheme (ontology/hazards.ttl)
    span: Span


@dataclass(frozen=True)
class Deadline:
    """A time by which a task is due. ``due`` is the last day (inclusive), ``None`` when it depends
    on something else ("汛期前")."""

    text: str
    span: Span
    due: dt.date | None = None


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as read from a clause (the shared shape of targets and statistics)."""

    value: Decimal
    unit: str
    span: Span  # the number and unit as written
    clause: Span  # the clause it was read from
    upper: Decimal | None = None  # the upper bound of a range ("5-8支" -> 5 .. 8)


@dataclass(frozen=True)
class Target(Quantity):
    """A forward-looking quantitative goal."""

    direction: Direction | None = None
    nature: Literal["binding", "expected"] | None = None  # 约束性 / 预期性, from indicator tables
    indicator: str | None = None  # what is measured, when an indicator table names it


@dataclass(frozen=True)
class Statistic(Quantity):
    """A figure a summary reports about the past; never a target."""

    year: int | None = None


@dataclass(frozen=True)
class Responsibility:
    """An explicit assignment of a task to an agency, with the text that says so."""

    agency: str  # canonical name of an Agency of the same plan
    role: Role
    evidence: Span
    task: Span | None = None  # the task assigned, where the evidence stands apart ("以上任务由X牵头")


@dataclass(frozen=True)
class Measure:
    """One task of a plan: a numbered item, or a paragraph where there is no numbering."""

    number: str | None
    span: Span
    heading_path: tuple[str, ...] = ()
    hazards: tuple[HazardMention, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    targets: tuple[Target, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()

    @property
    def text(self) -> str:
        return self.span.text


@dataclass(frozen=True)
class Plan:
    """Everything extracted from one document: the input of the RDF stage."""

    document: Document
    measures: tuple[Measure, ...] = ()
    agencies: tuple[Agency, ...] = ()
    hazards: tuple[HazardMention, ...] = ()  # every mention in the document, in or out of measures
    statistics: tuple[Statistic, ...] = ()
    extras: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def meta(self) -> DocumentMeta:
        return self.document.meta
