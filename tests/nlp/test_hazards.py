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
    ("督促1200家涉粉尘企业落实除尘系统改造", ["dust_explosion"]),
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
    "以消防大队等专业队伍为骨干力量",  # the fire service by its name before 2018: a rescue force
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


@pytest.mark.parametrize("text", [
    "建立隐患点群测群防台账",  # 台账 is a ledger, not 防台
    "落实人防、技防台账管理,完善堤防台账和联防台账",
    "涉及高温、高压、有毒有害介质的企业",  # 高温 as a process condition
    "加强高温液态金属吊运和高温烟气管道检修",
    "防范高温部位烫伤,检修高温部件",
    "推广耐高温电缆,建设高温熔盐储能项目",
    "防止安全生产工作出现“滑坡”,防止经济滑坡",  # a decline, quoted or not
    "坚决防止作风滑坡,杜绝纪律滑坡、学风滑坡和师德滑坡",  # conduct, discipline, morals
    "以疾风暴雨之势开展专项整治,坚决避免“地震”式突击检查",
    "杜绝洪水猛兽式管控,应对金融海啸冲击,冰冻三尺非一日之寒",
    "加强冰雪游乐场所和冰雪节活动安全检查",  # winter leisure, not cold
    "疫苗储存配备超低温冰箱,发展低温物流,抽检低温肉制品",
    "加大风控力度,加大风电项目建设",  # 加大 + 风X
    "严防雷同,清除积水容器",
    "加强高温铁水吊运管理,落实高温焚烧设施运行管理",  # the heat of a process
    "推动家庭财产火灾保险扩展,榆林是国家重要的能源化工基地和钢铁基地",  # a cover, what a city is
])
def test_figurative_and_industrial_uses_are_not_hazards(text: str) -> None:
    assert keys(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("完善矿井防灭火系统,落实采空区防灭火措施", {"mining"}),  # mine fires, not forest fires
    ("煤矿要落实防灭火措施", {"mining"}),  # 防灭火 beside a mining mention
    ("防范高温高湿有限空间作业中毒", {"confined_space"}),  # 高温 of a workplace
    ("做好森林防灭火工作", {"forest_grassland_fire"}),
    ("做好防灭火工作", {"forest_grassland_fire"}),
    ("做好森林草原防火工作,落实林草防火责任制", {"forest_grassland_fire"}),  # no building fire
    ("汛期前完成全区97个易涝点整治", {"flood", "urban_waterlogging"}),
    ("做好强降雪期间道路保通", {"cold_wave"}),
    ("做好雨雪天气道路保通", {"cold_wave"}),
    ("做好黄河宁蒙段防凌工作", {"flood"}),  # ice-flood prevention
    ("沿海将出现150～250厘米风暴增水", {"storm_surge"}),
    ("做好受灾群众防寒保暖,防止出现冻伤", {"cold_wave"}),
    ("山体出现滑坡、“地震”和台风来临时", {"landslide", "earthquake", "typhoon"}),
    ("发布霾黄色预警,防范大雪、龙卷和海雾", {"fog", "cold_wave", "strong_wind"}),
    ("做好热带低压监测,防范道路积雪结冰、电线积冰和雨凇", {"typhoon", "cold_wave"}),
    ("做好防暑降温和中暑防范工作", {"heat_wave"}),
    ("加强高温天气户外作业防护", {"heat_wave"}),
    ("做好绿潮(浒苔)、咸潮和海水入侵、海岸侵蚀监测", {"marine"}),
    ("开展红火蚁、加拿大一枝黄花等外来入侵物种普查", {"biological"}),
    ("做好草地贪夜蛾、稻飞虱、小麦赤霉病和稻瘟病防控", {"biological"}),
    ("做好动物防疫和布鲁氏菌病等人畜共患病防控", {"animal_epidemic"}),
    ("做好震害防御和强震应急准备,开展震后评估", {"earthquake"}),
    ("防范采空区沉陷和地面沉陷", {"ground_subsidence"}),
    ("做好雾霾监测", {"fog"}),
    ("加强对诺如病毒、登革热、手足口病、流感的防控", {"epidemic"}),  # named infectious diseases
    ("做好禽流感防控", {"animal_epidemic"}),
    ("加强天然气管道巡查,防范供水管网漏损引发路面塌陷", {"gas", "ground_subsidence"}),
    ("天然气长输管道高后果区排查", {"oil_gas_pipeline"}),  # a long-distance line is no town gas
    ("修订石油天然气管道突发事件应急预案,开展油气输送管道排查", {"oil_gas_pipeline"}),
    ("督促企业对高炉、转炉煤气管网实施在线监测", {"metallurgy"}),  # a steelworks' gas
    ("对低温绝热气瓶开展专项检验", {"special_equipment"}),  # a cryogenic cylinder
    ("排查可燃性粉尘企业,防范突发水污染事件,做好布病防控和地表沉降监测",
     {"dust_explosion", "environmental_incident", "animal_epidemic", "ground_subsidence"}),
])
def test_named_hazards_and_their_contexts(text: str, expected: set[str]) -> None:
    assert set(keys(text)) == expected


def test_bare_fire_prevention_stays_fire() -> None:
    # 防火 without a forest word is read as fire even in a forest-fire plan, as the gold annotates it
    # (防火责任书 in the luquan forest-fire plan); only the forest task's own names are forest fire
    assert set(keys("签订防火责任书,做好森林草原防火工作")) == {"fire", "forest_grassland_fire"}
