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

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..errors import SourceImportError
from .assembly import assemble, head_block
from .diff import ADDED, PAIR_CUTOFF, REMOVED, align_texts, normalize_paragraph, similarity
from .edited import (
    ACCEPT_ALL,
    PENDING,
    REJECT_ALL,
    Deletion,
    EditedFile,
    Settler,
    Unit,
    fingerprint,
    read_members,
    read_units,
)
from .edits import Edit
from .nodes import Document, Heading, block_text, editable_text, plain_text
from .nodes import generated_text as block_generated_text
from .revise_report import ParagraphNote, RevisionPlan, RevisionReport, excerpt
from .roundtrip import (
    ADDED_PREFIX,
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

#: Below this share of the draft's paragraphs found again (same or edited), a file is not
#: taken as an edited copy of this draft.
MIN_SHARED = 0.3

#: Of the paragraphs a file marks with workbench ids, at least this share must be the
#: draft's own.
MIN_KNOWN_IDS = 0.5

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
    settler = Settler(record, mode)
    members = read_members(source, settler)
    targets = _targets(draft, document)
    hidden = _hidden_ids(draft, document)
    known = {t.pid for t in targets} | set(record.deleted) | set(hidden)
    names = bookmark_ids(known)
    units, deletions, where = read_units(members, names)
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
    order = _moved_parts(units, targets, draft, document)
    if order is not None:
        # The reviewer moved whole parts: the draft takes their order (the parts are
        # renumbered); the file is matched against the draft in that order.
        saved = [s.id for s in draft.sections]
        try:
            draft.reorder(order)
            targets = _targets(draft, assemble(draft))
        finally:
            draft.reorder(saved)
        plan.order = order
        titles = {p.id: p.title for p in draft.template.parts}
        plan.warnings.append("修改稿调整了部分的顺序，草稿已按新顺序排列："
                             + "、".join(titles[p] for p in order if draft.section(p).include))
    pairs = _match(units, targets, draft)
    shared = sum(1 for u, t in pairs if canonical(u.text) == t.text
                 or similarity(canonical(u.text), t.text) >= PAIR_CUTOFF)
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


def _moved_parts(units: list[Unit], targets: list[ParagraphTarget], draft: Draft,
                 document: Document) -> list[str] | None:
    """Return the sections' new order when the file holds every included part whole, in
    another order (a part cut and pasted elsewhere), else None."""
    included = list(document.part_ids)
    section_of = {t.pid: t.section for t in targets if t.kind in ("block", "added")}
    seen: list[str] = []
    for unit in units:
        part = section_of.get(unit.ids[0]) if unit.ids else None
        if part in included and (not seen or seen[-1] != part):
            seen.append(part)
    if seen == included or len(seen) != len(set(seen)) or sorted(seen) != sorted(included):
        return None
    moved = iter(seen)
    return [next(moved) if s.id in included else s.id for s in draft.sections]


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


def _match(units: list[Unit], targets: list[ParagraphTarget],
           draft: Draft) -> list[tuple[Unit, ParagraphTarget]]:
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
        loose = [v for v in (u - 1, u + 1) if 0 <= v < len(units) and units[v].pid is None]
        if not loose:
            continue
        target = targets[index[unit.pid]]
        text = canonical(unit.text)
        if text == target.text or similarity(text, target.text) >= PAIR_CUTOFF:
            continue
        if any(similarity(canonical(units[v].text), target.text) >= PAIR_CUTOFF for v in loose):
            unit.pid = None
    # Matched pairs out of order (a paragraph cut and pasted elsewhere) are not anchors.
    anchored = [(u, index[unit.pid]) for u, unit in enumerate(units) if unit.pid is not None]
    keep = set(_increasing([t for _, t in anchored]))
    anchors = [pair for k, pair in enumerate(anchored) if k in keep]
    for k, (u, _) in enumerate(anchored):
        if k not in keep:
            units[u].pid = None
    pairs: list[tuple[Unit, ParagraphTarget]] = []
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


def _plan_paragraphs(plan: RevisionPlan, draft: Draft, units: list[Unit],
                     targets: list[ParagraphTarget], matched: Mapping[int, ParagraphTarget],
                     deletions: list[Deletion]) -> None:
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


def _plan_match(plan: RevisionPlan, draft: Draft, unit: Unit, target: ParagraphTarget) -> None:
    text = unit.text
    # The draft numbers its paragraphs itself: another ordinal (renumbered) is no edit.
    same = canonical(text) == target.text or (bool(target.prefix) and (
        strip_ordinal(canonical(text), target.prefix) == target.text[len(target.prefix):]))
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


def _stored_pieces(unit: Unit) -> tuple[tuple[str, str, str], ...]:
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


def _pending_pieces(plan: RevisionPlan, pid: str, unit: Unit,
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
            unit: Unit, fingerprints: tuple[str, ...]) -> PendingChange:
    return PendingChange(_new_id(plan, "c"), kind, pid, normalize_paragraph(text), author, date,
                         plan.source, unit.number, fingerprints)


def _deletion_change(plan: RevisionPlan, deletion: Deletion) -> PendingChange:
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
                deletions: list[Deletion]) -> None:
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


def _plan_comments(plan: RevisionPlan, draft: Draft, source: EditedFile, units: list[Unit],
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
    return fingerprint("comment", *(x or "" for x in comment.key))


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
        if plan.order is not None:
            draft.reorder(plan.order)
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
