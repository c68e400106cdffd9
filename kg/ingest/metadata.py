"""What a plan says about itself, and what the user says for it.

:func:`detect_metadata` reads a plan's title, publication date, issuing body, document number, kind
of plan, jurisdiction (name and administrative level) and the year(s) it is for; the user's
:class:`~kg.model.MetaOverrides` (command-line options, or a sidecar file read by :func:`load_sidecar`)
win field by field.

How each field is found, strongest evidence first:

title
    the plan's own title line (a 通知 that wraps it gives the plan's title: "关于印发X的通知" -> X);
    else the title the container declared (HTML ``<title>``, PDF/DOCX properties).
published
    a labelled date (发布日期 > 发布时间 > 成文日期 > 发文日期), the container's date, then the date under
    a signature. Dates as "2022-11-25", "2022/11/25", "2022年11月25日", "20221125",
    "二〇二二年十一月二十五日".
issuer
    发布机构/发文机关, the signature above a date line, a 来源 that names a body, the body a title starts
    with ("义乌市应急管理局 2019年…", "X人民政府关于印发…"). A relative name ("市应急管理局") gets the
    jurisdiction's name.
doc_number
    a 文号 label, or a line holding only a document number: "石大政发〔2022〕61号", also when its
    brackets were lost ("石大政发202261").
doc_type
    from the title's words: summary_and_plan (总结…思路/计划), five_year_plan (十四五/五年规划/2021-2025),
    campaign_plan (专项整治/专项行动/…行动方案), work_plan (工作计划/要点/安排/方案/思路), else other.
jurisdiction, level
    the place names a title (or the issuer) starts with, most specific last ("石嘴山市大武口区" ->
    大武口区); else the level words of the text ("全省", "我市", "全镇") decide which suffix to look for and
    the most mentioned place with that suffix wins: provinces and prefecture-level cities come from
    data tables (``data/provinces.tsv``, ``data/prefecture_cities.tsv``, with short forms such as
    "浙江" in "平安浙江" and "穗" in "驻穗部队"); other places are read from the text by their suffix
    (X区, X县, X镇 ...). The level follows the suffix: 省/自治区 -> province; a prefecture-level 市,
    自治州, 地区, 盟 -> city; any other 市 (义乌市), 县, 旗 -> county; 区 -> district; 镇/乡/街道 -> town.
    When no name is found, the level words alone give the level ("全镇" -> town).
year, end_year
    the title's year (a summary with next year's plan: the next year; 十四五: 2021-2025; "2021-2025年":
    both; "2026厦门马拉松赛"), "2022年是…" or "为做好2021年…" where the body starts (after the line a
    notice is addressed on), a heading such as "2020年工作思路", and last the publication date: its
    year, but for a plan published in the last quarter (it may be next year's), which is for the first
    year its work is due in.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, get_args

from kg.errors import InputError
from kg.ingest.structure import DATE_LINE, DOC_NUMBER_LINE, ORG_LINE, cn_number, find_title_lines, signs
from kg.model import AdminLevel, DocType, DocumentMeta, MetaOverrides, Node, RawText

__all__ = [
    "SIDECAR_NAMES",
    "admin_level",
    "apply_overrides",
    "detect_metadata",
    "find_sidecar",
    "load_sidecar",
    "parse_date",
]

LEVELS: tuple[str, ...] = get_args(AdminLevel)
DOC_TYPES: tuple[str, ...] = get_args(DocType)
SIDECAR_NAMES = ("emkg-metadata.csv", "emkg-metadata.yaml", "emkg-metadata.yml")
SIDECAR_COLUMNS = ("file", "jurisdiction", "level", "year", "doc_type", "title")

# --- dates -----------------------------------------------------------------------------------------
_CN_YEAR_DIGITS = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
                   "六": "6", "七": "7", "八": "8", "九": "9"}
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日?)"
    r"|(?<!\d)(?P<y3>(?:19|20)\d{2})(?P<m3>[01]\d)(?P<d3>[0-3]\d)(?!\d)"
    r"|(?P<y4>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m4>[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<d4>[一二三四五六七八九十]{1,3})\s*日"
)
_DATE_LABELS = ("发布日期", "发布时间", "成文日期", "发文日期", "印发日期")
_LABELLED_DATE = re.compile(rf"({'|'.join(_DATE_LABELS)})\s*[:：]?\s*")

# --- titles, issuers, numbers ----------------------------------------------------------------------
_WRAPPED_TITLE = re.compile(r"关于(?:印发|转发|下发|发布|颁布)(?P<inner>.+?)的?(?:通知|决定|通报|批复)")
_TITLE_QUOTES = "《》“”\"〈〉"
_ORG_SUFFIX = (r"(?:人民政府|政府|委员会|办公室|办公厅|指挥部|领导小组|管理局|应急管理厅|厅|局|委|办|中心|"
               r"党委|党组|部)")
_ORG_NAME = re.compile(rf"[\u4e00-\u9fff()（）]{{0,30}}{_ORG_SUFFIX}")
_LEADING_ORG = re.compile(
    rf"^(?P<org>[\u4e00-\u9fff]{{2,30}}?{_ORG_SUFFIX})(?:\s+|关于|(?=(?:19|20)\d{{2}}\s*年))")
_ISSUER_LABEL = re.compile(r"(发布机构|发文机关|发文单位|信息来源|来\s*源)\s*[:：][ \t]*")
_ISSUER_VALUE = re.compile(r"[\u4e00-\u9fff()（）]{2,40}")
_STRONG_ISSUER_LABELS = frozenset({"发布机构", "发文机关", "发文单位"})
_DOC_NUMBER_LABEL = re.compile(r"(?:发文字号|文\s*号)\s*[:：]\s*(?P<value>\S{4,30})")
_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,10}?)\s*[〔\[［(（【]\s*(?P<year>(?:19|20)\d{2})\s*"
    r"[〕\]］)）】]\s*(?P<serial>\d{1,4})\s*号"
)

# --- kinds of plan ---------------------------------------------------------------------------------
_FIVE_YEAR = re.compile(r"十([一二三四五六七八九])五")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*(?:年\s*)?[-—–~～至到]\s*((?:19|20)\d{2})\s*年?")
# The summing-up half of a summary and plan: "2024年工作总结", "2024年工作开展情况", "工作情况汇报",
# "局长2025年度述职报告".
_SUMMARY = r"(?:总结|情况|回顾|汇报|述职)"
_SUMMARY_WORD = re.compile(_SUMMARY)
_YEAR_AFTER_SUMMARY = re.compile(_SUMMARY + r"[^\d]{0,30}?((?:19|20)\d{2})\s*年")
_DOC_TYPE_RULES: tuple[tuple[DocType, re.Pattern[str]], ...] = (
    ("summary_and_plan", re.compile(_SUMMARY + r".{0,20}?(?:思路|计划|打算|安排|要点|重点|设想|谋划|展望|举措"
                                               r"|部署|任务)")),
    ("five_year_plan", re.compile(r"十[一二三四五六七八九]五.{0,30}规划|五年规划|五年发展规划|"
                                  r"规划\s*[(（]?\s*(?:19|20)\d{2}\s*(?:年\s*)?[-—–~～至到]")),
    ("campaign_plan", re.compile(r"专项整治|专项行动|专项治理|集中整治|攻坚行动|百日行动|大排查|大整治|"
                                 r"行动方案")),
    ("work_plan", re.compile(r"工作(?:计划|要点|安排|方案|思路|重点|任务|设想|谋划|举措|措施|部署)|重点任务"
                             r"|年度?.{0,20}?(?:计划|要点|安排)")),
)
_PLAN_HEADING = re.compile(r"((?:19|20)\d{2})\s*年度?.{0,12}?(?:工作思路|工作计划|工作要点|工作安排|"
                           r"工作打算|重点工作|主要工作|工作任务|工作目标|工作设想|工作谋划|工作重点|思路|计划|要点|安排|"
                           r"打算|设想)")
_BODY_YEAR = re.compile(
    r"\s*(?:((?:19|20)\d{2})\s*年\s*(?:是|,|，)|为[^。\n]{0,10}?((?:19|20)\d{2})\s*年度?)")

# "今年是“十五五”开局之年" (the stock opening of a plan): the year is the five-year period's first or last
_YEAR_OF_A_FIVE_YEAR_PLAN = re.compile(
    r"(?:今年|本年度?)是[“\"]?(?P<plan>十[一二三四五六七八九]五)[”\"]?(?:规划)?的?"
    r"(?P<which>开局|起步|开篇|收官|决胜|最后一|冲刺)之?年")
_FIRST_YEAR_WORDS = ("开局", "起步", "开篇")
BODY_YEAR_REACH = 300  # characters of the body's opening where that sentence is looked for

# --- places ----------------------------------------------------------------------------------------
_ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "街道", "新区", "林区",
                   "特区", "苏木", "省", "市", "盟", "县", "旗", "区", "镇", "乡")
# A title that opens with a place and then its year: "南山区2024年…", "邹城市2024年…" are places though
# their names end like common words (山区, 城市).
_YEAR_AFTER_PLACE = re.compile(r"\s*(?:(?:19|20)\d{2}\s*(?:[-—–~～至到]\s*(?:19|20)?\d{2}\s*)?年"
                               r"|[“\"]?十[一二三四五六七八九]五)")  # "望城区2024—2025年…"
# ... or its own body ("韩城市应急管理局…", "诸城市人民政府关于…")
_BODY_AFTER_PLACE = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:人民政府|政府|委员会|办公室|指挥部|局|厅)")
_AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
# what a title opens with before its place: a year, 中共, 关于, a speech's speaker and 在 ("X同志在岚州市…")
_TITLE_PREFIX = re.compile(
    r"^\s*(?:(?:19|20)\d{2}\s*年度?|中共|关于(?:印发)?|(?:[\u4e00-\u9fff]{2,4}同志)?在)\s*")
_PLACE = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{1,16}}?)(?P<suffix>{'|'.join(_ADMIN_SUFFIXES)})")
_PLACE_SUFFIX_AT = re.compile(r"市|县|镇|乡|区(?!域)")
# 乡镇, 市县: two levels, not a name that holds one (but 中山市|三乡镇)
_LEVEL_PAIRS = frozenset(("乡镇", "镇乡", "市县", "县市", "县区", "区县",
                          "市区", "区市", "镇区", "区镇", "县乡", "乡县"))
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_NOT_IN_A_NAME = re.compile(r"政府|关于|印发|委员会|办公|管理|应急|安全|住房|城乡")
_LEVEL_WORD = re.compile(r"(?:全|我|本)(街道|省|市|区|县|旗|镇|乡|州|盟)(?!场|域|份|级|情)")
# Words that point at a place without naming it: 全市, 我县, 本区, 该镇, 各乡, 此地, 每县.
_DEICTIC = "全我本该各此每"
# One-character names that make a common word with any suffix (全市, 城区, 社区, 新区 ...).
_GENERIC_NAME_CHARS = frozenset("全我本该各此每两多其城都超社园景辖地山库矿灾片小街校郊新老原旧大上下前后内外"
                                "省市县区镇乡村州旗盟")
# Last characters of a name part that make "X + suffix" a common noun: 城市, 上市, 开发区, 高风险区, 乡镇 ...
# (and, for every suffix, 试点/示范 and the level characters themselves: 试点县, 示范镇, 市县)
_STOP_LAST = {
    "市": frozenset("城都超门股夜集早菜闹开黑上花鱼米楼球车"),
    "区": frozenset("城社园景辖地山库矿灾片小街校郊营防战军疫洪涝险害点心范护发能验行聚税游业济新老边湾港"
                   "牧林垦试域划分政"),
    "县": frozenset("郊"),
    "镇": frozenset("城乡村集重小古名制坐色"),
    "乡": frozenset("城下家故老回返还异他同"),
    "省": frozenset("外邻兄"),
    "旗": frozenset("红国锦彩战党"),
    "盟": frozenset("联同结加"),
}
_GENERIC_NAMES = frozenset({
    "主城", "中心", "核心", "开发", "保护", "示范", "功能", "试验", "风景", "旅游", "工业", "产业",
    "经济", "高新", "行政", "农村", "城乡", "重点", "高危", "易发", "多发", "高发", "受灾", "灾害",
    "风险", "危险", "周边", "沿海", "边远", "贫困", "偏远", "民族", "其他", "相关", "有关", "所在",
    "管辖", "各级", "基层", "本级", "上级", "下级", "城市", "乡村", "农业", "林业", "牧业", "渔业",
    "矿业", "商业", "服务", "生活", "居住", "安置", "避险", "蓄滞", "自治",
})
# After these, a level character is a word of its own, not a place's suffix: 市委, 市政府, 区域, 县级 ...
_NOT_A_SUFFIX_AFTER = re.compile(r"委|政府|级|直|属|场|区|县|内|外|域|情|容|长|里|民|镇|乡|街|[(（]街道|、")
# Contexts in which a one-character abbreviation stands for a place: 驻穗部队, 在穗企业, 来浙人员.
_ABBREVIATION_CONTEXT = re.compile(
    r"(?:驻|在|来|赴|离|返|援)(.)(?=部队|单位|机构|企业|人员|高校|央企|务工|办事处)")
_CJK_NAME = re.compile(r"[^\W\d_a-zA-Z省市县区镇乡]+")  # ideographs, no level character inside
_AUTONOMOUS_NAME = re.compile(r"[^\W\d_a-zA-Z省市县区镇]+")  # 东乡族|自治县
_LEVEL_OF_WORD: dict[str, AdminLevel] = {
    "省": "province", "市": "city", "区": "district", "县": "county", "旗": "county",
    "镇": "town", "乡": "town", "街道": "town", "州": "city", "盟": "city"}
_INFERRED_SUFFIXES = {"市": ("市",), "区": ("区", "新区"), "县": ("县",), "旗": ("旗",), "镇": ("镇",),
                      "乡": ("乡",), "街道": ("街道",), "州": (), "盟": (), "省": ()}


# --- reference data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Places:
    provinces: dict[str, str]  # full name -> short name ("浙江省" -> "浙江")
    prefectures: dict[str, str]  # full name -> short name ("广州市" -> "广州")
    abbreviations: dict[str, tuple[str, ...]]  # one character -> full names ("穗" -> ("广州市",))


def _rows(name: str) -> list[list[str]]:
    text = resources.files("kg.ingest").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.cache
def _places() -> _Places:
    provinces: dict[str, str] = {}
    prefectures: dict[str, str] = {}
    abbreviations: dict[str, list[str]] = {}
    for full, short, *rest in _rows("provinces.tsv"):
        provinces[full] = short
        for abbreviation in (rest[0].split(",") if rest and rest[0] else ()):
            abbreviations.setdefault(abbreviation, []).append(full)
    for full, _province, short, *rest in _rows("prefecture_cities.tsv"):
        prefectures[full] = short
        for abbreviation in (rest[0].split(",") if rest and rest[0] else ()):
            abbreviations.setdefault(abbreviation, []).append(full)
    return _Places(provinces, prefectures, {key: tuple(value) for key, value in abbreviations.items()})


# a forest district (神农架林区), a county, names its forest before 林区; a city's district named for a
# grove (碑林区, 万柏林区, 北林区) is shorter
_FOREST_DISTRICT = 5


def admin_level(name: str) -> AdminLevel | None:
    """The administrative level a place name's suffix gives it.

    >>> admin_level("广州市"), admin_level("义乌市"), admin_level("大武口区"), admin_level("某某镇")
    ('city', 'county', 'district', 'town')
    >>> admin_level("浙江省"), admin_level("北京市"), admin_level("延边朝鲜族自治州"), admin_level("某某")
    ('province', 'province', 'city', None)
    """
    places = _places()
    if name in places.provinces or name.endswith(("省", "自治区", "特别行政区")):
        return "province"
    if name in places.prefectures or name.endswith(("自治州", "地区", "盟")):
        return "city"
    if name.endswith(("市", "县", "旗", "特区")) or (name.endswith("林区") and len(name) >= _FOREST_DISTRICT):
        return "county"
    if name.endswith("区"):
        return "district"
    if name.endswith(("镇", "乡", "街道", "苏木")):
        return "town"
    return None


def _is_listed(name: str) -> bool:
    """A province or a prefecture-level city of the tables."""
    listed = _places()
    return name in listed.provinces or name in listed.prefectures


def _plausible_place(name: str, suffix: str, after_place: bool = False) -> bool:
    """Whether ``name + suffix`` reads as a place rather than a common word (城市, 社区, 开发区 ...).
    Right after another place name (``after_place``: "杭州市萧山区") a name of two or more characters is
    a place even when it ends like a common word (山区)."""
    if _is_listed(name + suffix):
        return True  # 成都市, 京都…: a listed place even when its name ends like a common word (都市)
    if suffix == "地区":  # 重点地区, 贫困地区 ...: only the listed 地区 are places
        return False
    if len(name) == 1:
        return name not in _GENERIC_NAME_CHARS
    stop_last = () if after_place else _STOP_LAST.get(suffix[-1], ())
    if name in _GENERIC_NAMES or name[-1] in stop_last or name[-1] in "省市县区镇乡点范":
        return False
    return name[0] not in _DEICTIC and name[-1] not in _DEICTIC


def _leading_places(text: str) -> list[str]:
    """The place names a title or an issuer starts with: "2022年广东省广州市…" -> ["广东省", "广州市"]."""
    text = _TITLE_PREFIX.sub("", text.strip(_TITLE_QUOTES + " "))
    places: list[str] = []
    position = 0
    prefecture = _prefecture_by_short_name(text)
    if prefecture is not None:  # "黔东南州应急管理局…": an autonomous prefecture by its short name
        places.append(prefecture[1])
        position = prefecture[0]
    while (found := _place_at(text, position, after_place=bool(places))) is not None:
        end, name, suffix, doubled = found
        if _NOT_IN_A_NAME.search(text, position, end):
            break  # "江山区|人民政府关于印发江山区", "杭州市|住房和城乡": the place's body, no further place
        # a title opening with its place, then its year or the place's own body: 南山区2024年, 诸城市人民政府
        short_county = len(name) == 1 and suffix == "县" and name not in _DEICTIC + "两多其"  # 新县, 沛县
        opens = position == 0 and (len(name) >= 2 or short_county) and name[0] not in _DEICTIC and (
            _YEAR_AFTER_PLACE.match(text, end) or _BODY_AFTER_PLACE.match(text, end))
        if not (opens or doubled or _plausible_place(name, suffix, after_place=bool(places))):
            break
        places.append(text[position:end])
        position = end
    return places


def _prefecture_by_short_name(text: str) -> tuple[int, str] | None:
    """An autonomous prefecture a text opens with by its short name and 州 ("凉山州", "恩施州"): where the
    name ends, and the prefecture's full name."""
    forms = _autonomous_prefecture_forms()
    for size in range(6, 2, -1):
        full = forms.get(text[:size])
        if full is not None:
            return size, full
    return None


