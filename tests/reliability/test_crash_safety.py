"""Nothing lost, nothing half-written (issue 9): a `kg build` killed with SIGKILL part-way leaves a store
that opens, validates and holds every plan exactly as it was before the build or as it is after it, and
building again completes it.

The scene: a store holds the plans of an earlier batch; a new batch changes some of those documents, keeps
some and adds more. Reference builds give every plan graph's state before and after (a plan's graph depends
on its document alone, so the batch built into a fresh store gives the after-states); the killed store is
compared with them graph by graph, quad by quad.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

LATER = 36  # documents of the new batch: a long run of writes, so that each kill lands mid-way
# Every third of them was in the earlier batch, and every other one of those is changed in the new one:
# changed plans (replaced in place) and new ones (which the writer may gather into batches) alternate.
EARLIER = range(0, LATER, 3)
CHANGED = range(0, LATER, 6)
ADDED_LINE = "\n（补充）县应急管理局牵头，12月底前完成应急物资储备库建设。\n"


@dataclass(frozen=True)
class Scene:
    earlier: Path  # the earlier batch's folder
    later: Path  # the new batch's folder
    before_store: Path  # the earlier batch, built
    before: dict[str, frozenset[bytes]]
    after: dict[str, frozenset[bytes]]
    after_nquads: bytes

    @property
    def writes(self) -> int:
        """The plans the new batch writes over the earlier store: the changed and the added ones."""
        return LATER - len(EARLIER) + len(CHANGED)


@pytest.fixture(scope="module")
def scene(tmp_path_factory, cli, plan_graphs, sample_cuts) -> Scene:
    root = tmp_path_factory.mktemp("crash")
    documents = sample_cuts(600)[:LATER]
    assert len(documents) == LATER
    earlier, later = root / "earlier", root / "later"
    earlier.mkdir()
    later.mkdir()
    for number, text in enumerate(documents):
        name = f"plan_{number:02d}.txt"
        if number in EARLIER:
            (earlier / name).write_text(text, encoding="utf-8")
        (later / name).write_text(text + ADDED_LINE * (number in CHANGED), encoding="utf-8")
    # Two independent reference builds, side by side.
    builds = [cli.start("build", earlier, "--store", root / "before", "--jobs", "1", "-q"),
              cli.start("build", later, "--store", root / "after", "--jobs", "1", "-q")]
    for build in builds:
        done = cli.finish(build)
        assert done.returncode == 0, done.stderr
        assert ", failed 0" in done.stdout.splitlines()[0]
    from kg.store import Store

    with Store(root / "after", read_only=True) as store:
        after_nquads = store.export("nquads")
    scene = Scene(earlier, later, root / "before", plan_graphs(root / "before"), plan_graphs(root / "after"),
                  after_nquads)
    assert len(scene.before) == len(EARLIER) and len(scene.after) == LATER
    assert sum(scene.before[graph] != scene.after[graph] for graph in scene.before) == len(CHANGED)
    return scene


@dataclass(frozen=True)
class Kill:
    reported: int  # plans the build had reported written when it was killed
    snapshot: Path  # a copy of the store as the kill left it
    graphs: dict[str, frozenset[bytes]]


@dataclass(frozen=True)
class Ordeal:
    kills: list[Kill]
    last_build: subprocess.CompletedProcess[str]  # the build run to the end after the kills
    store: Path


@pytest.fixture(scope="module")
def ordeal(cli, plan_graphs, scene, tmp_path_factory) -> Ordeal:
    """Build the new batch over a copy of the earlier store and SIGKILL it once it reports its 3rd plan;
    build again and kill that build after its 8th plan; then build once more, to the end. A copy of the
    store is kept after each kill."""
    root = tmp_path_factory.mktemp("ordeal")
    store_dir = root / "store"
    shutil.copytree(scene.before_store, store_dir)
    kills = []
    for number, after_plans in enumerate((3, 8)):
        reported = killed_build(cli, scene.later, store_dir, after_plans)
        snapshot = root / f"after-kill-{number}"
        shutil.copytree(store_dir, snapshot)
        kills.append(Kill(reported, snapshot, plan_graphs(snapshot)))
    last_build = cli.run("build", scene.later, "--store", store_dir, "--jobs", "1")
    return Ordeal(kills, last_build, store_dir)


def killed_build(cli, folder: Path, store_dir: Path, after_plans: int) -> int:
    """Build ``folder`` into ``store_dir`` and SIGKILL the build as soon as it reports ``after_plans`` plans
    written; returns how many it had reported."""
    build = cli.start("build", folder, "--store", store_dir, "--jobs", "1", stdout=subprocess.DEVNULL)
    reported = 0
    for line in build.stderr:
        reported += line.startswith("[")
        if reported == after_plans:
            break
    build.send_signal(signal.SIGKILL)
    build.communicate(timeout=60)
    assert build.returncode == -signal.SIGKILL, f"the build ended by itself after {reported} plans"
    return reported


def test_after_each_kill_every_plan_is_as_before_or_as_after(scene, ordeal):
    for kill in ordeal.kills:
        for graph in sorted(scene.before.keys() | scene.after.keys() | kill.graphs.keys()):
            state = kill.graphs.get(graph)
            assert state in (scene.before.get(graph), scene.after.get(graph)), f"{graph} is half-written"


def test_no_plan_reported_written_is_lost_and_each_kill_came_mid_way(scene, ordeal):
    written_before = 0
    for kill in ordeal.kills:
        written = sum(kill.graphs.get(graph) == after != scene.before.get(graph)
                      for graph, after in scene.after.items())
        assert written_before + kill.reported <= written < scene.writes
        written_before = written


@pytest.mark.parametrize("kill", [0, 1])
def test_the_store_a_kill_leaves_validates(cli, ordeal, kill):
    validation = cli.run("validate", "--store", ordeal.kills[kill].snapshot)
    assert validation.returncode == 0, validation.stdout + validation.stderr
    assert "0 violations" in validation.stdout


def test_building_again_after_the_kills_completes_the_store(scene, ordeal):
    assert ordeal.last_build.returncode == 0, ordeal.last_build.stderr
    summary = ordeal.last_build.stdout.splitlines()[0]
    built, unchanged = (int(part.split()[-1]) for part in summary.split(", ")[:2])
    assert "failed 0" in summary
    assert 0 < built < scene.writes and built + unchanged == LATER  # only what the kills left undone
    from kg.store import Store

    with Store(ordeal.store, read_only=True) as store:
        assert store.export("nquads") == scene.after_nquads
