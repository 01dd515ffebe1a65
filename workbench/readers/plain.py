"""Plain text and Markdown files: one paragraph a line, positions are line numbers."""

from __future__ import annotations

import re

from .files import decode_text
from .model import LINE, TEXT, Segment, SourceDocument, SourceParagraph, SourcePosition

#: Line breaks as editors show them (not `str.splitlines`, which also breaks at form
#: feeds, U+2028 and other characters a pasted web page may hold inside a line).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_plain(data: bytes, label: str, kind: str = "text") -> SourceDocument:
    """Return the lines of the text file `data` (decoded by `decode_text`) as paragraphs.

    A final line break does not make an empty last paragraph. `kind` is ``"text"`` or
    ``"markdown"``; Markdown marks stay in the text.
    """
    text, encoding = decode_text(data, label)
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    paragraphs = tuple(
        SourceParagraph(i, line, SourcePosition(label, i + 1, LINE),
                        segments=(Segment(TEXT, line),) if line else ())
        for i, line in enumerate(lines))
    return SourceDocument(label, kind, paragraphs, encoding=encoding)


_MD_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+(?=\S))")
_MD_EMPHASIS = re.compile(r"\*\*|__|^\*(?=\S)|(?<=\S)\*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]<>#|~])")


def strip_markdown(line: str) -> str:
    """Return a Markdown line as plain text: without the heading marks, emphasis and
    escapes the Markdown export adds (`# `, `**…**`, `\\*`)."""
    return _MD_ESCAPE.sub(r"\1", _MD_EMPHASIS.sub("", _MD_PREFIX.sub("", line)))
