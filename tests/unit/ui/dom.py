"""Find widgets in an app by their CSS class, as a browser script would."""

from __future__ import annotations

from collections.abc import Iterator

import ipywidgets as w


def iter_widgets(root: w.Widget) -> Iterator[w.Widget]:
    """Yield `root` and every widget below it."""
    yield root
    for child in getattr(root, "children", ()):
        yield from iter_widgets(child)


def find(root: w.Widget, css: str) -> list[w.Widget]:
    """Return the widgets below `root` that carry CSS class `css`."""
    return [x for x in iter_widgets(root) if css in getattr(x, "_dom_classes", ())]


def one(root: w.Widget, css: str) -> w.Widget:
    """Return the one widget below `root` with class `css`."""
    found = find(root, css)
    assert len(found) == 1, f"{css}: {len(found)} widgets"
    return found[0]
