"""The review sheet of a template: every form of every part, every opening, closing and
heading set, and the speech under edge-value facts, so a writer can read it whole.

`iter_sheet()` yields the sheet as entries (a heading and the blocks under it); the
`workbench variants` command renders them as Markdown. `edge_fact_sets()` gives the
edge-value fact sets (a 区 and a 市 for the place, counts at zero, shares at 100 %,
changes negative and flat, dates this year and last, optional facts on and off).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .assembly import assemble
from .draft import Draft
from .facts import display
from .grammar import MEETING_DATE
from .nodes import Block, Heading, Salutation, SpeakerLine, Title
from .patterns import get_pattern
from .places import short_name
from .places import speech_kind as place_kind
from .templates import SpeechTemplate

#: The value an unbounded number takes in the low set: a change that went the other way.
NEGATIVE = -8


@dataclass(frozen=True, slots=True)
class SheetEntry:
    """One section of the review sheet: a heading at `level` (1 is the sheet's title),
    an optional `note` line, and the speech's blocks shown under it."""

    level: int
    title: str
    blocks: tuple[Title | SpeakerLine | Salutation | Block, ...] = ()
    note: str = ""


def _place_as(name: str, kind: str) -> str:
    return f"{short_name(name)}{kind}" if place_kind(name) else name


def _low_number(spec: Any) -> Any:
    if spec.min is not None:
        return spec.min if spec.min <= 1 else spec.example
    return NEGATIVE


def _high_number(spec: Any) -> Any:
    if spec.max is not None:
        return spec.max if spec.max <= 100 else spec.example
    return 0 if spec.min is None else spec.example


def edge_fact_sets(template: SpeechTemplate) -> list[tuple[str, dict[str, Any]]]:
    """Return (label, facts) for the template's examples and three edge-value sets.

    - 下限: the place a 区, counts at their minimum (0, or 1 where at least one is
      needed), changes negative, lists of one item, dates in the meeting's year,
      yes/no facts yes, every optional fact given;
    - 上限: the place a 市, shares at their maximum (100), changes flat (0), dates in
      the year before the meeting, yes/no facts no;
    - 只填必填: the examples of the required facts only.
    """
    examples = {s.id: s.example for s in template.facts if s.example is not None}
    meeting = examples.get(MEETING_DATE)
    meeting = meeting if isinstance(meeting, _dt.date) else None
    low, high = dict(examples), dict(examples)
    for spec in template.facts:
        if spec.example is None:
            continue
        if spec.id == "place" and isinstance(spec.example, str):
            low[spec.id] = _place_as(spec.example, "区")
            high[spec.id] = _place_as(spec.example, "市")
        elif spec.id == "speaker" and isinstance(spec.example, str):
            # The speaker's post follows the place (县长 of a 县, 区长 of a 区).
            kind = place_kind(str(examples.get("place", ""))) or "县"
            low[spec.id] = spec.example.replace(kind, "区")
            high[spec.id] = spec.example.replace(kind, "市")
        elif spec.type == "number":
            low[spec.id] = _low_number(spec)
            high[spec.id] = _high_number(spec)
        elif spec.type == "list" and isinstance(spec.example, list):
            low[spec.id] = spec.example[:1]
        elif spec.type == "date" and spec.id != MEETING_DATE and meeting is not None:
            low[spec.id] = _dt.date(meeting.year, 1, 2)
            high[spec.id] = _dt.date(meeting.year - 1, 7, 22)
        elif spec.type == "bool":
            low[spec.id], high[spec.id] = True, False
    required = {s.id: examples[s.id] for s in template.facts if s.required and s.id in examples}
    return [("示例要素", examples), ("下限", low), ("上限", high), ("只填必填要素", required)]


def _describe(template: SpeechTemplate, facts: Mapping[str, Any], base: Mapping[str, Any]) -> str:
    """Return the facts that differ from `base`, as 标签＝值；…"""
    out = []
    for spec in template.facts:
        value, was = facts.get(spec.id), base.get(spec.id)
        if value != was:
            out.append(f"{spec.label}＝{'（空）' if value is None else display(value)}")
    return "；".join(out)


def _draft(template: SpeechTemplate, facts: Mapping[str, Any]) -> Draft:
    draft = Draft(template)
    for key, value in facts.items():
        draft.facts[key] = value
    return draft


def _blocks(draft: Draft, section: str) -> tuple[Block, ...]:
    return tuple(b for b in assemble(draft).blocks
                 if b.section == section and not (isinstance(b, Heading) and b.level == 1))


def iter_sheet(template: SpeechTemplate) -> Iterator[SheetEntry]:
    """Yield the review sheet of `template`, entry by entry, in reading order."""
    sets = edge_fact_sets(template)
    examples = sets[0][1]
    yield SheetEntry(1, f"审读稿：{template.occasion}（{template.id}）",
                     note=f"标题：{template.display_title}；目标字数：{template.target_chars}")
    draft = _draft(template, examples)
    yield SheetEntry(2, "默认组稿（示例要素）", tuple(assemble(draft).iter_blocks()))

    yield SheetEntry(2, "开头")
    for choice in template.openings:
        draft.opening = choice.id
        yield SheetEntry(3, f"{choice.label}（{choice.id}）", _blocks(draft, "opening"))
    draft.opening = template.openings[0].id
    yield SheetEntry(2, "结尾")
    for choice in template.closings:
        draft.closing = choice.id
        yield SheetEntry(3, f"{choice.label}（{choice.id}）", _blocks(draft, "closing"))
    draft.closing = template.closings[0].id
    yield SheetEntry(2, "一级标题")
    for choice in template.heading_patterns:
        draft.heading_pattern = choice.id
        headings = tuple(b for b in assemble(draft).blocks
                         if isinstance(b, Heading) and b.level == 1)
        yield SheetEntry(3, f"{choice.label}（{choice.id}）", headings)
    draft.heading_pattern = template.heading_patterns[0].id

    yield SheetEntry(2, "各部分的句式")
    for section in draft.sections:
        yield SheetEntry(3, f"{section.title}（{section.id}）",
                         note="可用句式：" + "、".join(get_pattern(p).label for p in section.patterns))
        default = section.pattern
        for pattern_id in section.patterns:
            section.pattern = pattern_id
            notes = "；".join(assemble(draft).notes)
            yield SheetEntry(4, f"{get_pattern(pattern_id).label}（{pattern_id}）",
                             _blocks(draft, section.id), notes)
        section.pattern = default

    yield SheetEntry(2, "边界值")
    for label, facts in sets[1:]:
        edge = _draft(template, facts)
        yield SheetEntry(3, label, tuple(assemble(edge).iter_blocks()),
                         _describe(template, facts, examples))
