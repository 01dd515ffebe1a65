"""BatchView (批量): upload a table, preview its rows and problems, build the zip with progress."""

from __future__ import annotations

import base64
import csv
import io
import re
import zipfile

import openpyxl
import pytest

from tests.unit.ui.dom import one
from workbench.ui.batch_view import BatchView


def _table(rows, encoding="utf-8") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def _zip(html: str) -> tuple[str, dict[str, bytes]]:
    match = re.search(r'download="([^"]+)" href="data:application/zip;base64,([^"]+)"', html)
    assert match, html
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(match.group(2)))) as archive:
        return match.group(1), {n: archive.read(n) for n in archive.namelist()}


ROWS = [["地名", "隐患数", "事故日期"], ["青山县", "12", "2026-01-31"], ["绿水县", "十二", ""],
        ["白云区", "", "2026年2月1日"]]


@pytest.fixture
def view(state):
    return BatchView(state)


def test_upload_shows_the_rows_understood_and_their_problems(view, state):
    view.upload.send_file("各县.csv", _table(ROWS, "gb18030"))
    html = one(view.widget, "wb-batch-preview").value
    assert "GB18030" in html and "3 个单位，2 个可生成，1 个有问题" in html
    assert "青山县" in html and "2026年1月31日" in html
    assert "列“隐患数”（B）" in html and "应为数字" in html
    assert '<td class="wb-batch-raw">十二</td>' in html  # what the table says, marked
    assert view.build_button.description == "生成 2 份讲话" and not view.build_button.disabled
    assert state.status_kind == "warning" and "1 行有问题" in state.status


def test_build_fills_the_progress_bar_and_offers_the_zip(view, state):
    view.upload.send_file("各县.csv", _table(ROWS))
    seen = []
    view.progress.observe(lambda change: seen.append(change["new"]), names="value")
    view.build_button.click()
    assert "wb-batch-progress" in view.progress._dom_classes
    assert seen[-1] == view.progress.max == 3 and seen == sorted(seen)
    name, files = _zip(one(view.widget, "wb-batch-download").value)
    assert name.endswith("（2份）.zip")
    assert sorted(files) == ["报告.csv", "白云区.docx", "青山县.docx"]
    assert "跳过 1 行" in state.status


def test_the_current_draft_is_shared(view, state):
    state.draft.sections[0].include = False
    state.touch()
    book = openpyxl.Workbook()
    for row in [["地名"], ["城关镇"]]:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    view.upload.send_file("镇.xlsx", data.getvalue())
    view.build()
    _, files = _zip(view.download.value)
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(files["城关镇.docx"])).paragraphs)
    assert "城关镇" in text and "思想认识" not in text and "提高站位" not in text


def test_a_table_that_cannot_be_used_says_why(view, state):
    view.upload.send_file("u.csv", _table([["单位"], ["城关镇"]]))
    assert "没有可用的列" in view.preview.value
    assert state.status_kind == "error" and "读取单位表格失败" in state.status
    assert view.build_button.disabled
    view.upload.send_file("u.docx", b"x")
    assert "不是.xlsx/.csv文件" in state.status


def test_a_sample_table_of_the_templates_facts_is_offered(view):
    match = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', view.sample.value)
    rows = list(csv.reader(io.StringIO(base64.b64decode(match.group(1)).decode("utf-8-sig"))))
    assert rows[0] == ["地名", "隐患数", "事故日期"] and rows[1][0] == "青山县"


def test_the_app_has_a_batch_tab(app):
    index = app.tabs.titles.index("批量")
    app.tabs.selected_index = index
    assert one(app.widget, "wb-batch") is app.batch.widget
