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
    >>> classify("北京市卫生健康委员会")
    'health'
    >>> classify("历城区应急管理综合行政执法大队")
    'emergency_management'
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
    department = _department_committee(name)
    if department:
        return department
    for keyword, function in lex.head_functions:
        if name.endswith(keyword):
            return function
    unit = last_unit if last_unit is not None else _last_unit(name)
    found = _function_keyword(unit)
    if not found or found.endswith("执法"):  # 应急管理局|综合行政执法大队: the department's team
        found = _function_keyword(name) or found
    return lex.body_functions[found] if found else "other"


def _function_keyword(text: str) -> str | None:
    """The keyword that gives ``text``'s function: its longest one, but a sector named before an
    enforcement word (交通运输综合行政执法支队); 综合行政执法局 alone is city management."""
    found = _longest_keyword(text)
    if found and found.endswith("执法"):
        return _longest_keyword(text[:text.rfind(found)]) or found
    return found


def _department_committee(name: str) -> str | None:
    """The function of a department named a committee (卫生健康委员会, 发展和改革委员会: a department
    type just before 委员会). 安全生产委员会 and 减灾委员会 stay coordinating bodies: they gather
    departments, whereas the emergency-management department is a 局."""
    if not name.endswith("委员会"):
        return None
    lex = lexicon()
    domain = lex.longest_ending(name, len(name) - 3, lex.domains, 12)
    function = lex.domains.get(domain or "")
    return function if function != "emergency_management" else None


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
