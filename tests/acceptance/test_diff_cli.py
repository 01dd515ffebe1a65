"""`workbench diff`, run in-process: exit codes 0/1/2, drafts and their versions, .docx vs .txt."""

from __future__ import annotations

import pytest

from workbench import Draft, load_library
from workbench.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def draft():
    """A shipped template's draft with two versions: 一稿 in 青山县, 二稿 in 白水县 without part one."""
    draft = Draft(load_library()["work-safety-plenary"])
    draft.facts.fill_examples()
    draft.add_version("初稿")
    draft.facts["place"] = "白水县"
    draft.sections[0].include = False
    draft.add_version("按主任意见删去第一部分")
    return draft


@pytest.fixture
def files(tmp_path, draft):
    draft.save(tmp_path / "d.json")
    (tmp_path / "a.txt").write_text(draft.render("text"), encoding="utf-8")
    (tmp_path / "a.md").write_text(draft.render("markdown"), encoding="utf-8")
    draft.export_docx(tmp_path / "a.docx")
    return tmp_path


def test_the_same_speech_as_docx_txt_md_and_draft_exits_0(capsys, files):
    for old, new in (("a.txt", "a.docx"), ("a.md", "a.docx"), ("d.json", "a.txt")):
        code, out, err = run(capsys, "diff", str(files / old), str(files / new))
        assert code == 0, (old, new, out)
        assert "两稿相同" in err
        assert out.splitlines()[2].startswith("  ……未改动")


def test_an_edited_docx_exits_1_and_shows_the_change(capsys, files, draft):
    edited = Draft.loads(draft.dumps(), load_library())
    edited.facts["place"] = "绿水县"
    edited.export_docx(files / "b.docx")
    code, out, err = run(capsys, "diff", str(files / "a.txt"), str(files / "b.docx"))
    assert code == 1
    assert f"--- {files / 'a.txt'}" in out
    assert "~ 第1段：在[-白-]{+绿+}水县安全生产委员会全体（扩大）会议上的讲话" in out
    assert "改动" in err


def test_versions_of_one_draft(capsys, files):
    path = str(files / "d.json")
    code, out, err = run(capsys, "diff", path, "--from", "1", "--to", "二稿")
    assert code == 1
    assert out.startswith(f"--- {path}（一稿）\n+++ {path}（二稿）\n")
    assert "[-青山-]{+白水+}县" in out and "- 原第8段：一、统一思想" in out
    code, _, err = run(capsys, "diff", path, "--from", "二")
    assert (code, err.strip()) == (0, "两稿相同")
    code, _, _ = run(capsys, "diff", path, path, "--from", "1")
    assert code == 1


def test_html_output_marks_changes(capsys, files):
    out_html = files / "diff.html"
    code, _, err = run(capsys, "diff", str(files / "d.json"), "--from", "1", "--to", "2",
                       "--html", str(out_html))
    assert code == 1 and f"已写出 {out_html}" in err
    page = out_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert ">青山</del><ins" in page and ">白水</ins>" in page


@pytest.mark.parametrize("argv, message", [
    (["d.json", "--from", "3"], "草稿中没有第 3 版（现有版本：一稿、二稿）"),
    (["a.txt", "a.docx", "--from", "1"], "只有草稿 .json 存有版本"),
    (["a.txt"], "只给一个文件时须是草稿 .json"),
    (["a.txt", "missing.txt"], "missing.txt: 文件不存在"),
    (["a.txt", "a.pdf"], "a.pdf: 文件名是 .pdf，内容却不是 PDF 文件"),
    (["a.txt", "a.pages"], "不支持的文件类型“.pages”"),
    (["d.json", "--from", "一稿", "--html", "d.json"], "不能把对照结果写到要比较的文件上"),
    (["bad.json", "a.txt"], "不是讲稿工作台的草稿文件"),
    (["binary.txt", "a.txt"], "不是文本文件"),
    (["a.txt", "bad.docx"], "bad.docx"),
    (["d.json", "--from", "x"], "版本应写作 2、二 或 二稿"),
])
def test_bad_input_exits_2_with_one_line(capsys, files, monkeypatch, argv, message):
    (files / "a.pdf").write_bytes(b"%PDF")
    (files / "bad.json").write_text('{"format": "other"}', encoding="utf-8")
    (files / "binary.txt").write_bytes(b"\x00\x01\x02")
    (files / "bad.docx").write_bytes(b"not a zip")
    monkeypatch.chdir(files)
    code, out, err = run(capsys, "diff", *argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert (files / "d.json").read_bytes().startswith(b"{")
