"""A Voilà server and headless Chromium for the dashboard benchmarks (127.0.0.1 only)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

from .context import ROOT

#: Debian's Chromium, as the e2e tests use it (Playwright cannot download a browser here).
CHROMIUM = os.environ.get("WORKBENCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

#: The dashboard notebook, served as `make dashboard` serves it.
DASHBOARD = ROOT / "notebooks" / "dashboard.ipynb"

#: The floor: an ipywidgets notebook that shows one HTML widget and does nothing else.
FLOOR_SOURCE = ("import ipywidgets as widgets\n"
                "floor = widgets.HTML('<p>ready</p>')\n"
                "floor.add_class('wb-floor')\n"
                "floor")


#: The typing floor: a text field whose every change the kernel echoes into an HTML
#: widget, with the dashboard's classes, so the same in-page timing measures both.
ECHO_SOURCE = ("import html\n"
               "import ipywidgets as widgets\n"
               "field = widgets.Text(continuous_update=True)\n"
               "field.add_class('wb-fact-place')\n"
               "page = widgets.HTML('<div class=\"wb-page\"><p>ready</p></div>')\n"
               "page.add_class('wb-preview')\n"
               "def echo(change):\n"
               "    page.value = '<div class=\"wb-page\"><p>' + html.escape(change['new']) + '</p></div>'\n"
               "field.observe(echo, names='value')\n"
               "widgets.VBox([field, page])")


def write_floor_notebook(folder: Path, source: str = FLOOR_SOURCE, name: str = "floor") -> Path:
    """Write a one-cell notebook of `source` (default: the empty-ipywidgets floor) into
    `folder` as `name`.ipynb and return its path."""
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": name, "metadata": {},
                   "outputs": [], "source": source}],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                    "name": "python3"}, "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class VoilaServer:
    """One Voilà process on 127.0.0.1 serving one notebook, started from the project root
    (so voila.json applies, as with `make dashboard`); a context manager."""

    def __init__(self, notebook: Path, log: Path, *extra: str,
                 env: dict[str, str] | None = None) -> None:
        self.notebook = notebook
        self.log = log
        self.extra = extra
        self.env = env or {}
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The notebook's URL."""
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> VoilaServer:
        cmd = [sys.executable, "-m", "voila", str(self.notebook), "--no-browser",
               f"--port={self.port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
               *self.extra]
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                         env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited: {self.log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("voila did not start listening")

    def __exit__(self, *exc: Any) -> None:
        if self.proc is None:
            return
        kernels = self.kernels()
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        # Kernels the server started and did not stop (by pid, never by name).
        for kernel in kernels:
            try:
                kernel.kill()
            except psutil.NoSuchProcess:
                pass
        self.proc = None

    def kernels(self) -> list[psutil.Process]:
        """Return the server's live kernel processes, oldest first."""
        if self.proc is None:
            return []
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        out = []
        for child in children:
            try:
                if "ipykernel" in " ".join(child.cmdline()):
                    out.append(child)
            except psutil.NoSuchProcess:
                continue
        return sorted(out, key=lambda p: p.create_time())

    def kernel(self, kernel_id: str) -> psutil.Process | None:
        """Return the live kernel process of `kernel_id` (its connection file names it)."""
        for kernel in self.kernels():
            try:
                if kernel_id in " ".join(kernel.cmdline()):
                    return kernel
            except psutil.NoSuchProcess:
                continue
        return None

    def wait_kernels(self, count: int, timeout: float = 120, idle: bool = True) -> bool:
        """Wait until at least `count` kernels live (and, with `idle`, all use no CPU).

        Kernels of closed pages go `release_after` seconds after their page did
        (`workbench.kernels.ReleasingKernelManager`, voila.json), not at once.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            kernels = self.kernels()
            if len(kernels) >= count and (not idle or _idle(kernels)):
                return True
            time.sleep(0.5)
        return False


def _idle(processes: list[psutil.Process], threshold: float = 3.0) -> bool:
    try:
        for p in processes:
            p.cpu_percent(None)
        time.sleep(0.5)
        return all(p.cpu_percent(None) < threshold for p in processes)
    except psutil.NoSuchProcess:
        return False


def memory(process: psutil.Process) -> dict[str, float]:
    """Return `process`'s memory in MiB: rss, and uss/pss where the OS gives them."""
    info = process.memory_full_info()
    out = {"rss_mib": info.rss / 2**20}
    for key in ("uss", "pss"):
        value = getattr(info, key, None)
        if value is not None:
            out[f"{key}_mib"] = value / 2**20
    return {k: round(v, 1) for k, v in out.items()}


#: Installed before any page script: records when `selector` first shows on screen, in ms
#: since the navigation started (performance.now()), and when the largest kernel message
#: before it arrived (`__wbStates`: the widgets' states, which ipywidgets asks for in one
#: message), so a first visit splits into the wait for the kernel and the page's own work
#: of drawing the widgets after it.
#:
#: "On screen" is the end of the first frame that lays out and paints the element: a
#: `requestAnimationFrame` callback finds it visible, and a message posted from there runs
#: after that frame. The watch must not slow the page it times: until the element exists,
#: a DOM change (a node or a class) costs one look at a live collection of its last class;
#: visibility (which needs a layout) is asked once a frame, when the frame lays the page
#: out anyway.
#: (A first version asked on every DOM change: a forced layout per change in a page that
#: builds 175 widgets.)
FIRST_VISIBLE_JS = """
(selector) => {
  const last = /\\.([A-Za-z0-9_-]+)\\s*$/.exec(selector);
  const live = last ? document.getElementsByClassName(last[1]) : null;
  const find = () => {
    if (!live) return document.querySelector(selector);
    for (const el of live) if (el.matches(selector)) return el;
    return null;
  };
  const seen = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const after = new MessageChannel();
  after.port1.onmessage = () => { if (!window.__wbVisibleAt) window.__wbVisibleAt = performance.now(); };
  const frame = () => {
    const el = find();
    if (el && seen(el)) after.port2.postMessage(0);
    else requestAnimationFrame(frame);
  };
  const obs = new MutationObserver(() => {
    if (live && !live.length) return;
    if (find()) { obs.disconnect(); requestAnimationFrame(frame); }
  });
  obs.observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']});
  const Socket = window.WebSocket;
  window.__wbStates = {at: null, bytes: 0};
  window.WebSocket = function (...args) {
    const ws = new Socket(...args);
    ws.addEventListener('message', (e) => {
      const bytes = typeof e.data === 'string' ? e.data.length : (e.data.size || e.data.byteLength || 0);
      if (!window.__wbVisibleAt && bytes > window.__wbStates.bytes)
        window.__wbStates = {at: performance.now(), bytes};
    });
    return ws;
  };
  window.WebSocket.prototype = Socket.prototype;
  Object.assign(window.WebSocket, Socket);
}
"""


async def launch_browser(playwright: Any) -> Any:
    """Return headless Chromium (Debian's), as the e2e tests launch it."""
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                            headless=True)


