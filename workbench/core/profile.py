"""Unit profiles (本地要素档案): the one facts-file format, read by the app and the CLI alike.

A profile is YAML: either the header form the dashboard saves
(``format: speech-workbench-profile``, ``version``, ``facts: {id: value}``) or a plain
mapping of fact id -> value (what ``workbench facts ID --example`` prints). Both load
everywhere; values keep the line they were written on, so a wrong type is reported as
``file:line``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

from ..errors import WorkbenchError
from .facts import to_json_value
from .yamlsource import LineDict, YamlSyntaxError, load_yaml

#: The profile file format name.
PROFILE_FORMAT = "speech-workbench-profile"

#: Largest profile file accepted, in bytes.
MAX_PROFILE_BYTES = 256 * 1024

#: Most facts a profile may hold.
MAX_PROFILE_FACTS = 500

#: Keys of the header form that are not facts.
_HEADER_KEYS = ("format", "version", "facts", "saved_at")

_FACT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_SCALARS = (str, int, float, bool, _dt.date)


class ProfileError(WorkbenchError):
    """A facts file or unit profile that cannot be read; the message names file and line."""


def dump_profile(facts: Mapping[str, Any]) -> str:
    """Return `facts` as a profile: YAML with a header, values in the draft's JSON form."""
    data = {"format": PROFILE_FORMAT, "version": 1,
            "facts": {key: to_json_value(value) for key, value in facts.items()}}
    header = "# 讲稿工作台 · 本地要素档案：可在任何模板中载入，同名要素自动填入\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def parse_profile(content: bytes | str, name: str = "档案") -> LineDict:
    """Return the facts in profile `content` (id -> value, with `line_of(id)`).

    Raises `ProfileError` naming `name` (and the line) when the file is not a profile.
    Values must be text, numbers, yes/no, dates or lists of those; anything else (nested
    data, YAML tags) is refused.
    """
    if len(content) > MAX_PROFILE_BYTES:
        raise ProfileError(f"{name}: 文件过大（上限 {MAX_PROFILE_BYTES // 1024} KB）")
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError:
        raise ProfileError(f"{name}: 不是 UTF-8 文本文件") from None
    try:
        data = load_yaml(text)
    except YamlSyntaxError as exc:
        where = f":{exc.line}" if exc.line else ""
        raise ProfileError(f"{name}{where}: 不是有效的 YAML（{exc}）") from None
    if data is None:
        return LineDict()
    if isinstance(data, dict) and data.get("format") == PROFILE_FORMAT:
        version = data.get("version", 1)
        if isinstance(version, int) and version > 1:
            raise ProfileError(f"{name}: 档案来自更新的版本（格式 {version}），请升级讲稿工作台")
        data = data.get("facts") if data.get("facts") is not None else LineDict()
    if not isinstance(data, dict):
        raise ProfileError(f"{name}: 不是要素档案（应为“要素: 值”的映射）")
    if len(data) > MAX_PROFILE_FACTS:
        raise ProfileError(f"{name}: 要素过多（上限 {MAX_PROFILE_FACTS} 项）")
    facts = LineDict()
    lines = getattr(data, "line_of", lambda key: None)
    for key, value in data.items():
        line = lines(key)
        where = f"{name}:{line}" if line else name
        if not isinstance(key, str) or not _FACT_ID.match(key):
            raise ProfileError(f"{where}: 要素标识“{str(key)[:40]}”无效")
        if value is None:
            continue
        if isinstance(value, list):
            if not all(isinstance(v, _SCALARS) for v in value):
                raise ProfileError(f"{where}: 要素“{key}”的列表只能包含文字或数字")
        elif not isinstance(value, _SCALARS):
            raise ProfileError(f"{where}: 要素“{key}”的值应为文字、数字、日期或列表")
        facts[key] = list(value) if isinstance(value, list) else value
        if line:
            facts.key_lines[key] = line
    return facts
