"""The material bank's loader: entries validated with file, line and field; folders; filling."""

from __future__ import annotations

import textwrap

import pytest

from workbench.core.edits import Edit, FactRef
from workbench.core.materials import (
    MATERIALS_ENV,
    USER_MATERIALS_ENV,
    check_dir,
    load_bank,
    parse_materials,
    template_topics,
)
from workbench.core.materials.collect import link_slots, passage_material, save_material
from workbench.errors import MaterialError

GOOD = textwrap.dedent("""\
    topics: [安全生产]
    materials:
      - id: a-par
        form: 排比
        text: 人人讲安全、个个会应急、处处有监督
      - id: a-quote
        form: quotation
        text: 要贯彻{{ upper_meeting }}精神，把{{ place }}的工作做实
        topics: [安全生产, 通用]
      - id: a-own-slot
        form: 过渡
        text: 今年要完成{{ target }}个项目
        slots: {target: 目标项目数}
      - id: a-head
        form: 标题组
        kind: triple
        headings:
          - 提高站位，强化责任意识
          - 突出重点，深化专项整治
          - 完善机制，夯实基层基础
""")


def _error(text: str) -> MaterialError:
    with pytest.raises(MaterialError) as info:
        parse_materials(textwrap.dedent(text), "bank.yaml")
    return info.value


def test_a_good_file_parses_with_file_defaults_and_forms_by_name_or_id():
    materials = {m.id: m for m in parse_materials(GOOD, "bank.yaml")}
    assert materials["a-par"].form.label == "排比" and materials["a-par"].topics == ("安全生产",)
    assert materials["a-quote"].form.id == "quotation"
    assert materials["a-quote"].topics == ("安全生产", "通用")
    assert materials["a-quote"].slot_names == {"upper_meeting", "place"}
    head = materials["a-head"]
    assert head.is_heading_set and head.kind == "triple" and len(head.headings) == 3
    assert head.text == " / ".join(head.headings)
    assert (materials["a-par"].path, materials["a-par"].line) == ("bank.yaml", 3)


@pytest.mark.parametrize(("text", "line", "field", "words"), [
    ("materials:\n  - id: x\n    form: 排列\n    text: 好\n    topics: [通用]\n", 3,
     "materials[0].form", "未知句式“排列”"),
    ("materials:\n  - id: x\n    form: 排比\n    txt: 好\n    topics: [通用]\n", 4,
     "materials[0].txt", "未知字段"),
    ("materials:\n  - id: x\n    form: 排比\n    text: 好\n", 2, "materials[0].topics",
     "缺少必填字段"),
    ("materials:\n  - id: Bad_Id\n    form: 排比\n    text: 好\n    topics: [通用]\n", 2,
     "materials[0].id", "标识"),
    ("materials:\n  - id: x\n    form: 排比\n    text: 在{{ nowhere }}\n    topics: [通用]\n", 4,
     "materials[0].text", "未声明的要素“nowhere”"),
    ("materials:\n  - id: x\n    form: 排比\n    text: '{{ place.__class__ }}'\n    topics: [通用]\n",
     4, "materials[0].text", "不允许"),
    ("materials:\n  - id: x\n    form: 排比\n    text: 好\n    topics: [安全，生产]\n", 5,
     "materials[0].topics[0]", "主题"),
    ("materials:\n  - id: x\n    form: 标题组\n    topics: [通用]\n    headings: [甲, 乙]\n", 5,
     "materials[0].headings", "3 至 4 个"),
    ("materials:\n  - id: x\n    form: 排比\n    topics: [通用]\n    headings: [甲, 乙, 丙]\n", 5,
     "materials[0].headings", "只有标题组"),
    ("materials:\n  - id: x\n    form: 开头\n    kind: 号召式\n    text: 好\n    topics: [通用]\n",
     4, "materials[0].kind", "形势分析式"),
    ("materials:\n  - id: x\n    form: 排比\n    text: 好\n    topics: [通用]\n"
     "  - id: x\n    form: 排比\n    text: 坏\n    topics: [通用]\n", 6, "materials[1].id", "重复"),
    ("materials:\n  - id: x\n    form: 排比\n    text: 好\n    topics: [通用]\n    slots: {1a: 甲}\n",
     6, "materials[0].slots", "要素标识"),
])
def test_a_bad_entry_names_file_line_and_field(text, line, field, words):
    error = _error(text)
    assert error.path == "bank.yaml" and error.line == line and error.field == field
    assert words in error.message
    assert str(error).startswith(f"bank.yaml:{line}: ") and "\n" not in str(error)


def test_bad_yaml_and_an_empty_file_name_the_line():
    assert _error("materials:\n  - id: [x\n").line is not None
    assert _error("").field == "materials"
    assert _error("topics: [通用]\n").field == "materials"


def test_fill_puts_the_drafts_facts_in_and_shows_missing_ones_as_slots():
    quote = parse_materials(GOOD, "bank.yaml")[1]
    assert quote.fill({"place": "青山县"}) == "要贯彻【传达的上级会议】精神，把青山县的工作做实"
    assert quote.fill({}, {"place": "县名"}) == "要贯彻【传达的上级会议】精神，把【县名】的工作做实"
    own = parse_materials(GOOD, "bank.yaml")[2]
    assert own.fill({}) == "今年要完成【目标项目数】个项目"
    assert own.fill({"target": 12}) == "今年要完成12个项目"


