"""Speech templates (讲话模板) as frozen values parsed from YAML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .facts import FactSpec
from .nodes import slot_text
from .textfields import Condition, TextField


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
    when: Condition | None = None


@dataclass(frozen=True, slots=True)
class PointSpec:
    """A sub-point (分论点): key phrase, heading sentence, body prose and items (content)."""

    id: str
    key: TextField
    heading: TextField
    body: TextField | None = None
    items: tuple[ItemSpec, ...] = ()
    when: Condition | None = None


@dataclass(frozen=True, slots=True)
class SideSpec:
    """One of the two opposed groups of a contrast (对比): its wording and its points."""

    text: TextField
    points: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FormSpec:
    """A part's own wording for a rhetorical form (排比, 数字概括, 递进, 对比).

    `phrases` holds one phrase per point, by point id: the clause of a parallel series,
    the element of a slogan, the step of an escalation. A slogan adds its `keyword` and
    `measure` (“三个到位”: 个 + 到位; “三查”: no measure); a contrast has two `sides`
    instead of phrases. `lead` and `end` frame the lead sentence; `sep` joins its pieces.
    """

    form: str
    phrases: Mapping[str, TextField] = field(default_factory=dict)
    lead: TextField | None = None
    end: TextField | None = None
    sep: str | None = None
    keyword: str = ""
    measure: str = "个"
    sides: tuple[SideSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class PartSpec:
    """A part of the body (一、…): its headings per heading pattern and its points.

    `forms` holds the part's own wording for the rhetorical forms it offers, by form id;
    a form that needs wording and has none here is not offered for this part.
    """

    id: str
    title: str
    headings: Mapping[str, TextField]
    points: tuple[PointSpec, ...]
    intro: TextField | None = None
    pattern: str | None = None
    when: Condition | None = None
    forms: Mapping[str, FormSpec] = field(default_factory=dict)


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
