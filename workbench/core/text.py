"""Text helpers for Chinese: numerals, character counts, cleaning and punctuation."""

from __future__ import annotations

import re

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
