"""The workbench app (讲稿工作台): the views wired to one state; layout only."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..core.loader import load_template
from ..core.templates import SpeechTemplate
from ..store.office import OfficeLibrary, office_library
from .export import ExportView
from .facts_form import FactsForm
from .guard import SessionGuard
from .leaders import LeadersView
from .memory import release_soon
from .my_drafts import hub_drafts_view
from .outline import OutlineView
from .preview import PreviewView
from .state import WorkbenchState, log
from .status import StatusView
from .template_picker import TemplatePicker, shown_title
from .theme import CSS
from .widgets import shared_layout, shared_style

if TYPE_CHECKING:  # the views of tabs built when first opened load then (`build_tab`)
    from .drafts import DraftsView
    from .editor import EditorView
    from .revise_view import ReviseView
    from .versions import VersionsView


def _in_kernel_loop() -> bool:
    """Whether an event loop runs here (a kernel, whose browser can say when it painted)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _configure_logging() -> None:
    # Tracebacks go to the kernel's own stderr (the server's log), never to the page: in
    # a kernel, sys.stderr is forwarded to the browser, sys.__stderr__ is not.
    if not any(getattr(h, "_workbench", False) for h in log.handlers):
        handler = logging.StreamHandler(sys.__stderr__)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        handler._workbench = True  # type: ignore[attr-defined]
        log.addHandler(handler)
        log.setLevel(logging.INFO)


