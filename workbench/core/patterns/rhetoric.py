"""The rhetorical forms that sum a part's points up: 排比, 数字概括, 递进, 对比.

These forms are written, not generated: each lays out only the wording the template
wrote for the part (`forms:` in the template, `Wording` here), never a frame filled
with key phrases, and is offered only for parts that have it. Each puts a lead paragraph
made of that wording before the points, then lays the points out one paragraph each,
led by the heading sentence (id ``part.point``, so a writer's edit of a point follows
it here from the ordinal forms). The lead paragraph has its own id,
``part.<pattern id>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

from ..nodes import Block, Inline, Paragraph, Text, plain_text
from ..numbering import ENUMERATION, count_numeral, ends_sentence, format_ordinal, strip_final
from .base import (
    NESTED_ITEM_LEVEL,
    PartContent,
    Pattern,
    Wording,
    lead_paragraph,
    sentence,
)


def _lead(part: PartContent, pattern: Pattern, children: Sequence[Inline]) -> Paragraph:
    return Paragraph(tuple(children), id=f"{part.id}.{pattern.id}", section=part.id)


def _trim(piece: Sequence[Inline]) -> list[Inline]:
    """Return a written phrase without a final mark: the series supplies its own."""
    out = list(piece)
    while out and isinstance(out[-1], Text) and ends_sentence(out[-1].text):
        text = strip_final(out[-1].text)
        out[-1:] = [Text(text)] if text else []
    return out


def _series(pieces: Sequence[Sequence[Inline]], sep: str | None) -> list[Inline]:
    """Return `pieces` joined by `sep`; by default ； when a piece holds a comma of its
    own, else ，."""
    trimmed = [_trim(p) for p in pieces]
    if sep is None:
        sep = "；" if any("，" in plain_text(p) for p in trimmed) else "，"
    out: list[Inline] = []
    for n, piece in enumerate(trimmed):
        if n:
            out.append(Text(sep))
        out.extend(piece)
    return out


def _sentence(wording: Wording, series: Sequence[Inline]) -> tuple[Inline, ...]:
    """Return the lead sentence: the wording's ``lead``, `series`, its ``end``."""
    return sentence([*wording.lead, *series, *wording.end])


def _phrases(part: PartContent, wording: Wording) -> list[tuple[Inline, ...]]:
    return [wording.phrases[p.id] for p in part.points if p.id in wording.phrases]


class _WrittenForm(Pattern):
    """A form laid out from the part's own wording; the base of the four below."""

    min_points = 2

    def accepts(self, part: PartContent) -> bool:
        if not super().accepts(part):
            return False
        wording = part.wording
        assert wording is not None
        if self.phrases_field:
            return all(p.id in wording.phrases for p in part.points)
        return True

    def _wording(self, part: PartContent) -> Wording:
        assert part.wording is not None
        return part.wording


class ParallelSeries(_WrittenForm):
    """Parallel series (排比): the part's own clauses, one per point and of one structure,
    in one sentence; then each point led by its heading sentence in bold.

    Wording: ``clauses`` (point id -> clause, required), ``lead`` and ``end`` around the
    series, ``sep`` between clauses (default ，, or ； when a clause has a comma).
    """

    id = "parallel"
    label = "排比"
    description = "以本部分写好的一组同构分句总起（每个分论点一句），再逐点展开"
    wording_fields = MappingProxyType({"clauses": True, "lead": False, "end": False, "sep": False})
    phrases_field = "clauses"

    def _layout(self, part: PartContent) -> list[Block]:
        wording = self._wording(part)
        lead = _sentence(wording, _series(_phrases(part, wording), wording.sep))
        return [_lead(part, self, lead),
                *(lead_paragraph(part, p, "item", "") for p in part.points)]


def slogan(part: PartContent) -> str:
    """Return the numbered slogan for `part`, its count computed: “三个到位”, “三查”."""
    wording = part.wording
    if wording is None or not wording.keyword:
        raise ValueError("a slogan needs its keyword")
    return f"{count_numeral(len(part.points))}{wording.measure}{wording.keyword}"


