"""PDF export (导出 PDF): the Word export converted by LibreOffice headless.

The fonts the Word file names (方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312, 宋体) are
rarely on a server. The conversion runs with `fonts.conf` beside this module as its
fontconfig file (for the soffice process only, nothing else changes), which gives each
official name the nearest free font, so the title, level-1 and level-2 headings still
look different from the body. The page grid (28 characters a line, 22 lines a page)
comes from the Word file and is kept.

LibreOffice (up to at least 7.4) reads Word's `w:overflowPunct` inverted: the Word file's
"no hanging punctuation" makes it hang a closing mark past the right margin, and its PDF
then leaves some of those marks out (six to nine of a 4,000-character speech: neither
drawn nor in the text). The file it converts says the opposite, so LibreOffice does what
the Word file means; the .docx a writer downloads is unchanged.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import IO

from ..core.layout import LayoutProfile
from ..core.nodes import Document
from ..errors import RenderError

#: The fontconfig file used for the conversion.
FONTS_CONF = Path(__file__).with_name("fonts.conf")

#: Seconds the conversion may take.
PDF_TIMEOUT_S = 120.0


#: What the Word export writes for "no hanging punctuation", and what LibreOffice needs to
#: read the same (it inverts the value).
_NO_HANGING = b'<w:overflowPunct w:val="0"/>'
_NO_HANGING_FOR_LIBREOFFICE = b'<w:overflowPunct w:val="1"/>'


def for_libreoffice(docx: bytes) -> bytes:
    """Return the Word file `docx` as LibreOffice must get it to lay it out as Word does:
    `w:overflowPunct` inverted in its styles (see the module's docstring)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        styles = source.read("word/styles.xml") if "word/styles.xml" in source.namelist() else b""
        if _NO_HANGING not in styles:
            return docx
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "word/styles.xml":
                    data = data.replace(_NO_HANGING, _NO_HANGING_FOR_LIBREOFFICE)
                target.writestr(info, data)
    return out.getvalue()


def conversion_env() -> dict[str, str]:
    """Return the environment the soffice process gets for a PDF (the font mapping)."""
    return {"FONTCONFIG_FILE": str(FONTS_CONF)}


def docx_to_pdf(data: bytes, name: str = "讲稿.docx", *, timeout: float = PDF_TIMEOUT_S,
                warm: bool = False) -> bytes:
    """Return the PDF of the Word file `data`; raises `ConversionError` naming `name`.

    LibreOffice gets the file `for_libreoffice`. With `warm`, a LibreOffice kept running
    between exports does it (the dashboard: ~0.2 s instead of ~1 s; see
    `workbench.convert.WarmConverter`).
    """
    from ..convert import convert

    return convert(for_libreoffice(data), name, "pdf", timeout=timeout, env=conversion_env(),
                   warm=warm)


def render_pdf(document: Document, target: str | os.PathLike[str] | IO[bytes],
               layout: LayoutProfile | None = None, *, timeout: float = PDF_TIMEOUT_S,
               warm: bool = False) -> None:
    """Write `document` as a PDF to `target` (a path or a binary file object).

    Raises `ConversionError` when LibreOffice is missing or fails, `RenderError` when
    `target` cannot be written.
    """
    from .word import render_docx

    buffer = io.BytesIO()
    render_docx(document, buffer, layout=layout)
    pdf = docx_to_pdf(buffer.getvalue(), timeout=timeout, warm=warm)
    if isinstance(target, str | os.PathLike):
        try:
            Path(target).write_bytes(pdf)
        except OSError as exc:
            raise RenderError(f"无法写入 PDF 文件（{exc.strerror or exc}）") from None
    else:
        target.write(pdf)
