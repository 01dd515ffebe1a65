"""A closed dashboard tab gives its kernel back (issue 14): Voilà refuses the page's own
shutdown request (voila-dashboards/voila#1458), so the server releases kernels whose
page has gone (`workbench.kernels.ReleasingKernelManager`, selected by voila.json)."""

from __future__ import annotations

import json
import os
import subprocess
import time

import psutil

from tests.conftest import ROOT
from tests.e2e.conftest import _free_port, _wait_listening, open_dashboard, voila_command

#: The grace in this test (voila.json ships 30 s); short so the suite stays fast.
GRACE_S = 4


def _kernels(proc: subprocess.Popen) -> set[int]:
    out = set()
    for child in psutil.Process(proc.pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                out.add(child.pid)
        except psutil.NoSuchProcess:
            continue
    return out


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return predicate()


def test_voila_json_releases_kernels_well_within_a_minute():
    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert config["VoilaConfiguration"]["multi_kernel_manager_class"] == \
        "workbench.kernels.ReleasingKernelManager"
    assert 0 < config["ReleasingKernelManager"]["release_after"] <= 45


def test_a_closed_tab_releases_its_kernel_and_the_pool_stays(browser, tmp_path):
    port = _free_port()
    log = tmp_path / "voila.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            voila_command(port, f"--ReleasingKernelManager.release_after={GRACE_S}"),
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        _wait_listening(proc, port, log)
        url = f"http://127.0.0.1:{port}/"
        # The preheated pool's kernel, which no page has used yet.
        assert _wait(lambda: len(_kernels(proc)) >= 1, 90), log.read_text()[-2000:]
        pool = _kernels(proc)
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        open_dashboard(page, url)
        # The page took the pool's kernel; the pool refills with a new one.
        assert _wait(lambda: len(_kernels(proc) - pool) >= 1, 90), log.read_text()[-2000:]
        used = pool & _kernels(proc)
        assert used, "the page's kernel should be the preheated one"
        refill = _kernels(proc) - pool
        time.sleep(GRACE_S + 1)
        assert used <= _kernels(proc), "a kernel with its page open must stay"
        closed = time.monotonic()
        context.close()
        assert _wait(lambda: not (used & _kernels(proc)), GRACE_S + 20), \
            f"the closed tab's kernel still runs:\n{log.read_text()[-2000:]}"
        took = time.monotonic() - closed
        assert took < GRACE_S + 20
        # The refilled pool kernel never had a page: it stays ready for the next writer.
        time.sleep(GRACE_S + 1)
        assert refill <= _kernels(proc)
        assert "had no page" in log.read_text()
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
