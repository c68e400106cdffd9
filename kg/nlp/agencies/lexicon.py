"""The vocabularies of agency names and responsibility sentences, loaded once from ``kg/nlp/patterns/``.

Every rule that names words lives in a data file there (heads, body words, abbreviations, fixed national
bodies, generic modifiers, function keywords, administrative places, responsibility cues); this module
only reads them into lookup structures. :func:`lexicon` caches the result for the process.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PATTERNS = Path(__file__).resolve().parent.parent / "patterns"

HeadKind = str  # org | division | government | party | suffix | weak | company | institution

# Level words that may stand before a name instead of a place name ("市应急管理局"), with their rank.
LEVEL_RANK = {"国家": 0, "省": 1, "自治区": 1, "市": 2, "州": 2, "盟": 2, "地区": 2, "区": 3, "县": 3,
              "旗": 3, "特区": 3, "镇": 4, "乡": 4, "街道": 4, "苏木": 4, "师市": 2}  # 特区: 六枝特区
# the level words a list of levels under 各 names ("各县(市、区)", "各镇街"), with their rank
_LISTED_RANK = {"县级市": 3, "县市区": 3, "县市": 3, "县区": 3, "区县": 3, "市县": 2, "直辖市": 1,
                "设区市": 2, "地市": 2, "自治区": 1, "自治州": 2, "自治县": 3,
                "镇街": 4, "乡镇": 4, "街道": 4}
_LISTED_LEVEL = re.compile("|".join(sorted(_LISTED_RANK, key=len, reverse=True)) + "|[省市州盟区县旗镇乡]")


def top_listed_rank(words: str) -> int | None:
    """The rank of the highest level a list of levels names (the smallest rank), asides in brackets aside
    ("各区、县(市)": 3, "各县市区": 3), None when it names none ("各有关单位")."""
    ranks = [_LISTED_RANK.get(word) or LEVEL_RANK[word]
             for word in _LISTED_LEVEL.findall(re.sub(r"[(（][^()（）]*[)）]", "", words))]
    return min(ranks) if ranks else None


ADMIN_LEVEL_RANK = {"province": 1, "city": 2, "county": 3, "district": 3, "town": 4}
PLACE_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "街道", "地区", "苏木", "特区", "省",
                  "市", "区", "县", "州", "旗", "盟", "镇", "乡")


@dataclass(frozen=True)
class Head:
    text: str
    kind: HeadKind
    guard: re.Pattern[str] | None  # what must not follow the head (局长, 中心工作, 处置 ...)

    def blocked_at(self, text: str, end: int) -> bool:
        return bool(self.guard and self.guard.match(text, end))


@dataclass(frozen=True)
class FixedName:
    pattern: re.Pattern[str]
    canonical: str | None  # None: the text as written
    function: str
    scope: str  # national | jurisdiction | internal
    context_only: bool


@dataclass(frozen=True)
class Place:
    name: str
    level: str  # province | city | county
    city: str  # the prefecture city of a county, "" otherwise
    province: str


@dataclass(frozen=True)
class Lexicon:
    heads: dict[str, Head]
    head_re: re.Pattern[str]  # every head and abbreviation, longest first
    body_words: dict[str, str]  # word -> word | inner | generic
    body_max: int
    abbreviations: dict[str, str]  # short form -> full body + head
    fixed: tuple[FixedName, ...]
    fixed_re: re.Pattern[str]  # every fixed name's regex, in order, each its own group f0, f1 ...
    generic_before: tuple[str, ...]  # longest first
    enterprise_groups: frozenset[str]  # 国网, 中石化 ...: they open their branches' names
    head_functions: tuple[tuple[str, str], ...]
    body_functions: dict[str, str]
    domains: dict[str, str]  # department-type words: 气象 -> meteorology
    places: dict[str, Place]
    homonyms: dict[str, tuple[Place, ...]]  # districts several cities have (江北区: 宁波's and 重庆's)
    place_short: dict[str, str]  # 杭州 -> 杭州市 (provinces and prefecture cities)
    place_max: int
    place_sizes: dict[str, tuple[int, ...]]  # last character -> lengths of the places it ends, longest first
    cues: dict[str, tuple[str, ...]]  # responsibility cue class -> words, longest first
    convention_re: re.Pattern[str]

    def longest_ending(self, text: str, end: int, words: Collection[str], longest: int,
                       shortest: int = 1) -> str | None:
        """The longest of ``words`` that ends at ``end`` in ``text``."""
        if shortest >= 1 and text[end - 1:end] not in _last_characters(words):
            return None  # the common case, told by one lookup instead of one per length
        for size in range(min(longest, end), shortest - 1, -1):
            if text[end - size:end] in words:
                return text[end - size:end]
        return None

    def fixed_name(self, element: str) -> FixedName | None:
        """The first fixed name whose regex matches all of ``element``."""
        found = self.fixed_re.fullmatch(element)
        return self.fixed[int(found.lastgroup[1:])] if found and found.lastgroup else None

    def body_word_ending(self, text: str, end: int) -> str | None:
        return self.longest_ending(text, end, self.body_words, self.body_max)

    def place_ending(self, text: str, end: int, extra: dict[str, Place] | None = None) -> Place | None:
        """The longest known place name (three characters or more, or a listed one-character town) ending
        at ``end``."""
        extra = extra or {}
        # Only the lengths of the names that end in the last character are tried: most positions asked
        # about end in no place's last character (市, 县, 区 ...), and those that do in a few lengths.
        last = text[end - 1:end]
        sizes = self.place_sizes.get(last, ())
        local = [len(name) for name in extra if name.endswith(last) and (
            3 <= len(name) <= self.place_max or name[-1] in "镇乡")]  # 侯镇, a town a list named
        if local:
            sizes = tuple(sorted({*sizes, *local}, reverse=True))
        for size in sizes:
            if size > end:
                continue
            name = text[end - size:end]
            place = self.places.get(name) or extra.get(name)
            if place:
                return place
        return None



def _sizes_by_last_character(names: Iterable[str]) -> dict[str, tuple[int, ...]]:
    sizes: dict[str, set[int]] = {}
    for name in names:
        sizes.setdefault(name[-1], set()).add(len(name))
    return {last: tuple(sorted(lengths, reverse=True)) for last, lengths in sizes.items()}


_LAST_CHARACTERS: dict[int, tuple[Collection[str], frozenset[str]]] = {}


def _last_characters(words: Collection[str]) -> frozenset[str]:
    """The last characters of ``words``, worked out once per collection: the lexicon's word lists and the
    grammar's constant tuples are asked about thousands of times per plan and never change."""
    known = _LAST_CHARACTERS.get(id(words))
    if known is None or known[0] is not words:  # the identity check guards against a reused id
        if len(_LAST_CHARACTERS) >= 256:  # a caller passing fresh collections must not grow this forever
            _LAST_CHARACTERS.clear()
        known = (words, frozenset(word[-1] for word in words if word))
        _LAST_CHARACTERS[id(words)] = known
    return known[1]


