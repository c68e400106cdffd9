"""Comparing plans: the cross-city report of ``kg compare`` and the version diff of ``kg compare --versions``.

    >>> from kg.store import Store
    >>> from kg.views.compare import compare, render
    >>> with Store("kg-store", read_only=True) as store:          # doctest: +SKIP
    ...     report = compare(store, hazard="flood")
    >>> html = render(report, "html")                             # doctest: +SKIP

- :mod:`~kg.views.compare.data`: the SPARQL queries (``queries/*.rq``) and their rows as typed records;
- :mod:`~kg.views.compare.similarity`: character n-gram TF-IDF similarity, near-duplicate groups, matching;
- :mod:`~kg.views.compare.analysis`: the seven sections of the comparison; :mod:`~kg.views.compare.versions`:
  what two versions of a plan added, dropped and kept;
- :mod:`~kg.views.compare.model`: the report's records; :mod:`~kg.views.compare.report`: HTML, Markdown, CSV
  and JSON.
"""

from __future__ import annotations

from kg.views.compare.analysis import compare
from kg.views.compare.model import Column, Label, Report, Section, Table
from kg.views.compare.report import FORMATS, render
from kg.views.compare.similarity import DEFAULT_THRESHOLD
from kg.views.compare.versions import compare_versions, version_pairs

__all__ = ["DEFAULT_THRESHOLD", "FORMATS", "Column", "Label", "Report", "Section", "Table", "compare",
           "compare_versions", "render", "version_pairs"]
