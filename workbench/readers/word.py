"""Word (.docx) files: the body as paragraphs, with tracked changes (修订) read explicitly.

python-docx's `Paragraph.text` reads only the runs directly in a paragraph or a hyperlink:
it drops what a reviewer inserted (`w:ins`, `w:moveTo`) and what sits in smart tags,
content controls and simple fields. This reader walks the XML itself:

- text is read from every run container (`w:ins`, `w:del`, `w:moveFrom`, `w:moveTo`,
  `w:hyperlink`, `w:smartTag`, `w:customXml`, `w:sdt`, `w:fldSimple`, `w:dir`, `w:bdo`),
  and from complex fields their result, never their instruction (`w:instrText`);
- deleted text (`w:delText`, and anything in `w:del` / `w:moveFrom`) is current text only
  when the changes are read rejected (`as_original`); inserted text only when accepted;
- a revised paragraph mark joins its paragraph to the next one in the reading where the
  mark is gone (a deleted paragraph disappears when accepted, an inserted one when
  rejected), as Word does;
- a content control still showing its placeholder (“单击或点击此处输入文字”) gives no text;
- a table row is one paragraph: its cells' text, a space between cells; drawings and
  text boxes are not read.

Runs become `Segment`s with author and date, bookmarks and the comments of
``word/comments.xml`` are kept with their paragraphs, for the Word round trip.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import SourceImportError
from .files import MAX_DOCX_BYTES, check_docx_archive, read_bytes
from .model import (
    ACCEPTED_KINDS,
    DELETED,
    INSERTED,
    MOVED_FROM,
    MOVED_TO,
    ORIGINAL_KINDS,
    PARAGRAPH,
    PARAGRAPH_MARK,
    TEXT,
    Comment,
    Segment,
    SourceDocument,
    SourceParagraph,
    SourcePosition,
)

if TYPE_CHECKING:
    from docx.document import Document

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_CHANGES = {f"{_W}ins": INSERTED, f"{_W}del": DELETED, f"{_W}moveFrom": MOVED_FROM,
            f"{_W}moveTo": MOVED_TO}
_ADDED = frozenset({INSERTED, MOVED_TO})
_REMOVED = frozenset({DELETED, MOVED_FROM})
#: Elements whose children are runs (or more of these), read with the same change.
_RUN_CONTAINERS = frozenset(f"{_W}{tag}" for tag in (
    "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo"))
#: Run children and the text they stand for (python-docx's `Run.text` reads the same).
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def open_docx(source: str | os.PathLike[str] | bytes | bytearray | memoryview,
              label: str | None = None) -> Document:
    """Return the python-docx document in `source`, a .docx path or its bytes.

    The archive passes `check_docx_archive` before python-docx sees it. Raises
    `SourceImportError` naming `label` (default: the path, or "Word 文档").
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        label = label or "Word 文档"
    else:
        label = label or str(source)
        data = read_bytes(source, label, MAX_DOCX_BYTES)
    check_docx_archive(data, label)
    try:
        import docx

        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a malformed package
        raise _unreadable(label, exc) from None


def read_docx(data: bytes, label: str, *, as_original: bool = False,
              physical: bool = False) -> SourceDocument:
    """Return the paragraphs of the .docx `data`, tracked changes all accepted (default)
    or all rejected (`as_original`). With `physical`, every paragraph of the file is one
    `SourceParagraph`, even where the reading would join it to the next (a revised
    paragraph mark): its segments end with that mark, for the Word round trip.
    Raises `SourceImportError` naming `label`."""
    document = open_docx(data, label)
    try:
        return _Reader(document, label, as_original, physical).read()
    except SourceImportError:
        raise
    except Exception as exc:  # a malformed body can fail while it is walked
        raise _unreadable(label, exc) from None


def read_docx_isolated(data: bytes, label: str, *, as_original: bool = False,
                       physical: bool = False) -> SourceDocument:
    """Return `read_docx(data, label, ...)` computed in a forked child (`workbench.forked`):
    python-docx and lxml load there, never in this process (a dashboard kernel). A refusal
    is raised here as the child raised it."""
    from ..forked import call_forked

    return call_forked(read_docx, data, label, as_original=as_original, physical=physical)


