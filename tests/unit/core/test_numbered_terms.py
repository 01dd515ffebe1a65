"""The lexicon of numbered terms and idioms: validated on load, extended by the office."""

from __future__ import annotations

import textwrap

import pytest

from workbench.core.checks import check_text
from workbench.core.numbered_terms import (
    NUMBERED_TERMS_ENV,
    default_lexicon,
    load_lexicon,
    parse_numbered_terms,
)
from workbench.errors import TemplateSyntaxError


def test_the_shipped_lexicon_loads_without_errors():
    lexicon = load_lexicon()
    assert lexicon.errors == []
    assert lexicon["三令五申"].is_idiom
    assert lexicon["四个意识"].count == 4 and lexicon["四个意识"].items[0] == "政治意识"
    assert lexicon["三严三实"].count == 6


@pytest.mark.parametrize(("body", "line", "field", "words"), [
    ("  - {term: 三令五申, kind: saying}\n", 3, "entries[0].kind", "idiom"),
    ("  - {term: 安全生产, kind: idiom}\n", 3, "entries[0].term", "没有数字"),
    ("  - {term: 三个-代表, kind: term}\n", 3, "entries[0].term", "汉字"),
    ("  - {term: 四个意识, kind: term, items: [政治意识, 大局意识], count: 4}\n", 3,
     "entries[0].items", "count 为 4"),
    ("  - {term: 三令五申, kind: idiom, count: 3}\n", 3, "entries[0].count", "只有 term"),
    ("  - {term: 三令五申, kind: idiom}\n  - {term: 三令五申, kind: idiom}\n", 4,
     "entries[1].term", "重复"),
    ("  - {term: 三令五申, kind: idiom, colour: red}\n", 3, "entries[0].colour", "未知字段"),
])
def test_a_bad_entry_names_file_line_and_field(body, line, field, words):
    text = "topic: 测试\nentries:\n" + body
    with pytest.raises(TemplateSyntaxError) as caught:
        parse_numbered_terms(text, "office/terms.yaml")
    err = caught.value
    assert (err.path, err.line, err.field) == ("office/terms.yaml", line, field)
    assert words in str(err) and str(err).startswith(f"office/terms.yaml:{line}")


def test_an_office_folder_adds_and_replaces_entries(tmp_path, monkeypatch):
    (tmp_path / "office.yaml").write_text(textwrap.dedent("""\
        topic: 本单位
        entries:
          - {term: 两个责任人, kind: idiom}
          - {term: 三同时, kind: idiom}
        """), encoding="utf-8")
    text = "　　要落实行政、技术、巡查“两个责任人”。"
    assert [f.rule for f in check_text(text)] == ["count-mismatch"]
    monkeypatch.setenv(NUMBERED_TERMS_ENV, str(tmp_path))
    lexicon = default_lexicon()
    assert lexicon["两个责任人"].is_idiom and lexicon["三同时"].is_idiom  # replaced the shipped term
    assert "四个意识" in lexicon
    assert check_text(text) == []


def test_a_broken_office_file_is_listed_and_the_rest_still_loads(tmp_path):
    (tmp_path / "bad.yaml").write_text("topic: 坏\nentries:\n  - {term: 好, kind: idiom}\n",
                                       encoding="utf-8")
    lexicon = load_lexicon(tmp_path)
    assert len(lexicon.errors) == 1 and "bad.yaml:3" in str(lexicon.errors[0])
    assert "三令五申" in lexicon


def test_a_broken_office_file_is_reported_once_by_the_check(tmp_path, monkeypatch):
    (tmp_path / "bad.yaml").write_text("topic: 坏\nentries:\n  - {term: 好, kind: idiom}\n",
                                       encoding="utf-8")
    monkeypatch.setenv(NUMBERED_TERMS_ENV, str(tmp_path))
    [finding] = check_text("　　各部门、各单位不能“七上八下”。")
    assert finding.severity == "info" and "数字术语词典未能载入" in finding.message
    assert "bad.yaml:3" in finding.message
