"""TemplatePicker: lists the library and starts a draft of the chosen template."""

from __future__ import annotations

from workbench.errors import TemplateSyntaxError
from workbench.ui.template_picker import TemplatePicker


def test_dropdown_lists_templates_with_slots_as_placeholders(state):
    picker = TemplatePicker(state)
    assert "wb-template" in picker.dropdown._dom_classes
    labels = dict(picker.dropdown.options)
    assert labels["在××测试会议上的讲话"] == "mini"
    assert picker.dropdown.value == "mini"


def test_picking_a_template_starts_a_new_draft(state):
    picker = TemplatePicker(state)
    picker.dropdown.value = "second"
    assert state.draft.template.id == "second"
    assert "第二次会议" in state.html


def test_a_broken_template_leaves_the_draft_and_says_why(state):
    class BrokenLibrary(dict):
        def __getitem__(self, key):
            if key == "second":
                raise TemplateSyntaxError("缺少必填字段", "second.yaml", 3, "parts")
            return super().__getitem__(key)

    state.library = BrokenLibrary(state.library)
    picker = TemplatePicker(state)
    picker.dropdown.value = "second"
    assert state.draft.template.id == "mini"
    assert picker.dropdown.value == "mini"
    assert state.status_kind == "error"
    assert "second.yaml:3" in state.status


def test_templates_added_later_are_listed(state, minimal_template):
    picker = TemplatePicker(state)
    state.library["third"] = minimal_template
    state.templates_changed()
    assert "third" in [v for _, v in picker.dropdown.options]
