"""ExportView's 导出 PDF button (`wb-export-pdf`): the Word export converted by real LibreOffice."""

from __future__ import annotations

import base64
import re
import shutil

import pytest

from tests.support.libreoffice import heavy_lock
from workbench.convert import close_warm_converters, warm_converter
from workbench.renderers.pdf import conversion_env
from workbench.ui.export import ExportView


def _link(html: str) -> tuple[str, str, bytes]:
    match = re.search(r'download="([^"]+)" href="data:([^;,]+)[^,]*;base64,([^"]+)"', html)
    assert match, html
    return match.group(1), match.group(2), base64.b64decode(match.group(3))


@pytest.fixture
def warm_closed():
    """Hold the machine's LibreOffice lock; close the LibreOffice the export keeps warm,
    so it does not outlive the test."""
    with heavy_lock():
        yield
        close_warm_converters()


@pytest.mark.slow
def test_pdf_button_offers_the_pdf_of_the_speech(state, warm_closed):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    state.draft.facts["place"] = "青山县"
    state.touch()
    export = ExportView(state)
    assert "wb-export-pdf" in export.pdf._dom_classes
    assert export.pdf.layout.display != "none"
    export.pdf.click()
    name, mime, data = _link(export.download.value)
    assert name == "在青山县测试会议上的讲话.pdf" and mime == "application/pdf"
    assert data.startswith(b"%PDF-")
    assert "PDF" in state.status and state.status_kind in ("ok", "warning")
    starts = warm_converter(conversion_env()).starts
    export.pdf.click()  # the second export reuses the LibreOffice kept warm
    assert _link(export.download.value)[2].startswith(b"%PDF-")
    assert warm_converter(conversion_env()).starts == starts


def test_pdf_button_is_hidden_without_libreoffice(state, monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_SOFFICE", str(tmp_path / "none"))
    export = ExportView(state)
    assert export.pdf.layout.display == "none"
