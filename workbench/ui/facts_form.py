"""Facts form (本地要素): one widget per fact of the template, examples, unit profiles."""

from __future__ import annotations

import datetime as _dt
from html import escape
from typing import Any

import ipywidgets as w

from ..core.facts import MAX_FACT_CHARS, FactSpec, display
from ..core.profile import MAX_PROFILE_BYTES, dump_profile, read_ignored_terms, read_profile
from ..errors import FactError
from .fields import TypingText, TypingTextarea
from .state import WorkbenchState
from .widgets import (
    AutoDownload,
    UploadButton,
    check_upload,
    close_tree,
    download_link,
    shared_layout,
    shared_style,
)

_LIST_HINT = "每行一项"


class _FactField:
    """The widget for one fact, its label with the required mark, and its error line."""

    def __init__(self, form: FactsForm, spec: FactSpec) -> None:
        self.form = form
        self.spec = spec
        self.input = self._make_input(spec)
        self.input.add_class(f"wb-fact-{spec.id}")
        self.input.add_class("wb-fact")
        # A row's models that never change are shared by all rows (`shared_layout`);
        # the confirm button's layout changes (shown or not), so it has its own.
        self.label = w.HTML(layout=shared_layout(), style=shared_style(w.HTML))
        #: True while the widget holds a value that does not fit the fact (格式不对).
        self.invalid = False
        #: The mark of a carried or sample value and its 确认 button: made the first time
        #: the row shows a mark (most rows never do; four models fewer a row at load).
        self.mark: w.HTML | None = None
        self.confirm: w.Button | None = None
        self._error: w.HTML | None = None  # the error line, made when first needed
        children = [self.label, self.input]
        if spec.type == "bool":
            children = [self.input]
        self.widget = w.VBox(children, layout=shared_layout(width="100%"))
        self.widget.add_class("wb-fact-row")
        self.input.observe(self._on_value, names="value")

    def fits(self, spec: FactSpec) -> bool:
        """True if this field's widget can show `spec` (the same fact, the same kind)."""
        return spec.id == self.spec.id and spec.type == self.spec.type

    def respec(self, spec: FactSpec) -> None:
        """Take another template's `spec` of the same fact: its label, hint and example."""
        self.spec = spec
        if spec.type == "bool":
            self.input.description = spec.label  # a yes/no fact's label is its checkbox's
        elif spec.type in ("text", "number", "list"):
            self.input.placeholder = self._placeholder(spec)

    @staticmethod
    def _placeholder(spec: FactSpec) -> str:
        if spec.type == "list":
            items = spec.example if isinstance(spec.example, list) else []
            placeholder = "\n".join(items) if items else _LIST_HINT
            return f"{_LIST_HINT}，如：\n{placeholder}"
        example = display(spec.example) if spec.example is not None else ""
        return f"如：{example}" if example else ""

    @classmethod
    def _make_input(cls, spec: FactSpec) -> w.DOMWidget:
        layout = shared_layout(width="100%")
        if spec.type == "bool":
            return w.Checkbox(value=False, description=spec.label, indent=False, layout=layout,
                              style=shared_style(w.Checkbox))
        if spec.type == "date":
            return w.DatePicker(value=None, layout=shared_layout(width="12em"),
                                style=shared_style(w.DatePicker))
        if spec.type == "list":
            return TypingTextarea(placeholder=cls._placeholder(spec), rows=3,
                                  layout=layout, style=shared_style(w.Textarea))
        return TypingText(placeholder=cls._placeholder(spec), layout=layout,
                          style=shared_style(w.Text))

    def widget_value(self, value: Any) -> Any:
        """Return `value` (a fact value or None) as this field's widget shows it."""
        kind = self.spec.type
        if kind == "bool":
            return bool(value)
        if kind == "date":
            return value if isinstance(value, _dt.date) else None
        if value is None:
            return ""
        if kind == "list" and isinstance(value, list):
            return "\n".join(value)
        return display(value)

    def show(self, value: Any) -> None:
        """Put the draft's `value` into the widget without writing it back."""
        new = self.widget_value(value)
        if self.input.value != new:
            self.input.value = new
        self.say_error("")
        self.invalid = False
        self.update_label()

    def update_label(self) -> None:
        """Mark a required fact that is still empty, and a value that does not fit."""
        draft = self.form.state.draft
        filled = draft is not None and draft.facts.is_filled(self.spec.id)
        missing = self.spec.required and not filled and not self.invalid
        mark = ""
        if self.invalid:
            mark = '<span class="wb-required wb-required-bad">＊格式不对</span>'
        elif self.spec.required:
            mark = ('<span class="wb-required wb-required-empty">＊必填，尚未填写</span>' if missing
                    else '<span class="wb-required">＊</span>')
        help_text = f' title="{escape(self.spec.help)}"' if self.spec.help else ""
        self.label.value = (f'<span class="wb-fact-label"{help_text}>{escape(self.spec.label)}'
                            f"</span>{mark}")
        for cls, on in (("wb-missing", missing), ("wb-fact-invalid", self.invalid)):
            if on:
                self.widget.add_class(cls)
            else:
                self.widget.remove_class(cls)

    def show_mark(self, mark: str | None) -> None:
        """Mark a value the writer has not given themselves (carried or sample)."""
        for kind in ("carried", "sample"):
            if kind == mark:
                self.widget.add_class(f"wb-{kind}")
            else:
                self.widget.remove_class(f"wb-{kind}")
        text = {"carried": "沿用自上一模板，请核对", "sample": "示例值，请改成本地实际"}.get(mark or "")
        if self.mark is None or self.confirm is None:  # made together, on the first mark
            if not text:
                return
            self.mark, self.confirm = self._add_mark_row()
        self.mark.value = f'<span class="wb-fact-mark">{text}</span>' if text else ""
        self.confirm.layout.display = "" if text else "none"

    def _add_mark_row(self) -> tuple[w.HTML, w.Button]:
        mark = w.HTML(layout=shared_layout(), style=shared_style(w.HTML))
        confirm = w.Button(description="确认", tooltip="核对无误，作为本稿的值",
                           layout=w.Layout(width="auto"), style=shared_style(w.Button))
        confirm.add_class("wb-fact-confirm")
        fid, state = self.spec.id, self.form.state
        confirm.on_click(state.guarded("确认要素", lambda _b: state.confirm_fact(fid)))
        mark_row = w.HBox([mark, confirm], layout=shared_layout(align_items="center"))
        children = list(self.widget.children)
        if self._error is not None:
            children.insert(len(children) - 1, mark_row)  # above the error line
        else:
            children.append(mark_row)
        self.widget.children = tuple(children)
        return mark, confirm

    @property
    def error(self) -> w.HTML:
        """The row's error line (格式不对…), the last of the row, made on first use."""
        if self._error is None:
            self._error = w.HTML(layout=shared_layout(), style=shared_style(w.HTML))
            self._error.add_class("wb-fact-error")
            self.widget.children = (*self.widget.children, self._error)
        return self._error

    def say_error(self, html: str) -> None:
        """Show `html` on the error line; an empty one needs no line."""
        if html or self._error is not None:
            self.error.value = html

    def _on_value(self, change: dict[str, Any]) -> None:
        with self.form.state.guard(f"填写“{self.spec.label}”"):
            self.form.set_fact(self, change["new"])


