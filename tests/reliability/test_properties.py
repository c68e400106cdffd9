"""Property-based tests (issue 9): the structure parser, the time-expression parser and the agency-name
canonicaliser never crash on text built from the pieces plans are made of, and what they return stays inside
the text and makes sense. The normaliser's offset-map properties live with its other tests, in
tests/ingest/test_normalize.py.

Each strategy joins fragments drawn from a small vocabulary (numbering markers, time words, numerals, agency
names, punctuation, line breaks) with arbitrary text, so that generated inputs come near the grammar's edges
far more often than random characters would.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.ingest.normalize import normalize
from kg.ingest.structure import parse_structure
from kg.model import DocumentMeta, Node
from kg.nlp.agencies import find_agencies
from kg.nlp.components.deadlines import find_deadlines

PROPERTIES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCTUATION = ("。", "；", ";", "，", ",", "、", "：", ":", "！", "？", "\n", "\n\n", " ", "\t", "　")
BRACKETS = ("（", "）", "(", ")", "《", "》", "“", "”", "【", "】", "[", "]", "〔", "〕")


def _texts(vocabulary: tuple[str, ...], max_size: int = 40) -> st.SearchStrategy[str]:
    """Text joined from vocabulary words, punctuation, brackets, Chinese characters and any characters."""
    piece = st.one_of(st.sampled_from(vocabulary), st.sampled_from(vocabulary), st.sampled_from(PUNCTUATION),
                      st.sampled_from(BRACKETS), st.text(CJK, min_size=1, max_size=4),
                      st.integers(0, 2100).map(str), st.text(max_size=3))
    return st.lists(piece, max_size=max_size).map("".join)


# --- the structure parser ------------------------------------------------------------------------------

MARKERS = ("一、", "二、", "十一、", "（一）", "(二)", "（十二）", "1.", "2、", "12.", "1.1", "1.2.3",
           "（1）", "(3)", "①", "第一章", "第二节", "第十条", "第一部分", "一是", "二是", "附件", "附件1",
           "一.", "Ⅱ、")
STRUCTURE_WORDS = (*MARKERS, "总体要求", "主要任务", "加强应急管理", "牵头单位：", "责任单位:",
                   "市应急管理局", "完成", "工作", "序号", "指标", "2023年", "关于印发", "的通知", "- 1 -",
                   "第 2 页", "抄送:")


STRUCTURE_TEXTS = st.lists(_texts(STRUCTURE_WORDS, 12), max_size=12).map("\n".join)


def _check_tree(node: Node, text: str, parent: Node | None) -> None:
    assert 0 <= node.span.start <= node.span.end <= len(text)
    assert node.span.text == text[node.span.start:node.span.end]
    if parent is not None:
        assert parent.span.contains(node.span), (parent.kind, parent.span, node.kind, node.span)
    ends = 0
    for child in node.children:
        assert child.span.start >= ends, f"{child.kind} {child.span} overlaps the child before it"
        ends = child.span.end
        _check_tree(child, text, node)


@PROPERTIES
@given(STRUCTURE_TEXTS)
@example("一、\n（一）\n1.\n")
@example("（1）。。\n一、一、。\n1.")  # a paragraph between two items: the later one may not enclose it
@example("第一章 总则\n第一条 为了加强应急管理。\n（一）牵头单位：市应急管理局")
def test_structure_spans_nest_inside_the_text_and_their_parents(text):
    root = parse_structure(text)
    _check_tree(root, text, None)


@PROPERTIES
@given(STRUCTURE_TEXTS)
def test_sentences_are_in_order_without_overlap_and_not_blank(text):
    sentences = parse_structure(text).find("sentence")
    for before, after in itertools.pairwise(sentences):
        assert before.span.end <= after.span.start
    for sentence in sentences:
        assert sentence.span.text.strip(), sentence.span
        assert not sentence.children


@PROPERTIES
@given(STRUCTURE_TEXTS)
def test_sentences_cover_every_word_of_a_paragraph(text):
    """What a paragraph holds outside its sentences (and the items it may end with) is blank or
    punctuation: no word falls between them."""
    for paragraph in parse_structure(text).find("paragraph"):
        if not paragraph.children:
            continue
        covered = [False] * (paragraph.span.end - paragraph.span.start)
        for child in paragraph.children:
            for offset in range(child.span.start, child.span.end):
                covered[offset - paragraph.span.start] = True
        left = [char for char, inside in zip(paragraph.span.text, covered, strict=True) if not inside]
        assert not any(char.isalnum() for char in left), (paragraph.span.text, "".join(left))


# --- the time-expression parser ------------------------------------------------------------------------

NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "两", "〇",
            "零")
TIME_WORDS = ("年", "月", "日", "号", "底", "底前", "末", "前", "之前", "以前", "上半年", "下半年", "年中",
              "季度", "第一季度", "前三季度", "上旬", "中旬", "下旬", "月份", "年底", "年底前", "年内",
              "年度内",
              "全年", "今年", "本年", "当年", "明年", "次年", "到", "至", "于", "在", "、", "—", "-", "~",
              "每年", "截至", "已", "完成", "开展", "建成", "力争", "汛期前", "春节前", "十四五", "“十五五”",
              "期间", "末期", "规划", "党的二十大召开前", *NUMERALS,
              "1", "2", "3", "4", "6", "9", "10", "12", "13", "0", "00", "29", "30", "31", "32", "99",
              "1900", "2000", "2019", "2023", "2024", "2099", "2100")
TIME_TEXTS = _texts(TIME_WORDS)
PLAN_YEARS = st.one_of(st.none(), st.integers(1990, 2060))

#: the widest range a due date can fall in: the grammar reads years 1900-2099 ("1900年前": the day before)
EARLIEST, LATEST = dt.date(1899, 12, 31), dt.date(2100, 12, 31)


@PROPERTIES
@given(TIME_TEXTS, PLAN_YEARS)
@example("2月30日前", 2023)
@example("2024年2月29日前,2023年2月29日前", 2023)
@example("十二月底前、十三月底前、0月底前", 2023)
@example("1900年前完成", None)
@example("第四季度、第0季度", 2023)
def test_deadlines_are_valid_dates_with_spans_inside_the_text(text, year):
    for deadline in find_deadlines(text, year):
        span = deadline.span
        assert 0 <= span.start < span.end <= len(text)
        assert span.text == text[span.start:span.end] == deadline.text
        if deadline.due is not None:
            assert isinstance(deadline.due, dt.date)
            assert EARLIEST <= deadline.due <= LATEST, (deadline, text)
            if year is not None:  # a time before the plan's year is a past reference, never a deadline
                assert deadline.due >= dt.date(year - 1, 12, 31), (deadline, text)


@PROPERTIES
@given(TIME_TEXTS, PLAN_YEARS)
def test_deadlines_come_in_order_without_overlap(text, year):
    deadlines = find_deadlines(text, year)
    for before, after in itertools.pairwise(deadlines):
        assert before.span.end <= after.span.start


@PROPERTIES
@given(st.sampled_from(("%d月底前", "%d月前", "%d月", "%d月份", "%d月上旬", "%d月下旬")), st.integers(1, 12),
       st.integers(2000, 2050))
def test_a_month_deadline_falls_in_the_plans_year_or_the_one_before(shape, month, year):
    for deadline in find_deadlines(f"于{shape % month}完成", year):
        assert deadline.due is None or deadline.due.year in (year - 1, year)


# --- the agency-name canonicaliser ----------------------------------------------------------------------

PLACES = ("广州市", "某某市", "青山区", "清河县", "长江镇", "云南省", "市", "区", "县", "镇", "省", "")
DEPARTMENTS = ("应急管理局", "应急局", "公安局", "消防救援支队", "消防救援大队", "人民政府", "政府",
               "住房和城乡建设局", "住建局", "卫生健康委员会", "卫健委", "气象局", "水利局",
               "自然资源和规划局", "教育局", "交通运输局", "生态环境局", "委", "委员会", "应急管理办公室",
               "减灾委员会", "防汛抗旱指挥部", "安委会", "安委办", "武装部", "红十字会", "供电公司",
               "街道办事处")
CONTEXT_WORDS = ("牵头", "负责", "配合", "、", "和", "与", "会同", "各", "有关部门", "按职责分工负责", "。",
                 "，", "（", "）", "牵头单位：", "责任单位:", "\n", " ", "组织", "开展", "应急演练")
AGENCY_NAMES = st.builds(lambda place, department: place + department, st.sampled_from(PLACES),
                         st.sampled_from(DEPARTMENTS))
AGENCY_TEXTS = st.lists(st.one_of(AGENCY_NAMES, AGENCY_NAMES, st.sampled_from(CONTEXT_WORDS),
                                  st.text(CJK, max_size=3)), max_size=16).map("".join)
METAS = st.sampled_from((DocumentMeta(), DocumentMeta(jurisdiction="广州市", level="city"),
                         DocumentMeta(jurisdiction="清河县", level="county", issuer="清河县人民政府"),
                         DocumentMeta(jurisdiction="云南省", level="province")))


@PROPERTIES
@given(AGENCY_TEXTS, METAS)
@example("市应急局、区住建局牵头", DocumentMeta(jurisdiction="广州市", level="city"))
def test_agencies_have_names_and_mentions_inside_the_text(text, meta):
    for name, agency in find_agencies(text, meta).items():
        assert name == agency.name
        assert name.strip() and name == name.strip()
        assert agency.mentions, name
        for span in agency.mentions:
            assert 0 <= span.start < span.end <= len(text)
            assert span.text == text[span.start:span.end]


@PROPERTIES
@given(AGENCY_NAMES, METAS)
@example("市应急局", DocumentMeta(jurisdiction="广州市", level="city"))
def test_a_canonical_name_is_its_own_canonical_name(name, meta):
    """Idempotence: the canonical name written out in a plan is read back as itself."""
    for canonical in find_agencies(f"由{name}牵头负责。", meta):
        assert canonical in find_agencies(f"由{canonical}牵头负责。", meta), canonical


def _variant(text: str, wide: bool, spaced: bool) -> str:
    """A form of ``text`` the normaliser makes the same: full-width ASCII, ideographic spaces around lines."""
    if wide:
        text = "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)
    if spaced:
        text = "\n".join(f"\u3000 {line}\t " for line in text.split("\n"))
    return text


@PROPERTIES
@given(AGENCY_TEXTS, METAS, st.booleans(), st.booleans())
def test_canonical_names_are_stable_under_nfkc_and_whitespace_variants(text, meta, wide, spaced):
    plain = normalize(text).text
    variant = normalize(_variant(text, wide, spaced)).text
    assert unicodedata.normalize("NFKC", variant) == variant
    assert set(find_agencies(variant, meta)) == set(find_agencies(plain, meta))
