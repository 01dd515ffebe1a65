"""Speech templates (讲话模板) as frozen values parsed from YAML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .facts import FactSpec
from .nodes import slot_text
from .textfields import TextField


@dataclass(frozen=True, slots=True)
class Choice:
    """A named variant a writer picks: an opening, a closing or a heading pattern."""

    id: str
    label: str
    text: TextField | None = None


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """An enumeration item (一是…): a key phrase, shown bold, and the rest of its text."""

    key: TextField
    text: TextField
    when: str | None = None


@dataclass(frozen=True, slots=True)
class PointSpec:
    """A sub-point (分论点): key phrase, heading sentence, body prose and items (content)."""

    id: str
    key: TextField
    heading: TextField
    body: TextField | None = None
    items: tuple[ItemSpec, ...] = ()
    when: str | None = None


@dataclass(frozen=True, slots=True)
class PartSpec:
    """A part of the body (一、…): its headings per heading pattern and its points."""

    id: str
    title: str
    headings: Mapping[str, TextField]
    points: tuple[PointSpec, ...]
    intro: TextField | None = None
    pattern: str | None = None
    when: str | None = None


@dataclass(frozen=True, slots=True)
class SpeechTemplate:
    """A speech template: the occasion, its facts, openings, parts and closings."""

    id: str
    title: TextField
    occasion: str
    target_chars: int
    facts: tuple[FactSpec, ...]
    heading_patterns: tuple[Choice, ...]
    openings: tuple[Choice, ...]
    parts: tuple[PartSpec, ...]
    closings: tuple[Choice, ...]
    salutation: TextField
    speaker_line: TextField
    transition: TextField
    phrasings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    path: str | None = None

    @property
    def fact_specs(self) -> dict[str, FactSpec]:
        """The fact specs by id, in declaration order."""
        return {f.id: f for f in self.facts}

    @property
    def display_title(self) -> str:
        """The title with facts shown by their labels, for lists and pickers."""
        labels = {f.id: slot_text(f.label) for f in self.facts}
        return self.title.render(labels) if self.title.names else self.title.source

    def part(self, part_id: str) -> PartSpec:
        """Return the part with id `part_id`; raises KeyError naming it."""
        for part in self.parts:
            if part.id == part_id:
                return part
        raise KeyError(f"template {self.id!r} has no part {part_id!r}")
