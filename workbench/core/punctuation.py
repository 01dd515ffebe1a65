"""Punctuation normalisation (GB/T 15834): half-width marks in Chinese text to full width.

`normalize_punctuation()` fixes a text; `iter_half_width()` finds the same places without
changing anything, so the `punctuation` check reports exactly what `--fix` would change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_HAN = r"[\u3400-\u9fff\uf900-\ufaff“”‘’（）《》【】、，。：；！？]"
_PAIRS = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
# The second form starts only where a run of spaces starts (`(?<!\s)`): the matches are the
# same, but a run of 100,000 spaces is scanned once, not once per space.
_HALF_MARK = re.compile(rf"(?<={_HAN})\s*([,:;!?])\s*|(?<!\s)\s*([,:;!?])\s*(?={_HAN})")
_PERIOD = re.compile(rf"(?<={_HAN})\.(?!\d)")
_PARENS = re.compile(r"\(([^()]*)\)")
_DQUOTE = re.compile(r'"([^"]*)"')
_SQUOTE = re.compile(r"'([^']*)'")
_ELLIPSIS = re.compile(r"(?:\.{3,}|。{3,}|(?<!…)…(?!…))")
_DASH = re.compile(r"(?<!-)--(?!-)|(?<=[\u4e00-\u9fff])—(?!—)")
_SPACE_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])")
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]")
#: Something at least one rule of `_RULES` (or the unpaired-mark scan) needs to match.
_CANDIDATE = re.compile(r"[,:;!?.\"'()\-…—]|。{3}")


def _if_han(opening: str, closing: str) -> Callable[[re.Match[str]], str]:
    def replace(m: re.Match[str]) -> str:
        return f"{opening}{m.group(1)}{closing}" if _HAN_ONLY.search(m.group(1)) else m.group(0)

    return replace


#: The rules in the order they apply: (name, pattern, replacement).
_RULES: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    ("省略号", _ELLIPSIS, lambda m: "……"),
    ("半角标点", _HALF_MARK, lambda m: _PAIRS[m.group(1) or m.group(2)]),
    ("半角句号", _PERIOD, lambda m: "。"),
    ("半角括号", _PARENS, _if_han("（", "）")),
    ("半角引号", _DQUOTE, _if_han("“", "”")),
    ("半角引号", _SQUOTE, _if_han("‘", "’")),
    ("破折号", _DASH, lambda m: "——"),
)


@dataclass(frozen=True, slots=True)
class PunctuationIssue:
    """A place where Chinese text has the wrong punctuation: what is there and the fix."""

    offset: int
    found: str
    fix: str
    kind: str


def normalize_punctuation(text: str, spaces: str = "") -> str:
    """Return `text` with half-width punctuation in Chinese text made full-width.

    Commas, colons, semicolons, marks and parentheses next to Chinese become full-width;
    straight quotes become “” and ‘’; ... and a lone … become ……; -- becomes ——.
    Digits and Latin text keep their own punctuation (3.5, 1,260, e.g.). Spaces between
    Chinese characters are replaced by `spaces` (removed by default; a heading may keep
    its separator as a full-width space, "\\u3000").
    """
    for _kind, pattern, replace in _RULES:
        text = pattern.sub(replace, text)
    return _SPACE_BETWEEN_HAN.sub(spaces, text)


def iter_half_width(text: str, spaces: str = "") -> Iterator[PunctuationIssue]:
    """Yield the places `normalize_punctuation(text, spaces)` would change, by offset.

    A straight quote or parenthesis left without its partner is reported too (the
    normaliser cannot pair it, so it stays).
    """
    issues: dict[int, PunctuationIssue] = {}
    for match in _SPACE_BETWEEN_HAN.finditer(text):
        if match.group(0) != spaces:
            issues[match.start()] = PunctuationIssue(match.start(), match.group(0), spaces, "空格")
    if _CANDIDATE.search(text) is None:
        # Most Chinese prose has none of the marks the rules below look for; one scan
        # instead of eight keeps the checks cheap enough for every preview refresh.
        yield from sorted(issues.values(), key=lambda i: i.offset)
        return
    for kind, pattern, replace in _RULES:
        for match in pattern.finditer(text):
            fixed = replace(match)
            if fixed != match.group(0):
                found = match.group(0).strip() or match.group(0)
                start = match.start() + match.group(0).index(found[0])
                issues.setdefault(start, PunctuationIssue(start, found, fixed, kind))
    # A set, not a list of ranges: a text of many quotes would test each against each.
    covered = {k for i in issues.values() for k in range(i.offset, i.offset + len(i.found))}
    for match in re.finditer(r"[\"'()]", text):
        near = text[max(0, match.start() - 1): match.end() + 1]
        if _HAN_ONLY.search(near) and match.start() not in covered:
            fix = {"(": "（", ")": "）"}.get(match.group(0), "“”")
            issues.setdefault(match.start(), PunctuationIssue(match.start(), match.group(0), fix,
                                                              "半角符号"))
    yield from sorted(issues.values(), key=lambda i: i.offset)
