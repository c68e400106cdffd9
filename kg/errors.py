"""Domain errors. Core code raises these; the CLI turns them into one readable line each.

Every message names the file (or store) and says what to do about the problem.
"""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """Base class of every error emkg reports to a user."""


class InputError(KGError):
    """A document could not be read. ``path`` names it; ``hint`` says how to fix it, when we know."""

    def __init__(self, path: Path | str, problem: str, hint: str | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        message = f"{self.path}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class UnsupportedFormat(InputError):
    """No reader handles this file's suffix."""


class DecodeError(InputError):
    """A text file's bytes fit none of the encodings we try."""


class EmptyDocument(InputError):
    """The file was read but holds no text worth building a plan from."""


class StoreError(KGError):
    """The store is missing, locked or inconsistent."""


class QueryError(KGError):
    """A SPARQL query is malformed, unknown or timed out."""


class QuerySyntaxError(QueryError):
    """A SPARQL query does not parse; ``line`` and ``column`` (1-based) say where the parser stopped."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.line = line
        self.column = column
        super().__init__(message)


class QueryTimeout(QueryError):
    """A SPARQL query ran longer than its time limit."""


class ValidationFailed(KGError):
    """SHACL validation found violations; ``report`` is readable text."""

    def __init__(self, report: str) -> None:
        self.report = report
        super().__init__(report)
