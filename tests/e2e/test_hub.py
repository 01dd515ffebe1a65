"""The office hub end to end: real JupyterHub, two real system users, headless Chromium.

Each writer logs in through the login form, lands on the dashboard, writes, and finds
the draft autosaved in 我的草稿; neither sees, fetches nor reads the other's drafts; a
wrong password and a logged-out browser get nowhere; both see the office's templates.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import MINIMAL_TEMPLATE
from tests.e2e.conftest import TIMEOUT_MS, wait_ready
from tests.support.office_hub import HubUnavailable, OfficeHub, Writer

pytestmark = pytest.mark.e2e

OFFICE_TEMPLATE = MINIMAL_TEMPLATE.replace("id: mini", "id: office-weekly", 1).replace(
    "title: 在{{ place }}测试会议上的讲话", "title: 在{{ place }}机关周例会上的讲话", 1)
OFFICE_TITLE = "〔本单位〕在××机关周例会上的讲话"
OFFICE_PROFILE = textwrap.dedent("""\
    format: speech-workbench-profile
    version: 1
    facts:
      place: 青山县
      speaker: 县委书记
    """)

DASHBOARD = "voila/render/workbench/dashboard.ipynb"


@dataclass
class Session:
    """A writer logged in in a browser context of their own."""

    writer: Writer
    context: BrowserContext
    page: Page
    place: str


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[OfficeHub]:
    """The hub with two writers and an office library holding a template and a profile."""
    office_hub = OfficeHub()
    try:
        source = tmp_path_factory.mktemp("office")
        (source / "office-weekly.yaml").write_text(OFFICE_TEMPLATE, encoding="utf-8")
        (source / "青山县.yaml").write_text(OFFICE_PROFILE, encoding="utf-8")
        office_hub.publish(source / "office-weekly.yaml")
        office_hub.publish(source / "青山县.yaml")
        office_hub.add_writer("a")
        office_hub.add_writer("b")
        try:
            office_hub.start()
        except HubUnavailable as exc:
            pytest.fail(f"the hub cannot start: {exc}", pytrace=False)
        yield office_hub
    finally:
        problems = office_hub.close()
        assert not problems, problems


def login(page: Page, hub: OfficeHub, name: str, password: str) -> None:
    """Fill and send the hub's login form."""
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    page.click("#login_submit")


def _new_context(browser) -> BrowserContext:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture(scope="module")
def sessions(hub, browser) -> Iterator[list[Session]]:
    """Both writers logged in, each on the dashboard, in separate browser contexts."""
    made = []
    try:
        for writer, place in zip(hub.writers, ("甲山县", "乙水县"), strict=True):
            context = _new_context(browser)
            page = context.new_page()
            made.append(Session(writer, context, page, place))
            login(page, hub, writer.name, writer.password)
            wait_ready(page)
        yield made
    finally:
        for session in made:
            session.context.close()


