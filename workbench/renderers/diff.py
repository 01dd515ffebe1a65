"""Comparisons (对照) as text and as an HTML fragment: insertions green, deletions struck."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..core.diff import ADDED, CHANGED, REMOVED, SAME, Change, summarize

_INS_STYLE = "color:#1a7f37;background:#e6f4ea;text-decoration:underline"
_DEL_STYLE = "color:#b4232a;background:#fde8e8;text-decoration:line-through"
_MUTED_STYLE = "color:#6a737d;font-size:12px"


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
