"""Nothing a writer does is lost or hidden, as a writer does it, in headless Chromium.

Issue 23, points 1–5: switch template and come back; kill the kernel and see the banner,
then restore after a reload; fill examples, export and see the warning; change the place
after an edit and see the finding; switch a form and find the hidden edit listed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROOT
from tests.e2e.conftest import _free_port, _wait_listening, open_dashboard, voila_command

pytestmark = pytest.mark.e2e

SAFETY = "在××安全生产委员会全体（扩大）会议上的讲话"
FLOOD_PREFIX = "在××"


@pytest.fixture(scope="module")
def own_voila(tmp_path_factory) -> Iterator[tuple[str, subprocess.Popen]]:
    """A Voilà server of this module's own, so its kernels can be killed without harm."""
    port = _free_port()
    log = tmp_path_factory.mktemp("voila-own") / "voila.log"
    with log.open("wb") as out:
        # No preheated kernel: every kernel of this server is a page's, so killing them all
        # kills the open page's and leaves none half-dead for the reload.
        proc = subprocess.Popen(voila_command(port, "--VoilaConfiguration.preheat_kernel=False"), cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        _wait_listening(proc, port, log)
        yield f"http://127.0.0.1:{port}/", proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            out.append(int(entry.name))
    return out


def _edit_first_opening_paragraph(page: Page, text: str) -> None:
    page.get_by_role("tab", name="逐段修改").click()
    box = page.locator(".wb-edit-text textarea").first
    box.fill(text)
    box.blur()
    expect(page.locator(".wb-preview")).to_contain_text(text)


def _choose(page: Page, label: str) -> None:
    page.locator(".wb-template select").select_option(label=label)


def _other_template_label(page: Page) -> str:
    labels = page.locator(".wb-template select option").all_inner_texts()
    return next(label for label in labels if label != SAFETY)


def test_switching_template_and_back_keeps_the_speech(page: Page, voila_url):
    open_dashboard(page, voila_url)
    _choose(page, SAFETY)
    edited = "这一段是写稿人亲手改过的开头，换模板再换回来也不能丢。"
    _edit_first_opening_paragraph(page, edited)
    other = _other_template_label(page)
    _choose(page, other)
    expect(page.locator(".wb-preview")).not_to_contain_text(edited)
    _choose(page, SAFETY)
    expect(page.locator(".wb-preview")).to_contain_text(edited)
    expect(page.locator(".wb-status")).to_contain_text("原有修改和版本都在")


def test_a_dead_kernel_shows_the_banner_and_a_reload_restores_the_work(new_context, own_voila):
    url, server = own_voila
    page = new_context().new_page()
    open_dashboard(page, url)
    edited = "断线之前写下的这一句，重新加载以后必须还在。"
    _edit_first_opening_paragraph(page, edited)
    time.sleep(0.5)   # the browser's copy is written on the change itself; leave it a moment
    kernels = _children(server.pid)
    assert kernels, "the server has no kernel"
    for pid in kernels:
        os.kill(pid, signal.SIGKILL)
    started = time.monotonic()
    banner = page.locator(".wb-offline")
    expect(banner).to_be_visible(timeout=8000)
    assert time.monotonic() - started <= 6.0, "the banner must come within seconds"
    expect(banner).to_contain_text("下载草稿")
    expect(page.locator(".wb-offline a[download]")).to_have_count(1)
    page.reload(wait_until="commit")
    page.locator(".wb-app").wait_for(state="visible")
    restore = page.locator(".wb-restore")
    expect(restore).to_be_visible()
    restore.click()
    expect(page.locator(".wb-preview")).to_contain_text(edited)
    expect(page.locator(".wb-status")).to_contain_text("已恢复本浏览器保存的草稿")


def test_examples_are_marked_and_the_export_warns(page: Page, voila_url):
    open_dashboard(page, voila_url)
    page.get_by_role("tab", name="本地要素").click()
    page.locator(".wb-fill-examples").click()
    expect(page.locator(".wb-sample").first).to_be_visible()
    page.locator(".wb-export").click()
    expect(page.locator(".wb-export-warning")).to_contain_text("示例值")
    expect(page.locator(".wb-status")).to_contain_text("示例值")


def test_a_stale_place_left_in_a_fact_is_a_finding_that_leads_to_its_paragraph(page: Page, voila_url):
    open_dashboard(page, voila_url)
    _choose(page, SAFETY)
    page.get_by_role("tab", name="本地要素").click()
    page.locator(".wb-fill-examples").click()
    page.locator(".wb-fact-place input").fill("云岭县")
    speaker = page.locator(".wb-fact-speaker input")
    speaker.fill("云岭县委副书记、县长 王建国")
    expect(page.locator(".wb-preview")).to_contain_text("云岭县委副书记")
    page.locator(".wb-fact-place input").fill("白水县")
    expect(page.locator(".wb-preview .wb-title")).to_contain_text("在白水县")
    finding = page.locator(".wb-finding", has_text="云岭县").first
    expect(finding).to_be_visible()
    finding.click()
    expect(page.locator(".wb-preview .wb-flash")).to_have_count(1)


def test_a_form_that_hides_an_edit_lists_it_and_undo_brings_it_back(page: Page, voila_url):
    open_dashboard(page, voila_url)
    _choose(page, SAFETY)
    page.get_by_role("tab", name="逐段修改").click()
    part = page.locator(".wb-edit-part select")
    part.select_option(index=1)
    edited = "这是写稿人在第一部分改写的一段话，换了句式也不能悄悄不见。"
    # A sub-point's paragraph (led by （一）): forms that lay points out otherwise drop its id.
    box = page.locator(".wb-edit-paragraph", has_text="（一）").first.locator("textarea")
    box.fill(edited)
    box.blur()
    preview = page.locator(".wb-preview")
    expect(preview).to_contain_text(edited)
    page.get_by_role("tab", name="结构与句式").click()
    select = page.locator(".wb-pattern select").first
    for label in select.locator("option").all_inner_texts():
        select.select_option(label=label)
        page.wait_for_timeout(800)
        if edited not in preview.inner_text():
            break
    else:
        pytest.fail("no form of the first part hides the edited paragraph")
    expect(page.locator(".wb-problems")).to_contain_text("不显示")
    page.locator(".wb-undo").click()
    expect(preview).to_contain_text(edited)
