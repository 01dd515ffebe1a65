"""`workbench check` honours 忽略此处 and 不再提示此词: options, the draft, the unit profile."""

from __future__ import annotations

import json

import pytest

from workbench import Draft, load_library
from workbench.cli import main
from workbench.core.profile import dump_profile

#: Line 4 has a slogan whose list does not match (a warning the writer may judge wrong).
SPEECH = """\
在青山县安全生产工作会议上的讲话
（2026年12月1日）
同志们：
　　今天召开会议，部署全县安全生产工作。要落实行政、技术、巡查“两个责任人”。
"""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def speech(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(SPEECH, encoding="utf-8")
    return path


def test_the_finding_is_reported_as_a_warning_with_its_term(capsys, speech):
    code, out, _ = run(capsys, "check", str(speech), "--json")
    [finding] = json.loads(out)
    assert code == 1
    assert finding["rule"] == "count-mismatch" and finding["severity"] == "warning"
    assert finding["term"] == "两个责任人" and finding["paragraph"] == "4"


def test_ignore_here_by_rule_and_line(capsys, speech):
    code, out, err = run(capsys, "check", str(speech), "--ignore", "count-mismatch:4")
    assert code == 0 and out == ""
    assert "未发现问题" in err and "另有 1 处已忽略" in err
    # another line, or another rule, is not ignored
    assert run(capsys, "check", str(speech), "--ignore", "count-mismatch:5")[0] == 1
    assert run(capsys, "check", str(speech), "--ignore", "punctuation:4")[0] == 1


def test_ignore_term_for_one_rule_or_all(capsys, speech):
    assert run(capsys, "check", str(speech), "--ignore-term", "count-mismatch:两个责任人")[0] == 0
    assert run(capsys, "check", str(speech), "--ignore-term", "“两个责任人”")[0] == 0
    assert run(capsys, "check", str(speech), "--ignore-term", "numbering:两个责任人")[0] == 1


def test_show_ignored_lists_them_marked_and_exits_zero(capsys, speech):
    code, out, _ = run(capsys, "check", str(speech), "--ignore", "count-mismatch:4",
                       "--show-ignored")
    assert code == 0 and "（已忽略）数字概括“两个责任人”" in out
    code, out, _ = run(capsys, "check", str(speech), "--ignore", "count-mismatch:4",
                       "--show-ignored", "--json")
    [finding] = json.loads(out)
    assert code == 0 and finding["ignored"] is True


@pytest.mark.parametrize("value", ["count-mismatch", "no-such-rule:4", ":4"])
def test_a_malformed_ignore_exits_2(capsys, speech, value):
    code, _, err = run(capsys, "check", str(speech), "--ignore", value)
    assert code == 2 and "--ignore" in err


def test_the_unit_profile_s_ignored_terms_are_honoured(capsys, speech, tmp_path):
    profile = tmp_path / "unit.yaml"
    profile.write_text(dump_profile({}, (), [("count-mismatch", "两个责任人")]), encoding="utf-8")
    assert run(capsys, "check", str(speech), "--profile", str(profile))[0] == 0
    profile.write_text("ignored_terms:\n  - {rule: count-mismatch}\n", encoding="utf-8")
    code, _, err = run(capsys, "check", str(speech), "--profile", str(profile))
    assert code == 2 and f"{profile}:2:" in err and "ignored_terms[0].term" in err


def test_a_draft_s_own_ignores_are_honoured_and_reversible(capsys, tmp_path):
    library = load_library()
    template = next(iter(library.values()))
    draft = Draft(template)
    draft.facts.fill_examples()
    pid = next(b.id for b in draft.document().blocks if getattr(b, "role", "") == "opening")
    draft.set_edit(pid, "要落实行政、技术、巡查“两个责任人”。")
    path = tmp_path / "d.json"
    draft.save(path)
    code, out, _ = run(capsys, "check", str(path), "--json", "--rule", "count-mismatch")
    assert code == 1 and json.loads(out)[0]["paragraph"] == pid
    loaded = Draft.load(path, library)
    loaded.ignored.append(("count-mismatch", pid))
    loaded.save(path)
    assert "ignored_findings" in path.read_text(encoding="utf-8")
    assert run(capsys, "check", str(path), "--rule", "count-mismatch")[0] == 0
    loaded = Draft.load(path, library)
    assert loaded.ignored == [("count-mismatch", pid)]
    loaded.ignored.clear()
    loaded.save(path)
    assert "ignored_findings" not in path.read_text(encoding="utf-8")
    assert run(capsys, "check", str(path), "--rule", "count-mismatch")[0] == 1


def test_a_bad_office_lexicon_exits_2(capsys, speech, tmp_path, monkeypatch):
    (tmp_path / "bad.yaml").write_text("topic: 坏\nentries:\n  - {term: 三令五申, kind: x}\n",
                                       encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_NUMBERED_TERMS", str(tmp_path))
    code, _, err = run(capsys, "check", str(speech))
    assert code == 2 and "数字术语词典有误" in err and "bad.yaml:3" in err
