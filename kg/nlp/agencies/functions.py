"""Classify an agency by function (a key of the agency-function scheme), from ``agency_functions.tsv``.

The head decides first (部队 -> military, 集团 -> enterprise, 委员会/指挥部 -> coordinating_body, 处 ->
internal_division ...), then the longest domain keyword of the name's last unit (应急管理 ->
emergency_management, 气象 -> meteorology ...), then any keyword of the whole name.

    >>> classify("广州市气象局")
    'meteorology'
    >>> classify("浙江省安全生产委员会")
    'coordinating_body'
    >>> classify("驻穗部队")
    'military'
"""

from __future__ import annotations

from kg.nlp.agencies.lexicon import lexicon

FUNCTIONS = ("emergency_management", "fire_rescue", "meteorology", "water_resources", "natural_resources",
             "forestry", "earthquake", "public_security", "transport", "housing_construction", "health",
             "ecology_environment", "agriculture_rural", "market_regulation", "industry_information",
             "education", "civil_affairs", "commerce", "culture_tourism", "urban_management", "energy",
             "development_reform", "finance", "publicity", "military", "party_government",
             "coordinating_body", "internal_division", "research_institution", "enterprise", "other")
_UNIT_HEADS = ("人民政府", "政府", "委员会", "指挥部", "办公室", "办公厅", "党委", "局", "厅", "委", "部")


def classify(name: str, last_unit: str | None = None) -> str:
    """The function key of an agency named ``name``; ``last_unit`` is the part after its last nested
    head when the caller knows it ("应急指挥中心" of "市政府应急指挥中心")."""
    lex = lexicon()
    for keyword, function in lex.head_functions:
        if name.endswith(keyword):
            return function
    unit = last_unit if last_unit is not None else _last_unit(name)
    for text in (unit, name):
        found = _longest_keyword(text)
        if found:
            return lex.body_functions[found]
    return "other"


def _longest_keyword(text: str) -> str | None:
    keywords = lexicon().body_functions
    best = None
    for i in range(len(text)):
        for size in range(min(10, len(text) - i), 1, -1):
            word = text[i:i + size]
            if word in keywords and (best is None or len(word) >= len(best)):  # ties: the rightmost
                best = word
                break
    return best


def _last_unit(name: str) -> str:
    """The name after its last nested unit head (市政府应急指挥中心 -> 应急指挥中心)."""
    body = name
    for i in range(len(name) - 1, 0, -1):
        if any(name[:i].endswith(head) for head in _UNIT_HEADS):
            body = name[i:]
            break
    return body
