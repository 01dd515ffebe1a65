"""ProblemActions (处理误报): 忽略此处 and 不再提示此词 per finding, and 恢复 for both."""

from __future__ import annotations

import base64
import re

import pytest
import yaml

from workbench.core.draft import Draft
from workbench.ui.facts_form import FactsForm
from workbench.ui.preview import PreviewView
from workbench.ui.problems import ProblemActions

SLOGAN = "要落实行政、技术、巡查“两个责任人”。"


def _slogan_findings(state):
    return [f for f in state.findings if f.rule == "count-mismatch"]


@pytest.fixture
def pid(state):
    pid = next(b.id for b in state.document.blocks if getattr(b, "role", "") == "opening")
    state.set_edit(pid, SLOGAN)
    assert [f.paragraph for f in _slogan_findings(state)] == [pid]
    return pid


@pytest.fixture
def view(state, pid):
    view = ProblemActions(state)
    view.toggle.value = True  # the writer opens 处理误报
    return view


def test_rows_are_built_only_once_the_writer_opens_them(state, pid):
    view = ProblemActions(state)
    assert view.rows is None and view.body is None  # no box, no row at load
    assert "处理误报（" in view.toggle.description
    view.toggle.value = True
    assert any("两个责任人" in r.children[0].value for r in view.rows.children)


def _row(view, pid):
    rows = [r for r in view.rows.children if "两个责任人" in r.children[0].value]
    assert len(rows) == 1
    return rows[0]


def _button(row, css):
    [button] = [c for c in row.children if css in getattr(c, "_dom_classes", ())]
    return button


def test_each_finding_has_a_row_with_both_actions(view, pid):
    row = _row(view, pid)
    assert _button(row, "wb-ignore-here").description == "忽略此处"
    assert _button(row, "wb-ignore-term").description == "不再提示此词"
    assert "wb-problem-actions" in view.widget._dom_classes
    assert view.toggle.description.startswith("处理误报（")


def test_a_finding_without_a_term_offers_only_ignore_here(state, view):
    state.set_edit(next(b.id for b in state.document.blocks if getattr(b, "role", "") == "closing"),
                   "同志们,让我们行动起来。")
    row = next(r for r in view.rows.children if "半角" in r.children[0].value)
    assert [c.description for c in row.children[1:]] == ["忽略此处"]


def test_ignore_here_keeps_it_in_the_draft_and_restore_takes_it_back(state, view, pid):
    revision = state.revision
    _button(_row(view, pid), "wb-ignore-here").click()
    assert _slogan_findings(state) == []
    assert [f.paragraph for f in state.ignored_findings] == [pid]
    assert state.draft.ignored == [("count-mismatch", pid)]
    assert state.revision > revision  # a change of the draft: autosaved like any other
    # survives saving and loading the draft
    again = Draft.from_json(state.draft.to_json(), state.library)
    assert again.ignored == [("count-mismatch", pid)]
    [restore] = [r for r in view.ignored.children if "wb-ignored-row" in r._dom_classes]
    assert "此处：数字概括“两个责任人”" in restore.children[0].value
    _button(restore, "wb-restore-here").click()
    assert [f.paragraph for f in _slogan_findings(state)] == [pid]
    assert state.draft.ignored == [] and state.ignored_findings == []
    assert _row(view, pid)


def test_ignore_here_can_be_undone(state, view, pid):
    _button(_row(view, pid), "wb-ignore-here").click()
    assert state.undo_label == "忽略此处"
    state.undo()
    assert [f.paragraph for f in _slogan_findings(state)] == [pid]


def test_ignoring_one_paragraph_leaves_the_others(state, view, pid):
    other = next(b.id for b in state.document.blocks
                 if getattr(b, "role", "") == "body" and b.id != pid)
    state.set_edit(other, SLOGAN)
    assert len(_slogan_findings(state)) == 2
    state.ignore_here("count-mismatch", pid)
    assert [f.paragraph for f in _slogan_findings(state)] == [other]


def test_ignore_term_silences_it_everywhere_and_restore_brings_it_back(state, view, pid):
    _button(_row(view, pid), "wb-ignore-term").click()
    assert _slogan_findings(state) == []
    assert state.ignored_terms == [("count-mismatch", "两个责任人")]
    assert state.draft.ignored == []  # kept for the unit, not in this draft
    assert "保存要素档案" in state.status
    [restore] = [r for r in view.ignored.children if "wb-ignored-row" in r._dom_classes]
    assert "不再提示“两个责任人”（数目不符）" in restore.children[0].value
    _button(restore, "wb-restore-term").click()
    assert state.ignored_terms == []
    assert [f.paragraph for f in _slogan_findings(state)] == [pid]


def test_ignored_terms_are_saved_and_loaded_with_the_unit_profile(state, view, pid):
    form = FactsForm(state)
    state.ignore_term("count-mismatch", "两个责任人")
    form.save_profile.click()
    data = base64.b64decode(re.search(r'base64,([^"]+)"', form.profile_link.value).group(1))
    assert yaml.safe_load(data)["ignored_terms"] == [{"rule": "count-mismatch", "term": "两个责任人"}]
    state.restore_term("count-mismatch", "两个责任人")
    assert _slogan_findings(state)
    form.load_profile.send_file("档案.yaml", data)
    assert state.ignored_terms == [("count-mismatch", "两个责任人")]
    assert _slogan_findings(state) == []


def test_rows_are_reused_while_the_findings_stay(state, view, pid):
    row = _row(view, pid)
    state.set_fact("place", "青山县")
    assert _row(view, pid) is row


def test_the_preview_pane_shows_the_actions_and_keeps_the_problems_list(state, pid):
    preview = PreviewView(state)
    assert preview.actions.widget in preview.widget.children
    assert f'data-pid="{pid}"' in preview.problems.value
    state.ignore_here("count-mismatch", pid)
    assert "两个责任人" not in preview.problems.value
