"""YAML reading that remembers the line of every key, for errors that name file and line."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

import yaml

from ..errors import TemplateSyntaxError

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A dict from YAML that knows the line (1-based) of each key and of itself."""

    __slots__ = ("key_lines", "line")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}
        self.line: int | None = None

    def line_of(self, key: Any) -> int | None:
        """Return the line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list from YAML that knows the line of each element."""

    __slots__ = ("item_lines", "line")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: list[int] = []
        self.line: int | None = None


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    def construct_object(self, node: Any, deep: bool = False) -> Any:
        # Anchors and aliases are never needed in our files; refusing them rules out
        # recursive structures and "billion laughs" expansion.
        if node in self.constructed_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "不允许使用 YAML 锚点和别名（& 与 *）", node.start_mark
            )
        return super().construct_object(node, deep=deep)


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "unhashable key", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlSyntaxError(ValueError):
    """Unparseable YAML; carries the 1-based line."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def load_yaml(text: str) -> Any:
    """Parse YAML `text` into LineDict/LineList values; raises `YamlSyntaxError`."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "无法解析").splitlines()[0]
        raise YamlSyntaxError(f"YAML 格式错误：{problem}", line) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise YamlSyntaxError(f"YAML 格式错误：{first}", None) from None


#: Largest YAML file read (templates, layouts, facts), in bytes.
MAX_YAML_BYTES = 2 * 1024 * 1024


def read_text(path: Path) -> str:
    """Return the text of `path` as UTF-8 (with or without a BOM); refuses huge files."""
    if path.stat().st_size > MAX_YAML_BYTES:
        raise OSError(f"file larger than {MAX_YAML_BYTES // 1024 // 1024} MB")
    return path.read_bytes().decode("utf-8-sig")


def read_yaml_file(path: Path, what: str) -> str:
    """Return the text of the YAML file `path`; raises `TemplateSyntaxError` saying it
    cannot read `what` (e.g. 文件, 版式配置) and why."""
    try:
        return read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise TemplateSyntaxError(f"无法读取{what}（{reason}）", path) from None


def parse_yaml(text: str, path: str) -> Any:
    """Return `load_yaml(text)` for a template or layout file; a syntax error becomes a
    `TemplateSyntaxError` naming `path` and the line."""
    try:
        return load_yaml(text)
    except YamlSyntaxError as exc:
        raise TemplateSyntaxError(str(exc), path, exc.line) from None


class FieldParser:
    """The checks every data file's parser makes of a mapping, failing with the file's
    path, the line and the field (`TemplateSyntaxError`); a parser subclasses it."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, message: str, line: int | None, field: str | None) -> NoReturn:
        raise TemplateSyntaxError(message, self.path, line, field)

    def mapping(self, data: Any, fields: Mapping[str, bool], where: str, line: int | None) -> LineDict:
        """Return `data` if it is a mapping with only the known `fields` and every
        required one (`fields`: name -> required); `where` prefixes the field names."""
        if not isinstance(data, LineDict):
            self.fail("应为键值映射（mapping）", getattr(data, "line", line), where or None)
        for key in data:
            if key not in fields:
                self.fail(f"未知字段“{key}”", data.line_of(key), f"{where}.{key}".lstrip("."))
        for key, required in fields.items():
            if required and key not in data:
                self.fail("缺少必填字段", data.line, f"{where}.{key}".lstrip("."))
        return data
