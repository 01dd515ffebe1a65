"""The text the checks read: a speech as lines with their ordinal, level, part and place.

A `Speech` comes from an assembled `Document` (ids from the draft) or from plain text
written anywhere (a .txt/.md file or a Word file's paragraphs), whose lines are classified
by their leading ordinal: 一、 is level 1, （一） level 2, 1. level 3, （1） level 4.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..nodes import Document, Heading, Paragraph, RunIn, SpeakerLine, Title, block_text, plain_text
from ..numbering import LEAD_TRAIL, PART, SENTENCE_END, SENTENCE_END_RE, match_ordinal

if TYPE_CHECKING:
    from .cache import CheckCache

_DATE_LINE = re.compile(r"[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[）)]\s*$")
_MD_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+(?=\S))")
_MD_EMPHASIS = re.compile(r"\*\*|__")


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of a speech as the checks see it.

    `kind` is title, speaker, salutation, heading or paragraph; `level` the level of its
    leading ordinal (0 when none) and `value` that ordinal's value; `lead` the heading
    text without its ordinal (for a paragraph led by an ordinal, its first sentence).
    """

    kind: str
    text: str
    part: str = ""
    paragraph: str = ""
    role: str = "body"
    level: int = 0
    value: int = 0
    ordinal: str = ""
    lead: str = ""
    lead_offset: int = 0


@dataclass(slots=True)
class Speech:
    """A speech as lines, with what the checks know about the draft behind it."""

    lines: list[Line]
    facts: dict[str, str] = field(default_factory=dict)
    slot_labels: set[str] = field(default_factory=set)
    from_draft: bool = False

    @property
    def title(self) -> str:
        """The title's text, or "" when none was found."""
        return next((line.text for line in self.lines if line.kind == "title"), "")

    @property
    def speaker(self) -> str:
        """The speaker-and-date line's text, or ""."""
        return next((line.text for line in self.lines if line.kind == "speaker"), "")

    @property
    def body(self) -> list[Line]:
        """The headings and paragraphs (not title, speaker line or salutation)."""
        return [line for line in self.lines if line.kind in ("heading", "paragraph")]


def _lead(text: str, start: int, heading: bool) -> tuple[str, int]:
    rest = text[start:]
    stripped = rest.lstrip()
    offset = start + len(rest) - len(stripped)
    if not heading:
        match = SENTENCE_END_RE.search(stripped)
        if match:
            stripped = stripped[: match.start()]
    return stripped.rstrip(LEAD_TRAIL), offset


def _classify(kind: str, text: str, **where: str) -> Line:
    """Return `text` as a line, its leading ordinal (if any) found."""
    match = match_ordinal(text)
    if match is not None:
        lead, offset = _lead(text, match.end, kind == "heading")
        return Line(kind, text, level=match.level, value=match.value, ordinal=match.text,
                    lead=lead, lead_offset=offset, **where)
    return Line(kind, text, **where)


# -- from a document ------------------------------------------------------------------------


def from_document(doc: Document, cache: CheckCache | None = None) -> Speech:
    """Return the speech of an assembled `doc`, with the draft's ids and facts.

    With a `cache`, a paragraph read before with the same text and place is not read again.
    """
    lines: list[Line] = []
    if cache is not None:
        cache.begin_lines()
    for block in doc.iter_blocks():
        text = block_text(block)
        if cache is None:
            lines.append(_line_of(block, text))
            continue
        first = block.children[0] if isinstance(block, Paragraph) and block.children else None
        lead = plain_text(first.children) if isinstance(first, RunIn) else None
        key = (type(block).__name__, getattr(block, "id", ""), getattr(block, "section", ""),
               getattr(block, "role", ""), text, lead, len(first.ordinal) if lead is not None else 0)
        lines.append(cache.line(key, lambda b=block, t=text: _line_of(b, t)))
    if cache is not None:
        cache.end_lines()
    labels = {slot.label for slot in doc.iter_slots()}
    return Speech(lines, dict(doc.facts), labels, from_draft=True)


