"""Tracked-changes export (修订版): every difference from an earlier version as a native
Word revision, the writer's notes and pending comments as Word comments.

python-docx reads and writes no revision marks (python-docx#1025, #1388), so the body is
written here as WordprocessingML, through the same `WordRenderer` that writes the plain
export (styles, runs, bookmarks), with three additions:

- a paragraph edited since the version holds `w:ins` / `w:del` runs where `core.diff`'s
  character diff (`char_diff`) found insertions and deletions;
- a paragraph added since is all `w:ins`, one removed is all `w:del` (`w:delText`); their
  paragraph marks are revised too (`w:pPr/w:rPr/w:ins|w:del`), chosen so that accepting
  every change gives exactly the current paragraphs and rejecting every change exactly the
  version's (`_marks`: the document's last mark can never go, so at its end the marks
  are moved onto a neighbour);
- `w:commentRangeStart` / `w:commentRangeEnd` / `w:commentReference` around a commented
  paragraph, the comments in ``word/comments.xml`` (python-docx's comments part).

Every revision carries the author and date of the `TrackedChanges`; ids are unique across
bookmarks and revisions.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from ...core.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    align_texts,
    char_diff,
    normalize_paragraph,
)
from ...core.layout import LayoutProfile
from ...core.nodes import Document
from ...core.roundtrip import HEAD_IDS, ReviewComment, TrackedChanges
from .styles import STYLE_IDS
from .writer import _PLAIN, Piece, WordRenderer, chinese_date
from .xml import W_NS, clean, escape

_BREAKS = frozenset("\r\n\v\f\u2028\u2029")
_BREAK_RE = re.compile("[\r\n\v\f\u2028\u2029]")
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})

#: Paragraph-mark revisions: none, inserted, deleted.
_NORMAL, _INS, _DEL = "", "ins", "del"


@dataclass
class _Element:
    """One paragraph of the tracked file: in the current text, in the version, or both."""

    kind: str  # "same", "changed", "added", "removed"
    current: int | None
    base: int | None
    segments: tuple[tuple[str, str], ...] = ()

    @property
    def in_current(self) -> bool:
        return self.current is not None

    @property
    def in_base(self) -> bool:
        return self.base is not None


def tracked_body(word: Any, document: Document, layout: LayoutProfile,
                 tracked: TrackedChanges) -> str:
    """Return the body XML of `document` marked against `tracked.base`, adding the comments
    to `word` (the python-docx document being written)."""
    renderer = WordRenderer(layout)
    blocks = [renderer.layout_block(node) for node in document.iter_blocks()]
    current = [normalize_paragraph("".join(p.text for p in pieces)) for _, pieces, _ in blocks]
    base_pairs = [(pid, _base_text(pid, text, layout)) for pid, text in tracked.base]
    base = [text for _, text in base_pairs]
    elements = _align([pid for pid, _ in base_pairs], base,
                      [pid for _, _, pid in blocks], current)
    marks = _marks(elements)
    comments = _add_comments(word, tracked, [pid for _, _, pid in blocks])
    writer = _TrackedWriter(renderer, tracked)
    out = []
    for element, mark in zip(elements, marks, strict=True):
        if element.current is not None:
            style, pieces, pid = blocks[element.current]
            ids = comments.get(element.current, [])
            if element.kind == "changed":
                runs = writer.changed_runs(pieces, element.segments)
            elif element.kind == "added":
                runs = writer.wrap(_INS, renderer.runs(pieces))
            else:
                runs = "".join(renderer.runs(pieces))
            extra = _title_spacing(renderer, document) if pid == "title" else ""
            out.append(writer.paragraph(style, runs, mark, pid, ids, extra,
                                        inserted=element.kind == "added"))
        else:
            pid, text = base_pairs[element.base]
            runs = writer.wrap(_DEL, renderer.runs([Piece(clean(text), _PLAIN)], deleted=True))
            out.append(writer.paragraph(_style_for(pid), runs, mark, "", [], ""))
    return "".join(out)


def _base_text(pid: str, text: str, layout: LayoutProfile) -> str:
    # The version holds the text as the draft reads it; the export writes a speaker line's
    # dates in Chinese numerals, so the version's must be compared (and restored) so too.
    if pid == "speaker" and layout.date_in_chinese_numerals:
        text = chinese_date(text)
    return normalize_paragraph(clean(text))


def _style_for(pid: str) -> str:
    if pid in HEAD_IDS:
        return STYLE_IDS[pid]
    return STYLE_IDS["level1"] if pid.endswith(".h") else ""


def _title_spacing(renderer: WordRenderer, document: Document) -> str:
    # Without a speaker line the blank line under the title moves to the title.
    if document.speaker_line is not None:
        return ""
    return f'<w:spacing w:after="{round(renderer.layout.line_spacing_pt * 20)}"/>'


def _align(base_ids: list[str], base: list[str], current_ids: list[str],
           current: list[str]) -> list[_Element]:
    """Return the paragraphs of the tracked file: the version's and the current ones paired
    by paragraph id where the ids run in the same order (an edited paragraph keeps its id),
    by text (`align_texts`) where they do not (added, removed, moved parts)."""
    out: list[_Element] = []
    matcher = SequenceMatcher(None, base_ids, current_ids, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                if base[i] == current[j]:
                    out.append(_Element("same", j, i))
                else:
                    out.append(_Element("changed", j, i, _char_diff(base[i], current[j])))
        else:
            out += _elements(align_texts(base[i1:i2], current[j1:j2]), i1, j1)
    return out


def _char_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Return `char_diff(old, new)` computed on what lies between the two texts' common
    start and end (never cutting a figure or a Latin word), the rest kept: the same kind
    of pieces, at a fraction of the cost for the usual edit in one place of a paragraph."""
    start = _common_length(old, new)
    while start and _IN_TOKEN.match(old[start - 1]):
        start -= 1
    room = min(len(old), len(new)) - start
    end = _common_length(old[::-1][:room], new[::-1][:room])
    while end and _IN_TOKEN.match(old[len(old) - end]):
        end -= 1
    head, tail = old[:start], old[len(old) - end:] if end else ""
    middle = char_diff(old[start:len(old) - end], new[start:len(new) - end])
    pieces = ((("=", head),) if head else ()) + middle + ((("=", tail),) if tail else ())
    merged: list[tuple[str, str]] = []
    for op, text in pieces:
        if merged and merged[-1][0] == op == "=":
            merged[-1] = ("=", merged[-1][1] + text)
        else:
            merged.append((op, text))
    return tuple(merged)


