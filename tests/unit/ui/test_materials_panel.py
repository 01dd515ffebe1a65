"""The 素材 panel in 逐段修改: search, filters, insert at the caret, heading sets, 收藏."""

from __future__ import annotations

import base64
import re
import textwrap

import pytest

from tests.unit.ui.dom import find, one
from workbench.core.materials import MATERIALS_ENV, USER_MATERIALS_ENV
from workbench.ui import WorkbenchState
from workbench.ui.editor import EditorView
from workbench.ui.materials_panel import can_save_to_folder
from workbench.ui.textarea import CaretTextarea

OFFICE = textwrap.dedent("""\
    materials:
      - id: office-place
        form: 引用
        text: 要按照{{ upper_meeting }}的要求，把{{ place }}的工作抓实
        topics: [通用]
      - id: office-heads
        form: 标题组
        topics: [通用]
        headings:
          - 统一思想，提高站位
          - 聚焦重点，攻坚突破
          - 压实责任，狠抓落实
    """)


@pytest.fixture(autouse=True)
def _folders(tmp_path, monkeypatch):
    office = tmp_path / "office"
    office.mkdir()
    (office / "office.yaml").write_text(OFFICE, encoding="utf-8")
    monkeypatch.setenv(MATERIALS_ENV, str(office))
    monkeypatch.setenv(USER_MATERIALS_ENV, str(tmp_path / "mine"))
    for name in ("JUPYTERHUB_USER", "JUPYTERHUB_SERVICE_PREFIX"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def editor(state):
    state.set_fact("place", "青山县")
    return EditorView(state)


@pytest.fixture
def panel(editor):
    return editor.materials


def _row(panel, material_id):
    return next(r for r in panel.rows if r.material is not None and r.material.id == material_id)


def _shown(panel) -> list[str]:
    return [r.material.id for r in panel.rows if r.material is not None]


def test_the_panel_is_in_the_editor_with_its_contract_classes(editor):
    root = editor.widget
    one(root, "wb-materials")
    one(root, "wb-materials-search")
    one(root, "wb-materials-form")
    one(root, "wb-materials-topic")
    assert len(find(root, "wb-material")) == len(find(root, "wb-material-insert")) >= 10
    assert all(isinstance(e.text, CaretTextarea) for e in editor.editors.values())


def test_typing_searches_and_the_results_show_form_and_topics(panel):
    panel.search_box.value = "压实责任"
    shown = [r for r in panel.rows if r.material is not None]
    assert shown and all("压实" in r.material.text and "责任" in r.material.text for r in shown[:3])
    html = shown[0].html.value
    assert shown[0].material.form.label in html and shown[0].material.topics[0] in html
    assert "含全部检索词" in panel.count.value


def test_filters_narrow_the_results(panel):
    panel.search_box.value = "群众"
    panel.form.value = "parallel"
    panel.topic.value = "防汛"
    shown = [r.material for r in panel.rows if r.material is not None]
    assert shown and all(m.form.id == "parallel" and "防汛" in m.topics for m in shown)
    panel.search_box.value = "zzzzqqq"
    assert _shown(panel) == [] and "没有找到" in panel.count.value


def test_initials_search_in_the_panel(panel):
    panel.search_box.value = "aqsc"
    assert _shown(panel) and all("安全生产" in r.material.text for r in panel.rows if r.material)


def test_insert_goes_to_the_caret_with_facts_filled_and_the_preview_follows(editor, panel, state):
    editor.part.value = "why"
    paragraph = editor.editors["why.a"]
    paragraph.text.focused_at = 1_000.0
    paragraph.text.selection_start = paragraph.text.selection_end = 4
    before = paragraph.text.value
    panel.search_box.value = "工作抓实"
    assert "office-place" in _shown(panel)
    assert "插入位置" in panel.target_label.value and "光标处" in panel.target_label.value
    _row(panel, "office-place").button.click()
    inserted = "要按照【传达的上级会议】的要求，把青山县的工作抓实"
    assert paragraph.text.value == before[:4] + inserted + before[4:]
    assert paragraph.text.selection == (4 + len(inserted), 4 + len(inserted))
    assert "把青山县的工作抓实" in state.html and "why.a" in state.draft.edits
    # the filled fact and the slot follow the draft's facts from now on
    state.set_fact("place", "白水县")
    assert "把白水县的工作抓实" in state.html


def test_a_slot_the_draft_knows_fills_later(editor, panel, state):
    editor.part.value = "why"
    paragraph = editor.editors["why.a"]
    paragraph.text.focused_at = 1.0
    panel.insert(panel.bank.get("office-place"))
    # mini has no upper_meeting fact: its slot stays visible, and is reported as unfilled
    assert "【传达的上级会议】" in paragraph.text.value
    assert any(f.rule == "unfilled-slot" for f in state.findings)


def test_without_a_caret_the_insert_goes_to_the_end_of_the_first_paragraph(editor, panel, state):
    editor.part.value = "why"
    assert "段末" in panel.target_label.value
    first = editor.editors["why.a"]
    panel.insert(panel.bank.get("aq-four-1"))
    assert first.text.value.endswith("关口前移、源头管控、闭环整改、动态清零")
    assert "关口前移" in state.html
    assert "why.h" not in state.draft.edits


def test_the_caret_follows_the_most_recently_focused_paragraph(editor, panel):
    editor.part.value = "why"
    a, b = editor.editors["why.a"], editor.editors["why.b"]
    a.text.focused_at, b.text.focused_at = 10.0, 20.0
    assert panel.target()[0] is b
    a.text.focused_at = 30.0
    assert panel.target()[0] is a


def test_a_heading_set_replaces_the_level_one_headings_as_reversible_edits(editor, panel, state):
    state.set_edit("how.h", "完善机制，夯实基础，提升水平")
    panel.search_box.value = ""
    panel.form.value = "headings"
    panel.topic.value = "通用"
    row = _row(panel, "office-heads")
    assert row.button.description.startswith("替换标题")
    row.button.click()
    assert panel.confirm.layout.display is None
    assert "一、提高站位，强化意识，坚决守牢底线 → " in re.sub("<[^>]+>", "", panel.confirm_text.value)
    assert "统一思想" not in state.html  # nothing changes before 确定
    panel.confirm_apply.click()
    assert "一、统一思想，提高站位" in state.html and "三、压实责任，狠抓落实" in state.html
    assert {"why.h", "what.h", "how.h"} <= set(state.draft.edits)
    panel.undo_button.click()
    assert "统一思想" not in state.html
    assert "why.h" not in state.draft.edits and "what.h" not in state.draft.edits
    assert "完善机制，夯实基础，提升水平" in state.html  # the writer's own edit came back


def test_cancel_changes_nothing(panel, state):
    panel.pick(panel.bank.get("office-heads"))
    panel.confirm_cancel.click()
    assert panel.confirm.layout.display == "none" and state.draft.edits == {}


def test_a_heading_set_longer_than_the_draft_says_so(editor, panel, state):
    state.set_include("how", False)
    panel.pick(panel.bank.get("aq-head-4"))  # four headings, two parts
    assert "将替换前 2 个" in panel.confirm_text.value
    panel.apply_headings()
    assert "一、守住底线　不碰红线" in state.html and "二、紧盯重点　排除险点" in state.html


def test_collect_a_selection_to_the_writers_folder(editor, panel, state, tmp_path):
    editor.part.value = "why"
    paragraph = editor.editors["why.a"]
    paragraph.text.value = "青山县要把责任扛在肩上、把隐患消灭在萌芽"
    paragraph.text.focused_at = 5.0
    paragraph.text.selection_start, paragraph.text.selection_end = 0, 11
    panel.take_button.click()
    assert panel.save_text.value == "青山县要把责任扛在肩上"
    panel.save_form.value = "parallel"
    panel.save_topics.value = ("安全生产",)
    panel.save_button.click()
    saved = tmp_path / "mine" / "my-materials.yaml"
    assert saved.exists() and "{{ place }}要把责任扛在肩上" in saved.read_text(encoding="utf-8")
    assert "已收藏到" in panel.save_result.value and state.status_kind == "ok"
    panel.search_box.value = "扛在肩上"
    assert _shown(panel)[0] == panel.saved[0].id and "我的素材" in panel.rows[0].html.value


def test_collect_without_a_selection_is_a_message(editor, panel, state):
    panel.take_button.click()
    assert state.status_kind == "warning" and "选中" in state.status
    panel.save_button.click()
    assert state.status_kind == "error" and "收藏素材失败" in state.status


def test_on_the_dashboard_collecting_is_a_download(ui_library, tmp_path):
    state = WorkbenchState(ui_library, template="mini", mode="voila")
    panel = EditorView(state).materials
    panel.save_text.value = "各级要把心思用在干事上"
    panel.save_form.value = "transition"
    panel.save_button.click()
    panel.save_text.value = "甲标题\n乙标题\n丙标题"
    panel.save_form.value = "headings"
    panel.save_button.click()
    assert not (tmp_path / "mine").exists()
    link = panel.save_result.value
    assert 'download="我的素材.yaml"' in link and "收藏的 2 条素材" in link
    data = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1)).decode("utf-8")
    from workbench.core.materials import parse_materials

    assert [m.form.id for m in parse_materials(data, "x.yaml")] == ["transition", "headings"]