def _unreadable(label: str, exc: Exception) -> SourceImportError:
    return SourceImportError(f"{label}: 无法读取 Word 文档（{exc.__class__.__name__}）")


# -- walking the XML ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mark:
    """A zero-width marker met while walking: a bookmark or a comment's range."""

    what: str  # "bookmark", "start", "end" or "reference"
    value: str


@dataclass(slots=True)
class _Block:
    """A physical paragraph of the file as walked, before the reading joins any."""

    number: int
    items: list[Segment | _Mark] = field(default_factory=list)
    mark: Segment | None = None
    style: str | None = None
    level: int | None = None
    lead: str = ""


@dataclass(slots=True)
class _Resolved:
    """Paragraphs joined for one reading, with the items the comments are found in."""

    text: str
    number: int
    style: str | None
    level: int | None
    items: list[Segment | _Mark]
    lead: str = ""


class _Reader:
    """One pass over a document's body, styles and comments."""

    def __init__(self, document: Document, label: str, as_original: bool,
                 physical: bool = False) -> None:
        self.document = document
        self.label = label
        self.as_original = as_original
        self.physical = physical
        self.kept = ORIGINAL_KINDS if as_original else ACCEPTED_KINDS
        self.styles = _paragraph_styles(document)
        self.number = 0  # physical paragraphs and table rows so far
        self.changes: list[Segment | None] = []  # in file order; None ends a stretch

    def read(self) -> SourceDocument:
        out: list[_Resolved] = []
        joining: list[_Block] = []  # paragraphs whose mark the reading removes
        pending: list[Segment | _Mark] = []  # markers between blocks, for the next one
        for kind, element in _iter_blocks(self.document.element.body):
            if kind == "p":
                self.number += 1
                block = self._block(element, self.number)
                block.items[:0] = pending
                pending = []
                joining.append(block)
                if self._ends(block):
                    out.append(self._resolve(joining))
                    joining = []
            elif kind == "tbl":
                if joining:  # a paragraph cannot join a table
                    out.append(self._resolve(joining))
                    joining = []
                pending = self._table(element, pending, out)
            else:
                mark = _marker(element)
                if mark is not None and mark.what == "end" and out and not joining:
                    out[-1].items.append(mark)
                elif mark is not None:
                    pending.append(mark)
        if joining:
            out.append(self._resolve(joining))
        if pending and out:
            out[-1].items.extend(pending)
        return self._document(out)

    def _ends(self, block: _Block) -> bool:
        """True when `block` ends a paragraph of the reading (its mark is kept)."""
        return self.physical or block.mark is None or block.mark.kind in self.kept

    def _resolve(self, blocks: list[_Block]) -> _Resolved:
        # Joined paragraphs keep the style of the last: the mark that survives carries it.
        items: list[Segment | _Mark] = []
        number = None
        lead = ""
        pieces: list[str] = []
        for block in blocks:
            text = self._visible(block.items)
            if text and number is None:
                number, lead = block.number, block.lead
            pieces.append(text)
            items.extend(block.items)
            if block.mark is not None:
                items.append(block.mark)
        last = blocks[-1]
        joined = "".join(pieces)
        if not (joined.startswith(lead) and len(lead) < len(joined.strip())):
            lead = ""
        return _Resolved(joined, number or last.number, last.style, last.level, items, lead)

    def _visible(self, items: Iterable[Segment | _Mark]) -> str:
        return "".join(i.text for i in items
                       if isinstance(i, Segment) and i.kind in self.kept and i.text != PARAGRAPH_MARK)

    def _block(self, p: Any, number: int) -> _Block:
        block = _Block(number)
        style_id = ""
        level: int | None = None
        has_level = False
        ppr = p.find(f"{_W}pPr")
        if ppr is not None:
            style = ppr.find(f"{_W}pStyle")
            style_id = style.get(f"{_W}val", "") if style is not None else ""
            outline = ppr.find(f"{_W}outlineLvl")
            if outline is not None:
                has_level, level = True, _level(outline.get(f"{_W}val"))
            rpr = ppr.find(f"{_W}rPr")
            for child in rpr if rpr is not None else ():
                if child.tag in _CHANGES:
                    block.mark = Segment(_CHANGES[child.tag], PARAGRAPH_MARK, *_who(child))
        name, style_level = self.styles.get(style_id) or self.styles.get("", (None, None))
        block.style, block.level = name, level if has_level else style_level
        _Content(block.items).walk(p, TEXT, "", "")
        block.lead = _bold_lead(p, self.kept)
        self.changes.extend(s for s in block.items if isinstance(s, Segment))
        self.changes.append(block.mark)  # an unrevised mark (None) ends a stretch
        return block

    def _table(self, tbl: Any, pending: list[Segment | _Mark],
               out: list[_Resolved]) -> list[Segment | _Mark]:
        """Append one paragraph per row of `tbl` the reading keeps; return the markers
        still waiting for a paragraph."""
        for tr in _iter_rows(tbl):
            self.number += 1
            trpr = tr.find(f"{_W}trPr")
            removed = any(_CHANGES[c.tag] not in self.kept
                          for c in (trpr if trpr is not None else ()) if c.tag in _CHANGES)
            cells = [self._cell(tc) for tc in _iter_cells(tr)]
            if removed:
                continue
            items, pending = pending, []
            for n, cell in enumerate(cells):
                if n:
                    items.append(Segment(TEXT, " "))
                for k, para in enumerate(cell):
                    if k:
                        items.append(Segment(TEXT, "\n"))
                    items.extend(para.items)
            text = " ".join("\n".join(p.text for p in cell) for cell in cells)
            out.append(_Resolved(text, self.number, None, None, items))
        return pending

    def _cell(self, tc: Any) -> list[_Resolved]:
        # A cell's paragraphs are resolved like the body's, never joined across the cell's
        # end; a nested table gives its cells' paragraphs.
        out: list[_Resolved] = []
        joining: list[_Block] = []
        for kind, element in _iter_blocks(tc):
            if kind == "p":
                block = self._block(element, self.number)
                joining.append(block)
                if self._ends(block):
                    out.append(self._resolve(joining))
                    joining = []
            elif kind == "tbl":
                for tr in _iter_rows(element):
                    for inner in _iter_cells(tr):
                        out.extend(self._cell(inner))
        if joining:
            out.append(self._resolve(joining))
        return out

    # -- results ----------------------------------------------------------------------------

    def _document(self, resolved: list[_Resolved]) -> SourceDocument:
        paragraphs = []
        for index, r in enumerate(resolved):
            segments = _merged(i for i in r.items if isinstance(i, Segment))
            bookmarks = tuple(i.value for i in r.items if isinstance(i, _Mark) and i.what == "bookmark")
            paragraphs.append(SourceParagraph(index, r.text, SourcePosition(self.label, r.number, PARAGRAPH),
                                              r.style, r.level, segments, bookmarks, r.lead))
        return SourceDocument(self.label, "docx", tuple(paragraphs), self._comments(resolved),
                              _count_changes(self.changes), self.as_original)

    def _comments(self, resolved: list[_Resolved]) -> tuple[Comment, ...]:
        part = _comments_part(self.document)
        if part is None:
            return ()
        starts: dict[str, int] = {}
        anchors: dict[str, list[str]] = {}
        open_ids: set[str] = set()
        for index, r in enumerate(resolved):
            for item in r.items:
                if isinstance(item, Segment):
                    if item.kind in self.kept and item.text != PARAGRAPH_MARK:
                        for cid in open_ids:
                            anchors[cid].append(item.text)
                elif item.what == "start":
                    starts.setdefault(item.value, index)
                    anchors.setdefault(item.value, [])
                    open_ids.add(item.value)
                elif item.what == "end":
                    open_ids.discard(item.value)
                elif item.what == "reference":
                    starts.setdefault(item.value, index)
        comments = []
        for element in part.element.iterchildren(f"{_W}comment"):
            cid = element.get(f"{_W}id", "")
            paragraphs = []
            for kind, p in _iter_blocks(element):
                if kind == "p":
                    items: list[Segment | _Mark] = []
                    _Content(items).walk(p, TEXT, "", "")
                    paragraphs.append(self._visible(items))
            comments.append(Comment(cid, element.get(f"{_W}author", ""), element.get(f"{_W}date", ""),
                                    "\n".join(paragraphs), starts.get(cid),
                                    "".join(anchors.get(cid, ())), element.get(f"{_W}initials", "")))
        return tuple(comments)


