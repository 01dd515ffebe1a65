"""The round-trip record in a draft: bookmark names, the JSON key, added and deleted
paragraphs in the assembled tree, and the writer's decisions on pending changes."""

from __future__ import annotations

import json
import re

import pytest

from workbench import Draft
from workbench.core import review
from workbench.core.edits import Edit
from workbench.core.nodes import block_text
from workbench.core.roundtrip import (
    DEFAULT_AUTHOR,
    MAX_BOOKMARK_CHARS,
    PARAGRAPH_DELETE,
    PARAGRAPH_INSERT,
    AddedParagraph,
    PendingChange,
    ReviewComment,
    RoundTrip,
    bookmark_ids,
    bookmark_name,
    canonical,
    settle,
    strip_ordinal,
)
from workbench.core.versions import snapshot
from workbench.errors import WorkbenchError

WORD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")


@pytest.mark.parametrize("pid, name", [
    ("title", "wb_title"),
    ("tasks.hazards", "wb_tasks_hazards"),
    ("opening.0", "wb_opening_0"),
])
def test_plain_ids_read_in_their_bookmark(pid, name):
    assert bookmark_name(pid) == name


@pytest.mark.parametrize("pid", [
    "work-safety.h", "a_b.c", "added:12", "x" * 80, "part-with-a-very-long-name.point-with-a-long-name.3",
    "中文.段落",
])
def test_every_id_gets_a_name_word_keeps(pid):
    name = bookmark_name(pid)
    assert WORD_NAME.match(name) and len(name) <= MAX_BOOKMARK_CHARS
    assert bookmark_ids([pid]) == {name: pid}


def test_ids_that_would_clash_get_different_names():
    ids = ["a.b", "a_b", "a-b", "x" * 60, "x" * 61]
    assert len({bookmark_name(pid) for pid in ids}) == len(ids)


def test_canonical_reads_chinese_dates_as_figures_and_ignores_layout():
    assert canonical("（二〇二六年三月六日）\n") == "（2026年3月6日）"
    assert canonical("　　二〇二六年十二月三十一日") == "2026年12月31日"
    assert canonical("一\n二") == "一二"


@pytest.mark.parametrize("text, prefix, expected", [
    ("一、提高站位", "一、", "提高站位"),
    ("三、提高站位", "二、", "提高站位"),  # renumbered by the reviewer
    ("（二）压实责任。要求", "（一）", "压实责任。要求"),
    ("二是压实属地责任。", "一是", "压实属地责任。"),
    ("同志们：", "", "同志们："),
])
def test_strip_ordinal(text, prefix, expected):
    assert strip_ordinal(text, prefix) == expected


def test_settle_accepts_or_rejects_one_change_and_joins_kept_text():
    pieces = (("=", "安全", ""), ("-", "有力", "c1"), ("+", "生产", "c2"), ("=", "工作", ""))
    assert settle(pieces, "c1", accept=False) == (("=", "安全有力", ""), ("+", "生产", "c2"),
                                                   ("=", "工作", ""))
    assert settle(pieces, "c2", accept=True) == (("=", "安全", ""), ("-", "有力", "c1"),
                                                  ("=", "生产工作", ""))


# -- the draft file ---------------------------------------------------------------------------


def _record() -> RoundTrip:
    record = RoundTrip()
    record.added.append(AddedParagraph("added:1", "why.h", "why", Edit(["新增的一段。"])))
    record.deleted.append("what.a.0")
    record.changes.append(PendingChange("c2", "ins", "opening.0", "的", "王主任", "2026-03-06T09:30:00Z",
                                        "修改稿.docx", 5, ("f1",)))
    record.revised["opening.0"] = (("=", "今天", ""), ("+", "的", "c2"), ("=", "会议", ""))
    record.comments.append(ReviewComment("k3", "opening.0", "王主任", "2026-03-06T09:30:00Z",
                                         "再压缩", "今天", "WZR", "修改稿.docx"))
    record.decisions["f9"] = "reject"
    return record


def test_a_draft_without_a_round_trip_writes_no_key(sample_draft):
    assert "roundtrip" not in sample_draft.to_json()