def _stored(writer: Writer, text: str, timeout: float = 60) -> list[Path]:
    """Wait until a draft file of `writer` holds `text`; return the writer's draft files."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(writer.drafts.glob("*.json"))
        if any(text in f.read_text(encoding="utf-8") for f in files):
            return files
        time.sleep(0.2)
    raise AssertionError(f"no draft of {writer.name} holds {text!r}: {sorted(writer.drafts.glob('*'))}")


def test_unauthenticated_pages_go_to_the_login_page(hub, browser):
    context = _new_context(browser)
    try:
        for path in ("", f"user/{hub.writers[0].name}/{DASHBOARD}",
                     f"user/{hub.writers[0].name}/api/contents"):
            response = context.request.get(f"{hub.url}/{path}")
            assert "/hub/login" in response.url, (path, response.status, response.url)
    finally:
        context.close()


def test_a_wrong_password_is_refused(hub, browser):
    context = _new_context(browser)
    try:
        page = context.new_page()
        login(page, hub, hub.writers[0].name, hub.writers[0].password + "x")
        expect(page.locator(".alert, .login_error, #login_error").first).to_be_visible()
        assert "/hub/login" in page.url
        names = {c["name"] for c in context.cookies()}
        assert "jupyterhub-hub-login" not in names
        response = context.request.get(f"{hub.url}/user/{hub.writers[0].name}/api/contents")
        assert "/hub/login" in response.url
    finally:
        context.close()


def test_each_writer_lands_on_the_dashboard_and_autosaves(sessions):
    for session in sessions:
        page = session.page
        assert f"/user/{session.writer.name}/{DASHBOARD}" in page.url
        assert "build_app" not in page.content()  # sources hidden
        base = page.url.split("/user/")[0]
        lab = session.context.request.get(f"{base}/user/{session.writer.name}/lab")
        assert lab.status == 200 and "JupyterLab" in lab.text()  # still there for writers
        page.locator(".wb-fact-place input").fill(session.place)
        expect(page.locator(".wb-preview")).to_contain_text(session.place)
    for session in sessions:
        files = _stored(session.writer, session.place)
        assert len(files) == 1, files
        assert files[0].stat().st_mode & 0o077 == 0
        assert session.writer.home.stat().st_mode & 0o777 == 0o700


def _my_drafts(page: Page):
    page.get_by_role("tab", name="草稿").click()
    return page.locator(".wb-my-drafts-list option")


def _select_draft(page: Page, name: str) -> None:
    # An option's label is the name, the time and a mark: pick it by the name in it.
    labels = page.locator(".wb-my-drafts-list option").all_inner_texts()
    page.locator(".wb-my-drafts-list select").select_option(label=next(t for t in labels if name in t))


def test_each_writer_sees_only_their_own_drafts(sessions):
    # Named after their places (through 重命名), so the two lists can be told apart.
    for session in sessions:
        page = session.page
        expect(_my_drafts(page)).to_have_count(1)
        page.locator(".wb-my-drafts-list select").select_option(index=0)
        page.locator(".wb-my-drafts-name input").fill(f"{session.place}讲话")
        page.locator(".wb-my-drafts-rename").click()
        expect(_my_drafts(page).first).to_contain_text(f"{session.place}讲话")
        assert (session.writer.drafts / f"{session.place}讲话.json").exists()
    for session, other in (sessions, sessions[::-1]):
        page = session.page
        expect(_my_drafts(page)).to_have_count(1)
        expect(page.locator(".wb-my-drafts")).not_to_contain_text(other.place)
        expect(page.locator(".wb-user")).to_contain_text(session.writer.name)


def test_a_writer_can_reopen_and_delete_a_draft(sessions):
    session = sessions[0]
    page = session.page
    # Another template starts a new draft; reopening the first brings its place back.
    page.get_by_role("tab", name="本地要素").click()
    page.locator(".wb-template select").select_option(label=OFFICE_TITLE)
    page.locator(".wb-fact-place input").fill("丙河县")
    _stored(session.writer, "丙河县")
    listed = _my_drafts(page)
    expect(listed).to_have_count(2)
    first = f"{session.place}讲话"
    _select_draft(page, first)
    page.locator(".wb-my-drafts-open").click()
    expect(page.locator(".wb-preview")).to_contain_text(session.place)
    expect(listed.filter(has_text=first)).to_contain_text("正在编辑")
    # Delete asks once more, then the file is gone.
    _select_draft(page, "丙河县")
    page.locator(".wb-my-drafts-delete").click()
    expect(page.locator(".wb-my-drafts-delete")).to_have_text("确认删除")
    page.locator(".wb-my-drafts-delete").click()
    expect(listed).to_have_count(1)
    assert [f.name for f in session.writer.drafts.glob("*.json")] == [f"{first}.json"]


def test_both_writers_see_the_office_templates_and_profiles(sessions):
    for session in sessions:
        page = session.page
        page.get_by_role("tab", name="本地要素").click()
        options = page.locator(".wb-template select option").all_inner_texts()
        assert OFFICE_TITLE in options, options
        expect(page.locator(".wb-office-profiles select")).to_contain_text("青山县")
    page = sessions[1].page
    page.locator(".wb-office-profile-load").click()
    expect(page.locator(".wb-fact-place input")).to_have_value("青山县")
    expect(page.locator(".wb-status")).to_contain_text("已从“青山县.yaml”载入")


def test_a_writer_cannot_reach_another_writers_server_or_files(sessions):
    a, b = sessions
    draft = sorted(b.writer.drafts.glob("*.json"))[0]
    relative = f"workbench/drafts/{draft.name}"
    for path in (DASHBOARD, "lab", "api/contents/workbench/drafts", f"files/{relative}",
                 f"api/contents/{relative}"):
        response = a.context.request.get(f"{a.page.url.split('/user/')[0]}/user/{b.writer.name}/{path}",
                                         max_redirects=10)
        body = response.text()
        assert response.status == 403, (path, response.status, response.url)
        assert b.place not in body and draft.stem not in body, path
    # The hub's API does not tell A about B either.
    response = a.context.request.get(f"{a.page.url.split('/user/')[0]}/hub/api/users/{b.writer.name}")
    assert response.status in (403, 404)


def test_a_writers_system_user_cannot_read_another_writers_files(sessions):
    a, b = sessions
    draft = sorted(b.writer.drafts.glob("*.json"))[0]
    for command in (["cat", str(draft)], ["ls", str(b.writer.home)], ["cat", str(b.writer.home / ".bashrc")]):
        result = subprocess.run(["runuser", "-u", a.writer.name, "--", *command], capture_output=True,
                                text=True, check=False)
        assert result.returncode != 0, command
        assert "Permission denied" in result.stderr, result.stderr
    own = sorted(a.writer.drafts.glob("*.json"))[0]
    result = subprocess.run(["runuser", "-u", a.writer.name, "--", "cat", str(own)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0 and a.place in result.stdout


def test_logging_out_ends_access(hub, sessions):
    a = sessions[0]
    base = a.page.url.split("/user/")[0]
    a.page.goto(f"{base}/hub/logout")
    expect(a.page).to_have_url(f"{base}/hub/login")
    for path in (f"user/{a.writer.name}/api/contents/workbench/drafts", f"user/{a.writer.name}/{DASHBOARD}"):
        response = a.context.request.get(f"{base}/{path}")
        assert "/hub/login" in response.url or response.status in (403, 404, 503), (path, response.url)
        assert a.place not in response.text()
    token = (hub.state / "admin-api-token").read_text().strip()
    request = urllib.request.Request(f"{hub.url}/hub/api/users/{a.writer.name}",
                                     headers={"Authorization": f"token {token}"})
    deadline = time.monotonic() + 30
    while True:  # the server is stopped on logout
        with urllib.request.urlopen(request, timeout=10) as response:
            servers = json.load(response).get("servers", {})
        if not servers or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert servers == {}, servers
