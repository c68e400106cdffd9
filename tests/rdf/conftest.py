"""Fixtures of the RDF tests: plans built by hand (tests/rdf/handmade.py), so mapping is tested without
extraction."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def load_handmade() -> ModuleType:
    """tests/rdf/handmade.py as a module (tests/store/conftest.py loads it the same way)."""
    if "handmade" in sys.modules:
        return sys.modules["handmade"]
    spec = importlib.util.spec_from_file_location("handmade", Path(__file__).with_name("handmade.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["handmade"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def handmade() -> ModuleType:
    return load_handmade()
