"""The 素材 panel in a real Voilà dashboard: search, insert at the caret, the preview follows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_dashboard

pytestmark = pytest.mark.e2e

TEMPLATE_TITLE = "在××安全生产委员会全体（扩大）会议上的讲话"
INSERTED = "青山县在责任落实、隐患治理、执法检查等方面还有不小差距"


def test_search_insert_at_the_caret_and_see_the_preview_change(page: Page, voila_url, tmp_path):
    open_dashboard(page, voila_url)
    page.locator(".wb-template select").select_option(label=TEMPLATE_TITLE)
    page.get_by_role("tab", name="本地要素").click()
    page.locator(".wb-fact-place input").fill("青山县")
    preview = page.locator(".wb-preview")
    expect(preview).to_contain_text("在青山县安全生产委员会")
    expect(preview).not_to_contain_text(INSERTED)

    page.get_by_role("tab", name="逐段修改").click()
    panel = page.locator(".wb-materials")
    expect(panel).to_be_visible()
    area = page.locator(".wb-edit-text textarea").first
    original = area.input_value()
    area.click()
    area.press("Control+Home")  # the caret at the start of the opening's first paragraph

    page.locator(".wb-materials-search input").fill("执法检查 差距")
    result = page.locator(".wb-material:visible").filter(has_text="执法检查").first
    expect(result).to_contain_text("引用")  # the form, shown with the result
    result.locator(".wb-material-insert").click()

    expect(preview).to_contain_text(INSERTED)
    expect(area).to_have_value(re.compile("^对照【传达的上级会议】的要求，" + re.escape(INSERTED)))
    assert area.input_value().endswith(original)
    expect(page.locator(".wb-status")).to_contain_text("已把素材插入")
    page.screenshot(path=str(tmp_path / "materials.png"), full_page=True)
