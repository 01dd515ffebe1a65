"""Unit profiles (本地要素档案): the one facts-file format, read by the app and the CLI alike.

A profile is YAML: either the header form the dashboard saves
(``format: speech-workbench-profile``, ``version``, ``facts: {id: value}``) or a plain
mapping of fact id -> value (what ``workbench facts ID --example`` prints). Both load
everywhere; values keep the line they were written on, so a wrong type is reported as
``file:line``. Either may list the unit's leaders (领导名录) under ``leaders`` (name, post,
rank), and the words the writer told the checklist not to raise again (不再提示此词)
under ``ignored_terms`` (rule, term); profiles without them load as before.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from ..errors import TemplateError, WorkbenchError
from .facts import to_json_value
from .ignores import MAX_IGNORED, pairs_to_json
from .leaders import Leader, leaders_in
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


def dump_profile(facts: Mapping[str, Any], leaders: Sequence[Leader] = (),
                 ignored_terms: Sequence[tuple[str, str]] = ()) -> str:
    """Return `facts` (and the unit's `leaders`, 领导名录, and `ignored_terms`, the
    (rule, term) pairs of 不再提示此词) as a profile: YAML with a header, values in the
    draft's JSON form."""
    data: dict[str, Any] = {"format": PROFILE_FORMAT, "version": 1,
                            "facts": {key: to_json_value(value) for key, value in facts.items()}}
    if leaders:
        data["leaders"] = [leader.to_json() for leader in leaders]
    if ignored_terms:
        data["ignored_terms"] = pairs_to_json(ignored_terms, "term")
    header = "# 讲稿工作台 · 本地要素档案：可在任何模板中载入，同名要素自动填入\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def parse_profile(content: bytes | str, name: str = "档案") -> LineDict:
    """Return the facts in profile `content` (id -> value, with `line_of(id)`).

    Raises `ProfileError` naming `name` (and the line) when the file is not a profile.
    Values must be text, numbers, yes/no, dates or lists of those; anything else (nested
    data, YAML tags) is refused.
    """
    return read_profile(content, name)[0]


def read_profile(content: bytes | str, name: str = "档案") -> tuple[LineDict, tuple[Leader, ...]]:
    """Return the facts and the leaders (领导名录; none in older profiles) in profile
    `content`; raises `ProfileError` naming what is wrong (file, line and field for the
    leaders)."""
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
        return LineDict(), ()
    leaders: tuple[Leader, ...] = ()
    if isinstance(data, dict) and data.get("format") == PROFILE_FORMAT:
        version = data.get("version", 1)
        if isinstance(version, int) and version > 1:
            raise ProfileError(f"{name}: 档案来自更新的版本（格式 {version}），请升级讲稿工作台")
        leaders = _leaders(data, name)
        data = data.get("facts") if data.get("facts") is not None else LineDict()
    elif isinstance(data, LineDict):
        # A plain mapping may list the leaders and ignored terms too (a fact is never a
        # list of mappings).
        lists = {key for key in ("leaders", "ignored_terms") if _is_records(data.get(key))}
        if "leaders" in lists:
            leaders = _leaders(data, name)
        if lists:
            rest = LineDict((k, v) for k, v in data.items() if k not in lists)
            rest.key_lines = {k: v for k, v in data.key_lines.items() if k not in lists}
            data = rest
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
    return facts, leaders


def read_ignored_terms(content: bytes | str, name: str = "档案") -> tuple[tuple[str, str], ...]:
    """Return the (rule, term) pairs under ``ignored_terms`` in profile `content` (不再提示
    此词; none in older profiles); raises `ProfileError` naming file, line and field."""
    read_profile(content, name)  # the same checks of size, encoding and form
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    data = load_yaml(text)
    raw = data.get("ignored_terms") if isinstance(data, LineDict) else None
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_IGNORED:
        raise ProfileError(f"{name}:{data.line_of('ignored_terms')}: 不再提示的词语应为"
                           f"不超过 {MAX_IGNORED} 项的列表（字段 ignored_terms）")
    pairs: list[tuple[str, str]] = []
    for i, item in enumerate(raw):
        line = getattr(item, "line", None) or data.line_of("ignored_terms")
        for key in ("rule", "term"):
            value = item.get(key) if isinstance(item, dict) else None
            if not isinstance(value, str) or not value.strip() or len(value) > 200:
                raise ProfileError(f"{name}:{line}: 应为非空文本（字段 ignored_terms[{i}].{key}）")
        pair = (item["rule"].strip(), item["term"].strip())
        if pair not in pairs:
            pairs.append(pair)
    return tuple(pairs)


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _leaders(data: LineDict, name: str) -> tuple[Leader, ...]:
    try:
        return leaders_in(data, name)
    except TemplateError as exc:
        raise ProfileError(str(exc)) from None
