"""Text helpers for Chinese: numerals, character counts, cleaning and punctuation."""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"

#: Speaking rate used for time estimates, characters a minute (GENRE.md: 220–260).
SPEAKING_RATE_CPM = 240

#: Characters XML 1.0 cannot hold: C0 controls except tab/newline/CR, lone surrogates,
#: U+FFFE/U+FFFF, the private-use markers the assembler reserves for slots, and the
#: bidirectional marks and embedding/override/isolate controls (no use in Chinese
#: speeches; an override makes pasted text display reversed, a known spoofing trick).
_XML_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\ue000-\ue00f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


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


def count_chars(text: str) -> int:
    """Return the length of `text` as writers count it: every character but whitespace."""
    # str.split() drops exactly the characters str.isspace() accepts, in C: the checks
    # count every clause of a speech on each preview refresh, so this is hot.
    return len("".join(text.split()))


def count_han(text: str) -> int:
    """Return the number of Han characters in `text`."""
    return len(_HAN.findall(text))


def speaking_minutes(chars: int, rate: int = SPEAKING_RATE_CPM) -> float:
    """Return the minutes it takes to read `chars` characters aloud at `rate` a minute."""
    return chars / rate


def clean_text(text: str) -> str:
    """Return `text` without characters that XML (and so Word) cannot hold."""
    if not isinstance(text, str):
        text = str(text)
    return _XML_UNSAFE.sub("", text.encode("utf-16", "surrogatepass").decode("utf-16", "replace"))


def is_han(char: str) -> bool:
    """Return True when `char` is a Han (Chinese) character."""
    return bool(_HAN.match(char))
