"""Status area (状态栏): the latest message for the writer, errors included, never a traceback."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from .state import WorkbenchState
from .widgets import shared_layout, shared_style

_ICON = {"ok": "✓", "info": "ℹ", "warning": "⚠", "error": "✖"}


class StatusView:
    """One line (`wb-status`) showing `state.status`, styled by `state.status_kind`."""

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        self.widget = w.HTML(layout=shared_layout(flex="1 1 auto", min_width="0"),
                             style=shared_style(w.HTML))
        self.widget.add_class("wb-status")
        self.update()
        state.observe(self.update, names=["status", "status_kind"])

    def update(self, change: Any = None) -> None:
        """Show the current message."""
        message = self.state.status
        if not message:
            self.widget.value = ""
            return
        kind = self.state.status_kind if self.state.status_kind in _ICON else "info"
        self.widget.value = (f'<div class="wb-msg wb-msg-{kind}" role="status">{_ICON[kind]} '
                             f"{escape(message)}</div>")
