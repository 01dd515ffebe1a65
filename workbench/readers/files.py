"""The limits every speech file passes before it is read: size, encoding, zip bombs, and
what a file really is (its first bytes), whatever its name says."""

from __future__ import annotations

import codecs
import io
import os
import zipfile
from pathlib import Path

from ..errors import SourceImportError

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

#: Suffixes read as plain text and as Markdown.
TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

_RATIO_FLOOR = 1024 * 1024

#: Office formats read through LibreOffice (converted to .docx first), and PDF.
OFFICE_SUFFIXES = frozenset({".doc", ".wps", ".rtf", ".odt"})
PDF_SUFFIXES = frozenset({".pdf"})

#: Suffixes of binary speech files, refused above `MAX_DOCX_BYTES` (text above `MAX_TEXT_BYTES`).
BINARY_SUFFIXES = frozenset({".docx", *OFFICE_SUFFIXES, *PDF_SUFFIXES})

#: How a zip (.docx, .odt), an old Office file (.doc, WPS's .wps), RTF and PDF begin.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
RTF_MAGIC = b"{\\rtf"
PDF_MAGIC = b"%PDF-"

#: The media type an OpenDocument text (.odt) names in its first member.
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

#: What `sniff` answers: the format the bytes are, by their first bytes.
DOCX, ODT, OLE, RTF, PDF = "docx", "odt", "ole", "rtf", "pdf"


def read_bytes(path: str | os.PathLike[str], label: str | None = None,
               limit: int | None = None) -> bytes:
    """Return the bytes of the speech file at `path`, refused before reading when larger
    than `limit` (by default `MAX_DOCX_BYTES` for a .docx, else `MAX_TEXT_BYTES`).

    Errors name the file as `label` (default: the path) and raise `SourceImportError`.
    """
    path = Path(path)
    label = label or str(path)
    if limit is None:
        limit = MAX_DOCX_BYTES if path.suffix.lower() in BINARY_SUFFIXES else MAX_TEXT_BYTES
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
    if data.startswith(ZIP_MAGIC):
        raise SourceImportError(f"{label}: 文件名是文本文件，内容却是压缩包或 Word 文档；"
                                "Word 文档请用 .docx 扩展名")
    if data.startswith(OLE_MAGIC):
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


def sniff(data: bytes) -> str | None:
    """Return what `data` is by its first bytes: `DOCX` or `ODT` (a zip: an .odt names its
    media type in its first member, anything else is taken for a .docx), `OLE` (an old
    Word .doc, or a .wps, which WPS writes in the same binary format), `RTF`, `PDF`; None
    for anything else (text)."""
    if data.startswith(ZIP_MAGIC):
        # The first member of an OpenDocument file is `mimetype`, stored, holding the type.
        if data[30:38] == b"mimetype" and ODT_MIMETYPE in data[38:120]:
            return ODT
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:  # the directory only
                names = set(archive.namelist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            return DOCX  # the .docx checks name the damage
        opendocument = "mimetype" in names or "content.xml" in names
        return ODT if opendocument and "word/document.xml" not in names else DOCX
    if data.startswith(OLE_MAGIC):
        return OLE
    if data.startswith(RTF_MAGIC):
        return RTF
    # A PDF may have a little junk before its header (readers accept 1 kB of it).
    if PDF_MAGIC in data[:1024]:
        return PDF
    return None


def check_size(data: bytes, label: str) -> None:
    """Raise `SourceImportError` naming `label` when `data` is over `MAX_DOCX_BYTES`."""
    if len(data) > MAX_DOCX_BYTES:
        raise SourceImportError(f"{label}: 文件过大（上限 {MAX_DOCX_BYTES // 2**20} MB）")


def check_docx_archive(data: bytes, label: str = "Word 文档") -> None:
    """Raise `SourceImportError` unless `data` is a .docx within the size limits.

    Checked before python-docx opens it: the zip's member count, total uncompressed size
    and compression ratios (zip-bomb protection), and the parts every Word file has.
    """
    check_size(data, label)
    if data.startswith(OLE_MAGIC):
        raise SourceImportError(f"{label}: 这是旧版 Word（.doc）文件，请在 Word 中另存为 .docx")
    if not data.startswith(ZIP_MAGIC):
        raise SourceImportError(f"{label}: 文件名是 .docx，内容却不是 Word 文档")
    names = _check_zip(data, label, "Word 文档")
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise SourceImportError(f"{label}: 压缩包里没有 Word 正文，不是 .docx 文档")


def check_odt_archive(data: bytes, label: str = "OpenDocument 文档") -> None:
    """Raise `SourceImportError` unless `data` is an .odt within the limits of a .docx
    (size, members, uncompressed size, ratios), checked before LibreOffice opens it."""
    check_size(data, label)
    names = _check_zip(data, label, "OpenDocument 文档")
    if "content.xml" not in names:
        raise SourceImportError(f"{label}: 压缩包里没有正文（content.xml），不是 .odt 文档")


def _check_zip(data: bytes, label: str, what: str) -> set[str]:
    """Return the member names of the zip `data` after the zip-bomb checks."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise SourceImportError(f"{label}: {what}已损坏（不是有效的压缩包）") from None
    if len(infos) > MAX_DOCX_MEMBERS:
        raise SourceImportError(f"{label}: {what}结构异常（部件过多），拒绝打开")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise SourceImportError(
            f"{label}: {what}解压后过大（{total // 2**20} MB，上限 "
            f"{MAX_DOCX_UNCOMPRESSED // 2**20} MB），疑似压缩炸弹，拒绝打开")
    big_ratio = any(i.file_size > _RATIO_FLOOR and i.file_size > MAX_DOCX_RATIO * max(i.compress_size, 1)
                    for i in infos)
    if big_ratio or (total > _RATIO_FLOOR and total > MAX_DOCX_RATIO * max(packed, 1)):
        raise SourceImportError(f"{label}: {what}压缩比异常，疑似压缩炸弹，拒绝打开")
    return {i.filename for i in infos}
