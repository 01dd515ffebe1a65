"""Outline (结构): the parts to include, their order and forms; opening, closing, headings."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..core.nodes import Heading
from ..core.numbering import ORDER, format_ordinal
from ..core.patterns import get_pattern
from .state import WorkbenchState
from .widgets import close_tree, shared_layout, shared_style

_SMALL_BUTTON = {"width": "2.4em", "padding": "0"}


class _PartRow:
    """One part of the outline: include checkbox, ordinal, up/down, pattern dropdown."""

    def __init__(self, view: OutlineView, part_id: str) -> None:
        draft = view.state.draft
        assert draft is not None
        section = draft.section(part_id)
        self.part_id = part_id
        # Models that never change are shared by all rows (`shared_layout`).
        self.toggle = w.Checkbox(value=section.include, description=section.title, indent=False,
                                 layout=shared_layout(width="auto", flex="1 1 auto"),
                                 style=shared_style(w.Checkbox))
        self.toggle.add_class("wb-section-toggle")
        self.ordinal = w.HTML(layout=shared_layout(width="2.4em"), style=shared_style(w.HTML))
        self.ordinal.add_class("wb-ordinal")
        self.up = w.Button(description="↑", tooltip="上移", layout=shared_layout(**_SMALL_BUTTON),
                           style=shared_style(w.Button))
        self.down = w.Button(description="↓", tooltip="下移", layout=shared_layout(**_SMALL_BUTTON),
                             style=shared_style(w.Button))
        self.up.add_class("wb-move-up")
        self.down.add_class("wb-move-down")
        self.pattern = w.Dropdown(
            options=[(get_pattern(p).label, p) for p in section.patterns], value=section.pattern,
            tooltip="句式：同样的内容换一种写法", style=shared_style(w.Dropdown),
            # a hand-over has no form to choose
            layout=shared_layout(width="11em", **({} if draft.template.part(part_id).points
                                                  else {"visibility": "hidden"})),
        )
        self.pattern.add_class("wb-pattern")
        guarded = view.state.guarded
        self.toggle.observe(guarded("切换部分", self._on_toggle), names="value")
        self.pattern.observe(guarded("更换句式", self._on_pattern), names="value")
        self.up.on_click(guarded("调整顺序", lambda _b: view.move(part_id, -1)))
        self.down.on_click(guarded("调整顺序", lambda _b: view.move(part_id, 1)))
        self.view = view
        self.widget = w.HBox([self.ordinal, self.toggle, self.up, self.down, self.pattern],
                             layout=shared_layout(align_items="center", width="100%"))
        self.widget.add_class("wb-part")
        self.widget.add_class(f"wb-part-{part_id}")

    def _on_toggle(self, change: dict[str, Any]) -> None:
        self.view.state.set_include(self.part_id, bool(change["new"]))

    def _on_pattern(self, change: dict[str, Any]) -> None:
        state = self.view.state
        try:
            state.set_pattern(self.part_id, change["new"])
        except Exception:
            if state.draft is not None:
                self.pattern.value = state.draft.section(self.part_id).pattern
            raise


class OutlineView:
    """The outline panel: opening/closing/heading-form pickers and the list of parts."""

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        self.choices = w.VBox(layout=shared_layout(width="100%"))
        self.opening = self.closing = self.heading_pattern = w.Dropdown()
        self.parts = w.VBox(layout=shared_layout(width="100%"))
        self.parts.add_class("wb-parts")
        self.rows: dict[str, _PartRow] = {}
        static = {"layout": shared_layout(), "style": shared_style(w.HTML)}
        hint = w.HTML('<div class="wb-hint">勾选要讲的部分，用 ↑↓ 调整顺序；右侧选择每部分的句式。'
                      "序号和“讲几点意见”会自动跟着变。</div>", **static)
        self.widget = w.VBox([
            w.HTML('<div class="wb-section-title">开头、结尾与标题</div>', **static),
            self.choices,
            w.HTML('<div class="wb-section-title">正文各部分</div>', **static), hint, self.parts,
        ], layout=shared_layout(width="100%"))
        self.widget.add_class("wb-outline")
        self.rebuild()
        state.observe(state.guarded("更新结构", self.rebuild), names="draft")
        state.observe(state.guarded("更新序号", self.update_ordinals), names="document")

    def _choice_dropdown(self, label: str, css: str, choices: Any, value: str | None) -> w.Dropdown:
        # Built with its options and value at once, so it reports only the writer's picks.
        dropdown = w.Dropdown(description=label, options=[(c.label, c.id) for c in choices],
                              value=value or None, layout=shared_layout(width="100%"),
                              style=shared_style(w.Dropdown, description_width="4.5em"))
        dropdown.add_class(css)
        attr = {"wb-opening": "opening", "wb-closing": "closing",
                "wb-heading-pattern": "heading_pattern"}[css]
        dropdown.observe(self.state.guarded(f"更换{label}", self._on_choice(attr)), names="value")
        return dropdown

    def _on_choice(self, attr: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if self.state.draft is not None:
                self.state.set_choice(attr, change["new"])

        return handler

    def rebuild(self, change: Any = None) -> None:
        """Rebuild every control from the current draft."""
        draft = self.state.draft
        template = draft.template if draft else None
        old = [*self.choices.children, *(row.widget for row in self.rows.values())]
        self.opening = self._choice_dropdown("开头", "wb-opening",
                                             template.openings if template else (),
                                             draft and draft.opening)
        self.closing = self._choice_dropdown("结尾", "wb-closing",
                                             template.closings if template else (),
                                             draft and draft.closing)
        self.heading_pattern = self._choice_dropdown(
            "标题形式", "wb-heading-pattern", template.heading_patterns if template else (),
            draft and draft.heading_pattern)
        self.choices.children = [self.opening, self.closing, self.heading_pattern]
        self.rows = {s.id: _PartRow(self, s.id) for s in draft.sections} if draft else {}
        self.parts.children = [row.widget for row in self.rows.values()]
        for widget in old:
            close_tree(widget)
        self.update_ordinals()

    def move(self, part_id: str, offset: int) -> None:
        """Move part `part_id` by `offset` places and show the new order."""
        self.state.move_part(part_id, offset)
        draft = self.state.draft
        assert draft is not None
        self.parts.children = [self.rows[s.id].widget for s in draft.sections]
        self.update_ordinals()

    def update_ordinals(self, change: Any = None) -> None:
        """Show each part's level-1 ordinal (一、二、…) as the assembled speech numbers it."""
        draft = self.state.draft
        doc = self.state.document
        if draft is None:
            return
        ordinals = {}
        if doc is not None:
            ordinals = {b.section: b.ordinal for b in doc.blocks
                        if isinstance(b, Heading) and b.level == 1}
            # a chair's script numbers its agenda items (第一项), not headings
            agenda = [b.section for b in doc.blocks if getattr(b, "role", "") == "agenda"]
            ordinals.update({part: f"{format_ordinal(ORDER, n)}项" for n, part in
                             enumerate(agenda, 1)})
        for index, section in enumerate(draft.sections):
            row = self.rows.get(section.id)
            if row is None:
                continue
            ordinal = ordinals.get(section.id)
            row.ordinal.value = (f'<span class="wb-ord">{escape(ordinal)}</span>' if ordinal
                                 else '<span class="wb-ord wb-ord-off" title="不讲这一部分">—</span>')
            row.up.disabled = index == 0
            row.down.disabled = index == len(draft.sections) - 1
