"""The dashboard's 批量 tab in headless Chromium: upload a table, see its rows, build, download."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import TIMEOUT_MS, open_dashboard

pytestmark = pytest.mark.e2e

TEMPLATE_TITLE = "在××安全生产委员会全体（扩大）会议上的讲话"


def _units_xlsx(path):
    book = openpyxl.Workbook()
    for row in [["地名", "去年排查隐患数（处）", "会议日期"],
                ["青山县", 120, "2026-03-06"],
                ["绿水县", "十二", "2026-03-06"],
                ["白云区", 30, "明天"],
                ["红星镇", 8, None]]:
        book.active.append(row)
    book.save(path)
    return path


def test_batch_tab_builds_a_zip_of_the_good_rows(page: Page, voila_url, tmp_path):
    open_dashboard(page, voila_url)
    page.locator(".wb-template select").select_option(label=TEMPLATE_TITLE)
    page.get_by_role("tab", name="本地要素").click()
    page.locator(".wb-fill-examples").click()
    expect(page.locator(".wb-preview")).to_contain_text("青山县")

    page.get_by_role("tab", name="批量").click()
    batch = page.locator(".wb-batch")
    expect(batch).to_be_visible()
    batch.locator(".wb-batch-upload input[type=file]").set_input_files(
        str(_units_xlsx(tmp_path / "各县.xlsx")))
    preview = batch.locator(".wb-batch-preview")
    expect(preview).to_contain_text("4 个单位，2 个可生成，2 个有问题")
    expect(preview.locator("tr.wb-batch-bad")).to_have_count(2)
    expect(preview.locator("tr.wb-batch-bad").first).to_contain_text("列“去年排查隐患数（处）”（B）")
    expect(preview.locator("tr.wb-batch-ok")).to_have_count(2)

    build = batch.locator(".wb-batch-build")
    expect(build).to_have_text("生成 2 份讲话")
    build.click()
    expect(batch.locator(".wb-batch-progress")).to_be_visible()
    link = batch.locator(".wb-batch-download a[download]")
    expect(link).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download() as info:
        link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".zip"
    with zipfile.ZipFile(target) as archive:
        names = sorted(archive.namelist())
        assert names == ["报告.csv", "红星镇.docx", "青山县.docx"]
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(archive.read("红星镇.docx"))).paragraphs)
        report = archive.read("报告.csv").decode("utf-8-sig")
    assert "红星镇" in text and "青山县" not in text
    assert "已跳过" in report and "应为日期" in report
    expect(page.locator(".wb-status")).to_contain_text("已生成 2 份讲话")
