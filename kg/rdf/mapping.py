"""Plan records -> RDF triples (pyoxigraph terms, ready to insert into the store without conversion).

Everything read from one document is described in its own named graph (see :mod:`kg.rdf.iris` for the IRI
scheme). Each measure, deadline, target, statistic, responsibility and agency mention carries provenance as a
Web Annotation specific resource::

    <thing> emo:evidence <thing/evidence> .
    <thing/evidence> a oa:SpecificResource ; oa:hasSource <plan> ;
        oa:hasSelector <thing/evidence/position> , <thing/evidence/quote> .
    <thing/evidence/position> a oa:TextPositionSelector ; oa:start 120 ; oa:end 181 .  # normalised text
    <thing/evidence/quote> a oa:TextQuoteSelector ; oa:exact "……" .

No blank nodes anywhere, so the same document always gives the same triples.

    >>> from kg.model import Document, DocumentMeta, Node, Span
    >>> text = "一、做好防汛工作。"
    >>> doc = Document(source="a.txt", format="txt", content_hash="0" * 64, original=text, text=text,
    ...                offsets=tuple(range(len(text) + 1)), meta=DocumentMeta(title="某镇计划"),
    ...                root=Node(kind="document", span=Span(0, len(text), text)))
    >>> from kg.model import Plan
    >>> triples = plan_to_triples(Plan(document=doc), version="0.1.0")
    >>> plan_iri(doc)
    'https://w3id.org/emkg/id/plan/a-18b7cb099a'
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import SimpleNamespace

from pyoxigraph import Literal, NamedNode

from kg.model import Agency, Document, Measure, Plan, Quantity, Span, Statistic, Target
from kg.rdf import iris
from kg.rdf.namespaces import EMO, PREFIXES

__all__ = ["Triple", "plan_graph_iri", "plan_iri", "plan_to_triples"]

Term = NamedNode | Literal
Triple = tuple[NamedNode, NamedNode, Term]


def _ns(prefix: str, local: str) -> NamedNode:
    return NamedNode(PREFIXES[prefix] + local)


@functools.cache
def _emo(term: str) -> NamedNode:
    return NamedNode(str(term))  # for the values of DOC_TYPES, DIRECTIONS and NATURES


#: EMO's terms as pyoxigraph terms, made once (``_EMO.Plan``): a plan's mapping names thousands, and each
#: look-up in rdflib's closed namespace costs microseconds. A name not in emo.ttl raises AttributeError.
_EMO = SimpleNamespace(**{name: NamedNode(str(EMO[name])) for name in EMO.__annotations__})


RDF_TYPE = _ns("rdf", "type")
RDFS_LABEL = _ns("rdfs", "label")
SKOS_ALT = _ns("skos", "altLabel")
DCT_TITLE = _ns("dcterms", "title")
DCT_SOURCE = _ns("dcterms", "source")
DCT_ISSUED = _ns("dcterms", "issued")
PROV_ACTIVITY = _ns("prov", "Activity")
PROV_SOFTWARE = _ns("prov", "SoftwareAgent")
PROV_GENERATED_BY = _ns("prov", "wasGeneratedBy")
PROV_ASSOCIATED = _ns("prov", "wasAssociatedWith")
ORG_SUB = _ns("org", "subOrganizationOf")
ORG_UNIT = _ns("org", "OrganizationalUnit")
OA_SPECIFIC = _ns("oa", "SpecificResource")
OA_SOURCE = _ns("oa", "hasSource")
OA_SELECTOR = _ns("oa", "hasSelector")
OA_POSITION = _ns("oa", "TextPositionSelector")
OA_QUOTE = _ns("oa", "TextQuoteSelector")
OA_START, OA_END, OA_EXACT = _ns("oa", "start"), _ns("oa", "end"), _ns("oa", "exact")
XSD_INTEGER, XSD_DECIMAL, XSD_DATE = _ns("xsd", "integer"), _ns("xsd", "decimal"), _ns("xsd", "date")

ROLES = {"lead": (_EMO.LeadRole, _EMO.leadAgency),
         "support": (_EMO.SupportRole, _EMO.supportingAgency)}
DIRECTIONS = {"increase": EMO.Increase, "decrease": EMO.Decrease, "at_least": EMO.AtLeast,
              "at_most": EMO.AtMost, "reach": EMO.Reach, "zero": EMO.Zero}
NATURES = {"binding": EMO.Binding, "expected": EMO.Expected}
DOC_TYPES = {"work_plan": EMO.WorkPlan, "five_year_plan": EMO.FiveYearPlan,
             "summary_and_plan": EMO.SummaryAndPlan, "campaign_plan": EMO.CampaignPlan,
             "other": EMO.OtherDocumentType}


def plan_iri(document: Document) -> str:
    """The IRI of the plan read from ``document``: fixed by its source, see :mod:`kg.rdf.iris`."""
    return iris.plan_iri_from_key(iris.plan_key(document.source))


def plan_graph_iri(document: Document) -> str:
    """The named graph that holds the plan read from ``document``."""
    return iris.graph_iri(iris.plan_key(document.source))


def plan_to_triples(plan: Plan, *, version: str) -> list[Triple]:
    """The triples that describe ``plan`` (for its named graph); ``version`` is the emkg version."""
    mapper = _PlanMapper(plan, version)
    mapper.map()
    return mapper.triples


# --- literals ------------------------------------------------------------------------------------


def _zh(text: str) -> Literal:
    return Literal(text, language="zh")


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD_INTEGER)


def _decimal(value: Decimal) -> Literal:
    # The canonical form Oxigraph stores ("15.50" -> "15.5"), so the store holds exactly what was mapped;
    # format "f" never gives an exponent (normalize() turns 10 into "1E+1", not a valid xsd:decimal).
    return Literal(format(value.normalize(), "f"), datatype=XSD_DECIMAL)


def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD_DATE)


def _merge_agencies(agencies: Iterable[Agency]) -> dict[str, Agency]:
    """Agencies by canonical name; a name listed twice keeps every label and mention of both."""
    merged: dict[str, Agency] = {}
    for agency in agencies:
        known = merged.get(agency.name)
        if known is None:
            merged[agency.name] = agency
            continue
        merged[agency.name] = replace(
            known, alt_labels=tuple(dict.fromkeys(known.alt_labels + agency.alt_labels)),
            function=known.function or agency.function, parent=known.parent or agency.parent,
            mentions=tuple(dict.fromkeys(known.mentions + agency.mentions)))
    return merged


# --- the mapper ----------------------------------------------------------------------------------


@dataclass
class _PlanMapper:
    plan: Plan
    version: str
    triples: list[Triple] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.document = self.plan.document
        self.iri = plan_iri(self.document)
        self.node = NamedNode(self.iri)
        self.agencies: dict[str, NamedNode] = {}  # canonical name -> IRI, filled by _map_agencies
        self.records = _merge_agencies(self.plan.agencies)

    def add(self, subject: NamedNode, predicate: NamedNode, obj: Term) -> None:
        self.triples.append((subject, predicate, obj))

    def map(self) -> None:
        self._map_plan()
        self._map_agencies()
        sections = self._map_sections()
        hazards = {mention.key for mention in self.plan.hazards}
        for ordinal, (measure, measure_iri) in enumerate(self._measure_iris(), start=1):
            self._map_measure(measure, measure_iri, ordinal, sections)
            hazards.update(mention.key for mention in measure.hazards)
        for key in sorted(hazards):
            self.add(self.node, _EMO.addressesHazard, NamedNode(iris.hazard_iri(key)))
        for index, statistic in enumerate(self.plan.statistics, start=1):
            self._map_statistic(statistic, NamedNode(iris.child_iri(self.iri, "statistic", str(index))))

    # --- the plan itself

    def _map_plan(self) -> None:
        plan, meta, document = self.node, self.plan.meta, self.document
        self.add(plan, RDF_TYPE, _EMO.Plan)
        self.add(plan, DCT_SOURCE, Literal(document.source))
        self.add(plan, _EMO.contentHash, Literal(document.content_hash))
        self.add(plan, _EMO.sourceFormat, Literal(document.format))
        if meta.title:
            self.add(plan, DCT_TITLE, _zh(meta.title))
        if meta.year is not None:
            self.add(plan, _EMO.planYear, _integer(meta.year))
        if meta.end_year is not None:
            self.add(plan, _EMO.endYear, _integer(meta.end_year))
        if meta.doc_type is not None:
            self.add(plan, _EMO.documentType, _emo(DOC_TYPES[meta.doc_type]))
        if meta.doc_number:
            self.add(plan, _EMO.docNumber, Literal(meta.doc_number))
        if meta.issuer:
            self.add(plan, _EMO.issuer, Literal(meta.issuer))
        if meta.published is not None:
            self.add(plan, DCT_ISSUED, _date(meta.published))
        self._map_jurisdiction()
        self._map_generation()

    def _map_jurisdiction(self) -> None:
        meta = self.plan.meta
        if meta.jurisdiction:
            node = NamedNode(iris.jurisdiction_iri(meta.jurisdiction))
            self.add(node, RDFS_LABEL, _zh(meta.jurisdiction))
        elif meta.level:
            # The text names no place but says what kind it is ("全镇"): a node of this plan's own.
            node = NamedNode(iris.child_iri(self.iri, "jurisdiction", "unnamed"))
        else:
            return
        self.add(node, RDF_TYPE, _EMO.Jurisdiction)
        if meta.level:
            self.add(node, _EMO.adminLevel, Literal(meta.level))
        self.add(self.node, _EMO.jurisdiction, node)

    def _map_generation(self) -> None:
        # No timestamp: a build must give the same triples every time it runs on the same input.
        activity = NamedNode(iris.child_iri(self.iri, "activity", "build"))
        software = NamedNode(iris.software_iri(self.version))
        self.add(self.node, PROV_GENERATED_BY, activity)
        self.add(activity, RDF_TYPE, PROV_ACTIVITY)
        self.add(activity, PROV_ASSOCIATED, software)
        self.add(software, RDF_TYPE, PROV_SOFTWARE)
        self.add(software, RDFS_LABEL, Literal(f"emkg {self.version}"))
        self.add(software, _EMO.softwareVersion, Literal(self.version))

    # --- provenance

    def _evidence(self, thing: NamedNode, span: Span, evidence_iri: str) -> None:
        evidence = NamedNode(evidence_iri)
        position = NamedNode(evidence_iri + "/position")
        quote = NamedNode(evidence_iri + "/quote")
        self.add(thing, _EMO.evidence, evidence)
        self.add(evidence, RDF_TYPE, OA_SPECIFIC)
        self.add(evidence, OA_SOURCE, self.node)
        self.add(evidence, OA_SELECTOR, position)
        self.add(evidence, OA_SELECTOR, quote)
        self.add(position, RDF_TYPE, OA_POSITION)
        # xsd:integer, not the xsd:nonNegativeInteger of the Web Annotation model: Oxigraph stores every
        # integer type as xsd:integer, and a build must export what it wrote.
        self.add(position, OA_START, _integer(span.start))
        self.add(position, OA_END, _integer(span.end))
        self.add(quote, RDF_TYPE, OA_QUOTE)
        self.add(quote, OA_EXACT, Literal(span.text))
        page = self.document.page_of(span.start)
        if page is not None:
            self.add(evidence, _EMO.page, _integer(page))

    # --- agencies

    def _map_agencies(self) -> None:
        for agency in self.records.values():
            node = self._agency(agency.name)
            self.add(self.node, _EMO.mentionsAgency, node)
            mention_base = iris.child_iri(self.iri, "mention", iris.short_hash(node.value, length=10))
            for index, span in enumerate(agency.mentions, start=1):
                self._evidence(node, span, f"{mention_base}/{index}")

    def _agency(self, name: str, _seen: frozenset[str] = frozenset()) -> NamedNode:
        """The IRI of the agency named ``name``, describing it the first time it is asked for.

        A name missing from the plan's agency list (a responsibility's, a parent's) gets a labelled node too.
        """
        if name in self.agencies:
            return self.agencies[name]
        record = self.records.get(name) or Agency(name=name)
        parent = None
        if record.parent and record.parent != name and record.parent not in _seen:
            parent = self._agency(record.parent, _seen | {name})
        node = NamedNode(iris.agency_iri(name, scope=self._agency_scope(record, parent)))
        self.agencies[name] = node
        self.add(node, RDF_TYPE, _EMO.Agency)
        self.add(node, RDFS_LABEL, _zh(name))
        for label in sorted(set(record.alt_labels) - {name}):
            self.add(node, SKOS_ALT, _zh(label))
        if record.scope == "national":
            self.add(node, RDF_TYPE, _EMO.NationalAgency)
        if record.function:
            self.add(node, _EMO.agencyFunction, NamedNode(iris.function_iri(record.function)))
        if parent is not None:
            self.add(node, RDF_TYPE, ORG_UNIT)
            self.add(node, ORG_SUB, parent)
        return node

    def _agency_scope(self, record: Agency, parent: NamedNode | None) -> str:
        if record.scope == "national":
            return "national"
        if parent is not None:
            return parent.value
        if self.plan.meta.jurisdiction:
            return iris.jurisdiction_iri(self.plan.meta.jurisdiction)
        return self.iri  # no known jurisdiction: the same name in another plan may be another body

    # --- sections and measures

    def _map_sections(self) -> dict[tuple[str, ...], NamedNode]:
        sections: dict[tuple[str, ...], NamedNode] = {}
        for measure in self.plan.measures:
            for depth in range(1, len(measure.heading_path) + 1):
                path = measure.heading_path[:depth]
                if path in sections:
                    continue
                node = NamedNode(iris.child_iri(self.iri, "section", iris.short_hash(*path, length=10)))
                sections[path] = node
                self.add(node, RDF_TYPE, _EMO.Section)
                self.add(node, _EMO.heading, Literal(path[-1]))
                self.add(node, _EMO.ordinal, _integer(len(sections)))
                self.add(self.node, _EMO.hasSection, node)
                if depth > 1:
                    self.add(node, _EMO.inSection, sections[path[:-1]])
        return sections

    def _measure_iris(self) -> Iterable[tuple[Measure, NamedNode]]:
        # Named by their text, so that an edit elsewhere in the document leaves them alone;
        # repeated texts get -2, -3 ... in document order.
        seen: dict[str, int] = {}
        for measure in self.plan.measures:
            local = iris.short_hash(measure.text, length=10)
            seen[local] = seen.get(local, 0) + 1
            if seen[local] > 1:
                local = f"{local}-{seen[local]}"
            yield measure, NamedNode(iris.child_iri(self.iri, "measure", local))

    def _map_measure(self, measure: Measure, node: NamedNode, ordinal: int,
                     sections: dict[tuple[str, ...], NamedNode]) -> None:
        self.add(self.node, _EMO.hasMeasure, node)
        self.add(node, RDF_TYPE, _EMO.Measure)
        self.add(node, _EMO.text, Literal(measure.text))
        self.add(node, _EMO.ordinal, _integer(ordinal))
        if measure.number:
            self.add(node, _EMO.itemNumber, Literal(measure.number))
        if measure.heading_path:
            self.add(node, _EMO.inSection, sections[measure.heading_path])
        self._evidence(node, measure.span, node.value + "/evidence")
        for key in sorted({mention.key for mention in measure.hazards}):
            self.add(node, _EMO.addressesHazard, NamedNode(iris.hazard_iri(key)))
        for index, deadline in enumerate(measure.deadlines, start=1):
            deadline_node = NamedNode(iris.child_iri(node.value, "deadline", str(index)))
            self.add(node, _EMO.hasDeadline, deadline_node)
            self.add(deadline_node, RDF_TYPE, _EMO.Deadline)
            self.add(deadline_node, _EMO.deadlineText, Literal(deadline.text))
            if deadline.due is not None:
                self.add(deadline_node, _EMO.dueDate, _date(deadline.due))
            self._evidence(deadline_node, deadline.span, deadline_node.value + "/evidence")
        for index, target in enumerate(measure.targets, start=1):
            target_node = NamedNode(iris.child_iri(node.value, "target", str(index)))
            self.add(node, _EMO.hasTarget, target_node)
            self._map_target(target, target_node)
        self._map_responsibilities(measure, node)

    def _map_responsibilities(self, measure: Measure, node: NamedNode) -> None:
        # One node per (agency, role); the same assignment stated twice keeps both pieces of evidence.
        evidence: dict[tuple[str, str], list[Span]] = {}
        for item in measure.responsibilities:
            evidence.setdefault((item.agency, item.role), []).append(item.evidence)
        for (name, role), spans in evidence.items():
            agency = self._agency(name)
            role_node, shortcut = ROLES[role]
            local = f"{role}-{iris.short_hash(agency.value, length=10)}"
            responsibility = NamedNode(iris.child_iri(node.value, "responsibility", local))
            self.add(node, shortcut, agency)
            self.add(node, _EMO.hasResponsibility, responsibility)
            self.add(responsibility, RDF_TYPE, _EMO.Responsibility)
            self.add(responsibility, _EMO.ofMeasure, node)
            self.add(responsibility, _EMO.agency, agency)
            self.add(responsibility, _EMO.role, role_node)
            if name not in self.records:
                self.add(self.node, _EMO.mentionsAgency, agency)
            for index, span in enumerate(spans, start=1):
                self._evidence(responsibility, span, f"{responsibility.value}/evidence/{index}")

    # --- targets and statistics

    def _map_quantity(self, quantity: Quantity, node: NamedNode) -> None:
        self.add(node, _EMO.text, Literal(quantity.clause.text))
        self.add(node, _EMO.numericValue, _decimal(quantity.value))
        if quantity.upper is not None:
            self.add(node, _EMO.upperValue, _decimal(quantity.upper))
        if quantity.unit:
            self.add(node, _EMO.unit, Literal(quantity.unit))
        self.add(node, _EMO.valueText, Literal(quantity.span.text))
        self._evidence(node, quantity.clause, node.value + "/evidence")

    def _map_target(self, target: Target, node: NamedNode) -> None:
        self.add(node, RDF_TYPE, _EMO.Target)
        self._map_quantity(target, node)
        if target.direction is not None:
            self.add(node, _EMO.direction, _emo(DIRECTIONS[target.direction]))
        if target.nature is not None:
            self.add(node, _EMO.nature, _emo(NATURES[target.nature]))
        if target.indicator:
            self.add(node, _EMO.indicator, Literal(target.indicator))

    def _map_statistic(self, statistic: Statistic, node: NamedNode) -> None:
        self.add(self.node, _EMO.reportsStatistic, node)
        self.add(node, RDF_TYPE, _EMO.Statistic)
        self._map_quantity(statistic, node)
        if statistic.year is not None:
            self.add(node, _EMO.referenceYear, _integer(statistic.year))
