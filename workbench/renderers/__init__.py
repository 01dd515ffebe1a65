"""Renderers of the document tree: plain text, Markdown, HTML (and Word, in `word/`).

Each is one visitor and one `render_*()` function; `workbench.pipeline.FORMATS` is the
registry that names them (add a format there).
"""

from __future__ import annotations

from .html import render_html
from .markdown import render_markdown
from .text import render_text

__all__ = ["render_html", "render_markdown", "render_text"]
