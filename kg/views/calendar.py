"""Deadlines -> an iCalendar file (RFC 5545): one all-day event per deadline, to subscribe to "what is due".

    >>> event = DeadlineEvent(uid="d1@emkg", due=datetime.date(2022, 3, 31), deadline="3月底前",
    ...                       measure="完成预案修订；组织演练", item="1.", plan="a.txt", title="工作要点",
    ...                       lead=("市应急管理局",), support=())
    >>> text = to_ics([event], stamp=datetime.datetime(2022, 1, 1, tzinfo=datetime.timezone.utc)).decode()
    >>> print("\\n".join(line for line in text.splitlines() if line.startswith(("DTSTART", "SUMMARY"))))
    DTSTART;VALUE=DATE:20220331
    SUMMARY:3月底前：完成预案修订；组织演练

Each event's description holds the measure's text, its lead and supporting agencies and the plan; its UID
is derived from the deadline's IRI, so a calendar that subscribes to a re-exported file updates the events
instead of duplicating them. Deadlines whose date could not be resolved (汛期前) have no day to go on and
are left out.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg import __version__

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["DeadlineEvent", "calendar", "deadline_events", "to_ics"]

_LINE_OCTETS = 75  # RFC 5545 3.1: content lines are folded after 75 octets
SUMMARY_CHARS = 40

_DEADLINES = """
SELECT ?deadline ?due ?text ?measure ?item ?ordinal ?source ?title ?plan
       (GROUP_CONCAT(DISTINCT CONCAT(STR(?leadAgency), "\\t", ?leadName); separator="\\n") AS ?leads)
       (GROUP_CONCAT(DISTINCT CONCAT(STR(?supportAgency), "\\t", ?supportName); separator="\\n") AS ?supports)
WHERE {
  ?plan emo:hasMeasure ?m ; dcterms:source ?source .
  ?m emo:text ?measure ; emo:ordinal ?ordinal ; emo:hasDeadline ?deadline .
  ?deadline emo:dueDate ?due ; emo:deadlineText ?text .
  OPTIONAL { ?plan dcterms:title ?title }
  OPTIONAL { ?m emo:itemNumber ?item }
  OPTIONAL { ?m emo:leadAgency ?leadAgency . ?leadAgency rdfs:label ?leadName }
  OPTIONAL { ?m emo:supportingAgency ?supportAgency . ?supportAgency rdfs:label ?supportName }
}
GROUP BY ?deadline ?due ?text ?measure ?item ?ordinal ?source ?title ?plan
ORDER BY ?due ?source ?ordinal ?deadline
"""


@dataclass(frozen=True)
class DeadlineEvent:
    """One deadline as a calendar event."""

    uid: str
    due: datetime.date
    deadline: str
    measure: str
    item: str | None
    plan: str
    title: str | None
    lead: tuple[str, ...]
    support: tuple[str, ...]


def deadline_events(store: Store, plans: Iterable[str] = (),
                    agencies: Iterable[str] = ()) -> list[DeadlineEvent]:
    """The dated deadlines in ``store``, soonest first: of the given plans only (refs as
    :meth:`~kg.store.Store.resolve_plan` takes them) and, with ``agencies`` (names or IRIs), only those of
    measures one of them leads or supports."""
    from kg.store.named import Parameter, to_term

    wanted_plans = {store.resolve_plan(ref) for ref in plans}
    wanted_agencies = {to_term(store, Parameter("agency", "agency"), ref).value for ref in agencies}
    events = []
    for row in store.run(_DEADLINES).records():
        if wanted_plans and row["plan"] not in wanted_plans:
            continue
        leads, supports = _agencies(row.get("leads")), _agencies(row.get("supports"))
        if wanted_agencies and not wanted_agencies & (set(leads) | set(supports)):
            continue
        events.append(DeadlineEvent(
            uid=hashlib.sha256(str(row["deadline"]).encode()).hexdigest()[:32] + "@emkg",
            due=row["due"], deadline=str(row["text"]), measure=str(row["measure"]),
            item=_text(row.get("item")), plan=str(row["source"]), title=_text(row.get("title")),
            lead=tuple(leads.values()), support=tuple(supports.values())))
    return events


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _agencies(packed: object) -> dict[str, str]:
    """IRI -> name from the ``IRI<TAB>name`` lines the query packs them in."""
    pairs = (line.split("\t", 1) for line in str(packed or "").splitlines() if "\t" in line)
    return dict(sorted(pairs, key=lambda pair: pair[1]))


def to_ics(events: Sequence[DeadlineEvent], *, stamp: datetime.datetime | None = None,
           name: str = "emkg deadlines") -> bytes:
    """The events as an iCalendar file (UTF-8, CRLF line ends, lines folded at 75 octets).

    ``stamp`` (default: now) is each event's DTSTAMP, the time the calendar was made.
    """
    stamp = (stamp or datetime.datetime.now(datetime.timezone.utc)).astimezone(datetime.timezone.utc)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//emkg//emkg {__version__}//ZH",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}"]
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _event_lines(event: DeadlineEvent, stamp: datetime.datetime) -> list[str]:
    summary = event.measure
    if len(summary) > SUMMARY_CHARS:
        summary = summary[:SUMMARY_CHARS - 1] + "…"
    plan = f"{event.title}（{event.plan}）" if event.title else event.plan
    description = [f"任务 Measure：{event.measure}"]
    if event.item:
        description.append(f"条目 Item：{event.item}")
    description.append(f"时限 Deadline：{event.deadline}（{event.due.isoformat()}）")
    if event.lead:
        description.append(f"牵头 Lead：{'、'.join(event.lead)}")
    if event.support:
        description.append(f"配合 Support：{'、'.join(event.support)}")
    description.append(f"规划 Plan：{plan}")
    return ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{event.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.due + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.deadline + '：' + summary)}",
            f"DESCRIPTION:{_escape(chr(10).join(description))}",
            f"CATEGORIES:{_escape(event.plan)}", "TRANSP:TRANSPARENT", "END:VEVENT"]


def _escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11); other control characters become spaces."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(" " if ord(ch) < 32 or ch == "\x7f" else ch for ch in text)


def _fold(line: str) -> str:
    """``line`` folded into chunks of at most 75 octets, never inside a UTF-8 character."""
    chunks: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = _LINE_OCTETS if not chunks else _LINE_OCTETS - 1  # continuation lines start with a space
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += ch
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def calendar(store: Store, plans: Iterable[str] = (), agencies: Iterable[str] = (),
             stamp: datetime.datetime | None = None) -> bytes:
    """The deadlines of ``store`` (optionally of some plans and agencies) as an iCalendar file."""
    return to_ics(deadline_events(store, plans, agencies), stamp=stamp)
