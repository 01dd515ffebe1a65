"""`workbench revise` and `Draft.revise`: an exported speech edited as a reviewer does in Word
(python-docx's XML layer, tests/support/tracked.py) comes back into its draft: edits on their
paragraphs, new paragraphs where they stand, deletions marked, tracked changes pending,
comments attached; a retyped or plain-text copy aligned by its text; bad files refused
with the draft untouched; the same file twice changes nothing."""

from __future__ import annotations

import copy
import datetime
import io
import json
import re
import zipfile

import pytest

from tests.support.tracked import AUTHOR, DocxEditor
from workbench import Draft, load_library
from workbench.cli import main
from workbench.core.roundtrip import INSERT, PARAGRAPH_DELETE, PARAGRAPH_INSERT, PART_DELETE
from workbench.core.versions import snapshot
from workbench.errors import SourceImportError

LIBRARY = load_library()
TEMPLATE = "work-safety-plenary"


def new_draft() -> Draft:
    draft = Draft(LIBRARY[TEMPLATE])
    draft.facts.fill_examples()
    return draft


def exported(draft: Draft) -> bytes:
    buffer = io.BytesIO()
    draft.export_docx(buffer)
    return buffer.getvalue()


def texts(draft: Draft) -> dict[str, str]:
    return dict(snapshot(draft.document()))


@pytest.fixture
def draft() -> Draft:
    return new_draft()


# The phrases the reviewer works on, taken from the speech (its wording may change freely).
_TEXTS = texts(new_draft())


def _first(pid: str) -> str:
    return re.findall(r"[^。！？]*[。！？]", _TEXTS[pid])[0]


EDITED = _first("awareness.intro.0")[:-1]  # a sentence without its 。
REWRITTEN = EDITED + "，更是落实的总开关"
ANCHOR = _first("opening.2")[:8]  # the start of a paragraph of the opening
DUTY = _TEXTS["awareness.duty"][:10]
HAZARDS = _TEXTS["tasks.hazards"][:10]
CLOSING = _TEXTS["closing.0"][:10]
TRANSITION = _TEXTS["transition"]


def test_an_untouched_export_changes_nothing(draft):
    report = draft.revise(exported(draft), "一稿.docx")
    assert report.unchanged and not report.aligned_by_text
    assert draft.edits == {} and draft.versions == [] and draft.roundtrip.is_empty


def test_plain_edits_land_on_their_paragraphs_and_keep_following_facts(draft):
    before = texts(draft)
    editor = DocxEditor(exported(draft))
    editor.replace(EDITED, REWRITTEN, tracked=False)
    editor.insert(ANCHOR, "关键在落实，", tracked=False)
    editor.replace("县委副书记、县长", "县委副书记、代县长", tracked=False)
    report = draft.revise(editor.save(), "修改稿.docx")
    assert [n.paragraph for n in report.changed] == ["speaker", "opening.2", "awareness.intro.0"]
    assert draft.roundtrip.changes == []  # nothing tracked, nothing pending
    after = texts(draft)
    assert after["awareness.intro.0"] == before["awareness.intro.0"].replace(EDITED, REWRITTEN)
    assert ANCHOR + "关键在落实，" in after["opening.2"]
    assert after["speaker"] == before["speaker"].replace("县长", "代县长")
    # The edit keeps the facts the template put there as references: a new date reaches
    # the edited speaker line too.
    draft.facts["date"] = datetime.date(2026, 3, 9)
    assert texts(draft)["speaker"] == "县委副书记、代县长\u3000王建国（2026年3月9日）"
    assert [v.note for v in draft.versions] == ["收回“修改稿.docx”之前", "修改稿.docx"]
    assert draft.versions[0].texts == tuple(before.values())


