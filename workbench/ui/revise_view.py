"""The Word round trip in the 草稿 tab (修改稿与修订版): upload a reviewer's edited file, review
its pending changes and comments, export the next draft with its changes marked."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..core.revise import PENDING, excerpt
from ..core.roundtrip import PART_DELETE, PendingChange, ReviewComment
from ..core.versions import format_time
from ..readers import MAX_DOCX_BYTES, SHOWN_SUFFIXES
from .state import WorkbenchState
from .widgets import UploadButton, check_upload, document_stem, download_link, safe_filename

#: Most pending changes, comments and other entries listed at once (each kind).
MAX_LISTED = 60

_DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_MODES = (("修订逐条审阅（待定）", PENDING), ("全部接受修订", "accept"), ("全部拒绝修订", "reject"))


class ReviseView:
    """上传修改稿 (`wb-revise-upload`), the review list (`wb-review`: each pending change a
    `wb-change` with `wb-accept` / `wb-reject`, each comment a `wb-review-comment`,
    deleted paragraphs with 恢复, unplaced ones with 忽略) and 导出修订版
    (`wb-export-revisions`, its version in `wb-revisions-base`).

    Every change goes through the state's intents; the list is rebuilt only when the
    round-trip record changed, not on every keystroke.
    """

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        self.upload = UploadButton(label="上传修改稿", accept=",".join(SHOWN_SUFFIXES),
                                   max_bytes=MAX_DOCX_BYTES,
                                   hint="上传在 Word、WPS 或 LibreOffice 中改过的 .docx、.doc、.wps、.odt、.rtf"
                                        "（可含修订和批注），或 .pdf/.txt/.md",
                                   on_upload=state.guarded("收回修改稿", self.revise_upload))
        self.upload.add_class("wb-revise-upload")
        self.mode = w.Dropdown(options=_MODES, value=PENDING, layout=w.Layout(width="auto"))
        self.mode.add_class("wb-revise-mode")
        self.summary = w.HTML()
        self.summary.add_class("wb-revise-summary")
        self.accept_all = w.Button(description="全部接受", layout=w.Layout(width="auto"))
        self.accept_all.add_class("wb-accept-all")
        self.accept_all.on_click(state.guarded("全部接受修订", lambda _b: self._settle_all(True)))
        self.reject_all = w.Button(description="全部拒绝", layout=w.Layout(width="auto"))
        self.reject_all.add_class("wb-reject-all")
        self.reject_all.on_click(state.guarded("全部拒绝修订", lambda _b: self._settle_all(False)))
        self.review = w.VBox(layout=w.Layout(width="100%"))
        self.review.add_class("wb-review")
        self.base = w.Dropdown(description="对照", style={"description_width": "3em"},
                               layout=w.Layout(flex="1 1 auto", width="auto"))
        self.base.add_class("wb-revisions-base")
        self.author = w.Text(description="修订人", style={"description_width": "4em"},
                             layout=w.Layout(width="12em"))
        self.author.add_class("wb-revisions-author")
        self.export = w.Button(description="导出修订版", button_style="info",
                               tooltip="把与所选版本相比的改动写成 Word 修订（批注一并写入），然后点击链接下载",
                               layout=w.Layout(width="auto", flex="0 0 auto"))
        self.export.add_class("wb-export-revisions")
        self.export.on_click(state.guarded("导出修订版", self._on_export))
        self.link = w.HTML()
        self.link.add_class("wb-revisions-download")
        self.widget = w.VBox([
            w.HTML('<div class="wb-section-title">修改稿与修订版</div>'),
            w.HTML('<div class="wb-hint">领导在 Word/WPS 中修改（可开修订、加批注）后，上传修改稿收回草稿；'
                   "修订逐条接受或拒绝，批注留在对应段落旁。改好后“导出修订版”，与所选版本相比的改动以修订标出。</div>"),
            w.HBox([self.upload, self.mode], layout=w.Layout(flex_flow="row wrap", width="100%")),
            self.summary, self.review,
            w.HBox([self.base, self.author, self.export], layout=w.Layout(width="100%")),
            self.link,
        ], layout=w.Layout(width="100%"))
        self.widget.add_class("wb-revise")
        self._shown: tuple[Any, ...] | None = None
        self.refresh()
        state.observe(state.guarded("更新修改稿审阅", self._on_change), names=["revision", "draft"])

    # -- uploading ----------------------------------------------------------------------

    def revise_upload(self, name: str, content: bytes | None, size: int) -> None:
        """Bring an uploaded edited file back into the draft and show the summary."""
        upload = check_upload(name, content, size, MAX_DOCX_BYTES, SHOWN_SUFFIXES)
        report = self.state.revise_from(upload.name, upload.content, mode=self.mode.value)
        lines = report.lines()
        self.summary.value = ('<div class="wb-hint wb-revise-report">'
                              + "<br>".join(escape(line) for line in lines) + "</div>")
        self.refresh()
        if report.unchanged:
            self.state.notify(f"{upload.name}与草稿一致，草稿未改动", "info")
        else:
            kind = "warning" if report.warnings or report.unplaced else "ok"
            self.state.notify(f"已收回{upload.name}：" + lines[1 + len(report.warnings)], kind)

    # -- the review list ----------------------------------------------------------------

    def _on_change(self, change: Any = None) -> None:
        if change is not None and change.get("name") == "draft":
            self.summary.value = ""
            self.link.value = ""
        elif self.link.value:
            self.link.value = '<span class="wb-hint">讲稿已修改，请重新导出修订版</span>'
        self.refresh()

    def _key(self) -> tuple[Any, ...]:
        draft = self.state.draft
        if draft is None:
            return ()
        record = draft.roundtrip
        return (id(draft), tuple(c.id for c in record.changes), tuple(c.id for c in record.comments),
                tuple(record.deleted), tuple(u.id for u in record.unplaced),
                tuple((v.number, v.label) for v in draft.versions), record.author)

    def refresh(self) -> None:
        """Rebuild the review list and the version picker if the record changed."""
        key = self._key()
        if key == self._shown:
            return
        self._shown = key
        draft = self.state.draft
        versions = list(reversed(draft.versions)) if draft is not None else []
        chosen = self.base.value
        self.base.options = [(v.label, v.number) for v in versions]
        numbers = [v.number for v in versions]
        self.base.value = chosen if chosen in numbers else (numbers[0] if numbers else None)
        self.export.disabled = not versions
        if draft is not None and not self.author.value:
            self.author.value = draft.roundtrip.author
        self.review.children = tuple(self._items())
        has_changes = bool(draft is not None and draft.roundtrip.changes)
        self.accept_all.disabled = self.reject_all.disabled = not has_changes

    def _items(self) -> list[w.Widget]:
        draft = self.state.draft
        if draft is None:
            return []
        record = draft.roundtrip
        texts = self._texts()
        items: list[w.Widget] = []
        if record.changes:
            items.append(w.HTML(f'<div class="wb-review-title">待定修订（{len(record.changes)}）</div>'))
            items += [self._change_row(c, texts) for c in record.changes[:MAX_LISTED]]
            items.append(w.HBox([self.accept_all, self.reject_all]))
        if record.comments:
            items.append(w.HTML(f'<div class="wb-review-title">批注（{len(record.comments)}）</div>'))
            items += [self._comment_row(c, texts) for c in record.comments[:MAX_LISTED]]
        if record.deleted:
            items.append(w.HTML(f'<div class="wb-review-title">已删去的段落（{len(record.deleted)}）'
                                "</div>"))
            items += [self._deleted_row(pid) for pid in record.deleted[:MAX_LISTED]]
        if record.unplaced:
            items.append(w.HTML(f'<div class="wb-review-title">未能放入草稿的段落'
                                f"（{len(record.unplaced)}）</div>"))
            for u in record.unplaced[:MAX_LISTED]:
                items.append(self._row("wb-unplaced", f"第{u.number}段：{excerpt(u.text, 80)}"
                                       f'<br><span class="wb-hint">{escape(u.reason)}</span>',
                                       ("忽略", "wb-dismiss", "忽略未放入的段落",
                                        lambda _b, uid=u.id: self.state.dismiss_unplaced(uid))))
        return items

    def _texts(self) -> dict[str, str]:
        document = self.state.document
        if document is None:
            return {}
        from ..core.versions import snapshot

        return dict(snapshot(document))

    def _change_row(self, change: PendingChange, texts: dict[str, str]) -> w.Widget:
        who = change.author or "（未署名）"
        when = _when(change.date)
        if change.kind == PART_DELETE:
            where = f"部分“{self._part_title(change.paragraph)}”"
        else:
            where = f"“{excerpt(texts.get(change.paragraph, change.text), 14)}”"
        body = (f'<b>{escape(change.label)}</b> <span class="wb-change-text">'
                f"{escape(excerpt(change.text, 60))}</span>"
                f'<br><span class="wb-hint">{escape(who)}{escape(when)}，在{escape(where)}</span>')
        row = self._row("wb-change", body,
                        ("接受", "wb-accept", "接受修订", lambda _b: self._decide(change, True)),
                        ("拒绝", "wb-reject", "拒绝修订", lambda _b: self._decide(change, False)))
        row.add_class(f"wb-change-{change.kind}")
        return row

    def _decide(self, change: PendingChange, accept: bool) -> None:
        if accept:
            self.state.accept_change(change.id)
        else:
            self.state.reject_change(change.id)
        self.state.notify(f"已{'接受' if accept else '拒绝'}{change.author or ''}的修订："
                          f"{change.label}“{excerpt(change.text, 12)}”", "ok")

    def _comment_row(self, comment: ReviewComment, texts: dict[str, str]) -> w.Widget:
        where = texts.get(comment.paragraph or "", "") if comment.paragraph else ""
        place = f"，在“{escape(excerpt(where, 14))}”" if where else "（未定位到段落）"
        mine = "（我的批注）" if comment.mine else ""
        body = (f"<b>{escape(comment.author or '批注')}</b>{mine}："
                f'<span class="wb-comment-text">{escape(comment.text)}</span>'
                f'<br><span class="wb-hint">{escape(_when(comment.date).lstrip("，"))}{place}</span>')
        return self._row("wb-review-comment", body,
                         ("已处理", "wb-comment-done", "处理批注",
                          lambda _b: self.state.resolve_comment(comment.id)))

    def _deleted_row(self, pid: str) -> w.Widget:
        version_text = ""
        draft = self.state.draft
        for version in reversed(draft.versions if draft is not None else []):
            version_text = dict(version.paragraphs).get(pid, "")
            if version_text:
                break
        return self._row("wb-deleted", escape(excerpt(version_text or pid, 80)),
                         ("恢复", "wb-restore", "恢复段落",
                          lambda _b: self.state.restore_paragraph(pid)))

    def _part_title(self, part_id: str) -> str:
        draft = self.state.draft
        try:
            return draft.template.part(part_id).title if draft is not None else part_id
        except KeyError:
            return part_id

    def _row(self, css: str, body: str, *buttons: tuple[str, str, str, Any]) -> w.Widget:
        text = w.HTML(f'<div class="wb-review-body">{body}</div>',
                      layout=w.Layout(flex="1 1 auto", width="auto"))
        widgets: list[w.Widget] = [text]
        for label, button_css, action, handler in buttons:
            button = w.Button(description=label, layout=w.Layout(width="4.5em", flex="0 0 auto"))
            button.add_class(button_css)
            button.on_click(self.state.guarded(action, handler))
            widgets.append(button)
        row = w.HBox(widgets, layout=w.Layout(width="100%", align_items="center"))
        row.add_class(css)
        return row

    def _settle_all(self, accept: bool) -> None:
        count = self.state.settle_all_changes(accept)
        left = len(self.state.draft.roundtrip.changes) if self.state.draft is not None else 0
        verb = "接受" if accept else "拒绝"
        message = f"已{verb} {count} 处修订" + (f"；{left} 处所在段落已改过，请逐条处理" if left else "")
        self.state.notify(message, "warning" if left else "ok")

    # -- 导出修订版 -------------------------------------------------------------------------

    def _on_export(self, _button: Any = None) -> None:
        if self.base.value is None:
            self.state.notify("请先存一个版本（一稿、二稿……），再导出与它相比的修订版", "warning")
            return
        author = self.author.value.strip()
        if author:
            self.state.set_revision_author(author)
        self.link.value = '<span class="wb-hint">正在生成……</span>'
        try:
            data = self.state.revisions_docx(self.base.value, author or None)
        except Exception:
            self.link.value = '<span class="wb-error-text">导出失败，见上方提示</span>'
            raise
        label = next((text for text, value in self.base.options if value == self.base.value), "")
        name = safe_filename(f"{document_stem(self.state.document)}_修订版（对照{label}）", ".docx")
        self.link.value = download_link(data, name, _DOCX_MIME, f"下载 {name}")
        self.state.notify(f"已生成修订版（与{label}相比的改动以修订标出），点击链接保存", "ok")


def _when(date: str) -> str:
    import datetime as _dt

    try:
        return "，" + format_time(_dt.datetime.fromisoformat(date.replace("Z", "+00:00")))
    except ValueError:
        return ""
