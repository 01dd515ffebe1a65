"""The Word round trip's record in a draft (修改稿回收): paragraphs a reviewer added or
deleted, tracked changes (修订) still pending, comments (批注) and what could not be placed.

A draft keeps this under one optional key of its file, ``"roundtrip"``, absent while there
is nothing to keep: older readers ignore it and the format stays version 1. The text of a
changed paragraph is an ordinary edit (`Draft.edits`); this record says which parts of it
are a reviewer's tracked changes still waiting for the writer's 接受 or 拒绝, and which
paragraphs the reviewer added (they follow a paragraph of the draft) or deleted (kept, not
shown). Pending changes are shown accepted: the draft reads as the reviewer left it, and
rejecting a change takes it back out.

Each paragraph of a Word export carries its id as a bookmark (`bookmark_name`), so an
edited file finds its way back to the paragraphs it came from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .diff import normalize_paragraph
from .edits import Edit
from .nodes import Block, Inline, Paragraph
from .numbering import ORDINAL_PREFIX, parse_chinese_numeral

#: Every paragraph id bookmark begins so; Word takes letters, digits and "_" in a name.
BOOKMARK_PREFIX = "wb_"

#: Longest bookmark name Word keeps.
MAX_BOOKMARK_CHARS = 40

#: Ids of the lines above the blocks (as in `versions.snapshot`).
HEAD_IDS = ("title", "speaker", "salutation")

#: Paragraphs a reviewer added get ids "added:1", "added:2"… (":" is never in a part's id).
ADDED_PREFIX = "added:"

#: The author of tracked changes the workbench writes, unless the writer sets another.
DEFAULT_AUTHOR = "起草人"

#: Kinds of pending change: text inserted or deleted inside a paragraph, a whole paragraph
#: inserted or deleted, a whole part deleted (the part is left out of the structure).
INSERT, DELETE = "ins", "del"
PARAGRAPH_INSERT, PARAGRAPH_DELETE, PART_DELETE = "paragraph-ins", "paragraph-del", "part-del"
CHANGE_KINDS = (INSERT, DELETE, PARAGRAPH_INSERT, PARAGRAPH_DELETE, PART_DELETE)

#: How the review list names each kind.
KIND_LABELS = {INSERT: "插入", DELETE: "删除", PARAGRAPH_INSERT: "新增段落",
               PARAGRAPH_DELETE: "删除段落", PART_DELETE: "删除部分"}

#: Most decisions (accepted or rejected changes) remembered, so reading the same file again
#: does not bring back a change the writer already settled.
MAX_DECISIONS = 5000

#: Most pending changes, comments and unplaced paragraphs a draft keeps (each).
MAX_ITEMS = 2000

_PLAIN_ID = re.compile(r"[A-Za-z0-9.]+")
_ITEM_ORDINAL = re.compile(r"^[一二三四五六七八九十]+是")
_CHINESE_DATE = re.compile(r"([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                           r"\s*([一二三四五六七八九十]{1,3})\s*日")
_YEAR = str.maketrans("〇零一二三四五六七八九", "00123456789")
_UNSAFE = re.compile(r"[^A-Za-z0-9]")


def bookmark_name(paragraph_id: str) -> str:
    """Return the bookmark that marks paragraph `paragraph_id` in a Word export: ``wb_``
    and the id with "." as "_" (``wb_tasks_hazards``); an id with other characters, or one
    too long for Word's 40, is shortened and ends with a digest of the whole id."""
    if _PLAIN_ID.fullmatch(paragraph_id):
        name = BOOKMARK_PREFIX + paragraph_id.replace(".", "_")
        if len(name) <= MAX_BOOKMARK_CHARS:
            return name
    digest = hashlib.sha1(paragraph_id.encode("utf-8")).hexdigest()[:8]
    room = MAX_BOOKMARK_CHARS - len(BOOKMARK_PREFIX) - len(digest) - 1
    return f"{BOOKMARK_PREFIX}{_UNSAFE.sub('_', paragraph_id)[:room]}_{digest}"


def bookmark_ids(paragraph_ids: Iterable[str]) -> dict[str, str]:
    """Return bookmark name -> paragraph id for `paragraph_ids` (see `bookmark_name`)."""
    return {bookmark_name(pid): pid for pid in paragraph_ids}


