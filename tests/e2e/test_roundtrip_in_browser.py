"""The Word round trip in the dashboard, headless Chromium against a real Voilà server: a file
a reviewer edited in LibreOffice with record changes on (the `revised_speech` fixture), with
a comment added, goes up through 上传修改稿; the review list accepts and rejects its changes,
the preview marks the changed paragraphs and shows the comment beside its paragraph (never
inside the speech's text), and 导出修订版 downloads a file with native Word revisions."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_dashboard
from tests.support.revised import ADDED, REPLACEMENT, REVIEWER
from tests.support.tracked import DocxEditor
from workbench import Draft, load_library
from workbench.core.versions import snapshot
from workbench.readers import read_document

pytestmark = pytest.mark.e2e

TEMPLATE_TITLE = "在××安全生产委员会全体（扩大）会议上的讲话"
COMMENT = "这句改得好，请再压缩"


def test_upload_review_and_export_revisions(page: Page, voila_url, revised_speech, tmp_path):
    edited = tmp_path / "修改稿（批注）.docx"
    editor = DocxEditor(revised_speech.revised.read_bytes(), author=REVIEWER)
    editor.comment(REPLACEMENT, COMMENT)
    edited.write_bytes(editor.save())

    open_dashboard(page, voila_url)
    page.locator(".wb-template select").select_option(label=TEMPLATE_TITLE)
    page.locator(".wb-fill-examples").click()  # the draft 一稿 was exported from
    preview = page.locator(".wb-preview")
    expect(preview).to_contain_text("青山县")

    page.get_by_role("tab", name="草稿").click()
    page.locator(".wb-revise-upload input[type=file]").set_input_files(str(edited))
    changes = page.locator(".wb-change")
    expect(changes).to_have_count(4)
    expect(page.locator(".wb-status")).to_contain_text("已收回修改稿（批注）.docx")
    expect(page.locator(".wb-revise-summary")).to_contain_text(f"待定修订 4 处：{REVIEWER} 4 处")
    expect(page.locator(".wb-review-comment")).to_contain_text(COMMENT)

    # The preview: changed paragraphs marked, the comment beside its paragraph, outside the
    # text a reader copies (innerText).
    expect(preview.locator(".wb-revised")).to_have_count(3)
    comment = preview.locator(".wb-comment")
    expect(comment).to_have_count(1)
    expect(comment).to_be_visible()
    assert COMMENT in comment.get_attribute("data-comment")
    shown = page.evaluate("getComputedStyle(document.querySelector('.wb-preview .wb-comment'), "
                          "'::after').content")
    assert COMMENT in shown
    page_text = preview.locator(".wb-page").inner_text()
    assert COMMENT not in page_text
    draft = Draft(load_library()["work-safety-plenary"])
    draft.facts.fill_examples()
    draft.revise(edited)
    expected = [text for _, text in snapshot(draft.document())]
    assert [line for line in page_text.splitlines() if line.strip()] == expected
    commented = preview.locator(".wb-revised", has=page.locator(".wb-comment"))
    expect(commented).to_contain_text(REPLACEMENT)

    # Reject the deleted phrase: it is back; accept the added sentence: it stays.
    deleted = changes.filter(has_text=revised_speech.deleted.rstrip("，"))
    deleted.locator(".wb-reject").click()
    expect(changes).to_have_count(3)
    expect(preview).to_contain_text(revised_speech.deleted)
    changes.filter(has_text=ADDED.split(",")[0]).locator(".wb-accept").click()
    expect(changes).to_have_count(2)
    expect(preview).to_contain_text(ADDED.split(",")[0])

    # 导出修订版 against 一稿 (the text before the reviewer's file came back).
    page.locator(".wb-revisions-base select").select_option(label="一稿")
    page.locator(".wb-export-revisions").click()
    link = page.locator(".wb-revisions-download a[download]")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert re.search(r"修订版（对照一稿）\.docx$", target.name)
    document = read_document(target)
    marks = [s for p in document.paragraphs for s in p.segments if s.is_change]
    assert marks and {s.author for s in marks} == {"起草人"}
    assert [c.text for c in document.comments] == [COMMENT]
    assert REPLACEMENT in document.text and revised_speech.replaced not in document.text
    original = read_document(target, as_original=True).texts
    assert [t.replace("\n", "") for t in original] == list(draft.version(1).texts)
