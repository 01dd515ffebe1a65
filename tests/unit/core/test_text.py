"""Text helpers: character counts as writers count them."""

from __future__ import annotations

import sys

import pytest

from workbench.core.text import count_chars


@pytest.mark.parametrize(("text", "expected"), [
    ("", 0),
    ("同志们：", 4),
    ("一、 提高站位\n\n（一）压实责任", 13),
    ("\u3000\u3000全县 86 件\t", 5),
    (" \n\r\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\u3000", 0),
])
def test_count_chars_counts_every_character_but_whitespace(text, expected):
    assert count_chars(text) == expected


def test_count_chars_agrees_with_isspace_for_every_code_point():
    every = "".join(map(chr, range(0, sys.maxunicode + 1, 7)))
    assert count_chars(every) == sum(1 for c in every if not c.isspace())
