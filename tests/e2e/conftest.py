"""A real Voilà server on a free port and headless Chromium, for the dashboard's e2e tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.conftest import ROOT

#: Debian's Chromium (`make system-deps`); `playwright install` cannot download here.
CHROMIUM = os.environ.get("WORKBENCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

#: Milliseconds to wait for anything in the page: a cold kernel start is slow on 2 cores.
TIMEOUT_MS = 60_000

pytestmark = pytest.mark.e2e

expect.set_options(timeout=TIMEOUT_MS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_listening(proc: subprocess.Popen, port: int, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"voila did not listen on {port}:\n{log.read_text()[-3000:]}")


def voila_command(port: int, *extra: str) -> list[str]:
    """Return the command `make dashboard` runs (voila.json holds the rest), on `port`."""
    return [sys.executable, "-m", "voila", "notebooks/dashboard.ipynb", "--no-browser",
            f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", *extra]


@pytest.fixture(scope="session")
def voila_url(tmp_path_factory) -> Iterator[str]:
    """Start one Voilà server on the dashboard for the whole session; yield its URL."""
    port = _free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        # Served from the checkout's root, so voila.json (sources and tracebacks hidden)
        # applies exactly as with `make dashboard`.
        proc = subprocess.Popen(voila_command(port), cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, env=env)
    try:
        _wait_listening(proc, port, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, shared by a module's tests.

    Module scope, not session: Playwright's sync API keeps its asyncio loop marked as
    running in this thread while it is started, which would change how the headless UI
    tests that run later in the session schedule work.
    """
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make system-deps`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser) -> Iterator:
    """Return a factory of fresh browser contexts (separate users), closed after the test."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(accept_downloads=True, locale="zh-CN",
                                      viewport={"width": 1440, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    """A page in a fresh context."""
    return new_context().new_page()


def wait_ready(page: Page) -> None:
    """Wait until Voilà has executed the notebook and the app's widgets are rendered."""
    page.locator("#loading").wait_for(state="detached", timeout=TIMEOUT_MS)
    page.locator(".wb-app").wait_for(state="visible", timeout=TIMEOUT_MS)
    page.locator(".wb-preview .wb-page").wait_for(state="visible", timeout=TIMEOUT_MS)
    # the picker and the tabs join once the preview's first frame is painted (ui/app.py)
    page.locator(".wb-left .wb-tabs").wait_for(state="visible", timeout=TIMEOUT_MS)


def open_dashboard(page: Page, url: str) -> None:
    """Open the dashboard and wait until it is ready."""
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    wait_ready(page)


def download_link(page: Page):
    """Return the download link in `.wb-download` once it is there; fail with the status."""
    link = page.locator(".wb-download a[download]")
    try:
        expect(link).to_be_visible()
    except AssertionError:
        status = page.locator(".wb-status").inner_text()
        raise AssertionError(f"no download link; the app says: {status}") from None
    return link
