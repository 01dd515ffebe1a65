"""Speech files made by LibreOffice itself, once per test session: a shipped template built
to .docx, converted to .doc, .odt and .rtf, and exported to PDF by the workbench's own PDF
export; a .wps is the .doc renamed (WPS saves its .wps in Word's binary format, and
LibreOffice cannot write one).

Conversions take about a second each, one at a time, so every test that needs one of these
files shares the `office_files` session fixture (registered in tests/conftest.py).
"""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.libreoffice import heavy_lock

#: The shipped template the files are built from (three parts, level-2 points, 一是二是).
TEMPLATE = "work-style"


@dataclass(frozen=True)
class OfficeFiles:
    """The speech as .docx and as LibreOffice wrote it in each other format."""

    folder: Path
    docx: Path
    doc: Path
    wps: Path
    odt: Path
    rtf: Path
    pdf: Path
    #: The .docx with a running head on every page, as a PDF.
    pdf_with_head: Path
    #: The text of that running head.
    head: str

    def __getitem__(self, suffix: str) -> Path:
        return getattr(self, suffix.lstrip("."))


def require_office() -> None:
    """Skip (fail under CI) unless soffice and pdftotext are installed."""
    for tool in ("soffice", "pdftotext"):
        if shutil.which(tool) is None:
            message = f"{tool} is not installed (make test installs it)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)


def _with_running_head(docx_bytes: bytes, head: str) -> bytes:
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            paragraph.text = head
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_office_files(folder: Path) -> OfficeFiles:
    """Build the speech and let LibreOffice write it in every format (about 6 s)."""
    from workbench import load_library
    from workbench.cli import main
    from workbench.commands._common import to_yaml
    from workbench.convert import convert
    from workbench.renderers.pdf import docx_to_pdf

    template = load_library()[TEMPLATE]
    facts = folder / "facts.yaml"
    facts.write_text(to_yaml({s.id: s.example for s in template.fact_specs.values()
                              if s.example is not None}), encoding="utf-8")
    docx_path = folder / "讲话.docx"
    pdf_path = folder / "讲话.pdf"
    with heavy_lock():
        assert main(["build", TEMPLATE, "--facts", str(facts), "-o", str(docx_path)]) == 0
        assert main(["build", TEMPLATE, "--facts", str(facts), "-o", str(pdf_path)]) == 0
        data = docx_path.read_bytes()
        for to in ("doc", "odt", "rtf"):
            (folder / f"讲话.{to}").write_bytes(convert(data, "讲话.docx", to))
        head = "中共青山县委办公室　会议材料"
        (folder / "讲话-页眉.pdf").write_bytes(docx_to_pdf(_with_running_head(data, head)))
    shutil.copyfile(folder / "讲话.doc", folder / "讲话.wps")
    return OfficeFiles(folder, docx_path, folder / "讲话.doc", folder / "讲话.wps",
                       folder / "讲话.odt", folder / "讲话.rtf", pdf_path,
                       folder / "讲话-页眉.pdf", head)


@pytest.fixture(scope="session")
def office_files(tmp_path_factory) -> OfficeFiles:
    """The speech in .docx, .doc, .wps, .odt, .rtf and PDF (made once per session)."""
    require_office()
    return make_office_files(tmp_path_factory.mktemp("office-files"))
