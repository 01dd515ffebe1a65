"""Ignored findings: kept in the draft (忽略此处) and in the unit profile (不再提示此词)."""

from __future__ import annotations

import json

import pytest

from workbench import Draft
from workbench.core.checks import Finding
from workbench.core.ignores import split_ignored
from workbench.core.profile import ProfileError, dump_profile, read_ignored_terms, read_profile

A = Finding("count-mismatch", "数字概括“两路”…", "part1", "p.1", 0, "warning", "两路")
B = Finding("count-mismatch", "数字概括“两路”…", "part2", "p.2", 0, "warning", "两路")
C = Finding("punctuation", "半角逗号", "part1", "p.1")


def test_split_by_rule_and_paragraph():
    kept, ignored = split_ignored([A, B, C], here=[("count-mismatch", "p.1")])
    assert kept == [B, C] and ignored == [A]


def test_split_by_rule_and_term_and_by_term_under_every_rule():
    assert split_ignored([A, B, C], terms=[("count-mismatch", "两路")]) == ([C], [A, B])
    assert split_ignored([A, B, C], terms=[("*", "两路")]) == ([C], [A, B])
    assert split_ignored([A, B, C], terms=[("numbering", "两路")]) == ([A, B, C], [])
    # a finding without a term is never ignored by a term
    assert split_ignored([C], terms=[("punctuation", "")]) == ([C], [])


class TestDraft:
    def test_an_old_draft_without_the_key_loads_with_none(self, sample_draft, dict_loader):
        data = sample_draft.to_json()
        assert "ignored_findings" not in data
        loaded = Draft.from_json(data, dict_loader)
        assert loaded.ignored == [] and loaded.notes == []

    def test_ignores_round_trip_and_damaged_entries_cost_a_note(self, sample_draft, dict_loader):
        sample_draft.ignored = [("count-mismatch", "opening.0"), ("numbering", "p.a")]
        data = json.loads(sample_draft.dumps())
        assert data["ignored_findings"][0] == {"rule": "count-mismatch", "paragraph": "opening.0"}
        assert Draft.from_json(data, dict_loader).ignored == sample_draft.ignored
        data["ignored_findings"].append({"rule": 3})
        loaded = Draft.from_json(data, dict_loader)
        assert loaded.ignored == sample_draft.ignored
        assert any("忽略此处" in note for note in loaded.notes)


class TestProfile:
    def test_ignored_terms_round_trip_through_the_header_form(self):
        text = dump_profile({"place": "青山县"}, (), [("count-mismatch", "两路")])
        assert read_ignored_terms(text) == (("count-mismatch", "两路"),)
        facts, leaders = read_profile(text)
        assert dict(facts) == {"place": "青山县"} and leaders == ()

    def test_a_plain_mapping_may_list_them_and_they_are_no_fact(self):
        text = "place: 青山县\nignored_terms:\n  - {rule: count-mismatch, term: 两路}\n"
        assert read_ignored_terms(text) == (("count-mismatch", "两路"),)
        assert dict(read_profile(text)[0]) == {"place": "青山县"}

    def test_an_older_profile_has_none(self):
        assert read_ignored_terms(dump_profile({"place": "青山县"})) == ()
        assert "ignored_terms" not in dump_profile({"place": "青山县"})

    @pytest.mark.parametrize(("text", "where"), [
        ("ignored_terms:\n  - {rule: count-mismatch}\n", "unit.yaml:2: 应为非空文本（字段 ignored_terms[0].term）"),
        ("ignored_terms:\n  - {rule: x, term: 两路}\n  - {rule: '', term: 两路}\n",
         "unit.yaml:3: 应为非空文本（字段 ignored_terms[1].rule）"),
    ])
    def test_a_bad_entry_names_file_line_and_field(self, text, where):
        with pytest.raises(ProfileError) as caught:
            read_ignored_terms(text, "unit.yaml")
        assert str(caught.value) == where
