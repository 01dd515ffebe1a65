"""Plain-text renderer: the speech as a writer would paste it, paragraphs indented."""

from __future__ import annotations

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

#: First-line indent of body paragraphs: two full-width spaces (2 字).
INDENT = "\u3000\u3000"


class TextRenderer(NodeVisitor):
    """Renders the tree as plain text: one line a paragraph, slots as 【label】."""

    def visit_Document(self, doc: Document) -> str:
        lines = [self.visit(b) for b in doc.iter_blocks()]
        return "\n".join(lines) + "\n"

    def visit_Title(self, node: Title) -> str:
        return self.inline(node.children)

    def visit_SpeakerLine(self, node: SpeakerLine) -> str:
        return self.inline(node.children)

    def visit_Salutation(self, node: Salutation) -> str:
        return self.inline(node.children)

    def visit_Heading(self, node: Heading) -> str:
        return INDENT + node.ordinal + self.inline(node.children)

    def visit_Paragraph(self, node: Paragraph) -> str:
        return INDENT + self.inline(node.children)

    def inline(self, children: tuple) -> str:
        return "".join(self.visit(c) for c in children)

    def visit_Text(self, node: Text) -> str:
        return node.text

    def visit_Strong(self, node: Strong) -> str:
        return self.inline(node.children)

    def visit_Slot(self, node: Slot) -> str:
        return node.text

    def visit_RunIn(self, node: RunIn) -> str:
        return node.ordinal + self.inline(node.children)


def render_text(document: Document) -> str:
    """Return `document` as plain text."""
    return TextRenderer().visit(document)
