"""A speech edited in a real LibreOffice with record changes on (修订) reads as the reviewer
left it: import, outline, check, diff and the dashboard's import see every change accepted,
and with --as-original every change rejected (issue 21)."""

from __future__ import annotations

import json
import re

import pytest

from tests.support.revised import ADDED, NEW_PARAGRAPH, REPLACEMENT, RevisedSpeech
from workbench.cli import main
from workbench.core.diff import ADDED as PARAGRAPH_ADDED
from workbench.core.diff import CHANGED, REMOVED, SAME, diff_texts
from workbench.readers import DELETED, INSERTED, read_document

pytestmark = pytest.mark.slow

#: The start of the added sentence, before its half-width comma (normalised on import).
ADDED_HEAD = ADDED.split(",")[0]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- the reader against LibreOffice's own accept-all / reject-all ---------------------------


@pytest.mark.parametrize("which", ["revised", "paragraphs"])
def test_the_reader_reads_what_libreoffice_shows_after_accept_all_and_reject_all(revised_speech, which):
    path = getattr(revised_speech, which)
    accepted = read_document(path)
    original = read_document(path, as_original=True)
    assert accepted.texts == revised_speech.lo["accept"][path.name]
    assert original.texts == revised_speech.lo["reject"][path.name]
    assert accepted.tracked_changes == original.tracked_changes == revised_speech.lo["redlines"][path.name]


def test_rejecting_every_change_gives_back_the_first_draft(revised_speech):
    first = read_document(revised_speech.first).texts
    assert read_document(revised_speech.revised, as_original=True).texts == first
    assert read_document(revised_speech.paragraphs, as_original=True).texts == first


def test_the_changes_keep_their_author_kind_and_text(revised_speech: RevisedSpeech):
    document = read_document(revised_speech.revised)
    changes = [s for p in document.paragraphs for s in p.segments if s.is_change]
    assert {s.author for s in changes} == {"王主任"}
    assert all(re.match(r"\d{4}-\d\d-\d\dT", s.date) for s in changes)
    assert [(s.kind, s.text) for s in changes] == [
        (DELETED, revised_speech.deleted),
        (DELETED, revised_speech.replaced), (INSERTED, REPLACEMENT),
        (INSERTED, ADDED),
    ]


# -- diff -------------------------------------------------------------------------------------


def test_diff_of_the_two_files_shows_exactly_the_three_changes(revised_speech, capsys):
    code, out, err = run(capsys, "diff", revised_speech.first, revised_speech.revised)
    assert code == 1
    lines = [line for line in out.splitlines()[2:] if line[:1] in "~+->"]
    assert len(lines) == 3 and all(line.startswith("~ ") for line in lines)
    changes = [c for c in diff_texts(read_document(revised_speech.first).texts,
                                     read_document(revised_speech.revised).texts) if c.kind != SAME]
    assert [c.kind for c in changes] == [CHANGED] * 3
    assert revised_speech.deleted in changes[0].old and revised_speech.deleted not in changes[0].new
    assert revised_speech.replaced in changes[1].old and REPLACEMENT in changes[1].new
    assert changes[1].new.count("。") == changes[1].old.count("。")  # one sentence for one
    assert changes[2].new == changes[2].old + ADDED
    assert "{+" + ADDED + "+}" in out
    assert "修改稿.docx: 文件含 4 处修订，已按全部接受读取" in err
    assert "一稿.docx: 文件含" not in err
    assert "改动 3 段" in err


def test_diff_as_original_finds_the_first_draft_unchanged(revised_speech, capsys):
    code, _, err = run(capsys, "diff", revised_speech.first, revised_speech.revised, "--as-original")
    assert code == 0
    assert "两稿相同" in err and "已按全部拒绝读取" in err


