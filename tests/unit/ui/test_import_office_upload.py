"""The 导入范文 and 收回修改稿 uploads take the files offices exchange: a .doc, a .wps and a
PDF written by LibreOffice (tests/support/office_files.py) show their outline; the
conversion runs in a LibreOffice kept warm, closed after the test."""

from __future__ import annotations

import pytest

from tests.support.libreoffice import heavy_lock
from tests.support.tracked import DocxEditor
from tests.unit.ui.dom import one
from workbench import load_library
from workbench.convert import close_warm_converters, convert, uno_python, warm_converter
from workbench.pipeline import render_bytes
from workbench.ui import WorkbenchApp, WorkbenchState
from workbench.ui.import_view import ImportView

pytestmark = pytest.mark.slow


@pytest.fixture
def warm_closed():
    """Hold the machine's LibreOffice lock; close the LibreOffice the upload keeps warm."""
    with heavy_lock():
        yield
        close_warm_converters()


@pytest.fixture
def view(tmp_path):
    return ImportView(templates_dir=tmp_path / "user")


def _upload(view: ImportView, name: str, data: bytes) -> None:
    one(view, "wb-import-upload").send_file(name, data)


def test_the_upload_button_accepts_office_files_and_pdf(view):
    accept = one(view, "wb-import-upload").accept.split(",")
    assert {".doc", ".wps", ".rtf", ".odt", ".pdf", ".docx", ".txt", ".md"} <= set(accept)


@pytest.mark.parametrize("suffix", ["doc", "wps", "pdf"])
def test_an_uploaded_office_file_or_pdf_shows_its_outline(view, office_files, warm_closed, suffix):
    _upload(view, f"讲话.{suffix}", office_files[suffix].read_bytes())
    status = one(view, "wb-import-status").value
    assert "失败" not in status and "识别出 3 个部分" in status, status
    tree = one(view, "wb-import-outline").value
    assert "正本清源，筑牢思想根基，坚决守住廉洁防线" in tree and "作风连着党心民心" in tree
    assert "—1—" not in one(view, "wb-import-text").value


def test_a_second_doc_upload_reuses_the_warm_libreoffice(view, office_files, warm_closed):
    if uno_python() is None:
        pytest.skip("python3-uno is not installed (make test installs it)")
    _upload(view, "一.doc", office_files.doc.read_bytes())
    starts = warm_converter().starts
    assert starts >= 1
    _upload(view, "二.odt", office_files.odt.read_bytes())
    assert warm_converter().starts == starts
    assert "识别出 3 个部分" in one(view, "wb-import-status").value


def test_a_damaged_doc_upload_is_one_chinese_line(view, warm_closed):
    _upload(view, "坏.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    status = one(view, "wb-import-status").value
    assert "读取上传的文件失败" in status and "坏.doc" in status and "Traceback" not in status
    assert one(view, "wb-import-text").value == ""


def test_the_revise_upload_takes_a_doc_with_its_tracked_change(warm_closed):
    library = load_library()
    state = WorkbenchState(library, template="work-style", mode="voila")
    state.fill_examples()
    app = WorkbenchApp(state)
    app.build_tab(3)
    editor = DocxEditor(render_bytes(state.document, "docx"))
    editor.replace("作风问题本质上是党性问题", "作风问题说到底是党性问题")
    doc = convert(editor.save(), "修改稿.docx", "doc")
    one(app.widget, "wb-revise-upload").send_file("修改稿.doc", doc)
    assert state.status_kind in ("ok", "warning"), state.status
    assert "修改稿.doc" in state.status
    assert state.draft.roundtrip.changes, "the tracked change waits for a decision"


def test_a_doc_the_warm_libreoffice_dies_on_is_converted_cold(view, office_files, warm_closed):
    # LibreOffice 7.4 crashes loading a .doc with a comment through UNO (the kept-warm
    # path), not through --convert-to: the upload must still show the outline, twice.
    editor = DocxEditor(office_files.docx.read_bytes())
    editor.comment("今天召开这次会议", "开头再简短些")
    doc = convert(editor.save(), "批注.docx", "doc")
    for _ in range(2):
        _upload(view, "批注.doc", doc)
        status = one(view, "wb-import-status").value
        assert "失败" not in status and "识别出 3 个部分" in status, status
    _upload(view, "讲话.doc", office_files.doc.read_bytes())  # and the next file is warm again
    assert "识别出 3 个部分" in one(view, "wb-import-status").value