class _Content:
    """Walks the inside of a paragraph, appending segments and markers to `items`."""

    def __init__(self, items: list[Segment | _Mark]) -> None:
        self.items = items

    def walk(self, element: Any, kind: str | None, author: str, date: str) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):  # an XML comment or processing instruction
                continue
            if tag == f"{_W}r":
                self._run(child, kind, author, date)
            elif tag in _CHANGES:
                inner = _CHANGES[tag]
                # Text inserted and then deleted (or the reverse) is in neither reading.
                both = kind is None or (kind in _ADDED and inner in _REMOVED) or (
                    kind in _REMOVED and inner in _ADDED)
                self.walk(child, None if both else inner, *_who(child))
            elif tag in _RUN_CONTAINERS:
                self.walk(child, kind, author, date)
            elif tag == f"{_W}sdt":
                if not _shows_placeholder(child):
                    content = child.find(f"{_W}sdtContent")
                    if content is not None:
                        self.walk(content, kind, author, date)
            elif tag.startswith(_M):
                for t in child.iter(f"{_M}t"):
                    self._add(kind, t.text or "", author, date)
            elif tag == f"{_MC}AlternateContent":
                choice = next(iter(child), None)
                if choice is not None:
                    self.walk(choice, kind, author, date)
            else:
                mark = _marker(child)
                if mark is not None:
                    self.items.append(mark)

    def _run(self, r: Any, kind: str | None, author: str, date: str) -> None:
        for child in r:
            tag = child.tag
            if tag == f"{_W}t":
                self._add(kind, child.text or "", author, date)
            elif tag == f"{_W}delText":
                # Deleted text is never current text, even when a file puts it outside w:del.
                if kind in _REMOVED:
                    self._add(kind, child.text or "", author, date)
            elif tag in _RUN_TEXT:
                self._add(kind, _RUN_TEXT[tag], author, date)
            elif tag == f"{_W}br":
                if child.get(f"{_W}type") in (None, "textWrapping"):
                    self._add(kind, "\n", author, date)
            elif tag == f"{_W}commentReference":
                self.items.append(_Mark("reference", child.get(f"{_W}id", "")))
            elif tag == f"{_W}ruby":  # phonetic guide (注音): the base text, not the guide
                base = child.find(f"{_W}rubyBase")
                if base is not None:
                    self.walk(base, kind, author, date)

    def _add(self, kind: str | None, text: str, author: str, date: str) -> None:
        if kind is None or not text:
            return
        last = self.items[-1] if self.items else None
        if isinstance(last, Segment) and (last.kind, last.author, last.date) == (kind, author, date) \
                and last.text != PARAGRAPH_MARK:
            self.items[-1] = Segment(kind, last.text + text, author, date)
        else:
            self.items.append(Segment(kind, text, author if kind != TEXT else "",
                                      date if kind != TEXT else ""))


