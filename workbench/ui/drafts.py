"""Drafts (草稿): autosave to a folder in JupyterLab; download and upload in Voilà."""

from __future__ import annotations

import datetime as _dt
import os
import secrets
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..core.draft import MAX_DRAFT_BYTES
from ..errors import WorkbenchError
from ..pipeline import Draft
from ..store.drafts import hub_user
from .state import WorkbenchState
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
    """

    def __init__(self, state: WorkbenchState, folder: str | os.PathLike[str] | None = None) -> None:
        self.state = state
        self.autosave = state.mode == "lab"
        self.folder = Path(folder) if folder is not None else default_drafts_dir()
        self.path: Path | None = None
        self._next_path: Path | None = None
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
        children: list[w.Widget] = [
            w.HTML('<div class="wb-section-title">草稿</div>'), self.info,
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
        state.observe(self._on_revision, names="revision")
        state.observe(state.guarded("切换草稿", self._on_draft), names="draft")

    # -- autosave (JupyterLab) ----------------------------------------------------------

    def _on_draft(self, change: Any = None) -> None:
        self.path, self._next_path = self._next_path, None
        self.link.value = ""
        self._show_info()

    def _on_revision(self, change: Any = None) -> None:
        self.link.value = ""
        if self.autosave:
            with self.state.guard("自动保存"):
                self.save_now()

    def save_now(self) -> Path | None:
        """Write the draft to its file in the drafts folder (atomically); return the path."""
        draft = self.state.draft
        if draft is None:
            return None
        is_new = self.path is None
        if self.path is None:
            stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            self.path = self.folder / f"{draft.template.id}-{stamp}-{secrets.token_hex(2)}.json"
        try:
            draft.save(self.path)
        except OSError as exc:
            raise WorkbenchError(f"无法写入 {self.path}（{exc.strerror or exc}）") from None
        self._show_info()
        if is_new:
            self.list_saved()
        return self.path

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
        path = Path(self.saved.value)
        draft = Draft.load(path, self.state.library)
        self._next_path = path
        self.state.open_draft(draft)

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
