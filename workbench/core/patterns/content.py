"""The content every pattern lays out: a part's points, their key phrases, bodies and items."""

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
class PartContent:
    """A part's content with facts filled in: what every pattern lays out.

    `phrasings` holds the template's own wording for the pattern in use (the template's
    `phrasings: {pattern id: {key: text or list}}`), e.g. the keyword of a numbered slogan.
    """

    id: str
    points: tuple[PointContent, ...]
    phrasings: Mapping[str, object] = field(default_factory=dict)
