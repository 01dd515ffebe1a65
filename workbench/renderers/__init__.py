"""Renderers of the document tree: plain text, Markdown, HTML (and Word, in `word/`; PDF in `pdf.py`)."""

from __future__ import annotations

from ..core.nodes import Document
from .html import render_html
from .markdown import render_markdown
from .text import render_text

#: Renderers by format name, for `render()` and the CLI.
RENDERERS = {"text": render_text, "markdown": render_markdown, "html": render_html}

#: Output formats by file suffix.
SUFFIXES = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".docx": "docx",
            ".pdf": "pdf"}


def render(document: Document, fmt: str = "text") -> str:
    """Return `document` rendered as "text", "markdown" or "html"."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(RENDERERS)}") from None
    return renderer(document)


__all__ = ["RENDERERS", "SUFFIXES", "render", "render_html", "render_markdown", "render_text"]
