"""The pattern base class, the content it lays out, shared helpers and the registry."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import ClassVar

from ...errors import PatternError
from ..nodes import Block, Inline, Paragraph, RunIn, Strong, Text, block_text, plain_text
from ..numbering import ENUMERATION, FINAL_MARKS, NUMBER, format_ordinal
from .content import ItemContent, PartContent, PointContent
from .content import Wording as Wording

#: The level of a point's items (format_ordinal's level 5, 一是), and the level they move
#: to when the points themselves are run in as 一是 (level 3, 1.): a 一是 inside a 一是
#: would break the count a listener keeps, and a bare sentence loses the item.
ITEM_LEVEL = ENUMERATION
NESTED_ITEM_LEVEL = NUMBER

#: What a pattern applies to, with the Chinese name the catalogue shows.
APPLIES_TO = {"part": "部分（分论点）", "opening": "开头", "closing": "结尾", "headings": "一级标题组"}


class Pattern:
    """A form for a part's content (the base of every pattern).

    Contract for subclasses:

    - no content loss: `layout()` returns blocks that contain every heading sentence,
      body paragraph, item key phrase and item text of `part` (and so every fact value
      they carry). A form may leave the point's key out: it is the point's short label,
      and the heading sentence says it in full. `missing_content()` checks this.
    - written, not generated: a form that sums the points up (排比, 数字概括, 递进, 对比)
      declares the wording it needs (`wording_fields`, `phrases_field`) and lays out only
      what the template wrote for the part; it is offered for a part only when the part
      has that wording (`is_offered`), and never fills a frame with key phrases.
    - pure: the output depends only on `part`, so switching away and back gives the same
      text (idempotent), and a computed count (讲三点, “三个到位”) is always right.
    - stable ids: each paragraph's id depends only on the part, the point and the shape
      of the paragraph. One paragraph per point led by its heading sentence has id
      ``f"{part}.{point}"``, so a writer's edit follows it across forms of that shape;
      any other shape uses its own id, and edits of it are reported as orphans when the
      form changes (`Draft.iter_orphan_edits()`).
    """

    id: ClassVar[str] = ""
    label: ClassVar[str] = ""
    description: ClassVar[str] = ""
    applies_to: ClassVar[str] = "part"
    min_points: ClassVar[int] = 1
    #: True when the form shows each point's key phrase.
    shows_point_keys: ClassVar[bool] = False
    #: The fields of the part's wording this form reads (field -> required), for the
    #: template's ``forms.<id>``; empty when the form needs no wording.
    wording_fields: ClassVar[Mapping[str, bool]] = {}
    #: The wording field that holds one phrase per point (clauses, elements, steps).
    phrases_field: ClassVar[str | None] = None

    @property
    def needs_wording(self) -> bool:
        """True when the form lays out only wording the template writes for the part."""
        return bool(self.wording_fields)

    def is_offered(self, point_count: int, written: Collection[str]) -> bool:
        """Return True when a part with `point_count` points whose template wrote wording
        for the forms `written` may take this form."""
        return point_count >= self.min_points and (not self.needs_wording or self.id in written)

    def layout(self, part: PartContent) -> list[Block]:
        """Return the blocks for `part`; raises `PatternError` if the form cannot take it."""
        if len(part.points) < self.min_points:
            raise PatternError(
                f"句式“{self.label}”至少需要 {self.min_points} 个分论点，当前只有 {len(part.points)} 个"
            )
        if self.needs_wording and part.wording is None:
            raise PatternError(f"句式“{self.label}”需要模板为本部分写出措辞")
        return self._layout(part)

    def _layout(self, part: PartContent) -> list[Block]:
        raise NotImplementedError

    def accepts(self, part: PartContent) -> bool:
        """Return True when this form can lay out `part` (enough points, and the wording
        it needs)."""
        if len(part.points) < self.min_points:
            return False
        return not self.needs_wording or part.wording is not None

    def example(self) -> PartContent:
        """Return the small built-in content the catalogue's sample is rendered from."""
        from .samples import SAMPLE_PART, SAMPLES

        return SAMPLES.get(self.id, SAMPLE_PART)

    def sample(self, width: int = 60) -> str:
        """Return a one-line sample: the example content in this form, cut to `width`."""
        text = " ¶ ".join(block_text(b) for b in self.layout(self.example()))
        return text if len(text) <= width else text[: width - 1] + "…"

    def __repr__(self) -> str:
        return f"<Pattern {self.id} {self.label}>"


