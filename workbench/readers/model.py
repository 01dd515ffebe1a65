"""What a reader returns: a speech file as paragraphs with their source positions.

Values only (frozen, slotted dataclasses), so the core, the CLI, the UI and the Word round
trip can all hold them. The text of every paragraph is already resolved for one reading
of the tracked changes (all accepted, or all rejected with `as_original`); the segments
keep every change with its author and date, so nothing a reviewer did is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Segment kinds: unchanged text, and the four kinds of tracked change Word records.
TEXT, INSERTED, DELETED, MOVED_FROM, MOVED_TO = "text", "ins", "del", "moveFrom", "moveTo"

#: Kinds that belong to the text with all changes accepted, and with all rejected.
ACCEPTED_KINDS = frozenset({TEXT, INSERTED, MOVED_TO})
ORIGINAL_KINDS = frozenset({TEXT, DELETED, MOVED_FROM})

#: The text of a `Segment` that stands for a revised paragraph mark (U+2029 PARAGRAPH
#: SEPARATOR, so it never mixes with a line break typed inside a paragraph).
PARAGRAPH_MARK = "\u2029"

#: Units a `SourcePosition` counts in.
LINE, PARAGRAPH = "line", "paragraph"


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of a paragraph with one kind of change (修订) and one author and date.

    `kind` is `TEXT` for unchanged text, else `INSERTED`, `DELETED`, `MOVED_FROM` or
    `MOVED_TO`. A revised paragraph mark (a paragraph inserted, or two joined by deleting
    the mark between them) is a segment whose `text` is `PARAGRAPH_MARK` (U+2029); it is
    never part of a paragraph's text. `date` is the file's ISO 8601 string as written
    (``2026-03-06T09:30:00Z``), or empty.
    """

    kind: str
    text: str
    author: str = ""
    date: str = ""

    @property
    def is_change(self) -> bool:
        """True for a tracked change, False for unchanged text."""
        return self.kind != TEXT


@dataclass(frozen=True, slots=True)
class SourcePosition:
    """Where a paragraph is in its file: a line of a text file, or the Nth paragraph of a
    Word body (counted in the file as it is, tracked changes shown, a table row as one)."""

    file: str
    number: int
    unit: str = LINE

    def __str__(self) -> str:
        return f"{self.file}:{self.number}"


@dataclass(frozen=True, slots=True)
class SourceParagraph:
    """One paragraph of a speech file, as read.

    `index` counts from 0 in `SourceDocument.paragraphs`; `text` is the paragraph in the
    reading the document was read with. Paragraphs the reading joins (a deleted paragraph
    mark) are one `SourceParagraph`, positioned at the first that gives it text. `style`
    is the Word paragraph style's name and `outline_level` its outline level (1 for a
    first-level heading, from the paragraph or its style chain); both are None for text
    files. `segments` are the runs, adjacent runs of one kind, author and date merged.
    `bookmarks` are the names of the bookmarks that start in the paragraph or just before.
    `lead` is the bold sentence that opens a Word paragraph (加强领导。 in **加强领导。**正文…),
    "" when there is none: the forms without ordinals (排比) lead their points so.
    """

    index: int
    text: str
    position: SourcePosition
    style: str | None = None
    outline_level: int | None = None
    segments: tuple[Segment, ...] = ()
    bookmarks: tuple[str, ...] = ()
    lead: str = ""

    @property
    def has_changes(self) -> bool:
        """True when a tracked change touches this paragraph."""
        return any(s.is_change for s in self.segments)


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment (批注) from ``word/comments.xml`` with the paragraph it is anchored to.

    `paragraph` is the index (in `SourceDocument.paragraphs`) of the paragraph where the
    comment's range starts, None when the body does not anchor it; `anchor` is the text
    it covers in the reading; `text` is the comment itself, paragraphs joined by ``"\\n"``.
    """

    id: str
    author: str
    date: str
    text: str
    paragraph: int | None = None
    anchor: str = ""
    initials: str = ""


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A speech file read into paragraphs: the one shape every reader returns.

    `kind` is ``"text"``, ``"markdown"`` or ``"docx"``; `name` labels the file in messages
    and positions. `tracked_changes` counts the tracked changes in the file (a stretch of
    one kind by one author at one time is one change, as Word and LibreOffice list them);
    `as_original` says they were read rejected instead of accepted. `encoding` is the
    codec of a text file.
    """

    name: str
    kind: str
    paragraphs: tuple[SourceParagraph, ...]
    comments: tuple[Comment, ...] = ()
    tracked_changes: int = 0
    as_original: bool = False
    encoding: str | None = None

    @property
    def texts(self) -> list[str]:
        """The paragraphs' text, in order."""
        return [p.text for p in self.paragraphs]

    @property
    def text(self) -> str:
        """The whole text, one paragraph a line."""
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def has_text(self) -> bool:
        """True when some paragraph holds more than white space."""
        return any(p.text.strip() for p in self.paragraphs)

    @property
    def numbers(self) -> list[int]:
        """Each paragraph's line or paragraph number in the file, for messages."""
        return [p.position.number for p in self.paragraphs]

    @property
    def revision_note(self) -> str | None:
        """The one line that tells the reader how tracked changes were read, or None when
        the file has none: “文件含 N 处修订，已按全部接受读取”."""
        if not self.tracked_changes:
            return None
        how = "全部拒绝" if self.as_original else "全部接受"
        return f"{self.name}: 文件含 {self.tracked_changes} 处修订，已按{how}读取"
