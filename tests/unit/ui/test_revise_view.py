"""ReviseView, headless: 上传修改稿, the review list (accept, reject, comments, deleted and
unplaced paragraphs), the preview's marks and comments, 导出修订版; all through the state."""

from __future__ import annotations

import base64
import html
import io
import re

import pytest

from tests.support.tracked import AUTHOR, DocxEditor
from tests.unit.ui.dom import find, one
from workbench.core.versions import snapshot
from workbench.pipeline import render_bytes
from workbench.readers import INSERTED, read_document
from workbench.ui import WorkbenchApp, WorkbenchState


@pytest.fixture
def dashboard(ui_library) -> WorkbenchApp:
    """The app as the dashboard serves it (Voilà mode), the 草稿 tab built."""
    state = WorkbenchState(ui_library, template="mini", mode="voila")
    state.fill_examples()
    app = WorkbenchApp(state)
    app.build_tab(3)
    return app


def _edited(state: WorkbenchState) -> bytes:
    editor = DocxEditor(render_bytes(state.document, "docx"))
    editor.replace("要盯住节假日。", "要盯住节假日和汛期。")
    editor.add_paragraph("要加大投入。", "丙也要抓好。")
    editor.comment("今天召开会议", "开头再简短些")
    return editor.save()


def _upload(app: WorkbenchApp, name: str, data: bytes) -> None:
    one(app.widget, "wb-revise-upload").send_file(name, data)


def _button(row, css: str):
    return next(w for w in row.children if css in w._dom_classes)


