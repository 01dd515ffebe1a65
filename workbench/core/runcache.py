"""A cache kept one run back: what the last run made, for the next run to reuse.

A session repeats the same work on every keystroke (assemble the draft, render each
paragraph); most of it gives what the last run gave. A `RunCache` remembers what one run
made and hands it to the next; what the next run did not ask for is dropped at its end,
so the cache never holds more than one run's worth, however long the session.

Keys may name objects by `id()` when the value holds the object itself: while the entry
lives the object does too, so no other object can have that id.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class RunCache:
    """Values made by the last run (`begin` … `end`), reused by the next one."""

    def __init__(self) -> None:
        self._last: dict[Hashable, Any] = {}
        self._now: dict[Hashable, Any] = {}
        #: How many values were made and how many were handed back (for the benches).
        self.rendered = 0
        self.reused = 0

    def begin(self) -> None:
        """Start a run."""
        self._now = {}

    def end(self) -> None:
        """End a run: what it used is what the next one may reuse."""
        self._last, self._now = self._now, {}

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """Return the value kept for `key`, or `make()`'s (never None)."""
        value = self._now.get(key)
        if value is None:
            value = self._last.get(key)
            if value is None:
                value = make()
                self.rendered += 1
            else:
                self.reused += 1
            self._now[key] = value
        return value