@functools.cache
def _autonomous_prefecture_forms() -> dict[str, str]:
    return {short + "州": full for full, short in _places().prefectures.items() if full.endswith("自治州")}


def _place_at(text: str, position: int, after_place: bool = False) -> tuple[int, str, str, bool] | None:
    """The place name that starts at ``position``: ``(end, name, suffix, doubled)``. The shortest reading,
    unless a listed place or an autonomous area's name ("东乡族自治县") is longer, or a level character
    follows at once (新乡|市, 古镇|镇, 新市|镇: a name that holds a level character, ``doubled``)."""
    match = _PLACE.match(text, position)
    if match is None:
        return None
    longer = []
    for extra in range(1, 10):
        candidate = _PLACE.fullmatch(text, position, match.end() + extra)
        if candidate is not None and _CJK_RUN.fullmatch(text, position, candidate.end()):
            longer.append(candidate)
    for candidate in reversed(longer):
        full = candidate.group(0)
        if _is_listed(full) or (
                full.endswith(_AUTONOMOUS) and "族" in candidate.group("name")):
            return candidate.end(), candidate.group("name"), candidate.group("suffix"), False
    if _is_listed(match.group(0)):
        return match.end(), match.group("name"), match.group("suffix"), False
    one_character = len(match.group("name")) == 1
    if one_character and match.group("suffix") in ("乡", "镇"):
        # 西乡|塘区, 滦镇|街道: a town named by one character runs on into the place it names; no town comes
        # before its own district or county, and a street is no town's
        above = next((c for c in longer if c.group("suffix") in ("区", "县", "市", "街道")
                      and c.end() - match.end() <= 2), None)
        if above is not None:
            return above.end(), above.group("name"), above.group("suffix"), False
    following = _PLACE_SUFFIX_AT.match(text, match.end())
    pair = match.group("suffix")[-1] + (following.group() if following else "")
    # 辉县|市, 赣县|区, 安乡|县: a place named X县 or X乡 and its own level, not two levels
    two_levels = pair in _LEVEL_PAIRS and not (after_place and pair in ("乡镇", "镇乡")) and not (
        pair in ("县市", "县区", "乡县") and one_character)
    if following is not None and not two_levels and _NOT_A_SUFFIX_AFTER.match(
            text, following.end()) is None and match.group("name") not in _GENERIC_NAMES:
        end = following.end()  # 宁乡|市, 古镇|镇
        return end, text[position:end - len(following.group())], following.group(), True
    return match.end(), match.group("name"), match.group("suffix"), False


