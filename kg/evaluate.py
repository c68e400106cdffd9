"""Score a store against gold annotations (GUIDELINES.md format): precision, recall and F1 per category.

``kg evaluate --gold DIR --store DIR`` calls :func:`evaluate_store`. The store is read only through the
graph's public contract (``emo:Plan``, ``emo:hasMeasure``, ``emo:hasDeadline`` ...), exactly as the
project's scorer reads an exported graph, and the matching rules are the scorer's:

- plan metadata: jurisdiction label, admin level and plan year, each right or wrong;
- agencies: a predicted agency is right when one of its labels equals one of a gold agency's names,
  both normalised (NFKC, no spaces) and with the jurisdiction put in front of 省/市/区/县/镇… names;
  many-to-many;
- hazards: scheme keys of the plan and its measures, top-level categories left out; many-to-many;
- deadlines: text equal or one inside the other, and the same due date unless gold has none;
  one-to-one, greedy;
- deadline_links: as deadlines, and the gold cue inside the text of the measure holding the deadline;
- responsibilities: gold cue inside the measure's text, same role, an agency label matching;
- targets: same value, the same unit when gold gives one, and the gold cue inside the target's text
  or its measure's text.

Gold files and the store must name documents alike: a plan matches a gold file when its
``dcterms:source`` is the gold ``doc`` or ends with "/" + it.

    >>> tally = Tally(tp_pred=9, n_pred=10, tp_gold=9, n_gold=12)
    >>> round(tally.f1, 3)
    0.818
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from kg.errors import InputError

if TYPE_CHECKING:
    from kg.model import Plan

__all__ = ["CATEGORIES", "EvaluationReport", "Predictions", "Tally", "evaluate_store", "load_gold",
           "predictions_from_plan", "score_document"]

CATEGORIES = ("agencies", "hazards", "deadlines", "deadline_links", "responsibilities", "targets")
TOP_LEVEL_HAZARDS = frozenset({"natural_disaster", "accident_disaster", "public_health", "social_security"})
ADMIN_PREFIXES = ("省", "市", "区", "县", "镇", "州", "旗")
METADATA_KEYS = ("jurisdiction", "level", "year")

P = TypeVar("P")
G = TypeVar("G")


def norm(text: object) -> str:
    """NFKC, without whitespace: how the scorer compares every string."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def expand_names(names: Iterable[str], jurisdiction: str | None) -> set[str]:
    """The names, normalised, plus their forms with and without the jurisdiction's name in front."""
    out = set()
    place = norm(jurisdiction) if jurisdiction else ""
    for name in names:
        n = norm(name)
        out.add(n)
        if place and n.startswith(ADMIN_PREFIXES):
            out.add(place + n[1:] if place.endswith(n[0]) else place + n)
        if place and n.startswith(place) and len(n) > len(place):
            out.add(n[len(place):])
            out.add(place[-1] + n[len(place):])
    return out


# --- tallies and matching ---------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts behind precision (matched predictions / predictions) and recall (found gold / gold)."""

    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    def add(self, other: Tally) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "pred": self.n_pred, "gold": self.n_gold}


@dataclass
class Outcome:
    """A category's tally for one document, with what was missed and what was wrongly predicted."""

    tally: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)


def one_to_one(preds: Sequence[P], golds: Sequence[G], match: Callable[[P, G], bool],
               show_pred: Callable[[P], str] = str, show_gold: Callable[[G], str] = str) -> Outcome:
    """Greedy one-to-one matching in prediction order: each gold item is claimed by one prediction."""
    used: set[int] = set()
    false_hits = []
    for pred in preds:
        for i, gold in enumerate(golds):
            if i not in used and match(pred, gold):
                used.add(i)
                break
        else:
            false_hits.append(show_pred(pred))
    misses = [show_gold(gold) for i, gold in enumerate(golds) if i not in used]
    tally = Tally(tp_pred=len(used), n_pred=len(preds), tp_gold=len(used), n_gold=len(golds))
    return Outcome(tally, misses, false_hits)


