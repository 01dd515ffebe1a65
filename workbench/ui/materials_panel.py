"""The 素材 panel of 逐段修改: search the material bank, insert at the cursor, 收藏 a passage."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..core.facts import display
from ..core.materials import (
    FORMS,
    TOPICS,
    Material,
    MaterialBank,
    load_bank,
    template_topics,
    user_materials_dir,
)
from ..core.materials.collect import link_slots, materials_file, passage_material, save_material
from ..core.materials.search import Hit
from ..core.nodes import Heading, plain_text
from ..core.numbering import count_numeral
from ..store.drafts import hub_user
from .debounce import Debouncer
from .fields import TypingText
from .state import WorkbenchState
from .textarea import CaretTextarea
from .widgets import download_link

if TYPE_CHECKING:
    from .editor import EditorView, _ParagraphEditor

#: Results shown at once (rows are reused from search to search).
RESULTS = 12

_CSS = """<style>
.wb-app .wb-materials { border: 1px solid var(--wb-line, #d8dce1); border-radius: 6px;
  background: #fff; padding: 6px 8px; margin: 4px 0 10px; box-sizing: border-box; }
.wb-app .wb-materials-title { font-weight: 700; font-size: 13px; }
.wb-app .wb-materials-filters { gap: 4px; }
.wb-app .wb-materials-results { max-height: 300px; overflow-y: auto; }
.wb-app .wb-material { border-bottom: 1px dashed var(--wb-line, #d8dce1); padding: 3px 0;
  align-items: flex-start; gap: 6px; }
.wb-app .wb-material-text { font-size: 13px; line-height: 1.55; }
.wb-app .wb-material-meta { color: var(--wb-muted, #6a737d); font-size: 11px; }
.wb-app .wb-material-form { background: #eef3fb; color: #2f5d8a; border-radius: 3px;
  padding: 0 .35em; margin-right: .4em; }
.wb-app .wb-material-slot { background: #fff4d6; border-radius: 2px; }
.wb-app .wb-materials-confirm { background: #fff8e5; border-radius: 4px; padding: 4px 6px; }
.wb-app .wb-materials-save { border-top: 1px solid var(--wb-line, #d8dce1); margin-top: 6px;
  padding-top: 4px; }
</style>"""


def can_save_to_folder(state: WorkbenchState, environ: dict[str, str] | None = None) -> bool:
    """True where the writer has a folder of their own on the server: JupyterLab, or any
    session under JupyterHub; a plain Voilà dashboard gets a download instead."""
    return state.mode != "voila" or hub_user(environ) is not None


class _Row:
    """One result row (`wb-material`): the material's text and its insert button."""

    def __init__(self, panel: MaterialsPanel) -> None:
        self.material: Material | None = None
        self.html = w.HTML(layout=w.Layout(flex="1 1 auto", width="auto"))
        self.button = w.Button(description="插入", layout=w.Layout(width="auto", flex="0 0 auto"),
                               tooltip="插入到正在修改的段落的光标处")
        self.button.add_class("wb-material-insert")
        self.button.on_click(panel.state.guarded("插入素材", lambda _b: panel.pick(self.material)))
        self.widget = w.HBox([self.html, self.button], layout=w.Layout(width="100%"))
        self.widget.add_class("wb-material")

    def show(self, hit: Hit | None, values: dict[str, Any] | None = None,
             labels: dict[str, str] | None = None) -> None:
        """Show `hit` (None hides the row), its slots filled from the draft's `values`."""
        self.material = hit.material if hit is not None else None
        if hit is None:
            self.widget.layout.display = "none"
            return
        material = hit.material
        self.widget.layout.display = None
        text = "<br>".join(escape(part) for part in material.fill_parts(values, labels))
        text = text.replace("【", '<span class="wb-material-slot">【').replace("】", "】</span>")
        meta = "、".join(material.topics)
        if material.source:
            meta += f" · 出处：{material.source}"
        if material.origin == "user":
            meta += " · 我的素材"
        self.html.value = (f'<div class="wb-material-text"><span class="wb-material-form">'
                           f'{escape(material.form.label)}</span>{text}</div>'
                           f'<div class="wb-material-meta">{escape(meta)}</div>')
        self.button.description = "替换标题…" if material.is_heading_set else "插入"
        self.button.tooltip = ("用这组标题替换讲稿各部分的一级标题（可撤销）" if material.is_heading_set
                               else "插入到正在修改的段落的光标处")


class MaterialsPanel:
    """The 素材 panel (`wb-materials`): a search box, form and topic filters, results that
    insert into the paragraph being edited at its cursor, and 收藏 of a selected passage.

    The bank loads when the panel is built (the 逐段修改 tab, never the first preview);
    the search index, and with it jieba, on the first search with words.
    """

    def __init__(self, state: WorkbenchState, editor: EditorView | None = None, *,
                 bank: MaterialBank | None = None,
                 user_dir: str | os.PathLike[str] | None = None) -> None:
        self.state = state
        self.editor = editor
        self._bank = bank
        self.user_dir = Path(user_dir) if user_dir is not None else None
        self.saved: list[Material] = []
        self._undo: dict[str, str | None] = {}
        self._pending_headings: Material | None = None
        self._watched: set[int] = set()
        self._results_key: tuple[Any, ...] = ()

        self.search_box = TypingText(placeholder="检索素材：词语或拼音首字母，如 压实责任、aqsc",
                                 continuous_update=True, layout=w.Layout(width="100%"))
        self.search_box.add_class("wb-materials-search")
        self.form = w.Dropdown(options=[("全部句式", "")] + [(f.label, f.id) for f in FORMS],
                               value="", layout=w.Layout(width="50%"))
        self.form.add_class("wb-materials-form")
        self.topic = w.Dropdown(options=[("全部主题", "")] + [(t, t) for t in TOPICS], value="",
                                layout=w.Layout(width="50%"))
        self.topic.add_class("wb-materials-topic")
        self.target_label = w.HTML()
        self.target_label.add_class("wb-materials-target")
        self.rows = [_Row(self) for _ in range(RESULTS)]
        self.results = w.VBox([r.widget for r in self.rows], layout=w.Layout(width="100%"))
        self.results.add_class("wb-materials-results")
        self.count = w.HTML()
        self.count.add_class("wb-materials-count")
        self.confirm_text = w.HTML()
        self.confirm_apply = w.Button(description="确定替换", button_style="warning",
                                      layout=w.Layout(width="auto"))
        self.confirm_apply.add_class("wb-materials-confirm-apply")
        self.confirm_cancel = w.Button(description="取消", layout=w.Layout(width="auto"))
        self.confirm_cancel.add_class("wb-materials-confirm-cancel")
        self.confirm = w.VBox([self.confirm_text, w.HBox([self.confirm_apply, self.confirm_cancel])],
                              layout=w.Layout(display="none", width="100%"))
        self.confirm.add_class("wb-materials-confirm")
        self.undo_button = w.Button(description="撤销替换标题", layout=w.Layout(width="auto",
                                                                           display="none"))
        self.undo_button.add_class("wb-materials-undo")
        self.save_box = self._build_save_box()

        guarded = state.guarded
        self._debouncer = Debouncer(guarded("检索素材", self.refresh), 0.15)
        self.search_box.observe(lambda _c: self._debouncer.call(), names="value")
        self.form.observe(guarded("检索素材", self.refresh), names="value")
        self.topic.observe(guarded("检索素材", self.refresh), names="value")
        self.confirm_apply.on_click(guarded("替换标题", self.apply_headings))
        self.confirm_cancel.on_click(guarded("替换标题", self.cancel_headings))
        self.undo_button.on_click(guarded("撤销替换标题", self.undo_headings))

        title = w.HTML('<div class="wb-materials-title">素材</div>')
        filters = w.HBox([self.form, self.topic], layout=w.Layout(width="100%"))
        filters.add_class("wb-materials-filters")
        self.widget = w.VBox([w.HTML(_CSS), title, self.search_box, filters, self.target_label,
                              self.count, self.confirm, self.undo_button, self.results,
                              self.save_box], layout=w.Layout(width="100%"))
        self.widget.add_class("wb-materials")
        state.observe(guarded("更新素材", self._on_document), names=["document", "draft"])
        if editor is not None:
            editor.part.observe(guarded("更新素材", self._on_document), names="value")
        self._add_topics()
        self._on_document()
        self.refresh()

    # -- the bank -----------------------------------------------------------------------

    @property
    def bank(self) -> MaterialBank:
        """The bank this panel searches (loaded on first use: shipped, office, the writer's)."""
        if self._bank is None:
            user: bool | Path = self.user_dir if self.user_dir is not None else True
            self._bank = load_bank(user=user)
            if self._bank.errors:
                first = self._bank.errors[0]
                more = f"等 {len(self._bank.errors)} 个文件" if len(self._bank.errors) > 1 else ""
                self.state.notify(f"部分素材文件未能载入{more}：{first}", "warning")
        return self._bank

    def _add_topics(self) -> None:
        known = [value for _, value in self.topic.options]
        extra = [t for t in self.bank.topics() if t not in known]
        if extra:
            self.topic.options = [*self.topic.options, *((t, t) for t in extra)]
        self.save_topics.options = [t for _, t in self.topic.options if t]

    def preferred_topics(self) -> tuple[str, ...]:
        """The topics of the draft's template (its materials rank first)."""
        draft = self.state.draft
        return template_topics(draft.template) if draft is not None else ()

    # -- searching ----------------------------------------------------------------------

    def search(self, query: str | None = None) -> list[Hit]:
        """Return the hits for `query` (default: the search box) and the filters."""
        text = self.search_box.value if query is None else query
        return self.bank.search(text, form=self.form.value or None, topic=self.topic.value or None,
                                prefer=self.preferred_topics(), limit=RESULTS)

    def refresh(self, change: Any = None) -> None:
        """Show the results for the search box and the filters."""
        hits = self.search()
        values, labels = self.fact_values()
        for row, hit in zip(self.rows, [*hits, *[None] * RESULTS], strict=False):
            row.show(hit, values, labels)
        query = self.search_box.value.strip()
        if not hits:
            self.count.value = '<div class="wb-hint">没有找到素材；换个词，或放宽句式、主题</div>'
        elif query:
            full = sum(1 for h in hits if h.has_all_words)
            note = f"，{full} 条含全部检索词" if hits[0].words > 1 else ""
            self.count.value = f'<div class="wb-hint">找到 {len(hits)} 条{note}</div>'
        else:
            topics = "、".join(self.preferred_topics())
            first = f"，“{topics}”主题在前" if topics else ""
            self.count.value = (f'<div class="wb-hint">输入词语或拼音首字母检索（如 aqsc）{first}；'
                                "点“插入”放到正在修改的段落的光标处</div>")

    # -- where an insert goes ------------------------------------------------------------

    def _on_document(self, change: Any = None) -> None:
        if self.editor is None:
            return
        for editor in self.editor.editors.values():
            text = editor.text
            if isinstance(text, CaretTextarea) and id(text) not in self._watched:
                self._watched.add(id(text))
                text.observe(self.state.guarded("更新素材", self._show_target), names="focused_at")
        self._show_target()
        # The results show the draft's facts filled in and rank its topic first.
        draft = self.state.draft
        key = (id(draft), tuple(sorted((k, str(v)) for k, v in draft.facts.items()))
               if draft is not None else ())
        if key != self._results_key:
            self._results_key = key
            if change is not None:
                self.refresh()

    def target(self) -> tuple[_ParagraphEditor, bool] | None:
        """Return the paragraph editor an insert goes to and whether it had the cursor:
        the one focused last in the part shown, else its first paragraph (at the end)."""
        if self.editor is None or not self.editor.editors:
            return None
        editors = list(self.editor.editors.values())
        focused = [e for e in editors if getattr(e.text, "focused_at", 0)]
        if focused:
            return max(focused, key=lambda e: e.text.focused_at), True
        blocks = self._blocks()
        paragraphs = [e for e in editors if not isinstance(blocks.get(e.block_id), Heading)]
        return (paragraphs or editors)[0], False

    def _blocks(self) -> dict[str, Any]:
        doc = self.state.document
        return {b.id: b for b in doc.blocks} if doc is not None else {}

    def _show_target(self, change: Any = None) -> None:
        found = self.target()
        if found is None:
            self.target_label.value = '<div class="wb-hint">插入位置：请先在下方选择部分和段落</div>'
            return
        editor, focused = found
        label = _label_text(editor)
        where = "光标处" if focused else "段末（在段落中点一下可指定位置）"
        self.target_label.value = f'<div class="wb-hint">插入位置：{escape(label)}，{where}</div>'

    # -- inserting ------------------------------------------------------------------------

    def fact_values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Return the draft's fact values (and 讲几点 as parts_count) and fact labels."""
        draft = self.state.draft
        if draft is None:
            return {}, {}
        values: dict[str, Any] = dict(draft.facts)
        doc = self.state.document
        if doc is not None and doc.part_ids:
            values["parts_count"] = count_numeral(len(doc.part_ids))
        labels = {spec.id: spec.label for spec in draft.template.facts}
        return values, labels

    def pick(self, material: Material | None) -> None:
        """Insert `material` (a heading set: offer to replace the level-1 headings)."""
        if material is None:
            return
        if material.is_heading_set:
            self.offer_headings(material)
        else:
            self.insert(material)

    def insert(self, material: Material) -> None:
        """Insert `material`, facts filled in, into the paragraph being edited at its cursor;
        the preview follows at once."""
        found = self.target()
        if found is None:
            self.state.notify("请先在“逐段修改”中选择要插入的段落", "warning")
            return
        editor, focused = found
        values, labels = self.fact_values()
        text = material.fill(values, labels)
        editor.text.insert(text, at_end=not focused)
        draft = self.state.draft
        edit = draft.edits.get(editor.block_id) if draft is not None else None
        filled = {name: display(values[name]) for name in material.slot_names
                  if values.get(name) is not None and not isinstance(values[name], bool)
                  and name != "parts_count"}
        if edit is not None and (filled or "【" in text):
            linked = link_slots(edit, labels, filled)
            if linked is not edit:
                # A slot the draft has a fact for follows that fact once it is filled.
                draft.edits[editor.block_id] = linked
                self.state.touch()
        label = _label_text(editor)
        slots = "；其中【】处的要素尚未填写，填写后自动替换" if "【" in text else ""
        self.state.notify(f"已把素材插入{label}{slots}", "warning" if slots else "ok")

    # -- heading sets -------------------------------------------------------------------

    def _level_one(self) -> list[Heading]:
        doc = self.state.document
        if doc is None:
            return []
        return [b for b in doc.blocks if isinstance(b, Heading) and b.level == 1
                and b.id == f"{b.section}.h"]

    def offer_headings(self, material: Material) -> None:
        """Show which level-1 headings the set would replace, with 确定替换 / 取消."""
        headings = self._level_one()
        if not headings:
            self.state.notify("讲稿中没有一级标题可替换", "warning")
            return
        new = material.fill_parts(*self.fact_values())
        n = min(len(headings), len(new))
        lines = "".join(f"<li>{escape(h.ordinal)}{escape(_heading_text(h))} → "
                        f"<b>{escape(h.ordinal)}{escape(t)}</b></li>"
                        for h, t in zip(headings[:n], new[:n], strict=True))
        note = ""
        if len(new) != len(headings):
            note = (f"（这组标题有 {len(new)} 个，讲稿有 {len(headings)} 个部分，"
                    f"将替换前 {n} 个）")
        self.confirm_text.value = (f'<div class="wb-hint">用这组标题替换一级标题{note}，'
                                   f"替换后可撤销：</div><ul>{lines}</ul>")
        self._pending_headings = material
        self.confirm.layout.display = None

    def apply_headings(self, _button: Any = None) -> None:
        """Replace the level-1 headings with the offered set, as edits (撤销 restores them)."""
        material, self._pending_headings = self._pending_headings, None
        self.confirm.layout.display = "none"
        draft = self.state.draft
        if material is None or draft is None:
            return
        headings = self._level_one()
        new = material.fill_parts(*self.fact_values())
        undo: dict[str, str | None] = {}
        for heading, text in zip(headings, new, strict=False):
            undo[heading.id] = _heading_text(heading) if heading.edited else None
            self.state.set_edit(heading.id, text)
        self._undo = undo
        self.undo_button.layout.display = None
        self.state.notify(f"已替换 {len(undo)} 个一级标题；可点“撤销替换标题”恢复", "ok")

    def cancel_headings(self, _button: Any = None) -> None:
        """Close the offer without changing anything."""
        self._pending_headings = None
        self.confirm.layout.display = "none"

    def undo_headings(self, _button: Any = None) -> None:
        """Give the headings back the text they had before the last replacement."""
        draft = self.state.draft
        undo, self._undo = self._undo, {}
        self.undo_button.layout.display = "none"
        if draft is None or not undo:
            return
        for block_id, text in undo.items():
            self.state.set_edit(block_id, text)
        self.state.notify("已恢复原来的一级标题", "ok")

    # -- 收藏 -----------------------------------------------------------------------------

    def _build_save_box(self) -> w.Widget:
        self.save_text = w.Textarea(placeholder="在下方段落中选中一段文字，点“取选中文字”；也可直接粘贴，"
                                                "例如导入范文中的好句子",
                                    layout=w.Layout(width="100%", height="64px"))
        self.save_text.add_class("wb-materials-save-text")
        self.take_button = w.Button(description="取选中文字", layout=w.Layout(width="auto"))
        self.take_button.add_class("wb-materials-take")
        self.save_form = w.Dropdown(options=[(f.label, f.id) for f in FORMS], value="parallel",
                                    description="句式", style={"description_width": "3em"},
                                    layout=w.Layout(width="auto"))
        self.save_form.add_class("wb-materials-save-form")
        self.save_topics = w.SelectMultiple(options=list(TOPICS), rows=3, description="主题",
                                            style={"description_width": "3em"},
                                            layout=w.Layout(width="auto"))
        self.save_topics.add_class("wb-materials-save-topics")
        self.save_button = w.Button(description="收藏", button_style="primary",
                                    layout=w.Layout(width="auto"))
        self.save_button.add_class("wb-materials-save-button")
        self.save_result = w.HTML()
        self.save_result.add_class("wb-materials-saved")
        self.take_button.on_click(self.state.guarded("取选中文字", self.take_selection))
        self.save_button.on_click(self.state.guarded("收藏素材", self.save))
        box = w.VBox([w.HTML('<div class="wb-materials-title">收藏到我的素材</div>'),
                      self.save_text, w.HBox([self.take_button, self.save_form]),
                      self.save_topics, w.HBox([self.save_button, self.save_result])],
                     layout=w.Layout(width="100%"))
        box.add_class("wb-materials-save")
        return box

    def take_selection(self, _button: Any = None) -> None:
        """Copy the passage selected in the paragraph being edited into the 收藏 box."""
        found = self.target()
        text = found[0].text.selected_text if found is not None and found[1] else ""
        if not text:
            self.state.notify("请先在段落中用鼠标选中要收藏的文字", "warning")
            return
        self.save_text.value = text
        preferred = [t for t in self.preferred_topics() if t in self.save_topics.options]
        if preferred and not self.save_topics.value:
            self.save_topics.value = tuple(preferred)

    def save(self, _button: Any = None) -> Material:
        """Save the 收藏 box as the writer's material: to their folder (JupyterLab, a hub),
        or as a download (a plain Voilà dashboard). It joins this session's search at once."""
        draft = self.state.draft
        facts = dict(draft.facts) if draft is not None else {}
        labels = {s.id: s.label for s in draft.template.facts} if draft is not None else {}
        topics: Sequence[str] = self.save_topics.value or self.preferred_topics() or ("通用",)
        material = passage_material(self.save_text.value, self.save_form.value, topics,
                                    facts=facts, labels=labels)
        self.saved.append(material)
        self.bank.add(material)
        if can_save_to_folder(self.state):
            folder = self.user_dir or _user_dir()
            path = save_material(material, folder)
            material = replace(material, path=str(path))
            self.saved[-1] = material
            self.bank.add(material)
            self.save_result.value = f'<span class="wb-hint">已收藏到 {escape(str(path))}</span>'
            self.state.notify("已收藏；下次检索即可找到", "ok")
        else:
            data = materials_file(self.saved).encode("utf-8")
            self.save_result.value = download_link(data, "我的素材.yaml", "application/x-yaml",
                                                   f"下载收藏的 {len(self.saved)} 条素材")
            self.state.notify("已收藏到本次会话；请下载保存，放入素材目录后长期可用", "ok")
        self.save_text.value = ""
        self.refresh()
        return material


def _user_dir() -> Path:
    return user_materials_dir()


def _label_text(editor: _ParagraphEditor) -> str:
    return unescape(re.sub(r"<[^>]+>", "", editor.label.value)).replace("已修改", "").strip()


def _heading_text(heading: Heading) -> str:
    return plain_text(heading.children)

