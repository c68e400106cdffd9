"""Document -> Plan: the extraction stage.

:func:`extract` runs the emkg spaCy pipeline (:mod:`kg.nlp.pipeline`) over a document's normalised
text and turns the result into a :class:`~kg.model.Plan` (:mod:`kg.nlp.adapter`). spaCy objects
never leave this package.

    >>> from kg.ingest import read_document
    >>> plan = extract(read_document("data/samples/004_fcd55c30be0749a7.txt"))  # doctest: +SKIP
    >>> plan.measures[0].number  # doctest: +SKIP
    '1.'
"""

from __future__ import annotations

from kg.model import Document, Plan

__all__ = ["extract"]


def extract(document: Document) -> Plan:
    """Everything the pipeline finds in ``document``: measures with their hazards, deadlines, targets
    and responsibilities, the agencies, every hazard mention and the statistics of a summary."""
    from kg.nlp.adapter import doc_to_plan
    from kg.nlp.pipeline import load_pipeline
    from kg.nlp.text import remember_text

    nlp = load_pipeline()
    doc = nlp.make_doc(document.text)
    remember_text(doc, document.text)  # the tokenizer keeps every character: doc.text == document.text
    doc._.meta = document.meta
    doc._.structure = document.root
    return doc_to_plan(nlp(doc), document)
