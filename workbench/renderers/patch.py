"""Page patches (预览增量): what changed between two renderings of the preview's paragraphs.

The live preview does not re-send the page on each keystroke. It keeps the paragraphs it
showed last, as (key, HTML) pairs from `renderers.html.render_blocks`, and sends only a
patch: the paragraphs whose HTML changed or that are new (`set`), and the new order of
keys when paragraphs came, went or moved (`order`, else None). The browser's side
(`ui/page.py`) replaces those paragraphs in place; `apply_patch` is the same algorithm in
Python, the reference the tests hold the browser's to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

Block = tuple[str, str]


class Patch(TypedDict):
    """A change of the page: paragraphs to (re)place, and the key order when it changed."""

    set: list[list[str]]
    order: list[str] | None


def page_patch(old: Sequence[Block], new: Sequence[Block]) -> Patch | None:
    """Return the patch that turns the page `old` into `new`, or None when they are equal.

    Keys are unique within a page (`render_blocks` makes them so).
    """
    before = dict(old)
    changed = [[key, html] for key, html in new if before.get(key) != html]
    keys = [key for key, _ in new]
    moved = len(old) != len(new) or any(k != o for k, (o, _) in zip(keys, old, strict=True))
    order = keys if moved else None
    if not changed and order is None:
        return None
    return {"set": changed, "order": order}


def apply_patch(blocks: Sequence[Block], patch: Patch) -> list[Block]:
    """Return `blocks` with `patch` applied (what the browser does to the page's DOM)."""
    html = dict(blocks)
    for key, value in patch["set"]:
        html[key] = value
    order = patch["order"] if patch["order"] is not None else [key for key, _ in blocks]
    return [(key, html[key]) for key in order]


def patch_size(patch: Patch | None) -> int:
    """Return the characters a patch carries (its HTML and keys): what travels."""
    if patch is None:
        return 0
    return (sum(len(k) + len(h) for k, h in patch["set"])
            + sum(len(k) for k in patch["order"] or ()))
