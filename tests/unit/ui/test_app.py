"""The app: the DOM contract, isolation between sessions, errors never as tracebacks."""

from __future__ import annotations

import ast
from pathlib import Path

import ipywidgets as w

import workbench.ui
import workbench.ui.app
from tests.unit.ui.dom import find, one
from workbench.ui import WorkbenchApp, WorkbenchState, build_app

CONTRACT = ["wb-app", "wb-template", "wb-fill-examples", "wb-preview", "wb-stats", "wb-problems",
            "wb-export", "wb-download"]


def test_root_carries_the_dom_contract(state, tmp_path):
    root = build_app(state, drafts_dir=tmp_path)
    assert isinstance(root, w.Widget) and "wb-app" in root._dom_classes
    for css in CONTRACT:
        assert find(root, css), css
    for fid in state.draft.facts.specs:
        one(root, f"wb-fact-{fid}")
    assert len(find(root, "wb-section-toggle")) == 3
    assert len(find(root, "wb-pattern")) == 3


def test_contract_follows_a_template_switch(app, state):
    one(app.widget, "wb-template").value = "second"
    one(app.widget, "wb-fact-projects")
    assert len(find(app.widget, "wb-section-toggle")) == 2


def test_the_whole_flow_headless(app, state):
    root = app.widget
    one(root, "wb-fact-place").value = "青山县"
    assert "青山县" in one(root, "wb-preview").value
    find(root, "wb-section-toggle")[0].value = False
    assert "我讲两点意见" in one(root, "wb-preview").value
    find(root, "wb-pattern")[0].value = "numbered"
    one(root, "wb-fill-examples").click()
    assert "2026年1月31日发生的事故" in one(root, "wb-preview").value
    one(root, "wb-export-markdown").click()
    assert "<a " in one(root, "wb-download").value


def test_two_apps_share_no_state(ui_library, tmp_path):
    a = WorkbenchApp(WorkbenchState(ui_library, mode="voila"), drafts_dir=tmp_path)
    b = WorkbenchApp(WorkbenchState(ui_library, mode="voila"), drafts_dir=tmp_path)
    one(a.widget, "wb-fact-place").value = "甲县"
    one(a.widget, "wb-export-text").click()
    assert "甲县" not in one(b.widget, "wb-preview").value
    assert one(b.widget, "wb-download").value == ""
    assert a.state.draft is not b.state.draft