#: How a bold lead sentence ends.
_LEAD_END = "。！？!?"


def _bold_lead(p: Any, kept: frozenset[str]) -> str:
    """Return the bold sentence that opens paragraph `p` in the reading that keeps the
    change kinds `kept` (its runs in order, while bold), or "" when it opens otherwise."""
    lead = ""
    for r in p.iter(f"{_W}r"):
        kind = next((_CHANGES[a.tag] for a in r.iterancestors() if a.tag in _CHANGES), TEXT)
        if kind not in kept:
            continue
        text = "".join(t.text or "" for t in r.iter(f"{_W}t"))
        if not text:
            continue
        rpr = r.find(f"{_W}rPr")
        bold = rpr.find(f"{_W}b") if rpr is not None else None
        if bold is None or bold.get(f"{_W}val", "true") in ("0", "false", "off"):
            break
        lead += text
    lead = lead.rstrip()
    return lead if lead[-1:] in tuple(_LEAD_END) and "*" not in lead else ""


def _marker(element: Any) -> _Mark | None:
    tag = element.tag
    if tag == f"{_W}bookmarkStart":
        return _Mark("bookmark", element.get(f"{_W}name", ""))
    if tag == f"{_W}commentRangeStart":
        return _Mark("start", element.get(f"{_W}id", ""))
    if tag == f"{_W}commentRangeEnd":
        return _Mark("end", element.get(f"{_W}id", ""))
    return None


