"""emkg's benchmark: build throughput, memory and store size, the jieba floor, query latency, start-up time.

    python scripts/bench.py                 # the full run (samples, synthetic 100x and 1000x; ~1M triples)
    python scripts/bench.py --quick         # under a minute: samples and a synthetic 2x corpus (what CI runs)
    python scripts/bench.py --samples DIR --work DIR --out results.json   # other plans, other folders

It writes a JSON result (``--out``) and prints a table. What it measures:

- **build**: ``kg.build`` end to end (read, extract, map, store) in a fresh process per corpus, for the
  sample plans and for *synthetic* corpora made from them (each sample copied N times with another
  jurisdiction and shifted years). Characters/s and documents/s exclude the one-time pipeline load, which is
  reported on its own, and include the compaction that ends a large build (its seconds shown on their own);
  peak RSS of the writer and of the largest worker; store size on disk.
- **floor**: bare jieba segmentation (``jieba.lcut``, as spaCy calls it) of the same text, and the ratio
  build/segmentation; beside it the pipeline's own segmenter (the same words, see :mod:`kg.nlp.tokenizer`).
- **parallel**: the largest-but-one corpus built with ``jobs=1`` and with ``--jobs`` workers.
- **queries**: p50/p95 latency of every named query (``kg/store/queries/*.rq``: their defaults, and a
  typical value for a required parameter: one hazard, one keyword, the busiest agency, one plan or measure)
  at about 100k and 1M triples, on the on-disk store (as ``kg query --name`` runs them), on an in-memory
  copy (``Store()``), and on rdflib's in-memory engine with the same bindings (capped per query: reported
  as "> N s"; rdflib cannot parse SPARQL 1.2's LATERAL).
- **start-up**: wall time of ``kg --help`` and of ``kg query`` on the samples store.

Timings depend on the machine and on what else runs on it: the load average at the start and at the end is
in the output. No number here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
GENERATOR_VERSION = "1"  # bump when the synthetic corpora change, so cached ones are made again
PER_DOCUMENT = ("read", "extract", "map", "serialise")  # the stages a build runs for each document

# Targets of issue 8 (on a 2-core machine).
TARGETS = {
    "build_vs_segmentation": 0.5,       # end-to-end build throughput / bare jieba throughput
    "parallel_speedup": 1.7,            # --jobs 2 / one process, on the 100x corpus
    "selective_query_p95_s": 0.1,       # selective named queries at ~1M triples
    "aggregate_query_p95_s": 1.0,       # GROUP BY / COUNT queries at ~1M triples
    "help_s": 0.3,                      # kg --help
    "query_startup_s": 1.0,             # kg query on the samples store, start-up included
    "largest_build_rss_mb": 1024,       # building the 1000x corpus
}
SYLLABLES = "东西南北中新安平长永宁兴德江河山湖清丰华泰和顺昌盛阳明远云海"
AGGREGATE = re.compile(r"\b(GROUP\s+BY|COUNT|SUM|AVG|MIN|MAX|GROUP_CONCAT|SAMPLE)\b", re.IGNORECASE)


# --- corpora ----------------------------------------------------------------------------------------


def sample_texts(samples: Path) -> list[tuple[str, str, str | None]]:
    """``(file name, normalised text, jurisdiction)`` of every .txt sample."""
    from kg.ingest import read_document

    found = []
    for path in sorted(samples.glob("*.txt")):
        document = read_document(path)
        if document.text.strip():
            found.append((path.name, document.text, document.meta.jurisdiction))
    if not found:
        raise SystemExit(f"no .txt plans in {samples}")
    return found


def synthetic_name(rng: random.Random, like: str) -> str:
    """A made-up place with the administrative suffix of ``like`` (市, 县, 区, 镇 ...)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(2)) + like[-1]


def synthesise(text: str, jurisdiction: str | None, copy: int, rng: random.Random) -> str:
    """One synthetic variant of a sample: another jurisdiction, years shifted by -4..+4."""
    if jurisdiction and len(jurisdiction) >= 2:
        name = synthetic_name(rng, jurisdiction)
        stem = jurisdiction[:-1] if len(jurisdiction) > 2 else jurisdiction
        text = text.replace(stem, name[:-1] if len(jurisdiction) > 2 else name)
    shift = copy % 9 - 4
    return re.sub(r"(?<!\d)(20[0-4]\d)(?=年)", lambda match: str(int(match.group(1)) + shift), text)


