"""Character-level helpers shared by the components: clauses, quoted and titled regions, pattern files.

The components match on characters (jieba's token boundaries rarely match a rule's hit exactly), so
they need a few plain-text notions: the clause around an offset, whether an offset lies inside
《title》 or “quotes”, and where a pattern file is.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

from kg.model import Span

PATTERNS = "patterns"

#: characters that end a clause (full-width and ASCII forms: the text may or may not be NFKC-normalised);
#: a tab ends a table's cell
CLAUSE_BREAKS = frozenset(",,;;。::!!??\n\t")
#: characters that end a sentence
SENTENCE_BREAKS = frozenset(";;。!!??\n")

_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_ASCII_QUOTED = re.compile(r'"([^"\n]*)"')  # ASCII quotes pair up within a line
_TITLE_PAIRS = {"《": "》", "〈": "〉"}


def clause_bounds(text: str, start: int, end: int, breaks: frozenset[str] = CLAUSE_BREAKS) -> tuple[int, int]:
    """The ``[start, end)`` of the clause (or sentence, with ``SENTENCE_BREAKS``) around
    ``text[start:end]``."""
    # The scans run in the regex engine, not character by character in Python: a plan with one clause of
    # 10k characters and thousands of numbers in it (issue 9) asks for its bounds thousands of times.
    first, last = _break_patterns(breaks)
    window = 64
    while True:  # the last break before ``start``, looked for in ever wider windows
        low = max(0, start - window)
        found = last.search(text, low, start)
        if found or low == 0:
            left = found.start() + 1 if found else 0
            break
        window *= 4
    found = first.search(text, end)
    right = found.start() if found else len(text)
    clause = text[left:right]
    left += len(clause) - len(clause.lstrip())
    return left, max(left, left + len(clause.strip()))


def text_until_break(text: str, start: int, width: int, breaks: frozenset[str] = SENTENCE_BREAKS) -> str:
    """The text from ``start`` to the first break, at most ``width`` characters."""
    found = _break_patterns(breaks)[0].search(text, start, start + width)
    return text[start:found.start() if found else start + width]


def text_since_break(text: str, end: int, width: int, breaks: frozenset[str] = CLAUSE_BREAKS) -> str:
    """The text from the last break before ``end`` to ``end``, at most ``width`` characters."""
    low = max(0, end - width)
    found = _break_patterns(breaks)[1].search(text, low, end)
    return text[found.start() + 1 if found else low:end]


@functools.lru_cache(maxsize=8)
def _break_patterns(breaks: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a break character, the last break character before the end)."""
    chars = "".join(re.escape(char) for char in sorted(breaks))
    return re.compile(f"[{chars}]"), re.compile(f"[{chars}][^{chars}]*\\Z")


def make_span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


class Regions:
    """Sorted, non-overlapping ``[start, end)`` ranges with a fast membership test."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self.ranges = merged
        self._starts = [start for start, _ in merged]

    def __contains__(self, offset: int) -> bool:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self.ranges[index][1]

    def start_of(self, offset: int) -> int | None:
        """Where the region holding ``offset`` starts; None when none does."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return self._starts[index] if index >= 0 and offset < self.ranges[index][1] else None

    def covers(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` lies inside one region."""
        index = bisect.bisect_right(self._starts, start) - 1
        return index >= 0 and end <= self.ranges[index][1]


def _paired_regions(text: str, pairs: dict[str, str], max_len: int) -> list[tuple[int, int]]:
    """Ranges strictly inside matching brackets (the brackets excluded), at most ``max_len`` long."""
    found = []
    stack: list[tuple[str, int]] = []
    closers = {close: open_ for open_, close in pairs.items()}
    marks = re.compile("[" + re.escape("".join(pairs) + "".join(closers)) + "\n]")
    for match in marks.finditer(text):  # only the brackets and line breaks: fast on long texts
        char, index = match.group(0), match.start()
        if char in pairs:
            stack.append((char, index))
        elif char in closers:
            while stack and stack[-1][0] != closers[char]:
                stack.pop()
            if stack:
                _, opened = stack.pop()
                if index - opened - 1 <= max_len:
                    found.append((opened + 1, index))
        else:
            stack.clear()  # brackets do not span paragraphs; an unclosed one must not swallow the text
    return found


def quoted_regions(text: str, max_len: int = 40) -> Regions:
    """The insides of “quotes”, ‘quotes’ and 「quotes」 (and of ASCII "…" pairs), up to ``max_len`` long:
    slogans, names and labels ("两客一危", "一岗双责") rather than running text."""
    ranges = _paired_regions(text, _PAIRS, max_len)
    for line in _ASCII_QUOTED.finditer(text):
        if len(line.group(1)) <= max_len:
            ranges.append((line.start(1), line.end(1)))
    return Regions(ranges)


def title_regions(text: str, max_len: int = 120) -> Regions:
    """The insides of 《document titles》."""
    return Regions(_paired_regions(text, _TITLE_PAIRS, max_len))


def pattern_path(name: str) -> Any:
    """The packaged pattern file ``kg/nlp/patterns/<name>`` (a Traversable)."""
    return resources.files("kg.nlp").joinpath(PATTERNS, name)


def read_pattern_text(name: str) -> str:
    return pattern_path(name).read_text(encoding="utf-8")


@functools.cache
def load_yaml(name: str) -> Any:
    """A packaged YAML pattern file, parsed once per process."""
    import yaml

    return yaml.safe_load(read_pattern_text(name))


def remember_text(doc: Any, text: str) -> None:
    """Give :func:`doc_text` the text ``doc`` was made from, so no component rebuilds it from the tokens."""
    doc.user_data["emkg_text"] = text


def doc_text(doc: Any) -> str:
    """``doc.text``, computed once per Doc: spaCy rebuilds the string from the tokens on every access,
    which costs as much as a component's whole work on a long plan."""
    text = doc.user_data.get("emkg_text")
    if text is None:
        text = doc.text
        doc.user_data["emkg_text"] = text
    return text


def display_spans(doc: Any, ranges: Iterable[tuple[int, int, str]]) -> list[Any]:
    """Token-aligned spaCy spans (for ``doc.spans`` groups) over ``(start, end, label)`` character
    ranges: jieba's tokens rarely match a hit exactly, so each span grows to whole tokens."""
    spans = []
    for start, end, label in ranges:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


def reports_first_half(title: str | None) -> bool:
    """Whether a plan's title pairs a summary of the year's first half with a plan for the second
    ("2025年上半年工作总结和下半年工作打算"): its 上半年 is the past, not a due time."""
    return bool(title) and _FIRST_HALF.search(title) is not None and ("总结" in title or "回顾" in title)


# the year's first half as a summary's title names it: 上半年, 半年, 年中, 1-6月, 一至六月
_FIRST_HALF = re.compile(r"半年|年中|1\s*[-—–~～至]\s*6\s*月|一至六月")
