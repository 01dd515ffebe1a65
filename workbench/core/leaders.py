"""The unit's leaders (领导名录): names, posts and rank order, as a unit profile holds them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from ..errors import TemplateSyntaxError
from .yamlsource import LineDict, LineList

#: Most leaders a profile may list.
MAX_LEADERS = 200

#: A name: two to six Han characters, or a transcribed name with the middle dot
#: (买买提·艾力). A space inside a two-character name (王　平, as lists pad them) is dropped.
_NAME = re.compile(r"^[\u3400-\u9fff]{2,6}$|^[\u3400-\u9fff]{1,10}[·・.．][\u3400-\u9fff]{1,10}$")
_SPACES = re.compile(r"[ \t\u3000]+")
#: Marks that join several posts held by one leader (县委副书记、县长).
_POST_SEPARATORS = re.compile(r"[、，,；;/／\s\u3000]+")
_FIELDS = {"name": True, "post": True, "rank": False}


@dataclass(frozen=True, slots=True)
class Leader:
    """One leader of the unit: `name`, `post` (several joined by 、) and `rank` (1 first)."""

    name: str
    post: str
    rank: int

    @property
    def posts(self) -> tuple[str, ...]:
        """The posts this leader holds, one by one (县委副书记、县长 -> both)."""
        return tuple(p for p in _POST_SEPARATORS.split(self.post) if p)

    def to_json(self) -> dict[str, Any]:
        """Return the leader as profile data."""
        return {"name": self.name, "post": self.post, "rank": self.rank}


def normalize_name(name: str) -> str:
    """Return `name` without spaces and with the middle dot made uniform (·)."""
    return re.sub(r"[・.．]", "·", _SPACES.sub("", name.strip()))


def ranked(leaders: Iterable[Leader]) -> list[Leader]:
    """Return `leaders` in rank order (ties keep their listed order)."""
    return sorted(leaders, key=lambda leader: leader.rank)


def renumber(leaders: Sequence[Leader]) -> tuple[Leader, ...]:
    """Return `leaders` in the order given, ranked 1, 2, 3… (after the writer reorders them)."""
    return tuple(Leader(leader.name, leader.post, n) for n, leader in enumerate(leaders, 1))


def _fail(message: str, path: str, line: int | None, field: str) -> NoReturn:
    raise TemplateSyntaxError(message, path, line, field)


def parse_leaders(data: Any, path: str = "要素档案", line: int | None = None) -> tuple[Leader, ...]:
    """Return the leaders in profile data `data` (a list of name/post/rank mappings).

    A missing `rank` is the leader's place in the list. Raises `TemplateSyntaxError`
    naming `path`, the line (when `data` comes from `yamlsource.load_yaml`) and the field.
    """
    if data is None:
        return ()
    if not isinstance(data, list):
        _fail("领导名录应为列表（每项含 name、post，可选 rank）", path, getattr(data, "line", line),
              "leaders")
    if len(data) > MAX_LEADERS:
        _fail(f"领导名录过长（上限 {MAX_LEADERS} 人）", path, getattr(data, "line", line), "leaders")
    item_lines = data.item_lines if isinstance(data, LineList) else []
    leaders: list[Leader] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        where = f"leaders[{index}]"
        item_line = item_lines[index] if index < len(item_lines) else line
        if not isinstance(item, dict):
            _fail("应为含 name、post 的映射", path, item_line, where)
        lines = item if isinstance(item, LineDict) else LineDict()
        for key in item:
            if key not in _FIELDS:
                _fail(f"未知字段“{key}”", path, lines.line_of(key) or item_line, f"{where}.{key}")
        for key, required in _FIELDS.items():
            if required and (key not in item or item[key] in (None, "")):
                _fail("缺少必填字段", path, lines.line_of(key) or item_line, f"{where}.{key}")
        name = normalize_name(str(item["name"]))
        if not _NAME.match(name):
            _fail(f"姓名“{str(item['name'])[:20]}”应为 2 至 6 个汉字", path,
                  lines.line_of("name") or item_line, f"{where}.name")
        if name in seen:
            _fail(f"领导“{name}”重复", path, lines.line_of("name") or item_line, f"{where}.name")
        seen.add(name)
        post = _SPACES.sub("", str(item["post"]).strip())
        if not post or len(post) > 60:
            _fail("职务应为 1 至 60 个字", path, lines.line_of("post") or item_line, f"{where}.post")
        rank = item.get("rank", index + 1)
        if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= 999:
            _fail("排序应为 1 至 999 的整数", path, lines.line_of("rank") or item_line, f"{where}.rank")
        leaders.append(Leader(name, post, rank))
    return tuple(leaders)


def leaders_in(data: Any, path: str = "要素档案") -> tuple[Leader, ...]:
    """Return the leaders of a whole profile's data (with its header, or a plain mapping)."""
    if not isinstance(data, dict):
        return ()
    line = data.line_of("leaders") if isinstance(data, LineDict) else None
    return parse_leaders(data.get("leaders"), path, line)
