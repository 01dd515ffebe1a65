"""我的草稿 under JupyterHub: autosave after every change, reopen, rename, delete."""

from __future__ import annotations

import pytest

from tests.unit.ui.dom import find
from workbench.store.drafts import DraftStore
from workbench.ui import WorkbenchApp, WorkbenchState
from workbench.ui.my_drafts import MyDraftsView, hub_drafts_view

HUB_ENV = {"JUPYTERHUB_USER": "wang", "JUPYTERHUB_SERVICE_PREFIX": "/user/wang/",
           "JUPYTERHUB_BASE_URL": "/"}


@pytest.fixture
def voila_state(ui_library):
    return WorkbenchState(ui_library, template="mini", mode="voila")


@pytest.fixture
def view(voila_state, tmp_path):
    return MyDraftsView(voila_state, DraftStore(tmp_path / "drafts"), "wang", "/hub/logout")


def test_nothing_is_saved_before_the_first_change(view):
    assert view.store.list() == [] and view.current is None
    assert "第一次修改后" in view.info.value


def test_every_change_is_saved_to_one_file(view, voila_state):
    voila_state.draft.facts["place"] = "青山县"
    voila_state.touch()
    [stored] = view.store.list()
    assert stored.name == view.current and stored.name.startswith("在青山县测试会议上的讲话-")
    assert view.names() == [stored.name]
    assert "（正在编辑）" in view.list.options[0][0]
    voila_state.draft.facts["place"] = "白水县"
    voila_state.touch()
    assert [d.name for d in view.store.list()] == [stored.name]
    assert view.store.load(stored.name, voila_state.library).facts["place"] == "白水县"
    assert "已自动保存" in view.info.value


def test_another_template_is_a_new_draft_and_the_old_one_reopens(view, voila_state):
    voila_state.draft.facts["place"] = "青山县"
    voila_state.touch()
    first = view.current
    voila_state.choose_template("second")
    assert view.current is None
    voila_state.draft.facts["projects"] = 3
    voila_state.touch()
    assert len(view.names()) == 2 and view.current != first
    view.list.value = first
    view.open.click()
    assert voila_state.draft.template.id == "mini" and view.current == first
    assert "青山县" in voila_state.html
    voila_state.draft.facts["hazards"] = 9
    voila_state.touch()
    assert view.store.load(first, voila_state.library).facts["hazards"] == 9


def test_rename_follows_the_draft_being_edited(view, voila_state):
    voila_state.touch()
    old = view.current
    view.list.value = old
    assert view.name.value == old
    view.name.value = "周例会讲话"
    view.rename.click()
    assert view.current == "周例会讲话" and view.names() == ["周例会讲话"]
    voila_state.draft.facts["place"] = "红石县"
    voila_state.touch()
    assert view.names() == ["周例会讲话"]
    view.name.value = "坏/名字"
    view.rename.click()
    assert voila_state.status_kind == "error" and "不能含有“/”" in voila_state.status


def test_delete_asks_twice_and_the_open_draft_gets_a_new_file(view, voila_state):
    voila_state.touch()
    name = view.current
    view.list.value = name
    view.delete.click()
    assert view.delete.description == "确认删除" and view.names() == [name]
    view.delete.click()
    assert view.names() == [] and view.current is None
    voila_state.touch()
    assert len(view.names()) == 1


def test_open_without_selection_says_so(view, voila_state):
    view.open.click()
    assert voila_state.status_kind == "warning" and "选中" in voila_state.status


def test_a_damaged_file_is_a_message(view, voila_state):
    voila_state.touch()
    view.store.path_of(view.current).write_text("{", encoding="utf-8")
    view.list.value = view.current
    view.open.click()
    assert voila_state.status_kind == "error" and "损坏" in voila_state.status


