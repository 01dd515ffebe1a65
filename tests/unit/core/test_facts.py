"""Fact coercion: units after a number, years, bounds, defaults, and the messages."""

from __future__ import annotations

import pytest

from workbench.core.facts import Facts, FactSpec, coerce
from workbench.errors import FactError

HAZARDS = FactSpec("hazards", "去年排查隐患数（处）", "number", True, 1260, min=0)
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
    (RANK, "-1", -1),  # no bounds, no limit
    (FactSpec("d", "企业开办时间（个工作日）", "number"), "1个工作日", 1),
    (FactSpec("m", "投资", "number", unit="亿元"), "126.5亿元", 126.5),
])
def test_a_number_may_carry_its_own_unit(spec, typed, value):
    assert coerce(spec, typed) == value


@pytest.mark.parametrize(("spec", "typed", "words"), [
    (HAZARDS, "abc", "应为数字，如 1260 或 1260处，不小于 0"),
    (HAZARDS, "12个", "1260处"),  # another unit is not this fact's
    (HAZARDS, "处", "应为数字"),
    (HAZARDS, "-5", "不小于0"),
    (FactSpec("n", "水库数量（座）", "number", min=1), "0", "不小于1"),
    (RANK, "2025年", "应为数字"),  # 年 only for a year
    (FactSpec("d", "日期", "date"), "明天", "如 2026年3月12日"),
])
def test_a_value_that_does_not_fit_names_the_expected_form(spec, typed, words):
    with pytest.raises(FactError) as info:
        coerce(spec, typed)
    assert words in str(info.value)
    assert info.value.fact == spec.id


def test_the_expected_form_names_unit_and_bounds():
    assert HAZARDS.unit_text == "处" and DROP.unit_text == "%" and RANK.unit_text == ""
    assert FactSpec("x", "说明（处）", "text").unit_text == ""
    assert HAZARDS.expected_form == "数字，如 1260 或 1260处，不小于 0"
    rate = FactSpec("r", "整改率（%）", "number", example=98.5, min=0, max=100)
    assert rate.expected_form == "数字，如 98.5 或 98.5%，在 0 到 100 之间"
    assert YEAR.expected_form == "数字，如 2025 或 2025年"


def test_defaults_fill_only_empty_facts():
    specs = {"a": FactSpec("a", "甲", "number", default=5), "b": FactSpec("b", "乙", default="x")}
    facts = Facts(specs, {"b": "own"})
    facts.fill_defaults()
    assert dict(facts) == {"a": 5, "b": "own"}
