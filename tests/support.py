"""Helpers for tests that need a Python file which is not part of an importable package (hand-made test
data beside the tests, scripts under scripts/, the shared evaluation's score.py). pytest puts tests/ on
sys.path (tests/conftest.py is a rootdir conftest), so ``from support import load_module`` works anywhere
in the suite.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def load_module(name: str, path: Path) -> ModuleType:
    """The module in ``path`` under ``name``, loaded once per process (later calls return the same one)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None, path
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