def test_diff_of_a_paragraph_added_and_one_deleted(revised_speech, capsys):
    code, out, err = run(capsys, "diff", revised_speech.first, revised_speech.paragraphs)
    assert code == 1
    changes = [c for c in diff_texts(read_document(revised_speech.first).texts,
                                     read_document(revised_speech.paragraphs).texts) if c.kind != SAME]
    assert sorted(c.kind for c in changes) == [PARAGRAPH_ADDED, REMOVED]
    assert next(c.new for c in changes if c.kind == PARAGRAPH_ADDED) == NEW_PARAGRAPH
    assert next(c.old for c in changes if c.kind == REMOVED).startswith(revised_speech.deleted_paragraph)
    assert f"+ 第{len(read_document(revised_speech.first).texts) - 1}段：{NEW_PARAGRAPH}" in out
    assert "段落.docx: 文件含 2 处修订" in err


# -- outline, check, import ---------------------------------------------------------------------


def test_outline_sees_the_accepted_text_and_as_original_the_original(revised_speech, capsys):
    code, out, err = run(capsys, "outline", revised_speech.revised, "--json")
    assert code == 0
    accepted = json.dumps(json.loads(out), ensure_ascii=False)
    assert REPLACEMENT in accepted and ADDED_HEAD in accepted
    assert revised_speech.replaced not in accepted and revised_speech.deleted not in accepted
    assert "文件含 4 处修订，已按全部接受读取" in err

    code, out, err = run(capsys, "outline", revised_speech.revised, "--json", "--as-original")
    assert code == 0
    original = json.dumps(json.loads(out), ensure_ascii=False)
    assert revised_speech.replaced in original and revised_speech.deleted in original
    assert REPLACEMENT not in original and ADDED_HEAD not in original
    assert "文件含 4 处修订，已按全部拒绝读取" in err
    first = run(capsys, "outline", revised_speech.first, "--json")[1]
    assert json.loads(first) == json.loads(out)


def test_check_sees_the_inserted_sentence_and_as_original_the_original(revised_speech, capsys):
    code, out, err = run(capsys, "check", revised_speech.revised, "--json")
    assert code == 1
    findings = json.loads(out)
    assert [f["rule"] for f in findings] == ["punctuation"]
    number = next(p.position.number for p in read_document(revised_speech.first).paragraphs
                  if revised_speech.after in p.text)
    assert int(findings[0]["paragraph"]) == number  # the paragraph in the file, as Word counts it
    assert "已按全部接受读取" in err

    code, out, err = run(capsys, "check", revised_speech.revised, "--as-original")
    assert code == 0
    assert "未发现问题" in err and "已按全部拒绝读取" in err


def test_import_takes_the_accepted_text_into_the_template(revised_speech, capsys, tmp_path):
    target = tmp_path / "revised.yaml"
    code, _, err = run(capsys, "import", revised_speech.revised, "-o", target)
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert REPLACEMENT in text and revised_speech.replaced not in text
    assert "已按全部接受读取" in err
    code, _, err = run(capsys, "import", revised_speech.revised, "-o", target, "--as-original")
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert revised_speech.replaced in text and REPLACEMENT not in text


# -- the dashboard's import view (headless) ------------------------------------------------------


def test_the_import_view_shows_the_accepted_text_the_note_and_the_original_on_request(revised_speech, tmp_path):
    from tests.unit.ui.dom import one
    from workbench.ui.import_view import ImportView

    view = ImportView(templates_dir=tmp_path)
    view.load_file(revised_speech.revised.name, revised_speech.revised.read_bytes())
    text = one(view, "wb-import-text").value
    assert REPLACEMENT in text and ADDED in text and revised_speech.deleted not in text
    assert "修改稿.docx: 文件含 4 处修订，已按全部接受读取" in one(view, "wb-import-status").value
    assert view.outline is not None and REPLACEMENT in json.dumps(view.outline.to_json(), ensure_ascii=False)

    one(view, "wb-import-original").value = True
    text = one(view, "wb-import-text").value
    assert revised_speech.replaced in text and revised_speech.deleted in text and REPLACEMENT not in text
    assert "已按全部拒绝读取" in one(view, "wb-import-status").value
    assert text == "\n".join(read_document(revised_speech.first).texts)
