"""我的草稿 (my drafts): the dashboard's drafts on the server, when it runs under JupyterHub.

Every change is autosaved (atomically) into the writer's own folder; the list reopens,
renames or deletes a draft. Download and upload (`DraftsView`) stay for moving a draft
to another machine. The storage is `workbench.store.drafts.DraftStore`; this is the view.
"""

from __future__ import annotations

import datetime as _dt
import os
import weakref
from collections.abc import Mapping
from html import escape
from typing import Any

import ipywidgets as w

from ..errors import DraftConflictError
from ..pipeline import Draft
from ..store.drafts import DraftStore, default_drafts_folder, hub_logout_url, hub_user
from .debounce import Debouncer
from .state import TYPING_SAVE_S, WorkbenchState
from .widgets import document_stem


class MyDraftsView:
    """The 我的草稿 panel (`wb-my-drafts`) over `store`, autosaving `state`'s draft.

    The draft being edited is saved under its name after every change (`state.revision`;
    while the writer types, at most once a `state.TYPING_SAVE_S`);
    a new draft (another template picked, a file uploaded) gets a new name at its first
    change, so opening the dashboard or switching templates never litters the list; a
    template's draft the writer comes back to keeps its name.
    """

    def __init__(self, state: WorkbenchState, store: DraftStore, user: str | None = None,
                 logout_url: str | None = None) -> None:
        self.state = state
        self.store = store
        #: The stored draft being edited (None until the new draft's first change).
        self.current: str | None = None
        self._opening: str | None = None
        #: The stored name of each draft of this session (a template's draft is kept when
        #: the writer switches away and back, and must keep its file).
        self._names: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
        self._confirm_delete: str | None = None
        self.info = w.HTML()
        self.info.add_class("wb-my-drafts-info")
        self.list = w.Select(options=[], rows=8, layout=w.Layout(width="100%"))
        self.list.add_class("wb-my-drafts-list")
        self.open = _button("打开", "wb-my-drafts-open", "打开选中的草稿继续写")
        self.open.on_click(state.guarded("打开草稿", self._on_open))
        self.name = w.Text(placeholder="新名称", layout=w.Layout(flex="1 1 auto", width="auto"))
        self.name.add_class("wb-my-drafts-name")
        self.rename = _button("重命名", "wb-my-drafts-rename", "把选中的草稿改成左边填写的名称")
        self.rename.on_click(state.guarded("重命名草稿", self._on_rename))
        self.delete = _button("删除", "wb-my-drafts-delete", "删除选中的草稿（需再点一次确认）")
        self.delete.on_click(state.guarded("删除草稿", self._on_delete))
        self.list.observe(self._on_select, names="value")
        self.account = w.HTML(_account_html(user, logout_url))
        self.account.add_class("wb-account")
        self.widget = w.VBox([
            w.HTML('<div class="wb-section-title">我的草稿</div>'),
            w.HTML('<div class="wb-hint">每次修改都自动保存在服务器上您本人的目录中，只有您能打开。</div>'),
            self.info, self.list,
            w.HBox([self.open, self.delete], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.name, self.rename], layout=w.Layout(width="100%")),
        ], layout=w.Layout(width="100%"))
        self.widget.add_class("wb-my-drafts")
        self.refresh()
        self._show_info()
        self._typing_save = Debouncer(self._autosave, TYPING_SAVE_S, min_window=TYPING_SAVE_S,
                                      defer_first=True)
        state.observe(self._on_revision, names="revision")
        state.observe(state.guarded("切换草稿", self._on_draft), names="draft")

    # -- autosave -----------------------------------------------------------------------

    def _on_draft(self, change: Any = None) -> None:
        if self._typing_save.is_pending and change is not None and change["old"] is not None:
            # the last keys typed into the draft being left are saved under its name
            self._typing_save.cancel()
            self.save_now(change["old"])
        draft = self.state.draft
        known = self._names.get(draft) if draft is not None else None
        self.current, self._opening = self._opening or known, None
        self._show_info()
        self.refresh()

    def _on_revision(self, change: Any = None) -> None:
        self._typing_save.follow(self.state.typing)

    def _autosave(self) -> None:
        with self.state.guard("自动保存"):
            self.save_now()

    def save_now(self, draft: Draft | None = None) -> str | None:
        """Save the draft being edited (or `draft`, the one being left, under the name it
        had); a new one gets a name first. Return its name."""
        draft = draft if draft is not None else self.state.draft
        if draft is None:
            return None
        is_new = self.current is None or self.current not in self.store
        if is_new:
            self.current = self.store.new_name(document_stem(self.state.document))
        assert self.current is not None
        try:
            self.store.save(draft, self.current)
        except DraftConflictError:
            # Another tab saved this draft since: never overwrite it, and lose nothing of
            # this tab's either. This tab goes on under a new name.
            taken, self.current = self.current, self.store.new_name(document_stem(self.state.document))
            self.store.save(draft, self.current)
            self._names[draft] = self.current
            self._show_info(saved=True)
            self.refresh()
            self.state.notify(f"另一个标签页已保存了草稿“{taken}”；为免覆盖，本页的修改另存为“{self.current}”",
                              "warning")
            return self.current
        self._names[draft] = self.current
        self._show_info(saved=True)
        if is_new:
            self.refresh()
        return self.current

    # -- the list -----------------------------------------------------------------------

    def refresh(self) -> None:
        """List the stored drafts, newest first; the one being edited is marked."""
        options = []
        for stored in self.store.list():
            mark = "（正在编辑）" if stored.name == self.current else ""
            options.append((f"{stored.name}　{stored.when}{mark}", stored.name))
        selected = self.list.value
        self.list.options = options
        names = [name for _, name in options]
        if selected in names:
            self.list.value = selected
        elif self.current in names:
            self.list.value = self.current
        self._confirm_delete = None
        self.delete.description = "删除"

    def names(self) -> list[str]:
        """Return the names listed, in order."""
        return [name for _, name in self.list.options]

    def _selected(self) -> str | None:
        if not self.list.value:
            self.state.notify("请先在“我的草稿”中选中一份草稿", "warning")
            return None
        return str(self.list.value)

    def _on_select(self, change: Mapping[str, Any]) -> None:
        if change["new"]:
            self.name.value = str(change["new"])
        if self._confirm_delete is not None and change["new"] != self._confirm_delete:
            self._confirm_delete = None
            self.delete.description = "删除"

    def _on_open(self, _button: Any = None) -> None:
        name = self._selected()
        if name is None:
            return
        draft = self.store.load(name, self.state.library)
        self._opening = name
        try:
            self.state.open_draft(draft)
        finally:
            self._opening = None
        self.state.notify(f"已打开“{name}”，修改会继续自动保存", "ok")

    def _on_rename(self, _button: Any = None) -> None:
        name = self._selected()
        if name is None:
            return
        new = self.store.rename(name, self.name.value)
        if self.current == name:
            self.current = new
        for draft, known in list(self._names.items()):
            if known == name:
                self._names[draft] = new
        self.refresh()
        self.list.value = new
        self._show_info()
        self.state.notify(f"已把“{name}”改名为“{new}”", "ok")

    def _on_delete(self, _button: Any = None) -> None:
        name = self._selected()
        if name is None:
            return
        if self._confirm_delete != name:
            self._confirm_delete = name
            self.delete.description = "确认删除"
            self.state.notify(f"再点一次“确认删除”即删除“{name}”（无法恢复）", "warning")
            return
        self.store.delete(name)
        if self.current == name:
            self.current = None  # the next change saves the open draft under a new name
        for draft, known in list(self._names.items()):
            if known == name:
                del self._names[draft]
        self.refresh()
        self._show_info()
        self.state.notify(f"已删除“{name}”", "ok")

    def _show_info(self, saved: bool = False) -> None:
        if self.current is None:
            self.info.value = '<div class="wb-hint">当前草稿将在第一次修改后自动保存。</div>'
            return
        when = _dt.datetime.now().strftime("%H:%M:%S")
        note = f"已自动保存（{when}）" if saved else "修改会自动保存"
        self.info.value = (f'<div class="wb-hint">正在编辑“<b>{escape(self.current)}</b>”：{note}</div>')


def _button(text: str, css: str, tooltip: str) -> w.Button:
    button = w.Button(description=text, tooltip=tooltip, layout=w.Layout(width="auto"))
    button.add_class(css)
    return button


def _account_html(user: str | None, logout_url: str | None) -> str:
    if not user:
        return ""
    link = f' <a class="wb-logout" href="{escape(logout_url or "", quote=True)}">退出登录</a>' \
        if logout_url else ""
    return f'<div class="wb-hint wb-user">{escape(user)}{link}</div>'


def hub_drafts_view(state: WorkbenchState,
                    environ: Mapping[str, str] | None = None) -> MyDraftsView | None:
    """Return 我的草稿 over the writer's folder when the dashboard runs under JupyterHub.

    In JupyterLab (where `DraftsView` autosaves already) and outside a hub: None.
    """
    env = os.environ if environ is None else environ
    user = hub_user(env)
    if user is None or state.mode != "voila":
        return None
    return MyDraftsView(state, DraftStore(default_drafts_folder(env)), user, hub_logout_url(env))
