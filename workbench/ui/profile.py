"""Unit profiles (本地要素档案): a unit's facts as a small YAML file, loadable into any template."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from ..core.facts import to_json_value
from ..core.leaders import Leader, leaders_in
from ..core.yamlsource import YamlSyntaxError, load_yaml
from ..errors import WorkbenchError

#: The profile file format name.
PROFILE_FORMAT = "speech-workbench-profile"

#: Largest profile file accepted, in bytes.
MAX_PROFILE_BYTES = 256 * 1024

#: Most facts a profile may hold.
MAX_PROFILE_FACTS = 500

_FACT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_SCALARS = (str, int, float, bool, _dt.date)


def dump_profile(facts: Mapping[str, Any], leaders: Sequence[Leader] = ()) -> str:
    """Return `facts` (and the unit's `leaders`, 领导名录) as a profile: YAML with a header,
    values in the draft's JSON form."""
    data: dict[str, Any] = {"format": PROFILE_FORMAT, "version": 1,
                            "facts": {key: to_json_value(value) for key, value in facts.items()}}
    if leaders:
        data["leaders"] = [leader.to_json() for leader in leaders]
    header = "# 讲稿工作台 · 本地要素档案：可在任何模板中载入，同名要素自动填入\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def parse_profile(content: bytes, name: str = "档案") -> dict[str, Any]:
    """Return the facts in profile `content`; raises `WorkbenchError` naming what is wrong.

    A plain mapping of fact id -> value is accepted too. Values must be text, numbers,
    yes/no, dates or lists of those; anything else (nested data, YAML tags) is refused.
    """
    return read_profile(content, name)[0]


def read_profile(content: bytes, name: str = "档案") -> tuple[dict[str, Any], tuple[Leader, ...]]:
    """Return the facts and the leaders (领导名录, none in older profiles) in profile
    `content`; raises `WorkbenchError` naming what is wrong (file, line and field for
    the leaders)."""
    if len(content) > MAX_PROFILE_BYTES:
        raise WorkbenchError(f"{name}: 文件过大（上限 {MAX_PROFILE_BYTES // 1024} KB）")
    try:
        text = content.decode("utf-8-sig")
        data = load_yaml(text)
    except UnicodeDecodeError:
        raise WorkbenchError(f"{name}: 不是 UTF-8 文本文件") from None
    except YamlSyntaxError as exc:
        where = f"第 {exc.line} 行" if exc.line is not None else ""
        raise WorkbenchError(f"{name}: 不是有效的 YAML{where}") from None
    leaders: tuple[Leader, ...] = ()
    if isinstance(data, dict) and data.get("format") == PROFILE_FORMAT:
        leaders = leaders_in(data, name)
        data = data.get("facts")
    elif isinstance(data, dict) and isinstance(data.get("leaders"), list) and all(
            isinstance(item, dict) for item in data["leaders"]):
        # A plain mapping may list the leaders too (a fact is never a list of mappings).
        leaders = leaders_in(data, name)
        data = {key: value for key, value in data.items() if key != "leaders"}
    if not isinstance(data, dict):
        raise WorkbenchError(f"{name}: 不是要素档案（应为“要素标识: 值”的列表）")
    if len(data) > MAX_PROFILE_FACTS:
        raise WorkbenchError(f"{name}: 要素过多（上限 {MAX_PROFILE_FACTS} 项）")
    facts: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str) or not _FACT_ID.match(key):
            raise WorkbenchError(f"{name}: 要素标识“{str(key)[:40]}”无效")
        if value is None:
            continue
        if isinstance(value, list):
            if not all(isinstance(v, _SCALARS) for v in value):
                raise WorkbenchError(f"{name}: 要素“{key}”的列表只能包含文字或数字")
        elif not isinstance(value, _SCALARS):
            raise WorkbenchError(f"{name}: 要素“{key}”的值应为文字、数字、日期或列表")
        facts[key] = value
    return facts, leaders
