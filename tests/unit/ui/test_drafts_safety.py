"""The drafts tab when things go wrong: two tabs on one draft, a full or read-only disk, a
damaged file. Nothing is overwritten silently and the writer is told what to do."""

from __future__ import annotations

import base64
import json
import re

import pytest

from tests.support.smalldisk import fill_disk, make_read_only
from workbench import Draft
from workbench.core.draftfile import backup_path
from workbench.ui import WorkbenchState
from workbench.ui.drafts import DraftsView


def _tab(library, folder) -> tuple[WorkbenchState, DraftsView]:
    state = WorkbenchState(library, template="mini", mode="lab")
    return state, DraftsView(state, folder)


def _type(state: WorkbenchState, place: str) -> None:
    state.set_fact("place", place)


def _open(view: DraftsView, path) -> None:
    view.list_saved()
    view.saved.value = str(path)
    view.open_saved.click()


def _downloaded(view: DraftsView) -> dict:
    view.save.click()
    match = re.search(r'href="data:[^,]+;base64,([^"]+)"', view.link.value)
    assert match, view.link.value
    return json.loads(base64.b64decode(match.group(1)))


def _shown(widget) -> bool:
    return widget.layout.display != "none"


@pytest.fixture
def two_tabs(ui_library, tmp_path):
    """Tab A wrote a draft; tab B opened the same file."""
    a, view_a = _tab(ui_library, tmp_path)
    _type(a, "青山县")
    path = view_a.path
    b, view_b = _tab(ui_library, tmp_path)
    _open(view_b, path)
    assert view_b.path == path and b.draft.facts["place"] == "青山县"
    return (a, view_a), (b, view_b), path


def test_a_second_tab_saving_an_older_revision_is_stopped_and_told(two_tabs):
    (a, _view_a), (b, view_b), path = two_tabs
    _type(a, "甲县")
    won = path.read_bytes()
    _type(b, "乙县")
    assert path.read_bytes() == won  # tab A's save stands
    assert b.status_kind == "error" and b.status.startswith("自动保存失败：")
    assert "另一个标签页" in b.status and "第 2 次保存" in b.status
    assert view_b.conflict is not None and _shown(view_b.conflict_box)
    assert "自动保存已暂停" in view_b.alert.value
    # Further typing in tab B never writes either, and raises no new message.
    _type(b, "丙县")
    assert path.read_bytes() == won
    assert b.draft.facts["place"] == "丙县"
    # Tab A goes on saving.
    _type(a, "丁县")
    assert Draft.load(path, a.library).facts["place"] == "丁县"


def test_save_as_new_keeps_this_tabs_work_and_the_other_tabs_file(two_tabs, tmp_path):
    (a, _view_a), (b, view_b), path = two_tabs
    _type(a, "甲县")
    _type(b, "乙县")
    view_b.save_as.click()
    assert b.status_kind == "ok" and "另存为新草稿" in b.status
    assert view_b.path != path and not _shown(view_b.conflict_box) and view_b.alert.value == ""
    assert Draft.load(view_b.path, b.library).facts["place"] == "乙县"
    assert Draft.load(path, a.library).facts["place"] == "甲县"
    _type(b, "戊县")  # autosave goes on, into the new file
    assert Draft.load(view_b.path, b.library).facts["place"] == "戊县"
    assert {str(view_b.path), str(path)} <= {v for _, v in view_b.saved.options}


def test_reload_shows_the_winning_tabs_version(two_tabs):
    (a, view_a), (b, view_b), path = two_tabs
    _type(a, "甲县")
    _type(b, "乙县")
    view_b.reload.click()
    assert b.draft.facts["place"] == "甲县" and "甲县" in b.html
    assert b.status_kind == "warning" and "已放弃" in b.status
    assert view_b.conflict is None and not _shown(view_b.conflict_box)
    _type(b, "己县")  # autosave resumes, on top of A's revision
    assert Draft.load(path, b.library).facts["place"] == "己县"
    _type(a, "庚县")  # and now tab A is the one told
    assert view_a.conflict is not None


def test_a_damaged_saved_draft_can_be_restored_from_its_backup(ui_library, tmp_path):
    state, view = _tab(ui_library, tmp_path)
    _type(state, "青山县")
    _type(state, "绿水县")
    path = view.path
    assert Draft.load(backup_path(path), ui_library).facts["place"] == "青山县"
    path.write_text(path.read_text(encoding="utf-8").replace('"facts"', '"facts" "'), encoding="utf-8")
    damaged = path.read_bytes()
    other, other_view = _tab(ui_library, tmp_path)
    _open(other_view, path)
    assert other.status_kind == "error" and "已损坏" in other.status
    assert other.draft.template.id == "mini" and "place" not in other.draft.facts
    assert _shown(other_view.restore) and "从备份恢复" in other_view.alert.value
    other_view.restore.click()
    assert other.status_kind == "ok" and "已从备份恢复" in other.status
    assert other.draft.facts["place"] == "青山县"
    assert not _shown(other_view.restore) and other_view.path == path
    assert Draft.load(path, ui_library).facts["place"] == "青山县"  # the file is whole again
    assert path.with_name(path.name + ".damaged").read_bytes() == damaged


def test_a_truncated_draft_opens_with_a_note_and_offers_the_backup(ui_library, tmp_path):
    state, view = _tab(ui_library, tmp_path)
    _type(state, "青山县")
    state.set_edit("opening.0", "今天召开会议，部署青山县的工作。")
    path = view.path
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("今天召开")], encoding="utf-8")
    other, other_view = _tab(ui_library, tmp_path)
    _open(other_view, path)
    assert other.status_kind == "warning" and "草稿文件不完整" in other.status
    assert other.draft.facts["place"] == "青山县"
    assert _shown(other_view.restore)


def test_a_full_disk_keeps_the_file_and_the_work_and_says_download(ui_library, small_disk):
    folder = small_disk
    state, view = _tab(ui_library, folder)
    _type(state, "青山县")
    path = view.path
    good = path.read_bytes()
    filler = fill_disk(folder)
    state.set_edit("opening.0", "今天召开会议，" + "部署安全生产工作。" * 400)
    assert state.status_kind == "error" and "磁盘空间已满" in state.status
    assert "原有的草稿未改动" in state.status
    assert path.read_bytes() == good
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert "wb-draft-unsaved" in view.alert.value and "下载草稿" in view.alert.value
    assert view.save.button_style == "warning"
    # The work is in the page and downloads whole.
    data = _downloaded(view)
    assert "部署安全生产工作。" * 400 in json.dumps(data, ensure_ascii=False)
    # Space again: the next change saves, and the warning goes.
    filler.unlink()
    _type(state, "绿水县")
    assert view.alert.value == "" and view.save.button_style == ""
    saved = Draft.load(path, ui_library)
    assert saved.facts["place"] == "绿水县" and saved.edits


def test_a_read_only_folder_keeps_the_file_and_says_why(ui_library, freezable):
    state, view = _tab(ui_library, freezable)
    _type(state, "青山县")
    path = view.path
    good = path.read_bytes()
    make_read_only(freezable)
    _type(state, "绿水县")
    assert state.status_kind == "error"
    assert "只读" in state.status or "权限" in state.status
    assert path.read_bytes() == good
    assert _downloaded(view)["facts"]["place"] == "绿水县"
