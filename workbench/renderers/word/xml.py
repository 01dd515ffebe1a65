"""WordprocessingML helpers: the namespace, units and text that is safe inside `w:t`."""

from __future__ import annotations

from ...core.layout import MM_PER_PT
from ...core.text import clean_text

#: The main WordprocessingML namespace declaration, for fragments.
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def twips_mm(mm: float) -> int:
    """Return `mm` millimetres in twips (twentieths of a point)."""
    return round(mm / MM_PER_PT * 20)


def twips_pt(pt: float) -> int:
    """Return `pt` points in twips."""
    return round(pt * 20)


def clean(text: str) -> str:
    """Return a writer's `text` as Word can hold it: no XML-illegal or bidi characters."""
    return clean_text(text)


def escape(text: str) -> str:
    """Return cleaned `text` escaped for element content."""
    return text.translate(_ESCAPES)
