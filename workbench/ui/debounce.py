"""Typing throttle: show the first keystroke at once, then at most one refresh a window."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

#: Shortest quiet window between two refreshes while typing, in seconds.
MIN_WINDOW_S = 0.02

#: The window is this many times the last refresh's cost, so typing never keeps the kernel
#: more than about a third busy with refreshes, however long the speech.
COST_FACTOR = 3.0


class Debouncer:
    """Runs `func` at once on the first `call()`, then at most once a window while calls go on.

    The first keystroke after a pause reaches the preview without waiting (leading edge);
    keystrokes during the window that follows are coalesced into one run when it ends
    (trailing edge), so the last value typed is always shown. The window adapts to what a
    run costs (`COST_FACTOR` times the last run, at least `min_window`, at most `wait`):
    a short speech follows every key, a long one is refreshed a few times a second.

    In a kernel (JupyterLab or Voilà) the trailing run is scheduled on the running asyncio
    loop, the thread that handles widget messages, so `func` may touch widgets freely.
    Without a running loop (plain Python, headless tests) every `call()` runs `func` at once.

    With `defer_first`, the first run too waits for the loop (`call_soon`): work that follows
    a keystroke without being what the writer waits for (the checks, the browser's copy of
    the draft) then runs after the keystroke's own handler has sent the preview, and never
    adds its cost to that handler's.

    With `quiet`, the trailing run waits for a pause: it comes `quiet` seconds after the
    last call, or when `wait` seconds have passed since the previous run if the calls never
    pause that long (work whose result may lag behind continuous typing, such as the
    checks, then runs once a `wait` rather than after nearly every key).
    """

    def __init__(self, func: Callable[[], object], wait: float = 0.2,
                 min_window: float = MIN_WINDOW_S, *, defer_first: bool = False,
                 quiet: float = 0.0) -> None:
        self.func = func
        self.wait = wait
        #: The window is never shorter than this; `min_window == wait` makes it fixed.
        self.min_window = min_window
        self.defer_first = defer_first
        self.quiet = quiet
        self._last_call = self._last_run = 0.0
        self._handle: asyncio.Handle | None = None
        self._dirty = False
        self._cost = 0.0

    @property
    def is_pending(self) -> bool:
        """True while a call waits for the window to end."""
        return self._dirty

    @property
    def window(self) -> float:
        """The quiet window after a run, in seconds."""
        return min(self.wait, max(self.min_window, COST_FACTOR * self._cost))

    def call(self) -> None:
        """Run `func` now if no window is open, else once when the window ends."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.wait <= 0:
            self.cancel()
            self._run()
            return
        self._last_call = time.monotonic()
        if self._handle is not None:
            self._dirty = True
            return
        if self.defer_first:
            self._dirty = True
            self._handle = loop.call_soon(self._fire)
            return
        self._run()
        self._handle = loop.call_later(self.window, self._fire)

    def follow(self, typing: bool) -> None:
        """After a change: while the writer is `typing`, `call()`; otherwise drop any
        waiting call and run `func` now (work that keeps a copy of the draft)."""
        if typing:
            self.call()
        else:
            self.cancel()
            self._run()

    def flush(self) -> None:
        """Run a waiting call now (nothing happens when none is waiting)."""
        if self._dirty:
            self.cancel()
            self._run()

    def cancel(self) -> None:
        """Drop a waiting call and close the window."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._dirty = False

    def _run(self) -> None:
        self._last_run = time.monotonic()
        start = time.perf_counter()
        try:
            self.func()
        finally:
            self._cost = time.perf_counter() - start

    def _fire(self) -> None:
        self._handle = None
        if self._dirty and self.quiet > 0:
            now = time.monotonic()
            due = min(self._last_call + self.quiet, self._last_run + self.wait)
            if due > now + 0.001:
                self._handle = asyncio.get_running_loop().call_later(due - now, self._fire)
                return
        if self._dirty:
            self._dirty = False
            self._run()
            self._handle = asyncio.get_running_loop().call_later(self.window, self._fire)
