"""Facts that know their grammar: place kind and short name, signed changes, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import MINIMAL_TEMPLATE
from workbench import Draft, parse_template
from workbench.core.grammar import SpokenDate, change_phrase
from workbench.core.places import short_name
from workbench.core.places import speech_kind as place_kind
from workbench.errors import FactError, TemplateSyntaxError


@pytest.mark.parametrize(("name", "kind", "short"), [
    ("青山县", "县", "青山"), ("青山区", "区", "青山"), ("青山市", "市", "青山"),
    ("白石镇", "镇", "白石"), ("长阳土家族自治县", "县", "长阳"), ("沛县", "县", "沛县"),
    ("青山新区", "区", "青山新区"), ("青山经济开发区", "区", "青山经济开发区"),
    ("城关街道", "街道", "城关"), ("青山公司", None, "青山公司"),
])
def test_place_kind_and_short_name_come_from_the_ending(name, kind, short):
    assert place_kind(name) == kind
    assert short_name(name) == short


@pytest.mark.parametrize(("value", "text"), [
    (8, "上升8%"), (-8, "下降8%"), (0, "持平"), (12.6, "上升12.6%"), (-0.5, "下降0.5%"),
])
def test_a_change_is_said_with_its_sign(value, text):
    assert change_phrase(value) == text


@pytest.mark.parametrize(("day", "meeting", "text"), [
    (dt.date(2026, 2, 18), dt.date(2026, 3, 6), "2月18日"),
    (dt.date(2025, 7, 22), dt.date(2026, 3, 6), "去年7月22日"),
    (dt.date(2024, 7, 22), dt.date(2026, 3, 6), "2024年7月22日"),
    (dt.date(2025, 7, 22), None, "2025年7月22日"),
])
def test_dates_are_said_relative_to_the_meeting(day, meeting, text):
    assert str(SpokenDate(day, meeting)) == text


def _mini(body: str, extra_facts: str = "") -> Draft:
    text = MINIMAL_TEMPLATE.replace("body: 全年排查隐患{{ hazards }}处。", f"body: \"{body}\"")
    text = text.replace("heading_patterns:", extra_facts + "heading_patterns:") if extra_facts else text
    draft = Draft(parse_template(text, "mini.yaml"))
    draft.facts["place"] = "青山区"
    return draft


def test_filters_follow_the_place_and_its_overrides():
    draft = _mini("全{{ place|kind }}、我{{ place|kind }}、平安{{ place|short }}。",
                  "  - id: place_kind\n    label: 地名类别\n    type: text\n"
                  "  - id: place_short\n    label: 地名简称\n    type: text\n")
    assert "全区、我区、平安青山。" in draft.render("text")
    draft.facts["place"] = "青山高新技术产业开发区"
    draft.facts["place_kind"] = "区"
    draft.facts["place_short"] = "青山高新区"
    assert "全区、我区、平安青山高新区。" in draft.render("text")


def test_an_unknown_kind_leaves_a_slot_instead_of_a_guess():
    draft = _mini("全{{ place|kind }}。")
    draft.facts["place"] = "青山公司"
    assert "全【地名类别（县/区/市）】。" in draft.render("text")


def test_fall_reads_a_negative_drop_as_a_rise():
    draft = _mini("事故起数同比{{ hazards|fall }}。")
    for value, text in ((12, "同比下降12%"), (-8, "同比上升8%"), (0, "同比持平")):
        draft.facts["hazards"] = value
        assert text in draft.render("text")


def test_dates_drop_the_meetings_year(minimal_template):
    text = MINIMAL_TEMPLATE.replace(
        "heading_patterns:",
        "  - id: date\n    label: 会议日期\n    type: date\nheading_patterns:")
    draft = Draft(parse_template(text, "mini.yaml"))
    draft.facts["place"] = "青山县"
    draft.facts["accident_date"] = "2026-01-31"
    assert "2026年1月31日发生的事故" in draft.render("text")
    draft.facts["date"] = "2026-03-06"
    assert "1月31日发生的事故" in draft.render("text")
    assert "2026年1月31日" not in draft.render("text")
    draft.facts["accident_date"] = "2025-07-22"
    assert "去年7月22日发生的事故" in draft.render("text")


@pytest.mark.parametrize(("body", "words"), [
    ("{{ hazards|kind }}", "文本"),
    ("{{ place|fall }}", "数字"),
    ("{{ place|full }}", "日期"),
    ("{{ place|shout }}", "shout"),
])
def test_a_misapplied_filter_is_refused_with_file_line_and_field(body, words):
    text = MINIMAL_TEMPLATE.replace("body: 全年排查隐患{{ hazards }}处。", f"body: \"{body}\"")
    with pytest.raises(TemplateSyntaxError) as info:
        parse_template(text, "bad.yaml")
    assert info.value.field == "parts[0].points[1].body"
    assert info.value.line == next(i for i, line in enumerate(text.splitlines(), 1) if body in line)
    assert words in str(info.value)


class TestWhen:
    def _draft(self, when: str) -> Draft:
        text = MINIMAL_TEMPLATE.replace("        body: 全年排查隐患{{ hazards }}处。",
                                        f"        body: 全年排查隐患{{{{ hazards }}}}处。\n"
                                        f"        when: {when}")
        draft = Draft(parse_template(text, "mini.yaml"))
        draft.facts["place"] = "青山县"
        return draft

    def test_a_list_needs_every_fact(self):
        draft = self._draft("[hazards, accident_date]")
        draft.facts["hazards"] = 3
        assert "全面排查风险隐患" not in draft.render("text")
        draft.facts["accident_date"] = "2026-01-31"
        assert "全面排查风险隐患" in draft.render("text")

    def test_an_expression_tests_values(self):
        draft = self._draft('"hazards != 0"')
        assert "全面排查风险隐患" in draft.render("text")  # missing: the slot shows
        draft.facts["hazards"] = 0
        assert "全面排查风险隐患" not in draft.render("text")
        draft.facts["hazards"] = 4
        assert "全年排查隐患4处" in draft.render("text")

    @pytest.mark.parametrize("when", ["[hazards, budget]", '"budget > 3"', "budget"])
    def test_unknown_names_are_refused(self, when):
        with pytest.raises(TemplateSyntaxError) as info:
            self._draft(when)
        assert info.value.field == "parts[0].points[1].when"
        assert "budget" in str(info.value)


def test_number_bounds_refuse_values_and_old_drafts_still_open(tmp_path, dict_loader):
    text = MINIMAL_TEMPLATE.replace("    example: 37\n", "    example: 37\n    min: 0\n")
    template = parse_template(text, "mini.yaml")
    draft = Draft(template)
    with pytest.raises(FactError) as info:
        draft.facts["hazards"] = -3
    assert "不小于0" in str(info.value)
    path = tmp_path / "old.json"
    path.write_text('{"format": "speech-workbench-draft", "version": 1, "template": "mini", '
                    '"facts": {"place": "青山县", "hazards": -3}}', encoding="utf-8")
    old = Draft.load(path, {"mini": template})
    assert "hazards" not in old.facts and old.facts["place"] == "青山县"
    assert any("隐患数" in note for note in old.notes)


def test_bounds_only_on_numbers():
    text = MINIMAL_TEMPLATE.replace("    example: 青山县\n", "    example: 青山县\n    min: 0\n", 1)
    with pytest.raises(TemplateSyntaxError) as info:
        parse_template(text, "bad.yaml")
    assert info.value.field == "facts[0].min"
