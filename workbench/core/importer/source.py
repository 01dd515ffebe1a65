"""Reading a speech to import: plain text, Markdown or .docx, with size and zip-bomb limits."""

from __future__ import annotations

import codecs
import io
import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import SourceImportError

if TYPE_CHECKING:
    from docx.document import Document

#: Largest text or Markdown file accepted, in bytes (a 30,000-character speech is ~90 kB).
MAX_TEXT_BYTES = 2 * 1024 * 1024

#: Largest .docx accepted, in bytes (pictures make Word files large).
MAX_DOCX_BYTES = 20 * 1024 * 1024

#: Largest total uncompressed size of the parts of a .docx, in bytes.
MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024

#: Largest ratio of uncompressed to compressed size, for the whole archive and for one
#: member larger than `_RATIO_FLOOR` (Word's XML compresses about 5–20 times).
MAX_DOCX_RATIO = 100

#: Most members a .docx may have.
MAX_DOCX_MEMBERS = 2000

_RATIO_FLOOR = 1024 * 1024
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SENTENCE_MARKS = "。！？!?"


def read_source(source: str | os.PathLike[str] | bytes | bytearray | memoryview,
                name: str | None = None) -> str:
    """Return the text of a speech file: a path, or the file's bytes with its `name`.

    Text and Markdown are decoded (UTF-8, UTF-16 with a BOM, or GB18030); a .docx gives
    its paragraphs, one a line. Raises `SourceImportError` (in Chinese) for a file too
    large, of an unsupported type, whose content is not what its name says, or a .docx
    whose parts would expand beyond the limits (zip bomb).
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        label = name or "上传的文件"
        if len(data) > MAX_DOCX_BYTES:
            raise SourceImportError(f"{label}: 文件过大（上限 {MAX_DOCX_BYTES // 2**20} MB）")
    else:
        path = Path(source)
        label = name or str(path)
        name = name or path.name
        data = read_bytes(path, label)
    suffix = Path(name).suffix.lower() if name else ""
    if suffix == ".docx":
        return _checked(_read_docx(data, label), label)
    if suffix == ".doc":
        raise SourceImportError(f"{label}: 不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx")
    if suffix and suffix not in _TEXT_SUFFIXES:
        raise SourceImportError(f"{label}: 不支持的文件类型“{suffix}”，可导入 .txt .md .docx")
    if not suffix and data.startswith(_ZIP_MAGIC):
        return _checked(_read_docx(data, label), label)
    return _checked(decode_text(data, label)[0], label)


def _checked(text: str, label: str) -> str:
    if not text.strip():
        raise SourceImportError(f"{label}: 文件里没有文字")
    return text


def read_bytes(path: str | os.PathLike[str], label: str | None = None,
               limit: int | None = None) -> bytes:
    """Return the bytes of the speech file at `path`, refused before reading when larger
    than `limit` (by default `MAX_DOCX_BYTES` for a .docx, else `MAX_TEXT_BYTES`).

    Errors name the file as `label` (default: the path) and raise `SourceImportError`.
    """
    path = Path(path)
    label = label or str(path)
    if limit is None:
        limit = MAX_DOCX_BYTES if path.suffix.lower() == ".docx" else MAX_TEXT_BYTES
    try:
        if not path.is_file():
            raise SourceImportError(f"{label}: 文件不存在或不是普通文件")
        if path.stat().st_size > limit:
            raise SourceImportError(f"{label}: 文件过大（上限 {limit // 2**20} MB）")
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise SourceImportError(f"{label}: 无法读取文件（{exc.strerror or exc}）") from None


def decode_text(data: bytes, label: str = "文本文件") -> tuple[str, str]:
    """Return the text in `data` and the codec that writes it back to the same bytes.

    Accepts UTF-8 (codec ``utf-8``, or ``utf-8-sig`` with a BOM), UTF-16 with a BOM
    (``utf-16``) and GB18030 (``gb18030``). Raises `SourceImportError` naming `label` for
    data over `MAX_TEXT_BYTES`, a zip or old Office file, or binary content.
    """
    if len(data) > MAX_TEXT_BYTES:
        raise SourceImportError(f"{label}: 文本文件过大（上限 {MAX_TEXT_BYTES // 2**20} MB）")
    if data.startswith(_ZIP_MAGIC):
        raise SourceImportError(f"{label}: 文件名是文本文件，内容却是压缩包或 Word 文档；"
                                "Word 文档请用 .docx 扩展名")
    if data.startswith(_OLE_MAGIC):
        raise SourceImportError(f"{label}: 文件名是文本文件，内容却是旧版 Office 文档")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise SourceImportError(f"{label}: 文本编码无法识别") from None
    if b"\x00" in data:
        raise SourceImportError(f"{label}: 不是文本文件（含有二进制内容）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8"  # utf-8-sig would add a BOM the file never had
        return text, encoding
    raise SourceImportError(f"{label}: 不是文本文件，或编码无法识别（请存为 UTF-8）")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls > max(8, len(sample) // 100)


def check_docx_archive(data: bytes, label: str = "Word 文档") -> None:
    """Raise `SourceImportError` unless `data` is a .docx within the size limits.

    Checked before python-docx opens it: the zip's member count, total uncompressed size
    and compression ratios (zip-bomb protection), and the parts every Word file has.
    """
    if len(data) > MAX_DOCX_BYTES:
        raise SourceImportError(f"{label}: 文件过大（上限 {MAX_DOCX_BYTES // 2**20} MB）")
    if data.startswith(_OLE_MAGIC):
        raise SourceImportError(f"{label}: 这是旧版 Word（.doc）文件，请在 Word 中另存为 .docx")
    if not data.startswith(_ZIP_MAGIC):
        raise SourceImportError(f"{label}: 文件名是 .docx，内容却不是 Word 文档")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise SourceImportError(f"{label}: Word 文档已损坏（不是有效的压缩包）") from None
    if len(infos) > MAX_DOCX_MEMBERS:
        raise SourceImportError(f"{label}: Word 文档结构异常（部件过多），拒绝打开")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise SourceImportError(
            f"{label}: Word 文档解压后过大（{total // 2**20} MB，上限 "
            f"{MAX_DOCX_UNCOMPRESSED // 2**20} MB），疑似压缩炸弹，拒绝打开")
    big_ratio = any(i.file_size > _RATIO_FLOOR and i.file_size > MAX_DOCX_RATIO * max(i.compress_size, 1)
                    for i in infos)
    if big_ratio or (total > _RATIO_FLOOR and total > MAX_DOCX_RATIO * max(packed, 1)):
        raise SourceImportError(f"{label}: Word 文档压缩比异常，疑似压缩炸弹，拒绝打开")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise SourceImportError(f"{label}: 压缩包里没有 Word 正文，不是 .docx 文档")


def open_docx(source: str | os.PathLike[str] | bytes | bytearray | memoryview,
              label: str | None = None) -> Document:
    """Return the python-docx document in `source`, a .docx path or its bytes.

    The archive passes `check_docx_archive` before python-docx sees it. Raises
    `SourceImportError` naming `label` (default: the path, or "Word 文档").
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        label = label or "Word 文档"
    else:
        label = label or str(source)
        data = read_bytes(source, label, MAX_DOCX_BYTES)
    check_docx_archive(data, label)
    try:
        import docx  # lazily: only the .docx branch needs python-docx

        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a malformed package
        raise _unreadable(label, exc) from None


def _unreadable(label: str, exc: Exception) -> SourceImportError:
    return SourceImportError(f"{label}: 无法读取 Word 文档（{exc.__class__.__name__}）")


def _paragraph_text(paragraph: Any) -> str:
    """Return a paragraph's text; a bold sentence that opens it is marked as Markdown bold
    (**加强领导。**正文…), since forms without ordinals lead their points so."""
    text = paragraph.text
    lead = ""
    for run in paragraph.runs:
        if run.bold is not True or not run.text:
            break
        lead += run.text
    lead = lead.rstrip()
    if (lead and lead[-1] in _SENTENCE_MARKS and len(lead) < len(text.strip())
            and text.startswith(lead) and "*" not in lead):
        return f"**{lead}**{text[len(lead):]}"
    return text


def _read_docx(data: bytes, label: str) -> str:
    document = open_docx(data, label)
    try:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        lines: list[str] = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(_paragraph_text(Paragraph(child, document)))
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    lines.append(" ".join(cell.text for cell in row.cells))
    except Exception as exc:  # a malformed body can fail while it is walked
        raise _unreadable(label, exc) from None
    return "\n".join(lines)
