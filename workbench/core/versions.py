"""Versions (一稿、二稿…): frozen snapshots of a speech's text, and what changed between two.

A `Version` keeps what the leader would read at that moment, paragraph by paragraph;
`diff_texts` aligns two texts paragraph by paragraph and, inside a changed paragraph,
character by character (Chinese has no spaces to split words on). Pure: no widgets.

    version = draft.add_version("送主任审阅前")
    changes = diff_versions(draft.version(1), version)
    print(render_diff_text(changes, "一稿", "二稿"))
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import escape
from typing import Any

from .nodes import Document, Heading, Paragraph, block_text
from .numbering import ORDINAL_PREFIX, chinese_numeral
from .text import clean_text

#: Most versions a draft keeps; saving one more drops the oldest.
MAX_VERSIONS = 30

#: Most characters of text all kept versions hold together; the oldest are dropped first,
#: so a draft file with its history stays far below `draft.MAX_DRAFT_BYTES`.
MAX_VERSION_CHARS = 600_000

#: Longest note kept with a version; a longer one is cut.
MAX_NOTE_CHARS = 200

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

_LINE_BREAK = re.compile(r"[\r\n\v\f\u2028\u2029]+")

_INS_STYLE = "color:#1a7f37;background:#e6f4ea;text-decoration:underline"
_DEL_STYLE = "color:#b4232a;background:#fde8e8;text-decoration:line-through"
_MUTED_STYLE = "color:#6a737d;font-size:12px"


@dataclass(frozen=True, slots=True)
class Version:
    """A saved draft of the speech (一稿、二稿…): its text as (paragraph id, text) pairs.

    `number` counts from 1 and stays with the version when older ones are dropped, so
    二稿 is still 二稿 after 一稿 is gone.
    """

    number: int
    saved_at: _dt.datetime
    note: str = ""
    paragraphs: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """The writers' name for it: 一稿, 二稿, … 十二稿."""
        return f"{chinese_numeral(self.number)}稿"

    @property
    def texts(self) -> tuple[str, ...]:
        """The paragraphs' texts in reading order."""
        return tuple(text for _, text in self.paragraphs)

    @property
    def chars(self) -> int:
        """Characters of text the version holds."""
        return sum(len(text) for _, text in self.paragraphs)

    def caption(self) -> str:
        """Return a one-line description for lists: 二稿　2026-11-29 10:31　备注."""
        parts = [self.label, format_time(self.saved_at)]
        if self.note:
            parts.append(self.note)
        return "\u3000".join(parts)

    def to_json(self) -> dict[str, Any]:
        """Return the version as JSON data."""
        return {"number": self.number, "saved_at": self.saved_at.isoformat(timespec="seconds"),
                "note": self.note, "paragraphs": [[pid, text] for pid, text in self.paragraphs]}

    @classmethod
    def from_json(cls, data: Any) -> Version:
        """Return the version stored as `data`; raises ValueError when malformed."""
        if not isinstance(data, dict):
            raise ValueError("version is not an object")
        number = data.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise ValueError(f"bad version number {number!r}")
        saved_at = _dt.datetime.fromisoformat(str(data.get("saved_at")))
        note = data.get("note", "")
        paragraphs = data.get("paragraphs")
        if not isinstance(note, str) or not isinstance(paragraphs, list):
            raise ValueError("bad version note or paragraphs")
        pairs = []
        for entry in paragraphs:
            if (not isinstance(entry, list) or len(entry) != 2
                    or not all(isinstance(x, str) for x in entry)):
                raise ValueError("bad version paragraph")
            pairs.append((entry[0], clean_text(entry[1])))
        return cls(number, saved_at, clean_note(note), tuple(pairs))


def format_time(moment: _dt.datetime) -> str:
    """Return `moment` in local time as 2026-11-29 10:31."""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def clean_note(note: str) -> str:
    """Return `note` on one line, without unsafe characters, at most `MAX_NOTE_CHARS` long."""
    return " ".join(clean_text(note).split())[:MAX_NOTE_CHARS]


def snapshot(document: Document) -> tuple[tuple[str, str], ...]:
    """Return `document`'s text as (paragraph id, text) pairs, as the leader reads it:
    ordinals included, an unfilled fact as its 【slot】."""
    pairs = []
    for n, block in enumerate(document.iter_blocks()):
        if isinstance(block, Heading | Paragraph):
            pid = block.id or f"p{n}"
        else:
            pid = {"Title": "title", "SpeakerLine": "speaker"}.get(type(block).__name__,
                                                                   "salutation")
        pairs.append((pid, block_text(block)))
    return tuple(pairs)


def new_version(versions: Sequence[Version], document: Document, note: str = "",
                saved_at: _dt.datetime | None = None) -> Version:
    """Return the version after `versions` holding `document`'s current text."""
    number = versions[-1].number + 1 if versions else 1
    moment = saved_at or _dt.datetime.now().astimezone().replace(microsecond=0)
    return Version(number, moment, clean_note(note), snapshot(document))


