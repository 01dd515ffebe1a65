"""The writer's drafts on the server (我的草稿): one JSON file per draft in a private folder.

Under JupyterHub each writer's server runs as their own system user, so the folder (in
their home, mode 0700) is private by the operating system itself. Every write is atomic
(a temp file in the same folder, renamed over the old one), as JupyterLab saves.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.draft import MAX_DRAFT_BYTES
from ..core.draftfile import backup_path, lock_path
from ..errors import DraftError
from ..pipeline import Draft

#: Environment variable naming the drafts folder (shared with JupyterLab's autosave).
DRAFTS_ENV = "WORKBENCH_DRAFTS_DIR"

#: The variables JupyterHub gives a single-user server (and so its kernels).
HUB_ENV = ("JUPYTERHUB_USER", "JUPYTERHUB_SERVICE_PREFIX")

#: Most drafts listed, newest first.
MAX_LISTED = 200

#: Longest draft name, in characters.
MAX_NAME = 80

#: Characters a draft name may not hold: path separators, what Windows refuses, controls,
#: and 【】 (the slot marks).
_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\u3010\u3011]')
_SUFFIX = ".json"


def hub_user(environ: Mapping[str, str] | None = None) -> str | None:
    """Return the JupyterHub user this process serves, or None outside a hub."""
    env = os.environ if environ is None else environ
    if not env.get("JUPYTERHUB_SERVICE_PREFIX"):
        return None
    return env.get("JUPYTERHUB_USER") or None


def hub_logout_url(environ: Mapping[str, str] | None = None) -> str:
    """Return the hub's logout page (`/hub/logout` under the hub's base URL)."""
    env = os.environ if environ is None else environ
    base = env.get("JUPYTERHUB_BASE_URL") or "/"
    return base.rstrip("/") + "/hub/logout"


def default_drafts_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Return `WORKBENCH_DRAFTS_DIR`, else `~/workbench/drafts`."""
    env = os.environ if environ is None else environ
    value = env.get(DRAFTS_ENV)
    return Path(value) if value else Path.home() / "workbench" / "drafts"


def check_name(name: str) -> str:
    """Return `name` stripped, or raise `DraftError` saying why it cannot name a draft."""
    clean = str(name).strip()
    if not clean:
        raise DraftError("草稿名不能为空")
    if len(clean) > MAX_NAME:
        raise DraftError(f"草稿名过长（上限 {MAX_NAME} 个字）")
    bad = _BAD_NAME.search(clean)
    if bad is not None:
        shown = bad.group() if bad.group().isprintable() else "控制字符"
        raise DraftError(f"草稿名不能含有“{shown}”")
    if clean.startswith("."):
        raise DraftError("草稿名不能以“.”开头")
    return clean


@dataclass(frozen=True, slots=True)
class StoredDraft:
    """A draft file in the store: its name (the file's stem), path and last change."""

    name: str
    path: Path
    modified: float
    size: int

    @property
    def when(self) -> str:
        """The last change as month-day hour:minute (e.g. 05-12 14:30)."""
        return _dt.datetime.fromtimestamp(self.modified).strftime("%m-%d %H:%M")