def set_overlap(preds: Sequence[P], golds: Sequence[G], match: Callable[[P, G], bool],
                show_pred: Callable[[P], str] = str, show_gold: Callable[[G], str] = str) -> Outcome:
    """Many-to-many: a prediction is right if it matches any gold item, and a gold item found if any
    prediction matches it."""
    right = [any(match(p, g) for g in golds) for p in preds]
    found = [any(match(p, g) for p in preds) for g in golds]
    tally = Tally(tp_pred=sum(right), n_pred=len(preds), tp_gold=sum(found), n_gold=len(golds))
    return Outcome(tally, [show_gold(g) for g, ok in zip(golds, found, strict=True) if not ok],
                   [show_pred(p) for p, ok in zip(preds, right, strict=True) if not ok])


# --- what a build predicts for one document ----------------------------------------------------------


@dataclass
class Predictions:
    """What a build says about one document, in the scorer's normalised terms.

    ``deadlines``: (text, due date "YYYY-MM-DD" or None, text of the measure holding it);
    ``responsibilities``: (measure text, agency labels, role); ``targets``: (target text, value,
    unit, measure text). Texts are normalised with :func:`norm`.
    """

    jurisdiction: set[str] = field(default_factory=set)
    level: set[str] = field(default_factory=set)
    year: set[str] = field(default_factory=set)
    agencies: list[set[str]] = field(default_factory=list)
    hazards: set[str] = field(default_factory=set)
    deadlines: list[tuple[str, str | None, str]] = field(default_factory=list)
    responsibilities: list[tuple[str, set[str], str]] = field(default_factory=list)
    targets: list[tuple[str, float | None, str, str]] = field(default_factory=list)


def predictions_from_plan(plan: Plan) -> Predictions:
    """The predictions an extracted plan makes, read the way the graph maps it (measure text, a target's
    clause as its text, hazards of the plan and its measures): for scoring extraction without a store."""
    meta = plan.meta
    labels = {agency.name: {norm(agency.name), *map(norm, agency.alt_labels)} for agency in plan.agencies}
    predictions = Predictions(
        jurisdiction={norm(meta.jurisdiction)} if meta.jurisdiction else set(),
        level={norm(meta.level)} if meta.level else set(),
        year={str(meta.year)} if meta.year is not None else set(),
        agencies=list(labels.values()),
        hazards={m.key for m in plan.hazards} | {h.key for m in plan.measures for h in m.hazards},
    )
    for measure in plan.measures:
        text = norm(measure.text)
        for deadline in measure.deadlines:
            due = deadline.due.isoformat() if deadline.due else None
            predictions.deadlines.append((norm(deadline.text), due, text))
        for duty in measure.responsibilities:
            agency_labels = labels.get(duty.agency, {norm(duty.agency)})
            predictions.responsibilities.append((text, agency_labels, duty.role))
        for target in measure.targets:
            quantity = (norm(target.clause.text), float(target.value), norm(target.unit), text)
            predictions.targets.append(quantity)
    return predictions


class QueryableStore(Protocol):
    """What evaluation needs of :class:`kg.store.Store`: SPARQL over the union graph."""

    def query(self, sparql: str, *, substitutions: dict[str, Any] | None = None) -> Any: ...


