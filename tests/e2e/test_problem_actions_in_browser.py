"""处理误报 in headless Chromium: 忽略此处 takes a finding off the list, 恢复 brings it back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_dashboard

pytestmark = pytest.mark.e2e

TEMPLATE_TITLE = "在××安全生产委员会全体（扩大）会议上的讲话"


def _count(page: Page) -> int:
    title = page.locator(".wb-problems .wb-problems-title").inner_text()
    return int(re.search(r"（(\d+)）", title).group(1))


def test_ignore_here_and_restore(page: Page, voila_url):
    open_dashboard(page, voila_url)
    page.locator(".wb-template select").select_option(label=TEMPLATE_TITLE)
    problems = page.locator(".wb-problems")
    expect(page.locator(".wb-fact-upper_meeting")).to_be_visible()
    expect(problems).to_contain_text("尚未填写")
    actions = page.locator(".wb-problem-actions")
    actions.locator(".wb-problem-actions-toggle").click()
    first = actions.locator(".wb-problem-row").first
    expect(first).to_contain_text("尚未填写")
    first.locator(".wb-ignore-here").click()
    expect(actions.locator(".wb-ignored-row")).to_have_count(1)
    expect(actions.locator(".wb-ignored-row")).to_contain_text("此处：要素")
    title = page.locator(".wb-problems .wb-problems-title")
    ignoring = _count(page)
    actions.locator(".wb-restore-here").click()
    expect(actions.locator(".wb-ignored-row")).to_have_count(0)
    expect(title).not_to_contain_text(f"（{ignoring}）")
    assert _count(page) > ignoring
