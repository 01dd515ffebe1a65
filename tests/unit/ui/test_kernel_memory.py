"""What keeps a dashboard kernel small: shared layout models, replaced rows closed, the
tabs' modules loaded when opened, freed memory handed back."""

from __future__ import annotations

import subprocess
import sys

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget import _instances

from workbench.ui.memory import release_memory, release_soon
from workbench.ui.widgets import SharedLayout, close_tree, shared_layout, shared_style


def test_a_shared_layout_is_one_model_that_never_changes():
    one, two = shared_layout(width="100%"), shared_layout(width="100%")
    assert one is two and isinstance(one, SharedLayout) and one.width == "100%"
    assert shared_layout(width="auto") is not one
    with pytest.raises(AttributeError, match="shared layout"):
        one.display = "none"
    assert one.display is None
    assert shared_style(w.HTML) is shared_style(w.HTML)
    assert type(shared_style(w.Button)).__name__ == "ButtonStyle"
    assert shared_style(w.Dropdown, description_width="4em").description_width == "4em"


def test_a_closed_shared_model_is_replaced():
    layout = shared_layout(width="13em")
    layout.close()  # as Widget.close_all() would
    again = shared_layout(width="13em")
    assert again is not layout and again.comm is not None


def test_close_tree_closes_own_models_and_keeps_shared_ones():
    shared = shared_layout(align_items="center")
    label = w.HTML("x")
    row = w.HBox([label, w.Button(layout=shared)], layout=shared)
    own_layout, own_style = label.layout, label.style
    close_tree(row)
    assert row.comm is None and label.comm is None
    assert own_layout.comm is None and own_style.comm is None
    assert shared.comm is not None and shared.model_id in _instances


def _open_models() -> int:
    return len(_instances)


def test_switching_templates_back_and_forth_does_not_pile_up_models(app, state):
    state.choose_template("second")
    state.choose_template("mini")
    before = _open_models()
    for _ in range(3):
        state.choose_template("second")
        state.choose_template("mini")
    assert _open_models() == before
    # the form and the outline still work after their rows were rebuilt
    app.facts.fields["place"].input.value = "青山县"
    assert "青山县" in state.html


def test_a_fact_both_templates_have_keeps_its_field_across_a_switch(app, state):
    # The browser may send a value typed during the switch to the field it showed.
    field = app.facts.fields["place"]
    state.choose_template("second")
    assert app.facts.fields["place"] is field and field.input.comm is not None
    field.input.value = "丙河县"
    state.flush()
    assert state.draft.template.id == "second"
    assert state.draft.facts.get("place") == "丙河县"
    assert "丙河县" in state.html


def test_a_kept_field_takes_the_new_templates_label_and_example():
    from tests.unit.ui.conftest import SECOND_TEMPLATE
    from workbench import parse_template
    from workbench.ui import WorkbenchApp, WorkbenchState

    third = (SECOND_TEMPLATE.replace("id: second", "id: third", 1)
             .replace("label: 是否扩大会议", "label: 是否视频会议")
             .replace("example: 白水县", "example: 青山县"))
    library = {"second": parse_template(SECOND_TEMPLATE, "second.yaml"),
               "third": parse_template(third, "third.yaml")}
    state = WorkbenchState(library, template="second", mode="lab")
    app = WorkbenchApp(state)
    flag, place = app.facts.fields["flag"], app.facts.fields["place"]
    state.choose_template("third")
    assert app.facts.fields["flag"] is flag and flag.input.description == "是否视频会议"
    assert app.facts.fields["place"] is place and place.input.placeholder == "如：青山县"


def test_the_rows_share_their_unchanging_models(app, state):
    rows = list(app.facts.fields.values())
    assert len(rows) >= 2
    assert rows[0].label.layout is rows[1].label.layout
    assert rows[0].widget.layout is rows[1].widget.layout
    # a row's mark and 确认 button are made when it first shows a mark; each button is
    # shown or hidden on its own
    assert all(row.confirm is None for row in rows)
    state.fill_examples()
    assert rows[0].confirm is not None and rows[1].confirm is not None
    assert rows[0].confirm.layout is not rows[1].confirm.layout
    rows[0].show_mark(None)
    assert rows[0].confirm.layout.display == "none" and rows[1].confirm.layout.display == ""
    parts = list(app.outline.rows.values())
    assert parts[0].up.layout is parts[1].down.layout


def test_release_memory_hands_pages_back_on_glibc():
    assert release_memory() is sys.platform.startswith("linux")
    release_soon()  # no running loop: at once, no error


def test_the_dashboard_loads_the_tabs_modules_only_when_opened():
    code = ("import os, sys; os.environ['VOILA_KERNEL_ID'] = 'x'\n"
            "from workbench.ui import build_app\n"
            "app = build_app()\n"
            "lazy = ('workbench.ui.import_view', 'workbench.ui.editor', 'workbench.ui.drafts',\n"
            "        'workbench.ui.revise_view', 'workbench.ui.versions', 'workbench.core.importer',\n"
            "        'workbench.core.revise', 'workbench.readers', 'difflib')\n"
            "print(sorted(m for m in lazy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
