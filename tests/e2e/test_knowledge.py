"""The dashboard's problems panel knows fixed formulations and the unit's leaders (领导名录)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_dashboard

pytestmark = pytest.mark.e2e

TEMPLATE_TITLE = "在××安全生产委员会全体（扩大）会议上的讲话"


def test_leaders_typed_in_the_facts_tab_are_checked_in_the_preview(page: Page, voila_url):
    open_dashboard(page, voila_url)
    page.locator(".wb-template select").select_option(label=TEMPLATE_TITLE)
    page.get_by_role("tab", name="本地要素").click()
    problems = page.locator(".wb-problems")
    page.locator(".wb-fact-speaker input").fill("县委副书记、县长　王建国")
    expect(page.locator(".wb-preview")).to_contain_text("县委副书记、县长　王建国")

    page.locator(".wb-leader-add").click()
    row = page.locator(".wb-leader-row").first
    row.locator(".wb-leader-name input").fill("王建国")
    row.locator(".wb-leader-name input").press("Tab")
    row.locator(".wb-leader-post input").fill("县委书记")
    row.locator(".wb-leader-post input").press("Tab")
    expect(problems).to_contain_text("领导名录中“王建国”的职务是“县委书记”")

    row.locator(".wb-leader-post input").fill("县委副书记、县长")
    row.locator(".wb-leader-post input").press("Tab")
    expect(problems).not_to_contain_text("领导名录中“王建国”")
