"""The pipeline's tokenizer: jieba's words as spaCy tokens, exactly as spaCy's Chinese tokenizer makes them.

spaCy's ``ChineseTokenizer`` (segmenter "jieba") re-finds every word in the text with ``str.index`` to work
out where the spaces are, which costs a tenth of the segmentation itself on a long plan. jieba never drops a
character, so the words and the spaces can be read off in one pass instead: whitespace words are gathered
into gaps; one space right after a word becomes that word's trailing space (``token.whitespace_``), and the
rest of a gap becomes a token of its own, as spaCy does.

    >>> words_and_spaces(["做好", " ", "防汛", "\\n", "工作"])
    (['做好', '防汛', '\\n', '工作'], [True, False, False, False])

The words are jieba's (accurate mode, HMM on, jieba's dictionary), computed faster when jieba-fast-dat is
installed: jieba's own algorithm runs as ever, but its two dictionary walks (the DAG of the words each
character starts, and the most probable route through it) run in jieba-fast-dat's C++ code over a trie of
jieba's own dictionary (:func:`jieba_cut`). The words are the same (a test checks them on every sample);
segmentation is about three times faster. jieba-fast-dat's own ``cut`` is not used: its dictionary is another
one, and it splits numbers such as ``100%`` and ``0.4`` differently.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable

import jieba
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["JiebaTokenizer", "jieba_cut", "words_and_spaces"]


def words_and_spaces(pieces: Iterable[str]) -> tuple[list[str], list[bool]]:
    """The words and trailing spaces of a Doc made of ``pieces``, which together are the whole text."""
    words: list[str] = []
    spaces: list[bool] = []
    gap = ""
    for piece in pieces:
        if not piece:
            continue
        if piece.isspace():
            gap += piece
            continue
        if gap:
            _close_gap(gap, words, spaces)
            gap = ""
        words.append(piece)
        spaces.append(False)
    if gap:
        _close_gap(gap, words, spaces)
    return words, spaces


def _close_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    if words and gap[0] == " ":
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


def jieba_cut() -> Callable[[str], list[str]]:
    """``jieba.lcut`` (accurate mode, HMM on), with its dictionary walks in C++ when jieba-fast-dat is
    installed. Loads jieba's dictionary (about a second, less when jieba's cache is warm)."""
    jieba.dt.check_initialized()
    try:
        import jieba_fast_dat
        from jieba_fast_dat._jieba_fast_dat_functions_py3 import _get_DAG_and_calc
    except ImportError:  # an optional speed-up: the words are the same without it
        return jieba.lcut
    return _FastWalks(jieba.dt, jieba_fast_dat.Tokenizer, _get_DAG_and_calc).lcut


class _FastWalks(jieba.Tokenizer):
    """jieba's tokenizer with the two dictionary walks (the DAG of the words each character starts, and the
    most probable route through it) done in one call of jieba-fast-dat's C++ over the same dictionary, and
    everything else (blocks, HMM for unknown words) jieba's own. Only :meth:`lcut` is used."""

    def __init__(self, base: jieba.Tokenizer, trie_class: type,
                 route_ends: Callable[[object, str, list[int], float], int]) -> None:
        super().__init__(base.dictionary)
        # Share the loaded dictionary: jieba reads FREQ itself for runs of single characters.
        self.FREQ, self.total, self.user_word_tag_tab = base.FREQ, base.total, base.user_word_tag_tab
        self.initialized = True
        dictionary = base.dictionary or os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
        self.trie = trie_class(dictionary)
        self.trie.initialize()  # without it jieba-fast-dat would segment character by character
        # a route's probability is relative to jieba's total
        self.route_ends, self.route_total = route_ends, float(base.total)

    def lcut(self, sentence: str) -> list[str]:  # type: ignore[override]
        """``jieba.lcut(sentence)`` (accurate mode, HMM on): jieba's ``cut`` and ``__cut_DAG`` as one loop
        that fills a list, without their chain of generators (a third of the segmentation's time)."""
        words: list[str] = []
        for block in _HAN.split(sentence):
            if not block:
                continue
            if _HAN.match(block):
                self._block_words(block, words)
                continue
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)  # jieba yields other characters one by one
        return words

    def _block_words(self, block: str, words: list[str]) -> None:
        """The words of one run of Chinese characters, letters and digits (jieba's ``__cut_DAG``)."""
        # Both walks in one C++ call, which gives each position's best word end as a list: the DAG and the
        # route as dicts of Python objects cost a third of the segmentation, and only the ends are read.
        ends: list[int] = []
        self.route_ends(self.trie.dat, block, ends, self.route_total)
        start = 0  # of the run of single characters not yet given out
        at, size = 0, len(block)
        while at < size:
            end = ends[at] + 1
            if end - at > 1:
                if start < at:
                    self._single_run(block[start:at], words)
                words.append(block[at:end])
                start = end
            at = end
        if start < size:
            self._single_run(block[start:], words)

    def _single_run(self, run: str, words: list[str]) -> None:
        """Characters the dictionary walk left single: a word of jieba's dictionary is spelled out; any
        other run of two or more goes to jieba's HMM for unknown words (``finalseg``)."""
        if len(run) == 1:
            words.append(run)
        elif self.FREQ.get(run):
            words.extend(run)
        else:
            words.extend(_unknown_words(run))


_HAN = jieba.re_han_default
_SKIP = jieba.re_skip_default


@functools.lru_cache(maxsize=65536)
def _unknown_words(run: str) -> tuple[str, ...]:
    """jieba's HMM segmentation of a run of single characters, remembered: names and terms recur across a
    plan, and the Viterbi decoding in Python is the slowest part of the segmentation. (It depends on ``run``
    alone as long as no word is deleted from jieba's dictionary, which emkg never does.)"""
    return tuple(jieba.finalseg.cut(run))


class JiebaTokenizer:
    """Text -> Doc with jieba's segmentation (accurate mode, HMM on: what spaCy's "jieba" segmenter does)."""

    def __init__(self, vocab: Vocab, cut: Callable[[str], Iterable[str]] | None = None) -> None:
        self.vocab = vocab
        self.cut = cut or jieba_cut()

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces(self.cut(text))
        return Doc(self.vocab, words=words, spaces=spaces)