def trim_versions(versions: Iterable[Version]) -> list[Version]:
    """Return `versions` without the oldest ones beyond `MAX_VERSIONS` or
    `MAX_VERSION_CHARS`; the newest is always kept."""
    kept = list(versions)[-MAX_VERSIONS:]
    total = sum(v.chars for v in kept)
    while len(kept) > 1 and total > MAX_VERSION_CHARS:
        total -= kept.pop(0).chars
    return kept


# -- comparing ------------------------------------------------------------------------------


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
    changes: list[Change] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
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
    return _find_moves(changes)


def _normalize(paragraph: str) -> str:
    return _LINE_BREAK.sub("", paragraph).strip()


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
    matcher = SequenceMatcher(None, a, b, autojunk=False)
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

    Character by character, then a kept run between two edits that is a single character,
    or no longer than the edits on both its sides, joins them: 部署[-青山县的-]{+白水县的安全+}
    reads better than four scattered one-character edits.
    """
    runs: list[list[str]] = []  # ["=", text] or ["~", deleted, inserted]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        runs.append(["=", old[i1:i2]] if tag == "equal" else ["~", old[i1:i2], new[j1:j2]])
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


# -- rendering ------------------------------------------------------------------------------


def render_diff_text(changes: Sequence[Change], old_label: str = "旧稿",
                     new_label: str = "新稿") -> str:
    """Return the comparison as text, one line a paragraph: "~" changed (with [-删-]{+增+}
    inside), "+" added, "-" removed, ">" moved; kept paragraphs collapse to a count."""
    lines = [f"--- {old_label}", f"+++ {new_label}"]
    for kind, group in _groups(changes):
        if kind == SAME:
            lines.append(f"  ……未改动 {len(group)} 段……")
            continue
        for c in group:
            if c.kind == CHANGED:
                lines.append(f"~ 第{c.new_number}段：{_inline_text(c.segments)}")
            elif c.kind == ADDED:
                lines.append(f"+ 第{c.new_number}段：{c.new}")
            elif c.kind == REMOVED:
                lines.append(f"- 原第{c.old_number}段：{c.old}")
            else:
                body = _inline_text(c.segments) if c.segments else c.new
                lines.append(f"> 第{c.new_number}段（自原第{c.old_number}段移来）：{body}")
    return "\n".join(lines) + "\n"


def render_diff_html(changes: Sequence[Change], old_label: str = "旧稿",
                     new_label: str = "新稿") -> str:
    """Return the comparison as an HTML fragment (class `wb-diff`; all text escaped).

    Insertions are green and underlined (<ins>), deletions red and struck (<del>); a run
    of kept paragraphs collapses to one line with its count. Styles are inline, so the
    fragment reads the same in the app and in a file of its own.
    """
    head = (f'<div class="wb-diff-summary" style="font-weight:600;margin-bottom:6px">'
            f"{escape(old_label)} → {escape(new_label)}：{escape(summarize(changes))}</div>")
    out = ['<div class="wb-diff">', head]
    for kind, group in _groups(changes):
        if kind == SAME:
            out.append(f'<p class="wb-diff-same" style="{_MUTED_STYLE};text-align:center">'
                       f"……未改动 {len(group)} 段……</p>")
            continue
        for c in group:
            out.append(_html_change(c))
    out.append("</div>")
    return "\n".join(out)


def _html_change(c: Change) -> str:
    if c.kind == CHANGED:
        where, body = f"第{c.new_number}段", _inline_html(c.segments)
    elif c.kind == ADDED:
        where, body = f"第{c.new_number}段，新增", _tag("ins", c.new)
    elif c.kind == REMOVED:
        where, body = f"原第{c.old_number}段，删去", _tag("del", c.old)
    else:
        where = f"第{c.new_number}段，自原第{c.old_number}段移来"
        body = _inline_html(c.segments) if c.segments else escape(c.new)
    return (f'<p class="wb-diff-{c.kind}" style="margin:4px 0;line-height:1.7">'
            f'<span class="wb-diff-where" style="{_MUTED_STYLE};margin-right:.5em">'
            f"［{escape(where)}］</span>{body}</p>")


def _tag(name: str, text: str) -> str:
    style = _INS_STYLE if name == "ins" else _DEL_STYLE
    return f'<{name} style="{style}">{escape(text)}</{name}>'


def _inline_html(segments: Sequence[tuple[str, str]]) -> str:
    parts = []
    for op, text in segments:
        parts.append(escape(text) if op == "=" else _tag("ins" if op == "+" else "del", text))
    return "".join(parts)


def _inline_text(segments: Sequence[tuple[str, str]]) -> str:
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in segments)


def _groups(changes: Sequence[Change]) -> list[tuple[str, list[Change]]]:
    groups: list[tuple[str, list[Change]]] = []
    for c in changes:
        kind = SAME if c.kind == SAME else "change"
        if groups and groups[-1][0] == kind:
            groups[-1][1].append(c)
        else:
            groups.append((kind, [c]))
    return groups