def test_only_the_dashboard_under_a_hub_gets_my_drafts(ui_library, tmp_path):
    env = {**HUB_ENV, "WORKBENCH_DRAFTS_DIR": str(tmp_path)}
    voila = WorkbenchState(ui_library, template="mini", mode="voila")
    lab = WorkbenchState(ui_library, template="mini", mode="lab")
    assert hub_drafts_view(voila, {}) is None
    assert hub_drafts_view(lab, env) is None
    view = hub_drafts_view(voila, env)
    assert view is not None and view.store.folder == tmp_path
    assert 'href="/hub/logout"' in view.account.value and "wang" in view.account.value


def test_the_app_under_a_hub_autosaves_and_shows_my_drafts(ui_library, tmp_path, monkeypatch):
    for key, value in {**HUB_ENV, "WORKBENCH_DRAFTS_DIR": str(tmp_path)}.items():
        monkeypatch.setenv(key, value)
    state = WorkbenchState(ui_library, template="mini", mode="voila")
    app = WorkbenchApp(state)
    assert app.my_drafts is not None
    state.draft.facts["place"] = "青山县"
    state.touch()
    assert len(list(tmp_path.glob("*.json"))) == 1  # before the 草稿 tab was ever opened
    app.tabs.selected_index = 3
    [panel] = find(app.widget, "wb-my-drafts")
    assert panel is app.my_drafts.widget and find(app.widget, "wb-account")
    assert "我的草稿" in app.drafts.info.value


def test_switching_back_to_a_template_keeps_its_file(view, voila_state):
    voila_state.set_fact("place", "青山县")
    first = view.current
    voila_state.choose_template("second")
    voila_state.set_fact("projects", 3)
    second = view.current
    voila_state.choose_template("mini")  # the session's draft of mini comes back
    assert view.current == first
    voila_state.set_fact("hazards", 4)
    assert sorted(view.names()) == sorted([first, second])
    assert view.store.load(first, voila_state.library).facts["hazards"] == 4


def test_a_second_tab_on_the_same_draft_never_overwrites_it(ui_library, tmp_path):
    store = DraftStore(tmp_path / "drafts")
    a = WorkbenchState(ui_library, template="mini", mode="voila")
    view_a = MyDraftsView(a, store, "wang", "/hub/logout")
    a.set_fact("place", "青山县")
    name = view_a.current
    b = WorkbenchState(ui_library, template="mini", mode="voila")
    view_b = MyDraftsView(b, store, "wang", "/hub/logout")
    view_b.refresh()
    view_b.list.value = name
    view_b.open.click()
    a.set_fact("place", "甲县")
    b.set_fact("place", "乙县")
    # Tab A's save stands; tab B's work went to a new draft, and B was told.
    assert store.load(name, ui_library).facts["place"] == "甲县"
    assert view_b.current != name and store.load(view_b.current, ui_library).facts["place"] == "乙县"
    assert b.status_kind == "warning" and f"另一个标签页已保存了草稿“{name}”" in b.status
    b.set_fact("place", "丙县")  # and B goes on saving there
    assert store.load(view_b.current, ui_library).facts["place"] == "丙县"
    assert store.load(name, ui_library).facts["place"] == "甲县"


def test_typing_saves_at_most_once_a_window_and_the_draft_left_keeps_its_last_keys(
        view, voila_state, monkeypatch):
    import asyncio

    saves = []
    real = view.store.save
    monkeypatch.setattr(view.store, "save", lambda draft, name: (saves.append(name),
                                                                  real(draft, name))[1])
    view._typing_save.wait = view._typing_save.min_window = 0.2

    async def typing():
        for value in ["青", "青山", "青山县", "青山县县"]:
            voila_state.set_fact("place", value, typing=True)
            await asyncio.sleep(0.02)
        during = len(saves)
        await asyncio.sleep(0.3)
        after = len(saves)
        voila_state.set_fact("place", "青山县城", typing=True)   # then another template at once
        await asyncio.sleep(0.02)
        voila_state.set_fact("place", "青山县城关", typing=True)
        first = view.current
        voila_state.choose_template("second")
        return during, after, first

    voila_state._debouncer.wait = 0.01
    during, after, first = asyncio.run(typing())
    assert during == 1 and after == 2                  # the first key's, then the window's end
    assert view.store.load(first, voila_state.library).facts["place"] == "青山县城关"
