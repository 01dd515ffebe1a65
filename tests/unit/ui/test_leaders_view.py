"""LeadersView (领导名录) in 本地要素, and the leaders in the unit profile."""

from __future__ import annotations

import base64
import re

import pytest
import yaml

from workbench.core.leaders import Leader
from workbench.core.profile import dump_profile, parse_profile, read_profile
from workbench.errors import WorkbenchError
from workbench.ui.facts_form import FactsForm
from workbench.ui.leaders import LeadersView


@pytest.fixture
def view(state):
    return LeadersView(state)


def _fill(view: LeadersView, *rows: tuple[str, str]) -> None:
    for name, post in rows:
        row = view.add_row()
        row.name.value = name
        row.post.value = post


def _findings(state, rule: str) -> list:
    return [f for f in state.findings if f.rule == rule]


def test_rows_become_the_state_s_leaders_in_rank_order(view, state):
    _fill(view, ("王建国", "县委书记"), ("李明", "县长"))
    assert state.leaders == [Leader("王建国", "县委书记", 1), Leader("李明", "县长", 2)]
    assert [r.rank.value for r in view.rows] == ['<span class="wb-leader-number">1.</span>',
                                                 '<span class="wb-leader-number">2.</span>']


def test_the_editor_has_its_classes(view):
    _fill(view, ("王建国", "县委书记"))
    assert "wb-leaders" in view.widget._dom_classes
    row = view.rows[0]
    for widget, css in ((row.widget, "wb-leader-row"), (row.name, "wb-leader-name"),
                        (row.post, "wb-leader-post"), (row.up, "wb-leader-up"),
                        (row.down, "wb-leader-down"), (row.remove, "wb-leader-remove"),
                        (view.add, "wb-leader-add")):
        assert css in widget._dom_classes


def test_a_wrong_post_in_the_draft_is_found_once_the_leader_is_listed(view, state):
    state.draft.set_edit("opening.0", "今天召开会议，王建国副县长出席并讲话。")
    state.touch()
    assert _findings(state, "leader-post") == []
    _fill(view, ("王建国", "县长"))
    (finding,) = _findings(state, "leader-post")
    assert "“王建国”的职务是“县长”" in finding.message


def test_moving_a_row_changes_the_rank_and_the_order_check(view, state):
    state.draft.set_edit("opening.0", "今天召开会议，李明、王建国出席。")
    _fill(view, ("王建国", "县委书记"), ("李明", "县长"))
    assert len(_findings(state, "leader-order")) == 1
    view.rows[1].up.click()
    assert [leader.name for leader in state.leaders] == ["李明", "王建国"]
    assert [leader.rank for leader in state.leaders] == [1, 2]
    assert _findings(state, "leader-order") == []
    assert view.rows[0].up.disabled and view.rows[-1].down.disabled


def test_removing_a_row_drops_the_leader(view, state):
    _fill(view, ("王建国", "县委书记"), ("李明", "县长"))
    view.rows[0].remove.click()
    assert [leader.name for leader in state.leaders] == ["李明"]
    assert len(view.rows_box.children) == 1


def test_incomplete_or_duplicate_rows_are_marked_and_left_out(view, state):
    _fill(view, ("王建国", "县委书记"), ("李明", ""), ("王建国", "县长"))
    assert [leader.name for leader in state.leaders] == ["王建国"]
    assert "第 2 位缺少职务" in view.error.value and "重复" in view.error.value


def test_the_profile_saves_and_loads_the_leaders(view, state):
    form = FactsForm(state)
    _fill(view, ("王建国", "县委书记"), ("李明", "县委副书记、县长"))
    form.fields["place"].input.value = "青山县"
    form.save_profile.click()
    match = re.search(r'base64,([^"]+)"', form.profile_link.value)
    data = base64.b64decode(match.group(1))
    assert yaml.safe_load(data)["leaders"][1] == {"name": "李明", "post": "县委副书记、县长", "rank": 2}
    state.leaders = []
    assert view.rows == []
    form.load_profile.send_file("档案.yaml", data)
    assert [leader.name for leader in state.leaders] == ["王建国", "李明"]
    assert [row.name.value for row in view.rows] == ["王建国", "李明"]
    assert "2 位领导" in state.status


def test_the_app_shows_the_editor_in_the_facts_tab(app):
    tab = app.tabs.children[0]
    assert app.leaders.widget in tab.children[0].children


class TestProfileFile:
    def test_an_old_profile_without_leaders_still_loads(self):
        old = "format: speech-workbench-profile\nversion: 1\nfacts:\n  place: 青山县\n".encode()
        assert read_profile(old) == ({"place": "青山县"}, ())
        assert parse_profile(old) == {"place": "青山县"}

    def test_leaders_round_trip(self):
        leaders = (Leader("王建国", "县委书记", 1), Leader("李明", "县长", 2))
        text = dump_profile({"place": "青山县"}, leaders)
        assert read_profile(text.encode()) == ({"place": "青山县"}, leaders)

    def test_a_plain_mapping_may_list_leaders(self):
        data = "place: 青山县\nleaders:\n  - {name: 王建国, post: 县长}\n".encode()
        assert read_profile(data) == ({"place": "青山县"}, (Leader("王建国", "县长", 1),))

    @pytest.mark.parametrize(("leaders", "message"), [
        ("  - {name: 王建国}\n", "档案.yaml:6: 缺少必填字段（字段 leaders[0].post）"),
        ("  - {name: 王, post: 县长}\n", "（字段 leaders[0].name）"),
        ("  - {name: 王建国, post: 县长, rank: 0}\n", "（字段 leaders[0].rank）"),
        ("  - {name: 王建国, post: 县长, title: x}\n", "未知字段“title”"),
        ("  - {name: 王建国, post: 县长}\n  - {name: 王建国, post: 副县长}\n", "档案.yaml:7: 领导“王建国”重复"),
    ])
    def test_bad_leaders_name_file_line_and_field(self, leaders, message):
        text = ("format: speech-workbench-profile\nversion: 1\nfacts:\n  place: 青山县\nleaders:\n"
                + leaders)
        with pytest.raises(WorkbenchError) as info:
            read_profile(text.encode(), "档案.yaml")
        assert message in str(info.value)
