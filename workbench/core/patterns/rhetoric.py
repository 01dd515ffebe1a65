"""The rhetorical forms that sum a part's points up: 排比, 数字概括, 递进, 对比.

Each puts a lead paragraph built from the points' key phrases before the points, then
lays the points out one paragraph each, led by the heading sentence (id ``part.point``,
so a writer's edit of a point follows it here from the ordinal forms). The lead
paragraph has its own id, ``part.<pattern id>``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..nodes import Block, Inline, Paragraph, Text
from ..numbering import ENUMERATION, count_numeral, format_ordinal, with_period
from ..text import is_han
from .base import (
    PartContent,
    Pattern,
    fill,
    key_text,
    lead_paragraph,
    phrasing,
    phrasings,
)


def _lead(part: PartContent, pattern: Pattern, children: Sequence[Inline]) -> Paragraph:
    return Paragraph(tuple(children), id=f"{part.id}.{pattern.id}", section=part.id)


def _join(pieces: Sequence[Sequence[Inline]], sep: str) -> list[Inline]:
    out: list[Inline] = []
    for n, piece in enumerate(pieces):
        if n:
            out.append(Text(sep))
        out.extend(piece)
    return out


def _end(text: str) -> str:
    """Return `text` ending in sentence punctuation."""
    return with_period(text)


def _framed(part: PartContent, series: Sequence[Inline], lead: str, end: str) -> list[Inline]:
    """Return `series` between the part's ``lead`` and ``end`` phrasings (`lead` and `end`
    by default), closed as a sentence."""
    return [Text(phrasing(part, "lead", lead)), *series, Text(_end(phrasing(part, "end", end)))]


class ParallelSeries(Pattern):
    """Parallel series (排比): the key phrases chained in clauses of one frame, then each
    point led by its heading sentence in bold.

    Phrasings: ``lead`` (before the series), ``clause`` (a frame with ``{key}``, or a list
    of frames used in turn), ``end`` (after the series).
    """

    id = "parallel"
    label = "排比"
    description = "以要点串成一组同构分句总起（在……上下功夫，在……上下功夫），再逐点展开"
    min_points = 2
    shows_point_keys = True

    def _layout(self, part: PartContent) -> list[Block]:
        frames = phrasings(part, "clause", ("在{key}上下功夫",))
        clauses = [fill(frames[n % len(frames)], p.key) for n, p in enumerate(part.points)]
        lead = _framed(part, _join(clauses, "，"), "做好这方面工作，要", "。")
        return [_lead(part, self, lead),
                *(lead_paragraph(part, p, "item", "") for p in part.points)]


def slogan_keyword(keys: Sequence[str]) -> tuple[str, bool] | None:
    """Return the keyword the key phrases share and whether it stands alone after the
    count (“三查”) or after 个 (“三个到位”); None when they share none.

    A shared ending of two or more characters wins (责任到位、措施到位 -> 到位), then a
    shared beginning of two (紧盯行业、紧盯时段 -> 紧盯), then a shared first character
    of short phrases (查责任、查制度 -> 查). Something must be left to tell them apart.
    """
    keys = [k.strip("“”‘’\"' ") for k in keys]
    if len(keys) < 2 or any(not k or not all(is_han(c) for c in k) for k in keys):
        return None
    room = min(len(k) for k in keys) - 1
    if room < 1:
        return None
    suffix = _common_start([k[::-1] for k in keys])[::-1][-room:]
    prefix = _common_start(keys)[:room]
    if len(suffix) >= 2:
        return suffix[-2:], False
    if len(prefix) >= 2:
        return prefix[:2], False
    if len(prefix) == 1 and max(len(k) for k in keys) <= 3:
        return prefix, True
    return None


def _common_start(texts: Sequence[str]) -> str:
    first = texts[0]
    for n, char in enumerate(first):
        if any(len(t) <= n or t[n] != char for t in texts):
            return first[:n]
    return first


def slogan(part: PartContent) -> str:
    """Return the numbered slogan for `part`'s points, its count computed: “三个到位”."""
    count = len(part.points)
    keys = [key_text(p.key) for p in part.points]
    found = slogan_keyword([k for k in keys if k is not None]) if None not in keys else None
    if found is not None:
        word, alone = found
        return f"{count_numeral(count)}{'' if alone else '个'}{word}"
    return f"{count_numeral(count)}个{phrasing(part, 'word', '重点')}"