class WorkbenchApp:
    """All the views over one `WorkbenchState`; `widget` is the root (`wb-app`)."""

    def __init__(self, state: WorkbenchState | None = None,
                 library: Mapping[str, Any] | None = None, *,
                 drafts_dir: str | os.PathLike[str] | None = None) -> None:
        _configure_logging()
        if state is None and library is None:
            library = office_library()  # with the office's templates (本单位) on a hub
        self.state = state if state is not None else WorkbenchState(library)
        state = self.state
        self.status = StatusView(state)
        self.undo = w.Button(description="撤销", disabled=True, tooltip="没有可撤销的操作",
                             layout=shared_layout(width="auto", flex="0 0 auto"),
                             style=shared_style(w.Button))
        self.undo.add_class("wb-undo")
        self.undo.on_click(state.guarded("撤销", lambda _b: state.undo()))
        state.observe(self._on_undo_label, names="undo_label")
        # The tabs not shown at load are built when first selected (`build_tab`): fewer
        # widgets for the browser to render before the first preview.
        self.editor: EditorView | None = None
        self.drafts: DraftsView | None = None
        self.versions: VersionsView | None = None
        self.revise: ReviseView | None = None
        self._drafts_dir = drafts_dir
        # Under JupyterHub the dashboard autosaves into the writer's home (我的草稿), from
        # the first change on, so it is built now; its panel sits on the 草稿 tab.
        self.my_drafts = hub_drafts_view(state)
        # The views the first frame does not need, built by `_build_rest`: the session
        # guard, the picker and the tabs (two thirds of the widgets), the export's
        # automatic download and the problems list under the page. A dashboard kernel
        # builds them only once its page has the preview on screen (see below): the page
        # then loads a fifth of the models before its first frame. Everywhere else they
        # are built now.
        self.guard: SessionGuard | None = None
        self.picker: TemplatePicker | None = None
        self.facts: FactsForm | None = None
        self.leaders: LeadersView | None = None
        self.outline: OutlineView | None = None
        self.tabs: w.Tab | None = None
        self.office_profiles: Any = None  # OfficeProfilesView on a hub with profiles
        #: tab index -> the function that builds its content, for the tabs not built yet
        self._pending: dict[int, tuple[str, Callable[[], w.Widget]]] = {}
        in_kernel = _in_kernel_loop()
        self.export = ExportView(state, download_later=True)
        self.preview = PreviewView(state, checks_later=True)
        if not (in_kernel and state.mode == "voila"):
            self._build_rest()
        # The frame's boxes and texts never change their layout or style: shared models.
        static = {"layout": shared_layout(), "style": shared_style(w.HTML)}
        header = w.HBox([
            w.HTML('<div class="wb-brand">讲稿工作台<small>Speech Workbench</small></div>', **static),
            self.status.widget, self.undo,
            *([self.my_drafts.account] if self.my_drafts is not None else []),
        ], layout=shared_layout(width="100%", justify_content="space-between", align_items="center"))
        header.add_class("wb-header")
        # The left column joins the page once the browser has the preview on screen: the
        # first frame draws the speech without waiting for the forms. The page's module
        # says so after its first frame, or a second after it was drawn in a background
        # tab (`PagePreview.on_first_paint`). A preheated kernel waits for its page as long
        # as it takes, so there is no timer here; without an event loop (a script, a test)
        # there is no browser to wait for.
        left = w.VBox([], layout=shared_layout(width="40%", min_width="360px", flex="0 0 auto"))
        left.add_class("wb-left")
        self._left = left
        if in_kernel:
            self.preview.preview.on_first_paint(self._show_rest)
        else:
            self._show_rest()
        right = w.VBox([self.export.widget, self.preview.widget],
                       layout=shared_layout(flex="1 1 0", width="auto"))
        right.add_class("wb-right")
        body = w.HBox([left, right], layout=shared_layout(width="100%"))
        body.add_class("wb-body")
        self.widget = w.VBox([w.HTML(CSS, **static), header, body],
                             layout=shared_layout(width="100%"))
        self.widget.add_class("wb-app")
        if not state.status:
            state.notify("请选择模板并填写本地要素，右侧预览会随之更新", "info")
        # A new draft replaced the form and the outline: hand the freed memory back.
        state.observe(lambda _change: release_soon(), names="draft")
        release_soon()

    def _build_rest(self) -> None:
        """Build the session guard, the automatic download, the problems list, the picker,
        the forms and the tabs (once; later calls do nothing)."""
        if self.tabs is not None:
            return
        state = self.state
        # The guard first: a client that waits for the forms finds it opened before them.
        if self.guard is None:
            self.guard = SessionGuard(state)
        self.export.prepare()
        self.preview.prepare_checks()
        self.picker = TemplatePicker(state)
        self.facts = FactsForm(state)
        self.leaders = LeadersView(state)
        # The outline is built with the column (its wb-section-toggle and wb-pattern are
        # part of the DOM contract), and so are the drafts where they autosave
        # (JupyterLab), which must follow every change.
        self.outline = OutlineView(state)
        tabs: list[tuple[str, w.Widget | Callable[[], w.Widget]]] = [
            ("本地要素", self._with_office_profiles(
                w.VBox([self.facts.widget, self.leaders.widget], layout=w.Layout(width="100%")))),
            ("结构与句式", self.outline.widget),
            ("逐段修改", self._editor_tab),
            ("草稿", self._drafts_tab() if state.mode == "lab" else self._drafts_tab),
            ("批量", self._batch_tab),
        ]
        if self._has_import_view():
            tabs.append(("导入范文", self._import_tab))
        bodies = []
        for index, (title, content) in enumerate(tabs):
            if isinstance(content, w.Widget):
                bodies.append(_scroll(content))
            else:
                self._pending[index] = (title, content)
                bodies.append(_scroll())
        self.tabs = w.Tab(children=bodies, titles=tuple(title for title, _ in tabs),
                          layout=w.Layout(width="100%"))
        self.tabs.add_class("wb-tabs")
        self.tabs.observe(self._on_tab, names="selected_index")

    def _show_rest(self) -> None:
        """Build the rest if need be and put the left column on the page (once): the
        session guard (its 恢复 bar) above the picker and the tabs."""
        if self._left.children:
            return
        # A failure is a message on the status line; the page keeps its preview.
        with self.state.guard("打开编辑区"):
            self._build_rest()
            if self.guard is not None and self.picker is not None and self.tabs is not None:
                self._left.children = (self.guard, self.picker.widget, self.tabs)

    def _on_undo_label(self, change: Any = None) -> None:
        label = self.state.undo_label
        self.undo.disabled = not label
        self.undo.tooltip = f"撤销：{label}" if label else "没有可撤销的操作"
        self.undo.description = f"撤销{label}" if label else "撤销"

    # -- tabs built when first selected -------------------------------------------------

    def _on_tab(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self.build_tab(change["new"])

    def build_tab(self, index: int) -> None:
        """Build the content of tab `index` if it is still a placeholder (else do nothing)."""
        pending = self._pending.get(index)
        if pending is None:
            return
        title, build = pending
        # A failure is a message; the tab stays empty and selecting it again retries.
        with self.state.guard(f"打开“{title}”"):
            content = build()
            del self._pending[index]
            self.tabs.children[index].children = (content,)

    def _editor_tab(self) -> w.Widget:
        from .editor import EditorView

        self.editor = EditorView(self.state)
        return self.editor.widget

    def _drafts_tab(self) -> w.Widget:
        # Their modules (and the Word round trip's readers) load with the tab: ~1 MiB a
        # dashboard kernel whose writer never opens it.
        from .drafts import DraftsView
        from .revise_view import ReviseView
        from .versions import VersionsView

        self.drafts = DraftsView(self.state, self._drafts_dir)
        self.versions = VersionsView(self.state)
        self.revise = ReviseView(self.state)  # the Word round trip: 上传修改稿, 导出修订版
        mine = [self.my_drafts.widget] if self.my_drafts is not None else []
        return w.VBox([*mine, self.drafts.widget, self.versions.widget, self.revise.widget],
                      layout=w.Layout(width="100%"))

    def _with_office_profiles(self, facts: w.Widget) -> w.Widget:
        # The office library's unit profiles (本单位要素档案), above the facts, on a hub.
        if not isinstance(self.state.library, OfficeLibrary) or not self.state.library.profiles():
            return facts
        from .office_profiles import OfficeProfilesView

        self.office_profiles = OfficeProfilesView(self.state, self.state.library, self.facts.load)
        return w.VBox([self.office_profiles.widget, facts], layout=w.Layout(width="100%"))

    def _batch_tab(self) -> w.Widget:
        # -- 批量 (one speech per unit of a table): workbench/ui/batch_view.py ----------------
        from .batch_view import BatchView

        self.batch = BatchView(self.state)
        return self.batch.widget

    def _has_import_view(self) -> bool:
        # -- 导入范文 (import a model speech) -------------------------------------------------
        # The import view lives in workbench/ui/import_view.py (class ImportView). It becomes
        # a tab when that module exists; a template made from a speech joins this session's
        # library and a new draft starts from it. Found, not imported: the view and the
        # importer it needs (~0.5 MiB) load when the tab is first opened.
        from importlib.util import find_spec

        return find_spec(f"{__package__}.import_view") is not None

    def _import_tab(self) -> w.Widget:
        from .import_view import ImportView

        view = ImportView(on_template=self.state.guarded("用范文起草", self.use_template),
                          on_saved=self.state.guarded("登记模板", self.add_template_file))
        if self.state.mode == "voila":
            # A dashboard user has no folder of their own on the server: drafting from
            # the imported speech stays in this session, nothing is written.
            view.save_button.layout.display = "none"
            view.template_id.layout.display = "none"  # an id only names a saved file
        return view

    def use_template(self, template: SpeechTemplate) -> None:
        """Add `template` to this session's library and start a draft of it."""
        library = self.state.library
        add = getattr(library, "add_template", None)
        if callable(add):
            add(template)
        else:
            library[template.id] = template
        self.state.templates_changed()
        self.state.choose_template(template.id)
        if self.tabs is not None:
            self.tabs.selected_index = 0
        self.state.notify(f"已用导入的范文“{shown_title(template)}”开始起草，请核对本地要素", "ok")

    def add_template_file(self, path: Path) -> None:
        """List the template just saved at `path` in the template picker."""
        self.use_template(load_template(path))


def _scroll(child: w.Widget | None = None) -> w.Widget:
    box = w.VBox([] if child is None else [child], layout=shared_layout(width="100%"))
    box.add_class("wb-tab-body")
    return box


def build_app(state: WorkbenchState | None = None, library: Mapping[str, Any] | None = None, *,
              drafts_dir: str | os.PathLike[str] | None = None) -> w.Widget:
    """Return the workbench app's root widget (class `wb-app`) over `state`.

    Without `state`, a new one is made over `library` (default: the shipped templates and
    `WORKBENCH_TEMPLATES`). Every session gets its own state, so two users of one
    dashboard never share a draft.
    """
    return WorkbenchApp(state, library, drafts_dir=drafts_dir).widget
