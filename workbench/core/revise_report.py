"""What bringing an edited file back did (修改稿回收的结果): the plan and the report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .diff import normalize_paragraph
from .edited import ACCEPT_ALL, PENDING
from .roundtrip import AddedParagraph, PendingChange, ReviewComment, UnplacedEdit


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
