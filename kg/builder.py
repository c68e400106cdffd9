"""Build plans into a store: discover the files, then for each one read, extract, map to RDF and store.

    >>> import kg
    >>> report = kg.build(["data/samples"], store="kg-store", jobs=2)  # doctest: +SKIP
    >>> print(report.summary())  # doctest: +SKIP
    built 5, skipped 0, failed 0
    ...

A document that cannot be built (unreadable, empty, or an error while extracting) is reported by name with the
problem, nothing is written for it, and the batch goes on. A document's plan is identified by its file name:
building a changed file again replaces its graph (see :mod:`kg.rdf.iris`).

How the work is shared out:

- **extraction** (read, extract, map to triples, serialise as N-Quads) runs in the calling process
  (``jobs=1``), in ``jobs`` worker processes that each load the pipeline once, or on the workers of a Dask
  cluster (``dask_scheduler``);
- **writing** is done by the calling process alone, in the order of the inputs: new plans in atomic bulk
  loads of a few hundred thousand quads, in a thread beside the extraction; plans already in the store
  replaced one at a time, each in a transaction. A store has one writer, and no more than a few plans are in
  flight at once, so memory stays flat however many documents there are;
- **incremental**: a document whose bytes (content hash) and emkg version are those of the plan already in
  the store, with the same metadata overrides, is left alone (``force=True`` rebuilds it). Nothing is ever
  removed from the store that was not asked for.
"""

from __future__ import annotations

import gc
import hashlib
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import EmptyDocument, InputError, KGError
from kg.model import Document, MetaOverrides, Plan
from kg.store import Store
from kg.store.store import ATOMIC_LOAD_QUADS, nquads_triples, plan_graph

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["BuildReport", "DocumentResult", "build", "default_jobs", "extract_file", "load_extractor"]

Progress = Callable[[str], None]
COUNTED = ("measures", "agencies", "deadlines", "targets", "responsibilities", "statistics")
#: plans extracted ahead of the writer, per worker: enough to keep every worker busy, few enough to stay small
AHEAD_PER_WORKER = 2
#: with ``jobs=None``, one worker per this many bytes of input (up to the number of cores): a worker costs a
#: pipeline load (a few seconds), which a smaller share of the work would not pay back
BYTES_PER_WORKER = 1_000_000
#: how long to wait for a Dask scheduler to answer
DASK_CONNECT_TIMEOUT = "30s"
#: the writer flushes the store after this many triples: RocksDB (pyoxigraph 0.5) keeps what transactions
#: wrote in memory until a flush, about 1 KB a triple, so without it a big build grows by gigabytes
FLUSH_EVERY_TRIPLES = 100_000
#: new plans go into the store in bulk loads of about this many quads: a bulk load costs a quarter of the
#: CPU of a transaction, and much less than one SPARQL update per plan, which would make the writer the
#: bottleneck of a parallel build; few enough to hold in memory as N-Quads (about 60 MB)
BULK_QUADS = 200_000
#: a plan larger than this is written on its own, in a transaction: a batch must stay one atomic bulk load
BATCHED_QUADS = ATOMIC_LOAD_QUADS - BULK_QUADS
#: a build that wrote this many triples compacts the store after it (:meth:`Store.compact`): queries on it
#: then run 10-30% faster; a smaller one leaves too few table files to matter
COMPACT_AFTER_TRIPLES = BULK_QUADS
#: the progress line before the compaction
COMPACTING = "compacting the store's files, for faster queries"

# The fingerprint of every plan in a store: what an incremental build compares a file with.
_BUILT_PLANS = """
SELECT ?plan ?hash ?version ?jurisdiction ?level ?year ?type ?title WHERE {
  GRAPH ?g {
    ?plan a emo:Plan ; emo:contentHash ?hash .
    OPTIONAL { ?plan prov:wasGeneratedBy/prov:wasAssociatedWith/emo:softwareVersion ?version }
    OPTIONAL { ?plan emo:jurisdiction ?place .
               OPTIONAL { ?place rdfs:label ?jurisdiction } OPTIONAL { ?place emo:adminLevel ?level } }
    OPTIONAL { ?plan emo:planYear ?year }
    OPTIONAL { ?plan emo:documentType ?type }
    OPTIONAL { ?plan dcterms:title ?title }
  }
}"""


