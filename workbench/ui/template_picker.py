"""Template picker (选择模板): the library's templates grouped by occasion type, with search.

A category dropdown (`wb-template-category`) and a search box (`wb-template-search`) narrow
the template dropdown (`wb-template`), whose options stay the templates' titles, ordered by
category (党建, 经济, … as `CATEGORIES` lists them, then the uncategorised).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from ..core.nodes import SLOT_TEXT
from ..core.templates import CATEGORIES, SpeechTemplate
from .fields import TypingText
from .state import WorkbenchState
from .widgets import shared_layout, shared_style

#: The category option that lists every template.
ALL = ""
#: The group of templates without a known category.
OTHER = "其他"


def shown_title(template: SpeechTemplate) -> str:
    """Return the title writers see for `template` (facts as ××), never its id."""
    return SLOT_TEXT.sub("××", template.display_title)


@dataclass(frozen=True, slots=True)
class Entry:
    """A template as the picker lists it: id, shown title, category and occasion."""

    id: str
    title: str
    category: str
    occasion: str

    def matches(self, query: str) -> bool:
        """True when every word of `query` (split at spaces) is in the title, occasion,
        category or id."""
        where = f"{self.title} {self.occasion} {self.category} {self.id}".lower()
        return all(word in where for word in query.lower().split())


def catalogue(state: WorkbenchState) -> list[Entry]:
    """Return the library's templates grouped by category, in `CATEGORIES` order, the
    uncategorised last; within a group, in library order. An office library's own
    templates come first."""
    titles = state.template_titles()
    index = getattr(state.library, "catalogue", None)
    info: dict[str, tuple[str, str]] = {}
    if callable(index):
        info = {key: (cat, occ) for key, (_title, cat, occ) in index().items()}
    entries = []
    for key, title in titles.items():
        if key in info:
            category, occasion = info[key]
        else:
            try:
                template = state.library[key]
            except Exception:  # a broken template is listed; picking it says why
                template = None
            category = getattr(template, "category", "")
            occasion = getattr(template, "occasion", "")
        entries.append(Entry(key, title, category if category in CATEGORIES else OTHER, occasion))
    order = {c: n for n, c in enumerate((*CATEGORIES, OTHER))}
    is_office = getattr(state.library, "is_office", None)

    def key(entry: Entry) -> tuple[bool, int]:
        # an office library's own templates lead the list, grouped among themselves
        office = bool(is_office(entry.id)) if callable(is_office) else False
        return (not office, order[entry.category])

    return sorted(entries, key=key)


def filter_entries(entries: list[Entry], category: str = ALL, query: str = "") -> list[Entry]:
    """Return the entries of `category` (ALL: every one) that match `query`."""
    return [e for e in entries
            if (category == ALL or e.category == category) and e.matches(query)]


class TemplatePicker:
    """Category and search (`wb-template-category`, `wb-template-search`) over a
    dropdown (`wb-template`) that starts a new draft of the chosen template."""

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        self.category = w.Dropdown(description="类别", options=[("全部类别", ALL)], value=ALL,
                                   layout=w.Layout(width="13em"),
                                   style={"description_width": "3em"})
        self.category.add_class("wb-template-category")
        self.search = TypingText(placeholder="搜索模板：如 防汛、座谈、致辞", continuous_update=True,
                             layout=w.Layout(flex="1 1 auto", width="auto"))
        self.search.add_class("wb-template-search")
        self.found = w.HTML(layout=shared_layout(width="auto"), style=shared_style(w.HTML))
        self.found.add_class("wb-template-found")
        self.dropdown = w.Dropdown(description="模板", layout=w.Layout(width="100%"),
                                   style={"description_width": "3em"})
        self.dropdown.add_class("wb-template")
        self.dropdown.observe(self._on_pick, names="value")
        self._on_filter = state.guarded("筛选模板", self._sync)
        self.category.observe(self._on_filter, names="value")
        self.search.observe(self._on_filter, names="value")
        self._sync()
        state.observe(state.guarded("更新模板列表", self._sync), names=["draft", "library_revision"])
        finder = w.HBox([self.category, self.search, self.found],
                        layout=shared_layout(width="100%", align_items="center"))
        finder.add_class("wb-template-finder")
        self.widget = w.VBox([finder, self.dropdown], layout=shared_layout(width="100%"))
        self.widget.add_class("wb-template-picker")

    def _sync(self, change: Any = None) -> None:
        entries = catalogue(self.state)
        counts: dict[str, int] = {}
        for entry in entries:
            counts[entry.category] = counts.get(entry.category, 0) + 1
        categories = [(f"全部类别（{len(entries)}）", ALL)]
        categories += [(f"{c}（{counts[c]}）", c) for c in (*CATEGORIES, OTHER) if c in counts]
        if list(self.category.options) != categories:
            chosen = self.category.value if self.category.value in dict(
                (v, k) for k, v in categories) else ALL
            # showing the counts is not the writer's choice of a category
            self.category.unobserve(self._on_filter, names="value")
            try:
                self.category.options = categories
                self.category.value = chosen
            finally:
                self.category.observe(self._on_filter, names="value")
        shown = filter_entries(entries, self.category.value, self.search.value)
        current = self.state.draft.template.id if self.state.draft is not None else None
        options = [(e.title, e.id) for e in shown]
        if current is not None and current not in [e.id for e in shown]:
            # the template in use stays listed, so the dropdown shows what is being written
            for entry in entries:
                if entry.id == current:
                    options.insert(0, (entry.title, entry.id))
        filtering = self.category.value != ALL or self.search.value.strip()
        self.found.value = (f'<span class="wb-hint">找到 {len(shown)} 个</span>' if filtering and shown
                            else '<span class="wb-hint">没有符合的模板</span>' if filtering else "")
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
