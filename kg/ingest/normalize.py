"""STUB (to be replaced by the normalisation work): identity."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Normalized:
    text: str
    offsets: tuple[int, ...]


def normalize(text: str) -> Normalized:
    return Normalized(text, tuple(range(len(text) + 1)))
