"""Bringing an edited file back into its draft (修改稿回收): pure, no files or widgets.

`plan_revision` reads a speech file as somebody else left it (its paragraphs as the
readers give them, one per paragraph of the file: ``read_document(..., physical=True)``)
against the draft's assembled document, and returns a `RevisionPlan`; `apply_plan` carries
it out. Nothing in the draft changes before the whole plan is made, so a bad file leaves the
draft as it was.

1. Tracked changes are settled first: by `mode` (all accepted or all rejected), by an earlier
   decision of the writer (a change rejected once stays rejected when the file is read
   again), as accepted when the workbench's own author made them, else left pending (shown
   accepted, listed for 接受 / 拒绝). Paragraph marks a change removed join paragraphs.
2. Each paragraph of the file finds its draft paragraph by the bookmark the export put
   around it (`roundtrip.bookmark_name`); a bookmark that drifted onto a neighbour is
   noticed by the text. The rest (a retyped file, a .txt, paragraphs the reviewer added) is
   aligned by text similarity between the matched ones (`diff.align_texts`).
3. A changed paragraph becomes a writer's edit (`Draft.set_edit`, with the text the
   template gives it, so fact references keep following); a new one is added where it
   stands; one deleted is marked deleted (a whole part: the part is left out), never lost;
   comments are attached to their paragraph; what fits nowhere is kept as unplaced.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import SourceImportError
from .assembly import assemble, head_block
from .diff import ADDED, PAIR_CUTOFF, REMOVED, align_texts, normalize_paragraph, similarity
from .edits import Edit
from .nodes import Document, Heading, block_text, editable_text, plain_text
from .nodes import generated_text as block_generated_text
from .roundtrip import (
    ADDED_PREFIX,
    BOOKMARK_PREFIX,
    DELETE,
    HEAD_IDS,
    INSERT,
    PARAGRAPH_DELETE,
    PARAGRAPH_INSERT,
    PART_DELETE,
    AddedParagraph,
    PendingChange,
    ReviewComment,
    RoundTrip,
    UnplacedEdit,
    bookmark_ids,
    canonical,
    strip_ordinal,
)
from .versions import snapshot

if TYPE_CHECKING:
    from .draft import Draft

#: Segment kinds as `workbench.readers` gives them (repeated: the core imports no reader).
TEXT, INSERTED, DELETED, MOVED_FROM, MOVED_TO = "text", "ins", "del", "moveFrom", "moveTo"
#: The text of a segment that stands for a revised paragraph mark.
PARAGRAPH_MARK = "\u2029"

#: How tracked changes are settled: left pending for the writer, or all accepted, or all
#: rejected.
PENDING, ACCEPT_ALL, REJECT_ALL = "pending", "accept", "reject"

#: Below this share of the draft's paragraphs found again (same or edited), a file is not
#: taken as an edited copy of this draft.
MIN_SHARED = 0.3

#: Of the paragraphs a file marks with workbench ids, at least this share must be the
#: draft's own.
MIN_KNOWN_IDS = 0.5

_ADDED_KINDS = frozenset({INSERTED, MOVED_TO})
_REMOVED_KINDS = frozenset({DELETED, MOVED_FROM})
_CONTEXT = 12


class _Segment(Protocol):
    kind: str
    text: str
    author: str
    date: str


class _Paragraph(Protocol):
    text: str
    segments: tuple[Any, ...]
    bookmarks: tuple[str, ...]
    position: Any


class _Comment(Protocol):
    id: str
    author: str
    date: str
    text: str
    paragraph: int | None
    anchor: str
    initials: str


class EditedFile(Protocol):
    """What `plan_revision` reads: a `workbench.readers.SourceDocument` (read with
    ``physical=True`` for a .docx)."""

    name: str
    kind: str
    paragraphs: tuple[Any, ...]
    comments: tuple[Any, ...]


# -- the result ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParagraphNote:
    """One paragraph in the summary: its id, number in the file, and a short excerpt."""

    paragraph: str
    number: int
    excerpt: str


@dataclass
class RevisionPlan:
    """What an edited file changes in the draft; `apply_plan` carries it out.

    `edits` paragraph id -> (new text, the template's text) for `Draft.set_edit`;
    `revised` paragraph id -> pending pieces (None drops the record); `added`, `deleted`,
    `parts_removed`, `changes`, `comments`, `unplaced`: new entries of the round-trip record;
    `order`: the parts' new order, when the reviewer moved a whole part.
    """

    source: str
    kind: str
    aligned_by_text: bool
    mode: str
    edits: dict[str, tuple[str, str]] = field(default_factory=dict)
    revised: dict[str, tuple[tuple[str, str, str], ...] | None] = field(default_factory=dict)
    added: list[AddedParagraph] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    parts_removed: list[str] = field(default_factory=list)
    changes: list[PendingChange] = field(default_factory=list)
    dropped_changes: set[str] = field(default_factory=set)
    comments: list[ReviewComment] = field(default_factory=list)
    unplaced: list[UnplacedEdit] = field(default_factory=list)
    decisions: dict[str, str] = field(default_factory=dict)
    order: list[str] | None = None
    changed: list[ParagraphNote] = field(default_factory=list)
    inserted: list[ParagraphNote] = field(default_factory=list)
    removed: list[ParagraphNote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    next_id: int = 1

    @property
    def is_empty(self) -> bool:
        """True when the file changes nothing in the draft (read twice: the second time)."""
        return not (self.edits or self.revised or self.added or self.deleted or self.parts_removed
                    or self.changes or self.dropped_changes or self.comments or self.unplaced
                    or self.order or self.decisions)

    @property
    def changes_text(self) -> bool:
        """True when the speech's text changes (so the versions before and after are kept)."""
        return bool(self.edits or self.added or self.deleted or self.parts_removed or self.order)


@dataclass
class RevisionReport:
    """What `apply_plan` did, for the one-screen summary and ``--json``."""

    source: str
    aligned_by_text: bool
    changed: list[ParagraphNote]
    inserted: list[ParagraphNote]
    removed: list[ParagraphNote]
    parts_removed: list[str]
    pending: dict[str, int]
    pending_total: int
    comments: dict[str, int]
    comments_total: int
    unplaced: list[UnplacedEdit]
    warnings: list[str]
    versions: list[str]
    mode: str
    unchanged: bool

    def to_json(self) -> dict[str, Any]:
        """Return the report as JSON data."""
        def notes(items: Iterable[ParagraphNote]) -> list[dict[str, Any]]:
            return [{"paragraph": n.paragraph, "number": n.number, "text": n.excerpt} for n in items]

        return {
            "source": self.source, "aligned_by": "text" if self.aligned_by_text else "bookmarks",
            "unchanged": self.unchanged, "mode": self.mode,
            "changed": notes(self.changed), "inserted": notes(self.inserted),
            "deleted": notes(self.removed), "parts_removed": list(self.parts_removed),
            "pending_changes": {"total": self.pending_total, "by_author": dict(self.pending)},
            "comments": {"total": self.comments_total, "by_author": dict(self.comments)},
            "unplaced": [{"id": u.id, "number": u.number, "text": u.text, "reason": u.reason}
                         for u in self.unplaced],
            "versions": list(self.versions), "warnings": list(self.warnings),
        }

    def lines(self, warnings: bool = True) -> list[str]:
        """Return the summary as a few lines of Chinese text (one screen); the warnings
        ("警告：…") too unless `warnings` is False."""
        how = "按文字相似度对齐" if self.aligned_by_text else "按段落标记对齐"
        out = [f"修改稿：{self.source}（{how}）"]
        if warnings:
            out += [f"警告：{w}" for w in self.warnings]
        if self.unchanged:
            out.append("修改稿与草稿一致，没有需要收回的改动；草稿未改动")
            return out
        counts = [f"改动 {len(self.changed)} 段", f"新增 {len(self.inserted)} 段",
                  f"删去 {len(self.removed)} 段"]
        if self.parts_removed:
            counts.append(f"取消部分 {len(self.parts_removed)} 个（{'、'.join(self.parts_removed)}）")
        out.append("，".join(counts))
        for label, items in (("改 第", self.changed), ("增 第", self.inserted),
                             ("删 原第", self.removed)):
            shown = items[:6]
            for note in shown:
                out.append(f"  {label}{note.number}段 {note.excerpt}")
            if len(items) > len(shown):
                out.append(f"  ……另有 {len(items) - len(shown)} 段")
        if self.pending_total:
            who = "，".join(f"{a} {n} 处" for a, n in self.pending.items())
            out.append(f"待定修订 {self.pending_total} 处：{who}（逐条接受或拒绝："
                       "在“草稿”页，或命令行 --accept-all / --reject-all）")
        elif self.mode != PENDING:
            out.append("修订已全部" + ("接受" if self.mode == ACCEPT_ALL else "拒绝"))
        if self.comments_total:
            who = "，".join(f"{a} {n} 条" for a, n in self.comments.items())
            out.append(f"批注 {self.comments_total} 条：{who}")
        if self.unplaced:
            out.append(f"未能放入草稿的段落 {len(self.unplaced)} 段（已保留，见“草稿”页）：")
            for u in self.unplaced[:4]:
                out.append(f"  第{u.number}段 {excerpt(u.text)}（{u.reason}）")
        if self.versions:
            out.append("已存版本：" + "、".join(self.versions))
        return out


def excerpt(text: str, limit: int = 24) -> str:
    """Return the start of `text` for a summary line."""
    text = normalize_paragraph(text)
    return text if len(text) <= limit else text[:limit] + "…"


# -- the file's paragraphs, tracked changes settled --------------------------------------------


@dataclass
class _Member:
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
class _Unit:
    """A paragraph of the file as the draft will read it (members joined)."""

    members: list[_Member]
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
class _Deletion:
    """A paragraph of the file whose whole text a reviewer deleted."""

    pid: str
    number: int
    text: str
    pending: bool
    author: str
    date: str
    fingerprints: tuple[str, ...]


def _fingerprint(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class _Settler:
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


def _members(source: EditedFile, settler: _Settler) -> list[_Member]:
    members = []
    for index, paragraph in enumerate(source.paragraphs):
        bookmark = next((b for b in paragraph.bookmarks if b.startswith(BOOKMARK_PREFIX)), None)
        member = _Member(index, int(paragraph.position.number), bookmark, [])
        raw = ""
        for segment in paragraph.segments:
            kind = segment.kind
            if segment.text == PARAGRAPH_MARK:
                fp = _fingerprint("mark", kind, segment.author, segment.date, bookmark or "",
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
                fp = _fingerprint(kind, segment.text, segment.author, segment.date, bookmark or "",
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


def _units(members: list[_Member], names: Mapping[str, str]) -> tuple[list[_Unit], list[_Deletion],
                                                                        dict[int, int | str]]:
    """Return the paragraphs of the reading, the deleted ones, and physical index -> unit
    index (or the id of the deleted paragraph) for the comments."""
    units: list[_Unit] = []
    deletions: list[_Deletion] = []
    where: dict[int, int | str] = {}
    run: list[_Member] = []

    def close(run: list[_Member]) -> None:
        visible = [m for m in run if m.visible.strip()]
        pieces: list[tuple[str, str, str, str, tuple[str, ...]]] = []
        for m in visible:
            pieces.extend(m.pieces)
        ids = [names[m.bookmark] for m in visible if m.bookmark in names]
        unit_index = len(units)
        if visible:
            units.append(_Unit(visible, pieces, ids, visible[0].number))
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
                deletions.append(_Deletion(
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


# -- the draft's paragraphs --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParagraphTarget:
    """A paragraph of the draft as the round trip sees it (an edited file's paragraph may be it)."""

    pid: str
    kind: str  # "head", "transition", "block", "added"
    text: str  # as the leader reads it (ordinal included), canonical
    prefix: str  # the computed ordinal the writer does not edit
    generated: str
    section: str


def paragraph_target(draft: Draft, document: Document, paragraph_id: str) -> ParagraphTarget | None:
    """Return what the round trip knows of paragraph `paragraph_id` of `draft` (assembled:
    `document`): its text as read, its computed ordinal, the template's text; or None."""
    return next((t for t in _targets(draft, document) if t.pid == paragraph_id), None)


def _targets(draft: Draft, document: Document) -> list[ParagraphTarget]:
    out = []
    for pid in HEAD_IDS:
        head = head_block(document, pid)
        if head is not None:
            text = plain_text(head.children)
            out.append(ParagraphTarget(pid, "head", canonical(text), "",
                               head.generated if head.edited else text, "opening"))
    added = {a.id: a for a in draft.roundtrip.added}
    for block in document.blocks:
        full, editable = block_text(block), editable_text(block)
        prefix = full[: len(full) - len(editable)] if full.endswith(editable) else ""
        kind = "transition" if block.id == "transition" else (
            "added" if block.id in added else "block")
        if kind == "added":
            generated = added[block.id].edit.render(draft.facts)
        else:
            generated = block_generated_text(block)
        out.append(ParagraphTarget(block.id, kind, canonical(full), prefix, generated, block.section))
    return out


# -- planning -----------------------------------------------------------------------------------


def plan_revision(draft: Draft, document: Document, source: EditedFile, *,
                  mode: str = PENDING) -> RevisionPlan:
    """Return what the edited file `source` changes in `draft` (assembled: `document`).

    Raises `SourceImportError` (one Chinese line) when the file holds no speech or is not
    an edited copy of this draft: the workbench ids it carries are another draft's, or
    too little of its text is found in the draft. The draft is not changed.
    """
    if mode not in (PENDING, ACCEPT_ALL, REJECT_ALL):
        raise ValueError(f"unknown mode {mode!r}")
    record = draft.roundtrip
    settler = _Settler(record, mode)
    members = _members(source, settler)
    targets = _targets(draft, document)
    hidden = _hidden_ids(draft, document)
    known = {t.pid for t in targets} | set(record.deleted) | set(hidden)
    names = bookmark_ids(known)
    units, deletions, where = _units(members, names)
    current = {t.pid for t in targets}
    for unit in units:
        if unit.ids and not any(pid in current for pid in unit.ids):
            pid = unit.ids[0]
            unit.stale = (f"所在部分“{hidden[pid]}”已在草稿中取消" if pid in hidden
                          else "这一段在草稿中已删除")
    if not units:
        raise SourceImportError(f"{source.name}: 文件里没有文字，不是讲稿")
    foreign = {m.bookmark for m in members if m.bookmark and m.bookmark not in names}
    ours = {m.bookmark for m in members if m.bookmark and m.bookmark in names}
    if foreign and len(ours) < MIN_KNOWN_IDS * (len(ours) + len(foreign)):
        raise SourceImportError(f"{source.name}: 文件中的段落标记与这份草稿不符，"
                                "可能是另一份草稿导出的修改稿")
    plan = RevisionPlan(source.name, source.kind, not ours, mode, next_id=record._next)
    wanted = {ACCEPT_ALL: "accept", REJECT_ALL: "reject"}
    plan.decisions = {fp: d for fp, d in settler.decided.items()
                      if record.decisions.get(fp) != wanted[d]}
    if not ours:
        plan.warnings.append("文件中没有讲稿工作台的段落标记（重新录入或由其他软件生成），"
                             "已按文字相似度对齐，请逐段核对")
    pairs = _match(units, targets, draft)
    shared = sum(1 for u, t in pairs if similarity(canonical(u.text), t.text) >= PAIR_CUTOFF
                 or canonical(u.text) == t.text)
    if len(units) >= 3 and shared < MIN_SHARED * len(targets):
        raise SourceImportError(f"{source.name}: 文件与这份草稿的文字大多不同，不像是它的修改稿"
                                "（可能是另一份草稿的，请确认打开的是对应的草稿）")
    matched = {id(u): t for u, t in pairs}
    _plan_paragraphs(plan, draft, units, targets, matched, deletions)
    _plan_parts(plan, draft, document, deletions)
    _plan_comments(plan, draft, source, units, where)
    # A whole paragraph or part still pending from an earlier reading is not listed twice.
    kept = {c.fingerprint for c in record.changes if c.id not in plan.dropped_changes}
    plan.changes = [c for c in plan.changes
                    if c.kind in (INSERT, DELETE) or c.fingerprint not in kept]
    return plan


def _hidden_ids(draft: Draft, document: Document) -> dict[str, str]:
    """Return id -> part title for the paragraphs of the parts the draft leaves out (a file
    exported before the writer left a part out still has them)."""
    left_out = [s for s in draft.sections if not s.include]
    if not left_out:
        return {}
    try:
        for section in left_out:
            section.include = True
        full = assemble(draft)
    finally:
        for section in left_out:
            section.include = False
    titles = {s.id: s.title for s in left_out}
    return {b.id: titles[b.section] for b in full.blocks if b.section in titles}


def _match(units: list[_Unit], targets: list[ParagraphTarget],
           draft: Draft) -> list[tuple[_Unit, ParagraphTarget]]:
    """Return the (unit, target) pairs: by bookmark where it holds, by text in between."""
    index = {t.pid: k for k, t in enumerate(targets)}
    by_id: dict[str, int] = {}
    for u, unit in enumerate(units):
        for pid in unit.ids:
            if pid in index and pid not in by_id:
                by_id[pid] = u
                unit.pid = pid
                break
    # A bookmark that moved to a neighbour (Enter pressed at the start of a paragraph)
    # leaves its paragraph's text next door.
    for u, unit in enumerate(units):
        if unit.pid is None:
            continue
        target = targets[index[unit.pid]]
        text = canonical(unit.text)
        if text == target.text or similarity(text, target.text) >= PAIR_CUTOFF:
            continue
        for v in (u - 1, u + 1):
            if 0 <= v < len(units) and units[v].pid is None and \
                    similarity(canonical(units[v].text), target.text) >= PAIR_CUTOFF:
                unit.pid = None
                break
    # Matched pairs out of order (a paragraph cut and pasted elsewhere) are not anchors.
    anchored = [(u, index[unit.pid]) for u, unit in enumerate(units) if unit.pid is not None]
    keep = set(_increasing([t for _, t in anchored]))
    anchors = [pair for k, pair in enumerate(anchored) if k in keep]
    for k, (u, _) in enumerate(anchored):
        if k not in keep:
            units[u].pid = None
    pairs: list[tuple[_Unit, ParagraphTarget]] = []
    bounds = [(-1, -1), *anchors, (len(units), len(targets))]
    for (u0, t0), (u1, t1) in pairwise(bounds):
        gap_units = [unit for unit in units[u0 + 1:u1] if not unit.stale]
        gap_targets = targets[t0 + 1:t1]
        if gap_units and gap_targets:
            for change in align_texts([t.text for t in gap_targets],
                                      [canonical(u.text) for u in gap_units]):
                if change.kind not in (ADDED, REMOVED):
                    unit = gap_units[change.new_number - 1]
                    unit.pid = gap_targets[change.old_number - 1].pid
                    pairs.append((unit, gap_targets[change.old_number - 1]))
        if u1 < len(units):
            pairs.append((units[u1], targets[t1]))
    order = {id(unit): k for k, unit in enumerate(units)}
    pairs.sort(key=lambda pair: order[id(pair[0])])
    return pairs


def _increasing(values: Sequence[int]) -> list[int]:
    """Return the indexes of a longest strictly increasing subsequence of `values`."""
    import bisect

    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[k] = value
            tail_index[k] = i
        parent[i] = tail_index[k - 1] if k else -1
    out = []
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        out.append(i)
        i = parent[i]
    return out[::-1]


def _plan_paragraphs(plan: RevisionPlan, draft: Draft, units: list[_Unit],
                     targets: list[ParagraphTarget], matched: Mapping[int, ParagraphTarget],
                     deletions: list[_Deletion]) -> None:
    record = draft.roundtrip
    deleted_now = set(record.deleted)
    seen_targets: set[str] = set()
    place: str | None = None  # where the next new paragraph goes: after this paragraph
    section = "opening"
    title_seen = False
    unplaced_texts = {(u.text, u.after) for u in record.unplaced}
    for unit in units:
        target = matched.get(id(unit))
        text = unit.text
        if target is not None:
            seen_targets.add(target.pid)
            place, section = target.pid, target.section
            title_seen = True
            _plan_match(plan, draft, unit, target)
            continue
        if unit.stale:
            if unit.stale.startswith("所在部分") and (text, place) not in unplaced_texts:
                plan.unplaced.append(UnplacedEdit(_new_id(plan, "u"), normalize_paragraph(text),
                                                  place, plan.source, unit.number, unit.stale))
            continue
        if not title_seen:
            reason = "在标题之前，草稿中没有这样的位置"
            if (normalize_paragraph(text), None) not in unplaced_texts:
                plan.unplaced.append(UnplacedEdit(_new_id(plan, "u"), normalize_paragraph(text),
                                                  None, plan.source, unit.number, reason))
            continue
        added_id = _new_id(plan, ADDED_PREFIX)
        unit.pid = added_id
        plan.added.append(AddedParagraph(added_id, place or "salutation", section,
                                         _edit(draft, unit_text_for(text), unit_text_for(text))))
        plan.inserted.append(ParagraphNote(added_id, unit.number, excerpt(text)))
        if unit.inserted_whole:
            first = unit.pieces[0]
            plan.changes.append(_change(plan, PARAGRAPH_INSERT, added_id, text, first[2], first[3],
                                        unit, tuple(fp for p in unit.pieces for fp in p[4])))
        elif unit.pending:
            _pending_pieces(plan, added_id, unit)
        place = added_id
    # Paragraphs deleted whole in the file (tracked): pending or settled. A deleted one is
    # numbered as it stood in the draft.
    by_pid = {t.pid: t for t in targets}
    position = {t.pid: n for n, t in enumerate(targets, 1)}
    for deletion in deletions:
        if deletion.pid in seen_targets:
            continue
        seen_targets.add(deletion.pid)
        target = by_pid.get(deletion.pid)
        if target is None:  # deleted in the draft already
            if deletion.pending and deletion.pid in deleted_now:
                plan.changes.append(_deletion_change(plan, deletion))
            continue
        if _can_delete(plan, target, deletion.number):
            plan.deleted.append(target.pid)
            plan.removed.append(ParagraphNote(target.pid, position[target.pid],
                                              excerpt(target.text)))
            if deletion.pending:
                plan.changes.append(_deletion_change(plan, deletion))
    # Paragraphs of the draft the file no longer has (deleted without tracking).
    for target in targets:
        if target.pid not in seen_targets and _can_delete(plan, target, 0):
            plan.deleted.append(target.pid)
            plan.removed.append(ParagraphNote(target.pid, position[target.pid],
                                              excerpt(target.text)))


def unit_text_for(text: str) -> str:
    """Return a new paragraph's text as the draft keeps it (whitespace at its ends dropped)."""
    return normalize_paragraph(text)


def _can_delete(plan: RevisionPlan, target: ParagraphTarget, number: int) -> bool:
    if target.kind in ("head", "transition"):
        what = {"title": "标题", "speaker": "题注", "salutation": "称谓"}.get(target.pid, "过渡句")
        plan.warnings.append(f"修改稿删去了{what}“{excerpt(target.text)}”；{what}由模板生成，"
                             "草稿中保留")
        return False
    return True


def _plan_match(plan: RevisionPlan, draft: Draft, unit: _Unit, target: ParagraphTarget) -> None:
    text = unit.text
    same = canonical(text) == target.text
    if target.kind == "transition":
        if not same:
            plan.unplaced.append(UnplacedEdit(
                _new_id(plan, "u"), normalize_paragraph(text), target.pid, plan.source, unit.number,
                "过渡句（“下面，我讲……”）随结构自动生成，请改结构或在此处手工处理"))
            plan.warnings.append(f"第{unit.number}段过渡句的改动未收回：过渡句随结构自动生成")
        return
    record = draft.roundtrip
    whole = target.kind == "added" and unit.inserted_whole and any(
        c.kind == PARAGRAPH_INSERT and c.paragraph == target.pid for c in record.changes)
    pieces = _stored_pieces(unit) if unit.pending and not whole else None
    current = _current_pieces(record, target.pid)
    if not same:
        new = strip_ordinal(canonical(text) if target.pid == "speaker" else
                            normalize_paragraph(text), target.prefix)
        plan.edits[target.pid] = (new, target.generated)
        plan.changed.append(ParagraphNote(target.pid, unit.number, excerpt(text)))
    if plan.kind != "docx" and pieces is None:
        return  # a text file has no tracked changes to say anything about pending ones
    if pieces != current:
        plan.revised[target.pid] = pieces
        plan.dropped_changes.update(cid for op, _, cid in record.revised.get(target.pid, ())
                                    if op != "=")
        if pieces is not None:
            _pending_pieces(plan, target.pid, unit, pieces)


def _current_pieces(record: RoundTrip, pid: str) -> tuple[tuple[str, str, str], ...] | None:
    """Return the record's pieces of `pid` with each change named by its fingerprint, as
    `_stored_pieces` spells a file's (None when nothing is pending there)."""
    pieces = record.revised.get(pid)
    if pieces is None:
        return None
    changes = {c.id: c for c in record.changes}
    out = []
    for op, text, cid in pieces:
        change = changes.get(cid)
        out.append((op, text, change.fingerprints[0] if change and change.fingerprints else cid))
    return tuple(out)


def _stored_pieces(unit: _Unit) -> tuple[tuple[str, str, str], ...]:
    """Return the unit's pieces as the record keeps them, change ids still to be given
    (the fingerprint stands in until `_pending_pieces`)."""
    out: list[tuple[str, str, str]] = []
    for op, text, _author, _date, fps in unit.pieces:
        if op == "=":
            if out and out[-1][0] == "=":
                out[-1] = ("=", out[-1][1] + text, "")
            else:
                out.append(("=", text, ""))
        else:
            out.append((op, text, fps[0] if fps else ""))
    return _normalized_pieces(out)


def _normalized_pieces(pieces: list[tuple[str, str, str]]) -> tuple[tuple[str, str, str], ...]:
    # Line breaks and whitespace at the ends are layout: the kept text loses them too, so
    # the pieces spell exactly the text the draft keeps.
    out = [(op, re.sub(r"[\r\n\v\f\u2028]+", "", text), cid) for op, text, cid in pieces]
    while out and out[0][0] == "=" and not out[0][1].strip():
        out.pop(0)
    if out and out[0][0] == "=":
        out[0] = ("=", out[0][1].lstrip(), "")
    while out and out[-1][0] == "=" and not out[-1][1].strip():
        out.pop()
    if out and out[-1][0] == "=":
        out[-1] = ("=", out[-1][1].rstrip(), "")
    return tuple(p for p in out if p[1])


def _pending_pieces(plan: RevisionPlan, pid: str, unit: _Unit,
                    pieces: tuple[tuple[str, str, str], ...] | None = None) -> None:
    """Give the pending pieces of `unit` (paragraph `pid`) change ids and list the changes."""
    if pieces is None:
        pieces = _stored_pieces(unit)
    by_fp = {fps[0]: (author, date) for op, _, author, date, fps in unit.pieces if op != "=" and fps}
    out = []
    for op, text, fp in pieces:
        if op == "=":
            out.append((op, text, ""))
            continue
        author, date = by_fp.get(fp, ("", ""))
        change = _change(plan, INSERT if op == "+" else DELETE, pid, text, author, date, unit, (fp,))
        plan.changes.append(change)
        out.append((op, text, change.id))
    plan.revised[pid] = tuple(out)


def _change(plan: RevisionPlan, kind: str, pid: str, text: str, author: str, date: str,
            unit: _Unit, fingerprints: tuple[str, ...]) -> PendingChange:
    return PendingChange(_new_id(plan, "c"), kind, pid, normalize_paragraph(text), author, date,
                         plan.source, unit.number, fingerprints)


def _deletion_change(plan: RevisionPlan, deletion: _Deletion) -> PendingChange:
    return PendingChange(_new_id(plan, "c"), PARAGRAPH_DELETE, deletion.pid,
                         normalize_paragraph(deletion.text), deletion.author, deletion.date,
                         plan.source, deletion.number, deletion.fingerprints)


def _new_id(plan: RevisionPlan, prefix: str) -> str:
    number = plan.next_id
    plan.next_id += 1
    return f"{prefix}{number}"


def _edit(draft: Draft, text: str, generated: str) -> Edit:
    from .text import clean_text

    labels = {spec.id: spec.label for spec in draft.facts.specs.values()}
    return Edit.from_text(clean_text(text).strip(), draft.facts, generated, labels)


def _plan_parts(plan: RevisionPlan, draft: Draft, document: Document,
                deletions: list[_Deletion]) -> None:
    """A part whose every paragraph was deleted is left out of the structure instead."""
    gone = set(plan.deleted)
    pending = {d.pid: d for d in deletions if d.pending}
    added = {a.id for a in draft.roundtrip.added} | {a.id for a in plan.added}
    by_part: dict[str, list[Any]] = {}
    for block in document.blocks:
        if block.section in document.part_ids and block.id not in added:
            by_part.setdefault(block.section, []).append(block)
    for part, blocks in by_part.items():
        if not all(b.id in gone for b in blocks) or not any(isinstance(b, Heading) for b in blocks):
            continue
        ids = {b.id for b in blocks}
        plan.deleted = [pid for pid in plan.deleted if pid not in ids]
        plan.parts_removed.append(part)
        changes = [c for c in plan.changes if c.kind == PARAGRAPH_DELETE and c.paragraph in ids]
        plan.changes = [c for c in plan.changes if c not in changes]
        if changes or any(pid in pending for pid in ids):
            first = changes[0] if changes else None
            heading = next(b for b in blocks if isinstance(b, Heading))
            plan.changes.append(PendingChange(
                _new_id(plan, "c"), PART_DELETE, part, block_text(heading),
                first.author if first else "", first.date if first else "", plan.source,
                first.number if first else 0,
                tuple(fp for c in changes for fp in c.fingerprints)))


def _plan_comments(plan: RevisionPlan, draft: Draft, source: EditedFile, units: list[_Unit],
                   where: Mapping[int, int | str]) -> None:
    record = draft.roundtrip
    known = {c.key for c in record.comments}
    resolved = {k for k, v in record.decisions.items() if v == "resolved"}
    for comment in source.comments:
        pid: str | None = None
        spot = where.get(comment.paragraph) if comment.paragraph is not None else None
        if isinstance(spot, str):
            pid = spot
        elif isinstance(spot, int):
            unit = units[spot]
            pid = unit.pid
        text = comment.text.strip()
        if not text:
            continue
        candidate = ReviewComment(_new_id(plan, "k"), pid, comment.author, comment.date, text,
                                  normalize_paragraph(comment.anchor), comment.initials,
                                  plan.source)
        if candidate.key in known or comment_fingerprint(candidate) in resolved:
            plan.next_id -= 1
            continue
        known.add(candidate.key)
        plan.comments.append(candidate)


def comment_fingerprint(comment: ReviewComment) -> str:
    """Return what remembers a comment the writer marked done (so it does not come back)."""
    return _fingerprint("comment", *(x or "" for x in comment.key))


# -- carrying it out ----------------------------------------------------------------------------


def apply_plan(draft: Draft, document: Document, plan: RevisionPlan, note: str | None = None,
               ) -> RevisionReport:
    """Carry out `plan` on `draft` (assembled: `document`) and return the report.

    When the text changes, the text before is kept as a version first (unless the newest
    version already holds it) and the text after becomes the next one, with `note`
    (default: the file's name).
    """
    record = draft.roundtrip
    versions: list[str] = []
    if not plan.is_empty:
        if plan.changes_text:
            texts = tuple(text for _, text in snapshot(document))
            if not draft.versions or draft.versions[-1].texts != texts:
                versions.append(draft.add_version(f"收回“{plan.source}”之前",
                                                  document=document).label)
        for pid, (text, generated) in plan.edits.items():
            draft.set_edit(pid, text, generated)
        if plan.dropped_changes:
            record.changes = [c for c in record.changes if c.id not in plan.dropped_changes]
        for pid, pieces in plan.revised.items():
            if pieces is None:
                record.revised.pop(pid, None)
            else:
                record.revised[pid] = pieces
        record.added.extend(plan.added)
        record.deleted.extend(pid for pid in plan.deleted if pid not in record.deleted)
        for part in plan.parts_removed:
            draft.section(part).include = False
        record.changes.extend(plan.changes)
        record.comments.extend(plan.comments)
        record.unplaced.extend(plan.unplaced)
        record.decisions.update(plan.decisions)
        record.trim_decisions()
        record._next = max(record._next, plan.next_id)
        if plan.changes_text:
            after = assemble(draft)
            versions.append(draft.add_version(note or plan.source, document=after).label)
    titles = {p.id: p.title for p in draft.template.parts}
    return RevisionReport(
        source=plan.source, aligned_by_text=plan.aligned_by_text, changed=plan.changed,
        inserted=plan.inserted, removed=plan.removed,
        parts_removed=[titles.get(p, p) for p in plan.parts_removed],
        pending=record.authors(), pending_total=len(record.changes),
        comments=_count_authors(record.comments), comments_total=len(record.comments),
        unplaced=list(plan.unplaced), warnings=plan.warnings, versions=versions,
        mode=plan.mode, unchanged=plan.is_empty)


def _count_authors(comments: Iterable[ReviewComment]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in comments:
        counts[c.author or "（未署名）"] = counts.get(c.author or "（未署名）", 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


__all__ = [
    "ACCEPT_ALL", "PENDING", "REJECT_ALL", "EditedFile", "ParagraphNote", "RevisionPlan",
    "RevisionReport", "apply_plan", "excerpt", "plan_revision",
]
