"""Markdown renderer: headings as #, key phrases in **bold**, slots in **【label】**."""

from __future__ import annotations

import re

from ..core.nodes import (
    Document,
    Heading,
    Paragraph,
    RunIn,
    Salutation,
    Slot,
    SpeakerLine,
    Strong,
    Text,
    Title,
)
from ..core.visitor import NodeVisitor

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def escape_markdown(text: str) -> str:
    """Return `text` with Markdown's special characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


class MarkdownRenderer(NodeVisitor):
    """Renders the tree as Markdown; a writer's text is escaped, so it stays text."""

    def visit_Document(self, doc: Document) -> str:
        return "\n\n".join(self.visit(b) for b in doc.iter_blocks()) + "\n"

    def visit_Title(self, node: Title) -> str:
        return "# " + self.inline(node.children)

    def visit_SpeakerLine(self, node: SpeakerLine) -> str:
        return "*" + self.inline(node.children) + "*"

    def visit_Salutation(self, node: Salutation) -> str:
        return self.inline(node.children)

    def visit_Heading(self, node: Heading) -> str:
        return "#" * (node.level + 1) + " " + node.ordinal + self.inline(node.children)

    def visit_Paragraph(self, node: Paragraph) -> str:
        return self.inline(node.children)

    def inline(self, children: tuple) -> str:
        return "".join(self.visit(c) for c in children)

    def visit_Text(self, node: Text) -> str:
        return escape_markdown(node.text)

    def visit_Strong(self, node: Strong) -> str:
        return f"**{self.inline(node.children)}**"

    def visit_Slot(self, node: Slot) -> str:
        return f"**{escape_markdown(node.text)}**"

    def visit_RunIn(self, node: RunIn) -> str:
        if node.kind == "item":
            return node.ordinal + f"**{self.inline(node.children)}**"
        if node.kind in ("h2", "h3"):
            return f"**{node.ordinal}{self.inline(node.children)}**"
        return node.ordinal + self.inline(node.children)


def render_markdown(document: Document) -> str:
    """Return `document` as Markdown."""
    return MarkdownRenderer().visit(document)
