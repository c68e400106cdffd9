"""Readers: a file on disk -> :class:`~kg.model.RawText`, one reader per format, chosen by suffix.

Readers are registered by name as ``module:function`` and imported only when a file of their format
is read, so reading a .txt never imports trafilatura, pypdf or python-docx (the registry works like
rdflib's ``plugin.register``). A reader takes the path and the user's ``--encoding`` (or ``None``)
and returns the text as read; :func:`read_raw` then checks what every format shares (the file is
there and readable, not too big, not empty) and cleans characters no later stage can handle.

    >>> sorted(supported_suffixes())
    ['.docx', '.htm', '.html', '.pdf', '.txt']
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import EmptyDocument, InputError, UnsupportedFormat
from kg.model import RawText

__all__ = ["discover", "read_raw", "register_reader", "supported_suffixes"]

Reader = Callable[[Path, str | None], RawText]

# The biggest sample plan is 50 KB of text; a text file 300 times that is not one plan. The bounds keep
# time and memory in check (the offset map holds one int per character). PDF and DOCX files carry
# images and fonts, so their files may be bigger; the text read from them is bounded the same way.
MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TEXT_CHARS = 5_000_000

# Files in a folder that are not documents and are not worth a "skipped" line: sidecar metadata files
# that `kg build --metadata` reads.
_SIDECAR = re.compile(r"(?:metadata|emkg)\.(?:csv|ya?ml)", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_HINTS = {
    ".doc": "save it as .docx",
    ".wps": "save it as .docx",
    ".rtf": "save it as .docx",
    ".xls": "copy its text into a .txt file",
    ".xlsx": "copy its text into a .txt file",
    ".ofd": "print it to PDF",
    ".odt": "save it as .docx",
}


@dataclass(frozen=True)
class _Registration:
    module: str
    function: str
    format: str
    max_bytes: int


_REGISTRY: dict[str, _Registration] = {}


def register_reader(suffix: str, module: str, function: str, format: str,
                    max_bytes: int = MAX_FILE_BYTES) -> None:
    """Make ``module:function`` the reader of files ending in ``suffix`` (e.g. ".txt").

    ``format`` is what :attr:`RawText.format` says for them ("txt", "html", "pdf", "docx");
    ``max_bytes`` the biggest file it is given.
    """
    _REGISTRY[suffix.lower()] = _Registration(module, function, format, max_bytes)


register_reader(".txt", "kg.ingest.readers.txt", "read_txt", "txt", MAX_TEXT_FILE_BYTES)
register_reader(".html", "kg.ingest.readers.html", "read_html", "html", MAX_TEXT_FILE_BYTES)
register_reader(".htm", "kg.ingest.readers.html", "read_html", "html", MAX_TEXT_FILE_BYTES)
register_reader(".pdf", "kg.ingest.readers.pdf", "read_pdf", "pdf")
register_reader(".docx", "kg.ingest.readers.docx", "read_docx", "docx")


def supported_suffixes() -> frozenset[str]:
    return frozenset(_REGISTRY)


def _registration(path: Path) -> _Registration:
    registration = _REGISTRY.get(path.suffix.lower())
    if registration is None:
        raise UnsupportedFormat(path, f"unsupported format {path.suffix or '(no suffix)'}",
                                _unsupported_hint(path.suffix))
    return registration


def _unsupported_hint(suffix: str) -> str:
    known = ", ".join(sorted(_REGISTRY))
    specific = _HINTS.get(suffix.lower())
    return f"{specific}; emkg reads {known}" if specific else f"emkg reads {known}"


def read_raw(path: Path, encoding: str | None = None) -> RawText:
    """Read one file into a :class:`RawText` whose ``source`` is the file's name.

    Raises :class:`~kg.errors.InputError` (or its subclasses :class:`~kg.errors.UnsupportedFormat`,
    :class:`~kg.errors.DecodeError`, :class:`~kg.errors.EmptyDocument`) naming the file, with a hint.
    """
    path = Path(path)
    registration = _registration(path)
    _check_readable(path, registration.max_bytes)
    reader: Reader = getattr(importlib.import_module(registration.module), registration.function)
    raw = reader(path, encoding)
    text = _SURROGATE.sub("", raw.text).replace("\x00", "")
    if not text.strip():
        raise EmptyDocument(path, "holds only whitespace", "check that it is the document you meant")
    if not any(char.isalnum() for char in text):
        raise EmptyDocument(path, "holds no words, only punctuation or invisible characters",
                            "check that it is the document you meant")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(path, f"holds {len(text):,} characters, more than a plan document can have "
                         f"({MAX_TEXT_CHARS:,})", "split it into one file per plan")
    return replace(raw, source=path.name, format=registration.format, text=text)


def _check_readable(path: Path, max_bytes: int) -> None:
    """Fail with a clear message on a missing, dangling, unreadable, empty or oversized file."""
    try:
        status = path.stat()
    except FileNotFoundError as error:
        problem = "is a broken link" if path.is_symlink() else "does not exist"
        raise InputError(path, problem, "check the path") from error
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror or error}") from error
    if path.is_dir():
        raise InputError(path, "is a folder, not a file", "give the files in it, or the folder to `kg build`")
    if not path.is_file():
        raise InputError(path, "is not a regular file", "give a saved document file")
    if status.st_size == 0:
        raise EmptyDocument(path, "is empty (0 bytes)", "check that the download or copy finished")
    if status.st_size > max_bytes:
        size, limit = status.st_size / 2**20, max_bytes // 2**20
        raise InputError(path, f"is {size:.0f} MB, more than the {limit} MB a plan document can be",
                         "split it into one file per plan")
    if not os.access(path, os.R_OK):
        raise InputError(path, "cannot be read: permission denied", "check the file's permissions")


def read_bytes(path: Path) -> bytes:
    """A file's bytes, with OS errors turned into :class:`InputError` (for readers)."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror or error}",
                         "check the file's permissions") from error


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The documents to read under ``paths`` (files, or folders walked recursively, sorted), and the
    files skipped with the reason, such as ``"unsupported format .xlsx"``.

    Hidden files and folders (".name") and sidecar metadata files (``metadata.csv``, ``emkg.yaml`` ...)
    in folders are ignored silently. Symbolic links are followed, each folder at most once, so a link
    loop cannot hang the walk. A file given twice is read once.
    """
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen_files: set[Path] = set()

    def consider(path: Path) -> None:
        reason = _skip_reason(path)
        if reason:
            skipped.append((path, reason))
            return
        key = path.resolve()
        if key not in seen_files:
            seen_files.add(key)
            found.append(path)

    for given in paths:
        given = Path(given)
        if given.is_dir():
            for path in _walk(given, skipped):
                consider(path)
        elif given.exists() or given.is_symlink():
            consider(given)
        else:
            skipped.append((given, "does not exist"))
    return found, skipped


def _walk(root: Path, skipped: list[tuple[Path, str]]) -> Iterable[Path]:
    visited: set[tuple[int, int]] = set()

    def report(error: OSError) -> None:
        skipped.append((Path(error.filename or root), f"cannot list folder: {error.strerror or error}"))

    for folder, subfolders, files in os.walk(root, followlinks=True, onerror=report):
        try:
            status = os.stat(folder)
        except OSError as error:
            report(error)
            subfolders[:] = []
            continue
        if (status.st_dev, status.st_ino) in visited:  # reached again through a link: a loop
            subfolders[:] = []
            continue
        visited.add((status.st_dev, status.st_ino))
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or _SIDECAR.fullmatch(name):
                continue
            yield Path(folder) / name


def _skip_reason(path: Path) -> str | None:
    if path.suffix.lower() not in _REGISTRY:
        hint = _HINTS.get(path.suffix.lower())
        reason = f"unsupported format {path.suffix or '(no suffix)'}"
        return f"{reason} ({hint})" if hint else reason
    if path.is_symlink() and not path.exists():
        return "broken link"
    if path.is_dir():
        return "is a folder"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None