def test_the_record_survives_the_file_and_an_old_reader_ignores_it(sample_draft, dict_loader):
    sample_draft.roundtrip = _record()
    data = json.loads(sample_draft.dumps())
    assert data["version"] == 1 and "roundtrip" in data
    again = Draft.loads(json.dumps(data), dict_loader)
    stored = again.roundtrip.to_json()
    assert stored.pop("next") == 4  # past every id in use
    assert stored == {k: v for k, v in sample_draft.roundtrip.to_json().items() if k != "next"}
    assert not again.notes
    # What a reader from before the round trip sees: the same text, minus the key.
    del data["roundtrip"]
    assert Draft.loads(json.dumps(data), dict_loader).roundtrip.is_empty


def test_a_damaged_record_costs_a_note_never_the_draft(sample_draft, dict_loader):
    data = sample_draft.to_json()
    data["roundtrip"] = {"added": [{"id": 3}], "changes": "x", "deleted": ["a", 4],
                         "revised": {"p": [["?", "x"]]}, "comments": [{"id": "k1", "text": "好"}]}
    draft = Draft.from_json(data, dict_loader)
    assert draft.notes == ["修改稿回收的部分记录有误，已略去"]
    assert [c.text for c in draft.roundtrip.comments] == ["好"]
    data["roundtrip"] = "garbage"
    assert Draft.from_json(data, dict_loader).notes == ["修改稿回收的记录有误，已略去"]


def test_changes_inside_a_paragraph_need_their_pieces(sample_draft, dict_loader):
    record = _record()
    record.revised.clear()
    sample_draft.roundtrip = record
    again = Draft.loads(sample_draft.dumps(), dict_loader)
    assert again.roundtrip.changes == []


# -- the assembled tree -------------------------------------------------------------------------


def test_added_paragraphs_follow_their_paragraph_and_deleted_ones_are_left_out(sample_draft):
    ids = [b.id for b in sample_draft.document().blocks]
    record = sample_draft.roundtrip
    record.added += [AddedParagraph("added:1", "why.h", "why", Edit(["在此新增。"])),
                     AddedParagraph("added:2", "added:1", "why", Edit(["接着新增。"])),
                     AddedParagraph("added:3", "salutation", "opening", Edit(["开头之前。"]))]
    record.deleted.append(ids[-1])
    blocks = sample_draft.document().blocks
    got = [b.id for b in blocks]
    assert got[0] == "added:3"
    assert got[got.index("why.h") + 1: got.index("why.h") + 3] == ["added:1", "added:2"]
    assert ids[-1] not in got
    assert next(b for b in blocks if b.id == "added:1").section == "why"


def test_an_added_paragraph_keeps_following_a_fact(sample_draft):

    edit = Edit.from_text("请青山县尽快落实。", sample_draft.facts, "请青山县尽快落实。")
    sample_draft.roundtrip.added.append(AddedParagraph("added:1", "why.h", "why", edit))
    sample_draft.facts["place"] = "白水县"
    assert "请白水县尽快落实。" in sample_draft.render("text")


def test_the_title_speaker_and_salutation_take_edits(sample_draft):
    generated = sample_draft.generated_text("title")
    sample_draft.set_edit("title", "在青山县安全工作会议上的讲话", generated)
    document = sample_draft.document()
    assert block_text(document.title) == "在青山县安全工作会议上的讲话"
    assert document.title.edited and document.title.generated == generated
    assert list(sample_draft.iter_orphan_edits()) == []
    sample_draft.facts["place"] = "白水县"
    assert block_text(sample_draft.document().title) == "在白水县安全工作会议上的讲话"


# -- the writer's decisions -----------------------------------------------------------------------


def _pending(draft: Draft, pid: str, old: str, new: str) -> None:
    """Make `pid` read as a reviewer's pending replacement of `old` by `new`."""
    text = dict(snapshot(draft.document()))[pid]
    before, _, after = text.partition(old)
    record = draft.roundtrip
    record.changes += [PendingChange("c1", "del", pid, old, "王主任", fingerprints=("d",)),
                       PendingChange("c2", "ins", pid, new, "王主任", fingerprints=("i",))]
    record.revised[pid] = (("=", before, ""), ("-", old, "c1"), ("+", new, "c2"), ("=", after, ""))
    draft.set_edit(pid, before + new + after)


