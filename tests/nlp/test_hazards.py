"""Hazard mentions: lexicon matching, guards against look-alikes, and the spaCy component."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from kg.nlp.components.hazards import LEXICON, find_hazards, parse_lexicon
from kg.nlp.text import read_pattern_text


def keys(text: str) -> list[str]:
    return [mention.key for mention in find_hazards(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("做好防汛防台工作", ["flood", "typhoon"]),
    ("加强森林火灾防控", ["forest_grassland_fire"]),  # the longer form wins over 火灾
    ("森林和草原火灾、地质灾害、地震", ["forest_grassland_fire", "geological", "earthquake"]),
    ("滑坡、泥石流监测", ["landslide", "debris_flow"]),
    ("推进矿山、尾矿库双预防体系建设", ["mining", "mining"]),
    ("危化品企业搬迁改造", ["hazardous_chemicals"]),
    ("加强城市防洪防涝与调蓄设施建设", ["flood", "urban_waterlogging"]),
    ("统筹解决道路积水问题", ["urban_waterlogging"]),
    ("防暴雨内涝快速预警", ["rainstorm", "urban_waterlogging"]),
    ("油气长输管道高后果区", ["oil_gas_pipeline", "oil_gas_pipeline"]),
    ("粉尘涉爆、有限空间、涉氨制冷作业", ["dust_explosion", "confined_space", "ammonia_refrigeration"]),
    ("统筹推进自然灾害防治", ["natural_disaster"]),
    ("做好疫情防控工作", ["epidemic"]),
])
def test_forms_map_to_scheme_keys(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


@pytest.mark.parametrize("text", [
    "防范化解重大风险攻坚战",  # 大风 inside 重大风险
    "较大风险管控",
    "加强网络防火墙建设",
    "强化工作落实,优化工作流程,细化工作措施,深化文化工作",  # 化工 inside X化工作
    "规范化工作,推进数字化工厂建设",
    "建设应急指挥平台风险监测模块",  # 台风 inside 平台风险
    "高温高压设备",
    "根据疫情防控形势,筹划举办现场会",
    "钢铁般的意志",
    "特种作业人员考核",
    "三防工作责任人",  # 三防 is not expanded
    "工矿商贸领域",
])
def test_look_alikes_are_not_hazards(text: str) -> None:
    assert keys(text) == []


def test_drainage_alone_is_not_urban_waterlogging() -> None:
    assert keys("防洪排涝安全") == ["flood"]
    assert keys("加强城区排涝能力建设") == ["urban_waterlogging"]


def test_mentions_keep_exact_offsets() -> None:
    text = "一、防汛\n全面加强台风和山洪灾害监测,做好森林防灭火。"
    for mention in find_hazards(text):
        assert text[mention.span.start:mention.span.end] == mention.span.text
    assert [m.span.text for m in find_hazards(text)] == ["防汛", "台风", "山洪", "森林防灭火"]


def test_every_lexicon_key_is_in_the_hazard_scheme() -> None:
    scheme = (resources.files("kg") / "ontology" / "hazards.tsv").read_text(encoding="utf-8")
    scheme_keys = {line.split("\t")[0] for line in scheme.splitlines()[1:] if line.strip()}
    lexicon = parse_lexicon(read_pattern_text(LEXICON))
    used = {key for entry in lexicon for key in entry.keys}
    assert used <= scheme_keys, used - scheme_keys
    assert len(used) >= 40  # the lexicon covers (nearly) the whole scheme


def test_lexicon_rejects_a_malformed_line() -> None:
    with pytest.raises(ValueError, match="line 1"):
        parse_lexicon("台风")


def test_guards_are_parsed() -> None:
    [entry] = parse_lexicon("化工\thazardous_chemicals\t强优\t作|程")
    assert entry.not_after == frozenset("强优")
    assert entry.not_before == ("作", "程")
    [blocker] = parse_lexicon("重大风险\t-")
    assert blocker.keys == ()


def test_lexicon_has_no_duplicate_surface() -> None:
    surfaces = [entry.surface for entry in parse_lexicon(read_pattern_text(LEXICON))]
    duplicates = {s for s in surfaces if surfaces.count(s) > 1}
    assert not duplicates
    assert all(not re.search(r"\s", s) for s in surfaces)
