"""The dictionary of fixed formulations (规范表述): shipped data, validation, office folders."""

from __future__ import annotations

import re
import textwrap

import pytest

from workbench.core.formulations import (
    FORMULATIONS_ENV,
    SHIPPED_DIR,
    FormulationDictionary,
    default_dictionary,
    load_dictionary,
    load_formulations,
    parse_formulations,
)
from workbench.errors import TemplateSyntaxError

SHIPPED = load_dictionary()


class TestShippedData:
    def test_loads_without_errors_and_holds_at_least_150_entries(self):
        assert SHIPPED.errors == []
        assert len(SHIPPED) >= 150

    def test_covers_the_topics_of_the_templates(self):
        topics = set(SHIPPED.topics)
        assert {"安全生产", "防汛抗旱", "党的建设", "作风建设", "经济发展", "营商环境", "乡村振兴",
                "生态文明"} <= topics

    def test_every_entry_cites_a_source_and_can_be_checked(self):
        for entry in SHIPPED.values():
            assert entry.source.strip(), entry.id
            # A document in 《》, a congress or plenary, a meeting, or a dated speech.
            assert re.search(r"《|大会|全会|会议|讲话|报告|公报|工程|制度|训词", entry.source), entry.id
            han = re.sub(r"[^\u3400-\u9fff]", "", entry.text)
            assert entry.is_series or len(han) >= 8, f"{entry.id}: too short to be checked"

    def test_ids_are_unique_across_the_shipped_files(self):
        seen: dict[str, str] = {}
        for path in sorted(SHIPPED_DIR.glob("*.yaml")):
            for entry in load_formulations(path):
                assert entry.id not in seen, f"{entry.id} in {path.name} and {seen[entry.id]}"
                seen[entry.id] = path.name

    def test_the_review_s_formulations_are_in_the_dictionary(self):
        texts = {entry.text for entry in SHIPPED.values()}
        assert "党政同责、一岗双责、齐抓共管、失职追责" in texts
        assert "迟报、漏报、谎报或者瞒报" in texts
        assert "新技术、新产业、新业态、新模式" in texts
        assert "推动公共安全治理模式向事前预防转型" in texts


GOOD = textwrap.dedent("""\
    topic: 测试
    entries:
      - id: demo
        text: 甲乙丙丁、戊己庚辛
        elements: [甲乙丙丁, 戊己庚辛]
        source: 《测试条例》第一条
""")


class TestValidation:
    def test_a_good_file_parses(self):
        (entry,) = parse_formulations(GOOD, "demo.yaml")
        assert entry.elements == ("甲乙丙丁", "戊己庚辛")
        assert entry.topic == "测试" and entry.line == 3

    @pytest.mark.parametrize(("change", "message", "line", "field"), [
        (("    source: 《测试条例》第一条\n", ""), "缺少必填字段", 3, "entries[0].source"),
        (("    source:", "    sources:"), "未知字段“sources”", 6, "entries[0].sources"),
        (("[甲乙丙丁, 戊己庚辛]", "[戊己庚辛, 甲乙丙丁]"), "顺序与规范表述不一致", 5, "entries[0].elements[1]"),
        (("[甲乙丙丁, 戊己庚辛]", "[甲乙丙丁]"), "至少 2 项", 5, "entries[0].elements"),
        (("id: demo", "id: Demo"), "只能用英文小写字母", 3, "entries[0].id"),
        (("topic: 测试\n", ""), "缺少必填字段", 1, "topic"),
    ])
    def test_errors_name_file_line_and_field(self, change, message, line, field):
        text = GOOD.replace(*change)
        with pytest.raises(TemplateSyntaxError) as info:
            parse_formulations(text, "demo.yaml")
        error = info.value
        assert message in error.message
        assert (error.path, error.line, error.field) == ("demo.yaml", line, field)
        assert str(error).startswith(f"demo.yaml:{line}: ")

    def test_a_duplicate_id_in_one_file_is_refused(self):
        text = GOOD + GOOD.split("entries:\n")[1]
        with pytest.raises(TemplateSyntaxError, match="重复"):
            parse_formulations(text, "demo.yaml")

    def test_a_broken_file_is_listed_and_the_others_still_load(self, tmp_path):
        (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
        (tmp_path / "b.yaml").write_text("topic: 坏\nentries: [1]\n", encoding="utf-8")
        dictionary = load_dictionary(tmp_path, shipped=False)
        assert list(dictionary) == ["demo"]
        assert len(dictionary.errors) == 1 and "b.yaml" in str(dictionary.errors[0])


class TestOfficeFolders:
    def test_an_office_folder_adds_entries_and_replaces_shipped_ones(self, tmp_path, monkeypatch):
        (tmp_path / "own.yaml").write_text(textwrap.dedent("""\
            topic: 本地
            entries:
              - id: safety-policy
                text: 安全第一、预防为主、综合治理
                elements: [安全第一, 预防为主, 综合治理]
                source: 《中华人民共和国安全生产法》第三条（本单位复核）
              - id: local-slogan
                text: 青山处处皆安澜
                elements: [青山处处, 皆安澜]
                source: 《青山县防汛工作规定》
        """), encoding="utf-8")
        monkeypatch.setenv(FORMULATIONS_ENV, str(tmp_path))
        dictionary = default_dictionary()
        assert dictionary["safety-policy"].source.endswith("（本单位复核）")
        assert dictionary["local-slogan"].topic == "本地"
        assert len(dictionary) == len(SHIPPED) + 1
        monkeypatch.delenv(FORMULATIONS_ENV)
        assert "local-slogan" not in default_dictionary()

    def test_the_default_dictionary_is_loaded_once(self, monkeypatch):
        monkeypatch.delenv(FORMULATIONS_ENV, raising=False)
        assert default_dictionary() is default_dictionary()
        assert isinstance(default_dictionary(), FormulationDictionary)
