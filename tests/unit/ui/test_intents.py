"""The state is the only writer of the draft: each intent assembles once; no-ops do nothing."""

from __future__ import annotations

import pytest

from tests.unit.ui.dom import one
from workbench import FactError, PatternError
from workbench.ui import WorkbenchApp


@pytest.fixture
def app(state, tmp_path):
    app = WorkbenchApp(state, drafts_dir=tmp_path / "drafts")
    for index in range(len(app.tabs.children)):   # every tab built, the editor's included
        app.tabs.selected_index = index
    state.touch()
    return app


def _counted(state, action):
    before = state.assemblies
    action()
    return state.assemblies - before


def test_each_intent_assembles_the_draft_exactly_once(app, state):
    part = state.draft.sections[0].id
    other = next(p for p in state.draft.sections[0].patterns if p != state.draft.sections[0].pattern)
    assert _counted(state, lambda: state.set_fact("place", "青山县")) == 1
    assert _counted(state, lambda: state.set_pattern(part, other)) == 1
    assert _counted(state, lambda: state.set_include(part, False)) == 1
    assert _counted(state, lambda: state.set_include(part, True)) == 1
    assert _counted(state, lambda: state.move_part(part, 1)) == 1
    assert _counted(state, lambda: state.set_edit("opening.0", "今天开会，青山县的工作很重要。")) == 1
    assert _counted(state, lambda: state.set_edit("opening.0", None)) == 1


def test_intents_that_change_nothing_do_not_assemble(app, state):
    state.set_fact("place", "青山县")
    part = state.draft.sections[0].id
    assert _counted(state, lambda: state.set_fact("place", "青山县")) == 0
    assert _counted(state, lambda: state.set_pattern(part, state.draft.section(part).pattern)) == 0
    assert _counted(state, lambda: state.set_include(part, True)) == 0
    assert _counted(state, lambda: state.move_part(state.draft.sections[0].id, -1)) == 0
    shown = next(b for b in state.document.blocks if b.id == "opening.0")
    from workbench.core.nodes import editable_text

    assert _counted(state, lambda: state.set_edit("opening.0", editable_text(shown))) == 0
    assert "opening.0" not in state.draft.edits


def test_a_typed_fact_in_the_form_assembles_once_with_every_tab_open(app, state):
    field = app.facts.fields["place"]
    before = state.assemblies
    field.input.value = "白水县"
    state.flush()
    assert state.assemblies - before == 1
    assert "白水县" in state.html


def test_export_reads_the_tree_the_state_holds(app, state):
    state.fill_examples()
    before = state.assemblies
    one(app.widget, "wb-export").click()
    one(app.widget, "wb-export-markdown").click()
    assert state.assemblies == before


def test_a_wrong_type_clears_the_fact_and_raises(state):
    spec = next(s for s in state.draft.template.facts if s.type == "number")
    state.set_fact(spec.id, 12)
    with pytest.raises(FactError):
        state.set_fact(spec.id, "abc")
    assert state.draft.facts.get(spec.id) is None


def test_a_form_the_part_cannot_take_is_refused(state):
    with pytest.raises(PatternError):
        state.set_pattern(state.draft.sections[0].id, "no-such-form")


def test_views_hold_no_syncing_flags(app):
    from pathlib import Path

    import workbench.ui as ui

    for path in Path(ui.__file__).parent.glob("*.py"):
        assert "syncing" not in path.read_text(encoding="utf-8"), path.name

