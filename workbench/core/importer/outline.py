"""The recovered outline (提纲) of an imported speech: frozen values, JSON and a text tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..numbering import ENUMERATION, PART, format_ordinal
from ..text import count_chars


@dataclass(frozen=True, slots=True)
class Item:
    """An enumeration item (列举项: 一是… 其一… 首先… 1. （1）): its key phrase and the rest.

    `marker` is the ordinal or connective as written (一是, 其一，, 首先，, 1., （1）);
    `sep` the punctuation that ended the key phrase in the original (kept so a template
    gives back the same text); `items` the deeper levels inside this item.
    """

    key: str
    text: str = ""
    marker: str = ""
    sep: str = ""
    items: tuple[Item, ...] = ()

    @property
    def family(self) -> str:
        """The kind of enumeration: "shi" (一是), "qi" (其一), "seq" (首先/第一),
        "arabic" (1.) or "paren" (（1）)."""
        return _family(self.marker)

    def to_json(self) -> dict[str, Any]:
        """Return {"key", "text"}, plus "items" only when the item has deeper levels."""
        data: dict[str, Any] = {"key": self.key, "text": self.text}
        if self.items:
            data["items"] = [i.to_json() for i in self.items]
        return data


@dataclass(frozen=True, slots=True)
class Point:
    """A sub-point (分论点): its heading sentence (no ordinal), the rest of its prose, items.

    `runin` is True when the heading sentence opens the paragraph (（一）标题。正文…),
    False when it stands on its own line. `level` is 2 for （一）, 3 for 1. and 0 for a
    point written as a run-in paragraph directly under its part (一是…, or a form
    without ordinals); `marker` is the connective that led such a point as written
    (一方面，), "" for an ordinal or a bold lead sentence.
    """

    heading: str
    text: str = ""
    items: tuple[Item, ...] = ()
    runin: bool = True
    level: int = 2
    marker: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return {"heading", "text", "items"}."""
        return {"heading": self.heading, "text": self.text,
                "items": [i.to_json() for i in self.items]}


@dataclass(frozen=True, slots=True)
class Part:
    """A part of the body (一、…): its heading (no ordinal), intro prose and points."""

    heading: str
    text: str = ""
    points: tuple[Point, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return {"heading", "text", "points"}."""
        return {"heading": self.heading, "text": self.text,
                "points": [p.to_json() for p in self.points]}


@dataclass(frozen=True, slots=True)
class Outline:
    """A speech's recovered outline; text that was not placed is kept in `unplaced`.

    `ignored` holds the text judged to lie outside the speech (site navigation, footers);
    `notes` the doubts met while recovering the outline, in Chinese.
    Paragraphs inside `opening`, `closing` and the `text` fields are separated by "\\n".
    """

    title: str | None = None
    subtitle: str | None = None
    speaker_line: str | None = None
    salutation: str | None = None
    opening: str | None = None
    parts: tuple[Part, ...] = ()
    closing: str | None = None
    unplaced: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def ignored_chars(self) -> int:
        """How many characters (whitespace aside) were judged outside the speech."""
        return sum(count_chars(t) for t in self.ignored)

    @property
    def unplaced_chars(self) -> int:
        """How many characters (whitespace aside) could not be placed."""
        return sum(count_chars(t) for t in self.unplaced)

    def to_json(self) -> dict[str, Any]:
        """Return the outline as JSON data in the documented shape."""
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "speaker_line": self.speaker_line,
            "salutation": self.salutation,
            "opening": self.opening,
            "parts": [p.to_json() for p in self.parts],
            "closing": self.closing,
            "unplaced": list(self.unplaced),
            "ignored": list(self.ignored),
        }

    def report(self) -> str:
        """Return a one-line summary in Chinese: parts, points, ignored and unplaced text."""
        points = sum(len(p.points) for p in self.parts)
        line = f"识别出 {len(self.parts)} 个部分、{points} 个分论点"
        line += f"；正文以外忽略 {self.ignored_chars} 字"
        if self.unplaced:
            line += f"；未能归位 {len(self.unplaced)} 段（{self.unplaced_chars} 字）"
        return line

    def format_tree(self, width: int = 40) -> str:
        """Return the outline as an indented tree, ordinals computed, long text shortened."""
        out: list[str] = []

        def add(depth: int, label: str, text: str | None) -> None:
            if text:
                out.append(f"{'  ' * depth}{label}{_short(text, width)}")

        add(0, "标题：", self.title)
        add(0, "副标题：", self.subtitle)
        add(0, "署名：", self.speaker_line)
        add(0, "称谓：", self.salutation)
        add(0, "开头：", self.opening)
        for n, part in enumerate(self.parts, 1):
            out.append(f"{format_ordinal(PART, n)}{part.heading}")
            add(1, "导语：", part.text)
            for k, point in enumerate(part.points, 1):
                ordinal = point.marker or format_ordinal(
                    point.level if point.level in (2, 3) else ENUMERATION, k)
                form = "" if point.runin else "〔单列〕"
                out.append(f"  {ordinal}{point.heading}{form}")
                add(2, "正文：", point.text)
                _tree_items(out, point.items, 2, width)
        add(0, "结尾：", self.closing)
        for text in self.unplaced:
            add(0, "〔未归位〕", text)
        out.append(f"〔{self.report()}〕")
        for note in self.notes:
            out.append(f"〔提示〕{note}")
        return "\n".join(out)


def _tree_items(out: list[str], items: tuple[Item, ...], depth: int, width: int) -> None:
    for item in items:
        text = f"：{_short(item.text, width)}" if item.text else ""
        out.append(f"{'  ' * depth}{item.marker.rstrip('，,、')}〖{item.key}〗{text}")
        _tree_items(out, item.items, depth + 1, width)


def _short(text: str, width: int) -> str:
    flat = text.replace("\n", " ")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _family(marker: str) -> str:
    if not marker:
        return ""
    if marker[0].isdigit():
        return "arabic"
    if marker[0] in "（(":
        return "paren"
    if marker.startswith("其") and len(marker) > 1 and marker[1] in "一二三四五六七八九十":
        return "qi"
    if marker.rstrip("，,、：:").endswith("是") and marker[0] in "一二三四五六七八九十":
        return "shi"
    return "seq"
