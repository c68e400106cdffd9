"""Hazard mentions: every surface form of the hazard lexicon found in the text, mapped to scheme keys.

The lexicon (``patterns/hazard_lexicon.tsv``) is matched leftmost-longest over the characters with an
Aho-Corasick automaton, so a longer form wins over the cues it contains ("森林火灾" is forest fire,
not fire) and *blockers* swallow look-alikes ("重大风险" holds 大风 but is no wind). Each form may
also forbid a character before it or a string after it ("强化工作" is not 化工).

    >>> [(m.key, m.span.text) for m in find_hazards("做好防汛防台工作,防范化解重大风险")]
    [('flood', '防汛'), ('typhoon', '防台')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

import kg.nlp.extensions  # noqa: F401  (registers Doc._ extensions)
from kg.model import Agency, HazardMention
from kg.nlp.text import (
    Regions,
    clause_bounds,
    display_spans,
    doc_text,
    make_span,
    read_pattern_text,
    text_since_break,
)

LEXICON = "hazard_lexicon.tsv"
BLOCKER = "-"

#: "涝" on its own (防涝, 排涝) is urban waterlogging only with a town word shortly before it in the
#: same clause ("城市防洪防涝"); "排涝" alone is drainage in general.
URBAN_CONTEXT = re.compile(r"(城市|城区|城镇|(?<!县)市区|市政|道路|街道|小区|地下空间|下穿)")  # not 县市区
URBAN_WINDOW = 8
#: Forms whose hazard depends on the sector around them: "煤气" is town gas, but beside a metallurgy
#: mention in the same clause ("高温熔融金属吊运、煤气区域作业") it is a steel works' blast-furnace gas.
#: Bare "防灭火" is forest fire, but beside a mining mention ("煤矿要落实防灭火措施") it is a mine fire.
SECTOR_FORMS = {"煤气": "metallurgy", "防灭火": "mining"}
#: A cue that is the whole content of a quotation is looked at through the marks: the guard against the
#: character before it sees the one before the opening mark ("工作“滑坡”" is 工作滑坡), and a quoted cue
#: that qualifies what follows with 式 ("“地震”式检查") is a figure of speech.
OPENING_QUOTES = frozenset("“‘「『\"'")
CLOSING_QUOTES = frozenset("”’」』\"'")
FIGURE_MARK = "式"


@dataclass(frozen=True)
class LexiconEntry:
    surface: str
    keys: tuple[str, ...]  # empty for a blocker
    not_after: frozenset[str] = frozenset()
    not_before: tuple[str, ...] = ()


def parse_lexicon(text: str) -> list[LexiconEntry]:
    """Entries of a lexicon in the ``hazard_lexicon.tsv`` format (comments and blank lines skipped)."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not 2 <= len(cells) <= 4 or not cells[0] or not cells[1]:
            raise ValueError(f"{LEXICON} line {number}: expected "
                             f"'surface<TAB>keys[<TAB>not_after[<TAB>not_before]]', got {line!r}")
        keys = () if cells[1] == BLOCKER else tuple(k.strip() for k in cells[1].split(",") if k.strip())
        not_after = frozenset(cells[2]) if len(cells) > 2 else frozenset()
        not_before = tuple(s for s in cells[3].split("|") if s) if len(cells) > 3 else ()
        entries.append(LexiconEntry(cells[0], keys, not_after, not_before))
    return entries


