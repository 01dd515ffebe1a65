"""The genre's numbering and marks (序号与句末标点): the one home of ordinals and sentence ends.

Levels as GENRE.md gives them: 1 一、 (part), 2 （一） (sub-point), 3 1., 4 （1）, and the
run-in forms 5 一是 (enumeration item) and 6 第一. Assembly and the patterns format with
`format_ordinal()`; the importer and the checks read with `match_ordinal()`; nobody else
spells an ordinal or a sentence-end mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = "零一二三四五六七八九"
#: The Chinese numerals ordinals are written with.
CN_NUMERALS = "一二三四五六七八九十"

#: The numerals a count is said with (讲两点, “三个到位”): the ordinals' and 两.
COUNT_NUMERALS = "一二两三四五六七八九十"

#: Ordinal levels.
PART, POINT, NUMBER, PAREN_NUMBER, ENUMERATION, ORDER = 1, 2, 3, 4, 5, 6

#: Marks that end a sentence (a run-in heading ends at the first of them).
SENTENCE_END = "。！？"
#: Marks a heading sentence may end with; a heading on its own line drops them.
FINAL_MARKS = "。！？；…"
#: What is stripped from a heading's end to get its lead text.
LEAD_TRAIL = "。！？；：　 "

#: A sentence-end mark anywhere in a text.
SENTENCE_END_RE = re.compile(f"[{SENTENCE_END}]")


def chinese_numeral(n: int) -> str:
    """Return `n` (1–99) in Chinese numerals: 1 -> 一, 10 -> 十, 12 -> 十二, 23 -> 二十三."""
    if n < 0:
        raise ValueError(f"no Chinese numeral for negative number {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 1 else _DIGITS[tens]
        return head + "十" + (_DIGITS[ones] if ones else "")
    return str(n)


def count_numeral(n: int) -> str:
    """Return `n` as a Chinese count before a measure word: 2 -> 两 (两点意见), else as numeral."""
    return "两" if n == 2 else chinese_numeral(n)


def parse_chinese_numeral(text: str) -> int | None:
    """Return the value of a Chinese numeral 一…九十九 (also 两), or None."""
    text = text.replace("两", "二")
    if not text or any(c not in _DIGITS + "十" for c in text):
        return None
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 else None
    head, _, tail = text.partition("十")
    if len(head) > 1 or len(tail) > 1:
        return None
    tens = _DIGITS.index(head) if head else 1
    ones = _DIGITS.index(tail) if tail else 0
    return tens * 10 + ones


def format_ordinal(level: int, value: int) -> str:
    """Return the ordinal `value` as written at `level`: 一、 （一） 1. （1） 一是 第一."""
    cn = chinese_numeral(value) if 0 <= value < 100 else str(value)
    return {PART: f"{cn}、", POINT: f"（{cn}）", NUMBER: f"{value}.", PAREN_NUMBER: f"（{value}）",
            ENUMERATION: f"{cn}是", ORDER: f"第{cn}"}.get(level, str(value))


#: Leading ordinals as a speech writes them, by level; group 1 is the number. Half-width
#: parentheses are accepted (pasted text), the punctuation check reports them.
_STRICT: tuple[tuple[int, re.Pattern[str]], ...] = (
    (PART, re.compile(f"^([{CN_NUMERALS}]+)、")),
    (POINT, re.compile(f"^[（(]([{CN_NUMERALS}]+)[）)]")),
    (NUMBER, re.compile(r"^(\d{1,2})[.．、](?!\d)")),
    (PAREN_NUMBER, re.compile(r"^[（(](\d{1,2})[）)]")),
)

#: The same, as text pasted from anywhere writes them: 一. 一． and spaces inside.
_TOLERANT: tuple[tuple[int, re.Pattern[str]], ...] = (
    (PART, re.compile(f"^([{CN_NUMERALS}]{{1,3}})\\s*[、.．]\\s*")),
    (POINT, re.compile(f"^[（(]\\s*([{CN_NUMERALS}]{{1,3}})\\s*[）)]\\s*")),
    (NUMBER, re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*")),
    (PAREN_NUMBER, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*")),
)

#: Any leading ordinal of levels 1–4 (written canonically).
ORDINAL_PREFIX = re.compile(f"^(?:[{CN_NUMERALS}]+、|（[{CN_NUMERALS}]+）|\\d+[.．、]|（\\d+）)")


@dataclass(frozen=True, slots=True)
class OrdinalMatch:
    """A leading ordinal found in a text: its level, value, the ordinal as written, its end."""

    level: int
    value: int
    text: str
    end: int

    @property
    def canonical(self) -> str:
        """The ordinal as the genre writes it (一. -> 一、)."""
        return format_ordinal(self.level, self.value)


def ordinal_value(level: int, number: str) -> int | None:
    """Return the value of an ordinal's number at `level` (一 -> 1, 3 -> 3)."""
    if level in (PART, POINT):
        return parse_chinese_numeral(number)
    return int(number) if number.isdigit() else None


def match_ordinal(text: str, *, tolerant: bool = False,
                  levels: tuple[int, ...] = (PART, POINT, NUMBER, PAREN_NUMBER)) -> OrdinalMatch | None:
    """Return the ordinal that leads `text` (levels 1–4), or None.

    `tolerant` also reads the forms pasted text uses (一. （ 一 ）) and takes the spaces
    after the ordinal with it.
    """
    for level, pattern in _TOLERANT if tolerant else _STRICT:
        if level not in levels:
            continue
        match = pattern.match(text)
        if match:
            value = ordinal_value(level, match.group(1))
            if value is None:
                return None
            return OrdinalMatch(level, value, match.group(0), match.end())
    return None


def ends_sentence(text: str) -> bool:
    """Return True when `text` ends with a mark a heading sentence may end with."""
    return text[-1:] in FINAL_MARKS


def with_period(text: str) -> str:
    """Return `text` ending in a sentence mark, adding 。 when it has none."""
    return text if ends_sentence(text) else text + "。"


def strip_final(text: str) -> str:
    """Return `text` without the marks a heading on its own line drops."""
    return text.rstrip(FINAL_MARKS)
