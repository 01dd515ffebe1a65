"""Editor (逐段修改): edit any paragraph of the assembled speech, part by part, or reset it."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..core.nodes import SLOT_TEXT, Heading, Paragraph, RunIn, editable_text, slot_text
from .state import WorkbenchState

_ROLE_LABELS = {"opening": "开头", "closing": "结尾", "body": "段落"}


def run_in_mark(ordinal: str) -> str:
    """Return how a paragraph's label names its run-in ordinal: 段落 2 · （一）, 段落 3 · 一是;
    "" for none. The ordinal keeps its own brackets and loses its trailing comma."""
    mark = ordinal.strip().rstrip("，,、：:")
    return f" · {mark}" if mark else ""


class _ParagraphEditor:
    """A textarea for one paragraph (applied when it loses focus) and a reset button."""

    def __init__(self, view: EditorView, block_id: str) -> None:
        self.view = view
        self.block_id = block_id
        self.label = w.HTML()
        self.text = w.Textarea(continuous_update=False, layout=w.Layout(width="100%"))
        self.text.add_class("wb-edit-text")
        self.reset = w.Button(description="恢复生成文本",
                              tooltip="放弃对这一段的修改，恢复模板生成的文字",
                              layout=w.Layout(width="auto"))
        self.reset.add_class("wb-edit-reset")
        state = view.state
        self.text.observe(state.guarded("修改段落", self._on_text), names="value")
        self.reset.on_click(state.guarded("恢复段落", self._on_reset))
        self.widget = w.VBox([w.HBox([self.label, self.reset],
                                     layout=w.Layout(justify_content="space-between",
                                                     align_items="center")),
                              self.text], layout=w.Layout(width="100%", margin="0 0 8px 0"))
        self.widget.add_class("wb-edit-paragraph")

    def show(self, block: Heading | Paragraph, index: int) -> None:
        """Show `block`'s current text and whether the writer has edited it."""
        text = editable_text(block)
        if isinstance(block, Heading):
            kind = f"标题 {block.ordinal}"
        else:
            kind = f"{_ROLE_LABELS.get(block.role, '段落')} {index}"
            first = block.children[0] if block.children else None
            if isinstance(first, RunIn):
                kind += run_in_mark(first.ordinal)
        badge = '<span class="wb-badge">已修改</span>' if block.edited else ""
        self.label.value = f'<span class="wb-edit-label">{escape(kind)}</span>{badge}'
        if self.text.value != text:
            # The state ignores text equal to what the paragraph shows: no echo, no flag.
            self.text.value = text
            self.text.rows = min(14, max(2, len(text) // 34 + 1))
        self.reset.disabled = not block.edited

    def _on_text(self, change: dict[str, Any]) -> None:
        draft = self.view.state.draft
        if draft is None:
            return
        new = change["new"]
        before = draft.edits.get(self.block_id)
        self.view.state.set_edit(self.block_id, new)
        if draft.edits.get(self.block_id) is before:
            return
        leftover = SLOT_TEXT.findall(new or "")
        labels = {slot_text(s.label) for s in draft.template.facts}
        if any(slot in labels for slot in leftover):
            self.view.state.notify("修改已生效；段落中的【要素】标记会按原样保留为文字，"
                                   "请直接写入实际内容，或先填写要素再修改", "warning")
        else:
            self.view.state.notify(f"修改已生效{self.view.where_saved()}", "ok")

    def _on_reset(self, _button: Any = None) -> None:
        if self.view.state.draft is None:
            return
        self.view.state.set_edit(self.block_id, None)
        self.view.state.notify("已恢复生成文本；点上方“撤销”可找回刚才的修改", "ok")


class EditorView:
    """Pick a part (开头, each part, 结尾), then edit its paragraphs in place.

    Edits belong to the draft: they survive fact and pattern changes while their paragraph
    exists, and come back when a part switched off is switched on again.
    """

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        self.part = w.Dropdown(description="部分", layout=w.Layout(width="100%"),
                               style={"description_width": "3em"})
        self.part.add_class("wb-edit-part")
        self.part.observe(state.guarded("选择部分", self._on_part), names="value")
        self.paragraphs = w.VBox(layout=w.Layout(width="100%"))
        self.paragraphs.add_class("wb-edit-paragraphs")
        self.orphans = w.HTML()
        self.orphans.add_class("wb-orphan-edits")
        self.editors: dict[str, _ParagraphEditor] = {}
        hint = w.HTML('<div class="wb-hint">直接在框中修改，光标离开即保存；序号自动生成，不必输入。'
                      "修改过的段落在预览中左侧有蓝线。</div>")
        self.widget = w.VBox([self.part, hint, self.paragraphs, self.orphans],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("wb-editor")
        self.update()
        state.observe(state.guarded("更新逐段修改", self.update), names=["document", "draft"])

    def where_saved(self) -> str:
        """Say where the change is kept, truthfully for each way the app is served."""
        if self.state.mode == "lab":
            return "，已自动保存到草稿文件"
        return "（保存在本浏览器中；换电脑或长期保存请“下载草稿”）"

    def _sections(self) -> list[tuple[str, str]]:
        doc = self.state.document
        draft = self.state.draft
        if doc is None or draft is None:
            return []
        titles = {s.id: s.title for s in draft.sections}
        out: dict[str, str] = {}
        for block in doc.blocks:
            if not block.id or block.id == "transition" or block.section in out:
                continue
            if block.section in titles:
                ordinal = block.ordinal if isinstance(block, Heading) else ""
                out[block.section] = f"{ordinal}{titles[block.section]}"
            else:
                out[block.section] = _ROLE_LABELS.get(block.section, block.section)
        return [(label, key) for key, label in out.items()]

    def update(self, change: Any = None) -> None:
        """Refresh the part list and the paragraphs of the chosen part."""
        options = self._sections()
        current = self.part.value
        keys = [key for _, key in options]
        with self.part.hold_sync():
            if list(self.part.options) != options:
                self.part.options = options
            self.part.value = current if current in keys else (keys[0] if keys else None)
        self.show_part()
        orphans = self.state.orphan_edits()
        self.orphans.value = (
            f'<div class="wb-hint">另有 {len(orphans)} 处修改所在的段落目前不在讲稿中'
            "（部分已关闭或句式不同），恢复后修改会重新出现。</div>" if orphans else "")

    def _on_part(self, change: dict[str, Any]) -> None:
        self.show_part()

    def show_part(self) -> None:
        """Show an editor for each paragraph of the chosen part."""
        doc = self.state.document
        section = self.part.value
        if doc is None or section is None:
            self.paragraphs.children = []
            return
        blocks = [b for b in doc.blocks if b.section == section and b.id and b.id != "transition"]
        editors = {b.id: self.editors.get(b.id) or _ParagraphEditor(self, b.id) for b in blocks}
        n = 0
        for block in blocks:
            if isinstance(block, Paragraph):
                n += 1
            editors[block.id].show(block, n)
        self.editors = editors
        children = tuple(e.widget for e in editors.values())
        if self.paragraphs.children != children:
            self.paragraphs.children = children
