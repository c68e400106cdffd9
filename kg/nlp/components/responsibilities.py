"""The ``emkg_responsibilities`` component: explicit assignments of tasks to agencies
(see :mod:`kg.nlp.agencies.duties`).

Reads ``doc._.agencies`` (written by ``emkg_agencies``), ``doc._.structure`` and ``doc._.meta``; writes
``doc._.responsibilities`` (a list of :class:`kg.model.Responsibility`, each with the exact evidence span,
which lies inside the task it governs) and the span group ``doc.spans["responsibility"]`` (label
``lead``/``support``, ``kb_id`` the agency's canonical name; token-aligned, for display).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import kg.nlp.extensions  # noqa: F401  (registers Doc._ extensions)
from kg.nlp.agencies.duties import find_responsibilities
from kg.nlp.text import doc_text


@Language.component("emkg_responsibilities", requires=["doc._.agencies"],
                    assigns=["doc.spans", "doc._.responsibilities"])
def responsibilities_component(doc: Doc) -> Doc:
    meta = doc._.meta
    responsibilities = find_responsibilities(doc_text(doc), doc._.agencies or {}, doc._.structure,
                                             meta.year if meta else None)
    spans = []
    for responsibility in responsibilities:
        evidence = responsibility.evidence
        span = doc.char_span(evidence.start, evidence.end, label=responsibility.role,
                             kb_id=responsibility.agency, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["responsibility"] = spans
    doc._.responsibilities = responsibilities
    return doc
