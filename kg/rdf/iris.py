"""Deterministic IRIs, minted from content so that re-building a document gives the same IRIs.

The scheme (ontology/README.md has the table):

- a plan is identified by its **source** (the input's file name, or URL): its key is a readable slug of the
  file name plus a short hash of the whole source, so ``kg build`` on a changed file keeps the key and
  replaces that plan's graph, while two different files never share one.
  ``id:plan/<key>`` is the plan, ``id:graph/<key>`` the named graph that holds everything read from it;
- the things of a plan live under the plan's IRI: measures by a hash of their text (so an edit elsewhere in
  the document does not rename them), their deadlines, targets and responsibilities under the measure;
- agencies are shared across plans: a national body (应急管理部) by its name alone, any other body by its
  jurisdiction and canonical name, an internal division by its parent's IRI and its name; a body of a plan
  whose jurisdiction is unknown is scoped to that plan;
- jurisdictions by name; hazards and agency functions by their scheme keys.

    >>> plan_key("004_fcd55c30be0749a7.txt")
    '004_fcd55c30be0749a7-909e21edb9'
    >>> plan_iri_from_key(plan_key("004_fcd55c30be0749a7.txt"))
    'https://w3id.org/emkg/id/plan/004_fcd55c30be0749a7-909e21edb9'
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from kg.rdf.namespaces import FN, GRAPH, HZ, ID

PLAN_BASE = ID + "plan/"
GRAPH_BASE = GRAPH + "plan/"
_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_KEY = re.compile(r"^[A-Za-z0-9_.-]*-?[0-9a-f]{10}$")


def short_hash(*parts: str, length: int = 16) -> str:
    """The first ``length`` hex digits of the SHA-256 of ``parts`` (joined with a separator no text holds)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def plan_key(source: str) -> str:
    """The key of the plan read from ``source``: ``<ASCII slug of the file name>-<10 hex digits>``."""
    name = re.split(r"[/\\]", source.rstrip("/\\"))[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    slug = _SLUG_UNSAFE.sub("-", stem).strip("-.")[:48]
    digest = short_hash(source, length=10)
    return f"{slug}-{digest}" if slug else digest


def is_plan_key(text: str) -> bool:
    return bool(_KEY.match(text))


def plan_iri_from_key(key: str) -> str:
    return PLAN_BASE + key


def graph_iri(key: str) -> str:
    """The named graph that holds the plan with this key."""
    return GRAPH_BASE + key


def key_of(iri: str) -> str | None:
    """The plan key in a plan IRI, a plan's graph IRI, or the IRI of anything minted under a plan."""
    for base in (PLAN_BASE, GRAPH_BASE):
        if iri.startswith(base):
            return iri[len(base):].split("/", 1)[0] or None
    return None


def child_iri(parent: str, kind: str, local: str) -> str:
    """The IRI of a thing that belongs to ``parent`` (a measure of a plan, a deadline of a measure ...)."""
    return f"{parent}/{kind}/{local}"


def jurisdiction_iri(name: str) -> str:
    # The level is a property, not part of the identity: one plan may state it and another not.
    return ID + "jurisdiction/" + short_hash("jurisdiction", name)


def agency_iri(name: str, *, scope: str) -> str:
    """An agency's IRI within ``scope``: "national", a jurisdiction's, a parent agency's or a plan's IRI."""
    return ID + "agency/" + short_hash("agency", scope, name)


def hazard_iri(key: str) -> str:
    return HZ + quote(key, safe="")


def function_iri(key: str) -> str:
    return FN + quote(key, safe="")


def software_iri(version: str) -> str:
    return ID + "software/emkg/" + quote(version, safe="")
