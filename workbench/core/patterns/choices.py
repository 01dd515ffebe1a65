"""Forms chosen among a template's variants: openings, closings and level-1 heading sets.

A template writes its own opening, closing and heading variants (`SpeechTemplate.openings`,
`.closings`, `.heading_patterns`); these patterns name the kinds a writer picks from
(形势分析式, 号召式, 三段式对仗标题…) and find the template's variant of each kind. The
draft keeps storing the template's choice id (`Draft.opening` etc.), so draft files are
unchanged; `find_choice()` and `choice_pattern()` translate between the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from ..nodes import Block, Heading, Paragraph, Text, plain_text
from ..numbering import FINAL_MARKS, PART, format_ordinal
from .base import PartContent, Pattern, PointContent, get_pattern, iter_patterns


def _example(*paragraphs: str) -> PartContent:
    return PartContent("example", (PointContent("0", (), (), tuple((Text(p),) for p in paragraphs)),))


class ChoicePattern(Pattern):
    """An opening or closing form: selects the template's variant of its kind.

    A template's variant is of this kind when its id is the pattern's id or one of
    `aliases`, or its label is the pattern's label. Laying out content puts each body
    paragraph in its own paragraph, id ``opening.0``… as assembly numbers them.
    """

    aliases: ClassVar[tuple[str, ...]] = ()
    example_text: ClassVar[tuple[str, ...]] = ()

    def matches(self, choice: Any) -> bool:
        """Return True when the template variant `choice` is of this kind."""
        return (getattr(choice, "id", None) in (self.id, *self.aliases)
                or getattr(choice, "label", None) == self.label)

    def _layout(self, part: PartContent) -> list[Block]:
        paragraphs = [para for point in part.points for para in point.body]
        return [Paragraph(tuple(para), id=f"{part.id}.{n}", section=part.id, role=part.id)
                for n, para in enumerate(paragraphs)]

    def example(self) -> PartContent:
        return _example(*self.example_text)


class SituationOpening(ChoicePattern):
    """Opening by the situation (形势分析式): the moment, the risks, then the meeting."""

    id = "situation"
    label = "形势分析式"
    description = "先讲当前形势和面临的风险挑战，再引出会议任务"
    applies_to = "opening"
    aliases = ("situation-first",)
    example_text = ("眼下正是项目建设的黄金期，也是各类风险的集中期，形势逼人、不进则退。",)


class DirectOpening(ChoicePattern):
    """Opening by the purpose (开门见山式): the meeting's task in the first sentence."""

    id = "direct"
    label = "开门见山式"
    description = "开门见山，直接点明会议目的和主要任务"
    applies_to = "opening"
    aliases = ("purpose", "purpose-first")
    example_text = ("今天开会，就一个目的：把全年任务分解到位、把责任落实到人。",)


class ReviewOpening(ChoicePattern):
    """Opening by past results (回顾式): what was achieved, then what remains."""

    id = "review"
    label = "回顾式"
    description = "先回顾过去一个时期的成绩和经验，再转入当前任务"
    applies_to = "opening"
    aliases = ("results", "results-first")
    example_text = ("过去一年，全县上下攻坚克难，主要指标好于预期，为今年开局打下了基础。",)


class CallClosing(ChoicePattern):
    """Closing by a call (号召式): 同志们，让我们…"""

    id = "call"
    label = "号召式"
    description = "以“同志们，让我们……”发出号召，鼓舞士气"
    applies_to = "closing"
    example_text = ("同志们，任务已经明确，关键在于落实。让我们撸起袖子加油干，奋力完成全年目标！",)


class DemandsClosing(ChoicePattern):
    """Closing by requirements (要求式): what each unit must do after the meeting."""

    id = "demands"
    label = "要求式"
    description = "提出会后贯彻落实的具体要求：传达、分解、督查、问责"
    applies_to = "closing"
    aliases = ("requirements",)
    example_text = ("同志们，会后各单位要在三日内传达会议精神，逐项明确责任人和完成时限。",)


