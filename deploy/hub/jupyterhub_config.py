"""JupyterHub for an office of writers (`make hub`): logins, one server per writer, culling.

Run as root: `jupyterhub -f deploy/hub/jupyterhub_config.py` (the Makefile does it from the
state folder). Environment:

- HUB_HOST, HUB_PORT: where the hub serves (default 127.0.0.1:8000; HUB_HOST=0.0.0.0 for the
  intranet, behind HTTPS: see docs/deploy.md).
- HUB_STATE: the hub's own state (database, cookie secret, tokens), default
  /var/lib/workbench-hub, created 0700 and owned by root.
- WORKBENCH_LIBRARY: the office library (templates, unit profiles), default
  /srv/workbench/library: readable by every writer, writable by the admins' group.
- HUB_API_PORT, HUB_PROXY_API_PORT: the hub's and the proxy's internal ports on 127.0.0.1
  (default 8081, 8001).

Writers are system users in the `workbench` group (`workbench hub add-user NAME`); PAM checks
their passwords and each writer's server runs as that user, so their home (0700) is theirs.
"""

# ruff: noqa: F821  (`get_config` is provided by JupyterHub when it loads this file)

from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path

from workbench import accounts
from workbench.store import office

c = get_config()  # type: ignore[name-defined]

#: Seconds a kernel may be idle before it is shut down, even with the page still open
#: (the draft is autosaved; 我的草稿 reopens it). Checked every KERNEL_CULL_EVERY_S.
KERNEL_IDLE_S = 1800
KERNEL_CULL_EVERY_S = 60
#: Seconds a writer's server may be idle before jupyterhub-idle-culler stops it.
SERVER_IDLE_S = 3600
SERVER_CULL_EVERY_S = 300

HOST = os.environ.get("HUB_HOST", "127.0.0.1")
PORT = int(os.environ.get("HUB_PORT", "8000"))
API_PORT = int(os.environ.get("HUB_API_PORT", "8081"))
PROXY_API_PORT = int(os.environ.get("HUB_PROXY_API_PORT", "8001"))
STATE = accounts.state_dir()
LIBRARY = office.library_root() or office.DEFAULT_LIBRARY

# -- state: outside the repository, root only ---------------------------------------------
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
os.chmod(STATE, 0o700)
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")


def _secret(name: str) -> str:
    """Return the token in STATE/name, creating it (0600) on the first start."""
    path = STATE / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()


# -- where it serves ----------------------------------------------------------------------
c.JupyterHub.bind_url = f"http://{HOST}:{PORT}/"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = API_PORT
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
# Debian's node-configurable-http-proxy keeps its modules in /usr/share/nodejs, which a
# Node.js from elsewhere (e.g. nodesource) does not search.
c.ConfigurableHTTPProxy.command = [shutil.which("configurable-http-proxy") or "configurable-http-proxy"]
os.environ["NODE_PATH"] = os.pathsep.join(
    p for p in (os.environ.get("NODE_PATH"), "/usr/share/nodejs", "/usr/lib/nodejs") if p)
(STATE / accounts.API_URL_FILE).write_text(f"http://127.0.0.1:{API_PORT}/hub/api\n")

# -- logins: system users of the writers' group, by password (PAM) ------------------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {accounts.WRITERS_GROUP}
c.PAMAuthenticator.admin_groups = {accounts.ADMINS_GROUP}
c.JupyterHub.shutdown_on_logout = True  # logging out ends the writer's server too
c.JupyterHub.template_vars = {
    "announcement_login": "讲稿工作台：请用办公室分配的用户名和密码登录。",
}

# -- each writer's server: their own system user, the dashboard by default ----------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [sys.executable, "-m", "workbench.singleuser"]
c.Spawner.default_url = "/voila/render/workbench/dashboard.ipynb"
c.Spawner.environment = {office.LIBRARY_ENV: str(LIBRARY)}
c.Spawner.args = [
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaConfiguration.show_tracebacks=False",
    f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE_S}",
    f"--MappingKernelManager.cull_interval={KERNEL_CULL_EVERY_S}",
    "--MappingKernelManager.cull_connected=True",
    "--ServerApp.tornado_settings={'websocket_max_message_size': 20971520}",
    "--ServerApp.kernel_websocket_connection_class=workbench.kernels.PromptConnection",
]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

# -- the office library -------------------------------------------------------------------
accounts.ensure_groups()
office.ensure_library(LIBRARY, group=accounts.ADMINS_GROUP)

# -- services: the idle culler, and the token `workbench hub remove-user` uses ------------
c.JupyterHub.services = [
    # The culler sits out the hub's SIGINT for half a minute when the hub stops it (Ctrl-C on
    # `make hub`); with SIGINT's default action restored it ends at once.
    {"name": "idle-culler",
     "command": [sys.executable, "-c", "import signal; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                 "from jupyterhub_idle_culler import main; main()",
                 f"--timeout={SERVER_IDLE_S}", f"--cull-every={SERVER_CULL_EVERY_S}"]},
    {"name": "workbench-admin", "api_token": _secret(accounts.ADMIN_TOKEN_FILE)},
]
c.JupyterHub.load_roles = [
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
    {"name": "workbench-admin", "services": ["workbench-admin"],
     "scopes": ["admin:users", "admin:servers"]},
]

# The writers' servers run this venv's Python (and the package in the checkout) as the
# writers: refuse to start when they could not.
for _needed in (Path(sys.executable).resolve(), Path(sys.prefix), Path(accounts.__file__).parents[1]):
    _blocked = accounts.closed_to_others(_needed)
    if _blocked is not None:
        sys.exit(f"workbench: {_blocked} is closed to other users, so the writers' servers cannot "
                 f"use {_needed}; install in a folder every user can enter (chmod o+x), or make "
                 "the hub's venv from another Python (HUB_PYTHON=/usr/bin/python3)")