_PREFIXES = """PREFIX emo: <https://w3id.org/emkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
Q_PLANS = "SELECT ?p ?s WHERE { ?p a emo:Plan ; dcterms:source ?s }"
# pyoxigraph substitutes only variables of the projection: each query selects its bound ?p / ?a too
# (StoreReader.rows leaves them out of the rows).
Q_METADATA = ("SELECT ?p ?l ?lvl ?y WHERE { OPTIONAL { ?p emo:jurisdiction ?j . "
              "OPTIONAL { ?j rdfs:label ?l } "
              "OPTIONAL { ?j emo:adminLevel ?lvl } } OPTIONAL { ?p emo:planYear ?y } }")
Q_AGENCIES = ("SELECT DISTINCT ?p ?a WHERE { { ?p emo:mentionsAgency ?a } UNION "
              "{ ?p emo:hasMeasure/(emo:leadAgency|emo:supportingAgency) ?a } }")
Q_LABELS = ("SELECT ?a ?l WHERE { { ?a rdfs:label ?l } UNION { ?a skos:altLabel ?l } "
            "UNION { ?a skos:prefLabel ?l } }")
Q_HAZARDS = ("SELECT DISTINCT ?p ?k WHERE { { ?p emo:addressesHazard ?h } UNION "
             "{ ?p emo:hasMeasure/emo:addressesHazard ?h } ?h skos:notation ?k }")
Q_DEADLINES = ("SELECT ?p ?t ?d ?mt WHERE { ?p emo:hasMeasure ?m . ?m emo:hasDeadline ?dl . "
               "?dl emo:deadlineText ?t . OPTIONAL { ?dl emo:dueDate ?d } OPTIONAL { ?m emo:text ?mt } }")
Q_RESPONSIBILITIES = ("SELECT ?p ?mt ?a ?role WHERE { ?p emo:hasMeasure ?m . "
                      "{ ?m emo:leadAgency ?a BIND(\"lead\" AS ?role) } UNION "
                      "{ ?m emo:supportingAgency ?a BIND(\"support\" AS ?role) } "
                      "OPTIONAL { ?m emo:text ?mt } }")
Q_TARGETS = ("SELECT ?p ?tt ?v ?u ?mt WHERE { ?p emo:hasMeasure ?m . ?m emo:hasTarget ?t . "
             "OPTIONAL { ?t emo:text ?tt } OPTIONAL { ?t emo:numericValue ?v } OPTIONAL { ?t emo:unit ?u } "
             "OPTIONAL { ?m emo:text ?mt } }")


class StoreReader:
    """Reads the contract's properties of one plan from a store."""

    def __init__(self, store: QueryableStore) -> None:
        self.store = store
        self._label_cache: dict[str, set[str]] = {}

    def rows(self, query: str, **bindings: Any) -> list[list[Any]]:
        import pyoxigraph

        bound = {name: pyoxigraph.NamedNode(value) for name, value in bindings.items()}
        solutions = self.store.query(_PREFIXES + query, substitutions=bound or None)
        names = [variable.value for variable in solutions.variables if variable.value not in bindings]
        return [[None if solution[name] is None else solution[name].value for name in names]
                for solution in solutions]

    def plan_for(self, doc: str) -> str | None:
        found = [plan for plan, source in self.rows(Q_PLANS) if _same_source(source, doc)]
        return found[0] if len(found) == 1 else None

    def labels(self, agency: str) -> set[str]:
        if agency not in self._label_cache:
            self._label_cache[agency] = {norm(row[0]) for row in self.rows(Q_LABELS, a=agency)}
        return self._label_cache[agency]

    def predictions(self, plan: str) -> Predictions:
        metadata = self.rows(Q_METADATA, p=plan)
        predictions = Predictions(
            jurisdiction={norm(r[0]) for r in metadata if r[0] is not None},
            level={norm(r[1]) for r in metadata if r[1] is not None},
            year={str(r[2]) for r in metadata if r[2] is not None},
            agencies=[self.labels(row[0]) for row in self.rows(Q_AGENCIES, p=plan)],
            hazards={row[0] for row in self.rows(Q_HAZARDS, p=plan)},
            deadlines=[(norm(t), d, norm(mt or "")) for t, d, mt in self.rows(Q_DEADLINES, p=plan)],
            responsibilities=[(norm(mt or ""), self.labels(a), role)
                              for mt, a, role in self.rows(Q_RESPONSIBILITIES, p=plan)],
        )
        for text, value, unit, measure_text in self.rows(Q_TARGETS, p=plan):
            target = (norm(text or ""), _float(value), norm(unit or ""), norm(measure_text or ""))
            predictions.targets.append(target)
        return predictions


def _same_source(source: str, doc: str) -> bool:
    return source == doc or source.endswith(("/" + doc, "\\" + doc)) or Path(source).name == doc


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


# --- scoring one document -------------------------------------------------------------------------


@dataclass
class DocumentScore:
    doc: str
    outcomes: dict[str, Outcome]
    metadata_checked: int = 0
    metadata_right: int = 0
    notes: list[str] = field(default_factory=list)


