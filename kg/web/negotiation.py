"""Content negotiation for SPARQL results: an ``Accept`` header -> the format to answer in.

    >>> negotiate("application/sparql-results+xml;q=0.9, text/csv", "select")
    ('csv', 'text/csv; charset=utf-8')
    >>> negotiate("*/*", "graph")
    ('turtle', 'text/turtle; charset=utf-8')
    >>> negotiate("image/png", "select") is None
    True
"""

from __future__ import annotations

__all__ = ["GRAPH_MEDIA", "RESULT_MEDIA", "negotiate", "parse_accept"]

# What each format is sent as.
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_MEDIA = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
# Media types a client may ask for -> format, per kind of result; the first entry is the default.
_SELECT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/xml": "xml",
}
_GRAPH = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "text/n3": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
    "application/ld+json": "jsonld", "application/json": "jsonld",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``(media type, q)`` pairs of an Accept header, best first (ties keep the client's order, and a
    specific type beats a wildcard); entries with ``q=0`` are left out."""
    entries: list[tuple[float, int, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        fields = [field.strip() for field in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            entries.append((-quality, media.count("*"), position, media))
    return [(media, -negative) for negative, _, _, media in sorted(entries)]


def negotiate(accept: str | None, kind: str) -> tuple[str, str] | None:
    """``(format, Content-Type)`` for a result of ``kind`` (``select``, ``ask`` or ``graph``), or None when
    the client accepts none of the formats we write (the caller answers 406)."""
    table = _GRAPH if kind == "graph" else _SELECT
    media_of = GRAPH_MEDIA if kind == "graph" else RESULT_MEDIA
    default = next(iter(table.values()))
    wanted = parse_accept(accept) or [("*/*", 1.0)]
    for media, _ in wanted:
        if media in table:
            fmt = table[media]
            # text/n3 and text/plain are answered in the type asked for (Turtle is N3, N-Triples plain text)
            sent = f"{media}; charset=utf-8" if media in ("text/n3", "text/plain") else media_of[fmt]
            return fmt, sent
        major = media.split("/")[0]
        if media == "*/*":
            return default, media_of[default]
        if media.endswith("/*"):
            for candidate, fmt in table.items():
                if candidate.startswith(major + "/"):
                    return fmt, media_of[fmt]
    return None