def test_rejecting_a_replacement_restores_the_text(sample_draft):
    _pending(sample_draft, "opening.0", "主要任务", "中心任务")
    review.decide(sample_draft, sample_draft.document(), "c2", accept=False)
    review.decide(sample_draft, sample_draft.document(), "c1", accept=False)
    assert "opening.0" not in sample_draft.edits  # back to the template's text
    assert sample_draft.roundtrip.changes == [] and sample_draft.roundtrip.revised == {}
    assert sample_draft.roundtrip.decisions == {"i": "reject", "d": "reject"}


def test_accepting_keeps_the_text_and_takes_the_change_off_the_list(sample_draft):
    _pending(sample_draft, "opening.0", "主要任务", "中心任务")
    review.decide(sample_draft, sample_draft.document(), "c1", accept=True)
    review.decide(sample_draft, sample_draft.document(), "c2", accept=True)
    assert "中心任务" in sample_draft.render("text") and "主要任务" not in sample_draft.render("text")
    assert sample_draft.roundtrip.changes == []


def test_rejecting_after_a_fact_changed_finds_the_change_again(sample_draft):
    _pending(sample_draft, "opening.0", "主要任务", "中心任务")
    sample_draft.facts["place"] = "白水县"
    review.decide(sample_draft, sample_draft.document(), "c2", accept=False)
    review.decide(sample_draft, sample_draft.document(), "c1", accept=False)
    text = sample_draft.render("text")
    assert "主要任务是部署白水县" in text


def test_rejecting_in_a_rewritten_paragraph_says_so_and_changes_nothing(sample_draft):
    _pending(sample_draft, "opening.0", "主要任务", "中心任务")
    sample_draft.set_edit("opening.0", "完全重写的一段。")
    with pytest.raises(WorkbenchError, match="找不到这处修订"):
        review.decide(sample_draft, sample_draft.document(), "c2", accept=False)
    assert len(sample_draft.roundtrip.changes) == 2


def test_paragraph_changes_reject_to_what_was_there(sample_draft):
    ids = [b.id for b in sample_draft.document().blocks]
    record = sample_draft.roundtrip
    record.added.append(AddedParagraph("added:1", ids[0], "opening", Edit(["新增。"])))
    record.deleted.append(ids[2])
    record.changes += [PendingChange("c1", PARAGRAPH_INSERT, "added:1", "新增。"),
                       PendingChange("c2", PARAGRAPH_DELETE, ids[2], "x")]
    record.comments.append(ReviewComment("k1", "added:1", "王主任", "", "为何新增？"))
    review.decide(sample_draft, sample_draft.document(), "c1", accept=False)
    review.decide(sample_draft, sample_draft.document(), "c2", accept=False)
    assert record.added == [] and record.deleted == []
    assert record.comments[0].paragraph == ids[0]  # the comment stays, on the paragraph before


def test_unknown_changes_and_comments_are_a_message():
    draft_record = RoundTrip()
    assert draft_record.author == DEFAULT_AUTHOR
    with pytest.raises(KeyError):
        draft_record.change("c9")


def test_notes_resolve_and_restore(sample_draft):
    note = review.add_note(sample_draft, "opening.0", "  数字再核实  ")
    assert note.mine and note.text == "数字再核实" and note.author == DEFAULT_AUTHOR
    with pytest.raises(WorkbenchError):
        review.add_note(sample_draft, "opening.0", "   ")
    review.resolve_comment(sample_draft, note.id)
    assert sample_draft.roundtrip.comments == []
    with pytest.raises(WorkbenchError):
        review.resolve_comment(sample_draft, note.id)
    sample_draft.roundtrip.deleted.append("opening.0")
    review.restore_paragraph(sample_draft, "opening.0")
    assert "opening.0" in [b.id for b in sample_draft.document().blocks]
