"""kg.views.calendar and ``kg export --format ics``: the deadlines as RFC 5545, parsed back with icalendar."""

from __future__ import annotations

import datetime
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.builder import build
from kg.cli import cli
from kg.rdf.namespaces import EMO_IRI, PREFIXES
from kg.store import Store
from kg.views.calendar import DeadlineEvent, calendar, to_ics

icalendar = pytest.importorskip("icalendar")

SAMPLES = ("000_384322916ba60cf2.txt", "003_52c2e25d06de9de7.txt")
STAMP = datetime.datetime(2024, 5, 1, 8, 30, tzinfo=datetime.timezone.utc)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, samples_dir) -> Path:
    folder = tmp_path_factory.mktemp("calendar") / "store"
    assert not build([samples_dir / name for name in SAMPLES], store=folder).failed
    return folder


@pytest.fixture(scope="module")
def dated(store_dir) -> dict[str, dict]:
    """Deadline IRI -> due date, text, measure text, plan source, lead and support names, from the triples."""
    with Store(store_dir, read_only=True) as store:
        quads = list(store.raw)
    spo: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for quad in quads:
        spo[quad.subject.value][quad.predicate.value].add(quad.object.value)

    def one(s: str, p: str) -> str:
        (value,) = spo[s][p]
        return value

    found = {}
    for plan, props in list(spo.items()):
        for m in props.get(EMO_IRI + "hasMeasure", ()):
            for d in spo[m].get(EMO_IRI + "hasDeadline", ()):
                if EMO_IRI + "dueDate" in spo[d]:
                    found[d] = {"due": datetime.date.fromisoformat(one(d, EMO_IRI + "dueDate")),
                                "text": one(d, EMO_IRI + "deadlineText"), "measure": one(m, EMO_IRI + "text"),
                                "plan": one(plan, PREFIXES["dcterms"] + "source"),
                                "lead": {one(a, PREFIXES["rdfs"] + "label")
                                         for a in spo[m].get(EMO_IRI + "leadAgency", ())},
                                "support": {one(a, PREFIXES["rdfs"] + "label")
                                            for a in spo[m].get(EMO_IRI + "supportingAgency", ())}}
    return found


def parse(data: bytes):
    return icalendar.Calendar.from_ical(data)


def events(data: bytes) -> list:
    return list(parse(data).walk("VEVENT"))


def test_one_all_day_event_per_dated_deadline(store_dir, dated):
    with Store(store_dir, read_only=True) as store:
        data = calendar(store, stamp=STAMP)
    found = events(data)
    assert len(found) == len(dated) >= 20
    expected = sorted((d["due"], d["text"]) for d in dated.values())
    got = sorted((event.decoded("DTSTART"), str(event["SUMMARY"]).split("：", 1)[0]) for event in found)
    assert got == expected
    for event in found:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is datetime.date and end - start == datetime.timedelta(days=1)  # all day
        assert event.decoded("DTSTAMP") == STAMP


def test_the_description_holds_the_measure_agencies_and_plan(store_dir, dated):
    with Store(store_dir, read_only=True) as store:
        found = events(calendar(store, stamp=STAMP))
    by_day_and_text: dict[tuple, list[str]] = defaultdict(list)
    for event in found:
        by_day_and_text[(event.decoded("DTSTART"), str(event["SUMMARY"]).split("：", 1)[0])].append(
            str(event["DESCRIPTION"]))
    with_agencies = 0
    for deadline in dated.values():
        descriptions = by_day_and_text[(deadline["due"], deadline["text"])]
        description = next(text for text in descriptions if deadline["measure"] in text)
        assert deadline["plan"] in description
        for name in deadline["lead"] | deadline["support"]:
            assert name in description
        with_agencies += bool(deadline["lead"] | deadline["support"])
    assert with_agencies >= 3


def test_uids_are_unique_and_stable(store_dir):
    with Store(store_dir, read_only=True) as store:
        first = [str(event["UID"]) for event in events(calendar(store, stamp=STAMP))]
        again = [str(event["UID"]) for event in events(calendar(store))]
    assert len(set(first)) == len(first) and first == again


def test_lines_are_folded_crlf_and_at_most_75_octets(store_dir):
    with Store(store_dir, read_only=True) as store:
        data = calendar(store, stamp=STAMP)
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    data.decode("utf-8")  # never folded inside a character
    assert parse(data)["VERSION"] == "2.0" and str(parse(data)["PRODID"]).startswith("-//emkg//")


def test_text_is_escaped():
    event = DeadlineEvent(uid="x@emkg", due=datetime.date(2022, 3, 31), deadline="3月底前",
                          measure="完成修订, 组织演练; 报送\\备案\n下一行", item=None, plan="a;b.txt",
                          title=None, lead=("甲局",), support=())
    (parsed,) = events(to_ics([event], stamp=STAMP))
    description = str(parsed["DESCRIPTION"])
    assert "完成修订, 组织演练; 报送\\备案\n下一行" in description
    assert str(parsed["CATEGORIES"].cats[0]) == "a;b.txt"


def test_filter_by_plan_and_by_agency(store_dir, dated):
    with Store(store_dir, read_only=True) as store:
        in_one = events(calendar(store, plans=[SAMPLES[1]], stamp=STAMP))
        assert len(in_one) == sum(d["plan"] == SAMPLES[1] for d in dated.values())
        agency = max({name for d in dated.values() for name in d["lead"] | d["support"]},
                     key=lambda name: (sum(name in d["lead"] | d["support"] for d in dated.values()), name))
        theirs = events(calendar(store, agencies=[agency], stamp=STAMP))
    assert len(theirs) == sum(agency in d["lead"] | d["support"] for d in dated.values()) >= 1
    assert all(agency in str(event["DESCRIPTION"]) for event in theirs)


def test_kg_export_ics(store_dir, tmp_path, dated):
    out = tmp_path / "due.ics"
    result = CliRunner().invoke(cli, ["export", "--store", str(store_dir), "--format", "ics", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(events(out.read_bytes())) == len(dated)
    wrong = CliRunner().invoke(cli, ["export", "--store", str(store_dir), "--agency", "某局"])
    assert wrong.exit_code == 2 and "--agency is for --format ics" in wrong.output
    unknown = CliRunner().invoke(cli, ["export", "--store", str(store_dir), "--format", "ics",
                                       "--agency", "无此局"])
    assert unknown.exit_code == 1 and "no agency of this name" in unknown.output


def test_an_unknown_plan_is_an_error(store_dir):
    from kg.errors import StoreError

    with Store(store_dir, read_only=True) as store, pytest.raises(StoreError, match="no plan"):
        calendar(store, plans=["nothing.txt"])