def make_corpus(samples: list[tuple[str, str, str | None]], scale: int, work: Path) -> dict[str, Any]:
    """``scale`` synthetic copies of every sample in ``work/corpus-<scale>x`` (reused when already made)."""
    folder = work / f"corpus-{scale}x"
    source = GENERATOR_VERSION + "".join(text for _, text, _ in samples)
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    manifest = folder / "manifest.json"
    if manifest.exists():
        known = json.loads(manifest.read_text(encoding="utf-8"))
        if known.get("digest") == digest:
            return known
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "docs").mkdir(parents=True)
    rng = random.Random(scale)
    chars = documents = 0
    for copy in range(scale):
        for name, text, jurisdiction in samples:
            variant = synthesise(text, jurisdiction, copy, rng)
            (folder / "docs" / f"{Path(name).stem}-s{copy:04d}.txt").write_text(variant, encoding="utf-8")
            chars += len(variant)
            documents += 1
    info = {"name": f"synthetic {scale}x", "synthetic": True, "scale": scale, "path": str(folder / "docs"),
            "documents": documents, "chars": chars, "digest": digest}
    manifest.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    return info


def corpus_texts(corpus: dict[str, Any], limit: int) -> list[str]:
    """The texts of a corpus, the first ones up to about ``limit`` characters (for the jieba floor)."""
    if not corpus["synthetic"]:
        return list(corpus["texts"].values())
    texts, total = [], 0
    for path in sorted(Path(corpus["path"]).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        total += len(text)
        if total >= limit:
            break
    return texts


# --- measurements -----------------------------------------------------------------------------------


def jieba_floor(texts: list[str]) -> dict[str, Any]:
    """Bare jieba segmentation throughput (dictionary load excluded)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    from kg.nlp.tokenizer import jieba_cut

    chars = sum(map(len, texts))
    result: dict[str, Any] = {"chars": chars}
    for name, cut in (("jieba", jieba.lcut), ("pipeline_segmenter", jieba_cut())):
        cut(texts[0][:2000])  # the first call's one-time costs are not segmentation
        started, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            cut(text)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        result |= {f"{name}_seconds": seconds, f"{name}_chars_per_s": chars / seconds,
                   f"{name}_chars_per_cpu_s": chars / max(cpu, 1e-9)}
    result["chars_per_s"] = result["jieba_chars_per_s"]
    return result


def stages(samples: Path, work: Path, repeats: int) -> dict[str, Any]:
    """CPU seconds per character of each stage of a build, on the samples, in this process (warm): where the
    time goes. ``serialise`` is a worker's N-Quads of the plan, ``write`` the writer's bulk load of them all
    (which a build runs beside the extraction, in a thread of its own); ``jieba`` is bare jieba on each
    document's text in the same loop, the unit the table gives the others in."""
    import jieba

    from kg import __version__
    from kg.builder import load_extractor
    from kg.ingest import read_document
    from kg.nlp import extract
    from kg.rdf.mapping import plan_iri, plan_to_triples
    from kg.store import Store
    from kg.store.store import plan_nquads

    load_extractor()
    spent = dict.fromkeys(("jieba", *PER_DOCUMENT, "write"), 0.0)
    chars = 0
    batch: list[bytes] = []
    for copy in range(repeats):
        for path in sorted(samples.glob("*.txt")):
            clock = time.process_time()
            document = read_document(path)
            spent["read"] += time.process_time() - clock
            clock = time.process_time()
            jieba.lcut(document.text)
            spent["jieba"] += time.process_time() - clock
            clock = time.process_time()
            plan = extract(document)
            spent["extract"] += time.process_time() - clock
            clock = time.process_time()
            triples = plan_to_triples(plan, version=__version__)
            spent["map"] += time.process_time() - clock
            clock = time.process_time()
            batch.append(plan_nquads(plan_iri(document).replace("/plan/", f"/plan/c{copy}-", 1), triples)[0])
            spent["serialise"] += time.process_time() - clock
            chars += len(document.text)
    store_path = work / "store-stages"
    shutil.rmtree(store_path, ignore_errors=True)
    with Store(store_path) as store:
        clock = cpu_seconds()  # the bulk loader's own threads count too
        store.load_new_plans(b"".join(batch))
        spent["write"] += cpu_seconds() - clock
    shutil.rmtree(store_path, ignore_errors=True)
    return {"chars": chars, "cpu_s": spent,
            "chars_per_cpu_s": {name: chars / max(seconds, 1e-9) for name, seconds in spent.items()}}


def run_build(corpus: dict[str, Any], store: Path, jobs: int) -> dict[str, Any]:
    """Build ``corpus`` into a fresh ``store`` in a child process (for a clean peak-RSS figure)."""
    shutil.rmtree(store, ignore_errors=True)
    command = [sys.executable, __file__, "--child-build", corpus["path"], str(store), str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the build of {corpus['name']} failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(corpus=corpus["name"], synthetic=corpus["synthetic"], jobs=jobs, process_wall_s=wall,
                  documents=corpus["documents"], chars=corpus["chars"], store_mb=folder_size(store) / 2**20)
    return result


def bracketed_builds(corpus: dict[str, Any], jobs_list: list[int], work: Path, floor_chars: int,
                     floors: dict[str, Any], say: Any) -> list[dict[str, Any]]:
    """Build ``corpus`` with each number of jobs, with bare jieba timed on its text before the first build
    and after each one: a shared machine's speed drifts by half within minutes, so a build is set against
    the floor taken beside it (the mean of the two around it), never against one taken at another time."""
    texts = corpus_texts(corpus, floor_chars)
    taken = [jieba_floor(texts)]
    builds = []
    for jobs in jobs_list:
        say(f"building {corpus['name']} with {jobs} job(s) ...", file=sys.stderr)
        build = run_build(corpus, work / f"store-{corpus['scale']}x-j{jobs}", jobs)
        taken.append(jieba_floor(texts))
        build["floors"] = taken[-2:]
        builds.append(build)
        say(f"  {build['build_s']:.1f} s, {build['triples']:,} triples, writer peak RSS "
            f"{build['writer_peak_rss_mb']:.0f} MB; jieba {taken[-2]['chars_per_s']:,.0f} chars/s before, "
            f"{taken[-1]['chars_per_s']:,.0f} after", file=sys.stderr)
    floors[corpus["name"]] = taken[0] | {"taken_chars_per_s": [floor["chars_per_s"] for floor in taken]}
    return builds


def against_floor(build: dict[str, Any]) -> None:
    """The build's throughput over bare jieba's, by wall and by CPU time, against the floors around it."""
    before, after = build.pop("floors")
    build["segmentation_chars_per_s"] = (before["chars_per_s"] + after["chars_per_s"]) / 2
    build["build_over_segmentation"] = build["chars_per_s"] / build["segmentation_chars_per_s"]
    cpu = (before["jieba_chars_per_cpu_s"] + after["jieba_chars_per_cpu_s"]) / 2
    build["build_over_segmentation_cpu"] = build["chars_per_cpu_s"] / cpu


def child_build(corpus: str, store: str, jobs: int) -> None:
    """In the child: load the pipeline (with one job), build, print a JSON line."""
    from kg.builder import COMPACTING, build, load_extractor

    started, cpu = time.perf_counter(), cpu_seconds()
    if jobs == 1:
        load_extractor()
    load, load_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    compacting: list[float] = []

    def progress(line: str) -> None:
        if line == COMPACTING:
            compacting.append(time.perf_counter())

    started, cpu = time.perf_counter(), cpu_seconds()
    report = build([corpus], store=store, jobs=jobs, progress=progress)
    ended = time.perf_counter()
    seconds, build_cpu = ended - started, cpu_seconds() - cpu
    from kg.store import Store

    with Store(store, read_only=True) as opened:
        triples = len(opened)
    print(json.dumps({
        "pipeline_load_s": load if jobs == 1 else None,
        "pipeline_load_cpu_s": load_cpu if jobs == 1 else None,
        "build_s": seconds, "build_cpu_s": build_cpu, "built": len(report.built),
        "compact_s": ended - compacting[0] if compacting else 0.0,
        "failed": len(report.failed), "triples": triples,
        "writer_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_rss_mb": (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                               if jobs > 1 else None),
    }))


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the workers of a parallel build)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def throughput(build: dict[str, Any], load_s: float, load_cpu_s: float) -> None:
    """Add chars/s and docs/s, total and per process. With workers, ``build_s`` includes their start-up
    (each loads the pipeline, at the same time): one pipeline load is taken off, and each one's CPU time.
    ``chars_per_cpu_s`` is what a machine shared with other work still measures fairly."""
    jobs = build["jobs"]
    build["cpu_s"] = build["build_cpu_s"] - (jobs * load_cpu_s if jobs > 1 else 0)
    build["chars_per_cpu_s"] = build["chars"] / max(build["cpu_s"], 1e-9)
    seconds = build["build_s"] if jobs == 1 else max(build["build_s"] - load_s, 1e-9)
    build["extract_s"] = seconds
    build["chars_per_s"] = build["chars"] / seconds
    build["docs_per_s"] = build["documents"] / seconds
    build["chars_per_s_per_process"] = build["chars_per_s"] / build["jobs"]
    build["docs_per_s_per_process"] = build["docs_per_s"] / build["jobs"]
    build["peak_rss_mb"] = build["writer_peak_rss_mb"] + build["jobs"] * (build["worker_peak_rss_mb"] or 0)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def subset_store(source: Path, target: Path, plans: int) -> None:
    """A store holding the ontology and the first ``plans`` plan graphs of ``source``."""
    import pyoxigraph

    from kg.store import Store

    shutil.rmtree(target, ignore_errors=True)
    with Store(source, read_only=True) as whole, Store(target) as part:
        for graph in whole.plan_graphs()[:plans]:
            part.raw.extend(whole.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph)))


