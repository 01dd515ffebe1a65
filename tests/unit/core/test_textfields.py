"""Template text: a value the text after it repeats is said once."""

from __future__ import annotations

import pytest

from workbench.core.loader import load_library
from workbench.core.textfields import join_values, parse_text
from workbench.pipeline import Draft


@pytest.mark.parametrize(("source", "facts", "text"), [
    ("发生一起{{ kind }}事故。", {"kind": "较大道路交通事故"}, "发生一起较大道路交通事故。"),
    ("发生一起{{ kind }}事故。", {"kind": "高处坠落"}, "发生一起高处坠落事故。"),
    ("召开{{ topic }}工作会议", {"topic": "安全生产工作"}, "召开安全生产工作会议"),
    # a repeat of one character is Chinese as written (青山县县城), and digits are never joined
    ("{{ place }}县城", {"place": "青山县"}, "青山县县城"),
    ("共{{ n }}12处", {"n": 12}, "共1212处"),
    ("{% if kind %}发生{{ kind }}事故{% endif %}", {"kind": "交通事故"}, "发生交通事故"),
    ("{{ a }}{{ b }}事故", {"a": "交通事故", "b": "火灾事故"}, "交通事故火灾事故"),
])
def test_a_repeated_last_word_after_a_value_is_said_once(source, facts, text):
    field = parse_text(source, facts)
    assert field.render(facts) == text


def test_a_missing_fact_still_leaves_its_slot():
    field = parse_text("发生{{ kind }}事故", ["kind"])
    assert field.render({}) == "发生\ue000kind\ue001事故"


def test_join_values_without_markers_is_the_text():
    assert join_values("交通事故事故") == "交通事故事故"


def test_the_shipped_accident_paragraph_reads_once():
    draft = Draft(load_library()["work-safety-plenary"])
    draft.facts.fill_examples()
    draft.facts["accident_kind"] = "较大道路交通事故"
    text = draft.render("text")
    assert "较大道路交通事故，" in text
    assert "事故事故" not in text
