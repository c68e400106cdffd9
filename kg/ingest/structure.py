"""STUB (to be replaced by the structure work): one node for the whole text."""

from __future__ import annotations

from kg.model import Node, Span


def parse_structure(text: str) -> Node:
    return Node(kind="document", span=Span(0, len(text), text))
