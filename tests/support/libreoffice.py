"""Run LibreOffice through UNO (tests/support/lo_uno.py) from the test interpreter.

Debian's python3-uno works only under /usr/bin/python3, so the UNO script runs there as a
subprocess and talks JSON. Every run holds an exclusive `flock` on /tmp/wb-heavy.lock, the
lock the machine's browser and LibreOffice suites share, so parallel sessions take turns.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

#: The interpreter Debian's python3-uno belongs to, and the UNO script.
SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("lo_uno.py")

#: The lock every headless browser or LibreOffice run on this machine takes.
HEAVY_LOCK = Path("/tmp/wb-heavy.lock")


def require_uno() -> None:
    """Skip (fail under CI) unless soffice and python3-uno are installed."""
    missing = None
    if shutil.which("soffice") is None:
        missing = "soffice"
    elif subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode:
        missing = "python3-uno"
    if missing:
        message = f"{missing} is not installed (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def heavy_lock() -> Iterator[None]:
    """Hold the machine-wide lock for LibreOffice and browser runs.

    When the tests themselves run under `flock /tmp/wb-heavy.lock ...`, an ancestor process
    already holds it; taking it again on a new file description would wait forever.
    """
    with HEAVY_LOCK.open("a") as handle:
        if _held_by_an_ancestor(HEAVY_LOCK):
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _held_by_an_ancestor(path: Path) -> bool:
    """True when /proc/locks shows a flock on `path` held by this process or a parent."""
    try:
        inode = path.stat().st_ino
        holders = set()
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5].rsplit(":", 1)[-1] == str(inode):
                holders.add(int(fields[4]))
        pid = os.getpid()
        while pid > 1:
            if pid in holders:
                return True
            stat = Path(f"/proc/{pid}/stat").read_text()
            pid = int(stat.rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return False
    return False


def run_uno(jobs: list[dict[str, Any]], work: Path, author: str = "审稿人",
            timeout: float = 300) -> list[dict[str, Any]]:
    """Run `jobs` (see lo_uno.py) in one LibreOffice with a private profile under `work`;
    return one result per job."""
    require_uno()
    work.mkdir(parents=True, exist_ok=True)
    request = json.dumps({"profile": str(work / "lo"), "author": author, "jobs": jobs},
                         ensure_ascii=False)
    out, err = work / "uno-out.json", work / "uno-err.txt"
    with heavy_lock(), out.open("wb") as stdout, err.open("wb") as stderr:
        # Own output files, not pipes: soffice inherits them and could hold a pipe open.
        try:
            done = subprocess.run([SYSTEM_PYTHON, str(SCRIPT)], input=request.encode("utf-8"),
                                  stdout=stdout, stderr=stderr, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_soffice(work / "lo" / "soffice.pid")
            raise AssertionError(f"LibreOffice did not finish within {timeout} s") from None
    if done.returncode:
        raise AssertionError(f"UNO script failed ({done.returncode}):\n"
                             f"{err.read_text(encoding='utf-8', errors='replace')[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))["results"]


def _kill_soffice(pid_file: Path) -> None:
    # The soffice this run started leads its own process group (start_new_session).
    try:
        os.killpg(int(pid_file.read_text()), signal.SIGKILL)
    except (OSError, ValueError):
        pass
