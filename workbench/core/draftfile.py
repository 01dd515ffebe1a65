"""Draft files on disk (草稿文件): revision-checked saves under a lock, the last good copy beside.

A save of draft revision N to `NAME.json`, in one critical section under an exclusive
`flock` on `NAME.json.lock`:

1. read the revision the file holds now; if it is newer than N (another tab or writer
   saved since this draft was loaded), refuse with `DraftConflictError`;
2. copy the file, if it is a readable draft, to `NAME.json.bak` (atomically);
3. write the new file (atomically: a temp file, `fsync`, `os.replace`) as revision N + 1.

Every step that fails leaves `NAME.json` as it was; a disk that is full or a folder that
is not writable raises `DraftSaveError` with one Chinese line. The lock serialises savers
on one machine and on a shared folder that supports `flock`; the lock file stays (removing
it would let two savers hold two different locks).
"""

from __future__ import annotations

import datetime as _dt
import errno
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import DraftConflictError, DraftSaveError
from .atomicfile import atomic_write

try:  # POSIX; elsewhere saves are still atomic, just not serialised
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Suffix of the last good copy kept beside a draft file (`NAME.json.bak`).
BACKUP_SUFFIX = ".bak"

#: Suffix of the lock file beside a draft file (`NAME.json.lock`).
LOCK_SUFFIX = ".lock"

#: The draft file format name (as in `draft.DRAFT_FORMAT`; repeated to keep this module
#: free of the draft model).
_FORMAT = "speech-workbench-draft"

#: Errno values and how the writer is told about them.
_REASONS = {
    errno.ENOSPC: ("full", "磁盘空间已满"),
    errno.EDQUOT: ("full", "磁盘配额已用完"),
    errno.EACCES: ("denied", "没有写入该文件夹的权限"),
    errno.EPERM: ("denied", "没有写入该文件夹的权限"),
    errno.EROFS: ("read-only", "文件夹是只读的"),
    errno.ENOTDIR: ("other", "草稿文件夹的路径被一个文件占用"),
    errno.EEXIST: ("other", "草稿文件夹的路径被一个文件占用"),
    errno.EIO: ("other", "磁盘读写出错"),
}


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Return where the last good copy of the draft file `path` is kept (`NAME.json.bak`)."""
    path = Path(path)
    return path.with_name(path.name + BACKUP_SUFFIX)


def lock_path(path: str | os.PathLike[str]) -> Path:
    """Return the lock file that serialises saves of the draft file `path`."""
    path = Path(path)
    return path.with_name(path.name + LOCK_SUFFIX)


@dataclass(frozen=True, slots=True)
class DiskDraft:
    """What a draft file on disk holds, as far as a save needs to know.

    `data` is None when there is no file; `revision` is None when the file is not a
    readable draft (damaged, or another kind of file), else its revision (0 for drafts
    written before revisions were counted).
    """

    data: bytes | None
    revision: int | None
    saved_at: str | None = None

    @property
    def is_good(self) -> bool:
        """True when the file is a readable draft, worth keeping as the backup."""
        return self.revision is not None


def read_disk_draft(path: str | os.PathLike[str], limit: int) -> DiskDraft:
    """Return what the draft file `path` holds now (reading at most `limit` + 1 bytes).

    A file that exists but cannot be read raises `OSError`: a save must not replace what
    it could not look at.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        return DiskDraft(None, None)
    if len(data) > limit:
        return DiskDraft(data, None)
    try:
        content = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return DiskDraft(data, None)
    if not isinstance(content, dict) or content.get("format") != _FORMAT:
        return DiskDraft(data, None)
    saved_at = content.get("saved_at")
    return DiskDraft(data, revision_of(content), saved_at if isinstance(saved_at, str) else None)


def revision_of(content: dict[str, object]) -> int:
    """Return the revision recorded in draft data `content` (0 when absent or invalid)."""
    revision = content.get("revision", 0)
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
        return 0
    return revision


@contextmanager
def locked(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the exclusive lock of the draft file `path` for the duration of the block."""
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def save_checked(path: str | os.PathLike[str], render: Callable[[int], bytes], revision: int,
                 limit: int) -> int:
    """Save a draft of `revision` to `path` unless the file holds a newer one; return the
    revision written (the newer of `revision` and the file's, plus one).

    `render(n)` returns the file's bytes for revision `n`. Raises `DraftConflictError`
    when the file's revision is newer than `revision`, `DraftSaveError` when the disk or
    folder refuses the write; in both cases the file is as it was.
    """
    path = Path(path)
    try:
        with locked(path):
            disk = read_disk_draft(path, limit)
            if disk.revision is not None and disk.revision > revision:
                raise DraftConflictError(_conflict_message(path, disk), path, revision,
                                         disk.revision, disk.saved_at)
            new = max(revision, disk.revision or 0) + 1
            data = render(new)
            if disk.is_good and disk.data is not None:
                atomic_write(backup_path(path), disk.data)
            atomic_write(path, data)
    except OSError as exc:
        if isinstance(exc, DraftSaveError):
            raise
        raise save_error(path, exc) from None
    return new


def save_error(path: Path, exc: OSError) -> DraftSaveError:
    """Return the one-line error for a failed write of the draft file `path`."""
    reason, text = _REASONS.get(exc.errno or 0, ("other", f"写入出错：{exc.strerror or exc}"))
    return DraftSaveError(f"{path.name}: 无法保存草稿（{text}），文件夹中原有的草稿未改动",
                          path, reason)


def _conflict_message(path: Path, disk: DiskDraft) -> str:
    when = _clock(disk.saved_at)
    return (f"{path.name}: 另一个标签页（或另一位撰稿人）已于{when}保存了这份草稿（第 {disk.revision} 次保存），"
            "本页的修改未写入，以免覆盖；请重新打开文件中的版本，或把本页内容另存为新草稿")


def _clock(saved_at: str | None) -> str:
    try:
        moment = _dt.datetime.fromisoformat(saved_at or "")
    except ValueError:
        return "稍早"
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f" {moment:%H:%M:%S} "
