"""Work done in a forked child process (子进程), so its libraries never load in the caller.

A dashboard kernel exports a Word file a few times a session. Rendering it loads
python-docx and lxml and builds their caches: about 12 MiB that would stay in every
writer's kernel for the rest of the session, a third of what an empty kernel holds.
`call_forked` runs such work in a child made by `os.fork()`, which starts from the
kernel's memory as it is (copy on write, a few milliseconds), computes, sends the pickled
result back through a pipe and exits; its memory goes with it.

The child runs only the given function: its output streams point at /dev/null (a
kernel's streams talk to threads that do not exist in the child) and it leaves through
`os._exit`, so no exit handler of the parent runs. Whatever goes wrong with the child
itself (no `fork` on this platform, a crash, a result that does not pickle, no answer
within `timeout`) makes the call run in-process instead, logged; an exception the
function raises is raised to the caller, as an in-process call would.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Seconds a child may take before the call runs in-process instead.
DEFAULT_TIMEOUT_S = 60.0

#: Set to 1 to run everything in-process (debugging, platforms where forking misbehaves).
NO_FORK_ENV = "WORKBENCH_NO_FORK"

_OK, _RAISED = "ok", "raised"


class ChildFailed(Exception):
    """The child did not deliver a result (crashed, timed out, result not picklable)."""


def can_fork() -> bool:
    """Whether `call_forked` runs its work in a child on this machine."""
    return hasattr(os, "fork") and os.environ.get(NO_FORK_ENV, "") not in ("1", "true", "yes")


def call_forked(func: Callable[..., T], *args: Any, timeout: float = DEFAULT_TIMEOUT_S,
                **kwargs: Any) -> T:
    """Return `func(*args, **kwargs)`, computed in a forked child when possible."""
    if can_fork():
        try:
            return _in_child(func, args, kwargs, timeout)
        except ChildFailed as exc:
            log.warning("forked call of %s failed (%s); running it in-process",
                        getattr(func, "__qualname__", func), exc)
    return func(*args, **kwargs)


def _in_child(func: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any],
              timeout: float) -> T:
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        raise ChildFailed(f"fork: {exc}") from None
    if pid == 0:  # the child: compute, report, leave without the parent's exit handlers
        os.close(read_end)
        _child(func, args, kwargs, write_end)
    os.close(write_end)
    try:
        data = _read_all(read_end, time.monotonic() + timeout)
    except ChildFailed:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read_end)
        with contextlib.suppress(ChildProcessError):  # reaped by someone else already
            os.waitpid(pid, 0)
    try:
        kind, value = pickle.loads(data)
    except Exception as exc:  # empty (the child died) or damaged
        raise ChildFailed(f"no result ({len(data)} bytes: {type(exc).__name__})") from None
    if kind == _RAISED:
        raise value
    return value


def _child(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
           write_end: int) -> None:
    code = 0
    try:
        devnull = open(os.devnull, "w")
        sys.stdout = sys.stderr = devnull
        for fd in (1, 2):
            os.dup2(devnull.fileno(), fd)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            result: tuple[str, Any] = (_OK, func(*args, **kwargs))
        except Exception as exc:
            result = (_RAISED, exc)
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            data = b""  # the parent sees no result and runs the call itself
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _read_all(fd: int, deadline: float) -> bytes:
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise ChildFailed("timed out")
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
