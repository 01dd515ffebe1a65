"""The dashboard's 导入范文 tab in headless Chromium takes a .doc and a PDF written by
LibreOffice (tests/support/office_files.py) and shows their outline."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_dashboard

pytestmark = pytest.mark.e2e


def test_uploading_a_doc_and_a_pdf_shows_their_outline(page: Page, voila_url, office_files):
    open_dashboard(page, voila_url)
    page.get_by_role("tab", name="导入范文").click()
    upload = page.locator(".wb-import-upload input[type=file]")
    assert ".doc" in (upload.get_attribute("accept") or "").split(",")
    status = page.locator(".wb-import-status")
    outline = page.locator(".wb-import-outline")
    for path in (office_files.doc, office_files.pdf):
        upload.set_input_files(str(path))
        expect(status).to_contain_text("识别出 3 个部分", timeout=60_000)
        expect(outline).to_contain_text("正本清源，筑牢思想根基，坚决守住廉洁防线")
        expect(outline).to_contain_text("作风连着党心民心")
    text = page.locator(".wb-import-text textarea").input_value()
    assert "—1—" not in text and "同志们：" in text