def score_document(gold: dict[str, Any], predictions: Predictions | None) -> DocumentScore:
    """Score one document's predictions (None: the store has no single plan for it) against its gold."""
    doc = gold["doc"]
    score = DocumentScore(doc, {category: Outcome() for category in CATEGORIES})
    if predictions is None:
        score.notes.append(f"{doc}: no single emo:Plan with this dcterms:source; everything counts as missed")
        for category in CATEGORIES:
            key = "deadlines" if category == "deadline_links" else category
            score.outcomes[category].tally.n_gold += len(gold.get(key, []))
        return score
    jurisdiction = (gold.get("plan") or {}).get("jurisdiction")
    _score_metadata(score, gold.get("plan") or {}, predictions)
    if "agencies" in gold:
        golds = [expand_names(names, jurisdiction) for names in gold["agencies"]]
        score.outcomes["agencies"] = set_overlap(
            predictions.agencies, golds, lambda p, g: bool(expand_names(p, jurisdiction) & g),
            show_pred=lambda p: "/".join(sorted(p)), show_gold=lambda g: "/".join(sorted(g)))
    if "hazards" in gold:
        preds = sorted(predictions.hazards - TOP_LEVEL_HAZARDS)
        golds = sorted(set(gold["hazards"]) - TOP_LEVEL_HAZARDS)
        score.outcomes["hazards"] = set_overlap(preds, golds, lambda a, b: a == b)
    if "deadlines" in gold:
        _score_deadlines(score, gold["deadlines"], predictions)
    if "responsibilities" in gold:
        golds = [(norm(x["cue"]), expand_names(x["agency"], jurisdiction), x["role"])
                 for x in gold["responsibilities"]]
        score.outcomes["responsibilities"] = one_to_one(
            predictions.responsibilities, golds,
            lambda p, g: g[0] in p[0] and p[2] == g[2] and bool(expand_names(p[1], jurisdiction) & g[1]),
            show_pred=lambda p: f"{'/'.join(sorted(p[1]))} {p[2]} @ {p[0][:30]}",
            show_gold=lambda g: f"{'/'.join(sorted(g[1]))} {g[2]} @ {g[0]}")
    if "targets" in gold:
        golds = [(norm(t["cue"]), float(t["number"]), norm(t.get("unit", ""))) for t in gold["targets"]]
        score.outcomes["targets"] = one_to_one(
            predictions.targets, golds, _same_target,
            show_pred=lambda p: f"{p[1]:g} {p[2]!r} @ {p[0][:30]}",
            show_gold=lambda g: f"{g[1]:g} {g[2]!r} @ {g[0]}")
    return score


def _score_metadata(score: DocumentScore, gold_plan: dict[str, Any], predictions: Predictions) -> None:
    for key in METADATA_KEYS:
        if gold_plan.get(key) is None:
            continue
        score.metadata_checked += 1
        want = norm(gold_plan[key]) if key != "year" else str(gold_plan[key])
        got = getattr(predictions, key)
        if want in got:
            score.metadata_right += 1
        else:
            score.notes.append(f"{score.doc}: plan {key} is {sorted(got) or 'missing'}, gold {want}")


def _score_deadlines(score: DocumentScore, gold: list[dict[str, Any]], predictions: Predictions) -> None:
    golds = [(norm(d["text"]), d.get("date"), norm(d["cue"])) for d in gold]

    def same_deadline(p: tuple[str, str | None, str], g: tuple[str, str | None, str]) -> bool:
        text_ok = p[0] and g[0] and (p[0] in g[0] or g[0] in p[0])
        return bool(text_ok) and (g[1] is None or p[1] == g[1])

    def show_pred(p: tuple[str, str | None, str]) -> str:
        return f"{p[0]} {p[1]} @ {p[2][:30]}"

    def show_gold(g: tuple[str, str | None, str]) -> str:
        return f"{g[0]} {g[1]} @ {g[2]}"

    score.outcomes["deadlines"] = one_to_one(
        predictions.deadlines, golds, same_deadline, show_pred, show_gold)
    score.outcomes["deadline_links"] = one_to_one(
        predictions.deadlines, golds, lambda p, g: same_deadline(p, g) and g[2] in p[2], show_pred, show_gold)


def _same_target(p: tuple[str, float | None, str, str], g: tuple[str, float, str]) -> bool:
    if p[1] is None or abs(p[1] - g[1]) > 1e-9:
        return False
    if g[2] and p[2] != g[2]:
        return False
    return g[0] in p[0] or g[0] in p[3]


# --- the report --------------------------------------------------------------------------------------


