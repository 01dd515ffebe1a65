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
