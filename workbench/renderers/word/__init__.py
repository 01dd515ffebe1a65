"""Word (.docx) renderer to the GB/T 9704-2012 speech layout.

python-docx is imported here and nowhere in the core; `workbench.core.layout` describes
the layout without it.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from typing import IO

import docx
from docx.oxml import parse_xml

from ...core.layout import GBT9704_SPEECH, LayoutProfile
from ...core.nodes import Document, plain_text
from ...errors import RenderError
from .page import base_docx
from .writer import WordRenderer
from .xml import W_NS, clean

__all__ = ["WordRenderer", "render_docx"]


def render_docx(document: Document, target: str | os.PathLike[str] | IO[bytes],
                layout: LayoutProfile | None = None) -> None:
    """Write `document` as a .docx file to `target` (a path or a binary file object).

    `layout` defaults to `GBT9704_SPEECH`. Raises `RenderError` when the file cannot be
    written; a writer's text never makes the export fail (characters Word cannot hold
    are dropped).
    """
    if layout is None:
        layout = GBT9704_SPEECH
    if not isinstance(layout, LayoutProfile):
        raise TypeError(f"layout must be a LayoutProfile, not {type(layout).__name__}")
    word = docx.Document(io.BytesIO(base_docx(layout)))
    body_xml = WordRenderer(layout).visit(document)
    body = word.element.body
    sect_pr = body.sectPr
    for paragraph in parse_xml(f"<w:body {W_NS}>{body_xml}</w:body>"):
        sect_pr.addprevious(paragraph)
    props = word.core_properties
    props.title = clean(plain_text(document.title.children))[:250]
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    try:
        word.save(target)
    except OSError as exc:
        raise RenderError(f"无法写入 Word 文件（{exc.strerror or exc}）") from None
