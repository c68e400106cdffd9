"""The ``emkg_agencies`` component: every agency a plan names (see :mod:`kg.nlp.agencies`).

Writes ``doc._.agencies`` (canonical name -> :class:`kg.model.Agency`, with exact mention offsets) and
the span group ``doc.spans["agency"]`` (label ``AGENCY``, ``kb_id`` the canonical name; token-aligned,
for display). Reads ``doc.text``, ``doc._.meta`` (jurisdiction, level, issuer) and ``doc._.structure``
(its tables).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import kg.nlp.extensions  # noqa: F401  (registers Doc._ extensions)
from kg.nlp.agencies import find_agencies
from kg.nlp.text import doc_text


@Language.component("emkg_agencies", assigns=["doc.spans", "doc._.agencies"])
def agencies_component(doc: Doc) -> Doc:
    agencies = find_agencies(doc_text(doc), doc._.meta, doc._.structure)
    spans = []
    for agency in agencies.values():
        for mention in agency.mentions:
            span = doc.char_span(mention.start, mention.end, label="AGENCY", kb_id=agency.name,
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc.spans["agency"] = sorted(spans, key=lambda span: (span.start, span.end))
    doc._.agencies = agencies
    return doc
