"""Catastrophic backtracking (issue 9): every extraction regex, and every public extraction function, on
adversarial lines of 10,000 characters without a full stop.

A regex with nested or overlapping quantifiers can take exponential time on a line that almost matches
(100 ms at 20 characters, x4 for every 2 more, measured on an earlier pattern); a regex searched over a line
can take quadratic time when every start position scans to the end of a long run. Both turn one odd line of
a scanned or copied plan into a hang. So:

- every compiled pattern of ``kg.nlp`` and ``kg.ingest`` (found by walking the modules, the objects their
  cached factories build, and ``re.*`` calls with a literal pattern in their source; a test checks that every
  other ``re`` call in a function is built by a walked factory or from ``re.escape``'d text) is run on lines
  made of repeated Chinese characters, 、, digits, brackets, 的, spaces and of the pattern's own literal
  characters, with and without a character at the end that makes the match fail;
- a pattern is run the way the code runs it: ``search`` and a full ``finditer`` (what search, finditer,
  findall, sub and split cost), or, for the patterns listed in :data:`ANCHORED` that the code only ever
  applies at one position, ``match`` and ``fullmatch`` (a test checks that the source uses them no other way);
- the public functions (parse_structure, detect_metadata, normalize, find_hazards, find_deadlines,
  find_targets, find_agencies, find_responsibilities) run on documents made of such lines.

This file holds the suite's only wall-clock-style bounds ("no timed unit tests" is the house rule; issue 9
asks for these). They measure the CPU time of this thread, not wall-clock time, so other processes on a
busy machine do not make them fail, and they are generous: a healthy pattern takes about 1 ms on a 10k line
(the slowest, the quantity pattern, about 11 ms), a fifth of :data:`PATTERN_BOUND_SECONDS`; a catastrophic
one takes seconds to hours. Two tests show the measure works: a nested quantifier is over the bound on 11
blanks, and on the adversarial lines it is stopped at a deadline and named.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import importlib
import inspect
import os
import pkgutil
import re
import select
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

pytestmark = pytest.mark.slow

#: CPU seconds one search/finditer/match of one pattern on one 10k-character line may take (issue 9: 50 ms)
PATTERN_BOUND_SECONDS = 0.050
#: CPU seconds a public extraction function may take on a document of adversarial 10k-character lines; a
#: healthy run takes about a tenth of it (measured: the slowest, find_agencies, ~0.3 s)
FUNCTION_BOUND_SECONDS = 5.0
#: wall-clock seconds all the cases of one pattern may take before it is stopped as hanging (healthy: < 2 s)
PATTERN_DEADLINE_SECONDS = 60
LINE_CHARS = 10_000
PACKAGES = ("kg.nlp", "kg.ingest")
SOURCE_ROOT = Path(__file__).resolve().parents[2] / "kg"

#: the units adversarial lines repeat: the cases issue 9 names, and pieces of plan text that patterns look for
BASE_UNITS = ("的", "、", "应", "一", "十", "年", "局", "1", "12.", "(", "\uff08", "《", "【", "“", " ", "\t",
              ",", "\uff0c", "应急", "1年", "第一", "(一)", "\uff08一\uff09", "1、", "一是", "9月", "年底前",
              "不少于1", "市应急管理局、", "有关部门", "负责", "牵头单位:", "发布日期\uff1a", "索引号", "-",
              "·")
#: appended to a line so that a pattern that nearly matches it fails at the very end, the worst case
FAILING_END = "※"
#: how many of a pattern's own literal characters (those under a repeat first) make lines of their own
OWN_UNITS = 24

#: patterns the code only ever applies at one position (``match``/``fullmatch``), so a search over a long
#: line is not how they run (most are slow when searched: a leading ``\s*`` scans a run of blanks from every
#: start). Keys are ids of :func:`collect_patterns` (an id or the prefix of a factory's ids); the tests
#: ``test_anchored_*`` check in kg's source that each is referred to only to be matched.
ANCHORED = {
    "kg.nlp.agencies.duties._LIST_GLUE": "fullmatch between two mentions",
    "kg.nlp.components.quantities._CLAUSE_YEAR": "match at the start of a clause",
    "kg.nlp.components.quantities._PLAIN_NUMBER": "fullmatch of a number found",
    "kg.nlp.components.quantities._MODIFYING": "match right after a count",
    "kg.nlp.components.quantities._WHEN": "match right after a count",
    "kg.nlp.components.quantities._GRADE_DEFINED": "match at the start of a line",
    "kg.nlp.components.deadlines._YEAR_OPENING": "match at the start of a sentence",
    "kg.ingest.metadata._ADDRESSEE_LINE": "match at the start of the body",
    "kg.ingest.metadata._NEXT_STEP_PLAN": "match at the start of a heading",
    "kg.nlp.agencies.notes._BETWEEN_NOTE_PARTS": "fullmatch between two notes",
    "kg.nlp.agencies.notes._OPENING_OF_A_ROLE": "match at the start of a note's part",
    "kg.nlp.agencies.notes.SEATED_IN": "match at the start of a note's part",
    "kg.nlp.agencies.duties._patterns()": "match right after an agency list (task verb, cooperation, role)",
    "kg.nlp.agencies.duties._NOTE_END": "match right after a note's closing bracket",
    "kg.nlp.agencies.duties._ITEM_NUMBER": "fullmatch of the text before a subject",
    "kg.nlp.agencies.duties._SUBJECT_COLON": "match right after a subject",
    "kg.nlp.agencies.duties._POSTS": "match at the start of a clause",
    "kg.nlp.agencies.duties._SUPPORT_FIRST": "match at the start of a numbered duty",
    "kg.nlp.agencies.notes.LIST_LABEL": "match at the start of a note",
    "kg.nlp.agencies.notes._TIME_FIELD": "match at the start of a note's part",
    "kg.nlp.agencies.notes._PERSON_FIELD": "match at the start of a note's part",
    "kg.nlp.agencies.notes._DUE_TIME_START": "match at the start of a note's part",
    "kg.nlp.agencies.notes._COVERS": "match at the start of a note",
    "kg.nlp.components.quantities._PERIOD_OPENING": "match at the start of a sentence",
    "kg.nlp.agencies.duties._PARTNERS_AFTER": "match right after an agency",
    "kg.nlp.components.quantities._STORED_AFTER": "match right after a count",
    "kg.nlp.agencies.grammar._ACTING_AFTER": "match right after a school's name",
    "kg.nlp.components.quantities._YEAR_OPENING": "match at the start of a sentence",
    "kg.nlp.components.quantities._FIRST_HALF_OPENING": "match at the start of a sentence",
    "kg.nlp.components.quantities._ESTIMATE_BASIS": "fullmatch of a clause",
    "kg.nlp.components.deadlines._BASELINE": "match right after a time, within its clause",
    "kg.nlp.components.quantities._BAND_TOP": "match right after a number's bound",
    "kg.nlp.components.quantities._COMING_END": "match right after 截至",
    "kg.nlp.components.quantities._PER_PERIOD_BOUND": "match right after a number's unit",
    "kg.nlp.agencies.grammar.COUNT_AFTER": "match right after a name",
    "kg.nlp.agencies.resolve._GOVERNMENTS_COMMAND": "match of an agency's core name",
    "kg.ingest.metadata._BODY_YEAR": "match at the start of the body",
    "kg.ingest.metadata._YEAR_AFTER_PLACE": "match right after a title's leading place",
    "kg.ingest.metadata._PLACE": "match at a position, one place name after another",
    "kg.ingest.metadata._ORG_NAME": "fullmatch of a labelled value",
    "kg.ingest.metadata._DOC_NUMBER": "fullmatch of a labelled value",
    "kg.ingest.structure._MARKER": "match at the start of a line",
    "kg.ingest.normalize._LINE_START_MARKER": "match at the start of a line",
    "kg.ingest.structure._NOTE_LINE_LABEL": "match at the start of a line",
    "kg.ingest.normalize._PAGE_NUMBER": "fullmatch of a line",
    "kg.ingest.readers.pdf._ITEM_START": "match at the start of a line",
    "kg.ingest.wrapped_cells._HEADING_LINE": "match at the start of a line",
    "kg.ingest.chrome.default_rules()": "fullmatch of a whole line of at most 200 characters",
    "kg.ingest.chrome._any_rule(default_rules())": "fullmatch of a whole line of at most 200 characters",
}

#: cached factories that take arguments, called with the arguments the code gives them: by a label (for the
#: id), a function of the factory's module that returns the arguments
FACTORY_CALLS: dict[str, dict[str, Callable[[Any], tuple[object, ...]]]] = {
    "kg.nlp.text._break_patterns": {"CLAUSE_BREAKS": lambda module: (module.CLAUSE_BREAKS,),
                                    "SENTENCE_BREAKS": lambda module: (module.SENTENCE_BREAKS,)},
    "kg.ingest.metadata._listed_places": {repr(word): lambda module, word=word: (word,)
                                          for word in "省市州区"},
    "kg.ingest.chrome._any_rule": {"default_rules()": lambda module: (module.default_rules(),)},
}
#: functions that compile a pattern from a non-literal, and the ids under which the walk tests what they build
#: (functions marked ``…`` are called only by the factory named)
BUILT_BY_FACTORY = {
    "kg.nlp.agencies.duties._patterns": "kg.nlp.agencies.duties._patterns()",
    "kg.nlp.agencies.lexicon._load_heads": "kg.nlp.agencies.lexicon.lexicon().heads",
    "kg.nlp.agencies.grammar._national_body_re": "kg.nlp.agencies.grammar._national_body_re()",
    "kg.nlp.agencies.lexicon.lexicon": "kg.nlp.agencies.lexicon.lexicon()",
    "kg.nlp.components.deadlines.grammar": "kg.nlp.components.deadlines.grammar()",
    "kg.nlp.components.deadlines._shape": "kg.nlp.components.deadlines.grammar()",
    "kg.nlp.components.deadlines.holiday_dates": "kg.nlp.components.deadlines.holiday_dates()",
    "kg.nlp.components.measures.HeadingRoles.__init__": "kg.nlp.components.measures.heading_roles()",
    "kg.nlp.components.quantities.QuantityFinder.__init__": "kg.nlp.components.quantities.default_finder()",
    "kg.ingest.chrome.parse_rules": "kg.ingest.chrome.default_rules()",
    "kg.nlp.text._break_patterns": "kg.nlp.text._break_patterns(",
    "kg.ingest.metadata._listed_places": "kg.ingest.metadata._listed_places(",
    "kg.ingest.chrome._any_rule": "kg.ingest.chrome._any_rule(",
}
#: functions that build a pattern from text passed through ``re.escape`` (a fixed string, a class of
#: characters or an alternation of fixed strings: linear whatever the text); a test checks the re.escape
ESCAPED = {
    "kg.nlp.components.quantities.QuantityFinder._cell_target": "match of an alternation of unit words",
    "kg.ingest.metadata._inferred_candidates": "finditer of one fixed suffix",
    "kg.nlp.text._paired_regions": "finditer of a class of bracket characters",
}
#: the functions of ``re`` that take a pattern first
RE_FUNCTIONS = ("compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")
#: where each function of ``re`` takes ``flags`` as a positional argument
_FLAGS_POSITION = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "finditer": 2, "findall": 2,
                   "sub": 4, "subn": 4, "split": 3}


# --- finding the patterns --------------------------------------------------------------------------


def _modules() -> list[object]:
    modules = []
    for name in PACKAGES:
        package = importlib.import_module(name)
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            modules.append(importlib.import_module(info.name))
    return modules


def _is_kg_object(value: object) -> bool:
    if isinstance(value, type):
        return value.__module__.startswith(PACKAGES)
    return type(value).__module__.startswith(PACKAGES) and hasattr(value, "__dict__")


def _key_label(key: object, index: int) -> str:
    """A label for a dict key that is the same in every process (a frozenset's repr follows the hash seed,
    and pytest-xdist wants the same test ids in every worker)."""
    if isinstance(key, (str, int)):
        return repr(key)
    if isinstance(key, (set, frozenset)) and all(isinstance(item, str) for item in key):
        return "{" + repr("".join(sorted(key))) + "}"
    return f"#{index}"


def _children(value: object, where: str) -> list[tuple[str, object]]:
    if isinstance(value, dict):
        return [(f"{where}[{_key_label(key, index)}]", item)
                for index, (key, item) in enumerate(value.items())]
    if isinstance(value, (list, tuple)):
        return [(f"{where}[{index}]", item) for index, item in enumerate(value)]
    if isinstance(value, (set, frozenset)):
        return [(f"{where}[#{index}]", item) for index, item in enumerate(sorted(value, key=repr))]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [(f"{where}.{field.name}", getattr(value, field.name)) for field in dataclasses.fields(value)]
    if _is_kg_object(value):
        return [(f"{where}.{name}", item) for name, item in vars(value).items()]
    return []


def _walk(value: object, where: str, found: list[tuple[str, re.Pattern[str]]], seen: set[int],
          depth: int = 0) -> None:
    """Every str pattern reachable from ``value`` through containers, dataclasses and kg objects."""
    if isinstance(value, re.Pattern):  # each place it is found: one may search it, another only match it
        if isinstance(value.pattern, str):
            found.append((where, value))
        return
    if depth > 6 or id(value) in seen or isinstance(value, (str, bytes, int, float, bool, type(None))):
        return
    seen.add(id(value))
    for child_where, child in _children(value, where):
        _walk(child, child_where, found, seen, depth + 1)


def _re_calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str]]:
    """Every ``re.FUNCTION(pattern, …)`` call in ``tree`` with the qualified name of the function (or class
    method) it is in, "" at module level."""

    def visit(node: ast.AST, scope: str) -> Iterator[tuple[ast.Call, str]]:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = f"{scope}.{child.name}" if scope else child.name
            if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and isinstance(child.func.value, ast.Name) and child.func.value.id == "re"
                    and child.func.attr in RE_FUNCTIONS and child.args):
                yield child, scope
            yield from visit(child, inner)

    yield from visit(tree, "")


def _literal_flags(call: ast.Call) -> int:
    """The flags of a call, evaluated from its ``re.X | re.Y`` expression."""
    position = _FLAGS_POSITION[call.func.attr]  # type: ignore[attr-defined]
    given = [keyword.value for keyword in call.keywords if keyword.arg == "flags"]
    given += call.args[position:position + 1]
    if not given:
        return 0
    return int(eval(compile(ast.Expression(given[0]), "<flags>", "eval"), {"re": re}))


def _literal_patterns(module: object) -> Iterator[tuple[str, re.Pattern[str]]]:
    """Patterns written as a literal in an ``re.search("…", text)``-style call inside a function."""
    path = getattr(module, "__file__", None)
    if not path:
        return
    for call, scope in _re_calls(ast.parse(Path(path).read_text(encoding="utf-8"))):
        pattern = call.args[0]
        if scope and isinstance(pattern, ast.Constant) and isinstance(pattern.value, str):
            where = f"{module.__name__}:{call.lineno} re.{call.func.attr}"  # type: ignore[attr-defined]
            yield where, re.compile(pattern.value, _literal_flags(call))


def _factory_patterns(module: object, found: list[tuple[str, re.Pattern[str]]], seen: set[int]) -> None:
    for name, value in vars(module).items():
        if not (isinstance(value, functools._lru_cache_wrapper) and value.__module__ == module.__name__):
            continue
        parameters = inspect.signature(value).parameters.values()
        if all(parameter.default is not parameter.empty for parameter in parameters):
            _walk(value(), f"{module.__name__}.{name}()", found, seen)
        for label, arguments in FACTORY_CALLS.get(f"{module.__name__}.{name}", {}).items():
            _walk(value(*arguments(module)), f"{module.__name__}.{name}({label})", found, seen)


@functools.cache
def collect_patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern of kg.nlp and kg.ingest by a readable id: ``module.NAME``, ``module.factory()…`` for
    what a cached factory builds, ``module:LINE re.FUNCTION`` for a literal in a call. A pattern that turns
    up twice is measured once, unless one place only matches it and the other searches it."""
    candidates: list[tuple[str, re.Pattern[str]]] = []
    seen: set[int] = set()
    for module in _modules():
        _factory_patterns(module, candidates, seen)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) or getattr(value, "__module__", None) == module.__name__:
                _walk(value, f"{module.__name__}.{name}", candidates, seen)
    for module in _modules():
        candidates.extend(_literal_patterns(module))
    found: dict[str, re.Pattern[str]] = {}
    measured: set[tuple[str, int, bool]] = set()
    for where, pattern in candidates:
        key = (pattern.pattern, pattern.flags, _anchored(where))
        if key not in measured:
            measured.add(key)
            assert where not in found, f"two patterns with the id {where}"
            found[where] = pattern
    return found


