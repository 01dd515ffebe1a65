"""EditorView: edit a paragraph in place, keep it across changes, reset it."""

from __future__ import annotations

import pytest

from workbench.ui.editor import EditorView


@pytest.fixture
def editor(state):
    state.draft.facts["place"] = "青山县"
    state.touch()
    return EditorView(state)


def test_parts_are_listed_in_speech_order(editor):
    labels = [label for label, _ in editor.part.options]
    assert labels == ["开头", "一、思想认识", "二、重点任务", "三、机制保障", "结尾"]


def test_paragraphs_show_their_text_without_ordinals(editor):
    editor.part.value = "why"
    texts = [e.text.value for e in editor.editors.values()]
    assert texts[0] == "提高站位，强化意识，坚决守牢底线"
    assert texts[1].startswith("压紧压实责任链条。")


def test_an_edit_reaches_the_preview_and_can_be_reset(editor, state):
    editor.part.value = "why"
    para = editor.editors["why.a"]
    para.text.value = "压紧压实责任链条。青山县各级要把责任扛在肩上。"
    assert "青山县各级要把责任扛在肩上" in state.html
    assert "wb-edited" in state.html
    assert not para.reset.disabled and "已修改" in para.label.value
    para.reset.click()
    assert "青山县各级要把责任扛在肩上" not in state.html
    assert "why.a" not in state.draft.edits
    assert para.reset.disabled


def test_an_edit_follows_a_fact_change(editor, state):
    editor.part.value = "opening"
    editor.editors["opening.0"].text.value = "今天在青山县召开会议，意义重大。"
    state.draft.facts["place"] = "白水县"
    state.touch()
    assert "今天在白水县召开会议，意义重大。" in state.html


def test_an_edit_survives_switching_its_part_off_and_on(editor, state):
    editor.part.value = "what"
    editor.editors["what.a"].text.value = "紧盯重点行业领域。要盯住烟花爆竹。"
    state.draft.section("what").include = False
    state.touch()
    assert "另有 1 处修改" in editor.orphans.value
    assert [v for _, v in editor.part.options].count("what") == 0
    state.draft.section("what").include = True
    state.touch()
    assert "要盯住烟花爆竹" in state.html
    assert editor.orphans.value == ""


def test_leftover_slot_text_in_an_edit_is_warned_about(state):
    view = EditorView(state)
    view.part.value = "opening"
    view.editors["opening.0"].text.value = "今天召开会议，部署【地名】的工作。"
    assert state.status_kind == "warning"


@pytest.mark.parametrize(("pattern", "mark"), [("runin", "（一）"), ("enumeration", "一是"),
                                               ("prose", "首先"), ("numbered", "1.")])
def test_paragraph_labels_name_the_ordinal_without_doubled_brackets(editor, state, pattern, mark):
    state.set_pattern("why", pattern)
    editor.part.value = "why"
    labels = [e.label.value for e in editor.editors.values()]
    assert any(f"段落 1 · {mark}<" in label for label in labels), labels
    assert not any("（（" in label or "……" in label or "，<" in label for label in labels)