@dataclass(frozen=True)
class DocumentResult:
    """What happened to one input: built (with its plan IRI and counts), unchanged, skipped or failed (with
    the problem)."""

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
    """The outcome of a build: which inputs were built, left unchanged, skipped (not a document) or failed."""

    built: list[DocumentResult] = field(default_factory=list)
    skipped: list[DocumentResult] = field(default_factory=list)
    failed: list[DocumentResult] = field(default_factory=list)
    unchanged: list[DocumentResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when something was built or was already up to date: the CLI exits non-zero only when
        nothing could be."""
        return bool(self.built or self.unchanged)

    def summary(self) -> str:
        counts = [f"built {len(self.built)}"]
        if self.unchanged:
            counts.append(f"unchanged {len(self.unchanged)}")
        counts += [f"skipped {len(self.skipped)}", f"failed {len(self.failed)}"]
        lines = [", ".join(counts)]
        lines += [f"  {result.describe()}" for result in self.built]
        lines += [f"  unchanged {result.name}" for result in self.unchanged]
        lines += [f"  skipped {result.describe()}" for result in self.skipped]
        lines += [f"  FAILED {result.describe()}" for result in self.failed]
        return "\n".join(lines)


@dataclass(frozen=True)
class _Task:
    """One document to extract. ``data`` carries the file's bytes to a worker that cannot see the file
    (a Dask worker on another machine); local workers read ``path`` themselves."""

    path: Path
    encoding: str | None = None
    overrides: MetaOverrides | None = None
    data: bytes | None = None


@dataclass(frozen=True)
class _Extraction:
    """A worker's answer: the plan's IRI, counts and graph (as N-Quads, and how many), or the problem."""

    path: Path
    plan: str | None = None
    nquads: bytes = b""
    quads: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    problem: str | None = None
    seconds: float = 0.0


def default_jobs() -> int:
    """The number of cores this process may run on (the default of ``kg build --jobs``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build(paths: Iterable[Path | str], *, store: Path | str | Store, encoding: str | None = None,
          sidecar: Path | None = None, overrides: MetaOverrides | None = None,
          progress: Progress | None = None, jobs: int | None = 1, force: bool = False,
          dask_scheduler: str | None = None) -> BuildReport:
    """Build the documents under ``paths`` (files or folders) into ``store`` (a folder or an open Store).

    ``sidecar`` is a CSV/YAML file of per-file metadata; without it, each folder's own sidecar file is used
    when there is one. ``overrides`` (from the command line) win over both the sidecar and detection.
    ``progress`` receives one line per document. ``jobs`` worker processes extract in parallel (1: in this
    process; None: as many as the cores, fewer for a small batch, see :data:`BYTES_PER_WORKER`);
    ``dask_scheduler`` (``tcp://host:8786``) sends the extraction to a Dask cluster instead.
    Documents already in the store with the same content, emkg version and overrides are left alone unless
    ``force``; with ``encoding`` given, documents are always read again (the hash cannot tell how they
    were decoded).
    """
    from kg.ingest import discover

    files, skipped = discover([Path(path) for path in paths])
    report = BuildReport(skipped=[DocumentResult(Path(path), problem=reason) for path, reason in skipped])
    per_file = _overrides_by_file(files, sidecar, overrides)
    files, clashes = _unique_names(files)
    report.failed += clashes
    with _opened(store) as target:
        tasks = [_Task(path, encoding, per_file.get(path)) for path in files]
        if not force and encoding is None:
            tasks, report.unchanged = _changed(tasks, target)
            if report.unchanged and progress is not None:
                progress(f"{len(report.unchanged)} unchanged since they were built (--force rebuilds them)")
        with _Writer(target, report, progress, len(tasks)) as writer:
            for extraction in _extractions(tasks, jobs, dask_scheduler):
                writer.write(extraction)
            writer.finish()
        _compact_if_large(target, report, progress)
    return report


def _compact_if_large(store: Store, report: BuildReport, progress: Progress | None) -> None:
    written = sum(result.counts.get("triples", 0) for result in report.built)
    if store.path is None or written < COMPACT_AFTER_TRIPLES:  # in memory: no table files to merge
        return
    if progress is not None:
        progress(COMPACTING)
    try:
        store.compact()
    except KGError as error:  # every plan is in; only the queries are slower until the next large build
        if progress is not None:
            progress(f"{error} (the plans are stored; queries are slower until it is compacted)")


# --- extraction: in this process, in worker processes, or on a Dask cluster -------------------------


def load_extractor() -> None:
    """Load the pipeline and build one short plan with it (read, extract, map, serialise), so that every
    one-time cost (imports, jieba's dictionary, pattern files, compiled rules) is paid now rather than by the
    first document. Each worker calls it once when it starts."""
    text = ("某县2024年应急管理工作要点\n一、工作措施\n"
            "1.县应急管理局牵头，6月底前完成防汛隐患排查，整改率达到100%。\n")
    with tempfile.TemporaryDirectory(prefix="emkg-") as folder:
        path = Path(folder) / "warm-up.txt"
        path.write_text(text, encoding="utf-8")
        extraction = _extract_path(path, _Task(path))
    if extraction.problem is not None:
        raise KGError(f"the extraction pipeline does not run: {extraction.problem}")
    # What was just loaded lives as long as the process: out of the cyclic collector's sight, each full
    # collection no longer walks it all again (about 3% of a build's CPU time).
    gc.collect()
    gc.freeze()


def extract_file(task: _Task) -> _Extraction:
    """Read, extract and map one document (in whatever process runs it); never raises for a bad document."""
    if task.data is None:
        return _extract_path(task.path, task)
    with tempfile.TemporaryDirectory(prefix="emkg-") as folder:
        # A worker on another machine gets the bytes: the plan is identified by the file's name, kept here.
        local = Path(folder) / task.path.name
        local.write_bytes(task.data)
        return _extract_path(local, task)


def _extract_path(path: Path, task: _Task) -> _Extraction:
    from kg import __version__
    from kg.ingest import read_document
    from kg.rdf.mapping import plan_iri, plan_to_triples
    from kg.store.store import plan_nquads

    started = time.perf_counter()
    try:
        document = read_document(path, encoding=task.encoding, overrides=task.overrides)
        if not document.text.strip():
            raise EmptyDocument(path, "holds no text", "check that it is the right file")
        plan = _extract(document)
        iri = plan_iri(document)
        nquads, quads = plan_nquads(iri, plan_to_triples(plan, version=__version__))
        return _Extraction(task.path, plan=iri, nquads=nquads, quads=quads, counts=_counts(plan),
                           seconds=time.perf_counter() - started)
    except KGError as error:
        problem = _problem(error, path)
    except Exception as error:  # one broken document must not stop the batch: it is reported, not hidden
        problem = f"internal error {type(error).__name__}: {error} (a bug in emkg: please report it)"
    return _Extraction(task.path, problem=problem, seconds=time.perf_counter() - started)


def _extract(document: Document) -> Plan:
    from kg.nlp import extract

    return extract(document)


def _extractions(tasks: list[_Task], jobs: int | None, dask_scheduler: str | None) -> Iterator[_Extraction]:
    """The extraction of every task, in the order of the tasks, at most a few ahead of the caller."""
    if not tasks:
        return iter(())
    if dask_scheduler is not None:
        return _on_dask(tasks, dask_scheduler)
    workers = min(_automatic_jobs(tasks) if jobs is None else jobs, len(tasks))
    if workers <= 1:
        return _here(tasks)
    return _in_processes(tasks, workers)


def _here(tasks: list[_Task]) -> Iterator[_Extraction]:
    load_extractor()  # up front, so that the first document's time is its own
    for task in tasks:
        yield extract_file(task)


def _automatic_jobs(tasks: list[_Task]) -> int:
    size = sum(task.path.stat().st_size for task in tasks if task.path.is_file())
    return max(1, min(default_jobs(), size // BYTES_PER_WORKER))


def _in_processes(tasks: list[_Task], workers: int) -> Iterator[_Extraction]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # "spawn": a fresh interpreter per worker, never a fork of a process holding the store open.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=load_extractor) as pool:
        try:
            yield from _ahead(lambda task: pool.submit(extract_file, task), tasks, workers * AHEAD_PER_WORKER)
        except BrokenProcessPool as error:
            raise KGError(f"a worker process died while building ({error}): it may have run out of memory; "
                          "build with --jobs 1 to see which document") from error
        finally:
            pool.shutdown(cancel_futures=True)


def _on_dask(tasks: list[_Task], address: str) -> Iterator[_Extraction]:
    try:
        from distributed import Client
    except ImportError as error:
        raise KGError("building on a Dask cluster needs dask.distributed: "
                      "pip install 'emkg[dask]'") from error
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        raise KGError(f"cannot reach the Dask scheduler at {address}: {error} (check the address, and that "
                      "`dask scheduler` is running there)") from error
    with client:
        threads = sum(client.nthreads().values()) or 1

        def submit(task: _Task) -> Any:
            # The bytes travel with the task: the workers need not see this machine's files.
            shipped = _Task(task.path, task.encoding, task.overrides, data=task.path.read_bytes())
            return client.submit(extract_file, shipped, pure=False)

        yield from _ahead(submit, tasks, threads * AHEAD_PER_WORKER)


def _ahead(submit: Callable[[_Task], Any], tasks: list[_Task], window: int) -> Iterator[_Extraction]:
    """Submit tasks, keeping ``window`` of them in flight, and yield their results in order."""
    pending: deque[Any] = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# --- writing ---------------------------------------------------------------------------------------


def _write(extraction: _Extraction, store: Store) -> DocumentResult:
    """Store one extraction's triples in its plan's graph (the writer's part of the work)."""
    if extraction.problem is not None or extraction.plan is None:
        return DocumentResult(extraction.path, problem=extraction.problem, seconds=extraction.seconds)
    started = time.perf_counter()
    try:
        triples = store.add_plan(extraction.plan, nquads_triples(extraction.nquads))
    except KGError as error:
        return DocumentResult(extraction.path, problem=str(error), seconds=extraction.seconds)
    counts = extraction.counts | {"triples": triples}
    return DocumentResult(extraction.path, plan=extraction.plan, counts=counts,
                          seconds=extraction.seconds + time.perf_counter() - started)


class _Writer:
    """The one writer of a build, which reports each document once it is written, in the order of the inputs.

    A plan already in the store is replaced at once, in one transaction (:meth:`Store.add_plan`). New plans
    are gathered and loaded together, about :data:`BULK_QUADS` at a time, in one atomic bulk load
    (:meth:`Store.load_new_plans`): a batch cut short (a crash, a full disk) leaves none of its plans, never
    part of one. A bulk load runs in a thread of its own (pyoxigraph lets go of the GIL while it loads), so
    extraction goes on meanwhile; one load at a time, and it ends before the store is touched otherwise.
    """

    def __init__(self, store: Store, report: BuildReport, progress: Progress | None, total: int) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.store, self.report, self.progress, self.total = store, report, progress, total
        self.batch: list[_Extraction] = []
        self.batch_quads = self.written = self.unflushed = 0
        self.loading: tuple[list[_Extraction], Future[None], float] | None = None
        self.loader = ThreadPoolExecutor(1, thread_name_prefix="emkg-load")

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.loader.shutdown()  # a load under way ends (whole) before the store is closed

    def write(self, extraction: _Extraction) -> None:
        if extraction.plan is not None and extraction.plan in self._unwritten_plans():
            self.finish()  # two files, one plan IRI: the second replaces the first, as it would alone
        if (extraction.problem is not None or extraction.plan is None or extraction.quads > BATCHED_QUADS
                or self._in_store(extraction.plan)):
            self.finish()  # the documents before it are reported first
            result = _write(extraction, self.store)
            self._flush_now_and_then(result.counts.get("triples", 0))
            self._report(result)
            return
        self.batch.append(extraction)
        self.batch_quads += extraction.quads
        if self.batch_quads >= BULK_QUADS:
            self._start_load()

    def finish(self) -> None:
        """Write the plans gathered so far, and report them."""
        self._start_load()
        self._end_load()

    def _unwritten_plans(self) -> set[str | None]:
        loading = self.loading[0] if self.loading is not None else []
        return {extraction.plan for extraction in (*loading, *self.batch)}

    def _start_load(self) -> None:
        if not self.batch:
            return
        self._end_load()
        batch, self.batch, self.batch_quads = self.batch, [], 0
        nquads = b"".join(extraction.nquads for extraction in batch)
        self.loading = (batch, self.loader.submit(self.store.load_new_plans, nquads), time.perf_counter())

    def _end_load(self) -> None:
        if self.loading is None:
            return
        (batch, load, started), self.loading = self.loading, None
        try:
            load.result()
        except KGError as error:
            for extraction in batch:
                self._report(DocumentResult(extraction.path, problem=str(error), seconds=extraction.seconds))
            return
        share = (time.perf_counter() - started) / len(batch)
        for extraction in batch:
            self._report(DocumentResult(extraction.path, plan=extraction.plan,
                                        counts=extraction.counts | {"triples": extraction.quads},
                                        seconds=extraction.seconds + share))

    def _in_store(self, plan: str) -> bool:
        import pyoxigraph

        try:
            graph = pyoxigraph.NamedNode(plan_graph(plan))
        except KGError:
            return True  # not a plan IRI: add_plan says so
        return next(iter(self.store.raw.quads_for_pattern(None, None, None, graph)), None) is not None

    def _flush_now_and_then(self, triples: int) -> None:
        """Flush after every :data:`FLUSH_EVERY_TRIPLES` written by transactions (bulk loads skip RocksDB's
        memory table: they need no flush), so memory stays flat in the size of the corpus."""
        self.unflushed += triples
        if self.unflushed >= FLUSH_EVERY_TRIPLES:
            self.store.raw.flush()
            self.unflushed = 0

    def _report(self, result: DocumentResult) -> None:
        (self.report.built if result.problem is None else self.report.failed).append(result)
        self.written += 1
        if self.progress is not None:
            status = result.describe() if result.problem is None else f"FAILED {result.describe()}"
            self.progress(f"[{self.written}/{self.total}] {status} {result.seconds:.1f}s")


# --- incremental builds ----------------------------------------------------------------------------


def _changed(tasks: list[_Task], store: Store) -> tuple[list[_Task], list[DocumentResult]]:
    """Split the tasks into those to build and those whose plan in the store is up to date."""
    from kg import __version__
    from kg.rdf import iris

    built = _built_plans(store)
    if not built:
        return tasks, []
    todo, unchanged = [], []
    for task in tasks:
        plan = iris.plan_iri_from_key(iris.plan_key(task.path.name))
        fingerprint = built.get(plan)
        if (fingerprint is not None and fingerprint.get("version") == __version__
                and fingerprint.get("hash") == _content_hash(task.path)
                and _overrides_hold(task.overrides, fingerprint)):
            unchanged.append(DocumentResult(task.path, plan=plan))
        else:
            todo.append(task)
    return todo, unchanged


def _built_plans(store: Store) -> dict[str, dict[str, str]]:
    """Plan IRI -> what it was built from: content hash, emkg version, and the metadata it holds."""
    plans: dict[str, dict[str, str]] = {}
    for row in store.query(_BUILT_PLANS):
        names = ("hash", "version", "jurisdiction", "level", "year", "type", "title")
        plans[row["plan"].value] = {name: row[name].value for name in names if row[name] is not None}
    return plans


def _content_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # let the build report the unreadable file


def _overrides_hold(overrides: MetaOverrides | None, fingerprint: dict[str, str]) -> bool:
    """True when every metadata value the user gives is the one the stored plan holds: a changed
    ``--year`` or sidecar row rebuilds the plan even though its file did not change."""
    if overrides is None:
        return True
    from kg.rdf.mapping import DOC_TYPES

    wanted = {
        "jurisdiction": overrides.jurisdiction,
        "level": overrides.level,
        "year": None if overrides.year is None else str(overrides.year),
        "type": None if overrides.doc_type is None else str(DOC_TYPES[overrides.doc_type]),
        "title": overrides.title,
    }
    return all(value is None or fingerprint.get(name) == value for name, value in wanted.items())


# --- reporting -------------------------------------------------------------------------------------


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


# --- inputs ----------------------------------------------------------------------------------------


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
