"""Drafts (草稿): autosave to a folder in JupyterLab; download and upload in Voilà."""

from __future__ import annotations

import datetime as _dt
import os
import secrets
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..core.atomicfile import atomic_write
from ..core.draft import MAX_DRAFT_BYTES
from ..core.draftfile import backup_path
from ..errors import DraftConflictError, DraftError, DraftSaveError, WorkbenchError
from ..pipeline import Draft
from ..store.drafts import hub_user
from .debounce import Debouncer
from .state import TYPING_SAVE_S, WorkbenchState
from .widgets import (
    AutoDownload,
    UploadButton,
    check_upload,
    document_stem,
    download_link,
    safe_filename,
)

#: Environment variable naming the drafts folder (JupyterLab only).
DRAFTS_ENV = "WORKBENCH_DRAFTS_DIR"

#: Most saved drafts listed.
MAX_LISTED = 50


def default_drafts_dir() -> Path:
    """Return the drafts folder: `WORKBENCH_DRAFTS_DIR`, else `drafts/` beside the notebook."""
    return Path(os.environ.get(DRAFTS_ENV) or Path.cwd() / "drafts")


class DraftsView:
    """Save and reopen drafts; everything is restored, paragraph edits included.

    In JupyterLab each change is saved atomically to `folder` (a temp file renamed over
    the old one), one file per draft. A dashboard user has no file system there, so in
    Voilà the panel offers 下载草稿 and 打开草稿 instead; nothing is written on the server.

    Nothing is overwritten or lost silently: a save refused because another tab saved the
    file since (`DraftConflictError`) stops the autosave and offers 重新打开
    (`wb-conflict-reload`) or 另存为新草稿 (`wb-conflict-save-as`); a full disk or an
    unwritable folder (`DraftSaveError`) says so (`wb-draft-unsaved`), keeps the work in
    the page for 下载草稿 and retries at the next change; a saved draft that will not open
    can be restored from its last good copy (`wb-restore-backup`).
    """

    def __init__(self, state: WorkbenchState, folder: str | os.PathLike[str] | None = None) -> None:
        self.state = state
        self.autosave = state.mode == "lab"
        self.folder = Path(folder) if folder is not None else default_drafts_dir()
        self.path: Path | None = None
        self._next_path: Path | None = None
        #: The refused save while autosave waits for the writer to choose; else None.
        self.conflict: DraftConflictError | None = None
        #: The failed write while the disk or folder refuses; else None.
        self.unsaved: DraftSaveError | None = None
        #: The saved draft that would not open (or opened damaged) and has a backup.
        self.damaged: Path | None = None
        self.save = w.Button(description="下载草稿",
                             tooltip="把草稿（含逐段修改）存到本机，下次用“打开草稿”继续")
        self.save.add_class("wb-draft-save")
        self.save.on_click(state.guarded("下载草稿", self._on_download))
        self.upload = UploadButton(label="打开草稿", accept=".json", max_bytes=MAX_DRAFT_BYTES,
                                   hint="打开以前下载的草稿文件（.json）",
                                   on_upload=state.guarded("打开草稿", self.open_upload))
        self.upload.add_class("wb-draft-upload")
        self.link = w.HTML()
        self.link.add_class("wb-draft-link")
        self.auto = AutoDownload()
        self.info = w.HTML()
        self.info.add_class("wb-draft-info")
        self.alert = w.HTML()
        self.alert.add_class("wb-draft-alert")
        self.reload = w.Button(description="重新打开文件中的版本",
                               tooltip="打开另一标签页保存的版本；本页尚未保存的修改将放弃")
        self.reload.add_class("wb-conflict-reload")
        self.reload.on_click(state.guarded("重新打开草稿", self._on_reload))
        self.save_as = w.Button(description="另存为新草稿", button_style="primary",
                                tooltip="把本页的内容存为一份新草稿，文件中另一标签页的版本保持不变")
        self.save_as.add_class("wb-conflict-save-as")
        self.save_as.on_click(state.guarded("另存为新草稿", self._on_save_as))
        self.conflict_box = w.HBox([self.save_as, self.reload],
                                   layout=w.Layout(flex_flow="row wrap", display="none"))
        self.conflict_box.add_class("wb-draft-conflict")
        self.restore = w.Button(description="从备份恢复", button_style="warning",
                                tooltip="打开旁边保存的上一份完好副本（.bak）",
                                layout=w.Layout(display="none"))
        self.restore.add_class("wb-restore-backup")
        self.restore.on_click(state.guarded("从备份恢复", self._on_restore))
        children: list[w.Widget] = [
            w.HTML('<div class="wb-section-title">草稿</div>'), self.info, self.alert,
            self.conflict_box, self.restore,
            w.HBox([self.save, self.upload], layout=w.Layout(flex_flow="row wrap")), self.link,
            self.auto,
        ]
        self.saved = w.Dropdown(description="已存草稿", layout=w.Layout(flex="1 1 auto", width="auto"),
                                style={"description_width": "5em"})
        self.saved.add_class("wb-saved-drafts")
        self.open_saved = w.Button(description="打开", layout=w.Layout(width="5em", flex="0 0 auto"))
        self.open_saved.add_class("wb-open-saved")
        self.open_saved.on_click(state.guarded("打开草稿", self._on_open_saved))
        if self.autosave:
            children += [w.HTML('<div class="wb-section-title">自动保存的草稿</div>'),
                         w.HBox([self.saved, self.open_saved], layout=w.Layout(width="100%"))]
            self.list_saved()
        self.widget = w.VBox(children, layout=w.Layout(width="100%"))
        self.widget.add_class("wb-drafts")
        self._show_info()
        self._typing_save = Debouncer(self._autosave, TYPING_SAVE_S, min_window=TYPING_SAVE_S,
                                      defer_first=True)
        state.observe(self._on_revision, names="revision")
        state.observe(state.guarded("切换草稿", self._on_draft), names="draft")

    # -- autosave (JupyterLab) ----------------------------------------------------------

    def _on_draft(self, change: Any = None) -> None:
        if self._typing_save.is_pending and change is not None and change["old"] is not None:
            # the last keys typed into the draft being left are saved under its name
            self._typing_save.cancel()
            self.save_now(change["old"])
        self.path, self._next_path = self._next_path, None
        self.link.value = ""
        self.conflict = self.unsaved = None
        self._show_alert()
        self._show_info()

    def _on_revision(self, change: Any = None) -> None:
        self.link.value = ""
        if self.autosave:
            self._typing_save.follow(self.state.typing)

    def _autosave(self) -> None:
        with self.state.guard("自动保存"):
            self.save_now()

    def save_now(self, draft: Draft | None = None) -> Path | None:
        """Write the draft (or `draft`, the one being left) to its file in the drafts folder
        (atomically); return the path.

        Returns None without writing while a conflict waits for the writer's choice.
        Raises `DraftConflictError` when another tab saved the file since, and
        `DraftSaveError` when the disk or folder refuses; both leave the file as it was
        and are shown in the panel.
        """
        draft = draft if draft is not None else self.state.draft
        if draft is None or self.conflict is not None:
            return None
        if self.path is None:
            self.path = self._new_path(draft)
        is_new = not self.path.exists()
        try:
            draft.save(self.path)
        except DraftConflictError as exc:
            self.conflict = exc
            self._show_alert()
            raise
        except DraftSaveError as exc:
            self.unsaved = exc
            self._show_alert()
            raise
        except OSError as exc:
            raise WorkbenchError(f"无法写入 {self.path}（{exc.strerror or exc}）") from None
        if self.unsaved is not None:
            self.unsaved = None
            self._show_alert()
        self._show_info()
        if is_new:
            self.list_saved()
        return self.path

    def _new_path(self, draft: Draft) -> Path:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return self.folder / f"{draft.template.id}-{stamp}-{secrets.token_hex(2)}.json"

    # -- conflicts, failed writes and damaged files -------------------------------------

    def _on_save_as(self, _button: Any = None) -> None:
        draft = self.state.draft
        if draft is None:
            return
        self.state.flush()
        old = self.path
        self.conflict = None
        self.path = self._new_path(draft)
        self._show_alert()
        self.save_now()
        kept = f"，“{old.name}”保留另一标签页保存的版本" if old is not None else ""
        self.state.notify(f"已把本页内容另存为新草稿“{self.path.name}”{kept}", "ok")

    def _on_reload(self, _button: Any = None) -> None:
        if self.path is None:
            return
        self._open_saved(self.path)
        self.state.notify("已重新打开文件中的版本（另一标签页保存的内容），本页未保存的修改已放弃",
                          "warning")

    def _on_restore(self, _button: Any = None) -> None:
        path = self.damaged
        if path is None:
            return
        backup = backup_path(path)
        draft = Draft.load(backup, self.state.library)
        when = _mtime(backup)
        # The damaged file may hold hand edits worth reading: keep it beside, then let the
        # restored draft replace it.
        try:
            if path.exists():
                atomic_write(path.with_name(path.name + ".damaged"), path.read_bytes())
        except OSError:
            pass
        self._next_path = path
        self.state.open_draft(draft)
        self.damaged = None
        self._show_alert()
        self.save_now()
        self.list_saved()
        self.state.notify(f"已从备份恢复“{path.name}”（{when} 的完好副本）；"
                          f"损坏的文件另存为“{path.name}.damaged”", "ok")

    def _show_alert(self) -> None:
        restore = self.damaged is not None and backup_path(self.damaged).exists()
        self.conflict_box.layout.display = "flex" if self.conflict is not None else "none"
        self.restore.layout.display = "" if restore else "none"
        self.save.button_style = "warning" if self.unsaved is not None else ""
        if self.conflict is not None:
            self.alert.value = (f'<div class="wb-msg wb-msg-error wb-draft-conflict-text">'
                                f"{_esc(self.conflict)}</div>"
                                '<div class="wb-hint">自动保存已暂停。“另存为新草稿”保留本页的全部修改；'
                                "“重新打开文件中的版本”放弃本页的修改。</div>")
        elif self.unsaved is not None:
            self.alert.value = (f'<div class="wb-msg wb-msg-error wb-draft-unsaved">本页的修改尚未保存：'
                                f"{_esc(self.unsaved)}。修改仍在本页，请先“下载草稿”存到本机；"
                                "磁盘有了空间或文件夹可写后，下一次修改会再自动保存。</div>")
        elif restore and self.damaged is not None:
            self.alert.value = (f'<div class="wb-msg wb-msg-warning wb-draft-damaged">草稿“'
                                f"{_esc(self.damaged.name)}”已损坏；旁边有上一次保存时留下的完好副本"
                                f"（{_mtime(backup_path(self.damaged))}），可“从备份恢复”。</div>")
        else:
            self.alert.value = ""

    def _show_info(self) -> None:
        if not self.autosave and hub_user() is not None:
            self.info.value = ('<div class="wb-hint">草稿已自动保存在上面的“我的草稿”中；要换一台电脑继续，'
                               "可“下载草稿”，到那边用“打开草稿”。</div>")
        elif not self.autosave:
            self.info.value = ('<div class="wb-hint">仪表板不在服务器上保存草稿：每次修改保存在'
                               "本浏览器中（断线或重新加载后可恢复）；换电脑或长期保存，请“下载草稿”"
                               "存到本机，下次用“打开草稿”继续写。</div>")
        elif self.path is not None:
            when = _dt.datetime.now().strftime("%H:%M:%S")
            self.info.value = (f'<div class="wb-hint">已自动保存到 <code>{_esc(self.path)}</code>'
                               f"（{when}）</div>")
        else:
            self.info.value = (f'<div class="wb-hint">每次修改都会自动保存到 '
                               f"<code>{_esc(self.folder)}</code>。</div>")

    def list_saved(self) -> None:
        """List the drafts in the folder, newest first."""
        try:
            files = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime,
                           reverse=True)[:MAX_LISTED]
        except OSError:
            files = []
        options = []
        for path in files:
            try:
                when = _dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%m-%d %H:%M")
            except OSError:
                continue
            options.append((f"{when}  {path.stem}", str(path)))
        self.saved.options = options

    def _on_open_saved(self, _button: Any = None) -> None:
        if not self.saved.value:
            self.list_saved()
            return
        self._open_saved(Path(self.saved.value))

    def _open_saved(self, path: Path) -> None:
        self.damaged = None
        try:
            draft = Draft.load(path, self.state.library)
        except DraftError:
            self.damaged = path
            self._show_alert()
            raise
        self._next_path = path
        self.state.open_draft(draft)
        if draft.notes and backup_path(path).exists():
            self.damaged = path  # opened with losses: the backup may hold more
            self._show_alert()

    # -- download and upload (both modes) -----------------------------------------------

    def _on_download(self, _button: Any = None) -> None:
        draft = self.state.draft
        if draft is None:
            return
        self.state.flush()
        name = safe_filename(f"{document_stem(self.state.document)}_草稿", ".json")
        data = draft.dumps().encode("utf-8")
        self.link.value = download_link(data, name, "application/json", f"下载 {name}")
        self.auto.start(data, name, "application/json")
        self.state.notify("草稿已生成并开始下载；若浏览器未保存，请点击链接", "ok")

    def open_upload(self, name: str, content: bytes | None, size: int) -> None:
        """Open an uploaded draft file; a bad file leaves the current draft as it was."""
        upload = check_upload(name, content, size, MAX_DRAFT_BYTES, (".json",))
        draft = Draft.loads(upload.content, self.state.library, source=upload.name)
        self.state.open_draft(draft)
        if self.autosave:
            self.list_saved()


def _esc(value: object) -> str:
    return escape(str(value))


def _mtime(path: Path) -> str:
    try:
        return _dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%m-%d %H:%M")
    except OSError:
        return "时间不详"
