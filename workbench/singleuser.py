"""A writer's server under JupyterHub: prepare their workbench folder, then run Jupyter.

JupyterHub's spawner runs `python -m workbench.singleuser ARGS` as the writer's own
system user. This puts the dashboard and the writers' notebook into `~/workbench/`
(the dashboard refreshed at every start, the notebook only if missing: it is the
writer's to change), makes `~/workbench/drafts/` private, and execs
`jupyterhub-singleuser ARGS` with `WORKBENCH_DRAFTS_DIR` pointing there, so the
dashboard's 我的草稿 and JupyterLab's autosave share one folder.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from .store.drafts import DRAFTS_ENV

#: Environment variable naming the folder with dashboard.ipynb and workbench.ipynb.
NOTEBOOKS_ENV = "WORKBENCH_NOTEBOOKS"

#: The repository's notebooks (an editable install, as `make install` and the image do).
REPO_NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

#: The writer's workbench folder, relative to their home; the hub's default URL opens
#: `/voila/render/workbench/dashboard.ipynb` in it.
WORKBENCH_FOLDER = "workbench"


def prepare_home(home: Path, notebooks: Path) -> Path:
    """Create `home/workbench/` (0700) with the notebooks and a drafts folder; return it."""
    folder = home / WORKBENCH_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / "drafts").mkdir(mode=0o700, exist_ok=True)
    for name, refresh in (("dashboard.ipynb", True), ("workbench.ipynb", False)):
        source, target = notebooks / name, folder / name
        if not source.is_file() or (target.exists() and not refresh):
            continue
        if target.is_symlink() or not target.exists() or target.read_bytes() != source.read_bytes():
            tmp = folder / f".{name}.tmp"
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare the writer's folder, then replace this process with jupyterhub-singleuser."""
    args = list(sys.argv[1:] if argv is None else argv)
    os.umask(0o077)  # drafts, exports and notebooks stay the writer's own
    home = Path(os.environ.get("HOME") or Path.home())
    notebooks = Path(os.environ.get(NOTEBOOKS_ENV) or REPO_NOTEBOOKS)
    try:
        folder = prepare_home(home, notebooks)
    except OSError as exc:
        print(f"workbench: cannot prepare {home}/{WORKBENCH_FOLDER}: {exc}", file=sys.stderr)
        return 1
    os.environ.setdefault(DRAFTS_ENV, str(folder / "drafts"))
    command = shutil.which("jupyterhub-singleuser", path=str(Path(sys.executable).parent)) \
        or shutil.which("jupyterhub-singleuser")
    if command is None:
        print("workbench: jupyterhub-singleuser not found (install the hub extra)", file=sys.stderr)
        return 1
    os.execv(command, [command, *args])
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
