"""Uploads refused in the real browser: the wrong type never leaves the page, and the largest
file the import accepts reaches the kernel without dropping the session."""

from __future__ import annotations

import os

from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_dashboard
from workbench.readers import MAX_DOCX_BYTES


def _fill_place(page: Page, place: str) -> None:
    page.get_by_role("tab", name="本地要素").click()
    page.locator(".wb-fact-place input").fill(place)


def test_a_file_of_the_wrong_type_is_refused_in_the_browser(page: Page, voila_url, tmp_path):
    open_dashboard(page, voila_url)
    page.get_by_role("tab", name="草稿").click()
    # Over the size limit too: were the type not checked first, in the page, the message
    # would say 过大.
    photo = tmp_path / "照片.png"
    photo.write_bytes(b"\x89PNG" + b"\0" * (6 * 1024 * 1024))
    page.locator(".wb-draft-upload input[type=file]").set_input_files(str(photo))
    expect(page.locator(".wb-status")).to_contain_text("照片.png”不是.json文件")
    _fill_place(page, "红岩镇")
    expect(page.locator(".wb-preview")).to_contain_text("红岩镇")


def test_the_largest_accepted_upload_reaches_the_kernel_and_the_session_lives(page: Page, voila_url,
                                                                             tmp_path):
    open_dashboard(page, voila_url)
    page.get_by_role("tab", name="导入范文").click()
    big = tmp_path / "范文.docx"
    big.write_bytes(b"PK\x03\x04" + os.urandom(MAX_DOCX_BYTES - 4))  # exactly at the limit
    page.locator(".wb-import-upload input[type=file]").set_input_files(str(big))
    expect(page.locator(".wb-import-status")).to_contain_text("范文.docx: Word 文档已损坏")
    _fill_place(page, "白水县")
    expect(page.locator(".wb-preview")).to_contain_text("白水县")
