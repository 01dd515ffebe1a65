"""A real JupyterHub with real writers (system users), for the hub's e2e test and bench.

`OfficeHub` starts `deploy/hub/jupyterhub_config.py` the way `make hub` does, on free
ports, with its state and an office library in fresh folders; `add_writer` creates a
system user through `workbench.accounts`. `close()` removes every user it made, stops
the hub, the proxy and every process they left, even after a failure.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from workbench import accounts
from workbench.store import office

#: The project's top folder.
ROOT = Path(__file__).resolve().parents[2]

#: The hub's own venv (`make hub-install`), made from a Python every user can run.
HUB_VENV = ROOT / ".venv-hub"

#: The hub's configuration, as `make hub` uses it.
CONFIG = ROOT / "deploy" / "hub" / "jupyterhub_config.py"

#: Prefix of the writers these helpers create (so a leftover is recognisable).
USER_PREFIX = "wbt-"


class HubUnavailable(RuntimeError):
    """The hub cannot be started here; the message is one line saying why."""


@dataclass(frozen=True)
class Writer:
    """A writer made for a test: system user `name` with `password`."""

    name: str
    password: str

    @property
    def home(self) -> Path:
        """The writer's home folder."""
        return Path(os.path.expanduser(f"~{self.name}"))

    @property
    def drafts(self) -> Path:
        """Where the dashboard autosaves the writer's drafts (我的草稿)."""
        return self.home / "workbench" / "drafts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check_prerequisites() -> None:
    """Raise `HubUnavailable` with one line when the hub cannot run on this machine."""
    if os.geteuid() != 0:
        raise HubUnavailable("the hub test must run as root: it creates system users and their servers")
    if not (HUB_VENV / "bin" / "jupyterhub").exists():
        raise HubUnavailable(f"JupyterHub is not installed in {HUB_VENV}: run `make hub-install`")
    if shutil.which("configurable-http-proxy") is None:
        raise HubUnavailable("configurable-http-proxy is missing: run `make hub-install` "
                             "(Debian's node-configurable-http-proxy)")
    for needed in (ROOT, (HUB_VENV / "bin" / "python").resolve()):
        blocked = accounts.closed_to_others(needed)
        if blocked is not None:
            raise HubUnavailable(f"{blocked} is closed to other users, so the writers' servers cannot use "
                                 f"{needed} (chmod o+x {blocked})")


def open_the_way(path: Path) -> list[tuple[Path, int]]:
    """Let other users pass through (o+x, not list) each folder above `path` that is closed.

    A checkout in a private folder (a CI runner's temp dir) would keep the test's writers
    from running the hub's venv. Returns (folder, old mode) pairs for `restore_modes`.
    """
    changed = []
    for folder in reversed(path.resolve().parents):
        mode = folder.stat().st_mode & 0o7777
        if not mode & 0o001:
            os.chmod(folder, mode | 0o001)
            changed.append((folder, mode))
    return changed


def restore_modes(changed: list[tuple[Path, int]]) -> None:
    """Undo `open_the_way`."""
    for folder, mode in reversed(changed):
        try:
            os.chmod(folder, mode)
        except OSError:
            pass


class OfficeHub:
    """JupyterHub on 127.0.0.1 with a private state folder and an office library."""

    def __init__(self) -> None:
        self.state = Path(tempfile.mkdtemp(prefix="wb-hub-state-"))  # 0700, root's
        self.library = Path(tempfile.mkdtemp(prefix="wb-hub-library-"))
        os.chmod(self.library, 0o755)  # every writer reads the office library
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.state / "jupyterhub.log"
        self.writers: list[Writer] = []
        self.process: subprocess.Popen[bytes] | None = None
        self._opened: list[tuple[Path, int]] = []

    # -- the hub ------------------------------------------------------------------------

    def start(self, timeout: float = 90) -> None:
        """Start the hub; raise `HubUnavailable` (one line) if it does not come up."""
        if os.geteuid() == 0:
            # CI's fresh clone may sit in a private folder; the writers must reach the venv.
            self._opened = open_the_way(ROOT) + open_the_way(HUB_VENV / "bin" / "python")
        check_prerequisites()
        env = {**os.environ, "HUB_STATE": str(self.state), "HUB_HOST": "127.0.0.1",
               "HUB_PORT": str(self.port), "HUB_API_PORT": str(_free_port()),
               "HUB_PROXY_API_PORT": str(_free_port()), office.LIBRARY_ENV: str(self.library),
               "PYTHONUNBUFFERED": "1"}
        env.pop("VIRTUAL_ENV", None)
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(HUB_VENV / "bin" / "jupyterhub"), "-f", str(CONFIG)], cwd=self.state, env=env,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubUnavailable(f"JupyterHub exited with {self.process.returncode}: {self.last_error()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise HubUnavailable(f"JupyterHub did not answer on {self.url} within {timeout:.0f} s: "
                             f"{self.last_error()}")

    def last_error(self) -> str:
        """Return the last line of the hub's log that looks like an error (or the last line)."""
        try:
            lines = [ln.strip() for ln in self.log.read_text(errors="replace").splitlines() if ln.strip()]
        except OSError:
            return "no log"
        errors = [ln for ln in lines if ln.startswith(("[E", "[C")) or "Error" in ln]
        return (errors or lines or ["empty log"])[-1][:300]

    # -- writers --------------------------------------------------------------------------

    def add_writer(self, tag: str) -> Writer:
        """Create a writer (a real system user) with a random password."""
        writer = Writer(f"{USER_PREFIX}{tag}-{secrets.token_hex(3)}", secrets.token_urlsafe(12))
        self.writers.append(writer)
        accounts.add_user(writer.name, writer.password)
        return writer

    def publish(self, path: Path) -> office.Published:
        """Publish a template or unit profile to this hub's office library."""
        return office.publish(path, self.library, group=accounts.ADMINS_GROUP)

    # -- cleaning up ----------------------------------------------------------------------

    def close(self) -> list[str]:
        """Remove the writers, stop the hub and the proxy; return what could not be undone."""
        problems = []
        for writer in self.writers:
            try:
                accounts.remove_user(writer.name, state=self.state)
            except Exception as exc:  # keep cleaning up the rest
                problems.append(f"{writer.name}: {exc}")
                subprocess.run(["userdel", "--force", "--remove", writer.name], capture_output=True,
                               check=False)
        self._stop_hub()
        restore_modes(self._opened)
        shutil.rmtree(self.library, ignore_errors=True)
        shutil.rmtree(self.state, ignore_errors=True)
        return problems

    def _stop_hub(self) -> None:
        proxy_pid = self._proxy_pid()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.process is not None:
            # The culler service runs in the hub's process group.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if proxy_pid is not None and _is_proxy(proxy_pid):
            try:
                os.kill(proxy_pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def _proxy_pid(self) -> int | None:
        try:
            return int((self.state / "proxy.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def __enter__(self) -> OfficeHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_proxy(pid: int) -> bool:
    try:
        return b"configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
