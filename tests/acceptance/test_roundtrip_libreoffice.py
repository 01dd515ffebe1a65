"""The Word round trip through a real LibreOffice (UNO under /usr/bin/python3, flock):

1. 一稿 exported, opened in LibreOffice, edited with record changes on (a sentence replaced,
   a phrase deleted, a sentence added, a paragraph added, a paragraph deleted) and off (a
   sentence rewritten), saved as .docx; comments added to the saved file with python-docx's
   `add_comment` (a comment made through UNO crashes LibreOffice 7.4 while saving). The
   paragraph ids survive as bookmarks; `workbench revise` puts every edit, change and comment
   on the paragraph it belongs to.
2. 二稿 exported with its changes marked (`build --revisions-from 1`): LibreOffice's Accept All
   gives exactly the current text and Reject All exactly 一稿. LibreOffice 7.4 crashes when a
   file with comments is opened through UNO, so that check reads the same export without
   its comments; the export with comments goes through `soffice --convert-to docx` (a
   LibreOffice open and save) and keeps its comments, revisions and ids.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from tests.support.libreoffice import heavy_lock, require_uno, run_uno
from tests.support.tracked import DocxEditor
from workbench import Draft, load_library
from workbench.cli import main
from workbench.core import review
from workbench.core.roundtrip import (
    DELETE,
    INSERT,
    PARAGRAPH_DELETE,
    PARAGRAPH_INSERT,
    bookmark_name,
)
from workbench.core.versions import snapshot
from workbench.pipeline import render_bytes, tracked_changes
from workbench.readers import read_document

pytestmark = pytest.mark.slow

TEMPLATE = "work-safety-plenary"
REVIEWER = "王主任"
#: The reviewer's words and the writer's, written for these tests.
REPLACEMENT = "认识上的偏差，往往是工作中最大的隐患。"
ADDED = "各乡镇要在四月底前报送整治方案。"
NEW_PARAGRAPH = "各地要把整治进展每周报县安委办。"
UNTRACKED = "这项工作要一以贯之、久久为功。"
COMMENT_EDITED = "这一句改得好，再斟酌用词"
COMMENT_OTHER = "数字请与应急局再核对"


def _sentences(text: str) -> list[str]:
    return re.findall(r"[^。！？]*[。！？]", text)


def _draft() -> Draft:
    draft = Draft(load_library()[TEMPLATE])
    draft.facts.fill_examples()
    return draft


@dataclass
class Cycle:
    """What one LibreOffice edit cycle left, and the draft revised from it."""

    folder: Path
    first: Path
    edited: Path
    commented: Path
    picks: dict[str, str]
    pids: dict[str, str]
    lo: dict[str, Any]


@pytest.fixture(scope="module")
def cycle(tmp_path_factory) -> Cycle:
    folder = tmp_path_factory.mktemp("roundtrip")
    draft = _draft()
    first = folder / "一稿.docx"
    draft.export_docx(first)
    current = dict(snapshot(draft.document()))
    body = [(pid, t) for pid, t in current.items() if len(_sentences(t)) >= 3 and not t.startswith("（")]
    whole = "\n".join(current.values())

    def unique(text: str) -> str:
        assert whole.count(text) == 1, text
        return text

    picks = {
        "replaced": unique(_sentences(body[3][1])[1]),
        "deleted": unique(re.findall(r"[^，。]*，", body[0][1])[2]),
        "after": unique(_sentences(body[5][1])[-1]),
        "paragraph_after": unique(_sentences(body[1][1])[-1]),
        "deleted_paragraph": unique(_sentences(body[2][1])[0]),
        "rewritten": unique(_sentences(body[4][1])[-1]),
    }
    pids = {"replaced": body[3][0], "deleted": body[0][0], "after": body[5][0],
            "paragraph_after": body[1][0], "deleted_paragraph": body[2][0],
            "rewritten": body[4][0]}
    edited = folder / "修改稿.docx"
    jobs = [{"op": "edit", "input": str(first), "output": str(edited), "edits": [
        {"replace": picks["replaced"], "with": REPLACEMENT},
        {"delete": picks["deleted"]},
        {"after": picks["after"], "insert": ADDED},
        {"after": picks["paragraph_after"], "paragraph": NEW_PARAGRAPH},
        {"delete_paragraph": picks["deleted_paragraph"]},
        {"record": False},
        {"replace": picks["rewritten"], "with": UNTRACKED},
    ]}, {"op": "read", "input": str(edited), "changes": "accept"},
        {"op": "read", "input": str(edited), "changes": "reject"}]
    results = run_uno(jobs, folder / "uno", author=REVIEWER)
    lo = {"redlines": results[0]["redlines"], "accept": results[1]["paragraphs"],
          "reject": results[2]["paragraphs"]}
    editor = DocxEditor(edited.read_bytes(), author=REVIEWER)
    editor.comment(REPLACEMENT, COMMENT_EDITED)
    pids["commented"] = "tasks.hazards"
    editor.comment(current["tasks.hazards"][:10], COMMENT_OTHER)
    commented = folder / "修改稿（批注）.docx"
    commented.write_bytes(editor.save())
    return Cycle(folder, first, edited, commented, picks, pids, lo)


# -- ids through LibreOffice ------------------------------------------------------------------


def test_every_paragraph_id_survives_libreoffice_open_edit_save(cycle):
    draft = _draft()
    expected = {bookmark_name(pid) for pid, _ in snapshot(draft.document())}
    saved = read_document(cycle.edited, physical=True)
    names = {b for p in saved.paragraphs for b in p.bookmarks if b.startswith("wb_")}
    assert names == expected
    # ... each still on its paragraph: the accepted reading's paragraphs carry their ids.
    by_name = {b: p.text for p in saved.paragraphs for b in p.bookmarks}
    assert by_name[bookmark_name("title")].replace("\n", "") == snapshot(draft.document())[0][1]


# -- revising the draft from LibreOffice's file ------------------------------------------------


def test_revise_puts_every_edit_change_and_comment_where_it_belongs(cycle, tmp_path, capsys):
    draft = _draft()
    path = tmp_path / "草稿.json"
    draft.save(path)
    assert main(["revise", str(path), str(cycle.commented), "--note", "主任改后"]) == 0
    out = capsys.readouterr().out
    assert "按段落标记对齐" in out and f"待定修订 6 处：{REVIEWER} 6 处" in out
    assert f"批注 2 条：{REVIEWER} 2 条" in out
    revised = Draft.load(path)
    record, pids = revised.roundtrip, cycle.pids
    shown = dict(snapshot(revised.document()))

    # The accepted reading, as LibreOffice itself shows it, is the draft's text.
    assert [t.replace("\n", "") for t in cycle.lo["accept"]] == list(shown.values())

    changes = {(c.kind, c.paragraph, c.text) for c in record.changes}
    assert changes == {
        (DELETE, pids["replaced"], cycle.picks["replaced"]),
        (INSERT, pids["replaced"], REPLACEMENT),
        (DELETE, pids["deleted"], cycle.picks["deleted"]),
        (INSERT, pids["after"], ADDED),
        (PARAGRAPH_INSERT, record.added[0].id, NEW_PARAGRAPH),
        (PARAGRAPH_DELETE, pids["deleted_paragraph"], shown_before(pids["deleted_paragraph"])),
    }
    assert all(c.author == REVIEWER and re.match(r"\d{4}-\d\d-\d\dT", c.date) for c in record.changes)
    assert record.added[0].after == pids["paragraph_after"]
    assert record.deleted == [pids["deleted_paragraph"]]
    # The untracked rewrite is an edit, not a pending change.
    assert UNTRACKED in shown[pids["rewritten"]] and cycle.picks["rewritten"] not in shown[pids["rewritten"]]
    assert set(revised.edits) == {pids["replaced"], pids["deleted"], pids["after"], pids["rewritten"]}
    comments = {c.paragraph: c.text for c in record.comments}
    assert comments == {pids["replaced"]: COMMENT_EDITED, pids["commented"]: COMMENT_OTHER}
    assert [v.note for v in revised.versions] == ["收回“修改稿（批注）.docx”之前", "主任改后"]

    # Rejecting everything gives LibreOffice's Reject All, the untracked rewrite aside.
    review.decide_all(revised, revised.document(), accept=False)
    rejected = [t for _, t in snapshot(revised.document())]
    expected = [t.replace("\n", "").replace(cycle.picks["rewritten"], UNTRACKED)
                for t in cycle.lo["reject"]]
    assert rejected == expected
    # The same file again brings none of the rejected changes back.
    revised.save(path)
    assert main(["revise", str(path), str(cycle.commented)]) == 0
    assert "没有需要收回的改动" in capsys.readouterr().out


def shown_before(pid: str) -> str:
    return dict(snapshot(_draft().document()))[pid]


# -- 二稿 with its changes marked, in LibreOffice ----------------------------------------------


def _second_draft(cycle: Cycle) -> Draft:
    """The draft after the review: some changes accepted, one rejected, a note added."""
    draft = _draft()
    draft.revise(cycle.commented)
    record = draft.roundtrip
    ins = next(c for c in record.changes if c.kind == INSERT and c.text == ADDED)
    review.decide(draft, draft.document(), ins.id, accept=False)
    review.decide_all(draft, draft.document(), accept=True)
    review.add_note(draft, cycle.pids["after"], "已按主任意见删去补充句")
    return draft


def test_accept_all_is_the_current_text_and_reject_all_is_version_n(cycle):
    draft = _second_draft(cycle)
    assert [v.label for v in draft.versions] == ["一稿", "二稿"]
    tracked = tracked_changes(draft, 1)
    assert tracked.comments  # the note and the reviewer's comments go out as comments ...
    plain = cycle.folder / "二稿（修订，无批注）.docx"
    # ... but LibreOffice 7.4 cannot open a file with comments through UNO (module docstring).
    plain.write_bytes(render_bytes(draft.document(), "docx", revisions=replace(tracked, comments=())))
    results = run_uno([{"op": "read", "input": str(plain), "changes": "accept"},
                       {"op": "read", "input": str(plain), "changes": "reject"}],
                      cycle.folder / "uno2")
    assert results[0]["redlines"] > 0 and results[0]["left"] == results[1]["left"] == 0
    current = [t for _, t in snapshot(draft.document())]
    assert [t.replace("\n", "") for t in results[0]["paragraphs"]] == current
    assert [t.replace("\n", "") for t in results[1]["paragraphs"]] == list(draft.version(1).texts)


def test_the_tracked_export_with_comments_survives_a_libreoffice_save(cycle, tmp_path):
    draft = _second_draft(cycle)
    path = tmp_path / "草稿.json"
    draft.save(path)
    second = cycle.folder / "二稿.docx"
    assert main(["build", TEMPLATE, "--draft", str(path), "--revisions-from", "1",
                 "-o", str(second)]) == 0
    saved = _libreoffice_save(second, cycle.folder / "lo-saved")
    document = read_document(saved, physical=True)
    texts = {c.text for c in document.comments}
    assert texts == {COMMENT_EDITED, COMMENT_OTHER, "已按主任意见删去补充句"}
    assert {c.author for c in document.comments} == {REVIEWER, "起草人"}
    current = [t for _, t in snapshot(draft.document())]
    assert [t.replace("\n", "") for t in read_document(saved).texts] == current
    original = [t.replace("\n", "") for t in read_document(saved, as_original=True).texts]
    assert original == list(draft.version(1).texts)
    # The director opens 二稿 and saves it unchanged: nothing comes back.
    assert Draft.load(path).revise(saved).unchanged


def _libreoffice_save(source: Path, folder: Path) -> Path:
    """Open `source` in LibreOffice and save it as .docx (`soffice --convert-to`)."""
    require_uno()
    folder.mkdir(parents=True, exist_ok=True)
    profile = (folder / "profile").as_uri()
    with heavy_lock(), (folder / "log.txt").open("wb") as log:
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
                        "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"),
                        str(source)], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                       timeout=180, check=True, env={**os.environ, "HOME": str(folder)})
    return folder / "out" / source.name
