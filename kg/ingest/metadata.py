"""STUB (to be replaced by the metadata work): overrides only."""

from __future__ import annotations

from kg.model import DocumentMeta


def detect_metadata(raw, text, root, overrides=None) -> DocumentMeta:
    if overrides is None:
        return DocumentMeta()
    return DocumentMeta(jurisdiction=overrides.jurisdiction, level=overrides.level, year=overrides.year,
                        doc_type=overrides.doc_type, title=overrides.title)