class FactsForm:
    """The facts panel: a field per fact, 填入示例, and the unit profile (本地要素档案)."""

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        self.fields: dict[str, _FactField] = {}
        # The panel's own boxes, texts and buttons never change their layout or style:
        # they share those models with the rows (`shared_layout`, `shared_style`).
        html: dict[str, Any] = {"layout": shared_layout(), "style": shared_style(w.HTML)}
        button: dict[str, Any] = {"layout": shared_layout(), "style": shared_style(w.Button)}
        self.fill = w.Button(description="填入示例",
                             tooltip="为尚未填写的要素填入模板自带的示例，已填写的不变", **button)
        self.fill.add_class("wb-fill-examples")
        self.fill.on_click(state.guarded("填入示例", self._on_fill))
        self.save_profile = w.Button(description="保存要素档案",
                                     tooltip="把已填写的要素存成 YAML 文件，换模板或下次写稿时载入",
                                     **button)
        self.save_profile.add_class("wb-save-profile")
        self.save_profile.on_click(state.guarded("保存要素档案", self._on_save_profile))
        self.load_profile = UploadButton(
            label="载入要素档案", accept=".yaml,.yml", max_bytes=MAX_PROFILE_BYTES,
            hint="选择以前保存的要素档案（.yaml）", on_upload=state.guarded("载入要素档案", self.load),
        )
        self.load_profile.add_class("wb-load-profile")
        self.profile_link = w.HTML(**html)
        self.profile_link.add_class("wb-profile-download")
        self.auto = AutoDownload()
        self.fields_box = w.VBox(layout=shared_layout(width="100%"))
        self.fields_box.add_class("wb-facts")
        intro = w.HTML('<div class="wb-hint">带＊的为必填。未填写的要素在预览中以'
                       '<mark class="wb-slot">【黄色】</mark>标出。</div>', **html)
        profile_box = w.VBox([
            w.HTML('<div class="wb-section-title">本地要素档案</div>'
                   '<div class="wb-hint">同一单位的地名、领导、数据存成档案，'
                   f"可载入任何模板（同名要素自动填入；文件不超过 {MAX_PROFILE_BYTES // 1024} KB）。</div>",
                   **html),
            w.HBox([self.save_profile, self.load_profile], layout=shared_layout(flex_flow="row wrap")),
            self.profile_link, self.auto,
        ], layout=shared_layout())
        self.widget = w.VBox([w.HBox([self.fill], layout=shared_layout()), intro, self.fields_box,
                              profile_box], layout=shared_layout(width="100%"))
        self.widget.add_class("wb-facts-form")
        self.rebuild()
        state.observe(state.guarded("更新要素表", self.rebuild), names="draft")
        state.observe(state.guarded("更新要素表", self.show_marks), names="fact_marks")

    def rebuild(self, change: Any = None) -> None:
        """Give each fact of the current draft's template a field.

        A fact the last template had too keeps its field: what the writer types there
        while the page switches templates reaches the new draft, and its models are
        not sent again. The others' rows are closed."""
        draft = self.state.draft
        specs = list(draft.template.facts) if draft is not None else []
        old = dict(self.fields)
        self.fields = {}
        for spec in specs:
            kept = old.get(spec.id)
            if kept is not None and kept.fits(spec):
                kept.respec(spec)
                self.fields[spec.id] = old.pop(spec.id)
            else:
                self.fields[spec.id] = _FactField(self, spec)
        self.fields_box.children = [f.widget for f in self.fields.values()]
        for field in old.values():
            close_tree(field.widget)
            close_tree(field.label)  # not in a yes/no fact's row
        self.profile_link.value = ""
        self.sync()

    def sync(self) -> None:
        """Show the draft's fact values in every field (the state ignores values it holds)."""
        draft = self.state.draft
        if draft is None:
            return
        for fid, field in self.fields.items():
            field.show(draft.facts.get(fid))
        self.show_marks()

    def show_marks(self, change: Any = None) -> None:
        """Show which facts are still carried over or samples."""
        marks = self.state.fact_marks
        for fid, field in self.fields.items():
            field.show_mark(marks.get(fid))

    def set_fact(self, field: _FactField, value: Any) -> None:
        """Send a widget's `value` to the state; show a type error next to the field."""
        if self.state.draft is None:
            return
        typing = field.spec.type in ("text", "list", "number")
        try:
            self.state.set_fact(field.spec.id, value, typing=typing)
        except FactError as exc:
            # The field keeps what the writer typed; the draft shows the slot until it is valid.
            expected = field.spec.expected_form  # the form, the bounds included
            field.invalid = True
            text = (f"过长，上限 {MAX_FACT_CHARS} 字" if exc.expected == "length"
                    else f"格式不对，应为{expected}")
            field.say_error(f'<span class="wb-error-text">{escape(text)}</span>')
        else:
            field.invalid = False
            field.say_error("")
        field.update_label()

    def _on_fill(self, _button: Any = None) -> None:
        if self.state.draft is None:
            return
        added = self.state.fill_examples()
        self.sync()
        self.state.notify(f"已为 {added} 项要素填入示例，请逐项改成本地实际", "ok")

    def _on_save_profile(self, _button: Any = None) -> None:
        draft = self.state.draft
        if draft is None:
            return
        data = dump_profile(draft.facts, self.state.leaders,
                            self.state.ignored_terms).encode("utf-8")
        name = f"本地要素档案_{draft.facts.get('place') or '未命名'}.yaml"
        self.profile_link.value = download_link(data, name, "application/x-yaml",
                                                f"下载 {name}")
        self.auto.start(data, name, "application/x-yaml")
        self.state.notify("要素档案已生成并开始下载；若浏览器未保存，请点击链接", "ok")

    def load(self, name: str, content: bytes | None, size: int) -> None:
        """Fill the facts from an uploaded profile; facts with the same id fill in."""
        upload = check_upload(name, content, size, MAX_PROFILE_BYTES, (".yaml", ".yml"))
        draft = self.state.draft
        if draft is None:
            return
        values, leaders = read_profile(upload.content, upload.name)
        terms = read_ignored_terms(upload.content, upload.name)
        if leaders:
            self.state.leaders = list(leaders)
        if terms:
            self.state.ignored_terms = list(terms)
        used, unused, bad = self.state.apply_facts(values)
        self.sync()
        message = f"已从“{upload.name}”载入 {len(used)} 项要素"
        if leaders:
            message += f"、{len(leaders)} 位领导"
        if unused:
            message += f"，{unused} 项本模板未用到（已保留）"
        if bad:
            message += f"；{len(bad)} 项类型不符未载入：{'、'.join(bad[:5])}"
        self.state.notify(message, "warning" if bad else "ok")