#: Characters a figure or a Latin word is made of (`core.diff` takes those whole).
_IN_TOKEN = re.compile(r"[0-9A-Za-z.．%]")


def _common_length(a: str, b: str) -> int:
    """Return the length of the longest common start of `a` and `b` (binary search on
    slices, which compare in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _elements(changes: Sequence[Any], base_offset: int = 0,
              current_offset: int = 0) -> list[_Element]:
    out = []
    for change in changes:
        old = change.old_number - 1 + base_offset if change.old_number else None
        new = change.new_number - 1 + current_offset if change.new_number else None
        if change.kind == ADDED:
            out.append(_Element("added", new, None))
        elif change.kind == REMOVED:
            out.append(_Element("removed", None, old))
        elif change.kind == CHANGED:
            out.append(_Element("changed", new, old, change.segments))
        else:
            out.append(_Element("same", new, old))
    return out


# -- paragraph marks ----------------------------------------------------------------------------

_PREFERENCES = {"added": (_INS, _NORMAL, _DEL), "removed": (_DEL, _NORMAL, _INS)}


def _step(mark: str, a: int, r: int) -> tuple[int, int] | None:
    """The reading's open groups after a mark: (a, r) count whether the accepted and the
    rejected reading's open paragraph already holds its one paragraph."""
    if mark == _NORMAL:
        return (0, 0) if a == 1 and r == 1 else None
    if mark == _DEL:  # gone when accepted, kept when rejected
        return (a, 0) if r == 1 else None
    return (0, r) if a == 1 else None  # _INS: kept when accepted, gone when rejected


