"""Versions (一稿、二稿…): snapshots, the JSON round trip, the cap, and the diff."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from workbench import Draft
from workbench.core import versions as v
from workbench.core.diff import (
    ADDED,
    CHANGED,
    MOVED,
    REMOVED,
    SAME,
    char_diff,
    diff_texts,
    diff_versions,
    has_changes,
    summarize,
)
from workbench.core.versions import (
    Version,
)
from workbench.renderers.diff import (
    render_diff_html,
    render_diff_text,
)

OLD = [
    "在青山县安全生产工作会议上的讲话",
    "同志们：",
    "今天召开会议，主要任务是部署青山县今年的安全生产工作。",
    "一、提高站位，强化责任意识",
    "责任是安全的生命线，各乡镇要守土尽责。",
    "二、突出重点，深化专项整治",
    "要盯住危化品、矿山和建筑施工。",
    "谢谢大家！",
]


class TestVersionsOfADraft:
    def test_add_version_snapshots_what_the_leader_reads(self, sample_draft):
        version = sample_draft.add_version("交主任审阅前")
        assert (version.number, version.label, version.note) == (1, "一稿", "交主任审阅前")
        assert version.paragraphs[0] == ("title", "在青山县测试会议上的讲话")
        assert ("why.h", "一、提高站位，强化意识，坚决守牢底线") in version.paragraphs
        assert "".join(version.texts) in "".join(sample_draft.render("text").split())
        assert version.saved_at.tzinfo is not None
        sample_draft.facts["place"] = "白水县"
        assert version.paragraphs[0][1] == "在青山县测试会议上的讲话"  # frozen
        assert sample_draft.add_version().label == "二稿"
        assert [x.number for x in sample_draft.versions] == [1, 2]
        assert sample_draft.version(2).texts[0] == "在白水县测试会议上的讲话"

    def test_an_unknown_version_is_a_key_error_naming_it(self, sample_draft):
        with pytest.raises(KeyError, match="3"):
            sample_draft.version(3)

    def test_labels_follow_the_number(self):
        when = _dt.datetime(2026, 11, 29, 10, 31)
        assert [Version(n, when).label for n in (1, 2, 10, 12, 21)] == [
            "一稿", "二稿", "十稿", "十二稿", "二十一稿"]
        assert Version(3, when, "改了结尾").caption() == "三稿\u30002026-11-29 10:31\u3000改了结尾"

    def test_a_note_is_one_clean_line_and_bounded(self, sample_draft):
        note = sample_draft.add_version("送审\n前\u202e" + "长" * 500).note
        assert note.startswith("送审 前长") and len(note) == v.MAX_NOTE_CHARS

    def test_json_round_trip_keeps_versions(self, sample_draft, dict_loader, tmp_path):
        when = _dt.datetime(2026, 11, 29, 10, 31, tzinfo=_dt.timezone(_dt.timedelta(hours=8)))
        sample_draft.add_version("一稿备注", saved_at=when)
        sample_draft.facts["place"] = "白水县"
        sample_draft.add_version()
        data = json.loads(sample_draft.dumps())
        assert data["version"] == 1
        first = data["versions"][0]
        assert set(first) == {"number", "saved_at", "note", "paragraphs"}
        assert first["saved_at"] == "2026-11-29T10:31:00+08:00"
        assert first["paragraphs"][0] == ["title", "在青山县测试会议上的讲话"]
        path = tmp_path / "d.json"
        sample_draft.save(path)
        again = Draft.load(path, dict_loader)
        assert again.versions == sample_draft.versions
        assert again.add_version().label == "三稿"

    def test_a_draft_without_versions_writes_no_key(self, sample_draft):
        assert "versions" not in sample_draft.to_json()

    def test_a_damaged_history_keeps_the_draft(self, sample_draft, dict_loader):
        sample_draft.add_version()
        sample_draft.add_version()
        data = sample_draft.to_json()
        data["versions"][0]["paragraphs"] = "oops"
        data["versions"].append({"number": 1, "saved_at": "2026-01-01T00:00:00",
                                 "note": "", "paragraphs": []})
        again = Draft.from_json(data, dict_loader)
        assert [x.label for x in again.versions] == ["二稿"]
        assert again.notes == ["部分历史版本记录有误，已略去"]
        data["versions"] = {"not": "a list"}
        assert Draft.from_json(data, dict_loader).versions == []

    def test_the_history_is_capped_oldest_first(self, sample_draft, dict_loader):
        for _ in range(v.MAX_VERSIONS + 5):
            sample_draft.add_version()
        assert len(sample_draft.versions) == v.MAX_VERSIONS
        assert sample_draft.versions[0].number == 6
        assert sample_draft.versions[-1].label == "三十五稿"
        data = sample_draft.to_json()
        data["versions"] += [dict(data["versions"][-1], number=36 + k) for k in range(3)]
        assert len(Draft.from_json(data, dict_loader).versions) == v.MAX_VERSIONS

    def test_the_history_is_capped_by_characters(self, sample_draft, monkeypatch):
        size = sample_draft.add_version().chars
        monkeypatch.setattr(v, "MAX_VERSION_CHARS", size * 3)
        for _ in range(5):
            sample_draft.add_version()
        assert [x.number for x in sample_draft.versions] == [4, 5, 6]


class TestDiff:
    def test_identical_texts_have_no_changes(self):
        changes = diff_texts(OLD, ["\u3000\u3000" + p for p in OLD] + [""])
        assert [c.kind for c in changes] == [SAME] * len(OLD)
        assert not has_changes(changes) and summarize(changes) == "没有改动"

    def test_a_changed_county_name_is_a_character_level_change(self):
        new = [p.replace("青山县", "白水县") for p in OLD]
        changes = diff_texts(OLD, new)
        assert [c.kind for c in changes][:3] == [CHANGED, SAME, CHANGED]
        assert changes[2].segments == (("=", "今天召开会议，主要任务是部署"), ("-", "青山"),
                                       ("+", "白水"), ("=", "县今年的安全生产工作。"))
        assert summarize(changes) == "改动 2 段"

    def test_an_added_paragraph_and_a_dropped_part(self):
        new = [*OLD[:5], "要把责任落实到每个岗位。", "谢谢大家！"]
        changes = diff_texts(OLD, new)
        kinds = [(c.kind, c.old_number, c.new_number) for c in changes]
        assert kinds == [(SAME, i, i) for i in range(1, 6)] + [
            (REMOVED, 6, None), (REMOVED, 7, None), (ADDED, None, 6), (SAME, 8, 7)]
        assert summarize(changes) == "新增 1 段，删去 2 段"

    def test_a_rewritten_paragraph_is_removed_and_added(self):
        new = [*OLD[:6], "全面开展隐患排查。", OLD[7]]
        kinds = [c.kind for c in diff_texts(OLD, new)]
        assert kinds == [SAME] * 6 + [REMOVED, ADDED, SAME]

    def test_a_moved_part_is_one_move_per_paragraph(self):
        new = [*OLD[:3], "一、突出重点，深化专项整治", OLD[6], "二、提高站位，强化责任意识", OLD[4],
               OLD[7]]
        changes = [c for c in diff_texts(OLD, new) if c.is_change]
        assert [c.kind for c in changes] == [MOVED, MOVED, CHANGED]
        assert changes[0].segments == (("-", "二"), ("+", "一"), ("=", "、突出重点，深化专项整治"))
        assert (changes[1].old_number, changes[1].new_number, changes[1].segments) == (7, 5, ())

    def test_tiny_kept_runs_between_edits_are_merged(self):
        assert char_diff("部署青山县的工作", "部署白水县的安全工作") == (
            ("=", "部署"), ("-", "青山县的"), ("+", "白水县的安全"), ("=", "工作"))
        assert char_diff("甲乙丙", "甲乙丙") == (("=", "甲乙丙"),)
        assert char_diff("", "新") == (("+", "新"),)

    def test_diff_versions_compares_their_texts(self, sample_draft):
        first = sample_draft.add_version()
        sample_draft.facts["place"] = "白水县"
        changes = diff_versions(first, sample_draft.add_version())
        assert changes[0].segments == (("=", "在"), ("-", "青山"), ("+", "白水"),
                                       ("=", "县测试会议上的讲话"))

    def test_a_large_rewrite_is_bounded(self):
        old = [f"第{n}段原来的文字，讲的是第{n}件事。" for n in range(700)]
        new = [f"全新的第{n}段。" for n in range(700)]
        changes = diff_texts(old, new)
        assert len(changes) == 1400 and not any(c.kind == CHANGED for c in changes)


class TestRendering:
    def test_html_marks_insertions_and_deletions_and_escapes(self):
        new = [p.replace("青山县", "白水县") for p in OLD[:7]] + ["<b>谢谢</b>"]
        html = render_diff_html(diff_texts(OLD, new), "一稿", "二稿")
        assert html.startswith('<div class="wb-diff">')
        assert "一稿 → 二稿：改动 2 段，新增 1 段，删去 1 段" in html
        assert ">青山</del><ins" in html and ">白水</ins>" in html
        assert "text-decoration:line-through" in html and "text-decoration:underline" in html
        assert "……未改动 4 段……" in html
        assert "&lt;b&gt;谢谢&lt;/b&gt;" in html and "<b>" not in html

    def test_text_is_a_plus_minus_listing(self):
        new = [p.replace("青山县", "白水县") for p in OLD[:7]] + ["请各单位抓好落实。"]
        text = render_diff_text(diff_texts(OLD, new), "一稿", "二稿")
        assert text.splitlines() == [
            "--- 一稿",
            "+++ 二稿",
            "~ 第1段：在[-青山-]{+白水+}县安全生产工作会议上的讲话",
            "  ……未改动 1 段……",
            "~ 第3段：今天召开会议，主要任务是部署[-青山-]{+白水+}县今年的安全生产工作。",
            "  ……未改动 4 段……",
            "- 原第8段：谢谢大家！",
            "+ 第8段：请各单位抓好落实。",
        ]


def test_a_figure_changes_whole_in_the_character_diff():
    assert char_diff("排查隐患1260处", "排查隐患1350处") == (
        ("=", "排查隐患"), ("-", "1260"), ("+", "1350"), ("=", "处"))
    assert char_diff("整改率98.5%", "整改率99.1%") == (("=", "整改率"), ("-", "98.5%"), ("+", "99.1%"))