def _line_of(block: object, text: str) -> Line:
    if isinstance(block, Title):
        return Line("title", text, part="title", paragraph="title")
    if isinstance(block, SpeakerLine):
        return Line("speaker", text, part="title", paragraph="speaker")
    if isinstance(block, Heading):
        return _classify("heading", text, part=block.section, paragraph=block.id)
    if isinstance(block, Paragraph):
        line = _classify("paragraph", text, part=block.section, paragraph=block.id,
                         role=block.role)
        first = block.children[0] if block.children else None
        if isinstance(first, RunIn) and line.level:
            lead = plain_text(first.children).rstrip(LEAD_TRAIL)
            line = Line(line.kind, line.text, line.part, line.paragraph, line.role, line.level,
                        line.value, line.ordinal, lead, len(first.ordinal))
        return line
    return Line("salutation", text, part="title", paragraph="salutation")


# -- from plain text ---------------------------------------------------------------------------


def _clean_markdown(text: str) -> str:
    return _MD_EMPHASIS.sub("", _MD_PREFIX.sub("", text))


def from_paragraphs(paragraphs: Iterable[str], markdown: bool = False,
                    facts: Mapping[str, str] | None = None, numbers: Iterable[int] | None = None,
                    ) -> Speech:
    """Return the speech in `paragraphs` (one string each; empty ones are skipped).

    `numbers` gives each paragraph's number as reported in findings (default: 1, 2, …,
    counting empty ones too, so it is the line number of a text file). The first short
    line without an ordinal or full stop is the title; a dated line after it the speaker
    line; a short line ending in ： before the body the salutation. Paragraphs before the
    first 一、 are the opening; from the first paragraph after the last part that starts
    with 同志们, the closing.
    """
    texts = [(_clean_markdown(p) if markdown else p).strip() for p in paragraphs]
    nums = list(numbers) if numbers is not None else list(range(1, len(texts) + 1))
    lines: list[Line] = []
    seen_body = False
    part, role, parts = "opening", "opening", 0
    last_part_index = max((i for i, t in enumerate(texts) if _is_part_heading(t)), default=-1)
    for index, (text, number) in enumerate(zip(texts, nums, strict=False)):
        if not text:
            continue
        where = {"paragraph": str(number)}
        if not seen_body and not lines and _is_title(text):
            lines.append(Line("title", text, part="title", **where))
            continue
        if not seen_body and _DATE_LINE.search(text) and len(text) <= 60:
            lines.append(Line("speaker", text, part="title", **where))
            continue
        if not seen_body and text.endswith(("：", ":")) and len(text) <= 24:
            lines.append(Line("salutation", text, part="title", **where))
            continue
        seen_body = True
        is_part = _is_part_heading(text)
        if is_part:
            parts += 1
            part, role = f"part{parts}", "body"
        elif index > last_part_index >= 0 and text.startswith("同志们") and role != "closing":
            part, role = "closing", "closing"
        heading = _looks_like_heading(text)
        lines.append(_classify("heading" if heading else "paragraph", text, part=part, role=role,
                               **where))
    return Speech(lines, dict(facts or {}))


def from_text(text: str, markdown: bool = False, facts: Mapping[str, str] | None = None) -> Speech:
    """Return the speech in plain `text`, one paragraph a line."""
    return from_paragraphs(text.splitlines(), markdown=markdown, facts=facts)


def _is_part_heading(text: str) -> bool:
    match = match_ordinal(text, levels=(PART,))
    return match is not None


def _is_title(text: str) -> bool:
    return (len(text) <= 50 and match_ordinal(text) is None
            and not SENTENCE_END_RE.search(text) and not text.endswith("："))


def _looks_like_heading(text: str) -> bool:
    """Return True for a line led by an ordinal that is a heading on its own line."""
    if match_ordinal(text) is None:
        return False
    body = text.rstrip(SENTENCE_END)
    return len(body) <= 40 and not SENTENCE_END_RE.search(body)
