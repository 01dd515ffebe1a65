"""Versions (一稿、二稿…): frozen snapshots of a speech's text, kept in the draft.

A `Version` keeps what the leader would read at that moment, paragraph by paragraph.
What changed between two is `core.diff`; showing it is `renderers.diff`.

    version = draft.add_version("送主任审阅前")
    changes = diff_versions(draft.version(1), version)
    print(render_diff_text(changes, "一稿", "二稿"))
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .nodes import Document, Heading, Paragraph, block_text
from .numbering import chinese_numeral
from .text import clean_text

#: Most versions a draft keeps; saving one more drops the oldest.
MAX_VERSIONS = 30

#: Most characters of text all kept versions hold together; the oldest are dropped first,
#: so a draft file with its history stays far below `draft.MAX_DRAFT_BYTES`.
MAX_VERSION_CHARS = 600_000

#: Longest note kept with a version; a longer one is cut.
MAX_NOTE_CHARS = 200

@dataclass(frozen=True, slots=True)
class Version:
    """A saved draft of the speech (一稿、二稿…): its text as (paragraph id, text) pairs.

    `number` counts from 1 and stays with the version when older ones are dropped, so
    二稿 is still 二稿 after 一稿 is gone.
    """

    number: int
    saved_at: _dt.datetime
    note: str = ""
    paragraphs: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """The writers' name for it: 一稿, 二稿, … 十二稿."""
        return f"{chinese_numeral(self.number)}稿"

    @property
    def texts(self) -> tuple[str, ...]:
        """The paragraphs' texts in reading order."""
        return tuple(text for _, text in self.paragraphs)

    @property
    def chars(self) -> int:
        """Characters of text the version holds."""
        return sum(len(text) for _, text in self.paragraphs)

    def caption(self) -> str:
        """Return a one-line description for lists: 二稿　2026-11-29 10:31　备注."""
        parts = [self.label, format_time(self.saved_at)]
        if self.note:
            parts.append(self.note)
        return "\u3000".join(parts)

    def to_json(self) -> dict[str, Any]:
        """Return the version as JSON data."""
        return {"number": self.number, "saved_at": self.saved_at.isoformat(timespec="seconds"),
                "note": self.note, "paragraphs": [[pid, text] for pid, text in self.paragraphs]}

    @classmethod
    def from_json(cls, data: Any) -> Version:
        """Return the version stored as `data`; raises ValueError when malformed."""
        if not isinstance(data, dict):
            raise ValueError("version is not an object")
        number = data.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise ValueError(f"bad version number {number!r}")
        saved_at = _dt.datetime.fromisoformat(str(data.get("saved_at")))
        note = data.get("note", "")
        paragraphs = data.get("paragraphs")
        if not isinstance(note, str) or not isinstance(paragraphs, list):
            raise ValueError("bad version note or paragraphs")
        pairs = []
        for entry in paragraphs:
            if (not isinstance(entry, list) or len(entry) != 2
                    or not all(isinstance(x, str) for x in entry)):
                raise ValueError("bad version paragraph")
            pairs.append((entry[0], clean_text(entry[1])))
        return cls(number, saved_at, clean_note(note), tuple(pairs))


def format_time(moment: _dt.datetime) -> str:
    """Return `moment` in local time as 2026-11-29 10:31."""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def clean_note(note: str) -> str:
    """Return `note` on one line, without unsafe characters, at most `MAX_NOTE_CHARS` long."""
    return " ".join(clean_text(note).split())[:MAX_NOTE_CHARS]


def snapshot(document: Document) -> tuple[tuple[str, str], ...]:
    """Return `document`'s text as (paragraph id, text) pairs, as the leader reads it:
    ordinals included, an unfilled fact as its 【slot】."""
    pairs = []
    for n, block in enumerate(document.iter_blocks()):
        if isinstance(block, Heading | Paragraph):
            pid = block.id or f"p{n}"
        else:
            pid = {"Title": "title", "SpeakerLine": "speaker"}.get(type(block).__name__,
                                                                   "salutation")
        pairs.append((pid, block_text(block)))
    return tuple(pairs)


def new_version(versions: Sequence[Version], document: Document, note: str = "",
                saved_at: _dt.datetime | None = None) -> Version:
    """Return the version after `versions` holding `document`'s current text."""
    number = versions[-1].number + 1 if versions else 1
    moment = saved_at or _dt.datetime.now().astimezone().replace(microsecond=0)
    return Version(number, moment, clean_note(note), snapshot(document))


def trim_versions(versions: Iterable[Version]) -> list[Version]:
    """Return `versions` without the oldest ones beyond `MAX_VERSIONS` or
    `MAX_VERSION_CHARS`; the newest is always kept."""
    kept = list(versions)[-MAX_VERSIONS:]
    total = sum(v.chars for v in kept)
    while len(kept) > 1 and total > MAX_VERSION_CHARS:
        total -= kept.pop(0).chars
    return kept
