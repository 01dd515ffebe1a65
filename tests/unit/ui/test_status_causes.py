"""Status messages are tied to their cause and go when it goes (`notify(source, holds)`)."""

from __future__ import annotations

from workbench.errors import WorkbenchError
from workbench.ui.export import ExportView
from workbench.ui.facts_form import FactsForm
from workbench.ui.status import StatusView


def test_the_unfilled_warning_of_an_export_goes_when_the_draft_changes(state):
    status = StatusView(state)
    export = ExportView(state)
    export.text.click()
    assert state.status_kind == "warning" and "要素未填写" in state.status
    assert "要素未填写" in status.widget.value
    state.set_fact("place", "青山县")
    assert state.status == "" and status.widget.value == ""


def test_an_export_message_goes_with_any_change_to_the_draft(state):
    state.draft.facts["place"] = "青山县"
    state.touch()
    export = ExportView(state)
    export.text.click()
    assert "已生成" in state.status
    state.set_include("why", False)  # the file no longer matches the speech
    assert state.status == ""
    export.text.click()
    state.set_fact("place", "青山县")  # no change: the file still matches
    assert "已生成" in state.status


def test_a_message_without_a_cause_stays(state):
    state.notify("修改已保存", "ok")
    state.set_fact("place", "青山县")
    assert state.status == "修改已保存"


def test_an_error_goes_when_the_same_action_later_succeeds(state):
    def fails() -> None:
        raise WorkbenchError("文件读不出来")

    state.guarded("载入要素档案", fails)()
    assert state.status_kind == "error" and state.status_source == "载入要素档案"
    with state.guard("更新预览"):  # another action's success leaves it
        pass
    assert state.status_kind == "error"
    with state.guard("载入要素档案"):
        pass
    assert state.status == ""


def test_a_later_message_is_not_cleared_by_an_old_cause(state):
    state.notify("旧的警告", "warning", source="export", holds=lambda: False)
    state.notify("新的提示", "info")
    state.set_fact("place", "青山县")
    assert state.status == "新的提示"


def test_clear_if_matches_source_and_kind(state):
    state.notify("导出失败", "error", source="导出 Word")
    assert not state.clear_if(source="导出 Word", kind="warning")
    assert not state.clear_if(source="填写“地名”")
    assert state.clear_if(source="导出 Word")
    assert state.status == "" and state.status_source == ""


def test_a_field_error_goes_when_the_field_is_filled_right(state):
    form = FactsForm(state)
    state.notify("填写“隐患数”失败：程序出现意外错误", "error", source="填写“隐患数”")
    form.fields["hazards"].input.value = "37"
    assert state.status == ""
