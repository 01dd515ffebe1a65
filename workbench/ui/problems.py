"""Handling a finding the writer judges wrong (处理误报): 忽略此处, 不再提示此词, 恢复.

Under the problems list: one row per finding with its two actions, and the findings
already ignored with 恢复. 忽略此处 is kept in the draft (per paragraph and rule, saved
and undone like any change); 不再提示此词 in the unit's `ignored_terms`, saved with the
unit profile (保存要素档案). The rows only call the state's intents.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..core.checks import RULES, Finding
from .state import WorkbenchState
from .widgets import close_tree, shared_layout, shared_style

#: Most rows shown (a draft with hundreds of findings must not build hundreds of widgets).
MAX_ROWS = 40

_SEVERITY_ICON = {"error": "✖", "warning": "⚠", "info": "ℹ"}


class ProblemActions:
    """The rows of actions (`wb-problem-actions`): a toggle shows them under the list."""

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        #: Rows by the finding they act on (rule, paragraph, term), with their label;
        #: reused across refreshes, the label rewritten when the message changes, and built
        #: only while the rows are shown: a keystroke opens no widget.
        self._rows: dict[tuple[str, ...], tuple[w.HBox, w.HTML]] = {}
        self._ignored_key: tuple[Any, ...] | None = None
        self.toggle = w.ToggleButton(value=False, description="处理误报",
                                     tooltip="对判断有误的问题：忽略此处，或不再提示此词",
                                     layout=shared_layout(), style=shared_style(w.ToggleButton))
        self.toggle.add_class("wb-problem-actions-toggle")
        #: The rows and the ignored ones (`wb-problem-rows`, `wb-ignored-rows`), in a box
        #: built when the writer first opens them (`_open`): none at load.
        self.rows: w.VBox | None = None
        self.ignored: w.VBox | None = None
        self.body: w.VBox | None = None
        self.widget = w.VBox([self.toggle], layout=w.Layout(width="100%"))
        self.widget.add_class("wb-problem-actions")
        self.toggle.observe(state.guarded("处理误报", self._on_toggle), names="value")
        state.observe(state.guarded("处理误报", self.update), names="checked")
        self.update()

    def _on_toggle(self, change: Any = None) -> None:
        if self.toggle.value and self.body is None:
            self._open()
        if self.body is not None:
            self.body.layout.display = None if self.toggle.value else "none"
        self.update()

    def _open(self) -> None:
        self.rows = w.VBox(layout=shared_layout())
        self.rows.add_class("wb-problem-rows")
        self.ignored = w.VBox(layout=shared_layout())
        self.ignored.add_class("wb-ignored-rows")
        self.body = w.VBox([self.rows, self.ignored], layout=w.Layout())
        self.widget.children = (self.toggle, self.body)

    def update(self, change: Any = None) -> None:
        """Bring the rows up to the state's findings and what it ignores."""
        state = self.state
        wanted: dict[tuple[str, ...], Finding] = {}
        seen: set[tuple[str, str, str]] = set()
        for finding in state.findings:
            key = (finding.rule, finding.paragraph, finding.term)
            if finding.rule not in RULES or not finding.paragraph or key in seen:
                continue
            seen.add(key)
            if len(wanted) < MAX_ROWS:
                wanted[key] = finding
        if self.toggle.value and self.rows is not None:
            self._show_rows(self.rows, wanted)
        draft = state.draft
        ignored_key = (tuple(draft.ignored if draft is not None else ()),
                       tuple(state.ignored_terms),
                       tuple((f.rule, f.paragraph, f.message) for f in state.ignored_findings))
        if self.ignored is not None and ignored_key != self._ignored_key:
            self._ignored_key = ignored_key
            for row in self.ignored.children:
                close_tree(row)
            self.ignored.children = tuple(self._ignored_rows())
        shown = len(seen) + any(ignored_key)
        self.toggle.description = f"处理误报（{len(seen)}）" if seen else "处理误报"
        self.widget.layout.display = None if shown else "none"

    def _show_rows(self, box: w.VBox, wanted: dict[tuple[str, ...], Finding]) -> None:
        rows: dict[tuple[str, ...], tuple[w.HBox, w.HTML]] = {}
        for key, finding in wanted.items():
            kept = self._rows.get(key)
            if kept is None:
                rows[key] = self._row(finding)
            else:
                kept[1].value = _label_html(finding)
                rows[key] = kept
        for key, (row, _label) in self._rows.items():
            if key not in rows:
                close_tree(row)
        if list(rows) != list(self._rows):
            box.children = tuple(row for row, _label in rows.values())
        self._rows = rows

    def _row(self, finding: Finding) -> tuple[w.HBox, w.HTML]:
        label = w.HTML(_label_html(finding), layout=shared_layout(flex="1 1 auto", width="auto"),
                       style=shared_style(w.HTML))
        here = self._button("忽略此处", "本稿此段不再报告这一问题（可恢复）", "wb-ignore-here",
                            "忽略此处", self.state.ignore_here, finding.rule, finding.paragraph)
        children: list[w.Widget] = [label, here]
        if finding.term:
            children.append(self._button(
                "不再提示此词", f"本单位各稿不再就“{finding.term}”报告这一问题（保存要素档案后生效于其他讲稿；可恢复）",
                "wb-ignore-term", "不再提示此词", self._ignore_term, finding.rule, finding.term))
        row = w.HBox(children, layout=shared_layout(width="100%", align_items="center"))
        row.add_class("wb-problem-row")
        return row, label

    def _ignore_term(self, rule: str, term: str) -> None:
        self.state.ignore_term(rule, term)
        self.state.notify(f"已不再提示“{term}”；点“保存要素档案”后，本单位其他讲稿载入档案也不再提示", "ok")

    def _ignored_rows(self) -> list[w.Widget]:
        state = self.state
        draft = state.draft
        messages = {(f.rule, f.paragraph): f.message for f in state.ignored_findings}
        rows: list[w.Widget] = []
        if state.ignored_findings or (draft is not None and draft.ignored) or state.ignored_terms:
            title = w.HTML('<div class="wb-ignored-title">已忽略</div>')
            rows.append(title)
        for rule, paragraph in (draft.ignored if draft is not None else [])[:MAX_ROWS]:
            what = messages.get((rule, paragraph)) or f"{_rule_name(rule)}（段落 {paragraph}）"
            rows.append(self._ignored_row(f"此处：{what}", "wb-restore-here", state.restore_here,
                                          rule, paragraph))
        for rule, term in state.ignored_terms[:MAX_ROWS]:
            rows.append(self._ignored_row(f"不再提示“{term}”（{_rule_name(rule)}）", "wb-restore-term",
                                          state.restore_term, rule, term))
        return rows

    def _ignored_row(self, text: str, css: str, intent: Any, *args: str) -> w.HBox:
        label = w.HTML(f'<span class="wb-ignored">{escape(text)}</span>',
                       layout=shared_layout(flex="1 1 auto", width="auto"),
                       style=shared_style(w.HTML))
        button = self._button("恢复", "重新报告这一问题", css, "恢复提示", intent, *args)
        row = w.HBox([label, button], layout=shared_layout(width="100%", align_items="center"))
        row.add_class("wb-ignored-row")
        return row

    def _button(self, text: str, tooltip: str, css: str, action: str, intent: Any,
                *args: str) -> w.Button:
        button = w.Button(description=text, tooltip=tooltip, layout=shared_layout(width="auto"),
                          style=shared_style(w.Button))
        button.add_class(css)
        button.on_click(self.state.guarded(action, lambda _b: intent(*args)))
        return button


def _label_html(finding: Finding) -> str:
    icon = _SEVERITY_ICON.get(finding.severity, "•")
    return (f'<span class="wb-problem-label wb-{escape(finding.severity)}">{icon} '
            f"{escape(finding.message)}</span>")


def _rule_name(rule: str) -> str:
    return RULES[rule][0] if rule in RULES else rule
