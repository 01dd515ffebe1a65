"""Outline recovery (提纲还原) of a pasted 10,000-character speech: `parse_outline(text)`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from .context import Context
from .corpus import speech_text
from .stats import Figure, time_calls

#: Length of the pasted speech, in characters.
CHARS = 10_000


def find_parse_outline() -> Callable[[str], Any] | None:
    """Return the importer's `parse_outline`, wherever it is exported, or None."""
    for module in ("workbench", "workbench.core.importer", "workbench.core.importer.outline"):
        try:
            found = getattr(importlib.import_module(module), "parse_outline", None)
        except ImportError:
            continue
        if callable(found):
            return found
    return None


def _size(outline: Any) -> dict[str, int]:
    parts = getattr(outline, "parts", None)
    if parts is None:
        return {}
    points = sum(len(getattr(p, "points", ())) for p in parts)
    return {"parts": len(parts), "points": points}


def run(ctx: Context) -> list[Figure]:
    """Return the outline recovery figure."""
    text, chars = speech_text(CHARS)
    title = f"提纲还原 · parse_outline() of a pasted {chars:,}-char speech"
    parse_outline = find_parse_outline()
    if parse_outline is None:
        return [Figure("outline.recover.10k", "outline", title, None, "ms", 0,
                       note="parse_outline() not available yet (the importer has not landed)")]
    outline = parse_outline(text)
    ctx.log(f"outline recovery, {chars} chars")
    sample = time_calls(lambda i: parse_outline(text), ctx.repeat(100, 3), ctx.warmup(5))
    return [Figure.from_sample(
        "outline.recover.10k", "outline", title, sample, target=30.0, target_text="p95 ≤ 30 ms",
        details={"chars": chars, **_size(outline)},
        note="Plain text as the workbench renders it (headings 一、（一）, items 一是…), pasted whole.",
    )]