class DraftStore:
    """A folder of drafts, one `NAME.json` each; created private (0700) on first save.

    Names are what the writer sees and types: checked by `check_name`, so a name can
    never reach outside the folder. Hidden files (the temp files of atomic writes) and
    anything that is not a regular file (a symlink planted in the folder) are ignored.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_drafts_folder()

    def ensure(self) -> Path:
        """Create the folder (0700) if it is missing; return it."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self.folder

    def path_of(self, name: str) -> Path:
        """Return the file of the draft called `name` (checked)."""
        return self.folder / f"{check_name(name)}{_SUFFIX}"

    def __contains__(self, name: object) -> bool:
        try:
            return stat.S_ISREG(os.lstat(self.path_of(str(name))).st_mode)
        except (OSError, DraftError):
            return False

    def list(self) -> list[StoredDraft]:
        """Return the drafts in the folder, most recently changed first."""
        found = []
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return []
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith(_SUFFIX):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            found.append(StoredDraft(entry.name[: -len(_SUFFIX)], Path(entry.path),
                                     info.st_mtime, info.st_size))
        found.sort(key=lambda d: (d.modified, d.name), reverse=True)
        return found[:MAX_LISTED]

    def new_name(self, stem: str, now: _dt.datetime | None = None) -> str:
        """Return a name not yet used: `stem` (cleaned) and the time, e.g. 讲话-0512-1430."""
        clean = _BAD_NAME.sub("", stem).strip(" .") or "讲稿"
        when = (now or _dt.datetime.now()).strftime("%m%d-%H%M")
        base = f"{clean[: MAX_NAME - 16]}-{when}"
        name, n = base, 1
        while name in self:
            n += 1
            name = f"{base}-{n}"
        return name

    def save(self, draft: Draft, name: str) -> StoredDraft:
        """Write `draft` as `name` atomically (readers see the old file or the new one),
        keeping the file it replaces as `NAME.json.bak`.

        Raises `DraftConflictError` when another tab saved `name` since this draft was
        opened or last saved (`Draft.save`), `DraftSaveError` when the disk refuses.
        """
        path = self.path_of(name)
        self.ensure()
        try:
            draft.save(path)
            info = os.lstat(path)
        except DraftError:
            raise
        except OSError as exc:
            raise DraftError(f"无法保存草稿“{name}”（{exc.strerror or exc}）") from None
        return StoredDraft(check_name(name), path, info.st_mtime, info.st_size)

    def load(self, name: str, library: Mapping[str, Any] | None = None) -> Draft:
        """Return the draft called `name`; raises `DraftError` when it cannot be read."""
        path = self.path_of(name)
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                raise DraftError(f"草稿“{name}”不是普通文件，未打开")
            if info.st_size > MAX_DRAFT_BYTES:
                raise DraftError(f"草稿“{name}”过大，未打开")
            text = path.read_bytes()
        except FileNotFoundError:
            raise DraftError(f"草稿“{name}”已不存在") from None
        except OSError as exc:
            raise DraftError(f"无法读取草稿“{name}”（{exc.strerror or exc}）") from None
        return Draft.loads(text, library, name)

    def rename(self, name: str, new_name: str) -> str:
        """Rename the draft `name` to `new_name` (refusing to overwrite); return the new name."""
        old, new = self.path_of(name), self.path_of(new_name)
        if old == new:
            return check_name(new_name)
        if not os.path.lexists(old):
            raise DraftError(f"草稿“{name}”已不存在")
        if os.path.lexists(new):
            raise DraftError(f"已有名为“{check_name(new_name)}”的草稿，请换一个名字")
        try:
            # A hard link fails if the new name appeared meanwhile, so nothing is overwritten.
            os.link(old, new)
            os.unlink(old)
            _drop_companions(old)
        except FileExistsError:
            raise DraftError(f"已有名为“{check_name(new_name)}”的草稿，请换一个名字") from None
        except OSError as exc:
            raise DraftError(f"无法重命名草稿“{name}”（{exc.strerror or exc}）") from None
        return check_name(new_name)

    def delete(self, name: str) -> None:
        """Delete the draft `name`; raises `DraftError` if it is already gone."""
        path = self.path_of(name)
        try:
            os.unlink(path)
        except FileNotFoundError:
            raise DraftError(f"草稿“{name}”已不存在") from None
        except OSError as exc:
            raise DraftError(f"无法删除草稿“{name}”（{exc.strerror or exc}）") from None
        _drop_companions(path)


def _drop_companions(path: Path) -> None:
    # The backup and lock files beside a draft file that is gone (`core.draftfile`).
    for companion in (backup_path(path), lock_path(path)):
        try:
            os.unlink(companion)
        except OSError:
            pass
