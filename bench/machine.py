"""The machine and software a run measured: CPU, memory, Python, package versions, commit."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from typing import Any

from .context import ROOT

#: Packages whose versions a result depends on.
PACKAGES = ("speech-workbench", "jinja2", "pyyaml", "python-docx", "lxml", "docxtpl",
            "pypandoc-binary", "voila", "ipywidgets", "ipykernel", "jupyter-server",
            "anywidget", "playwright", "psutil")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _run(cmd: list[str]) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, cwd=ROOT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def pandoc_version() -> str | None:
    """Return the version of the pandoc that pypandoc-binary brings, if installed."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_version())
    except (ImportError, OSError, RuntimeError):
        return None


def describe() -> dict[str, Any]:
    """Return the machine and software description stored with the results."""
    # A run from an exported snapshot (no .git) names its commit in BENCH_COMMIT.
    commit = os.environ.get("BENCH_COMMIT") or _run(["git", "rev-parse", "--short", "HEAD"])
    dirty = None if os.environ.get("BENCH_COMMIT") else _run(
        ["git", "status", "--porcelain", "--", "workbench", "templates", "notebooks", "voila.json"])
    return {
        "nproc": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": {p: _version(p) for p in PACKAGES},
        "pandoc": pandoc_version(),
        "chromium": _run(["/usr/bin/chromium", "--version"]),
        "commit": commit,
        "workbench_tree_dirty": bool(dirty),
    }
