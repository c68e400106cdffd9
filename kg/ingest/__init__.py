"""Path -> Document: read a file (one reader per format), normalise its text, find its structure and
metadata.

    >>> from pathlib import Path
    >>> doc = read_document(Path("data/samples/004_fcd55c30be0749a7.txt"))  # doctest: +SKIP
    >>> doc.meta.jurisdiction  # doctest: +SKIP
    '广州市'
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from kg.ingest.metadata import detect_metadata
from kg.ingest.normalize import normalize
from kg.ingest.readers import discover, read_raw
from kg.ingest.structure import parse_structure
from kg.model import Document, MetaOverrides

__all__ = ["discover", "read_document"]


def read_document(path: Path | str, *, encoding: str | None = None,
                  overrides: MetaOverrides | None = None) -> Document:
    """Read one file into a normalised, structured :class:`~kg.model.Document`.

    Raises :class:`kg.errors.InputError` (naming the file) when it cannot be read.
    """
    path = Path(path)
    raw = read_raw(path, encoding=encoding)
    if raw.title:  # a page's <title>, a PDF's or a Word file's own: normalised as the text is (NFKC, 繁→简)
        raw = replace(raw, title=normalize(raw.title).text or raw.title)
    normalised = normalize(raw.text)
    root = parse_structure(normalised.text)
    meta = detect_metadata(raw, normalised.text, root, overrides)
    return Document(
        source=raw.source,
        format=raw.format,
        content_hash=hashlib.sha256(path.read_bytes()).hexdigest(),
        original=raw.text,
        text=normalised.text,
        offsets=normalised.offsets,
        meta=meta,
        root=root,
        page_starts=raw.page_starts,
    )