def _anchored(pattern_id: str) -> bool:
    literal_call = pattern_id.endswith((" re.match", " re.fullmatch"))
    return literal_call or any(pattern_id == key or pattern_id.startswith((f"{key}[", f"{key}."))
                               for key in ANCHORED)


# --- adversarial lines -----------------------------------------------------------------------------


def _literals(pattern: re.Pattern[str]) -> list[str]:
    """The characters a pattern spells out, those under a repeat first (where backtracking happens)."""
    repeated: list[str] = []
    plain: list[str] = []

    def add(code: int, under_repeat: bool) -> None:
        char = chr(code)
        if char.isprintable() and char not in repeated + plain:
            (repeated if under_repeat else plain).append(char)

    def visit(items: object, under_repeat: bool) -> None:
        for op, argument in items:
            if op is sre_constants.LITERAL:
                add(argument, under_repeat)
            elif op is sre_constants.IN:
                for kind, value in argument:
                    if kind is sre_constants.LITERAL:
                        add(value, under_repeat)
                    elif kind is sre_constants.RANGE:
                        add(value[0], under_repeat)
                        add(value[1], under_repeat)
            elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                visit(argument[2], True)
            elif op is sre_constants.SUBPATTERN:
                visit(argument[-1], under_repeat)
            elif op is sre_constants.BRANCH:
                for branch in argument[1]:
                    visit(branch, under_repeat)
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                visit(argument[1], under_repeat)

    visit(sre_parse.parse(pattern.pattern, pattern.flags), False)
    return (repeated + plain)[:OWN_UNITS]


