"""The words that end a document's name ("…安全生产工作要点", "关于印发…的通知"): how a title line
(:mod:`kg.ingest.structure`) and a web page's own heading (:mod:`kg.ingest.readers.html`) are told."""

from __future__ import annotations

# end any document's name
KINDS = ("计划", "规划", "要点", "方案", "思路", "安排", "打算", "意见", "总结", "汇报", "纲要", "办法",
         "报告", "细则", "预案", "清单", "通知", "决定", "通报", "批复", "函", "讲话", "讲话稿", "发言",
         "致辞", "纪要", "交办单", "督办单")
# end a name only beside the year it is for ("2026年安全生产工作重点"): alone they head a part or a column
DATED_KINDS = ("设想", "谋划", "展望", "重点", "任务", "措施", "举措", "部署", "主要工作", "重点工作", "分工",
               "分工表", "分解", "分解表", "台账", "台帐", "责任书", "责任状", "推进表", "一览表", "任务表",
               "明细表", "名单", "名单公示", "值班表", "登记表", "汇总表", "责任表", "通讯录")
# end a name only where it names the place or body it binds ("岚溪镇人民政府应急值班值守制度",
# "沭阳县安全生产委员会成员单位安全生产工作职责")
BINDING_KINDS = ("规定", "制度", "规则", "规程", "职责", "职责分工")


def alternation(words: tuple[str, ...]) -> str:
    """A regex group matching any of ``words``."""
    return "(?:" + "|".join(words) + ")"
