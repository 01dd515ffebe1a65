"""Fact coercion: units after a number, years, the smallest number, and the messages."""

from __future__ import annotations

import pytest

from workbench.core.facts import Facts, FactSpec, coerce
from workbench.errors import FactError

HAZARDS = FactSpec("hazards", "去年排查隐患数（处）", "number", True, 1260)
YEAR = FactSpec("year", "总结年度", "number", True, 2025)
DROP = FactSpec("drop", "事故起数同比下降（%）", "number", True, 12.6)
RANK = FactSpec("rank", "去年考核名次", "number", False, 3)


@pytest.mark.parametrize(("spec", "typed", "value"), [
    (HAZARDS, "1260处", 1260),
    (HAZARDS, "1,260 处", 1260),
    (HAZARDS, "1260", 1260),
    (HAZARDS, "0", 0),
    (YEAR, "2025年", 2025),
    (YEAR, "2025", 2025),
    (DROP, "12.6%", 12.6),
    (DROP, "-3", -3),  # a change may go below zero
    (RANK, "-1", -1),  # no unit, no limit
    (FactSpec("d", "企业开办时间（个工作日）", "number"), "1个工作日", 1),
    (FactSpec("m", "投资", "number", unit="亿元"), "126.5亿元", 126.5),
])
def test_a_number_may_carry_its_own_unit(spec, typed, value):
    assert coerce(spec, typed) == value


@pytest.mark.parametrize(("spec", "typed", "words"), [
    (HAZARDS, "abc", "应为数字，如 1260 或 1260处"),
    (HAZARDS, "12个", "1260处"),  # another unit is not this fact's
    (HAZARDS, "处", "应为数字"),
    (HAZARDS, "-5", "不能小于 0"),
    (FactSpec("n", "水库数量（座）", "number", minimum=1), "0", "不能小于 1"),
    (RANK, "2025年", "应为数字"),  # 年 only for a year
    (FactSpec("d", "日期", "date"), "明天", "如 2026年3月12日"),
])
def test_a_value_that_does_not_fit_names_the_expected_form(spec, typed, words):
    with pytest.raises(FactError) as info:
        coerce(spec, typed)
    assert words in str(info.value)
    assert info.value.fact == spec.id
    assert info.value.expected == spec.expected_form


def test_minimum_and_unit_come_from_the_label_unless_given():
    assert (HAZARDS.unit_text, HAZARDS.min_value) == ("处", 0)
    assert (DROP.unit_text, DROP.min_value) == ("%", None)
    assert (RANK.unit_text, RANK.min_value) == ("", None)
    assert FactSpec("x", "隐患（处）", "number", unit="", minimum=-10).min_value == -10
    assert FactSpec("x", "说明（处）", "text").unit_text == ""


def test_defaults_fill_only_empty_facts():
    specs = {"a": FactSpec("a", "甲", "number", default=5), "b": FactSpec("b", "乙", default="x")}
    facts = Facts(specs, {"b": "own"})
    facts.fill_defaults()
    assert dict(facts) == {"a": 5, "b": "own"}