def adversarial_lines(pattern: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    """``(label, line)``: each unit repeated to 10k characters, alone and with a failing last character."""
    own = _literals(pattern)
    units = [*BASE_UNITS, *own, "".join(own)]
    for unit in dict.fromkeys(unit for unit in units if unit.strip("\n")):
        line = (unit * (LINE_CHARS // len(unit) + 1))[:LINE_CHARS]
        yield f"{unit!r}*", line
        yield f"{unit!r}*+end", line[:-1] + FAILING_END


def _cpu_seconds(run: Callable[[], object]) -> float:
    """The CPU time of ``run`` in this thread: the least of up to three runs when the first is over the
    bound (a garbage collection or a preempted core can slow one run down; backtracking slows all)."""
    best = float("inf")
    for _ in range(3):
        started = time.thread_time()
        run()
        best = min(best, time.thread_time() - started)
        if best < PATTERN_BOUND_SECONDS:
            break
    return best


def _find_all(pattern: re.Pattern[str], line: str) -> int:
    """What finditer, findall, sub and split cost: every match, one after the other."""
    return sum(1 for _ in pattern.finditer(line)) if pattern.search(line) else 0


def _slowest(pattern_id: str, pattern: re.Pattern[str], report: Callable[[str], None]) -> tuple[float, str]:
    """The slowest case of ``pattern`` on the adversarial lines, in CPU seconds, and what it was."""
    if _anchored(pattern_id):
        operations = {"match": pattern.match, "fullmatch": pattern.fullmatch}
    else:  # a finditer that finds nothing is the search, which is measured already
        operations = {"search": pattern.search, "finditer": functools.partial(_find_all, pattern)}
    worst = (0.0, "")
    for label, line in adversarial_lines(pattern):
        for name, operation in operations.items():
            report(f"{name} on {label}")
            seconds = _cpu_seconds(lambda operation=operation, line=line: operation(line))
            worst = max(worst, (seconds, f"{name} on {label}"))
    return worst


def _in_child(work: Callable[[Callable[[str], None]], tuple[float, str]],
              deadline: float) -> tuple[float, str]:
    """Run ``work`` in a forked child, so that a pattern that backtracks for hours fails the test after
    ``deadline`` seconds instead of hanging the suite; ``work`` reports each case it starts."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, send the result, and leave without running any cleanup of pytest's
        os.close(read)
        status = 1
        try:
            seconds, case = work(lambda case: os.write(write, f"case {case}\n".encode()))
            os.write(write, f"done {seconds!r} {case}\n".encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    received = b""
    ends = time.monotonic() + deadline
    try:
        while not received.endswith(b"\n") or not received.rsplit(b"\n", 2)[-2].startswith(b"done "):
            ready, _, _ = select.select([read], [], [], max(0.0, ends - time.monotonic()))
            chunk = os.read(read, 65536) if ready else b""
            if not chunk:
                break
            received += chunk
    finally:
        os.close(read)
        if not received.endswith(b"\n") or not received.rsplit(b"\n", 2)[-2].startswith(b"done "):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    last = received.decode().rstrip("\n").rsplit("\n", 1)[-1]
    if last.startswith("done "):
        seconds, case = last[len("done "):].split(" ", 1)
        return float(seconds), case
    return float("inf"), f"{last.removeprefix('case ')} (still running after {deadline:g} s)"


# --- the tests -------------------------------------------------------------------------------------

#: nested quantifiers that can split a run of blanks in exponentially many ways (the kind issue 9 measured)
CATASTROPHIC = re.compile(r"(?:\s*[大中小]?\s*)+打印")


def test_the_walk_finds_the_patterns_of_every_stage():
    ids = collect_patterns()
    assert len(ids) > 200
    for expected in ("kg.ingest.structure._MARKER", "kg.ingest.metadata._DATE",
                     "kg.ingest.chrome.default_rules()", "kg.nlp.components.deadlines.grammar()",
                     "kg.nlp.components.quantities.default_finder()", "kg.nlp.agencies.grammar.COUNT_BEFORE",
                     "kg.nlp.tables._SERIAL", "kg.nlp.text._break_patterns(",
                     "kg.ingest.metadata._listed_places(",
                     "kg.ingest.structure: re.findall", "kg.nlp.agencies.duties: re.match"):
        module, _, call = expected.partition(" ")  # a literal re.* call, at whatever line it stands
        assert any(key.startswith(module) and key.endswith(call) for key in ids), expected


def test_adversarial_lines_are_long_have_no_full_stop_and_use_the_patterns_characters():
    pattern = re.compile(r"(?:[甲乙]+丙)+丁")
    lines = dict(adversarial_lines(pattern))
    assert all(len(line) == LINE_CHARS and "。" not in line for line in lines.values())
    assert lines["'甲'*"] == "甲" * LINE_CHARS
    assert lines["'甲乙丙丁'*+end"].endswith("丁甲乙丙" + FAILING_END)


def test_a_catastrophic_pattern_is_over_the_bound_on_a_short_line():
    """The measure works: nested quantifiers take more than the bound on 11 blanks already (x3 per blank)."""
    assert _cpu_seconds(lambda: CATASTROPHIC.search(" " * 11 + FAILING_END)) > PATTERN_BOUND_SECONDS


def test_a_hanging_pattern_is_stopped_and_fails():
    """The whole path works: on the adversarial lines the catastrophic pattern runs for ages; the child
    running it is stopped at the deadline and the line it was stuck on is named."""
    seconds, case = _in_child(functools.partial(_slowest, "catastrophic", CATASTROPHIC), deadline=3)
    assert seconds == float("inf")
    assert case.startswith("search on ' '*") and "still running after 3 s" in case


@pytest.mark.parametrize("pattern_id", sorted(collect_patterns()))
def test_pattern_is_fast_on_adversarial_lines(pattern_id):
    pattern = collect_patterns()[pattern_id]
    seconds, case = _in_child(functools.partial(_slowest, pattern_id, pattern), PATTERN_DEADLINE_SECONDS)
    assert seconds < PATTERN_BOUND_SECONDS, (
        f"{pattern_id} took {seconds * 1000:.0f} ms (CPU) for {case} of {LINE_CHARS} characters: "
        f"{pattern.pattern!r}")


# --- what is measured is how the code runs it --------------------------------------------------------


@functools.cache
def _sources() -> tuple[tuple[Path, ast.Module], ...]:
    paths = sorted(SOURCE_ROOT.rglob("*.py"))
    return tuple((path, ast.parse(path.read_text(encoding="utf-8"))) for path in paths)


def _only_tested(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether a reference to a pattern only asks if it is there: ``p and p.fullmatch(…)``, ``p is None``."""
    parent = parents[node]
    if isinstance(parent, ast.BoolOp):
        return isinstance(parent.op, ast.And) and parent.values[-1] is not node
    return isinstance(parent, ast.Compare) and all(
        isinstance(operand, ast.Constant) and operand.value is None for operand in parent.comparators)


@functools.cache
def _parents(tree: ast.Module) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _unanchored_uses(tree: ast.Module, is_reference: Callable[[ast.AST], bool]) -> list[str]:
    """The references in ``tree`` that do something other than ``.match(…)``/``.fullmatch(…)`` the pattern,
    take its ``.pattern`` text (to build another pattern, which is measured on its own) or test it."""
    parents = _parents(tree)
    uses: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not is_reference(node) or isinstance(getattr(node, "ctx", None), ast.Store):
            continue
        parent = parents[node]
        called = isinstance(parents.get(parent), ast.Call) and parents[parent].func is parent
        if isinstance(parent, ast.Attribute) and ((parent.attr in {"match", "fullmatch"} and called)
                                                  or parent.attr == "pattern"):
            continue
        if not _only_tested(node, parents):
            uses.append((node.lineno, f"line {node.lineno}: {ast.unparse(parent)[:100]}"))
    return [use for _, use in sorted(uses)]


def test_every_anchored_id_is_a_pattern_that_is_collected():
    ids = collect_patterns()
    for key in ANCHORED:
        assert any(_anchored(pattern_id) for pattern_id in ids if pattern_id.startswith(key)), key


@pytest.mark.parametrize("pattern_id", sorted(key for key in ANCHORED if re.fullmatch(r"[\w.]+", key)))
def test_anchored_global_is_only_matched_in_the_source(pattern_id):
    name = pattern_id.rsplit(".", 1)[1]

    def is_reference(node: ast.AST) -> bool:
        return (isinstance(node, ast.Name) and node.id == name) or (
            isinstance(node, ast.Attribute) and node.attr == name)

    uses, references = [], 0
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.alias) and node.name == name and node.asname not in (None, name):
                uses.append(f"{path.name}: imported as {node.asname}")
            references += is_reference(node)
        uses += [f"{path.name} {use}" for use in _unanchored_uses(tree, is_reference)]
    assert references > 1, f"{name} is not used: remove it from ANCHORED"
    assert not uses, f"{name} is used other than by match/fullmatch, test it with search: {uses}"


def test_anchored_chrome_rules_are_only_fullmatched_in_the_source():
    """A chrome rule's patterns are only matched, by the methods of ChromeRule, which never leaves
    chrome.py: every other module asks chrome.py whether a line is chrome."""
    chrome = SOURCE_ROOT / "ingest" / "chrome.py"
    tree = ast.parse(chrome.read_text(encoding="utf-8"))

    def is_rule_pattern(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and node.attr in {"pattern", "value", "inline"}

    assert not _unanchored_uses(tree, is_rule_pattern)
    for path, other in _sources():
        names = {node.id for node in ast.walk(other) if isinstance(node, ast.Name)}
        names |= {node.name for node in ast.walk(other) if isinstance(node, ast.alias)}
        assert path == chrome or not names & {"ChromeRule", "default_rules", "parse_rules"}, path


def test_the_anchored_check_sees_a_search():
    """The check fails when it should: a pattern searched, or handed on to code that may search it."""
    tree = ast.parse("ok = P.match(t) or P.fullmatch(t, 1, 2)\nbad = P.search(t)\nf(P)\ncopy = P or Q\n")
    uses = _unanchored_uses(tree, lambda node: isinstance(node, ast.Name) and node.id == "P")
    assert [use.split(":")[0] for use in uses] == ["line 2", "line 3", "line 4"]


def test_every_regex_call_in_a_function_is_measured():
    """A pattern compiled inside a function is measured too: a literal one as ``module:LINE re.FUNCTION``,
    one built by a cached factory through the factory's ids, one built from ``re.escape``'d text (a fixed
    string or a class of characters, linear whatever the text) is named in :data:`ESCAPED`."""
    ids = collect_patterns()
    unmeasured = []
    for module in _modules():
        path = getattr(module, "__file__", "")
        for call, scope in _re_calls(ast.parse(Path(path).read_text(encoding="utf-8"))):
            pattern, where = call.args[0], f"{module.__name__}.{scope}"
            if not scope or (isinstance(pattern, ast.Constant) and isinstance(pattern.value, str)):
                continue  # module globals are walked, literals compiled from the source
            if where in BUILT_BY_FACTORY:
                assert any(key.startswith(BUILT_BY_FACTORY[where]) for key in ids), where
            elif where in ESCAPED:
                escapes = [node for node in ast.walk(pattern)
                           if isinstance(node, ast.Attribute) and node.attr == "escape"]
                assert escapes, f"{where}:{call.lineno} builds a pattern without re.escape"
            else:
                unmeasured.append(f"{where}:{call.lineno} {ast.unparse(pattern)[:80]}")
    assert not unmeasured, f"patterns built in a function and never measured: {unmeasured}"


def test_a_literal_call_is_compiled_with_its_flags():
    call = ast.parse('re.search("a b", text, re.X | re.I)').body[0].value
    assert _literal_flags(call) == re.X | re.I
    call = ast.parse('re.sub("a", "", text, flags=re.M)').body[0].value
    assert _literal_flags(call) == re.M


# --- public functions on adversarial documents -----------------------------------------------------------


def _document_lines() -> list[str]:
    """Lines of 10k characters: the units of :data:`BASE_UNITS` that matter most, and brackets that never
    close or close the wrong kind (the sentence splitter keeps a stack of them)."""
    units = ("的", "、", "应急", "1", "12.", "(", "\uff08", "《", " ", "一", "年", "市应急管理局、",
             "不少于1", "9月底前", "牵头单位:", "第一", "“", "。", "《)", "(“", "】")
    return [(unit * (LINE_CHARS // len(unit) + 1))[:LINE_CHARS] for unit in units]


def _function_cases() -> dict[str, Callable[[str], object]]:
    from kg.ingest.metadata import detect_metadata
    from kg.ingest.normalize import normalize
    from kg.ingest.structure import parse_structure
    from kg.model import DocumentMeta, RawText
    from kg.nlp.agencies import find_agencies
    from kg.nlp.agencies.duties import find_responsibilities
    from kg.nlp.components.deadlines import find_deadlines
    from kg.nlp.components.hazards import find_hazards
    from kg.nlp.components.quantities import find_targets

    meta = DocumentMeta(jurisdiction="某某市", level="city", year=2023)

    def metadata(text: str) -> object:
        return detect_metadata(RawText("adversarial.txt", "txt", text), text, parse_structure(text), None)

    def responsibilities(text: str) -> object:
        return find_responsibilities(text, find_agencies(text, meta), parse_structure(text))

    return {"normalize": normalize, "parse_structure": parse_structure, "detect_metadata": metadata,
            "find_hazards": find_hazards, "find_deadlines": lambda text: find_deadlines(text, 2023),
            "find_targets": find_targets, "find_agencies": lambda text: find_agencies(text, meta),
            "find_responsibilities": responsibilities}


@pytest.mark.parametrize("function", sorted(_function_cases()))
@pytest.mark.parametrize("line", range(len(_document_lines())))
def test_public_function_is_fast_on_an_adversarial_document(function, line):
    head, tail = "关于印发某某市2023年应急管理工作要点的通知\n一、总体要求\n", "\n二、主要任务\n"
    text = head + _document_lines()[line] + tail
    run = _function_cases()[function]
    started = time.thread_time()
    run(text)
    seconds = time.thread_time() - started
    assert seconds < FUNCTION_BOUND_SECONDS, f"{function} took {seconds:.1f} s (CPU) on line {line}"
