"""kg.views.compare.similarity: character n-gram TF-IDF, near-duplicate groups, version matching."""

from __future__ import annotations

import pytest

from kg.views.compare.similarity import (
    Item,
    TfidfIndex,
    char_ngrams,
    group_near_duplicates,
    match_versions,
    nearest_other,
    normalise,
    plan_similarity,
    without_numbering,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("1.开展防汛演练。", "开展防汛演练"),
    ("（三）开展防汛演练", "开展防汛演练"),
    ("(12) 开展防汛演练", "开展防汛演练"),
    ("一是开展防汛演练", "开展防汛演练"),
    ("二、开展防汛演练", "开展防汛演练"),
    ("建成10个站点，覆盖率达到95.5%", "建成#个站点覆盖率达到#"),
    ("２０２３年开展演练", "#年开展演练"),  # full-width digits
])
def test_normalise_drops_numbering_digits_and_punctuation(text, expected):
    assert normalise(text) == expected


def test_normalise_drops_place_names_longest_first():
    text = "广州市应急管理局牵头，广州地铁配合"
    assert normalise(text, drop=["广州", "广州市"]) == "应急管理局牵头地铁配合"


def test_without_numbering_keeps_the_rest_as_written():
    assert without_numbering(" 3.建成10个站点。") == "建成10个站点。"


def test_char_ngrams_are_bigrams_and_trigrams():
    assert char_ngrams("防汛防汛") == {"防汛": 2, "汛防": 1, "防汛防": 1, "汛防汛": 1}
    assert char_ngrams("汛") == {"汛": 1}  # shorter than every size: the text itself
    assert char_ngrams("") == {}


def test_cosine_is_one_for_equal_texts_and_zero_for_disjoint_ones():
    index = TfidfIndex(["开展防汛演练", "开展防汛演练", "危化品整治", ""])
    assert index.cosine(0, 1) == pytest.approx(1.0)
    assert index.cosine(0, 2) == 0.0
    assert index.cosine(0, 3) == 0.0  # an empty text is like nothing
    assert index.pairs(0.5) == {(0, 1): pytest.approx(1.0)}


def test_pairs_agree_with_cosine():
    texts = ["加强森林防火队伍建设", "加强森林防火的队伍建设", "开展安全生产大检查", "森林防火检查"]
    index = TfidfIndex(texts)
    pairs = index.pairs()
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            assert pairs.get((i, j), 0.0) == pytest.approx(index.cosine(i, j))


def test_groups_span_plans_and_do_not_chain():
    # a ~ b and b ~ c, but a and c share too little: complete linkage keeps them apart
    a = Item("a", "P", "防汛应急演练检验抢险队伍")
    b = Item("b", "Q", "防汛应急演练检验抢险队伍森林火灾隐患排查")
    c = Item("c", "R", "森林火灾隐患排查")
    index = TfidfIndex([a.text, b.text, c.text])
    assert index.cosine(0, 1) >= 0.3 and index.cosine(1, 2) >= 0.3 > index.cosine(0, 2)
    groups = group_near_duplicates([a, b, c], 0.3, index)
    assert len(groups) == 1
    assert {item.id for item in groups[0].members} in ({"a", "b"}, {"b", "c"})


def test_items_of_one_plan_alone_are_not_a_group():
    items = [Item("a", "P", "开展防汛应急演练"), Item("b", "P", "开展防汛应急演练")]
    assert group_near_duplicates(items, 0.5) == []
    groups = group_near_duplicates(items, 0.5, min_plans=1)
    assert [len(group.members) for group in groups] == [2]


def test_nearest_other_ignores_the_same_plan():
    items = [Item("a", "P", "开展防汛应急演练"), Item("b", "P", "开展防汛应急演练"),
             Item("c", "Q", "开展防汛演练"), Item("d", "Q", "危化品整治")]
    nearest = nearest_other(items)
    assert nearest[0][1] == 2 and nearest[0][0] > 0.3
    assert nearest[3] == (0.0, None)


def test_plan_similarity_is_symmetric_with_ones_on_the_diagonal():
    matrix = plan_similarity({"P": "开展防汛演练。危化品整治", "Q": "开展防汛演练", "R": "地震监测台网"})
    assert matrix["P", "P"] == matrix["Q", "Q"] == 1.0
    assert matrix["P", "Q"] == matrix["Q", "P"] > matrix["P", "R"] == 0.0


def test_match_versions_matches_one_to_one():
    old = ["开展防汛应急演练", "危化品专项整治完成#家", "风险普查外业调查"]
    new = ["危化品专项整治完成#家企业改造", "开展防汛应急演练", "开展防汛应急演练", "城市生命线工程"]
    kept, dropped, added = match_versions(old, new, 0.5)
    assert {(m.old, m.new) for m in kept} == {(0, 1), (1, 0)}
    assert dropped == [2]
    assert added == [2, 3]  # the repeated measure matches once


@pytest.mark.parametrize("module", ["kg.views.compare.similarity", "kg.views.compare.data"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and not result.failed
