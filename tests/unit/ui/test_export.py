"""ExportView: Word/Markdown/text as data: URI links; failures said in Chinese."""

from __future__ import annotations

import base64
import re

import pytest

from workbench.errors import RenderError
from workbench.ui.export import ExportView


def _link(html: str) -> tuple[str, bytes]:
    match = re.search(r'download="([^"]+)" href="data:[^,]+;base64,([^"]+)"', html)
    assert match, html
    return match.group(1), base64.b64decode(match.group(2))


@pytest.fixture
def export(state):
    state.draft.facts["place"] = "青山县"
    state.touch()
    return ExportView(state)


@pytest.mark.parametrize(("button", "suffix"), [("markdown", ".md"), ("text", ".txt")])
def test_text_exports_offer_a_download_link_with_the_place(export, button, suffix):
    getattr(export, button).click()
    name, data = _link(export.download.value)
    assert name == f"在青山县测试会议上的讲话{suffix}"
    assert "青山县" in data.decode("utf-8")
    assert "<a " in export.download.value and "download=" in export.download.value


def test_word_export_sends_the_docx_bytes(export, state, monkeypatch):
    def fake_docx(document, fmt, **options):
        assert document is state.document and fmt == "docx"   # the tree the state holds
        return b"PK fake docx"

    monkeypatch.setattr("workbench.ui.export.render_bytes", fake_docx)
    export.word.click()
    name, data = _link(export.download.value)
    assert name.endswith(".docx") and data == b"PK fake docx"
    assert "wb-export" in export.word._dom_classes
    assert "wb-download" in export.download._dom_classes


def test_failed_word_export_says_why_and_leaves_the_draft(export, state, monkeypatch):
    def broken(document, fmt, **options):
        raise RenderError("Word 导出尚未实现")

    monkeypatch.setattr("workbench.ui.export.render_bytes", broken)
    before = state.draft.dumps()
    export.word.click()
    assert state.status == "导出 Word 失败：Word 导出尚未实现"
    assert "href" not in export.download.value
    assert state.draft.dumps().split('"saved_at"')[0] == before.split('"saved_at"')[0]


def test_unfilled_facts_are_warned_about_on_export(state):
    view = ExportView(state)
    view.text.click()
    assert state.status_kind == "warning" and "未填写" in state.status


def test_a_change_drops_the_stale_link(export, state):
    export.text.click()
    state.draft.facts["place"] = "白水县"
    state.touch()
    assert "href" not in export.download.value
    assert "请重新导出" in export.download.value


def test_file_names_never_carry_path_separators(export, state):
    state.draft.facts["place"] = "../../etc/青山县"
    state.touch()
    export.text.click()
    name, _ = _link(export.download.value)
    assert "/" not in name and name.startswith("在....etc青山县")


def test_unfilled_facts_read_as_placeholders_in_file_names(state):
    view = ExportView(state)
    view.text.click()
    name, _ = _link(view.download.value)
    assert name == "在××测试会议上的讲话.txt"


def test_one_click_saves_the_file_and_keeps_the_link(export, state, monkeypatch):
    messages = []
    monkeypatch.setattr(export.auto, "send", lambda content, buffers=None: messages.append(
        (content, [bytes(b) for b in buffers or []])))
    export.text.click()
    name, data = _link(export.download.value)
    assert messages == [({"event": "download", "name": name, "mime": "text/plain;charset=utf-8"},
                         [data])]
    export.text.click()  # the same file again is saved again
    assert len(messages) == 2
    assert "开始下载" in state.status
    assert "wb-export" in export.word._dom_classes
    assert export.auto.layout.display == "none"