def test_tracked_changes_stay_pending_shown_accepted(draft):
    editor = DocxEditor(exported(draft))
    editor.replace(EDITED, REWRITTEN)
    editor.add_paragraph(ANCHOR, "各地要把整治进展每周报县安委办。")
    editor.delete_paragraph(DUTY)
    report = draft.revise(editor.save(), "修改稿.docx")
    record = draft.roundtrip
    kinds = sorted(c.kind for c in record.changes)
    assert kinds == sorted(["del", "ins", PARAGRAPH_INSERT, PARAGRAPH_DELETE])
    assert {c.author for c in record.changes} == {AUTHOR} and report.pending == {AUTHOR: 4}
    assert all(c.date == "2026-03-06T09:30:00Z" for c in record.changes)
    shown = texts(draft)
    assert REWRITTEN in shown["awareness.intro.0"]
    assert "awareness.duty" not in shown and record.deleted == ["awareness.duty"]
    added = record.added[0]
    assert added.after == "opening.2" and shown[added.id] == "各地要把整治进展每周报县安委办。"
    inside = next(c for c in record.changes if c.kind == INSERT)
    assert inside.paragraph == "awareness.intro.0" and inside.text == REWRITTEN


def test_accept_all_and_reject_all_settle_everything(draft):
    editor = DocxEditor(exported(draft))
    editor.replace(EDITED, REWRITTEN)
    editor.add_paragraph(ANCHOR, "各地要把整治进展每周报县安委办。")
    data = editor.save()
    accepted, rejected = new_draft(), new_draft()
    accepted.revise(data, "修改稿.docx", mode="accept")
    rejected.revise(data, "修改稿.docx", mode="reject")
    assert accepted.roundtrip.changes == [] and rejected.roundtrip.changes == []
    assert REWRITTEN in accepted.render("text") and "每周报县安委办" in accepted.render("text")
    assert rejected.render("text") == new_draft().render("text")
    # Read again without a mode: the decisions hold, nothing comes back pending.
    assert accepted.revise(data, "修改稿.docx").unchanged
    assert rejected.revise(data, "修改稿.docx").unchanged


def test_comments_are_attached_to_their_paragraph(draft):
    editor = DocxEditor(exported(draft))
    editor.comment(HAZARDS, "整改率数字再核实")
    editor.comment(CLOSING, "结尾再有力一些", author="李秘书长")
    report = draft.revise(editor.save(), "修改稿.docx")
    comments = {c.paragraph: c for c in draft.roundtrip.comments}
    assert comments["tasks.hazards"].text == "整改率数字再核实"
    assert comments["tasks.hazards"].author == AUTHOR
    assert comments["closing.0"].author == "李秘书长"
    assert report.comments == {AUTHOR: 1, "李秘书长": 1} and not report.changed
    assert draft.versions == []  # the text did not change


def test_the_same_file_twice_changes_nothing_the_second_time(draft, tmp_path):
    editor = DocxEditor(exported(draft))
    editor.replace(EDITED, REWRITTEN)
    editor.add_paragraph(ANCHOR, "各地要把整治进展每周报县安委办。")
    editor.delete_paragraph(DUTY)
    editor.comment(HAZARDS, "整改率数字再核实")
    edited = tmp_path / "修改稿.docx"
    edited.write_bytes(editor.save())
    path = tmp_path / "草稿.json"
    draft.save(path)
    assert main(["revise", str(path), str(edited)]) == 0
    first = path.read_bytes()
    assert main(["revise", str(path), str(edited)]) == 0
    assert path.read_bytes() == first


def test_a_whole_part_deleted_is_left_out_of_the_structure(draft):
    editor = DocxEditor(exported(draft))
    part = [b for b in draft.document().blocks if b.section == "mechanisms"]
    for block in part:
        editor.delete_paragraph(texts(draft)[block.id][:16])
    report = draft.revise(editor.save(), "修改稿.docx")
    assert not draft.section("mechanisms").include
    assert report.parts_removed == [draft.section("mechanisms").title]
    assert [c.kind for c in draft.roundtrip.changes] == [PART_DELETE]
    assert "下面，我讲两点意见。" in draft.render("text")  # the count follows
    from workbench.core import review

    review.decide(draft, draft.document(), draft.roundtrip.changes[0].id, accept=False)
    assert draft.section("mechanisms").include


