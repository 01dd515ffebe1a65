"""Writers' accounts on a hub server: system users in the `workbench` group, homes 0700.

JupyterHub's PAMAuthenticator checks their passwords and LocalProcessSpawner runs each
writer's server as their own user, so the operating system keeps drafts apart. Only
users in `WRITERS_GROUP` are ever changed or removed here: `add_user root` is refused.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import WorkbenchError

#: The group whose members may log in to the hub (PAMAuthenticator.allowed_groups).
WRITERS_GROUP = "workbench"

#: Members are the hub's admins and may write the office library.
ADMINS_GROUP = "workbench-admins"

#: Environment variable naming the hub's state folder (database, secrets).
STATE_ENV = "HUB_STATE"

#: Where `make hub` keeps the hub's state unless `HUB_STATE` says otherwise.
DEFAULT_STATE = Path("/var/lib/workbench-hub")

#: The file (in the state folder) holding the token `remove-user` uses to stop a server.
ADMIN_TOKEN_FILE = "admin-api-token"

#: The file (in the state folder) holding the hub's API URL, written when the hub starts.
API_URL_FILE = "api-url"

#: Shortest password accepted.
MIN_PASSWORD = 8

_NAME = re.compile(r"^[a-z][a-z0-9-]{1,31}$")

#: Names never given to a writer, even when no such system user exists yet.
_RESERVED = frozenset({"root", "admin", "hub", "jupyterhub", "nobody", "daemon", "www-data",
                       WRITERS_GROUP, ADMINS_GROUP})


class AccountError(WorkbenchError):
    """A user name or password that cannot be used, or a system command that failed."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What `add_user` / `remove_user` did: "created", "updated", "removed" or "absent"."""

    action: str
    name: str
    home: Path | None = None


def check_name(name: str) -> str:
    """Return `name`, or raise `AccountError` saying why it cannot name a writer."""
    if not _NAME.match(name or ""):
        raise AccountError(f"用户名“{name[:40]}”无效：应为 2–32 个小写英文字母、数字或连字符，以字母开头")
    if name in _RESERVED:
        raise AccountError(f"用户名“{name}”是保留名，请换一个")
    return name


def require_root() -> None:
    """Raise `AccountError` unless this process runs as root."""
    if os.geteuid() != 0:
        raise AccountError("此命令须以 root 身份运行（例如 sudo .venv/bin/workbench hub ...）")


def check_password(password: str) -> str:
    """Return `password` without its line ending, or raise `AccountError`."""
    password = password.rstrip("\r\n")
    if "\n" in password or "\r" in password or "\x00" in password:
        raise AccountError("密码不能包含换行")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    return password


def _user(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def is_writer(name: str) -> bool:
    """Return whether the system user `name` is in the writers' group."""
    user = _user(name)
    if user is None:
        return False
    try:
        group = grp.getgrnam(WRITERS_GROUP)
    except KeyError:
        return False
    return user.pw_gid == group.gr_gid or name in group.gr_mem


def _run(*cmd: str, stdin: str | None = None) -> None:
    result = subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise AccountError(f"{cmd[0]} 失败：{detail[-1] if detail else result.returncode}")


def ensure_groups() -> None:
    """Create the writers' and admins' groups if missing."""
    for name in (WRITERS_GROUP, ADMINS_GROUP):
        try:
            grp.getgrnam(name)
        except KeyError:
            _run("groupadd", "--system", name)


def add_user(name: str, password: str, admin: bool = False) -> Outcome:
    """Create writer `name` (or update an existing writer) with `password`.

    The user gets a home of their own (0700) and joins `WRITERS_GROUP` (and
    `ADMINS_GROUP` with `admin`). An existing system user who is not a writer is refused,
    so this can never change root's or a service's password.
    """
    check_name(name)
    password = check_password(password)
    require_root()
    ensure_groups()
    groups = WRITERS_GROUP + (f",{ADMINS_GROUP}" if admin else "")
    existing = _user(name)
    if existing is not None and not is_writer(name):
        raise AccountError(f"系统中已有用户“{name}”，但不是讲稿工作台的写作人员；为安全起见不改动它")
    if existing is None:
        _run("useradd", "--create-home", "--shell", "/bin/bash", "--groups", groups,
             "--comment", "讲稿工作台写作人员", name)
        action = "created"
    else:
        _run("usermod", "--append", "--groups", groups, name)
        action = "updated"
    _run("chpasswd", stdin=f"{name}:{password}\n")
    user = pwd.getpwnam(name)
    home = Path(user.pw_dir)
    home.mkdir(mode=0o700, exist_ok=True)
    os.chown(home, user.pw_uid, user.pw_gid)
    os.chmod(home, 0o700)
    return Outcome(action, name, home)


def remove_user(name: str, keep_home: bool = False, state: Path | None = None) -> Outcome:
    """Remove writer `name`: stop their server, end their processes, delete the user.

    Their home (and so their drafts) goes too, unless `keep_home`: then it stays,
    owned by root and closed (0700). A name that is not a system user is already
    removed; a system user who is not a writer is refused.
    """
    check_name(name)
    require_root()
    user = _user(name)
    if user is None:
        _forget_on_hub(name, state)
        return Outcome("absent", name)
    if not is_writer(name):
        raise AccountError(f"用户“{name}”不是讲稿工作台的写作人员；为安全起见不删除它")
    _forget_on_hub(name, state)
    _end_processes(user.pw_uid)
    home = Path(user.pw_dir)
    if keep_home:
        _run("userdel", name)
        if home.is_dir():
            os.chown(home, 0, 0)
            os.chmod(home, 0o700)
    else:
        _run("userdel", "--remove", name)
    return Outcome("removed", name, home)


def _pids_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def _end_processes(uid: int, grace: float = 5.0) -> None:
    # userdel refuses a user with running processes; their server is stopped through
    # the hub first, anything left (a kernel, a terminal) is ended here by pid.
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = _pids_of(uid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _pids_of(uid):
            time.sleep(0.1)


def state_dir() -> Path:
    """Return the hub's state folder (`HUB_STATE`, else /var/lib/workbench-hub)."""
    value = os.environ.get(STATE_ENV, "").strip()
    return Path(value) if value else DEFAULT_STATE


def _forget_on_hub(name: str, state: Path | None) -> None:
    """Stop `name`'s server and delete them from the hub's database, if the hub runs."""
    folder = state or state_dir()
    try:
        token = (folder / ADMIN_TOKEN_FILE).read_text().strip()
        api = (folder / API_URL_FILE).read_text().strip().rstrip("/")
    except OSError:
        return
    request = urllib.request.Request(f"{api}/users/{name}", method="DELETE",
                                     headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=60):
            pass
    except urllib.error.HTTPError as exc:
        if exc.code != 404:
            body = exc.read().decode("utf-8", "replace")
            try:
                message = json.loads(body).get("message", body)
            except ValueError:
                message = body
            raise AccountError(f"JupyterHub 拒绝删除用户“{name}”：{str(message)[:200]}") from None
    except (urllib.error.URLError, OSError):
        return  # the hub is not running: nothing to stop


def closed_to_others(path: Path) -> Path | None:
    """Return the first folder on the way to `path` that other users cannot enter, or None.

    The writers' servers run the hub's Python as the writers, so the venv and the
    package must be reachable by every user (o+x on each folder, o+r on the files).
    """
    path = path.resolve()
    for folder in [*reversed(path.parents), path]:
        try:
            mode = folder.stat().st_mode
        except OSError:
            return folder
        if not mode & 0o001:
            return folder
    return None