@dataclass(frozen=True, slots=True)
class AddedParagraph:
    """A paragraph a reviewer added: it follows paragraph `after` (a block, a line above
    the blocks, or another added paragraph) in part `section`; `edit` is its text, fact
    values kept as references."""

    id: str
    after: str
    section: str
    edit: Edit


@dataclass(frozen=True, slots=True)
class PendingChange:
    """A reviewer's tracked change (修订) waiting for the writer's decision.

    `paragraph` is the id of the paragraph it is in (for `PART_DELETE`, the part's id);
    `text` what was inserted or deleted; `number` the paragraph's number in `source`.
    `fingerprints` identify the file's revisions it stands for (the same in any file that
    holds them), so a decision on it is remembered when the file is read again.
    """

    id: str
    kind: str
    paragraph: str
    text: str
    author: str = ""
    date: str = ""
    source: str = ""
    number: int = 0
    fingerprints: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """What the review list calls it: 插入, 删除, 新增段落…"""
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def fingerprint(self) -> str:
        """One string for all of `fingerprints` (or, without them, the change itself)."""
        parts = self.fingerprints or (self.kind, self.paragraph, self.text, self.author, self.date)
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ReviewComment:
    """A comment (批注): a reviewer's from an edited file, or a writer's own note (`mine`).

    `paragraph` is the id of the paragraph it is attached to (None: the file did not anchor
    it); `anchor` is the text it covers.
    """

    id: str
    paragraph: str | None
    author: str
    date: str
    text: str
    anchor: str = ""
    initials: str = ""
    source: str = ""
    mine: bool = False

    @property
    def key(self) -> tuple[str | None, str, str, str]:
        """What makes two comments the same comment (read twice from one file, or from
        a file a word processor saved again with the date written another way)."""
        return (self.paragraph, self.author, _utc_seconds(self.date), self.text.strip())


def _utc_seconds(date: str) -> str:
    import datetime as _dt

    try:
        moment = _dt.datetime.fromisoformat(date.strip().replace("Z", "+00:00"))
    except ValueError:
        return date.strip()
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat()


@dataclass(frozen=True, slots=True)
class UnplacedEdit:
    """Text from an edited file that no paragraph of the draft can take: kept for the
    writer, with the paragraph it followed (`after`) and why it was not placed."""

    id: str
    text: str
    after: str | None
    source: str
    number: int
    reason: str


@dataclass(frozen=True, slots=True)
class TrackedChanges:
    """What a tracked-changes export (修订版) marks: every difference of the speech from
    `base` (a version's (paragraph id, text) pairs, `label` 二稿) as Word revisions by
    `author` at `date` (ISO 8601, UTC), and `comments` as Word comments."""

    base: tuple[tuple[str, str], ...]
    author: str = DEFAULT_AUTHOR
    date: str = ""
    comments: tuple[ReviewComment, ...] = ()
    label: str = ""


@dataclass(frozen=True, slots=True)
class ParagraphMarks:
    """What the preview shows on a paragraph: its pending changes and its comments."""

    pending: int = 0
    comments: tuple[ReviewComment, ...] = ()


def paragraph_marks(record: RoundTrip) -> dict[str, ParagraphMarks]:
    """Return paragraph id -> its marks; a comment not anchored to a paragraph shows on the
    title."""
    pending: dict[str, int] = {}
    for change in record.changes:
        if change.kind != PART_DELETE:
            pending[change.paragraph] = pending.get(change.paragraph, 0) + 1
    comments: dict[str, list[ReviewComment]] = {}
    for comment in record.comments:
        comments.setdefault(comment.paragraph or "title", []).append(comment)
    return {pid: ParagraphMarks(pending.get(pid, 0), tuple(comments.get(pid, ())))
            for pid in {*pending, *comments}}