class NumberedSlogan(_WrittenForm):
    """Numbered slogan (数字概括): “三个到位” with the element each point stands for,
    then the points as 一是二是 (their items at 1. 2.).

    Wording: ``keyword`` (到位, required), ``measure`` (default 个; empty for “三查”),
    ``elements`` (point id -> element, required: 责任到位), ``lead`` (default
    概括起来，就是). The count is always the number of points included.
    """

    id = "slogan"
    label = "数字概括"
    description = "以“三个到位”式口号总括各要点（数目自动计算，要点由模板写出），再以“一是……二是……”分述"
    wording_fields = MappingProxyType({"keyword": True, "elements": True, "measure": False, "lead": False})
    phrases_field = "elements"

    def _layout(self, part: PartContent) -> list[Block]:
        wording = self._wording(part)
        opening = list(wording.lead) or [Text("概括起来，就是")]
        lead = [*opening, Text(f"“{slogan(part)}”："),
                *_series(_phrases(part, wording), "、"), Text("。")]
        return [_lead(part, self, lead),
                *(lead_paragraph(part, p, "item", format_ordinal(ENUMERATION, n),
                                 item_level=NESTED_ITEM_LEVEL)
                  for n, p in enumerate(part.points, 1))]


#: Connectives of an escalation, by position: the first, the middle ones, the last.
ESCALATION = ("首要的是，", ("在此基础上，", "更进一步，", "进而，"), "更为重要的是，")


class Escalation(_WrittenForm):
    """Escalation (递进): the part's rising steps in one sentence (该约谈的约谈，该处罚的
    处罚…), then the points with rising connectives (首要的是… 更为重要的是…).

    Wording: ``steps`` (point id -> step, required), ``lead``, ``end``, ``sep``.
    """

    id = "escalation"
    label = "递进"
    description = "以本部分写好的层层递进的一组分句总起，各点以“首要的是”“更为重要的是”串联"
    wording_fields = MappingProxyType({"steps": True, "lead": False, "end": False, "sep": False})
    phrases_field = "steps"

    def _layout(self, part: PartContent) -> list[Block]:
        wording = self._wording(part)
        lead = _sentence(wording, _series(_phrases(part, wording), wording.sep))
        last = len(part.points) - 1
        middles = ESCALATION[1]
        blocks: list[Block] = [_lead(part, self, lead)]
        for n, point in enumerate(part.points):
            word = ESCALATION[0] if n == 0 else ESCALATION[2] if n == last else middles[(n - 1) % 3]
            blocks.append(lead_paragraph(part, point, "connective", word))
        return blocks


class Contrast(_WrittenForm):
    """Contrast (对比): the two opposed groups the part's points fall into, each with its
    own wording (对守规者少打扰，对违规者零容忍); then the points, the first of each group
    led by 一方面 / 另一方面, the others by 同时.

    Wording: ``sides`` (two, each ``text`` and the ``points`` it covers, in the part's
    order; required), ``lead``, ``end``, ``sep``.
    """

    id = "contrast"
    label = "对比"
    description = "以本部分写好的两方面对举总起，两组分论点分别以“一方面”“另一方面”领起"
    wording_fields = MappingProxyType({"sides": True, "lead": False, "end": False, "sep": False})

    def accepts(self, part: PartContent) -> bool:
        if not super().accepts(part):
            return False
        present = {p.id for p in part.points}
        sides = self._wording(part).sides
        return len(sides) == 2 and all(present & set(ids) for _text, ids in sides)

    def _layout(self, part: PartContent) -> list[Block]:
        wording = self._wording(part)
        present = [p.id for p in part.points]
        lead = _sentence(wording, _series([text for text, _ids in wording.sides], wording.sep))
        words = {}
        for word, (_text, ids) in zip(("一方面，", "另一方面，"), wording.sides, strict=False):
            mine = [pid for pid in present if pid in ids]
            # the first point of a side opens it; the others follow with 同时
            words.update({pid: word if n == 0 else "同时，" for n, pid in enumerate(mine)})
        return [_lead(part, self, lead),
                *(lead_paragraph(part, p, "connective", words.get(p.id, ""))
                  for p in part.points)]