# --- dates -----------------------------------------------------------------------------------------


def _arabic_digits(digits: str) -> str:
    """A year written digit by digit in Chinese numerals, in Arabic ones: "二〇二五" -> "2025"."""
    return "".join(_CN_YEAR_DIGITS[ch] for ch in digits)


def _date_of(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    try:
        if groups["y4"]:
            year = int(_arabic_digits(groups["y4"]))
            return dt.date(year, cn_number(groups["m4"]) or 0, cn_number(groups["d4"]) or 0)
        for year, month, day in (("y", "m", "d"), ("y", "m2", "d2"), ("y3", "m3", "d3")):
            if groups[year] and groups[month]:
                return dt.date(int(groups[year]), int(groups[month]), int(groups[day]))
    except ValueError:  # 2022-13-45: not a date
        return None
    return None


def parse_date(text: str) -> dt.date | None:
    """The first valid date written in ``text``, in any of the usual Chinese formats.

    >>> parse_date("发布日期:2019-03-17 16:45"), parse_date("2022年11月25日"), parse_date("20221125")
    (datetime.date(2019, 3, 17), datetime.date(2022, 11, 25), datetime.date(2022, 11, 25))
    >>> parse_date("二〇二二年十一月二十五日"), parse_date("2022/13/40")
    (datetime.date(2022, 11, 25), None)
    """
    for match in _DATE.finditer(text):
        date = _date_of(match)
        if date is not None:
            return date
    return None


def _labelled_date(text: str) -> dt.date | None:
    found: dict[str, dt.date] = {}
    for label in _LABELLED_DATE.finditer(text):
        match = _DATE.match(text, label.end())
        date = _date_of(match) if match else None
        if date is not None:
            found.setdefault(label.group(1), date)
    return next((found[label] for label in _DATE_LABELS if label in found), None)


def _signature(text: str) -> tuple[str | None, dt.date | None]:
    """The body and date of a signature: an organisation's name on a line, its date on the next."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for above, line in itertools.pairwise(lines):
        if DATE_LINE.match(line) and signs(above):
            return above.split()[-1], parse_date(line)  # of a joint signature the last (the government)
    return None, None


def _speaker(text: str, title_end: int) -> str | None:
    """The body a speech's speaker holds a post in, from the line under its title ("青城县人民政府副县长
    李明华" -> 青城县人民政府): where a speech titled "在全县…会议上的讲话" is from."""
    for line in _lines_under(text, title_end):
        if (match := _SPEAKER_LINE.fullmatch(line)) is not None:
            return match.group("org")
    return None


_SPEAKER_LINE = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{2,20}?(?:人民政府|政府|党委|委员会|委|局|厅))(?:党组)?"
    r"(?:常务)?副?(?:省长|市长|县长|区长|州长|盟长|旗长|镇长|乡长|主任|书记|局长|厅长|秘书长|主席)"
    r"\s*[\u4e00-\u9fff]{2,4}")


