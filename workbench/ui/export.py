"""Export (导出): the speech as Word, PDF, Markdown or plain text, offered as a browser download."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..pipeline import FORMATS, render_bytes
from .memory import release_soon
from .state import WorkbenchState
from .widgets import (
    AutoDownload,
    document_stem,
    download_link,
    safe_filename,
    shared_layout,
    shared_style,
)


class ExportView:
    """Export buttons (`wb-export` for Word) and the link area (`wb-download`).

    The file is built in memory and sent to the browser, which saves it at once (one
    click: `AutoDownload`); a data: URI link stays beside the buttons as a fallback.
    Nothing is written where other users of the server could read it. A link is dropped
    as soon as the draft changes, so a writer never downloads an outdated file. With
    `download_later`, the automatic download waits for `prepare()`.
    """

    def __init__(self, state: WorkbenchState, *, download_later: bool = False) -> None:
        self.state = state
        # The bar never changes its layout or style: its models are shared (fewer models
        # for the page to build before its first frame).
        auto, style = shared_layout(width="auto"), shared_style(w.Button)
        self.word = w.Button(description="导出 Word", button_style="primary", layout=auto,
                             style=style, tooltip="生成并下载 .docx（党政机关公文格式）")
        self.word.add_class("wb-export")
        self.markdown = w.Button(description="Markdown", layout=auto, style=style,
                                 tooltip="导出 Markdown 文本")
        self.markdown.add_class("wb-export-markdown")
        self.text = w.Button(description="纯文本", layout=auto, style=style,
                             tooltip="导出纯文本（.txt）")
        self.text.add_class("wb-export-text")
        # The Word export converted by LibreOffice (free fonts stand in for the official
        # ones); shown only where LibreOffice is installed.
        self.pdf = w.Button(description="导出 PDF", style=style,
                            layout=auto if _has_libreoffice() else shared_layout(display="none"),
                            tooltip="生成 PDF（由 Word 文件转换，便于送审），然后点击链接下载")
        self.pdf.add_class("wb-export-pdf")
        for button, fmt in ((self.word, "docx"), (self.pdf, "pdf"), (self.markdown, "markdown"),
                            (self.text, "text")):
            button.on_click(state.guarded(f"导出 {FORMATS[fmt].label}", self._handler(fmt)))
        self.download = w.HTML(layout=shared_layout(), style=shared_style(w.HTML))
        self.download.add_class("wb-download")
        #: Saves the file in the browser as soon as it is built (the link stays as a
        #: fallback); built by `prepare()`.
        self.auto: AutoDownload | None = None
        self.widget = w.HBox([self.word, self.pdf, self.markdown, self.text, self.download],
                             layout=shared_layout(align_items="center", flex_flow="row wrap",
                                                  width="100%"))
        self.widget.add_class("wb-export-bar")
        state.observe(self._on_change, names=["revision", "draft"])
        if not download_later:
            self.prepare()

    def prepare(self) -> AutoDownload:
        """Build the automatic download (once) and return it.

        The page must have its model before the first file is sent (the browser drops a
        message to a model it has not built yet): a dashboard builds it right after its
        first frame, with the forms, which a writer needs before any export."""
        if self.auto is None:
            self.auto = AutoDownload()
            self.widget.children = (*self.widget.children, self.auto)
        return self.auto

    def _handler(self, fmt: str) -> Any:
        def handler(_button: Any = None) -> None:
            self.export(fmt)

        return handler

    def _on_change(self, change: Any = None) -> None:
        if self.download.value:
            self.download.value = '<span class="wb-hint">讲稿已修改，请重新导出</span>'

    def filename(self, fmt: str) -> str:
        """Return the download's file name: the speech title, without slots."""
        return safe_filename(document_stem(self.state.document), FORMATS[fmt].suffix)

    def build(self, fmt: str) -> bytes:
        """Return the current draft as `fmt` ("docx", "pdf", "markdown" or "text")."""
        if self.state.draft is None:
            raise ValueError("no draft to export")
        self.state.flush()
        # The tree the state already holds: an export assembles nothing; written in a
        # forked child, so python-docx never loads in the kernel. A PDF's
        # LibreOffice is kept warm: a writer exports again after each round of changes.
        options = {"warm": True} if fmt == "pdf" else {}
        return render_bytes(self.state.document, fmt, isolated=True, **options)

    def unconfirmed(self) -> list[str]:
        """Return the labels of facts still marked as samples or carried over."""
        draft = self.state.draft
        if draft is None:
            return []
        return [draft.facts.specs[fid].label for fid in self.state.fact_marks
                if fid in draft.facts and fid in draft.facts.specs]

    def export(self, fmt: str) -> None:
        """Build the file and show its download link; on failure, say why (draft untouched)."""
        self.download.value = '<span class="wb-hint">正在生成……</span>'
        try:
            data = self.build(fmt)
        except Exception:
            self.download.value = '<span class="wb-error-text">导出失败，见上方提示</span>'
            raise
        name = self.filename(fmt)
        self.download.value = download_link(data, name, FORMATS[fmt].mime, f"下载 {name}")
        self.prepare().start(data, name, FORMATS[fmt].mime)
        del data
        release_soon()  # the file's copies (bytes, base64) are garbage once this returns
        document = self.state.document
        slots = sum(1 for _ in document.iter_slots()) if document else 0

        def holds() -> bool:  # the message is about this file: it goes when the draft changes
            return self.state.document is document

        unconfirmed = self.unconfirmed()
        if unconfirmed:
            names = "、".join(unconfirmed[:4]) + ("等" if len(unconfirmed) > 4 else "")
            warning = (f"注意：{len(unconfirmed)} 项要素仍是示例值或沿用值（{names}），"
                       "导出的文件里就是这些值，请核对")
            self.download.value += f'<div class="wb-export-warning">⚠ {escape(warning)}</div>'
            self.state.notify(f"已生成 {FORMATS[fmt].label} 文件并开始下载；{warning}", "warning",
                              source="export", holds=holds)
        elif slots:
            self.state.notify(f"已生成 {FORMATS[fmt].label} 文件并开始下载，但仍有 {slots} 处要素未填写",
                              "warning", source="export", holds=holds)
        else:
            self.state.notify(f"已生成 {FORMATS[fmt].label} 文件并开始下载；若浏览器未保存，请点击右侧链接", "ok",
                              source="export", holds=holds)


def _has_libreoffice() -> bool:
    from ..convert import is_available

    return is_available()
