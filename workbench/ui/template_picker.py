"""Template picker (选择模板): a dropdown of the library's templates."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..core.nodes import SLOT_TEXT
from ..core.templates import SpeechTemplate
from .state import WorkbenchState


def shown_title(template: SpeechTemplate) -> str:
    """Return the title writers see for `template` (facts as ××), never its id."""
    return SLOT_TEXT.sub("××", template.display_title)


class TemplatePicker:
    """A dropdown (`wb-template`) that starts a new draft of the chosen template."""

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        self.dropdown = w.Dropdown(description="模板", layout=w.Layout(width="100%"),
                                   style={"description_width": "3em"})
        self.dropdown.add_class("wb-template")
        self.dropdown.observe(self._on_pick, names="value")
        self._sync()
        state.observe(state.guarded("更新模板列表", self._sync), names=["draft", "library_revision"])
        self.widget = self.dropdown

    def _sync(self, change: Any = None) -> None:
        options = [(title, key) for key, title in self.state.template_titles().items()]
        current = self.state.draft.template.id if self.state.draft is not None else None
        # New options make a dropdown select its first one: not the writer's pick, so the
        # picker stops listening while it shows the state.
        self.dropdown.unobserve(self._on_pick, names="value")
        try:
            with self.dropdown.hold_sync():
                if list(self.dropdown.options) != options:
                    self.dropdown.options = options
                if current is not None and current in dict((v, k) for k, v in options):
                    self.dropdown.value = current
        finally:
            self.dropdown.observe(self._on_pick, names="value")

    def _on_pick(self, change: dict[str, Any]) -> None:
        if change["new"] is None:
            return
        with self.state.guard("切换模板"):
            self.state.choose_template(change["new"])
        # After a failure the dropdown must show the template still in use again.
        with self.state.guard("更新模板列表"):
            self._sync()