def _lines_under(text: str, title_end: int) -> list[str]:
    """The first lines under a title, where a speech names its speaker and date."""
    lines = [line.strip() for line in text[title_end:].splitlines()[:LINES_UNDER_TITLE + 1]]
    return [line for line in lines if line][:LINES_UNDER_TITLE]


def _date_under_title(text: str, title_end: int) -> dt.date | None:
    """The date a speech gives in brackets under its title and its speaker ("(2026年2月12日)")."""
    for line in _lines_under(text, title_end):
        if (match := _BRACKETED_DATE.fullmatch(line)) is not None:
            return parse_date(match.group(1))
    return None


_BRACKETED_DATE = re.compile(r"[(（]\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[)）]")
LINES_UNDER_TITLE = 3  # the speaker's post and name may stand between


# --- the fields ------------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    # (?<!\s): a run of spaces is tried from its first one only, not from each (quadratic on a long run).
    title = re.sub(r"(?<!\s)\s*\n\s*", "", title).strip()
    wrapped = _WRAPPED_TITLE.search(title)
    if wrapped:
        title = wrapped.group("inner").strip(_TITLE_QUOTES + " ")
    return title


def _container_title(title: str | None) -> str | None:
    """A container's title without the site name ("2022年…要点_广州市应急管理局" -> "2022年…要点")."""
    if not title:
        return None
    parts = [part.strip() for part in re.split(r"(?<!\s)(?:\s*[_|]\s*|\s+-\s+)", title) if part.strip()]
    return _clean_title(parts[0]) if parts else None


