"""Salvaging a truncated JSON file (截断的文件): the longest prefix that closes into valid JSON.

A draft file cut off mid-write by a full disk, a copy that stopped, or a sync tool is valid
JSON up to some point. `salvage_json` keeps every complete value before that point and
closes the open arrays and objects, so the writer gets back all that was written. Text
broken in the middle (a hand edit) is not a truncation and is not salvaged: the caller
reports its line instead.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass
from typing import Any

#: Deepest nesting salvaged (a draft file nests 5 levels; deeper is not a draft).
MAX_DEPTH = 64

#: Most candidate cut points tried, from the end (each try parses the prefix once).
MAX_TRIES = 40

_CLOSE = {"{": "}", "[": "]"}
_LITERALS = ("true", "false", "null")


@dataclass(frozen=True, slots=True)
class Salvage:
    """What was recovered: the data, and the line (1-based) where the kept text ends."""

    data: Any
    line: int


def is_truncation(text: str, error: json.JSONDecodeError) -> bool:
    """Return True when `error` (from parsing `text`) means the text stops too early,
    rather than being broken somewhere in the middle."""
    if error.msg.startswith("Unterminated string"):
        return True  # a JSON string cannot hold a newline, so it really runs to the end
    if error.pos >= len(text.rstrip()) - 6:
        return True  # e.g. cut inside an escape (\u4e0) or a literal at the very end
    tail = text[error.pos:].strip()
    if not tail:
        return True
    if any(word.startswith(tail) for word in _LITERALS):
        return True
    return all(c in "0123456789+-.eE" for c in tail) and len(tail) <= 40


def salvage_json(text: str) -> Salvage | None:
    """Return the data of the longest prefix of `text` that closes into valid JSON, or
    None when nothing (not even an empty top-level object) can be recovered."""
    for position, stack in reversed(_cut_points(text)):
        candidate = text[:position].rstrip().rstrip(",") + "".join(_CLOSE[c] for c in reversed(stack))
        try:
            data = json.loads(candidate)
        except (ValueError, RecursionError):
            continue
        return Salvage(data, text.count("\n", 0, position) + 1)
    return None


#: A JSON string (its closing quote in group "end", absent when the text stops inside it)
#: or one structural character.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?P<end>")?|[{}\[\],]')


def _cut_points(text: str) -> list[tuple[int, str]]:
    # Positions where everything before is complete values inside the open containers:
    # just after an opening bracket, before a comma, after a closing bracket. Each comes
    # with the brackets open there. Only the last `MAX_TRIES` are kept.
    cuts: deque[tuple[int, str]] = deque(maxlen=MAX_TRIES)
    stack: list[str] = []
    for match in _TOKEN.finditer(text):
        char = match.group()
        if char[0] == '"':
            if match.group("end") is None:
                break  # the text stops inside this string
            continue
        if char in "{[":
            stack.append(char)
            if len(stack) > MAX_DEPTH:
                return []
            cuts.append((match.end(), "".join(stack)))
        elif char in "}]":
            if not stack or _CLOSE[stack.pop()] != char:
                return []  # not JSON at all
            cuts.append((match.end(), "".join(stack)))
        elif stack:  # a comma
            cuts.append((match.start(), "".join(stack)))
    return list(cuts)
