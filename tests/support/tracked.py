"""Edit a workbench .docx the way a reviewer does in Word, through python-docx's XML layer:
replace, delete and insert text and whole paragraphs, with track changes on or off, and add
comments. The tracked forms are the ones LibreOffice writes (tests/support/lo_uno.py shows
them in a real LibreOffice): a new paragraph's text in `w:ins` and the mark before it
inserted; a deleted paragraph's text in `w:del` and its own mark deleted."""

from __future__ import annotations

import copy
import io

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

#: The reviewer of these tests and the moment of their edits.
AUTHOR = "王主任"
DATE = "2026-03-06T09:30:00Z"


class DocxEditor:
    """A .docx being edited; `save()` returns the bytes."""

    def __init__(self, data: bytes, author: str = AUTHOR, date: str = DATE) -> None:
        self.document = docx.Document(io.BytesIO(data))
        self.author = author
        self.date = date
        self._id = 9000

    # -- finding ------------------------------------------------------------------------------

    def paragraphs(self) -> list:
        """Return the body's `w:p` elements."""
        return list(self.document.element.body.iterchildren(qn("w:p")))

    def paragraph(self, text: str):
        """Return the one paragraph whose current text holds `text`."""
        found = [p for p in self.paragraphs() if text in _text(p)]
        assert len(found) == 1, f"{len(found)} paragraphs hold {text!r}"
        return found[0]

    def _run(self, text: str):
        p = self.paragraph(text)
        for r in p.iter(qn("w:r")):
            t = r.find(qn("w:t"))
            if t is not None and t.text and text in t.text and r.getparent().tag != qn("w:del"):
                return r
        raise AssertionError(f"no single run holds {text!r}")

    def _who(self, element) -> None:
        self._id += 1
        element.set(qn("w:id"), str(self._id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)

    def _wrap(self, tag: str, run) -> object:
        wrapper = run.makeelement(qn(tag), {})
        self._who(wrapper)
        run.addprevious(wrapper)
        wrapper.append(run)
        if tag == "w:del":
            for t in run.iter(qn("w:t")):
                t.tag = qn("w:delText")
        return wrapper

    # -- text inside a paragraph --------------------------------------------------------------

    def replace(self, old: str, new: str, tracked: bool = True) -> None:
        """Replace `old` (inside one run) with `new`."""
        run = self._run(old)
        before, _, after = run.find(qn("w:t")).text.partition(old)
        pieces = [(before, None), (old, "w:del"), (new, "w:ins"), (after, None)] if tracked else \
                 [(before + new + after, None)]
        self._split(run, pieces)

    def delete(self, text: str, tracked: bool = True) -> None:
        """Delete `text` (inside one run)."""
        self.replace(text, "", tracked)

    def insert(self, after: str, text: str, tracked: bool = True) -> None:
        """Insert `text` right after `after` (inside one run)."""
        run = self._run(after)
        before, _, rest = run.find(qn("w:t")).text.partition(after)
        pieces = [(before + after, None), (text, "w:ins"), (rest, None)] if tracked else \
                 [(before + after + text + rest, None)]
        self._split(run, pieces)

    def _split(self, run, pieces) -> None:
        for text, tag in pieces:
            if not text:
                continue
            piece = copy.deepcopy(run)
            piece.find(qn("w:t")).text = text
            run.addprevious(piece)
            if tag:
                self._wrap(tag, piece)
        run.getparent().remove(run)

    # -- whole paragraphs ---------------------------------------------------------------------

    def add_paragraph(self, after: str, text: str, tracked: bool = True) -> None:
        """Add a body paragraph holding `text` after the paragraph holding `after`."""
        anchor = self.paragraph(after)
        new = anchor.makeelement(qn("w:p"), {})
        r = new.makeelement(qn("w:r"), {})
        t = r.makeelement(qn("w:t"), {})
        t.text = text
        r.append(t)
        new.append(r)
        anchor.addnext(new)
        if tracked:
            self._wrap("w:ins", r)
            self._mark(anchor, "w:ins")

    def delete_paragraph(self, text: str, tracked: bool = True) -> None:
        """Delete the whole paragraph holding `text`, its mark too."""
        p = self.paragraph(text)
        if not tracked:
            p.getparent().remove(p)
            return
        for r in list(p.iterchildren(qn("w:r"))):
            self._wrap("w:del", r)
        self._mark(p, "w:del")

    def _mark(self, p, tag: str) -> None:
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = p.makeelement(qn("w:pPr"), {})
            p.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = ppr.makeelement(qn("w:rPr"), {})
            ppr.append(rpr)
        mark = rpr.makeelement(qn(tag), {})
        self._who(mark)
        rpr.append(mark)

    def strip_bookmarks(self) -> None:
        """Remove every bookmark (a file retyped, or written by another tool)."""
        body = self.document.element.body
        for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
            for element in list(body.iter(qn(tag))):
                element.getparent().remove(element)

    # -- comments -----------------------------------------------------------------------------

    def comment(self, text: str, note: str, author: str | None = None) -> None:
        """Comment on the paragraph holding `text` (python-docx's `add_comment`)."""
        p = Paragraph(self.paragraph(text), self.document.part)
        runs = [Run(r, p) for r in p._p.iterchildren(qn("w:r"))]
        comment = self.document.add_comment(runs, text=note, author=author or self.author,
                                            initials="WZR")
        comment._comment_elm.set(qn("w:date"), self.date)

    def save(self) -> bytes:
        """Return the edited file."""
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _text(p) -> str:
    out = []
    for element in p.iter(qn("w:t"), qn("w:delText")):
        if element.tag == qn("w:t"):
            out.append(element.text or "")
    return "".join(out)
