"""A writer's edits (修改): the text of one paragraph, with fact values kept as references."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .facts import display
from .nodes import slot_text
from .textfields import Missing


@dataclass(frozen=True, slots=True)
class FactRef:
    """A place in an edited paragraph where a fact's current value goes."""

    fact: str


class Edit:
    """A writer's text for one paragraph, with fact values kept as references.

    Keeping the facts as references lets an edited paragraph follow a later fact change
    (a new county name reaches edited paragraphs too).
    """

    __slots__ = ("segments",)

    def __init__(self, segments: list[str | FactRef]) -> None:
        self.segments = segments

    @classmethod
    def from_text(cls, text: str, facts: Mapping[str, Any], generated: str = "",
                  labels: Mapping[str, str] | None = None) -> Edit:
        """Return the edit for `text`, turning back into references the values of `facts`
        that `generated` shows too, and the slots (【label】, by `labels`) of facts still
        unfilled, so the edit follows later fact changes."""
        values = [
            (fid, display(v)) for fid, v in facts.items()
            if not isinstance(v, bool) and len(display(v)) >= 2 and display(v) in generated
        ]
        values += [
            (fid, slot_text(label)) for fid, label in (labels or {}).items()
            if fid not in facts and slot_text(label) in generated
        ]
        values.sort(key=lambda pair: -len(pair[1]))
        segments: list[str | FactRef] = [text]
        for fid, value in values:
            split: list[str | FactRef] = []
            for seg in segments:
                if isinstance(seg, FactRef):
                    split.append(seg)
                    continue
                pieces = seg.split(value)
                for i, piece in enumerate(pieces):
                    if i:
                        split.append(FactRef(fid))
                    if piece:
                        split.append(piece)
            segments = split
        return cls(segments)

    def render(self, values: Mapping[str, Any]) -> str:
        """Return the edit's text with current fact values (a slot marker where missing)."""
        out = []
        for seg in self.segments:
            if isinstance(seg, FactRef):
                value = values.get(seg.fact)
                out.append(display(value) if value is not None else str(Missing(seg.fact)))
            else:
                out.append(seg)
        return "".join(out)

    def to_json(self) -> list[Any]:
        """Return the segments as JSON data: strings and {"fact": id} objects."""
        return [{"fact": s.fact} if isinstance(s, FactRef) else s for s in self.segments]

    @classmethod
    def from_json(cls, data: Any) -> Edit:
        """Return the edit stored as `data`; raises ValueError when malformed."""
        if isinstance(data, str):
            return cls([data])
        if not isinstance(data, list):
            raise ValueError("edit is not a list")
        segments: list[str | FactRef] = []
        for seg in data:
            if isinstance(seg, str):
                segments.append(seg)
            elif isinstance(seg, dict) and isinstance(seg.get("fact"), str):
                segments.append(FactRef(seg["fact"]))
            else:
                raise ValueError("bad edit segment")
        return cls(segments)