class RoundTrip:
    """What the Word round trip keeps in a draft (the ``"roundtrip"`` key of its file).

    `added` paragraphs in reading order of insertion, `deleted` paragraph ids, `changes`
    pending, `revised` paragraph id -> its text as ("=" kept | "+" inserted | "-" deleted,
    text, change id) pieces (the pending changes inside it), `comments`, `unplaced`,
    `decisions` (change fingerprint -> "accept" | "reject") and `author`, the name the
    workbench's own tracked changes carry.
    """

    def __init__(self) -> None:
        self.added: list[AddedParagraph] = []
        self.deleted: list[str] = []
        self.changes: list[PendingChange] = []
        self.revised: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self.comments: list[ReviewComment] = []
        self.unplaced: list[UnplacedEdit] = []
        self.decisions: dict[str, str] = {}
        self.author = DEFAULT_AUTHOR
        self._next = 1

    # -- ids and lookups ------------------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        """Return a fresh id: "c7" for a change, "k3" for a comment, "added:2"…"""
        number = self._next
        self._next += 1
        return f"{prefix}{number}"

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to keep (the draft file then has no such key)."""
        return not (self.added or self.deleted or self.changes or self.comments
                    or self.unplaced or self.decisions or self.author != DEFAULT_AUTHOR)

    def change(self, change_id: str) -> PendingChange:
        """Return the pending change `change_id`; raises KeyError naming it."""
        for change in self.changes:
            if change.id == change_id:
                return change
        raise KeyError(f"no pending change {change_id!r}")

    def added_paragraph(self, paragraph_id: str) -> AddedParagraph | None:
        """Return the added paragraph `paragraph_id`, or None."""
        return next((a for a in self.added if a.id == paragraph_id), None)

    def pending_in(self, paragraph_id: str) -> list[PendingChange]:
        """Return the pending changes in paragraph `paragraph_id`, in reading order."""
        return [c for c in self.changes if c.paragraph == paragraph_id]

    def comments_on(self, paragraph_id: str) -> list[ReviewComment]:
        """Return the comments attached to paragraph `paragraph_id`."""
        return [c for c in self.comments if c.paragraph == paragraph_id]

    def authors(self) -> dict[str, int]:
        """Return author -> number of pending changes, most first."""
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.author or "（未署名）"] = counts.get(change.author or "（未署名）", 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -item[1]))

    def remember(self, change: PendingChange, decision: str) -> None:
        """Keep `decision` ("accept" or "reject") for the file's revisions behind `change`,
        the oldest dropped first beyond `MAX_DECISIONS`."""
        for fp in change.fingerprints:
            self.decisions[fp] = decision
        self.trim_decisions()

    def trim_decisions(self) -> None:
        """Drop the oldest decisions beyond `MAX_DECISIONS`."""
        while len(self.decisions) > MAX_DECISIONS:
            self.decisions.pop(next(iter(self.decisions)))

    def rename(self, old: str, new: str) -> None:
        """Move what is attached to paragraph `old` to paragraph `new`."""
        self.changes = [replace(c, paragraph=new) if c.paragraph == old else c for c in self.changes]
        self.comments = [replace(c, paragraph=new) if c.paragraph == old else c
                         for c in self.comments]
        if old in self.revised:
            self.revised[new] = self.revised.pop(old)

    # -- the file ---------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON data (only the parts that hold something)."""
        data: dict[str, Any] = {}
        if self.added:
            data["added"] = [{"id": a.id, "after": a.after, "section": a.section,
                              "text": a.edit.to_json()} for a in self.added]
        if self.deleted:
            data["deleted"] = list(self.deleted)
        if self.changes:
            data["changes"] = [_change_json(c) for c in self.changes]
        if self.revised:
            data["revised"] = {pid: [list(piece) for piece in pieces]
                               for pid, pieces in self.revised.items()}
        if self.comments:
            data["comments"] = [_comment_json(c) for c in self.comments]
        if self.unplaced:
            data["unplaced"] = [{"id": u.id, "text": u.text, "after": u.after, "source": u.source,
                                 "number": u.number, "reason": u.reason} for u in self.unplaced]
        if self.decisions:
            data["decisions"] = dict(self.decisions)
        if self.author != DEFAULT_AUTHOR:
            data["author"] = self.author
        data["next"] = self._next
        return data

    @classmethod
    def from_json(cls, data: Any, notes: list[str] | None = None) -> RoundTrip:
        """Return the record stored as `data`; damaged entries are left out, each kind with
        one line in `notes`, so a damaged record never costs the writer the draft."""
        record = cls()
        if data is None:
            return record
        notes = notes if notes is not None else []
        if not isinstance(data, Mapping):
            notes.append("修改稿回收的记录有误，已略去")
            return record
        bad: set[str] = set()
        for key, reader, target in (("added", _read_added, record.added),
                                    ("changes", _read_change, record.changes),
                                    ("comments", _read_comment, record.comments),
                                    ("unplaced", _read_unplaced, record.unplaced)):
            entries = data.get(key, [])
            if not isinstance(entries, list):
                bad.add(key)
                continue
            for entry in entries[:MAX_ITEMS]:
                try:
                    target.append(reader(entry))
                except (TypeError, ValueError, KeyError, AttributeError):
                    bad.add(key)
        deleted = data.get("deleted", [])
        if isinstance(deleted, list) and all(isinstance(x, str) for x in deleted):
            record.deleted = list(dict.fromkeys(deleted))
        else:
            bad.add("deleted")
        revised = data.get("revised", {})
        if isinstance(revised, Mapping):
            for pid, pieces in revised.items():
                try:
                    record.revised[str(pid)] = tuple(_read_piece(p) for p in pieces)
                except (TypeError, ValueError):
                    bad.add("revised")
        else:
            bad.add("revised")
        decisions = data.get("decisions", {})
        if isinstance(decisions, Mapping):
            record.decisions = {str(k): v for k, v in decisions.items()
                                if v in ("accept", "reject", "resolved")}
        author = data.get("author")
        if isinstance(author, str) and author.strip():
            record.author = author.strip()[:40]
        number = data.get("next")
        ids = [c.id for c in record.changes] + [c.id for c in record.comments] + \
              [u.id for u in record.unplaced] + [a.id for a in record.added]
        used = max((int(m.group()) for i in ids if (m := re.search(r"\d+$", i))), default=0)
        record._next = max(number if isinstance(number, int) and not isinstance(number, bool)
                           else 1, used + 1)
        record._drop_dangling()
        if bad:
            notes.append("修改稿回收的部分记录有误，已略去")
        return record

    def _drop_dangling(self) -> None:
        # Pieces must name pending changes, and pending changes inside a paragraph need its
        # pieces: what a damaged file leaves unmatched is dropped as a whole.
        ids = {c.id for c in self.changes}
        for pid, pieces in list(self.revised.items()):
            if any(op != "=" and cid not in ids for op, _, cid in pieces):
                del self.revised[pid]
        inside = {cid for pieces in self.revised.values() for op, _, cid in pieces if op != "="}
        self.changes = [c for c in self.changes
                        if c.kind not in (INSERT, DELETE) or c.id in inside]