# -- helpers shared by patterns ----------------------------------------------------------


def sentence(children: Sequence[Inline], end: str = "。") -> tuple[Inline, ...]:
    """Return `children` ending in sentence punctuation, adding `end` when none is there."""
    children = tuple(children)
    last = _last_char(children)
    if last and last in FINAL_MARKS:
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


def ordinal(level: int, value: int) -> str:
    """Return ordinal `value` as written at `level` (`numbering.format_ordinal`)."""
    return format_ordinal(level, value)


def item_inlines(items: Sequence[ItemContent], level: int | None = ITEM_LEVEL) -> list[Inline]:
    """Return items run in after the ordinals of `level` (一是…。二是…。 by default,
    1.…。2.…。 at level 3), each key phrase bold; no ordinals when `level` is None."""
    out: list[Inline] = []
    for n, item in enumerate(items, 1):
        if level is not None:
            out.append(Text(ordinal(level, n)))
        out.append(Strong(tuple(item.key)))
        rest = tuple(item.text)
        if rest and not _starts_with_punct(rest):
            out.append(Text("。"))
        out.extend(sentence(rest) if rest else (Text("。"),))
    return out


def _starts_with_punct(children: tuple[Inline, ...]) -> bool:
    first = children[0]
    return isinstance(first, Text) and bool(first.text) and first.text[0] in "，。：；、！？"


def body_inlines(point: PointContent, item_level: int | None = ITEM_LEVEL) -> list[Inline]:
    """Return a point's body paragraphs run together, then its items at `item_level`."""
    out: list[Inline] = []
    for para in point.body:
        out.extend(para)
    out.extend(item_inlines(point.items, item_level))
    return out


def lead_paragraph(part: PartContent, point: PointContent, kind: str, lead: str,
                   item_level: int | None = ITEM_LEVEL) -> Paragraph:
    """Return the one paragraph of `point`: its heading sentence run in after `lead` (an
    ordinal or a connective), then its body and its items at `item_level`; id
    ``part.point``, shared by every form of this shape."""
    return Paragraph((RunIn(kind, lead, sentence(point.heading)),
                      *body_inlines(point, item_level)),
                     id=f"{part.id}.{point.id}", section=part.id)


def iter_content(part: PartContent, with_keys: bool = False) -> Iterator[str]:
    """Yield the texts a form must keep: headings, bodies, item keys and texts (and the
    points' keys when `with_keys`)."""
    for point in part.points:
        if with_keys:
            yield plain_text(point.key)
        yield plain_text(point.heading)
        for para in point.body:
            yield plain_text(para)
        for item in point.items:
            yield plain_text(item.key)
            yield plain_text(item.text)


def missing_content(pattern: Pattern, part: PartContent, blocks: Sequence[Block]) -> list[str]:
    """Return the content texts of `part` that `blocks` (laid out by `pattern`) lost."""
    text = "".join(block_text(b) for b in blocks)
    return [t for t in iter_content(part, pattern.shows_point_keys) if t.strip() and t not in text]


# -- the registry -------------------------------------------------------------------------

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
    except (KeyError, TypeError):
        known = "、".join(_REGISTRY)
        raise PatternError(f"未知句式“{pattern_id}”；可用句式：{known}") from None


def iter_patterns(applies_to: str | None = "part") -> Iterator[Pattern]:
    """Yield the patterns of the catalogue, those for `applies_to` only unless None."""
    for pattern in list(_REGISTRY.values()):
        if applies_to is None or pattern.applies_to == applies_to:
            yield pattern