def _issuer(text: str, title_line: str | None, wrapper: str | None) -> str | None:
    labelled: dict[str, str] = {}
    for label in _ISSUER_LABEL.finditer(text):
        key = re.sub(r"\s", "", label.group(1))
        rest = text[label.end():label.end() + 80]
        same_line = rest.split("\n", 1)[0]
        value = _ISSUER_VALUE.match(same_line)
        if value is None and not same_line.strip():  # the value is on a line of its own below the label
            below = next((line.strip() for line in rest.split("\n")[1:4] if line.strip()), "")
            value = _ISSUER_VALUE.fullmatch(below) if ORG_LINE.match(below) else None
        if value is not None and (key in _STRONG_ISSUER_LABELS or _ORG_NAME.fullmatch(value.group(0))):
            labelled.setdefault(key, value.group(0))
    for key in ("发布机构", "发文机关", "发文单位"):
        if key in labelled:
            return labelled[key]
    signed, _ = _signature(text)
    if signed:
        return signed
    for key in ("来源", "信息来源"):
        if key in labelled:
            return labelled[key]
    for line in (title_line, wrapper):
        match = _LEADING_ORG.match(line or "")
        if match:
            return match.group("org")
    return None


def _doc_number(text: str) -> str | None:
    labelled = _DOC_NUMBER_LABEL.search(text)
    if labelled:
        value = labelled.group("value")
        match = _DOC_NUMBER.fullmatch(value) or DOC_NUMBER_LINE.match(value)
        if match:
            return _canonical_doc_number(match)
    for line in text.splitlines():
        match = DOC_NUMBER_LINE.match(line.strip())
        if match:
            return _canonical_doc_number(match)
    return None


def _canonical_doc_number(match: re.Match[str]) -> str:
    groups = match.groupdict()
    year = groups.get("year") or groups.get("year2")
    serial = groups.get("serial") or groups.get("serial2")
    return f"{groups.get('prefix') or groups['prefix2']}〔{year}〕{int(serial or 0)}号"


def _doc_type(title: str | None, headings: list[str], body_head: str) -> DocType:
    if title:
        doc_type = next((doc_type for doc_type, rule in _DOC_TYPE_RULES if rule.search(title)), "other")
        if doc_type == "other" and _plans_ahead(title, headings):
            return "summary_and_plan"  # "2024年工作总结" with a part "二、2025年工作计划"
        return doc_type
    # No title: a heading such as "二、工作要点", or an opening on the year planned for, says work plan.
    # Headings say nothing about the other kinds: "强化专项整治" heads one part of any plan.
    work_plan = dict(_DOC_TYPE_RULES)["work_plan"]
    if any(work_plan.search(heading) for heading in headings) or _BODY_YEAR.match(body_head) \
            or "今年" in body_head[:200]:
        return "work_plan"
    return "other"


def _plans_ahead(title: str, headings: list[str]) -> bool:
    """A summary's title whose document has a part planning for a later year than the title names."""
    if not _SUMMARY_WORD.search(title):
        return False
    years = _title_years(title)
    return any(year > max(years, default=0) for year in _planned_years(headings)) or _plans_next_year(
        title, headings)


def _planned_years(headings: list[str]) -> list[int]:
    """The years the parts of a document plan for ("二、2026年工作计划")."""
    return [int(match.group(1)) for match in map(_PLAN_HEADING.search, headings) if match]


def _plans_next_year(title: str, headings: list[str]) -> bool:
    """Whether the title or a part plans for the year after the one summed up: by saying so, or, in a
    summary of a whole year, by planning the next step ("二、下一步工作打算", "下一阶段重点工作")."""
    if any(_NEXT_YEAR_PLAN.search(words) for words in (title, *headings)):
        return True
    return _SUMMARY_WORD.search(title) is not None and not _PART_OF_A_YEAR.search(title) and any(
        _NEXT_STEP_PLAN.match(heading) for heading in headings)


# a part or a title planning for the year after the one summed up: "三、明年工作打算", "…总结及明年工作计划"
_NEXT_YEAR_PLAN = re.compile(r"(?:明年|来年|下一年)度?.{0,8}?(?:思路|计划|打算|安排|要点|设想|重点)")
# a part planning what comes next: "下一步工作打算", "下一阶段重点工作", "今后工作重点"
_NEXT_STEP_PLAN = re.compile(r"\s*(?:下一步|下步|下一阶段|下阶段|今后)[^,，。;；]{0,8}?"
                             r"(?:思路|计划|打算|安排|要点|设想|重点|工作|举措|措施|谋划)")
# a summary of part of a year, whose next step is in the same year
_PART_OF_A_YEAR = re.compile(r"半年|季度|\d{1,2}月|[一二三四五六七八九十]{1,2}月")


def _five_year_span(text: str) -> tuple[int, int] | None:
    """十四五 -> (2021, 2025): the n-th five-year plan starts in 1966 + 5 (n - 3) (from the third on)."""
    match = _FIVE_YEAR.search(text)
    if match is None:
        return None
    start = 1966 + 5 * (10 + (cn_number(match.group(1)) or 0) - 3)
    return start, start + 4


