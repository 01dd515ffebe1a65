"""`workbench check` with the formulation, leader and fact rules: --profile, --fix, --json."""

from __future__ import annotations

import json

import docx
import pytest

from workbench import Draft, load_library
from workbench.cli import main
from workbench.core.formulations import FORMULATIONS_ENV

SPEECH = """\
在青山县安全生产工作会议上的讲话
（2026年3月6日）
同志们：
　　今天召开会议，部署全县安全生产工作。县委书记张华、县长王建国出席会议。
　　要严格落实党政同责、一岗双责、失职追责，严禁迟报、漏报、慌报、瞒报。
"""

PROFILE = """\
format: speech-workbench-profile
version: 1
facts:
  place: 青山县
leaders:
  - {name: 王建国, post: 县委书记}
  - {name: 张华, post: 县长}
"""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def speech(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    return path


@pytest.fixture
def profile(tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


def test_json_names_the_new_rules(capsys, speech, profile):
    code, out, _ = run(capsys, "check", str(speech), "--json", "--profile", str(profile))
    found = [(d["rule"], d["paragraph"]) for d in json.loads(out)]
    assert code == 1
    assert ("formulation", "5") in found
    assert ("leader-post", "4") in found and ("leader-order", "4") in found


def test_without_a_profile_the_leader_rules_are_silent(capsys, speech):
    _, out, _ = run(capsys, "check", str(speech), "--json")
    assert not {d["rule"] for d in json.loads(out)} & {"leader-post", "leader-order"}


def test_a_bad_profile_exits_2_with_one_line_naming_file_line_and_field(capsys, speech, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(PROFILE.replace("{name: 张华, post: 县长}", "{name: 张华}"), encoding="utf-8")
    code, out, err = run(capsys, "check", str(speech), "--profile", str(bad))
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0
    assert f"{bad}:7: 缺少必填字段（字段 leaders[1].post）" in err


def test_a_missing_profile_exits_2(capsys, speech, tmp_path):
    code, _, err = run(capsys, "check", str(speech), "--profile", str(tmp_path / "none.yaml"))
    assert code == 2 and "无法读取要素档案" in err


def test_fix_writes_near_misses_and_only_offers_series_problems(capsys, speech):
    code, _, err = run(capsys, "check", str(speech), "--fix", "--rule", "formulation")
    text = speech.read_text(encoding="utf-8")
    assert "迟报、漏报、谎报、瞒报" in text                 # a wrong character: written
    assert "党政同责、一岗双责、失职追责" in text          # a missing element: left as written
    assert "已将“迟报、漏报、慌报、瞒报”改为“迟报、漏报、谎报、瞒报”" in err
    assert "建议将“党政同责、一岗双责、失职追责”改为“党政同责、一岗双责、齐抓共管、失职追责”" in err
    assert "未自动修改" in err
    assert code == 1  # the offered one is still reported


def test_fix_corrects_a_word_file_within_its_runs(capsys, tmp_path):
    path = tmp_path / "speech.docx"
    document = docx.Document()
    document.add_paragraph("在青山县安全生产工作会议上的讲话")
    paragraph = document.add_paragraph("要严格落实，")
    paragraph.add_run("严禁迟报、漏报、慌报、瞒报。")
    document.save(str(path))
    code, _, _ = run(capsys, "check", str(path), "--fix", "--rule", "formulation")
    assert code == 0
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[1] == "要严格落实，严禁迟报、漏报、谎报、瞒报。"


def test_fix_corrects_the_writer_s_edits_in_a_draft(capsys, tmp_path):
    library = load_library()
    draft = Draft(library["work-safety-plenary"])
    draft.facts.fill_examples()
    draft.set_edit("opening.0", "当前，青山县安全形势总体平稳。严禁迟报、漏报、慌报、瞒报。")
    path = tmp_path / "d.json"
    draft.save(path)
    run(capsys, "check", str(path), "--fix", "--rule", "formulation")
    assert "严禁迟报、漏报、谎报、瞒报。" in Draft.load(path, library).render("text")


def test_a_draft_edit_with_a_stale_figure_is_reported(capsys, tmp_path):
    library = load_library()
    draft = Draft(library["work-safety-plenary"])
    draft.facts.fill_examples()
    draft.facts.pop("hazards_found")
    draft.set_edit("opening.0", "过去一年，全县累计排查各类隐患1260处，整改率达到98.5%。")
    draft.facts["hazards_found"] = 1300
    path = tmp_path / "d.json"
    draft.save(path)
    code, out, _ = run(capsys, "check", str(path), "--json", "--rule", "fact-mismatch")
    (finding,) = json.loads(out)
    assert code == 1 and finding["paragraph"] == "opening.0" and "1300处" in finding["message"]


def test_a_broken_office_dictionary_exits_2(capsys, speech, tmp_path, monkeypatch):
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "bad.yaml").write_text("topic: 本地\nentries:\n  - id: x\n    text: 甲乙\n", encoding="utf-8")
    monkeypatch.setenv(FORMULATIONS_ENV, str(folder))
    code, _, err = run(capsys, "check", str(speech))
    assert code == 2
    assert "规范表述词典有误" in err and "bad.yaml:3" in err and "entries[0].source" in err
    code, _, _ = run(capsys, "check", str(speech), "--rule", "punctuation")
    assert code == 0
