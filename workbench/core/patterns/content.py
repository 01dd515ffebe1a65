"""The content every pattern lays out: a part's points, their key phrases, bodies and items,
and the part's own wording for the written forms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..nodes import Inline


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
class Wording:
    """A part's own wording for a rhetorical form, facts filled in (see `FormSpec`).

    `phrases` has one phrase per point present, by point id (a clause, an element, a
    step); `sides` the two groups of a contrast, each its wording and its point ids.
    """

    phrases: Mapping[str, tuple[Inline, ...]] = field(default_factory=dict)
    lead: tuple[Inline, ...] = ()
    end: tuple[Inline, ...] = ()
    sep: str | None = None
    keyword: str = ""
    measure: str = "个"
    sides: tuple[tuple[tuple[Inline, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class PartContent:
    """A part's content with facts filled in: what every pattern lays out.

    `wording` holds the part's own wording for the form in use, when the form is one
    that needs it (排比, 数字概括, 递进, 对比); None otherwise.
    """

    id: str
    points: tuple[PointContent, ...]
    wording: Wording | None = None
