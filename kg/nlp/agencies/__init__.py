"""Agencies and responsibilities read from a plan's text (the work behind the ``emkg_agencies`` and
``emkg_responsibilities`` components).

    >>> from kg.model import DocumentMeta
    >>> agencies = find_agencies("认真贯彻市委、市政府和省应急管理厅的部署要求。",
    ...                          DocumentMeta(jurisdiction="广州市", level="city"))
    >>> sorted(agencies)
    ['中共广州市委员会', '广东省应急管理厅', '广州市人民政府']
"""

from __future__ import annotations

from kg.model import Agency, DocumentMeta, Node
from kg.nlp.agencies.duties import find_responsibilities
from kg.nlp.agencies.names import find_mentions
from kg.nlp.agencies.resolve import resolve

__all__ = ["find_agencies", "find_responsibilities"]


def find_agencies(text: str, meta: DocumentMeta | None = None,
                  structure: Node | None = None) -> dict[str, Agency]:
    """Every agency the text names, keyed by canonical name, with its forms, function and mentions.
    ``structure`` (the document's node tree, optional) tells where its tables are."""
    scan = find_mentions(text, meta.jurisdiction if meta else None, structure)
    return resolve(scan, meta, text)
