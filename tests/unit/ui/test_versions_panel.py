"""VersionsView, headless: save 一稿/二稿, compare with the current text or another version."""

from __future__ import annotations

import base64
import json
import re

import pytest

from tests.unit.ui.dom import one
from workbench import Draft, WorkbenchError
from workbench.ui import WorkbenchApp, WorkbenchState
from workbench.ui.versions import VersionsView


def _save(root, note=""):
    one(root, "wb-version-note").value = note
    one(root, "wb-version-save").click()


def _replaced(html: str, old: str, new: str) -> bool:
    return re.search(f"<del[^>]*>{old}</del><ins[^>]*>{new}</ins>", html) is not None


def test_save_edit_a_fact_and_compare_with_the_current_text(app, state):
    root = app.widget
    one(root, "wb-fact-place").value = "青山县"
    assert one(root, "wb-version-compare").disabled
    _save(root, "送主任审阅前")
    assert [v.label for v in state.draft.versions] == ["一稿"]
    assert state.status_kind == "ok" and state.status.startswith("已存为一稿")
    listed = one(root, "wb-versions")
    assert listed.options[0][0].startswith("一稿\u3000") and listed.options[0][0].endswith("送主任审阅前")
    assert listed.value == 1 and one(root, "wb-version-note").value == ""
    one(root, "wb-fact-place").value = "白水镇"
    compare = one(root, "wb-version-compare")
    assert compare.description == "与当前稿比较" and not compare.disabled
    compare.click()
    diff = one(root, "wb-version-diff").value
    assert _replaced(diff, "青山县", "白水镇")
    assert "一稿 → 当前稿：改动" in diff and "未改动" in diff
    assert state.status.startswith("一稿 → 当前稿：改动")
    # The comparison with the current text follows later changes.
    one(root, "wb-fact-place").value = "红旗乡"
    assert _replaced(one(root, "wb-version-diff").value, "青山县", "红旗乡")


def test_compare_two_versions_older_first(app, state):
    root = app.widget
    one(root, "wb-fact-place").value = "青山县"
    _save(root)
    one(root, "wb-fact-place").value = "白水镇"
    _save(root, "改了地名")
    listed = one(root, "wb-versions")
    assert [value for _, value in listed.options] == [2, 1] and listed.value == 2
    base = one(root, "wb-version-base")
    assert [label for label, _ in base.options] == ["当前稿", "一稿"]  # not 二稿 itself
    base.value = 1
    compare = one(root, "wb-version-compare")
    assert compare.description == "与一稿比较"
    compare.click()
    diff = one(root, "wb-version-diff").value
    assert "一稿 → 二稿" in diff and _replaced(diff, "青山县", "白水镇")
    listed.value = 1
    base.value = 0
    compare.click()
    assert "一稿 → 当前稿" in one(root, "wb-version-diff").value


def test_saving_the_same_text_again_says_so(app, state):
    _save(app.widget)
    _save(app.widget)
    assert state.status.startswith("已存为二稿（与一稿相同）")


def test_versions_travel_with_the_autosaved_draft(app, state):
    root = app.widget
    one(root, "wb-fact-place").value = "青山县"
    _save(root, "初稿")
    saved = app.drafts.path
    assert [v["note"] for v in json.loads(saved.read_text(encoding="utf-8"))["versions"]] == ["初稿"]
    one(root, "wb-template").value = "second"
    assert one(root, "wb-versions").options == () and one(root, "wb-version-diff").value == ""
    app.drafts.list_saved()
    app.drafts.saved.value = str(saved)
    app.drafts.open_saved.click()
    assert one(root, "wb-versions").options[0][0].startswith("一稿")
    one(root, "wb-version-compare").click()
    assert "没有改动" in one(root, "wb-version-diff").value


def test_a_downloaded_draft_carries_its_versions(ui_library, tmp_path):
    state = WorkbenchState(ui_library, template="mini", mode="voila")
    app = WorkbenchApp(state, drafts_dir=tmp_path)
    app.tabs.selected_index = app.tabs.titles.index("草稿")
    _save(app.widget)
    assert "下载草稿" in state.status
    one(app.widget, "wb-draft-save").click()
    link = one(app.widget, "wb-draft-link").value
    data = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1))
    assert Draft.loads(data, ui_library).versions[0].label == "一稿"
    assert list(tmp_path.iterdir()) == []


def test_errors_are_chinese_messages(app, state, monkeypatch):
    root = app.widget
    one(root, "wb-versions").value = None
    app.versions.compare.disabled = False
    one(root, "wb-version-compare").click()
    assert (state.status_kind, state.status) == ("warning", "请先在列表中选一个版本")

    def refuse(note="", **kwargs):
        raise WorkbenchError("草稿已锁定")

    monkeypatch.setattr(state.draft, "add_version", refuse)
    one(root, "wb-version-save").click()
    assert (state.status_kind, state.status) == ("error", "存为新版本失败：草稿已锁定")


def test_a_version_is_never_offered_as_its_own_base(app, state):
    root = app.widget
    for place in ("青山县", "白水镇", "红旗乡"):
        one(root, "wb-fact-place").value = place
        _save(root)
    listed, base = one(root, "wb-versions"), one(root, "wb-version-base")
    for number in (1, 2, 3):
        listed.value = number
        assert number not in [value for _, value in base.options]
        assert base.options[0] == ("当前稿", 0)
    listed.value = 3
    base.value = 1
    listed.value = 2  # the chosen base stays while it is another version
    assert base.value == 1
    listed.value = 1  # ... and falls back to 当前稿 when it is the one selected
    assert base.value == 0
    with pytest.raises(WorkbenchError, match="不能与自己比较"):
        VersionsView(state).show(2, 2)
