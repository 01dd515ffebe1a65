"""The one home of ordinals and sentence marks: format and parse agree at every level."""

from __future__ import annotations

import pytest

from workbench.core.numbering import (
    ENUMERATION,
    NUMBER,
    PAREN_NUMBER,
    PART,
    POINT,
    format_ordinal,
    match_ordinal,
    strip_final,
    with_period,
)


@pytest.mark.parametrize("level", [PART, POINT, NUMBER, PAREN_NUMBER])
@pytest.mark.parametrize("value", [1, 2, 9, 10, 11, 19, 20, 23])
def test_parse_reads_back_every_formatted_ordinal(level: int, value: int):
    match = match_ordinal(format_ordinal(level, value) + "压实责任")
    assert match is not None
    assert (match.level, match.value) == (level, value)


@pytest.mark.parametrize(("text", "level", "canonical"), [
    ("一. 压实责任", PART, "一、"),
    ("一．压实责任", PART, "一、"),
    ("( 二 )排查隐患", POINT, "（二）"),
    ("3 . 严格执法", NUMBER, "3."),
    ("(4) 加强宣传", PAREN_NUMBER, "（4）"),
])
def test_tolerant_reading_takes_pasted_forms_to_the_genre_s_own(text: str, level: int, canonical: str):
    match = match_ordinal(text, tolerant=True)
    assert match is not None and match.level == level and match.canonical == canonical
    assert not text[match.end:].startswith(" ")


def test_strict_reading_refuses_a_dot_after_a_chinese_numeral():
    assert match_ordinal("一. 压实责任") is None


def test_a_year_is_not_an_ordinal():
    assert match_ordinal("2026.1 月") is None
    assert match_ordinal("12.5%的增长") is None


def test_enumeration_items_are_formatted_as_yi_shi():
    assert [format_ordinal(ENUMERATION, n) for n in (1, 2, 10)] == ["一是", "二是", "十是"]


def test_sentence_marks():
    assert with_period("压实责任") == "压实责任。"
    assert with_period("压实责任！") == "压实责任！"
    assert strip_final("压实责任；") == "压实责任"
