"""The dashboard in headless Chromium against a real Voilà server: the writer's whole path."""

from __future__ import annotations

import re

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import download_link, open_dashboard

pytestmark = pytest.mark.e2e

TEMPLATE_TITLE = "在××安全生产委员会全体（扩大）会议上的讲话"


def _docx_text(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _choose_template(page: Page) -> None:
    page.locator(".wb-template select").select_option(label=TEMPLATE_TITLE)
    expect(page.locator(".wb-fact-upper_meeting")).to_be_visible()


def _fill_place(page: Page, place: str) -> None:
    page.get_by_role("tab", name="本地要素").click()
    page.locator(".wb-fact-place input").fill(place)


def test_template_facts_parts_patterns_and_word_export(page: Page, voila_url, tmp_path):
    open_dashboard(page, voila_url)
    preview = page.locator(".wb-preview")
    _choose_template(page)
    expect(preview).to_contain_text("【地名】")
    stats = page.locator(".wb-stats")
    expect(stats).to_contain_text("按每分钟 240 字计")
    before = stats.locator("b").first.inner_text()

    _fill_place(page, "青山县黄河岸边的白水镇")
    expect(preview).to_contain_text("在青山县黄河岸边的白水镇安全生产委员会全体（扩大）会议上的讲话")
    # The stats line rides on the page's patch: the count follows the typed text.
    expect(stats.locator("b").first).not_to_have_text(before)
    _fill_place(page, "青山县")
    expect(preview).to_contain_text("在青山县安全生产委员会全体（扩大）会议上的讲话")
    expect(stats).to_contain_text("按每分钟 240 字计")
    expect(page.locator(".wb-problems")).to_contain_text("尚未填写")

    page.get_by_role("tab", name="结构与句式").click()
    headings = preview.locator(".wb-h1")
    expect(headings).to_have_count(3)
    expect(preview).to_contain_text("我讲三点意见")
    second_heading = headings.nth(1).inner_text()[2:]
    page.locator(".wb-section-toggle input").first.uncheck()
    expect(headings).to_have_count(2)
    expect(preview).to_contain_text("我讲两点意见")
    expect(headings.first).to_have_text(re.compile("^一、" + re.escape(second_heading)))
    expect(page.locator(".wb-problems")).not_to_contain_text("正文实际有")

    paragraph = preview.locator('[data-pid="tasks.industries"]')
    expect(paragraph).to_have_text(re.compile("^（一）"))
    page.locator(".wb-pattern select").nth(1).select_option(label="一是二是")
    expect(paragraph).to_have_text(re.compile("^一是"))

    page.locator(".wb-export").click()
    link = download_link(page)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = _docx_text(target)
    assert "青山县" in text
    assert "我讲两点意见" in text


def test_sources_and_tracebacks_stay_hidden(page: Page, voila_url):
    open_dashboard(page, voila_url)
    html = page.content()
    assert "build_app" not in html and "import" not in page.locator("#rendered_cells").inner_text()
    page.locator(".wb-fact-hazards input, .wb-fact-place input").first.fill("<img src=x onerror=alert(1)>")
    expect(page.locator(".wb-preview")).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.locator(".wb-preview img").count() == 0
    assert "Traceback" not in page.content()


def test_draft_download_and_upload_round_trip(new_context, voila_url, tmp_path):
    page = new_context().new_page()
    open_dashboard(page, voila_url)
    _fill_place(page, "白水县")
    expect(page.locator(".wb-preview")).to_contain_text("白水县")
    page.get_by_role("tab", name="草稿").click()
    page.locator(".wb-draft-save").click()
    with page.expect_download() as download_info:
        page.locator(".wb-draft-link a[download]").click()
    saved = tmp_path / "draft.json"
    download_info.value.save_as(saved)

    other = new_context().new_page()
    open_dashboard(other, voila_url)
    expect(other.locator(".wb-preview")).not_to_contain_text("白水县")
    other.get_by_role("tab", name="草稿").click()
    other.locator(".wb-draft-upload input[type=file]").set_input_files(str(saved))
    expect(other.locator(".wb-preview")).to_contain_text("白水县")
    expect(other.locator(".wb-status")).to_contain_text("已打开草稿")


def test_a_huge_upload_is_refused_with_a_message(page: Page, voila_url, tmp_path):
    open_dashboard(page, voila_url)
    page.get_by_role("tab", name="草稿").click()
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (30 * 1024 * 1024))
    page.locator(".wb-draft-upload input[type=file]").set_input_files(str(huge))
    expect(page.locator(".wb-status")).to_contain_text("过大")
    # the session is still alive: the preview still follows the form
    _fill_place(page, "红岩镇")
    expect(page.locator(".wb-preview")).to_contain_text("红岩镇")


def test_save_a_version_and_see_what_changed(page: Page, voila_url, tmp_path):
    open_dashboard(page, voila_url)
    _fill_place(page, "青山县")
    expect(page.locator(".wb-preview")).to_contain_text("青山县")
    page.get_by_role("tab", name="草稿").click()
    page.locator(".wb-version-note input").fill("送审前")
    page.locator(".wb-version-save").click()
    expect(page.locator(".wb-versions select option")).to_have_count(1)
    expect(page.locator(".wb-versions select option")).to_contain_text("一稿")
    _fill_place(page, "白水镇")
    expect(page.locator(".wb-preview")).to_contain_text("白水镇")
    page.get_by_role("tab", name="草稿").click()
    page.locator(".wb-version-compare").click()
    diff = page.locator(".wb-version-diff")
    expect(diff).to_contain_text("一稿 → 当前稿")
    expect(diff.locator("del").first).to_have_text("青山县")
    expect(diff.locator("ins").first).to_have_text("白水镇")
    page.screenshot(path=str(tmp_path / "versions.png"), full_page=True)
