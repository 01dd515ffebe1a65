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
    """Return `source` as one text, one paragraph a line (a string is returned as is)."""
    if isinstance(source, str):
        return source
    return "\n".join(p if isinstance(p, str) else p.text for p in source)
