"""Fixtures of the view tests.

- ``views_data``: tests/views/handmade_views.py (two hand-made plans: 甲市's, and a hostile one full of
  markup);
- ``city_store`` / ``both_store``: in-memory stores holding 甲市's plan, or both plans.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from kg.store import Store


def load_views_data() -> ModuleType:
    if "handmade_views" in sys.modules:
        return sys.modules["handmade_views"]
    path = Path(__file__).with_name("handmade_views.py")
    spec = importlib.util.spec_from_file_location("handmade_views", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["handmade_views"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def views_data() -> ModuleType:
    return load_views_data()


@pytest.fixture
def city_store(views_data) -> Iterator[Store]:
    with views_data.store_with(views_data.city_plan()) as store:
        yield store


@pytest.fixture
def both_store(views_data) -> Iterator[Store]:
    with views_data.store_with(views_data.city_plan(), views_data.hostile_plan()) as store:
        yield store
