"""An edited speech file as the draft will read it (修改稿): its paragraphs with the
tracked changes settled, joined where a revised paragraph mark joins them. Pure.

The input is what `workbench.readers.read_document(..., physical=True)` returns, one entry a
paragraph of the file (the core imports no reader; `EditedFile` names what it needs). Each
tracked change is settled by `Settler`: all accepted or all rejected, an earlier decision of
the writer, accepted when the workbench's own author made it, else pending (shown accepted).
`read_units` then gives the paragraphs of that reading (`Unit`), those deleted whole
(`Deletion`) and where each paragraph of the file went (for its comments).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .roundtrip import BOOKMARK_PREFIX

if TYPE_CHECKING:
    from .roundtrip import RoundTrip

#: Segment kinds as `workbench.readers` gives them (repeated: the core imports no reader).
TEXT, INSERTED, DELETED, MOVED_FROM, MOVED_TO = "text", "ins", "del", "moveFrom", "moveTo"
#: The text of a segment that stands for a revised paragraph mark.
PARAGRAPH_MARK = "\u2029"

#: How tracked changes are settled: left pending for the writer, or all accepted, or all
#: rejected.
PENDING, ACCEPT_ALL, REJECT_ALL = "pending", "accept", "reject"

_ADDED_KINDS = frozenset({INSERTED, MOVED_TO})
_REMOVED_KINDS = frozenset({DELETED, MOVED_FROM})
_CONTEXT = 12


class FileSegment(Protocol):
    """A stretch of a paragraph with one kind of change (`workbench.readers.Segment`)."""

    kind: str
    text: str
    author: str
    date: str


class FileParagraph(Protocol):
    """One paragraph of the file (`workbench.readers.SourceParagraph`)."""

    text: str
    segments: tuple[FileSegment, ...]
    bookmarks: tuple[str, ...]
    position: Any  # .number: the paragraph's number in the file


class FileComment(Protocol):
    """A comment of the file (`workbench.readers.Comment`)."""

    id: str
    author: str
    date: str
    text: str
    paragraph: int | None
    anchor: str
    initials: str


class EditedFile(Protocol):
    """What the round trip reads: a `workbench.readers.SourceDocument` (read with
    ``physical=True`` for a .docx)."""

    name: str
    kind: str
    paragraphs: tuple[FileParagraph, ...]
    comments: tuple[FileComment, ...]


# -- the file's paragraphs, tracked changes settled ----------------------------------------------


@dataclass
class Member:
    """A paragraph of the file (physical), its changes settled."""

    index: int
    number: int
    bookmark: str | None
    pieces: list[tuple[str, str, str, str, tuple[str, ...]]]  # op, text, author, date, fps
    joins: bool = False  # the reading joins it to the next paragraph
    mark_fp: str | None = None  # the fingerprint of the revised mark that joins it
    had_content: bool = False

    @property
    def visible(self) -> str:
        return "".join(p[1] for p in self.pieces if p[0] in "=+")

    @property
    def pending_deleted(self) -> bool:
        return any(p[0] == "-" for p in self.pieces)


@dataclass
class Unit:
    """A paragraph of the file as the draft will read it (members joined)."""

    members: list[Member]
    pieces: list[tuple[str, str, str, str, tuple[str, ...]]]
    ids: list[str]
    number: int
    pid: str | None = None
    #: Why the unit cannot be taken (its paragraph was deleted or its part left out).
    stale: str = ""

    @property
    def text(self) -> str:
        return "".join(p[1] for p in self.pieces if p[0] in "=+")

    @property
    def pending(self) -> bool:
        return any(p[0] != "=" for p in self.pieces)

    @property
    def inserted_whole(self) -> bool:
        return bool(self.pieces) and all(p[0] == "+" for p in self.pieces)


@dataclass
class Deletion:
    """A paragraph of the file whose whole text a reviewer deleted."""

    pid: str
    number: int
    text: str
    pending: bool
    author: str
    date: str
    fingerprints: tuple[str, ...]


def fingerprint(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class Settler:
    """Decides each tracked change: by mode, an earlier decision, the workbench's author."""

    def __init__(self, record: RoundTrip, mode: str) -> None:
        self.record = record
        self.mode = mode
        self.decided: dict[str, str] = {}

    def decide(self, fp: str, author: str) -> str:
        if self.mode in (ACCEPT_ALL, REJECT_ALL):
            self.decided[fp] = self.mode
            return self.mode
        earlier = self.record.decisions.get(fp)
        if earlier is not None:
            return earlier
        if author and author == self.record.author:
            return ACCEPT_ALL
        return PENDING


