"""The pattern base class, the content it lays out, shared helpers and the registry."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from ...errors import PatternError
from ..nodes import Block, Inline, Paragraph, RunIn, Slot, Strong, Text, block_text, plain_text
from ..numbering import ENUMERATION, FINAL_MARKS, format_ordinal
from .content import ItemContent, PartContent, PointContent

#: What a pattern applies to, with the Chinese name the catalogue shows.
APPLIES_TO = {"part": "部分（分论点）", "opening": "开头", "closing": "结尾", "headings": "一级标题组"}


class Pattern:
    """A form for a part's content (the base of every pattern).

    Contract for subclasses:

    - no content loss: `layout()` returns blocks that contain every heading sentence,
      body paragraph, item key phrase and item text of `part` (and so every fact value
      they carry); a form that sums the points up by their key phrases (排比, 数字概括,
      递进, 对比) shows every point's key phrase too. Forms that lead each point with its
      heading sentence may leave the point's key out: it is the point's short label, and
      the heading sentence says it in full. `missing_content()` checks this.
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
    #: True when the form shows each point's key phrase (forms that sum points up).
    shows_point_keys: ClassVar[bool] = False

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


def item_inlines(items: Sequence[ItemContent], ordinals: bool = True) -> list[Inline]:
    """Return items run in as 一是…。二是…。, each key phrase bold (no ordinals if not
    `ordinals`)."""
    out: list[Inline] = []
    for n, item in enumerate(items, 1):
        if ordinals:
            out.append(Text(format_ordinal(ENUMERATION, n)))
        out.append(Strong(tuple(item.key)))
        rest = tuple(item.text)
        if rest and not _starts_with_punct(rest):
            out.append(Text("。"))
        out.extend(sentence(rest) if rest else (Text("。"),))
    return out


def _starts_with_punct(children: tuple[Inline, ...]) -> bool:
    first = children[0]
    return isinstance(first, Text) and bool(first.text) and first.text[0] in "，。：；、！？"


def body_inlines(point: PointContent, item_ordinals: bool = True) -> list[Inline]:
    """Return a point's body paragraphs run together, then its items."""
    out: list[Inline] = []
    for para in point.body:
        out.extend(para)
    out.extend(item_inlines(point.items, item_ordinals))
    return out


def lead_paragraph(part: PartContent, point: PointContent, kind: str, ordinal: str,
                   item_ordinals: bool = True) -> Paragraph:
    """Return the one paragraph of `point`: its heading sentence run in after `ordinal`,
    then its body and items; id ``part.point``, shared by every form of this shape."""
    return Paragraph((RunIn(kind, ordinal, sentence(point.heading)),
                      *body_inlines(point, item_ordinals)),
                     id=f"{part.id}.{point.id}", section=part.id)


def phrasing(part: PartContent, key: str, default: str) -> str:
    """Return the template's phrasing `key` for this part's pattern, or `default`."""
    value = part.phrasings.get(key)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return value if isinstance(value, str) else default


def phrasings(part: PartContent, key: str, default: Sequence[str]) -> tuple[str, ...]:
    """Return the template's phrasing list `key` (a string counts as a list of one)."""
    value = part.phrasings.get(key)
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        values = tuple(v for v in value if isinstance(v, str))
        if values:
            return values
    return tuple(default)


def fill(frame: str, key: Sequence[Inline]) -> list[Inline]:
    """Return `frame` as inlines with each ``{key}`` replaced by the inlines of `key`."""
    out: list[Inline] = []
    for n, piece in enumerate(frame.split("{key}")):
        if n:
            out.extend(key)
        if piece:
            out.append(Text(piece))
    return out


def key_text(key: Sequence[Inline]) -> str | None:
    """Return a key phrase's plain text, or None when it holds an unfilled slot."""
    if any(isinstance(c, Slot) for c in key):
        return None
    return plain_text(tuple(key))


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
