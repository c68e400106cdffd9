"""Triples in, rows out: the embedded Oxigraph store (:class:`Store`), its named graphs and queries."""

from __future__ import annotations

from kg.store.store import EXPORT_FORMATS, Store

__all__ = ["EXPORT_FORMATS", "Store"]
