"""WorkbenchState: preview, findings, template switches, error messages, debouncing."""

from __future__ import annotations

import asyncio
import time

import pytest

from workbench.errors import PatternError
from workbench.ui.debounce import Debouncer
from workbench.ui.state import UNEXPECTED, WorkbenchState, detect_mode


def test_new_state_opens_the_first_template_and_renders_it(ui_library):
    state = WorkbenchState(ui_library, mode="lab")
    assert state.draft.template.id == "mini"
    assert "wb-page" in state.html
    assert state.chars > 0


def test_a_new_state_opens_on_a_speech_not_a_script_or_an_address():
    from workbench.core.loader import load_library
    from workbench.ui.state import first_speech

    library = load_library()
    first = next(iter(library))
    assert library[first].genre != "speech"  # chair-script sorts first
    state = WorkbenchState(library, mode="lab")
    assert state.draft.template.genre == "speech"
    assert state.draft.template.id == first_speech(library) == "commitment-statement"
    # a library of no speech opens its first template
    assert first_speech({"chair-script": library["chair-script"]}) == "chair-script"
    assert first_speech({}) is None


def test_touch_rebuilds_preview_and_bumps_revision(state):
    state.draft.facts["place"] = "青山县"
    before = state.revision
    state.touch()
    assert "青山县" in state.html
    assert state.revision == before + 1


def test_unfilled_slot_is_a_finding(state):
    assert any(f.rule == "unfilled-slot" for f in state.findings)
    state.draft.facts["place"] = "青山县"
    state.touch()
    assert not any(f.rule == "unfilled-slot" and "地名" in f.message for f in state.findings)


def test_choose_template_keeps_facts_with_the_same_id(state):
    state.draft.facts["place"] = "青山县"
    state.draft.facts["hazards"] = 37
    state.choose_template("second")
    assert state.draft.template.id == "second"
    assert state.draft.facts["place"] == "青山县"
    assert "青山县" in state.html


def test_guard_shows_workbench_errors_in_chinese(state):
    with state.guard("更换句式"):
        raise PatternError("第“思想认识”部分不能使用句式“x”")
    assert state.status_kind == "error"
    assert state.status.startswith("更换句式失败：")


def test_guard_hides_unexpected_errors_and_logs_them(state, caplog):
    with state.guard("导出"):
        raise ZeroDivisionError("secret internals")
    assert state.status == f"导出失败：{UNEXPECTED}"
    assert "secret" not in state.status and "Traceback" not in state.status
    assert any(r.exc_info for r in caplog.records)


def test_guarded_callback_returns_none_after_an_error(state):
    def boom(_):
        raise RuntimeError("x")

    assert state.guarded("点击", boom)(None) is None
    assert state.status_kind == "error"


def test_detect_mode_reads_voila_environment():
    assert detect_mode({}) == "lab"
    assert detect_mode({"VOILA_KERNEL_ID": "abc"}) == "voila"
    assert detect_mode({"VOILA_APP": "1"}) == "voila"


def test_states_share_nothing(ui_library):
    a = WorkbenchState(ui_library, template="mini", mode="voila")
    b = WorkbenchState(ui_library, template="mini", mode="voila")
    a.draft.facts["place"] = "甲县"
    a.touch()
    assert a.draft is not b.draft
    assert "甲县" not in b.html


def test_debouncer_runs_at_once_without_an_event_loop():
    calls = []
    Debouncer(lambda: calls.append(1), 0.2).call()
    assert calls == [1]


def test_first_keystroke_shows_at_once_and_the_last_after_the_window():
    calls = []
    values = iter(range(100))

    async def typing():
        debouncer = Debouncer(lambda: calls.append(next(values)), 0.2)
        debouncer.call()
        assert calls == [0]                       # the first key: no waiting
        for _ in range(4):
            debouncer.call()                      # keys inside the window coalesce
        assert calls == [0]
        assert debouncer.is_pending
        await asyncio.sleep(0.1)
        assert calls == [0, 1]                    # one trailing run shows the last value
        assert not debouncer.is_pending

    asyncio.run(typing())


def test_window_follows_the_cost_of_a_run():
    async def scenario():
        debouncer = Debouncer(lambda: time.sleep(0.03), 0.5)
        debouncer.call()
        window = debouncer.window
        debouncer.cancel()
        return window

    assert 0.08 <= asyncio.run(scenario()) <= 0.2


