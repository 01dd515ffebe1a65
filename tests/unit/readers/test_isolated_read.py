"""Word files read in a forked child (`read_document(..., isolated=True)`), as the
dashboard's uploads read them: the same paragraphs, the same refusals, and python-docx
never loads in the caller."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT
from workbench.readers import SourceImportError, read_document


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_an_isolated_read_gives_the_same_document():
    data = _docx(["在青山县工作会议上的讲话", "同志们：", "今天召开会议。"])
    assert read_document(data, "讲话.docx", isolated=True) == read_document(data, "讲话.docx")


def test_an_isolated_read_refuses_in_the_same_words():
    with pytest.raises(SourceImportError, match=r"坏\.docx: .*已损坏"):
        read_document(b"PK\x03\x04 junk", "坏.docx", isolated=True)


def test_python_docx_never_loads_in_the_reader():
    code = textwrap.dedent("""
        import io, pickle, sys
        data = sys.stdin.buffer.read()
        from workbench.readers import read_document
        document = read_document(data, "讲话.docx", isolated=True)
        assert document.texts[1] == "同志们：", document.texts
        print(sorted(m for m in sys.modules if m == "docx" or m.startswith(("docx.", "lxml"))))
    """)
    out = subprocess.run([sys.executable, "-c", code], input=_docx(["标题", "同志们：", "正文。"]),
                         capture_output=True, check=True, cwd=ROOT, timeout=120)
    assert out.stdout.decode().strip() == "[]", out.stderr.decode()
