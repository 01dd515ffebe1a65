"""The file limits of the readers: sizes, encodings, zip bombs, one-line Chinese refusals.

Moved here from the importer's tests when reading left the core; the assertions are the same.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from workbench.core.importer import parse_outline
from workbench.readers import (
    MAX_TEXT_BYTES,
    SourceImportError,
    decode_text,
    open_docx,
    read_bytes,
    read_source,
)

SPEECHES = Path(__file__).resolve().parents[2] / "data" / "speeches"


def speech(name: str) -> str:
    return read_source(SPEECHES / name)


# -- sources ------------------------------------------------------------------------------------


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_gives_the_same_outline_as_text():
    text = speech("clean.txt")
    data = _docx_bytes(text.splitlines())
    from_docx = read_source(data, "讲话.docx")
    assert parse_outline(from_docx).to_json() == parse_outline(text).to_json()


def test_docx_from_path(tmp_path):
    path = tmp_path / "speech.docx"
    path.write_bytes(_docx_bytes(["在青山县工作会议上的讲话", "同志们：", "开头。"]))
    assert read_source(path).splitlines()[:2] == ["在青山县工作会议上的讲话", "同志们："]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"plain text, not a zip", "a.docx", "不是 Word 文档"),
        (_zip({"hello.txt": b"hi"}), "a.docx", "没有 Word 正文"),
        (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<" + b" " * (60 * 2**20)}),
         "bomb.docx", "压缩"),
        (b"PK\x03\x04garbage", "a.docx", "已损坏"),
        (_docx_bytes(["正文"]), "a.txt", "Word 文档"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt", "不是文本文件"),
        (b"\x00\x01\x02", "a.md", "不是文本文件"),
        (b"x", "a.pdf", "内容却不是 PDF 文件"),
        (b"x", "a.doc", "内容却不是 Word 或 WPS 文档"),
        (b"plain text", "a.wps", "内容却不是 Word 或 WPS 文档"),
        (b"x", "a.xls", "不支持的文件类型“.xls”"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text",
               "content.xml": b"<" + b" " * (60 * 2**20)}), "bomb.odt", "压缩"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "a.odt", "content.xml"),
        (b"   \n\n", "a.txt", "没有文字"),
    ],
)
def test_bad_sources_raise_in_chinese(data, name, words):
    with pytest.raises(SourceImportError) as info:
        read_source(data, name)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_zip_bomb_is_refused_before_python_docx_opens_it(monkeypatch):
    import docx

    def boom(*args, **kwargs):
        raise AssertionError("python-docx must not open a zip bomb")

    monkeypatch.setattr(docx, "Document", boom)
    bomb = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b" " * (120 * 2**20)})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(SourceImportError, match="解压后过大"):
        read_source(bomb, "bomb.docx")


def test_oversize_text_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (MAX_TEXT_BYTES + 1))
    with pytest.raises(SourceImportError, match="过大"):
        read_source(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_text_encodings(encoding):
    assert read_source("同志们：今天开会。".encode(encoding), "a.txt") == "同志们：今天开会。"


@pytest.mark.parametrize(("data", "encoding"), [
    ("同志们：".encode(), "utf-8"),
    ("同志们：".encode("utf-8-sig"), "utf-8-sig"),
    ("同志们：".encode("utf-16"), "utf-16"),
    ("同志们：".encode("gb18030"), "gb18030"),
])
def test_decode_text_names_the_codec_that_writes_the_same_bytes(data, encoding):
    text, used = decode_text(data, "a.txt")
    assert (text, used) == ("同志们：", encoding)
    assert text.encode(used) == data


def test_decode_text_refuses_binary_naming_the_label():
    with pytest.raises(SourceImportError, match=r"^讲话\.txt: 不是文本文件"):
        decode_text(b"\x00\x01\x02", "讲话.txt")


def test_open_docx_takes_a_path_or_bytes(tmp_path):
    data = _docx_bytes(["同志们：", "开头。"])
    path = tmp_path / "s.docx"
    path.write_bytes(data)
    assert [p.text for p in open_docx(path).paragraphs] == ["同志们：", "开头。"]
    assert [p.text for p in open_docx(data).paragraphs] == ["同志们：", "开头。"]


def test_open_docx_checks_the_archive_first(monkeypatch, tmp_path):
    import docx

    monkeypatch.setattr(docx, "Document", lambda *a, **k: pytest.fail("python-docx opened a bomb"))
    path = tmp_path / "bomb.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b" " * (120 * 2**20)}))
    with pytest.raises(SourceImportError, match=f"^{re.escape(str(path))}: .*解压后过大"):
        open_docx(path)


def test_read_bytes_refuses_a_missing_or_oversize_file(tmp_path):
    with pytest.raises(SourceImportError, match="不存在"):
        read_bytes(tmp_path / "missing.txt")
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 11)
    assert read_bytes(path) == b"a" * 11
    with pytest.raises(SourceImportError, match=r"^大文件: 文件过大"):
        read_bytes(path, "大文件", limit=10)


def test_docx_is_imported_lazily():
    import subprocess
    import sys

    code = ("import sys; from workbench.readers import read_source; from workbench.core.importer import parse_outline; "
            "parse_outline(read_source(b'x', 'a.txt')); print('docx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
