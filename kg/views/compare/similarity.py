"""Text similarity suited to Chinese: TF-IDF over character 2- and 3-grams, compared by cosine.

Chinese has no spaces and a word segmenter splits the same phrase differently in different contexts, so
measures are compared by the characters they share: 2- and 3-character sequences, weighted by how rare they
are among the texts compared (TF-IDF, sublinear term frequency), so "应急" counts little and "避灾安置" a lot.
Before that, :func:`normalise` drops what differs between plans saying the same thing: item numbers, digits
(a different number of teams is the same measure), punctuation, spaces and the plans' own place names.

    >>> index = TfidfIndex(["加强森林防火队伍建设", "加强森林防火队伍的建设", "开展安全大检查", "防汛演练"])
    >>> round(index.cosine(0, 1), 2), index.cosine(0, 2)
    (0.69, 0.0)

On top of that:

- :func:`group_near_duplicates`: groups of items from different plans that say the same thing, by complete
  linkage (every two members of a group are at least ``threshold`` alike, so groups do not chain);
- :func:`nearest_other`: each item's most similar item in another plan (a measure no other plan has
  scores low);
- :func:`plan_similarity`: a plan × plan matrix from the plans' texts taken whole;
- :func:`match_versions`: a one-to-one matching of an old and a new version's measures (kept, dropped, added).

Everything is pure Python; the cost of :meth:`TfidfIndex.pairs` grows with the square of the number of
texts sharing an n-gram, which is a second or two for a few thousand measures.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "DEFAULT_THRESHOLD",
    "Group",
    "Item",
    "Match",
    "TfidfIndex",
    "char_ngrams",
    "group_near_duplicates",
    "match_versions",
    "nearest_other",
    "normalise",
    "plan_similarity",
    "without_numbering",
]

NGRAM_SIZES = (2, 3)
# Two measures at or above this cosine say the same thing. Paraphrases with other place names, numbers and a
# few words changed score 0.5-0.9 (tests/data/compare); measures of the sample plans that only share a domain
# ("加强应急救援队伍建设" in two wordings) stay below 0.3, while two plans carrying out the same central
# directive score 0.37.
DEFAULT_THRESHOLD = 0.35

# Numbering at the start of a measure: 1. 1、 (一) （三） 一、 一是 第一， ① ...
_NUMBERING = re.compile(
    r"^\s*(?:[(（]\s*[0-9一二三四五六七八九十百]+\s*[)）]|[0-9]+\s*[.、．]|[一二三四五六七八九十百]+\s*[、是]"
    r"|第[一二三四五六七八九十百0-9]+[条项点是]?[，,、]?|[①-⑳])\s*"
)
_DIGITS = re.compile(r"[0-9０-９.．]+(?:[%％])?")


def without_numbering(text: str) -> str:
    """``text`` without the item number it starts with, and without surrounding spaces.

        >>> without_numbering("（三）开展防汛演练。")
        '开展防汛演练。'
    """
    return _NUMBERING.sub("", text.strip(), count=1).strip()


def normalise(text: str, drop: Iterable[str] = ()) -> str:
    """``text`` reduced to what two plans saying the same thing share.

    Drops the item number at the start, the strings in ``drop`` (the plans' place names), punctuation and
    spaces, and writes every number as ``#``.

        >>> normalise("（三）广州市应急管理局牵头，3月底前完成10个避难场所建设。", drop=["广州市"])
        '应急管理局牵头#月底前完成#个避难场所建设'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _NUMBERING.sub("", text, count=1)
    for name in sorted({name for name in drop if name}, key=len, reverse=True):
        text = text.replace(name, "")
    text = _DIGITS.sub("#", text)
    return "".join(ch for ch in text if ch == "#" or not _is_punctuation_or_space(ch))


def _is_punctuation_or_space(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PSZ"


def char_ngrams(text: str, sizes: Sequence[int] = NGRAM_SIZES) -> Counter[str]:
    """The character n-grams of ``text`` with their counts (the text itself when it is shorter than them).

        >>> sorted(char_ngrams("防汛防台"))
        ['汛防', '汛防台', '防台', '防汛', '防汛防']
    """
    grams: Counter[str] = Counter()
    for size in sizes:
        grams.update(text[i:i + size] for i in range(len(text) - size + 1))
    if not grams and text:
        grams[text] = 1
    return grams


class TfidfIndex:
    """Unit-length TF-IDF vectors of character n-grams for a list of texts, and their cosines.

    ``idf = ln((1 + n) / (1 + df)) + 1`` (smoothed, as scikit-learn does), ``tf = 1 + ln(count)``.
    """

    def __init__(self, texts: Sequence[str], sizes: Sequence[int] = NGRAM_SIZES) -> None:
        counts = [char_ngrams(text, sizes) for text in texts]
        frequency: Counter[str] = Counter(gram for grams in counts for gram in grams)
        total = len(texts)
        self.idf = {gram: math.log((1 + total) / (1 + df)) + 1 for gram, df in frequency.items()}
        self.vectors = [self._vector(grams) for grams in counts]
        self._pairs: dict[tuple[int, int], float] | None = None

    def _vector(self, grams: Counter[str]) -> dict[str, float]:
        weights = {gram: (1 + math.log(count)) * self.idf[gram] for gram, count in grams.items()}
        norm = math.sqrt(sum(weight * weight for weight in weights.values()))
        return {gram: weight / norm for gram, weight in weights.items()} if norm else {}

    def __len__(self) -> int:
        return len(self.vectors)

    def cosine(self, i: int, j: int) -> float:
        """The cosine of texts ``i`` and ``j`` (0 to 1)."""
        small, large = sorted((self.vectors[i], self.vectors[j]), key=len)
        return min(1.0, sum(weight * large.get(gram, 0.0) for gram, weight in small.items()))

    def pairs(self, minimum: float = 0.0) -> dict[tuple[int, int], float]:
        """``{(i, j): cosine}`` for every ``i < j`` sharing an n-gram whose cosine is at least ``minimum``."""
        if self._pairs is None:
            self._pairs = self._all_pairs()
        return {pair: score for pair, score in self._pairs.items() if score >= minimum}

    def _all_pairs(self) -> dict[tuple[int, int], float]:
        # Dot products accumulated n-gram by n-gram over the texts that hold it (an inverted index), so pairs
        # that share nothing cost nothing.
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, vector in enumerate(self.vectors):
            for gram, weight in vector.items():
                postings[gram].append((index, weight))
        dots: dict[tuple[int, int], float] = defaultdict(float)
        for posting in postings.values():
            for a, (i, weight_i) in enumerate(posting):
                for j, weight_j in posting[a + 1:]:
                    dots[i, j] += weight_i * weight_j
        return {pair: min(1.0, dot) for pair, dot in dots.items()}


@dataclass(frozen=True)
class Item:
    """A text to compare, with the plan it belongs to; ``id`` is whatever names it (a measure IRI)."""

    id: str
    plan: Hashable
    text: str


@dataclass(frozen=True)
class Group:
    """Items of different plans that say the same thing: ``members`` in input order, with the lowest and the
    mean cosine between two of them."""

    members: tuple[Item, ...]
    min_similarity: float
    mean_similarity: float

    @property
    def plans(self) -> tuple[Hashable, ...]:
        return tuple(dict.fromkeys(item.plan for item in self.members))


def group_near_duplicates(items: Sequence[Item], threshold: float = DEFAULT_THRESHOLD,
                          index: TfidfIndex | None = None, *, min_plans: int = 2) -> list[Group]:
    """Groups of near-duplicate items spanning at least ``min_plans`` plans, most plans and most alike first.

    Complete linkage, merged greedily from the most similar pair down: two groups merge only when every
    item of one is at least ``threshold`` alike every item of the other. ``index`` is a
    :class:`TfidfIndex` of the items' texts (made from ``normalise``-d texts by the caller, or from the raw
    texts here). With ``min_plans=1`` every item is in exactly one group (a lone item's similarities are 1).
    """
    index = index or TfidfIndex([item.text for item in items])
    similar = index.pairs(threshold)
    cluster_of = list(range(len(items)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}

    def alike(a: list[int], b: list[int]) -> bool:
        return all((min(i, j), max(i, j)) in similar for i in a for j in b)

    for (i, j), _ in sorted(similar.items(), key=lambda pair: (-pair[1], pair[0])):
        first, second = cluster_of[i], cluster_of[j]
        if first == second or not alike(members[first], members[second]):
            continue
        members[first] += members.pop(second)
        for k in members[first]:
            cluster_of[k] = first
    groups = []
    for cluster in members.values():
        if len({items[k].plan for k in cluster}) < min_plans:
            continue
        cluster.sort()
        scores = [similar[i, j] for a, i in enumerate(cluster) for j in cluster[a + 1:]] or [1.0]
        groups.append(Group(tuple(items[k] for k in cluster), min(scores), sum(scores) / len(scores)))
    groups.sort(key=lambda group: (-len(group.plans), -group.mean_similarity, group.members[0].id))
    return groups


def nearest_other(items: Sequence[Item], index: TfidfIndex | None = None) -> list[tuple[float, int | None]]:
    """For each item, the cosine of the most similar item of another plan and that item's position (None
    when no item of another plan shares an n-gram with it)."""
    index = index or TfidfIndex([item.text for item in items])
    best: list[tuple[float, int | None]] = [(0.0, None)] * len(items)
    for (i, j), score in index.pairs().items():
        if items[i].plan == items[j].plan:
            continue
        if score > best[i][0]:
            best[i] = (score, j)
        if score > best[j][0]:
            best[j] = (score, i)
    return best


def plan_similarity(texts: dict[Hashable, str]) -> dict[tuple[Hashable, Hashable], float]:
    """The cosine of every two plans' texts taken whole (each plan's measures joined), keyed both ways."""
    keys = list(texts)
    index = TfidfIndex([texts[key] for key in keys])
    matrix: dict[tuple[Hashable, Hashable], float] = {}
    for a, first in enumerate(keys):
        matrix[first, first] = 1.0 if index.vectors[a] else 0.0
        for b in range(a + 1, len(keys)):
            score = index.cosine(a, b)
            matrix[first, keys[b]] = matrix[keys[b], first] = score
    return matrix


@dataclass(frozen=True)
class Match:
    """A measure of the old version and the one of the new version that continues it."""

    old: int
    new: int
    similarity: float


def match_versions(old: Sequence[str], new: Sequence[str], threshold: float = DEFAULT_THRESHOLD,
                   ) -> tuple[list[Match], list[int], list[int]]:
    """Match the measures of two versions one to one: ``(kept, dropped, added)``.

    ``old`` and ``new`` are the (normalised) texts; the most similar pairs are matched first, each measure at
    most once. ``dropped`` are the positions in ``old`` left unmatched, ``added`` those in ``new``.
    """
    index = TfidfIndex([*old, *new])
    offset = len(old)
    candidates = sorted(((score, i, j - offset) for (i, j), score in index.pairs(threshold).items()
                         if i < offset <= j), key=lambda c: (-c[0], c[1], c[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    kept = []
    for score, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        kept.append(Match(i, j, score))
    kept.sort(key=lambda match: match.new)
    dropped = [i for i in range(len(old)) if i not in used_old]
    added = [j for j in range(len(new)) if j not in used_new]
    return kept, dropped, added
