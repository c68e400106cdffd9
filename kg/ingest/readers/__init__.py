"""STUB (to be replaced by the readers work): UTF-8 .txt only."""

from __future__ import annotations

from pathlib import Path

from kg.model import RawText


def read_raw(path: Path, encoding: str | None = None) -> RawText:
    return RawText(source=path.name, format="txt", text=path.read_text(encoding=encoding or "utf-8"))


def discover(paths):
    files = []
    for p in paths:
        p = Path(p)
        files.extend(sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p])
    return files, []
