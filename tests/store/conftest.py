"""Fixtures of the store tests.

- ``sample_store``: the five sample plans built once per session (the whole pipeline) into a store on disk;
  tests open it read-only and must not change it.
- ``sample_nquads``: that store exported as sorted N-Quads.
- ``rich_store``: an in-memory store holding the hand-made plan of tests/rdf/handmade.py (no extraction).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from support import TESTS, load_module

from kg.builder import BuildReport, build
from kg.rdf.mapping import plan_iri, plan_to_triples
from kg.store import Store

ROOT = Path(__file__).resolve().parents[2]


def load_handmade() -> ModuleType:
    return load_module("handmade", TESTS / "rdf" / "handmade.py")


@pytest.fixture(scope="session")
def handmade() -> ModuleType:
    return load_handmade()


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, sample_paths) -> tuple[Path, BuildReport]:
    folder = tmp_path_factory.mktemp("sample-store") / "store"
    report = build(sample_paths, store=folder)
    assert not report.failed, report.summary()
    return folder, report


@pytest.fixture(scope="session")
def sample_store(sample_build) -> Path:
    return sample_build[0]


@pytest.fixture(scope="session")
def sample_nquads(sample_store) -> bytes:
    with Store(sample_store, read_only=True) as store:
        return store.export("nquads")


@pytest.fixture
def rich_store(handmade) -> Iterator[Store]:
    plan = handmade.rich_plan()
    with Store() as store:
        store.add_plan(plan_iri(plan.document), plan_to_triples(plan, version="0.0.0"))
        yield store