def read_members(source: EditedFile, settler: Settler) -> list[Member]:
    members = []
    for index, paragraph in enumerate(source.paragraphs):
        bookmark = next((b for b in paragraph.bookmarks if b.startswith(BOOKMARK_PREFIX)), None)
        member = Member(index, int(paragraph.position.number), bookmark, [])
        raw = ""
        for segment in paragraph.segments:
            kind = segment.kind
            if segment.text == PARAGRAPH_MARK:
                fp = fingerprint("mark", kind, segment.author, segment.date, bookmark or "",
                                  raw[:_CONTEXT])
                decision = settler.decide(fp, segment.author)
                removed = kind in _REMOVED_KINDS
                # A removed mark joins the paragraph to the next when accepted (or pending:
                # shown accepted); an inserted one when rejected.
                member.joins = (decision != REJECT_ALL) if removed else decision == REJECT_ALL
                member.mark_fp = fp if member.joins else None
                continue
            if not segment.text:
                continue
            member.had_content = True
            if kind == TEXT:
                member.pieces.append(("=", segment.text, "", "", ()))
            else:
                fp = fingerprint(kind, segment.text, segment.author, segment.date, bookmark or "",
                                  raw[-_CONTEXT:])
                decision = settler.decide(fp, segment.author)
                added = kind in _ADDED_KINDS
                if decision == PENDING:
                    op = "+" if added else "-"
                elif (decision == ACCEPT_ALL) == added:
                    op = "="
                else:
                    op = ""
                if op:
                    member.pieces.append((op, segment.text, segment.author, segment.date, (fp,)))
            raw += segment.text
        members.append(member)
    return members


def read_units(members: list[Member], names: Mapping[str, str]) -> tuple[list[Unit], list[Deletion],
                                                                        dict[int, int | str]]:
    """Return the paragraphs of the reading, the deleted ones, and physical index -> unit
    index (or the id of the deleted paragraph) for the comments."""
    units: list[Unit] = []
    deletions: list[Deletion] = []
    where: dict[int, int | str] = {}
    run: list[Member] = []

    def close(run: list[Member]) -> None:
        visible = [m for m in run if m.visible.strip()]
        pieces: list[tuple[str, str, str, str, tuple[str, ...]]] = []
        for m in visible:
            pieces.extend(m.pieces)
        ids = [names[m.bookmark] for m in visible if m.bookmark in names]
        unit_index = len(units)
        if visible:
            units.append(Unit(visible, pieces, ids, visible[0].number))
        shown = {id(m) for m in visible}
        for k, m in enumerate(run):
            if id(m) in shown:
                where[m.index] = unit_index
                continue
            pid = names.get(m.bookmark or "")
            if m.had_content and pid is not None:
                # The revised mark that took the paragraph away: its own, or (Word) the
                # one before it.
                joiner = m if m.joins else (run[k - 1] if k else None)
                marks = (joiner.mark_fp,) if joiner is not None and joiner.mark_fp else ()
                gone = [p for p in m.pieces if p[0] == "-"]
                first = gone[0] if gone else ("", "", "", "", ())
                deletions.append(Deletion(
                    pid, m.number, "".join(p[1] for p in gone), bool(gone), first[2], first[3],
                    tuple(fp for p in gone for fp in p[4]) + marks))
                where[m.index] = pid
            elif visible:
                where[m.index] = unit_index

    for member in members:
        run.append(member)
        if not member.joins:
            close(run)
            run = []
    if run:
        close(run)
    return units, deletions, where
