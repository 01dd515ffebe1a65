"""Place names (地名): the one home of what the genre knows about them.

A county office's place ends in its kind: 青山县, 青山区, 云岭市, 石桥镇, 河口乡, 柳村.
The stale-place check and the importer's fact extraction both read place names by
these suffixes.
"""

from __future__ import annotations

#: The last character of a place name that says its kind (县, 市, 区, 镇, 乡, 村).
PLACE_SUFFIXES = "县市区镇乡村"

#: The kinds a short name leaves out (青山县 -> 青山); a village keeps its 村.
SHORT_NAME_SUFFIXES = "县市区镇乡"

#: The kinds a speech's own place usually has, when the reference place has none.
COMMON_KINDS = "县市区"


def place_kind(place: str) -> str:
    """Return the kind of `place` (its suffix: "县" for 青山县), or "" when it has none."""
    place = place.strip()
    return place[-1] if place[-1:] in PLACE_SUFFIXES else ""


#: Endings that name a kind beyond `PLACE_SUFFIXES` (which the stale-place check reads),
#: for what a speech calls its own place: autonomous units, 街道, 社区, and 旗 州 盟 省.
_COMPOUND_KINDS = (("自治县", "县"), ("自治州", "州"), ("自治旗", "旗"), ("街道", "街道"),
                   ("社区", "社区"))
_MORE_KINDS = "旗州盟省"

#: Endings of districts whose name is not shortened (平安青山新区, not 平安青山新).
_WHOLE_NAMES = ("新区", "开发区", "高新区", "经开区", "示范区", "园区", "合作区", "试验区", "城区")


def speech_kind(name: str) -> str | None:
    """Return the kind of place `name` as its speech names it (全县, 我区, 区委): 青山县 -> 县,
    青山区 -> 区, 白石镇 -> 镇, 长阳土家族自治县 -> 县, 城关街道 -> 街道; None when the ending
    names no kind (the template's grammar then asks the writer, never guesses)."""
    name = name.strip()
    for suffix, kind in _COMPOUND_KINDS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    if len(name) < 2:
        return None
    return place_kind(name) or (name[-1] if name[-1] in _MORE_KINDS else None)


def short_name(name: str) -> str:
    """Return the short name of place `name`: 青山县 -> 青山, 白石镇 -> 白石; names that
    would be cut to one character (沛县), new districts (青山新区), villages (柳树村) and
    names without a kind stay whole; an autonomous county keeps its first two characters
    (长阳)."""
    name = name.strip()
    if name.endswith(_WHOLE_NAMES):
        return name
    if name.endswith(("自治县", "自治州", "自治旗")):
        return name[:2] if len(name) >= 5 else name
    if name.endswith("街道") and len(name) >= 4:
        return name[:-2]
    if name[-1:] and name[-1] in SHORT_NAME_SUFFIXES + "旗州盟" and len(name) >= 3:
        return name[:-1]
    return name
