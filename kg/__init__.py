"""emkg: knowledge graphs of Chinese emergency-management plans.

The public API is re-exported here lazily, so ``import kg`` (and ``kg --help``) stays fast:
nothing heavy (spaCy, pyoxigraph, rdflib) is imported until it is used.

    >>> import kg
    >>> kg.__version__
    '0.1.0'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "read_document": "kg.ingest",
    "extract": "kg.nlp",
    "build": "kg.builder",
    "Store": "kg.store",
}

__all__ = ["Store", "__version__", "build", "extract", "read_document"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
