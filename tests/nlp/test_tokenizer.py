"""The pipeline's tokenizer makes exactly the tokens of spaCy's own jieba tokenizer, faster."""

from __future__ import annotations

import pytest
import spacy

from kg.ingest import read_document
from kg.nlp.pipeline import load_pipeline
from kg.nlp.tokenizer import JiebaTokenizer, jieba_cut, words_and_spaces

SPACED = ["  前导空格", "尾随空格  ", "多个   空格\n\n 换行\t制表", " ", "", "a b  c   d",
          "\u3000全角空格\u3000", "x \n y", " \n", "2019-03-17 完成 100% 的 0.4 亿元"]


@pytest.fixture(scope="module")
def spacy_tokenizer():
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}}).tokenizer


def tokens(doc) -> list[tuple[str, str]]:
    return [(token.text, token.whitespace_) for token in doc]


@pytest.mark.parametrize("text", SPACED)
def test_same_tokens_and_spaces_as_spacy(spacy_tokenizer, text):
    doc = JiebaTokenizer(spacy_tokenizer.vocab)(text)
    assert tokens(doc) == tokens(spacy_tokenizer(text))
    assert doc.text == text


def test_same_tokens_as_spacy_on_every_sample(spacy_tokenizer, sample_paths):
    mine = JiebaTokenizer(spacy_tokenizer.vocab)
    for path in sample_paths:
        text = read_document(path).text
        doc = mine(text)
        assert tokens(doc) == tokens(spacy_tokenizer(text)), path.name
        assert len(doc) > len(text) // 4  # words, not characters: jieba's dictionary was loaded


def test_the_pipeline_uses_it():
    nlp = load_pipeline()
    assert isinstance(nlp.tokenizer, JiebaTokenizer)
    assert [token.text for token in nlp.make_doc("做好森林火灾工作")] == ["做好", "森林", "火灾", "工作"]


def test_words_and_spaces_keeps_every_character():
    assert words_and_spaces(["一", " ", " ", "二", "\n", " ", "三", " "]) == (
        ["一", " ", "二", "\n ", "三"], [True, False, False, False, True])


def test_jieba_cut_gives_jieba_s_words(sample_paths):
    import jieba

    cut = jieba_cut()
    texts = [read_document(path).text for path in sample_paths] + SPACED + [
        "2019-03-17发布，完成率50.62%，下降0.4个百分点，军地联合约谈建设部门", "GDP增长5.5%，PM2.5浓度"]
    for text in texts:
        assert cut(text) == jieba.lcut(text), text[:40]


def test_jieba_fast_dat_does_the_dictionary_walks_when_installed():
    pytest.importorskip("jieba_fast_dat")
    cut = jieba_cut()
    assert type(cut.__self__).__name__ == "_FastWalks"
    # initialised: words, not one token per character
    assert cut("做好森林火灾工作") == ["做好", "森林", "火灾", "工作"]
