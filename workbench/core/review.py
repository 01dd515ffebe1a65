"""The writer's review of a reviewer's file (审阅修改稿): accept or reject each pending
tracked change, mark comments done, add notes, restore deleted paragraphs. Pure.

A pending change is shown accepted (core/roundtrip.py): accepting it only takes it off
the list; rejecting it takes it out of the text (a paragraph's edit, an added paragraph, a
deletion, a part left out). Either way the decision is remembered, so reading the same file
again does not bring the change back.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import WorkbenchError
from .nodes import Document
from .revise import paragraph_target
from .roundtrip import (
    DELETE,
    INSERT,
    PARAGRAPH_DELETE,
    PARAGRAPH_INSERT,
    PART_DELETE,
    AddedParagraph,
    PendingChange,
    ReviewComment,
    canonical,
    provisional_text,
    settle,
    strip_ordinal,
)
from .text import clean_text

if TYPE_CHECKING:
    from .draft import Draft

#: Longest note a writer adds to a paragraph.
MAX_NOTE_CHARS = 2000


def decide(draft: Draft, document: Document, change_id: str, accept: bool) -> PendingChange:
    """Accept or reject the pending change `change_id` of `draft` (assembled: `document`)
    and return it. Raises `WorkbenchError` (in Chinese) when it cannot be done: the change is
    gone, or its paragraph was rewritten since so the rejected text cannot be found."""
    record = draft.roundtrip
    try:
        change = record.change(change_id)
    except KeyError:
        raise WorkbenchError("这处修订已处理过或已不存在") from None
    if change.kind in (INSERT, DELETE):
        _decide_in_paragraph(draft, document, change, accept)
    elif not accept:
        _reject_paragraph(draft, change)
    record.changes = [c for c in record.changes if c.id != change.id]
    record.remember(change, "accept" if accept else "reject")
    return change


def decide_all(draft: Draft, document: Document, accept: bool) -> int:
    """Accept (or reject) every pending change; return how many. A change that cannot be
    rejected (its paragraph rewritten since) is left pending."""
    from .assembly import assemble

    done = 0
    for change in list(draft.roundtrip.changes):
        if change.id not in {c.id for c in draft.roundtrip.changes}:
            continue
        try:
            decide(draft, document, change.id, accept)
        except WorkbenchError:
            continue
        done += 1
        if not accept:
            document = assemble(draft)
    return done


def _decide_in_paragraph(draft: Draft, document: Document, change: PendingChange,
                         accept: bool) -> None:
    record = draft.roundtrip
    pid = change.paragraph
    pieces = record.revised.get(pid, ())
    after = settle(pieces, change.id, accept)
    # Pending changes are shown accepted: only a rejection changes the text.
    if not accept:
        target = paragraph_target(draft, document, pid)
        if target is None:
            raise WorkbenchError("这处修订所在的段落已不在讲稿中，无法拒绝")
        before_text = canonical(provisional_text(pieces))
        new_text = canonical(provisional_text(after))
        if target.text != before_text:
            new_text = _relocate(target.text, pieces, change.id, accept)
        draft.set_edit(pid, strip_ordinal(new_text, target.prefix), target.generated)
    if any(op != "=" for op, _, _ in after):
        record.revised[pid] = after
    else:
        record.revised.pop(pid, None)


def _relocate(current: str, pieces: tuple[tuple[str, str, str], ...], change_id: str,
              accept: bool) -> str:
    """Return `current` (the paragraph as it reads now, edited since the file came back or
    showing a new fact value) with the change undone where its surroundings are found
    again, exactly once; the surroundings shrink until they are found."""
    shown = ""
    for k, (op, text, cid) in enumerate(pieces):
        if cid == change_id:
            before_all = shown
            after_all = provisional_text(pieces[k + 1:])
            for left, right in _CONTEXTS:
                before = before_all[len(before_all) - left:] if left else ""
                after = after_all[:right]
                if op == "+":  # rejecting an insertion: take it out
                    old, new = before + text + after, before + after
                else:  # rejecting a deletion: put it back
                    old, new = before + after, before + text + after
                if old and current.count(old) == 1:
                    return current.replace(old, new)
            break
        if op != "-":
            shown += text
    raise WorkbenchError("这一段在收回修改稿后又改过，找不到这处修订的位置，请在“逐段修改”中手工修改")


#: The context tried around a change, characters (before, after), longest first.
_CONTEXTS = ((8, 8), (8, 0), (0, 8), (4, 4), (4, 0), (0, 4), (2, 2))


def _reject_paragraph(draft: Draft, change: PendingChange) -> None:
    record = draft.roundtrip
    pid = change.paragraph
    if change.kind == PARAGRAPH_INSERT:
        # What followed the paragraph, and its comments, move to the one it followed.
        anchor = next((a.after for a in record.added if a.id == pid), None)
        record.added = [a if a.after != pid else _follow(a, anchor) for a in record.added
                        if a.id != pid]
        draft.edits.pop(pid, None)
        record.revised.pop(pid, None)
        dropped = {c.id for c in record.changes if c.paragraph == pid and c.id != change.id}
        record.changes = [c for c in record.changes if c.id not in dropped]
        record.comments = [c if c.paragraph != pid else _moved(c, anchor) for c in record.comments]
    elif change.kind == PARAGRAPH_DELETE:
        record.deleted = [p for p in record.deleted if p != pid]
    elif change.kind == PART_DELETE:
        draft.section(pid).include = True


def _moved(comment: ReviewComment, paragraph: str | None) -> ReviewComment:
    return replace(comment, paragraph=paragraph)


def _follow(added: AddedParagraph, anchor: str | None) -> AddedParagraph:
    return replace(added, after=anchor or "salutation")


def resolve_comment(draft: Draft, comment_id: str) -> ReviewComment:
    """Take comment `comment_id` off the draft (处理完毕); reading its file again does not
    bring it back. Raises `WorkbenchError` when there is no such comment."""
    from .revise import comment_fingerprint

    record = draft.roundtrip
    comment = next((c for c in record.comments if c.id == comment_id), None)
    if comment is None:
        raise WorkbenchError("这条批注已处理过或已不存在")
    record.comments = [c for c in record.comments if c.id != comment_id]
    record.decisions[comment_fingerprint(comment)] = "resolved"
    record.trim_decisions()
    return comment


def add_note(draft: Draft, paragraph_id: str | None, text: str, author: str | None = None,
             moment: _dt.datetime | None = None) -> ReviewComment:
    """Add the writer's own note on paragraph `paragraph_id` (it goes out as a Word comment
    in the tracked-changes export); raises `WorkbenchError` for an empty note."""
    text = clean_text(text).strip()[:MAX_NOTE_CHARS]
    if not text:
        raise WorkbenchError("批注内容不能为空")
    record = draft.roundtrip
    when = (moment or _dt.datetime.now(_dt.UTC)).astimezone(_dt.UTC)
    note = ReviewComment(record.new_id("k"), paragraph_id, author or record.author,
                         when.strftime("%Y-%m-%dT%H:%M:%SZ"), text, mine=True)
    record.comments.append(note)
    return note


def restore_paragraph(draft: Draft, paragraph_id: str) -> None:
    """Show a paragraph the reviewer deleted again (a pending deletion of it is rejected)."""
    record = draft.roundtrip
    if paragraph_id not in record.deleted:
        raise WorkbenchError("这一段没有被删去")
    for change in [c for c in record.changes if c.kind == PARAGRAPH_DELETE
                   and c.paragraph == paragraph_id]:
        record.changes.remove(change)
        record.remember(change, "reject")
    record.deleted = [p for p in record.deleted if p != paragraph_id]


def dismiss_unplaced(draft: Draft, unplaced_id: str) -> None:
    """Drop the unplaced paragraph `unplaced_id` (the writer has dealt with it)."""
    record = draft.roundtrip
    before = len(record.unplaced)
    record.unplaced = [u for u in record.unplaced if u.id != unplaced_id]
    if len(record.unplaced) == before:
        raise WorkbenchError("这一段已处理过或已不存在")