def test_the_app_package_holds_no_mutable_module_state():
    # At module level only constants (UPPER_CASE, never mutated), functions, classes and
    # imports: anything else would be shared by every session of a kernel process.
    folder = Path(workbench.ui.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not any(isinstance(n, ast.Global) for n in ast.walk(tree)), path.name
        for node in tree.body:
            if not isinstance(node, ast.Assign | ast.AnnAssign):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name = target.id if isinstance(target, ast.Name) else "?"
                assert name == "__all__" or name.lstrip("_").isupper() or name in ("log", "F"), \
                    f"{path.name}: module-level {name}"


def test_an_unexpected_error_in_a_callback_is_a_message(app, state, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("internal detail")

    monkeypatch.setattr("workbench.ui.export.render_bytes", broken)  # the export's one call
    one(app.widget, "wb-export-markdown").click()
    status = one(app.widget, "wb-status").value
    assert "导出 Markdown 失败" in status
    assert "internal detail" not in status and "Traceback" not in status


def test_status_messages_are_escaped(app, state):
    state.notify("<b>x</b>", "error")
    assert "<b>x</b>" not in one(app.widget, "wb-status").value


def test_import_tab_drafts_from_an_imported_template(app, state, minimal_template):
    assert "导入范文" in app.tabs.titles
    imported = minimal_template.__class__(**{
        **{f: getattr(minimal_template, f) for f in minimal_template.__dataclass_fields__},
        "id": "imported"})
    app.tabs.selected_index = 4
    app.use_template(imported)
    assert state.draft.template.id == "imported"
    assert "imported" in [v for _, v in app.picker.dropdown.options]
    assert app.tabs.selected_index == 0


def test_import_tab_writes_nothing_on_the_dashboard(ui_library, tmp_path):
    app = WorkbenchApp(WorkbenchState(ui_library, mode="voila"), drafts_dir=tmp_path)
    app.tabs.selected_index = app.tabs.titles.index("导入范文")
    view = app.tabs.children[-1].children[0]
    assert view.save_button.layout.display == "none"
    assert view.template_id.layout.display == "none"  # an id only names a saved file


def test_an_imported_template_is_named_by_its_title_never_its_id(app, state):
    from workbench.core.importer import import_template

    text = ("在白水县2026年经济工作会议上的讲话\n同志们：\n去年人均可支配收入达到16820元。下面，我讲两点意见。\n"
            "一、甲\n（一）乙。丙。\n二、丁\n（一）戊。己。\n同志们，加油！\n谢谢大家！")
    _, _, template = import_template(text)
    assert template.id == "imported-speech"
    app.use_template(template)
    shown = one(app.widget, "wb-status").value + str(app.picker.dropdown.options)
    assert "在××2026年经济工作会议上的讲话" in shown
    assert "imported-speech" not in one(app.widget, "wb-status").value
    assert "imported-speech" not in [label for label, _ in app.picker.dropdown.options]
    # the speech's own figure, not an empty fact
    assert state.draft.facts["figure_1"] == 16820 and "16820元" in state.html


def test_carried_facts_never_overwrite_an_imported_speech_own_values(app, state):
    from workbench.core.importer import import_template

    state.set_fact("place", "青山县")
    text = ("在白水县2026年经济工作会议上的讲话\n同志们：\n去年白水县新建道路45公里。下面，我讲两点意见。\n"
            "一、甲\n（一）乙。丙。\n二、丁\n（一）戊。己。\n同志们，加油！\n谢谢大家！")
    app.use_template(import_template(text)[2])
    assert state.draft.facts["place"] == "白水县"  # the speech's, not the last template's
    assert "place" not in state.fact_marks
    assert "在白水县2026年经济工作会议上的讲话" in state.html


def test_hidden_tabs_are_built_when_first_selected(ui_library, tmp_path):
    app = WorkbenchApp(WorkbenchState(ui_library, template="mini", mode="voila"),
                       drafts_dir=tmp_path)
    root = app.widget
    for css in ("wb-editor", "wb-drafts", "wb-versions-panel", "wb-import-text"):
        assert not find(root, css), css
    assert len(find(root, "wb-section-toggle")) == 3 and len(find(root, "wb-pattern")) == 3
    app.tabs.selected_index = app.tabs.titles.index("逐段修改")
    editor = one(root, "wb-editor")
    assert one(root, "wb-edit-part").options
    app.tabs.selected_index = 0
    app.tabs.selected_index = app.tabs.titles.index("逐段修改")
    assert one(root, "wb-editor") is editor
    one(root, "wb-fact-place").value = "青山县"
    app.tabs.selected_index = app.tabs.titles.index("草稿")
    one(root, "wb-drafts")
    one(root, "wb-version-save").click()
    assert one(root, "wb-versions").options[0][0].startswith("一稿")


def test_drafts_are_built_at_once_where_they_autosave(app):
    one(app.widget, "wb-drafts")
    one(app.widget, "wb-versions-panel")
    assert app.drafts is not None and app.drafts.autosave


def test_an_error_building_a_tab_is_a_message(app, state, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("internal detail")

    monkeypatch.setattr("workbench.ui.editor.EditorView", broken)  # imported when the tab opens
    app.tabs.selected_index = app.tabs.titles.index("逐段修改")
    assert state.status_kind == "error" and "打开“逐段修改”失败" in state.status
    assert "internal detail" not in state.status and "Traceback" not in state.status
    assert not find(app.widget, "wb-editor")
    monkeypatch.undo()
    app.tabs.selected_index = 0
    app.tabs.selected_index = app.tabs.titles.index("逐段修改")
    one(app.widget, "wb-editor")


def test_in_a_kernel_the_forms_join_once_the_preview_is_painted(state, tmp_path):
    import asyncio

    async def build() -> WorkbenchApp:
        return WorkbenchApp(state, drafts_dir=tmp_path)  # inside a running loop, as in a kernel

    app = asyncio.run(build())
    assert not find(app.widget, "wb-template") and not find(app.widget, "wb-tabs")
    assert find(app.widget, "wb-preview")  # the speech is there for the first frame
    page = app.preview.preview
    page._on_message(page, {"t": "sync", "rev": page.revision}, [])
    assert not find(app.widget, "wb-tabs")  # a sync is not a paint
    page._on_message(page, {"t": "painted"}, [])
    assert find(app.widget, "wb-template") and find(app.widget, "wb-tabs")
    left = app._left.children
    page._on_message(page, {"t": "painted"}, [])  # a second view's paint changes nothing
    assert app._left.children == left


def test_a_dashboard_kernel_builds_the_forms_only_once_the_preview_is_painted(ui_library):
    import asyncio

    state = WorkbenchState(ui_library, template="mini", mode="voila")

    async def build() -> WorkbenchApp:
        return WorkbenchApp(state)  # a Voilà kernel: a running loop, the dashboard's mode

    app = asyncio.run(build())
    # The page loads the models of the first frame only: no guard, picker, form, tabs or
    # automatic download yet.
    assert app.picker is None and app.facts is None and app.tabs is None
    assert app.guard is None and app.export.auto is None and app.preview.problems is None
    assert not app._left.children and not find(app.widget, "wb-template")
    page = app.preview.preview
    assert page.shown  # the speech is there for the first frame
    page._on_message(page, {"t": "painted"}, [])
    one(app.widget, "wb-template")
    assert app._left.children[0] is app.guard  # its 恢复 bar above the picker
    assert app.export.auto in app.export.widget.children
    one(app.widget, "wb-problems")  # under the page, with the findings of the speech
    assert "待处理问题" in app.preview.problems.value or "未发现问题" in app.preview.problems.value
    one(app.widget, "wb-fact-place").value = "青山县"
    assert "青山县" in page.value  # the forms built late drive the same state
    tabs = app.tabs
    page._on_message(page, {"t": "painted"}, [])  # a second view's paint builds nothing
    assert app.tabs is tabs
