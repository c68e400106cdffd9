"""Fixtures of the view tests.

- ``views_data``: tests/views/handmade_views.py (two hand-made plans: 甲市's, and a hostile one full of
  markup);
- ``city_store`` / ``both_store``: in-memory stores holding 甲市's plan, or both plans.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest
from support import TESTS, load_module

from kg.store import Store


def load_views_data() -> ModuleType:
    return load_module("handmade_views", TESTS / "views" / "handmade_views.py")


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
