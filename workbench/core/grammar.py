"""The grammar of facts: what a place is called in its own speech, signed changes, dates.

A speech written for 青山县 says 全县 and 我县, 县委、县政府, 平安青山; the same text for
青山区 must say 全区, 区委, 平安青山. A change of -8 % reads 上升8%, not 下降-8%. A date in
the meeting's own year drops the year, the year before reads 去年. These are the filters
template text may apply to facts (see `FILTERS`), and the values the assembler hands to
the text so they know their grammar (`TextValue`, `SpokenDate`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from .places import short_name, speech_kind


class TextValue(str):
    """A text fact's value with its fact id and the writer's overrides of its grammar.

    The assembler gives template text these instead of plain strings, so the `kind` and
    `short` filters know which fact they read and use the companion facts
    ``<id>_kind`` / ``<id>_short`` when the writer filled them.
    """

    fact: str
    kind_override: str | None
    short_override: str | None

    def __new__(cls, value: str, fact: str, kind: str | None = None,
                short: str | None = None) -> TextValue:
        obj = super().__new__(cls, value)
        obj.fact = fact
        obj.kind_override = kind
        obj.short_override = short
        return obj


def _number_text(value: float) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def change_phrase(value: float, unit: str = "%", up: str = "上升", down: str = "下降",
                  flat: str = "持平") -> str:
    """Return a signed change as it is said: 8 -> 上升8%, -8 -> 下降8%, 0 -> 持平."""
    if value == 0:
        return flat
    word = up if value > 0 else down
    return f"{word}{_number_text(abs(value))}{unit}"


class SpokenDate:
    """A date as said at a meeting held on `meeting`: 2月18日 in the meeting's own year,
    去年7月22日 the year before, the full date otherwise (or with no meeting date)."""

    __slots__ = ("date", "meeting")

    def __init__(self, date: _dt.date, meeting: _dt.date | None) -> None:
        self.date = date
        self.meeting = meeting

    def __str__(self) -> str:
        day = f"{self.date.month}月{self.date.day}日"
        if self.meeting is None:
            return f"{self.date.year}年{day}"
        if self.date.year == self.meeting.year:
            return day
        if self.date.year == self.meeting.year - 1:
            return f"去年{day}"
        return f"{self.date.year}年{day}"

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SpokenDate):
            return self.date == other.date
        return self.date == other

    def __hash__(self) -> int:
        return hash(self.date)

    def __repr__(self) -> str:
        return f"SpokenDate({self.date.isoformat()})"


# -- the filters ---------------------------------------------------------------------------
# Each takes the fact's value (or a `Missing`, which it returns untouched so the slot shows).


def _is_missing(value: Any) -> bool:
    return not isinstance(value, str | int | float | SpokenDate | _dt.date) or value is None


def kind_filter(value: Any) -> Any:
    """`{{ place|kind }}`: 县 for 青山县, 区 for 青山区; the writer's ``place_kind`` wins.

    Returns None for a name whose ending names no kind: the text layer shows the slot of
    ``place_kind`` (地名类别) there, so the text never guesses 县 for a place that is not
    one.
    """
    if _is_missing(value):
        return value
    override = getattr(value, "kind_override", None)
    if override:
        return override
    return speech_kind(str(value))


def short_filter(value: Any) -> Any:
    """`{{ place|short }}`: 青山 for 青山县 (平安青山); the writer's ``place_short`` wins."""
    if _is_missing(value):
        return value
    override = getattr(value, "short_override", None)
    return override or short_name(str(value))


def change_filter(value: Any, unit: str = "%", up: str = "上升", down: str = "下降",
                  flat: str = "持平") -> Any:
    """`{{ growth|change }}`: a positive value is a rise (上升8%), a negative a fall."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return change_phrase(value, unit, up, down, flat)


def fall_filter(value: Any, unit: str = "%", down: str = "下降", up: str = "上升",
                flat: str = "持平") -> Any:
    """`{{ accident_drop|fall }}`: the fact counts a fall, so 12.6 reads 下降12.6% and
    -8 reads 上升8%."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return change_phrase(-value, unit, up, down, flat)


def full_filter(value: Any) -> Any:
    """`{{ accident_date|full }}`: the date with its year, whatever the meeting's year."""
    if isinstance(value, SpokenDate):
        return f"{value.date.year}年{value.date.month}月{value.date.day}日"
    return value


#: Grammar filters template text may use: name -> (function, the fact types it takes).
FILTERS: dict[str, tuple[Callable[..., Any], tuple[str, ...]]] = {
    "kind": (kind_filter, ("text",)),
    "short": (short_filter, ("text",)),
    "change": (change_filter, ("number",)),
    "fall": (fall_filter, ("number",)),
    "full": (full_filter, ("date",)),
}

#: The fact id whose date is the meeting's own (other dates are said relative to it).
MEETING_DATE = "date"
