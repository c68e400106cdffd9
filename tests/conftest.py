"""Fixtures shared by the whole suite.

- ``samples_dir``: the sample plans that ship with emkg (data/samples/), the development set.
- ``sample_paths``: the five sample files, sorted.
- ``shared_dir``: ../shared beside the repository (gold annotations, spec), or a skip when absent.

Area-specific fixtures (a store built from the samples, generated bad inputs ...) live in the
conftest.py of their own test folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED
