"""One facts-file format: a profile saved by the dashboard builds from the CLI, and a plain
facts file loads into the dashboard as a profile."""

from __future__ import annotations

from workbench import Draft, load_library
from workbench.cli import main
from workbench.core.profile import dump_profile, parse_profile


def test_a_profile_saved_by_the_dashboard_builds_with_facts(capsys, tmp_path):
    draft = Draft(load_library()["work-safety-plenary"])
    draft.facts.fill_examples()
    draft.facts["place"] = "白水县"
    profile = tmp_path / "本地要素档案_白水县.yaml"
    profile.write_text(dump_profile(draft.facts), encoding="utf-8")
    out = tmp_path / "s.txt"
    code = main(["build", "work-safety-plenary", "--facts", str(profile), "-o", str(out)])
    _, err = capsys.readouterr()
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "白水县" in text and "【" not in text


def test_a_plain_facts_file_loads_as_a_profile(capsys):
    assert main(["facts", "work-safety-plenary", "--example"]) == 0
    plain = capsys.readouterr().out
    facts = parse_profile(plain.encode("utf-8"), "f.yaml")
    assert facts["place"]
    draft = Draft(load_library()["work-safety-plenary"])
    for key, value in facts.items():
        draft.facts[key] = value
    assert not list(draft.facts.iter_missing())


def test_a_wrong_type_in_a_profile_names_file_and_line(capsys, tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("format: speech-workbench-profile\nversion: 1\nfacts:\n  place: 青山县\n"
                       "  hazards_found: 很多\n", encoding="utf-8")
    code = main(["build", "work-safety-plenary", "--facts", str(profile), "-o",
                 str(tmp_path / "s.txt")])
    _, err = capsys.readouterr()
    assert code == 2
    assert "p.yaml:5" in err and len(err.strip().splitlines()) == 1


def test_a_profile_from_a_newer_version_is_refused_in_one_line(tmp_path):
    import pytest

    from workbench.core.profile import ProfileError

    with pytest.raises(ProfileError, match="更新的版本"):
        parse_profile(b"format: speech-workbench-profile\nversion: 9\nfacts: {}\n", "p.yaml")