def test_a_changed_transition_is_kept_as_unplaced(draft):
    editor = DocxEditor(exported(draft))
    editor.replace(TRANSITION, "下面，我再强调三点。", tracked=False)
    report = draft.revise(editor.save(), "修改稿.docx")
    assert [u.text for u in report.unplaced] == ["下面，我再强调三点。"]
    assert draft.roundtrip.unplaced[0].after == "transition"
    assert "过渡句" in report.warnings[0]


def test_a_file_without_ids_is_aligned_by_text_with_a_warning(draft, capsys, tmp_path):
    editor = DocxEditor(exported(draft))
    editor.strip_bookmarks()
    editor.replace(EDITED, REWRITTEN, tracked=False)
    editor.add_paragraph(ANCHOR, "各地要把整治进展每周报县安委办。", tracked=False)
    edited = tmp_path / "重新录入.docx"
    edited.write_bytes(editor.save())
    path = tmp_path / "草稿.json"
    draft.save(path)
    assert main(["revise", str(path), str(edited)]) == 0
    out, err = capsys.readouterr()
    assert "按文字相似度对齐" in out and "警告：文件中没有讲稿工作台的段落标记" in err
    again = Draft.load(path)
    assert REWRITTEN in texts(again)["awareness.intro.0"]
    assert [a.after for a in again.roundtrip.added] == ["opening.2"]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_pasted_back_text_is_aligned_by_text(draft, tmp_path, suffix):
    text = draft.render("text" if suffix == ".txt" else "markdown")
    text = text.replace(EDITED, REWRITTEN)
    edited = tmp_path / f"改稿{suffix}"
    edited.write_text(text, encoding="utf-8")
    report = draft.revise(edited)
    assert report.aligned_by_text and [n.paragraph for n in report.changed] == ["awareness.intro.0"]
    assert report.inserted == [] and report.removed == []
    assert draft.revise(edited).unchanged