def test_under_a_hub_the_dashboard_saves_to_the_writers_folder(ui_library):
    state = WorkbenchState(ui_library, template="mini", mode="voila")
    assert not can_save_to_folder(state, {})
    assert not can_save_to_folder(state, {"JUPYTERHUB_USER": "wang"})
    assert can_save_to_folder(state, {"JUPYTERHUB_USER": "wang",
                                      "JUPYTERHUB_SERVICE_PREFIX": "/user/wang/"})
    assert can_save_to_folder(WorkbenchState(ui_library, template="mini", mode="lab"), {})


def test_a_broken_office_file_is_a_warning_not_a_failure(ui_library, tmp_path, monkeypatch):
    (tmp_path / "office" / "broken.yaml").write_text("materials: [", encoding="utf-8")
    state = WorkbenchState(ui_library, template="mini", mode="lab")
    panel = EditorView(state).materials
    assert state.status_kind == "warning" and "broken.yaml" in state.status
    assert _shown(panel)


def test_the_drafts_template_topic_comes_first(tmp_path):
    from workbench import load_library

    state = WorkbenchState(load_library(), template="flood-season", mode="lab")
    panel = EditorView(state).materials
    assert "防汛" in panel.count.value
    assert all("防汛" in r.material.topics for r in panel.rows if r.material is not None)
    panel.search_box.value = "责任"
    assert "防汛" in panel.rows[0].material.topics


def test_results_show_the_drafts_facts_and_follow_them(panel, state):
    panel.search_box.value = "工作抓实"
    row = _row(panel, "office-place")
    assert "把青山县的工作抓实" in row.html.value and "【传达的上级会议】" in row.html.value
    state.set_fact("place", "白水县")
    assert "把白水县的工作抓实" in _row(panel, "office-place").html.value
