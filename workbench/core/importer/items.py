"""Enumerations inside a sub-point (列举): 一是… 其一… 首先…其次… 第一… 1. （1）.

An enumeration is a run of markers at sentence starts numbered 1, 2, 3… in order;
markers out of sequence stay in the text. Deeper levels are parsed inside each item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbering import CN_NUMERALS as CN
from ..numbering import parse_chinese_numeral
from .outline import Item

_MARKER = re.compile(
    rf"""(?:^|(?<=[。！？；：\n”]))(?:
        (?P<shi>[{CN}]{{1,2}})是(?![，。、；：！？\n])
      | 其(?P<qi>[{CN}])(?:[，、：]|是(?![，。]))?
      | (?P<seq>首先|其次|再次|最后)[，、：]?
      | 第(?P<di>[{CN}]{{1,2}})[，、：]
      | (?P<arabic>\d{{1,2}})[.．、](?!\d)
      | （(?P<paren>\d{{1,2}})）
    )""",
    re.X | re.M,
)

#: Families in order of preference when two start at the same place.
_FAMILIES = ("arabic", "paren", "shi", "qi", "di", "seq")

#: Which families may appear inside an item of a family (the deeper levels).
_INNER = {
    "arabic": ("paren", "shi", "qi", "di", "seq"),
    "paren": ("shi", "qi", "di", "seq"),
    "shi": (),
    "qi": (),
    "di": (),
    "seq": (),
}

_SEQ_VALUES = {"首先": 1, "其次": 2, "再次": 3}
_KEY_END = re.compile(r"[。，；：！？\n]")
_SENTENCE = re.compile(r"[。！？\n]")


@dataclass(frozen=True, slots=True)
class Run:
    """A run of enumeration markers: the family and the (start, end, marker) of each."""

    family: str
    marks: tuple[tuple[int, int, str], ...]


def _value(family: str, match: re.Match[str]) -> int:

    token = match.group(family)
    if family in ("arabic", "paren"):
        return int(token)
    if family == "seq":
        return _SEQ_VALUES.get(token, -1)  # 最后 closes a run of at least two
    return parse_chinese_numeral(token) or 0


def find_run(text: str, families: tuple[str, ...] = _FAMILIES) -> Run | None:
    """Return the earliest enumeration in `text` of at least two items, or None."""
    runs: dict[str, list[tuple[int, int, str]]] = {}
    closed: set[str] = set()
    for match in _MARKER.finditer(text):
        family = match.lastgroup
        if family not in families or family in closed:
            continue
        value = _value(family, match)
        marks = runs.setdefault(family, [])
        if value == len(marks) + 1:
            marks.append((match.start(), match.end(), match.group()))
        elif value == -1 and len(marks) >= 2:
            marks.append((match.start(), match.end(), match.group()))
            closed.add(family)
    best: Run | None = None
    for family in families:
        marks = runs.get(family, [])
        if len(marks) >= 2 and (best is None or marks[0][0] < best.marks[0][0]):
            best = Run(family, tuple(marks))
    return best


def split_items(text: str, families: tuple[str, ...] = _FAMILIES,
                depth: int = 0) -> tuple[str, tuple[Item, ...]]:
    """Return the text before the enumeration and its items (with deeper levels)."""
    run = find_run(text, families)
    if run is None:
        return text.strip(), ()
    items = []
    for n, (_, end, marker) in enumerate(run.marks):
        stop = run.marks[n + 1][0] if n + 1 < len(run.marks) else len(text)
        items.append(make_item(marker, text[end:stop], run.family, depth))
    return text[: run.marks[0][0]].strip(), tuple(items)


def make_item(marker: str, chunk: str, family: str, depth: int = 0) -> Item:
    """Return the item written `marker` + `chunk`: key phrase, separator, rest, sub-items."""
    chunk = chunk.strip()
    match = _KEY_END.search(chunk)
    if match is None:
        key, sep, rest = chunk, "", ""
    else:
        key, sep, rest = chunk[: match.start()], match.group(), chunk[match.end():].strip()
    inner: tuple[Item, ...] = ()
    if depth < 2 and _INNER[family] and rest:
        before, inner = split_items(rest, _INNER[family], depth + 1)
        if inner:
            rest = before
    return Item(key=key.strip(), text=rest, marker=marker, sep=sep, items=inner)


def first_sentence(text: str) -> tuple[str, str, str]:
    """Split `text` after its first sentence: (sentence without its end, end, rest)."""
    match = _SENTENCE.search(text)
    if match is None:
        return text.strip(), "", ""
    return text[: match.start()].strip(), match.group(), text[match.end():].strip()


def item_source(item: Item) -> str:
    """Return the item as written: marker, key, separator, rest and deeper levels."""
    return item.marker + item_body(item)


def item_body(item: Item) -> str:
    """Return the item as written without its marker."""
    out = item.key + item.sep
    rest = item.text
    if item.items:
        inner = "".join(item_source(i) for i in item.items)
        rest = f"{rest}{inner}" if rest else inner
    return out + rest
