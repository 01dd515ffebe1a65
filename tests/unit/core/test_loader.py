"""Template loading and validation: errors name the file, the line and the field."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL_TEMPLATE
from workbench import load_library, parse_template
from workbench.errors import TemplateSyntaxError


def test_minimal_template_parses(minimal_template):
    assert minimal_template.id == "mini"
    assert [p.id for p in minimal_template.parts] == ["why", "what", "how"]
    assert minimal_template.fact_specs["hazards"].example == 37


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "words"),
    [
        ("target_chars: 600", "target_chars: lots", "target_chars", "target_chars", "正整数"),
        ("type: number", "type: float", "type: float", "facts[1].type", "类型"),
        ("body: 要严格考核。", "body: 要严格考核{{ budget }}。", "budget", "parts[2].points[0].body",
         "budget"),
        ("occasion: 测试会议\n", "", None, "occasion", "缺少"),
        ("target_chars: 600", "target_chars: 600\ncolour: red", "colour", "colour", "未知字段"),
        ("body: 要加大投入。", "body: '{{ \"\".__class__ }}'", "__class__",
         "parts[2].points[1].body", "Getattr"),
        ("  - id: place\n", "  - id: town\n", "facts:", "facts", "place"),
        ("required: true", "required: maybe", "maybe", "facts[0].required", "true"),
        ("  - id: b\n", "  - id: a\n", None, "parts[0].points.id", "重复"),
        ("example: 37", "example: 37\n    min: lots", "min: lots", "facts[1].min", "数字"),
        ("example: 37", "example: 37\n    min: 40", "example: 37", "facts[1].example", "不小于40"),
        ("example: 37", "example: 37\n    default: -1\n    min: 0", "default: -1",
         "facts[1].default", "不小于0"),
        ("example: 37", "example: 37\n    unit: [处]", "unit: [处]", "facts[1].unit", "单位"),
        ("example: 青山县", "example: 青山县\n    min: 0", "min: 0", "facts[0].min", "数字要素"),
    ],
)
def test_schema_errors_name_line_and_field(old, new, at, field, words):
    assert old in MINIMAL_TEMPLATE
    text = MINIMAL_TEMPLATE.replace(old, new, 1)
    with pytest.raises(TemplateSyntaxError) as info:
        parse_template(text, "bad.yaml")
    err = info.value
    message = str(err)
    assert message.startswith("bad.yaml:")
    assert "\n" not in message
    assert err.field == field, message
    assert words in message
    if at is not None:
        expected = next(i for i, line in enumerate(text.splitlines(), 1) if at in line)
        assert err.line == expected, message


def test_yaml_syntax_error_names_line():
    with pytest.raises(TemplateSyntaxError) as info:
        parse_template("id: x\ntitle: [unclosed\nfacts: 1\n", "broken.yaml")
    assert info.value.line is not None
    assert "YAML" in str(info.value)


def test_block_scalar_error_points_to_the_line_inside_the_block():
    text = MINIMAL_TEMPLATE.replace("今天召开会议，主要任务是部署{{ place }}的工作。",
                                    "今天召开会议，部署{{ county }}的工作。")
    with pytest.raises(TemplateSyntaxError) as info:
        parse_template(text, "t.yaml")
    lines = text.splitlines()
    assert "county" in lines[info.value.line - 1]


def test_broken_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "good.yaml").write_text(MINIMAL_TEMPLATE.replace("id: mini", "id: good"),
                                        encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("id: [", encoding="utf-8")
    library = load_library(tmp_path)
    assert "good" in library
    assert len(library.errors) == 1
    assert "bad.yaml" in str(library.errors[0])


def test_user_folder_from_environment(tmp_path, monkeypatch):
    (tmp_path / "mine.yaml").write_text(MINIMAL_TEMPLATE.replace("id: mini", "id: mine"),
                                        encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_TEMPLATES", str(tmp_path))
    assert "mine" in load_library()


def test_library_indexes_first_and_validates_on_use(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL_TEMPLATE.replace("id: mini", "id: a"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        MINIMAL_TEMPLATE.replace("id: mini", "id: b").replace("target_chars: 600", "target_chars: x"),
        encoding="utf-8")
    library = load_library(tmp_path, shipped=False)
    assert set(library) == {"a", "b"}
    assert library.titles()["a"] == "在【place】测试会议上的讲话"
    with pytest.raises(TemplateSyntaxError):
        library["b"]
    assert set(library) == {"a"}
    assert [e.field for e in library.errors] == ["target_chars"]
    assert library["a"].title.source.startswith("在{{ place }}")


FORMS_CASES = [
    # (old, new, the line's text, field, words)
    ("          b: 把隐患找在前头\n", "", "clauses:", "parts[0].forms.parallel.clauses.b", "缺少分论点“b”"),
    ("          b: 排查到位\n", "          c: 排查到位\n", "c: 排查到位",
     "parts[0].forms.slogan.elements.c", "没有分论点“c”"),
    ("        keyword: 到位\n", "", "elements:", "parts[0].forms.slogan.keyword", "缺少"),
    ("          b: 隐患清零是目的\n", "", "steps:", "parts[0].forms.escalation.steps.b", "缺少"),
    ("            points: [b]\n", "            points: [a, b]\n", "points: [a, b]",
     "parts[0].forms.contrast.sides[1].points", "另一方面"),
    ("      parallel:\n", "      runin:\n", "runin:", "parts[0].forms.runin", "可写措辞"),
    ("        lead: 抓安全，就是要\n", "        lead: 抓安全，就是要\n        colour: red\n",
     "colour", "parts[0].forms.parallel.colour", "未知字段"),
]


@pytest.mark.parametrize(("old", "new", "at", "field", "words"), FORMS_CASES)
def test_a_form_whose_wording_is_missing_is_refused_with_file_line_and_field(old, new, at, field,
                                                                              words):
    assert old in MINIMAL_TEMPLATE
    text = MINIMAL_TEMPLATE.replace(old, new, 1)
    with pytest.raises(TemplateSyntaxError) as info:
        parse_template(text, "forms.yaml")
    err = info.value
    assert str(err).startswith("forms.yaml:") and err.field == field, str(err)
    assert words in str(err)
    expected = next(i for i, line in enumerate(text.splitlines(), 1) if at in line)
    assert err.line == expected, str(err)


def test_a_default_form_needs_the_parts_wording():
    text = MINIMAL_TEMPLATE.replace("  - id: what\n    title: 重点任务\n",
                                    "  - id: what\n    title: 重点任务\n    pattern: parallel\n"
                                    "    forms: {}\n")
    with pytest.raises(TemplateSyntaxError) as info:
        parse_template(text, "forms.yaml")
    assert info.value.field == "parts[1].pattern" and "forms.parallel" in str(info.value)


def test_a_format_1_default_form_without_wording_still_loads_in_the_default_form():
    from workbench import Draft

    text = MINIMAL_TEMPLATE.replace("  - id: what\n    title: 重点任务\n",
                                    "  - id: what\n    title: 重点任务\n    pattern: slogan\n")
    draft = Draft(parse_template(text, "old.yaml"))
    assert draft.section("what").pattern == "runin"
    assert "slogan" not in draft.section("what").patterns


def test_number_facts_take_a_unit_and_a_default():
    text = MINIMAL_TEMPLATE.replace(
        "example: 37", "example: 37\n    unit: 处\n    min: 1\n    default: 40", 1)
    spec = parse_template(text, "t.yaml").fact_specs["hazards"]
    assert (spec.unit_text, spec.min, spec.default) == ("处", 1, 40)
