"""The dashboard's 导入范文 tab in headless Chromium reads a file a reviewer edited in
LibreOffice with record changes on: the accepted text, the note, the original on request."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_dashboard
from tests.support.revised import ADDED, REPLACEMENT

pytestmark = pytest.mark.e2e


def _holding(*pieces: str) -> re.Pattern[str]:
    """A pattern for a value that contains every one of `pieces`."""
    return re.compile("^" + "".join(f"(?=[\\s\\S]*{re.escape(p)})" for p in pieces))


def test_uploading_a_reviewed_docx_shows_the_accepted_text_and_the_note(page: Page, voila_url,
                                                                         revised_speech):
    open_dashboard(page, voila_url)
    page.get_by_role("tab", name="导入范文").click()
    page.locator(".wb-import-upload input[type=file]").set_input_files(str(revised_speech.revised))
    status = page.locator(".wb-import-status")
    expect(status).to_contain_text("修改稿.docx: 文件含 4 处修订，已按全部接受读取")
    text = page.locator(".wb-import-text textarea")
    expect(text).to_have_value(_holding(REPLACEMENT, ADDED))
    assert revised_speech.replaced not in text.input_value()
    expect(page.locator(".wb-import-outline")).to_contain_text("一、")

    page.locator(".wb-import-original input[type=checkbox]").check()
    expect(status).to_contain_text("已按全部拒绝读取")
    expect(text).to_have_value(_holding(revised_speech.replaced, revised_speech.deleted))
    assert REPLACEMENT not in text.input_value()
