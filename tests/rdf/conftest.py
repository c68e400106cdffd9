"""Fixtures of the RDF tests: plans built by hand (tests/rdf/handmade.py), so mapping is tested without
extraction."""

from __future__ import annotations

from types import ModuleType

import pytest
from support import TESTS, load_module


def load_handmade() -> ModuleType:
    """tests/rdf/handmade.py as a module (tests/store/conftest.py loads it the same way)."""
    return load_module("handmade", TESTS / "rdf" / "handmade.py")


@pytest.fixture(scope="session")
def handmade() -> ModuleType:
    return load_handmade()
