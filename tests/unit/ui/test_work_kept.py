"""The app never loses or hides a writer's work (issue 23, points 1, 3, 4, 5), headless."""

from __future__ import annotations

import asyncio
import json

from tests.unit.ui.dom import one
from workbench import Draft, load_library
from workbench.ui import WorkbenchState
from workbench.ui.guard import SessionGuard


def _edit_opening(state, text="今天开会，专门研究青山县的重点工作。"):
    state.set_edit("opening.0", text)
    assert state.draft.edits


class TestSwitchingTemplates:
    def test_switching_back_restores_edits_order_forms_and_versions(self, state):
        state.set_fact("place", "青山县")
        _edit_opening(state)
        state.move_part("why", 1)
        state.add_version("一稿")
        before = state.draft.dumps()
        state.choose_template("second")
        assert state.draft.template.id == "second"
        state.choose_template("mini")
        assert state.draft.edits and state.draft.versions
        assert [s.id for s in state.draft.sections][:2] == ["what", "why"]
        assert _without_time(state.draft.dumps()) == _without_time(before)
        assert "原有修改和版本都在" in state.status

    def test_the_picker_switch_keeps_the_speech(self, app, state):
        _edit_opening(state)
        one(app.widget, "wb-template").value = "second"
        one(app.widget, "wb-template").value = "mini"
        assert "opening.0" in state.draft.edits

    def test_carried_facts_are_marked_until_the_writer_changes_or_confirms_them(self, app, state):
        state.set_fact("place", "青山县")
        state.choose_template("second")
        assert state.fact_marks == {"place": "carried"}
        row = app.facts.fields["place"].widget
        assert "wb-carried" in row._dom_classes
        app.facts.fields["place"].confirm.click()
        assert state.fact_marks == {}
        assert "wb-carried" not in row._dom_classes


def _without_time(text: str) -> str:
    import json

    data = json.loads(text)
    data.pop("saved_at", None)
    return json.dumps(data, sort_keys=True)


class TestSamples:
    def test_examples_are_marked_and_the_export_warns(self, app, state):
        one(app.widget, "wb-fill-examples").click()
        assert set(state.fact_marks.values()) == {"sample"}
        assert "wb-sample" in app.facts.fields["place"].widget._dom_classes
        one(app.widget, "wb-export").click()
        assert state.status_kind == "warning" and "示例值" in state.status
        assert "wb-export-warning" in one(app.widget, "wb-download").value
        assert any(f.rule == "sample-fact" for f in state.findings)

    def test_typing_a_value_takes_the_mark_away(self, app, state):
        state.fill_examples()
        app.facts.fields["place"].input.value = "白水县"
        state.flush()
        assert "place" not in state.fact_marks

    def test_examples_replace_values_carried_from_another_template(self, state):
        state.set_fact("place", "云岭县")
        state.choose_template("second")
        state.fill_examples()
        assert state.draft.facts["place"] == "白水县"
        assert state.fact_marks["place"] == "sample"


class TestHiddenEditsAndUndo:
    def test_an_edit_the_form_cannot_show_is_listed_and_undo_brings_it_back(self, state):
        state.set_fact("place", "青山县")
        block = next(b for b in state.document.blocks if b.id == "why.a")
        state.set_edit(block.id, "压紧压实责任链条。这是写稿人改过的话。")
        part = state.draft.section("why")
        before = part.pattern
        other = next(p for p in part.patterns if p != before and _hides(state, block.id, p))
        state.set_pattern("why", other)
        hidden = [f for f in state.findings if f.rule == "hidden-edit"]
        assert hidden and hidden[0].paragraph == block.id
        assert state.undo() == "更换句式"
        assert state.draft.section("why").pattern == before
        assert not any(f.rule == "hidden-edit" for f in state.findings)
        assert "写稿人改过" in state.html

    def test_restoring_the_generated_text_can_be_undone(self, state):
        _edit_opening(state)
        state.set_edit("opening.0", None)
        assert not state.draft.edits
        assert state.undo_label == "恢复生成文本"
        state.undo()
        assert "opening.0" in state.draft.edits

    def test_typing_into_one_field_is_one_step(self, state):
        for value in ("青", "青山", "青山县"):
            state.set_fact("place", value)
        state.undo()
        assert state.draft.facts.get("place") is None

    def test_the_undo_button_follows_the_state(self, app, state):
        button = one(app.widget, "wb-undo")
        assert button.disabled
        _edit_opening(state)
        assert not button.disabled and "修改段落" in button.description
        button.click()
        assert not state.draft.edits and button.disabled


