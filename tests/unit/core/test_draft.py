"""Drafts: choices, edits that follow facts, the JSON round trip and atomic saving."""

from __future__ import annotations

import json

import pytest

from workbench import Draft, DraftError, FactError


def test_round_trip_restores_everything(sample_draft, dict_loader, tmp_path):
    sample_draft.facts["hazards"] = "1,260"
    sample_draft.section("what").include = False
    sample_draft.section("why").pattern = "enumeration"
    sample_draft.reorder(["how", "why", "what"])
    sample_draft.opening = "review"
    sample_draft.heading_pattern = "pair"
    sample_draft.set_edit("how.a", "强化考核问责。考核要动真格，青山县要带头。")
    path = tmp_path / "d.json"
    sample_draft.save(path)
    again = Draft.load(path, dict_loader)
    assert again.render("text") == sample_draft.render("text")
    assert [(s.id, s.include, s.pattern) for s in again.sections] == [
        ("how", True, "runin"), ("why", True, "enumeration"), ("what", False, "runin")]
    assert again.facts["hazards"] == 1260
    assert not list(tmp_path.glob(".*.tmp"))


def test_edit_follows_a_later_fact_change(sample_draft):
    sample_draft.set_edit("opening.0", "今天开会，专门部署青山县的安全工作。")
    sample_draft.facts["place"] = "绿水县"
    text = sample_draft.render("text")
    assert "专门部署绿水县的安全工作" in text
    assert "青山县" not in text


def test_edit_survives_a_switch_between_patterns_of_the_same_shape(sample_draft):
    sample_draft.set_edit("why.a", "压紧责任链条。这是我改写的一段话。")
    sample_draft.section("why").pattern = "enumeration"
    assert "一是压紧责任链条。这是我改写的一段话。" in sample_draft.render("text")
    sample_draft.section("why").pattern = "subheadings"
    assert "这是我改写的一段话" not in sample_draft.render("text")
    assert list(sample_draft.iter_orphan_edits()) == ["why.a"]
    sample_draft.section("why").pattern = "runin"
    assert "（一）压紧责任链条。这是我改写的一段话。" in sample_draft.render("text")


def test_setting_the_generated_text_resets_the_edit(sample_draft):
    generated = sample_draft.generated_text("why.a")
    assert generated.startswith("压紧压实责任链条。")
    sample_draft.set_edit("why.a", "别的话。")
    assert sample_draft.edits
    sample_draft.set_edit("why.a", None)
    assert not sample_draft.edits


def test_wrong_fact_type_names_the_fact(sample_draft):
    with pytest.raises(FactError) as info:
        sample_draft.facts["hazards"] = "很多"
    assert "隐患数" in str(info.value)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"format": "speech-workbench-draft", "version": 1, "temp', "损坏"),
        ('{"format": "speech-workbench-draft", "version": 99, "template": "mini"}', "更新"),
        ('{"format": "speech-workbench-draft", "version": 1, "template": "gone"}', "gone"),
        ('[1, 2]', "不是"),
    ],
)
def test_bad_drafts_give_a_clear_message_and_leave_the_file(content, words, dict_loader, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DraftError) as info:
        Draft.load(path, dict_loader)
    assert words in str(info.value)
    assert "bad.json" in str(info.value)
    assert path.read_text(encoding="utf-8") == content


def test_draft_json_is_versioned(sample_draft):
    data = json.loads(sample_draft.dumps())
    assert data["format"] == "speech-workbench-draft"
    assert data["version"] == 1
    assert data["template"] == "mini"


def test_edit_made_while_a_fact_is_empty_fills_in_later(minimal_template):
    draft = Draft(minimal_template)
    generated = draft.generated_text("opening.0")
    assert "【地名】" in generated
    draft.set_edit("opening.0", "今天专门部署【地名】的工作。")
    assert "【地名】" in draft.render("text")
    draft.facts["place"] = "绿水县"
    assert "今天专门部署绿水县的工作。" in draft.render("text")


def test_a_draft_of_a_template_not_in_the_library_is_named_by_its_title(sample_draft):
    data = json.loads(sample_draft.dumps())
    data["template"] = "imported-speech"
    with pytest.raises(DraftError) as info:
        type(sample_draft).from_json(data, {}, "稿.json")
    message = str(info.value)
    assert "imported-speech" not in message
    assert sample_draft.template.display_title[:10] in message and "再次导入" in message
    del data["template_title"]  # a file from before the title was kept
    with pytest.raises(DraftError, match="imported-speech"):
        type(sample_draft).from_json(data, {}, "稿.json")
