"""DraftsView: autosave in JupyterLab, download/upload in Voilà, refusals with messages."""

from __future__ import annotations

import base64
import json
import re

import pytest

from workbench import Draft
from workbench.core.draft import MAX_DRAFT_BYTES
from workbench.ui import WorkbenchState
from workbench.ui.drafts import DraftsView


def _link_bytes(html: str) -> bytes:
    match = re.search(r'href="data:[^,]+;base64,([^"]+)"', html)
    assert match, html
    return base64.b64decode(match.group(1))


@pytest.fixture
def voila_state(ui_library):
    return WorkbenchState(ui_library, template="mini", mode="voila")


def test_lab_mode_autosaves_after_every_change(state, tmp_path):
    view = DraftsView(state, tmp_path)
    assert list(tmp_path.glob("*.json")) == []
    state.draft.facts["place"] = "青山县"
    state.touch()
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1 and files[0] == view.path
    assert Draft.load(files[0], state.library).facts["place"] == "青山县"
    state.draft.facts["place"] = "白水县"
    state.touch()
    assert list(tmp_path.glob("*.json")) == files
    assert Draft.load(files[0], state.library).facts["place"] == "白水县"
    assert [v for _, v in view.saved.options] == [str(files[0])]
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_saved_draft_reopens_with_everything(state, tmp_path):
    view = DraftsView(state, tmp_path)
    state.draft.facts["place"] = "青山县"
    state.draft.section("what").include = False
    state.draft.section("why").pattern = "enumeration"
    state.draft.set_edit("opening.0", "今天召开会议，青山县的工作很重要。")
    state.touch()
    saved = view.path
    state.choose_template("second")
    view.list_saved()
    view.saved.value = str(saved)
    view.open_saved.click()
    draft = state.draft
    assert draft.template.id == "mini" and draft.facts["place"] == "青山县"
    assert not draft.section("what").include and draft.section("why").pattern == "enumeration"
    assert "今天召开会议，青山县的工作很重要。" in state.html
    state.draft.facts["hazards"] = 5
    state.touch()
    assert view.path == saved


def test_an_autosave_failure_is_reported(state, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    DraftsView(state, blocker / "drafts")
    state.draft.facts["place"] = "青山县"
    state.touch()
    assert state.status_kind == "error" and state.status.startswith("自动保存失败：")


def test_voila_mode_never_writes_and_offers_download(voila_state, tmp_path):
    view = DraftsView(voila_state, tmp_path)
    voila_state.draft.facts["place"] = "青山县"
    voila_state.touch()
    assert list(tmp_path.iterdir()) == []
    assert "下载草稿" in view.info.value
    view.save.click()
    data = json.loads(_link_bytes(view.link.value))
    assert data["facts"]["place"] == "青山县"


def test_an_uploaded_draft_restores_edits(voila_state, tmp_path):
    draft = Draft(voila_state.library["mini"])
    draft.facts["place"] = "青山县"
    draft.set_edit("opening.0", "这是修改过的开头，青山县。")
    view = DraftsView(voila_state, tmp_path)
    view.upload.send_file("草稿.json", draft.dumps().encode("utf-8"))
    assert voila_state.status_kind == "ok"
    assert "这是修改过的开头，青山县。" in voila_state.html


@pytest.mark.parametrize(("name", "content", "message"), [
    ("草稿.json", b'{"format": "speech-workbench-draft", "vers', "已损坏或不完整"),
    ("草稿.json", b'{"format": "speech-workbench-draft", "version": 99, "template": "mini"}',
     "更新的版本"),
    ("草稿.json", b'{"format": "speech-workbench-draft", "version": 1, "template": "gone"}',
     "不存在"),
    ("草稿.docx", b"PK\x03\x04", "不是.json文件"),
    ("草稿.json", b" " * (MAX_DRAFT_BYTES + 1), "过大"),
])
def test_bad_uploads_are_refused_and_the_draft_is_kept(voila_state, tmp_path, name, content,
                                                      message):
    voila_state.draft.facts["place"] = "青山县"
    voila_state.touch()
    before = voila_state.draft
    view = DraftsView(voila_state, tmp_path)
    view.upload.send_file(name, content)
    assert voila_state.status_kind == "error"
    assert message in voila_state.status
    assert voila_state.draft is before


def test_a_huge_file_refused_by_the_browser_gets_a_message(voila_state, tmp_path):
    view = DraftsView(voila_state, tmp_path)
    view.upload._handle_upload(view.upload, {"event": "too-large", "name": "a.json",
                                             "size": 50 << 20}, [])
    assert "过大（50.0 MB），上限 5.0 MB" in voila_state.status