class HazardMatcher:
    """Leftmost-longest lexicon matching with per-entry guards."""

    def __init__(self, entries: list[LexiconEntry]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for entry in entries:
            self.automaton.add_word(entry.surface, entry)
        self.automaton.make_automaton()

    def find(self, text: str) -> list[HazardMention]:
        mentions: list[HazardMention] = []
        consumed_until = 0
        for start, entry in self._candidates(text):
            if start < consumed_until:
                continue
            end = start + len(entry.surface)
            consumed_until = end
            for key in entry.keys:
                mentions.append(HazardMention(key=key, span=make_span(text, start, end)))
        mentions.extend(self._urban_waterlogging(text, mentions))
        mentions = self._in_sector(text, mentions)
        mentions.sort(key=lambda m: (m.span.start, m.span.end, m.key))
        return mentions

    def _candidates(self, text: str) -> list[tuple[int, LexiconEntry]]:
        """Admissible hits, leftmost first and, at one start, longest first."""
        hits = []
        for end_index, entry in self.automaton.iter(text):
            start = end_index - len(entry.surface) + 1
            quoted = (start > 0 and text[start - 1] in OPENING_QUOTES
                      and text[end_index + 1:end_index + 2] in CLOSING_QUOTES)
            if quoted and entry.keys and text.startswith(FIGURE_MARK, end_index + 2):
                continue
            # the mark itself may be a guard (烟花 not after “: a storm's name), else look through it
            if start > 0 and text[start - 1] in entry.not_after:
                continue
            if quoted and start > 1 and text[start - 2] in entry.not_after:
                continue
            if entry.not_before and text.startswith(entry.not_before, end_index + 1):
                continue
            hits.append((start, entry))
        hits.sort(key=lambda hit: (hit[0], -len(hit[1].surface)))
        return hits

    @staticmethod
    def _in_sector(text: str, found: list[HazardMention]) -> list[HazardMention]:
        """Re-key the forms of ``SECTOR_FORMS`` that stand in a clause about that sector."""
        if not any(m.span.text in SECTOR_FORMS for m in found):
            return found
        result = []
        for mention in found:
            sector = SECTOR_FORMS.get(mention.span.text)
            if sector is not None:
                start, end = clause_bounds(text, mention.span.start, mention.span.end)
                if any(m.key == sector and start <= m.span.start < end for m in found):
                    mention = HazardMention(sector, mention.span)
            result.append(mention)
        return result

    @staticmethod
    def _urban_waterlogging(text: str, found: list[HazardMention]) -> list[HazardMention]:
        taken = {(m.span.start, m.span.end) for m in found if m.key == "urban_waterlogging"}
        extra = []
        for match in re.finditer("涝", text):
            start = match.start()
            if any(s <= start < e for s, e in taken):
                continue
            window = text_since_break(text, start, URBAN_WINDOW)
            if URBAN_CONTEXT.search(text, start - len(window), start):  # the text before: not 县|市区
                extra.append(HazardMention("urban_waterlogging", make_span(text, start, start + 1)))
        return extra


@functools.cache
def default_matcher() -> HazardMatcher:
    return HazardMatcher(parse_lexicon(read_pattern_text(LEXICON)))


def find_hazards(text: str, agencies: dict[str, Agency] | None = None) -> list[HazardMention]:
    """Every hazard mention in ``text``, in order (one per key when a form names two hazards); with the
    text's ``agencies``, none from the names of bodies named by their remit (see :func:`outside_names`)."""
    return outside_names(default_matcher().find(text), agencies or {})


REMIT_NAMED = frozenset(("coordinating_body", "internal_division", "earthquake"))  # bodies named by remit


def outside_names(mentions: list[HazardMention], agencies: dict[str, Agency]) -> list[HazardMention]:
    """The mentions that are not words of the name of a headquarters, a committee or a division: a
    防汛抗旱指挥部 or a 火灾防治管理处 given a task says who acts, by the remit it was named for, not that the
    plan deals with drought or fire. A team's name still counts (组建矿山救援队: ready for mine accidents)."""
    names = Regions((m.start, m.end) for agency in agencies.values() if agency.function in REMIT_NAMED
                    for m in agency.mentions)
    return [mention for mention in mentions if not names.covers(mention.span.start, mention.span.end)]


@Language.factory("emkg_hazards", requires=["doc._.agencies"], assigns=["doc.spans", "doc._.hazard_mentions"])
def make_hazards(nlp: Language, name: str) -> HazardComponent:
    return HazardComponent()


class HazardComponent:
    def __init__(self) -> None:
        self.matcher = default_matcher()

    def __call__(self, doc: Doc) -> Doc:
        mentions = outside_names(self.matcher.find(doc_text(doc)), doc._.agencies or {})
        doc._.hazard_mentions = mentions
        doc.spans["hazard"] = display_spans(doc, ((m.span.start, m.span.end, m.key) for m in mentions))
        return doc
