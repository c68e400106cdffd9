"""Indicator tables read from flattened text (one cell per line, or tab-separated rows)."""

from __future__ import annotations

from kg.nlp.tables import find_indicator_tables


def test_one_cell_per_line() -> None:
    text = ("核心指标\n\n序号\n\n指标内容\n\n预期值\n\n指标性质\n\n"
            "1\n\n死亡人数\n\n下降15%\n\n约束性\n\n分项目标:\n")
    [table] = find_indicator_tables(text)
    assert table.header == ("序号", "指标内容", "预期值", "指标性质")
    assert (table.name_column, table.value_column, table.nature_column) == (1, 2, 3)
    [row] = table.rows
    assert [cell.text for cell in row.cells] == ["1", "死亡人数", "下降15%", "约束性"]
    assert row.serial == "1"
    assert text[row.span.start:row.span.end] == row.span.text
    assert table.span.end == row.span.end  # the table stops before "分项目标:"


def test_tab_separated_rows() -> None:
    text = "序号\t指标名称\t2025年目标\n1\t覆盖率\t100%\n2\t达标率\t≥90%\n"
    [table] = find_indicator_tables(text)
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [["1", "覆盖率", "100%"], ["2", "达标率", "≥90%"]]
    assert table.nature_column is None


def test_text_without_a_header_has_no_table() -> None:
    assert find_indicator_tables("序号\n1\n加强隐患排查\n2\n推进预案修订\n") == []
    assert find_indicator_tables("一、总体要求\n坚持人民至上。\n") == []


def test_a_category_column_before_the_serial_number() -> None:
    text = ("类别\t序号\t指标名称\t2020年基数\t2025年目标值\t指标属性\n"
            "安全生产\t1\t工矿商贸就业人员十万人生产安全事故死亡率\t126人\t下降20%\t约束性\n"
            "防灾减灾\t2\t年均每百万人口因自然灾害死亡率\t0.9\t<1\t预期性\n")
    [table] = find_indicator_tables(text)
    assert (table.name_column, table.value_column, table.nature_column) == (2, 4, 5)
    assert [row.serial for row in table.rows] == ["1", "2"]
    assert [table.cell(row, table.value_column).text for row in table.rows] == ["下降20%", "<1"]


def test_a_category_column_with_no_serial_number_written_once_a_group() -> None:
    text = ("类别\t指标名称\t单位\t2025年现状值\t2030年目标值\t指标属性\n"
            "安全生产\t重点行业领域企业安全生产标准化达标率\t%\t82\t95\t预期性\n"
            "生产安全事故死亡人数\t人\t6\t控制在4以内\t约束性\n"
            "防灾减灾\t综合减灾示范社区数量\t个\t18\t30以上\t预期性\n")
    [table] = find_indicator_tables(text)
    assert (table.name_column, table.value_column) == (1, 4)
    assert [table.cell(row, 1).text for row in table.rows] == [
        "重点行业领域企业安全生产标准化达标率", "生产安全事故死亡人数", "综合减灾示范社区数量"]
    assert [table.cell(row, 4).text for row in table.rows] == ["95", "控制在4以内", "30以上"]


def test_the_points_an_assessment_gives_a_row_are_no_goal() -> None:
    text = "序号\t考核指标\t目标值\t分值\n1\t森林火灾受害率\t≤0.8‰\t30\n2\t24小时扑灭率\t≥95%\t20\n"
    [table] = find_indicator_tables(text)
    assert [table.cell(row, table.value_column).text for row in table.rows] == ["≤0.8‰", "≥95%"]
