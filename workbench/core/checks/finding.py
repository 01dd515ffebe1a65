"""The finding a check reports, and the options every check reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..text import SPEAKING_RATE_CPM


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a draft: a rule id, a Chinese message and where it is.

    `part` is the part's id (or opening/closing), `paragraph` the paragraph id (or, for a
    plain-text file, its line number; for a Word file, its paragraph number), `offset`
    the character offset inside that paragraph's text as it reads (ordinal included).
    `severity` is error (the rule is certain the speech is wrong: an announced count of
    parts that does not match, an unfilled slot), warning (the rule reads the prose and
    may guess wrong; a writer would usually fix it) or info. `term` is the word the
    finding is about when it has one (the slogan “三个到位”), the key of 不再提示此词.
    """

    rule: str
    message: str
    part: str = ""
    paragraph: str = ""
    offset: int = 0
    severity: str = "warning"
    term: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the finding as JSON data."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Options:
    """What the checks compare against: the length target, the place and year."""

    target_chars: int | None = None
    minutes: float | None = None
    rate: int = SPEAKING_RATE_CPM
    place: str | None = None
    years: tuple[int, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
