"""Damaged draft files: what can be opened opens, with notes on what was dropped; the rest
is refused with the line and the field."""

from __future__ import annotations

import json

import pytest

from workbench import Draft, DraftError
from workbench.core.jsonsalvage import salvage_json


@pytest.fixture
def full_draft(sample_draft):
    """A draft with every part of the file in use: choices, facts, edits, versions."""
    sample_draft.facts["hazards"] = 37
    sample_draft.section("why").pattern = "enumeration"
    sample_draft.set_edit("how.a", "强化考核问责。考核要动真格，青山县要带头。")
    sample_draft.add_version("一稿")
    sample_draft.set_edit("opening.0", "今天召开会议，部署青山县的工作。")
    return sample_draft


def _data(draft: Draft) -> dict:
    return json.loads(draft.dumps())


def _loads(data: dict, library) -> Draft:
    return Draft.loads(json.dumps(data, ensure_ascii=False, indent=1), library, "d.json")


@pytest.mark.parametrize("compact", [False, True], ids=["as saved", "one ASCII line"])
def test_a_file_cut_anywhere_opens_what_was_written_or_says_it_is_incomplete(full_draft,
                                                                           dict_loader, compact):
    text = json.dumps(_data(full_draft)) if compact else full_draft.dumps()
    template_line = text.index('"template"')
    opened = refused = 0
    for cut in range(1, len(text), 7):
        try:
            draft = Draft.loads(text[:cut], dict_loader, "d.json")
        except DraftError as exc:
            assert "损坏或不完整" in str(exc) and "\n" not in str(exc)
            refused += 1
            continue
        opened += 1
        assert cut > template_line
        assert draft.notes[0].startswith("草稿文件不完整，在第 ")
        assert draft.render("text")
    assert opened > refused > 0
    if compact:
        return
    # Cut in the last edit: everything before it is back, the cut edit is not emptied.
    cut = text.index("今天召开会议，部署")
    draft = Draft.loads(text[:cut], dict_loader, "d.json")
    assert draft.facts["hazards"] == 37 and draft.section("why").pattern == "enumeration"
    assert list(draft.edits) == ["how.a"]
    assert "今天召开会议，主要任务是部署青山县的工作。" in draft.render("text")


def test_a_file_cut_inside_an_escape_still_opens(full_draft, dict_loader):
    text = json.dumps(_data(full_draft))  # ASCII, with \uXXXX escapes
    cut = text.index("\\u", text.index('"edits"')) + 4
    draft = Draft.loads(text[:cut], dict_loader, "d.json")
    assert "不完整" in draft.notes[0] and draft.facts["hazards"] == 37


def test_a_file_cut_inside_a_character_still_opens(full_draft, dict_loader):
    data = full_draft.dumps().encode("utf-8")
    cut = data.index("考核要动真格".encode()) + 1  # the middle of 考's three bytes
    draft = Draft.loads(data[:cut], dict_loader, "d.json")
    assert "不完整" in draft.notes[0]


def test_a_file_broken_in_the_middle_is_refused_with_its_line(full_draft, dict_loader):
    text = full_draft.dumps()
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith(' "opening"'))
    lines[number] = lines[number].rstrip(",")  # a hand edit dropped a comma
    with pytest.raises(DraftError) as info:
        Draft.loads("\n".join(lines), dict_loader, "d.json")
    assert str(info.value).startswith(f"d.json:{number + 2}: 草稿文件已损坏或不完整")


@pytest.mark.parametrize(("change", "words"), [
    ({"version": 2}, ":3: 草稿来自更新的版本（格式 2），请升级讲稿工作台（字段 version）"),
    ({"version": "1"}, ":3: 草稿格式版本号无效（字段 version）"),
    ({"template": "gone", "template_title": ""}, ":5: 草稿所用模板“gone”不存在（字段 template）"),
    ({"template": "gone"}, ":5: 草稿所用模板“在【地名】测试会议上的讲话”不在模板库中"
                           "（导入的范文须先在“导入范文”中再次导入）（字段 template）"),
    ({"format": "other"}, ":2: 不是讲稿工作台的草稿文件（字段 format）"),
])
def test_refused_fields_are_named_with_their_line(full_draft, dict_loader, change, words):
    data = _data(full_draft)
    data.update(change)
    with pytest.raises(DraftError) as info:
        _loads(data, dict_loader)
    assert str(info.value) == f"d.json{words}"


@pytest.mark.parametrize(("change", "note"), [
    ({"facts": {"place": "绿水县", "hazards": "很多"}}, "要素“隐患数”的值“很多”无效，已略去"),
    ({"edits": {"how.a": 5, "opening.0": ["好"]}}, "1 段修改的记录有误，已略去"),
    ({"edits": "x"}, "逐段修改的记录有误，已全部略去"),
    ({"facts": [1]}, "本地要素的记录有误，已全部略去"),
    ({"sections": {"why": 1}}, "结构与句式的记录有误，已改用模板默认"),
    ({"sections": [{"id": "why"}, 7, {"include": False}]}, "2 处部分记录有误，已略去"),
    ({"opening": ["x"]}, "“['x']”已不在模板中，改用默认"),
    ({"revision": -3}, "修订号无效，按 0 计"),
    ({"future_field": {"a": 1}, "more": 2}, "本版本不认识的字段 future_field、more 已略去"),
    ({"versions": [{"number": "一"}]}, "部分历史版本记录有误，已略去"),
])
def test_damaged_parts_are_dropped_with_a_note(full_draft, dict_loader, change, note):
    data = _data(full_draft)
    data.update(change)
    draft = _loads(data, dict_loader)
    assert note in draft.notes
    assert draft.render("text")


def test_what_survives_a_damaged_part_is_kept(full_draft, dict_loader):
    data = _data(full_draft)
    data["facts"]["hazards"] = "很多"
    draft = _loads(data, dict_loader)
    assert draft.facts["place"] == "青山县" and "hazards" not in draft.facts
    assert draft.edits.keys() == full_draft.edits.keys()


def test_deeply_nested_json_is_refused_with_one_line(dict_loader):
    with pytest.raises(DraftError) as info:
        Draft.loads("[" * 100_000 + "]" * 100_000, dict_loader, "d.json")
    assert "嵌套过深" in str(info.value)
    with pytest.raises(DraftError):
        Draft.loads("[" * 100_000, dict_loader, "d.json")


@pytest.mark.parametrize(("text", "expected"), [
    ('{"a": [1, 2', {"a": [1]}),  # the last number may itself be cut short
    ('{"a": [1, 2,', {"a": [1, 2]}),
    ('{"a": {"b": "x\\"y', {"a": {}}),
    ('{"a": 1, "b": tr', {"a": 1}),
    ('{"a": 1, "b"', {"a": 1}),
    ("[", []),
    ("]", None),
    ('"abc', None),
])
def test_salvage_keeps_the_complete_values_before_the_cut(text, expected):
    rescue = salvage_json(text)
    assert (rescue.data if rescue else None) == expected


def test_every_field_a_draft_writes_is_one_this_version_reads(full_draft, dict_loader):
    from workbench.core.draft import _KNOWN_KEYS

    assert set(_data(full_draft)) <= _KNOWN_KEYS
    assert Draft.loads(full_draft.dumps(), dict_loader).notes == []