def _year_from_title(title: str, doc_type: DocType) -> tuple[int | None, int | None]:
    title = _CN_YEAR.sub(_arabic_year, title)  # 二〇二五年 -> 2025年
    span = _YEAR_RANGE.search(title)
    if span:
        return int(span.group(1)), int(span.group(2))
    five_year = _five_year_span(title)
    if five_year:
        return five_year
    years = _title_years(title)
    if doc_type == "summary_and_plan" and "下半年" not in title:  # 上半年总结及下半年计划: the same year
        after_summary = _YEAR_AFTER_SUMMARY.search(title)
        if after_summary:
            return int(after_summary.group(1)), None
        if years:  # "2019年工作总结及明年工作思路"
            return max(years) + 1, None
    audited = _AUDITED_YEAR.search(title)
    if audited:  # "关于抓好2023年度安全生产考核巡查反馈问题整改的通知": rectified the year after
        return int(audited.group(1)) + 1, None
    return (years[0], None) if years else (None, None)


# a year's assessment or inspection whose findings the plan rectifies
_AUDITED_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度[^,，。]{0,24}?(?:考核|巡查|督查|巡视|督察|检查)"
                           r"[^,，。]{0,12}?问题(?:的)?整改")


def _title_years(title: str) -> list[int]:
    """The years a title names ("2024年…2025年"), in order."""
    return [int(year) for year in _TITLE_YEAR.findall(title)]


# "2026年…", or a year naming an event without 年 ("2026厦门马拉松赛"), not a count ("2026个")
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})"
                         r"(?:\s*年|(?=[\u4e00-\u9fff“\"])(?![号届期次元万个件名人家户]))")
_CN_YEAR = re.compile(r"[一二][〇○零一二三四五六七八九]{3}(?=年)")


def _arabic_year(match: re.Match[str]) -> str:
    return _arabic_digits(match.group())


# Only a last resort: a plan published from January to September is, almost always, that year's plan;
# one published in the last quarter may be next year's, so it says nothing
_LAST_MONTH_OF_ITS_OWN_YEAR = 9
# the line a notice is addressed on, ending in a colon: "各乡镇人民政府,县直有关部门:"
_ADDRESSEE_LINE = re.compile(r"\s*(?=\S)[^\n。:：]{2,80}[:：][^\S\n]*\n")


def _year(title: str | None, doc_type: DocType, body: str, headings: list[str],
          published: dt.date | None) -> tuple[int | None, int | None]:
    body_head = _CN_YEAR.sub(_arabic_year, body[:400])  # "二〇二六年是…" as "2026年是…"
    if title:
        year, end_year = _year_from_title(title, doc_type)
        if year is not None:
            return year, end_year
    addressees = _ADDRESSEE_LINE.match(body_head)  # "各乡镇人民政府,县直有关部门:" before "为做好2026年…"
    opening = _BODY_YEAR.match(body_head, addressees.end() if addressees else 0)
    if opening:
        year = int(opening.group(1) or opening.group(2))
        return (_planned_year(year, title, headings) if doc_type == "summary_and_plan" else year), None
    this_year = _YEAR_OF_A_FIVE_YEAR_PLAN.search(body_head[:BODY_YEAR_REACH])
    if this_year and (five_year := _five_year_span(this_year.group("plan"))):
        return (five_year[0] if this_year.group("which") in _FIRST_YEAR_WORDS else five_year[1]), None
    planned = _planned_years(headings)  # "一、2019年主要工作" / "二、2020年工作思路": the latest is planned
    if planned:
        return max(planned), None
    if doc_type == "five_year_plan":
        five_year = _five_year_span(body_head)
        if five_year:
            return five_year
    plan = doc_type in ("work_plan", "campaign_plan") or (
        doc_type == "other" and bool(title) and title.endswith(_PLAN_ENDINGS))  # "…实施方案"
    if published is not None and (published.month <= _LAST_MONTH_OF_ITS_OWN_YEAR or not plan):
        return published.year, None  # a notice is for the time it is issued in, whenever that is
    return (_first_due_year(body) if plan else None), None


def _planned_year(summed_up: int, title: str | None, headings: list[str]) -> int:
    """The year a summary with a plan plans for, when its opening names the year it sums up ("2025年,我局…"):
    a later year a part heads ("二、2026年工作计划"), or the next one where title or part says 明年."""
    later = _planned_years(headings)
    if later and max(later) > summed_up:
        return max(later)
    return summed_up + 1 if _plans_next_year(title or "", headings) else summed_up


_PLAN_ENDINGS = ("方案", "计划", "要点", "安排", "意见")
# a year that work is due by: "到2026年底", "(2026年3月底前)", "2027年6月前完成" (not "截至2025年",
# "2025年9月底前已…")
_DUE_YEAR = re.compile(r"(?:到|(?<!截)至|于|在)((?:19|20)\d{2})年"
                       r"|((?:19|20)\d{2})年(?:\d{1,2}月)?(?:底|末|年底)?前(?!已)")


def _first_due_year(body: str) -> int | None:
    """A plan whose title and dates name no year is for the first year its work is due in (the phases
    and goals of an implementation plan: "动员部署阶段(2026年3月底前)", "到2026年底,全镇…达标")."""
    years = [int(m.group(1) or m.group(2)) for m in _DUE_YEAR.finditer(body)]
    return min(years) if years else None


# --- jurisdiction ----------------------------------------------------------------------------------


def _level_word(title: str | None, text: str) -> str | None:
    """The suffix of the level words ("全省", "我市", "全镇") the title uses, else the text uses most."""
    for source in (title or "", text):
        counts = Counter(_LEVEL_WORD.findall(source))
        if counts:
            return counts.most_common(1)[0][0]
    return None


@functools.cache
def _listed_places(level_word: str) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """The listed places a level word can stand for (full name -> short name), and one pattern that
    finds any of their short names."""
    places = _places()
    names: dict[str, str] = {}
    if level_word == "省":
        names = {full: short for full, short in places.provinces.items() if full.endswith("省")}
    elif level_word == "区":
        names = {full: short for full, short in places.provinces.items() if full.endswith("自治区")}
    elif level_word == "市":
        names = {full: short for full, short in places.provinces.items() if full.endswith("市")}
        names.update({full: short for full, short in places.prefectures.items() if full.endswith("市")})
    elif level_word in ("州", "盟"):
        names = {full: short for full, short in places.prefectures.items() if full.endswith(level_word)}
    if not names:
        return names, None
    shorts = sorted(set(names.values()), key=len, reverse=True)
    return names, re.compile("|".join(map(re.escape, shorts)))