def timed_runs(run: Any, runs: int, budget: float) -> list[float]:
    """Latencies of ``runs`` runs after one warm-up (fewer when they exceed ``budget`` seconds in all)."""
    run()
    times: list[float] = []
    spent = 0.0
    while len(times) < runs and (spent < budget or len(times) < 2):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
        spent += times[-1]
    return times


class Capped(Exception):
    """An rdflib query ran past its cap."""


def capped(run: Any, cap: float) -> Any:
    """Run ``run()`` in this (main) thread, interrupting it after ``cap`` seconds: rdflib is pure Python,
    so a signal stops it between two bytecodes."""

    def interrupt(signum: int, frame: Any) -> None:
        raise Capped

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        return run()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def query_level(name: str, store_path: Path, runs: int, budget: float, cap: float) -> dict[str, Any]:
    """Latency of every named query on one store, as ``kg query NAME`` runs it (parameters looked up,
    rows collected): on the on-disk store, on an in-memory copy, and the same SPARQL with the same bindings
    in rdflib's in-memory engine. The on-disk runs come first, while this process holds nothing else, as
    ``kg query`` does (beside a copy of the store in memory they take half as long again)."""
    import pyoxigraph
    from rdflib import Dataset

    from kg.store import Store
    from kg.store.named import named_queries

    level: dict[str, Any] = {"name": name, "queries": {}}
    with Store(store_path, read_only=True) as disk:
        level["triples"] = len(disk)
        values = parameter_values(disk)
        level["parameters"] = values
        answered: dict[str, tuple[Any, dict[str, str], dict[str, Any]]] = {}  # query, values, their terms
        for query_name, query in named_queries().items():
            given = {p.name: values[p.type] for p in query.parameters if p.required}
            # a date window over every plan's years: the default (the next 90 days) finds nothing in them
            given |= {p.name: EVERY_YEAR[p.name] for p in query.parameters if p.name in EVERY_YEAR}
            level["queries"][query_name] = on_disk(query, given, disk, runs, budget)
            if "error" not in level["queries"][query_name]:
                answered[query_name] = (query, given, query.bind(disk, given))
        started = time.perf_counter()  # as `kg serve --in-memory` starts: a dump, then a bulk load
        data = disk.raw.dump(format=pyoxigraph.RdfFormat.N_QUADS)
        level["oxigraph_dump_s"] = time.perf_counter() - started
    with Store() as memory:
        started, resident = time.perf_counter(), resident_mb()
        memory.raw.bulk_load(data, format=pyoxigraph.RdfFormat.N_QUADS)
        level["oxigraph_memory_load_s"] = time.perf_counter() - started
        level["oxigraph_memory_mb"] = resident_mb() - resident
        for query_name, (query, given, _) in answered.items():
            level["queries"][query_name]["oxigraph_memory"] = summary(timed_runs(
                lambda query=query, given=given: query.run(memory, given, in_thread=False), runs, budget))
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    level["rdflib_load_s"] = time.perf_counter() - started
    del data
    # rdflib's graph is millions of Python objects: out of the collector's sight, or a full collection
    # set off by a large result (a server holds no such graph) adds seconds to whichever query meets it
    gc.collect()
    gc.freeze()
    for query_name, (query, _, bound) in answered.items():
        in_rdflib(level["queries"][query_name], query.text, bound, dataset, runs, cap)
    gc.unfreeze()
    return level


