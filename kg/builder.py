"""Build plans into a store: discover the files, then for each one read, extract, map to RDF and store.

    >>> import kg
    >>> report = kg.build(["data/samples"], store="kg-store")  # doctest: +SKIP
    >>> print(report.summary())  # doctest: +SKIP
    built 5, skipped 0, failed 0
    ...

A document that cannot be built (unreadable, empty, or an error while extracting) is reported by name with the
problem, nothing is written for it, and the batch goes on. A document's plan is identified by its file name:
building a changed file again replaces its graph (see :mod:`kg.rdf.iris`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from kg.errors import EmptyDocument, InputError, KGError
from kg.model import Document, MetaOverrides, Plan
from kg.store import Store

__all__ = ["BuildReport", "DocumentResult", "build"]

Progress = Callable[[str], None]
COUNTED = ("measures", "agencies", "deadlines", "targets", "responsibilities", "statistics")


@dataclass(frozen=True)
class DocumentResult:
    """What happened to one input: built (with its plan IRI and counts), skipped or failed (with the
    problem)."""

    path: Path
    plan: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    problem: str | None = None
    seconds: float = 0.0

    @property
    def name(self) -> str:
        return self.path.name

    def describe(self) -> str:
        if self.problem is not None:
            return f"{self.name}: {self.problem}"
        parts = [f"{self.counts.get(key, 0)} {key}" for key in COUNTED]
        return f"{self.name}: {', '.join(parts)} ({self.counts.get('triples', 0)} triples)"


@dataclass
class BuildReport:
    """The outcome of a build: which inputs were built, skipped (not a document) or failed."""

    built: list[DocumentResult] = field(default_factory=list)
    skipped: list[DocumentResult] = field(default_factory=list)
    failed: list[DocumentResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when something was built: the CLI exits non-zero only when nothing could be."""
        return bool(self.built)

    def summary(self) -> str:
        lines = [f"built {len(self.built)}, skipped {len(self.skipped)}, failed {len(self.failed)}"]
        lines += [f"  {result.describe()}" for result in self.built]
        lines += [f"  skipped {result.describe()}" for result in self.skipped]
        lines += [f"  FAILED {result.describe()}" for result in self.failed]
        return "\n".join(lines)


def build(paths: Iterable[Path | str], *, store: Path | str | Store, encoding: str | None = None,
          sidecar: Path | None = None, overrides: MetaOverrides | None = None,
          progress: Progress | None = None) -> BuildReport:
    """Build the documents under ``paths`` (files or folders) into ``store`` (a folder or an open Store).

    ``sidecar`` is a CSV/YAML file of per-file metadata; without it, each folder's own sidecar file is used
    when there is one. ``overrides`` (from the command line) win over both the sidecar and detection.
    ``progress`` receives one line per document.
    """
    from kg.ingest import discover

    files, skipped = discover([Path(path) for path in paths])
    report = BuildReport(skipped=[DocumentResult(Path(path), problem=reason) for path, reason in skipped])
    per_file = _overrides_by_file(files, sidecar, overrides)
    files, clashes = _unique_names(files)
    report.failed += clashes
    with _opened(store) as target:
        for index, path in enumerate(files, start=1):
            result = _build_one(path, target, encoding=encoding, overrides=per_file.get(path))
            (report.built if result.problem is None else report.failed).append(result)
            if progress is not None:
                status = result.describe() if result.problem is None else f"FAILED {result.describe()}"
                progress(f"[{index}/{len(files)}] {status} {result.seconds:.1f}s")
    return report


def _build_one(path: Path, store: Store, *, encoding: str | None,
               overrides: MetaOverrides | None) -> DocumentResult:
    from kg import __version__
    from kg.ingest import read_document
    from kg.rdf.mapping import plan_iri, plan_to_triples

    started = time.perf_counter()
    try:
        document = read_document(path, encoding=encoding, overrides=overrides)
        if not document.text.strip():
            raise EmptyDocument(path, "holds no text", "check that it is the right file")
        plan = _extract(document)
        iri = plan_iri(document)
        triples = store.add_plan(iri, plan_to_triples(plan, version=__version__))
    except KGError as error:
        return DocumentResult(path, problem=_problem(error, path), seconds=time.perf_counter() - started)
    except Exception as error:  # one broken document must not stop the batch: it is reported, not hidden
        problem = f"internal error {type(error).__name__}: {error} (a bug in emkg: please report it)"
        return DocumentResult(path, problem=problem, seconds=time.perf_counter() - started)
    return DocumentResult(path, plan=iri, counts=_counts(plan) | {"triples": triples},
                          seconds=time.perf_counter() - started)


def _extract(document: Document) -> Plan:
    from kg.nlp import extract

    return extract(document)


def _problem(error: KGError, path: Path) -> str:
    """The error's message without the file's name in front (the report names the file already)."""
    if isinstance(error, InputError):
        return error.problem + (f" ({error.hint})" if error.hint else "")
    message = str(error)
    for prefix in (f"{path}: ", f"{path.name}: "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _counts(plan: Plan) -> dict[str, int]:
    measures = plan.measures
    return {
        "measures": len(measures),
        "agencies": len({agency.name for agency in plan.agencies}),
        "deadlines": sum(len(measure.deadlines) for measure in measures),
        "targets": sum(len(measure.targets) for measure in measures),
        "responsibilities": sum(len(measure.responsibilities) for measure in measures),
        "statistics": len(plan.statistics),
    }


def _unique_names(files: list[Path]) -> tuple[list[Path], list[DocumentResult]]:
    """Keep the first of the inputs that share a file name: a plan is identified by its file name."""
    first: dict[str, Path] = {}
    kept, clashes = [], []
    for path in files:
        if path.name in first:
            clashes.append(DocumentResult(path, problem=(
                f"has the same file name as {first[path.name]}, and a plan is identified by its file name: "
                "rename one of them")))
        else:
            first[path.name] = path
            kept.append(path)
    return kept, clashes


def _overrides_by_file(files: list[Path], sidecar: Path | None,
                       overrides: MetaOverrides | None) -> dict[Path, MetaOverrides]:
    """The metadata overrides of each file: its sidecar's row, with the command line's values on top."""
    from kg.ingest.metadata import find_sidecar, load_sidecar

    tables: dict[Path, dict[str, MetaOverrides]] = {}
    if sidecar is not None:
        table = load_sidecar(sidecar)
        tables = {path.parent: table for path in files}
    else:
        for folder in sorted({path.parent for path in files}):
            found = find_sidecar(folder)
            if found is not None:
                tables[folder] = load_sidecar(found)
    result = {}
    for path in files:
        merged = _merge(tables.get(path.parent, {}).get(path.name), overrides)
        if merged is not None:
            result[path] = merged
    return result


def _merge(base: MetaOverrides | None, top: MetaOverrides | None) -> MetaOverrides | None:
    if base is None or top is None:
        return top or base
    values = {f.name: getattr(top, f.name) if getattr(top, f.name) is not None else getattr(base, f.name)
              for f in fields(MetaOverrides)}
    return MetaOverrides(**values)


class _opened:
    """A context giving a Store: opens (and closes) one for a path, passes an open Store through untouched."""

    def __init__(self, store: Path | str | Store) -> None:
        self.given = store
        self.owned: Store | None = None

    def __enter__(self) -> Store:
        if isinstance(self.given, Store):
            return self.given
        self.owned = Store(self.given)
        return self.owned

    def __exit__(self, *exc_info: object) -> None:
        if self.owned is not None:
            self.owned.close()