def _known_candidates(text: str, level_word: str) -> dict[str, float]:
    """Listed places with the level word's suffix, scored by mentions: the full name counts 1, the
    short name alone ("平安浙江") and an abbreviation in context ("驻穗部队") count 1/2."""
    names, short_names = _listed_places(level_word)
    if short_names is None:
        return {}
    mentions = Counter(match.group() for match in short_names.finditer(text))
    scores: dict[str, float] = {}
    for full, short in names.items():
        if mentions[short]:
            full_count = text.count(full)
            scores[full] = full_count + 0.5 * (mentions[short] - full_count)
    for match in _ABBREVIATION_CONTEXT.finditer(text):
        for full in _places().abbreviations.get(match.group(1), ()):
            if full in names:
                scores[full] = scores.get(full, 0) + 0.5
    return scores


def _inferred_candidates(text: str, level_word: str) -> dict[str, float]:
    """Places read from the text by their suffix: the 2-4 characters before each "区" (say), up to 10
    before an autonomous county's 自治县, are candidate names; one that comes back at least twice is a
    place. A name that only ever comes inside longer ones ("武口" in "大武口"; "土家族自治县" in
    "长阳土家族自治县" and "五峰土家族自治县") gives way to them."""
    counts: Counter[str] = Counter()
    for suffix in _INFERRED_SUFFIXES.get(level_word, ()):
        for match in re.finditer(re.escape(suffix), text):
            if _NOT_A_SUFFIX_AFTER.match(text, match.end()):
                continue
            autonomous = text.endswith("自治", 0, match.start())  # 长阳土家族|自治县: the people's name too
            for length in range(2, 11) if autonomous else (2, 3, 4):
                name = text[max(0, match.start() - length):match.start()]
                shape = _AUTONOMOUS_NAME if autonomous else _CJK_NAME
                if len(name) == length and shape.fullmatch(name) and _plausible_place(name, suffix):
                    counts[name + suffix] += 1
    scores: dict[str, float] = {}
    for place, count in counts.items():
        if count < 2 or count == sum(counts[longer] for longer in counts
                                     if len(longer) == len(place) + 1 and longer.endswith(place)):
            continue
        scores[place] = float(count)
    return scores


def _jurisdiction_from_text(text: str, level_word: str) -> str | None:
    scores = _inferred_candidates(text, level_word)
    scores.update(_known_candidates(text, level_word))
    return _best_place(scores, text)


def _best_place(scores: dict[str, float], text: str) -> str | None:
    """The candidate named most, then the longest, then the first named."""
    if not scores:
        return None
    return max(scores, key=lambda place: (scores[place], len(place), -text.find(place)))


def _jurisdiction(title: str | None, wrapper: str | None, issuer: str | None,
                  text: str) -> tuple[str | None, AdminLevel | None]:
    for source in (title, wrapper, issuer):
        places = _leading_places(source or "")
        if places:
            return places[-1], admin_level(places[-1])
    level_word = _level_word(title, text)
    if level_word is None:
        return _town_named_in_text(text)
    place = _jurisdiction_from_text(text, level_word)
    if place is None:
        return None, _LEVEL_OF_WORD[level_word]
    return place, admin_level(place) or _LEVEL_OF_WORD[level_word]


_TOWN_WORDS = ("镇", "乡", "街道")


def _town_named_in_text(text: str) -> tuple[str | None, AdminLevel | None]:
    """With no place in the title and no level word anywhere, the town or street the text keeps naming
    ("2024年,分水镇应急管理工作…", "完成分水镇安委会成员调整"): a town's plan says whose it is only so."""
    scores: dict[str, float] = {}
    for word in _TOWN_WORDS:
        scores.update(_inferred_candidates(text, word))
    town = _best_place(scores, text)
    return (town, "town") if town else (None, None)


def _qualified_issuer(issuer: str | None, jurisdiction: str | None) -> str | None:
    """"市应急管理局" in a 义乌市 plan is "义乌市应急管理局"."""
    if issuer and jurisdiction and len(issuer) > 1 and issuer[0] == jurisdiction[-1] \
            and not issuer.startswith(jurisdiction):
        return jurisdiction + issuer[1:]
    return issuer


# --- putting it together ---------------------------------------------------------------------------


def _headings(root: Node) -> list[str]:
    return [node.heading for node in root.walk() if node.kind == "section" and node.heading]


def detect_metadata(raw: RawText, text: str, root: Node,
                    overrides: MetaOverrides | None = None) -> DocumentMeta:
    """Read a plan's metadata from its normalised ``text`` (and the reader's ``raw`` output, for
    what the container declares or the normaliser dropped); ``overrides`` win field by field.

    >>> from kg.ingest.structure import parse_structure
    >>> text = "2019年全省应急管理工作计划\\n发布日期:2019-03-17\\n为建设平安浙江,全省要…\\n一、加强监测。"
    >>> meta = detect_metadata(RawText("x.txt", "txt", text), text, parse_structure(text))
    >>> meta.title, meta.published, meta.jurisdiction, meta.level, meta.year, meta.doc_type
    ('2019年全省应急管理工作计划', datetime.date(2019, 3, 17), '浙江省', 'province', 2019, 'work_plan')
    """
    titles = find_title_lines(text)
    title_line = _clean_title(titles.title.text) if titles.title else None
    wrapper_line = titles.wrapper.text.strip() if titles.wrapper else None
    wrapped_title = _clean_title(wrapper_line) if wrapper_line else None
    title = title_line or wrapped_title or _container_title(raw.title)
    raw_text = unicodedata.normalize("NFKC", raw.text)
    body_start = root.children[0].span.start if root.children else 0
    body_head = text[body_start:body_start + 400]
    headings = _headings(root)
    _, signed_on = _signature(text)
    published = _labelled_date(text) or _labelled_date(raw_text) or raw.published or signed_on or (
        _date_under_title(text, titles.title.end) if titles.title else None)
    front_matter = unicodedata.normalize("NFKC", raw.front_matter)
    issuer = _issuer(text, titles.title.text if titles.title else None, wrapper_line) \
        or _issuer(raw_text, None, None) or _issuer(front_matter, None, None)
    doc_type = _doc_type(title, headings, body_head)
    speaker = _speaker(text, titles.title.end) if titles.title else None
    jurisdiction, level = _jurisdiction(title, wrapper_line, issuer or speaker, text)
    year, end_year = _year(title, doc_type, text[body_start:], headings, published)
    meta = DocumentMeta(
        title=title,
        published=published,
        issuer=_qualified_issuer(issuer, jurisdiction),
        doc_number=_doc_number(text) or _doc_number(raw_text) or _doc_number(front_matter),
        doc_type=doc_type,
        jurisdiction=jurisdiction,
        level=level,
        year=year,
        end_year=end_year,
    )
    return apply_overrides(meta, overrides)


