"""Rhetorical patterns (修辞句式) as forms: each lays out a part's content as blocks.

Content (a part's points, their key phrases, heading sentences, bodies and items) never
changes with the form; a pattern only decides how the same content reads. A pattern
must keep every key phrase, heading sentence, body and item of the content in its
output, so switching patterns never loses content.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from ..errors import PatternError
from .nodes import Block, Heading, Inline, Paragraph, RunIn, Strong, Text
from .text import chinese_numeral

#: Sentence-final punctuation: a heading sentence ending in one of these gets no 。.
_FINAL = "。！？；…"


@dataclass(frozen=True, slots=True)
class ItemContent:
    """An enumeration item's content: its key phrase and the rest of its text."""

    key: tuple[Inline, ...]
    text: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class PointContent:
    """A sub-point's content with facts filled in."""

    id: str
    key: tuple[Inline, ...]
    heading: tuple[Inline, ...]
    body: tuple[tuple[Inline, ...], ...] = ()
    items: tuple[ItemContent, ...] = ()


@dataclass(frozen=True, slots=True)
class PartContent:
    """A part's content with facts filled in: what every pattern lays out."""

    id: str
    points: tuple[PointContent, ...]
    phrasings: Mapping[str, object] = field(default_factory=dict)


class Pattern:
    """A form for a part's content (the base of every pattern).

    Contract for subclasses: `layout()` returns blocks that contain every key phrase,
    heading sentence, body paragraph and item of `part` (no content loss), is a pure
    function of its input (switching away and back gives the same text), and gives each
    paragraph an id that depends only on the part, the point and the shape of the
    paragraph, so a writer's edit follows its paragraph across patterns of the same shape.
    """

    id: ClassVar[str] = ""
    label: ClassVar[str] = ""
    description: ClassVar[str] = ""
    applies_to: ClassVar[str] = "part"
    min_points: ClassVar[int] = 1

    def layout(self, part: PartContent) -> list[Block]:
        """Return the blocks for `part`; raises `PatternError` if the form cannot take it."""
        if len(part.points) < self.min_points:
            raise PatternError(
                f"句式“{self.label}”至少需要 {self.min_points} 个分论点，当前只有 {len(part.points)} 个"
            )
        return self._layout(part)

    def _layout(self, part: PartContent) -> list[Block]:
        raise NotImplementedError

    def accepts(self, part: PartContent) -> bool:
        """Return True when this form can lay out `part`."""
        return len(part.points) >= self.min_points


# -- helpers shared by patterns ----------------------------------------------------------


def sentence(children: Sequence[Inline], end: str = "。") -> tuple[Inline, ...]:
    """Return `children` ending in sentence punctuation, adding `end` when none is there."""
    children = tuple(children)
    last = _last_char(children)
    if last and last in _FINAL:
        return children
    return (*children, Text(end))


def _last_char(children: Sequence[Inline]) -> str:
    for child in reversed(children):
        text = child.text if isinstance(child, Text) else ""
        if isinstance(child, Strong | RunIn):
            text = _last_char(child.children)
        if text:
            return text[-1]
        if not isinstance(child, Text):
            return "x"
    return ""


def item_inlines(items: Sequence[ItemContent], ordinals: bool = True) -> list[Inline]:
    """Return items run in as 一是…。二是…。, each key phrase bold."""
    out: list[Inline] = []
    for n, item in enumerate(items, 1):
        if ordinals:
            out.append(Text(f"{chinese_numeral(n)}是"))
        out.append(Strong(tuple(item.key)))
        rest = tuple(item.text)
        if rest and not _starts_with_punct(rest):
            out.append(Text("。"))
        out.extend(sentence(rest) if rest else (Text("。"),))
    return out


def _starts_with_punct(children: tuple[Inline, ...]) -> bool:
    first = children[0]
    return isinstance(first, Text) and bool(first.text) and first.text[0] in "，。：；、！？"


def body_inlines(point: PointContent) -> list[Inline]:
    """Return a point's body paragraphs run together, then its items."""
    out: list[Inline] = []
    for para in point.body:
        out.extend(para)
    out.extend(item_inlines(point.items))
    return out


def _lead_paragraph(part: PartContent, point: PointContent, kind: str, ordinal: str,
                    lead: Sequence[Inline]) -> Paragraph:
    return Paragraph((RunIn(kind, ordinal, sentence(lead)), *body_inlines(point)),
                     id=f"{part.id}.{point.id}", section=part.id)


# -- the core forms ---------------------------------------------------------------------


class RunInSubheadings(Pattern):
    """Run-in sub-headings (二级标题领起): （一）heading sentence。 then the body, same paragraph."""

    id = "runin"
    label = "（一）段首小标题"
    description = "每个分论点以“（一）小标题。”领起，正文接排在同一段"

    def _layout(self, part: PartContent) -> list[Block]:
        return [_lead_paragraph(part, p, "h2", f"（{chinese_numeral(n)}）", p.heading)
                for n, p in enumerate(part.points, 1)]


class Subheadings(Pattern):
    """Sub-headings on their own line (二级标题单列): （一）heading, then its paragraph."""

    id = "subheadings"
    label = "（一）单列小标题"
    description = "每个分论点的小标题单独成行，正文另起一段"

    def _layout(self, part: PartContent) -> list[Block]:
        blocks: list[Block] = []
        for n, point in enumerate(part.points, 1):
            blocks.append(Heading(2, f"（{chinese_numeral(n)}）", tuple(point.heading),
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
        return [_lead_paragraph(part, p, "h3", f"{n}.", p.heading)
                for n, p in enumerate(part.points, 1)]


class Enumeration(Pattern):
    """Enumeration (一是二是): the points as run-in items 一是…二是…, key phrases bold."""

    id = "enumeration"
    label = "一是二是"
    description = "分论点写成“一是……二是……”，每段以序数词领起，要点加粗"
    min_points = 2

    def _layout(self, part: PartContent) -> list[Block]:
        return [_lead_paragraph(part, p, "item", f"{chinese_numeral(n)}是", p.heading)
                for n, p in enumerate(part.points, 1)]


#: Connectives for connected prose, by position; the last point takes 最后.
CONNECTIVES = ("首先", "其次", "再次", "同时", "此外", "另外")


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
            blocks.append(_lead_paragraph(part, point, "connective", f"{word}，", point.heading))
        return blocks


_REGISTRY: dict[str, Pattern] = {}


def register(pattern: Pattern) -> Pattern:
    """Add `pattern` to the catalogue (replacing one with the same id) and return it."""
    if not pattern.id:
        raise ValueError(f"pattern {type(pattern).__name__} has no id")
    _REGISTRY[pattern.id] = pattern
    return pattern


def get_pattern(pattern_id: str) -> Pattern:
    """Return the pattern `pattern_id`; raises `PatternError` naming it when unknown."""
    try:
        return _REGISTRY[pattern_id]
    except KeyError:
        known = "、".join(_REGISTRY)
        raise PatternError(f"未知句式“{pattern_id}”；可用句式：{known}") from None


def iter_patterns(applies_to: str | None = "part") -> Iterator[Pattern]:
    """Yield the patterns of the catalogue, those for `applies_to` only unless None."""
    for pattern in _REGISTRY.values():
        if applies_to is None or pattern.applies_to == applies_to:
            yield pattern


#: The form a part takes when its template names none.
DEFAULT_PATTERN = "runin"

for _cls in (RunInSubheadings, Subheadings, NumberedSubheadings, Enumeration, ConnectedProse):
    register(_cls())
