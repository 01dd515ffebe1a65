"""YAML files for templates and layouts: read and parsed with errors that name file and line."""

from __future__ import annotations

import pytest

from workbench.core.layout import load_layout
from workbench.core.loader import load_template
from workbench.core.yamlsource import LineDict, parse_yaml, read_yaml_file
from workbench.errors import TemplateSyntaxError


def test_read_yaml_file_says_what_it_cannot_read(tmp_path):
    with pytest.raises(TemplateSyntaxError) as info:
        read_yaml_file(tmp_path / "nope.yaml", "版式配置")
    assert info.value.path == str(tmp_path / "nope.yaml")
    assert info.value.message.startswith("无法读取版式配置（")


def test_read_yaml_file_drops_a_bom(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("id: 甲\n".encode("utf-8-sig"))
    assert read_yaml_file(path, "文件") == "id: 甲\n"


def test_parse_yaml_keeps_lines_and_names_the_file_on_errors():
    data = parse_yaml("a: 1\nb: 2\n", "t.yaml")
    assert isinstance(data, LineDict) and data.line_of("b") == 2
    with pytest.raises(TemplateSyntaxError) as info:
        parse_yaml("a: 1\nb: [\n", "t.yaml")
    assert str(info.value).startswith("t.yaml:") and "YAML 格式错误" in str(info.value)


@pytest.mark.parametrize(("load", "what"), [(load_template, "文件"), (load_layout, "版式配置")])
def test_loaders_keep_their_own_words(tmp_path, load, what):
    with pytest.raises(TemplateSyntaxError, match=f"无法读取{what}（"):
        load(tmp_path / "nope.yaml")