def _paragraph_texts(page: str) -> list[str]:
    """The text of each <p> of the preview as a browser's innerText reads it."""
    return [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p\b.*?</p>", page, re.S)]


def test_upload_review_and_preview(dashboard):
    state, root = dashboard.state, dashboard.widget
    _upload(dashboard, "修改稿.docx", _edited(state))
    assert state.status_kind == "ok" and state.status.startswith("已收回修改稿.docx：改动 1 段")
    assert "待定修订 3 处" in one(root, "wb-revise-summary").value
    rows = find(root, "wb-change")
    assert len(rows) == 3 and all(AUTHOR in r.children[0].value for r in rows)
    # The preview marks the changed paragraphs and shows the comment beside its paragraph,
    # outside the text: each paragraph reads exactly as the speech.
    page = state.html
    assert page.count("wb-revised") >= 2
    assert re.search(r'<span class="wb-comment" data-comment="王主任（2026-03-06）：开头再简短些"', page)
    assert _paragraph_texts(page) == [t for _, t in snapshot(state.document)]
    assert [c.text for c in state.draft.roundtrip.comments] == ["开头再简短些"]
    assert find(root, "wb-review-comment")

    # Reject the replacement inside the paragraph, one change after the other.
    for row in list(find(root, "wb-change")):
        if "wb-change-paragraph-ins" not in row._dom_classes:
            _button(row, "wb-reject").click()
    assert "要盯住节假日。" in state.html and "汛期" not in state.html
    assert state.status.startswith("已拒绝王主任的修订")
    # Accept the new paragraph: it stays, the list empties, the undo takes it back.
    _button(one(root, "wb-change"), "wb-accept").click()
    assert find(root, "wb-change") == [] and "丙也要抓好。" in state.html
    assert state.undo_label == "接受修订"
    state.undo()
    assert len(find(root, "wb-change")) == 1
    # The comment is dealt with.
    _button(one(root, "wb-review-comment"), "wb-comment-done").click()
    assert find(root, "wb-review-comment") == [] and 'class="wb-comment"' not in state.html


def test_export_revisions_downloads_a_tracked_file(dashboard):
    state, root = dashboard.state, dashboard.widget
    _upload(dashboard, "修改稿.docx", _edited(state))
    picker = one(root, "wb-revisions-base")
    assert [label for label, _ in picker.options] == ["二稿", "一稿"] and picker.value == 2
    picker.value = 1
    one(root, "wb-revisions-author").value = "张起草"
    one(root, "wb-export-revisions").click()
    link = one(root, "wb-revisions-download").value
    assert "修订版（对照一稿）.docx" in link and state.status_kind == "ok"
    data = base64.b64decode(re.search(r'href="data:[^;]+;base64,([^"]+)"', link).group(1))
    document = read_document(data, "修订版.docx")
    changes = [s for p in document.paragraphs for s in p.segments if s.is_change]
    assert {s.author for s in changes} == {"张起草"} and INSERTED in {s.kind for s in changes}
    assert [c.text for c in document.comments] == ["开头再简短些"]
    assert state.draft.roundtrip.author == "张起草"
    # A change to the speech makes the link stale.
    state.set_fact("place", "白水县")
    assert "请重新导出" in one(root, "wb-revisions-download").value


def test_deleted_and_unplaced_paragraphs_can_be_dealt_with(dashboard):
    state, root = dashboard.state, dashboard.widget
    editor = DocxEditor(render_bytes(state.document, "docx"))
    editor.delete_paragraph("要严格考核。", tracked=False)
    editor.replace("下面，我讲三点意见。", "下面，我强调三点。", tracked=False)
    _upload(dashboard, "修改稿.docx", editor.save())
    assert state.status_kind == "warning"
    assert "要严格考核" not in state.html
    _button(one(root, "wb-deleted"), "wb-restore").click()
    assert "要严格考核。" in state.html and find(root, "wb-deleted") == []
    unplaced = one(root, "wb-unplaced")
    assert "下面，我强调三点。" in unplaced.children[0].value
    _button(unplaced, "wb-dismiss").click()
    assert find(root, "wb-unplaced") == []


def test_a_bad_upload_is_a_message_and_changes_nothing(dashboard):
    state = dashboard.state
    before, undo = state.draft.to_json(), state.undo_label
    _upload(dashboard, "修改稿.docx", b"PK\x03\x04 broken")
    assert state.status_kind == "error" and "收回修改稿失败" in state.status
    _upload(dashboard, "修改稿.pdf", b"%PDF-1.7 cut short")
    assert state.status_kind == "error" and "PDF 已损坏" in state.status
    _upload(dashboard, "修改稿.pages", b"PK\x03\x04")
    assert state.status_kind == "error" and ".docx" in state.status
    after = state.draft.to_json()
    assert {**after, "saved_at": 0} == {**before, "saved_at": 0} and state.undo_label == undo


def test_the_same_file_twice_changes_nothing(dashboard):
    state = dashboard.state
    data = _edited(state)
    _upload(dashboard, "修改稿.docx", data)
    revision, versions = state.revision, len(state.draft.versions)
    _upload(dashboard, "修改稿.docx", data)
    assert state.revision == revision and len(state.draft.versions) == versions
    assert "草稿未改动" in state.status


def test_in_jupyterlab_a_revised_draft_autosaves(state, app, tmp_path):
    state.fill_examples()
    app.build_tab(3)
    _upload(app, "修改稿.docx", _edited(state))
    saved = app.drafts.path
    assert saved is not None and "丙也要抓好。" in saved.read_text(encoding="utf-8")
    assert '"roundtrip"' in saved.read_text(encoding="utf-8")


def test_the_versions_panel_lists_the_versions_a_revision_saved(dashboard):
    _upload(dashboard, "修改稿.docx", _edited(dashboard.state))
    listed = one(dashboard.widget, "wb-versions").options
    assert [value for _, value in listed] == [2, 1]


def test_state_intents_alone(ui_library):
    state = WorkbenchState(ui_library, template="mini", mode="lab")
    state.fill_examples()
    report = state.revise_from("修改稿.docx", _edited(state), mode="accept")
    assert report.pending_total == 0 and "节假日和汛期" in state.html
    data = state.revisions_docx(1)
    assert read_document(io.BytesIO(data).getvalue(), "x.docx").tracked_changes > 0
    state.add_note("opening.0", "我的说明")
    assert state.draft.roundtrip.comments[-1].mine
