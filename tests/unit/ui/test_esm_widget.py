"""`EsmWidget` sends what `anywidget.AnyWidget` sends, without the kernel importing anywidget."""

from __future__ import annotations

import subprocess
import sys

import anywidget
from traitlets import Int

from workbench.ui.esm import EsmWidget, frontend_version
from workbench.ui.guard import SessionGuard
from workbench.ui.page import PagePreview
from workbench.ui.textarea import CaretTextarea
from workbench.ui.widgets import AutoDownload, UploadButton


class _Theirs(anywidget.AnyWidget):
    _esm = "export default { render({ el }) { el.textContent = 'x'; } };"
    _css = ".x { color: red; }"
    count = Int(3).tag(sync=True)


class _Ours(EsmWidget):
    _esm = _Theirs._esm
    _css = _Theirs._css
    count = Int(3).tag(sync=True)


def _comparable(state: dict) -> dict:
    # Each widget has its own layout model and its class's own id.
    return {k: v for k, v in state.items() if k not in ("layout", "_anywidget_id")}


def test_state_is_anywidgets():
    theirs, ours = _Theirs(), _Ours()
    assert _comparable(ours.get_state()) == _comparable(theirs.get_state())
    assert set(ours.keys) == set(theirs.keys)
    assert theirs.get_state()["_anywidget_id"].endswith("._Theirs")
    assert ours.get_state()["_anywidget_id"] == f"{__name__}._Ours"
    assert ours._model_module_version == anywidget.widget._ANYWIDGET_SEMVER_VERSION
    assert frontend_version() == anywidget.widget._ANYWIDGET_SEMVER_VERSION


def test_changed_source_is_synced_and_classes_keep_their_own():
    ours = _Ours()
    assert ours._esm == _Theirs._esm and ours._css == _Theirs._css
    ours._esm = "export default {};"
    assert _Ours()._esm == _Theirs._esm  # an instance's change stays its own
    default = type("Bare", (EsmWidget,), {"__module__": __name__})()
    assert "no _esm" in default._esm and default._css == ""
    assert default.get_state()["_anywidget_id"] == f"{__name__}.Bare"


def test_the_apps_widgets_send_their_module_and_stylesheet():
    for cls in (PagePreview, UploadButton, AutoDownload, CaretTextarea):
        state = cls().get_state()
        assert state["_model_name"] == "AnyModel" and state["_view_name"] == "AnyView"
        assert "export default" in state["_esm"]
        assert state["_anywidget_id"] == f"{cls.__module__}.{cls.__name__}"
    assert "wb-offline" in SessionGuard._css.default_value
    assert repr(PagePreview()).startswith("<workbench.ui.page.PagePreview object")


def test_the_app_never_imports_anywidget():
    code = ("import sys, workbench.ui; from workbench.ui import build_app; build_app(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('anywidget', 'psygnal')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
