"""本单位要素档案: the office library's unit profiles, loaded into the facts with one click."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..errors import WorkbenchError
from ..store.office import MAX_PROFILE_BYTES, OfficeLibrary
from .state import WorkbenchState


class OfficeProfilesView:
    """A dropdown of the office's unit profiles (`wb-office-profiles`) and 载入.

    `load(name, content, size)` fills the facts, as an uploaded profile does
    (`FactsForm.load`), so both routes check and report alike.
    """

    def __init__(self, state: WorkbenchState, library: OfficeLibrary,
                 load: Callable[[str, bytes | None, int], None]) -> None:
        self.state = state
        self.library = library
        self._load = load
        self.dropdown = w.Dropdown(description="本单位档案", layout=w.Layout(flex="1 1 auto", width="auto"),
                                   style={"description_width": "6em"})
        self.dropdown.add_class("wb-office-profiles")
        self.button = w.Button(description="载入", tooltip="把本单位库中的要素档案填入本稿",
                               layout=w.Layout(width="5em", flex="0 0 auto"))
        self.button.add_class("wb-office-profile-load")
        self.button.on_click(state.guarded("载入本单位档案", self._on_load))
        self.widget = w.HBox([self.dropdown, self.button], layout=w.Layout(width="100%"))
        self.widget.add_class("wb-office")
        self.refresh()

    def refresh(self) -> None:
        """List the office's profiles; the row hides when there are none."""
        profiles = self.library.profiles()
        self.dropdown.options = [(p.stem, str(p)) for p in profiles]
        if profiles and self.dropdown.value is None:
            self.dropdown.index = 0
        self.widget.layout.display = None if profiles else "none"

    def _on_load(self, _button: Any = None) -> None:
        if not self.dropdown.value:
            return
        path = Path(self.dropdown.value)
        try:
            size = path.stat().st_size
            content = path.read_bytes() if size <= MAX_PROFILE_BYTES else None
        except OSError as exc:
            raise WorkbenchError(f"无法读取本单位档案“{path.stem}”（{exc.strerror or exc}）") from None
        self._load(path.name, content, size)
