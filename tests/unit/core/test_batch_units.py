"""core.batch: table rows (text) -> facts per unit, with problems by row and column."""

from __future__ import annotations

import datetime as _dt

import pytest

from workbench.core.batch import MAX_UNITS, UnitTable, column_letter, read_units
from workbench.errors import BatchError


@pytest.fixture
def specs(minimal_template):
    return minimal_template.fact_specs


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"),
                                               (701, "ZZ"), (702, "AAA")])
def test_column_letters_count_like_a_spreadsheet(index, letter):
    assert column_letter(index) == letter


def test_columns_match_fact_ids_and_labels(specs):
    table = UnitTable(["地名", "HAZARDS", " 事故 日期（必填）", "备注"], specs)
    assert {fact: c.letter for fact, c in table.by_fact.items()} == {
        "place": "A", "hazards": "B", "accident_date": "C"}
    assert [c.header for c in table.unknown_columns] == ["备注"]
    assert table.name_column is table.by_fact["place"]


def test_good_rows_give_typed_facts(specs):
    _, units = read_units(["地名", "隐患数", "事故日期"],
                          [["青山县", "1,200", "2026年1月31日"], ["绿水县", "", "2026-02-01"]], specs)
    first, second = units
    assert (first.row, first.name, first.is_ok) == (2, "青山县", True)
    assert dict(first.facts) == {"place": "青山县", "hazards": 1200,
                                 "accident_date": _dt.date(2026, 1, 31)}
    assert "hazards" not in second.facts  # a blank cell is no value, not an error


def test_wrong_types_are_reported_with_row_and_column(specs):
    _, units = read_units(["地名", "隐患数", "事故日期"],
                          [["青山县", "12万", "明天"], ["绿水县", "7", "2026-13-40"]], specs)
    first, second = units
    assert not first.is_ok
    assert [(p.row, p.column.letter) for p in first.problems] == [(2, "B"), (2, "C")]
    text = str(first.problems[0])
    assert text.startswith("第 2 行，列“隐患数”（B）：") and "应为数字" in text and "12万" in text
    assert "应为日期" in first.describe()
    assert [(p.row, p.column.letter) for p in second.problems] == [(3, "C")]


def test_missing_required_fact_names_the_row(specs):
    _, units = read_units(["地名", "隐患数"], [["", "3"], ["青山县", "4"]], specs)
    assert [u.is_ok for u in units] == [False, True]
    (problem,) = units[0].problems
    assert problem.row == 2 and problem.column.header == "地名"
    assert "缺少必填要素“地名”" in problem.message


def test_shared_facts_fill_the_facts_without_a_column(specs):
    table, units = read_units(["隐患数"], [["3"]], specs, shared={"place": "全市", "hazards": 9})
    assert units[0].is_ok and units[0].name == "第2行"
    assert table.shared_facts() == {"place": "全市"}


def test_a_blank_cell_never_falls_back_to_the_drafts_value(specs):
    _, units = read_units(["地名", "隐患数"], [["", "3"]], specs, shared={"place": "去年的县"})
    assert not units[0].is_ok
    assert "缺少必填要素“地名”" in units[0].describe()


def test_blank_rows_are_passed_over_and_rows_keep_their_numbers(specs):
    _, units = read_units(["地名"], [["青山县"], ["", " "], [], ["白云区"]], specs)
    assert [(u.row, u.name) for u in units] == [(2, "青山县"), (5, "白云区")]


def test_a_row_longer_than_the_header_is_a_problem(specs):
    _, units = read_units(["地名"], [["青山县", "多出来的"]], specs)
    assert "多于表头" in units[0].describe()


def test_name_by_any_column_or_fact(specs):
    header = ["单位", "地名"]
    _, units = read_units(header, [["城关镇政府", "城关镇"]], specs, name_by="单位")
    assert units[0].name == "城关镇政府"
    _, units = read_units(header, [["城关镇政府", "城关镇"]], specs, name_by="place")
    assert units[0].name == "城关镇"
    with pytest.raises(BatchError, match="用来命名文件的列“单元”不在表格中"):
        UnitTable(header, specs, name_by="单元")


@pytest.mark.parametrize(("header", "message"), [
    (["", " "], "没有表头"),
    (["单位", "备注"], "没有可用的列"),
    (["隐患数"], "缺少必填要素的列：“地名”（place）"),
    (["地名", "place"], "列“地名”（A）和列“place”（B）都对应要素“地名”"),
])
def test_unusable_headers_refuse_the_whole_table(specs, header, message):
    with pytest.raises(BatchError, match=message) as info:
        UnitTable(header, specs, source="units.csv")
    assert str(info.value).startswith("units.csv: ")
    assert "\n" not in str(info.value)


def test_a_table_without_data_rows_is_refused(specs):
    with pytest.raises(BatchError, match="没有数据行"):
        read_units(["地名"], [[""], []], specs)


def test_too_many_rows_are_refused(specs):
    with pytest.raises(BatchError, match="数据行过多"):
        read_units(["地名"], ([f"镇{i}"] for i in range(MAX_UNITS + 1)), specs)


def test_the_header_is_found_below_a_title_row(specs):
    from workbench.core.batch import find_header

    assert find_header([["2026年要素表"], ["地名", "隐患数"], ["青山县", "3"]], specs) == 1
    assert find_header([[""], ["地名"]], specs) == 1
    # No row names a fact: the first non-blank row is the header (and refused as such).
    assert find_header([[], ["单位", "备注"], ["x", "y"]], specs) == 1
    assert find_header([["x"]] * 5 + [["地名"]], specs) == 0  # only the first rows are searched
