"""Writing a speech file back with its text changed piece by piece (`workbench check --fix`).

Only the text changes: a text file keeps its encoding and line ends, a Word file its runs,
formatting and tracked changes (inserted text is fixed where it stands; deleted text,
which is not current, is left alone).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from .files import decode_text
from .plain import LINE_BREAK

#: Current text of a Word body: every w:t that is not part of a deletion.
_CURRENT = ".//w:t[not(ancestor::w:del) and not(ancestor::w:moveFrom)]"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def rewrite_text(data: bytes, name: str, fix: Callable[[str], str],
                 label: str | None = None) -> tuple[bytes, list[tuple[str, str]]]:
    """Return `data`, the file `name`, with `fix` applied to each line (text, Markdown)
    or each piece of current text (.docx), and the (old, new) pieces that changed.

    `data` comes back as is when nothing changed. Raises `SourceImportError` naming
    `label` (default `name`) for a file the readers refuse.
    """
    label = label or name
    if Path(name).suffix.lower() == ".docx":
        return _rewrite_docx(data, label, fix)
    text, encoding = decode_text(data, label)
    pieces = LINE_BREAK.split(text)
    ends = LINE_BREAK.findall(text)
    changed: list[tuple[str, str]] = []
    for i, line in enumerate(pieces):
        fixed = fix(line)
        if fixed != line:
            changed.append((line, fixed))
            pieces[i] = fixed
    if not changed:
        return data, changed
    out = "".join(p + e for p, e in zip(pieces, [*ends, ""], strict=True))
    return out.encode(encoding), changed


def _rewrite_docx(data: bytes, label: str, fix: Callable[[str], str]) -> tuple[bytes, list[tuple[str, str]]]:
    from .word import open_docx

    document = open_docx(data, label)  # checked against zip bombs first
    changed: list[tuple[str, str]] = []
    for t in document.element.body.xpath(_CURRENT):
        old = t.text or ""
        new = fix(old)
        if new != old:
            changed.append((old, new))
            t.text = new
            if new != new.strip():
                t.set(_XML_SPACE, "preserve")
    if not changed:
        return data, changed
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), changed
