"""The ``Doc._`` extensions the emkg pipeline reads and writes (registered once, on import).

Read by components (set by :func:`kg.nlp.extract` before the pipeline runs):
    doc._.meta          kg.model.DocumentMeta of the document (jurisdiction, level, year, issuer ...)
    doc._.structure     kg.model.Node, the document's section/item tree (offsets into doc.text)

Written by components (besides their span groups, see each component's ``assigns``):
    doc._.agencies          dict[str, kg.model.Agency]: canonical name -> agency    (emkg_agencies)
    doc._.responsibilities  list[kg.model.Responsibility]                          (emkg_responsibilities)
    doc._.measures          list[kg.model.Measure], bare (no hazards, deadlines ...)  (emkg_measures)
    doc._.past_parts        list[kg.nlp.records.PastPart]: parts reporting the past (emkg_measures)
    doc._.tables            list[kg.nlp.tables.IndicatorTable]                      (emkg_measures)
    doc._.hazard_mentions   list[kg.model.HazardMention]                            (emkg_hazards)
    doc._.deadlines         list[kg.model.Deadline]                                 (emkg_deadlines)
    doc._.targets           list[kg.model.Target]                                   (emkg_quantities)
    doc._.statistics        list[kg.model.Statistic]                                (emkg_quantities)

Values live in these lists of frozen records with exact character offsets; the span groups
(``doc.spans["hazard"]`` ...) hold token-aligned spans for display only. ``Span._`` extensions are
deliberately not used: spaCy keys them by boundaries, so two spans over the same characters would
share their values.
"""

from __future__ import annotations

from spacy.tokens import Doc

_DOC_EXTENSIONS = {
    "meta": None,
    "structure": None,
    "agencies": None,
    "responsibilities": None,
    "measures": None,
    "past_parts": None,
    "tables": None,
    "hazard_mentions": None,
    "deadlines": None,
    "targets": None,
    "statistics": None,
}


def register_extensions() -> None:
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
