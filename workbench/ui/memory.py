"""Freed memory handed back to the system after a kernel's big moments (glibc's malloc_trim).

Building the app, switching template (a new form and outline, the old ones closed) and
exporting free many small blocks at once. CPython returns them to glibc's heap, which
keeps most of them: the kernel's resident memory stays at its peak for the rest of the
session. `malloc_trim(0)` gives the free pages back (about 1.2 MiB a dashboard kernel, in
well under a millisecond). `release_soon()` runs it on the kernel's event loop shortly
after the handler that freed the memory has returned (at once without a running loop);
elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import asyncio
import ctypes
import sys
from functools import cache
from typing import Any

#: Seconds after a big moment before the memory is handed back (the handler is done).
DELAY_S = 0.5


@cache
def _trim() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # the process's own symbols: libc's
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def release_memory() -> bool:
    """Hand the heap's free pages back to the system now; True when it could."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True


def release_soon(delay: float = DELAY_S) -> None:
    """Call `release_memory` `delay` seconds from now on the running loop, or now when no
    loop runs (a call costs well under a millisecond: no need to coalesce them)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        release_memory()
        return
    loop.call_later(delay, release_memory)
