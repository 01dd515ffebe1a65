"""The ordinal forms: run-in and separate sub-headings, 1. 2., 一是二是, 首先其次."""

from __future__ import annotations

from ..nodes import Block, Heading, Paragraph
from ..numbering import ENUMERATION, NUMBER, POINT, format_ordinal
from .base import NESTED_ITEM_LEVEL, PartContent, Pattern, body_inlines, lead_paragraph

#: Connectives for connected prose, by position; the last point takes 最后.
CONNECTIVES = ("首先", "其次", "再次", "同时", "此外", "另外")


class RunInSubheadings(Pattern):
    """Run-in sub-headings (二级标题领起): （一）heading sentence。 then the body, same paragraph."""

    id = "runin"
    label = "（一）段首小标题"
    description = "每个分论点以“（一）小标题。”领起，正文接排在同一段"

    def _layout(self, part: PartContent) -> list[Block]:
        return [lead_paragraph(part, p, "h2", format_ordinal(POINT, n))
                for n, p in enumerate(part.points, 1)]


class Subheadings(Pattern):
    """Sub-headings on their own line (二级标题单列): （一）heading, then its paragraph."""

    id = "subheadings"
    label = "（一）单列小标题"
    description = "每个分论点的小标题单独成行，正文另起一段"

    def _layout(self, part: PartContent) -> list[Block]:
        blocks: list[Block] = []
        for n, point in enumerate(part.points, 1):
            blocks.append(Heading(2, format_ordinal(POINT, n), tuple(point.heading),
                                  id=f"{part.id}.{point.id}.h", section=part.id))
            blocks.append(Paragraph(tuple(body_inlines(point)), id=f"{part.id}.{point.id}.b",
                                    section=part.id))
        return blocks


class NumberedSubheadings(Pattern):
    """Numbered sub-headings (1. 2. 3.): each point led by an Arabic ordinal, run in."""

    id = "numbered"
    label = "1. 数字序号"
    description = "分论点以“1.”“2.”编号领起，正文接排"

    def _layout(self, part: PartContent) -> list[Block]:
        return [lead_paragraph(part, p, "h3", format_ordinal(NUMBER, n))
                for n, p in enumerate(part.points, 1)]


class Enumeration(Pattern):
    """Enumeration (一是二是): the points as run-in items 一是…二是…, key phrases bold.

    A point's own items move to the next level, 1. 2. (their key phrases still bold): a
    一是 inside a 一是 would break the count a listener keeps.
    """

    id = "enumeration"
    label = "一是二是"
    description = "分论点写成“一是……二是……”，每段以序数词领起，要点加粗"
    min_points = 2

    def _layout(self, part: PartContent) -> list[Block]:
        return [lead_paragraph(part, p, "item", format_ordinal(ENUMERATION, n),
                               item_level=NESTED_ITEM_LEVEL)
                for n, p in enumerate(part.points, 1)]


class ConnectedProse(Pattern):
    """Connected prose (首先…其次…最后…): no ordinals, the points joined by connectives."""

    id = "prose"
    label = "首先其次"
    description = "不用序号，以“首先……其次……最后……”串联成文"
    min_points = 2

    def _layout(self, part: PartContent) -> list[Block]:
        blocks: list[Block] = []
        last = len(part.points) - 1
        for n, point in enumerate(part.points):
            word = "最后" if n == last and n >= 2 else CONNECTIVES[min(n, len(CONNECTIVES) - 1)]
            blocks.append(lead_paragraph(part, point, "connective", f"{word}，"))
        return blocks