def test_the_json_summary(draft, tmp_path, capsys):
    editor = DocxEditor(exported(draft))
    editor.replace(EDITED, REWRITTEN)
    editor.comment(HAZARDS, "整改率数字再核实")
    edited = tmp_path / "修改稿.docx"
    edited.write_bytes(editor.save())
    path, out_path = tmp_path / "草稿.json", tmp_path / "二稿.json"
    draft.save(path)
    before = path.read_bytes()
    assert main(["revise", str(path), str(edited), "-o", str(out_path), "--note", "主任改后",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["changed"][0]["paragraph"] == "awareness.intro.0"
    assert data["pending_changes"] == {"total": 2, "by_author": {AUTHOR: 2}}
    assert data["comments"]["total"] == 1 and data["versions"] == ["一稿", "二稿"]
    assert path.read_bytes() == before  # -o leaves the draft it read as it was
    assert Draft.load(out_path).versions[-1].note == "主任改后"


# -- bad input: one Chinese line, exit 2, the draft untouched -----------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BAD = {
    "corrupt.docx": (b"PK\x03\x04 not really a zip", "不是"),
    "empty.docx": (None, "没有文字"),
    "other.docx": ("other", "另一份草稿"),
    "foreign.docx": ("foreign", "另一份草稿"),
    "binary.txt": (b"\x00\x01\x02" * 100, ""),
    "notes.pdf": (b"%PDF-1.4", "PDF 已损坏"),
    "notes.pages": (b"PK\x03\x04", "不支持的文件类型"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_are_one_line_exit_2_and_the_draft_is_untouched(name, draft, tmp_path, capsys):
    content, message = BAD[name]
    if content is None:
        editor = DocxEditor(exported(draft))
        for p in editor.paragraphs():
            p.getparent().remove(p)
        content = editor.save()
    elif content == "other":
        other = Draft(LIBRARY["flood-season"])
        other.facts.fill_examples()
        editor = DocxEditor(exported(other))
        editor.strip_bookmarks()
        content = editor.save()
    elif content == "foreign":
        other = Draft(LIBRARY["flood-season"])
        other.facts.fill_examples()
        content = exported(other)
    edited = tmp_path / name
    edited.write_bytes(content)
    path = tmp_path / "草稿.json"
    draft.save(path)
    before = path.read_bytes()
    assert main(["revise", str(path), str(edited)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and err.startswith("错误：")
    assert message in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_an_oversized_file_is_refused(draft, monkeypatch):
    from workbench.readers import files

    monkeypatch.setattr(files, "MAX_DOCX_BYTES", 1000)
    with pytest.raises(SourceImportError, match="过大"):
        draft.revise(exported(draft), "大.docx")
    assert draft.roundtrip.is_empty and draft.versions == []


def test_the_draft_is_untouched_when_the_file_is_refused(draft):
    other = Draft(LIBRARY["flood-season"])
    other.facts.fill_examples()
    before = draft.dumps()
    with pytest.raises(SourceImportError):
        draft.revise(exported(other), "别的稿.docx")
    assert json.loads(draft.dumps()) | {"saved_at": 0} == json.loads(before) | {"saved_at": 0}


def test_a_part_moved_whole_moves_the_part_in_the_draft(draft):
    editor = DocxEditor(exported(draft))
    paragraphs = editor.paragraphs()
    shown = texts(draft)
    ids = list(shown)
    first, last = ids.index("mechanisms.h"), ids.index("mechanisms.emergency")
    moving = paragraphs[first:last + 1]
    anchor = paragraphs[ids.index("tasks.h")]
    for p in moving:
        anchor.addprevious(p)  # part three cut and pasted before part two
    report = draft.revise(editor.save(), "修改稿.docx")
    assert [s.id for s in draft.sections if s.include] == ["awareness", "mechanisms", "tasks"]
    assert "调整了部分的顺序" in report.warnings[0]
    assert report.changed == [] and report.inserted == [] and report.removed == []
    after = texts(draft)
    assert after["mechanisms.h"].startswith("二、") and after["tasks.h"].startswith("三、")
    assert draft.revise(editor.save(), "修改稿.docx").unchanged


def test_a_comment_marked_done_does_not_come_back(draft):
    from workbench.core import review

    editor = DocxEditor(exported(draft))
    editor.comment(HAZARDS, "整改率数字再核实")
    data = editor.save()
    draft.revise(data, "修改稿.docx")
    review.resolve_comment(draft, draft.roundtrip.comments[0].id)
    assert draft.revise(data, "修改稿.docx").unchanged
    assert draft.roundtrip.comments == []


def test_a_bookmark_that_moved_onto_a_new_paragraph_is_noticed(draft):
    # Enter pressed at the very start of a paragraph: Word keeps the bookmark at the start,
    # in the new (empty, then typed) paragraph before it.
    from docx.oxml.ns import qn

    editor = DocxEditor(exported(draft))
    target = editor.paragraph(DUTY)
    new = copy.deepcopy(target)
    for r in list(new.iterchildren(qn("w:r")))[1:]:
        new.remove(r)
    new.find(f"{qn('w:r')}/{qn('w:t')}").text = "责任落实要一抓到底。"
    target.addprevious(new)
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        target.remove(target.find(qn(tag)))
    report = draft.revise(editor.save(), "修改稿.docx")
    assert report.changed == [] and report.removed == []
    assert [n.excerpt for n in report.inserted] == ["责任落实要一抓到底。"]
    assert draft.roundtrip.added[0].after == "awareness.demands"
    shown = list(texts(draft))
    assert shown.index(draft.roundtrip.added[0].id) == shown.index("awareness.duty") - 1