def test_check_dir_reports_the_first_error_and_counts_the_others(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    assert len(check_dir(tmp_path)) == 4
    (tmp_path / "b.yaml").write_text(GOOD.replace("a-quote", "b-quote"), encoding="utf-8")
    with pytest.raises(MaterialError) as info:
        check_dir(tmp_path)
    assert info.value.path.endswith("b.yaml") and info.value.line == 3 and "a.yaml" in str(info.value)
    (tmp_path / "c.yaml").write_text("materials: 1\n", encoding="utf-8")
    with pytest.raises(MaterialError) as info:
        check_dir(tmp_path)
    assert info.value.others == 3  # after the first: b reuses two more ids, and c
    with pytest.raises(MaterialError, match="不存在"):
        check_dir(tmp_path / "nope")


def test_the_office_folder_overrides_shipped_ids_and_the_writers_come_first(tmp_path, monkeypatch):
    office, mine = tmp_path / "office", tmp_path / "mine"
    office.mkdir()
    mine.mkdir()
    (office / "o.yaml").write_text(textwrap.dedent("""\
        materials:
          - id: aq-par-1
            form: 排比
            text: 本单位自己的排比句，替换同名的随附素材
            topics: [安全生产]
        """), encoding="utf-8")
    (mine / "m.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("materials: [", encoding="utf-8")
    monkeypatch.setenv(MATERIALS_ENV, str(office))
    monkeypatch.setenv(USER_MATERIALS_ENV, str(mine))
    bank = load_bank(tmp_path)
    assert bank.get("aq-par-1").origin == "office" and "本单位" in bank.get("aq-par-1").text
    assert bank.materials[0].origin == "user"
    assert [e.path for e in bank.errors] == [str(tmp_path / "broken.yaml")]
    assert len(bank) == len(load_bank(user=False)) + 4


def test_a_missing_writers_folder_is_no_error(tmp_path, monkeypatch):
    monkeypatch.setenv(USER_MATERIALS_ENV, str(tmp_path / "not-yet"))
    monkeypatch.delenv(MATERIALS_ENV, raising=False)
    assert load_bank().errors == []


def test_template_topics_come_from_its_title_and_occasion():
    from workbench import load_library

    library = load_library()
    assert template_topics(library["work-safety-plenary"]) == ("安全生产",)
    assert template_topics(library["flood-season"]) == ("防汛",)
    assert "营商环境" in template_topics(library["mobilization-rally"])
    assert "作风" in template_topics(library["work-style"])


class TestCollect:
    def test_a_passage_becomes_a_material_with_the_drafts_facts_as_slots(self):
        material = passage_material("青山县要把责任扛在肩上，把隐患消灭在萌芽", "排比", ["安全生产"],
                                    facts={"place": "青山县", "hazards": 37},
                                    labels={"place": "地名"})
        assert material.text == "{{ place }}要把责任扛在肩上，把隐患消灭在萌芽"
        assert material.fill({"place": "白水县"}).startswith("白水县要")
        assert material.origin == "user" and material.id.startswith("my-")

    def test_a_passage_with_braces_stays_plain_text(self):
        assert "｛" in passage_material("写{{ x }}", "过渡", ["通用"]).text

    def test_an_empty_passage_or_a_bad_heading_set_is_a_message(self):
        with pytest.raises(MaterialError, match="选中"):
            passage_material("  \n ", "排比", ["通用"])
        with pytest.raises(MaterialError, match="3 至 4 个") as info:
            passage_material("只有一个标题", "标题组", ["通用"])
        assert str(info.value) == info.value.message

    def test_saving_appends_to_the_writers_file_and_keeps_its_text(self, tmp_path):
        first = passage_material("第一句收藏", "过渡", ["通用"])
        second = passage_material("甲标题\n乙标题\n丙标题", "标题组", ["党建"])
        path = save_material(first, tmp_path)
        path.write_text("# 我自己的注释\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        assert save_material(second, tmp_path) == path
        assert save_material(second, tmp_path) == path  # the same passage is kept once
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# 我自己的注释") and text.count("- id:") == 2
        loaded = {m.id: m for m in check_dir(tmp_path)}
        assert loaded[second.id].headings == ("甲标题", "乙标题", "丙标题")

    def test_a_broken_file_is_never_overwritten(self, tmp_path):
        (tmp_path / "my-materials.yaml").write_text("materials: [broken", encoding="utf-8")
        path = save_material(passage_material("另存的一句", "过渡", ["通用"]), tmp_path)
        assert path.name == "my-materials-2.yaml"
        assert (tmp_path / "my-materials.yaml").read_text(encoding="utf-8") == "materials: [broken"

    def test_link_slots_turns_slots_and_filled_values_into_fact_references(self):
        edit = Edit(["对照【上级会议】的要求，青山县要", FactRef("x"), "做实"])
        linked = link_slots(edit, {"upper_meeting": "上级会议"}, {"place": "青山县"})
        assert linked.segments == ["对照", FactRef("upper_meeting"), "的要求，", FactRef("place"),
                                   "要", FactRef("x"), "做实"]
        plain = Edit(["没有空位"])
        assert link_slots(plain, {"place": "地名"}) is plain
