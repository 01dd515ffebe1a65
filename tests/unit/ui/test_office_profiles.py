"""The office library in the app: its templates marked 本单位, its profiles one click away."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL_TEMPLATE
from tests.unit.ui.dom import find
from workbench.store import office
from workbench.store.office import OFFICE_MARK, OfficeLibrary
from workbench.ui import WorkbenchApp


@pytest.fixture
def office_root(tmp_path, monkeypatch):
    root = tmp_path / "library"
    source = tmp_path / "weekly.yaml"
    source.write_text(MINIMAL_TEMPLATE.replace("id: mini", "id: office-weekly", 1), encoding="utf-8")
    office.publish(source, root)
    profile = tmp_path / "青山县.yaml"
    profile.write_text("format: speech-workbench-profile\nversion: 1\nfacts:\n  place: 青山县\n",
                       encoding="utf-8")
    office.publish(profile, root)
    monkeypatch.setenv(office.LIBRARY_ENV, str(root))
    return root


def test_the_picker_lists_the_office_templates_first(office_root):
    app = WorkbenchApp()
    assert isinstance(app.state.library, OfficeLibrary)
    label, value = app.picker.dropdown.options[0]
    assert value == "office-weekly" and label.startswith(OFFICE_MARK)


def test_an_office_profile_fills_the_facts(office_root):
    app = WorkbenchApp()
    app.state.choose_template("office-weekly")
    [row] = find(app.widget, "wb-office")
    assert app.office_profiles is not None and row is app.office_profiles.widget
    assert app.office_profiles.dropdown.value.endswith("青山县.yaml")
    app.office_profiles.button.click()
    assert app.state.draft.facts["place"] == "青山县"
    assert "已从“青山县.yaml”载入 1 项要素" in app.state.status


def test_without_an_office_library_nothing_changes(monkeypatch):
    monkeypatch.delenv(office.LIBRARY_ENV, raising=False)
    app = WorkbenchApp()
    assert not isinstance(app.state.library, OfficeLibrary)
    assert app.office_profiles is None and not find(app.widget, "wb-office")
