"""The machine and software a run measured: CPU, memory, Python, package versions, commit."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import statistics
import subprocess
import time
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


def speed_ms(rounds: int = 5) -> float:
    """Return the median ms this machine takes now for a fixed piece of pure-Python work
    (JSON, hashing, string building: what a kernel and the server do per message).

    A virtual machine's speed drifts from hour to hour, for every process alike; the
    floors of a run follow it. Kept beside each group's figures, it tells a slow run from
    a slower program."""
    payload = {"blocks": [[f"p{i}", "<p>" + "同志们，" * 40 + "</p>"] for i in range(40)]}
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(400):
            text = json.dumps(payload, ensure_ascii=False)
            hashlib.sha256(text.encode("utf-8")).hexdigest()
            json.loads(text)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)