class OutlookClosing(ChoicePattern):
    """Closing by an outlook (展望式): the goal ahead and the confidence to reach it."""

    id = "outlook"
    label = "展望式"
    description = "展望前景、坚定信心，以愿景收束全文"
    applies_to = "closing"
    example_text = ("同志们，前景催人奋进，使命呼唤担当。我们完全有信心、有能力把蓝图变为现实！",)


# -- heading sets -------------------------------------------------------------------------

_CLAUSE_SPLIT = re.compile(r"[，,；;：:　\s]+")


class HeadingSetPattern(Pattern):
    """A shape for the level-1 headings of a speech, written as a set (对仗标题).

    `clauses()` splits a heading into the clauses that must be parallel across the set;
    the `heading-parallel` check compares them. The template writes the headings; this
    names the shape and checks it. `clause_count` is the expected number of clauses.
    """

    applies_to = "headings"
    clause_count: ClassVar[int] = 1
    example_headings: ClassVar[tuple[str, ...]] = ()

    def matches(self, choice: Any) -> bool:
        """Return True when the template's heading pattern `choice` is of this shape."""
        return (getattr(choice, "id", None) == self.id
                or getattr(choice, "label", None) == self.label)

    @staticmethod
    def clauses(text: str) -> list[str]:
        """Return the clauses of heading `text` (its ordinal and final stop removed)."""
        return [c for c in _CLAUSE_SPLIT.split(text.strip().rstrip(FINAL_MARKS)) if c]

    def _layout(self, part: PartContent) -> list[Block]:
        return [Heading(1, format_ordinal(PART, n), tuple(p.heading), id=f"{part.id}.{p.id}.h",
                        section=part.id) for n, p in enumerate(part.points, 1)]

    def example(self) -> PartContent:
        return PartContent("example", tuple(
            PointContent(str(n), (), (Text(h),)) for n, h in enumerate(self.example_headings)))

    def sample(self, width: int = 60) -> str:
        text = " / ".join(plain_text(b.children) for b in self.layout(self.example()))
        return text if len(text) <= width else text[: width - 1] + "…"


class TripleHeadings(HeadingSetPattern):
    """Three-clause parallel headings (三段式对仗标题): 动宾，动宾短语，坚决……"""

    id = "triple"
    label = "三段式对仗标题"
    description = "每个一级标题由三个分句组成，各标题同位分句字数相同、关键词同位"
    clause_count = 3
    example_headings = ("稳住基本盘，筑牢发展根基，全力冲刺全年目标",
                        "打好主动仗，激活创新动能，全力培育增长引擎",
                        "守住安全线，织密防护网络，全力护航民生福祉")


class PairHeadings(HeadingSetPattern):
    """Four-character pair headings (四字对句标题): 认清形势　压实责任"""

    id = "pair"
    label = "四字对句标题"
    description = "每个一级标题由两个四字短语组成，中间空一字"
    clause_count = 2
    example_headings = ("稳住大盘　夯实根基", "激活动能　培育引擎", "守住底线　护航民生")


# -- choices and patterns -----------------------------------------------------------------


def choice_pattern(kind: str, choice: Any) -> Pattern | None:
    """Return the catalogue pattern of template variant `choice` of `kind` ("opening",
    "closing" or "headings"), or None when the template's variant is of its own kind."""
    for pattern in iter_patterns(kind):
        if isinstance(pattern, ChoicePattern | HeadingSetPattern) and pattern.matches(choice):
            return pattern
    return None


def find_choice(choices: Sequence[Any], pattern_id: str) -> Any | None:
    """Return the template variant among `choices` that is of pattern `pattern_id`, or
    None; its `.id` is what `Draft.opening` / `.closing` / `.heading_pattern` store."""
    pattern = get_pattern(pattern_id)
    if not isinstance(pattern, ChoicePattern | HeadingSetPattern):
        return None
    return next((c for c in choices if pattern.matches(c)), None)


def iter_variants(choices: Sequence[Any], kind: str) -> Iterator[tuple[Any, Pattern | None]]:
    """Yield each template variant among `choices` with its catalogue pattern (or None)."""
    for choice in choices:
        yield choice, choice_pattern(kind, choice)
