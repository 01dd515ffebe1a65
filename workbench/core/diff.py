"""What changed between two texts (对照): paragraphs aligned, edits inside them by character.

`diff_texts` aligns two texts paragraph by paragraph and, inside a changed paragraph,
character by character (Chinese has no spaces to split words on), taking a number or a
Latin word as one piece so 1260 -> 1350 reads as one replaced figure. Pure: no widgets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .numbering import ORDINAL_PREFIX
from .versions import Version

if TYPE_CHECKING:
    from difflib import SequenceMatcher

def _matcher(a: Sequence[str] | str, b: Sequence[str] | str) -> SequenceMatcher:
    # difflib (~0.2 MiB) loads with the first comparison: a dashboard kernel whose writer
    # never compares two texts never holds it.
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False)


#: Kinds of `Change`.
SAME, ADDED, REMOVED, CHANGED, MOVED = "same", "added", "removed", "changed", "moved"

#: Two paragraphs more alike than this (difflib's ratio) are one paragraph, edited.
PAIR_CUTOFF = 0.5

#: Blocks of differing paragraphs up to this many old x new pairs are searched for edited
#: pairs in full; larger ones only near their diagonal (`PAIR_BAND` places either side),
#: and beyond `MAX_PAIR_CELLS` (a wholesale rewrite) paragraphs are removed and added.
FULL_PAIR_CELLS = 10_000
PAIR_BAND = 8
MAX_PAIR_CELLS = 250_000

#: The pieces an edit inside a paragraph is made of: a figure or a Latin word whole, else a
#: character.
_TOKEN = re.compile(r"\d+(?:[.．]\d+)?%?|[A-Za-z]+|.", re.S)

_LINE_BREAK = re.compile(r"[\r\n\v\f\u2028\u2029]+")


@dataclass(frozen=True, slots=True)
class Change:
    """One paragraph of a comparison: kept (same), added, removed, changed or moved.

    `old_number` and `new_number` count the paragraphs from 1 (title included, blank
    ones not). For changed (and moved-and-edited) paragraphs `segments` spells the edit
    as ("=", kept), ("-", deleted) and ("+", inserted) pieces of text.
    """

    kind: str
    old: str = ""
    new: str = ""
    old_number: int | None = None
    new_number: int | None = None
    segments: tuple[tuple[str, str], ...] = field(default=())

    @property
    def is_change(self) -> bool:
        """True unless the paragraph is kept as it was, in its place."""
        return self.kind != SAME


def diff_versions(old: Version, new: Version) -> list[Change]:
    """Return what changed from version `old` to version `new`, paragraph by paragraph."""
    return diff_texts(old.texts, new.texts)


def diff_texts(old_paragraphs: Iterable[str], new_paragraphs: Iterable[str]) -> list[Change]:
    """Return what changed from `old_paragraphs` to `new_paragraphs`, in the new order.

    Whitespace at either end of a paragraph (the 　　 indent of a text file), line breaks
    inside one (a Word title broken over lines) and blank paragraphs are ignored: they
    are layout, not text. Paragraphs are aligned with
    difflib; among differing ones, similar pairs are edits (character-level `segments`),
    the rest are added or removed; one removed and re-added elsewhere, its heading
    ordinal aside, is moved.
    """
    old = [text for text in map(_normalize, old_paragraphs) if text]
    new = [text for text in map(_normalize, new_paragraphs) if text]
    return _find_moves(align_texts(old, new))


def align_texts(old: Sequence[str], new: Sequence[str]) -> list[Change]:
    """Return `old` and `new` aligned paragraph by paragraph, in the new order: kept
    (same), edited (changed, with character `segments`), added and removed, moves not
    looked for. The paragraphs are taken as given (not normalized, blanks kept), so each
    change's `old_number` and `new_number` are 1 + its index in `old` and `new`.
    """
    changes: list[Change] = []
    matcher = _matcher(old, new)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [Change(SAME, old[i], new[j], i + 1, j + 1)
                        for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
        elif tag == "delete":
            changes += [Change(REMOVED, old=old[i], old_number=i + 1) for i in range(i1, i2)]
        elif tag == "insert":
            changes += [Change(ADDED, new=new[j], new_number=j + 1) for j in range(j1, j2)]
        else:
            changes += _pair(old, i1, i2, new, j1, j2)
    return changes


def _normalize(paragraph: str) -> str:
    return _LINE_BREAK.sub("", paragraph).strip()


def normalize_paragraph(paragraph: str) -> str:
    """Return `paragraph` as comparisons see it: no line breaks, no whitespace at its ends."""
    return _normalize(paragraph)


def similarity(a: str, b: str) -> float:
    """Return how alike `a` and `b` are (difflib's ratio), or 0.0 when plainly below
    `PAIR_CUTOFF`; above it, the two are one paragraph, edited."""
    return _similarity(a, b)


def has_changes(changes: Iterable[Change]) -> bool:
    """Return True when some paragraph is not kept as it was."""
    return any(c.is_change for c in changes)


def summarize(changes: Sequence[Change]) -> str:
    """Return the counts in words: 改动 2 段，新增 1 段，删去 1 段 (or 没有改动)."""
    words = ((CHANGED, "改动"), (ADDED, "新增"), (REMOVED, "删去"), (MOVED, "移动"))
    parts = []
    for kind, word in words:
        count = sum(1 for c in changes if c.kind == kind)
        if count:
            parts.append(f"{word} {count} 段")
    return "，".join(parts) if parts else "没有改动"


def _similarity(a: str, b: str) -> float:
    matcher = _matcher(a, b)
    # The cheap upper bounds first: most unrelated pairs stop here.
    if matcher.real_quick_ratio() < PAIR_CUTOFF or matcher.quick_ratio() < PAIR_CUTOFF:
        return 0.0
    return matcher.ratio()


def _pair(old: list[str], i1: int, i2: int, new: list[str], j1: int, j2: int) -> list[Change]:
    """Return the changes for a block of differing paragraphs: the order-keeping pairing
    with the most similarity (a weighted longest common subsequence), the rest unpaired."""
    n, m = i2 - i1, j2 - j1
    if n * m > MAX_PAIR_CELLS:
        return ([Change(REMOVED, old=old[i], old_number=i + 1) for i in range(i1, i2)]
                + [Change(ADDED, new=new[j], new_number=j + 1) for j in range(j1, j2)])
    full = n * m <= FULL_PAIR_CELLS
    sim = [[_similarity(old[i1 + a], new[j1 + b]) if full or abs(b - a * m / n) <= PAIR_BAND
            else 0.0 for b in range(m)] for a in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            score = max(best[a + 1][b], best[a][b + 1])
            if sim[a][b] >= PAIR_CUTOFF:
                score = max(score, sim[a][b] + best[a + 1][b + 1])
            best[a][b] = score
    out: list[Change] = []
    a = b = 0
    while a < n or b < m:
        i, j = i1 + a, j1 + b
        if a < n and b < m and sim[a][b] >= PAIR_CUTOFF and \
                best[a][b] == sim[a][b] + best[a + 1][b + 1]:
            out.append(Change(CHANGED, old[i], new[j], i + 1, j + 1, char_diff(old[i], new[j])))
            a, b = a + 1, b + 1
        elif b == m or (a < n and best[a][b] == best[a + 1][b]):
            out.append(Change(REMOVED, old=old[i], old_number=i + 1))
            a += 1
        else:
            out.append(Change(ADDED, new=new[j], new_number=j + 1))
            b += 1
    return out


def _core(text: str) -> str:
    return ORDINAL_PREFIX.sub("", text, count=1)


def _find_moves(changes: list[Change]) -> list[Change]:
    """Turn a removed paragraph that comes back elsewhere into one moved change, shown at
    its new place; a renumbered heading (一、 -> 三、) still counts as the same text."""
    removed: dict[str, list[int]] = {}
    for index, change in enumerate(changes):
        if change.kind == REMOVED and _core(change.old):
            removed.setdefault(_core(change.old), []).append(index)
    if not removed:
        return changes
    dropped: set[int] = set()
    out = list(changes)
    for index, change in enumerate(changes):
        core = _core(change.new) if change.kind == ADDED else ""
        candidates = removed.get(core) if core else None
        if not candidates:
            continue
        source_index = candidates.pop(0)
        source = changes[source_index]
        dropped.add(source_index)
        segments = char_diff(source.old, change.new) if source.old != change.new else ()
        out[index] = Change(MOVED, source.old, change.new, source.old_number, change.new_number,
                            segments)
    return [c for i, c in enumerate(out) if i not in dropped]


def char_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Return the edit from `old` to `new` as ("=", text), ("-", text), ("+", text) pieces.

    Character by character (a number, with its decimals and %, or a Latin word counts as
    one character), then a kept run between two edits that is a single character,
    or no longer than the edits on both its sides, joins them: 部署[-青山县的-]{+白水县的安全+}
    reads better than four scattered one-character edits.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    runs: list[list[str]] = []  # ["=", text] or ["~", deleted, inserted]
    for tag, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        kept = "".join(a[i1:i2])
        runs.append(["=", kept] if tag == "equal" else ["~", kept, "".join(b[j1:j2])])
    merged: list[list[str]] = []
    for k, run in enumerate(runs):
        if run[0] == "=" and 0 < k < len(runs) - 1 and merged and merged[-1][0] == "~":
            after = runs[k + 1]
            size = len(run[1])
            left = max(len(merged[-1][1]), len(merged[-1][2]))
            right = max(len(after[1]), len(after[2]))
            if size <= 1 or (size <= left and size <= right):
                run = ["~", run[1], run[1]]
        if run[0] == "~" and merged and merged[-1][0] == "~":
            merged[-1][1] += run[1]
            merged[-1][2] += run[2]
        else:
            merged.append(list(run))
    segments: list[tuple[str, str]] = []
    for run in merged:
        if run[0] == "=":
            segments.append(("=", run[1]))
            continue
        if run[1]:
            segments.append(("-", run[1]))
        if run[2]:
            segments.append(("+", run[2]))
    return tuple(segments)
