"""STUB (to be replaced by the extraction work): Document -> Plan with nothing extracted."""

from __future__ import annotations

from kg.model import Document, Plan


def extract(document: Document) -> Plan:
    return Plan(document=document)