def _who(element: Any) -> tuple[str, str]:
    return element.get(f"{_W}author", ""), element.get(f"{_W}date", "")


def _shows_placeholder(sdt: Any) -> bool:
    pr = sdt.find(f"{_W}sdtPr")
    if pr is None:
        return False
    flag = pr.find(f"{_W}showingPlcHdr")
    return flag is not None and flag.get(f"{_W}val", "true") not in ("0", "false", "off")


def _iter_blocks(container: Any) -> Iterator[tuple[str, Any]]:
    """Yield ("p" | "tbl" | "mark", element) for the block content of `container`,
    looking through content controls and custom XML around paragraphs and tables."""
    for child in container:
        tag = child.tag
        if tag == f"{_W}p":
            yield "p", child
        elif tag == f"{_W}tbl":
            yield "tbl", child
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None and not _shows_placeholder(child):
                yield from _iter_blocks(content)
        elif tag == f"{_W}customXml":
            yield from _iter_blocks(child)
        elif tag == f"{_MC}AlternateContent":
            choice = next(iter(child), None)
            if choice is not None:
                yield from _iter_blocks(choice)
        elif isinstance(tag, str):
            yield "mark", child


def _iter_rows(tbl: Any) -> Iterator[Any]:
    for child in tbl:
        if child.tag == f"{_W}tr":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            inner = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if inner is not None:
                yield from _iter_rows(inner)


def _iter_cells(tr: Any) -> Iterator[Any]:
    for child in tr:
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            inner = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if inner is not None:
                yield from _iter_cells(inner)


def _merged(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    out: list[Segment] = []
    for s in segments:
        if out and (out[-1].kind, out[-1].author, out[-1].date) == (s.kind, s.author, s.date) \
                and PARAGRAPH_MARK not in (s.text, out[-1].text):
            out[-1] = Segment(s.kind, out[-1].text + s.text, s.author, s.date)
        else:
            out.append(s)
    return tuple(out)


def _count_changes(sequence: Iterable[Segment | None]) -> int:
    """Count stretches of tracked change: consecutive changed segments of one kind, author
    and date are one change (a paragraph inserted with its mark, a run split by format)."""
    count = 0
    last: tuple[str, str, str] | None = None
    for segment in sequence:
        if segment is None or not segment.text:
            if segment is None:
                last = None
            continue
        if not segment.is_change:
            last = None
            continue
        key = (segment.kind, segment.author, segment.date)
        if key != last:
            count += 1
            last = key
    return count


def _level(value: str | None) -> int | None:
    try:
        level = int(value or "")
    except ValueError:
        return None
    return level + 1 if 0 <= level < 9 else None


def _paragraph_styles(document: Document) -> dict[str, tuple[str | None, int | None]]:
    """Return style id -> (name as python-docx shows it, outline level through the
    basedOn chain); the key "" holds the default paragraph style."""
    from docx.styles import BabelFish

    raw: dict[str, tuple[str | None, str | None, int | None, bool]] = {}
    try:
        root = document.styles.element
    except Exception:  # a file without a styles part
        return {}
    for style in root.iterchildren(f"{_W}style"):
        if style.get(f"{_W}type", "paragraph") != "paragraph":
            continue
        sid = style.get(f"{_W}styleId", "")
        name = style.find(f"{_W}name")
        based = style.find(f"{_W}basedOn")
        outline = style.find(f"{_W}pPr/{_W}outlineLvl")
        raw[sid] = (BabelFish.internal2ui(name.get(f"{_W}val", "")) if name is not None else sid,
                    based.get(f"{_W}val") if based is not None else None,
                    _level(outline.get(f"{_W}val")) if outline is not None else None,
                    style.get(f"{_W}default") in ("1", "true", "on"))
    out: dict[str, tuple[str | None, int | None]] = {}
    for sid, (name, _based, _level_value, is_default) in raw.items():
        level = None
        seen: set[str] = set()
        current: str | None = sid
        while current is not None and current in raw and current not in seen:
            seen.add(current)
            if raw[current][2] is not None:
                level = raw[current][2]
                break
            current = raw[current][1]
        out[sid] = (name, level)
        if is_default:
            out[""] = (name, level)
    return out


def _comments_part(document: Document) -> Any:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return document.part.part_related_by(RT.COMMENTS)
    except KeyError:
        return None