@dataclass
class EvaluationReport:
    """Scores of every gold document, and their totals."""

    documents: list[DocumentScore]

    def totals(self) -> dict[str, Tally]:
        totals = {category: Tally() for category in CATEGORIES}
        for document in self.documents:
            for category in CATEGORIES:
                totals[category].add(document.outcomes[category].tally)
        return totals

    @property
    def metadata_accuracy(self) -> float | None:
        checked = sum(d.metadata_checked for d in self.documents)
        return round(sum(d.metadata_right for d in self.documents) / checked, 4) if checked else None

    def to_dict(self) -> dict[str, Any]:
        """The scorer's JSON shape (summary, documents, notes), with each document's misses and false hits."""
        summary: dict[str, Any] = {category: tally.row() for category, tally in self.totals().items()}
        summary["plan_metadata"] = {
            "accuracy": self.metadata_accuracy,
            "checked": sum(d.metadata_checked for d in self.documents),
            "right": sum(d.metadata_right for d in self.documents),
        }
        documents = {}
        for document in self.documents:
            row: dict[str, Any] = {c: document.outcomes[c].tally.row() for c in CATEGORIES}
            row["plan_metadata"] = {"checked": document.metadata_checked, "right": document.metadata_right}
            row["misses"] = {c: document.outcomes[c].misses for c in CATEGORIES
                             if document.outcomes[c].misses}
            row["false_hits"] = {c: document.outcomes[c].false_hits for c in CATEGORIES
                                 if document.outcomes[c].false_hits}
            documents[document.doc] = row
        return {"summary": summary, "documents": documents,
                "notes": [note for document in self.documents for note in document.notes]}

    def render(self, misses: bool = True) -> str:
        """A plain-text report: notes, per-document F1, totals and (with ``misses``) what went wrong."""
        lines = [f"note: {note}" for document in self.documents for note in document.notes]
        lines.append(f"{'document':34} " + " ".join(f"{c[:12]:>12}" for c in CATEGORIES))
        for document in self.documents:
            lines.append(f"{document.doc[:34]:34} "
                         + " ".join(f"{document.outcomes[c].tally.f1:12.3f}" for c in CATEGORIES))
        lines.append(f"{'category':18} {'P':>7} {'R':>7} {'F1':>7} {'pred':>6} {'gold':>6}")
        for category, tally in self.totals().items():
            lines.append(f"{category:18} {tally.precision:7.3f} {tally.recall:7.3f} {tally.f1:7.3f} "
                         f"{tally.n_pred:6d} {tally.n_gold:6d}")
        checked = sum(d.metadata_checked for d in self.documents)
        right = sum(d.metadata_right for d in self.documents)
        lines.append(f"{'plan_metadata':18} accuracy {self.metadata_accuracy} ({right}/{checked})")
        if misses:
            lines.extend(self._problems())
        return "\n".join(lines)

    def _problems(self) -> list[str]:
        lines = []
        for document in self.documents:
            entries = []
            for category in CATEGORIES:
                outcome = document.outcomes[category]
                entries += [f"  {category} missed: {item}" for item in outcome.misses]
                entries += [f"  {category} false hit: {item}" for item in outcome.false_hits]
            if entries:
                lines += ["", f"{document.doc}:", *entries]
        return lines


# --- entry points --------------------------------------------------------------------------------------


def load_gold(gold_dir: Path | str) -> list[dict[str, Any]]:
    """The gold files of a folder (``*.json``, GUIDELINES format), sorted by name."""
    gold_dir = Path(gold_dir)
    paths = sorted(gold_dir.glob("*.json"))
    if not paths:
        raise InputError(gold_dir, "no gold files (*.json) in this folder",
                         "point --gold at a folder of annotations in the GUIDELINES format")
    golds = []
    for path in paths:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(path, f"is not valid UTF-8 JSON ({error})", "fix or remove the file") from error
        if not isinstance(gold, dict) or "doc" not in gold:
            raise InputError(path, "has no \"doc\" field naming the document it annotates",
                             "add \"doc\": \"<file name as built>\"")
        golds.append(gold)
    return golds


def evaluate_store(store: QueryableStore, gold_dir: Path | str) -> EvaluationReport:
    """Score the plans in ``store`` against every gold file in ``gold_dir``."""
    reader = StoreReader(store)
    documents = []
    for gold in load_gold(gold_dir):
        plan = reader.plan_for(gold["doc"])
        documents.append(score_document(gold, reader.predictions(plan) if plan else None))
    return EvaluationReport(documents)


def evaluate_plans(plans: Iterable[Plan], gold_dir: Path | str) -> EvaluationReport:
    """Score extracted plans (no store) against the gold files, matching them by source file name."""
    by_source = {Path(plan.document.source).name: plan for plan in plans}
    documents = []
    for gold in load_gold(gold_dir):
        plan = by_source.get(Path(gold["doc"]).name)
        documents.append(score_document(gold, predictions_from_plan(plan) if plan else None))
    return EvaluationReport(documents)