def _hides(state, pid, pattern):
    draft = Draft.from_json(state.draft.to_json(), state.library)
    draft.section("why").pattern = pattern
    return pid not in {b.id for b in draft.document().blocks}


class TestStaleFacts:
    def test_a_stale_place_in_a_fact_and_an_edit_is_a_finding(self):
        library = load_library()
        state = WorkbenchState(library, template="work-safety-plenary", mode="voila")
        state.fill_examples()
        state.set_fact("place", "青山县")
        speaker = next(s.id for s in state.draft.template.facts if "speaker" in s.id)
        state.set_fact(speaker, "云岭县委副书记、县长 王建国")
        state.set_edit("opening.0", "今天召开云岭县安全生产委员会全体会议。")
        stale = [f for f in state.findings if f.rule == "stale-fact" and "云岭县" in f.message]
        assert {f.paragraph for f in stale} >= {"speaker", "opening.0"}


class TestGuard:
    def test_the_browser_gets_the_draft_after_every_change(self, state):
        guard = SessionGuard(state)
        assert guard.draft_json == ""          # a fresh page never overwrites the copy on offer
        _edit_opening(state)
        assert "opening.0" in guard.draft_json and guard.template_id == "mini"

    def test_typing_renews_the_copy_at_most_once_a_window_and_keeps_the_last_key(self, ui_library):
        async def typing():
            state = WorkbenchState(ui_library, template="mini", mode="voila", debounce=0.01)
            guard = SessionGuard(state)
            guard._typing_copy.wait = guard._typing_copy.min_window = 0.2
            for value in ["青", "青山", "青山县"]:
                state.set_fact("place", value, typing=True)
                await asyncio.sleep(0.03)           # each key refreshed the page
            at_once = (guard.copies, json.loads(guard.draft_json)["facts"].get("place"))
            await asyncio.sleep(0.3)
            return at_once, guard.copies, json.loads(guard.draft_json)["facts"]["place"], state.revision

        (first_copies, first_place), copies, place, revisions = asyncio.run(typing())
        assert revisions == 3 and first_copies == 1 and first_place == "青"
        assert copies == 2 and place == "青山县"      # the window's end carries the last key

    def test_a_change_that_is_not_typing_is_copied_at_once(self, ui_library):
        async def scenario():
            state = WorkbenchState(ui_library, template="mini", mode="voila", debounce=0.01)
            guard = SessionGuard(state)
            state.set_fact("place", "青", typing=True)
            await asyncio.sleep(0.03)
            state.set_fact("place", "青山", typing=True)
            await asyncio.sleep(0.03)
            _edit_opening(state)                     # inside the typing window
            return guard.copies, guard.draft_json

        copies, saved = asyncio.run(scenario())
        assert copies == 2 and "opening.0" in saved and "青山" in saved

    def test_a_restore_opens_the_browser_s_copy(self, state, ui_library):
        guard = SessionGuard(state)
        _edit_opening(state)
        saved = guard.draft_json
        fresh = WorkbenchState(ui_library, template="mini", mode="voila")
        SessionGuard(fresh).restore(saved)
        assert "opening.0" in fresh.draft.edits
        assert "已恢复本浏览器保存的草稿" in fresh.status

    def test_a_damaged_copy_is_a_message(self, state):
        guard = SessionGuard(state)
        guard._on_message(guard, {"event": "restore", "json": "{broken"}, [])
        assert state.status_kind == "error" and "Traceback" not in state.status

    def test_the_app_carries_the_guard(self, app):
        assert isinstance(app.guard, SessionGuard)
        assert app._left.children[0] is app.guard  # on the page, above the picker
