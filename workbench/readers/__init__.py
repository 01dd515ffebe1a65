"""Readers: a speech file (.txt, .md, .docx, .doc, .wps, .rtf, .odt, .pdf) -> paragraphs
with their source positions.

The one way the workbench reads a file somebody wrote: import, outline, check, diff, the
dashboard's upload and the Word round trip all call `read_document`. With `renderers/word`
this is the only package that imports python-docx (lazily: reading a text file never
loads it). .doc, .wps, .rtf and .odt are converted to .docx by LibreOffice first
(`office.py`), PDF is read through poppler's pdftotext (`pdf.py`); what a file is comes
from its first bytes where its name says otherwise. Every refusal is a
`SourceImportError` with a one-line Chinese message.

    document = read_document("修改稿.docx")        # tracked changes read as accepted
    document.texts                                  # ["在……上的讲话", "同志们：", …]
    document.revision_note                          # "修改稿.docx: 文件含 4 处修订，已按全部接受读取"
    read_document("修改稿.docx", as_original=True)  # the same file with every change rejected
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SourceImportError
from .files import (
    DOCX,
    MARKDOWN_SUFFIXES,
    MAX_DOCX_BYTES,
    MAX_DOCX_MEMBERS,
    MAX_DOCX_RATIO,
    MAX_DOCX_UNCOMPRESSED,
    MAX_TEXT_BYTES,
    ODT,
    OFFICE_SUFFIXES,
    OLE,
    OLE_MAGIC,
    PDF,
    PDF_MAGIC,
    PDF_SUFFIXES,
    RTF,
    RTF_MAGIC,
    TEXT_SUFFIXES,
    ZIP_MAGIC,
    check_docx_archive,
    check_odt_archive,
    decode_text,
    read_bytes,
    sniff,
)
from .model import (
    DELETED,
    INSERTED,
    LINE,
    MOVED_FROM,
    MOVED_TO,
    PARAGRAPH,
    PARAGRAPH_MARK,
    TEXT,
    Comment,
    Segment,
    SourceDocument,
    SourceParagraph,
    SourcePosition,
)
from .plain import read_plain
from .rewrite import rewrite_text

if TYPE_CHECKING:
    from docx.document import Document

#: File suffixes `read_document` takes.
SUFFIXES = (*sorted(TEXT_SUFFIXES), *sorted(MARKDOWN_SUFFIXES), ".docx", ".doc", ".wps", ".rtf",
            ".odt", ".pdf")

#: The suffixes as the messages and the upload buttons list them.
SHOWN_SUFFIXES = (".txt", ".md", ".docx", ".doc", ".wps", ".rtf", ".odt", ".pdf")

_DOCUMENT_SUFFIXES = frozenset({".docx", *OFFICE_SUFFIXES, *PDF_SUFFIXES})

Source = str | os.PathLike[str] | bytes | bytearray | memoryview


def read_document(source: Source, name: str | None = None, *,
                  as_original: bool = False, physical: bool = False,
                  warm: bool = False, isolated: bool = False) -> SourceDocument:
    """Return the speech file `source` (a path, or the file's bytes with its `name`) as
    paragraphs with their positions.

    Text and Markdown are decoded (UTF-8, UTF-16 with a BOM, or GB18030), one paragraph a
    line. A .docx gives its body's paragraphs (a table row as one) with tracked changes
    all accepted, or all rejected when `as_original`; a .doc, .wps, .rtf or .odt the same
    after LibreOffice converted it to .docx (with `warm`, a LibreOffice kept running: the
    dashboard). A PDF gives its text rebuilt into paragraphs, page numbers and running
    heads removed. What a Word, office or PDF file is, or a file without a suffix, comes
    from its first bytes (a .doc that is really a .docx is read as one). Raises
    `SourceImportError` (in Chinese) for a file too large, of an unsupported type, whose
    content is not what its name says, a .docx or .odt whose parts would expand beyond
    the limits (zip bomb), or a file LibreOffice or pdftotext cannot read. `physical`
    keeps a Word file's paragraphs as the file has them, none joined (see `word.read_docx`).
    With `isolated`, a Word file (an office file after its conversion, done here with the
    kept-warm LibreOffice) is read in a forked child (`workbench.forked`), so python-docx
    never loads in this process: the dashboard's kernels stay small.
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
    if suffix and suffix not in SUFFIXES:
        raise SourceImportError(f"{label}: 不支持的文件类型“{suffix}”，可导入 {' '.join(SHOWN_SUFFIXES)}")
    kind = sniff(data) if suffix in _DOCUMENT_SUFFIXES or not suffix else None
    if kind == PDF:
        from .pdf import read_pdf

        return read_pdf(data, label)
    if kind in (OLE, RTF, ODT):
        from .office import read_office

        return read_office(data, label, kind, as_original=as_original, physical=physical,
                           warm=warm, isolated=isolated)
    if kind == DOCX or suffix == ".docx":
        from .word import read_docx, read_docx_isolated  # python-docx only for a Word file

        read = read_docx_isolated if isolated else read_docx
        return read(data, label, as_original=as_original, physical=physical)
    if suffix in OFFICE_SUFFIXES or suffix in PDF_SUFFIXES:
        what = " PDF 文件" if suffix in PDF_SUFFIXES else " Word 或 WPS 文档"
        raise SourceImportError(f"{label}: 文件名是 {suffix}，内容却不是{what}（文件已损坏，"
                                "或是改了扩展名的其他文件）")
    return read_plain(data, label, "markdown" if suffix in MARKDOWN_SUFFIXES else "text")


def read_source(source: Source, name: str | None = None, *, as_original: bool = False) -> str:
    """Return the text of a speech file, one paragraph a line (see `read_document`).

    Raises `SourceImportError` also for a file with no text in it.
    """
    document = read_document(source, name, as_original=as_original)
    if not document.has_text:
        raise SourceImportError(f"{document.name}: 文件里没有文字")
    return document.text


def open_docx(source: Source, label: str | None = None) -> Document:
    """Return the python-docx document in `source`, a .docx path or its bytes, after the
    archive passed `check_docx_archive`; raises `SourceImportError` naming `label`."""
    from .word import open_docx as _open

    return _open(source, label)


__all__ = [
    "DELETED",
    "INSERTED",
    "LINE",
    "MAX_DOCX_BYTES",
    "MAX_DOCX_MEMBERS",
    "MAX_DOCX_RATIO",
    "MAX_DOCX_UNCOMPRESSED",
    "MAX_TEXT_BYTES",
    "MOVED_FROM",
    "MOVED_TO",
    "OFFICE_SUFFIXES",
    "OLE_MAGIC",
    "PARAGRAPH",
    "PARAGRAPH_MARK",
    "PDF_MAGIC",
    "PDF_SUFFIXES",
    "RTF_MAGIC",
    "SHOWN_SUFFIXES",
    "SUFFIXES",
    "TEXT",
    "ZIP_MAGIC",
    "Comment",
    "Segment",
    "SourceDocument",
    "SourceImportError",
    "SourceParagraph",
    "SourcePosition",
    "check_docx_archive",
    "check_odt_archive",
    "decode_text",
    "open_docx",
    "read_bytes",
    "read_document",
    "read_source",
    "rewrite_text",
    "sniff",
]
