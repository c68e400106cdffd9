"""One writer at a time (issue 9): while a `kg build` writes a store, a second `kg build` on it fails at once
with "store is in use" naming the store (it does not wait), the first finishes intact, and the CLI's readers
(`kg list`, `kg query`, which open the store read-only) keep answering. (`kg serve` reading beside a writer
is tests/web/test_serve_while_building.py.)

One scene is played once: the first build runs while the second build and the readers try their luck.
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

DOCUMENTS = 24
COUNT = "SELECT (COUNT(DISTINCT ?plan) AS ?plans) WHERE { ?plan a emo:Plan }"


@dataclass
class Scene:
    store: Path
    first: subprocess.CompletedProcess[str] | None = None
    second: subprocess.CompletedProcess[str] | None = None
    second_seconds: float = 0.0
    first_running_after_second: bool = False
    # what each reader run while the build wrote answered: (command, exit code, plans counted)
    reads: list[tuple[str, int, int | None]] = field(default_factory=list)


@pytest.fixture(scope="module")
def scene(cli, sample_cuts, tmp_path_factory) -> Scene:
    root = tmp_path_factory.mktemp("lock")
    folder = root / "docs"
    folder.mkdir()
    for number, text in enumerate(sample_cuts(1500)[:DOCUMENTS]):
        (folder / f"plan_{number:02d}.txt").write_text(text, encoding="utf-8")
    scene = Scene(root / "store")
    cli.run("build", folder / "plan_00.txt", "--store", scene.store, "-q")  # readers need a store to open

    first = cli.start("build", folder, "--store", scene.store, "--jobs", "1")
    assert first.stderr is not None
    for line in first.stderr:  # the store is open (and locked) once the build has compared it with the files
        if "unchanged since they were built" in line:
            break
    started = time.perf_counter()
    scene.second = cli.run("build", folder, "--store", scene.store, "--jobs", "1", timeout=60)
    scene.second_seconds = time.perf_counter() - started
    scene.first_running_after_second = first.poll() is None
    while first.poll() is None:
        scene.reads.append(_read(cli, "list", "--store", scene.store))
        scene.reads.append(_read(cli, "query", "--store", scene.store, "--format", "csv", COUNT))
    scene.first = cli.finish(first)
    return scene


def _read(cli, command: str, *args: str | Path) -> tuple[str, int, int | None]:
    result = cli.run(command, *args, timeout=60)
    lines = result.stdout.splitlines()
    if result.returncode != 0:
        plans = None
    elif command == "list":
        plans = len(set(re.findall(r"plan_\d\d\.txt", result.stdout)))  # one row per plan names its file
    else:
        plans = int(lines[1])  # csv: the header, then the count
    return command, result.returncode, plans


def test_a_second_build_fails_at_once_saying_the_store_is_in_use(scene):
    assert scene.second is not None
    assert scene.second.returncode == 1
    assert scene.second.stderr == (f"Error: store is in use: {scene.store} is held by another kg process "
                                   "(a build?): wait for it to finish, or give another --store\n")
    assert scene.second.stdout == ""
    assert scene.first_running_after_second  # it did not wait for the first build to finish


def test_the_first_build_finishes_intact(scene):
    from kg.store import Store

    assert scene.first is not None and scene.first.returncode == 0, scene.first.stderr
    assert scene.first.stdout.startswith(f"built {DOCUMENTS - 1}, unchanged 1, skipped 0, failed 0")
    with Store(scene.store, read_only=True) as store:
        assert len(store.plans()) == DOCUMENTS


def test_readers_keep_answering_while_the_build_writes(scene):
    assert len(scene.reads) >= 2, "the build ended before a reader could ask"
    assert all(code == 0 for _, code, _ in scene.reads), scene.reads
    counts = [plans for _, _, plans in scene.reads]
    assert all(count is not None and 1 <= count <= DOCUMENTS for count in counts), counts
    assert counts == sorted(counts)  # never back to an older state