def _marks(elements: list[_Element]) -> list[str]:
    """Return each paragraph's mark revision, so that accepting every change gives the
    current paragraphs and rejecting every change the version's, each exactly once.

    A mark that is gone in a reading joins its paragraph to the next there; the last mark
    of a document can never go. Solved as a path through four states; a file whose only
    paragraphs are one added and one removed is written as one edited paragraph instead.
    """
    if all(e.in_current and e.in_base for e in elements):
        return [_NORMAL] * len(elements)  # no paragraph added or removed: no mark revised
    while True:
        marks = _solve(elements)
        if marks is not None:
            return marks
        added = next(i for i in range(len(elements) - 1, -1, -1) if elements[i].kind == "added")
        removed = next(i for i in range(len(elements) - 1, -1, -1) if elements[i].kind == "removed")
        merged = _Element("changed", elements[added].current, elements[removed].base, ())
        keep = max(added, removed)
        elements[keep] = merged
        del elements[min(added, removed)]


def _solve(elements: list[_Element]) -> list[str] | None:
    n = len(elements)
    states = [(a, r) for a in (0, 1) for r in (0, 1)]
    # ok[i][state]: the elements from i on can be marked, starting in `state`.
    ok = [dict.fromkeys(states, False) for _ in range(n + 1)]
    ok[n][(0, 0)] = True
    for i in range(n - 1, -1, -1):
        e = elements[i]
        for a, r in states:
            a2, r2 = a + e.in_current, r + e.in_base
            if a2 > 1 or r2 > 1:
                continue
            choices = (_NORMAL,) if i == n - 1 else (_NORMAL, _DEL, _INS)
            ok[i][(a, r)] = any((nxt := _step(m, a2, r2)) is not None and ok[i + 1][nxt]
                                for m in choices)
    if not ok[0][(0, 0)]:
        return None
    marks = []
    state = (0, 0)
    for i, e in enumerate(elements):
        a2, r2 = state[0] + e.in_current, state[1] + e.in_base
        choices = (_NORMAL,) if i == n - 1 else _PREFERENCES.get(e.kind, (_NORMAL, _DEL, _INS))
        for m in choices:
            nxt = _step(m, a2, r2)
            if nxt is not None and ok[i + 1][nxt]:
                marks.append(m)
                state = nxt
                break
    return marks


# -- comments -----------------------------------------------------------------------------------


def _add_comments(word: Any, tracked: TrackedChanges, pids: list[str]) -> dict[int, list[int]]:
    """Add `tracked.comments` to `word` (its comments part, written as one piece of XML);
    return paragraph index -> comment ids. A comment whose paragraph the speech no longer
    shows is anchored to the title."""
    if not tracked.comments:
        return {}
    from docx.oxml import parse_xml

    part = word.comments  # python-docx makes the comments part (and its relationship)
    element = part._comments_elm
    first = len(element)
    index = {pid: k for k, pid in enumerate(pids)}
    out: dict[int, list[int]] = {}
    xml = []
    for n, comment in enumerate(tracked.comments, first):
        stamp = _comment_date(comment)
        initials = clean(comment.initials)
        attrs = (f'w:id="{n}" w:author="{clean(comment.author).translate(_ATTR)}"'
                 + (f' w:date="{stamp}"' if stamp else "")
                 + (f' w:initials="{initials.translate(_ATTR)}"' if initials else ""))
        paragraphs = "".join(
            f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
            f"{_ANNOTATION_REF if k == 0 else ''}"
            f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
            for k, line in enumerate(clean(comment.text).split("\n") or [""]))
        xml.append(f"<w:comment {attrs}>{paragraphs}</w:comment>")
        out.setdefault(index.get(comment.paragraph or "", 0), []).append(n)
    for child in parse_xml(f"<w:comments {W_NS}>{''.join(xml)}</w:comments>"):
        element.append(child)
    return out


_ANNOTATION_REF = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'


