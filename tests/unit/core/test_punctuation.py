"""Punctuation finder: the fast path for text without half-width marks changes nothing."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core import punctuation
from workbench.core.checks.speech import Line
from workbench.core.checks.style import _CLOSERS, _OPENERS, _unbalanced
from workbench.core.punctuation import iter_half_width

#: Characters the rules care about, mixed with Chinese, Latin, digits and spaces.
ALPHABET = list("同志们要压实责任全县。，、：；！？“”‘’（）《》【】…—.,:;!?\"'()-- \t\n3aZ")
TEXTS = st.text(alphabet=ALPHABET, max_size=60)


def _full_scan(text: str, spaces: str) -> list:
    saved = punctuation._CANDIDATE
    punctuation._CANDIDATE = re.compile("")  # matches everywhere: always take the full scan
    try:
        return list(iter_half_width(text, spaces))
    finally:
        punctuation._CANDIDATE = saved


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.sampled_from(["", "\u3000"]))
def test_half_width_fast_path_finds_what_the_full_scan_finds(text, spaces):
    assert list(iter_half_width(text, spaces)) == _full_scan(text, spaces)


def test_plain_chinese_prose_takes_the_fast_path_and_still_reports_spaces():
    text = "全县上下要压实责任 狠抓落实。各级干部要以身作则、率先垂范。"
    assert punctuation._CANDIDATE.search(text) is None
    assert [(i.offset, i.kind) for i in iter_half_width(text)] == [(9, "空格")]


def _unbalanced_by_each_char(text: str) -> list[tuple[int, str]]:
    """The pairing rule, one character at a time (the reference for `_unbalanced`)."""
    out, stack = [], []
    for offset, char in enumerate(text):
        if char in _OPENERS:
            stack.append((char, offset))
        elif char in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[char]:
                stack.pop()
            else:
                out.append(offset)
                if stack:
                    stack.pop()
    out += [offset for _, offset in stack]
    return sorted(out)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("要是“”‘’（）《》【】〈〉「」。，"), max_size=40))
def test_unbalanced_marks_are_found_at_the_same_offsets(text):
    line = Line(kind="paragraph", text=text, part="p", paragraph="p.0")
    assert sorted(f.offset for f in _unbalanced(line)) == _unbalanced_by_each_char(text)
