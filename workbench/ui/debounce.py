"""Debouncing: run a function once typing pauses, on the kernel's event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Debouncer:
    """Calls `func` `wait` seconds after the last `call()`; later calls restart the wait.

    In a kernel (JupyterLab or Voilà) the call is scheduled on the running asyncio loop,
    the thread that handles widget messages, so `func` may touch widgets freely. Without a
    running loop (plain Python, headless tests) `call()` runs `func` at once.
    """

    def __init__(self, func: Callable[[], object], wait: float = 0.2) -> None:
        self.func = func
        self.wait = wait
        self._handle: asyncio.TimerHandle | None = None

    @property
    def is_pending(self) -> bool:
        """True while a call waits to run."""
        return self._handle is not None

    def call(self) -> None:
        """Run `func` after the wait, cancelling a call still waiting."""
        self.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.wait <= 0:
            self.func()
            return
        self._handle = loop.call_later(self.wait, self._fire)

    def flush(self) -> None:
        """Run a waiting call now (nothing happens when none is waiting)."""
        if self._handle is not None:
            self.cancel()
            self.func()

    def cancel(self) -> None:
        """Drop a waiting call."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _fire(self) -> None:
        self._handle = None
        self.func()
