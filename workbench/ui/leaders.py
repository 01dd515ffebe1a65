"""The leaders editor (领导名录): the unit's leaders, posts and rank order, in 本地要素.

The list is the state's `leaders`, which the leader checks (leader-post, leader-order)
read on every refresh and the unit profile saves and loads with the facts.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..core.leaders import MAX_LEADERS, Leader, normalize_name, renumber
from .state import WorkbenchState
from .widgets import close_tree, shared_layout, shared_style

_NAME_HINT = "姓名"
_POST_HINT = "职务，如：县委副书记、县长"


class _Row:
    """One leader: rank, name, post, and buttons to move or remove the row."""

    def __init__(self, view: LeadersView, name: str = "", post: str = "") -> None:
        self.view = view
        # Models that never change are shared by all rows (`shared_layout`).
        self.rank = w.HTML(layout=shared_layout(width="2.2em"), style=shared_style(w.HTML))
        self.rank.add_class("wb-leader-rank")
        self.name = w.Text(value=name, placeholder=_NAME_HINT, continuous_update=False,
                           layout=shared_layout(width="7em"), style=shared_style(w.Text))
        self.name.add_class("wb-leader-name")
        self.post = w.Text(value=post, placeholder=_POST_HINT, continuous_update=False,
                           layout=shared_layout(flex="1 1 auto", width="auto"),
                           style=shared_style(w.Text))
        self.post.add_class("wb-leader-post")
        self.up = self._button("↑", "上移（排序靠前）", "wb-leader-up", -1)
        self.down = self._button("↓", "下移（排序靠后）", "wb-leader-down", 1)
        self.remove = w.Button(description="✕", tooltip="删除", layout=shared_layout(width="2.4em"),
                               style=shared_style(w.Button))
        self.remove.add_class("wb-leader-remove")
        self.remove.on_click(view.state.guarded("删除领导", lambda _b: view.remove(self)))
        self.widget = w.HBox([self.rank, self.name, self.post, self.up, self.down, self.remove],
                             layout=shared_layout(width="100%", align_items="center"))
        self.widget.add_class("wb-leader-row")
        for field in (self.name, self.post):
            field.observe(view.state.guarded("填写领导名录", view.changed), names="value")

    def _button(self, label: str, tooltip: str, css: str, offset: int) -> w.Button:
        button = w.Button(description=label, tooltip=tooltip, layout=shared_layout(width="2.4em"),
                          style=shared_style(w.Button))
        button.add_class(css)
        button.on_click(self.view.state.guarded("调整排序", lambda _b: self.view.move(self, offset)))
        return button


class LeadersView:
    """The editor of the unit's leaders: a row per leader in rank order, 添加领导."""

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        self.rows: list[_Row] = []
        self.add = w.Button(description="添加领导", tooltip="在名录末尾添加一位领导")
        self.add.add_class("wb-leader-add")
        self.add.on_click(state.guarded("添加领导", lambda _b: self.add_row()))
        self.rows_box = w.VBox(layout=shared_layout(width="100%"))
        self.rows_box.add_class("wb-leader-rows")
        self.error = w.HTML(layout=shared_layout(), style=shared_style(w.HTML))
        self.error.add_class("wb-leader-error")
        self.widget = w.VBox([
            w.HTML('<div class="wb-section-title">领导名录</div>'
                   '<div class="wb-hint">按排序先后列出本单位领导的姓名和职务（兼任的用“、”隔开）。'
                   "检查会核对讲稿中领导的职务和排名顺序，名录随要素档案一起保存。</div>"),
            self.rows_box, self.error, self.add,
        ], layout=shared_layout(width="100%"))
        self.widget.add_class("wb-leaders")
        self.show(state.leaders)
        state.observe(state.guarded("更新领导名录", self._on_leaders), names="leaders")

    # -- showing the state ----------------------------------------------------------------

    def _on_leaders(self, change: dict[str, Any]) -> None:
        # The rows already show a list this view wrote; one from elsewhere (a profile
        # loaded) replaces them.
        if list(change["new"]) != self.read()[0]:
            self.show(change["new"])

    def show(self, leaders: Any) -> None:
        """Show `leaders` (in rank order) as rows; rows are built with their values, so
        nothing is written back."""
        ordered = sorted(leaders, key=lambda leader: leader.rank)
        old, self.rows = self.rows, [_Row(self, leader.name, leader.post) for leader in ordered]
        self._layout()
        for row in old:
            close_tree(row.widget)
        self.error.value = ""

    def _layout(self) -> None:
        for number, row in enumerate(self.rows, 1):
            row.rank.value = f'<span class="wb-leader-number">{number}.</span>'
            row.up.disabled = number == 1
            row.down.disabled = number == len(self.rows)
        self.rows_box.children = [row.widget for row in self.rows]
        self.add.disabled = len(self.rows) >= MAX_LEADERS

    # -- editing --------------------------------------------------------------------------

    def add_row(self, name: str = "", post: str = "") -> _Row:
        """Append a row (empty by default) and return it."""
        row = _Row(self, name, post)
        self.rows.append(row)
        self._layout()
        if name and post:
            self.changed()
        return row

    def remove(self, row: _Row) -> None:
        """Remove `row` from the list."""
        self.rows.remove(row)
        self._layout()
        close_tree(row.widget)
        self.changed()

    def move(self, row: _Row, offset: int) -> None:
        """Move `row` up (-1) or down (1) in the rank order."""
        index = self.rows.index(row)
        target = max(0, min(len(self.rows) - 1, index + offset))
        self.rows.insert(target, self.rows.pop(index))
        self._layout()
        self.changed()

    def changed(self, change: Any = None) -> None:
        """Write the complete rows into the state (which re-checks the draft); mark the
        incomplete ones."""
        leaders, problems = self.read()
        self.error.value = (f'<span class="wb-error-text">{escape("；".join(problems))}'
                            "（这几行暂不参与检查）</span>") if problems else ""
        self.state.set_leaders(leaders)

    def read(self) -> tuple[list[Leader], list[str]]:
        """Return the leaders the complete rows give, ranked by row, and what is wrong with
        the others."""
        leaders: list[Leader] = []
        problems = []
        seen: set[str] = set()
        for number, row in enumerate(self.rows, 1):
            name, post = normalize_name(row.name.value), "".join(row.post.value.split())
            if not name and not post:
                continue
            if not name or not post:
                problems.append(f"第 {number} 位缺少{'姓名' if not name else '职务'}")
                continue
            if not 2 <= len(name) <= 21 or name in seen:
                problems.append(f"第 {number} 位姓名“{name}”{'重复' if name in seen else '应为 2 至 6 个汉字'}")
                continue
            seen.add(name)
            leaders.append(Leader(name, post[:60], number))
        return list(renumber(leaders)), problems