def _change_json(c: PendingChange) -> dict[str, Any]:
    return {"id": c.id, "kind": c.kind, "paragraph": c.paragraph, "text": c.text,
            "author": c.author, "date": c.date, "source": c.source, "number": c.number,
            "fingerprints": list(c.fingerprints)}


def _comment_json(c: ReviewComment) -> dict[str, Any]:
    data: dict[str, Any] = {"id": c.id, "paragraph": c.paragraph, "author": c.author,
                            "date": c.date, "text": c.text}
    if c.anchor:
        data["anchor"] = c.anchor
    if c.initials:
        data["initials"] = c.initials
    if c.source:
        data["source"] = c.source
    if c.mine:
        data["mine"] = True
    return data


def _text(entry: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str):
        raise ValueError(key)
    return value


def _read_added(entry: Any) -> AddedParagraph:
    edit = Edit.from_json(entry["text"])
    return AddedParagraph(_text(entry, "id"), _text(entry, "after"), _text(entry, "section", ""),
                          edit)


def _read_change(entry: Any) -> PendingChange:
    kind = _text(entry, "kind")
    if kind not in CHANGE_KINDS:
        raise ValueError(kind)
    number = entry.get("number", 0)
    fingerprints = entry.get("fingerprints", [])
    if not isinstance(fingerprints, list) or not all(isinstance(f, str) for f in fingerprints):
        raise ValueError("fingerprints")
    return PendingChange(_text(entry, "id"), kind, _text(entry, "paragraph"), _text(entry, "text"),
                         _text(entry, "author", ""), _text(entry, "date", ""),
                         _text(entry, "source", ""), number if isinstance(number, int) else 0,
                         tuple(fingerprints))