async def new_context(browser: Any) -> Any:
    """Return a fresh browser context (a new user: no cookies, no HTTP cache)."""
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900},
                                        accept_downloads=True)
    context.set_default_timeout(60_000)
    return context


async def first_visible(browser: Any, url: str, selector: str,
                        context: Any = None) -> tuple[float, float, Any]:
    """Open `url` in a new page of `context` (default: a fresh one); return (ms to
    `selector` visible as the page measured it, ms by the wall clock around goto, the
    context, still open)."""
    if context is None:
        context = await new_context(browser)
    page = await context.new_page()
    await page.add_init_script(f"({FIRST_VISIBLE_JS})({json.dumps(selector)})")
    start = time.perf_counter()
    await page.goto(url, wait_until="commit")
    # Waiting on the page's own record: a locator's wait would query the DOM every frame.
    await page.wait_for_function("() => window.__wbVisibleAt")
    wall = (time.perf_counter() - start) * 1000
    measured = await page.evaluate("() => window.__wbVisibleAt || null")
    return (measured if measured is not None else wall), wall, context


async def drawing_ms(context: Any) -> float | None:
    """Return, for the page `first_visible` just opened in `context`, the ms from the
    largest kernel message (the widgets' states) to the selector visible: the page's own
    work of building and laying out the widgets (None when it cannot tell)."""
    page = context.pages[-1]
    return await page.evaluate("() => (window.__wbVisibleAt && window.__wbStates.at) ?"
                               " window.__wbVisibleAt - window.__wbStates.at : null")