def test_touch_while_typing_updates_preview_at_once_then_after_the_window(ui_library):
    async def scenario():
        state = WorkbenchState(ui_library, template="mini", mode="lab", debounce=0.05)
        state.draft.facts["place"] = "青山县"
        state.touch(debounce=True)
        first = "青山县" in state.html
        state.draft.facts["place"] = "绿水县"
        state.touch(debounce=True)
        second = "绿水县" in state.html
        await asyncio.sleep(0.1)
        return first, second, state

    first, second, state = asyncio.run(scenario())
    assert first and not second
    assert "绿水县" in state.html


@pytest.mark.parametrize("flush", [True, False])
def test_flush_applies_a_waiting_change(ui_library, flush):
    async def scenario():
        state = WorkbenchState(ui_library, template="mini", mode="lab", debounce=10)
        state.draft.facts["place"] = "青山县"
        state.touch(debounce=True)                # shown at once, opens the window
        state.draft.facts["place"] = "绿水县"
        state.touch(debounce=True)                # waits for the window
        if flush:
            state.flush()
        return "绿水县" in state.html

    assert asyncio.run(scenario()) is flush


def test_checks_follow_typing_at_most_once_a_window_and_end_current(ui_library):
    async def scenario():
        state = WorkbenchState(ui_library, template="mini", mode="voila", debounce=0.01)
        state._checks_later.wait = state._checks_later.min_window = 0.2
        checked, revision = state.checked, state.revision
        for value in ["青", "青山", "青山县", "青山县县"]:
            state.set_fact("place", value, typing=True)
            await asyncio.sleep(0.03)
        during = state.checked - checked
        await asyncio.sleep(0.3)
        return state, during, state.checked - checked, state.revision - revision

    state, during, after, revisions = asyncio.run(scenario())
    assert revisions == 4 and during == 1 and after == 2   # the first key's, then the window's end
    fresh = WorkbenchState(ui_library, template="mini", mode="voila")
    fresh.set_fact("place", "青山县县")
    assert [f.message for f in state.findings] == [f.message for f in fresh.findings]
    assert "青山县县" in state.html


def test_flush_runs_checks_still_waiting_for_the_window(ui_library):
    async def scenario():
        state = WorkbenchState(ui_library, template="mini", mode="voila", debounce=0.01)
        state._checks_later.wait = state._checks_later.min_window = 5
        state.set_fact("place", "青", typing=True)
        await asyncio.sleep(0.03)
        state.set_fact("place", "青山", typing=True)
        await asyncio.sleep(0.03)
        checked = state.checked
        state.flush()
        return state.checked - checked

    assert asyncio.run(scenario()) == 1


def test_a_deferred_first_run_waits_for_the_loop_then_opens_the_window():
    calls = []

    async def typing():
        debouncer = Debouncer(lambda: calls.append(len(calls)), 0.2, min_window=0.05,
                              defer_first=True)
        debouncer.call()
        assert calls == [] and debouncer.is_pending  # the keystroke's handler goes on first
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert calls == [0]                          # then at once, on the loop
        debouncer.call()
        debouncer.call()
        assert calls == [0]                          # inside the window: coalesced
        await asyncio.sleep(0.1)
        assert calls == [0, 1]
        debouncer.call()
        debouncer.flush()                            # flush() runs a waiting call now
        assert calls == [0, 1, 2]
        debouncer.cancel()

    asyncio.run(typing())


def test_a_quiet_debouncer_runs_on_a_pause_or_once_a_wait_while_calls_go_on():
    runs: list[float] = []

    async def typing():
        start = time.monotonic()
        debouncer = Debouncer(lambda: runs.append(time.monotonic() - start), 0.3,
                              min_window=0.08, defer_first=True, quiet=0.08)
        for _ in range(15):                          # 0.45 s of keys 30 ms apart: no pause
            debouncer.call()
            last = time.monotonic() - start
            await asyncio.sleep(0.03)
        continuous = list(runs)
        await asyncio.sleep(0.2)                     # the pause brings the last run
        after_pause = list(runs)
        debouncer.call()                             # a lone key: its own quiet window
        await asyncio.sleep(0.04)
        assert len(runs) == 3
        await asyncio.sleep(0.1)
        debouncer.cancel()
        return continuous, after_pause, list(runs), last

    continuous, after_pause, lone, last = asyncio.run(typing())
    assert continuous[0] < 0.02                      # the first key's, at once
    assert len(continuous) == 2                      # then once a wait (0.3 s), not per key
    assert continuous[1] - continuous[0] >= 0.28
    assert len(after_pause) == 3
    assert 0.07 < after_pause[-1] - last < 0.15      # a quiet window after the last key
    assert len(lone) == len(after_pause) + 1
