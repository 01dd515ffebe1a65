"""Preview (预览): the speech laid out like the printed page, its length and its problems."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

import ipywidgets as w

from ..core.text import SPEAKING_RATE_CPM
from .page import PagePreview, PageStats
from .problems import ProblemActions
from .state import WorkbenchState
from .widgets import shared_layout, shared_style

_SEVERITY_ICON = {"error": "✖", "warning": "⚠", "info": "ℹ"}

#: Scroll the preview to the finding's paragraph and flash it.
_JUMP = ("var p=document.querySelector('.wb-preview [data-pid=&quot;'+CSS.escape(this.dataset.pid)"
         "+'&quot;]');if(p){p.scrollIntoView({block:'center'});p.classList.add('wb-flash');"
         "setTimeout(function(){p.classList.remove('wb-flash')},1500)}")


class PreviewView:
    """The page preview (`wb-preview`), the stats line (`wb-stats`) and problems (`wb-problems`).

    The preview is a `PagePreview`: each change sends only the paragraphs that changed,
    replaced in place, so the page neither flickers nor loses its scroll position. The
    page and its stats line (`PageStats`, carried by the same patch) go out as soon as the
    state has them; the problems follow when the checks are done. With `checks_later`,
    the problems list and its actions join the pane when `prepare_checks()` is called (a
    dashboard's first frame draws the page without them).
    """

    def __init__(self, state: WorkbenchState, *, checks_later: bool = False) -> None:
        self.state = state
        self.preview = PagePreview(layout=shared_layout(height="72vh", overflow="auto", width="100%"))
        self.preview.add_class("wb-preview")
        self.stats = PageStats(layout=shared_layout(), style=shared_style(w.HTML))
        self.stats.add_class("wb-stats")
        #: The problems list (`wb-problems`) and its actions, built by `prepare_checks()`.
        self.problems: w.HTML | None = None
        self.actions: ProblemActions | None = None
        self.widget = w.VBox([self.preview, self.stats], layout=shared_layout(width="100%"))
        self.widget.add_class("wb-preview-pane")
        #: Paragraph ids the problems list names, and whether the page hid any of them.
        self._listed: set[str] = set()
        self._hidden = False
        #: The blocks list and count the page was last given (one refresh notifies both).
        self._shown_from: tuple[Any, int] = (None, -1)
        self.update_page()
        state.observe(state.guarded("更新预览", self.update_page), names=["blocks", "chars"])
        state.observe(state.guarded("更新预览", self.show_checks), names="findings")
        state.observe(state.guarded("更新预览", self.update_checks), names="checked")
        if not checks_later:
            self.prepare_checks()

    def prepare_checks(self) -> None:
        """Build the problems list and its actions under the page (once) and show them."""
        if self.problems is not None:
            return
        self.problems = w.HTML(layout=shared_layout(), style=shared_style(w.HTML))
        self.problems.add_class("wb-problems")
        self.actions = ProblemActions(self.state)
        self.widget.children = (*self.widget.children, self.problems, self.actions.widget)
        self.update_checks()

    def update(self, change: Any = None) -> None:
        """Show the state's preview, stats and findings."""
        self.update_page()
        self.update_checks()

    def update_page(self, change: Any = None) -> None:
        """Show the state's page and stats line (only what changed travels).

        The browser hides the findings listed on a paragraph the patch replaced; only
        then is a `checked()` owed to it when the checks are done."""
        blocks, chars = self.state.blocks, self.state.chars
        if blocks is self._shown_from[0] and chars == self._shown_from[1]:
            return  # the second notification of one refresh (blocks, then chars)
        self._shown_from = (blocks, chars)
        stats = self.stats_html()
        self.stats.keep(stats)
        touched = self.preview.show(blocks, stats)
        if touched and self._listed.intersection(key.split("~")[0] for key in touched):
            self._hidden = True

    def show_checks(self, change: Any = None) -> None:
        """Show the state's findings (once the list is built)."""
        if self.problems is None:
            return
        self.problems.value = self.problems_html()
        self._listed = {f.paragraph for f in self.state.findings if f.paragraph}

    def update_checks(self, change: Any = None) -> None:
        """Show the findings, now current with the page, and tell the page
        when it hid some of them (a message only when there is something to unhide)."""
        self.show_checks()
        if self._hidden:
            self._hidden = False
            self.preview.checked()

    def stats_html(self) -> str:
        """Return the stats line: characters, speaking time at the stated rate, target."""
        state = self.state
        if state.draft is None:
            return ""
        target = state.draft.template.target_chars
        return (f'<span class="wb-stat"><b>{state.chars:,}</b> 字</span>'
                f'<span class="wb-stat">预计时长约 <b>{state.minutes:.1f}</b> 分钟'
                f"（按每分钟 {SPEAKING_RATE_CPM} 字计）</span>"
                f'<span class="wb-stat wb-stat-target">目标约 {target:,} 字</span>')

    def problems_html(self) -> str:
        """Return the findings as a list; repeated messages are shown once with a count."""
        findings = self.state.findings
        if not findings:
            return '<div class="wb-problems-ok">✓ 未发现问题</div>'
        counts = Counter((f.severity, f.message) for f in findings)
        first = {}
        for f in findings:
            first.setdefault((f.severity, f.message), f.paragraph)
        items = []
        for (severity, message), n in counts.items():
            icon = _SEVERITY_ICON.get(severity, "•")
            times = f'<span class="wb-times">×{n}</span>' if n > 1 else ""
            pid = first[(severity, message)]
            # A click shows the paragraph the finding is about (inline: the HTML widget
            # runs no scripts, but keeps event attributes).
            jump = (f' data-pid="{escape(pid)}" title="点击在预览中查看" onclick="{_JUMP}"'
                    if pid else "")
            items.append(f'<li class="wb-finding wb-{escape(severity)}"{jump}>{icon} '
                         f"{escape(message)}{times}</li>")
        return (f'<div class="wb-problems-title">待处理问题（{len(findings)}）</div>'
                f'<ul class="wb-findings">{"".join(items)}</ul>')