def apply_overrides(meta: DocumentMeta, overrides: MetaOverrides | None) -> DocumentMeta:
    """``meta`` with every field the user gave replaced. A jurisdiction given without a level takes
    the level its suffix says; a year given alone drops a detected end year that no longer fits."""
    if overrides is None:
        return meta
    given = ((field.name, getattr(overrides, field.name)) for field in dataclasses.fields(overrides))
    changes: dict[str, Any] = {name: value for name, value in given if value is not None}
    if "jurisdiction" in changes and "level" not in changes:
        changes["level"] = admin_level(changes["jurisdiction"]) or meta.level
    if "year" in changes and meta.end_year is not None and changes["year"] != meta.year:
        changes["end_year"] = None
    return dataclasses.replace(meta, **changes)


# --- sidecar files ---------------------------------------------------------------------------------


def find_sidecar(folder: Path) -> Path | None:
    """The metadata sidecar file of a folder (``emkg-metadata.csv`` / ``.yaml`` / ``.yml``), if any.

    Raises :class:`~kg.errors.InputError` when the folder holds more than one.
    """
    found = [folder / name for name in SIDECAR_NAMES if (folder / name).is_file()]
    if len(found) > 1:
        raise InputError(folder, f"more than one metadata sidecar file ({', '.join(p.name for p in found)})",
                         "keep one of them")
    return found[0] if found else None


def load_sidecar(path: Path) -> dict[str, MetaOverrides]:
    """Read a sidecar file: input file name -> the metadata the user gives for it.

    CSV: a header row with ``file`` and any of ``jurisdiction, level, year, doc_type, title``; empty
    cells say nothing. YAML: a mapping ``file name: {field: value}``, or a list of mappings each with
    a ``file`` key. Raises :class:`~kg.errors.InputError` naming the file and the row for an unknown
    column, a bad level, year or type, a missing or repeated file name.
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        records = _csv_records(path)
    elif path.suffix.lower() in (".yaml", ".yml"):
        records = _yaml_records(path)
    else:
        raise InputError(path, "unknown sidecar format", "use a .csv or .yaml file")
    sidecar: dict[str, MetaOverrides] = {}
    for row, record in records:
        file_name, overrides = _overrides(path, row, record)
        if file_name in sidecar:
            raise InputError(path, f"{row}: file {file_name!r} is listed twice", "list each file once")
        sidecar[file_name] = overrides
    return sidecar


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # spreadsheets save Chinese CSV as GBK more often than not
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(path, "cannot decode the sidecar file", "save it as UTF-8")


def _csv_records(path: Path) -> list[tuple[str, dict[str, Any]]]:
    reader = csv.DictReader(_read_text(path).splitlines())
    columns = [column.strip() for column in reader.fieldnames or []]
    unknown = [column for column in columns if column not in SIDECAR_COLUMNS]
    if unknown:
        raise InputError(path, f"row 1: unknown column(s) {', '.join(map(repr, unknown))}",
                         f"the columns are: {', '.join(SIDECAR_COLUMNS)}")
    if "file" not in columns:
        raise InputError(path, "row 1: no 'file' column", f"the columns are: {', '.join(SIDECAR_COLUMNS)}")
    records = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise InputError(path, f"row {number}: more cells than columns", "quote cells that hold commas")
        cleaned = {key.strip(): (value or "").strip() for key, value in row.items()}
        if any(cleaned.values()):
            records.append((f"row {number}", {key: value for key, value in cleaned.items() if value}))
    return records


def _yaml_records(path: Path) -> list[tuple[str, dict[str, Any]]]:
    import yaml  # lazily: only sidecar users need it

    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as error:
        raise InputError(path, f"not valid YAML: {error}", "check the indentation and colons") from error
    if data is None:
        return []
    if isinstance(data, dict):
        items = []
        for name, fields in data.items():
            if fields is not None and not isinstance(fields, dict):
                raise InputError(path, f"entry {name!r}: expected a mapping of fields",
                                 "write 'file.txt: {jurisdiction: 某某镇, level: town}'")
            items.append((f"entry {name!r}", {"file": name, **(fields or {})}))
        return items
    if isinstance(data, list):
        items = []
        for number, record in enumerate(data, start=1):
            if not isinstance(record, dict):
                raise InputError(path, f"record {number}: expected a mapping", "write '- file: x.txt'")
            items.append((f"record {number}", record))
        return items
    raise InputError(path, "expected a mapping or a list of records", "see kg.ingest.metadata.load_sidecar")


def _overrides(path: Path, row: str, record: dict[str, Any]) -> tuple[str, MetaOverrides]:
    unknown = [key for key in record if key not in SIDECAR_COLUMNS]
    if unknown:
        raise InputError(path, f"{row}: unknown field(s) {', '.join(map(repr, map(str, unknown)))}",
                         f"the fields are: {', '.join(SIDECAR_COLUMNS)}")
    file_name = str(record.get("file") or "").strip()
    if not file_name:
        raise InputError(path, f"{row}: no file name", "every row names the input file it is about")
    level = _optional_str(record.get("level"))
    if level is not None and level not in LEVELS:
        raise InputError(path, f"{row}: bad level {level!r}", f"use one of: {', '.join(LEVELS)}")
    doc_type = _optional_str(record.get("doc_type"))
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise InputError(path, f"{row}: bad doc_type {doc_type!r}", f"use one of: {', '.join(DOC_TYPES)}")
    year = record.get("year")
    if year is not None and str(year).strip():
        if not re.fullmatch(r"\s*\d{4}\s*", str(year)):
            raise InputError(path, f"{row}: bad year {year!r}", "write a four-digit year such as 2021")
        year = int(year)
    else:
        year = None
    return file_name, MetaOverrides(jurisdiction=_optional_str(record.get("jurisdiction")), level=level,
                                    year=year, doc_type=doc_type, title=_optional_str(record.get("title")))


def _optional_str(value: Any) -> Any:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
