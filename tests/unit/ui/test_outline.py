"""OutlineView: parts on and off, order, patterns, opening/closing/heading forms."""

from __future__ import annotations

import pytest

from workbench.ui.outline import OutlineView


@pytest.fixture
def outline(state):
    state.draft.facts["place"] = "青山县"
    state.touch()
    return OutlineView(state)


def test_each_part_has_a_toggle_and_a_pattern_dropdown(outline):
    assert list(outline.rows) == ["why", "what", "how"]
    for row in outline.rows.values():
        assert "wb-section-toggle" in row.toggle._dom_classes
        assert "wb-pattern" in row.pattern._dom_classes
    assert outline.rows["why"].toggle.description == "思想认识"


def test_switching_a_part_off_renumbers_and_updates_the_count(outline, state):
    assert "我讲三点意见" in state.html
    outline.rows["why"].toggle.value = False
    assert "我讲两点意见" in state.html
    assert "一、突出重点" in state.html
    assert "思想认识" not in state.html and "提高站位" not in state.html
    assert "—" in outline.rows["why"].ordinal.value
    assert "一、" in outline.rows["what"].ordinal.value


def test_moving_a_part_changes_the_order_and_the_numbering(outline, state):
    outline.rows["how"].up.click()
    assert [s.id for s in state.draft.sections] == ["why", "how", "what"]
    assert outline.parts.children[1] is outline.rows["how"].widget
    assert state.html.index("二、完善机制") < state.html.index("三、突出重点")
    assert outline.rows["why"].up.disabled and not outline.rows["why"].down.disabled


def test_changing_a_pattern_changes_the_text(outline, state):
    assert "（一）压紧压实责任链条" in state.html
    outline.rows["why"].pattern.value = "enumeration"
    assert state.draft.section("why").pattern == "enumeration"
    assert "一是" in state.html and "（一）压紧压实责任链条" not in state.html


def test_opening_closing_and_heading_pickers_change_the_draft(outline, state):
    assert "wb-opening" in outline.opening._dom_classes
    outline.opening.value = "review"
    assert "过去一年，青山县工作取得新进展" in state.html
    outline.heading_pattern.value = "pair"
    assert "提高站位　强化意识" in state.html
    assert state.draft.closing == "call"


def test_outline_is_rebuilt_for_a_new_template(outline, state):
    state.choose_template("second")
    assert list(outline.rows) == ["one", "two"]
    assert [v for _, v in outline.opening.options] == ["direct"]