def _read_comment(entry: Any) -> ReviewComment:
    paragraph = entry.get("paragraph")
    if paragraph is not None and not isinstance(paragraph, str):
        raise ValueError("paragraph")
    return ReviewComment(_text(entry, "id"), paragraph, _text(entry, "author", ""),
                         _text(entry, "date", ""), _text(entry, "text"),
                         _text(entry, "anchor", ""), _text(entry, "initials", ""),
                         _text(entry, "source", ""), bool(entry.get("mine", False)))


def _read_unplaced(entry: Any) -> UnplacedEdit:
    after = entry.get("after")
    if after is not None and not isinstance(after, str):
        raise ValueError("after")
    number = entry.get("number", 0)
    return UnplacedEdit(_text(entry, "id"), _text(entry, "text"), after, _text(entry, "source", ""),
                        number if isinstance(number, int) else 0, _text(entry, "reason", ""))


def _read_piece(piece: Any) -> tuple[str, str, str]:
    if not isinstance(piece, list) or len(piece) not in (2, 3):
        raise ValueError("piece")
    op, text = piece[0], piece[1]
    cid = piece[2] if len(piece) == 3 else ""
    if op not in ("=", "+", "-") or not isinstance(text, str) or not isinstance(cid, str):
        raise ValueError("piece")
    if op != "=" and not cid:
        raise ValueError("piece")
    return (op, text, cid)


def provisional_text(pieces: Iterable[tuple[str, str, str]]) -> str:
    """Return the text `pieces` read as with every pending change accepted."""
    return "".join(text for op, text, _ in pieces if op != "-")


def settle(pieces: Iterable[tuple[str, str, str]], change_id: str,
           accept: bool) -> tuple[tuple[str, str, str], ...]:
    """Return `pieces` with change `change_id` accepted or rejected (kept runs joined)."""
    out: list[tuple[str, str, str]] = []
    for op, text, cid in pieces:
        if cid == change_id:
            keep = (op == "+") == accept
            if not keep:
                continue
            op, cid = "=", ""
        if op == "=" and out and out[-1][0] == "=":
            out[-1] = ("=", out[-1][1] + text, "")
        elif text:
            out.append((op, text, cid))
    return tuple(out)


def with_added(blocks: Sequence[Block], added: Sequence[AddedParagraph],
               convert: Callable[[str], tuple[Inline, ...]],
               values: Mapping[str, Any]) -> list[Block]:
    """Return `blocks` with each of the reviewer's `added` paragraphs right after the one it
    follows (after the lines above the blocks: first); `convert` turns its text, rendered
    with the fact `values`, into inlines. One whose paragraph is not shown is not shown."""
    following: dict[str, list[AddedParagraph]] = {}
    for paragraph in added:
        following.setdefault(paragraph.after, []).append(paragraph)
    out: list[Block] = []

    def emit(anchor: str, section: str, role: str) -> None:
        queue = list(following.pop(anchor, ()))
        while queue:
            paragraph = queue.pop(0)
            out.append(Paragraph(convert(paragraph.edit.render(values)), paragraph.id,
                                 section or paragraph.section, role))
            queue[:0] = following.pop(paragraph.id, ())

    for head in HEAD_IDS:
        emit(head, "opening", "opening")
    for block in blocks:
        out.append(block)
        role = getattr(block, "role", "body")
        emit(block.id, block.section, role if role in ("opening", "closing") else "body")
    return out


def canonical(text: str) -> str:
    """Return `text` as the round trip compares it: no line breaks or end whitespace, and a
    date in Chinese numerals (二〇二六年三月六日, as the Word export may write the speaker
    line) in figures (2026年3月6日)."""
    text = normalize_paragraph(text)
    return _CHINESE_DATE.sub(_arabic_date, text) if "年" in text else text


def _arabic_date(match: re.Match[str]) -> str:
    month, day = parse_chinese_numeral(match.group(2)), parse_chinese_numeral(match.group(3))
    if not month or not day:
        return match.group()
    return f"{match.group(1).translate(_YEAR)}年{month}月{day}日"


def strip_ordinal(text: str, prefix: str) -> str:
    """Return a paragraph's `text` without its ordinal `prefix` (一、 （一） 一是…), which
    the draft computes itself; another ordinal in its place (renumbered) goes too."""
    if not prefix:
        return text
    if text.startswith(prefix):
        return text[len(prefix):]
    match = ORDINAL_PREFIX.match(text) or _ITEM_ORDINAL.match(text)
    return text[match.end():] if match else text