def resident_mb() -> float:
    """This process's resident memory now, in MiB (Linux; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


EVERY_YEAR = {"from": "1990-01-01", "to": "2099-12-31"}


def parameter_values(store: Any) -> dict[str, str]:
    """A value for each type of required parameter: the kind of question a user asks (one hazard, one
    keyword, the busiest agency, one plan, one measure)."""
    busiest = list(store.query("SELECT ?agency (COUNT(?m) AS ?n) WHERE { ?m emo:leadAgency ?agency } "
                               "GROUP BY ?agency ORDER BY DESC(?n) ?agency LIMIT 1"))
    measure = list(store.query("SELECT ?m WHERE { ?m emo:leadAgency ?a } ORDER BY ?m LIMIT 1"))
    plan = list(store.query("SELECT ?source WHERE { ?p a emo:Plan ; dcterms:source ?source } "
                            "ORDER BY ?source LIMIT 1"))
    return {"hazard": "flood", "string": "防汛",
            "agency": busiest[0]["agency"].value if busiest else "应急管理局",
            "iri": measure[0]["m"].value if measure else "",
            "plan": plan[0]["source"].value if plan else "", "date": "today", "integer": "2024"}


def on_disk(query: Any, given: dict[str, str], disk: Any, runs: int, budget: float) -> dict[str, Any]:
    from kg.errors import QueryError

    result: dict[str, Any] = {"kind": "aggregate" if AGGREGATE.search(query.text) else "selective",
                              "parameters": given}
    rows: list[int] = []

    def run() -> None:
        rows[:] = [len(query.run(disk, given, in_thread=False).rows)]

    try:
        result["oxigraph_disk"] = summary(timed_runs(run, runs, budget))
    except QueryError as error:  # a query the store cannot answer with these values: say so, go on
        return result | {"error": str(error), "rows": None, "oxigraph_disk": summary([]),
                         "oxigraph_memory": summary([]), "rdflib_memory": summary([]),
                         "rdflib_over_oxigraph_memory": None}
    return result | {"rows": rows[0] if rows else None}


def in_rdflib(result: dict[str, Any], text: str, bound: dict[str, Any], dataset: Any, runs: int,
              cap: float) -> None:
    from kg.rdf.namespaces import PREFIXES

    bindings = {name: to_rdflib(term) for name, term in bound.items()}
    times: list[float] = []
    try:
        while len(times) < min(runs, 3) and sum(times) < cap:
            started = time.perf_counter()
            capped(lambda: list(dataset.query(text, initNs=PREFIXES, initBindings=bindings)),
                   cap - sum(times))
            times.append(time.perf_counter() - started)
        result["rdflib_memory"] = summary(times)
    except Capped:
        result["rdflib_memory"] = {"capped": True, "cap_s": cap, "p50_s": None, "p95_s": None,
                                   "runs": len(times)}
    except Exception as error:  # rdflib cannot run every query (LATERAL is SPARQL 1.2): recorded, not hidden
        result["rdflib_memory"] = summary([]) | {"error": f"{type(error).__name__}: {error}"}
    rdflib_p50 = result["rdflib_memory"]["p50_s"]
    result["rdflib_over_oxigraph_memory"] = (None if rdflib_p50 is None
                                             else rdflib_p50 / max(result["oxigraph_memory"]["p50_s"], 1e-9))


def to_rdflib(term: Any) -> Any:
    import pyoxigraph
    from rdflib import Literal, URIRef

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def summary(times: list[float]) -> dict[str, Any]:
    if not times:
        return {"capped": False, "runs": 0, "p50_s": None, "p95_s": None}
    return {"capped": False, "runs": len(times), "p50_s": percentile(times, 0.5),
            "p95_s": percentile(times, 0.95)}


def kg_command() -> list[str]:
    script = Path(sys.executable).parent / "kg"
    if script.exists():
        return [str(script)]
    found = shutil.which("kg")
    if found is None:
        raise SystemExit("the kg command is not installed: pip install -e .")
    return [found]


def wall_time(command: list[str], runs: int) -> dict[str, Any]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return {"runs": runs, "median_s": percentile(times, 0.5), "min_s": min(times)}


def startup(store: Path, runs: int) -> dict[str, Any]:
    """``kg --help``, and ``kg query`` running the named query behind ``kg list`` on the samples store."""
    kg = kg_command()
    return {"help": wall_time([*kg, "--help"], runs),
            "query": wall_time([*kg, "query", "--name", "plan_summaries", "--store", str(store)], runs)}


# --- the run ----------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    loads = [os.getloadavg()[0]]
    started = time.perf_counter()
    scales = [2] if args.quick else args.scales
    # --quick: few runs and a short rdflib cap, so that CI's run stays under a minute on a busy machine
    runs, budget, cap = (3, 0.5, 0.25) if args.quick else (20, 10.0, args.rdflib_cap)
    phases: dict[str, float] = {}
    say = print if not args.silent else (lambda *a, **k: None)

    samples = sample_texts(args.samples)
    corpora = [{"name": "samples", "synthetic": False, "scale": 1, "path": str(args.samples),
                "documents": len(samples), "chars": sum(len(text) for _, text, _ in samples),
                "texts": {name: text for name, text, _ in samples}}]
    for scale in scales:
        say(f"making the synthetic {scale}x corpus ...", file=sys.stderr)
        corpora.append(make_corpus(samples, scale, work))

    phases["corpora"] = time.perf_counter() - started
    builds, floors = [], {}
    for corpus in corpora:
        jobs_list = [1] if corpus is corpora[0] else ([1, args.jobs] if corpus is corpora[1] else [args.jobs])
        builds += bracketed_builds(corpus, jobs_list, work, args.floor_chars, floors, say)
    load_s, load_cpu_s = builds[0]["pipeline_load_s"], builds[0]["pipeline_load_cpu_s"]
    for build in builds:
        throughput(build, load_s, load_cpu_s)
        against_floor(build)

    phases["builds and floors"] = time.perf_counter() - started - sum(phases.values())
    say("stages ...", file=sys.stderr)
    split = stages(args.samples, work, 1 if args.quick else 3)

    serial = next(b for b in builds if b["corpus"] == corpora[1]["name"] and b["jobs"] == 1)
    parallel = next(b for b in builds if b["corpus"] == corpora[1]["name"] and b["jobs"] == args.jobs)
    speedup = {"corpus": corpora[1]["name"], "jobs": args.jobs,
               "speedup": parallel["chars_per_s"] / serial["chars_per_s"],
               # each build against jieba just before and after it: what the machine's drift leaves out
               "speedup_floor_adjusted": (parallel["build_over_segmentation"]
                                          / serial["build_over_segmentation"])}

    phases["stages"] = time.perf_counter() - started - sum(phases.values())
    say("queries ...", file=sys.stderr)
    largest_query_store = Path(work / f"store-{corpora[1]['scale']}x-j{args.jobs}")
    levels = []
    if args.quick:  # one small level: the point is that every query runs everywhere
        levels.append(query_level(corpora[1]["name"], largest_query_store, runs, budget, cap))
    else:
        plans = max(1, round(len(samples) * 100_000 / max(builds[0]["triples"], 1)))
        subset_store(largest_query_store, work / "store-100k", plans)
        levels.append(query_level("~100k triples", work / "store-100k", runs, budget, cap))
        levels.append(query_level("~1M triples", largest_query_store, runs, budget, cap))

    phases["queries"] = time.perf_counter() - started - sum(phases.values())
    say("start-up ...", file=sys.stderr)
    starts = startup(work / "store-1x-j1", 3 if args.quick else 7)
    phases["startup"] = time.perf_counter() - started - sum(phases.values())
    loads.append(os.getloadavg()[0])

    result = {
        "environment": environment(loads),
        "quick": args.quick,
        "note": "synthetic corpora are made from the samples (other jurisdictions, shifted years)",
        "pipeline_load_s": load_s,
        "corpora": [{key: value for key, value in corpus.items() if key not in ("texts", "digest")}
                    for corpus in corpora],
        "builds": builds,
        "floor": floors,
        "stages": split,
        "parallel": speedup,
        "queries": levels,
        "startup": starts,
        "bench_seconds": time.perf_counter() - started,
        "phase_seconds": phases,
    }
    result["targets"] = targets(result)
    return result


def environment(loads: list[float]) -> dict[str, Any]:
    from importlib.metadata import version

    versions = {name: version(name) for name in ("emkg", "spacy", "jieba", "pyoxigraph", "rdflib")}
    return {"python": platform.python_version(), "machine": platform.machine(), "cores": os.cpu_count(),
            "versions": versions, "load_average_start": loads[0], "load_average_end": loads[-1],
            "date": time.strftime("%Y-%m-%d %H:%M:%S")}


def targets(result: dict[str, Any]) -> dict[str, Any]:
    """Each target of issue 8 with what was measured and whether it was met."""
    # one job on the largest corpus built with one: the samples' build is over in half a second, mostly
    # the build's fixed costs
    serial = [b for b in result["builds"] if b["jobs"] == 1][-1]
    largest = result["builds"][-1]
    top = result["queries"][-1]
    def p95s(engine: str, kind: str) -> list[float]:
        return [q[engine]["p95_s"] for q in top["queries"].values()
                if q["kind"] == kind and q[engine]["p95_s"] is not None]

    selective, aggregate = p95s("oxigraph_disk", "selective"), p95s("oxigraph_disk", "aggregate")
    selective_memory = p95s("oxigraph_memory", "selective")
    aggregate_memory = p95s("oxigraph_memory", "aggregate")

    def in_memory(p95s: list[float], name: str) -> dict[str, Any]:
        """The same queries on an in-memory copy, as `kg serve --in-memory` answers them."""
        worst = max(p95s, default=None)
        return {"in_memory": worst, "in_memory_met": None if worst is None else worst <= TARGETS[name]}

    def target(measured: float | None, limit: float, at_least: bool = False, **extra: Any) -> dict[str, Any]:
        met = None if measured is None else (measured >= limit if at_least else measured <= limit)
        return {"measured": measured, "target": limit, "met": met, **extra}

    return {
        "build_vs_segmentation": target(serial["build_over_segmentation"],
                                        TARGETS["build_vs_segmentation"], at_least=True,
                                        cpu_time=serial["build_over_segmentation_cpu"],
                                        corpus=serial["corpus"]),
        "parallel_speedup": target(result["parallel"]["speedup"], TARGETS["parallel_speedup"], at_least=True,
                                   corpus=result["parallel"]["corpus"],
                                   floor_adjusted=result["parallel"]["speedup_floor_adjusted"]),
        "selective_query_p95_s": target(max(selective, default=None), TARGETS["selective_query_p95_s"],
                                        level=top["name"],
                                        **in_memory(selective_memory, "selective_query_p95_s")),
        "aggregate_query_p95_s": target(max(aggregate, default=None), TARGETS["aggregate_query_p95_s"],
                                        level=top["name"],
                                        **in_memory(aggregate_memory, "aggregate_query_p95_s")),
        "help_s": target(result["startup"]["help"]["median_s"], TARGETS["help_s"]),
        "query_startup_s": target(result["startup"]["query"]["median_s"], TARGETS["query_startup_s"]),
        "largest_build_rss_mb": target(largest["peak_rss_mb"], TARGETS["largest_build_rss_mb"],
                                       corpus=largest["corpus"]),
    }


# --- the table ----------------------------------------------------------------------------------------


def table(result: dict[str, Any]) -> str:
    env = result["environment"]
    lines = [f"emkg bench ({'quick' if result['quick'] else 'full'}) - {env['date']}, {env['cores']} cores, "
             f"load average {env['load_average_start']:.1f} -> {env['load_average_end']:.1f}; "
             f"{result['note']}",
             f"pipeline load: {result['pipeline_load_s']:.2f} s (once per process, not in the throughputs)",
             f"bench: {result['bench_seconds']:.0f} s ("
             + ", ".join(f"{name} {took:.0f} s" for name, took in result["phase_seconds"].items()) + ")",
             ""]
    lines.append(row("corpus", "jobs", "docs", "chars", "triples", "chars/s", "docs/s", "/process",
                     "chars/CPU s", "vs jieba", "compact s", "peak RSS MB", "store MB"))
    for build in result["builds"]:
        ratio = build.get("build_over_segmentation")
        ratios = "" if ratio is None else f"{ratio:.0%} ({build['build_over_segmentation_cpu']:.0%} CPU)"
        lines.append(row(build["corpus"], build["jobs"], build["documents"], build["chars"], build["triples"],
                         f"{build['chars_per_s']:,.0f}", f"{build['docs_per_s']:.2f}",
                         f"{build['chars_per_s_per_process']:,.0f}", f"{build['chars_per_cpu_s']:,.0f}",
                         ratios, f"{build['compact_s']:.1f}",
                         f"{build['peak_rss_mb']:.0f}", f"{build['store_mb']:.0f}"))
    lines.append("")
    for name, floor in result["floor"].items():
        taken = ", ".join(f"{speed:,.0f}" for speed in floor["taken_chars_per_s"])
        lines.append(f"jieba floor on {name}: {taken} chars/s before and after each build "
                     f"({floor['chars']:,} chars; the pipeline's segmenter: "
                     f"{floor['pipeline_segmenter_chars_per_s']:,.0f} chars/s)")
    split = result["stages"]
    jieba = split["cpu_s"]["jieba"]
    shares = ", ".join(f"{name} {seconds / jieba:.2f}x" for name, seconds in split["cpu_s"].items()
                       if name != "jieba")
    lines.append(f"CPU time of each stage (samples, warm), in bare jieba's time on the same text, taken in "
                 f"the same loop: {shares}")
    per_document = sum(split["cpu_s"][name] for name in PER_DOCUMENT)
    lines.append(f"what a build does per document ({', '.join(PER_DOCUMENT)}): {jieba / per_document:.0%} "
                 "of bare jieba's throughput by CPU time; the store's bulk loads run beside it, the "
                 "compaction after it")
    parallel = result["parallel"]
    lines += [f"--jobs {parallel['jobs']} on {parallel['corpus']}: {parallel['speedup']:.2f}x one job "
              f"({parallel['speedup_floor_adjusted']:.2f}x, each against the jieba floor around it; one job "
              "already loads the store in a second thread, beside its extraction)", ""]
    lines.append(row("query", "kind", "triples", "rows", "disk p50", "disk p95", "mem p50", "mem p95",
                     "rdflib p50", "rdflib/mem"))
    for level in result["queries"]:
        for name, query in level["queries"].items():
            rdflib = query["rdflib_memory"]
            ratio = query["rdflib_over_oxigraph_memory"]
            lines.append(row(name, query["kind"], level["triples"], query["rows"],
                             ms(query["oxigraph_disk"]["p50_s"]), ms(query["oxigraph_disk"]["p95_s"]),
                             ms(query["oxigraph_memory"]["p50_s"]), ms(query["oxigraph_memory"]["p95_s"]),
                             f"> {rdflib['cap_s']:g} s" if rdflib["capped"]
                             else "cannot run" if "error" in rdflib else ms(rdflib["p50_s"]),
                             "" if ratio is None else f"{ratio:,.0f}x"))
    for level in result["queries"]:
        lines.append(f"in-memory copy of {level['name']} ({level['triples']:,} triples), as "
                     f"`kg serve --in-memory` makes it: dump {level['oxigraph_dump_s']:.1f} s, "
                     f"load {level['oxigraph_memory_load_s']:.1f} s, {level['oxigraph_memory_mb']:,.0f} MiB")
    start = result["startup"]
    lines += ["", f"kg --help: {ms(start['help']['median_s'])}; kg query (samples store): "
              f"{ms(start['query']['median_s'])} (medians)", "", "targets:"]
    for name, target in result["targets"].items():
        verdict = {True: "met", False: "NOT met", None: "not measured"}[target["met"]]
        extra = "".join(f"; {key} {fmt(value) if isinstance(value, float) else value}"
                        for key, value in target.items() if key not in ("measured", "target", "met"))
        lines.append(f"  {name}: {fmt(target['measured'])} (target {fmt(target['target'])}) {verdict}{extra}")
    return "\n".join(lines)


def row(*cells: Any) -> str:
    widths = (24, 10, 7, 11, 10, 10, 10, 10, 11, 16, 11, 11, 9)
    return " ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=False)).rstrip()


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.1f} ms"


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:,.3g}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpora and few runs: under a minute")
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="folder of .txt plans to start from")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "emkg-bench",
                        help="corpora and stores go here (default: emkg-bench in the temporary folder)")
    parser.add_argument("--out", type=Path, help="the JSON result (default: bench-results.json in --work)")
    parser.add_argument("--scales", type=lambda text: [int(x) for x in text.split(",")], default=[100, 1000],
                        help="synthetic corpora, as multiples of the samples (default: 100,1000)")
    parser.add_argument("--jobs", type=int, default=2, help="workers of the parallel builds (default: 2)")
    parser.add_argument("--floor-chars", type=int, default=3_000_000,
                        help="characters jieba segments per corpus")
    parser.add_argument("--rdflib-cap", type=float, default=30.0, help="seconds an rdflib query may take")
    parser.add_argument("--silent", action="store_true", help="print nothing but the table")
    parser.add_argument("--child-build", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_build:
        corpus, store, jobs = args.child_build
        child_build(corpus, store, int(jobs))
        return
    result = run(args)
    args.out = args.out or args.work / "bench-results.json"
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(result))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
