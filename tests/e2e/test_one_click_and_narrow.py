"""In headless Chromium against a real Voilà server: one click downloads, and a 1024 px
wide window shows every tab's whole label."""

from __future__ import annotations

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_dashboard

pytestmark = pytest.mark.e2e

TAB_TITLES = ("本地要素", "结构与句式", "逐段修改", "草稿", "批量", "导入范文")


def test_one_click_on_export_downloads_the_word_file(page: Page, voila_url, tmp_path):
    open_dashboard(page, voila_url)
    page.get_by_role("tab", name="本地要素").click()
    page.locator(".wb-fact-place input").fill("青山县")
    expect(page.locator(".wb-preview")).to_contain_text("青山县")
    with page.expect_download() as download_info:
        page.locator(".wb-export").click()  # nothing else: no link to click
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert "青山县" in "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    # The link stays as the fallback, and a second click downloads again.
    expect(page.locator(".wb-download a[download]")).to_be_visible()
    with page.expect_download() as again:
        page.locator(".wb-export-text").click()
    assert again.value.suggested_filename.endswith(".txt")


def test_one_click_downloads_the_draft(page: Page, voila_url):
    open_dashboard(page, voila_url)
    page.get_by_role("tab", name="草稿").click()
    with page.expect_download() as download_info:
        page.locator(".wb-draft-save").click()
    assert download_info.value.suggested_filename.endswith(".json")


def _cut_tabs(page: Page) -> list[str]:
    """Return the tab labels that are clipped or fall outside the left panel."""
    return page.evaluate("""() => {
        const panel = document.querySelector('.wb-left').getBoundingClientRect();
        const out = [];
        for (const tab of document.querySelectorAll('.wb-tabs .lm-TabBar-tab')) {
            const label = tab.querySelector('.lm-TabBar-tabLabel') || tab;
            const box = tab.getBoundingClientRect();
            if (label.scrollWidth > label.clientWidth + 1 || box.right > panel.right + 1
                || box.left < panel.left - 1 || box.width === 0) {
                out.push(label.textContent);
            }
        }
        return out;
    }""")


@pytest.mark.parametrize("width", [1024, 1440])
def test_every_tab_label_is_whole_at_this_width(new_context, voila_url, width):
    page = new_context().new_page()
    page.set_viewport_size({"width": width, "height": 768})
    open_dashboard(page, voila_url)
    labels = page.locator(".wb-tabs .lm-TabBar-tab").all_inner_texts()
    assert [label.strip() for label in labels] == list(TAB_TITLES)
    assert _cut_tabs(page) == []
    page.get_by_role("tab", name="结构与句式").click()
    expect(page.locator(".wb-section-toggle").first).to_be_visible()
