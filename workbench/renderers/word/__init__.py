"""Word (.docx) renderer to the GB/T 9704-2012 speech layout."""

from __future__ import annotations

import os
from typing import IO, Any

from ...core.nodes import Document
from ...errors import RenderError


def render_docx(document: Document, target: str | os.PathLike[str] | IO[bytes],
                layout: Any = None) -> None:
    """Write `document` as a .docx file to `target` (a path or a binary file object)."""
    raise RenderError("Word 导出尚未实现")