class NumberedSlogan(Pattern):
    """Numbered slogan (数字概括): “三个到位” summing up the key phrases, then the points
    as 一是二是.

    The keyword comes from what the key phrases share; otherwise from the phrasing
    ``word`` (e.g. 坚持 -> “三个坚持”), else 重点. The count is always the number of
    points. Phrasings: ``word``, ``lead`` (before the slogan, default 概括起来，就是).
    """

    id = "slogan"
    label = "数字概括"
    description = "以“三个到位”式口号总括各要点（数目自动计算），再以“一是……二是……”分述"
    min_points = 2
    shows_point_keys = True

    def _layout(self, part: PartContent) -> list[Block]:
        opening = phrasing(part, "lead", "概括起来，就是")
        lead = [Text(f"{opening}“{slogan(part)}”："), *_join([p.key for p in part.points], "、"),
                Text("。")]
        return [_lead(part, self, lead),
                *(lead_paragraph(part, p, "item", format_ordinal(ENUMERATION, n), item_ordinals=False)
                  for n, p in enumerate(part.points, 1))]


#: Connectives of an escalation, by position: the first, the middle ones, the last.
ESCALATION = ("首要的是，", ("在此基础上，", "更进一步，", "进而，"), "更为重要的是，")


class Escalation(Pattern):
    """Escalation (递进): a rising sequence — 该约谈的约谈，该处罚的处罚 when every key
    phrase is a bare verb of one or two characters, 从……到……再到…… otherwise — then the points with rising connectives.

    Phrasings: ``clause`` (a frame with ``{key}``, e.g. 该{key}的{key}), ``lead``, ``end``.
    """

    id = "escalation"
    label = "递进"
    description = "以“该……的……”或“从……到……再到……”层层递进，各点以“首要的是”“更为重要的是”串联"
    min_points = 2
    shows_point_keys = True

    def _layout(self, part: PartContent) -> list[Block]:
        keys = [p.key for p in part.points]
        texts = [key_text(k) for k in keys]
        short = all(t is not None and 0 < len(t) <= 2 for t in texts)
        if "clause" in part.phrasings or short:
            frames = phrasings(part, "clause", ("该{key}的{key}",))
            series = _join([fill(frames[n % len(frames)], k) for n, k in enumerate(keys)], "，")
            lead = _framed(part, series, "", "，一抓到底。")
        else:
            series = [Text("从"), *keys[0], Text("到"), *keys[1]]
            for n, key in enumerate(keys[2:], 2):
                series += [Text("，直至" if n == len(keys) - 1 and n >= 3 else "，再到"), *key]
            lead = _framed(part, series, "", "，层层递进、环环相扣。")
        last = len(part.points) - 1
        middles = ESCALATION[1]
        blocks: list[Block] = [_lead(part, self, lead)]
        for n, point in enumerate(part.points):
            word = ESCALATION[0] if n == 0 else ESCALATION[2] if n == last else middles[(n - 1) % 3]
            blocks.append(lead_paragraph(part, point, "connective", word))
        return blocks


#: Connectives of a contrast's points, by position (the last one repeats).
CONTRAST = ("一方面，", "另一方面，", "同时，", "此外，", "再者，")


class Contrast(Pattern):
    """Contrast (对比): the key phrases set against each other — 既要……又要…… — then the
    points with 一方面……另一方面…….

    Phrasings: ``clause`` (frames used in turn, default 既要/又要/还要/更要{key}),
    ``lead``, ``end``.
    """

    id = "contrast"
    label = "对比"
    description = "以“既要……又要……”对举总起，各点以“一方面……另一方面……”展开"
    min_points = 2
    shows_point_keys = True

    def _layout(self, part: PartContent) -> list[Block]:
        frames = phrasings(part, "clause", ("既要{key}", "又要{key}", "还要{key}", "更要{key}"))
        clauses = []
        for n, point in enumerate(part.points):
            frame = frames[n] if n < len(frames) else frames[-1]
            clauses.append(fill(frame, point.key))
        two = len(part.points) == 2
        lead = _framed(part, _join(clauses, "，"), "", "，两者不可偏废。" if two else "，缺一不可。")
        return [_lead(part, self, lead),
                *(lead_paragraph(part, p, "connective", CONTRAST[min(n, len(CONTRAST) - 1)])
                  for n, p in enumerate(part.points))]
