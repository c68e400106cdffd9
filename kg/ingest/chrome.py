"""Web-page chrome: find the lines of a saved web page that are the site's, not the document's.

Plans are often copied from government portals together with their breadcrumb, share bar, index table
and footer. The rules are data (``chrome_patterns.tsv`` beside this module); this module only loads
them and applies them to whole lines (or whole cells of a table), so a rule can never cut into a sentence.

    >>> sorted(chrome_lines(["当前位置:首页 > 政务公开", "索引号", "002482947/2021-17684",
    ...                      "一、总体要求", "扫一扫在手机打开当前页"]))
    [0, 1, 2, 4]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

RULES_FILE = "chrome_patterns.tsv"
# Chrome is short; a long line is text. The bound also keeps every rule's matching time small.
MAX_CHROME_LINE = 200
# A list bullet left by a page's <li> ("• 发布机构:", "- 索引号") is not part of what a rule looks at.
_BULLET = re.compile(r"(?:[•·●○◆◇■□▪▫►▶▸‣⁃]|[-*](?=\s))\s*")
# A table cell that starts with a field's label: a short name and a colon ("发布机构:", "成文日期:").
_FIELD_LABEL = re.compile(r"[^\s:]{1,10}\s?:")


@dataclass(frozen=True)
class ChromeRule:
    """One rule of ``chrome_patterns.tsv``: ``kind`` is "line" or "block" (a label and its value)."""

    kind: Literal["line", "block"]
    pattern: re.Pattern[str]
    value: re.Pattern[str] | None = None
    inline: re.Pattern[str] | None = None  # a block's label and value on one line
    source: str = ""  # what the rule fully matches, as a pattern's text: for the union of every rule

    def matches(self, line: str) -> bool:
        return bool(self.pattern.fullmatch(line) or (self.inline and self.inline.fullmatch(line)))

    def wants_value(self, line: str) -> bool:
        """A block label standing alone on its line: its value is on the next non-blank line."""
        return self.kind == "block" and bool(self.pattern.fullmatch(line))


def parse_rules(text: str, origin: str = RULES_FILE) -> tuple[ChromeRule, ...]:
    """Parse rules in the ``chrome_patterns.tsv`` format; a bad line raises ``ValueError`` naming it."""
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = raw.split("\t")
        kind = fields[0].strip()
        try:
            if kind == "line" and len(fields) == 2:
                rules.append(ChromeRule("line", re.compile(fields[1]), source=fields[1]))
            elif kind == "block" and len(fields) == 3:
                label, value = fields[1], fields[2]
                inline = f"(?:{label})\\s*(?:{value})"
                rules.append(ChromeRule("block", re.compile(label), re.compile(value), re.compile(inline),
                                        source=f"(?:{label})|{inline}"))
            else:
                raise ValueError("expected 'line<TAB>PATTERN' or 'block<TAB>LABEL<TAB>VALUE'")
        except (re.error, ValueError) as error:
            raise ValueError(f"{origin}:{number}: {error}") from error
    return tuple(rules)


@functools.cache
def default_rules() -> tuple[ChromeRule, ...]:
    text = resources.files("kg.ingest").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return parse_rules(text)


@functools.cache
def _any_rule(rules: tuple[ChromeRule, ...]) -> re.Pattern[str]:
    """One pattern that fully matches a line when any rule does: most lines are text, and one call turns
    them away where a call per rule took a sixth of the time of reading a plan."""
    return re.compile("|".join(f"(?:{rule.source})" for rule in rules) or "(?!)")


def _content(line: str) -> str:
    bullet = _BULLET.match(line)
    return line[bullet.end():] if bullet else line


def is_chrome(line: str, rules: Sequence[ChromeRule] | None = None) -> bool:
    """Whether one (normalised, stripped) line is chrome on its own."""
    line = _content(line.strip())
    if not line or len(line) > MAX_CHROME_LINE:
        return False
    return bool(_any_rule(tuple(default_rules() if rules is None else rules)).fullmatch(line))


def chrome_lines(lines: Sequence[str], rules: Sequence[ChromeRule] | None = None) -> set[int]:
    """Indices of the lines that are chrome: lines a rule matches, and the values of block labels.

    ``lines`` are normalised and stripped (see :func:`kg.ingest.normalize.normalize`).
    """
    rules = default_rules() if rules is None else rules
    any_rule = _any_rule(tuple(rules))
    dropped: set[int] = set()
    for index, line in enumerate(lines):
        content = _content(line.strip())
        if not content or len(content) > MAX_CHROME_LINE or not any_rule.fullmatch(content):
            continue
        for rule in rules:
            if not rule.matches(content):
                continue
            dropped.add(index)
            if rule.wants_value(content):
                value_index = _next_non_blank(lines, index + 1)
                if value_index is not None and _is_value(rule, lines[value_index], rules):
                    dropped.add(value_index)
            break
    return dropped


def _next_non_blank(lines: Sequence[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def _is_value(rule: ChromeRule, line: str, rules: Sequence[ChromeRule]) -> bool:
    content = _content(line.strip())
    assert rule.value is not None
    # A label is never the value of the label before it ("文件名称:" followed by "发布机构:").
    return bool(rule.value.fullmatch(content)) and not any(other.wants_value(content) for other in rules)


def is_index_table(rows: Sequence[Sequence[str]], rules: Sequence[ChromeRule] | None = None) -> bool:
    """Whether a table is a 政府信息公开 page's index table: every row pairs labels with their values
    ("索引号:" "11510703MB1543210X/2025-00087" "发布机构:" "涪城区防汛抗旱指挥部"), a cell each or both in
    one cell ("文号:川府发〔2025〕3号"), and a rule knows one of its labels at least (索引号, 主题分类,
    文件名称 ...), so that a form printed in a plan ("联系人:" "张三") is not taken for one.

    ``rows`` are the normalised texts of each row's cells. Joined by tabs, a row is one line no rule
    matches whole, so the table is judged here, cell by cell.

    >>> is_index_table([["索 引 号:", "1151/2025-00087", "发布机构:", "涪城区防汛抗旱指挥部"],
    ...                 ["主题分类:", "应急管理", "成文日期:", "2025-04-23"]])
    True
    >>> is_index_table([["序号", "工作任务", "完成时限"], ["1", "开展汛前检查", "4月30日前"]])
    False
    """
    rules = default_rules() if rules is None else rules
    # labels are often spread out to the width of the longest ("索  引  号:", "标    题:")
    table = [["".join(_content(cell.strip()).split()) for cell in row if cell.strip()] for row in rows]
    cells = [cell for row in table for cell in row]
    if not cells or any(len(cell) > MAX_CHROME_LINE for cell in cells):
        return False
    return all(_pairs_labels_with_values(row, rules) for row in table) and any(
        (_is_label(cell, rules) or _FIELD_LABEL.match(cell)) and is_chrome(cell, rules) for cell in cells)


def _pairs_labels_with_values(cells: Sequence[str], rules: Sequence[ChromeRule]) -> bool:
    """Whether a row's non-empty cells are labels each followed by its value, labels with their values
    and chrome ("政府信息公开")."""
    awaiting_value = False
    for cell in cells:
        if _is_label(cell, rules):  # a label is never the value of the label before it: that one is empty
            awaiting_value = True
        elif awaiting_value:  # the value of the label before, whatever it says ("2025-04-23")
            awaiting_value = False
        elif not (_FIELD_LABEL.match(cell) or is_chrome(cell, rules)):
            return False
    return True


def _is_label(cell: str, rules: Sequence[ChromeRule]) -> bool:
    """A label alone in its cell: a short name and a colon, or a rule's label ("索引号")."""
    return bool(_FIELD_LABEL.fullmatch(cell)) or any(rule.wants_value(cell) for rule in rules)