def _comment_date(comment: ReviewComment) -> str:
    try:
        moment = _dt.datetime.fromisoformat(comment.date.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# -- XML ------------------------------------------------------------------------------------------


class _TrackedWriter:
    """Writes paragraphs and revision wrappers, numbering ids after the renderer's."""

    def __init__(self, renderer: WordRenderer, tracked: TrackedChanges) -> None:
        self.renderer = renderer
        self.who = (f'w:author="{clean(tracked.author).translate(_ATTR)}" '
                    f'w:date="{clean(tracked.date).translate(_ATTR)}"')

    def _id(self) -> int:
        number = self.renderer.next_id
        self.renderer.next_id += 1
        return number

    def wrap(self, kind: str, runs: Iterable[str]) -> str:
        """Return `runs` inside one `w:ins` or `w:del`."""
        body = "".join(runs)
        if not body:
            return ""
        return f'<w:{kind} w:id="{self._id()}" {self.who}>{body}</w:{kind}>'

    def changed_runs(self, pieces: list[Piece], segments: Sequence[tuple[str, str]]) -> str:
        """Return the runs of an edited paragraph: `pieces` (its current text, formatted)
        with the `char_diff` `segments` from the version's text marked."""
        out = []
        for op, group in _overlay(pieces, segments):
            if op == "=":
                out.append("".join(self.renderer.runs(group)))
            elif op == "+":
                out.append(self.wrap(_INS, self.renderer.runs(group)))
            else:
                out.append(self.wrap(_DEL, self.renderer.runs(group, deleted=True)))
        return "".join(out)

    def paragraph(self, style: str, runs: str, mark: str, pid: str, comment_ids: list[int],
                  extra: str, inserted: bool = False) -> str:
        """Return a `w:p`: its style and mark revision, bookmark, comment ranges and runs."""
        revised = f'<w:rPr><w:{mark} w:id="{self._id()}" {self.who}/></w:rPr>' if mark else ""
        pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
        ppr = f"<w:pPr>{pstyle}{extra}{revised}</w:pPr>" if (pstyle or extra or revised) else ""
        anchor = self.renderer.bookmark(pid)
        opening = "".join(f'<w:commentRangeStart w:id="{c}"/>' for c in comment_ids)
        closing = "".join(f'<w:commentRangeEnd w:id="{c}"/>' for c in comment_ids)
        refs = "".join(f'<w:r><w:commentReference w:id="{c}"/></w:r>' for c in comment_ids)
        if refs and inserted:
            refs = self.wrap(_INS, [refs])
        return f"<w:p>{ppr}{anchor}{opening}{runs}{closing}{refs}</w:p>"


def _overlay(pieces: list[Piece], segments: Sequence[tuple[str, str]],
             ) -> list[tuple[str, list[Piece]]]:
    """Return (op, pieces) groups: the current `pieces` split where `segments` (the
    character diff from the version's text to this text, line breaks left out) insert
    ("+") or keep ("="), with the deleted text ("-") placed where it was, in the format
    of the text beside it."""
    out: list[tuple[str, list[Piece]]] = []

    def emit(op: str, text: str, fmt: Any) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            group = out[-1][1]
            if group and group[-1].format == fmt:
                group[-1] = Piece(group[-1].text + text, fmt)
            else:
                group.append(Piece(text, fmt))
        else:
            out.append((op, [Piece(text, fmt)]))

    queue = [[op, text] for op, text in segments if text]
    k = 0
    last_fmt = pieces[0].format if pieces else _PLAIN
    for text, fmt in pieces:
        last_fmt = fmt
        position = 0
        while position < len(text):
            while k < len(queue) and queue[k][0] == "-":
                emit("-", queue[k][1], fmt)
                k += 1
            char = text[position]
            if char in _BREAKS or k >= len(queue) or queue[k][1][:1] != char:
                emit("=", char, fmt)  # layout the comparison leaves out
                position += 1
                continue
            # As much of this piece as the segment spells, at once (up to a line break).
            wanted = queue[k][1]
            chunk = text[position:position + len(wanted)]
            cut = _BREAK_RE.search(chunk)
            if cut is not None:
                chunk = chunk[:cut.start()]
            size = len(chunk) if wanted.startswith(chunk) else 1
            emit(queue[k][0], text[position:position + size], fmt)
            position += size
            queue[k][1] = wanted[size:]
            if not queue[k][1]:
                k += 1
    while k < len(queue):
        if queue[k][0] == "-":
            emit("-", queue[k][1], last_fmt)
        k += 1
    return out
