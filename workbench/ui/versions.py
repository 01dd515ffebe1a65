"""Versions (版本): save the speech as 一稿、二稿…, and see what changed since, or between two."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..core.diff import diff_texts, diff_versions, summarize
from ..core.versions import snapshot
from ..errors import WorkbenchError
from ..renderers.diff import render_diff_html
from .state import WorkbenchState

#: The value of the 对照 choice that stands for the speech as it is now.
CURRENT = 0


class VersionsView:
    """Save versions of the draft and compare them; they travel inside the draft file.

    A version is the text as the leader would read it at that moment. Comparing a version
    with the current text follows later changes, so the panel always shows what changed
    since that version.
    """

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        self.note = w.Text(placeholder="备注（可不填），如：送主任审阅前",
                           layout=w.Layout(flex="1 1 auto", width="auto"))
        self.note.add_class("wb-version-note")
        self.save = w.Button(description="存为新版本",
                             tooltip="把现在的全文存为一稿、二稿……，随草稿一起保存",
                             layout=w.Layout(width="auto", flex="0 0 auto"))
        self.save.add_class("wb-version-save")
        self.save.on_click(state.guarded("存为新版本", self._on_save))
        self.versions = w.Select(options=[], rows=5, layout=w.Layout(width="100%"))
        self.versions.add_class("wb-versions")
        self.versions.observe(self._on_select, names="value")
        self.base = w.Dropdown(description="对照", options=[("当前稿", CURRENT)], value=CURRENT,
                               style={"description_width": "3em"},
                               layout=w.Layout(flex="1 1 auto", width="auto"))
        self.base.add_class("wb-version-base")
        self.base.observe(self._on_base, names="value")
        self.compare = w.Button(description="与当前稿比较", layout=w.Layout(width="auto",
                                                                       flex="0 0 auto"))
        self.compare.add_class("wb-version-compare")
        self.compare.on_click(state.guarded("比较版本", self._on_compare))
        self.hint = w.HTML()
        self.diff = w.HTML()
        self.diff.add_class("wb-version-diff")
        #: (version number, base) of the comparison shown, or None.
        self.shown: tuple[int, int] | None = None
        self._summary = ""
        self.widget = w.VBox([
            w.HTML('<div class="wb-section-title">版本</div>'), self.hint,
            w.HBox([self.note, self.save], layout=w.Layout(width="100%")),
            self.versions,
            w.HBox([self.base, self.compare], layout=w.Layout(width="100%")),
            self.diff,
        ], layout=w.Layout(width="100%"))
        self.widget.add_class("wb-versions-panel")
        self.list_versions()
        state.observe(state.guarded("切换草稿", self._on_draft), names="draft")
        state.observe(state.guarded("更新版本对照", self._on_revision), names="revision")

    # -- saving -------------------------------------------------------------------------

    def _on_save(self, _button: Any = None) -> None:
        draft = self.state.draft
        if draft is None:
            return
        previous = draft.versions[-1] if draft.versions else None
        version = self.state.add_version(self.note.value)
        self.note.value = ""
        self.list_versions()
        self.versions.value = version.number
        same = previous is not None and previous.texts == version.texts
        where = "随草稿自动保存" if self.state.mode == "lab" else "请“下载草稿”保存到本机"
        if same:
            self.state.notify(f"已存为{version.label}（与{previous.label}相同）；{where}", "ok")
        else:
            self.state.notify(f"已存为{version.label}；{where}", "ok")

    def list_versions(self) -> None:
        """List the draft's versions, newest first, and the choices of 对照."""
        draft = self.state.draft
        versions = list(reversed(draft.versions)) if draft is not None else []
        selected, base = self.versions.value, self.base.value
        self.versions.options = [(v.caption(), v.number) for v in versions]
        numbers = {v.number for v in versions}
        self.versions.value = selected if selected in numbers else (
            versions[0].number if versions else None)
        self._list_bases(base)
        self.compare.disabled = not versions
        if versions:
            self.hint.value = ('<div class="wb-hint">选一个版本，与当前稿或另一版本比较：'
                               "增加的文字绿色下划线，删去的红色删除线。</div>")
        else:
            self.hint.value = ('<div class="wb-hint">每到一个节点（送审前、改完意见后）存一版：'
                               "一稿、二稿……版本随草稿一起保存，以后可比较改了什么。</div>")

    def _list_bases(self, keep: int | None = None) -> None:
        """List the choices of 对照: the current text and every version but the selected one
        (a version compared with itself shows nothing)."""
        draft = self.state.draft
        versions = list(reversed(draft.versions)) if draft is not None else []
        selected = self.versions.value
        others = [(v.label, v.number) for v in versions if v.number != selected]
        keep = self.base.value if keep is None else keep
        self.base.options = [("当前稿", CURRENT), *others]
        self.base.value = keep if keep in {n for _, n in others} else CURRENT

    def _on_select(self, change: Any = None) -> None:
        self._list_bases()

    # -- comparing ----------------------------------------------------------------------

    def _on_base(self, change: Any = None) -> None:
        label = next((text for text, value in self.base.options if value == self.base.value),
                     "当前稿")
        self.compare.description = f"与{label}比较"

    def _on_compare(self, _button: Any = None) -> None:
        if self.versions.value is None:
            self.state.notify("请先在列表中选一个版本", "warning")
            return
        self.state.flush()
        self.show(self.versions.value, self.base.value)
        self.state.notify(self._summary, "info")

    def show(self, number: int, base: int = CURRENT) -> None:
        """Show what changed from version `number` to the current text (`base` CURRENT),
        or between it and version `base`, the older one first."""
        draft = self.state.draft
        if draft is None:
            return
        version = draft.version(number)
        if base == number:
            raise WorkbenchError(f"{version.label}不能与自己比较，请另选对照的版本")
        if base == CURRENT:
            document = self.state.document
            if document is None:
                return
            current = [text for _, text in snapshot(document)]
            changes = diff_texts(version.texts, current)
            labels = (version.label, "当前稿")
        else:
            old, new = sorted((version, draft.version(base)), key=lambda v: v.number)
            changes = diff_versions(old, new)
            labels = (old.label, new.label)
        self.diff.value = render_diff_html(changes, *labels)
        self._summary = f"{labels[0]} → {labels[1]}：{summarize(changes)}"
        self.shown = (number, base)

    def clear(self) -> None:
        """Hide the comparison."""
        self.diff.value = ""
        self.shown = None

    # -- following the draft ------------------------------------------------------------

    def _on_draft(self, change: Any = None) -> None:
        self.clear()
        self.list_versions()

    def _on_revision(self, change: Any = None) -> None:
        draft = self.state.draft
        listed = [value for _, value in self.versions.options]
        if draft is not None and listed != [v.number for v in reversed(draft.versions)]:
            self.list_versions()  # versions saved elsewhere (收回修改稿, undo)
        if self.shown is None:
            return
        number, base = self.shown
        draft = self.state.draft
        if draft is None or number not in {v.number for v in draft.versions}:
            self.clear()
        elif base == CURRENT:
            self.show(number, base)
