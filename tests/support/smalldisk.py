"""Real small and read-only folders for save tests: a 64 KiB tmpfs, a read-only remount.

Mounting needs root (the test machine and CI run as root); elsewhere the helpers say why
they cannot, and the tests skip with that one line. A read-only folder falls back to
`chmod 555` for a non-root user (root ignores permission bits, so it needs the mount).
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Size of the small disk, in bytes (a draft file is 2–20 KiB).
SMALL_DISK_BYTES = 64 * 1024


class CannotMount(Exception):
    """Mounting is impossible here; the message is the one-line reason."""


def _mount(*args: str) -> None:
    run = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)
    if run.returncode != 0:
        raise CannotMount(f"mount {' '.join(args)} failed: {run.stderr.strip() or run.returncode}")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


@contextmanager
def small_tmpfs(path: Path, size: int = SMALL_DISK_BYTES) -> Iterator[Path]:
    """Mount a tmpfs of `size` bytes on `path` (created) for the block; unmount after."""
    if os.geteuid() != 0:
        raise CannotMount(f"a tmpfs needs root to mount (running as uid {os.geteuid()})")
    path.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path))
    try:
        yield path
    finally:
        _umount(path)


@contextmanager
def freezable_folder(path: Path) -> Iterator[Path]:
    """Give a writable folder at `path` that `make_read_only` can freeze, for the block.

    As root: a small tmpfs, later remounted read-only (root ignores permission bits).
    Otherwise: a plain folder, later `chmod 555`.
    """
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        try:
            yield path
        finally:
            path.chmod(0o755)
        return
    _mount("-t", "tmpfs", "-o", f"size={SMALL_DISK_BYTES}", "tmpfs", str(path))
    try:
        yield path
    finally:
        _umount(path)


def make_read_only(path: Path) -> None:
    """Turn the folder given by `freezable_folder` read-only now (after writing to it)."""
    if os.geteuid() != 0:
        path.chmod(0o555)
    else:
        _mount("-o", "remount,ro", str(path))


def make_writable(path: Path) -> None:
    """Undo `make_read_only`."""
    if os.geteuid() != 0:
        path.chmod(0o755)
    else:
        _mount("-o", "remount,rw", str(path))


def fill_disk(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of `folder` with one file, leaving about `leave` bytes free;
    return the file (delete it to free the space)."""
    filler = folder / "filler.bin"
    want = max(0, free_bytes(folder) - leave)
    with open(filler, "wb", buffering=0) as handle:
        written = 0
        try:
            while written < want:
                written += handle.write(b"\0" * min(4096, want - written))
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
    return filler


def free_bytes(folder: Path) -> int:
    """Return the bytes free on the file system of `folder`."""
    stat = os.statvfs(folder)
    return stat.f_bavail * stat.f_frsize