def _rows(name: str) -> Iterator[list[str]]:
    for line in (PATTERNS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# what may not follow a short form ending in these characters (减灾委办|公室 is 减灾委|办公室; 防指|挥;
# 消防总|队 and 三防总|指挥部 are no 防总)
_SHORT_FORM_GUARDS = {"办": "公", "委": "员", "指": "挥|导|出|标|数|南|引|令|定|示|向|明|点",
                      "总": "队|站|结|体|量|数|计|书|则|部|局|院|会|台|指挥"}  # 三防总|指挥部 is no 防总


def _guarded(word: str) -> str:
    guard = _SHORT_FORM_GUARDS.get(word[-1]) if len(word) > 1 else None
    return re.escape(word) + (f"(?!{guard})" if guard else "")


def _load_heads() -> dict[str, Head]:
    heads = {}
    for text, kind, guard in _rows("agency_heads.tsv"):
        heads[text] = Head(text, kind, re.compile(f"(?:{guard})") if guard != "-" else None)
    return heads


# last characters of counties whose name with 区 would be a word of areas inside longer text (城区, 山区,
# 新区: "沈阳城区" is no 阳城区, "雄安新区" no 安新区)
_AREA_WORD_ENDS = tuple("城山新林牧湖港矿园景库郊营江海")


def _load_places() -> tuple[dict[str, Place], dict[str, str], dict[str, tuple[Place, ...]]]:
    places: dict[str, Place] = {}
    short: dict[str, str] = {}
    namesakes: dict[str, dict[str, Place]] = {}
    for name, level, city, province in _rows("agency_places.tsv"):
        place = Place(name, level, city, province)
        # a name used by several counties: the first stands for it where nothing tells them apart
        # (prefecture cities and provinces are unique)
        places.setdefault(name, place)
        namesakes.setdefault(name, {}).setdefault(city, place)
        if level in ("province", "city"):
            for suffix in PLACE_SUFFIXES:
                stem = name.removesuffix(suffix)
                if stem != name and len(stem) >= 2:
                    short.setdefault(stem, name)
                    break
    for district in _made_districts(list(places.values())):
        places.setdefault(district.name, district)
    for name in list(short):  # 宁夏回族自治区 -> 宁夏, 黔东南苗族侗族自治州 -> 黔东南 too
        stem = _before_peoples(name)
        if stem != name and len(stem) >= 2:
            short.setdefault(stem, short[name])
    # "黔东南州", "巍山县", "湘西自治州": an autonomous area by its short name, with its level or with 自治州
    for place in list(places.values()):
        autonomous = next((s for s in ("自治州", "自治县") if place.name.endswith(s)), None)
        stem = _before_peoples(place.name) if autonomous else place.name
        if autonomous and stem != place.name and len(stem) >= 2:
            for short_form in (stem + autonomous[-1], stem + autonomous):
                places.setdefault(short_form, Place(short_form, place.level, place.city, place.province))
    short.setdefault("中国", "中国")
    homonyms = {name: tuple(by_city.values()) for name, by_city in namesakes.items() if len(by_city) > 1}
    return places, short, homonyms


# the peoples an autonomous area is named after ("黔东南|苗族侗族自治州", "恩施|土家族苗族自治州")
_PEOPLES = ("蒙古族", "回族", "藏族", "维吾尔", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
            "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克", "傣族", "黎族",
            "傈僳族", "佤族", "畲族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜",
            "土族", "达斡尔族", "仫佬族", "羌族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "普米族",
            "塔吉克", "怒族", "鄂温克族", "保安族", "裕固族", "独龙族", "鄂伦春族")


def place_stem(place: str) -> str:
    """A place name without its level suffix (周庄镇 -> 周庄, 沙河街道 -> 沙河)."""
    return next((place[:-len(suffix)] for suffix in PLACE_SUFFIXES if place.endswith(suffix)), place)


def short_name(place: str) -> str:
    """A place's name as texts shorten it: 深圳市 -> 深圳, 广西壮族自治区 -> 广西."""
    return _before_peoples(place_stem(place))


def _before_peoples(name: str) -> str:
    """A place's name before the peoples it is named after ("黔东南苗族侗族自治州" -> "黔东南")."""
    cut = min((i for i in (name.find(people) for people in _PEOPLES) if i > 0), default=-1)
    return name[:cut] if cut > 0 else name


def _made_districts(places: list[Place]) -> Iterator[Place]:
    """County-level cities and counties made districts since the tables were written (即墨市 -> 即墨区)."""
    for place in places:
        name = place.name
        if place.level == "county" and name.endswith(("市", "县")) and len(name) >= 3 \
                and not name.endswith(_AREA_WORD_ENDS, 0, len(name) - 1):
            yield Place(name[:-1] + "区", "county", place.city, place.province)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    heads = _load_heads()
    body_words = {row[0]: row[1] for row in _rows("agency_body_words.tsv")}
    abbreviations = {short: full for short, full in _rows("agency_abbreviations.tsv")}
    fixed = tuple(
        FixedName(re.compile(regex), None if canonical == "-" else canonical, function, scope,
                  kind == "context")
        for regex, canonical, function, scope, kind in _rows("agency_fixed.tsv"))
    generic = tuple(sorted((row[0] for row in _rows("agency_generic.txt")), key=len, reverse=True))
    head_functions, body_functions, domains = [], {}, {}
    for row in _rows("agency_functions.tsv"):
        if row[0] == "head":
            head_functions.append((row[1], row[2]))
        else:
            body_functions[row[1]] = row[2]
            if len(row) > 3 and row[3] == "domain":
                domains[row[1]] = row[2]
    places, short, homonyms = _load_places()
    cues: dict[str, list[str]] = {}
    convention = []
    for cls, word in _rows("responsibility_cues.tsv"):
        if cls == "convention":
            convention.append(word)
        else:
            cues.setdefault(cls, []).append(word)
    return Lexicon(
        heads=heads,
        head_re=re.compile("|".join(_guarded(word) for word in sorted({*heads, *abbreviations}, key=len,
                                                                      reverse=True))),
        body_words=body_words,
        body_max=max(map(len, body_words)),
        abbreviations=abbreviations,
        fixed=fixed,
        fixed_re=re.compile("|".join(f"(?P<f{i}>{f.pattern.pattern})" for i, f in enumerate(fixed))),
        generic_before=generic,
        enterprise_groups=frozenset(row[0] for row in _rows("enterprise_groups.txt")),
        head_functions=tuple(head_functions),
        body_functions=body_functions,
        domains=domains,
        places=places,
        homonyms=homonyms,
        place_short=short,
        place_max=max(map(len, places)),
        place_sizes=_sizes_by_last_character(name for name in places if len(name) >= 3),
        cues={cls: tuple(sorted(words, key=len, reverse=True)) for cls, words in cues.items()},
        convention_re=re.compile("|".join(convention)),
    )
