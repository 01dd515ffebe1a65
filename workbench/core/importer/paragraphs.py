"""What the importer takes: a speech's text, or its paragraphs as a reader gives them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class HasText(Protocol):
    """A paragraph with its text: `workbench.readers.SourceParagraph`, for one."""

    @property
    def text(self) -> str: ...


#: A whole text, or its paragraphs (strings or objects with a `text`).
Paragraphs = str | Iterable[str | HasText]


def joined_text(source: Paragraphs) -> str:
    """Return `source` as one text, one paragraph a line (a string is returned as is).

    A paragraph with a bold `lead` sentence (a Word reader's) has it marked as Markdown
    bold (**加强领导。**正文…), so the outline finds points the forms without ordinals lead
    so."""
    if isinstance(source, str):
        return source
    return "\n".join(p if isinstance(p, str) else _marked(p) for p in source)


def _marked(paragraph: HasText) -> str:
    text = paragraph.text
    lead = getattr(paragraph, "lead", "")
    if lead and text.startswith(lead) and len(lead) < len(text.strip()) and "*" not in lead:
        return f"**{lead}**{text[len(lead):]}"
    return text
